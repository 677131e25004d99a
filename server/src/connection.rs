//! One WebSocket peer.
//!
//! A connection is two halves. The *reader* decodes incoming frames ([`crate::protocol`]) and
//! hands the messages to the room, so a peer that floods the server only slows its own reads. The
//! *writer* drains the bounded queue the room fills, sends keepalive pings, and closes the socket
//! with a code and reason when the room or the reader asks it to (slow consumer, bad frame,
//! shutdown). A peer that sends nothing, not even a pong, for [`Limits::idle_timeout`] is reaped.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::doc_name::DocName;
use crate::metrics::Metrics;
use crate::protocol;
use crate::room::{Access, CloseReason, PeerId, PeerLink, RoomHandle, Rooms};

/// Per-connection limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Frames queued for a peer before it counts as too slow.
    pub send_queue: usize,
    /// How often the server pings.
    pub ping_interval: Duration,
    /// Silence after which a peer is considered dead.
    pub idle_timeout: Duration,
}

/// How long a close frame may take to go out before the socket is simply dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Serves one peer of room `name` until either side closes.
pub async fn run(
    socket: WebSocket,
    name: DocName,
    access: Access,
    rooms: Rooms,
    metrics: &Metrics,
    limits: Limits,
) {
    metrics.connections.inc();
    let peer = rooms.new_peer_id();
    let (outbox, outbox_rx) = mpsc::channel(limits.send_queue);
    let (control, control_rx) = mpsc::channel(4);
    let (sink, stream) = socket.split();
    // Cancelled when the writer stops, so the reader stops too and the socket is dropped.
    let writer_done = CancellationToken::new();
    let writer = tokio::spawn(write_loop(
        sink,
        outbox_rx,
        control_rx,
        limits.ping_interval,
        writer_done.clone(),
    ));

    let link = PeerLink {
        outbox,
        control: control.clone(),
    };
    match rooms.join(&name, peer, link, access).await {
        Ok(room) => {
            tracing::debug!(doc = %name, peer, ?access, "peer joined");
            let closing = tokio::select! {
                closing = read_loop(stream, &room, peer, limits.idle_timeout, metrics) => closing,
                _ = writer_done.cancelled() => None,
            };
            room.leave(peer).await;
            if let Some(reason) = closing {
                let _ = control.send(reason).await;
            }
            tracing::debug!(doc = %name, peer, "peer left");
        }
        Err(e) => {
            tracing::warn!(doc = %name, error = %e, "could not join room");
            let _ = control
                .send(CloseReason::new(1011, "document unavailable"))
                .await;
        }
    }
    drop(control);
    let _ = writer.await;
    metrics.connections.dec();
}

/// Reads until the peer goes away or must be closed; returns the close to send, if any.
async fn read_loop(
    mut stream: SplitStream<WebSocket>,
    room: &RoomHandle,
    peer: PeerId,
    idle_timeout: Duration,
    metrics: &Metrics,
) -> Option<CloseReason> {
    loop {
        let message = match tokio::time::timeout(idle_timeout, stream.next()).await {
            Err(_) => return Some(CloseReason::new(1001, "keepalive timeout")),
            Ok(None) => return None,
            Ok(Some(Err(e))) => {
                let reason = read_error_close(e);
                if reason.is_some() {
                    metrics.protocol_errors.inc();
                }
                return reason;
            }
            Ok(Some(Ok(message))) => message,
        };
        match message {
            Message::Binary(frame) => match protocol::decode_frame(&frame) {
                Ok(messages) => {
                    for message in messages {
                        if room.deliver(peer, message).await.is_err() {
                            return None; // the room closed us already
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(peer, error = %e, "closing connection after a bad frame");
                    metrics.protocol_errors.inc();
                    return Some(CloseReason::new(e.close_code(), e.to_string()));
                }
            },
            Message::Text(_) => {
                tracing::warn!(peer, "closing connection after a text frame");
                metrics.protocol_errors.inc();
                return Some(CloseReason::new(
                    1003,
                    "text frames are not part of the Yjs protocol",
                ));
            }
            Message::Close(_) => return None,
            Message::Ping(_) | Message::Pong(_) => {}
        }
    }
}

/// The close to send after a read error: 1009 for an oversize message; none when the socket is
/// simply gone.
fn read_error_close(error: axum::Error) -> Option<CloseReason> {
    let inner = error.into_inner();
    match inner.downcast_ref::<tungstenite::Error>() {
        Some(tungstenite::Error::Capacity(e)) => {
            tracing::warn!(error = %e, "closing connection after an oversize message");
            Some(CloseReason::new(1009, "message too big"))
        }
        Some(tungstenite::Error::Protocol(e)) => {
            tracing::warn!(error = %e, "closing connection after a WebSocket protocol error");
            Some(CloseReason::new(1002, "WebSocket protocol error"))
        }
        _ => None,
    }
}

enum Next {
    Frame(Message),
    Close(CloseReason),
    Done,
}

/// Sends queued frames and pings; on a close request, sends the close frame and stops. A close
/// request also interrupts a send that is stuck because the peer stopped reading.
async fn write_loop(
    mut sink: SplitSink<WebSocket, Message>,
    mut outbox: mpsc::Receiver<bytes::Bytes>,
    mut control: mpsc::Receiver<CloseReason>,
    ping_interval: Duration,
    done: CancellationToken,
) {
    let _done = done.drop_guard();
    let mut ping = tokio::time::interval(ping_interval);
    ping.tick().await; // the first tick is immediate
    loop {
        let next = tokio::select! {
            biased;
            reason = control.recv() => reason.map_or(Next::Done, Next::Close),
            frame = outbox.recv() => frame.map_or(Next::Done, |f| Next::Frame(Message::Binary(f))),
            _ = ping.tick() => Next::Frame(Message::Ping(bytes::Bytes::new())),
        };
        let frame = match next {
            Next::Frame(frame) => frame,
            Next::Close(reason) => return close(&mut sink, reason).await,
            Next::Done => {
                let _ = tokio::time::timeout(CLOSE_GRACE, sink.close()).await;
                return;
            }
        };
        tokio::select! {
            biased;
            reason = control.recv() => {
                if let Some(reason) = reason {
                    close(&mut sink, reason).await;
                }
                return;
            }
            sent = sink.send(frame) => if sent.is_err() { return },
        }
    }
}

async fn close(sink: &mut SplitSink<WebSocket, Message>, reason: CloseReason) {
    let frame = CloseFrame {
        code: reason.code,
        reason: reason.reason.into(),
    };
    let _ = tokio::time::timeout(CLOSE_GRACE, sink.send(Message::Close(Some(frame)))).await;
}
