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
    // Boxed: its many flags would make every command as large.
    Serve(Box<ServeConfig>),
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
            debrief::allocator::limit_arenas();
            tracing_subscriber::fmt()
                .with_env_filter(
                    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
                )
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .init();
            match debrief::open_files::raise_to_hard_limit() {
                Ok((before, after)) if after > before => {
                    tracing::info!(from = before, to = after, "raised the open-file limit");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not raise the open-file limit"),
            }
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            // The signal handlers are registered inside the runtime, before `serve` binds.
            let served = runtime.block_on(async { serve(*config, shutdown_signal()).await });
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
