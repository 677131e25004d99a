//! Trains the learned blame scorer and writes its weights
//! (`server/src/hooks/blame/detector/model/weights.tsv`); `make train-blame-model` runs it.
//!
//! It learns from the training sets only: `train*.tsv` beside the evaluation script, the shared
//! dev sets, and every sentence of the real corpus (the ones `corpus.tsv` judges clear blame are
//! positives, borderline ones are left out, all others are negatives, and each counts
//! [`CORPUS_WEIGHT`] times: they are the text Debrief really reads). The `heldout*.tsv` sets are
//! never read, so that their figures stay an estimate on unseen text.
//!
//! `--cross-validate` writes nothing. It trains five times, each time without a fifth of the
//! corpus's reports, and counts what the scorer alone would flag in the reports it did not see,
//! by threshold: the honest estimate of its false alarms on real postmortems. Then it trains
//! once without each `train*.tsv` set and scores that set with the scorer alone, the forms
//! alone, and both together: on a set the forms were not written against (a new writer's, before
//! anyone reads it), the estimate of what the scorer adds on unseen writing, by which to choose
//! its features and thresholds without looking at a held-out set.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Parser;
use debrief::blocks::prose::markdown_paragraphs;
use debrief::hooks::blame::model::{self, Example, Weights};
use debrief::hooks::blame::RuleSet;

/// How many times a corpus sentence counts against a written one.
const CORPUS_WEIGHT: f32 = 3.0;

#[derive(Parser)]
struct Args {
    /// The folder of the labelled sets and corpus.tsv.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/src/hooks/blame/eval"))]
    eval: PathBuf,
    /// The shared material: its eval/blame-dev*.tsv and its corpus/.
    #[arg(long)]
    shared: PathBuf,
    /// Where to write the weights.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/src/hooks/blame/detector/model/weights.tsv"))]
    out: PathBuf,
    /// Report the scorer's flags on unseen corpus reports (5-fold), write nothing.
    #[arg(long)]
    cross_validate: bool,
}

/// A corpus sentence: its report, its features and its judgement.
struct CorpusSentence {
    report: String,
    text: String,
    features: Vec<String>,
    judged: Judged,
    /// Whether a phrase rule or a form flags it already.
    flagged: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Judged {
    Clear,
    Borderline,
    NotBlame,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let mut labelled = Vec::new();
    for entry in std::fs::read_dir(&args.eval).context("reading the eval folder")? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("train") && name.ends_with(".tsv") {
            labelled.push(path);
        }
    }
    labelled.sort();
    // The unit tests' sentences (server/src/hooks/blame/testdata): hard negatives above all.
    labelled.push(args.eval.join("../testdata/sentences.tsv"));
    for dev in ["blame-dev.tsv", "blame-dev-2.tsv"] {
        labelled.push(args.shared.join("eval").join(dev));
    }
    let mut sets = Vec::new();
    for path in &labelled {
        sets.push(read_labelled(path)?);
    }
    let mut examples: Vec<Example> = sets
        .iter()
        .flat_map(|set| set.rows.iter().map(|row| row.example.clone()))
        .collect();
    let written = examples.len();
    let corpus = read_corpus(&args.shared.join("corpus"), &args.eval.join("corpus.tsv"))?;
    eprintln!(
        "{written} labelled sentences from {} files, {} corpus sentences",
        labelled.len(),
        corpus.len()
    );
    if args.cross_validate {
        cross_validate(&examples, &corpus);
        cross_validate_sets(&sets, &corpus)?;
        return Ok(());
    }
    examples.extend(corpus.iter().filter_map(corpus_example));
    std::fs::write(&args.out, model::train(&examples))
        .with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

/// A labelled file's name and rows.
struct LabelledSet {
    name: String,
    rows: Vec<Row>,
}

/// A labelled sentence: its text and what the trainer learns from it.
struct Row {
    text: String,
    example: Example,
}

/// The rows of a `label<TAB>[form<TAB>]sentence` file (a `label` header row and `#` lines are
/// skipped); `hindsight` rows are left out, and any label but `blame` is a negative.
fn read_labelled(path: &Path) -> Result<LabelledSet> {
    let src =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for line in src
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (label, rest) = line
            .split_once('\t')
            .with_context(|| format!("{}: a row without a tab", path.display()))?;
        let sentence = rest.rsplit('\t').next().unwrap_or(rest);
        if label == "hindsight" || label == "label" {
            continue;
        }
        let mut features: Vec<String> = model::sentences(sentence)
            .into_iter()
            .flat_map(|(_, f)| f)
            .collect();
        features.sort_unstable();
        features.dedup();
        out.push(Row {
            text: sentence.to_owned(),
            example: Example {
                features,
                blame: label == "blame",
                weight: 1.0,
            },
        });
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    Ok(LabelledSet {
        name: name.into_owned(),
        rows: out,
    })
}

/// Every sentence of every report, judged by `corpus.tsv` (rows: report, line, judgement, form,
/// sentence).
fn read_corpus(dir: &Path, judgements: &Path) -> Result<Vec<CorpusSentence>> {
    let mut judged: HashMap<(String, usize), Vec<(String, Judged)>> = HashMap::new();
    let src = std::fs::read_to_string(judgements).context("reading corpus.tsv")?;
    for line in src.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.splitn(5, '\t').collect();
        let [report, line, judgement, _, sentence] = cols[..] else {
            bail!("corpus.tsv: a row without five columns: {line}");
        };
        let judgement = match judgement {
            "clear" => Judged::Clear,
            "borderline" => Judged::Borderline,
            other => bail!("corpus.tsv: unknown judgement {other}"),
        };
        judged
            .entry((report.to_owned(), line.parse()?))
            .or_default()
            .push((letters(sentence), judgement));
    }
    let rules = RuleSet::from_toml("disable = [\"resembles-blame\"]\n")?;
    let mut out = Vec::new();
    for path in markdown_files(dir)? {
        let report = path.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
        let src = std::fs::read_to_string(&path)?;
        let Ok(paragraphs) = markdown_paragraphs(&src) else {
            continue;
        };
        for paragraph in paragraphs {
            let findings = rules.check(&paragraph.text);
            for (range, features) in model::sentences(&paragraph.text) {
                let at = paragraph.source_range(range.start, range.end).start;
                let line = src[..at].matches('\n').count() + 1;
                let text = letters(&paragraph.text[range.clone()]);
                let judgement = judged
                    .get(&(report.clone(), line))
                    .into_iter()
                    .flatten()
                    .find(|(sentence, _)| overlaps(sentence, &text))
                    .map_or(Judged::NotBlame, |(_, j)| *j);
                out.push(CorpusSentence {
                    report: report.clone(),
                    text: paragraph.text[range.clone()].to_owned(),
                    features,
                    judged: judgement,
                    flagged: findings
                        .iter()
                        .any(|f| f.start < range.end && range.start < f.end),
                });
            }
        }
    }
    Ok(out)
}

/// The `.md` reports under `dir`, sorted.
fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in
            std::fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "md")
                && path.file_name().is_some_and(|n| n != "SOURCES.md")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Lower-case letters and digits only: Markdown marks and spacing differ between a report's
/// source and its paragraph text.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether one of two sentences (as [`letters`]) contains the other's start.
fn overlaps(a: &str, b: &str) -> bool {
    let head = |s: &str| s.chars().take(30).collect::<String>();
    !a.is_empty() && !b.is_empty() && (a.contains(&head(b)) || b.contains(&head(a)))
}

fn corpus_example(s: &CorpusSentence) -> Option<Example> {
    (s.judged != Judged::Borderline).then(|| Example {
        features: s.features.clone(),
        blame: s.judged == Judged::Clear,
        weight: CORPUS_WEIGHT,
    })
}

/// Five folds by report: train without a fold, count what the scorer alone flags in it.
fn cross_validate(written: &[Example], corpus: &[CorpusSentence]) {
    const THRESHOLDS: [f32; 6] = [0.9, 0.95, 0.97, 0.98, 0.99, 0.995];
    let mut reports: Vec<&str> = corpus.iter().map(|s| s.report.as_str()).collect();
    reports.sort_unstable();
    reports.dedup();
    let fold_of: HashMap<&str, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (*r, i % 5))
        .collect();
    // threshold index → judgement → count of sentences the scorer alone flags
    let mut flagged: BTreeMap<usize, BTreeMap<Judged, usize>> = BTreeMap::new();
    // what the scorer flags at the shipped threshold: report, judgement, probability, sentence
    let mut shipped = Vec::new();
    for fold in 0..5 {
        let in_fold = |s: &CorpusSentence| fold_of[s.report.as_str()] == fold;
        let mut examples = written.to_vec();
        examples.extend(
            corpus
                .iter()
                .filter(|s| !in_fold(s))
                .filter_map(corpus_example),
        );
        let text = model::train(&examples);
        let weights = Weights::parse(&text).expect("trained weights parse");
        for s in corpus.iter().filter(|s| in_fold(s) && !s.flagged) {
            let p = weights.probability(&s.features);
            if p >= model::threshold(&s.features, model::THRESHOLD) {
                shipped.push((&s.report, s.judged, p, &s.text));
            }
            for (i, t) in THRESHOLDS.iter().enumerate() {
                if p >= model::threshold(&s.features, *t) {
                    *flagged.entry(i).or_default().entry(s.judged).or_default() += 1;
                }
            }
        }
    }
    let total = |j: Judged| corpus.iter().filter(|s| s.judged == j).count();
    println!(
        "corpus, 5-fold by report: sentences the scorer alone flags ({} clear, {} borderline, {} not blame in all)",
        total(Judged::Clear),
        total(Judged::Borderline),
        total(Judged::NotBlame)
    );
    println!(
        "(a sentence without an actor needs at least {} in every row)",
        model::THRESHOLD_WITHOUT_ACTOR
    );
    println!("| threshold | not blame (false alarms) | clear | borderline |");
    println!("|---:|---:|---:|---:|");
    for (i, t) in THRESHOLDS.iter().enumerate() {
        let by = flagged.get(&i);
        let n = |j| by.and_then(|b| b.get(&j)).copied().unwrap_or(0);
        println!(
            "| {t} | {} | {} | {} |",
            n(Judged::NotBlame),
            n(Judged::Clear),
            n(Judged::Borderline)
        );
    }
    println!("\nflagged at the shipped threshold ({}):", model::THRESHOLD);
    for (report, judged, p, text) in shipped {
        println!("  {p:.3} {judged:?} {report}: {text}");
    }
}

/// A left-out row as the forms and a scorer see it.
struct ScoredRow {
    blame: bool,
    /// Whether a phrase rule or a form flags it.
    by_forms: bool,
    /// Each sentence's probability of blame and features.
    sentences: Vec<(f32, Vec<String>)>,
}

impl ScoredRow {
    /// Whether the scorer flags one of the row's sentences at this threshold.
    fn scorer_flags(&self, threshold: f32) -> bool {
        self.sentences
            .iter()
            .any(|(p, f)| *p >= model::threshold(f, threshold))
    }
}

/// Leave one `train*.tsv` set out: train on everything else (the corpus included), then score the
/// set's rows as `score.py` does (a row is caught if anything flags it) with the scorer alone (how
/// far it generalises to a writer it has not read), the forms alone, and the forms and the scorer
/// at each threshold.
fn cross_validate_sets(sets: &[LabelledSet], corpus: &[CorpusSentence]) -> Result<()> {
    const THRESHOLDS: [f32; 4] = [0.95, 0.97, 0.98, 0.99];
    let forms = RuleSet::from_toml("disable = [\"resembles-blame\"]\n")?;
    println!();
    println!("each train*.tsv set left out of training: precision / recall on it");
    print!(
        "| set | scorer alone at {} | forms alone |",
        model::THRESHOLD
    );
    for t in THRESHOLDS {
        print!(" scorer at {t} |");
    }
    println!();
    println!("|---|---:|---:|{}", "---:|".repeat(THRESHOLDS.len()));
    for (held, set) in sets.iter().enumerate() {
        if !set.name.starts_with("train") {
            continue;
        }
        let mut examples: Vec<Example> = sets
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != held)
            .flat_map(|(_, s)| s.rows.iter().map(|row| row.example.clone()))
            .collect();
        examples.extend(corpus.iter().filter_map(corpus_example));
        let text = model::train(&examples);
        let weights = Weights::parse(&text).expect("trained weights parse");
        let scored: Vec<ScoredRow> = set
            .rows
            .iter()
            .map(|row| ScoredRow {
                blame: row.example.blame,
                by_forms: !forms.check(&row.text).is_empty(),
                sentences: model::sentences(&row.text)
                    .into_iter()
                    .map(|(_, f)| (weights.probability(&f), f))
                    .collect(),
            })
            .collect();
        let figures = |caught: &dyn Fn(&ScoredRow) -> bool| {
            let count = |blame: bool, hit: bool| {
                scored
                    .iter()
                    .filter(|r| r.blame == blame && caught(r) == hit)
                    .count() as f32
            };
            let (tp, fp, fn_) = (count(true, true), count(false, true), count(true, false));
            if tp + fn_ == 0.0 {
                // a set of hard negatives only: how many of its rows are flagged
                return format!("{fp} of {} flagged", scored.len());
            }
            format!(
                "{:.3} / {:.3}",
                tp / (tp + fp).max(1.0),
                tp / (tp + fn_).max(1.0)
            )
        };
        print!(
            "| {} | {} | {} |",
            set.name,
            figures(&|r| r.scorer_flags(model::THRESHOLD)),
            figures(&|r| r.by_forms)
        );
        for t in THRESHOLDS {
            print!(" {} |", figures(&|r| r.by_forms || r.scorer_flags(t)));
        }
        println!();
    }
    Ok(())
}
