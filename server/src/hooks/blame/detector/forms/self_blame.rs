//! The self-blame form: "our bad", "this one is on me", "my mistake", "mea culpa", "I take full
//! responsibility". A confession rather than an analysis; not when the mistake is in the document
//! itself ("my mistake in the first draft of this report").

use super::clauses::View;
use super::person::FAULT_NOUNS;
use super::words::{is_adverb, is_negation, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::tokens::Token;
use crate::hooks::blame::Severity;

/// "our bad", "this one is on me", "my mistake", "mea culpa", "I take full responsibility".
pub(super) fn self_blame(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let t = &tokens[i];
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|n| n.is_any(words));
    let negated_before = i > 0 && tokens[i - 1].is_any(&["not", "no", "never"])
        || i > 1 && tokens[i - 2].lower.ends_with("n't");
    // "our error budget" is no confession.
    let compound = is(i + 1, &["error"])
        && is(
            i + 2,
            &[
                "budget", "budgets", "rate", "rates", "handling", "messages", "logs",
            ],
        );
    // "my own complacency", "our failure to test" (not "our failure domain")
    let own = usize::from(is(i + 1, &["own"]));
    let fault = is(i + 1 + own, &["bad"])
        || is(i + 1 + own, FAULT_NOUNS)
            && (!is(i + 1 + own, &["failure", "refusal", "inability"]) || is(i + 2 + own, &["to"]));
    let mine = t.is_any(&["our", "my"])
        && fault
        && !compound
        && !negated_before
        && !about_this_document(tokens, i + 2);
    // "this one is on me", "that's entirely on us"
    let copula = (1..=2).filter(|&b| i >= b).any(|b| {
        tokens[i - b].is_any(&["is", "was", "'s", "one's", "that's", "this's", "it's"])
            && (b == 1 || is_adverb(&tokens[i - 1]))
    });
    // not owning what comes next: "that follow-up is on me: I'll own OPS-6021"
    let owning = tokens[view.first..i].iter().any(|w| {
        w.is_any(&[
            "follow-up",
            "followup",
            "action",
            "item",
            "next",
            "task",
            "ticket",
            "round",
            "lunch",
            "coffee",
        ])
    });
    let on_me = t.is("on") && is(i + 1, &["me", "us"]) && copula && !owning;
    // "I am ashamed to say", "we're embarrassed that"
    // "I feel terrible that I approved it", "I'm kicking myself for not checking"
    let regret = t.is_any(&["terrible", "awful", "guilty"])
        && i > 0
        && tokens[i - 1].is_any(&["feel", "felt"])
        // about an act of ours ("that I approved it"), not the incident ("about it")
        && is(i + 1, &["that"])
        && is(i + 2, &["i", "we"])
        || t.is_any(&["kicking", "kick", "kicked"]) && is(i + 1, &["myself", "ourselves"]);
    let ashamed = regret
        || t.is_any(&["ashamed", "embarrassed"])
            && i > 0
            && tokens[i - 1].is_any(&[
                "am", "'m", "i'm", "are", "we're", "was", "were", "feel", "felt",
            ]);
    // "a very poor job from us", "a naive choice on my part", "lazy from my side"
    let ours_judged = t.is_any(&["from", "on"])
        && (is(i + 1, &["us", "me"])
            || is(i + 1, &["my", "our"]) && is(i + 2, &["side", "part", "end"]))
        && tokens[view.first..i].iter().any(|w| {
            w.is_any(&[
                "poor",
                "bad",
                "lazy",
                "naive",
                "sloppy",
                "careless",
                "terrible",
                "awful",
                "misconception",
                "dangerous",
                // "a failure on my part", "an oversight on our part"
                "failure",
                "lapse",
                "oversight",
                "mistake",
                "error",
                "blunder",
            ])
        })
        && !tokens[view.first..i].iter().any(is_negation);
    // "I own this one", "we own that": owning the incident, not a service ("I own this
    // service") or a task ("I own this action item")
    let own_it = t.is("own")
        && i > 0
        && tokens[i - 1].is_any(&["i", "we"])
        && is(i + 1, &["this", "that", "it"])
        && (word(tokens, i + 2).is_none()
            || is(i + 2, &["one", "entirely", "completely", "fully"]));
    // "we let ourselves down", "I let the team down"
    let let_down = t.is("let")
        && i > 0
        && tokens[i - 1].is_any(&["i", "we"])
        && (i + 1..(i + 8).min(tokens.len()))
            .take_while(|&m| word(tokens, m).is_some())
            .any(|m| is(m, &["down"]))
        && is(
            i + 1,
            &[
                "myself",
                "ourselves",
                "the",
                "everyone",
                "you",
                "our",
                "customers",
                "people",
                "my",
                "them",
            ],
        );
    let culpa = t.is("mea") && is(i + 1, &["culpa"]);
    let was_me = t.is_any(&["was", "that's", "it's"])
        && is(i + 1, &["me"])
        // "that was me", "that one was me"
        && (t.lower != "was"
            || i > 0 && tokens[i - 1].is_any(&["that", "it"])
            || i > 1 && tokens[i - 1].is("one") && tokens[i - 2].is_any(&["that", "this"]))
        && word(tokens, i + 2).is_none_or(|n| n.is("sorry"));
    // "I take full responsibility", "I hold myself accountable"
    let responsibility = (t.is_any(&["take", "takes", "took"])
        && is(i + 1, &["full", "complete", "the"])
        && is(i + 2, &["responsibility", "blame"])
        || t.is_any(&["hold", "held"])
            && is(i + 1, &["myself", "ourselves"])
            && is(i + 2, &["accountable", "responsible"]))
        && (i == 0 || !tokens[i - 1].is_any(&["not", "never", "don't", "didn't"]));
    let len = if responsibility || mine && own == 1 {
        3
    } else if mine || on_me || culpa || was_me || ours_judged || own_it || let_down {
        2
    } else if ashamed {
        1
    } else {
        return;
    };
    hits.push(hit(Form::SelfBlame, Severity::Blame, i, i + len));
}

/// "my mistake in the first draft of this report": an error in the document, corrected.
fn about_this_document(tokens: &[Token], from: usize) -> bool {
    word(tokens, from).is_some_and(|w| w.is("in"))
        && tokens[from + 1..].iter().take(4).any(|w| {
            w.is_any(&[
                "draft",
                "version",
                "timeline",
                "report",
                "doc",
                "document",
                "summary",
                "post",
                "write-up",
                "writeup",
                "postmortem",
            ])
        })
}
