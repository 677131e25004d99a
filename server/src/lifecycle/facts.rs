//! Reading the publish gate's [`Facts`](super::gate::Facts) out of a postmortem's documents:
//! each reader takes a transaction on one room's document (run inside that room, see
//! `http/review.rs`) and returns plain data.

use yrs::{Any, Map, Out, ReadTxn};

use crate::blocks::outline::{outline, EntryKind};
use crate::blocks::yjs::{self, BODY};
use crate::insights::{ANNOTATIONS, DISMISSED};

/// The map of review threads in `P.comments`.
const THREADS: &str = "threads";

/// The open (not dismissed) blame annotations and privacy findings of `P.insights`: their
/// excerpts. Hindsight hints do not count.
pub fn open_findings<T: ReadTxn>(txn: &T) -> (Vec<String>, Vec<String>) {
    let (mut blame, mut privacy) = (Vec::new(), Vec::new());
    let Some(annotations) = txn.get_map(ANNOTATIONS) else {
        return (blame, privacy);
    };
    let dismissed = txn.get_map(DISMISSED);
    for (id, value) in annotations.iter(txn) {
        if dismissed.as_ref().is_some_and(|d| d.contains_key(txn, id)) {
            continue;
        }
        let Out::Any(Any::Map(annotation)) = value else {
            continue;
        };
        let text = |key: &str| match annotation.get(key) {
            Some(Any::String(s)) => s.to_string(),
            _ => String::new(),
        };
        match text("severity").as_str() {
            "blame" => blame.push(text("excerpt")),
            "privacy" => privacy.push(text("excerpt")),
            _ => {}
        }
    }
    blame.sort();
    privacy.sort();
    (blame, privacy)
}

/// The comment threads of `P.comments` that are not resolved: what they quote.
pub fn open_threads<T: ReadTxn>(txn: &T) -> Vec<String> {
    let Some(threads) = txn.get_map(THREADS) else {
        return Vec::new();
    };
    let mut open: Vec<String> = threads
        .iter(txn)
        .filter_map(|(_, thread)| {
            let Out::YMap(thread) = thread else {
                return None;
            };
            let resolved = matches!(thread.get(txn, "resolved"), Some(Out::Any(Any::Bool(true))));
            let quote = match thread.get(txn, "quote") {
                Some(Out::Any(Any::String(q))) => q.to_string(),
                _ => String::new(),
            };
            (!resolved).then_some(quote)
        })
        .collect();
    open.sort();
    open
}

/// The headings of the body (lower case) with some text under them before the next heading of
/// the same or a higher level.
pub fn filled_sections<T: ReadTxn>(txn: &T) -> Vec<String> {
    let Some(body) = txn.get_xml_fragment(BODY) else {
        return Vec::new();
    };
    let entries = outline(&yjs::read(txn, &body));
    let mut filled = Vec::new();
    for (at, entry) in entries.iter().enumerate() {
        let EntryKind::Heading { level } = entry.kind else {
            continue;
        };
        let has_text = entries[at + 1..]
            .iter()
            .take_while(|e| !matches!(e.kind, EntryKind::Heading { level: l } if l <= level))
            .any(|e| !e.text.trim().is_empty());
        if has_text {
            filled.push(entry.text.trim().to_lowercase());
        }
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postmortem::import;
    use yrs::updates::decoder::Decode;
    use yrs::{Doc, MapPrelim, Transact, Update};

    #[test]
    fn sections_with_text_under_them() {
        let markdown = "# P\n\n## Summary\n\nIt broke.\n\n## Impact\n\n## Timeline\n\n### Day one\n\n- 09:12 paged\n\n## Action items\n\n- [ ] \n";
        let doc = Doc::new();
        let update = import(markdown).unwrap().to_update();
        doc.transact_mut()
            .apply_update(Update::decode_v1(&update).unwrap())
            .unwrap();
        let filled = filled_sections(&doc.transact());
        assert_eq!(filled, ["summary", "timeline", "day one"]);
    }

    #[test]
    fn resolved_threads_and_dismissed_findings_do_not_count() {
        let doc = Doc::new();
        let threads = doc.get_or_insert_map(THREADS);
        let annotations = doc.get_or_insert_map(ANNOTATIONS);
        let dismissed = doc.get_or_insert_map(DISMISSED);
        {
            let mut txn = doc.transact_mut();
            for (id, quote, resolved) in [("t1", "the queue", false), ("t2", "the cache", true)] {
                threads.insert(
                    &mut txn,
                    id,
                    MapPrelim::from([
                        ("quote".to_owned(), yrs::In::from(quote)),
                        ("resolved".to_owned(), yrs::In::from(resolved)),
                    ]),
                );
            }
            let annotation = |severity: &str, excerpt: &str| {
                Any::Map(std::sync::Arc::new(std::collections::HashMap::from([
                    ("severity".to_owned(), Any::from(severity)),
                    ("excerpt".to_owned(), Any::from(excerpt)),
                ])))
            };
            annotations.insert(&mut txn, "a1", annotation("blame", "Kevin broke prod"));
            annotations.insert(
                &mut txn,
                "a2",
                annotation("hindsight", "should have noticed"),
            );
            annotations.insert(&mut txn, "a3", annotation("privacy", "jane@acme.io"));
            annotations.insert(&mut txn, "a4", annotation("blame", "human error"));
            dismissed.insert(&mut txn, "a4", Any::Null);
        }
        let txn = doc.transact();
        assert_eq!(open_threads(&txn), ["the queue"]);
        assert_eq!(
            open_findings(&txn),
            (
                vec!["Kevin broke prod".to_owned()],
                vec!["jane@acme.io".to_owned()]
            )
        );
    }
}
