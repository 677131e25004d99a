//! What a server process costs, read from `/proc`: CPU time (user + system, all threads) and
//! resident memory, current and peak.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

/// A sample of one process.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ProcStats {
    /// User plus system CPU time so far, in seconds.
    pub cpu_secs: f64,
    /// Resident set size now, in MiB.
    pub rss_mib: f64,
    /// Peak resident set size since the process started, in MiB.
    pub peak_rss_mib: f64,
}

impl ProcStats {
    /// Reads the stats of process `pid`.
    pub fn read(pid: u32) -> Result<ProcStats> {
        let dir = Path::new("/proc").join(pid.to_string());
        let stat = std::fs::read_to_string(dir.join("stat"))
            .with_context(|| format!("reading /proc/{pid}/stat"))?;
        let status = std::fs::read_to_string(dir.join("status"))
            .with_context(|| format!("reading /proc/{pid}/status"))?;
        Ok(ProcStats {
            cpu_secs: cpu_secs(&stat)?,
            rss_mib: status_kib(&status, "VmRSS:")? / 1024.0,
            peak_rss_mib: status_kib(&status, "VmHWM:")? / 1024.0,
        })
    }
}

/// CPU time of `pid` in seconds, as precise as `/proc` allows: live threads to the nanosecond
/// (the sum of `/proc/PID/task/*/schedstat`), plus what threads that have exited used (the
/// process's utime + stime minus its live threads', in 10 ms ticks). For short measurements,
/// where the ticks of [`ProcStats::cpu_secs`] alone are too coarse.
pub fn thread_cpu_secs(pid: u32) -> Result<f64> {
    let dir = Path::new("/proc").join(pid.to_string());
    let tasks = dir.join("task");
    let mut live_ns: u64 = 0;
    let mut live_ticks_secs = 0.0;
    for task in std::fs::read_dir(&tasks).with_context(|| format!("listing {}", tasks.display()))? {
        let task = task?.path();
        // A thread may exit between the listing and the reads; the process total counts it.
        let (Ok(schedstat), Ok(stat)) = (
            std::fs::read_to_string(task.join("schedstat")),
            std::fs::read_to_string(task.join("stat")),
        ) else {
            continue;
        };
        live_ns += schedstat
            .split_whitespace()
            .next()
            .and_then(|ns| ns.parse::<u64>().ok())
            .context("malformed schedstat")?;
        live_ticks_secs += cpu_secs(&stat)?;
    }
    let stat = std::fs::read_to_string(dir.join("stat"))
        .with_context(|| format!("reading /proc/{pid}/stat"))?;
    let exited = (cpu_secs(&stat)? - live_ticks_secs).max(0.0);
    Ok(live_ns as f64 / 1e9 + exited)
}

/// utime + stime (fields 14 and 15 of `/proc/PID/stat`) in seconds. The command name (field 2)
/// may hold spaces, so fields are counted from the closing parenthesis.
fn cpu_secs(stat: &str) -> Result<f64> {
    let rest = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .context("malformed /proc stat")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state), so field N is at index N - 3.
    let field = |n: usize| -> Result<f64> {
        fields
            .get(n - 3)
            .and_then(|f| f.parse::<f64>().ok())
            .with_context(|| format!("field {n} missing from /proc stat"))
    };
    // SAFETY: sysconf only reads a configuration value.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Ok((field(14)? + field(15)?) / ticks)
}

/// A `kB` line of `/proc/PID/status`.
fn status_kib(status: &str, key: &str) -> Result<f64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .with_context(|| format!("{key} missing from /proc status"))
}

/// Bytes a folder occupies on disk (allocated blocks, like `du`).
pub fn disk_usage(dir: &Path) -> Result<u64> {
    Ok(usage_by_entry(dir)?.iter().map(|(bytes, _)| bytes).sum())
}

/// What each entry at the top of a folder occupies on disk, largest first, as
/// `name 1,234 KiB, other 12 KiB` (entries under 1 KiB left out).
pub fn disk_usage_by_entry(dir: &Path) -> Result<String> {
    let mut entries = usage_by_entry(dir)?;
    entries.sort_by(|a, b| b.cmp(a));
    Ok(entries
        .iter()
        .filter(|(bytes, _)| *bytes >= 1024)
        .map(|(bytes, name)| format!("{name} {} KiB", bytes / 1024))
        .collect::<Vec<_>>()
        .join(", "))
}

/// The bytes on disk of each entry at the top of a folder (a folder's with all it holds), and
/// its name.
fn usage_by_entry(dir: &Path) -> Result<Vec<(u64, String)>> {
    use std::os::unix::fs::MetadataExt;
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let entry = entry?;
        let meta = entry.metadata()?;
        let bytes = if meta.is_dir() {
            disk_usage(&entry.path())?
        } else {
            meta.blocks() * 512
        };
        entries.push((bytes, entry.file_name().to_string_lossy().into_owned()));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process() {
        let me = ProcStats::read(std::process::id()).unwrap();
        assert!(me.rss_mib > 0.0 && me.peak_rss_mib >= me.rss_mib);
        // Spinning must show up as CPU time; on a busy machine that takes longer than the spin's
        // wall time, so wait for it (bounded) rather than timing the spin.
        let before = thread_cpu_secs(std::process::id()).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut after = before;
        while after - before < 0.015 && std::time::Instant::now() < deadline {
            after = thread_cpu_secs(std::process::id()).unwrap();
        }
        assert!(after - before >= 0.015, "{before} -> {after}");
    }

    #[test]
    fn disk_usage_counts_folders_whole_and_names_the_largest_first() {
        // Bytes no file system compresses away.
        let noise = |len: usize| {
            let mut x = 0x9e37_79b9_7f4a_7c15u64;
            (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect::<Vec<u8>>()
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub").join("big"), noise(64 * 1024)).unwrap();
        std::fs::write(dir.path().join("small"), noise(8 * 1024)).unwrap();
        let total = disk_usage(dir.path()).unwrap();
        assert!((72 * 1024..=80 * 1024).contains(&total), "{total}");
        let listed = disk_usage_by_entry(dir.path()).unwrap();
        assert!(
            listed.starts_with("sub 6") && listed.contains(", small "),
            "{listed}"
        );
    }

    #[test]
    fn command_names_with_spaces_and_parens() {
        let stat = "42 (a (b) c) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 1 0";
        let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        assert_eq!(cpu_secs(stat).unwrap(), 300.0 / ticks);
    }
}
