//! The audit trail: who did what to each postmortem, and when, for its editors to read
//! (`GET /api/postmortems/{id}/audit`).
//!
//! What is recorded, and by whom:
//! - **joined** (every WebSocket connection to a postmortem's body room, with the caller's
//!   role), **status changed** (the body's `meta.status` went from one value to another) and
//!   **thread resolved** (a review thread in `P.comments` was marked resolved): reported by the
//!   room ([`crate::room::RoomChange`]), which sees the changes on its own document (Yrs
//!   observers, which run only when that map changes, so typing costs nothing) and names the
//!   connection that made them. Plain Yjs documents (no `meta`) report nothing;
//! - **annotation dismissed**, **link shared**, **link revoked**: by their HTTP handlers.
//!
//! Who is an [`Actor`]: the display identity of the caller, never a credential.
//!
//! Records go through a queue to one writer task, which writes whatever has queued up as one
//! table write (through the store's write-ahead log), so recording never waits on the store and
//! never runs on a keystroke's path. A read first waits for the records queued before it.
//!
//! Storage: the store's `audit` table, keyed by postmortem, then time in milliseconds, then a
//! sequence number, so one postmortem's trail is one key range, read newest first a page at a
//! time. Records older than `--audit-retention-days` (default 365) are removed once an hour
//! ([`Audit::prune`]; a record is about 150 bytes, a joined record per connection the bulk).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};

use crate::auth::{Actor, Role};
use crate::clock::rfc3339;
use crate::room::RoomChange;
use crate::store::{StoreError, Table, TableOp};

/// Most records one read returns.
pub const MAX_PAGE: usize = 500;

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    Joined {
        role: String,
    },
    StatusChanged {
        from: String,
        to: String,
    },
    /// A step of the review workflow (see [`crate::lifecycle`]).
    Reviewed {
        step: crate::lifecycle::Step,
        from: String,
        to: String,
        note: Option<String>,
    },
    AnnotationDismissed {
        annotation: String,
    },
    ThreadResolved {
        thread: String,
    },
    LinkShared {
        link: String,
        role: Role,
    },
    LinkRevoked {
        link: String,
        role: Role,
    },
}

impl From<RoomChange> for Event {
    fn from(change: RoomChange) -> Event {
        match change {
            RoomChange::Joined { role } => Event::Joined { role: role.into() },
            RoomChange::Status { from, to } => Event::StatusChanged { from, to },
            RoomChange::Resolved { thread } => Event::ThreadResolved { thread },
        }
    }
}

/// One record of the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// RFC 3339.
    pub at: String,
    pub actor: Actor,
    #[serde(flatten)]
    pub event: Event,
}

/// A page of one postmortem's trail, newest first; `next` continues it (as `?before=`).
#[derive(Debug, Serialize)]
pub struct Page {
    pub records: Vec<Record>,
    pub next: Option<String>,
}

/// Why the trail could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("`before` is not a cursor this server gave out")]
    BadCursor,
    #[error("the audit writer has stopped")]
    Stopped,
}

enum Queued {
    Record {
        key: Vec<u8>,
        value: Vec<u8>,
    },
    /// Answered once everything queued before it is written.
    Flush(oneshot::Sender<()>),
}

/// The audit trail of every postmortem.
pub struct Audit {
    table: Arc<dyn Table>,
    queue: mpsc::UnboundedSender<Queued>,
    /// Tells apart records of the same millisecond.
    seq: AtomicU32,
}

/// Key of postmortem `postmortem`'s records: `{postmortem}/` then the cursor bytes. Postmortem
/// ids never hold a `/`, so no id's range holds another's.
fn prefix(postmortem: &str) -> Vec<u8> {
    format!("{postmortem}/").into_bytes()
}

/// Time (milliseconds, 8 bytes) and sequence number (4 bytes), big-endian: key order is time
/// order.
const CURSOR_BYTES: usize = 12;

impl Audit {
    /// The trail kept in `table`, with its writer task started (so: inside a tokio runtime).
    pub fn start(table: Arc<dyn Table>) -> Arc<Audit> {
        let (queue, queued) = mpsc::unbounded_channel();
        tokio::spawn(write_loop(table.clone(), queued));
        Arc::new(Audit {
            table,
            queue,
            seq: AtomicU32::new(0),
        })
    }

    /// Records `event` by `actor` on `postmortem`, now. Never blocks.
    pub fn record(&self, postmortem: &str, actor: Actor, event: Event) {
        let at = time::OffsetDateTime::now_utc();
        let millis = u64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
        let mut key = prefix(postmortem);
        key.extend_from_slice(&millis.to_be_bytes());
        key.extend_from_slice(&self.seq.fetch_add(1, Ordering::Relaxed).to_be_bytes());
        let record = Record {
            at: rfc3339(at),
            actor,
            event,
        };
        tracing::debug!(postmortem, ?record, "audit");
        let value = serde_json::to_vec(&record).expect("a record serializes");
        if self.queue.send(Queued::Record { key, value }).is_err() {
            tracing::error!(postmortem, "audit writer stopped; record lost");
        }
    }

    /// Up to `limit` (at most [`MAX_PAGE`]) records of `postmortem`, newest first, older than
    /// the cursor `before` when given.
    pub async fn read(
        self: &Arc<Self>,
        postmortem: &str,
        before: Option<&str>,
        limit: usize,
    ) -> Result<Page, AuditError> {
        let start = prefix(postmortem);
        let mut end = start.clone();
        match before {
            Some(cursor) => {
                let bytes = URL_SAFE_NO_PAD
                    .decode(cursor)
                    .map_err(|_| AuditError::BadCursor)?;
                if bytes.len() != CURSOR_BYTES {
                    return Err(AuditError::BadCursor);
                }
                end.extend_from_slice(&bytes);
            }
            // Just past every key of this postmortem: `/` + 1.
            None => *end.last_mut().expect("a prefix ends with /") = b'0',
        }
        let (flushed, done) = oneshot::channel();
        self.queue
            .send(Queued::Flush(flushed))
            .map_err(|_| AuditError::Stopped)?;
        done.await.map_err(|_| AuditError::Stopped)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let audit = self.clone();
        let rows = tokio::task::spawn_blocking(move || audit.table.range_back(&start, &end, limit))
            .await
            .map_err(|e| StoreError::Task(e.to_string()))??;
        let next = (rows.len() == limit)
            .then(|| {
                rows.last()
                    .map(|(key, _)| URL_SAFE_NO_PAD.encode(&key[key.len() - CURSOR_BYTES..]))
            })
            .flatten();
        let records = rows
            .iter()
            .map(|(_, value)| {
                serde_json::from_slice(value).map_err(|e| StoreError::Corrupt(e.to_string()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Page { records, next })
    }
}

/// Most records one pruning write removes.
const PRUNE_BATCH: usize = 1000;

impl Audit {
    /// Removes every record made before `cutoff`; returns how many. Blocks. Walks the table one
    /// postmortem at a time, from the last key down, reading only the first key of each
    /// postmortem's range and the records it removes: O(postmortems + removed records).
    pub fn prune(&self, cutoff: time::OffsetDateTime) -> Result<usize, StoreError> {
        let cutoff = u64::try_from(cutoff.unix_timestamp_nanos() / 1_000_000).unwrap_or(0);
        let mut removed = 0;
        // Keys below `below` are still to be looked at; record keys start with a postmortem
        // id, which is ASCII, so all of them are below 0xff.
        let mut below = vec![0xff];
        loop {
            let last = self.table.range_back(b"", &below, 1)?;
            let Some((key, _)) = last.into_iter().next() else {
                return Ok(removed);
            };
            let Some(slash) = key.iter().position(|&b| b == b'/') else {
                // Not a record key (none are written): step past it.
                below = key;
                continue;
            };
            let start = key[..=slash].to_vec();
            let mut end = start.clone();
            end.extend_from_slice(&cutoff.to_be_bytes());
            loop {
                let old = self.table.range_back(&start, &end, PRUNE_BATCH)?;
                if old.is_empty() {
                    break;
                }
                removed += old.len();
                let ops = old.iter().map(|(key, _)| TableOp::remove(key)).collect();
                self.table.write(ops)?;
            }
            below = start;
        }
    }

    /// Prunes records older than `retention` once an hour, for as long as the server runs.
    pub async fn prune_periodically(self: Arc<Self>, retention: std::time::Duration) {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let audit = self.clone();
            let cutoff = time::OffsetDateTime::now_utc() - retention;
            match tokio::task::spawn_blocking(move || audit.prune(cutoff)).await {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => tracing::info!(records = n, "pruned audit records past retention"),
                Ok(Err(e)) => tracing::warn!(error = %e, "cannot prune the audit trail"),
                Err(e) => tracing::warn!(error = %e, "audit pruning failed"),
            }
        }
    }
}

/// Writes queued records, everything queued so far in one table write.
async fn write_loop(table: Arc<dyn Table>, mut queued: mpsc::UnboundedReceiver<Queued>) {
    while let Some(first) = queued.recv().await {
        let mut ops = Vec::new();
        let mut flushes = Vec::new();
        let mut next = Some(first);
        while let Some(item) = next {
            match item {
                Queued::Record { key, value } => ops.push(TableOp::insert(&key, value)),
                Queued::Flush(done) => flushes.push(done),
            }
            next = queued.try_recv().ok();
        }
        if !ops.is_empty() {
            let table = table.clone();
            let count = ops.len();
            match tokio::task::spawn_blocking(move || table.write(ops)).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::error!(error = %e, count, "writing audit records failed"),
                Err(e) => tracing::error!(error = %e, count, "writing audit records failed"),
            }
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{SledStore, Store};

    fn actor(name: &str) -> Actor {
        Actor { name: name.into() }
    }

    /// A record row of `postmortem` made at `millis` (ms since the Unix epoch).
    fn row_at(postmortem: &str, millis: u64, seq: u32) -> TableOp {
        let mut key = prefix(postmortem);
        key.extend_from_slice(&millis.to_be_bytes());
        key.extend_from_slice(&seq.to_be_bytes());
        let record = Record {
            at: rfc3339(
                time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
                    .unwrap(),
            ),
            actor: actor("x"),
            event: Event::Joined {
                role: "viewer".into(),
            },
        };
        TableOp::insert(&key, serde_json::to_vec(&record).unwrap())
    }

    #[tokio::test]
    async fn pruning_removes_records_before_the_cutoff_in_every_postmortem() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let table = store.table("audit").unwrap();
        let day = 24 * 3600 * 1000;
        // pm1: more old records than one pruning write removes, and one recent one; pm10 and
        // pm (ids sharing pm1's start) one old record each; pm2 only recent ones.
        let mut rows: Vec<_> = (0..PRUNE_BATCH as u32 + 5)
            .map(|i| row_at("pm1", 10 * day, i))
            .collect();
        rows.push(row_at("pm1", 400 * day, 0));
        rows.push(row_at("pm10", 20 * day, 0));
        rows.push(row_at("pm", 99 * day, 0));
        rows.push(row_at("pm2", 100 * day, 0));
        rows.push(row_at("pm2", 101 * day, 0));
        table.write(rows).unwrap();
        let audit = Audit::start(table);
        let cutoff =
            time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(100 * day) * 1_000_000)
                .unwrap();
        assert_eq!(audit.prune(cutoff).unwrap(), PRUNE_BATCH + 5 + 2);
        let kept = |pm: &'static str| {
            let audit = audit.clone();
            async move { audit.read(pm, None, MAX_PAGE).await.unwrap().records.len() }
        };
        assert_eq!(kept("pm1").await, 1);
        assert_eq!(kept("pm10").await, 0);
        assert_eq!(kept("pm").await, 0);
        assert_eq!(kept("pm2").await, 2, "a record made at the cutoff is kept");
        // Nothing left to prune.
        assert_eq!(audit.prune(cutoff).unwrap(), 0);
    }

    #[tokio::test]
    async fn records_read_back_newest_first_per_postmortem_in_pages() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let audit = Audit::start(store.table("audit").unwrap());
        for i in 0..5 {
            audit.record(
                "pm1",
                actor("admin"),
                Event::AnnotationDismissed {
                    annotation: format!("a{i}"),
                },
            );
        }
        // A postmortem whose id starts like pm1's is not part of its trail.
        audit.record(
            "pm10",
            actor("x"),
            Event::Joined {
                role: "viewer".into(),
            },
        );
        audit.record(
            "pm",
            actor("x"),
            Event::Joined {
                role: "viewer".into(),
            },
        );

        let page = audit.read("pm1", None, 3).await.unwrap();
        let names = |page: &Page| {
            page.records
                .iter()
                .map(|r| match &r.event {
                    Event::AnnotationDismissed { annotation } => annotation.clone(),
                    other => panic!("unexpected {other:?}"),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&page), ["a4", "a3", "a2"]);
        let rest = audit.read("pm1", page.next.as_deref(), 3).await.unwrap();
        assert_eq!(names(&rest), ["a1", "a0"]);
        assert_eq!(rest.next, None);
        assert_eq!(audit.read("pm10", None, 10).await.unwrap().records.len(), 1);
        assert!(matches!(
            audit.read("pm1", Some("!"), 10).await,
            Err(AuditError::BadCursor)
        ));
    }

    #[test]
    fn records_serialize_flat() {
        let record = Record {
            at: "2026-01-01T00:00:00Z".into(),
            actor: actor("admin"),
            event: Event::StatusChanged {
                from: "draft".into(),
                to: "review".into(),
            },
        };
        assert_eq!(
            serde_json::to_value(&record).unwrap(),
            serde_json::json!({
                "at": "2026-01-01T00:00:00Z", "actor": {"name": "admin"},
                "kind": "status_changed", "from": "draft", "to": "review",
            })
        );
    }
}
