//! The scenarios of issue #7, and the checks Debrief must pass. Each runs against one freshly
//! started server through a [`Harness`] and returns an [`Outcome`].
//!
//! Writers never flood blindly: each keeps at most [`Params::window`] edits in flight (sent but
//! not yet echoed), as a real client's socket would, so every server is measured on work it
//! actually did rather than on how much it could queue.

mod checks;
mod docs;
mod fanout;
mod listing;
mod replay;
mod stock;
mod throughput;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use yrs::StateVector;

use crate::outcome::Outcome;
use crate::params::Params;
use crate::peer::{Peer, PeerOptions};
use crate::server::{Harness, Kind};
use crate::trace::Trace;

/// Everything scenarios share: sizes, the trace, and the big document built from it.
pub struct Ctx {
    pub params: Params,
    pub trace: Arc<Trace>,
    /// Where the trace was read from (the stock-client driver reads it too).
    pub trace_path: PathBuf,
    pub big: Arc<BigDoc>,
}

/// The B4 document (the whole trace, or its kept prefix) as one state update.
pub struct BigDoc {
    pub state: Vec<u8>,
    pub text: String,
    /// Length in UTF-16 units, as peers count.
    pub len: u32,
    pub state_vector: StateVector,
}

impl BigDoc {
    pub fn from_trace(trace: &Trace) -> Result<BigDoc> {
        use yrs::updates::decoder::Decode;
        let (state, text) = trace.final_state();
        let state_vector = yrs::Update::decode_v1(&state)?.state_vector();
        Ok(BigDoc {
            len: text.encode_utf16().count() as u32,
            state,
            text,
            state_vector,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    FanOut(usize),
    Throughput(usize),
    /// Fan-out and throughput with the stock JavaScript clients.
    StockFanOut(usize),
    StockThroughput(usize),
    /// The editing trace and cold load with the stock JavaScript client.
    StockTrace,
    Trace,
    ManyDocs,
    JoinStorm,
    Durability,
    Split,
    Laggard,
    Ingest,
    Restart,
    Listing,
}

impl Scenario {
    /// Every scenario of a run with these parameters, in running order.
    pub fn all(params: &Params) -> Vec<Scenario> {
        let mut all: Vec<Scenario> = params
            .fanout_readers
            .iter()
            .map(|&n| Scenario::FanOut(n))
            .collect();
        all.extend(
            params
                .throughput_writers
                .iter()
                .map(|&k| Scenario::Throughput(k)),
        );
        all.extend(
            params
                .fanout_readers
                .iter()
                .map(|&n| Scenario::StockFanOut(n)),
        );
        all.extend(
            params
                .throughput_writers
                .iter()
                .map(|&k| Scenario::StockThroughput(k)),
        );
        all.extend([
            Scenario::StockTrace,
            Scenario::Trace,
            Scenario::ManyDocs,
            Scenario::JoinStorm,
            Scenario::Durability,
            Scenario::Split,
            Scenario::Laggard,
            Scenario::Ingest,
            Scenario::Restart,
            Scenario::Listing,
        ]);
        all
    }

    /// Short name, used on the command line and in the JSON results.
    pub fn id(self) -> String {
        match self {
            Scenario::FanOut(n) => format!("fanout-{n}"),
            Scenario::Throughput(k) => format!("throughput-{k}"),
            Scenario::StockFanOut(n) => format!("stock-fanout-{n}"),
            Scenario::StockThroughput(k) => format!("stock-throughput-{k}"),
            Scenario::StockTrace => "stock-trace".into(),
            Scenario::Trace => "trace".into(),
            Scenario::ManyDocs => "many-docs".into(),
            Scenario::JoinStorm => "join-storm".into(),
            Scenario::Durability => "durability".into(),
            Scenario::Split => "check-split".into(),
            Scenario::Laggard => "check-laggard".into(),
            Scenario::Ingest => "check-ingest".into(),
            Scenario::Restart => "check-restart".into(),
            Scenario::Listing => "listing".into(),
        }
    }

    /// The family a scenario belongs to (what `--only` selects).
    pub fn family(self) -> &'static str {
        match self {
            Scenario::FanOut(_) => "fanout",
            Scenario::Throughput(_) => "throughput",
            Scenario::StockFanOut(_) => "stock-fanout",
            Scenario::StockThroughput(_) => "stock-throughput",
            Scenario::StockTrace => "stock-trace",
            Scenario::Trace => "trace",
            Scenario::ManyDocs => "many-docs",
            Scenario::JoinStorm => "join-storm",
            Scenario::Durability => "durability",
            Scenario::Split => "check-split",
            Scenario::Laggard => "check-laggard",
            Scenario::Ingest => "check-ingest",
            Scenario::Restart => "check-restart",
            Scenario::Listing => "listing",
        }
    }

    pub fn title(self, params: &Params) -> String {
        match self {
            Scenario::FanOut(n) => format!(
                "Fan-out latency: 1 writer typing every {} ms, {n} readers",
                params.fanout_interval.as_millis()
            ),
            Scenario::Throughput(k) => format!(
                "Write throughput: {k} writers on one document for {:.1} s",
                params.throughput_time.as_secs_f64()
            ),
            Scenario::StockFanOut(n) => format!(
                "Fan-out latency with the stock JS client (yjs + y-websocket / HocuspocusProvider): 1 writer typing every {} ms, {n} readers",
                params.fanout_interval.as_millis()
            ),
            Scenario::StockThroughput(k) => format!(
                "Write throughput with the stock JS client: {k} writers on one document for {:.1} s, each at most {} updates ahead of the slowest peer",
                params.throughput_time.as_secs_f64(),
                stock::STOCK_WINDOW
            ),
            Scenario::StockTrace => format!(
                "Editing trace (automerge-paper, B4) replayed by one stock JS client, one stock reader, at most {} updates ahead; restart and a stock client's cold load",
                params.window
            ),
            Scenario::Trace => format!(
                "Editing trace (automerge-paper, B4) replayed by one client, {} readers; restart and cold load",
                params.trace_readers
            ),
            Scenario::ManyDocs => format!(
                "Many documents: {} documents with one small edit each, then idle unload",
                params.many_docs
            ),
            Scenario::JoinStorm => format!(
                "Join storm: {} clients join the B4 document at once",
                params.storm_clients
            ),
            Scenario::Durability => format!(
                "Durability cost: throughput of {} writers, written to the log before broadcast (as shipped) vs fsync before broadcast",
                params.throughput_writers.last().copied().unwrap_or(16)
            ),
            Scenario::Split => format!(
                "Check: {} clients connect to a new document at once ({} trials); no split document",
                params.split_clients, params.split_trials
            ),
            Scenario::Laggard => format!(
                "Check: a client that stops reading while {} MiB are written converges (or is closed and resyncs); never a silent drop",
                params.laggard_mib
            ),
            Scenario::Ingest => "Check: per-keystroke cost on the B4 document vs an empty one".into(),
            Scenario::Restart => format!(
                "Check: what a second peer saw after {:.1} s of typing survives a graceful stop and a kill -9",
                params.restart_typing.as_secs_f64()
            ),
            Scenario::Listing => format!(
                "Listing: GET /api/postmortems and a search with {} postmortems stored (Debrief only)",
                params.listing_postmortems
            ),
        }
    }

    /// The servers this scenario runs against, out of those chosen for the run.
    pub fn servers(self, chosen: &[Kind]) -> Vec<Kind> {
        match self {
            Scenario::Durability if chosen.contains(&Kind::Debrief) => {
                vec![Kind::Debrief, Kind::DebriefFsync]
            }
            Scenario::Durability => Vec::new(),
            // Only Debrief has postmortems to list.
            Scenario::Listing => chosen
                .iter()
                .copied()
                .filter(|k| *k == Kind::Debrief)
                .collect(),
            Scenario::StockFanOut(_) | Scenario::StockThroughput(_) | Scenario::StockTrace => {
                chosen.to_vec()
            }
            // The Rust peers speak plain y-websocket, which Hocuspocus does not accept.
            _ => chosen
                .iter()
                .copied()
                .filter(|k| *k != Kind::Hocuspocus)
                .collect(),
        }
    }

    /// Whether the server should unload idle documents as soon as it can.
    pub fn fast_unload(self) -> bool {
        matches!(self, Scenario::ManyDocs | Scenario::Listing)
    }

    pub async fn run(self, h: &mut Harness, ctx: &Ctx) -> Result<Outcome> {
        match self {
            Scenario::FanOut(n) => fanout::run(h, &ctx.params, n).await,
            Scenario::Throughput(k) => throughput::run(h, &ctx.params, k).await,
            Scenario::StockFanOut(n) => stock::fanout(h, &ctx.params, n).await,
            Scenario::StockThroughput(k) => stock::throughput(h, &ctx.params, k).await,
            Scenario::StockTrace => stock::trace(h, ctx).await,
            Scenario::Durability => {
                let k = ctx.params.throughput_writers.last().copied().unwrap_or(16);
                throughput::run(h, &ctx.params, k).await
            }
            Scenario::Trace => replay::run(h, ctx).await,
            Scenario::ManyDocs => docs::many(h, &ctx.params).await,
            Scenario::JoinStorm => docs::join_storm(h, ctx).await,
            Scenario::Split => checks::split(h, &ctx.params).await,
            Scenario::Laggard => checks::laggard(h, &ctx.params).await,
            Scenario::Ingest => checks::ingest(h, ctx).await,
            Scenario::Restart => checks::restart(h, &ctx.params).await,
            Scenario::Listing => listing::run(h, &ctx.params).await,
        }
    }
}

/// Connects `n` synced peers to `doc`, at most `concurrency` connecting at a time.
async fn connect_many(
    h: &Harness,
    doc: &str,
    n: usize,
    concurrency: usize,
    timeout: Duration,
    options: impl Fn(usize) -> PeerOptions,
) -> Result<Vec<Peer>> {
    let url = h.ws_url(doc);
    stream::iter((0..n).map(|i| Peer::connect_synced(&url, options(i), timeout)))
        .buffered(concurrency.max(1))
        .try_collect()
        .await
}

/// Checks `done` every `every` until it holds (`true`) or `timeout` has passed (`false`).
async fn poll_until(timeout: Duration, every: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if done() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(every).await;
    }
}

/// Waits until every peer's document has exactly `target`; fails after `timeout`.
async fn wait_converged(peers: &[&Peer], target: &StateVector, timeout: Duration) -> Result<()> {
    let converged = || peers.iter().all(|p| p.state_vector() == *target);
    if poll_until(timeout, Duration::from_millis(10), converged).await {
        return Ok(());
    }
    let behind = peers.iter().filter(|p| p.state_vector() != *target).count();
    bail!(
        "{behind} of {} peers had not converged after {timeout:?}",
        peers.len()
    )
}

/// Uploads the big document through `peer` and waits until the server has echoed all of it.
async fn upload_big(peer: &Peer, big: &BigDoc, timeout: Duration) -> Result<()> {
    peer.upload(&big.state)?;
    peer.wait_received(
        "the echo of the uploaded document",
        &big.state_vector,
        timeout,
    )
    .await
}

/// Seconds since `start`, as a float.
fn secs(start: Instant) -> f64 {
    start.elapsed().as_secs_f64()
}
