//! Named versions of a postmortem: its body, metadata and comment threads as they stood, kept
//! in the store so any of them can be read, compared or restored later. The server takes one at
//! each change of review stage ("submitted for review", "approved", "published") and people take
//! them by hand ("Save version…").
//!
//! A version is the encoded state of the postmortem's two rooms (the body with its metadata, and
//! the comments), in the table `version_states`; its description (number, name, who, when, size)
//! is in the table `versions`, so listing reads no document. Keys are `postmortem NUL number`
//! (big-endian), so one postmortem's versions are one prefix scan, in order. Versions are never
//! changed or removed: restoring one writes a new change on top of the document.
//!
//! [`diff`] compares two versions' rendered text block by block, with the words that changed in
//! a block that changed.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use similar::{Algorithm, ChangeTag};
use time::OffsetDateTime;

use crate::store::{Store, StoreError, Table, TableOp};

/// What describes a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// 1, 2, 3… per postmortem.
    pub number: u32,
    pub name: String,
    /// Who took it (the server, for the versions of review steps, names the person who took the
    /// step).
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Size of the stored states, in bytes.
    pub bytes: usize,
}

/// The encoded states of a version's rooms, as Yjs v2 updates (about half the size of v1 for a
/// long-edited document: see [`compact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionState {
    pub body: Vec<u8>,
    pub comments: Vec<u8>,
}

/// A room's whole state (a Yjs v1 update, as rooms encode it) re-encoded as v2, the form
/// versions keep; with `stage`, its `meta.status` showing that stage.
pub fn compact(
    v1: &[u8],
    stage: Option<super::Stage>,
) -> Result<Vec<u8>, yrs::encoding::read::Error> {
    use yrs::updates::decoder::Decode;
    use yrs::{ReadTxn, StateVector, Transact};
    let doc = yrs::Doc::new();
    {
        let mut txn = doc.transact_mut();
        txn.apply_update(yrs::Update::decode_v1(v1)?)
            .map_err(|_| yrs::encoding::read::Error::Custom("the state does not apply".into()))?;
        if let Some(stage) = stage {
            crate::postmortem::meta::write_status(&mut txn, stage);
        }
    }
    let txn = doc.transact();
    Ok(txn.encode_state_as_update_v2(&StateVector::default()))
}

/// Longest version name.
pub const MAX_NAME: usize = 200;

/// Every postmortem's versions.
pub struct Versions {
    info: Arc<dyn Table>,
    states: Arc<dyn Table>,
    /// Numbers are given under this lock.
    writing: Mutex<()>,
}

fn key(postmortem: &str, number: u32) -> Vec<u8> {
    let mut key = prefix(postmortem);
    key.extend_from_slice(&number.to_be_bytes());
    key
}

fn prefix(postmortem: &str) -> Vec<u8> {
    let mut key = postmortem.as_bytes().to_vec();
    key.push(0);
    key
}

fn state_key(postmortem: &str, number: u32, room: u8) -> Vec<u8> {
    let mut key = key(postmortem, number);
    key.push(room);
    key
}

const BODY: u8 = b'b';
const COMMENTS: u8 = b'c';

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl Versions {
    pub fn open(store: &dyn Store) -> Result<Versions, StoreError> {
        Ok(Versions {
            info: store.table("versions")?,
            states: store.table("version_states")?,
            writing: Mutex::new(()),
        })
    }

    /// Keeps `state` as postmortem `id`'s next version.
    pub fn save(
        &self,
        id: &str,
        name: &str,
        by: &str,
        state: VersionState,
    ) -> Result<VersionInfo, StoreError> {
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let number = self.list(id)?.last().map_or(1, |v| v.number + 1);
        let info = VersionInfo {
            number,
            name: name.chars().take(MAX_NAME).collect(),
            by: by.to_owned(),
            at: OffsetDateTime::now_utc(),
            bytes: state.body.len() + state.comments.len(),
        };
        // The states first: a description whose states are missing would read as corrupt.
        self.states.write(vec![
            TableOp::insert(&state_key(id, number, BODY), state.body),
            TableOp::insert(&state_key(id, number, COMMENTS), state.comments),
        ])?;
        self.info.insert(
            &key(id, number),
            serde_json::to_vec(&info).expect("a version serializes"),
        )?;
        Ok(info)
    }

    /// Postmortem `id`'s versions, oldest first.
    pub fn list(&self, id: &str) -> Result<Vec<VersionInfo>, StoreError> {
        self.info
            .scan(&prefix(id))?
            .into_iter()
            .map(|(_, value)| serde_json::from_slice(&value).map_err(corrupt))
            .collect()
    }

    /// Version `number` of postmortem `id`.
    pub fn get(
        &self,
        id: &str,
        number: u32,
    ) -> Result<Option<(VersionInfo, VersionState)>, StoreError> {
        let Some(info) = self.info.get(&key(id, number))? else {
            return Ok(None);
        };
        let info: VersionInfo = serde_json::from_slice(&info).map_err(corrupt)?;
        let state = |room| {
            self.states
                .get(&state_key(id, number, room))?
                .ok_or_else(|| corrupt(format!("version {number} of {id} has no state")))
        };
        Ok(Some((
            info,
            VersionState {
                body: state(BODY)?,
                comments: state(COMMENTS)?,
            },
        )))
    }
}

/// One block's change between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum BlockChange {
    Equal {
        text: String,
    },
    Insert {
        text: String,
    },
    Delete {
        text: String,
    },
    /// A block reworded: its words, each kept, inserted or deleted.
    Change {
        parts: Vec<Part>,
    },
}

/// A run of words in a changed block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// `equal`, `insert` or `delete`.
    pub op: &'static str,
    pub text: String,
}

/// The changes from the blocks `old` to the blocks `new` (each a block's rendered text): blocks
/// kept, inserted and deleted, and a deleted block followed by an inserted one as one block
/// changed word by word.
pub fn diff(old: &[String], new: &[String]) -> Vec<BlockChange> {
    let mut out = Vec::new();
    let mut deleted: Vec<&String> = Vec::new();
    let flush = |deleted: &mut Vec<&String>, out: &mut Vec<BlockChange>| {
        out.extend(
            deleted
                .drain(..)
                .map(|text| BlockChange::Delete { text: text.clone() }),
        );
    };
    for (tag, blocks) in similar::utils::diff_slices(Algorithm::Patience, old, new) {
        match tag {
            ChangeTag::Equal => {
                flush(&mut deleted, &mut out);
                out.extend(
                    blocks
                        .iter()
                        .map(|text| BlockChange::Equal { text: text.clone() }),
                );
            }
            ChangeTag::Delete => deleted.extend(blocks),
            ChangeTag::Insert => {
                let mut inserted = blocks.iter();
                // Pair what was deleted just before with what is inserted: rewordings.
                let pairs: Vec<(&String, &String)> = deleted.drain(..).zip(&mut inserted).collect();
                for (was, is) in pairs {
                    out.push(reworded(was, is));
                }
                out.extend(inserted.map(|text| BlockChange::Insert { text: text.clone() }));
            }
        }
    }
    flush(&mut deleted, &mut out);
    out
}

fn reworded(was: &str, is: &str) -> BlockChange {
    let parts = similar::utils::diff_words(Algorithm::Patience, was, is)
        .into_iter()
        .map(|(tag, text)| Part {
            op: match tag {
                ChangeTag::Equal => "equal",
                ChangeTag::Insert => "insert",
                ChangeTag::Delete => "delete",
            },
            text: text.to_owned(),
        })
        .collect();
    BlockChange::Change { parts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SledStore;

    fn blocks(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn versions_are_numbered_kept_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let versions = Versions::open(&store).unwrap();
        let state = |n: u8| VersionState {
            body: vec![n; 10],
            comments: vec![n; 3],
        };
        let first = versions
            .save("pm", "Submitted for review", "Ann", state(1))
            .unwrap();
        let second = versions
            .save("pm", "Before the rewrite", "Rob", state(2))
            .unwrap();
        versions.save("pm-2", "Other", "Ann", state(9)).unwrap();
        assert_eq!((first.number, second.number, second.bytes), (1, 2, 13));
        let listed: Vec<(u32, String)> = versions
            .list("pm")
            .unwrap()
            .into_iter()
            .map(|v| (v.number, v.name))
            .collect();
        assert_eq!(
            listed,
            [
                (1, "Submitted for review".to_owned()),
                (2, "Before the rewrite".to_owned())
            ]
        );
        let (info, read) = versions.get("pm", 2).unwrap().unwrap();
        assert_eq!((info.by.as_str(), read), ("Rob", state(2)));
        assert_eq!(versions.get("pm", 3).unwrap(), None);
    }

    #[test]
    fn the_diff_keeps_inserts_deletes_and_rewords_blocks() {
        let old = blocks(&["Summary", "The queue backed up.", "Timeline", "09:12 paged"]);
        let new = blocks(&[
            "Summary",
            "The billing queue backed up for 40 minutes.",
            "Timeline",
            "09:12 paged",
            "09:20 rolled back",
        ]);
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 5);
        assert_eq!(
            changes[0],
            BlockChange::Equal {
                text: "Summary".into()
            }
        );
        let BlockChange::Change { parts } = &changes[1] else {
            panic!("{changes:?}")
        };
        let inserted: String = parts
            .iter()
            .filter(|p| p.op == "insert")
            .map(|p| p.text.as_str())
            .collect();
        assert!(inserted.contains("billing"), "{parts:?}");
        assert!(inserted.contains("40 minutes"), "{parts:?}");
        assert_eq!(
            changes[4],
            BlockChange::Insert {
                text: "09:20 rolled back".into()
            }
        );
        assert_eq!(
            diff(&new, &old)[4],
            BlockChange::Delete {
                text: "09:20 rolled back".into()
            }
        );
    }
}
