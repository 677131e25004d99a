//! The slip form: a slip named as such ("accidentally overwriting", "we mistakenly thought", "by
//! mistake"). A hint: it implies someone erred, without judging them.

use super::clauses::View;
use super::words::{is_negation, word};
use super::{hit, Form, Hit};
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
    let t = &view.tokens[i];
    let negated = i > 0 && is_negation(&view.tokens[i - 1]);
    let next = word(view.tokens, i + 1);
    // "by mistake", "by accident", "in error"
    let phrase = (t.is("by") && next.is_some_and(|n| n.is_any(&["mistake", "accident"]))
        || t.is("in")
            && next.is_some_and(|n| n.is("error"))
            && i > 0
            && view.tokens[i - 1].is_word())
        && !(i > 0 && view.tokens[i - 1].is_any(&["not", "never"]));
    if t.is_any(SLIPS) && !negated {
        hits.push(hit(Form::Slip, Severity::Hindsight, i, i + 1));
    } else if phrase {
        hits.push(hit(Form::Slip, Severity::Hindsight, i, i + 2));
    }
}
