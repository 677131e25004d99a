//! A disclaimer of blame, then an accusation: "Not to point fingers, but the release manager did
//! merge it at midnight". The disclaimer marks what the clause says of the actor after "but" as an
//! accusation, whatever its verb, so [`find`](super::find) reports that actor as a person's fault;
//! the chat reproaches of [`super::question`] read the same words ("not to point fingers but who
//! exactly approved ...").

use super::clauses::View;
use super::words::is_adverb;
use crate::hooks::blame::detector::actor::{Actor, ActorKind};
use crate::hooks::blame::detector::tokens::Kind;

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
];

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
    let Some(but) = k
        .checked_sub(1)
        .filter(|&b| tokens[b].is_any(&["but", "yet", "however"]))
    else {
        return false;
    };
    tokens[view.first..but]
        .iter()
        .any(|t| t.is_any(DISCLAIMERS))
}
