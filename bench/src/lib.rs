//! Debrief's load benchmarks (issue #7): Debrief against y-sweet and the reference
//! `@y/websocket-server`, side by side, in one run on one machine.
//!
//! [`run`] starts every server itself on 127.0.0.1 (a fresh process and data folder per
//! scenario), drives it with `tokio-tungstenite` + `yrs` client peers ([`peer`]), records the
//! server's CPU time and peak RSS from `/proc`, stops it, and collects a [`report::Report`].
//! Every loop is bounded in count ([`params`]) and time.

pub mod direct;
pub mod install;
pub mod outcome;
pub mod params;
pub mod peer;
pub mod procfs;
pub mod report;
pub mod scenarios;
pub mod server;
pub mod targets;
pub mod trace;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use crate::params::Params;
use crate::report::{Machine, Report, Run, ScenarioReport};
use crate::scenarios::{BigDoc, Ctx, Scenario};
use crate::server::{Harness, Kind, Launch, Programs};
use crate::trace::Trace;

/// What to run.
pub struct RunConfig {
    pub programs: Programs,
    pub servers: Vec<Kind>,
    pub scenarios: Vec<Scenario>,
    pub params: Params,
    /// The gzipped editing trace (automerge-paper).
    pub trace: PathBuf,
    /// Scratch folder for data folders and server logs.
    pub work: PathBuf,
    /// The command line, for the report.
    pub command: String,
}

/// Runs every scenario against every server; a failure is recorded, not fatal.
pub async fn run(config: RunConfig) -> Result<Report> {
    let machine = Machine::describe();
    std::fs::create_dir_all(&config.work)
        .with_context(|| format!("creating {}", config.work.display()))?;
    let trace = Trace::load(&config.trace, config.params.trace_limit)?;
    let big = BigDoc::from_trace(&trace)?;
    if config.params.trace_limit.is_none() && big.text != trace.end_content {
        bail!("replaying the trace locally does not give its endContent");
    }
    let ctx = Ctx {
        params: config.params,
        trace: Arc::new(trace),
        trace_path: config.trace.clone(),
        big: Arc::new(big),
    };

    let mut scenarios = Vec::new();
    for scenario in &config.scenarios {
        let mut report = ScenarioReport {
            id: scenario.id(),
            title: scenario.title(&ctx.params),
            runs: Vec::new(),
        };
        for kind in scenario.servers(&config.servers) {
            eprint!("{} on {} ... ", scenario.id(), kind.label());
            let launch = Launch {
                kind,
                programs: config.programs.clone(),
                fast_unload: scenario.fast_unload(),
            };
            let run = run_one(*scenario, launch, &ctx, &config.work).await;
            match (&run.error, &run.outcome) {
                (Some(e), _) => eprintln!("failed: {e}"),
                (None, Some(o)) if o.passed == Some(false) => eprintln!("done (check FAILED)"),
                _ => eprintln!("done"),
            }
            report.runs.push(run);
        }
        if !report.runs.is_empty() {
            scenarios.push(report);
        }
    }
    let mut report = Report {
        machine,
        command: config.command,
        scenarios,
        targets: Vec::new(),
    };
    report.targets = targets::judge(&report);
    Ok(report)
}

/// One scenario on one fresh server.
async fn run_one(scenario: Scenario, launch: Launch, ctx: &Ctx, work: &std::path::Path) -> Run {
    let kind = launch.kind;
    let log = work.join(format!(
        "{}-{}.log",
        scenario.id(),
        kind.label().replace([' ', '(', ')'], "")
    ));
    let mut harness = match Harness::start(launch, work, log).await {
        Ok(h) => h,
        Err(e) => {
            return Run {
                server: kind,
                outcome: None,
                error: Some(format!("{e:#}")),
                process: None,
            }
        }
    };
    let limit = ctx.params.scenario_limit;
    let result = match tokio::time::timeout(limit, scenario.run(&mut harness, ctx)).await {
        Ok(result) => result,
        Err(_) => Err(anyhow::anyhow!("scenario took longer than {limit:?}")),
    };
    let tripped = harness.tripped();
    let process = harness.finish().await;
    let result = if tripped {
        Err(anyhow::anyhow!(
            "the server's RSS passed {} MiB and the bench killed it",
            server::RSS_LIMIT_MIB
        ))
    } else {
        result
    };
    let (outcome, mut error) = match result {
        Ok(mut outcome) => {
            if let Ok(p) = &process {
                outcome.lower("server CPU time", "s", p.cpu_secs);
                outcome.lower("server peak RSS", "MiB", p.peak_rss_mib);
            }
            (Some(outcome), None)
        }
        Err(e) => (None, Some(format!("{e:#}"))),
    };
    if let Err(e) = &process {
        error.get_or_insert_with(|| format!("stopping the server: {e:#}"));
    }
    Run {
        server: kind,
        outcome,
        error,
        process: process.ok(),
    }
}
