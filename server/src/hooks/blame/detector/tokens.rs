//! Words and sentences: the detector's view of a paragraph.
//!
//! A word keeps its byte span in the paragraph (findings point into the text), a lower-case form
//! with typographic apostrophes made plain, and whether it is capitalised. Sentences end at `.`,
//! `!` or `?` followed by a space or the end; clauses, which bound what a subject governs, also
//! end at `;`, `:`, dashes and commas. Everything is one pass over the text.

/// Negated auxiliaries as chat writes them, without the apostrophe ("didnt", "wasnt"): read
/// as the contraction.
const WITHOUT_APOSTROPHE: &[(&str, &str)] = &[
    ("didnt", "didn't"),
    ("doesnt", "doesn't"),
    ("dont", "don't"),
    ("wasnt", "wasn't"),
    ("werent", "weren't"),
    ("isnt", "isn't"),
    ("arent", "aren't"),
    ("hasnt", "hasn't"),
    ("havent", "haven't"),
    ("hadnt", "hadn't"),
    ("couldnt", "couldn't"),
    ("wouldnt", "wouldn't"),
    ("shouldnt", "shouldn't"),
    ("cant", "can't"),
    ("wont", "won't"),
];

/// Chat's shorthand with a slash, read as the word it stands for: "rebooted the router w/o
/// checking", "pushed w/ no review", "b/c the cert expired".
const SLASHED: &[(&str, &str)] = &[("w/o", "without"), ("b/c", "because"), ("w/", "with")];

/// The shorthand of [`SLASHED`] that starts `text`, if one does and no letter or digit follows
/// it: its length in bytes and the word it stands for.
fn slashed(text: &str) -> Option<(usize, &'static str)> {
    SLASHED.iter().find_map(|&(short, long)| {
        let head = text.get(..short.len())?;
        let ends = text[short.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_word_char(c));
        (head.eq_ignore_ascii_case(short) && ends).then_some((short.len(), long))
    })
}

/// A word's lower-case form: `’` written `'`, and an apostrophe-less negation given its
/// apostrophe.
fn plain(raw: &str) -> String {
    let lower = raw.to_lowercase().replace('’', "'");
    match WITHOUT_APOSTROPHE.iter().find(|(bare, _)| *bare == lower) {
        Some((_, contraction)) => (*contraction).to_owned(),
        None => lower,
    }
}

/// One word (letters, digits, inner apostrophes, hyphens and dots) or punctuation mark.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Lower case, `’` written `'`, "didnt" written "didn't".
    pub lower: String,
    pub kind: Kind,
    /// The first character is an upper-case letter.
    pub capitalised: bool,
    /// Two or more letters, all upper case (AWS, QA): an acronym, never a name.
    pub acronym: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// A mark that ends a clause (`, ; : – — ( )`).
    Break,
    /// `?`, which also ends the sentence.
    Question,
    /// Any other mark (quotes, `*`, `/`, `.` of an abbreviation).
    Other,
}

impl Token {
    pub fn is(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.lower == word
    }

    pub fn is_any(&self, words: &[&str]) -> bool {
        self.kind == Kind::Word && words.contains(&self.lower.as_str())
    }

    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

/// One sentence: its tokens and whether it is a question.
#[derive(Debug)]
pub struct Sentence {
    pub tokens: Vec<Token>,
    pub question: bool,
}

/// Longest sentence looked at, in tokens: bounds the work per sentence (the rest of an
/// overlong run-on sentence starts a new one).
const MAX_TOKENS: usize = 120;

/// Titles written before a name, often with a dot: "Ms. Okafor", "Dr Rinaldi".
pub const TITLES: &[&str] = &["mr", "mrs", "ms", "mx", "dr", "prof"];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits a paragraph into sentences of tokens.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mention = c == '@' && text[i + 1..].chars().next().is_some_and(is_word_char);
        // (the word branch below takes every letter of a word, so a letter here starts one)
        let shorthand = matches!(c, 'w' | 'W' | 'b' | 'B')
            .then(|| slashed(&text[i..]))
            .flatten();
        if let Some((len, long)) = shorthand {
            for _ in 1..text[i..i + len].chars().count() {
                chars.next();
            }
            current.push(Token {
                start: i,
                end: i + len,
                lower: long.to_owned(),
                kind: Kind::Word,
                capitalised: c.is_uppercase(),
                acronym: false,
            });
        } else if is_word_char(c) || mention {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                // `@` inside a word is an e-mail address (`jane.doe@acme.io`): one token, no
                // mention of anyone.
                let joins = matches!(d, '\'' | '’' | '-' | '.' | '@');
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else if joins
                    && text[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char)
                {
                    // "didn't", "on-call", "v1.2", "e.g" (not a sentence-ending dot: a word follows
                    // without a space).
                    chars.next();
                    end = j + d.len_utf8();
                } else {
                    break;
                }
            }
            let raw = &text[i..end];
            current.push(Token {
                start: i,
                end,
                lower: plain(raw),
                kind: Kind::Word,
                // "@rafael.lima": a handle names a person, whatever its case.
                capitalised: c.is_uppercase() || mention,
                // ("IDs", "VMs": an acronym's plural)
                acronym: {
                    let stem = raw
                        .strip_suffix('s')
                        .filter(|s| s.len() >= 2 && s.ends_with(|c: char| c.is_uppercase()))
                        .unwrap_or(raw);
                    stem.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && stem
                            .chars()
                            .filter(|c| c.is_alphabetic())
                            .all(char::is_uppercase)
                },
            });
        } else if c.is_whitespace() {
            continue;
        } else {
            let end = i + c.len_utf8();
            let next_is_space = text[end..].chars().next().is_none_or(char::is_whitespace);
            let kind = match c {
                '?' => Kind::Question,
                ',' | ';' | ':' | '–' | '—' | '(' | ')' => Kind::Break,
                _ => Kind::Other,
            };
            // ("Ms. Okafor": the dot after a title ends no sentence)
            let after_title = c == '.'
                && current
                    .last()
                    .is_some_and(|t: &Token| t.capitalised && TITLES.contains(&t.lower.as_str()));
            let ends_sentence = matches!(c, '.' | '!' | '?') && next_is_space && !after_title;
            current.push(Token {
                start: i,
                end,
                lower: c.to_string(),
                kind,
                capitalised: false,
                acronym: false,
            });
            if ends_sentence || current.len() >= MAX_TOKENS {
                push(&mut out, &mut current);
            }
        }
        if current.len() >= MAX_TOKENS {
            push(&mut out, &mut current);
        }
    }
    push(&mut out, &mut current);
    out
}

/// Modal verbs that chat and learners write with "of" for "have": "should of escalated",
/// "could of prevented".
const MODALS_WITH_OF: &[&str] = &["should", "could", "would", "must", "might"];

fn push(out: &mut Vec<Sentence>, current: &mut Vec<Token>) {
    if current.iter().any(Token::is_word) {
        // "should of escalated" is read as "should have escalated" (the "of" is what "'ve" sounds
        // like; a modal is never followed by the preposition).
        for k in 1..current.len() {
            if current[k].is("of") && current[k - 1].is_any(MODALS_WITH_OF) {
                current[k].lower = "have".to_owned();
            }
        }
        let question = current.iter().any(|t| t.kind == Kind::Question);
        out.push(Sentence {
            tokens: std::mem::take(current),
            question,
        });
    } else {
        current.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        sentences(text)
            .into_iter()
            .map(|s| s.tokens.into_iter().map(|t| t.lower).collect())
            .collect()
    }

    #[test]
    fn words_keep_inner_apostrophes_hyphens_and_dots() {
        assert_eq!(
            words("Priyanka’s on-call v1.2 didn't. Next?"),
            [
                vec!["priyanka's", "on-call", "v1.2", "didn't", "."],
                vec!["next", "?"]
            ]
        );
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "At 03:12 **Kevin** forgot.";
        let s = sentences(text);
        let kevin = s[0].tokens.iter().find(|t| t.lower == "kevin").unwrap();
        assert_eq!(&text[kevin.start..kevin.end], "Kevin");
        assert!(kevin.capitalised);
    }

    #[test]
    fn a_title_s_dot_ends_no_sentence() {
        assert_eq!(
            words("Ms. Okafor ran it. Then Dr. Rinaldi."),
            [
                vec!["ms", ".", "okafor", "ran", "it", "."],
                vec!["then", "dr", ".", "rinaldi", "."]
            ]
        );
    }

    #[test]
    fn of_after_a_modal_reads_as_have() {
        assert_eq!(
            words("Should of checked, because most of it could of waited"),
            [vec![
                "should", "have", "checked", ",", "because", "most", "of", "it", "could", "have",
                "waited"
            ]]
        );
    }

    #[test]
    fn overlong_sentences_are_cut() {
        let text = "word ".repeat(1000);
        assert!(sentences(&text)
            .iter()
            .all(|s| s.tokens.len() <= MAX_TOKENS));
    }
}
