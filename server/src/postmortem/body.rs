//! The body of a postmortem as a plain tree of blocks.
//!
//! This is the shape of the web editor's ProseMirror document (Tiptap's node and mark names), kept
//! independent of both Yjs and Markdown so the Markdown reader and writer, the Yjs mapping and the
//! template meet in one small, comparable value. Inline content is kept *normalised* — adjacent
//! text with the same marks is one run, empty runs do not exist — so two bodies with the same
//! content compare equal however they were built.

/// One block-level node.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `heading`, `level` 1–6.
    Heading { level: u8, content: Vec<Inline> },
    /// `paragraph`.
    Paragraph(Vec<Inline>),
    /// `blockquote`.
    Blockquote(Vec<Block>),
    /// `bulletList` of `listItem`s.
    BulletList(Vec<Vec<Block>>),
    /// `orderedList` (attribute `start`) of `listItem`s.
    OrderedList { start: u64, items: Vec<Vec<Block>> },
    /// `taskList` of `taskItem`s.
    TaskList(Vec<TaskItem>),
    /// `table` of `tableRow`s.
    Table(Vec<Vec<Cell>>),
    /// `codeBlock` (attribute `language`), plain text.
    CodeBlock {
        language: Option<String>,
        code: String,
    },
    /// `horizontalRule`.
    HorizontalRule,
}

/// A `taskItem`: a checkbox and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskItem {
    pub checked: bool,
    pub content: Vec<Block>,
}

/// A `tableHeader` (when `header`) or `tableCell`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub header: bool,
    pub content: Vec<Block>,
}

/// Inline content: text with marks, or a `hardBreak`.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String, Marks),
    HardBreak,
}

/// The marks on a run of text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    pub link: Option<Link>,
}

/// A `link` mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub title: Option<String>,
}

/// Appends text to inline content, merging it into the previous run when the marks agree.
pub fn push_text(inlines: &mut Vec<Inline>, text: &str, marks: &Marks) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(last, last_marks)) = inlines.last_mut() {
        if last_marks == marks {
            last.push_str(text);
            return;
        }
    }
    inlines.push(Inline::Text(text.to_owned(), marks.clone()));
}

/// An empty paragraph: what the schema requires where a container would otherwise be empty.
pub fn empty_paragraph() -> Block {
    Block::Paragraph(Vec::new())
}

/// The text of inline content, hard breaks as newlines.
pub fn inline_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(text, _) => text.as_str(),
            Inline::HardBreak => "\n",
        })
        .collect()
}

/// The plain text of a body, one line per text block: what search looks through.
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    collect_text(blocks, &mut out);
    out
}

fn collect_text(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                out.push_str(&inline_text(content));
                out.push('\n');
            }
            Block::CodeBlock { code, .. } => {
                out.push_str(code);
                out.push('\n');
            }
            Block::Blockquote(children) => collect_text(children, out),
            Block::BulletList(items) | Block::OrderedList { items, .. } => {
                items.iter().for_each(|item| collect_text(item, out))
            }
            Block::TaskList(items) => items
                .iter()
                .for_each(|item| collect_text(&item.content, out)),
            Block::Table(rows) => rows
                .iter()
                .flatten()
                .for_each(|cell| collect_text(&cell.content, out)),
            Block::HorizontalRule => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_runs_with_the_same_marks_merge() {
        let bold = Marks {
            bold: true,
            ..Marks::default()
        };
        let mut inlines = Vec::new();
        push_text(&mut inlines, "a", &bold);
        push_text(&mut inlines, "", &Marks::default());
        push_text(&mut inlines, "b", &bold);
        push_text(&mut inlines, "c", &Marks::default());
        assert_eq!(
            inlines,
            vec![
                Inline::Text("ab".into(), bold),
                Inline::Text("c".into(), Marks::default())
            ]
        );
    }

    #[test]
    fn plain_text_walks_every_container() {
        let text = |s: &str| vec![Inline::Text(s.into(), Marks::default())];
        let body = vec![
            Block::Heading {
                level: 2,
                content: text("Impact"),
            },
            Block::TaskList(vec![TaskItem {
                checked: false,
                content: vec![Block::Paragraph(text("add alert"))],
            }]),
            Block::Table(vec![vec![Cell {
                header: true,
                content: vec![Block::Paragraph(text("cell"))],
            }]]),
            Block::Blockquote(vec![Block::CodeBlock {
                language: None,
                code: "x = 1".into(),
            }]),
        ];
        assert_eq!(plain_text(&body), "Impact\nadd alert\ncell\nx = 1\n");
    }
}
