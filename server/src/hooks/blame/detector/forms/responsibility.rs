//! The responsibility form: responsibility placed on a person or a team ("was entirely down to the
//! database team", "responsibility lies with the release manager"), punishment asked for
//! ("must be held accountable"), and blame laid on someone else ("it's on the data team for not
//! validating the schema"). Some of these report another form: an oversight on someone's part
//! ("an oversight on Li Wei's part") is a person's fault, and competence denied ("didn't know what
//! they were doing") or a person reduced to a habit ("classic Dave") a judgement.

use super::clauses::View;
use super::conduct::{credits, CONDUCT};
use super::harm::{harmful, undone, HARM};
use super::person::answered_a_signal;
use super::words::{skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, ActorKind};
use crate::hooks::blame::detector::tokens::Kind;
use crate::hooks::blame::Severity;

/// Work still to do, which someone is given to own: "responsibility for the follow-up actions".
const OWNED_WORK: &[&str] = &[
    "follow-up",
    "followup",
    "follow-ups",
    "action",
    "actions",
    "fix",
    "fixes",
    "remediation",
    "item",
    "items",
    "next",
    "cleanup",
];

/// "was entirely down to the database team", "responsibility lies with the release manager",
/// "the contractor was responsible for the outage".
pub(super) fn responsibility(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let t = &tokens[i];
    let person_at = |k: usize| {
        actor_at(tokens, k, view.first)
            .filter(|a| !matches!(a.kind, ActorKind::Nobody | ActorKind::Anyone))
    };
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|n| n.is_any(words));
    let before = |words: &[&str]| i > 0 && tokens[i - 1].is_any(words);
    // "comes down to the database team", "lies with the release manager", "caused by Bongani
    // running the script": a person follows.
    let down_to = t.is("down")
        && is(i + 1, &["to"])
        && before(&[
            "was", "is", "comes", "came", "boils", "boiled", "entirely", "all", "squarely",
            "largely", "mostly",
        ]);
    // ("lies squarely with"; not "responsibility for the follow-up actions lies with", owned)
    let with = skip_adverbs(tokens, i + 1);
    let lies_with = t.is_any(&[
        "lies", "lay", "rests", "rested", "sits", "sat", "falls", "fell",
    ]) && is(with, &["with", "on"])
        && tokens[..i]
            .iter()
            .any(|w| w.is_any(&["responsibility", "blame", "fault", "accountability"]))
        && !tokens[..i].iter().any(|w| w.is_any(OWNED_WORK));
    // "the data loss traces back to Łukasz truncating the table"
    let traced = t.is("back")
        && is(i + 1, &["to"])
        && before(&["traces", "traced", "trace", "leads", "led", "goes", "went"]);
    let caused_by = t.is_any(&["caused", "triggered"])
        && is(i + 1, &["by"])
        && before(&["was", "were", "is", "directly", "entirely", "ultimately"]);
    // ("the quick recovery traces back to Priya's change": credit)
    let credit = (down_to || traced) && undone(&tokens[view.clause_start(i)..i]);
    if (down_to || lies_with || caused_by || traced) && !credit {
        let k = if lies_with { with + 1 } else { i + 2 };
        if let Some(a) = person_at(k) {
            hits.push(hit(Form::Responsibility, Severity::Blame, i, a.end));
        }
    } else if let Some(a) = t
        .is_any(&["was", "is"])
        .then(|| person_at(i + 1))
        .flatten()
        .filter(|a| a.possessive && a.kind == ActorKind::Name)
        .filter(|a| tokens.get(a.end).is_none_or(|n| n.kind != Kind::Word))
    {
        // "the deploy was Mateus's"
        hits.push(hit(Form::Responsibility, Severity::Blame, i, a.end));
    } else if t.is_any(&["was", "is"]) && i > 0 && tokens[i - 1].is("it") {
        // "It was Thiago who disabled the rate limiter"
        if let Some(a) = person_at(i + 1).filter(|a| !a.possessive && a.kind != ActorKind::Writers)
        {
            // (not "It was Hiroshi who found the broken migration", "It was Hiroshi who, uh,
            // turned the export cron back on", "… who scaled the pool back up once the surge
            // began": credit, a setting restored, an answer to a signal)
            let verb = (a.end + 1..tokens.len())
                .find(|&m| tokens[m].is_word() && !tokens[m].is_any(&["uh", "um", "er", "erm"]));
            let credited = verb.is_some_and(|v| {
                credits(&tokens[v].lower)
                    || tokens[v + 1..(v + 7).min(tokens.len())]
                        .windows(2)
                        .any(|w| w[0].is("back") && w[1].is_any(&["on", "up", "online", "in"]))
                    || answered_a_signal(tokens, v + 1)
            });
            if word(tokens, a.end).is_some_and(|n| n.is("who")) && !credited {
                hits.push(hit(Form::Responsibility, Severity::Blame, i - 1, a.end + 1));
            }
        }
    } else if t.is("cause") && word(tokens, i + 1).is_some_and(|n| n.is_any(&["was", "is"])) {
        // "the root cause was Jenny's typo"
        let k = i + 2;
        if let Some(a) = person_at(k).filter(|a| a.possessive) {
            hits.push(hit(Form::Responsibility, Severity::Blame, i, a.end + 1));
        }
    } else if t.is("responsible") && word(tokens, i + 1).is_some_and(|n| n.is("for")) {
        let object = tokens[i + 2..].iter().take(3).enumerate().any(|(n, w)| {
            w.is_any(HARM)
                && tokens.get(i + 3 + n).is_none_or(|after| {
                    after.kind != Kind::Word
                        || after.is_any(&[
                            "and",
                            "because",
                            "that",
                            "which",
                            "on",
                            "in",
                            "at",
                            "of",
                            "by",
                            "last",
                            "yesterday",
                        ])
                })
        });
        let subject = view.skip_openers(view.clause_start(i));
        let actor = person_at(subject);
        let be = i > 0
            && tokens[i - 1].is_any(&[
                "was",
                "were",
                "is",
                "are",
                "directly",
                "solely",
                "personally",
                "entirely",
            ]);
        if let (true, true, Some(a)) = (object, be, actor) {
            hits.push(hit(Form::Responsibility, Severity::Blame, a.start, i + 1));
        }
    }
}

/// Punishment asked for, or a person reduced to a habit: "whoever wrote this should be banned
/// from prod", "the engineer must be held accountable", "classic Dave, pushing on a Friday".
pub(super) fn punitive(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|w| w.is_any(words));
    // "classic Dave", "typical Kevin"
    if is(view.first, &["classic", "typical"])
        && actor_at(tokens, view.first + 1, view.first).is_some_and(|a| a.kind == ActorKind::Name)
    {
        hits.push(hit(
            Form::Judgement,
            Severity::Blame,
            view.first,
            view.first + 2,
        ));
        return;
    }
    for i in view.first..tokens.len() {
        if !is(i, &["should", "must", "needs", "need", "ought"]) {
            continue;
        }
        let mut k = i + 1;
        while is(k, &["to", "be", "really", "probably", "honestly", "just"]) {
            k += 1;
        }
        let punished = is(
            k,
            &["banned", "fired", "disciplined", "reprimanded", "sacked"],
        ) || is(k, &["held"]) && is(k + 1, &["accountable", "responsible"])
            || is(k, &["a"]) && is(k + 1, &["talking-to", "telling-off", "reprimand"])
            || is(k, &["kept"]) && is(k + 1, &["away"]);
        let person = actor_at(tokens, view.skip_openers(view.clause_start(i)), view.first)
            .is_some_and(|a| a.kind != ActorKind::Writers);
        if punished && person && i > view.first {
            hits.push(hit(Form::Responsibility, Severity::Blame, i, k + 1));
            return;
        }
    }
}

/// Blame laid on someone else: "it's on the data team for not validating the schema", "an
/// oversight on Li Wei's part", "a mistake on the part of the vendor", and their competence
/// denied: "has no idea about idempotency", "didn't know what they were doing". (Said of
/// ourselves, these are the self-blame form's.)
pub(super) fn laid_on_someone(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|w| w.is_any(words));
    let other = |k: usize| {
        actor_at(tokens, k, view.first)
            .filter(|a| !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone))
    };
    let t = &tokens[i];
    // "it's on the data team for ...", not "it's on the data team to fix" (a follow-up owned)
    let copula = i > 0 && tokens[i - 1].is_any(&["'s", "it's", "that's", "this's", "is", "was"]);
    if t.is("on") && copula {
        if let Some(actor) = other(i + 1).filter(|a| !is(a.end, &["to"])) {
            let said_of = view.clause_start(i);
            let pointing = tokens[said_of..i].iter().filter(|w| w.is_word()).all(|w| {
                w.is_any(&[
                    "it", "it's", "this", "that", "that's", "'s", "is", "was", "one",
                ])
            });
            // "the duplicate push storm is on Wen Jie" (not "the follow-up for the outage is on
            // Wen Jie", owned work)
            let harm_named = harmful(tokens, said_of..i)
                && !tokens[said_of..i].iter().any(|w| w.is_any(OWNED_WORK));
            if pointing || harm_named {
                hits.push(hit(Form::Responsibility, Severity::Blame, i, actor.end));
                return;
            }
        }
    }
    // "Root cause: the on-call engineer.", "Culprit: the night shift": a person given as the
    // cause, alone (not "Root cause: the team's cache config", a thing)
    if t.is_any(&["cause", "causes", "culprit", "culprits"])
        && tokens.get(i + 1).is_some_and(|c| c.lower == ":")
    {
        let start = i + 2 + usize::from(is(i + 2, &["also", "again", "probably", "likely"]));
        if let Some(a) = other(start).filter(|a| {
            !a.possessive
                && tokens
                    .get(a.end)
                    .is_none_or(|n| !n.is_word() || n.is("and"))
        }) {
            hits.push(hit(Form::Responsibility, Severity::Blame, i, a.end));
            return;
        }
    }
    // "the duplicate charges were Oluwaseun's doing", "that was all the vendor's doing" (not
    // "the quick recovery was Priya's doing": credit)
    if t.is("doing") {
        let doer = (i.saturating_sub(4)..i)
            .find(|&j| other(j).is_some_and(|a| a.possessive && a.end == i));
        if let Some(j) = doer.filter(|&j| {
            j > 0 && tokens[j - 1].is_any(&["is", "was", "were", "are", "all", "entirely"])
        }) {
            let said_of = view.clause_start(j);
            let harm_or_pointing = harmful(tokens, said_of..j)
                || tokens[said_of..j]
                    .iter()
                    .filter(|w| w.is_word())
                    .all(|w| w.is_any(&["it", "this", "that", "is", "was", "all", "entirely"]));
            if harm_or_pointing {
                hits.push(hit(Form::Responsibility, Severity::Blame, j, i + 1));
                return;
            }
        }
    }
    // "an oversight on Li Wei's part", "negligence on the part of the vendor"
    const FAULTS: &[&str] = &[
        "oversight",
        "error",
        "mistake",
        "negligence",
        "failure",
        "lapse",
        "misjudgement",
        "misjudgment",
        "carelessness",
        "slip",
    ];
    if t.is_any(FAULTS) && is(i + 1, &["on"]) {
        let part = match other(i + 2) {
            Some(a) if a.possessive && is(a.end, &["part"]) => Some(a.end + 1),
            _ if is(i + 2, &["the"]) && is(i + 3, &["part"]) && is(i + 4, &["of"]) => {
                other(i + 5).map(|a| a.end)
            }
            _ => None,
        };
        if let Some(end) = part {
            hits.push(hit(Form::PersonFault, Severity::Blame, i, end));
            return;
        }
    }
    // "a clear failure by the plant IT administrator to apply the patch", "the refusal of the
    // vendor staff to escalate" (a possessive, "the vendor's staff", is not read here)
    if t.is_any(&["failure", "refusal", "neglect"]) && is(i + 1, &["by", "of"]) {
        if let Some(a) = other(i + 2).filter(|a| !a.possessive && is(a.end, &["to"])) {
            hits.push(hit(Form::PersonFault, Severity::Blame, i, a.end + 1));
            return;
        }
    }
    // "has no idea about idempotency", "have no clue how DNS works" (not "we had no idea")
    if t.is_any(&["has", "have"])
        && is(i + 1, &["no"])
        && is(i + 2, &["idea", "clue"])
        && is(i + 3, &["about", "how", "what"])
        && view
            .someone_at(view.skip_openers(view.clause_start(i)))
            .is_some()
    {
        hits.push(hit(Form::Judgement, Severity::Blame, i, i + 3));
        return;
    }
    // "whoever maintains that list should understand substring matching by now", "the on-call
    // ought to know how to fail over by now": knowledge expected of someone by now (not "the
    // reviewer should know the results by now": a fact due, not a skill)
    let ought = t.is("should") || t.is("ought") && is(i + 1, &["to"]);
    let v = i + 1 + usize::from(t.is("ought"));
    let skill = is(v, &["understand"])
        || is(v, &["know"]) && is(v + 1, &["how"])
        || is(v, &["have"]) && is(v + 1, &["learned", "learnt", "understood"]);
    if ought && skill {
        let by_now = (v + 1..(v + 14).min(tokens.len()))
            .take_while(|&m| tokens[m].kind != Kind::Question && tokens[m].lower != ".")
            .any(|m| tokens[m].is("by") && is(m + 1, &["now"]));
        if by_now && view.someone_in(view.first..i).is_some() {
            hits.push(hit(Form::Judgement, Severity::Blame, i, v + 1));
            return;
        }
    }
    // "saw fit to bypass the approval step", "fell short of what is expected"
    let saw_fit = t.is_any(&["saw", "sees", "see"]) && is(i + 1, &["fit"]) && is(i + 2, &["to"]);
    let fell_short = t.is_any(&["fell", "falls", "fall"])
        && is(i + 1, &["short"])
        && is(i + 2, &["of"])
        && tokens[i + 3..].iter().take(4).any(|w| {
            w.is_any(&[
                "expected",
                "expectations",
                "standard",
                "standards",
                "required",
            ])
        });
    let subject = actor_at(tokens, view.skip_openers(view.clause_start(i)), view.first)
        .or_else(|| view.subject_before(i));
    let someone =
        subject.is_some_and(|a| !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone));
    // Falling short is said of things too ("throughput fell short of the expected rate"): only
    // of a person's conduct or a role.
    let conduct = subject.is_some_and(|a| a.possessive || a.kind == ActorKind::Role)
        || tokens[view.clause_start(i)..i]
            .iter()
            .any(|w| w.is_any(CONDUCT));
    if saw_fit && someone || fell_short && someone && conduct {
        hits.push(hit(Form::Judgement, Severity::Blame, i, i + 3));
        return;
    }
    // "in contravention of the agreed procedure", "contrary to the rollout plan": a rule that
    // people set, broken.
    let breach = t.is_any(&["contravention", "breach", "violation", "defiance"])
        && i > 0
        && tokens[i - 1].is("in")
        && is(i + 1, &["of"]);
    let contrary = t.is("contrary") && is(i + 1, &["to"]);
    if breach || contrary {
        let rule = tokens[i + 2..]
            .iter()
            .take(4)
            .position(|w| {
                w.is_any(&[
                    "procedure",
                    "procedures",
                    "process",
                    "policy",
                    "runbook",
                    "guidance",
                    "guidelines",
                    "instructions",
                    "plan",
                    "rules",
                    "freeze",
                    "agreement",
                ])
            })
            .map(|n| i + 2 + n);
        if let Some(end) = rule {
            let start = if breach { i - 1 } else { i };
            hits.push(hit(Form::PersonFault, Severity::Blame, start, end + 1));
            return;
        }
    }
    // "didn't know what they were doing"
    if t.is_any(&["didn't", "don't", "doesn't"])
        && is(i + 1, &["know"])
        && is(i + 2, &["what"])
        && is(i + 4, &["were", "was", "are", "is", "'re"])
        && is(i + 5, &["doing"])
    {
        hits.push(hit(Form::Judgement, Severity::Blame, i, i + 6));
    }
}
