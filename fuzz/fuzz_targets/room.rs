//! Frames from up to three peers, read-write and read-only, applied by a live room (see
//! `debrief_fuzz::room` for the input format and the properties checked).
//!
//! libFuzzer's panic hook aborts at any panic, even one the room catches: a panic inside `yrs`
//! while the room applies an update is caught there and fails the room (its peers are closed
//! with 1011 and it reloads from its store), which is the server's answer to a document it can
//! no longer trust, not a crash. The hook is replaced by one that prints the panic's one-line
//! message (no backtrace: a long run meets many caught panics, and their backtraces filled the
//! disk), and a panic nothing catches still aborts (libFuzzer's own `catch_unwind` reports it).
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: std::panic::set_hook(Box::new(|panic| eprintln!("{panic}"))),
    |data: &[u8]| debrief_fuzz::room::run(data)
);
