//! A person's act given as the cause of the harm: "the outage arose from Mr. Rinaldi's choice of
//! firmware", "the errors stem from JB setting the threshold too low", "is attributable to the
//! values entered by Ms. Okafor", "Léa's hotfix is why the app crashes on launch".
//!
//! The same causal words give credit just as often ("the quick recovery came from Priya's
//! rollback", "Ana's alert is why we caught it within minutes"), so the effect the sentence names
//! must be harm ([`HARM`], [`SYMPTOMS`]) and not its undoing ([`undone`]). A system as the cause
//! ("arose from a race in the scheduler") is no person's act; neither is a role's or a team's
//! work here, which the corpus of real reports mentions as context far more often than as blame.

use super::clauses::View;
use super::conduct::credits;
use super::harm::{harmful_verb, undone, HARM};
use super::reasons::deliberate;
use super::words::{is_negation, skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, Actor, ActorKind};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::{Kind, Token};
use crate::hooks::blame::Severity;

/// Links from an effect back to its cause, word by word: "arose from", "is attributable to",
/// "can be laid at the door of".
const BACK_TO_CAUSE: &[&[&[&str]]] = &[
    &[
        &[
            "arose",
            "arise",
            "arises",
            "arisen",
            "arising",
            "stem",
            "stems",
            "stemmed",
            "stemming",
            "came",
            "comes",
            "come",
            "coming",
            "resulted",
            "results",
            "resulting",
            "originated",
            "originates",
            "originating",
            "derived",
            "derives",
            "sprang",
            "springs",
            "followed",
        ],
        &["from"],
    ],
    &[&["originated", "originates", "originating"], &["with"]],
    &[
        &[
            "attributable",
            "attributed",
            "traceable",
            "traced",
            "traces",
            "due",
            "owing",
            "ascribed",
            "points",
            "pointed",
            "point",
        ],
        &["to"],
    ],
    &[&["down"], &["to"]],
    &[&["because", "courtesy", "result", "consequence"], &["of"]],
    &[&["because", "bc", "cuz", "cos", "coz"]],
    &[&["thanks"], &["to"]],
    &[&["door"], &["of"]],
    &[
        &[
            "caused",
            "introduced",
            "triggered",
            "created",
            "started",
            "precipitated",
        ],
        &["by"],
    ],
];

/// Verbs that tie an effect to a cause with "to" after the effect: "we can trace the 502 errors
/// to …", "our analysis attributes the timeouts to …".
const TIE_TO: &[&str] = &[
    "trace",
    "traced",
    "attribute",
    "attributes",
    "attributed",
    "ascribe",
    "ascribes",
    "tie",
    "ties",
    "tied",
    "link",
    "links",
    "linked",
    "pin",
    "pins",
    "pinned",
];

/// Links from a cause forward to its effect: "Léa's hotfix is why …", "… led to the outage".
const ON_TO_EFFECT: &[&[&[&str]]] = &[
    &[&["is", "was", "'s"], &["why"]],
    &[&["is", "was", "'s"], &["where"]],
    &[&["is", "was"], &["responsible"], &["for"]],
    &[&["led", "leads", "lead"], &["to"]],
    &[&["gave"], &["rise"], &["to"]],
    &[&["resulted", "results"], &["in"]],
    &[&["brought"], &["about"]],
];

/// What harm looks like to those who suffer it, beside [`HARM`]: "the replication lag", "stale
/// prices", "most of the customer impact", "the root cause".
const SYMPTOMS: &[&str] = &[
    "cause",
    "failed",
    "failing",
    "rejected",
    "impact",
    "lag",
    "latency",
    "leakage",
    "stale",
    "shortfall",
    "locked",
    "lockout",
    "timed",
    "throttled",
    "duplicate",
    "duplicates",
];

/// Words that point back at the clause before them as a cause: "…, that's why the API was
/// down", "…, because of this the websocket traffic broke", "…, which is why checkout failed".
const POINTING_BACK: &[&[&[&str]]] = &[
    &[&["thats", "that's", "this's"], &["why", "how"]],
    &[
        &["that", "this", "which", "it"],
        &["is", "was", "'s"],
        &["why", "how"],
    ],
    &[
        &["because", "bc", "coz", "cuz"],
        &["of"],
        &["this", "that", "him", "her", "it"],
    ],
    &[
        &["that", "this", "which"],
        &["caused", "triggered", "meant"],
    ],
];

/// A cause named outright, after a person's act: "Tunde's decision is the underlying cause".
const CAUSE_NOUNS: &[&str] = &["cause", "reason", "trigger", "source", "origin", "culprit"];

/// Finds a named person's act stated as the cause of harm, once per sentence.
pub(super) fn persons_act_as_cause(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    // A question asks about a cause; it does not state one.
    if view.question {
        return;
    }
    // "did not come from Ana's change", "if it came from Ana's change": no cause stated.
    let denied = |at: usize| {
        (at.saturating_sub(2)..at).any(|k| word(tokens, k).is_some_and(is_negation))
            || tokens[view.first..at]
                .iter()
                .any(|t| t.is_any(&["if", "whether", "unless"]))
    };
    for i in view.first..tokens.len() {
        // "the outage arose from Mr. Rinaldi's choice", "we traced the errors to Amara's edit"
        let back = link(tokens, i, BACK_TO_CAUSE).map(|after| {
            let start = effect_start(view, i);
            // "Because Léa reused an old key, the integration returned 401s": the effect follows.
            let effect = if tokens[start..i].iter().any(Token::is_word) {
                start..i
            } else {
                after..tokens.len()
            };
            (effect, after)
        });
        // "the root cause of the pager storm was Connor's alert rule"
        let cause_was = tokens[i].is_any(&["is", "was"])
            && tokens[view.clause_start(i)..i]
                .iter()
                .any(|t| t.is_any(CAUSE_NOUNS));
        let back = back.or(cause_was.then(|| (view.clause_start(i)..i, i + 1)));
        let tied = tokens[i].is("to").then(|| {
            let verb = (i.saturating_sub(8).max(view.first)..i)
                .rev()
                .take_while(|&k| tokens[k].kind == Kind::Word)
                .find(|&k| tokens[k].is_any(TIE_TO))?;
            Some((verb + 1..i, i + 1))
        });
        if let Some((effect, after)) = back.or(tied.flatten()) {
            if harmful(tokens, effect) && !denied(i) {
                if let Some(end) =
                    persons_act(view, after).filter(|_| !deliberate_act(tokens, after))
                {
                    hits.push(hit(Form::Responsibility, Severity::Blame, i, end));
                    return;
                }
            }
        }
        // "Léa's hotfix is why the app crashes", "Tunde's decision is the underlying cause"
        // (not "is responsible for finding the duplicates": a duty)
        let forward = link(tokens, i, ON_TO_EFFECT)
            .filter(|&after| word(tokens, after).is_none_or(|w| !w.lower.ends_with("ing")))
            .filter(|&after| harmful(tokens, after..(after + 10).min(tokens.len())));
        let named_cause = tokens[i]
            .is_any(&["is", "was"])
            .then(|| {
                (i + 1..(i + 4).min(tokens.len()))
                    .take_while(|&k| tokens[k].kind == Kind::Word)
                    .find(|&k| tokens[k].is_any(CAUSE_NOUNS))
                    .filter(|&k| word(tokens, k + 1).is_none_or(|n| !n.is("of")))
                    .map(|k| k + 1)
            })
            .flatten()
            .filter(|&after| !undone(&tokens[after..(after + 10).min(tokens.len())]));
        // "kenji changed the cron to every minute, thats why the mail server crashed"
        let pointed = link(tokens, i, POINTING_BACK).filter(|&after| {
            // (not "which caused no further errors")
            i > view.first
                && harmful(tokens, after..(after + 10).min(tokens.len()))
                && !word(tokens, after)
                    .is_some_and(|w| w.is_any(&["no", "zero", "none", "little", "minimal"]))
        });
        let pointed_back = pointed.and_then(|after| Some((acting_first(view, i)?, after)));
        let forward = forward
            .or(named_cause)
            .and_then(|after| Some((acting_subject(view, i)?, after)));
        if let Some((actor, after)) = pointed_back.or(forward).filter(|_| !denied(i)) {
            hits.push(hit(
                Form::Responsibility,
                Severity::Blame,
                actor.start,
                after,
            ));
            return;
        }
    }
}

/// The index after the link starting at `i`, if one of `links` starts there.
fn link(tokens: &[Token], i: usize, links: &[&[&[&str]]]) -> Option<usize> {
    links
        .iter()
        .find(|words| {
            words
                .iter()
                .enumerate()
                .all(|(n, any)| word(tokens, i + n).is_some_and(|w| w.is_any(any)))
        })
        .map(|words| i + words.len())
}

/// Whether `range` names harm and not its undoing: "the data loss", "the app crashes", "billing
/// double-charged", but not "the quick recovery from the outage".
fn harmful(tokens: &[Token], range: std::ops::Range<usize>) -> bool {
    let lx = &*LEXICON;
    let words = &tokens[range];
    words.iter().any(|t| {
        t.is_any(HARM)
            || t.is_any(SYMPTOMS)
            || harmful_verb(&t.lower)
            || t.is_word()
                && if lx.is_past(&t.lower) {
                    lx.fault_verb(&t.lower).is_some()
                } else {
                    // "made every backend look dead", "the totals were wrong"
                    lx.negative.contains(t.lower.as_str())
                }
    }) && !undone(words)
}

/// Where the effect named before a link at `i` starts: its clause, or the sentence so far when
/// the clause only points back at it ("…, and that's down to Mateus running it twice").
fn effect_start(view: &View, i: usize) -> usize {
    let start = view.clause_start(i);
    let pointer = word(view.tokens, start)
        .is_some_and(|w| w.is_any(&["that", "that's", "this", "which", "it", "it's", "all"]));
    if pointer && i <= start + 2 {
        view.first
    } else {
        start
    }
}

/// The person's act at `from` (after a link back to the cause), returning the index past it:
/// "Mr. Rinaldi's selection", "JB setting the threshold", "Keiko, who targeted the rollout", "how
/// Gabriela configured the cache", "the values entered by Ms. Okafor", "a debug statement Sophie
/// left", "the registration that Mrs. Eze had been responsible for renewing".
fn persons_act(view: &View, from: usize) -> Option<usize> {
    let tokens = view.tokens;
    let lx = &*LEXICON;
    let mut k = skip_adverbs(tokens, from);
    if word(tokens, k).is_some_and(|w| w.is_any(&["how", "what"])) {
        k += 1;
    }
    let acted = |actor: &Actor| {
        let next = word(tokens, actor.end);
        // "Mr. Rinaldi's selection of …"
        actor.possessive && actor.kind == ActorKind::Name && next.is_some()
            // "JB setting the circuit breaker threshold far too low", "Gabriela configured"
            || !actor.possessive
                && next.is_some_and(|n| {
                    n.lower.ends_with("ing") || lx.is_past(&n.lower) && !credits(&n.lower)
                })
            // "Keiko, who targeted …", "Nkechi, whose firewall change …"
            || !actor.possessive
                && tokens.get(actor.end).is_some_and(|t| t.lower == ",")
                && word(tokens, actor.end + 1).is_some_and(|w| w.is_any(&["who", "whose"]))
    };
    if let Some(actor) = someone_named_at(view, k).filter(acted) {
        return Some(actor.end + 1);
    }
    // A noun phrase, then the person who made it: "the values entered by Ms. Okafor", "a debug
    // statement Sophie left", "the registration that Mrs. Eze had been responsible for renewing".
    let phrase_end = (k..(k + 8).min(tokens.len()))
        .find(|&m| tokens[m].kind != Kind::Word)
        .unwrap_or_else(|| (k + 8).min(tokens.len()));
    (k + 1..phrase_end).find_map(|m| {
        let by = tokens[m].is("by") && lx.is_participle(&tokens[m - 1].lower);
        let that = tokens[m].is_any(&["that", "which"]);
        let at = if by || that { m + 1 } else { m };
        let actor = actor_at(tokens, at, view.first)
            .filter(|a| a.kind == ActorKind::Name && !a.possessive)?;
        // ("the patch that Ana wrote" and "a statement Sophie left", but not "the bug that Ana
        // found")
        let verb = word(tokens, actor.end);
        let made = verb.is_some_and(|v| {
            (lx.is_past(&v.lower) && !credits(&v.lower)) || v.is_any(&["had", "has"])
        });
        (by || made).then_some(actor.end)
    })
}

/// A person at `i` by name, or by "he", "she", "his" or "her": not a role or a team (context far
/// more often than blame in real reports), nor "they" or "their" (as often a system's jobs or a
/// vendor as people).
fn someone_named_at(view: &View, i: usize) -> Option<Actor> {
    actor_at(view.tokens, i, view.first).filter(|a| {
        a.kind == ActorKind::Name
            || a.kind == ActorKind::Pronoun
                && view.tokens[a.start].is_any(&["he", "she", "his", "her"])
    })
}

/// The named person whose act is the subject of the clause that ends at the link `at`: "Léa's
/// late-night hotfix is why …", "Tomasz's change to the pool size led to …".
fn acting_subject(view: &View, at: usize) -> Option<Actor> {
    let start = view.skip_openers(view.clause_start(at));
    let actor = someone_named_at(view, start).filter(|a| a.possessive)?;
    (actor.end < at && at <= actor.end + 8).then_some(actor)
}

/// Whether the act after `from` is said to be meant or planned: "because Ana ran the planned
/// load test", "Ana's scheduled failover drill".
fn deliberate_act(tokens: &[Token], from: usize) -> bool {
    let rest = &tokens[from..(from + 12).min(tokens.len())];
    deliberate(rest)
        || rest.iter().any(|t| {
            t.is_any(&[
                "planned",
                "scheduled",
                "schedule",
                "announced",
                "approved",
                "agreed",
            ])
        })
}

/// The named person whose act opens the sentence, before `at`: "kenji changed the cron …",
/// "Mei's query updated every row …" (not a credited or planned act).
fn acting_first(view: &View, at: usize) -> Option<Actor> {
    let tokens = view.tokens;
    let lx = &*LEXICON;
    let start = view.skip_openers(view.first);
    let actor = someone_named_at(view, start)?;
    let verb = word(tokens, actor.end)?;
    let acted = actor.possessive || lx.can_be_verb(&verb.lower) && !credits(&verb.lower);
    // The pointer must point at the act's own clause: no other clause between them ("…, the
    // tool sorts by filename, thats why …" points at the tool).
    let one_clause = actor.end < at
        && tokens[actor.end..at - 1]
            .iter()
            .all(|t| t.kind != Kind::Break && !t.is_any(&["and", "but", "so", "which", "then"]));
    (acted && one_clause && !deliberate_act(tokens, actor.end)).then_some(actor)
}
