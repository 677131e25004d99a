//! A decision to take a protection away or to skip a step, said of whoever decided: "the
//! platform team chose to silence the disk-usage alert", "Sunita decided the load test wasn't
//! needed". Not when it was planned, had a purpose or was a stopgap ("decided to ignore the
//! flapping alert until the root cause was found").

use super::clauses::View;
use super::lapses::{disarms, PROTECTIONS};
use super::reasons::{deliberate, explains, purposeful};
use super::words::{skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, ActorKind};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::Severity;

/// "The platform team chose to silence the disk-usage alert", "Kevin decided to skip the canary":
/// a decision to take a protection away or to skip a step, said of whoever decided (unless it
/// was planned or had a purpose).
pub(super) fn chose_to(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    for i in view.first..tokens.len() {
        let Some(actor) = actor_at(tokens, i, view.first).filter(|a| !a.possessive) else {
            continue;
        };
        let k = skip_adverbs(tokens, actor.end);
        // "Sunita decided the load test wasn't needed": a safeguard judged unnecessary (not
        // when the sentence gives the reason: "... because the service was being retired")
        let judged_unneeded = word(tokens, k).is_some_and(|w| {
            w.is_any(&["decided", "thought", "felt", "figured", "judged", "assumed"])
        }) && {
            let rest = &tokens[k + 1..(k + 10).min(tokens.len())];
            let guarded = rest
                .iter()
                .any(|t| t.is_any(PROTECTIONS) || LEXICON.noun_in(&t.lower, &LEXICON.safeguards));
            let unneeded = rest.windows(2).any(|w| {
                w[0].is_any(&["wasn't", "weren't", "isn't", "aren't", "not"])
                    && w[1].is_any(&["needed", "necessary", "required", "worth"])
                    || w[0].is_any(&["was", "were", "is", "are"])
                        && w[1].is_any(&["optional", "unnecessary", "overkill", "pointless"])
            });
            guarded
                && unneeded
                && actor.kind != ActorKind::Writers
                && !explains(&tokens[k + 1..])
                && !rest.iter().any(|t| t.is_any(&["once", "after", "when"]))
        };
        if judged_unneeded {
            hits.push(hit(Form::PersonFault, Severity::Blame, actor.start, k + 1));
            return;
        }
        let chose = word(tokens, k)
            .is_some_and(|w| w.is_any(&["chose", "decided", "opted", "elected"]))
            && word(tokens, k + 1).is_some_and(|w| w.is("to"));
        if !chose {
            continue;
        }
        let v = k + 2;
        let skips = word(tokens, v).is_some_and(|w| {
            w.is_any(&[
                "skip",
                "bypass",
                "ignore",
                "disregard",
                "circumvent",
                "override",
            ])
        });
        let end = disarms(tokens, v).or_else(|| skips.then_some(v + 1));
        // "decided to ignore the flapping alert until the root cause was found": a stopgap
        let stopgap = tokens[v..].iter().any(|t| t.is("until"));
        if let Some(end) = end.filter(|_| !stopgap) {
            if !purposeful(tokens, end) && !deliberate(&tokens[end..]) {
                hits.push(hit(Form::PersonFault, Severity::Blame, actor.start, end));
            }
        }
        return;
    }
}
