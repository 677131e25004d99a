//! Action items live: typed items reach the tracker and `P.insights`, keep their id when reworded,
//! become `removed` when deleted, and `PATCH` ticks the checkbox in every peer's document, even
//! while others type.

use debrief_protocol_tests::{data_dir, Peer, Server};
use serde_json::{json, Value};
use yrs::{
    Any, GetString, Map, Out, ReadTxn, Text, Transact, Xml, XmlElementPrelim, XmlFragment,
    XmlTextPrelim, XmlTextRef,
};

fn items_in_insights(peer: &Peer) -> Vec<(String, String)> {
    let map = peer.doc.get_or_insert_map("actionItems");
    let txn = peer.doc.transact();
    let mut items: Vec<(String, String)> = map
        .iter(&txn)
        .filter_map(|(id, v)| match v {
            Out::Any(Any::Map(m)) => match m.get("text") {
                Some(Any::String(t)) => Some((id.to_owned(), t.to_string())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    items.sort_by(|a, b| a.1.cmp(&b.1));
    items
}

fn checked(peer: &Peer, index: u32) -> Option<bool> {
    let txn = peer.doc.transact();
    let body = txn.get_xml_fragment("body")?;
    let list = body.get(&txn, 1)?.into_xml_element()?;
    let item = list.get(&txn, index)?.into_xml_element()?;
    match item.get_attribute(&txn, "checked")? {
        Out::Any(Any::Bool(b)) => Some(b),
        _ => None,
    }
}

async fn tracked(http: &reqwest::Client, server: &Server) -> anyhow::Result<Vec<Value>> {
    let list: Value = http
        .get(server.http_url("/api/postmortems/pm/action-items"))
        .send()
        .await?
        .json()
        .await?;
    Ok(list.as_array().unwrap().clone())
}

#[tokio::test]
async fn items_are_tracked_reworded_ticked_and_removed() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let http = reqwest::Client::new();
    let writer = Peer::connect(&server.ws_url("pm")).await?;
    let reader = Peer::connect(&server.ws_url("pm")).await?;
    let insights = Peer::connect(&server.ws_url("pm.insights")).await?;
    writer.wait_synced().await?;

    let body = writer.doc.get_or_insert_xml_fragment("body");
    writer.edit(|txn| {
        let h = body.push_back(txn, XmlElementPrelim::empty("heading"));
        h.insert_attribute(txn, "level", 2);
        h.push_back(txn, XmlTextPrelim::new("Action items"));
        let list = body.push_back(txn, XmlElementPrelim::empty("taskList"));
        for text in [
            "@kim to add a canary stage to the deploy pipeline by 2026-12-01",
            "@lee to alert on certificate expiry 30 days ahead, OPS-412",
        ] {
            let item = list.push_back(txn, XmlElementPrelim::empty("taskItem"));
            item.insert_attribute(txn, "checked", false);
            let p = item.push_back(txn, XmlElementPrelim::empty("paragraph"));
            p.push_back(txn, XmlTextPrelim::new(text));
        }
    });
    insights
        .wait_for("two items in insights", |p| items_in_insights(p).len() == 2)
        .await?;
    let items = tracked(&http, &server).await?;
    assert_eq!(items.len(), 2);
    let canary = items
        .iter()
        .find(|i| i["text"].as_str().unwrap().contains("canary"))
        .unwrap()
        .clone();
    assert_eq!(canary["owner"], "kim");
    assert_eq!(canary["due"], "2026-12-01");
    assert_eq!(canary["status"], "open");
    let expiry = items
        .iter()
        .find(|i| i["ticket"] == "OPS-412")
        .expect("ticket parsed")
        .clone();
    let canary_id = canary["id"].as_str().unwrap().to_owned();

    // Reword the first item: same id, new text.
    writer.edit(|txn| {
        let list = body.get(txn, 1).unwrap().into_xml_element().unwrap();
        let item = list.get(txn, 0).unwrap().into_xml_element().unwrap();
        let p = item.get(txn, 0).unwrap().into_xml_element().unwrap();
        let t = p.get(txn, 0).unwrap().into_xml_text().unwrap();
        t.insert(txn, 14, "gradually ");
    });
    insights
        .wait_for("the reworded item", |p| {
            items_in_insights(p)
                .iter()
                .any(|(_, t)| t.contains("gradually"))
        })
        .await?;
    assert!(items_in_insights(&insights)
        .iter()
        .any(|(id, _)| *id == canary_id));

    // PATCH ticks the box in every peer's document, and the tracker follows.
    let response = http
        .patch(server.http_url(&format!("/api/action-items/{canary_id}")))
        .json(&json!({"status": "done"}))
        .send()
        .await?;
    assert_eq!(response.status(), 200);
    let updated: Value = response.json().await?;
    assert_eq!(updated["status"], "done");
    assert!(updated["completed"].is_string());
    for peer in [&writer, &reader] {
        peer.wait_for("the ticked checkbox", |p| checked(p, 0) == Some(true))
            .await?;
    }
    assert_eq!(checked(&reader, 1), Some(false));
    let done: Value = http
        .get(server.http_url("/api/action-items?status=done"))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(done.as_array().unwrap().len(), 1);
    assert_eq!(done[0]["id"], canary_id.as_str());

    // Deleting the second item from the document marks it removed; nothing is lost.
    writer.edit(|txn| {
        let list = body.get(txn, 1).unwrap().into_xml_element().unwrap();
        list.remove_range(txn, 1, 1);
    });
    insights
        .wait_for("one item left", |p| items_in_insights(p).len() == 1)
        .await?;
    let items = tracked(&http, &server).await?;
    let gone = items
        .iter()
        .find(|i| i["id"] == expiry["id"])
        .expect("still tracked");
    assert_eq!(gone["status"], "removed");
    assert!(gone["removed"].is_string());

    // CSV, bad ids, bad bodies.
    let csv = http
        .get(server.http_url("/api/action-items"))
        .header("accept", "text/csv")
        .send()
        .await?
        .text()
        .await?;
    assert!(
        csv.starts_with("id,postmortem,text,owner,due,ticket,status"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);
    let missing = http
        .patch(server.http_url("/api/action-items/nope"))
        .json(&json!({"status": "done"}))
        .send()
        .await?;
    assert_eq!(missing.status(), 404);
    let bad = http
        .patch(server.http_url(&format!("/api/action-items/{canary_id}")))
        .json(&json!({"status": "finished"}))
        .send()
        .await?;
    assert_eq!(bad.status(), 422);
    let bad_query = http
        .get(server.http_url("/api/action-items?status=finished"))
        .send()
        .await?;
    assert_eq!(bad_query.status(), 400);
    Ok(())
}

/// The text of the paragraph at `index` of `peer`'s body.
fn paragraph_text(peer: &Peer, index: u32) -> Option<XmlTextRef> {
    let txn = peer.doc.transact();
    let body = txn.get_xml_fragment("body")?;
    let paragraph = body.get(&txn, index)?.into_xml_element()?;
    paragraph.get(&txn, 0)?.into_xml_text()
}

/// Keys of map `name` in `peer`'s document.
fn keys(peer: &Peer, name: &str) -> Vec<String> {
    let map = peer.doc.get_or_insert_map(name);
    let txn = peer.doc.transact();
    map.keys(&txn).map(str::to_owned).collect()
}

/// `count` keystrokes of `c` at the end of the paragraph at `index`, a few milliseconds apart.
async fn type_into(peer: &Peer, index: u32, c: &str, count: usize) {
    let text = paragraph_text(peer, index).expect("the paragraph");
    for _ in 0..count {
        peer.edit(|txn| {
            let end = text.len(txn);
            text.insert(txn, end, c);
        });
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
}

#[tokio::test]
async fn a_dismissal_and_a_tick_racing_with_two_typists_lose_nothing() -> anyhow::Result<()> {
    const KEYSTROKES: usize = 80;
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let http = reqwest::Client::new();
    let ana = Peer::connect(&server.ws_url("pm")).await?;
    let ben = Peer::connect(&server.ws_url("pm")).await?;
    let insights = Peer::connect(&server.ws_url("pm.insights")).await?;
    ana.wait_synced().await?;

    // An action item, a flagged phrase, and one paragraph for each typist (body indexes 3, 4).
    let body = ana.doc.get_or_insert_xml_fragment("body");
    ana.edit(|txn| {
        let h = body.push_back(txn, XmlElementPrelim::empty("heading"));
        h.insert_attribute(txn, "level", 2);
        h.push_back(txn, XmlTextPrelim::new("Action items"));
        let list = body.push_back(txn, XmlElementPrelim::empty("taskList"));
        let item = list.push_back(txn, XmlElementPrelim::empty("taskItem"));
        item.insert_attribute(txn, "checked", false);
        let p = item.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(
            txn,
            XmlTextPrelim::new("@kim to add a canary stage to the deploy pipeline by 2026-12-01"),
        );
        for text in ["The outage was caused by human error.", "Ana:", "Ben:"] {
            let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
            p.push_back(txn, XmlTextPrelim::new(text));
        }
    });
    insights
        .wait_for("the item and the annotation", |p| {
            items_in_insights(p).len() == 1 && !keys(p, "annotations").is_empty()
        })
        .await?;
    ben.wait_for("both paragraphs", |p| paragraph_text(p, 4).is_some())
        .await?;
    let item = items_in_insights(&insights).remove(0).0;
    let annotation = keys(&insights, "annotations").remove(0);

    // Both type while the dismissal and the tick go in.
    let requests = async {
        tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        let dismissed = http
            .post(server.http_url(&format!(
                "/api/postmortems/pm/annotations/{annotation}/dismiss"
            )))
            .json(&json!({"by": "Ana", "reason": "quoting the vendor"}))
            .send()
            .await?;
        let ticked = http
            .patch(server.http_url(&format!("/api/action-items/{item}")))
            .json(&json!({"status": "done"}))
            .send()
            .await?;
        anyhow::Ok((dismissed.status().as_u16(), ticked.status().as_u16()))
    };
    let (_, _, statuses) = tokio::join!(
        type_into(&ana, 3, "a", KEYSTROKES),
        type_into(&ben, 4, "b", KEYSTROKES),
        requests
    );
    assert_eq!(statuses?, (200, 200));

    // Every keystroke and the tick, in both typists' documents and in a newcomer's.
    let ana_text = format!("Ana:{}", "a".repeat(KEYSTROKES));
    let ben_text = format!("Ben:{}", "b".repeat(KEYSTROKES));
    let newcomer = Peer::connect(&server.ws_url("pm")).await?;
    for peer in [&ana, &ben, &newcomer] {
        peer.wait_for("both typists' text and the tick", |p| {
            let text = |i| paragraph_text(p, i).map(|t| t.get_string(&p.doc.transact()));
            text(3).as_deref() == Some(ana_text.as_str())
                && text(4).as_deref() == Some(ben_text.as_str())
                && checked(p, 0) == Some(true)
        })
        .await?;
    }
    // The dismissal stays through the checks that followed the typing, and the tracker agrees
    // with the ticked box.
    ana.wait_echoed().await?;
    ben.wait_echoed().await?;
    insights
        .wait_for("the dismissal, the annotation and the item", |p| {
            keys(p, "dismissed").contains(&annotation)
                && keys(p, "annotations").contains(&annotation)
                && items_in_insights(p).iter().any(|(id, _)| *id == item)
        })
        .await?;
    let items = tracked(&http, &server).await?;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["status"], "done");
    Ok(())
}

/// Reads the event stream until `what` arrives, or fails after 20 s.
async fn read_until(events: &mut reqwest::Response, what: &str) -> anyhow::Result<()> {
    let mut seen = String::new();
    tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while !seen.contains(what) {
            let chunk = events
                .chunk()
                .await?
                .ok_or_else(|| anyhow::anyhow!("the stream ended; it said {seen:?}"))?;
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
        anyhow::Ok(())
    })
    .await?
}

#[tokio::test]
async fn the_list_of_all_items_hears_of_changes_and_its_stream_ends_with_the_server(
) -> anyhow::Result<()> {
    let dir = data_dir();
    // Long enough that only ending the stream at the signal lets the server exit within the
    // 20 s this test waits.
    let server = Server::start(dir.path(), &["--shutdown-timeout", "60s"]).await?;
    let http = reqwest::Client::new();
    let mut events = http
        .get(server.http_url("/api/action-items/events"))
        .send()
        .await?;
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");

    let writer = Peer::connect(&server.ws_url("pm")).await?;
    writer.wait_synced().await?;
    let body = writer.doc.get_or_insert_xml_fragment("body");
    writer.edit(|txn| {
        let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(txn, XmlTextPrelim::new("AI: @kim renew the certificate"));
    });
    // Browsers drop an event without data: it names the postmortem.
    read_until(&mut events, "event: changed\ndata: pm\n").await?;
    assert_eq!(tracked(&http, &server).await?.len(), 1);

    // A stopping server ends the stream instead of waiting for it.
    let exited = tokio::spawn(server.terminate());
    let ended = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while events.chunk().await?.is_some() {}
        anyhow::Ok(())
    })
    .await;
    assert!(matches!(ended, Ok(Ok(()))), "the stream did not end");
    assert!(exited.await??.success());
    Ok(())
}
