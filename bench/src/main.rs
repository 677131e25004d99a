//! `debrief-bench`: runs the benchmarks of issue #7 and writes the results as JSON and Markdown.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Parser;

use debrief_bench::install;
use debrief_bench::params::Params;
use debrief_bench::scenarios::Scenario;
use debrief_bench::server::{Kind, Programs};
use debrief_bench::RunConfig;

#[derive(Parser)]
#[command(
    name = "debrief-bench",
    about = "Benchmarks Debrief against y-sweet and @y/websocket-server, side by side"
)]
struct Cli {
    /// Servers to compare (each is started and stopped by the tool); hocuspocus runs only the
    /// stock-client scenarios.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Kind::Debrief, Kind::YSweet, Kind::Node, Kind::Hocuspocus])]
    servers: Vec<Kind>,

    /// Only these scenario families (fanout, throughput, stock-fanout, stock-throughput, stock-trace, trace, many-docs, join-storm,
    /// durability, check-split, check-laggard, check-ingest, check-restart, listing); all when
    /// empty.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,

    /// A few-second run with tiny sizes, to try the tool out.
    #[arg(long)]
    smoke: bool,

    /// The Debrief binary to benchmark (build it with `cargo build --release -p debrief`).
    #[arg(long, default_value = "target/release/debrief")]
    debrief: PathBuf,

    /// The editing trace to replay.
    #[arg(long, default_value = "../shared/traces/automerge-paper.json.gz")]
    trace: PathBuf,

    /// Where to write the JSON results.
    #[arg(long, default_value = "target/bench/results.json")]
    json: PathBuf,

    /// Where to write the Markdown tables.
    #[arg(long, default_value = "target/bench/results.md")]
    markdown: PathBuf,

    /// Scratch folder for server data and logs.
    #[arg(long, default_value = "target/bench/work")]
    work: PathBuf,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    if !cli.debrief.exists() && cli.servers.contains(&Kind::Debrief) {
        bail!(
            "{} not found: build it with `cargo build --release -p debrief`",
            cli.debrief.display()
        );
    }
    let params = if cli.smoke {
        Params::smoke()
    } else {
        Params::full()
    };
    let scenarios: Vec<Scenario> = Scenario::all(&params)
        .into_iter()
        .filter(|s| cli.only.is_empty() || cli.only.iter().any(|f| f == s.family()))
        .collect();
    if scenarios.is_empty() {
        bail!("no scenario matches --only {:?}", cli.only);
    }
    let bench = install::bench_dir();
    let programs = Programs {
        debrief: cli.debrief.canonicalize().unwrap_or(cli.debrief.clone()),
        y_sweet: if cli.servers.contains(&Kind::YSweet) {
            install::y_sweet(&bench)?
        } else {
            PathBuf::new()
        },
        node_server: if cli.servers.contains(&Kind::Node) {
            install::node_server(&bench)?
        } else {
            PathBuf::new()
        },
        hocuspocus_server: if cli.servers.contains(&Kind::Hocuspocus) {
            install::hocuspocus_server(&bench)?
        } else {
            PathBuf::new()
        },
        stock_driver: if scenarios.iter().any(|s| s.family().starts_with("stock-")) {
            install::stock_driver(&bench)?
        } else {
            PathBuf::new()
        },
    };
    raise_open_files_limit();
    let config = RunConfig {
        programs,
        servers: cli.servers,
        scenarios,
        params,
        trace: cli.trace,
        work: cli.work,
        command: std::env::args().collect::<Vec<_>>().join(" "),
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let report = runtime.block_on(debrief_bench::run(config))?;

    for path in [&cli.json, &cli.markdown] {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
    }
    std::fs::write(&cli.json, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", cli.json.display()))?;
    let markdown = report.markdown();
    std::fs::write(&cli.markdown, &markdown)
        .with_context(|| format!("writing {}", cli.markdown.display()))?;
    println!("{markdown}");
    eprintln!(
        "results: {} and {}",
        cli.json.display(),
        cli.markdown.display()
    );
    Ok(())
}

/// Hundreds of client sockets plus the servers' own files need more than the common default
/// of 1024 descriptors; raise the soft limit to the hard one (children inherit it).
fn raise_open_files_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit with a valid pointer to a local struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}
