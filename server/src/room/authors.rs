//! Comment authors the server vouches for. In `P.comments` (see docs/rooms.md) each thread and
//! each reply carries `author: {id, name, color}`, written by the browser. For a signed-in member
//! the server knows the name, so a client cannot sign a comment as someone else: after a
//! member's update applies, the threads and replies it created that name another author are
//! rewritten, in the same transaction, to the member's name. The delta the room stores and
//! broadcasts then holds the server's value; other peers never see the forged one. (`id` and
//! `color` are the browser's: `id` tells a browser which comments are its own.)
//!
//! Only what this transaction created is touched, so editing, resolving or replying never
//! renames anyone else's comment. The new maps are found from the transaction's insert set (the
//! ids of the items it integrated; a map is one item): the cost is O(new items), never a walk of
//! the document, and the body room never comes here. Every map in a comments room other than the
//! root `threads` is a thread or a reply, so every new one is signed, wherever a client put it.
//!
//! Nor may a member re-sign a comment that exists: [`Signatures`] notes every thread's and
//! reply's author before the update applies and [`Signatures::keep`] puts back any that the
//! update changed, in the same transaction. That walks the threads and replies of the comments
//! room (review threads only, tens to hundreds of maps) once per member update there.
//!
//! Rewriting rather than refusing: a browser that signs with a stale or typed name (a page open
//! before sign-in, an older client) loses nothing, and peers still never see a forged name, since
//! the rewrite is part of the same transaction and so of the delta they get. A refusal would
//! drop the whole update, the comment's text with it, for a field the server can fill itself.

use std::collections::HashMap;
use std::sync::Arc;

use yrs::branch::BranchID;
use yrs::types::TypeRef;
use yrs::{Any, Array, Map, MapRef, Out, ReadTxn, TransactionMut, ID};

const AUTHOR: &str = "author";
const NAME: &str = "name";
/// The map of review threads, and each thread's array of replies, as the browser writes them.
const THREADS: &str = "threads";
const COMMENTS: &str = "comments";

/// The author of every thread and reply of a comments room, as they stood before an update.
pub struct Signatures(Vec<(MapRef, Option<Out>)>);

impl Signatures {
    /// The authors in the document of `txn` now.
    pub fn before(txn: &TransactionMut) -> Signatures {
        let mut signed = Vec::new();
        if let Some(threads) = txn.get_map(THREADS) {
            for (_, thread) in threads.iter(txn) {
                let Out::YMap(thread) = thread else { continue };
                if let Some(Out::YArray(replies)) = thread.get(txn, COMMENTS) {
                    for reply in replies.iter(txn) {
                        if let Out::YMap(reply) = reply {
                            signed.push((reply.clone(), reply.get(txn, AUTHOR)));
                        }
                    }
                }
                signed.push((thread.clone(), thread.get(txn, AUTHOR)));
            }
        }
        Signatures(signed)
    }

    /// Puts back every author the transaction changed on a map that is still there; how many.
    pub fn keep(self, txn: &mut TransactionMut) -> usize {
        let mut restored = 0;
        for (map, author) in self.0 {
            let branch: &yrs::branch::Branch = map.as_ref();
            if branch.is_deleted() || map.get(txn, AUTHOR) == author {
                continue;
            }
            match author {
                Some(Out::Any(author)) => {
                    map.insert(txn, AUTHOR, author);
                }
                _ => {
                    map.remove(txn, AUTHOR);
                }
            }
            restored += 1;
        }
        restored
    }
}

/// Gives every thread and reply created in `txn` the author name `name`; how many it rewrote.
pub fn vouch_for_authors(txn: &mut TransactionMut, name: &str) -> usize {
    let mut rewritten = 0;
    for map in created_maps(txn) {
        let mut author = match map.get(txn, AUTHOR) {
            Some(Out::Any(Any::Map(author))) => (*author).clone(),
            _ => HashMap::new(),
        };
        if matches!(author.get(NAME), Some(Any::String(given)) if &**given == name) {
            continue;
        }
        author.insert(NAME.to_owned(), Any::from(name));
        map.insert(txn, AUTHOR, Any::Map(Arc::new(author)));
        rewritten += 1;
    }
    rewritten
}

/// The maps `txn` integrated and did not delete again, from its insert set. A map's item is one
/// clock long, so each clock of the set is looked up once: O(new items).
fn created_maps(txn: &TransactionMut) -> Vec<MapRef> {
    let mut maps = Vec::new();
    for (client, ranges) in txn.insert_set().iter() {
        for range in ranges.iter() {
            for clock in range.clone() {
                let Some(branch) = BranchID::get_nested(txn, &ID::new(*client, clock)) else {
                    continue;
                };
                if matches!(branch.type_ref(), TypeRef::Map) && !branch.is_deleted() {
                    maps.push(MapRef::from(branch));
                }
            }
        }
    }
    maps
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::updates::decoder::Decode;
    use yrs::{ArrayPrelim, Doc, MapPrelim, StateVector, Transact, Update};

    fn author(name: &str) -> MapPrelim {
        MapPrelim::from([(
            AUTHOR.to_owned(),
            yrs::In::Any(Any::Map(Arc::new(HashMap::from([
                ("id".to_owned(), Any::from("browser-1")),
                (NAME.to_owned(), Any::from(name)),
            ])))),
        )])
    }

    /// A client's document holding what `room` holds.
    fn client_of(room: &Doc) -> Doc {
        let client = Doc::new();
        let state = room
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        client
            .transact_mut()
            .apply_update(Update::decode_v1(&state).unwrap())
            .unwrap();
        client
    }

    fn name_of(doc: &Doc, path: impl Fn(&yrs::Transaction, &MapRef) -> Option<MapRef>) -> String {
        let txn = doc.transact();
        let threads = txn.get_map(THREADS).unwrap();
        let map = path(&txn, &threads).unwrap();
        match map.get(&txn, AUTHOR) {
            Some(Out::Any(Any::Map(a))) => match a.get(NAME) {
                Some(Any::String(s)) => s.to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        }
    }

    #[test]
    fn new_threads_and_replies_get_the_vouched_name_and_old_ones_keep_theirs() {
        // The room's document: Ann's thread.
        let room = Doc::new();
        let threads = room.get_or_insert_map(THREADS);
        {
            let mut txn = room.transact_mut();
            let thread = threads.insert(&mut txn, "t1", author("Ann"));
            thread.insert(&mut txn, COMMENTS, ArrayPrelim::default());
        }
        // A client holding it adds a reply to Ann's thread and a thread of its own, both signed
        // "Mallory".
        let client = client_of(&room);
        let update = {
            let threads = client.get_or_insert_map(THREADS);
            let mut txn = client.transact_mut();
            let Some(Out::YMap(t1)) = threads.get(&txn, "t1") else {
                panic!()
            };
            let Some(Out::YArray(replies)) = t1.get(&txn, COMMENTS) else {
                panic!()
            };
            replies.push_back(&mut txn, author("Mallory"));
            let t2 = threads.insert(&mut txn, "t2", author("Mallory"));
            let replies = t2.insert(&mut txn, COMMENTS, ArrayPrelim::default());
            replies.push_back(&mut txn, author("Mallory"));
            txn.encode_update_v1()
        };

        let rewritten = {
            let mut txn = room.transact_mut();
            txn.apply_update(Update::decode_v1(&update).unwrap())
                .unwrap();
            vouch_for_authors(&mut txn, "Bob Stone")
        };
        assert_eq!(rewritten, 3);
        let thread = |id: &'static str| {
            move |txn: &yrs::Transaction, threads: &MapRef| match threads.get(txn, id) {
                Some(Out::YMap(m)) => Some(m),
                _ => None,
            }
        };
        let reply = |id: &'static str, index: u32| {
            move |txn: &yrs::Transaction, threads: &MapRef| {
                let Some(Out::YMap(t)) = threads.get(txn, id) else {
                    return None;
                };
                let Some(Out::YArray(replies)) = t.get(txn, COMMENTS) else {
                    return None;
                };
                match replies.get(txn, index) {
                    Some(Out::YMap(m)) => Some(m),
                    _ => None,
                }
            }
        };
        assert_eq!(name_of(&room, thread("t1")), "Ann");
        assert_eq!(name_of(&room, reply("t1", 0)), "Bob Stone");
        assert_eq!(name_of(&room, thread("t2")), "Bob Stone");
        assert_eq!(name_of(&room, reply("t2", 0)), "Bob Stone");

        // Nothing new: nothing rewritten, even where the name differs.
        assert_eq!(vouch_for_authors(&mut room.transact_mut(), "Carol"), 0);
    }

    #[test]
    fn an_update_cannot_re_sign_a_comment_that_exists() {
        let room = Doc::new();
        let threads = room.get_or_insert_map(THREADS);
        {
            let mut txn = room.transact_mut();
            let thread = threads.insert(&mut txn, "t1", author("Ann"));
            let replies = thread.insert(&mut txn, COMMENTS, ArrayPrelim::default());
            replies.push_back(&mut txn, author("Ann"));
        }
        let client = client_of(&room);
        let forged = Any::Map(Arc::new(HashMap::from([(
            NAME.to_owned(),
            Any::from("Mallory"),
        )])));
        let update = {
            let threads = client.get_or_insert_map(THREADS);
            let mut txn = client.transact_mut();
            let Some(Out::YMap(t1)) = threads.get(&txn, "t1") else {
                panic!()
            };
            t1.insert(&mut txn, AUTHOR, forged.clone());
            let Some(Out::YArray(replies)) = t1.get(&txn, COMMENTS) else {
                panic!()
            };
            let Some(Out::YMap(reply)) = replies.get(&txn, 0) else {
                panic!()
            };
            reply.insert(&mut txn, AUTHOR, forged.clone());
            txn.encode_update_v1()
        };
        let restored = {
            let mut txn = room.transact_mut();
            let signatures = Signatures::before(&txn);
            txn.apply_update(Update::decode_v1(&update).unwrap())
                .unwrap();
            signatures.keep(&mut txn)
        };
        assert_eq!(restored, 2);
        let first = |txn: &yrs::Transaction, threads: &MapRef| match threads.get(txn, "t1") {
            Some(Out::YMap(m)) => Some(m),
            _ => None,
        };
        assert_eq!(name_of(&room, first), "Ann");
        let reply = |txn: &yrs::Transaction, threads: &MapRef| {
            let Some(Out::YMap(t)) = threads.get(txn, "t1") else {
                return None;
            };
            let Some(Out::YArray(replies)) = t.get(txn, COMMENTS) else {
                return None;
            };
            match replies.get(txn, 0) {
                Some(Out::YMap(m)) => Some(m),
                _ => None,
            }
        };
        assert_eq!(name_of(&room, reply), "Ann");
    }

    #[test]
    fn a_map_created_and_deleted_in_one_update_and_plain_edits_are_left_alone() {
        let room = Doc::new();
        let client = Doc::new();
        let update = {
            let threads = client.get_or_insert_map(THREADS);
            let mut txn = client.transact_mut();
            threads.insert(&mut txn, "gone", author("Mallory"));
            threads.remove(&mut txn, "gone");
            threads.insert(&mut txn, "note", "a plain value, no map");
            txn.encode_update_v1()
        };
        let mut txn = room.transact_mut();
        txn.apply_update(Update::decode_v1(&update).unwrap())
            .unwrap();
        assert_eq!(vouch_for_authors(&mut txn, "Bob Stone"), 0);
    }
}
