//! The prose of the live Yjs body, paragraph by paragraph, with a map back to Yjs positions.
//!
//! The blame annotator checks plain text, but its findings must be anchored in the document so
//! they keep covering their phrase while people edit around it. A [`Paragraph`] is the text of one
//! `paragraph` or `heading` element (wherever it sits: lists, quotes, table cells) with code spans
//! masked by spaces and code blocks left out, plus where each piece of that text lives: which
//! `XmlText`, at which UTF-16 index. [`Paragraph::anchor`] turns a byte range of the text into a
//! pair of Yjs sticky indexes (relative positions), the form the browser can resolve.

use yrs::types::text::YChange;
use yrs::{
    Any, Assoc, IndexedSequence, Out, ReadTxn, StickyIndex, Text, XmlElementRef, XmlFragment,
    XmlOut, XmlTextRef,
};

/// One paragraph's text and the Yjs text it came from.
pub struct Paragraph {
    pub text: String,
    chunks: Vec<Chunk>,
}

/// A run of `Paragraph::text` that comes from one formatting chunk of one `XmlText`.
struct Chunk {
    source: XmlTextRef,
    /// Where the run starts in the paragraph's text (bytes).
    byte_start: usize,
    byte_end: usize,
    /// Where it starts in its `XmlText` (UTF-16 units, the documents' offset kind).
    utf16_start: u32,
}

/// The paragraphs of the body fragment, in document order; empty ones are left out.
pub fn paragraphs<T: ReadTxn>(txn: &T, body: &impl XmlFragment) -> Vec<Paragraph> {
    let mut out = Vec::new();
    walk(txn, body, &mut out);
    out
}

fn walk<T: ReadTxn>(txn: &T, parent: &impl XmlFragment, out: &mut Vec<Paragraph>) {
    for child in parent.children(txn) {
        let XmlOut::Element(element) = child else {
            continue;
        };
        match element.tag().as_ref() {
            "paragraph" | "heading" => {
                let paragraph = read_paragraph(txn, &element);
                if !paragraph.text.trim().is_empty() {
                    out.push(paragraph);
                }
            }
            "codeBlock" => {}
            _ => walk(txn, &element, out),
        }
    }
}

fn read_paragraph<T: ReadTxn>(txn: &T, element: &XmlElementRef) -> Paragraph {
    let mut paragraph = Paragraph {
        text: String::new(),
        chunks: Vec::new(),
    };
    for child in element.children(txn) {
        match child {
            XmlOut::Text(text) => {
                let mut utf16 = 0u32;
                for diff in text.diff(txn, YChange::identity) {
                    let Out::Any(Any::String(run)) = &diff.insert else {
                        // An embed takes one position and no text.
                        utf16 += 1;
                        continue;
                    };
                    let is_code = diff
                        .attributes
                        .as_ref()
                        .is_some_and(|attrs| attrs.contains_key("code"));
                    let byte_start = paragraph.text.len();
                    if is_code {
                        paragraph.text.extend(std::iter::repeat_n(' ', run.len()));
                    } else {
                        paragraph.text.push_str(run);
                    }
                    paragraph.chunks.push(Chunk {
                        source: text.clone(),
                        byte_start,
                        byte_end: paragraph.text.len(),
                        utf16_start: utf16,
                    });
                    utf16 += run.encode_utf16().count() as u32;
                }
            }
            // A hard break (or any inline node) separates text without belonging to it.
            XmlOut::Element(_) | XmlOut::Fragment(_) => paragraph.text.push('\n'),
        }
    }
    paragraph
}

impl Paragraph {
    /// Sticky indexes for the byte range `start..end` of [`Paragraph::text`]: the start sticks to
    /// the first character of the range, the end to the last, so the pair keeps spanning the
    /// phrase while text is inserted before, after or inside it. `None` if the range does not
    /// fall on text (e.g. it touches a masked code span at an edge it cannot map).
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

    /// The `XmlText` and UTF-16 index of byte offset `at`; `at_end` picks the chunk that ends
    /// there rather than the one that starts there.
    fn position(&self, at: usize, at_end: bool) -> Option<(&XmlTextRef, u32)> {
        let chunk = self.chunks.iter().find(|c| {
            if at_end {
                c.byte_start < at && at <= c.byte_end
            } else {
                c.byte_start <= at && at < c.byte_end
            }
        })?;
        let within = self.text.get(chunk.byte_start..at)?;
        Some((
            &chunk.source,
            chunk.utf16_start + within.encode_utf16().count() as u32,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::new_doc;
    use yrs::{GetString, Transact, XmlElementPrelim, XmlTextPrelim};

    /// A body with a heading, a list item paragraph with a code span, and a code block.
    fn sample() -> yrs::Doc {
        let doc = new_doc();
        let body = doc.get_or_insert_xml_fragment("body");
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

    #[test]
    fn reads_paragraphs_masks_code_and_skips_code_blocks() {
        let doc = sample();
        let txn = doc.transact();
        let body = txn.get_xml_fragment("body").unwrap();
        let texts: Vec<String> = paragraphs(&txn, &body)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(
            texts,
            ["Impact 🔥 for users", "Run        then Bob broke it"]
        );
    }

    #[test]
    fn anchors_resolve_to_the_phrase_after_edits_around_it() {
        let doc = sample();
        let (start, end) = {
            let txn = doc.transact();
            let body = txn.get_xml_fragment("body").unwrap();
            let ps = paragraphs(&txn, &body);
            let p = &ps[1];
            let at = p.text.find("Bob broke").unwrap();
            p.anchor(&txn, at, at + "Bob broke".len()).unwrap()
        };
        // Someone types before the phrase.
        {
            let body = doc.get_or_insert_xml_fragment("body");
            let mut txn = doc.transact_mut();
            let list = body.get(&txn, 1).unwrap().into_xml_element().unwrap();
            let item = list.get(&txn, 0).unwrap().into_xml_element().unwrap();
            let para = item.get(&txn, 0).unwrap().into_xml_element().unwrap();
            let text = para.get(&txn, 0).unwrap().into_xml_text().unwrap();
            text.insert(&mut txn, 0, "First: ");
        }
        let txn = doc.transact();
        let (s, e) = (
            start.get_offset(&txn).unwrap(),
            end.get_offset(&txn).unwrap(),
        );
        let body = txn.get_xml_fragment("body").unwrap();
        let list = body.get(&txn, 1).unwrap().into_xml_element().unwrap();
        let item = list.get(&txn, 0).unwrap().into_xml_element().unwrap();
        let para = item.get(&txn, 0).unwrap().into_xml_element().unwrap();
        let text = para.get(&txn, 0).unwrap().into_xml_text().unwrap();
        let full = text.get_string(&txn);
        // Formatting markup aside, the resolved range still covers "Bob broke".
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
        assert_eq!(covered, "Bob broke", "in {full}");
    }

    #[test]
    fn maps_offsets_after_astral_characters_to_utf16() {
        let doc = sample();
        let txn = doc.transact();
        let body = txn.get_xml_fragment("body").unwrap();
        let ps = paragraphs(&txn, &body);
        let at = ps[0].text.find("for").unwrap();
        let (start, _) = ps[0].anchor(&txn, at, at + 3).unwrap();
        // "Impact 🔥 " is 10 UTF-16 units (the emoji takes two).
        assert_eq!(start.get_offset(&txn).unwrap().index, 10);
    }
}
