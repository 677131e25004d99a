//! The structural blame detector: who acts in a sentence, and what is said of them.
//!
//! Phrase rules catch fixed wording ("human error"); what real postmortems write is open-ended:
//! any name, team or role, ordinary verbs, passives without an agent, bullet fragments without a
//! subject. So this detector reads structure instead. It splits a paragraph into sentences and
//! words ([`tokens`]), recognises the actor of a clause — a name of any culture by its shape and
//! position, a role, a team, a pronoun, "nobody", or no one at all ([`actor`]) — and checks what
//! the clause says of it against the forms of blameful language ([`forms`]), with verbs looked
//! up by base form in small word lists ([`lexicon`]). A verb whose subject is a system ("the
//! health check failed to detect") is not said of a person, and so is not flagged.
//!
//! Where no form fires, a learned scorer ([`model`]) may still flag a sentence that reads like
//! the blame it was trained on ([`resembling`]).
//!
//! Pure and linear: text in, findings out; each sentence is capped in length and each form looks
//! at a bounded window, so the work grows with the text and nothing else.

mod actor;
mod forms;
mod lexicon;
pub mod model;
mod sorted_lines;
mod tokens;

pub use forms::Form;
pub use tokens::{sentences, Sentence};

use super::{Finding, Severity};

/// Findings of the forms for which `enabled` says yes, in one paragraph split into `sentences`
/// ([`sentences`]).
pub fn detect(text: &str, sentences: &[Sentence], enabled: impl Fn(Form) -> bool) -> Vec<Finding> {
    let mut hits = Vec::new();
    let mut out = Vec::new();
    for sentence in sentences {
        hits.clear();
        forms::find(sentence, &mut hits);
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        // One finding per overlapping stretch: the first, widest form wins.
        let mut covered_to = 0;
        for h in hits.drain(..) {
            if !enabled(h.form) || h.end <= h.start {
                continue;
            }
            let t = &sentence.tokens;
            let (start, end) = (t[h.start].start, t[h.end.min(t.len()) - 1].end);
            if start < covered_to {
                continue;
            }
            covered_to = end;
            let (message, suggestion) = explain(h.form, h.severity);
            out.push(Finding {
                rule: h.form.id().to_owned(),
                severity: h.severity,
                start,
                end,
                text: text[start..end].to_owned(),
                message: message.to_owned(),
                suggestion: suggestion.to_owned(),
                replacement: h.replacement,
            });
        }
    }
    out
}

/// The learned scorer's findings in one paragraph ([`model`]): each sentence in which `flagged`
/// says no other rule found anything, and which the scorer finds confidently like blame, whole;
/// the message names the words that weighed most, so that the writer sees what it reacted to.
pub fn resembling(
    text: &str,
    sentences: &[Sentence],
    flagged: impl Fn(usize, usize) -> bool,
) -> Vec<Finding> {
    let (message, suggestion) = explain(Form::Resemblance, Severity::Blame);
    model::resembling(sentences, |range| flagged(range.start, range.end))
        .into_iter()
        .map(|(range, cues)| Finding {
            rule: Form::Resemblance.id().to_owned(),
            severity: Severity::Blame,
            start: range.start,
            end: range.end,
            text: text[range].to_owned(),
            message: with_cues(message, &cues),
            suggestion: suggestion.to_owned(),
            replacement: None,
        })
        .collect()
}

/// A resemblance's message followed by the words it reacted to, if any.
fn with_cues(message: &str, cues: &[String]) -> String {
    if cues.is_empty() {
        return message.to_owned();
    }
    let quoted: Vec<String> = cues
        .iter()
        .map(|c| format!("\u{201c}{c}\u{201d}"))
        .collect();
    format!("{message} Words that weighed most: {}.", quoted.join(", "))
}

/// The message and suggestion of each form.
fn explain(form: Form, severity: Severity) -> (&'static str, &'static str) {
    match (form, severity) {
        (Form::PersonOmission | Form::Counterfactual, Severity::Hindsight) => (
            "Said of ourselves this reads as hindsight: it judges what we did by an outcome we could not see then.",
            "Say what made the step easy to miss, e.g. \"nothing in the deploy flow asked for a restore test\".",
        ),
        (Form::PersonOmission, _) => (
            "This may read as blaming a person for what they did not do; it names who rather than what made the step easy to miss.",
            "Describe the condition, e.g. \"the alert went to a channel no one watched at night\" rather than \"Kevin ignored the alert\".",
        ),
        (Form::PersonFault, _) => (
            "This may read as blaming a person: it names who acted rather than what made the action possible.",
            "Name the role and the system condition, e.g. \"the config reached production without a canary stage\".",
        ),
        (Form::PassiveOmission, _) => (
            "Even without a name, this passive may read as \"someone failed\": it implies a person who should have acted.",
            "Say what made the step hard to do or easy to miss, e.g. \"the runbook step was not linked from the alert\".",
        ),
        (Form::Fragment, _) => (
            "This fragment has no subject, but it may still read as blaming whoever did it.",
            "Describe the situation the step was taken in, e.g. \"the dashboards were not part of the resolution checklist\".",
        ),
        (Form::Counterfactual, _) => (
            "A counterfactual (\"should have\", \"if X had\") may read as blame: it judges the action by an outcome nobody knew at the time.",
            "Describe what would have made the better action easy, e.g. \"nothing surfaced the disk alert to the on-call engineer\".",
        ),
        (Form::Exhortation, _) => (
            "Asking people to \"be more careful\" may read as blame and changes nothing: care is not a mechanism.",
            "Name a safeguard instead, e.g. \"require a second approval for production credentials\".",
        ),
        (Form::SelfBlame, _) => (
            "Self-blame may read as a confession rather than an analysis, and invites others to blame too.",
            "Describe what happened and what made it likely, in the same neutral voice as for anyone else.",
        ),
        (Form::RhetoricalQuestion, _) => (
            "This question may read as an accusation rather than a question.",
            "Ask what made the problem hard to see, e.g. \"what would have surfaced the expiry date?\".",
        ),
        (Form::Slip, _) => (
            "Calling an action accidental or mistaken is hindsight: it marks a person's slip without saying what made the slip easy.",
            "Say what made the action easy to get wrong, e.g. \"the command ran against whichever cluster the shell pointed at\".",
        ),
        (Form::Judgement, _) => (
            "Judging a person's care or competence may read as blame: it grades the people, not the conditions they worked in.",
            "Describe what the person saw and what made the better step hard, e.g. \"the checklist did not cover the replica\".",
        ),
        (Form::Responsibility, _) => (
            "Placing responsibility on a person or team may read as blame and stops people from sharing what they saw.",
            "Describe the contributing factors instead of who is responsible.",
        ),
        (Form::Resemblance, _) => (
            "This sentence reads much like sentences that blame a person or team (a learned resemblance, not a rule): check whether it judges someone rather than describing what happened.",
            "Describe the conditions and the system's part, e.g. \"the runbook did not mention the replica\" rather than who missed it.",
        ),
    }
}

#[cfg(test)]
mod tests;
