//! `GET /ws/{doc}`: upgrades to a Yjs WebSocket connection; the room it joins reports a
//! postmortem's new connections to the audit trail, with who and in what role.
//!
//! The stock client connects as `new WebsocketProvider('ws://HOST:PORT/ws', doc, ydoc)`. The name
//! and the caller's token are checked and the document loaded *before* the upgrade, so a bad name
//! gets HTTP 400, a missing or bad token 401, a token for another postmortem 403, and a document
//! that cannot be loaded 503 instead of an empty editor. In auth mode the token travels as the
//! `token` query parameter (`new WebsocketProvider(url, doc, ydoc, { params: { token } })`).

use std::sync::Arc;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{ApiError, AppState};
use crate::auth::Caller;
use crate::connection;
use crate::doc_name::DocName;
use crate::room::Who;

pub async fn upgrade(
    Path(doc): Path<String>,
    State(state): State<Arc<AppState>>,
    caller: Result<Caller, ApiError>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let name = DocName::parse(&doc)?;
    let caller = caller?;
    let access = caller.access_to(&name)?;
    let ws =
        ws.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "not_a_websocket", e.to_string()))?;
    state.rooms.get(&name).await?;
    // Sockets opened with a share link close when the link is revoked or expires.
    let link = match (&state.auth, caller.link()) {
        (Some(auth), Some((id, expires))) => Some(connection::LinkSession {
            live: auth.links.live().clone(),
            id: id.to_owned(),
            expires,
            expired: match caller {
                Caller::Member { .. } => "sign-in expired",
                _ => "share link expired",
            },
        }),
        _ => None,
    };
    let who = Who {
        actor: caller.actor(),
        role: role_of(&caller),
        vouched_name: match &caller {
            Caller::Member { name, .. } => Some(name.clone()),
            _ => None,
        },
    };
    let max = state.max_message_bytes;
    Ok(ws
        .max_message_size(max)
        .max_frame_size(max)
        // Most frames are keystrokes: a small read buffer keeps idle connections cheap (the
        // default 128 KiB per socket dominated the memory of an idle document, and 4 KiB was
        // still the largest single cost of one). A frame larger than this is read in chunks of
        // this size into a buffer that grows to fit it.
        .read_buffer_size(1024)
        .on_upgrade(move |socket| async move {
            let session = connection::Session {
                name,
                access,
                link,
                who,
            };
            connection::run(
                socket,
                session,
                state.rooms.clone(),
                &state.metrics,
                state.limits,
            )
            .await
        }))
}

/// The role `caller` comes with, as the audit trail names it.
fn role_of(caller: &Caller) -> &'static str {
    match caller {
        Caller::Admin => "admin",
        Caller::Open => "editor",
        Caller::Link { role, .. } => role.name(),
        Caller::Member { admin: true, .. } => "admin",
        Caller::Member { .. } => "editor",
    }
}
