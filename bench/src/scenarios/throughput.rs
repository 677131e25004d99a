//! Write throughput: K writers append to one document as fast as the server echoes them (each
//! with a bounded window of edits in flight) for a fixed time; then everyone must converge.
//! The figure is updates per second *that every writer converged on*: total updates divided by
//! the time from the first edit until the last writer holds them all.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
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
                    if clock > window && peer.wait_acked(clock - window, timeout).await.is_err() {
                        let status = peer.status();
                        if status.closed.is_some() || status.ended {
                            bail!("a writer was disconnected ({:?})", status.closed);
                        }
                        // Still connected, yet its own edits stopped coming back.
                        return Ok((clock, true));
                    }
                }
                anyhow::Ok((clock, false))
            })
        })
        .collect();
    let mut target = StateVector::default();
    let mut stalled = 0;
    for (peer, task) in peers.iter().zip(tasks) {
        let (clock, stuck) = task.await.context("writer task")??;
        target.set_max(peer.client_id(), clock);
        stalled += usize::from(stuck);
    }
    let sent: u32 = target.iter().map(|(_, clock)| *clock).sum();
    let writing = secs(started);
    let all: Vec<&Peer> = peers.iter().map(|p| p.as_ref()).collect();
    let converged = stalled == 0 && wait_converged(&all, &target, p.timeout).await.is_ok();
    let total = secs(started);

    let mut outcome = Outcome::default();
    if converged {
        outcome.higher("updates/s converged", "1/s", f64::from(sent) / total);
    }
    outcome.higher("updates/s sent", "1/s", f64::from(sent) / writing);
    outcome.info("updates", "", f64::from(sent));
    outcome.info("writing time", "s", writing);
    if converged {
        outcome.lower(
            "convergence after writing stopped",
            "ms",
            (total - writing) * 1000.0,
        );
    } else {
        let behind = all.iter().filter(|p| p.state_vector() != target).count();
        outcome.lower("writers that never converged", "", behind as f64);
        outcome.note(format!(
            "NO CONVERGENCE: {stalled} writers stopped receiving the echo of their own edits while connected, {behind} of {writers} never converged within {:?}: the server dropped messages",
            p.timeout
        ));
    }
    Ok(outcome)
}
