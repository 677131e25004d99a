//! Recorded editing traces (the public editing-traces format):
//! `{startContent, endContent, txns: [{time, patches: [[pos, del, ins], ...]}]}`, gzipped JSON,
//! positions in Unicode code points. `automerge-paper` (B4) is the standard CRDT benchmark.

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use yrs::{GetString, ReadTxn, StateVector, Text, Transact};

/// One keystroke-sized change: at `pos`, delete `del` characters, then insert `ins`.
#[derive(Debug, Clone, Deserialize)]
pub struct Patch(pub u32, pub u32, pub String);

#[derive(Deserialize)]
struct Txn {
    patches: Vec<Patch>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawTrace {
    start_content: String,
    end_content: String,
    txns: Vec<Txn>,
}

/// A trace as a list of patches, each sent as its own update.
#[derive(Debug, Clone)]
pub struct Trace {
    pub patches: Vec<Patch>,
    /// The text after every patch (of the whole trace, even when only a prefix is kept).
    pub end_content: String,
}

impl Trace {
    /// Reads a gzipped trace. With `limit`, keeps only the first `limit` patches.
    pub fn load(path: &Path, limit: Option<usize>) -> Result<Trace> {
        let file =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let mut json = String::new();
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut json)
            .with_context(|| format!("decompressing {}", path.display()))?;
        let raw: RawTrace =
            serde_json::from_str(&json).with_context(|| format!("parsing {}", path.display()))?;
        if !raw.start_content.is_empty() {
            bail!("traces that start from non-empty content are not supported");
        }
        let mut patches: Vec<Patch> = raw.txns.into_iter().flat_map(|t| t.patches).collect();
        // Positions count code points; the peers count UTF-16 units. They agree on the Basic
        // Multilingual Plane, which is all the supported traces use.
        if patches
            .iter()
            .any(|p| p.2.chars().any(|c| c.len_utf16() > 1))
        {
            bail!("traces with characters outside the Basic Multilingual Plane are not supported");
        }
        if let Some(limit) = limit {
            patches.truncate(limit);
        }
        Ok(Trace {
            patches,
            end_content: raw.end_content,
        })
    }

    /// Replays the trace into a fresh document, one transaction per patch, and returns the final
    /// state as one v1 update and the final text.
    pub fn final_state(&self) -> (Vec<u8>, String) {
        let doc = crate::peer::client_doc();
        let text = doc.get_or_insert_text(crate::peer::TEXT);
        for Patch(pos, del, ins) in &self.patches {
            let mut txn = doc.transact_mut();
            if *del > 0 {
                text.remove_range(&mut txn, *pos, *del);
            }
            if !ins.is_empty() {
                text.insert(&mut txn, *pos, ins);
            }
        }
        let txn = doc.transact();
        (
            txn.encode_state_as_update_v1(&StateVector::default()),
            text.get_string(&txn),
        )
    }
}
