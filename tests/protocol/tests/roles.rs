//! Auth mode: share links, roles enforced per room by the server, revocation.

use std::time::{Duration, Instant};

use debrief_protocol_tests::{data_dir, Peer, Server};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite;

const KEY: &str = "test-server-key";

async fn start() -> anyhow::Result<(tempfile::TempDir, Server)> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--auth-key", KEY]).await?;
    Ok((dir, server))
}

/// Creates a share link; returns (link id, token).
async fn link(
    server: &Server,
    postmortem: &str,
    role: &str,
    expires_in: Value,
) -> anyhow::Result<(String, String)> {
    let response = reqwest::Client::new()
        .post(server.http_url(&format!("/api/postmortems/{postmortem}/links")))
        .bearer_auth(KEY)
        .json(&json!({ "role": role, "expires_in": expires_in }))
        .send()
        .await?;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await?;
    assert!(body["url"]
        .as_str()
        .unwrap()
        .contains(&format!("/p/{postmortem}?token=")));
    Ok((
        body["id"].as_str().unwrap().into(),
        body["token"].as_str().unwrap().into(),
    ))
}

fn url(server: &Server, doc: &str, token: &str) -> String {
    format!("{}?token={token}", server.ws_url(doc))
}

async fn refused_status(url: &str) -> u16 {
    match tokio_tungstenite::connect_async(url).await {
        Err(tungstenite::Error::Http(response)) => response.status().as_u16(),
        other => panic!("expected an HTTP refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn reviewer_can_comment_but_not_edit() -> anyhow::Result<()> {
    let (_dir, server) = start().await?;
    let (_, editor_token) = link(&server, "pm1", "editor", json!(3600)).await?;
    let (_, reviewer_token) = link(&server, "pm1", "reviewer", json!("1h")).await?;

    let editor_body = Peer::connect(&url(&server, "pm1", &editor_token)).await?;
    let editor_comments = Peer::connect(&url(&server, "pm1.comments", &editor_token)).await?;
    editor_body.push("body", "Root cause: a config change.");
    editor_body.wait_echoed().await?;
    editor_comments.wait_synced().await?;

    let reviewer_body = Peer::connect(&url(&server, "pm1", &reviewer_token)).await?;
    reviewer_body
        .wait_text("body", "Root cause: a config change.")
        .await?;
    reviewer_body.push("body", " (reviewer was here)");
    reviewer_body
        .wait_for("permission denied", |p| {
            p.with_state(|s| !s.denials.is_empty())
        })
        .await?;
    let reason = reviewer_body.with_state(|s| s.denials[0].clone());
    assert!(reason.contains("read-only"), "{reason}");

    // Its comment, on the other hand, is accepted and reaches the editor.
    let reviewer_comments = Peer::connect(&url(&server, "pm1.comments", &reviewer_token)).await?;
    reviewer_comments.push("threads", "Can we say what made this hard to see?");
    editor_comments
        .wait_text("threads", "Can we say what made this hard to see?")
        .await?;

    // The body edit reached nobody and is not stored.
    editor_body.push("body", " Fixed.");
    editor_body.wait_echoed().await?;
    let late = Peer::connect(&url(&server, "pm1", &editor_token)).await?;
    late.wait_text("body", "Root cause: a config change. Fixed.")
        .await?;
    assert_eq!(
        editor_body.text("body"),
        "Root cause: a config change. Fixed."
    );
    Ok(())
}

#[tokio::test]
async fn viewer_cannot_write_comments_and_nobody_writes_insights() -> anyhow::Result<()> {
    let (_dir, server) = start().await?;
    let (_, viewer) = link(&server, "pm2", "viewer", json!(600)).await?;
    let (_, editor) = link(&server, "pm2", "editor", json!(600)).await?;
    // Each peer syncs before it writes: a write made before the sync would also travel in the
    // client's sync step 2, and each of the two messages gets its own denial.
    let comments = Peer::connect(&url(&server, "pm2.comments", &viewer)).await?;
    comments.wait_synced().await?;
    comments.push("threads", "drive-by");
    comments
        .wait_for("denial", |p| p.with_state(|s| s.denials.len() == 1))
        .await?;
    let insights = Peer::connect(&url(&server, "pm2.insights", &editor)).await?;
    insights.wait_synced().await?;
    insights.push("annotations", "forged");
    insights
        .wait_for("denial", |p| p.with_state(|s| s.denials.len() == 1))
        .await?;

    let check = Peer::connect(&url(&server, "pm2.comments", &editor)).await?;
    check.wait_synced().await?;
    assert_eq!(check.text("threads"), "");
    Ok(())
}

#[tokio::test]
async fn bad_tokens_are_refused_before_the_upgrade() -> anyhow::Result<()> {
    let (_dir, server) = start().await?;
    let (_, other_doc) = link(&server, "pm-a", "editor", json!(600)).await?;
    let (_, short) = link(&server, "pm-b", "editor", json!(1)).await?;

    assert_eq!(
        refused_status(&server.ws_url("pm-b")).await,
        401,
        "missing token"
    );
    assert_eq!(
        refused_status(&url(&server, "pm-b", "v1.forged.token")).await,
        401,
        "forged"
    );
    // A real token with its claims swapped for another postmortem: the signature no longer fits.
    let parts: Vec<&str> = other_doc.split('.').collect();
    let swapped = format!("v1.{}.{}", short.split('.').nth(1).unwrap(), parts[2]);
    assert_eq!(
        refused_status(&url(&server, "pm-b", &swapped)).await,
        401,
        "spliced"
    );
    assert_eq!(
        refused_status(&url(&server, "pm-b", &other_doc)).await,
        403,
        "other document"
    );
    assert_eq!(
        refused_status(&url(&server, "pm-b.comments", &other_doc)).await,
        403,
        "other document's comments"
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        refused_status(&url(&server, "pm-b", &short)).await,
        401,
        "expired"
    );

    // The raw document API needs the server key; a link's editor makes links only for its own
    // postmortem (tests/sharing.rs has the rest).
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(server.http_url("/api/docs"))
            .send()
            .await?
            .status(),
        401
    );
    assert_eq!(
        http.get(server.http_url("/api/docs"))
            .bearer_auth(&other_doc)
            .send()
            .await?
            .status(),
        403
    );
    assert_eq!(
        http.get(server.http_url("/api/docs"))
            .bearer_auth(KEY)
            .send()
            .await?
            .status(),
        200
    );
    let as_link = http
        .post(server.http_url("/api/postmortems/pm-b/links"))
        .bearer_auth(&other_doc)
        .json(&json!({"role": "editor"}))
        .send()
        .await?;
    assert_eq!(as_link.status(), 403);
    let bad_role = http
        .post(server.http_url("/api/postmortems/pm-a/links"))
        .bearer_auth(KEY)
        .json(&json!({"role": "owner"}))
        .send()
        .await?;
    assert_eq!(bad_role.status(), 422);
    Ok(())
}

#[tokio::test]
async fn revoking_a_link_closes_its_sockets_within_a_second() -> anyhow::Result<()> {
    let (_dir, server) = start().await?;
    let (id, token) = link(&server, "pm3", "editor", json!(600)).await?;
    let (_, other) = link(&server, "pm3", "editor", json!(600)).await?;
    let body = Peer::connect(&url(&server, "pm3", &token)).await?;
    let comments = Peer::connect(&url(&server, "pm3.comments", &token)).await?;
    let bystander = Peer::connect(&url(&server, "pm3", &other)).await?;
    for p in [&body, &comments, &bystander] {
        p.wait_synced().await?;
    }

    let http = reqwest::Client::new();
    let listed: Value = http
        .get(server.http_url("/api/postmortems/pm3/links"))
        .bearer_auth(KEY)
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(listed.as_array().unwrap().len(), 2);

    let started = Instant::now();
    let deleted = http
        .delete(server.http_url(&format!("/api/links/{id}")))
        .bearer_auth(KEY)
        .send()
        .await?;
    assert_eq!(deleted.status(), 204);
    assert_eq!(body.wait_closed().await?, Some(4401));
    assert_eq!(comments.wait_closed().await?, Some(4401));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    // The other link's socket is untouched, and the revoked token no longer opens anything.
    bystander.push("body", "still here");
    bystander.wait_echoed().await?;
    assert_eq!(refused_status(&url(&server, "pm3", &token)).await, 401);
    let again = http
        .delete(server.http_url(&format!("/api/links/{id}")))
        .bearer_auth(KEY)
        .send()
        .await?;
    assert_eq!(again.status(), 404);
    Ok(())
}

#[tokio::test]
async fn open_mode_has_no_share_links() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let response = reqwest::Client::new()
        .post(server.http_url("/api/postmortems/pm/links"))
        .json(&json!({"role": "viewer"}))
        .send()
        .await?;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await?;
    assert_eq!(body["error"]["code"], "auth_off");
    Ok(())
}

/// Stock clients answer the server's sync step 1 with their state; for a read-only peer that
/// is not a write (it holds nothing new), so it gets no refusal. A real write still does.
#[tokio::test]
async fn read_only_peers_resending_known_state_are_not_refused() -> anyhow::Result<()> {
    use yrs::sync::{Message, SyncMessage};
    use yrs::{ReadTxn, StateVector, Text, Transact};
    let (_dir, server) = start().await?;
    let (_, editor) = link(&server, "pm4", "editor", json!(600)).await?;
    let (_, viewer) = link(&server, "pm4", "viewer", json!(600)).await?;
    let writer = Peer::connect(&url(&server, "pm4", &editor)).await?;
    writer.push("body", "abc");
    let text = writer.doc.get_or_insert_text("body");
    writer.edit(|txn| text.remove_range(txn, 1, 1));
    writer.wait_echoed().await?;

    let reader = Peer::connect(&url(&server, "pm4", &viewer)).await?;
    reader.wait_text("body", "ac").await?;
    // Everything it has, deletions included, sent back as a sync step 2.
    let everything = reader
        .doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    reader.send_message(Message::Sync(SyncMessage::SyncStep2(everything)));
    reader.push("body", "!");
    reader
        .wait_for("the refusal", |p| p.with_state(|s| !s.denials.is_empty()))
        .await?;
    // Give a stray refusal of the step 2 time to arrive: there must be exactly one.
    writer.push("body", "?");
    writer.wait_echoed().await?;
    reader
        .wait_for("the writer's edit", |p| p.text("body").contains('?'))
        .await?;
    assert_eq!(reader.with_state(|s| s.denials.len()), 1);
    Ok(())
}

#[tokio::test]
async fn live_sockets_close_when_their_link_expires() -> anyhow::Result<()> {
    let (_dir, server) = start().await?;
    let (_, short) = link(&server, "pm5", "editor", json!(2)).await?;
    let (_, long) = link(&server, "pm5", "editor", json!(600)).await?;
    let expiring = Peer::connect(&url(&server, "pm5", &short)).await?;
    let lasting = Peer::connect(&url(&server, "pm5", &long)).await?;
    expiring.wait_synced().await?;
    assert_eq!(expiring.wait_closed().await?, Some(4401));
    let reason = expiring.with_state(|s| s.closed.clone().unwrap().1);
    assert!(reason.contains("expired"), "{reason}");
    lasting.push("body", "still here");
    lasting.wait_echoed().await?;
    Ok(())
}
