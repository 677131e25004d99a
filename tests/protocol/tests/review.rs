//! The review workflow over HTTP, in auth mode: every step by each role, allowed and refused;
//! assigned reviewers; the stage shown in `meta.status` for every peer; and a peer's own write
//! of `meta.status` put back by the server.

use debrief_protocol_tests::{data_dir, Peer, Server};
use serde_json::{json, Value};
use yrs::{Any, Map, Out, ReadTxn, Transact};

const KEY: &str = "test-server-key";

/// `POST /api/postmortems` with the server key; returns the new postmortem's id.
async fn postmortem(server: &Server) -> anyhow::Result<String> {
    let created: Value = reqwest::Client::new()
        .post(server.http_url("/api/postmortems"))
        .bearer_auth(KEY)
        .json(&json!({ "title": "Queue backlog" }))
        .send()
        .await?
        .json()
        .await?;
    Ok(created["id"].as_str().expect("an id").to_owned())
}

/// A share link's token for `role` on `id`.
async fn link(server: &Server, id: &str, role: &str) -> anyhow::Result<String> {
    let body: Value = reqwest::Client::new()
        .post(server.http_url(&format!("/api/postmortems/{id}/links")))
        .bearer_auth(KEY)
        .json(&json!({ "role": role }))
        .send()
        .await?
        .json()
        .await?;
    Ok(body["token"].as_str().expect("a token").to_owned())
}

/// Takes `step` as `credential` (named `name`); the status and the review (or error) returned.
async fn take(
    server: &Server,
    id: &str,
    credential: &str,
    name: &str,
    request: Value,
) -> anyhow::Result<(u16, Value)> {
    let mut request = request;
    request["name"] = json!(name);
    let response = reqwest::Client::new()
        .post(server.http_url(&format!("/api/postmortems/{id}/review")))
        .bearer_auth(credential)
        .json(&request)
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await?))
}

fn step(name: &str) -> Value {
    json!({ "step": name })
}

fn status_of(peer: &Peer) -> Option<String> {
    let txn = peer.doc.transact();
    match txn.get_map("meta")?.get(&txn, "status") {
        Some(Out::Any(Any::String(s))) => Some(s.to_string()),
        _ => None,
    }
}

#[tokio::test]
async fn every_step_by_each_role_allowed_and_refused() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--auth-key", KEY]).await?;
    let id = postmortem(&server).await?;
    let editor = link(&server, &id, "editor").await?;
    let reviewer = link(&server, &id, "reviewer").await?;
    let viewer = link(&server, &id, "viewer").await?;
    let peer = Peer::connect(&format!("{}?token={viewer}", server.ws_url(&id))).await?;
    peer.wait_synced().await?;

    // Submit: editors only.
    for (credential, name) in [(&viewer, "Vic"), (&reviewer, "Rob")] {
        let (status, body) = take(&server, &id, credential, name, step("submit")).await?;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("forbidden"))
        );
    }
    let (status, review) = take(&server, &id, &editor, "Ann", step("submit")).await?;
    assert_eq!((status, review["stage"].as_str()), (200, Some("review")));
    // Every peer sees the stage, written by the server.
    peer.wait_for("review shown", |p| {
        status_of(p).as_deref() == Some("review")
    })
    .await?;
    let (status, _) = take(&server, &id, &editor, "Ann", step("submit")).await?;
    assert_eq!(status, 409, "already in review");

    // Approve: reviewers and editors, not viewers, and not the person who submitted it.
    let (status, _) = take(&server, &id, &viewer, "Vic", step("approve")).await?;
    assert_eq!(status, 403);
    let (status, body) = take(&server, &id, &editor, "Ann", step("approve")).await?;
    assert_eq!(status, 403, "{body}");
    let (status, review) = take(
        &server,
        &id,
        &reviewer,
        "Rob",
        json!({ "step": "approve", "note": "Clear and blameless" }),
    )
    .await?;
    assert_eq!((status, review["stage"].as_str()), (200, Some("approved")));
    assert_eq!(review["approvals"][0]["by"], "Rob");

    // Publish: administrators or the owner (the server key made it), not editors; and only
    // through the publish gate. This postmortem is the bare template: its sections are empty.
    let (status, refused) = take(&server, &id, KEY, "Admin", step("publish")).await?;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"]["code"], "publish_gate");
    let failing: Vec<&str> = refused["error"]["details"]["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(failing, ["sections_filled"]);
    let over = json!({ "step": "publish", "override_reason": "Needed for the regulator today" });
    let (status, _) = take(&server, &id, &editor, "Ann", over.clone()).await?;
    assert_eq!(status, 403, "only administrators publish over the gate");
    let (status, review) = take(&server, &id, KEY, "Admin", over).await?;
    assert_eq!((status, review["stage"].as_str()), (200, Some("published")));
    let published = review["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        published["note"],
        "Published over the publish gate: Needed for the regulator today"
    );
    peer.wait_for("published shown", |p| {
        status_of(p).as_deref() == Some("published")
    })
    .await?;

    // Reopen: editors, not reviewers or viewers.
    for (credential, name) in [(&reviewer, "Rob"), (&viewer, "Vic")] {
        let (status, _) = take(&server, &id, credential, name, step("reopen")).await?;
        assert_eq!(status, 403);
    }
    let (status, review) = take(&server, &id, &editor, "Ann", step("reopen")).await?;
    assert_eq!((status, review["stage"].as_str()), (200, Some("draft")));

    // Request changes: not by viewers; back to draft, with the note in the history.
    take(&server, &id, &editor, "Ann", step("submit")).await?;
    let (status, _) = take(&server, &id, &viewer, "Vic", step("request_changes")).await?;
    assert_eq!(status, 403);
    let (status, review) = take(
        &server,
        &id,
        &reviewer,
        "Rob",
        json!({ "step": "request_changes", "note": "Say what the alert missed" }),
    )
    .await?;
    assert_eq!((status, review["stage"].as_str()), (200, Some("draft")));
    let history = review["history"].as_array().unwrap();
    let steps: Vec<&str> = history
        .iter()
        .map(|t| t["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "submit",
            "approve",
            "publish",
            "reopen",
            "submit",
            "request_changes"
        ]
    );
    assert_eq!(history[5]["note"], "Say what the alert missed");
    assert_eq!(history[5]["by"], "Rob");

    // What each may do next, as the API says.
    let may = |credential: &str, name: &str| {
        let url = server.http_url(&format!("/api/postmortems/{id}/review?name={name}"));
        let credential = credential.to_owned();
        async move {
            let review: Value = reqwest::Client::new()
                .get(url)
                .bearer_auth(credential)
                .send()
                .await?
                .json()
                .await?;
            anyhow::Ok(review["may"].clone())
        }
    };
    assert_eq!(may(&editor, "Ann").await?, json!(["submit"]));
    assert_eq!(may(&viewer, "Vic").await?, json!([]));

    // Bad requests change nothing.
    let (status, _) = take(&server, &id, &editor, "Ann", step("merge")).await?;
    assert_eq!(status, 422);
    let long = "x".repeat(2001);
    let (status, _) = take(
        &server,
        &id,
        &editor,
        "Ann",
        json!({ "step": "submit", "note": long }),
    )
    .await?;
    assert_eq!(status, 400);
    let (status, _) = take(&server, "no-such-postmortem", KEY, "Admin", step("submit")).await?;
    assert_eq!(status, 404);
    assert_eq!(status_of(&peer).as_deref(), Some("draft"));
    Ok(())
}

#[tokio::test]
async fn assigned_reviewers_and_a_count_of_approvals() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--auth-key", KEY]).await?;
    let id = postmortem(&server).await?;
    let editor = link(&server, &id, "editor").await?;
    let reviewer = link(&server, &id, "reviewer").await?;
    let assign = |credential: &str, body: Value| {
        let request = reqwest::Client::new()
            .put(server.http_url(&format!("/api/postmortems/{id}/review/reviewers")))
            .bearer_auth(credential)
            .json(&body);
        async move { anyhow::Ok(request.send().await?.status().as_u16()) }
    };
    let wanted = json!({ "reviewers": ["Sue", "Tom"], "required_approvals": 2 });
    assert_eq!(assign(&reviewer, wanted.clone()).await?, 403);
    assert_eq!(
        assign(&editor, json!({ "reviewers": [], "required_approvals": 0 })).await?,
        400
    );
    assert_eq!(assign(&editor, wanted).await?, 200);

    take(&server, &id, &editor, "Ann", step("submit")).await?;
    let (status, body) = take(&server, &id, &reviewer, "Rob", step("approve")).await?;
    assert_eq!(status, 403, "not assigned: {body}");
    let (_, review) = take(&server, &id, &reviewer, "Sue", step("approve")).await?;
    assert_eq!(review["stage"], "review", "one of two approvals");
    let (_, review) = take(&server, &id, &reviewer, "Tom", step("approve")).await?;
    assert_eq!(review["stage"], "approved");
    Ok(())
}

#[tokio::test]
async fn a_peer_writing_the_status_itself_is_put_back() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let created: Value = reqwest::Client::new()
        .post(server.http_url("/api/postmortems"))
        .json(&json!({ "title": "Queue backlog" }))
        .send()
        .await?
        .json()
        .await?;
    let id = created["id"].as_str().unwrap();
    let writer = Peer::connect(&server.ws_url(id)).await?;
    let other = Peer::connect(&server.ws_url(id)).await?;
    writer.wait_synced().await?;
    other.wait_synced().await?;
    writer.edit(|txn| {
        let meta = txn.get_map("meta").expect("a postmortem has meta");
        meta.insert(txn, "status", "published");
    });
    // The write reaches the others, then the server puts the stage back for everyone.
    for peer in [&writer, &other] {
        peer.wait_for("the stage put back", |p| {
            status_of(p).as_deref() == Some("draft")
        })
        .await?;
    }
    let review: Value = reqwest::get(server.http_url(&format!("/api/postmortems/{id}/review")))
        .await?
        .json()
        .await?;
    assert_eq!(review["stage"], "draft");
    assert!(review["history"].as_array().unwrap().is_empty());
    Ok(())
}

/// A postmortem written out in full: every required section, an action item with an owner and
/// a due date.
const COMPLETE: &str = "# Queue backlog\n\n## Summary\n\nThe billing queue backed up for 40 minutes.\n\n## Impact\n\nInvoices went out late.\n\n## Timeline\n\n- 09:12 the queue-age alert fired\n\n## Contributing factors\n\nThe consumer's batch size was left at its default.\n\n## Action items\n\n- [ ] Size the consumer's batches from the load test (@kim, due 2099-01-15)\n";

#[tokio::test]
async fn the_publish_gate_lists_what_fails_until_it_passes() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let http = reqwest::Client::new();
    let create = |markdown: String| {
        let request = http
            .post(server.http_url("/api/postmortems"))
            .header("content-type", "text/markdown")
            .body(markdown);
        async move {
            let created: Value = request.send().await?.json().await?;
            anyhow::Ok(created["id"].as_str().unwrap().to_owned())
        }
    };
    let review = |id: String| {
        let request = http.get(server.http_url(&format!("/api/postmortems/{id}/review")));
        async move { anyhow::Ok(request.send().await?.json::<Value>().await?) }
    };
    let failing = |review: &Value| -> Vec<String> {
        review["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["ok"] == false)
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };

    // Blame, an action item without an owner, private data: the gate names each.
    let flawed = create(
        COMPLETE
            .replace(
                "The consumer's batch size was left at its default.",
                "Bob broke prod: he forgot to raise the batch size. Mail him at bob@acme-corp.io.",
            )
            .replace(
                "due 2099-01-15)\n",
                "due 2099-01-15)\n- [ ] Raise the alert threshold\n",
            ),
    )
    .await?;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut shown = review(flawed.clone()).await?;
    while failing(&shown).len() < 4 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        shown = review(flawed.clone()).await?;
    }
    assert_eq!(
        failing(&shown),
        [
            "no_blame",
            "action_items_complete",
            "approved",
            "privacy_clean"
        ],
        "{shown:#}"
    );

    // The complete one passes once approved, and publishes without an override.
    let id = create(COMPLETE.to_owned()).await?;
    for (step, name) in [("submit", "Ann"), ("approve", "Rob")] {
        take(&server, &id, "", name, json!({ "step": step })).await?;
    }
    let shown = review(id.clone()).await?;
    assert!(failing(&shown).is_empty(), "{shown:#}");
    let (status, published) = take(&server, &id, "", "Ann", step("publish")).await?;
    assert_eq!(
        (status, published["stage"].as_str()),
        (200, Some("published"))
    );
    // The published version is kept, and exports as it was published.
    let exported = http
        .get(server.http_url(&format!(
            "/api/postmortems/{id}/export.md?version=published"
        )))
        .send()
        .await?;
    assert_eq!(exported.status(), 200);
    assert!(exported
        .text()
        .await?
        .contains("The billing queue backed up"));
    Ok(())
}
