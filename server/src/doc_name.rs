//! Document names, validated once at the edge.
//!
//! A name is 1–128 bytes of `[A-Za-z0-9._-]`. That keeps names safe in URLs, log lines and storage
//! keys (the store uses a NUL byte as separator, which no valid name contains). One postmortem `P`
//! is a family of rooms told apart by suffix: `P` (body, metadata, presence), `P.comments` and
//! `P.insights`; [`DocName::room_kind`] says which one a name is, so permissions can differ per room.

use std::fmt;
use std::sync::Arc;

/// Longest accepted document name, in bytes.
pub const MAX_LEN: usize = 128;

/// A validated document name. Cheap to clone.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocName(Arc<str>);

/// Why a string is not a document name.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidDocName {
    #[error("document name is empty")]
    Empty,
    #[error("document name is longer than {MAX_LEN} bytes")]
    TooLong,
    #[error("document name may only contain A-Z, a-z, 0-9, '.', '_' and '-'")]
    BadCharacter,
}

/// Which room of a postmortem family a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomKind {
    /// The postmortem itself: rich-text body, metadata and presence.
    Body,
    /// `P.comments`: review threads.
    Comments,
    /// `P.insights`: data derived by the server (annotations, action items).
    Insights,
}

impl DocName {
    pub fn parse(name: &str) -> Result<Self, InvalidDocName> {
        if name.is_empty() {
            return Err(InvalidDocName::Empty);
        }
        if name.len() > MAX_LEN {
            return Err(InvalidDocName::TooLong);
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        {
            return Err(InvalidDocName::BadCharacter);
        }
        Ok(DocName(name.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The postmortem this room belongs to: the name without its room suffix.
    pub fn postmortem_id(&self) -> &str {
        match self.room_kind() {
            RoomKind::Body => &self.0,
            RoomKind::Comments | RoomKind::Insights => {
                self.0.rsplit_once('.').map_or(&*self.0, |(base, _)| base)
            }
        }
    }

    /// The role of this room within its postmortem family.
    pub fn room_kind(&self) -> RoomKind {
        match self.0.rsplit_once('.') {
            Some((_, "comments")) => RoomKind::Comments,
            Some((_, "insights")) => RoomKind::Insights,
            _ => RoomKind::Body,
        }
    }
}

impl fmt::Display for DocName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DocName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_names() {
        for name in [
            "a",
            "incident-2026-11-03",
            "P.comments",
            "x_y.Z-9",
            &"a".repeat(128),
        ] {
            assert_eq!(DocName::parse(name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn rejects_invalid_names() {
        assert_eq!(DocName::parse(""), Err(InvalidDocName::Empty));
        assert_eq!(
            DocName::parse(&"a".repeat(129)),
            Err(InvalidDocName::TooLong)
        );
        for bad in ["a/b", "a b", "é", "a\0b", "..%2f", "doc?x=1"] {
            assert_eq!(
                DocName::parse(bad),
                Err(InvalidDocName::BadCharacter),
                "{bad}"
            );
        }
    }

    #[test]
    fn room_kinds() {
        let kind = |n: &str| DocName::parse(n).unwrap().room_kind();
        assert_eq!(kind("p1"), RoomKind::Body);
        assert_eq!(kind("p1.comments"), RoomKind::Comments);
        assert_eq!(kind("p1.insights"), RoomKind::Insights);
        assert_eq!(kind("p1.other"), RoomKind::Body);
        let id = |n: &str| DocName::parse(n).unwrap().postmortem_id().to_owned();
        assert_eq!(id("p1"), "p1");
        assert_eq!(id("p1.comments"), "p1");
        assert_eq!(id("p1.insights"), "p1");
    }
}
