//! Tables of action items: which column holds what, recognised by the header.
//!
//! `Action | Owner | Due | Ticket | Status` and its many spellings (`Item`, `Task`, `Assignee`,
//! `Deadline`, `Bug`, `Done`, `Priority`…, the `[[columns]]` of `words.toml`). A table with an
//! action column and at least one field column is a table of action items wherever it is; a table
//! with a time column is a timeline and never is.

use super::Words;
use crate::blocks::outline::CellText;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Text,
    Owner,
    Due,
    Ticket,
    Status,
    Type,
    Time,
}

impl Role {
    /// The role a words file names (`[[columns]] role = "owner"`).
    pub(super) fn named(name: &str) -> Option<Role> {
        Some(match name {
            "text" => Role::Text,
            "owner" => Role::Owner,
            "due" => Role::Due,
            "ticket" => Role::Ticket,
            "status" => Role::Status,
            "type" => Role::Type,
            "time" => Role::Time,
            _ => return None,
        })
    }
}

/// The roles of a table's columns, from its header row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Columns(Vec<Option<Role>>);

impl Columns {
    pub(super) fn from_header(cells: &[CellText], words: &Words) -> Self {
        Columns(
            cells
                .iter()
                .map(|cell| role_of(&cell.text, words))
                .collect(),
        )
    }

    /// The first column holding `role`.
    pub(super) fn find(&self, role: Role) -> Option<usize> {
        self.0.iter().position(|r| *r == Some(role))
    }

    /// The column with the action's text: the named one, or else the first unnamed one.
    pub(super) fn text(&self) -> usize {
        self.find(Role::Text)
            .or_else(|| self.0.iter().position(Option::is_none))
            .unwrap_or(0)
    }

    /// Whether the header alone says this is a table of action items.
    pub(super) fn names_actions(&self) -> bool {
        let has = |role| self.find(role).is_some();
        has(Role::Text)
            && [Role::Owner, Role::Due, Role::Ticket, Role::Status]
                .into_iter()
                .any(has)
            && !self.is_timeline()
    }

    pub(super) fn is_timeline(&self) -> bool {
        self.find(Role::Time).is_some()
    }

    /// Whether a header row was recognised at all.
    pub(super) fn is_header(&self) -> bool {
        self.0.iter().flatten().count() >= 2
    }
}

/// The status column of a table with these header texts: the one [`extract`](super::extract)
/// reads an item's status from, and the one to rewrite to change it.
pub fn status_column<'a>(
    headers: impl IntoIterator<Item = &'a str>,
    words: &Words,
) -> Option<usize> {
    column_of(headers, words, Role::Status)
}

/// The ticket column of a table with these header texts.
pub fn ticket_column<'a>(
    headers: impl IntoIterator<Item = &'a str>,
    words: &Words,
) -> Option<usize> {
    column_of(headers, words, Role::Ticket)
}

fn column_of<'a>(
    headers: impl IntoIterator<Item = &'a str>,
    words: &Words,
    role: Role,
) -> Option<usize> {
    headers
        .into_iter()
        .position(|header| role_of(header, words) == Some(role))
}

fn role_of(header: &str, words: &Words) -> Option<Role> {
    let lower = header.to_lowercase();
    let said: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    words
        .columns
        .iter()
        .find(|(_, names)| said.iter().any(|w| names.contains(*w)))
        .map(|(role, _)| *role)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(names: &[&str]) -> Columns {
        let cells: Vec<CellText> = names
            .iter()
            .map(|n| CellText {
                text: n.to_string(),
                marks: vec![],
            })
            .collect();
        Columns::from_header(&cells, Words::builtin())
    }

    #[test]
    fn recognises_the_usual_headers() {
        let c = columns(&[
            "Action item",
            "Assignee",
            "Due date",
            "Jira",
            "Done?",
            "Priority",
        ]);
        assert_eq!(
            c.0,
            vec![
                Some(Role::Text),
                Some(Role::Owner),
                Some(Role::Due),
                Some(Role::Ticket),
                Some(Role::Status),
                Some(Role::Type)
            ]
        );
        assert!(c.names_actions());
        assert!(c.is_header());
    }

    #[test]
    fn text_falls_back_to_the_first_unnamed_column() {
        let c = columns(&["Owner", "Change"]);
        assert_eq!(c.text(), 1);
        assert!(!c.names_actions());
    }

    #[test]
    fn timelines_are_not_action_tables() {
        let c = columns(&["Time (UTC)", "Action", "Who"]);
        assert!(c.is_timeline());
        assert!(!c.names_actions());
        assert!(!columns(&["Step", "Result"]).is_header());
    }
}
