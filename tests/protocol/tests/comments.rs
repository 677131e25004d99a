//! Review threads in `P.comments` anchored into the body with Yjs relative positions: the anchors
//! keep resolving to the commented phrase while editors insert and delete around it at once.

use std::sync::Arc;

use debrief_protocol_tests::{data_dir, resolve_range, Peer, Server};
use yrs::updates::encoder::Encode;
use yrs::{
    Any, Array, ArrayPrelim, Assoc, GetString, IndexedSequence, Map, MapPrelim, Out, ReadTxn, Text,
    Transact, XmlElementPrelim, XmlFragment, XmlTextPrelim, XmlTextRef,
};

const PHRASE: &str = "the cache warmed slowly";

fn body_text(peer: &Peer) -> Option<XmlTextRef> {
    let txn = peer.doc.transact();
    let body = txn.get_xml_fragment("body")?;
    body.get(&txn, 0)?
        .into_xml_element()?
        .get(&txn, 0)?
        .into_xml_text()
}

/// (start, end) of the first thread in a comments peer's document.
fn thread_anchor(peer: &Peer) -> Option<(Vec<u8>, Vec<u8>)> {
    let threads = peer.doc.get_or_insert_map("threads");
    let txn = peer.doc.transact();
    let (_, thread) = threads.iter(&txn).next()?;
    let Out::YMap(thread) = thread else {
        return None;
    };
    let bytes = |key: &str| match thread.get(&txn, key) {
        Some(Out::Any(Any::Buffer(b))) => Some(b.to_vec()),
        _ => None,
    };
    Some((bytes("start")?, bytes("end")?))
}

#[tokio::test]
async fn comment_anchors_follow_concurrent_inserts_and_deletes() -> anyhow::Result<()> {
    let dir = data_dir();
    let server = Server::start(dir.path(), &[]).await?;
    let alice = Peer::connect(&server.ws_url("pm")).await?;
    let bob = Peer::connect(&server.ws_url("pm")).await?;
    alice.wait_synced().await?;
    let body = alice.doc.get_or_insert_xml_fragment("body");
    let sentence = format!("After the failover {PHRASE} for an hour.");
    alice.edit(|txn| {
        let p = body.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(txn, XmlTextPrelim::new(sentence.as_str()));
    });
    bob.wait_for("the paragraph", |p| {
        body_text(p).is_some_and(|t| t.get_string(&p.doc.transact()) == sentence)
    })
    .await?;

    // A reviewer opens a thread on the phrase, in the comments room.
    let reviewer_body = Peer::connect(&server.ws_url("pm")).await?;
    reviewer_body
        .wait_for("the paragraph", |p| body_text(p).is_some())
        .await?;
    let (start, end) = {
        let text = body_text(&reviewer_body).unwrap();
        let txn = reviewer_body.doc.transact();
        let at = sentence.find(PHRASE).unwrap() as u32;
        let start = text
            .sticky_index(&txn, at, Assoc::After)
            .unwrap()
            .encode_v1();
        let end = text
            .sticky_index(&txn, at + PHRASE.len() as u32, Assoc::Before)
            .unwrap()
            .encode_v1();
        (start, end)
    };
    let reviewer = Peer::connect(&server.ws_url("pm.comments")).await?;
    let editor_view = Peer::connect(&server.ws_url("pm.comments")).await?;
    reviewer.wait_synced().await?;
    let threads = reviewer.doc.get_or_insert_map("threads");
    reviewer.edit(|txn| {
        let thread = threads.insert(txn, "t1", MapPrelim::default());
        thread.insert(txn, "start", Any::Buffer(Arc::from(start.as_slice())));
        thread.insert(txn, "end", Any::Buffer(Arc::from(end.as_slice())));
        thread.insert(txn, "quote", PHRASE);
        thread.insert(txn, "resolved", false);
        let comments = thread.insert(txn, "comments", ArrayPrelim::default());
        comments.push_back(txn, MapPrelim::from([("body", "Slowly compared to what?")]));
    });
    editor_view
        .wait_for("the thread", |p| thread_anchor(p).is_some())
        .await?;
    let (start, end) = thread_anchor(&editor_view).unwrap();
    assert_eq!(
        resolve_range(&alice.doc, &start, &end).as_deref(),
        Some(PHRASE)
    );

    // Alice and Bob edit at the same time: inserts before and after, deletes around the phrase.
    let text_a = body_text(&alice).unwrap();
    let text_b = body_text(&bob).unwrap();
    alice.edit(|txn| text_a.insert(txn, 0, "Timeline note: "));
    bob.edit(|txn| {
        let after = sentence.find(" for an hour").unwrap() as u32;
        text_b.remove_range(txn, after, " for an hour".len() as u32);
        text_b.insert(txn, after, " until 04:10");
        text_b.remove_range(txn, 0, "After the ".len() as u32);
    });
    let expected_len = |p: &Peer| {
        body_text(p).is_some_and(|t| {
            let s = t.get_string(&p.doc.transact());
            s.starts_with("Timeline note: failover") && s.ends_with("until 04:10.")
        })
    };
    alice.wait_for("both edits", expected_len).await?;
    bob.wait_for("both edits", expected_len).await?;
    for peer in [&alice, &bob] {
        assert_eq!(
            resolve_range(&peer.doc, &start, &end).as_deref(),
            Some(PHRASE)
        );
    }

    // A late joiner resolves the same anchors from stored state.
    let late = Peer::connect(&server.ws_url("pm")).await?;
    late.wait_for("both edits", expected_len).await?;
    assert_eq!(
        resolve_range(&late.doc, &start, &end).as_deref(),
        Some(PHRASE)
    );

    // The comment itself arrived intact.
    let threads = editor_view.doc.get_or_insert_map("threads");
    let txn = editor_view.doc.transact();
    let Some(Out::YMap(thread)) = threads.get(&txn, "t1") else {
        panic!("no thread")
    };
    let Some(Out::YArray(comments)) = thread.get(&txn, "comments") else {
        panic!("no comments")
    };
    assert_eq!(comments.len(&txn), 1);
    Ok(())
}
