//! Which part of the document a block is in: an action-item section, an aside (timeline,
//! appendix) or anything else.
//!
//! A heading opens a section until the next heading of the same or a higher level. Headings named
//! like action items (`Action items`, `Follow-ups`, `Remediation`, `Corrective actions`, `Next
//! steps`, `Short-term improvements`, numbered or not, any level) make an action section; a
//! subsection with a neutral name (`Short-term`, `Monitoring`) stays one. Timelines and appendices
//! are asides, and everything under them is too, so checklists there are never taken. A short
//! label paragraph (`**Completed:**`, `Action items:`) works like a heading within its section.
//! Headings and labels can also say the status of what follows: `Immediate actions
//! (completed)`, `**In progress:**`.

use std::sync::LazyLock;

use regex::Regex;

use super::fields::NOT_DOING_WORDS;
use super::Status;

static ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:action(?:s|\s+items?|\s+plan|\s+points)?|ais|follow[\s-]?ups?|remediations?|corrective|preventive|preventative|next\s+steps|improvements|to-?dos?|going\s+forward|preventing\s+(?:it|this|that|recurrences?|a\s+repeat|future)|prevention|countermeasures|what\s+we(?:'re|\s+are|\s+will)\s+(?:doing|changing|do|change))\b")
        .expect("action heading pattern")
});
/// Sections whose lists are never action items, nor anything under them.
static ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:timeline|chronology|appendix|appendices|glossary|attendees|participants|actions?\s+taken)\b")
        .expect("aside heading pattern")
});
/// Sections that end an action section, unless they are named like one too.
static OTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:what\s+went|went\s+(?:well|wrong)|lessons?|learnings|takeaways|root\s+causes?|contributing|impact|summary|background|detection|resolution|insights|stats)\b")
        .expect("other heading pattern")
});
static HINT_NOT_DOING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:{NOT_DOING_WORDS})\b")).expect("not doing hint")
});
static HINT_DONE: LazyLock<Regex> = LazyLock::new(|| {
    // Only past forms: `To complete before …` is still to do.
    Regex::new(r"(?i)\b(?:completed|done|finished|resolved|closed|implemented|fixed|shipped)\b")
        .expect("done hint")
});
static HINT_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:open|planned|pending|in[\s-]progress|ongoing|to\s+do|outstanding|remaining|future|upcoming)\b")
        .expect("open hint")
});

/// What kind of part of the document a block is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Part {
    /// An action-item section, with the status its heading or label gives, if any.
    Action(Option<Status>),
    /// A timeline, appendix or the like.
    Aside,
    #[default]
    Other,
}

/// Follows headings and labels through the document.
#[derive(Debug, Default)]
pub(super) struct Sections {
    open: Vec<(u8, Part)>,
    label: Option<Part>,
    seen_heading: bool,
}

impl Sections {
    /// The part the next block is in.
    pub(super) fn current(&self) -> Part {
        self.label.unwrap_or_else(|| self.heading_part())
    }

    fn heading_part(&self) -> Part {
        self.open.last().map_or(Part::Other, |&(_, part)| part)
    }

    pub(super) fn heading(&mut self, level: u8, text: &str) {
        self.label = None;
        while self.open.last().is_some_and(|&(open, _)| open >= level) {
            self.open.pop();
        }
        // A document's title (`# Improvements to X broke Y`) names the incident, not a section.
        let title = level == 1 && !std::mem::replace(&mut self.seen_heading, true);
        let part = if title {
            Part::Other
        } else {
            classify(text, self.heading_part())
        };
        self.open.push((level, part));
    }

    pub(super) fn label(&mut self, text: &str) {
        self.label = Some(classify(text, self.current()));
    }
}

/// The part a heading (or label) named `text` opens inside `parent`.
fn classify(text: &str, parent: Part) -> Part {
    if parent == Part::Aside || ASIDE.is_match(text) {
        return Part::Aside;
    }
    let inherited = match parent {
        Part::Action(status) => status,
        _ => None,
    };
    if ACTION.is_match(text) {
        Part::Action(status_hint(text).or(inherited))
    } else if OTHER.is_match(text) {
        Part::Other
    } else if let Part::Action(_) = parent {
        Part::Action(status_hint(text).or(inherited))
    } else {
        parent
    }
}

fn status_hint(text: &str) -> Option<Status> {
    if HINT_NOT_DOING.is_match(text) {
        Some(Status::NotDoing)
    } else if HINT_OPEN.is_match(text) {
        Some(Status::Open)
    } else if HINT_DONE.is_match(text) {
        Some(Status::Done)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(headings: &[(u8, &str)]) -> Part {
        let mut sections = Sections::default();
        for &(level, text) in headings {
            sections.heading(level, text);
        }
        sections.current()
    }

    #[test]
    fn action_headings_in_any_shape() {
        for text in [
            "Action Items",
            "5. Action items",
            "Follow-ups",
            "Follow up",
            "Remediation",
            "Corrective and preventive actions",
            "Next steps",
            "How are we preventing it from happening again?",
            "Long-term Improvements (Q4 2025 - Q1 2026)",
            "TODOs",
        ] {
            assert_eq!(after(&[(2, text)]), Part::Action(None), "{text}");
        }
        for text in [
            "Timeline",
            "Follow-up timeline (times in BST)",
            "Lessons learned",
            "What went well",
            "Contributing factors",
            "Impact",
            "Actions taken",
        ] {
            assert_ne!(after(&[(2, text)]), Part::Action(None), "{text}");
        }
    }

    #[test]
    fn subsections_inherit_until_a_peer_heading() {
        assert_eq!(
            after(&[(2, "Remediation"), (3, "Short-term")]),
            Part::Action(None)
        );
        assert_eq!(
            after(&[(2, "Remediation"), (3, "Immediate Actions (Completed)")]),
            Part::Action(Some(Status::Done))
        );
        assert_eq!(
            after(&[(2, "Action items"), (3, "Planned (in progress)")]),
            Part::Action(Some(Status::Open))
        );
        assert_eq!(after(&[(2, "Action items"), (3, "Lessons")]), Part::Other);
        assert_eq!(
            after(&[(2, "Action items"), (2, "Lessons learned")]),
            Part::Other
        );
        assert_eq!(
            after(&[(1, "Postmortem"), (2, "Action items"), (1, "Next doc")]),
            Part::Other
        );
    }

    #[test]
    fn a_document_title_is_not_a_section_name() {
        assert_eq!(
            after(&[(1, "Traefik rule preventing some traffic"), (2, "Impact")]),
            Part::Other
        );
        assert_eq!(
            after(&[(1, "Outage"), (1, "Action items")]),
            Part::Action(None)
        );
    }

    #[test]
    fn appendices_cover_everything_below_them() {
        assert_eq!(
            after(&[(2, "Appendix"), (3, "Follow-up checklist")]),
            Part::Aside
        );
    }

    #[test]
    fn labels_act_within_their_section() {
        let mut sections = Sections::default();
        sections.heading(2, "Notes");
        sections.label("Action items:");
        assert_eq!(sections.current(), Part::Action(None));
        sections.label("Completed:");
        assert_eq!(sections.current(), Part::Action(Some(Status::Done)));
        sections.label("What went well:");
        assert_eq!(sections.current(), Part::Other);
        sections.heading(2, "Remediation");
        sections.label("To complete before re-enabling sync:");
        assert_eq!(sections.current(), Part::Action(None));
        sections.label("In progress (next 2 weeks):");
        assert_eq!(sections.current(), Part::Action(Some(Status::Open)));
    }
}
