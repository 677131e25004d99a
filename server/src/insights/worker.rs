//! The insights worker: one per postmortem being edited, off the sync path.
//!
//! A body room hands every change it integrates to [`Insights::changed`]. The first change of a
//! burst starts a worker for that postmortem, which builds a replica of the body (a snapshot of
//! the room) and applies the following changes to it. The hooks run once typing pauses for
//! [`InsightsConfig::quiet`], and at least every [`InsightsConfig::max_delay`] under continuous
//! typing, on the blocking pool. Results go to `P.insights` through
//! [`Rooms::apply_update`](crate::room::Rooms::apply_update) like any server-side write: durable,
//! then broadcast. Typing never waits for any of it, and a failing hook is logged and skipped.
//!
//! A worker stops after a check that no new edit followed, dropping its replica: a document
//! nobody is editing costs no worker, however long it stays loaded. The next edit starts a new
//! one.

use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::mpsc;
use tokio::time::Instant;

use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, Transact, Update};

use super::action_items::{node_position, observe, to_any};
use super::annotations::{annotate, FindingCache};
use super::{insights_room, sync_maps, ACTION_ITEMS, ANNOTATIONS};
use crate::blocks::yjs::{self, BODY};
use crate::blocks::Origin;
use crate::clock::now_rfc3339;
use crate::doc_name::DocName;
use crate::hooks::actions;
use crate::hooks::blame::RuleSet;
use crate::room::{RoomError, Rooms};
use crate::tracker::Tracker;

/// When the hooks run.
#[derive(Debug, Clone, Copy)]
pub struct InsightsConfig {
    /// Run this long after the last edit.
    pub quiet: Duration,
    /// But no later than this after the first edit not yet checked.
    pub max_delay: Duration,
}

impl Default for InsightsConfig {
    fn default() -> Self {
        InsightsConfig {
            quiet: Duration::from_millis(250),
            max_delay: Duration::from_secs(1),
        }
    }
}

/// The changes a worker has not taken yet.
type Changes = mpsc::UnboundedReceiver<Bytes>;

/// What every worker shares.
pub struct Insights {
    rooms: Rooms,
    rules: RuleSet,
    tracker: Arc<Tracker>,
    config: InsightsConfig,
    /// The running workers, by body room: where their changes go.
    workers: Mutex<HashMap<DocName, mpsc::UnboundedSender<Bytes>>>,
}

impl Insights {
    pub fn new(
        rooms: Rooms,
        rules: RuleSet,
        tracker: Arc<Tracker>,
        config: InsightsConfig,
    ) -> Arc<Self> {
        Arc::new(Insights {
            rooms,
            rules,
            tracker,
            config,
            workers: Mutex::new(HashMap::new()),
        })
    }

    /// Takes a change (a v1 update) the body room `name` has integrated, starting a worker for
    /// it if none is running. Never blocks on the worker.
    pub fn changed(self: &Arc<Self>, name: &DocName, change: &[u8]) {
        let change = Bytes::copy_from_slice(change);
        let mut workers = self.workers.lock().expect("insights workers lock");
        let change = match workers.get(name) {
            Some(worker) => match worker.send(change) {
                Ok(()) => return,
                // Only if the worker task died without deregistering (a panic): start anew.
                Err(mpsc::error::SendError(change)) => change,
            },
            None => change,
        };
        let Ok(target) = DocName::parse(&insights_room(name.as_str())) else {
            tracing::warn!(doc = %name, "name too long for an insights room; no insights");
            return;
        };
        let (tx, changes) = mpsc::unbounded_channel();
        tx.send(change).expect("receiver held here");
        workers.insert(name.clone(), tx);
        let worker = Worker {
            shared: self.clone(),
            name: name.clone(),
            target,
            replica: None,
            insights: None,
            cache: FindingCache::default(),
        };
        tokio::spawn(worker.run(changes));
    }

    /// Deregisters the worker for `name` if it has no change waiting; false if it has one (it
    /// must go on). Changes are sent under the same lock, so none can be lost in between.
    fn retire(&self, name: &DocName, changes: &Changes) -> bool {
        let mut workers = self.workers.lock().expect("insights workers lock");
        if !changes.is_empty() {
            return false;
        }
        workers.remove(name);
        true
    }
}

struct Worker {
    shared: Arc<Insights>,
    /// The body room watched.
    name: DocName,
    /// Its insights room.
    target: DocName,
    /// The body, built at the first check.
    replica: Option<Doc>,
    /// The worker's copy of the insights document (it is the only writer of what it writes),
    /// read at the first check.
    insights: Option<Doc>,
    cache: FindingCache,
}

impl Worker {
    async fn run(mut self, mut changes: Changes) {
        tracing::debug!(doc = %self.name, "insights worker started");
        loop {
            self.until_quiet(&mut changes).await;
            if let Err(e) = self.load().await {
                tracing::warn!(doc = %self.name, error = %e, "document unavailable; insights not updated");
            } else {
                match self.check().await {
                    Some(worker) => self = worker,
                    None => return, // the runtime is shutting down
                }
            }
            if self.shared.retire(&self.name, &changes) {
                break;
            }
        }
        tracing::debug!(doc = %self.name, "insights worker stopped");
    }

    /// Takes changes until typing pauses: [`InsightsConfig::quiet`] after the last one, or
    /// [`InsightsConfig::max_delay`] after the first.
    async fn until_quiet(&mut self, changes: &mut Changes) {
        let config = self.shared.config;
        let first = Instant::now();
        let mut due = first + config.quiet;
        loop {
            tokio::select! {
                biased;
                change = changes.recv() => {
                    // The sender is in the registry until this worker retires.
                    let Some(change) = change else { return };
                    self.integrate(&change);
                    due = (Instant::now() + config.quiet).min(first + config.max_delay);
                }
                _ = tokio::time::sleep_until(due) => return,
            }
        }
    }

    /// Builds the replica and the insights copy if this worker has none yet. Changes taken
    /// before are in the snapshot or applied again, which Yjs ignores.
    async fn load(&mut self) -> Result<(), RoomError> {
        if self.replica.is_none() {
            self.replica = Some(self.shared.rooms.snapshot(&self.name).await?);
        }
        if self.insights.is_none() {
            self.insights = Some(self.shared.rooms.read(&self.target).await?);
        }
        Ok(())
    }

    /// Applies a change to the replica, once there is one (until then the snapshot to come
    /// holds it).
    fn integrate(&self, change: &[u8]) {
        let Some(replica) = &self.replica else { return };
        let applied = Update::decode_v1(change)
            .map_err(|e| e.to_string())
            .and_then(|update| {
                replica
                    .transact_mut()
                    .apply_update(update)
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = applied {
            tracing::error!(doc = %self.name, error = %e, "replica update failed");
        }
    }

    /// Runs the hooks on the blocking pool and writes what changed. `None` only if the blocking
    /// task could not run (the runtime is shutting down).
    async fn check(self) -> Option<Self> {
        let (worker, update) = tokio::task::spawn_blocking(move || {
            let mut worker = self;
            let update = catch_unwind(AssertUnwindSafe(|| worker.derive()));
            (worker, update)
        })
        .await
        .ok()?;
        match update {
            Ok(Some(update)) => {
                if let Err(e) = worker
                    .shared
                    .rooms
                    .apply_update(&worker.target, update.into())
                    .await
                {
                    tracing::error!(doc = %worker.target, error = %e, "writing insights failed");
                }
            }
            Ok(None) => {}
            Err(_) => {
                tracing::error!(doc = %worker.name, "a hook panicked; insights left as they were")
            }
        }
        Some(worker)
    }

    /// The update that brings `P.insights` in line with the body, if anything changed.
    fn derive(&mut self) -> Option<Vec<u8>> {
        let (replica, insights) = (self.replica.as_ref()?, self.insights.as_ref()?);
        let txn = replica.transact();
        let body = txn.get_xml_fragment(BODY)?;
        let annotations: BTreeMap<_, _> =
            annotate(&txn, &body, &self.shared.rules, &mut self.cache)
                .iter()
                .map(|a| (a.id.clone(), a.to_any()))
                .collect();

        let blocks = yjs::parse(&txn, &body);
        let found = actions::extract(&blocks);
        let observed = found.iter().map(|item| observe(&blocks, item)).collect();
        let now = now_rfc3339();
        let tracked = match self.shared.tracker.sync(self.name.as_str(), observed, &now) {
            Ok(tracked) => tracked,
            Err(e) => {
                tracing::error!(doc = %self.name, error = %e, "action-item tracker failed");
                return sync_maps(insights, &[(ANNOTATIONS, &annotations)]);
            }
        };
        // `sync` returns the items still in the document in document order, as `found` is.
        let items: BTreeMap<_, _> = tracked
            .iter()
            .zip(&found)
            .map(|(item, seen)| {
                let anchor = match &blocks[seen.block].origin {
                    Origin::Node(node) => node_position(&txn, &body, &node.path),
                    Origin::Line(_) => None,
                };
                (item.id.clone(), to_any(item, anchor))
            })
            .collect();
        drop(txn);
        sync_maps(
            insights,
            &[(ANNOTATIONS, &annotations), (ACTION_ITEMS, &items)],
        )
    }
}
