//! The counterfactual form: "should have noticed", "shouldn't have been rushed", "could have
//! spotted", "if X had read", "Had the engineer checked". It judges an action by an outcome nobody
//! knew at the time. A modal said of a system ("the alert should never have fired") is about the
//! system, and one asked as an open question ("discuss whether we could have caught it") asserts
//! nothing.

use super::clauses::View;
use super::conduct::{CARE, PASSIVE_CHECKS, PEOPLES_WORK_NOUNS};
use super::lapses::PROTECTIONS;
use super::risk::{clause_has_risk, PRODUCTION};
use super::words::{is_adverb, is_negation, skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, Actor, ActorKind};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::Token;
use crate::hooks::blame::Severity;

/// What a counterfactual may say about a person without judging them ("should have been paged").
const PROTECTIVE: &[&str] = &["had", "able"];

/// "should have noticed", "shouldn't have been rushed", "could have spotted", "if X had read",
/// "Had the engineer checked".
pub(super) fn counterfactual(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let t = &tokens[i];
    // "if X had done", "Had X done", and the inversion after its consequence: "It would not
    // have happened had the checklist been followed"
    // ("… would have been fine had the networking folks remembered the MTU")
    let inverted_had = t.is("had")
        && i > view.first
        && (lx.is_participle(&tokens[i - 1].lower)
            || !tokens[i - 1].is_word()
            || tokens[i - 1].is_any(&[
                "fine",
                "ok",
                "okay",
                "different",
                "avoidable",
                "preventable",
                "better",
                "shorter",
                "smaller",
                "minor",
                "trivial",
            ]))
        && tokens[view.first..i]
            .iter()
            .any(|w| w.is_any(&["would", "wouldn't", "would've"]));
    if t.is("if") || (t.is("had") && i == view.first) || inverted_had {
        if_had(view, i, hits);
        return;
    }
    // "Were the DBA paying attention to the alerts, the failover would never have been needed"
    if t.is_any(&["were", "was"]) && i == view.first {
        let Some(actor) = actor_at(tokens, i + 1, view.first) else {
            return;
        };
        let k = skip_adverbs(tokens, actor.end);
        let attending = word(tokens, k).is_some_and(|w| {
            w.lower.ends_with("ing") && lx.verb_in(&w.lower, &lx.diligence).is_some()
        });
        let would = tokens[k..]
            .iter()
            .any(|w| w.is_any(&["would", "would've", "wouldn't"]));
        if attending && would {
            let severity = if actor.kind == ActorKind::Writers {
                Severity::Hindsight
            } else {
                Severity::Blame
            };
            hits.push(hit(Form::Counterfactual, severity, i, k + 1));
        }
        return;
    }
    if open_question_before(view, i) {
        return;
    }
    // "would have been caught by anyone reading the logs": whoever did not read them is meant.
    if t.is_any(&["would", "would've"]) {
        let k = if t.is("would") { i + 1 } else { i };
        let is = |m: usize, words: &[&str]| word(tokens, m).is_some_and(|w| w.is_any(words));
        let caught = (t.is("would've") || is(k, &["have"]))
            && is(k + 1, &["been"])
            && word(tokens, k + 2).is_some_and(|p| {
                lx.bases(&p.lower).iter().any(|b| {
                    matches!(
                        b.as_str(),
                        "catch" | "notice" | "spot" | "see" | "find" | "prevent"
                    )
                })
            })
            && is(k + 3, &["by"])
            && is(
                k + 4,
                &["anyone", "anybody", "any", "whoever", "simply", "just", "a"],
            )
            // "by a simple canary", "by any integration test": a safeguard that was missing
            && (is(k + 4, &["anyone", "anybody", "whoever"])
                || !tokens[(k + 5).min(tokens.len())..].iter().take(3).any(|w| {
                w.is_any(PROTECTIONS)
                    || lx.noun_in(&w.lower, &lx.systems)
                    || lx.noun_in(&w.lower, &lx.safeguards)
                }));
        if caught {
            hits.push(hit(Form::Counterfactual, Severity::Blame, i, k + 5));
        }
        return;
    }
    let modal = if t.is_any(&[
        "should",
        "shouldn't",
        "ought",
        "could",
        "should've",
        "could've",
        "might",
        "might've",
    ]) {
        t.lower
            .trim_end_matches("'ve")
            .trim_end_matches("n't")
            .to_owned()
    } else {
        return;
    };
    let mut k = i + 1;
    let mut negated = t.lower.ends_with("n't") || i > 0 && tokens[i - 1].is("never");
    if modal == "ought" {
        if !word(tokens, k).is_some_and(|n| n.is("to")) {
            return;
        }
        k += 1;
    }
    while let Some(w) = word(tokens, k) {
        if is_negation(w) {
            negated = true;
            k += 1;
        } else if is_adverb(w) {
            k += 1;
        } else {
            break;
        }
    }
    if !t.lower.ends_with("'ve") {
        if !word(tokens, k).is_some_and(|w| w.is("have")) {
            return;
        }
        k += 1;
    }
    k = skip_adverbs(tokens, k);
    let passive = word(tokens, k).is_some_and(|w| w.is("been"));
    if passive {
        k += 1;
        k = skip_adverbs(tokens, k);
    }
    // "could have been a bit more careful", "should have been more attentive"
    if passive && !negated {
        let mut c = k;
        while word(tokens, c).is_some_and(|w| {
            w.is_any(&[
                "a", "bit", "little", "more", "much", "far", "lot", "touch", "tad", "slightly",
                "somewhat",
            ])
        }) {
            c += 1;
        }
        if c > k && word(tokens, c).is_some_and(|w| w.is_any(CARE)) {
            // "the handover could have been more thorough": people's work, judged softly
            let work = tokens[view.clause_start(i)..i]
                .iter()
                .any(|w| w.is_any(PEOPLES_WORK_NOUNS));
            let severity = match view.subject_before(i).map(|a| a.kind) {
                Some(ActorKind::Writers) => Severity::Hindsight,
                Some(ActorKind::Nobody | ActorKind::Anyone) => return,
                None if work => Severity::Hindsight,
                None => return,
                Some(_) => Severity::Blame,
            };
            let start = view.subject_before(i).map_or(i, |a| a.start);
            hits.push(hit(Form::Counterfactual, severity, start, c + 1));
            return;
        }
    }
    let Some(p) = word(tokens, k) else { return };
    if !lx.is_participle(&p.lower) || p.is_any(PROTECTIVE) {
        return;
    }
    if matches!(modal.as_str(), "could" | "might") && negated {
        return; // "could not have known": an exoneration
    }
    let done_to = lx.verb_in(&p.lower, &lx.done_to).is_some();
    let diligent = lx.verb_in(&p.lower, &lx.diligence).is_some()
        || lx.verb_in(&p.lower, &lx.omission).is_some()
        || lx.bases(&p.lower).iter().any(|b| {
            matches!(
                b.as_str(),
                "catch"
                    | "prevent"
                    | "avoid"
                    | "stop"
                    | "know"
                    | "see"
                    | "push"
                    | "deploy"
                    | "merge"
                    | "ship"
                    | "release"
                    | "approve"
                    | "spot"
            )
        });
    let to_production = tokens[k + 1..].iter().take(4).any(|t| t.is_any(PRODUCTION));
    let actor = view.subject_before(i);
    let subject_start = view.skip_openers(view.clause_start(i));
    let fragment = subject_start == i;
    let severity = match actor.map(|a| a.kind) {
        _ if passive && done_to => return,
        Some(ActorKind::Nobody) | Some(ActorKind::Anyone) => return,
        Some(ActorKind::Writers) => Severity::Hindsight,
        Some(_) if matches!(modal.as_str(), "could" | "might") && !diligent => return,
        Some(_) => Severity::Blame,
        None if passive && diligent => {
            let later = tokens[k + 1..]
                .iter()
                .take(4)
                .any(|t| t.is_any(&["earlier", "sooner", "before", "first"]));
            let fixing = lx.bases(&p.lower).iter().any(|b| {
                matches!(
                    b.as_str(),
                    "address"
                        | "fix"
                        | "handle"
                        | "prioritise"
                        | "prioritize"
                        | "raise"
                        | "escalate"
                )
            });
            // "Could have been caught by a schema-diff check in CI", "might have been caught
            // earlier if the analysts' dashboard showed …": a fix to the system
            // (not "with one glance at the dashboard", "if the alert had simply been
            // acknowledged": people's part)
            let by_a_system = tokens[k + 1..]
                .iter()
                .take(8)
                .position(|t| t.is_any(&["by", "if", "with"]))
                .is_some_and(|m| {
                    let link = &tokens[k + m + 1];
                    let clause: Vec<&Token> = tokens[k + m + 2..]
                        .iter()
                        .take(8)
                        .take_while(|t| t.is_word())
                        .collect();
                    let machine =
                        |t: &&Token| t.is_any(AUTOMATED) || lx.noun_in(&t.lower, &lx.systems);
                    clause.iter().any(|t| t.is("automatically"))
                        || !clause
                            .iter()
                            .any(|t| t.is_any(GLANCES) || t.is_any(&["been", "was", "were"]))
                            && clause
                                .iter()
                                .take(if link.is("if") { 4 } else { 6 })
                                .any(machine)
                });
            if matches!(modal.as_str(), "could" | "might") && by_a_system {
                return;
            }
            if fixing && later || matches!(modal.as_str(), "could" | "might") {
                Severity::Hindsight
            } else {
                Severity::Blame
            }
        }
        None if (negated || fragment) && (diligent || to_production) => Severity::Blame,
        // "Should have rolled back immediately", "Could have paged the DBA much earlier": a
        // bullet that judges the timing of whoever acted.
        None if fragment
            && tokens[k + 1..].iter().take(8).any(|t| {
                t.is_any(&[
                    "earlier",
                    "sooner",
                    "immediately",
                    "instead",
                    "first",
                    "before",
                ])
            }) =>
        {
            if modal == "should" {
                Severity::Blame
            } else {
                Severity::Hindsight
            }
        }
        // "should never have been allowed", "should never have got through review"
        None if negated && modal == "should" && !system_subject(view, i) => Severity::Blame,
        None if to_production && negated => Severity::Blame,
        None => return,
    };
    let start = actor.map_or(i, |a| a.start);
    let mut h = hit(Form::Counterfactual, severity, start, k + 1);
    if actor.is_some_and(|a| a.kind != ActorKind::Writers)
        && !passive
        && !negated
        && modal == "should"
    {
        // "should have noticed" → "could not easily see"
        let base = lx
            .bases(&p.lower)
            .into_iter()
            .find(|b| lx.diligence.contains(b.as_str()));
        h.start = i;
        h.replacement = match base.as_deref() {
            Some("notice") | Some("spot") | Some("see") => Some("could not easily see".to_owned()),
            Some("catch") => Some("could not easily catch".to_owned()),
            Some(b) => Some(format!("had no easy way to {b}")),
            None => None,
        };
        if h.replacement.is_none() {
            h.start = start;
        }
    }
    hits.push(h);
}

/// "Reflect if the ALBs should have been announced", "discuss whether we could have caught it":
/// a counterfactual asked as an open question, to be looked into, asserts nothing.
fn open_question_before(view: &View, i: usize) -> bool {
    const ASKING: &[&str] = &[
        "reflect",
        "consider",
        "discuss",
        "evaluate",
        "ask",
        "asked",
        "decide",
        "investigate",
        "explore",
        "assess",
        "review",
        "check",
        "question",
        "wonder",
        "wondered",
        "see",
    ];
    (view.first..i).any(|k| {
        let t = &view.tokens[k];
        t.is("whether") || t.is("if") && k > 0 && view.tokens[k - 1].is_any(ASKING)
    })
}

/// Whether the word before a modal (adverbs and negation skipped) is a system noun: "the alert
/// should never have fired" is about a system.
fn system_subject(view: &View, modal: usize) -> bool {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let mut k = modal;
    while k > view.first && (is_adverb(&tokens[k - 1]) || is_negation(&tokens[k - 1])) {
        k -= 1;
    }
    // (not "it" after a preposition: "a PR with a key in it should never have been approved")
    k > view.first
        && lx.noun_in(&tokens[k - 1].lower, &lx.systems)
        && !(tokens[k - 1].is("it")
            && k > view.first + 1
            && tokens[k - 2].is_any(&["in", "on", "with", "of", "to", "from", "into", "inside"]))
}

fn if_had(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let mut k = i + 1;
    if word(tokens, k).is_some_and(|w| w.is("only")) {
        k += 1;
    }
    let leading_had = tokens[i].is("had");
    // "if the checklist had been followed", "had the runbook been followed": a check not done
    let checked_passive = |been: &str| {
        let had = (k..(k + 6).min(tokens.len())).find(|&m| {
            tokens[m].is(been)
                && (been == "been" || word(tokens, m + 1).is_some_and(|n| n.is("been")))
        });
        let p = had.map(|m| if been == "been" { m + 1 } else { m + 2 });
        // ("had the docs been updated", "had the certificate been renewed": upkeep too)
        let checked = p.and_then(|p| word(tokens, p)).is_some_and(|p| {
            lx.bases(&p.lower)
                .iter()
                .any(|b| PASSIVE_CHECKS.contains(&b.as_str()))
                || lx.is_participle(&p.lower) && upkeep(&p.lower)
        });
        // "had the soak period been enforced by the pipeline": a system's part
        let by_system = p.is_some_and(|p| {
            word(tokens, p + 1).is_some_and(|w| w.is("by"))
                && actor_at(tokens, p + 2, view.first).is_none()
        });
        p.filter(|_| checked && !by_system)
    };
    // "If dashboard was looked at during the night, this is caught at 2 AM", "If access review was
    // done in Q2, the account would be disabled": the same, with the simple past a learner
    // writes for the past perfect
    let checked_was = || {
        let was = (k..(k + 5).min(tokens.len()))
            .take_while(|&m| tokens[m].is_word())
            .find(|&m| tokens[m].is_any(&["was", "were"]))?;
        let p = skip_adverbs(tokens, was + 1);
        let negated = word(tokens, p).is_some_and(is_negation);
        let p = p + usize::from(negated);
        let verb = word(tokens, p)?;
        // (not "If cron output was not monitored, failure would be seen two weeks later": a
        // check imagined undone; but "If deploy was not done on Friday evening": a risk)
        let checked = lx.is_participle(&verb.lower)
            && if negated {
                verb.is("done") && clause_has_risk(tokens, p + 1)
            } else {
                verb.is("done")
                    || upkeep(&verb.lower)
                    || lx
                        .bases(&verb.lower)
                        .iter()
                        .any(|b| PASSIVE_CHECKS.contains(&b.as_str()))
            };
        let comma = (p + 1..tokens.len()).find(|&m| tokens[m].lower == ",")?;
        let outcome = tokens[comma + 1..]
            .iter()
            .take(8)
            .any(|t| t.is_any(&["would", "wouldn't", "would've", "is", "are", "no", "never"]));
        let by_system = word(tokens, p + 1).is_some_and(|w| w.is("by"));
        (checked && outcome && !by_system).then_some(p)
    };
    if !leading_had {
        let Some(actor) = actor_at(tokens, k, view.first) else {
            if let Some(p) = checked_passive("had").or_else(checked_was) {
                hits.push(hit(Form::Counterfactual, Severity::Blame, i, p + 1));
            }
            return;
        };
        k = actor.end;
        // "if whoever wrote the retry loop had added a backoff", "if the person who ran it had
        // checked": the relative clause that picks the person out comes first
        let picked_out =
            tokens[actor.start].is("whoever") || word(tokens, k).is_some_and(|w| w.is("who"));
        if picked_out {
            k = (k..(k + 8).min(tokens.len()))
                .take_while(|&m| tokens[m].is_word())
                .find(|&m| tokens[m].is_any(&["had", "hadn't"]))
                .unwrap_or(k);
        }
        if !word(tokens, k).is_some_and(|w| w.is("had") || w.is("hadn't")) {
            return;
        }
        finish_if_had(view, i, k + 1, actor, hits);
    } else {
        let Some(actor) = actor_at(tokens, k, view.first) else {
            if let Some(p) = checked_passive("been") {
                hits.push(hit(Form::Counterfactual, Severity::Blame, i, p + 1));
            }
            return;
        };
        finish_if_had(view, i, actor.end, actor, hits);
    }
}

/// Whether `verb` is a step of diligence or upkeep that someone was there to take ("updated",
/// "renewed", "read"), not just any act ("run", "taken").
fn upkeep(verb: &str) -> bool {
    let lx = &*LEXICON;
    lx.verb_in(verb, &lx.diligence)
        .is_some_and(|base| !matches!(base, "run" | "take" | "act" | "think"))
}

fn finish_if_had(view: &View, start: usize, mut k: usize, actor: Actor, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let mut negated = k > 0 && tokens[k - 1].is("hadn't");
    while word(tokens, k).is_some_and(|w| is_negation(w) || is_adverb(w)) {
        negated |= is_negation(&tokens[k]);
        k += 1;
    }
    let Some(p) = word(tokens, k) else { return };
    // "if Ana had not rolled back, the outage would have lasted hours": credit for a step taken
    // (not "if Ana had not ignored the alert, …": a fault, undone; nor "…, it would not have
    // happened")
    let credit = negated
        && lx.fault_verb(&p.lower).is_none()
        && lx.verb_in(&p.lower, &lx.omission).is_none()
        && (k + 1..tokens.len())
            .find(|&m| tokens[m].lower == ",")
            .is_some_and(|comma| {
                !tokens[comma + 1..]
                    .iter()
                    .take_while(|t| t.lower != "." && t.lower != ";")
                    .any(|t| is_negation(t) || t.is_any(&["wouldn't", "couldn't", "no"]))
            });
    if credit {
        return;
    }
    // "had the reviewer been paying attention"
    if p.is("been") {
        match word(tokens, k + 1) {
            Some(q)
                if q.lower.ends_with("ing") && lx.verb_in(&q.lower, &lx.diligence).is_some() =>
            {
                k += 1;
            }
            _ => return,
        }
    } else if !lx.is_participle(&p.lower)
        || p.is("had")
        || lx.verb_in(&p.lower, &lx.done_to).is_some()
    {
        return;
    }
    let severity = match actor.kind {
        ActorKind::Writers => Severity::Hindsight,
        // "Had anyone bothered to test": accusing; "if nobody had ..." is not.
        ActorKind::Nobody => return,
        _ => Severity::Blame,
    };
    hits.push(hit(Form::Counterfactual, severity, start, k + 1));
}

/// A glance by a person, as a noun: what "a quick look would have caught it" says was skipped.
const GLANCES: &[&str] = &[
    "glance",
    "look",
    "peek",
    "skim",
    "read",
    "read-through",
    "once-over",
    "double-check",
    "sanity-check",
    "eyeball",
];

/// Words of an automated check: "a lint step in CI would have caught it" is a fix to the system.
const AUTOMATED: &[&str] = &[
    "automated",
    "automatic",
    "ci",
    "linter",
    "lint",
    "pipeline",
    "script",
    "alert",
    "monitor",
    "canary",
    "test",
    "tests",
    "bot",
    "job",
    "tool",
];

/// Discovery verbs after "would have": what the glance would have done.
const DISCOVERED: &[&str] = &[
    "caught",
    "revealed",
    "shown",
    "showed",
    "spotted",
    "flagged",
    "exposed",
    "prevented",
    "avoided",
    "found",
    "surfaced",
];

/// "a five-second glance at the query plan would have caught it", "one look at the diff would
/// have shown the typo": hindsight that a moment's attention was all it took. A hint. Not an
/// automated check ("a lint step in CI would have caught it"), which is a fix to the system.
pub(super) fn a_glance_would_have(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    for m in view.first + 1..tokens.len().saturating_sub(2) {
        let would = tokens[m].is_any(&["would", "could", "might"])
            && tokens[m + 1].is("have")
            && tokens[m + 2].is_any(DISCOVERED);
        if !would {
            continue;
        }
        let start = view.clause_start(m);
        let subject = &tokens[start..m];
        let glance = subject.iter().position(|w| w.is_any(GLANCES));
        let Some(g) = glance else { continue };
        let by_hand = subject[..g]
            .iter()
            .any(|w| w.is_any(&["a", "one", "any", "single", "quick", "brief", "cursory"]));
        // (a system noun as a modifier, "a Terraform plan check"; what was glanced at, "the
        // query plan", may be anything)
        let automated = subject.iter().any(|w| w.is_any(AUTOMATED))
            || subject[..g]
                .iter()
                .any(|w| lx.noun_in(&w.lower, &lx.systems));
        if by_hand && !automated {
            hits.push(hit(
                Form::Counterfactual,
                Severity::Hindsight,
                start + g,
                m + 3,
            ));
            return;
        }
    }
}
