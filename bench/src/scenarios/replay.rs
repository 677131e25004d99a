//! The real editing trace: one client replays it keystroke by keystroke (one update each) while
//! readers watch; every reader must end with the trace's final text. Then the server is
//! restarted and a new client times the cold load of the document; its bytes on disk are
//! reported too.

use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use super::{connect_many, poll_until, secs, Ctx};
use crate::outcome::Outcome;
use crate::peer::{Peer, PeerOptions};
use crate::server::Harness;
use crate::trace::Patch;

/// How often (in keystrokes) the replay checks its window and time limit.
const CHECK_EVERY: usize = 16;

pub async fn run(h: &mut Harness, ctx: &Ctx) -> Result<Outcome> {
    let p = &ctx.params;
    let doc = "b4";
    let writer = Peer::connect_synced(&h.ws_url(doc), PeerOptions::default(), p.timeout).await?;
    let readers = connect_many(h, doc, p.trace_readers, p.trace_readers, p.timeout, |_| {
        PeerOptions::default()
    })
    .await?;
    let me = writer.client_id();
    let patches = &ctx.trace.patches;

    let started = Instant::now();
    let mut replayed = 0;
    let mut clock: u32 = 0;
    for (i, Patch(pos, del, ins)) in patches.iter().enumerate() {
        if i % CHECK_EVERY == 0 {
            if started.elapsed() > p.trace_time_limit {
                break;
            }
            // Flow control on the first reader: inserts advance the writer's clock, and
            // deletions travel in order between them.
            if let Some(reader) = readers.first() {
                let floor = clock.saturating_sub(p.window);
                reader
                    .wait("the replay window", p.timeout, |s| {
                        s.received.get(&me) >= floor
                    })
                    .await?;
            }
        }
        clock = writer.splice(*pos, *del, ins);
        replayed = i + 1;
    }
    let expected = writer.text();
    let final_state = writer.state_vector();
    let replay_secs = secs(started);
    wait_texts(&readers, &expected, p.timeout).await?;
    let total = secs(started);

    let mut outcome = Outcome::default();
    outcome.info("keystrokes replayed", "", replayed as f64);
    outcome.lower("replay + all readers converged", "s", total);
    outcome.higher("keystrokes/s", "1/s", replayed as f64 / total);
    outcome.info("replay sending time", "s", replay_secs);
    if replayed < patches.len() {
        outcome.note(format!(
            "replay stopped at the time limit: {replayed} of {} keystrokes in {:.0} s",
            patches.len(),
            p.trace_time_limit.as_secs_f64()
        ));
    } else if expected == ctx.big.text {
        outcome.note("every reader ended with the text of a local replay of the same keystrokes");
    } else {
        bail!("the replayed text differs from a local replay of the same keystrokes");
    }
    drop(readers);
    writer.close().await;

    // Restart and cold load.
    restart(h, &mut outcome).await?;
    // Until the client holds the whole document: the reference server answers the sync at
    // once with an empty document and sends the stored content when it has read it.
    let loading = Instant::now();
    let reader = Peer::connect(&h.ws_url(doc), PeerOptions::default()).await?;
    let loaded = reader
        .wait_received("the stored document", &final_state, p.timeout * 2)
        .await;
    let cold = loading.elapsed();
    // A server that lost part of the document on its graceful stop never delivers the rest.
    let lost = final_state
        .get(&me)
        .saturating_sub(reader.status().received.get(&me));
    outcome.lower(
        "keystrokes lost by the graceful restart",
        "",
        f64::from(lost),
    );
    match loaded {
        Ok(()) if reader.text() == expected => outcome.lower(
            "cold load (connect until the whole document arrived)",
            "ms",
            cold.as_secs_f64() * 1000.0,
        ),
        Ok(()) => bail!(
            "cold load returned {} characters instead of {}",
            reader.text_len(),
            expected.encode_utf16().count()
        ),
        Err(_) if lost > 0 => outcome.note(format!(
            "LOST DATA: after a graceful stop (SIGTERM/SIGINT) and restart the server returned {} of the writer's {} inserted characters",
            final_state.get(&me) - lost,
            final_state.get(&me)
        )),
        Err(e) => outcome.note(format!("cold load failed: {e:#}")),
    }
    Ok(outcome)
}

/// Stops the server gracefully, records its bytes on disk, and starts it again on the same
/// data folder, for a cold load.
pub(super) async fn restart(h: &mut Harness, outcome: &mut Outcome) -> Result<()> {
    let stopping = h.stop().await?;
    outcome.info("graceful stop", "ms", stopping.as_secs_f64() * 1000.0);
    outcome.lower("bytes on disk", "KiB", h.bytes_on_disk()? as f64 / 1024.0);
    outcome.note(format!(
        "on disk after the graceful stop: {}",
        h.disk_usage_by_entry()?
    ));
    let restart = h.start_again().await?;
    outcome.info(
        "restart until listening",
        "ms",
        restart.as_secs_f64() * 1000.0,
    );
    Ok(())
}

/// Waits until every reader's text is `expected`. Texts are compared only once a reader's
/// length matches, which keeps the polling cheap on a large document.
async fn wait_texts(readers: &[Peer], expected: &str, timeout: Duration) -> Result<()> {
    let len = expected.encode_utf16().count() as u32;
    let done = |r: &Peer| r.text_len() == len && r.text() == expected;
    if poll_until(timeout, Duration::from_millis(50), || {
        readers.iter().all(done)
    })
    .await
    {
        return Ok(());
    }
    let behind = readers.iter().filter(|r| !done(r)).count();
    bail!(
        "{behind} of {} readers did not end with the replayed text",
        readers.len()
    )
}
