//! The action-item tracker over HTTP:
//! - `GET /api/action-items?status=&owner=&postmortem=&overdue=true` (JSON, or CSV with
//!   `Accept: text/csv`);
//! - `GET /api/action-items/events`: server-sent events, `changed` with the postmortem's id (or
//!   `*` for "several") whenever items changed, so a list stays live (a share link hears only of
//!   its own postmortem);
//! - `GET /api/postmortems/{id}/action-items`;
//! - `PATCH /api/action-items/{id}` with `{"status": "open" | "done" | "not_doing"}` and/or
//!   `{"ticket": "OPS-123"}` (the ticket an automation opened for it): the server edits the
//!   document itself (ticks the checkbox or rewrites the table's status cell; writes the ticket
//!   into its cell or as ` (OPS-123)` after the item's text), in an edit inside the postmortem's
//!   room, so the text and the tracker never disagree.
//!
//! Tracker reads and writes are sled calls: they run on the blocking pool.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::{stream, Stream};
use serde::Deserialize;
use time::OffsetDateTime;
use tokio::sync::broadcast::error::RecvError;

use super::blocking;
use super::{ApiError, AppState};
use crate::auth::Caller;
use crate::doc_name::DocName;
use crate::hooks::actions::is_ticket;
use crate::hooks::actions::Status;
use crate::tracker::edit::{set_status, set_ticket, EditError};
use crate::tracker::{Filter, TrackedItem};

fn tracker_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
}

/// `GET /api/action-items`
pub async fn list(
    caller: Caller,
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(mut filter) =
        filter.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad_query", e.body_text()))?;
    // A share link sees its own postmortem only.
    if let Caller::Link { postmortem, .. } = &caller {
        if let Some(asked) = &filter.postmortem {
            caller.can_read(asked)?;
        }
        filter.postmortem = Some(postmortem.clone());
    }
    let today = OffsetDateTime::now_utc().date();
    let tracker = state.tracker.clone();
    let items = blocking(move || tracker.query(&filter, today)).await?;
    respond(&headers, items)
}

/// `GET /api/action-items/events`. An event's data is the postmortem whose items changed (a
/// browser drops events without data); a list reloads with its own filters (and the caller's
/// rights) when told. The stream ends when the server stops.
pub async fn events(
    caller: Caller,
    State(state): State<Arc<AppState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let only = match caller {
        Caller::Link { postmortem, .. } => Some(postmortem),
        _ => None,
    };
    let listening = (state.tracker.changes(), state.stopping.clone());
    let changes = stream::unfold(listening, move |(mut changes, stopping)| {
        let only = only.clone();
        async move {
            loop {
                let changed = tokio::select! {
                    _ = stopping.cancelled() => return None,
                    changed = changes.recv() => changed,
                };
                match changed {
                    Ok(postmortem) if only.as_ref().is_some_and(|p| *p != postmortem) => {}
                    Ok(postmortem) => {
                        let event = Event::default().event("changed").data(postmortem);
                        return Some((Ok(event), (changes, stopping)));
                    }
                    // A listener that lagged missed some changes: reloading covers them all.
                    Err(RecvError::Lagged(_)) => {
                        let event = Event::default().event("changed").data("*");
                        return Some((Ok(event), (changes, stopping)));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        }
    });
    Sse::new(changes).keep_alive(KeepAlive::default())
}

/// `GET /api/postmortems/{id}/action-items`
pub async fn of_postmortem(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    caller.can_read(&id)?;
    let tracker = state.tracker.clone();
    let items = blocking(move || tracker.of_postmortem(&id)).await?;
    respond(&headers, items)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemChange {
    status: Option<Status>,
    ticket: Option<String>,
}

/// Longest ticket reference accepted.
const MAX_TICKET: usize = 300;

/// `PATCH /api/action-items/{id}`
pub async fn patch(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    body: Result<Json<ItemChange>, JsonRejection>,
) -> Result<Json<TrackedItem>, ApiError> {
    let Json(change) = body.map_err(|e| ApiError::new(e.status(), "bad_request", e.body_text()))?;
    let bad = |message: &str| ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message);
    let ticket = change.ticket.as_deref().map(str::trim).map(str::to_owned);
    if change.status.is_none() && ticket.is_none() {
        return Err(bad("give a status, a ticket, or both"));
    }
    if let Some(ticket) = &ticket {
        if ticket.len() > MAX_TICKET || !is_ticket(ticket, &state.action_words) {
            return Err(bad(
                "the ticket is not a reference Debrief reads as one (OPS-123, #12, org/repo#12, an issue or tracker URL)",
            ));
        }
    }
    let tracker = state.tracker.clone();
    let wanted = id.clone();
    let item = blocking(move || tracker.get(&wanted))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no action item {id}")))?;
    caller.can_edit(&item.postmortem)?;
    if item.item.status == Status::Removed {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "removed",
            "the item is no longer in its postmortem",
        ));
    }
    let node = item.node.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "no_anchor",
            "the item is not anchored in the document",
        )
    })?;
    if let (Some(ticket), Some(had)) = (&ticket, &item.item.ticket) {
        if ticket != had {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "has_ticket",
                format!("the item already has the ticket {had}; change it in the text"),
            ));
        }
    }
    let room = DocName::parse(&item.postmortem)?;
    let status = change.status;
    let words = state.action_words.clone();
    let new_ticket = ticket
        .clone()
        .filter(|t| item.item.ticket.as_ref() != Some(t));
    let edited = state
        .rooms
        .edit(&room, move |txn| {
            if let Some(ticket) = &new_ticket {
                set_ticket(txn, &node, ticket, &words)?;
            }
            match status {
                Some(status) => set_status(txn, &node, status, &words).map(|_| ()),
                None => Ok(()),
            }
        })
        .await?;
    match edited {
        Ok(_) => {}
        Err(e @ EditError::BadStatus(_)) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_status",
                e.to_string(),
            ))
        }
        Err(e) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "cannot_edit",
                e.to_string(),
            ))
        }
    }
    let now = OffsetDateTime::now_utc();
    let tracker = state.tracker.clone();
    let updated = blocking(move || tracker.record(&item, status, ticket, now)).await?;
    Ok(Json(updated))
}

/// JSON, or CSV when the client asks for `text/csv`.
fn respond(headers: &HeaderMap, items: Vec<TrackedItem>) -> Result<Response, ApiError> {
    let wants_csv = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/csv"));
    if !wants_csv {
        return Ok(Json(items).into_response());
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(TrackedItem::csv_headers())
        .map_err(tracker_error)?;
    for item in &items {
        out.write_record(item.csv_fields()).map_err(tracker_error)?;
    }
    let body = out.into_inner().map_err(tracker_error)?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response())
}
