//! Insights: what the server derives from a postmortem as people write it, kept in the
//! server-owned room `P.insights` that clients can read but never write.
//!
//! Layout of the `P.insights` document (all top-level `Y.Map`s, keyed by stable ids):
//! - `annotations`: id → `{kind, rule, severity, excerpt, message, suggestion, replacement?,
//!   start, end}`, where `kind` is `blame` (the blame rules; `severity` `blame` or `hindsight`)
//!   or `privacy` (the privacy check; `severity` `privacy`, `replacement` the redaction), and
//!   `start`/`end` are encoded Yjs relative positions into the body (`Y.decodeRelativePosition`);
//! - `dismissed`: annotation id → `{by, reason, at, rule, excerpt}`; written by the dismiss API
//!   and never removed by the worker, so a dismissal survives restarts and re-checks;
//! - `actionItems`: tracker id → `{text, owner, due, ticket, status, type, problems, created,
//!   anchor}` for the items now in the document (`anchor`: relative position of the item's node).
//!
//! The [`worker`] keeps it up to date; [`annotations`] turns the live body's
//! [paragraphs](crate::blocks::prose) into anchored findings. Every write to it ([`sync_maps`]
//! from the worker, [`record_dismissal`] from the API) is a function of the room's own
//! transaction, run inside the room by [`Rooms::edit`](crate::room::Rooms::edit): it reads the
//! maps as they are and writes only the difference.

pub mod action_items;
pub mod annotations;
pub mod worker;

use std::collections::BTreeMap;

use yrs::{Any, Map, Out, TransactionMut, WriteTxn};

pub use worker::{Insights, InsightsConfig};

use std::collections::HashMap;
use std::sync::Arc;

/// Map of current annotations.
pub const ANNOTATIONS: &str = "annotations";
/// Map of dismissed annotations.
pub const DISMISSED: &str = "dismissed";
/// Map of the postmortem's action items.
pub const ACTION_ITEMS: &str = "actionItems";

/// The insights room of postmortem `id`.
pub fn insights_room(id: &str) -> String {
    format!("{id}.insights")
}

/// Brings each named map to exactly its desired content, writing only what differs.
pub fn sync_maps(txn: &mut TransactionMut, maps: &[(&str, &BTreeMap<String, Any>)]) {
    for (name, desired) in maps {
        let map = txn.get_or_insert_map(*name);
        let stale: Vec<String> = map
            .keys(txn)
            .filter(|key| !desired.contains_key(*key))
            .map(str::to_owned)
            .collect();
        for key in &stale {
            map.remove(txn, key);
        }
        for (key, value) in desired.iter() {
            let same = matches!(map.get(txn, key), Some(Out::Any(current)) if &current == value);
            if !same {
                map.insert(txn, key.as_str(), value.clone());
            }
        }
    }
}

/// Why a dismissal was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DismissError {
    #[error("no annotation {0}")]
    UnknownAnnotation(String),
}

/// Who dismissed an annotation, and why.
pub struct Dismissal<'a> {
    pub by: &'a str,
    pub reason: &'a str,
    /// RFC 3339.
    pub at: &'a str,
}

/// Records the dismissal of annotation `id` in the insights document. `Ok(false)` if it was
/// dismissed already (dismissing is idempotent).
pub fn record_dismissal(
    txn: &mut TransactionMut,
    id: &str,
    dismissal: &Dismissal,
) -> Result<bool, DismissError> {
    let annotations = txn.get_or_insert_map(ANNOTATIONS);
    let dismissed = txn.get_or_insert_map(DISMISSED);
    if dismissed.get(txn, id).is_some() {
        return Ok(false);
    }
    let Some(Out::Any(Any::Map(annotation))) = annotations.get(txn, id) else {
        return Err(DismissError::UnknownAnnotation(id.to_owned()));
    };
    let mut record = HashMap::from([
        ("by".to_owned(), Any::from(dismissal.by)),
        ("reason".to_owned(), Any::from(dismissal.reason)),
        ("at".to_owned(), Any::from(dismissal.at)),
    ]);
    for key in ["rule", "excerpt"] {
        if let Some(value) = annotation.get(key) {
            record.insert(key.to_owned(), value.clone());
        }
    }
    dismissed.insert(txn, id, Any::Map(Arc::new(record)));
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::changed;
    use yrs::{Doc, Transact};

    #[test]
    fn sync_maps_writes_only_differences() {
        let doc = Doc::new();
        let mut desired = BTreeMap::from([
            ("a".to_owned(), Any::from("one")),
            ("b".to_owned(), Any::from("two")),
        ]);
        let other = BTreeMap::from([("x".to_owned(), Any::from(1.0))]);
        // Whether bringing the maps to `d` changed the document.
        let both = |d: &BTreeMap<String, Any>| {
            let mut txn = doc.transact_mut();
            sync_maps(&mut txn, &[("m", d), ("n", &other)]);
            changed(&txn)
        };
        assert!(both(&desired));
        assert!(!both(&desired), "nothing to do the second time");
        desired.remove("a");
        desired.insert("b".into(), Any::from("three"));
        assert!(both(&desired), "a removal and a new value");
        let map = doc.get_or_insert_map("m");
        let txn = doc.transact();
        assert_eq!(map.len(&txn), 1);
        assert_eq!(map.get(&txn, "b"), Some(Out::Any(Any::from("three"))));
    }

    #[test]
    fn dismissals_are_recorded_once_and_only_for_known_annotations() {
        let doc = Doc::new();
        let annotation = Any::Map(Arc::new(HashMap::from([
            ("rule".to_owned(), Any::from("human-error")),
            ("excerpt".to_owned(), Any::from("human error")),
        ])));
        let annotations = BTreeMap::from([("a1".to_owned(), annotation)]);
        sync_maps(&mut doc.transact_mut(), &[(ANNOTATIONS, &annotations)]);
        let who = Dismissal {
            by: "Ana",
            reason: "quoting the customer",
            at: "2026-11-22T00:00:00Z",
        };

        assert_eq!(
            record_dismissal(&mut doc.transact_mut(), "a1", &who),
            Ok(true)
        );
        let dismissed = doc.get_or_insert_map(DISMISSED);
        let Some(Out::Any(Any::Map(record))) = dismissed.get(&doc.transact(), "a1") else {
            panic!("not recorded")
        };
        assert_eq!(record.get("by"), Some(&Any::from("Ana")));
        assert_eq!(record.get("rule"), Some(&Any::from("human-error")));

        let mut txn = doc.transact_mut();
        assert_eq!(record_dismissal(&mut txn, "a1", &who), Ok(false));
        assert_eq!(
            record_dismissal(&mut txn, "nope", &who),
            Err(DismissError::UnknownAnnotation("nope".into()))
        );
        assert!(!changed(&txn), "neither wrote anything");
    }
}
