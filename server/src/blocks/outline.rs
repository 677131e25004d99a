//! The document as a list of text blocks in order: what the action-item extractor reads.
//!
//! The extractor goes block by block, keeping state (the current section, the open list items,
//! the current table), so it wants the tree flattened: headings, paragraphs, list and task items
//! with their depth, table rows with their cells, quotes, code blocks and rules, each with its
//! plain text, its inline marks and where it came from. A list item's text is its leading
//! paragraphs (one line each) and its nested blocks follow it one level deeper; a table is a run
//! of [`EntryKind::TableRow`]s; everything inside a block quote is folded into one
//! [`EntryKind::Quote`].

use std::ops::Range;

use super::{Block, Inline, Marks, NodeAnchor, Source};

/// One text block of a document, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub kind: EntryKind,
    /// The block's plain text. Hard breaks and the paragraphs of a list item, cell or quote are
    /// kept as `\n`; the text of a table row is its cells joined by `" | "`.
    pub text: String,
    /// Inline formatting over byte ranges of `text`.
    pub marks: Vec<Mark>,
    /// Where the block is in its source.
    pub origin: Origin,
    /// The last Markdown source line the block spans, if it came from Markdown.
    pub last_line: Option<usize>,
}

/// What an entry is.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryKind {
    /// A heading, `level` 1 to 6.
    Heading {
        level: u8,
    },
    Paragraph,
    /// A bullet or numbered list item; `depth` 0 is a top-level list.
    ListItem {
        depth: usize,
        ordered: bool,
    },
    /// A checklist item; `depth` 0 is a top-level list.
    TaskItem {
        depth: usize,
        checked: bool,
    },
    /// One row of a table; `header` is true for the heading row.
    TableRow {
        header: bool,
        cells: Vec<CellText>,
    },
    /// Everything inside a block quote, one line per paragraph or item.
    Quote,
    /// A code block; its text is the code.
    CodeBlock,
    /// A thematic break.
    Rule,
}

/// The text of one table cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellText {
    pub text: String,
    pub marks: Vec<Mark>,
}

/// Inline formatting over a byte range of an entry's (or cell's) text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub range: Range<usize>,
    pub kind: MarkKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MarkKind {
    Bold,
    Italic,
    Code,
    Link { href: String },
}

/// Where an entry came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A Markdown source line, 1-based; a block spanning several lines has its first one.
    Line(usize),
    /// A node of a Yjs body.
    Node(NodeAnchor),
}

impl Origin {
    /// The Markdown line, if the entry came from Markdown.
    pub fn line(&self) -> Option<usize> {
        match self {
            Origin::Line(line) => Some(*line),
            Origin::Node(_) => None,
        }
    }

    /// The origin of a node read from `source`; nodes built in code have none.
    fn of(source: &Source) -> Option<Origin> {
        match source {
            Source::Markdown { line, .. } => Some(Origin::Line(*line)),
            Source::Node(anchor) => Some(Origin::Node(anchor.clone())),
            Source::Built | Source::MarkdownText(_) | Source::Text { .. } => None,
        }
    }
}

/// The entries of a tree, in document order. Blocks without text (but rules) are left out, and
/// so are blocks built in code, which have no origin.
pub fn outline(blocks: &[Block]) -> Vec<Entry> {
    let mut out = Vec::new();
    for block in blocks {
        entries(block, 0, &mut out);
    }
    out
}

/// Appends the entries of `block`, nested `depth` lists deep.
fn entries(block: &Block, depth: usize, out: &mut Vec<Entry>) {
    let mut emit = |kind: EntryKind, text: TextBuilder, source: &Source| {
        push_entry(kind, text, source, out);
    };
    match block {
        Block::Heading {
            level,
            content,
            source,
        } => emit(
            EntryKind::Heading { level: *level },
            TextBuilder::of(content),
            source,
        ),
        Block::Paragraph { content, source } => {
            emit(EntryKind::Paragraph, TextBuilder::of(content), source)
        }
        Block::Blockquote { content, source } => {
            let mut text = TextBuilder::default();
            text.fold(content);
            emit(EntryKind::Quote, text, source)
        }
        Block::CodeBlock { code, source, .. } => {
            let mut text = TextBuilder::default();
            text.push(code, &Marks::default());
            emit(EntryKind::CodeBlock, text, source)
        }
        Block::HorizontalRule { source } => emit(EntryKind::Rule, TextBuilder::default(), source),
        Block::BulletList(items) | Block::OrderedList { items, .. } => {
            let ordered = matches!(block, Block::OrderedList { .. });
            for item in items {
                let kind = EntryKind::ListItem { depth, ordered };
                item_entries(kind, &item.content, &item.source, depth, out);
            }
        }
        Block::TaskList(items) => {
            for item in items {
                let kind = EntryKind::TaskItem {
                    depth,
                    checked: item.checked,
                };
                item_entries(kind, &item.content, &item.source, depth, out);
            }
        }
        Block::Table(rows) => {
            for row in rows {
                let cells: Vec<CellText> = row
                    .cells
                    .iter()
                    .map(|cell| {
                        let mut text = TextBuilder::default();
                        text.fold(&cell.content);
                        let (text, marks) = text.trimmed();
                        CellText { text, marks }
                    })
                    .collect();
                let header = !cells.is_empty() && row.cells.iter().all(|cell| cell.header);
                if let Some(origin) = Origin::of(&row.source) {
                    let text = cells
                        .iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ");
                    out.push(Entry {
                        kind: EntryKind::TableRow { header, cells },
                        text,
                        marks: Vec::new(),
                        origin,
                        last_line: last_line(&row.source),
                    });
                }
            }
        }
    }
}

/// Appends the entry of `kind` with `text`, unless it has no origin or no text worth an entry.
fn push_entry(kind: EntryKind, text: TextBuilder, source: &Source, out: &mut Vec<Entry>) {
    if let (Some(origin), Some((text, marks))) = (Origin::of(source), text.finish(&kind)) {
        out.push(Entry {
            kind,
            text,
            marks,
            origin,
            last_line: last_line(source),
        });
    }
}

/// The last source line of a node read from Markdown.
fn last_line(source: &Source) -> Option<usize> {
    match source {
        Source::Markdown { last_line, .. } => Some(*last_line),
        _ => None,
    }
}

/// A list or task item: its leading paragraphs make its text, the blocks after them follow it.
fn item_entries(
    kind: EntryKind,
    content: &[Block],
    source: &Source,
    depth: usize,
    out: &mut Vec<Entry>,
) {
    let lead = content
        .iter()
        .take_while(|b| matches!(b, Block::Paragraph { .. }))
        .count();
    let mut text = TextBuilder::default();
    for block in &content[..lead] {
        if let Block::Paragraph { content, .. } = block {
            text.line_break();
            text.inlines(content);
        }
    }
    push_entry(kind, text, source, out);
    for block in &content[lead..] {
        entries(block, depth + 1, out);
    }
}

/// Builds a text and its marks from runs of text that carry a set of marks each. Adjacent runs
/// with the same mark are merged into one [`Mark`].
#[derive(Debug, Default)]
struct TextBuilder {
    text: String,
    marks: Vec<Mark>,
}

impl TextBuilder {
    fn of(inlines: &[Inline]) -> TextBuilder {
        let mut text = TextBuilder::default();
        text.inlines(inlines);
        text
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text { text, marks, .. } => self.push(text, marks),
                Inline::HardBreak => self.line_break(),
            }
        }
    }

    /// All text under `blocks`, each text block on a line of its own.
    fn fold(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                    self.line_break();
                    self.inlines(content);
                }
                Block::CodeBlock { code, .. } => {
                    self.line_break();
                    self.push(code, &Marks::default());
                }
                Block::Blockquote { content, .. } => self.fold(content),
                Block::BulletList(items) | Block::OrderedList { items, .. } => {
                    items.iter().for_each(|item| self.fold(&item.content))
                }
                Block::TaskList(items) => items.iter().for_each(|item| self.fold(&item.content)),
                Block::Table(rows) => rows
                    .iter()
                    .flat_map(|row| &row.cells)
                    .for_each(|cell| self.fold(&cell.content)),
                Block::HorizontalRule { .. } => {}
            }
        }
    }

    /// Appends `run`, formatted with `marks`.
    fn push(&mut self, run: &str, marks: &Marks) {
        if run.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(run);
        let end = self.text.len();
        for kind in mark_kinds(marks) {
            match self
                .marks
                .iter_mut()
                .rev()
                .find(|m| m.range.end == start && m.kind == kind)
            {
                Some(mark) => mark.range.end = end,
                None => self.marks.push(Mark {
                    range: start..end,
                    kind,
                }),
            }
        }
    }

    /// Starts a new line unless the text is empty or already ends with one.
    fn line_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// The text (trailing whitespace removed) and its marks, clamped to it.
    fn trimmed(mut self) -> (String, Vec<Mark>) {
        let keep = self.text.trim_end().len();
        self.text.truncate(keep);
        self.marks.retain_mut(|m| {
            m.range.end = m.range.end.min(keep);
            m.range.start < m.range.end
        });
        (self.text, self.marks)
    }

    /// The text of an entry of `kind`, unless there is none (rules have none and are kept).
    fn finish(self, kind: &EntryKind) -> Option<(String, Vec<Mark>)> {
        if self.text.trim().is_empty() && *kind != EntryKind::Rule {
            return None;
        }
        Some(self.trimmed())
    }
}

/// The marks an entry keeps of a run's marks (strikethrough is not one).
fn mark_kinds(marks: &Marks) -> Vec<MarkKind> {
    let mut kinds = Vec::new();
    if marks.bold {
        kinds.push(MarkKind::Bold);
    }
    if marks.italic {
        kinds.push(MarkKind::Italic);
    }
    if marks.code {
        kinds.push(MarkKind::Code);
    }
    if let Some(link) = &marks.link {
        kinds.push(MarkKind::Link {
            href: link.href.clone(),
        });
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::markdown;

    fn kinds(md: &str) -> Vec<(EntryKind, String, usize)> {
        outline(&markdown::read(md).unwrap().blocks)
            .into_iter()
            .map(|e| (e.kind, e.text, e.origin.line().unwrap()))
            .collect()
    }

    #[test]
    fn headings_paragraphs_lists_and_rules() {
        let md = "# Title\n\nFirst line\nsecond line\n\n- one\n  - one.a\n- [x] done\n\n---\n";
        let list = |depth| EntryKind::ListItem {
            depth,
            ordered: false,
        };
        assert_eq!(
            kinds(md),
            vec![
                (EntryKind::Heading { level: 1 }, "Title".into(), 1),
                (EntryKind::Paragraph, "First line second line".into(), 3),
                (list(0), "one".into(), 6),
                (list(1), "one.a".into(), 7),
                (
                    EntryKind::TaskItem {
                        depth: 0,
                        checked: true
                    },
                    "done".into(),
                    8
                ),
                (EntryKind::Rule, String::new(), 10),
            ]
        );
    }

    #[test]
    fn loose_items_join_their_paragraphs_and_quotes_fold() {
        let md = "- **Title**: first\n\n  more text\n\n- next\n\n> quoted\n> - item\n";
        let entries = outline(&markdown::read(md).unwrap().blocks);
        assert_eq!(entries[0].text, "Title: first\nmore text");
        assert_eq!(
            entries[0].marks,
            vec![Mark {
                range: 0..5,
                kind: MarkKind::Bold
            }]
        );
        assert_eq!(entries[1].text, "next");
        assert_eq!(entries[1].origin, Origin::Line(5));
        assert_eq!(
            (&entries[2].kind, entries[2].text.as_str()),
            (&EntryKind::Quote, "quoted\nitem")
        );
    }

    #[test]
    fn tables_become_rows_with_cells() {
        let entries = outline(
            &markdown::read("| Action | Owner |\n|---|---|\n| Fix `it` | @kim |\n")
                .unwrap()
                .blocks,
        );
        let EntryKind::TableRow { header, cells } = &entries[0].kind else {
            panic!("not a row: {:?}", entries[0]);
        };
        assert!(header);
        assert_eq!(cells.len(), 2);
        assert_eq!(entries[1].text, "Fix it | @kim");
        assert_eq!(entries[1].origin, Origin::Line(3));
        let EntryKind::TableRow { header, cells } = &entries[1].kind else {
            panic!("not a row");
        };
        assert!(!header);
        assert_eq!(cells[0].marks[0].kind, MarkKind::Code);
    }
}
