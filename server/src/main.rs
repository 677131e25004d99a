//! The `debrief` command line.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use debrief::cli::actions::ActionsArgs;
use debrief::cli::lint::LintArgs;
use debrief::config::ServeConfig;
use debrief::server::{serve, shutdown_signal};

#[derive(Parser)]
#[command(
    name = "debrief",
    version,
    about = "Collaborative editor server for blameless incident postmortems"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve(ServeConfig),
    /// Flag blameful language in postmortems (Markdown or text files).
    Lint(LintArgs),
    /// List the action items in Markdown postmortems.
    Actions(ActionsArgs),
}

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint(args) => Ok(debrief::cli::lint::run(&args)),
        Command::Serve(config) => {
            limit_malloc_arenas();
            tracing_subscriber::fmt()
                .with_env_filter(
                    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
                )
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .init();
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            let served = runtime.block_on(serve(config, shutdown_signal()));
            // `serve` returns within the shutdown timeout; whatever it left on the blocking pool
            // (a job between two cancellation checks, a slow flush) must not hold the exit.
            runtime.shutdown_background();
            served.context("debrief serve failed")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Actions(args) => {
            match debrief::cli::actions::run(&args, &mut std::io::stdout().lock()) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(error) => {
                    eprintln!("debrief actions: {error}");
                    Ok(ExitCode::from(2))
                }
            }
        }
    }
}

/// Caps glibc's malloc arenas at one per core. By default every thread that meets contention
/// gets an arena of its own, up to eight per core; the blocking pool's threads (document loads,
/// compactions, hook runs) each left one behind, with its own free pages and fragmentation,
/// which made a third of the memory of an idle loaded document.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let arenas = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other thread
    // exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
