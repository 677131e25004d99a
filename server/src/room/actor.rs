//! The room actor: the single owner of one live document.
//!
//! The loop takes a batch of commands (everything queued, up to a bound), applies them to the
//! document, appends the resulting updates to the store as one merged update (and, with
//! `--durability machine`, awaits one group-commit sync), and only then delivers what the batch
//! produced. Batching keeps the cost of an append or a sync shared under load, and the ordering
//! makes "broadcast" imply "durable". After the delivery, a body room hands the same merged
//! update to its watcher (the insights worker): hooks only ever see what is durable and in the
//! order peers saw it.
//!
//! Every change goes through one transaction helper, [`Room::transact`]: a peer's update and a
//! server-side edit alike are applied, their delta joins the batch, and a panic inside `yrs`
//! fails the room instead of serving a document that can no longer be trusted. Everything the
//! room sends of its document goes through one encoding helper, [`Room::encode_since`], which
//! serves only what the room integrated (so only what it stored), never the part of an update
//! still waiting for a change the room lacks.
//!
//! Peers that cannot keep up (full queue) are dropped with 1013 and resync when they reconnect;
//! nothing is ever skipped silently.

use std::collections::{HashMap, HashSet, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::FutureExt;
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinHandle;
use yrs::block::ClientID;
use yrs::sync::{Awareness, AwarenessUpdate};
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Transact, TransactionMut, Update};

use super::audit::{ChangeHook, Observer, RoomChange, Who};
use super::authors;
use super::outbox::PushError;
use super::registry::{LoadFacts, StartWatcher};
use super::{
    changed, Access, CloseReason, Command, Edit, EditResult, Join, PeerId, PeerLink, RoomError,
    Watcher,
};
use crate::doc_name::{DocName, RoomKind};
use crate::metrics::Metrics;
use crate::protocol::{self, Incoming};
use crate::store::{joined, Compacted, GroupCommit, Store, StoreError};

/// Most commands handled in one batch.
const MAX_BATCH: usize = 512;
/// A batch stops taking updates once they add up to this many bytes, which bounds the size of
/// the merged frame it broadcasts.
const MAX_BATCH_BYTES: usize = 1 << 20;
/// When peers take turns sending updates in quick succession, a batch that starts with another
/// peer's update than the last stored batch waits until this long after that one, so that what
/// comes in meanwhile goes out together: one frame per peer for several writers' updates
/// instead of one for each. A room typed into less often than this, or by one peer at a time,
/// never waits (a lone writer's updates gain nothing from waiting: see docs/performance.md,
/// "Batching when several peers write"; 2 ms served the stock client better than 1).
const LINGER: Duration = Duration::from_millis(2);

/// What a room needs from the rest of the server.
#[derive(Clone)]
pub(super) struct RoomContext {
    pub store: Arc<dyn Store>,
    /// Present with `--durability machine`: every batch waits for a sync before it is delivered.
    pub commit: Option<GroupCommit>,
    pub metrics: Arc<Metrics>,
    pub idle_unload: Duration,
    pub compact_every: u64,
    /// Bounds how many compactions run at once (one per core): when many documents unload
    /// together, each would otherwise take a thread of the blocking pool (and its memory).
    pub compactions: Arc<Semaphore>,
}

struct Peer {
    link: PeerLink,
    access: Access,
    /// Awareness client ids this connection has set; removed when it leaves.
    clients: HashSet<ClientID>,
}

/// Where a message produced by a batch goes, once the batch is durable.
enum Delivery {
    To(PeerId, Bytes),
    All(Bytes),
    AllBut(PeerId, Bytes),
    Edited(
        tokio::sync::oneshot::Sender<Result<EditResult, RoomError>>,
        EditResult,
    ),
    State(tokio::sync::oneshot::Sender<Vec<u8>>, Vec<u8>),
}

pub(super) struct Room {
    name: DocName,
    awareness: Awareness,
    peers: HashMap<PeerId, Peer>,
    /// Which connection owns each awareness client id.
    awareness_owner: HashMap<ClientID, PeerId>,
    ctx: RoomContext,
    /// Sequence number the next appended update gets.
    next_seq: u64,
    /// Last sequence number folded into the stored snapshot.
    snapshot_seq: u64,
    compaction: Option<JoinHandle<Result<(u64, Compacted), StoreError>>>,
    /// Changes integrated by the current batch, not yet stored.
    batch_deltas: Vec<Vec<u8>>,
    /// Sync step 2 with the whole document, kept until the document next changes.
    full_state: Option<Bytes>,
    /// Starts the watcher (postmortem bodies only: the insights worker).
    watch: Option<StartWatcher>,
    /// Gets every committed update, from the first one on; dropped when the room unloads.
    watcher: Option<Watcher>,
    /// Sees the changes the room reports to `on_change` (when something listens).
    observer: Option<Observer>,
    on_change: Option<ChangeHook>,
    /// Changes the current batch made, and who made them; reported once it is durable.
    batch_changes: Vec<(Arc<Who>, RoomChange)>,
    /// When the last batch that stored updates ended, and the peer whose update it took last.
    last_stored: Option<(tokio::time::Instant, Option<PeerId>)>,
}

/// How the actor loop ended.
enum Exit {
    Idle,
    Shutdown,
    Failed(String),
}

/// What a caught panic said, when it said it with a string.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

impl Room {
    /// A room for a stored document; its [`Doc`] comes to [`Self::run`], still being built.
    pub(super) fn new(
        name: DocName,
        facts: LoadFacts,
        ctx: RoomContext,
        watch: Option<StartWatcher>,
        on_change: Option<ChangeHook>,
    ) -> Self {
        let observer = on_change.as_ref().and_then(|_| Observer::for_room(&name));
        Room {
            name,
            // Replaced by the built document before anything reads it.
            awareness: Awareness::new(Doc::new()),
            peers: HashMap::new(),
            awareness_owner: HashMap::new(),
            ctx,
            next_seq: facts.last_seq + 1,
            snapshot_seq: facts.snapshot_seq,
            compaction: None,
            batch_deltas: Vec::new(),
            full_state: facts.full_state,
            watch,
            watcher: None,
            observer,
            on_change,
            batch_changes: Vec::new(),
            last_stored: None,
        }
    }

    /// Runs the room until it is idle, shut down or broken, starting with the document
    /// `building` on the blocking pool. `deregister` removes the room from the registry; it is
    /// called before the room stops taking commands, so that new arrivals load a fresh room
    /// instead of waiting on this one.
    pub(super) async fn run(
        mut self,
        building: JoinHandle<Result<Doc, StoreError>>,
        mut commands: mpsc::Receiver<Command>,
        deregister: impl FnOnce(),
    ) {
        let serving = async {
            match self.await_document(building, &mut commands).await {
                Ok(backlog) => self.serve(&mut commands, backlog).await,
                Err(why) => Exit::Failed(why),
            }
        };
        // A panic the room's own guards around yrs did not stop fails the room like any other
        // failure, so that its peers still get their close (1011) and the next one to come
        // reloads the document from the store: a task that just died would leave them closed
        // without a code.
        let exit = AssertUnwindSafe(serving)
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| Exit::Failed(format!("panicked: {}", panic_message(&*panic))));
        let close = match &exit {
            Exit::Idle => CloseReason::new(1000, "room unloaded"),
            Exit::Shutdown => CloseReason::new(1001, "server shutting down"),
            Exit::Failed(why) => {
                tracing::error!(doc = %self.name, reason = %why, "room failed; closing its peers");
                CloseReason::new(1011, "room failed; reconnect to reload")
            }
        };
        self.await_compaction().await;
        // Leave one snapshot behind, so the next load reads it instead of replaying a log.
        if matches!(exit, Exit::Idle | Exit::Shutdown) && self.log_len() > 0 {
            self.compact_now().await;
        }
        deregister();
        commands.close();
        for peer in self.peers.values() {
            peer.link.control.close(close.clone());
        }
        // Whatever is still queued is refused; callers see `Gone` and retry on a fresh room.
        while commands.recv().await.is_some() {}
        tracing::debug!(doc = %self.name, "room unloaded");
    }

    /// Waits for the document to be built. Meanwhile the room already takes peers and answers a
    /// newcomer's sync from the stored state when the store held it ready to send (the common
    /// case: a compacted document), so the first client's download and decode overlap the
    /// server's; the room's own sync step 1 to those peers follows once the document is there.
    /// Every other command waits in the returned backlog.
    async fn await_document(
        &mut self,
        mut building: JoinHandle<Result<Doc, StoreError>>,
        commands: &mut mpsc::Receiver<Command>,
    ) -> Result<VecDeque<Command>, String> {
        let mut backlog = VecDeque::new();
        let mut waiting_for_step1 = Vec::new();
        let mut open = true;
        let doc = loop {
            tokio::select! {
                biased;
                built = &mut building => break built,
                command = commands.recv(), if open => match command {
                    Some(Command::Join(join)) => waiting_for_step1.push(self.add_peer(*join)),
                    Some(Command::Message { peer, message }) => match (&self.full_state, &*message) {
                        (Some(frame), Incoming::SyncStep1(sv)) if *sv == StateVector::default() => {
                            let frame = frame.clone();
                            self.deliver(vec![Delivery::To(peer, frame)]);
                        }
                        _ => backlog.push_back(Command::Message { peer, message }),
                    },
                    Some(command) => backlog.push_back(command),
                    // Closed: `serve` sees it once the document is there.
                    None => open = false,
                },
            }
        };
        let doc = joined(doc).map_err(|e| format!("loading the document failed: {e}"))?;
        if let Some(observer) = &mut self.observer {
            observer.attach(&doc);
        }
        self.awareness = Awareness::new(doc);
        for peer in &waiting_for_step1 {
            self.note_join(*peer);
        }
        self.report_changes();
        let sv = self.awareness.doc().transact().state_vector();
        let step1 = protocol::sync_step1(sv);
        let out = waiting_for_step1
            .into_iter()
            .map(|peer| Delivery::To(peer, step1.clone()))
            .collect();
        self.deliver(out);
        Ok(backlog)
    }

    async fn serve(
        &mut self,
        commands: &mut mpsc::Receiver<Command>,
        mut backlog: VecDeque<Command>,
    ) -> Exit {
        loop {
            let idle = self.peers.is_empty();
            let queued = backlog.pop_front();
            let first = if let Some(command) = queued {
                command
            } else {
                tokio::select! {
                    command = commands.recv() => match command {
                        Some(command) => command,
                        None => return Exit::Shutdown,
                    },
                    result = wait(&mut self.compaction) => {
                        self.compaction = None;
                        self.finish_compaction(result);
                        continue;
                    }
                    _ = tokio::time::sleep(self.ctx.idle_unload), if idle => return Exit::Idle,
                }
            };
            if let Some(until) = self.linger_until(&first) {
                tokio::time::sleep_until(until).await;
            }
            // The batch takes each next command only once the last is handled, so that what
            // arrives meanwhile joins it: one append and one frame per peer for all of it.
            let (mut batch_len, mut batch_bytes) = (0, 0);
            // The peer whose update the batch took last.
            let mut last_writer = None;
            let mut out = Vec::new();
            let mut next = Some(first);
            while let Some(command) = next {
                batch_len += 1;
                batch_bytes += command.update_bytes();
                if matches!(command, Command::Shutdown) {
                    // Finish what this batch started, then stop.
                    return match self.commit(out).await {
                        Ok(()) => Exit::Shutdown,
                        Err(exit) => exit,
                    };
                }
                last_writer = command.update_sender().or(last_writer);
                if let Err(why) = self.handle(command, &mut out) {
                    return Exit::Failed(why);
                }
                next = (batch_len < MAX_BATCH && batch_bytes < MAX_BATCH_BYTES)
                    .then(|| backlog.pop_front().or_else(|| commands.try_recv().ok()))
                    .flatten();
            }
            let stores = !self.batch_deltas.is_empty();
            if let Err(exit) = self.commit(out).await {
                return exit;
            }
            if stores {
                self.last_stored = Some((tokio::time::Instant::now(), last_writer));
            }
            self.maybe_compact();
        }
    }

    /// Until when the batch that starts with `first` waits (see [`LINGER`]): only when `first` is
    /// an update of another peer than the one the last stored batch took last, and that batch
    /// ended less than [`LINGER`] ago.
    fn linger_until(&self, first: &Command) -> Option<tokio::time::Instant> {
        let (stored_at, writer) = self.last_stored?;
        let sender = first.update_sender()?;
        (writer != Some(sender) && stored_at.elapsed() < LINGER).then_some(stored_at + LINGER)
    }

    /// Ends a batch: the changes it integrated are merged into one update and appended (synced);
    /// then everything the batch produced is delivered, that update last (one frame per peer
    /// per batch, however many updates the batch held), and last the watcher gets the update.
    async fn commit(&mut self, mut out: Vec<Delivery>) -> Result<(), Exit> {
        let mut committed = Vec::new();
        if !self.batch_deltas.is_empty() {
            let deltas = std::mem::take(&mut self.batch_deltas);
            let count = deltas.len() as u64;
            let updates = batch_updates(deltas);
            for update in &updates {
                self.ctx
                    .store
                    .append(&self.name, self.next_seq, update)
                    .map_err(|e| Exit::Failed(format!("append failed: {e}")))?;
                self.next_seq += 1;
                self.ctx.metrics.update_bytes.inc_by(update.len() as u64);
            }
            if let Some(commit) = &self.ctx.commit {
                if let Err(e) = commit.sync().await {
                    return Err(Exit::Failed(format!("sync failed: {e}")));
                }
            }
            self.ctx.metrics.updates_applied.inc_by(count);
            for update in updates {
                let len = update.len();
                let frame = protocol::sync_update(update);
                // The frame ends with the update itself: the watcher shares it rather than a copy.
                committed.push(frame.slice(frame.len() - len..));
                out.push(Delivery::All(frame));
            }
        }
        self.deliver(out);
        for update in committed {
            self.notify_watcher(update).map_err(Exit::Failed)?;
        }
        self.report_changes();
        Ok(())
    }

    /// Reports the batch's changes, now durable.
    fn report_changes(&mut self) {
        if self.batch_changes.is_empty() {
            return;
        }
        if let Some(hook) = &self.on_change {
            for (who, change) in self.batch_changes.drain(..) {
                hook(&self.name, &who.actor, change);
            }
        }
    }

    /// Notes that `peer` joined, when joins are reported here.
    fn note_join(&mut self, peer: PeerId) {
        if !self.observer.as_ref().is_some_and(Observer::reports_joins) {
            return;
        }
        if let Some(p) = self.peers.get(&peer) {
            let who = p.link.who.clone();
            let role = who.role;
            self.batch_changes.push((who, RoomChange::Joined { role }));
        }
    }

    /// Notes the changes the last transaction made, as made by `peer` (the server itself when
    /// `None`).
    fn attribute(&mut self, peer: Option<PeerId>) {
        let Some(observer) = &self.observer else {
            return;
        };
        let changes = observer.take();
        if changes.is_empty() {
            return;
        }
        let actor = match peer.and_then(|peer| self.peers.get(&peer)) {
            Some(peer) => peer.link.who.clone(),
            None => Arc::new(Who::server()),
        };
        self.batch_changes
            .extend(changes.into_iter().map(|change| (actor.clone(), change)));
    }

    /// Hands a committed update to the room's watcher. The first committed change after which
    /// the document wants one (a plain Yjs document never does) starts the watcher from the
    /// whole document (which holds that change): the one full encoding a watcher costs, however
    /// long the room stays loaded.
    fn notify_watcher(&mut self, update: Bytes) -> Result<(), String> {
        let Some(watch) = self.watch.clone() else {
            return Ok(());
        };
        if let Some(watcher) = &self.watcher {
            if watcher.send(update).is_ok() {
                return Ok(());
            }
            // The watcher stopped (it failed): a new one starts from the whole document.
        }
        if !(watch.wants)(self.awareness.doc()) {
            return Ok(());
        }
        let state = self.encode_since(&StateVector::default())?;
        self.ctx.metrics.full_state_encodes.inc();
        self.watcher = (watch.start)(&self.name, state.into());
        Ok(())
    }

    /// Applies one command; messages it produces go to `out`. An `Err` means the in-memory
    /// document can no longer be trusted (a storage failure or a panic inside `yrs`).
    fn handle(&mut self, command: Command, out: &mut Vec<Delivery>) -> Result<(), String> {
        match command {
            Command::Join(join) => {
                let peer = self.add_peer(*join);
                self.note_join(peer);
                let sv = self.awareness.doc().transact().state_vector();
                out.push(Delivery::To(peer, protocol::sync_step1(sv)));
                if let Some(state) = protocol::awareness_state(&self.awareness) {
                    out.push(Delivery::To(peer, state));
                }
            }
            Command::Leave { peer } => self.remove_peer(peer, out),
            Command::Message { peer, message } => self.handle_message(peer, *message, out)?,
            Command::Edit(edit) => {
                let Edit { change, done, .. } = *edit;
                match self.transact(change) {
                    Ok(result) => {
                        self.attribute(None);
                        out.push(Delivery::Edited(done, result));
                    }
                    Err(why) => {
                        let _ = done.send(Err(RoomError::Storage(why.clone())));
                        return Err(why);
                    }
                }
            }
            Command::EncodeState { done } => {
                let state = self.encode_since(&StateVector::default())?;
                self.ctx.metrics.full_state_encodes.inc();
                out.push(Delivery::State(done, state));
            }
            Command::Shutdown => unreachable!("handled by the loop"),
        }
        Ok(())
    }

    /// Registers a joining peer and tells it so; returns its id.
    fn add_peer(&mut self, join: Join) -> PeerId {
        let Join {
            peer,
            link,
            access,
            joined,
        } = join;
        self.peers.insert(
            peer,
            Peer {
                link,
                access,
                clients: HashSet::new(),
            },
        );
        let _ = joined.send(());
        peer
    }

    fn handle_message(
        &mut self,
        peer: PeerId,
        message: Incoming,
        out: &mut Vec<Delivery>,
    ) -> Result<(), String> {
        let Some(access) = self.peers.get(&peer).map(|p| p.access) else {
            return Ok(()); // already dropped; late message
        };
        match message {
            Incoming::SyncStep1(sv) => {
                // A newcomer with nothing gets the whole document; many arriving at once (a
                // join storm) share one encoding until the document changes.
                let frame = if sv == StateVector::default() {
                    self.full_state_frame()?
                } else {
                    protocol::sync_step2(self.encode_since(&sv)?)
                };
                out.push(Delivery::To(peer, frame));
            }
            Incoming::Update { update, raw, step2 } => {
                if access != Access::ReadWrite {
                    // Stock clients answer the server's sync step 1 with whatever they have,
                    // usually nothing new: that is not a write, so it gets no refusal. An update
                    // message always is one (deletions alone included).
                    if step2 && self.adds_nothing(&update)? {
                        return Ok(());
                    }
                    tracing::info!(doc = %self.name, peer, bytes = raw.len(), "refused write from read-only connection");
                    out.push(Delivery::To(
                        peer,
                        protocol::permission_denied(
                            "read-only: this connection may not change the document",
                        ),
                    ));
                    return Ok(());
                }
                // An update that builds on changes the room lacks is not applied. A stock
                // client sent it after another tab's change reached it first; asked for what it
                // has beyond the room's state, it sends both. Its answer (a step 2) must be
                // whole: a peer that cannot complete it reconnects and sends it again.
                let known = self.awareness.doc().transact().state_vector();
                match super::origins::missing(&raw, &update, &known) {
                    Ok(None) => {}
                    Ok(Some(id)) if !step2 => {
                        tracing::debug!(doc = %self.name, peer, %id, "update builds on a change the room lacks; asking the peer for it");
                        out.push(Delivery::To(peer, protocol::sync_step1(known)));
                        return Ok(());
                    }
                    Ok(Some(id)) => {
                        tracing::info!(doc = %self.name, peer, %id, "closing peer whose sync step 2 builds on a change the room lacks");
                        let reason =
                            CloseReason::new(1007, "update builds on changes the server lacks");
                        self.close_peer(peer, reason, out);
                        return Ok(());
                    }
                    Err(e) => {
                        tracing::warn!(doc = %self.name, peer, reason = %e, "closing peer that sent a bad update");
                        self.close_peer(peer, CloseReason::new(1007, "invalid update"), out);
                        return Ok(());
                    }
                }
                // A document reloaded from an older store may hold a waiting part already.
                let waited = self.awareness.doc().transact().has_missing_updates();
                // In a comments room, what a signed-in member writes is signed with their name.
                let vouched = match self.name.room_kind() {
                    RoomKind::Comments => self
                        .peers
                        .get(&peer)
                        .and_then(|p| p.link.who.vouched_name.clone()),
                    _ => None,
                };
                let applied = self.transact(|txn| {
                    let signatures = vouched.as_ref().map(|_| authors::Signatures::before(txn));
                    let applied = txn.apply_update(update);
                    if let (Some(name), Some(signatures)) = (&vouched, signatures) {
                        authors::vouch_for_authors(txn, name);
                        signatures.keep(txn);
                    }
                    applied
                })?;
                if let Err(e) = applied {
                    tracing::warn!(doc = %self.name, peer, reason = %e, "closing peer that sent a bad update");
                    self.close_peer(peer, CloseReason::new(1007, "invalid update"), out);
                }
                if !waited && self.awareness.doc().transact().has_missing_updates() {
                    return Err(
                        "a change left parts waiting, which its check did not foresee".into(),
                    );
                }
                self.attribute(Some(peer));
            }
            Incoming::Awareness(update) => self.relay_awareness(peer, update, out),
            Incoming::QueryAwareness => {
                if let Some(state) = protocol::awareness_state(&self.awareness) {
                    out.push(Delivery::To(peer, state));
                }
            }
            Incoming::Auth => {}
        }
        Ok(())
    }

    /// Sync step 2 carrying the whole document (cached until the next change).
    fn full_state_frame(&mut self) -> Result<Bytes, String> {
        if let Some(frame) = &self.full_state {
            return Ok(frame.clone());
        }
        let frame = protocol::sync_step2(self.encode_since(&StateVector::default())?);
        self.ctx.metrics.full_state_encodes.inc();
        self.full_state = Some(frame.clone());
        Ok(frame)
    }

    /// What the document holds beyond `sv`: every change the room integrated (and so stored)
    /// and the whole delete set, but not the pending part of updates still waiting for a change
    /// the room lacks. That part is never stored, so a peer sent it would hold what the next
    /// reload forgets and build on it; and a malformed pending part is where `yrs` fails to
    /// encode. It reaches peers once it integrates, in the delta of that transaction. An `Err`
    /// means encoding panicked, or gave bytes a client could not decode (a crafted update can
    /// leave yrs holding blocks it encodes wrongly, or with clocks past 2^32 - 1), and the
    /// document can no longer be trusted: every frame the room sends passes the check its
    /// peers' frames pass.
    fn encode_since(&self, sv: &StateVector) -> Result<Vec<u8>, String> {
        let doc = self.awareness.doc();
        let encoded = catch_unwind(AssertUnwindSafe(|| doc.transact().encode_diff_v1(sv)))
            .map_err(|_| "encoding the document panicked".to_owned())?;
        if !decodes(&encoded) {
            return Err("the document's encoding does not decode".into());
        }
        Ok(encoded)
    }

    /// Whether `update` holds nothing this document lacks: no blocks beyond its state vector and
    /// no deletions it has not made. (Only asked of read-only peers, whose step 2 is usually
    /// empty; the delete-set check reads the document's whole delete set.)
    fn adds_nothing(&self, update: &Update) -> Result<bool, String> {
        let known = self.awareness.doc().transact().state_vector();
        // Any inserted block ending past what this document has for its client is new.
        if update.insertions(true).iter().any(|(client, ranges)| {
            let have = known.get(client);
            ranges.iter().any(|range| range.end > have)
        }) {
            return Ok(false);
        }
        if update.delete_set().is_empty() {
            return Ok(true);
        }
        Ok(match Update::decode_v1(&self.encode_since(&known)?) {
            Ok(deletions) => update.delete_set().diff(deletions.delete_set()).is_empty(),
            Err(_) => false,
        })
    }

    /// Runs `change` in one transaction on the document: a peer's update or a server-side edit.
    /// What it changed joins the batch's deltas, which [`Self::commit`] stores and then
    /// broadcasts to every peer, the sender included (y-websocket confirms local edits by that
    /// echo). An `Err` means `change` panicked, and the document can no longer be trusted.
    fn transact<R>(&mut self, change: impl FnOnce(&mut TransactionMut) -> R) -> Result<R, String> {
        // Whatever happens below (even a rejected or pending update) may change what a full
        // encoding holds.
        self.full_state = None;
        let doc = self.awareness.doc();
        let mut txn = doc.transact_mut();
        let applied = catch_unwind(AssertUnwindSafe(|| {
            let result = change(&mut txn);
            let delta = changed(&txn).then(|| {
                let delta = txn.encode_update_v1();
                decodes(&delta).then_some(delta)
            });
            (result, delta)
        }));
        // Dropping the transaction commits it, and yrs's cleanup can panic on the same broken
        // state. Dropped while a first panic unwinds, that second panic would abort the whole
        // process; dropped here, after the first was caught, it is caught like any other.
        let committed = catch_unwind(AssertUnwindSafe(move || drop(txn)));
        let (result, delta) =
            applied.map_err(|_| "a change panicked mid-transaction".to_owned())?;
        committed.map_err(|_| "committing a change panicked".to_owned())?;
        match delta {
            None => {}
            Some(Some(delta)) => {
                let (integrated, waiting) = {
                    let txn = self.awareness.doc().transact();
                    (txn.state_vector(), txn.has_missing_updates())
                };
                match super::origins::broken(&delta, &integrated, waiting) {
                    Ok(None) => {}
                    Ok(Some(broken)) => return Err(broken.to_string()),
                    Err(e) => return Err(format!("a change's encoding does not read back: {e}")),
                }
                self.batch_deltas.push(delta);
                // The document changed: it may now have what the observer watches, which must
                // see the next transaction even in this batch (a thread created, then resolved).
                if let Some(observer) = &mut self.observer {
                    observer.attach(self.awareness.doc());
                }
            }
            Some(None) => return Err("a change's encoding does not decode".into()),
        }
        Ok(result)
    }

    /// Relays a presence update. A connection may only set the awareness entries it owns (the
    /// first connection to set a client id owns it); entries for others' ids are dropped.
    fn relay_awareness(
        &mut self,
        peer: PeerId,
        mut update: AwarenessUpdate,
        out: &mut Vec<Delivery>,
    ) {
        update
            .clients
            .retain(|client, _| match self.awareness_owner.get(client) {
                Some(owner) => *owner == peer,
                None => true,
            });
        if update.clients.is_empty() {
            return;
        }
        let Some(entry) = self.peers.get_mut(&peer) else {
            return;
        };
        for client in update.clients.keys() {
            entry.clients.insert(*client);
            self.awareness_owner.insert(*client, peer);
        }
        let frame = protocol::awareness(update.clone());
        if let Err(e) = self.awareness.apply_update(update) {
            tracing::debug!(doc = %self.name, peer, error = %e, "awareness update ignored");
            return;
        }
        out.push(Delivery::AllBut(peer, frame));
    }

    /// Removes a peer; its presence entries are cleared and the others are told.
    fn remove_peer(&mut self, peer: PeerId, out: &mut Vec<Delivery>) {
        let Some(gone) = self.peers.remove(&peer) else {
            return;
        };
        if gone.clients.is_empty() {
            return;
        }
        for client in &gone.clients {
            self.awareness_owner.remove(client);
            self.awareness.remove_state(*client);
        }
        if let Ok(update) = self.awareness.update_with_clients(gone.clients) {
            out.push(Delivery::All(protocol::awareness(update)));
        }
    }

    /// Closes a peer's connection with `reason` and removes it from the room.
    fn close_peer(&mut self, peer: PeerId, reason: CloseReason, out: &mut Vec<Delivery>) {
        if let Some(p) = self.peers.get(&peer) {
            p.link.control.close(reason);
        }
        self.remove_peer(peer, out);
    }

    /// Sends everything a batch produced. A peer whose queue is full is closed with 1013 (it
    /// resyncs on reconnect); its departure may itself produce messages, delivered in turn.
    fn deliver(&mut self, mut out: Vec<Delivery>) {
        while !out.is_empty() {
            let mut lagging = Vec::new();
            let mut closed = Vec::new();
            for delivery in out.drain(..) {
                let (frame, only, except) = match delivery {
                    Delivery::To(peer, frame) => (frame, Some(peer), None),
                    Delivery::All(frame) => (frame, None, None),
                    Delivery::AllBut(peer, frame) => (frame, None, Some(peer)),
                    Delivery::Edited(done, result) => {
                        let _ = done.send(Ok(result));
                        continue;
                    }
                    Delivery::State(done, state) => {
                        let _ = done.send(state);
                        continue;
                    }
                };
                for (id, peer) in &self.peers {
                    if only.is_some_and(|o| o != *id) || except == Some(*id) {
                        continue;
                    }
                    match peer.link.outbox.push(frame.clone()) {
                        Ok(()) => {}
                        Err(PushError::Lagging) => lagging.push(*id),
                        Err(PushError::Closed) => closed.push(*id),
                    }
                }
            }
            lagging.sort_unstable();
            lagging.dedup();
            for peer in lagging {
                tracing::warn!(doc = %self.name, peer, "peer cannot keep up; closing it (1013)");
                self.ctx.metrics.peers_dropped_slow.inc();
                self.close_peer(
                    peer,
                    CloseReason::new(1013, "too slow: reconnect to resync"),
                    &mut out,
                );
            }
            for peer in closed {
                self.remove_peer(peer, &mut out);
            }
        }
    }

    /// Log entries not yet folded into the snapshot.
    fn log_len(&self) -> u64 {
        self.next_seq - 1 - self.snapshot_seq
    }

    /// Starts a background compaction when the log has grown long enough.
    fn maybe_compact(&mut self) {
        self.maybe_compact_with_threshold(self.ctx.compact_every);
    }

    fn maybe_compact_with_threshold(&mut self, threshold: u64) {
        if self.compaction.is_some() || self.log_len() < threshold {
            return;
        }
        let (store, name, upto) = (self.ctx.store.clone(), self.name.clone(), self.next_seq - 1);
        let permits = self.ctx.compactions.clone();
        self.compaction = Some(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await;
            joined(
                tokio::task::spawn_blocking(move || {
                    store.compact(&name, upto).map(|done| (upto, done))
                })
                .await,
            )
        }));
    }

    /// Compacts everything now (used before unloading, so the next load is one snapshot read).
    async fn compact_now(&mut self) {
        self.maybe_compact_with_threshold(1);
        self.await_compaction().await;
    }

    /// Waits for a running compaction, if any, and records its outcome.
    async fn await_compaction(&mut self) {
        if self.compaction.is_some() {
            let result = wait(&mut self.compaction).await;
            self.compaction = None;
            self.finish_compaction(result);
        }
    }

    fn finish_compaction(&mut self, result: Result<(u64, Compacted), StoreError>) {
        match result {
            Ok((upto, done)) => {
                self.snapshot_seq = self.snapshot_seq.max(upto);
                self.ctx.metrics.compactions.inc();
                // A compaction encodes the whole document into the new snapshot.
                self.ctx.metrics.full_state_encodes.inc();
                tracing::debug!(doc = %self.name, folded = done.updates, bytes = done.snapshot_bytes, "compacted");
            }
            // The log is intact: a failed compaction only means a longer log until the next try.
            Err(e) => tracing::error!(doc = %self.name, error = %e, "compaction failed"),
        }
    }
}

/// What a batch's deltas are stored and sent as: one update merged from them, or each on its
/// own when yrs merges deltas that each decode into bytes it cannot decode (a crafted update,
/// found by fuzzing).
fn batch_updates(deltas: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    if deltas.len() < 2 {
        return deltas;
    }
    match yrs::merge_updates_v1(&deltas) {
        Ok(merged) if decodes(&merged) => vec![merged],
        _ => deltas,
    }
}

/// Whether `delta`, the encoding of what a transaction changed, is an update the room would
/// accept from a peer: `yrs` can encode a change into bytes it cannot decode itself, or with a
/// skip whose length wrapped around past 2^32 (both found by the room fuzz target). Stored or
/// relayed, such a delta would make peers fail to decode it (or place its blocks elsewhere), and
/// the room fail to reload.
fn decodes(delta: &[u8]) -> bool {
    protocol::decode_update(delta).is_ok()
}

async fn wait(
    compaction: &mut Option<JoinHandle<Result<(u64, Compacted), StoreError>>>,
) -> Result<(u64, Compacted), StoreError> {
    match compaction {
        Some(handle) => joined(handle.await),
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::oneshot;
    use yrs::{GetString, Map, Text, WriteTxn};

    use super::super::registry::WatchBodies;
    use super::*;
    use crate::room::{closer, outbox, OutboxReceiver, Outgoing};
    use crate::store::SledStore;
    use crate::store::Store;

    fn text_update(doc: &Doc, at: u32, s: &str) -> Vec<u8> {
        let text = doc.get_or_insert_text("body");
        let mut txn = doc.transact_mut();
        text.insert(&mut txn, at, s);
        txn.encode_update_v1()
    }

    /// What the peer's next frame holds.
    async fn next(frames: &mut OutboxReceiver) -> Vec<Incoming> {
        let next = tokio::time::timeout(Duration::from_secs(5), frames.recv())
            .await
            .expect("a frame in time")
            .expect("outbox open");
        frames.sent();
        let Outgoing::Frame(frame) = next else {
            panic!("a frame, not {next:?}")
        };
        vec![protocol::decode_frame(&frame).expect("a valid frame")]
    }

    fn context(store: Arc<SledStore>) -> RoomContext {
        RoomContext {
            store,
            commit: None,
            metrics: Arc::new(Metrics::default()),
            idle_unload: Duration::from_secs(60),
            compact_every: 1000,
            compactions: Arc::new(Semaphore::new(1)),
        }
    }

    /// A peer joined to the room behind `commands`: its outbox, and the closer keeping it open.
    async fn join(
        commands: &mpsc::Sender<Command>,
        peer: PeerId,
    ) -> (OutboxReceiver, crate::room::CloseRequests) {
        let (outbox, frames) = outbox(1 << 20);
        let (control, requests) = closer();
        let (joined, is_joined) = oneshot::channel();
        let join = Join {
            peer,
            link: PeerLink {
                outbox,
                control,
                who: Arc::new(Who::server()),
            },
            access: Access::ReadWrite,
            joined,
        };
        commands.send(Command::Join(Box::new(join))).await.unwrap();
        is_joined.await.unwrap();
        (frames, requests)
    }

    /// The text `body` of a document rebuilt from what the store holds for `name`.
    fn stored_text(store: &SledStore, name: &DocName) -> String {
        let doc = Doc::new();
        store.load(name).unwrap().apply_to(&doc).unwrap();
        let text = doc.get_or_insert_text("body");
        let out = text.get_string(&doc.transact());
        out
    }

    #[tokio::test]
    async fn a_room_that_panics_closes_its_peers_with_1011() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let stored = LoadFacts {
            snapshot_seq: 0,
            last_seq: 0,
            full_state: None,
        };
        // A postmortem's body room reports who joins, to a hook with a bug: it panics outside
        // the guards the room keeps around yrs.
        let name = DocName::parse("fragile").unwrap();
        let hook: ChangeHook = Arc::new(|_, _, _| panic!("a bug in a change hook"));
        let room = Room::new(name, stored, context(store), None, Some(hook));
        let (commands, rx) = mpsc::channel(16);
        let building = tokio::spawn(async {
            let doc = crate::room::new_doc();
            doc.get_or_insert_map(crate::postmortem::meta::META);
            Ok(doc)
        });
        let running = tokio::spawn(room.run(building, rx, || {}));
        let (_frames, mut close) = join(&commands, 1).await;
        let reason = tokio::time::timeout(Duration::from_secs(5), close.recv())
            .await
            .expect("a close in time")
            .expect("a close reason, not a closer dropped without one");
        assert_eq!(reason.code, 1011);
        running.await.expect("the room's task ends without a panic");
    }

    #[tokio::test]
    async fn edits_and_updates_reach_the_watcher_once_durable_and_broadcast() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let ctx = context(store.clone());
        let metrics = ctx.metrics.clone();
        let name = DocName::parse("watched").unwrap();
        // The watcher records the whole document it starts from, then every update it gets,
        // each with the stored text at the moment it arrives.
        let (seen_tx, mut seen) = mpsc::unbounded_channel::<(&str, Bytes, String)>();
        let start: StartWatcher = {
            let (store, name) = (store.clone(), name.clone());
            let start = Box::new(move |_: &DocName, state: Bytes| {
                let _ = seen_tx.send(("start", state, stored_text(&store, &name)));
                let (watcher, mut updates) = mpsc::unbounded_channel::<Bytes>();
                let (seen_tx, store, name) = (seen_tx.clone(), store.clone(), name.clone());
                tokio::spawn(async move {
                    while let Some(update) = updates.recv().await {
                        let _ = seen_tx.send(("update", update, stored_text(&store, &name)));
                    }
                });
                Some(watcher)
            });
            Arc::new(WatchBodies {
                wants: |_| true,
                start,
            })
        };
        let stored = LoadFacts {
            snapshot_seq: 0,
            last_seq: 0,
            full_state: None,
        };
        let room = Room::new(name.clone(), stored, ctx, Some(start), None);
        let (commands, rx) = mpsc::channel(16);
        let building = tokio::spawn(async { Ok(crate::room::new_doc()) });
        tokio::spawn(room.run(building, rx, || {}));
        let (mut frames, _open) = join(&commands, 1).await;
        assert!(matches!(
            next(&mut frames).await.as_slice(),
            [Incoming::SyncStep1(_)]
        ));

        // A peer's update: echoed, then the watcher starts from the whole document.
        let client = Doc::new();
        let typed = text_update(&client, 0, "typed");
        let update = Incoming::Update {
            update: Update::decode_v1(&typed).unwrap(),
            raw: typed.into(),
            step2: false,
        };
        let message = Box::new(update);
        commands
            .send(Command::Message { peer: 1, message })
            .await
            .unwrap();
        assert!(matches!(
            next(&mut frames).await.as_slice(),
            [Incoming::Update { .. }]
        ));
        let (what, state, stored_then) = seen.recv().await.unwrap();
        assert_eq!((what, stored_then.as_str()), ("start", "typed"));
        let replica = Doc::new();
        replica
            .transact_mut()
            .apply_update(Update::decode_v1(&state).unwrap())
            .unwrap();
        assert_eq!(metrics.full_state_encodes.get(), 1);

        // A server-side edit runs in the room's transaction and answers once durable; peers
        // and the watcher get the same update.
        let handle = super::super::RoomHandle {
            id: 1,
            commands: commands.clone(),
        };
        let answer = handle
            .edit(
                |txn| {
                    let text = txn.get_or_insert_text("body");
                    text.insert(txn, 5, " and edited");
                    42
                },
                0,
            )
            .await
            .unwrap();
        assert_eq!(answer, 42);
        assert_eq!(stored_text(&store, &name), "typed and edited");
        let broadcast = match next(&mut frames).await.as_slice() {
            [Incoming::Update { raw, .. }] => raw.clone(),
            other => panic!("expected the edit, got {other:?}"),
        };
        let (what, update, stored_then) = seen.recv().await.unwrap();
        assert_eq!((what, stored_then.as_str()), ("update", "typed and edited"));
        assert_eq!(update, broadcast, "the watcher gets what peers got");
        replica
            .transact_mut()
            .apply_update(Update::decode_v1(&update).unwrap())
            .unwrap();
        let text = replica.get_or_insert_text("body");
        assert_eq!(text.get_string(&replica.transact()), "typed and edited");
        assert_eq!(
            metrics.full_state_encodes.get(),
            1,
            "no encoding per update"
        );
    }

    #[tokio::test]
    async fn a_plain_document_gets_no_watcher_until_it_is_laid_out_as_a_postmortem() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let ctx = context(store);
        let metrics = ctx.metrics.clone();
        let (started_tx, mut started) = mpsc::unbounded_channel::<()>();
        let start: StartWatcher = Arc::new(WatchBodies {
            wants: crate::postmortem::Postmortem::laid_out_in,
            start: Box::new(move |_: &DocName, _: Bytes| {
                let _ = started_tx.send(());
                let (watcher, mut updates) = mpsc::unbounded_channel::<Bytes>();
                tokio::spawn(async move { while updates.recv().await.is_some() {} });
                Some(watcher)
            }),
        });
        let stored = LoadFacts {
            snapshot_seq: 0,
            last_seq: 0,
            full_state: None,
        };
        let name = DocName::parse("plain").unwrap();
        let room = Room::new(name, stored, ctx, Some(start), None);
        let (commands, rx) = mpsc::channel(16);
        let building = tokio::spawn(async { Ok(crate::room::new_doc()) });
        tokio::spawn(room.run(building, rx, || {}));
        let handle = super::super::RoomHandle { id: 1, commands };

        // Text in a plain Y.Text: durable, but no watcher and no whole-document encoding.
        handle
            .edit(
                |txn| txn.get_or_insert_text("notes").insert(txn, 0, "plain"),
                0,
            )
            .await
            .unwrap();
        assert!(
            started.try_recv().is_err(),
            "no watcher for a plain document"
        );
        assert_eq!(metrics.full_state_encodes.get(), 0);

        // Once the document has a postmortem's metadata, its next change starts one.
        handle
            .edit(
                |txn| {
                    let meta = txn.get_or_insert_map(crate::postmortem::meta::META);
                    meta.insert(txn, "title", "Now a postmortem");
                },
                0,
            )
            .await
            .unwrap();
        started.recv().await.expect("a watcher started");
        assert_eq!(metrics.full_state_encodes.get(), 1);
    }

    #[tokio::test]
    async fn a_newcomer_gets_the_stored_state_while_the_document_is_still_being_built() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let ctx = context(store);
        let stored_doc = Doc::new();
        let stored_state = text_update(&stored_doc, 0, "stored");
        let stored = LoadFacts {
            snapshot_seq: 1,
            last_seq: 1,
            full_state: Some(protocol::sync_step2(stored_state.clone())),
        };
        // The build finishes only when the test says so.
        let (finish, gate) = oneshot::channel::<()>();
        let built = stored_state.clone();
        let building = tokio::spawn(async move {
            gate.await.unwrap();
            let doc = crate::room::new_doc();
            doc.transact_mut()
                .apply_update(Update::decode_v1(&built).unwrap())
                .unwrap();
            Ok(doc)
        });
        let name = DocName::parse("pending").unwrap();
        let room = Room::new(name, stored, ctx, None, None);
        let (commands, rx) = mpsc::channel(16);
        tokio::spawn(room.run(building, rx, || {}));

        let (mut frames, _requests) = join(&commands, 7).await;
        let step1 = Incoming::SyncStep1(StateVector::default());
        let message = |message| Command::Message {
            peer: 7,
            message: Box::new(message),
        };
        commands.send(message(step1)).await.unwrap();
        // An edit made on top of what the peer will receive waits for the document.
        let client = Doc::new();
        client
            .transact_mut()
            .apply_update(Update::decode_v1(&stored_state).unwrap())
            .unwrap();
        let edit = text_update(&client, 6, " and edited");
        let update = Incoming::Update {
            update: Update::decode_v1(&edit).unwrap(),
            raw: edit.clone().into(),
            step2: false,
        };
        commands.send(message(update)).await.unwrap();

        // Answered before the document exists: the stored state, and nothing else yet.
        match next(&mut frames).await.as_slice() {
            [Incoming::Update { raw, .. }] => assert_eq!(raw.as_ref(), stored_state.as_slice()),
            other => panic!("expected the stored state, got {other:?}"),
        }
        let quiet = tokio::time::timeout(Duration::from_millis(50), frames.recv()).await;
        assert!(quiet.is_err(), "nothing else before the build");

        finish.send(()).unwrap();
        assert!(matches!(
            next(&mut frames).await.as_slice(),
            [Incoming::SyncStep1(_)]
        ));
        // Then the edit, integrated and echoed.
        assert!(matches!(
            next(&mut frames).await.as_slice(),
            [Incoming::Update { .. }]
        ));
        let (done, state) = oneshot::channel();
        commands.send(Command::EncodeState { done }).await.unwrap();
        let whole = Doc::new();
        whole
            .transact_mut()
            .apply_update(Update::decode_v1(&state.await.unwrap()).unwrap())
            .unwrap();
        let text = whole.get_or_insert_text("body");
        assert_eq!(text.get_string(&whole.transact()), "stored and edited");
    }

    #[tokio::test]
    async fn an_update_that_fails_halfway_is_stored_and_relayed_as_far_as_it_applied() {
        // yrs integrates "ok" (after "hello": both start the text, and client 2 sorts after
        // client 1), then fails on "no", whose parent is
        // `<1#0>`, a piece of text, not a type. It keeps what it integrated: the room stores and
        // relays that part like any change, and closes the sender for its bad update.
        use yrs::block::{ClientID, BLOCK_ITEM_STRING_REF_NUMBER};
        use yrs::encoding::write::Write;
        use yrs::updates::encoder::{Encoder, EncoderV1};
        let hello = text_update(&Doc::with_client_id(1), 0, "hello");
        let mut crafted = EncoderV1::new();
        crafted.write_var(1u32); // one client
        crafted.write_var(2u32); // two blocks
        crafted.write_client(ClientID::new(2));
        crafted.write_var(0u32); // from clock 0
        crafted.write_info(BLOCK_ITEM_STRING_REF_NUMBER);
        crafted.write_parent_info(true);
        crafted.write_string("body");
        crafted.write_string("ok");
        crafted.write_info(BLOCK_ITEM_STRING_REF_NUMBER);
        crafted.write_parent_info(false);
        crafted.write_left_id(&yrs::ID::new(ClientID::new(1), 0));
        crafted.write_string("no");
        crafted.write_var(0u32); // no deletions
        let crafted = crafted.to_vec();

        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let name = DocName::parse("fails-halfway").unwrap();
        let (live, mut frames, mut closes) = two_writers(store.clone(), &name).await;
        let room = live.get(&name).await.unwrap();
        for update in [hello, crafted] {
            let message = protocol::decode_frame(&protocol::sync_update(update)).unwrap();
            room.deliver(1, message).await.unwrap();
        }
        assert_eq!(closes[0].recv().await.unwrap().code, 1007);
        let relayed = Doc::new();
        let text = relayed.get_or_insert_text("body");
        while text.get_string(&relayed.transact()) != "hellook" {
            if let Incoming::Update { update, .. } = next(&mut frames[1]).await.remove(0) {
                relayed.transact_mut().apply_update(update).unwrap();
            }
        }
        live.shutdown().await;
        assert_eq!(stored_text(&store, &name), "hellook");
    }

    #[tokio::test]
    async fn an_update_that_would_fail_halfway_is_not_applied() {
        // A postmortem's first update, mutated by the room fuzz target: yrs integrates 74 of
        // its items, then fails on one whose parent is not a type. It also builds on clocks the
        // document lacks, so the room asks for them and applies none of it.
        let update = include_bytes!("testdata/fails-halfway.v1");
        let probe = crate::room::new_doc();
        let failed = probe
            .transact_mut()
            .apply_update(Update::decode_v1(update).unwrap());
        assert!(failed.is_err());
        assert_asks_the_sender("fails-halfway", &[update]).await;
    }

    /// Two writers in a fresh room, the room's registry, and each peer's frames and closes.
    async fn two_writers(
        store: Arc<SledStore>,
        name: &DocName,
    ) -> (
        crate::room::Rooms,
        Vec<OutboxReceiver>,
        Vec<crate::room::CloseRequests>,
    ) {
        let live = crate::room::Rooms::new(
            store,
            None,
            Arc::new(Metrics::default()),
            crate::room::RoomsConfig {
                idle_unload: Duration::from_secs(60),
                compact_every: 1000,
            },
        );
        let (mut frames, mut closes) = (Vec::new(), Vec::new());
        for peer in [1, 2] {
            let (outbox, received) = outbox(1 << 20);
            let (control, requests) = closer();
            let who = Arc::new(Who::server());
            let link = PeerLink {
                outbox,
                control,
                who,
            };
            live.join(name, peer, link, Access::ReadWrite)
                .await
                .unwrap();
            frames.push(received);
            closes.push(requests);
        }
        (live, frames, closes)
    }

    fn state_vector_of(update: &[u8]) -> StateVector {
        let doc = Doc::new();
        doc.transact_mut()
            .apply_update(Update::decode_v1(update).unwrap())
            .unwrap();
        let sv = doc.transact().state_vector();
        sv
    }

    #[tokio::test]
    async fn the_room_serves_what_it_stored_not_what_still_waits_for_a_missing_change() {
        // Found by the room fuzz target: the second update builds on blocks the room lacks, so
        // yrs keeps part of it pending; encoding the document *with* that pending part (what
        // the room used to send newcomers) reported blocks that were never integrated nor
        // stored, which a reload then forgot.
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let name = DocName::parse("follow-on").unwrap();
        let (live, mut frames, _closes) = two_writers(store.clone(), &name).await;
        let room = live.get(&name).await.unwrap();
        for (peer, update) in [
            (1, &include_bytes!("testdata/follow-on-1.v1")[..]),
            (2, &include_bytes!("testdata/follow-on-2.v1")[..]),
        ] {
            let message = protocol::decode_frame(&protocol::sync_update(update.to_vec())).unwrap();
            room.deliver(peer, message).await.unwrap();
        }
        // A newcomer's sync step 2 holds what the API reads: the integrated document.
        room.deliver(2, Incoming::SyncStep1(StateVector::default()))
            .await
            .unwrap();
        let served = loop {
            let message = next(&mut frames[1]).await.remove(0);
            if let Incoming::Update {
                update,
                step2: true,
                ..
            } = message
            {
                break state_vector_of(&yrs::updates::encoder::Encode::encode_v1(&update));
            }
        };
        let live_state = state_vector_of(&live.encode_state(&name).await.unwrap());
        assert_eq!(served, live_state);
        live.shutdown().await;
        let (reloaded, _, _) = two_writers(store, &name).await;
        let stored = state_vector_of(&reloaded.encode_state(&name).await.unwrap());
        assert_eq!(stored, live_state, "a reload serves what the room served");
    }

    #[tokio::test]
    async fn an_update_that_would_wait_is_not_applied() {
        // Found by the room fuzz target: yrs kept part of this update pending, and that part's
        // own encoding was truncated; encoding the document with it panicked. The room now
        // applies no update that would leave a part waiting.
        let update = include_bytes!("testdata/waits-unencodable.v1");
        assert_asks_the_sender("waits", &[update]).await;
    }

    #[tokio::test]
    async fn updates_that_crash_yrs_through_its_pending_path_are_never_applied() {
        // Found by the room fuzz target on 7 December: applied in turn to one document, the
        // pending parts these three updates leave make yrs 0.28 read a freed item (a
        // segmentation fault in `Update::integrate`, which no `catch_unwind` stops: the whole
        // server died). Each builds on clocks the document lacks.
        let updates: [&[u8]; 3] = [
            include_bytes!("testdata/segfaults-1.v1"),
            include_bytes!("testdata/segfaults-2.v1"),
            include_bytes!("testdata/segfaults-3.v1"),
        ];
        assert_asks_the_sender("segfaults", &updates).await;
    }

    #[tokio::test]
    async fn an_update_that_arrives_before_the_change_it_builds_on_is_asked_for_with_it() {
        // Stock clients in one browser share changes over BroadcastChannel, so the server can
        // get a change before the one it builds on. It is not applied: the room asks the sender
        // for what it has beyond the room's state, and the answer brings both.
        let first = Doc::with_client_id(7);
        let a = text_update(&first, 0, "root cause: ");
        let second = Doc::with_client_id(8);
        second
            .transact_mut()
            .apply_update(Update::decode_v1(&a).unwrap())
            .unwrap();
        let b = text_update(&second, 12, "an expired certificate");

        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let name = DocName::parse("out-of-order").unwrap();
        let (live, mut frames, _closes) = two_writers(store.clone(), &name).await;
        let room = live.get(&name).await.unwrap();
        next(&mut frames[0]).await; // the join's sync step 1
        let message = protocol::decode_frame(&protocol::sync_update(b)).unwrap();
        room.deliver(1, message).await.unwrap();
        let asked = next(&mut frames[0]).await;
        let [Incoming::SyncStep1(sv)] = asked.as_slice() else {
            panic!("the sender is asked for what the room lacks");
        };
        let unapplied = live.encode_state(&name).await.unwrap();
        assert_eq!(state_vector_of(&unapplied), StateVector::default());
        // The sender answers as a stock client does: all it has beyond that state.
        let answer = second.transact().encode_diff_v1(sv);
        let message = protocol::decode_frame(&protocol::sync_step2(answer)).unwrap();
        room.deliver(1, message).await.unwrap();
        let relayed = Doc::new();
        let text = relayed.get_or_insert_text("body");
        while text.get_string(&relayed.transact()) != "root cause: an expired certificate" {
            if let Incoming::Update { update, .. } = next(&mut frames[1]).await.remove(0) {
                relayed.transact_mut().apply_update(update).unwrap();
            }
        }
        live.shutdown().await;
        assert_eq!(
            stored_text(&store, &name),
            "root cause: an expired certificate"
        );
    }

    /// Sends `updates` as peer 1 to a room of two writers and checks that the room applies
    /// none of them: it asks the sender, with a sync step 1, for what the updates build on, and
    /// keeps serving (no one is closed; its state, still empty, applies whole).
    async fn assert_asks_the_sender(case: &str, updates: &[&[u8]]) {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(SledStore::open(dir.path()).unwrap());
        let name = DocName::parse(case).unwrap();
        let (live, mut frames, mut closes) = two_writers(store, &name).await;
        let room = live.get(&name).await.unwrap();
        let joined = next(&mut frames[0]).await;
        assert!(matches!(joined.as_slice(), [Incoming::SyncStep1(_)]));
        for update in updates {
            let message = protocol::decode_frame(&protocol::sync_update(update.to_vec()));
            room.deliver(1, message.expect("the update decodes"))
                .await
                .unwrap();
            match next(&mut frames[0]).await.as_slice() {
                [Incoming::SyncStep1(sv)] => assert_eq!(*sv, StateVector::default(), "{case}"),
                other => panic!("{case}: expected a sync step 1, got {other:?}"),
            }
        }
        let state = live.encode_state(&name).await.unwrap();
        assert_eq!(state_vector_of(&state), StateVector::default(), "{case}");
        for close in &mut closes {
            let closed = tokio::time::timeout(Duration::from_millis(50), close.recv()).await;
            assert!(closed.is_err(), "{case}: no one is closed");
        }
    }

    #[tokio::test]
    async fn a_change_yrs_would_encode_into_bytes_it_cannot_decode_is_not_applied() {
        // Found by the room fuzz target: after this update, yrs encoded the change it
        // integrated into bytes it cannot decode itself (a stock client receiving them throws).
        // It builds on clocks the document lacks, so the room no longer applies it.
        let update = include_bytes!("testdata/encodes-undecodable.v1");
        assert_asks_the_sender("undecodable", &[update]).await;
    }

    #[test]
    fn deltas_that_merge_into_undecodable_bytes_go_out_one_by_one() {
        // Found by the room fuzz target: two deltas that each decode, which yrs merges into bytes
        // it cannot decode; relayed as one, a stock client would throw on them.
        let deltas = vec![
            include_bytes!("testdata/merges-undecodable-1.v1").to_vec(),
            include_bytes!("testdata/merges-undecodable-2.v1").to_vec(),
        ];
        assert!(deltas.iter().all(|delta| decodes(delta)));
        let merged = yrs::merge_updates_v1(&deltas);
        assert!(!merged.is_ok_and(|merged| decodes(&merged)));
        assert_eq!(batch_updates(deltas.clone()), deltas);
        // Ordinary deltas still merge into one.
        let (one, two) = (Doc::with_client_id(1), Doc::with_client_id(2));
        let ordinary = vec![text_update(&one, 0, "a"), text_update(&two, 0, "b")];
        let batch = batch_updates(ordinary);
        assert_eq!(batch.len(), 1);
        assert!(decodes(&batch[0]));
    }

    #[tokio::test]
    async fn an_update_after_which_the_document_would_not_encode_is_not_applied() {
        // Found by the room fuzz target: after this update, whose delta decoded, yrs encoded the
        // whole document into bytes it cannot decode (a newcomer's sync step 2). It builds on
        // clocks the document lacks, so the room no longer applies it.
        let update = include_bytes!("testdata/encodes-state-undecodable.v1");
        assert_asks_the_sender("state-undecodable", &[update]).await;
    }

    #[tokio::test]
    async fn an_item_on_a_waiting_origin_is_not_applied() {
        // Found by the room fuzz target: yrs integrated an item whose left origin still waited
        // for a missing update; a document rebuilt from the room's log would never show it.
        let update = include_bytes!("testdata/origin-waiting.v1");
        assert_asks_the_sender("origin-waiting", &[update]).await;
    }

    #[test]
    fn an_update_yrs_panics_on_twice_is_refused_before_it_reaches_a_room() {
        // Found by the room fuzz target: yrs panics applying this update's deletions, and again
        // in the cleanup that commits the transaction. When the transaction was dropped during
        // the first panic's unwinding, the second panic aborted the whole server; the room now
        // commits it apart, after the first panic was caught (`transact`). Its clocks, read as
        // written, run past 2^32 - 1, so decoding refuses it before any room sees it (a debug
        // build's yrs panics on them while decoding, refused the same way).
        let update = include_bytes!("testdata/commit-panics.v1").to_vec();
        assert!(protocol::decode_frame(&protocol::sync_update(update)).is_err());
    }
}
