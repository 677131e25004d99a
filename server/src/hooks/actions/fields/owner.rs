//! The owner: an `owner:` / `assignee:` / `assigned to` label, `Person to <verb> …` at the start
//! (not when the first word is an imperative: `Revert to default`), or an `@handle`, in that
//! order of preference; [`owner_word`] reads an owner cell. A handle is cut only where fields are
//! written (`(@kim, due …)`), and stays in a sentence (`Ask @kim about …`).

use std::sync::LazyLock;

use regex::Regex;

use super::{re, Claim, Scan, Value};
use crate::hooks::actions::Words;

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
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

/// The preferences of [`Value::Owner`] claims.
pub(super) const BY_LABEL: usize = 0;
pub(super) const BY_PERSON_TO_VERB: usize = 1;
pub(super) const BY_HANDLE: usize = 2;

pub(super) fn claims(scan: &Scan) -> Vec<Claim> {
    let mut claims = Vec::new();
    for caps in LABEL.captures_iter(&scan.text) {
        let range = caps.get(0).expect("match").range();
        let value = &caps["v"];
        let separated = caps.name("sep").is_some();
        if !scan.free(&range)
            || !(separated || value.starts_with('@') || value.starts_with(char::is_uppercase))
        {
            continue;
        }
        // `owner: TBD` is cut and names nobody.
        let owner = owner_word(value, scan.words);
        claims.push(Claim::cut(range, Value::Owner(owner, BY_LABEL)));
    }
    let lead = scan.text.len() - scan.text.trim_start().len();
    if let Some(caps) = PERSON_TO_VERB.captures(&scan.text[lead..]) {
        let who = &caps["who"];
        let first_word = who.split_whitespace().next().unwrap_or("").to_lowercase();
        let range = lead..lead + caps.name("verb").expect("group").start();
        if !is_common_verb(&first_word, scan.words)
            && !scan.words.not_verbs.contains(&caps["verb"])
            && scan.free(&range)
        {
            let owner = who.trim_start_matches('@').to_string();
            claims.push(Claim::cut(
                range,
                Value::Owner(Some(owner), BY_PERSON_TO_VERB),
            ));
        }
    }
    for caps in HANDLE.captures_iter(&scan.text) {
        let name = caps.name("h").expect("group");
        let range = name.start() - 1..name.end();
        if !scan.free(&range) {
            continue;
        }
        let value = Value::Owner(Some(name.as_str().to_string()), BY_HANDLE);
        claims.push(if scan.in_field_position(&range) {
            Claim::cut(range, value)
        } else {
            Claim::keep(range, value)
        });
    }
    claims
}

/// Whether `word` starts an imperative or plain sentence, or is the past form of such a verb
/// (`switched`, `moved`).
fn is_common_verb(word: &str, words: &Words) -> bool {
    let stems = [
        Some(word.to_string()),
        word.strip_suffix("ed").map(str::to_string),
        word.strip_suffix('d').map(str::to_string),
        word.strip_suffix("ied").map(|stem| format!("{stem}y")),
    ];
    stems
        .iter()
        .flatten()
        .any(|stem| words.not_people.contains(stem))
}

/// An owner written in a cell: a handle, a name, or nothing (`TBD`, `-`).
pub(in crate::hooks::actions) fn owner_word(cell: &str, words: &Words) -> Option<String> {
    let owner = cell.trim().trim_start_matches('@').trim();
    let usable =
        owner.chars().any(char::is_alphanumeric) && !words.nobody.contains(&owner.to_lowercase());
    usable.then(|| owner.to_string())
}
