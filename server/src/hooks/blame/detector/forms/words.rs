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

/// Words a timeline stamp is made of besides numbers: "T+12m", "14:05 UTC", "\[update\]", "UPDATE
/// 2:", "Timeline:".
const STAMP_WORDS: &[&str] = &[
    "t", "utc", "gmt", "z", "am", "pm", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "ist",
    "jst", "update", "timeline", "status", "edit",
];

/// Where the words start after a timeline stamp at `i`: "T+12m – Mateus flips the flag" gives the
/// index of "Mateus", as do "14:05 UTC –", "\[09:40\]", "\[update\]", "UPDATE 2:" and "Timeline:
/// 10:02". A stamp is numbers and [`STAMP_WORDS`], each word followed by a mark or a number
/// ("Update the runbook" is no stamp), and ends at a mark. Without a stamp, `i`.
pub(super) fn skip_stamp(tokens: &[Token], i: usize) -> usize {
    let mut k = i;
    let mut end = i;
    while let Some(t) = tokens.get(k) {
        let next_is_word = word(tokens, k + 1).is_some_and(|n| !starts_with_digit(n));
        if t.kind != Kind::Word {
            // (a mark ends the stamp once a number or a stamp word came before it)
            if k > i && tokens[i..k].iter().any(Token::is_word) {
                end = k + 1;
            }
        } else if !(starts_with_digit(t) || t.is_any(STAMP_WORDS) && !next_is_word) {
            break;
        }
        k += 1;
        if k > i + 10 {
            return i;
        }
    }
    // ("Timeline: 10:02 Siobhán merges": the minutes after the last mark are the stamp's too,
    // not "11:25 400 tickets auto-resolve")
    if end > i
        && tokens[end - 1].lower == ":"
        && word(tokens, end).is_some_and(|t| t.lower.chars().all(|c| c.is_ascii_digit()))
    {
        end += 1;
    }
    end
}

/// Whether `t` starts with a digit: a number, a count, a time ("212", "3k", "09").
pub(super) fn starts_with_digit(t: &Token) -> bool {
    t.lower.starts_with(|c: char| c.is_ascii_digit())
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
