//! `POST /api/lint` with `{"text": "...", "checks": ["blame", "privacy"]}`: the findings of the
//! blame rules and, when asked, the privacy check for a piece of text, e.g. a review comment
//! before it is posted (`checks` defaults to `["blame"]`; an empty or unknown check is a 400/422
//! JSON error). Offsets are UTF-16 code units, as browsers count.
//!
//! The answer is `{"findings": [...], "truncated": false}`. Each request does bounded work: the
//! body is at most `--lint-max-bytes` (413 above it), at most [`MAX_FINDINGS`] findings are
//! returned (`truncated: true` when there were more), the text is checked line by line in one
//! pass (offsets are mapped to UTF-16 by one cursor moving forward), and the check runs under
//! [`crate::work::Work`]: off the async threads, one request per core, stopped at its deadline or
//! when the client goes away.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::{ApiError, AppState};
use crate::auth::Caller;
use crate::hooks::checks::{Checks, Finding};
use crate::work::{Cancel, Stopped};

/// Most findings one answer holds; a text with more is flagged `truncated`.
pub const MAX_FINDINGS: usize = 500;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintRequest {
    text: String,
    #[serde(default = "blame_only")]
    checks: Vec<Check>,
}

/// A check `POST /api/lint` can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Blame,
    Privacy,
}

fn blame_only() -> Vec<Check> {
    vec![Check::Blame]
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct LintResponse {
    findings: Vec<LintFinding>,
    /// More than [`MAX_FINDINGS`] were found; only the first ones are listed.
    truncated: bool,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct LintFinding {
    /// `blame` or `privacy`.
    kind: &'static str,
    rule: String,
    severity: &'static str,
    /// UTF-16 offsets into the text.
    start: usize,
    end: usize,
    text: String,
    message: String,
    suggestion: String,
    replacement: Option<String>,
}

pub async fn lint(
    _caller: Caller,
    State(state): State<Arc<AppState>>,
    body: Result<Json<LintRequest>, JsonRejection>,
) -> Result<Json<LintResponse>, ApiError> {
    let Json(request) = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::too_large("the lint request", state.lint_max_bytes)
        }
        status => ApiError::new(status, "bad_request", e.body_text()),
    })?;
    if request.checks.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "checks names no check: give blame, privacy or both",
        ));
    }
    let checks = Checks {
        blame: request.checks.contains(&Check::Blame),
        privacy: request.checks.contains(&Check::Privacy),
        ..state.checks.clone()
    };
    let linted = state
        .work
        .run(move |cancel| lint_text(&checks, &request.text, cancel))
        .await?;
    Ok(Json(linted))
}

/// The findings in `text`, line by line, with UTF-16 offsets; stops early at [`MAX_FINDINGS`]
/// or when `cancel` fires. Linear in the text.
fn lint_text(checks: &Checks, text: &str, cancel: &Cancel) -> Result<LintResponse, Stopped> {
    let mut findings = Vec::new();
    let mut utf16 = Utf16Cursor::new(text);
    let mut line_start = 0;
    for line in text.split('\n') {
        cancel.check()?;
        for found in checks.check(line) {
            if findings.len() == MAX_FINDINGS {
                return Ok(LintResponse {
                    findings,
                    truncated: true,
                });
            }
            findings.push(finding(&mut utf16, line_start, found));
        }
        line_start += line.len() + 1;
    }
    Ok(LintResponse {
        findings,
        truncated: false,
    })
}

fn finding(utf16: &mut Utf16Cursor, line_start: usize, found: Finding) -> LintFinding {
    // Starts only grow (lines in order, findings in a line sorted by start), so the cursor moves
    // forward; an end may lie past the next start, so it is counted from its own start.
    let start = utf16.at(line_start + found.start);
    LintFinding {
        kind: found.kind,
        rule: found.rule,
        severity: found.severity,
        start,
        end: start + found.text.encode_utf16().count(),
        text: found.text,
        message: found.message,
        suggestion: found.suggestion,
        replacement: found.replacement,
    }
}

/// Maps increasing byte offsets of a text to UTF-16 offsets, counting each byte once.
struct Utf16Cursor<'a> {
    text: &'a str,
    byte: usize,
    utf16: usize,
}

impl<'a> Utf16Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Cursor {
            text,
            byte: 0,
            utf16: 0,
        }
    }

    /// The UTF-16 offset of byte offset `byte`, which is at least the previous one asked.
    fn at(&mut self, byte: usize) -> usize {
        self.utf16 += self.text[self.byte..byte].encode_utf16().count();
        self.byte = byte;
        self.utf16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(text: &str) -> LintResponse {
        let blame = Checks {
            privacy: false,
            ..Checks::default()
        };
        lint_text(&blame, text, &Cancel::never()).unwrap()
    }

    #[test]
    fn privacy_findings_when_asked() {
        let text = "Mail jane@acme.io: human error.";
        let both = lint_text(&Checks::default(), text, &Cancel::never()).unwrap();
        let kinds: Vec<(&str, &str)> = both
            .findings
            .iter()
            .map(|f| (f.kind, f.rule.as_str()))
            .collect();
        assert!(kinds.contains(&("privacy", "privacy-email")), "{kinds:?}");
        assert!(kinds.iter().any(|(k, _)| *k == "blame"), "{kinds:?}");
        assert!(lint(text).findings.iter().all(|f| f.kind == "blame"));
    }

    #[test]
    fn offsets_are_utf16_code_units_across_lines() {
        let text = "😀 é fine\nthen 🚀 Kevin broke prod, human error.\n";
        let linted = lint(text);
        assert!(!linted.truncated);
        assert!(linted.findings.len() >= 2, "{linted:?}");
        let units: Vec<u16> = text.encode_utf16().collect();
        for f in &linted.findings {
            let covered = String::from_utf16(&units[f.start..f.end]).unwrap();
            assert_eq!(covered, f.text, "{f:?}");
        }
    }

    #[test]
    fn findings_are_capped_and_flagged() {
        let text = "It was human error.\n".repeat(MAX_FINDINGS + 10);
        let linted = lint(&text);
        assert!(linted.truncated);
        assert_eq!(linted.findings.len(), MAX_FINDINGS);
        let exact = "It was human error.\n".repeat(3);
        let few = lint(&exact);
        assert!(!few.truncated);
        assert_eq!(
            few.findings.len(),
            lint("It was human error.").findings.len() * 3
        );
    }

    #[test]
    fn a_cancelled_check_stops() {
        let work = crate::work::Work::new(
            1,
            std::time::Duration::ZERO,
            Arc::new(crate::metrics::Metrics::default()),
        );
        let checks = Checks::default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let text = "It was human error.\n".repeat(100);
        let result = runtime.block_on(work.run(move |cancel| lint_text(&checks, &text, cancel)));
        assert!(result.is_err(), "a zero deadline stops the check");
    }
}
