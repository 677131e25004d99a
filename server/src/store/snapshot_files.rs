//! Compacted snapshots as plain files, one per document, beside the engine's database.
//!
//! A snapshot is rewritten whole at every compaction (a large document's is hundreds of KB), and
//! an engine that keeps old versions until its own garbage collection gets round to them holds
//! every one of those rewrites: in sled, each became a separate *blob* file that was only deleted
//! when sled rewrote the segment pointing at it, so the B4 trace left 30 dead snapshots (9 MB) for
//! one live 300 KB one. A file per document replaced by rename holds exactly one.
//!
//! A new snapshot is written to a temporary file, synced, renamed over the old one, and the folder
//! synced: after [`SnapshotFiles::write`] returns, the new snapshot survives a crash of the
//! machine, and at every moment before, the old one is whole. Only then may the store drop the log
//! entries the snapshot covers.
//!
//! File format: `seq: u64 BE` (the last log entry folded in), `crc32(state): u32 LE`, then the v1
//! state. A file whose checksum fails is reported as corrupt, never loaded.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::file_names::file_stem;
use super::{bytes_in, StoreError};

const EXTENSION: &str = "snap";
const TEMPORARY: &str = "tmp";
const HEADER: usize = 12;

/// The folder of snapshot files.
pub struct SnapshotFiles {
    dir: PathBuf,
}

impl SnapshotFiles {
    /// Opens (or creates) the folder, deleting temporary files a crash left half written.
    pub fn open(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().and_then(|e| e.to_str()) == Some(TEMPORARY) {
                fs::remove_file(path)?;
            }
        }
        Ok(SnapshotFiles {
            dir: dir.to_owned(),
        })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{}.{EXTENSION}", file_stem(name)))
    }

    /// The document's snapshot file, opened, if it has one.
    fn open_file(&self, name: &str) -> Result<Option<File>, StoreError> {
        match File::open(self.path(name)) {
            Ok(file) => Ok(Some(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The document's snapshot, if it has one: the sequence number it covers and its v1 state.
    pub fn read(&self, name: &str) -> Result<Option<(u64, Vec<u8>)>, StoreError> {
        let Some(mut file) = self.open_file(name)? else {
            return Ok(None);
        };
        let mut raw = Vec::new();
        file.read_to_end(&mut raw)?;
        let (seq, crc, state) = split(&raw).ok_or_else(|| corrupt(name, "short header"))?;
        if crc32fast::hash(state) != crc {
            return Err(corrupt(name, "checksum mismatch"));
        }
        Ok(Some((seq, state.to_vec())))
    }

    /// The sequence number the document's snapshot covers, if it has one (reads only the
    /// header).
    pub fn seq(&self, name: &str) -> Result<Option<u64>, StoreError> {
        let Some(mut file) = self.open_file(name)? else {
            return Ok(None);
        };
        let mut header = [0; HEADER];
        file.read_exact(&mut header)
            .map_err(|_| corrupt(name, "short header"))?;
        Ok(Some(u64::from_be_bytes(
            header[..8].try_into().expect("8 bytes"),
        )))
    }

    /// Replaces the document's snapshot with `state`, covering the log up to `seq`; returns the
    /// file's size. When this returns, the new snapshot is durable.
    pub fn write(&self, name: &str, seq: u64, state: &[u8]) -> io::Result<u64> {
        let path = self.path(name);
        // Named after the file it replaces, so it is as safe where case is ignored.
        let mut temporary = path.clone().into_os_string();
        temporary.push(format!(".{TEMPORARY}"));
        let mut file = File::create(&temporary)?;
        let mut header = [0; HEADER];
        header[..8].copy_from_slice(&seq.to_be_bytes());
        header[8..].copy_from_slice(&crc32fast::hash(state).to_le_bytes());
        file.write_all(&header)?;
        file.write_all(state)?;
        file.sync_all()?;
        fs::rename(&temporary, &path)?;
        File::open(&self.dir)?.sync_all()?;
        Ok(Self::size_of(state))
    }

    /// The size of the file holding `state`.
    pub fn size_of(state: &[u8]) -> u64 {
        (HEADER + state.len()) as u64
    }

    /// Deletes the document's snapshot file, if it has one.
    pub fn remove(&self, name: &str) -> io::Result<()> {
        match fs::remove_file(self.path(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Bytes the snapshot files occupy.
    pub fn bytes_on_disk(&self) -> io::Result<u64> {
        bytes_in(&self.dir)
    }
}

fn split(raw: &[u8]) -> Option<(u64, u32, &[u8])> {
    let (header, state) = (raw.get(..HEADER)?, &raw[HEADER..]);
    let seq = u64::from_be_bytes(header[..8].try_into().ok()?);
    let crc = u32::from_le_bytes(header[8..].try_into().ok()?);
    Some((seq, crc, state))
}

fn corrupt(name: &str, why: &str) -> StoreError {
    StoreError::Corrupt(format!("snapshot file of {name:?}: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_snapshot_reads_back_and_replaces_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let files = SnapshotFiles::open(dir.path()).unwrap();
        assert_eq!(files.read("pm").unwrap(), None);
        assert_eq!(files.seq("pm").unwrap(), None);
        assert_eq!(files.write("pm", 7, b"state one").unwrap(), 21);
        assert_eq!(files.write("pm", 9, b"state two").unwrap(), 21);
        assert_eq!(files.read("pm").unwrap(), Some((9, b"state two".to_vec())));
        assert_eq!(files.seq("pm").unwrap(), Some(9));
        assert_eq!(files.bytes_on_disk().unwrap(), 21, "one file, no leftovers");
        files.remove("pm").unwrap();
        files.remove("pm").unwrap();
        assert_eq!(files.read("pm").unwrap(), None);
    }

    #[test]
    fn names_that_are_path_words_stay_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let files = SnapshotFiles::open(&dir.path().join("snapshots")).unwrap();
        for name in [".", "..", "...", "a.snap", "a"] {
            files.write(name, 1, name.as_bytes()).unwrap();
        }
        for name in [".", "..", "...", "a.snap", "a"] {
            assert_eq!(
                files.read(name).unwrap(),
                Some((1, name.as_bytes().to_vec()))
            );
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn names_that_differ_only_by_case_have_their_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = SnapshotFiles::open(dir.path()).unwrap();
        let names = ["outage", "Outage", "OUTAGE", "outagE", "A", "a"];
        for name in names {
            files.write(name, 1, name.as_bytes()).unwrap();
        }
        for name in names {
            assert_eq!(
                files.read(name).unwrap(),
                Some((1, name.as_bytes().to_vec()))
            );
        }
        let stems: std::collections::HashSet<String> =
            names.iter().map(|n| file_stem(n).to_lowercase()).collect();
        assert_eq!(stems.len(), names.len(), "apart even where case is ignored");
        assert_eq!(file_stem("Outage"), "outage~1");
        assert_eq!(file_stem("outage"), "outage");
        let longest = "Z".repeat(crate::doc_name::MAX_LEN);
        assert!(file_stem(&longest).len() + ".snap.tmp".len() <= 255);
    }

    #[test]
    fn a_damaged_file_is_corrupt_and_a_torn_temporary_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let files = SnapshotFiles::open(dir.path()).unwrap();
        files.write("pm", 3, b"whole state").unwrap();
        let path = dir.path().join("pm.snap");
        let mut raw = fs::read(&path).unwrap();
        *raw.last_mut().unwrap() ^= 1;
        fs::write(&path, &raw).unwrap();
        assert!(matches!(files.read("pm"), Err(StoreError::Corrupt(_))));
        fs::write(&path, [0; 5]).unwrap();
        assert!(matches!(files.read("pm"), Err(StoreError::Corrupt(_))));
        assert!(matches!(files.seq("pm"), Err(StoreError::Corrupt(_))));

        // A crash while writing leaves a temporary file: it is not a snapshot, and reopening
        // deletes it.
        fs::write(dir.path().join("other.snap.tmp"), b"half").unwrap();
        let files = SnapshotFiles::open(dir.path()).unwrap();
        assert_eq!(files.read("other").unwrap(), None);
        assert!(!dir.path().join("other.snap.tmp").exists());
    }
}
