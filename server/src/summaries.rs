//! The summary index: what listing and searching postmortems need, kept beside them so that
//! `GET /api/postmortems` reads one small record per postmortem instead of rebuilding every
//! document.
//!
//! Two [tables](crate::store::Table), keyed by postmortem id: `summaries` holds each body
//! document's [`Summary`] (title, status, severity, dates), `summary_text` the lower-cased text a
//! search looks in (title, id, status, severity and the body's plain text). Listing reads the
//! first; a search reads the second as well, never a document.
//!
//! The index follows the committed state: the insights worker, which the body room feeds every
//! committed update ([`Rooms::watch_bodies`](crate::room::Rooms::watch_bodies)), records the
//! summary of its replica at each check, and creating a postmortem records it before answering.
//! Each summary carries the store's change stamp of the document it was read from (`as_of`);
//! at start-up [`Summaries::rebuild_stale`] reads again every document changed since its summary
//! (or without one: stores from before the index, a crash or a shutdown before the worker's last
//! check).

use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};
use yrs::Doc;

use crate::doc_name::{DocName, RoomKind};
use crate::postmortem::{body, Postmortem};
use crate::store::{Store, StoreError, Table, TableOp};

/// What the index holds for one body document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub title: String,
    pub status: String,
    /// `None` when not set.
    pub severity: Option<String>,
    /// `None` when not set (or not a date).
    pub incident_date: Option<Date>,
    /// `None` for a document that is not a postmortem (yet): every postmortem is stamped with its
    /// creation time, and only those are listed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    /// The document's change stamp ([`DocInfo::updated`](crate::store::DocInfo::updated)) this
    /// summary was read at.
    pub as_of: SystemTime,
}

impl Summary {
    /// The summary of `postmortem`, read at the change stamp `as_of`.
    pub fn of(postmortem: &Postmortem, as_of: SystemTime) -> Summary {
        let meta = &postmortem.meta;
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Summary {
            title: meta.title.clone(),
            status: meta.status.clone(),
            severity: optional(&meta.severity),
            incident_date: Date::parse(
                meta.incident_date.trim(),
                format_description!("[year]-[month]-[day]"),
            )
            .ok(),
            created_at: OffsetDateTime::parse(&meta.created_at, &Rfc3339).ok(),
            as_of,
        }
    }
}

/// A listed postmortem: its id, summary, and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub summary: Summary,
    pub updated: SystemTime,
}

/// A postmortem's id names its body room and has no dot (the dot separates room suffixes).
pub fn is_postmortem_id(name: &DocName) -> bool {
    name.room_kind() == RoomKind::Body && !name.as_str().contains('.')
}

/// The index. Calls block briefly (table reads and writes); async callers use the blocking pool.
pub struct Summaries {
    store: Arc<dyn Store>,
    summaries: Arc<dyn Table>,
    text: Arc<dyn Table>,
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("summary: {e}"))
}

impl Summaries {
    pub fn open(store: Arc<dyn Store>) -> Result<Self, StoreError> {
        Ok(Summaries {
            summaries: store.table("summaries")?,
            text: store.table("summary_text")?,
            store,
        })
    }

    /// The change stamp of `name` now: read it before reading the document, and record the
    /// summary with it.
    pub fn stamp(&self, name: &DocName) -> Result<Option<SystemTime>, StoreError> {
        Ok(self.store.info(name)?.map(|info| info.updated))
    }

    /// Records the summary and search text of the body document `name`, read at `as_of`.
    /// Writes nothing when the summary has not changed.
    pub fn record(
        &self,
        name: &DocName,
        postmortem: &Postmortem,
        as_of: SystemTime,
    ) -> Result<(), StoreError> {
        if !is_postmortem_id(name) {
            return Ok(());
        }
        let key = name.as_str().as_bytes();
        let summary = Summary::of(postmortem, as_of);
        let text = search_text(name, postmortem);
        let unchanged = |table: &dyn Table, value: &[u8]| -> Result<bool, StoreError> {
            Ok(table.get(key)?.as_deref() == Some(value))
        };
        if !unchanged(self.text.as_ref(), text.as_bytes())? {
            self.text.insert(key, text.into_bytes())?;
        }
        let summary = serde_json::to_vec(&summary).map_err(corrupt)?;
        if !unchanged(self.summaries.as_ref(), &summary)? {
            self.summaries.write(vec![TableOp::insert(key, summary)])?;
        }
        Ok(())
    }

    /// The listed postmortem `name`, if it is one.
    pub fn get(&self, name: &DocName) -> Result<Option<Listed>, StoreError> {
        let Some(value) = self.summaries.get(name.as_str().as_bytes())? else {
            return Ok(None);
        };
        let summary: Summary = serde_json::from_slice(&value).map_err(corrupt)?;
        self.listed(name.as_str(), summary)
    }

    /// The postmortems that `readable` admits and whose search text contains every one of
    /// `words` (lower case), newest first (by creation, then id).
    pub fn list(
        &self,
        words: &[String],
        readable: impl Fn(&str) -> bool,
    ) -> Result<Vec<Listed>, StoreError> {
        let mut found = Vec::new();
        for (key, value) in self.summaries.scan(b"")? {
            let id = String::from_utf8_lossy(&key);
            if !readable(&id) {
                continue;
            }
            if !words.is_empty() {
                let text = self.text.get(&key)?.unwrap_or_default();
                let text = String::from_utf8_lossy(&text);
                if !words.iter().all(|word| text.contains(word.as_str())) {
                    continue;
                }
            }
            let summary: Summary = serde_json::from_slice(&value).map_err(corrupt)?;
            if let Some(listed) = self.listed(&id, summary)? {
                found.push(listed);
            }
        }
        found.sort_by(|a, b| (b.summary.created_at, &a.id).cmp(&(a.summary.created_at, &b.id)));
        Ok(found)
    }

    /// `summary` with its document's last change, if it is a postmortem still stored.
    fn listed(&self, id: &str, summary: Summary) -> Result<Option<Listed>, StoreError> {
        if summary.created_at.is_none() {
            return Ok(None);
        }
        let Ok(name) = DocName::parse(id) else {
            return Ok(None);
        };
        Ok(self.store.info(&name)?.map(|info| Listed {
            id: id.to_owned(),
            summary,
            updated: info.updated,
        }))
    }

    /// Reads again every body document changed since its summary, or without one; returns how
    /// many it read. Run at start-up, before rooms load.
    pub fn rebuild_stale(&self) -> Result<usize, StoreError> {
        let mut rebuilt = 0;
        for info in self.store.list()? {
            let Ok(name) = DocName::parse(&info.name) else {
                continue;
            };
            if !is_postmortem_id(&name) {
                continue;
            }
            let as_of = match self.summaries.get(name.as_str().as_bytes())? {
                Some(value) => serde_json::from_slice::<Summary>(&value)
                    .map(|s| s.as_of)
                    .ok(),
                None => None,
            };
            if as_of.is_some_and(|as_of| as_of >= info.updated) {
                continue;
            }
            let doc = Doc::new();
            self.store.load(&name)?.apply_to(&doc)?;
            self.record(&name, &Postmortem::read(&doc), info.updated)?;
            rebuilt += 1;
        }
        Ok(rebuilt)
    }
}

/// What a search looks in, lower case.
fn search_text(name: &DocName, postmortem: &Postmortem) -> String {
    let meta = &postmortem.meta;
    format!(
        "{}\n{}\n{}\n{}\n{}",
        meta.title,
        name,
        meta.status,
        meta.severity,
        body::plain_text(&postmortem.body)
    )
    .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::new_doc;
    use crate::store::SledStore;
    use prometheus_client::metrics::counter::Counter;
    use yrs::{Map, ReadTxn, Transact};

    fn name(s: &str) -> DocName {
        DocName::parse(s).unwrap()
    }

    /// Stores `postmortem` as the document `id`, the way a room appends it.
    fn store_postmortem(store: &dyn Store, id: &str, postmortem: &Postmortem) {
        store.append(&name(id), 1, &postmortem.to_update()).unwrap();
    }

    fn postmortem(title: &str, created_at: &str, markdown_body: &str) -> Postmortem {
        let mut postmortem = crate::postmortem::import(&format!("# {title}\n\n{markdown_body}\n"))
            .unwrap()
            .created(created_at);
        postmortem.meta.severity = "SEV2".into();
        postmortem.meta.incident_date = "2026-03-14".into();
        postmortem
    }

    /// A fresh store and index, and the count of documents read from the store.
    fn open() -> (tempfile::TempDir, Arc<dyn Store>, Summaries, Counter) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SledStore::open(dir.path()).unwrap();
        let loads = Counter::default();
        store.count_loads(loads.clone());
        let store: Arc<dyn Store> = Arc::new(store);
        let summaries = Summaries::open(store.clone()).unwrap();
        (dir, store, summaries, loads)
    }

    #[test]
    fn lists_newest_first_and_searches_the_text_without_loading_documents() {
        let (_dir, store, summaries, loads) = open();
        let older = postmortem(
            "Cache stampede",
            "2026-01-02T10:00:00Z",
            "The thundering herd.",
        );
        let newer = postmortem(
            "Region failover",
            "2026-01-10T10:00:00Z",
            "Moved to standby.",
        );
        for (id, p) in [("cache-a", &older), ("region-b", &newer)] {
            store_postmortem(store.as_ref(), id, p);
            let as_of = summaries.stamp(&name(id)).unwrap().unwrap();
            summaries.record(&name(id), p, as_of).unwrap();
        }
        // Not postmortems: a comments room, and a body without a creation time.
        store_postmortem(store.as_ref(), "x.comments", &newer);
        let plain = Postmortem {
            meta: Default::default(),
            body: vec![],
        };
        summaries
            .record(&name("scratch"), &plain, SystemTime::now())
            .unwrap();

        let ids = |words: &[&str]| -> Vec<String> {
            let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            summaries
                .list(&words, |_| true)
                .unwrap()
                .into_iter()
                .map(|l| l.id)
                .collect()
        };
        assert_eq!(ids(&[]), ["region-b", "cache-a"]);
        assert_eq!(ids(&["thundering", "herd"]), ["cache-a"]);
        assert_eq!(ids(&["standby", "region"]), ["region-b"]);
        assert_eq!(ids(&["cache-a"]), ["cache-a"], "the id is searched too");
        assert!(ids(&["nothing"]).is_empty());
        let only_cache = summaries.list(&[], |id| id == "cache-a").unwrap();
        assert_eq!(only_cache.len(), 1);

        let region = summaries.get(&name("region-b")).unwrap().unwrap();
        assert_eq!(region.summary.title, "Region failover");
        assert_eq!(region.summary.severity.as_deref(), Some("SEV2"));
        assert_eq!(
            region.summary.incident_date,
            Some(time::macros::date!(2026 - 03 - 14))
        );
        assert_eq!(
            region.updated,
            store.info(&name("region-b")).unwrap().unwrap().updated
        );
        assert_eq!(summaries.get(&name("scratch")).unwrap(), None);
        assert_eq!(loads.get(), 0);
    }

    #[test]
    fn dates_compare_as_dates_not_text() {
        let (_dir, store, summaries, _) = open();
        // As text, "2026-01-02T09:00:00+02:00" sorts after "2026-01-02T08:00:00Z"; as instants
        // it is an hour earlier.
        for (id, created) in [
            ("early", "2026-01-02T09:00:00+02:00"),
            ("late", "2026-01-02T08:00:00Z"),
        ] {
            let p = postmortem(id, created, "x");
            store_postmortem(store.as_ref(), id, &p);
            summaries.record(&name(id), &p, SystemTime::now()).unwrap();
        }
        let ids: Vec<_> = summaries
            .list(&[], |_| true)
            .unwrap()
            .into_iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(ids, ["late", "early"]);
    }

    #[test]
    fn rebuild_indexes_stores_without_summaries_and_documents_changed_since() {
        let dir = tempfile::tempdir().unwrap();
        {
            // A store written before the index existed.
            let store = SledStore::open(dir.path()).unwrap();
            for i in 0..3 {
                let p = postmortem(&format!("Old {i}"), "2026-01-02T10:00:00Z", "text");
                store_postmortem(&store, &format!("old-{i}"), &p);
            }
        }
        let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
        let summaries = Summaries::open(store.clone()).unwrap();
        assert!(summaries.list(&[], |_| true).unwrap().is_empty());
        assert_eq!(summaries.rebuild_stale().unwrap(), 3);
        assert_eq!(summaries.list(&[], |_| true).unwrap().len(), 3);
        assert_eq!(summaries.rebuild_stale().unwrap(), 0, "all fresh now");

        // A change the index did not see (a crash before the worker's check): the title moves.
        let doc = new_doc();
        store.load(&name("old-1")).unwrap().apply_to(&doc).unwrap();
        let before = doc.transact().state_vector();
        let meta = doc.get_or_insert_map(crate::postmortem::meta::META);
        meta.insert(&mut doc.transact_mut(), "title", "Renamed");
        let update = doc.transact().encode_state_as_update_v1(&before);
        store.append(&name("old-1"), 2, &update).unwrap();
        assert_eq!(summaries.rebuild_stale().unwrap(), 1);
        let renamed = summaries.get(&name("old-1")).unwrap().unwrap();
        assert_eq!(renamed.summary.title, "Renamed");
    }
}
