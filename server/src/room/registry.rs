//! The registry of loaded rooms.
//!
//! Loading is single-flight: the first caller for a document loads it while everyone else who
//! arrives meanwhile awaits the same load. A failed load is reported to all of them and the slot is
//! cleared, so the next caller tries again — an empty document is never served in place of data
//! that could not be read. A room removes itself from the registry when it unloads; anyone who
//! reached it just too late gets [`RoomError::Gone`] and simply asks the registry again.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::{mpsc, OnceCell, Semaphore};
use tokio::task::JoinHandle;
use yrs::{Doc, OffsetKind, Options, TransactionMut};

use super::actor::{Room, RoomContext};
use super::{
    changed, Access, ChangeHook, Command, PeerId, PeerLink, RoomError, RoomHandle, Watcher,
};
use crate::doc_name::{DocName, RoomKind};
use crate::metrics::Metrics;
use crate::protocol;
use crate::store::{joined, GroupCommit, Store, StoreError, StoredDoc};

/// Commands a room queues before senders wait.
const ROOM_QUEUE: usize = 1024;
/// How often an operation is retried when its room unloads under it.
const RETRIES: usize = 8;

/// Tuning for rooms.
#[derive(Debug, Clone)]
pub struct RoomsConfig {
    /// A room with no peers for this long is unloaded.
    pub idle_unload: Duration,
    /// Compact a document's log once it holds this many updates.
    pub compact_every: u64,
}

type Slot = Arc<OnceCell<RoomHandle>>;

/// How a body room gets its watcher: `wants` says whether its document needs one (asked at each
/// committed change until it does), `start` starts it, given the room's name and its whole
/// document (a v1 update).
pub(super) struct WatchBodies {
    pub wants: fn(&Doc) -> bool,
    pub start: StartFn,
}

pub(super) type StartFn = Box<dyn Fn(&DocName, Bytes) -> Option<Watcher> + Send + Sync>;

pub(super) type StartWatcher = Arc<WatchBodies>;

struct Inner {
    slots: Mutex<HashMap<DocName, Slot>>,
    ctx: RoomContext,
    next_room: AtomicU64,
    next_peer: AtomicU64,
    shutting_down: AtomicBool,
    start_watcher: OnceLock<StartWatcher>,
    on_change: OnceLock<ChangeHook>,
}

/// All loaded rooms. Cheap to clone.
#[derive(Clone)]
pub struct Rooms {
    inner: Arc<Inner>,
}

impl Rooms {
    pub fn new(
        store: Arc<dyn Store>,
        commit: Option<GroupCommit>,
        metrics: Arc<Metrics>,
        config: RoomsConfig,
    ) -> Self {
        Rooms {
            inner: Arc::new(Inner {
                slots: Mutex::new(HashMap::new()),
                ctx: RoomContext {
                    store,
                    commit,
                    metrics,
                    idle_unload: config.idle_unload,
                    compact_every: config.compact_every.max(1),
                    compactions: Arc::new(Semaphore::new(
                        std::thread::available_parallelism().map_or(2, |n| n.get()),
                    )),
                },
                next_room: AtomicU64::new(1),
                next_peer: AtomicU64::new(1),
                shutting_down: AtomicBool::new(false),
                start_watcher: OnceLock::new(),
                on_change: OnceLock::new(),
            }),
        }
    }

    /// Gives every postmortem body room (not `.comments` or `.insights`) whose document `wants`
    /// one a watcher: at the room's first committed change after which `wants` holds, `start`
    /// gets the room's name and whole document, and the
    /// [`Watcher`] it returns then gets each committed batch's merged update, after the batch is
    /// durable and broadcast, until the room unloads and drops it. This is what feeds the
    /// insights worker. `start` must not block. Set once, before any body room loads.
    pub fn watch_bodies(
        &self,
        wants: fn(&Doc) -> bool,
        start: impl Fn(&DocName, Bytes) -> Option<Watcher> + Send + Sync + 'static,
    ) {
        let watch = WatchBodies {
            wants,
            start: Box::new(start),
        };
        if self.inner.start_watcher.set(Arc::new(watch)).is_err() {
            tracing::error!("watch_bodies called twice; keeping the first");
        }
    }

    /// Reports status changes in body rooms and resolved threads in comments rooms to `hook`
    /// (see [`RoomChange`](super::audit::RoomChange)). Set once, before any room loads.
    pub fn on_change(&self, hook: ChangeHook) {
        if self.inner.on_change.set(hook).is_err() {
            tracing::error!("on_change called twice; keeping the first");
        }
    }

    /// A fresh id for a connection.
    pub fn new_peer_id(&self) -> PeerId {
        self.inner.next_peer.fetch_add(1, Ordering::Relaxed)
    }

    /// Whether `name` is loaded right now.
    pub fn is_loaded(&self, name: &DocName) -> bool {
        let slots = self.inner.slots.lock().expect("registry lock");
        slots.get(name).is_some_and(|slot| slot.initialized())
    }

    /// The room for `name`, loading it if needed.
    pub async fn get(&self, name: &DocName) -> Result<RoomHandle, RoomError> {
        if self.inner.shutting_down.load(Ordering::Acquire) {
            return Err(RoomError::ShuttingDown);
        }
        let slot = {
            let mut slots = self.inner.slots.lock().expect("registry lock");
            slots.entry(name.clone()).or_default().clone()
        };
        match slot.get_or_try_init(|| self.load(name.clone())).await {
            Ok(handle) => Ok(handle.clone()),
            Err(e) => {
                self.forget_slot(name, &slot);
                Err(e)
            }
        }
    }

    /// Runs `op` on the room for `name`, retrying on a fresh room if it unloaded meanwhile.
    async fn with_room<T, F, Fut>(&self, name: &DocName, op: F) -> Result<T, RoomError>
    where
        F: Fn(RoomHandle) -> Fut,
        Fut: Future<Output = Result<T, RoomError>>,
    {
        for _ in 0..RETRIES {
            let room = self.get(name).await?;
            let id = room.id;
            match op(room).await {
                Err(RoomError::Gone) => self.forget_room(name, id),
                result => return result,
            }
        }
        Err(RoomError::Gone)
    }

    /// Adds a connection to the room for `name`.
    pub async fn join(
        &self,
        name: &DocName,
        peer: PeerId,
        link: PeerLink,
        access: Access,
    ) -> Result<RoomHandle, RoomError> {
        self.with_room(name, |room| {
            let link = link.clone();
            async move { room.join(peer, link, access).await.map(|()| room) }
        })
        .await
    }

    /// Runs `change` inside the transaction of the room `name` (loading it if needed), in the
    /// room's next batch like any peer's update: what it changes is durable, then broadcast,
    /// then handed to the room's watcher, before this returns what `change` returned. This is
    /// how the server writes to a document; nothing edits a copy from outside. `change` may run
    /// again on a fresh room if the room unloads before it ran, so it is `Fn`.
    pub async fn edit<R, F>(&self, name: &DocName, change: F) -> Result<R, RoomError>
    where
        R: Send + 'static,
        F: Fn(&mut TransactionMut) -> R + Send + Sync + 'static,
    {
        let change = Arc::new(change);
        self.with_room(name, |room| {
            let change = change.clone();
            async move { room.edit(move |txn| change(txn), 0).await }
        })
        .await
    }

    /// Applies a v1 update from a server-side tool and broadcasts it; `true` if it changed
    /// anything. Returns once the change is durable. An update that builds on a change the
    /// document lacks is refused, as from a peer: apply that change first.
    pub async fn apply_update(&self, name: &DocName, update: Bytes) -> Result<bool, RoomError> {
        let size = update.len();
        let applied = self
            .with_room(name, |room| {
                let update = update.clone();
                let change = move |txn: &mut TransactionMut| {
                    let decoded =
                        crate::protocol::decode_update(&update).map_err(|e| e.to_string())?;
                    let known = yrs::ReadTxn::state_vector(txn);
                    match super::origins::missing(&update, &decoded, &known) {
                        Ok(None) => {}
                        Ok(Some(id)) => {
                            return Err(format!(
                                "the update builds on {id}, which the document lacks"
                            ))
                        }
                        Err(e) => return Err(e.to_string()),
                    }
                    txn.apply_update(decoded).map_err(|e| e.to_string())?;
                    Ok(changed(txn))
                };
                async move { room.edit(change, size).await }
            })
            .await?;
        applied.map_err(RoomError::BadUpdate)
    }

    /// The full state of `name` as one v1 update.
    pub async fn encode_state(&self, name: &DocName) -> Result<Vec<u8>, RoomError> {
        self.with_room(name, |room| async move { room.encode_state().await })
            .await
    }

    /// Stops accepting work and closes every room (its peers get 1001). Returns when all rooms
    /// have been told; each finishes its in-flight flush first.
    pub async fn shutdown(&self) {
        self.inner.shutting_down.store(true, Ordering::Release);
        let rooms: Vec<RoomHandle> = {
            let slots = self.inner.slots.lock().expect("registry lock");
            slots
                .values()
                .filter_map(|slot| slot.get().cloned())
                .collect()
        };
        for room in rooms {
            let _ = room.send(Command::Shutdown).await;
            room.commands.closed().await;
        }
    }

    /// What the store holds for `name`.
    async fn load_from_store(&self, name: &DocName) -> Result<StoredDoc, RoomError> {
        let store = self.inner.ctx.store.clone();
        let load_name = name.clone();
        joined(tokio::task::spawn_blocking(move || store.load(&load_name)).await)
            .map_err(|e| load_error(name, e))
    }

    async fn load(&self, name: DocName) -> Result<RoomHandle, RoomError> {
        let stored = self.load_from_store(&name).await?;
        tracing::debug!(
            doc = %name,
            snapshot_bytes = stored.snapshot.as_ref().map_or(0, |s| s.bytes().len()),
            log_entries = stored.updates.len(),
            "loading document"
        );
        let facts = LoadFacts {
            snapshot_seq: stored.snapshot_seq,
            last_seq: stored.last_seq,
            full_state: stored
                .full_state_v1()
                .map(|state| protocol::sync_step2(state.to_vec())),
        };
        // Built while the room already runs (see `Room::await_document`).
        let building = build_doc(stored);

        let id = self.inner.next_room.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(ROOM_QUEUE);
        let watch = match name.room_kind() {
            RoomKind::Body => self.inner.start_watcher.get().cloned(),
            _ => None,
        };
        let on_change = self.inner.on_change.get().cloned();
        let room = Room::new(
            name.clone(),
            facts,
            self.inner.ctx.clone(),
            watch,
            on_change,
        );
        let metrics = self.inner.ctx.metrics.clone();
        metrics.rooms_loaded.inc();
        metrics.room_loads.inc();
        let registry = Arc::downgrade(&self.inner);
        tokio::spawn(async move {
            room.run(building, rx, move || deregister(&registry, &name, id))
                .await;
            metrics.rooms_loaded.dec();
        });
        Ok(RoomHandle { id, commands: tx })
    }

    fn forget_slot(&self, name: &DocName, slot: &Slot) {
        let mut slots = self.inner.slots.lock().expect("registry lock");
        if slots.get(name).is_some_and(|s| Arc::ptr_eq(s, slot)) {
            slots.remove(name);
        }
    }

    fn forget_room(&self, name: &DocName, id: u64) {
        forget_room(&self.inner, name, id);
    }
}

fn deregister(registry: &Weak<Inner>, name: &DocName, id: u64) {
    if let Some(inner) = registry.upgrade() {
        forget_room(&inner, name, id);
    }
}

/// Removes `name` from the registry if it still points at room `id`.
fn forget_room(inner: &Inner, name: &DocName, id: u64) {
    let mut slots = inner.slots.lock().expect("registry lock");
    if slots
        .get(name)
        .and_then(|slot| slot.get())
        .is_some_and(|room| room.id == id)
    {
        slots.remove(name);
    }
}

/// What loading told a room about its stored document besides the document itself (which
/// [`StoredDoc`] holds).
pub(super) struct LoadFacts {
    /// Last sequence number folded into the stored snapshot.
    pub snapshot_seq: u64,
    /// Last sequence number stored.
    pub last_seq: u64,
    /// Sync step 2 with the whole document, when the store held it ready to send.
    pub full_state: Option<Bytes>,
}

/// Builds the document from what was stored, on the blocking pool.
fn build_doc(stored: StoredDoc) -> JoinHandle<Result<Doc, StoreError>> {
    tokio::task::spawn_blocking(move || {
        let doc = new_doc();
        stored.apply_to(&doc)?;
        Ok(doc)
    })
}

fn load_error(name: &DocName, error: StoreError) -> RoomError {
    tracing::error!(doc = %name, error = %error, "loading failed");
    RoomError::Load(error.to_string())
}

/// A new server-side document. Offsets count UTF-16 code units, as browsers do.
pub fn new_doc() -> Doc {
    Doc::with_options(Options {
        offset_kind: OffsetKind::Utf16,
        ..Options::default()
    })
}
