//! The writer: the one thread that appends the rooms' updates to the store.
//!
//! A room broadcasts an update only once the store holds it, so an append is on every
//! keystroke's path. It is a storage-engine write and a `write` call to the log, which may
//! block; run on the async threads, it would hold up every other connection and room there for
//! as long as it takes. Instead a room hands its append to this thread and awaits the answer,
//! taking more messages into its next batch meanwhile.
//!
//! The thread takes every append waiting when it wakes and writes them together
//! ([`Store::append_all`]: one write to the log for all of them), then, with
//! `--durability machine`, makes them survive a crash of the machine with one sync, and answers
//! every room. Under load one write and one sync cover many rooms' batches: group commit, in
//! both durability modes, on one path.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use tokio::sync::oneshot;

use super::{Append, Store, StoreError};
use crate::doc_name::DocName;
use crate::metrics::Metrics;

/// Most appends written together; more wait for the next round.
const MAX_APPENDS: usize = 256;

type Answer = oneshot::Sender<Result<(), Arc<StoreError>>>;

struct Job {
    name: DocName,
    seq: u64,
    update: Bytes,
    answer: Answer,
}

/// How durable an append is when the writer answers (`--durability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Durability {
    /// It survives a crash of the process (`kill -9`, a panic).
    Process,
    /// It survives a crash of the machine too (a sync after each round of appends).
    Machine,
}

/// Handle to the writer thread; cheap to clone. The thread ends when the last handle is dropped.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread for `store`.
    pub fn start(store: Arc<dyn Store>, durability: Durability, metrics: Arc<Metrics>) -> Writer {
        let (jobs, waiting) = mpsc::channel();
        std::thread::Builder::new()
            .name("debrief-writer".into())
            .spawn(move || write_until_closed(store.as_ref(), durability, &metrics, &waiting))
            .expect("spawning the store's writer thread");
        Writer { jobs }
    }

    /// Appends `update` (v1) to `name`'s log under `seq`; returns once it is as durable as
    /// configured.
    pub async fn append(
        &self,
        name: DocName,
        seq: u64,
        update: Bytes,
    ) -> Result<(), Arc<StoreError>> {
        let gone = || Arc::new(StoreError::Task("the store's writer thread stopped".into()));
        let (answer, answered) = oneshot::channel();
        let job = Job {
            name,
            seq,
            update,
            answer,
        };
        self.jobs.send(job).map_err(|_| gone())?;
        answered.await.map_err(|_| gone())?
    }
}

fn write_until_closed(
    store: &dyn Store,
    durability: Durability,
    metrics: &Metrics,
    waiting: &mpsc::Receiver<Job>,
) {
    let mut round = Vec::new();
    while let Ok(first) = waiting.recv() {
        round.push(first);
        while round.len() < MAX_APPENDS {
            match waiting.try_recv() {
                Ok(job) => round.push(job),
                Err(_) => break,
            }
        }
        let result = write_round(store, durability, metrics, &round).map_err(Arc::new);
        if let Err(e) = &result {
            tracing::error!(error = %e, appends = round.len(), "appending to the store failed");
        }
        for job in round.drain(..) {
            // A room that stopped waiting (shutting down) needs no answer.
            let _ = job.answer.send(result.clone());
        }
    }
}

fn write_round(
    store: &dyn Store,
    durability: Durability,
    metrics: &Metrics,
    round: &[Job],
) -> Result<(), StoreError> {
    let appends: Vec<Append<'_>> = round
        .iter()
        .map(|job| Append {
            name: &job.name,
            seq: job.seq,
            update: &job.update,
        })
        .collect();
    store.append_all(&appends)?;
    if durability == Durability::Machine {
        let started = Instant::now();
        store.sync()?;
        metrics
            .sync_seconds
            .observe(started.elapsed().as_secs_f64());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SledStore;

    fn name(s: &str) -> DocName {
        DocName::parse(s).unwrap()
    }

    #[tokio::test]
    async fn appends_from_many_rooms_are_stored_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
        let metrics = Arc::new(Metrics::default());
        let writer = Writer::start(store.clone(), Durability::Machine, metrics.clone());
        let rooms = (0..8).map(|room| {
            let writer = writer.clone();
            async move {
                for seq in 1..=20u64 {
                    let update = Bytes::from(format!("{room}:{seq}"));
                    writer
                        .append(name(&format!("pm-{room}")), seq, update)
                        .await
                        .unwrap();
                }
            }
        });
        futures_util::future::join_all(rooms).await;
        for room in 0..8 {
            let stored = store.load(&name(&format!("pm-{room}"))).unwrap();
            let expected: Vec<Vec<u8>> = (1..=20)
                .map(|seq| format!("{room}:{seq}").into_bytes())
                .collect();
            assert_eq!(stored.updates, expected);
            assert_eq!(stored.last_seq, 20);
        }
        // Each round of appends was synced once; rounds shared syncs.
        let text = metrics.render();
        let syncs: u64 = text
            .lines()
            .find_map(|line| line.strip_prefix("debrief_sync_seconds_count "))
            .and_then(|count| count.parse().ok())
            .expect("a sync count");
        assert!((1..=160).contains(&syncs), "{syncs} syncs");
    }
}
