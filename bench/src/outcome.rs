//! What one scenario measured on one server: named figures, each with its unit and which way
//! is better, plus notes; checks also say whether they passed.

use hdrhistogram::Histogram;
use serde::Serialize;

/// Which way a figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Lower,
    Higher,
    /// Context, not a score.
    Neither,
}

#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub name: String,
    pub unit: &'static str,
    pub value: f64,
    pub better: Better,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub metrics: Vec<Metric>,
    pub notes: Vec<String>,
    /// For checks: whether the server passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
}

impl Outcome {
    pub fn add(&mut self, name: impl Into<String>, unit: &'static str, value: f64, better: Better) {
        self.metrics.push(Metric {
            name: name.into(),
            unit,
            value,
            better,
        });
    }

    pub fn lower(&mut self, name: impl Into<String>, unit: &'static str, value: f64) {
        self.add(name, unit, value, Better::Lower);
    }

    pub fn higher(&mut self, name: impl Into<String>, unit: &'static str, value: f64) {
        self.add(name, unit, value, Better::Higher);
    }

    pub fn info(&mut self, name: impl Into<String>, unit: &'static str, value: f64) {
        self.add(name, unit, value, Better::Neither);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// Records a check's verdict; a check fails if any part of it fails.
    pub fn check(&mut self, passed: bool) {
        self.passed = Some(self.passed.unwrap_or(true) && passed);
    }

    /// p50 / p95 / p99 / max of a latency histogram recorded in microseconds, in milliseconds.
    pub fn latencies(&mut self, prefix: &str, histogram: &Histogram<u64>) {
        for (label, quantile) in [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)] {
            let micros = histogram.value_at_quantile(quantile);
            self.lower(format!("{prefix}{label}"), "ms", micros as f64 / 1000.0);
        }
        self.lower(
            format!("{prefix}max"),
            "ms",
            histogram.max() as f64 / 1000.0,
        );
    }

    /// The value of metric `name`, if recorded.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.metrics
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.value)
    }
}

/// A histogram of microseconds from 1 µs to 10 minutes, 3 significant digits.
pub fn micros_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds")
}
