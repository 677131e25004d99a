//! Group commit: with `--durability machine`, many rooms waiting for a sync share one.
//!
//! A sync (fsync) costs the same whether it covers one update or a thousand. Rooms call
//! [`GroupCommit::sync`] after appending; a single background task collects everyone who is
//! waiting, runs one [`Store::sync`] on the blocking pool, and answers them all. While a sync is
//! running, new waiters queue up for the next one, so under load each fsync covers many updates.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::{mpsc, oneshot};

use super::{joined, Store, StoreError};
use crate::metrics::Metrics;

type Waiter = oneshot::Sender<Result<(), Arc<StoreError>>>;

/// Handle to the group-commit task. Cheap to clone.
#[derive(Clone)]
pub struct GroupCommit {
    waiters: mpsc::UnboundedSender<Waiter>,
}

impl GroupCommit {
    /// Starts the syncing task for `store`.
    pub fn start(store: Arc<dyn Store>, metrics: Arc<Metrics>) -> Self {
        let (tx, mut rx) = mpsc::unbounded_channel::<Waiter>();
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while let Ok(more) = rx.try_recv() {
                    batch.push(more);
                }
                let store = store.clone();
                let started = Instant::now();
                let result = joined(tokio::task::spawn_blocking(move || store.sync()).await)
                    .map_err(Arc::new);
                metrics
                    .sync_seconds
                    .observe(started.elapsed().as_secs_f64());
                if let Err(e) = &result {
                    tracing::error!(error = %e, "sync failed");
                }
                for waiter in batch {
                    let _ = waiter.send(result.clone());
                }
            }
        });
        GroupCommit { waiters: tx }
    }

    /// Returns once every append made before this call survives a crash of the machine.
    pub async fn sync(&self) -> Result<(), Arc<StoreError>> {
        let (tx, rx) = oneshot::channel();
        let gone = || Arc::new(StoreError::Task("group commit task stopped".into()));
        self.waiters.send(tx).map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }
}
