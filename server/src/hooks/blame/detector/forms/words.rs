//! Word tests that nearly every form uses: the word at an index (not punctuation), adverbs and
//! hedges that may stand between a subject and its verb, negation, and quote marks.

use crate::hooks::blame::detector::tokens::{Kind, Token};

/// Adverbs and hedges that may stand between a subject and its verb.
const ADVERBS: &[&str] = &[
    "also",
    "then",
    "just",
    "still",
    "again",
    "even",
    "simply",
    "already",
    "once",
    "probably",
    "clearly",
    "obviously",
    "apparently",
    "arguably",
    "basically",
    "actually",
    "really",
    "somehow",
    "again",
    "repeatedly",
    "allegedly",
    "evidently",
    "frankly",
    "honestly",
    "completely",
    "totally",
    "entirely",
    "all",
    "both",
    "himself",
    "herself",
    "themselves",
    "ourselves",
    "myself",
    "yet",
    "ever",
    "quite",
    "much",
    "so",
    "too",
];

pub(super) const NEGATIONS: &[&str] = &["not", "never", "no"];

pub(super) fn is_quote(t: &Token) -> bool {
    t.kind == Kind::Other && matches!(t.lower.as_str(), "\"" | "\u{201c}" | "\u{201d}")
}

/// Contractions as chat writes them, without the apostrophe: "wasnt", "didnt".
const BARE_CONTRACTIONS: &[&str] = &[
    "wasnt", "werent", "isnt", "arent", "didnt", "dont", "doesnt", "hasnt", "havent", "hadnt",
    "wont", "cant", "couldnt", "shouldnt", "wouldnt",
];

pub(super) fn is_negation(t: &Token) -> bool {
    t.is_any(NEGATIONS)
        || t.lower.ends_with("n't")
        || t.lower == "cannot"
        || t.is_any(BARE_CONTRACTIONS)
}

pub(super) fn is_adverb(t: &Token) -> bool {
    t.is_any(ADVERBS)
        || (t.lower.len() > 4
            && t.lower.ends_with("ly")
            && !t.is_any(&[
                "only", "apply", "reply", "supply", "comply", "imply", "rely", "multiply", "rally",
                "bully", "assembly", "family", "anomaly", "july", "italy",
            ]))
}

pub(super) fn word(tokens: &[Token], i: usize) -> Option<&Token> {
    tokens.get(i).filter(|t| t.kind == Kind::Word)
}

pub(super) fn skip_adverbs(tokens: &[Token], mut i: usize) -> usize {
    while word(tokens, i).is_some_and(is_adverb) {
        i += 1;
    }
    i
}

/// The length of the phrase of `phrases` that starts at `i`, if one does ("to be fair", "let me
/// guess").
pub(super) fn phrase_at(tokens: &[Token], i: usize, phrases: &[&[&str]]) -> Option<usize> {
    phrases
        .iter()
        .find(|p| {
            p.iter()
                .enumerate()
                .all(|(n, w)| word(tokens, i + n).is_some_and(|t| t.is(w)))
        })
        .map(|p| p.len())
}
