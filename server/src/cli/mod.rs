//! The library side of `debrief` subcommands other than `serve`: each reads files, runs a hook
//! and prints its findings, so `main.rs` only parses arguments and sets the exit code.

pub mod actions;
