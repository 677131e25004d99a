//! The documents API: list documents, download a document's full state (for backups), and apply
//! an update from a server-side tool.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde::Serialize;
use time::OffsetDateTime;

use super::blocking;
use super::{ApiError, AppState};
use crate::auth::Caller;
use crate::clock::rfc3339;
use crate::doc_name::DocName;

#[derive(Serialize)]
pub struct DocSummary {
    name: String,
    /// Bytes stored (snapshot plus log).
    size: u64,
    /// Last change, RFC 3339.
    updated: String,
    /// Whether the document is loaded in memory right now.
    loaded: bool,
}

/// `GET /api/docs`
pub async fn list(
    caller: Caller,
    State(state): State<Arc<AppState>>,
) -> Result<Json<Vec<DocSummary>>, ApiError> {
    caller.require_admin()?;
    let store = state.store.clone();
    let docs = blocking(move || store.list()).await?;
    let summaries = docs
        .into_iter()
        .map(|d| {
            let loaded = DocName::parse(&d.name).is_ok_and(|n| state.rooms.is_loaded(&n));
            DocSummary {
                updated: rfc3339(OffsetDateTime::from(d.updated)),
                name: d.name,
                size: d.size,
                loaded,
            }
        })
        .collect();
    Ok(Json(summaries))
}

/// `GET /api/docs/{doc}/update`: the full state as one Yjs v1 update.
pub async fn get_update(
    caller: Caller,
    Path(doc): Path<String>,
    State(state): State<Arc<AppState>>,
) -> Result<impl IntoResponse, ApiError> {
    caller.require_admin()?;
    let name = DocName::parse(&doc)?;
    // Every applied change is in the store, so a document that has none does not exist yet.
    let store = state.store.clone();
    let probe = name.clone();
    if !blocking(move || store.contains(&probe)).await? {
        return Err(ApiError::not_found(format!("no document named {name}")));
    }
    let update = state.rooms.encode_state(&name).await?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], update))
}

/// `POST /api/docs/{doc}/update`: applies a Yjs v1 update and broadcasts it to connected peers.
/// Answers once the change is durable.
pub async fn post_update(
    caller: Caller,
    Path(doc): Path<String>,
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    caller.require_admin()?;
    let name = DocName::parse(&doc)?;
    let body = body.map_err(|e| ApiError::new(e.status(), "bad_body", e.body_text()))?;
    let changed = state.rooms.apply_update(&name, body).await?;
    Ok(Json(serde_json::json!({ "changed": changed })))
}
