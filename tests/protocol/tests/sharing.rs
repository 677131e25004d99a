//! Sharing from the editor and the audit trail: editors make and revoke links for their own
//! postmortem, listings say who made each link and when it was last used, and the audit trail
//! records who joined, changed status, dismissed, resolved, shared and revoked.

use std::time::Duration;

use debrief_protocol_tests::{data_dir, Peer, Server, TIMEOUT};
use serde_json::{json, Value};
use yrs::{
    Any, Map, MapPrelim, Out, ReadTxn, Transact, XmlElementPrelim, XmlFragment, XmlTextPrelim,
};

const KEY: &str = "test-server-key";

async fn start() -> anyhow::Result<(tempfile::TempDir, Server)> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--auth-key", KEY]).await?;
    Ok((dir, server))
}

/// `POST /api/postmortems` with the server key; returns the new postmortem's id.
async fn postmortem(server: &Server, title: &str) -> anyhow::Result<String> {
    let created: Value = reqwest::Client::new()
        .post(server.http_url("/api/postmortems"))
        .bearer_auth(KEY)
        .json(&json!({ "title": title }))
        .send()
        .await?
        .json()
        .await?;
    Ok(created["id"].as_str().expect("an id").to_owned())
}

/// Asks for a link on `postmortem` as `credential`; returns the status and the body.
async fn share(
    server: &Server,
    credential: &str,
    postmortem: &str,
    request: Value,
) -> anyhow::Result<(u16, Value)> {
    let response = reqwest::Client::new()
        .post(server.http_url(&format!("/api/postmortems/{postmortem}/links")))
        .bearer_auth(credential)
        .json(&request)
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

/// A link made with the server key: (id, token).
async fn link(server: &Server, postmortem: &str, role: &str) -> anyhow::Result<(String, String)> {
    let (status, body) = share(server, KEY, postmortem, json!({ "role": role })).await?;
    assert_eq!(status, 201, "{body}");
    Ok((
        body["id"].as_str().unwrap().into(),
        body["token"].as_str().unwrap().into(),
    ))
}

async fn get(server: &Server, credential: &str, path: &str) -> anyhow::Result<(u16, Value)> {
    let response = reqwest::Client::new()
        .get(server.http_url(path))
        .bearer_auth(credential)
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

async fn revoke(server: &Server, credential: &str, id: &str) -> anyhow::Result<u16> {
    Ok(reqwest::Client::new()
        .delete(server.http_url(&format!("/api/links/{id}")))
        .bearer_auth(credential)
        .send()
        .await?
        .status()
        .as_u16())
}

fn ws(server: &Server, doc: &str, token: &str) -> String {
    format!("{}?token={token}", server.ws_url(doc))
}

/// How a share link appears as an actor.
fn actor_of(id: &str, role: &str) -> String {
    format!("share link {} ({role})", &id[..8])
}

#[tokio::test]
async fn editors_share_their_postmortem_within_bounds() -> anyhow::Result<()> {
    let (_dir, server) = start().await?;
    let id = postmortem(&server, "Queue backlog").await?;
    let other = postmortem(&server, "Elsewhere").await?;
    let (editor_id, editor) = link(&server, &id, "editor").await?;
    let (_, reviewer) = link(&server, &id, "reviewer").await?;

    // An editor link makes a viewer link for its own postmortem.
    let (status, viewer) = share(
        &server,
        &editor,
        &id,
        json!({"role": "viewer", "expires_in": "7d"}),
    )
    .await?;
    assert_eq!(status, 201, "{viewer}");
    assert_eq!(viewer["created_by"]["name"], actor_of(&editor_id, "editor"));
    assert!(viewer["url"]
        .as_str()
        .unwrap()
        .contains(&format!("/p/{id}?token=")));
    let viewer_id = viewer["id"].as_str().unwrap().to_owned();
    let viewer_token = viewer["token"].as_str().unwrap().to_owned();

    // What it may not do: a link for another postmortem, a role above its own, an expiry
    // beyond the bound. Reviewers may make no links at all.
    let refusals = [
        (&editor, other.as_str(), json!({"role": "viewer"}), 403),
        (&editor, id.as_str(), json!({"role": "admin"}), 422),
        (
            &editor,
            id.as_str(),
            json!({"role": "viewer", "expires_in": "91d"}),
            403,
        ),
        (&reviewer, id.as_str(), json!({"role": "viewer"}), 403),
    ];
    for (credential, postmortem, request, expected) in refusals {
        let (status, body) = share(&server, credential, postmortem, request.clone()).await?;
        assert_eq!(status, expected, "{request} → {body}");
    }
    // The server key is not bounded.
    let (status, _) = share(
        &server,
        KEY,
        &id,
        json!({"role": "editor", "expires_in": "365d"}),
    )
    .await?;
    assert_eq!(status, 201);

    // The listing: editors and the server key, not reviewers or viewers; who made each link,
    // and when it was last used once it has been.
    let listed = |body: &Value, link: &str| {
        body.as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == link)
            .cloned()
    };
    let (status, body) = get(&server, &editor, &format!("/api/postmortems/{id}/links")).await?;
    assert_eq!(status, 200);
    assert_eq!(body.as_array().unwrap().len(), 4);
    let entry = listed(&body, &viewer_id).expect("the viewer link is listed");
    assert_eq!(entry["created_by"]["name"], actor_of(&editor_id, "editor"));
    assert_eq!(entry["last_used"], Value::Null);
    assert!(entry.get("token").is_none(), "a listing never holds tokens");
    for credential in [&reviewer, &viewer_token] {
        let (status, _) = get(&server, credential, &format!("/api/postmortems/{id}/links")).await?;
        assert_eq!(status, 403);
    }
    let (_, body) = get(&server, KEY, &format!("/api/postmortems/{id}/links")).await?;
    let entry = listed(&body, &viewer_id).unwrap();
    assert!(entry["last_used"].as_u64().unwrap() >= entry["created"].as_u64().unwrap());
    assert_eq!(
        listed(&body, &editor_id).unwrap()["created_by"]["name"],
        "admin"
    );

    // Revoking: not by a reviewer; by the editor, which closes the viewer's socket and drops the
    // link from the listing.
    let socket = Peer::connect(&ws(&server, &id, &viewer_token)).await?;
    socket.wait_synced().await?;
    assert_eq!(revoke(&server, &reviewer, &viewer_id).await?, 403);
    assert_eq!(revoke(&server, &editor, &viewer_id).await?, 204);
    assert_eq!(socket.wait_closed().await?, Some(4401));
    let (_, body) = get(&server, &editor, &format!("/api/postmortems/{id}/links")).await?;
    assert!(listed(&body, &viewer_id).is_none());
    assert_eq!(body.as_array().unwrap().len(), 3);
    // An editor of one postmortem may not revoke another's links.
    let (other_link, _) = link(&server, &other, "viewer").await?;
    assert_eq!(revoke(&server, &editor, &other_link).await?, 403);
    Ok(())
}

/// The audit records of `id`, newest first, as (kind, actor name, the whole record).
async fn audit(server: &Server, credential: &str, id: &str) -> anyhow::Result<Vec<Value>> {
    let (status, body) = get(server, credential, &format!("/api/postmortems/{id}/audit")).await?;
    assert_eq!(status, 200, "{body}");
    Ok(body["records"].as_array().unwrap().clone())
}

/// Waits until the trail holds a record of `kind` by `actor`; returns it.
async fn wait_record(server: &Server, id: &str, kind: &str, actor: &str) -> anyhow::Result<Value> {
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    loop {
        let records = audit(server, KEY, id).await?;
        if let Some(record) = records
            .iter()
            .find(|r| r["kind"] == kind && r["actor"]["name"] == actor)
        {
            return Ok(record.clone());
        }
        if tokio::time::Instant::now() > deadline {
            anyhow::bail!("no {kind} record by {actor} in {records:#?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_audit_trail_names_who_did_what() -> anyhow::Result<()> {
    let (_dir, server) = start().await?;
    let id = postmortem(&server, "Disk full").await?;
    let (editor_id, editor) = link(&server, &id, "editor").await?;
    let (_, viewer) = link(&server, &id, "viewer").await?;
    let editor_name = actor_of(&editor_id, "editor");

    // Joined, then a review step by that link.
    let body = Peer::connect(&ws(&server, &id, &editor)).await?;
    body.wait_synced().await?;
    let joined = wait_record(&server, &id, "joined", &editor_name).await?;
    assert_eq!(joined["role"], "editor");
    let submitted = reqwest::Client::new()
        .post(server.http_url(&format!("/api/postmortems/{id}/review")))
        .bearer_auth(&editor)
        .json(&json!({ "step": "submit", "note": "ready" }))
        .send()
        .await?;
    assert_eq!(submitted.status(), 200);
    let changed = wait_record(&server, &id, "reviewed", &editor_name).await?;
    assert_eq!(
        (
            &changed["step"],
            &changed["from"],
            &changed["to"],
            &changed["note"]
        ),
        (
            &json!("submit"),
            &json!("draft"),
            &json!("review"),
            &json!("ready")
        )
    );

    // A review thread resolved in the comments room.
    let comments = Peer::connect(&ws(&server, &format!("{id}.comments"), &editor)).await?;
    comments.wait_synced().await?;
    let threads = comments.doc.get_or_insert_map("threads");
    comments.edit(|txn| {
        threads.insert(txn, "t1", MapPrelim::from([("resolved", false)]));
    });
    comments.edit(|txn| {
        let Some(Out::YMap(t1)) = threads.get(txn, "t1") else {
            panic!("thread t1 is there")
        };
        t1.insert(txn, "resolved", Any::Bool(true));
    });
    let resolved = wait_record(&server, &id, "thread_resolved", &editor_name).await?;
    assert_eq!(resolved["thread"], "t1");

    // A blame annotation dismissed.
    let insights = Peer::connect(&ws(&server, &format!("{id}.insights"), &editor)).await?;
    body.edit(|txn| {
        let fragment = txn
            .get_xml_fragment("body")
            .expect("a postmortem has a body");
        let p = fragment.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(txn, XmlTextPrelim::new("It was human error on the deploy."));
    });
    let annotations = insights.doc.get_or_insert_map("annotations");
    insights
        .wait_for("an annotation", |p| annotations.len(&p.doc.transact()) > 0)
        .await?;
    let annotation = annotations
        .keys(&insights.doc.transact())
        .next()
        .unwrap()
        .to_owned();
    let dismissed = reqwest::Client::new()
        .post(server.http_url(&format!(
            "/api/postmortems/{id}/annotations/{annotation}/dismiss"
        )))
        .bearer_auth(&editor)
        .send()
        .await?;
    assert_eq!(dismissed.status(), 200);
    let record = wait_record(&server, &id, "annotation_dismissed", &editor_name).await?;
    assert_eq!(record["annotation"], annotation.as_str());

    // Shared and revoked.
    let (status, shared) = share(&server, &editor, &id, json!({"role": "reviewer"})).await?;
    assert_eq!(status, 201);
    let shared_id = shared["id"].as_str().unwrap();
    assert_eq!(revoke(&server, &editor, shared_id).await?, 204);
    let records = audit(&server, &editor, &id).await?;
    let by_kind = |kind: &str| {
        records
            .iter()
            .find(|r| r["kind"] == kind)
            .unwrap_or_else(|| panic!("a {kind} record in {records:#?}"))
    };
    assert_eq!(by_kind("link_revoked")["link"], shared_id);
    assert_eq!(
        by_kind("link_revoked")["actor"]["name"],
        editor_name.as_str()
    );
    let shared_record = records
        .iter()
        .find(|r| r["kind"] == "link_shared" && r["link"] == shared_id)
        .unwrap();
    assert_eq!(shared_record["role"], "reviewer");
    assert_eq!(shared_record["actor"]["name"], editor_name.as_str());
    // The server key's own shares are there too, by "admin".
    assert!(records.iter().any(|r| r["kind"] == "link_shared"
        && r["link"] == editor_id
        && r["actor"]["name"] == "admin"));
    // One joined record per connection to the body: the comments and insights sockets are not
    // joins of the postmortem.
    assert_eq!(
        records.iter().filter(|r| r["kind"] == "joined").count(),
        1,
        "{records:#?}"
    );
    // Newest first.
    assert_eq!(records[0]["kind"], "link_revoked");
    let times: Vec<&str> = records.iter().map(|r| r["at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");

    // Paging: one record at a time reaches the same records.
    let (_, first) = get(
        &server,
        KEY,
        &format!("/api/postmortems/{id}/audit?limit=1"),
    )
    .await?;
    let next = first["next"].as_str().unwrap();
    let (_, second) = get(
        &server,
        KEY,
        &format!("/api/postmortems/{id}/audit?limit=1&before={next}"),
    )
    .await?;
    assert_eq!(second["records"][0], records[1]);

    // Viewers (and reviewers) may not read it.
    let (status, _) = get(&server, &viewer, &format!("/api/postmortems/{id}/audit")).await?;
    assert_eq!(status, 403);
    Ok(())
}

#[tokio::test]
async fn plain_yjs_documents_leave_no_trail() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let peer = Peer::connect(&server.ws_url("notes")).await?;
    peer.wait_synced().await?;
    peer.push("text", "hello");
    peer.wait_echoed().await?;
    // Open mode: anyone may read any trail; this one stays empty.
    let records: Value = reqwest::get(server.http_url("/api/postmortems/notes/audit"))
        .await?
        .json()
        .await?;
    assert_eq!(records["records"], json!([]));
    // A postmortem's, by contrast, names open mode; also when the connection is what loads
    // it (after a restart), joining while the room still reads it from the store.
    // (Open mode ignores the key the helper sends.)
    let id = postmortem(&server, "Open").await?;
    let args = server.args();
    server.terminate().await?;
    let server = Server::start_again(dir.path(), &args).await?;
    let body = Peer::connect(&server.ws_url(&id)).await?;
    body.wait_synced().await?;
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    loop {
        let page: Value = reqwest::get(server.http_url(&format!("/api/postmortems/{id}/audit")))
            .await?
            .json()
            .await?;
        if page["records"][0]["kind"] == "joined" {
            assert_eq!(page["records"][0]["actor"]["name"], "open mode");
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{page}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}
