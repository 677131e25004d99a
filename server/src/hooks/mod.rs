//! Hooks: what Debrief reads out of a postmortem while people write it.
//!
//! A hook is a pure function over a snapshot of a document's [blocks](crate::blocks): no I/O, no
//! clock, no shared state. That keeps it off the sync path (a worker runs hooks on a snapshot
//! after edits settle, so typing never waits for them), makes the CLI and the live server give the
//! same answers, and makes hooks easy to test on their own.

pub mod actions;
