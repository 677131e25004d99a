//! A postmortem's metadata: the `Y.Map` named `meta` beside the body.
//!
//! Every value is a string: `title`, `incidentDate` (`YYYY-MM-DD`), `severity` (`SEV1`–`SEV4`),
//! `status` (`draft` | `review` | `approved` | `published`, the [review](crate::lifecycle) stage,
//! written by the server) and `createdAt` (RFC 3339). Browsers write the other values directly,
//! so reading accepts whatever is there; values coming from outside (Markdown front
//! matter) are checked with [`parse_incident_date`], [`parse_severity`] and [`parse_status`].

use yrs::{Any, Map, MapRef, Out, ReadTxn, TransactionMut, WriteTxn};

use crate::lifecycle::Stage;

/// Name of the metadata map in a postmortem's document.
pub const META: &str = "meta";

const TITLE: &str = "title";
const INCIDENT_DATE: &str = "incidentDate";
const SEVERITY: &str = "severity";
const STATUS: &str = "status";
const CREATED_AT: &str = "createdAt";

/// The severities offered, most severe first.
pub const SEVERITIES: [&str; 4] = ["SEV1", "SEV2", "SEV3", "SEV4"];

/// A postmortem's metadata. Empty strings mean "not set".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub incident_date: String,
    pub severity: String,
    pub status: String,
    pub created_at: String,
}

impl Meta {
    /// Reads the metadata map; missing or non-string values read as empty.
    pub fn read<T: ReadTxn>(txn: &T, map: &MapRef) -> Meta {
        let get = |key: &str| match map.get(txn, key) {
            Some(Out::Any(Any::String(s))) => s.to_string(),
            _ => String::new(),
        };
        Meta {
            title: get(TITLE),
            incident_date: get(INCIDENT_DATE),
            severity: get(SEVERITY),
            status: get(STATUS),
            created_at: get(CREATED_AT),
        }
    }

    /// Writes every field that is set.
    pub fn write(&self, txn: &mut TransactionMut, map: &MapRef) {
        for (key, value) in [
            (TITLE, &self.title),
            (INCIDENT_DATE, &self.incident_date),
            (SEVERITY, &self.severity),
            (STATUS, &self.status),
            (CREATED_AT, &self.created_at),
        ] {
            if !value.is_empty() {
                map.insert(txn, key, value.as_str());
            }
        }
    }
}

/// Why a metadata value is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MetaError {
    #[error("incident date {0:?} is not a date like 2026-03-14")]
    IncidentDate(String),
    #[error("severity {0:?} is not one of SEV1, SEV2, SEV3, SEV4")]
    Severity(String),
    #[error("status {0:?} is not one of draft, review, approved, published")]
    Status(String),
}

/// Accepts a calendar date written `YYYY-MM-DD`.
pub fn parse_incident_date(value: &str) -> Result<String, MetaError> {
    let date = value.trim();
    time::Date::parse(date, crate::clock::ISO_DATE)
        .map(|_| date.to_owned())
        .map_err(|_| MetaError::IncidentDate(value.to_owned()))
}

/// Accepts `SEV2`, `sev2`, `SEV-2`, `Sev 2` or `2`; answers the canonical `SEV2`.
pub fn parse_severity(value: &str) -> Result<String, MetaError> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    let canonical = if compact.starts_with("SEV") {
        compact
    } else {
        format!("SEV{compact}")
    };
    SEVERITIES
        .iter()
        .find(|s| **s == canonical)
        .map(|s| (*s).to_owned())
        .ok_or_else(|| MetaError::Severity(value.to_owned()))
}

/// Accepts a status name (any case); "in review" is taken as `review`.
pub fn parse_status(value: &str) -> Result<String, MetaError> {
    Stage::parse(value)
        .map(|stage| stage.as_str().to_owned())
        .ok_or_else(|| MetaError::Status(value.to_owned()))
}

/// Shows the review `stage` in `meta.status` (the server does, after each review step); writes
/// nothing when it already does.
pub fn write_status(txn: &mut TransactionMut, stage: Stage) {
    let map = txn.get_or_insert_map(META);
    let shown = match map.get(txn, STATUS) {
        Some(Out::Any(Any::String(s))) => Some(s),
        _ => None,
    };
    if shown.as_deref() != Some(stage.as_str()) {
        map.insert(txn, STATUS, stage.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Doc, Transact};

    #[test]
    fn meta_round_trips_through_the_map() {
        let doc = Doc::new();
        let map = doc.get_or_insert_map(META);
        let meta = Meta {
            title: "Checkout outage".into(),
            incident_date: "2026-03-14".into(),
            severity: "SEV2".into(),
            status: "draft".into(),
            created_at: "2026-03-15T09:00:00Z".into(),
        };
        meta.write(&mut doc.transact_mut(), &map);
        assert_eq!(Meta::read(&doc.transact(), &map), meta);
        assert_eq!(
            map.get(&doc.transact(), "incidentDate"),
            Some(Out::Any(Any::from("2026-03-14")))
        );
    }

    #[test]
    fn unset_fields_are_not_written_and_read_as_empty() {
        let doc = Doc::new();
        let map = doc.get_or_insert_map(META);
        let meta = Meta {
            title: "t".into(),
            ..Meta::default()
        };
        meta.write(&mut doc.transact_mut(), &map);
        assert_eq!(map.len(&doc.transact()), 1);
        map.insert(&mut doc.transact_mut(), "severity", 3);
        assert_eq!(Meta::read(&doc.transact(), &map), meta);
    }

    #[test]
    fn values_are_checked_and_canonicalised() {
        assert_eq!(parse_incident_date("2026-02-28").unwrap(), "2026-02-28");
        assert!(parse_incident_date("2026-02-30").is_err());
        assert!(parse_incident_date("yesterday").is_err());
        for s in ["SEV2", "sev2", "SEV-2", "Sev 2", "2"] {
            assert_eq!(parse_severity(s).unwrap(), "SEV2", "{s}");
        }
        assert_eq!(
            parse_severity("SEV9"),
            Err(MetaError::Severity("SEV9".into()))
        );
        assert_eq!(parse_status("In Review").unwrap(), "review");
        assert_eq!(parse_status("published").unwrap(), "published");
        assert!(parse_status("done").is_err());
    }
}
