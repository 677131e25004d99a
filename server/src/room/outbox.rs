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
//!
//! **Writing at once.** Waking the connection's writer task for every frame was a large part of
//! what a delivery cost (docs/performance.md §7 and "Writing at once from the room"). So when the queue is
//! empty, no frame is being written and the peer's socket can take the frame without waiting,
//! [`Outbox::push`] writes it then and there, on the room's task, through the connection's
//! [`WriteNow`]. Only a frame the socket cannot take at once, or one pushed while another is in
//! flight, goes through the queue; a frame written but not yet flushed leaves the queue to the
//! writer until it has flushed it. Frames leave in the order they were pushed, and the bytes
//! outside the queue's bound are at most one frame.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

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

/// The peer's socket, for a frame the room writes itself (see the module docs).
pub trait WriteNow: Send + Sync {
    /// Writes `frame` if the socket takes it without waiting: `Ok(true)` when it is all on the
    /// socket, `Ok(false)` when some of it still waits for a flush, `Err(frame)` when the socket
    /// did not take it (busy, full or broken).
    fn write_now(&self, frame: Bytes) -> Result<bool, Bytes>;
}

struct Shared {
    queue: Mutex<Queue>,
    /// Wakes the receiver after a push, or when the last [`Outbox`] is dropped.
    ready: Notify,
    limit: usize,
    /// Set once by the connection; without it every frame goes through the queue.
    socket: OnceLock<Arc<dyn WriteNow>>,
}

struct Queue {
    frames: VecDeque<Bytes>,
    /// Bytes in `frames`.
    backlog: usize,
    /// Live [`Outbox`] handles.
    senders: usize,
    receiver_gone: bool,
    /// A frame is being written (by the receiver, or by a push writing at once).
    writing: bool,
    /// A frame written at once is not all on the socket yet: the receiver flushes it first.
    unflushed: bool,
}

/// What the connection's writer is to do next.
#[derive(Debug, PartialEq, Eq)]
pub enum Outgoing {
    /// Send this frame.
    Frame(Bytes),
    /// Flush what a frame written at once left in the socket's buffer.
    Flush,
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
            writing: false,
            unflushed: false,
        }),
        ready: Notify::new(),
        limit,
        socket: OnceLock::new(),
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
        let mut queue = self.0.lock();
        if queue.receiver_gone {
            return Err(PushError::Closed);
        }
        if queue.backlog > self.0.limit {
            return Err(PushError::Lagging);
        }
        match self.0.socket.get() {
            Some(socket) if queue.frames.is_empty() && !queue.writing && !queue.unflushed => {
                queue.writing = true;
                drop(queue);
                let written = socket.write_now(frame);
                queue = self.0.lock();
                queue.writing = false;
                match written {
                    Ok(true) if queue.frames.is_empty() => return Ok(()),
                    // A frame pushed meanwhile waits for the writer.
                    Ok(true) => {}
                    Ok(false) => queue.unflushed = true,
                    Err(frame) => {
                        queue.backlog += frame.len();
                        // before any pushed meanwhile: this one came first
                        queue.frames.push_front(frame);
                    }
                }
            }
            _ => {
                queue.backlog += frame.len();
                queue.frames.push_back(frame);
            }
        }
        drop(queue);
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
    /// Lets pushes write to `socket` at once when it can take a frame (see the module docs).
    pub fn write_at_once_to(&self, socket: Arc<dyn WriteNow>) {
        let _ = self.0.socket.set(socket);
    }

    /// What to send next; a frame leaves the backlog as it is taken. `None` once the queue is
    /// empty and every [`Outbox`] is gone. Cancel safe: nothing is taken unless it is returned.
    /// The caller reports with [`Self::sent`] when it has sent what it was given.
    pub async fn recv(&mut self) -> Option<Outgoing> {
        loop {
            {
                let mut queue = self.0.lock();
                if !queue.writing {
                    if queue.unflushed {
                        queue.unflushed = false;
                        queue.writing = true;
                        return Some(Outgoing::Flush);
                    }
                    if let Some(frame) = queue.frames.pop_front() {
                        queue.backlog -= frame.len();
                        if queue.frames.is_empty() {
                            queue.frames.shrink_to(KEEP_CAPACITY);
                        }
                        queue.writing = true;
                        return Some(Outgoing::Frame(frame));
                    }
                    if queue.senders == 0 {
                        return None;
                    }
                }
            }
            // A push between the check and this wait leaves a permit: no wake-up is lost.
            self.0.ready.notified().await;
        }
    }

    /// What [`Self::recv`] gave is sent: pushes may write at once again.
    pub fn sent(&self) {
        self.0.lock().writing = false;
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

    /// Takes what the receiver gives, reporting it sent.
    async fn take(rx: &mut OutboxReceiver) -> Option<Outgoing> {
        let next = rx.recv().await;
        rx.sent();
        next
    }

    fn frame(bytes: &'static [u8]) -> Outgoing {
        Outgoing::Frame(Bytes::from_static(bytes))
    }

    #[tokio::test]
    async fn bounded_by_bytes_not_frames() {
        let (tx, mut rx) = outbox(10);
        for _ in 0..11 {
            tx.push(Bytes::from_static(b"x")).unwrap();
        }
        // 11 bytes queued > 10: the next push is refused.
        assert_eq!(tx.push(Bytes::from_static(b"x")), Err(PushError::Lagging));
        take(&mut rx).await.unwrap();
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
            while let Some(next) = take(&mut rx).await {
                got.push(next);
            }
            got
        });
        tokio::task::yield_now().await;
        other.push(Bytes::from_static(b"c")).unwrap();
        drop(other);
        let got = waiting.await.unwrap();
        assert_eq!(got, [frame(b"a"), frame(b"b"), frame(b"c")]);
    }

    /// A socket that takes what `answers` says, in turn, and records what it took.
    struct FakeSocket {
        answers: Mutex<VecDeque<Option<bool>>>,
        took: Mutex<Vec<Bytes>>,
    }

    impl WriteNow for FakeSocket {
        fn write_now(&self, frame: Bytes) -> Result<bool, Bytes> {
            match self.answers.lock().unwrap().pop_front().flatten() {
                Some(flushed) => {
                    self.took.lock().unwrap().push(frame);
                    Ok(flushed)
                }
                None => Err(frame),
            }
        }
    }

    fn socket(answers: &[Option<bool>]) -> Arc<FakeSocket> {
        Arc::new(FakeSocket {
            answers: Mutex::new(answers.iter().copied().collect()),
            took: Mutex::new(Vec::new()),
        })
    }

    #[tokio::test]
    async fn frames_go_straight_to_a_ready_socket_and_keep_their_order_when_it_is_not() {
        // Taken and flushed; refused (busy); then taken again.
        let fake = socket(&[Some(true), None, Some(true)]);
        let (tx, mut rx) = outbox(100);
        rx.write_at_once_to(fake.clone());
        tx.push(Bytes::from_static(b"a")).unwrap();
        assert_eq!(*fake.took.lock().unwrap(), [&b"a"[..]]);
        // Refused: queued for the writer, and what follows queues behind it, untried.
        tx.push(Bytes::from_static(b"b")).unwrap();
        tx.push(Bytes::from_static(b"c")).unwrap();
        assert_eq!(fake.took.lock().unwrap().len(), 1);
        assert_eq!(take(&mut rx).await, Some(frame(b"b")));
        // While the writer holds "c", a push may not overtake it.
        assert_eq!(rx.recv().await, Some(frame(b"c")));
        tx.push(Bytes::from_static(b"d")).unwrap();
        assert_eq!(fake.took.lock().unwrap().len(), 1, "d waits behind c");
        rx.sent();
        assert_eq!(take(&mut rx).await, Some(frame(b"d")));
        // The queue empty and nothing in flight: straight to the socket again.
        tx.push(Bytes::from_static(b"e")).unwrap();
        assert_eq!(*fake.took.lock().unwrap(), [&b"a"[..], b"e"]);
    }

    #[tokio::test]
    async fn a_frame_written_but_not_flushed_is_flushed_by_the_writer_before_the_next() {
        let fake = socket(&[Some(false), Some(true)]);
        let (tx, mut rx) = outbox(100);
        rx.write_at_once_to(fake.clone());
        tx.push(Bytes::from_static(b"a")).unwrap();
        tx.push(Bytes::from_static(b"b")).unwrap();
        // "b" was not offered to the socket: "a" still waits for its flush.
        assert_eq!(*fake.took.lock().unwrap(), [&b"a"[..]]);
        assert_eq!(take(&mut rx).await, Some(Outgoing::Flush));
        assert_eq!(take(&mut rx).await, Some(frame(b"b")));
        tx.push(Bytes::from_static(b"c")).unwrap();
        assert_eq!(*fake.took.lock().unwrap(), [&b"a"[..], b"c"]);
        // The bound counts queued bytes only: nothing is queued now.
        assert_eq!(tx.0.lock().backlog, 0);
    }
}
