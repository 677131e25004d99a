//! Who acts: recognising the noun phrase that a clause's verb is said of.
//!
//! People are told apart from systems by structure, not by lists of names: a capitalised word
//! that does not start the sentence as a common word, is not a known system or product noun and
//! is followed by a verb or a possessive is taken as a name, whatever its language; roles, teams
//! and departments are nouns from small lists, with any modifiers before them ("the new platform
//! team"); pronouns and "someone", "nobody", "whoever" complete the set.

use super::lexicon::LEXICON;
use super::tokens::{Kind, Token, TITLES};

/// What kind of actor a noun phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// A person's name ("Priyanka", "Tomasz Nowak").
    Name,
    /// A role, a team or a department ("the on-call engineer", "the data team", "Security").
    Role,
    /// He, she, they, you, someone, whoever.
    Pronoun,
    /// We or I: the writers themselves.
    Writers,
    /// Nobody, no one.
    Nobody,
    /// Anyone, everyone.
    Anyone,
}

/// A noun phrase naming people, as a range of token indices.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub kind: ActorKind,
    pub start: usize,
    /// Index just past the phrase (and past a post-modifier such as "on shift").
    pub end: usize,
    /// The phrase is possessive ("Priyanka's", "the data team's"): the verb is said of what it owns.
    pub possessive: bool,
}

/// What a software "manager" manages: "the package manager" is a program.
pub(super) const SOFTWARE_MANAGED: &[&str] = &[
    "package",
    "cert",
    "certificate",
    "secret",
    "secrets",
    "password",
    "window",
    "task",
    "connection",
    "lock",
    "resource",
    "memory",
    "session",
    "dependency",
    "version",
    "state",
    "config",
    "configuration",
    "traffic",
    "device",
    "service",
    "process",
    "file",
    "key",
    "node",
    "cluster",
    "workload",
    "display",
    "plugin",
    "extension",
];

pub(super) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "our", "their", "his", "her", "my", "your", "that", "this", "another",
    "some", "several", "both", "each", "every", "two", "three", "those", "these",
];

/// Words that open a noun phrase without naming anyone in it and are no [`DETERMINERS`]
/// (those open a phrase of their own): "Which team should be paged?", "Any shift may log it".
const QUANTIFIERS: &[&str] = &[
    "which", "what", "whose", "any", "no", "all", "either", "neither", "other", "more", "most",
    "many", "few",
];

/// Prepositions and conjunctions, which no group's name runs through.
const FUNCTION_WORDS: &[&str] = &[
    "to", "of", "for", "with", "in", "on", "at", "by", "from", "into", "about", "and", "or", "but",
    "as", "than", "via", "per",
];

/// Words that may follow a role noun and still belong to it ("the SRE on shift").
const POSTMODIFIERS: &[(&str, &str)] = &[
    ("on", "shift"),
    ("on", "duty"),
    ("on", "call"),
    ("in", "charge"),
];

fn word(tokens: &[Token], i: usize) -> Option<&Token> {
    tokens.get(i).filter(|t| t.kind == Kind::Word)
}

/// The possessive's base ("priyanka's" → "priyanka", "teams'" → "teams").
fn strip_possessive(lower: &str) -> (&str, bool) {
    if let Some(base) = lower.strip_suffix("'s") {
        (base, true)
    } else if let Some(base) = lower.strip_suffix("s'") {
        (base, true)
    } else {
        (lower, false)
    }
}

/// The actor starting at token `i`, if any. `sentence_start` is the index of the sentence's first
/// word (a capitalised word there may just be capitalised because it starts the sentence).
pub fn actor_at(tokens: &[Token], i: usize, sentence_start: usize) -> Option<Actor> {
    let lx = &*LEXICON;
    let t = word(tokens, i)?;
    let (base, possessive) = strip_possessive(&t.lower);
    let single = |kind| {
        Some(Actor {
            kind,
            start: i,
            end: if possessive {
                i + 1
            } else {
                postmodified(tokens, i + 1)
            },
            possessive,
        })
    };
    // "Ms. Okafor", "Mr Rinaldi's": a title, then the name.
    if t.capitalised && TITLES.contains(&base) {
        let dot = tokens.get(i + 1).is_some_and(|d| d.lower == ".");
        let n = i + 1 + usize::from(dot);
        let name = word(tokens, n).filter(|w| w.capitalised)?;
        let (b, p) = strip_possessive(&name.lower);
        return name_at(tokens, n, sentence_start, b, p).map(|a| Actor { start: i, ..a });
    }
    match base {
        "his" | "her" | "their" => {
            return Some(Actor {
                kind: ActorKind::Pronoun,
                start: i,
                end: i + 1,
                possessive: true,
            });
        }
        "he" | "she" | "they" | "you" | "someone" | "somebody" => {
            return single(ActorKind::Pronoun)
        }
        "we" | "i" => return single(ActorKind::Writers),
        "nobody" => return single(ActorKind::Nobody),
        "anyone" | "anybody" | "everyone" | "everybody" => return single(ActorKind::Anyone),
        "no" if word(tokens, i + 1).is_some_and(|n| n.is("one")) => {
            return Some(Actor {
                kind: ActorKind::Nobody,
                start: i,
                end: postmodified(tokens, i + 2),
                possessive: false,
            })
        }
        "whoever" => return single(ActorKind::Pronoun),
        _ => {}
    }
    // A role or group noun phrase: determiner, up to three modifiers, head.
    let mut j = i;
    let determined = t.is_any(DETERMINERS);
    if determined {
        j += 1;
    }
    for k in j..(j + 4).min(tokens.len()) {
        let Some(w) = word(tokens, k) else { break };
        // (without a determiner, a verb or a function word ends the phrase: "Priya paged team",
        // "Escalation to the vendor" name no team)
        if !determined
            && k > j
            && (lx.is_past(&w.lower)
                || w.lower.ends_with("ed")
                || w.is_any(DETERMINERS)
                || w.is_any(FUNCTION_WORDS))
        {
            break;
        }
        let (head, poss) = strip_possessive(&w.lower);
        let is_role = lx.is_role(head);
        let is_group = lx.noun_in(head, &lx.groups);
        // "manager" after a system noun is software (package manager, cert-manager).
        let software_manager = head.starts_with("manager")
            && (k > j && tokens[k - 1].is_any(SOFTWARE_MANAGED) || k == j && !determined)
            // "the kafka operator", "the postgres operator": a Kubernetes controller
            || head.starts_with("operator")
                && k > j
                && lx.noun_in(&tokens[k - 1].lower, &lx.systems);
        // A bare plural group noun ("people", "teams") needs a determiner, a modifier or a capital.
        let bare_group = is_group && !determined && k == j && !w.capitalised;
        // A group word that also names a thing, after a thing it is part of: "the backup
        // rotation", "the key rotation", "the RMA units", "the cooling unit" (not "the on-call
        // rotation", "the claims unit").
        // Without a determiner, any modifier may be the thing: "Secrets rotation got
        // triggered".
        let thing_group = is_group
            && k > j
            && ["rotation", "unit", "function"].contains(&head.trim_end_matches('s'))
            && {
                let m = &tokens[k - 1];
                !determined
                    || m.acronym
                    || lx.noun_in(&m.lower, &lx.systems)
                    || m.is_any(PARTS_OF_THINGS)
            };
        if (is_role && !software_manager || is_group && !thing_group) && !bare_group {
            // The head is the last role or group noun of a run ("the on-call engineer").
            let mut head_at = k;
            let mut poss = poss;
            while !poss {
                let Some(n) = word(tokens, head_at + 1) else {
                    break;
                };
                let (h, p) = strip_possessive(&n.lower);
                let people = |h: &str| lx.is_role(h) || lx.noun_in(h, &lx.groups);
                // "the partner integrations team": one modifier between the nouns
                let after_modifier = word(tokens, head_at + 2).filter(|m| {
                    !p && !n.is_any(NOT_MODIFIERS)
                        && !lx.is_past(&n.lower)
                        && lx.noun_in(strip_possessive(&m.lower).0, &lx.groups)
                });
                if people(h) {
                    head_at += 1;
                    poss = p;
                } else if let Some(m) = after_modifier {
                    head_at += 2;
                    poss = strip_possessive(&m.lower).1;
                } else {
                    break;
                }
            }
            let mut end = head_at + 1;
            if !poss {
                end = postmodified(tokens, end);
            }
            return Some(Actor {
                kind: ActorKind::Role,
                start: i,
                end,
                possessive: poss,
            });
        }
        // "the vendor's account manager", "the client's IT team": a role another organisation
        // holds, named by its owner
        let owner_of_role = poss
            && determined
            && (k + 1..(k + 3).min(tokens.len())).any(|m| {
                word(tokens, m).is_some_and(|w| {
                    let (h, _) = strip_possessive(&w.lower);
                    lx.is_role(h) || lx.noun_in(h, &lx.groups)
                })
            });
        // "Workshop crew lost the torque records", "Night shift in mill did not log it": a
        // bullet drops the article, and a capitalised first word may be the group's modifier
        // (not "Fixed crew rota", a fragment's verb)
        let bare_modifier = k == j
            && t.capitalised
            && !t.acronym
            && i == sentence_start
            && !possessive
            && !t.is_any(QUANTIFIERS)
            && !lx.is_past(&t.lower)
            && !t.lower.ends_with("ed");
        if poss && !owner_of_role || !determined && k == j && !bare_modifier {
            break;
        }
    }
    if !t.capitalised {
        return lowercase_department(tokens, i, base)
            .or_else(|| lowercase_name(tokens, i, sentence_start));
    }
    // A department with a capitalised modifier: "Growth marketing", "Release engineering",
    // "Customer support", "Payments ops".
    if !possessive && !t.acronym || t.acronym && base.len() <= 5 {
        if let Some(n) = word(tokens, i + 1) {
            let (head, poss) = strip_possessive(&n.lower);
            let head_ok = LOWERCASE_DEPARTMENTS.contains(&head)
                || matches!(
                    head,
                    "engineering" | "operations" | "scheduling" | "planning" | "dispatch"
                );
            let product = word(tokens, i + 2).is_some_and(|m| lx.noun_in(&m.lower, &lx.systems));
            if head_ok && !product && !lx.departments.contains(base) {
                return Some(Actor {
                    kind: ActorKind::Role,
                    start: i,
                    end: if poss {
                        i + 2
                    } else {
                        postmodified(tokens, i + 2)
                    },
                    possessive: poss,
                });
            }
        }
    }
    // A department named alone ("Security didn't review"), possibly with a group noun after it
    // ("Payments engineering", "Product teams").
    let department = lx.departments.contains(base)
        && (base != "it" || t.acronym)
        && (i != sentence_start || !lx.common.contains(base) || t.acronym);
    if department {
        let mut end = i + 1;
        let mut poss = possessive;
        if !possessive {
            if let Some(n) = word(tokens, i + 1) {
                let (head, p) = strip_possessive(&n.lower);
                if lx.noun_in(head, &lx.groups) || lx.is_role(head) || lx.departments.contains(head)
                {
                    end += 1;
                    poss = p;
                }
            }
        }
        return Some(Actor {
            kind: ActorKind::Role,
            start: i,
            end,
            possessive: poss,
        });
    }
    name_at(tokens, i, sentence_start, base, possessive)
}

/// Whether `actor` names a team, a department or a group ("the data team", "Security", "db
/// team") rather than one person in a role ("the on-call engineer").
pub fn names_a_team(tokens: &[Token], actor: &Actor) -> bool {
    let lx = &*LEXICON;
    let phrase = &tokens[actor.start..actor.end];
    actor.kind == ActorKind::Role
        && phrase.iter().enumerate().any(|(k, t)| {
            let (base, _) = strip_possessive(&t.lower);
            // (not "the consumer group", "the security group": things of a system)
            let things = base.starts_with("group")
                && k > 0
                && (phrase[k - 1].is_any(GROUPED_THINGS)
                    || lx.noun_in(&phrase[k - 1].lower, &lx.systems));
            (lx.noun_in(base, &lx.groups) && !things)
                || lx.departments.contains(base)
                || LOWERCASE_DEPARTMENTS.contains(&base)
        })
}

/// Things a "rotation", "unit" or "function" can be of: "key rotation", "power unit".
const PARTS_OF_THINGS: &[&str] = &[
    "key",
    "password",
    "secret",
    "credential",
    "token",
    "power",
    "cooling",
    "battery",
    "control",
    "processing",
    "drive",
    "disk",
    "phase",
    "clock",
    "bit",
    "byte",
    "schema",
];

/// What a "group" of a system groups: "consumer group", "security group", "node group".
const GROUPED_THINGS: &[&str] = &[
    "consumer",
    "security",
    "resource",
    "target",
    "node",
    "log",
    "autoscaling",
    "auto-scaling",
    "scaling",
    "placement",
    "instance",
    "parameter",
    "subnet",
    "replica",
    "availability",
    "thread",
    "process",
    "worker",
];

fn name_at(
    tokens: &[Token],
    i: usize,
    sentence_start: usize,
    base: &str,
    possessive: bool,
) -> Option<Actor> {
    let lx = &*LEXICON;
    let t = &tokens[i];
    let mention = base.starts_with('@');
    let letters_ok = mention
        // "García-López", "O'Brien", "D'Souza"
        || base.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && base.chars().count() >= 2
            && !t.acronym;
    // "Documentation was ignored", "Testing was skipped": abstract nouns by their ending.
    const NOUN_ENDINGS: &[&str] = &["tion", "sion", "ment", "ness", "ity", "ism", "ship"];
    let abstract_noun = base.chars().count() > 6 && NOUN_ENDINGS.iter().any(|e| base.ends_with(e));
    if !letters_ok
        || abstract_noun
        || lx.common.contains(base)
        || lx.noun_in(base, &lx.systems)
        || lx.noun_in(base, &lx.safeguards)
        || lx.is_role(base)
        || lx.noun_in(base, &lx.groups)
    {
        return None;
    }
    let next = word(tokens, i + 1);
    // "Potentially causing", "Permanently deleted": an adverb, not a name.
    const ADVERB_ENDINGS: &[&str] = &[
        "ally", "ently", "antly", "ously", "ively", "fully", "ately", "edly", "ingly", "ssly",
        "ctly", "rly", "tely",
    ];
    if i == sentence_start && ADVERB_ENDINGS.iter().any(|e| base.ends_with(e)) {
        return None;
    }
    // "Mistakes were made": a plural with a plural verb is no one's name.
    if i == sentence_start
        && base.ends_with('s')
        && next.is_some_and(|n| n.is_any(&["were", "are", "have"]))
    {
        return None;
    }
    if i == sentence_start && !possessive {
        // "Merged the change ..." is a verb, not a name; "Ahmed forgot" is a name.
        let verb_like = base.ends_with("ed")
            || base.ends_with("ing")
            || lx.bases(base).len() > 1 && lx.is_past(base);
        let next_is_verb = next.is_some_and(|n| {
            lx.is_past(&n.lower)
                || n.is_any(&[
                    "didn't", "never", "did", "was", "had", "has", "should", "could",
                ])
        });
        if verb_like && !next_is_verb {
            return None;
        }
        // "Incident caused by a gearbox overhaul …": a headline's passive, not a name's act.
        if next.is_some_and(|n| lx.is_participle(&n.lower))
            && word(tokens, i + 2).is_some_and(|b| b.is("by"))
        {
            return None;
        }
    }
    let mut end = i + 1;
    let mut poss = possessive;
    // A surname: another capitalised word that is not a system noun.
    if !possessive {
        if let Some(n) = next.filter(|n| n.capitalised) {
            let (nb, p) = strip_possessive(&n.lower);
            if nb
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
                && !lx.common.contains(nb)
                && !lx.noun_in(nb, &lx.systems)
            {
                end += 1;
                poss = p;
            }
        }
    }
    // A capitalised word followed by a system noun is a product ("Kafka cluster").
    if !poss {
        if let Some(n) = word(tokens, end) {
            if lx.noun_in(&n.lower, &lx.systems) {
                return None;
            }
        }
        end = postmodified(tokens, end);
    }
    Some(Actor {
        kind: ActorKind::Name,
        start: i,
        end,
        possessive: poss,
    })
}

/// Departments that name people even written in lower case, inside a sentence ("It could be
/// said that support mishandled ...", "because security ignored ..."); "data", "platform" or
/// "infrastructure" in lower case are as often things.
const LOWERCASE_DEPARTMENTS: &[&str] = &[
    "support",
    "security",
    "ops",
    "devops",
    "sre",
    "qa",
    "marketing",
    "sales",
    "legal",
    "finance",
    "compliance",
    "management",
    "leadership",
    "procurement",
    "hr",
    "infra",
    "backend",
    "frontend",
    "platform",
    "product",
    "billing",
    "dba",
    "dbas",
    "netops",
    "secops",
    "finops",
    "noc",
    "soc",
    "helpdesk",
    "networking",
    "payments",
    "eng",
    "facilities",
    "accounting",
    "purchasing",
    "payroll",
];

/// Words chat puts before what it says: "ngl", "tbh", "honestly".
const CHAT_ASIDES: &[&str] = &[
    "ngl", "tbh", "honestly", "lol", "imo", "fwiw", "frankly", "so", "yeah", "ok", "welp", "sigh",
];

/// A lower-case department as a clause's subject: right after a clause opener, or opening a
/// sentence written all in lower case (chat: "infra sat on the ticket", after a timestamp too:
/// "14:02 platform sat on the ticket"), and right before an omission or a fault ("that support
/// mishandled", "because ops never escalated"). Chat names teams without an article, with
/// modifiers and a group noun ("backend team dropped the ball", "release eng skipped the smoke
/// tests", "qa automation crew turned off the test") and with a place ("ops in frankfurt went
/// off-runbook").
fn lowercase_department(tokens: &[Token], i: usize, base: &str) -> Option<Actor> {
    let lx = &*LEXICON;
    let opener = i > 0 && (tokens[i - 1].is_any(TEAM_OPENERS) || tokens[i - 1].lower == ",");
    // "why did engineering ship …?", "why didn't finance check …?"
    let asked = i > 0
        && tokens[i - 1].is_any(&[
            "did", "didn't", "does", "doesn't", "could", "couldn't", "would", "wouldn't",
        ]);
    // Nothing before it but marks, numbers, or a chat aside ("ngl security locked ...").
    let starts_chat = tokens[..i].iter().all(|t| {
        !t.is_word() || !t.lower.starts_with(char::is_alphabetic) || t.is_any(CHAT_ASIDES)
    });
    let people = |k: usize| {
        word(tokens, k).is_some_and(|w| {
            lx.noun_in(&w.lower, &lx.groups) || LOWERCASE_DEPARTMENTS.contains(&w.lower.as_str())
        })
    };
    // The last word of the team's name: a department or group noun, after at most two
    // modifiers that are no verb ("db team", "k8s platform folks").
    let modifier = |k: usize| {
        word(tokens, k).is_some_and(|w| {
            !lx.is_past(&w.lower)
                && !w.is_any(DETERMINERS)
                && !w.is_any(TEAM_OPENERS)
                && !w.is_any(NOT_MODIFIERS)
        })
    };
    if !(opener || asked || starts_chat) || base.is_empty() || !modifier(i) && !people(i) {
        return None;
    }
    let head = (i..i + 3)
        .take_while(|&k| k == i || modifier(k - 1))
        .filter(|&k| people(k))
        .last()?;
    let mut end = head + 1;
    // "ops in frankfurt went off-runbook"
    if word(tokens, end).is_some_and(|w| w.is("in")) && word(tokens, end + 1).is_some() {
        end += 2;
    }
    let mut next_at = end;
    while word(tokens, next_at).is_some_and(|w| w.is_any(CHAT_ADVERBS)) {
        next_at += 1;
    }
    let next = word(tokens, next_at)?;
    let blamed = next.is_any(&[
        "didn't", "never", "ignored", "failed", "sat", "dropped", "slept", "forgot", "skipped",
        "missed", "broke", "let", "couldn't", "wouldn't", "won't", "haven't", "hasn't", "has",
        "have",
    ]) || next.is_any(&["keeps", "kept"])
        && word(tokens, next_at + 1).is_some_and(|n| n.lower.ends_with("ing"))
        // any act: what it says of them is the predicate's business
        || lx.is_past(&next.lower) && !next.lower.ends_with("ing")
        || asked && lx.can_be_verb(&next.lower) && !next.lower.ends_with("ing");
    blamed.then_some(Actor {
        kind: ActorKind::Role,
        start: i,
        end,
        possessive: false,
    })
}

/// Words that open a clause before a lower-case team ("because ops never escalated"); none of them
/// modifies a team's name.
const TEAM_OPENERS: &[&str] = &[
    "that", "because", "but", "and", "so", "when", "while", "then", "after", "since", "if", "had",
    "unless",
];

/// Other words that cannot modify a team's name in chat ("db team", "release eng").
const NOT_MODIFIERS: &[&str] = &[
    "or", "to", "of", "for", "with", "in", "on", "at", "by", "from", "no", "not", "is", "was",
    "are", "were", "it", "we", "i", "they", "he", "she", "you",
];

/// Adverbs chat puts between a team and its verb: "ops just kept power-cycling the router".
const CHAT_ADVERBS: &[&str] = &[
    "just",
    "totally",
    "basically",
    "completely",
    "also",
    "again",
    "apparently",
    "clearly",
    "simply",
    "still",
    "literally",
    "def",
    "defo",
];

/// Words of chat that are no English word of the lists and no name: "lol", "btw", "pls".
const CHAT_WORDS: &[&str] = &[
    "lol", "lmao", "rofl", "ngl", "tbh", "imo", "imho", "btw", "fyi", "pls", "plz", "ok", "okay",
    "yeah", "yep", "yup", "nope", "hmm", "ugh", "oops", "whoops", "welp", "fwiw", "afaik", "iirc",
    "idk", "omg", "wtf", "tho", "thx", "ty", "np", "ack", "wdyt", "asap", "eta", "tldr", "ps",
    "thats", "whats", "im", "ive", "youre", "theyre", "didnt", "dont", "doesnt", "wasnt", "werent",
    "isnt", "cant", "wont", "also", "pr", "prs", "mr", "mrs", "ms",
];

/// Endings of file names, which a handle never has: "kustomization.yaml", "deploy.sh".
const FILE_EXTENSIONS: &[&str] = &[
    "yaml", "yml", "json", "toml", "ini", "cfg", "conf", "env", "xml", "html", "csv", "sql", "log",
    "txt", "md", "py", "js", "ts", "rb", "go", "rs", "sh", "tf", "lock", "zip", "gz",
];

/// Honorifics and kin words that follow a name in chat: "vikram bhai", "murat abi", "deepak sir".
const AFTER_A_NAME: &[&str] = &["bhai", "abi", "sir", "ji", "san", "kun", "chan", "da", "ge"];

/// A person named in lower case, as chat writes names ("priya merged the change", "mei's query
/// updated every row", "xiao li set replica count to 1"): in a sentence written in lower case,
/// at its start or a clause's, a word that is no English word of WordNet (noun, verb, adjective
/// or adverb), of any list or of chat, followed by a verb or a possessive's noun.
fn lowercase_name(tokens: &[Token], i: usize, sentence_start: usize) -> Option<Actor> {
    let lx = &*LEXICON;
    if tokens[sentence_start].capitalised {
        return None;
    }
    let at_clause_start = tokens[sentence_start..i]
        .iter()
        .all(|t| !t.is_word() || t.is_any(CHAT_ASIDES) || t.is("basically"))
        || tokens[i - 1].is_any(&[
            "because",
            "bc",
            "cuz",
            "coz",
            "cos",
            "of",
            "from",
            "by",
            "after",
            "when",
            "once",
            "following",
            "since",
            "then",
            "and",
            "but",
            "so",
            "on",
        ]);
    // A word of no list, no English word: a name.
    let unknown_word = |base: &str| {
        base.chars().count() >= 2
            && base.chars().all(|c| c.is_alphabetic() || c == '-')
            && !CHAT_WORDS.contains(&base)
            && !lx.common.contains(base)
            && !lx.noun_in(base, &lx.systems)
            && !lx.is_role(base)
            && !lx.noun_in(base, &lx.groups)
            && !lx.departments.contains(base)
            && !LOWERCASE_DEPARTMENTS.contains(&base)
            && lx.wordnet(base).is_none()
            && !lx.is_common_noun(base)
            && lx
                .bases(base)
                .iter()
                .skip(1)
                .all(|b| lx.wordnet(b).is_none())
    };
    let unknown = |t: &Token| !t.acronym && unknown_word(strip_possessive(&t.lower).0);
    // A chat handle: a name, then "." or "_" and an initial, a surname or a tag ("ravi.k",
    // "ngozi_o", "gonzo_dev"), not a file or a table ("config.yaml", "orders_v2").
    let handle = |t: &Token| {
        let (base, _) = strip_possessive(&t.lower);
        let mut parts = base.split(['.', '_']);
        let name = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        // (not an acronym: "AWS_REGION")
        !t.acronym
            && !rest.is_empty()
            && rest.iter().all(|p| {
                (1..=12).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic)
            })
            && !rest.last().is_some_and(|p| FILE_EXTENSIONS.contains(p))
            && unknown_word(name)
    };
    let t = word(tokens, i)?;
    if !at_clause_start || !(unknown(t) || handle(t)) {
        return None;
    }
    let (_, possessive) = strip_possessive(&t.lower);
    let mut end = i + 1;
    let mut poss = possessive;
    // "xiao li", "ravi k", "vikram bhai": a second word of the name
    if !possessive {
        let name_part = |n: &&Token| {
            unknown(n) || n.is_any(AFTER_A_NAME) || strip_possessive(&n.lower).1 && !n.acronym
        };
        if let Some(n) = word(tokens, end).filter(name_part) {
            poss = strip_possessive(&n.lower).1;
            end += 1;
        }
    }
    let next = word(tokens, end)?;
    let verb = lx.can_be_verb(&next.lower)
        || next.is_any(&["didn't", "didnt", "never", "forgot", "was", "had"]);
    (poss || verb).then_some(Actor {
        kind: ActorKind::Name,
        start: i,
        end,
        possessive: poss,
    })
}

/// Skips "on shift", "from the web team", "on the platform team" or a parenthesis after a person.
fn postmodified(tokens: &[Token], end: usize) -> usize {
    if tokens.get(end).is_some_and(|t| t.lower == "(") {
        if let Some(close) = tokens[end..].iter().take(12).position(|t| t.lower == ")") {
            return end + close + 1;
        }
    }
    // "the engineer responsible", "the people involved"
    if word(tokens, end).is_some_and(|t| t.is_any(&["responsible", "involved", "concerned"])) {
        return end + 1;
    }
    let (Some(a), Some(b)) = (word(tokens, end), word(tokens, end + 1)) else {
        return end;
    };
    if POSTMODIFIERS.iter().any(|(x, y)| a.is(x) && b.is(y)) {
        return end + 2;
    }
    // "the engineer doing the upgrade failed to read …", "the DBA running the migration never
    // checked …": the task names which one, then a lapse follows
    if a.is_any(&[
        "doing",
        "running",
        "handling",
        "performing",
        "leading",
        "making",
        "covering",
    ]) {
        if let Some(k) = (end + 2..(end + 6).min(tokens.len()))
            .take_while(|&k| tokens[k].is_word())
            .find(|&k| {
                tokens[k].is_any(&[
                    "failed",
                    "forgot",
                    "neglected",
                    "didn't",
                    "never",
                    "ignored",
                ])
            })
        {
            return k;
        }
    }
    // "Team of database did not inform us": a group named by what it works on.
    if a.is("of")
        && word(tokens, end + 2).is_some_and(|v| {
            v.is_any(&[
                "did", "didn't", "has", "hasn't", "have", "haven't", "was", "were", "never",
            ])
        })
    {
        return end + 2;
    }
    if a.is_any(&["on", "from", "in", "of"]) {
        // "from the platform team", "on the web team", "from payments", "Team of database"
        let lx = &*LEXICON;
        for k in end + 1..(end + 5).min(tokens.len()) {
            let Some(w) = word(tokens, k) else { break };
            if lx.noun_in(&w.lower, &lx.groups) && !w.is_any(&["people", "everyone", "everybody"])
                || k == end + 1 && lx.departments.contains(w.lower.as_str())
            {
                return k + 1;
            }
        }
    }
    end
}
