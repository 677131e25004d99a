//! The review workflow, pure: where a postmortem stands (draft → in review → approved →
//! published, and back to draft when reopened or sent back), who may take which step, and what
//! each step records. No storage and no clock: the caller gives the time and keeps the record.
//!
//! The rules:
//! - editors **submit** a draft for review; it clears the approvals of an earlier round;
//! - reviewers **approve** or **request changes** on a postmortem in review: the assigned ones
//!   when people are assigned, else anyone who may review, but never the person who submitted
//!   it (a review is a second pair of eyes); once it has the approvals it needs, it is approved;
//!   changes requested send it back to draft;
//! - administrators, or its owner, **publish** an approved postmortem;
//! - editors **reopen** a postmortem in review, approved or published: back to draft.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Where a postmortem stands; written as `meta.status` (`draft`, `review`, `approved`,
/// `published`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Draft,
    Review,
    Approved,
    Published,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Review => "review",
            Stage::Approved => "approved",
            Stage::Published => "published",
        }
    }

    /// The stage a `meta.status` value names (any case; "in review" is `review`).
    pub fn parse(status: &str) -> Option<Stage> {
        match status
            .trim()
            .to_lowercase()
            .replace(['_', '-'], " ")
            .as_str()
        {
            "draft" => Some(Stage::Draft),
            "review" | "in review" => Some(Stage::Review),
            "approved" => Some(Stage::Approved),
            "published" => Some(Stage::Published),
            _ => None,
        }
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Submit,
    Approve,
    RequestChanges,
    Publish,
    Reopen,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Approve => "approve",
            Step::RequestChanges => "request_changes",
            Step::Publish => "publish",
            Step::Reopen => "reopen",
        }
    }
}

/// Who takes a step, and what their role lets them do on this postmortem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// Identifies the person across steps: an e-mail when signed in, else the name they gave.
    pub id: String,
    /// The name shown.
    pub name: String,
    pub can_edit: bool,
    pub can_review: bool,
    pub is_admin: bool,
}

/// One approval of the current round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub by: String,
    pub by_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// One step taken: the history shown in the editor and kept with the postmortem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub step: Step,
    pub from: Stage,
    pub to: Stage,
    pub by: String,
    pub by_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub note: Option<String>,
    /// The version of the postmortem saved when the step changed its stage.
    #[serde(default)]
    pub version: Option<u32>,
}

/// A postmortem's review: its stage, who must review it, this round's approvals, its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub stage: Stage,
    /// Ids of the assigned reviewers; empty: anyone who may review.
    pub reviewers: Vec<String>,
    /// Approvals needed to be approved.
    pub required_approvals: u32,
    /// Approvals since the last submission.
    pub approvals: Vec<Approval>,
    /// Who submitted the current round.
    pub submitted_by: Option<String>,
    /// The id of whoever created the postmortem, who may publish it.
    pub owner: Option<String>,
    pub history: Vec<Transition>,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            stage: Stage::Draft,
            reviewers: Vec::new(),
            required_approvals: 1,
            approvals: Vec::new(),
            submitted_by: None,
            owner: None,
            history: Vec::new(),
        }
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("cannot {}: the postmortem is {}", .0.as_str().replace('_', " "), stage_words(*.1))]
    Stage(Step, Stage),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("a note of at most {MAX_NOTE} characters")]
    NoteTooLong,
    #[error("between 1 and {MAX_APPROVALS} approvals")]
    BadApprovals,
}

/// Longest note on a step.
pub const MAX_NOTE: usize = 2000;
/// Most approvals a review may require.
pub const MAX_APPROVALS: u32 = 10;

fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::Draft => "a draft",
        Stage::Review => "in review",
        Stage::Approved => "approved",
        Stage::Published => "published",
    }
}

impl WorkflowError {
    /// Whether the refusal is about who asked (403) rather than where the postmortem stands
    /// (409) or what was sent (400).
    pub fn is_forbidden(&self) -> bool {
        matches!(self, WorkflowError::Forbidden(_))
    }
}

impl Review {
    /// Takes `step` as `who` at `at`; the postmortem's new stage is `self.stage`.
    pub fn take(
        &mut self,
        step: Step,
        who: &Who,
        note: Option<String>,
        at: OffsetDateTime,
    ) -> Result<Transition, WorkflowError> {
        if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE) {
            return Err(WorkflowError::NoteTooLong);
        }
        let from = self.stage;
        let to = match (step, from) {
            (Step::Submit, Stage::Draft) => {
                require(who.can_edit, "only editors submit a postmortem for review")?;
                self.approvals.clear();
                self.submitted_by = Some(who.id.clone());
                Stage::Review
            }
            (Step::Approve | Step::RequestChanges, Stage::Review) => {
                self.may_review(who)?;
                if step == Step::RequestChanges {
                    self.approvals.clear();
                    Stage::Draft
                } else {
                    if !self.approvals.iter().any(|a| a.by_id == who.id) {
                        self.approvals.push(Approval {
                            by: who.name.clone(),
                            by_id: who.id.clone(),
                            at,
                        });
                    }
                    if self.approvals.len() as u32 >= self.required_approvals {
                        Stage::Approved
                    } else {
                        Stage::Review
                    }
                }
            }
            (Step::Publish, Stage::Approved) => {
                let owner = self.owner.as_deref() == Some(who.id.as_str()) && who.can_edit;
                require(
                    who.is_admin || owner,
                    "only an administrator or the postmortem's owner publishes it",
                )?;
                Stage::Published
            }
            (Step::Reopen, Stage::Review | Stage::Approved | Stage::Published) => {
                require(who.can_edit, "only editors reopen a postmortem")?;
                self.approvals.clear();
                Stage::Draft
            }
            (step, stage) => return Err(WorkflowError::Stage(step, stage)),
        };
        self.stage = to;
        let transition = Transition {
            step,
            from,
            to,
            by: who.name.clone(),
            by_id: who.id.clone(),
            at,
            note: note.filter(|n| !n.trim().is_empty()),
            version: None,
        };
        self.history.push(transition.clone());
        Ok(transition)
    }

    /// Assigns reviewers (ids) and the approvals needed; takes effect for the next approvals.
    pub fn assign(
        &mut self,
        reviewers: Vec<String>,
        required_approvals: u32,
        who: &Who,
    ) -> Result<(), WorkflowError> {
        require(who.can_edit, "only editors assign reviewers")?;
        if !(1..=MAX_APPROVALS).contains(&required_approvals) {
            return Err(WorkflowError::BadApprovals);
        }
        let mut reviewers: Vec<String> = reviewers
            .into_iter()
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect();
        reviewers.dedup();
        self.reviewers = reviewers;
        self.required_approvals = required_approvals;
        Ok(())
    }

    fn may_review(&self, who: &Who) -> Result<(), WorkflowError> {
        require(
            who.can_review,
            "only reviewers and editors review a postmortem",
        )?;
        require(
            self.reviewers.is_empty() || self.reviewers.iter().any(|r| r == &who.id),
            "only the assigned reviewers review this postmortem",
        )?;
        require(
            self.submitted_by.as_deref() != Some(who.id.as_str()),
            "the person who submitted a postmortem does not review it",
        )
    }
}

fn require(allowed: bool, why: &'static str) -> Result<(), WorkflowError> {
    if allowed {
        Ok(())
    } else {
        Err(WorkflowError::Forbidden(why))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const AT: OffsetDateTime = datetime!(2026-12-05 10:00 UTC);

    fn person(id: &str, can_edit: bool, can_review: bool, is_admin: bool) -> Who {
        Who {
            id: id.into(),
            name: id.to_uppercase(),
            can_edit,
            can_review,
            is_admin,
        }
    }

    fn editor(id: &str) -> Who {
        person(id, true, true, false)
    }

    fn reviewer(id: &str) -> Who {
        person(id, false, true, false)
    }

    fn viewer(id: &str) -> Who {
        person(id, false, false, false)
    }

    fn admin(id: &str) -> Who {
        person(id, true, true, true)
    }

    #[test]
    fn a_postmortem_goes_from_draft_to_published_and_back() {
        let mut review = Review {
            owner: Some("ann".into()),
            ..Review::default()
        };
        review.take(Step::Submit, &editor("ann"), None, AT).unwrap();
        assert_eq!(review.stage, Stage::Review);
        let approved = review
            .take(Step::Approve, &reviewer("rob"), Some("LGTM".into()), AT)
            .unwrap();
        assert_eq!(
            (approved.from, approved.to),
            (Stage::Review, Stage::Approved)
        );
        assert_eq!(approved.note.as_deref(), Some("LGTM"));
        review
            .take(Step::Publish, &editor("ann"), None, AT)
            .unwrap();
        assert_eq!(review.stage, Stage::Published);
        review.take(Step::Reopen, &editor("eve"), None, AT).unwrap();
        assert_eq!(review.stage, Stage::Draft);
        assert!(review.approvals.is_empty());
        assert_eq!(
            review.history.iter().map(|t| t.step).collect::<Vec<_>>(),
            [Step::Submit, Step::Approve, Step::Publish, Step::Reopen]
        );
    }

    #[test]
    fn each_step_only_from_its_stages() {
        for (stage, step) in [
            (Stage::Review, Step::Submit),
            (Stage::Draft, Step::Approve),
            (Stage::Approved, Step::Approve),
            (Stage::Draft, Step::RequestChanges),
            (Stage::Draft, Step::Publish),
            (Stage::Review, Step::Publish),
            (Stage::Published, Step::Publish),
            (Stage::Draft, Step::Reopen),
        ] {
            let mut review = Review {
                stage,
                ..Review::default()
            };
            assert_eq!(
                review.take(step, &admin("root"), None, AT),
                Err(WorkflowError::Stage(step, stage)),
                "{step:?} from {stage:?}"
            );
            assert_eq!(review.stage, stage);
            assert!(review.history.is_empty());
        }
    }

    #[test]
    fn each_step_only_by_its_roles() {
        let submitted = || {
            let mut review = Review::default();
            review.take(Step::Submit, &editor("ann"), None, AT).unwrap();
            review
        };
        assert!(Review::default()
            .take(Step::Submit, &reviewer("rob"), None, AT)
            .unwrap_err()
            .is_forbidden());
        assert!(submitted()
            .take(Step::Approve, &viewer("vic"), None, AT)
            .unwrap_err()
            .is_forbidden());
        // No approving one's own submission, and no changes requested on it either.
        for step in [Step::Approve, Step::RequestChanges] {
            assert!(submitted()
                .take(step, &editor("ann"), None, AT)
                .unwrap_err()
                .is_forbidden());
        }
        let mut approved = submitted();
        approved
            .take(Step::Approve, &editor("eve"), None, AT)
            .unwrap();
        // Publishing is for administrators and the owner.
        assert!(approved
            .clone()
            .take(Step::Publish, &editor("eve"), None, AT)
            .unwrap_err()
            .is_forbidden());
        approved
            .clone()
            .take(Step::Publish, &admin("root"), None, AT)
            .unwrap();
        approved.owner = Some("eve".into());
        approved
            .take(Step::Publish, &editor("eve"), None, AT)
            .unwrap();
        assert!(approved
            .take(Step::Reopen, &reviewer("rob"), None, AT)
            .unwrap_err()
            .is_forbidden());
    }

    #[test]
    fn assigned_reviewers_and_a_count_of_approvals() {
        let mut review = Review::default();
        review
            .assign(vec!["rob".into(), "sue".into()], 2, &editor("ann"))
            .unwrap();
        review.take(Step::Submit, &editor("ann"), None, AT).unwrap();
        assert!(review
            .take(Step::Approve, &editor("eve"), None, AT)
            .unwrap_err()
            .is_forbidden());
        review
            .take(Step::Approve, &reviewer("rob"), None, AT)
            .unwrap();
        // The same approval twice counts once.
        review
            .take(Step::Approve, &reviewer("rob"), None, AT)
            .unwrap();
        assert_eq!(review.stage, Stage::Review);
        review
            .take(Step::Approve, &reviewer("sue"), None, AT)
            .unwrap();
        assert_eq!(review.stage, Stage::Approved);

        // Changes requested send it back, and the next round starts without approvals.
        let mut again = Review::default();
        again.take(Step::Submit, &editor("ann"), None, AT).unwrap();
        again
            .take(
                Step::RequestChanges,
                &reviewer("rob"),
                Some("Say why".into()),
                AT,
            )
            .unwrap();
        assert_eq!((again.stage, again.approvals.len()), (Stage::Draft, 0));

        assert_eq!(
            review.assign(vec![], 0, &editor("ann")),
            Err(WorkflowError::BadApprovals)
        );
        assert!(review
            .assign(vec![], 1, &reviewer("rob"))
            .unwrap_err()
            .is_forbidden());
    }

    #[test]
    fn notes_are_bounded_and_stages_read_as_written() {
        let long = "x".repeat(MAX_NOTE + 1);
        assert_eq!(
            Review::default().take(Step::Submit, &editor("ann"), Some(long), AT),
            Err(WorkflowError::NoteTooLong)
        );
        assert_eq!(Stage::parse("In Review"), Some(Stage::Review));
        assert_eq!(Stage::parse("in_review"), Some(Stage::Review));
        assert_eq!(Stage::parse("done"), None);
        assert_eq!(
            WorkflowError::Stage(Step::RequestChanges, Stage::Draft).to_string(),
            "cannot request changes: the postmortem is a draft"
        );
    }
}
