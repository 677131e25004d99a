//! Hooks: what Debrief reads out of a postmortem while people write it.
//!
//! A hook is a pure function over a snapshot of a document: no I/O, no clock, no shared state, so
//! the same code serves the `debrief` command line and the live server. In the server a worker
//! runs hooks off the sync path (after typing pauses) and writes what they find into the
//! postmortem's server-owned `P.insights` room; a slow or failing hook never delays an edit.
//!
//! - [`blame`]: flags blameful language ("Kevin broke prod", "human error") with a blameless
//!   way to say it;
//! - [`privacy`]: private data (e-mail and IP addresses, phone and card numbers, secrets, listed
//!   names) with a redaction for each;
//! - [`checks`]: blame and privacy together, and the one shape of their findings;
//! - [`actions`]: the action items of a document's [blocks](crate::blocks), with owner, due
//!   date, ticket, status and quality problems.

pub mod actions;
pub mod blame;
pub mod checks;
pub mod privacy;
