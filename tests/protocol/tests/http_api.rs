//! The HTTP side: documents API, lint, health, readiness and metrics.

use debrief_protocol_tests::{data_dir, Peer, Server};
use serde_json::{json, Value};
use yrs::updates::decoder::Decode;
use yrs::{Doc, GetString, ReadTxn, StateVector, Text, Transact, Update};

fn text_update(s: &str) -> Vec<u8> {
    let doc = Doc::new();
    let text = doc.get_or_insert_text("body");
    text.push(&mut doc.transact_mut(), s);
    let txn = doc.transact();
    txn.encode_state_as_update_v1(&StateVector::default())
}

#[tokio::test]
async fn post_update_reaches_peers_and_get_update_returns_full_state() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let http = reqwest::Client::new();
    let peer = Peer::connect(&server.ws_url("api-doc")).await?;
    peer.wait_synced().await?;

    let response = http
        .post(server.http_url("/api/docs/api-doc/update"))
        .body(text_update("from a tool"))
        .send()
        .await?;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await?;
    assert_eq!(body["changed"], true);
    peer.wait_text("body", "from a tool").await?;

    peer.push("body", " and a peer");
    peer.wait_echoed().await?;
    let state = http
        .get(server.http_url("/api/docs/api-doc/update"))
        .send()
        .await?;
    assert_eq!(state.status(), 200);
    let bytes = state.bytes().await?;
    let doc = Doc::new();
    let text = doc.get_or_insert_text("body");
    doc.transact_mut()
        .apply_update(Update::decode_v1(&bytes)?)?;
    assert_eq!(text.get_string(&doc.transact()), "from a tool and a peer");

    let list: Value = http
        .get(server.http_url("/api/docs"))
        .send()
        .await?
        .json()
        .await?;
    let entry = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "api-doc")
        .expect("listed");
    assert!(entry["size"].as_u64().unwrap() > 0);
    assert!(entry["updated"].as_str().unwrap().starts_with("20"));
    assert_eq!(entry["loaded"], true);
    Ok(())
}

#[tokio::test]
async fn bad_requests_get_json_errors_and_change_nothing() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--max-message-bytes", "1024"]).await?;
    let http = reqwest::Client::new();

    let unknown = http
        .get(server.http_url("/api/docs/nope/update"))
        .send()
        .await?;
    assert_eq!(unknown.status(), 404);
    let body: Value = unknown.json().await?;
    assert_eq!(body["error"]["code"], "not_found");

    let garbage = http
        .post(server.http_url("/api/docs/victim/update"))
        .body(vec![0xff, 0x00, 0x13])
        .send()
        .await?;
    assert_eq!(garbage.status(), 400);
    let body: Value = garbage.json().await?;
    assert_eq!(body["error"]["code"], "invalid_update");

    let too_big = http
        .post(server.http_url("/api/docs/victim/update"))
        .body(text_update(&"z".repeat(5000)))
        .send()
        .await?;
    assert_eq!(too_big.status(), 413);
    let body: Value = too_big.json().await?;
    assert!(body["error"]["message"].is_string());

    let bad_name = http
        .post(server.http_url("/api/docs/bad%20name/update"))
        .body(vec![0, 0])
        .send()
        .await?;
    assert_eq!(bad_name.status(), 400);
    assert_eq!(
        bad_name.json::<Value>().await?["error"]["code"],
        "invalid_document_name"
    );

    let nowhere = http.get(server.http_url("/api/nowhere")).send().await?;
    assert_eq!(nowhere.status(), 404);
    assert_eq!(nowhere.json::<Value>().await?["error"]["code"], "not_found");

    // None of it created a document.
    let list: Value = http
        .get(server.http_url("/api/docs"))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(list, serde_json::json!([]));
    assert_eq!(
        http.get(server.http_url("/api/docs/victim/update"))
            .send()
            .await?
            .status(),
        404
    );
    Ok(())
}

#[tokio::test]
async fn health_readiness_and_metrics() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(server.http_url("/healthz")).send().await?.status(),
        200
    );
    assert_eq!(
        http.get(server.http_url("/readyz")).send().await?.status(),
        200
    );

    // A comments room: a body room would also load its insights room for the hook worker.
    let peer = Peer::connect(&server.ws_url("counted.comments")).await?;
    peer.push("body", "one");
    peer.wait_echoed().await?;
    assert_eq!(server.metric("debrief_connections").await?, 1.0);
    assert_eq!(server.metric("debrief_rooms_loaded").await?, 1.0);
    assert_eq!(server.metric("debrief_updates_applied_total").await?, 1.0);
    assert!(server.metric("debrief_update_bytes_total").await? > 0.0);
    assert!(server.metric("debrief_store_bytes").await? > 0.0);
    Ok(())
}

#[tokio::test]
async fn second_server_on_the_same_store_fails_clearly() -> anyhow::Result<()> {
    let dir = data_dir();
    let _first = Server::start(dir.path(), &[]).await?;
    let err = match Server::start(dir.path(), &[]).await {
        Ok(_) => panic!("a second server opened a store that is in use"),
        Err(e) => e,
    };
    assert!(err.to_string().contains("exited"), "{err}");
    Ok(())
}

#[tokio::test]
async fn lint_runs_the_checks_asked_for_and_refuses_an_empty_or_unknown_one() -> anyhow::Result<()>
{
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let http = reqwest::Client::new();
    let text = "Kevin broke prod; mail jane@acme.io, not ops@example.com.";
    let lint = |checks: Option<Value>| {
        let mut body = json!({ "text": text });
        if let Some(checks) = checks {
            body["checks"] = checks;
        }
        http.post(server.http_url("/api/lint")).json(&body).send()
    };
    let kinds = |body: &Value| -> Vec<(String, String)> {
        body["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["kind"].as_str().unwrap().to_owned(),
                    f["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };

    // Blame only by default: the e-mail address is no blame finding.
    let blame: Value = lint(None).await?.json().await?;
    assert!(!kinds(&blame).is_empty());
    assert!(
        kinds(&blame).iter().all(|(kind, _)| kind == "blame"),
        "{blame}"
    );

    let privacy: Value = lint(Some(json!(["privacy"]))).await?.json().await?;
    assert_eq!(
        kinds(&privacy),
        [("privacy".to_owned(), "jane@acme.io".to_owned())]
    );
    assert_eq!(privacy["findings"][0]["replacement"], "[email]");

    let both: Value = lint(Some(json!(["blame", "privacy"])))
        .await?
        .json()
        .await?;
    assert_eq!(kinds(&both).len(), kinds(&blame).len() + 1);

    for bad in [json!([]), json!(["spelling"]), json!("privacy")] {
        let response = lint(Some(bad.clone())).await?;
        assert!(
            response.status().is_client_error(),
            "{bad}: {}",
            response.status()
        );
        let error: Value = response.json().await?;
        assert!(error["error"]["message"].is_string(), "{bad}: {error}");
    }
    server.terminate().await?;
    Ok(())
}
