//! Markdown to blocks, with `pulldown-cmark` (GitHub tables, task lists and strikethrough on).
//!
//! Each block keeps the 1-based source line it starts on, so that findings can point at the file.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{row_text, Block, BlockKind, Cell, InlineBuilder, MarkKind, Origin};

/// Reads `source` as Markdown into blocks, in document order.
pub fn parse(source: &str) -> Vec<Block> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut reader = Reader::new(source);
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        let line = reader.line_of(range.start);
        reader.event(event, line);
    }
    reader.blocks
}

/// A list item being read: its text up to a nested block, which ends it early.
struct ItemFrame {
    depth: usize,
    ordered: bool,
    checked: Option<bool>,
    line: usize,
    inline: InlineBuilder,
    emitted: bool,
}

/// A heading, paragraph or code block being read.
struct Leaf {
    kind: BlockKind,
    line: usize,
    inline: InlineBuilder,
}

struct Row {
    header: bool,
    line: usize,
    cells: Vec<Cell>,
}

struct Reader {
    line_starts: Vec<usize>,
    blocks: Vec<Block>,
    lists: Vec<bool>,
    items: Vec<ItemFrame>,
    quote_depth: usize,
    quote: Option<Leaf>,
    leaf: Option<Leaf>,
    row: Option<Row>,
    cell: Option<InlineBuilder>,
    marks: Vec<MarkKind>,
}

impl Reader {
    fn new(source: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Reader {
            line_starts,
            blocks: Vec::new(),
            lists: Vec::new(),
            items: Vec::new(),
            quote_depth: 0,
            quote: None,
            leaf: None,
            row: None,
            cell: None,
            marks: Vec::new(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// Where inline content goes right now.
    fn target(&mut self) -> Option<&mut InlineBuilder> {
        if let Some(cell) = self.cell.as_mut() {
            Some(cell)
        } else if let Some(quote) = self.quote.as_mut() {
            Some(&mut quote.inline)
        } else if let Some(leaf) = self.leaf.as_mut() {
            Some(&mut leaf.inline)
        } else {
            self.items
                .last_mut()
                .filter(|item| !item.emitted)
                .map(|item| &mut item.inline)
        }
    }

    fn push(&mut self, text: &str, extra: Option<MarkKind>) {
        let mut active = self.marks.clone();
        active.extend(extra);
        if let Some(target) = self.target() {
            target.push(text, &active);
        }
    }

    fn emit(&mut self, kind: BlockKind, line: usize, inline: InlineBuilder) {
        self.blocks
            .extend(inline.into_block(kind, Origin::Line(line)));
    }

    /// Emits the innermost list item now, before a nested block that follows it.
    fn flush_item(&mut self) {
        let Some(item) = self.items.last_mut().filter(|item| !item.emitted) else {
            return;
        };
        item.emitted = true;
        let inline = std::mem::take(&mut item.inline);
        let (kind, line) = (item_kind(item), item.line);
        self.emit(kind, line, inline);
    }

    fn start_leaf(&mut self, kind: BlockKind, line: usize) {
        self.leaf = Some(Leaf {
            kind,
            line,
            inline: InlineBuilder::default(),
        });
    }

    fn end_leaf(&mut self) {
        if let Some(leaf) = self.leaf.take() {
            self.emit(leaf.kind, leaf.line, leaf.inline);
        }
    }

    fn event(&mut self, event: Event<'_>, line: usize) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.push(&text, None),
            Event::Code(code) => self.push(&code, Some(MarkKind::Code)),
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            Event::InlineHtml(html) if is_line_break_tag(&html) => self.line_break(),
            Event::TaskListMarker(checked) if self.quote.is_none() => {
                if let Some(item) = self.items.last_mut() {
                    item.checked = Some(checked);
                }
            }
            Event::Rule if self.quote.is_none() => {
                self.flush_item();
                self.emit(BlockKind::Rule, line, InlineBuilder::default());
            }
            _ => {}
        }
    }

    fn line_break(&mut self) {
        if let Some(target) = self.target() {
            target.line_break();
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: usize) {
        if self.quote.is_some() {
            match tag {
                Tag::BlockQuote(_) => self.quote_depth += 1,
                Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::CodeBlock(_) => {
                    self.line_break()
                }
                _ => self.start_inline(tag),
            }
            return;
        }
        match tag {
            Tag::Heading { level, .. } => {
                self.start_leaf(BlockKind::Heading { level: level as u8 }, line)
            }
            Tag::Paragraph => match self.items.last_mut() {
                Some(item) if !item.emitted => item.inline.line_break(),
                _ if self.cell.is_some() => {}
                _ => self.start_leaf(BlockKind::Paragraph, line),
            },
            Tag::CodeBlock(_) => {
                self.flush_item();
                self.start_leaf(BlockKind::CodeBlock, line);
            }
            Tag::List(first) => {
                self.flush_item();
                self.lists.push(first.is_some());
            }
            Tag::Item => self.items.push(ItemFrame {
                depth: self.lists.len().saturating_sub(1),
                ordered: self.lists.last().copied().unwrap_or(false),
                checked: None,
                line,
                inline: InlineBuilder::default(),
                emitted: false,
            }),
            Tag::BlockQuote(_) => {
                self.flush_item();
                self.quote_depth = 1;
                self.quote = Some(Leaf {
                    kind: BlockKind::Quote,
                    line,
                    inline: InlineBuilder::default(),
                });
            }
            Tag::Table(_) => self.flush_item(),
            Tag::TableHead | Tag::TableRow => {
                self.row = Some(Row {
                    header: matches!(tag, Tag::TableHead),
                    line,
                    cells: Vec::new(),
                })
            }
            Tag::TableCell => self.cell = Some(InlineBuilder::default()),
            other => self.start_inline(other),
        }
    }

    fn start_inline(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Strong => self.marks.push(MarkKind::Bold),
            Tag::Emphasis => self.marks.push(MarkKind::Italic),
            Tag::Link { dest_url, .. } => self.marks.push(MarkKind::Link {
                href: dest_url.to_string(),
            }),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link => {
                self.marks.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.quote_depth -= 1;
                if self.quote_depth == 0 {
                    if let Some(quote) = self.quote.take() {
                        self.emit(quote.kind, quote.line, quote.inline);
                    }
                }
            }
            _ if self.quote.is_some() => {}
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock => self.end_leaf(),
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Item => {
                if let Some(item) = self.items.pop() {
                    if !item.emitted {
                        self.emit(item_kind(&item), item.line, item.inline);
                    }
                }
            }
            TagEnd::TableCell => {
                if let (Some(row), Some(cell)) = (self.row.as_mut(), self.cell.take()) {
                    row.cells.push(cell.into_cell());
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(row) = self.row.take() {
                    self.blocks.push(Block {
                        text: row_text(&row.cells),
                        kind: BlockKind::TableRow {
                            header: row.header,
                            cells: row.cells,
                        },
                        marks: Vec::new(),
                        origin: Origin::Line(row.line),
                    });
                }
            }
            _ => {}
        }
    }
}

fn item_kind(item: &ItemFrame) -> BlockKind {
    match item.checked {
        Some(checked) => BlockKind::TaskItem {
            depth: item.depth,
            checked,
        },
        None => BlockKind::ListItem {
            depth: item.depth,
            ordered: item.ordered,
        },
    }
}

fn is_line_break_tag(html: &str) -> bool {
    let tag: String = html
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '/')
        .collect();
    tag.eq_ignore_ascii_case("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::Mark;

    fn kinds(blocks: &[Block]) -> Vec<(BlockKind, &str, usize)> {
        blocks
            .iter()
            .map(|b| (b.kind.clone(), b.text.as_str(), b.origin.line().unwrap()))
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_lines() {
        let blocks = parse("# Title\n\nFirst line\nsecond line\n\nSetext\n------\n\n---\n");
        assert_eq!(
            kinds(&blocks),
            vec![
                (BlockKind::Heading { level: 1 }, "Title", 1),
                (BlockKind::Paragraph, "First line\nsecond line", 3),
                (BlockKind::Heading { level: 2 }, "Setext", 6),
                (BlockKind::Rule, "", 9),
            ]
        );
    }

    #[test]
    fn nested_lists_keep_depth_order_and_kind() {
        let md = "- one\n  - one.a\n- two\n\n1. first\n2. second\n\n- [ ] todo\n- [x] done\n";
        assert_eq!(
            kinds(&parse(md)),
            vec![
                (
                    BlockKind::ListItem {
                        depth: 0,
                        ordered: false
                    },
                    "one",
                    1
                ),
                (
                    BlockKind::ListItem {
                        depth: 1,
                        ordered: false
                    },
                    "one.a",
                    2
                ),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        ordered: false
                    },
                    "two",
                    3
                ),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        ordered: true
                    },
                    "first",
                    5
                ),
                (
                    BlockKind::ListItem {
                        depth: 0,
                        ordered: true
                    },
                    "second",
                    6
                ),
                (
                    BlockKind::TaskItem {
                        depth: 0,
                        checked: false
                    },
                    "todo",
                    8
                ),
                (
                    BlockKind::TaskItem {
                        depth: 0,
                        checked: true
                    },
                    "done",
                    9
                ),
            ]
        );
    }

    #[test]
    fn loose_list_items_join_their_paragraphs() {
        let blocks = parse("- **Title**: first\n\n  more text\n\n- next\n");
        assert_eq!(blocks[0].text, "Title: first\nmore text");
        assert_eq!(blocks[1].text, "next");
        assert_eq!(blocks[1].origin, Origin::Line(5));
    }

    #[test]
    fn tables_become_rows_with_cells() {
        let blocks = parse("| Action | Owner |\n|---|---|\n| Fix `it` | @kim |\n");
        assert_eq!(blocks.len(), 2);
        let BlockKind::TableRow { header, cells } = &blocks[0].kind else {
            panic!("not a row: {:?}", blocks[0]);
        };
        assert!(header);
        assert_eq!(cells.len(), 2);
        assert_eq!(blocks[1].text, "Fix it | @kim");
        assert_eq!(blocks[1].origin, Origin::Line(3));
        let BlockKind::TableRow { header, cells } = &blocks[1].kind else {
            panic!("not a row");
        };
        assert!(!header);
        assert_eq!(cells[0].marks[0].kind, MarkKind::Code);
    }

    #[test]
    fn marks_cover_bold_code_and_links() {
        let blocks = parse("**Done**: see [OPS-1](https://jira.example/browse/OPS-1) and `x`\n");
        assert_eq!(blocks[0].text, "Done: see OPS-1 and x");
        assert_eq!(
            blocks[0].marks,
            vec![
                Mark {
                    range: 0..4,
                    kind: MarkKind::Bold
                },
                Mark {
                    range: 10..15,
                    kind: MarkKind::Link {
                        href: "https://jira.example/browse/OPS-1".into()
                    }
                },
                Mark {
                    range: 20..21,
                    kind: MarkKind::Code
                },
            ]
        );
    }

    #[test]
    fn quotes_fold_into_one_block_and_code_stays_code() {
        let md = "> quoted\n> - item\n\n```\nTODO: not prose\n```\n";
        assert_eq!(
            kinds(&parse(md)),
            vec![
                (BlockKind::Quote, "quoted\nitem", 1),
                (BlockKind::CodeBlock, "TODO: not prose", 4),
            ]
        );
    }

    #[test]
    fn html_line_breaks_split_lines() {
        assert_eq!(parse("a<br>b<br/>c\n")[0].text, "a\nb\nc");
    }
}
