//! `debrief actions [--format text|json|csv] PATH...`: the action items in Markdown postmortems.
//!
//! Paths may be files or directories (searched for `.md` / `.markdown` files, in name order).
//! Every file is read before anything is printed, so a bad path gives an error and no partial
//! output. JSON is an array of `{path, line, text, owner, due, ticket, status, type, problems}`
//! with `null` where a field is absent; CSV has the same columns, problems joined by `;`.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::blocks::markdown;
use crate::blocks::outline::{outline, Entry};
use crate::hooks::actions::{extract, ActionItem, Extracted, Status, Words, WordsError};

/// Arguments of `debrief actions`.
#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Word lists (TOML, the shape of the built-in `words.toml`) added to the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub words: Option<PathBuf>,
    /// Markdown files, or directories to search for them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

#[derive(Debug, thiserror::Error)]
pub enum ActionsError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path}: {source}")]
    Words { path: PathBuf, source: WordsError },
    #[error("cannot write the output: {0}")]
    Write(#[from] io::Error),
    #[error("cannot write the output: {0}")]
    Csv(#[from] csv::Error),
}

/// One action item as printed: the item and where it is.
#[derive(Debug, Serialize)]
pub struct Record {
    pub path: String,
    pub line: Option<usize>,
    #[serde(flatten)]
    pub item: ActionItem,
}

/// Runs `debrief actions`, printing to `out`.
pub fn run(args: &ActionsArgs, out: &mut impl Write) -> Result<(), ActionsError> {
    let words = match &args.words {
        Some(path) => {
            let text = fs::read_to_string(path).map_err(|source| ActionsError::Read {
                path: path.clone(),
                source,
            })?;
            Words::with_overlay(&text).map_err(|source| ActionsError::Words {
                path: path.clone(),
                source,
            })?
        }
        None => Words::builtin().clone(),
    };
    let mut files = Vec::new();
    for path in &args.paths {
        super::files::expand(path, &["md", "markdown"], &mut files).map_err(|source| {
            ActionsError::Read {
                path: path.clone(),
                source,
            }
        })?;
    }
    let mut sources = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path).map_err(|source| ActionsError::Read {
            path: path.clone(),
            source,
        })?;
        sources.push((path, text));
    }
    let records: Vec<Record> = sources
        .iter()
        .flat_map(|(path, text)| records(path, text, &words))
        .collect();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &records).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => write_csv(&records, out)?,
        Format::Text => write_text(&records, sources.len(), out)?,
    }
    Ok(())
}

/// The action items of one Markdown file, read with `words`.
pub fn records(path: &Path, source: &str, words: &Words) -> Vec<Record> {
    // Too deeply nested to read as Markdown: no items.
    let entries = markdown::read(source)
        .map(|document| outline(&document.blocks))
        .unwrap_or_default();
    extract(&entries, words)
        .into_iter()
        .map(|item| record(path, &entries, item))
        .collect()
}

fn record(path: &Path, entries: &[Entry], found: Extracted) -> Record {
    Record {
        path: path.display().to_string(),
        line: found.source_line(entries),
        item: found.item,
    }
}

fn write_csv(records: &[Record], out: &mut impl Write) -> Result<(), ActionsError> {
    let mut csv = csv::Writer::from_writer(out);
    let mut headers = vec!["path", "line"];
    headers.extend(ActionItem::CSV_HEADERS);
    csv.write_record(headers)?;
    for r in records {
        let line = r.line.map(|l| l.to_string()).unwrap_or_default();
        csv.write_record(
            [r.path.clone(), line]
                .into_iter()
                .chain(r.item.csv_fields()),
        )?;
    }
    csv.flush()?;
    Ok(())
}

fn write_text(records: &[Record], files: usize, out: &mut impl Write) -> io::Result<()> {
    for r in records {
        let line = r.line.map_or(String::new(), |l| format!(":{l}"));
        let item = &r.item;
        writeln!(
            out,
            "{}{line}: [{}] {}",
            r.path,
            item.status.as_str(),
            item.text
        )?;
        let due = item.due.map(|d| d.to_string());
        let fields: Vec<String> = [
            ("owner", &item.owner),
            ("due", &due),
            ("ticket", &item.ticket),
            ("type", &item.kind),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name}: {v}")))
        .collect();
        if !fields.is_empty() {
            writeln!(out, "    {}", fields.join("  "))?;
        }
        if !item.problems.is_empty() {
            let problems: Vec<&str> = item.problems.iter().map(|p| p.as_str()).collect();
            writeln!(out, "    problems: {}", problems.join(", "))?;
        }
    }
    let open = records
        .iter()
        .filter(|r| r.item.status == Status::Open)
        .count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "{} ({open} open) in {}",
        plural(records.len(), "action item"),
        plural(files, "file")
    )
}
