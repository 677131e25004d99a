//! Frames from up to three peers, read-write and read-only, applied by a live room (see
//! `debrief_fuzz::room` for the input format and the properties checked).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| debrief_fuzz::room::run(data));
