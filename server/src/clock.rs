//! Wall-clock time as the API and stored records write it: RFC 3339, UTC.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A calendar date as the API, the stored records and the documents write one: `2026-12-05`.
pub const ISO_DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// Serde for an optional [`time::Date`] as an ISO date (`2026-12-05`) or `null`, the way the API
/// and the stored records write one: `#[serde(with = "crate::clock::iso_date")]`. (`time`'s own
/// `serde::format_description!` modules refuse a `null` inside a `#[serde(flatten)]`ed struct.)
pub mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    use super::ISO_DATE as ISO;

    pub fn serialize<S: Serializer>(date: &Option<Date>, out: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => {
                let text = date.format(ISO).map_err(serde::ser::Error::custom)?;
                out.serialize_some(&text)
            }
            None => out.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(input)?
            .map(|text| Date::parse(&text, ISO).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// `time` in RFC 3339.
pub fn rfc3339(time: OffsetDateTime) -> String {
    time.format(&Rfc3339).unwrap_or_default()
}

/// Now, in RFC 3339.
pub fn now_rfc3339() -> String {
    rfc3339(OffsetDateTime::now_utc())
}

/// Now, in milliseconds since the Unix epoch, as stored records keep times they compare.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339() {
        assert_eq!(
            rfc3339(time::macros::datetime!(2026-11-22 01:02:03 UTC)),
            "2026-11-22T01:02:03Z"
        );
        assert!(now_rfc3339().starts_with("20"));
    }
}
