//! A postmortem's lifecycle after people stop typing: review and approval, then publishing.
//!
//! [`workflow`] is the pure state machine (stages, steps, who may take them); [`reviews`] keeps
//! each postmortem's record in the store; [`gate`] is the checklist a postmortem must pass to be
//! published, from the [`facts`] read out of its documents; [`versions`] keeps named versions of
//! it, taken at each stage change and by hand, to read, compare and restore. The HTTP routes (`http/review.rs`) take the steps and
//! then write the new stage into the document's `meta.status`, as the server; a peer's own write
//! of `meta.status` is put back ([`crate::server`] watches the rooms' status changes).

pub mod facts;
pub mod gate;
pub mod reviews;
pub mod versions;
pub mod workflow;

pub use reviews::{ReviewError, Reviews};
pub use workflow::{Review, Stage, Step, Transition, Who};

use std::sync::Arc;

use crate::doc_name::DocName;
use crate::postmortem::meta::write_status;
use crate::room::Rooms;

/// Puts the review record's stage back into postmortem `name`'s `meta.status` after a peer wrote
/// it (`before`: what it showed until then, the stage of a postmortem without a record). Stages
/// change only through the review steps; the peer sees its write undone.
pub fn restore_stage(rooms: Rooms, reviews: Arc<Reviews>, name: DocName, before: String) {
    tokio::spawn(async move {
        let id = name.postmortem_id().to_owned();
        let shown = Stage::parse(&before).unwrap_or_default();
        let stage = match tokio::task::spawn_blocking(move || reviews.get(&id, shown)).await {
            Ok(Ok(review)) => review.stage,
            Ok(Err(e)) => {
                return tracing::error!(doc = %name, error = %e, "reading a review failed")
            }
            Err(e) => return tracing::error!(doc = %name, error = %e, "reading a review failed"),
        };
        tracing::info!(doc = %name, stage = stage.as_str(), "a peer wrote meta.status; put back");
        if let Err(e) = rooms.edit(&name, move |txn| write_status(txn, stage)).await {
            tracing::warn!(doc = %name, error = %e, "putting the stage back failed");
        }
    });
}
