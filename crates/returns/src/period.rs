//! The periods returns cover: a collection year (1 April to 31 March) for
//! the CIN census and SSDA903, or any window for Annex A and the DfE feed.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A DfE collection year, named by the calendar year it starts in: the
/// 2025-26 year runs from 1 April 2025 to 31 March 2026, and its census
/// reference date is 31 March 2026.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CollectionYear {
    pub start_year: i32,
}

impl CollectionYear {
    pub fn starting(start_year: i32) -> Self {
        Self { start_year }
    }

    /// The year a date falls in.
    pub fn containing(date: NaiveDate) -> Self {
        let start_year = if date.month() >= 4 { date.year() } else { date.year() - 1 };
        Self { start_year }
    }

    /// Reads `2025-26`, `2025/26`, `2025` (the starting year) or `2026`
    /// is ambiguous, so only the forms with both years or the starting
    /// year are accepted.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (first, second) = match s.split_once(['-', '/']) {
            Some((a, b)) => (a, Some(b)),
            None => (s, None),
        };
        let start_year: i32 = first.parse().ok()?;
        if !(1990..=2200).contains(&start_year) {
            return None;
        }
        if let Some(b) = second {
            let end: i32 = b.parse().ok()?;
            let expected_end = if b.len() == 2 { (start_year + 1) % 100 } else { start_year + 1 };
            if end != expected_end {
                return None;
            }
        }
        Some(Self { start_year })
    }

    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    /// 31 March: the census reference date and the year's last day.
    pub fn end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year + 1, 3, 31).unwrap_or(NaiveDate::MAX)
    }

    pub fn window(self) -> Window {
        Window { from: self.start(), to: self.end() }
    }

    /// The DfE's name for the collection year: the year it ends in (the
    /// 2025-26 census is "2026").
    pub fn collection_year_label(self) -> String {
        (self.start_year + 1).to_string()
    }

    pub fn previous(self) -> Self {
        Self { start_year: self.start_year - 1 }
    }
}

impl fmt::Display for CollectionYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.start_year, (self.start_year + 1) % 100)
    }
}

/// A moment as people give it for "as at": RFC 3339, or a date meaning
/// the end of that day in England.
pub fn parse_moment(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s.trim()) {
        return Some(t.with_timezone(&chrono::Utc));
    }
    let date = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
    let end = chrono::NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999)?;
    Some(hearth_domain::uk_time::from_uk(date.and_time(end)))
}

/// A closed range of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        (from <= to).then_some(Self { from, to })
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Whether something that started on `start` and ended on `end` (open
    /// when `None`) was open on any day of the window.
    pub fn overlaps(self, start: NaiveDate, end: Option<NaiveDate>) -> bool {
        start <= self.to && end.is_none_or(|e| e >= self.from)
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.from, self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn a_collection_year_runs_april_to_march() {
        let y = CollectionYear::starting(2025);
        assert_eq!(y.start(), d(2025, 4, 1));
        assert_eq!(y.end(), d(2026, 3, 31));
        assert_eq!(y.to_string(), "2025-26");
        assert_eq!(y.collection_year_label(), "2026");
        assert_eq!(CollectionYear::containing(d(2026, 3, 31)), y);
        assert_eq!(CollectionYear::containing(d(2026, 4, 1)), CollectionYear::starting(2026));
    }

    #[test]
    fn years_parse_in_the_forms_people_write() {
        assert_eq!(CollectionYear::parse("2025-26"), Some(CollectionYear::starting(2025)));
        assert_eq!(CollectionYear::parse("2025/2026"), Some(CollectionYear::starting(2025)));
        assert_eq!(CollectionYear::parse("2025"), Some(CollectionYear::starting(2025)));
        assert_eq!(CollectionYear::parse("2025-27"), None);
        assert_eq!(CollectionYear::parse("twenty"), None);
    }

    #[test]
    fn windows_overlap_open_and_closed_spells() {
        let w = CollectionYear::starting(2025).window();
        assert!(w.overlaps(d(2024, 1, 1), None));
        assert!(w.overlaps(d(2024, 1, 1), Some(d(2025, 4, 1))));
        assert!(!w.overlaps(d(2024, 1, 1), Some(d(2025, 3, 31))));
        assert!(!w.overlaps(d(2026, 4, 1), None));
    }
}
