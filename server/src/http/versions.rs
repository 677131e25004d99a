//! Versions over HTTP (see [`crate::lifecycle::versions`]):
//! - `GET /api/postmortems/{id}/versions`: the versions, oldest first;
//! - `POST /api/postmortems/{id}/versions` with `{"name": "..."}` (editors): saves the
//!   postmortem as it stands now;
//! - `GET /api/postmortems/{id}/versions/{n}`: version `n`: its description, metadata, Markdown,
//!   rendered blocks and comment threads (`n` may be `published`: the latest published version);
//! - `GET /api/postmortems/{id}/versions/{n}/diff?to=m` (`m` a number or `current`): the changes
//!   from `n` to `m`, block by block, with the words that changed;
//! - `POST /api/postmortems/{id}/versions/{n}/restore` (editors): writes version `n`'s body and
//!   metadata as a new change on top of the document, after saving what it held as a version.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use yrs::updates::decoder::Decode;
use yrs::{Any, Array, Doc, Map, Out, ReadTxn, Transact, Update};

use super::{blocking, ApiError, AppState};
use crate::auth::Caller;
use crate::blocks::outline::{outline, EntryKind};
use crate::doc_name::DocName;
use crate::lifecycle::versions::{self, VersionInfo, VersionState, MAX_NAME};
use crate::lifecycle::Stage;
use crate::postmortem::{self, Postmortem};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    name: String,
    /// Who saves it, for callers the server cannot name.
    by: Option<String>,
}

#[derive(Deserialize)]
pub struct DiffQuery {
    to: String,
}

/// The name a published version gets, and how `published` finds the latest one.
pub const PUBLISHED: &str = "Published";

/// `GET /api/postmortems/{id}/versions`
pub async fn list(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
) -> Result<Json<Vec<VersionInfo>>, ApiError> {
    caller.can_read(&id)?;
    let versions = state.versions.clone();
    Ok(Json(blocking(move || versions.list(&id)).await?))
}

/// `POST /api/postmortems/{id}/versions`
pub async fn save(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    body: Result<Json<SaveRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<VersionInfo>), ApiError> {
    let Json(request) =
        body.map_err(|e| ApiError::new(e.status(), "bad_request", e.body_text()))?;
    caller.can_edit(&id)?;
    let name = request.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("a version needs a name of 1 to {MAX_NAME} characters"),
        ));
    }
    let by = by_whom(&caller, request.by);
    let info = take_version(&state, &id, name, &by, None).await?;
    Ok((StatusCode::CREATED, Json(info)))
}

/// `GET /api/postmortems/{id}/versions/{n}`
pub async fn read(
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
    State(state): State<Arc<AppState>>,
) -> Result<Json<Value>, ApiError> {
    caller.can_read(&id)?;
    let (info, stored) = version(&state, &id, &n).await?;
    let postmortem = decoded(Update::decode_v2(&stored.body))?;
    Ok(Json(json!({
        "version": info,
        "title": postmortem.meta.title,
        "incidentDate": postmortem.meta.incident_date,
        "severity": postmortem.meta.severity,
        "status": postmortem.meta.status,
        "markdown": postmortem::export(&postmortem),
        "blocks": rendered(&postmortem),
        "threads": threads(&stored.comments)?,
    })))
}

/// `GET /api/postmortems/{id}/versions/{n}/diff?to=m`
pub async fn diff(
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
    Query(query): Query<DiffQuery>,
    State(state): State<Arc<AppState>>,
) -> Result<Json<Value>, ApiError> {
    caller.can_read(&id)?;
    let (from, stored) = version(&state, &id, &n).await?;
    let old = rendered(&decoded(Update::decode_v2(&stored.body))?);
    let (to, new) = if query.to == "current" {
        let body = state.rooms.encode_state(&DocName::parse(&id)?).await?;
        (
            Value::from("current"),
            rendered(&decoded(Update::decode_v1(&body))?),
        )
    } else {
        let (to, stored) = version(&state, &id, &query.to).await?;
        (
            json!(to.number),
            rendered(&decoded(Update::decode_v2(&stored.body))?),
        )
    };
    Ok(Json(json!({
        "from": from.number,
        "to": to,
        "blocks": versions::diff(&old, &new),
    })))
}

/// `POST /api/postmortems/{id}/versions/{n}/restore`
pub async fn restore(
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
    State(state): State<Arc<AppState>>,
) -> Result<Json<Value>, ApiError> {
    caller.can_edit(&id)?;
    let (info, stored) = version(&state, &id, &n).await?;
    let restored = decoded(Update::decode_v2(&stored.body))?;
    let by = by_whom(&caller, None);
    // Nothing is lost: what the document holds now becomes a version first.
    let before = take_version(
        &state,
        &id,
        &format!("Before restoring version {}", info.number),
        &by,
        None,
    )
    .await?;
    state
        .rooms
        .edit(&DocName::parse(&id)?, move |txn| restored.restore_into(txn))
        .await?;
    tracing::info!(postmortem = %id, version = info.number, "version restored");
    Ok(Json(json!({ "restored": info.number, "saved": before })))
}

/// Postmortem `id` as version `n` (a number, or `published`) holds it.
pub async fn postmortem_at(
    state: &Arc<AppState>,
    id: &str,
    n: &str,
) -> Result<Postmortem, ApiError> {
    let (_, stored) = version(state, id, n).await?;
    decoded(Update::decode_v2(&stored.body))
}

/// Saves postmortem `id` as it stands now (body, metadata, comments) as a version; with
/// `stage`, as it stands once its status shows that stage (a review step saves its version
/// before the document shows the stage).
pub async fn take_version(
    state: &Arc<AppState>,
    id: &str,
    name: &str,
    by: &str,
    stage: Option<Stage>,
) -> Result<VersionInfo, ApiError> {
    let body = state.rooms.encode_state(&DocName::parse(id)?).await?;
    let comments = state
        .rooms
        .encode_state(&DocName::parse(&format!("{id}.comments"))?)
        .await?;
    let (versions, id, name, by) = (
        state.versions.clone(),
        id.to_owned(),
        name.to_owned(),
        by.to_owned(),
    );
    blocking(move || {
        let internal = |e: yrs::encoding::read::Error| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("a room's state does not re-encode: {e}"),
            )
        };
        let state = VersionState {
            body: versions::compact(&body, stage).map_err(internal)?,
            comments: versions::compact(&comments, None).map_err(internal)?,
        };
        Ok::<_, ApiError>(versions.save(&id, &name, &by, state)?)
    })
    .await
}

/// Version `n` (a number, or `published`) of postmortem `id`, or 404.
async fn version(
    state: &Arc<AppState>,
    id: &str,
    n: &str,
) -> Result<(VersionInfo, VersionState), ApiError> {
    let versions = state.versions.clone();
    let (id, n) = (id.to_owned(), n.to_owned());
    blocking(move || {
        let number = match n.as_str() {
            "published" => versions
                .list(&id)?
                .into_iter()
                .rev()
                .find(|v| v.name == PUBLISHED)
                .map(|v| v.number),
            n => n.parse().ok(),
        };
        let found = match number {
            Some(number) => versions.get(&id, number)?,
            None => None,
        };
        found.ok_or_else(|| ApiError::not_found(format!("no version {n} of {id}")))
    })
    .await
}

/// Who saves a version: a member by their sign-in, others by the name they give.
fn by_whom(caller: &Caller, given: Option<String>) -> String {
    match caller {
        Caller::Member { name, .. } => name.clone(),
        _ => given
            .map(|b| b.trim().chars().take(MAX_NAME).collect::<String>())
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| caller.actor().name),
    }
}

fn decoded(update: Result<Update, yrs::encoding::read::Error>) -> Result<Postmortem, ApiError> {
    update.and_then(Postmortem::from_update).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("a stored version does not decode: {e}"),
        )
    })
}

/// The postmortem's blocks as rendered text, headings marked with their level (`## Summary`).
fn rendered(postmortem: &Postmortem) -> Vec<String> {
    outline(&postmortem.body)
        .into_iter()
        .map(|entry| match entry.kind {
            EntryKind::Heading { level } => {
                format!("{} {}", "#".repeat(level as usize), entry.text)
            }
            _ => entry.text,
        })
        .collect()
}

/// The comment threads of a comments room's state: what each quotes, whether it is resolved,
/// and its comments (author name and text).
fn threads(state: &[u8]) -> Result<Vec<Value>, ApiError> {
    let doc = Doc::new();
    if let Ok(update) = Update::decode_v2(state) {
        let _ = doc.transact_mut().apply_update(update);
    }
    let txn = doc.transact();
    let Some(threads) = txn.get_map("threads") else {
        return Ok(Vec::new());
    };
    let text = |value: Option<Out>| match value {
        Some(Out::Any(Any::String(s))) => s.to_string(),
        _ => String::new(),
    };
    let author = |value: Option<Out>| match value {
        Some(Out::Any(Any::Map(m))) => match m.get("name") {
            Some(Any::String(s)) => s.to_string(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    let mut out = Vec::new();
    for (id, thread) in threads.iter(&txn) {
        let Out::YMap(thread) = thread else { continue };
        let comments: Vec<Value> = match thread.get(&txn, "comments") {
            Some(Out::YArray(comments)) => comments
                .iter(&txn)
                .filter_map(|c| match c {
                    Out::YMap(c) => Some(json!({
                        "author": author(c.get(&txn, "author")),
                        "body": text(c.get(&txn, "body")),
                    })),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        out.push(json!({
            "id": id,
            "quote": text(thread.get(&txn, "quote")),
            "resolved": matches!(thread.get(&txn, "resolved"), Some(Out::Any(Any::Bool(true)))),
            "comments": comments,
        }));
    }
    Ok(out)
}
