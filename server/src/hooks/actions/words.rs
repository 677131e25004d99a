//! The extractor's word lists, kept as data in `words.toml` (embedded in the binary) rather than
//! in code, so a team can extend them with a file of the same shape without a new build: their
//! own imperatives that are not people (`Backport to 1.x`), their tracker's column names.
//!
//! [`Words::builtin`] is the embedded file; [`Words::with_overlay`] adds a user's file to it.
//! Lists only grow: an overlay cannot remove a word, so it cannot make the extractor miss what the
//! defaults find.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

use super::table::Role;

/// Why a words file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum WordsError {
    #[error("invalid action-item words file: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("column role `{0}` is not one of text, owner, due, ticket, status, type, time")]
    UnknownRole(String),
}

/// The word lists, ready to look words up in.
#[derive(Debug, Clone)]
pub struct Words {
    /// Words that start an imperative or a plain sentence: not the person of `X to <verb>`.
    pub(super) not_people: HashSet<String>,
    /// Words after `to` that show it is not `Person to <verb>`.
    pub(super) not_verbs: HashSet<String>,
    /// Owner values that name nobody (`TBD`, `n/a`).
    pub(super) nobody: HashSet<String>,
    /// Prefixes of `ABC-123` shapes that are not ticket keys.
    pub(super) not_keys: HashSet<String>,
    /// Words in `-ed` that do not make an item read as done.
    pub(super) not_past: HashSet<String>,
    /// Header words and the column role they give, in the order they are checked.
    pub(super) columns: Vec<(Role, HashSet<String>)>,
}

/// A words file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    #[serde(default)]
    owner: OwnerWords,
    #[serde(default)]
    ticket: TicketWords,
    #[serde(default)]
    wording: WordingWords,
    #[serde(default)]
    columns: Vec<ColumnWords>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnerWords {
    #[serde(default)]
    not_people: Vec<String>,
    #[serde(default)]
    not_verbs: Vec<String>,
    #[serde(default)]
    nobody: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TicketWords {
    #[serde(default)]
    not_keys: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordingWords {
    #[serde(default)]
    not_past: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnWords {
    role: String,
    words: Vec<String>,
}

const BUILTIN: &str = include_str!("words.toml");

impl Words {
    /// The lists embedded in the binary.
    pub fn builtin() -> &'static Words {
        static WORDS: LazyLock<Words> = LazyLock::new(|| {
            let mut words = Words::empty();
            words
                .add(BUILTIN)
                .expect("the embedded words.toml is valid");
            words
        });
        &WORDS
    }

    /// The embedded lists with the words of `overlay` (a words file's text) added.
    pub fn with_overlay(overlay: &str) -> Result<Words, WordsError> {
        let mut words = Words::builtin().clone();
        words.add(overlay)?;
        Ok(words)
    }

    fn empty() -> Words {
        Words {
            not_people: HashSet::new(),
            not_verbs: HashSet::new(),
            nobody: HashSet::new(),
            not_keys: HashSet::new(),
            not_past: HashSet::new(),
            columns: Vec::new(),
        }
    }

    fn add(&mut self, text: &str) -> Result<(), WordsError> {
        let file: WordsFile = toml::from_str(text)?;
        let lower = |list: Vec<String>| list.into_iter().map(|w| w.to_lowercase());
        self.not_people.extend(lower(file.owner.not_people));
        self.not_verbs.extend(lower(file.owner.not_verbs));
        self.nobody.extend(lower(file.owner.nobody));
        self.not_keys.extend(file.ticket.not_keys);
        self.not_past.extend(lower(file.wording.not_past));
        for column in file.columns {
            let role = Role::named(&column.role).ok_or(WordsError::UnknownRole(column.role))?;
            self.columns.push((role, lower(column.words).collect()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_lists_load() {
        let words = Words::builtin();
        assert!(words.not_people.contains("revert"));
        assert!(words.nobody.contains("tbd"));
        assert!(words.not_keys.contains("SEV"));
        assert_eq!(
            words.columns.first().map(|(role, _)| *role),
            Some(Role::Text)
        );
    }

    #[test]
    fn an_overlay_adds_words_and_keeps_the_defaults() {
        let words = Words::with_overlay(
            "[owner]\nnot_people = [\"Backport\"]\n\n[[columns]]\nrole = \"owner\"\nwords = [\"Driver\"]\n",
        )
        .unwrap();
        assert!(words.not_people.contains("backport"));
        assert!(words.not_people.contains("revert"));
        assert!(words
            .columns
            .last()
            .is_some_and(|(role, w)| *role == Role::Owner && w.contains("driver")));
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let unknown = Words::with_overlay("[owner]\nnot_peeple = [\"x\"]\n").unwrap_err();
        assert!(unknown.to_string().contains("not_peeple"), "{unknown}");
        let role = Words::with_overlay("[[columns]]\nrole = \"colour\"\nwords = [\"x\"]\n");
        assert!(matches!(role, Err(WordsError::UnknownRole(r)) if r == "colour"));
    }
}
