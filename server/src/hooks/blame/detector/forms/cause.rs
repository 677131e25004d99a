//! A person's act given as the cause of the harm: "the outage arose from Mr. Rinaldi's choice of
//! firmware", "the errors stem from JB setting the threshold too low", "is attributable to the
//! values entered by Ms. Okafor", "Léa's hotfix is why the app crashes on launch".
//!
//! The same causal words give credit just as often ("the quick recovery came from Priya's
//! rollback", "Ana's alert is why we caught it within minutes"), so the effect the sentence names
//! must be harm ([`harmful`]) and not its undoing ([`undone`]). A system as the cause
//! ("arose from a race in the scheduler") is no person's act; neither is one person's by role
//! ("the on-call engineer restarted the primary, which triggered a resync"), which the corpus of
//! real reports mentions as context far more often than as blame. A team's act counts ("the
//! identity team rotated the signing key and logins failed"). Only the start of the trouble, dated
//! by an act ("the outage began after the intern ran the script"), is read for anyone
//! ([`began_after_a_person`]).

use super::clauses::View;
use super::conduct::{credits, credits_at};
use super::harm::{
    came_anyway, damage_done, error_status, fell_over, harmful, harmful_verb, other_cause, undone,
    COLLAPSED, HARM, MEASURES, SYMPTOMS,
};
use super::reasons::deliberate;
use super::risk::system_within;
use super::words::{is_negation, skip_adverbs, skip_stamp, starts_with_digit, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, names_a_team, Actor, ActorKind, DETERMINERS};
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
    // "the replication lag began with Anastasia's manual VACUUM"
    &[
        &["began", "begins", "begun", "started", "starts"],
        &["with"],
    ],
    &[
        &[
            "attributable",
            "attributed",
            "traceable",
            "traced",
            "traces",
            "trace",
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
    // "stale cache was from vikram setting the ttl to forever"
    &[&["is", "was", "were", "are"], &["from"]],
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

/// Words that date harm by a person's act: "the crash rate tripled after Rin enabled R8", "the
/// outage started when jmacleod rewrote the partitioning", "following Svetlana's upgrade, half of
/// the data centre lost connectivity". Weaker than a cause named outright, so the act must be
/// one that changes something, not a response to the harm ([`responding`]).
const AT_THE_TIME_OF: &[&[&[&str]]] = &[
    &[&["after", "when", "once", "following"]],
    &[&["as"], &["soon"], &["as"]],
];

/// Verbs of responding to harm or of being somewhere: "the errors spiked when Ana joined the
/// call", "after Omar paged the database team", "when Li was on call".
const RESPONDING: &[&str] = &[
    "be",
    "have",
    "join",
    "arrive",
    "acknowledge",
    "ack",
    "respond",
    "reply",
    "investigate",
    "check",
    "look",
    "notice",
    "see",
    "observe",
    "post",
    "announce",
    "declare",
    "report",
    "call",
    "notify",
    "alert",
    "tell",
    "say",
    "confirm",
    "verify",
    "wake",
    "log",
    "sign",
    "try",
    "attempt",
    "leave",
    "go",
    "come",
    "return",
    "hand",
    "halt",
    "pause",
    "revert",
];

/// Words that carry on from a person's act to what followed it: "mehmet upgraded the jdk and
/// every service started leaking memory", "Li Na changed the timeout, then all payment calls
/// failed".
const AND_THEN: &[&[&[&str]]] = &[
    &[&["and", "then", "now", "so"]],
    &[&["after"], &["that", "this"]],
];

/// What lapsed or was shut off after an act: "and the API certificate expired on Sunday", "and
/// the carrier blocked our IP", "and the tank overflowed".
const RAN_OUT: &[&str] = &["expired", "lapsed", "overflowed", "blocked", "spoiled"];

/// A system's defect, which does harm of its own: "and a template-engine bug broke its
/// placeholders", "hit a Safari-only parser bug".
const DEFECT_NOUNS: &[&str] = &["bug", "flaw", "defect", "glitch", "race", "regression"];

/// Marks a timeline sets a person's act and the harm after it apart with: "Mateus flips the flag to
/// 100%, billing starts double charging", "Siobhán merges PR #4412 → 10:09 cart service
/// crashloops".
const SIDE_BY_SIDE: &[&str] = &[",", ";", "–", "—", "→", "-", ">"];

/// In a timeline, the index of the clause after a mark of [`SIDE_BY_SIDE`] at `i`, past further
/// marks and a stamp, if it is a clause of its own (not "…, which stopped the 502s", "…, but the
/// ISP ignored it").
fn side_by_side(view: &View, i: usize) -> Option<usize> {
    let tokens = view.tokens;
    if !view.timeline || tokens[i].is_word() || !SIDE_BY_SIDE.contains(&tokens[i].lower.as_str()) {
        return None;
    }
    let after = (i + 1..tokens.len()).find(|&k| tokens[k].is_word())?;
    let after = skip_stamp(tokens, after);
    word(tokens, after)
        .filter(|w| {
            !w.is_any(&[
                "which", "who", "whose", "that", "that's", "thats", "this", "where", "but", "and",
                "so", "because", "when", "while", "after", "before", "since", "as", "then",
                "until", "once", "though", "although",
            ])
        })
        .map(|_| after)
}

/// Whether the clause at `from`, set beside a person's act in a timeline, tells of harm: "billing
/// starts double charging", "office loses 443", "half the traffic 502s", "search down" (not
/// "errors still at 3%": harm that was there already; not "error rate drops").
fn timeline_harm(view: &View, from: usize) -> bool {
    let tokens = view.tokens;
    let lx = &*LEXICON;
    let range = from..clause_end(tokens, from);
    let words = &tokens[range.clone()];
    let broke = words.iter().enumerate().any(|(k, t)| {
        let after_measure = k > 0 && words[k - 1].is_any(MEASURES);
        t.is_word()
            && (error_status(t)
                || t.is_any(&["down", "offline", "gone", "everywhere", "unanswered"])
                || lx.bases(&t.lower).iter().any(|b| {
                    BREAKING.contains(&b.as_str())
                        || b == "drop"
                            && !after_measure
                            && !words[..k].iter().any(|w| w.is_any(HARM))
                }))
    });
    // ("no writes lost", "zero errors")
    let denied = word(tokens, from).is_some_and(|w| w.is_any(&["no", "zero", "nothing", "none"]));
    (broke || harmful(tokens, range.clone()) || harm_ensued(view, from))
        && !denied
        && !undone(words)
        && !came_anyway(words)
        && !other_cause(tokens, from)
}

/// Verbs of a service breaking, as a timeline tells it in the present: "auth rejects every token",
/// "origin melts", "replicas lose quorum".
const BREAKING: &[&str] = &[
    "fail",
    "break",
    "crash",
    "stall",
    "degrade",
    "spike",
    "flood",
    "melt",
    "reject",
    "freeze",
    "hang",
    "die",
    "leak",
    "wipe",
    "corrupt",
    "lose",
    "timeout",
    "brown",
    "crashloop",
    "error",
    "bounce",
    "overload",
    "saturate",
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

/// Nouns for what a person did, after their name: "Leilani's script", "Quang's manual edit".
pub(super) const ACTS: &[&str] = &[
    "change",
    "changes",
    "edit",
    "edits",
    "update",
    "script",
    "query",
    "hotfix",
    "fix",
    "config",
    "configuration",
    "deploy",
    "deployment",
    "migration",
    "push",
    "commit",
    "patch",
    "rule",
    "setting",
    "settings",
    "command",
    "cleanup",
    "rollout",
    "upgrade",
    "rewrite",
    "click",
    "decision",
    "typo",
    "tweak",
    "override",
    "workaround",
    "merge",
    "release",
    "file",
];

/// Verbs of undoing harm or of finding it, which a person's act does as often as harm: "Bram's
/// fix removed the race condition", "layla's script refunded the customers", "Ngozi's review
/// noted that the validator does not reject empty pools".
const REMEDY: &[&str] = &[
    "remove",
    "eliminate",
    "add",
    "unblock",
    "refund",
    "replace",
    "surface",
    "restore",
    "revert",
    "close",
    "patch",
    "guard",
    "prevent",
    "stop",
    "catch",
    "note",
    "flag",
    "raise",
    "repair",
    "recover",
    "reduce",
    "lower",
    "cut",
    "clear",
    "resolve",
    "mitigate",
    "reinstate",
    "contain",
    "show",
    "reveal",
    "expose",
];

/// A cause named outright, after a person's act: "Tunde's decision is the underlying cause".
const CAUSE_NOUNS: &[&str] = &[
    "cause", "reason", "trigger", "source", "origin", "culprit", "root", "domino", "factor",
    "factors",
];

/// Finds a named person's act stated as the cause of harm, once per sentence.
pub(super) fn persons_act_as_cause(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let lx = &*LEXICON;
    // A question asks about a cause; it does not state one.
    if view.question {
        return;
    }
    // "did not come from Ana's change", "if it came from Ana's change": no cause stated.
    let denied = |at: usize| {
        (at.saturating_sub(2)..at).any(|k| word(tokens, k).is_some_and(is_negation))
            || tokens[view.first.min(at)..at]
                .iter()
                .any(|t| t.is_any(&["if", "whether", "unless"]))
    };
    for i in view.first..tokens.len() {
        // (a 5-whys answer opening with "Because" is read from the word after it)
        let at = if i == view.first && i > 0 && tokens[i - 1].is("because") {
            i - 1
        } else {
            i
        };
        if let Some(end) = person_named_as_cause(view, at).filter(|_| !denied(at)) {
            hits.push(hit(Form::Responsibility, Severity::Blame, at, end));
            return;
        }
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
        // "the root cause of the pager storm was Connor's alert rule", "Root cause: @svenb
        // deleted the record"
        // (after a colon only a bare cause noun: "The root cause was human error: Kevin pushed
        // the broken config" is the person form's reading of Kevin's act)
        let cause_was = (tokens[i].is_any(&["is", "was"])
            || tokens[i].lower == ":" && implied_harm(view, view.clause_start(i)..i, i))
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
        // "the crash rate tripled after Rin Takahashi enabled R8 full mode"
        let dated = link(tokens, i, AT_THE_TIME_OF)
            .filter(|&after| changed_by_someone(view, after) && !other_cause(tokens, after))
            .map(|after| {
                let start = effect_start(view, i);
                let effect = if tokens[start..i].iter().any(Token::is_word) {
                    start..i
                } else {
                    // "Following Svetlana's upgrade, half of the data centre lost connectivity"
                    let comma = (after..tokens.len()).find(|&k| tokens[k].kind == Kind::Break);
                    comma.map_or(after..after, |c| c + 1..tokens.len())
                };
                (effect, skip_adverbs(tokens, after))
            });
        if let Some((effect, after)) = back.or(tied.flatten()).or(dated) {
            if (harmful(tokens, effect.clone()) || implied_harm(view, effect, i)) && !denied(i) {
                // ("because Ana ran the planned load test", but "because Ewa scheduled the
                // maintenance during the heatwave" is her act)
                let planned = |end: usize| {
                    let possessive = end >= 2 && tokens[end - 2].lower.ends_with("'s");
                    let verb = !possessive && lx.is_past(&tokens[end - 1].lower);
                    deliberate_act(tokens, if verb { end } else { after })
                };
                if let Some(end) = persons_act(view, after)
                    .filter(|&end| !planned(end) && !a_system_fell_short(tokens, end))
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
            .filter(|&after| {
                // "… is the underlying cause." names no effect: the cause is enough
                let rest = after..(after + 10).min(tokens.len());
                let effect = tokens[rest.clone()].iter().any(Token::is_word);
                !undone(&tokens[rest.clone()]) && (!effect || harmful(tokens, rest))
            });
        // "kenji changed the cron to every minute, thats why the mail server crashed"
        let pointed = link(tokens, i, POINTING_BACK).filter(|&after| {
            // (not "which caused no further errors")
            i > view.first
                && harmful(tokens, after..(after + 10).min(tokens.len()))
                // (not "which is how we traced the bad column": what followed was finding it)
                && !tokens[after..(after + 3).min(tokens.len())]
                    .iter()
                    .any(|t| t.is_word() && credits(&t.lower))
                && !word(tokens, after)
                    .is_some_and(|w| w.is_any(&["no", "zero", "none", "little", "minimal"]))
        });
        // "mehmet upgraded the jdk and every service started leaking memory"
        let then_harm = link(tokens, i, AND_THEN)
            .filter(|&after| {
                i > view.first
                    && (harm_ensued(view, after)
                        // "ingrid set the rate limit to 10 rps and locked out half the partners"
                        // "the observability team upgraded prometheus and lost two weeks of
                        // metrics"
                        || tokens[i].is("and")
                            && (damage_done(tokens, after)
                                || tokens[after].is("lost")
                                // "and charged 9,600 policyholders a second time"
                                || went_wrong(tokens, after))
                            && lx.is_past(&tokens[after].lower))
            })
            // "T+0 – Mateus flips the pricing flag to 100%, billing starts double charging"
            .or_else(|| side_by_side(view, i).filter(|&after| timeline_harm(view, after)))
            .and_then(|after| {
                let actor = acting_first(view, i)?;
                let verb = word(tokens, actor.end)?;
                // (not "Column rename fell outside the contract checks, so the run broke": a
                // capitalised word of the language opening the sentence names no one; but a
                // name that is also a word, "Ana", "Mark", still does when it acts on something:
                // "Ana changed the config and …", not "Rollback changed the schema and …")
                let one_word = &tokens[actor.start];
                let acts_on_something = lx.is_past(&verb.lower)
                    && !lx.noun_in(&one_word.lower, &lx.systems)
                    && word(tokens, actor.end + 1).is_some_and(|d| d.is_any(DETERMINERS));
                if actor.end == actor.start + 1
                    && lx.is_common_noun(&one_word.lower)
                    && !acts_on_something
                {
                    return None;
                }
                // (not "merged the rate-limit fix …, and it lifted the throttling")
                let fix = tokens[actor.end..i]
                    .iter()
                    .any(|t| t.is_any(&["fix", "hotfix"]));
                // (a mark alone links a verb that tells its time: "Mateus flips", "Ewa pulled";
                // not "reindex job targets the primary, writes stalled")
                let told = tokens[i].is_word()
                    || actor.possessive
                    || lx.is_past(&verb.lower)
                    || verb.lower.ends_with('s') && lx.can_be_verb(&verb.lower);
                // (nor an act undone: "Priya rolls back the deploy, errors stop")
                let remedy = lx
                    .bases(&verb.lower)
                    .iter()
                    .any(|b| REMEDY.contains(&b.as_str()))
                    || tokens[actor.end..i].iter().any(|t| t.is("back"));
                let undone_beside = remedy && !tokens[i].is_word();
                // (nor an act a thing forced: "applied Type I fluid only because the Type IV
                // truck was out of service, and the holdover time expired")
                let forced = (actor.end..i).any(|m| {
                    tokens[m].is_any(&["because", "since"])
                        && word(tokens, m + 1).is_some_and(|d| d.is_any(DETERMINERS))
                        && actor_at(tokens, m + 1, view.first).is_none()
                });
                (!responding(&verb.lower) && !fix && told && !undone_beside && !forced)
                    .then_some((actor, after))
            });
        // (what follows an act starts at its verb, so that the person form's reading of the same
        // act, "merged #4580 without the migration and prod fell over", comes first)
        let pointed_back = pointed
            .and_then(|after| Some((acting_first(view, i)?.start, after)))
            .or(then_harm.map(|(actor, after)| (actor.end, after)));
        // "Fatima's change to the rate limiter throttled all enterprise customers", "Hamish's
        // change to the retry settings turned a brief blip into a full-blown retry storm"
        // (a fault verb, "Emeka's hotfix introduced a null pointer", is the person form's)
        let main_verb = word(tokens, i).is_some_and(|v| {
            lx.is_past(&v.lower)
                && !credits(&v.lower)
                && lx.fault_verb(&v.lower).is_none()
                && !lx
                    .bases(&v.lower)
                    .iter()
                    .any(|b| REMEDY.contains(&b.as_str()))
        });
        if main_verb {
            let predicate = i..clause_end(tokens, i + 1);
            // (not "was not what deleted the accounts", "put the constraint back", "took out
            // the replica because the planner switched to a sequential scan")
            let disowned = tokens[predicate.clone()]
                .iter()
                .take(3)
                .any(|t| t.is_word() && is_negation(t))
                || tokens[predicate.clone()].iter().any(|t| t.is("back"))
                // "Frontend squad's bundle change hit a Safari-only parser bug": a defect met
                || tokens[predicate.clone()].iter().take(6).any(|t| t.is_any(DEFECT_NOUNS))
                || other_cause(tokens, i);
            let actor = acting_subject(view, i).filter(|a| {
                let subject = &tokens[a.end..i];
                !subject.iter().any(|t| t.is_word() && lx.is_past(&t.lower))
                    && !deliberate_act(tokens, a.end)
                    && !disowned
                    && (damage_done(tokens, i)
                        || subject.iter().any(|t| t.is_any(ACTS)) && harmful(tokens, predicate))
            });
            if let Some(actor) = actor {
                hits.push(hit(
                    Form::Responsibility,
                    Severity::Blame,
                    actor.start,
                    i + 1,
                ));
                return;
            }
        }
        let forward = forward
            .or(named_cause)
            .and_then(|after| Some((acting_subject(view, i)?.start, after)));
        if let Some((start, after)) = pointed_back.or(forward).filter(|_| !denied(i)) {
            hits.push(hit(Form::Responsibility, Severity::Blame, start, after));
            return;
        }
    }
}

/// Links that name a cause outright: "because of", "due to", "owing to" (not "thanks to", as
/// often gratitude as sarcasm).
const NAMES_THE_CAUSE: &[&[&[&str]]] = &[&[&["because"], &["of"]], &[&["due", "owing"], &["to"]]];

/// "It's because of Pedro.", "Because of Lucía the wave was released an hour late": a person,
/// not anything they did, named as the cause (not "because of Pedro's quick rollback", "due to
/// Kenji being on leave", "because of Moritz, who read the changelog"). Returns the index past
/// the person.
fn person_named_as_cause(view: &View, i: usize) -> Option<usize> {
    let tokens = view.tokens;
    let after = link(tokens, i, NAMES_THE_CAUSE)?;
    let actor = actor_at(tokens, after, view.first).filter(|a| {
        !a.possessive
            && matches!(
                a.kind,
                ActorKind::Name | ActorKind::Role | ActorKind::Pronoun
            )
    })?;
    // the person ends the clause, or a new one starts after them (what they did does not follow)
    let alone = word(tokens, actor.end)
        .is_none_or(|n| n.is_any(DETERMINERS) || n.is_any(&["we", "it", "they", "everything"]))
        && !word(tokens, actor.end + 1).is_some_and(|w| w.is("who"));
    alone.then_some(actor.end)
}

/// "The outage began after Oksana's terraform apply", "the incident started when the intern ran
/// the script": the start of the trouble dated by anyone's action, a role's too (the dated
/// reading of [`persons_act_as_cause`] takes any harm, so it asks for a named person or a team).
pub(super) fn began_after_a_person(view: &View, hits: &mut Vec<Hit>) {
    let tokens = view.tokens;
    let is = |k: usize, words: &[&str]| word(tokens, k).is_some_and(|w| w.is_any(words));
    for i in view.first..tokens.len() {
        if !(is(i, HARM)
            && is(i + 1, &["began", "started", "begun", "kicked"])
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

/// Whether the words before a link back to the cause imply the harm without naming it: a bare
/// cause noun ("the culprit is the timeout Esperanza lowered", "Root cause: …", "Contributing
/// factors: …"), or nothing at all before "caused by" opening a clause ("caused by Mei
/// restarting kafka-2 mid rebalance").
fn implied_harm(view: &View, effect: std::ops::Range<usize>, link: usize) -> bool {
    let tokens = view.tokens;
    let words: Vec<&Token> = tokens[effect].iter().filter(|t| t.is_word()).collect();
    let bare_cause = !words.is_empty()
        && words.iter().any(|t| t.is_any(IMPLYING_HARM))
        && words.iter().all(|t| {
            t.is_any(IMPLYING_HARM)
                || t.is_any(&[
                    "the",
                    "a",
                    "one",
                    "main",
                    "primary",
                    "real",
                    "actual",
                    "likely",
                    "probable",
                    "underlying",
                    "proximate",
                    "immediate",
                    "contributing",
                    "is",
                    "was",
                    "simple",
                    "clear",
                    "obvious",
                    "plain",
                    "here",
                    "direct",
                ])
        });
    let opens_clause = word(tokens, link).is_some_and(|w| w.is_any(&["caused", "triggered"]))
        && (link == view.first || tokens[link - 1].kind == Kind::Break);
    bare_cause || opens_clause
}

/// Cause nouns that say by themselves that something went wrong: "the culprit", "the root cause".
const IMPLYING_HARM: &[&str] = &["culprit", "cause", "root", "trigger", "factor", "factors"];

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

/// Whether the clause from `from` tells of harm that broke out, with a subject of its own, and
/// the sentence gives it no other cause: "every service started leaking memory", "prod crashed",
/// "the resulting table lock took the site down" (not "and the errors cleared", "and merged it",
/// "and the build failed because the certificate had expired").
fn harm_ensued(view: &View, from: usize) -> bool {
    let tokens = view.tokens;
    let lx = &*LEXICON;
    let end = (from..tokens.len())
        .find(|&k| tokens[k].kind != Kind::Word)
        .unwrap_or(tokens.len())
        .min(from + 12);
    let subject = skip_adverbs(tokens, from);
    // ("billing starts double charging": a gerund names a service when a verb follows it)
    let named_service = word(tokens, subject + 1).is_some_and(|v| {
        lx.is_past(&v.lower)
            || v.is_any(COLLAPSED)
            || fell_over(tokens, subject + 1)
            || v.is_any(&["starts", "begins"])
    });
    let own_subject = word(tokens, subject).is_some_and(|w| {
        !lx.is_past(&w.lower)
            && (!w.lower.ends_with("ing") || named_service)
            && !is_negation(w)
            && !w.is_any(&[
                "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could",
            ])
    });
    let broke_out = (from + 1..end).any(|k| {
        damage_done(tokens, k)
            // "and the keys got abused", "and the vendor account got compromised"
            || harmful_verb(&tokens[k].lower)
            || tokens[k].is_any(COLLAPSED)
            // "and the API certificate expired on Sunday", "and the carrier blocked our IP"
            // (a verb, not a word describing a thing: "a pilot with an expired medical"; not
            // what people did: "and we blocked the release"; nor as meant: "and the change
            // expired automatically")
            || tokens[k].is_any(RAN_OUT)
                && !tokens[k - 1].is_any(DETERMINERS)
                && actor_at(tokens, subject, view.first).is_none()
                && !tokens[k + 1..end].iter().any(|t| t.is("automatically"))
            // "checkout went down" (not "the error rate went down": a measure falling)
            || fell_over(tokens, k) && !tokens[k - 1].is_any(MEASURES)
            || tokens[k].is_any(&["started", "began", "start", "begin", "starts", "begins"])
                && harmful(tokens, k + 1..(k + 4).min(end))
    });
    // "and password reset emails stopped", "and payments stopped going through": what should
    // flow stopped (not "and the errors stopped": harm undone)
    let stopped = (from + 1..end).find(|&k| {
        tokens[k].is("stopped")
            && !tokens[k - 1].is_any(HARM)
            // (not "the credential stuffing got stopped")
            && !tokens[k - 1].is_any(&["got", "was", "were", "been", "be", "is", "are"])
            && !tokens[k - 1].is_any(SYMPTOMS)
            && !tokens[k - 1].is_any(&["alerts", "alarms", "pages", "spike", "spikes", "retries"])
            // (not "stopped returning TLS errors", "stopped being blocked")
            && !tokens[k + 1..(k + 5).min(tokens.len())]
                .iter()
                .any(|t| t.is_any(HARM) || t.is_any(SYMPTOMS) || t.is_any(&["being", "blocked"]))
    });
    // (the harmful "stopped" is no undoing; the rest of the clause is read without it)
    let undone_after = match stopped {
        Some(k) => undone(&tokens[from..k]) || undone(&tokens[k + 1..end]),
        None => undone(&tokens[from..end]),
    };
    // "and the migration order still broke": harm that came anyway
    let anyway = came_anyway(&tokens[from..end]);
    // "Yusuf edited the macro and a template-engine bug broke its placeholders": a defect, not
    // the act, did the harm
    let defect_did_it = tokens[subject..end]
        .iter()
        .take(4)
        .take_while(|t| !lx.is_past(&t.lower))
        .any(|t| t.is_any(DEFECT_NOUNS));
    own_subject
        && (broke_out || stopped.is_some() || went_wrong(tokens, subject))
        && !anyway
        && !defect_did_it
        && !undone_after
        && !other_cause(tokens, from)
}

/// Whether the clause with its subject at `from` counts what was hit (a number, "every", "all")
/// and tells how it went wrong: "1,900 customers were charged twice", "every invoice in March was
/// 14% too high", "every agent's photos 404'd", "600 posters went out blurry".
fn went_wrong(tokens: &[Token], from: usize) -> bool {
    let clause: Vec<&Token> = tokens[from..clause_end(tokens, from).min(from + 16)]
        .iter()
        .filter(|t| t.is_word())
        .collect();
    let counted = clause.iter().take(3).any(|t| {
        starts_with_digit(t)
            || t.is_any(&["every", "all", "each", "hundreds", "thousands", "dozens"])
    });
    counted
        && !clause.iter().any(|t| t.is("during"))
        && clause.iter().enumerate().any(|(k, t)| {
            t.is_any(WENT_WRONG)
                // "logged out 2 million shoppers", "locked out every partner"
                || t.is("out") && k > 0 && clause[k - 1].is_any(&["logged", "locked", "kicked", "signed"])
                || t.is("second") && clause.get(k + 1).is_some_and(|n| n.is("time"))
                || t.lower.ends_with("'d") && starts_with_digit(t)
                || is_negation(t)
                || t.is("too")
                    && clause.get(k + 1).is_some_and(|n| {
                        n.is_any(&["high", "low", "many", "much", "late", "early"])
                    })
        })
}

/// How what an act hit went wrong: "failed", "came back empty", "charged twice", "went out
/// blurry".
const WENT_WRONG: &[&str] = &[
    "failed",
    "errored",
    "bounced",
    "declined",
    "timed",
    "lost",
    "vanished",
    "disappeared",
    "twice",
    "double",
    "double-charged",
    "wrong",
    "blank",
    "empty",
    "blurry",
    "missing",
];

/// Where the clause that goes on at `from` ends: at a mark that ends a clause, or the sentence.
fn clause_end(tokens: &[Token], from: usize) -> usize {
    (from..tokens.len())
        .find(|&k| !matches!(tokens[k].kind, Kind::Word | Kind::Other))
        .unwrap_or(tokens.len())
}

/// Whether a named person's act that changes something follows the time word at `from`: "after
/// Rin Takahashi enabled R8", "following Svetlana's firmware upgrade" (not "when Ana joined the
/// call", "after Omar paged the database team", "when Li was on call", nor "when the IdP rotated
/// its metadata").
fn changed_by_someone(view: &View, from: usize) -> bool {
    let tokens = view.tokens;
    someone_named_at(view, skip_adverbs(tokens, from)).is_some_and(|actor| {
        actor.possessive || word(tokens, actor.end).is_some_and(|v| !responding(&v.lower))
    })
}

/// Whether `verb` responds to harm or tells of being somewhere: "joined", "paged", "was".
fn responding(verb: &str) -> bool {
    credits(verb)
        || LEXICON
            .bases(verb)
            .iter()
            .any(|b| RESPONDING.contains(&b.as_str()))
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
                    (n.lower.ends_with("ing") || lx.is_past(&n.lower))
                        && !credits_at(tokens, actor.end)
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
            (lx.is_past(&v.lower) && !credits_at(tokens, actor.end)) || v.is_any(&["had", "has"])
        });
        (by || made).then_some(actor.end)
    })
}

/// Whether a clause after the person's act at `from` tells of a system that lacked something or
/// did the wrong thing: "…, which does not cover JPY amounts", "…; the config loader only fails at
/// runtime", "… and the booking platform assumed kilograms without showing a unit". The gap, not
/// the act, is then the cause told.
fn a_system_fell_short(tokens: &[Token], from: usize) -> bool {
    (from..tokens.len()).any(|m| {
        (tokens[m].is_any(&["which", "and", "but"]) || tokens[m].lower == ";")
            && system_within(tokens, m + 1, 4)
            && tokens[m + 1..]
                .iter()
                .take(8)
                .take_while(|t| t.is_word())
                .any(|t| {
                    is_negation(t)
                        || t.is_any(&[
                            "no", "only", "without", "silently", "assumed", "does", "did",
                        ])
                })
    })
}

/// A person at `i` by name, or by "he", "she", "his" or "her", or a team ("the edge team threw
/// the rule into block mode and it ate every request"): not one person by role (context far more
/// often than blame in real reports: "the on-call engineer restarted the primary"), nor "they" or
/// "their" (as often a system's jobs or a vendor as people).
fn someone_named_at(view: &View, i: usize) -> Option<Actor> {
    actor_at(view.tokens, i, view.first).filter(|a| {
        a.kind == ActorKind::Name
            || a.kind == ActorKind::Pronoun
                && view.tokens[a.start].is_any(&["he", "she", "his", "her"])
            || names_a_team(view.tokens, a)
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
    let acted = actor.possessive || lx.can_be_verb(&verb.lower) && !credits_at(tokens, actor.end);
    // The pointer must point at the act's own clause: no other clause between them ("…, the
    // tool sorts by filename, thats why …" points at the tool).
    let one_clause = actor.end < at
        && tokens[actor.end..at - 1]
            .iter()
            .all(|t| t.kind != Kind::Break && !t.is_any(&["and", "but", "so", "which", "then"]));
    // (the act's own verb is the act: "liam scheduled the backup inside the batch window")
    let act = actor.end + usize::from(!actor.possessive);
    (acted && one_clause && !deliberate_act(tokens, act)).then_some(actor)
}
