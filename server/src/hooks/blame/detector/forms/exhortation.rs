//! The exhortation form: people asked to take more care ("be more careful", "pay more attention",
//! "think twice"), reminded in general ("make sure you double-check", "don't forget to verify"),
//! or told to do their job ("Reviewers should read the diff properly"). Care is not a mechanism:
//! asking for it may read as blame and changes nothing.

use super::clauses::View;
use super::conduct::CARE;
use super::risk::system_within;
use super::words::{is_adverb, is_negation, skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, Actor, ActorKind};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::Kind;
use crate::hooks::blame::Severity;

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
pub(super) fn exhortation(view: &View, i: usize, hits: &mut Vec<Hit>) {
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
    // "To take more care of production configs, the deployment tool now requires a second
    // approver": the care is the purpose of a system's change.
    let purpose_of_a_change = tokens[view.first].is("to")
        && (i..tokens.len())
            .find(|&k| tokens[k].lower == ",")
            .is_some_and(|comma| system_within(tokens, comma + 1, 4));
    if enabled
        || purpose_of_a_change
        || said_of_a_system(view, i, i + len)
        || disowned(view, i, i + len)
    {
        return;
    }
    hits.push(hit(Form::Exhortation, Severity::Blame, i, i + len));
}

/// "Our alerting needs to be more attentive", "the scheduler must be more careful": care asked
/// of a system is a requirement on it, not a reproach of anyone. The clause's subject names a
/// system and no person.
fn said_of_a_system(view: &View, i: usize, end: usize) -> bool {
    const MODAL: &[&str] = &[
        "needs", "need", "must", "should", "will", "requires", "require", "has", "have", "is",
        "are",
    ];
    let lx = &*LEXICON;
    let tokens = view.tokens;
    // (the openers skipped may run past `i`: "so be careful")
    let start = view.skip_openers(view.clause_start(i)).min(i);
    // The subject, then only a modal before the care asked for: "the scheduler must be more
    // careful" (not "did not disable the pipeline despite being aware").
    let Some(modal) = (start..i).find(|&k| tokens[k].is_any(MODAL)) else {
        return false;
    };
    let only_modal = tokens[modal..i]
        .iter()
        .all(|t| t.is_any(MODAL) || t.is_any(&["to", "be", "been"]) || is_adverb(t));
    // ("the release notes need more carefully studying": an act people do to it)
    // ("… requires more rigour from all of us": asked of people after all)
    let people_act = word(tokens, end).is_some_and(|w| w.lower.ends_with("ing"))
        || (end..(end + 5).min(tokens.len()))
            .any(|k| tokens[k].is("us") || actor_at(tokens, k, view.first).is_some());
    only_modal
        && !people_act
        && tokens[start..modal]
            .iter()
            .any(|t| t.is_word() && lx.noun_in(&t.lower, &lx.systems))
        && !(start..modal).any(|k| actor_at(tokens, k, view.first).is_some())
}

/// "Rather than asking engineers to be more careful", "we don't want to depend on anyone being
/// careful", "we won't add "be more vigilant" as an action item", "… is not an action item": the
/// sentence disowns the exhortation it quotes.
fn disowned(view: &View, i: usize, end: usize) -> bool {
    let lx = &*LEXICON;
    let tokens = view.tokens;
    let asks = |k: usize| {
        lx.bases(&tokens[k].lower).iter().any(|b| {
            matches!(
                b.as_str(),
                "ask" | "tell" | "rely" | "depend" | "expect" | "want" | "add" | "instruct"
            )
        })
    };
    let refused = (view.first..i).any(|k| {
        tokens[k].is_word()
            && asks(k)
            && (k.saturating_sub(3).max(view.first)..k).any(|m| {
                is_negation(&tokens[m])
                    || tokens[m].is("than") && m > 0 && tokens[m - 1].is("rather")
                    || tokens[m].is("of") && m > 0 && tokens[m - 1].is("instead")
            })
    }) || tokens[view.first..i]
        .windows(2)
        .any(|w| w[0].is("no") && w[1].is_any(&["instruction", "instructions", "request"]));
    let not_an_action = tokens[end..].iter().take(8).any(|t| t.is("not"))
        && tokens[end..]
            .windows(2)
            .take(10)
            .any(|w| w[0].is("action") && w[1].is_any(&["item", "items"]));
    refused || not_an_action
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
            || word(tokens, i + 1)
                .is_some_and(|w| lx.noun_in(&w.lower, &lx.groups) || lx.is_role(&w.lower));
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
