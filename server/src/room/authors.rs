//! Comment authors the server vouches for. In `P.comments` (see docs/rooms.md) each thread and
//! each reply carries `author: {id, name, color}`, written by the browser. For a signed-in member
//! the server knows the name, so a client cannot sign a comment as someone else: after a
//! member's update applies, the threads and replies it created that name another author are
//! rewritten, in the same transaction, to the member's name. The delta the room stores and
//! broadcasts then holds the server's value; other peers never see the forged one. (`id` and
//! `color` are the browser's: `id` tells a browser which comments are its own.)
//!
//! Only what this transaction created is touched (a thread's or reply's map is new when its
//! clock is past the transaction's `before_state`), so editing, resolving or replying never
//! renames anyone else's comment. It walks the threads map of one postmortem's comments room,
//! which holds its review threads only, never the body.

use std::collections::HashMap;
use std::sync::Arc;

use yrs::branch::BranchID;
use yrs::{Any, Array, Map, MapRef, Out, ReadTxn, StateVector, TransactionMut};

/// The map of review threads, as the browser writes it.
const THREADS: &str = "threads";
const COMMENTS: &str = "comments";
const AUTHOR: &str = "author";
const NAME: &str = "name";

/// Gives every thread and reply created in `txn` the author name `name`; how many it rewrote.
pub fn vouch_for_authors(txn: &mut TransactionMut, name: &str) -> usize {
    let Some(threads) = txn.get_map(THREADS) else {
        return 0;
    };
    let before = txn.before_state().clone();
    let mut created = Vec::new();
    for (_, thread) in threads.iter(txn) {
        let Out::YMap(thread) = thread else { continue };
        if is_new(&thread, &before) {
            created.push(thread.clone());
        }
        if let Some(Out::YArray(comments)) = thread.get(txn, COMMENTS) {
            created.extend(comments.iter(txn).filter_map(|comment| match comment {
                Out::YMap(comment) if is_new(&comment, &before) => Some(comment),
                _ => None,
            }));
        }
    }
    let mut rewritten = 0;
    for map in created {
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

/// Whether `map` was created after `before` (in the transaction that started there).
fn is_new(map: &MapRef, before: &StateVector) -> bool {
    let branch: &yrs::branch::Branch = map.as_ref();
    match branch.id() {
        BranchID::Nested(id) => id.clock >= before.get(&id.client),
        BranchID::Root(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::updates::decoder::Decode;
    use yrs::{ArrayPrelim, Doc, MapPrelim, Transact, Update};

    fn author(name: &str) -> MapPrelim {
        MapPrelim::from([(
            AUTHOR.to_owned(),
            yrs::In::Any(Any::Map(Arc::new(HashMap::from([
                ("id".to_owned(), Any::from("browser-1")),
                (NAME.to_owned(), Any::from(name)),
            ])))),
        )])
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
        let client = Doc::new();
        client
            .transact_mut()
            .apply_update(
                Update::decode_v1(
                    &room
                        .transact()
                        .encode_state_as_update_v1(&StateVector::default()),
                )
                .unwrap(),
            )
            .unwrap();
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
}
