//! The targets of issues #7 and #15, judged on a finished run.

use crate::report::{Report, Target};
use crate::server::Kind;

/// How Debrief's figure must relate to the one it is compared with.
enum Rule {
    /// At most this multiple of the best (lowest) other server.
    TimesBestOrLess(f64),
    /// At least this multiple of one server.
    TimesOrMore(f64, Kind),
    /// At most this absolute value.
    Limit(f64),
    /// At least this absolute value.
    AtLeast(f64),
}

pub fn judge(report: &Report) -> Vec<Target> {
    let mut targets = vec![judge_one(
        report,
        "fan-out p99 at 50 readers ≤ 0.5× the best other server",
        "fanout-50",
        "p99",
        Rule::TimesBestOrLess(0.5),
    )];
    targets.push(judge_one(
        report,
        "server CPU per delivered update at 50 readers ≤ 0.5× the best other server",
        "fanout-50",
        "server CPU per delivered update",
        Rule::TimesBestOrLess(0.5),
    ));
    for scenario in report
        .scenarios
        .iter()
        .filter(|s| s.id.starts_with("throughput-"))
    {
        targets.push(judge_with_fallback(
            report,
            &format!("write throughput ({}) ≥ 2× y-sweet", scenario.id),
            &scenario.id,
            "updates/s converged",
            Some("updates/s sent"),
            Rule::TimesOrMore(2.0, Kind::YSweet),
        ));
    }
    targets.extend([
        judge_one(
            report,
            "RSS per idle loaded document ≤ 0.5× the best other server",
            "many-docs",
            "RSS per loaded document (one idle client each)",
            Rule::TimesBestOrLess(0.5),
        ),
        judge_one(
            report,
            "cold load of the B4 document ≤ 10 ms",
            "trace",
            "cold load (connect until the whole document arrived)",
            Rule::Limit(10.0),
        ),
        judge_one(
            report,
            "server CPU per keystroke on B4 ≈ on an empty document (≤ 1.5×)",
            "check-ingest",
            "CPU per keystroke, B4 ÷ empty",
            Rule::Limit(1.5),
        ),
    ]);
    // Issue #15: the same measures with the stock JavaScript client.
    for (writers, rate) in [(4, 36_000.0), (16, 17_000.0)] {
        let scenario = format!("stock-throughput-{writers}");
        targets.push(judge_one(
            report,
            &format!("stock-client write throughput ({scenario}) ≥ {rate:.0} updates/s"),
            &scenario,
            "updates/s converged",
            Rule::AtLeast(rate),
        ));
    }
    targets.extend([
        judge_one(
            report,
            "stock-client B4 ingest ≥ 50,000 keystrokes/s",
            "stock-trace",
            "keystrokes/s",
            Rule::AtLeast(50_000.0),
        ),
        judge_one(
            report,
            "stock-client cold load of the B4 document ≤ 16 ms",
            "stock-trace",
            "cold load (connect until the whole document arrived)",
            Rule::Limit(16.0),
        ),
    ]);
    targets
}

fn judge_one(report: &Report, target: &str, scenario: &str, metric: &str, rule: Rule) -> Target {
    judge_with_fallback(report, target, scenario, metric, None, rule)
}

/// The value of `metric` for `kind` in `scenario`, if measured.
fn metric_of(report: &Report, scenario: &str, kind: Kind, metric: &str) -> Option<f64> {
    report
        .scenario(scenario)?
        .runs
        .iter()
        .find(|r| r.server == kind)?
        .outcome
        .as_ref()?
        .get(metric)
}

/// Like [`judge_one`]; with a `fallback` metric for a compared server that lacks `metric`.
fn judge_with_fallback(
    report: &Report,
    target: &str,
    scenario: &str,
    metric: &str,
    fallback: Option<&str>,
    rule: Rule,
) -> Target {
    let values: Vec<(Kind, f64)> = report
        .scenario(scenario)
        .map(|s| {
            s.runs
                .iter()
                .filter_map(|r| Some((r.server, r.outcome.as_ref()?.get(metric)?)))
                .collect()
        })
        .unwrap_or_default();
    let ours = values
        .iter()
        .find(|(k, _)| *k == Kind::Debrief)
        .map(|v| v.1);
    let (compared_with, limit, detail) = match rule {
        Rule::TimesBestOrLess(factor) => {
            let best = values
                .iter()
                .filter(|(k, _)| !k.is_debrief())
                .min_by(|a, b| a.1.total_cmp(&b.1));
            (
                best.map(|b| b.1),
                best.map(|b| b.1 * factor),
                best.map_or("no other server measured".into(), |(k, v)| {
                    format!(
                        "best other: {} at {v:.3}; limit {:.3}",
                        k.label(),
                        v * factor
                    )
                }),
            )
        }
        Rule::TimesOrMore(factor, kind) => {
            let theirs = values.iter().find(|(k, _)| *k == kind).map(|v| v.1);
            // A server that never converged has no converged rate: compare with what it sent.
            let sent = fallback.and_then(|f| metric_of(report, scenario, kind, f));
            match (theirs, sent) {
                (Some(v), _) => (
                    Some(v),
                    Some(v * factor),
                    format!("{}: {v:.0}; need ≥ {:.0}", kind.label(), v * factor),
                ),
                (None, Some(v)) => (
                    Some(v),
                    Some(v * factor),
                    format!(
                        "{} never converged; compared with the rate it was sent ({v:.0}/s); need ≥ {:.0}",
                        kind.label(),
                        v * factor
                    ),
                ),
                (None, None) => (None, None, format!("{} not measured", kind.label())),
            }
        }
        Rule::Limit(limit) => (None, Some(limit), format!("limit {limit}")),
        Rule::AtLeast(floor) => (None, Some(floor), format!("at least {floor}")),
    };
    let met = match (ours, limit, &rule) {
        (Some(v), Some(l), Rule::TimesOrMore(..) | Rule::AtLeast(_)) => Some(v >= l),
        (Some(v), Some(l), _) => Some(v <= l),
        _ => None,
    };
    Target {
        target: target.into(),
        debrief: ours,
        compared_with,
        met,
        detail,
    }
}
