//! The prose of a document: the paragraphs the blame rules check, each mapped back to its source.
//!
//! The offline linter (`debrief lint` on a Markdown file) and the live annotator (on the Yjs body)
//! must find the same phrases in the same text, so both take their paragraphs from the document
//! model with [`paragraphs`], under one rule: every heading and paragraph with text is a
//! paragraph, wherever it sits (lists, quotes, table cells); code blocks are left out; an inline
//! code span is masked with spaces, so no rule reads code as prose and offsets stay put; a hard
//! break is a `\n`, a soft break a space. Each paragraph keeps where each piece of its text came
//! from: [`Paragraph::source_range`] maps a finding back into a Markdown file,
//! [`Paragraph::anchor`] into the Yjs body as sticky indexes that keep covering the phrase while
//! people edit around it.
//!
//! An HTML comment `<!-- debrief-ignore RULE... -->` in a Markdown file silences those rules (all
//! rules when none is named) in the next paragraph, or in the paragraph it stands in. The live
//! document has no comments (import drops them); findings there are dismissed instead.
//! A `.txt` file is split on blank lines ([`plain_paragraphs`]).

use std::ops::Range;

use yrs::{Assoc, IndexedSequence, ReadTxn, StickyIndex, XmlTextRef};

use super::markdown::{self, TooDeep};
use super::{Block, Inline, Source};

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

    /// Adds the directives found in a piece of HTML (or of a Markdown file).
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
    /// Where the pieces of `text` came from, in order.
    spans: Vec<Span>,
    pub ignore: Ignore,
}

/// A piece of a paragraph's text and where it came from.
#[derive(Debug)]
struct Span {
    /// Byte range in the paragraph's text.
    text: Range<usize>,
    from: Place,
}

#[derive(Debug)]
enum Place {
    /// A byte range of a file; `exact` if the text is that range verbatim.
    File { range: Range<usize>, exact: bool },
    /// An `XmlText` of the live body, from UTF-16 offset `utf16`.
    Yjs { text: XmlTextRef, utf16: u32 },
}

/// The paragraphs of a tree, in document order; empty ones are left out.
pub fn paragraphs(blocks: &[Block]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    collect(blocks, &mut out);
    out
}

fn collect(blocks: &[Block], out: &mut Vec<Paragraph>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                let paragraph = Paragraph::of(content);
                if !paragraph.text.trim().is_empty() {
                    out.push(paragraph);
                }
            }
            Block::Blockquote { content, .. } => collect(content, out),
            Block::BulletList(items) | Block::OrderedList { items, .. } => {
                items.iter().for_each(|item| collect(&item.content, out))
            }
            Block::TaskList(items) => items.iter().for_each(|item| collect(&item.content, out)),
            Block::Table(rows) => rows
                .iter()
                .flat_map(|row| &row.cells)
                .for_each(|cell| collect(&cell.content, out)),
            Block::CodeBlock { .. } | Block::HorizontalRule { .. } => {}
        }
    }
}

/// The paragraphs of a Markdown file, with the ignore directives that apply to each.
pub fn markdown_paragraphs(src: &str) -> Result<Vec<Paragraph>, TooDeep> {
    let mut paragraphs = paragraphs(&markdown::read(src)?.blocks);
    // A directive applies to the paragraph it stands in or to the next one: it lies after the
    // end of the paragraph before and before the end of its own.
    let mut from = 0;
    for paragraph in &mut paragraphs {
        let Some(end) = paragraph.file_end() else {
            continue;
        };
        if let Some(between) = src.get(from..end.max(from)) {
            paragraph.ignore.add_directives(between);
        }
        from = end.max(from);
    }
    Ok(paragraphs)
}

/// The paragraphs of a plain-text document: runs of lines between blank lines.
pub fn plain_paragraphs(src: &str) -> Vec<Paragraph> {
    let mut done = Vec::new();
    let mut current = Paragraph::default();
    let mut pending = Ignore::Nothing;
    let mut end_paragraph = |current: &mut Paragraph, pending: &mut Ignore| {
        let paragraph = std::mem::take(current);
        if !paragraph.text.trim().is_empty() {
            done.push(Paragraph {
                ignore: std::mem::take(pending),
                ..paragraph
            });
        }
    };
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let range = offset..offset + line.len();
        offset = range.end;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            end_paragraph(&mut current, &mut pending);
        } else if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
            end_paragraph(&mut current, &mut pending);
            pending.add_directives(trimmed);
        } else {
            // Line breaks become spaces: same length, so the mapping stays exact.
            let start = current.text.len();
            current.text.push_str(&line.replace(['\n', '\r'], " "));
            current.spans.push(Span {
                text: start..current.text.len(),
                from: Place::File { range, exact: true },
            });
        }
    }
    end_paragraph(&mut current, &mut pending);
    done
}

impl Paragraph {
    /// The paragraph made of inline content.
    fn of(content: &[Inline]) -> Paragraph {
        let mut paragraph = Paragraph::default();
        for inline in content {
            let Inline::Text {
                text,
                marks,
                source,
            } = inline
            else {
                paragraph.text.push('\n');
                continue;
            };
            let start = paragraph.text.len();
            if marks.code {
                paragraph.text.extend(std::iter::repeat_n(' ', text.len()));
            } else {
                paragraph.text.push_str(text);
            }
            match source {
                Source::MarkdownText(pieces) => {
                    for (i, piece) in pieces.iter().enumerate() {
                        let end = pieces.get(i + 1).map_or(text.len(), |next| next.at);
                        paragraph.spans.push(Span {
                            text: start + piece.at..start + end,
                            from: Place::File {
                                range: piece.range.clone(),
                                exact: piece.exact,
                            },
                        });
                    }
                }
                Source::Text {
                    text: source,
                    utf16,
                } => paragraph.spans.push(Span {
                    text: start..paragraph.text.len(),
                    from: Place::Yjs {
                        text: source.clone(),
                        utf16: *utf16,
                    },
                }),
                Source::Built | Source::Markdown { .. } | Source::Node(_) => {}
            }
        }
        paragraph
    }

    /// Where the paragraph ends in its file, if it came from one.
    fn file_end(&self) -> Option<usize> {
        self.spans.iter().rev().find_map(|span| match &span.from {
            Place::File { range, .. } => Some(range.end),
            Place::Yjs { .. } => None,
        })
    }

    /// The byte range in the file of the byte range `start..end` of [`Paragraph::text`]. A
    /// paragraph not read from a file maps to an empty range at 0.
    pub fn source_range(&self, start: usize, end: usize) -> Range<usize> {
        let at = |offset: usize, span: &Span| match &span.from {
            Place::File { range, exact } => {
                let delta = offset.saturating_sub(span.text.start);
                if *exact {
                    range.start + delta
                } else {
                    (range.start + delta).min(range.end)
                }
            }
            Place::Yjs { .. } => 0,
        };
        // A start belongs to the span it starts in, an end to the span it ends in.
        let first = self
            .spans
            .partition_point(|s| s.text.start <= start)
            .saturating_sub(1);
        let last = self
            .spans
            .partition_point(|s| s.text.start < end)
            .saturating_sub(1);
        match (self.spans.get(first), self.spans.get(last)) {
            (Some(first), Some(last)) => at(start, first)..at(end, last).max(at(start, first)),
            _ => 0..0,
        }
    }

    /// Sticky indexes for the byte range `start..end` of [`Paragraph::text`] in the live body the
    /// paragraph was read from: the start sticks to the first character of the range, the end to
    /// the last, so the pair keeps spanning the phrase while text is inserted before, after or
    /// inside it. `None` if the range does not fall on Yjs text.
    pub fn anchor<T: ReadTxn>(
        &self,
        txn: &T,
        start: usize,
        end: usize,
    ) -> Option<(StickyIndex, StickyIndex)> {
        let (first, first_index) = self.position(start, false)?;
        let (last, last_index) = self.position(end, true)?;
        let start = first.sticky_index(txn, first_index, Assoc::After)?;
        let end = last.sticky_index(txn, last_index, Assoc::Before)?;
        Some((start, end))
    }

    /// The `XmlText` and UTF-16 index of byte offset `at`; `at_end` picks the span that ends
    /// there rather than the one that starts there.
    fn position(&self, at: usize, at_end: bool) -> Option<(&XmlTextRef, u32)> {
        let span = self.spans.iter().find(|s| {
            if at_end {
                s.text.start < at && at <= s.text.end
            } else {
                s.text.start <= at && at < s.text.end
            }
        })?;
        let Place::Yjs { text, utf16 } = &span.from else {
            return None;
        };
        let within = self.text.get(span.text.start..at)?;
        Some((text, utf16 + within.encode_utf16().count() as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::yjs;
    use crate::room::new_doc;
    use yrs::types::text::YChange;
    use yrs::{Any, Out, Text, Transact, XmlElementPrelim, XmlFragment, XmlTextPrelim};

    fn texts(paragraphs: &[Paragraph]) -> Vec<&str> {
        paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn markdown_prose_skips_code_and_front_matter_and_masks_code_spans() {
        let src = "---\ntitle: Kevin broke it\n---\n\n# Outage\n\nKevin ran `rm -rf` on\nthe *primary*.\n\n```\nhuman error\n```\n\n- one item\n- two\n\n| a | b |\n|---|---|\n| cell | x |\n";
        let paragraphs = markdown_paragraphs(src).unwrap();
        assert_eq!(
            texts(&paragraphs),
            [
                "Outage",
                "Kevin ran        on the primary.",
                "one item",
                "two",
                "a",
                "b",
                "cell",
                "x"
            ]
        );
    }

    #[test]
    fn offsets_map_back_to_the_source() {
        let src = "Intro.\n\nKevin ran `rm` on the *primary* \\& more.\n";
        let paragraphs = markdown_paragraphs(src).unwrap();
        let p = &paragraphs[1];
        let find = |needle: &str| {
            let start = p.text.find(needle).unwrap();
            let range = p.source_range(start, start + needle.len());
            &src[range]
        };
        assert_eq!(find("Kevin ran"), "Kevin ran");
        assert_eq!(find("on the primary"), "on the *primary");
        assert_eq!(find("more"), "more");
        // A masked code span maps into the span as written.
        let code = p.text.find("ran ").unwrap() + "ran ".len();
        assert_eq!(&src[p.source_range(code, code + 2)], "`r");
    }

    #[test]
    fn ignore_comments_apply_to_the_next_paragraph_only() {
        let src = "<!-- debrief-ignore human-error fault -->\nFirst.\n\n<!-- debrief-ignore -->\n\n- Second.\n\nThird.\n\nFourth <!-- debrief-ignore x --> here.\n";
        let paragraphs = markdown_paragraphs(src).unwrap();
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
        let paragraphs =
            markdown_paragraphs("<!-- debrief-ignored -->\n<!-- note -->\nText.\n").unwrap();
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

    /// A body with a heading, a list item paragraph with a code span, and a code block.
    fn sample() -> yrs::Doc {
        let doc = new_doc();
        let body = doc.get_or_insert_xml_fragment(yjs::BODY);
        let mut txn = doc.transact_mut();
        let heading = body.push_back(&mut txn, XmlElementPrelim::empty("heading"));
        heading.push_back(&mut txn, XmlTextPrelim::new("Impact 🔥 for users"));
        let list = body.push_back(&mut txn, XmlElementPrelim::empty("bulletList"));
        let item = list.push_back(&mut txn, XmlElementPrelim::empty("listItem"));
        let para = item.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        let text = para.push_back(&mut txn, XmlTextPrelim::new("Run "));
        text.insert_with_attributes(
            &mut txn,
            4,
            "rm -rf",
            [("code".into(), Any::Bool(true))].into(),
        );
        // Text typed after a code span does not continue it.
        text.insert_with_attributes(
            &mut txn,
            10,
            " then Bob broke it",
            [("code".into(), Any::Null)].into(),
        );
        let code = body.push_back(&mut txn, XmlElementPrelim::empty("codeBlock"));
        code.push_back(&mut txn, XmlTextPrelim::new("Bob broke it"));
        drop(txn);
        doc
    }

    fn live(doc: &yrs::Doc) -> Vec<Paragraph> {
        let txn = doc.transact();
        let body = txn.get_xml_fragment(yjs::BODY).unwrap();
        paragraphs(&yjs::read(&txn, &body))
    }

    #[test]
    fn live_paragraphs_mask_code_and_skip_code_blocks() {
        let doc = sample();
        assert_eq!(
            texts(&live(&doc)),
            ["Impact 🔥 for users", "Run        then Bob broke it"]
        );
    }

    #[test]
    fn anchors_resolve_to_the_phrase_after_edits_around_it() {
        let doc = sample();
        let (start, end) = {
            let ps = live(&doc);
            let p = &ps[1];
            let at = p.text.find("Bob broke").unwrap();
            p.anchor(&doc.transact(), at, at + "Bob broke".len())
                .unwrap()
        };
        let text = {
            let txn = doc.transact();
            let body = txn.get_xml_fragment(yjs::BODY).unwrap();
            let path = [1, 0, 0, 0];
            let para = yjs::element_at(&txn, &body, &path[..3]).unwrap();
            para.get(&txn, path[3]).unwrap().into_xml_text().unwrap()
        };
        // Someone types before the phrase.
        text.insert(&mut doc.transact_mut(), 0, "First: ");
        let txn = doc.transact();
        let (s, e) = (
            start.get_offset(&txn).unwrap(),
            end.get_offset(&txn).unwrap(),
        );
        let plain: String = text
            .diff(&txn, YChange::identity)
            .iter()
            .map(|d| match &d.insert {
                Out::Any(Any::String(s)) => s.to_string(),
                _ => String::new(),
            })
            .collect();
        let utf16: Vec<u16> = plain.encode_utf16().collect();
        let covered = String::from_utf16(&utf16[s.index as usize..e.index as usize]).unwrap();
        assert_eq!(covered, "Bob broke");
    }

    #[test]
    fn maps_offsets_after_astral_characters_to_utf16() {
        let doc = sample();
        let ps = live(&doc);
        let at = ps[0].text.find("for").unwrap();
        let txn = doc.transact();
        let (start, _) = ps[0].anchor(&txn, at, at + 3).unwrap();
        // "Impact 🔥 " is 10 UTF-16 units (the emoji takes two).
        assert_eq!(start.get_offset(&txn).unwrap().index, 10);
    }
}
