//! Omissions read across a whole sentence rather than from the verb after its actor: knowing and
//! still not acting ("the bug had been reported twice but was never fixed"), putting work off again
//! and again or never undoing a temporary change ("the capacity review kept being postponed", "was
//! disabled and never turned back on"), a delay that "even" makes a reproach ("It took the DBA
//! three hours to even look at the ticket"), and leaving it to someone else or choosing not to act
//! ("assumed someone else would deal with them"). Each is a person's omission when the clause
//! names a person and a passive omission (or a fragment) when it names no one.

use super::clauses::View;
use super::lapses::RESTORING;
use super::reasons::explains;
use super::words::{is_adverb, is_negation, skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, ActorKind};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::Token;
use crate::hooks::blame::Severity;

/// Verbs of putting off: blameful when it keeps happening ("was postponed again", "kept
/// deferring the upgrade", "snoozed repeatedly").
const DEFERRING: &[&str] = &[
    "postpone",
    "defer",
    "delay",
    "deprioritise",
    "deprioritize",
    "snooze",
    "punt",
    "shelve",
    "reschedule",
];

/// What says a thing kept happening.
const REPEATEDLY: &[&str] = &[
    "again",
    "repeatedly",
    "kept",
    "keeps",
    "keep",
    "twice",
    "multiple",
    "several",
    "every",
    "constantly",
    "continually",
    "perpetually",
    "sprint",
    "sprints",
];

/// Putting work off again and again, or never undoing a temporary change: "the capacity review
/// kept being postponed", "the upgrade was deferred for the third sprint running", "the backup
/// job was disabled and never turned back on". Said of a person, or of no one.
pub(super) fn deferred_or_never_restored(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let is_any_base = |t: &Token, list: &[&str]| {
        t.is_word()
            && lx
                .bases(&t.lower)
                .iter()
                .any(|b| list.contains(&b.as_str()))
    };
    if explains(&tokens[view.first..]) {
        return;
    }
    let found = (view.first..tokens.len()).find_map(|i| {
        let t = &tokens[i];
        if is_any_base(t, DEFERRING) && lx.bases(&t.lower).len() > 1 {
            let clause = view.clause_start(i);
            let end = tokens[i..]
                .iter()
                .position(|t| !t.is_word())
                .map_or(tokens.len(), |n| i + n);
            let repeated = tokens[clause..end].iter().any(|w| w.is_any(REPEATEDLY))
                || tokens[i..end].windows(2).any(|w| {
                    w[0].is_any(&["for", "over"])
                        && w[1].is_any(&["months", "weeks", "years", "quarters", "ages"])
                });
            return repeated.then_some((i, end));
        }
        if t.is("never") {
            let v = skip_adverbs(tokens, i + 1);
            let verb = word(tokens, v)?;
            let back = word(tokens, v + 1).is_some_and(|b| b.is("back"))
                && is_any_base(verb, &["turn", "switch", "put", "set"]);
            if is_any_base(verb, RESTORING) || back {
                return Some((i, if back { v + 2 } else { v + 1 }));
            }
        }
        None
    });
    let Some((start, end)) = found else { return };
    let subject = view.skip_openers(view.clause_start(start));
    let form = match actor_at(tokens, subject, view.first).map(|a| a.kind) {
        Some(ActorKind::Writers) => return,
        Some(_) => Form::PersonOmission,
        None => Form::PassiveOmission,
    };
    hits.push(hit(form, Severity::Blame, start, end.min(tokens.len())));
}

/// Whether token `i` says something was known: "knew", "were aware", "was known", "had seen",
/// "had been flagged".
fn knows(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let after = |words: &[&str]| i > 0 && tokens[i - 1].is_any(words);
    t.is("knew")
        || t.is("aware") && after(&["was", "were", "is", "are", "being", "been", "well", "fully"])
        || t.is("known") && after(&["was", "were", "been", "well", "already"])
        || t.is("seen") && after(&["had", "have", "has", "already", "'d"])
        || t.is_any(&["flagged", "reported", "raised", "warned"])
            && after(&["been", "was", "were", "had", "already"])
}

/// Knowing and still not acting: "we knew the fix, but the hotfix had not been applied", "the
/// team was aware of the risk yet never renewed it", "the bug had been reported twice but was
/// never fixed". Hindsight when the writers knew; blame when someone else did, or it is left
/// unsaid who. Not when the sentence says why ("because the pipeline was frozen") or that it
/// could not be done ("but could not apply it").
pub(super) fn known_yet_not_done(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let Some(k) = (view.first..tokens.len()).find(|&i| knows(tokens, i)) else {
        return;
    };
    // "we did not know", "nobody was aware": nothing was known.
    let clause = view.clause_start(k);
    if tokens[clause..k]
        .iter()
        .any(|t| is_negation(t) || t.is_any(&["nobody", "no", "none"]))
    {
        return;
    }
    let Some(but) = (k + 1..tokens.len()).find(|&i| tokens[i].is_any(&["but", "yet"])) else {
        return;
    };
    let rest = &tokens[but + 1..];
    if explains(rest)
        || rest.iter().any(|t| {
            t.is_any(&[
                "could", "can", "cannot", "couldn't", "can't", "unable", "able", "blocked",
            ])
        })
    {
        return;
    }
    const AUXILIARIES: &[&str] = &[
        "did", "do", "does", "had", "has", "have", "was", "were", "is", "are", "been", "be",
    ];
    let negated_verb = (but + 1..tokens.len()).find_map(|n| {
        let t = word(tokens, n)?;
        let negation = t.lower.ends_with("n't")
            || t.is("never")
            || t.is("not") && word(tokens, n - 1).is_some_and(|a| a.is_any(AUXILIARIES));
        if !negation {
            return None;
        }
        let mut v = n + 1;
        while word(tokens, v)
            .is_some_and(|w| is_adverb(w) || w.is_any(&["been", "be", "yet", "ever", "actually"]))
        {
            v += 1;
        }
        let verb = word(tokens, v)?;
        (t.lower.ends_with("n't") && t.lower != "never"
            || lx.is_participle(&verb.lower)
            || lx.is_past(&verb.lower)
            || t.is("not"))
        .then_some(v)
    });
    let Some(end) = negated_verb else {
        return;
    };
    let knower = actor_at(tokens, view.skip_openers(view.first), view.first)
        .filter(|a| a.end <= k && !a.possessive);
    let (form, severity) = match knower.map(|a| a.kind) {
        Some(ActorKind::Writers) => (Form::PersonOmission, Severity::Hindsight),
        Some(ActorKind::Nobody | ActorKind::Anyone) => return,
        Some(_) => (Form::PersonOmission, Severity::Blame),
        None => (Form::PassiveOmission, Severity::Blame),
    };
    hits.push(hit(form, severity, k, end + 1));
}

/// "It took the DBA three hours to even look at the ticket": "even" makes a delay a reproach.
pub(super) fn took_them_to_even_look(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let Some(at) = (view.first..tokens.len().saturating_sub(2)).find(|&i| {
        tokens[i].is("to")
            && tokens[i + 1].is("even")
            && word(tokens, i + 2).is_some_and(|v| lx.verb_in(&v.lower, &lx.diligence).is_some())
    }) else {
        return;
    };
    if let Some(actor) = view.someone_in(view.first..at) {
        hits.push(hit(
            Form::PersonOmission,
            Severity::Blame,
            actor.start,
            at + 3,
        ));
    }
}

/// Verbs of taking for granted.
const ASSUMING: &[&str] = &[
    "assumed", "assume", "assumes", "presumed", "figured", "thought", "expected", "trusted",
];

/// Leaving it to someone else, or choosing not to act: "The NOC saw the alarms and assumed
/// someone else would deal with them", "each squad expected the other team to renew it", "the author
/// could have added a dry-run flag and chose not to". An omission of the clause's person (a
/// hint when it is the writers), or of no one in a fragment. Not when the sentence gives the
/// reason ("chose not to page because the impact was contained").
pub(super) fn left_to_others(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let found = (view.first..tokens.len()).find_map(|i| {
        let t = &tokens[i];
        // "assumed someone else would", "expected the other team to", "figured another
        // squad was on it"
        if t.is_any(ASSUMING) {
            let m = i + usize::from(word(tokens, i + 1).is_some_and(|w| w.is("that")));
            // people, not another region or replica: "another team", "the other on-call"
            let people = |n: usize| {
                word(tokens, n).is_some_and(|w| {
                    LEXICON.noun_in(&w.lower, &LEXICON.groups) || LEXICON.is_role(&w.lower)
                })
            };
            let other = match (word(tokens, m + 1), word(tokens, m + 2)) {
                (Some(a), Some(b)) => {
                    a.is_any(&["someone", "somebody", "everyone", "everybody"]) && b.is("else")
                        || a.is("another") && people(m + 2)
                        || a.is("the") && b.is("other") && people(m + 3)
                        || a.is("others")
                }
                _ => false,
            };
            let then = tokens[m + 1..]
                .iter()
                .take(5)
                .any(|w| w.is_any(&["would", "was", "were", "had", "to", "'d", "will"]));
            return (other && then).then_some((i, (m + 3).min(tokens.len()), false));
        }
        // "chose not to", "decided not to"
        if t.is_any(&["chose", "decided", "opted", "elected"])
            && word(tokens, i + 1).is_some_and(|w| w.is("not"))
            && word(tokens, i + 2).is_some_and(|w| w.is("to"))
        {
            return Some((i, (i + 4).min(tokens.len()), true));
        }
        None
    });
    let Some((at, end, chose)) = found else {
        return;
    };
    if explains(&tokens[at..]) {
        return;
    }
    let actor = view.someone_in(view.first..at).or_else(|| {
        actor_at(tokens, view.skip_openers(view.first), view.first)
            .filter(|a| a.kind == ActorKind::Writers && a.end <= at)
    });
    let (form, severity, start) = match actor {
        // "we chose not to roll back" reports a decision
        Some(a) if a.kind == ActorKind::Writers && chose => return,
        Some(a) if a.kind == ActorKind::Writers => {
            (Form::PersonOmission, Severity::Hindsight, a.start)
        }
        Some(a) => (Form::PersonOmission, Severity::Blame, a.start),
        // A fragment: "Assumed someone else would pick it up."
        None if view.skip_openers(view.first) == at => (Form::Fragment, Severity::Blame, at),
        None => return,
    };
    hits.push(hit(form, severity, start, end));
}
