//! Listing and searching postmortems read the summary index, never a document; the index follows
//! edits and survives a `kill -9`; share links and tracked action items do too.

use std::time::Duration;

use debrief_protocol_tests::{data_dir, Peer, Server};
use futures_util::{stream, StreamExt};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use yrs::Map;

const LOADS: &str = "debrief_document_loads_total";

async fn get_json(url: String, token: Option<&str>) -> anyhow::Result<(u16, Value)> {
    let mut request = reqwest::Client::new().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

async fn list(server: &Server, q: &str) -> anyhow::Result<Vec<Value>> {
    let path = if q.is_empty() {
        "/api/postmortems".to_owned()
    } else {
        format!("/api/postmortems?q={q}")
    };
    let (status, body) = get_json(server.http_url(&path), None).await?;
    assert_eq!(status, 200, "{body}");
    Ok(body.as_array().expect("a list").clone())
}

/// One page of the listing at `path`, and the path of the next page (its `Link` header).
async fn page(server: &Server, path: &str) -> anyhow::Result<(Vec<Value>, Option<String>)> {
    let response = reqwest::get(server.http_url(path)).await?;
    assert_eq!(response.status(), 200, "{path}");
    let next = response.headers().get("link").map(|link| {
        let link = link.to_str().unwrap();
        assert!(link.ends_with(">; rel=\"next\""), "{link}");
        link[1..link.find('>').unwrap()].to_owned()
    });
    let listed: Value = response.json().await?;
    Ok((listed.as_array().expect("a list").clone(), next))
}

/// Every page from `path` on, joined, and how many pages there were.
async fn every_page(server: &Server, path: &str) -> anyhow::Result<(Vec<Value>, usize)> {
    let (mut all, mut pages, mut path) = (Vec::new(), 0, Some(path.to_owned()));
    while let Some(at) = path {
        let (listed, next) = page(server, &at).await?;
        all.extend(listed);
        pages += 1;
        path = next;
    }
    Ok((all, pages))
}

async fn create(server: &Server, title: &str) -> anyhow::Result<Value> {
    let response = reqwest::Client::new()
        .post(server.http_url("/api/postmortems"))
        .json(&json!({ "title": title }))
        .send()
        .await?;
    assert_eq!(response.status(), 201);
    Ok(response.json().await?)
}

/// Waits until the document-load counter stops moving (the insights workers of new
/// postmortems load their `.insights` rooms shortly after each creation).
async fn settled_loads(server: &Server) -> anyhow::Result<f64> {
    let mut last = server.metric(LOADS).await?;
    loop {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let now = server.metric(LOADS).await?;
        if now == last {
            return Ok(now);
        }
        last = now;
    }
}

fn created_at(summary: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(summary["createdAt"].as_str().unwrap(), &Rfc3339).unwrap()
}

#[tokio::test]
async fn listing_5000_postmortems_reads_only_the_summary_index() -> anyhow::Result<()> {
    const COUNT: usize = 5000;
    const WORDS: [&str; 4] = ["database", "network", "deploy", "certificate"];
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--idle-unload", "2s"]).await?;
    let titles: Vec<String> = (0..COUNT)
        .map(|i| format!("Outage {i} {}", WORDS[i % WORDS.len()]))
        .collect();
    let created: Vec<Value> = stream::iter(titles.iter().map(|t| create(&server, t)))
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    let before = settled_loads(&server).await?;

    let all = list(&server, "").await?;
    assert_eq!(all.len(), COUNT);
    assert!(
        all.windows(2)
            .all(|w| created_at(&w[0]) >= created_at(&w[1])),
        "newest first"
    );
    let mut ids: Vec<&str> = all.iter().map(|s| s["id"].as_str().unwrap()).collect();
    let mut expected: Vec<&str> = created.iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    expected.sort_unstable();
    assert_eq!(ids, expected);
    let first = &created[0];
    let listed = all.iter().find(|s| s["id"] == first["id"]).unwrap();
    assert_eq!(listed, first, "the listing says what creating said");

    let network = list(&server, "NETWORK").await?;
    assert_eq!(network.len(), COUNT / WORDS.len());
    assert!(network
        .iter()
        .all(|s| s["title"].as_str().unwrap().ends_with(" network")));
    // Every word must occur (in the title, the id or the text), anywhere.
    let mut found: Vec<String> = list(&server, "DEPLOY%2042")
        .await?
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let mut expected: Vec<String> = created
        .iter()
        .filter(|s| {
            let text = format!("{}\n{}", s["title"], s["id"]).to_lowercase();
            text.contains("deploy") && text.contains("42")
        })
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    found.sort_unstable();
    expected.sort_unstable();
    assert!(found.len() > 10, "{found:?}");
    assert_eq!(found, expected);
    // The template's headings are in every body's text.
    assert_eq!(list(&server, "impact").await?.len(), COUNT);
    assert!(list(&server, "nothing-like-this").await?.is_empty());

    let (status, one) = get_json(
        server.http_url(&format!(
            "/api/postmortems/{}",
            first["id"].as_str().unwrap()
        )),
        None,
    )
    .await?;
    assert_eq!((status, &one), (200, first));

    // Pages of the listing join into the whole listing; a page of a search holds matches only.
    let (paged, pages) = every_page(&server, "/api/postmortems?limit=500").await?;
    assert_eq!((paged.len(), pages), (COUNT, COUNT / 500));
    assert_eq!(paged, all);
    let (first_page, next) = page(&server, "/api/postmortems?limit=50&q=network").await?;
    assert_eq!(first_page, network[..50]);
    assert!(next.unwrap().contains("q=network"), "the search goes on");
    for bad in [
        "limit=0",
        "limit=501",
        "after=1%3Aoutage",
        "limit=5&after=not-a-cursor",
        "limit=5&after=1%3Ax.comments",
    ] {
        let (status, body) =
            get_json(server.http_url(&format!("/api/postmortems?{bad}")), None).await?;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(body["error"]["code"], "bad_page", "{bad}");
    }

    assert_eq!(
        server.metric(LOADS).await?,
        before,
        "listing, searching, paging and reading a summary loaded no document"
    );
    // The counter does count loads: an export reads its document.
    let export = reqwest::get(server.http_url(first["exportUrl"].as_str().unwrap())).await?;
    assert_eq!(export.status(), 200);
    assert_eq!(server.metric(LOADS).await?, before + 1.0);
    Ok(())
}

/// Sets `meta` fields of the postmortem `id` as the web editor does.
async fn edit_meta(server: &Server, id: &str, fields: &[(&str, &str)]) -> anyhow::Result<()> {
    let peer = Peer::connect(&server.ws_url(id)).await?;
    peer.wait_synced().await?;
    let meta = peer.doc.get_or_insert_map("meta");
    peer.edit(|txn| {
        for (key, value) in fields {
            meta.insert(txn, *key, *value);
        }
    });
    peer.wait_echoed().await?;
    Ok(())
}

#[tokio::test]
async fn the_listing_follows_edits_to_title_and_status() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let created = create(&server, "Zebra crossing").await?;
    let id = created["id"].as_str().unwrap();
    edit_meta(&server, id, &[("title", "Queue backlog")]).await?;
    let submitted = reqwest::Client::new()
        .post(server.http_url(&format!("/api/postmortems/{id}/review")))
        .json(&serde_json::json!({ "step": "submit", "name": "Ann" }))
        .send()
        .await?;
    assert_eq!(submitted.status(), 200);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    // The summary index follows the document asynchronously, so the new title may be listed
    // before the status the review step wrote: wait for both.
    loop {
        let listed = list(&server, "backlog").await?;
        if listed.len() == 1 && listed[0]["status"] == "review" {
            assert_eq!(listed[0]["id"], id);
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the new title and the review status never reached the listing: {listed:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let all = list(&server, "").await?;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["title"], "Queue backlog");
    Ok(())
}

#[tokio::test]
async fn an_edit_the_index_missed_before_kill_9_is_listed_after_restart() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let created = create(&server, "Before").await?;
    let id = created["id"].as_str().unwrap();
    // Killed the moment the edit is durable: before the insights worker's check could index it.
    edit_meta(&server, id, &[("title", "After the crash")]).await?;
    let args = server.args();
    server.kill9().await?;

    let server = Server::start_again(dir.path(), &args).await?;
    let listed = list(&server, "").await?;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["title"], "After the crash");
    Ok(())
}

#[tokio::test]
async fn share_links_survive_kill_9_once_created_or_revoked() -> anyhow::Result<()> {
    const KEY: &str = "server-key";
    let dir = data_dir();
    let args = ["--auth-key", KEY];
    let server = Server::start(dir.path(), &args).await?;
    let http = reqwest::Client::new();
    let created: Value = http
        .post(server.http_url("/api/postmortems"))
        .bearer_auth(KEY)
        .json(&json!({ "title": "Cert expiry" }))
        .send()
        .await?
        .json()
        .await?;
    let id = created["id"].as_str().unwrap().to_owned();
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let link: Value = http
            .post(server.http_url(&format!("/api/postmortems/{id}/links")))
            .bearer_auth(KEY)
            .json(&json!({ "role": "viewer" }))
            .send()
            .await?
            .json()
            .await?;
        tokens.push((
            link["id"].as_str().unwrap().to_owned(),
            link["token"].as_str().unwrap().to_owned(),
        ));
    }
    server.kill9().await?;

    let summary_url = |server: &Server| server.http_url(&format!("/api/postmortems/{id}"));
    let server = Server::start(dir.path(), &args).await?;
    for (_, token) in &tokens {
        let (status, _) = get_json(summary_url(&server), Some(token)).await?;
        assert_eq!(status, 200, "a link created before the kill opens");
    }
    let revoked = http
        .delete(server.http_url(&format!("/api/links/{}", tokens[0].0)))
        .bearer_auth(KEY)
        .send()
        .await?;
    assert!(revoked.status().is_success());
    server.kill9().await?;

    let server = Server::start(dir.path(), &args).await?;
    let (status, _) = get_json(summary_url(&server), Some(&tokens[0].1)).await?;
    assert_eq!(status, 401, "a link revoked before the kill stays revoked");
    let (status, _) = get_json(summary_url(&server), Some(&tokens[1].1)).await?;
    assert_eq!(status, 200);
    Ok(())
}

#[tokio::test]
async fn a_tracked_status_survives_kill_9_once_acknowledged() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let http = reqwest::Client::new();
    let response = http
        .post(server.http_url("/api/postmortems"))
        .header("content-type", "text/markdown")
        .body("# Canary\n\n## Action items\n\n- [ ] @kim to add a canary stage by 2026-12-01\n")
        .send()
        .await?;
    assert_eq!(response.status(), 201);
    let items = loop {
        let (_, items) = get_json(server.http_url("/api/action-items"), None).await?;
        if items.as_array().is_some_and(|a| !a.is_empty()) {
            break items;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let item = items[0]["id"].as_str().unwrap().to_owned();
    let response = http
        .patch(server.http_url(&format!("/api/action-items/{item}")))
        .json(&json!({"status": "done"}))
        .send()
        .await?;
    assert_eq!(response.status(), 200);
    server.kill9().await?;

    let server = Server::start(dir.path(), &[]).await?;
    let (status, done) = get_json(server.http_url("/api/action-items?status=done"), None).await?;
    assert_eq!(status, 200);
    let done = done.as_array().unwrap();
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(done[0]["id"], item.as_str());
    Ok(())
}
