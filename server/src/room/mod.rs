//! Rooms: one live document, its peers and its storage handle.
//!
//! Each loaded document is owned by one task, the room *actor* ([`actor`]). Connections and the
//! HTTP API talk to it through a [`RoomHandle`] (a bounded channel), so the document is never
//! shared and no lock is ever held across an `.await`. The [`Rooms`] registry loads rooms on
//! demand (single-flight), and rooms unload themselves when they have been idle for a while.
//!
//! The actor's one rule: **nothing leaves the room before it is durable.** A batch of commands is
//! applied, its updates appended to the store (which logs them before it returns), with
//! `--durability machine` one group-commit sync awaited, and only then are the resulting
//! messages (echoes, broadcasts, sync replies, API acknowledgements) delivered. Last, a body room
//! hands the batch's merged update to its [`Watcher`] (the insights worker), so the keystroke path
//! runs one way: frame → room actor → durable commit → broadcast → hooks.
//!
//! Server-side writers (the documents API, dismissals, ticking an action item, the insights
//! worker) change a document the same way: [`Rooms::edit`] runs their closure inside the room's
//! own transaction, in a batch like any peer's update, instead of editing a copy from outside.

mod actor;
mod audit;
mod authors;
mod close;
mod origins;
mod outbox;
mod registry;

pub use audit::{ChangeHook, RoomChange, Who};
pub use close::{closer, CloseRequests, Closer};
pub use outbox::{outbox, Outbox, OutboxReceiver, Outgoing, WriteNow};
pub use registry::{new_doc, Rooms, RoomsConfig};

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, oneshot};
use yrs::TransactionMut;

use crate::protocol::Incoming;

/// Where a body room sends each committed change: the batch's merged v1 update, shared (not
/// copied), in the order the room broadcasts them. Dropped when the room unloads.
pub type Watcher = mpsc::UnboundedSender<Bytes>;

/// Whether a transaction changed its document: new content or deletions.
pub fn changed(txn: &TransactionMut) -> bool {
    txn.before_state() != txn.after_state() || !txn.delete_set().is_empty()
}

/// Identifies one connection across all rooms.
pub type PeerId = u64;

/// What a connection may do in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// May change the document.
    ReadWrite,
    /// May sync and set its presence, but every document change is refused.
    ReadOnly,
}

/// Why the server closes a connection: a WebSocket close code and a short reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseReason {
    pub code: u16,
    pub reason: String,
}

impl CloseReason {
    pub fn new(code: u16, reason: impl Into<String>) -> Self {
        CloseReason {
            code,
            reason: reason.into(),
        }
    }
}

/// The room's way to reach a connection: a byte-bounded queue of encoded frames, and a way to
/// close it. A connection whose backlog grows past the bound is closed with 1013. `who` is at
/// the other end, for the changes the room reports ([`Rooms::on_change`]).
#[derive(Clone)]
pub struct PeerLink {
    pub outbox: Outbox,
    pub control: Closer,
    pub who: Arc<Who>,
}

/// Errors a room operation can end with.
#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    #[error("document could not be loaded: {0}")]
    Load(String),
    #[error("update rejected: {0}")]
    BadUpdate(String),
    #[error("storage failed: {0}")]
    Storage(String),
    #[error("the server is shutting down")]
    ShuttingDown,
    /// The room unloaded while the request was in flight; callers retry with a fresh room.
    #[error("room closed")]
    Gone,
}

/// What a room is asked to do. Payloads are boxed wherever that keeps a command at three words:
/// a room's queue allocates space for 32 commands at a time, and every loaded document has one.
enum Command {
    Join(Box<Join>),
    Leave {
        peer: PeerId,
    },
    Message {
        peer: PeerId,
        message: Box<Incoming>,
    },
    Edit(Box<Edit>),
    EncodeState {
        done: oneshot::Sender<Vec<u8>>,
    },
    Shutdown,
}

struct Join {
    peer: PeerId,
    link: PeerLink,
    access: Access,
    joined: oneshot::Sender<()>,
}

/// What an edit's change returned, its type erased on the way through the room (see
/// [`RoomHandle::edit`]).
type EditResult = Box<dyn Any + Send>;

/// A server-side change, run inside the room's transaction (see [`Rooms::edit`]).
struct Edit {
    change: Box<dyn FnOnce(&mut TransactionMut) -> EditResult + Send>,
    /// Gets the change's result once the batch holding it is durable.
    done: oneshot::Sender<Result<EditResult, RoomError>>,
    /// Size of the update the change applies, when it applies one (it bounds a batch like a
    /// peer's update does).
    update_bytes: usize,
}

impl Command {
    /// The peer that sent this command, if it is a document update from a peer.
    fn update_sender(&self) -> Option<PeerId> {
        match self {
            Command::Message { peer, message } if matches!(**message, Incoming::Update { .. }) => {
                Some(*peer)
            }
            _ => None,
        }
    }

    /// Size of the document update this command carries, if any.
    fn update_bytes(&self) -> usize {
        match self {
            Command::Message { message, .. } => match &**message {
                Incoming::Update { raw, .. } => raw.len(),
                _ => 0,
            },
            Command::Edit(edit) => edit.update_bytes,
            _ => 0,
        }
    }
}

/// A cheap, cloneable way to talk to a room actor.
#[derive(Clone)]
pub struct RoomHandle {
    id: u64,
    commands: mpsc::Sender<Command>,
}

impl RoomHandle {
    async fn send(&self, command: Command) -> Result<(), RoomError> {
        // A queue with room takes the command at once; only waiting on a full one needs the
        // channel's send future, boxed so that the futures of every connection's reader (which
        // await this) do not carry its space for their whole life.
        match self.commands.try_send(command) {
            Ok(()) => Ok(()),
            Err(TrySendError::Closed(_)) => Err(RoomError::Gone),
            Err(TrySendError::Full(command)) => Box::pin(self.commands.send(command))
                .await
                .map_err(|_| RoomError::Gone),
        }
    }

    /// Adds a peer; the room sends it sync step 1 and the current presence.
    pub async fn join(
        &self,
        peer: PeerId,
        link: PeerLink,
        access: Access,
    ) -> Result<(), RoomError> {
        let (joined, rx) = oneshot::channel();
        self.send(Command::Join(Box::new(Join {
            peer,
            link,
            access,
            joined,
        })))
        .await?;
        rx.await.map_err(|_| RoomError::Gone)
    }

    /// Hands a decoded message from `peer` to the room. Waits while the room is busy, which
    /// slows the sender's reads: backpressure on the writer, not on everyone.
    pub fn deliver(
        &self,
        peer: PeerId,
        message: Incoming,
    ) -> impl Future<Output = Result<(), RoomError>> + '_ {
        // Boxed before the future is made, so the future holds a pointer, not the message.
        self.send(Command::Message {
            peer,
            message: Box::new(message),
        })
    }

    /// Removes a peer and its presence.
    pub async fn leave(&self, peer: PeerId) {
        let _ = self.send(Command::Leave { peer }).await;
    }

    /// Runs `change` inside the room's transaction, in its next batch; returns what `change`
    /// returned once the batch is durable and broadcast.
    async fn edit<R: Send + 'static>(
        &self,
        change: impl FnOnce(&mut TransactionMut) -> R + Send + 'static,
        update_bytes: usize,
    ) -> Result<R, RoomError> {
        let (done, rx) = oneshot::channel();
        self.send(Command::Edit(Box::new(Edit {
            change: Box::new(move |txn| Box::new(change(txn)) as EditResult),
            done,
            update_bytes,
        })))
        .await?;
        let result = rx.await.map_err(|_| RoomError::Gone)??;
        Ok(*result
            .downcast::<R>()
            .expect("an edit returns its own change's result"))
    }

    /// The full document state as one v1 update.
    async fn encode_state(&self) -> Result<Vec<u8>, RoomError> {
        let (done, rx) = oneshot::channel();
        self.send(Command::EncodeState { done }).await?;
        rx.await.map_err(|_| RoomError::Gone)
    }
}
