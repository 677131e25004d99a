//! The rules file: its TOML format, how a user's file combines with the defaults, and how
//! `{term}` references in patterns are expanded.
//!
//! The format is documented at the top of `default_rules.toml`, which is itself such a file.

use std::collections::{BTreeMap, HashMap};

use regex::Regex;
use serde::Deserialize;

use super::Severity;

/// Why a rules file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("invalid rules file: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("rule id `{0}` may only contain letters, digits, '-' and '_'")]
    InvalidId(String),
    #[error("rule `{0}` is defined twice")]
    DuplicateRule(String),
    #[error("rule `{rule}`: `{field}` is empty")]
    EmptyField { rule: String, field: &'static str },
    #[error("{context}: unknown term `{{{term}}}`")]
    UnknownTerm { context: String, term: String },
    #[error("term `{{{0}}}` refers to itself")]
    TermCycle(String),
    #[error("rule `{rule}`: invalid pattern: {source}")]
    Pattern {
        rule: String,
        source: Box<regex::Error>,
    },
    #[error("rule `{rule}`: the replacement uses `${group}`, which the pattern does not define")]
    UnknownGroup { rule: String, group: String },
    #[error("rule `{rule}` does not flag its example {example:?}")]
    ExampleNotFlagged { rule: String, example: String },
    #[error("rule `{rule}` flags its counterexample {example:?}")]
    CounterexampleFlagged { rule: String, example: String },
    #[error("cannot disable rule `{0}`: there is no such rule")]
    UnknownDisabled(String),
    #[error("the rules file leaves no rules")]
    NoRules,
}

/// A parsed rules file, before its patterns are compiled.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleFile {
    /// Use only this file's terms and rules, not the defaults.
    #[serde(default)]
    replace_defaults: bool,
    /// Ids of rules to drop.
    #[serde(default)]
    disable: Vec<String>,
    /// Named lists of regex fragments, used in patterns as `{name}`.
    #[serde(default)]
    pub terms: BTreeMap<String, Vec<String>>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
}

/// One `[[rule]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleSpec {
    pub id: String,
    pub severity: Severity,
    pub pattern: String,
    pub message: String,
    pub suggestion: String,
    #[serde(default)]
    pub replacement: Option<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

impl RuleFile {
    pub fn parse(src: &str) -> Result<RuleFile, RuleError> {
        let file: RuleFile = toml::from_str(src)?;
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = file.rules.iter().find(|r| !seen.insert(r.id.as_str())) {
            return Err(RuleError::DuplicateRule(dup.id.clone()));
        }
        Ok(file)
    }

    /// Whether this (user) file stands alone instead of extending the defaults.
    pub fn replaces_defaults(&self) -> bool {
        self.replace_defaults
    }

    /// Takes the ids in `disable` for which `is_form` says they name a detector form (the rest
    /// name phrase rules and stay).
    pub fn take_disabled(&mut self, is_form: impl Fn(&str) -> bool) -> Vec<String> {
        let (forms, rules) = std::mem::take(&mut self.disable)
            .into_iter()
            .partition(|id| is_form(id));
        self.disable = rules;
        forms
    }

    /// Lays a user's file over this one (the defaults): see [`super::RuleSet::from_toml`].
    pub fn overlay(mut self, mut user: RuleFile) -> Result<RuleFile, RuleError> {
        let disable = std::mem::take(&mut user.disable);
        if user.replace_defaults {
            self = user;
        } else {
            for (name, alternatives) in user.terms {
                self.terms.entry(name).or_default().extend(alternatives);
            }
            for rule in user.rules {
                match self.rules.iter_mut().find(|r| r.id == rule.id) {
                    Some(existing) => *existing = rule,
                    None => self.rules.push(rule),
                }
            }
        }
        self.drop_rules(&disable)?;
        Ok(self)
    }

    fn drop_rules(&mut self, ids: &[String]) -> Result<(), RuleError> {
        for id in ids {
            let before = self.rules.len();
            self.rules.retain(|r| &r.id != id);
            if self.rules.len() == before {
                return Err(RuleError::UnknownDisabled(id.clone()));
            }
        }
        Ok(())
    }
}

impl RuleSpec {
    /// Checks what can be checked before compiling.
    pub fn validate(&self) -> Result<(), RuleError> {
        let id_ok = !self.id.is_empty()
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            return Err(RuleError::InvalidId(self.id.clone()));
        }
        let fields = [
            ("pattern", &self.pattern),
            ("message", &self.message),
            ("suggestion", &self.suggestion),
        ];
        match fields.iter().find(|(_, value)| value.trim().is_empty()) {
            Some((field, _)) => Err(RuleError::EmptyField {
                rule: self.id.clone(),
                field,
            }),
            None => Ok(()),
        }
    }
}

/// Expands `{name}` references to terms, recursively, remembering what it expanded.
pub(super) struct Terms<'a> {
    raw: &'a BTreeMap<String, Vec<String>>,
    expanded: HashMap<String, String>,
}

impl<'a> Terms<'a> {
    pub fn new(raw: &'a BTreeMap<String, Vec<String>>) -> Self {
        Terms {
            raw,
            expanded: HashMap::new(),
        }
    }

    /// Replaces every `{name}` in `pattern` (a name starts with a letter; `{2,3}` is a regex
    /// repetition and stays) by `(?-x:alternative|...)`. `context` names the pattern in errors.
    pub fn expand(&mut self, pattern: &str, context: &str) -> Result<String, RuleError> {
        self.expand_with(pattern, context, &mut Vec::new())
    }

    fn expand_with(
        &mut self,
        pattern: &str,
        context: &str,
        stack: &mut Vec<String>,
    ) -> Result<String, RuleError> {
        let mut out = String::with_capacity(pattern.len());
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            let escaped = rest[..open].ends_with('\\');
            let name = term_name_at(&rest[open + 1..]);
            out.push_str(&rest[..open]);
            match name {
                Some(name) if !escaped => {
                    out.push_str(&self.term(name, context, stack)?);
                    rest = &rest[open + name.len() + 2..];
                }
                _ => {
                    out.push('{');
                    rest = &rest[open + 1..];
                }
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    fn term(
        &mut self,
        name: &str,
        context: &str,
        stack: &mut Vec<String>,
    ) -> Result<String, RuleError> {
        if let Some(done) = self.expanded.get(name) {
            return Ok(done.clone());
        }
        if stack.iter().any(|n| n == name) {
            return Err(RuleError::TermCycle(name.to_owned()));
        }
        let alternatives = self.raw.get(name).ok_or_else(|| RuleError::UnknownTerm {
            context: context.to_owned(),
            term: name.to_owned(),
        })?;
        stack.push(name.to_owned());
        let inner_context = format!("term `{name}`");
        let parts = alternatives
            .iter()
            .map(|alt| self.expand_with(alt, &inner_context, stack))
            .collect::<Result<Vec<_>, _>>()?;
        stack.pop();
        // Terms are not in verbose mode: a space in one is a space.
        let done = format!("(?-x:{})", parts.join("|"));
        self.expanded.insert(name.to_owned(), done.clone());
        Ok(done)
    }
}

/// The term name in `s` if it starts with `name}`.
fn term_name_at(s: &str) -> Option<&str> {
    let end = s.find('}')?;
    let name = &s[..end];
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(name)
}

/// What `\w` means in a rule: Latin letters, digits 0-9 and `_`.
const WORD_CHARS: &str = r"0-9A-Za-z_\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}";

/// Rewrites every `\w` of `pattern`, inside or outside a class, as [`WORD_CHARS`]. Each
/// Unicode `\w` compiles to a large automaton of its own, and the rules use it dozens of times.
pub(super) fn narrow_word_class(pattern: &str) -> String {
    rewrite_escapes(pattern, |escaped, in_class| match (escaped, in_class) {
        ('w', true) => Some(WORD_CHARS.to_owned()),
        ('w', false) => Some(format!("[{WORD_CHARS}]")),
        _ => None,
    })
}

/// `pattern` with its word-boundary assertions (`\b`, `\B`, outside character classes) made
/// ASCII ones: a boundary between an ASCII letter, digit or `_` and anything else. The regex
/// engine's fast automaton cannot check a Unicode word boundary in text that is not ASCII, and
/// falls back to an automaton tens of times slower; an ASCII boundary it checks in any text.
/// The rules' words are English, so only a match glued to a non-ASCII letter ("carelessé")
/// differs.
pub(super) fn ascii_word_boundaries(pattern: &str) -> String {
    rewrite_escapes(pattern, |escaped, in_class| {
        (matches!(escaped, 'b' | 'B') && !in_class).then(|| format!("(?-u:\\{escaped})"))
    })
}

/// `pattern` with each escape `\c` replaced by what `rewrite(c, inside a class)` gives, or kept
/// when it gives `None`.
fn rewrite_escapes(pattern: &str, mut rewrite: impl FnMut(char, bool) -> Option<String>) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut class_depth = 0usize;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped) => match rewrite(escaped, class_depth > 0) {
                    Some(replacement) => out.push_str(&replacement),
                    None => {
                        out.push('\\');
                        out.push(escaped);
                    }
                },
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Fails when a replacement template names a group the pattern lacks (a typo would otherwise
/// silently expand to nothing).
pub(super) fn check_replacement_groups(
    rule: &str,
    template: &str,
    regex: &Regex,
) -> Result<(), RuleError> {
    let groups = Regex::new(r"\$(?:\{([^}]*)\}|([A-Za-z0-9_]+))").expect("valid regex");
    for caps in groups.captures_iter(template) {
        let group = caps.get(1).or(caps.get(2)).map_or("", |m| m.as_str());
        let known = match group.parse::<usize>() {
            Ok(index) => index < regex.captures_len(),
            Err(_) => regex.capture_names().flatten().any(|n| n == group),
        };
        if !known {
            return Err(RuleError::UnknownGroup {
                rule: rule.to_owned(),
                group: group.to_owned(),
            });
        }
    }
    Ok(())
}
