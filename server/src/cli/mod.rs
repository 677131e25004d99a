//! Offline `debrief` subcommands: the logic behind the command line, kept out of `main.rs`. Each
//! reads files, runs a hook and prints its findings; `main.rs` only parses arguments and sets the
//! exit code.
//!
//! - [`lint`]: `debrief lint`, the blameful-language annotator over Markdown and text files;
//! - [`actions`]: `debrief actions`, the action items of Markdown postmortems;
//! - [`files`]: command-line paths expanded into the files to read;

pub mod actions;
pub mod files;
pub mod lint;
