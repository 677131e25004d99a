//! `POST /api/lint` with `{"text": "..."}`: the blame annotator's findings for a piece of text,
//! e.g. a review comment before it is posted. Offsets are UTF-16 code units, as browsers count.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::{ApiError, AppState};
use crate::auth::Caller;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintRequest {
    text: String,
}

#[derive(Serialize)]
pub struct LintFinding {
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
) -> Result<Json<Vec<LintFinding>>, ApiError> {
    let Json(request) =
        body.map_err(|e| ApiError::new(e.status(), "bad_request", e.body_text()))?;
    let utf16 = |byte: usize| request.text[..byte].encode_utf16().count();
    let findings = request
        .text
        .split('\n')
        .scan(0usize, |offset, line| {
            let at = *offset;
            *offset += line.len() + 1;
            Some((at, line))
        })
        .flat_map(|(at, line)| state.rules.check(line).into_iter().map(move |f| (at, f)))
        .map(|(at, f)| LintFinding {
            rule: f.rule,
            severity: f.severity.as_str(),
            start: utf16(at + f.start),
            end: utf16(at + f.end),
            text: f.text,
            message: f.message,
            suggestion: f.suggestion,
            replacement: f.replacement,
        })
        .collect();
    Ok(Json(findings))
}
