//! The listing path (issue #15): with N postmortems stored, how long `GET /api/postmortems` and a
//! search take, whole and one page of 50 (the home page's request), measured one request at a time from a client on the
//! same machine, the server otherwise idle.
//!
//! The postmortems are created through the API (`POST /api/postmortems`), as the web client does;
//! each title carries one of four words, so a search for one of them matches a quarter of them.

use std::time::Instant;

use anyhow::{bail, Context, Result};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde_json::{json, Value};

use super::secs;
use crate::outcome::{micros_histogram, Outcome};
use crate::params::Params;
use crate::server::Harness;

const WORDS: [&str; 4] = ["database", "network", "deploy", "certificate"];
/// Creations in flight at once.
const CONCURRENCY: usize = 8;

pub async fn run(h: &Harness, p: &Params) -> Result<Outcome> {
    let http = reqwest::Client::new();
    let create = h.http_url("/api/postmortems");
    let started = Instant::now();
    stream::iter(0..p.listing_postmortems)
        .map(|i| {
            let request = http
                .post(&create)
                .json(&json!({ "title": format!("Outage {i} {}", WORDS[i % WORDS.len()]) }));
            async move {
                let response = request.send().await?;
                if response.status() != 201 {
                    bail!("creating a postmortem answered {}", response.status());
                }
                anyhow::Ok(())
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<()>()
        .await?;
    let seeding = secs(started);
    // Let the insights workers and idle unloads of the new postmortems finish.
    h.wait_until_idle(p.timeout).await?;

    let mut outcome = Outcome::default();
    outcome.info("postmortems created (POST, 8 at a time)", "s", seeding);
    let matches =
        p.listing_postmortems / WORDS.len() + usize::from(p.listing_postmortems % WORDS.len() > 1);
    for (label, query, expected) in [
        ("list", "", p.listing_postmortems),
        ("search", "?q=network", matches),
        // The home page's first screen, and a search's.
        ("page", "?limit=50", p.listing_postmortems.min(50)),
        ("search page", "?limit=50&q=network", matches.min(50)),
    ] {
        let url = h.http_url(&format!("/api/postmortems{query}"));
        let mut latencies = micros_histogram();
        let mut bytes = 0;
        for _ in 0..p.listing_requests {
            let sent = Instant::now();
            let body = http.get(&url).send().await?.bytes().await?;
            latencies.record(sent.elapsed().as_micros().max(1) as u64)?;
            bytes = body.len();
            let listed: Value = serde_json::from_slice(&body).context("a JSON list")?;
            let count = listed.as_array().map_or(0, Vec::len);
            if count != expected {
                bail!("{label}: {count} postmortems listed, {expected} expected");
            }
        }
        outcome.latencies(&format!("{label} "), &latencies);
        outcome.info(format!("{label} response"), "KiB", bytes as f64 / 1024.0);
    }
    outcome.note(format!(
        "{} requests of each kind, one at a time",
        p.listing_requests
    ));
    Ok(outcome)
}
