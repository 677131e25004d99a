//! `version-cost`: what a saved version of a postmortem costs (issue 14): the B4 editing trace
//! (automerge-paper, 260k keystrokes) replayed into one document, then saved as a version again
//! and again into a fresh store, as the server saves one at each review stage. Prints the
//! encoded size of one version, the store's growth on disk per version after a flush, and the
//! time one save takes.
//!
//! Usage: `version-cost path/to/automerge-paper.json.gz [versions]` (default 20).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use debrief::lifecycle::versions::{compact, VersionState, Versions};
use debrief::store::{SledStore, Store};
use debrief_bench::trace::Trace;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let trace = PathBuf::from(
        args.next()
            .context("usage: version-cost TRACE [versions]")?,
    );
    let count: u32 = args.next().map_or(Ok(20), |n| n.parse())?;
    let (state, text) = Trace::load(&trace, None)?.final_state();
    let compacting = Instant::now();
    let v2 = compact(&state, None)?;
    let compacted_in = compacting.elapsed();
    println!(
        "B4 document: {} characters of text, encoded state {} bytes (v1), {} bytes as a version keeps it (v2, re-encoded in {:.1} ms)",
        text.chars().count(),
        state.len(),
        v2.len(),
        compacted_in.as_secs_f64() * 1000.0
    );

    let dir = tempfile::tempdir()?;
    let store = SledStore::open(dir.path())?;
    let versions = Versions::open(&store)?;
    store.flush()?;
    let before = disk_bytes(dir.path());
    let started = Instant::now();
    for n in 0..count {
        let version = VersionState {
            body: v2.clone(),
            comments: Vec::new(),
        };
        versions.save("b4", &format!("version {n}"), "bench", version)?;
    }
    let elapsed = started.elapsed();
    store.flush()?;
    let after = disk_bytes(dir.path());
    println!(
        "{count} versions: {:.1} ms per save, store grew {} bytes after a flush ({} per version, {:.2}x the kept state: the write-ahead log holds a copy until its next checkpoint)",
        elapsed.as_secs_f64() * 1000.0 / count as f64,
        after.saturating_sub(before),
        after.saturating_sub(before) / count as u64,
        after.saturating_sub(before) as f64 / count as f64 / v2.len() as f64,
    );
    Ok(())
}

/// Bytes of the files under `path`.
fn disk_bytes(path: &Path) -> u64 {
    walk(path).unwrap_or(0)
}

fn walk(path: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            walk(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}
