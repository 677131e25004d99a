//! What a room tells the audit trail: someone joining a postmortem's body, its status changing
//! (body rooms) and a review thread being resolved (comments rooms), each with the peer who did
//! it.
//!
//! Changes are seen on the room's own document by Yrs observers, on `meta` and `threads`: an
//! observer runs only in a transaction that changed its map, and reads only the keys that
//! changed, so keystrokes in the body cost nothing and no update is ever decoded to look for
//! them. The observer is attached once the map exists (a room never creates it: that would make
//! a plain Yjs document look like a postmortem); joins are reported only from then on, so plain
//! Yjs documents leave no trail.

use std::sync::{Arc, Mutex};

use yrs::types::{EntryChange, Event, PathSegment};
use yrs::{Any, DeepObservable, Doc, Observable, Out, ReadTxn, Transact};

use crate::auth::Actor;
use crate::doc_name::{DocName, RoomKind};
use crate::postmortem::meta::META;

/// The map of review threads in `P.comments` (see docs/rooms.md).
const THREADS: &str = "threads";

/// Who is at the other end of a connection: who they are and the role they came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub actor: Actor,
    pub role: &'static str,
    /// The name the server vouches for (a signed-in member's): it replaces the name the peer
    /// gives in its presence and as the author of the comments it writes.
    pub vouched_name: Option<String>,
}

impl Who {
    /// The server itself, for changes no peer made (the documents API, server-side edits).
    pub fn server() -> Who {
        Who {
            actor: Actor::server(),
            role: "server",
            vouched_name: None,
        }
    }
}

/// A change worth recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomChange {
    /// Someone connected to a postmortem's body, with this role.
    Joined { role: &'static str },
    /// `meta.status` changed.
    Status { from: String, to: String },
    /// Thread `thread` was marked resolved.
    Resolved { thread: String },
}

/// Where rooms report changes: the room's name, who made the change, and what it was. Called
/// after the change is durable; must not block.
pub type ChangeHook = Arc<dyn Fn(&DocName, &Actor, RoomChange) + Send + Sync>;

/// A room's observer of the changes it reports.
pub(super) struct Observer {
    kind: RoomKind,
    attached: bool,
    seen: Arc<Mutex<Vec<RoomChange>>>,
}

impl Observer {
    /// An observer for room kinds that have something to report.
    pub(super) fn for_room(name: &DocName) -> Option<Observer> {
        let kind = name.room_kind();
        matches!(kind, RoomKind::Body | RoomKind::Comments).then(|| Observer {
            kind,
            attached: false,
            seen: Arc::default(),
        })
    }

    /// Attaches to `doc`'s map once it exists; cheap to call again.
    pub(super) fn attach(&mut self, doc: &Doc) {
        if self.attached {
            return;
        }
        let name = match self.kind {
            RoomKind::Body => META,
            RoomKind::Comments => THREADS,
            RoomKind::Insights => return,
        };
        if doc.transact().get_map(name).is_none() {
            return;
        }
        // A root that arrived in an update has no type until it is asked for as one, and an
        // untyped root reports no events: ask for it as the map it is.
        let map = doc.get_or_insert_map(name);
        let seen = self.seen.clone();
        let note = move |change| seen.lock().expect("observer lock").push(change);
        if self.kind == RoomKind::Body {
            map.observe("audit", move |txn, event| {
                if let Some((from, to)) = event.keys(txn).get("status").and_then(strings) {
                    note(RoomChange::Status { from, to });
                }
            });
        } else {
            map.observe_deep("audit", move |txn, events| {
                for event in events.iter() {
                    let Event::Map(event) = event else { continue };
                    // A thread's own map: one key below `threads`.
                    let path = event.path();
                    let (1, Some(PathSegment::Key(thread))) = (path.len(), path.front()) else {
                        continue;
                    };
                    if event.keys(txn).get("resolved").is_some_and(newly_true) {
                        note(RoomChange::Resolved {
                            thread: thread.to_string(),
                        });
                    }
                }
            });
        }
        self.attached = true;
    }

    /// Whether joins are worth reporting: a postmortem's body (its `meta` is there).
    pub(super) fn reports_joins(&self) -> bool {
        self.attached && self.kind == RoomKind::Body
    }

    /// What the transactions since the last call changed.
    pub(super) fn take(&self) -> Vec<RoomChange> {
        std::mem::take(&mut *self.seen.lock().expect("observer lock"))
    }
}

fn string(value: &Out) -> String {
    match value {
        Out::Any(Any::String(s)) => s.to_string(),
        _ => String::new(),
    }
}

/// A string value's old and new text, when it changed.
fn strings(change: &EntryChange) -> Option<(String, String)> {
    let (from, to) = match change {
        EntryChange::Inserted(new) => (String::new(), string(new)),
        EntryChange::Updated(old, new) => (string(old), string(new)),
        EntryChange::Removed(old) => (string(old), String::new()),
    };
    (from != to).then_some((from, to))
}

/// Whether a boolean value became `true`.
fn newly_true(change: &EntryChange) -> bool {
    let is_true = |v: &Out| matches!(v, Out::Any(Any::Bool(true)));
    match change {
        EntryChange::Inserted(new) => is_true(new),
        EntryChange::Updated(old, new) => !is_true(old) && is_true(new),
        EntryChange::Removed(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Map, MapPrelim};

    fn observer(name: &str, doc: &Doc) -> Observer {
        let mut observer = Observer::for_room(&DocName::parse(name).unwrap()).unwrap();
        observer.attach(doc);
        observer
    }

    #[test]
    fn status_changes_are_seen_once_meta_exists() {
        let doc = Doc::new();
        let mut seen = observer("pm", &doc);
        assert!(
            !seen.attached,
            "no meta map yet: nothing to observe, nothing created"
        );
        assert!(doc.transact().get_map(META).is_none());
        let meta = doc.get_or_insert_map(META);
        meta.insert(&mut doc.transact_mut(), "status", "draft");
        seen.attach(&doc);
        meta.insert(&mut doc.transact_mut(), "title", "Outage");
        meta.insert(&mut doc.transact_mut(), "status", "review");
        meta.insert(&mut doc.transact_mut(), "status", "review");
        assert_eq!(
            seen.take(),
            [RoomChange::Status {
                from: "draft".into(),
                to: "review".into()
            }]
        );
        assert!(seen.take().is_empty());
    }

    #[test]
    fn status_changes_arriving_as_updates_are_seen() {
        use yrs::updates::decoder::Decode;
        use yrs::Update;
        let remote = Doc::new();
        let meta = remote.get_or_insert_map(META);
        meta.insert(&mut remote.transact_mut(), "status", "draft");
        let doc = Doc::new();
        let sync = |doc: &Doc| {
            let update = remote
                .transact()
                .encode_state_as_update_v1(&doc.transact().state_vector());
            doc.transact_mut()
                .apply_update(Update::decode_v1(&update).unwrap())
                .unwrap();
        };
        sync(&doc);
        let seen = observer("pm", &doc);
        assert!(seen.attached);
        meta.insert(&mut remote.transact_mut(), "status", "review");
        sync(&doc);
        assert_eq!(
            seen.take(),
            [RoomChange::Status {
                from: "draft".into(),
                to: "review".into()
            }]
        );
    }

    #[test]
    fn resolving_a_thread_is_seen_and_reopening_is_not() {
        let doc = Doc::new();
        let threads = doc.get_or_insert_map(THREADS);
        let thread = threads.insert(
            &mut doc.transact_mut(),
            "t1",
            MapPrelim::from([("resolved", false)]),
        );
        let seen = observer("pm.comments", &doc);
        thread.insert(&mut doc.transact_mut(), "author", "ann");
        thread.insert(&mut doc.transact_mut(), "resolved", true);
        thread.insert(&mut doc.transact_mut(), "resolved", false);
        assert_eq!(
            seen.take(),
            [RoomChange::Resolved {
                thread: "t1".into()
            }]
        );
        assert!(Observer::for_room(&DocName::parse("pm.insights").unwrap()).is_none());
    }
}
