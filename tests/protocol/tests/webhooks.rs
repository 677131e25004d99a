//! Webhooks: a review step that changes a postmortem's status reaches a receiver started here, signed with the endpoint's secret;
//! a delivery the receiver refuses is retried with the same delivery id until it is accepted;
//! a delivery queued when the server stops is delivered after a restart; bad registrations are
//! refused.

use std::time::Duration;

use debrief_protocol_tests::{data_dir, Server};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

const SECRET: &str = "a-webhook-secret-for-tests";

/// One request the receiver got.
#[derive(Debug)]
struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// The statuses the receiver answers its next requests with, in order; 200 once none is left.
type Answers = Arc<Mutex<VecDeque<u16>>>;

/// A receiver on 127.0.0.1 answering each request with the next of its scripted answers.
async fn receiver() -> anyhow::Result<(String, mpsc::UnboundedReceiver<Received>, Answers)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hook", listener.local_addr()?);
    let (got, received) = mpsc::unbounded_channel();
    let answer: Answers = Arc::default();
    let answers = answer.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let got = got.clone();
            let status = answers.lock().unwrap().pop_front().unwrap_or(200);
            tokio::spawn(async move {
                let mut raw = Vec::new();
                let mut chunk = [0u8; 4096];
                let (head_end, length) = loop {
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    raw.extend_from_slice(&chunk[..n]);
                    if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&raw[..end]).to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        break (end + 4, length);
                    }
                };
                while raw.len() < head_end + length {
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    raw.extend_from_slice(&chunk[..n]);
                }
                let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
                let headers = head
                    .lines()
                    .skip(1)
                    .filter_map(|l| l.split_once(':'))
                    .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                    .collect();
                let _ = got.send(Received {
                    headers,
                    body: raw[head_end..head_end + length].to_vec(),
                });
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    Ok((url, received, answer))
}

async fn next(received: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(20), received.recv())
        .await
        .expect("a delivery in time")
        .expect("the receiver runs")
}

fn signed(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

async fn register(server: &Server, body: Value) -> anyhow::Result<(u16, Value)> {
    let response = reqwest::Client::new()
        .post(server.http_url("/api/webhooks"))
        .json(&body)
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

/// Creates a postmortem written out in full, so that it passes the publish gate once approved.
async fn postmortem(server: &Server) -> anyhow::Result<String> {
    let created: Value = reqwest::Client::new()
        .post(server.http_url("/api/postmortems"))
        .header("content-type", "text/markdown")
        .body(
            "# Queue backlog\n\n## Summary\n\nThe queue backed up.\n\n## Impact\n\nInvoices were late.\n\n\
             ## Timeline\n\n- 09:12 paged\n\n## Contributing factors\n\nA default batch size.\n\n\
             ## Action items\n\n- [ ] Size the batches (@kim, due 2099-01-15)\n",
        )
        .send()
        .await?
        .json()
        .await?;
    Ok(created["id"].as_str().unwrap().to_owned())
}

/// Takes review `steps` (step, by whom) on postmortem `id`, as people do in the editor.
async fn review(server: &Server, id: &str, steps: &[(&str, &str)]) -> anyhow::Result<()> {
    for (step, name) in steps {
        let response = reqwest::Client::new()
            .post(server.http_url(&format!("/api/postmortems/{id}/review")))
            .json(&json!({ "step": step, "name": name }))
            .send()
            .await?;
        anyhow::ensure!(
            response.status() == 200,
            "{step}: {}",
            response.text().await?
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_status_change_is_delivered_signed_and_retried_with_the_same_id() -> anyhow::Result<()> {
    let (url, mut received, answer) = receiver().await?;
    let dir = data_dir();
    let server = Server::start(dir.path(), &["--webhook-retry-base", "200ms"]).await?;
    // Reviewed and approved before anyone listens.
    let id = postmortem(&server).await?;
    review(&server, &id, &[("submit", "Ann"), ("approve", "Rob")]).await?;

    // Bad registrations change nothing.
    for bad in [
        json!({ "url": "ftp://example.com", "events": ["postmortem.published"], "secret": SECRET }),
        json!({ "url": url, "events": ["postmortem.deleted"], "secret": SECRET }),
        json!({ "url": url, "events": [], "secret": SECRET }),
        json!({ "url": url, "events": ["postmortem.published"], "secret": "short" }),
    ] {
        let (status, body) = register(&server, bad.clone()).await?;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (422, Some("bad_webhook")),
            "{bad}"
        );
    }
    let (status, endpoint) = register(
        &server,
        json!({ "url": url, "events": ["postmortem.status_changed", "postmortem.published"], "secret": SECRET }),
    )
    .await?;
    assert_eq!(status, 201, "{endpoint}");
    assert!(
        endpoint.get("secret").is_none(),
        "the secret is never sent back"
    );
    let listed: Value = reqwest::get(server.http_url("/api/webhooks"))
        .await?
        .json()
        .await?;
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // The receiver refuses the first attempt.
    // The first attempt is refused, whichever event it carries.
    answer.lock().unwrap().push_back(500);
    review(&server, &id, &[("publish", "Ann")]).await?;
    let first = next(&mut received).await;
    assert_eq!(
        first.header("x-debrief-signature"),
        signed(SECRET, &first.body)
    );
    let event = first.json();
    assert_eq!(event["data"]["postmortem"], json!(id));
    assert_eq!(event["data"]["to"], "published");
    let mut attempts: Vec<Received> = vec![first];
    // Both events arrive, the refused one again under the same delivery id.
    let mut delivered = std::collections::HashMap::new();
    while delivered.len() < 2 {
        let got = next(&mut received).await;
        assert_eq!(got.header("x-debrief-signature"), signed(SECRET, &got.body));
        delivered.insert(
            got.header("x-debrief-event").to_owned(),
            got.header("x-debrief-delivery").to_owned(),
        );
        attempts.push(got);
    }
    let retried = &attempts[0];
    assert_eq!(
        delivered[retried.header("x-debrief-event")],
        retried.header("x-debrief-delivery"),
        "a retry carries the first attempt's delivery id"
    );
    assert_eq!(
        attempts.iter().filter(|a| a.body == retried.body).count(),
        2,
        "the same body"
    );

    // Nothing more arrives for delivered events, and the log tells the story.
    assert!(
        tokio::time::timeout(Duration::from_millis(1500), received.recv())
            .await
            .is_err()
    );
    let log: Value = reqwest::get(server.http_url(&format!(
        "/api/webhooks/{}/deliveries",
        endpoint["id"].as_str().unwrap()
    )))
    .await?
    .json()
    .await?;
    let outcomes: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes.iter().filter(|o| **o == "delivered").count(),
        2,
        "{log:#}"
    );
    assert_eq!(
        outcomes.iter().filter(|o| **o == "retrying").count(),
        1,
        "{log:#}"
    );
    Ok(())
}

#[tokio::test]
async fn a_delivery_queued_before_a_restart_is_delivered_after_it() -> anyhow::Result<()> {
    let (url, mut received, answer) = receiver().await?;
    let dir = data_dir();
    // The retry is still waiting when the server stops, and comes due after it restarts.
    let server = Server::start(dir.path(), &["--webhook-retry-base", "5s"]).await?;
    let (status, _) = register(
        &server,
        json!({ "url": url, "events": ["postmortem.status_changed"], "secret": SECRET }),
    )
    .await?;
    assert_eq!(status, 201);
    answer.lock().unwrap().push_back(503);
    let id = postmortem(&server).await?;
    review(&server, &id, &[("submit", "Ann")]).await?;
    let refused = next(&mut received).await;
    let args = server.args();
    server.terminate().await?;

    let _server = Server::start_again(dir.path(), &args).await?;
    let again = next(&mut received).await;
    assert_eq!(
        again.header("x-debrief-delivery"),
        refused.header("x-debrief-delivery")
    );
    assert_eq!(again.body, refused.body);
    assert!(
        tokio::time::timeout(Duration::from_millis(1500), received.recv())
            .await
            .is_err()
    );
    Ok(())
}

#[tokio::test]
async fn action_items_are_announced_with_a_ticket_to_open_and_take_the_ticket_back(
) -> anyhow::Result<()> {
    let (url, mut received, _answer) = receiver().await?;
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let events = [
        "action_item.created",
        "action_item.updated",
        "action_item.overdue",
    ];
    let (status, _) = register(
        &server,
        json!({ "url": url, "events": events, "secret": SECRET }),
    )
    .await?;
    assert_eq!(status, 201);
    let http = reqwest::Client::new();
    let created: Value = http
        .post(server.http_url("/api/postmortems"))
        .header("content-type", "text/markdown")
        .body("# Cert expiry\n\n## Action items\n\n- [ ] Alert on certificate expiry (@kim, due 2020-01-15)\n")
        .send()
        .await?
        .json()
        .await?;
    let postmortem = created["id"].as_str().unwrap().to_owned();

    // Created, and overdue at once: its due date is long past.
    let mut got = std::collections::HashMap::new();
    while got.len() < 2 {
        let delivery = next(&mut received).await;
        assert_eq!(
            delivery.header("x-debrief-signature"),
            signed(SECRET, &delivery.body)
        );
        let body = delivery.json();
        got.insert(
            body["event"].as_str().unwrap().to_owned(),
            body["data"].clone(),
        );
    }
    let data = &got["action_item.created"];
    assert!(got.contains_key("action_item.overdue"), "{got:?}");
    let id = data["item"]["id"].as_str().unwrap().to_owned();
    assert_eq!(data["postmortem"], json!(postmortem));
    assert_eq!(data["postmortem_title"], "Cert expiry");
    assert_eq!(data["url"], json!(format!("/p/{postmortem}?item={id}")));
    let ticket = &data["ticket"];
    assert_eq!(ticket["title"], "Alert on certificate expiry");
    assert_eq!(ticket["assignee"], "kim");
    assert_eq!(ticket["due_date"], "2020-01-15");
    assert_eq!(ticket["external_id"], json!(id));
    assert!(ticket["body"].as_str().unwrap().contains("Cert expiry"));

    // The automation opened OPS-77: it goes into the document and the tracker.
    let patch = |body: Value| {
        http.patch(server.http_url(&format!("/api/action-items/{id}")))
            .json(&body)
            .send()
    };
    assert_eq!(
        patch(json!({ "ticket": "not a ticket" })).await?.status(),
        400
    );
    assert_eq!(patch(json!({})).await?.status(), 400);
    let patched = patch(json!({ "ticket": "OPS-77" })).await?;
    assert_eq!(patched.status(), 200);
    assert_eq!(patched.json::<Value>().await?["ticket"], "OPS-77");
    let updated = next(&mut received).await.json();
    assert_eq!(updated["event"], "action_item.updated");
    assert_eq!(updated["data"]["item"]["ticket"], "OPS-77");
    let markdown = http
        .get(server.http_url(&format!("/api/postmortems/{postmortem}/export.md")))
        .send()
        .await?
        .text()
        .await?;
    assert!(markdown.contains("(OPS-77)"), "{markdown}");
    // Nothing more: the document now says what the tracker says, and overdue was sent once.
    assert!(
        tokio::time::timeout(Duration::from_millis(1500), received.recv())
            .await
            .is_err()
    );
    assert_eq!(
        patch(json!({ "ticket": "OPS-78" })).await?.status(),
        409,
        "it has a ticket already"
    );
    Ok(())
}
