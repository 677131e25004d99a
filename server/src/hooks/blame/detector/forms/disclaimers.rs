//! A disclaimer of blame, then an accusation: "Not to point fingers, but the release manager did
//! merge it at midnight", "With respect, Priya's review was only a stamp". The disclaimer marks
//! what the clause says of the actor after "but" (or, after a concession, after a comma, a colon
//! or "that") as an accusation, whatever its verb, so [`find`](super::find) reports that actor as a person's fault;
//! the chat reproaches of [`super::question`] read the same words ("not to point fingers but who
//! exactly approved ...").

use super::clauses::View;
use super::conduct::credits;
use super::risk::system_within;
use super::words::{is_adverb, skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{Actor, ActorKind};
use crate::hooks::blame::detector::tokens::{Kind, Token};
use crate::hooks::blame::Severity;

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

/// Words of a writer's reluctance to say what follows "but": "I hesitate to raise this, but",
/// "I do not want to overstate this, but", "forgive me for asking, but", "perhaps I am mistaken,
/// but", "reasonable people may differ, but", "I accept that her intentions were good, but".
const RELUCTANCE: &[&str] = &[
    "hesitate",
    "overstate",
    "forgive",
    "mistaken",
    "presume",
    "impression",
    "loath",
    "reluctant",
    "reluctantly",
    "differ",
    "intentions",
    "unkind",
    "matters",
];

/// A disclaimer or a show of reluctance, then "but", then a clause that names someone anywhere in
/// it: "I hesitate to raise this, but the Slack thread shows Bartek was told about the lag", "not
/// to point fingers, but the timeline shows the flag was flipped by the platform team". The
/// reluctance is the writer's, so the words before "but" must speak as the writer ("I", "we",
/// "me", "my", "one"). Not a clause about a system ("I may be mistaken, but the cache looks
/// stale").
pub(super) fn reluctant_but(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let Some(but) = (view.first..tokens.len()).find(|&k| tokens[k].is("but")) else {
        return;
    };
    let before = &tokens[view.first..but];
    let writer = before
        .iter()
        .any(|t| t.is_any(&["i", "i'm", "i'd", "we", "we'd", "me", "my", "one", "people"]));
    let reluctant = before
        .iter()
        .any(|t| t.is_any(RELUCTANCE) || t.is_any(DISCLAIMERS));
    if !(writer && reluctant) {
        return;
    }
    let end = (but + 1..tokens.len())
        .find(|&k| tokens[k].is("but") || tokens[k].lower == ";")
        .unwrap_or(tokens.len());
    // Someone who acts, not the owner of a system ("the vendor's API started returning 500s") nor
    // someone credited ("the data engineering team have offered to …").
    let acting = (but + 1..end).find_map(|k| {
        let actor = view.someone_in(k..k + 1)?;
        let owns_system = actor.possessive && system_within(tokens, actor.end, 3);
        let mut verb = skip_adverbs(tokens, actor.end);
        if word(tokens, verb).is_some_and(|w| w.is_any(&["have", "has", "had"])) {
            verb += 1;
        }
        let credited = word(tokens, verb).is_some_and(|v| {
            credits(&v.lower) || v.is_any(&["offered", "agreed", "volunteered", "helped"])
        });
        (!owns_system && !credited).then_some(actor)
    });
    if let Some(actor) = acting {
        hits.push(hit(
            Form::RhetoricalQuestion,
            Severity::Blame,
            but,
            actor.end,
        ));
    }
}
