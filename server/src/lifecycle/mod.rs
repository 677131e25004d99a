//! A postmortem's lifecycle after people stop typing: review and approval, then publishing.
//!
//! [`workflow`] is the pure state machine (stages, steps, who may take them); [`Reviews`] keeps
//! each postmortem's review record in the store.

pub mod workflow;
