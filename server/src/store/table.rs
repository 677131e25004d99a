//! Tables: small keyed records that live beside the documents (share links, action items,
//! postmortem summaries, the audit trail), each kept in order of its keys.
//!
//! A table is reached through the [`Store`](super::Store), never through the engine, so the
//! engine stays swappable and a table's writes keep the store's promise: a [`Table::write`]
//! survives a crash of the process as soon as it returns (the default store logs it in its
//! write-ahead log first), without an fsync per write. Keys and values are bytes; each user
//! encodes its own records.

pub use super::wal::TableOp;
use super::StoreError;

/// A row of a table: key and value.
pub type Row = (Vec<u8>, Vec<u8>);

/// One table. Calls block briefly (no disk wait); async callers run them on the blocking pool.
pub trait Table: Send + Sync + 'static {
    /// The value stored under `key`.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// Every entry whose key starts with `prefix` (all of them for an empty prefix), in key order.
    fn scan(&self, prefix: &[u8]) -> Result<Vec<Row>, StoreError>;
    /// At most `limit` entries with `start <= key < end`, last key first.
    fn range_back(&self, start: &[u8], end: &[u8], limit: usize) -> Result<Vec<Row>, StoreError>;
    /// Applies `ops` in order, all or none; when this returns, they survive a crash of the
    /// process.
    fn write(&self, ops: Vec<TableOp>) -> Result<(), StoreError>;

    /// Stores `value` under `key`.
    fn insert(&self, key: &[u8], value: Vec<u8>) -> Result<(), StoreError> {
        self.write(vec![TableOp::insert(key, value)])
    }
}

impl TableOp {
    pub fn insert(key: &[u8], value: Vec<u8>) -> TableOp {
        TableOp {
            key: key.to_vec(),
            value: Some(value),
        }
    }

    pub fn remove(key: &[u8]) -> TableOp {
        TableOp {
            key: key.to_vec(),
            value: None,
        }
    }
}
