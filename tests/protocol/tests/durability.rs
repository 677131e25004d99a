//! Durability: what a peer has seen survives a restart, a `kill -9`, compaction and unloading.

use debrief_protocol_tests::{data_dir, Peer, Server};

#[tokio::test]
async fn state_survives_a_graceful_restart() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let writer = Peer::connect(&server.ws_url("restart")).await?;
    writer.push("body", "before restart");
    writer.wait_echoed().await?;
    let status = server.terminate().await?;
    assert!(status.success(), "SIGTERM exit status: {status}");
    writer.wait_closed().await?;

    let server = Server::start(dir.path(), &[]).await?;
    let reader = Peer::connect(&server.ws_url("restart")).await?;
    reader.wait_text("body", "before restart").await?;
    Ok(())
}

/// A SIGTERM sent the moment the URL is printed still shuts down gracefully: the handlers are
/// registered before the server listens. (Registered when the shutdown future was first polled,
/// after the URL, the default action killed the process in 62 of 100 such tries.)
#[tokio::test]
async fn a_sigterm_as_soon_as_the_url_is_printed_is_graceful() -> anyhow::Result<()> {
    for _ in 0..10 {
        let dir = data_dir();
        let server = Server::start(dir.path(), &[]).await?;
        let status = server.terminate().await?;
        assert!(status.success(), "SIGTERM exit status: {status}");
    }
    Ok(())
}

#[tokio::test]
async fn graceful_shutdown_closes_peers_with_1001() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let peer = Peer::connect(&server.ws_url("bye")).await?;
    peer.wait_synced().await?;
    server.terminate().await?;
    assert_eq!(peer.wait_closed().await?, Some(1001));
    Ok(())
}

/// The durability promise: once a second peer has seen an update, a `kill -9` cannot lose it
/// (the default durability: the document's log file holds it before it is broadcast).
#[tokio::test]
async fn update_seen_by_another_peer_survives_kill_9() -> anyhow::Result<()> {
    survives_kill_9(&[]).await
}

/// The same with an fsync before every broadcast (`--durability machine`), which must have run.
#[tokio::test]
async fn machine_durability_syncs_before_broadcast_and_survives_kill_9() -> anyhow::Result<()> {
    let machine = ["--durability", "machine"];
    survives_kill_9(&machine).await?;

    let dir = data_dir();
    for (args, syncs) in [(&machine[..], 1.0), (&[], 0.0)] {
        let server = Server::start(dir.path(), args).await?;
        let peer = Peer::connect(&server.ws_url("synced")).await?;
        peer.push("body", "x");
        peer.wait_echoed().await?;
        let count = server.metric("debrief_sync_seconds_count").await?;
        assert_eq!(
            count.min(1.0),
            syncs,
            "syncs before broadcast with {args:?}"
        );
        server.kill9().await?;
    }
    Ok(())
}

/// Ten rounds of: start, write, kill -9 the moment a second peer has seen it; then everything
/// must be there.
async fn survives_kill_9(args: &[&str]) -> anyhow::Result<()> {
    let dir = data_dir();
    let mut expected = String::new();
    for round in 0..10 {
        let server = Server::start(dir.path(), args).await?;
        let url = server.ws_url("crash");
        let writer = Peer::connect(&url).await?;
        let watcher = Peer::connect(&url).await?;
        watcher.wait_text("body", &expected).await?;
        writer.wait_text("body", &expected).await?;
        let piece = format!("round {round}; ");
        writer.push("body", &piece);
        expected.push_str(&piece);
        // Kill the moment the second peer has observed the update.
        watcher.wait_text("body", &expected).await?;
        server.kill9().await?;
    }
    let server = Server::start(dir.path(), args).await?;
    let check = Peer::connect(&server.ws_url("crash")).await?;
    check.wait_text("body", &expected).await?;
    Ok(())
}

#[tokio::test]
async fn compaction_keeps_everything() -> anyhow::Result<()> {
    compaction_keeps_everything_of("").await.map(drop)
}

/// The same with a document whose snapshot is too large to stay in sled: the store writes it
/// to a file of its own.
#[tokio::test]
async fn compaction_of_a_large_document_keeps_everything() -> anyhow::Result<()> {
    let dir = compaction_keeps_everything_of(&"postmortem ".repeat(600)).await?;
    let file = dir.path().join("snapshots").join("compact.snap");
    assert!(
        file.exists(),
        "the snapshot was written to {}",
        file.display()
    );
    Ok(())
}

/// Types `start`, then 95 small pieces, into a server that compacts every 10 updates, kills it
/// once a compaction has happened, and reads the document back; returns the data folder.
async fn compaction_keeps_everything_of(start: &str) -> anyhow::Result<tempfile::TempDir> {
    let dir = data_dir();
    let args = ["--compact-every", "10"];
    let server = Server::start(dir.path(), &args).await?;
    let writer = Peer::connect(&server.ws_url("compact")).await?;
    let mut expected = start.to_owned();
    if !start.is_empty() {
        writer.push("body", start);
        writer.wait_echoed().await?;
    }
    // One update per batch (each waits for its echo), so the log really holds 95 entries.
    for i in 0..95 {
        let piece = format!("{i},");
        writer.push("body", &piece);
        expected.push_str(&piece);
        writer.wait_echoed().await?;
    }
    let deadline = tokio::time::Instant::now() + debrief_protocol_tests::TIMEOUT;
    while server.metric("debrief_compactions_total").await? < 1.0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no compaction happened"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    server.kill9().await?;

    let server = Server::start(dir.path(), &args).await?;
    let reader = Peer::connect(&server.ws_url("compact")).await?;
    reader.wait_text("body", &expected).await?;
    Ok(dir)
}

#[tokio::test]
async fn idle_rooms_unload_and_reload() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--idle-unload", "200ms"]).await?;
    let url = server.ws_url("idle");
    let writer = Peer::connect(&url).await?;
    writer.push("body", "kept");
    writer.wait_echoed().await?;
    assert!(is_loaded(&server, "idle").await?);
    writer.close();
    writer.wait_closed().await?;

    // The server's own watcher (the insights worker) does not keep the room loaded.
    let deadline = tokio::time::Instant::now() + debrief_protocol_tests::TIMEOUT;
    while is_loaded(&server, "idle").await? || server.metric("debrief_rooms_loaded").await? != 0.0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "rooms never unloaded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let reader = Peer::connect(&url).await?;
    reader.wait_text("body", "kept").await?;
    assert!(is_loaded(&server, "idle").await?);
    Ok(())
}

/// Whether `/api/docs` lists `name` as loaded in memory.
async fn is_loaded(server: &Server, name: &str) -> anyhow::Result<bool> {
    let docs: serde_json::Value = reqwest::get(server.http_url("/api/docs"))
        .await?
        .json()
        .await?;
    Ok(docs
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["name"] == name && d["loaded"] == true))
}

/// Simultaneous first connections share one load: there is one room, not two diverging ones.
#[tokio::test]
async fn simultaneous_first_connections_load_once() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    const DOCS: usize = 10;
    for d in 0..DOCS {
        // Comment rooms: a body room would also load its insights room for the hook worker.
        let url = server.ws_url(&format!("storm-{d}.comments"));
        let peers = futures_util::future::try_join_all((0..8).map(|_| Peer::connect(&url))).await?;
        peers[0].push("body", "x");
        for p in &peers {
            p.wait_text("body", "x").await?;
        }
    }
    assert_eq!(
        server.metric("debrief_room_loads_total").await?,
        DOCS as f64
    );
    Ok(())
}

/// A soak, not run by `make test` (`SOAK_ROUNDS=200 cargo test -p debrief-protocol-tests --test
/// durability -- --ignored`): rounds of two writers typing while a third peer watches, the server
/// compacting every few updates (so its logs rotate and are deleted all the time) and killed at
/// a moment that varies; every piece the watcher had seen must be there after each restart.
#[tokio::test]
#[ignore = "a soak of many rounds: run it with --ignored"]
async fn soak_kill_9_while_typing_and_compacting() -> anyhow::Result<()> {
    let rounds: u32 = std::env::var("SOAK_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    let dir = data_dir();
    let args = ["--compact-every", "7"];
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos() as u64
        | 1;
    let mut random = move |below: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    };
    let mut seen_total = 0;
    for round in 0..rounds {
        let server = Server::start(dir.path(), &args).await?;
        let url = server.ws_url("soak");
        let (a, b, watcher) = (
            Peer::connect(&url).await?,
            Peer::connect(&url).await?,
            Peer::connect(&url).await?,
        );
        a.wait_synced().await?;
        b.wait_synced().await?;
        if round % 10 == 0 {
            // Now and then a document too large for a snapshot record in sled.
            a.push("body", &format!("[big {round}: {}];", "x".repeat(6000)));
        }
        let kill_at =
            tokio::time::Instant::now() + std::time::Duration::from_millis(20 + random(300));
        let mut i = 0;
        while tokio::time::Instant::now() < kill_at {
            a.push("body", &format!("r{round}a{i};"));
            b.push("body", &format!("r{round}b{i};"));
            i += 1;
            tokio::time::sleep(std::time::Duration::from_millis(random(4))).await;
        }
        let seen = watcher.text("body");
        server.kill9().await?;

        let server = Server::start(dir.path(), &args).await?;
        let check = Peer::connect(&server.ws_url("soak")).await?;
        check.wait_synced().await?;
        let kept = check.text("body");
        for piece in seen.split(';').filter(|p| !p.is_empty()) {
            assert!(
                kept.contains(&format!("{piece};")),
                "round {round}: {piece:?} was seen by a peer and lost"
            );
        }
        seen_total = seen.split(';').count();
        server.kill9().await?;
    }
    eprintln!("{rounds} rounds; the document ended with {seen_total} pieces");
    Ok(())
}
