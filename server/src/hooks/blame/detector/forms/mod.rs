//! What is said of the actor: the forms of blameful language, each a small function over one
//! sentence's tokens that reports the token range it judges blameful.
//!
//! Every form is about structure: an actor ([`super::actor`]) followed by a predicate of omission
//! or fault, a passive with no agent whose verb says someone failed, a subject-less fragment, a
//! counterfactual modal, an exhortation about care, self-blame, a rhetorical question, or a
//! statement of responsibility. Verbs are recognised by their base form from the word lists, so
//! "skipped", "skips" and "skipping" are one verb.
//!
//! Each form, or group of forms that share their reading, has a module of its own:
//! [`person`] (an actor, then an omission or a fault), [`decision`] (a decision to take a
//! protection away or skip a step), [`omission`] (an omission read across the sentence, said of a
//! person or of no one), [`passive`](mod@passive), [`fragment`](mod@fragment), [`counterfactual`](mod@counterfactual), [`exhortation`](mod@exhortation),
//! [`self_blame`](mod@self_blame), [`question`] (rhetorical questions and insinuations), [`sarcasm`] (praise or assurance meant as its opposite), [`responsibility`](mod@responsibility),
//! [`slip`](mod@slip) and [`judgement`](mod@judgement). What several forms share has a module named for what it
//! recognises: [`words`] (adverbs, negation), [`clauses`] (where a clause and its subject start),
//! [`reasons`] (an act meant or explained is no lapse), [`lapses`] (a safeguard taken away or a
//! step let go, whoever did it), [`risk`] (a clause that shows a risk taken), [`harm`] (the harm
//! an act did, read after it), [`conduct`] (people's work, care and credit) and [`disclaimers`]
//! ("not to point fingers, but ...").
//!
//! [`find`] runs every form over a sentence, in a fixed order. The detector keeps one finding per
//! overlapping stretch, the first and widest, and sorts the hits stably, so the order decides only
//! between hits on exactly the same words: the one found first wins.

mod cause;
mod clauses;
mod conduct;
mod counterfactual;
mod decision;
mod disclaimers;
mod exhortation;
mod fragment;
mod harm;
mod judgement;
mod lapses;
mod omission;
mod passive;
mod person;
mod question;
mod reasons;
mod responsibility;
mod risk;
mod sarcasm;
mod self_blame;
mod slip;
mod words;

use super::actor::{actor_at, Actor, ActorKind};
use super::lexicon::LEXICON;
use super::tokens::{Kind, Sentence, Token};
use crate::hooks::blame::Severity;
use cause::{began_after_a_person, persons_act_as_cause};
use clauses::View;
use counterfactual::{a_glance_would_have, counterfactual};
use decision::chose_to;
use disclaimers::{disclaimed, reluctant_but};
use exhortation::exhortation;
use fragment::fragment;
use judgement::{competence_or_haste_over_care, judgement};
use omission::{
    deferred_or_never_restored, known_yet_not_done, left_to_others, took_them_to_even_look,
};
use passive::{bare_passive, instead_of_acting, judged_in_quotes, passive, without_a_check};
use person::actor_predicate;
use question::{chat_reproach, exasperated, insinuated, rhetorical};
use responsibility::{laid_on_someone, punitive, responsibility};
use sarcasm::sarcastic;
use self_blame::self_blame;
use slip::slip;
use words::{skip_stamp, word};

/// One form found in a sentence: token range `start..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub form: Form,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub replacement: Option<String>,
}

/// The forms, each a rule id of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    PersonOmission,
    PersonFault,
    PassiveOmission,
    Fragment,
    Counterfactual,
    Exhortation,
    SelfBlame,
    RhetoricalQuestion,
    Responsibility,
    Slip,
    Judgement,
    /// Not a form: the learned scorer ([`super::model`]), for a sentence no form describes.
    Resemblance,
}

impl Form {
    pub const ALL: [Form; 12] = [
        Form::PersonOmission,
        Form::PersonFault,
        Form::PassiveOmission,
        Form::Fragment,
        Form::Counterfactual,
        Form::Exhortation,
        Form::SelfBlame,
        Form::RhetoricalQuestion,
        Form::Responsibility,
        Form::Slip,
        Form::Judgement,
        Form::Resemblance,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Form::PersonOmission => "person-omission",
            Form::PersonFault => "person-fault",
            Form::PassiveOmission => "passive-omission",
            Form::Fragment => "fragment-omission",
            Form::Counterfactual => "counterfactual",
            Form::Exhortation => "exhortation",
            Form::SelfBlame => "self-blame",
            Form::RhetoricalQuestion => "rhetorical-question",
            Form::Responsibility => "responsibility",
            Form::Slip => "slip",
            Form::Judgement => "judgement",
            Form::Resemblance => "resembles-blame",
        }
    }
}

/// Runs every form over one sentence.
pub fn find(sentence: &Sentence, hits: &mut Vec<Hit>) {
    let tokens = &sentence.tokens;
    // The first word, after a timeline stamp ("T+12m – Mateus flips the flag", "[update] Lars
    // upgraded …"), which is no part of what the sentence says.
    let opens = |t: &Token| {
        t.kind == Kind::Word
            && t.lower
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '@')
    };
    let stamp = skip_stamp(tokens, 0);
    let Some(first) = (stamp > 0)
        .then(|| word(tokens, stamp).map(|_| stamp))
        .flatten()
        .or_else(|| tokens.iter().position(opens))
    else {
        return;
    };
    // A title-cased heading ("Why It Wasn't Caught") is a label, not a statement.
    let words: Vec<&Token> = tokens.iter().filter(|t| t.is_word()).collect();
    let capitalised = words.iter().filter(|t| t.capitalised).count();
    if words.len() >= 3 && capitalised * 10 >= words.len() * 6 {
        return;
    }
    // "Because its ACL was changed by hand and never reverted.": the answer to a "why" (a 5-whys
    // step) says what happened; read it without its "because" (which elsewhere explains a
    // condition away). A "because" clause before a main clause ("Because the disk was full,
    // the job failed") keeps it.
    let answer = tokens[first].is_any(&["because", "cause", "coz"])
        && !tokens[first..].iter().any(|t| t.kind == Kind::Break);
    let first = if answer {
        tokens[first + 1..]
            .iter()
            .position(|t| t.is_word())
            .map_or(first, |n| first + 1 + n)
    } else {
        first
    };
    let view = View {
        tokens,
        first,
        question: sentence.question,
        timeline: stamp > 0 && first == stamp,
    };
    // Chat drops the question mark: "lol who merged this without tests".
    let mut opening = tokens[first..].iter().filter(|t| t.is_word());
    let asks_who = match (opening.next(), opening.next()) {
        (Some(a), _) if a.is("who") => true,
        (Some(a), Some(b)) => {
            b.is("who")
                && a.is_any(&[
                    "lol",
                    "lmao",
                    "tbh",
                    "ngl",
                    "wait",
                    "ok",
                    "so",
                    "seriously",
                    "honestly",
                ])
        }
        _ => false,
    };
    if view.question || asks_who {
        rhetorical(&view, hits);
    }
    exasperated(&view, hits);
    fragment(&view, hits);
    bare_passive(&view, hits);
    chose_to(&view, hits);
    insinuated(&view, hits);
    reluctant_but(&view, hits);
    chat_reproach(&view, hits);
    sarcastic(&view, hits);
    known_yet_not_done(&view, hits);
    deferred_or_never_restored(&view, hits);
    punitive(&view, hits);
    began_after_a_person(&view, hits);
    persons_act_as_cause(&view, hits);
    took_them_to_even_look(&view, hits);
    left_to_others(&view, hits);
    instead_of_acting(&view, hits);
    judged_in_quotes(&view, hits);
    a_glance_would_have(&view, hits);
    let mut i = first;
    while i < tokens.len() {
        if let Some(actor) = actor_at(tokens, i, first) {
            if in_a_things_phrase(&view, i, actor) || things_before(&view, i) {
                i = actor.end.max(i + 1);
                continue;
            }
            if disclaimed(&view, actor) {
                hits.push(hit(
                    Form::PersonFault,
                    Severity::Blame,
                    actor.start,
                    actor.end,
                ));
                i = actor.end;
                continue;
            }
            if let Some(hit) = actor_predicate(&view, actor) {
                let end = hit.end;
                hits.push(hit);
                i = end.max(i + 1);
                continue;
            }
            i = actor.end.max(i + 1);
            continue;
        }
        i += 1;
    }
    for i in first..tokens.len() {
        without_a_check(&view, i, hits);
        passive(&view, i, hits);
        counterfactual(&view, i, hits);
        exhortation(&view, i, hits);
        self_blame(&view, i, hits);
        responsibility(&view, i, hits);
        slip(&view, i, hits);
        judgement(&view, i, hits);
        competence_or_haste_over_care(&view, i, hits);
        laid_on_someone(&view, i, hits);
    }
}

/// Whether "they" at `i` stands for things named before it: "the mobile apps call the old path,
/// so they crashed". The nearest noun before it decides: people, or a plural system's noun.
fn things_before(view: &View, i: usize) -> bool {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    if !tokens[i].is("they") {
        return false;
    }
    // ("the storage team, and they never checked": people)
    (view.first..i).rev().find_map(|k| {
        let t = &tokens[k];
        if !t.is_word() {
            return None;
        }
        if actor_at(tokens, k, view.first).is_some_and(|a| a.kind != ActorKind::Writers) {
            return Some(false);
        }
        let plural = t.lower.ends_with('s') && !t.lower.ends_with("'s");
        let noun = lx.is_common_noun(&t.lower) || lx.noun_in(&t.lower, &lx.systems);
        (plural && noun).then(|| lx.noun_in(&t.lower, &lx.systems))
    }) == Some(true)
}

/// Whether the actor at `i` is a place or an owner inside a thing's phrase, not a clause's
/// subject: "The uplink at the Kisumu office kept dropping", "edge nodes in São Paulo", "the
/// hotfix for the Samsung crash". After people the same phrase says where they are, and the place
/// stands where their verb is read ("Ops in Bangalore rebooted the wrong rack"); a possessive heads
/// a phrase of its own ("a direct result of Lars's typo").
fn in_a_things_phrase(view: &View, i: usize, actor: Actor) -> bool {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let first = view.first;
    let before = if i > first + 1 && tokens[i - 1].is_any(&["the", "a", "an"]) {
        i - 2
    } else {
        i.saturating_sub(1)
    };
    // (a capital counts only inside the sentence: not "Based on Leon's heap dump")
    let people = |k: usize| {
        let t = &tokens[k];
        let w = t.lower.as_str();
        lx.is_role(w)
            || lx.noun_in(w, &lx.groups)
            || lx.departments.contains(w)
            || PEOPLES_PLACES
                .iter()
                .any(|p| w.strip_suffix('s').unwrap_or(w) == *p)
            || t.capitalised && k > first
    };
    // ("the work of someone who plainly did not understand": a person picked out)
    let picked_out = matches!(actor.kind, ActorKind::Pronoun | ActorKind::Nobody)
        || word(tokens, actor.end).is_some_and(|w| w.is("who"));
    // (a possessive after "of" or "from" heads a cause: "a direct result of Lars's typo",
    // "stems from Sofía's decision"; not "Based on Leon's heap dump")
    let cause = actor.possessive && tokens[before].is_any(&["of", "from"]);
    i > first
        && before > first
        && !cause
        && !picked_out
        && tokens[before].is_any(PLACE_PREPOSITIONS)
        && !people(before - 1)
}

/// Nouns for people by where they work or what they are to each other: "the night shift in the
/// NOC", "our contract manufacturer in Penang", "our friends in the Identity squad".
const PEOPLES_PLACES: &[&str] = &[
    "shift",
    "rota",
    "centre",
    "center",
    "station",
    "lab",
    "manufacturer",
    "office",
    "desk",
    "plant",
    "site",
    "branch",
    "friend",
    "folk",
    "colleague",
    "people",
    "partner",
];

/// Prepositions after which a noun phrase names a place or an owner, not a clause's subject.
const PLACE_PREPOSITIONS: &[&str] = &[
    "at", "in", "of", "on", "near", "inside", "within", "across", "for", "from", "about", "with",
];

fn hit(form: Form, severity: Severity, start: usize, end: usize) -> Hit {
    Hit {
        form,
        severity,
        start,
        end,
        replacement: None,
    }
}
