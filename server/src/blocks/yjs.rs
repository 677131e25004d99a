//! The live Yjs body to blocks.
//!
//! The web client edits with Tiptap over y-prosemirror, so a postmortem's body is the
//! `XmlFragment` named [`BODY`], holding Tiptap's default nodes: `heading` (attribute `level`),
//! `paragraph`, `bulletList` / `orderedList` / `listItem`, `taskList` / `taskItem` (attribute
//! `checked`), `table` / `tableRow` / `tableHeader` / `tableCell`, `blockquote`, `codeBlock`,
//! `horizontalRule` and `hardBreak`, with text in `XmlText` whose formatting attributes are the
//! marks (`bold`, `italic`, `code`, `link` with an `href`). Unknown elements are read as plain
//! containers, so a new node type degrades to its text rather than vanishing.
//!
//! Each block carries a [`NodeAnchor`]: the Yjs id of its node, which stays the same while people
//! edit the node's text or move other nodes around (so a tracker can key an action item to it),
//! and the node's path from the body, to find it again in the snapshot it was read from.

use yrs::types::text::YChange;
use yrs::{
    Any, BranchID, Doc, Out, ReadTxn, Text, Transact, Xml, XmlElementRef, XmlFragment,
    XmlFragmentRef, XmlOut, XmlTextRef, ID,
};

use super::{row_text, Block, BlockKind, InlineBuilder, MarkKind, Origin};

/// The name of the body fragment in a postmortem's Yjs document.
pub const BODY: &str = "body";

/// Where a block's node is in the Yjs document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NodeAnchor {
    /// The id of the node's element: stable across edits to its content and its siblings.
    pub id: ID,
    /// Child indexes from the body down to the element, valid in the snapshot read.
    pub path: Vec<u32>,
}

/// Reads the body of `doc` (the fragment named [`BODY`]); no body gives no blocks.
pub fn parse_doc(doc: &Doc) -> Vec<Block> {
    let txn = doc.transact();
    match txn.get_xml_fragment(BODY) {
        Some(body) => parse(&txn, &body),
        None => Vec::new(),
    }
}

/// Reads a Tiptap body fragment into blocks, in document order.
pub fn parse<T: ReadTxn>(txn: &T, body: &XmlFragmentRef) -> Vec<Block> {
    let mut walker = Walker {
        txn,
        blocks: Vec::new(),
    };
    walker.children(body, &mut Vec::new(), 0);
    walker.blocks
}

/// The element at `path` under `body` (as in [`NodeAnchor::path`]), if there is one.
pub fn element_at<T: ReadTxn>(
    txn: &T,
    body: &XmlFragmentRef,
    path: &[u32],
) -> Option<XmlElementRef> {
    let (&first, rest) = path.split_first()?;
    let mut element = body.get(txn, first)?.into_xml_element()?;
    for &index in rest {
        element = element.get(txn, index)?.into_xml_element()?;
    }
    Some(element)
}

struct Walker<'t, T> {
    txn: &'t T,
    blocks: Vec<Block>,
}

impl<T: ReadTxn> Walker<'_, T> {
    /// Walks the children of `parent`, `lists` being the number of lists around them.
    fn children(&mut self, parent: &impl XmlFragment, path: &mut Vec<u32>, lists: usize) {
        for (index, child) in parent.children(self.txn).enumerate() {
            if let XmlOut::Element(element) = child {
                path.push(index as u32);
                self.element(&element, path, lists);
                path.pop();
            }
        }
    }

    fn element(&mut self, element: &XmlElementRef, path: &mut Vec<u32>, lists: usize) {
        match element.tag().as_ref() {
            "heading" => {
                let level = attribute_number(element, self.txn, "level").unwrap_or(1.0);
                let level = level.clamp(1.0, 6.0) as u8;
                self.leaf(element, path, BlockKind::Heading { level });
            }
            "paragraph" => self.leaf(element, path, BlockKind::Paragraph),
            "blockquote" => self.leaf(element, path, BlockKind::Quote),
            "codeBlock" => self.leaf(element, path, BlockKind::CodeBlock),
            "horizontalRule" => self.push(element, path, BlockKind::Rule, InlineBuilder::default()),
            "bulletList" | "orderedList" | "taskList" => {
                let ordered = element.tag().as_ref() == "orderedList";
                for (index, child) in element.children(self.txn).enumerate() {
                    if let XmlOut::Element(item) = child {
                        path.push(index as u32);
                        self.item(&item, path, lists, ordered);
                        path.pop();
                    }
                }
            }
            "listItem" | "taskItem" => self.item(element, path, lists, false),
            "tableRow" => self.row(element, path),
            _ => self.children(element, path, lists),
        }
    }

    /// A list or task item: its own paragraphs make its text, nested blocks follow it.
    fn item(&mut self, item: &XmlElementRef, path: &mut Vec<u32>, depth: usize, ordered: bool) {
        let mut inline = InlineBuilder::default();
        let mut nested = Vec::new();
        for (index, child) in item.children(self.txn).enumerate() {
            match child {
                XmlOut::Element(el) if el.tag().as_ref() == "paragraph" && nested.is_empty() => {
                    inline.line_break();
                    self.inline(&el, &mut inline);
                }
                XmlOut::Element(el) => nested.push((index as u32, el)),
                XmlOut::Text(text) => self.text(&text, &mut inline),
                XmlOut::Fragment(_) => {}
            }
        }
        let kind = if item.tag().as_ref() == "taskItem" {
            let checked = attribute_bool(item, self.txn, "checked");
            BlockKind::TaskItem { depth, checked }
        } else {
            BlockKind::ListItem { depth, ordered }
        };
        self.push(item, path, kind, inline);
        for (index, el) in nested {
            path.push(index);
            self.element(&el, path, depth + 1);
            path.pop();
        }
    }

    fn row(&mut self, row: &XmlElementRef, path: &[u32]) {
        let mut cells = Vec::new();
        let mut header = true;
        for child in row.children(self.txn) {
            if let XmlOut::Element(cell) = child {
                header &= cell.tag().as_ref() == "tableHeader";
                let mut inline = InlineBuilder::default();
                self.inline(&cell, &mut inline);
                cells.push(inline.into_cell());
            }
        }
        let header = header && !cells.is_empty();
        if let Some(origin) = anchor(row, path) {
            self.blocks.push(Block {
                text: row_text(&cells),
                kind: BlockKind::TableRow { header, cells },
                marks: Vec::new(),
                origin,
            });
        }
    }

    fn leaf(&mut self, element: &XmlElementRef, path: &[u32], kind: BlockKind) {
        let mut inline = InlineBuilder::default();
        self.inline(element, &mut inline);
        self.push(element, path, kind, inline);
    }

    fn push(
        &mut self,
        element: &XmlElementRef,
        path: &[u32],
        kind: BlockKind,
        inline: InlineBuilder,
    ) {
        if let Some(origin) = anchor(element, path) {
            self.blocks.extend(inline.into_block(kind, origin));
        }
    }

    /// All text under `element`: nested blocks on lines of their own, `hardBreak` as `\n`.
    fn inline(&self, element: &XmlElementRef, out: &mut InlineBuilder) {
        for child in element.children(self.txn) {
            match child {
                XmlOut::Text(text) => self.text(&text, out),
                XmlOut::Element(el) if el.tag().as_ref() == "hardBreak" => out.line_break(),
                XmlOut::Element(el) => {
                    out.line_break();
                    self.inline(&el, out);
                    out.line_break();
                }
                XmlOut::Fragment(_) => {}
            }
        }
    }

    fn text(&self, text: &XmlTextRef, out: &mut InlineBuilder) {
        for chunk in text.diff(self.txn, YChange::identity) {
            let Out::Any(Any::String(run)) = &chunk.insert else {
                continue;
            };
            let marks: Vec<MarkKind> = chunk
                .attributes
                .iter()
                .flat_map(|attrs| attrs.iter())
                .filter_map(|(name, value)| mark(name, value))
                .collect();
            out.push(run, &marks);
        }
    }
}

/// The mark a Tiptap formatting attribute stands for.
fn mark(name: &str, value: &Any) -> Option<MarkKind> {
    if matches!(value, Any::Null | Any::Undefined | Any::Bool(false)) {
        return None;
    }
    match name {
        "bold" => Some(MarkKind::Bold),
        "italic" => Some(MarkKind::Italic),
        "code" => Some(MarkKind::Code),
        "link" => {
            let Any::Map(attrs) = value else { return None };
            match attrs.get("href") {
                Some(Any::String(href)) => Some(MarkKind::Link {
                    href: href.to_string(),
                }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The origin of a block read from `element`; every element under the body is a nested type,
/// so it has an id (only root types have a name instead).
fn anchor(element: &XmlElementRef, path: &[u32]) -> Option<Origin> {
    let branch: &yrs::branch::Branch = element.as_ref();
    match branch.id() {
        BranchID::Nested(id) => Some(Origin::Node(NodeAnchor {
            id,
            path: path.to_vec(),
        })),
        BranchID::Root(_) => None,
    }
}

/// A numeric attribute; y-prosemirror writes numbers, older clients strings.
fn attribute_number<T: ReadTxn>(element: &XmlElementRef, txn: &T, name: &str) -> Option<f64> {
    match element.get_attribute(txn, name)? {
        Out::Any(Any::Number(n)) => n.as_f64(),
        Out::Any(Any::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean attribute; y-prosemirror writes booleans, older clients strings.
fn attribute_bool<T: ReadTxn>(element: &XmlElementRef, txn: &T, name: &str) -> bool {
    match element.get_attribute(txn, name) {
        Some(Out::Any(Any::Bool(b))) => b,
        Some(Out::Any(Any::String(s))) => s.as_ref() == "true",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::{Cell, Mark};
    use std::collections::HashMap;
    use std::sync::Arc;
    use yrs::types::Attrs;
    use yrs::{TransactionMut, XmlElementPrelim, XmlTextPrelim};

    fn el(parent: &impl XmlFragment, txn: &mut TransactionMut, tag: &str) -> XmlElementRef {
        parent.push_back(txn, XmlElementPrelim::empty(tag))
    }

    fn para(parent: &impl XmlFragment, txn: &mut TransactionMut, text: &str) -> XmlElementRef {
        let p = el(parent, txn, "paragraph");
        p.push_back(txn, XmlTextPrelim::new(text));
        p
    }

    fn kinds(blocks: &[Block]) -> Vec<(BlockKind, &str)> {
        blocks
            .iter()
            .map(|b| (b.kind.clone(), b.text.as_str()))
            .collect()
    }

    #[test]
    fn reads_headings_lists_and_task_items() {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        {
            let mut txn = doc.transact_mut();
            let h = el(&body, &mut txn, "heading");
            h.insert_attribute(&mut txn, "level", 2.0);
            h.push_back(&mut txn, XmlTextPrelim::new("Action items"));
            let list = el(&body, &mut txn, "bulletList");
            let item = el(&list, &mut txn, "listItem");
            para(&item, &mut txn, "Fix the pool");
            let nested = el(&item, &mut txn, "orderedList");
            let sub = el(&nested, &mut txn, "listItem");
            para(&sub, &mut txn, "Add a test");
            let tasks = el(&body, &mut txn, "taskList");
            let done = el(&tasks, &mut txn, "taskItem");
            done.insert_attribute(&mut txn, "checked", true);
            para(&done, &mut txn, "Page on-call");
            let open = el(&tasks, &mut txn, "taskItem");
            open.insert_attribute(&mut txn, "checked", false);
            para(&open, &mut txn, "Write runbook");
        }
        let blocks = parse_doc(&doc);
        assert_eq!(
            kinds(&blocks),
            vec![
                (BlockKind::Heading { level: 2 }, "Action items"),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        ordered: false
                    },
                    "Fix the pool"
                ),
                (
                    BlockKind::ListItem {
                        depth: 1,
                        ordered: true
                    },
                    "Add a test"
                ),
                (
                    BlockKind::TaskItem {
                        depth: 0,
                        checked: true
                    },
                    "Page on-call"
                ),
                (
                    BlockKind::TaskItem {
                        depth: 0,
                        checked: false
                    },
                    "Write runbook"
                ),
            ]
        );
        let Origin::Node(anchor) = &blocks[2].origin else {
            panic!("no anchor");
        };
        assert_eq!(anchor.path, vec![1, 0, 1, 0]);
        let txn = doc.transact();
        let found = element_at(&txn, &body, &anchor.path).expect("element at path");
        assert_eq!(found.tag().as_ref(), "listItem");
        let branch: &yrs::branch::Branch = found.as_ref();
        assert_eq!(BranchID::Nested(anchor.id), branch.id());
        assert!(element_at(&txn, &body, &[7]).is_none());
        assert!(element_at(&txn, &body, &[]).is_none());
    }

    #[test]
    fn anchors_survive_edits_to_text_and_siblings() {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        let first = {
            let mut txn = doc.transact_mut();
            para(&body, &mut txn, "AI: Kim to fix it");
            para(&body, &mut txn, "Other")
        };
        let before = parse_doc(&doc)[1].origin.clone();
        {
            let mut txn = doc.transact_mut();
            body.insert(&mut txn, 0, XmlElementPrelim::empty("horizontalRule"));
            let text = first.get(&txn, 0).unwrap().into_xml_text().unwrap();
            text.insert(&mut txn, 0, "Still ");
        }
        let blocks = parse_doc(&doc);
        assert_eq!(blocks[2].text, "Still Other");
        let (Origin::Node(a), Origin::Node(b)) = (&before, &blocks[2].origin) else {
            panic!("no anchors");
        };
        assert_eq!(a.id, b.id);
        assert_eq!(b.path, vec![2]);
    }

    #[test]
    fn reads_tables_with_header_rows() {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        {
            let mut txn = doc.transact_mut();
            let table = el(&body, &mut txn, "table");
            for (tag, cells) in [
                ("tableHeader", ["Action", "Owner"]),
                ("tableCell", ["Fix it", "@kim"]),
            ] {
                let row = el(&table, &mut txn, "tableRow");
                for text in cells {
                    let cell = el(&row, &mut txn, tag);
                    para(&cell, &mut txn, text);
                }
            }
        }
        let blocks = parse_doc(&doc);
        let cell = |t: &str| Cell {
            text: t.into(),
            marks: vec![],
        };
        assert_eq!(
            kinds(&blocks),
            vec![
                (
                    BlockKind::TableRow {
                        header: true,
                        cells: vec![cell("Action"), cell("Owner")]
                    },
                    "Action | Owner"
                ),
                (
                    BlockKind::TableRow {
                        header: false,
                        cells: vec![cell("Fix it"), cell("@kim")]
                    },
                    "Fix it | @kim"
                ),
            ]
        );
    }

    #[test]
    fn reads_marks_hard_breaks_quotes_and_code() {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        {
            let mut txn = doc.transact_mut();
            let p = el(&body, &mut txn, "paragraph");
            let text = p.push_back(&mut txn, XmlTextPrelim::new(""));
            let bold = Attrs::from([(Arc::from("bold"), Any::Map(Arc::new(HashMap::new())))]);
            let link = Attrs::from([(
                Arc::from("link"),
                Any::Map(Arc::new(HashMap::from([(
                    "href".to_string(),
                    Any::from("https://x.test/issues/4"),
                )]))),
            )]);
            text.insert_with_attributes(&mut txn, 0, "TODO:", bold);
            let plain = Attrs::from([(Arc::from("bold"), Any::Null)]);
            text.insert_with_attributes(&mut txn, 5, " see ", plain);
            text.insert_with_attributes(&mut txn, 10, "#4", link);
            el(&p, &mut txn, "hardBreak");
            p.push_back(&mut txn, XmlTextPrelim::new("next line"));
            let quote = el(&body, &mut txn, "blockquote");
            para(&quote, &mut txn, "one");
            para(&quote, &mut txn, "two");
            let code = el(&body, &mut txn, "codeBlock");
            code.push_back(&mut txn, XmlTextPrelim::new("let x = 1;"));
        }
        let blocks = parse_doc(&doc);
        assert_eq!(
            kinds(&blocks),
            vec![
                (BlockKind::Paragraph, "TODO: see #4\nnext line"),
                (BlockKind::Quote, "one\ntwo"),
                (BlockKind::CodeBlock, "let x = 1;"),
            ]
        );
        assert_eq!(
            blocks[0].marks,
            vec![
                Mark {
                    range: 0..5,
                    kind: MarkKind::Bold
                },
                Mark {
                    range: 10..12,
                    kind: MarkKind::Link {
                        href: "https://x.test/issues/4".into()
                    }
                },
            ]
        );
    }

    #[test]
    fn a_doc_without_a_body_has_no_blocks() {
        assert!(parse_doc(&Doc::new()).is_empty());
    }
}
