//! The fields written into an action item's text, and the text left once they are taken out.
//!
//! People put owner, due date, ticket, status and type into the sentence itself:
//! `Fix the pool (@kim, due 2026-11-01, OPS-412)`, `Extend the canary — owner: @laura — due:
//! 2026-11-15`, `Laura to write a lint rule`, `[PR](https://github.com/o/r/pull/4)`, `(done)`, ✅.
//! [`parse`] finds each field by the patterns of that language, cuts the markup out of the text,
//! and tidies what is left (empty brackets, dangling separators).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use time::Date;

use super::{dates, Status};
use crate::blocks::{Mark, MarkKind};

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
static TICKET_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:see(?:\s+also)?|tracked\s+(?:in|by|as|at|here)|tracking|follow\s+along(?:\s+here)?|ticket|issue|bug|jira|pr|mr|link|ref)\s*[:#]?\s*)$",
    )
});
/// Prefixes of `ABC-123` shapes that are not ticket keys.
const NOT_KEYS: &[&str] = &[
    "SEV", "CVE", "CWE", "GHSA", "UTF", "ISO", "RFC", "TLS", "SSL", "SHA", "HTTP", "HTTPS", "TCP",
    "UDP", "IPV", "AES", "RSA", "COVID",
];
/// Link texts that only point at the link: the link is the ticket, the words are markup.
static GENERIC_LINK_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:pr|mr|pull request|issue|ticket|link|here|jira|bug|tracking issue|github issue|follow along here|#?\d+|[A-Z]{2,10}-\d+|https?://\S+)$",
    )
});

static OWNER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?i:owners?|owned\s+by|assignee|assigned\s+to|dri|poc)\b(?P<sep>\s*[:=]|\s+-)?\s*(?P<v>@[\w./-]*\w|[A-Za-z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}(?:\s+team)?)",
    )
});
static HANDLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^\w@./])@(?P<h>[A-Za-z0-9](?:[\w.-]*\w)?)"));
static PERSON_TO_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?P<who>@[\w.-]*\w|[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|team))?(?:\s+(?:and|&)\s+(?:@[\w.-]*\w|[A-Z][\w'-]*))?)\s+to\s+(?P<verb>[a-z]{2,})\b",
    )
});
/// Words that start an imperative or a plain sentence, so `Revert to default` has no owner.
const NOT_PEOPLE: &[&str] = &[
    "add",
    "adjust",
    "agree",
    "align",
    "alert",
    "allow",
    "analyse",
    "analyze",
    "announce",
    "apply",
    "archive",
    "ask",
    "assess",
    "audit",
    "automate",
    "avoid",
    "backfill",
    "block",
    "build",
    "bump",
    "change",
    "check",
    "clarify",
    "clean",
    "communicate",
    "configure",
    "confirm",
    "consider",
    "consolidate",
    "continue",
    "convert",
    "create",
    "decide",
    "decouple",
    "default",
    "define",
    "delete",
    "deploy",
    "deprecate",
    "design",
    "detect",
    "disable",
    "discuss",
    "document",
    "downgrade",
    "downscale",
    "drop",
    "enable",
    "enforce",
    "ensure",
    "establish",
    "evaluate",
    "expand",
    "explore",
    "expose",
    "extend",
    "figure",
    "fix",
    "follow",
    "get",
    "give",
    "go",
    "hold",
    "identify",
    "implement",
    "improve",
    "increase",
    "install",
    "introduce",
    "investigate",
    "isolate",
    "keep",
    "limit",
    "lock",
    "look",
    "lower",
    "make",
    "map",
    "merge",
    "migrate",
    "monitor",
    "move",
    "notify",
    "pin",
    "plan",
    "point",
    "port",
    "post",
    "prevent",
    "prioritise",
    "prioritize",
    "publish",
    "push",
    "raise",
    "reach",
    "reduce",
    "refactor",
    "reflect",
    "remove",
    "rename",
    "replace",
    "report",
    "require",
    "research",
    "reset",
    "restore",
    "restrict",
    "retire",
    "revert",
    "review",
    "revisit",
    "rewrite",
    "roll",
    "rotate",
    "run",
    "scale",
    "schedule",
    "send",
    "separate",
    "set",
    "setup",
    "share",
    "ship",
    "simplify",
    "split",
    "standardise",
    "standardize",
    "start",
    "stop",
    "streamline",
    "switch",
    "talk",
    "teach",
    "test",
    "track",
    "train",
    "tune",
    "turn",
    "update",
    "upgrade",
    "use",
    "validate",
    "verify",
    "version",
    "write",
    "the",
    "this",
    "that",
    "these",
    "those",
    "we",
    "it",
    "all",
    "each",
    "any",
    "our",
    "they",
    "a",
    "an",
    "there",
    "also",
    "then",
    "please",
    "need",
    "needs",
    "how",
    "what",
    "when",
    "who",
    "why",
    "where",
    "if",
    "nothing",
    "everything",
    "everyone",
];
/// Whether `word` is one of [`NOT_PEOPLE`], or the past form of one (`switched`, `moved`).
fn is_common_verb(word: &str) -> bool {
    let stems = [
        Some(word.to_string()),
        word.strip_suffix("ed").map(str::to_string),
        word.strip_suffix('d').map(str::to_string),
        word.strip_suffix("ied").map(|stem| format!("{stem}y")),
    ];
    stems
        .iter()
        .flatten()
        .any(|stem| NOT_PEOPLE.contains(&stem.as_str()))
}

/// Words after `to` that show it is not `Person to <verb>`.
const NOT_VERBS: &[&str] = &[
    "the",
    "an",
    "all",
    "any",
    "this",
    "that",
    "these",
    "those",
    "our",
    "their",
    "its",
    "his",
    "her",
    "my",
    "your",
    "each",
    "every",
    "some",
    "other",
    "more",
    "less",
    "new",
    "default",
    "prod",
    "production",
    "staging",
    "version",
    "zero",
    "one",
    "two",
    "three",
];
const NO_OWNER: &[&str] = &[
    "tbd",
    "tba",
    "none",
    "n/a",
    "na",
    "unassigned",
    "unknown",
    "nobody",
    "anyone",
];

static DUE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:due(?:\s+(?:date|by|on))?|deadline|target(?:\s+date)?|eta|by|before|until|no\s+later\s+than)\s*[:=]?\s*$",
    )
});
/// Words before a date that make it a date of something else, not a due date.
static NOT_DUE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:on|since|from|of|in|during|after|at|the|between|and|to|incident|outage)\s*$")
});

static STATUS_MARKERS: LazyLock<Vec<(Regex, Status)>> = LazyLock::new(|| {
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
static STATUS_LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bstatus\s*[:=]\s*(?P<v>[\w'\u{2019} -]*?\w)\s*(?:[,;)\]|—–]|$)"));
pub(super) const DONE_WORDS: &str =
    r"done|completed?|fixed|resolved|shipped|merged|closed|finished|implemented|yes|y|true|x";
pub(super) const NOT_DOING_WORDS: &str = r"won['’]?t\s+do|not\s+doing|wont\s*fix|won['’]?t\s+fix|dropped|cancell?ed|descoped|rejected|abandoned|out\s+of\s+scope|not\s+planned|n/a";
pub(super) const OPEN_WORDS: &str = r"in[\s-]progress|wip|open|todo|to\s+do|ongoing|pending|planned|started|not\s+started|blocked|backlog|new|no|n|false";

static TYPE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:type|category|kind)\s*[:=]\s*(?P<v>[A-Za-z][\w-]*)"));
static TYPE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)[(\[]\s*(?P<v>prevent(?:ion|ive|ative)?|mitigat(?:e|ion|ive)|detect(?:ion|ive)?|process)\s*[)\]]",
    )
});

/// Finds the fields in `text` (with its inline `marks`) and the text without them.
pub(super) fn parse(text: &str, marks: &[Mark]) -> Fields {
    let mut scan = Scan::new(text, marks);
    let mut fields = Fields::default();
    let mut tickets: Vec<(usize, String)> = Vec::new();

    scan.links(marks, &mut tickets);
    fields.status = scan.status();
    fields.kind = scan.kind();
    fields.due = scan.due();
    fields.owner = scan.owner_label();
    scan.tickets(&mut tickets);
    tickets.sort_by_key(|(at, _)| *at);
    fields.ticket = tickets.into_iter().next().map(|(_, ticket)| ticket);
    let handle = scan.handle();
    let person = scan.person_to_verb();
    fields.owner = fields.owner.or(person).or(handle);
    fields.text = scan.finish();
    fields
}

/// Reads a status word (a table cell, a `status:` value).
pub(super) fn status_word(word: &str) -> Option<Status> {
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

/// Normalises a type: the four known kinds by their stem, anything else as written.
pub(super) fn kind_word(word: &str) -> Option<String> {
    let lower = word.trim().to_lowercase();
    let known = ["prevent", "mitigat", "detect", "process"]
        .iter()
        .zip(["prevent", "mitigate", "detect", "process"])
        .find(|(stem, _)| lower.starts_with(*stem))
        .map(|(_, kind)| kind.to_string());
    known.or_else(|| (!lower.is_empty() && lower != "-").then_some(lower))
}

/// A ticket written in a cell or a field value: a key, `#123`, or a tracker URL.
pub(super) fn ticket_in(text: &str, marks: &[Mark]) -> Option<String> {
    parse(text, marks).ticket
}

/// An owner written in a cell: a handle, a name, or nothing (`TBD`, `-`).
pub(super) fn owner_word(cell: &str) -> Option<String> {
    let owner = cell.trim().trim_start_matches('@').trim();
    let usable = owner.chars().any(char::is_alphanumeric)
        && !NO_OWNER.contains(&owner.to_lowercase().as_str());
    usable.then(|| owner.to_string())
}

/// Stands for a title break until the text is put back together (one byte, like `\n`).
const TITLE_BREAK: &str = "\u{1f}";

/// The text being read: what is protected from matching (code) and what has been cut.
struct Scan {
    /// The text with line breaks as spaces, so offsets match the original.
    text: String,
    /// Line breaks that end a bold title line (`**Title**` then its description on the next
    /// line): they read as `: `, the others as a space.
    title_breaks: Vec<usize>,
    protected: Vec<Range<usize>>,
    cut: Vec<Range<usize>>,
}

impl Scan {
    fn new(text: &str, marks: &[Mark]) -> Self {
        let protected = marks
            .iter()
            .filter(|m| m.kind == MarkKind::Code)
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
            cut: Vec::new(),
        }
    }

    fn free(&self, range: &Range<usize>) -> bool {
        let overlaps = |r: &Range<usize>| r.start < range.end && range.start < r.end;
        !self.protected.iter().any(overlaps) && !self.cut.iter().any(overlaps)
    }

    /// The first free match of `pattern` (its group `group`), and the whole match.
    fn find(&self, pattern: &Regex, group: &str) -> Option<(Range<usize>, String)> {
        pattern.captures_iter(&self.text).find_map(|caps| {
            let whole = caps.get(0)?.range();
            let value = caps.name(group).map_or("", |m| m.as_str());
            self.free(&whole).then(|| (whole, value.to_string()))
        })
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

    /// Cuts `range`, widened to the start of a label that ends just before it.
    fn cut_with_label(&mut self, range: Range<usize>, label: &Regex) {
        let start = label
            .find(&self.text[..range.start])
            .map_or(range.start, |m| m.start());
        self.cut.push(start..range.end);
    }

    fn links(&mut self, marks: &[Mark], tickets: &mut Vec<(usize, String)>) {
        for mark in marks {
            let MarkKind::Link { href } = &mark.kind else {
                continue;
            };
            let Some(words) = self.text.get(mark.range.clone()) else {
                continue;
            };
            let words = words.trim();
            let tracker = TRACKER_URL.is_match(href);
            if tracker || KEY.is_match(words) || HASH_REF.is_match(words) {
                let key = KEY
                    .find(words)
                    .filter(|m| m.len() == words.len())
                    .or_else(|| HASH_REF.find(words).filter(|_| words.starts_with('#')));
                let ticket = key.map_or(href.clone(), |m| m.as_str().trim().to_string());
                tickets.push((mark.range.start, ticket));
            }
            if tracker && GENERIC_LINK_TEXT.is_match(words) {
                self.cut_with_label(mark.range.clone(), &TICKET_LABEL);
            }
            // A link is one unit: nothing inside it is a field of its own.
            self.protected.push(mark.range.clone());
        }
    }

    fn status(&mut self) -> Option<Status> {
        let mut found = None;
        for (pattern, status) in STATUS_MARKERS.iter() {
            while let Some((range, _)) = self.find(pattern, "") {
                found = found.or(Some(*status));
                self.cut.push(range);
            }
        }
        if let Some((range, word)) = self.find(&STATUS_LABEL, "v") {
            if let Some(status) = status_word(&word) {
                found = found.or(Some(status));
                let end = range.start + self.text[range.clone()].trim_end().len();
                self.cut.push(range.start..end);
            }
        }
        found
    }

    fn kind(&mut self) -> Option<String> {
        let (range, word) = self
            .find(&TYPE_LABEL, "v")
            .or_else(|| self.find(&TYPE_TAG, "v"))?;
        self.cut.push(range);
        kind_word(&word)
    }

    fn due(&mut self) -> Option<Date> {
        let found = dates::find_all(&self.text);
        let labelled = found
            .iter()
            .find(|d| self.free(&d.range) && DUE_LABEL.is_match(&self.text[..d.range.start]));
        if let Some(date) = labelled {
            self.cut_with_label(date.range.clone(), &DUE_LABEL);
            return Some(date.date);
        }
        let bare = found
            .iter()
            .find(|d| self.free(&d.range) && !NOT_DUE.is_match(&self.text[..d.range.start]))?;
        self.cut.push(bare.range.clone());
        Some(bare.date)
    }

    fn owner_label(&mut self) -> Option<String> {
        let caps = OWNER_LABEL
            .captures_iter(&self.text)
            .find(|caps| self.free(&caps.get(0).expect("match").range().clone()))?;
        let value = caps.name("v")?.as_str().to_string();
        let range = caps.get(0)?.range();
        let separated = caps.name("sep").is_some();
        if !separated && !value.starts_with('@') && !value.starts_with(char::is_uppercase) {
            return None;
        }
        self.cut.push(range);
        owner_word(&value)
    }

    fn tickets(&mut self, tickets: &mut Vec<(usize, String)>) {
        let urls: Vec<Range<usize>> = URL.find_iter(&self.text).map(|m| m.range()).collect();
        for range in urls {
            let url = self.text[range.clone()].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            let range = range.start..range.start + url.len();
            if !self.free(&range) {
                continue;
            }
            if TRACKER_URL.is_match(url) {
                tickets.push((range.start, url.to_string()));
                self.cut_with_label(range, &TICKET_LABEL);
            } else {
                self.protected.push(range);
            }
        }
        let keys: Vec<Range<usize>> = KEY
            .captures_iter(&self.text)
            .filter(|caps| !NOT_KEYS.contains(&&caps[1]))
            .map(|caps| caps.get(0).expect("match").range().clone())
            .chain(
                HASH_REF
                    .captures_iter(&self.text)
                    .map(|c| c.get(1).expect("group").range().clone()),
            )
            .collect();
        for range in keys {
            if self.free(&range) {
                tickets.push((range.start, self.text[range.clone()].to_string()));
                self.cut_with_label(range, &TICKET_LABEL);
            }
        }
    }

    /// The first `@handle`; cut when written as a field, kept when part of the sentence.
    fn handle(&mut self) -> Option<String> {
        let caps = HANDLE.captures_iter(&self.text).find(|caps| {
            self.free(
                &(caps.name("h").expect("group").range().start - 1
                    ..caps.name("h").expect("group").range().end),
            )
        })?;
        let name = caps.name("h").expect("group").range();
        let range = name.start - 1..name.end;
        let handle = caps["h"].to_string();
        if self.in_field_position(&range) {
            self.cut.push(range);
        }
        Some(handle)
    }

    /// `Laura to write …`: the person at the start, before `to` and a verb.
    fn person_to_verb(&mut self) -> Option<String> {
        let lead = self.text.len() - self.text.trim_start().len();
        let caps = PERSON_TO_VERB.captures(&self.text[lead..])?;
        let who = caps["who"].to_string();
        let first_word = who.split_whitespace().next()?.to_lowercase();
        if is_common_verb(&first_word) || NOT_VERBS.contains(&&caps["verb"]) {
            return None;
        }
        let range = lead..lead + caps.name("verb").expect("group").range().start;
        if !self.free(&range) {
            return None;
        }
        self.cut.push(range);
        Some(who.trim_start_matches('@').to_string())
    }

    /// The text with the cut ranges removed and the leftovers of field markup tidied.
    fn finish(mut self) -> String {
        for &at in &self.title_breaks {
            self.text.replace_range(at..at + 1, TITLE_BREAK);
        }
        self.cut.sort_by_key(|r| r.start);
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for range in &self.cut {
            if range.start > at {
                out.push_str(&self.text[at..range.start]);
            }
            at = at.max(range.end);
        }
        out.push_str(&self.text[at.min(self.text.len())..]);
        tidy(&out.replace(TITLE_BREAK, ": "))
    }
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
        assert_eq!(fields("@sam to add alerts").owner.as_deref(), Some("sam"));
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
