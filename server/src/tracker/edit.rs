//! Writing an action item's status back into the document, so text and tracker never disagree:
//! a task item's checkbox is ticked or cleared, a table row's status cell is rewritten. Pure: it
//! edits in the transaction it is given (the room's own, see
//! [`Rooms::edit`](crate::room::Rooms::edit)).

use yrs::branch::Branch;
use yrs::{
    Any, BranchID, GetString, ReadTxn, Text, TransactionMut, WriteTxn, Xml, XmlElementRef,
    XmlFragment, XmlOut, XmlTextPrelim, ID,
};

use super::TrackedStatus;
use crate::blocks::yjs::BODY;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    #[error("the item's node is no longer in the document")]
    NodeGone,
    #[error("a checkbox can only be open or done")]
    CheckboxCannotSay(TrackedStatus),
    #[error("this item has no checkbox or status cell to change; edit its text instead")]
    NothingToTick,
    #[error("status {0:?} cannot be set")]
    BadStatus(TrackedStatus),
}

/// Sets the status of the item living in node `node` (a tracker node key, `client:clock:line`)
/// to `status`; `false` if the document already says so.
pub fn set_status(
    txn: &mut TransactionMut,
    node: &str,
    status: TrackedStatus,
) -> Result<bool, EditError> {
    if status == TrackedStatus::Removed {
        return Err(EditError::BadStatus(status));
    }
    let id = parse_node(node).ok_or(EditError::NodeGone)?;
    let body = txn.get_or_insert_xml_fragment(BODY);
    let element = find(txn, &body, id).ok_or(EditError::NodeGone)?;
    match element.tag().as_ref() {
        "taskItem" => {
            let checked = match status {
                TrackedStatus::Done => true,
                TrackedStatus::Open => false,
                other => return Err(EditError::CheckboxCannotSay(other)),
            };
            let current = matches!(
                element.get_attribute(txn, "checked"),
                Some(yrs::Out::Any(Any::Bool(true)))
            );
            if current == checked {
                return Ok(false);
            }
            element.insert_attribute(txn, "checked", checked);
        }
        "tableRow" => {
            let cell = status_cell(txn, &element).ok_or(EditError::NothingToTick)?;
            let word = match status {
                TrackedStatus::Done => "done",
                TrackedStatus::Open => "open",
                TrackedStatus::NotDoing => "not doing",
                TrackedStatus::Removed => unreachable!("refused above"),
            };
            if !rewrite_cell(txn, &cell, word) {
                return Ok(false);
            }
        }
        _ => return Err(EditError::NothingToTick),
    }
    Ok(true)
}

fn parse_node(node: &str) -> Option<ID> {
    let mut parts = node.split(':');
    let client: u64 = parts.next()?.parse().ok()?;
    let clock: u32 = parts.next()?.parse().ok()?;
    Some(ID::new(yrs::block::ClientID::new(client), clock))
}

fn find<T: ReadTxn>(txn: &T, parent: &impl XmlFragment, id: ID) -> Option<XmlElementRef> {
    for child in parent.children(txn) {
        if let XmlOut::Element(element) = child {
            let branch: &Branch = element.as_ref();
            if branch.id() == BranchID::Nested(id) {
                return Some(element);
            }
            if let Some(found) = find(txn, &element, id) {
                return Some(found);
            }
        }
    }
    None
}

/// The cell of `row` under the table's status column (a header named status, state or done).
fn status_cell<T: ReadTxn>(txn: &T, row: &XmlElementRef) -> Option<XmlElementRef> {
    let table = row.parent()?.into_xml_element()?;
    let header = table.get(txn, 0)?.into_xml_element()?;
    let column = header.children(txn).position(|cell| {
        let name = match cell {
            XmlOut::Element(cell) => cell.get_string(txn).to_lowercase(),
            _ => String::new(),
        };
        ["status", "state", "done"].iter().any(|w| name.contains(w))
    })?;
    row.get(txn, column as u32)?.into_xml_element()
}

/// Replaces the text of a table cell (its first paragraph) with `word`; false if it already
/// says so.
fn rewrite_cell(txn: &mut TransactionMut, cell: &XmlElementRef, word: &str) -> bool {
    let paragraph = match cell.get(txn, 0).and_then(|c| c.into_xml_element()) {
        Some(p) => p,
        None => cell.push_back(txn, yrs::XmlElementPrelim::empty("paragraph")),
    };
    let text = match paragraph.get(txn, 0).and_then(|t| t.into_xml_text()) {
        Some(t) => t,
        None => paragraph.push_back(txn, XmlTextPrelim::new("")),
    };
    if text.get_string(txn).trim().eq_ignore_ascii_case(word) {
        return false;
    }
    let len = text.len(txn);
    text.remove_range(txn, 0, len);
    text.insert(txn, 0, word);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::yjs;
    use crate::blocks::{BlockKind, Origin};
    use crate::insights::action_items::node_key;
    use yrs::updates::decoder::Decode;
    use yrs::{Doc, Transact, Update, XmlElementPrelim};

    fn node_of(doc: &Doc, kind: fn(&BlockKind) -> bool) -> String {
        let blocks = yjs::parse_doc(doc);
        let block = blocks.iter().find(|b| kind(&b.kind)).expect("block");
        let Origin::Node(anchor) = &block.origin else {
            panic!()
        };
        node_key(anchor, 0)
    }

    fn cell(txn: &mut TransactionMut, row: &XmlElementRef, tag: &str, text: &str) {
        let c = row.push_back(txn, XmlElementPrelim::empty(tag));
        let p = c.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(txn, XmlTextPrelim::new(text));
    }

    fn apply(doc: &Doc, update: Vec<u8>) {
        doc.transact_mut()
            .apply_update(Update::decode_v1(&update).unwrap())
            .unwrap();
    }

    #[test]
    fn ticks_a_task_item() {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        {
            let mut txn = doc.transact_mut();
            let list = body.push_back(&mut txn, XmlElementPrelim::empty("taskList"));
            let item = list.push_back(&mut txn, XmlElementPrelim::empty("taskItem"));
            item.insert_attribute(&mut txn, "checked", false);
            let p = item.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
            p.push_back(&mut txn, XmlTextPrelim::new("@kim add a canary"));
        }
        let node = node_of(&doc, |k| matches!(k, BlockKind::TaskItem { .. }));
        let copy = Doc::new();
        apply(
            &copy,
            doc.transact()
                .encode_state_as_update_v1(&Default::default()),
        );

        let update = {
            let mut txn = doc.transact_mut();
            assert_eq!(set_status(&mut txn, &node, TrackedStatus::Done), Ok(true));
            txn.encode_update_v1()
        };
        apply(&copy, update);
        assert!(yjs::parse_doc(&copy).iter().any(|b| b.kind
            == BlockKind::TaskItem {
                depth: 0,
                checked: true
            }));
        let mut txn = doc.transact_mut();
        assert_eq!(set_status(&mut txn, &node, TrackedStatus::Done), Ok(false));
        assert_eq!(
            set_status(&mut txn, &node, TrackedStatus::NotDoing),
            Err(EditError::CheckboxCannotSay(TrackedStatus::NotDoing))
        );
        assert_eq!(
            set_status(&mut txn, "1:2:0", TrackedStatus::Done),
            Err(EditError::NodeGone)
        );
    }

    #[test]
    fn rewrites_a_table_status_cell() {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        {
            let mut txn = doc.transact_mut();
            let table = body.push_back(&mut txn, XmlElementPrelim::empty("table"));
            let header = table.push_back(&mut txn, XmlElementPrelim::empty("tableRow"));
            for h in ["Action", "Owner", "Status"] {
                cell(&mut txn, &header, "tableHeader", h);
            }
            let row = table.push_back(&mut txn, XmlElementPrelim::empty("tableRow"));
            for c in ["Add a canary", "@kim", "open"] {
                cell(&mut txn, &row, "tableCell", c);
            }
        }
        let node = node_of(&doc, |k| {
            matches!(k, BlockKind::TableRow { header: false, .. })
        });
        assert_eq!(
            set_status(&mut doc.transact_mut(), &node, TrackedStatus::Done),
            Ok(true)
        );
        let blocks = yjs::parse_doc(&doc);
        let BlockKind::TableRow { cells, .. } = &blocks.last().unwrap().kind else {
            panic!()
        };
        assert_eq!(cells[2].text, "done");
        assert_eq!(
            set_status(&mut doc.transact_mut(), &node, TrackedStatus::Done),
            Ok(false)
        );
    }

    #[test]
    fn plain_paragraphs_have_nothing_to_tick() {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        {
            let mut txn = doc.transact_mut();
            let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
            p.push_back(&mut txn, XmlTextPrelim::new("AI: @kim add a canary"));
        }
        let node = node_of(&doc, |k| matches!(k, BlockKind::Paragraph));
        assert_eq!(
            set_status(&mut doc.transact_mut(), &node, TrackedStatus::Done),
            Err(EditError::NothingToTick)
        );
    }
}
