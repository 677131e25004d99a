//! The write-ahead log of the [tables](super::Table): what makes a table write survive a crash
//! of the server process the moment it returns, without waiting for a disk.
//!
//! sled keeps recent writes in its own memory buffers and writes them out on `flush` (which also
//! waits for the disk, ~1 ms and a long tail) or in the background every half second. So each
//! table write also goes to the current *segment* of this log as one `write` call: once that
//! returns, the kernel holds the record and a crash or `kill -9` of Debrief cannot lose it.
//! [`Wal::sync`] (`fdatasync`) makes it survive a crash of the machine as well; the store calls it
//! in the background every second, or before every broadcast when Debrief runs with
//! `--durability machine`.
//!
//! A [checkpoint](Wal::checkpoint) starts a new segment, flushes sled, and deletes the older
//! segments, whose records sled now holds durably. When the store opens, leftover segments (a
//! crash since the last checkpoint) are [read back](Wal::recover) and replayed into sled before
//! anything else runs, in log order, so a table ends as it was logged.
//!
//! Earlier versions of Debrief logged each document update here too, before their
//! documents' logs moved to [files of their own](super::doc_logs). Such records are still read
//! back, so a store those versions left after a crash loses nothing.
//!
//! Records are [framed](super::framing) with a length and a checksum. A document update's body is
//! `name_len: u16 LE`, name (UTF-8), `seq: u64 LE`, the update. A table write's body starts with
//! `0xFFFF` (longer than any document name), then `table_len: u8`, the table's name, then each
//! operation: `1`, `key_len: u32 LE`, key, `value_len: u32 LE`, value to insert, or `0`,
//! `key_len`, key to remove. A record cut short or failing its checksum ends its segment (a write
//! torn by the crash; nothing after it was acknowledged).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::framing;

const EXTENSION: &str = "wal";

/// Marks a table write where a document update has its name's length.
const TABLE_WRITE: u16 = u16::MAX;
const REMOVE: u8 = 0;
const INSERT: u8 = 1;

/// One logged write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A document update appended under a sequence number.
    Update {
        name: String,
        seq: u64,
        update: Vec<u8>,
    },
    /// An atomic write to a table.
    Table { table: String, ops: Vec<TableOp> },
}

/// One change in a table write: insert `value` under `key`, or remove `key` (`value: None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOp {
    pub key: Vec<u8>,
    pub value: Option<Vec<u8>>,
}

pub struct Wal {
    dir: PathBuf,
    current: Mutex<Segment>,
}

struct Segment {
    id: u64,
    file: Arc<File>,
    /// Reused to build each record, so an append is one `write` call.
    buf: Vec<u8>,
}

impl Wal {
    /// Opens the log in `dir` (created if missing) and starts a new segment after any left
    /// there, which stay until [`Self::checkpoint`] (read them first with [`Self::recover`]).
    pub fn open(dir: &Path) -> io::Result<Wal> {
        fs::create_dir_all(dir)?;
        let next = segments(dir)?.last().map_or(1, |(id, _)| id + 1);
        Ok(Wal {
            dir: dir.to_owned(),
            current: Mutex::new(Segment::create(dir, next)?),
        })
    }

    /// Every record in the segments before the current one, oldest first.
    pub fn recover(&self) -> io::Result<Vec<Record>> {
        let current = self.lock().id;
        let mut records = Vec::new();
        for (id, path) in segments(&self.dir)? {
            if id < current {
                let (read, torn) = parse(&fs::read(&path)?);
                if torn {
                    tracing::warn!(segment = %path.display(), "write-ahead log segment ends in a torn record; kept what precedes it");
                }
                records.extend(read);
            }
        }
        Ok(records)
    }

    /// Appends one document update, as earlier versions of Debrief did.
    #[cfg(test)]
    pub fn append_update(&self, name: &str, seq: u64, update: &[u8]) -> io::Result<()> {
        let name_len = u16::try_from(name.len())
            .ok()
            .filter(|len| *len != TABLE_WRITE)
            .ok_or_else(|| invalid("document name too long"))?;
        self.write(|buf| {
            buf.extend_from_slice(&name_len.to_le_bytes());
            buf.extend_from_slice(name.as_bytes());
            buf.extend_from_slice(&seq.to_le_bytes());
            buf.extend_from_slice(update);
            Ok(())
        })
        .map(drop)
    }

    /// Appends one atomic table write; when this returns, the operating system has it.
    pub fn append_table(&self, table: &str, ops: &[TableOp]) -> io::Result<()> {
        let table_len = u8::try_from(table.len()).map_err(|_| invalid("table name too long"))?;
        let len32 = |bytes: &[u8]| {
            u32::try_from(bytes.len())
                .map(u32::to_le_bytes)
                .map_err(|_| invalid("table entry too large"))
        };
        self.write(|buf| {
            buf.extend_from_slice(&TABLE_WRITE.to_le_bytes());
            buf.push(table_len);
            buf.extend_from_slice(table.as_bytes());
            for op in ops {
                buf.push(if op.value.is_some() { INSERT } else { REMOVE });
                buf.extend_from_slice(&len32(&op.key)?);
                buf.extend_from_slice(&op.key);
                if let Some(value) = &op.value {
                    buf.extend_from_slice(&len32(value)?);
                    buf.extend_from_slice(value);
                }
            }
            Ok(())
        })
        .map(drop)
    }

    /// Writes one record whose body `body` builds, with one `write` call; returns the segment,
    /// still locked.
    fn write(
        &self,
        body: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<std::sync::MutexGuard<'_, Segment>> {
        let mut segment = self.lock();
        let Segment { file, buf, .. } = &mut *segment;
        framing::frame(buf, body)?;
        let result = (&**file).write_all(buf);
        framing::shrink(buf);
        result.map(|()| segment)
    }

    /// Makes every record appended so far survive a crash of the machine.
    pub fn sync(&self) -> io::Result<()> {
        // Not under the lock: appends go on while the disk works.
        let file = self.lock().file.clone();
        file.sync_data()
    }

    /// Starts a new segment, runs `flush` (which must make everything appended to the engine so
    /// far durable), then deletes the older segments.
    pub fn checkpoint<E>(&self, flush: impl FnOnce() -> Result<(), E>) -> Result<(), E>
    where
        E: From<io::Error>,
    {
        let current = {
            let mut segment = self.lock();
            // A `sync` that read the old file before this swap still covers everything in it.
            segment.file.sync_data()?;
            let next = Segment::create(&self.dir, segment.id + 1)?;
            *segment = next;
            segment.id
        };
        flush()?;
        for (id, path) in segments(&self.dir)? {
            if id < current {
                fs::remove_file(path)?;
            }
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Segment> {
        // A panic while holding the lock cannot leave a half-built record in the file: the
        // record is written with one call after it is complete.
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Segment {
    fn create(dir: &Path, id: u64) -> io::Result<Segment> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(format!("{id:016x}.{EXTENSION}")))?;
        // The new file's directory entry must be durable too, or a synced record could vanish
        // with it.
        File::open(dir)?.sync_all()?;
        Ok(Segment {
            id,
            file: Arc::new(file),
            buf: Vec::new(),
        })
    }
}

fn invalid(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, why)
}

/// The segment files in `dir`, by id.
fn segments(dir: &Path) -> io::Result<Vec<(u64, PathBuf)>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some(EXTENSION) {
            continue;
        }
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| u64::from_str_radix(s, 16).ok());
        if let Some(id) = id {
            found.push((id, path));
        }
    }
    found.sort();
    Ok(found)
}

/// The records in one segment's bytes, and whether it ended in a torn or corrupt record.
fn parse(mut bytes: &[u8]) -> (Vec<Record>, bool) {
    let mut records = Vec::new();
    while !bytes.is_empty() {
        match parse_one(bytes) {
            Some((record, rest)) => {
                records.push(record);
                bytes = rest;
            }
            None => return (records, true),
        }
    }
    (records, false)
}

fn parse_one(bytes: &[u8]) -> Option<(Record, &[u8])> {
    let (body, rest) = framing::unframe(bytes)?;
    let name_len = u16::from_le_bytes(body.get(..2)?.try_into().ok()?);
    let record = if name_len == TABLE_WRITE {
        parse_table_write(&body[2..])?
    } else {
        let name_len = usize::from(name_len);
        let name = std::str::from_utf8(body.get(2..2 + name_len)?).ok()?;
        let seq_at = 2 + name_len;
        let seq = u64::from_le_bytes(body.get(seq_at..seq_at + 8)?.try_into().ok()?);
        Record::Update {
            name: name.to_owned(),
            seq,
            update: body[seq_at + 8..].to_vec(),
        }
    };
    Some((record, rest))
}

fn parse_table_write(body: &[u8]) -> Option<Record> {
    let table_len = usize::from(*body.first()?);
    let table = std::str::from_utf8(body.get(1..1 + table_len)?).ok()?;
    let mut rest = &body[1 + table_len..];
    let take = |rest: &mut &[u8]| -> Option<Vec<u8>> {
        let len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let bytes = rest.get(4..4 + len)?.to_vec();
        *rest = &rest[4 + len..];
        Some(bytes)
    };
    let mut ops = Vec::new();
    while let Some((&tag, tail)) = rest.split_first() {
        rest = tail;
        let key = take(&mut rest)?;
        let value = match tag {
            INSERT => Some(take(&mut rest)?),
            REMOVE => None,
            _ => return None,
        };
        ops.push(TableOp { key, value });
    }
    Some(Record::Table {
        table: table.to_owned(),
        ops,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, seq: u64, update: &[u8]) -> Record {
        Record::Update {
            name: name.into(),
            seq,
            update: update.to_vec(),
        }
    }

    #[test]
    fn table_writes_come_back_between_updates() {
        let dir = tempfile::tempdir().unwrap();
        let wal = Wal::open(dir.path()).unwrap();
        let ops = vec![
            TableOp {
                key: b"link-1".to_vec(),
                value: Some(b"{}".to_vec()),
            },
            TableOp {
                key: b"gone".to_vec(),
                value: None,
            },
            TableOp {
                key: Vec::new(),
                value: Some(Vec::new()),
            },
        ];
        wal.append_update("pm", 1, b"one").unwrap();
        wal.append_table("links", &ops).unwrap();
        wal.append_table("empty", &[]).unwrap();
        wal.append_update("pm", 2, b"two").unwrap();
        drop(wal);
        let wal = Wal::open(dir.path()).unwrap();
        let expected = vec![
            record("pm", 1, b"one"),
            Record::Table {
                table: "links".into(),
                ops,
            },
            Record::Table {
                table: "empty".into(),
                ops: vec![],
            },
            record("pm", 2, b"two"),
        ];
        assert_eq!(wal.recover().unwrap(), expected);
    }

    #[test]
    fn records_come_back_after_reopen_and_go_after_a_checkpoint() {
        let dir = tempfile::tempdir().unwrap();
        let wal = Wal::open(dir.path()).unwrap();
        wal.append_update("pm-1", 1, b"one").unwrap();
        wal.append_update("pm-2", 7, b"").unwrap();
        wal.append_update("pm-1", 2, &[0xff; 300]).unwrap();
        wal.sync().unwrap();
        drop(wal); // a crash: no checkpoint

        let wal = Wal::open(dir.path()).unwrap();
        let expected = vec![
            record("pm-1", 1, b"one"),
            record("pm-2", 7, b""),
            record("pm-1", 2, &[0xff; 300]),
        ];
        assert_eq!(wal.recover().unwrap(), expected);
        wal.append_update("pm-3", 1, b"after").unwrap();

        let mut flushed = false;
        wal.checkpoint(|| {
            flushed = true;
            Ok::<_, io::Error>(())
        })
        .unwrap();
        assert!(flushed);
        drop(wal);
        let wal = Wal::open(dir.path()).unwrap();
        assert!(wal.recover().unwrap().is_empty(), "checkpointed away");
    }

    #[test]
    fn a_failed_flush_keeps_the_segments() {
        let dir = tempfile::tempdir().unwrap();
        let wal = Wal::open(dir.path()).unwrap();
        wal.append_update("pm", 1, b"x").unwrap();
        let failed = wal.checkpoint(|| Err(io::Error::other("disk full")));
        assert!(failed.is_err());
        drop(wal);
        let wal = Wal::open(dir.path()).unwrap();
        assert_eq!(wal.recover().unwrap(), vec![record("pm", 1, b"x")]);
    }

    #[test]
    fn a_torn_or_corrupt_tail_ends_the_segment() {
        let dir = tempfile::tempdir().unwrap();
        let wal = Wal::open(dir.path()).unwrap();
        wal.append_update("pm", 1, b"kept").unwrap();
        wal.append_update("pm", 2, b"torn").unwrap();
        drop(wal);
        let (_, path) = segments(dir.path()).unwrap().pop().unwrap();
        let bytes = fs::read(&path).unwrap();

        fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let (records, torn) = parse(&fs::read(&path).unwrap());
        assert_eq!(records, vec![record("pm", 1, b"kept")]);
        assert!(torn);

        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 1;
        let (records, torn) = parse(&flipped);
        assert_eq!(records, vec![record("pm", 1, b"kept")]);
        assert!(torn);

        assert_eq!(parse(&bytes).0.len(), 2);
        assert!(!parse(&bytes).1);
    }

    #[test]
    fn other_files_in_the_folder_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), "x").unwrap();
        fs::write(dir.path().join("zz.wal"), "x").unwrap();
        let wal = Wal::open(dir.path()).unwrap();
        assert!(wal.recover().unwrap().is_empty());
        assert_eq!(wal.lock().id, 1);
    }
}
