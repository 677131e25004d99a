//! Insights: what the server derives from a postmortem as people write it, kept in the
//! server-owned room `P.insights` that clients can read but never write.
//!
//! Layout of the `P.insights` document (all top-level `Y.Map`s, keyed by stable ids):
//! - `annotations`: id → `{rule, severity, excerpt, message, suggestion, replacement?, start,
//!   end}`, where `start`/`end` are encoded Yjs relative positions into the body
//!   (`Y.decodeRelativePosition`);
//! - `dismissed`: annotation id → `{by, reason, at, rule, excerpt}`; written by the dismiss API
//!   and never removed by the worker, so a dismissal survives restarts and re-checks;
//! - `actionItems`: tracker id → `{text, owner, due, ticket, status, type, problems, created,
//!   anchor}` for the items now in the document (`anchor`: relative position of the item's node).
//!
//! The [`worker`] keeps it up to date; [`annotations`] turns the live body's
//! [paragraphs](crate::blocks::prose) into anchored findings.

pub mod action_items;
pub mod annotations;
pub mod worker;

use std::collections::BTreeMap;

use yrs::{Any, Doc, Map, Out, Transact};

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

/// Brings each named map of `doc` to exactly its desired content and returns the one update
/// that did it, or `None` when nothing had to change.
pub fn sync_maps(doc: &Doc, maps: &[(&str, &BTreeMap<String, Any>)]) -> Option<Vec<u8>> {
    let refs: Vec<_> = maps
        .iter()
        .map(|(name, _)| doc.get_or_insert_map(*name))
        .collect();
    let mut txn = doc.transact_mut();
    let mut removed = false;
    for (map, (_, desired)) in refs.iter().zip(maps) {
        let stale: Vec<String> = map
            .keys(&txn)
            .filter(|key| !desired.contains_key(*key))
            .map(str::to_owned)
            .collect();
        for key in &stale {
            map.remove(&mut txn, key);
        }
        removed |= !stale.is_empty();
        for (key, value) in desired.iter() {
            let same = matches!(map.get(&txn, key), Some(Out::Any(current)) if &current == value);
            if !same {
                map.insert(&mut txn, key.as_str(), value.clone());
            }
        }
    }
    let changed = removed || txn.before_state() != txn.after_state();
    changed.then(|| txn.encode_update_v1())
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

/// The update that records the dismissal of annotation `id` in `doc`, a copy of the insights
/// document. `Ok(None)` if it was dismissed already (dismissing is idempotent).
pub fn dismissal_update(
    doc: &Doc,
    id: &str,
    dismissal: &Dismissal,
) -> Result<Option<Vec<u8>>, DismissError> {
    let annotations = doc.get_or_insert_map(ANNOTATIONS);
    let dismissed = doc.get_or_insert_map(DISMISSED);
    let mut txn = doc.transact_mut();
    if dismissed.get(&txn, id).is_some() {
        return Ok(None);
    }
    let Some(Out::Any(Any::Map(annotation))) = annotations.get(&txn, id) else {
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
    dismissed.insert(&mut txn, id, Any::Map(Arc::new(record)));
    Ok(Some(txn.encode_update_v1()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_maps_writes_only_differences() {
        let doc = Doc::new();
        let mut desired = BTreeMap::from([
            ("a".to_owned(), Any::from("one")),
            ("b".to_owned(), Any::from("two")),
        ]);
        let other = BTreeMap::from([("x".to_owned(), Any::from(1.0))]);
        let both = |d: &BTreeMap<String, Any>| sync_maps(&doc, &[("m", d), ("n", &other)]);
        assert!(both(&desired).is_some());
        assert!(both(&desired).is_none(), "nothing to do the second time");
        desired.remove("a");
        desired.insert("b".into(), Any::from("three"));
        let update = both(&desired).expect("a change");
        // The update alone reproduces the change on a copy that had the old state.
        let map = doc.get_or_insert_map("m");
        let txn = doc.transact();
        assert_eq!(map.len(&txn), 1);
        assert_eq!(map.get(&txn, "b"), Some(Out::Any(Any::from("three"))));
        assert!(!update.is_empty());
    }

    #[test]
    fn dismissals_are_recorded_once_and_only_for_known_annotations() {
        use yrs::updates::decoder::Decode;
        use yrs::{ReadTxn, StateVector, Update};
        let doc = Doc::new();
        let annotation = Any::Map(Arc::new(HashMap::from([
            ("rule".to_owned(), Any::from("human-error")),
            ("excerpt".to_owned(), Any::from("human error")),
        ])));
        let annotations = BTreeMap::from([("a1".to_owned(), annotation)]);
        sync_maps(&doc, &[(ANNOTATIONS, &annotations)]);
        // Another replica, as it was before the dismissal.
        let replica = Doc::new();
        let state = doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        replica
            .transact_mut()
            .apply_update(Update::decode_v1(&state).unwrap())
            .unwrap();
        let who = Dismissal {
            by: "Ana",
            reason: "quoting the customer",
            at: "2026-11-22T00:00:00Z",
        };

        let update = dismissal_update(&doc, "a1", &who)
            .unwrap()
            .expect("recorded");
        replica
            .transact_mut()
            .apply_update(Update::decode_v1(&update).unwrap())
            .unwrap();
        let dismissed = replica.get_or_insert_map(DISMISSED);
        let Some(Out::Any(Any::Map(record))) = dismissed.get(&replica.transact(), "a1") else {
            panic!("not recorded")
        };
        assert_eq!(record.get("by"), Some(&Any::from("Ana")));
        assert_eq!(record.get("rule"), Some(&Any::from("human-error")));

        assert_eq!(dismissal_update(&doc, "a1", &who), Ok(None));
        assert_eq!(
            dismissal_update(&doc, "nope", &who),
            Err(DismissError::UnknownAnnotation("nope".into()))
        );
    }
}
