//! Each postmortem's review record, kept in the store's table `reviews` (postmortem id → the
//! [`Review`] as JSON). The record, not the document, is where a postmortem's stage lives: the
//! document's `meta.status` shows it, written by the server after each step.
//!
//! Steps are read-modify-write: one lock serialises them, so two reviewers approving at once
//! both count. Calls block briefly (no disk wait); async callers run them on the blocking pool.

use std::sync::{Arc, Mutex};

use time::OffsetDateTime;

use super::workflow::{Review, Stage, Step, Transition, Who, WorkflowError};
use crate::store::{Store, StoreError, Table};

/// Why a step could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The review records of every postmortem.
pub struct Reviews {
    table: Arc<dyn Table>,
    writing: Mutex<()>,
}

impl Reviews {
    pub fn open(store: &dyn Store) -> Result<Reviews, StoreError> {
        Ok(Reviews {
            table: store.table("reviews")?,
            writing: Mutex::new(()),
        })
    }

    /// The record of postmortem `id`; for one that has none yet (created before reviews
    /// existed), a fresh record at `stage`, the stage its document shows.
    pub fn get(&self, id: &str, stage: Stage) -> Result<Review, StoreError> {
        Ok(match self.table.get(id.as_bytes())? {
            Some(value) => {
                serde_json::from_slice(&value).map_err(|e| StoreError::Corrupt(e.to_string()))?
            }
            None => Review {
                stage,
                ..Review::default()
            },
        })
    }

    /// Starts the record of a new postmortem: its owner and first stage.
    pub fn start(&self, id: &str, owner: &str, stage: Stage) -> Result<(), StoreError> {
        let review = Review {
            stage,
            owner: Some(owner.to_owned()),
            ..Review::default()
        };
        self.put(id, &review)
    }

    /// Takes `step` on postmortem `id` (whose document shows `shown` if it has no record yet).
    pub fn take(
        &self,
        id: &str,
        shown: Stage,
        step: Step,
        who: &Who,
        note: Option<String>,
    ) -> Result<(Review, Transition), ReviewError> {
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let mut review = self.get(id, shown)?;
        let transition = review.take(step, who, note, OffsetDateTime::now_utc())?;
        self.put(id, &review)?;
        Ok((review, transition))
    }

    /// Records that the last step taken on postmortem `id` saved version `number`.
    pub fn attach_version(&self, id: &str, number: u32) -> Result<Review, StoreError> {
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let mut review = self.get(id, Stage::Draft)?;
        if let Some(last) = review.history.last_mut() {
            last.version = Some(number);
        }
        self.put(id, &review)?;
        Ok(review)
    }

    /// Assigns the reviewers of postmortem `id` and the approvals it needs.
    pub fn assign(
        &self,
        id: &str,
        shown: Stage,
        reviewers: Vec<String>,
        required_approvals: u32,
        who: &Who,
    ) -> Result<Review, ReviewError> {
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let mut review = self.get(id, shown)?;
        review.assign(reviewers, required_approvals, who)?;
        self.put(id, &review)?;
        Ok(review)
    }

    fn put(&self, id: &str, review: &Review) -> Result<(), StoreError> {
        let value = serde_json::to_vec(review).expect("a review serializes");
        self.table.insert(id.as_bytes(), value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SledStore;

    fn editor(id: &str) -> Who {
        Who {
            id: id.into(),
            name: id.into(),
            can_edit: true,
            can_review: true,
            is_admin: false,
        }
    }

    #[test]
    fn steps_are_kept_and_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = SledStore::open(dir.path()).unwrap();
            let reviews = Reviews::open(&store).unwrap();
            reviews.start("pm", "ann", Stage::Draft).unwrap();
            reviews
                .take("pm", Stage::Draft, Step::Submit, &editor("ann"), None)
                .unwrap();
            let refused = reviews.take("pm", Stage::Draft, Step::Approve, &editor("ann"), None);
            assert!(matches!(refused, Err(ReviewError::Workflow(e)) if e.is_forbidden()));
        }
        let store = SledStore::open(dir.path()).unwrap();
        let review = Reviews::open(&store)
            .unwrap()
            .get("pm", Stage::Draft)
            .unwrap();
        assert_eq!(review.stage, Stage::Review);
        assert_eq!(review.owner.as_deref(), Some("ann"));
        assert_eq!(review.history.len(), 1);
    }

    #[test]
    fn a_postmortem_without_a_record_starts_where_its_document_stands() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let reviews = Reviews::open(&store).unwrap();
        let (review, _) = reviews
            .take("old", Stage::Review, Step::Approve, &editor("rob"), None)
            .unwrap();
        assert_eq!(review.stage, Stage::Approved);
    }
}
