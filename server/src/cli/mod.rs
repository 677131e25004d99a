//! Offline `debrief` subcommands: the logic behind the command line, kept out of `main.rs`.
//!
//! - [`lint`]: `debrief lint`, the blameful-language annotator over Markdown and text files;
//! - [`prose`]: the paragraphs of a file, without code, mapped back to file offsets.

pub mod lint;
pub mod prose;
