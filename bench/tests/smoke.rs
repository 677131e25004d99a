//! A few-second smoke run of the benchmark tool against the debug build of Debrief (path from
//! `DEBRIEF_BIN`, as the Makefile sets it): every scenario that fits in that time runs end to end
//! and Debrief passes the checks. The full comparison is `make bench`.

use std::path::{Path, PathBuf};

use debrief_bench::install;
use debrief_bench::params::Params;
use debrief_bench::scenarios::Scenario;
use debrief_bench::server::{Kind, Programs};
use debrief_bench::RunConfig;

/// The Debrief binary under test, which must have been built.
fn debrief_bin() -> PathBuf {
    let debrief = std::env::var_os("DEBRIEF_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/debrief"));
    assert!(
        debrief.exists(),
        "{} not found: run `cargo build -p debrief` first",
        debrief.display()
    );
    debrief
}

/// A run of `scenarios` against Debrief alone.
fn debrief_only(
    debrief: PathBuf,
    stock_driver: PathBuf,
    scenarios: Vec<Scenario>,
    params: Params,
    work: &Path,
) -> RunConfig {
    RunConfig {
        programs: Programs {
            debrief,
            y_sweet: PathBuf::new(),
            node_server: PathBuf::new(),
            hocuspocus_server: PathBuf::new(),
            stock_driver,
        },
        servers: vec![Kind::Debrief],
        scenarios,
        params,
        trace: Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/traces/automerge-paper.json.gz"),
        work: work.to_path_buf(),
        command: "smoke test".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smoke_run_against_debrief() {
    let debrief = debrief_bin();
    let work = tempfile::tempdir().unwrap();
    let params = Params::smoke();
    let scenarios = vec![
        Scenario::FanOut(params.fanout_readers[0]),
        Scenario::Throughput(params.throughput_writers[0]),
        Scenario::Trace,
        Scenario::JoinStorm,
        Scenario::Durability,
        Scenario::Split,
        Scenario::Restart,
        Scenario::Listing,
    ];
    let config = debrief_only(debrief, PathBuf::new(), scenarios, params, work.path());
    let report = debrief_bench::run(config).await.unwrap();

    let ids: Vec<&str> = report.scenarios.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "fanout-3",
            "throughput-2",
            "trace",
            "join-storm",
            "durability",
            "check-split",
            "check-restart",
            "listing"
        ]
    );
    for scenario in &report.scenarios {
        for run in &scenario.runs {
            assert!(
                run.error.is_none(),
                "{} on {:?}: {:?}",
                scenario.id,
                run.server,
                run.error
            );
            let outcome = run.outcome.as_ref().unwrap();
            assert_ne!(
                outcome.passed,
                Some(false),
                "{} on {:?}",
                scenario.id,
                run.server
            );
            let peak = outcome.get("server peak RSS").unwrap();
            assert!(peak > 1.0, "{}: implausible peak RSS {peak}", scenario.id);
        }
    }
    let debrief = |id: &str| {
        report
            .scenario(id)
            .unwrap()
            .runs
            .iter()
            .find(|r| r.server == Kind::Debrief)
            .and_then(|r| r.outcome.clone())
            .unwrap()
    };
    // Every reader got every keystroke, with plausible latencies.
    let fanout = debrief("fanout-3");
    assert_eq!(fanout.get("readers missing keystrokes"), Some(0.0));
    assert!(fanout.get("p50").unwrap() <= fanout.get("max").unwrap());
    // The replay finished and the document came back after the restart.
    let trace = debrief("trace");
    assert_eq!(trace.get("keystrokes replayed"), Some(2000.0));
    assert!(trace
        .get("cold load (connect until the whole document arrived)")
        .is_some());
    assert!(trace.get("bytes on disk").unwrap() > 0.0);
    // The listing scenario listed and searched (it checks the counts itself).
    let listing = debrief("listing");
    assert!(listing.get("list p99").unwrap() >= listing.get("list p50").unwrap());
    assert!(listing.get("search p50").is_some());
    // Both modes of the durability scenario ran.
    let durability = report.scenario("durability").unwrap();
    let modes: Vec<Kind> = durability.runs.iter().map(|r| r.server).collect();
    assert_eq!(modes, [Kind::Debrief, Kind::DebriefFsync]);
    assert!(debrief("throughput-2").get("updates/s converged").unwrap() > 0.0);
    // Nothing a peer saw was lost.
    let restart = debrief("check-restart");
    assert_eq!(restart.get("lost after kill -9"), Some(0.0));
    assert_eq!(restart.get("lost after graceful stop"), Some(0.0));
    // The Markdown names every scenario.
    let markdown = report.markdown();
    for scenario in &report.scenarios {
        assert!(markdown.contains(&scenario.title));
    }
}

/// The stock-client mode end to end against Debrief: the Node driver with the real yjs +
/// y-websocket provider fans out and writes, and its figures come back into the report. Skipped
/// (with a message) when the driver's node_modules cannot be installed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smoke_run_of_the_stock_clients_against_debrief() {
    let debrief = debrief_bin();
    let stock_driver = match install::stock_driver(&install::bench_dir()) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("SKIPPED: the stock JavaScript clients could not be installed: {e:#}");
            return;
        }
    };
    let work = tempfile::tempdir().unwrap();
    let params = Params::smoke();
    let scenarios = vec![
        Scenario::StockFanOut(params.fanout_readers[0]),
        Scenario::StockThroughput(params.throughput_writers[0]),
    ];
    let config = debrief_only(debrief, stock_driver, scenarios, params, work.path());
    let report = debrief_bench::run(config).await.unwrap();
    let outcome = |id: &str| {
        let run = &report.scenario(id).unwrap().runs[0];
        assert!(run.error.is_none(), "{id}: {:?}", run.error);
        run.outcome.clone().unwrap()
    };
    let fanout = outcome("stock-fanout-3");
    assert_eq!(fanout.get("readers missing keystrokes"), Some(0.0));
    assert!(fanout.get("deliveries measured").unwrap() > 0.0);
    assert!(fanout.get("p50").unwrap() <= fanout.get("max").unwrap());
    let throughput = outcome("stock-throughput-2");
    assert!(throughput.get("updates/s converged").unwrap() > 0.0);
}
