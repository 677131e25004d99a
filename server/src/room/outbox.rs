//! The queue from a room to one connection, bounded by bytes.
//!
//! The room never waits on a peer: it pushes encoded frames and moves on. What bounds memory is
//! the backlog in bytes: a push to a peer whose backlog already exceeds the limit fails, and the
//! room closes that peer (1013; it resyncs on reconnect) instead of skipping frames silently.
//! Counting bytes rather than frames means a burst of small frames, or one large sync reply,
//! does not make a healthy peer look slow.
//!
//! It is a plain locked queue rather than a channel: a channel allocates a block of slots up
//! front, and every connection has one of these for its whole life, mostly empty.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use tokio::sync::Notify;

/// Why a push failed.
#[derive(Debug, PartialEq, Eq)]
pub enum PushError {
    /// The peer's backlog is over the limit: it cannot keep up.
    Lagging,
    /// The connection is gone.
    Closed,
}

/// Capacity an emptied queue keeps; a larger one (left by a burst) is given back.
const KEEP_CAPACITY: usize = 16;

struct Shared {
    queue: Mutex<Queue>,
    /// Wakes the receiver after a push, or when the last [`Outbox`] is dropped.
    ready: Notify,
    limit: usize,
}

struct Queue {
    frames: VecDeque<Bytes>,
    /// Bytes in `frames`.
    backlog: usize,
    /// Live [`Outbox`] handles.
    senders: usize,
    receiver_gone: bool,
}

/// The room's end.
pub struct Outbox(Arc<Shared>);

/// The connection's end.
pub struct OutboxReceiver(Arc<Shared>);

/// A new outbox whose backlog may exceed `limit` bytes by at most one frame.
pub fn outbox(limit: usize) -> (Outbox, OutboxReceiver) {
    let shared = Arc::new(Shared {
        queue: Mutex::new(Queue {
            frames: VecDeque::new(),
            backlog: 0,
            senders: 1,
            receiver_gone: false,
        }),
        ready: Notify::new(),
        limit,
    });
    (Outbox(shared.clone()), OutboxReceiver(shared))
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().expect("outbox lock")
    }
}

impl Outbox {
    pub fn push(&self, frame: Bytes) -> Result<(), PushError> {
        {
            let mut queue = self.0.lock();
            if queue.receiver_gone {
                return Err(PushError::Closed);
            }
            if queue.backlog > self.0.limit {
                return Err(PushError::Lagging);
            }
            queue.backlog += frame.len();
            queue.frames.push_back(frame);
        }
        self.0.ready.notify_one();
        Ok(())
    }
}

impl Clone for Outbox {
    fn clone(&self) -> Self {
        self.0.lock().senders += 1;
        Outbox(self.0.clone())
    }
}

impl Drop for Outbox {
    fn drop(&mut self) {
        let last = {
            let mut queue = self.0.lock();
            queue.senders -= 1;
            queue.senders == 0
        };
        if last {
            self.0.ready.notify_one();
        }
    }
}

impl OutboxReceiver {
    /// The next frame; it leaves the backlog as it is taken. `None` once the queue is empty and
    /// every [`Outbox`] is gone. Cancel safe: a frame is only taken when it is returned.
    pub async fn recv(&mut self) -> Option<Bytes> {
        loop {
            {
                let mut queue = self.0.lock();
                if let Some(frame) = queue.frames.pop_front() {
                    queue.backlog -= frame.len();
                    if queue.frames.is_empty() {
                        queue.frames.shrink_to(KEEP_CAPACITY);
                    }
                    return Some(frame);
                }
                if queue.senders == 0 {
                    return None;
                }
            }
            // A push between the check and this wait leaves a permit: no wake-up is lost.
            self.0.ready.notified().await;
        }
    }
}

impl Drop for OutboxReceiver {
    fn drop(&mut self) {
        let mut queue = self.0.lock();
        queue.receiver_gone = true;
        queue.frames = VecDeque::new();
        queue.backlog = 0;
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

    #[tokio::test]
    async fn the_receiver_drains_then_ends_when_every_sender_is_gone() {
        let (tx, mut rx) = outbox(100);
        let other = tx.clone();
        tx.push(Bytes::from_static(b"a")).unwrap();
        drop(tx);
        other.push(Bytes::from_static(b"b")).unwrap();
        let waiting = tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(frame) = rx.recv().await {
                got.push(frame);
            }
            got
        });
        tokio::task::yield_now().await;
        other.push(Bytes::from_static(b"c")).unwrap();
        drop(other);
        let got = waiting.await.unwrap();
        assert_eq!(got, [&b"a"[..], b"b", b"c"]);
    }
}
