//! Bad input closes only the offending connection; the document and everyone else carry on.

use debrief_protocol_tests::{data_dir, Peer, Server};
use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};
use yrs::sync::{Message, SyncMessage};

/// Connects a bystander, a victim doc state, then checks the bystander still works after `attack`.
async fn only_the_offender_is_closed(frame: Vec<u8>, expected_code: u16) -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let url = server.ws_url("robust");
    let bystander = Peer::connect(&url).await?;
    bystander.push("body", "intact");
    bystander.wait_echoed().await?;

    let offender = Peer::connect(&url).await?;
    offender.wait_text("body", "intact").await?;
    offender.send_raw(frame);
    assert_eq!(offender.wait_closed().await?, Some(expected_code));

    bystander.push("body", " and alive");
    bystander.wait_echoed().await?;
    let late = Peer::connect(&url).await?;
    late.wait_text("body", "intact and alive").await?;
    assert!(server.metric("debrief_protocol_errors_total").await? >= 1.0);
    Ok(())
}

#[tokio::test]
async fn truncated_frame_closes_with_1007() -> anyhow::Result<()> {
    only_the_offender_is_closed(vec![0, 2, 50, 1, 2], 1007).await
}

#[tokio::test]
async fn garbage_update_closes_with_1007() -> anyhow::Result<()> {
    only_the_offender_is_closed(vec![0, 2, 4, 0xff, 0xfe, 0xfd, 0xfc], 1007).await
}

#[tokio::test]
async fn unknown_message_type_closes_with_1003() -> anyhow::Result<()> {
    only_the_offender_is_closed(vec![42, 1, 0], 1003).await
}

#[tokio::test]
async fn unknown_sync_step_closes_with_1007() -> anyhow::Result<()> {
    only_the_offender_is_closed(vec![0, 9, 0], 1007).await
}

#[tokio::test]
async fn huge_awareness_client_id_closes_cleanly() -> anyhow::Result<()> {
    // client id 2^60 (beyond the 53 bits Yjs allows), clock 1, state "{}"
    let mut inner = vec![1u8];
    inner.extend([
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10, 1, 2, b'{', b'}',
    ]);
    let mut frame = vec![1u8, inner.len() as u8];
    frame.extend(inner);
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let url = server.ws_url("robust");
    let peer = Peer::connect(&url).await?;
    peer.send_raw(frame);
    // Accepted or refused, the server must keep serving.
    let other = Peer::connect(&url).await?;
    other.push("body", "ok");
    other.wait_echoed().await?;
    Ok(())
}

#[tokio::test]
async fn text_frame_closes_with_1003() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let peer = Peer::connect(&server.ws_url("text")).await?;
    peer.send_text("hello?");
    assert_eq!(peer.wait_closed().await?, Some(1003));
    Ok(())
}

#[tokio::test]
async fn oversize_message_closes_with_1009() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--max-message-bytes", "4096"]).await?;
    let url = server.ws_url("big");
    let bystander = Peer::connect(&url).await?;
    let offender = Peer::connect(&url).await?;
    offender.wait_synced().await?;
    offender.push("body", &"x".repeat(10_000));
    assert_eq!(offender.wait_closed().await?, Some(1009));
    bystander.push("body", "small");
    bystander.wait_text("body", "small").await?;
    bystander.wait_echoed().await?;
    // The oversize update never reached the document.
    let late = Peer::connect(&url).await?;
    late.wait_text("body", "small").await?;
    Ok(())
}

#[tokio::test]
async fn bad_document_names_get_400_before_upgrade() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let long = "a".repeat(129);
    for name in [
        "bad%20name",
        "a/b",
        "%C3%A9t%C3%A9",
        "semi;colon",
        long.as_str(),
    ] {
        let url = server.ws_url(name);
        match tokio_tungstenite::connect_async(&url).await {
            Err(tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), 400, "{name}");
            }
            other => panic!("{name}: expected HTTP 400, got {other:?}"),
        }
    }
    // And a valid name at the limit works.
    let ok = "a".repeat(128);
    Peer::connect(&server.ws_url(&ok))
        .await?
        .wait_synced()
        .await?;
    Ok(())
}

/// A peer that stops reading is closed (1013) once its backlog passes the limit; the writer and
/// the other readers are not held back and see every update.
#[tokio::test]
async fn slow_consumer_is_disconnected_not_waited_for() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--send-buffer-bytes", "4194304"]).await?;
    let url = server.ws_url("slow");
    let writer = Peer::connect(&url).await?;
    let reader = Peer::connect(&url).await?;
    let mut slow = Peer::connect_unread(&url).await?;

    let chunk = "y".repeat(64 * 1024);
    let rounds = 400; // ~26 MB: far more than the socket buffers plus the 4 MiB backlog limit
    for round in 1..=rounds {
        writer.push("body", &chunk);
        // The live peers read as they go (every 1 MiB, wait for the reader to catch up), so
        // their backlog stays well under the limit while the unread one grows without bound.
        if round % 16 == 0 {
            let sent = chunk.len() * round;
            reader
                .wait_for("the reader to catch up", |p| p.text("body").len() == sent)
                .await?;
        }
    }
    let total = chunk.len() * rounds;
    reader
        .wait_for("every update", |p| p.text("body").len() == total)
        .await?;
    writer.wait_echoed().await?;
    assert!(server.metric("debrief_peers_dropped_slow_total").await? >= 1.0);

    // The slow socket ends with a 1013 close frame, or is cut off if even that could not be sent.
    let ended = tokio::time::timeout(debrief_protocol_tests::TIMEOUT, async {
        while let Some(frame) = slow.ws.next().await {
            match frame {
                Ok(WsMessage::Close(Some(f))) => return Some(u16::from(f.code)),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
        None
    })
    .await?;
    assert!(matches!(ended, Some(1013) | None), "{ended:?}");
    let _ = slow.ws.close(None).await;
    Ok(())
}

#[tokio::test]
async fn insights_room_is_read_only_for_clients() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let url = server.ws_url("pm.insights");
    let client = Peer::connect(&url).await?;
    let watcher = Peer::connect(&url).await?;
    watcher.wait_synced().await?;
    // Synced first: the client's answer to the server's sync step 1 would otherwise carry the
    // forged text too, and be a fourth write denied.
    client.wait_synced().await?;
    client.push("body", "forged annotation");
    client
        .wait_for("permission denied", |p| {
            p.with_state(|s| !s.denials.is_empty())
        })
        .await?;
    // Also as sync step 2.
    let update = client.push("body", "!");
    client.send_message(Message::Sync(SyncMessage::SyncStep2(update)));
    client
        .wait_for("three denials", |p| p.with_state(|s| s.denials.len() == 3))
        .await?;
    // Nothing reached the other peer or the stored document.
    let late = Peer::connect(&url).await?;
    late.wait_synced().await?;
    assert_eq!(late.text("body"), "");
    assert_eq!(watcher.text("body"), "");
    assert_eq!(watcher.with_state(|s| s.updates_received), 0);
    // The connection stays open for reading.
    assert_eq!(client.with_state(|s| s.closed.clone()), None);
    Ok(())
}

/// Waits until the server counts `n` connections, failing with `what` at the deadline.
async fn connections_reach(server: &Server, n: f64, what: &str) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + debrief_protocol_tests::TIMEOUT;
    while server.metric("debrief_connections").await? != n {
        assert!(tokio::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    Ok(())
}

/// A peer that answers nothing, not even pings, is reaped after 2.5 ping intervals.
#[tokio::test]
async fn silent_peers_are_reaped_by_keepalive() -> anyhow::Result<()> {
    let dir = data_dir();
    // 1 s, so that a loaded machine cannot reap the silent peer before it has been counted.
    let server = Server::start(dir.path(), &["--ping-interval", "1s"]).await?;
    let live = Peer::connect(&server.ws_url("keepalive")).await?;
    let _silent = Peer::connect_unread(&server.ws_url("keepalive")).await?;
    live.wait_synced().await?;
    // Both are counted (the silent one's connection task may start a moment after its handshake);
    // then the live peer answers pings (its reader runs) and the silent one never does.
    connections_reach(&server, 2.0, "the silent peer was never counted").await?;
    connections_reach(&server, 1.0, "the silent peer was never reaped").await?;
    // Well past several intervals, the live one is still served.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    live.push("body", "still here");
    live.wait_echoed().await?;
    assert_eq!(server.metric("debrief_connections").await?, 1.0);
    Ok(())
}
