//! `GET /ws/{doc}`: upgrades to a Yjs WebSocket connection.
//!
//! The stock client connects as `new WebsocketProvider('ws://HOST:PORT/ws', doc, ydoc)`. The name
//! is checked and the document loaded *before* the upgrade, so a bad name gets HTTP 400 and a
//! document that cannot be loaded gets 503 instead of an empty editor.

use std::sync::Arc;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{ApiError, AppState};
use crate::connection;
use crate::doc_name::{DocName, RoomKind};
use crate::room::Access;

pub async fn upgrade(
    Path(doc): Path<String>,
    State(state): State<Arc<AppState>>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let name = DocName::parse(&doc)?;
    let ws =
        ws.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "not_a_websocket", e.to_string()))?;
    state.rooms.get(&name).await?;
    // The server is the only writer of derived data.
    let access = match name.room_kind() {
        RoomKind::Insights => Access::ReadOnly,
        RoomKind::Body | RoomKind::Comments => Access::ReadWrite,
    };
    let max = state.max_message_bytes;
    Ok(ws
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| async move {
            let limits = state.limits;
            connection::run(
                socket,
                name,
                access,
                state.rooms.clone(),
                &state.metrics,
                limits,
            )
            .await
        }))
}
