//! The due date: a date after `due`, `by`, `deadline`…, or else a bare date not introduced as the
//! date of something else (`fired on 2026-10-14`). The one taken is cut, its label with it.

use std::sync::LazyLock;

use regex::Regex;

use super::{re, Claim, Scan, Value};
use crate::hooks::actions::dates;

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:due(?:\s+(?:date|by|on))?|deadline|target(?:\s+date)?|eta|by|before|until|no\s+later\s+than)\s*[:=]?\s*$",
    )
});
/// Words before a date that make it a date of something else, not a due date.
static NOT_DUE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:on|since|from|of|in|during|after|at|the|between|and|to|incident|outage)\s*$")
});

/// Labelled dates (preferred), then bare ones.
pub(super) fn claims(scan: &Scan) -> Vec<Claim> {
    dates::find_all(&scan.text)
        .into_iter()
        .filter_map(|found| {
            let before = &scan.text[..found.range.start];
            if let Some(label) = LABEL.find(before) {
                Some(Claim::cut(
                    label.start()..found.range.end,
                    Value::Due(found.date, 0),
                ))
            } else if NOT_DUE.is_match(before) {
                None
            } else {
                Some(Claim::cut(found.range, Value::Due(found.date, 1)))
            }
        })
        .collect()
}
