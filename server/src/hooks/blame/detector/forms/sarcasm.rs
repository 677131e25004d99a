//! Sarcasm: praise or assurance that means its opposite, and the stock phrases of irony. "Great
//! job on the DNS change everyone, email only down for 3 hrs", "nice of support to escalate after
//! a mere 6 hours", "I'm sure Wei had his reasons for going around the approval step", "well,
//! that's one way to test the backups", "wonder if Leo realised 'restart all' meant all regions".
//!
//! Praise is only read as irony with a cue beside it (harm not undone, "a mere", "finally", a
//! "creative interpretation", scare quotes), so "great job on the rollback, email back after 3
//! hrs" and "kudos to platform for the staged rollout, zero errors" stay praise.

use super::clauses::View;
use super::harm::{harmful, undone, MEASURES};
use super::words::{is_adverb, is_quote, phrase_at, skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::{Kind, Token};
use crate::hooks::blame::Severity;

/// Praise that opens a sentence: "great job", "kudos", "love the", "great to see".
const PRAISE: &[&[&str]] = &[
    &["great", "job"],
    &["good", "job"],
    &["nice", "job"],
    &["great", "work"],
    &["nice", "work"],
    &["good", "work"],
    &["well", "done"],
    &["kudos"],
    &["bravo"],
    &["congrats"],
    &["congratulations"],
    &["shoutout"],
    &["love", "the"],
    &["love", "how"],
    &["love", "that"],
    &["great", "to", "see"],
    &["nice", "to", "see"],
    &["good", "to", "see"],
    &["impressed"],
    &["bold", "move"],
    &["brave", "move"],
    &["bold", "choice"],
    &["interesting", "choice"],
    &["thank", "you"],
    &["thanks"],
];

/// Kind words said of someone's act: "nice of support to escalate", "super helpful of the vendor
/// to deprecate the endpoint via tweet".
const KIND_OF: &[&str] = &[
    "nice",
    "kind",
    "helpful",
    "thoughtful",
    "good",
    "great",
    "lovely",
    "considerate",
    "generous",
    "sweet",
];

/// Words that mark praise as ironic: "after a mere 6 hours", "finally discovered", "a creative
/// interpretation".
const IRONY: &[&str] = &[
    "mere",
    "merely",
    "finally",
    "creative",
    "creatively",
    "interpretation",
    "bold",
    "brave",
];

/// What a response to harm is called: praise for it is meant ("great job on the rollback").
const REMEDIES: &[&str] = &[
    "rollback",
    "revert",
    "fix",
    "hotfix",
    "recovery",
    "failover",
    "mitigation",
    "response",
    "restore",
    "save",
    "catch",
    "triage",
    "debugging",
    "handling",
    "cleanup",
];

/// Emoji that mark a sentence as ironic: an upside-down face, rolled eyes.
const IRONIC_EMOJI: &[&str] = &["\u{1f643}", "\u{1f644}"];

/// Stock phrases of irony, sarcastic wherever they stand: "that's one way to test the backups",
/// "must be nice to merge without CI", "what could possibly go wrong".
const STOCK: &[&[&str]] = &[
    &["that's", "one", "way", "to"],
    &["thats", "one", "way", "to"],
    &["that", "is", "one", "way", "to"],
    &["must", "be", "nice", "to"],
    &["what", "could", "possibly", "go", "wrong"],
    &["what", "could", "go", "wrong"],
    &["let's", "just", "say"],
    &["lets", "just", "say"],
    &["let", "me", "guess"],
    &["almost", "impressive"],
    &["not", "what", "i", "call"],
    &["not", "what", "i'd", "call"],
    &["not", "what", "i", "would", "call"],
    &["how", "hard", "can", "it", "be"],
    &["how", "hard", "it", "can", "be"],
    &["how", "hard", "is", "it", "to"],
];

/// Words chat puts before what it says: "lol", "wow", "oh", "honestly".
const ASIDES: &[&str] = &[
    "lol",
    "wow",
    "oh",
    "ok",
    "okay",
    "honestly",
    "so",
    "hey",
    "welp",
    "really",
    "super",
    "very",
    "just",
    "truly",
    "seriously",
];

/// Finds sarcasm, once per sentence.
pub(super) fn sarcastic(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let found = ironic_praise(view)
        .or_else(|| sure_they_had_reasons(view))
        .or_else(|| mock_wonder(view))
        .or_else(|| some_of_us(view))
        .or_else(|| expected_of_someone(view))
        .or_else(|| {
            (view.first..tokens.len()).find_map(|i| phrase_at(tokens, i, STOCK).map(|n| (i, i + n)))
        })
        .or_else(|| wondering_about_someone(view));
    if let Some((start, end)) = found {
        hits.push(hit(Form::RhetoricalQuestion, Severity::Blame, start, end));
    }
}

/// Praise with a cue of irony after it: "great job on the dns change everyone, email only down
/// for 3 hrs", "nice of support to escalate after a mere 6 hours".
fn ironic_praise(view: &View) -> Option<(usize, usize)> {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let mut i = view.first;
    while word(tokens, i).is_some_and(|w| w.is_any(ASIDES)) {
        i += 1;
    }
    let end = match phrase_at(tokens, i, PRAISE) {
        Some(n) => i + n,
        // "nice of support to escalate …"
        None => {
            word(tokens, i).filter(|w| w.is_any(KIND_OF))?;
            word(tokens, i + 1).filter(|w| w.is("of"))?;
            word(tokens, i + 2).filter(|w| !w.is_any(&["us", "me", "you"]))?;
            (i + 3..(i + 7).min(tokens.len()))
                .take_while(|&k| word(tokens, k).is_some())
                .find(|&k| tokens[k].is("to"))?
        }
    };
    let rest = &tokens[end..];
    // "bold move by networking …", "nice of support to escalate after a mere 6 hours",
    // "great to see the devs finally discovered logs": irony whatever follows
    let ironic = tokens[i..]
        .iter()
        .any(|t| t.is_any(IRONY) || IRONIC_EMOJI.contains(&t.lower.as_str()));
    if ironic {
        return Some((i, end));
    }
    // Thanks are meant unless an irony word says otherwise ("thanks for the thorough
    // investigation, root cause doc below", "thanks, Olu, for catching the "do not touch" banner").
    if word(tokens, i).is_some_and(|w| w.is_any(&["thanks", "thank"])) {
        return None;
    }
    // (an ironic "only down for 3 hrs" is no harm made small)
    let plain: Vec<Token> = rest.iter().filter(|t| !t.is("only")).cloned().collect();
    if undone(&plain) {
        return None;
    }
    // ("zero errors", "no downtime": harm denied)
    let denied = rest
        .iter()
        .any(|t| t.is_any(&["zero", "no", "without", "fewer", "less", "nothing"]));
    let quoted = rest
        .iter()
        .filter(|t| is_quote(t) || t.lower == "'")
        .count()
        >= 2;
    // ("Kudos to the incident commander for …": harm named in the praise's own clause is
    // the event praised for its handling)
    let first_break = (end..tokens.len()).find(|&k| tokens[k].kind == Kind::Break);
    let harm_after = first_break.is_some_and(|b| {
        (b..tokens.len())
            .filter(|&k| tokens[k].kind == Kind::Break)
            .any(|k| harmful(tokens, k + 1..tokens.len()))
            // "email only down for 3 hrs" (not "latency's down"), anywhere after the first break
            || (b + 2..tokens.len()).any(|d| {
                let subject = tokens[..d].iter().rev().find(|t| {
                    !t.is_any(&["is", "was", "are", "were", "went", "been", "has", "now"])
                });
                let measure =
                    subject.is_some_and(|t| MEASURES.contains(&t.lower.trim_end_matches("'s")));
                tokens[d].is_any(&["down", "offline"]) && !measure
            })
    });
    // ("great job on the rollback, latency is down": praise for a remedy is meant)
    let remedy = rest
        .iter()
        .take_while(|t| t.kind != Kind::Break)
        .any(|t| t.is_any(REMEDIES));
    // "impressed anyone could misconfigure haproxy that thoroughly"
    // (a verb, not "4s of drops")
    let fault = rest
        .iter()
        .any(|t| t.is_word() && !t.lower.ends_with('s') && lx.fault_verb(&t.lower).is_some());
    let cue = quoted || fault || !denied && !remedy && harm_after;
    cue.then_some((i, end))
}

/// Assurance that means its opposite: "I'm sure Wei had his reasons for going around the
/// approval step", "I'm sure there was a very good reason to push at 5pm on a Friday", "I'm sure
/// it's pure coincidence that …" (not "I'm sure the team had their reasons; let's ask": a reason
/// for an act is what the irony needs).
fn sure_they_had_reasons(view: &View) -> Option<(usize, usize)> {
    let tokens = view.tokens;
    let sure = (view.first..tokens.len()).find(|&k| {
        tokens[k].is("sure")
            && k > 0
            && (tokens[k - 1].is_any(&["i'm", "im"])
                || tokens[k - 1].is("am") && k > 1 && tokens[k - 2].is("i"))
    })?;
    (sure + 1..tokens.len().min(sure + 12)).find_map(|k| {
        let t = word(tokens, k)?;
        let reason = t.is_any(&["reason", "reasons"])
            && word(tokens, k + 1).is_some_and(|n| n.is_any(&["for", "to", "behind"]));
        (reason || t.is("coincidence")).then_some((sure, k + 1))
    })
}

/// Wondering aloud whether someone did their part, or why they could do what they did: "wonder
/// if Leo realised 'restart all' meant all regions", "wonder why the contractor had prod write
/// in the first place" (not "wonder if the cache warmed up": a system).
fn wondering_about_someone(view: &View) -> Option<(usize, usize)> {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let wonder = (view.first..tokens.len()).find(|&k| {
        tokens[k].is_any(&["wonder", "wondering"])
            && word(tokens, k + 1).is_some_and(|n| n.is_any(&["if", "whether", "why", "how"]))
    })?;
    let mut a = wonder + 2;
    while word(tokens, a).is_some_and(is_adverb) {
        a += 1;
    }
    let actor = view.someone_at(a)?;
    let rest = &tokens[actor.end..];
    let diligent = word(tokens, actor.end).is_some_and(|v| {
        lx.is_past(&v.lower)
            && (lx.verb_in(&v.lower, &lx.diligence).is_some()
                || v.is_any(&["realised", "realized", "knew", "understood", "bothered"]))
    });
    let first_place = rest
        .windows(3)
        .any(|w| w[0].is("the") && w[1].is("first") && w[2].is("place"));
    (diligent || first_place).then_some((wonder, actor.end))
}

/// Irony in mock wonder or mock doubt: "it's almost as if turning off the health checks was a bad
/// idea", "it's not like the runbook was hidden", "who needs canaries anyway", "deploying during
/// the all-hands was a choice".
fn mock_wonder(view: &View) -> Option<(usize, usize)> {
    let tokens = view.tokens;
    let words: Vec<usize> = (view.first..tokens.len())
        .filter(|&k| tokens[k].is_word())
        .collect();
    let at = |n: usize, w: &str| words.get(n).is_some_and(|&k| tokens[k].is(w));
    let last = *words.last()?;
    for (n, &k) in words.iter().enumerate() {
        // "almost as if … was a bad idea", "almost like … mattered"
        if at(n, "almost") && (at(n + 1, "as") && at(n + 2, "if") || at(n + 1, "like")) {
            let judged = words[n..].windows(2).any(|w| {
                tokens[w[0]].is_any(&["bad", "terrible", "poor", "dumb"]) && tokens[w[1]].is("idea")
            }) || words[n..]
                .iter()
                .any(|&m| tokens[m].is_any(&["mattered", "matters", "matter"]));
            if judged {
                return Some((k, last + 1));
            }
        }
        // "it's not like the runbook was hidden", "it's not like nobody warned them"
        let not_like = (at(n, "it's") || at(n, "its")) && at(n + 1, "not") && at(n + 2, "like")
            || at(n, "it") && at(n + 1, "is") && at(n + 2, "not") && at(n + 3, "like");
        if not_like {
            let hidden = words[n..].iter().any(|&m| {
                tokens[m].is_any(&[
                    "hidden", "secret", "buried", "optional", "nobody", "unknown", "new",
                ])
            }) || words[n..]
                .windows(2)
                .any(|w| tokens[w[0]].is("no") && tokens[w[1]].is("one"));
            if hidden {
                return Some((k, last + 1));
            }
        }
        // "lol who needs canaries anyway"
        if at(n, "who") && at(n + 1, "needs") && tokens[last].is("anyway") {
            return Some((k, last + 1));
        }
    }
    // "deploying during the all-hands was a choice" (said last: "was a choice between" is none)
    let n = words.len();
    (n >= 4
        && tokens[words[n - 1]].is("choice")
        && tokens[words[n - 2]].is("a")
        && tokens[words[n - 3]].is_any(&["was", "is", "that's", "thats"]))
    .then(|| (words[n - 3], last + 1))
}

/// Some did their part, so others did not: "Some of us read the change freeze announcement,
/// apparently", "some of us actually test our migrations".
fn some_of_us(view: &View) -> Option<(usize, usize)> {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let f = view.first;
    (word(tokens, f)?.is("some") && word(tokens, f + 1)?.is("of") && word(tokens, f + 2)?.is("us"))
        .then_some(())?;
    let v = skip_adverbs(tokens, f + 3);
    let verb = word(tokens, v)?;
    lx.verb_in(&verb.lower, &lx.diligence)
        .is_some()
        .then_some((f, v + 1))
}

/// What anyone in a role is expected to know, said of the one who did not: "One would expect that
/// a tech lead knows a TTL of 86400 is one day" (not "one would expect the cache to warm up").
fn expected_of_someone(view: &View) -> Option<(usize, usize)> {
    let tokens = view.tokens;
    let at = (view.first..tokens.len()).find(|&k| {
        tokens[k].is("one")
            && word(tokens, k + 1).is_some_and(|w| w.is_any(&["would", "might", "could"]))
    })?;
    let mut k = at + 2;
    if word(tokens, k).is_some_and(|w| w.is("have")) {
        k += 1;
    }
    word(tokens, k)
        .filter(|w| w.is_any(&["expect", "expected", "think", "thought", "hope", "hoped"]))?;
    k += 1;
    if word(tokens, k).is_some_and(|w| w.is("that")) {
        k += 1;
    }
    let actor = view.someone_at(k)?;
    Some((at, actor.end))
}
