//! The detector's word lists (`../lexicon/*.txt`, embedded) and the little morphology it needs:
//! the base form of an inflected verb ("skipped" → "skip", "forgotten" → "forget") and plural
//! nouns.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::sorted_lines;

/// Every list, parsed once per process.
pub struct Lexicon {
    /// Capitalised words that are not names.
    pub common: HashSet<&'static str>,
    /// Nouns for things (and product names): a subject that is one of these is not a person.
    pub systems: HashSet<&'static str>,
    pub roles: HashSet<&'static str>,
    /// Occupations of WordNet ("paralegal", "phlebotomist"), read as roles too.
    occupations: HashSet<&'static str>,
    pub groups: HashSet<&'static str>,
    pub departments: HashSet<&'static str>,
    pub omission: HashSet<&'static str>,
    pub diligence: HashSet<&'static str>,
    pub fault: HashSet<&'static str>,
    pub done_to: HashSet<&'static str>,
    pub safeguards: HashSet<&'static str>,
    /// Strongly negative words of a general-purpose sentiment lexicon (VADER).
    pub negative: HashSet<&'static str>,
    /// WordNet's class of each verb, adjective and adverb (`../lexicon/wordnet.txt` without its
    /// header): sorted lines, searched in place.
    wordnet: &'static str,
    /// WordNet's common nouns (`../lexicon/nouns.txt` without its header), searched in place.
    nouns: &'static str,
    /// Irregular past or participle → base form.
    irregular: HashMap<&'static str, &'static str>,
    /// Irregular participles ("forgotten", "caught").
    participles: HashSet<&'static str>,
    /// Irregular simple pasts ("forgot", "put").
    pasts: HashSet<&'static str>,
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

fn list(src: &'static str) -> HashSet<&'static str> {
    entries(src).collect()
}

fn entries(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut irregular = HashMap::new();
        let mut participles = HashSet::new();
        let mut pasts = HashSet::new();
        for line in entries(include_str!("../lexicon/irregular.txt")) {
            let mut forms = line.split_whitespace();
            let base = forms.next().unwrap_or_default();
            let past = forms.next().unwrap_or(base);
            let participle = forms.next().unwrap_or(past);
            irregular.insert(past, base);
            irregular.insert(participle, base);
            participles.insert(participle);
            pasts.insert(past);
        }
        Lexicon {
            common: list(include_str!("../lexicon/common.txt")),
            systems: list(include_str!("../lexicon/systems.txt")),
            roles: list(include_str!("../lexicon/roles.txt")),
            occupations: list(include_str!("../lexicon/occupations.txt")),
            groups: list(include_str!("../lexicon/groups.txt")),
            departments: list(include_str!("../lexicon/departments.txt")),
            omission: list(include_str!("../lexicon/omission.txt")),
            diligence: list(include_str!("../lexicon/diligence.txt")),
            fault: list(include_str!("../lexicon/fault.txt")),
            done_to: list(include_str!("../lexicon/done_to.txt")),
            safeguards: list(include_str!("../lexicon/safeguards.txt")),
            negative: list(include_str!("../lexicon/negative.txt")),
            wordnet: sorted_lines::without_header(include_str!("../lexicon/wordnet.txt")),
            nouns: sorted_lines::without_header(include_str!("../lexicon/nouns.txt")),
            irregular,
            participles,
            pasts,
        }
    }

    /// The lists by name, for the learned scorer, which weighs membership of each.
    pub fn lists(&self) -> [(&'static str, &HashSet<&'static str>); 11] {
        [
            ("common", &self.common),
            ("systems", &self.systems),
            ("roles", &self.roles),
            ("groups", &self.groups),
            ("departments", &self.departments),
            ("omission", &self.omission),
            ("diligence", &self.diligence),
            ("fault", &self.fault),
            ("done_to", &self.done_to),
            ("safeguards", &self.safeguards),
            ("negative", &self.negative),
        ]
    }

    /// WordNet's classes of a base form, e.g. "v31 a0" (`../lexicon/wordnet.txt`).
    pub fn wordnet(&self, word: &str) -> Option<&'static str> {
        sorted_lines::find(self.wordnet, word, ' ')
    }

    /// Whether `word` is a form of a verb in `set`; returns the base form.
    pub fn verb_in<'a>(&self, word: &str, set: &'a HashSet<&'static str>) -> Option<&'a str> {
        self.bases(word)
            .into_iter()
            .find_map(|b| set.get(b.as_str()).copied())
    }

    /// Whether `word` is a form of a fault verb: one of the list, or any verb made with the
    /// prefix "mis-", which says the thing was done wrongly ("misrouted", "mis-tagged",
    /// "mistook"). Returns the base form, or "mis" for the latter.
    pub fn fault_verb<'a>(&'a self, word: &str) -> Option<&'a str> {
        self.verb_in(word, &self.fault).or_else(|| {
            let rest = word.strip_prefix("mis")?;
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            // "typed", "routing", "took", "understood"; not "missed", "missing", "misted"
            let inflected = (rest.len() >= 5 && rest.ends_with("ed"))
                || (rest.len() >= 6 && rest.ends_with("ing"))
                || self.pasts.contains(rest)
                || self.participles.contains(rest);
            inflected.then_some("mis")
        })
    }

    /// Candidate base forms of a verb form (the word itself first). A verb with a prefix of how
    /// it was done has the bases of the verb too: "peer-reviewed" is "reviewed", "spot-checked"
    /// "checked", "load-tested" "tested".
    pub fn bases(&self, word: &str) -> Vec<String> {
        const HOW: &[&str] = &[
            "peer-", "cross-", "double-", "spot-", "sanity-", "smoke-", "load-", "unit-", "stress-",
        ];
        let mut out = self.own_bases(word);
        if let Some(verb) = HOW.iter().find_map(|p| word.strip_prefix(p)) {
            out.extend(self.own_bases(verb));
        }
        out
    }

    fn own_bases(&self, word: &str) -> Vec<String> {
        let mut out = vec![word.to_owned()];
        // "yolo'd", "ok'd": a past tense written with an apostrophe
        if let Some(stem) = word.strip_suffix("'d") {
            out.push(stem.to_owned());
        }
        if let Some(base) = self.irregular.get(word) {
            out.push((*base).to_owned());
        }
        for suffix in ["ed", "ing", "es", "s", "d"] {
            if let Some(stem) = word.strip_suffix(suffix) {
                if stem.len() < 2 {
                    continue;
                }
                out.push(stem.to_owned());
                if suffix != "d" && suffix != "s" {
                    out.push(format!("{stem}e"));
                }
                // "stopped" → "stop": a doubled final letter (compared as letters: the last two
                // bytes of one CJK character can be equal too)
                let mut last = stem.char_indices().rev();
                if let (Some((at, a)), Some((_, b))) = (last.next(), last.next()) {
                    if a == b && stem.chars().count() >= 3 {
                        out.push(stem[..at].to_owned());
                    }
                }
                if let Some(y) = stem.strip_suffix('i') {
                    out.push(format!("{y}y"));
                }
            }
        }
        out
    }

    /// Whether `word` looks like a past participle ("checked", "forgotten").
    pub fn is_participle(&self, word: &str) -> bool {
        (word.len() > 3 && word.ends_with("ed")) || self.participles.contains(word)
    }

    /// Whether `word` looks like a simple past ("checked", "forgot", "yolo'd").
    pub fn is_past(&self, word: &str) -> bool {
        (word.len() > 3 && (word.ends_with("ed") || word.ends_with("'d")))
            || self.pasts.contains(word)
    }

    /// Whether `word` (or its singular) is a common English noun of WordNet ("migration",
    /// "replicas"): a word of the language, not a name.
    pub fn is_common_noun(&self, word: &str) -> bool {
        let found = |w: &str| sorted_lines::find(self.nouns, w, ' ').is_some();
        found(word)
            || word.strip_suffix('s').is_some_and(found)
            || word.strip_suffix("es").is_some_and(found)
            || word
                .strip_suffix("ies")
                .is_some_and(|w| found(&format!("{w}y")))
    }

    /// Whether `noun` (or its singular) names a role: one of `roles.txt`, or an occupation of
    /// WordNet ("paralegal", "phlebotomists", `../lexicon/occupations.txt`), so that the
    /// people of any trade are read as people, not only those of software teams.
    pub fn is_role(&self, noun: &str) -> bool {
        self.noun_in(noun, &self.roles) || self.noun_in(noun, &self.occupations)
    }

    /// Whether `word` can be a verb: a past form, or a form of a verb of WordNet in any of its
    /// senses ("merged", "bump", "copies", "deleting").
    pub fn can_be_verb(&self, word: &str) -> bool {
        self.is_past(word)
            || self.bases(word).iter().any(|b| {
                self.wordnet(b)
                    .is_some_and(|classes| classes.split(' ').any(|c| c.starts_with('v')))
            })
    }

    /// Whether `noun` (or its singular) is in `set`.
    pub fn noun_in(&self, noun: &str, set: &HashSet<&'static str>) -> bool {
        set.contains(noun)
            || noun.strip_suffix('s').is_some_and(|n| set.contains(n))
            || noun.strip_suffix("es").is_some_and(|n| set.contains(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doubled_last_byte_inside_a_character_is_no_doubled_letter() {
        // Found by the `blame` fuzz target: '鄄' is E9 84 84, and cutting one byte off it
        // panicked. "鄄鄄ed" has a doubled letter and loses one.
        let bases = LEXICON.bases("\u{9104}ed");
        assert!(bases.iter().all(|b| !b.is_empty()), "{bases:?}");
        assert!(LEXICON
            .bases("\u{9104}\u{9104}\u{9104}ed")
            .contains(&"\u{9104}\u{9104}".to_owned()));
        assert!(LEXICON.bases("stopped").contains(&"stop".to_owned()));
    }

    #[test]
    fn verbs_are_found_by_any_form() {
        let lx = &*LEXICON;
        for (form, base) in [
            ("skipped", "skip"),
            ("ignored", "ignore"),
            ("verified", "verify"),
            ("forgotten", "forget"),
            ("forgot", "forget"),
            ("checking", "check"),
            ("neglects", "neglect"),
        ] {
            let set: HashSet<&str> = [base].into();
            assert_eq!(lx.verb_in(form, &set), Some(base), "{form}");
        }
        assert!(lx.is_participle("caught") && lx.is_participle("rushed"));
        for (form, base) in [
            ("deleted", "delete"),
            ("misrouted", "mis"),
            ("mis-tagged", "mis"),
            ("mistook", "mis"),
            ("misunderstood", "mis"),
            ("misassigning", "mis"),
        ] {
            assert_eq!(lx.fault_verb(form), Some(base), "{form}");
        }
        for word in [
            "missed", "missing", "misted", "mission", "misc", "mist", "checked",
        ] {
            assert_eq!(lx.fault_verb(word), None, "{word}");
        }
        assert!(!lx.is_participle("caught up") && !lx.is_participle("red"));
    }
}
