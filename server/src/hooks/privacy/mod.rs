//! The privacy check: private data that should not go out in a postmortem, with a redaction for
//! each. Pure, like the other hooks: text in, findings out.
//!
//! It flags e-mail addresses, phone numbers, IPv4 and IPv6 addresses, payment card numbers
//! (Luhn-checked), secrets in well-known formats (cloud and API keys, bearer tokens, JWTs,
//! private-key blocks, and high-entropy values labelled `key`, `token`, `secret` or `password`),
//! and the names of a configurable list of terms (customers, say: `--privacy-terms FILE`).
//!
//! What never fires: the documentation address ranges (192.0.2.0/24, 198.51.100.0/24,
//! 203.0.113.0/24, 2001:db8::/32), loopback and unspecified addresses, `example.com` / `.org` /
//! `.net` and the reserved `.example`, `.test`, `.invalid` and `.localhost` domains, version
//! numbers (`v1.2.3.4`), dates, times and durations, ticket keys, and numbers that fail the
//! Luhn check. Every pattern is a linear-time `regex`; the check is linear in the text.

mod secrets;

use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// What kind of private data a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Email,
    Phone,
    IpAddress,
    CardNumber,
    Secret,
    Term,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Email,
        Kind::Phone,
        Kind::IpAddress,
        Kind::CardNumber,
        Kind::Secret,
        Kind::Term,
    ];

    /// The rule id of findings of this kind (`privacy-email`…).
    pub fn rule(self) -> &'static str {
        match self {
            Kind::Email => "privacy-email",
            Kind::Phone => "privacy-phone",
            Kind::IpAddress => "privacy-ip-address",
            Kind::CardNumber => "privacy-card-number",
            Kind::Secret => "privacy-secret",
            Kind::Term => "privacy-term",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Kind::Email => "An e-mail address identifies a person.",
            Kind::Phone => "A phone number identifies a person.",
            Kind::IpAddress => "An IP address can identify a customer, a person or internal infrastructure.",
            Kind::CardNumber => "This looks like a payment card number.",
            Kind::Secret => "This looks like a credential: anyone who reads it can use it. Rotate it, and keep it out of the postmortem.",
            Kind::Term => "A name on the privacy list (a customer, say).",
        }
    }

    fn redaction(self) -> &'static str {
        match self {
            Kind::Email => "[email]",
            Kind::Phone => "[phone number]",
            Kind::IpAddress => "[IP address]",
            Kind::CardNumber => "[card number]",
            Kind::Secret => "[secret]",
            Kind::Term => "[customer]",
        }
    }
}

/// One piece of private data in the checked text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    /// Byte range of the data in the text.
    #[serde(skip)]
    pub range: Range<usize>,
    /// The data itself.
    pub text: String,
    /// Why it is flagged.
    pub message: &'static str,
    /// What Apply writes instead.
    pub redaction: &'static str,
}

/// Names that must not appear (one per line in a terms file; `#` starts a comment), matched as
/// whole words, ignoring case.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    pattern: Option<Regex>,
}

/// Why a terms file cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("the privacy terms do not make a pattern: {0}")]
pub struct TermsError(#[from] regex::Error);

impl Terms {
    /// The terms of a terms file's text.
    pub fn parse(text: &str) -> Result<Terms, TermsError> {
        let terms: Vec<String> = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or("").trim())
            .filter(|term| !term.is_empty())
            .map(regex::escape)
            .collect();
        if terms.is_empty() {
            return Ok(Terms::default());
        }
        let pattern = Regex::new(&format!(r"(?i)\b(?:{})\b", terms.join("|")))?;
        Ok(Terms {
            pattern: Some(pattern),
        })
    }
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("privacy pattern")
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b[A-Za-z0-9._%+-]+@(?P<domain>(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b"));
/// Domains reserved for examples and tests (RFC 2606, RFC 6761).
static EXAMPLE_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|\.)(?:example\.(?:com|org|net)|[^.]+\.(?:example|test|invalid|localhost))$|^(?:example|test|invalid|localhost)$",
    )
});
/// International (`+44 20 7946 0958`) or North American (`(415) 555-0132`, `415-555-0132`)
/// phone numbers, written as phone numbers are: with separators in the usual places.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,4}){2,4}|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}|\b\d{3}[.-]\d{3}[.-]\d{4})\b",
    )
});
static IPV4: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?\b"));
/// Candidates for IPv6: hex groups and colons, parsed to decide.
static IPV6: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%\w+)?"));
/// 13 to 19 digits, in groups or not.
static CARD: LazyLock<Regex> = LazyLock::new(|| re(r"\b\d(?:[ -]?\d){12,18}\b"));
/// What before an address makes it a version, not an address.
static VERSION_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:\bv|\bversion\s*|\brelease\s*)$"));

/// The private data in `text`, in text order; `terms` adds the names of a terms file.
pub fn check(text: &str, terms: &Terms) -> Vec<Finding> {
    let mut found: Vec<(Kind, Range<usize>)> = Vec::new();
    secrets::find(text, &mut found);
    for caps in EMAIL.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if !EXAMPLE_DOMAIN.is_match(&caps["domain"]) {
            found.push((Kind::Email, whole.range()));
        }
    }
    for m in CARD.find_iter(text) {
        if is_card_number(m.as_str()) {
            found.push((Kind::CardNumber, m.range()));
        }
    }
    for m in PHONE.find_iter(text) {
        let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
        if (10..=15).contains(&digits) {
            found.push((Kind::Phone, m.range()));
        }
    }
    for m in IPV4.find_iter(text) {
        let address = m.as_str().split('/').next().unwrap_or("");
        let version = VERSION_BEFORE.is_match(&text[..m.start()]);
        // `1.2.3.4.5` is no address: the match must not run on into more dotted numbers.
        let dotted_on = text[m.end()..].starts_with('.')
            && text[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit());
        if let (Ok(ip), false, false) = (address.parse::<Ipv4Addr>(), version, dotted_on) {
            if !is_reserved_v4(ip) {
                found.push((Kind::IpAddress, m.range()));
            }
        }
    }
    for m in IPV6.find_iter(text) {
        let candidate = m.as_str().split('%').next().unwrap_or("");
        if candidate.matches(':').count() < 2
            || !candidate.contains(|c: char| c.is_ascii_hexdigit())
        {
            continue;
        }
        if let Ok(ip) = candidate.parse::<Ipv6Addr>() {
            if !is_reserved_v6(ip) {
                found.push((Kind::IpAddress, m.range()));
            }
        }
    }
    if let Some(pattern) = &terms.pattern {
        found.extend(pattern.find_iter(text).map(|m| (Kind::Term, m.range())));
    }
    settle(found)
        .into_iter()
        .map(|(kind, range)| Finding {
            kind,
            text: text[range.clone()].to_owned(),
            range,
            message: kind.message(),
            redaction: kind.redaction(),
        })
        .collect()
}

/// Findings that do not overlap, in text order: the first to start wins, the longer at the same
/// start (a card number is not also a phone number; a token is not also an e-mail).
fn settle(mut found: Vec<(Kind, Range<usize>)>) -> Vec<(Kind, Range<usize>)> {
    found.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
    let mut end = 0;
    found.retain(|(_, range)| {
        let free = range.start >= end;
        if free {
            end = range.end;
        }
        free
    });
    found
}

fn is_card_number(written: &str) -> bool {
    let digits: Vec<u32> = written.chars().filter_map(|c| c.to_digit(10)).collect();
    if !(13..=19).contains(&digits.len()) || digits.iter().all(|d| *d == digits[0]) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match i % 2 {
            0 => d,
            _ if d * 2 > 9 => d * 2 - 9,
            _ => d * 2,
        })
        .sum();
    sum.is_multiple_of(10)
}

fn is_reserved_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || (a, b, c) == (192, 0, 2)
        || (a, b, c) == (198, 51, 100)
        || (a, b, c) == (203, 0, 113)
}

fn is_reserved_v6(ip: Ipv6Addr) -> bool {
    let [first, second, ..] = ip.segments();
    ip.is_loopback() || ip.is_unspecified() || (first, second) == (0x2001, 0x0db8)
}

#[cfg(test)]
mod tests;
