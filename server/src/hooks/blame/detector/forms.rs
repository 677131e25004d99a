//! What is said of the actor: the forms of blameful language, each a small function over one
//! sentence's tokens that reports the token range it judges blameful.
//!
//! Every form is about structure: an actor ([`super::actor`]) followed by a predicate of omission
//! or fault, a passive with no agent whose verb says someone failed, a subject-less fragment, a
//! counterfactual modal, an exhortation about care, self-blame, a rhetorical question, or a
//! statement of responsibility. Verbs are recognised by their base form from the word lists, so
//! "skipped", "skips" and "skipping" are one verb.

use super::actor::{actor_at, Actor, ActorKind, DETERMINERS};
use super::lexicon::LEXICON;
use super::tokens::{Kind, Sentence, Token};
use crate::hooks::blame::Severity;

/// One form found in a sentence: token range `start..end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub form: Form,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub replacement: Option<String>,
}

/// The forms, each a rule id of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    PersonOmission,
    PersonFault,
    PassiveOmission,
    Fragment,
    Counterfactual,
    Exhortation,
    SelfBlame,
    RhetoricalQuestion,
    Responsibility,
    Slip,
    Judgement,
}

impl Form {
    pub const ALL: [Form; 11] = [
        Form::PersonOmission,
        Form::PersonFault,
        Form::PassiveOmission,
        Form::Fragment,
        Form::Counterfactual,
        Form::Exhortation,
        Form::SelfBlame,
        Form::RhetoricalQuestion,
        Form::Responsibility,
        Form::Slip,
        Form::Judgement,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Form::PersonOmission => "person-omission",
            Form::PersonFault => "person-fault",
            Form::PassiveOmission => "passive-omission",
            Form::Fragment => "fragment-omission",
            Form::Counterfactual => "counterfactual",
            Form::Exhortation => "exhortation",
            Form::SelfBlame => "self-blame",
            Form::RhetoricalQuestion => "rhetorical-question",
            Form::Responsibility => "responsibility",
            Form::Slip => "slip",
            Form::Judgement => "judgement",
        }
    }
}

/// Adverbs and hedges that may stand between a subject and its verb.
const ADVERBS: &[&str] = &[
    "also",
    "then",
    "just",
    "still",
    "again",
    "even",
    "simply",
    "already",
    "once",
    "probably",
    "clearly",
    "obviously",
    "apparently",
    "arguably",
    "basically",
    "actually",
    "really",
    "somehow",
    "again",
    "repeatedly",
    "allegedly",
    "evidently",
    "frankly",
    "honestly",
    "completely",
    "totally",
    "entirely",
    "all",
    "both",
    "himself",
    "herself",
    "themselves",
    "ourselves",
    "myself",
    "yet",
    "ever",
    "quite",
    "much",
    "so",
    "too",
];

/// Words that open a clause before its subject.
const OPENERS: &[&str] = &[
    "and", "but", "so", "because", "when", "while", "after", "before", "since", "as", "though",
    "although", "then", "once", "again", "also", "until", "unless", "yet", "or", "whereas",
];

/// Adjectives that make an object a fault to have shipped ("pushed the broken config").
const BAD_OBJECT: &[&str] = &[
    "broken",
    "untested",
    "unreviewed",
    "buggy",
    "faulty",
    "wrong",
    "incorrect",
    "half-finished",
    "unfinished",
    "unapproved",
    "unvetted",
    "bad",
];

/// What a counterfactual may say about a person without judging them ("should have been paged").
const PROTECTIVE: &[&str] = &["had", "able"];

/// What production is called: a change that "should never have reached" it was let through.
const PRODUCTION: &[&str] = &[
    "production",
    "prod",
    "main",
    "master",
    "customers",
    "users",
    "live",
    "trunk",
];

/// What a process is there for someone to do: "the runbook was not followed", "the change was
/// not reviewed". (Not "documented" or "applied": those describe the state of an artefact.)
const PASSIVE_CHECKS: &[&str] = &[
    "revisit",
    "reassess",
    "follow",
    "adhere",
    "comply",
    "obey",
    "honour",
    "honor",
    "enforce",
    "check",
    "double-check",
    "read",
    "review",
    "test",
    "verify",
    "validate",
    "escalate",
    "notice",
    "heed",
    "acknowledge",
    "catch",
    "spot",
    "consider",
    "confirm",
    "perform",
    "respect",
    "look",
    "address",
    "investigate",
    "take",
    "answer",
    "act",
    "watch",
    "track",
    "monitor",
    "revise",
    "rehearse",
];

/// Verbs of finding out: "identified the wrong tag" finds a risk, it does not take one.
const FINDING: &[&str] = &[
    "identify",
    "find",
    "found",
    "spot",
    "notice",
    "catch",
    "flag",
    "report",
    "detect",
    "discover",
    "diagnose",
    "trace",
    "confirm",
    "point",
    "see",
    "saw",
    "seen",
    "determine",
];

/// What a person may switch off or take away that protects the system.
const PROTECTIONS: &[&str] = &[
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
fn disarms(tokens: &[Token], k: usize) -> Option<usize> {
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
/// after the upgrade": a temporary state not undone. `from` is past "left"; returns the index
/// past the state.
fn left_on(tokens: &[Token], from: usize) -> Option<usize> {
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
                ]) || t.is("on")
                    && word(tokens, m + 1).is_none_or(|n| {
                        n.is_any(&["after", "overnight", "over", "until", "in", "for"])
                    })
                    // "left the debug endpoint open after testing", "left the console logged
                    // in on a shared laptop"
                    || (t.is("open") || t.is("logged") && word(tokens, m + 1).is_some_and(|n| n.is("in")))
                        && word(tokens, m + 1 + usize::from(t.is("logged"))).is_some_and(|n| {
                            n.is_any(&["after", "overnight", "over", "until", "since", "to", "on"])
                        })
                    || t.is("mode") && tokens[from..m].iter().any(|w| w.is("in")))
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

/// Adverbs of care.
const WITH_CARE: &[&str] = &[
    "properly",
    "correctly",
    "thoroughly",
    "carefully",
    "adequately",
    "sufficiently",
    "diligently",
];

/// Verbs of putting off: blameful when it keeps happening ("was postponed again", "kept
/// deferring the upgrade", "snoozed repeatedly").
const DEFERRING: &[&str] = &[
    "postpone",
    "defer",
    "delay",
    "deprioritise",
    "deprioritize",
    "snooze",
    "punt",
    "shelve",
    "reschedule",
];

/// What says a thing kept happening.
const REPEATEDLY: &[&str] = &[
    "again",
    "repeatedly",
    "kept",
    "keeps",
    "keep",
    "twice",
    "multiple",
    "several",
    "every",
    "constantly",
    "continually",
    "perpetually",
    "sprint",
    "sprints",
];

/// Verbs of undoing a temporary change: never done, the change stays ("was disabled and never
/// turned back on", "never re-enabled the alert").
const RESTORING: &[&str] = &[
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

/// Putting work off again and again, or never undoing a temporary change: "the capacity review
/// kept being postponed", "the upgrade was deferred for the third sprint running", "the backup
/// job was disabled and never turned back on". Said of a person, or of no one.
fn deferred_or_never_restored(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let is_any_base = |t: &Token, list: &[&str]| {
        t.is_word()
            && lx
                .bases(&t.lower)
                .iter()
                .any(|b| list.contains(&b.as_str()))
    };
    if explains(&tokens[view.first..]) {
        return;
    }
    let found = (view.first..tokens.len()).find_map(|i| {
        let t = &tokens[i];
        if is_any_base(t, DEFERRING) && lx.bases(&t.lower).len() > 1 {
            let clause = view.clause_start(i);
            let end = tokens[i..]
                .iter()
                .position(|t| !t.is_word())
                .map_or(tokens.len(), |n| i + n);
            let repeated = tokens[clause..end].iter().any(|w| w.is_any(REPEATEDLY))
                || tokens[i..end].windows(2).any(|w| {
                    w[0].is_any(&["for", "over"])
                        && w[1].is_any(&["months", "weeks", "years", "quarters", "ages"])
                });
            return repeated.then_some((i, end));
        }
        if t.is("never") {
            let v = skip_adverbs(tokens, i + 1);
            let verb = word(tokens, v)?;
            let back = word(tokens, v + 1).is_some_and(|b| b.is("back"))
                && is_any_base(verb, &["turn", "switch", "put", "set"]);
            if is_any_base(verb, RESTORING) || back {
                return Some((i, if back { v + 2 } else { v + 1 }));
            }
        }
        None
    });
    let Some((start, end)) = found else { return };
    let subject = view.skip_openers(view.clause_start(start));
    let form = match actor_at(tokens, subject, view.first).map(|a| a.kind) {
        Some(ActorKind::Writers) => return,
        Some(_) => Form::PersonOmission,
        None => Form::PassiveOmission,
    };
    hits.push(hit(form, Severity::Blame, start, end.min(tokens.len())));
}

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
];

/// The index past a phrasal omission whose verb is at `k` ("brushed off", "dragged their feet"):
/// its particle within the next four words.
fn phrasal_omission(tokens: &[Token], k: usize) -> Option<usize> {
    let lx = &*LEXICON;
    let v = word(tokens, k)?;
    let bases = lx.bases(&v.lower);
    let (_, particles) = PHRASAL_OMISSIONS
        .iter()
        .find(|(verb, _)| bases.iter().any(|b| b == verb))?;
    if particles.is_empty() {
        return Some(k + 1);
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

/// Adverbs that call an action rash: "blindly ran", "hastily merged".
const RASH: &[&str] = &[
    "blindly",
    "hastily",
    "hurriedly",
    "haphazardly",
    "prematurely",
    "recklessly",
    "carelessly",
    "lazily",
    "thoughtlessly",
    "rashly",
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

const NEGATIONS: &[&str] = &["not", "never", "no"];

/// Whether `rest` says it was meant: "deliberately", "intentionally", "on purpose", "by design",
/// "as planned".
fn deliberate(rest: &[Token]) -> bool {
    rest.iter().enumerate().any(|(n, t)| {
        t.is_any(&["deliberately", "intentionally", "purpose"])
            || t.is("by") && word(rest, n + 1).is_some_and(|d| d.is("design"))
            || t.is("as")
                && word(rest, n + 1).is_some_and(|d| {
                    d.is_any(&["planned", "scheduled", "intended", "agreed", "designed"])
                })
            // "as the runbook allows"
            || t.is("as")
                && rest[n + 1..]
                    .iter()
                    .take(4)
                    .any(|d| d.is_any(&["allows", "allowed", "permits", "permitted"]))
            || t.is("during")
                && rest[n + 1..]
                    .iter()
                    .take(3)
                    .any(|d| d.is_any(&["maintenance", "drill", "test"]))
    })
}

/// An action done for a stated purpose is deliberate, not a fault: "deletes the ingress to
/// prevent users spawning", "To test, the engineer deletes one of the pods", "dropped the table
/// so that the migration could rerun". Looks at the verb's clause from `from`, and at a sentence
/// that opens with "To <verb>".
fn purposeful(tokens: &[Token], from: usize) -> bool {
    let opens_with_purpose = tokens
        .iter()
        .position(Token::is_word)
        .is_some_and(|f| tokens[f].is("to") && word(tokens, f + 1).is_some_and(verb_like));
    let from = from.min(tokens.len());
    let clause = tokens[from..]
        .iter()
        .position(|t| t.kind == Kind::Break || t.kind == Kind::Question)
        .map_or(tokens.len(), |n| from + n);
    // "to meet the release date", "to hit the deadline": haste, not a reason.
    let deadline = (from..clause).any(|i| {
        tokens[i].is_any(&[
            "deadline", "date", "launch", "sla", "demo", "weekend", "cutoff", "green",
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

fn is_quote(t: &Token) -> bool {
    t.kind == Kind::Other && matches!(t.lower.as_str(), "\"" | "\u{201c}" | "\u{201d}")
}

fn is_negation(t: &Token) -> bool {
    t.is_any(NEGATIONS) || t.lower.ends_with("n't") || t.lower == "cannot"
}

fn is_adverb(t: &Token) -> bool {
    t.is_any(ADVERBS)
        || (t.lower.len() > 4
            && t.lower.ends_with("ly")
            && !t.is_any(&[
                "only", "apply", "reply", "supply", "comply", "imply", "rely", "multiply", "rally",
                "bully", "assembly", "family", "anomaly", "july", "italy",
            ]))
}

fn word(tokens: &[Token], i: usize) -> Option<&Token> {
    tokens.get(i).filter(|t| t.kind == Kind::Word)
}

/// The sentence's tokens, the index of its first word and where each clause starts.
struct View<'a> {
    tokens: &'a [Token],
    first: usize,
    question: bool,
}

impl View<'_> {
    /// The start of the clause that contains token `i`.
    fn clause_start(&self, i: usize) -> usize {
        let mut k = i;
        while k > self.first {
            let prev = &self.tokens[k - 1];
            if prev.kind != Kind::Word
                || prev.is_any(&[
                    "because", "but", "and", "so", "when", "while", "which", "that", "if",
                    "whereas", "although", "though",
                ])
            {
                break;
            }
            k -= 1;
        }
        k
    }

    /// Skips openers and adverbs at a clause start.
    fn skip_openers(&self, mut i: usize) -> usize {
        while let Some(t) = word(self.tokens, i) {
            if t.is_any(OPENERS) || is_adverb(t) {
                i += 1;
            } else if let Some(len) = hedge_at(self.tokens, i) {
                i += len;
            } else {
                break;
            }
            while self.tokens.get(i).is_some_and(|t| t.kind == Kind::Break) {
                i += 1;
            }
        }
        i
    }

    /// The clause's actor: the one at its start (after openers), or the one right before `verb`.
    fn subject_before(&self, verb: usize) -> Option<Actor> {
        let start = self.skip_openers(self.clause_start(verb));
        let actor = actor_at(self.tokens, start, self.first)?;
        let after = skip_adverbs(self.tokens, actor.end);
        (after == verb && !actor.possessive).then_some(actor)
    }
}

/// Hedges that wrap a clause without changing what it says of its subject: "perhaps", "to be
/// fair", "in hindsight", "I think", "it seems that", "one could argue that". Returns their
/// length in words.
const HEDGES: &[&[&str]] = &[
    &["perhaps"],
    &["maybe"],
    &["tbh"],
    &["imo"],
    &["imho"],
    &["to", "be", "fair"],
    &["to", "be", "honest"],
    &["in", "fairness"],
    &["in", "hindsight"],
    &["in", "retrospect"],
    &["if", "anything"],
    &["i", "think"],
    &["i", "feel"],
    &["i", "guess"],
    &["i'd", "say"],
    &["it", "seems", "that"],
    &["it", "seems"],
    &["it", "appears", "that"],
    &["one", "could", "argue", "that"],
    &["one", "might", "argue", "that"],
    &["some", "would", "say", "that"],
    &["some", "would", "say"],
    &["it", "could", "be", "said", "that"],
    &["it", "could", "be", "argued", "that"],
];

fn hedge_at(tokens: &[Token], i: usize) -> Option<usize> {
    HEDGES
        .iter()
        .find(|h| {
            h.iter()
                .enumerate()
                .all(|(n, w)| word(tokens, i + n).is_some_and(|t| t.is(w)))
        })
        .map(|h| h.len())
}

/// Words of a disclaimer of blame: "not to point fingers", "no offence to Infra", "I don't want
/// to blame anyone".
const DISCLAIMERS: &[&str] = &[
    "fingers",
    "finger",
    "offence",
    "offense",
    "blame",
    "blaming",
    "fault",
    "scapegoat",
    "criticise",
    "criticize",
    "criticism",
    "accuse",
    "accusing",
    "dig",
    "shade",
    "bus",
    "personal",
];

/// A disclaimer of blame, then "but", then an actor other than the writers ("Not to point fingers,
/// but the release manager did merge it at midnight"): the disclaimer marks what the clause says
/// of that actor as an accusation, whatever its verb. Not a disclaimer alone ("Nobody's fault
/// here: ..."), nor one followed by a system ("no blame, but the retry storm ...") or by "we".
fn disclaimed(view: &View, actor: Actor) -> bool {
    let tokens = view.tokens;
    if matches!(actor.kind, ActorKind::Writers) || actor.start == 0 {
        return false;
    }
    let mut k = actor.start;
    while k > view.first
        && tokens[k - 1].kind == Kind::Word
        && is_adverb(&tokens[k - 1])
        && !tokens[k - 1].is("yet")
    {
        k -= 1;
    }
    let Some(but) = k
        .checked_sub(1)
        .filter(|&b| tokens[b].is_any(&["but", "yet"]))
    else {
        return false;
    };
    tokens[view.first..but]
        .iter()
        .any(|t| t.is_any(DISCLAIMERS))
}

fn skip_adverbs(tokens: &[Token], mut i: usize) -> usize {
    while word(tokens, i).is_some_and(is_adverb) {
        i += 1;
    }
    i
}

/// Runs every form over one sentence.
pub fn find(sentence: &Sentence, hits: &mut Vec<Hit>) {
    let tokens = &sentence.tokens;
    let Some(first) = tokens.iter().position(|t| {
        t.kind == Kind::Word
            && t.lower
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '@')
    }) else {
        return;
    };
    // A title-cased heading ("Why It Wasn't Caught") is a label, not a statement.
    let words: Vec<&Token> = tokens.iter().filter(|t| t.is_word()).collect();
    let capitalised = words.iter().filter(|t| t.capitalised).count();
    if words.len() >= 3 && capitalised * 10 >= words.len() * 6 {
        return;
    }
    // "Because its ACL was changed by hand and never reverted.": the answer to a "why" (a 5-whys
    // step) says what happened; read it without its "because" (which elsewhere explains a
    // condition away). A "because" clause before a main clause ("Because the disk was full,
    // the job failed") keeps it.
    let answer = tokens[first].is_any(&["because", "cause", "coz"])
        && !tokens[first..].iter().any(|t| t.kind == Kind::Break);
    let first = if answer {
        tokens[first + 1..]
            .iter()
            .position(|t| t.is_word())
            .map_or(first, |n| first + 1 + n)
    } else {
        first
    };
    let view = View {
        tokens,
        first,
        question: sentence.question,
    };
    // Chat drops the question mark: "lol who merged this without tests".
    let mut opening = tokens[first..].iter().filter(|t| t.is_word());
    let asks_who = match (opening.next(), opening.next()) {
        (Some(a), _) if a.is("who") => true,
        (Some(a), Some(b)) => {
            b.is("who")
                && a.is_any(&[
                    "lol",
                    "lmao",
                    "tbh",
                    "ngl",
                    "wait",
                    "ok",
                    "so",
                    "seriously",
                    "honestly",
                ])
        }
        _ => false,
    };
    if view.question || asks_who {
        rhetorical(&view, hits);
    }
    exasperated(&view, hits);
    fragment(&view, hits);
    bare_passive(&view, hits);
    chose_to(&view, hits);
    insinuated(&view, hits);
    chat_reproach(&view, hits);
    known_yet_not_done(&view, hits);
    deferred_or_never_restored(&view, hits);
    punitive(&view, hits);
    began_after_a_person(&view, hits);
    took_them_to_even_look(&view, hits);
    let mut i = first;
    while i < tokens.len() {
        if let Some(actor) = actor_at(tokens, i, first) {
            if disclaimed(&view, actor) {
                hits.push(hit(
                    Form::PersonFault,
                    Severity::Blame,
                    actor.start,
                    actor.end,
                ));
                i = actor.end;
                continue;
            }
            if let Some(hit) = actor_predicate(&view, actor) {
                let end = hit.end;
                hits.push(hit);
                i = end.max(i + 1);
                continue;
            }
            i = actor.end.max(i + 1);
            continue;
        }
        i += 1;
    }
    for i in first..tokens.len() {
        without_a_check(&view, i, hits);
        passive(&view, i, hits);
        counterfactual(&view, i, hits);
        exhortation(&view, i, hits);
        self_blame(&view, i, hits);
        responsibility(&view, i, hits);
        slip(&view, i, hits);
        judgement(&view, i, hits);
        competence_or_haste_over_care(&view, i, hits);
        laid_on_someone(&view, i, hits);
    }
}

fn hit(form: Form, severity: Severity, start: usize, end: usize) -> Hit {
    Hit {
        form,
        severity,
        start,
        end,
        replacement: None,
    }
}

/// What a clause says of its actor: an omission or a fault.
fn actor_predicate(view: &View, actor: Actor) -> Option<Hit> {
    let tokens = view.tokens;
    // A possessive: the verb is said of what the person owns ("Priyanka's script wiped ...").
    let mut k = actor.end;
    if actor.possessive && possessed_fault(tokens, actor.end).is_none() {
        if actor.kind == ActorKind::Pronoun && tokens[actor.start].is("their") {
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
            let time = tokens.get(k).is_some_and(|t| t.lower == ":")
                && tokens[k - 1]
                    .lower
                    .starts_with(|c: char| c.is_ascii_digit());
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

/// After a possessive: "Jenny's typo", "the engineer's failure to check", "the on-call's slow
/// response". Returns the index past the noun.
fn possessed_fault(tokens: &[Token], from: usize) -> Option<usize> {
    const FAULT_NOUNS: &[&str] = &[
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
    ];
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
        || lx.verb_in(&t.lower, &lx.fault).is_some()
        || lx.verb_in(&t.lower, &lx.omission).is_some()
        || t.is_any(&["was", "were", "keeps", "kept", "never", "didn't"])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Predicate {
    Omission,
    /// `idiom`: a fault people say of themselves ("we screwed up"), blame even from the writers.
    Fault {
        idiom: bool,
    },
}

/// The predicate starting at token `j`: `(kind, index past its verb)`.
fn predicate(tokens: &[Token], j: usize, actor: ActorKind) -> Option<(Predicate, usize)> {
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
    let end = k + 1;
    // "did nothing", "never ... anything"
    if lx.bases(v).iter().any(|b| b == "do") && word(tokens, end).is_some_and(|n| n.is("nothing")) {
        return Some((Predicate::Omission, end + 1));
    }
    // "nobody did anything"
    if actor == ActorKind::Nobody && v == "anything" && k > 0 && tokens[k - 1].is("did") {
        return Some((Predicate::Omission, end));
    }
    // "signed off on a 3,000-line diff in four minutes": approval faster than reading
    if lx
        .bases(v)
        .iter()
        .any(|b| matches!(b.as_str(), "approve" | "review" | "sign" | "merge"))
        && tokens[end..].windows(3).take(10).any(|w| {
            w[0].is("in")
                && (w[1].lower.starts_with(|c: char| c.is_ascii_digit())
                    || w[1].is_any(&["two", "three", "four", "five", "ten", "a", "under"]))
                && w[2].is_any(&["minutes", "minute", "seconds", "second", "mins", "secs"])
        })
    {
        return Some((Predicate::Fault { idiom: false }, end));
    }
    // "let the contract lapse", "let it slip through the cracks", "let the page ring out": a
    // thing left to go unattended (not "let the job finish": that is a decision).
    if v == "let"
        && tokens[end..].iter().take(8).any(|t| {
            t.is_any(&[
                "lapse", "slip", "expire", "rot", "ring", "languish", "fester", "drift", "pile",
                "stack",
            ])
        })
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
        let slow = verb.is_any(&["too", "far", "very"])
            && word(tokens, end).is_some_and(|n| n.is("slow"))
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
    if lx.bases(v).iter().any(|b| b == "fail") && word(tokens, end).is_some_and(|n| n.is("to")) {
        // "failed to verify": an omission when what failed was a person's.
        return (!negated).then_some((Predicate::Omission, end + 2));
    }
    if negated
        && tokens[j..k].iter().any(|t| t.is("never"))
        && lx.is_past(v)
        && actor != ActorKind::Writers
    {
        // "Chidinma never replied", "never tested it"
        return Some((Predicate::Omission, end));
    }
    // "has not done the needed changes", "didn't do their part"
    if negated
        && lx.bases(v).iter().any(|b| b == "do")
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
    if negated {
        let diligent = lx.verb_in(v, &lx.diligence).is_some()
            && (v != "look" || word(tokens, end).is_some_and(|n| n.is_any(&["at", "into"])));
        return diligent.then_some((Predicate::Omission, end));
    }
    if habitual {
        return Some((Predicate::Fault { idiom: false }, end));
    }
    if let Some(base) = lx.verb_in(v, &lx.fault) {
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
            "introduce" => tokens[end..].iter().take(5).any(|t| {
                t.is_any(&[
                    "bug",
                    "regression",
                    "outage",
                    "problem",
                    "issue",
                    "vulnerability",
                    "incident",
                    "null",
                    "leak",
                    "race",
                    "deadlock",
                    "crash",
                    "defect",
                    "flaw",
                ])
            }),
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
    if lx.bases(v).iter().any(|b| {
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
        });
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
        let particle = match lx.bases(v).iter().find_map(|b| {
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
            && lx
                .bases(v)
                .iter()
                .any(|b| matches!(b.as_str(), "approve" | "review" | "merge"))
        {
            return Some((Predicate::Fault { idiom: false }, end));
        }
        // A risky action: "pushed the broken config", "merged it without review", "despite"
        // (not finding what is wrong: "identified the wrong image tag")
        let found = lx.bases(v).iter().any(|b| FINDING.contains(&b.as_str()));
        // "removed the production tables", "wiped the live bucket"
        let destroyed_production = lx.bases(v).iter().any(|b| {
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
            object
                .iter()
                .any(|t| t.is_any(PRODUCTION) || t.lower.starts_with("prod"))
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
        // "closed the incident while the error rate was still climbing"
        let closed_too_soon = lx.bases(v).iter().any(|b| {
            matches!(
                b.as_str(),
                "close" | "resolve" | "declare" | "downgrade" | "approve" | "merge" | "ship"
            )
        }) && (end..tokens.len().min(end + 10))
            .any(|m| tokens[m].is("while") && tokens[m..].iter().take(6).any(|n| n.is("still")));
        if rash
            || clause_has_risk(tokens, end) && !found
            || harm_follows(tokens, end)
            || destroyed_production
            || closed_too_soon
        {
            return Some((Predicate::Fault { idiom: false }, end));
        }
    }
    // "the analytics people treat alerts as suggestions": a habit, said in the present
    if lx.bases(v).iter().any(|b| b == "treat") && clause_has_risk(tokens, end) {
        return Some((Predicate::Fault { idiom: false }, end));
    }
    let _ = actor;
    None
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

/// Whether the verb tells of something done well: "found", "fixed", "warned", "escalated".
fn credits(verb: &str) -> bool {
    LEXICON.bases(verb).iter().any(|b| {
        FINDING.contains(&b.as_str())
            || matches!(
                b.as_str(),
                "fix"
                    | "resolve"
                    | "restore"
                    | "save"
                    | "rescue"
                    | "help"
                    | "lead"
                    | "raise"
                    | "warn"
                    | "escalate"
                    | "suggest"
                    | "propose"
                    | "ask"
                    | "answer"
                    | "page"
            )
    })
}

/// "bumped the timeout, which broke everything downstream", "merged #4580 without the
/// migration and prod fell over": an action, then in the same sentence the harm it did.
fn harm_follows(tokens: &[Token], from: usize) -> bool {
    let lx = &*LEXICON;
    let end = (from + 24).min(tokens.len());
    (from..end)
        .take_while(|&i| tokens[i].kind != Kind::Question)
        .any(|i| {
            if tokens[i].is("which") {
                // "which broke", "which took down", but not "which caused no impact"
                return word(tokens, i + 1).is_some_and(|v| {
                    let after = word(tokens, i + 2);
                    let v = v.lower.as_str();
                    let base_is = |base: &str| lx.bases(v).iter().any(|b| b == base);
                    base_is("break") && !after.is_some_and(|n| n.is_any(&["down", "out", "up"]))
                        || base_is("cause")
                            && !after.is_some_and(|n| {
                                n.is_any(&["no", "none", "zero", "little", "minimal"])
                            })
                        || base_is("take") && after.is_some_and(|n| n.is("down"))
                        || base_is("bring") && after.is_some_and(|n| n.is("down"))
                        || DAMAGE.iter().any(|d| base_is(d))
                        || harmful_verb(v)
                });
            }
            // "…, so it sat unseen until 09:15", "…, leaving the integration to be rushed"
            if tokens[i].is_any(&["so", "leaving"]) {
                return tokens[i + 1..]
                    .iter()
                    .take(8)
                    .take_while(|t| t.kind == Kind::Word)
                    .any(|t| t.is_any(LEFT_HARMED));
            }
            // "and prod fell over", "and checkout went down"
            tokens[i].is("and")
                && system_within(tokens, i + 1, 3)
                && (i + 2..(i + 5).min(tokens.len())).any(|k| {
                    let particle = word(tokens, k + 1);
                    tokens[k].is_any(&["fell", "went", "keeled"])
                        && particle.is_some_and(|n| n.is_any(&["over", "down", "dark"]))
                        || tokens[k].is_any(&["crashed", "died", "collapsed", "exploded", "tanked"])
                })
        })
}

fn safeguard_within(tokens: &[Token], from: usize, n: usize) -> bool {
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

fn system_within(tokens: &[Token], from: usize, n: usize) -> bool {
    let lx = &*LEXICON;
    tokens[from.min(tokens.len())..]
        .iter()
        .take(n)
        .take_while(|t| t.kind == Kind::Word)
        .any(|t| lx.noun_in(&t.lower, &lx.systems) || t.is_any(PRODUCTION))
}

/// The rest of the clause after a verb shows a risk taken: a bad object ("the broken config"),
/// or "without" a safeguard, or "despite" a warning.
fn clause_has_risk(tokens: &[Token], from: usize) -> bool {
    let lx = &*LEXICON;
    let start = from.min(tokens.len());
    let rest: Vec<&Token> = tokens[start..]
        .iter()
        .enumerate()
        .take_while(|&(n, t)| {
            // a time ("at 17:55") does not end the clause
            let time = t.lower == ":"
                && n > 0
                && tokens[start + n - 1]
                    .lower
                    .starts_with(|c: char| c.is_ascii_digit());
            // quoted words ("closed as "won't fix" without ...") do not end it either
            (t.kind == Kind::Word
                || time
                || is_quote(t)
                || matches!(t.lower.as_str(), "`" | "%" | "," | "#"))
                && !t.is_any(&["which", "that", "because", "but", "so", "since", "who"])
        })
        .map(|(_, t)| t)
        .take(16)
        .collect();
    let at = |i: usize| rest.get(i).copied();
    // "a hotfix that skipped the test suite", "a change which bypassed review": what was done
    // took the risk (the relative clause would otherwise end the clause).
    let after = &tokens[(from + rest.len()).min(tokens.len())..];
    if after.first().is_some_and(|t| t.is_any(&["that", "which"]))
        && (word(after, 1).is_some_and(|v| {
            lx.bases(&v.lower)
                .iter()
                .any(|b| matches!(b.as_str(), "skip" | "bypass" | "circumvent" | "ignore"))
        })
            // "signed off a build that was never installed"
            || word(after, 1).is_some_and(|v| v.is_any(&["was", "were", "had"]))
                && word(after, 2).is_some_and(|n| n.is("never"))
                && word(after, 3).is_some_and(|p| {
                    p.is_any(&[
                        "tested", "installed", "reviewed", "verified", "validated", "checked",
                        "approved", "built", "run",
                    ])
                }))
    {
        return true;
    }
    // "merged a breaking change" (not "upgraded, breaking support for …", a consequence)
    // (the verb just before the clause)
    let verb = from.checked_sub(1).and_then(|v| tokens.get(v));
    let shipped = verb.is_some_and(|v| {
        v.is_any(&[
            "merged",
            "shipped",
            "pushed",
            "deployed",
            "released",
            "landed",
            "introduced",
        ])
    });
    let breaking_change = shipped
        && rest.windows(2).take(4).any(|w| {
            w[0].is("breaking") && w[1].is_any(&["change", "changes", "update", "migration"])
        });
    if breaking_change
        || rest.iter().take(4).any(|t| t.is_any(BAD_OBJECT))
        || rest.iter().any(|t| {
            t.is_any(&["wrong", "unread", "anyway", "bypassing", "regardless"]) || t.is_any(RASH)
        })
    {
        return true;
    }
    // "pasted the service account secret into a comment": a secret put where others read it
    let put = verb.is_some_and(|v| v.is_any(PUT_WHERE_OTHERS_READ));
    if put && secret_shown(&rest) {
        return true;
    }
    for (i, t) in rest.iter().enumerate() {
        let next = at(i + 1);
        // "kept it running although the risk was known"
        let concession = &rest[(i + 1).min(rest.len())..];
        let window = &concession[..concession.len().min(10)];
        if t.is_any(&["although", "though"])
            && window.iter().any(|n| {
                n.is_any(&[
                    "risk", "risks", "danger", "issue", "problem", "bug", "warning", "freeze",
                ])
            })
            && window
                .iter()
                .any(|n| n.is_any(&["known", "flagged", "raised", "aware", "warned", "announced"]))
        {
            return true;
        }
        // acting on a belief nobody checked: "deleted the records, assuming they were
        // duplicates", "tidying up what they assumed were unused zones"
        // (a belief, not "ADSync assuming roles")
        let believed = next.is_some_and(|n| {
            n.is_any(&[
                "that",
                "they",
                "it",
                "he",
                "she",
                "this",
                "these",
                "those",
                "everything",
                "nothing",
                "the",
            ])
        }) && rest[i + 1..]
            .iter()
            .take(5)
            .any(|n| n.is_any(&["was", "were", "would", "had", "is", "are"]));
        let on_assumption = t.is_any(&["assuming", "presuming"]) && believed
            || t.is_any(&["assumed", "presumed"])
                && i > 0
                && rest[i - 1].is_any(&["they", "he", "she", "someone", "i", "we"]);
        if on_assumption
            || t.is("despite")
            || t.is("instead") && next.is_some_and(|n| n.is("of"))
            || t.is_any(&["straight", "directly"])
                && next.is_some_and(|n| n.is_any(&["to", "into", "on", "in"]))
                && rest[i + 2..]
                    .iter()
                    .take(2)
                    .any(|n| n.is_any(PRODUCTION) || n.lower.starts_with("prod"))
            || t.is("against")
                && next.is_some_and(|n| {
                    n.is_any(PRODUCTION)
                        || n.lower.starts_with("prod")
                        || n.is("the")
                            && at(i + 2).is_some_and(|m| m.is_any(&["live", "production", "wrong"]))
                })
            || t.is("with")
                && rest[i + 1..]
                    .iter()
                    .take(2)
                    .any(|n| n.is_any(&["failing", "failed", "red", "no"]))
                && rest[i + 1..]
                    .iter()
                    .take(4)
                    .any(|n| lx.noun_in(&n.lower, &lx.safeguards) || n.lower.starts_with("check"))
            || t.is("public")
                && next.is_some_and(|n| {
                    n.is_any(&[
                        "repo",
                        "repository",
                        "gist",
                        "channel",
                        "bucket",
                        "link",
                        "page",
                    ])
                })
            || t.is("one")
                && next.is_some_and(|n| n.is_any(&["go", "step"]))
                && i > 0
                && rest[i - 1].is("in")
            // "in the middle of peak traffic", "during peak hours"
            || t.is("peak") && i > 0 && rest[i - 1].is_any(&["of", "during", "at", "in", "over"])
            // "on Friday evening", "late on a Friday"
            || t.is("friday")
                && (next.is_some_and(|n| n.is_any(&["evening", "night", "afternoon"]))
                    || rest[..i].iter().any(|w| w.is("late")))
            // "chose speed over safety", "prioritised the launch over the failing tests"
            || t.is("over")
                && rest[i + 1..].iter().take(3).any(|n| {
                    n.is_any(&[
                        "safety", "testing", "quality", "reliability", "caution", "stability",
                        "correctness", "failing", "security",
                    ])
                })
            // "treated the warning as noise", "treat alerts as suggestions", "dismissed it as a
            // false positive"
            || t.is("as")
                && (next.is_some_and(|n| n.is_any(&["an", "a"]))
                    && at(i + 2).is_some_and(|n| n.is_any(&["afterthought", "formality"]))
                    || next.is_some_and(|n| {
                    n.is_any(&[
                        "noise", "flaky", "spam", "harmless", "benign", "cosmetic", "suggestions",
                        "suggestion", "optional", "afterthought", "formality",
                    ])
                }) || next.is_some_and(|n| n.is("a"))
                    && at(i + 2).is_some_and(|n| n.is("false"))
                    && at(i + 3).is_some_and(|n| n.lower.starts_with("positive")))
            // "applied by hand, outside the pipeline", "outside the change process"
            || t.is("outside")
                && rest[i + 1..].iter().take(3).any(|n| {
                    n.is_any(&["pipeline", "process", "window", "policy", "procedure", "ci"])
                })
            // "with no one watching", "with nobody on call"
            || t.is("with")
                && (next.is_some_and(|n| n.is_any(&["nobody", "noone"]))
                    || next.is_some_and(|n| n.is("no"))
                        && at(i + 2).is_some_and(|n| n.is("one")))
                && rest[i + 1..]
                    .iter()
                    .take(4)
                    .any(|n| n.is_any(&["watching", "around", "on", "online", "monitoring"]))
            // "let it go out with a known P1 open", "shipped with a known bug"
            || t.is("known")
                && i > 0
                && rest[i - 1].is_any(&["a", "the"])
                && next.is_some_and(|n| {
                    n.is_any(&[
                        "bug", "issue", "problem", "regression", "vulnerability", "defect", "p0",
                        "p1", "sev1", "sev-1",
                    ])
                })
            // "decommissioned before traffic had moved"
            || t.is("before")
                && rest[i + 1..].windows(2).take(4).any(|w| {
                    w[0].is("had")
                        && w[1].is_any(&[
                            "moved",
                            "finished",
                            "completed",
                            "drained",
                            "replicated",
                            "synced",
                            "propagated",
                            "landed",
                            "migrated",
                        ])
                })
            // "closed as won't-fix even though it described this exact outage"
            || t.is_any(&["though", "although"])
                && rest[i + 1..].iter().take(4).any(|n| {
                    LEXICON.bases(&n.lower).iter().any(|b| {
                        matches!(
                            b.as_str(),
                            "describe" | "warn" | "flag" | "predict" | "mention" | "say"
                        )
                    })
                })
            // "shipped with crash reporting turned off"
            // (a protection: not "with verbose logging disabled")
            || t.is("with")
                && rest[i + 1..]
                    .iter()
                    .take(4)
                    .any(|n| n.is_any(PROTECTIONS) || n.is_any(&["reporting", "alerting"]))
                && rest[i + 1..].windows(2).take(5).any(|w| {
                    w[0].is_any(&["turned", "switched"]) && w[1].is("off")
                        || w[0].is("commented") && w[1].is("out")
                        || w[0].is("disabled")
                })
            // "rotated the keys at 3am and told no one"
            || t.is("told")
                && (next.is_some_and(|n| n.is_any(&["nobody", "noone"]))
                    || next.is_some_and(|n| n.is("no")) && at(i + 2).is_some_and(|n| n.is("one")))
            // "before the holiday, tests or not"
            || t.is("or")
                && next.is_some_and(|n| n.is("not"))
                && i > 0
                && (rest[i - 1].is_any(PROTECTIONS) || rest[i - 1].is_any(&["review", "reviews"]))
            // "done out of order", "in the wrong order"
            || t.is("order") && i > 0 && rest[i - 1].is_any(&["of", "wrong"])
            // "set by guesswork", "sized by feel"
            || t.is("by") && next.is_some_and(|n| n.is_any(&["guesswork", "feel", "guess"]))
            // "deleted the old bucket before confirming the new one was receiving writes"
            || t.is("before")
                && next.is_some_and(|n| {
                    n.is_any(&["confirming", "verifying", "validating", "ensuring"])
                        || n.is("making") && at(i + 2).is_some_and(|m| m.is("sure"))
                })
            // "pushed the change and logged off", "merged it and went home"
            || t.is("and")
                && next.is_some_and(|n| n.is_any(&["logged", "signed", "went", "left"]))
                && at(i + 2).is_some_and(|n| n.is_any(&["off", "home", "offline", "for"]))
            // "deployed to all regions simultaneously"
            || t.is("simultaneously") && rest[..i].iter().any(|w| w.is_any(&["all", "every"]))
            // "to all tenants at once"
            || t.is("at")
                && next.is_some_and(|n| n.is("once"))
                && rest[..i].iter().any(|w| w.is_any(&["all", "every", "everything"]))
            // "from her laptop", "with stale state"
            || t.is("laptop")
                && i > 1
                && rest[i - 2].is("from")
                && rest[i - 1].is_any(&["his", "her", "their", "my", "own", "a"])
            || t.is("stale")
                && next.is_some_and(|n| {
                    n.is_any(&["state", "credentials", "config", "kubeconfig", "context", "plan"])
                })
            || t.is("past")
                && rest[i + 1..]
                    .iter()
                    .take(3)
                    .any(|n| lx.noun_in(&n.lower, &lx.safeguards))
        {
            return true;
        }
        if t.is("without") {
            let after: Vec<&&Token> = rest[i + 1..].iter().take(4).collect();
            let safeguard = after.iter().any(|w| {
                lx.noun_in(&w.lower, &lx.safeguards)
                    || (w.lower.ends_with("ing") && lx.verb_in(&w.lower, &lx.diligence).is_some())
                    || w.is_any(&[
                        "telling",
                        "asking",
                        "taking",
                        "running",
                        "waiting",
                        "checking",
                        "testing",
                        "being",
                        "draining",
                        "snapshotting",
                        "backing",
                        "notifying",
                        "confirming",
                    ])
            });
            let benign = after.iter().any(|w| {
                w.is_any(&[
                    "impact",
                    "downtime",
                    "loss",
                    "errors",
                    "incident",
                    "interruption",
                    "problems",
                    "issues",
                    "activity",
                    "data",
                    "restart",
                    "restarts",
                    "traffic",
                    "connection",
                    "connections",
                    "requests",
                ])
            });
            if safeguard && !benign {
                return true;
            }
        }
    }
    false
}

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

/// A subject-less fragment that says someone failed: "Didn't check the dashboards before ...",
/// "Merged the change despite knowing ...".
fn fragment(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let first = &tokens[view.first];
    let v = first.lower.as_str();
    let next = word(tokens, view.first + 1);
    let omitted = if first.is_any(&["didn't", "never", "not"])
        || (v == "did" && next.is_some_and(|n| n.is("not")))
    {
        let k = view.first + if v == "did" { 2 } else { 1 };
        let k = skip_adverbs(tokens, k);
        word(tokens, k)
            .filter(|t| lx.verb_in(&t.lower, &lx.diligence).is_some())
            .map(|_| k + 1)
    } else if first.is_any(&["approved", "merged", "reviewed", "signed"])
        && tokens[view.first + 1..]
            .iter()
            .take(3)
            .take_while(|t| t.is_word())
            .any(|t| t.is("own"))
    {
        // "Approved own PR at 23:40", not "as the policy allows"
        (!deliberate(&tokens[view.first + 1..])).then_some(view.first + 1)
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
    } else if lx.verb_in(v, &lx.omission).is_some() && lx.is_past(v) {
        let ok = match lx.verb_in(v, &lx.omission) {
            Some("miss") | Some("skip") => safeguard_within(tokens, view.first + 1, 4),
            _ => true,
        };
        ok.then_some(view.first + 1)
    } else if lx
        .bases(v)
        .iter()
        .any(|b| b == "fail" || b == "neglect" || b == "forget")
        && next.is_some_and(|n| n.is("to"))
    {
        word(tokens, view.first + 2)
            .filter(|t| lx.verb_in(&t.lower, &lx.diligence).is_some())
            .map(|_| view.first + 3)
    } else if v == "left" && actor_at(tokens, view.first, view.first).is_none() {
        left_on(tokens, view.first + 1)
    } else if lx.is_past(v)
        && actor_at(tokens, view.first, view.first).is_none()
        && disarms(tokens, view.first).is_some()
    {
        disarms(tokens, view.first)
    } else if lx.is_past(v) && !lx.common.contains(v) && clause_has_risk(tokens, view.first + 1) {
        Some(view.first + 1)
    } else if lx.is_past(v) {
        phrasal_omission(tokens, view.first)
    } else {
        None
    };
    // "Assumed staging matched prod, never verified": a later clause of the fragment, with no
    // subject either, says the check was not done.
    let omitted = omitted.or_else(|| {
        if !lx.is_past(v)
            || lx.common.contains(v)
            || actor_at(tokens, view.first, view.first).is_some()
        {
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
    if let Some(end) = omitted {
        hits.push(hit(Form::Fragment, Severity::Blame, view.first, end));
    }
}

/// "was posted in a public channel by the CI bot's logging": the clause names who or what did it,
/// and it is no person.
fn done_by_a_system(view: &View, from: usize) -> bool {
    let tokens = view.tokens;
    (from..tokens.len())
        .take_while(|&m| tokens[m].is_word() || tokens[m].lower == "`")
        .any(|m| {
            tokens[m].is("by")
                && word(tokens, m + 1).is_some_and(|n| {
                    !n.is_any(&[
                        "mistake", "accident", "hand", "someone", "somebody", "nobody",
                    ])
                })
                && actor_at(tokens, m + 1, view.first).is_none_or(|a| a.possessive)
        })
}

/// Whether the rest of a clause gives a cause: "because", "since", "due to", or "as" opening a
/// clause ("as the alert went to ..."). An "as" that names what something was taken for ("brushed
/// off as user error", "waved through as flaky") explains nothing.
fn explains(rest: &[Token]) -> bool {
    rest.iter().enumerate().any(|(n, t)| {
        t.is_any(&["because", "since", "due"])
            || t.is("as")
                && word(rest, n + 1).is_some_and(|w| {
                    w.is_any(&[
                        "the", "it", "its", "they", "we", "he", "she", "there", "this", "that",
                        "our", "their", "nobody", "no", "nothing",
                    ]) || w.is("a") && word(rest, n + 2).is_some_and(|r| r.is("result"))
                })
    })
}

/// Whether token `i` says something was known: "knew", "were aware", "was known", "had seen",
/// "had been flagged".
fn knows(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let after = |words: &[&str]| i > 0 && tokens[i - 1].is_any(words);
    t.is("knew")
        || t.is("aware") && after(&["was", "were", "is", "are", "being", "been", "well", "fully"])
        || t.is("known") && after(&["was", "were", "been", "well", "already"])
        || t.is("seen") && after(&["had", "have", "has", "already", "'d"])
        || t.is_any(&["flagged", "reported", "raised", "warned"])
            && after(&["been", "was", "were", "had", "already"])
}

/// Knowing and still not acting: "we knew the fix, but the hotfix had not been applied", "the
/// team was aware of the risk yet never renewed it", "the bug had been reported twice but was
/// never fixed". Hindsight when the writers knew; blame when someone else did, or it is left
/// unsaid who. Not when the sentence says why ("because the pipeline was frozen") or that it
/// could not be done ("but could not apply it").
fn known_yet_not_done(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let Some(k) = (view.first..tokens.len()).find(|&i| knows(tokens, i)) else {
        return;
    };
    // "we did not know", "nobody was aware": nothing was known.
    let clause = view.clause_start(k);
    if tokens[clause..k]
        .iter()
        .any(|t| is_negation(t) || t.is_any(&["nobody", "no", "none"]))
    {
        return;
    }
    let Some(but) = (k + 1..tokens.len()).find(|&i| tokens[i].is_any(&["but", "yet"])) else {
        return;
    };
    let rest = &tokens[but + 1..];
    if explains(rest)
        || rest.iter().any(|t| {
            t.is_any(&[
                "could", "can", "cannot", "couldn't", "can't", "unable", "able", "blocked",
            ])
        })
    {
        return;
    }
    const AUXILIARIES: &[&str] = &[
        "did", "do", "does", "had", "has", "have", "was", "were", "is", "are", "been", "be",
    ];
    let negated_verb = (but + 1..tokens.len()).find_map(|n| {
        let t = word(tokens, n)?;
        let negation = t.lower.ends_with("n't")
            || t.is("never")
            || t.is("not") && word(tokens, n - 1).is_some_and(|a| a.is_any(AUXILIARIES));
        if !negation {
            return None;
        }
        let mut v = n + 1;
        while word(tokens, v)
            .is_some_and(|w| is_adverb(w) || w.is_any(&["been", "be", "yet", "ever", "actually"]))
        {
            v += 1;
        }
        let verb = word(tokens, v)?;
        (t.lower.ends_with("n't") && t.lower != "never"
            || lx.is_participle(&verb.lower)
            || lx.is_past(&verb.lower)
            || t.is("not"))
        .then_some(v)
    });
    let Some(end) = negated_verb else {
        return;
    };
    let knower = actor_at(tokens, view.skip_openers(view.first), view.first)
        .filter(|a| a.end <= k && !a.possessive);
    let (form, severity) = match knower.map(|a| a.kind) {
        Some(ActorKind::Writers) => (Form::PersonOmission, Severity::Hindsight),
        Some(ActorKind::Nobody | ActorKind::Anyone) => return,
        Some(_) => (Form::PersonOmission, Severity::Blame),
        None => (Form::PassiveOmission, Severity::Blame),
    };
    hits.push(hit(form, severity, k, end + 1));
}

/// An agentless passive whose verb says someone failed: "the runbook was not followed", "the
/// warning was overlooked".
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

fn passive(view: &View, i: usize, hits: &mut Vec<Hit>) {
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
        "isn't", "aren't",
    ]) {
        return;
    }
    let mut negated = t.lower.ends_with("n't");
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
    if !lx.is_participle(&p.lower) {
        return;
    }
    // "was acknowledged and then simply forgotten": the second participle counts too.
    if lx.verb_in(&p.lower, &lx.omission).is_none()
        && word(tokens, k + 1).is_some_and(|w| w.is("and"))
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
        }
    }
    // "had never been tested" states a condition; "was not tested" an omission.
    let perfect = t.is("been")
        && i > 0
        && tokens[i - 1].is_any(&[
            "has", "have", "had", "hasn't", "haven't", "hadn't", "never", "not",
        ])
        || (i > 1 && t.is("been") && tokens[i - 2].is_any(&["has", "have", "had"]));
    // "should have been caught" is the counterfactual form's.
    let modal = i > 1
        && t.is("been")
        && tokens[i - 1].is_any(&["have", "'ve"])
        && tokens[i - 2].lower.starts_with("should")
        || i > 0 && t.is("been") && tokens[i - 1].lower == "should've";
    if modal
        || (i > 0
            && tokens[i - 1].is_any(&[
                "to", "would", "could", "should", "will", "might", "must", "can", "that", "which",
            ]))
    {
        return;
    }
    // "missed by the scheduler": a system did it; "not applied because the ticket was stuck":
    // the sentence explains the condition.
    let by = skip_adverbs(tokens, k + 1);
    let by_system = word(tokens, by).is_some_and(|n| n.is("by"))
        && actor_at(tokens, by + 1, view.first).is_none()
        && !word(tokens, by + 1).is_some_and(|n| n.is_any(NOT_A_SYSTEM));
    // "No attention was paid to", "Little care was given to", "Due diligence was not done",
    // "Insufficient testing was performed": care, said to be missing; "Mistakes were made".
    let subject = &tokens[view.clause_start(i)..i];
    let care_missing = subject.iter().any(|w| w.is_any(CARE_NOUNS))
        && (negated
            || subject
                .iter()
                .any(|w| w.is_any(&["no", "little", "insufficient", "inadequate", "minimal"])));
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
    let explained = explains(&tokens[k + 1..]);
    let done_to = lx.verb_in(&p.lower, &lx.done_to).is_some() && !care_missing && !mistakes_made;
    if by_system || explained || done_to {
        return;
    }
    let omission = lx.verb_in(&p.lower, &lx.omission);
    // "was not passed on to the team", "was not handed over at shift change": what someone
    // was there to pass along.
    let handed_on = word(tokens, k + 1).is_some_and(|n| {
        let base = |v: &str| lx.bases(&p.lower).iter().any(|b| b == v);
        n.is("on") && base("pass") || n.is("over") && base("hand") || n.is("up") && base("follow")
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
                ])
        })
        // "left on after the test", "left enabled overnight" (not "left on for the beta cohort")
        || p.is("left")
            && word(tokens, k + 1).is_some_and(|n| {
                n.is_any(&["on", "enabled", "running", "exposed", "public"])
            })
            && word(tokens, k + 2).is_none_or(|n| {
                n.is_any(&["after", "overnight", "over", "until", "since", "by"])
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
        })
        && tokens[view.clause_start(i)..i]
            .iter()
            .any(|t| t.is_any(PROTECTIONS))
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
    let put_off = p.is("put") && word(tokens, k + 1).is_some_and(|n| n.is("off"));
    let remedy_delayed = !negated
        && (base_is(&["delay", "postpone", "defer"]) || put_off)
        && subject.iter().any(|w| w.is_any(REMEDIES))
        && tokens[k + 1..].iter().enumerate().take(4).any(|(n, w)| {
            w.is_any(&[
                "minutes", "hours", "days", "weeks", "minute", "hour", "day", "week",
            ])
            // "until well after the SLA window had passed"
            || w.is("until") && tokens[k + 2 + n..].iter().take(3).any(|a| a.is("after"))
        });
    // "the incident was declared resolved while errors were still climbing"
    let closed_too_soon = !negated
        && base_is(&[
            "close",
            "resolve",
            "declare",
            "downgrade",
            "approve",
            "merge",
        ])
        && (k + 1..tokens.len().min(k + 10))
            .any(|m| tokens[m].is("while") && tokens[m..].iter().take(6).any(|n| n.is("still")));
    // "the wrong cluster was targeted"
    let wrong_target = !negated
        && subject.iter().any(|w| w.is("wrong"))
        && base_is(&[
            "target", "deploy", "delete", "restart", "drop", "use", "run", "apply", "push", "edit",
            "modify", "select", "pick", "patch", "migrate", "scale", "kill", "reboot", "page",
        ]);
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
            .any(|b| PEOPLE_WORK.contains(&b.as_str()))
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
                } else {
                    bases.iter().any(|b| {
                        matches!(b.as_str(), "drop" | "shelve" | "park" | "abandon" | "bury")
                    }) && base_is(&[
                        "raise", "flag", "report", "file", "log", "propose", "escalate", "mention",
                        "note", "identify",
                    ])
                }
            })
        });
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
        _ if negated && !perfect && (checked || without_care) => Some(""),
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
            || nothing_done
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
    // The subject is a person ("the engineer was overlooked for the rota")? Leave it.
    if actor_at(tokens, subject_start, view.first)
        .is_some_and(|a| skip_adverbs(tokens, a.end) == i && !a.possessive)
    {
        return;
    }
    let severity = if assumed && !disarmed && omission.is_none() {
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

/// "The platform team chose to silence the disk-usage alert", "Kevin decided to skip the canary":
/// a decision to take a protection away or to skip a step, said of whoever decided (unless it
/// was planned or had a purpose).
fn chose_to(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    for i in view.first..tokens.len() {
        let Some(actor) = actor_at(tokens, i, view.first).filter(|a| !a.possessive) else {
            continue;
        };
        let k = skip_adverbs(tokens, actor.end);
        // "Sunita decided the load test wasn't needed": a safeguard judged unnecessary (not
        // when the sentence gives the reason: "... because the service was being retired")
        let judged_unneeded = word(tokens, k).is_some_and(|w| {
            w.is_any(&["decided", "thought", "felt", "figured", "judged", "assumed"])
        }) && {
            let rest = &tokens[k + 1..(k + 10).min(tokens.len())];
            let guarded = rest
                .iter()
                .any(|t| t.is_any(PROTECTIONS) || LEXICON.noun_in(&t.lower, &LEXICON.safeguards));
            let unneeded = rest.windows(2).any(|w| {
                w[0].is_any(&["wasn't", "weren't", "isn't", "aren't", "not"])
                    && w[1].is_any(&["needed", "necessary", "required", "worth"])
                    || w[0].is_any(&["was", "were", "is", "are"])
                        && w[1].is_any(&["optional", "unnecessary", "overkill", "pointless"])
            });
            guarded
                && unneeded
                && actor.kind != ActorKind::Writers
                && !explains(&tokens[k + 1..])
                && !rest.iter().any(|t| t.is_any(&["once", "after", "when"]))
        };
        if judged_unneeded {
            hits.push(hit(Form::PersonFault, Severity::Blame, actor.start, k + 1));
            return;
        }
        let chose = word(tokens, k)
            .is_some_and(|w| w.is_any(&["chose", "decided", "opted", "elected"]))
            && word(tokens, k + 1).is_some_and(|w| w.is("to"));
        if !chose {
            continue;
        }
        let v = k + 2;
        let skips = word(tokens, v).is_some_and(|w| {
            w.is_any(&[
                "skip",
                "bypass",
                "ignore",
                "disregard",
                "circumvent",
                "override",
            ])
        });
        let end = disarms(tokens, v).or_else(|| skips.then_some(v + 1));
        // "decided to ignore the flapping alert until the root cause was found": a stopgap
        let stopgap = tokens[v..].iter().any(|t| t.is("until"));
        if let Some(end) = end.filter(|_| !stopgap) {
            if !purposeful(tokens, end) && !deliberate(&tokens[end..]) {
                hits.push(hit(Form::PersonFault, Severity::Blame, actor.start, end));
            }
        }
        return;
    }
}

/// A terse bullet that drops the passive's auxiliary: "TLS cert expiry overlooked during the
/// quarterly review", "Alerts ignored for three days", "Deploy done by Ravi without approval". A
/// short noun phrase opens the sentence, then a participle that says a step was skipped or a
/// risk taken, with no object after it: "The linter ignored the file" is a system acting, and
/// "Alerts ignored by the filter" a system's doing.
fn bare_passive(view: &View, hits: &mut Vec<Hit>) {
    const NOT_IN_A_SUBJECT: &[&str] = &[
        "was", "were", "is", "are", "be", "been", "has", "have", "had", "we", "i", "you", "they",
        "he", "she", "it", "not", "never", "to",
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
    let skipped = match lx.verb_in(&p.lower, &lx.omission) {
        Some("refuse") | Some("tolerate") | Some("rush") => false,
        Some("skip" | "miss") => safeguard_within(tokens, start, k - start),
        Some(_) => true,
        None => false,
    };
    let risky = clause_has_risk(tokens, k + 1)
        && !risk_is_only_an_adjective(tokens, k + 1)
        && !deliberate(&tokens[k + 1..]);
    if (skipped || risky) && !done_by_a_system(view, k + 1) && !explains(&tokens[k + 1..]) {
        hits.push(hit(Form::PassiveOmission, Severity::Blame, start, k + 1));
    }
}

/// "closed as won't fix without being properly investigated", "merged without having been
/// reviewed": a check that people do, said to be skipped (not "without being checked by the
/// scheduler", nor when the sentence explains it).
fn without_a_check(view: &View, i: usize, hits: &mut Vec<Hit>) {
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

/// "should have noticed", "shouldn't have been rushed", "could have spotted", "if X had read",
/// "Had the engineer checked".
fn counterfactual(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let t = &tokens[i];
    // "if X had done", "Had X done", and the inversion after its consequence: "It would not
    // have happened had the checklist been followed"
    let inverted_had = t.is("had")
        && i > view.first
        && (lx.is_participle(&tokens[i - 1].lower) || !tokens[i - 1].is_word())
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
        let checked = p.and_then(|p| word(tokens, p)).is_some_and(|p| {
            lx.bases(&p.lower)
                .iter()
                .any(|b| PASSIVE_CHECKS.contains(&b.as_str()))
        });
        // "had the soak period been enforced by the pipeline": a system's part
        let by_system = p.is_some_and(|p| {
            word(tokens, p + 1).is_some_and(|w| w.is("by"))
                && actor_at(tokens, p + 2, view.first).is_none()
        });
        p.filter(|_| checked && !by_system)
    };
    if !leading_had {
        let Some(actor) = actor_at(tokens, k, view.first) else {
            if let Some(p) = checked_passive("had") {
                hits.push(hit(Form::Counterfactual, Severity::Blame, i, p + 1));
            }
            return;
        };
        k = actor.end;
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

fn finish_if_had(view: &View, start: usize, mut k: usize, actor: Actor, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    while word(tokens, k).is_some_and(|w| is_negation(w) || is_adverb(w)) {
        k += 1;
    }
    let Some(p) = word(tokens, k) else { return };
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

/// Words of care that an exhortation asks for ("be more careful").
const CARE: &[&str] = &[
    "careful",
    "sharper",
    "diligent",
    "attentive",
    "vigilant",
    "thorough",
    "cautious",
    "rigorous",
    "disciplined",
    "mindful",
    "conscientious",
    "responsible",
    "alert",
    "focused",
    "aware",
];

/// Two-word exhortations: the first word, then the second.
const EXHORTING_PAIRS: &[(&[&str], &[&str])] = &[
    (&["think"], &["twice", "before"]),
    (&["try", "concentrate", "focus", "work"], &["harder"]),
    (
        &["more"],
        &[
            "carefully",
            "diligently",
            "thoroughly",
            "attentively",
            "cautiously",
            "closely",
        ],
    ),
    (&["cutting", "cut"], &["corners"]),
];

/// "be more careful", "pay more attention", "think twice", "more carefully".
fn exhortation(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let t = &tokens[i];
    let w = |k: usize| word(tokens, k);
    let is = |k: usize, words: &[&str]| w(k).is_some_and(|n| n.is_any(words));
    let before = |words: &[&str]| i > 0 && tokens[i - 1].is_any(words);
    // "be more careful", "be extra cautious", but not "Be careful: the flag skips checks".
    let mut care = i + 1;
    while is(
        care,
        &[
            "more", "extra", "very", "really", "super", "much", "a", "bit", "far",
        ],
    ) {
        care += 1;
    }
    let be_careful = t.is_any(&["be", "being", "stay", "remain"])
        && is(care, CARE)
        && tokens.get(care + 1).is_none_or(|n| n.lower != ":");
    let len = if be_careful {
        care + 1 - i
    } else if t.is("more")
        && is(i + 1, CARE)
        && before(&[
            "need", "needs", "needed", "require", "requires", "get", "become",
        ])
        || EXHORTING_PAIRS
            .iter()
            .any(|(a, b)| t.is_any(a) && is(i + 1, b))
    {
        2
    } else if t.is_any(&["pay", "paying", "pays"])
        && is(i + 1, &["more", "closer", "better", "extra", "proper"])
        && is(i + 2, &["attention"])
        || t.is_any(&["take", "taken", "took"])
            && is(i + 1, &["more", "greater", "extra"])
            && is(i + 2, &["care"])
        || t.is("be") && is(i + 1, &["better"]) && is(i + 2, &["at"])
    {
        3
    } else if t.is_any(&["more", "greater", "extra", "better"])
        && is(
            i + 1,
            &[
                "diligence",
                "care",
                "attention",
                "caution",
                "vigilance",
                "rigour",
                "rigor",
                "discipline",
            ],
        )
        && (before(&[
            "exercise", "show", "take", "with", "pay", "need", "needs", "requires", "require",
            "demands", "deserves",
        ]) || tokens[i + 2..]
            .iter()
            .take(5)
            .any(|n| n.is_any(&["needed", "required", "expected"])))
        || t.is("do") && is(i + 1, &["better"]) && before(&["to"])
    {
        2
    } else if let Some(end) = told_to_take_care(view, i).or_else(|| reminded(view, i)) {
        end - i
    } else {
        return;
    };
    // "grouped by service, so the on-call can pay closer attention": a change that enables care
    // asks nothing of anyone.
    let enabled = tokens[view.clause_start(i)..i].iter().any(|t| {
        t.is_any(&[
            "can", "could", "able", "helps", "help", "lets", "allows", "allow", "enables",
        ])
    });
    if enabled {
        return;
    }
    hits.push(hit(Form::Exhortation, Severity::Blame, i, i + len));
}

/// Reminders to people in general: "make sure you double-check", "don't forget to verify",
/// "remind folks to read the ticket", "slow down and read". Returns the index past the verb
/// asked for.
fn reminded(view: &View, i: usize) -> Option<usize> {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let t = &tokens[i];
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|n| n.is_any(words));
    let mut k = if t.is("make") && is(i + 1, &["sure"]) {
        i + 2
    } else if t.is_any(&["don't", "never"]) && is(i + 1, &["forget"]) && is(i + 2, &["to"]) {
        i + 3
    } else if t.is_any(&["remind", "reminding"]) {
        // "remind folks to", "remind everyone to", "remind the team to"
        let to = (i + 1..(i + 5).min(tokens.len()))
            .take_while(|&m| tokens[m].kind == Kind::Word)
            .find(|&m| tokens[m].is("to"))?;
        let people = actor_at(tokens, i + 1, view.first)
            .is_some_and(|a| !matches!(a.kind, ActorKind::Name | ActorKind::Writers))
            || word(tokens, i + 1).is_some_and(|w| {
                lx.noun_in(&w.lower, &lx.groups) || lx.noun_in(&w.lower, &lx.roles)
            });
        if !people {
            return None;
        }
        to + 1
    } else if t.is("slow") && is(i + 1, &["down"]) && is(i + 2, &["and"]) {
        i + 3
    } else {
        return None;
    };
    while is(
        k,
        &["to", "that", "you", "we", "everyone", "people", "always"],
    ) {
        k += 1;
    }
    k = skip_adverbs(tokens, k);
    let v = word(tokens, k)?;
    let asked = lx.verb_in(&v.lower, &lx.diligence).is_some()
        && !v.is_any(&[
            "update", "document", "plan", "apply", "run", "take", "remove",
        ]);
    asked.then_some(k + 1)
}

/// People in general told to do their job: "Reviewers should read the diff properly",
/// "Everyone must double-check the cluster", "Staff are reminded to follow the policy",
/// "Double-check everything before touching production, please".
fn told_to_take_care(view: &View, i: usize) -> Option<usize> {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let t = &tokens[i];
    // "Please, folks, actually look at the dashboards", "Always read the release notes",
    // "Lesson: always read ...", "Reminder to everyone: check which cluster ...": an imperative
    // of diligence addressed to everyone.
    let after_label = i > view.first
        && tokens[i - 1].lower == ":"
        && tokens[view.first..i - 1]
            .iter()
            .filter(|w| w.is_word())
            .count()
            <= 3
        && tokens[view.first].is_any(&["lesson", "lessons", "reminder", "takeaway"]);
    // "next time, please sanity-check ..."
    let next_time = i == view.first + 3
        && tokens[view.first].is("next")
        && tokens[view.first + 1].is("time")
        && tokens[i - 1].lower == ","
        && t.is_any(&["please", "always"]);
    if i == view.first && t.is_any(&["please", "always"]) || after_label || next_time {
        let mut v = i;
        while tokens.get(v).is_some_and(|w| {
            !w.is_word()
                || w.is_any(&[
                    "please", "folks", "everyone", "all", "team", "people", "actually", "just",
                    "always", "y'all",
                ])
        }) {
            v += 1;
        }
        let verb = word(tokens, v)?;
        let attention = verb.is("pay") && word(tokens, v + 1).is_some_and(|n| n.is("attention"));
        let imperative = attention
            || verb.is_any(&[
                "look",
                "check",
                "double-check",
                "sanity-check",
                "read",
                "verify",
                "review",
                "test",
                "confirm",
                "think",
                "remember",
                "watch",
            ]);
        return (imperative && (v > i || after_label)).then_some(v + 1 + usize::from(attention));
    }
    // An imperative that opens the sentence, with a word that makes it a reproach.
    if i == view.first
        && t.is_any(&[
            "double-check",
            "check",
            "remember",
            "remind",
            "verify",
            "read",
            "review",
        ])
    {
        let reproach = tokens[i + 1..].iter().any(|n| {
            n.is_any(&[
                "please",
                "properly",
                "harder",
                "always",
                "everything",
                "carefully",
            ])
        }) || tokens[i + 1..]
            .windows(2)
            .any(|p| p[0].is("next") && p[1].is("time"));
        return reproach.then_some(i + 1);
    }
    // "ppl need to stop ...", "folks need to read ...": everyone, in chat
    let found = actor_at(tokens, i, view.first);
    let chat_group = found.is_none() && t.is_any(&["ppl", "people", "folks", "devs"]);
    let actor = match found {
        Some(actor) => actor,
        None if chat_group => Actor {
            kind: ActorKind::Anyone,
            start: i,
            end: i + 1,
            possessive: false,
        },
        None => return None,
    };
    // "we all need to", "all of us must": the writers, addressed as everyone
    let we_all = actor.kind == ActorKind::Writers
        && tokens[i].is("we")
        && word(tokens, actor.end).is_some_and(|w| w.is("all"));
    let generic = match actor.kind {
        ActorKind::Writers => we_all,
        ActorKind::Anyone => true,
        ActorKind::Role => !tokens[i].is_any(&[
            "the", "a", "an", "our", "their", "this", "that", "my", "his", "her",
        ]),
        ActorKind::Pronoun => tokens[i].is("you"),
        _ => false,
    };
    if !generic || actor.possessive {
        return None;
    }
    let mut k = actor.end + usize::from(we_all);
    let modal = |k: usize| word(tokens, k).map(|w| w.lower.as_str());
    match modal(k) {
        Some("must" | "should") => k += 1,
        Some("need" | "needs" | "have" | "has") if modal(k + 1) == Some("to") => k += 2,
        Some("are" | "is")
            if matches!(
                modal(k + 1),
                Some("expected" | "reminded" | "asked" | "required" | "supposed")
            ) && modal(k + 2) == Some("to") =>
        {
            k += 3
        }
        _ => return None,
    }
    k = skip_adverbs(tokens, k);
    let v = word(tokens, k)?;
    // ("people need to be on the bridge" asks for presence, not care; "folks need to read the
    // runbook" may be onboarding)
    let care = v.is("be") && !chat_group
        || v.is("exercise")
        || v.is("stop") && word(tokens, k + 1).is_some_and(|n| n.lower.ends_with("ing"))
        || v.is("take") && word(tokens, k + 1).is_some_and(|n| n.is("ownership"))
        // "reviewers need to raise the bar", "step up", "do better"
        || v.is("raise") && word(tokens, k + 2).is_some_and(|n| n.is("bar"))
        || v.is("step") && word(tokens, k + 1).is_some_and(|n| n.is("up"))
        || v.is("do") && word(tokens, k + 1).is_some_and(|n| n.is("better"))
        // "have to start taking alerts seriously"
        || v.is_any(&["take", "start", "begin"])
            && tokens[k + 1..].iter().take(5).any(|n| n.is("seriously"));
    let diligent = !chat_group
        && lx.verb_in(&v.lower, &lx.diligence).is_some()
        && !v.is_any(&[
            "raise", "fix", "address", "handle", "apply", "run", "take", "lock", "clean", "remove",
            "revoke", "approve", "sign", "plan", "update", "document",
        ]);
    (care || diligent).then_some(k + 1)
}

/// Reproaches chat makes without a question mark or a verb of fault: "couldn't be bothered to
/// read", "ask Gosia why ...", "I guess reading the runbook is optional now", "wasn't the whole
/// point of the canary that ...", "are we just not doing code review anymore".
fn chat_reproach(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|w| w.is_any(words));
    let start = view.skip_openers(view.first);
    // "ask Gosia why the flag was at 100%"
    let ask_why = |i: usize| {
        i == start
            && is(i, &["ask"])
            && actor_at(tokens, i + 1, view.first)
                .is_some_and(|a| matches!(a.kind, ActorKind::Name | ActorKind::Role))
            && tokens[i + 1..].iter().take(5).any(|t| t.is("why"))
    };
    // "I guess reading the runbook is optional now"
    let optional_now = |i: usize| {
        is(i, &["is", "are", "'s"])
            && is(i + 1, &["optional"])
            && (is(i + 2, &["now"])
                || tokens[view.first..i]
                    .iter()
                    .any(|t| t.is_any(&["apparently", "guess"])))
    };
    for i in view.first..tokens.len() {
        let found = if is(i, &["couldn't", "can't", "cannot", "could", "can"])
            && is(i + 1 + usize::from(is(i + 1, &["not"])), &["be"])
            && is(i + 2 + usize::from(is(i + 1, &["not"])), &["bothered", "arsed"])
            && (!is(i, &["could", "can"]) || is(i + 1, &["not"]))
            // "couldn't be bothered to read", not "could not be bothered by the noise"
            && word(tokens, i + 3 + usize::from(is(i + 1, &["not"])))
                .is_none_or(|n| n.is_any(&["to", "with"]))
        {
            Some((Form::Judgement, i + 3))
        } else if is(i, &["but"])
            && is(i + 1, &["who", "why"])
            && tokens[view.first..i].iter().any(|t| t.is_any(DISCLAIMERS))
        {
            // "not to point fingers but who exactly approved ..."
            Some((Form::RhetoricalQuestion, i + 2))
        } else if is(i, &["was", "were"])
            && is(i + 1, &["right"])
            && is(i + 2, &["there"])
            && word(tokens, i + 3)
                .is_none_or(|n| !n.is_any(&["when", "while", "to", "with", "for", "and"]))
            && view
                .subject_before(i)
                .is_none_or(|a| matches!(a.kind, ActorKind::Nobody | ActorKind::Anyone))
        {
            // "the runbook was right there": what was needed was at hand (not "the on-call was
            // right there", a person present)
            Some((Form::PassiveOmission, i + 3))
        } else if ask_why(i) || optional_now(i) {
            Some((Form::RhetoricalQuestion, i + 2))
        } else if is(i, &["wasn't", "isn't"])
            && is(i + 1, &["the"])
            && tokens[i + 2..]
                .iter()
                .take(2)
                .any(|t| t.is_any(&["point", "idea", "purpose"]))
            // ... that somebody looks at it
            && tokens[i + 3..].iter().any(|t| {
                t.is_any(&[
                    "somebody", "someone", "anybody", "anyone", "people", "you", "we", "they",
                ])
            })
        {
            Some((Form::RhetoricalQuestion, i + 3))
        } else if is(i, &["not"])
            && is(
                i + 1,
                &["doing", "bothering", "testing", "reviewing", "reading"],
            )
            && tokens[i + 2..].iter().take(4).any(|t| t.is("anymore"))
            && (view.question || i > 0 && tokens[i - 1].is("just"))
        {
            Some((Form::RhetoricalQuestion, i + 2))
        } else {
            None
        };
        if let Some((form, end)) = found {
            hits.push(hit(form, Severity::Blame, i, end));
            return;
        }
    }
}

/// "our bad", "this one is on me", "my mistake", "mea culpa", "I take full responsibility".
fn self_blame(view: &View, i: usize, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let t = &tokens[i];
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|n| n.is_any(words));
    let negated_before = i > 0 && tokens[i - 1].is_any(&["not", "no", "never"])
        || i > 1 && tokens[i - 2].lower.ends_with("n't");
    // "our error budget" is no confession.
    let compound = is(i + 1, &["error"])
        && is(
            i + 2,
            &[
                "budget", "budgets", "rate", "rates", "handling", "messages", "logs",
            ],
        );
    let mine = t.is_any(&["our", "my"])
        && is(
            i + 1,
            &[
                "bad",
                "mistake",
                "fault",
                "error",
                "blunder",
                "screw-up",
                "screwup",
                "oversight",
            ],
        )
        && !compound
        && !negated_before
        && !about_this_document(tokens, i + 2);
    // "this one is on me", "that's entirely on us"
    let copula = (1..=2).filter(|&b| i >= b).any(|b| {
        tokens[i - b].is_any(&["is", "was", "'s", "one's", "that's", "this's", "it's"])
            && (b == 1 || is_adverb(&tokens[i - 1]))
    });
    // not owning what comes next: "that follow-up is on me: I'll own OPS-6021"
    let owning = tokens[view.first..i].iter().any(|w| {
        w.is_any(&[
            "follow-up",
            "followup",
            "action",
            "item",
            "next",
            "task",
            "ticket",
            "round",
            "lunch",
            "coffee",
        ])
    });
    let on_me = t.is("on") && is(i + 1, &["me", "us"]) && copula && !owning;
    // "I am ashamed to say", "we're embarrassed that"
    // "I feel terrible that I approved it", "I'm kicking myself for not checking"
    let regret = t.is_any(&["terrible", "awful", "guilty"])
        && i > 0
        && tokens[i - 1].is_any(&["feel", "felt"])
        // about an act of ours ("that I approved it"), not the incident ("about it")
        && is(i + 1, &["that"])
        && is(i + 2, &["i", "we"])
        || t.is_any(&["kicking", "kick", "kicked"]) && is(i + 1, &["myself", "ourselves"]);
    let ashamed = regret
        || t.is_any(&["ashamed", "embarrassed"])
            && i > 0
            && tokens[i - 1].is_any(&[
                "am", "'m", "i'm", "are", "we're", "was", "were", "feel", "felt",
            ]);
    // "a very poor job from us", "a naive choice on my part", "lazy from my side"
    let ours_judged = t.is_any(&["from", "on"])
        && (is(i + 1, &["us", "me"])
            || is(i + 1, &["my", "our"]) && is(i + 2, &["side", "part", "end"]))
        && tokens[view.first..i].iter().any(|w| {
            w.is_any(&[
                "poor",
                "bad",
                "lazy",
                "naive",
                "sloppy",
                "careless",
                "terrible",
                "awful",
                "misconception",
                "dangerous",
                // "a failure on my part", "an oversight on our part"
                "failure",
                "lapse",
                "oversight",
                "mistake",
                "error",
                "blunder",
            ])
        })
        && !tokens[view.first..i].iter().any(is_negation);
    // "I own this one", "we own that": owning the incident, not a service ("I own this
    // service") or a task ("I own this action item")
    let own_it = t.is("own")
        && i > 0
        && tokens[i - 1].is_any(&["i", "we"])
        && is(i + 1, &["this", "that", "it"])
        && (word(tokens, i + 2).is_none()
            || is(i + 2, &["one", "entirely", "completely", "fully"]));
    // "we let ourselves down", "I let the team down"
    let let_down = t.is("let")
        && i > 0
        && tokens[i - 1].is_any(&["i", "we"])
        && (i + 1..(i + 4).min(tokens.len())).any(|m| is(m, &["down"]))
        && is(
            i + 1,
            &[
                "myself",
                "ourselves",
                "the",
                "everyone",
                "you",
                "our",
                "customers",
                "people",
            ],
        );
    let culpa = t.is("mea") && is(i + 1, &["culpa"]);
    let was_me = t.is_any(&["was", "that's", "it's"])
        && is(i + 1, &["me"])
        // "that was me", "that one was me"
        && (t.lower != "was"
            || i > 0 && tokens[i - 1].is_any(&["that", "it"])
            || i > 1 && tokens[i - 1].is("one") && tokens[i - 2].is_any(&["that", "this"]))
        && word(tokens, i + 2).is_none_or(|n| n.is("sorry"));
    let responsibility = t.is_any(&["take", "takes", "took"])
        && is(i + 1, &["full", "complete", "the"])
        && is(i + 2, &["responsibility", "blame"])
        && (i == 0 || !tokens[i - 1].is_any(&["not", "never", "don't", "didn't"]));
    let len = if responsibility {
        3
    } else if mine || on_me || culpa || was_me || ours_judged || own_it || let_down {
        2
    } else if ashamed {
        1
    } else {
        return;
    };
    hits.push(hit(Form::SelfBlame, Severity::Blame, i, i + len));
}

/// "my mistake in the first draft of this report": an error in the document, corrected.
fn about_this_document(tokens: &[Token], from: usize) -> bool {
    word(tokens, from).is_some_and(|w| w.is("in"))
        && tokens[from + 1..].iter().take(4).any(|w| {
            w.is_any(&[
                "draft",
                "version",
                "timeline",
                "report",
                "doc",
                "document",
                "summary",
                "post",
                "write-up",
                "writeup",
                "postmortem",
            ])
        })
}

/// "It took the DBA three hours to even look at the ticket": "even" makes a delay a reproach.
fn took_them_to_even_look(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let Some(at) = (view.first..tokens.len().saturating_sub(2)).find(|&i| {
        tokens[i].is("to")
            && tokens[i + 1].is("even")
            && word(tokens, i + 2).is_some_and(|v| lx.verb_in(&v.lower, &lx.diligence).is_some())
    }) else {
        return;
    };
    let person = (view.first..at).find_map(|i| {
        actor_at(tokens, i, view.first)
            .filter(|a| !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone))
    });
    if let Some(actor) = person {
        hits.push(hit(
            Form::PersonOmission,
            Severity::Blame,
            actor.start,
            at + 3,
        ));
    }
}

/// "The outage began after Oksana's terraform apply", "the incident started when the intern ran
/// the script": the start of the trouble dated by a person's action.
fn began_after_a_person(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|w| w.is_any(words));
    for i in view.first..tokens.len() {
        if !(is(
            i,
            &[
                "outage", "incident", "downtime", "failure", "problems", "trouble",
            ],
        ) && is(i + 1, &["began", "started", "begun", "kicked"])
            && is(i + 2, &["after", "when", "with"]))
        {
            continue;
        }
        let mut a = i + 3;
        while is(a, &["off"]) {
            a += 1;
        }
        if let Some(actor) = actor_at(tokens, a, view.first)
            .filter(|a| !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone))
        {
            hits.push(hit(Form::Responsibility, Severity::Blame, i, actor.end + 1));
            return;
        }
    }
}

/// "was entirely down to the database team", "responsibility lies with the release manager",
/// "the contractor was responsible for the outage".
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

fn responsibility(view: &View, i: usize, hits: &mut Vec<Hit>) {
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
    if down_to || lies_with || caused_by || traced {
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
            // (not "It was Hiroshi who found the broken migration")
            if word(tokens, a.end).is_some_and(|n| n.is("who"))
                && !word(tokens, a.end + 1).is_some_and(|v| credits(&v.lower))
            {
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
            w.is_any(&[
                "outage",
                "incident",
                "failure",
                "downtime",
                "breakage",
                "loss",
                "delay",
                "mistake",
                "error",
                "bug",
                "regression",
            ]) && tokens.get(i + 3 + n).is_none_or(|after| {
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

/// A slip named as such: "accidentally overwriting", "we mistakenly thought", "an accidental
/// execution". A hint: it implies someone erred, without judging them.
fn slip(view: &View, i: usize, hits: &mut Vec<Hit>) {
    const SLIPS: &[&str] = &[
        "accidentally",
        "accidental",
        "mistakenly",
        "wrongly",
        "erroneously",
    ];
    let t = &view.tokens[i];
    let negated = i > 0 && is_negation(&view.tokens[i - 1]);
    let next = word(view.tokens, i + 1);
    // "by mistake", "by accident", "in error"
    let phrase = (t.is("by") && next.is_some_and(|n| n.is_any(&["mistake", "accident"]))
        || t.is("in")
            && next.is_some_and(|n| n.is("error"))
            && i > 0
            && view.tokens[i - 1].is_word())
        && !(i > 0 && view.tokens[i - 1].is_any(&["not", "never"]));
    if t.is_any(SLIPS) && !negated {
        hits.push(hit(Form::Slip, Severity::Hindsight, i, i + 1));
    } else if phrase {
        hits.push(hit(Form::Slip, Severity::Hindsight, i, i + 2));
    }
}

/// Punishment asked for, or a person reduced to a habit: "whoever wrote this should be banned
/// from prod", "the engineer must be held accountable", "classic Dave, pushing on a Friday".
fn punitive(view: &View, hits: &mut Vec<Hit>) {
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

/// A question that accuses by exasperation: "Is it really so hard to run the tests?", "Is it too
/// much to ask that ...?", "What exactly was the reviewer doing when this got approved?".
fn exasperated(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|w| w.is_any(words));
    let asked = view.question;
    for i in view.first..tokens.len() {
        // "How many times do we need to say it", "how many times must I remind people" (asked
        // or not), not "how many times did the job retry"
        let how_many_times = is(i, &["how"])
            && is(i + 1, &["many"])
            && is(i + 2, &["times"])
            && (i + 3..(i + 8).min(tokens.len())).any(|m| {
                is(
                    m,
                    &["say", "tell", "remind", "ask", "repeat", "explain", "beg"],
                )
            });
        // "Can someone explain how a 2,000-line diff got approved?" (a question about an act,
        // not "can someone explain the retry policy")
        let explain_how = asked
            && is(i, &["can", "could"])
            && is(i + 1, &["someone", "anyone", "somebody", "anybody"])
            && is(i + 2, &["explain", "tell"])
            && (i + 3..(i + 6).min(tokens.len())).any(|m| is(m, &["how", "why"]))
            // about an act ("how a 2,000-line diff got approved", "why nobody checked"), not
            // how something works
            && (i + 4..tokens.len()).any(|m| {
                is(m, &["got", "was", "were"])
                    && word(tokens, m + 1).is_some_and(|p| LEXICON.is_participle(&p.lower))
                    || actor_at(tokens, m, view.first).is_some()
            });
        // "Are we honestly surprised?", "is anyone really surprised, given ..."
        let surprised = asked
            && is(i, &["are", "is", "was", "were"])
            && is(i + 1, &["we", "anyone", "anybody", "you"])
            && (i + 2..(i + 5).min(tokens.len())).any(|m| is(m, &["surprised", "shocked"]))
            && (i + 2..(i + 4).min(tokens.len()))
                .any(|m| is(m, &["honestly", "really", "actually", "even", "seriously"]));
        // "Was it really necessary to run the migration at peak?": a decision questioned
        let really_necessary = asked
            && is(i, &["was", "did"])
            && is(i + 1, &["it", "we"])
            && is(i + 2, &["really", "honestly", "seriously", "truly"])
            && is(
                i + 3,
                &[
                    "necessary",
                    "wise",
                    "smart",
                    "sensible",
                    "needed",
                    "need",
                    "have",
                ],
            );
        // "It would be nice if people actually read the runbook": a wish, said with sarcasm
        let sarcastic_wish = is(i, &["nice", "great", "lovely", "helpful"])
            && i > 0
            && tokens[i - 1].is("be")
            && is(i + 1, &["if"])
            && (actor_at(tokens, i + 2, view.first).map(|a| a.end))
                .or_else(|| is(i + 2, &["people", "folks", "engineers", "devs"]).then_some(i + 3))
                .is_some_and(|end| {
                    (end..(end + 3).min(tokens.len()))
                        .any(|m| is(m, &["actually", "bothered", "ever"]))
                });
        // "What exactly was the point of a code review that approved this?"
        let pointless = asked
            && is(i, &["what"])
            && (i + 1..(i + 5).min(tokens.len())).any(|m| is(m, &["point"]))
            && tokens[i + 2..]
                .iter()
                .take(8)
                .any(|w| w.is_any(PEOPLES_WORK_NOUNS));
        if how_many_times
            || explain_how
            || surprised
            || really_necessary
            || sarcastic_wish
            || pointless
        {
            hits.push(hit(
                Form::RhetoricalQuestion,
                Severity::Blame,
                i,
                (i + 4).min(tokens.len()),
            ));
            return;
        }
        if !asked {
            continue;
        }
        // "so hard to", "that difficult to", "too much to ask"
        let hard = is(i, &["so", "that", "too"])
            && (is(i + 1, &["hard", "difficult"]) && is(i + 2, &["to"])
                || is(i + 1, &["much"]) && is(i + 2, &["to"]) && is(i + 3, &["ask"]));
        if hard {
            hits.push(hit(
                Form::RhetoricalQuestion,
                Severity::Blame,
                view.first,
                i + 3,
            ));
            return;
        }
        // "what was the reviewer doing", "what exactly were they doing"
        if tokens[i].is("what") {
            let mut k = i + 1;
            while word(tokens, k).is_some_and(|w| is_adverb(w) || w.is_any(&["on", "earth"])) {
                k += 1;
            }
            if !is(k, &["was", "were", "is", "are"]) {
                continue;
            }
            let Some(actor) = actor_at(tokens, k + 1, view.first) else {
                continue;
            };
            if is(actor.end, &["doing", "thinking"]) && actor.kind != ActorKind::Writers {
                hits.push(hit(
                    Form::RhetoricalQuestion,
                    Severity::Blame,
                    i,
                    actor.end + 1,
                ));
                return;
            }
        }
    }
}

/// A question that accuses rather than asks: "Why did nobody check ...?", "How could anyone
/// think ...?", "What were they thinking?".
fn rhetorical(view: &View, hits: &mut Vec<Hit>) {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    // "Seriously, who approved this?", "So why did nobody check?": the question starts after
    // an interjection.
    let mut f = view.first;
    while word(tokens, f).is_some_and(|w| {
        w.is_any(&[
            "seriously",
            "honestly",
            "so",
            "ok",
            "okay",
            "and",
            "but",
            "again",
            "genuinely",
            "really",
            "like",
            "i",
            "mean",
            "um",
            "look",
            "lol",
            "lmao",
            "tbh",
            "ngl",
            "wait",
            "yeah",
            "ok",
        ])
    }) {
        f += 1;
        while tokens.get(f).is_some_and(|t| t.kind == Kind::Break) {
            f += 1;
        }
    }
    if word(tokens, f).is_none() {
        return;
    }
    let first = &tokens[f];
    let second = word(tokens, f + 1);
    let third = word(tokens, f + 2);
    // "Was anyone even watching?", "Didn't anyone think to check?", "Who thought this was a good
    // idea?", "How was this allowed to ship?", "Isn't it QA's job to catch this?", "How many
    // times do we have to tell people ...?"
    // "Why was the rollback plan ignored?", "Why wasn't the change reviewed?"
    let passive_lapse = first.is_any(&["why", "how"])
        && second.is_some_and(|n| n.is_any(&["was", "were", "wasn't", "weren't", "is", "are"]))
        && tokens.iter().enumerate().skip(f + 2).any(|(k, p)| {
            let negated = second.is_some_and(|n| n.lower.ends_with("n't"))
                || k > 0 && is_negation(&tokens[k - 1]);
            lx.is_participle(&p.lower)
                && (lx.verb_in(&p.lower, &lx.omission).is_some()
                    || negated
                        && lx
                            .bases(&p.lower)
                            .iter()
                            .any(|b| PASSIVE_CHECKS.contains(&b.as_str())))
        });
    // "How was this ever approved?", "How did this get merged?": a lapse of whoever let it pass.
    let let_through = first.is("how")
        && second.is_some_and(|n| {
            n.is_any(&["was", "were", "is", "are", "did", "does", "could", "can"])
        })
        && tokens.iter().skip(f + 2).any(|p| {
            lx.is_participle(&p.lower)
                && lx.bases(&p.lower).iter().any(|b| {
                    matches!(
                        b.as_str(),
                        "approve" | "merge" | "ship" | "sign" | "allow" | "permit" | "greenlight"
                    )
                })
        });
    // "Wasn't it obvious that ...?", "Isn't checking expiry literally on the checklist?": a
    // negative question whose answer is meant as a reproach.
    let reproach = first.is_any(&["wasn't", "isn't", "weren't", "aren't", "didn't", "doesn't"])
        && tokens
            .iter()
            .any(|n| n.is_any(&["obvious", "checklist", "literally", "job"]));
    // "Correct me if I'm wrong, but didn't the platform team own this?": a negative question
    // about who owned it, anywhere in the sentence.
    let owned = tokens.iter().enumerate().any(|(k, n)| {
        n.is_any(&["didn't", "wasn't", "isn't", "doesn't", "weren't", "aren't"])
            && actor_at(tokens, k + 1, f).is_some_and(|a| {
                !matches!(
                    a.kind,
                    ActorKind::Writers | ActorKind::Nobody | ActorKind::Anyone
                )
            })
    }) && tokens
        .iter()
        .any(|n| n.is_any(&["own", "owns", "responsible", "supposed", "job"]));
    // "Was the change even reviewed?", "Did they even read the ticket?": "even" makes a question
    // about someone's diligence a reproach.
    let even = tokens.iter().any(|n| n.is("even"))
        && tokens.iter().skip(f + 1).any(|p| {
            lx.verb_in(&p.lower, &lx.diligence).is_some()
                && (lx.is_participle(&p.lower) || !p.lower.ends_with("ing"))
        });
    let accusing = passive_lapse
        || owned
        || let_through
        || even
        || reproach
        || first.is_any(&[
            "was", "were", "did", "didn't", "has", "hasn't", "had", "is", "isn't", "wasn't",
            "does", "doesn't",
        ]) && actor_at(tokens, f + 1, f)
            .is_some_and(|a| matches!(a.kind, ActorKind::Anyone | ActorKind::Nobody))
        || first.is("who") && {
            // "who approved this?", "who on earth approved this?", "who exactly signed off?"
            let mut v = f + 1;
            while word(tokens, v).is_some_and(|w| {
                w.is_any(&["on", "earth", "exactly", "the", "hell", "actually", "even"])
            }) {
                v += 1;
            }
            word(tokens, v).is_some_and(|n| {
                n.is_any(&["thought", "decided", "approved", "signed", "allowed", "let"])
            })
            // "who merged this?", "who wrote this without tests?"
            || word(tokens, v).is_some_and(|n| {
                n.is_any(&[
                    "merged", "pushed", "deployed", "shipped", "wrote", "configured", "changed",
                    "touched", "ran", "broke", "deleted", "disabled", "set",
                ])
            }) && word(tokens, v + 1).is_some_and(|n| n.is_any(&["this", "that", "these"]))
        }
        // "Are we seriously still deploying by hand?", "Is anyone actually reading these?"
        || tokens[f..]
            .iter()
            .any(|n| n.is_any(&["seriously", "honestly"]))
            && tokens[f..].iter().any(|n| n.is_any(&["still", "again", "actually"]))
        || first.is("how")
            && second.is_some_and(|n| n.is("hard"))
            && third.is_some_and(|n| n.is_any(&["is", "was", "can", "could"]))
        || first.is_any(&["how", "why"])
            && second.is_some_and(|n| n.is_any(&["was", "were", "is", "could"]))
            && tokens.iter().any(|n| n.is("allowed"))
        || tokens.iter().any(|n| n.is("job"))
            && tokens.iter().any(|n| {
                n.lower.ends_with("'s") && n.capitalised || n.is_any(&["their", "his", "her"])
            })
        || first.is_any(&["why", "how", "what"])
            && second.is_some_and(|n| n.is("on"))
            && third.is_some_and(|n| n.is("earth"));
    if accusing {
        hits.push(hit(
            Form::RhetoricalQuestion,
            Severity::Blame,
            f,
            (f + 3).min(tokens.len()),
        ));
        return;
    }
    if !first.is_any(&["why", "how", "what"]) {
        return;
    }
    let mut k = f + 1;
    if word(tokens, k).is_some_and(|w| w.is("on"))
        && word(tokens, k + 1).is_some_and(|w| w.is("earth"))
    {
        k += 2;
    }
    let Some(aux) = word(tokens, k) else { return };
    let aux_ok = aux.is_any(&[
        "did", "didn't", "could", "couldn't", "would", "wouldn't", "was", "wasn't", "were",
        "weren't", "has", "hasn't", "had", "hadn't", "is", "isn't", "does", "doesn't",
    ]);
    if !aux_ok {
        return;
    }
    let Some(actor) = actor_at(tokens, k + 1, f) else {
        return;
    };
    let mut v = actor.end;
    let mut negated = aux.lower.ends_with("n't");
    while word(tokens, v).is_some_and(|w| is_negation(w) || is_adverb(w)) {
        negated |= is_negation(&tokens[v]);
        v += 1;
    }
    let verb = word(tokens, v);
    let accusing = match actor.kind {
        ActorKind::Nobody => true,
        ActorKind::Writers => false,
        _ if first.is("what") => verb.is_some_and(|w| w.is("thinking")),
        ActorKind::Anyone | ActorKind::Pronoun | ActorKind::Name | ActorKind::Role => {
            let v = verb.map_or("", |w| w.lower.as_str());
            let diligent = lx.verb_in(v, &lx.diligence).is_some();
            let omitted =
                lx.verb_in(v, &lx.omission).is_some() || lx.verb_in(v, &lx.fault).is_some();
            (negated && diligent)
                || omitted
                || (aux.is_any(&["could", "would"])
                    && matches!(actor.kind, ActorKind::Anyone | ActorKind::Pronoun))
        }
    };
    if accusing {
        hits.push(hit(
            Form::RhetoricalQuestion,
            Severity::Blame,
            f,
            (v + 1).min(tokens.len()),
        ));
    }
}

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

/// What someone's conduct is called: "the handling of the ticket was sloppy".
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
];

const CONDUCT: &[&str] = &[
    "decision",
    "decisions",
    "handling",
    "response",
    "behaviour",
    "behavior",
    "conduct",
    "attitude",
    "work",
    "performance",
    "effort",
    "approach",
    "diligence",
    "follow-up",
    "communication",
    "oversight",
    "review",
    "judgement",
    "judgment",
    "decision",
    "reaction",
];

/// What care a person gives, as a noun: "no attention was paid", "due diligence was not done".
const CARE_NOUNS: &[&str] = &[
    "attention",
    "care",
    "diligence",
    "thought",
    "consideration",
    "scrutiny",
    "rigour",
    "rigor",
    "testing",
    "review",
    "oversight",
    "caution",
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

/// A judgement of a person or of their conduct: "Kevin was careless", "the vendor's support is a
/// disgrace", "we were sloppy", "the handling of the ticket was amateur". The adjective or noun
/// comes from a general sentiment lexicon, so the form covers words no list of ours foresaw.
fn judgement(view: &View, i: usize, hits: &mut Vec<Hit>) {
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
    let conduct = subject.iter().any(|w| w.is_any(CONDUCT))
        && subject.iter().enumerate().any(|(n, w)| {
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
        });
    // "the whole review on #4550 was a joke": work people do, mocked
    let mocked = tokens[from..end].iter().any(|w| w.is_any(MOCKERY))
        && tokens[view.first..i]
            .iter()
            .any(|w| w.is_any(PEOPLES_WORK_NOUNS));
    let start = match person {
        Some(a) => a.start,
        None if conduct => subject_start,
        None if mocked => view.skip_openers(view.first),
        None => return,
    };
    hits.push(hit(Form::Judgement, Severity::Blame, start, end));
}

/// What mocks a piece of work: "was a joke", "a farce".
const MOCKERY: &[&str] = &[
    "joke", "farce", "shambles", "travesty", "circus", "clown", "mess", "rubber", "charade",
];

/// Work people do, as a noun: what "was a joke" mocks them through.
const PEOPLES_WORK_NOUNS: &[&str] = &[
    "review",
    "reviews",
    "handover",
    "handoff",
    "sign-off",
    "approval",
    "approvals",
    "testing",
    "qa",
    "on-call",
    "response",
    "rollout",
    "planning",
    "communication",
    "triage",
    "escalation",
];

/// An insinuation tagged onto a sentence about someone: "the payments squad owned the retry
/// config and it was wrong, draw your own conclusions", "…, just saying", "and here we are".
fn insinuated(view: &View, hits: &mut Vec<Hit>) {
    const TAGS: &[&[&str]] = &[
        &["draw", "your", "own", "conclusions"],
        &["just", "saying"],
        &["make", "of", "that", "what"],
        &["speaks", "for", "itself"],
        &["says", "it", "all"],
        &["and", "here", "we", "are"],
    ];
    let tokens = view.tokens;
    // "I'm not saying it was Katarzyna's change, but the timing matches": the disclaimer names
    // whom it insinuates
    let not_saying = (view.first..tokens.len()).find(|&i| {
        tokens[i].is("not")
            && word(tokens, i + 1).is_some_and(|w| w.is_any(&["saying", "suggesting", "implying"]))
    });
    if let Some(i) = not_saying {
        let but = (i + 2..(i + 12).min(tokens.len())).find(|&m| tokens[m].is("but"));
        let named = but.and_then(|but| {
            (i + 2..but).find_map(|m| {
                actor_at(tokens, m, view.first)
                    .filter(|a| !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone))
            })
        });
        if let Some(actor) = named {
            hits.push(hit(Form::RhetoricalQuestion, Severity::Blame, i, actor.end));
            return;
        }
    }
    let Some(tag) = (view.first..tokens.len()).find(|&i| {
        TAGS.iter().any(|tag| {
            tag.iter()
                .enumerate()
                .all(|(n, w)| word(tokens, i + n).is_some_and(|t| t.is(w)))
        })
    }) else {
        return;
    };
    let someone = (view.first..tag).find_map(|i| {
        actor_at(tokens, i, view.first)
            .filter(|a| !matches!(a.kind, ActorKind::Writers | ActorKind::Anyone))
    });
    if let Some(actor) = someone {
        hits.push(hit(
            Form::RhetoricalQuestion,
            Severity::Blame,
            actor.start,
            actor.end,
        ));
    }
}

/// "a mistake any competent engineer would have avoided": competence measured against the
/// person; "chose speed over safety", "put the launch date above quality": haste preferred to
/// care.
fn competence_or_haste_over_care(view: &View, i: usize, hits: &mut Vec<Hit>) {
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

/// Blame laid on someone else: "it's on the data team for not validating the schema", "an
/// oversight on Li Wei's part", "a mistake on the part of the vendor", and their competence
/// denied: "has no idea about idempotency", "didn't know what they were doing". (Said of
/// ourselves, these are the self-blame form's.)
fn laid_on_someone(view: &View, i: usize, hits: &mut Vec<Hit>) {
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
            let pointing = tokens[said_of..i]
                .iter()
                .filter(|w| w.is_word())
                .all(|w| w.is_any(&["it", "it's", "this", "that", "that's", "'s", "is", "was"]));
            if pointing {
                hits.push(hit(Form::Responsibility, Severity::Blame, i, actor.end));
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
    // "has no idea about idempotency", "have no clue how DNS works" (not "we had no idea")
    if t.is_any(&["has", "have"])
        && is(i + 1, &["no"])
        && is(i + 2, &["idea", "clue"])
        && is(i + 3, &["about", "how", "what"])
        && actor_at(tokens, view.skip_openers(view.clause_start(i)), view.first).is_some_and(|a| {
            !matches!(
                a.kind,
                ActorKind::Writers | ActorKind::Anyone | ActorKind::Nobody
            )
        })
    {
        hits.push(hit(Form::Judgement, Severity::Blame, i, i + 3));
        return;
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

/// Verbs of the sentiment lexicon that are routine operations or feelings, not harm done: "killed
/// the stuck process", "failed over", "complained", "panicked".
const ROUTINE_OR_FEELING: &[&str] = &[
    "kill",
    "fire",
    "fail",
    "suspend",
    "restrict",
    "ban",
    "reject",
    "deny",
    "force",
    "trap",
    "drain",
    "strain",
    "infect",
    "disqualify",
    "arrest",
    "detain",
    "prosecute",
    "punish",
    "threaten",
    "complain",
    "argue",
    "suffer",
    "worry",
    "cry",
    "die",
    "fear",
    "hate",
    "dislike",
    "regret",
    "doubt",
    "tire",
    "block",
    "attack",
    "fight",
    "battle",
    "dump",
    "drop",
    "abort",
    "terminate",
    "censor",
    "inhibit",
    "disagree",
    "dispute",
    "grieve",
    "dread",
    "exhaust",
    "frustrate",
    "annoy",
    "disappoint",
    "discourage",
    "embarrass",
    "depress",
    "disturb",
    "scare",
    "freeze",
    "crash",
    "choke",
    "bomb",
    "reject",
    "expel",
    "evict",
    "banish",
    "damn",
    "curse",
    "hack",
    "stress",
    "stall",
    "collapse",
    "lose",
    "lost",
    "miss",
    "sink",
    "drown",
    "burn",
    "degrade",
    "decay",
    "worsen",
];

/// Verbs that put something where others can read it.
const PUT_WHERE_OTHERS_READ: &[&str] = &[
    "pasted",
    "posted",
    "committed",
    "pushed",
    "shared",
    "put",
    "logged",
    "printed",
    "left",
    "sent",
    "dumped",
    "uploaded",
    "copied",
    "hardcoded",
    "hard-coded",
    "embedded",
];

/// A secret, then a place others read: "the service account secret into a comment on OPS-4410",
/// "the API key in the public repo".
fn secret_shown(rest: &[&Token]) -> bool {
    const SECRETS: &[&str] = &[
        "secret",
        "secrets",
        "password",
        "passwords",
        "token",
        "tokens",
        "credential",
        "credentials",
        "key",
        "keys",
    ];
    const KEYS: &[&str] = &[
        "api", "private", "access", "signing", "ssh", "secret", "deploy",
    ];
    const PLACES: &[&str] = &[
        "comment",
        "comments",
        "chat",
        "channel",
        "ticket",
        "slack",
        "log",
        "logs",
        "repo",
        "repository",
        "commit",
        "issue",
        "wiki",
        "email",
        "gist",
        "pastebin",
        "thread",
        "doc",
        "readme",
        "screenshot",
        "file",
        "env",
        ".env",
        "script",
        "dockerfile",
        "notebook",
        "spreadsheet",
        "code",
        "pr",
        "description",
    ];
    let secret = rest.iter().take(6).enumerate().position(|(n, t)| {
        t.is_any(SECRETS) && (!t.is_any(&["key", "keys"]) || n > 0 && rest[n - 1].is_any(KEYS))
    });
    secret.is_some_and(|at| {
        rest[at + 1..].iter().take(6).any(|t| t.is_any(PLACES))
            && rest[at + 1..]
                .iter()
                .take(3)
                .any(|t| t.is_any(&["into", "in", "to", "on"]))
    })
}

/// States a consequence leaves something in: "…, so it sat unseen", "…, leaving it rushed".
const LEFT_HARMED: &[&str] = &[
    "unseen",
    "unnoticed",
    "unanswered",
    "unattended",
    "unhandled",
    "untriaged",
    "unpatched",
    "unmonitored",
    "rushed",
    "bloated",
    "stranded",
    "stuck",
];

/// What an act can do to data or a service, said in "…, which leaked session tokens".
const DAMAGE: &[&str] = &[
    "leak",
    "expose",
    "corrupt",
    "wipe",
    "erase",
    "overwrite",
    "truncate",
    "overload",
    "flood",
    "exhaust",
    "saturate",
    "stall",
    "freeze",
    "deadlock",
    "lock",
    "orphan",
    "brick",
];

/// A past-tense verb whose base form is strongly negative in the general lexicon and is no
/// routine operation or feeling: "ruined", "sabotaged", "abused", "neglected", "wasted".
fn harmful_verb(v: &str) -> bool {
    let lx = &*LEXICON;
    lx.is_past(v)
        && !v.ends_with("ing")
        && lx
            .bases(v)
            .iter()
            .any(|b| b != v && lx.negative.contains(b.as_str()))
        && !lx
            .bases(v)
            .iter()
            .any(|b| ROUTINE_OR_FEELING.contains(&b.as_str()))
}

/// "a bit too quick to restart", "far too eager to merge", "too relaxed about": haste or ease
/// judged after the fact. Returns the index past the adjective.
fn too_quick(tokens: &[Token], from: usize) -> Option<usize> {
    let mut k = from;
    while word(tokens, k).is_some_and(|w| w.is_any(&["a", "bit", "little", "far", "way", "much"])) {
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
