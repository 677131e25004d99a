//! The action-item tracker: every action item of every postmortem, with a stable id, its fields
//! and its history (created, updated, completed, removed), queryable across postmortems.
//!
//! The document is the source of truth: the insights worker extracts the items after each edit
//! and [`Tracker::sync`] reconciles them with what was tracked ([`reconcile`]). Records live in
//! the store's table `action_items`, keyed `postmortem NUL id` so one postmortem is one prefix
//! scan; the table `action_item_ids` maps each id to its postmortem, so finding one item by id
//! is two point reads. Items are never deleted (a removed one keeps its record), so the index
//! only grows with them.

pub mod edit;
pub mod reconcile;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use tokio::sync::broadcast;

use crate::clock::rfc3339;
use crate::hooks::actions::{ActionItem, Status};
use crate::store::{Store, StoreError, Table, TableOp};
use reconcile::Observed;

/// One tracked action item: the item as its document says it now, and its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedItem {
    pub id: String,
    pub postmortem: String,
    /// Its status is [`Status::Removed`] once it is no longer in its document.
    #[serde(flatten)]
    pub item: ActionItem,
    /// The document node the item was last seen in (`client:clock:line`).
    pub node: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub completed: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub removed: Option<OffsetDateTime>,
    /// The due date an `action_item.overdue` event was sent for (once per due date).
    #[serde(
        default,
        with = "crate::clock::iso_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub overdue_notified: Option<Date>,
}

/// What happened to a tracked item, for those who follow them (webhooks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemEvent {
    Created,
    Updated,
    /// Open and past its due date (sent once per due date).
    Overdue,
}

impl ItemEvent {
    pub fn name(self) -> &'static str {
        match self {
            ItemEvent::Created => "action_item.created",
            ItemEvent::Updated => "action_item.updated",
            ItemEvent::Overdue => "action_item.overdue",
        }
    }
}

/// Told of every [`ItemEvent`], on the thread that stored it.
pub type ItemListener = Arc<dyn Fn(ItemEvent, &TrackedItem) + Send + Sync>;

impl TrackedItem {
    /// Open and past its due date on `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.item.status == Status::Open && self.item.due.is_some_and(|due| due < today)
    }

    /// The columns of [`TrackedItem::csv_fields`], as CSV headers.
    pub fn csv_headers() -> Vec<&'static str> {
        let mut headers = vec!["id", "postmortem"];
        headers.extend(ActionItem::CSV_HEADERS);
        headers.extend(["created", "updated", "completed", "removed"]);
        headers
    }

    /// The record as CSV fields, in the order of [`TrackedItem::csv_headers`].
    pub fn csv_fields(&self) -> Vec<String> {
        let time = |t: &Option<OffsetDateTime>| t.map(rfc3339).unwrap_or_default();
        let mut fields = vec![self.id.clone(), self.postmortem.clone()];
        fields.extend(self.item.csv_fields());
        fields.extend([
            rfc3339(self.created),
            rfc3339(self.updated),
            time(&self.completed),
            time(&self.removed),
        ]);
        fields
    }
}

/// Whether `item` is overdue on `today` and has not been notified for its due date; marks it
/// notified if so.
fn notify_overdue(item: &mut TrackedItem, today: Date) -> bool {
    if !item.is_overdue(today) || item.overdue_notified == item.item.due {
        return false;
    }
    item.overdue_notified = item.item.due;
    true
}

/// What to list.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Filter {
    pub status: Option<Status>,
    /// Case-insensitive, with or without a leading `@`.
    pub owner: Option<String>,
    pub postmortem: Option<String>,
    #[serde(default)]
    pub overdue: bool,
}

impl Filter {
    fn matches(&self, item: &TrackedItem, today: Date) -> bool {
        let owner = |want: &String| {
            let want = want.trim_start_matches('@');
            item.item
                .owner
                .as_deref()
                .is_some_and(|o| o.trim_start_matches('@').eq_ignore_ascii_case(want))
        };
        self.status.is_none_or(|s| s == item.item.status)
            && self.owner.as_ref().is_none_or(owner)
            && self
                .postmortem
                .as_ref()
                .is_none_or(|p| *p == item.postmortem)
            && (!self.overdue || item.is_overdue(today))
    }
}

pub struct Tracker {
    items: Arc<dyn Table>,
    /// id → postmortem.
    ids: Arc<dyn Table>,
    /// The postmortem of each change, for lists that stay live ([`Tracker::changes`]).
    changed: broadcast::Sender<String>,
    listener: std::sync::OnceLock<ItemListener>,
}

/// Changes announced that a slow listener may not have read yet before it misses some (it then
/// learns it lagged, and reloads all the same).
const CHANGES_KEPT: usize = 64;

fn key(postmortem: &str, id: &str) -> Vec<u8> {
    let mut key = prefix(postmortem);
    key.extend_from_slice(id.as_bytes());
    key
}

fn prefix(postmortem: &str) -> Vec<u8> {
    let mut key = postmortem.as_bytes().to_vec();
    key.push(0);
    key
}

/// The id index's entry for `item`.
fn index_op(item: &TrackedItem) -> TableOp {
    TableOp::insert(item.id.as_bytes(), item.postmortem.as_bytes().to_vec())
}

fn decode(value: &[u8]) -> Result<TrackedItem, StoreError> {
    serde_json::from_slice(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Tracker {
    /// The tracker kept in `store`; builds the id index if the store predates it.
    pub fn open(store: &dyn Store) -> Result<Self, StoreError> {
        let tracker = Tracker {
            items: store.table("action_items")?,
            ids: store.table("action_item_ids")?,
            changed: broadcast::channel(CHANGES_KEPT).0,
            listener: std::sync::OnceLock::new(),
        };
        if tracker.ids.scan(b"")?.is_empty() {
            let ops: Vec<TableOp> = tracker
                .items
                .scan(b"")?
                .iter()
                .map(|(_, value)| decode(value).map(|item| index_op(&item)))
                .collect::<Result<_, _>>()?;
            if !ops.is_empty() {
                tracing::info!(items = ops.len(), "indexed action items by id");
                tracker.ids.write(ops)?;
            }
        }
        Ok(tracker)
    }

    /// Reconciles the items found in `postmortem` now with what was tracked, stores the result,
    /// and returns the items still in the document (in document order).
    pub fn sync(
        &self,
        postmortem: &str,
        observed: Vec<Observed>,
        now: OffsetDateTime,
    ) -> Result<Vec<TrackedItem>, StoreError> {
        let previous = self.of_postmortem(postmortem)?;
        let mut items = reconcile::reconcile(postmortem, &previous, observed, now, || {
            uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
        });
        let mut events = Vec::new();
        for item in &mut items {
            match previous.iter().find(|p| p.id == item.id) {
                None => events.push((ItemEvent::Created, item.id.clone())),
                Some(before) if before.item != item.item => {
                    events.push((ItemEvent::Updated, item.id.clone()))
                }
                Some(_) => {}
            }
            if notify_overdue(item, now.date()) {
                events.push((ItemEvent::Overdue, item.id.clone()));
            }
        }
        let mut changed = Vec::new();
        let mut new_ids = Vec::new();
        for item in &items {
            if previous.iter().any(|p| p == item) {
                continue;
            }
            if !previous.iter().any(|p| p.id == item.id) {
                new_ids.push(index_op(item));
            }
            changed.push(TableOp::insert(
                &key(postmortem, &item.id),
                serde_json::to_vec(item).expect("item serializes"),
            ));
        }
        // The index first: an id it names whose item is missing reads as no item.
        if !new_ids.is_empty() {
            self.ids.write(new_ids)?;
        }
        if !changed.is_empty() {
            self.items.write(changed)?;
            self.announce(postmortem);
        }
        for (event, id) in events {
            if let Some(item) = items.iter().find(|i| i.id == id) {
                self.tell(event, item);
            }
        }
        Ok(items
            .into_iter()
            .filter(|i| i.item.status != Status::Removed)
            .collect())
    }

    /// Every item of one postmortem, removed ones included.
    pub fn of_postmortem(&self, postmortem: &str) -> Result<Vec<TrackedItem>, StoreError> {
        self.items
            .scan(&prefix(postmortem))?
            .iter()
            .map(|(_, value)| decode(value))
            .collect()
    }

    /// Items across all postmortems that pass `filter`, by postmortem then creation.
    pub fn query(&self, filter: &Filter, today: Date) -> Result<Vec<TrackedItem>, StoreError> {
        let mut items = Vec::new();
        for (_, value) in self.items.scan(b"")? {
            let item = decode(&value)?;
            if filter.matches(&item, today) {
                items.push(item);
            }
        }
        items.sort_by(|a, b| {
            (&a.postmortem, &a.created, &a.id).cmp(&(&b.postmortem, &b.created, &b.id))
        });
        Ok(items)
    }

    /// The item with this id.
    pub fn get(&self, id: &str) -> Result<Option<TrackedItem>, StoreError> {
        let Some(postmortem) = self.ids.get(id.as_bytes())? else {
            return Ok(None);
        };
        let postmortem = String::from_utf8_lossy(&postmortem);
        self.items
            .get(&key(&postmortem, id))?
            .map(|value| decode(&value))
            .transpose()
    }

    /// Records a status and a ticket set through the API (the document has been changed to
    /// match).
    pub fn record(
        &self,
        item: &TrackedItem,
        status: Option<Status>,
        ticket: Option<String>,
        now: OffsetDateTime,
    ) -> Result<TrackedItem, StoreError> {
        // The worker may have recorded the edited document already: compare with what is stored.
        let current = self.get(&item.id)?.unwrap_or_else(|| item.clone());
        let mut updated = current.clone();
        if let Some(status) = status {
            if status == Status::Done && current.item.status != Status::Done {
                updated.completed = Some(now);
            } else if status != Status::Done {
                updated.completed = None;
            }
            updated.item.status = status;
        }
        if ticket.is_some() {
            updated.item.ticket = ticket;
        }
        updated.updated = now;
        self.items.insert(
            &key(&updated.postmortem, &updated.id),
            serde_json::to_vec(&updated).expect("item serializes"),
        )?;
        self.announce(&updated.postmortem);
        if updated.item != current.item {
            self.tell(ItemEvent::Updated, &updated);
        }
        Ok(updated)
    }

    /// Sends `action_item.overdue` for every open item past its due date that has not had one
    /// for that date yet (items become overdue as days pass, not only as documents change).
    pub fn sweep_overdue(&self, today: Date) -> Result<usize, StoreError> {
        let mut sent = 0;
        for (key, value) in self.items.scan(b"")? {
            let mut item = decode(&value)?;
            if notify_overdue(&mut item, today) {
                self.items
                    .insert(&key, serde_json::to_vec(&item).expect("item serializes"))?;
                self.tell(ItemEvent::Overdue, &item);
                sent += 1;
            }
        }
        Ok(sent)
    }

    /// Who to tell of item events (set once, at startup).
    pub fn on_event(&self, listener: ItemListener) {
        if self.listener.set(listener).is_err() {
            tracing::error!("tracker listener set twice; keeping the first");
        }
    }

    fn tell(&self, event: ItemEvent, item: &TrackedItem) {
        if let Some(listener) = self.listener.get() {
            listener(event, item);
        }
    }

    /// The postmortem of every change to its tracked items from now on.
    pub fn changes(&self) -> broadcast::Receiver<String> {
        self.changed.subscribe()
    }

    fn announce(&self, postmortem: &str) {
        // Nobody listening is fine: lists read the records when they load.
        let _ = self.changed.send(postmortem.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hooks::actions::StatusIn;
    use time::macros::{date, datetime};

    const T1: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);
    const T2: OffsetDateTime = datetime!(2026-11-21 10:00 UTC);

    fn seen(node: &str, text: &str, owner: &str, due: Option<Date>) -> Observed {
        Observed {
            node: node.into(),
            item: ActionItem {
                text: text.into(),
                owner: Some(owner.into()),
                due,
                ticket: None,
                status: Status::Open,
                kind: None,
                problems: vec![],
                status_in: StatusIn::Checkbox,
            },
        }
    }

    #[test]
    fn sync_query_and_get() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::SledStore::open(dir.path()).unwrap();
        let tracker = Tracker::open(&store).unwrap();
        let a = tracker
            .sync(
                "pm1",
                vec![seen(
                    "n1",
                    "Add a canary",
                    "kim",
                    Some(date!(2026 - 01 - 01)),
                )],
                T1,
            )
            .unwrap();
        tracker
            .sync(
                "pm2",
                vec![seen(
                    "n1",
                    "Alert on expiry",
                    "Lee",
                    Some(date!(2099 - 01 - 01)),
                )],
                T1,
            )
            .unwrap();
        let today = date!(2026 - 11 - 22);
        let all = tracker.query(&Filter::default(), today).unwrap();
        assert_eq!(all.len(), 2);
        let overdue = Filter {
            overdue: true,
            ..Filter::default()
        };
        assert_eq!(tracker.query(&overdue, today).unwrap(), a);
        let lee = Filter {
            owner: Some("@lee".into()),
            ..Filter::default()
        };
        assert_eq!(tracker.query(&lee, today).unwrap()[0].postmortem, "pm2");
        assert_eq!(tracker.get(&a[0].id).unwrap(), Some(a[0].clone()));
        assert_eq!(tracker.get("nope").unwrap(), None);

        // Deleting it from the document keeps the record, as removed.
        assert!(tracker.sync("pm1", vec![], T2).unwrap().is_empty());
        let removed = Filter {
            status: Some(Status::Removed),
            ..Filter::default()
        };
        assert_eq!(tracker.query(&removed, today).unwrap()[0].id, a[0].id);
    }

    #[test]
    fn changes_are_announced_by_postmortem() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::SledStore::open(dir.path()).unwrap();
        let tracker = Tracker::open(&store).unwrap();
        let mut changes = tracker.changes();
        let items = tracker
            .sync("pm1", vec![seen("n1", "Add a canary", "kim", None)], T1)
            .unwrap();
        assert_eq!(changes.try_recv().unwrap(), "pm1");
        // The same items again change nothing, and say nothing.
        tracker
            .sync("pm1", vec![seen("n1", "Add a canary", "kim", None)], T1)
            .unwrap();
        assert!(changes.try_recv().is_err());
        tracker
            .record(&items[0], Some(Status::Done), None, T2)
            .unwrap();
        assert_eq!(changes.try_recv().unwrap(), "pm1");
    }

    #[test]
    fn the_id_index_is_built_for_a_store_from_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::SledStore::open(dir.path()).unwrap();
        let tracker = Tracker::open(&store).unwrap();
        let items = tracker
            .sync("pm1", vec![seen("n1", "Add a canary", "kim", None)], T1)
            .unwrap();
        // The store as it was before the index: items, no ids.
        let ids = store.table("action_item_ids").unwrap();
        ids.write(vec![TableOp::remove(items[0].id.as_bytes())])
            .unwrap();
        assert_eq!(tracker.get(&items[0].id).unwrap(), None);
        let reopened = Tracker::open(&store).unwrap();
        assert_eq!(reopened.get(&items[0].id).unwrap(), Some(items[0].clone()));
    }
}
