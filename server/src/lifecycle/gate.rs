//! The publish gate, pure: what must be true before a postmortem goes out, computed from facts
//! the caller gathers (`http/review.rs` reads them from the postmortem's rooms and the tracker).
//!
//! - no open blame annotations (hindsight hints may stay);
//! - every open action item has an owner and a due date;
//! - no unresolved comment threads;
//! - the required template sections are not empty;
//! - the approvals are present;
//! - the privacy check is clean, or each finding is acknowledged (dismissed).

use serde::Serialize;

use super::workflow::{Review, Stage};

/// The sections a postmortem must not leave empty to be published.
pub const REQUIRED_SECTIONS: [&str; 5] = [
    "Summary",
    "Impact",
    "Timeline",
    "Contributing factors",
    "Action items",
];

/// What the gate looks at, as read from the postmortem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Blame annotations (not hints) that are not dismissed: their phrases.
    pub open_blame: Vec<String>,
    /// Privacy findings that are not acknowledged: their text.
    pub open_privacy: Vec<String>,
    /// Open action items without an owner or a due date: their text.
    pub incomplete_items: Vec<String>,
    /// Comment threads not resolved: what they quote.
    pub open_threads: Vec<String>,
    /// The headings of the body's sections that have some text under them (lower case).
    pub filled_sections: Vec<String>,
}

/// One item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub id: &'static str,
    pub label: &'static str,
    pub ok: bool,
    /// What fails, when it does.
    pub detail: Option<String>,
}

/// The checklist for `review` and `facts`; the postmortem may be published when every item is
/// ok.
pub fn checklist(review: &Review, facts: &Facts) -> Vec<Check> {
    let missing: Vec<&str> = REQUIRED_SECTIONS
        .iter()
        .copied()
        .filter(|section| {
            !facts
                .filled_sections
                .iter()
                .any(|filled| filled == &section.to_lowercase())
        })
        .collect();
    let approvals = review.approvals.len() as u32;
    let approved = matches!(review.stage, Stage::Approved | Stage::Published);
    vec![
        listed(
            "no_blame",
            "No open blame annotations",
            &facts.open_blame,
            "open",
        ),
        listed(
            "action_items_complete",
            "Every action item has an owner and a due date",
            &facts.incomplete_items,
            "without an owner or a due date",
        ),
        listed(
            "threads_resolved",
            "No unresolved comment threads",
            &facts.open_threads,
            "unresolved",
        ),
        Check {
            id: "sections_filled",
            label: "The required sections are written",
            ok: missing.is_empty(),
            detail: (!missing.is_empty()).then(|| format!("empty: {}", missing.join(", "))),
        },
        Check {
            id: "approved",
            label: "The approvals are present",
            ok: approved,
            detail: (!approved)
                .then(|| format!("{approvals} of {} approvals", review.required_approvals)),
        },
        listed(
            "privacy_clean",
            "The privacy check is clean or acknowledged",
            &facts.open_privacy,
            "to redact or acknowledge",
        ),
    ]
}

/// Whether every item passes.
pub fn passes(checklist: &[Check]) -> bool {
    checklist.iter().all(|check| check.ok)
}

fn listed(id: &'static str, label: &'static str, failing: &[String], what: &str) -> Check {
    const SHOWN: usize = 3;
    let detail = (!failing.is_empty()).then(|| {
        let mut quoted: Vec<String> = failing
            .iter()
            .take(SHOWN)
            .map(|text| format!("“{}”", excerpt(text)))
            .collect();
        if failing.len() > SHOWN {
            quoted.push(format!("and {} more", failing.len() - SHOWN));
        }
        format!("{} {what}: {}", failing.len(), quoted.join(", "))
    });
    Check {
        id,
        label,
        ok: failing.is_empty(),
        detail,
    }
}

/// At most 60 characters of `text`.
fn excerpt(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approved() -> Review {
        Review {
            stage: Stage::Approved,
            ..Review::default()
        }
    }

    fn complete() -> Facts {
        Facts {
            filled_sections: REQUIRED_SECTIONS.iter().map(|s| s.to_lowercase()).collect(),
            ..Facts::default()
        }
    }

    #[test]
    fn a_complete_approved_postmortem_passes() {
        let list = checklist(&approved(), &complete());
        assert!(passes(&list), "{list:?}");
        assert_eq!(list.len(), 6);
    }

    #[test]
    fn each_item_fails_on_its_own() {
        let cases: Vec<(&str, Review, Facts)> = vec![
            (
                "no_blame",
                approved(),
                Facts {
                    open_blame: vec!["Kevin broke prod".into()],
                    ..complete()
                },
            ),
            (
                "action_items_complete",
                approved(),
                Facts {
                    incomplete_items: vec!["Add a canary".into()],
                    ..complete()
                },
            ),
            (
                "threads_resolved",
                approved(),
                Facts {
                    open_threads: vec!["the queue".into()],
                    ..complete()
                },
            ),
            (
                "sections_filled",
                approved(),
                Facts {
                    filled_sections: vec!["summary".into()],
                    ..complete()
                },
            ),
            ("approved", Review::default(), complete()),
            (
                "privacy_clean",
                approved(),
                Facts {
                    open_privacy: vec!["jane@acme.io".into()],
                    ..complete()
                },
            ),
        ];
        for (id, review, facts) in cases {
            let list = checklist(&review, &facts);
            let failing: Vec<&str> = list.iter().filter(|c| !c.ok).map(|c| c.id).collect();
            assert_eq!(failing, [id]);
            assert!(list.iter().find(|c| c.id == id).unwrap().detail.is_some());
        }
    }

    #[test]
    fn details_name_what_fails_and_how_many() {
        let facts = Facts {
            open_threads: (1..=5).map(|i| format!("thread {i}")).collect(),
            filled_sections: vec!["summary".into(), "impact".into()],
            ..Facts::default()
        };
        let list = checklist(&approved(), &facts);
        let detail = |id: &str| list.iter().find(|c| c.id == id).unwrap().detail.clone();
        assert_eq!(
            detail("threads_resolved").as_deref(),
            Some("5 unresolved: “thread 1”, “thread 2”, “thread 3”, and 2 more")
        );
        assert_eq!(
            detail("sections_filled").as_deref(),
            Some("empty: Timeline, Contributing factors, Action items")
        );
    }
}
