//! The document model: one tree of blocks for a postmortem's body, whatever it was read from.
//!
//! A postmortem lives as Markdown (files, import, export) and as the live Yjs body people type
//! in. Every reader of a document (the blame linter, the action-item extractor, export, the
//! tracker's write-back) must see the same thing in both, or the offline CLI and the live server
//! disagree. So each format has exactly one reader and one writer, and everything else derives
//! from the tree they meet in:
//!
//! - [`markdown`] reads Markdown into blocks and writes blocks as Markdown;
//! - [`yjs`] reads the live body into blocks and writes blocks into a body;
//! - [`prose`] derives the paragraphs the blame rules check, each mapped back to its source;
//! - [`outline`] derives the list of text blocks the action-item extractor reads.
//!
//! The tree is the shape of the web editor's ProseMirror document (Tiptap's node and mark names).
//! Inline content is kept *normalised*: adjacent text with the same marks is one run and empty
//! runs do not exist, so two bodies with the same content compare equal however they were built.
//! Every node and run carries its [`Source`]: where in the Markdown text, or which Yjs node or
//! text, it was read from. A source is not content, so it never makes two trees unequal.

pub mod markdown;
pub mod outline;
pub mod prose;
pub mod yjs;

use std::fmt;
use std::ops::Range;

pub use outline::{Mark, MarkKind, Origin};
pub use yjs::NodeAnchor;

/// One block-level node.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `heading`, `level` 1–6.
    Heading {
        level: u8,
        content: Vec<Inline>,
        source: Source,
    },
    /// `paragraph`.
    Paragraph {
        content: Vec<Inline>,
        source: Source,
    },
    /// `blockquote`.
    Blockquote { content: Vec<Block>, source: Source },
    /// `bulletList` of `listItem`s.
    BulletList(Vec<ListItem>),
    /// `orderedList` (attribute `start`) of `listItem`s.
    OrderedList { start: u64, items: Vec<ListItem> },
    /// `taskList` of `taskItem`s.
    TaskList(Vec<TaskItem>),
    /// `table` of `tableRow`s.
    Table(Vec<Row>),
    /// `codeBlock` (attribute `language`), plain text.
    CodeBlock {
        language: Option<String>,
        code: String,
        source: Source,
    },
    /// `horizontalRule`.
    HorizontalRule { source: Source },
}

/// A `listItem`: its blocks (the first a paragraph).
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub content: Vec<Block>,
    pub source: Source,
}

/// A `taskItem`: a checkbox and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskItem {
    pub checked: bool,
    pub content: Vec<Block>,
    pub source: Source,
}

/// A `tableRow`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub source: Source,
}

/// A `tableHeader` (when `header`) or `tableCell`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub header: bool,
    pub content: Vec<Block>,
}

/// Inline content: a run of text with marks, or a `hardBreak`.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text {
        text: String,
        marks: Marks,
        source: Source,
    },
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

/// Where a node or a run of text was read from.
#[derive(Clone, Default)]
pub enum Source {
    /// Built in code (the template), not read.
    #[default]
    Built,
    /// A node read from Markdown: a byte range of the text, on lines `line` to `last_line`
    /// (1-based).
    Markdown {
        range: Range<usize>,
        line: usize,
        last_line: usize,
    },
    /// A run of text read from Markdown, piece by piece.
    MarkdownText(Vec<Piece>),
    /// A Yjs element of the body.
    Node(NodeAnchor),
    /// A run of a Yjs `XmlText`, starting at UTF-16 offset `utf16` of it. The reference is into
    /// the document the tree was read from: resolve it only while that document is alive.
    Text { text: yrs::XmlTextRef, utf16: u32 },
}

/// Where a piece of a run's text is in the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset of the piece in the run.
    pub at: usize,
    /// Byte range in the Markdown text.
    pub range: Range<usize>,
    /// Whether the piece is that range verbatim, so offsets inside map one to one; if not
    /// (escapes, entities, soft breaks) an offset inside maps into the range, clamped to its end.
    pub exact: bool,
}

/// A source is where content was found, not content: it never makes two values unequal.
impl PartialEq for Source {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Built => f.write_str("Built"),
            Source::Markdown {
                range,
                line,
                last_line,
            } => write!(f, "Markdown({line}-{last_line}: {range:?})"),
            Source::MarkdownText(pieces) => write!(f, "MarkdownText({pieces:?})"),
            Source::Node(anchor) => write!(f, "Node({:?})", anchor.path),
            // The text reference is not followed: its document may be gone.
            Source::Text { utf16, .. } => write!(f, "Text(@{utf16})"),
        }
    }
}

impl Block {
    /// An empty paragraph: what the schema requires where a container would otherwise be empty.
    pub fn empty_paragraph() -> Block {
        Block::Paragraph {
            content: Vec::new(),
            source: Source::Built,
        }
    }
}

impl Inline {
    /// A run of `text` with `marks`, read from nowhere in particular.
    pub fn text(text: &str, marks: Marks) -> Inline {
        Inline::Text {
            text: text.to_owned(),
            marks,
            source: Source::Built,
        }
    }
}

/// Appends text read from `source` to inline content, merging it into the previous run when the
/// marks agree. Markdown pieces join the merged run's pieces; two Yjs runs stay apart, as each
/// keeps its own text.
pub fn push_text(inlines: &mut Vec<Inline>, text: &str, marks: &Marks, source: Source) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text {
        text: last,
        marks: last_marks,
        source: last_source,
    }) = inlines.last_mut()
    {
        if last_marks == marks && !matches!((&*last_source, &source), (Source::Text { .. }, _)) {
            if let (Source::MarkdownText(pieces), Source::MarkdownText(more)) =
                (&mut *last_source, source)
            {
                let shift = last.len();
                pieces.extend(more.into_iter().map(|p| Piece {
                    at: p.at + shift,
                    ..p
                }));
            }
            last.push_str(text);
            return;
        }
    }
    inlines.push(Inline::Text {
        text: text.to_owned(),
        marks: marks.clone(),
        source,
    });
}

/// The text of inline content, hard breaks as newlines.
pub fn inline_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text { text, .. } => text.as_str(),
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
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                out.push_str(&inline_text(content));
                out.push('\n');
            }
            Block::CodeBlock { code, .. } => {
                out.push_str(code);
                out.push('\n');
            }
            Block::Blockquote { content, .. } => collect_text(content, out),
            Block::BulletList(items) | Block::OrderedList { items, .. } => items
                .iter()
                .for_each(|item| collect_text(&item.content, out)),
            Block::TaskList(items) => items
                .iter()
                .for_each(|item| collect_text(&item.content, out)),
            Block::Table(rows) => rows
                .iter()
                .flat_map(|row| &row.cells)
                .for_each(|cell| collect_text(&cell.content, out)),
            Block::HorizontalRule { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(range: Range<usize>) -> Source {
        Source::MarkdownText(vec![Piece {
            at: 0,
            range,
            exact: true,
        }])
    }

    #[test]
    fn adjacent_runs_with_the_same_marks_merge() {
        let bold = Marks {
            bold: true,
            ..Marks::default()
        };
        let mut inlines = Vec::new();
        push_text(&mut inlines, "a", &bold, source(0..1));
        push_text(&mut inlines, "", &Marks::default(), source(1..1));
        push_text(&mut inlines, "b", &bold, source(1..2));
        push_text(&mut inlines, "c", &Marks::default(), source(2..3));
        assert_eq!(
            inlines,
            vec![
                Inline::text("ab", bold),
                Inline::text("c", Marks::default())
            ]
        );
        let Inline::Text {
            source: Source::MarkdownText(pieces),
            ..
        } = &inlines[0]
        else {
            panic!("{inlines:?}")
        };
        let starts: Vec<(usize, usize)> = pieces.iter().map(|p| (p.at, p.range.start)).collect();
        assert_eq!(starts, [(0, 0), (1, 1)]);
    }

    #[test]
    fn crossing_emphasis_reads_back_as_written() {
        // Italic, then bold and italic, then bold: the writer closes the italic inside the bold
        // and reopens the bold, which must not become one run of `*` (found by the import fuzz
        // target).
        let marks = |bold, italic| Marks {
            bold,
            italic,
            ..Marks::default()
        };
        let content = vec![
            Inline::text("a ", Marks::default()),
            Inline::text("w", marks(false, true)),
            Inline::text("x", marks(true, true)),
            Inline::text("yz", marks(true, false)),
            Inline::text(" b", Marks::default()),
        ];
        let written = markdown::write(&[Block::Paragraph {
            content: content.clone(),
            source: Source::Built,
        }]);
        let read = markdown::read(&written).unwrap();
        assert_eq!(plain_text(&read.blocks).trim(), "a wxyz b");
        let Block::Paragraph { content: back, .. } = &read.blocks[0] else {
            panic!("{written}: {read:?}")
        };
        let emphasis = |inlines: &[Inline]| -> Vec<(String, bool, bool)> {
            inlines
                .iter()
                .filter_map(|i| match i {
                    Inline::Text { text, marks, .. } => {
                        Some((text.clone(), marks.bold, marks.italic))
                    }
                    _ => None,
                })
                .collect()
        };
        assert_eq!(emphasis(back), emphasis(&content), "written as {written:?}");
    }

    #[test]
    fn emphasis_beside_punctuation_reads_back_as_written() {
        // CommonMark opens a delimiter run followed by punctuation only after a space or
        // punctuation, and closes one that follows punctuation only before them (found by the
        // import fuzz target with U+FFFD, which counts as punctuation): where delimiters cannot
        // say it, the writer uses HTML tags. Every sequence of three runs, each a word,
        // punctuation and a symbol, a star or a pipe, bold, italic and struck through or not, in
        // a paragraph and in a table cell (where GFM reads escaped pipes before emphasis).
        let texts = ["a", "\u{fffd}]", "*", "|"];
        let marks = |n: usize| Marks {
            bold: n & 1 != 0,
            italic: n & 2 != 0,
            strike: n & 4 != 0,
            ..Marks::default()
        };
        let chars = |inlines: &[Inline]| -> Vec<(char, bool, bool, bool)> {
            inlines
                .iter()
                .flat_map(|inline| match inline {
                    Inline::Text { text, marks, .. } => text
                        .chars()
                        .map(|c| (c, marks.bold, marks.italic, marks.strike))
                        .collect(),
                    _ => Vec::new(),
                })
                .collect()
        };
        let kinds = texts.len() * 8;
        for n in 0..kinds.pow(3) {
            let content: Vec<Inline> = [n % kinds, n / kinds % kinds, n / kinds / kinds]
                .iter()
                .map(|&run| Inline::text(texts[run % texts.len()], marks(run / texts.len())))
                .collect();
            let paragraph = Block::Paragraph {
                content: content.clone(),
                source: Source::Built,
            };
            let table = Block::Table(vec![Row {
                cells: vec![Cell {
                    header: true,
                    content: vec![paragraph.clone()],
                }],
                source: Source::Built,
            }]);
            for block in [paragraph, table] {
                let written = markdown::write(&[block]);
                let read = markdown::read(&written).unwrap();
                let back = match read.blocks.first() {
                    Some(Block::Paragraph { content, .. }) => content,
                    Some(Block::Table(rows)) => match rows[0].cells[0].content.first() {
                        Some(Block::Paragraph { content, .. }) => content,
                        _ => panic!("{written}: {read:?}"),
                    },
                    _ => panic!("{written}: {read:?}"),
                };
                assert_eq!(chars(back), chars(&content), "written as {written:?}");
            }
        }
        // Where delimiters can say it, they do.
        let content = [
            Inline::text("a", marks(1)),
            Inline::text("b", marks(3)),
            Inline::text(" (c)", marks(0)),
        ];
        let written = markdown::write(&[Block::Paragraph {
            content: content.to_vec(),
            source: Source::Built,
        }]);
        assert_eq!(written, "**a*b*** (c)");
    }

    #[test]
    fn a_bang_before_a_link_stays_text() {
        // Found by the import fuzz target: `!` then `[text](href)` reads as an image.
        let link = Marks {
            link: Some(Link {
                href: "i.png".into(),
                title: None,
            }),
            ..Marks::default()
        };
        let content = vec![
            Inline::text("Look!", Marks::default()),
            Inline::text("here", link),
        ];
        let written = markdown::write(&[Block::Paragraph {
            content: content.clone(),
            source: Source::Built,
        }]);
        assert_eq!(written, "Look\\![here](i.png)");
        let read = markdown::read(&written).unwrap();
        let Some(Block::Paragraph { content: back, .. }) = read.blocks.first() else {
            panic!("{read:?}")
        };
        assert_eq!(back.len(), 2, "{back:?}");
        assert!(matches!(&back[0], Inline::Text { text, .. } if text == "Look!"));
    }

    /// A paragraph of plain `text`, built.
    fn paragraph(text: &str) -> Block {
        Block::Paragraph {
            content: vec![Inline::text(text, Marks::default())],
            source: Source::Built,
        }
    }

    /// A list item of `content`, built.
    fn item(content: Vec<Block>) -> ListItem {
        ListItem {
            content,
            source: Source::Built,
        }
    }

    #[test]
    fn a_list_after_a_paragraph_in_an_item_reads_back() {
        // Found by the import fuzz target: in an item, `-` (an empty item) on the line after a
        // paragraph underlines it into a heading. A list starting at 3 would continue it.
        for nested in [
            Block::BulletList(vec![item(vec![Block::empty_paragraph()])]),
            Block::BulletList(vec![item(vec![paragraph("b")])]),
            Block::OrderedList {
                start: 3,
                items: vec![item(vec![paragraph("c")])],
            },
            Block::OrderedList {
                start: 1,
                items: vec![item(vec![paragraph("d")])],
            },
        ] {
            let blocks = vec![Block::BulletList(vec![item(vec![paragraph("a"), nested])])];
            let written = markdown::write(&blocks);
            let read = markdown::read(&written).unwrap();
            assert_eq!(read.blocks, blocks, "written as {written:?}");
        }
    }

    #[test]
    fn a_task_item_opening_with_another_block_reads_back() {
        // Found by the import fuzz target: a task item whose paragraph is empty and whose next
        // block is a code block was written `- [ ] ```, the fence read as the item's text.
        for second in [
            Block::CodeBlock {
                language: None,
                code: "e".into(),
                source: Source::Built,
            },
            Block::BulletList(vec![item(vec![paragraph("b")])]),
            Block::OrderedList {
                start: 1,
                items: vec![item(vec![paragraph("c")])],
            },
            Block::Heading {
                level: 2,
                content: vec![Inline::text("h", Marks::default())],
                source: Source::Built,
            },
            Block::Blockquote {
                content: vec![paragraph("q")],
                source: Source::Built,
            },
            Block::HorizontalRule {
                source: Source::Built,
            },
        ] {
            let blocks = vec![Block::TaskList(vec![TaskItem {
                checked: true,
                content: vec![Block::empty_paragraph(), second],
                source: Source::Built,
            }])];
            let written = markdown::write(&blocks);
            let read = markdown::read(&written).unwrap();
            assert_eq!(read.blocks, blocks, "written as {written:?}");
        }
    }

    #[test]
    fn html_emphasis_tags_read_as_marks() {
        let read =
            markdown::read("<em>a</em> <STRONG>b</STRONG> <del>c</del> <s><b>d</b></s> <u>e</u>")
                .unwrap();
        let Some(Block::Paragraph { content, .. }) = read.blocks.first() else {
            panic!("{read:?}")
        };
        let marked: Vec<(String, bool, bool, bool)> = content
            .iter()
            .filter_map(|inline| match inline {
                Inline::Text { text, marks, .. } => {
                    Some((text.clone(), marks.bold, marks.italic, marks.strike))
                }
                Inline::HardBreak => None,
            })
            .collect();
        let run = |text: &str, bold, italic, strike| (text.to_owned(), bold, italic, strike);
        assert_eq!(
            marked,
            [
                run("a", false, true, false),
                run(" ", false, false, false),
                run("b", true, false, false),
                run(" ", false, false, false),
                run("c", false, false, true),
                run(" ", false, false, false),
                run("d", true, false, true),
                run(" <u>e</u>", false, false, false),
            ]
        );
    }

    #[test]
    fn plain_text_walks_every_container() {
        let para = |s: &str| Block::Paragraph {
            content: vec![Inline::text(s, Marks::default())],
            source: Source::Built,
        };
        let body = vec![
            Block::Heading {
                level: 2,
                content: vec![Inline::text("Impact", Marks::default())],
                source: Source::Built,
            },
            Block::TaskList(vec![TaskItem {
                checked: false,
                content: vec![para("add alert")],
                source: Source::Built,
            }]),
            Block::Table(vec![Row {
                cells: vec![Cell {
                    header: true,
                    content: vec![para("cell")],
                }],
                source: Source::Built,
            }]),
            Block::Blockquote {
                content: vec![Block::CodeBlock {
                    language: None,
                    code: "x = 1".into(),
                    source: Source::Built,
                }],
                source: Source::Built,
            },
        ];
        assert_eq!(plain_text(&body), "Impact\nadd alert\ncell\nx = 1\n");
    }
}
