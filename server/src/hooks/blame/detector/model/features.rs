//! What the learned scorer reads in a sentence: its words, their word classes, and the order of
//! both.
//!
//! Words alone would tie the scorer to the sentences it was trained on: another writer uses
//! another verb. So every word also gets its classes — negation, a modal, a pronoun, a place in
//! the detector's word lists (a role, a team, an omission, a strongly negative word), a
//! capitalised word inside the sentence (a name, mostly), and its WordNet lexicographer class
//! (a verb of thinking, of perceiving, of social action ...) — and the scorer weighs pairs and
//! triples of those classes in order ("a name, then a negation, then a verb of perceiving"), and
//! the kinds of actor the forms' reading finds ([`actor_at`]) with what follows each. A verb never
//! seen in training still falls into a class that was, and an inflected one shares its base
//! form's weight (`v=ignore`). A role or team word counts as one only inside an actor: "the cert
//! manager" is a program.

use super::super::actor::{actor_at, SOFTWARE_MANAGED};
use super::super::lexicon::LEXICON;
use super::super::tokens::{Kind, Sentence, Token};

const NEGATION: &[&str] = &[
    "not", "never", "no", "nobody", "nothing", "none", "without", "cannot",
];

const MODAL: &[&str] = &[
    "should",
    "could",
    "would",
    "must",
    "might",
    "ought",
    "should've",
    "could've",
    "would've",
];

const PRONOUN: &[&str] = &[
    "i", "me", "we", "us", "you", "he", "him", "she", "her", "they", "them", "someone", "somebody",
    "anyone", "everyone", "nobody", "whoever",
];

/// Words that are their own class: they carry the grammar that the classes would blur.
const FUNCTION: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "was",
    "were", "be", "been", "being", "are", "has", "have", "had", "do", "did", "does", "and", "or",
    "but", "if", "then", "than", "that", "this", "these", "those", "it", "its", "which", "who",
    "whom", "whose", "what", "when", "where", "why", "how", "so", "very", "too", "also", "just",
    "even", "still", "yet", "already", "again", "ever", "only", "more", "most", "less", "least",
    "all", "any", "some", "each", "every", "one", "our", "my", "your", "their", "his",
];

/// Whether a word is a function word, which carries grammar rather than meaning (negation,
/// modals and pronouns carry meaning).
pub fn is_grammar(word: &str) -> bool {
    FUNCTION.contains(&word)
}

/// The tags of the lists that name people and groups of them, which only count inside an actor.
const PEOPLE_LISTS: &[&str] = &["l:roles", "l:groups", "l:departments"];

/// The feature of a sentence in which no actor is found.
pub const NO_ACTOR: &str = "actor:none";

/// The features of one sentence, sorted and without repeats.
pub fn features(sentence: &Sentence) -> Vec<String> {
    let tokens = &sentence.tokens;
    let first_word = tokens.iter().position(Token::is_word);
    // Who acts, as the forms read it: a name, role, team, pronoun, "nobody" ... or no one.
    let start = first_word.unwrap_or(0);
    let actors: Vec<_> = (start..tokens.len())
        .filter_map(|i| actor_at(tokens, i, start))
        .collect();
    let mut out = Vec::new();
    let mut classes = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        out.push(format!("w={}", token.lower));
        let mut tags = if token.kind == Kind::Word {
            tags(token, Some(i) == first_word)
        } else {
            Vec::new()
        };
        // A role or group word that no actor covers is no person here, and after a system's or
        // a managed thing's name it is a program: "the cert manager", "the package manager".
        let people = tags.iter().any(|t| PEOPLE_LISTS.contains(&t.as_str()));
        if people && !actors.iter().any(|a| (a.start..a.end).contains(&i)) {
            tags.retain(|t| !PEOPLE_LISTS.contains(&t.as_str()));
            let lex = &*LEXICON;
            let program = i > 0
                && (tokens[i - 1].is_any(SOFTWARE_MANAGED)
                    || lex.noun_in(&tokens[i - 1].lower, &lex.systems));
            if program {
                tags.insert(0, "l:systems".to_owned());
            }
        }
        classes.push(class(token, &tags));
        out.extend(tags.into_iter().map(|t| format!("t={t}")));
    }
    for pair in tokens.windows(2) {
        out.push(format!("b={}_{}", pair[0].lower, pair[1].lower));
    }
    for pair in classes.windows(2) {
        out.push(format!("ab={}_{}", pair[0], pair[1]));
    }
    for triple in classes.windows(3) {
        out.push(format!("at={}_{}_{}", triple[0], triple[1], triple[2]));
    }
    if actors.is_empty() {
        out.push(NO_ACTOR.to_owned());
    }
    for actor in actors {
        out.push(format!("actor:{:?}", actor.kind));
        // what is said of the actor: the classes of the next two tokens
        let next: Vec<&str> = classes[actor.end.min(classes.len())..]
            .iter()
            .take(2)
            .map(String::as_str)
            .collect();
        out.push(format!("said:{:?}_{}", actor.kind, next.join("_")));
    }
    if sentence.question {
        out.push("q".to_owned());
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A word's classes, most telling first within each kind.
fn tags(token: &Token, first: bool) -> Vec<String> {
    let word = token.lower.as_str();
    let lex = &*LEXICON;
    let mut tags = Vec::new();
    if NEGATION.contains(&word) || word.ends_with("n't") {
        tags.push("neg".to_owned());
    }
    if MODAL.contains(&word) {
        tags.push("modal".to_owned());
    }
    if PRONOUN.contains(&word) {
        tags.push("pron".to_owned());
    }
    for (name, set) in lex.lists() {
        if lex.verb_in(word, set).is_some() {
            tags.push(format!("l:{name}"));
        }
    }
    if token.capitalised && !token.acronym && !first {
        tags.push("cap".to_owned());
    }
    let bases = lex.bases(word);
    if let Some(classes) = bases.iter().find_map(|b| lex.wordnet(b)) {
        tags.extend(classes.split(' ').map(|c| format!("wn:{c}")));
    }
    if let Some(base) = bases.iter().skip(1).find(|b| lex.wordnet(b).is_some()) {
        tags.push(format!("v={base}"));
    }
    tags
}

/// The one class a token stands for in the pairs and triples: a function word, negation, modal,
/// pronoun or mark is itself; any other word its first list, else "cap", else its first WordNet
/// class, else "w".
fn class(token: &Token, tags: &[String]) -> String {
    let word = token.lower.as_str();
    if token.kind != Kind::Word
        || [FUNCTION, NEGATION, MODAL, PRONOUN]
            .iter()
            .any(|set| set.contains(&word))
    {
        return word.to_owned();
    }
    tags.iter()
        .find(|t| t.starts_with("l:"))
        .or_else(|| tags.iter().find(|t| *t == "cap"))
        .or_else(|| tags.iter().find(|t| t.starts_with("wn:")))
        .cloned()
        .unwrap_or_else(|| "w".to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::super::tokens::sentences;
    use super::*;

    fn of(text: &str) -> Vec<String> {
        features(&sentences(text)[0])
    }

    #[test]
    fn words_get_their_classes_and_pairs_of_them() {
        let f = of("Then Priya ignored the pager.");
        for expected in [
            "w=priya",
            "b=priya_ignored",
            // a capitalised word inside the sentence; the first word is not one
            "t=cap",
            "ab=then_cap",
            "t=l:omission",
            "at=then_cap_l:omission",
            "actor:Name",
        ] {
            assert!(f.contains(&expected.to_owned()), "{expected}: {f:?}");
        }
        assert!(!f.iter().any(|x| x.contains("cap_cap")), "{f:?}");
    }

    #[test]
    fn an_inflected_word_shares_its_base_form() {
        for text in [
            "Priya ignored the pager.",
            "Priya keeps ignoring the pager.",
        ] {
            assert!(of(text).contains(&"t=v=ignore".to_owned()), "{text}");
        }
        // a word that is its own base gets no base tag
        assert!(!of("Priya ignore the pager.")
            .iter()
            .any(|f| f.starts_with("t=v=")));
    }

    #[test]
    fn what_follows_an_actor_is_said_of_it() {
        let f = of("Then Priya ignored the pager.");
        assert!(f.contains(&"said:Name_l:omission_the".to_owned()), "{f:?}");
    }

    #[test]
    fn a_role_word_outside_any_actor_is_no_person() {
        // "manager" after "cert" is a program: no actor, no role tag
        let f = of("The cert manager failed to renew the certificate.");
        assert!(f.contains(&NO_ACTOR.to_owned()), "{f:?}");
        assert!(!f.iter().any(|x| x.contains("l:roles")), "{f:?}");
        assert!(f.contains(&"t=l:systems".to_owned()), "{f:?}");
        // the same word heading an actor keeps it
        let f = of("The release manager failed to renew the certificate.");
        assert!(f.contains(&"t=l:roles".to_owned()), "{f:?}");
        assert!(f.contains(&"actor:Role".to_owned()), "{f:?}");
    }

    #[test]
    fn a_verb_in_no_list_gets_its_wordnet_class() {
        // "ponder" is a verb of thinking (verb.cognition, 31); no list has it
        let f = of("He pondered.");
        assert!(f.contains(&"t=wn:v31".to_owned()), "{f:?}");
        assert!(f.contains(&"ab=he_wn:v31".to_owned()), "{f:?}");
    }

    #[test]
    fn function_words_negation_and_marks_stand_for_themselves() {
        let f = of("The alert was not acknowledged?");
        for expected in [
            "t=neg",
            "ab=was_not",
            "at=was_not_l:diligence",
            "w=?",
            "q",
            "actor:none",
        ] {
            assert!(f.contains(&expected.to_owned()), "{expected}: {f:?}");
        }
    }
}
