//! Markdown and the document model: [`read`](mod@read) is the one reader, [`write()`] the one writer.

mod read;
mod write;

pub use read::{is_dropped_control, read, Document, TooDeep, MAX_DEPTH};
pub use write::{heading_text, write};
