//! The offline CLI and the live server find the same things in the same postmortem.
//!
//! For each real report in `../shared/corpus` (relative to the repository root; the test is
//! skipped with a note when it is absent): the blame findings of `debrief lint`'s path (the
//! Markdown file's paragraphs) equal those of the live path (the file imported into a Yjs body
//! as the server imports it, then the live paragraph extraction and annotator), rule by rule,
//! phrase by phrase, paragraph by paragraph; and the action items of `debrief actions` equal
//! those extracted from the live body.

use std::path::{Path, PathBuf};

use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, Transact, Update};

use debrief::blocks::outline::outline;
use debrief::blocks::prose::{markdown_paragraphs, paragraphs, Paragraph};
use debrief::blocks::yjs::{self, BODY};
use debrief::cli::actions::records;
use debrief::hooks::actions::{extract, Words};
use debrief::hooks::blame::RuleSet;
use debrief::hooks::checks::Checks;
use debrief::insights::annotations::{annotate, FindingCache};
use debrief::postmortem::{import, Postmortem};

/// `(rule, phrase, paragraph)` of each finding, in order.
type Found = Vec<(String, String, String)>;

fn corpus() -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root).ok()? {
        let dir = dir.ok()?.path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).ok()? {
            let file = file.ok()?.path();
            if file.extension().is_some_and(|e| e == "md") {
                files.push(file);
            }
        }
    }
    files.sort();
    Some(files)
}

fn findings(paragraphs: &[Paragraph], rules: &RuleSet) -> Found {
    let mut out = Vec::new();
    for paragraph in paragraphs {
        for finding in rules.check(&paragraph.text) {
            if !paragraph.ignore.silences(&finding.rule) {
                out.push((finding.rule, finding.text, paragraph.text.clone()));
            }
        }
    }
    out
}

/// The document the server makes of a Markdown file.
fn imported(markdown: &str) -> Doc {
    let update = import(markdown)
        .expect("a corpus report imports")
        .created("2026-01-01T00:00:00Z")
        .to_update();
    let doc = Doc::new();
    doc.transact_mut()
        .apply_update(Update::decode_v1(&update).expect("an update"))
        .expect("applies");
    doc
}

#[test]
fn offline_and_live_give_the_same_findings_and_action_items() {
    let Some(files) = corpus() else {
        println!("note: ../shared/corpus is absent; live-vs-offline equivalence not checked");
        return;
    };
    assert!(!files.is_empty(), "the corpus holds no reports");
    let rules = RuleSet::default_rules();
    // Blame only: the offline findings compared here are the blame rules'.
    let checks = Checks {
        rules: rules.clone(),
        privacy: false,
        ..Checks::default()
    };
    let (mut total_findings, mut total_items) = (0, 0);
    for path in &files {
        let markdown = std::fs::read_to_string(path).expect("readable");
        let name = path.display();

        let offline = findings(&markdown_paragraphs(&markdown).expect("reads"), &rules);
        let doc = imported(&markdown);
        let txn = doc.transact();
        let body = txn.get_xml_fragment(BODY).expect("a body");
        let live_body = yjs::read(&txn, &body);
        let live = findings(&paragraphs(&live_body), &rules);
        assert_eq!(offline, live, "blame findings differ in {name}");
        // Every live finding is anchored in the document.
        let annotated: Vec<(String, String)> =
            annotate(&txn, &live_body, &checks, &mut FindingCache::default())
                .into_iter()
                .map(|a| (a.finding.rule, a.finding.text))
                .collect();
        let expected: Vec<(String, String)> = live
            .iter()
            .map(|(r, t, _)| (r.clone(), t.clone()))
            .collect();
        assert_eq!(annotated, expected, "annotations differ in {name}");
        total_findings += live.len();

        let offline_items: Vec<_> = records(path, &markdown, Words::builtin())
            .into_iter()
            .map(|r| r.item)
            .collect();
        let live_items: Vec<_> = extract(&outline(&live_body), Words::builtin())
            .into_iter()
            .map(|found| found.item)
            .collect();
        assert_eq!(offline_items, live_items, "action items differ in {name}");
        total_items += live_items.len();
        drop(txn);
        // The exported document reads back to the same postmortem.
        let read = Postmortem::read(&doc);
        assert_eq!(
            import(&debrief::postmortem::export(&read))
                .expect("re-imports")
                .body,
            read.body,
            "export of {name}"
        );
    }
    println!(
        "{} reports: {total_findings} findings and {total_items} action items, the same offline and live",
        files.len()
    );
}
