//! The summary index: what listing and searching postmortems need, kept beside them so that
//! `GET /api/postmortems` reads one small record per postmortem instead of rebuilding every
//! document.
//!
//! Two [tables](crate::store::Table), keyed by postmortem id: `summaries` holds each body
//! document's [`Summary`] (title, status, severity, dates) as the API tells it, rendered once when
//! recorded, behind a sort key; `summary_text` holds the lower-cased text a search looks in
//! (title, id, status, severity and the body's plain text). Listing reads the first and joins
//! the rendered summaries in order; a search reads the second as well; neither reads a document
//! or decodes a summary.
//!
//! Pages of the listing ([`Summaries::page_json`]) follow an ordered set of the listed
//! postmortems, newest first, kept in memory (built from the index at first use, then updated by
//! every [`Summaries::record`]): a page reads its own summaries (and, for a search, their search
//! text) and nothing else, so it costs the same with ten postmortems or ten thousand.
//!
//! The index follows the committed state: the insights worker, which the body room feeds every
//! committed update ([`Rooms::watch_bodies`](crate::room::Rooms::watch_bodies)), records the
//! summary of its replica at each check, and creating a postmortem records it before answering.
//! Each summary carries the store's change stamp of the document it was read from (`as_of`, what
//! the API calls `updatedAt`: while someone types, it trails the document by the worker's delay,
//! at most a second); at start-up [`Summaries::rebuild_stale`] reads again every document changed
//! since its summary (or without one: stores from before the index, a crash or a shutdown before
//! the worker's last check).

use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use yrs::Doc;

use crate::clock::{rfc3339, ISO_DATE};
use crate::doc_name::{DocName, RoomKind};
use crate::postmortem::Postmortem;
use crate::store::{Store, StoreError, Table};

/// What the index knows of one body document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub title: String,
    pub status: String,
    /// `None` when not set.
    pub severity: Option<String>,
    /// `None` when not set (or not a date).
    pub incident_date: Option<Date>,
    /// `None` for a document that is not a postmortem (yet): every postmortem is stamped with its
    /// creation time, and only those are listed.
    pub created_at: Option<OffsetDateTime>,
    /// The document's change stamp ([`DocInfo::updated`](crate::store::DocInfo::updated)) this
    /// summary was read at: the `updatedAt` the API tells.
    pub as_of: SystemTime,
}

impl Summary {
    /// The summary of `postmortem`, read at the change stamp `as_of`.
    pub fn of(postmortem: &Postmortem, as_of: SystemTime) -> Summary {
        let meta = &postmortem.meta;
        Summary {
            title: meta.title.clone(),
            status: meta.status.clone(),
            severity: (!meta.severity.is_empty()).then(|| meta.severity.clone()),
            incident_date: Date::parse(meta.incident_date.trim(), ISO_DATE).ok(),
            created_at: OffsetDateTime::parse(&meta.created_at, &Rfc3339).ok(),
            as_of,
        }
    }

    /// What the API tells about the postmortem `id` (JSON).
    fn to_json(&self, id: &str) -> Vec<u8> {
        let json = SummaryJson {
            id,
            title: &self.title,
            status: &self.status,
            severity: self.severity.as_deref(),
            incident_date: self.incident_date.and_then(|d| d.format(ISO_DATE).ok()),
            created_at: self.created_at.map(rfc3339).unwrap_or_default(),
            updated_at: rfc3339(OffsetDateTime::from(self.as_of)),
            url: format!("/p/{id}"),
            export_url: format!("/api/postmortems/{id}/export.md"),
            rooms: RoomsJson {
                body: id,
                comments: format!("{id}.comments"),
                insights: format!("{id}.insights"),
            },
        };
        serde_json::to_vec(&json).expect("a summary serializes")
    }
}

/// The API's summary of a postmortem, as `GET /api/postmortems` lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SummaryJson<'a> {
    id: &'a str,
    title: &'a str,
    status: &'a str,
    severity: Option<&'a str>,
    incident_date: Option<String>,
    /// RFC 3339.
    created_at: String,
    /// Last change, RFC 3339.
    updated_at: String,
    /// The editor page.
    url: String,
    export_url: String,
    /// The rooms of this postmortem's family.
    rooms: RoomsJson<'a>,
}

#[derive(Serialize)]
struct RoomsJson<'a> {
    body: &'a str,
    comments: String,
    insights: String,
}

/// A postmortem's id names its body room and has no dot (the dot separates room suffixes).
pub fn is_postmortem_id(name: &DocName) -> bool {
    name.room_kind() == RoomKind::Body && !name.as_str().contains('.')
}

/// An index record: the creation time as a sort key (nanoseconds since the epoch, big-endian;
/// [`NOT_LISTED`] for a document that is not a postmortem), the change stamp `as_of`
/// (milliseconds), then the summary as the API tells it, ready to send.
struct Record<'a> {
    created: i128,
    as_of: SystemTime,
    json: &'a [u8],
}

const NOT_LISTED: i128 = i128::MIN;
const HEADER: usize = 16 + 8;

impl<'a> Record<'a> {
    fn encode(summary: &Summary, id: &str) -> Vec<u8> {
        let created = summary
            .created_at
            .map_or(NOT_LISTED, OffsetDateTime::unix_timestamp_nanos);
        let as_of = summary
            .as_of
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis() as u64;
        let mut out = Vec::with_capacity(HEADER + 300);
        out.extend_from_slice(&created.to_be_bytes());
        out.extend_from_slice(&as_of.to_be_bytes());
        if summary.created_at.is_some() {
            out.extend_from_slice(&summary.to_json(id));
        }
        out
    }

    fn decode(raw: &'a [u8]) -> Result<Record<'a>, StoreError> {
        if raw.len() < HEADER {
            return Err(StoreError::Corrupt("short summary record".into()));
        }
        let created = i128::from_be_bytes(raw[..16].try_into().expect("16 bytes"));
        let as_of = u64::from_be_bytes(raw[16..HEADER].try_into().expect("8 bytes"));
        Ok(Record {
            created,
            as_of: UNIX_EPOCH + Duration::from_millis(as_of),
            json: &raw[HEADER..],
        })
    }

    fn listed(&self) -> bool {
        self.created != NOT_LISTED
    }
}

/// Which postmortems a listing keeps.
#[derive(Clone, Copy, Default)]
pub struct Wanted<'a> {
    /// Words the search text must all contain.
    pub words: &'a [String],
    /// The stage (`meta.status`) they must be at.
    pub status: Option<&'a str>,
    /// Which ids the caller may read; all when `None`.
    pub readable: Option<&'a dyn Fn(&str) -> bool>,
}

impl Wanted<'_> {
    /// Whether a summary (its JSON, as stored) has the wanted status.
    fn has_status(&self, json: &[u8]) -> bool {
        #[derive(serde::Deserialize)]
        struct Status<'s> {
            #[serde(borrow)]
            status: std::borrow::Cow<'s, str>,
        }
        let Some(wanted) = self.status else {
            return true;
        };
        serde_json::from_slice::<Status>(json).is_ok_and(|s| s.status == wanted)
    }
}

/// Where a listed postmortem stands in the listing: newest first (by creation), then by id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    newest_first: Reverse<i128>,
    id: String,
}

impl Position {
    /// The cursor a client sends back for the page after this position (`after=`).
    pub fn cursor(&self) -> String {
        format!("{}:{}", self.newest_first.0, self.id)
    }

    /// Reads a cursor made by [`Self::cursor`]; `None` if it is not one.
    pub fn from_cursor(cursor: &str) -> Option<Position> {
        let (created, id) = cursor.split_once(':')?;
        let name = DocName::parse(id).ok()?;
        is_postmortem_id(&name).then_some(())?;
        Some(Position {
            newest_first: Reverse(created.parse().ok()?),
            id: id.to_owned(),
        })
    }
}

/// One page of the listing.
pub struct Page {
    /// The summaries, a JSON array as the API tells them.
    pub json: Vec<u8>,
    /// Where the next page starts, if there are more.
    pub next: Option<Position>,
}

/// How many positions a page takes from the order at a time (the order is locked meanwhile).
const ORDER_CHUNK: usize = 256;

/// The index. Calls block briefly (table reads and writes); async callers use the blocking pool.
pub struct Summaries {
    store: Arc<dyn Store>,
    summaries: Arc<dyn Table>,
    text: Arc<dyn Table>,
    /// The whole listing (every postmortem, no search), kept until the next [`Self::record`].
    listing: Mutex<Option<Bytes>>,
    /// Counts records, so a listing built while one was recorded is not kept.
    generation: AtomicU64,
    /// Every listed postmortem in listing order; `None` until the first page is asked for.
    order: Mutex<Option<BTreeSet<Position>>>,
}

impl Summaries {
    pub fn open(store: Arc<dyn Store>) -> Result<Self, StoreError> {
        Ok(Summaries {
            summaries: store.table("summaries")?,
            text: store.table("summary_text")?,
            store,
            listing: Mutex::new(None),
            generation: AtomicU64::new(0),
            order: Mutex::new(None),
        })
    }

    /// The change stamp of `name` now: read it before reading the document, and record the
    /// summary with it.
    pub fn stamp(&self, name: &DocName) -> Result<Option<SystemTime>, StoreError> {
        Ok(self.store.info(name)?.map(|info| info.updated))
    }

    /// Records the summary and search text of the body document `name`, read at `as_of`.
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
        let text = search_text(name, postmortem);
        if self.text.get(key)?.as_deref() != Some(text.as_bytes()) {
            self.text.insert(key, text.into_bytes())?;
        }
        let summary = Summary::of(postmortem, as_of);
        let record = Record::encode(&summary, name.as_str());
        let created = Record::decode(&record)?.created;
        let before = self.summaries.get(key)?;
        self.summaries.insert(key, record)?;
        self.generation.fetch_add(1, Ordering::SeqCst);
        *self.listing() = None;
        if let Some(order) = self.order().as_mut() {
            let at = |created| Position {
                newest_first: Reverse(created),
                id: name.as_str().to_owned(),
            };
            if let Some(raw) = before {
                order.remove(&at(Record::decode(&raw)?.created));
            }
            if created != NOT_LISTED {
                order.insert(at(created));
            }
        }
        Ok(())
    }

    fn order(&self) -> std::sync::MutexGuard<'_, Option<BTreeSet<Position>>> {
        self.order.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Up to `limit` summaries (a JSON array, as the API tells them) that `wanted` keeps, in
    /// listing order, starting after `after` (from the start when `None`). Reads the summaries
    /// it returns and, for a search, the search text of the postmortems it passes over.
    pub fn page_json(
        &self,
        wanted: &Wanted,
        limit: usize,
        after: Option<Position>,
    ) -> Result<Page, StoreError> {
        let Wanted {
            words, readable, ..
        } = *wanted;
        let mut found: Vec<(Position, Vec<u8>)> = Vec::with_capacity(limit + 1);
        let mut from = after;
        'chunks: loop {
            let chunk: Vec<Position> = {
                let mut order = self.order();
                if order.is_none() {
                    *order = Some(self.read_order()?);
                }
                let order = order.as_ref().expect("just built");
                match &from {
                    Some(after) => order
                        .range((std::ops::Bound::Excluded(after), std::ops::Bound::Unbounded))
                        .take(ORDER_CHUNK)
                        .cloned()
                        .collect(),
                    None => order.iter().take(ORDER_CHUNK).cloned().collect(),
                }
            };
            let Some(last) = chunk.last().cloned() else {
                break;
            };
            for position in chunk {
                if found.len() > limit {
                    break 'chunks;
                }
                if !readable.is_none_or(|readable| readable(&position.id)) {
                    continue;
                }
                let key = position.id.as_bytes();
                if !words.is_empty() {
                    let text = self.text.get(key)?.unwrap_or_default();
                    let text = String::from_utf8_lossy(&text);
                    if !words.iter().all(|word| text.contains(word.as_str())) {
                        continue;
                    }
                }
                // Recorded since the chunk was taken, it may no longer be listed.
                let Some(raw) = self.summaries.get(key)? else {
                    continue;
                };
                let record = Record::decode(&raw)?;
                if record.listed() && wanted.has_status(record.json) {
                    found.push((position, record.json.to_vec()));
                }
            }
            from = Some(last);
        }
        let more = found.len() > limit;
        found.truncate(limit);
        let next = more.then(|| found.last().map(|(p, _)| p.clone())).flatten();
        let mut json = Vec::with_capacity(2 + found.iter().map(|f| f.1.len() + 1).sum::<usize>());
        json.push(b'[');
        for (i, (_, summary)) in found.iter().enumerate() {
            if i > 0 {
                json.push(b',');
            }
            json.extend_from_slice(summary);
        }
        json.push(b']');
        Ok(Page { json, next })
    }

    /// The listing order, read from the index (once per process).
    fn read_order(&self) -> Result<BTreeSet<Position>, StoreError> {
        let mut order = BTreeSet::new();
        for (key, raw) in self.summaries.scan(b"")? {
            let record = Record::decode(&raw)?;
            if record.listed() {
                order.insert(Position {
                    newest_first: Reverse(record.created),
                    id: String::from_utf8_lossy(&key).into_owned(),
                });
            }
        }
        Ok(order)
    }

    fn listing(&self) -> std::sync::MutexGuard<'_, Option<Bytes>> {
        self.listing.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The summary of the postmortem `name` as the API tells it (JSON), if it is one.
    pub fn get_json(&self, name: &DocName) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(raw) = self.summaries.get(name.as_str().as_bytes())? else {
            return Ok(None);
        };
        let record = Record::decode(&raw)?;
        Ok(record.listed().then(|| record.json.to_vec()))
    }

    /// The summaries (a JSON array, as the API tells them) of the postmortems that `readable`
    /// admits (all of them when `None`) and whose search text contains every one of `words`
    /// (lower case), newest first (by creation, then id). Reads the index only, and decodes
    /// nothing but the sort keys; the whole listing is kept until the next change.
    pub fn list_json(&self, wanted: &Wanted) -> Result<Bytes, StoreError> {
        let whole = wanted.words.is_empty() && wanted.readable.is_none() && wanted.status.is_none();
        if whole {
            if let Some(listing) = self.listing().as_ref() {
                return Ok(listing.clone());
            }
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let listing = Bytes::from(self.build_listing(wanted)?);
        if whole {
            let mut kept = self.listing();
            if self.generation.load(Ordering::SeqCst) == generation {
                *kept = Some(listing.clone());
            }
        }
        Ok(listing)
    }

    fn build_listing(&self, wanted: &Wanted) -> Result<Vec<u8>, StoreError> {
        let Wanted {
            words, readable, ..
        } = *wanted;
        let readable = readable.unwrap_or(&|_| true);
        let rows = self.summaries.scan(b"")?;
        let mut found = Vec::new();
        for (key, raw) in &rows {
            let record = Record::decode(raw)?;
            let id = String::from_utf8_lossy(key);
            if !record.listed() || !readable(&id) || !wanted.has_status(record.json) {
                continue;
            }
            if !words.is_empty() {
                let text = self.text.get(key)?.unwrap_or_default();
                let text = String::from_utf8_lossy(&text);
                if !words.iter().all(|word| text.contains(word.as_str())) {
                    continue;
                }
            }
            found.push((record.created, key.as_slice(), record.json));
        }
        found.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let mut out = Vec::with_capacity(2 + found.iter().map(|f| f.2.len() + 1).sum::<usize>());
        out.push(b'[');
        for (i, (_, _, json)) in found.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(json);
        }
        out.push(b']');
        Ok(out)
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
            let fresh = match self.summaries.get(name.as_str().as_bytes())? {
                Some(raw) => Record::decode(&raw).is_ok_and(|r| r.as_of >= info.updated),
                None => false,
            };
            if fresh {
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
        crate::blocks::plain_text(&postmortem.body)
    )
    .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::new_doc;
    use crate::store::SledStore;
    use prometheus_client::metrics::counter::Counter;
    use serde_json::{json, Value};
    use yrs::{Map, ReadTxn, Transact};

    fn name(s: &str) -> DocName {
        DocName::parse(s).unwrap()
    }

    /// The listing for `words`, parsed.
    fn list(summaries: &Summaries, words: &[&str], readable: impl Fn(&str) -> bool) -> Vec<Value> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let wanted = Wanted {
            words: &words,
            readable: Some(&readable),
            ..Wanted::default()
        };
        serde_json::from_slice(&summaries.list_json(&wanted).unwrap()).unwrap()
    }

    /// The whole listing, as an administrator gets it.
    fn list_all(summaries: &Summaries) -> Vec<Value> {
        serde_json::from_slice(&summaries.list_json(&Wanted::default()).unwrap()).unwrap()
    }

    fn ids(listed: &[Value]) -> Vec<&str> {
        listed.iter().map(|s| s["id"].as_str().unwrap()).collect()
    }

    fn get(summaries: &Summaries, id: &str) -> Option<Value> {
        let json = summaries.get_json(&name(id)).unwrap()?;
        Some(serde_json::from_slice(&json).unwrap())
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

    /// Every page of the listing for `words`, `size` at a time, joined.
    fn paged(
        summaries: &Summaries,
        words: &[&str],
        readable: Option<&dyn Fn(&str) -> bool>,
        size: usize,
    ) -> (Vec<Value>, usize) {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let (mut all, mut pages, mut after) = (Vec::new(), 0, None);
        loop {
            let wanted = Wanted {
                words: &words,
                readable,
                ..Wanted::default()
            };
            let page = summaries.page_json(&wanted, size, after).unwrap();
            let listed: Vec<Value> = serde_json::from_slice(&page.json).unwrap();
            assert!(listed.len() <= size);
            all.extend(listed);
            pages += 1;
            match page.next {
                // A cursor survives its round trip through the client.
                Some(next) => after = Some(Position::from_cursor(&next.cursor()).unwrap()),
                None => return (all, pages),
            }
        }
    }

    #[test]
    fn pages_of_the_listing_join_into_the_whole_listing_and_follow_new_records() {
        let (_dir, store, summaries, loads) = open();
        for i in 0..7 {
            let id = format!("pm-{i}");
            // Two pairs share a creation time: the id orders them.
            let created = format!("2026-01-{:02}T10:00:00Z", 10 - i / 2);
            let word = if i % 3 == 0 { "network" } else { "disk" };
            let p = postmortem(&format!("Outage {i}"), &created, word);
            store_postmortem(store.as_ref(), &id, &p);
            let as_of = summaries.stamp(&name(&id)).unwrap().unwrap();
            summaries.record(&name(&id), &p, as_of).unwrap();
        }
        for size in [1, 2, 3, 7, 50] {
            let (all, pages) = paged(&summaries, &[], None, size);
            assert_eq!(all, list_all(&summaries), "pages of {size}");
            assert_eq!(pages, 7usize.div_ceil(size), "no empty last page");
        }
        let odd = |id: &str| id.ends_with('1') || id.ends_with('3') || id.ends_with('5');
        let (found, _) = paged(&summaries, &["network"], Some(&odd), 1);
        assert_eq!(found, list(&summaries, &["network"], odd));
        assert_eq!(ids(&found), ["pm-3"]);

        // Recorded after the order was read: a new postmortem comes first, an edited one stays
        // where it was, once.
        let newest = postmortem("Newest", "2026-02-01T10:00:00Z", "network");
        store_postmortem(store.as_ref(), "pm-new", &newest);
        summaries
            .record(&name("pm-new"), &newest, SystemTime::now())
            .unwrap();
        let edited = postmortem("Outage 4, edited", "2026-01-08T10:00:00Z", "disk");
        summaries
            .record(&name("pm-4"), &edited, SystemTime::now())
            .unwrap();
        let (all, _) = paged(&summaries, &[], None, 2);
        assert_eq!(all, list_all(&summaries));
        assert_eq!(ids(&all)[0], "pm-new");
        assert_eq!(all.len(), 8);
        assert_eq!(loads.get(), 0, "paging loaded no document");
        assert!(Position::from_cursor("12:not a postmortem.comments").is_none());
        assert!(Position::from_cursor("soon:pm-1").is_none());
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

        let found = |words: &[&str]| ids(&list(&summaries, words, |_| true)).join(" ");
        assert_eq!(found(&[]), "region-b cache-a");
        assert_eq!(found(&["thundering", "herd"]), "cache-a");
        assert_eq!(found(&["standby", "region"]), "region-b");
        assert_eq!(found(&["cache-a"]), "cache-a", "the id is searched too");
        assert_eq!(found(&["nothing"]), "");
        let only_cache = list(&summaries, &[], |id| id == "cache-a");
        assert_eq!(ids(&only_cache), ["cache-a"]);

        let updated = store.info(&name("region-b")).unwrap().unwrap().updated;
        assert_eq!(
            get(&summaries, "region-b").unwrap(),
            json!({
                "id": "region-b",
                "title": "Region failover",
                "status": "draft",
                "severity": "SEV2",
                "incidentDate": "2026-03-14",
                "createdAt": "2026-01-10T10:00:00Z",
                "updatedAt": rfc3339(OffsetDateTime::from(updated)),
                "url": "/p/region-b",
                "exportUrl": "/api/postmortems/region-b/export.md",
                "rooms": {
                    "body": "region-b",
                    "comments": "region-b.comments",
                    "insights": "region-b.insights"
                }
            })
        );
        assert_eq!(get(&summaries, "scratch"), None);

        // The whole listing is kept, and dropped by the next change.
        assert_eq!(ids(&list_all(&summaries)), ["region-b", "cache-a"]);
        let mut renamed = older.clone();
        renamed.meta.title = "Cache stampede, again".into();
        summaries
            .record(&name("cache-a"), &renamed, SystemTime::now())
            .unwrap();
        let all = list_all(&summaries);
        assert_eq!(all[1]["title"], "Cache stampede, again");
        assert_eq!(all, list_all(&summaries));
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
        assert_eq!(ids(&list(&summaries, &[], |_| true)), ["late", "early"]);
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
        assert!(list(&summaries, &[], |_| true).is_empty());
        assert_eq!(summaries.rebuild_stale().unwrap(), 3);
        assert_eq!(list(&summaries, &[], |_| true).len(), 3);
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
        assert_eq!(get(&summaries, "old-1").unwrap()["title"], "Renamed");
    }
}
