//! Blame and privacy findings on the live body, as anchored annotations.
//!
//! Each finding of the [blame rules](crate::hooks::blame) and of the [privacy
//! check](crate::hooks::privacy) becomes an [`Annotation`] whose start and end are Yjs relative
//! positions (encoded as Yjs `encodeRelativePosition` does), so the browser can
//! resolve them to the phrase however the text moved. Its id is derived from the rule, the
//! anchor and the phrase, so the same finding keeps the same id from one check to the next (a
//! dismissal refers to it) and disappears when the phrase no longer matches.

use std::collections::HashMap;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use yrs::updates::encoder::Encode;
use yrs::{Any, ReadTxn};

use crate::blocks::prose::paragraphs;
use crate::blocks::Block;
use crate::hooks::checks::{Checks, Finding};

/// One annotation, as stored in `P.insights`.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub id: String,
    pub finding: Finding,
    /// Encoded relative positions of the phrase's first character and its end.
    pub start: Vec<u8>,
    pub end: Vec<u8>,
}

impl Annotation {
    /// The value stored under the annotation's id.
    pub fn to_any(&self) -> Any {
        let f = &self.finding;
        let mut map = HashMap::from([
            ("kind".to_owned(), Any::from(f.kind)),
            ("rule".to_owned(), Any::from(f.rule.as_str())),
            ("severity".to_owned(), Any::from(f.severity)),
            ("excerpt".to_owned(), Any::from(f.text.as_str())),
            ("message".to_owned(), Any::from(f.message.as_str())),
            ("suggestion".to_owned(), Any::from(f.suggestion.as_str())),
            ("start".to_owned(), Any::Buffer(self.start.clone().into())),
            ("end".to_owned(), Any::Buffer(self.end.clone().into())),
        ]);
        if let Some(replacement) = &f.replacement {
            map.insert("replacement".to_owned(), Any::from(replacement.as_str()));
        }
        Any::Map(Arc::new(map))
    }
}

/// Findings by paragraph text from the previous check, so unchanged paragraphs are not checked
/// again. Only the paragraphs of the latest check are kept.
#[derive(Default)]
pub struct FindingCache {
    by_text: HashMap<String, Arc<Vec<Finding>>>,
}

/// Checks every paragraph of `body` (the live body as read in `txn`, re-using cached results for
/// unchanged paragraphs) and anchors the findings in `txn`'s document.
pub fn annotate<T: ReadTxn>(
    txn: &T,
    body: &[Block],
    checks: &Checks,
    cache: &mut FindingCache,
) -> Vec<Annotation> {
    let mut fresh = HashMap::new();
    let mut out = Vec::new();
    for paragraph in paragraphs(body) {
        let findings = match cache.by_text.remove(&paragraph.text) {
            Some(findings) => findings,
            None => Arc::new(checks.check(&paragraph.text)),
        };
        for finding in findings.iter() {
            let Some((start, end)) = paragraph.anchor(txn, finding.start, finding.end) else {
                continue;
            };
            let (start, end) = (start.encode_v1(), end.encode_v1());
            out.push(Annotation {
                id: annotation_id(&finding.rule, &start, &finding.text),
                finding: finding.clone(),
                start,
                end,
            });
        }
        fresh.insert(paragraph.text, findings);
    }
    cache.by_text = fresh;
    out
}

fn annotation_id(rule: &str, start: &[u8], excerpt: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(rule.as_bytes());
    hash.update([0]);
    hash.update(start);
    hash.update([0]);
    hash.update(excerpt.as_bytes());
    hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::yjs;
    use crate::hooks::privacy::Terms;
    use crate::room::new_doc;
    use yrs::{Text, Transact, XmlElementPrelim, XmlFragment, XmlTextPrelim, XmlTextRef};

    fn doc_with(text: &str) -> (yrs::Doc, XmlTextRef) {
        let doc = new_doc();
        let body = doc.get_or_insert_xml_fragment("body");
        let mut txn = doc.transact_mut();
        let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        let t = p.push_back(&mut txn, XmlTextPrelim::new(text));
        drop(txn);
        (doc, t)
    }

    fn check(doc: &yrs::Doc, cache: &mut FindingCache) -> Vec<Annotation> {
        let txn = doc.transact();
        let body = txn.get_xml_fragment("body").unwrap();
        let checks = Checks {
            terms: Terms::parse("Acme Corp").unwrap(),
            ..Checks::default()
        };
        annotate(&txn, &yjs::read(&txn, &body), &checks, cache)
    }

    #[test]
    fn ids_are_stable_across_edits_elsewhere_and_vanish_with_the_phrase() {
        let (doc, text) = doc_with("The outage was caused by human error.");
        let mut cache = FindingCache::default();
        let first = check(&doc, &mut cache);
        assert!(
            first.iter().any(|a| a.finding.rule == "human-error"),
            "{first:?}"
        );
        let id = first
            .iter()
            .find(|a| a.finding.rule == "human-error")
            .unwrap()
            .id
            .clone();

        text.insert(&mut doc.transact_mut(), 0, "Summary: ");
        let second = check(&doc, &mut cache);
        assert!(second.iter().any(|a| a.id == id), "same finding, same id");

        // Rewording removes it.
        {
            let mut txn = doc.transact_mut();
            let len = text.len(&txn);
            text.remove_range(&mut txn, 0, len);
            text.insert(
                &mut txn,
                0,
                "The deploy tooling allowed an unreviewed change.",
            );
        }
        assert!(check(&doc, &mut cache)
            .iter()
            .all(|a| a.finding.rule != "human-error"));
    }

    #[test]
    fn private_data_is_annotated_with_its_redaction() {
        let (doc, _) = doc_with("Acme Corp's admin jane@acme.io saw it.");
        let found = check(&doc, &mut FindingCache::default());
        let private: Vec<(&str, &str, Option<&str>)> = found
            .iter()
            .filter(|a| a.finding.kind == "privacy")
            .map(|a| {
                let f = &a.finding;
                (f.rule.as_str(), f.text.as_str(), f.replacement.as_deref())
            })
            .collect();
        assert_eq!(
            private,
            [
                ("privacy-term", "Acme Corp", Some("[customer]")),
                ("privacy-email", "jane@acme.io", Some("[email]")),
            ]
        );
        let Any::Map(map) = found[0].to_any() else {
            panic!()
        };
        assert!(matches!(map.get("kind"), Some(Any::String(k)) if &**k == "privacy"));
    }

    #[test]
    fn stored_form_carries_everything_the_browser_needs() {
        let (doc, _) = doc_with("It was human error.");
        let a = check(&doc, &mut FindingCache::default()).remove(0);
        let Any::Map(map) = a.to_any() else { panic!() };
        for key in [
            "kind",
            "rule",
            "severity",
            "excerpt",
            "message",
            "suggestion",
            "start",
            "end",
        ] {
            assert!(map.contains_key(key), "{key}");
        }
    }
}
