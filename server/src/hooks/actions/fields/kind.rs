//! The kind of action: a `type:` / `category:` label, or a `[detect]`-style tag; normalised by
//! [`kind_word`].

use std::sync::LazyLock;

use regex::Regex;

use super::{re, Claim, Scan, Value};

static LABEL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:type|category|kind)\s*[:=]\s*(?P<v>[A-Za-z][\w-]*)"));
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)[(\[]\s*(?P<v>prevent(?:ion|ive|ative)?|mitigat(?:e|ion|ive)|detect(?:ion|ive)?|process)\s*[)\]]",
    )
});

/// Labels first, then tags; the one taken is cut.
pub(super) fn claims(scan: &Scan) -> Vec<Claim> {
    [&*LABEL, &*TAG]
        .into_iter()
        .enumerate()
        .flat_map(|(preference, pattern)| {
            pattern.captures_iter(&scan.text).filter_map(move |caps| {
                let kind = kind_word(&caps["v"])?;
                let whole = caps.get(0).expect("match").range();
                Some(Claim::cut(whole, Value::Kind(kind, preference)))
            })
        })
        .collect()
}

/// Normalises a type: the four known kinds by their stem, anything else as written.
pub(in crate::hooks::actions) fn kind_word(word: &str) -> Option<String> {
    let lower = word.trim().to_lowercase();
    let known = ["prevent", "mitigat", "detect", "process"]
        .iter()
        .zip(["prevent", "mitigate", "detect", "process"])
        .find(|(stem, _)| lower.starts_with(*stem))
        .map(|(_, kind)| kind.to_string());
    known.or_else(|| (!lower.is_empty() && lower != "-").then_some(lower))
}
