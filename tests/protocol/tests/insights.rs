//! The annotator live: blame and privacy findings arrive in `P.insights`, anchored to the
//! phrase, and dismissals stick.

use std::collections::HashMap;

use debrief_protocol_tests::{data_dir, resolve_range, Peer, Server};
use serde_json::json;
use yrs::{
    Any, GetString, Map, Out, ReadTxn, StateVector, Text, Transact, XmlElementPrelim, XmlFragment,
    XmlTextPrelim, XmlTextRef,
};

/// The first paragraph's text of `peer`'s body.
fn first_text(peer: &Peer) -> Option<XmlTextRef> {
    let txn = peer.doc.transact();
    let body = txn.get_xml_fragment("body")?;
    let paragraph = body.get(&txn, 0)?.into_xml_element()?;
    paragraph.get(&txn, 0)?.into_xml_text()
}

/// Annotations seen by an insights peer: id → (rule, excerpt, start, end).
fn annotations(peer: &Peer) -> HashMap<String, (String, String, Vec<u8>, Vec<u8>)> {
    let map = peer.doc.get_or_insert_map("annotations");
    let txn = peer.doc.transact();
    map.iter(&txn)
        .filter_map(|(id, value)| {
            let Out::Any(Any::Map(a)) = value else {
                return None;
            };
            let text = |k: &str| match a.get(k) {
                Some(Any::String(s)) => s.to_string(),
                _ => String::new(),
            };
            let bytes = |k: &str| match a.get(k) {
                Some(Any::Buffer(b)) => b.to_vec(),
                _ => Vec::new(),
            };
            Some((
                id.to_owned(),
                (text("rule"), text("excerpt"), bytes("start"), bytes("end")),
            ))
        })
        .collect()
}

fn dismissed_ids(peer: &Peer) -> Vec<String> {
    let map = peer.doc.get_or_insert_map("dismissed");
    let txn = peer.doc.transact();
    map.keys(&txn).map(str::to_owned).collect()
}

#[tokio::test]
async fn annotations_follow_their_phrase_and_dismissals_survive_restarts() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let writer = Peer::connect(&server.ws_url("pm")).await?;
    let insights = Peer::connect(&server.ws_url("pm.insights")).await?;
    writer.wait_synced().await?;

    let body = writer.doc.get_or_insert_xml_fragment("body");
    writer.edit(|txn| {
        let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(
            txn,
            XmlTextPrelim::new("The root cause was human error during the deploy."),
        );
    });
    insights
        .wait_for("an annotation on 'human error'", |p| {
            annotations(p)
                .values()
                .any(|(_, excerpt, _, _)| excerpt.contains("human error"))
        })
        .await?;
    let (id, (rule, excerpt, start, end)) = annotations(&insights)
        .into_iter()
        .find(|(_, a)| a.1.contains("human error"))
        .unwrap();
    assert!(!rule.is_empty());
    assert_eq!(resolve_range(&writer.doc, &start, &end).unwrap(), excerpt);

    // Another peer types before the phrase: the same anchors still cover it.
    let other = Peer::connect(&server.ws_url("pm")).await?;
    other
        .wait_for("the paragraph", |p| first_text(p).is_some())
        .await?;
    other.edit(|txn| {
        let body = txn.get_xml_fragment("body").unwrap();
        let p = body.get(txn, 0).unwrap().into_xml_element().unwrap();
        let t = p.get(txn, 0).unwrap().into_xml_text().unwrap();
        t.insert(txn, 0, "Summary (draft, v2): ");
    });
    writer
        .wait_for("the insert", |p| {
            first_text(p).is_some_and(|t| t.get_string(&p.doc.transact()).starts_with("Summary"))
        })
        .await?;
    assert_eq!(resolve_range(&writer.doc, &start, &end).unwrap(), excerpt);
    // And the worker's re-check keeps the annotation under the same id.
    insights.wait_echoed().await?;
    assert!(annotations(&insights).contains_key(&id));

    // Dismiss it.
    let http = reqwest::Client::new();
    let response = http
        .post(server.http_url(&format!("/api/postmortems/pm/annotations/{id}/dismiss")))
        .json(&json!({"by": "Ana", "reason": "we are quoting the vendor's report"}))
        .send()
        .await?;
    assert_eq!(response.status(), 200);
    insights
        .wait_for("the dismissal", |p| dismissed_ids(p).contains(&id))
        .await?;
    let unknown = http
        .post(server.http_url("/api/postmortems/pm/annotations/nope/dismiss"))
        .send()
        .await?;
    assert_eq!(unknown.status(), 404);

    // After a restart and another edit (a re-check), it is still dismissed and still there.
    server.terminate().await?;
    let server = Server::start(dir.path(), &[]).await?;
    let writer = Peer::connect(&server.ws_url("pm")).await?;
    let insights = Peer::connect(&server.ws_url("pm.insights")).await?;
    writer
        .wait_for("the paragraph", |p| first_text(p).is_some())
        .await?;
    writer.edit(|txn| {
        let body = txn.get_xml_fragment("body").unwrap();
        let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(txn, XmlTextPrelim::new("Detection took 40 minutes."));
    });
    insights
        .wait_for("insights state", |p| annotations(p).contains_key(&id))
        .await?;
    assert!(dismissed_ids(&insights).contains(&id));

    // Rewording the phrase makes the annotation go away; the dismissal record stays.
    writer.edit(|txn| {
        let body = txn.get_xml_fragment("body").unwrap();
        let p = body.get(txn, 0).unwrap().into_xml_element().unwrap();
        let t = p.get(txn, 0).unwrap().into_xml_text().unwrap();
        let len = t.len(txn);
        t.remove_range(txn, 0, len);
        t.insert(
            txn,
            0,
            "A config change reached production without a canary.",
        );
    });
    insights
        .wait_for("the annotation to go", |p| {
            !annotations(p).contains_key(&id)
        })
        .await?;
    assert!(dismissed_ids(&insights).contains(&id));
    Ok(())
}

#[tokio::test]
async fn clients_cannot_write_insights_but_see_the_servers_writes() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let insights = Peer::connect(&server.ws_url("pm2.insights")).await?;
    insights.wait_synced().await?;
    let map = insights.doc.get_or_insert_map("annotations");
    insights.edit(|txn| {
        map.insert(txn, "forged", "x");
    });
    insights
        .wait_for("denial", |p| p.with_state(|s| !s.denials.is_empty()))
        .await?;
    let writer = Peer::connect(&server.ws_url("pm2")).await?;
    let body = writer.doc.get_or_insert_xml_fragment("body");
    writer.edit(|txn| {
        let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(
            txn,
            XmlTextPrelim::new("Frankly it was a careless mistake by the on-call."),
        );
    });
    let fresh = Peer::connect(&server.ws_url("pm2.insights")).await?;
    fresh
        .wait_for("server annotations", |p| !annotations(p).is_empty())
        .await?;
    assert!(!annotations(&fresh).contains_key("forged"));
    Ok(())
}

/// Appends one character to `text` in `peer`'s document and sends it: one keystroke.
fn keystroke(peer: &Peer, text: &XmlTextRef, c: char) {
    peer.edit(|txn| {
        let end = text.len(txn);
        text.insert(txn, end, &c.to_string());
    });
}

#[tokio::test]
async fn typing_on_a_100_kb_postmortem_never_encodes_the_whole_document_again() -> anyhow::Result<()>
{
    const ENCODES: &str = "debrief_full_state_encodes_total";
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let writer = Peer::connect(&server.ws_url("big")).await?;
    let insights = Peer::connect(&server.ws_url("big.insights")).await?;
    writer.wait_synced().await?;
    insights.wait_synced().await?;
    let before = server.metric(ENCODES).await?;

    // 100 KB of text in 400 paragraphs, and an empty one at the end to type into.
    let body = writer.doc.get_or_insert_xml_fragment("body");
    writer.edit(|txn| {
        for i in 0..400 {
            let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
            let line = format!(
                "Paragraph {i}: the pipeline rolled the change out region by region while the \
                 canary stayed green, and the latency alert fired {i} minutes later. "
            );
            p.push_back(txn, XmlTextPrelim::new(line.repeat(2)));
        }
        let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(txn, XmlTextPrelim::new(""));
    });
    let typed = {
        let txn = writer.doc.transact();
        let last = body.get(&txn, 400).and_then(|p| p.into_xml_element());
        last.and_then(|p| p.get(&txn, 0)?.into_xml_text())
            .expect("the last paragraph's text")
    };
    let size = writer
        .doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default())
        .len();
    assert!(size > 100_000, "the document is {size} bytes");
    writer.wait_echoed().await?;

    // Five bursts of keystrokes, each ending in a phrase the annotator flags and each waited for
    // in `P.insights`, so that every burst is a check of its own.
    let flagged = |p: &Peer| {
        annotations(p)
            .values()
            .filter(|(_, excerpt, _, _)| excerpt.contains("human error"))
            .count()
    };
    for burst in 1..=5 {
        for c in format!(" Burst {burst}: it was human error.").chars() {
            keystroke(&writer, &typed, c);
        }
        insights
            .wait_for(&format!("annotation {burst}"), |p| flagged(p) == burst)
            .await?;
    }
    writer.wait_echoed().await?;
    let after = server.metric(ENCODES).await?;
    assert!(
        after - before <= 1.0,
        "the whole document was encoded {} times while typing (only the insights worker's \
         start may encode it)",
        after - before
    );

    // The counter does count: a newcomer's first sync encodes the whole document.
    let newcomer = Peer::connect(&server.ws_url("big")).await?;
    newcomer.wait_synced().await?;
    assert!(server.metric(ENCODES).await? > after);
    Ok(())
}

/// Annotations seen by an insights peer as (rule, severity, excerpt).
fn severities(peer: &Peer) -> Vec<(String, String, String)> {
    let map = peer.doc.get_or_insert_map("annotations");
    let txn = peer.doc.transact();
    let mut out: Vec<(String, String, String)> = map
        .iter(&txn)
        .filter_map(|(_, value)| {
            let Out::Any(Any::Map(a)) = value else {
                return None;
            };
            let text = |k: &str| match a.get(k) {
                Some(Any::String(s)) => s.to_string(),
                _ => String::new(),
            };
            Some((text("rule"), text("severity"), text("excerpt")))
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_hindsight_hint_arrives_with_its_severity_beside_blame() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let writer = Peer::connect(&server.ws_url("pm")).await?;
    let insights = Peer::connect(&server.ws_url("pm.insights")).await?;
    writer.wait_synced().await?;

    let body = writer.doc.get_or_insert_xml_fragment("body");
    writer.edit(|txn| {
        for text in [
            "We forgot to renew the certificate.",
            "Kevin forgot to rotate the key.",
        ] {
            let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
            p.push_back(txn, XmlTextPrelim::new(text));
        }
    });
    insights
        .wait_for("two annotations", |p| severities(p).len() == 2)
        .await?;
    assert_eq!(
        severities(&insights),
        [
            (
                "person-omission".to_owned(),
                "blame".to_owned(),
                "Kevin forgot".to_owned()
            ),
            (
                "person-omission".to_owned(),
                "hindsight".to_owned(),
                "We forgot".to_owned()
            ),
        ]
    );
    server.terminate().await?;
    Ok(())
}

/// Annotations seen by an insights peer as (kind, rule, excerpt, replacement).
fn kinds(peer: &Peer) -> Vec<(String, String, String, String)> {
    let map = peer.doc.get_or_insert_map("annotations");
    let txn = peer.doc.transact();
    let mut out: Vec<(String, String, String, String)> = map
        .iter(&txn)
        .filter_map(|(_, value)| {
            let Out::Any(Any::Map(a)) = value else {
                return None;
            };
            let text = |k: &str| match a.get(k) {
                Some(Any::String(s)) => s.to_string(),
                _ => String::new(),
            };
            Some((
                text("kind"),
                text("rule"),
                text("excerpt"),
                text("replacement"),
            ))
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn private_data_is_annotated_as_privacy_with_its_redaction_and_can_be_dismissed(
) -> anyhow::Result<()> {
    let dir = data_dir();
    let terms = dir.path().join("privacy-terms.txt");
    std::fs::write(&terms, "# customers\nGlobex\n")?;
    let server = Server::start(dir.path(), &["--privacy-terms", terms.to_str().unwrap()]).await?;
    let writer = Peer::connect(&server.ws_url("pm")).await?;
    let insights = Peer::connect(&server.ws_url("pm.insights")).await?;
    writer.wait_synced().await?;

    let body = writer.doc.get_or_insert_xml_fragment("body");
    writer.edit(|txn| {
        for text in [
            "Globex reported it to ops@globex-corp.com at 14:02.",
            "The key AKIAIOSFODNN7EXAMPLE leaked in the build log.",
            // Documentation addresses and example domains never fire.
            "Traffic from 203.0.113.7 and 2001:db8::1 to api.example.com was dropped.",
            "Kevin forgot to rotate it.",
        ] {
            let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
            p.push_back(txn, XmlTextPrelim::new(text));
        }
    });
    insights
        .wait_for("four annotations", |p| kinds(p).len() == 4)
        .await?;
    let own = |s: &str| s.to_owned();
    assert_eq!(
        kinds(&insights),
        [
            (
                own("blame"),
                own("person-omission"),
                own("Kevin forgot"),
                String::new()
            ),
            (
                own("privacy"),
                own("privacy-email"),
                own("ops@globex-corp.com"),
                own("[email]")
            ),
            (
                own("privacy"),
                own("privacy-secret"),
                own("AKIAIOSFODNN7EXAMPLE"),
                own("[secret]")
            ),
            (
                own("privacy"),
                own("privacy-term"),
                own("Globex"),
                own("[customer]")
            ),
        ]
    );

    // A privacy finding is dismissed (acknowledged) like a blame one.
    let (id, (_, excerpt, start, end)) = annotations(&insights)
        .into_iter()
        .find(|(_, a)| a.0 == "privacy-secret")
        .unwrap();
    assert_eq!(resolve_range(&writer.doc, &start, &end).unwrap(), excerpt);
    let response = reqwest::Client::new()
        .post(server.http_url(&format!("/api/postmortems/pm/annotations/{id}/dismiss")))
        .json(&json!({"by": "Ana", "reason": "a revoked test key"}))
        .send()
        .await?;
    assert_eq!(response.status(), 200);
    insights
        .wait_for("the dismissal", |p| dismissed_ids(p).contains(&id))
        .await?;
    server.terminate().await?;
    Ok(())
}
