//! The person forms (person-omission, person-fault): what a clause says of its actor. The verb
//! after the actor (auxiliaries, adverbs, negation, "keeps" and a relative clause "who ..."
//! skipped) is looked up by its base form in the lists of omission verbs ("Kevin ignored the
//! alert"), diligence verbs whose negation is an omission ("the on-call did not check") and fault
//! verbs ("broke", "deleted", with their exceptions); any past-tense action counts when the rest
//! of its clause shows a risk taken or harm done ([`super::harm`]). A possessive counts too
//! ("Priyanka's script wiped ...", "Jenny's typo").
//!
//! Said by the writers of themselves, a fault is a report ("I deleted the namespace") unless it is
//! an idiom ("we screwed up") or comes with an apology, and an omission said in so many words ("we
//! forgot to") is a hint of hindsight.

use super::cause::ACTS;
use super::clauses::View;
use super::conduct::{credits, FINDING};
use super::harm::{harm_follows, harmful_verb, HARM};
use super::lapses::{disarms, ended_too_soon, left_on, phrasal_omission, safeguard_within};
use super::passive::NOT_FOR_PRODUCTION;
use super::reasons::{deliberate, purposeful};
use super::risk::{
    clause_has_risk, done_over, is_production, rather_than, system_within,
    work_aimed_at_production, RASH,
};
use super::words::{is_adverb, is_negation, is_quote, starts_with_digit, word, NEGATIONS};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, Actor, ActorKind, DETERMINERS};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::{Kind, Token};
use crate::hooks::blame::Severity;

/// Words after which "that" opens a reported statement, not a relative clause.
const SAYING: &[&str] = &[
    "said",
    "say",
    "says",
    "conclude",
    "concluded",
    "think",
    "thought",
    "believe",
    "seems",
    "seemed",
    "clear",
    "obvious",
    "appears",
    "evident",
    "suspect",
    "guess",
    "feel",
    "argue",
    "argued",
    "suggest",
    "reckon",
    "venture",
    "claimed",
    "true",
    "likely",
    "fact",
    "noted",
    "fair",
    "possible",
    "out",
    "found",
    "showed",
    "revealed",
    "discovered",
    "surprising",
    "strange",
    "amazing",
    "incredible",
    "unbelievable",
    "baffling",
];

/// What a clause says of its actor: an omission or a fault.
pub(super) fn actor_predicate(view: &View, actor: Actor) -> Option<Hit> {
    let tokens = view.tokens;
    let lx = &*LEXICON;
    // A possessive: the verb is said of what the person owns ("Priyanka's script wiped ...").
    let mut k = actor.end;
    if actor.possessive && possessed_fault(tokens, actor.end).is_none() {
        if actor.kind == ActorKind::Pronoun && tokens[actor.start].is("their") {
            return None;
        }
        // "the vendor's exporter had miscalculated", "the helpdesk vendor's tagging automation
        // mislabelled": a team's or a company's system acts, not its people.
        // (not "the carrier's network operations group": people)
        let owned = || {
            tokens[actor.end..(actor.end + 3).min(tokens.len())]
                .iter()
                .take_while(|t| t.is_word())
        };
        // (nor "Platform's half-finished cluster upgrade", "the contractor's code": their work)
        // (a vendor's update is its product: "the vendor's SDK update crashed")
        let vendor = tokens[actor.start..actor.end].iter().any(|t| {
            t.is_any(VENDORS)
                || t.lower
                    .strip_suffix("'s")
                    .is_some_and(|w| VENDORS.contains(&w))
        });
        let people = owned().any(|t| {
            lx.is_role(&t.lower)
                || lx.noun_in(&t.lower, &lx.groups)
                || !vendor && (t.is_any(ACTS) || t.is("code"))
        });
        if actor.kind != ActorKind::Name && owned().any(names_a_system) && !people {
            return None;
        }
        // "Jun-seo's analysis of the heap dumps", "Gaurav's report": work that found the fault
        // (not "the vendor's analysis is a document of such poor quality": judged)
        // (what it looked at or found may sound bad: "of the heap dumps", "traced the leak")
        let verb = (actor.end..tokens.len())
            .find(|&m| {
                tokens[m].is_any(&["is", "was", "are", "were"]) || lx.is_past(&tokens[m].lower)
            })
            .unwrap_or(tokens.len());
        if owned().any(|t| t.is_any(FINDINGS_OWNED))
            && !tokens[verb..]
                .iter()
                .take_while(|t| {
                    !credits(&t.lower) && !t.is_any(&["traced", "surfaced", "showed", "revealed"])
                })
                .any(|t| lx.negative.contains(t.lower.as_str()))
        {
            return None;
        }
        // "Priyanka's script wiped", "Wei Lin's config change at 14:02 broke": the verb within a
        // few words (a time may stand between).
        let mut found = false;
        for _ in 0..6 {
            k += 1;
            if word(tokens, k).is_some_and(predicate_starts) {
                found = true;
                break;
            }
            let time =
                tokens.get(k).is_some_and(|t| t.lower == ":") && starts_with_digit(&tokens[k - 1]);
            if tokens.get(k).is_some_and(|t| !t.is_word()) && !time {
                break;
            }
        }
        if !found {
            return None;
        }
    }
    // "if you deleted the namespace": a condition, not a report.
    if actor.start > 0 && tokens[actor.start - 1].is_any(&["if", "unless", "once"]) {
        return None;
    }
    // After "that"/"which", the actor is inside a relative clause ("a channel that nobody
    // monitors"): it describes a condition.
    // ("It could be said that support mishandled", after a verb of saying, is no relative.)
    let reported = actor.start > 1 && tokens[actor.start - 2].is_any(SAYING);
    if actor.start > 0 && tokens[actor.start - 1].is_any(&["that", "which", "whom"]) && !reported {
        return None;
    }
    if actor.possessive && actor.kind != ActorKind::Nobody {
        if let Some(end) = possessed_fault(tokens, actor.end) {
            return Some(hit(Form::PersonFault, Severity::Blame, actor.start, end));
        }
    }
    // "Raj and Mei skipped the review": the verb follows the last of coordinated actors.
    while !actor.possessive && word(tokens, k).is_some_and(|w| w.is("and")) {
        match actor_at(tokens, k + 1, view.first).filter(|a| !a.possessive) {
            Some(next) => k = next.end,
            None => break,
        }
    }
    // "Kevin, the on-call engineer, ignored the page", "Kevin, who was on call, ignored it": an
    // apposition or a relative clause between commas stands between the actor and its verb.
    if !actor.possessive && tokens.get(k).is_some_and(|t| t.lower == ",") {
        if let Some(close) = (k + 1..(k + 10).min(tokens.len()))
            .take_while(|&m| tokens[m].kind == Kind::Word || tokens[m].lower == ",")
            .find(|&m| tokens[m].lower == ",")
        {
            if close > k + 1 && word(tokens, close + 1).is_some() {
                k = close + 1;
            }
        }
    }
    // "the person who wrote the migration did not think", "whoever set up this job didn't
    // think": the main verb follows the relative clause.
    if word(tokens, k).is_some_and(|w| w.is("who")) || tokens[actor.start].is("whoever") {
        k = (k + 1..(k + 9).min(tokens.len()))
            .find(|&m| {
                tokens[m].kind != Kind::Word
                    || tokens[m].is_any(&[
                        "did",
                        "didn't",
                        "never",
                        "was",
                        "wasn't",
                        "had",
                        "hadn't",
                        "should",
                        "failed",
                        "forgot",
                        "neglected",
                    ])
            })
            .filter(|&m| tokens[m].kind == Kind::Word)?;
    }
    // A decision taken on purpose, or explained, is not a lapse.
    let rest = &tokens[k.min(tokens.len())..];
    let explained = deliberate(rest)
        || actor.kind == ActorKind::Writers && rest.iter().any(|t| t.is("because"));
    if explained {
        return None;
    }
    // "fell asleep and missed the page": a second verb of the same subject.
    let (kind, end) = predicate(tokens, k, actor.kind).or_else(|| {
        let and = (k..(k + 12).min(tokens.len()))
            .take_while(|&m| tokens[m].kind == Kind::Word)
            .find(|&m| tokens[m].is("and"))?;
        predicate(tokens, and + 1, actor.kind)
    })?;
    // "I nuked the staging db thinking it was my local, sorry sorry": an apology makes a
    // writer's own report an admission.
    let apologised = tokens
        .iter()
        .any(|t| t.is_any(&["sorry", "apologies", "oops", "whoops", "mea"]));
    let severity = match (actor.kind, kind) {
        (ActorKind::Writers, Predicate::Fault { idiom: true }) => Severity::Blame,
        (ActorKind::Writers, Predicate::Fault { .. }) if apologised => Severity::Blame,
        // "I deleted the namespace" is a report; "we forgot to" a hint.
        (ActorKind::Writers, Predicate::Fault { .. }) => return None,
        (ActorKind::Writers, _) if !explicit_omission(tokens, k, end) => return None,
        (ActorKind::Writers, _) => Severity::Hindsight,
        (ActorKind::Anyone, _) => return None,
        _ => Severity::Blame,
    };
    // "Gustavo missed the first page because the paging app logged him out": an omission a
    // system explains
    let system_explains = (end..tokens.len()).any(|m| {
        (tokens[m].is_any(&["because", "since"])
            || tokens[m].is("turns") && word(tokens, m + 1).is_some_and(|w| w.is("out")))
            && {
                // the subject of the explaining clause is a system: "because the paging app …"
                let k = if tokens[m].is("turns") { m + 2 } else { m + 1 };
                // (or a noun for what does a job: "the CSV importer", "the date filter")
                word(tokens, k).is_some_and(|d| d.is_any(&["the", "a", "an", "our", "its"]))
                    && (system_within(tokens, k + 1, 3)
                        || tokens[k + 1..]
                            .iter()
                            .take(3)
                            .take_while(|t| t.is_word())
                            .any(names_a_system))
            }
    });
    // (and "Bjørn's cleanup script deleted 4,000 slots because the date filter treated an empty
    // value as all dates": what a person's tool did, a system explains too)
    if (kind == Predicate::Omission || actor.possessive) && system_explains {
        return None;
    }
    // "Chen started the staged rollout on Friday evening, but a bug in the release tool skipped
    // the phased release": an act the sentence sets against what a system then did.
    if kind == (Predicate::Fault { idiom: false })
        && (system_did_otherwise(tokens, end, view.timeline) || answered_a_signal(tokens, end))
        || kind != (Predicate::Fault { idiom: true })
            && standing_gap_told(tokens, end, view.timeline)
    {
        return None;
    }
    // "Front desk not informed automatically": what was not done was a machine's job.
    if kind == Predicate::Omission
        && tokens[k..(end + 2).min(tokens.len())]
            .iter()
            .any(|t| t.is("automatically"))
    {
        return None;
    }
    let form = match kind {
        Predicate::Omission => Form::PersonOmission,
        Predicate::Fault { .. } => Form::PersonFault,
    };
    let mut h = hit(form, severity, actor.start, end);
    // A possessive name is the only part a safe rewrite can drop: "Priyanka's script" → "the script".
    if actor.possessive && actor.kind == ActorKind::Name && actor.end == actor.start + 1 {
        h.end = actor.end;
        h.replacement = Some(
            if actor.start == view.first {
                "The"
            } else {
                "the"
            }
            .to_owned(),
        );
    }
    Some(h)
}

/// What a person's work that found or told a fault is called: "Gaurav's analysis", "Ngozi's
/// report" (not "Sofía's rollback took down the ledger": an undoing can do harm too).
const FINDINGS_OWNED: &[&str] = &[
    "analysis",
    "investigation",
    "diagnosis",
    "report",
    "write-up",
    "writeup",
    "reconciliation",
    "timeline",
    "notes",
    "escalation",
];

/// Companies whose updates and products are things bought, not a team's work.
const VENDORS: &[&str] = &[
    "vendor",
    "vendors",
    "provider",
    "providers",
    "partner",
    "partners",
    "supplier",
    "suppliers",
    "isp",
    "carrier",
    "manufacturer",
];

/// Whether `t` names a system: a word of the systems list, or a noun for what does a job that is
/// no person's role ("exporter", "resolvers", "scheduler").
pub(super) fn names_a_system(t: &Token) -> bool {
    let lx = &*LEXICON;
    let agent = ["er", "ers", "or", "ors"]
        .iter()
        .any(|e| t.lower.ends_with(e))
        && lx.is_common_noun(&t.lower)
        && !lx.is_role(&t.lower)
        && !lx.noun_in(&t.lower, &lx.groups);
    lx.noun_in(&t.lower, &lx.systems) || agent
}

/// Verbs of what a tool does by standing rule, told in the present tense: "the portal rejects file
/// names with a dash", "the importer ignores the field".
const STANDING_RULES: &[&str] = &["reject", "ignore", "drop", "skip", "accept"];

/// Whether a clause of its own after `from` tells a standing gap, in the present tense, that the
/// act met: "…; the offline action drops all positions, and the admin UI does not say so", "…;
/// the farm has no idle-session reaper", "…; the review team aren't in that channel", "…, and the
/// console shows no cross-project usage", "… because the portal rejects file names with a dash".
/// The gap, not the act, is then what the sentence gives as the cause. (Not in a timeline, whose
/// clauses tell what happened next.)
fn standing_gap_told(tokens: &[Token], from: usize, timeline: bool) -> bool {
    let lx = &*LEXICON;
    // a verb in the third person singular of the present: "rejects", "shows" (not "process")
    let present =
        |t: &Token| t.lower.ends_with('s') && !t.lower.ends_with("ss") && lx.can_be_verb(&t.lower);
    let gap = |w: &[&Token]| {
        w[0].is_any(&["doesn't", "don't", "isn't", "aren't", "lacks", "lack"])
            || w[0].is_any(&["does", "do"]) && w[1].is("not")
            // "has no field for it", "shows no cross-project usage"
            || (w[0].is_any(&["has", "have", "is", "are"]) || present(w[0])) && w[1].is("no")
            || present(w[0])
                && lx
                    .bases(&w[0].lower)
                    .iter()
                    .any(|b| STANDING_RULES.contains(&b.as_str()))
            || w[0].is("only") && w[1].lower.ends_with('s')
    };
    !timeline
        && (from..tokens.len()).any(|m| {
            let opens = tokens[m].lower == ";"
                || tokens[m].lower == "," && word(tokens, m + 1).is_some_and(|w| w.is("and"))
                || tokens[m].is("because");
            opens && {
                let clause: Vec<&Token> = tokens[m + 1..]
                    .iter()
                    .take(10)
                    .take_while(|t| t.is_word() || t.lower == "'")
                    .collect();
                clause.windows(2).any(gap)
            }
        })
}

/// Whether a clause after `from` opens with "but" or "because" and a system or a defect as its
/// subject: "…, but the vendor's console applied it site-wide", "…, but a scoping bug …", "…
/// because the migration tool picked a blocking ALTER".
fn system_did_otherwise(tokens: &[Token], from: usize, timeline: bool) -> bool {
    (from..tokens.len()).any(|m| {
        // (or a clause of its own: "Priya pushed the fee change on Friday evening; a caching
        // bug in the pricing service then double-charged card holders")
        // (not in a timeline, where clauses side by side tell what one act did: "19:01 Lars
        // force-pushes main; release branch loses three commits")
        (tokens[m].is_any(&["but", "because"]) || tokens[m].lower == ";" && !timeline)
            // (not "…, but it was prod": what the act met; nor "because of that": the act)
            && word(tokens, m + 1).is_some_and(|d| !d.is_any(&["it", "it's", "this", "that"]))
            && !(word(tokens, m + 1).is_some_and(|d| d.is("of"))
                && word(tokens, m + 2).is_some_and(|d| d.is_any(&["it", "this", "that", "which"])))
            && (m + 1..(m + 4).min(tokens.len()))
                .take_while(|&k| tokens[k].is_word())
                .any(|k| {
                    system_within(tokens, k, 1)
                        || tokens[k].is_any(&["bug", "flaw", "defect", "race", "regression"])
                })
    })
}

/// Whether the act's clause from `from` says what prompted it: "paused the backfill when the read
/// replicas fell twelve minutes behind", "disabled the scoring rule when it began declining
/// legitimate payments", "muted the alarm after it fired 200 times". A response to what a system
/// showed, not a fault of its own (what came of it is told, and judged, by other forms).
pub(super) fn answered_a_signal(tokens: &[Token], from: usize) -> bool {
    const SIGNALLED: &[&str] = &[
        "began", "started", "crossed", "fired", "fell", "blocked", "spiked", "tripped", "alerted",
        "exceeded", "hit", "reached", "showed", "froze",
    ];
    // (not "kept the cutover going even after the packet loss started": going on over it; nor
    // "…, and they were still off when the replica fell behind"; nor "when he meant to hit
    // staging": the person's own aim)
    (from..(from + 14).min(tokens.len()))
        .take_while(|&m| {
            (tokens[m].is_word() || matches!(tokens[m].lower.as_str(), "," | ":"))
                && !tokens[m].is_any(&["and", "but", "so"])
        })
        .find(|&m| tokens[m].is_any(&["when", "once", "after"]))
        .is_some_and(|m| {
            !tokens[m - 1].is("even")
                && !word(tokens, m + 1).is_some_and(|w| {
                    w.is_any(&["he", "she", "i", "we", "you", "they"])
                        || actor_at(tokens, m + 1, 0).is_some()
                })
                && tokens[m + 1..]
                    .iter()
                    .take(6)
                    .take_while(|t| t.is_word())
                    .any(|t| t.is_any(SIGNALLED))
        })
}

/// Whether a "kept … running" or "continued to …" after the verb at `from` (its bases in
/// `verb`) goes on past a warning: "kept the tablet press running after the hardness checks
/// started failing", "continued to run the extruder after the melt pressure alarm" (not "kept the
/// site running after the failover").
fn went_on_through_a_warning(tokens: &[Token], from: usize, verb: &[String]) -> bool {
    const WARNINGS: &[&str] = &[
        "alarm", "alarms", "alert", "alerts", "warning", "warnings", "failing", "failed", "errors",
        "spiked", "tripped", "fired", "flagged",
    ];
    let kept = verb.iter().any(|b| b == "keep")
        && tokens[from.min(tokens.len())..]
            .iter()
            .take(5)
            .take_while(|t| t.is_word())
            .any(|t| {
                t.is_any(&[
                    "running",
                    "going",
                    "working",
                    "operating",
                    "open",
                    "live",
                    "on",
                ])
            });
    let continued =
        verb.iter().any(|b| b == "continue") && word(tokens, from).is_some_and(|n| n.is("to"));
    (kept || continued)
        && (from..(from + 10).min(tokens.len()))
            .take_while(|&m| tokens[m].is_word())
            .find(|&m| tokens[m].is_any(&["after", "while", "despite", "though"]))
            .is_some_and(|m| {
                tokens[m + 1..]
                    .iter()
                    .take(7)
                    .take_while(|t| t.is_word())
                    .any(|t| t.is_any(WARNINGS))
            })
}

/// A fault as a noun, after the one whose fault it was: "Jenny's typo", "the engineer's failure
/// to check", "my own complacency".
pub(super) const FAULT_NOUNS: &[&str] = &[
    "mistake",
    "error",
    "typo",
    "oversight",
    "blunder",
    "slip",
    "fault",
    "negligence",
    "carelessness",
    "failure",
    "inattention",
    "screw-up",
    "screwup",
    "misconfiguration",
    "refusal",
    "inability",
    "laziness",
    "incompetence",
    "inexperience",
    "ignorance",
    "arrogance",
    "complacency",
    "overconfidence",
    "sloppiness",
    "slowness",
    "tardiness",
    "recklessness",
    "impatience",
    "misunderstanding",
];

/// After a possessive: "Jenny's typo", "the engineer's failure to check", "the on-call's slow
/// response". Returns the index past the noun.
fn possessed_fault(tokens: &[Token], from: usize) -> Option<usize> {
    const FAULT_ADJECTIVES: &[&str] = &[
        "slow",
        "late",
        "careless",
        "sloppy",
        "botched",
        "hasty",
        "rushed",
        "reckless",
        "untested",
        "unreviewed",
        "buggy",
        "bad",
        "poor",
        "wrong",
        "faulty",
        "broken",
    ];
    for k in from..(from + 3).min(tokens.len()) {
        let t = word(tokens, k)?;
        if t.is_any(FAULT_NOUNS) {
            let to_do = t.is_any(&["failure", "refusal", "inability"]);
            return (!to_do || word(tokens, k + 1).is_some_and(|n| n.is("to"))).then_some(k + 1);
        }
        if t.is_any(FAULT_ADJECTIVES) {
            let noun = word(tokens, k + 1)?;
            let timely = t.is_any(&["slow", "late"]);
            let response = noun.is_any(&[
                "response",
                "reaction",
                "reply",
                "escalation",
                "ack",
                "acknowledgement",
                "handover",
            ]);
            return (!timely || response).then_some(k + 2);
        }
    }
    None
}

/// An omission said in so many words ("forgot", "failed to", "overlooked"), not a "did not".
fn explicit_omission(tokens: &[Token], from: usize, end: usize) -> bool {
    let lx = &*LEXICON;
    tokens[from..end.min(tokens.len())].iter().any(|t| {
        lx.verb_in(&t.lower, &lx.omission).is_some() || t.lower.starts_with("fail") || t.is("let")
    })
}

fn predicate_starts(t: &Token) -> bool {
    let lx = &*LEXICON;
    lx.is_past(&t.lower)
        || lx.fault_verb(&t.lower).is_some()
        || lx.verb_in(&t.lower, &lx.omission).is_some()
        || t.is_any(&["was", "were", "keeps", "kept", "never", "didn't"])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Predicate {
    Omission,
    /// `idiom`: a fault people say of themselves ("we screwed up"), blame even from the writers.
    Fault {
        idiom: bool,
    },
}

/// Verbs of taking something out of service: a remedy when the thing is a harmful one.
const TAKING_OUT: &[&str] = &[
    "pull",
    "remove",
    "drain",
    "isolate",
    "quarantine",
    "cordon",
    "withdraw",
    "stop",
    "block",
    "kill",
    "disable",
    "unpublish",
    "yank",
    "retract",
    "evict",
];

/// Words that say a thing itself does harm: "the broken build", "the offending rule".
const HARMFUL_THINGS: &[&str] = &[
    "broken",
    "buggy",
    "faulty",
    "bad",
    "offending",
    "failing",
    "corrupt",
    "corrupted",
    "rogue",
    "runaway",
    "misbehaving",
    "compromised",
];

/// Objects whose removal is housekeeping, not harm.
const HOUSEKEEPING: &[&str] = &[
    "stale",
    "old",
    "unused",
    "temporary",
    "obsolete",
    "orphaned",
    "expired",
    "duplicate",
    "leftover",
    "dangling",
    "test",
    "scratch",
    "spam",
    "fake",
];

/// The predicate starting at token `j`: `(kind, index past its verb)`.
pub(super) fn predicate(
    tokens: &[Token],
    j: usize,
    actor: ActorKind,
) -> Option<(Predicate, usize)> {
    let lx = &*LEXICON;
    let mut k = j;
    let mut negated = false;
    let mut habitual = false;
    let mut be = false;
    // "Kevin blindly ran ...": a rash adverb before the verb
    let mut rash = false;
    for _ in 0..6 {
        // scare quotes: were "too busy" to look
        while tokens.get(k).is_some_and(is_quote) {
            k += 1;
        }
        let t = word(tokens, k)?;
        if t.is_any(&["did", "do", "does"]) && word(tokens, k + 1).is_some_and(|n| n.is("nothing"))
        {
            return Some((Predicate::Omission, k + 2));
        }
        if is_negation(t) {
            negated = true;
            if t.is_any(&[
                "didn't", "don't", "doesn't", "haven't", "hasn't", "hadn't", "won't",
            ]) || t.is_any(NEGATIONS)
            {
                k += 1;
                continue;
            }
            if t.is_any(&["wasn't", "weren't", "isn't", "aren't"]) {
                be = true;
                k += 1;
                continue;
            }
            return None; // shouldn't, couldn't: the counterfactual form's business
        }
        if t.is_any(&["has", "have", "had"]) {
            if let Some(end) = had_warning(tokens, k + 1) {
                return Some((Predicate::Omission, end));
            }
        }
        if t.is_any(&["did", "does", "do", "has", "have", "had", "will", "'ve"]) {
            // "had" as a main verb ("Kevin had no access") stops at the next word.
            k += 1;
            continue;
        }
        if t.is_any(&["was", "were", "is", "are", "been", "be", "being"]) {
            be = true;
            k += 1;
            continue;
        }
        if t.is_any(&[
            "should", "could", "would", "might", "must", "ought", "can", "may", "need", "needs",
        ]) {
            return None;
        }
        if t.is_any(&[
            "keep",
            "keeps",
            "kept",
            "continue",
            "continues",
            "continued",
        ]) && word(tokens, k + 1).is_some_and(|n| n.lower.ends_with("ing"))
        {
            habitual = true;
            k += 1;
            continue;
        }
        if is_adverb(t) {
            rash |= t.is_any(RASH);
            k += 1;
            continue;
        }
        // "didn't seem to take the warning seriously", "appears to have misjudged"
        if t.is_any(&["seem", "seems", "seemed", "appear", "appears", "appeared"])
            && word(tokens, k + 1).is_some_and(|n| n.is("to"))
        {
            k += 2;
            continue;
        }
        break;
    }
    let verb = word(tokens, k)?;
    let v = verb.lower.as_str();
    // The verb's candidate base forms, looked up once for every test below.
    let bases = lx.bases(v);
    let end = k + 1;
    // "did nothing", "never ... anything"
    if bases.iter().any(|b| b == "do") && word(tokens, end).is_some_and(|n| n.is("nothing")) {
        return Some((Predicate::Omission, end + 1));
    }
    // "nobody did anything"
    if actor == ActorKind::Nobody && v == "anything" && k > 0 && tokens[k - 1].is("did") {
        return Some((Predicate::Omission, end));
    }
    // "signed off on a 3,000-line diff in four minutes": approval faster than reading
    if bases
        .iter()
        .any(|b| matches!(b.as_str(), "approve" | "review" | "sign" | "merge"))
        && tokens[end..].windows(3).take(10).any(|w| {
            w[0].is("in")
                && (starts_with_digit(&w[1])
                    || w[1].is_any(&["two", "three", "four", "five", "ten", "a", "under"]))
                && w[2].is_any(&["minutes", "minute", "seconds", "second", "mins", "secs"])
        })
    {
        return Some((Predicate::Fault { idiom: false }, end));
    }
    // "let the contract lapse", "let it slip through the cracks", "let the page ring out": a
    // thing left to go unattended (not "let the job finish": that is a decision).
    // ("let the zone signing keys run out", "let the tank run dry")
    let ran_out = tokens[end..]
        .windows(2)
        .take(8)
        .any(|w| w[0].is_any(&["run", "running"]) && w[1].is_any(&["out", "dry", "down", "low"]));
    if v == "let"
        && (ran_out
            || tokens[end..].iter().take(8).any(|t| {
                t.is_any(&[
                    "lapse", "slip", "slide", "expire", "rot", "ring", "languish", "fester",
                    "drift", "pile", "stack",
                ])
            }))
    {
        return Some((Predicate::Omission, end));
    }
    if !negated && v == "left" {
        if let Some(end) = left_on(tokens, end) {
            return Some((Predicate::Omission, end));
        }
    }
    if !negated && !be && !v.ends_with("ing") {
        if let Some(end) = disarms(tokens, k) {
            return Some((Predicate::Fault { idiom: false }, end));
        }
    }
    if !be && !habitual && v.ends_with("ing") && !matches!(v, "thing" | "bring" | "sing" | "ring") {
        return None; // "Ingress causing ...": not a finite verb
    }
    let progressive = be && verb.lower.ends_with("ing") && verb.lower.len() > 5;
    if progressive {
        // "has been ignoring", "are not prioritising": a progressive, said like the simple verb.
        be = false;
    }
    if be {
        // "was too slow to respond", "was supposed to check ... but didn't"
        // ("were far too slow to telephone the results through")
        let slow = verb.is_any(&["too", "far", "very"])
            && (word(tokens, end).is_some_and(|n| n.is("slow"))
                || word(tokens, end).is_some_and(|n| n.is("too"))
                    && word(tokens, end + 1).is_some_and(|n| n.is("slow")))
            || verb.is("slow") && word(tokens, end).is_some_and(|n| n.is("to"));
        let supposed = verb.is("supposed")
            && word(tokens, end).is_some_and(|n| n.is("to"))
            && word(tokens, end + 1).is_some_and(|n| lx.verb_in(&n.lower, &lx.diligence).is_some());
        // Singling out: blame even when the writer singles out themselves.
        if let Some(end) = the_one_who(tokens, k) {
            return Some((Predicate::Fault { idiom: true }, end));
        }
        // Otherwise ("Kevin was told", "the team is responsible for the outage") the passive
        // and responsibility forms handle it.
        return (slow || supposed).then_some((Predicate::Omission, end + 2));
    }
    if actor == ActorKind::Nobody {
        // "nobody did anything", "nobody seems to care"
        let seems_to_care = verb.is_any(&["seems", "seemed", "appears", "appeared"])
            && word(tokens, end).is_some_and(|n| n.is("to"))
            && word(tokens, end + 1)
                .is_some_and(|n| n.is_any(&["care", "bother", "notice", "check", "look", "mind"]));
        if seems_to_care {
            return Some((Predicate::Omission, end + 1));
        }
        // "nobody checked", "nobody bothered to read": an omission said of everyone.
        let diligent =
            lx.verb_in(v, &lx.diligence).is_some() || lx.verb_in(v, &lx.omission).is_some();
        return (!negated && diligent).then_some((Predicate::Omission, end));
    }
    // ("has been sitting on the request" too)
    if let Some(past) =
        phrasal_omission(tokens, k).filter(|_| !negated && (progressive || !v.ends_with("ing")))
    {
        return Some((Predicate::Omission, past));
    }
    if let Some(base) = lx.verb_in(v, &lx.omission) {
        if negated {
            return None;
        }
        let ok = match base {
            // "missed the alert", but not "missed lunch" or "we are missing alerts" (a lack)
            "miss" => !v.ends_with("ing") && safeguard_within(tokens, end, 4),
            // A person who skips a thing skips a step ("skipped the vacuum window", "skipped
            // the review"), unless it was planned or had a purpose; "skipped ahead" is no step.
            "skip" => {
                !v.ends_with("ing")
                    && (safeguard_within(tokens, end, 4)
                        || word(tokens, end).is_some_and(|n| n.is_any(DETERMINERS))
                            && !deliberate(&tokens[end..])
                            && !purposeful(tokens, end))
            }
            // "rushed the migration", not "rushed to the office"
            "rush" => word(tokens, end)
                .is_some_and(|n| !n.is_any(&["to", "back", "in", "over", "into", "off"])),
            "refuse" | "neglect" | "forget" => true,
            _ => true,
        };
        return ok.then_some((Predicate::Omission, end));
    }
    if bases.iter().any(|b| b == "fail") && word(tokens, end).is_some_and(|n| n.is("to")) {
        // "failed to verify": an omission when what failed was a person's.
        return (!negated).then_some((Predicate::Omission, end + 2));
    }
    // (not "never got the alert email", "never received the page": what did not reach them;
    // but "never got around to it")
    let not_delivered = bases
        .iter()
        .any(|b| matches!(b.as_str(), "get" | "receive"))
        && !word(tokens, end).is_some_and(|n| n.is_any(&["around", "round", "to"]));
    if negated
        && tokens[j..k].iter().any(|t| t.is("never"))
        && lx.is_past(v)
        && actor != ActorKind::Writers
        && !not_delivered
    {
        // "Chidinma never replied", "never tested it"
        return Some((Predicate::Omission, end));
    }
    // "has not done the needed changes", "didn't do their part"
    if negated
        && bases.iter().any(|b| b == "do")
        && tokens[end..].iter().take(4).any(|t| {
            t.is_any(&[
                "changes",
                "change",
                "work",
                "job",
                "part",
                "homework",
                "updates",
                "upgrade",
                "migration",
                "tasks",
                "task",
                "checks",
                "review",
                "testing",
                "follow-up",
            ])
        })
    {
        return Some((Predicate::Omission, end));
    }
    // "did not cascade the message to the wards until prompted": done only when someone else
    // asked for it
    let until_prompted = tokens[end..]
        .windows(2)
        .take(12)
        .take_while(|w| w[0].is_word())
        .any(|w| {
            w[0].is("until")
                && w[1].is_any(&[
                    "prompted", "reminded", "chased", "asked", "told", "nudged", "pushed",
                ])
        });
    if negated && until_prompted {
        return Some((Predicate::Omission, end));
    }
    if negated {
        let diligent = lx.verb_in(v, &lx.diligence).is_some()
            && (v != "look" || word(tokens, end).is_some_and(|n| n.is_any(&["at", "into"])))
            // "the rotation didn't pick up", "never picked up the page"
            || bases.iter().any(|b| b == "pick") && word(tokens, end).is_some_and(|n| n.is("up"));
        return diligent.then_some((Predicate::Omission, end));
    }
    // "kept ignoring the alerts", "keeps pushing to main" (not "the dashboard kept working",
    // "kept investigating": doing one's work; nor "kept selling seats … because the
    // cancellation message never reached the inventory system": a system's fault explains it)
    if habitual
        && !credits(v)
        && !deliberate(&tokens[end..])
        && !(end..tokens.len()).any(|m| {
            tokens[m].is("because")
                && word(tokens, m + 1).is_some_and(|d| d.is_any(&["the", "its", "a", "an"]))
                && actor_at(tokens, m + 1, 0).is_none()
        })
        && !bases.iter().any(|b| {
            matches!(
                b.as_str(),
                "work" | "serve" | "help" | "try" | "investigate" | "monitor" | "watch" | "look"
            )
        })
    {
        return Some((Predicate::Fault { idiom: false }, end));
    }
    if let Some(base) = lx.fault_verb(v) {
        let next = word(tokens, end);
        let ok = match base {
            "break" => {
                !next.is_some_and(|n| {
                    n.is_any(&[
                        "down", "out", "through", "even", "ground", "up", "off", "in",
                    ])
                }) && !tokens[end..]
                    .iter()
                    .take(5)
                    .any(|t| t.is_any(&["into", "apart", "news"]))
            }
            "cause" => {
                !next.is_some_and(|n| n.is_any(&["no", "none", "zero", "little", "minimal"]))
            }
            "drop" => {
                next.is_some_and(|n| n.is("the"))
                    && (tokens.get(end + 1).is_some_and(|n| n.is("ball"))
                        || system_within(tokens, end, 3))
            }
            "introduce" => tokens[end..].iter().take(5).any(|t| t.is_any(HARM)),
            // "pasted the policy from the wiki", "dumped the raw customer table into a shared
            // bucket" (not "pasted the error message into the incident channel for the
            // responders": what others were meant to read)
            "paste" | "dump" => !tokens[end..]
                .iter()
                .take(12)
                .take_while(|t| t.kind == Kind::Word)
                .any(|t| t.is_any(&["for", "so"])),
            "mess" | "screw" => tokens[end..].iter().take(3).any(|n| n.is("up")),
            _ => true,
        };
        // "deleted the stale records", "dropped the temporary index": housekeeping.
        let housekeeping = tokens[end..].iter().take(4).any(|t| t.is_any(HOUSEKEEPING));
        let ok = ok && !housekeeping && !purposeful(tokens, end);
        let idiom = matches!(base, "mess" | "screw" | "botch" | "bungle")
            || base == "drop" && tokens.get(end + 1).is_some_and(|n| n.is("ball"));
        let end = if matches!(base, "mess" | "screw") {
            end + 1
        } else {
            end
        };
        if ok {
            return Some((Predicate::Fault { idiom }, end));
        }
        // Not a fault by the verb alone ("dropped the partition"), but the risk checks below
        // may still find one ("dropped the wrong partition"); housekeeping and a purpose not.
        if housekeeping || purposeful(tokens, end) {
            return None;
        }
    }
    // "overrode the engineers' concerns", "brushed aside the warnings": a warning set aside
    if bases.iter().any(|b| {
        matches!(
            b.as_str(),
            "override" | "overrule" | "dismiss" | "disregard"
        )
    }) && tokens[end..]
        .iter()
        .take(5)
        // ("the engineers' concerns": a possessive's apostrophe stays inside the object)
        .take_while(|t| t.is_word() || t.lower == "'")
        .any(|t| t.is_any(&["concerns", "concern", "warnings", "warning", "advice"]))
    {
        return Some((Predicate::Fault { idiom: false }, end));
    }
    // A verb of harm from the general sentiment lexicon: "ruined the launch", "sabotaged".
    if harmful_verb(v) {
        return Some((Predicate::Fault { idiom: false }, end));
    }
    // "the weekend crew went dark", "acme went silent on our sev1": people who stopped answering
    if !negated
        && v == "went"
        && word(tokens, end)
            .is_some_and(|n| n.is_any(&["dark", "silent", "quiet", "awol", "missing"]))
        && actor != ActorKind::Writers
        // (not "the office went dark": a place)
        && !tokens[j.saturating_sub(2)..j]
            .iter()
            .any(|t| t.is_any(&["office", "site", "floor", "building", "campus", "store"]))
    {
        return Some((Predicate::Omission, end + 1));
    }
    // "made a mistake", "made the wrong call"
    if v == "made" || v == "make" || v == "makes" {
        let object: Vec<&str> = tokens[end..]
            .iter()
            .take(4)
            .map(|t| t.lower.as_str())
            .collect();
        let mistake = object.iter().any(|w| {
            matches!(
                *w,
                "mistake" | "mistakes" | "blunder" | "error" | "errors" | "oversight" | "misstep"
            )
        })
            // "made a right mess of the cutover", "made a hash of the migration"
            || object.iter().any(|w| matches!(*w, "mess" | "hash" | "pig's" | "dog's"))
                && tokens[end..].iter().take(5).any(|t| t.is("of"));
        let bad_call = object.iter().any(|w| {
            matches!(
                *w,
                "wrong" | "bad" | "poor" | "terrible" | "careless" | "questionable"
            )
        }) && object.iter().any(|w| {
            matches!(
                *w,
                "call" | "decision" | "choice" | "judgement" | "judgment"
            )
        });
        if mistake || bad_call {
            return Some((Predicate::Fault { idiom: true }, end + 3));
        }
    }
    // "took down production", "knocked over the primary", "blew away the volume"
    if lx.is_past(v) {
        let next = word(tokens, end);
        let particle = match bases.iter().find_map(|b| {
            ["take", "bring", "knock", "blow"]
                .into_iter()
                .find(|x| x == b)
        }) {
            Some("take") | Some("bring") => {
                next.is_some_and(|n| n.is("down"))
                    // "took the API down", not "took the old nodes down for patching"
                    || (end + 1..(end + 5).min(tokens.len()))
                        .take_while(|&m| tokens[m].is_word())
                        .find(|&m| tokens[m].is_any(&["down", "offline"]))
                        .is_some_and(|m| {
                            !purposeful(tokens, m + 1)
                                && !word(tokens, m + 1).is_some_and(|n| n.is("for"))
                        })
            }
            Some("knock") => next.is_some_and(|n| n.is_any(&["over", "out", "down"])),
            Some("blow") => next.is_some_and(|n| n.is_any(&["away", "up", "it"])),
            _ => false,
        };
        if particle {
            return Some((Predicate::Fault { idiom: false }, end + 1));
        }
        // "approved his own pull request"
        if tokens[end..].iter().take(3).any(|t| t.is("own"))
            && bases
                .iter()
                .any(|b| matches!(b.as_str(), "approve" | "review" | "merge"))
        {
            return Some((Predicate::Fault { idiom: false }, end));
        }
        // "paid the same carrier invoice three times", "applied the portability batch twice":
        // one piece of work done over (not "ran the same query three times to confirm the
        // count", "restarted the router twice per runbook")
        if done_over(tokens, end, &bases) && !purposeful(tokens, end) && !deliberate(&tokens[end..])
        {
            return Some((Predicate::Fault { idiom: false }, end));
        }
        // A risky action: "pushed the broken config", "merged it without review", "despite"
        // (not finding what is wrong: "identified the wrong image tag")
        let found = bases.iter().any(|b| FINDING.contains(&b.as_str()));
        // (nor a remedy: "rotated the token after the alert in the public channel", "rolled back
        // the change on Friday evening")
        let remedy = bases.iter().any(|b| {
            matches!(
                b.as_str(),
                "rotate"
                    | "revoke"
                    | "revert"
                    | "restore"
                    | "fix"
                    | "patch"
                    | "mitigate"
                    | "reverse"
                    | "undo"
                    | "halt"
                    | "replace"
                    | "repair"
            ) || b == "roll" && word(tokens, end).is_some_and(|n| n.is("back"))
                // "flipped it back", "turned them back on"
                || word(tokens, end).is_some_and(|n| n.is_any(&["it", "them"]))
                    && word(tokens, end + 1).is_some_and(|n| n.is("back"))
        }) && !tokens[end..]
            .iter()
            .take(10)
            .any(|t| t.is_any(&["wrong", "incorrect", "no", "nobody"]));
        // "removed the production tables", "wiped the live bucket"
        let destroyed_production = bases.iter().any(|b| {
            matches!(
                b.as_str(),
                "remove" | "delete" | "drop" | "wipe" | "truncate" | "purge" | "erase"
            )
        }) && {
            let object: Vec<&Token> = tokens[end..]
                .iter()
                .take(4)
                .take_while(|t| t.is_word())
                .collect();
            object.iter().any(|t| is_production(t))
                && object.iter().any(|t| {
                    t.is_any(&[
                        "table",
                        "tables",
                        "database",
                        "db",
                        "data",
                        "bucket",
                        "records",
                        "rows",
                        "volume",
                        "volumes",
                        "index",
                        "cluster",
                        "namespace",
                        "backups",
                    ])
                })
        };
        let shipped_defective = shipped_with_a_defect(tokens, end, &bases);
        // "ran the purge job on the live tracking table", "ran the breaker-failure test on the
        // live bus" (not "as scheduled")
        let aimed_at_production =
            work_aimed_at_production(tokens, end, &bases) && !deliberate(&tokens[end..]);
        // "kept the tablet press running after the hardness checks started failing", "continued
        // to run the extruder after the melt pressure alarm": going on through a warning
        let went_on_through_a_warning = went_on_through_a_warning(tokens, end, &bases)
            // "kept quiet about the chain wear until the chain parted": a warning kept back
            || bases.iter().any(|b| b == "keep")
                && word(tokens, end).is_some_and(|n| n.is_any(&["quiet", "silent", "mum"]));
        // "closed the incident while the error rate was still climbing"
        let closed_too_soon = ended_too_soon(tokens, &bases, end, true);
        // (nor taking a bad thing out of service: "pulled the broken build", "drained the bad
        // backend", "removed the faulty node from the pool"; but "removed the wrong node" is a
        // mistake)
        let took_out_the_bad = bases.iter().any(|b| TAKING_OUT.contains(&b.as_str()))
            && tokens[end..]
                .iter()
                .take(4)
                .take_while(|t| t.is_word())
                .any(|t| t.is_any(HARMFUL_THINGS));
        if rash
            || clause_has_risk(tokens, end) && !found && !remedy && !took_out_the_bad
            || rather_than(tokens, end)
            || harm_follows(tokens, end)
            || destroyed_production
            || aimed_at_production
            || went_on_through_a_warning
            || closed_too_soon
            || shipped_defective
        {
            return Some((Predicate::Fault { idiom: false }, end));
        }
    }
    // "the analytics people treat alerts as suggestions": a habit, said in the present
    if bases.iter().any(|b| b == "treat") && clause_has_risk(tokens, end) {
        return Some((Predicate::Fault { idiom: false }, end));
    }
    let _ = actor;
    None
}

/// Verbs of sending work out to those who use it.
const DELIVERING: &[&str] = &[
    "ship", "send", "release", "publish", "deliver", "deploy", "push", "image", "launch", "issue",
    "print", "upload", "roll",
];

/// Words that say a part of what was sent out was wrong: "with the field mapping reversed", "with
/// the dosing table from the old label".
const DEFECTS: &[&str] = &[
    "wrong",
    "reversed",
    "swapped",
    "inverted",
    "broken",
    "old",
    "stale",
    "outdated",
    "expired",
    "unredacted",
];

/// "shipped the sync with the field mapping reversed", "sent the newsletter with a staging
/// link", "shipped the model with the test weights": work sent out with a part that was wrong
/// (not "shipped the fix with a regression test", "with test coverage", "with the debug flag
/// off"). `from` is past the verb.
fn shipped_with_a_defect(tokens: &[Token], from: usize, bases: &[String]) -> bool {
    if !bases.iter().any(|b| DELIVERING.contains(&b.as_str())) {
        return false;
    }
    let Some(with) = (from..(from + 8).min(tokens.len()))
        .take_while(|&m| tokens[m].is_word())
        .find(|&m| tokens[m].is("with"))
    else {
        return false;
    };
    // (not "… with placeholder text because untranslated strings fall back to their keys")
    let explained = tokens[from..].iter().any(|t| t.is("because"));
    !explained
        && (with + 1..(with + 8).min(tokens.len()))
            .take_while(|&m| tokens[m].is_word())
            .any(|m| {
                tokens[m].is_any(DEFECTS)
                // a thing made for testing, in a phrase of its own: "the test weights"
                || tokens[m].is_any(NOT_FOR_PRODUCTION)
                    && tokens[m - 1].is_any(&["the", "a", "an", "its", "their", "his", "her"])
                    && word(tokens, m + 1).is_some_and(|n| {
                        !n.is_any(&[
                            "plan", "plans", "coverage", "suite", "suites", "case", "cases",
                            "run", "runs", "results", "pass", "flag", "flags", "mode",
                        ])
                    })
                    // ("with the debug menu turned off": a test thing taken out)
                    && !tokens[m + 1..].iter().take(4).any(|t| {
                        t.is_any(&["off", "disabled", "removed", "hidden", "stripped", "out"])
                    })
            })
}

/// "(infra had) six months' warning", "plenty of notice": time to act, given and not used.
/// Returns the index past the noun.
fn had_warning(tokens: &[Token], from: usize) -> Option<usize> {
    let words: Vec<usize> = (from..(from + 5).min(tokens.len()))
        .filter(|&k| tokens[k].is_word())
        .collect();
    let notice = words
        .iter()
        .copied()
        .find(|&k| tokens[k].is_any(&["warning", "notice", "heads-up", "warnings", "notices"]))?;
    let ample = words.iter().take_while(|&&k| k < notice).any(|&k| {
        let w = tokens[k].lower.trim_end_matches('\'');
        matches!(
            w,
            "days" | "weeks" | "months" | "years" | "plenty" | "ample" | "advance" | "enough"
        )
    });
    // "had plenty of notice and scheduled the upgrade early" says what was done with it.
    let acted = tokens[notice + 1..]
        .iter()
        .any(|t| t.is_any(&["and", "so", "which", "but"]));
    (ample && !acted).then_some(notice + 1)
}

/// "(Meenakshi was) the one who changed the DNS TTL": the person singled out for an act, not
/// "the one who found it". Returns the index past the act's verb.
fn the_one_who(tokens: &[Token], k: usize) -> Option<usize> {
    let lx = &*LEXICON;
    word(tokens, k).filter(|t| t.is("the"))?;
    word(tokens, k + 1).filter(|t| t.is_any(&["one", "ones", "person", "guy"]))?;
    word(tokens, k + 2).filter(|t| t.is_any(&["who", "that"]))?;
    let verb = word(tokens, k + 3)?;
    (lx.is_past(&verb.lower) && !credits(&verb.lower)).then_some(k + 4)
}
