//! The fragment form: a bullet with no subject that says someone failed ("Didn't check the
//! dashboards before ...", "Merged the change despite knowing ...", "Assumed staging matched prod,
//! never verified"). It names no one, but may still read as blaming whoever did it.

use super::clauses::View;
use super::conduct::credits;
use super::lapses::{disarms, left_on, phrasal_omission, safeguard_within};
use super::person::predicate;
use super::reasons::deliberate;
use super::risk::{clause_has_risk, rather_than};
use super::words::{is_quote, skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, ActorKind};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::Kind;
use crate::hooks::blame::Severity;

/// Verbs of passing a warning on to others.
const WARNING_OTHERS: &[&str] = &[
    "tell", "inform", "notify", "warn", "alert", "escalate", "remind", "email", "ping", "report",
];

/// Verbs that are no step of preparation, for "Didn't … before": "Didn't need a restart before
/// the deploy", "Never happened before".
const NOT_PREPARATION: &[&str] = &[
    "need", "have", "want", "get", "know", "expect", "happen", "occur", "mean", "seem", "appear",
    "exist", "matter", "apply", "affect", "change", "fail", "break", "work", "come", "go", "be",
    "do", "see", "hear", "notice", "realise", "realize", "think",
];

/// A subject-less fragment that says someone failed: "Didn't check the dashboards before ...",
/// "Merged the change despite knowing ...".
pub(super) fn fragment(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    // "15:02 — still didn't escalate", "again skipped the canary": the fragment starts after
    // an adverb of persistence.
    let persisting;
    let view = if tokens[view.first].is_any(&["still", "again"])
        && word(tokens, view.first + 1).is_some()
    {
        persisting = View {
            first: view.first + 1,
            ..*view
        };
        &persisting
    } else {
        view
    };
    let first = &tokens[view.first];
    let v = first.lower.as_str();
    let next = word(tokens, view.first + 1);
    // No subject: the fragment starts with its verb.
    let subjectless = actor_at(tokens, view.first, view.first).is_none();
    // A timeline tells in the present what a report tells in the past: "14:02 skips the canary,
    // pushes straight to prod".
    let told = lx.is_past(v)
        || view.timeline
            && v.ends_with('s')
            && !v.ends_with("ss")
            && lx.can_be_verb(v)
            && subjectless;
    let omitted = if first.is_any(&["didn't", "never", "not", "hasn't", "haven't"])
        || (v == "did" && next.is_some_and(|n| n.is("not")))
    {
        let k = view.first + if v == "did" { 2 } else { 1 };
        let k = skip_adverbs(tokens, k);
        // "Did not do the needful of raising the change request"
        let needful = word(tokens, k).is_some_and(|t| t.is("do"))
            && word(tokens, k + 1).is_some_and(|t| t.is("the"))
            && word(tokens, k + 2).is_some_and(|t| t.is("needful"));
        // "Didn't warm the cache before the flash sale", "Never loaded the new codes before the
        // billing run": a step of preparation not taken (not "Didn't need a restart before …")
        let unprepared = || {
            word(tokens, k).is_some_and(|t| lx.can_be_verb(&t.lower) && !t.is_any(NOT_PREPARATION))
                && tokens[k + 1..]
                    .iter()
                    .take(8)
                    .take_while(|t| t.kind == Kind::Word)
                    .any(|t| t.is("before"))
        };
        if needful {
            Some(k + 3)
        } else if unprepared() {
            Some(k + 1)
        } else {
            word(tokens, k)
                .filter(|t| lx.verb_in(&t.lower, &lx.diligence).is_some())
                .map(|_| k + 1)
        }
    } else if first.is_any(&["approved", "merged", "reviewed", "signed"])
        && tokens[view.first + 1..]
            .iter()
            .take(3)
            .take_while(|t| t.is_word())
            .any(|t| t.is("own"))
    {
        // "Approved own PR at 23:40", not "as the policy allows"
        (!deliberate(&tokens[view.first + 1..])).then_some(view.first + 1)
    } else if first.is_any(&["kept", "keeps", "continued"])
        && next.is_some_and(|n| {
            n.lower.ends_with("ing") && lx.verb_in(&n.lower, &lx.omission).is_some()
        })
    {
        // "Kept ignoring the disk space alerts from Tuesday onwards"
        Some(view.first + 2)
    } else if first.is_any(&["was", "were"])
        && next.is_some_and(|n| n.is_any(&["told", "warned", "reminded", "informed"]))
    {
        // "Was told about the risk and went ahead anyway"
        const WENT_ON: &[&str] = &[
            "went",
            "proceeded",
            "pressed",
            "carried",
            "continued",
            "shipped",
            "deployed",
            "merged",
            "pushed",
            "released",
        ];
        let and_went_on = (view.first + 2..tokens.len())
            .take_while(|&m| !tokens[m].is_any(&["which", "that", "because"]))
            .find(|&m| {
                tokens[m].is("and") && word(tokens, m + 1).is_some_and(|w| w.is_any(WENT_ON))
            });
        and_went_on.and_then(|and| {
            (and + 2..tokens.len())
                .take_while(|&m| !tokens[m].is_any(&["which", "that", "because"]))
                .find(|&m| {
                    tokens[m].is_any(&["anyway", "regardless", "nonetheless", "nevertheless"])
                })
                .map(|m| m + 1)
        })
    } else if lx.verb_in(v, &lx.omission).is_some() && told {
        let ok = match lx.verb_in(v, &lx.omission) {
            // ("Skipped the canary stage under the emergency change procedure": as allowed)
            Some("miss") | Some("skip") => {
                safeguard_within(tokens, view.first + 1, 4)
                    && !deliberate(&tokens[view.first + 1..])
            }
            _ => true,
        };
        ok.then_some(view.first + 1)
    } else if lx
        .bases(v)
        .iter()
        .any(|b| b == "fail" || b == "neglect" || b == "forget" || b == "miss")
        && next.is_some_and(|n| n.is("to"))
    {
        // ("Failed to join the bridge", "Missed to update the TTL", as a learner writes it)
        word(tokens, view.first + 2)
            .filter(|t| {
                lx.verb_in(&t.lower, &lx.diligence).is_some()
                    || t.is_any(&["join", "attend", "show", "hand", "inform"])
            })
            .map(|_| view.first + 3)
    } else if (v == "left" || told && v == "leaves") && subjectless {
        left_on(tokens, view.first + 1)
    } else if told
        && subjectless
        && disarms(tokens, view.first).is_some()
        // ("Turned off the WAF rule in the test environment only": a scope chosen)
        && !tokens[view.first..]
            .iter()
            .take_while(|t| t.kind == Kind::Word)
            .any(|t| t.is("only"))
    {
        disarms(tokens, view.first)
    } else if told
        && !lx.common.contains(v)
        // ("Told Security about the new public bucket": a warning passed on)
        && !lx.bases(v).iter().any(|b| WARNING_OTHERS.contains(&b.as_str()))
        && (clause_has_risk(tokens, view.first + 1) || rather_than(tokens, view.first + 1))
        // ("Pushed to prod on Friday evening through the pipeline after CAB approval")
        && !deliberate(&tokens[view.first + 1..])
    {
        Some(view.first + 1)
    } else if told {
        phrasal_omission(tokens, view.first)
    } else {
        None
    };
    // "Ignoring the deprecation warnings for months", "Skipping the canary again": a lapse as
    // a gerund (not "Ignoring noisy alerts is now automated": a subject)
    let omitted = omitted.or_else(|| {
        let lapse = v.ends_with("ing")
            && lx.bases(v).iter().any(|b| {
                matches!(
                    b.as_str(),
                    "ignore" | "skip" | "neglect" | "bypass" | "overlook"
                )
            });
        let subject = tokens[view.first + 1..]
            .iter()
            .any(|t| t.is_any(&["is", "was", "are", "were", "has", "helps", "means"]));
        // (nor a quoted log line: "\"skipping pod synchronization\"")
        let quoted = view.first > 0 && is_quote(&tokens[view.first - 1]);
        (lapse && !subject && !quoted).then_some(view.first + 1)
    });
    // "Went ahead with the schema change even though the lag alert was red": pressed on, knowing
    let omitted = omitted.or_else(|| {
        let ahead = told
            && lx
                .bases(v)
                .iter()
                .any(|b| b == "go" || b == "press" || b == "push")
            && next.is_some_and(|n| n.is("ahead"));
        let knowing = tokens[view.first..].iter().enumerate().any(|(n, t)| {
            t.is_any(&["despite", "although", "regardless"])
                || t.is("though") && n > 0 && tokens[view.first + n - 1].is("even")
        });
        (ahead && knowing).then_some(view.first + 2)
    });
    // "Acked the page, went back to sleep": a later clause of the fragment is a lapse of its own
    let omitted = omitted.or_else(|| {
        if !told || !subjectless {
            return None;
        }
        (view.first + 1..tokens.len()).find_map(|m| {
            let opens = tokens[m - 1].lower == "," || tokens[m - 1].is_any(&["and", "then"]);
            let verb = word(tokens, m)?;
            (opens && lx.is_past(&verb.lower)).then(|| phrasal_omission(tokens, m))?
        })
    });
    // "Assumed staging matched prod, never verified": a later clause of the fragment, with no
    // subject either, says the check was not done.
    let omitted = omitted.or_else(|| {
        if !told || lx.common.contains(v) || !subjectless {
            return None;
        }
        (view.first + 1..tokens.len()).find_map(|m| {
            let opens = tokens[m - 1].lower == "," || tokens[m - 1].is_any(&["and", "but"]);
            let negation = tokens[m].is_any(&["never", "not"]);
            let checked = word(tokens, m + 1).is_some_and(|p| {
                lx.is_participle(&p.lower) && lx.verb_in(&p.lower, &lx.diligence).is_some()
            });
            // "…, and did not look"
            let did_not = if tokens[m].is("did") && word(tokens, m + 1).is_some_and(|n| n.is("not"))
            {
                Some(m + 2)
            } else {
                tokens[m].is("didn't").then_some(m + 1)
            };
            let did_not_check = did_not.filter(|&v| {
                word(tokens, v).is_some_and(|w| lx.verb_in(&w.lower, &lx.diligence).is_some())
            });
            if opens {
                if let Some(v) = did_not_check {
                    return Some(v + 1);
                }
            }
            (opens && negation && checked).then_some(m + 2)
        })
    });
    // Whatever a clause with a person as subject would be blamed for, said with no subject:
    // "Let the registry certificate expire, builds broke", "Pasted the customer export into a
    // public channel".
    // (not "Caused by a default in the library", "Leaked staging creds were in a gist": a
    // participle before its noun; nor "Removed the rate limit for the demo tenant only": a scope
    // chosen; nor "Identified issue with changes … which caused …": finding it)
    let clause = || {
        tokens[view.first + 1..]
            .iter()
            .take_while(|t| t.kind == Kind::Word)
    };
    let participle = next.is_some_and(|n| n.is("by"))
        || clause()
            .take(4)
            .any(|t| t.is_any(&["was", "were", "is", "are"]));
    let scoped = clause().any(|t| t.is("only"));
    let omitted = omitted.or_else(|| {
        (told
            && subjectless
            && !participle
            && !scoped
            && !credits(v)
            && !deliberate(&tokens[view.first..]))
        .then(|| predicate(tokens, view.first, ActorKind::Pronoun))
        .flatten()
        .map(|(_, end)| end)
    });
    if let Some(end) = omitted {
        hits.push(hit(Form::Fragment, Severity::Blame, view.first, end));
    }
}
