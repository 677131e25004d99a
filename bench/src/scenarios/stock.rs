//! The stock-client scenarios: fan-out, closed-loop throughput and the editing trace driven by
//! the JavaScript clients teams actually run (yjs + y-websocket's `WebsocketProvider`, or
//! `HocuspocusProvider` for Hocuspocus) instead of the Rust peers. The scenario itself runs in the Node driver
//! (`bench/clients/stock/driver.mjs`, all peers in one process); this module starts it with a
//! JSON job and reads its figures back from its one line of output.

use std::process::Stdio;

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use serde_json::json;
use tokio::process::Command;

use super::{replay, Ctx};
use crate::outcome::{Better, Outcome};
use crate::params::Params;
use crate::server::Harness;

/// How far a stock writer may be ahead of the slowest peer's copy of its edits (issue #15).
pub const STOCK_WINDOW: u32 = 50;

/// What the driver prints.
#[derive(Deserialize)]
struct DriverOutput {
    metrics: Vec<DriverMetric>,
    notes: Vec<String>,
}

#[derive(Deserialize)]
struct DriverMetric {
    name: String,
    unit: String,
    value: f64,
    better: String,
}

pub async fn fanout(h: &Harness, p: &Params, readers: usize) -> Result<Outcome> {
    let doc = format!("stock-fanout-{readers}");
    drive(
        h,
        p,
        &doc,
        json!({
            "scenario": "fanout",
            "readers": readers,
            "keystrokes": p.fanout_keystrokes,
            "intervalMs": p.fanout_interval.as_millis() as u64,
        }),
    )
    .await
}

pub async fn throughput(h: &Harness, p: &Params, writers: usize) -> Result<Outcome> {
    let doc = format!("stock-throughput-{writers}");
    drive(
        h,
        p,
        &doc,
        json!({
            "scenario": "throughput",
            "writers": writers,
            "window": STOCK_WINDOW,
            "durationMs": p.throughput_time.as_millis() as u64,
        }),
    )
    .await
}

/// The B4 trace replayed by one stock writer, one update per keystroke, at most `window`
/// updates ahead of one stock reader (the trace scenario's flow control); then a graceful
/// restart and a stock client's cold load of the stored document.
pub async fn trace(h: &mut Harness, ctx: &Ctx) -> Result<Outcome> {
    let p = &ctx.params;
    let doc = "stock-b4";
    let trace_path = ctx.trace_path.to_string_lossy();
    let mut outcome = drive(
        h,
        p,
        doc,
        json!({
            "scenario": "trace",
            "tracePath": trace_path,
            "limit": p.trace_limit,
            "readers": 1,
            "window": p.window,
            "timeLimitMs": p.trace_time_limit.as_millis() as u64,
        }),
    )
    .await?;
    let replayed = outcome
        .get("keystrokes replayed")
        .context("the driver did not say how many keystrokes it replayed")?;
    replay::restart(h, &mut outcome).await?;
    let cold = drive(
        h,
        p,
        doc,
        // As long as the Rust peers' cold load waits: a server may read its store slowly.
        json!({
            "scenario": "coldload",
            "tracePath": trace_path,
            "limit": replayed as u64,
            "timeoutMs": (p.timeout * 2).as_millis() as u64,
        }),
    )
    .await?;
    outcome.metrics.extend(cold.metrics);
    outcome.notes.extend(cold.notes);
    Ok(outcome)
}

/// Runs the driver on `doc` with `job` (plus the endpoint, and the timeout unless the job sets
/// one) and collects its figures.
async fn drive(h: &Harness, p: &Params, doc: &str, mut job: serde_json::Value) -> Result<Outcome> {
    let endpoint = h.stock_endpoint(doc);
    job["provider"] = endpoint.provider.into();
    job["base"] = endpoint.base.into();
    job["room"] = doc.into();
    if job.get("timeoutMs").is_none() {
        job["timeoutMs"] = (p.timeout.as_millis() as u64).into();
    }
    let output = Command::new("node")
        .arg(&h.launch.programs.stock_driver)
        .arg(job.to_string())
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .context("starting the stock-client driver (node)")?;
    if !output.status.success() {
        bail!(
            "the stock-client driver failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .last()
        .context("the stock-client driver printed nothing")?;
    let parsed: DriverOutput = serde_json::from_str(line)
        .with_context(|| format!("reading the stock-client driver's output {line:?}"))?;
    let mut outcome = Outcome::default();
    for metric in parsed.metrics {
        let unit = match metric.unit.as_str() {
            "ms" => "ms",
            "s" => "s",
            "1/s" => "1/s",
            "" => "",
            other => bail!("the driver reported an unknown unit {other:?}"),
        };
        let better = match metric.better.as_str() {
            "lower" => Better::Lower,
            "higher" => Better::Higher,
            _ => Better::Neither,
        };
        outcome.add(metric.name, unit, metric.value, better);
    }
    for note in parsed.notes {
        outcome.note(note);
    }
    Ok(outcome)
}
