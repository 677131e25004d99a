//! Calendar dates as people write them in action items, normalised to a [`Date`].
//!
//! Recognised: ISO `2026-11-21` (and `2026/11/21`), `Nov 14, 2026`, `November 14th 2026`,
//! `12 October 2026`, `12th of Oct, 2026`. Dates without a year (`by Friday`, `Nov 14`) cannot be
//! normalised and are left alone, as are all-numeric day/month orders, which are ambiguous.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use time::{Date, Month};

const MONTH: &str = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let ordinal = r"(?:st|nd|rd|th)?";
    Regex::new(&format!(
        r"(?i)\b(?:(?P<iy>\d{{4}})[-/](?P<im>\d{{1,2}})[-/](?P<id>\d{{1,2}})|{MONTH}\s+(?P<md>\d{{1,2}}){ordinal},?\s+(?P<my>\d{{4}})|(?P<dd>\d{{1,2}}){ordinal}\s+(?:of\s+)?{m2},?\s+(?P<dy>\d{{4}}))\b",
        m2 = MONTH.replace("?P<month>", "?P<month2>"),
    ))
    .expect("date pattern")
});

/// A date found in a text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub range: Range<usize>,
    pub date: Date,
}

/// Every valid date in `text`, in order; impossible ones (`2026-02-30`) are skipped.
pub(super) fn find_all(text: &str) -> Vec<Found> {
    DATE.captures_iter(text)
        .filter_map(|caps| {
            let range = caps.get(0)?.range();
            to_date(&caps).map(|date| Found { range, date })
        })
        .collect()
}

/// The first date in `text`, if any.
pub(super) fn first(text: &str) -> Option<Date> {
    find_all(text).into_iter().next().map(|found| found.date)
}

fn to_date(caps: &Captures<'_>) -> Option<Date> {
    let num = |name: &str| caps.name(name)?.as_str().parse::<u16>().ok();
    let (year, month, day) = if let Some(year) = num("iy") {
        (year, Month::try_from(num("im")? as u8).ok()?, num("id")?)
    } else if let Some(year) = num("my") {
        (year, month_named(caps.name("month")?.as_str())?, num("md")?)
    } else {
        (
            num("dy")?,
            month_named(caps.name("month2")?.as_str())?,
            num("dd")?,
        )
    };
    Date::from_calendar_date(i32::from(year), month, u8::try_from(day).ok()?).ok()
}

fn month_named(name: &str) -> Option<Month> {
    let prefix: String = name.chars().take(3).collect::<String>().to_lowercase();
    let index = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| *m == prefix)?;
    Month::try_from(index as u8 + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn reads_the_common_written_forms() {
        for (text, want) in [
            ("2026-11-21", date!(2026 - 11 - 21)),
            ("by 2026/1/5", date!(2026 - 01 - 05)),
            ("Nov 14, 2026", date!(2026 - 11 - 14)),
            ("due November 14th 2026", date!(2026 - 11 - 14)),
            ("12 October 2026", date!(2026 - 10 - 12)),
            ("the 3rd of Sept, 2026", date!(2026 - 09 - 03)),
            ("Dec. 1, 2026", date!(2026 - 12 - 01)),
        ] {
            assert_eq!(first(text), Some(want), "{text}");
        }
    }

    #[test]
    fn skips_impossible_yearless_and_ambiguous_dates() {
        for text in [
            "2026-02-30",
            "by Nov 14",
            "12/10/2026",
            "by Friday",
            "Q4 2026",
            "v2026-11",
        ] {
            assert_eq!(first(text), None, "{text}");
        }
    }

    #[test]
    fn reports_where_each_date_is() {
        let found = find_all("from 2026-01-02 to Mar 3, 2026");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].range, 5..15);
        assert_eq!(found[1].range, 19..30);
    }
}
