//! Checks that what a transaction integrated hangs on items the document has, and is whole.
//!
//! Every item of a Yjs document is placed relative to others: its left and right *origins*, or
//! its parent when it has neither. An item can only be integrated once those are; otherwise it
//! waits. yrs 0.28 breaks that rule for a crafted update (found by the room fuzz target,
//! docs/fuzzing.md class 7b): it integrates an item whose left origin is itself still waiting for
//! a missing update. The room would then hold an item that a document rebuilt from the room's
//! log (the store's, a newcomer's) keeps waiting and never shows: room, store and peers disagree.
//!
//! A second crafted update (an item whose parent is itself, over clocks the document already
//! had) makes yrs lose an integrated clock: the document's state vector still counts it, but its
//! encoding skips it, so the room would serve less than its store holds.
//!
//! yrs does not expose the origins of a decoded update's items, so [`broken`] reads them from
//! the v1 encoding of the transaction's delta ([`crate::v1_blocks`]), where a lost clock shows as
//! a skip.

use std::collections::HashMap;
use std::fmt;

use yrs::block::ClientID;
use yrs::encoding::read::Error;
use yrs::{StateVector, Update, ID};

use crate::v1_blocks;

/// What is wrong with a transaction's delta.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Broken {
    /// An integrated item names an origin or parent the document does not hold.
    MissingOrigin(ID),
    /// The delta skips a clock the document counts as integrated.
    Hole(ID),
    /// A block of the delta runs past what the document counts as integrated.
    Overrun(ID),
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Broken::MissingOrigin(id) => {
                write!(
                    f,
                    "a change integrated an item on {id}, which the document lacks"
                )
            }
            Broken::Hole(id) => write!(f, "a change lost {id}, which the document counts"),
            Broken::Overrun(id) => {
                write!(
                    f,
                    "a change encodes {id}, which the document does not count"
                )
            }
        }
    }
}

/// The first thing wrong with `delta` (a v1 update), given `integrated`, the document's state
/// vector after the transaction: an integrated item on an origin or parent the document does not
/// hold, a skip over clocks it holds, or a block that starts within them and runs past them.
///
/// When the document holds a part still `waiting` for a missing update, a delta also carries it
/// (yrs encodes its pending update with it); those blocks are past `integrated` and are not
/// checked: waiting on a missing item is what they are meant to do. Otherwise a block past
/// `integrated` is an overrun too.
pub(super) fn broken(
    delta: &[u8],
    integrated: &StateVector,
    waiting: bool,
) -> Result<Option<Broken>, Error> {
    let blocks = v1_blocks::read(delta)?;
    // A client's blocks in a delta run up to the clock the document now counts for it: they
    // are what the transaction added. A delta that stops short lost the rest (found by the
    // room fuzz target: yrs counted clocks 0 to 10 and encoded 0 to 4).
    let mut ends: HashMap<ClientID, u64> = HashMap::new();
    for block in blocks.iter().filter(|b| !b.skip) {
        let end = ends.entry(block.client).or_default();
        *end = (*end).max(block.end());
    }
    if let Some((client, end)) = ends
        .into_iter()
        .find(|(client, end)| *end < u64::from(integrated.get(client)))
    {
        return Ok(Some(Broken::Hole(ID::new(client, end as u32))));
    }
    Ok(blocks.into_iter().find_map(|block| {
        let counted = u64::from(integrated.get(&block.client));
        if block.clock >= counted {
            return (!waiting && !block.skip)
                .then(|| Broken::Overrun(ID::new(block.client, counted as u32)));
        }
        if block.skip {
            return Some(Broken::Hole(ID::new(block.client, block.clock as u32)));
        }
        if block.end() > counted {
            return Some(Broken::Overrun(ID::new(block.client, counted as u32)));
        }
        block
            .refs
            .into_iter()
            .find(|id| id.clock >= integrated.get(&id.client))
            .map(Broken::MissingOrigin)
    }))
}

/// The first change `update` (v1, decoded as `decoded`) builds on that neither the document
/// (`known`, its state vector) nor the update itself holds: a gap before one of its blocks, an
/// origin or parent beyond both, or a deletion of clocks beyond both. `None` when the update
/// integrates whole.
///
/// Stock clients in one browser share changes over BroadcastChannel, so a peer can send a change
/// that builds on another tab's change the room has not received yet. yrs would keep such an
/// update pending, and its handling of pending updates breaks on crafted ones (one crashed the
/// process, found by the room fuzz target). The room applies only updates that integrate whole.
pub(super) fn missing(
    update: &[u8],
    decoded: &Update,
    known: &StateVector,
) -> Result<Option<ID>, Error> {
    let blocks = v1_blocks::read(update)?;
    // How far each client's clocks reach: the document's, extended by the update's blocks that
    // continue them without a gap (a skip holds no clocks).
    let mut reach: HashMap<ClientID, u64> = HashMap::new();
    for block in &blocks {
        let end = reach
            .entry(block.client)
            .or_insert_with(|| u64::from(known.get(&block.client)));
        if block.clock > *end {
            return Ok(Some(ID::new(block.client, *end as u32)));
        }
        if !block.skip {
            *end = (*end).max(block.end());
        }
    }
    let reach_of = |client: &ClientID| {
        reach
            .get(client)
            .copied()
            .unwrap_or(u64::from(known.get(client)))
    };
    for block in blocks.iter().filter(|block| !block.skip) {
        // An item builds on earlier clocks of its own client, or on clocks another holds.
        let own = |id: &ID| id.client == block.client && u64::from(id.clock) >= block.clock;
        if let Some(id) = block
            .refs
            .iter()
            .find(|id| own(id) || u64::from(id.clock) >= reach_of(&id.client))
        {
            return Ok(Some(*id));
        }
    }
    for (client, ranges) in decoded.delete_set().iter() {
        let end = reach_of(client);
        if let Some(range) = ranges.iter().find(|range| u64::from(range.end) > end) {
            return Ok(Some(ID::new(*client, range.start.max(end as u32))));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::block::ClientID;
    use yrs::updates::decoder::Decode;
    use yrs::{Doc, GetString, ReadTxn, Text, Transact, Update};

    /// The delta of the transaction that applies `update` to `doc`, the state after it, and
    /// whether a part of it waits.
    fn apply(doc: &Doc, update: &[u8]) -> (Vec<u8>, StateVector, bool) {
        let delta = {
            let mut txn = doc.transact_mut();
            txn.apply_update(Update::decode_v1(update).unwrap())
                .unwrap();
            txn.encode_update_v1()
        };
        let txn = doc.transact();
        (delta, txn.state_vector(), txn.has_missing_updates())
    }

    #[test]
    fn ordinary_edits_hang_on_what_the_document_has() {
        let source = Doc::with_client_id(7);
        let text = source.get_or_insert_text("body");
        let doc = Doc::new();
        let mut before = StateVector::default();
        for (at, word) in [(0, "hello"), (5, " world"), (0, ">> "), (3, "well, ")] {
            text.insert(&mut source.transact_mut(), at, word);
            let update = source.transact().encode_diff_v1(&before);
            before = source.transact().state_vector();
            let (delta, integrated, waiting) = apply(&doc, &update);
            assert_eq!(broken(&delta, &integrated, waiting).unwrap(), None);
        }
        let applied = doc.transact().get_text("body").unwrap();
        assert_eq!(applied.get_string(&doc.transact()), ">> well, hello world");
    }

    #[test]
    fn items_still_waiting_are_not_checked() {
        // Found by the room property test: one writer's edits, applied out of order. The delta
        // of the transaction that fills the first gap also carries the items that still wait
        // (`<1#9>` onwards, behind the missing `<1#6..9>`), with origins the document lacks.
        let writer = Doc::with_client_id(1);
        let text = writer.get_or_insert_text("body");
        let edits: [fn(&yrs::TextRef, &mut yrs::TransactionMut); 6] = [
            |t, txn| t.insert(txn, 0, "a "),
            |t, txn| t.insert(txn, 0, "a\u{e9} \u{e9}"),
            |t, txn| t.insert(txn, 0, "a a"),
            |t, txn| t.remove_range(txn, 0, 1),
            |t, txn| t.insert(txn, 5, "aaa"),
            |t, txn| t.remove_range(txn, 6, 1),
        ];
        let updates: Vec<Vec<u8>> = edits
            .iter()
            .map(|edit| {
                let mut txn = writer.transact_mut();
                edit(&text, &mut txn);
                txn.encode_update_v1()
            })
            .collect();
        let doc = Doc::new();
        for i in [0, 3, 4, 5, 1, 2] {
            let (delta, integrated, waiting) = apply(&doc, &updates[i]);
            assert_eq!(
                broken(&delta, &integrated, waiting).unwrap(),
                None,
                "update {i}"
            );
        }
        let applied = doc.transact().get_text("body").unwrap();
        assert_eq!(
            applied.get_string(&doc.transact()),
            text.get_string(&writer.transact())
        );
    }

    #[test]
    fn an_item_integrated_on_a_waiting_origin_is_found() {
        // Found by the room fuzz target: `<1#1>` waits for client 1's clock 0, yet yrs
        // integrates `<11#0>`, whose left origin is `<1#1>`.
        let update = include_bytes!("testdata/origin-waiting.v1");
        let doc = Doc::new();
        let (delta, integrated, waiting) = apply(&doc, update);
        assert_eq!(
            broken(&delta, &integrated, waiting).unwrap(),
            Some(Broken::MissingOrigin(ID::new(ClientID::new(1), 1)))
        );
    }

    #[test]
    fn a_clock_lost_to_an_item_that_is_its_own_parent_is_a_hole() {
        // Found by the room fuzz target: the first update integrates clocks 0 to 3 of client 1
        // (and leaves a block at clock 254 waiting); the second rewrites them as an item whose
        // parent is itself. The document still counts four clocks, but yrs now encodes three.
        let doc = Doc::new();
        let (delta, integrated, waiting) =
            apply(&doc, include_bytes!("testdata/loses-a-clock-1.v1"));
        assert_eq!(broken(&delta, &integrated, waiting).unwrap(), None);
        let (delta, integrated, waiting) =
            apply(&doc, include_bytes!("testdata/loses-a-clock-2.v1"));
        assert_eq!(integrated.get(&ClientID::new(1)), 4);
        assert_eq!(
            broken(&delta, &integrated, waiting).unwrap(),
            Some(Broken::Hole(ID::new(ClientID::new(1), 3)))
        );
    }

    #[test]
    fn a_delta_that_stops_short_of_the_counted_clocks_is_a_hole() {
        // Found by the room fuzz target: one update whose items yrs integrates as clocks 0 to
        // 10 of client 1 but encodes only to 4, the last on a parent that is no type: the
        // document's own encoding would not apply to a fresh document (`InvalidParent`).
        let doc = Doc::new();
        let (delta, integrated, waiting) = apply(&doc, include_bytes!("testdata/encodes-short.v1"));
        assert_eq!((integrated.get(&ClientID::new(1)), waiting), (11, false));
        assert_eq!(
            broken(&delta, &integrated, waiting).unwrap(),
            Some(Broken::Hole(ID::new(ClientID::new(1), 5)))
        );
    }

    #[test]
    fn a_block_encoded_longer_than_it_integrated_is_an_overrun() {
        // Found by the room fuzz target: yrs integrates clocks 0 to 68 of client 11, but encodes
        // its last two items with one and two clocks more (to 72): a document rebuilt from the
        // delta would count clocks the room does not.
        let doc = Doc::new();
        let (delta, integrated, waiting) = apply(&doc, include_bytes!("testdata/overruns.v1"));
        assert_eq!(integrated.get(&ClientID::new(11)), 69);
        assert_eq!(
            broken(&delta, &integrated, waiting).unwrap(),
            Some(Broken::Overrun(ID::new(ClientID::new(11), 69)))
        );
    }

    #[test]
    fn a_block_encoded_past_what_the_document_counts_is_an_overrun() {
        // Found by the room fuzz target: yrs integrates clocks 0 to 53 of client 0, and nothing
        // waits, but its delta holds a block at 54 and 55 as well.
        let doc = Doc::new();
        let (delta, integrated, waiting) = apply(&doc, include_bytes!("testdata/overruns-past.v1"));
        assert_eq!((integrated.get(&ClientID::new(0)), waiting), (54, false));
        assert_eq!(
            broken(&delta, &integrated, waiting).unwrap(),
            Some(Broken::Overrun(ID::new(ClientID::new(0), 54)))
        );
    }

    #[test]
    fn a_truncated_delta_is_an_error() {
        let update = include_bytes!("testdata/origin-waiting.v1");
        let (delta, integrated, waiting) = apply(&Doc::new(), update);
        assert!(broken(&delta[..delta.len() - 3], &integrated, waiting).is_err());
    }
}
