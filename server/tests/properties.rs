//! Property-based versions of the fuzz targets (fuzz/, docs/fuzzing.md), small enough for
//! `make test`: each property runs a few dozen generated cases, where the fuzzer runs millions.
//!
//! - frames: any bytes decode or give a typed error; valid messages survive encode then decode;
//! - updates: edits from several peers, applied in any order, directly or through a live room,
//!   converge to one document;
//! - Markdown: exported Markdown imports again, stable from the first round trip on;
//! - blame rules: every finding lies inside the text, on char boundaries;
//! - action items: every item points at a block and a line that exist;
//! - share tokens: signed claims verify; a tampered or truncated token never does.

use std::sync::Arc;
use std::time::Duration;

use proptest::prelude::*;
use yrs::block::ClientID;
use yrs::sync::{Awareness, AwarenessUpdate};
use yrs::updates::decoder::Decode;
use yrs::{Doc, GetString, OffsetKind, Options, ReadTxn, StateVector, Text, Transact, Update};

use debrief::auth::{Claims, Role, TokenKey};
use debrief::blocks::markdown;
use debrief::blocks::outline::outline;
use debrief::doc_name::DocName;
use debrief::hooks::actions::{extract, Words};
use debrief::hooks::blame::RuleSet;
use debrief::metrics::Metrics;
use debrief::postmortem::{export, import, ImportError};
use debrief::protocol::{self, decode_frame, Incoming, ProtocolError};
use debrief::room::{RoomError, Rooms, RoomsConfig};
use debrief::store::SledStore;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---- frames ----

/// A message a peer may send, as the test builds it.
#[derive(Debug, Clone)]
enum Sent {
    Step1(Vec<(u64, u32)>),
    Update(String),
    Presence(u64, String),
    Query,
}

fn sent() -> impl Strategy<Value = Sent> {
    prop_oneof![
        prop::collection::vec((0u64..1 << 53, any::<u32>()), 0..4).prop_map(Sent::Step1),
        "\\PC{0,20}".prop_map(Sent::Update),
        (1u64..1 << 53, "[a-z]{0,8}")
            .prop_map(|(client, name)| Sent::Presence(client, format!(r#"{{"name":"{name}"}}"#))),
        Just(Sent::Query),
    ]
}

fn text_update(text: &str) -> Vec<u8> {
    let doc = Doc::with_client_id(1);
    doc.get_or_insert_text("t")
        .push(&mut doc.transact_mut(), text);
    let txn = doc.transact();
    txn.encode_state_as_update_v1(&StateVector::default())
}

fn state_vector(entries: &[(u64, u32)]) -> StateVector {
    let mut sv = StateVector::default();
    for (client, clock) in entries {
        sv.set_max(ClientID::new(*client), *clock);
    }
    sv
}

fn presence(client: u64, json: &str) -> AwarenessUpdate {
    let mut awareness = Awareness::new(Doc::with_client_id(client));
    awareness.set_local_state_raw(json);
    awareness.update().expect("a state to encode")
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_bytes_decode_or_give_a_typed_error(frame in prop::collection::vec(any::<u8>(), 0..64)) {
        match decode_frame(&frame) {
            Ok(_) => {}
            Err(e) => {
                prop_assert!([1003, 1007].contains(&e.close_code()));
                prop_assert_eq!(frame.is_empty(), e == ProtocolError::Empty);
            }
        }
    }

    #[test]
    fn valid_messages_survive_encode_then_decode(message in sent()) {
        let frame = match &message {
            Sent::Step1(entries) => protocol::sync_step1(state_vector(entries)),
            Sent::Update(text) => protocol::sync_update(text_update(text)),
            Sent::Presence(client, json) => protocol::awareness(presence(*client, json)),
            Sent::Query => bytes::Bytes::from_static(&[3]),
        };
        let decoded = decode_frame(&frame).expect("an encoded message decodes");
        match (&message, &decoded) {
            (Sent::Step1(entries), Incoming::SyncStep1(sv)) => {
                prop_assert_eq!(sv, &state_vector(entries))
            }
            (Sent::Update(text), Incoming::Update { raw, .. }) => {
                prop_assert_eq!(raw.to_vec(), text_update(text))
            }
            (Sent::Presence(client, json), Incoming::Awareness(update)) => {
                prop_assert_eq!(update, &presence(*client, json))
            }
            (Sent::Query, Incoming::QueryAwareness) => {}
            (sent, got) => prop_assert!(false, "sent {sent:?}, decoded {got:?}"),
        }
    }
}

// ---- updates ----

/// One peer's edit: insert `text` at `at` (modulo the length), or delete `len` from `at`.
#[derive(Debug, Clone)]
enum Edit {
    Insert { peer: usize, at: u32, text: String },
    Delete { peer: usize, at: u32, len: u32 },
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        prop_oneof![
            (0..3usize, any::<u32>(), "[a-zé ]{1,4}").prop_map(|(peer, at, text)| Edit::Insert {
                peer,
                at,
                text
            }),
            (0..3usize, any::<u32>(), 1..4u32).prop_map(|(peer, at, len)| Edit::Delete {
                peer,
                at,
                len
            }),
        ],
        1..12,
    )
}

/// The updates three peers make, each peer seeing only its own edits (all concurrent).
fn updates_of(edits: &[Edit]) -> Vec<Vec<u8>> {
    // Offsets in UTF-16 code units, as the server's documents count them.
    let peers: Vec<Doc> = (1..=3)
        .map(|client| {
            Doc::with_options(Options {
                client_id: ClientID::new(client),
                offset_kind: OffsetKind::Utf16,
                ..Options::default()
            })
        })
        .collect();
    edits
        .iter()
        .map(|edit| {
            let (peer, at) = match edit {
                Edit::Insert { peer, at, .. } | Edit::Delete { peer, at, .. } => (*peer, *at),
            };
            let text = peers[peer].get_or_insert_text("body");
            let mut txn = peers[peer].transact_mut();
            let len = text.len(&txn);
            match edit {
                Edit::Insert { text: s, .. } => text.insert(&mut txn, at % (len + 1), s),
                Edit::Delete { len: n, .. } if len > 0 => {
                    let at = at % len;
                    text.remove_range(&mut txn, at, (*n).min(len - at));
                }
                Edit::Delete { .. } => {}
            }
            txn.encode_update_v1()
        })
        .collect()
}

fn apply_all(updates: &[Vec<u8>], order: &[usize]) -> String {
    let doc = Doc::new();
    let text = doc.get_or_insert_text("body");
    for &i in order {
        let update = Update::decode_v1(&updates[i]).expect("an update decodes");
        doc.transact_mut()
            .apply_update(update)
            .expect("an update applies");
    }
    let txn = doc.transact();
    text.get_string(&txn)
}

/// A permutation of `0..n` from arbitrary keys.
fn order(keys: &[u32], n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| keys.get(i).copied().unwrap_or(0));
    order
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn updates_in_any_order_converge(edits in edits(), keys in prop::collection::vec(any::<u32>(), 12)) {
        let updates = updates_of(&edits);
        let in_order = apply_all(&updates, &(0..updates.len()).collect::<Vec<_>>());
        prop_assert_eq!(apply_all(&updates, &order(&keys, updates.len())), in_order);
    }
}

proptest! {
    #![proptest_config(config(100))]

    /// The live room, with its batching, storage and compaction, ends where a plain document
    /// does, and what it stored reloads to the same document.
    #[test]
    fn a_room_converges_with_any_order(edits in edits(), keys in prop::collection::vec(any::<u32>(), 12)) {
        let updates = updates_of(&edits);
        let expected = apply_all(&updates, &(0..updates.len()).collect::<Vec<_>>());
        let dir = tempfile::tempdir().expect("a temporary directory");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        let (live, reloaded) = runtime.block_on(async {
            let name = DocName::parse("converge").expect("a name");
            let rooms = |store| Rooms::new(store, None, Arc::new(Metrics::default()), RoomsConfig {
                idle_unload: Duration::from_secs(60),
                compact_every: 3,
            });
            let store = Arc::new(SledStore::open(dir.path()).expect("a store"));
            let first = rooms(store.clone());
            // An update that builds on one the room lacks is refused; the sender sends it
            // again later, as a stock client resends what the room lacks when it resyncs.
            let mut waiting = order(&keys, updates.len());
            while !waiting.is_empty() {
                let mut refused = Vec::new();
                for &i in &waiting {
                    match first.apply_update(&name, updates[i].clone().into()).await {
                        Ok(_) => {}
                        Err(RoomError::BadUpdate(_)) => refused.push(i),
                        Err(e) => panic!("the room failed: {e}"),
                    }
                }
                assert!(refused.len() < waiting.len(), "each round applies at least one update");
                waiting = refused;
            }
            let live = first.encode_state(&name).await.expect("the room's state");
            first.shutdown().await;
            let again = rooms(store).encode_state(&name).await.expect("the reloaded state");
            (live, again)
        });
        prop_assert_eq!(apply_all(&[live], &[0]), expected.clone());
        prop_assert_eq!(apply_all(&[reloaded], &[0]), expected);
    }
}

// ---- Markdown, blame rules, action items ----

/// Markdown-ish text: pieces of the syntax the importer and the extractor handle, mixed.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# "),
        Just("## Action items\n"),
        Just("### "),
        Just("\n"),
        Just("\n\n"),
        Just("- "),
        Just("- [ ] "),
        Just("- [x] "),
        Just("1. "),
        Just("  "),
        Just("> "),
        Just("```\n"),
        Just("`"),
        Just("**"),
        Just("*"),
        Just("_"),
        Just("~~"),
        Just("\\"),
        Just("| a | b |\n| - | - |\n"),
        Just("| "),
        Just("[link](http://x.y)"),
        Just("<br>"),
        Just("---\n"),
        Just("AI: "),
        Just("TODO(ana): "),
        Just("@bob "),
        Just("due 2026-01-02 "),
        Just("OPS-12 "),
        Just("Kevin forgot to check "),
        Just("the cache "),
        Just("é"),
        Just("🙂"),
        Just("word "),
        Just("&amp; "),
        Just("<!-- c -->"),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![markdownish(), "\\PC{0,80}", ".{0,40}"]
}

fn rules() -> &'static RuleSet {
    static RULES: std::sync::LazyLock<RuleSet> = std::sync::LazyLock::new(RuleSet::default_rules);
    &RULES
}

proptest! {
    #![proptest_config(config(128))]

    /// The first round trip may still normalise what the editor cannot hold as written
    /// (docs/fuzzing.md lists the cases found); from then on export and import agree exactly.
    #[test]
    fn import_export_import_is_stable(markdown in any_text()) {
        match import(&markdown) {
            Ok(first) => {
                let second = import(&export(&first)).expect("exported Markdown imports");
                let exported = export(&second);
                prop_assert_eq!(import(&exported), Ok(second), "exported as:\n{}", exported);
            }
            Err(e) => prop_assert!(matches!(e, ImportError::Empty | ImportError::TooDeep | ImportError::FrontMatter(_))),
        }
    }

    #[test]
    fn blame_findings_lie_inside_the_text(text in any_text()) {
        let mut last = 0;
        for finding in rules().check(&text) {
            prop_assert!(finding.start <= finding.end && finding.end <= text.len());
            prop_assert!(text.is_char_boundary(finding.start) && text.is_char_boundary(finding.end));
            prop_assert_eq!(&finding.text, &text[finding.start..finding.end]);
            prop_assert!(finding.start >= last);
            last = finding.start;
        }
    }

    #[test]
    fn action_items_point_at_existing_blocks_and_lines(text in any_text()) {
        // Markdown nested past the reader's depth limit is refused whole, not extracted.
        let Ok(document) = markdown::read(&text) else { return Ok(()) };
        let blocks = outline(&document.blocks);
        for item in extract(&blocks, Words::builtin()) {
            prop_assert!(item.block < blocks.len());
            let block = &blocks[item.block];
            prop_assert!(item.line_in_block < block.text.split('\n').count());
            let line = item.source_line(&blocks).expect("a Markdown block has a line");
            prop_assert!(line >= 1 && line <= text.lines().count().max(1));
        }
    }
}

// ---- share tokens ----

const NOW: u64 = 1_700_000_000;

fn claims() -> impl Strategy<Value = Claims> {
    ("\\PC{0,12}", "[a-z0-9-]{1,20}", 0..3usize, 1..1_000_000u64).prop_map(
        |(link, postmortem, role, ttl)| Claims {
            link,
            postmortem,
            role: [Role::Editor, Role::Reviewer, Role::Viewer][role],
            expires: NOW + ttl,
        },
    )
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn signed_claims_verify(claims in claims()) {
        let key = TokenKey::new("property key");
        prop_assert_eq!(key.verify(&key.sign(&claims), NOW), Ok(claims));
    }

    #[test]
    fn a_tampered_or_truncated_token_never_verifies(
        claims in claims(),
        at in any::<prop::sample::Index>(),
        byte in 0x20u8..0x7f,
        truncate in any::<bool>(),
    ) {
        let key = TokenKey::new("property key");
        let token = key.sign(&claims);
        let mut altered = token.clone().into_bytes();
        let at = at.index(altered.len());
        if truncate {
            altered.truncate(at);
        } else {
            altered[at] = byte;
        }
        let altered = String::from_utf8(altered).expect("ASCII");
        prop_assume!(altered != token);
        prop_assert!(key.verify(&altered, NOW).is_err(), "{} verified", altered);
    }

    #[test]
    fn only_signed_tokens_verify(token in "(v1\\.)?[A-Za-z0-9_.-]{0,80}") {
        let key = TokenKey::new("property key");
        if let Ok(claims) = key.verify(&token, NOW) {
            prop_assert_eq!(key.sign(&claims), token);
        }
    }
}
