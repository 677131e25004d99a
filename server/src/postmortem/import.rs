//! Markdown in: builds a postmortem (metadata and body) from a Markdown file.
//!
//! The body is read by the document model's Markdown reader; this adds what makes the file a
//! postmortem. The title is the front matter's `title`, else the first top-level H1; an H1 that
//! opens the document is the title and leaves the body.

use super::meta::{parse_incident_date, parse_severity, parse_status, MetaError};
use super::{Meta, Postmortem};
use crate::blocks::markdown::{self, TooDeep, MAX_DEPTH};
use crate::blocks::{inline_text, Block};

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

impl From<TooDeep> for ImportError {
    fn from(_: TooDeep) -> Self {
        ImportError::TooDeep
    }
}

/// Reads a Markdown document. Control characters other than tabs and line ends are dropped
/// first (the reader drops those written as character references): they are invisible in the editor, and beside emphasis markers they make CommonMark's
/// rules for where emphasis starts and ends read the exported file differently from the document.
pub fn import(text: &str) -> Result<Postmortem, ImportError> {
    let text: String = text
        .chars()
        .filter(|&c| !markdown::is_dropped_control(c))
        .collect();
    let document = markdown::read(&text)?;
    let mut body = document.blocks;
    let mut meta = front_matter(&document.front_matter)?;
    // An H1 with no text is no title: the export, having no title to write, would not give it
    // back, and the next H1 would become the title instead.
    let first_h1 = body.iter().position(|b| {
        matches!(b, Block::Heading { level: 1, content, .. } if !inline_text(content).trim().is_empty())
    });
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
    // Empty paragraphs have no Markdown form: a body of nothing else is empty.
    let blank =
        |block: &Block| matches!(block, Block::Paragraph { content, .. } if content.is_empty());
    if body.iter().all(blank) {
        if meta.title.is_empty() {
            return Err(ImportError::Empty);
        }
        body = vec![Block::empty_paragraph()];
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
