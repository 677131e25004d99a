//! Debrief: a real-time collaborative editor server for blameless incident postmortems.
//!
//! Layout, from the wire inwards:
//! - [`http`]: routes (WebSocket upgrade, JSON API, health and metrics);
//! - [`connection`]: one WebSocket peer, its reader and writer halves;
//! - [`protocol`]: the y-protocols wire format, sans I/O;
//! - [`room`]: one live document per name, its peers, and the registry that loads them;
//! - [`store`]: durable storage (a trait, with sled as the default) and group commit;
//! - [`insights`]: the worker that runs hooks on live postmortems into `P.insights`;
//! - [`tracker`]: action items across all postmortems, with stable ids and history;
//! - [`summaries`]: the index that lists and searches postmortems without reading them;
//! - [`audit`]: the audit trail of each postmortem (who joined, changed status, shared, ...);
//! - [`webhooks`]: events posted to the endpoints administrators register: signed, queued
//!   durably, retried;
//! - [`lifecycle`]: review and approval (draft → in review → approved → published);
//! - [`auth`]: roles, share links and their tokens, per-room permissions;
//! - [`hooks`]: pure functions over document text (blameful-language annotator, action items);
//! - [`cli`]: the offline `debrief` subcommands (`debrief lint`, `debrief actions`);
//! - [`blocks`]: the document model, one tree read from and written to Markdown and the live Yjs
//!   body, and what derives from it (lint paragraphs, the action-item outline);
//! - [`postmortem`]: what a postmortem document holds, its template, Markdown in and out;
//! - [`doc_name`], [`metrics`], [`config`], [`clock`]: small shared pieces;
//! - [`v1_blocks`]: the blocks of a Yjs update as written, with what yrs keeps to itself;
//! - [`allocator`]: glibc allocator tuning (fewer arenas, free memory given back);
//! - [`work`]: CPU-bound request work (lint, import): one job per core, a deadline, cancellable;
//! - [`server`]: wires it all together for `debrief serve`.
//!
//! These docs are for the people who work on Debrief, private items included
//! (`cargo doc --document-private-items`, which `make lint` builds with warnings as errors), so
//! public items may link to private ones.

#![allow(rustdoc::private_intra_doc_links)]

pub mod allocator;
pub mod audit;
pub mod auth;
pub mod blocks;
pub mod cli;
pub mod clock;
pub mod config;
pub mod connection;
pub mod doc_name;
pub mod hooks;
pub mod http;
pub mod insights;
pub mod lifecycle;
pub mod metrics;
pub mod open_files;
pub mod postmortem;
pub mod protocol;
pub mod room;
pub mod server;
pub mod store;
pub mod summaries;
pub mod tracker;
pub mod v1_blocks;
pub mod webhooks;
pub mod work;
