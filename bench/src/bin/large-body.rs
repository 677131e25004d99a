//! `large-body`: the insights worker on a very large postmortem (issue 16). A 1 MB body must not
//! stall the worker, typing in that postmortem, or anyone else.
//!
//! Imports a postmortem of about 1 MB (incident prose, one blameful sentence in every twentieth
//! paragraph), then measures
//! - the first check: from the import's answer until every one of those sentences has its
//!   annotation in `P.insights`;
//! - while one writer types a blameful sentence into the large body and another writer types into
//!   a small document, each at 20 keystrokes a second: both writers' echo latency (keystroke →
//!   the server's acknowledgement) and `/healthz` latency, sampled every 50 ms;
//! - for each typed sentence, how long after its last keystroke its annotation appears;
//! - the server CPU the typing phase cost.
//!
//! Usage: `large-body path/to/debrief` (a release build).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use debrief_bench::direct::Direct;
use debrief_bench::peer::{Peer, PeerOptions};
use yrs::{Any, Map, Out, ReadTxn, Text, Transact, XmlFragment, XmlOut};

/// Size of the imported Markdown.
const BODY_BYTES: usize = 1 << 20;
/// One paragraph in this many carries a blameful sentence.
const BLAME_EVERY: usize = 20;
/// Keystrokes per second of each writer.
const KEYS_PER_SEC: u64 = 20;
/// Sentences typed into the large body (each with its own name).
const TYPED: &[&str] = &[
    " Then Kwabena forgot to rotate the signing key.",
    " Later Ingrid ignored the disk alert twice.",
    " Finally Tuan skipped the canary review.",
];
/// How long an annotation may take before the run fails.
const PATIENCE: Duration = Duration::from_secs(60);

const PROSE: &str = "At 14:02 the deploy reached the checkout service; error rates rose within a minute and the paging system alerted the payments rotation, which rolled the release back at 14:19.";
const BLAME: &str = " Dmitri forgot to renew the certificate.";

#[tokio::main]
async fn main() -> Result<()> {
    let binary = std::env::args()
        .nth(1)
        .context("usage: large-body path/to/debrief")?;
    let server = Arc::new(Direct::start(&binary, &[])?);
    let (markdown, blameful) = postmortem();
    println!(
        "body: {} KB of Markdown, {} paragraphs with a blameful sentence",
        markdown.len() / 1024,
        blameful
    );

    let started = Instant::now();
    let created = server.request(
        "POST",
        "/api/postmortems",
        "text/markdown",
        markdown.as_bytes(),
    )?;
    let imported = started.elapsed();
    let id = serde_json::from_slice::<serde_json::Value>(&created)?["id"]
        .as_str()
        .context("the created postmortem's id")?
        .to_owned();
    let ws = |room: &str| format!("ws://{}/ws/{room}", server.addr());
    let insights = Peer::connect_synced(
        &ws(&format!("{id}.insights")),
        PeerOptions::default(),
        PATIENCE,
    )
    .await?;
    wait_for(&insights, "the first check", |excerpts| {
        excerpts.iter().filter(|e| e.contains("Dmitri")).count() >= blameful
    })
    .await?;
    let first_check = started.elapsed() - imported;
    println!(
        "import {:.0} ms; first check done {:.0} ms after the import answered",
        ms(imported),
        ms(first_check)
    );

    let writer = Peer::connect_synced(&ws(&id), PeerOptions::default(), PATIENCE).await?;
    let other = Peer::connect_synced(
        &ws("large-body-neighbour"),
        PeerOptions::default(),
        PATIENCE,
    )
    .await?;
    let typing = Arc::new(AtomicBool::new(true));
    let health = {
        let (server, typing) = (server.clone(), typing.clone());
        std::thread::spawn(move || -> Result<Vec<f64>> {
            let mut samples = Vec::new();
            while typing.load(Ordering::Relaxed) {
                let t = Instant::now();
                server.request("GET", "/healthz", "text/plain", b"")?;
                samples.push(ms(t.elapsed()));
                std::thread::sleep(Duration::from_millis(50));
            }
            Ok(samples)
        })
    };
    let neighbour = {
        let typing = typing.clone();
        tokio::spawn(async move {
            let mut echoes = Vec::new();
            let mut tick = ticker();
            while typing.load(Ordering::Relaxed) {
                tick.tick().await;
                let t = Instant::now();
                let clock = other.push("x");
                other.wait_acked(clock, PATIENCE).await?;
                echoes.push(ms(t.elapsed()));
            }
            anyhow::Ok(echoes)
        })
    };

    let cpu = server.cpu_secs()?;
    let typed_at = Instant::now();
    let mut echoes = Vec::new();
    let mut freshness = Vec::new();
    let mut tick = ticker();
    for sentence in TYPED {
        for ch in sentence.chars() {
            tick.tick().await;
            let t = Instant::now();
            let clock = type_at_end(&writer, &ch.to_string())?;
            writer.wait_acked(clock, PATIENCE).await?;
            echoes.push(ms(t.elapsed()));
        }
        let done = Instant::now();
        let name = sentence.split_whitespace().nth(1).context("a name")?;
        wait_for(&insights, "the typed sentence's annotation", |excerpts| {
            excerpts.iter().any(|e| e.contains(name))
        })
        .await?;
        freshness.push(ms(done.elapsed()));
    }
    let typing_secs = typed_at.elapsed().as_secs_f64();
    let cpu = server.cpu_secs()? - cpu;
    typing.store(false, Ordering::Relaxed);
    let health = health.join().expect("health thread")?;
    let neighbour = neighbour.await??;

    println!(
        "typing phase: {typing_secs:.1} s, server CPU {cpu:.2} s ({:.0}% of a core)",
        100.0 * cpu / typing_secs
    );
    println!(
        "{:<38} {:>6} {:>8} {:>8} {:>8}",
        "latency (ms)", "n", "p50", "p99", "max"
    );
    report("echo, typing in the 1 MB body", echoes);
    report("echo, typing in a small document", neighbour);
    report("/healthz", health);
    report("typed sentence → its annotation", freshness);
    Ok(())
}

/// The imported Markdown, and how many of its paragraphs carry [`BLAME`].
fn postmortem() -> (String, usize) {
    let mut markdown = String::from("# A very large postmortem\n\n## Timeline\n\n");
    let mut blameful = 0;
    for n in 0.. {
        if markdown.len() >= BODY_BYTES {
            break;
        }
        markdown.push_str(PROSE);
        if n % BLAME_EVERY == 0 {
            markdown.push_str(BLAME);
            blameful += 1;
        }
        markdown.push_str("\n\n");
    }
    (markdown, blameful)
}

/// Appends `s` to the body's last paragraph, as the editor would, and sends the change; returns
/// the writer's clock afterwards.
fn type_at_end(writer: &Peer, s: &str) -> Result<u32> {
    let doc = writer.doc();
    let body = doc.get_or_insert_xml_fragment("body");
    let mut txn = doc.transact_mut();
    let Some(XmlOut::Element(paragraph)) = body.get(&txn, body.len(&txn) - 1) else {
        bail!("the body does not end with a paragraph");
    };
    let Some(XmlOut::Text(text)) = paragraph.get(&txn, 0) else {
        bail!("the last paragraph holds no text");
    };
    let end = text.len(&txn);
    text.insert(&mut txn, end, s);
    let clock = txn.state_vector().get(&doc.client_id());
    let update = txn.encode_update_v1();
    drop(txn);
    writer.send_update(update);
    Ok(clock)
}

/// Waits until the excerpts of the annotations in `insights` satisfy `done`.
async fn wait_for(
    insights: &Peer,
    what: &str,
    mut done: impl FnMut(&[String]) -> bool,
) -> Result<()> {
    let deadline = Instant::now() + PATIENCE;
    let annotations = insights.doc().get_or_insert_map("annotations");
    loop {
        let excerpts: Vec<String> = {
            let txn = insights.doc().transact();
            annotations
                .iter(&txn)
                .filter_map(|(_, value)| match value {
                    Out::Any(Any::Map(fields)) => match fields.get("excerpt") {
                        Some(Any::String(excerpt)) => Some(excerpt.to_string()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect()
        };
        if done(&excerpts) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{what} did not arrive within {PATIENCE:?}");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn ticker() -> tokio::time::Interval {
    let mut tick = tokio::time::interval(Duration::from_millis(1000 / KEYS_PER_SEC));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(what: &str, mut samples: Vec<f64>) {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what:<38} {:>6} {:>8.1} {:>8.1} {:>8.1}",
        samples.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
}
