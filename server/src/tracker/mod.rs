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
use time::Date;

use crate::hooks::actions::Status;
use crate::store::{Store, StoreError, Table, TableOp};
use reconcile::Observed;

/// Where a tracked item stands; `removed` once it is no longer in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackedStatus {
    Open,
    Done,
    NotDoing,
    Removed,
}

impl From<Status> for TrackedStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Open => TrackedStatus::Open,
            Status::Done => TrackedStatus::Done,
            Status::NotDoing => TrackedStatus::NotDoing,
        }
    }
}

impl TrackedStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TrackedStatus::Open => "open",
            TrackedStatus::Done => "done",
            TrackedStatus::NotDoing => "not_doing",
            TrackedStatus::Removed => "removed",
        }
    }
}

/// One tracked action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedItem {
    pub id: String,
    pub postmortem: String,
    pub text: String,
    pub owner: Option<String>,
    /// ISO date.
    pub due: Option<String>,
    pub ticket: Option<String>,
    pub status: TrackedStatus,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub problems: Vec<String>,
    /// The document node the item was last seen in (`client:clock:line`).
    pub node: Option<String>,
    /// RFC 3339 times.
    pub created: String,
    pub updated: String,
    pub completed: Option<String>,
    pub removed: Option<String>,
}

impl TrackedItem {
    /// Open and past its due date on `today`, compared as dates (a due date that is not one is
    /// never overdue).
    pub fn is_overdue(&self, today: Date) -> bool {
        let iso = time::macros::format_description!("[year]-[month]-[day]");
        self.status == TrackedStatus::Open
            && self
                .due
                .as_deref()
                .and_then(|due| Date::parse(due, iso).ok())
                .is_some_and(|due| due < today)
    }
}

/// What to list.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Filter {
    pub status: Option<TrackedStatus>,
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
            item.owner
                .as_deref()
                .is_some_and(|o| o.trim_start_matches('@').eq_ignore_ascii_case(want))
        };
        self.status.is_none_or(|s| s == item.status)
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
}

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
        now: &str,
    ) -> Result<Vec<TrackedItem>, StoreError> {
        let previous = self.of_postmortem(postmortem)?;
        let items = reconcile::reconcile(postmortem, &previous, observed, now, || {
            uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
        });
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
        }
        Ok(items
            .into_iter()
            .filter(|i| i.status != TrackedStatus::Removed)
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

    /// Records a status set through the API (the document has been changed to match).
    pub fn set_status(
        &self,
        item: &TrackedItem,
        status: TrackedStatus,
        now: &str,
    ) -> Result<TrackedItem, StoreError> {
        let mut updated = item.clone();
        if status == TrackedStatus::Done && item.status != TrackedStatus::Done {
            updated.completed = Some(now.to_owned());
        } else if status != TrackedStatus::Done {
            updated.completed = None;
        }
        updated.status = status;
        updated.updated = now.to_owned();
        self.items.insert(
            &key(&updated.postmortem, &updated.id),
            serde_json::to_vec(&updated).expect("item serializes"),
        )?;
        Ok(updated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn seen(node: &str, text: &str, owner: &str, due: Option<&str>) -> Observed {
        Observed {
            node: node.into(),
            text: text.into(),
            owner: Some(owner.into()),
            due: due.map(Into::into),
            ticket: None,
            status: TrackedStatus::Open,
            kind: None,
            problems: vec![],
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
                vec![seen("n1", "Add a canary", "kim", Some("2026-01-01"))],
                "t1",
            )
            .unwrap();
        tracker
            .sync(
                "pm2",
                vec![seen("n1", "Alert on expiry", "Lee", Some("2099-01-01"))],
                "t1",
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
        assert!(tracker.sync("pm1", vec![], "t2").unwrap().is_empty());
        let removed = Filter {
            status: Some(TrackedStatus::Removed),
            ..Filter::default()
        };
        assert_eq!(tracker.query(&removed, today).unwrap()[0].id, a[0].id);
    }

    #[test]
    fn the_id_index_is_built_for_a_store_from_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::SledStore::open(dir.path()).unwrap();
        let tracker = Tracker::open(&store).unwrap();
        let items = tracker
            .sync("pm1", vec![seen("n1", "Add a canary", "kim", None)], "t1")
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
