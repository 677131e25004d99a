//! A small block model of a postmortem, shared by every reader of documents.
//!
//! Hooks (action items, blameful language) must give the same answer for a Markdown file on disk
//! (`debrief actions FILE`) and for the live Yjs document people are typing in. Rather than
//! teaching each hook two formats, both are flattened into one list of [`Block`]s in document
//! order: headings, paragraphs, list and task items, table rows, quotes, code blocks and rules,
//! each with its plain text, its inline marks (bold, italic, code, links) and where it came from.
//! [`markdown`] and [`yjs`] are the two adapters.
//!
//! The list is flat on purpose: a list item's nested list follows it as items one level deeper,
//! a table is a run of [`BlockKind::TableRow`]s, and the content of a block quote is folded into a
//! single [`BlockKind::Quote`].

pub mod markdown;
pub mod yjs;

use std::ops::Range;

/// One block of a document, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's plain text. Line breaks (soft breaks in Markdown, hard breaks in both) are
    /// kept as `\n`; the text of a table row is its cells joined by `" | "`.
    pub text: String,
    /// Inline formatting over byte ranges of `text`.
    pub marks: Vec<Mark>,
    /// Where the block is in its source.
    pub origin: Origin,
}

/// What a block is.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
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
    /// A checklist item (`- [ ]` / Tiptap `taskItem`); `depth` 0 is a top-level list.
    TaskItem {
        depth: usize,
        checked: bool,
    },
    /// One row of a table; `header` is true for the heading row.
    TableRow {
        header: bool,
        cells: Vec<Cell>,
    },
    /// Everything inside a block quote, one line per paragraph or item.
    Quote,
    /// A fenced or indented code block; its text is the code.
    CodeBlock,
    /// A thematic break (`---`, Tiptap `horizontalRule`).
    Rule,
}

/// The content of one table cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    pub marks: Vec<Mark>,
}

/// Inline formatting over a byte range of a block's (or cell's) text.
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

/// Where a block came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A Markdown source line, 1-based; a block spanning several lines has its first one.
    Line(usize),
    /// A node of a Yjs body.
    Node(yjs::NodeAnchor),
}

impl Origin {
    /// The Markdown line, if the block came from Markdown.
    pub fn line(&self) -> Option<usize> {
        match self {
            Origin::Line(line) => Some(*line),
            Origin::Node(_) => None,
        }
    }
}

/// Builds a text and its marks from runs of text that carry a set of marks each. Adjacent runs
/// with the same mark are merged into one [`Mark`].
#[derive(Debug, Default)]
pub(crate) struct InlineBuilder {
    text: String,
    marks: Vec<Mark>,
}

impl InlineBuilder {
    /// Appends `run`, formatted with `active` marks.
    pub(crate) fn push(&mut self, run: &str, active: &[MarkKind]) {
        if run.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(run);
        let end = self.text.len();
        for kind in active {
            match self
                .marks
                .iter_mut()
                .find(|m| m.range.end == start && &m.kind == kind)
            {
                Some(mark) => mark.range.end = end,
                None => self.marks.push(Mark {
                    range: start..end,
                    kind: kind.clone(),
                }),
            }
        }
    }

    /// Starts a new line unless the text is empty or already ends with one.
    pub(crate) fn line_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The text (trailing whitespace removed) and its marks, clamped to it.
    pub(crate) fn finish(mut self) -> (String, Vec<Mark>) {
        let keep = self.text.trim_end().len();
        self.text.truncate(keep);
        self.marks.retain_mut(|m| {
            m.range.end = m.range.end.min(keep);
            m.range.start < m.range.end
        });
        (self.text, self.marks)
    }

    /// The block of `kind` made of this text, unless there is no text (rules have none).
    pub(crate) fn into_block(self, kind: BlockKind, origin: Origin) -> Option<Block> {
        if self.is_empty() && kind != BlockKind::Rule {
            return None;
        }
        let (text, marks) = self.finish();
        Some(Block {
            kind,
            text,
            marks,
            origin,
        })
    }

    pub(crate) fn into_cell(self) -> Cell {
        let (text, marks) = self.finish();
        Cell { text, marks }
    }
}

/// The text of a table row made of `cells`, as stored in [`Block::text`].
pub(crate) fn row_text(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_merges_adjacent_runs_of_the_same_mark() {
        let mut b = InlineBuilder::default();
        b.push("Fix ", &[]);
        b.push("the ", &[MarkKind::Bold]);
        b.push("pool", &[MarkKind::Bold, MarkKind::Code]);
        b.push(" now  ", &[]);
        let (text, marks) = b.finish();
        assert_eq!(text, "Fix the pool now");
        assert_eq!(
            marks,
            vec![
                Mark {
                    range: 4..12,
                    kind: MarkKind::Bold
                },
                Mark {
                    range: 8..12,
                    kind: MarkKind::Code
                },
            ]
        );
    }

    #[test]
    fn builder_line_breaks_do_not_stack() {
        let mut b = InlineBuilder::default();
        b.line_break();
        b.push("one", &[]);
        b.line_break();
        b.line_break();
        b.push("two", &[]);
        assert_eq!(b.finish().0, "one\ntwo");
    }
}
