//! Blocks to Markdown: the one Markdown writer. What it writes, [`super::read`](mod@super::read) reads back to
//! the same blocks.
//!
//! Text is escaped where Markdown would read it as syntax; marks are opened and closed as a stack
//! so nested and overlapping marks come out well formed, with whitespace kept outside delimiters.
//! Adjacent lists of the same kind alternate their markers (`-`/`*`, `.`/`)`) so they stay
//! separate lists. Table cells hold inline content only, so a cell's blocks are joined with
//! `<br>`. Empty paragraphs have no Markdown form and are left out.

use crate::blocks::{plain_text, Block, Cell, Inline, Link, ListItem, Marks, Row, TaskItem};

/// Writes text as the content of a heading (a title), escaped.
pub fn heading_text(text: &str) -> String {
    escape_text(text, Context::Heading, true)
}

/// Where inline content is written: escaping and hard breaks depend on it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Paragraph,
    Heading,
    TableCell,
}

/// Writes blocks as Markdown, separated by blank lines.
pub fn write(list: &[Block]) -> String {
    rendered(list)
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Each block that has a Markdown form, with its text.
fn rendered(list: &[Block]) -> Vec<(&Block, String)> {
    let mut out = Vec::new();
    let mut previous_marker: Option<char> = None;
    for block in list {
        let marker = list_marker(block, previous_marker);
        if let Some(text) = block_text(block, marker) {
            out.push((block, text));
            previous_marker = marker;
        }
    }
    out
}

/// The list marker for `block` if it is a list: `-` or `.` normally, `*` or `)` right after a
/// list that used the normal one, so the two do not merge.
fn list_marker(block: &Block, previous: Option<char>) -> Option<char> {
    let (normal, other) = match block {
        Block::BulletList(_) | Block::TaskList(_) => ('-', '*'),
        Block::OrderedList { .. } => ('.', ')'),
        _ => return None,
    };
    Some(if previous == Some(normal) {
        other
    } else {
        normal
    })
}

/// One block, or `None` when it has no Markdown form (an empty paragraph).
fn block_text(block: &Block, marker: Option<char>) -> Option<String> {
    let text = match block {
        Block::Heading { level, content, .. } => {
            let text = inlines(content, Context::Heading);
            if text.is_empty() {
                "#".repeat(usize::from(*level))
            } else {
                format!("{} {text}", "#".repeat(usize::from(*level)))
            }
        }
        Block::Paragraph { content, .. } => {
            let text = inlines(content, Context::Paragraph);
            if text.trim().is_empty() {
                return None;
            }
            text
        }
        Block::Blockquote { content, .. } => prefix_lines(&write(content), "> ", ">"),
        Block::BulletList(items) => {
            let bullet = marker.unwrap_or('-');
            list_items(items.iter().map(|item| (format!("{bullet} "), item)))
        }
        Block::OrderedList { start, items } => {
            let delimiter = marker.unwrap_or('.');
            list_items(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| (format!("{}{delimiter} ", start + i as u64), item)),
            )
        }
        Block::TaskList(items) => {
            let bullet = marker.unwrap_or('-');
            task_items(items, bullet)
        }
        Block::Table(rows) => table(rows)?,
        Block::CodeBlock { language, code, .. } => {
            // The info string reads backslash escapes: a backslash in the language is escaped.
            let language = language.as_deref().unwrap_or("").replace('\\', "\\\\");
            // A backtick fence's info string cannot hold a backtick; a tilde fence's can.
            let mark = if language.contains('`') { '~' } else { '`' };
            let fence = mark.to_string().repeat(longest_run(code, mark).max(2) + 1);
            // A language starting with the fence's mark would lengthen the opening fence (the
            // closing one would then not close it): a space sets it apart, and is trimmed.
            let gap = if language.starts_with(mark) { " " } else { "" };
            format!("{fence}{gap}{language}\n{code}\n{fence}")
        }
        Block::HorizontalRule { .. } => "---".to_owned(),
    };
    Some(text)
}

/// List items, each `(marker, blocks)`, one after the other.
fn list_items<'a>(items: impl Iterator<Item = (String, &'a ListItem)>) -> String {
    items
        .map(|(marker, item)| list_item(&marker, marker.len(), &item.content))
        .collect::<Vec<_>>()
        .join("\n")
}

fn task_items(items: &[TaskItem], bullet: char) -> String {
    items
        .iter()
        .map(|item| {
            let check = if item.checked { 'x' } else { ' ' };
            // The checkbox reads as one only before text: any other first block (the item's
            // paragraph being empty) starts on the next line.
            let text_first = rendered(&item.content)
                .first()
                .is_none_or(|(block, _)| matches!(block, Block::Paragraph { .. }));
            if text_first {
                list_item(&format!("{bullet} [{check}] "), 2, &item.content)
            } else {
                format!("{bullet} [{check}]\n{}", list_item("  ", 2, &item.content))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One list item: the marker, then the content with continuation lines indented by `indent`.
fn list_item(marker: &str, indent: usize, content: &[Block]) -> String {
    let mut body = String::new();
    let mut after_paragraph = false;
    for (block, text) in rendered(content) {
        if !body.is_empty() {
            // A nested list may follow the block before it directly (a paragraph only when the
            // list can interrupt it); anything else needs a blank line.
            let is_list = matches!(
                block,
                Block::BulletList(_) | Block::OrderedList { .. } | Block::TaskList(_)
            );
            let direct = is_list && (!after_paragraph || interrupts_paragraph(block, &text));
            body.push_str(if direct { "\n" } else { "\n\n" });
        }
        after_paragraph = matches!(block, Block::Paragraph { .. });
        // A rule is `___` in an item: `- ---` would read as a rule in place of the item.
        body.push_str(match block {
            Block::HorizontalRule { .. } => "___",
            _ => &text,
        });
    }
    if body.is_empty() {
        return marker.trim_end().to_owned();
    }
    let pad = " ".repeat(indent);
    let mut lines = body.split('\n');
    let first = lines.next().unwrap_or_default();
    let mut out = format!("{marker}{first}");
    // Empty items nested in one another (`- - -`) would read as a rule: the item's content
    // starts on the next line instead.
    if !marker.trim().is_empty() && is_thematic_break(&out) {
        out = format!("{}\n{pad}{first}", marker.trim_end());
    }
    for line in lines {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

/// Whether `line` reads as a thematic break: three or more of one of `-`, `*`, `_`, and nothing
/// else but spaces and tabs.
fn is_thematic_break(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !matches!(c, ' ' | '\t')).collect();
    marks.len() >= 3 && matches!(marks[0], '-' | '*' | '_') && marks.iter().all(|c| *c == marks[0])
}

/// Whether a list written as `text` can start on the line after a paragraph's last line.
/// CommonMark lets a list interrupt a paragraph only when its first item is not empty and, if
/// ordered, starts at 1; otherwise the line continues the paragraph, or, as a lone `-`,
/// underlines it into a heading.
fn interrupts_paragraph(list: &Block, text: &str) -> bool {
    let empty_item = !text.lines().next().unwrap_or_default().contains(' ');
    let starts_at_one = !matches!(list, Block::OrderedList { start, .. } if *start != 1);
    !empty_item && starts_at_one
}

/// Prefixes every line of `text` with `prefix`, or `blank_prefix` for empty lines.
fn prefix_lines(text: &str, prefix: &str, blank_prefix: &str) -> String {
    text.split('\n')
        .map(|line| {
            if line.is_empty() {
                blank_prefix.to_owned()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A pipe table; the first row is the header row (Markdown requires one).
fn table(rows: &[Row]) -> Option<String> {
    let columns = rows
        .iter()
        .map(|row| row.cells.len())
        .max()
        .filter(|&n| n > 0)?;
    let line = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let row_text = |row: &Row| {
        line(
            (0..columns)
                .map(|i| row.cells.get(i).map(cell_text).unwrap_or_default())
                .collect(),
        )
    };
    let mut lines = vec![row_text(&rows[0]), line(vec!["---".to_owned(); columns])];
    lines.extend(rows[1..].iter().map(row_text));
    Some(lines.join("\n"))
}

/// A cell's blocks as one line of inline content.
fn cell_text(cell: &Cell) -> String {
    cell.content
        .iter()
        .map(|block| match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                inlines(content, Context::TableCell)
            }
            Block::CodeBlock { code, .. } => code_span(&code.replace('\n', " "), true),
            other => escape_text(
                &plain_text(std::slice::from_ref(other)).replace('\n', " "),
                Context::TableCell,
                false,
            ),
        })
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A mark that spans runs of text; code is not one (each code run is its own span).
#[derive(Clone, PartialEq, Eq)]
enum Span {
    Link(Link),
    Bold,
    Italic,
    Strike,
}

impl Span {
    /// The spans a run's marks ask for, outermost first.
    fn of(marks: &Marks) -> Vec<Span> {
        let mut spans = Vec::new();
        if let Some(link) = &marks.link {
            spans.push(Span::Link(link.clone()));
        }
        for (on, span) in [
            (marks.bold, Span::Bold),
            (marks.italic, Span::Italic),
            (marks.strike, Span::Strike),
        ] {
            if on {
                spans.push(span);
            }
        }
        spans
    }

    fn open(&self, style: Style) -> &'static str {
        match (self, style) {
            (Span::Link(_), _) => "[",
            (Span::Bold, Style::Delimiters) => "**",
            (Span::Italic, Style::Delimiters) => "*",
            (Span::Strike, Style::Delimiters) => "~~",
            (Span::Bold, Style::Html) => "<strong>",
            (Span::Italic, Style::Html) => "<em>",
            (Span::Strike, Style::Html) => "<del>",
        }
    }

    fn close(&self, style: Style) -> String {
        match self {
            Span::Link(link) => {
                // Destinations and titles read backslash escapes and character references: a
                // backslash is escaped too, and so is an `&` that would start a reference.
                let escaped = escape_link_part(&link.href);
                let href = if link.href.is_empty()
                    || link
                        .href
                        .contains(|c: char| c.is_whitespace() || "()<>".contains(c))
                {
                    format!("<{}>", escaped.replace('<', "\\<").replace('>', "\\>"))
                } else {
                    escaped
                };
                match &link.title {
                    Some(title) => {
                        let title = escape_link_part(title).replace('"', "\\\"");
                        format!("]({href} \"{title}\")")
                    }
                    None => format!("]({href})"),
                }
            }
            other => match style {
                Style::Delimiters => other.open(style).to_owned(),
                Style::Html => other.open(style).replacen('<', "</", 1),
            },
        }
    }
}

/// Inline content as Markdown: with `*` and `~~` for its marks where that reads back as the
/// same content, else with HTML tags. CommonMark reads a delimiter run by what stands on each
/// side of it (a space, punctuation, a letter), and content whose marks change beside
/// punctuation can be impossible to write with delimiters; the reader takes both forms.
fn inlines(content: &[Inline], context: Context) -> String {
    let written = styled_inlines(content, context, Style::Delimiters);
    let delimited = content.iter().any(|inline| {
        matches!(inline, Inline::Text { marks, .. } if marks.bold || marks.italic || marks.strike)
    });
    if !delimited || reads_back(content, &written, context) {
        return written;
    }
    styled_inlines(content, context, Style::Html)
}

/// Whether `written`, placed in its context (a paragraph, a heading, a table cell, where GFM
/// reads escaped pipes before emphasis), reads back with the same visible content: each
/// character that is not a space, with its marks. (Spaces and breaks are written per context.)
fn reads_back(content: &[Inline], written: &str, context: Context) -> bool {
    let visible = |inlines: &[Inline]| -> Vec<(char, Marks)> {
        inlines
            .iter()
            .flat_map(|inline| match inline {
                Inline::Text { text, marks, .. } => text
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| (c, marks.clone()))
                    .collect(),
                Inline::HardBreak => Vec::new(),
            })
            .collect()
    };
    let markdown = match context {
        Context::Paragraph => written.to_owned(),
        Context::Heading => format!("# {written}"),
        Context::TableCell => format!("| {written} |\n| --- |"),
    };
    let Ok(document) = super::read(&markdown) else {
        return false;
    };
    let back: Vec<Inline> = match document.blocks.as_slice() {
        [Block::Paragraph { content, .. } | Block::Heading { content, .. }] => content.clone(),
        [Block::Table(rows)] => match rows.first().map(|row| row.cells.as_slice()) {
            Some([cell]) => cell
                .content
                .iter()
                .flat_map(|block| match block {
                    Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                        content.clone()
                    }
                    _ => Vec::new(),
                })
                .collect(),
            _ => return false,
        },
        _ => return false,
    };
    visible(&back) == visible(content)
}

/// How marks other than links are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `**bold**`, `*italic*`, `~~struck~~`.
    Delimiters,
    /// `<strong>`, `<em>`, `<del>`.
    Html,
}

fn styled_inlines(content: &[Inline], context: Context, style: Style) -> String {
    let mut out = String::new();
    let mut open: Vec<Span> = Vec::new();
    let mut line_start = true;
    for (text, marks) in runs(content) {
        let Some(text) = text else {
            close_spans(&mut open, 0, style, context, &mut out);
            out.push_str(match context {
                Context::Paragraph => "\\\n",
                Context::Heading => " ",
                Context::TableCell => "<br>",
            });
            line_start = context == Context::Paragraph;
            continue;
        };
        let wanted = Span::of(&marks);
        let keep = open.iter().take_while(|span| wanted.contains(span)).count();
        let closed_to = out.len();
        close_spans(&mut open, keep, style, context, &mut out);
        let closed = out.len() > closed_to;
        for span in wanted {
            if !open.contains(&span) {
                // Closing italic inside bold and reopening bold (`**x*` then `**`) would write one
                // run of `*****`, which CommonMark splits its own way: an empty comment, which the
                // reader drops, keeps the runs apart.
                if closed && out.ends_with(&span.open(style)[..1]) {
                    out.push_str("<!-- -->");
                }
                // `!` before a link's `[` would make it an image.
                if matches!(span, Span::Link(_)) && out.ends_with('!') {
                    out.insert(out.len() - 1, '\\');
                }
                out.push_str(span.open(style));
                open.push(span);
            }
        }
        if marks.code {
            out.push_str(&code_span(&text, context == Context::TableCell));
        } else {
            out.push_str(&escape_text(&text, context, line_start));
        }
        // Spaces alone do not take a line past where a block could start (" > quote").
        line_start &= !marks.code && text.chars().all(|c| c == ' ' || c == '\t');
    }
    close_spans(&mut open, 0, style, context, &mut out);
    out
}

/// Closes the spans past `keep`, innermost first. Emphasis written with delimiters closes before
/// the spaces that end its text (a link or an outer span closing with it made them its edge;
/// `*a *` is no emphasis), a link and an HTML tag after them (`<em>a </em>` keeps its space, as
/// `<em> a</em>` does: moving it out would change what the next import reads).
fn close_spans(
    open: &mut Vec<Span>,
    keep: usize,
    style: Style,
    context: Context,
    out: &mut String,
) {
    while open.len() > keep {
        if let Some(span) = open.pop() {
            let spaces = if matches!(span, Span::Link(_)) || style == Style::Html {
                0
            } else {
                out.len() - out.trim_end_matches([' ', '\t']).len()
            };
            let trailing = out.split_off(out.len() - spaces);
            let close = span.close(style);
            // A table cell ends at any unescaped `|`, a link's destination or title included.
            if context == Context::TableCell {
                out.push_str(&close.replace('|', "\\|"));
            } else {
                out.push_str(&close);
            }
            out.push_str(&trailing);
        }
    }
}

/// The text runs of inline content (`None` for a hard break), with the spaces at the edge of a
/// run given the marks Markdown can give them ([`super::read::settle_edge_spaces`], the rule
/// the reader follows too).
fn runs(content: &[Inline]) -> Vec<(Option<String>, Marks)> {
    super::read::settle_edge_spaces(content)
        .into_iter()
        .map(|inline| match inline {
            Inline::Text { text, marks, .. } => (Some(text), marks),
            Inline::HardBreak => (None, Marks::default()),
        })
        .collect()
}

/// A code span, with a fence longer than any run of backticks inside.
fn code_span(code: &str, in_table: bool) -> String {
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        // (CommonMark strips one space from each end unless the code is only spaces; a tab is
        // not one)
        || (code.starts_with(' ') && code.ends_with(' ') && !code.chars().all(|c| c == ' '));
    let code = if in_table {
        code.replace('|', "\\|")
    } else {
        code.to_owned()
    };
    if pad {
        format!("{fence} {code} {fence}")
    } else {
        format!("{fence}{code}{fence}")
    }
}

fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// Escapes text so Markdown reads it literally. `line_start` says the text opens a line, where
/// block markers (`#`, `>`, `-`, `+`, `1.`) would otherwise start a block.
fn escape_text(text: &str, context: Context, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    // Where the current line's text begins (after its indentation), if this text opened it: a
    // line break inside the text opens a line too, where a block could start.
    let mut line_begin = line_start.then_some(0);
    for (i, &c) in chars.iter().enumerate() {
        if line_begin == Some(i) && c == ' ' {
            line_begin = Some(i + 1);
        }
        let opens_line = line_begin == Some(i);
        let escape = match c {
            // (`|` too: a paragraph whose second line looks like `-|-` would become a table)
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' => true,
            '&' => looks_like_entity(&chars[i + 1..]),
            // (`=` opening a line after a hard break would underline the paragraph as a heading)
            '#' | '>' | '-' | '+' | '=' => {
                opens_line || c == '#' && ends_heading(context, &chars, i)
            }
            '.' | ')' => line_begin.is_some_and(|b| {
                i > b
                    && chars[b..i].iter().all(char::is_ascii_digit)
                    && chars.get(i + 1).is_none_or(|n| n.is_whitespace())
            }),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        if c == '\n' {
            line_begin = Some(i + 1);
        }
    }
    out
}

/// Whether the `#` at `i` ends a heading's text: unescaped, it (with any `#`s before it, after a
/// space) would read as the heading's closing sequence and vanish.
fn ends_heading(context: Context, chars: &[char], i: usize) -> bool {
    context == Context::Heading && i + 1 == chars.len()
}

/// A link's destination or title with its backslashes escaped, and each `&` that would read as
/// a character reference ("&copy;" kept as those six characters, not "©").
fn escape_link_part(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '\\' || c == '&' && looks_like_entity(&chars[i + 1..]) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `&` followed by `rest` would read as a character reference (`&amp;`, `&#35;`).
fn looks_like_entity(rest: &[char]) -> bool {
    let name: Vec<&char> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}
