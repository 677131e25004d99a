//! Write throughput: K writers append to one document as fast as the server echoes them (each
//! with a bounded window of edits in flight) for a fixed time; then everyone must converge.
//! The figure is updates per second *that every writer converged on*: total updates divided by
//! the time from the first edit until the last writer holds them all.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use yrs::StateVector;

use super::{connect_many, secs, wait_converged};
use crate::outcome::Outcome;
use crate::params::Params;
use crate::peer::{Peer, PeerOptions};
use crate::server::Harness;

pub async fn run(h: &Harness, p: &Params, writers: usize) -> Result<Outcome> {
    let doc = format!("throughput-{writers}");
    let peers: Vec<Arc<Peer>> = connect_many(h, &doc, writers, writers, p.timeout, |_| {
        PeerOptions::default()
    })
    .await?
    .into_iter()
    .map(Arc::new)
    .collect();

    let started = Instant::now();
    let (duration, window, timeout) = (p.throughput_time, p.window, p.timeout);
    let tasks: Vec<_> = peers
        .iter()
        .map(|peer| {
            let peer = peer.clone();
            tokio::spawn(async move {
                let mut clock = 0;
                while started.elapsed() < duration {
                    clock = peer.push("x");
                    if clock > window {
                        if let Err(e) = peer.wait_acked(clock - window, timeout).await {
                            let status = peer.status();
                            if status.closed.is_none() && !status.ended {
                                anyhow::bail!(
                                    "a writer's connection stayed open but the echo of its own edits stopped coming (the server dropped messages): {e}"
                                );
                            }
                            return Err(e);
                        }
                    }
                }
                anyhow::Ok(clock)
            })
        })
        .collect();
    let mut target = StateVector::default();
    for (peer, task) in peers.iter().zip(tasks) {
        let clock = task.await.context("writer task")??;
        target.set_max(peer.client_id(), clock);
    }
    let sent: u32 = target.iter().map(|(_, clock)| *clock).sum();
    let writing = secs(started);
    let all: Vec<&Peer> = peers.iter().map(|p| p.as_ref()).collect();
    wait_converged(&all, &target, p.timeout).await?;
    let total = secs(started);

    let mut outcome = Outcome::default();
    outcome.higher("updates/s converged", "1/s", sent as f64 / total);
    outcome.info("updates", "", sent as f64);
    outcome.info("writing time", "s", writing);
    outcome.lower(
        "convergence after writing stopped",
        "ms",
        (total - writing) * 1000.0,
    );
    Ok(outcome)
}
