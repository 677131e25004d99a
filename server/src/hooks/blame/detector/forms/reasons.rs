//! Why an act is no lapse: it was meant ("deliberately", "by design", "as planned"), it was done
//! for a stated purpose ("dropped the table so that the migration could rerun", "To test, the
//! engineer deletes one of the pods"), or the clause gives its cause ("because", "since", "due
//! to"). The person, fragment, passive and omission forms ask these questions before they call an
//! act a fault or an omission.

use super::risk::{PRODUCTION, TIMES};
use super::words::{starts_with_digit, word};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::{Kind, Token};

/// Whether `rest` says it was meant: "deliberately", "intentionally", "on purpose", "by design",
/// "as planned", "as the runbook specifies".
pub(super) fn deliberate(rest: &[Token]) -> bool {
    rest.iter().enumerate().any(|(n, t)| {
        t.is_any(&["deliberately", "intentionally", "purpose"])
            || t.is("by") && word(rest, n + 1).is_some_and(|d| d.is("design"))
            || t.is("as")
                && word(rest, n + 1).is_some_and(|d| {
                    d.is_any(&[
                        "planned",
                        "scheduled",
                        "intended",
                        "agreed",
                        "designed",
                        "approved",
                        "requested",
                        "instructed",
                        "trained",
                        "authorised",
                        "authorized",
                        "sanctioned",
                    ])
                })
            // "at the vendor's request", "at the request of the duty manager"
            || t.is("at")
                && rest[n + 1..]
                    .iter()
                    .take(4)
                    .take_while(|d| d.is_word())
                    .any(|d| d.is("request"))
            // "as the runbook allows", "as the vendor's support line instructed"
            || t.is("as")
                && rest[n + 1..]
                    .iter()
                    .take(5)
                    .take_while(|d| d.is_word())
                    .any(|d| {
                        d.is_any(&[
                            "allows",
                            "allowed",
                            "permits",
                            "permitted",
                            "instructed",
                            "advised",
                            "recommended",
                            "required",
                        ])
                    })
            // "under the maintenance procedure", "under the change policy"
            // (and "under approved change CHG-20431", "under an approved extension", "under the
            // fatigue rule")
            || t.is("under")
                && rest[n + 1..]
                    .iter()
                    .take(4)
                    .take_while(|d| d.is_word())
                    .any(|d| {
                        d.is_any(&[
                            "procedure",
                            "policy",
                            "runbook",
                            "process",
                            "approved",
                            "plan",
                            "rule",
                            "exception",
                            "waiver",
                        ])
                    })
            // "after CAB approval", "with incident-commander approval", "after sign-off"
            // (not "with no approval")
            || t.is_any(&["after", "with"]) && {
                let next: Vec<&Token> = rest[n + 1..]
                    .iter()
                    .take(3)
                    .take_while(|d| d.is_word())
                    .collect();
                next.iter()
                    .any(|d| d.is_any(&["approval", "sign-off", "signoff"]))
                    && !next.iter().any(|d| d.is_any(&["no", "zero", "any", "out"]))
            }
            // "via the release train"
            || t.is_any(&["via", "through"])
                && word(rest, n + 2).is_some_and(|d| d.is("release"))
                && word(rest, n + 3).is_some_and(|d| d.is("train"))
            // "on schedule", "on the scheduled date", "on the planned day"
            || t.is("on")
                && (word(rest, n + 1).is_some_and(|d| d.is("schedule"))
                    || word(rest, n + 1).is_some_and(|d| d.is("the"))
                        && word(rest, n + 2)
                            .is_some_and(|d| d.is_any(&["scheduled", "planned", "agreed"])))
            // "via the break-glass path, which is the documented route for sev1s", "…, the
            // expected workflow for that alert"
            // ("using the documented emergency path")
            || t.is("the")
                && n > 0
                && (rest[n - 1].lower == ","
                    || rest[n - 1].is("is") && n > 1 && rest[n - 2].is("which")
                    || rest[n - 1].is_any(&["using", "via", "through", "following"]))
                && word(rest, n + 1).is_some_and(|d| {
                    d.is_any(&["documented", "expected", "standard", "usual", "normal", "approved"])
                })
                // (a modifier may come between: "the documented emergency path")
                && rest[(n + 2).min(rest.len())..]
                    .iter()
                    .take(2)
                    .take_while(|d| d.is_word())
                    .any(|d| {
                        d.is_any(&[
                            "route", "approach", "workflow", "process", "path", "practice",
                            "procedure", "way", "step",
                        ])
                    })
            // "during the maintenance", "during the low-traffic window" (a time chosen for
            // its low load; not "left out during the change window")
            || t.is("during")
                && rest[n + 1..].iter().take(3).any(|d| {
                    d.is_any(&["maintenance", "drill", "test", "low-traffic", "off-peak"])
                })
            // "for the planned maintenance window", "for the pen-test window" (not "for the
            // breach window", nor "instead of waiting for the window")
            // (", within the approved window"; not "to propagate within the agreed window")
            || (t.is("for") || t.is("within") && n > 0 && rest[n - 1].lower == ",")
                && planned_window(&rest[n + 1..])
                && !rest[n.saturating_sub(3)..n]
                    .iter()
                    .any(|d| d.is_any(&["wait", "waiting", "waited", "instead"]))
            // "as part of the approved decommissioning plan"
            || t.is("as")
                && word(rest, n + 1).is_some_and(|d| d.is("part"))
                && word(rest, n + 2).is_some_and(|d| d.is("of"))
                && rest[n + 3..]
                    .iter()
                    .take(5)
                    .take_while(|d| d.is_word())
                    .any(|d| {
                        d.is_any(&["plan", "change", "runbook", "procedure", "migration", "ticket"])
                    })
            // "per the launch plan", "per runbook", "as per the announcement", "as the runbook
            // specifies", "as the change plan describes"
            || t.is_any(&["per", "as"])
                && rest[n + 1..].iter().take(4).any(|d| {
                    d.is_any(&[
                        "plan",
                        "runbook",
                        "policy",
                        "procedure",
                        "schedule",
                        "design",
                        "announcement",
                        "checklist",
                        "spec",
                        "specifies",
                        "prescribes",
                        "requires",
                        "describes",
                        "documented",
                        "calendar",
                        "step",
                    ])
                })
    })
}

/// Whether `rest` opens with a window set aside for work: "the planned maintenance window", "the
/// Sunday change window", "the pen-test window".
fn planned_window(rest: &[Token]) -> bool {
    const SET_ASIDE: &[&str] = &[
        "maintenance",
        "planned",
        "scheduled",
        "approved",
        "agreed",
        "change",
        "migration",
        "release",
        "test",
        "pen-test",
        "debug",
        "upgrade",
        "patch",
        "patching",
        "cutover",
    ];
    let Some(end) = rest
        .iter()
        .take(5)
        .take_while(|d| d.is_word())
        .position(|d| d.is_any(&["window", "windows"]))
    else {
        return false;
    };
    rest[..end].iter().any(|d| d.is_any(SET_ASIDE))
}

/// An action done for a stated purpose is deliberate, not a fault: "deletes the ingress to
/// prevent users spawning", "To test, the engineer deletes one of the pods", "dropped the table
/// so that the migration could rerun". Looks at the verb's clause from `from`, and at a sentence
/// that opens with "To" and a verb.
pub(super) fn purposeful(tokens: &[Token], from: usize) -> bool {
    let opens_with_purpose = tokens
        .iter()
        .position(Token::is_word)
        .is_some_and(|f| tokens[f].is("to") && word(tokens, f + 1).is_some_and(verb_like));
    let from = from.min(tokens.len());
    let clause = tokens[from..]
        .iter()
        .position(|t| t.kind == Kind::Break || t.kind == Kind::Question)
        .map_or(tokens.len(), |n| from + n);
    // "to meet the release date", "to hit the deadline", "to make the 16:00 cut-off": haste,
    // not a reason.
    let deadline = (from..clause).any(|i| {
        tokens[i].is_any(&[
            "deadline", "date", "launch", "sla", "demo", "weekend", "cutoff", "cut-off", "green",
        ])
    });
    !deadline
        && (opens_with_purpose
            || (from..clause).any(|i| {
                tokens[i].is("so") && word(tokens, i + 1).is_some_and(|n| n.is("that"))
                    || tokens[i].is("to")
                        && word(tokens, i + 1).is_some_and(verb_like)
                        && !word(tokens, i.wrapping_sub(1)).is_some_and(|p| p.is_any(INSTRUCTED))
            }))
}

/// A word that can be a verb's base after "to": not a determiner, a place or a system.
fn verb_like(t: &Token) -> bool {
    let lx = &*LEXICON;
    !t.capitalised
        && !t.is_any(DETERMINERS_AND_PLACES)
        && !t.is_any(PRODUCTION)
        && !lx.noun_in(&t.lower, &lx.systems)
        && !t.lower.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Words before a "to" that is not a purpose: "told to leave alone", "supposed to keep".
const INSTRUCTED: &[&str] = &[
    "up",
    "able",
    "due",
    "told",
    "asked",
    "supposed",
    "meant",
    "instructed",
    "expected",
    "required",
    "going",
    "used",
    "needed",
    "forgot",
    "forgotten",
    "failed",
    "refused",
    "tried",
    "agreed",
    "promised",
    "reminded",
    "warned",
    "allowed",
];

/// What follows "to" when it is a preposition, not a verb's infinitive.
const DETERMINERS_AND_PLACES: &[&str] = &[
    "the",
    "a",
    "an",
    "our",
    "their",
    "its",
    "his",
    "her",
    "my",
    "your",
    "all",
    "every",
    "each",
    "this",
    "that",
    "these",
    "those",
    "some",
    "everyone",
    "everybody",
    "users",
    "customers",
    "it",
    "them",
    "us",
    "me",
    "him",
    "main",
    "master",
    "disk",
    "zero",
    "null",
    "none",
];

/// Reasons that are haste, which a blameless reviewer would not accept as the cause: "time
/// pressure", "the deadline", "convenience".
const HASTE_AS_A_REASON: &[&str] = &[
    "pressure",
    "deadline",
    "deadlines",
    "hurry",
    "rush",
    "rushed",
    "convenience",
    "impatience",
    "laziness",
];

/// Whether "since" at `n` tells when, not why: "since 2019", "since then", "since the March
/// migration" (a noun phrase without a verb of its own), not "since the linter was disabled",
/// "since nobody owns it".
fn since_tells_when(rest: &[Token], n: usize) -> bool {
    let lx = &*LEXICON;
    let phrase: Vec<&Token> = rest[n + 1..]
        .iter()
        .take(7)
        .take_while(|t| t.is_word())
        .collect();
    let Some(first) = phrase.first() else {
        return false;
    };
    // A noun phrase that ends the clause: no past tense, no finite verb, no "-s" verb before its
    // last word ("since the tool enforces none of them" gives a reason)
    let noun_phrase = || {
        first.is_any(&["the", "a", "an", "its", "our", "their", "his", "her"])
            && phrase.len() <= 6
            && !phrase.iter().enumerate().any(|(k, w)| {
                lx.is_past(&w.lower)
                    || w.is_any(&["is", "are", "has", "have", "does", "do", "can", "will"])
                    || k + 1 < phrase.len() && w.lower.ends_with('s') && lx.can_be_verb(&w.lower)
            })
    };
    starts_with_digit(first)
        || first.is_any(&["then", "last"])
        || first.is_any(TIMES)
        || first.is_any(MONTHS)
        || noun_phrase()
}

/// The months, for "since March".
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether the rest of a clause gives a cause: "because", "since", "due to", or "as" opening a
/// clause ("as the alert went to ..."). An "as" that names what something was taken for ("brushed
/// off as user error", "waved through as flaky") explains nothing.
pub(super) fn explains(rest: &[Token]) -> bool {
    rest.iter().enumerate().any(|(n, t)| {
        // (haste is no explanation: "released without review because of time pressure", "due
        // to the deadline")
        (t.is_any(&["because", "due"]) || t.is("since") && !since_tells_when(rest, n))
            && !rest[n + 1..]
                .iter()
                .take(4)
                .any(|w| w.is_any(HASTE_AS_A_REASON))
            || t.is("as")
                && word(rest, n + 1).is_some_and(|w| {
                    w.is_any(&[
                        "the", "it", "its", "they", "we", "he", "she", "there", "this", "that",
                        "our", "their", "nobody", "no", "nothing",
                    ]) || w.is("a") && word(rest, n + 2).is_some_and(|r| r.is("result"))
                })
    })
}
