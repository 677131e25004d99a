//! Writing an action item's status or ticket back into the document, so text and tracker never
//! disagree: a task item's checkbox is ticked or cleared, a table row's status or ticket cell is
//! rewritten, and a ticket is added to an item's text as ` (OPS-123)`, the way people write one. The item
//! is found in the document model read from the body (by its node's Yjs id, as the tracker keys
//! it), then its element is changed. Pure: it edits in the transaction it is given (the room's
//! own, see [`Rooms::edit`](crate::room::Rooms::edit)).

use yrs::{
    Text, TransactionMut, WriteTxn, Xml, XmlElementRef, XmlFragment, XmlFragmentRef, XmlOut,
    XmlTextPrelim, ID,
};

use crate::blocks::yjs::{self, element_at, BODY};
use crate::blocks::{plain_text, Block, Row, Source};
use crate::hooks::actions::{status_column, ticket_column, Status, Words};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    #[error("the item's node is no longer in the document")]
    NodeGone,
    #[error("a checkbox can only be open or done")]
    CheckboxCannotSay(Status),
    #[error("this item has no checkbox or status cell to change; edit its text instead")]
    NothingToTick,
    #[error("status {0:?} cannot be set")]
    BadStatus(Status),
    #[error("the item shares its paragraph with others; write the ticket into its text")]
    SharedParagraph,
    #[error("the item's table has no ticket column; add one, or write the ticket into its text")]
    NoTicketColumn,
}

/// The node of an item, as found in the tree.
enum Found<'a> {
    Task {
        checked: bool,
        path: &'a [u32],
    },
    Row {
        row: &'a Row,
        header: &'a Row,
        path: &'a [u32],
    },
    Other {
        path: &'a [u32],
    },
}

/// Sets the status of the item living in node `node` (a tracker node key, `client:clock:line`)
/// to `status`, finding a table's status column with `words`; `false` if the document already
/// says so.
pub fn set_status(
    txn: &mut TransactionMut,
    node: &str,
    status: Status,
    words: &Words,
) -> Result<bool, EditError> {
    if status == Status::Removed {
        return Err(EditError::BadStatus(status));
    }
    let id = parse_node(node).ok_or(EditError::NodeGone)?;
    let body = txn.get_or_insert_xml_fragment(BODY);
    let blocks = yjs::read(txn, &body);
    match find(&blocks, id).ok_or(EditError::NodeGone)? {
        Found::Task { checked, path } => {
            let wanted = match status {
                Status::Done => true,
                Status::Open => false,
                other => return Err(EditError::CheckboxCannotSay(other)),
            };
            if checked == wanted {
                return Ok(false);
            }
            let element = element_at(txn, &body, path).ok_or(EditError::NodeGone)?;
            element.insert_attribute(txn, "checked", wanted);
        }
        Found::Row { row, header, path } => {
            let column = status_column(texts(header).iter().map(String::as_str), words)
                .ok_or(EditError::NothingToTick)?;
            let word = match status {
                Status::Done => "done",
                Status::Open => "open",
                Status::NotDoing => "not doing",
                Status::Removed => unreachable!("refused above"),
            };
            let says = row.cells.get(column).map(|cell| plain_text(&cell.content));
            if says.is_some_and(|text| text.trim().eq_ignore_ascii_case(word)) {
                return Ok(false);
            }
            rewrite_cell(txn, &body, path, column, word)?;
        }
        Found::Other { .. } => return Err(EditError::NothingToTick),
    }
    Ok(true)
}

/// Writes `ticket` for the item living in node `node`: into its table's ticket cell, or as
/// ` (ticket)` at the end of its text.
pub fn set_ticket(
    txn: &mut TransactionMut,
    node: &str,
    ticket: &str,
    words: &Words,
) -> Result<(), EditError> {
    let id = parse_node(node).ok_or(EditError::NodeGone)?;
    let body = txn.get_or_insert_xml_fragment(BODY);
    let blocks = yjs::read(txn, &body);
    match find(&blocks, id).ok_or(EditError::NodeGone)? {
        Found::Row { header, path, .. } => {
            let column = ticket_column(texts(header).iter().map(String::as_str), words)
                .ok_or(EditError::NoTicketColumn)?;
            rewrite_cell(txn, &body, path, column, ticket)
        }
        Found::Task { path, .. } | Found::Other { path } => {
            let element = element_at(txn, &body, path).ok_or(EditError::NodeGone)?;
            append(txn, &element, ticket)
        }
    }
}

/// Appends ` (ticket)` to the text of `element` (its first paragraph, for a list item or a
/// cell).
fn append(
    txn: &mut TransactionMut,
    element: &XmlElementRef,
    ticket: &str,
) -> Result<(), EditError> {
    let paragraph = if element.tag().as_ref() == "paragraph" {
        element.clone()
    } else {
        element
            .get(txn, 0)
            .and_then(|child| child.into_xml_element())
            .ok_or(EditError::NodeGone)?
    };
    let children: Vec<XmlOut> = paragraph.children(txn).collect();
    let shared = children
        .iter()
        .any(|child| matches!(child, XmlOut::Element(e) if e.tag().as_ref() == "hardBreak"));
    if shared {
        return Err(EditError::SharedParagraph);
    }
    match children
        .iter()
        .rev()
        .find_map(|child| child.clone().into_xml_text())
    {
        Some(text) => {
            let at = text.len(txn);
            text.insert(txn, at, &format!(" ({ticket})"));
        }
        None => {
            paragraph.push_back(txn, XmlTextPrelim::new(format!("({ticket})")));
        }
    }
    Ok(())
}

fn parse_node(node: &str) -> Option<ID> {
    let mut parts = node.split(':');
    let client: u64 = parts.next()?.parse().ok()?;
    let clock: u32 = parts.next()?.parse().ok()?;
    Some(ID::new(yrs::block::ClientID::new(client), clock))
}

/// Whether `source` is the node with `id`; its path if so.
fn is_node(source: &Source, id: ID) -> Option<&[u32]> {
    match source {
        Source::Node(anchor) if anchor.id == id => Some(&anchor.path),
        _ => None,
    }
}

/// The node with `id` under `blocks`.
fn find(blocks: &[Block], id: ID) -> Option<Found<'_>> {
    blocks.iter().find_map(|block| match block {
        Block::Heading { source, .. }
        | Block::Paragraph { source, .. }
        | Block::CodeBlock { source, .. }
        | Block::HorizontalRule { source } => is_node(source, id).map(|path| Found::Other { path }),
        Block::Blockquote { content, source } => is_node(source, id)
            .map(|path| Found::Other { path })
            .or_else(|| find(content, id)),
        Block::BulletList(items) | Block::OrderedList { items, .. } => {
            items.iter().find_map(|item| {
                is_node(&item.source, id)
                    .map(|path| Found::Other { path })
                    .or_else(|| find(&item.content, id))
            })
        }
        Block::TaskList(items) => items.iter().find_map(|item| {
            is_node(&item.source, id)
                .map(|path| Found::Task {
                    checked: item.checked,
                    path,
                })
                .or_else(|| find(&item.content, id))
        }),
        Block::Table(rows) => rows.iter().find_map(|row| {
            is_node(&row.source, id)
                .map(|path| Found::Row {
                    row,
                    header: &rows[0],
                    path,
                })
                .or_else(|| row.cells.iter().find_map(|cell| find(&cell.content, id)))
        }),
    })
}

/// The plain text of each cell of a table row.
fn texts(row: &Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|cell| plain_text(&cell.content))
        .collect()
}

/// Replaces the text of cell `column` of the table row at `path` with `word`.
fn rewrite_cell(
    txn: &mut TransactionMut,
    body: &XmlFragmentRef,
    path: &[u32],
    column: usize,
    word: &str,
) -> Result<(), EditError> {
    let element = element_at(txn, body, path).ok_or(EditError::NodeGone)?;
    let cell = element
        .get(txn, column as u32)
        .and_then(|cell| cell.into_xml_element())
        .ok_or(EditError::NodeGone)?;
    let paragraph = match cell.get(txn, 0).and_then(|c| c.into_xml_element()) {
        Some(p) => p,
        None => cell.push_back(txn, yrs::XmlElementPrelim::empty("paragraph")),
    };
    let text = match paragraph.get(txn, 0).and_then(|t| t.into_xml_text()) {
        Some(t) => t,
        None => paragraph.push_back(txn, XmlTextPrelim::new("")),
    };
    let len = text.len(txn);
    text.remove_range(txn, 0, len);
    text.insert(txn, 0, word);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::outline::EntryKind;
    use crate::blocks::yjs;
    use crate::blocks::Origin;
    use crate::insights::action_items::node_key;
    use yrs::updates::decoder::Decode;
    use yrs::{Doc, ReadTxn, Transact, Update, XmlElementPrelim};

    fn node_of(doc: &Doc, kind: fn(&EntryKind) -> bool) -> String {
        let blocks = yjs::parse_doc(doc);
        let block = blocks.iter().find(|b| kind(&b.kind)).expect("block");
        let Origin::Node(anchor) = &block.origin else {
            panic!()
        };
        node_key(anchor, 0)
    }

    /// Appends a task list holding one unticked item with `text`.
    fn unticked_task(txn: &mut TransactionMut, body: &XmlFragmentRef, text: &str) {
        let list = body.push_back(txn, XmlElementPrelim::empty("taskList"));
        let item = list.push_back(txn, XmlElementPrelim::empty("taskItem"));
        item.insert_attribute(txn, "checked", false);
        let p = item.push_back(txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(txn, XmlTextPrelim::new(text));
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
            unticked_task(&mut txn, &body, "@kim add a canary");
        }
        let node = node_of(&doc, |k| matches!(k, EntryKind::TaskItem { .. }));
        let copy = Doc::new();
        apply(
            &copy,
            doc.transact()
                .encode_state_as_update_v1(&Default::default()),
        );

        let update = {
            let mut txn = doc.transact_mut();
            assert_eq!(
                set_status(&mut txn, &node, Status::Done, Words::builtin()),
                Ok(true)
            );
            txn.encode_update_v1()
        };
        apply(&copy, update);
        assert!(yjs::parse_doc(&copy).iter().any(|b| b.kind
            == EntryKind::TaskItem {
                depth: 0,
                checked: true
            }));
        let mut txn = doc.transact_mut();
        assert_eq!(
            set_status(&mut txn, &node, Status::Done, Words::builtin()),
            Ok(false)
        );
        assert_eq!(
            set_status(&mut txn, &node, Status::NotDoing, Words::builtin()),
            Err(EditError::CheckboxCannotSay(Status::NotDoing))
        );
        assert_eq!(
            set_status(&mut txn, "1:2:0", Status::Done, Words::builtin()),
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
            matches!(k, EntryKind::TableRow { header: false, .. })
        });
        assert_eq!(
            set_status(
                &mut doc.transact_mut(),
                &node,
                Status::Done,
                Words::builtin()
            ),
            Ok(true)
        );
        let blocks = yjs::parse_doc(&doc);
        let EntryKind::TableRow { cells, .. } = &blocks.last().unwrap().kind else {
            panic!()
        };
        assert_eq!(cells[2].text, "done");
        assert_eq!(
            set_status(
                &mut doc.transact_mut(),
                &node,
                Status::Done,
                Words::builtin()
            ),
            Ok(false)
        );
    }

    #[test]
    fn a_ticket_goes_after_the_item_and_reads_back_as_its_ticket() {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        {
            let mut txn = doc.transact_mut();
            let h = body.push_back(&mut txn, XmlElementPrelim::empty("heading"));
            h.insert_attribute(&mut txn, "level", 2);
            h.push_back(&mut txn, XmlTextPrelim::new("Action items"));
            unticked_task(&mut txn, &body, "@kim add a canary");
        }
        let node = node_of(&doc, |k| matches!(k, EntryKind::TaskItem { .. }));
        set_ticket(&mut doc.transact_mut(), &node, "OPS-9", Words::builtin()).unwrap();
        let items = crate::hooks::actions::extract(&yjs::parse_doc(&doc), Words::builtin());
        assert_eq!(items[0].ticket.as_deref(), Some("OPS-9"));
        assert_eq!(items[0].text, "add a canary");
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
        let node = node_of(&doc, |k| matches!(k, EntryKind::Paragraph));
        assert_eq!(
            set_status(
                &mut doc.transact_mut(),
                &node,
                Status::Done,
                Words::builtin()
            ),
            Err(EditError::NothingToTick)
        );
    }
}
