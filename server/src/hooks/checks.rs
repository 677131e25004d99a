//! The checks a paragraph goes through, and the one shape of what they find: the [blame
//! rules](super::blame) and the [privacy check](super::privacy), for the live annotator, `debrief
//! lint` and `POST /api/lint` alike.

use super::blame::{self, RuleSet};
use super::privacy::{self, Terms};

/// The checks run on a paragraph: the blame rules and the privacy check with its terms, each
/// of which can be off (`debrief lint --checks`, `POST /api/lint`).
#[derive(Debug, Clone)]
pub struct Checks {
    pub rules: RuleSet,
    pub terms: Terms,
    pub blame: bool,
    pub privacy: bool,
}

impl Default for Checks {
    /// Both checks, with the default rules and no terms.
    fn default() -> Checks {
        Checks {
            rules: RuleSet::default_rules(),
            terms: Terms::default(),
            blame: true,
            privacy: true,
        }
    }
}

/// What a hook found in a paragraph, whichever hook it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// `blame` or `privacy`.
    pub kind: &'static str,
    pub rule: String,
    /// `blame` or `hindsight` for blame, `privacy` for private data.
    pub severity: &'static str,
    /// Byte range of the phrase in the paragraph's text, and the phrase.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub message: String,
    pub suggestion: String,
    /// What Apply writes instead: a blameless rewording, a redaction.
    pub replacement: Option<String>,
}

impl From<blame::Finding> for Finding {
    fn from(f: blame::Finding) -> Finding {
        Finding {
            kind: "blame",
            rule: f.rule,
            severity: f.severity.as_str(),
            start: f.start,
            end: f.end,
            text: f.text,
            message: f.message,
            suggestion: f.suggestion,
            replacement: f.replacement,
        }
    }
}

impl From<privacy::Finding> for Finding {
    fn from(f: privacy::Finding) -> Finding {
        Finding {
            kind: "privacy",
            rule: f.kind.rule().to_owned(),
            severity: "privacy",
            start: f.range.start,
            end: f.range.end,
            text: f.text,
            message: f.message.to_owned(),
            suggestion: format!("Redact it: {}.", f.redaction),
            replacement: Some(f.redaction.to_owned()),
        }
    }
}

impl Checks {
    /// Every finding in one paragraph's text, in text order.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        let mut found: Vec<Finding> = Vec::new();
        if self.blame {
            found.extend(self.rules.check(text).into_iter().map(Finding::from));
        }
        if self.privacy {
            found.extend(
                privacy::check(text, &self.terms)
                    .into_iter()
                    .map(Finding::from),
            );
        }
        // Stable: blame findings at the same start keep their order.
        found.sort_by_key(|f| f.start);
        found
    }
}
