//! Fan-out latency: one writer types a character every few milliseconds while N readers watch;
//! the time from the writer's local edit to each reader having applied it.
//!
//! The writer's k-th keystroke is its clock k, so a reader's hook can tell which keystrokes an
//! arriving update completes and timestamp them in the reader task itself.
//!
//! Also the server's CPU per delivered update: its CPU time from the first keystroke until every
//! reader has the last, divided by keystrokes times readers (issue #15).

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Result;
use hdrhistogram::Histogram;
use tokio::time::MissedTickBehavior;

use super::connect_many;
use crate::outcome::{micros_histogram, Outcome};
use crate::params::Params;
use crate::peer::{Peer, PeerOptions};
use crate::server::Harness;

/// Keystrokes at the start that warm up connections and are not measured.
const WARM_UP: u32 = 5;

pub async fn run(h: &Harness, p: &Params, readers: usize) -> Result<Outcome> {
    let doc = format!("fanout-{readers}");
    let writer = Peer::connect_synced(&h.ws_url(&doc), PeerOptions::default(), p.timeout).await?;
    let me = writer.client_id();
    let keystrokes = p.fanout_keystrokes;
    let origin = Instant::now();
    // When keystroke k was made, in nanoseconds since `origin` (0 = not yet).
    let made: Arc<Vec<AtomicU64>> = Arc::new((0..=keystrokes).map(|_| AtomicU64::new(0)).collect());
    let histograms: Vec<Arc<Mutex<Histogram<u64>>>> = (0..readers)
        .map(|_| Arc::new(Mutex::new(micros_histogram())))
        .collect();

    let peers = connect_many(h, &doc, readers, 50, p.timeout, |i| {
        let (made, histogram) = (made.clone(), histograms[i].clone());
        let seen = AtomicU32::new(0);
        PeerOptions {
            hook: Some(Arc::new(move |received| {
                let clock = received.get(&me);
                let before = seen.swap(clock, Ordering::Relaxed);
                if clock <= before {
                    return;
                }
                let now = origin.elapsed().as_nanos() as u64;
                let mut histogram = histogram.lock().expect("histogram lock");
                for k in (before + 1)..=clock.min(keystrokes) {
                    let at = made[k as usize].load(Ordering::Relaxed);
                    if k > WARM_UP && at > 0 {
                        let _ = histogram.record(now.saturating_sub(at).max(1000) / 1000);
                    }
                }
            })),
            ..PeerOptions::default()
        }
    })
    .await?;

    // The server's CPU from the first keystroke until every reader has the last: what the
    // deliveries cost, without start-up, connections or the graceful stop.
    let cpu_before = h.thread_cpu_secs()?;
    let mut tick = tokio::time::interval(p.fanout_interval);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    for k in 1..=keystrokes {
        tick.tick().await;
        made[k as usize].store(origin.elapsed().as_nanos() as u64, Ordering::Relaxed);
        writer.push("x");
    }
    let mut missing = 0;
    for peer in &peers {
        if peer
            .wait("every keystroke", p.timeout, |s| {
                s.received.get(&me) >= keystrokes
            })
            .await
            .is_err()
        {
            missing += 1;
        }
    }

    let delivery_cpu = h.thread_cpu_secs()? - cpu_before;

    let mut all = micros_histogram();
    for histogram in &histograms {
        all.add(&*histogram.lock().expect("histogram lock"))?;
    }
    let mut outcome = Outcome::default();
    outcome.latencies("", &all);
    outcome.info("deliveries measured", "", all.len() as f64);
    outcome.lower("readers missing keystrokes", "", missing as f64);
    let deliveries = f64::from(keystrokes) * (readers - missing) as f64;
    if deliveries > 0.0 {
        outcome.lower(
            "server CPU per delivered update",
            "µs",
            delivery_cpu / deliveries * 1e6,
        );
    }
    if missing > 0 {
        outcome.note(format!(
            "{missing} of {readers} readers had not received every keystroke after {:?}",
            p.timeout
        ));
    }
    Ok(outcome)
}
