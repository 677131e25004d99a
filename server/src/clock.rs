//! Wall-clock time as the API and stored records write it: RFC 3339, UTC.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `time` in RFC 3339.
pub fn rfc3339(time: OffsetDateTime) -> String {
    time.format(&Rfc3339).unwrap_or_default()
}

/// Now, in RFC 3339.
pub fn now_rfc3339() -> String {
    rfc3339(OffsetDateTime::now_utc())
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
