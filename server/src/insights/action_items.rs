//! Action items on the live body: extracted from the replica's outline, reconciled with the
//! [tracker](crate::tracker), and laid out for `P.insights`.

use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;
use yrs::updates::encoder::Encode;
use yrs::{Any, Assoc, IndexedSequence, ReadTxn, XmlFragmentRef};

use crate::blocks::outline::Entry;
use crate::blocks::yjs::{element_at, NodeAnchor};
use crate::blocks::Origin;
use crate::hooks::actions::{ActionItem, Extracted};
use crate::tracker::reconcile::Observed;
use crate::tracker::TrackedItem;

/// What the tracker needs to know of an extracted item: the item and its node.
pub fn observe(blocks: &[Entry], found: &Extracted) -> Observed {
    let node = match blocks.get(found.block).map(|b| &b.origin) {
        Some(Origin::Node(anchor)) => node_key(anchor, found.line_in_block),
        Some(Origin::Line(line)) => format!("line:{line}:{}", found.line_in_block),
        None => format!("block:{}", found.block),
    };
    Observed {
        node,
        item: found.item.clone(),
    }
}

/// `client:clock:line` of the node an item is in.
pub fn node_key(anchor: &NodeAnchor, line: usize) -> String {
    format!("{}:{}:{line}", anchor.id.client.get(), anchor.id.clock)
}

/// What `P.insights` holds of a tracked item.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    item: &'a ActionItem,
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
}

/// The value stored for a tracked item; `anchor` locates its node for the browser.
pub fn to_any(tracked: &TrackedItem, anchor: Option<Vec<u8>>) -> Any {
    let shown = Shown {
        item: &tracked.item,
        created: tracked.created,
    };
    let mut value = yrs::encoding::serde::to_any(&shown).expect("an item is a map of plain values");
    if let (Any::Map(map), Some(anchor)) = (&mut value, anchor) {
        Arc::make_mut(map).insert("anchor".to_owned(), Any::Buffer(anchor.into()));
    }
    value
}

/// An encoded relative position just before the node at `path` under `body`.
pub fn node_position<T: ReadTxn>(txn: &T, body: &XmlFragmentRef, path: &[u32]) -> Option<Vec<u8>> {
    let (&index, parent_path) = path.split_last()?;
    let sticky = if parent_path.is_empty() {
        body.sticky_index(txn, index, Assoc::After)
    } else {
        element_at(txn, body, parent_path)?.sticky_index(txn, index, Assoc::After)
    }?;
    Some(sticky.encode_v1())
}
