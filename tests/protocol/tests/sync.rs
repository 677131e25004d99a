//! Live sync between hand-built yrs peers: convergence, late joiners, echo, awareness.

use debrief_protocol_tests::{data_dir, Peer, Server};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::Update;

#[tokio::test]
async fn concurrent_edits_converge() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let url = server.ws_url("converge");
    let peers = [
        Peer::connect(&url).await?,
        Peer::connect(&url).await?,
        Peer::connect(&url).await?,
    ];
    for p in &peers {
        p.wait_for("initial sync", |p| p.with_state(|s| s.synced))
            .await?;
    }
    // Interleaved edits, each peer typing at the start and at the end of the shared text.
    for round in 0..20 {
        for (i, p) in peers.iter().enumerate() {
            p.insert("body", 0, &format!("<{i}:{round}>"));
            p.push("body", &format!("[{i}:{round}]"));
        }
    }
    let settled = |p: &Peer| {
        p.text("body").matches('<').count() == 60 && p.text("body").matches('[').count() == 60
    };
    for p in &peers {
        p.wait_for("all 120 edits", settled).await?;
    }
    let expected = peers[0].text("body");
    for p in &peers {
        assert_eq!(p.text("body"), expected);
        assert_eq!(p.state_vector(), peers[0].state_vector());
    }
    Ok(())
}

#[tokio::test]
async fn late_joiner_gets_full_state() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let url = server.ws_url("late");
    let early = Peer::connect(&url).await?;
    let mut expected = String::new();
    for i in 0..200 {
        let piece = format!("line {i}\n");
        early.push("body", &piece);
        expected.push_str(&piece);
    }
    early.wait_echoed().await?;
    let late = Peer::connect(&url).await?;
    late.wait_text("body", &expected).await?;
    assert_eq!(late.state_vector(), early.state_vector());
    Ok(())
}

#[tokio::test]
async fn sender_gets_its_own_update_echoed() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let solo = Peer::connect(&server.ws_url("echo")).await?;
    solo.wait_synced().await?;
    let sent = solo.push("body", "hello");
    solo.wait_echoed().await?;
    // The echo carries the sender's own change: a fresh doc built from it reads "hello".
    let fresh = Peer::connect(&server.ws_url("echo")).await?;
    fresh.wait_text("body", "hello").await?;
    assert!(Update::decode_v1(&sent).is_ok());
    // A duplicate of an already integrated update changes nothing and is not re-broadcast.
    solo.send_message(Message::Sync(SyncMessage::Update(sent)));
    solo.push("body", "!");
    solo.wait_echoed().await?;
    fresh.wait_text("body", "hello!").await?;
    assert_eq!(solo.with_state(|s| s.updates_received), 2);
    Ok(())
}

#[tokio::test]
async fn awareness_is_relayed_and_removed_on_disconnect() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let url = server.ws_url("presence");
    let alice = Peer::connect(&url).await?;
    let bob = Peer::connect(&url).await?;
    bob.wait_synced().await?;
    let id = alice.set_awareness(r##"{"user":{"name":"Alice","color":"#f80"}}"##);
    bob.wait_for("alice's presence", |p| {
        p.with_state(|s| {
            s.awareness
                .get(&id)
                .cloned()
                .flatten()
                .is_some_and(|j| j.contains("Alice"))
        })
    })
    .await?;

    // A newcomer gets the current presence on join.
    let carol = Peer::connect(&url).await?;
    carol
        .wait_for("presence on join", |p| {
            p.with_state(|s| s.awareness.contains_key(&id))
        })
        .await?;

    // Bob cannot overwrite Alice's entry: the entry belongs to Alice's connection.
    {
        let mut update = yrs::sync::AwarenessUpdate {
            clients: Default::default(),
        };
        update.clients.insert(
            yrs::block::ClientID::new(id),
            yrs::sync::awareness::AwarenessUpdateEntry {
                clock: 9,
                json: r#"{"user":{"name":"Mallory"}}"#.into(),
            },
        );
        bob.send_message(Message::Awareness(update));
        bob.set_awareness(r#"{"user":{"name":"Bob"}}"#);
        carol
            .wait_for("bob's presence", |p| {
                p.with_state(|s| s.awareness.values().flatten().any(|j| j.contains("Bob")))
            })
            .await?;
        let alice_entry = carol.with_state(|s| s.awareness.get(&id).cloned().flatten());
        assert!(alice_entry.unwrap().contains("Alice"));
    }

    alice.close();
    bob.wait_for("alice's presence removed", |p| {
        p.with_state(|s| s.awareness.get(&id) == Some(&None))
    })
    .await?;
    carol
        .wait_for("alice's presence removed", |p| {
            p.with_state(|s| s.awareness.get(&id) == Some(&None))
        })
        .await?;
    Ok(())
}

#[tokio::test]
async fn query_awareness_is_answered() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let url = server.ws_url("query");
    let alice = Peer::connect(&url).await?;
    let id = alice.set_awareness(r#"{"user":{"name":"Alice"}}"#);
    let bob = Peer::connect(&url).await?;
    bob.wait_for("presence", |p| {
        p.with_state(|s| s.awareness.contains_key(&id))
    })
    .await?;
    // Forget and ask again.
    bob.forget_awareness();
    bob.send_message(Message::AwarenessQuery);
    bob.wait_for("an answer with alice", |p| {
        p.with_state(|s| s.awareness.contains_key(&id))
    })
    .await?;
    Ok(())
}

/// The room writes frames to a ready socket itself, while the connection's writer task sends
/// keepalive pings on the same socket (server/src/room/outbox.rs, server/src/connection.rs). With
/// a ping every 50 ms and one peer typing as fast as it can to twenty readers, every reader gets
/// every keystroke, in order. (The lost wake-up that `Sending::writer_busy` guards against, a
/// room's write replacing the waker of a writer partway through a ping, is too narrow a race for
/// this test to provoke reliably: with the guard removed it passed 15 runs of 15.)
#[tokio::test]
async fn readers_get_every_keystroke_while_pings_share_the_socket() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--ping-interval", "50ms"]).await?;
    let url = server.ws_url("pings-and-frames");
    let writer = Peer::connect(&url).await?;
    let mut readers = Vec::new();
    for _ in 0..20 {
        readers.push(Peer::connect(&url).await?);
    }
    writer.wait_synced().await?;
    for r in &readers {
        r.wait_synced().await?;
    }
    let mut expected = String::new();
    for round in 0..100 {
        for k in 0..10 {
            let s = format!("{}", (round * 10 + k) % 10);
            writer.push("body", &s);
            expected.push_str(&s);
        }
        // Let some pings fall between the bursts.
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    for r in &readers {
        r.wait_text("body", &expected).await?;
    }
    Ok(())
}
