//! Action items live: typed items reach the tracker and `P.insights`, keep their id when reworded,
//! become `removed` when deleted, and `PATCH` ticks the checkbox in every peer's document.

use debrief_protocol_tests::{data_dir, Peer, Server};
use serde_json::{json, Value};
use yrs::{
    Any, Map, Out, ReadTxn, Text, Transact, Xml, XmlElementPrelim, XmlFragment, XmlTextPrelim,
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
