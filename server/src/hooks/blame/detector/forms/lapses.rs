//! Lapses, whoever commits them: a protection taken away ("disabled the disk alert", "turned off
//! the health check"), a temporary state left on ("left debug logging enabled") or never undone
//! ("never re-enabled the alert"), and the phrasal verbs and idioms of omission ("brushed off the
//! report", "sat on the ticket"), with what counts as a safeguard. They may be said of a person, of
//! no one (a passive: "was brushed off") or of nobody named (a fragment), so the person, passive,
//! fragment and omission forms share them.

use super::reasons::{explains, purposeful};
use super::words::word;
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::{Kind, Token};

/// What a person may switch off or take away that protects the system.
pub(super) const PROTECTIONS: &[&str] = &[
    "alert",
    "alerts",
    "alarm",
    "alarms",
    "check",
    "checks",
    "gate",
    "gates",
    "guard",
    "guards",
    "guardrail",
    "guardrails",
    "canary",
    "freeze",
    "firewall",
    "rule",
    "rules",
    "protection",
    "protections",
    "monitor",
    "monitors",
    "monitoring",
    "test",
    "tests",
    "lock",
    "locks",
    "limit",
    "limits",
    "quota",
    "quotas",
    "validation",
    "validations",
    "safety",
    "backup",
    "backups",
    "paging",
    "page",
    "pages",
    "notification",
    "notifications",
    "breaker",
    "breakers",
    "probe",
    "probes",
    "health",
    "approval",
    "approvals",
    "policy",
    "policies",
    "hook",
    "hooks",
    "constraint",
    "constraints",
    "restriction",
    "restrictions",
    "safeguard",
    "safeguards",
    "logging",
    "audit",
];

/// Verbs that take a protection away: "disabled the disk alert", "overrode the canary gate",
/// "silenced the paging", "removed the firewall rule", "turned off the health check".
const DISARMING: &[&str] = &[
    "disable", "remove", "silence", "mute", "override", "overrule", "suppress", "delete", "drop",
    "turn", "switch", "comment",
];

/// A protection taken away by the verb at `k` (with no stated purpose or cause): the index past
/// the protection.
pub(super) fn disarms(tokens: &[Token], k: usize) -> Option<usize> {
    let lx = &*LEXICON;
    let verb = word(tokens, k)?;
    if !lx
        .bases(&verb.lower)
        .iter()
        .any(|b| DISARMING.contains(&b.as_str()))
    {
        return None;
    }
    let mut from = k + 1;
    // "turned off", "switched off", "commented out": the particle is part of the verb.
    if verb.lower.starts_with("turn")
        || verb.lower.starts_with("switch")
        || verb.lower.starts_with("comment")
    {
        let particle = word(tokens, from).filter(|p| p.is_any(&["off", "out"]))?;
        from += usize::from(particle.is_word());
    }
    let object = (from..(from + 5).min(tokens.len()))
        .take_while(|&m| tokens[m].kind == Kind::Word || tokens[m].lower == "`")
        .find(|&m| {
            // the head of the object ("the alert"), not a modifier ("the alert threshold")
            tokens[m].is_any(PROTECTIONS)
                && word(tokens, m + 1).is_none_or(|n| {
                    n.is_any(&[
                        "on",
                        "for",
                        "in",
                        "at",
                        "from",
                        "that",
                        "which",
                        "of",
                        "and",
                        "before",
                        "after",
                        "during",
                        "last",
                        "when",
                        "so",
                        "to",
                        "without",
                        "with",
                        "again",
                        "entirely",
                        "completely",
                        // "silenced the alert rather than fix its threshold"
                        "rather",
                        "instead",
                    ])
                })
        })?;
    (!purposeful(tokens, object + 1) && !explains(&tokens[object + 1..])).then_some(object + 1)
}

/// "left debug logging enabled", "left the database in read-only mode", "left maintenance mode on
/// after the upgrade", "left the nightly sync off after the upgrade": a temporary state not
/// undone. `from` is past "left"; returns the index
/// past the state.
pub(super) fn left_on(tokens: &[Token], from: usize) -> Option<usize> {
    let state = (from..(from + 7).min(tokens.len()))
        .take_while(|&m| tokens[m].kind == Kind::Word || tokens[m].lower == "`")
        .find(|&m| {
            let t = &tokens[m];
            m > from
                && (t.is_any(&[
                    "enabled",
                    "running",
                    "exposed",
                    "unlocked",
                    "unpatched",
                    "disabled",
                    "unattended",
                    "world-readable",
                    "public",
                ]) || t.is_any(&["on", "off", "up"])
                    && word(tokens, m + 1).is_none_or(|n| {
                        if t.is("up") {
                            // "left the sold-out banner up on the homepage" (not "left the
                            // maintenance page up until the smoke tests passed": meant)
                            n.is_any(&["after", "overnight", "over", "for", "on"])
                        } else {
                            n.is_any(&["after", "overnight", "over", "until", "in", "for"])
                        }
                    })
                    // "left the debug endpoint open after testing", "left the console logged
                    // in on a shared laptop"
                    || (t.is("open") || t.is("logged") && word(tokens, m + 1).is_some_and(|n| n.is("in")))
                        && word(tokens, m + 1 + usize::from(t.is("logged"))).is_some_and(|n| {
                            n.is_any(&["after", "overnight", "over", "until", "since", "to", "on"])
                        })
                    || t.is("mode") && tokens[from..m].iter().any(|w| w.is("in"))
                    // "left the transfer switch in manual after the test"
                    || t.is("manual") && tokens[m - 1].is("in"))
        })?;
    // "left the flag on for the beta cohort": on purpose.
    let for_someone = word(tokens, state + 1).is_some_and(|n| n.is("for"))
        && !word(tokens, state + 2).is_some_and(|n| {
            n.lower.ends_with("days")
                || n.lower.ends_with("weeks")
                || n.lower.ends_with("hours")
                || n.is_any(&["days", "weeks", "months", "hours", "a", "two", "three"])
        });
    // "left the flag enabled for all customers overnight": left, not meant
    let left_over = tokens[state + 1..]
        .iter()
        .take(8)
        .take_while(|t| t.is_word())
        .any(|t| t.is_any(&["overnight", "after", "weekend", "since"]));
    ((!for_someone || left_over) && !purposeful(tokens, state + 1)).then_some(state + 1)
}

/// Decisions that close something: made "while it was still climbing", they were made too soon,
/// whoever made them ([`ended_too_soon`]).
const CLOSED_BY_DECISION: &[&str] = &[
    "close",
    "resolve",
    "declare",
    "downgrade",
    "approve",
    "merge",
];

/// Acts that end or let go of something, which automation does too: with nobody named they may
/// be a race or a failover ("the lock was released while the write was still in flight"); done by
/// a person while it was still in use, they were done too soon.
const ENDED_BY_HAND: &[&str] = &[
    "ship",
    "clear",
    "cancel",
    "remove",
    "delete",
    "shut",
    "stop",
    "end",
    "disable",
    "decommission",
    "unplug",
    "tear",
    "retire",
    "release",
    "drop",
    "mark",
    "switch",
    "turn",
];

/// Acts that take a machine away from what runs on it, also a remedy ("restarted the pod while the
/// alert was still firing"); done by a person with others' work still on it, they came too soon
/// ("rebooted the node with twelve people's jobs still running on it").
const TAKEN_FROM_UNDER: &[&str] = &["reboot", "restart", "kill", "unmount", "detach"];

/// "closed the incident while the error rate was still climbing", "cancelled the alert while the
/// vehicle was still being sought", "rebooted the node with jobs still running on it", "shut down
/// the old gateway before the traffic had fully moved": an end put to something too soon. `bases`
/// are the verb's base forms, `from` is past the verb, and `by_a_person` says whether someone is
/// named as doing it.
pub(super) fn ended_too_soon(
    tokens: &[Token],
    bases: &[String],
    from: usize,
    by_a_person: bool,
) -> bool {
    let window = || from..tokens.len().min(from + 10);
    // "rebooted the node with twelve people's jobs still running on it"
    let taken_from_under = by_a_person
        && bases.iter().any(|b| TAKEN_FROM_UNDER.contains(&b.as_str()))
        && window()
            .any(|m| tokens[m].is("with") && tokens[m..].iter().take(7).any(|n| n.is("still")));
    taken_from_under
        || bases.iter().any(|b| {
            CLOSED_BY_DECISION.contains(&b.as_str())
                || by_a_person && ENDED_BY_HAND.contains(&b.as_str())
        }) && window().any(|m| {
            tokens[m].is("while") && tokens[m..].iter().take(6).any(|n| n.is("still"))
            // "was closed as successful although the errors were already visible"
            || tokens[m].is_any(&["although", "though"])
                && tokens[m..].iter().take(6).any(|n| n.is_any(&["still", "already"]))
            || tokens[m].is("before")
                && tokens[m..].iter().take(6).any(|n| n.is("had"))
                && tokens[m..]
                    .iter()
                    .take(8)
                    .any(|n| n.is_any(&["fully", "finished", "completed", "been", "all"]))
        })
}

/// Verbs of undoing a temporary change: never done, the change stays ("was disabled and never
/// turned back on", "never re-enabled the alert").
pub(super) const RESTORING: &[&str] = &[
    "re-enable",
    "reenable",
    "restore",
    "revert",
    "re-arm",
    "rearm",
    "unmute",
    "unsilence",
    "undo",
    "re-add",
];

/// Phrasal verbs and idioms of omission, by base verb and the words that follow it: "brushed off
/// the report", "clicked past the warning", "waved the change through", "dragged their feet". Said of a
/// person, of no one (a passive: "was brushed off") or of nobody named (a fragment).
const PHRASAL_OMISSIONS: &[(&str, &[&str])] = &[
    ("brush", &["off", "aside"]),
    ("shrug", &["off"]),
    ("blow", &["off"]),
    ("wave", &["off", "away", "through"]),
    ("gloss", &["over"]),
    ("paper", &["over"]),
    ("skate", &["over"]),
    ("sweep", &["under", "aside"]),
    ("click", &["past", "through"]),
    ("scroll", &["past"]),
    ("sit", &["on"]),
    ("drag", &["feet"]),
    ("pass", &["buck"]),
    ("kick", &["can"]),
    ("cut", &["corners", "short"]),
    ("glance", &["over"]),
    ("jump", &["gun"]),
    ("turn", &["blind"]),
    ("wing", &["it"]),
    ("rubber-stamp", &[]),
    ("fob", &["off"]),
    ("palm", &["off"]),
    ("sleep", &["through"]),
    ("rubber", &["stamp", "stamped", "stamps", "stamping"]),
    ("leave", &["out"]),
    ("tune", &["out"]),
    ("zone", &["out"]),
    ("doze", &["off"]),
    ("nod", &["off"]),
    ("fall", &["asleep"]),
    // "went back to sleep" (only "back": "went to sleep after the handover" is a timeline)
    ("go", &["sleep"]),
    // "phoned in the load testing", "ghosted our support case"
    ("phone", &["in"]),
    ("ghost", &[]),
];

/// The index past a phrasal omission whose verb is at `k` ("brushed off", "dragged their feet"):
/// its particle within the next four words.
pub(super) fn phrasal_omission(tokens: &[Token], k: usize) -> Option<usize> {
    let lx = &*LEXICON;
    let v = word(tokens, k)?;
    let bases = lx.bases(&v.lower);
    let (_, particles) = PHRASAL_OMISSIONS
        .iter()
        .find(|(verb, _)| bases.iter().any(|b| b == verb))?;
    if particles.is_empty() {
        return Some(k + 1);
    }
    // "phoned in the testing" (not "the on-call phone in the office": a noun)
    if bases.iter().any(|b| b == "phone") {
        return (v.lower != "phone" && word(tokens, k + 1).is_some_and(|w| w.is("in")))
            .then_some(k + 2);
    }
    // "went back to sleep", not "went back to sleep once the alert cleared"
    if bases.iter().any(|b| b == "go")
        && (!word(tokens, k + 1).is_some_and(|w| w.is("back"))
            || tokens[k..].iter().any(|w| {
                w.is_any(&[
                    "resolved",
                    "auto-resolved",
                    "cleared",
                    "recovered",
                    "stabilised",
                    "stabilized",
                    "handed",
                    "handover",
                    "green",
                ])
            }))
    {
        return None;
    }
    let past = (k + 1..(k + 5).min(tokens.len()))
        .take_while(|&m| tokens[m].kind == Kind::Word)
        .find(|&m| tokens[m].is_any(particles))
        .map(|m| m + 1)?;
    // "sat on the ticket", not "sat on the bridge call": what is sat on is work someone
    // should have done.
    // "clicked through the warning", not "clicked through the dashboards"
    if bases.iter().any(|b| b == "click") && tokens[past - 1].is("through") {
        return tokens[past..]
            .iter()
            .take(4)
            .take_while(|t| t.is_word())
            .any(|t| {
                t.is_any(PROTECTIONS)
                    || t.is_any(&["warning", "warnings", "prompt", "confirmation", "errors"])
            })
            .then_some(past);
    }
    const SPANS: &[&str] = &[
        "days", "weeks", "months", "quarters", "sprints", "years", "ages",
    ];
    let sat_on_work = !bases.iter().any(|b| b == "sit")
        || safeguard_within(tokens, past, 3)
        // "the notice was sat on for months"
        || word(tokens, past).is_some_and(|w| w.is("for"))
            && (past + 1..(past + 4).min(tokens.len())).any(|m| tokens[m].is_any(SPANS))
        || tokens[past.min(tokens.len())..]
            .iter()
            .take(4)
            .take_while(|t| t.is_word())
            .any(|t| {
                t.is_any(&[
                    "request",
                    "requests",
                    "ticket",
                    "tickets",
                    "pr",
                    "prs",
                    "pull",
                    "escalation",
                    "report",
                    "incident",
                    "fix",
                    "patch",
                    "decision",
                    "access",
                    "migration",
                    "upgrade",
                    "renewal",
                    "review",
                    "bug",
                    "warning",
                    "notice",
                    "alert",
                ])
            });
    sat_on_work.then_some(past)
}

pub(super) fn safeguard_within(tokens: &[Token], from: usize, n: usize) -> bool {
    let lx = &*LEXICON;
    tokens[from.min(tokens.len())..]
        .iter()
        .take(n)
        .take_while(|t| t.kind == Kind::Word)
        .any(|t| {
            lx.noun_in(&t.lower, &lx.safeguards)
                || t.lower.starts_with("alert")
                || t.lower.starts_with("sign")
                || t.lower.starts_with("page")
        })
}
