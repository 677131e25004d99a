//! Harm an act did, read in the words after it: "bumped the timeout, which broke everything
//! downstream", "merged #4580 without the migration and prod fell over", "…, so it sat unseen".
//! An act a person did is a fault when harm follows it in the same sentence ([`harm_follows`]),
//! or when its verb is one of harm done ([`harmful_verb`]: "ruined", "sabotaged", "neglected"),
//! unless it is a routine operation or a feeling ("killed the stuck process", "panicked").

use super::risk::{system_within, TIMES};
use super::words::{is_negation, starts_with_digit, word};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::{Kind, Token};

/// "bumped the timeout, which broke everything downstream", "merged #4580 without the
/// migration and prod fell over": an action, then in the same sentence the harm it did.
pub(super) fn harm_follows(tokens: &[Token], from: usize) -> bool {
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
            // "…, which is why new users were matched with strangers", "…, and that is why the
            // outage ran 40 minutes", "…, which is what saturated the mail relay"
            if tokens[i].is_any(&["why", "what"])
                && i < from + 14
                && (i >= 2
                    && tokens[i - 1].is_any(&["is", "was"])
                    && tokens[i - 2].is_any(&["which", "that", "this"])
                    || i >= 1 && tokens[i - 1].is_any(&["that's", "which's"]))
            {
                let clause_end = (i + 1..tokens.len())
                    .find(|&k| tokens[k].kind != Kind::Word)
                    .unwrap_or(tokens.len());
                return harmful(tokens, i + 1..clause_end);
            }
            // "…, cutting power to the radio controllers", "…, delaying the fire response by 17
            // minutes", "…, adding nine minutes to the response": harm told as what the act did
            // (only right after the act's own clause: not "…; the UPS ran out, cutting power",
            // "reported that the integration had posted it, exposing …")
            let own_clause = || {
                tokens[from..i].iter().enumerate().all(|(n, t)| {
                    t.lower != ";"
                        && !t.is_any(&["that", "which", "who", "because", "when", "while", "but"])
                        && !(t.is("and")
                            && word(tokens, from + n + 1)
                                .is_none_or(|v| !LEXICON.is_past(&v.lower)))
                })
            };
            if i > 0
                && tokens[i - 1].lower == ","
                && tokens[i].lower.ends_with("ing")
                && own_clause()
            {
                let next = word(tokens, i + 1);
                let base_is = |b: &str| LEXICON.bases(&tokens[i].lower).iter().any(|x| x == b);
                let did_harm = damage_done(tokens, i)
                    || base_is("cut") && next.is_some_and(|n| n.is_any(&["power", "off"]))
                    || base_is("knock") && next.is_some_and(|n| n.is_any(&["out", "over"]))
                    || base_is("delay") && !tokens[i + 1..].iter().take(6).any(|n| n.is("until"))
                    || base_is("add")
                        && next.is_some_and(starts_with_digit_or_number)
                        && tokens[i + 1..].iter().take(4).any(|n| n.is_any(TIMES));
                if did_harm {
                    return true;
                }
            }
            // "…, so it sat unseen until 09:15", "…, leaving the integration to be rushed"
            if tokens[i].is_any(&["so", "leaving"]) {
                return tokens[i + 1..]
                    .iter()
                    .take(8)
                    .take_while(|t| t.kind == Kind::Word)
                    .any(|t| t.is_any(LEFT_HARMED));
            }
            // "and prod fell over", "and checkout went down" (not "and prod still fell over,
            // because the leak was in a sidecar": harm that came anyway)
            tokens[i].is("and")
                && system_within(tokens, i + 1, 3)
                && !came_anyway(&tokens[i + 1..(i + 5).min(tokens.len())])
                && !other_cause(tokens, i + 1)
                && (i + 2..(i + 5).min(tokens.len()))
                    .any(|k| fell_over(tokens, k) || tokens[k].is_any(COLLAPSED))
        })
}

/// A number, in digits or in words: "17", "nine", "a few".
fn starts_with_digit_or_number(t: &Token) -> bool {
    starts_with_digit(t)
        || t.is_any(&[
            "a", "an", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "several", "many",
        ])
}

/// Whether a service "fell over", "went down" or "went dark" at `i`, or racking "came down", a
/// feed "went black", a tank "ran dry", a studio "ground to a halt", a ledger "went negative".
pub(super) fn fell_over(tokens: &[Token], i: usize) -> bool {
    tokens[i].is_any(&["fell", "went", "keeled", "falls", "goes", "came", "comes"])
        && word(tokens, i + 1)
            .is_some_and(|n| n.is_any(&["over", "down", "dark", "black", "blank"]))
        || tokens[i].is_any(&["ran", "runs"])
            && word(tokens, i + 1).is_some_and(|n| n.is_any(&["dry", "empty", "out", "over"]))
        // "the whole studio ground to a halt", "the ledger went negative"
        || tokens[i].is_any(&["ground", "grinds", "came", "comes"])
            && word(tokens, i + 1).is_some_and(|n| n.is("to"))
            && word(tokens, i + 3).is_some_and(|n| n.is_any(&["halt", "standstill"]))
        || tokens[i].is_any(&["went", "goes"])
            && word(tokens, i + 1).is_some_and(|n| n.is("negative"))
}

/// One-word verbs of a service failing outright: "prod crashed", "the app died".
/// Machines seize up the same way: "the hosts overheated", "the sorter jammed", "the spindle
/// seized".
pub(super) const COLLAPSED: &[&str] = &[
    "crashed",
    "died",
    "collapsed",
    "exploded",
    "tanked",
    "overheated",
    "jammed",
    "seized",
];

/// Whether the words from `from` on give the harm a cause of its own: "…, because the signing
/// certificate had expired", "… due to a seasonal shift", "… was traced to the importer".
pub(super) fn other_cause(tokens: &[Token], from: usize) -> bool {
    tokens[from.min(tokens.len())..].iter().any(|t| {
        t.is_any(&[
            "because",
            "due",
            "owing",
            "traced",
            "caused",
            "attributed",
            "since",
            "when",
            "as",
            "unrelated",
            "originated",
        ])
    })
}

/// Whether `words` say the harm came anyway, whatever was done: "and prod still fell over".
pub(super) fn came_anyway(words: &[Token]) -> bool {
    words.iter().any(|t| t.is_any(&["still", "anyway"]))
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

/// Whether the word at `i` tells of damage done, in the past or going on: "throttled all
/// enterprise customers", "tanked conversions", "started leaking memory", "locked the orders
/// table" (a form of a [`DAMAGE`] verb or of breaking, crashing, tanking or throttling; not a
/// bare verb such as "lock" or "leak", which as often names a thing).
pub(super) fn damage_done(tokens: &[Token], i: usize) -> bool {
    let Some(w) = word(tokens, i) else {
        return false;
    };
    let v = w.lower.as_str();
    let lx = &*LEXICON;
    (lx.is_past(v) || v.ends_with("ing"))
        && lx.bases(v).iter().any(|b| {
            b != v
                && (DAMAGE.contains(&b.as_str())
                    || matches!(b.as_str(), "break" | "crash" | "tank" | "throttle"))
        })
}

/// What an act can do to data or a service, said in "…, which leaked session tokens".
const DAMAGE: &[&str] = &[
    "duplicate",
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
    "scramble",
    "mangle",
    "garble",
    "clobber",
];

/// A past-tense verb whose base form is strongly negative in the general lexicon and is no
/// routine operation or feeling: "ruined", "sabotaged", "abused", "neglected", "wasted".
pub(super) fn harmful_verb(v: &str) -> bool {
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

/// Nouns and participles that name harm to a service, its data or its users: "the outage", "the
/// app crashes", "introduced a race", "was unavailable for six hours".
pub(super) const HARM: &[&str] = &[
    "outage",
    "outages",
    "incident",
    "downtime",
    "failure",
    "failures",
    "breakage",
    "loss",
    "losses",
    "delay",
    "delays",
    "mistake",
    "error",
    "errors",
    "bug",
    "bugs",
    "regression",
    "problem",
    "problems",
    "issue",
    "issues",
    "trouble",
    "crash",
    "crashes",
    "crashed",
    "corruption",
    "corrupted",
    "leak",
    "leaked",
    "exposure",
    "exposed",
    "breach",
    "vulnerability",
    "incompatibility",
    "disruption",
    "degradation",
    "degraded",
    "unavailable",
    "unreachable",
    "broke",
    "broken",
    "lost",
    "wiped",
    "timeouts",
    "5xx",
    "race",
    "deadlock",
    "defect",
    "flaw",
    "null",
];

/// Whether `range` names harm and not its undoing: "the data loss", "the app crashes", "billing
/// double-charged", but not "the quick recovery from the outage".
pub(super) fn harmful(tokens: &[Token], range: std::ops::Range<usize>) -> bool {
    let lx = &*LEXICON;
    let words = &tokens[range];
    words.iter().enumerate().any(|(k, t)| {
        t.is_any(HARM)
            // "checkout fell over", "vpn was down for the whole office", "the queue backed up"
            // (not "the error rate went down": a measure falling)
            || (fell_over(words, k)
                || t.is("down")
                    && k > 0
                    && words[k - 1].is_any(&["was", "were", "is", "are", "been", "be", "stayed"])
                || t.is("backed") && words.get(k + 1).is_some_and(|n| n.is("up")))
                && !(k > 0 && words[..k].iter().rev().take(2).any(|w| w.is_any(MEASURES)))
            // "billing starts double charging", "orders got double posted" (not "double
            // checked")
            || t.is("double")
                && words.get(k + 1).is_some_and(|n| {
                    n.is_word()
                        && (n.lower.ends_with("ing") || n.lower.ends_with("ed"))
                        && !n.lower.starts_with("check")
                })
            || t.is_any(SYMPTOMS)
            || harmful_verb(&t.lower)
            // "the service started leaking memory", "wiping the bucket" (not "no accounts were
            // erased")
            // (nor "the breaking API change": a word that describes)
            || damage_done(words, k)
                && !words[..k].iter().any(is_negation)
                && !(k > 0 && words[k - 1].is_any(&["the", "a", "an", "this", "that"]))
            // what should go on stopped: "search engines stopped indexing the site" (not
            // "stopped failing", "stopped returning 500s")
            || stopped_going_on(words, k)
            // "the web app could not reach the API"
            || t.is("could") && words.get(k + 1).is_some_and(|n| n.is("not"))
            // "the recorder ran out of disk"
            || t.is("out")
                && k > 0
                && words[k - 1].is_any(&["ran", "run", "runs", "running"])
                && words.get(k + 1).is_some_and(|n| n.is("of"))
            // "GPs never got the discharge letters", "the readings never reached billing":
            // what should have arrived did not
            || t.is("never")
                && words.get(k + 1).is_some_and(|n| {
                    lx.bases(&n.lower).iter().any(|b| ARRIVING.contains(&b.as_str()))
                })
            // "the night's scans were unreadable", "the kiosk was unusable"
            || t.lower
                .strip_prefix("un")
                .and_then(|w| w.strip_suffix("able"))
                .is_some_and(|v| {
                    v.len() > 2 && (lx.can_be_verb(v) || lx.can_be_verb(&format!("{v}e")))
                })
            // "212 bags missed the flight", "300 patients missed their appointments"
            || t.is("missed")
                && k > 0
                && (starts_with_digit(&words[k - 1])
                    || lx.is_common_noun(&words[k - 1].lower)
                        && words[k - 1].lower.ends_with('s'))
            || t.is_word()
                && if lx.is_past(&t.lower) {
                    lx.fault_verb(&t.lower).is_some()
                } else {
                    // "made every backend look dead", "the totals were wrong"
                    lx.negative.contains(t.lower.as_str())
                }
    }) && !undone(words)
}

/// Verbs of something arriving where it was due: "never reached billing", "never got the
/// letters".
const ARRIVING: &[&str] = &[
    "reach", "get", "arrive", "receive", "land", "load", "print", "send", "show", "appear", "fire",
    "start", "open", "go",
];

/// What harm looks like to those who suffer it, beside [`HARM`]: "the replication lag", "stale
/// prices", "most of the customer impact", "the root cause".
pub(super) const SYMPTOMS: &[&str] = &[
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
    "backlog",
    "stall",
    "stalls",
    "storm",
    "stuck",
    "choked",
    "hung",
    "offline",
    "blackholed",
    "double-billed",
    "double-charged",
    "overcharged",
    "worse",
    "couldn't",
    "unable",
    "exhausted",
    "saturated",
    "overflowed",
    "read-only",
    "oom-killed",
    "oomkilled",
    "cannot",
    "can't",
    "erroring",
    "crashloops",
    "crashlooping",
    "timing",
    "purged",
    "wiped",
    "invalidated",
    "lost",
    "silent",
    "inflated",
    "flooding",
    "flooded",
    "stranded",
    "overdue",
    "delayed",
    "queuing",
    "queueing",
    "oversold",
    "misrouted",
    "regressed",
    "disappeared",
    "vanished",
];

/// Whether `words` tell of harm undone or kept small: "the quick recovery from the outage", "the
/// outage ended", "is why we caught it".
pub(super) fn undone(words: &[Token]) -> bool {
    // "the error rate went down", "latency dropped back": a measure of harm falling
    let fell = |k: usize| {
        let next = |n: usize| words.get(k + n).filter(|t| t.is_word());
        next(1).is_some_and(|v| {
            v.is_any(&[
                "dropped",
                "fell",
                "decreased",
                "declined",
                "halved",
                "shrank",
                "eased",
            ]) || v.is_any(&["went", "came", "goes", "comes"])
                && next(2).is_some_and(|d| d.is("down"))
        })
    };
    words
        .iter()
        .enumerate()
        .any(|(k, t)| t.is_any(MEASURES) && fell(k))
        || words.iter().enumerate().any(|(k, t)| {
            t.is_any(UNDOING)
            // "stopped accepting writes", "ceased responding": harm starting, not harm undone
            // (but "stopped crashing" is)
            && !stopped_going_on(words, k)
        })
}

/// Whether a word is an HTTP error status, as harm is told in numbers: "502s", "5xx", "401".
pub(super) fn error_status(t: &Token) -> bool {
    let code = t.lower.trim_end_matches('s');
    code.len() == 3
        && code.starts_with(['4', '5'])
        && code[1..].chars().all(|c| c.is_ascii_digit() || c == 'x')
}

/// Whether `words[k]` says that what should go on stopped: "stopped accepting writes", "ceased
/// responding", "stopped indexing the site" (not "stopped crashing", "stopped returning 500s",
/// "stopped logging people out", "stopped getting evicted": harm that ended).
fn stopped_going_on(words: &[Token], k: usize) -> bool {
    let lx = &*LEXICON;
    let harm = |t: &Token| {
        t.is_any(HARM)
            || t.is_any(SYMPTOMS)
            || t.is_any(&["out", "double", "twice"])
            || t.lower.starts_with("double-")
            || error_status(t)
            || lx.bases(&t.lower).iter().any(|b| {
                lx.negative.contains(b.as_str())
                    || matches!(
                        b.as_str(),
                        "crash" | "leak" | "break" | "error" | "throw" | "drop" | "evict" | "time"
                    )
            })
    };
    words[k].is_any(&["stopped", "ceased"])
        && words
            .get(k + 1)
            .is_some_and(|n| n.is_word() && n.lower.ends_with("ing"))
        && !words[k + 1..]
            .iter()
            .take(4)
            .take_while(|t| t.is_word())
            .any(harm)
}

/// What is measured, which goes down without harm: "the error rate went down".
pub(super) const MEASURES: &[&str] = &[
    "rate",
    "rates",
    "latency",
    "usage",
    "load",
    "count",
    "lag",
    "level",
    "levels",
    "number",
    "errors",
    "cpu",
    "memory",
    "depth",
    "backlog",
    "utilisation",
    "utilization",
    "p99",
];

const UNDOING: &[&str] = &[
    // (as a timeline tells it: "errors stop", "alerts clear", "checkout recovers")
    "stop",
    "stops",
    "clear",
    "clears",
    "recovers",
    "subsides",
    "recovery",
    "recovered",
    "restored",
    "restoration",
    "resolved",
    "resolution",
    "mitigated",
    "mitigation",
    "ended",
    "stopped",
    "fixed",
    "fix",
    "contained",
    "limited",
    "shortened",
    "caught",
    "detected",
    "detection",
    "discovered",
    "found",
    "noticed",
    "spotted",
    "averted",
    "avoided",
    "prevented",
    "saved",
    "quick",
    "quickly",
    "only",
    "minimal",
    "reduced",
    "diagnosis",
    "diagnosed",
    "unaffected",
    "unharmed",
    "stayed",
    "short",
    "shorter",
    "brief",
    "corrected",
    "cleanly",
    "smoothly",
    "safely",
    "cleared",
    "subsided",
    "disappeared",
    "vanished",
    "normalised",
    "normalized",
    "stabilised",
    "stabilized",
    "improved",
    "eased",
    "baseline",
    "lifted",
    "alert",
    "flagged",
    "hotfix",
    "hotfixes",
];
