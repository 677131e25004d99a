//! One WebSocket peer.
//!
//! A connection is two halves. The *reader* decodes incoming frames ([`crate::protocol`]) and
//! hands the messages to the room, so a peer that floods the server only slows its own reads. The
//! *writer* drains the bounded queue the room fills, sends keepalive pings, and closes the socket
//! with a code and reason when the room or the reader asks it to (slow consumer, bad frame,
//! shutdown). A peer that sends nothing, not even a pong, for [`Limits::idle_timeout`] is reaped.
//!
//! The socket's sending half is shared ([`Socket`]): when it can take a frame at once, the room
//! writes it there itself, without waking the writer (see [`crate::room::Outbox`]).

use std::future::poll_fn;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use bytes::Bytes;
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio_util::sync::CancellationToken;

use crate::auth::{now_secs, LiveLinks};
use crate::doc_name::DocName;
use crate::metrics::Metrics;
use crate::protocol::{self, Incoming};
use crate::room::{
    closer, outbox, Access, CloseReason, CloseRequests, OutboxReceiver, Outgoing, PeerId, PeerLink,
    RoomHandle, Rooms, Who, WriteNow,
};

/// Per-connection limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes queued for a peer before it counts as too slow.
    pub send_buffer_bytes: usize,
    /// How often the server pings.
    pub ping_interval: Duration,
    /// Silence after which a peer is considered dead.
    pub idle_timeout: Duration,
}

/// How long a close handshake may take before the socket is simply dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// How the reading side ended.
enum ReadEnd {
    /// The peer closed the connection or it dropped.
    PeerGone,
    /// The server closes the connection for this reason.
    Close(CloseReason),
    /// The room closed this connection itself (slow consumer, shutdown, failure).
    ClosedByRoom,
}

/// What a connection is for: its room, what it may do there, and the share link it was opened
/// with, if any.
pub struct Session {
    pub name: DocName,
    pub access: Access,
    pub link: Option<LinkSession>,
    /// Who the caller is, for what the room reports of its changes; its vouched name (a
    /// signed-in member's) replaces the `user.name` of every presence state the peer sends.
    pub who: Who,
}

/// The share link behind a connection: revoking it closes the socket (via `live`), and so does
/// its expiry.
pub struct LinkSession {
    pub live: Arc<LiveLinks>,
    pub id: String,
    /// Seconds since the Unix epoch.
    pub expires: u64,
    /// The close reason at expiry ("share link expired", "sign-in expired").
    pub expired: &'static str,
}

impl LinkSession {
    /// How long until the link expires.
    fn remaining(&self) -> Duration {
        Duration::from_secs(self.expires.saturating_sub(now_secs()))
    }
}

/// Serves one peer until either side closes.
pub async fn run(
    socket: WebSocket,
    session: Session,
    rooms: Rooms,
    metrics: &Metrics,
    limits: Limits,
) {
    let Session {
        name,
        access,
        link: share_link,
        who,
    } = session;
    let presence_name = who.vouched_name.clone();
    metrics.connections.inc();
    let peer = rooms.new_peer_id();
    let (outbox, outbox_rx) = outbox(limits.send_buffer_bytes);
    let (control, control_rx) = closer();
    let (sink, mut stream) = socket.split();
    let sink = Arc::new(Socket::new(sink));
    outbox_rx.write_at_once_to(sink.clone());
    // Cancelled when the writer stops, so the reader stops too.
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
        who: Arc::new(who),
    };
    // This future lives as long as the connection: what it awaits only briefly (joining, the
    // closing handshake) is boxed, so it does not take room in it for the whole connection.
    let end = match Box::pin(rooms.join(&name, peer, link, access)).await {
        Ok(room) => {
            tracing::debug!(doc = %name, peer, ?access, "peer joined");
            let _registration = share_link
                .as_ref()
                .map(|link| link.live.register(&link.id, peer, control.clone()));
            let expiry = share_link
                .as_ref()
                .map(|link| (link.remaining(), link.expired));
            let expired = async move {
                match expiry {
                    Some((expiry, reason)) => {
                        Box::pin(tokio::time::sleep(expiry)).await;
                        reason
                    }
                    None => std::future::pending().await,
                }
            };
            let end = tokio::select! {
                end = read_loop(&mut stream, &room, peer, presence_name.as_deref(), limits.idle_timeout, metrics) => end,
                _ = writer_done.cancelled() => ReadEnd::ClosedByRoom,
                reason = expired => ReadEnd::Close(CloseReason::new(4401, reason)),
            };
            // Queue the close frame before leaving: leaving drops the room's end of the outbox,
            // which would otherwise end the writer without a code.
            if let ReadEnd::Close(reason) = &end {
                control.close(reason.clone());
            }
            room.leave(peer).await;
            tracing::debug!(doc = %name, peer, "peer left");
            end
        }
        Err(e) => {
            tracing::warn!(doc = %name, error = %e, "could not join room");
            let reason = CloseReason::new(1011, "document unavailable");
            control.close(reason.clone());
            ReadEnd::Close(reason)
        }
    };
    drop(control);
    let _ = writer.await;
    if !matches!(end, ReadEnd::PeerGone) {
        // Our close frame is out: read until the peer answers it, so the socket shuts down
        // cleanly instead of being reset under the peer's feet (which can discard the frame).
        let _ = Box::pin(tokio::time::timeout(CLOSE_GRACE, async {
            while let Some(Ok(message)) = stream.next().await {
                if matches!(message, Message::Close(_)) {
                    break;
                }
            }
        }))
        .await;
    }
    metrics.connections.dec();
}

/// Reads until the peer goes away or must be closed.
async fn read_loop(
    stream: &mut SplitStream<WebSocket>,
    room: &RoomHandle,
    peer: PeerId,
    presence_name: Option<&str>,
    idle_timeout: Duration,
    metrics: &Metrics,
) -> ReadEnd {
    loop {
        let message = match tokio::time::timeout(idle_timeout, stream.next()).await {
            Err(_) => return ReadEnd::Close(CloseReason::new(1001, "keepalive timeout")),
            Ok(None) => return ReadEnd::PeerGone,
            Ok(Some(Err(e))) => {
                return match read_error_close(e) {
                    Some(reason) => {
                        metrics.protocol_errors.inc();
                        ReadEnd::Close(reason)
                    }
                    None => ReadEnd::PeerGone,
                };
            }
            Ok(Some(Ok(message))) => message,
        };
        match message {
            Message::Binary(frame) => match protocol::decode_frame(&frame) {
                Ok(mut message) => {
                    if let (Some(name), Incoming::Awareness(update)) = (presence_name, &mut message)
                    {
                        protocol::set_user_name(update, name);
                    }
                    if room.deliver(peer, message).await.is_err() {
                        return ReadEnd::ClosedByRoom;
                    }
                }
                Err(e) => {
                    tracing::warn!(peer, error = %e, "closing connection after a bad frame");
                    metrics.protocol_errors.inc();
                    return ReadEnd::Close(CloseReason::new(e.close_code(), e.to_string()));
                }
            },
            Message::Text(_) => {
                tracing::warn!(peer, "closing connection after a text frame");
                metrics.protocol_errors.inc();
                return ReadEnd::Close(CloseReason::new(
                    1003,
                    "text frames are not part of the Yjs protocol",
                ));
            }
            Message::Close(_) => return ReadEnd::PeerGone,
            Message::Ping(_) | Message::Pong(_) => {}
        }
    }
}
/// The close to send after a read error: 1009 for an oversize message, 1002 for a protocol
/// violation; none when the socket is simply gone.
fn read_error_close(error: axum::Error) -> Option<CloseReason> {
    let inner = error.into_inner();
    match inner.downcast_ref::<tungstenite::Error>() {
        Some(tungstenite::Error::Capacity(e)) => {
            tracing::warn!(error = %e, "closing connection after an oversize message");
            Some(CloseReason::new(1009, "message too big"))
        }
        Some(tungstenite::Error::Protocol(
            tungstenite::error::ProtocolError::ResetWithoutClosingHandshake,
        )) => {
            // A closed tab or a dropped network: routine, and nobody is left to tell.
            tracing::debug!("peer went away without a closing handshake");
            None
        }
        Some(tungstenite::Error::Protocol(e)) => {
            tracing::warn!(error = %e, "closing connection after a WebSocket protocol error");
            Some(CloseReason::new(1002, "WebSocket protocol error"))
        }
        _ => None,
    }
}

/// The socket's sending half, shared by the writer task and the room (through [`WriteNow`]).
/// Each use holds the lock for one poll, never across an `.await`.
struct Socket(Mutex<Sending>);

struct Sending {
    sink: SplitSink<WebSocket, Message>,
    /// The writer task is partway through a send: it may be waiting on the socket (or on the
    /// split's lock) with its own waker, which a poll from the room, with a no-op waker, would
    /// replace, and the writer would never wake. The room leaves the socket alone meanwhile.
    writer_busy: bool,
}

impl Socket {
    fn new(sink: SplitSink<WebSocket, Message>) -> Socket {
        Socket(Mutex::new(Sending {
            sink,
            writer_busy: false,
        }))
    }

    /// Sends `message` and flushes it (and whatever was written before it).
    async fn send(&self, message: Message) -> Result<(), axum::Error> {
        self.send_and_flush(Some(message)).await
    }

    /// Flushes what was written at once.
    async fn flush(&self) -> Result<(), axum::Error> {
        self.send_and_flush(None).await
    }

    async fn send_and_flush(&self, mut message: Option<Message>) -> Result<(), axum::Error> {
        poll_fn(|cx| {
            let mut sending = self.0.lock().unwrap_or_else(|e| e.into_inner());
            let polled = sending.poll_send(&mut message, cx);
            sending.writer_busy = polled.is_pending();
            polled
        })
        .await
    }
}

impl Sending {
    /// Starts sending `message` (taking it once the sink is ready), then flushes.
    fn poll_send(
        &mut self,
        message: &mut Option<Message>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), axum::Error>> {
        if let Some(next) = message.take() {
            match self.sink.poll_ready_unpin(cx) {
                Poll::Ready(Ok(())) => self.sink.start_send_unpin(next)?,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => {
                    *message = Some(next);
                    return Poll::Pending;
                }
            }
        }
        self.sink.poll_flush_unpin(cx)
    }
}

impl WriteNow for Socket {
    fn write_now(&self, frame: Bytes) -> Result<bool, Bytes> {
        // The writer is in the middle of a poll, or partway through a send: the queue takes it.
        let Ok(mut sending) = self.0.try_lock() else {
            return Err(frame);
        };
        if sending.writer_busy {
            return Err(frame);
        }
        let sink = &mut sending.sink;
        let mut cx = Context::from_waker(Waker::noop());
        if !matches!(sink.poll_ready_unpin(&mut cx), Poll::Ready(Ok(()))) {
            return Err(frame);
        }
        if sink.start_send_unpin(Message::Binary(frame)).is_err() {
            // Broken: the writer's flush will fail and end the connection.
            return Ok(false);
        }
        // Not all on the socket: the writer flushes the rest, with a waker of its own.
        Ok(matches!(
            sink.poll_flush_unpin(&mut cx),
            Poll::Ready(Ok(()))
        ))
    }
}

enum Next {
    Send(Outgoing),
    Ping,
    Close(CloseReason),
    Done,
}

/// Sends queued frames and pings; on a close request, sends the close frame and stops. A close
/// request also interrupts a send that is stuck because the peer stopped reading.
async fn write_loop(
    sink: Arc<Socket>,
    mut outbox: OutboxReceiver,
    mut control: CloseRequests,
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
            next = outbox.recv() => next.map_or(Next::Done, Next::Send),
            _ = ping.tick() => Next::Ping,
        };
        let outgoing = match next {
            Next::Send(outgoing) => Some(outgoing),
            Next::Ping => None,
            Next::Close(reason) => return close(&sink, reason).await,
            Next::Done => return,
        };
        let sending = async {
            let sent = match outgoing {
                Some(Outgoing::Frame(frame)) => sink.send(Message::Binary(frame)).await,
                Some(Outgoing::Flush) => sink.flush().await,
                None => return sink.send(Message::Ping(Bytes::new())).await,
            };
            outbox.sent();
            sent
        };
        tokio::select! {
            biased;
            reason = control.recv() => {
                if let Some(reason) = reason {
                    close(&sink, reason).await;
                }
                return;
            }
            sent = sending => if sent.is_err() { return },
        }
    }
}

async fn close(sink: &Socket, reason: CloseReason) {
    let frame = CloseFrame {
        code: reason.code,
        reason: truncate_reason(&reason.reason).into(),
    };
    let _ = tokio::time::timeout(CLOSE_GRACE, sink.send(Message::Close(Some(frame)))).await;
}

/// A close frame's reason may hold at most 123 bytes; longer ones are cut at a char boundary.
fn truncate_reason(reason: &str) -> &str {
    const MAX: usize = 123;
    if reason.len() <= MAX {
        return reason;
    }
    let mut end = MAX;
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    &reason[..end]
}

#[cfg(test)]
mod tests {
    use super::truncate_reason;

    #[test]
    fn close_reasons_fit_a_close_frame() {
        assert_eq!(truncate_reason("short"), "short");
        let long = "é".repeat(100);
        let cut = truncate_reason(&long);
        assert!(cut.len() <= 123 && cut.len() >= 121);
        assert!(long.starts_with(cut));
    }
}
