//! The learned scorer: a logistic regression over a sentence's words and word classes
//! ([`features`]), trained on the labelled sentences and the real corpus, for the blame that no
//! form describes.
//!
//! The forms read structure and catch what they describe with high precision, but every writer
//! phrases blame a little differently, and a form written for one phrasing rarely catches the
//! next (docs/blame-linter.md, "Why a learned scorer"). A linear model over word classes
//! generalises further: it has seen "a name, a negation, a verb of perceiving" in many wordings.
//! It speaks only where neither a phrase rule nor a form found anything in the sentence, and only
//! when it is confident ([`THRESHOLD`]); its finding covers the whole sentence and says that it
//! is a resemblance, not a rule.
//!
//! The weights (`weights.tsv`, one feature and its weight per line) are made by
//! `make train-blame-model` ([`train()`]), deterministically, from the training sets only: the
//! held-out sets stay unseen. Nothing is learned at run time.

mod features;
mod train;

use std::ops::Range;
use std::sync::LazyLock;

use features::NO_ACTOR;
pub use train::{train, Example};

use super::sorted_lines;
use super::tokens::{sentences as split, Sentence};

/// The probability of blame above which the scorer flags a sentence in which the forms' reading
/// finds an actor (a person, role, team, pronoun ...). Chosen on the cross-validated figures:
/// false alarms in corpus reports left out of training, and precision and recall on each
/// training set left out (docs/blame-linter.md, "Session 18": 0.95 over 0.97 gained a point of
/// recall for 0.2 of precision).
pub const THRESHOLD: f32 = 0.95;

/// The same for a sentence with no actor: a passive, a fragment, or a system as the subject
/// ("The cert manager failed to renew"). Blame there is only implied, and the words a system
/// shares with people ("manager", "missed") mislead the scorer most; it must be surer.
pub const THRESHOLD_WITHOUT_ACTOR: f32 = 0.99;

/// The least weight of a word that [`Weights::cues`] names: below it a word barely moved the
/// score.
pub const CUE_WEIGHT: f32 = 0.3;

/// The shipped weights.
pub static WEIGHTS: LazyLock<Weights<'static>> = LazyLock::new(|| {
    Weights::parse(include_str!("weights.tsv")).expect("the shipped weights parse (unit-tested)")
});

/// A trained scorer: a bias and one weight per feature; a feature without one weighs nothing.
/// The weights stay in their file's text, sorted, and are looked up in place
/// ([`sorted_lines`]).
pub struct Weights<'a> {
    bias: f32,
    table: &'a str,
}

impl<'a> Weights<'a> {
    /// Reads a weights file: `#` comment lines, `bias<TAB>w`, then `feature<TAB>w` lines sorted
    /// by feature (as [`train()`] writes them; a test checks the shipped file).
    pub fn parse(src: &'a str) -> Result<Weights<'a>, String> {
        let body = sorted_lines::without_header(src);
        let (first, table) = body.split_once('\n').unwrap_or((body, ""));
        let bias = first
            .strip_prefix("bias\t")
            .and_then(|w| w.trim().parse().ok())
            .ok_or("the first line after the comments must be `bias<TAB>weight`")?;
        Ok(Weights { bias, table })
    }

    /// The weight of one feature, if it has one.
    fn weight(&self, feature: &str) -> Option<f32> {
        sorted_lines::find(self.table, feature, '\t')?.parse().ok()
    }

    /// The words and word pairs among these features that push most towards blame, most first,
    /// as they read (`b=sat_on` → "sat on"): at most `n`, each weighing at least [`CUE_WEIGHT`],
    /// none repeating a word of one before it.
    /// They let a finding say what it reacted to.
    pub fn cues(&self, features: &[String], n: usize) -> Vec<String> {
        let mut weighed: Vec<(f32, String)> = features
            .iter()
            .filter_map(|f| {
                let words = f.strip_prefix("w=").or_else(|| f.strip_prefix("b="))?;
                let weight = self.weight(f).filter(|w| *w >= CUE_WEIGHT)?;
                let telling = words
                    .split('_')
                    .any(|w| w.chars().any(char::is_alphanumeric) && !features::is_grammar(w));
                telling.then(|| (weight, words.replace('_', " ")))
            })
            .collect();
        weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        // A word already named is not named again inside a pair ("sat", then not "sat on").
        let mut cues: Vec<String> = Vec::new();
        for (_, words) in weighed {
            let named = |w: &str| cues.iter().any(|c| c.split(' ').any(|n| n == w));
            if cues.len() < n
                && !words
                    .split(' ')
                    .any(|w| !features::is_grammar(w) && named(w))
            {
                cues.push(words);
            }
        }
        cues
    }

    /// The probability that a sentence with these features is blame.
    pub fn probability(&self, features: &[String]) -> f32 {
        let z = self.bias + features.iter().filter_map(|f| self.weight(f)).sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Each sentence of a paragraph: its byte range and its features.
pub fn sentences(paragraph: &str) -> Vec<(Range<usize>, Vec<String>)> {
    split(paragraph)
        .iter()
        .map(|s| (span(s), features::features(s)))
        .collect()
}

/// The threshold a sentence with these features must reach: `with_actor`, or
/// [`THRESHOLD_WITHOUT_ACTOR`] if that is higher and no actor is found.
pub fn threshold(features: &[String], with_actor: f32) -> f32 {
    if features.iter().any(|f| f == NO_ACTOR) {
        with_actor.max(THRESHOLD_WITHOUT_ACTOR)
    } else {
        with_actor
    }
}

/// The sentences of a paragraph that the shipped scorer flags, leaving out those `skip` says are
/// flagged already: each one's byte range and its [cues](Weights::cues), at most three.
pub fn resembling(
    sentences: &[Sentence],
    skip: impl Fn(&Range<usize>) -> bool,
) -> Vec<(Range<usize>, Vec<String>)> {
    sentences
        .iter()
        .map(|s| (span(s), s))
        .filter(|(range, _)| !skip(range))
        .filter_map(|(range, s)| {
            let features = features::features(s);
            (WEIGHTS.probability(&features) >= threshold(&features, THRESHOLD))
                .then(|| (range, WEIGHTS.cues(&features, 3)))
        })
        .collect()
}

/// From the first token's start to the last token's end.
fn span(sentence: &Sentence) -> Range<usize> {
    let t = &sentence.tokens;
    t.first().map_or(0, |f| f.start)..t.last().map_or(0, |l| l.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_weights_are_sorted_numbers_each_found() {
        let src = include_str!("weights.tsv");
        let lines: Vec<&str> = sorted_lines::without_header(src).lines().skip(1).collect();
        assert!(lines.len() > 1000, "{} weights", lines.len());
        for pair in lines.windows(2) {
            assert!(
                pair[0].split('\t').next() < pair[1].split('\t').next(),
                "{pair:?}"
            );
        }
        for line in lines {
            let (feature, weight) = line.rsplit_once('\t').unwrap();
            assert_eq!(
                WEIGHTS.weight(feature),
                Some(weight.parse().unwrap()),
                "{line}"
            );
        }
    }

    #[test]
    fn a_weights_file_needs_its_bias_first_and_numbers() {
        assert!(Weights::parse("# c\nbias\t-1\nw=x\t2.5\n").is_ok());
        assert!(Weights::parse("bias\t-1").is_ok());
        assert!(Weights::parse("w=x\t2.5\n").is_err());
        assert!(Weights::parse("bias\tlots\n").is_err());
        assert!(Weights::parse("# nothing\n").is_err());
    }

    #[test]
    fn probability_is_the_logistic_of_bias_plus_weights() {
        let w = Weights::parse("bias\t-1\nw=x\t3\n").unwrap();
        let p = w.probability(&["w=x".to_owned(), "w=unknown".to_owned()]);
        assert!((p - 1.0 / (1.0 + (-2.0f32).exp())).abs() < 1e-6);
        assert!((w.probability(&[]) - 1.0 / (1.0 + 1.0f32.exp())).abs() < 1e-6);
    }

    #[test]
    fn cues_are_the_heaviest_words_and_pairs_as_they_read() {
        let w = Weights::parse(
            "bias\t0\nb=for_a\t3\nb=lads_sat\t0.9\nb=sat_on\t2\nt=cap\t5\nw=?\t4\nw=lads\t1\nw=the\t3\nw=week\t-2\n",
        )
        .unwrap();
        let features: Vec<String> = [
            "w=lads",
            "b=sat_on",
            "b=lads_sat",
            "b=for_a",
            "t=cap",
            "w=?",
            "w=the",
            "w=week",
        ]
        .map(String::from)
        .into();
        // classes, marks, grammar words, light and negative weights are not cues
        // "lads sat" repeats words already named
        assert_eq!(w.cues(&features, 3), ["sat on", "lads"]);
        assert_eq!(w.cues(&features, 1), ["sat on"]);
    }

    #[test]
    fn sentences_keep_their_byte_ranges() {
        let text = "Kevin broke prod. The cache warmed up.";
        let s = sentences(text);
        assert_eq!(s.len(), 2);
        assert_eq!(&text[s[0].0.clone()], "Kevin broke prod.");
        assert_eq!(&text[s[1].0.clone()], "The cache warmed up.");
    }
}
