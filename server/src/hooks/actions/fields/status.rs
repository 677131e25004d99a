//! The status written into an item's text: a bracketed word (`(done)`, `[won't do]`,
//! `(in progress)`), a check mark, a `Done:` lead or `— done` tail, or a `status: …` label; and
//! the status words of a table cell or a label's value ([`status_word`]).

use std::sync::LazyLock;

use regex::Regex;

use super::{re, Claim, Scan, Value};
use crate::hooks::actions::Status;

const DONE_WORDS: &str =
    r"done|completed?|fixed|resolved|shipped|merged|closed|finished|implemented|yes|y|true|x";
pub(in crate::hooks::actions) const NOT_DOING_WORDS: &str = r"won['’]?t\s+do|not\s+doing|wont\s*fix|won['’]?t\s+fix|dropped|cancell?ed|descoped|rejected|abandoned|out\s+of\s+scope|not\s+planned|n/a";
const OPEN_WORDS: &str = r"in[\s-]progress|wip|open|todo|to\s+do|ongoing|pending|planned|started|not\s+started|blocked|backlog|new|no|n|false";

/// Markers, in order of preference when an item has several.
static MARKERS: LazyLock<Vec<(Regex, Status)>> = LazyLock::new(|| {
    let bracketed = |words: &str| re(&format!(r"(?i)[(\[]\s*(?:{words})\s*[)\]]"));
    vec![
        (bracketed(DONE_WORDS), Status::Done),
        (bracketed(NOT_DOING_WORDS), Status::NotDoing),
        (bracketed(OPEN_WORDS), Status::Open),
        (re("✅|✔\u{fe0f}?|☑\u{fe0f}?|✓"), Status::Done),
        (re(r"(?i)^\s*(?:done|completed)\s*[:\-–—]\s+"), Status::Done),
        (
            re(r"(?i)\s[-–—]\s*(?:done|completed)\s*\.?\s*$"),
            Status::Done,
        ),
    ]
});
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bstatus\s*[:=]\s*(?P<v>[\w'\u{2019} -]*?\w)\s*(?:[,;)\]|—–]|$)"));

/// Every status marker and `status:` label in the text; each is cut.
pub(super) fn claims(scan: &Scan) -> Vec<Claim> {
    let mut claims = Vec::new();
    for (preference, (pattern, status)) in MARKERS.iter().enumerate() {
        for found in pattern.find_iter(&scan.text) {
            claims.push(Claim::cut(
                found.range(),
                Value::Status(*status, preference),
            ));
        }
    }
    for caps in LABEL.captures_iter(&scan.text) {
        let whole = caps.get(0).expect("match").range();
        if let Some(status) = status_word(&caps["v"]) {
            let end = whole.start + scan.text[whole.clone()].trim_end().len();
            claims.push(Claim::cut(
                whole.start..end,
                Value::Status(status, MARKERS.len()),
            ));
        }
    }
    claims
}

/// Reads a status word (a table cell, a `status:` value).
pub(in crate::hooks::actions) fn status_word(word: &str) -> Option<Status> {
    static WORDS: LazyLock<[(Regex, Status); 3]> = LazyLock::new(|| {
        let whole = |words: &str| re(&format!(r"(?i)^(?:{words})$"));
        [
            (whole(NOT_DOING_WORDS), Status::NotDoing),
            (whole(DONE_WORDS), Status::Done),
            (whole(OPEN_WORDS), Status::Open),
        ]
    });
    let word = word
        .trim_matches(|c: char| c.is_whitespace() || c == '.' || c == '*' || c == '`')
        .trim_start_matches(['[', '('])
        .trim_end_matches([']', ')']);
    if word.is_empty() {
        return Some(Status::Open);
    }
    if word.contains(['✅', '✔', '☑', '✓']) {
        return Some(Status::Done);
    }
    WORDS
        .iter()
        .find(|(pattern, _)| pattern.is_match(word))
        .map(|(_, status)| *status)
}
