//! Group commit: many rooms waiting for durability share one flush.
//!
//! A flush (fsync) costs the same whether it covers one update or a thousand. Rooms call
//! [`GroupCommit::flush`] after appending; a single background task collects everyone who is
//! waiting, runs one [`Store::flush`] on the blocking pool, and answers them all. While a flush is
//! running, new waiters queue up for the next one, so under load each fsync covers many updates.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::{mpsc, oneshot};

use super::{Store, StoreError};
use crate::metrics::Metrics;

type Waiter = oneshot::Sender<Result<(), Arc<StoreError>>>;

/// Handle to the group-commit task. Cheap to clone.
#[derive(Clone)]
pub struct GroupCommit {
    waiters: mpsc::UnboundedSender<Waiter>,
}

impl GroupCommit {
    /// Starts the flusher for `store`. With `enabled == false` flushes return at once (a
    /// benchmark-only mode that shows what durability costs; never use it for real data).
    pub fn start(store: Arc<dyn Store>, metrics: Arc<Metrics>, enabled: bool) -> Self {
        let (tx, mut rx) = mpsc::unbounded_channel::<Waiter>();
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while let Ok(more) = rx.try_recv() {
                    batch.push(more);
                }
                let result = if enabled {
                    let store = store.clone();
                    let started = Instant::now();
                    let result = tokio::task::spawn_blocking(move || store.flush())
                        .await
                        .unwrap_or_else(|e| Err(StoreError::Task(e.to_string())));
                    metrics
                        .flush_seconds
                        .observe(started.elapsed().as_secs_f64());
                    result.map_err(Arc::new)
                } else {
                    Ok(())
                };
                if let Err(e) = &result {
                    tracing::error!(error = %e, "flush failed");
                }
                for waiter in batch {
                    let _ = waiter.send(result.clone());
                }
            }
        });
        GroupCommit { waiters: tx }
    }

    /// Returns once every append made before this call is durable.
    pub async fn flush(&self) -> Result<(), Arc<StoreError>> {
        let (tx, rx) = oneshot::channel();
        let gone = || Arc::new(StoreError::Task("group commit task stopped".into()));
        self.waiters.send(tx).map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }
}
