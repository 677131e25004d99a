//! One Debrief process started directly (no harness), and plain HTTP/1.1 to it: what the
//! single-purpose benchmarks in `src/bin/` share. The process gets a fresh data folder, listens
//! on a free port of 127.0.0.1, and is killed when the handle drops.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::procfs::ProcStats;

/// A running `debrief serve`.
pub struct Direct {
    child: Child,
    addr: String,
    _data: tempfile::TempDir,
}

impl Direct {
    /// Starts `binary serve` with `args` added, and waits until it prints where it listens.
    pub fn start(binary: &str, args: &[&str]) -> Result<Direct> {
        let data = tempfile::tempdir()?;
        let mut child = Command::new(binary)
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data.path())
            .args(args)
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {binary}"))?;
        let addr = listening_addr(&mut child)?;
        Ok(Direct {
            child,
            addr,
            _data: data,
        })
    }

    /// `HOST:PORT`.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's CPU time so far, in seconds.
    pub fn cpu_secs(&self) -> Result<f64> {
        Ok(ProcStats::read(self.pid())?.cpu_secs)
    }

    /// One request on a fresh connection; fails unless the answer is 2xx. Returns the body.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<Vec<u8>> {
        let addr = &self.addr;
        let mut stream = TcpStream::connect(addr)?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )?;
        stream.write_all(body)?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer)?;
        let status = String::from_utf8_lossy(&answer[..answer.len().min(12)]).into_owned();
        if !status.starts_with("HTTP/1.1 2") {
            bail!(
                "{path}: {}",
                String::from_utf8_lossy(&answer[..answer.len().min(300)])
            );
        }
        let start = answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(answer.len(), |at| at + 4);
        Ok(answer.split_off(start))
    }
}

impl Drop for Direct {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The address from the server's first line, `Debrief is running at http://ADDR/`.
fn listening_addr(server: &mut Child) -> Result<String> {
    let stdout = server.stdout.as_mut().context("piped stdout")?;
    let mut line = Vec::new();
    let mut byte = [0u8];
    while stdout.read(&mut byte)? == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let line = String::from_utf8(line)?;
    match line.split("http://").nth(1) {
        Some(rest) => Ok(rest.trim_end_matches('/').to_owned()),
        None => bail!("unexpected first line {line:?}"),
    }
}
