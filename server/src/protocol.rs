//! The y-protocols wire format, sans I/O.
//!
//! Yjs peers exchange binary WebSocket frames, each one lib0-encoded message: *sync* (step 1 =
//! "here is my state vector", step 2 = "here is what you lack", update = "here is a new change"),
//! *awareness* (presence), *query-awareness* and *auth* (permission denied). This module turns a
//! frame into the message the server acts on, and messages into frames, so the network and room
//! layers never touch bytes by hand. Decoding is strict, because whatever passes is applied or
//! relayed to every peer: a frame holds exactly one message with nothing after it, and every
//! presence state must be a JSON object or `null` of bounded size (stock clients throw on a state
//! they cannot parse). Updates and state vectors are decoded by `yrs`.
//!
//! Everything here is pure: it is unit-tested without sockets and can never panic on hostile
//! input (a decoder panic inside `yrs` is caught and reported as a malformed frame).

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use bytes::Bytes;
use yrs::block::ClientID;
use yrs::encoding::read::{Cursor, Read};
use yrs::sync::awareness::AwarenessUpdateEntry;
use yrs::sync::protocol::{
    MSG_AUTH, MSG_AWARENESS, MSG_QUERY_AWARENESS, MSG_SYNC, MSG_SYNC_STEP_1, MSG_SYNC_STEP_2,
    MSG_SYNC_UPDATE, PERMISSION_DENIED,
};
use yrs::sync::{Awareness, AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;

use crate::v1_blocks;
use yrs::{StateVector, Update};

/// A message a peer sent, decoded as far as the server needs.
#[derive(Debug)]
pub enum Incoming {
    /// Sync step 1: the peer's state vector; the server answers with step 2.
    SyncStep1(StateVector),
    /// Sync step 2 or a plain update: a document change to integrate.
    /// `raw` is the v1 encoding as received, `update` its decoded form; `step2` tells a sync step 2
    /// (a peer's answer to the server's step 1, which may resend what the room already holds) from
    /// an update message (always a new change).
    Update {
        update: Update,
        raw: Bytes,
        step2: bool,
    },
    /// A presence update for one or more awareness clients.
    Awareness(AwarenessUpdate),
    /// The peer asks for the full awareness state.
    QueryAwareness,
    /// An auth message from a client; the server never acts on these.
    Auth,
}

/// Why a frame was refused. Each variant maps onto a WebSocket close code.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProtocolError {
    #[error("malformed y-protocols frame: {0}")]
    Malformed(String),
    #[error("unknown message type {0}")]
    UnknownMessageType(u8),
    #[error("empty frame")]
    Empty,
}

impl ProtocolError {
    /// The WebSocket close code for this error: 1003 (unsupported data) for message types the
    /// server does not speak, 1007 (invalid payload) for everything that fails to decode.
    pub fn close_code(&self) -> u16 {
        match self {
            ProtocolError::UnknownMessageType(_) => 1003,
            ProtocolError::Malformed(_) | ProtocolError::Empty => 1007,
        }
    }
}

/// Largest JSON state one awareness client may carry, in bytes (a name, a colour and a cursor
/// take a few hundred).
pub const MAX_AWARENESS_STATE_BYTES: usize = 32 * 1024;
/// Most awareness clients one update may carry.
pub const MAX_AWARENESS_CLIENTS: usize = 256;

/// Decodes one binary frame into the one message it carries, as y-websocket sends them. A frame
/// with bytes after its message, or a message with bytes after its awareness entries, is refused
/// whole: nothing in it is applied.
pub fn decode_frame(frame: &[u8]) -> Result<Incoming, ProtocolError> {
    if frame.is_empty() {
        return Err(ProtocolError::Empty);
    }
    check_claims(frame)?;
    catch_unwind(AssertUnwindSafe(|| decode_message(frame)))
        .unwrap_or_else(|_| Err(ProtocolError::Malformed("decoder panicked".into())))
}

fn decode_message(frame: &[u8]) -> Result<Incoming, ProtocolError> {
    let mut cursor = Cursor::new(frame);
    let message = match cursor.read_var::<u8>()? {
        MSG_SYNC => {
            let kind: u8 = cursor.read_var()?;
            let payload = cursor.read_buf()?;
            match kind {
                MSG_SYNC_STEP_1 => Incoming::SyncStep1(StateVector::decode_v1(payload)?),
                MSG_SYNC_STEP_2 | MSG_SYNC_UPDATE => {
                    let update = decode_update(payload)?;
                    Incoming::Update {
                        update,
                        raw: Bytes::copy_from_slice(payload),
                        step2: kind == MSG_SYNC_STEP_2,
                    }
                }
                other => {
                    return Err(ProtocolError::Malformed(format!(
                        "unknown sync message type {other}"
                    )))
                }
            }
        }
        MSG_AWARENESS => Incoming::Awareness(decode_awareness(cursor.read_buf()?)?),
        MSG_AUTH => {
            if cursor.read_var::<u8>()? == PERMISSION_DENIED {
                cursor.read_string()?;
            }
            Incoming::Auth
        }
        MSG_QUERY_AWARENESS => Incoming::QueryAwareness,
        other => return Err(ProtocolError::UnknownMessageType(other)),
    };
    trailing(&cursor, "the message")?;
    Ok(message)
}

/// An awareness update whose every state is a JSON object, or `null` (the client left), of at
/// most [`MAX_AWARENESS_STATE_BYTES`]; anything else would reach every peer, and stock clients
/// fail on a state they cannot parse.
fn decode_awareness(payload: &[u8]) -> Result<AwarenessUpdate, ProtocolError> {
    let mut cursor = Cursor::new(payload);
    let count: usize = cursor.read_var()?;
    if count > MAX_AWARENESS_CLIENTS {
        return Err(ProtocolError::Malformed(format!(
            "awareness update for {count} clients (at most {MAX_AWARENESS_CLIENTS})"
        )));
    }
    let mut clients = HashMap::with_capacity(count);
    for _ in 0..count {
        let client = ClientID::new(cursor.read_var::<u64>()?);
        let clock: u32 = cursor.read_var()?;
        let json = cursor.read_string()?;
        check_awareness_state(json)?;
        clients.insert(
            client,
            AwarenessUpdateEntry {
                clock,
                json: json.into(),
            },
        );
    }
    trailing(&cursor, "the awareness update")?;
    Ok(AwarenessUpdate { clients })
}

fn check_awareness_state(json: &str) -> Result<(), ProtocolError> {
    if json.len() > MAX_AWARENESS_STATE_BYTES {
        return Err(ProtocolError::Malformed(format!(
            "awareness state of {} bytes (at most {MAX_AWARENESS_STATE_BYTES})",
            json.len()
        )));
    }
    if json.trim() == "null" {
        return Ok(());
    }
    if !json.trim_start().starts_with('{') {
        return Err(ProtocolError::Malformed(
            "awareness state is not a JSON object or null".into(),
        ));
    }
    serde_json::from_str::<serde::de::IgnoredAny>(json)
        .map(|_| ())
        .map_err(|e| ProtocolError::Malformed(format!("awareness state is not valid JSON: {e}")))
}

/// Sets `user.name` to `name` in every (non-null) state of `update`, keeping the rest of each
/// state (colour, cursor) as sent: the name the server vouches for, not the one the client chose.
/// States are already checked to be JSON objects ([`decode_frame`]).
pub fn set_user_name(update: &mut AwarenessUpdate, name: &str) {
    for entry in update.clients.values_mut() {
        let Ok(serde_json::Value::Object(mut state)) = serde_json::from_str(&entry.json) else {
            continue;
        };
        let user = state
            .entry("user")
            .or_insert_with(|| serde_json::Value::Object(Default::default()));
        if !user.is_object() {
            *user = serde_json::Value::Object(Default::default());
        }
        if let Some(user) = user.as_object_mut() {
            user.insert("name".into(), name.into());
        }
        entry.json = serde_json::Value::Object(state).to_string().into();
    }
}

/// Refuses bytes left over after `what`.
fn trailing(cursor: &Cursor, what: &str) -> Result<(), ProtocolError> {
    match cursor.buf.len() - cursor.next {
        0 => Ok(()),
        left => Err(ProtocolError::Malformed(format!(
            "{left} bytes after {what}"
        ))),
    }
}

impl From<yrs::encoding::read::Error> for ProtocolError {
    fn from(e: yrs::encoding::read::Error) -> Self {
        ProtocolError::Malformed(e.to_string())
    }
}

/// Decodes a v1 update, refusing one that yrs cannot encode again into something it decodes, or
/// whose blocks' clocks, as written, run past the largest clock (2^32 - 1). yrs accepts some
/// malformed updates it then re-encodes wrongly; held pending in a room (waiting for what it
/// builds on), such an update made every later encoding of the document panic, and with it the
/// room. Overflowing clocks (or a first clock wider than 32 bits) wrap around in a release build:
/// yrs integrates such a block at a clock the encoding of the change does not hold, so what the
/// room served could not be rebuilt from what it stored.
/// It also refuses an update that lists a client's clocks twice: Yjs writes each client's
/// blocks once, in order, and yrs integrates a second copy of clocks written in the same update
/// as if it were new, which can link an item into its list twice. A later change then walked that
/// list in a circle inside yrs, and the room's task never answered again.
/// (All found by fuzzing, see docs/fuzzing.md; a debug build panics on the overflow instead,
/// which [`decode_frame`] turns into the same refusal.)
pub(crate) fn decode_update(raw: &[u8]) -> Result<Update, ProtocolError> {
    let bad = |e: yrs::encoding::read::Error| ProtocolError::Malformed(format!("bad update: {e}"));
    // Read through first, before yrs reserves room for what the update claims (see
    // `v1_blocks::read`); clocks as written, not as a release build's yrs wraps them around.
    let blocks = v1_blocks::read(raw).map_err(bad)?;
    let update = Update::decode_v1(raw).map_err(bad)?;
    Update::decode_v1(&update.encode_v1()).map_err(bad)?;
    if blocks.iter().any(|block| block.end() > u64::from(u32::MAX)) {
        return Err(ProtocolError::Malformed(
            "bad update: block clocks overflow".into(),
        ));
    }
    if let Some(block) = written_twice(&blocks) {
        return Err(ProtocolError::Malformed(format!(
            "bad update: clock {} of client {} is written twice",
            block.clock, block.client
        )));
    }
    Ok(update)
}

/// The first block that starts before an earlier block of its client in the same update ends.
fn written_twice(blocks: &[v1_blocks::Block]) -> Option<&v1_blocks::Block> {
    let mut ends: HashMap<ClientID, u64> = HashMap::new();
    blocks.iter().find(|block| {
        let end = ends.entry(block.client).or_default();
        let twice = block.clock < *end;
        *end = (*end).max(block.end());
        twice
    })
}

/// Refuses a frame in which a message claims more entries (update clients, state vector entries,
/// presence clients) than it has bytes, before yrs decodes it: yrs reserves room for every claimed
/// entry first, so seven bytes claiming 2^27 of them cost half a gigabyte and a second (found by
/// fuzzing, see docs/fuzzing.md). Each entry takes at least one byte, so no valid message is
/// refused. Framing errors are left to the decoder, which reports them.
fn check_claims(frame: &[u8]) -> Result<(), ProtocolError> {
    let mut cursor = Cursor::new(frame);
    while cursor.has_content() {
        let payload = match cursor.read_var::<u8>() {
            Ok(0) => match cursor.read_var::<u8>() {
                Ok(0..=2) => cursor.read_buf(),
                _ => return Ok(()),
            },
            Ok(1) => cursor.read_buf(),
            Ok(2) => match cursor.read_var::<u8>() {
                Ok(0) if cursor.read_string().is_ok() => continue,
                Ok(0) | Err(_) => return Ok(()),
                Ok(_) => continue,
            },
            Ok(3) => continue,
            _ => return Ok(()),
        };
        let Ok(payload) = payload else {
            return Ok(());
        };
        let claimed: u32 = Cursor::new(payload).read_var().unwrap_or(0);
        if claimed as usize > payload.len() {
            return Err(ProtocolError::Malformed(format!(
                "a message claims {claimed} entries in {} bytes",
                payload.len()
            )));
        }
    }
    Ok(())
}

/// Sync step 1 carrying `sv`: "tell me what I lack".
pub fn sync_step1(sv: StateVector) -> Bytes {
    encode(Message::Sync(SyncMessage::SyncStep1(sv)))
}

/// Sync step 2 carrying a v1 update: the answer to a peer's step 1.
pub fn sync_step2(update: Vec<u8>) -> Bytes {
    encode(Message::Sync(SyncMessage::SyncStep2(update)))
}

/// A document update to relay to peers.
pub fn sync_update(update: Vec<u8>) -> Bytes {
    encode(Message::Sync(SyncMessage::Update(update)))
}

/// An awareness (presence) update.
pub fn awareness(update: AwarenessUpdate) -> Bytes {
    encode(Message::Awareness(update))
}

/// The full awareness state of `awareness`, or `None` when nobody has set any state.
pub fn awareness_state(awareness: &Awareness) -> Option<Bytes> {
    let update = awareness.update().ok()?;
    (!update.clients.is_empty()).then(|| self::awareness(update))
}

/// The y-protocols auth message "permission denied", with a human-readable reason.
pub fn permission_denied(reason: &str) -> Bytes {
    encode(Message::Auth(Some(reason.to_owned())))
}

fn encode(message: Message) -> Bytes {
    Bytes::from(message.encode_v1())
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Doc, GetString, ReadTxn, Text, Transact};

    fn text_update(s: &str) -> Vec<u8> {
        let doc = Doc::new();
        let text = doc.get_or_insert_text("t");
        text.push(&mut doc.transact_mut(), s);
        let txn = doc.transact();
        txn.encode_state_as_update_v1(&StateVector::default())
    }

    #[test]
    fn round_trips_sync_messages() {
        let update = text_update("hello");
        match decode_frame(&sync_update(update.clone())).unwrap() {
            Incoming::Update { raw, .. } => assert_eq!(&raw[..], &update[..]),
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            decode_frame(&sync_step2(update.clone())).unwrap(),
            Incoming::Update { step2: true, .. }
        ));
        assert!(matches!(
            decode_frame(&sync_update(update.clone())).unwrap(),
            Incoming::Update { step2: false, .. }
        ));
        let mut sv = StateVector::default();
        sv.set_max(yrs::block::ClientID::new(7), 3);
        match decode_frame(&sync_step1(sv.clone())).unwrap() {
            Incoming::SyncStep1(got) => assert_eq!(got, sv),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn decoded_update_applies() {
        let frame = sync_update(text_update("abc"));
        let Incoming::Update { update, .. } = decode_frame(&frame).unwrap() else {
            panic!("not an update")
        };
        let doc = Doc::new();
        let text = doc.get_or_insert_text("t");
        doc.transact_mut().apply_update(update).unwrap();
        assert_eq!(text.get_string(&doc.transact()), "abc");
    }

    #[test]
    fn decodes_awareness_query_and_auth() {
        assert!(matches!(
            decode_frame(&[3]).unwrap(),
            Incoming::QueryAwareness
        ));
        assert!(matches!(
            decode_frame(&permission_denied("no")).unwrap(),
            Incoming::Auth
        ));
        let mut aw = Awareness::new(Doc::new());
        aw.set_local_state_raw(r#"{"user":{"name":"A"}}"#);
        let frame = awareness_state(&aw).unwrap();
        match decode_frame(&frame).unwrap() {
            Incoming::Awareness(u) => assert_eq!(u.clients.len(), 1),
            other => panic!("unexpected {other:?}"),
        }
        assert!(awareness_state(&Awareness::new(Doc::new())).is_none());
    }

    /// A frame with one awareness entry for client 5, clock 1, carrying `state`.
    fn awareness_frame(state: &str) -> Vec<u8> {
        let mut entry = vec![1, 5, 1, state.len() as u8];
        entry.extend_from_slice(state.as_bytes());
        let mut frame = vec![1, entry.len() as u8];
        frame.extend(entry);
        frame
    }

    #[test]
    fn the_server_sets_the_user_name_and_keeps_the_rest() {
        let Incoming::Awareness(mut update) = decode_frame(&awareness_frame(
            r##"{"user":{"name":"Mallory","color":"#c2410c"},"cursor":null}"##,
        ))
        .unwrap() else {
            panic!("not an awareness update")
        };
        set_user_name(&mut update, "Ada Lovelace");
        let state: serde_json::Value =
            serde_json::from_str(&update.clients.values().next().unwrap().json).unwrap();
        assert_eq!(
            state,
            serde_json::json!({"user": {"name": "Ada Lovelace", "color": "#c2410c"}, "cursor": null})
        );
    }

    #[test]
    fn awareness_states_must_be_json_objects_or_null() {
        for good in [r#"{"user":{"name":"A"}}"#, "null", " { } ", "{}"] {
            assert!(
                decode_frame(&awareness_frame(good)).is_ok(),
                "{good:?} refused"
            );
        }
        for bad in [
            "{", "", "nul", "5", "\"x\"", "[1]", "{} x", "{\"a\":}", "true",
        ] {
            assert!(
                matches!(
                    decode_frame(&awareness_frame(bad)),
                    Err(ProtocolError::Malformed(_))
                ),
                "{bad:?} accepted"
            );
        }
        // The issue's probe: client 5, clock 1, state `{`.
        assert!(decode_frame(&[0x01, 0x05, 0x01, 0x05, 0x01, 0x01, 0x7b]).is_err());
    }

    #[test]
    fn awareness_states_and_client_counts_are_bounded() {
        let mut aw = Awareness::new(Doc::new());
        let big = format!(r#"{{"x":"{}"}}"#, "a".repeat(MAX_AWARENESS_STATE_BYTES));
        aw.set_local_state_raw(big);
        let frame = awareness_state(&aw).unwrap();
        assert!(decode_frame(&frame).is_err());
        // A count past the bound is refused before anything is read.
        let frame = [1, 3, 0x81, 0x02, 0]; // 257 clients
        assert!(decode_frame(&frame).is_err());
    }

    #[test]
    fn trailing_bytes_refuse_the_frame() {
        let valid = sync_update(text_update("x")).to_vec();
        for junk in [&[3u8][..], &[0], &[0xff, 0xff], &[2, 0, 1, b'x'], &[1]] {
            let mut frame = valid.clone();
            frame.extend_from_slice(junk);
            assert!(
                matches!(decode_frame(&frame), Err(ProtocolError::Malformed(_))),
                "junk {junk:?} accepted"
            );
        }
        // Junk after an awareness update's entries, inside its length prefix.
        let mut frame = awareness_frame("{}");
        frame[1] += 1;
        frame.push(7);
        assert!(decode_frame(&frame).is_err());
        // A truncated message is refused too, not silently dropped.
        assert!(decode_frame(&valid[..valid.len() - 1]).is_err());
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(decode_frame(&[]).unwrap_err(), ProtocolError::Empty);
        assert!(matches!(
            decode_frame(&[9, 1, 0]),
            Err(ProtocolError::UnknownMessageType(9))
        ));
        // sync message with an unknown sub-type
        assert!(matches!(
            decode_frame(&[0, 7, 0]),
            Err(ProtocolError::Malformed(_))
        ));
        // update whose length prefix runs past the frame
        assert!(matches!(
            decode_frame(&[0, 2, 50, 1, 2]),
            Err(ProtocolError::Malformed(_))
        ));
        // an update payload that is not a Yjs update
        assert!(matches!(
            decode_frame(&[0, 2, 3, 0xff, 0xff, 0xff]),
            Err(ProtocolError::Malformed(_))
        ));
        // awareness claiming a huge number of clients
        assert!(decode_frame(&[1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f]).is_err());
    }

    #[test]
    fn messages_claiming_more_entries_than_bytes_are_refused_before_decoding() {
        // 2^27 - 1 update clients, state vector entries and presence clients in four bytes:
        // yrs alone would reserve half a gigabyte for them. The last one follows a valid message.
        for frame in [
            &[0, 2, 4, 0xff, 0xff, 0xff, 0x3f][..],
            &[0, 0, 4, 0xff, 0xff, 0xff, 0x3f],
            &[3, 1, 4, 0xff, 0xff, 0xff, 0x3f],
        ] {
            match decode_frame(frame) {
                Err(ProtocolError::Malformed(why)) => {
                    assert!(why.contains("claims 134217727 entries in 4 bytes"), "{why}")
                }
                other => panic!("expected a refusal of {frame:?}, got {other:?}"),
            }
        }
        // Real messages pass.
        let mut sv = StateVector::default();
        sv.set_max(yrs::block::ClientID::new(1), 1);
        assert!(decode_frame(&sync_step1(sv)).is_ok());
        assert!(decode_frame(&sync_update(text_update("ok"))).is_ok());
    }

    #[test]
    fn an_update_yrs_cannot_encode_again_is_refused() {
        // One item (found by the room fuzz target) that yrs decodes but encodes again into bytes
        // it cannot decode: a room holding it pending could no longer encode its document.
        let update = [1, 1, 11, 42, 18, 19, 0, 19, 0, 0, 0, 15, 104, 34, 125, 125];
        let mut frame = vec![0, 2, update.len() as u8];
        frame.extend_from_slice(&update);
        assert!(Update::decode_v1(&update).is_ok());
        assert!(matches!(
            decode_frame(&frame),
            Err(ProtocolError::Malformed(why)) if why.starts_with("bad update")
        ));
    }

    #[test]
    fn an_update_writing_a_clock_twice_is_refused() {
        // Found by the room fuzz target: client 30's 33 deleted clocks, listed twice in one
        // update. yrs linked the second copy into the list again; two ordinary updates later
        // (`loops-after-1.v1`, `loops-after-2.v1`) integrating an item walked that list forever.
        let update = include_bytes!("room/testdata/writes-twice.v1");
        assert!(Update::decode_v1(update).is_ok());
        match decode_frame(&sync_update(update.to_vec())) {
            Err(ProtocolError::Malformed(why)) => {
                assert_eq!(why, "bad update: clock 0 of client 30 is written twice")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        // The two that followed it are ordinary: each passes alone.
        for update in [
            &include_bytes!("room/testdata/loops-after-1.v1")[..],
            include_bytes!("room/testdata/loops-after-2.v1"),
        ] {
            assert!(decode_frame(&sync_update(update.to_vec())).is_ok());
        }
        // Found by the room fuzz target too: an update whose encoding, once applied, held a
        // skip of 2^32 - 3 clocks (a negative gap, wrapped around by a release build). It lists
        // client 1 twice; a debug build's decoder already refused it on the overflow.
        let wraps = include_bytes!("room/testdata/wraps-skip.v1");
        assert!(matches!(
            decode_frame(&sync_update(wraps.to_vec())),
            Err(ProtocolError::Malformed(why))
                if why == "bad update: clock 0 of client 1 is written twice" || cfg!(debug_assertions)
        ));
        // Client 30's clocks 0-1 and 2-3 in two runs, one after the other: not written twice.
        let runs = [2, 1, 30, 0, 1, 1, 1, b'a', 2, 1, 30, 2, 1, 1, 1, b'a', 2, 0];
        assert!(decode_frame(&sync_update(runs.to_vec())).is_ok());
    }

    #[test]
    fn an_update_claiming_more_than_its_bytes_hold_is_refused_before_yrs_reads_it() {
        // Found by the room fuzz target: 46 bytes holding an item whose map value claims 2^28
        // entries; yrs reserved room for them first and set 260 MB of memory (the target's
        // process passed its 2 GB limit). And a delete set claiming 2^28 clients.
        let update = include_bytes!("room/testdata/claims-a-huge-map.v1");
        match decode_frame(&sync_update(update.to_vec())) {
            Err(ProtocolError::Malformed(why)) => assert!(why.starts_with("bad update"), "{why}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let mut map = vec![1, 1, 7, 0, 8, 1, 1, b'm', 1, 118];
        map.extend([0xff, 0xff, 0xff, 0x7f]);
        let deletes = [0, 0xff, 0xff, 0xff, 0x7f];
        for update in [&map[..], &deletes[..]] {
            assert!(matches!(
                decode_frame(&sync_update(update.to_vec())),
                Err(ProtocolError::Malformed(_))
            ));
        }
        // Values nested deeper than any document needs are refused too, before yrs recurses.
        let mut nested = vec![1, 1, 7, 0, 8, 1, 1, b'm', 1];
        nested.extend(std::iter::repeat_n([117, 1], 100).flatten());
        nested.extend([126, 0]);
        assert!(matches!(
            decode_frame(&sync_update(nested)),
            Err(ProtocolError::Malformed(why)) if why.contains("nested")
        ));
        // A map of a few entries, as documents hold, passes.
        let doc = yrs::Doc::new();
        let meta = doc.get_or_insert_map("meta");
        let value: yrs::Any = std::collections::HashMap::from([
            ("a".to_owned(), yrs::Any::from(1)),
            ("b".to_owned(), yrs::Any::from("two")),
        ])
        .into();
        yrs::Map::insert(&meta, &mut doc.transact_mut(), "m", value);
        let state = doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        assert!(decode_frame(&sync_update(state)).is_ok());
    }

    #[test]
    fn an_update_whose_clocks_overflow_is_refused() {
        // Found by the room fuzz target: one block at clock 2^32 - 1, 46 long; and a client's
        // first clock written as a 10-byte varint, which a release build's yrs wraps into a
        // small clock and integrates there.
        for update in [
            &include_bytes!("room/testdata/clock-overflow.v1")[..],
            include_bytes!("room/testdata/clock-too-wide.v1"),
        ] {
            let frame = sync_update(update.to_vec());
            // (A debug build's decoder panics on the overflow: refused as a panic instead.)
            assert!(matches!(
                decode_frame(&frame),
                Err(ProtocolError::Malformed(why))
                    if why == "bad update: block clocks overflow" || cfg!(debug_assertions)
            ));
        }
    }

    #[test]
    fn close_codes() {
        assert_eq!(ProtocolError::UnknownMessageType(9).close_code(), 1003);
        assert_eq!(ProtocolError::Malformed("x".into()).close_code(), 1007);
    }
}
