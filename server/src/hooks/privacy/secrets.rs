//! Credentials: tokens in the shapes their issuers give them (so a match is almost surely one),
//! bearer tokens, JWTs, private-key blocks, and values labelled `key`, `token`, `secret` or
//! `password` that look random (high entropy, mixed characters): a labelled `password: hunter2`
//! is flagged by its label, `token: see the runbook` is not.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{re, Kind};

/// Issuers' token shapes: AWS access key ids, GitHub, GitLab, Slack, Google API keys, Stripe
/// live keys, npm and PyPI tokens, JWTs, private-key blocks, `Bearer` tokens.
static SHAPES: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
        r"|\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{60,}\b",
        r"|\bglpat-[A-Za-z0-9_-]{20,}\b",
        r"|\bxox[abposr]-[A-Za-z0-9-]{10,}\b",
        r"|\bAIza[0-9A-Za-z_-]{35}\b",
        r"|\b(?:sk|rk)_live_[0-9A-Za-z]{16,}\b",
        r"|\bnpm_[A-Za-z0-9]{36}\b|\bpypi-[A-Za-z0-9_-]{50,}\b",
        r"|\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
        r"|-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----(?s:.*?)(?:-----END (?:[A-Z]+ )*PRIVATE KEY-----|$)",
        r"|(?i:\bbearer)\s+[A-Za-z0-9._~+/-]{20,}=*",
    ))
});
/// A labelled value: `api_key=…`, `password: …`, `"token": "…"`.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b(?P<label>(?:[a-z_-]*[_-])?(?:api[_-]?key|key|token|secret|password|passwd|pwd))["']?\s*[:=]\s*["']?(?P<value>[^\s"',;]{8,})"#,
    )
});

/// Adds the credentials in `text` to `found`.
pub(super) fn find(text: &str, found: &mut Vec<(Kind, Range<usize>)>) {
    found.extend(SHAPES.find_iter(text).map(|m| (Kind::Secret, m.range())));
    for caps in LABELLED.captures_iter(text) {
        let value = caps.name("value").expect("group");
        let label = caps["label"].to_lowercase();
        let password =
            label.ends_with("password") || label.ends_with("passwd") || label.ends_with("pwd");
        if password || looks_random(value.as_str()) {
            found.push((Kind::Secret, value.range()));
        }
    }
}

/// Whether `value` looks generated: long enough, letters and digits mixed, and an entropy of at
/// least 3.5 bits per character (words, paths and sentences stay below it).
fn looks_random(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 16 {
        return false;
    }
    let has = |test: fn(&char) -> bool| chars.iter().any(test);
    if !(has(char::is_ascii_digit) && has(char::is_ascii_alphabetic)) {
        return false;
    }
    let mut counts = std::collections::HashMap::new();
    for c in &chars {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let n = chars.len() as f64;
    let entropy: f64 = counts
        .values()
        .map(|&count| {
            let p = count as f64 / n;
            -p * p.log2()
        })
        .sum();
    entropy >= 3.5
}
