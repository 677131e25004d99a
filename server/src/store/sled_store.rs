//! The default [`Store`]: an embedded `sled` database in a local folder, beside files of the
//! store's own for what sled keeps badly.
//!
//! What is where:
//! - each document's update log: [files of its own](super::doc_logs) in `logs/`. An append is one
//!   `write` call there, after which a crash of the process cannot lose it; no sled call is on a
//!   keystroke's path.
//! - a document's snapshot: a [file](super::snapshot_files) in `snapshots/` when it is larger than
//!   [`IN_SLED_LIMIT`], else a record in sled's tree `docs` under `name NUL 'T'`: 8-byte
//!   big-endian sequence number it covers, then the v1 state (`name NUL 'S'` holds a v2 one
//!   instead, as written by earlier versions). sled kept every rewrite of a large snapshot as a
//!   blob file until its own cleanup reached it, megabytes of dead snapshots per large document.
//! - tree `meta`: `name` → the snapshot's size and the time of the last change it holds, so
//!   listing documents does not read their contents; the logs add what they hold since.
//! - each [table](super::Table): a tree of its own, named as the table, whose writes also go to
//!   the [write-ahead log](super::wal) in `wal/`.
//!
//! Earlier versions kept the update log in `docs` too, as `name NUL 'U' seq` (`seq` as 8
//! big-endian bytes). Such entries are still read, and the next compaction of their document
//! folds them into its snapshot and deletes them.
//!
//! A compaction first [rotates](super::doc_logs::DocLogs::rotate) the document's log, so that it
//! folds files nothing writes to any more, and writes the new snapshot durably (a file is synced
//! and renamed; a record is flushed with the document's `meta`). Only then does it delete the log
//! files and records the snapshot holds. A crash between the steps leaves two snapshots or log
//! entries a snapshot already covers: loading takes the snapshot with the highest sequence number
//! and skips the entries at or below it, and the next compaction deletes what is left over.
//!
//! A background thread syncs the logs every second and checkpoints the write-ahead log (flushes
//! sled, drops the log's older segments) every ten.

use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, UNIX_EPOCH};

use prometheus_client::metrics::counter::Counter;

use super::doc_logs::DocLogs;
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

/// Stripes of [`SledStore::swapping`].
const SWAP_STRIPES: usize = 64;

/// How often the background thread makes the logs survive a machine crash.
const SYNC_EVERY: Duration = Duration::from_secs(1);
/// Every this many syncs, it checkpoints the write-ahead log as well.
const CHECKPOINT_EVERY: u32 = 10;

pub struct SledStore {
    db: sled::Db,
    docs: sled::Tree,
    meta: sled::Tree,
    logs: Arc<DocLogs>,
    snapshots: SnapshotFiles,
    /// Held to read while loading a document, to write while a compaction swaps its snapshot
    /// and deletes the log it covers: a load sees both steps or neither. One lock per stripe
    /// of documents (see [`Self::swapping`]), so that a compaction's disk waits hold up only
    /// the loads of the few documents that share its stripe.
    swapping: [RwLock<()>; SWAP_STRIPES],
    wal: Arc<Wal>,
    /// Stops the background thread when dropped.
    background: Option<(mpsc::Sender<()>, JoinHandle<()>)>,
    /// Counts [`Store::load`] calls: whole documents read.
    loads: Counter,
}

impl SledStore {
    /// Opens (or creates) the store in `dir`, replaying what the write-ahead log holds from
    /// before a crash.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let db = open_db(dir)?;
        let wal = Arc::new(Wal::open(&dir.join("wal"))?);
        let mut store = SledStore {
            docs: db.open_tree("docs")?,
            meta: db.open_tree("meta")?,
            db,
            logs: Arc::new(DocLogs::open(&dir.join("logs"))?),
            snapshots: SnapshotFiles::open(&dir.join("snapshots"))?,
            swapping: std::array::from_fn(|_| RwLock::new(())),
            wal,
            background: None,
            loads: Counter::default(),
        };
        // Log files a crash left below a snapshot hold older changes than `meta` knows of; the
        // next change must be stamped later than both.
        for name in store.logs.names() {
            let known = store.last_change_ms(&name)?;
            store.logs.raise_changed_ms(&name, known);
        }
        let recovered = store.wal.recover()?;
        if !recovered.is_empty() {
            let replayed = store.replay(&recovered)?;
            tracing::info!(
                records = recovered.len(),
                replayed,
                "replayed the write-ahead log"
            );
        }
        store.wal.checkpoint(|| {
            store.logs.sync()?;
            Ok::<_, StoreError>(store.db.flush().map(drop)?)
        })?;
        store.background = Some(background(
            store.db.clone(),
            store.wal.clone(),
            store.logs.clone(),
        ));
        Ok(store)
    }

    /// The lock between loading document `name` and swapping its snapshot.
    fn swapping(&self, name: &str) -> &RwLock<()> {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(name);
        &self.swapping[hash as usize % SWAP_STRIPES]
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

    /// When the content `meta` knows of last changed (0 for a document it does not know).
    fn last_change_ms(&self, name: &str) -> Result<u64, StoreError> {
        Ok(self
            .meta
            .get(name)?
            .map_or(0, |value| Meta::decode(&value).updated_ms))
    }

    /// Counts every whole-document read ([`Store::load`]) in `loads` from now on.
    pub fn count_loads(&mut self, loads: Counter) {
        self.loads = loads;
    }

    /// Writes every logged table write into sled, in log order, and appends the document
    /// updates that earlier versions logged there and that the store does not hold yet to the
    /// documents' logs; returns how many records it wrote.
    fn replay(&self, records: &[Record]) -> Result<usize, StoreError> {
        // Per document, the last sequence number the store holds.
        let mut held_upto: HashMap<&str, u64> = HashMap::new();
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
            let held = match held_upto.get_mut(name) {
                Some(held) => held,
                None => held_upto.entry(name).or_insert(
                    self.snapshot_seq(name)?
                        .max(self.logs.last_seq(name))
                        .max(self.legacy_last_seq(name)?),
                ),
            };
            if seq <= *held {
                continue;
            }
            self.logs
                .append(name, seq, update, || self.last_change_ms(name))?;
            *held = seq;
            replayed += 1;
        }
        Ok(replayed)
    }

    /// The sequence number of the document's last update in the log of earlier versions.
    fn legacy_last_seq(&self, name: &str) -> Result<u64, StoreError> {
        let mut updates = prefix(name);
        updates.push(UPDATE);
        match self.docs.scan_prefix(updates).next_back().transpose()? {
            Some((key, _)) => seq_of(&key),
            None => Ok(0),
        }
    }

    /// What [`Store::info`] tells of `name`, given its `meta` record, if any.
    fn doc_info(&self, name: &str, meta: Option<Meta>) -> Option<DocInfo> {
        let changed_ms = self.logs.changed_ms(name);
        if meta.is_none() && changed_ms.is_none() {
            return None;
        }
        let meta = meta.unwrap_or_default();
        let updated_ms = meta.updated_ms.max(changed_ms.unwrap_or(0));
        Some(DocInfo {
            name: name.to_owned(),
            size: meta.size + self.logs.bytes(name),
            updated: UNIX_EPOCH + Duration::from_millis(updated_ms),
        })
    }
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
    wal: Arc<Wal>,
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
        self.wal.append_table(&self.name, &ops)?;
        Ok(())
    }
}

impl Drop for SledStore {
    fn drop(&mut self) {
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

/// Syncs the logs every [`SYNC_EVERY`] (closing the files of documents not typed in since the
/// last time) and checkpoints the write-ahead log every [`CHECKPOINT_EVERY`] syncs, until the
/// returned sender is dropped.
fn background(
    db: sled::Db,
    wal: Arc<Wal>,
    logs: Arc<DocLogs>,
) -> (mpsc::Sender<()>, JoinHandle<()>) {
    let (stop, stopped) = mpsc::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("debrief-sync".into())
        .spawn(move || {
            let mut ticks = 0u32;
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(SYNC_EVERY) {
                ticks += 1;
                logs.close_idle();
                let result = logs.sync().and_then(|()| {
                    if ticks.is_multiple_of(CHECKPOINT_EVERY) {
                        wal.checkpoint(|| Ok(db.flush().map(drop)?))
                    } else {
                        wal.sync().map_err(StoreError::from)
                    }
                });
                if let Err(e) = result {
                    tracing::error!(error = %e, "syncing the logs failed; retrying");
                }
            }
        })
        .expect("spawning the log syncing thread");
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
    /// An update in the log of earlier versions.
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

#[cfg(test)]
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

/// Per-document metadata record: the snapshot's size (with, in stores of earlier versions, their
/// log's) and the time of the last change it holds.
#[derive(Default)]
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

/// A document's snapshot and its log up to some point, as read for a compaction.
struct Folding {
    /// The newest snapshot, wherever it is: its sequence number, state and stored bytes.
    snapshot: Option<(u64, Snapshot, u64)>,
    /// Whether that snapshot, or an older one, is a file.
    had_file: bool,
    /// Keys in `docs` the new snapshot replaces: snapshot records, and updates of earlier
    /// versions' log.
    folded_keys: Vec<sled::IVec>,
    /// The updates after the snapshot, in order.
    updates: Vec<Vec<u8>>,
}

impl Store for SledStore {
    fn load(&self, name: &DocName) -> Result<StoredDoc, StoreError> {
        self.loads.inc();
        let _swapping = self
            .swapping(name.as_str())
            .read()
            .unwrap_or_else(|e| e.into_inner());
        let name = name.as_str();
        let mut doc = StoredDoc::default();
        if let Some((seq, state)) = self.snapshots.read(name)? {
            doc.snapshot = Some(Snapshot::V1(state));
            (doc.snapshot_seq, doc.last_seq) = (seq, seq);
        }
        let prefix = prefix(name);
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
        for (seq, update) in self.logs.read(name)? {
            if seq > doc.last_seq {
                doc.updates.push(update);
                doc.last_seq = seq;
            }
        }
        Ok(doc)
    }

    fn append(&self, name: &DocName, seq: u64, update: &[u8]) -> Result<(), StoreError> {
        let name = name.as_str();
        self.logs
            .append(name, seq, update, || self.last_change_ms(name))
    }

    fn sync(&self) -> Result<(), StoreError> {
        self.logs.sync()?;
        Ok(self.wal.sync()?)
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.logs.sync()?;
        self.wal.checkpoint(|| Ok(self.db.flush().map(drop)?))
    }

    fn compact(&self, name: &DocName, upto_seq: u64) -> Result<Compacted, StoreError> {
        let name = name.as_str();
        let logged = self.logs.rotate(name)?;
        let folding = self.folding(name, upto_seq, logged)?;
        let old_seq = folding.snapshot.as_ref().map_or(0, |(seq, ..)| *seq);
        if folding.updates.is_empty() {
            // Nothing new, but perhaps log files a crash left below the snapshot.
            self.logs.remove_upto(name, old_seq)?;
            return Ok(Compacted {
                updates: 0,
                snapshot_bytes: folding.snapshot.map_or(0, |(.., bytes)| bytes),
            });
        }
        let state = merge_into_snapshot(
            folding.snapshot.as_ref().map(|(_, snapshot, _)| snapshot),
            &folding.updates,
        )?;

        let mut batch = sled::Batch::default();
        for key in folding.folded_keys {
            batch.remove(key);
        }
        let in_sled = SnapshotFiles::size_of(&state) <= IN_SLED_LIMIT;
        let swapping = self
            .swapping(name)
            .write()
            .unwrap_or_else(|e| e.into_inner());
        let written = if in_sled {
            let mut record = Vec::with_capacity(8 + state.len());
            record.extend_from_slice(&upto_seq.to_be_bytes());
            record.extend_from_slice(&state);
            let written = record.len() as u64;
            batch.insert(snapshot_key(name, SNAPSHOT_V1), record);
            written
        } else {
            // Durable before the log it replaces goes.
            self.snapshots.write(name, upto_seq, &state)?
        };
        let updated_ms = self
            .last_change_ms(name)?
            .max(self.logs.changed_ms(name).unwrap_or(0));
        let meta = Meta {
            size: written,
            updated_ms,
        };
        self.docs.apply_batch(batch)?;
        self.meta.insert(name, &meta.encode())?;
        // The record and `meta` must be in sled's files before the log goes: a crash in
        // between would find neither the snapshot nor the time of the last change.
        self.db.flush()?;
        self.logs.remove_upto(name, upto_seq)?;
        drop(swapping);
        if in_sled && folding.had_file {
            // The file of an earlier, larger state. Left behind (an error here), its older
            // sequence number loses to the record's, and the next compaction deletes or
            // replaces it.
            if let Err(e) = self.snapshots.remove(name) {
                tracing::warn!(doc = name, error = %e, "could not delete an old snapshot file");
            }
        }
        Ok(Compacted {
            updates: folding.updates.len() as u64,
            snapshot_bytes: written,
        })
    }

    fn contains(&self, name: &DocName) -> Result<bool, StoreError> {
        let name = name.as_str();
        Ok(self.logs.changed_ms(name).is_some()
            || self.snapshots.seq(name)?.is_some()
            || self
                .docs
                .scan_prefix(prefix(name))
                .next()
                .transpose()?
                .is_some())
    }

    fn list(&self) -> Result<Vec<DocInfo>, StoreError> {
        let mut listed = Vec::new();
        let mut known = std::collections::HashSet::new();
        for entry in self.meta.iter() {
            let (key, value) = entry?;
            let name = String::from_utf8_lossy(&key).into_owned();
            listed.extend(self.doc_info(&name, Some(Meta::decode(&value))));
            known.insert(name);
        }
        for name in self.logs.names() {
            if !known.contains(&name) {
                listed.extend(self.doc_info(&name, None));
            }
        }
        listed.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(listed)
    }

    fn info(&self, name: &DocName) -> Result<Option<DocInfo>, StoreError> {
        let meta = self.meta.get(name.as_str())?.map(|v| Meta::decode(&v));
        Ok(self.doc_info(name.as_str(), meta))
    }

    fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(
            self.db.size_on_disk()?
                + self.snapshots.bytes_on_disk()?
                + self.logs.bytes_on_disk()?,
        )
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

impl SledStore {
    /// Reads what a compaction up to `upto` folds: the newest snapshot, the updates of earlier
    /// versions' log in `docs` and those `logged` (the rotated log), after the snapshot and up
    /// to `upto`.
    fn folding(
        &self,
        name: &str,
        upto: u64,
        logged: Vec<(u64, Vec<u8>)>,
    ) -> Result<Folding, StoreError> {
        let mut folding = Folding {
            snapshot: None,
            had_file: false,
            folded_keys: Vec::new(),
            updates: Vec::new(),
        };
        if let Some((seq, state)) = self.snapshots.read(name)? {
            let bytes = SnapshotFiles::size_of(&state);
            folding.snapshot = Some((seq, Snapshot::V1(state), bytes));
            folding.had_file = true;
        }
        let prefix = prefix(name);
        let mut legacy = Vec::new();
        for entry in self.docs.scan_prefix(&prefix) {
            let (key, value) = entry?;
            match classify(&key, prefix.len())? {
                Entry::Snapshot(encoding) => {
                    let (seq, state) = split_snapshot(&value)?;
                    if folding.snapshot.as_ref().is_none_or(|(old, ..)| seq > *old) {
                        folding.snapshot =
                            Some((seq, encoding(state.to_vec()), value.len() as u64));
                    }
                }
                Entry::Update(seq) if seq > upto => continue,
                Entry::Update(seq) => legacy.push((seq, value.to_vec())),
            }
            folding.folded_keys.push(key);
        }
        let old_seq = folding.snapshot.as_ref().map_or(0, |(seq, ..)| *seq);
        // Entries at or below the snapshot were left by a crash after it was written.
        folding.updates = legacy
            .into_iter()
            .chain(logged)
            .filter(|(seq, _)| *seq > old_seq && *seq <= upto)
            .map(|(_, update)| update)
            .collect();
        Ok(folding)
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
        // Each update in its log file: framed, after its sequence number and time.
        let overhead = (super::super::framing::HEADER + 16) as u64;
        assert_eq!(
            list[1].size,
            (ups[0].len() + ups[1].len()) as u64 + 2 * overhead
        );
        // Appends go to the logs only: not one write to sled.
        assert!(store.docs.is_empty() && store.meta.is_empty());
        assert!(list[0].updated < list[1].updated, "ab changed last");
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
    fn log_files_a_crash_left_below_the_snapshot_are_skipped_then_dropped() {
        // A crash after the snapshot is written but before the log files it folded are deleted:
        // they come back with the folder.
        let (dir, store, doc, ups) = long_document();
        let text = long_text();
        let before = tempfile::tempdir().unwrap();
        copy_folder(&dir.path().join("logs"), before.path());
        let folded = ups.len() - 2;
        store.compact(&doc, folded as u64).unwrap();
        assert_eq!(snapshot_files(dir.path()), ["pm.snap"]);
        assert_eq!(
            log_files(dir.path()),
            1,
            "the file that also holds the last two"
        );
        drop(store);
        copy_folder(before.path(), &dir.path().join("logs"));
        assert_eq!(log_files(dir.path()), 1, "the same file, whole again");

        let store = SledStore::open(dir.path()).unwrap();
        let loaded = store.load(&doc).unwrap();
        assert_eq!(
            (loaded.snapshot_seq, loaded.updates.len()),
            (folded as u64, 2)
        );
        assert_eq!(text_of(&loaded), text);

        let done = store.compact(&doc, ups.len() as u64).unwrap();
        assert_eq!(done.updates, 2, "the stale entries are not folded again");
        assert_eq!(log_files(dir.path()), 0);
        assert_eq!(text_of(&store.load(&doc).unwrap()), text);
    }

    fn log_files(dir: &Path) -> usize {
        std::fs::read_dir(dir.join("logs")).unwrap().count()
    }

    #[test]
    fn the_folder_a_kill_leaves_holds_every_append() {
        // What `kill -9` leaves is what the kernel has: a copy of the folder taken now, with no
        // sync or flush since the appends.
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let doc = name("pm-crash");
        let ups = keystrokes("kill -9!");
        for (i, u) in ups[..7].iter().enumerate() {
            store.append(&doc, i as u64 + 1, u).unwrap();
        }
        let crashed = tempfile::tempdir().unwrap();
        copy_folder(dir.path(), crashed.path());
        let recovered = SledStore::open(crashed.path()).unwrap();
        let loaded = recovered.load(&doc).unwrap();
        assert_eq!(loaded.last_seq, 7);
        assert_eq!(text_of(&loaded), "kill -9");
        let (was, is) = (&store.list().unwrap()[0], &recovered.list().unwrap()[0]);
        assert_eq!(is.size, was.size);
        assert_eq!(
            is.updated, was.updated,
            "the time of the last change, exactly"
        );
        // The log goes on after what the crash left.
        recovered.append(&doc, 8, &ups[7]).unwrap();
        let changed = recovered.info(&doc).unwrap().unwrap().updated;
        assert!(changed > is.updated, "each change is stamped later");
        recovered.compact(&doc, 8).unwrap();
        assert_eq!(text_of(&recovered.load(&doc).unwrap()), "kill -9!");
        assert_eq!(log_files(crashed.path()), 0, "all folded, no file left");
        assert_eq!(recovered.info(&doc).unwrap().unwrap().updated, changed);
    }

    /// Writes `ups`, as sequence numbers 1, 2, ..., the way earlier versions stored them: in
    /// sled's `docs` tree, their size in `meta`.
    fn legacy_log(store: &SledStore, name: &str, ups: &[Vec<u8>]) {
        for (i, u) in ups.iter().enumerate() {
            store
                .docs
                .insert(update_key(name, i as u64 + 1), u.as_slice())
                .unwrap();
        }
        let size = ups.iter().map(Vec::len).sum::<usize>() as u64;
        let meta = Meta {
            size,
            updated_ms: 1,
        };
        store.meta.insert(name, &meta.encode()).unwrap();
    }

    #[test]
    fn the_log_of_earlier_versions_in_sled_loads_and_compacts_away() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let doc = name("old");
        let ups = keystrokes("abcdefgh");
        legacy_log(&store, "old", &ups[..6]);
        let loaded = store.load(&doc).unwrap();
        assert_eq!((loaded.last_seq, loaded.updates.len()), (6, 6));
        // The room goes on numbering after them, in the log file.
        store.append(&doc, 7, &ups[6]).unwrap();
        store.append(&doc, 8, &ups[7]).unwrap();
        let loaded = store.load(&doc).unwrap();
        assert_eq!((loaded.last_seq, loaded.updates.len()), (8, 8));
        assert_eq!(text_of(&loaded), "abcdefgh");
        let size = store.info(&doc).unwrap().unwrap().size;
        assert!(
            size > ups.iter().map(Vec::len).sum::<usize>() as u64,
            "both logs"
        );

        store.compact(&doc, 8).unwrap();
        assert_eq!(
            store.docs.scan_prefix(prefix("old")).count(),
            1,
            "the snapshot"
        );
        assert_eq!(log_files(dir.path()), 0);
        let loaded = store.load(&doc).unwrap();
        assert_eq!((loaded.snapshot_seq, loaded.updates.len()), (8, 0));
        assert_eq!(text_of(&loaded), "abcdefgh");
    }

    #[test]
    fn updates_earlier_versions_logged_ahead_come_back_on_open() {
        // Earlier versions wrote each update to the write-ahead log before sled: after a crash,
        // their folder's log may hold updates sled never got. Here, a folder with only such a log.
        let dir = tempfile::tempdir().unwrap();
        let ups = keystrokes("kill -9");
        {
            let wal = Wal::open(&dir.path().join("wal")).unwrap();
            for (i, u) in ups.iter().enumerate() {
                wal.append_update("pm-crash", i as u64 + 1, u).unwrap();
            }
        }
        let recovered = SledStore::open(dir.path()).unwrap();
        let doc = name("pm-crash");
        let loaded = recovered.load(&doc).unwrap();
        assert_eq!(loaded.last_seq, 7);
        assert_eq!(text_of(&loaded), "kill -9");
        // Opening checkpointed the write-ahead log away: the document's log holds it all now.
        drop(recovered);
        let empty_log = |d: &Path| {
            std::fs::read_dir(d.join("wal"))
                .unwrap()
                .all(|e| std::fs::metadata(e.unwrap().path()).unwrap().len() == 0)
        };
        assert!(empty_log(dir.path()));
        assert_eq!(
            text_of(&SledStore::open(dir.path()).unwrap().load(&doc).unwrap()),
            "kill -9"
        );
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
    fn replay_of_earlier_versions_updates_skips_what_the_store_holds() {
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
        let overhead = (super::super::framing::HEADER + 16) as u64;
        assert_eq!(
            store.list().unwrap()[0].size,
            size + ups[5].len() as u64 + overhead
        );
        assert_eq!(store.replay(&records).unwrap(), 0, "replay is idempotent");
    }

    #[test]
    fn a_snapshot_swap_holds_up_only_the_loads_of_its_stripe() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let other = (0..)
            .map(|i| format!("pm-{i}"))
            .find(|n| !std::ptr::eq(store.swapping("pm"), store.swapping(n)))
            .unwrap();
        // As a compaction of `pm` holds it while it writes its snapshot and deletes its log.
        let swapping = store.swapping("pm").write().unwrap();
        let (done, loaded) = mpsc::channel();
        let loader = store.clone();
        std::thread::spawn(move || done.send(loader.load(&name(&other)).is_ok()).unwrap());
        assert_eq!(
            loaded.recv_timeout(Duration::from_secs(10)),
            Ok(true),
            "another document loads meanwhile"
        );
        drop(swapping);
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
