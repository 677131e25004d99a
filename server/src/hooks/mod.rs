//! Hooks: pure functions over document text that derive insights from a postmortem.
//!
//! A hook takes plain text in and gives findings out, with no I/O and no shared state, so the
//! same code serves the `debrief` command line and the live server. In the server a worker runs
//! hooks off the sync path (after typing pauses, on the paragraphs that changed) and writes what
//! they find into the postmortem's server-owned `P.insights` room; a slow or failing hook never
//! delays an edit.
//!
//! - [`blame`]: flags blameful language ("Kevin broke prod", "human error") with a blameless
//!   way to say it.

pub mod blame;
