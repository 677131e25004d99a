//! The slip form: a slip named as such ("accidentally overwriting", "we mistakenly thought", "by
//! mistake"). A hint: it implies someone erred, without judging them.

use super::clauses::View;
use super::person::names_a_system;
use super::words::{is_negation, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::actor_at;
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::Severity;

/// A slip named as such: "accidentally overwriting", "we mistakenly thought", "an accidental
/// execution". A hint: it implies someone erred, without judging them.
pub(super) fn slip(view: &View, i: usize, hits: &mut Vec<Hit>) {
    const SLIPS: &[&str] = &[
        "accidentally",
        "accidental",
        "mistakenly",
        "wrongly",
        "erroneously",
    ];
    let tokens = view.tokens;
    let t = &tokens[i];
    let negated = i > 0 && is_negation(&tokens[i - 1]);
    let next = word(tokens, i + 1);
    // "by mistake", "by accident", "in error" (not "no regression in error rate")
    let phrase = (t.is("by") && next.is_some_and(|n| n.is_any(&["mistake", "accident"]))
        || t.is("in")
            && next.is_some_and(|n| n.is("error"))
            && i > 0
            && tokens[i - 1].is_word()
            && !word(tokens, i + 2)
                .is_some_and(|n| n.is_any(&["rate", "rates", "budget", "count"])))
        && !(i > 0 && tokens[i - 1].is_any(&["not", "never"]));
    let end = if t.is_any(SLIPS) && !negated {
        i + 1
    } else if phrase {
        i + 2
    } else {
        return;
    };
    if !said_of_a_systems_act(view, i, end) {
        hits.push(hit(Form::Slip, Severity::Hindsight, i, end));
    }
}

/// A system's act gone wrong is no one's slip: "the archive index had wrongly flagged them", "the
/// provisioning system applied the template in error" (the clause's subject, before its verb), or
/// "handled wrongly by the parser" (its agent after "by"). A passive's subject is what was done
/// to: "the DNS record was deleted in error" is still a slip.
fn said_of_a_systems_act(view: &View, i: usize, end: usize) -> bool {
    let tokens = view.tokens;
    // (the openers skipped may run past `i`: "accidentally")
    let subject = view.skip_openers(view.clause_start(i)).min(i);
    let passive = tokens[subject..i].iter().any(|w| {
        w.is_any(&[
            "was", "were", "is", "are", "been", "be", "got", "get", "gets",
        ])
    });
    !passive
        && actor_at(tokens, subject, view.first).is_none()
        && tokens[subject..i]
            .iter()
            .take(5)
            .take_while(|w| w.is_word() && !LEXICON.is_past(&w.lower))
            .any(names_a_system)
        || word(tokens, end).is_some_and(|n| n.is("by"))
            && word(tokens, end + 1).is_some_and(|d| d.is_any(&["the", "a", "an", "our", "its"]))
            && tokens[end + 2..]
                .iter()
                .take(3)
                .take_while(|w| w.is_word())
                .any(names_a_system)
}
