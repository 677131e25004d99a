//! Writes the seed corpora of the binary targets (`frame`, `room`, `token`) into `seeds/`:
//! real frames and updates made with yrs and Debrief's own encoders, so the fuzzer starts from
//! inputs that reach deep into the decoders; and the template's Markdown for `import`. The other
//! text seeds (snippets, sentences) are committed as written.
//!
//! `cargo run --example seeds` from `fuzz/` (rerun after a wire-format change).

use std::path::Path;

use yrs::block::ClientID;
use yrs::sync::Awareness;
use yrs::updates::decoder::Decode;
use yrs::{Doc, GetString, Map, ReadTxn, StateVector, Text, Transact, Update, XmlFragment};

use debrief::auth::{Claims, Role, TokenKey};
use debrief::postmortem::{export, Postmortem};
use debrief::protocol;
use debrief::room::Access;
use debrief_fuzz::room::{Record, Session};

fn main() -> std::io::Result<()> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let frames = frames();
    write(&seeds.join("frame"), &frames)?;
    write(&seeds.join("room"), &sessions())?;
    write(&seeds.join("token"), &tokens())?;
    let template = export(&Postmortem::from_template("Checkout outage"));
    write(
        &seeds.join("import"),
        &[("template.md", template.into_bytes())],
    )?;
    Ok(())
}

fn write(dir: &Path, seeds: &[(&str, Vec<u8>)]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in seeds {
        std::fs::write(dir.join(name), bytes)?;
    }
    println!("{}: {} seeds", dir.display(), seeds.len());
    Ok(())
}

/// A document of client `client` holding `text` in the text `body`.
fn text_doc(client: u64, text: &str) -> Doc {
    let doc = Doc::with_client_id(client);
    let body = doc.get_or_insert_text("body");
    body.push(&mut doc.transact_mut(), text);
    doc
}

fn state(doc: &Doc) -> Vec<u8> {
    doc.transact()
        .encode_state_as_update_v1(&StateVector::default())
}

/// An edit of `doc` as the update it makes.
fn edit(doc: &Doc, f: impl FnOnce(&mut yrs::TransactionMut)) -> Vec<u8> {
    let mut txn = doc.transact_mut();
    f(&mut txn);
    txn.encode_update_v1()
}

fn presence(client: u64, json: &str) -> Vec<u8> {
    let mut awareness = Awareness::new(Doc::with_client_id(client));
    awareness.set_local_state_raw(json);
    protocol::awareness_state(&awareness)
        .expect("a state was set")
        .to_vec()
}

fn frames() -> Vec<(&'static str, Vec<u8>)> {
    let doc = text_doc(1, "hello world");
    let (body, meta) = (
        doc.get_or_insert_text("body"),
        doc.get_or_insert_map("meta"),
    );
    let fragment = doc.get_or_insert_xml_fragment("body-xml");
    let insert = edit(&doc, |txn| body.insert(txn, 5, ","));
    let delete = edit(&doc, |txn| body.remove_range(txn, 0, 3));
    let map = edit(&doc, |txn| {
        meta.insert(txn, "title", "Outage");
    });
    let xml = edit(&doc, |txn| {
        fragment.push_back(txn, yrs::XmlTextPrelim::new("para"));
    });
    let mut sv = StateVector::default();
    sv.set_max(ClientID::new(1), 3);
    sv.set_max(ClientID::new(99), 12);
    let mut two = protocol::sync_update(insert.clone()).to_vec();
    two.extend_from_slice(&presence(3, r#"{"user":{"name":"B"}}"#));
    let postmortem = Postmortem::from_template("Checkout outage").to_update();
    vec![
        (
            "step1-empty",
            protocol::sync_step1(StateVector::default()).to_vec(),
        ),
        ("step1", protocol::sync_step1(sv).to_vec()),
        ("step2-text", protocol::sync_step2(state(&doc)).to_vec()),
        ("update-insert", protocol::sync_update(insert).to_vec()),
        ("update-delete", protocol::sync_update(delete).to_vec()),
        ("update-map", protocol::sync_update(map).to_vec()),
        ("update-xml", protocol::sync_update(xml).to_vec()),
        (
            "step2-postmortem",
            protocol::sync_step2(postmortem).to_vec(),
        ),
        (
            "awareness",
            presence(7, r##"{"user":{"name":"Ana","color":"#f00"}}"##),
        ),
        ("awareness-null", presence(7, "null")),
        // From issue #16: a presence state that is not JSON.
        ("awareness-bad-json", vec![1, 5, 1, 5, 1, 1, b'{']),
        ("query-awareness", vec![3]),
        ("auth", protocol::permission_denied("read-only").to_vec()),
        ("two-messages", two),
    ]
}

fn sessions() -> Vec<(&'static str, Vec<u8>)> {
    let a = text_doc(11, "Summary: the cache");
    let b = Doc::with_client_id(12);
    b.transact_mut()
        .apply_update(Update::decode_v1(&state(&a)).expect("a's state decodes"))
        .expect("a's state applies");
    let (a_body, b_body) = (a.get_or_insert_text("body"), b.get_or_insert_text("body"));
    let a_edit = edit(&a, |txn| a_body.insert(txn, 9, " then"));
    let b_edit = edit(&b, |txn| b_body.remove_range(txn, 0, 9));
    assert_eq!(b_body.get_string(&b.transact()), "the cache");
    let step1 = protocol::sync_step1(StateVector::default()).to_vec();
    let step2_a = protocol::sync_step2(state(&a)).to_vec();
    let update_a = protocol::sync_update(a_edit).to_vec();
    let update_b = protocol::sync_update(b_edit).to_vec();
    let presence_a = presence(11, r#"{"user":{"name":"A"}}"#);
    let presence_b = presence(12, r#"{"user":{"name":"B"}}"#);
    let empty_step2 = protocol::sync_step2(vec![0, 0]).to_vec();
    let postmortem = protocol::sync_step2(Postmortem::from_template("T").to_update()).to_vec();
    let record = |peer, frame: &[u8]| (peer, false, frame.to_vec());
    let session = |peers: Vec<Access>, records: Vec<(usize, bool, Vec<u8>)>| {
        Session {
            peers,
            records: records
                .iter()
                .map(|(peer, rejoin, frame)| Record {
                    peer: *peer,
                    rejoin: *rejoin,
                    frame,
                })
                .collect(),
        }
        .encode()
    };
    use Access::{ReadOnly, ReadWrite};
    vec![
        (
            "one-writer",
            session(
                vec![ReadWrite],
                vec![
                    record(0, &step1),
                    record(0, &step2_a),
                    record(0, &update_a),
                    record(0, &presence_a),
                    record(0, &[3]),
                ],
            ),
        ),
        (
            "concurrent-writers",
            session(
                vec![ReadWrite, ReadWrite],
                vec![
                    record(0, &step2_a),
                    record(1, &step2_a),
                    record(1, &update_b),
                    record(0, &update_a),
                    record(1, &presence_b),
                    (0, true, step1.clone()),
                ],
            ),
        ),
        (
            "reader-refused",
            session(
                vec![ReadWrite, ReadOnly],
                vec![
                    record(1, &step1),
                    record(1, &empty_step2),
                    record(1, &update_a),
                    record(1, &presence_a),
                    record(0, &presence_a),
                    record(0, &step2_a),
                ],
            ),
        ),
        (
            "readers-only",
            session(
                vec![ReadOnly, ReadOnly, ReadOnly],
                vec![record(0, &step2_a), record(1, &presence_b), record(2, &[3])],
            ),
        ),
        (
            // The edit arrives before the state it builds on: the room holds it pending.
            "out-of-order",
            session(
                vec![ReadWrite, ReadWrite, ReadOnly],
                vec![
                    record(0, &update_a),
                    record(1, &update_b),
                    record(2, &step1),
                    record(0, &step2_a),
                    (1, true, presence_b.clone()),
                ],
            ),
        ),
        (
            "postmortem",
            session(
                vec![ReadWrite, ReadOnly],
                vec![
                    record(0, &postmortem),
                    record(1, &step1),
                    record(0, &presence_a),
                ],
            ),
        ),
        (
            "bad-update",
            session(
                vec![ReadWrite, ReadWrite],
                vec![
                    record(0, &step2_a),
                    record(1, &[0, 2, 3, 0xff, 0xff, 0xff]),
                    record(1, &update_b),
                    record(0, &update_a),
                ],
            ),
        ),
    ]
}

fn tokens() -> Vec<(&'static str, Vec<u8>)> {
    let key = TokenKey::new("fuzzing key");
    let signed = key.sign(&Claims {
        link: "l1".into(),
        postmortem: "checkout-outage".into(),
        role: Role::Reviewer,
        expires: 1_800_000_000,
    });
    let offered = |token: &str| [&[0u8][..], token.as_bytes()].concat();
    vec![
        ("signed", offered(&signed)),
        (
            "expired",
            offered(&key.sign(&Claims {
                link: "l2".into(),
                postmortem: "p".into(),
                role: Role::Editor,
                expires: 1,
            })),
        ),
        (
            "other-key",
            offered(&TokenKey::new("other").sign(&Claims {
                link: "l3".into(),
                postmortem: "p".into(),
                role: Role::Viewer,
                expires: 1_800_000_000,
            })),
        ),
        ("garbage", offered("v1.!!.??")),
        (
            "claims-tamper",
            [&[3u8, 1, 0x10, 0x0e, 42][..], b"link-1|pm-checkout"].concat(),
        ),
        (
            "claims-truncate",
            [&[2u8, 0, 0xff, 0xff, 7][..], b"abc|\xc3\xa9t\xc3\xa9"].concat(),
        ),
    ]
}
