//! The default [`Store`]: an embedded `sled` database in a local folder, with a write-ahead log.
//!
//! Layout, in tree `docs` (keys sort so that one prefix scan reads a document in order):
//! - `name NUL 'T'` → a small snapshot (at most [`IN_SLED_LIMIT`] bytes): 8-byte big-endian
//!   sequence number it covers, then the v1 state (`name NUL 'S'` holds a v2 one instead, as
//!   written by earlier versions);
//! - `name NUL 'U' seq` → one log update (v1), `seq` as 8 big-endian bytes.
//!
//! A larger snapshot is a [file](super::snapshot_files) in the folder's `snapshots/`: sled kept
//! every rewrite of one as a blob file until its own cleanup reached it, megabytes of dead
//! snapshots per large document. Compaction writes the new file durably, then deletes the folded
//! log entries (and any snapshot record) in one `apply_batch`; a small snapshot's record goes in
//! that same batch, and an older file of the document is deleted once sled has written it out.
//! A crash between the steps leaves two snapshots or log entries a snapshot already covers:
//! loading takes the snapshot with the highest sequence number and skips the entries at or below
//! it, and the next compaction deletes what is left over.
//!
//! Tree `meta` maps `name` → stored size and last-change time, so listing documents does not read
//! their contents.
//!
//! Each [table](super::Table) is a tree of its own, named as the table (the share links and the
//! action items were such trees before tables existed, so their data carries over).
//!
//! Every append, and every table write, also goes to the [write-ahead log](super::wal) in the
//! folder's `wal/`, so it survives a crash of the process as soon as the call returns. An append
//! reaches sled through the [inserter](super::inserter)'s thread, so the room that appends makes
//! no sled call; everything that reads documents from sled waits for it first. A background
//! thread syncs the log every second and checkpoints it (flushes sled, drops the log's older
//! segments) every ten.

use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prometheus_client::metrics::counter::Counter;

use super::inserter::{Inserter, Progress};
use super::snapshot_files::SnapshotFiles;
use super::table::Row;
use super::wal::{Record, TableOp, Wal};
use super::{
    merge_into_snapshot, Compacted, DocInfo, Snapshot, Store, StoreError, StoredDoc, Table,
};
use crate::doc_name::DocName;

const SEPARATOR: u8 = 0;
const SNAPSHOT_V2: u8 = b'S';
const SNAPSHOT_V1: u8 = b'T';
const UPDATE: u8 = b'U';

/// A snapshot this small stays a record in sled: a file would take a whole block of the file
/// system for it, and sled writes it inline in its segments, not as a blob of its own.
const IN_SLED_LIMIT: u64 = 4096;

/// How often the background thread makes the write-ahead log survive a machine crash.
const SYNC_EVERY: Duration = Duration::from_secs(1);
/// Every this many syncs, it checkpoints instead.
const CHECKPOINT_EVERY: u32 = 10;

pub struct SledStore {
    db: sled::Db,
    docs: sled::Tree,
    meta: sled::Tree,
    snapshots: SnapshotFiles,
    /// Held to read while loading a document, to write while a compaction swaps its snapshot
    /// file and deletes the log entries it covers: a load sees both steps or neither.
    swapping: RwLock<()>,
    /// `None` only in the benchmark-only unlogged mode.
    wal: Option<Arc<Wal>>,
    /// Puts appends into `docs` and `meta`, off the appending thread.
    inserter: Inserter,
    /// Stops the background thread when dropped.
    background: Option<(mpsc::Sender<()>, JoinHandle<()>)>,
    /// Counts [`Store::load`] calls: whole documents read.
    loads: Counter,
}

impl SledStore {
    /// Opens (or creates) the store in `dir`, replaying what the write-ahead log holds from
    /// before a crash.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let mut store = Self::open_unlogged(dir)?;
        let wal = Arc::new(Wal::open(&dir.join("wal"))?);
        let recovered = wal.recover()?;
        if !recovered.is_empty() {
            let replayed = store.replay(&recovered)?;
            tracing::info!(
                records = recovered.len(),
                replayed,
                "replayed the write-ahead log"
            );
        }
        wal.checkpoint(|| store.db.flush().map(drop))?;
        store.background = Some(background(
            store.db.clone(),
            wal.clone(),
            store.inserter.progress(),
        ));
        store.wal = Some(wal);
        Ok(store)
    }

    /// Opens the store without the write-ahead log: an append survives a crash only once sled
    /// has written it out (within half a second). Benchmarks only, to show what the log costs.
    pub fn open_unlogged(dir: &Path) -> Result<Self, StoreError> {
        let db = open_db(dir)?;
        let docs = db.open_tree("docs")?;
        let meta = db.open_tree("meta")?;
        let snapshots = SnapshotFiles::open(&dir.join("snapshots"))?;
        let (into_docs, into_meta) = (docs.clone(), meta.clone());
        let inserter = Inserter::start(Box::new(move |name, seq, update| {
            insert_update(&into_docs, &into_meta, name, seq, update)
        }));
        Ok(SledStore {
            db,
            docs,
            meta,
            snapshots,
            swapping: RwLock::new(()),
            wal: None,
            inserter,
            background: None,
            loads: Counter::default(),
        })
    }

    /// Writes out everything appended so far into sled's files.
    fn flush_engine(&self) -> Result<(), StoreError> {
        self.inserter.settle()?;
        Ok(self.db.flush().map(drop)?)
    }

    /// The sequence number the document's snapshot covers (0 without one), wherever it is.
    fn snapshot_seq(&self, name: &str) -> Result<u64, StoreError> {
        let mut seq = self.snapshots.seq(name)?.unwrap_or(0);
        for tag in [SNAPSHOT_V1, SNAPSHOT_V2] {
            if let Some(value) = self.docs.get(snapshot_key(name, tag))? {
                seq = seq.max(split_snapshot(&value)?.0);
            }
        }
        Ok(seq)
    }

    /// Counts every whole-document read ([`Store::load`]) in `loads` from now on.
    pub fn count_loads(&mut self, loads: Counter) {
        self.loads = loads;
    }

    /// Writes logged appends that sled lost into it, and every logged table write in log order;
    /// returns how many records it wrote. Appends already there, or already folded into a
    /// snapshot, are skipped.
    fn replay(&self, records: &[Record]) -> Result<usize, StoreError> {
        let mut snapshot_seqs: HashMap<&str, u64> = HashMap::new();
        let mut replayed = 0;
        for record in records {
            let (name, seq, update) = match record {
                Record::Update { name, seq, update } => (name.as_str(), *seq, update),
                Record::Table { table, ops } => {
                    // In log order, over whatever sled kept: the table ends as it was logged.
                    apply_table_ops(&self.db.open_tree(table_tree(table)?)?, ops)?;
                    replayed += 1;
                    continue;
                }
            };
            let snapshot_seq = match snapshot_seqs.get(name) {
                Some(seq) => *seq,
                None => *snapshot_seqs
                    .entry(name)
                    .or_insert(self.snapshot_seq(name)?),
            };
            if seq <= snapshot_seq || self.docs.contains_key(update_key(name, seq))? {
                continue;
            }
            insert_update(&self.docs, &self.meta, name, seq, update)?;
            replayed += 1;
        }
        Ok(replayed)
    }
}

/// Stores one log update (and counts its bytes); not logged.
fn insert_update(
    docs: &sled::Tree,
    meta: &sled::Tree,
    name: &str,
    seq: u64,
    update: &[u8],
) -> Result<(), StoreError> {
    docs.insert(update_key(name, seq), update)?;
    touch(meta, name, update.len() as i64, true)
}

/// Adds `delta` bytes to the document's stored size and, if its content `changed` (a
/// compaction changes only how it is stored), stamps it as changed now: strictly later than
/// its previous change, so each change has its own stamp.
fn touch(meta: &sled::Tree, name: &str, delta: i64, changed: bool) -> Result<(), StoreError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64;
    meta.fetch_and_update(name, |old| {
        let old = old.map(Meta::decode);
        let size = old
            .as_ref()
            .map_or(0, |m| m.size)
            .saturating_add_signed(delta);
        let previous = old.as_ref().map_or(0, |m| m.updated_ms);
        let updated_ms = if changed {
            now.max(previous + 1)
        } else {
            previous
        };
        Some(Meta { size, updated_ms }.encode().to_vec())
    })?;
    Ok(())
}

/// The sled tree holding table `name`; the documents' own trees are not tables.
fn table_tree(name: &str) -> Result<&str, StoreError> {
    match name {
        "docs" | "meta" | "__sled__default" => {
            Err(StoreError::Corrupt(format!("{name:?} is not a table name")))
        }
        name => Ok(name),
    }
}

fn apply_table_ops(tree: &sled::Tree, ops: &[TableOp]) -> Result<(), StoreError> {
    let mut batch = sled::Batch::default();
    for op in ops {
        match &op.value {
            Some(value) => batch.insert(op.key.as_slice(), value.as_slice()),
            None => batch.remove(op.key.as_slice()),
        }
    }
    Ok(tree.apply_batch(batch)?)
}

/// A [`Table`] of a [`SledStore`].
struct SledTable {
    name: String,
    tree: sled::Tree,
    wal: Option<Arc<Wal>>,
    /// Writes go to sled in the order they go to the log, so replaying the log ends where sled
    /// would have.
    writing: Mutex<()>,
}

impl Table for SledTable {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.tree.get(key)?.map(|v| v.to_vec()))
    }

    fn scan(&self, prefix: &[u8]) -> Result<Vec<Row>, StoreError> {
        self.tree
            .scan_prefix(prefix)
            .map(|entry| {
                let (key, value) = entry?;
                Ok((key.to_vec(), value.to_vec()))
            })
            .collect()
    }

    fn range_back(&self, start: &[u8], end: &[u8], limit: usize) -> Result<Vec<Row>, StoreError> {
        self.tree
            .range(start..end)
            .rev()
            .take(limit)
            .map(|entry| {
                let (key, value) = entry?;
                Ok((key.to_vec(), value.to_vec()))
            })
            .collect()
    }

    fn write(&self, ops: Vec<TableOp>) -> Result<(), StoreError> {
        let _order = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        // sled first: a checkpoint between the two then flushes the write into sled before it
        // drops the segment that would hold the record.
        apply_table_ops(&self.tree, &ops)?;
        if let Some(wal) = &self.wal {
            wal.append_table(&self.name, &ops)?;
        }
        Ok(())
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
        if let Err(e) = self.inserter.settle() {
            tracing::error!(error = %e, "closing a store whose updates did not all reach sled");
        }
        if let Some((stop, thread)) = self.background.take() {
            drop(stop);
            let _ = thread.join();
        }
    }
}

/// How long opening waits for the folder's lock, which sled's own threads of a store just closed
/// (a quick restart, a test reopening) can hold for a moment after it is dropped.
const LOCK_PATIENCE: Duration = Duration::from_secs(5);

fn open_db(dir: &Path) -> Result<sled::Db, sled::Error> {
    let deadline = std::time::Instant::now() + LOCK_PATIENCE;
    loop {
        match sled::Config::new().path(dir).open() {
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock")
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(50));
            }
            opened => return opened,
        }
    }
}

/// Syncs the write-ahead log every [`SYNC_EVERY`] and checkpoints it every
/// [`CHECKPOINT_EVERY`] syncs, until the returned sender is dropped.
fn background(
    db: sled::Db,
    wal: Arc<Wal>,
    inserted: Arc<Progress>,
) -> (mpsc::Sender<()>, JoinHandle<()>) {
    let (stop, stopped) = mpsc::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("debrief-wal".into())
        .spawn(move || {
            let mut ticks = 0u32;
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(SYNC_EVERY) {
                ticks += 1;
                let result = if ticks.is_multiple_of(CHECKPOINT_EVERY) {
                    wal.checkpoint(|| {
                        inserted.settle()?;
                        Ok(db.flush().map(drop)?)
                    })
                } else {
                    wal.sync().map_err(StoreError::from)
                };
                if let Err(e) = result {
                    tracing::error!(error = %e, "write-ahead log sync failed; retrying");
                }
            }
        })
        .expect("spawning the write-ahead log thread");
    (stop, thread)
}

fn prefix(name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() + 10);
    key.extend_from_slice(name.as_bytes());
    key.push(SEPARATOR);
    key
}

fn snapshot_key(name: &str, tag: u8) -> Vec<u8> {
    let mut key = prefix(name);
    key.push(tag);
    key
}

/// What a key under a document's prefix (of `prefix_len` bytes) holds.
enum Entry {
    Snapshot(fn(Vec<u8>) -> Snapshot),
    Update(u64),
}

fn classify(key: &[u8], prefix_len: usize) -> Result<Entry, StoreError> {
    match key.get(prefix_len) {
        Some(&SNAPSHOT_V1) => Ok(Entry::Snapshot(Snapshot::V1)),
        Some(&SNAPSHOT_V2) => Ok(Entry::Snapshot(Snapshot::V2)),
        Some(&UPDATE) => seq_of(key).map(Entry::Update),
        _ => Err(StoreError::Corrupt("unknown key in the docs tree".into())),
    }
}

fn update_key(name: &str, seq: u64) -> Vec<u8> {
    let mut key = prefix(name);
    key.push(UPDATE);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

/// The sequence number at the end of an update key.
fn seq_of(key: &[u8]) -> Result<u64, StoreError> {
    let tail = key
        .len()
        .checked_sub(8)
        .map(|at| &key[at..])
        .ok_or_else(|| StoreError::Corrupt("short update key".into()))?;
    Ok(u64::from_be_bytes(tail.try_into().expect("8 bytes")))
}

fn split_snapshot(value: &[u8]) -> Result<(u64, &[u8]), StoreError> {
    if value.len() < 8 {
        return Err(StoreError::Corrupt("short snapshot record".into()));
    }
    let (seq, state) = value.split_at(8);
    Ok((u64::from_be_bytes(seq.try_into().expect("8 bytes")), state))
}

/// Per-document metadata record: stored size and last-change time.
struct Meta {
    size: u64,
    updated_ms: u64,
}

impl Meta {
    fn encode(&self) -> [u8; 16] {
        let mut out = [0; 16];
        out[..8].copy_from_slice(&self.size.to_be_bytes());
        out[8..].copy_from_slice(&self.updated_ms.to_be_bytes());
        out
    }

    fn decode(raw: &[u8]) -> Meta {
        let word = |at: usize| {
            raw.get(at..at + 8)
                .map(|b| u64::from_be_bytes(b.try_into().expect("8 bytes")))
                .unwrap_or(0)
        };
        Meta {
            size: word(0),
            updated_ms: word(8),
        }
    }
}

impl Store for SledStore {
    fn load(&self, name: &DocName) -> Result<StoredDoc, StoreError> {
        self.inserter.settle()?;
        self.loads.inc();
        let _swapping = self.swapping.read().unwrap_or_else(|e| e.into_inner());
        let mut doc = StoredDoc::default();
        if let Some((seq, state)) = self.snapshots.read(name.as_str())? {
            doc.snapshot = Some(Snapshot::V1(state));
            (doc.snapshot_seq, doc.last_seq) = (seq, seq);
        }
        let prefix = prefix(name.as_str());
        // Snapshot records sort before update keys, so every snapshot comes first.
        for entry in self.docs.scan_prefix(&prefix) {
            let (key, value) = entry?;
            match classify(&key, prefix.len())? {
                Entry::Snapshot(encoding) => {
                    let (seq, state) = split_snapshot(&value)?;
                    if doc.snapshot.is_none() || seq > doc.snapshot_seq {
                        doc.snapshot = Some(encoding(state.to_vec()));
                        doc.snapshot_seq = seq;
                        doc.last_seq = seq;
                    }
                }
                // Entries at or below the snapshot are already in it.
                Entry::Update(seq) if seq > doc.snapshot_seq => {
                    doc.updates.push(value.to_vec());
                    doc.last_seq = seq;
                }
                Entry::Update(_) => {}
            }
        }
        Ok(doc)
    }

    fn append(&self, name: &DocName, seq: u64, update: &[u8]) -> Result<(), StoreError> {
        let name = name.as_str();
        let insert = || self.inserter.queue(name, seq, update);
        match &self.wal {
            // Queued while the log's segment is still locked: a checkpoint, which switches
            // segments under that lock and then settles, flushes it before it drops the record.
            Some(wal) => wal.append(name, seq, update, insert),
            None => insert(),
        }
    }

    fn sync(&self) -> Result<(), StoreError> {
        match &self.wal {
            Some(wal) => Ok(wal.sync()?),
            None => self.flush_engine(),
        }
    }

    fn flush(&self) -> Result<(), StoreError> {
        match &self.wal {
            Some(wal) => wal.checkpoint(|| self.flush_engine()),
            None => self.flush_engine(),
        }
    }

    fn compact(&self, name: &DocName, upto_seq: u64) -> Result<Compacted, StoreError> {
        self.inserter.settle()?;
        let name = name.as_str();
        // The newest snapshot, wherever it is, and the bytes it takes there.
        let mut old: Option<(u64, Snapshot, u64)> = None;
        let mut freed = 0u64;
        let file = self.snapshots.read(name)?;
        let had_file = file.is_some();
        if let Some((seq, state)) = file {
            let bytes = SnapshotFiles::size_of(&state);
            freed += bytes;
            old = Some((seq, Snapshot::V1(state), bytes));
        }
        // Folded log entries and snapshot records.
        let mut folded_keys = Vec::new();
        let mut updates = Vec::new();
        let prefix = prefix(name);
        for entry in self.docs.range(prefix.clone()..=update_key(name, upto_seq)) {
            let (key, value) = entry?;
            freed += value.len() as u64;
            let old_seq = old.as_ref().map_or(0, |(seq, ..)| *seq);
            match classify(&key, prefix.len())? {
                Entry::Snapshot(encoding) => {
                    let (seq, state) = split_snapshot(&value)?;
                    if old.is_none() || seq > old_seq {
                        old = Some((seq, encoding(state.to_vec()), value.len() as u64));
                    }
                }
                // Left by a crash after the snapshot that covers it was written.
                Entry::Update(seq) if seq <= old_seq => {}
                Entry::Update(_) => updates.push(value.to_vec()),
            }
            folded_keys.push(key);
        }
        if updates.is_empty() {
            return Ok(Compacted {
                updates: 0,
                snapshot_bytes: old.map_or(0, |(.., bytes)| bytes),
            });
        }
        let state = merge_into_snapshot(old.as_ref().map(|(_, snapshot, _)| snapshot), &updates)?;

        let mut batch = sled::Batch::default();
        for key in folded_keys {
            batch.remove(key);
        }
        let in_sled = SnapshotFiles::size_of(&state) <= IN_SLED_LIMIT;
        let swapping = self.swapping.write().unwrap_or_else(|e| e.into_inner());
        let written = if in_sled {
            let mut record = Vec::with_capacity(8 + state.len());
            record.extend_from_slice(&upto_seq.to_be_bytes());
            record.extend_from_slice(&state);
            let written = record.len() as u64;
            batch.insert(snapshot_key(name, SNAPSHOT_V1), record);
            self.docs.apply_batch(batch)?;
            written
        } else {
            // Durable before the log entries it replaces go.
            let written = self.snapshots.write(name, upto_seq, &state)?;
            self.docs.apply_batch(batch)?;
            written
        };
        drop(swapping);
        if in_sled && had_file {
            // The file of an earlier, larger state. sled writes a batch out later, so the
            // record must be made durable before the file goes: a crash in between would find
            // neither. Left behind (a crash, an error here), the file's older sequence number
            // loses to the record's, and the next compaction deletes or replaces it.
            self.docs.flush()?;
            if let Err(e) = self.snapshots.remove(name) {
                tracing::warn!(doc = name, error = %e, "could not delete an old snapshot file");
            }
        }
        touch(&self.meta, name, written as i64 - freed as i64, false)?;
        Ok(Compacted {
            updates: updates.len() as u64,
            snapshot_bytes: written,
        })
    }

    fn contains(&self, name: &DocName) -> Result<bool, StoreError> {
        self.inserter.settle()?;
        Ok(self.snapshots.seq(name.as_str())?.is_some()
            || self
                .docs
                .scan_prefix(prefix(name.as_str()))
                .next()
                .transpose()?
                .is_some())
    }

    fn list(&self) -> Result<Vec<DocInfo>, StoreError> {
        self.inserter.settle()?;
        self.meta
            .iter()
            .map(|entry| {
                let (key, value) = entry?;
                Ok(doc_info(&key, &value))
            })
            .collect()
    }

    fn info(&self, name: &DocName) -> Result<Option<DocInfo>, StoreError> {
        self.inserter.settle()?;
        Ok(self
            .meta
            .get(name.as_str())?
            .map(|value| doc_info(name.as_str().as_bytes(), &value)))
    }

    fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()? + self.snapshots.bytes_on_disk()?)
    }

    fn table(&self, name: &str) -> Result<Arc<dyn Table>, StoreError> {
        Ok(Arc::new(SledTable {
            name: name.to_owned(),
            tree: self.db.open_tree(table_tree(name)?)?,
            wal: self.wal.clone(),
            writing: Mutex::new(()),
        }))
    }
}

fn doc_info(key: &[u8], value: &[u8]) -> DocInfo {
    let meta = Meta::decode(value);
    DocInfo {
        name: String::from_utf8_lossy(key).into_owned(),
        size: meta.size,
        updated: UNIX_EPOCH + Duration::from_millis(meta.updated_ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::updates::decoder::Decode;
    use yrs::{Doc, GetString, ReadTxn, StateVector, Text, Transact, Update};

    fn name(s: &str) -> DocName {
        DocName::parse(s).unwrap()
    }

    /// Types `chars` one by one into a doc, returning each keystroke's v1 update.
    fn keystrokes(chars: &str) -> Vec<Vec<u8>> {
        let doc = Doc::new();
        let text = doc.get_or_insert_text("body");
        chars
            .chars()
            .enumerate()
            .map(|(i, c)| {
                let mut txn = doc.transact_mut();
                text.insert(&mut txn, i as u32, &c.to_string());
                txn.encode_update_v1()
            })
            .collect()
    }

    fn text_of(stored: &StoredDoc) -> String {
        let doc = Doc::new();
        let text = doc.get_or_insert_text("body");
        stored.apply_to(&doc).unwrap();
        let txn = doc.transact();
        text.get_string(&txn)
    }

    #[test]
    fn append_load_and_compact() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let doc = name("pm-1");
        for (i, u) in keystrokes("hello world").iter().enumerate() {
            store.append(&doc, i as u64 + 1, u).unwrap();
        }
        store.flush().unwrap();
        let loaded = store.load(&doc).unwrap();
        assert_eq!(loaded.updates.len(), 11);
        assert_eq!(loaded.last_seq, 11);
        assert_eq!(text_of(&loaded), "hello world");

        let done = store.compact(&doc, 6).unwrap();
        assert_eq!(done.updates, 6);
        let loaded = store.load(&doc).unwrap();
        assert_eq!(loaded.snapshot_seq, 6);
        assert_eq!(loaded.updates.len(), 5);
        assert_eq!(loaded.last_seq, 11);
        assert_eq!(text_of(&loaded), "hello world");

        // A second compaction folds the old snapshot in as well.
        store.compact(&doc, 11).unwrap();
        let loaded = store.load(&doc).unwrap();
        assert!(loaded.updates.is_empty());
        assert_eq!((loaded.snapshot_seq, loaded.last_seq), (11, 11));
        assert_eq!(text_of(&loaded), "hello world");
    }

    #[test]
    fn documents_are_separate_and_listed() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let (a, ab) = (name("a"), name("ab"));
        let ups = keystrokes("xy");
        store.append(&a, 1, &ups[0]).unwrap();
        store.append(&ab, 1, &ups[0]).unwrap();
        store.append(&ab, 2, &ups[1]).unwrap();
        assert_eq!(store.load(&a).unwrap().updates.len(), 1);
        assert_eq!(store.load(&ab).unwrap().updates.len(), 2);
        assert!(store.contains(&a).unwrap());
        assert!(!store.contains(&name("abc")).unwrap());
        let list = store.list().unwrap();
        let names: Vec<_> = list.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "ab"]);
        assert_eq!(list[1].size, (ups[0].len() + ups[1].len()) as u64);
    }

    #[test]
    fn snapshot_is_the_v1_full_state_and_smaller_than_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let doc = name("big");
        let ups = keystrokes(&"postmortem ".repeat(50));
        let log_bytes: usize = ups.iter().map(Vec::len).sum();
        for (i, u) in ups.iter().enumerate() {
            store.append(&doc, i as u64 + 1, u).unwrap();
        }
        assert_eq!(store.load(&doc).unwrap().full_state_v1(), None, "a log");
        let done = store.compact(&doc, ups.len() as u64).unwrap();
        assert_eq!(done.updates, ups.len() as u64);
        assert!(
            done.snapshot_bytes < log_bytes as u64 / 4,
            "{done:?} vs {log_bytes}"
        );
        let loaded = store.load(&doc).unwrap();
        let info = &store.list().unwrap()[0];
        assert_eq!(info.size, done.snapshot_bytes);
        // Nothing was lost in the fold, and the stored bytes are what a new client needs.
        let full = Update::decode_v1(loaded.full_state_v1().expect("v1, no log")).unwrap();
        let d = Doc::new();
        let text = d.get_or_insert_text("body");
        d.transact_mut().apply_update(full).unwrap();
        assert_eq!(text.get_string(&d.transact()), "postmortem ".repeat(50));
    }

    #[test]
    fn v2_snapshots_of_earlier_versions_load_and_compact_to_v1() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let doc = name("legacy");
        let ups = keystrokes("old words");
        let before = Doc::new();
        for u in &ups[..4] {
            before
                .transact_mut()
                .apply_update(Update::decode_v1(u).unwrap())
                .unwrap();
        }
        let v2 = before
            .transact()
            .encode_state_as_update_v2(&StateVector::default());
        let mut record = 4u64.to_be_bytes().to_vec();
        record.extend_from_slice(&v2);
        store
            .docs
            .insert(snapshot_key("legacy", SNAPSHOT_V2), record)
            .unwrap();
        for (i, u) in ups.iter().enumerate().skip(4) {
            store.append(&doc, i as u64 + 1, u).unwrap();
        }
        let loaded = store.load(&doc).unwrap();
        assert!(matches!(loaded.snapshot, Some(Snapshot::V2(_))));
        assert_eq!((loaded.snapshot_seq, loaded.updates.len()), (4, 5));
        assert_eq!(text_of(&loaded), "old words");

        store.compact(&doc, 9).unwrap();
        let loaded = store.load(&doc).unwrap();
        assert!(matches!(loaded.snapshot, Some(Snapshot::V1(_))));
        assert_eq!((loaded.snapshot_seq, loaded.updates.len()), (9, 0));
        assert_eq!(text_of(&loaded), "old words");
        let keys = store.docs.scan_prefix(prefix("legacy")).count();
        assert_eq!(keys, 1, "the v2 record went with the compaction");
    }

    /// Text whose compacted state is too large for a record in sled.
    fn long_text() -> String {
        "postmortem ".repeat(500)
    }

    fn snapshot_files(dir: &Path) -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir.join("snapshots"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect()
    }

    /// A store holding document `pm`, [`long_text`] typed into it keystroke by keystroke, and
    /// those keystrokes.
    fn long_document() -> (tempfile::TempDir, SledStore, DocName, Vec<Vec<u8>>) {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let doc = name("pm");
        let ups = keystrokes(&long_text());
        for (i, u) in ups.iter().enumerate() {
            store.append(&doc, i as u64 + 1, u).unwrap();
        }
        (dir, store, doc, ups)
    }

    #[test]
    fn a_large_snapshot_is_one_file_and_a_small_one_a_record() {
        let (dir, store, doc, ups) = long_document();
        let text = long_text();
        for upto in (1000..ups.len()).step_by(1000) {
            store.compact(&doc, upto as u64).unwrap();
        }
        let mut seq = ups.len() as u64;
        let done = store.compact(&doc, seq).unwrap();
        assert!(done.snapshot_bytes > IN_SLED_LIMIT, "{done:?}");
        assert_eq!(store.docs.scan_prefix(prefix("pm")).count(), 0, "no log");
        assert_eq!(snapshot_files(dir.path()), ["pm.snap"]);
        assert!(
            store.contains(&doc).unwrap(),
            "a snapshot file alone is a document"
        );
        assert_eq!(store.list().unwrap()[0].size, done.snapshot_bytes);
        // Everything so far written out: the write-ahead log holds none of it any more.
        store.flush().unwrap();

        // Deleting nearly all of it: the next snapshot is a record again, and the file goes.
        let state = store.load(&doc).unwrap().snapshot.unwrap();
        let edit = Doc::new();
        let body = edit.get_or_insert_text("body");
        let mut txn = edit.transact_mut();
        txn.apply_update(Update::decode_v1(state.bytes()).unwrap())
            .unwrap();
        let sv = txn.state_vector();
        body.remove_range(&mut txn, 2, text.len() as u32 - 2);
        let deletion = txn.encode_diff_v1(&sv);
        drop(txn);
        seq += 1;
        store.append(&doc, seq, &deletion).unwrap();
        let done = store.compact(&doc, seq).unwrap();
        assert!(done.snapshot_bytes <= IN_SLED_LIMIT, "{done:?}");
        assert!(snapshot_files(dir.path()).is_empty());
        assert_eq!(
            store.docs.scan_prefix(prefix("pm")).count(),
            1,
            "the record"
        );
        // The folder as a `kill -9` right now would leave it: the file is gone, so the record
        // must already be in sled's files, not only in its buffers.
        let crashed = tempfile::tempdir().unwrap();
        copy_folder(dir.path(), crashed.path());
        let loaded = SledStore::open(crashed.path()).unwrap().load(&doc).unwrap();
        assert_eq!(text_of(&loaded), "po");
        drop(store);
        let store = SledStore::open(dir.path()).unwrap();
        let loaded = store.load(&doc).unwrap();
        assert_eq!((loaded.snapshot_seq, loaded.last_seq), (seq, seq));
        assert_eq!(text_of(&loaded), "po");
    }

    fn copy_folder(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy_folder(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }

    #[test]
    fn log_entries_a_crash_left_below_the_snapshot_file_are_skipped_then_dropped() {
        // A crash after the snapshot file is written but before sled made the deletion of the
        // entries it folded durable: sled comes back with those entries.
        let (dir, store, doc, ups) = long_document();
        let text = long_text();
        let folded = ups.len() - 2;
        store.compact(&doc, folded as u64).unwrap();
        assert_eq!(snapshot_files(dir.path()), ["pm.snap"]);
        for (i, u) in ups[..folded].iter().enumerate() {
            let key = update_key("pm", i as u64 + 1);
            store.docs.insert(key, u.as_slice()).unwrap();
        }
        let loaded = store.load(&doc).unwrap();
        assert_eq!(
            (loaded.snapshot_seq, loaded.updates.len()),
            (folded as u64, 2)
        );
        assert_eq!(text_of(&loaded), text);

        let done = store.compact(&doc, ups.len() as u64).unwrap();
        assert_eq!(done.updates, 2, "the stale entries are not folded again");
        assert_eq!(store.docs.scan_prefix(prefix("pm")).count(), 0);
        assert_eq!(text_of(&store.load(&doc).unwrap()), text);
    }

    /// A fresh folder holding only the write-ahead log of the store in `dir`.
    fn only_the_log(dir: &Path) -> tempfile::TempDir {
        let crashed = tempfile::tempdir().unwrap();
        std::fs::create_dir(crashed.path().join("wal")).unwrap();
        for entry in std::fs::read_dir(dir.join("wal")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(
                &path,
                crashed.path().join("wal").join(path.file_name().unwrap()),
            )
            .unwrap();
        }
        crashed
    }

    #[test]
    fn logged_appends_that_sled_lost_come_back_on_open() {
        // A crash after the log write but before sled wrote its buffers leaves a folder whose
        // sled database never saw the appends: here, a fresh folder with only the log copied in.
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let doc = name("pm-crash");
        for (i, u) in keystrokes("kill -9").iter().enumerate() {
            store.append(&doc, i as u64 + 1, u).unwrap();
        }
        let crashed = only_the_log(dir.path());

        let recovered = SledStore::open(crashed.path()).unwrap();
        let loaded = recovered.load(&doc).unwrap();
        assert_eq!(loaded.last_seq, 7);
        assert_eq!(text_of(&loaded), "kill -9");
        assert_eq!(
            recovered.list().unwrap()[0].size,
            store.list().unwrap()[0].size
        );
        // Opening checkpointed the log away: sled holds it all now.
        drop(recovered);
        let empty_log = |d: &Path| {
            std::fs::read_dir(d.join("wal"))
                .unwrap()
                .all(|e| std::fs::metadata(e.unwrap().path()).unwrap().len() == 0)
        };
        assert!(empty_log(crashed.path()));
        assert_eq!(
            text_of(&SledStore::open(crashed.path()).unwrap().load(&doc).unwrap()),
            "kill -9"
        );
    }

    #[test]
    fn logged_table_writes_that_sled_lost_come_back_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let links = store.table("links").unwrap();
        links.insert(b"a", b"1".to_vec()).unwrap();
        links.insert(b"b", b"2".to_vec()).unwrap();
        links.write(vec![TableOp::remove(b"a")]).unwrap();
        links.insert(b"b", b"3".to_vec()).unwrap();
        assert!(
            store.table("docs").is_err(),
            "the documents' trees are no tables"
        );
        // As above: a folder whose sled database never saw the writes, only the log.
        let crashed = only_the_log(dir.path());
        let recovered = SledStore::open(crashed.path()).unwrap();
        let links = recovered.table("links").unwrap();
        assert_eq!(
            links.scan(b"").unwrap(),
            vec![(b"b".to_vec(), b"3".to_vec())]
        );
    }

    #[test]
    fn replay_skips_what_sled_has_or_folded() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let doc = name("pm");
        let ups = keystrokes("abcdef");
        for (i, u) in ups[..5].iter().enumerate() {
            store.append(&doc, i as u64 + 1, u).unwrap();
        }
        store.compact(&doc, 3).unwrap();
        let size = store.list().unwrap()[0].size;
        let records: Vec<Record> = ups
            .iter()
            .enumerate()
            .map(|(i, u)| Record::Update {
                name: "pm".into(),
                seq: i as u64 + 1,
                update: u.clone(),
            })
            .collect();
        assert_eq!(store.replay(&records).unwrap(), 1, "only seq 6 was missing");
        let loaded = store.load(&doc).unwrap();
        assert_eq!((loaded.snapshot_seq, loaded.updates.len()), (3, 3));
        assert_eq!(text_of(&loaded), "abcdef");
        assert_eq!(store.list().unwrap()[0].size, size + ups[5].len() as u64);
        assert_eq!(store.replay(&records).unwrap(), 0, "replay is idempotent");
    }

    #[test]
    fn survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let doc = name("durable");
        {
            let store = SledStore::open(dir.path()).unwrap();
            for (i, u) in keystrokes("abc").iter().enumerate() {
                store.append(&doc, i as u64 + 1, u).unwrap();
            }
            store.flush().unwrap();
        }
        let store = SledStore::open(dir.path()).unwrap();
        assert_eq!(text_of(&store.load(&doc).unwrap()), "abc");
    }
}
