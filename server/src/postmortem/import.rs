//! Markdown in: builds a postmortem (metadata and body) from a Markdown file.
//!
//! Parsed with `pulldown-cmark` (CommonMark plus GitHub's tables, task lists and strikethrough,
//! and YAML-style front matter), then shaped to fit the editor's schema, which is stricter than
//! Markdown: inline content always sits in a paragraph, a list item starts with a paragraph, a list
//! mixing task and plain items becomes a task list and a plain list side by side, and containers
//! are never empty. Images become links to the image (the editor has no image node), HTML is kept
//! as text except comments and `<br>`, which becomes a hard break.
//!
//! The title is the front matter's `title`, else the first top-level H1; an H1 that opens the
//! document is the title and leaves the body.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};

use super::body::{empty_paragraph, inline_text, push_text, Block, Cell, Inline, Link, Marks};
use super::meta::{parse_incident_date, parse_severity, parse_status, MetaError};
use super::{Meta, Postmortem};

/// Deepest nesting of blocks and inline marks accepted.
pub const MAX_DEPTH: usize = 48;

/// Why a Markdown document cannot become a postmortem.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("the Markdown document is empty")]
    Empty,
    #[error("the Markdown nests blocks or emphasis more than {MAX_DEPTH} levels deep")]
    TooDeep,
    #[error("front matter: {0}")]
    FrontMatter(#[from] MetaError),
}

/// Reads a Markdown document.
pub fn import(markdown: &str) -> Result<Postmortem, ImportError> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut reader = Reader {
        events: Parser::new_ext(markdown, options).collect(),
        pos: 0,
        depth: 0,
        front_matter: String::new(),
    };
    let mut body = reader.blocks()?;
    let mut meta = front_matter(&reader.front_matter)?;
    let first_h1 = body
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 1, .. }));
    if let Some(index) = first_h1 {
        if meta.title.is_empty() {
            if let Block::Heading { content, .. } = &body[index] {
                meta.title = inline_text(content).trim().to_owned();
            }
        }
        if index == 0 {
            body.remove(0);
        }
    }
    if body.is_empty() {
        if meta.title.is_empty() {
            return Err(ImportError::Empty);
        }
        body.push(empty_paragraph());
    }
    Ok(Postmortem { meta, body })
}

/// Reads the front matter's known keys; other keys and lines are ignored.
fn front_matter(text: &str) -> Result<Meta, MetaError> {
    let mut meta = Meta::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "title" => meta.title = value.to_owned(),
            "date" | "incident_date" | "incidentdate" => {
                meta.incident_date = parse_incident_date(value)?
            }
            "severity" | "sev" => meta.severity = parse_severity(value)?,
            "status" => meta.status = parse_status(value)?,
            _ => {}
        }
    }
    Ok(meta)
}

struct Reader<'a> {
    events: Vec<Event<'a>>,
    pos: usize,
    depth: usize,
    front_matter: String,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<&Event<'a>> {
        self.events.get(self.pos)
    }

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.events.get_mut(self.pos)?;
        self.pos += 1;
        Some(std::mem::replace(event, Event::SoftBreak))
    }

    /// Runs `read` one nesting level deeper, refusing documents nested beyond [`MAX_DEPTH`].
    fn nested<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, ImportError>,
    ) -> Result<T, ImportError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ImportError::TooDeep);
        }
        let result = read(self);
        self.depth -= 1;
        result
    }

    /// Blocks up to the end of the enclosing container (consumed) or of the document.
    fn blocks(&mut self) -> Result<Vec<Block>, ImportError> {
        self.nested(|r| {
            let mut blocks = Vec::new();
            while let Some(event) = r.peek() {
                if is_inline(event) {
                    let mut inlines = Vec::new();
                    r.inlines(&Marks::default(), &mut inlines, true)?;
                    blocks.push(Block::Paragraph(trim_edges(inlines)));
                    continue;
                }
                match r.next() {
                    Some(Event::End(_)) | None => break,
                    Some(Event::Start(tag)) => r.container(tag, &mut blocks)?,
                    Some(Event::Rule) => blocks.push(Block::HorizontalRule),
                    Some(Event::DisplayMath(math)) => blocks.push(Block::CodeBlock {
                        language: Some("math".into()),
                        code: math.to_string(),
                    }),
                    // Task markers are taken by the list item; anything else is inline.
                    Some(_) => {}
                }
            }
            Ok(blocks)
        })
    }

    /// Reads the container opened by `tag` and appends what it holds to `blocks`.
    fn container(&mut self, tag: Tag<'a>, blocks: &mut Vec<Block>) -> Result<(), ImportError> {
        match tag {
            Tag::Paragraph => blocks.push(Block::Paragraph(self.closed_inlines()?)),
            Tag::Heading { level, .. } => blocks.push(Block::Heading {
                level: heading_level(level),
                content: self.closed_inlines()?,
            }),
            Tag::BlockQuote(_) => blocks.push(Block::Blockquote(non_empty(self.blocks()?))),
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
                blocks.push(Block::CodeBlock { language, code });
            }
            Tag::List(start) => blocks.extend(self.list(start)?),
            Tag::Table(_) => blocks.push(Block::Table(self.table()?)),
            Tag::HtmlBlock => push_html(&self.raw_text(), blocks),
            Tag::MetadataBlock(_) => self.front_matter = self.raw_text(),
            // Footnotes and the like: keep their content.
            _ => blocks.extend(self.blocks()?),
        }
        Ok(())
    }

    /// The text of a code block, HTML block or front matter, up to its end (consumed).
    fn raw_text(&mut self) -> String {
        let mut text = String::new();
        while let Some(event) = self.next() {
            match event {
                Event::Text(t) | Event::Html(t) => text.push_str(&t),
                Event::End(_) => break,
                _ => {}
            }
        }
        text
    }

    /// Inline content up to the end of the enclosing tag (consumed).
    fn closed_inlines(&mut self) -> Result<Vec<Inline>, ImportError> {
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
    ) -> Result<(), ImportError> {
        self.nested(|r| {
            while let Some(event) = r.peek() {
                if loose && !is_inline(event) {
                    break;
                }
                let Some(event) = r.next() else { break };
                match event {
                    Event::End(_) => break,
                    Event::Text(text) => push_text(out, &text, marks),
                    Event::Code(code) => push_text(
                        out,
                        &code,
                        &Marks {
                            code: true,
                            ..marks.clone()
                        },
                    ),
                    Event::SoftBreak => push_text(out, " ", marks),
                    Event::HardBreak => out.push(Inline::HardBreak),
                    Event::InlineHtml(html) => {
                        let tag = html.trim().to_ascii_lowercase();
                        if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                            out.push(Inline::HardBreak);
                        } else if !tag.starts_with("<!--") {
                            push_text(out, &html, marks);
                        }
                    }
                    Event::InlineMath(text) | Event::FootnoteReference(text) => {
                        push_text(out, &text, marks)
                    }
                    Event::Start(tag) => {
                        let inner = inner_marks(&tag, marks);
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
    fn list(&mut self, start: Option<u64>) -> Result<Vec<Block>, ImportError> {
        let mut items: Vec<(Option<bool>, Vec<Block>)> = Vec::new();
        while let Some(event) = self.next() {
            match event {
                Event::Start(Tag::Item) => {
                    let checked = self.take_task_marker();
                    let mut content = self.blocks()?;
                    if !matches!(content.first(), Some(Block::Paragraph(_))) {
                        content.insert(0, empty_paragraph());
                    }
                    items.push((checked, content));
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        let mut lists = Vec::new();
        let mut index = 0;
        for run in items.chunk_by(|a, b| a.0.is_some() == b.0.is_some()) {
            let list = if run[0].0.is_some() {
                Block::TaskList(
                    run.iter()
                        .map(|(checked, content)| super::body::TaskItem {
                            checked: checked.unwrap_or(false),
                            content: content.clone(),
                        })
                        .collect(),
                )
            } else {
                let items = run.iter().map(|(_, content)| content.clone()).collect();
                match start {
                    Some(start) => Block::OrderedList {
                        start: start + index as u64,
                        items,
                    },
                    None => Block::BulletList(items),
                }
            };
            index += run.len();
            lists.push(list);
        }
        Ok(lists)
    }

    /// Takes the task marker that opens a list item, directly or inside its first paragraph.
    fn take_task_marker(&mut self) -> Option<bool> {
        let at = match (self.events.get(self.pos), self.events.get(self.pos + 1)) {
            (Some(Event::TaskListMarker(_)), _) => self.pos,
            (Some(Event::Start(Tag::Paragraph)), Some(Event::TaskListMarker(_))) => self.pos + 1,
            _ => return None,
        };
        match std::mem::replace(&mut self.events[at], Event::Text("".into())) {
            Event::TaskListMarker(checked) => Some(checked),
            _ => None,
        }
    }

    /// The rows of a table up to its end; the head row's cells are header cells.
    fn table(&mut self) -> Result<Vec<Vec<Cell>>, ImportError> {
        let mut rows = Vec::new();
        while let Some(event) = self.next() {
            match event {
                Event::Start(Tag::TableHead) => rows.push(self.row(true)?),
                Event::Start(Tag::TableRow) => rows.push(self.row(false)?),
                Event::End(_) => break,
                _ => {}
            }
        }
        Ok(rows)
    }

    fn row(&mut self, header: bool) -> Result<Vec<Cell>, ImportError> {
        let mut cells = Vec::new();
        while let Some(event) = self.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(Cell {
                    header,
                    content: vec![Block::Paragraph(self.closed_inlines()?)],
                }),
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
                title: (!title.is_empty()).then(|| title.to_string()),
            })
        }
        _ => {}
    }
    inner
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
fn push_html(html: &str, blocks: &mut Vec<Block>) {
    let html = html.trim();
    if html.is_empty() || (html.starts_with("<!--") && html.ends_with("-->")) {
        return;
    }
    let mut inlines = Vec::new();
    for (i, line) in html.lines().enumerate() {
        if i > 0 {
            inlines.push(Inline::HardBreak);
        }
        push_text(&mut inlines, line, &Marks::default());
    }
    blocks.push(Block::Paragraph(inlines));
}

/// Drops whitespace at the start and end of a block's text, as Markdown does.
fn trim_edges(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(text, marks)) = inlines.first_mut() {
        if !marks.code {
            *text = text.trim_start().to_owned();
        }
    }
    if let Some(Inline::Text(text, marks)) = inlines.last_mut() {
        if !marks.code {
            *text = text.trim_end().to_owned();
        }
    }
    inlines.retain(|inline| !matches!(inline, Inline::Text(text, _) if text.is_empty()));
    inlines
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
        vec![empty_paragraph()]
    } else {
        blocks
    }
}
