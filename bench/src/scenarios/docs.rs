//! Memory per document and the cost of many clients joining a big document at once.
//!
//! Many documents: each of N documents gets one client that makes one small edit and stays
//! connected but idle, so every server holds N loaded documents whatever its unload policy (the
//! reference server unloads a document the moment its last client leaves). RSS is read then,
//! and again after every client has left and the server has had time to unload.

use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use futures_util::future::try_join_all;
use futures_util::stream::{self, StreamExt, TryStreamExt};

use super::{secs, upload_big, Ctx};
use crate::outcome::Outcome;
use crate::params::Params;
use crate::peer::{Peer, PeerOptions};
use crate::server::Harness;

pub async fn many(h: &Harness, p: &Params) -> Result<Outcome> {
    // Let the server settle after start before the baseline.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let baseline = h.stats()?;
    let timeout = p.timeout;
    let started = Instant::now();
    let peers: Vec<Peer> = stream::iter(0..p.many_docs)
        .map(|i| {
            let url = h.ws_url(&format!("doc-{i}"));
            async move {
                let peer = Peer::connect_synced(&url, PeerOptions::default(), timeout).await?;
                let clock = peer.push("hello");
                peer.wait_acked(clock, timeout).await?;
                anyhow::Ok(peer)
            }
        })
        .buffer_unordered(p.many_docs_concurrency)
        .try_collect()
        .await?;
    let loading = secs(started);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let loaded = h.stats()?;

    stream::iter(peers)
        .for_each_concurrent(p.many_docs_concurrency, |peer| peer.close())
        .await;
    tokio::time::sleep(p.unload_wait).await;
    let unloaded = h.stats()?;

    let n = p.many_docs as f64;
    let mut outcome = Outcome::default();
    outcome.info("RSS before", "MiB", baseline.rss_mib);
    outcome.lower("RSS with every document loaded", "MiB", loaded.rss_mib);
    outcome.lower(
        "RSS per loaded document (one idle client each)",
        "KiB",
        (loaded.rss_mib - baseline.rss_mib) * 1024.0 / n,
    );
    outcome.lower("RSS after idle unload", "MiB", unloaded.rss_mib);
    outcome.info(
        "RSS released by unload",
        "MiB",
        loaded.rss_mib - unloaded.rss_mib,
    );
    outcome.info("connect + edit + echo, all documents", "s", loading);
    outcome.lower(
        "bytes on disk per document",
        "B",
        h.bytes_on_disk()? as f64 / n,
    );
    outcome.note(format!(
        "RSS after unload read {:.1} s after the last client left",
        p.unload_wait.as_secs_f64()
    ));
    Ok(outcome)
}

pub async fn join_storm(h: &Harness, ctx: &Ctx) -> Result<Outcome> {
    let p = &ctx.params;
    let doc = "storm";
    let url = h.ws_url(doc);
    // The seeder stays connected, so the document stays loaded on every server.
    let seeder = Peer::connect_synced(&url, PeerOptions::default(), p.timeout).await?;
    upload_big(&seeder, &ctx.big, p.timeout).await?;
    let before = h.stats()?;

    let started = Instant::now();
    let clients = try_join_all((0..p.storm_clients).map(|_| {
        let url = url.clone();
        async move {
            let peer = Peer::connect_synced(&url, PeerOptions::default(), p.timeout).await?;
            let at = started.elapsed();
            anyhow::Ok((peer, at))
        }
    }))
    .await?;
    let all_synced = secs(started);
    let wrong = clients
        .iter()
        .filter(|(peer, _)| peer.text_len() != ctx.big.len)
        .count();
    if wrong > 0 {
        bail!("{wrong} clients synced a document of the wrong length");
    }
    let mut times: Vec<Duration> = clients.iter().map(|(_, at)| *at).collect();
    times.sort();
    let after = h.stats()?;

    let mut outcome = Outcome::default();
    outcome.lower("all synced", "ms", all_synced * 1000.0);
    outcome.lower(
        "median client synced",
        "ms",
        times[times.len() / 2].as_secs_f64() * 1000.0,
    );
    outcome.info("RSS before the storm", "MiB", before.rss_mib);
    outcome.lower("peak RSS (process)", "MiB", after.peak_rss_mib);
    outcome.info("B4 document", "KiB", ctx.big.state.len() as f64 / 1024.0);
    Ok(outcome)
}
