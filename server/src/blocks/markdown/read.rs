//! Markdown to blocks: the one Markdown reader.
//!
//! Parsed with `pulldown-cmark` (CommonMark plus GitHub's tables, task lists and strikethrough,
//! and YAML-style front matter), then shaped to fit the editor's schema, which is stricter than
//! Markdown: inline content always sits in a paragraph, a list item starts with a paragraph, a list
//! mixing task and plain items becomes a task list and a plain list side by side, and containers
//! are never empty. Images become links to the image (the editor has no image node), HTML is kept
//! as text except comments and `<br>`, which becomes a hard break. A soft break is a space, as in
//! the editor.
//!
//! Every node keeps its byte range and line, every run of text the pieces of the file it came
//! from, so findings on the text can point back into the file.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag};

use crate::blocks::{
    push_text, Block, Cell, Inline, Link, ListItem, Marks, Piece, Row, Source, TaskItem,
};

/// Deepest nesting of blocks and inline marks accepted.
pub const MAX_DEPTH: usize = 48;

/// The Markdown nests blocks or emphasis more than [`MAX_DEPTH`] levels deep.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the Markdown nests blocks or emphasis more than {MAX_DEPTH} levels deep")]
pub struct TooDeep;

/// A Markdown document read: its blocks and the text of its front matter, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub front_matter: String,
}

/// Reads a Markdown document.
pub fn read(markdown: &str) -> Result<Document, TooDeep> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let line_starts = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut reader = Reader {
        source: markdown,
        line_starts,
        events: Parser::new_ext(markdown, options)
            .into_offset_iter()
            .map(|(event, range)| (without_controls(event), range))
            .collect(),
        pos: 0,
        depth: 0,
        front_matter: String::new(),
    };
    let blocks = reader.blocks()?;
    Ok(Document {
        blocks,
        front_matter: reader.front_matter,
    })
}

/// A control character other than a tab or a line end: never part of a document's text.
pub fn is_dropped_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Drops the control characters (other than tabs and line ends) that character references such
/// as `&#1;` resolve to, in text, link targets and titles, and code block languages (the places
/// CommonMark resolves references): they are invisible in the editor, and the exported file
/// would hold them raw, where a reader of it could take them differently.
fn without_controls(event: Event<'_>) -> Event<'_> {
    fn clean(text: CowStr<'_>) -> CowStr<'_> {
        if text.contains(is_dropped_control) {
            let kept: String = text.chars().filter(|&c| !is_dropped_control(c)).collect();
            kept.into()
        } else {
            text
        }
    }
    match event {
        Event::Text(text) => Event::Text(clean(text)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: clean(dest_url),
            title: clean(title),
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: clean(dest_url),
            title: clean(title),
            id,
        }),
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(clean(info))))
        }
        event => event,
    }
}

/// `text` with each line ending (`\r\n`, `\r` or `\n`) as one space, as a soft break reads.
fn line_ends_as_spaces(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

struct Reader<'a> {
    source: &'a str,
    /// Byte offset of each line's start.
    line_starts: Vec<usize>,
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    depth: usize,
    front_matter: String,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<&Event<'a>> {
        self.events.get(self.pos).map(|(event, _)| event)
    }

    fn next(&mut self) -> Option<Event<'a>> {
        self.next_at().map(|(event, _)| event)
    }

    /// The next event and its byte range.
    fn next_at(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let (event, range) = self.events.get_mut(self.pos)?;
        self.pos += 1;
        Some((std::mem::replace(event, Event::SoftBreak), range.clone()))
    }

    /// The source of a node spanning `range`.
    fn node(&self, range: Range<usize>) -> Source {
        let line = self
            .line_starts
            .partition_point(|&start| start <= range.start);
        let last_line = self
            .line_starts
            .partition_point(|&start| start < range.end)
            .max(line);
        Source::Markdown {
            range,
            line,
            last_line,
        }
    }

    /// The source of a run of text read from `range`.
    fn text(&self, text: &str, range: Range<usize>) -> Source {
        let exact = self.source.get(range.clone()) == Some(text);
        Source::MarkdownText(vec![Piece {
            at: 0,
            range,
            exact,
        }])
    }

    /// Refuses inline content here unless the writer could nest it fully and still stay within
    /// [`MAX_DEPTH`]: the reader may take marks flat (HTML tags, an HTML block kept as text)
    /// that the writer nests (a link, bold, italic and strike inside each other), and an export
    /// must read back.
    fn room_for_inlines(&self) -> Result<(), TooDeep> {
        /// The inline content itself, then a link, bold, italic and strike.
        const INLINE_LEVELS: usize = 5;
        if self.depth + INLINE_LEVELS > MAX_DEPTH {
            return Err(TooDeep);
        }
        Ok(())
    }

    /// Runs `read` one nesting level deeper, refusing documents nested beyond [`MAX_DEPTH`].
    fn nested<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, TooDeep>,
    ) -> Result<T, TooDeep> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(TooDeep);
        }
        let result = read(self);
        self.depth -= 1;
        result
    }

    /// The byte range of the next event (an empty range at the end of the text).
    fn here(&self) -> Range<usize> {
        match self.events.get(self.pos) {
            Some((_, range)) => range.clone(),
            None => self.source.len()..self.source.len(),
        }
    }

    /// Blocks up to the end of the enclosing container (consumed) or of the document.
    fn blocks(&mut self) -> Result<Vec<Block>, TooDeep> {
        self.nested(|r| {
            let mut blocks = Vec::new();
            while let Some(event) = r.peek() {
                if is_inline(event) {
                    let source = r.node(r.here());
                    r.room_for_inlines()?;
                    let mut inlines = Vec::new();
                    r.inlines(&Marks::default(), &mut inlines, true)?;
                    blocks.push(Block::Paragraph {
                        content: trim_edges(inlines),
                        source,
                    });
                    continue;
                }
                let Some((event, range)) = r.next_at() else {
                    break;
                };
                match event {
                    Event::End(_) => break,
                    Event::Start(tag) => r.container(tag, range, &mut blocks)?,
                    Event::Rule => blocks.push(Block::HorizontalRule {
                        source: r.node(range),
                    }),
                    Event::DisplayMath(math) => blocks.push(Block::CodeBlock {
                        language: Some("math".into()),
                        code: math.to_string(),
                        source: r.node(range),
                    }),
                    // Task markers are taken by the list item; anything else is inline.
                    _ => {}
                }
            }
            Ok(blocks)
        })
    }

    /// Reads the container opened by `tag` over `range` and appends what it holds to `blocks`.
    fn container(
        &mut self,
        tag: Tag<'a>,
        range: Range<usize>,
        blocks: &mut Vec<Block>,
    ) -> Result<(), TooDeep> {
        let source = self.node(range);
        match tag {
            Tag::Paragraph => blocks.push(Block::Paragraph {
                content: self.closed_inlines()?,
                source,
            }),
            Tag::Heading { level, .. } => blocks.push(Block::Heading {
                level: heading_level(level),
                content: breaks_as_spaces(self.closed_inlines()?),
                source,
            }),
            Tag::BlockQuote(_) => blocks.push(Block::Blockquote {
                content: non_empty(self.blocks()?),
                source,
            }),
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_owned)
                    }
                    CodeBlockKind::Indented => None,
                };
                let mut code = self.raw_text();
                if code.ends_with('\n') {
                    code.pop();
                }
                blocks.push(Block::CodeBlock {
                    language,
                    code,
                    source,
                });
            }
            Tag::List(start) => blocks.extend(self.list(start)?),
            Tag::Table(_) => blocks.push(Block::Table(self.table()?)),
            Tag::HtmlBlock => {
                // Kept as paragraphs of text: refused where a paragraph would be.
                self.room_for_inlines()?;
                push_html(&self.raw_text(), source, blocks)
            }
            Tag::MetadataBlock(_) => self.front_matter = self.raw_text(),
            // Footnotes and the like: keep their content.
            _ => blocks.extend(self.blocks()?),
        }
        Ok(())
    }

    /// The text of a code block, HTML block or front matter, up to its end (consumed), with
    /// every line ending (`\r\n` and a lone `\r` end lines too) as `\n`.
    fn raw_text(&mut self) -> String {
        let mut text = String::new();
        while let Some(event) = self.next() {
            match event {
                Event::Text(t) | Event::Html(t) => text.push_str(&t),
                Event::End(_) => break,
                _ => {}
            }
        }
        if text.contains('\r') {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        text
    }

    /// Inline content up to the end of the enclosing tag (consumed).
    fn closed_inlines(&mut self) -> Result<Vec<Inline>, TooDeep> {
        self.room_for_inlines()?;
        let mut inlines = Vec::new();
        self.inlines(&Marks::default(), &mut inlines, false)?;
        Ok(trim_edges(inlines))
    }

    /// Appends inline content with `marks` to `out`. Stops at the end of the enclosing tag, which
    /// is consumed unless `loose` (inline content directly in a tight list item, which ends at the
    /// next block or at the item's end).
    fn inlines(
        &mut self,
        marks: &Marks,
        out: &mut Vec<Inline>,
        loose: bool,
    ) -> Result<(), TooDeep> {
        self.nested(|r| {
            let mut marks = marks.clone();
            while let Some(event) = r.peek() {
                if loose && !is_inline(event) {
                    break;
                }
                let Some((event, range)) = r.next_at() else {
                    break;
                };
                match event {
                    Event::End(_) => break,
                    Event::Text(text) => {
                        let source = r.text(&text, range);
                        push_text(out, &text, &marks, source)
                    }
                    Event::Code(code) => {
                        let source = r.text(&code, range);
                        let code_marks = Marks {
                            code: true,
                            ..marks.clone()
                        };
                        push_text(out, &code, &code_marks, source)
                    }
                    Event::SoftBreak => {
                        let source = r.text(" ", range);
                        push_text(out, " ", &marks, source)
                    }
                    Event::HardBreak => out.push(Inline::HardBreak),
                    Event::InlineHtml(html) => {
                        let tag = html.trim().to_ascii_lowercase();
                        if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                            out.push(Inline::HardBreak);
                        } else if !tag.starts_with("<!--") && !set_html_mark(&tag, &mut marks) {
                            // Kept as text; a line break inside it is a space, as in any text.
                            let html = line_ends_as_spaces(&html);
                            let source = r.text(&html, range);
                            push_text(out, &html, &marks, source);
                        }
                    }
                    Event::InlineMath(text) | Event::FootnoteReference(text) => {
                        let source = r.text(&text, range);
                        push_text(out, &text, &marks, source)
                    }
                    Event::Start(tag) => {
                        let inner = inner_marks(&tag, &marks);
                        r.inlines(&inner, out, false)?;
                    }
                    _ => {}
                }
            }
            Ok(())
        })
    }

    /// The items of a list up to its end, as one or more lists: runs of task items become task
    /// lists, other runs bullet or ordered lists (the editor keeps the two apart).
    fn list(&mut self, start: Option<u64>) -> Result<Vec<Block>, TooDeep> {
        let mut items: Vec<(Option<bool>, Vec<Block>, Source)> = Vec::new();
        while let Some((event, range)) = self.next_at() {
            match event {
                Event::Start(Tag::Item) => {
                    let source = self.node(range);
                    let checked = self.take_task_marker();
                    let mut content = self.blocks()?;
                    if !matches!(content.first(), Some(Block::Paragraph { .. })) {
                        content.insert(0, Block::empty_paragraph());
                    }
                    items.push((checked, content, source));
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        let mut lists = Vec::new();
        let mut index = 0;
        let mut items = items.into_iter().peekable();
        while let Some(first) = items.next() {
            let task = first.0.is_some();
            let mut run = vec![first];
            while let Some(next) = items.next_if(|next| next.0.is_some() == task) {
                run.push(next);
            }
            let count = run.len();
            let list = if task {
                Block::TaskList(
                    run.into_iter()
                        .map(|(checked, content, source)| TaskItem {
                            checked: checked.unwrap_or(false),
                            content,
                            source,
                        })
                        .collect(),
                )
            } else {
                let items = run
                    .into_iter()
                    .map(|(_, content, source)| ListItem { content, source })
                    .collect();
                match start {
                    Some(start) => Block::OrderedList {
                        start: start + index as u64,
                        items,
                    },
                    None => Block::BulletList(items),
                }
            };
            index += count;
            lists.push(list);
        }
        Ok(lists)
    }

    /// Takes the task marker that opens a list item, directly or inside its first paragraph.
    fn take_task_marker(&mut self) -> Option<bool> {
        let event = |at: usize| self.events.get(at).map(|(event, _)| event);
        let at = match (event(self.pos), event(self.pos + 1)) {
            (Some(Event::TaskListMarker(_)), _) => self.pos,
            (Some(Event::Start(Tag::Paragraph)), Some(Event::TaskListMarker(_))) => self.pos + 1,
            _ => return None,
        };
        match std::mem::replace(&mut self.events[at].0, Event::Text("".into())) {
            Event::TaskListMarker(checked) => Some(checked),
            _ => None,
        }
    }

    /// The rows of a table up to its end; the head row's cells are header cells.
    fn table(&mut self) -> Result<Vec<Row>, TooDeep> {
        let mut rows = Vec::new();
        while let Some((event, range)) = self.next_at() {
            match event {
                Event::Start(tag @ (Tag::TableHead | Tag::TableRow)) => {
                    let source = self.node(range);
                    let cells = self.row(matches!(tag, Tag::TableHead))?;
                    rows.push(Row { cells, source });
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        Ok(rows)
    }

    fn row(&mut self, header: bool) -> Result<Vec<Cell>, TooDeep> {
        let mut cells = Vec::new();
        while let Some((event, range)) = self.next_at() {
            match event {
                Event::Start(Tag::TableCell) => {
                    let source = self.node(range);
                    cells.push(Cell {
                        header,
                        content: vec![Block::Paragraph {
                            content: self.closed_inlines()?,
                            source,
                        }],
                    })
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        Ok(cells)
    }
}

/// The marks inside an inline tag.
fn inner_marks(tag: &Tag, marks: &Marks) -> Marks {
    let mut inner = marks.clone();
    match tag {
        Tag::Emphasis => inner.italic = true,
        Tag::Strong => inner.bold = true,
        Tag::Strikethrough => inner.strike = true,
        Tag::Link {
            dest_url, title, ..
        }
        | Tag::Image {
            dest_url, title, ..
        } => {
            inner.link = Some(Link {
                href: dest_url.to_string(),
                // A line break in a title reads as a space, as in text (written back as one, it
                // would open a line where the reader drops an escaped backslash).
                title: (!title.is_empty()).then(|| line_ends_as_spaces(title)),
            })
        }
        _ => {}
    }
    inner
}

/// Sets or clears the mark an inline HTML tag stands for (`<em>`, `</strong>`, `<del>`, ...),
/// which the writer uses where delimiter runs cannot say what the text holds. Returns whether
/// `tag` (lower case) is one.
fn set_html_mark(tag: &str, marks: &mut Marks) -> bool {
    let Some(name) = tag.strip_prefix('<').and_then(|tag| tag.strip_suffix('>')) else {
        return false;
    };
    let (on, name) = match name.strip_prefix('/') {
        Some(name) => (false, name),
        None => (true, name),
    };
    let mark = match name.trim_end() {
        "em" | "i" => &mut marks.italic,
        "strong" | "b" => &mut marks.bold,
        "del" | "s" => &mut marks.strike,
        _ => return false,
    };
    *mark = on;
    true
}

fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        _ => false,
    }
}

/// An HTML block becomes a paragraph of its text, line by line; comments are dropped.
fn push_html(html: &str, source: Source, blocks: &mut Vec<Block>) {
    let html = html.trim();
    if html.is_empty() || (html.starts_with("<!--") && html.ends_with("-->")) {
        return;
    }
    let mut inlines = Vec::new();
    for (i, line) in html.lines().enumerate() {
        if i > 0 {
            inlines.push(Inline::HardBreak);
        }
        // HTML is kept as text, but not as pieces of the file: it maps to the block as a whole.
        let text_source = match &source {
            Source::Markdown { range, .. } => Source::MarkdownText(vec![Piece {
                at: 0,
                range: range.clone(),
                exact: false,
            }]),
            _ => Source::Built,
        };
        push_text(&mut inlines, line, &Marks::default(), text_source);
    }
    // As any paragraph's: lines that open with spaces would lose them once written.
    blocks.push(Block::Paragraph {
        content: trim_edges(inlines),
        source,
    });
}

/// Drops whitespace at the start and end of a block's text, as Markdown does.
/// A heading is written on one line: a line break in one (a setext heading's, a `<br>`) reads as
/// the space it is written as.
fn breaks_as_spaces(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::HardBreak => push_text(&mut out, " ", &Marks::default(), Source::Built),
            Inline::Text {
                text,
                marks,
                source,
            } => push_text(&mut out, &text, &marks, source),
        }
    }
    out
}

fn trim_edges(mut inlines: Vec<Inline>) -> Vec<Inline> {
    // Hard breaks at either edge go too: CommonMark ignores one that ends a block, so an export
    // could not keep it.
    loop {
        let before = inlines.len();
        if matches!(inlines.first(), Some(Inline::HardBreak)) {
            inlines.remove(0);
        }
        if let Some(Inline::Text {
            text,
            marks,
            source,
        }) = inlines.first_mut()
        {
            if !marks.code {
                let cut = text.len() - text.trim_start().len();
                text.drain(..cut);
                if let Source::MarkdownText(pieces) = source {
                    shift_pieces(pieces, cut);
                }
            }
        }
        if matches!(inlines.last(), Some(Inline::HardBreak)) {
            inlines.pop();
        }
        if let Some(Inline::Text { text, marks, .. }) = inlines.last_mut() {
            if !marks.code {
                text.truncate(text.trim_end().len());
            }
        }
        inlines.retain(|inline| !matches!(inline, Inline::Text { text, .. } if text.is_empty()));
        if inlines.len() == before {
            break;
        }
    }
    // Nor can a line start with spaces after a hard break: they would read as indentation.
    for i in 1..inlines.len() {
        if let [Inline::HardBreak, Inline::Text {
            text,
            marks,
            source,
        }] = &mut inlines[i - 1..=i]
        {
            if !marks.code {
                let cut = text.len() - text.trim_start_matches([' ', '\t']).len();
                text.drain(..cut);
                if let Source::MarkdownText(pieces) = source {
                    shift_pieces(pieces, cut);
                }
            }
        }
    }
    inlines.retain(|inline| !matches!(inline, Inline::Text { text, .. } if text.is_empty()));
    settle_edge_spaces(&inlines)
}

/// Gives the spaces at the edge of a run the marks the writer can give them
/// ([`edge_marks`]): Markdown has no form for emphasis that ends in a space its neighbour
/// does not share (`*a *` is no emphasis), which inline HTML or a link boundary could leave.
pub(super) fn settle_edge_spaces(inlines: &[Inline]) -> Vec<Inline> {
    let marks_at = |i: usize| match inlines.get(i) {
        Some(Inline::Text { marks, .. }) => marks.clone(),
        _ => Marks::default(),
    };
    let mut out = Vec::with_capacity(inlines.len());
    for (i, inline) in inlines.iter().enumerate() {
        let Inline::Text {
            text,
            marks,
            source,
        } = inline
        else {
            out.push(Inline::HardBreak);
            continue;
        };
        if marks.code {
            out.push(inline.clone());
            continue;
        }
        let before = edge_marks(marks, &marks_at(i.wrapping_sub(1)));
        let after = edge_marks(marks, &marks_at(i + 1));
        let core_start = text.len() - text.trim_start().len();
        let core_end = text.trim_end().len().max(core_start);
        let parts = [
            (0..core_start, &before),
            (core_start..core_end, marks),
            (core_end..text.len(), &after),
        ];
        for (range, part_marks) in parts {
            if !range.is_empty() {
                let source = match source {
                    Source::MarkdownText(pieces) => {
                        Source::MarkdownText(pieces_of(pieces, range.clone()))
                    }
                    other => other.clone(),
                };
                push_text(&mut out, &text[range], part_marks, source);
            }
        }
    }
    out
}

/// The marks of spaces at the edge of a run with `marks`, beside a run with `neighbour`'s: the
/// emphasis both share, and the run's own link. Emphasis cannot end in a space in Markdown
/// (`**a **b` is not bold, `**a** b` is); a link keeps its spaces (`[ a](x)` is a link).
fn edge_marks(marks: &Marks, neighbour: &Marks) -> Marks {
    Marks {
        bold: marks.bold && neighbour.bold,
        italic: marks.italic && neighbour.italic,
        strike: marks.strike && neighbour.strike,
        code: false,
        link: marks.link.clone(),
    }
}

/// The pieces of the bytes `range` of a run whose pieces are `pieces`.
fn pieces_of(pieces: &[Piece], range: Range<usize>) -> Vec<Piece> {
    let mut part: Vec<Piece> = pieces
        .iter()
        .filter(|p| p.at < range.end)
        .cloned()
        .collect();
    shift_pieces(&mut part, range.start);
    part
}

/// Moves pieces after `cut` bytes were removed from the start of their run.
fn shift_pieces(pieces: &mut Vec<Piece>, cut: usize) {
    let first = pieces.partition_point(|p| p.at <= cut).saturating_sub(1);
    pieces.drain(..first);
    for piece in pieces.iter_mut() {
        if piece.at < cut {
            if piece.exact {
                piece.range.start = (piece.range.start + cut - piece.at).min(piece.range.end);
            }
            piece.at = 0;
        } else {
            piece.at -= cut;
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn non_empty(blocks: Vec<Block>) -> Vec<Block> {
    if blocks.is_empty() {
        vec![Block::empty_paragraph()]
    } else {
        blocks
    }
}
