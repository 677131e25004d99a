//! The sentence as the forms see it ([`View`]): its tokens, its first word, whether it is a
//! question, and where each clause starts.
//!
//! A clause's subject comes after the words that open the clause ("and", "because", "when") and
//! after hedges that wrap it without changing what it says of its subject ("perhaps", "to be fair",
//! "I think"), so both are skipped before the forms look for an actor there.

use super::words::{is_adverb, phrase_at, skip_adverbs, word};
use crate::hooks::blame::detector::actor::{actor_at, Actor, ActorKind};
use crate::hooks::blame::detector::tokens::{Kind, Token};

/// Words that open a clause before its subject.
const OPENERS: &[&str] = &[
    "and", "but", "so", "because", "when", "while", "after", "before", "since", "as", "though",
    "although", "then", "once", "again", "also", "until", "unless", "yet", "or", "whereas",
];

/// The sentence's tokens, the index of its first word and where each clause starts.
pub(super) struct View<'a> {
    pub(super) tokens: &'a [Token],
    pub(super) first: usize,
    pub(super) question: bool,
    /// The sentence opens with a timeline stamp ("T+12m –", "14:05 UTC –", "\[update\]"): its
    /// verbs may be in the present tense, its actor left out, and its clauses set side by side
    /// ("Mateus flips the flag to 100%; billing starts double charging").
    pub(super) timeline: bool,
}

impl View<'_> {
    /// The start of the clause that contains token `i`.
    pub(super) fn clause_start(&self, i: usize) -> usize {
        let mut k = i;
        while k > self.first {
            let prev = &self.tokens[k - 1];
            if prev.kind != Kind::Word
                || prev.is_any(&[
                    "because", "but", "and", "so", "when", "while", "which", "that", "if",
                    "whereas", "although", "though",
                ])
            {
                break;
            }
            k -= 1;
        }
        k
    }

    /// Skips openers and adverbs at a clause start.
    pub(super) fn skip_openers(&self, mut i: usize) -> usize {
        while let Some(t) = word(self.tokens, i) {
            if t.is_any(OPENERS) || is_adverb(t) {
                i += 1;
            } else if let Some(len) = hedge_at(self.tokens, i) {
                i += len;
            } else {
                break;
            }
            while self.tokens.get(i).is_some_and(|t| t.kind == Kind::Break) {
                i += 1;
            }
        }
        i
    }

    /// The clause's actor: the one at its start (after openers), or the one right before `verb`.
    pub(super) fn subject_before(&self, verb: usize) -> Option<Actor> {
        let start = self.skip_openers(self.clause_start(verb));
        let actor = actor_at(self.tokens, start, self.first)?;
        let after = skip_adverbs(self.tokens, actor.end);
        (after == verb && !actor.possessive).then_some(actor)
    }

    /// The actor at `i` if it is someone in particular: not the writers, not "anyone" or
    /// "everyone", not "nobody".
    pub(super) fn someone_at(&self, i: usize) -> Option<Actor> {
        actor_at(self.tokens, i, self.first).filter(|a| {
            !matches!(
                a.kind,
                ActorKind::Writers | ActorKind::Anyone | ActorKind::Nobody
            )
        })
    }

    /// The first actor that starts in `range` and is someone in particular: not the writers
    /// ("we", "I") and not "anyone" or "everyone".
    pub(super) fn someone_in(&self, range: std::ops::Range<usize>) -> Option<Actor> {
        range.into_iter().find_map(|i| {
            actor_at(self.tokens, i, self.first)
                .filter(|a| !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone))
        })
    }
}

/// Hedges that wrap a clause without changing what it says of its subject: "perhaps", "to be
/// fair", "in hindsight", "I think", "it seems that", "one could argue that". Returns their
/// length in words.
const HEDGES: &[&[&str]] = &[
    &["perhaps"],
    &["maybe"],
    &["tbh"],
    &["imo"],
    &["imho"],
    &["to", "be", "fair"],
    &["to", "be", "honest"],
    &["in", "fairness"],
    &["in", "hindsight"],
    &["in", "retrospect"],
    &["if", "anything"],
    &["it", "seems", "that"],
    &["it", "seems"],
    &["it", "appears", "that"],
    &["one", "could", "argue", "that"],
    &["one", "might", "argue", "that"],
    &["some", "would", "say", "that"],
    &["some", "would", "say"],
    &["it", "could", "be", "said", "that"],
    &["it", "could", "be", "argued", "that"],
    &["it's", "hard", "not", "to", "conclude", "that"],
    &["it's", "hard", "not", "to", "think", "that"],
    &["it", "is", "hard", "not", "to", "conclude", "that"],
];

/// Verbs of opinion: with the writers as subject ("I'd gently suggest that", "we would argue",
/// "I suspect") they wrap a clause as a hedge does.
const OPINIONS: &[&str] = &[
    "say", "suggest", "argue", "guess", "venture", "think", "feel", "suspect", "reckon", "imagine",
    "wager", "bet", "believe", "submit",
];

/// The length in words of the writers' opinion wrapped around a clause: "I'd gently suggest
/// that", "I would argue", "we suspect".
fn opinion_at(tokens: &[Token], i: usize) -> Option<usize> {
    let writer = word(tokens, i)?;
    let mut n = 1;
    if writer.is_any(&["i", "we"]) {
        if word(tokens, i + 1).is_some_and(|w| w.is_any(&["would", "might", "'d"])) {
            n += 1;
        }
    } else if !writer.is_any(&["i'd", "we'd"]) {
        return None;
    }
    while word(tokens, i + n).is_some_and(is_adverb) {
        n += 1;
    }
    word(tokens, i + n).filter(|v| v.is_any(OPINIONS))?;
    n += 1;
    if word(tokens, i + n).is_some_and(|w| w.is("that")) {
        n += 1;
    }
    Some(n)
}

fn hedge_at(tokens: &[Token], i: usize) -> Option<usize> {
    opinion_at(tokens, i).or_else(|| hedge_phrase_at(tokens, i))
}

fn hedge_phrase_at(tokens: &[Token], i: usize) -> Option<usize> {
    phrase_at(tokens, i, HEDGES)
}
