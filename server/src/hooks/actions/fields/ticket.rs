//! Tickets: `ABC-123` keys (not `SEV-2`, `CVE-…`: `not_keys` in `words.toml`), `#123` and
//! `org/repo#123` references, issue / PR / tracker URLs, and links to a tracker or whose text is a
//! key. Every ticket is cut with the words that introduce it (`see`, `tracked in`); the item's
//! ticket is the first one written. A URL that is no ticket shields what is inside it: a date or
//! a key in a documentation link is part of the link.

use std::sync::LazyLock;

use regex::Regex;

use super::{re, Claim, Scan, Value};
use crate::blocks::MarkKind;

static URL: LazyLock<Regex> = LazyLock::new(|| re(r#"https?://[^\s<>()\[\]{}"'`]+"#));
static TRACKER_URL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)/(?:issues?|pulls?|merge_requests|tickets?|browse|cards?|story|tasks?|bugs?)/|atlassian\.net|linear\.app|youtrack|bugzilla|show_bug\.cgi",
    )
});
static KEY: LazyLock<Regex> = LazyLock::new(|| re(r"\b([A-Z]{2,10})-\d+\b"));
static HASH_REF: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[\s(\[,;:])((?:[\w.-]+/[\w.-]+)?#\d+)\b"));
/// Words before a ticket that belong to the ticket, not to the action.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:see(?:\s+also)?|tracked\s+(?:in|by|as|at|here)|tracking|follow\s+along(?:\s+here)?|ticket|issue|bug|jira|pr|mr|link|ref)\s*[:#]?\s*)$",
    )
});
/// Link texts that only point at the link: the link is the ticket, the words are markup.
static GENERIC_LINK_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:pr|mr|pull request|issue|ticket|link|here|jira|bug|tracking issue|github issue|follow along here|#?\d+|[A-Z]{2,10}-\d+|https?://\S+)$",
    )
});

/// Tickets from link marks, URLs, keys and references.
pub(super) fn claims(scan: &Scan) -> Vec<Claim> {
    let mut claims = Vec::new();
    for mark in scan.marks {
        let MarkKind::Link { href } = &mark.kind else {
            continue;
        };
        let Some(words) = scan.text.get(mark.range.clone()).map(str::trim) else {
            continue;
        };
        let tracker = TRACKER_URL.is_match(href);
        if !(tracker || KEY.is_match(words) || HASH_REF.is_match(words)) {
            continue;
        }
        let key = KEY
            .find(words)
            .filter(|m| m.len() == words.len())
            .or_else(|| HASH_REF.find(words).filter(|_| words.starts_with('#')));
        let ticket = key.map_or(href.clone(), |m| m.as_str().trim().to_string());
        let value = Value::Ticket(ticket, mark.range.start);
        claims.push(if tracker && GENERIC_LINK_TEXT.is_match(words) {
            Claim::cut(with_label(scan, mark.range.clone()), value)
        } else {
            Claim::keep(mark.range.clone(), value)
        });
    }
    for found in URL.find_iter(&scan.text) {
        let url = found
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let range = found.start()..found.start() + url.len();
        if !scan.free(&range) {
            continue;
        }
        claims.push(if TRACKER_URL.is_match(url) {
            let value = Value::Ticket(url.to_string(), range.start);
            Claim::cut(with_label(scan, range), value)
        } else {
            Claim::keep(range, Value::Shield)
        });
    }
    let keys = KEY
        .captures_iter(&scan.text)
        .filter(|caps| !scan.words.not_keys.contains(&caps[1]))
        .map(|caps| caps.get(0).expect("match").range())
        .chain(
            HASH_REF
                .captures_iter(&scan.text)
                .map(|caps| caps.get(1).expect("group").range()),
        );
    for range in keys {
        if scan.free(&range) {
            let value = Value::Ticket(scan.text[range.clone()].to_string(), range.start);
            claims.push(Claim::cut(with_label(scan, range), value));
        }
    }
    claims
}

/// `range` widened to the start of the words that introduce a ticket just before it.
fn with_label(scan: &Scan, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = LABEL
        .find(&scan.text[..range.start])
        .map_or(range.start, |m| m.start());
    start..range.end
}
