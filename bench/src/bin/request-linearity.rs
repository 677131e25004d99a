//! `request-linearity`: how the cost of one lint request and one Markdown import grows with the
//! size of the input (issue 16). Both must be linear: time and server CPU per KB should stay
//! flat from 10 KB up (lint to 1 MB, import to 2 MB).
//!
//! Starts the given `debrief` binary with limits raised far enough for the largest input, sends
//! each request [`RUNS`] times on a fresh connection, each once the server is idle again (an
//! import wakes the insights worker), and prints the fastest run's wall time, the mean server CPU
//! (from `/proc`), and both per KB. Usage: `request-linearity path/to/debrief` (a release build: debug builds are
//! ten times slower, linearly).

use std::time::Instant;

use anyhow::{Context, Result};
use debrief_bench::direct::Direct;
use debrief_bench::procfs::ProcStats;

/// Runs per size: the fastest wall time counts (the machine may be shared), and the mean CPU.
const RUNS: usize = 5;
/// Input sizes, in KB.
const LINT_KB: &[usize] = &[10, 30, 100, 300, 1000];
const IMPORT_KB: &[usize] = &[10, 30, 100, 300, 1000, 2000];

/// Prose the blame rules read through without a finding: the whole text is scanned.
const CLEAN_LINE: &str =
    "The deploy went out at 14:02 and checkout returned errors for twelve minutes afterwards.\n";
/// A Markdown paragraph as postmortems hold them.
const PARAGRAPH: &str = "At 14:02 the deploy reached the checkout service; error rates rose within a minute and the on-call engineer paged the payments team.\n\n";

fn main() -> Result<()> {
    let binary = std::env::args()
        .nth(1)
        .context("usage: request-linearity path/to/debrief")?;
    let server = Direct::start(
        &binary,
        &["--lint-max-bytes", "4000000", "--work-timeout", "600s"],
    )?;
    measure(&server)
}

fn measure(server: &Direct) -> Result<()> {
    let pid = server.pid();
    // The first lint compiles the rules: not part of any measurement.
    post(
        server,
        "/api/lint",
        "application/json",
        br#"{"text": "warm up"}"#,
    )?;
    println!("request         KB    wall ms   CPU ms   wall µs/KB   CPU µs/KB");
    for &kb in LINT_KB {
        let text = CLEAN_LINE.repeat(kb * 1024 / CLEAN_LINE.len());
        let body = serde_json::to_vec(&serde_json::json!({ "text": text }))?;
        let (wall, cpu) = fastest(pid, || post(server, "/api/lint", "application/json", &body))?;
        report("lint", kb, wall, cpu);
    }
    for &kb in IMPORT_KB {
        let markdown = format!(
            "# Linearity {kb} KB\n\n{}",
            PARAGRAPH.repeat(kb * 1024 / PARAGRAPH.len())
        );
        let (wall, cpu) = fastest(pid, || {
            post(
                server,
                "/api/postmortems",
                "text/markdown",
                markdown.as_bytes(),
            )
        })?;
        report("import", kb, wall, cpu);
    }
    Ok(())
}

/// The fastest wall time of [`RUNS`] runs of `request`, each started once the server is idle,
/// and their mean CPU time (ticks are too coarse for one run of a small request).
fn fastest(pid: u32, request: impl Fn() -> Result<()>) -> Result<(f64, f64)> {
    let (mut wall, mut cpu) = (f64::MAX, 0.0);
    for _ in 0..RUNS {
        wait_until_idle(pid)?;
        let (run_wall, run_cpu) = timed(pid, &request)?;
        wall = wall.min(run_wall);
        cpu += run_cpu / RUNS as f64;
    }
    Ok((wall, cpu))
}

/// Waits until the server uses less than 2% of a core over 500 ms.
fn wait_until_idle(pid: u32) -> Result<()> {
    loop {
        let before = cpu_secs(pid)?;
        std::thread::sleep(std::time::Duration::from_millis(500));
        if cpu_secs(pid)? - before <= 0.01 {
            return Ok(());
        }
    }
}

/// Runs `request`; returns its wall time and the server CPU it cost, in milliseconds (CPU in
/// the 10 ms ticks of `/proc/PID/stat`: the blocking pool's threads come and go, and what exited
/// threads used is only counted there).
fn timed(pid: u32, request: impl FnOnce() -> Result<()>) -> Result<(f64, f64)> {
    let cpu = cpu_secs(pid)?;
    let started = Instant::now();
    request()?;
    let wall = started.elapsed().as_secs_f64() * 1e3;
    Ok((wall, (cpu_secs(pid)? - cpu) * 1e3))
}

fn cpu_secs(pid: u32) -> Result<f64> {
    Ok(ProcStats::read(pid)?.cpu_secs)
}

fn report(what: &str, kb: usize, wall_ms: f64, cpu_ms: f64) {
    println!(
        "{what:<10} {kb:>7} {wall_ms:>10.1} {cpu_ms:>8.1} {:>12.1} {:>11.1}",
        wall_ms * 1e3 / kb as f64,
        cpu_ms * 1e3 / kb as f64
    );
}

/// One POST on a fresh connection; fails unless the answer is 2xx.
fn post(server: &Direct, path: &str, content_type: &str, body: &[u8]) -> Result<()> {
    server.request("POST", path, content_type, body).map(drop)
}
