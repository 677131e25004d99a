//! The judgement form: a judgement of a person or of their conduct ("Kevin was careless", "the
//! handling of the ticket was amateur", "Testing was inadequate"), competence measured against the
//! person ("a mistake any competent engineer would have avoided") and haste preferred to care
//! ("chose speed over safety"). The adjective or noun comes from a general sentiment lexicon, so
//! the form covers words no list of ours foresaw; words for how someone was ("the on-call was
//! exhausted") are a condition to design for, not a judgement.

use super::clauses::View;
use super::conduct::{CARE_NOUNS, CONDUCT, PEOPLES_WORK_NOUNS};
use super::words::{is_adverb, is_negation, is_quote, skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, ActorKind};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::Token;
use crate::hooks::blame::Severity;

/// Negative words that describe how someone was, not how they acted: "the on-call was exhausted"
/// is a condition to design for, not a judgement of them.
const CONDITIONS: &[&str] = &[
    "afraid",
    "sad",
    "sorry",
    "upset",
    "nervous",
    "anxious",
    "angry",
    "sick",
    "ill",
    "unhappy",
    "worried",
    "lonely",
    "scared",
    "tired",
    "dead",
    "helpless",
    "desperate",
    "furious",
    "irate",
    "frantic",
    "hurt",
    "glum",
    "gloomy",
    "miserable",
    "depressed",
    "alone",
    "fearful",
    "grief",
    "distraught",
    "homesick",
    "difficult",
    "dangerous",
    "dire",
    "grave",
    "bitter",
    "indignant",
    "insecure",
    "heartbroken",
    "crestfallen",
    "despondent",
    "disconsolate",
    "downcast",
];

/// Judgements of conduct in formal registers, beyond the sentiment lexicon: "was ill-judged",
/// "were remiss".
const ILL_JUDGED: &[&str] = &[
    "ill-judged",
    "ill-advised",
    "ill-considered",
    "misguided",
    "remiss",
    "unprofessional",
    "irresponsible",
    "derelict",
    "superficial",
    "shallow",
    "perfunctory",
    "cursory",
    "half-hearted",
    "half-baked",
    "lackadaisical",
    "slipshod",
    "amateurish",
    "dismissive",
];

/// Care a person is said not to have had: "was not careful", "weren't thorough".
const CARE_DENIED: &[&str] = &[
    "careful",
    "thorough",
    "diligent",
    "attentive",
    "cautious",
    "rigorous",
    "vigilant",
];

/// Haste and laxity judged after the fact: "was somewhat hasty with the VACUUM", "is lax".
const HASTY: &[&str] = &[
    "hasty",
    "rash",
    "lax",
    "cavalier",
    "complacent",
    "naive",
    "naïve",
    "sloppy",
    "slapdash",
    "hasty",
    "heedless",
    "slow",
    "sluggish",
    "tardy",
];

/// Words between a copula and its judgement: "was a bit careless", "is an absolute disgrace".
const JUDGEMENT_FILLERS: &[&str] = &[
    "a",
    "an",
    "way",
    "somewhat",
    "slightly",
    "overly",
    "such",
    "so",
    "too",
    "pretty",
    "very",
    "rather",
    "quite",
    "bit",
    "little",
    "total",
    "complete",
    "absolute",
    "real",
    "utter",
    "bloody",
    "downright",
    "frankly",
    "plain",
    "just",
    "nothing",
    "short",
    "of",
    "being",
];

/// What mocks a piece of work: "was a joke", "a farce".
const MOCKERY: &[&str] = &[
    "joke", "farce", "shambles", "travesty", "circus", "clown", "mess", "rubber", "charade",
    "dumpster",
];

/// A judgement of a person or of their conduct: "Kevin was careless", "the vendor's support is a
/// disgrace", "we were sloppy", "the handling of the ticket was amateur". The adjective or noun
/// comes from a general sentiment lexicon, so the form covers words no list of ours foresaw.
pub(super) fn judgement(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let t = &tokens[i];
    if !t.is_any(&[
        "was", "were", "is", "are", "been", "seemed", "seems", "looked", "proved", "'s",
    ]) {
        return;
    }
    // Where the clause's subject starts (clamped: openers can reach past the copula).
    let subject_start = view.skip_openers(view.clause_start(i)).min(i);
    // "Testing was inadequate", "the level of review here was frankly cursory": care, judged
    // missing (not "the test coverage tooling was inadequate": a tool)
    {
        let head = tokens[subject_start..i]
            .iter()
            .rev()
            .find(|w| w.is_word() && !is_adverb(w) && !w.is_any(&["here", "there"]));
        let measured = tokens[subject_start..i].windows(3).any(|w| {
            w[0].is_any(&["level", "amount", "degree", "quality"])
                && w[1].is("of")
                && w[2].is_any(CARE_NOUNS)
        });
        let mut k = skip_adverbs(tokens, i + 1);
        if word(tokens, k).is_some_and(|w| w.is_any(&["simply", "just", "far", "woefully"])) {
            k += 1;
        }
        let lacking = word(tokens, k).is_some_and(|w| {
            w.is_any(&[
                "inadequate",
                "insufficient",
                "lacking",
                "cursory",
                "superficial",
                "non-existent",
                "nonexistent",
                "perfunctory",
                "minimal",
            ])
        });
        if lacking && (measured || head.is_some_and(|h| h.is_any(CARE_NOUNS))) {
            hits.push(hit(Form::Judgement, Severity::Blame, subject_start, k + 1));
            return;
        }
    }
    // scare quotes: were "too busy"
    let mut from = i + 1;
    while tokens.get(from).is_some_and(is_quote) {
        from += 1;
    }
    let Some(end) = judgement_at(tokens, from).or_else(|| too_quick(tokens, from)) else {
        return;
    };
    let person = view
        .subject_before(i)
        .filter(|a| !matches!(a.kind, ActorKind::Anyone | ActorKind::Nobody));
    // Someone else's conduct ("the contractor's handling", "the response from support"); our
    // own approach judged ("our approach is problematic") is a review, not blame.
    let subject = &tokens[subject_start..i];
    // ("the on-call engineer's attitude": the whole phrase names whose conduct it was)
    let owner = actor_at(tokens, subject_start, view.first)
        .is_some_and(|a| a.possessive && !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone));
    let conduct = subject.iter().any(|w| w.is_any(CONDUCT))
        && (owner
            || subject.iter().enumerate().any(|(n, w)| {
                w.lower.ends_with("'s") && w.capitalised
                // "the on-call's response", "the vendor's handling"
                || w.lower.ends_with("'s")
                    && actor_at(tokens, subject_start + n, view.first).is_some_and(|a| {
                        a.possessive && !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone)
                    })
                || w.is_any(&["his", "her", "their"])
                || w.is_any(&["by", "from"])
                    && actor_at(tokens, subject_start + n + 1, view.first)
                        .is_some_and(|a| !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone))
            }));
    // "the whole review on #4550 was a joke": work people do, mocked
    // ("their observability setup is a joke", "the load balancer team's config management is a
    // dumpster fire": what a team owns, mocked)
    let mocked = tokens[from..end].iter().any(|w| w.is_any(MOCKERY))
        && (tokens[view.first..i]
            .iter()
            .any(|w| w.is_any(PEOPLES_WORK_NOUNS))
            || owner
            || subject.iter().enumerate().any(|(n, w)| {
                w.is_any(&["their", "his", "her", "our"]) && (n == 0 || !subject[n - 1].is("of"))
            }));
    let start = match person {
        Some(a) => a.start,
        None if conduct => subject_start,
        None if mocked => view.skip_openers(view.first),
        None => return,
    };
    hits.push(hit(Form::Judgement, Severity::Blame, start, end));
}

/// The judgement after a copula at `from`: a strongly negative adjective or noun of a general
/// sentiment lexicon, not a participle ("was blocked", "were broken" say what happened) and not a
/// condition ("was exhausted", "was ill"). Returns the index past it.
fn judgement_at(tokens: &[Token], from: usize) -> Option<usize> {
    let lx = &*LEXICON;
    let mut k = from;
    let mut negated = false;
    for _ in 0..5 {
        let w = word(tokens, k)?;
        if w.is_any(JUDGEMENT_FILLERS) || is_adverb(w) && !lx.negative.contains(w.lower.as_str()) {
            k += 1;
            continue;
        }
        if is_negation(w) {
            negated = true;
            k += 1;
            continue;
        }
        break;
    }
    let w = word(tokens, k)?;
    // "was not entirely careful", "weren't thorough enough": care denied.
    if negated {
        return w.is_any(CARE_DENIED).then_some(k + 1);
    }
    // "was less than attentive", "were less careful than normal": care denied by understatement
    if w.is("less") {
        let than = word(tokens, k + 1).is_some_and(|n| n.is("than"));
        let adj = if than { k + 2 } else { k + 1 };
        return word(tokens, adj)
            .is_some_and(|a| a.is_any(CARE_DENIED))
            .then_some(adj + 1);
    }
    // "a little relaxed about schema changes"
    let relaxed_about = w.is_any(&["relaxed", "casual", "loose"])
        && word(tokens, k + 1).is_some_and(|n| n.is_any(&["about", "with"]));
    let judged = relaxed_about
        || w.is_any(HASTY)
        || w.is_any(ILL_JUDGED)
        || w.is_any(MOCKERY)
        || lx.negative.contains(w.lower.as_str())
            && !lx.is_participle(&w.lower)
            && !w.lower.ends_with("ing")
            && !w.is_any(CONDITIONS);
    // "careless about ...", but not "a disgrace for the industry" being about a thing: the word
    // itself is enough.
    judged.then_some(k + 1)
}

/// "a bit too quick to restart", "far too eager to merge", "too relaxed about": haste or ease
/// judged after the fact. Returns the index past the adjective.
fn too_quick(tokens: &[Token], from: usize) -> Option<usize> {
    let mut k = from;
    while word(tokens, k)
        .is_some_and(|w| w.is_any(&["a", "bit", "little", "far", "way", "much", "touch"]))
    {
        k += 1;
    }
    word(tokens, k).filter(|w| w.is("too"))?;
    let adj = word(tokens, k + 1)?;
    adj.is_any(&[
        "quick",
        "hasty",
        "eager",
        "keen",
        "fast",
        "casual",
        "relaxed",
        "complacent",
        "trusting",
        "lax",
        "lenient",
        "cavalier",
        "confident",
        "busy",
    ])
    .then_some(k + 2)
}

/// "a mistake any competent engineer would have avoided": competence measured against the
/// person; "chose speed over safety", "put the launch date above quality": haste preferred to
/// care.
pub(super) fn competence_or_haste_over_care(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let t = &tokens[i];
    if t.is("any")
        && word(tokens, i + 1).is_some_and(|w| {
            w.is_any(&[
                "competent",
                "sensible",
                "reasonable",
                "decent",
                "half-decent",
                "experienced",
                "careful",
                "capable",
                "qualified",
            ])
        })
    {
        if let Some(m) = (i + 2..(i + 5).min(tokens.len()))
            .find(|&m| tokens[m].is_any(&["would", "would've", "should", "could", "wouldn't"]))
        {
            hits.push(hit(Form::Judgement, Severity::Blame, i, m + 1));
        }
        return;
    }
    const PREFERRED: &[&str] = &[
        "chose",
        "chosen",
        "choose",
        "chooses",
        "picked",
        "prioritised",
        "prioritized",
        "prioritises",
        "prioritizes",
        "put",
        "puts",
        "valued",
        "values",
        "favoured",
        "favored",
        "placed",
    ];
    const HASTE: &[&str] = &[
        "speed",
        "velocity",
        "shipping",
        "deadline",
        "deadlines",
        "date",
        "launch",
        "release",
        "convenience",
        "features",
        "delivery",
        "optics",
    ];
    const CARE: &[&str] = &[
        "safety",
        "quality",
        "testing",
        "reliability",
        "stability",
        "correctness",
        "caution",
        "care",
        "process",
        "rigour",
        "rigor",
        "security",
    ];
    if !t.is_any(PREFERRED) {
        return;
    }
    let Some(over) = (i + 1..(i + 6).min(tokens.len()))
        .find(|&m| tokens[m].is_any(&["over", "above", "before"]))
    else {
        return;
    };
    let haste = tokens[i + 1..over].iter().any(|w| w.is_any(HASTE));
    let care = (over + 1..(over + 3).min(tokens.len())).find(|&m| tokens[m].is_any(CARE));
    if let (true, Some(end)) = (haste, care) {
        hits.push(hit(Form::Judgement, Severity::Blame, i, end + 1));
    }
}
