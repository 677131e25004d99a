//! The insights worker: one per loaded postmortem, off the sync path.
//!
//! When a postmortem's body room loads, a worker joins it as a *watcher* (the server's own peer:
//! it receives every update like any client but does not keep the room loaded) and keeps a
//! replica of the body. Edits only mark the replica dirty; the hooks run once typing pauses for
//! [`InsightsConfig::quiet`], and at least every [`InsightsConfig::max_delay`] under continuous
//! typing, on the blocking pool. Results go to `P.insights` through
//! [`Rooms::apply_update`](crate::room::Rooms::apply_update) like any server-side write: durable,
//! then broadcast. Typing never waits for any of it, and a failing hook is logged and skipped.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use yrs::{Doc, ReadTxn, StateVector, Transact};

use super::action_items::{node_position, observe, to_any};
use super::annotations::{annotate, FindingCache};
use super::{insights_room, sync_maps, ACTION_ITEMS, ANNOTATIONS};
use crate::blocks::yjs::{self, BODY};
use crate::blocks::Origin;
use crate::clock::now_rfc3339;
use crate::doc_name::DocName;
use crate::hooks::actions;
use crate::hooks::blame::RuleSet;
use crate::protocol::{self, Incoming};
use crate::room::{new_doc, outbox, Access, PeerLink, RoomHandle, Rooms};
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

/// What every worker shares.
pub struct Insights {
    rooms: Rooms,
    rules: RuleSet,
    tracker: Arc<Tracker>,
    config: InsightsConfig,
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
        })
    }

    /// Starts the worker for the body room `name` (called when that room loads).
    pub fn start(self: &Arc<Self>, name: DocName, room: RoomHandle) {
        let Ok(target) = DocName::parse(&insights_room(name.as_str())) else {
            tracing::warn!(doc = %name, "name too long for an insights room; no insights");
            return;
        };
        let worker = Worker {
            shared: self.clone(),
            name,
            target,
            replica: new_doc(),
            // Replaced by a snapshot of the insights room once the worker runs.
            insights: new_doc(),
            cache: FindingCache::default(),
        };
        tokio::spawn(worker.run(room));
    }
}

struct Worker {
    shared: Arc<Insights>,
    /// The body room watched.
    name: DocName,
    /// Its insights room.
    target: DocName,
    replica: Doc,
    /// The worker's copy of the insights document (it is the only writer of what it writes).
    insights: Doc,
    cache: FindingCache,
}

impl Worker {
    async fn run(mut self, room: RoomHandle) {
        let rooms = self.shared.rooms.clone();
        let peer = rooms.new_peer_id();
        // The server's own peer is never "too slow": it only ever lags by what it has not read.
        let (outbox, mut frames) = outbox(usize::MAX);
        let (control, mut closed) = mpsc::channel(1);
        if room
            .join(peer, PeerLink { outbox, control }, Access::Watcher)
            .await
            .is_err()
        {
            return;
        }
        if room
            .deliver(peer, Incoming::SyncStep1(StateVector::default()))
            .await
            .is_err()
        {
            return;
        }
        match rooms.snapshot(&self.target).await {
            Ok(insights) => self.insights = insights,
            Err(e) => {
                tracing::warn!(doc = %self.target, error = %e, "insights room unavailable; worker stops");
                room.leave(peer).await;
                return;
            }
        }
        tracing::debug!(doc = %self.name, "insights worker started");

        let config = self.shared.config;
        let mut first_dirty: Option<Instant> = None;
        let mut due: Option<Instant> = None;
        loop {
            tokio::select! {
                biased;
                _ = closed.recv() => break,
                frame = frames.recv() => {
                    let Some(frame) = frame else { break };
                    if self.integrate(&frame) {
                        let now = Instant::now();
                        let first = *first_dirty.get_or_insert(now);
                        due = Some((now + config.quiet).min(first + config.max_delay));
                    }
                }
                _ = tokio::time::sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => {
                    due = None;
                    first_dirty = None;
                    match self.check().await {
                        Some(worker) => self = worker,
                        None => return, // the runtime is shutting down
                    }
                }
            }
        }
        room.leave(peer).await;
        tracing::debug!(doc = %self.name, "insights worker stopped");
    }

    /// Applies a frame from the room to the replica; true if it carried a document change.
    fn integrate(&self, frame: &[u8]) -> bool {
        let Ok(messages) = protocol::decode_frame(frame) else {
            return false;
        };
        let mut changed = false;
        for message in messages {
            if let Incoming::Update { update, .. } = message {
                match self.replica.transact_mut().apply_update(update) {
                    Ok(()) => changed = true,
                    Err(e) => {
                        tracing::error!(doc = %self.name, error = %e, "replica update failed")
                    }
                }
            }
        }
        changed
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
        let txn = self.replica.transact();
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
                return sync_maps(&self.insights, &[(ANNOTATIONS, &annotations)]);
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
            &self.insights,
            &[(ANNOTATIONS, &annotations), (ACTION_ITEMS, &items)],
        )
    }
}
