//! `markdown-bench`: how Markdown import and export scale with the size of the document.
//!
//! Import is what `POST /api/postmortems` does with a Markdown body (read it into the document
//! model, write that into a new Yjs document, encode the update); export is what
//! `GET /api/postmortems/{id}/export.md` does (read the document model out of the Yjs document,
//! write it as Markdown). Both must be linear in the input (issue #16), so this prints the time
//! per kilobyte for three shapes of document (prose paragraphs, a heading per line, one big
//! table) from 10 KB to 2 MB: a linear path keeps it flat as the size grows.

use std::time::{Duration, Instant};

use clap::Parser;
use yrs::updates::decoder::Decode;
use yrs::{Doc, Transact, Update};

use debrief::postmortem::{export, import, Postmortem};

#[derive(Parser)]
#[command(
    name = "markdown-bench",
    about = "Times Markdown import and export from 10 KB to 2 MB"
)]
struct Cli {
    /// Document sizes, in kilobytes.
    #[arg(long, value_delimiter = ',', default_values_t = [10, 100, 500, 1000, 2000])]
    sizes_kb: Vec<usize>,
    /// Runs per size; the fastest is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

/// A shape of document: one unit of Markdown, repeated until the size is reached.
struct Shape {
    name: &'static str,
    head: &'static str,
    unit: fn(usize) -> String,
}

const SHAPES: [Shape; 3] = [
    Shape {
        name: "paragraphs",
        head: "# Outage\n\n",
        unit: |i| {
            format!(
                "Paragraph {i}: the *cache* tier fell over after a **config push**; see \
                 [the graph](https://grafana.example/d/{i}) and `svc-{i}`.\n\n"
            )
        },
    },
    Shape {
        name: "headings",
        head: "# Outage\n\n",
        unit: |i| format!("## Section {i}\n\n"),
    },
    Shape {
        name: "table",
        head: "# Outage\n\n| Action | Owner | Due | Status |\n| --- | --- | --- | --- |\n",
        unit: |i| format!("| Add a canary for service {i} | @kim | 2026-04-01 | open |\n"),
    },
];

fn document(shape: &Shape, bytes: usize) -> (String, usize) {
    let mut out = shape.head.to_owned();
    let mut units = 0;
    while out.len() < bytes {
        out.push_str(&(shape.unit)(units));
        units += 1;
    }
    (out, units)
}

/// The fastest of `runs` runs of `work`.
fn fastest<T>(runs: usize, mut work: impl FnMut() -> T) -> (Duration, T) {
    let mut best = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let out = work();
        let took = start.elapsed();
        if best.as_ref().is_none_or(|(b, _)| took < *b) {
            best = Some((took, out));
        }
    }
    best.expect("at least one run")
}

fn main() {
    let cli = Cli::parse();
    println!("| shape | size | units | import | import per KB | export | export per KB |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for shape in &SHAPES {
        for &kb in &cli.sizes_kb {
            let (markdown, units) = document(shape, kb * 1024);
            let (import_time, update) = fastest(cli.runs, || {
                import(&markdown)
                    .expect("the generated document imports")
                    .created("2026-01-01T00:00:00Z")
                    .to_update()
            });
            let doc = Doc::new();
            doc.transact_mut()
                .apply_update(Update::decode_v1(&update).expect("an update"))
                .expect("applies");
            let (export_time, exported) = fastest(cli.runs, || export(&Postmortem::read(&doc)));
            assert!(
                exported.len() * 2 > markdown.len(),
                "export lost the document"
            );
            let per_kb = |d: Duration| d.as_secs_f64() * 1e6 / (markdown.len() as f64 / 1024.0);
            println!(
                "| {} | {} KB | {units} | {:.1} ms | {:.0} µs | {:.1} ms | {:.0} µs |",
                shape.name,
                markdown.len() / 1024,
                import_time.as_secs_f64() * 1e3,
                per_kb(import_time),
                export_time.as_secs_f64() * 1e3,
                per_kb(export_time),
            );
        }
    }
}
