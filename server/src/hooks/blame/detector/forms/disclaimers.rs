//! A disclaimer of blame, then an accusation: "Not to point fingers, but the release manager did
//! merge it at midnight", "With respect, Priya's review was only a stamp". The disclaimer marks
//! what the clause says of the actor after "but" (or, after a concession, after a comma, a colon
//! or "that") as an accusation, whatever its verb, so [`find`](super::find) reports that actor as a person's fault;
//! the chat reproaches of [`super::question`] read the same words ("not to point fingers but who
//! exactly approved ...").

use super::clauses::View;
use super::words::{is_adverb, word};
use crate::hooks::blame::detector::actor::{Actor, ActorKind};
use crate::hooks::blame::detector::tokens::{Kind, Token};

/// Words of a disclaimer of blame: "not to point fingers", "no offence to Infra", "I don't want
/// to blame anyone".
pub(super) const DISCLAIMERS: &[&str] = &[
    "fingers",
    "finger",
    "offence",
    "offense",
    "blame",
    "blaming",
    "fault",
    "scapegoat",
    "criticise",
    "criticize",
    "criticism",
    "accuse",
    "accusing",
    "accusatory",
    "dig",
    "shade",
    "bus",
    "personal",
    "judgement",
    "judgment",
];

/// Words of a concession that comes before criticism and nothing else: "with respect",
/// "respectfully", "to put it diplomatically", "no individual is being singled out", "we are not
/// looking for culprits", "it's not my place to say". After one of these, a comma or a colon does
/// what "but" does.
const CONCESSIONS: &[&str] = &[
    "respectfully",
    "diplomatic",
    "diplomatically",
    "singled",
    "singling",
    "culprit",
    "culprits",
];

/// Whether a concession of [`CONCESSIONS`] stands in `first..end`, or "with (all) respect" (not
/// "with respect to"), or "not my place".
fn concedes(tokens: &[Token], first: usize, end: usize) -> bool {
    (first..end).any(|k| {
        let t = &tokens[k];
        t.is_any(CONCESSIONS)
            || t.is("respect") && !word(tokens, k + 1).is_some_and(|n| n.is_any(&["to", "of"]))
            || t.is("place") && k > 0 && tokens[k - 1].is_any(&["my", "our"])
    })
}

/// A disclaimer of blame, then "but", then an actor other than the writers ("Not to point fingers,
/// but the release manager did merge it at midnight"): the disclaimer marks what the clause says
/// of that actor as an accusation, whatever its verb. Not a disclaimer alone ("Nobody's fault
/// here: ..."), nor one followed by a system ("no blame, but the retry storm ...") or by "we".
pub(super) fn disclaimed(view: &View, actor: Actor) -> bool {
    let tokens = view.tokens;
    if matches!(actor.kind, ActorKind::Writers) || actor.start == 0 {
        return false;
    }
    let mut k = actor.start;
    while k > view.first
        && tokens[k - 1].kind == Kind::Word
        && is_adverb(&tokens[k - 1])
        && !tokens[k - 1].is("yet")
    {
        k -= 1;
    }
    // "…, but the release manager", "With respect, Priya's review", "we merely record, without
    // wishing to assign responsibility, that Mr. Haddad …"
    let Some(but) = k.checked_sub(1) else {
        return false;
    };
    let disclaimer = || {
        tokens[view.first..but]
            .iter()
            .any(|t| t.is_any(DISCLAIMERS))
    };
    if tokens[but].is_any(&["but", "yet", "however"]) {
        disclaimer() || concedes(tokens, view.first, but)
    } else {
        (tokens[but].is("that") || matches!(tokens[but].lower.as_str(), "," | ":" | ";"))
            && concedes(tokens, view.first, but)
    }
}
