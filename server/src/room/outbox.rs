//! The queue from a room to one connection, bounded by bytes.
//!
//! The room never waits on a peer: it pushes encoded frames and moves on. What bounds memory is
//! the backlog in bytes: a push to a peer whose backlog already exceeds the limit fails, and the
//! room closes that peer (1013; it resyncs on reconnect) instead of skipping frames silently.
//! Counting bytes rather than frames means a burst of small frames, or one large sync reply,
//! does not make a healthy peer look slow.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::mpsc;

/// Why a push failed.
#[derive(Debug, PartialEq, Eq)]
pub enum PushError {
    /// The peer's backlog is over the limit: it cannot keep up.
    Lagging,
    /// The connection is gone.
    Closed,
}

/// The room's end.
#[derive(Clone)]
pub struct Outbox {
    frames: mpsc::UnboundedSender<Bytes>,
    backlog: Arc<AtomicUsize>,
    limit: usize,
}

/// The connection's end.
pub struct OutboxReceiver {
    frames: mpsc::UnboundedReceiver<Bytes>,
    backlog: Arc<AtomicUsize>,
}

/// A new outbox whose backlog may exceed `limit` bytes by at most one frame.
pub fn outbox(limit: usize) -> (Outbox, OutboxReceiver) {
    let (tx, rx) = mpsc::unbounded_channel();
    let backlog = Arc::new(AtomicUsize::new(0));
    (
        Outbox {
            frames: tx,
            backlog: backlog.clone(),
            limit,
        },
        OutboxReceiver {
            frames: rx,
            backlog,
        },
    )
}

impl Outbox {
    pub fn push(&self, frame: Bytes) -> Result<(), PushError> {
        if self.frames.is_closed() {
            return Err(PushError::Closed);
        }
        let len = frame.len();
        if self.backlog.load(Ordering::Acquire) > self.limit {
            return Err(PushError::Lagging);
        }
        self.backlog.fetch_add(len, Ordering::AcqRel);
        self.frames.send(frame).map_err(|_| PushError::Closed)
    }
}

impl OutboxReceiver {
    /// The next frame; it leaves the backlog as it is taken.
    pub async fn recv(&mut self) -> Option<Bytes> {
        let frame = self.frames.recv().await?;
        self.backlog.fetch_sub(frame.len(), Ordering::AcqRel);
        Some(frame)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bounded_by_bytes_not_frames() {
        let (tx, mut rx) = outbox(10);
        for _ in 0..11 {
            tx.push(Bytes::from_static(b"x")).unwrap();
        }
        // 11 bytes queued > 10: the next push is refused.
        assert_eq!(tx.push(Bytes::from_static(b"x")), Err(PushError::Lagging));
        rx.recv().await.unwrap();
        // Back at 10: one large frame still fits, and then nothing more.
        tx.push(Bytes::from(vec![0; 100])).unwrap();
        assert_eq!(tx.push(Bytes::from_static(b"x")), Err(PushError::Lagging));
        drop(rx);
        assert_eq!(tx.push(Bytes::from_static(b"x")), Err(PushError::Closed));
    }
}
