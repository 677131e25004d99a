//! Action items on the live body: extracted from the replica's outline, reconciled with the
//! [tracker](crate::tracker), and laid out for `P.insights`.

use std::collections::HashMap;
use std::sync::Arc;

use yrs::updates::encoder::Encode;
use yrs::{Any, Assoc, IndexedSequence, ReadTxn, XmlFragmentRef};

use crate::blocks::outline::Entry;
use crate::blocks::yjs::{element_at, NodeAnchor};
use crate::blocks::Origin;
use crate::hooks::actions::ActionItem;
use crate::tracker::reconcile::Observed;
use crate::tracker::TrackedItem;

/// What the tracker needs to know of an extracted item.
pub fn observe(blocks: &[Entry], item: &ActionItem) -> Observed {
    let node = match blocks.get(item.block).map(|b| &b.origin) {
        Some(Origin::Node(anchor)) => node_key(anchor, item.line_in_block),
        Some(Origin::Line(line)) => format!("line:{line}:{}", item.line_in_block),
        None => format!("block:{}", item.block),
    };
    Observed {
        node,
        text: item.text.clone(),
        owner: item.owner.clone(),
        due: item.due.map(|d| d.to_string()),
        ticket: item.ticket.clone(),
        status: item.status.into(),
        kind: item.kind.clone(),
        problems: item
            .problems
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect(),
    }
}

/// `client:clock:line` of the node an item is in.
pub fn node_key(anchor: &NodeAnchor, line: usize) -> String {
    format!("{}:{}:{line}", anchor.id.client.get(), anchor.id.clock)
}

/// The value stored for a tracked item; `anchor` locates its node for the browser.
pub fn to_any(item: &TrackedItem, anchor: Option<Vec<u8>>) -> Any {
    let text = |v: &Option<String>| v.as_deref().map_or(Any::Null, Any::from);
    let mut map = HashMap::from([
        ("text".to_owned(), Any::from(item.text.as_str())),
        ("owner".to_owned(), text(&item.owner)),
        ("due".to_owned(), text(&item.due)),
        ("ticket".to_owned(), text(&item.ticket)),
        ("status".to_owned(), Any::from(item.status.as_str())),
        ("type".to_owned(), text(&item.kind)),
        (
            "problems".to_owned(),
            Any::Array(
                item.problems
                    .iter()
                    .map(|p| Any::from(p.as_str()))
                    .collect(),
            ),
        ),
        ("created".to_owned(), Any::from(item.created.as_str())),
    ]);
    if let Some(anchor) = anchor {
        map.insert("anchor".to_owned(), Any::Buffer(anchor.into()));
    }
    Any::Map(Arc::new(map))
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
