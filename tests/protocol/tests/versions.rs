//! Versions of a postmortem being edited by two peers: one taken by hand and one at a review
//! step, listed, read, compared with the document, and restored as a change on top that both
//! peers receive, with what the document held kept as a version first.

use debrief_protocol_tests::{data_dir, Peer, Server};
use serde_json::{json, Value};
use yrs::{GetString, ReadTxn, Transact, XmlElementPrelim, XmlFragment, XmlTextPrelim};

/// The text of the body's paragraphs, one per line.
fn paragraphs(peer: &Peer) -> String {
    let txn = peer.doc.transact();
    let Some(body) = txn.get_xml_fragment("body") else {
        return String::new();
    };
    body.get_string(&txn)
}

#[tokio::test]
async fn versions_taken_listed_read_diffed_and_restored_while_two_peers_edit() -> anyhow::Result<()>
{
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let http = reqwest::Client::new();
    let created: Value = http
        .post(server.http_url("/api/postmortems"))
        .header("content-type", "text/markdown")
        .body("# Queue backlog\n\n## Summary\n\nThe queue backed up.\n")
        .send()
        .await?
        .json()
        .await?;
    let id = created["id"].as_str().unwrap().to_owned();
    let url = |path: &str| server.http_url(&format!("/api/postmortems/{id}{path}"));
    let ann = Peer::connect(&server.ws_url(&id)).await?;
    let rob = Peer::connect(&server.ws_url(&id)).await?;
    ann.wait_synced().await?;
    rob.wait_synced().await?;

    // A version by hand, then Ann keeps writing.
    let saved = http
        .post(url("/versions"))
        .json(&json!({ "name": "First draft", "by": "Ann" }))
        .send()
        .await?;
    assert_eq!(saved.status(), 201);
    let body = ann.doc.get_or_insert_xml_fragment("body");
    ann.edit(|txn| {
        let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(txn, XmlTextPrelim::new("Invoices went out late."));
    });
    rob.wait_for("Ann's paragraph", |p| {
        paragraphs(p).contains("Invoices went out late")
    })
    .await?;

    // A review step takes one too.
    let submitted = http
        .post(url("/review"))
        .json(&json!({ "step": "submit", "name": "Ann" }))
        .send()
        .await?;
    assert_eq!(submitted.status(), 200);
    // The step says which version it saved.
    let review: Value = submitted.json().await?;
    assert_eq!(review["history"][0]["version"], 2);
    let listed: Vec<Value> = http.get(url("/versions")).send().await?.json().await?;
    let names: Vec<&str> = listed.iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["First draft", "Submitted for review"]);
    assert_eq!(listed[0]["by"], "Ann");
    assert!(listed[0]["bytes"].as_u64().unwrap() > 0);

    // Read: version 1 holds the first paragraph only.
    let first: Value = http.get(url("/versions/1")).send().await?.json().await?;
    assert_eq!(first["title"], "Queue backlog");
    let markdown = first["markdown"].as_str().unwrap();
    assert!(markdown.contains("The queue backed up."), "{markdown}");
    assert!(!markdown.contains("Invoices"), "{markdown}");

    // Compared with the document: the paragraph Ann added is an insertion.
    let diff: Value = http
        .get(url("/versions/1/diff?to=current"))
        .send()
        .await?
        .json()
        .await?;
    let inserted: Vec<&str> = diff["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["op"] == "insert")
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted, ["Invoices went out late."]);
    let between: Value = http
        .get(url("/versions/1/diff?to=2"))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(between["to"], 2);

    // Restore version 1: both peers get it as a change on top; what was there is version 3.
    let restored = http.post(url("/versions/1/restore")).send().await?;
    assert_eq!(restored.status(), 200);
    let restored: Value = restored.json().await?;
    assert_eq!(restored["saved"]["number"], 3);
    for peer in [&ann, &rob] {
        peer.wait_for("version 1 restored", |p| {
            let text = paragraphs(p);
            text.contains("The queue backed up") && !text.contains("Invoices")
        })
        .await?;
    }
    let kept: Value = http.get(url("/versions/3")).send().await?.json().await?;
    assert!(kept["markdown"]
        .as_str()
        .unwrap()
        .contains("Invoices went out late."));
    // Writing goes on on top of the restored document.
    let body = rob.doc.get_or_insert_xml_fragment("body");
    rob.edit(|txn| {
        let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(txn, XmlTextPrelim::new("Rob adds the timeline next."));
    });
    ann.wait_for("Rob's paragraph", |p| {
        paragraphs(p).contains("Rob adds the timeline")
    })
    .await?;

    // Unknown versions and bad names change nothing.
    assert_eq!(http.get(url("/versions/99")).send().await?.status(), 404);
    assert_eq!(
        http.get(url("/export.md?version=published"))
            .send()
            .await?
            .status(),
        404,
        "not published yet"
    );
    let bad = http
        .post(url("/versions"))
        .json(&json!({ "name": " " }))
        .send()
        .await?;
    assert_eq!(bad.status(), 400);
    assert_eq!(
        http.get(url("/versions"))
            .send()
            .await?
            .json::<Vec<Value>>()
            .await?
            .len(),
        3
    );
    Ok(())
}
