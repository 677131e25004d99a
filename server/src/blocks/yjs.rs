//! The live Yjs body and the document model: [`read`] is the one reader, [`write()`] the one
//! writer.
//!
//! The body is laid out exactly as the browser's editor (Tiptap's Collaboration, i.e.
//! y-prosemirror) stores it, so what the server writes the browser renders and what the browser
//! writes the server reads. It is the `Y.XmlFragment` named [`BODY`]. Every ProseMirror node is a
//! `Y.XmlElement` named after its node type, its non-null attributes as element attributes with
//! their JSON types (`level: 2`, `checked: false`, `start: 1`, `colspan: 1`). Each run of adjacent
//! text is one `Y.XmlText`; a mark is a formatting attribute on it, named after the mark and
//! holding the mark's attributes (`bold: {}`, `link: {href, target, rel}`). y-prosemirror may
//! suffix a mark name with `--hash` for marks that can overlap; the suffix is ignored when reading.
//!
//! Reading is lenient: unknown marks are dropped, unknown inline nodes skipped, an unknown block
//! keeps its content, and numbers or booleans written as strings by older clients are accepted,
//! so a newer or older client's document still reads. Each node read carries a [`NodeAnchor`]
//! (its element's Yjs id, which stays the same while people edit, and its path in the snapshot
//! read), each run of text its `XmlText` and UTF-16 offset.
//!
//! Writing builds each container back to front, inserting at its start: appending at the end
//! would walk the container's children for every insert, which makes a large import quadratic.

use std::collections::HashMap;
use std::sync::Arc;

use yrs::types::text::YChange;
use yrs::types::{Attrs, Delta};
use yrs::{
    Any, BranchID, In, Out, ReadTxn, Text, TransactionMut, Xml, XmlElementPrelim, XmlElementRef,
    XmlFragment, XmlFragmentRef, XmlOut, XmlTextPrelim, XmlTextRef, ID,
};

use super::{push_text, Block, Cell, Inline, Link, ListItem, Marks, Row, Source, TaskItem};

/// The name of the body fragment in a postmortem's Yjs document.
pub const BODY: &str = "body";

/// Tiptap's default attributes of a link, stored with every link as the editor stores them.
const LINK_TARGET: &str = "_blank";
const LINK_REL: &str = "noopener noreferrer nofollow";

/// Where a node is in the Yjs document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NodeAnchor {
    /// The id of the node's element: stable across edits to its content and its siblings.
    pub id: ID,
    /// Child indexes from the body down to the element, valid in the snapshot read.
    pub path: Vec<u32>,
}

/// Reads the body fragment `body` into blocks, in document order.
pub fn read<T: ReadTxn>(txn: &T, body: &XmlFragmentRef) -> Vec<Block> {
    Reader { txn }.blocks(body, &mut Vec::new())
}

/// The body of `doc` (the fragment named [`BODY`]) as the outline the action-item extractor
/// reads; no body gives none. (Tests; the server reads the body once and derives from that.)
#[cfg(test)]
pub fn parse_doc(doc: &yrs::Doc) -> Vec<super::outline::Entry> {
    use yrs::Transact;
    let txn = doc.transact();
    match txn.get_xml_fragment(BODY) {
        Some(body) => super::outline::outline(&read(&txn, &body)),
        None => Vec::new(),
    }
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

/// Writes `blocks` into `parent`, an empty body fragment (or an empty element while recursing).
pub fn write<P: XmlFragment>(txn: &mut TransactionMut, parent: &P, blocks: &[Block]) {
    for block in blocks.iter().rev() {
        write_block(txn, parent, block);
    }
}

/// Inserts `block` at the start of `parent`.
fn write_block<P: XmlFragment>(txn: &mut TransactionMut, parent: &P, block: &Block) {
    match block {
        Block::Heading { level, content, .. } => {
            let el = element(
                txn,
                parent,
                "heading",
                &[("level", Any::from(u32::from(*level)))],
            );
            write_inlines(txn, &el, content);
        }
        Block::Paragraph { content, .. } => {
            let el = element(txn, parent, "paragraph", &[]);
            write_inlines(txn, &el, content);
        }
        Block::Blockquote { content, .. } => {
            let el = element(txn, parent, "blockquote", &[]);
            write(txn, &el, content);
        }
        Block::BulletList(items) => {
            let list = element(txn, parent, "bulletList", &[]);
            write_list_items(txn, &list, items);
        }
        Block::OrderedList { start, items } => {
            let list = element(
                txn,
                parent,
                "orderedList",
                &[("start", Any::from(*start as f64))],
            );
            write_list_items(txn, &list, items);
        }
        Block::TaskList(items) => {
            let list = element(txn, parent, "taskList", &[]);
            for item in items.iter().rev() {
                let el = element(
                    txn,
                    &list,
                    "taskItem",
                    &[("checked", Any::from(item.checked))],
                );
                write(txn, &el, &item.content);
            }
        }
        Block::Table(rows) => {
            let table = element(txn, parent, "table", &[]);
            for row in rows.iter().rev() {
                let tr = element(txn, &table, "tableRow", &[]);
                for cell in row.cells.iter().rev() {
                    let tag = if cell.header {
                        "tableHeader"
                    } else {
                        "tableCell"
                    };
                    let span = [("colspan", Any::from(1)), ("rowspan", Any::from(1))];
                    let td = element(txn, &tr, tag, &span);
                    write(txn, &td, &cell.content);
                }
            }
        }
        Block::CodeBlock { language, code, .. } => {
            let attrs: Vec<(&str, Any)> = language
                .iter()
                .map(|l| ("language", Any::from(l.as_str())))
                .collect();
            let el = element(txn, parent, "codeBlock", &attrs);
            if !code.is_empty() {
                el.insert(txn, 0, XmlTextPrelim::new(code.as_str()));
            }
        }
        Block::HorizontalRule { .. } => {
            element(txn, parent, "horizontalRule", &[]);
        }
    }
}

fn write_list_items(txn: &mut TransactionMut, list: &XmlElementRef, items: &[ListItem]) {
    for item in items.iter().rev() {
        let el = element(txn, list, "listItem", &[]);
        write(txn, &el, &item.content);
    }
}

/// Inserts an element named `tag` with `attrs` at the start of `parent`.
fn element<P: XmlFragment>(
    txn: &mut TransactionMut,
    parent: &P,
    tag: &str,
    attrs: &[(&str, Any)],
) -> XmlElementRef {
    let el = parent.insert(txn, 0, XmlElementPrelim::empty(tag));
    for (key, value) in attrs {
        el.insert_attribute(txn, *key, value.clone());
    }
    el
}

/// Writes inline content into an empty element: each stretch of text between hard breaks becomes
/// one `XmlText`, written in one pass.
fn write_inlines(txn: &mut TransactionMut, parent: &XmlElementRef, inlines: &[Inline]) {
    let stretches: Vec<&[Inline]> = inlines
        .split(|inline| matches!(inline, Inline::HardBreak))
        .collect();
    for (index, stretch) in stretches.iter().enumerate().rev() {
        if !stretch.is_empty() {
            let text = parent.insert(txn, 0, XmlTextPrelim::new(""));
            let runs = stretch.iter().filter_map(|inline| match inline {
                Inline::Text { text, marks, .. } => Some(Delta::Inserted(
                    In::Any(Any::from(text.as_str())),
                    Some(Box::new(marks_to_attrs(marks))),
                )),
                Inline::HardBreak => None,
            });
            text.apply_delta(txn, runs);
        }
        if index > 0 {
            element(txn, parent, "hardBreak", &[]);
        }
    }
}

fn marks_to_attrs(marks: &Marks) -> Attrs {
    let empty = || Any::Map(Arc::new(HashMap::new()));
    let mut attrs = Attrs::new();
    for (on, name) in [
        (marks.bold, "bold"),
        (marks.italic, "italic"),
        (marks.strike, "strike"),
        (marks.code, "code"),
    ] {
        if on {
            attrs.insert(name.into(), empty());
        }
    }
    if let Some(link) = &marks.link {
        let mut fields = HashMap::from([
            ("href".to_owned(), Any::from(link.href.as_str())),
            ("target".to_owned(), Any::from(LINK_TARGET)),
            ("rel".to_owned(), Any::from(LINK_REL)),
        ]);
        if let Some(title) = &link.title {
            fields.insert("title".to_owned(), Any::from(title.as_str()));
        }
        attrs.insert("link".into(), Any::Map(Arc::new(fields)));
    }
    attrs
}

struct Reader<'t, T> {
    txn: &'t T,
}

impl<T: ReadTxn> Reader<'_, T> {
    /// The blocks under `parent`, at `path`.
    fn blocks(&self, parent: &impl XmlFragment, path: &mut Vec<u32>) -> Vec<Block> {
        let mut blocks = Vec::new();
        for (index, child) in parent.children(self.txn).enumerate() {
            path.push(index as u32);
            match child {
                XmlOut::Element(el) => self.block(&el, path, &mut blocks),
                // Text directly in a container is not in the schema; keep it as a paragraph.
                XmlOut::Text(text) => {
                    let mut content = Vec::new();
                    self.text(&text, &mut content);
                    blocks.push(Block::Paragraph {
                        content,
                        source: Source::Built,
                    });
                }
                XmlOut::Fragment(_) => {}
            }
            path.pop();
        }
        blocks
    }

    fn block(&self, el: &XmlElementRef, path: &mut Vec<u32>, out: &mut Vec<Block>) {
        let source = anchor(el, path);
        let block = match el.tag().as_ref() {
            "heading" => Block::Heading {
                level: attr_u64(self.txn, el, "level").unwrap_or(1).clamp(1, 6) as u8,
                content: self.inlines(el),
                source,
            },
            "paragraph" => Block::Paragraph {
                content: self.inlines(el),
                source,
            },
            "blockquote" => Block::Blockquote {
                content: self.blocks(el, path),
                source,
            },
            "bulletList" => Block::BulletList(self.items(el, path)),
            "orderedList" => Block::OrderedList {
                start: attr_u64(self.txn, el, "start").unwrap_or(1),
                items: self.items(el, path),
            },
            "taskList" => Block::TaskList(self.children(el, path, |r, item, path| TaskItem {
                checked: attr_bool(r.txn, item, "checked"),
                content: r.blocks(item, path),
                source: anchor(item, path),
            })),
            "table" => Block::Table(self.children(el, path, |r, row, path| Row {
                cells: r.children(row, path, |r, cell, path| Cell {
                    header: cell.tag().as_ref() == "tableHeader",
                    content: r.blocks(cell, path),
                }),
                source: anchor(row, path),
            })),
            "codeBlock" => Block::CodeBlock {
                language: match el.get_attribute(self.txn, "language") {
                    Some(Out::Any(Any::String(language))) => Some(language.to_string()),
                    _ => None,
                },
                code: super::inline_text(&self.inlines(el)),
                source,
            },
            "horizontalRule" => Block::HorizontalRule { source },
            _ => {
                // An unknown block: keep what it holds.
                let has_text = el.children(self.txn).any(|c| matches!(c, XmlOut::Text(_)));
                if has_text {
                    Block::Paragraph {
                        content: self.inlines(el),
                        source,
                    }
                } else {
                    out.extend(self.blocks(el, path));
                    return;
                }
            }
        };
        out.push(block);
    }

    /// The element children of `parent`, each read by `read` at its path.
    fn children<V>(
        &self,
        parent: &XmlElementRef,
        path: &mut Vec<u32>,
        read: impl Fn(&Self, &XmlElementRef, &mut Vec<u32>) -> V,
    ) -> Vec<V> {
        let mut out = Vec::new();
        for (index, child) in parent.children(self.txn).enumerate() {
            if let XmlOut::Element(el) = child {
                path.push(index as u32);
                out.push(read(self, &el, path));
                path.pop();
            }
        }
        out
    }

    /// The items of a bullet or ordered list.
    fn items(&self, list: &XmlElementRef, path: &mut Vec<u32>) -> Vec<ListItem> {
        self.children(list, path, |r, item, path| {
            let mut content = r.blocks(item, path);
            if content.is_empty() {
                content.push(Block::empty_paragraph());
            }
            ListItem {
                content,
                source: anchor(item, path),
            }
        })
    }

    fn inlines(&self, el: &XmlElementRef) -> Vec<Inline> {
        let mut inlines = Vec::new();
        for child in el.children(self.txn) {
            match child {
                XmlOut::Text(text) => self.text(&text, &mut inlines),
                XmlOut::Element(inner) if inner.tag().as_ref() == "hardBreak" => {
                    inlines.push(Inline::HardBreak)
                }
                _ => {}
            }
        }
        inlines
    }

    fn text(&self, text: &XmlTextRef, inlines: &mut Vec<Inline>) {
        let mut utf16 = 0u32;
        for chunk in text.diff(self.txn, YChange::identity) {
            let Out::Any(Any::String(s)) = &chunk.insert else {
                // An embed takes one position and no text.
                utf16 += 1;
                continue;
            };
            let marks = chunk
                .attributes
                .as_deref()
                .map(attrs_to_marks)
                .unwrap_or_default();
            let source = Source::Text {
                text: text.clone(),
                utf16,
            };
            push_text(inlines, s, &marks, source);
            utf16 += s.encode_utf16().count() as u32;
        }
    }
}

/// The source of a node read from `element`; every element under the body is a nested type,
/// so it has an id (only root types have a name instead).
fn anchor(element: &XmlElementRef, path: &[u32]) -> Source {
    let branch: &yrs::branch::Branch = element.as_ref();
    match branch.id() {
        BranchID::Nested(id) => Source::Node(NodeAnchor {
            id,
            path: path.to_vec(),
        }),
        BranchID::Root(_) => Source::Built,
    }
}

fn attrs_to_marks(attrs: &Attrs) -> Marks {
    let mut marks = Marks::default();
    for (key, value) in attrs {
        // y-prosemirror names overlapping marks `name--hash`.
        let name = key.split_once("--").map_or(key.as_ref(), |(name, _)| name);
        match name {
            "bold" => marks.bold = true,
            "italic" => marks.italic = true,
            "strike" => marks.strike = true,
            "code" => marks.code = true,
            "link" => marks.link = read_link(value),
            _ => {}
        }
    }
    marks
}

fn read_link(value: &Any) -> Option<Link> {
    let Any::Map(fields) = value else {
        return None;
    };
    let string = |key: &str| match fields.get(key) {
        Some(Any::String(s)) => Some(s.to_string()),
        _ => None,
    };
    Some(Link {
        href: string("href")?,
        title: string("title"),
    })
}

fn attr_u64<T: ReadTxn>(txn: &T, el: &XmlElementRef, name: &str) -> Option<u64> {
    match el.get_attribute(txn, name)? {
        Out::Any(Any::Number(n)) => n.as_i64().and_then(|n| u64::try_from(n).ok()),
        Out::Any(Any::String(s)) => s.parse().ok(),
        _ => None,
    }
}

/// A boolean attribute; y-prosemirror writes booleans, older clients strings.
fn attr_bool<T: ReadTxn>(txn: &T, el: &XmlElementRef, name: &str) -> bool {
    match el.get_attribute(txn, name) {
        Some(Out::Any(Any::Bool(b))) => b,
        Some(Out::Any(Any::String(s))) => s.as_ref() == "true",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Doc, Transact};

    fn text(s: &str, marks: Marks) -> Inline {
        Inline::text(s, marks)
    }

    fn para(content: Vec<Inline>) -> Block {
        Block::Paragraph {
            content,
            source: Source::Built,
        }
    }

    fn sample() -> Vec<Block> {
        let bold = Marks {
            bold: true,
            ..Marks::default()
        };
        let link = Marks {
            link: Some(Link {
                href: "https://example.com/".into(),
                title: None,
            }),
            ..Marks::default()
        };
        vec![
            Block::Heading {
                level: 2,
                content: vec![text("Summary", Marks::default())],
                source: Source::Built,
            },
            para(vec![
                text("The ", Marks::default()),
                text("cache", bold),
                text(" fell over; see ", Marks::default()),
                text("the graph", link),
                Inline::HardBreak,
                text("next line", Marks::default()),
            ]),
            Block::TaskList(vec![TaskItem {
                checked: true,
                content: vec![para(vec![text("page", Marks::default())])],
                source: Source::Built,
            }]),
            Block::OrderedList {
                start: 3,
                items: vec![ListItem {
                    content: vec![para(vec![])],
                    source: Source::Built,
                }],
            },
            Block::Table(vec![Row {
                cells: vec![Cell {
                    header: true,
                    content: vec![para(vec![text("Owner", Marks::default())])],
                }],
                source: Source::Built,
            }]),
            Block::CodeBlock {
                language: Some("sql".into()),
                code: "select 1;\nselect 2;".into(),
                source: Source::Built,
            },
            Block::HorizontalRule {
                source: Source::Built,
            },
        ]
    }

    fn write_to_doc(blocks: &[Block]) -> Doc {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        write(&mut doc.transact_mut(), &body, blocks);
        doc
    }

    #[test]
    fn body_reads_back_as_written() {
        let doc = write_to_doc(&sample());
        let body = doc.get_or_insert_xml_fragment(BODY);
        assert_eq!(read(&doc.transact(), &body), sample());
    }

    #[test]
    fn layout_matches_y_prosemirror() {
        let doc = write_to_doc(&sample());
        let body = doc.get_or_insert_xml_fragment(BODY);
        let txn = doc.transact();
        let heading = body.get(&txn, 0).unwrap().into_xml_element().unwrap();
        assert_eq!(heading.tag().as_ref(), "heading");
        assert_eq!(
            heading.get_attribute(&txn, "level"),
            Some(Out::Any(Any::from(2)))
        );
        let paragraph = body.get(&txn, 1).unwrap().into_xml_element().unwrap();
        // Text, hard break, text: one XmlText per stretch of text.
        assert_eq!(paragraph.len(&txn), 3);
        let run = paragraph.get(&txn, 0).unwrap().into_xml_text().unwrap();
        let diff = run.diff(&txn, YChange::identity);
        assert_eq!(diff[1].insert, Out::Any(Any::from("cache")));
        let bold = diff[1].attributes.as_deref().unwrap();
        assert_eq!(bold.get("bold"), Some(&Any::Map(Arc::new(HashMap::new()))));
        let Some(Any::Map(link)) = diff[3].attributes.as_deref().unwrap().get("link") else {
            panic!("{diff:?}")
        };
        assert_eq!(link.get("href"), Some(&Any::from("https://example.com/")));
        assert_eq!(link.get("target"), Some(&Any::from("_blank")));
        let tasks = body.get(&txn, 2).unwrap().into_xml_element().unwrap();
        let item = tasks.get(&txn, 0).unwrap().into_xml_element().unwrap();
        assert_eq!(item.tag().as_ref(), "taskItem");
        assert_eq!(
            item.get_attribute(&txn, "checked"),
            Some(Out::Any(Any::Bool(true)))
        );
    }

    #[test]
    fn reading_tolerates_unknown_nodes_and_hashed_marks() {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        {
            let mut txn = doc.transact_mut();
            let wrapper = body.push_back(&mut txn, XmlElementPrelim::empty("details"));
            let p = wrapper.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
            let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
            let mut attrs = Attrs::new();
            attrs.insert("italic--abc123".into(), Any::Map(Arc::new(HashMap::new())));
            attrs.insert("highlight".into(), Any::Map(Arc::new(HashMap::new())));
            t.insert_with_attributes(&mut txn, 0, "kept", attrs);
            p.push_back(&mut txn, XmlElementPrelim::empty("image"));
        }
        let italic = Marks {
            italic: true,
            ..Marks::default()
        };
        assert_eq!(
            read(&doc.transact(), &body),
            vec![para(vec![text("kept", italic)])]
        );
    }

    #[test]
    fn nodes_carry_anchors_that_survive_edits_to_text_and_siblings() {
        let doc = write_to_doc(&sample());
        let body = doc.get_or_insert_xml_fragment(BODY);
        let anchor_of_task = |doc: &Doc| {
            let blocks = read(&doc.transact(), &body);
            let Some(Block::TaskList(items)) =
                blocks.into_iter().find(|b| matches!(b, Block::TaskList(_)))
            else {
                panic!("no task list");
            };
            let Source::Node(anchor) = &items[0].source else {
                panic!("no anchor");
            };
            anchor.clone()
        };
        let before = anchor_of_task(&doc);
        assert_eq!(before.path, vec![2, 0]);
        {
            let mut txn = doc.transact_mut();
            body.insert(&mut txn, 0, XmlElementPrelim::empty("horizontalRule"));
        }
        let after = anchor_of_task(&doc);
        assert_eq!(after.id, before.id);
        assert_eq!(after.path, vec![3, 0]);
        let txn = doc.transact();
        let found = element_at(&txn, &body, &after.path).expect("element at path");
        assert_eq!(found.tag().as_ref(), "taskItem");
        assert!(element_at(&txn, &body, &[42]).is_none());
        assert!(element_at(&txn, &body, &[]).is_none());
    }
}
