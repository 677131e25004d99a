//! Test harness for black-box protocol tests.
//!
//! [`Server`] runs the built `debrief` binary as a child process (path from `DEBRIEF_BIN`, which
//! the Makefile sets; default `target/debug/debrief`) on `127.0.0.1:0`, and can stop it with
//! SIGTERM or SIGKILL. [`Peer`] is a hand-built Yjs client: a `tokio-tungstenite` WebSocket plus
//! its own `yrs` document, speaking the sync and awareness protocol like y-websocket does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{mpsc, Notify};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use yrs::encoding::read::Cursor;
use yrs::sync::{Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Doc, GetString, ReadTxn, StateVector, Text, Transact, Update};

/// How long any wait in a test may take before it fails.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// Path of the `debrief` binary under test.
pub fn binary() -> PathBuf {
    std::env::var_os("DEBRIEF_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/debug/debrief"))
}

/// A running `debrief serve` child process.
pub struct Server {
    child: Child,
    pub addr: String,
    pub data: PathBuf,
    args: Vec<String>,
}

impl Server {
    /// Starts a server on a free port with its store in `data`.
    pub async fn start(data: &Path, args: &[&str]) -> Result<Server> {
        Self::start_on(
            data,
            "127.0.0.1:0",
            args.iter().map(|s| s.to_string()).collect(),
        )
        .await
    }

    async fn start_on(data: &Path, addr: &str, args: Vec<String>) -> Result<Server> {
        let bin = binary();
        if !bin.exists() {
            bail!(
                "{} not found: run `cargo build -p debrief` first",
                bin.display()
            );
        }
        let mut child = Command::new(&bin)
            .arg("serve")
            .arg("--addr")
            .arg(addr)
            .arg("--data")
            .arg(data)
            .args(&args)
            .env(
                "RUST_LOG",
                std::env::var("DEBRIEF_TEST_LOG").unwrap_or_else(|_| "error".into()),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("spawning {}", bin.display()))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let line = tokio::time::timeout(TIMEOUT, lines.next_line())
            .await
            .context("server did not start in time")??
            .ok_or_else(|| anyhow!("server exited before listening"))?;
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.strip_suffix('/'))
            .ok_or_else(|| anyhow!("unexpected first line: {line}"))?
            .to_string();
        Ok(Server {
            child,
            addr,
            data: data.to_path_buf(),
            args,
        })
    }

    pub fn ws_url(&self, doc: &str) -> String {
        format!("ws://{}/ws/{doc}", self.addr)
    }

    pub fn http_url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The server's process id.
    pub fn pid(&self) -> Result<u32> {
        self.child.id().ok_or_else(|| anyhow!("already exited"))
    }

    /// SIGTERM, then waits for the exit status.
    pub async fn terminate(mut self) -> Result<std::process::ExitStatus> {
        let pid = self.child.id().ok_or_else(|| anyhow!("already exited"))?;
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()?;
        if !status.success() {
            bail!("kill -TERM failed");
        }
        Ok(tokio::time::timeout(TIMEOUT, self.child.wait()).await??)
    }

    /// SIGKILL: no chance to flush anything.
    pub async fn kill9(mut self) -> Result<()> {
        self.child.start_kill()?;
        self.child.wait().await?;
        Ok(())
    }

    /// Starts a new server on the same data folder and flags as this one had (new port).
    pub async fn start_again(data: &Path, args: &[String]) -> Result<Server> {
        Self::start_on(data, "127.0.0.1:0", args.to_vec()).await
    }

    /// The extra flags this server was started with.
    pub fn args(&self) -> Vec<String> {
        self.args.clone()
    }

    /// A metric's value from `/metrics` (first sample whose name matches exactly).
    pub async fn metric(&self, name: &str) -> Result<f64> {
        let text = reqwest::get(self.http_url("/metrics"))
            .await?
            .text()
            .await?;
        text.lines()
            .find_map(|line| {
                let (key, value) = line.split_once(' ')?;
                (key == name).then(|| value.parse().ok())?
            })
            .ok_or_else(|| anyhow!("metric {name} not found in:\n{text}"))
    }
}

/// What a peer has seen.
#[derive(Default)]
pub struct PeerState {
    /// Awareness states by client id (`None` once removed).
    pub awareness: HashMap<u64, Option<String>>,
    /// Reasons of "permission denied" messages received.
    pub denials: Vec<String>,
    /// Sync update messages received (step 2 excluded).
    pub updates_received: usize,
    /// The close frame, once the server closed the connection.
    pub closed: Option<(u16, String)>,
    /// True once the socket has ended (close frame or not).
    pub ended: bool,
    pub synced: bool,
    /// Everything the server has sent, applied to a doc of its own: when its state vector
    /// equals the peer's, the server has echoed every local edit.
    pub mirror: Doc,
}

/// A hand-built Yjs peer with its own `yrs` document.
pub struct Peer {
    pub doc: Doc,
    state: Arc<Mutex<PeerState>>,
    changed: Arc<Notify>,
    outgoing: mpsc::UnboundedSender<WsMessage>,
}

impl Peer {
    /// Connects to `url` and starts syncing (sends sync step 1 like y-websocket does).
    pub async fn connect(url: &str) -> Result<Peer> {
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .with_context(|| format!("connecting to {url}"))?;
        let (mut sink, mut stream) = ws.split();
        let doc = Doc::new();
        let state = Arc::new(Mutex::new(PeerState::default()));
        let changed = Arc::new(Notify::new());
        let (outgoing, mut outgoing_rx) = mpsc::unbounded_channel::<WsMessage>();

        tokio::spawn(async move {
            while let Some(message) = outgoing_rx.recv().await {
                if sink.send(message).await.is_err() {
                    break;
                }
            }
        });

        let (reader_doc, reader_state, reader_changed, reply) = (
            doc.clone(),
            state.clone(),
            changed.clone(),
            outgoing.clone(),
        );
        tokio::spawn(async move {
            while let Some(frame) = stream.next().await {
                match frame {
                    Ok(WsMessage::Binary(data)) => {
                        handle_frame(&reader_doc, &reader_state, &reply, &data);
                    }
                    Ok(WsMessage::Close(frame)) => {
                        let mut s = reader_state.lock().unwrap();
                        s.closed = Some(frame.map_or((1005, String::new()), |f| {
                            (u16::from(f.code), f.reason.to_string())
                        }));
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
                reader_changed.notify_waiters();
            }
            reader_state.lock().unwrap().ended = true;
            reader_changed.notify_waiters();
        });

        let peer = Peer {
            doc,
            state,
            changed,
            outgoing,
        };
        let sv = peer.doc.transact().state_vector();
        peer.send_message(Message::Sync(SyncMessage::SyncStep1(sv)));
        Ok(peer)
    }

    /// Connects without reading anything: the socket is left unread (a slow consumer).
    pub async fn connect_unread(url: &str) -> Result<UnreadPeer> {
        let (ws, _) = tokio_tungstenite::connect_async(url).await?;
        Ok(UnreadPeer { ws })
    }

    /// Sends a raw frame.
    pub fn send_raw(&self, frame: Vec<u8>) {
        let _ = self.outgoing.send(WsMessage::Binary(frame.into()));
    }

    pub fn send_text(&self, text: &str) {
        let _ = self.outgoing.send(WsMessage::Text(text.into()));
    }

    pub fn send_message(&self, message: Message) {
        self.send_raw(message.encode_v1());
    }

    /// Closes the socket politely.
    pub fn close(&self) {
        let _ = self.outgoing.send(WsMessage::Close(Some(
            tokio_tungstenite::tungstenite::protocol::CloseFrame {
                code: CloseCode::Normal,
                reason: "bye".into(),
            },
        )));
    }

    /// Inserts `s` into text `name` at `index` and sends the update; returns the update.
    pub fn insert(&self, name: &str, index: u32, s: &str) -> Vec<u8> {
        let text = self.doc.get_or_insert_text(name);
        let update = {
            let mut txn = self.doc.transact_mut();
            text.insert(&mut txn, index, s);
            txn.encode_update_v1()
        };
        self.send_message(Message::Sync(SyncMessage::Update(update.clone())));
        update
    }

    /// Runs `f` in a transaction on this peer's document and sends what it changed.
    pub fn edit(&self, f: impl FnOnce(&mut yrs::TransactionMut)) -> Vec<u8> {
        let update = {
            let mut txn = self.doc.transact_mut();
            f(&mut txn);
            txn.encode_update_v1()
        };
        self.send_message(Message::Sync(SyncMessage::Update(update.clone())));
        update
    }

    /// Appends `s` to text `name`.
    pub fn push(&self, name: &str, s: &str) -> Vec<u8> {
        let len = {
            let text = self.doc.get_or_insert_text(name);
            let txn = self.doc.transact();
            text.len(&txn)
        };
        self.insert(name, len, s)
    }

    /// Sets this peer's awareness state to `json`.
    pub fn set_awareness(&self, json: &str) -> u64 {
        let client = self.doc.client_id();
        let mut update = yrs::sync::AwarenessUpdate {
            clients: HashMap::new(),
        };
        update.clients.insert(
            client,
            yrs::sync::awareness::AwarenessUpdateEntry {
                clock: 1,
                json: json.into(),
            },
        );
        self.send_message(Message::Awareness(update));
        client.get()
    }

    pub fn text(&self, name: &str) -> String {
        let text = self.doc.get_or_insert_text(name);
        let txn = self.doc.transact();
        text.get_string(&txn)
    }

    pub fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }

    /// Forgets every awareness state seen so far.
    pub fn forget_awareness(&self) {
        self.state.lock().unwrap().awareness.clear();
    }

    /// Reads the peer's observed state.
    pub fn with_state<T>(&self, f: impl FnOnce(&PeerState) -> T) -> T {
        f(&self.state.lock().unwrap())
    }

    /// Waits until `condition` holds, failing after [`TIMEOUT`].
    pub async fn wait_for(&self, what: &str, condition: impl Fn(&Peer) -> bool) -> Result<()> {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let notified = self.changed.notified();
            if condition(self) {
                return Ok(());
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                if condition(self) {
                    return Ok(());
                }
                bail!("timed out waiting for {what}");
            }
        }
    }

    /// Waits until the initial sync (the server's step 2) has arrived.
    pub async fn wait_synced(&self) -> Result<()> {
        self.wait_for("sync", |p| p.with_state(|s| s.synced)).await
    }

    /// Waits until the server has echoed every local edit back.
    pub async fn wait_echoed(&self) -> Result<()> {
        self.wait_for("the echo of every local edit", |p| {
            let mirror = p.with_state(|s| s.mirror.transact().state_vector());
            mirror == p.state_vector()
        })
        .await
    }

    /// Waits until text `name` equals `expected`.
    pub async fn wait_text(&self, name: &str, expected: &str) -> Result<()> {
        self.wait_for(&format!("text {name:?} == {expected:?}"), |p| {
            p.text(name) == expected
        })
        .await
        .with_context(|| format!("last seen {:?}", self.text(name)))
    }

    /// Waits until the server has closed the socket; returns the close code.
    pub async fn wait_closed(&self) -> Result<Option<u16>> {
        self.wait_for("the socket to close", |p| {
            p.with_state(|s| s.ended || s.closed.is_some())
        })
        .await?;
        Ok(self.with_state(|s| s.closed.as_ref().map(|c| c.0)))
    }
}

/// A connection that never reads.
pub struct UnreadPeer {
    pub ws: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

fn handle_frame(
    doc: &Doc,
    state: &Mutex<PeerState>,
    reply: &mpsc::UnboundedSender<WsMessage>,
    data: &[u8],
) {
    let mut decoder = DecoderV1::new(Cursor::new(data));
    for message in MessageReader::new(&mut decoder) {
        let Ok(message) = message else {
            return;
        };
        match message {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let update = doc.transact().encode_state_as_update_v1(&sv);
                let frame = Message::Sync(SyncMessage::SyncStep2(update)).encode_v1();
                let _ = reply.send(WsMessage::Binary(frame.into()));
            }
            Message::Sync(SyncMessage::SyncStep2(update)) => {
                apply(doc, &update);
                let mut s = state.lock().unwrap();
                apply(&s.mirror, &update);
                s.synced = true;
            }
            Message::Sync(SyncMessage::Update(update)) => {
                apply(doc, &update);
                let mut s = state.lock().unwrap();
                apply(&s.mirror, &update);
                s.updates_received += 1;
            }
            Message::Awareness(update) => {
                let mut s = state.lock().unwrap();
                for (client, entry) in update.clients {
                    let json = (&*entry.json != "null").then(|| entry.json.to_string());
                    s.awareness.insert(client.get(), json);
                }
            }
            Message::Auth(Some(reason)) => state.lock().unwrap().denials.push(reason),
            _ => {}
        }
    }
}

fn apply(doc: &Doc, update: &[u8]) {
    let update = Update::decode_v1(update).expect("server sent a valid update");
    doc.transact_mut()
        .apply_update(update)
        .expect("update applies");
}

/// The text between two encoded Yjs relative positions, resolved in `doc` (both must point
/// into the same text).
pub fn resolve_range(doc: &Doc, start: &[u8], end: &[u8]) -> Option<String> {
    use yrs::{StickyIndex, XmlOut};
    let txn = doc.transact();
    let s = StickyIndex::decode_v1(start).ok()?.get_offset(&txn)?;
    let e = StickyIndex::decode_v1(end).ok()?.get_offset(&txn)?;
    let XmlOut::Text(text) = XmlOut::try_from(s.branch).ok()? else {
        return None;
    };
    let plain: Vec<u16> = text.get_string(&txn).encode_utf16().collect();
    String::from_utf16(plain.get(s.index as usize..e.index as usize)?).ok()
}

/// A fresh temporary folder for a server's store.
pub fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}
