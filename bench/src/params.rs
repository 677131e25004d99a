//! How big each scenario is: the full run (`make bench`) and a smoke run small enough for the
//! test suite. Every loop in the scenarios is bounded by these counts and times.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Params {
    /// Fan-out: reader counts, keystrokes typed, and the pause between keystrokes.
    pub fanout_readers: Vec<usize>,
    pub fanout_keystrokes: u32,
    pub fanout_interval: Duration,
    /// Throughput: writer counts and how long they write.
    pub throughput_writers: Vec<usize>,
    pub throughput_time: Duration,
    /// Edits a writer may have in flight (sent, not yet echoed).
    pub window: u32,
    /// Trace replay: keep only this many patches (all when `None`), readers watching, and the
    /// most time the replay may take.
    pub trace_limit: Option<usize>,
    pub trace_readers: usize,
    pub trace_time_limit: Duration,
    /// Many documents: how many, connected how many at a time, and how long to wait for unload.
    pub many_docs: usize,
    pub many_docs_concurrency: usize,
    pub unload_wait: Duration,
    /// Join storm: clients joining the big document at once.
    pub storm_clients: usize,
    /// Split check: trials, each with this many clients connecting to a new document at once.
    pub split_trials: usize,
    pub split_clients: usize,
    /// Lagging-client check: MiB written while one client reads nothing.
    pub laggard_mib: usize,
    /// Ingest check: keystrokes typed into the empty and into the big document.
    pub ingest_keystrokes: u32,
    /// Listing: postmortems created first, then requests timed per kind of listing.
    pub listing_postmortems: usize,
    pub listing_requests: usize,
    /// Restart checks: how long the writer types before the server is stopped or killed.
    pub restart_typing: Duration,
    /// Longest wait for peers to converge, connect or sync.
    pub timeout: Duration,
    /// Longest a whole scenario may take on one server.
    pub scenario_limit: Duration,
}

impl Params {
    /// The full benchmark.
    pub fn full() -> Params {
        Params {
            fanout_readers: vec![1, 10, 50, 200],
            fanout_keystrokes: 250,
            fanout_interval: Duration::from_millis(20),
            throughput_writers: vec![4, 16],
            throughput_time: Duration::from_secs(5),
            window: 64,
            trace_limit: None,
            trace_readers: 10,
            trace_time_limit: Duration::from_secs(150),
            many_docs: 1000,
            many_docs_concurrency: 50,
            unload_wait: Duration::from_secs(6),
            storm_clients: 100,
            split_trials: 10,
            split_clients: 10,
            laggard_mib: 16,
            ingest_keystrokes: 2000,
            listing_postmortems: 10_000,
            listing_requests: 200,
            restart_typing: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            scenario_limit: Duration::from_secs(420),
        }
    }

    /// A few seconds in all: for the test suite, against a debug build.
    pub fn smoke() -> Params {
        Params {
            fanout_readers: vec![3],
            fanout_keystrokes: 30,
            fanout_interval: Duration::from_millis(5),
            throughput_writers: vec![2],
            throughput_time: Duration::from_millis(300),
            window: 16,
            trace_limit: Some(2000),
            trace_readers: 2,
            trace_time_limit: Duration::from_secs(20),
            many_docs: 20,
            many_docs_concurrency: 10,
            unload_wait: Duration::from_secs(2),
            storm_clients: 10,
            split_trials: 3,
            split_clients: 4,
            laggard_mib: 12,
            ingest_keystrokes: 100,
            listing_postmortems: 100,
            listing_requests: 10,
            restart_typing: Duration::from_millis(200),
            timeout: Duration::from_secs(15),
            scenario_limit: Duration::from_secs(60),
        }
    }
}
