//! The passive-omission form: an agentless passive whose verb says someone failed ("the runbook was
//! not followed", "the warning was overlooked"), its terse bullet without the auxiliary ("Alerts
//! ignored for three days"), and a check that people do said to be skipped ("merged without having
//! been reviewed"). Nobody is named, but the passive implies a person who should have acted. Not
//! when the clause says a system did it ("missed by the scheduler") or the sentence explains the
//! condition.

use super::clauses::View;
use super::conduct::{credits, CARE_NOUNS, PASSIVE_CHECKS};
use super::harm::{harmful, other_cause};
use super::lapses::{
    ended_too_soon, left_on, phrasal_omission, safeguard_within, PROTECTIONS, RESTORING,
};
use super::reasons::{deliberate, explains, purposeful};
use super::risk::{
    ahead_of_readiness, clause_has_risk, done_over, is_production, secret_put_where_others_read,
    system_within, BAD_OBJECT, PRODUCTION, TIMES,
};
use super::words::{is_adverb, is_negation, is_quote, skip_adverbs, starts_with_digit, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, ActorKind};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::{Kind, Token};
use crate::hooks::blame::Severity;

/// Work that people do, for "was not done properly" (a system's work, "was not invalidated
/// correctly", is a defect, not a lapse).
const PEOPLE_WORK: &[&str] = &[
    "do",
    "handle",
    "plan",
    "communicate",
    "document",
    "prepare",
    "execute",
    "carry",
    "hand",
    "scope",
    "estimate",
    "coordinate",
    "brief",
    "train",
    "onboard",
    "manage",
    "supervise",
];

/// Work done by hand, for "was entered incorrectly", "was set way too high" (a system's work, "was
/// parsed incorrectly", is a defect, not a lapse).
const HANDWORK: &[&str] = &[
    "set",
    "configure",
    "size",
    "scope",
    "tune",
    "map",
    "label",
    "copy",
    "enter",
    "edit",
    "type",
    "install",
    "apply",
    "write",
    "paste",
    "fill",
    "key",
    "input",
    "assign",
    "tag",
    "provision",
    "sign",
    "document",
    "estimate",
    "name",
    "order",
    "file",
    "wire",
    "plug",
    "cable",
    "connect",
    "reconnect",
    "load",
    "pack",
    "pick",
    "select",
    "point",
    "print",
    "fit",
    "mount",
    "seat",
    "tighten",
    "fasten",
    "torque",
    "secure",
    "attach",
    "seal",
    "clamp",
    "calibrate",
];

/// Upkeep that someone is there to do, for "was never configured", "was not updated after the
/// switch", "wasn't renewed in time" (checks and restoring have lists of their own).
const UPKEEP: &[&str] = &[
    "configure",
    "set",
    "update",
    "renew",
    "rotate",
    "patch",
    "upgrade",
    "assign",
    "complete",
    "finish",
    "practise",
    "practice",
    "adapt",
    "adjust",
    "tune",
    "wire",
    "implement",
    "apply",
    "replace",
    "remove",
    "clean",
    "decommission",
    "migrate",
    "communicate",
    "announce",
    "notify",
    "schedule",
    "open",
    "write",
    "enable",
    "disable",
    "revoke",
    "fix",
    "action",
    "prioritise",
    "prioritize",
    "deploy",
    "roll",
    "back",
    "staff",
    "do",
    "touch",
    "maintain",
    "reconcile",
    "prepare",
];

/// Decay that time brings unless someone acts: "was allowed to drift", "was let expire".
const DECAY: &[&str] = &[
    "drift",
    "lapse",
    "expire",
    "rot",
    "decay",
    "degrade",
    "fill",
    "accumulate",
    "pile",
    "slip",
    "stagnate",
    "languish",
    "age",
    "grow",
    "run",
    "go",
    "sit",
    "linger",
    "drop",
    "fall",
    "erode",
    "dwindle",
    "deteriorate",
    "fester",
];

/// Adverbs of care.
const WITH_CARE: &[&str] = &[
    "properly",
    "correctly",
    "thoroughly",
    "carefully",
    "adequately",
    "sufficiently",
    "diligently",
    "fully",
    "completely",
];

/// What may follow "by" after a passive and is no system doing it: "by hand", "by guesswork".
const NOT_A_SYSTEM: &[&str] = &[
    "someone",
    "somebody",
    "nobody",
    "hand",
    "mistake",
    "accident",
    "guesswork",
    "guess",
    "feel",
    "eye",
];

/// Remedies whose delay is a decision: "the rollback was delayed for two hours".
const REMEDIES: &[&str] = &[
    "rollback",
    "escalation",
    "response",
    "fix",
    "patch",
    "mitigation",
    "failover",
    "upgrade",
    "rotation",
    "renewal",
    "revert",
];

/// A base form where the participle belongs, as learners of English write a negated passive:
/// "recipe version was not verify before download", "coolant was not refill during the last PM".
/// Only a verb of work someone was there to do, never a word that is also an adjective ("was not
/// clean", "is not complete"), and only where the clause ends there or goes on with a
/// preposition or a time.
fn learners_participle(tokens: &[Token], k: usize) -> bool {
    let lx = &*LEXICON;
    let base = tokens[k].lower.as_str();
    let work = [PASSIVE_CHECKS, UPKEEP, HANDWORK, RESTORING]
        .iter()
        .any(|list| list.contains(&base))
        || lx.omission.contains(base);
    let adjective = lx
        .wordnet(base)
        .is_some_and(|classes| classes.split(' ').any(|c| c.starts_with('a')));
    // ("was not verify", "wasn't refill"; not "there is no test for that path": a noun)
    let not_done = tokens[k - 1].is_any(&[
        "not", "never", "wasn't", "weren't", "isn't", "aren't", "wasnt", "werent", "isnt", "arent",
    ]);
    work && !adjective
        && not_done
        && word(tokens, k + 1).is_none_or(|n| {
            starts_with_digit(n)
                || n.is_any(&[
                    "before",
                    "after",
                    "during",
                    "for",
                    "since",
                    "until",
                    "on",
                    "in",
                    "at",
                    "when",
                    "by",
                    "so",
                    "and",
                    "yet",
                    "again",
                    "properly",
                    "correctly",
                    "anywhere",
                ])
        })
}

/// Whether `rest` says the thing was done as meant or by the machine: "automatically", "auto-expired
/// after 2h", "as configured", "after review", "after it had been reviewed and rehearsed".
fn done_as_meant(rest: &[Token]) -> bool {
    rest.iter().enumerate().any(|(n, t)| {
        t.is_any(&["automatically", "configured"])
            && (t.lower != "configured" || n > 0 && rest[n - 1].is("as"))
            || t.is_word() && t.lower.starts_with("auto-")
            || t.is_any(&["after", "once"])
                && rest[n + 1..].iter().take(5).any(|d| {
                    d.is_any(&[
                        "review",
                        "reviewed",
                        "rehearsed",
                        "approval",
                        "approved",
                        "sign-off",
                    ])
                })
    })
}

/// Records that people keep, for "the temperature logs were backfilled".
const RECORDS: &[&str] = &[
    "log",
    "logs",
    "record",
    "records",
    "entries",
    "entry",
    "sheet",
    "sheets",
    "book",
    "register",
    "checklist",
    "checklists",
    "form",
    "forms",
    "timesheet",
    "timesheets",
    "minutes",
];

/// What systems do by themselves, for "was routed to the wrong pool" (no one's lapse).
const SYSTEM_WORK: &[&str] = &[
    "route",
    "resolve",
    "cache",
    "parse",
    "retry",
    "forward",
    "redirect",
    "serve",
    "schedule",
    "send",
    "trigger",
    "fire",
    "generate",
    "compute",
    "calculate",
    "sync",
    "replicate",
    "queue",
    "index",
    "match",
    "return",
    "load",
    "pick",
    "assign",
    "direct",
];

/// Verbs of putting a change into service: "was applied to production", "was launched".
const SHIPPING: &[&str] = &[
    "apply", "deploy", "launch", "release", "merge", "ship", "push", "promote", "enable", "roll",
];

/// Upkeep and checks that are put off: "the disaster recovery test", "the capacity review".
const UPKEEP_NOUNS: &[&str] = &[
    "test",
    "tests",
    "testing",
    "review",
    "drill",
    "audit",
    "exercise",
    "patch",
    "patching",
    "upgrade",
    "rotation",
    "renewal",
    "remediation",
    "backup",
    "restore",
    "cleanup",
    "failover",
    "patches",
    "upgrades",
    "drills",
    "audits",
    "reviews",
    "backups",
    "fix",
    "fixes",
];

/// How badly an estimate missed: "grossly underestimated".
const BADLY: &[&str] = &[
    "badly",
    "grossly",
    "severely",
    "massively",
    "vastly",
    "wildly",
    "seriously",
    "hugely",
    "dramatically",
];

/// Places that are wrong for what was put there: "exported to a personal laptop", "restored into
/// the wrong tenant".
const WRONG_PLACE: &[&str] = &["wrong", "personal", "private"];

/// What belongs outside production: "test data was loaded into prod", "staging creds got pasted
/// into the prod config".
pub(super) const NOT_FOR_PRODUCTION: &[&str] = &[
    "test", "staging", "dev", "debug", "sandbox", "dummy", "fake", "sample",
];

/// Whether the state at `i` ("went unseen") is the consequence ("so ...") of what a system
/// lacked or did, told just before: "the template has no field for it, so this one went
/// unmentioned", "the console can't mute one drone, so the breach went unseen", "the policy
/// auto-resolved the page, so the errors went unpaged". A person's lapse told there ("never
/// assigned, so its failures went unheard") is not such a cause.
fn a_system_lacked_before(view: &View, i: usize) -> bool {
    let tokens = view.tokens;
    let start = view.clause_start(i);
    if start == view.first || !tokens[start - 1].is("so") {
        return false;
    }
    let cause_start = (view.first..start)
        .rev()
        .find(|&k| tokens[k].lower == ";")
        .map_or(view.first, |k| k + 1);
    tokens[cause_start..start - 1]
        .iter()
        .enumerate()
        .any(|(n, t)| {
            t.is("no") && !tokens.get(cause_start + n + 1).is_some_and(|w| w.is("one"))
                || t.is_any(&["can't", "cannot", "routed"])
                || t.lower.starts_with("auto-")
        })
}

/// An agentless passive whose verb says someone failed: "the runbook was not followed", "the
/// warning was overlooked".
pub(super) fn passive(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let t = &tokens[i];
    // "went unnoticed for weeks", "remained unaddressed", "the reminders went unread", "the
    // change went out untested": a hint of an omission (not when the sentence explains it:
    // "went unnoticed because the linter was disabled").
    if t.is_any(&["went", "go", "goes", "remained", "stayed"]) {
        let state = if t.is_any(&["went", "go", "goes"])
            && word(tokens, i + 1).is_some_and(|n| n.is_any(&["out", "live"]))
        {
            i + 2
        } else {
            i + 1
        };
        if word(tokens, state).is_some_and(|n| {
            n.lower.starts_with("un")
                && (n.lower.ends_with("ed") || n.is_any(&["unread", "unseen", "unheard"]))
                // states that are no lapse: "went out unchanged"
                && !n.is_any(&[
                    "unchanged",
                    "unmodified",
                    "unaffected",
                    "uninterrupted",
                    "unharmed",
                    "unimpeded",
                ])
        }) && !explains(&tokens[i..])
            && !a_system_lacked_before(view, i)
            // (not a consequence of what the sentence told first in the active voice: "the note
            // went to the old rota channel, so the stuck queue went unwatched until morning"; but
            // a lapse told in a passive of its own is one: "the warnings were muted overnight, so
            // the first alerts went unseen"; and "so that" is a purpose)
            && !(view.first..i).any(|m| {
                tokens[m].is("so")
                    && word(tokens, m + 1).is_none_or(|n| !n.is_any(&["that", "as"]))
                    && !tokens[view.first..m].windows(2).any(|w| {
                        w[0].is_any(&["was", "were", "been"]) && lx.is_participle(&w[1].lower)
                    })
            })
        {
            hits.push(hit(
                Form::PassiveOmission,
                Severity::Hindsight,
                i,
                state + 1,
            ));
            return;
        }
    }
    // A timeline's terse passive: "09:42 – page acked, then left unattended for 47 minutes"
    if t.is("left")
        && i > view.first
        && tokens[i - 1].is_any(&["then", "and"])
        && word(tokens, i + 1)
            .is_some_and(|n| n.is_any(&["unattended", "unanswered", "unacknowledged", "unread"]))
        && !explains(&tokens[i..])
    {
        hits.push(hit(Form::PassiveOmission, Severity::Blame, i, i + 2));
        return;
    }
    if !t.is_any(&[
        "was", "were", "is", "are", "been", "got", "get", "gets", "be", "wasn't", "weren't",
        "isn't", "aren't", "wasnt", "werent", "isnt", "arent",
    ]) {
        return;
    }
    // ("had not been updated since 2019", "has never been tested": the negation before "been")
    let mut negated = is_negation(t)
        || t.is("been")
            && i > view.first
            && is_negation(&tokens[i - 1])
            && tokens[..i - 1]
                .last()
                .is_some_and(|h| h.is_any(&["had", "has", "have"]));
    let mut k = i + 1;
    #[allow(clippy::while_let_loop)]
    while let Some(w) = word(tokens, k) {
        if is_negation(w) {
            negated = true;
        } else if !is_adverb(w) && !w.is_any(&["then", "only", "just", "merely", "being", "been"]) {
            // "being" too: "was not being tracked", "were being ignored"; and "was not been
            // respected", as a learner of English writes it
            break;
        }
        k += 1;
    }
    let Some(mut p) = word(tokens, k) else { return };
    if !(lx.is_participle(&p.lower) || negated && learners_participle(tokens, k)) {
        return;
    }
    // "was acknowledged and then simply forgotten": the second participle counts too.
    // ("were noticed but left uncorrected")
    if lx.verb_in(&p.lower, &lx.omission).is_none()
        && word(tokens, k + 1).is_some_and(|w| w.is_any(&["and", "but"]))
    {
        let m = skip_adverbs(tokens, k + 2);
        let m = if word(tokens, m).is_some_and(|w| w.is("then")) {
            skip_adverbs(tokens, m + 1)
        } else {
            m
        };
        if let Some(q) =
            word(tokens, m).filter(|q| lx.verb_in(&q.lower, &lx.omission).is_some() || q.is("left"))
        {
            p = q;
            k = m;
        } else if let Some(q) = word(tokens, m)
            .filter(|w| w.is_any(&["not", "never"]) && tokens[k + 1].is("but"))
            .and_then(|_| word(tokens, m + 1))
            .filter(|q| lx.is_participle(&q.lower))
        {
            // "was noticed at 10:00 but not reported until 14:30", "was requested but never
            // chased": the second participle, negated (after "and", what was done next is
            // `then_lapsed`'s: "was silenced and never unsilenced")
            p = q;
            k = m + 1;
            negated = true;
        }
    }
    // "had never been tested" states a condition; "was not tested" an omission.
    let perfect = t.is("been")
        && i > 0
        && tokens[i - 1].is_any(&[
            "has", "have", "had", "hasn't", "haven't", "hadn't", "never", "not",
        ])
        || (i > 1 && t.is("been") && tokens[i - 2].is_any(&["has", "have", "had"]));
    // "should have been caught" is the counterfactual form's, and so is what "would have been"
    // ("the backlog would have been caught at 5k", the consequence of an "if").
    let modal = i > 1
        && t.is("been")
        && tokens[i - 1].is_any(&["have", "'ve"])
        && (tokens[i - 2].lower.starts_with("should")
            || tokens[i - 2].is_any(&["would", "could", "might", "wouldn't", "couldn't"]))
        || i > 0 && t.is("been") && tokens[i - 1].lower == "should've";
    if modal
        || (i > 0
            && tokens[i - 1].is_any(&[
                "to", "would", "could", "should", "will", "might", "must", "can", "cannot",
                "can't", "won't", "that", "which",
            ]))
    {
        return;
    }
    // "missed by the scheduler": a system did it; "not applied because the ticket was stuck":
    // the sentence explains the condition.
    let by = skip_adverbs(tokens, k + 1);
    // ("had been muted for weeks by a firmware default": an adverbial may stand between, and
    // then the agent has an article: not "pushed out too early by product")
    let by_system = word(tokens, by).is_some_and(|n| n.is("by"))
        && actor_at(tokens, by + 1, view.first).is_none()
        && !word(tokens, by + 1).is_some_and(|n| n.is_any(NOT_A_SYSTEM))
        || system_agents(view, k + 1)
            .any(|m| word(tokens, m + 1).is_some_and(|d| d.is_any(&["a", "an", "the", "its"])));
    // "No attention was paid to", "Little care was given to", "Due diligence was not done",
    // "Insufficient testing was performed", "Not enough care was taken": care, said to be
    // missing; "Mistakes were made".
    let subject = &tokens[view.clause_start(i)..i];
    let care_missing = subject.iter().any(|w| w.is_any(CARE_NOUNS))
        && (negated
            || subject
                .iter()
                .any(|w| w.is_any(&["no", "little", "insufficient", "inadequate", "minimal"]))
            || subject
                .windows(2)
                .any(|w| w[0].is_any(&["not", "nowhere"]) && w[1].is("enough")));
    let mistakes_made = !negated
        && p.is("made")
        && subject.last().is_some_and(|w| {
            w.is_any(&[
                "mistakes",
                "errors",
                "blunders",
                "misjudgements",
                "misjudgments",
            ]) || w.is_any(&["decisions", "calls", "choices"])
                && subject
                    .iter()
                    .any(|a| a.is_any(&["bad", "poor", "wrong", "questionable", "hasty"]))
        });
    // "changed how postcodes with spaces were parsed", "whether the flag was set": a manner or
    // a question the clause is about, not a step someone skipped
    if subject
        .iter()
        .rev()
        .take(5)
        .any(|w| w.is_any(&["how", "whether"]))
        // ("whenever the field was left empty": a condition the tool met)
        || subject.first().is_some_and(|w| w.is("whenever"))
    {
        return;
    }
    let explained = explains(&tokens[k + 1..]);
    // "If access review was not done in Q2, the account would still be active": the step that
    // was done, imagined undone (not a lapse)
    let supposed = negated
        && (view.first..i).any(|m| tokens[m].is_any(&["if", "unless"]))
        && tokens[k + 1..]
            .iter()
            .any(|t| t.is_any(&["would", "could", "might"]));
    if supposed {
        return;
    }
    // (said of a person: "the on-call was not paged"; not of a thing: "the access request was
    // granted with no check of the requester's role")
    // ("so 340 contractors were paid a week late": the head noun before the verb names people)
    let of_a_person = actor_at(tokens, view.skip_openers(view.clause_start(i)), view.first)
        .is_some_and(|a| !a.possessive)
        || subject
            .last()
            .is_some_and(|w| lx.is_role(&w.lower) || lx.noun_in(&w.lower, &lx.groups));
    let done_to = lx.verb_in(&p.lower, &lx.done_to).is_some()
        && of_a_person
        && !care_missing
        && !mistakes_made;
    if by_system || explained || done_to {
        return;
    }
    let omission = lx.verb_in(&p.lower, &lx.omission);
    // "was not passed on to the team", "was not handed over at shift change": what someone
    // was there to pass along.
    let handed_on = word(tokens, k + 1).is_some_and(|n| {
        let base = |v: &str| lx.bases(&p.lower).iter().any(|b| b == v);
        n.is("on") && base("pass")
            || n.is_any(&["over", "off"]) && base("hand")
            || n.is("up") && base("follow")
            // "the post-deploy verification was not carried out"
            || n.is("out") && base("carry")
    });
    let checked = handed_on
        || lx
            .bases(&p.lower)
            .iter()
            .any(|b| PASSIVE_CHECKS.contains(&b.as_str()));
    let left_alone = p.is("left")
        && word(tokens, k + 1).is_some_and(|n| {
            // "left unpatched", "left unmonitored" (not "left untouched": on purpose)
            n.lower.starts_with("un")
                && n.lower.ends_with("ed")
                && !n.is_any(&["untouched", "unchanged", "unmodified", "unaffected"])
                || n.is_any(&[
                    "alone",
                    "unattended",
                    "open",
                    "unanswered",
                    "unacknowledged",
                    // "a required field was left blank"
                    "blank",
                    "empty",
                ])
        })
        // "the old records were left in place after the migration", "the firmware had been left
        // two versions behind", "the ticket was left in the backlog since March"
        || p.is("left")
            && tokens[k + 1..]
                .iter()
                .take(4)
                .take_while(|t| t.is_word())
                .any(|t| t.is_any(&["behind", "backlog", "outdated", "unpatched"]))
        // "was left at the test values after the drill"
        || p.is("left")
            && word(tokens, k + 1).is_some_and(|n| n.is("at"))
            && tokens[k + 2..]
                .iter()
                .take(3)
                .take_while(|t| t.is_word())
                .any(|t| t.is_any(NOT_FOR_PRODUCTION))
        || p.is("left")
            && word(tokens, k + 1).is_some_and(|n| n.is("in"))
            && word(tokens, k + 2).is_some_and(|n| n.is("place"))
            && word(tokens, k + 3).is_some_and(|n| n.is_any(&["after", "since", "until"]))
        // "the console was left in patch mode overnight", "left in manual after the test"
        || p.is("left")
            && word(tokens, k + 1).is_some_and(|n| n.is("in"))
            && left_on(tokens, k).is_some()
            // (not "left in debug mode by last week's upgrade script": a thing did it)
            && !tokens[k + 1..].iter().take(8).any(|t| t.is("by"))
        // "left on after the test", "left enabled overnight", "rate limits were left disabled
        // after the load test" (not "left on for the beta cohort")
        || p.is("left")
            && word(tokens, k + 1).is_some_and(|n| {
                n.is_any(&[
                    "on", "enabled", "running", "exposed", "public", "disabled", "off", "muted",
                    "paused", "silenced", "up",
                ])
            })
            && word(tokens, k + 2).is_none_or(|n| {
                n.is_any(&["after", "overnight", "over", "until", "since", "by"])
                    // "the sold-out banner was left up on the homepage"
                    || n.is("on") && tokens[k + 1].is("up")
                    // "debug logging was left on in prod"
                    || n.is("in")
                        && word(tokens, k + 3)
                            .is_some_and(is_production)
                        && !deliberate(&tokens[k + 1..])
            });
    let particle = phrasal_omission(tokens, k).is_some() && !deliberate(&tokens[k + 1..]);
    // "the failing canary was overridden", "the disk alert was silenced": a protection taken away.
    let disarmed = !negated
        && lx.bases(&p.lower).iter().any(|b| {
            matches!(b.as_str(), "override" | "silence" | "suppress" | "mute")
                    // "disabled to get the build green": a protection traded for haste (not
                    // "disabled for the maintenance window", nor "when the upgrade reset it")
                    || matches!(b.as_str(), "disable" | "bypass" | "waive")
                        && word(tokens, k + 1).is_some_and(|t| t.is("to"))
                    // "the smoke tests were commented out to get the release green"
                    || matches!(b.as_str(), "comment" | "turn" | "switch")
                        && word(tokens, k + 1).is_some_and(|t| t.is_any(&["out", "off"]))
                        && word(tokens, k + 2).is_some_and(|t| t.is("to"))
        })
        && tokens[view.clause_start(i)..i]
            .iter()
            .any(|t| t.is_any(PROTECTIONS))
        // ("got muted automatically for the maintenance window": a system did it)
        && !tokens[k + 1..]
            .iter()
            .take(3)
            .any(|t| t.is_any(&["automatically", "auto"]))
        && !purposeful(tokens, k + 1)
        && !deliberate(&tokens[k + 1..]);
    // "the whole rollout was mishandled", "the migration was botched"
    let mishandled = !negated
        && lx
            .bases(&p.lower)
            .iter()
            .any(|b| matches!(b.as_str(), "mishandle" | "botch" | "bungle" | "mismanage"));
    // "was declared far too late", "was escalated too slowly"
    let too_late = {
        let m = skip_adverbs(tokens, k + 1);
        // "pushed out too early"
        let m = if word(tokens, m).is_some_and(|w| w.is_any(&["out", "through", "up"])) {
            m + 1
        } else {
            m
        };
        let m = if word(tokens, m).is_some_and(|w| w.is_any(&["far", "much", "way"])) {
            m + 1
        } else {
            m
        };
        word(tokens, m).is_some_and(|w| w.is("too"))
            && word(tokens, m + 1).is_some_and(|w| w.is_any(&["late", "slowly", "early", "soon"]))
            || word(tokens, m).is_some_and(|w| w.is("prematurely"))
            // "was declared 40 minutes late", "got escalated two hours late"
            || word(tokens, m + 1).is_some_and(|u| u.is_any(TIMES))
                && word(tokens, m + 2).is_some_and(|w| w.is("late"))
            // "the incident channel was opened late" (not "late in the day", "late on Friday")
            || word(tokens, m).is_some_and(|w| w.is("late"))
                && word(tokens, m + 1).is_none_or(|n| !n.is_any(&["in", "on", "at", "that"]))
    };
    // "had not been tested in a year, despite repeated reminders": known, and still not done.
    let despite = tokens[k + 1..].iter().any(|t| t.is("despite"));
    let base_is = |bases: &[&str]| {
        lx.bases(&p.lower)
            .iter()
            .any(|b| bases.contains(&b.as_str()))
    };
    // "the config change was shoved out": shipping, said with contempt
    let shoved =
        !negated && p.is_any(&["shoved", "rammed", "jammed", "yoloed", "yolo'd", "yeeted"]);
    // "the rollback was delayed for two hours"
    // ("was put off until well after the SLA window")
    let put_off = p.is_any(&["put", "held"])
        && word(tokens, k + 1).is_some_and(|n| n.is_any(&["off", "back"]));
    let remedy_delayed = !negated
        && (base_is(&["delay", "postpone", "defer"]) || put_off)
        && subject.iter().any(|w| w.is_any(REMEDIES))
        && tokens[k + 1..].iter().enumerate().take(4).any(|(n, w)| {
            w.is_any(&[
                "minutes", "hours", "days", "weeks", "minute", "hour", "day", "week",
            ])
            // "until well after the SLA window had passed"
            || w.is("until") && tokens[k + 2 + n..].iter().take(3).any(|a| a.is("after"))
            // "delayed for no reason"
            || w.is("no") && tokens.get(k + 2 + n).is_some_and(|a| a.is("reason"))
        });
    // "the incident was declared resolved while errors were still climbing"
    let closed_too_soon = !negated && ended_too_soon(tokens, &lx.bases(&p.lower), k + 1, false);
    // "the wrong cluster was targeted", "customer data was exported to the wrong bucket"
    let wrong_target = !negated
        && (subject.iter().any(|w| w.is("wrong"))
            // a place: "to / on / against the wrong …" (not "sent for the wrong dates")
            || tokens[k + 1..]
                .windows(3)
                .take(3)
                .take_while(|w| w.iter().all(Token::is_word))
                .any(|w| {
                    w[0].is_any(&["to", "on", "onto", "in", "into", "against", "with"])
                        && (w[1].is_any(WRONG_PLACE)
                            || w[2].is_any(WRONG_PLACE) && w[1].is_any(&["the", "a", "an"]))
                })
            // "test data was loaded into the prod billing tables"
            || subject.iter().any(|w| w.is_any(NOT_FOR_PRODUCTION))
                && tokens[k + 1..]
                    .windows(3)
                    .take(3)
                    .take_while(|w| w.iter().all(Token::is_word))
                    .any(|w| {
                        w[0].is_any(&["to", "onto", "into", "in"])
                            && (w[1].is_any(PRODUCTION)
                                || w[1].is("the") && w[2].is_any(PRODUCTION))
                    }))
        && base_is(&[
            "target",
            "deploy",
            "delete",
            "restart",
            "drop",
            "use",
            "run",
            "apply",
            "push",
            "edit",
            "modify",
            "select",
            "pick",
            "choose",
            "patch",
            "migrate",
            "scale",
            "kill",
            "reboot",
            "page",
            "export",
            "upload",
            "send",
            "restore",
            "load",
            "import",
            "copy",
            "paste",
            "copy-paste",
            "sync",
            "write",
            "route",
            "point",
            "share",
            "email",
            "mail",
            "post",
            "forward",
            "disclose",
        ])
        && !done_by_a_system(view, k + 1);
    // "memory limits were set completely wrong", "the pool was sized incorrectly", "two of the
    // firewall rules were entered incorrectly", "the threshold was set way too high": work
    // someone did by hand, done wrongly
    let after_p: Vec<&Token> = tokens[k + 1..]
        .iter()
        .take(4)
        .take_while(|t| t.is_word())
        .collect();
    // (not "set too high to be useful": what the setting could not do)
    let too_far = (0..after_p.len()).any(|n| {
        after_p[n].is("too")
            && after_p.get(n + 1).is_some_and(|w| {
                w.is_any(&[
                    "high",
                    "low",
                    "short",
                    "long",
                    "small",
                    "large",
                    "big",
                    "tight",
                    "loose",
                    "aggressive",
                    "wide",
                    "broad",
                ])
            })
            && !tokens.get(k + 1 + n + 2).is_some_and(|w| w.is("to"))
    });
    let set_wrong = !negated
        && base_is(HANDWORK)
        && (after_p.iter().any(|w| {
            w.is_any(&[
                "wrong",
                "wrongly",
                "incorrectly",
                "badly",
                "improperly",
                "poorly",
                "sloppily",
                "hastily",
                "inaccurately",
                "expired",
            ])
        }) || too_far && base_is(&["set", "configure", "size", "tune", "scope"]))
        && !done_by_a_system(view, k + 1);
    // any work done with the wrong thing: "was run at the wrong dilution", "were taken from the
    // wrong spots" (not a system's work: "was routed to the wrong pool"; nor a clause after
    // another that told the cause: "a default in the module was wrong, so the balancer was
    // created in the wrong VPC")
    let with_the_wrong = !negated
        && t.is_any(&["was", "were", "got"])
        && view.clause_start(i) == view.first
        && !tokens[view.first..i]
            .iter()
            .any(|w| w.is_any(&["whose", "where"]))
        && after_p
            .windows(2)
            .any(|w| w[0].is("the") && w[1].is("wrong"))
        && !base_is(SYSTEM_WORK)
        && !done_by_a_system(view, k + 1)
        && !explains(&tokens[view.first..])
        && !other_cause(tokens, k + 1);
    // "NTP servers were misconfigured during the rebuild", "the flag was rubber-stamped": a
    // verb that says work done by hand was done wrongly (not "the alert was misrouted", which a
    // system does)
    let misdone = !negated
        && base_is(&[
            "misconfigure",
            "mislabel",
            "mistype",
            "misread",
            "misjudge",
            "misapply",
            "misspell",
            "misname",
            "misplace",
            "misinterpret",
            "misdiagnose",
            "misuse",
            "rubber-stamp",
            "self-approve",
            "force-push",
            "bodge",
            "flub",
            "muff",
            "goof",
        ])
        && !done_by_a_system(view, k + 1)
        // any act done amiss, said with "mis-": "the order was misfiled", "the grace period was
        // miscalculated" (not a state: "mismatched", "misaligned", "I may be mistaken"; nor
        // what a system does: "misrouted", "misfired")
        || !negated
            && p.lower.strip_prefix("mis").is_some_and(|done| {
                done.len() > 3
                    && lx.is_participle(done)
                    && !matches!(
                        done,
                        "matched" | "aligned" | "routed" | "fired" | "behaved" | "taken"
                    )
            })
            && !done_by_a_system(view, k + 1)
        // "capacity was grossly underestimated" (not "with hindsight, the risk was
        // underestimated": a judgement only with its degree)
        || !negated
            && base_is(&["underestimate", "misestimate", "undersize", "underprovision"])
            && tokens[i + 1..k].iter().any(|w| w.is_any(BADLY));
    // "the risk was flagged twice and nothing was done"
    let nothing_done = p.is("done")
        && subject.last().is_some_and(|w| w.is("nothing"))
        && !word(tokens, k + 1).is_some_and(|n| n.is_any(&["to", "wrong", "incorrectly"]));
    // "staging was assumed to match production": a belief nobody checked (a hint)
    let assumed = !negated
        && base_is(&["assume", "presume"])
        && word(tokens, k + 1).is_some_and(|n| n.is_any(&["to", "that"]));
    // "was not done properly", "wasn't properly handed over": work that people do, not done with
    // care.
    let without_care = negated
        && lx
            .bases(&p.lower)
            .iter()
            .any(|b| PEOPLE_WORK.contains(&b.as_str()) || HANDWORK.contains(&b.as_str()))
        && (i + 1..=k + 1).any(|m| word(tokens, m).is_some_and(|w| w.is_any(WITH_CARE)));
    // "was raised in sprint review and then quietly dropped", "was sat on for months and never
    // actioned", "was changed by hand and never reverted": what was done next, a lapse
    let then_lapsed = (k + 1..(k + 8).min(tokens.len()))
        .take_while(|&m| tokens[m].is_word())
        .find(|&m| tokens[m].is("and"))
        .is_some_and(|and| {
            let mut m = skip_adverbs(tokens, and + 1);
            if word(tokens, m).is_some_and(|w| w.is("then")) {
                m = skip_adverbs(tokens, m + 1);
            }
            let never = word(tokens, m).is_some_and(|w| w.is_any(&["never", "not"]));
            if never {
                m = skip_adverbs(tokens, m + 1);
            }
            word(tokens, m).is_some_and(|q| {
                let bases = lx.bases(&q.lower);
                if never {
                    bases.iter().any(|b| {
                        PASSIVE_CHECKS.contains(&b.as_str())
                            || RESTORING.contains(&b.as_str())
                            || matches!(b.as_str(), "action" | "fix" | "pursue" | "resolve")
                    })
                    // "loosened for the holidays and not put back", "not switched back on"
                    || q.is_any(&["put", "switched", "turned", "set"])
                        && word(tokens, m + 1).is_some_and(|n| n.is("back"))
                } else if q.is_any(&["stayed", "remained"]) {
                    // "was disabled for the migration and stayed disabled"
                    word(tokens, m + 1).is_some_and(|s| {
                        s.is_any(&["disabled", "off", "muted", "silenced", "open", "exposed"])
                    })
                } else {
                    // "was built and then abandoned"
                    bases
                        .iter()
                        .any(|b| matches!(b.as_str(), "abandon" | "forget" | "neglect"))
                        || bases
                            .iter()
                            .any(|b| matches!(b.as_str(), "drop" | "shelve" | "park" | "bury"))
                            && base_is(&[
                                "raise", "flag", "report", "file", "log", "propose", "escalate",
                                "mention", "note", "identify",
                            ])
                }
            })
        });
    // "the monitoring for the new region was never configured", "the runbook was not updated
    // after the CDN switch", "the channel wasn't opened until an hour in": upkeep someone was
    // there to do, with a "never" or a time by which it was due. A hint: it may also describe a
    // plain state.
    let due = (k + 1..(k + 8).min(tokens.len()))
        .take_while(|&m| tokens[m].is_word())
        .any(|m| {
            // ("was not updated after the CDN switch", "has not been reconciled since 2020")
            tokens[m].is_any(&["after", "before", "since"])
                || tokens[m].is("in") && word(tokens, m + 1).is_some_and(|n| n.is("time"))
                // "had not been tested in a year", "in eighteen months"
                || tokens[m].is("in")
                    && tokens[m + 1..]
                        .iter()
                        .take(2)
                        .any(|t| t.is_any(&["year", "years", "months", "weeks"]))
                // "until 2am", "until an hour in" (not "until the node pool scaled up")
                || tokens[m].is_any(&["until", "for"])
                    && tokens[m + 1..].iter().take(3).any(|t| {
                        starts_with_digit(t) || t.is_any(TIMES)
                    })
        });
    let upkeep_lapsed = negated
        && (due || tokens[i..k].iter().any(|w| w.is("never")))
        && base_is(UPKEEP)
        && !deliberate(&tokens[k + 1..])
        // (not a thing's stale state told as the condition another step met: "followed the
        // guide, which had not been updated since the rule change")
        && !relative_clause(view, i)
        // ("due to the missing approval step, the fix was never deployed")
        && !explains(&tokens[view.first..i]);
    // "dependencies were allowed to drift for a year", "the certificate was allowed to expire":
    // decay that someone let happen.
    let let_decay = !negated
        && !deliberate(&tokens[k + 1..])
        && base_is(&["allow", "let", "permit"])
        && word(tokens, k + 1).is_some_and(|n| n.is("to"))
        && word(tokens, k + 2).is_some_and(|v| {
            lx.bases(&v.lower)
                .iter()
                .any(|b| DECAY.contains(&b.as_str()))
        });
    // "dependency versions were not pinned, so the build pulled a broken release", "backups were
    // not verified since last year, and the restore failed": a step not done, then the harm
    // (not "was never meant to hold more than an hour, and this outage lasted nine": a purpose)
    // (nor "there was no dedicated pool, so …": no passive; nor "was not identified until …",
    // finding out, not a step; nor "a day and a half after the issue", no clause)
    let omitted_then_harm = negated
        && !word(tokens, k + 1).is_some_and(|w| w.is("to"))
        && (i == view.first || !tokens[i - 1].is("there"))
        && !credits(&p.lower)
        && (k + 1..tokens.len()).any(|m| {
            (tokens[m].is("so") || tokens[m].is("and") && tokens[m - 1].lower == ",") && {
                let end = (m + 1..tokens.len())
                    .find(|&e| !tokens[e].is_word())
                    .unwrap_or(tokens.len());
                harmful(tokens, m + 1..end)
            }
        });
    // "the firewall change was applied to production before it had been tested", "the feature
    // was launched before the privacy review had even been started": shipped ahead of its check
    // (or started ahead of what it waited on: "the old load balancer was switched off before its
    // traffic had been drained", "the payout freeze was lifted before the root cause had been
    // confirmed")
    let ahead = ahead_of_readiness(tokens, k + 1) && !explains(&tokens[k + 1..]);
    let before_checked = !negated
        && (ahead
            || base_is(SHIPPING)
                && (k + 1..(k + 8).min(tokens.len()))
                    .take_while(|&m| tokens[m].is_word())
                    .find(|&m| tokens[m].is("before"))
                    .is_some_and(|before| {
                        tokens[before + 1..]
                            .iter()
                            .take(8)
                            .take_while(|t| t.is_word())
                            .any(|t| {
                                t.is_any(&["review", "approval", "sign-off", "signoff", "testing"])
                                    || lx.is_participle(&t.lower)
                                        && lx
                                            .bases(&t.lower)
                                            .iter()
                                            .any(|b| PASSIVE_CHECKS.contains(&b.as_str()))
                            })
                    }));
    // "the settlement file was uploaded twice", "the refunds were issued twice": one piece of
    // work done over (not "was run twice by the scheduler's retry", nor "because the client
    // retried")
    // (nor what was done to those it hit, told as a consequence: "…, so cards got charged 4
    // times"; nor "was started twice: the scheduler retried", "after the gateway dropped …")
    let system_after = || {
        (k + 1..tokens.len()).any(|m| {
            tokens[m].is_any(&[":", ";", "after", "when", "—"]) && system_within(tokens, m + 1, 4)
        })
    };
    let repeated = !negated
        && view.clause_start(i) == view.first
        // (nor a question of why: "identified why customers were sent the email twice")
        && !tokens[view.first..i].iter().any(|t| t.is_any(&["why", "how"]))
        && done_over(tokens, k + 1, &lx.bases(&p.lower))
        && !done_by_a_system(view, k + 1)
        && !explains(&tokens[k + 1..])
        && !other_cause(tokens, k + 1)
        && !system_after();
    // "the disaster recovery test was postponed for the third year running", "the capacity
    // review was postponed three times": upkeep put off again and again
    let put_off_again = !negated
        && base_is(&[
            "postpone",
            "defer",
            "delay",
            "reschedule",
            "deprioritise",
            "deprioritize",
        ])
        && subject.iter().any(|w| w.is_any(UPKEEP_NOUNS))
        && tokens[k + 1..]
            .iter()
            .take(6)
            .take_while(|t| t.is_word())
            .any(|t| {
                t.is_any(&[
                    "again",
                    "repeatedly",
                    "twice",
                    "times",
                    "running",
                    "indefinitely",
                    "successive",
                    "consecutive",
                    "occasions",
                ])
            });
    // "was not reported until 14:30", "wasn't escalated until the next morning": a duty to pass
    // something on, done late
    let duty_delayed = negated
        && base_is(&[
            "report",
            "escalate",
            "page",
            "raise",
            "declare",
            "acknowledge",
            "communicate",
            "announce",
            "flag",
            "log",
            "record",
            "file",
        ])
        && word(tokens, k + 1).is_some_and(|w| w.is("until"));
    // "the deviation was downgraded to minor to avoid a regulatory notification": done to dodge
    // the scrutiny it called for
    let dodged = !negated
        && (k + 1..(k + 8).min(tokens.len()))
            .take_while(|&m| tokens[m].is_word())
            .any(|m| {
                tokens[m].is("to")
                    && word(tokens, m + 1).is_some_and(|v| v.is_any(&["avoid", "dodge", "evade"]))
                    && tokens[m + 2..].iter().take(3).any(|t| t.is_any(SCRUTINY))
            });
    // "the change records were back-dated", "the temperature logs were backfilled", "the test
    // had been pencil-whipped": a record made to say what it should have said (not "the
    // partitions were backfilled from the archive", data work)
    let doctored = !negated
        && (base_is(&[
            "backdate",
            "back-date",
            "falsify",
            "fabricate",
            "fudge",
            "doctor",
            "forge",
            "pencil-whip",
        ]) || base_is(&["backfill", "back-fill"])
            && subject.iter().any(|w| w.is_any(RECORDS))
            // (not filled from a source: "backfilled from the units' memory")
            && !word(tokens, k + 1).is_some_and(|w| w.is("from")));
    // "the database password got pasted into the incident channel"
    let secret_put = !negated
        && secret_put_where_others_read(tokens, view.clause_start(i), k)
        && !done_by_a_system(view, k + 1);
    // "the Helm values for prod were copy-pasted from dev"
    let copied_from_dev = !negated
        && base_is(&["copy", "paste", "copy-paste", "clone", "reuse"])
        && word(tokens, k + 1).is_some_and(|w| w.is("from"))
        && tokens[k + 2..]
            .iter()
            .take(2)
            .any(|t| t.is_word() && t.is_any(NOT_FOR_PRODUCTION))
        && subject.iter().any(is_production);
    // "an unvalidated spreadsheet was used to calculate the results", "the pH meter was used past
    // its expiry", "consent was taken on the superseded form": something unfit for the work put
    // to it
    let unfit_used = !negated
        && base_is(&[
            "use",
            "apply",
            "take",
            "administer",
            "dispense",
            "fit",
            "install",
        ])
        && (subject.iter().any(|w| w.is_any(UNFIT))
            || tokens[k + 1..]
                .iter()
                .take(8)
                .take_while(|t| t.is_word())
                .any(|t| t.is_any(UNFIT) || t.is("past")))
        && !done_by_a_system(view, k + 1)
        && !explains(&tokens[k + 1..]);
    let form_hit = match omission {
        Some("refuse") => None,
        // "steps 4 and 5 were skipped", not "2% of rows were skipped" (data a tool passed over)
        Some(base @ ("skip" | "miss")) if !negated => {
            let subject = view.clause_start(i);
            let warned = tokens[subject..i].iter().any(|t| {
                t.is_any(PROTECTIONS)
                    || t.is_any(&["flags", "signals", "symptoms", "indicators", "window"])
            });
            (warned || safeguard_within(tokens, subject, i - subject)).then_some(base)
        }
        Some(base) if !negated => Some(base),
        _ if negated
            && !perfect
            && (checked || without_care || omitted_then_harm || duty_delayed) =>
        {
            Some("")
        }
        // "had not been tested in a year, despite repeated reminders"
        _ if perfect && despite && i > 0 && is_negation(&tokens[i - 1]) && checked => Some(""),
        _ if disarmed
            || then_lapsed && !negated
            || too_late && !negated
            || mishandled
            || care_missing
            || mistakes_made
            || shoved
            || remedy_delayed
            || closed_too_soon
            || wrong_target
            || set_wrong
            || with_the_wrong
            || misdone
            || nothing_done
            || secret_put
            || copied_from_dev
            || unfit_used
            || dodged
            || doctored
            || before_checked
            || repeated
            || put_off_again
            || assumed =>
        {
            Some("")
        }
        _ if !negated
            && (left_alone
                || particle
                // a past event ("was pushed straight to prod"), not a practice ("are created
                // with no common guidelines")
                || (t.is_any(&["was", "were", "got"])
                    // "has been done without review"
                    || t.is("been") && i > 0 && tokens[i - 1].is_any(&["has", "have", "had"]))
                    && clause_has_risk(tokens, k + 1)
                    && !deliberate(&tokens[k + 1..])
                    && !risk_is_only_an_adjective(tokens, k + 1)
                    && !done_by_a_system(view, k + 1)) =>
        {
            Some("")
        }
        _ if let_decay => Some(""),
        _ if upkeep_lapsed => Some("upkeep"),
        _ => None,
    };
    // "nobody was told about the schema change": no one was given what they needed.
    let subject_start = view.skip_openers(view.clause_start(i));
    let nobody_told = !negated
        && base_is(&["tell", "inform", "notify", "warn", "consult"])
        && actor_at(tokens, subject_start, view.first)
            .is_some_and(|a| a.kind == ActorKind::Nobody && skip_adverbs(tokens, a.end) == i);
    if nobody_told {
        hits.push(hit(
            Form::PassiveOmission,
            Severity::Blame,
            subject_start,
            k + 1,
        ));
        return;
    }
    let Some(base) = form_hit else { return };
    // Done as meant, or by the machine: "bypassed during backfill, by design", "muted for the
    // window and unmuted automatically at 06:00", "was run against production after review".
    // (not "were not followed as per runbook", "muted during maintenance and not unmuted after")
    let lapse_told = negated || tokens[k + 1..].iter().any(is_negation);
    if !lapse_told && (deliberate(&tokens[k + 1..]) || done_as_meant(&tokens[k + 1..])) {
        return;
    }
    // A rule, not an event: "escalates if a page is not acknowledged within five minutes".
    let present = t.is_any(&["is", "are", "isn't", "aren't", "isnt", "arent"]);
    let rule = present
        && view.clause_start(i) > view.first
        && tokens[view.clause_start(i) - 1].is_any(&["if", "when", "whenever", "unless", "once"]);
    // A standing gap told as the condition in a later clause, in the present tense: "…; the
    // plan's SSO minimum is not checked on downgrades", "… because the values file is not read
    // when the name has capitals" (not an event: "the runbook was not followed").
    let standing_gap = present
        && negated
        && view.clause_start(i) > view.first
        // ("it is not done since August", as learners write "has not been done")
        && !due;
    if rule || standing_gap {
        return;
    }
    // The subject is a person ("the engineer was overlooked for the rota")? Leave it.
    if actor_at(tokens, subject_start, view.first)
        .is_some_and(|a| skip_adverbs(tokens, a.end) == i && !a.possessive)
    {
        return;
    }
    let severity = if assumed && !disarmed && omission.is_none() || base == "upkeep" {
        Severity::Hindsight
    } else {
        Severity::Blame
    };
    let mut h = hit(Form::PassiveOmission, severity, i, k + 1);
    if matches!(base, "overlook" | "miss") && k == i + 1 && t.is_any(&["was", "were"]) {
        h.replacement = Some(format!("{} easy to miss", t.lower));
    }
    hits.push(h);
}

/// A terse bullet that drops the passive's auxiliary: "TLS cert expiry overlooked during the
/// quarterly review", "Alerts ignored for three days", "Deploy done by Ravi without approval". A
/// short noun phrase opens the sentence, then a participle that says a step was skipped or a
/// risk taken, with no object after it: "The linter ignored the file" is a system acting, and
/// "Alerts ignored by the filter" a system's doing.
pub(super) fn bare_passive(view: &View, hits: &mut Vec<Hit>) {
    // (a linking verb makes the participle a state: "Error rates remain elevated despite
    // rollback")
    const NOT_IN_A_SUBJECT: &[&str] = &[
        "was", "were", "is", "are", "be", "been", "has", "have", "had", "we", "i", "you", "they",
        "he", "she", "it", "not", "never", "to", "remain", "remains", "stay", "stays", "seem",
        "seems", "look", "looks", "appear", "appears", "become", "becomes",
    ];
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let start = view.first;
    if view.question || actor_at(tokens, start, start).is_some() {
        return;
    }
    let Some(k) = (start + 1..(start + 6).min(tokens.len())).find(|&k| {
        word(tokens, k).is_some_and(|w| lx.is_participle(&w.lower) && w.lower.ends_with("ed"))
            || word(tokens, k).is_some_and(|w| w.is_any(&["done", "forgotten", "overridden"]))
            // ("No handover given")
            || tokens[start].is_any(&["no", "zero"])
                && word(tokens, k).is_some_and(|w| lx.is_participle(&w.lower))
    }) else {
        return;
    };
    if tokens[start..k]
        .iter()
        .any(|t| t.kind != Kind::Word || t.is_any(NOT_IN_A_SUBJECT) || lx.is_past(&t.lower))
    {
        return;
    }
    // Only a passive ends there or goes on with a preposition or an adverb; a word after the
    // verb may be its object ("The handler returned 500"): a thing did something.
    const AFTER_A_PASSIVE: &[&str] = &[
        "during", "for", "in", "on", "at", "by", "until", "since", "without", "despite", "after",
        "before", "again", "to", "into", "from", "over", "while", "when", "twice", "straight",
        "directly", "and",
    ];
    if word(tokens, k + 1).is_some_and(|n| !n.is_any(AFTER_A_PASSIVE) && !is_adverb(n))
        // a timeline's "KIAM upgraded, breaking support for …": an event and what followed
        || tokens.get(k + 1).is_some_and(|t| t.lower == ",")
    {
        return;
    }
    // "Tickets ignored for a week pile up": a reduced relative clause; the sentence's verb
    // comes later and says what such things do.
    let later_verb = tokens[k + 1..]
        .iter()
        .take_while(|t| t.kind == Kind::Word)
        .any(|t| {
            t.is_any(&[
                "is", "are", "was", "were", "get", "gets", "become", "becomes", "stay", "stays",
                "remain", "remains", "pile", "piles", "end", "ends", "will", "can", "must",
                "should", "would", "tend", "tends",
            ])
        });
    if later_verb {
        return;
    }
    let p = &tokens[k];
    // Verbs whose subject does them as often as it has them done: "The orchestrator restarted
    // all three nodes", "The outage started when …", "The migration tool failed to detect …",
    // "The takedown request arrived on Friday": active, not a passive cut short.
    if lx.bases(&p.lower).iter().any(|b| {
        matches!(
            b.as_str(),
            "fail"
                | "start"
                | "end"
                | "restart"
                | "crash"
                | "arrive"
                | "default"
                | "begin"
                | "finish"
                | "continue"
                | "expire"
                | "recover"
                | "happen"
                | "occur"
                | "fire"
                | "spike"
                | "resolve"
        )
    }) {
        return;
    }
    let skipped = match lx.verb_in(&p.lower, &lx.omission) {
        Some("refuse") | Some("tolerate") | Some("rush") => false,
        Some("skip" | "miss") => safeguard_within(tokens, start, k - start),
        Some(_) => true,
        None => false,
    };
    let risky = clause_has_risk(tokens, k + 1)
        && !risk_is_only_an_adjective(tokens, k + 1)
        && !deliberate(&tokens[k + 1..]);
    // "No rollback plan prepared", "No proper handover given to the night shift": a step that
    // was someone's to do, done by no one
    let none_done = tokens[start].is_any(&["no", "zero"])
        && (lx.verb_in(&p.lower, &lx.diligence).is_some()
            || p.is_any(&[
                "given", "prepared", "done", "written", "made", "created", "taken", "raised",
                "filed", "planned", "agreed", "arranged", "assigned", "briefed",
            ]));
    if (skipped || risky || none_done)
        && !done_by_a_system(view, k + 1)
        && !explains(&tokens[k + 1..])
    {
        hits.push(hit(Form::PassiveOmission, Severity::Blame, start, k + 1));
    }
}

/// "closed as won't fix without being properly investigated", "merged without having been
/// reviewed": a check that people do, said to be skipped (not "without being checked by the
/// scheduler", nor when the sentence explains it).
pub(super) fn without_a_check(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    if !tokens[i].is("without") {
        return;
    }
    let mut k = i + 1;
    while let Some(w) = word(tokens, k) {
        if !(is_adverb(w) || w.is_any(&["being", "having", "been", "ever"])) {
            break;
        }
        k += 1;
    }
    // Only the passive: "without being tested", not "without testing" nor "without tests".
    if !word(tokens, k - 1).is_some_and(|w| w.is_any(&["being", "been"])) {
        return;
    }
    let Some(p) = word(tokens, k) else { return };
    let checked = lx.is_participle(&p.lower)
        && lx
            .bases(&p.lower)
            .iter()
            .any(|b| PASSIVE_CHECKS.contains(&b.as_str()));
    let by = skip_adverbs(tokens, k + 1);
    let by_system = word(tokens, by).is_some_and(|n| n.is("by"));
    if checked && !by_system && !explains(&tokens[k + 1..]) {
        hits.push(hit(Form::PassiveOmission, Severity::Blame, i, k + 1));
    }
}

/// "was posted in a public channel by the CI bot's logging": the clause names who or what did it,
/// and it is no person.
fn done_by_a_system(view: &View, from: usize) -> bool {
    system_agents(view, from).next().is_some()
}

/// Where the clause from `from` says "by" and then names a thing, not a person: the index of each
/// such "by".
fn system_agents<'v>(view: &'v View, from: usize) -> impl Iterator<Item = usize> + 'v {
    let tokens = view.tokens;
    (from..tokens.len())
        .take_while(|&m| tokens[m].is_word() || tokens[m].lower == "`")
        .filter(|&m| {
            tokens[m].is("by")
                && word(tokens, m + 1).is_some_and(|n| {
                    !n.is_any(&[
                        "mistake", "accident", "hand", "someone", "somebody", "nobody",
                    ])
                })
                && actor_at(tokens, m + 1, view.first).is_none_or(|a| a.possessive)
                // "by second engineer": an ordinal without its article still counts a person
                && !(word(tokens, m + 1).is_some_and(|n| n.is_any(ORDINALS))
                    && actor_at(tokens, m + 2, view.first).is_some_and(|a| !a.possessive))
        })
}

/// What someone may act to avoid: "to avoid a regulatory notification", "to dodge the review".
const SCRUTINY: &[&str] = &[
    "notification",
    "report",
    "reporting",
    "escalation",
    "review",
    "audit",
    "paperwork",
    "scrutiny",
    "detection",
    "deviation",
    "sign-off",
    "approval",
];

/// What makes a thing unfit for the work it was put to: "expired media were used".
const UNFIT: &[&str] = &[
    "expired",
    "unvalidated",
    "uncalibrated",
    "superseded",
    "outdated",
    "obsolete",
    "out-of-date",
    "unqualified",
    "unapproved",
    "non-validated",
    "non-calibrated",
    "non-approved",
    "non-qualified",
    "quarantined",
    "red-tagged",
];

/// Words that count people before a role: "by second engineer", "by other reviewers".
const ORDINALS: &[&str] = &["second", "third", "other", "another", "one", "two"];

/// Whether what makes the rest of a clause risky is only a word like "wrong" (said of a passive,
/// "was left on the wrong node" reports a state, not a lapse).
fn risk_is_only_an_adjective(tokens: &[Token], from: usize) -> bool {
    let rest = &tokens[from.min(tokens.len())..];
    let n = rest
        .iter()
        .take(16)
        .take_while(|t| t.kind == Kind::Word)
        .count();
    rest[..n]
        .iter()
        .any(|t| t.is_any(BAD_OBJECT) || t.is("wrong"))
        && !rest[..n].iter().any(|t| {
            t.is_any(&[
                "without",
                "despite",
                "straight",
                "directly",
                "public",
                "unread",
                "anyway",
                "bypassing",
            ])
        })
}

/// A passive that did the lesser thing "rather than" or "instead of" the diligent one: "the page
/// was snoozed rather than acted on", "the alert was acknowledged instead of investigated". Not a
/// system's choice between two non-diligent things ("was queued rather than processed").
pub(super) fn instead_of_acting(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    for r in view.first + 2..tokens.len().saturating_sub(2) {
        let instead = tokens[r].is("rather") && tokens[r + 1].is("than")
            || tokens[r].is("instead") && tokens[r + 1].is("of");
        if !instead {
            continue;
        }
        let Some(done) = word(tokens, r - 1).filter(|p| lx.is_participle(&p.lower)) else {
            continue;
        };
        let be = (view.first..r - 1)
            .rev()
            .take(3)
            .find(|&b| tokens[b].is_any(&["was", "were", "got", "been", "is", "are"]));
        let diligent = word(tokens, skip_adverbs(tokens, r + 2))
            .is_some_and(|v| lx.verb_in(&v.lower, &lx.diligence).is_some());
        if let (Some(be), true) = (be, diligent) {
            if lx.verb_in(&done.lower, &lx.diligence).is_none()
                && !done_by_a_system(view, r + 2)
                && !explains(&tokens[r..])
            {
                hits.push(hit(Form::PassiveOmission, Severity::Blame, be, r + 3));
                return;
            }
        }
    }
}

/// A step dropped or a check called unneeded, with the reason in the writer's scare quotes:
/// "Step 4 of the DR procedure was skipped because it was "slow"", "load testing was deemed
/// "not necessary"". The quotes hold someone's judgement up for doubt; the same sentence
/// without them gives a reason.
pub(super) fn judged_in_quotes(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    for (i, t) in tokens.iter().enumerate().skip(view.first) {
        if !t.is_any(&["was", "were"]) {
            continue;
        }
        let k = skip_adverbs(tokens, i + 1);
        let Some(p) = word(tokens, k) else { continue };
        let dropped = lx.bases(&p.lower).iter().any(|b| {
            matches!(
                b.as_str(),
                "skip" | "drop" | "cut" | "remove" | "disable" | "bypass" | "shelve" | "descope"
            )
        });
        // judged unneeded, in quotes: deemed "not necessary", considered "overkill"
        let judged = p.is_any(&["deemed", "considered", "judged"])
            && tokens[k + 1..].iter().take(6).any(|w| {
                w.is_any(&[
                    "not",
                    "unnecessary",
                    "overkill",
                    "optional",
                    "needed",
                    "necessary",
                    "worth",
                    "pointless",
                    "nice-to-have",
                    "excessive",
                ])
            });
        if !dropped && !judged {
            continue;
        }
        // the quote within the next few words, after the reason's opening
        let quoted = tokens[k + 1..].iter().take(6).position(is_quote);
        let reason_opens = tokens[k + 1..]
            .iter()
            .take(4)
            .any(|w| w.is_any(&["because", "as", "since", "deemed", "considered"]));
        if quoted.is_some() && (judged || reason_opens) {
            hits.push(hit(
                Form::PassiveOmission,
                Severity::Blame,
                i,
                (k + 1).min(tokens.len()),
            ));
            return;
        }
    }
}

/// Whether the clause of token `i` is a relative one about a thing: "…, which had not been
/// updated", "…, whose step order was not updated".
fn relative_clause(view: &View, i: usize) -> bool {
    let start = view.clause_start(i);
    start > view.first && view.tokens[start - 1].is("which") || view.tokens[start].is("whose")
}
