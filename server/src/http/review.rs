//! The review workflow over HTTP:
//! - `GET /api/postmortems/{id}/review`: the stage, reviewers, approvals needed and given, the
//!   history, the steps the caller may take now (`may`), the publish gate's `checklist`, and
//!   whether the caller may publish over it (`can_override`);
//! - `POST /api/postmortems/{id}/review` with `{"step": "submit" | "approve" |
//!   "request_changes" | "publish" | "reopen", "note"?, "name"?, "override_reason"?}`: takes the
//!   step (403 when the caller may not, 409 when the postmortem's stage does not allow it, or
//!   when publishing and the [`gate`] fails: the failing checks are in
//!   `error.details.checklist`; an administrator may publish anyway with an `override_reason`,
//!   which is recorded), then writes the new stage into the document's `meta.status` as the
//!   server, records it in the audit trail, and sends the webhooks;
//! - `PUT /api/postmortems/{id}/review/reviewers` with `{"reviewers": [...],
//!   "required_approvals": n}` (editors).
//!
//! `name` is for callers the server cannot name (open mode, share links): it identifies them in
//! the history and for "no approving one's own submission". A signed-in member is always their
//! e-mail and name, whatever the body says.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::{blocking, versions, ApiError, AppState};
use crate::audit::Event;
use crate::auth::{AuthError, Caller};
use crate::doc_name::DocName;
use crate::hooks::actions::Status as ItemStatus;
use crate::lifecycle::facts;
use crate::lifecycle::gate::{self, Check, Facts};
use crate::lifecycle::{Review, ReviewError, Stage, Step, Who};
use crate::postmortem::meta::write_status;

/// Longest name a caller may give.
const MAX_NAME: usize = 200;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRequest {
    step: Step,
    note: Option<String>,
    name: Option<String>,
    override_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewersRequest {
    reviewers: Vec<String>,
    required_approvals: u32,
    name: Option<String>,
}

/// A review as the API shows it: the record, what the caller may do next, and the gate.
#[derive(Serialize)]
pub struct ReviewView {
    #[serde(flatten)]
    review: Review,
    may: Vec<Step>,
    checklist: Vec<Check>,
    can_override: bool,
    /// Whether the caller may assign reviewers.
    can_assign: bool,
}

#[derive(Deserialize)]
pub struct NameQuery {
    name: Option<String>,
}

/// `GET /api/postmortems/{id}/review[?name=…]` (the name, as for the steps, for callers the
/// server cannot name)
pub async fn get(
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<NameQuery>,
    State(state): State<Arc<AppState>>,
) -> Result<Json<ReviewView>, ApiError> {
    caller.can_read(&id)?;
    let shown = shown_stage(&state, &id).await?;
    let who = who(&caller, &id, checked_name(query.name)?);
    let reviews = state.reviews.clone();
    let postmortem = id.clone();
    let review = blocking(move || reviews.get(&postmortem, shown)).await?;
    let checklist = gate::checklist(&review, &facts(&state, &id).await?);
    Ok(Json(view(review, &who, checklist)))
}

/// `POST /api/postmortems/{id}/review`
pub async fn step(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    body: Result<Json<StepRequest>, JsonRejection>,
) -> Result<Json<ReviewView>, ApiError> {
    let Json(request) =
        body.map_err(|e| ApiError::new(e.status(), "bad_request", e.body_text()))?;
    caller.can_read(&id)?;
    let who = who(&caller, &id, checked_name(request.name)?);
    let shown = shown_stage(&state, &id).await?;
    // A step changes the stage and the approvals, never what the gate reads from the documents:
    // one read serves the publish gate and the answer.
    let facts = facts(&state, &id).await?;
    let mut note = request.note;
    if request.step == Step::Publish {
        let (reviews, postmortem) = (state.reviews.clone(), id.clone());
        let review = blocking(move || reviews.get(&postmortem, shown)).await?;
        let checklist = gate::checklist(&review, &facts);
        if !gate::passes(&checklist) {
            let reason = request
                .override_reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty());
            match reason {
                Some(reason) if who.is_admin => {
                    note = Some(format!("Published over the publish gate: {reason}"));
                }
                Some(_) => {
                    return Err(ApiError::new(
                        StatusCode::FORBIDDEN,
                        "forbidden",
                        "only an administrator publishes over the publish gate",
                    ))
                }
                None => return Err(gate_refusal(checklist)),
            }
        }
    }
    let (reviews, postmortem, step_who) = (state.reviews.clone(), id.clone(), who.clone());
    let (mut review, transition) =
        blocking(move || reviews.take(&postmortem, shown, request.step, &step_who, note)).await?;
    let (from, to) = (transition.from.as_str(), transition.to.as_str());
    // Each stage a postmortem reaches is kept as it stood then, saved before the document shows
    // the stage, so that whoever sees the stage change finds its version.
    let version_name = match transition.to {
        Stage::Review => Some("Submitted for review"),
        Stage::Approved => Some("Approved"),
        Stage::Published => Some(versions::PUBLISHED),
        Stage::Draft => None,
    };
    if let Some(name) = version_name.filter(|_| from != to) {
        let saved =
            versions::take_version(&state, &id, name, &who.name, Some(transition.to)).await?;
        let (reviews, postmortem) = (state.reviews.clone(), id.clone());
        review = blocking(move || reviews.attach_version(&postmortem, saved.number)).await?;
    }
    // The document shows the new stage; every peer sees it change.
    let room = DocName::parse(&id)?;
    let stage = review.stage;
    state
        .rooms
        .edit(&room, move |txn| write_status(txn, stage))
        .await?;
    state.audit.record(
        &id,
        caller.actor(),
        Event::Reviewed {
            step: transition.step,
            from: from.into(),
            to: to.into(),
            note: transition.note.clone(),
        },
    );
    if from != to {
        state.webhooks.status_changed(&id, &who.name, from, to);
    }
    let checklist = gate::checklist(&review, &facts);
    Ok(Json(view(review, &who, checklist)))
}

/// `PUT /api/postmortems/{id}/review/reviewers`
pub async fn assign(
    caller: Caller,
    Path(id): Path<String>,
    State(state): State<Arc<AppState>>,
    body: Result<Json<ReviewersRequest>, JsonRejection>,
) -> Result<Json<ReviewView>, ApiError> {
    let Json(request) =
        body.map_err(|e| ApiError::new(e.status(), "bad_request", e.body_text()))?;
    caller.can_read(&id)?;
    if request.reviewers.len() > 50 || request.reviewers.iter().any(|r| r.len() > MAX_NAME) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "at most 50 reviewers, each at most 200 characters",
        ));
    }
    let who = who(&caller, &id, checked_name(request.name)?);
    let shown = shown_stage(&state, &id).await?;
    let (reviews, assign_who, postmortem) = (state.reviews.clone(), who.clone(), id.clone());
    let review = blocking(move || {
        reviews.assign(
            &id,
            shown,
            request.reviewers,
            request.required_approvals,
            &assign_who,
        )
    })
    .await?;
    let checklist = gate::checklist(&review, &facts(&state, &postmortem).await?);
    Ok(Json(view(review, &who, checklist)))
}

/// 409 with the checks that fail.
fn gate_refusal(checklist: Vec<Check>) -> ApiError {
    let failing: Vec<Check> = checklist.into_iter().filter(|c| !c.ok).collect();
    let labels: Vec<&str> = failing.iter().map(|c| c.label).collect();
    ApiError::new(
        StatusCode::CONFLICT,
        "publish_gate",
        format!("not ready to publish: {}", labels.join("; ")),
    )
    .with_details(serde_json::json!({ "checklist": failing }))
}

/// What the publish gate reads of postmortem `id`: from its rooms (read inside each room) and
/// its tracked action items.
async fn facts(state: &Arc<AppState>, id: &str) -> Result<Facts, ApiError> {
    let room = |suffix: &str| DocName::parse(&format!("{id}{suffix}"));
    let (open_blame, open_privacy) = state
        .rooms
        .edit(&room(".insights")?, |txn| facts::open_findings(txn))
        .await?;
    let open_threads = state
        .rooms
        .edit(&room(".comments")?, |txn| facts::open_threads(txn))
        .await?;
    let filled_sections = state
        .rooms
        .edit(&room("")?, |txn| facts::filled_sections(txn))
        .await?;
    let (tracker, postmortem) = (state.tracker.clone(), id.to_owned());
    let items = blocking(move || tracker.of_postmortem(&postmortem)).await?;
    let incomplete_items = items
        .into_iter()
        .filter(|t| t.item.status == ItemStatus::Open)
        .filter(|t| t.item.owner.is_none() || t.item.due.is_none())
        .map(|t| t.item.text)
        .collect();
    Ok(Facts {
        open_blame,
        open_privacy,
        incomplete_items,
        open_threads,
        filled_sections,
    })
}

impl From<ReviewError> for ApiError {
    fn from(e: ReviewError) -> ApiError {
        match e {
            ReviewError::Store(e) => e.into(),
            ReviewError::Workflow(e) if e.is_forbidden() => {
                ApiError::new(StatusCode::FORBIDDEN, "forbidden", e.to_string())
            }
            ReviewError::Workflow(e @ crate::lifecycle::workflow::WorkflowError::Stage(..)) => {
                ApiError::new(StatusCode::CONFLICT, "wrong_stage", e.to_string())
            }
            ReviewError::Workflow(e) => {
                ApiError::new(StatusCode::BAD_REQUEST, "bad_request", e.to_string())
            }
        }
    }
}

/// The stage the document shows now (for a postmortem from before reviews were recorded).
async fn shown_stage(state: &Arc<AppState>, id: &str) -> Result<Stage, ApiError> {
    let name = DocName::parse(id)?;
    let summaries = state.summaries.clone();
    let summary = blocking(move || summaries.get_json(&name))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no postmortem {id}")))?;
    let status = serde_json::from_slice::<serde_json::Value>(&summary)
        .ok()
        .and_then(|s| s["status"].as_str().and_then(Stage::parse));
    Ok(status.unwrap_or_default())
}

fn checked_name(name: Option<String>) -> Result<Option<String>, ApiError> {
    let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if name.as_ref().is_some_and(|n| n.chars().count() > MAX_NAME) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "name too long",
        ));
    }
    Ok(name)
}

/// Who owns a postmortem `caller` creates: a member by their e-mail, others as the record names
/// them.
pub(super) fn owner_id(caller: &Caller) -> String {
    match caller {
        Caller::Member { email, .. } => email.clone(),
        _ => caller.actor().name,
    }
}

/// Who the caller is for the workflow: a member by their sign-in, others by the name they give.
fn who(caller: &Caller, id: &str, name: Option<String>) -> Who {
    let allowed = |check: Result<(), AuthError>| check.is_ok();
    let (who_id, shown) = match caller {
        Caller::Member { email, name, .. } => (email.clone(), name.clone()),
        _ => {
            let fallback = caller.actor().name;
            let name = name.unwrap_or(fallback);
            (name.clone(), name)
        }
    };
    Who {
        id: who_id,
        name: shown,
        can_edit: allowed(caller.can_edit(id)),
        can_review: allowed(caller.can_review(id)),
        is_admin: allowed(caller.require_admin()),
    }
}

/// The record with the steps `who` may take now (each tried on a copy) and the checklist.
fn view(review: Review, who: &Who, checklist: Vec<Check>) -> ReviewView {
    let may = [
        Step::Submit,
        Step::Approve,
        Step::RequestChanges,
        Step::Publish,
        Step::Reopen,
    ]
    .into_iter()
    .filter(|step| {
        review
            .clone()
            .take(*step, who, None, time::OffsetDateTime::UNIX_EPOCH)
            .is_ok()
    })
    .collect();
    ReviewView {
        review,
        may,
        checklist,
        can_override: who.is_admin,
        can_assign: who.can_edit,
    }
}
