//! Closing a connection from elsewhere: its room (slow consumer, bad update, unload), its
//! reader (bad frame, keepalive timeout) or a revoked share link.
//!
//! Only the first reason matters, so this is one slot rather than a queue: a queue would
//! allocate a buffer for every connection that is almost never used.

use tokio::sync::watch;

use super::CloseReason;

/// Asks a connection to close. Cheap to clone.
#[derive(Clone)]
pub struct Closer(watch::Sender<Option<CloseReason>>);

/// The connection's end: where its writer learns that it must close.
pub struct CloseRequests(watch::Receiver<Option<CloseReason>>);

pub fn closer() -> (Closer, CloseRequests) {
    let (tx, rx) = watch::channel(None);
    (Closer(tx), CloseRequests(rx))
}

impl Closer {
    /// Asks for the connection to close with `reason`, unless a reason was given already.
    pub fn close(&self, reason: CloseReason) {
        self.0.send_if_modified(|slot| match slot {
            Some(_) => false,
            None => {
                *slot = Some(reason);
                true
            }
        });
    }
}

impl CloseRequests {
    /// The reason the connection must close; `None` once every [`Closer`] is gone without
    /// giving one.
    pub async fn recv(&mut self) -> Option<CloseReason> {
        self.0.wait_for(Option::is_some).await.ok()?.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_reason_wins_and_survives_its_closer() {
        let (closer, mut requests) = closer();
        let other = closer.clone();
        closer.close(CloseReason::new(1013, "too slow"));
        other.close(CloseReason::new(1001, "going away"));
        drop((closer, other));
        assert_eq!(
            requests.recv().await,
            Some(CloseReason::new(1013, "too slow"))
        );
    }

    #[tokio::test]
    async fn no_reason_once_every_closer_is_gone() {
        let (closer, mut requests) = closer();
        drop(closer);
        assert_eq!(requests.recv().await, None);
    }
}
