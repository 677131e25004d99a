//! What the fuzz targets share: the input format of the `room` target and the in-process room it
//! drives. The other targets are small enough to stand alone in `fuzz_targets/`.
//!
//! `examples/seeds.rs` writes the committed seed corpora with the same encoders, so the seeds of
//! the `room` target are sessions a fuzzer can mutate record by record.

pub mod room;
