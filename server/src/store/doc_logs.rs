//! Each document's update log: append-only files of its own in the data folder's `logs/`,
//! outside the engine's database.
//!
//! An append is one `write` call to the document's file: once it returns, the kernel holds the
//! update and a crash or `kill -9` of Debrief cannot lose it; [`DocLogs::sync`] (`fdatasync`)
//! makes it survive a crash of the machine too. In sled, the log cost a thread hand-off, an
//! insert and a metadata update per keystroke, and left sled's segment file at the high-water mark
//! of every update that ever passed through it (2.5 MB for the 300 KB B4 document): sled never
//! shrinks it. A file whose updates are folded into a snapshot is simply deleted.
//!
//! A document's log is a series of *generations*, files named `<stem>.<generation>.log` (the
//! stem as in [`file_names`](super::file_names)), of which appends go to the newest. A compaction
//! first [rotates](DocLogs::rotate) the log: appends go on in a new generation, and the
//! compaction reads files nothing writes to any more. Once its snapshot is durable, it
//! [deletes](DocLogs::remove_upto) those whose updates the snapshot holds. No file is ever
//! rewritten, and a document at rest after its last compaction has none.
//!
//! Each record is [framed](super::framing); its body is `seq: u64 LE`, the time of the change
//! `changed_ms: u64 LE` (ms since the epoch; see [`DocLogs::changed_ms`]), then the v1 update. A
//! record cut short or failing its checksum ends its file (the write the crash interrupted, never
//! acknowledged). Files found when the store opens are never appended to again, so nothing can
//! follow such a tail.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::file_names::{file_stem, name_of_stem};
use super::{bytes_in, framing, StoreError};
use crate::clock::now_ms;

const EXTENSION: &str = "log";

/// The update logs of every document, one folder of files.
pub struct DocLogs {
    dir: PathBuf,
    /// The log of every document that has log files (or is being appended to).
    docs: Mutex<HashMap<String, Arc<Mutex<DocLog>>>>,
    /// Files appended to since the last [`DocLogs::sync`].
    unsynced: Mutex<Vec<Arc<LogFile>>>,
    /// A file was created since the last sync, so the folder needs one too.
    created: AtomicBool,
    /// One sync at a time: a sync that finds the queue empty because another one took it must
    /// not return before that one has finished.
    syncing: Mutex<()>,
}

/// One document's log.
#[derive(Default)]
struct DocLog {
    /// The generations on disk (or about to be), oldest first; appends go to the last.
    generations: Vec<Generation>,
    /// The last generation's file, while appends go to it (see [`DocLogs::close_idle`]).
    file: Option<Arc<LogFile>>,
    /// Whether anything was appended since the last [`DocLogs::close_idle`].
    appended: bool,
    /// When the document's content last changed, in ms since the epoch: each append stamps a
    /// later time than the one before.
    changed_ms: u64,
    /// Set when the document's last file is deleted and it leaves the map: an append that
    /// reached it just then starts a new log instead.
    removed: bool,
    /// Reused to build each record, so an append is one `write` call.
    buf: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Generation {
    id: u64,
    /// The sequence number of its last record (0 when it has none).
    last_seq: u64,
    bytes: u64,
}

/// A file being appended to.
struct LogFile {
    file: File,
    /// Whether it is in [`DocLogs::unsynced`].
    queued: AtomicBool,
}

/// A record read back: its sequence number and update.
pub type Entry = (u64, Vec<u8>);

impl DocLogs {
    /// Opens (or creates) the folder and reads what every log file in it holds.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        fs::create_dir_all(dir)?;
        let mut found: HashMap<String, DocLog> = HashMap::new();
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let Some((name, id)) = parse_file_name(&entry.file_name().to_string_lossy()) else {
                continue;
            };
            let (records, torn) = read_file(&entry.path())?;
            if torn {
                tracing::warn!(file = %entry.path().display(), "a document log ends in a torn record (written when the server stopped); kept what precedes it");
            }
            let log = found.entry(name).or_default();
            log.generations.push(Generation {
                id,
                last_seq: records.last().map_or(0, |r| r.seq),
                bytes: entry.metadata()?.len(),
            });
            let changed_ms = records.iter().map(|r| r.changed_ms).max().unwrap_or(0);
            log.changed_ms = log.changed_ms.max(changed_ms);
        }
        let docs = found
            .into_iter()
            .map(|(name, mut log)| {
                log.generations.sort_by_key(|g| g.id);
                // Appends go to a new file after the ones found.
                let next = log.generations.last().map_or(1, |g| g.id + 1);
                log.generations.push(Generation::new(next));
                (name, Arc::new(Mutex::new(log)))
            })
            .collect();
        Ok(DocLogs {
            dir: dir.to_owned(),
            docs: Mutex::new(docs),
            unsynced: Mutex::new(Vec::new()),
            created: AtomicBool::new(false),
            syncing: Mutex::new(()),
        })
    }

    /// Appends `update` under `seq` to the document's log; when this returns, it survives a
    /// crash of the process. `last_change` gives the stamp of the document's last change when
    /// it has no log yet, so that this change's stamp is later.
    pub fn append(
        &self,
        name: &str,
        seq: u64,
        update: &[u8],
        last_change: impl Fn() -> Result<u64, StoreError>,
    ) -> Result<(), StoreError> {
        loop {
            let doc = self.doc_or_new(name, &last_change)?;
            let mut log = lock(&doc);
            if log.removed {
                continue;
            }
            let file = match &log.file {
                Some(file) => file.clone(),
                None => {
                    let id = log.current().id;
                    let file = Arc::new(LogFile {
                        file: OpenOptions::new()
                            .create(true)
                            .append(true)
                            .open(self.path(name, id))?,
                        queued: AtomicBool::new(false),
                    });
                    self.created.store(true, Ordering::SeqCst);
                    log.file = Some(file.clone());
                    file
                }
            };
            let changed_ms = now_ms().max(log.changed_ms + 1);
            let DocLog { buf, .. } = &mut *log;
            framing::frame(buf, |body| {
                body.extend_from_slice(&seq.to_le_bytes());
                body.extend_from_slice(&changed_ms.to_le_bytes());
                body.extend_from_slice(update);
                Ok(())
            })?;
            let written = buf.len() as u64;
            let result = (&file.file).write_all(buf);
            framing::shrink(buf);
            log.appended = true;
            let current = log.current_mut();
            if let Err(e) = result {
                // Cut off whatever part of the record got out, so that later records follow
                // whole ones.
                let _ = file.file.set_len(current.bytes);
                return Err(e.into());
            }
            current.bytes += written;
            current.last_seq = seq;
            log.changed_ms = changed_ms;
            if !file.queued.swap(true, Ordering::SeqCst) {
                self.unsynced
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(file);
            }
            return Ok(());
        }
    }

    /// Makes every append so far survive a crash of the machine.
    pub fn sync(&self) -> Result<(), StoreError> {
        let _one = self.syncing.lock().unwrap_or_else(|e| e.into_inner());
        let files = std::mem::take(&mut *self.unsynced.lock().unwrap_or_else(|e| e.into_inner()));
        for (at, file) in files.iter().enumerate() {
            // Cleared first: an append after this queues the file again for the next sync.
            file.queued.store(false, Ordering::SeqCst);
            if let Err(e) = file.file.sync_data() {
                let mut unsynced = self.unsynced.lock().unwrap_or_else(|e| e.into_inner());
                for file in &files[at..] {
                    file.queued.store(true, Ordering::SeqCst);
                    unsynced.push(file.clone());
                }
                return Err(e.into());
            }
        }
        // A new file's name must be durable too, or its synced records could vanish with it.
        if self.created.swap(false, Ordering::SeqCst) {
            if let Err(e) = File::open(&self.dir).and_then(|dir| dir.sync_all()) {
                self.created.store(true, Ordering::SeqCst);
                return Err(e.into());
            }
        }
        Ok(())
    }

    /// Closes the files of the documents that nothing was appended to since the last call, so
    /// that the files the store holds open follow the documents being typed in, not every one
    /// loaded. The next append opens its file again.
    pub fn close_idle(&self) {
        let docs: Vec<_> = {
            let docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
            docs.values().cloned().collect()
        };
        for doc in docs {
            let mut log = lock(&doc);
            if !std::mem::take(&mut log.appended) {
                log.file = None;
            }
        }
    }

    /// Every record in the document's log, in order (none when it has no log).
    pub fn read(&self, name: &str) -> Result<Vec<Entry>, StoreError> {
        let ids: Vec<u64> = match self.doc(name) {
            Some(doc) => lock(&doc).generations.iter().map(|g| g.id).collect(),
            None => return Ok(Vec::new()),
        };
        self.read_generations(name, &ids)
    }

    /// Starts a new generation for the document's appends, so that every record logged so far
    /// is in files nothing writes to any more; returns their records, in order.
    pub fn rotate(&self, name: &str) -> Result<Vec<Entry>, StoreError> {
        let Some(doc) = self.doc(name) else {
            return Ok(Vec::new());
        };
        let ids: Vec<u64> = {
            let mut log = lock(&doc);
            log.file = None;
            if log.current().bytes > 0 {
                let next = log.current().id + 1;
                log.generations.push(Generation::new(next));
            }
            let closed = log.generations.len() - 1;
            log.generations[..closed].iter().map(|g| g.id).collect()
        };
        self.read_generations(name, &ids)
    }

    /// Deletes the document's files that appends no longer go to and whose records all have
    /// sequence numbers up to `upto` (a snapshot that holds them is durable); returns the bytes
    /// deleted. A document left with no file leaves the logs.
    pub fn remove_upto(&self, name: &str, upto: u64) -> Result<u64, StoreError> {
        let mut docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        let Some(doc) = docs.get(name).cloned() else {
            return Ok(0);
        };
        let mut log = lock(&doc);
        let mut freed = 0;
        let closed = log.generations.len() - 1;
        let mut kept = Vec::new();
        for generation in log.generations.drain(..closed) {
            if generation.last_seq > upto {
                kept.push(generation);
                continue;
            }
            match fs::remove_file(self.path(name, generation.id)) {
                Ok(()) => freed += generation.bytes,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    kept.push(generation);
                    tracing::warn!(doc = name, error = %e, "could not delete a folded document log");
                }
            }
        }
        log.generations.splice(..0, kept);
        if log.generations.len() == 1 && log.current().bytes == 0 {
            log.removed = true;
            docs.remove(name);
        }
        Ok(freed)
    }

    /// Bytes in the document's log files.
    pub fn bytes(&self, name: &str) -> u64 {
        self.doc(name).map_or(0, |doc| {
            lock(&doc).generations.iter().map(|g| g.bytes).sum()
        })
    }

    /// The sequence number of the document's last logged record (0 with none).
    pub fn last_seq(&self, name: &str) -> u64 {
        self.doc(name).map_or(0, |doc| {
            let log = lock(&doc);
            log.generations
                .iter()
                .map(|g| g.last_seq)
                .max()
                .unwrap_or(0)
        })
    }

    /// When the document's content last changed, if it has a log (ms since the epoch).
    pub fn changed_ms(&self, name: &str) -> Option<u64> {
        self.doc(name).map(|doc| lock(&doc).changed_ms)
    }

    /// Makes the document's stamp of its last change at least `floor`.
    pub fn raise_changed_ms(&self, name: &str, floor: u64) {
        if let Some(doc) = self.doc(name) {
            let mut log = lock(&doc);
            log.changed_ms = log.changed_ms.max(floor);
        }
    }

    /// The documents that have a log.
    pub fn names(&self) -> Vec<String> {
        let docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        docs.keys().cloned().collect()
    }

    /// Bytes the log files occupy.
    pub fn bytes_on_disk(&self) -> io::Result<u64> {
        bytes_in(&self.dir)
    }

    fn doc(&self, name: &str) -> Option<Arc<Mutex<DocLog>>> {
        let docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        docs.get(name).cloned()
    }

    fn doc_or_new(
        &self,
        name: &str,
        last_change: impl Fn() -> Result<u64, StoreError>,
    ) -> Result<Arc<Mutex<DocLog>>, StoreError> {
        if let Some(doc) = self.doc(name) {
            return Ok(doc);
        }
        // Read before taking the lock every append passes through.
        let changed_ms = last_change()?;
        let mut docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        Ok(docs
            .entry(name.to_owned())
            .or_insert_with(|| {
                Arc::new(Mutex::new(DocLog {
                    generations: vec![Generation::new(1)],
                    changed_ms,
                    ..DocLog::default()
                }))
            })
            .clone())
    }

    fn path(&self, name: &str, id: u64) -> PathBuf {
        self.dir
            .join(format!("{}.{id:016x}.{EXTENSION}", file_stem(name)))
    }

    /// The records of the document's generations `ids`, in order. A generation whose file was
    /// never created holds none.
    fn read_generations(&self, name: &str, ids: &[u64]) -> Result<Vec<Entry>, StoreError> {
        let mut records = Vec::new();
        for &id in ids {
            match read_file(&self.path(name, id)) {
                Ok((read, _)) => records.extend(read.into_iter().map(|r| (r.seq, r.update))),
                Err(StoreError::Io(e)) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(records)
    }
}

impl DocLog {
    fn current(&self) -> &Generation {
        self.generations.last().expect("a log has a generation")
    }

    fn current_mut(&mut self) -> &mut Generation {
        self.generations.last_mut().expect("a log has a generation")
    }
}

impl Generation {
    fn new(id: u64) -> Self {
        Generation {
            id,
            last_seq: 0,
            bytes: 0,
        }
    }
}

fn lock(doc: &Mutex<DocLog>) -> MutexGuard<'_, DocLog> {
    // A record is written with one call once it is whole: a panic cannot leave half of one.
    doc.lock().unwrap_or_else(|e| e.into_inner())
}

/// The document and generation of a log file's name, if it is one.
fn parse_file_name(file_name: &str) -> Option<(String, u64)> {
    let rest = file_name.strip_suffix(&format!(".{EXTENSION}"))?;
    let (stem, id) = rest.rsplit_once('.')?;
    let id = u64::from_str_radix(id, 16).ok()?;
    Some((name_of_stem(stem)?, id))
}

/// A record of a log file.
struct Record {
    seq: u64,
    changed_ms: u64,
    update: Vec<u8>,
}

/// The records in a log file, and whether it ended in a torn or corrupt one.
fn read_file(path: &Path) -> Result<(Vec<Record>, bool), StoreError> {
    let bytes = fs::read(path)?;
    let mut rest = bytes.as_slice();
    let mut records = Vec::new();
    while !rest.is_empty() {
        let Some((body, after)) = framing::unframe(rest) else {
            return Ok((records, true));
        };
        let Some((header, update)) = body.split_first_chunk::<16>() else {
            return Ok((records, true));
        };
        let word = |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().expect("8 bytes"));
        records.push(Record {
            seq: word(0),
            changed_ms: word(8),
            update: update.to_vec(),
        });
        rest = after;
    }
    Ok((records, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never_changed() -> Result<u64, StoreError> {
        Ok(0)
    }

    fn seqs(records: &[Entry]) -> Vec<u64> {
        records.iter().map(|(seq, _)| *seq).collect()
    }

    fn files(dir: &Path) -> usize {
        fs::read_dir(dir).unwrap().count()
    }

    #[test]
    fn appends_read_back_in_order_and_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let logs = DocLogs::open(dir.path()).unwrap();
        assert!(logs.read("pm").unwrap().is_empty());
        logs.append("pm", 1, b"one", never_changed).unwrap();
        logs.append("pm", 2, b"", never_changed).unwrap();
        logs.append("Pm", 1, &[7; 300], never_changed).unwrap();
        logs.sync().unwrap();
        let expected = vec![(1, b"one".to_vec()), (2, Vec::new())];
        assert_eq!(logs.read("pm").unwrap(), expected);
        assert_eq!(logs.read("Pm").unwrap(), vec![(1, vec![7; 300])]);
        assert_eq!(logs.last_seq("pm"), 2);
        // Each record: the frame's header, the sequence number and the time, the update.
        assert_eq!(logs.bytes("pm"), (24 + 3) + 24);
        drop(logs); // a crash: nothing else happens

        let logs = DocLogs::open(dir.path()).unwrap();
        assert_eq!(logs.read("pm").unwrap(), expected);
        assert_eq!(logs.last_seq("pm"), 2);
        let mut names = logs.names();
        names.sort();
        assert_eq!(names, ["Pm", "pm"]);
        // Reopened logs are appended to in a new file.
        logs.append("pm", 3, b"three", never_changed).unwrap();
        assert_eq!(seqs(&logs.read("pm").unwrap()), [1, 2, 3]);
        assert_eq!(files(dir.path()), 3);
    }

    #[test]
    fn rotation_hands_over_closed_files_and_removal_deletes_what_a_snapshot_holds() {
        let dir = tempfile::tempdir().unwrap();
        let logs = DocLogs::open(dir.path()).unwrap();
        for seq in 1..=3 {
            logs.append("pm", seq, b"x", never_changed).unwrap();
        }
        assert_eq!(seqs(&logs.rotate("pm").unwrap()), [1, 2, 3]);
        logs.append("pm", 4, b"x", never_changed).unwrap();
        assert_eq!(files(dir.path()), 2);
        // A compaction that folded up to 2 keeps the file that also holds 3.
        assert_eq!(logs.remove_upto("pm", 2).unwrap(), 0);
        assert_eq!(seqs(&logs.read("pm").unwrap()), [1, 2, 3, 4]);
        // The next one folds everything in the closed files.
        assert_eq!(seqs(&logs.rotate("pm").unwrap()), [1, 2, 3, 4]);
        assert_eq!(logs.remove_upto("pm", 4).unwrap(), 4 * (24 + 1));
        assert_eq!(files(dir.path()), 0);
        assert_eq!(logs.bytes("pm"), 0);
        assert!(logs.names().is_empty(), "no file, no log");
        // Nothing to hand over a second time.
        assert!(logs.rotate("pm").unwrap().is_empty());
        logs.append("pm", 5, b"after", never_changed).unwrap();
        assert_eq!(seqs(&logs.read("pm").unwrap()), [5]);
    }

    #[test]
    fn appends_during_a_compaction_stay() {
        let dir = tempfile::tempdir().unwrap();
        let logs = DocLogs::open(dir.path()).unwrap();
        logs.append("pm", 1, b"x", never_changed).unwrap();
        assert_eq!(seqs(&logs.rotate("pm").unwrap()), [1]);
        logs.append("pm", 2, b"y", never_changed).unwrap();
        logs.remove_upto("pm", 1).unwrap();
        assert_eq!(logs.read("pm").unwrap(), vec![(2, b"y".to_vec())]);
        assert_eq!(logs.names(), ["pm"]);
        drop(logs);
        let logs = DocLogs::open(dir.path()).unwrap();
        assert_eq!(logs.read("pm").unwrap(), vec![(2, b"y".to_vec())]);
    }

    #[test]
    fn a_torn_tail_ends_the_file_and_later_appends_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let logs = DocLogs::open(dir.path()).unwrap();
        logs.append("pm", 1, b"kept", never_changed).unwrap();
        logs.append("pm", 2, b"torn", never_changed).unwrap();
        drop(logs);
        let path = fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() - 2]).unwrap();

        let logs = DocLogs::open(dir.path()).unwrap();
        assert_eq!(logs.read("pm").unwrap(), vec![(1, b"kept".to_vec())]);
        logs.append("pm", 2, b"again", never_changed).unwrap();
        assert_eq!(
            logs.read("pm").unwrap(),
            vec![(1, b"kept".to_vec()), (2, b"again".to_vec())]
        );
    }

    #[test]
    fn idle_files_close_and_open_again_on_the_next_append() {
        let dir = tempfile::tempdir().unwrap();
        let logs = DocLogs::open(dir.path()).unwrap();
        logs.append("busy", 1, b"a", never_changed).unwrap();
        logs.append("idle", 1, b"a", never_changed).unwrap();
        let is_open = |name: &str| lock(&logs.doc(name).unwrap()).file.is_some();
        logs.close_idle();
        assert!(is_open("busy") && is_open("idle"), "both were appended to");
        logs.append("busy", 2, b"b", never_changed).unwrap();
        logs.close_idle();
        assert!(is_open("busy") && !is_open("idle"));
        logs.append("idle", 2, b"b", never_changed).unwrap();
        assert!(is_open("idle"));
        assert_eq!(files(dir.path()), 2, "the same file, opened again");
        assert_eq!(seqs(&logs.read("idle").unwrap()), [1, 2]);
        // A closed file still rotates away and is deleted with its records.
        logs.close_idle();
        logs.close_idle();
        assert_eq!(seqs(&logs.rotate("idle").unwrap()), [1, 2]);
        logs.remove_upto("idle", 2).unwrap();
        assert_eq!(logs.names(), ["busy"]);
    }

    #[test]
    fn each_change_is_stamped_later_than_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let logs = DocLogs::open(dir.path()).unwrap();
        let future = now_ms() + 60_000;
        logs.append("pm", 1, b"x", || Ok(future)).unwrap();
        assert_eq!(logs.changed_ms("pm"), Some(future + 1));
        logs.append("pm", 2, b"x", || unreachable!("known"))
            .unwrap();
        assert_eq!(logs.changed_ms("pm"), Some(future + 2));
        logs.raise_changed_ms("pm", future + 10);
        assert_eq!(logs.changed_ms("pm"), Some(future + 10));
        assert_eq!(logs.changed_ms("other"), None);
        logs.append("pm", 3, b"x", never_changed).unwrap();
        drop(logs); // a crash

        // The time of the last change comes back as it was, though it is ahead of the clock
        // and of the file's own time.
        let logs = DocLogs::open(dir.path()).unwrap();
        assert_eq!(logs.changed_ms("pm"), Some(future + 11));
    }

    #[test]
    fn other_files_in_the_folder_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "notes.txt",
            "pm.log",
            "pm.zz.log",
            "Pm.0000000000000001.log",
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        let logs = DocLogs::open(dir.path()).unwrap();
        assert!(logs.names().is_empty());
        assert_eq!(
            parse_file_name("a.b.0000000000000002.log"),
            Some(("a.b".into(), 2))
        );
        assert_eq!(
            parse_file_name("outage~1.0000000000000002.log"),
            Some(("Outage".into(), 2))
        );
    }
}
