//! Installs the servers Debrief is compared with, when they are missing, so that `make bench`
//! works on a fresh machine: y-sweet from crates.io (`cargo install --locked`; it does not
//! compile without `--locked`) into `bench/.servers/`, and `@y/websocket-server` from npm with
//! the committed lock file into `bench/servers/node/`; Hocuspocus into `bench/servers/hocuspocus/`
//! and the stock JavaScript clients into `bench/clients/stock/` the same way.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The y-sweet release the benchmarks were written against.
const Y_SWEET_VERSION: &str = "0.9.1";

/// The folder of this crate (`bench/`).
pub fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Path of the y-sweet binary, installing it first if needed.
pub fn y_sweet(bench: &Path) -> Result<PathBuf> {
    let root = bench.join(".servers");
    let bin = root.join("bin/y-sweet");
    if !bin.exists() {
        eprintln!(
            "installing y-sweet {Y_SWEET_VERSION} into {}",
            root.display()
        );
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        run(Command::new(cargo)
            .args([
                "install",
                "y-sweet",
                "--locked",
                "--version",
                Y_SWEET_VERSION,
                "--root",
            ])
            .arg(&root))?;
    }
    Ok(bin)
}

/// Path of `@y/websocket-server`'s `server.js`, running `npm ci` first if needed.
pub fn node_server(bench: &Path) -> Result<PathBuf> {
    let dir = bench.join("servers/node");
    let script = dir.join("node_modules/@y/websocket-server/src/server.js");
    if !script.exists() {
        eprintln!("installing @y/websocket-server into {}", dir.display());
        npm_ci(&dir)?;
    }
    Ok(script)
}

/// Path of the Hocuspocus server's `server.mjs`, running `npm ci` first if needed. npm 11 does
/// not run install scripts by default, so `better-sqlite3` (which its SQLite extension uses) is
/// then built with `npm rebuild` when its native module is missing.
pub fn hocuspocus_server(bench: &Path) -> Result<PathBuf> {
    let dir = bench.join("servers/hocuspocus");
    if !dir.join("node_modules/@hocuspocus/server").exists() {
        eprintln!("installing @hocuspocus/server into {}", dir.display());
        npm_ci(&dir)?;
    }
    if !dir
        .join("node_modules/better-sqlite3/build/Release/better_sqlite3.node")
        .exists()
    {
        eprintln!("building better-sqlite3 in {}", dir.display());
        run(Command::new("npm")
            .args(["rebuild", "better-sqlite3"])
            .current_dir(&dir))?;
    }
    Ok(dir.join("server.mjs"))
}

/// Path of the stock-client driver `driver.mjs`, running `npm ci` first if needed.
pub fn stock_driver(bench: &Path) -> Result<PathBuf> {
    let dir = bench.join("clients/stock");
    if !dir.join("node_modules/y-websocket").exists() {
        eprintln!(
            "installing the stock JavaScript clients into {}",
            dir.display()
        );
        npm_ci(&dir)?;
    }
    Ok(dir.join("driver.mjs"))
}

fn npm_ci(dir: &Path) -> Result<()> {
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))
}

fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("running {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}
