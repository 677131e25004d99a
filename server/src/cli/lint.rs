//! `debrief lint`: flags blameful language in postmortems kept as Markdown or text files, and
//! with `--checks blame,privacy` private data too (see [`crate::hooks::privacy`]).
//!
//! Meant for people and for CI: findings go to stdout as text or JSON, problems with the input to
//! stderr, and the exit status says which: 0 clean, 1 findings, 2 an input could not be used (a
//! file that cannot be read, a bad rules file, a `debrief-ignore` naming a rule that does not
//! exist). A file that cannot be read does not stop the others from being checked.
//!
//! Severities: `blame` (a reviewer would ask to rewrite it), `hindsight` (a hint) and `privacy`.
//! The text output prints blame and privacy findings in full and hints on one line;
//! `--min-severity blame` drops hints.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::blocks::prose::{self, Paragraph};
use crate::hooks::blame::RuleSet;
use crate::hooks::checks::Checks;
use crate::hooks::privacy::{self, Terms};

#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// A TOML rules file: extends the default rules, or replaces them if it sets
    /// `replace_defaults = true`.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Report only findings of this severity or above: `blame`, or `hindsight` (everything).
    #[arg(long, value_enum, default_value_t = MinSeverity::Hindsight)]
    pub min_severity: MinSeverity,

    /// The checks to run: `blame`, `privacy`, or both (`--checks blame,privacy`).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "blame")]
    pub checks: Vec<CheckName>,

    /// Names the privacy check flags (customers, say): one per line, `#` starts a comment.
    #[arg(long, value_name = "FILE")]
    pub privacy_terms: Option<PathBuf>,

    /// Markdown or text (`.txt`) files, or folders to search for `.md`, `.markdown` and `.txt`.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The `--min-severity` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    Blame,
    Hindsight,
}

/// The `--checks` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckName {
    Blame,
    Privacy,
}

/// One finding, located in a file.
#[derive(Debug, Serialize)]
pub struct FileFinding {
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Character offset of the phrase in the file.
    pub start: usize,
    /// Character offset just past the phrase.
    pub end: usize,
    /// `blame` or `privacy`.
    pub kind: &'static str,
    pub rule: String,
    /// `blame`, `hindsight` or `privacy`.
    pub severity: &'static str,
    /// The phrase as written in the file.
    pub text: String,
    pub message: String,
    pub suggestion: String,
    pub replacement: Option<String>,
}

/// Runs `debrief lint` and returns its exit status.
pub fn run(args: &LintArgs) -> ExitCode {
    let code = lint(args, &mut io::stdout().lock(), &mut io::stderr().lock());
    ExitCode::from(code)
}

fn lint(args: &LintArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let loaded = load_rules(args.rules.as_deref())
        .and_then(|rules| Ok((rules, load_terms(args.privacy_terms.as_deref())?)));
    let (rules, terms) = match loaded {
        Ok(loaded) => loaded,
        Err(message) => {
            let _ = writeln!(err, "debrief lint: {message}");
            return 2;
        }
    };
    let checks = Checks {
        rules,
        terms,
        blame: args.checks.contains(&CheckName::Blame),
        privacy: args.checks.contains(&CheckName::Privacy),
    };
    let mut problems = Vec::new();
    let mut findings = Vec::new();
    let hints = args.min_severity == MinSeverity::Hindsight;
    for path in files(&args.paths, &mut problems) {
        match std::fs::read_to_string(&path) {
            Ok(src) => {
                let (found, unknown) = lint_file(&path, &src, &checks);
                findings.extend(
                    found
                        .into_iter()
                        .filter(|f| hints || f.severity != "hindsight"),
                );
                problems.extend(unknown.into_iter().map(|u| u.to_string()));
            }
            Err(e) => problems.push(format!("cannot read {}: {e}", path.display())),
        }
    }
    let written = match args.format {
        Format::Text => write_text(out, &findings),
        Format::Json => write_json(out, &findings),
    };
    if let Err(e) = written {
        problems.push(format!("cannot write the findings: {e}"));
    }
    for problem in &problems {
        let _ = writeln!(err, "debrief lint: {problem}");
    }
    match (problems.is_empty(), findings.is_empty()) {
        (false, _) => 2,
        (true, false) => 1,
        (true, true) => 0,
    }
}

fn load_rules(path: Option<&Path>) -> Result<RuleSet, String> {
    let Some(path) = path else {
        return Ok(RuleSet::default_rules());
    };
    let src = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read rules file {}: {e}", path.display()))?;
    RuleSet::from_toml(&src).map_err(|e| format!("rules file {}: {e}", path.display()))
}

fn load_terms(path: Option<&Path>) -> Result<Terms, String> {
    let Some(path) = path else {
        return Ok(Terms::default());
    };
    let src = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read privacy terms {}: {e}", path.display()))?;
    Terms::parse(&src).map_err(|e| format!("privacy terms {}: {e}", path.display()))
}

/// The files to check: each path that is not a folder, and the prose files inside folders.
fn files(paths: &[PathBuf], problems: &mut Vec<String>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if let Err(e) = super::files::expand(path, &["md", "markdown", "txt"], &mut out) {
            problems.push(format!("cannot list {}: {e}", path.display()));
        }
    }
    out
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A `debrief-ignore` comment naming a rule the rules do not have (a typo would otherwise
/// silence nothing, silently).
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownIgnore {
    pub path: String,
    pub line: usize,
    pub rule: String,
}

impl std::fmt::Display for UnknownIgnore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: debrief-ignore names an unknown rule `{}`",
            self.path, self.line, self.rule
        )
    }
}

/// Checks one file's prose; `.txt` files are plain text, anything else Markdown. Also returns
/// the `debrief-ignore` comments that name unknown rules.
pub fn lint_file(
    path: &Path,
    src: &str,
    checks: &Checks,
) -> (Vec<FileFinding>, Vec<UnknownIgnore>) {
    let paragraphs: Vec<Paragraph> = if extension(path) == "txt" {
        prose::plain_paragraphs(src)
    } else {
        match prose::markdown_paragraphs(src) {
            Ok(paragraphs) => paragraphs,
            // Too deeply nested to read as Markdown: check it as plain text.
            Err(_) => prose::plain_paragraphs(src),
        }
    };
    let lines = LineIndex::new(src);
    let mut known = checks.rules.known_ids();
    known.extend(privacy::Kind::ALL.map(privacy::Kind::rule));
    let mut unknown = Vec::new();
    let mut out = Vec::new();
    for paragraph in &paragraphs {
        for rule in paragraph.ignore.named() {
            if !known.contains(&rule.as_str()) && !paragraph.text.is_empty() {
                let at = paragraph.source_range(0, 1).start;
                unknown.push(UnknownIgnore {
                    path: path.display().to_string(),
                    line: lines.position(at).0,
                    rule: rule.to_owned(),
                });
            }
        }
        for finding in checks.check(&paragraph.text) {
            if paragraph.ignore.silences(&finding.rule) {
                continue;
            }
            let range = paragraph.source_range(finding.start, finding.end);
            let (line, column, start) = lines.position(range.start);
            let (_, _, end) = lines.position(range.end);
            out.push(FileFinding {
                path: path.display().to_string(),
                line,
                column,
                start,
                end,
                kind: finding.kind,
                rule: finding.rule,
                severity: finding.severity,
                text: src[range].to_owned(),
                message: finding.message,
                suggestion: finding.suggestion,
                replacement: finding.replacement,
            });
        }
    }
    (out, unknown)
}

/// Turns byte offsets into lines, columns and character offsets.
struct LineIndex<'a> {
    src: &'a str,
    /// Byte and character offset of each line's start.
    starts: Vec<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    fn new(src: &'a str) -> Self {
        let mut starts = vec![(0, 0)];
        let mut chars = 0;
        for (byte, c) in src.char_indices() {
            chars += 1;
            if c == '\n' {
                starts.push((byte + 1, chars));
            }
        }
        LineIndex { src, starts }
    }

    /// 1-based line, 1-based column and character offset of a byte offset.
    fn position(&self, byte: usize) -> (usize, usize, usize) {
        let line = self.starts.partition_point(|&(b, _)| b <= byte) - 1;
        let (line_byte, line_chars) = self.starts[line];
        let column = self.src[line_byte..byte].chars().count();
        (line + 1, column + 1, line_chars + column)
    }
}

/// Blame findings in full (message, suggestion, replacement); hindsight hints on one line.
fn write_text(out: &mut impl Write, findings: &[FileFinding]) -> io::Result<()> {
    for f in findings {
        let place = format!("{}:{}:{}", f.path, f.line, f.column);
        match f.severity {
            "hindsight" => {
                writeln!(
                    out,
                    "{place}: hint [{}] {:?}: {}",
                    f.rule, f.text, f.suggestion
                )?;
            }
            severity => {
                let label = if severity == "privacy" {
                    "PRIVATE"
                } else {
                    "BLAME"
                };
                writeln!(
                    out,
                    "{place}: {label} [{}] {:?}: {}",
                    f.rule, f.text, f.message
                )?;
                writeln!(out, "    suggestion: {}", f.suggestion)?;
            }
        }
        if let Some(replacement) = &f.replacement {
            writeln!(out, "    replace with: {replacement:?}")?;
        }
    }
    if !findings.is_empty() {
        let files: std::collections::BTreeSet<&str> =
            findings.iter().map(|f| f.path.as_str()).collect();
        writeln!(
            out,
            "{} finding{} in {} file{}",
            findings.len(),
            plural(findings.len()),
            files.len(),
            plural(files.len())
        )?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn write_json(out: &mut impl Write, findings: &[FileFinding]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, findings)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = "é1\nab→c\n";
        let index = LineIndex::new(src);
        assert_eq!(index.position(0), (1, 1, 0));
        let c = src.find('c').unwrap();
        assert_eq!(index.position(c), (2, 4, 6));
        assert_eq!(index.position(src.len()), (3, 1, 8));
    }

    #[test]
    fn findings_point_at_the_phrase_in_the_file() {
        let src = "# Timeline\n\nAt 03:12 **Kevin** forgot to renew the certificate.\n";
        let (findings, unknown) = lint_file(Path::new("pm.md"), src, &Checks::default());
        assert!(unknown.is_empty());
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!((f.line, f.column), (3, 12));
        assert_eq!(f.text, "Kevin** forgot");
        let chars: Vec<char> = src.chars().collect();
        assert_eq!(chars[f.start..f.end].iter().collect::<String>(), f.text);
    }

    #[test]
    fn an_ignore_naming_an_unknown_rule_is_reported_with_its_line() {
        let src = "Intro.\n\n<!-- debrief-ignore human-eror person-fault -->\nKevin broke prod.\n";
        let (findings, unknown) = lint_file(Path::new("pm.md"), src, &Checks::default());
        assert!(findings.is_empty());
        assert_eq!(
            unknown,
            [UnknownIgnore {
                path: "pm.md".into(),
                line: 4,
                rule: "human-eror".into()
            }]
        );
    }
}
