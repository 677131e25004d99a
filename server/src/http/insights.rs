//! `POST /api/postmortems/{id}/annotations/{annotation}/dismiss`: dismiss a blame annotation,
//! with who and why. The dismissal is written into `P.insights` by an edit inside that room
//! (durable, then broadcast) and stays there through restarts and re-checks. A new dismissal
//! is recorded in the postmortem's audit trail.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiError, AppState};
use crate::audit::Event;
use crate::auth::Caller;
use crate::clock::now_rfc3339;
use crate::doc_name::DocName;
use crate::insights::{insights_room, record_dismissal, Dismissal};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DismissRequest {
    by: Option<String>,
    reason: Option<String>,
}

pub async fn dismiss(
    caller: Caller,
    Path((id, annotation)): Path<(String, String)>,
    State(state): State<Arc<AppState>>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    caller.can_review(&id)?;
    let room = DocName::parse(&insights_room(&id))?;
    // The body is optional: an empty one dismisses without a name or reason.
    let request: DismissRequest = if body.iter().all(u8::is_ascii_whitespace) {
        DismissRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_json", e.to_string()))?
    };
    let at = now_rfc3339();
    // A signed-in member dismisses under their own name, whatever the body says.
    let by = match &caller {
        Caller::Member { name, .. } => name.clone(),
        _ => request
            .by
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or("someone")
            .to_owned(),
    };
    let reason = request.reason.as_deref().unwrap_or("").trim().to_owned();
    if by.len() > 200 || reason.len() > 2000 {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "name or reason too long",
        ));
    }
    let key = annotation.clone();
    let newly = state
        .rooms
        .edit(&room, move |txn| {
            let dismissal = Dismissal {
                by: &by,
                reason: &reason,
                at: &at,
            };
            record_dismissal(txn, &key, &dismissal)
        })
        .await?
        .map_err(|e| ApiError::not_found(e.to_string()))?;
    if newly {
        state.audit.record(
            &id,
            caller.actor(),
            Event::AnnotationDismissed {
                annotation: annotation.clone(),
            },
        );
    }
    Ok(Json(json!({ "dismissed": annotation, "new": newly })))
}
