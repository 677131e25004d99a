//! Markdown out: writes a postmortem as GitHub-flavoured Markdown that [`super::import`](mod@super::import) reads
//! back to the same postmortem. The metadata goes into YAML front matter, the title into an H1
//! that opens the document, the body through the document model's Markdown writer.

use super::Postmortem;
use crate::blocks::markdown;

/// Writes a postmortem as Markdown.
pub fn export(postmortem: &Postmortem) -> String {
    let meta = &postmortem.meta;
    let mut out = String::new();
    let fields = [
        ("incident_date", &meta.incident_date),
        ("severity", &meta.severity),
        ("status", &meta.status),
    ];
    if fields.iter().any(|(_, value)| !value.is_empty()) {
        out.push_str("---\n");
        for (key, value) in fields.iter().filter(|(_, value)| !value.is_empty()) {
            out.push_str(&format!("{key}: {value}\n"));
        }
        out.push_str("---\n\n");
    }
    if !meta.title.trim().is_empty() {
        out.push_str("# ");
        out.push_str(&markdown::heading_text(meta.title.trim()));
        out.push_str("\n\n");
    }
    out.push_str(&markdown::write(&postmortem.body));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
