//! The servers under test, run as child processes on 127.0.0.1.
//!
//! Each scenario gets a fresh process and a fresh data folder, so the CPU time and peak RSS read
//! from `/proc` belong to that scenario alone. A [`Harness`] owns the process across the restarts
//! a scenario asks for (graceful or `kill -9`) and adds up what every process of the scenario cost.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::Serialize;
use tokio::process::{Child, Command};

use crate::procfs::{disk_usage, disk_usage_by_entry, ProcStats};

/// A server implementation (or Debrief in a special mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Debrief as it ships: each update is in its document's log file before it is broadcast.
    Debrief,
    /// Debrief with `--durability machine`: an fsync before every broadcast.
    DebriefFsync,
    /// y-sweet, from crates.io.
    YSweet,
    /// `@y/websocket-server`, the reference Node server, with LevelDB persistence.
    Node,
    /// `@hocuspocus/server` with its SQLite extension. It prefixes every message with the
    /// document's name, so only the stock-client scenarios (HocuspocusProvider) run against it.
    Hocuspocus,
}

impl Kind {
    /// Debrief in any of its modes (never "another server" in a target's comparison).
    pub fn is_debrief(self) -> bool {
        matches!(self, Kind::Debrief | Kind::DebriefFsync)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Debrief => "Debrief",
            Kind::DebriefFsync => "Debrief (fsync)",
            Kind::YSweet => "y-sweet",
            Kind::Node => "y-websocket-server",
            Kind::Hocuspocus => "Hocuspocus",
        }
    }
}

/// Where the server programs are.
#[derive(Debug, Clone)]
pub struct Programs {
    pub debrief: PathBuf,
    pub y_sweet: PathBuf,
    /// `server.js` of `@y/websocket-server`.
    pub node_server: PathBuf,
    /// `server.mjs` of the Hocuspocus server.
    pub hocuspocus_server: PathBuf,
    /// `driver.mjs` of the stock JavaScript clients.
    pub stock_driver: PathBuf,
}

/// Which stock JavaScript provider talks to a server, and the URL it is given.
pub struct StockEndpoint {
    /// `y-websocket` (WebsocketProvider) or `hocuspocus` (HocuspocusProvider).
    pub provider: &'static str,
    /// WebsocketProvider appends `/<room>` to this; HocuspocusProvider connects to it as is.
    pub base: String,
}

/// How to start one server for one scenario.
#[derive(Debug, Clone)]
pub struct Launch {
    pub kind: Kind,
    pub programs: Programs,
    /// Unload idle documents as soon as each server allows (the many-documents scenario).
    pub fast_unload: bool,
}

/// How long a server may take to start listening or to stop.
const START_TIMEOUT: Duration = Duration::from_secs(30);
const STOP_TIMEOUT: Duration = Duration::from_secs(60);

/// A server whose resident memory passes this is killed: the machine is shared, and a run
/// that would swallow it measures nothing useful.
pub const RSS_LIMIT_MIB: f64 = 3072.0;

/// How often the memory watchdog looks.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// One running server process.
pub struct Server {
    kind: Kind,
    child: Child,
    pid: u32,
    port: u16,
    watchdog: tokio::task::JoinHandle<()>,
    /// Set when the watchdog killed the process.
    tripped: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.watchdog.abort();
    }
}

/// Kills `pid` with SIGKILL if its RSS passes [`RSS_LIMIT_MIB`].
fn watch_memory(pid: u32, tripped: Arc<AtomicBool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(WATCH_EVERY).await;
            let Ok(stats) = ProcStats::read(pid) else {
                return;
            };
            if stats.rss_mib > RSS_LIMIT_MIB {
                tripped.store(true, Ordering::SeqCst);
                signal(pid, libc::SIGKILL);
                return;
            }
        }
    })
}

fn signal(pid: u32, signal: libc::c_int) {
    // SAFETY: kill(2) on our own child's pid, which has not been reaped while we hold it.
    unsafe {
        libc::kill(pid as libc::pid_t, signal);
    }
}

impl Server {
    /// Starts a server with its data in `data` and waits until it accepts connections.
    pub async fn start(launch: &Launch, data: &Path, log: &Path) -> Result<Server> {
        let port = free_port()?;
        let mut command = command(launch, data, port);
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .with_context(|| format!("opening {}", log.display()))?;
        let child = command
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", launch.kind.label()))?;
        let pid = child.id().context("server exited at once")?;
        let tripped = Arc::new(AtomicBool::new(false));
        let mut server = Server {
            kind: launch.kind,
            child,
            pid,
            port,
            watchdog: watch_memory(pid, tripped.clone()),
            tripped,
        };
        server.wait_listening(log).await?;
        Ok(server)
    }

    async fn wait_listening(&mut self, log: &Path) -> Result<()> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return Ok(());
            }
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "{} exited with {status} before listening; see {}",
                    self.kind.label(),
                    log.display()
                );
            }
            if Instant::now() > deadline {
                bail!("{} did not start listening", self.kind.label());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The WebSocket URL of document `doc`.
    pub fn ws_url(&self, doc: &str) -> String {
        let port = self.port;
        match self.kind {
            Kind::Debrief | Kind::DebriefFsync => {
                format!("ws://127.0.0.1:{port}/ws/{doc}")
            }
            Kind::YSweet => format!("ws://127.0.0.1:{port}/d/{doc}/ws/{doc}"),
            Kind::Node | Kind::Hocuspocus => format!("ws://127.0.0.1:{port}/{doc}"),
        }
    }

    /// Where the stock JavaScript client connects for document `doc`.
    pub fn stock_endpoint(&self, doc: &str) -> StockEndpoint {
        let port = self.port;
        let (provider, base) = match self.kind {
            Kind::Debrief | Kind::DebriefFsync => {
                ("y-websocket", format!("ws://127.0.0.1:{port}/ws"))
            }
            Kind::YSweet => ("y-websocket", format!("ws://127.0.0.1:{port}/d/{doc}/ws")),
            Kind::Node => ("y-websocket", format!("ws://127.0.0.1:{port}")),
            Kind::Hocuspocus => ("hocuspocus", format!("ws://127.0.0.1:{port}")),
        };
        StockEndpoint { provider, base }
    }

    /// The URL of `path` on the server's HTTP port (Debrief's API).
    pub fn http_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn stats(&self) -> Result<ProcStats> {
        ProcStats::read(self.pid)
    }

    /// Stops the server the way an operator would (SIGINT for y-sweet, whose graceful shutdown
    /// only SIGINT triggers; SIGTERM for the others) and waits for it to exit.
    pub async fn stop(mut self) -> Result<Duration> {
        let signal = match self.kind {
            Kind::YSweet => libc::SIGINT,
            _ => libc::SIGTERM,
        };
        let started = Instant::now();
        self.signal(signal);
        match tokio::time::timeout(STOP_TIMEOUT, self.child.wait()).await {
            Ok(status) => {
                status?;
                Ok(started.elapsed())
            }
            Err(_) => {
                let label = self.kind.label();
                self.kill().await;
                bail!("{label} did not stop within {STOP_TIMEOUT:?}")
            }
        }
    }

    /// `kill -9`.
    pub async fn kill(mut self) {
        self.signal(libc::SIGKILL);
        let _ = self.child.wait().await;
    }

    fn signal(&self, sig: libc::c_int) {
        signal(self.pid, sig);
    }

    /// Whether the memory watchdog killed this server.
    pub fn tripped(&self) -> bool {
        self.tripped.load(Ordering::SeqCst)
    }
}

fn command(launch: &Launch, data: &Path, port: u16) -> Command {
    let programs = &launch.programs;
    match launch.kind {
        kind @ (Kind::Debrief | Kind::DebriefFsync) => {
            let mut c = Command::new(&programs.debrief);
            c.arg("serve")
                .arg("--addr")
                .arg(format!("127.0.0.1:{port}"))
                .arg("--data")
                .arg(data)
                .arg("--web-dir")
                .arg(data.join("no-web-client"))
                .env("RUST_LOG", server_log_level());
            if launch.fast_unload {
                c.args(["--idle-unload", "1s"]);
            }
            if kind == Kind::DebriefFsync {
                c.args(["--durability", "machine"]);
            }
            c
        }
        Kind::YSweet => {
            let mut c = Command::new(&programs.y_sweet);
            c.arg("serve")
                .arg(data)
                .args(["--host", "127.0.0.1", "--port"])
                .arg(port.to_string())
                .env("RUST_LOG", server_log_level());
            if launch.fast_unload {
                // y-sweet unloads a document after two checkpoints without connections.
                c.args(["--checkpoint-freq-seconds", "1"]);
            }
            c
        }
        Kind::Node => {
            let mut c = Command::new("node");
            c.arg(&programs.node_server)
                .env("HOST", "127.0.0.1")
                .env("PORT", port.to_string())
                .env("YPERSISTENCE", data);
            c
        }
        Kind::Hocuspocus => {
            let mut c = Command::new("node");
            c.arg(&programs.hocuspocus_server)
                .env("HOST", "127.0.0.1")
                .env("PORT", port.to_string())
                .env("DATA", data);
            c
        }
    }
}

/// The servers' log filter: `BENCH_SERVER_LOG`, or warnings only.
fn server_log_level() -> String {
    std::env::var("BENCH_SERVER_LOG").unwrap_or_else(|_| "warn".into())
}

/// A port nobody listens on right now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// One scenario's server: the process, its data folder, and what earlier processes of the same
/// scenario cost.
pub struct Harness {
    pub launch: Launch,
    data: tempfile::TempDir,
    log: PathBuf,
    server: Option<Server>,
    spent_cpu: f64,
    peak_rss: f64,
    /// The memory watchdog killed one of the scenario's processes.
    tripped: bool,
}

impl Harness {
    /// Starts the server in a fresh data folder under `work`; its output goes to `log`.
    pub async fn start(launch: Launch, work: &Path, log: PathBuf) -> Result<Harness> {
        let data = tempfile::Builder::new()
            .prefix("data-")
            .tempdir_in(work)
            .context("creating a data folder")?;
        let server = Server::start(&launch, data.path(), &log).await?;
        Ok(Harness {
            launch,
            data,
            log,
            server: Some(server),
            spent_cpu: 0.0,
            peak_rss: 0.0,
            tripped: false,
        })
    }

    fn server(&self) -> &Server {
        self.server.as_ref().expect("server running")
    }

    pub fn ws_url(&self, doc: &str) -> String {
        self.server().ws_url(doc)
    }

    pub fn stock_endpoint(&self, doc: &str) -> StockEndpoint {
        self.server().stock_endpoint(doc)
    }

    pub fn http_url(&self, path: &str) -> String {
        self.server().http_url(path)
    }

    /// The running process now.
    pub fn stats(&self) -> Result<ProcStats> {
        self.server().stats()
    }

    /// CPU seconds of the running process's live threads, to the nanosecond.
    pub fn thread_cpu_secs(&self) -> Result<f64> {
        crate::procfs::thread_cpu_secs(self.server().pid)
    }

    /// Waits (at most `limit`) until the server has used no CPU for 200 ms.
    pub async fn wait_until_idle(&self, limit: Duration) -> Result<()> {
        let deadline = tokio::time::Instant::now() + limit;
        let mut last = self.thread_cpu_secs()?;
        while tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let now = self.thread_cpu_secs()?;
            if now - last < 1e-3 {
                return Ok(());
            }
            last = now;
        }
        Ok(())
    }

    /// Bytes the data folder occupies.
    pub fn bytes_on_disk(&self) -> Result<u64> {
        disk_usage(self.data.path())
    }

    /// Where in the data folder those bytes are, largest first.
    pub fn disk_usage_by_entry(&self) -> Result<String> {
        disk_usage_by_entry(self.data.path())
    }

    /// Books what the running process cost before it goes away.
    fn book(&mut self) -> Result<Server> {
        let server = self.server.take().expect("server running");
        self.tripped |= server.tripped();
        let stats = server.stats()?;
        self.spent_cpu += stats.cpu_secs;
        self.peak_rss = self.peak_rss.max(stats.peak_rss_mib);
        Ok(server)
    }

    /// Stops the server gracefully; returns how long it took to exit.
    pub async fn stop(&mut self) -> Result<Duration> {
        self.book()?.stop().await
    }

    /// `kill -9`s the server.
    pub async fn kill(&mut self) -> Result<()> {
        self.book()?.kill().await;
        Ok(())
    }

    /// Starts the server again on the same data (after [`Self::stop`] or [`Self::kill`]).
    pub async fn start_again(&mut self) -> Result<Duration> {
        let started = Instant::now();
        self.server = Some(Server::start(&self.launch, self.data.path(), &self.log).await?);
        Ok(started.elapsed())
    }

    /// Whether the memory watchdog killed a process of this scenario.
    pub fn tripped(&self) -> bool {
        self.tripped || self.server.as_ref().is_some_and(Server::tripped)
    }

    /// Stops the server for good; returns CPU seconds and peak RSS over the whole scenario.
    pub async fn finish(mut self) -> Result<ProcStats> {
        if self.server.is_some() {
            let took = self.stop().await?;
            if took > Duration::from_secs(5) {
                eprint!("(graceful stop took {:.1} s) ", took.as_secs_f64());
            }
        }
        Ok(ProcStats {
            cpu_secs: self.spent_cpu,
            rss_mib: 0.0,
            peak_rss_mib: self.peak_rss,
        })
    }
}
