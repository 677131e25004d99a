//! The rhetorical-question form: accusations that ask or hint rather than state. A question that
//! accuses rather than asks ("Why did nobody check ...?", "What were they thinking?"), one that
//! accuses by exasperation ("Is it really so hard to run the tests?"), an insinuation tagged onto a
//! sentence about someone ("..., draw your own conclusions", "just saying"), and the reproaches
//! chat makes without a question mark ("ask Gosia why ...", "I guess reading the runbook is
//! optional now"), some of which judge or report an omission instead.

use super::clauses::View;
use super::conduct::{PASSIVE_CHECKS, PEOPLES_WORK_NOUNS};
use super::disclaimers::DISCLAIMERS;
use super::person::answered_a_signal;
use super::risk::{clause_has_risk, TIMES};
use super::words::{is_adverb, is_negation, phrase_at, skip_adverbs, word};
use super::{hit, Form, Hit};
use crate::hooks::blame::detector::actor::{actor_at, ActorKind};
use crate::hooks::blame::detector::lexicon::LEXICON;
use crate::hooks::blame::detector::tokens::Kind;
use crate::hooks::blame::Severity;

/// A question that accuses rather than asks: "Why did nobody check ...?", "How could anyone
/// think ...?", "What were they thinking?".
pub(super) fn rhetorical(view: &View, hits: &mut Vec<Hit>) {
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
    // ("Was the incident commander even paying attention?": the -ing form when a person is
    // asked about; "Is the probe even checking the right port?" asks about a system.)
    let person_asked = actor_at(tokens, f + 1, f).is_some_and(|a| {
        !matches!(
            a.kind,
            ActorKind::Writers | ActorKind::Nobody | ActorKind::Anyone
        )
    });
    let even = tokens.iter().any(|n| n.is("even"))
        && tokens.iter().skip(f + 1).any(|p| {
            lx.verb_in(&p.lower, &lx.diligence).is_some()
                && (lx.is_participle(&p.lower) || !p.lower.ends_with("ing") || person_asked)
        });
    // "Shouldn't the shift lead at least have checked the hopper level?", "Couldn't the vendor
    // have told us?": a counterfactual of someone's act, asked
    // ("Could the dispatcher not have just called the driver?")
    let ought_to_have = (first.is_any(&["shouldn't", "couldn't", "wouldn't"])
        || first.is_any(&["should", "could", "would"])
            && tokens[f + 1..].iter().take(6).any(|t| t.is("not")))
        && person_asked
        && (f + 2..(f + 9).min(tokens.len())).any(|m| {
            tokens[m].is("have")
                && word(tokens, skip_adverbs(tokens, m + 1))
                    .is_some_and(|p| lx.is_participle(&p.lower))
        });
    // Idioms that accuse: "How did treasury ops manage to book the same deal three times?", "Was
    // the payments desk asleep when …?", "Who reads "DO NOT RELEASE" on a file and releases it
    // anyway?", "Would it have killed the on-call to open the runbook?", "Did it not occur to
    // anyone in treasury that …?"
    let managed = first.is("how")
        && tokens[f + 1..]
            .windows(2)
            .take(8)
            .any(|w| w[0].is_any(&["manage", "managed"]) && w[1].is("to"));
    let asleep = first.is_any(&["was", "were", "is", "are"])
        && person_asked
        && tokens[f + 2..].iter().take(6).any(|t| t.is("asleep"));
    let anyway = first.is("who") && tokens.iter().any(|t| t.is("anyway"));
    let idiom = managed
        || asleep
        || anyway
        || tokens
            .windows(4)
            .any(|w| w[0].is("would") && w[1].is("it") && w[2].is("have") && w[3].is("killed"))
        || tokens
            .windows(2)
            .any(|w| w[0].is_any(&["occur", "occurred"]) && w[1].is("to"))
            && first.is_any(&["did", "didn't", "has", "hasn't", "had", "hadn't"]);
    let accusing = passive_lapse
        || ought_to_have
        || idiom
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
            && third.is_some_and(|n| n.is("earth"))
        // "whose idea was it to give the intern prod access", "who in their right mind ..."
        || first.is("whose") && second.is_some_and(|n| n.is_any(&["idea", "call", "bright"]))
        || tokens.windows(3).any(|w| {
            w[0].is("in") && w[1].is_any(&["his", "her", "their", "your"]) && w[2].is("right")
        });
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
    let after_verb = v + 1;
    let accusing = match actor.kind {
        ActorKind::Nobody => true,
        ActorKind::Writers => false,
        _ if first.is("what") => verb.is_some_and(|w| w.is("thinking")),
        ActorKind::Anyone | ActorKind::Pronoun | ActorKind::Name | ActorKind::Role => {
            let v = verb.map_or("", |w| w.lower.as_str());
            // "How does a senior DBA not know the replica was behind?"
            let knowing = lx
                .bases(v)
                .iter()
                .any(|b| matches!(b.as_str(), "know" | "realise" | "realize" | "understand"));
            let diligent = lx.verb_in(v, &lx.diligence).is_some() || knowing;
            let omitted = lx.verb_in(v, &lx.omission).is_some() || lx.fault_verb(v).is_some();
            // "Why did engineering ship the update without any rollback plan?", "Why did finance
            // wait until the auditors asked?", "Why didn't the trading desk pull the quotes when
            // the index price froze?"
            let risked = !negated
                && aux.is_any(&["did", "would", "could"])
                && (clause_has_risk(tokens, after_verb)
                    || lx
                        .bases(v)
                        .iter()
                        .any(|b| matches!(b.as_str(), "wait" | "sit"))
                        && (word(tokens, after_verb)
                            .is_some_and(|n| n.is_any(&["until", "till", "for", "on", "around"]))
                            // "wait four hours to pull the results page"
                            || tokens[after_verb.min(tokens.len())..]
                                .iter()
                                .take(3)
                                .any(|t| t.is_any(TIMES))));
            let unanswered =
                negated && aux.is_any(&["did", "didn't"]) && answered_a_signal(tokens, after_verb);
            (negated && diligent)
                || omitted
                || risked
                || unanswered
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

/// A question that accuses by exasperation: "Is it really so hard to run the tests?", "Is it too
/// much to ask that ...?", "What exactly was the reviewer doing when this got approved?".
pub(super) fn exasperated(view: &View, hits: &mut Vec<Hit>) {
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
        // "would it kill the reviewers to run the branch locally?", "would it hurt you to ask?"
        let would_it_kill = is(i, &["would", "will"])
            && is(i + 1, &["it"])
            && is(i + 2, &["kill", "hurt"])
            && actor_at(tokens, i + 3, view.first)
                .is_some_and(|a| a.kind != ActorKind::Writers && is(a.end, &["to"]));
        if would_it_kill {
            hits.push(hit(Form::RhetoricalQuestion, Severity::Blame, i, i + 3));
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

/// An insinuation tagged onto a sentence about someone: "the payments squad owned the retry
/// config and it was wrong, draw your own conclusions", "…, just saying", "and here we are".
pub(super) fn insinuated(view: &View, hits: &mut Vec<Hit>) {
    const TAGS: &[&[&str]] = &[
        &["draw", "your", "own", "conclusions"],
        &["just", "saying"],
        &["make", "of", "that", "what"],
        &["speaks", "for", "itself"],
        &["says", "it", "all"],
        &["and", "here", "we", "are"],
        &["but", "here", "we", "are"],
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
        let named = but.and_then(|but| view.someone_in(i + 2..but));
        if let Some(actor) = named {
            hits.push(hit(Form::RhetoricalQuestion, Severity::Blame, i, actor.end));
            return;
        }
    }
    let Some(tag) = (view.first..tokens.len()).find(|&i| phrase_at(tokens, i, TAGS).is_some())
    else {
        return;
    };
    if let Some(actor) = view.someone_in(view.first..tag) {
        hits.push(hit(
            Form::RhetoricalQuestion,
            Severity::Blame,
            actor.start,
            actor.end,
        ));
    }
}

/// Reproaches chat makes without a question mark or a verb of fault: "couldn't be bothered to
/// read", "ask Gosia why ...", "I guess reading the runbook is optional now", "wasn't the whole
/// point of the canary that ...", "are we just not doing code review anymore".
pub(super) fn chat_reproach(view: &View, hits: &mut Vec<Hit>) {
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
