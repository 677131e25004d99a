//! Action items: the follow-ups people write into a postmortem, read back as a list.
//!
//! [`extract`] is pure: the [outline](crate::blocks::outline) of a document in, items out. It takes
//! - the items of sections headed like action items (see [`sections`]): bullets, numbered items,
//!   task items, `**Title**: text` paragraphs, and table rows (columns by header, see [`table`]);
//! - tables whose header names an action column and a field column, wherever they are;
//! - items made by inline markers anywhere (`AI:`, `TODO(name):`…, see [`markers`]);
//!
//! and not timeline entries, lists in timelines and appendices, or prose that merely mentions an
//! action. Each item gets its fields from the text or the table (see [`fields`]), a status (the
//! text, a checkbox or status cell, the section's heading, or a past-tense wording, in that
//! order; open otherwise) and the quality problems of an open item: no owner, no due date, vague
//! wording (see [`wording`]).

mod dates;
mod fields;
mod markers;
mod sections;
mod table;
mod wording;
mod words;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::blocks::outline::{CellText, Entry, EntryKind};
use crate::blocks::{Mark, MarkKind};
use fields::Fields;
use sections::{Part, Sections};
pub use table::{status_column, ticket_column};
use table::{Columns, Role};
pub use words::{Words, WordsError};

/// One action item: what the extractor finds in a document, and the one shape every consumer
/// carries (the tracker's records, `P.insights`, the API, the CLI, both CSVs), each adding only
/// where it keeps the item (a file and line, a tracker id and history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// The action, without the field markup.
    pub text: String,
    /// A handle (without `@`) or a name.
    pub owner: Option<String>,
    #[serde(with = "crate::clock::iso_date")]
    pub due: Option<Date>,
    /// A ticket key (`OPS-412`), a reference (`#123`, `org/repo#123`) or a tracker URL.
    pub ticket: Option<String>,
    pub status: Status,
    /// The kind of action when given: `prevent`, `mitigate`, `detect`, `process`, or as written.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Quality problems of an open item.
    pub problems: Vec<Problem>,
    /// Where the document records the item's status, which says whether the server can change
    /// it (records from before this field read as [`StatusIn::Text`]).
    #[serde(default)]
    pub status_in: StatusIn,
}

impl ActionItem {
    /// The columns [`ActionItem::csv_fields`] fills, as CSV headers.
    pub const CSV_HEADERS: [&'static str; 7] = [
        "text", "owner", "due", "ticket", "status", "type", "problems",
    ];

    /// The item as CSV fields, in the order of [`ActionItem::CSV_HEADERS`] (problems joined by
    /// `;`).
    pub fn csv_fields(&self) -> [String; 7] {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        [
            self.text.clone(),
            text(&self.owner),
            self.due.map(|d| d.to_string()).unwrap_or_default(),
            text(&self.ticket),
            self.status.as_str().to_owned(),
            text(&self.kind),
            self.problems
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        ]
    }
}

/// Where a document records an item's status: what ticking it in a list has to change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusIn {
    /// A task item's checkbox: open or done.
    Checkbox,
    /// The status column of its table row: any status.
    StatusCell,
    /// Its own words (`(done)`, a past tense) or nowhere: only editing the text changes it.
    #[default]
    Text,
}

/// An action item and where the extractor found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub item: ActionItem,
    /// The index of the entry the item is in, in the outline given to [`extract`].
    pub block: usize,
    /// The line of that block's text the item is on, from 0 (several markers can share a
    /// paragraph).
    pub line_in_block: usize,
}

impl std::ops::Deref for Extracted {
    type Target = ActionItem;

    fn deref(&self) -> &ActionItem {
        &self.item
    }
}

impl Extracted {
    /// The item's 1-based source line, when the blocks came from Markdown.
    pub fn source_line(&self, blocks: &[Entry]) -> Option<usize> {
        let block = blocks.get(self.block)?;
        let line = block.origin.line()?;
        // A line of the block's text is a source line, except after a `<br>` in the middle of
        // one: never past the block's last line.
        Some((line + self.line_in_block).min(block.last_line.unwrap_or(usize::MAX)))
    }
}

/// Where an action item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Done,
    NotDoing,
    /// No longer in its document: only the tracker says this of an item, the extractor never.
    Removed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Done => "done",
            Status::NotDoing => "not_doing",
            Status::Removed => "removed",
        }
    }
}

/// A weakness of an open action item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    NoOwner,
    NoDueDate,
    /// Wording that names no concrete change ("improve", "investigate", "look into"…).
    Vague,
}

impl Problem {
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::NoOwner => "no_owner",
            Problem::NoDueDate => "no_due_date",
            Problem::Vague => "vague",
        }
    }
}

/// Whether `text` is a ticket reference the extractor reads as one (`OPS-123`, `#12`,
/// `org/repo#12`, an issue or tracker URL), so a ticket written into a document is read back.
pub fn is_ticket(text: &str, words: &Words) -> bool {
    fields::ticket_in(text, &[], words).is_some_and(|ticket| ticket == text)
}

/// The action items in a document's outline, in document order, read with `words` (usually
/// [`Words::builtin`]).
pub fn extract(blocks: &[Entry], words: &Words) -> Vec<Extracted> {
    let mut extractor = Extractor {
        words,
        sections: Sections::default(),
        table: None,
        list: Vec::new(),
        items: Vec::new(),
    };
    for (index, block) in blocks.iter().enumerate() {
        extractor.block(index, block);
    }
    extractor.items
}

/// A list item still open above the next one, in an action section.
struct OpenItem {
    depth: usize,
    ordered: bool,
    /// It ends with a lead-in colon, so what follows it is its detail, not new items.
    introduces_details: bool,
    /// The action item it made, if any.
    item: Option<usize>,
}

struct Extractor<'w> {
    words: &'w Words,
    sections: Sections,
    table: Option<Columns>,
    list: Vec<OpenItem>,
    items: Vec<Extracted>,
}

/// Text after a list item that is a reference or an example for it, not an action.
static DETAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:see|e\.g\.|i\.e\.|note|ref|cf\.|for example|example)\b").expect("detail")
});
/// Bold lead-ins of paragraphs that are notes about the section, not items.
static NOTE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:note|notes|context|background|summary|update|edit|disclaimer|tl;?dr|status)\b",
    )
    .expect("note lead")
});
/// What an inline marker may be followed by that is not an action.
static NOTHING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:none|n/?a|nothing|tbd|-+)(?:\W|$)").expect("nothing"));

impl Extractor<'_> {
    fn block(&mut self, index: usize, block: &Entry) {
        if !matches!(block.kind, EntryKind::TableRow { .. }) {
            self.table = None;
        }
        if !matches!(
            block.kind,
            EntryKind::ListItem { .. } | EntryKind::TaskItem { .. }
        ) {
            self.list.clear();
        }
        match &block.kind {
            EntryKind::Heading { level } => self.sections.heading(*level, &block.text),
            EntryKind::Paragraph if is_label(block) => self.sections.label(&block.text),
            EntryKind::Paragraph => self.paragraph(index, block),
            EntryKind::ListItem { depth, ordered } => {
                self.list_item(index, block, *depth, *ordered, None)
            }
            EntryKind::TaskItem { depth, checked } => {
                self.list_item(index, block, *depth, false, Some(*checked))
            }
            EntryKind::TableRow { header, cells } => self.row(index, *header, cells),
            EntryKind::Quote => self.markers(index, block),
            EntryKind::CodeBlock | EntryKind::Rule => {}
        }
    }

    fn paragraph(&mut self, index: usize, block: &Entry) {
        match self.sections.current() {
            Part::Action(hint)
                if markers::leading(&block.text).is_none() && has_bold_lead(block) =>
            {
                self.section_item(index, block, 0, None, hint, None);
            }
            _ => self.markers(index, block),
        }
    }

    fn list_item(
        &mut self,
        index: usize,
        block: &Entry,
        depth: usize,
        ordered: bool,
        checked: Option<bool>,
    ) {
        let Part::Action(hint) = self.sections.current() else {
            return self.markers(index, block);
        };
        while self.list.last().is_some_and(|open| open.depth > depth) {
            self.list.pop();
        }
        // A list right after a lead-in (`… we will monitor:`) details it; so does one nested in it.
        let detail = match self.list.last() {
            Some(open) if open.depth == depth => open.introduces_details && open.ordered != ordered,
            Some(open) => open.introduces_details,
            None => false,
        };
        if detail {
            return;
        }
        if self.list.last().is_some_and(|open| open.depth == depth) {
            self.list.pop();
        }
        let parent = self.list.last().and_then(|open| open.item);
        let lead_in = block.text.trim_end().ends_with(':');
        let label = lead_in && (is_all_bold(block) || block.text.split_whitespace().count() <= 2);
        // A label such as `**Monitoring:**` stands over the real items.
        let item = if label || markers::is_timeline_entry(&block.text) {
            None
        } else {
            self.section_item(index, block, depth, checked, hint, parent)
        };
        self.list.push(OpenItem {
            depth,
            ordered,
            introduces_details: lead_in && !label,
            item,
        });
    }

    /// An item of an action section: a list item or a `**Title**: text` paragraph. A nested item
    /// that is only a ticket gives its ticket to its `parent` item instead. Returns the index of
    /// the item made.
    fn section_item(
        &mut self,
        index: usize,
        block: &Entry,
        depth: usize,
        checked: Option<bool>,
        hint: Option<Status>,
        parent: Option<usize>,
    ) -> Option<usize> {
        let (start, marker_owner) = markers::leading(&block.text).unwrap_or((0, None));
        let range = start..block.text.len();
        let mut fields = fields::parse(
            &block.text[range.clone()],
            &marks_within(block, &range),
            self.words,
        );
        if !has_letters(&fields.text) {
            let ticket = fields.ticket.clone()?;
            match parent.and_then(|p| self.items.get_mut(p)) {
                Some(parent) if depth > 0 => {
                    parent.item.ticket.get_or_insert(ticket);
                    return None;
                }
                _ => fields.text = ticket,
            }
        }
        if depth > 0 && DETAIL.is_match(&fields.text) {
            return None;
        }
        fields.owner = marker_owner.or(fields.owner);
        let checkbox = checked.map(|c| if c { Status::Done } else { Status::Open });
        fields.status = fields.status.or(checkbox).or(hint);
        let status_in = match checked {
            Some(_) => StatusIn::Checkbox,
            None => StatusIn::Text,
        };
        self.push(fields, status_in, index, 0);
        Some(self.items.len() - 1)
    }

    fn markers(&mut self, index: usize, block: &Entry) {
        if self.sections.current() == Part::Aside {
            return;
        }
        for marked in markers::find(&block.text) {
            let mut fields = fields::parse(
                &block.text[marked.range.clone()],
                &marks_within(block, &marked.range),
                self.words,
            );
            if !has_letters(&fields.text) || NOTHING.is_match(&fields.text) {
                continue;
            }
            fields.owner = marked.owner.or(fields.owner);
            self.push(fields, StatusIn::Text, index, marked.line);
        }
    }

    fn row(&mut self, index: usize, header: bool, cells: &[CellText]) {
        // A header row starts a table, even right after another one.
        if header {
            self.table = None;
        }
        let Some(columns) = &self.table else {
            let columns = Columns::from_header(cells, self.words);
            if header || columns.is_header() {
                self.table = Some(columns);
                return;
            }
            self.table = Some(Columns::from_header(&[], self.words));
            return self.row(index, header, cells);
        };
        let part = self.sections.current();
        let taken = match part {
            Part::Action(_) => !columns.is_timeline(),
            Part::Other => columns.names_actions(),
            Part::Aside => false,
        };
        let Some(text) = cells.get(columns.text()).filter(|_| taken) else {
            return;
        };
        let words = self.words;
        let mut fields = fields::parse(&text.text, &text.marks, words);
        if !has_letters(&fields.text) {
            return;
        }
        let cell = |role| columns.find(role).and_then(|i| cells.get(i));
        if let Some(owner) = cell(Role::Owner) {
            fields.owner = fields::owner_word(&owner.text, words).or(fields.owner);
        }
        if let Some(due) = cell(Role::Due) {
            fields.due = dates::first(&due.text).or(fields.due);
        }
        if let Some(ticket) = cell(Role::Ticket) {
            let written =
                fields::owner_word(&ticket.text, words).map(|_| ticket.text.trim().to_string());
            let found = fields::ticket_in(&ticket.text, &ticket.marks, words).or(written);
            fields.ticket = found.or(fields.ticket);
        }
        let status_cell = cell(Role::Status);
        if let Some(status) = status_cell {
            fields.status = fields::status_word(&status.text).or(fields.status);
        }
        if let Some(kind) = cell(Role::Type) {
            fields.kind = fields::kind_word(&kind.text).or(fields.kind);
        }
        if let Part::Action(hint) = part {
            fields.status = fields.status.or(hint);
        }
        let status_in = match status_cell {
            Some(_) => StatusIn::StatusCell,
            None => StatusIn::Text,
        };
        self.push(fields, status_in, index, 0);
    }

    fn push(&mut self, fields: Fields, status_in: StatusIn, block: usize, line_in_block: usize) {
        let past = wording::reads_as_done(&fields.text, self.words);
        let status = fields
            .status
            .unwrap_or(if past { Status::Done } else { Status::Open });
        let problems = if status == Status::Open {
            [
                (fields.owner.is_none(), Problem::NoOwner),
                (fields.due.is_none(), Problem::NoDueDate),
                (wording::is_vague(&fields.text), Problem::Vague),
            ]
            .into_iter()
            .filter_map(|(has, problem)| has.then_some(problem))
            .collect()
        } else {
            Vec::new()
        };
        self.items.push(Extracted {
            item: ActionItem {
                status,
                problems,
                status_in,
                text: fields.text,
                owner: fields.owner,
                due: fields.due,
                ticket: fields.ticket,
                kind: fields.kind,
            },
            block,
            line_in_block,
        });
    }
}

/// A short paragraph that names what follows it: `**Completed:**`, `Action items:`.
fn is_label(block: &Entry) -> bool {
    let text = block.text.trim();
    if text.contains('\n') || text.split_whitespace().count() > 8 {
        return false;
    }
    text.ends_with(':') || is_all_bold(block)
}

/// Whether all of the block's text (but a closing colon) is bold.
fn is_all_bold(block: &Entry) -> bool {
    let body = block.text.trim_end().trim_end_matches([':', ' ']);
    !body.is_empty()
        && block
            .marks
            .iter()
            .any(|m| m.kind == MarkKind::Bold && m.range.start == 0 && m.range.end >= body.len())
}

/// A paragraph shaped `**Title**: text`, the way some teams write items without a list.
fn has_bold_lead(block: &Entry) -> bool {
    block
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Bold && m.range.start == 0)
        .is_some_and(|bold| {
            let title = &block.text[bold.range.clone()];
            let after = block.text[bold.range.end..].trim_start();
            (title.trim_end().ends_with(':') || after.starts_with(':'))
                && !NOTE_LEAD.is_match(title)
        })
}

fn has_letters(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// The block's marks over `range`, relative to its start.
fn marks_within(block: &Entry, range: &Range<usize>) -> Vec<Mark> {
    block
        .marks
        .iter()
        .filter(|m| m.range.start < range.end && range.start < m.range.end)
        .map(|m| Mark {
            range: m.range.start.max(range.start) - range.start
                ..m.range.end.min(range.end) - range.start,
            kind: m.kind.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
