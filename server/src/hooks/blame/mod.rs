//! Blameful-language annotator: a rules engine over one paragraph of plain text.
//!
//! Blameless postmortems ask people to describe what made an action possible, not who did it.
//! Generic prose linters drown writers in false positives, so these rules put precision first:
//! most of them need a *person* (a name, a role, a team, "he", "someone") as the subject of a
//! blame verb, so "the health check failed to detect" passes while "the DBA failed to verify" is
//! flagged, and a name that is only a neutral actor in a timeline ("Laura paged the DBA") passes.
//!
//! The rules are data: `default_rules.toml` is embedded in the binary and documents the format;
//! a team's own file ([`RuleSet::from_toml`]) extends or replaces it. Each rule is a regular
//! expression built from named *terms* (lists such as `given_name` or `role`), so a team can add
//! its own names or roles without writing a pattern. Every rule carries examples and
//! counterexamples, which are checked whenever rules are loaded.
//!
//! The engine is pure: [`RuleSet::check`] takes a paragraph and returns [`Finding`]s with byte
//! offsets into it. Markdown, files and editors are the callers' business.

mod detector;
mod rule_file;

use std::sync::{Arc, LazyLock};

use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};

use detector::Form;
use rule_file::{RuleFile, RuleSpec};

pub use detector::model;
pub use rule_file::RuleError;

/// The default rules, in the format a `--rules` file uses.
const DEFAULT_RULES_TOML: &str = include_str!("default_rules.toml");

/// How strongly a finding suggests rewording. Ordered: `Hindsight < Blame`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A hint: hindsight or minimising wording ("we failed to verify", "should have been
    /// addressed earlier"), worth a second look.
    #[serde(alias = "info")]
    Hindsight,
    /// Wording a blameless reviewer would ask to rewrite: it places the cause on a person.
    #[serde(alias = "warning")]
    Blame,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hindsight => "hindsight",
            Severity::Blame => "blame",
        }
    }
}

/// One flagged phrase in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Id of the rule that fired, e.g. `human-error`.
    pub rule: String,
    pub severity: Severity,
    /// Byte offset of the phrase in the checked text.
    pub start: usize,
    /// Byte offset just past the phrase.
    pub end: usize,
    /// The phrase itself (`text[start..end]`).
    pub text: String,
    /// Why the phrase may read as blame.
    pub message: String,
    /// How to say it without blame.
    pub suggestion: String,
    /// Text that can directly replace the phrase, where the rule has one.
    pub replacement: Option<String>,
}

/// A compiled set of rules: the structural detector's forms and the phrase rules. Cheap to clone
/// (the compiled expressions are shared).
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Rules,
    /// The detector's forms that are on (a user file may `disable` some, or all with
    /// `replace_defaults`).
    forms: Vec<Form>,
}

#[derive(Debug, Clone)]
enum Rules {
    /// The embedded rules, compiled once per process on first use (about half a second: their
    /// name lists make large expressions), so that a server can listen before they are ready.
    Default,
    Own(Arc<Vec<Rule>>),
}

static DEFAULT: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    compile_rules(default_file()).expect("the embedded default rules are valid (unit-tested)")
});

fn compile_rules(file: RuleFile) -> Result<Vec<Rule>, RuleError> {
    let mut terms = rule_file::Terms::new(&file.terms);
    let rules = file
        .rules
        .iter()
        .map(|spec| Rule::compile(spec, &mut terms))
        .collect::<Result<Vec<_>, _>>()?;
    if rules.is_empty() {
        return Err(RuleError::NoRules);
    }
    Ok(rules)
}

fn default_file() -> RuleFile {
    RuleFile::parse(DEFAULT_RULES_TOML).expect("the embedded default rules parse (unit-tested)")
}

impl RuleSet {
    /// The rules embedded in the binary (compiled on first use; see [`Self::prepare`]).
    pub fn default_rules() -> RuleSet {
        RuleSet {
            rules: Rules::Default,
            forms: Form::ALL.to_vec(),
        }
    }

    /// Compiles the embedded rules on a background thread now, so that the first check does not
    /// wait for them. On Linux the thread runs only when a core would otherwise be idle: loading
    /// documents for the first clients after a restart comes first.
    pub fn prepare(&self) {
        if let Rules::Default = self.rules {
            std::thread::spawn(|| {
                #[cfg(all(target_os = "linux", target_env = "gnu"))]
                // SAFETY: a plain syscall on the calling thread (pid 0) with a valid parameter.
                unsafe {
                    let idle = libc::sched_param { sched_priority: 0 };
                    libc::sched_setscheduler(0, libc::SCHED_IDLE, &idle);
                }
                LazyLock::force(&DEFAULT);
                // Compiling leaves megabytes of freed scratch (regex syntax trees, automaton
                // builders) in this thread's malloc arena; they would stay resident.
                crate::allocator::give_back_now();
            });
        }
    }

    /// Rules from a user's TOML file. The file extends the defaults (its terms add to the default
    /// terms of the same name, its rules replace default rules with the same id or are added, and
    /// `disable = [ids]` drops default rules) unless it sets `replace_defaults = true`, in which
    /// case it stands alone. Every rule's examples and counterexamples are checked.
    pub fn from_toml(src: &str) -> Result<RuleSet, RuleError> {
        let mut user = RuleFile::parse(src)?;
        let disabled = user.take_disabled(|id| Form::ALL.iter().any(|f| f.id() == id));
        let forms = if user.replaces_defaults() {
            Vec::new()
        } else {
            Form::ALL
                .into_iter()
                .filter(|f| !disabled.iter().any(|id| id == f.id()))
                .collect()
        };
        let rules = compile_rules(default_file().overlay(user)?)?;
        Ok(RuleSet {
            rules: Rules::Own(Arc::new(rules)),
            forms,
        })
    }

    /// Every rule id this set knows, on or off: the phrase rules' and the detector's forms'.
    /// What a `debrief-ignore` may name.
    pub fn known_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .rules()
            .iter()
            .map(|r| r.id.as_str())
            .chain(Form::ALL.iter().map(|f| f.id()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn rules(&self) -> &[Rule] {
        match &self.rules {
            Rules::Default => &DEFAULT,
            Rules::Own(rules) => rules,
        }
    }

    /// Flags blameful phrases in one paragraph of plain text. Findings are ordered by position;
    /// two rules may flag overlapping phrases.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        let mut findings: Vec<Finding> = self.rules().iter().flat_map(|r| r.find(text)).collect();
        // A phrase rule's finding is the more specific: the detector's on the same words goes.
        let sentences = detector::sentences(text);
        let detected = detector::detect(text, &sentences, |form| self.forms.contains(&form));
        let phrases = findings.len();
        for finding in detected {
            if !findings[..phrases]
                .iter()
                .any(|f| f.start < finding.end && finding.start < f.end)
            {
                findings.push(finding);
            }
        }
        // A phrase in quotation marks is mentioned, not used: ""Be careful" is not an action
        // item", "we do not write "human error" in a root cause".
        findings.retain(|f| !quoted(text, f.start, f.end));
        if self.forms.contains(&Form::Resemblance) {
            let resembling = detector::resembling(text, &sentences, |start, end| {
                findings.iter().any(|f| f.start < end && start < f.end)
            });
            findings.extend(resembling);
        }
        findings.sort_by(|a, b| (a.start, a.end, &a.rule).cmp(&(b.start, b.end, &b.rule)));
        findings
    }
}

/// Whether `text[start..end]` stands between quotation marks (a final stop or comma may sit
/// inside them).
fn quoted(text: &str, start: usize, end: usize) -> bool {
    const OPEN: &[char] = &['"', '\u{201c}', '\'', '\u{2018}'];
    const CLOSE: &[char] = &['"', '\u{201d}', '\'', '\u{2019}'];
    let opened = text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| OPEN.contains(&c));
    let mut after = text[end..].chars();
    let closed = match after.next() {
        Some(c) if CLOSE.contains(&c) => true,
        Some('.' | ',' | '!' | '?') => after.next().is_some_and(|c| CLOSE.contains(&c)),
        _ => false,
    };
    opened && closed
}

/// One compiled rule.
#[derive(Debug, Clone)]
struct Rule {
    id: String,
    severity: Severity,
    regex: Regex,
    /// Indices of the `hit`, `hit2`, ... groups; empty when the whole match is the finding.
    hit_groups: Vec<usize>,
    message: String,
    suggestion: String,
    replacement: Option<String>,
}

impl Rule {
    fn compile(spec: &RuleSpec, terms: &mut rule_file::Terms) -> Result<Rule, RuleError> {
        spec.validate()?;
        let pattern = terms.expand(&spec.pattern, &format!("rule `{}`", spec.id))?;
        let pattern = rule_file::ascii_word_boundaries(&rule_file::narrow_word_class(&pattern));
        let regex = regex::RegexBuilder::new(&pattern)
            .case_insensitive(true)
            .ignore_whitespace(true)
            .size_limit(64 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|source| RuleError::Pattern {
                rule: spec.id.clone(),
                source: Box::new(source),
            })?;
        let hit_groups = regex
            .capture_names()
            .enumerate()
            .filter(|(_, name)| name.is_some_and(is_hit_group))
            .map(|(i, _)| i)
            .collect();
        if let Some(replacement) = &spec.replacement {
            rule_file::check_replacement_groups(&spec.id, replacement, &regex)?;
        }
        let rule = Rule {
            id: spec.id.clone(),
            severity: spec.severity,
            regex,
            hit_groups,
            message: spec.message.clone(),
            suggestion: spec.suggestion.clone(),
            replacement: spec.replacement.clone(),
        };
        // On a copy, which has caches of its own: a regex keeps the automaton caches its
        // searches grew, and the examples of every rule would leave megabytes of them behind at
        // start-up, before any text is linted.
        rule.clone().check_examples(spec)?;
        Ok(rule)
    }

    fn check_examples(&self, spec: &RuleSpec) -> Result<(), RuleError> {
        if let Some(example) = spec.examples.iter().find(|e| self.find(e).next().is_none()) {
            return Err(RuleError::ExampleNotFlagged {
                rule: self.id.clone(),
                example: example.clone(),
            });
        }
        if let Some(example) = spec
            .counterexamples
            .iter()
            .find(|e| self.find(e).next().is_some())
        {
            return Err(RuleError::CounterexampleFlagged {
                rule: self.id.clone(),
                example: example.clone(),
            });
        }
        Ok(())
    }

    fn find<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Finding> + 'a {
        self.regex
            .captures_iter(text)
            .filter_map(move |caps| self.finding(&caps))
    }

    fn finding(&self, caps: &Captures) -> Option<Finding> {
        let hit = if self.hit_groups.is_empty() {
            caps.get(0)
        } else {
            self.hit_groups.iter().find_map(|&i| caps.get(i))
        }?;
        if hit.is_empty() {
            return None;
        }
        let replacement = self.replacement.as_ref().map(|template| {
            let mut out = String::new();
            caps.expand(template, &mut out);
            out
        });
        Some(Finding {
            rule: self.id.clone(),
            severity: self.severity,
            start: hit.start(),
            end: hit.end(),
            text: hit.as_str().to_owned(),
            message: self.message.clone(),
            suggestion: self.suggestion.clone(),
            replacement,
        })
    }
}

/// `hit`, `hit2`, `hit3`, ...
fn is_hit_group(name: &str) -> bool {
    name.strip_prefix("hit")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests;
