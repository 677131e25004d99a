//! The insights worker: one per live postmortem body, off the sync path.
//!
//! A body room starts its worker at its first committed change ([`Insights::watch`]), handing it
//! the whole document once; from then on the room hands it each committed batch's merged update,
//! after the batch is durable and broadcast and in the same order, and the worker applies them to
//! its replica of the body. The hooks run once typing pauses for [`InsightsConfig::quiet`], and at
//! least every [`InsightsConfig::max_delay`] under continuous typing, on the blocking pool. The
//! finding cache lives as long as the worker, so a check lints only the paragraphs that changed
//! since the last one.
//!
//! Results go into `P.insights` as one edit inside that room
//! ([`Rooms::edit`](crate::room::Rooms::edit)): it reads the maps as they are in the room's own
//! transaction and writes only the difference, durable then broadcast like any change; the worker
//! keeps no copy of `P.insights`. Typing never waits for any of it, and a failing hook is logged
//! and skipped.
//!
//! The worker lives as long as its body room stays loaded: when the room unloads it drops its
//! end of the channel, and the worker checks what it had not checked yet and stops.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::mpsc;
use tokio::time::Instant;

use yrs::updates::decoder::Decode;
use yrs::{Any, Doc, ReadTxn, Transact, Update};

use super::action_items::{node_position, observe, to_any};
use super::annotations::{annotate, FindingCache};
use super::{insights_room, sync_maps, ACTION_ITEMS, ANNOTATIONS};
use crate::blocks::outline::outline;
use crate::blocks::yjs::BODY;
use crate::blocks::{Block, Origin};
use crate::doc_name::DocName;
use crate::hooks::actions;
use crate::hooks::actions::Words;
use crate::hooks::checks::Checks;
use crate::postmortem::Postmortem;
use crate::room::{new_doc, RoomError, Rooms, Watcher};
use crate::summaries::Summaries;
use crate::tracker::Tracker;
use time::OffsetDateTime;

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

/// The committed updates a worker has not taken yet.
type Updates = mpsc::UnboundedReceiver<Bytes>;

/// What every worker shares.
pub struct Insights {
    rooms: Rooms,
    checks: Checks,
    words: Arc<Words>,
    tracker: Arc<Tracker>,
    summaries: Arc<Summaries>,
    config: InsightsConfig,
}

impl Insights {
    pub fn new(
        rooms: Rooms,
        checks: Checks,
        words: Arc<Words>,
        tracker: Arc<Tracker>,
        summaries: Arc<Summaries>,
        config: InsightsConfig,
    ) -> Arc<Self> {
        Arc::new(Insights {
            rooms,
            checks,
            words,
            tracker,
            summaries,
            config,
        })
    }

    /// Starts the worker of the body room `name`, whose whole document is `state` (a v1 update);
    /// the room sends its committed updates to the returned [`Watcher`]. `None` if the
    /// postmortem can have no insights room. Never blocks.
    pub fn watch(self: &Arc<Self>, name: &DocName, state: Bytes) -> Option<Watcher> {
        let Ok(target) = DocName::parse(&insights_room(name.as_str())) else {
            tracing::warn!(doc = %name, "name too long for an insights room; no insights");
            return None;
        };
        let (watcher, updates) = mpsc::unbounded_channel();
        let worker = Worker {
            shared: self.clone(),
            name: name.clone(),
            target,
            replica: new_doc(),
            cache: FindingCache::default(),
        };
        tokio::spawn(worker.run(state, updates));
        Some(watcher)
    }
}

struct Worker {
    shared: Arc<Insights>,
    /// The body room watched.
    name: DocName,
    /// Its insights room.
    target: DocName,
    /// The body, as of the last check.
    replica: Doc,
    cache: FindingCache,
}

/// What the hooks found: the desired content of the insights maps. `items` is `None` when the
/// tracker failed, and the action items are then left as they were.
struct Derived {
    annotations: BTreeMap<String, Any>,
    items: Option<BTreeMap<String, Any>>,
}

impl Worker {
    async fn run(mut self, state: Bytes, mut updates: Updates) {
        tracing::debug!(doc = %self.name, "insights worker started");
        let mut pending = vec![state];
        loop {
            let open = until_quiet(self.shared.config, &mut updates, &mut pending).await;
            if !pending.is_empty() {
                match self.check(std::mem::take(&mut pending)).await {
                    Some(worker) => self = worker,
                    None => return,
                }
            }
            if !open {
                break;
            }
        }
        tracing::debug!(doc = %self.name, "insights worker stopped");
    }

    /// Applies `updates` to the replica and runs the hooks, on the blocking pool, then writes
    /// what they found. `None` if the blocking task failed (the runtime is shutting down, or the
    /// replica broke): the worker stops, and the room starts a new one at its next change.
    async fn check(self, updates: Vec<Bytes>) -> Option<Self> {
        let (worker, derived) = tokio::task::spawn_blocking(move || {
            let mut worker = self;
            let postmortem = worker.apply_and_summarize(&updates);
            let derived = catch_unwind(AssertUnwindSafe(|| worker.derive(&postmortem.body)));
            (worker, derived)
        })
        .await
        .ok()?;
        match derived {
            Ok(Some(derived)) => {
                let write = move |txn: &mut yrs::TransactionMut| {
                    let mut maps = vec![(ANNOTATIONS, &derived.annotations)];
                    if let Some(items) = &derived.items {
                        maps.push((ACTION_ITEMS, items));
                    }
                    sync_maps(txn, &maps);
                };
                match worker.shared.rooms.edit(&worker.target, write).await {
                    Ok(()) => {}
                    // The last check of a room closed by the shutdown: the next edit redoes it.
                    Err(RoomError::ShuttingDown) => {
                        tracing::debug!(doc = %worker.target, "insights not written: shutting down")
                    }
                    Err(e) => {
                        tracing::error!(doc = %worker.target, error = %e, "writing insights failed")
                    }
                }
            }
            Ok(None) => {}
            Err(_) => {
                tracing::error!(doc = %worker.name, "a hook panicked; insights left as they were")
            }
        }
        Some(worker)
    }

    /// Brings the replica up to date, reads the postmortem out of it once (the hooks work on
    /// the same read) and records its summary in the index, stamped with the store's change
    /// stamp read before. The room hands the worker each update right after committing it, so
    /// the summary covers every change so stamped but one committed in that instant, which the
    /// next check records (or, after a crash, the start-up rebuild).
    fn apply_and_summarize(&self, updates: &[Bytes]) -> Postmortem {
        let summaries = &self.shared.summaries;
        let stamp = summaries.stamp(&self.name);
        self.apply(updates);
        let postmortem = Postmortem::read(&self.replica);
        let recorded = stamp.and_then(|stamp| match stamp {
            Some(stamp) => summaries.record(&self.name, &postmortem, stamp),
            None => Ok(()),
        });
        if let Err(e) = recorded {
            tracing::error!(doc = %self.name, error = %e, "indexing the summary failed");
        }
        postmortem
    }

    /// Brings the replica up to date (updates it already holds change nothing).
    fn apply(&self, updates: &[Bytes]) {
        let mut txn = self.replica.transact_mut();
        for update in updates {
            let applied = Update::decode_v1(update)
                .map_err(|e| e.to_string())
                .and_then(|update| txn.apply_update(update).map_err(|e| e.to_string()));
            if let Err(e) = applied {
                tracing::error!(doc = %self.name, error = %e, "replica update failed");
            }
        }
    }

    /// What `P.insights` should hold for `blocks`, the body as the replica has it.
    fn derive(&mut self, blocks: &[Block]) -> Option<Derived> {
        let txn = self.replica.transact();
        let body = txn.get_xml_fragment(BODY)?;
        let annotations = annotate(&txn, blocks, &self.shared.checks, &mut self.cache)
            .iter()
            .map(|a| (a.id.clone(), a.to_any()))
            .collect();

        let blocks = outline(blocks);
        let found = actions::extract(&blocks, &self.shared.words);
        let observed = found.iter().map(|item| observe(&blocks, item)).collect();
        let now = OffsetDateTime::now_utc();
        let tracked = match self.shared.tracker.sync(self.name.as_str(), observed, now) {
            Ok(tracked) => tracked,
            Err(e) => {
                tracing::error!(doc = %self.name, error = %e, "action-item tracker failed");
                return Some(Derived {
                    annotations,
                    items: None,
                });
            }
        };
        // `sync` returns the items still in the document in document order, as `found` is.
        let items = tracked
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
        Some(Derived {
            annotations,
            items: Some(items),
        })
    }
}

/// Takes updates into `pending` until typing pauses: [`InsightsConfig::quiet`] after the last
/// one, or [`InsightsConfig::max_delay`] after the first; with none pending, first waits for
/// one. False once the room has dropped its end (it unloaded): nothing more will come.
async fn until_quiet(
    config: InsightsConfig,
    updates: &mut Updates,
    pending: &mut Vec<Bytes>,
) -> bool {
    if pending.is_empty() {
        match updates.recv().await {
            Some(update) => pending.push(update),
            None => return false,
        }
    }
    let first = Instant::now();
    let mut due = first + config.quiet;
    loop {
        tokio::select! {
            biased;
            update = updates.recv() => match update {
                Some(update) => {
                    pending.push(update);
                    due = (Instant::now() + config.quiet).min(first + config.max_delay);
                }
                None => return false,
            },
            _ = tokio::time::sleep_until(due) => return true,
        }
    }
}
