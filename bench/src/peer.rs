//! A load-generating Yjs peer: a `tokio-tungstenite` WebSocket plus a `yrs` document of its own,
//! speaking the y-protocols sync messages the way the y-websocket provider does.
//!
//! Peers are lean so that hundreds of them fit beside a server on a small machine. A reader task
//! applies whatever arrives and publishes what the peer has *received* as a state vector (the
//! highest clock per client in any update it got). Every server under test echoes updates to all
//! connections, so a writer's own received clock is its acknowledgement and a reader's is its
//! progress; no extra round trips are needed to measure either. A [`Hook`] runs in the reader
//! task right after an update is applied, so scenarios can timestamp arrivals without scheduling
//! delay, and a pause switch stops reading altogether to make a lagging client.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use yrs::block::ClientID;
use yrs::encoding::read::Cursor;
use yrs::sync::{Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{
    Doc, GetString, OffsetKind, Options, ReadTxn, StateVector, Text, TextRef, Transact, Update,
};

/// Name of the shared text every scenario edits.
pub const TEXT: &str = "text";

/// How long a connection attempt may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Called in the reader task after each applied update, with everything received so far.
pub type Hook = Arc<dyn Fn(&StateVector) + Send + Sync>;

/// How a peer behaves beyond plain syncing.
#[derive(Clone, Default)]
pub struct PeerOptions {
    pub hook: Option<Hook>,
    /// While this holds `true` the peer reads nothing from its socket (a lagging client).
    pub paused: Option<watch::Receiver<bool>>,
    /// Keep the socket's receive buffer small, so that a paused peer's backlog stays on the
    /// server instead of in the kernel.
    pub small_receive_buffer: bool,
}

type Socket = tokio_tungstenite::WebSocketStream<TcpStream>;

/// Opens the TCP connection (`ws://HOST:PORT/PATH` only) and does the WebSocket handshake.
async fn open(url: &str, small_receive_buffer: bool) -> Result<Socket> {
    let authority = url
        .strip_prefix("ws://")
        .and_then(|rest| rest.split('/').next())
        .with_context(|| format!("{url} is not a ws:// URL"))?;
    let addr = tokio::net::lookup_host(authority)
        .await?
        .next()
        .with_context(|| format!("{authority} does not resolve"))?;
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    if small_receive_buffer {
        socket.set_recv_buffer_size(4096)?;
    }
    let stream = socket.connect(addr).await?;
    stream.set_nodelay(true)?;
    // No size limits: browsers have none, and a big document arrives as one sync message.
    let config = WebSocketConfig::default()
        .max_message_size(None)
        .max_frame_size(None);
    let (ws, _) = tokio_tungstenite::client_async_with_config(url, stream, Some(config)).await?;
    Ok(ws)
}

/// What a peer has seen of the server so far.
#[derive(Debug, Clone, Default)]
pub struct Status {
    /// A sync step 2 (the server's state) has arrived.
    pub synced: bool,
    /// Highest clock per client in any update received.
    pub received: StateVector,
    /// The close code the server sent, if it closed the connection.
    pub closed: Option<u16>,
    /// The socket has ended, with or without a close frame.
    pub ended: bool,
}

/// A new client-side document, as a browser would make it: UTF-16 offsets (trace positions
/// count code points, which agree on the Basic Multilingual Plane, checked when a trace is
/// loaded) and a 32-bit client id like the JavaScript Yjs client's (y-sweet's older `yrs`
/// mangles the 53-bit ids newer `yrs` picks by default).
pub fn client_doc() -> Doc {
    Doc::with_options(Options {
        offset_kind: OffsetKind::Utf16,
        client_id: ClientID::new(ClientID::random().get() & u64::from(u32::MAX)),
        ..Options::default()
    })
}

/// One client connection with its own document.
pub struct Peer {
    doc: Doc,
    text: TextRef,
    outgoing: mpsc::UnboundedSender<WsMessage>,
    status: watch::Receiver<Status>,
    tasks: Vec<JoinHandle<()>>,
}

impl Peer {
    /// Connects to `url` and starts syncing (sends sync step 1, as y-websocket does).
    pub async fn connect(url: &str, options: PeerOptions) -> Result<Peer> {
        let ws = tokio::time::timeout(CONNECT_TIMEOUT, open(url, options.small_receive_buffer))
            .await
            .map_err(|_| anyhow!("connecting to {url} timed out"))?
            .with_context(|| format!("connecting to {url}"))?;
        let (mut sink, stream) = ws.split();
        let doc = client_doc();
        let text = doc.get_or_insert_text(TEXT);
        let (outgoing, mut outgoing_rx) = mpsc::unbounded_channel::<WsMessage>();
        let (status_tx, status) = watch::channel(Status::default());

        // Writes are batched: everything queued goes out before one flush.
        let writer = tokio::spawn(async move {
            while let Some(message) = outgoing_rx.recv().await {
                if sink.feed(message).await.is_err() {
                    return;
                }
                while let Ok(message) = outgoing_rx.try_recv() {
                    if sink.feed(message).await.is_err() {
                        return;
                    }
                }
                if sink.flush().await.is_err() {
                    return;
                }
            }
        });
        let reader = tokio::spawn(read_loop(
            stream,
            doc.clone(),
            outgoing.clone(),
            status_tx,
            options,
        ));
        let peer = Peer {
            doc,
            text,
            outgoing,
            status,
            tasks: vec![writer, reader],
        };
        let sv = peer.doc.transact().state_vector();
        peer.send(Message::Sync(SyncMessage::SyncStep1(sv)));
        Ok(peer)
    }

    /// Connects and waits for the server's state.
    pub async fn connect_synced(
        url: &str,
        options: PeerOptions,
        timeout: Duration,
    ) -> Result<Peer> {
        let peer = Peer::connect(url, options).await?;
        peer.wait("the initial sync", timeout, |s| s.synced).await?;
        Ok(peer)
    }

    /// This peer's document, for scenarios that edit more than the shared text.
    pub fn doc(&self) -> &Doc {
        &self.doc
    }

    /// This peer's Yjs client id.
    pub fn client_id(&self) -> ClientID {
        self.doc.client_id()
    }

    fn send(&self, message: Message) {
        let _ = self
            .outgoing
            .send(WsMessage::Binary(message.encode_v1().into()));
    }

    /// Sends a document update as it is.
    pub fn send_update(&self, update: Vec<u8>) {
        self.send(Message::Sync(SyncMessage::Update(update)));
    }

    /// Replaces `delete` characters at `index` with `insert` (one transaction, one update) and
    /// sends the change. Returns this peer's clock afterwards.
    pub fn splice(&self, index: u32, delete: u32, insert: &str) -> u32 {
        let (update, clock) = {
            let mut txn = self.doc.transact_mut();
            if delete > 0 {
                self.text.remove_range(&mut txn, index, delete);
            }
            if !insert.is_empty() {
                self.text.insert(&mut txn, index, insert);
            }
            let clock = txn.state_vector().get(&self.doc.client_id());
            (txn.encode_update_v1(), clock)
        };
        self.send_update(update);
        clock
    }

    /// Appends `s` to the text and sends the change. Returns this peer's clock afterwards.
    pub fn push(&self, s: &str) -> u32 {
        let len = self.text.len(&self.doc.transact());
        self.splice(len, 0, s)
    }

    /// Applies a whole document state (a v1 update) locally and sends it to the server.
    pub fn upload(&self, state: &[u8]) -> Result<()> {
        let update = Update::decode_v1(state).context("decoding the state to upload")?;
        self.doc
            .transact_mut()
            .apply_update(update)
            .context("applying the state to upload")?;
        self.send_update(state.to_vec());
        Ok(())
    }

    /// The text as this peer sees it.
    pub fn text(&self) -> String {
        self.text.get_string(&self.doc.transact())
    }

    /// Length of the text in UTF-16 units.
    pub fn text_len(&self) -> u32 {
        self.text.len(&self.doc.transact())
    }

    /// The state vector of this peer's document.
    pub fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }

    /// What the peer has seen so far.
    pub fn status(&self) -> Status {
        self.status.borrow().clone()
    }

    /// Waits until `condition` holds for the peer's status; fails after `timeout` or when the
    /// connection ends before it holds.
    pub async fn wait(
        &self,
        what: &str,
        timeout: Duration,
        mut condition: impl FnMut(&Status) -> bool,
    ) -> Result<()> {
        let mut status = self.status.clone();
        let waited = tokio::time::timeout(
            timeout,
            status.wait_for(|s| condition(s) || s.ended || s.closed.is_some()),
        )
        .await;
        match waited {
            Err(_) => bail!("timed out after {timeout:?} waiting for {what}"),
            Ok(Err(_)) => bail!("connection task stopped while waiting for {what}"),
            Ok(Ok(s)) if condition(&s) => Ok(()),
            Ok(Ok(s)) => bail!(
                "connection closed ({:?}) while waiting for {what}",
                s.closed
            ),
        }
    }

    /// Waits until the server has sent back this peer's own edits up to `clock`.
    pub async fn wait_acked(&self, clock: u32, timeout: Duration) -> Result<()> {
        let me = self.doc.client_id();
        self.wait("the echo of own edits", timeout, |s| {
            s.received.get(&me) >= clock
        })
        .await
    }

    /// Waits until the peer has received at least `target` (every client's clock).
    pub async fn wait_received(
        &self,
        what: &str,
        target: &StateVector,
        timeout: Duration,
    ) -> Result<()> {
        self.wait(what, timeout, |s| {
            target
                .iter()
                .all(|(client, clock)| s.received.get(client) >= *clock)
        })
        .await
    }

    /// Closes the connection politely and waits (briefly) for the server to answer.
    pub async fn close(self) {
        let _ = self.outgoing.send(WsMessage::Close(Some(CloseFrame {
            code: CloseCode::Normal,
            reason: "bye".into(),
        })));
        let mut status = self.status.clone();
        let _ = tokio::time::timeout(Duration::from_secs(2), status.wait_for(|s| s.ended)).await;
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

async fn read_loop(
    mut stream: futures_util::stream::SplitStream<Socket>,
    doc: Doc,
    reply: mpsc::UnboundedSender<WsMessage>,
    status: watch::Sender<Status>,
    mut options: PeerOptions,
) {
    loop {
        if let Some(paused) = &mut options.paused {
            if paused.wait_for(|p| !*p).await.is_err() {
                break;
            }
        }
        let Some(frame) = stream.next().await else {
            break;
        };
        match frame {
            Ok(WsMessage::Binary(data)) => {
                handle_frame(&doc, &reply, &status, options.hook.as_ref(), &data)
            }
            Ok(WsMessage::Close(frame)) => status.send_modify(|s| {
                s.closed = Some(frame.map_or(1005, |f| u16::from(f.code)));
            }),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    status.send_modify(|s| s.ended = true);
}

fn handle_frame(
    doc: &Doc,
    reply: &mpsc::UnboundedSender<WsMessage>,
    status: &watch::Sender<Status>,
    hook: Option<&Hook>,
    data: &[u8],
) {
    let mut decoder = DecoderV1::new(Cursor::new(data));
    for message in MessageReader::new(&mut decoder) {
        let (update, is_state) = match message {
            Ok(Message::Sync(SyncMessage::SyncStep1(sv))) => {
                let update = doc.transact().encode_state_as_update_v1(&sv);
                let frame = Message::Sync(SyncMessage::SyncStep2(update)).encode_v1();
                let _ = reply.send(WsMessage::Binary(frame.into()));
                continue;
            }
            Ok(Message::Sync(SyncMessage::SyncStep2(update))) => (update, true),
            Ok(Message::Sync(SyncMessage::Update(update))) => (update, false),
            Ok(_) => continue,
            // A frame we cannot read is reported as the end of the connection.
            Err(_) => return status.send_modify(|s| s.ended = true),
        };
        let Ok(update) = Update::decode_v1(&update) else {
            return status.send_modify(|s| s.ended = true);
        };
        // The highest clock per client the update holds (yrs' own `Update::state_vector` only
        // counts updates that start at clock 0, which incremental ones do not).
        let seen = update.insertions(true);
        if doc.transact_mut().apply_update(update).is_err() {
            return status.send_modify(|s| s.ended = true);
        }
        status.send_modify(|s| {
            s.synced |= is_state;
            for (client, ranges) in seen.iter() {
                if let Some(last) = ranges.iter().next_back() {
                    s.received.set_max(*client, last.end);
                }
            }
            if let Some(hook) = hook {
                hook(&s.received);
            }
        });
    }
}
