//! The built-in postmortem template: the sections a blameless postmortem needs, in the order
//! people usually write them, each an H2 heading followed by an empty paragraph to type into, and
//! the action items as a task list with one empty item.

use crate::blocks::{Block, Inline, Marks, Source, TaskItem};

/// The template's section headings, in order.
pub const SECTIONS: [&str; 10] = [
    "Summary",
    "Impact",
    "Timeline",
    "Contributing factors",
    "Detection",
    "Resolution",
    "What went well",
    "Where we got lucky",
    "Action items",
    "Lessons learned",
];

/// The section whose content is a task list.
const ACTION_ITEMS: &str = "Action items";

/// The template's body.
pub fn template_body() -> Vec<Block> {
    let mut body = Vec::new();
    for section in SECTIONS {
        body.push(Block::Heading {
            level: 2,
            content: vec![Inline::text(section, Marks::default())],
            source: Source::Built,
        });
        body.push(if section == ACTION_ITEMS {
            Block::TaskList(vec![TaskItem {
                checked: false,
                content: vec![Block::empty_paragraph()],
                source: Source::Built,
            }])
        } else {
            Block::empty_paragraph()
        });
    }
    body
}
