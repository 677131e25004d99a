//! The body tree in the Yjs document, laid out exactly as the browser's editor (Tiptap's
//! Collaboration, i.e. y-prosemirror) stores it, so what the server writes the browser renders and
//! what the browser writes the server reads.
//!
//! The body is the `Y.XmlFragment` named `body`. Every ProseMirror node is a `Y.XmlElement` named
//! after its node type, its non-null attributes as element attributes with their JSON types
//! (`level: 2`, `checked: false`, `start: 1`, `colspan: 1`). Each run of adjacent text is one
//! `Y.XmlText`; a mark is a formatting attribute on it, named after the mark and holding the mark's
//! attributes (`bold: {}`, `link: {href, target, rel}`). y-prosemirror may suffix a mark name with
//! `--hash` for marks that can overlap; the suffix is ignored when reading.
//!
//! Reading is lenient: unknown marks are dropped, unknown inline nodes skipped, and an unknown
//! block keeps its content, so a newer client's document still reads.

use std::collections::HashMap;
use std::sync::Arc;

use yrs::types::text::YChange;
use yrs::types::Attrs;
use yrs::{
    Any, Out, ReadTxn, Text, TransactionMut, Xml, XmlElementPrelim, XmlElementRef, XmlFragment,
    XmlOut, XmlTextPrelim,
};

use super::body::{empty_paragraph, push_text, Block, Cell, Inline, Link, Marks, TaskItem};
pub use crate::blocks::yjs::BODY;

/// Tiptap's default attributes of a link, stored with every link as the editor stores them.
const LINK_TARGET: &str = "_blank";
const LINK_REL: &str = "noopener noreferrer nofollow";

/// Appends `blocks` to `parent` (the body fragment, or an element while recursing).
pub fn write_blocks<P: XmlFragment>(txn: &mut TransactionMut, parent: &P, blocks: &[Block]) {
    for block in blocks {
        write_block(txn, parent, block);
    }
}

fn write_block<P: XmlFragment>(txn: &mut TransactionMut, parent: &P, block: &Block) {
    match block {
        Block::Heading { level, content } => {
            let el = element(
                txn,
                parent,
                "heading",
                &[("level", Any::from(u32::from(*level)))],
            );
            write_inlines(txn, &el, content);
        }
        Block::Paragraph(content) => {
            let el = element(txn, parent, "paragraph", &[]);
            write_inlines(txn, &el, content);
        }
        Block::Blockquote(children) => {
            let el = element(txn, parent, "blockquote", &[]);
            write_blocks(txn, &el, children);
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
            for item in items {
                let el = element(
                    txn,
                    &list,
                    "taskItem",
                    &[("checked", Any::from(item.checked))],
                );
                write_blocks(txn, &el, &item.content);
            }
        }
        Block::Table(rows) => {
            let table = element(txn, parent, "table", &[]);
            for row in rows {
                let tr = element(txn, &table, "tableRow", &[]);
                for cell in row {
                    let tag = if cell.header {
                        "tableHeader"
                    } else {
                        "tableCell"
                    };
                    let span = [("colspan", Any::from(1)), ("rowspan", Any::from(1))];
                    let td = element(txn, &tr, tag, &span);
                    write_blocks(txn, &td, &cell.content);
                }
            }
        }
        Block::CodeBlock { language, code } => {
            let attrs: Vec<(&str, Any)> = language
                .iter()
                .map(|l| ("language", Any::from(l.as_str())))
                .collect();
            let el = element(txn, parent, "codeBlock", &attrs);
            if !code.is_empty() {
                el.push_back(txn, XmlTextPrelim::new(code.as_str()));
            }
        }
        Block::HorizontalRule => {
            element(txn, parent, "horizontalRule", &[]);
        }
    }
}

fn write_list_items(txn: &mut TransactionMut, list: &XmlElementRef, items: &[Vec<Block>]) {
    for item in items {
        let el = element(txn, list, "listItem", &[]);
        write_blocks(txn, &el, item);
    }
}

/// Appends an element named `tag` with `attrs` to `parent`.
fn element<P: XmlFragment>(
    txn: &mut TransactionMut,
    parent: &P,
    tag: &str,
    attrs: &[(&str, Any)],
) -> XmlElementRef {
    let el = parent.push_back(txn, XmlElementPrelim::empty(tag));
    for (key, value) in attrs {
        el.insert_attribute(txn, *key, value.clone());
    }
    el
}

/// Writes inline content: each stretch of text becomes one `XmlText`, hard breaks elements.
fn write_inlines(txn: &mut TransactionMut, parent: &XmlElementRef, inlines: &[Inline]) {
    let mut text: Option<yrs::XmlTextRef> = None;
    for inline in inlines {
        match inline {
            Inline::Text(chunk, marks) => {
                let target =
                    text.get_or_insert_with(|| parent.push_back(txn, XmlTextPrelim::new("")));
                let end = target.len(txn);
                target.insert_with_attributes(txn, end, chunk, marks_to_attrs(marks));
            }
            Inline::HardBreak => {
                text = None;
                element(txn, parent, "hardBreak", &[]);
            }
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

/// Reads the blocks under `parent`.
pub fn read_blocks<T: ReadTxn, P: XmlFragment>(txn: &T, parent: &P) -> Vec<Block> {
    let mut blocks = Vec::new();
    for child in parent.children(txn) {
        match child {
            XmlOut::Element(el) => read_block(txn, &el, &mut blocks),
            // Text directly in a container is not in the schema; keep it as a paragraph.
            XmlOut::Text(text) => {
                let mut inlines = Vec::new();
                read_text(txn, &text, &mut inlines);
                blocks.push(Block::Paragraph(inlines));
            }
            XmlOut::Fragment(_) => {}
        }
    }
    blocks
}

fn read_block<T: ReadTxn>(txn: &T, el: &XmlElementRef, out: &mut Vec<Block>) {
    let block = match el.tag().as_ref() {
        "heading" => Block::Heading {
            level: attr_u64(txn, el, "level").unwrap_or(1).clamp(1, 6) as u8,
            content: read_inlines(txn, el),
        },
        "paragraph" => Block::Paragraph(read_inlines(txn, el)),
        "blockquote" => Block::Blockquote(read_blocks(txn, el)),
        "bulletList" => Block::BulletList(read_items(txn, el)),
        "orderedList" => Block::OrderedList {
            start: attr_u64(txn, el, "start").unwrap_or(1),
            items: read_items(txn, el),
        },
        "taskList" => Block::TaskList(
            child_elements(txn, el)
                .map(|item| TaskItem {
                    checked: matches!(
                        item.get_attribute(txn, "checked"),
                        Some(Out::Any(Any::Bool(true)))
                    ),
                    content: read_blocks(txn, &item),
                })
                .collect(),
        ),
        "table" => Block::Table(
            child_elements(txn, el)
                .map(|row| {
                    child_elements(txn, &row)
                        .map(|cell| Cell {
                            header: cell.tag().as_ref() == "tableHeader",
                            content: read_blocks(txn, &cell),
                        })
                        .collect()
                })
                .collect(),
        ),
        "codeBlock" => Block::CodeBlock {
            language: match el.get_attribute(txn, "language") {
                Some(Out::Any(Any::String(language))) => Some(language.to_string()),
                _ => None,
            },
            code: super::body::inline_text(&read_inlines(txn, el)),
        },
        "horizontalRule" => Block::HorizontalRule,
        _ => {
            // An unknown block: keep what it holds.
            let has_text = el.children(txn).any(|c| matches!(c, XmlOut::Text(_)));
            if has_text {
                Block::Paragraph(read_inlines(txn, el))
            } else {
                out.extend(read_blocks(txn, el));
                return;
            }
        }
    };
    out.push(block);
}

/// The items of a bullet or ordered list, each a list of blocks.
fn read_items<T: ReadTxn>(txn: &T, list: &XmlElementRef) -> Vec<Vec<Block>> {
    child_elements(txn, list)
        .map(|item| {
            let blocks = read_blocks(txn, &item);
            if blocks.is_empty() {
                vec![empty_paragraph()]
            } else {
                blocks
            }
        })
        .collect()
}

fn child_elements<'a, T: ReadTxn>(
    txn: &'a T,
    parent: &XmlElementRef,
) -> impl Iterator<Item = XmlElementRef> + 'a {
    parent.children(txn).filter_map(|child| match child {
        XmlOut::Element(el) => Some(el),
        _ => None,
    })
}

fn read_inlines<T: ReadTxn>(txn: &T, el: &XmlElementRef) -> Vec<Inline> {
    let mut inlines = Vec::new();
    for child in el.children(txn) {
        match child {
            XmlOut::Text(text) => read_text(txn, &text, &mut inlines),
            XmlOut::Element(inner) if inner.tag().as_ref() == "hardBreak" => {
                inlines.push(Inline::HardBreak)
            }
            _ => {}
        }
    }
    inlines
}

fn read_text<T: ReadTxn>(txn: &T, text: &yrs::XmlTextRef, inlines: &mut Vec<Inline>) {
    for chunk in text.diff(txn, YChange::identity) {
        if let Out::Any(Any::String(s)) = &chunk.insert {
            let marks = chunk
                .attributes
                .as_deref()
                .map(attrs_to_marks)
                .unwrap_or_default();
            push_text(inlines, s, &marks);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Doc, Transact};

    fn text(s: &str, marks: Marks) -> Inline {
        Inline::Text(s.into(), marks)
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
            },
            Block::Paragraph(vec![
                text("The ", Marks::default()),
                text("cache", bold),
                text(" fell over; see ", Marks::default()),
                text("the graph", link),
                Inline::HardBreak,
                text("next line", Marks::default()),
            ]),
            Block::TaskList(vec![TaskItem {
                checked: true,
                content: vec![Block::Paragraph(vec![text("page", Marks::default())])],
            }]),
            Block::OrderedList {
                start: 3,
                items: vec![vec![Block::Paragraph(vec![])]],
            },
            Block::Table(vec![vec![Cell {
                header: true,
                content: vec![Block::Paragraph(vec![text("Owner", Marks::default())])],
            }]]),
            Block::CodeBlock {
                language: Some("sql".into()),
                code: "select 1;\nselect 2;".into(),
            },
            Block::HorizontalRule,
        ]
    }

    fn write_to_doc(blocks: &[Block]) -> Doc {
        let doc = Doc::new();
        let body = doc.get_or_insert_xml_fragment(BODY);
        write_blocks(&mut doc.transact_mut(), &body, blocks);
        doc
    }

    #[test]
    fn body_reads_back_as_written() {
        let doc = write_to_doc(&sample());
        let body = doc.get_or_insert_xml_fragment(BODY);
        assert_eq!(read_blocks(&doc.transact(), &body), sample());
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
            read_blocks(&doc.transact(), &body),
            vec![Block::Paragraph(vec![text("kept", italic)])]
        );
    }
}
