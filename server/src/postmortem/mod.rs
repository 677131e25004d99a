//! Postmortems as documents: the layout of a postmortem in its Yjs document, the built-in
//! template, and Markdown in and out. Pure functions, no I/O.
//!
//! A postmortem `P` is the room `P`. Its document holds
//! - the `Y.XmlFragment` `body`: the rich text, stored as the web editor stores it, read and
//!   written by the [document model](crate::blocks);
//! - the `Y.Map` `meta`: title, incident date, severity, status, creation time ([`meta`]).
//!
//! Comments live in the room `P.comments` and server-derived insights in `P.insights`.
//!
//! [`Postmortem`] is the plain value in between: [`import`](mod@import) builds one from Markdown,
//! [`template_body`] gives the template's body, [`Postmortem::to_update`] turns one into the Yjs
//! update that creates the document, [`Postmortem::read`] reads one back out of a document
//! and [`export`](mod@export) writes it as Markdown.

mod export;
mod import;
pub mod meta;
mod template;

pub use export::export;
pub use import::{import, ImportError};
pub use meta::Meta;
pub use template::{template_body, SECTIONS};

use yrs::{Doc, ReadTxn, StateVector, Transact, TransactionMut, WriteTxn, XmlFragment};

use crate::blocks::{yjs, Block};

/// A postmortem's content: metadata and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Postmortem {
    pub meta: Meta,
    pub body: Vec<Block>,
}

/// The status of a new postmortem.
const INITIAL_STATUS: &str = "draft";

impl Postmortem {
    /// A new postmortem from the template.
    pub fn from_template(title: &str) -> Postmortem {
        Postmortem {
            meta: Meta {
                title: title.trim().to_owned(),
                ..Meta::default()
            },
            body: template_body(),
        }
    }

    /// Stamps a new postmortem with its creation time (RFC 3339), and `draft` unless it has a
    /// status.
    pub fn created(mut self, created_at: &str) -> Postmortem {
        self.meta.created_at = created_at.to_owned();
        if self.meta.status.is_empty() {
            self.meta.status = INITIAL_STATUS.to_owned();
        }
        self
    }

    /// The Yjs v1 update that creates this postmortem in an empty document.
    pub fn to_update(&self) -> Vec<u8> {
        let doc = Doc::new();
        let map = doc.get_or_insert_map(meta::META);
        let fragment = doc.get_or_insert_xml_fragment(yjs::BODY);
        let mut txn = doc.transact_mut();
        self.meta.write(&mut txn, &map);
        yjs::write(&mut txn, &fragment, &self.body);
        txn.encode_state_as_update_v1(&StateVector::default())
    }

    /// Makes the document of `txn` hold this postmortem's body, title, incident date and
    /// severity, as one change on top of what it holds (restoring a version): its status (the
    /// review's) and creation time stay.
    pub fn restore_into(&self, txn: &mut TransactionMut) {
        let fragment = txn.get_or_insert_xml_fragment(yjs::BODY);
        let len = fragment.len(txn);
        fragment.remove_range(txn, 0, len);
        yjs::write(txn, &fragment, &self.body);
        let map = txn.get_or_insert_map(meta::META);
        let mut kept = Meta::read(txn, &map);
        kept.title = self.meta.title.clone();
        kept.incident_date = self.meta.incident_date.clone();
        kept.severity = self.meta.severity.clone();
        kept.write(txn, &map);
    }

    /// The postmortem a document's whole state holds (a decoded update of either encoding).
    pub fn from_update(update: yrs::Update) -> Result<Postmortem, yrs::encoding::read::Error> {
        let doc = Doc::new();
        doc.transact_mut()
            .apply_update(update)
            .map_err(|_| yrs::encoding::read::Error::Custom("the update does not apply".into()))?;
        Ok(Postmortem::read(&doc))
    }

    /// Reads the postmortem held by `doc`.
    pub fn read(doc: &Doc) -> Postmortem {
        let map = doc.get_or_insert_map(meta::META);
        let fragment = doc.get_or_insert_xml_fragment(yjs::BODY);
        let txn = doc.transact();
        Postmortem {
            meta: Meta::read(&txn, &map),
            body: yjs::read(&txn, &fragment),
        }
    }

    /// Whether `doc` has a postmortem's layout (a `body` or a `meta`), without reading it: a
    /// plain Yjs document in a body room has neither, and needs no insights.
    pub fn laid_out_in(doc: &Doc) -> bool {
        let txn = doc.transact();
        txn.get_xml_fragment(yjs::BODY).is_some() || txn.get_map(meta::META).is_some()
    }

    /// Whether the document this was read from is a postmortem: every postmortem is stamped
    /// with its creation time ([`Postmortem::created`]).
    pub fn exists(&self) -> bool {
        !self.meta.created_at.is_empty()
    }
}

#[cfg(test)]
mod tests;
