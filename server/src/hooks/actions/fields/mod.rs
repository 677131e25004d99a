//! The fields written into an action item's text, and the text left once they are taken out.
//!
//! People put owner, due date, ticket, status and type into the sentence itself:
//! `Fix the pool (@kim, due 2026-11-01, OPS-412)`, `Extend the canary — owner: @laura — due:
//! 2026-11-15`, `Laura to write a lint rule`, `[PR](https://github.com/o/r/pull/4)`, `(done)`, ✅.
//!
//! Each field has its own module ([`status`], [`kind`], [`due`], [`owner`], [`ticket`]) that
//! reads the same [`Scan`] of the text and proposes [`Claim`]s: a span of the text and the value
//! it gives. No field sees what another found, so none depends on which runs first. [`parse`]
//! then settles the overlaps between all the claims by one rule (the claim that starts first
//! wins, the longer at the same start), lets each field take its value from the claims left,
//! cuts their markup out of the text, and tidies what is left (empty brackets, dangling
//! separators).

mod due;
mod kind;
mod owner;
mod status;
mod ticket;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use time::Date;

use super::{Status, Words};
use crate::blocks::{Mark, MarkKind};

pub(super) use kind::kind_word;
pub(super) use owner::owner_word;
pub(super) use status::{status_word, NOT_DOING_WORDS};

/// What [`parse`] found in an item's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Fields {
    /// The text without the field markup.
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub ticket: Option<String>,
    pub status: Option<Status>,
    pub kind: Option<String>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("field pattern")
}

/// The text as every field reads it.
pub(super) struct Scan<'a> {
    /// The text with line breaks as spaces, so offsets match the original.
    text: String,
    /// Line breaks that end a bold title line (`**Title**` then its description on the next
    /// line): they read as `: `, the others as a space.
    title_breaks: Vec<usize>,
    /// Code spans and links: no field is read inside them (a link can be a ticket as a whole).
    protected: Vec<Range<usize>>,
    marks: &'a [Mark],
    words: &'a Words,
}

/// A value a field proposes, with its preference within the field (lower first).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Status(Status, usize),
    Kind(String, usize),
    Due(Date, usize),
    /// `None`: written as a field that names nobody (`owner: TBD`).
    Owner(Option<String>, usize),
    /// A ticket and where it is written (the first one written is the item's).
    Ticket(String, usize),
    /// A URL that is no ticket: nothing inside it is a field.
    Shield,
}

/// A span of the text that a field reads as a value.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Claim {
    span: Range<usize>,
    /// Whether the span is markup, cut from the text when the claim is taken.
    cut: bool,
    value: Value,
}

impl Claim {
    fn cut(span: Range<usize>, value: Value) -> Claim {
        Claim {
            span,
            cut: true,
            value,
        }
    }

    /// A value that stays part of the sentence (`Ask @kim about …`).
    fn keep(span: Range<usize>, value: Value) -> Claim {
        Claim {
            span,
            cut: false,
            value,
        }
    }
}

impl<'a> Scan<'a> {
    fn new(text: &str, marks: &'a [Mark], words: &'a Words) -> Self {
        let protected = marks
            .iter()
            .filter(|m| matches!(m.kind, MarkKind::Code | MarkKind::Link { .. }))
            .map(|m| m.range.clone())
            .collect();
        let mut title_breaks = Vec::new();
        let mut line_start = 0;
        for (at, _) in text.match_indices('\n') {
            let line = text[line_start..at].trim_end();
            let bold = marks.iter().any(|m| {
                m.kind == MarkKind::Bold
                    && m.range.start <= line_start
                    && m.range.end >= line_start + line.len()
            });
            if bold && !line.is_empty() && !line.ends_with(['.', ':', '!', '?']) {
                title_breaks.push(at);
            }
            line_start = at + 1;
        }
        Scan {
            text: text.replace('\n', " "),
            title_breaks,
            protected,
            marks,
            words,
        }
    }

    /// Whether `range` is outside code and links.
    fn free(&self, range: &Range<usize>) -> bool {
        !self
            .protected
            .iter()
            .any(|r| r.start < range.end && range.start < r.end)
    }

    /// Whether `range` sits where fields are written: after an opening bracket or separator,
    /// or before a closing one, or at either end of the text.
    fn in_field_position(&self, range: &Range<usize>) -> bool {
        let before = self.text[..range.start].trim_end().chars().last();
        let after = self.text[range.end..].trim_start().chars().next();
        matches!(
            before,
            None | Some('(' | '[' | ',' | ';' | '—' | '–' | '-' | ':' | '|')
        ) || matches!(after, None | Some(')' | ']' | ',' | ';' | '—' | '–' | '|'))
    }

    /// The text with `cut` removed and the leftovers of field markup tidied.
    fn finish(mut self, mut cut: Vec<Range<usize>>) -> String {
        for &at in &self.title_breaks {
            self.text.replace_range(at..at + 1, TITLE_BREAK);
        }
        cut.sort_by_key(|r| r.start);
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for range in &cut {
            if range.start > at {
                out.push_str(&self.text[at..range.start]);
            }
            at = at.max(range.end);
        }
        out.push_str(&self.text[at.min(self.text.len())..]);
        tidy(&out.replace(TITLE_BREAK, ": "))
    }
}

/// Stands for a title break until the text is put back together (one byte, like `\n`).
const TITLE_BREAK: &str = "\u{1f}";

/// Finds the fields in `text` (with its inline `marks`) and the text without them.
pub(super) fn parse(text: &str, marks: &[Mark], words: &Words) -> Fields {
    let scan = Scan::new(text, marks, words);
    let claims = settle(
        [
            status::claims(&scan),
            kind::claims(&scan),
            due::claims(&scan),
            owner::claims(&scan),
            ticket::claims(&scan),
        ]
        .concat(),
    );
    let mut cut = Vec::new();
    let mut take = |claim: &Claim| {
        if claim.cut {
            cut.push(claim.span.clone());
        }
    };

    // Every status marker and ticket goes; the first status by preference and the first ticket
    // written are the item's.
    let mut fields = Fields::default();
    let mut status = None;
    let mut ticket = None;
    for claim in &claims {
        match &claim.value {
            Value::Status(value, preference) => {
                take(claim);
                if status.is_none_or(|(_, best)| *preference < best) {
                    status = Some((*value, *preference));
                }
            }
            Value::Ticket(value, at) => {
                take(claim);
                if ticket.as_ref().is_none_or(|(_, first)| at < first) {
                    ticket = Some((value.clone(), *at));
                }
            }
            _ => {}
        }
    }
    fields.status = status.map(|(value, _)| value);
    fields.ticket = ticket.map(|(value, _)| value);

    // One claim of each kind, due date and way of naming the owner: the first by preference.
    let first = |wanted: &dyn Fn(&Value) -> Option<usize>| {
        claims
            .iter()
            .filter_map(|claim| wanted(&claim.value).map(|preference| (preference, claim)))
            .min_by_key(|(preference, claim)| (*preference, claim.span.start))
            .map(|(_, claim)| claim)
    };
    if let Some(claim) = first(&|v| matches!(v, Value::Kind(..)).then(|| preference(v))) {
        take(claim);
        if let Value::Kind(kind, _) = &claim.value {
            fields.kind = Some(kind.clone());
        }
    }
    if let Some(claim) = first(&|v| matches!(v, Value::Due(..)).then(|| preference(v))) {
        take(claim);
        if let Value::Due(date, _) = &claim.value {
            fields.due = Some(*date);
        }
    }
    for way in [owner::BY_LABEL, owner::BY_PERSON_TO_VERB, owner::BY_HANDLE] {
        let named = first(&|v| matches!(v, Value::Owner(_, p) if *p == way).then_some(0));
        if let Some(claim) = named {
            take(claim);
            if let Value::Owner(owner, _) = &claim.value {
                fields.owner = fields.owner.take().or(owner.clone());
            }
        }
    }
    fields.text = scan.finish(cut);
    fields
}

fn preference(value: &Value) -> usize {
    match value {
        Value::Status(_, p) | Value::Kind(_, p) | Value::Due(_, p) | Value::Owner(_, p) => *p,
        Value::Ticket(..) | Value::Shield => 0,
    }
}

/// The claims that do not overlap: the one that starts first wins, the longer at the same start
/// (so `@kim to` in `@kim to add …` wins over the handle alone). In text order.
fn settle(mut claims: Vec<Claim>) -> Vec<Claim> {
    claims.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    let mut end = 0;
    claims.retain(|claim| {
        let free = claim.span.start >= end || claim.span.is_empty();
        if free {
            end = end.max(claim.span.end);
        }
        free
    });
    claims
}

/// A ticket written in a cell or a field value: a key, `#123`, or a tracker URL.
pub(super) fn ticket_in(text: &str, marks: &[Mark], words: &Words) -> Option<String> {
    parse(text, marks, words).ticket
}

/// Removes what cutting fields leaves behind: empty brackets, doubled or dangling separators.
pub(super) fn tidy(text: &str) -> String {
    static RULES: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
        vec![
            (re(r"\s+"), " "),
            (re(r"[(\[<]\s*(?:[,;:/&|+—–-]|\band\b|\s)*[)\]>]"), ""),
            (re(r"([(\[])\s*[,;]\s*"), "$1"),
            (re(r"\s*[,;]\s*([)\]])"), "$1"),
            (re(r"\s*([,;])(?:\s*[,;])+"), "$1"),
            (re(r"\s+[—–-](?:\s+[—–-])+\s+"), " — "),
            (re(r"\.(?:\s*\.)+"), "."),
            (re(r"^[\s,;:—–\-|*•]+"), ""),
            (re(r"[\s,;:—–\-|*•(\[]+$"), ""),
            (re(r"([^.\s]{3})\.$"), "$1"),
            (re(r"\s+([,.;:!?)\]])"), "$1"),
            (re(r"([(\[])\s+"), "$1"),
        ]
    });
    let mut text = text.to_string();
    loop {
        let before = text.clone();
        for (pattern, with) in RULES.iter() {
            text = pattern.replace_all(&text, *with).into_owned();
        }
        if text == before {
            return text.trim().to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn fields(text: &str) -> Fields {
        parse(text, &[])
    }

    fn parse(text: &str, marks: &[Mark]) -> Fields {
        super::parse(text, marks, Words::builtin())
    }

    fn owner_word(cell: &str) -> Option<String> {
        super::owner_word(cell, Words::builtin())
    }

    #[test]
    fn parenthesised_fields_are_taken_out() {
        let f = fields("Validate pool bounds in the schema (@kevin, due 2026-11-01, OPS-412)");
        assert_eq!(f.text, "Validate pool bounds in the schema");
        assert_eq!(f.owner.as_deref(), Some("kevin"));
        assert_eq!(f.due, Some(date!(2026 - 11 - 01)));
        assert_eq!(f.ticket.as_deref(), Some("OPS-412"));
        assert_eq!(f.status, None);
    }

    #[test]
    fn labelled_fields_between_dashes() {
        let f = fields("Extend the canary to 10% of traffic — owner: @laura — due: 2026-11-15");
        assert_eq!(f.text, "Extend the canary to 10% of traffic");
        assert_eq!(f.owner.as_deref(), Some("laura"));
        assert_eq!(f.due, Some(date!(2026 - 11 - 15)));
        let f = fields("Rotate keys. Owner: Priya Shah; due: Nov 14, 2026");
        assert_eq!(f.owner.as_deref(), Some("Priya Shah"));
        assert_eq!(f.due, Some(date!(2026 - 11 - 14)));
        assert_eq!(f.text, "Rotate keys");
    }

    #[test]
    fn person_to_verb_names_the_owner() {
        let f = fields("Laura to write a lint rule (due 2026-11-07)");
        assert_eq!(f.owner.as_deref(), Some("Laura"));
        assert_eq!(f.text, "write a lint rule");
        assert_eq!(f.due, Some(date!(2026 - 11 - 07)));
        let f = fields("@sam to add alerts");
        assert_eq!(f.owner.as_deref(), Some("sam"));
        // The handle is part of `@sam to`, not a field of its own left behind.
        assert_eq!(f.text, "add alerts");
        assert_eq!(
            fields("Platform team to rotate certs").owner.as_deref(),
            Some("Platform team")
        );
        for text in [
            "Revert to default of 300 seconds",
            "Upgrade Traefik to v2.5",
            "Switch Redis to the cluster mode",
            "Move 'agent' to monitoring node group",
            "We need to refactor tests",
            "Switched to pnpm 10",
            "Moved to monitoring node group",
        ] {
            let f = fields(text);
            assert_eq!(f.owner, None, "{text}");
            assert_eq!(f.text, text);
        }
    }

    #[test]
    fn nothing_inside_a_link_that_is_no_ticket_is_a_field() {
        let text = "Read https://docs.example.com/2026-11-01/OPS-12 first";
        let f = fields(text);
        assert_eq!((f.due, f.ticket), (None, None));
        assert_eq!(f.text, text);
    }

    #[test]
    fn handles_inside_the_sentence_stay_in_the_text() {
        let f = fields("Ask @kim about the quota");
        assert_eq!(f.owner.as_deref(), Some("kim"));
        assert_eq!(f.text, "Ask @kim about the quota");
        assert_eq!(fields("Mail ops@example.com").owner, None);
    }

    #[test]
    fn unknown_owners_are_no_owner() {
        let f = fields("Add retries (owner: TBD)");
        assert_eq!(f.owner, None);
        assert_eq!(f.text, "Add retries");
        assert_eq!(fields("Ask the owner of the service").owner, None);
    }

    #[test]
    fn due_dates_need_a_label_or_no_other_meaning() {
        assert_eq!(
            fields("Ship it by 12 October 2026").due,
            Some(date!(2026 - 10 - 12))
        );
        let f = fields("Review the alerts that fired on 2026-10-14");
        assert_eq!(f.due, None);
        assert_eq!(f.text, "Review the alerts that fired on 2026-10-14");
    }

    #[test]
    fn tickets_in_every_shape() {
        let url = "https://github.com/org/infra/issues/89";
        let f = fields(&format!("Separate the user pool <{url}>"));
        assert_eq!(f.ticket.as_deref(), Some(url));
        assert_eq!(f.text, "Separate the user pool");
        assert_eq!(fields("- #2127").ticket.as_deref(), Some("#2127"));
        assert_eq!(
            fields("Fix (see org/repo#12)").ticket.as_deref(),
            Some("org/repo#12")
        );
        let f = fields("Patch CVE-2021-44228 on SEV-2 hosts");
        assert_eq!(f.ticket, None);
        assert_eq!(f.text, "Patch CVE-2021-44228 on SEV-2 hosts");
        let doc = "https://docs.example.com/guide/HOWTO-12";
        let f = fields(&format!("Read {doc}"));
        assert_eq!(f.ticket, None);
        assert_eq!(f.text, format!("Read {doc}"));
    }

    #[test]
    fn link_marks_give_tickets() {
        let text = "Add a fallback. PR";
        let marks = [Mark {
            range: 16..18,
            kind: MarkKind::Link {
                href: "https://github.com/o/r/pull/2428".into(),
            },
        }];
        let f = parse(text, &marks);
        assert_eq!(
            f.ticket.as_deref(),
            Some("https://github.com/o/r/pull/2428")
        );
        assert_eq!(f.text, "Add a fallback");
        let text = "Fix it, OPS-9";
        let marks = [Mark {
            range: 8..13,
            kind: MarkKind::Link {
                href: "https://jira.example.com/browse/OPS-9".into(),
            },
        }];
        assert_eq!(parse(text, &marks).ticket.as_deref(), Some("OPS-9"));
    }

    #[test]
    fn code_is_never_a_field() {
        let text = "Pin @types/node to 20";
        let marks = [Mark {
            range: 4..15,
            kind: MarkKind::Code,
        }];
        let f = parse(text, &marks);
        assert_eq!(f.owner, None);
        assert_eq!(f.text, "Pin @types/node to 20");
    }

    #[test]
    fn statuses_from_suffixes_emoji_and_labels() {
        for (text, status, left) in [
            ("Add guards (done)", Status::Done, "Add guards"),
            ("✅ Revert the change", Status::Done, "Revert the change"),
            ("Add guards [won't do]", Status::NotDoing, "Add guards"),
            ("Add guards (in progress)", Status::Open, "Add guards"),
            ("Add guards, status: done", Status::Done, "Add guards"),
            ("Add guards - done", Status::Done, "Add guards"),
            ("Done: add guards", Status::Done, "add guards"),
        ] {
            let f = fields(text);
            assert_eq!(f.status, Some(status), "{text}");
            assert_eq!(f.text, left, "{text}");
        }
        assert_eq!(fields("Get it done right").status, None);
    }

    #[test]
    fn types_from_labels_and_tags() {
        assert_eq!(
            fields("Add alert [detection]").kind.as_deref(),
            Some("detect")
        );
        let f = fields("Add alert, type: Prevent");
        assert_eq!(f.kind.as_deref(), Some("prevent"));
        assert_eq!(f.text, "Add alert");
        assert_eq!(fields("Improve the process").kind, None);
    }

    #[test]
    fn cell_words() {
        assert_eq!(status_word("Yes"), Some(Status::Done));
        assert_eq!(status_word(" ✅ "), Some(Status::Done));
        assert_eq!(status_word("in progress"), Some(Status::Open));
        assert_eq!(status_word(""), Some(Status::Open));
        assert_eq!(status_word("Won't do"), Some(Status::NotDoing));
        assert_eq!(status_word("maybe"), None);
        assert_eq!(owner_word("@priya").as_deref(), Some("priya"));
        assert_eq!(owner_word("—"), None);
        assert_eq!(owner_word("TBD"), None);
        assert_eq!(kind_word("Mitigation").as_deref(), Some("mitigate"));
        assert_eq!(kind_word("P1").as_deref(), Some("p1"));
    }

    #[test]
    fn tidy_cleans_leftovers() {
        assert_eq!(tidy("Fix it ( , )"), "Fix it");
        assert_eq!(tidy("Fix it —  — "), "Fix it");
        assert_eq!(tidy("Fix (kim, ) now"), "Fix (kim) now");
        assert_eq!(tidy(":  Fix it  ,"), "Fix it");
        assert_eq!(tidy("Fix it. . Then test. ."), "Fix it. Then test");
    }
}
