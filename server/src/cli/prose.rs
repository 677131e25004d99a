//! The prose of a file: its paragraphs as plain text, each mapped back to offsets in the file.
//!
//! Linters must not flag code, so Markdown is parsed (CommonMark with tables, footnotes, task
//! lists and YAML front matter): code blocks and front matter are left out, and an inline code
//! span becomes the neutral word `code` so the sentence around it still reads as a sentence.
//! Headings, list items and table cells count as paragraphs. A `.txt` file is split on blank
//! lines instead.
//!
//! An HTML comment `<!-- debrief-ignore RULE... -->` silences those rules (all rules when none
//! is named) in the next paragraph, or in the paragraph it stands in.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Which rules a paragraph silences.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub enum Ignore {
    #[default]
    Nothing,
    All,
    Rules(Vec<String>),
}

impl Ignore {
    /// The rule ids named (none for `Nothing` and `All`).
    pub fn named(&self) -> &[String] {
        match self {
            Ignore::Rules(rules) => rules,
            _ => &[],
        }
    }

    pub fn silences(&self, rule: &str) -> bool {
        match self {
            Ignore::Nothing => false,
            Ignore::All => true,
            Ignore::Rules(rules) => rules.iter().any(|r| r == rule),
        }
    }

    /// Adds the directives found in a piece of HTML.
    fn add_directives(&mut self, html: &str) {
        let mut rest = html;
        while let Some(open) = rest.find("<!--") {
            let body = &rest[open + 4..];
            let Some(close) = body.find("-->") else {
                return;
            };
            let mut words = body[..close].split_whitespace();
            if words.next() == Some("debrief-ignore") {
                let rules: Vec<String> = words.map(str::to_owned).collect();
                self.add(rules);
            }
            rest = &body[close + 3..];
        }
    }

    fn add(&mut self, rules: Vec<String>) {
        *self = match std::mem::take(self) {
            Ignore::All => Ignore::All,
            _ if rules.is_empty() => Ignore::All,
            Ignore::Nothing => Ignore::Rules(rules),
            Ignore::Rules(mut old) => {
                old.extend(rules);
                Ignore::Rules(old)
            }
        };
    }
}

/// One paragraph of prose.
#[derive(Debug, Default)]
pub struct Paragraph {
    /// The plain text that rules are checked against.
    pub text: String,
    /// Where each piece of `text` came from, in order.
    pieces: Vec<Piece>,
    pub ignore: Ignore,
}

#[derive(Debug)]
struct Piece {
    /// Byte offset of the piece in the paragraph text.
    text_start: usize,
    /// Byte range in the file.
    source: Range<usize>,
    /// Whether the text is the source verbatim, so that offsets inside map one to one; if not
    /// (escapes, entities, code placeholders) offsets inside are clamped to `source`.
    exact: bool,
}

impl Paragraph {
    fn push(&mut self, text: &str, source: Range<usize>, exact: bool) {
        self.pieces.push(Piece {
            text_start: self.text.len(),
            source,
            exact,
        });
        self.text.push_str(text);
    }

    /// The byte range in the file of the byte range `start..end` of [`Paragraph::text`].
    pub fn source_range(&self, start: usize, end: usize) -> Range<usize> {
        let at = |offset: usize, piece: &Piece| {
            let delta = offset - piece.text_start;
            if piece.exact {
                piece.source.start + delta
            } else {
                (piece.source.start + delta).min(piece.source.end)
            }
        };
        // A start belongs to the piece it starts in, an end to the piece it ends in.
        let first = self.pieces.partition_point(|p| p.text_start <= start) - 1;
        let last = self.pieces.partition_point(|p| p.text_start < end) - 1;
        at(start, &self.pieces[first])..at(end, &self.pieces[last])
    }
}

/// The paragraphs of a Markdown document.
pub fn markdown_paragraphs(src: &str) -> Vec<Paragraph> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = Paragraphs::default();
    let mut in_code = false;
    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => {
                out.end_paragraph();
                in_code = true;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => in_code = false,
            Event::Start(tag) if is_inline(tag.clone().into()) => {}
            Event::End(tag) if is_inline(tag) => {}
            Event::Start(_) | Event::End(_) => out.end_paragraph(),
            Event::Text(text) if !in_code => {
                let exact = src.get(range.clone()) == Some(&*text);
                out.current.push(&text, range, exact);
            }
            Event::Code(_) => out.current.push("code", range, false),
            Event::SoftBreak | Event::HardBreak => out.current.push(" ", range, false),
            Event::Html(html) | Event::InlineHtml(html) => out.pending.add_directives(&html),
            _ => {}
        }
    }
    out.finish()
}

/// The paragraphs of a plain-text document: runs of lines between blank lines.
pub fn plain_paragraphs(src: &str) -> Vec<Paragraph> {
    let mut out = Paragraphs::default();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let range = offset..offset + line.len();
        offset = range.end;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.end_paragraph();
        } else if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
            out.end_paragraph();
            out.pending.add_directives(trimmed);
        } else {
            // Line breaks become spaces: same length, so the mapping stays exact.
            out.current
                .push(&line.replace(['\n', '\r'], " "), range, true);
        }
    }
    out.finish()
}

fn is_inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Collects paragraphs, handing pending ignore directives to the next non-empty one.
#[derive(Default)]
struct Paragraphs {
    done: Vec<Paragraph>,
    current: Paragraph,
    pending: Ignore,
}

impl Paragraphs {
    fn end_paragraph(&mut self) {
        let paragraph = std::mem::take(&mut self.current);
        if !paragraph.text.trim().is_empty() {
            self.done.push(Paragraph {
                ignore: std::mem::take(&mut self.pending),
                ..paragraph
            });
        }
    }

    fn finish(mut self) -> Vec<Paragraph> {
        self.end_paragraph();
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(paragraphs: &[Paragraph]) -> Vec<&str> {
        paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn markdown_prose_skips_code_and_front_matter() {
        let src = "---\ntitle: Kevin broke it\n---\n\n# Outage\n\nKevin ran `rm -rf` on\nthe *primary*.\n\n```\nhuman error\n```\n\n- one item\n- two\n";
        let paragraphs = markdown_paragraphs(src);
        assert_eq!(
            texts(&paragraphs),
            [
                "Outage",
                "Kevin ran code on the primary.",
                "one item",
                "two"
            ]
        );
    }

    #[test]
    fn offsets_map_back_to_the_source() {
        let src = "Intro.\n\nKevin ran `rm` on the *primary* \\& more.\n";
        let paragraphs = markdown_paragraphs(src);
        let p = &paragraphs[1];
        let find = |needle: &str| {
            let start = p.text.find(needle).unwrap();
            let range = p.source_range(start, start + needle.len());
            &src[range]
        };
        assert_eq!(find("Kevin ran"), "Kevin ran");
        assert_eq!(find("on the primary"), "on the *primary");
        assert_eq!(find("code"), "`rm`");
        assert_eq!(find("more"), "more");
    }

    #[test]
    fn ignore_comments_apply_to_the_next_paragraph_only() {
        let src = "<!-- debrief-ignore human-error fault -->\nFirst.\n\n<!-- debrief-ignore -->\n\n- Second.\n\nThird.\n\nFourth <!-- debrief-ignore x --> here.\n";
        let paragraphs = markdown_paragraphs(src);
        let ignores: Vec<&Ignore> = paragraphs.iter().map(|p| &p.ignore).collect();
        assert_eq!(
            ignores,
            [
                &Ignore::Rules(vec!["human-error".into(), "fault".into()]),
                &Ignore::All,
                &Ignore::Nothing,
                &Ignore::Rules(vec!["x".into()]),
            ]
        );
        assert!(paragraphs[0].ignore.silences("fault"));
        assert!(!paragraphs[0].ignore.silences("culprit"));
    }

    #[test]
    fn other_comments_are_not_directives() {
        let paragraphs = markdown_paragraphs("<!-- debrief-ignored -->\n<!-- note -->\nText.\n");
        assert_eq!(paragraphs[0].ignore, Ignore::Nothing);
    }

    #[test]
    fn plain_text_splits_on_blank_lines() {
        let src = "Kevin broke\nprod.\n\n<!-- debrief-ignore -->\n  \nSecond `x`.\n";
        let paragraphs = plain_paragraphs(src);
        assert_eq!(texts(&paragraphs), ["Kevin broke prod. ", "Second `x`. "]);
        assert_eq!(paragraphs[1].ignore, Ignore::All);
        let p = &paragraphs[0];
        assert_eq!(&src[p.source_range(6, 17)], "broke\nprod.");
    }
}
