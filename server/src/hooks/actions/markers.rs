//! Inline markers that make an action item anywhere in a document: `AI:`, `Action:`, `Action
//! item:`, `TODO:`, `TODO(name):`, `Follow-up:`.
//!
//! A marker counts at the start of a line or of a sentence, so prose that merely talks about an
//! action (`the remediation took action at 14:20`) is not one. The item runs to the end of its
//! line, or to the next marker on it, or to the end of its sentence when the next sentence says
//! nothing about the item (no owner, date or ticket): a soft-wrapped paragraph reads as one line,
//! and its next sentence is prose (`TODO(kim): tell support. We learned a lot.`). Lines of a timeline (`14:20 Action: rollback`) are records of
//! what happened, not items.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.!?]\s+)(?:AI|(?i:action\s+items?|action|todo|to-do|follow[\s-]?ups?))(?:\((?P<who>[^)]*)\))?\s*:\s*")
        .expect("marker pattern")
});
/// A sentence end followed by another sentence.
static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.!?]\s+[A-Z]").expect("sentence pattern"));
/// What makes a following sentence part of the item: an owner, a date or a ticket.
static ITEM_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(?:due|owner|deadline|ticket|assignee)\b)|@\w|\d{4}-\d{2}-\d{2}|\b[A-Z][A-Z0-9]+-\d+\b")
        .expect("field pattern")
});
static TIMELINE_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\W_]*(?:\d{4}-\d{2}-\d{2}[ T,]+)?\d{1,2}[:.h]\d{2}\b").expect("timeline pattern")
});

/// An item made by an inline marker.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Marked {
    /// The item's text, as a byte range of the block's text.
    pub range: Range<usize>,
    /// Which line of the block it is on, from 0.
    pub line: usize,
    /// The name in `TODO(name):`.
    pub owner: Option<String>,
}

/// The marked items in a block's `text`.
pub(super) fn find(text: &str) -> Vec<Marked> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for (line, content) in text.split('\n').enumerate() {
        if !is_timeline_entry(content) {
            let markers: Vec<_> = MARKER.captures_iter(content).collect();
            for (i, caps) in markers.iter().enumerate() {
                let start = caps.get(0).expect("match").range().end;
                let end = markers.get(i + 1).map_or(content.len(), |next| {
                    next.get(0).expect("match").range().start + 1
                });
                let end = start + first_sentences(&content[start..end.max(start)]);
                found.push(Marked {
                    range: line_start + start..line_start + end,
                    line,
                    owner: caps.name("who").map(|who| who.as_str().trim().to_string()),
                });
            }
        }
        line_start += content.len() + 1;
    }
    found
}

/// How much of an item's `text` is the item: up to the first sentence end after which the rest
/// names no owner, date or ticket.
fn first_sentences(text: &str) -> usize {
    SENTENCE_BREAK
        .find_iter(text)
        .map(|m| m.start() + 1)
        .find(|&end| !ITEM_FIELD.is_match(&text[end..]))
        .unwrap_or(text.len())
}

/// A marker at the very start of `text` (a list item in an action section): where the item's
/// text starts after it, and the name in `TODO(name):`.
pub(super) fn leading(text: &str) -> Option<(usize, Option<String>)> {
    let caps = MARKER
        .captures(text)
        .filter(|c| c.get(0).expect("match").range().start == 0)?;
    let who = caps.name("who").map(|who| who.as_str().trim().to_string());
    Some((caps.get(0).expect("match").range().end, who))
}

/// Whether a line is a timeline entry: it starts with a time of day (`14:02`, `2026-10-14 14:02`).
pub(super) fn is_timeline_entry(line: &str) -> bool {
    TIMELINE_ENTRY.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, usize, Option<String>)> {
        find(text)
            .into_iter()
            .map(|m| (&text[m.range], m.line, m.owner))
            .collect()
    }

    #[test]
    fn every_marker_form() {
        for marker in [
            "AI:",
            "Action:",
            "Action item:",
            "action items:",
            "TODO:",
            "Todo:",
            "Follow-up:",
            "Follow up:",
        ] {
            let text = format!("{marker} fix the pool");
            assert_eq!(texts(&text), vec![("fix the pool", 0, None)], "{marker}");
        }
        assert_eq!(
            texts("TODO(marco): share the fix."),
            vec![("share the fix.", 0, Some("marco".into()))]
        );
    }

    #[test]
    fn markers_start_lines_or_sentences() {
        assert_eq!(
            texts("The pool was small. AI: add a check\nWe learned a lot."),
            vec![("add a check", 0, None)]
        );
        assert_eq!(
            texts("Intro line\nTODO: one. TODO: two"),
            vec![("one.", 1, None), ("two", 1, None)]
        );
        assert!(texts("The remediation took action at 14:20.").is_empty());
        // The next sentence ends the item unless it says something about it.
        assert_eq!(
            texts("TODO(kim): tell support. We learned a lot."),
            vec![("tell support.", 0, Some("kim".into()))]
        );
        assert_eq!(
            texts("AI: add a check. Due 2026-11-07, OPS-12. Thanks all."),
            vec![("add a check. Due 2026-11-07, OPS-12.", 0, None)]
        );
        assert!(texts("We discussed the action: nothing came of it").is_empty());
        assert!(texts("Generative ai: it helped").is_empty());
    }

    #[test]
    fn timeline_lines_are_not_items() {
        assert!(texts("14:20 Action: rollback started").is_empty());
        assert!(texts("2026-10-14 14:20 — TODO: page").is_empty());
        assert!(is_timeline_entry("**09:15** deploy"));
        assert!(!is_timeline_entry("Add 2 alerts"));
    }

    #[test]
    fn leading_markers() {
        assert_eq!(leading("TODO(kim): x"), Some((11, Some("kim".into()))));
        assert_eq!(leading("Fix it. TODO: x"), None);
        assert_eq!(leading("Fix it"), None);
    }
}
