//! Results of a run: JSON for machines, Markdown tables for people. Each scenario gets a table
//! with one column per server and Debrief's ratio to each of the others; a summary compares the
//! figures with the targets of issue #7.

use std::fmt::Write as _;

use serde::Serialize;

use crate::outcome::{Better, Outcome};
use crate::procfs::ProcStats;
use crate::server::Kind;

#[derive(Debug, Serialize)]
pub struct Report {
    pub machine: Machine,
    /// The command line of the run.
    pub command: String,
    pub scenarios: Vec<ScenarioReport>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub kernel: String,
    /// Load average when the run started (other work on the machine shows here).
    pub load_average: String,
}

impl Machine {
    pub fn describe() -> Machine {
        let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
        let cpuinfo = read("/proc/cpuinfo");
        let meminfo = read("/proc/meminfo");
        let mem_kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        Machine {
            cpu: cpuinfo
                .lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
                .unwrap_or_else(|| "unknown".into()),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_gib: (mem_kib / 1024.0 / 1024.0 * 10.0).round() / 10.0,
            kernel: read("/proc/sys/kernel/osrelease").trim().to_string(),
            load_average: read("/proc/loadavg")
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ScenarioReport {
    pub id: String,
    pub title: String,
    pub runs: Vec<Run>,
}

/// One scenario on one server.
#[derive(Debug, Serialize)]
pub struct Run {
    pub server: Kind,
    pub outcome: Option<Outcome>,
    pub error: Option<String>,
    /// CPU time and peak RSS of the server over the whole scenario.
    pub process: Option<ProcStats>,
}

impl ScenarioReport {
    fn run(&self, kind: Kind) -> Option<&Outcome> {
        self.runs
            .iter()
            .find(|r| r.server == kind)
            .and_then(|r| r.outcome.as_ref())
    }

    /// The scenario as a Markdown table.
    pub fn markdown(&self) -> String {
        let mut out = format!("### {}\n\n", self.title);
        let servers: Vec<Kind> = self.runs.iter().map(|r| r.server).collect();
        let others: Vec<Kind> = servers
            .iter()
            .copied()
            .filter(|k| *k != Kind::Debrief)
            .collect();
        let has_debrief = servers.contains(&Kind::Debrief);
        out.push_str("| |");
        for kind in &servers {
            let _ = write!(out, " {} |", kind.label());
        }
        if has_debrief {
            for kind in &others {
                let _ = write!(out, " Debrief ÷ {} |", kind.label());
            }
        }
        out.push_str("\n|---|");
        let columns = servers.len() + if has_debrief { others.len() } else { 0 };
        out.push_str(&"---:|".repeat(columns));
        out.push('\n');

        // Rows: every metric any server reported, in first-seen order.
        let mut names: Vec<(String, &'static str, Better)> = Vec::new();
        for run in &self.runs {
            for m in run.outcome.iter().flat_map(|o| &o.metrics) {
                if !names.iter().any(|(n, _, _)| *n == m.name) {
                    names.push((m.name.clone(), m.unit, m.better));
                }
            }
        }
        for (name, unit, better) in &names {
            let arrow = match better {
                Better::Lower => " (lower is better)",
                Better::Higher => " (higher is better)",
                Better::Neither => "",
            };
            let unit = if unit.is_empty() {
                String::new()
            } else {
                format!(", {unit}")
            };
            let _ = write!(out, "| {name}{unit}{arrow} |");
            for run in &self.runs {
                let cell = match (&run.outcome, &run.error) {
                    (Some(o), _) => o.get(name).map_or("–".into(), format_value),
                    (None, Some(_)) => "failed".into(),
                    (None, None) => "–".into(),
                };
                let _ = write!(out, " {cell} |");
            }
            if has_debrief {
                let ours = self.run(Kind::Debrief).and_then(|o| o.get(name));
                for kind in &others {
                    let theirs = self.run(*kind).and_then(|o| o.get(name));
                    let _ = write!(out, " {} |", ratio(ours, theirs));
                }
            }
            out.push('\n');
        }
        if self
            .runs
            .iter()
            .any(|r| r.outcome.as_ref().is_some_and(|o| o.passed.is_some()))
        {
            out.push_str("| **check** |");
            for run in &self.runs {
                let verdict = match run.outcome.as_ref().and_then(|o| o.passed) {
                    Some(true) => "pass",
                    Some(false) => "**FAIL**",
                    None => "–",
                };
                let _ = write!(out, " {verdict} |");
            }
            if has_debrief {
                out.push_str(&" |".repeat(others.len()));
            }
            out.push('\n');
        }
        out.push('\n');
        for run in &self.runs {
            if let Some(error) = &run.error {
                let _ = writeln!(out, "- {}: failed: {error}", run.server.label());
            }
            for note in run.outcome.iter().flat_map(|o| &o.notes) {
                let _ = writeln!(out, "- {}: {note}", run.server.label());
            }
        }
        out
    }
}

fn format_value(v: f64) -> String {
    let a = v.abs();
    if (v == v.trunc() && a < 1e9) || a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

fn ratio(ours: Option<f64>, theirs: Option<f64>) -> String {
    match (ours, theirs) {
        (Some(a), Some(b)) if b != 0.0 => format!("{:.2}×", a / b),
        (Some(0.0), Some(_)) => "=".into(),
        _ => "–".into(),
    }
}

/// One target of issue #7 and whether this run met it.
#[derive(Debug, Serialize)]
pub struct Target {
    pub target: String,
    pub debrief: Option<f64>,
    /// What Debrief's figure is compared with.
    pub compared_with: Option<f64>,
    pub met: Option<bool>,
    pub detail: String,
}

impl Report {
    pub fn scenario(&self, id: &str) -> Option<&ScenarioReport> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// The whole report as Markdown.
    pub fn markdown(&self) -> String {
        let m = &self.machine;
        let mut out = format!(
            "Machine: {}, {} cores, {} GiB RAM, Linux {}; load average at start {}.\n\nCommand: `{}`\n\n",
            m.cpu, m.cores, m.memory_gib, m.kernel, m.load_average, self.command
        );
        if !self.targets.is_empty() {
            out.push_str(
                "### Targets\n\n| target | Debrief | compared with | met |\n|---|---:|---:|---|\n",
            );
            for t in &self.targets {
                let met = match t.met {
                    Some(true) => "yes",
                    Some(false) => "**no**",
                    None => "n/a",
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {met} |",
                    t.target,
                    t.debrief.map_or("–".into(), format_value),
                    t.compared_with.map_or("–".into(), format_value),
                );
            }
            out.push('\n');
            for t in &self.targets {
                let _ = writeln!(out, "- {}: {}", t.target, t.detail);
            }
            out.push('\n');
        }
        for scenario in &self.scenarios {
            out.push_str(&scenario.markdown());
            out.push('\n');
        }
        out
    }
}
