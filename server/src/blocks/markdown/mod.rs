//! Markdown and the document model: [`read`] is the one reader, [`write()`] the one writer.

mod read;
mod write;

pub use read::{read, Document, TooDeep, MAX_DEPTH};
pub use write::{heading_text, write};

use crate::blocks::Marks;

/// The marks of spaces at the edge of a run with `marks`, beside a run with `neighbour`'s: the
/// emphasis both share, and the run's own link. Emphasis cannot end in a space in Markdown
/// (`**a **b` is not bold, `**a** b` is), so the writer moves such spaces out and the reader
/// reads them the same way; a link keeps its spaces (`[ a](x)` is a link).
fn edge_marks(marks: &Marks, neighbour: &Marks) -> Marks {
    Marks {
        bold: marks.bold && neighbour.bold,
        italic: marks.italic && neighbour.italic,
        strike: marks.strike && neighbour.strike,
        code: false,
        link: marks.link.clone(),
    }
}
