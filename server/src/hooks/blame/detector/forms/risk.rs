//! Whether the rest of a clause shows a risk taken: a bad object ("pushed the broken config"),
//! "without" a safeguard, "despite" a warning, a rash adverb ("blindly ran"), a secret put where
//! others read it; and what production and systems are called. Any past-tense action counts as a
//! fault when its clause shows such a risk, so the person, fragment and passive forms all ask it.

use super::conduct::{FINDING, PASSIVE_CHECKS};
use super::lapses::PROTECTIONS;
use super::words::{is_quote, skip_adverbs, starts_with_digit, word};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::{Kind, Token};

/// Adjectives that make an object a fault to have shipped ("pushed the broken config").
pub(super) const BAD_OBJECT: &[&str] = &[
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

/// Adverbs that call an action rash: "blindly ran", "hastily merged".
pub(super) const RASH: &[&str] = &[
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

/// What production is called: a change that "should never have reached" it was let through.
pub(super) const PRODUCTION: &[&str] = &[
    "production",
    "prod",
    "main",
    "master",
    "customers",
    "users",
    "live",
    "trunk",
];

/// Whether `t` names production: "prod", "production", "live", "customers", or a word that starts
/// with "prod" ("prod-eu", "prod's").
pub(super) fn is_production(t: &Token) -> bool {
    t.is_any(PRODUCTION) || t.lower.starts_with("prod")
}

/// Whether the words after a verb (`verb` holds its bases) aim destructive or trial work at
/// production: "ran the purge job on the live tracking table", "executed the cleanup script
/// against prod", "pointed the load generator at the production matching engine", "hooked the
/// test baggage system up to the live sortation controller" (not "ran the purge job on the
/// staging table", nor "ran the report on the live table", nor "pointed the new replica at
/// production", nor "pointed out that …").
pub(super) fn work_aimed_at_production(tokens: &[Token], from: usize, verb: &[String]) -> bool {
    const DESTRUCTIVE: &[&str] = &[
        "purge", "cleanup", "clean-up", "delete", "deletion", "truncate", "drop", "wipe",
        "teardown", "reset",
    ];
    const TRIAL: &[&str] = &[
        "test",
        "load",
        "staging",
        "dev",
        "sandbox",
        "mock",
        "dummy",
        "synthetic",
        "fake",
        "benchmark",
    ];
    let ran = verb
        .iter()
        .any(|b| matches!(b.as_str(), "run" | "execute" | "trigger" | "launch"));
    // (not "pointed out that the test config was pointing to production")
    let aimed = verb
        .iter()
        .any(|b| matches!(b.as_str(), "point" | "hook" | "connect" | "aim" | "wire"))
        && !word(tokens, from).is_some_and(|n| n.is("out"));
    let aims: &[&str] = match (ran, aimed) {
        (true, _) => &["on", "against"],
        (false, true) => &["at", "to", "into"],
        (false, false) => return false,
    };
    let work = |w: &str| DESTRUCTIVE.contains(&w) || aimed && TRIAL.contains(&w);
    let span: Vec<&Token> = tokens[from.min(tokens.len())..]
        .iter()
        .take(10)
        .take_while(|t| t.is_word())
        .collect();
    span.iter().position(|t| t.is_any(aims)).is_some_and(|at| {
        span[..at]
            .iter()
            .any(|t| work(&t.lower) || t.lower.split('-').any(work))
            && span[at + 1..].iter().take(3).any(|t| is_production(t))
    })
}

/// What a step waited on is said to be once it could go ahead: "before CI had finished", "before
/// the replicas had caught up", "before the scanners were up", "before the new ones were
/// signalled".
const READY: &[&str] = &[
    "finished",
    "completed",
    "complete",
    "done",
    "ready",
    "up",
    "caught",
    "synced",
    "drained",
    "cleared",
    "approved",
    "signalled",
    "signaled",
    "logged",
    "certified",
    "updated",
    "propagated",
    "replicated",
    "warmed",
    "migrated",
    // "switched off the old lookup before the new one even worked"
    "worked",
];

/// What a result or record waited on had become once it could go ahead, said with "had", "was",
/// "were", "been" or "came": "before the endotoxin results were back", "before the certificate
/// came in", "before the incubation was over", "before root cause was established" (not "before
/// the results in the dashboard").
const ARRIVED: &[&str] = &[
    "back",
    "in",
    "over",
    "established",
    "opened",
    "received",
    "issued",
    "signed",
    "available",
    "known",
];

/// Checks a step waited on, said with "had", "was" or "been", or of anyone: "before it had been
/// reviewed", "before anyone looked at the logs" (not "before the sync revoked read
/// permissions").
const CHECKED: &[&str] = &[
    "reviewed",
    "checked",
    "double-checked",
    "tested",
    "verified",
    "validated",
    "confirmed",
    "read",
    "looked",
    "inspected",
    "examined",
    "audited",
    "investigated",
];

/// Where a change is tried before it reaches everyone: "to the live headend, not the lab", "rather
/// than the three in the ticket".
const SAFER_TARGETS: &[&str] = &[
    "lab",
    "staging",
    "test",
    "sandbox",
    "dev",
    "standby",
    "passive",
    "secondary",
    "canary",
    "spare",
    "ticket",
    "plan",
    "one",
];

/// Whether the clause after the verb before `from` says the act came before what it waited on
/// was ready: "shut down the old primary before the replicas had caught up", "the teardown was
/// started before the recording had been verified", "opened the doors before the scanners were
/// up". Not a step of one's own done first ("before starting the upgrade"), a time ("before
/// launch"), a rule ("before it can be approved"), nor a check done ahead of an act ("the
/// backup was verified before the upgrade was approved").
pub(super) fn ahead_of_readiness(tokens: &[Token], from: usize) -> bool {
    let lx = &*LEXICON;
    let from = from.min(tokens.len());
    let checked_first = from
        .checked_sub(1)
        .and_then(|v| word(tokens, v))
        .is_some_and(|v| {
            lx.bases(&v.lower).iter().any(|b| {
                PASSIVE_CHECKS.contains(&b.as_str())
                    && !matches!(b.as_str(), "take" | "act" | "perform" | "follow" | "answer")
            })
        });
    let Some(before) = (from..(from + 14).min(tokens.len()))
        .take_while(|&m| {
            let t = &tokens[m];
            (t.is_word() || matches!(t.lower.as_str(), "," | ":"))
                && !t.is_any(&[
                    "and", "but", "so", "which", "that", "because", "since", "while",
                ])
        })
        .find(|&m| tokens[m].is("before"))
    else {
        return false;
    };
    if checked_first
        || word(tokens, before + 1).is_none_or(|w| w.lower.ends_with("ing") || starts_with_digit(w))
    {
        return false;
    }
    // The waited-on thing, then what it had become: a few words that are no verb of a rule.
    let Some(ready) = (before + 2..(before + 10).min(tokens.len()))
        .take_while(|&m| {
            tokens[m].is_word()
                && !tokens[m].is_any(&[
                    "and", "or", "to", "by", "can", "could", "will", "would", "must", "should",
                    "may", "might",
                ])
        })
        .find(|&m| {
            tokens[m].is_any(READY)
                // "before the belt guard had been refitted": whatever had to be done first
                || tokens[m - 1].is("been")
                    && tokens[m - 2].is("had")
                    && lx.is_participle(&tokens[m].lower)
                // "were back", "came in", "was even in"
                || tokens[m].is_any(ARRIVED)
                    && (tokens[m - 1].is_any(&["had", "was", "were", "been", "came", "come"])
                        || tokens[m - 1].is_any(&["even", "really", "fully"])
                            && tokens[m - 2].is_any(&["was", "were", "been"]))
                || tokens[m].is_any(CHECKED)
                    && tokens[before + 1..m].iter().any(|a| {
                        a.is_any(&["had", "has", "have", "was", "were", "is", "are", "been"])
                            || a.lower.ends_with("'d")
                            // "before anyone on their side looked at it"
                            || a.is_any(&["anyone", "anybody", "someone", "somebody"])
                    })
        })
    else {
        return false;
    };
    let t = &tokens[ready];
    // "were up", "was back up" (not "before the load picked up"); "caught up"
    let be = ["was", "were", "is", "are", "been", "back"];
    (!t.is("up") || tokens[ready - 1].is_any(&be))
        && (!t.is("caught") || word(tokens, ready + 1).is_some_and(|n| n.is("up")))
}

/// Whether `word` is a verb of finding something out ("found", "spotted"; not "saw", "reported",
/// which a person may do and then act wrongly).
fn found_it(word: &Token) -> bool {
    LEXICON.bases(&word.lower).iter().any(|b| {
        FINDING.contains(&b.as_str())
            && !matches!(
                b.as_str(),
                "see" | "saw" | "seen" | "point" | "report" | "receive" | "confirm"
            )
    })
}

/// The rest of the clause after a verb shows a risk taken: a bad object ("the broken config"),
/// or "without" a safeguard, or "despite" a warning.
pub(super) fn clause_has_risk(tokens: &[Token], from: usize) -> bool {
    let lx = &*LEXICON;
    let start = from.min(tokens.len());
    let rest: Vec<&Token> = tokens[start..]
        .iter()
        .enumerate()
        .take_while(|&(n, t)| {
            // a time ("at 17:55") does not end the clause
            let time = t.lower == ":" && n > 0 && starts_with_digit(&tokens[start + n - 1]);
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
    // "published the unredacted court document", "sent the list to the vendor unencrypted":
    // what a safeguard should have been done to, handed on without it
    let unprotected = |t: &Token| {
        t.lower.strip_prefix("un").is_some_and(|done| {
            lx.is_participle(done)
                && lx.bases(done).iter().any(|b| {
                    matches!(
                        b.as_str(),
                        "redact"
                            | "encrypt"
                            | "mask"
                            | "anonymise"
                            | "anonymize"
                            | "sanitise"
                            | "sanitize"
                            | "verify"
                            | "check"
                            | "review"
                            | "test"
                            | "vet"
                            | "validate"
                            | "approve"
                            | "patch"
                    )
                })
        })
    };
    if breaking_change
        || ahead_of_readiness(tokens, from)
        || rest.iter().take(4).any(|t| t.is_any(BAD_OBJECT))
        || rest.iter().any(|t| unprotected(t))
        || rest.iter().enumerate().any(|(n, t)| {
            t.is_any(&["wrong", "unread", "anyway", "bypassing", "regardless", "blind"])
                // (not what the act found: "verified a sample and found 4 with wrong postcodes")
                && !(t.is("wrong") && rest[n.saturating_sub(4)..n].iter().any(|w| found_it(w)))
                || t.is_any(RASH)
        })
        // "handed out admin access like candy"
        || rest.windows(2).any(|w| {
            w[0].is("like") && w[1].is_any(&["candy", "sweets", "confetti", "lollipops"])
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
        // "even after QA said it wasn't ready", "even though security had flagged it": going
        // ahead over a warning, as with "despite"
        let warned_before = t.is("even")
            && next.is_some_and(|n| n.is_any(&["after", "though", "when"]))
            && rest[i + 2..].iter().take(5).any(|n| {
                n.is_any(&[
                    "said",
                    "warned",
                    "flagged",
                    "objected",
                    "asked",
                    "told",
                    "raised",
                    "pointed",
                    "advised",
                    "cautioned",
                    "insisted",
                    "pushed",
                    // "even after the packet loss started", "even though it failed on
                    // Chromebooks": going on over what was plain to see
                    "started",
                    "began",
                    "failed",
                    "showed",
                    "fired",
                ])
            });
        // "shipped the integration with the sandbox endpoint still hard-coded", "closed the
        // incident with customers still reporting no dial tone": done while what it should have
        // waited for or undone was still there
        // (not "was created with CONCURRENTLY and still blocked writes")
        let with_still = t.is("with")
            && rest[i + 1..]
                .iter()
                .take(5)
                .take_while(|n| !n.is_any(&["and", "but", "yet"]))
                .any(|n| n.is("still"));
        // "pushed the channel plan to the live headend, not the lab", "ran the change across
        // every sector rather than the three in the ticket": the safer target named as the one
        // that was not taken
        let safer_passed_over = (t.is("not") && i > 0 && rest[i - 1].lower == ","
            || t.is("than") && i > 0 && rest[i - 1].is("rather")
            || t.is("of") && i > 0 && rest[i - 1].is("instead"))
            && rest[i + 1..]
                .iter()
                .take(5)
                .any(|n| n.is_any(SAFER_TARGETS));
        // "flipped on in production too early", "set far too low to be of any use" (not "set too
        // high to flag the spike": a setting described)
        let misjudged = t.is("too")
            && (next.is_some_and(|n| n.is_any(&["early", "soon"]))
                || i > 0 && rest[i - 1].is_any(&["far", "way", "much"]));
        if on_assumption
            || warned_before
            || misjudged
            || with_still
            || safer_passed_over
            || t.is("despite")
            || t.is("instead") && next.is_some_and(|n| n.is("of"))
            || t.is_any(&["straight", "directly"])
                && next.is_some_and(|n| n.is_any(&["to", "into", "on", "in"]))
                && rest[i + 2..]
                    .iter()
                    .take(2)
                    .any(|n| is_production(n))
            || t.is("against")
                && next.is_some_and(|n| {
                    is_production(n)
                        || n.is("the")
                            && at(i + 2).is_some_and(|m| m.is_any(&["live", "production", "wrong"]))
                })
            // "merged on a red CI run", "shipped on red"
            || t.is("on")
                && rest[i + 1..].iter().take(2).any(|n| n.is("red"))
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
            // (not "ahead of peak", "in advance of peak": preparing for it)
            || t.is("peak")
                && i > 0
                && rest[i - 1].is_any(&["of", "during", "at", "in", "over"])
                && !(i > 1 && rest[i - 1].is("of") && rest[i - 2].is_any(&["ahead", "advance"]))
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
                            "confirmed",
                            "checked",
                            "verified",
                            "approved",
                            "reviewed",
                            "tested",
                            "cleared",
                            "isolated",
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
            // "deployed on a freeze day against explicit instructions", "ran their scanner
            // outside the agreed window" (not "guards against the old policy", "hedged against
            // the outage": what stands after "against" is a rule or an agreement)
            || t.is_any(&["against", "outside"])
                && rest[i + 1..]
                    .iter()
                    .take(4)
                    .any(|n| n.is_any(RULES_AGREED))
                // (nor "validated against the peering agreement": a check against it)
                && !(if i > 0 {
                    Some(rest[i - 1])
                } else {
                    start.checked_sub(1).map(|p| &tokens[p])
                })
                .is_some_and(|before| {
                    before.is_any(&["guard", "guards", "protect", "protects"])
                        || LEXICON.bases(&before.lower).iter().any(|b| {
                            PASSIVE_CHECKS.contains(&b.as_str())
                                || matches!(b.as_str(), "compare" | "reconcile" | "match")
                        })
                })
            // "sent a lone engineer, ignoring the two-person rule": a rule set aside on the way
            || t.is_any(&["ignoring", "disregarding", "overriding", "circumventing"])
                && rest[i + 1..].iter().take(5).any(|n| {
                    n.is_any(RULES_AGREED)
                        || n.is_any(&["rule", "rules", "warning", "warnings", "procedure"])
                        || lx.noun_in(&n.lower, &lx.safeguards)
                })
            // "reported the results a day late", "loading the meals late again"
            // (not "got the page 3 hours late bc the policy pointed at an old schedule": what
            // came late, or lateness explained)
            || t.is("late")
                && (i > 0 && rest[i - 1].is_any(TIMES)
                    || next.is_some_and(|n| n.is("again")))
                && !verb.is_some_and(|v| {
                    v.is_any(&["got", "received", "arrived", "came", "heard", "saw", "was"])
                })
                && !tokens[start..]
                    .iter()
                    .any(|t| t.is_any(&["because", "bc", "cuz", "coz", "due", "since"]))
            // "cut the burn-in to hit the weekly target", "dropped the X-ray sampling to save a few
            // cents": a safeguard reduced for time or money
            || t.is("to")
                && next.is_some_and(|n| n.is_any(&["meet", "hit", "make", "save", "beat"]))
                && rest[i + 2..].iter().take(4).any(|n| n.is_any(HASTE))
                && verb.is_some_and(|v| {
                    LEXICON
                        .bases(&v.lower)
                        .iter()
                        .any(|b| REDUCING.contains(&b.as_str()))
                })
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
                        "calling",
                        "ringing",
                        "logging",
                        "recording",
                        "loading",
                        "publishing",
                        "labelling",
                        "labeling",
                        "syncing",
                        "saving",
                        "disabling",
                        "removing",
                        "reconciling",
                        "cross-checking",
                        "counting",
                        "comparing",
                        "sampling",
                        "benchmarking",
                        "measuring",
                    ])
            });
            // (not "without an impact assessment": the benign word only qualifies a safeguard)
            let benign = after.iter().enumerate().any(|(n, w)| {
                !after
                    .get(n + 1)
                    .is_some_and(|next| lx.noun_in(&next.lower, &lx.safeguards))
                    && w.is_any(&[
                        "impact",
                        "downtime",
                        "loss",
                        "errors",
                        "incident",
                        "interruption",
                        "problems",
                        "problem",
                        "issues",
                        "issue",
                        "incidents",
                        "hiccups",
                        "hiccup",
                        "trouble",
                        "hitch",
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

/// What haste is for: "to hit the weekly target", "to save a few cents".
const HASTE: &[&str] = &[
    "date", "deadline", "target", "targets", "time", "cents", "money", "gate", "launch", "sla",
    "quota", "numbers", "schedule", "costs", "cost",
];

/// Verbs that take a safeguard or a step away, or shorten it.
const REDUCING: &[&str] = &[
    "cut",
    "shorten",
    "drop",
    "skip",
    "trim",
    "reduce",
    "waive",
    "relax",
    "loosen",
    "remove",
    "disable",
    "lower",
    "suppress",
    "bypass",
    "rewrite",
    "deprioritise",
    "deprioritize",
];

/// Words that make a phrase a time: "until an hour in", "until the next morning", "a day late".
pub(super) const TIMES: &[&str] = &[
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "morning",
    "afternoon",
    "evening",
    "night",
    "midnight",
    "noon",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "later",
    "tomorrow",
];

/// Rules and agreements that an act can go against: "against explicit instructions",
/// "outside the agreed window", "against every policy".
const RULES_AGREED: &[&str] = &[
    "instructions",
    "instruction",
    "policy",
    "policies",
    "advice",
    "guidance",
    "runbook",
    "agreed",
    "agreement",
    "freeze",
    "protocol",
];

/// Something else done "rather than" what was due, in the clause from `from`: "pushed the build
/// to 100% rather than letting the phased release ramp", "snoozed the page rather than acting on
/// it". An act's risk, read after a person's or a fragment's verb (a passive's "rather than"
/// describes a design: "timeouts were hardcoded rather than externalised").
pub(super) fn rather_than(tokens: &[Token], from: usize) -> bool {
    let clause = tokens[from.min(tokens.len())..]
        .iter()
        .take(16)
        .take_while(|t| t.kind == Kind::Word || matches!(t.lower.as_str(), "," | "%" | "`" | ":"))
        .count();
    (from..from + clause.saturating_sub(1)).any(|r| {
        tokens[r].is("rather")
            && tokens[r + 1].is("than")
            && word(tokens, skip_adverbs(tokens, r + 2)).is_some_and(|v| {
                v.lower.ends_with("ing") || LEXICON.verb_in(&v.lower, &LEXICON.diligence).is_some()
            })
    })
}

pub(super) fn system_within(tokens: &[Token], from: usize, n: usize) -> bool {
    let lx = &*LEXICON;
    tokens[from.min(tokens.len())..]
        .iter()
        .take(n)
        .take_while(|t| t.kind == Kind::Word)
        .any(|t| lx.noun_in(&t.lower, &lx.systems) || t.is_any(PRODUCTION))
}

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

/// A passive that puts a secret where others read it: "the database password got pasted into the
/// incident channel" (the secret is the clause's subject, from `subject`; the verb is at `verb`).
pub(super) fn secret_put_where_others_read(tokens: &[Token], subject: usize, verb: usize) -> bool {
    let clause: Vec<&Token> = tokens[subject..].iter().collect();
    tokens[verb].is_any(PUT_WHERE_OTHERS_READ) && !tokens[verb].is("left") && secret_shown(&clause)
}

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
        "pii",
        "card",
        "cvv",
        "ssn",
        "passphrase",
        "passphrases",
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
        "whatsapp",
        "telegram",
        "sms",
        "tickets",
    ];
    let secret = rest.iter().take(6).enumerate().position(|(n, t)| {
        t.is_any(SECRETS) && (!t.is_any(&["key", "keys"]) || n > 0 && rest[n - 1].is_any(KEYS))
            // "the database connection string"
            || t.is_any(&["string", "strings"]) && n > 0 && rest[n - 1].is("connection")
    });
    secret.is_some_and(|at| {
        rest[at + 1..].iter().take(6).any(|t| t.is_any(PLACES))
            && rest[at + 1..]
                .iter()
                .take(4)
                .any(|t| t.is_any(&["into", "in", "to", "on", "over", "via"]))
    })
}

/// Whether the clause from `from`, after a verb of the given bases, says one piece of work was
/// done more than once: "ran the backfill twice", "paid the same carrier invoice three times",
/// "was uploaded twice". Not a check or a try done again ("ran the load test twice", "tried the
/// restart two times", "think twice"), a warning given again ("was flagged twice"), nor a measure
/// ("twice the usual volume", "at three times peak").
pub(super) fn done_over(tokens: &[Token], from: usize, verb: &[String]) -> bool {
    const AGAIN_ON_PURPOSE: &[&str] = &[
        "think",
        "check",
        "double-check",
        "read",
        "test",
        "verify",
        "try",
        "retry",
        "restart",
        "page",
        "warn",
        "remind",
        "tell",
        "ask",
        "flag",
        "report",
        "raise",
        "rehearse",
        "exercise",
        "look",
        "postpone",
        "mention",
        "escalate",
        "confirm",
        "review",
        "inspect",
        "audit",
        "examine",
        "validate",
        "proofread",
        "announce",
        "notice",
        "see",
        "hear",
        "call",
        "take",
        "get",
        "be",
        "have",
        "fire",
        "fail",
        "change",
    ];
    const CHECKS: &[&str] = &[
        "test",
        "tests",
        "drill",
        "dry",
        "dry-run",
        "rehearsal",
        "check",
        "checks",
        "query",
        "restart",
    ];
    if verb.iter().any(|b| AGAIN_ON_PURPOSE.contains(&b.as_str())) {
        return false;
    }
    // (the clause of the act only: not "tuned the threshold because it fired 40 times")
    let words: Vec<&Token> = tokens[from.min(tokens.len())..]
        .iter()
        .take_while(|t| {
            t.is_word()
                && !t.is_any(&[
                    "that", "which", "who", "because", "since", "so", "and", "but", "after",
                    "when", "while", "until", "why", "how", "whether",
                ])
        })
        .take(8)
        .collect();
    words.iter().enumerate().any(|(k, t)| {
        let repeated = t.is("twice")
            || t.is("times")
                && k > 0
                && (words[k - 1].lower.chars().all(|c| c.is_ascii_digit())
                    || words[k - 1]
                        .is_any(&["two", "three", "four", "five", "several", "multiple"]));
        let measure = words
            .get(k + 1)
            .is_some_and(|n| n.is_any(&["as", "the", "a", "per", "normal", "that", "last"]))
            || words[..k].iter().rev().take(2).any(|w| w.is("at"));
        repeated && !measure && !words[..k].iter().any(|w| w.is_any(CHECKS))
    })
}
