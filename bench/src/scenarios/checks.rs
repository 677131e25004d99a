//! The checks Debrief must pass, run against every server: the failures seen in the other
//! servers (issue #7) are reported as figures, not hidden.
//!
//! - split: clients connecting to a new document at the same moment all share one document;
//! - laggard: a client that stops reading is either caught up or closed (and then resyncs),
//!   never left open with updates silently missing;
//! - ingest: a keystroke costs the same on the 100 KB B4 document as on an empty one;
//! - restart: whatever a second peer has seen survives a graceful stop and a `kill -9`.

use std::time::{Duration, Instant};

use anyhow::Result;
use futures_util::future::try_join_all;
use tokio::sync::watch;
use yrs::StateVector;

use super::{poll_until, secs, upload_big, wait_converged, Ctx};
use crate::outcome::Outcome;
use crate::params::Params;
use crate::peer::{Peer, PeerOptions};
use crate::server::Harness;

/// How long a trial may take to converge before it counts as split.
const SPLIT_TIMEOUT: Duration = Duration::from_secs(5);

pub async fn split(h: &Harness, p: &Params) -> Result<Outcome> {
    let mut split = 0;
    for trial in 0..p.split_trials {
        let url = h.ws_url(&format!("split-{trial}"));
        let peers = try_join_all((0..p.split_clients).map(|_| {
            let url = url.clone();
            async move {
                let peer = Peer::connect_synced(&url, PeerOptions::default(), p.timeout).await?;
                let clock = peer.push("x");
                anyhow::Ok((peer, clock))
            }
        }))
        .await?;
        let mut target = StateVector::default();
        for (peer, clock) in &peers {
            target.set_max(peer.client_id(), *clock);
        }
        let all: Vec<&Peer> = peers.iter().map(|(peer, _)| peer).collect();
        if wait_converged(&all, &target, SPLIT_TIMEOUT).await.is_err() {
            split += 1;
        }
    }
    let mut outcome = Outcome::default();
    outcome.lower("split trials", "", split as f64);
    outcome.info("trials", "", p.split_trials as f64);
    outcome.check(split == 0);
    Ok(outcome)
}

/// How long a restarted server may take to hand back what it stored.
const RESTORE_WAIT: Duration = Duration::from_secs(3);

/// Bytes of one update in the lagging-client check.
const CHUNK: usize = 256;

pub async fn laggard(h: &Harness, p: &Params) -> Result<Outcome> {
    let url = h.ws_url("laggard");
    let writer = Peer::connect_synced(&url, PeerOptions::default(), p.timeout).await?;
    let (pause, paused) = watch::channel(false);
    let laggard = Peer::connect_synced(
        &url,
        PeerOptions {
            hook: None,
            paused: Some(paused),
            small_receive_buffer: true,
        },
        p.timeout,
    )
    .await?;
    pause.send_replace(true);

    let chunk = "y".repeat(CHUNK);
    let updates = p.laggard_mib * 1024 * 1024 / CHUNK;
    let started = Instant::now();
    let mut clock = 0;
    let mut written = 0;
    for _ in 0..updates {
        if started.elapsed() > p.timeout {
            break;
        }
        clock = writer.push(&chunk);
        written += 1;
        if clock > p.window * CHUNK as u32 {
            writer
                .wait_acked(clock - p.window * CHUNK as u32, p.timeout)
                .await?;
        }
    }
    writer.wait_acked(clock, p.timeout).await?;
    let writing = secs(started);
    pause.send_replace(false);

    let target = writer.state_vector();
    let mut outcome = Outcome::default();
    outcome.info(
        "written while the client lagged",
        "MiB",
        (written * CHUNK) as f64 / (1024.0 * 1024.0),
    );
    outcome.info("writing time", "s", writing);
    // Caught up, closed, or neither (a silent drop).
    let ending = laggard_ending(&laggard, &target, p.timeout).await;
    match ending {
        Ending::CaughtUp => {
            outcome.note("the lagging client caught up on the same connection");
            outcome.check(true);
        }
        Ending::Closed(code) => {
            outcome.note(format!(
                "the lagging client was disconnected (close code {code:?}); it resynced on reconnect"
            ));
            let again = Peer::connect_synced(&url, PeerOptions::default(), p.timeout).await?;
            let resynced = wait_converged(&[&again], &target, p.timeout).await.is_ok();
            if !resynced {
                outcome.note("the reconnected client did not resync");
            }
            outcome.check(resynced);
        }
        Ending::Stuck => {
            outcome.note(format!(
                "SILENT DROP: the connection stayed open but the client still lacked updates after {:?}",
                p.timeout
            ));
            outcome.check(false);
        }
    }
    outcome.lower("silent drops", "", f64::from(outcome.passed == Some(false)));
    Ok(outcome)
}

enum Ending {
    CaughtUp,
    Closed(Option<u16>),
    Stuck,
}

/// How a lagging client's connection ends up once it reads again.
async fn laggard_ending(laggard: &Peer, target: &StateVector, timeout: Duration) -> Ending {
    let mut ending = Ending::Stuck;
    poll_until(timeout, Duration::from_millis(10), || {
        let status = laggard.status();
        if laggard.state_vector() == *target {
            ending = Ending::CaughtUp;
        } else if status.ended || status.closed.is_some() {
            ending = Ending::Closed(status.closed);
        }
        !matches!(ending, Ending::Stuck)
    })
    .await;
    ending
}

pub async fn ingest(h: &Harness, ctx: &Ctx) -> Result<Outcome> {
    let p = &ctx.params;
    let mut outcome = Outcome::default();
    let mut rates = Vec::new();
    let mut costs = Vec::new();
    for big in [false, true] {
        let label = if big { "B4 document" } else { "empty document" };
        let doc = if big { "ingest-big" } else { "ingest-empty" };
        let writer =
            Peer::connect_synced(&h.ws_url(doc), PeerOptions::default(), p.timeout).await?;
        if big {
            upload_big(&writer, &ctx.big, p.timeout).await?;
        }
        let at = writer.text_len() / 2;
        // What the server does once at start or after the upload (compiling the blame rules,
        // checking the uploaded text) is not a keystroke's cost.
        h.wait_until_idle(Duration::from_secs(10)).await?;
        let cpu = h.thread_cpu_secs()?;
        let started = Instant::now();
        // One keystroke at a time, each echoed before the next: every keystroke is a server
        // round of its own on both documents, so batching cannot blur the comparison.
        for i in 0..p.ingest_keystrokes {
            let clock = writer.splice(at + i, 0, "z");
            writer.wait_acked(clock, p.timeout).await?;
        }
        let elapsed = secs(started);
        let cpu = h.thread_cpu_secs()? - cpu;
        let n = f64::from(p.ingest_keystrokes);
        rates.push(n / elapsed);
        costs.push(cpu / n * 1e6);
        outcome.higher(format!("keystrokes/s, {label}"), "1/s", n / elapsed);
        outcome.lower(
            format!("server CPU per keystroke, {label}"),
            "µs",
            cpu / n * 1e6,
        );
    }
    outcome.info("rate, B4 ÷ empty", "×", rates[1] / rates[0]);
    outcome.lower("CPU per keystroke, B4 ÷ empty", "×", costs[1] / costs[0]);
    // "About the same": a keystroke on the big document may cost the server at most half as
    // much again. (The rates include the client's own work, which grows with the document.)
    outcome.check(costs[1] <= costs[0] * 1.5);
    Ok(outcome)
}

pub async fn restart(h: &mut Harness, p: &Params) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for kill in [false, true] {
        let doc = if kill { "after-kill" } else { "after-stop" };
        let how = if kill { "kill -9" } else { "graceful stop" };
        let url = h.ws_url(doc);
        let writer = Peer::connect_synced(&url, PeerOptions::default(), p.timeout).await?;
        let observer = Peer::connect_synced(&url, PeerOptions::default(), p.timeout).await?;
        let me = writer.client_id();
        let started = Instant::now();
        let mut clock = 0;
        while started.elapsed() < p.restart_typing {
            clock = writer.push("k");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // Whatever the observer has seen is what must survive.
        let _ = observer
            .wait("the last keystroke", Duration::from_secs(2), |s| {
                s.received.get(&me) >= clock
            })
            .await;
        let seen = observer.status().received.get(&me);
        drop(observer);
        drop(writer);
        if kill {
            h.kill().await?;
        } else {
            h.stop().await?;
        }
        h.start_again().await?;
        // The reference server syncs before it has read its store; give the content time.
        let check = Peer::connect_synced(&h.ws_url(doc), PeerOptions::default(), p.timeout).await?;
        let mut wanted = StateVector::default();
        wanted.set_max(me, seen);
        let _ = check
            .wait_received("the stored keystrokes", &wanted, RESTORE_WAIT)
            .await;
        let kept = check.state_vector().get(&me);
        let lost = seen.saturating_sub(kept);
        outcome.info(
            format!("keystrokes a peer saw, then {how}"),
            "",
            f64::from(seen),
        );
        outcome.lower(format!("lost after {how}"), "", f64::from(lost));
        outcome.check(lost == 0);
    }
    Ok(outcome)
}
