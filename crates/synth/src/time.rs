//! Dates and times for the synthetic history.
//!
//! Times are built in UTC; the authority is in England, so a time is at
//! most an hour from local time, which no rule here depends on.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveTime, Utc, Weekday};

pub(crate) fn at(day: NaiveDate, seconds: u32) -> DateTime<Utc> {
    (day.and_time(NaiveTime::MIN) + Duration::seconds(i64::from(seconds.min(86_399)))).and_utc()
}

/// The last second of a day: nothing is recorded after `today` ends.
pub(crate) fn end_of(day: NaiveDate) -> DateTime<Utc> {
    at(day, 86_399)
}

pub(crate) fn days(n: i64) -> Duration {
    Duration::days(n)
}

pub(crate) fn add_years(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_add_months(Months::new(12 * years)).unwrap_or(day + Duration::days(i64::from(years) * 365))
}

pub(crate) fn sub_years(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(12 * years)).unwrap_or(day - Duration::days(i64::from(years) * 365))
}

/// Moves a Saturday or Sunday on to the Monday, unless that is after
/// `today` (then the weekend day stands: history cannot run ahead).
pub(crate) fn working_day(day: NaiveDate, today: NaiveDate) -> NaiveDate {
    let shift = match day.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    let moved = day + Duration::days(shift);
    if moved <= today { moved } else { day }
}

/// Seconds after midnight in office hours (09:00 to 17:00).
pub(crate) fn office_hours(rng: &mut crate::rng::Rng) -> u32 {
    9 * 3600 + rng.below(8 * 3600) as u32
}

/// A day as a record would give it, in UK time: "3 March 2025".
pub(crate) fn uk_date(at: DateTime<Utc>) -> String {
    hearth_domain::uk_time::to_uk(at).date().format("%-d %B %Y").to_string()
}

/// Whole years of age on a day, or `None` before birth.
pub(crate) fn age(dob: NaiveDate, on: NaiveDate) -> Option<u32> {
    hearth_domain::people::age_on(dob, on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekends_move_to_monday_but_never_past_today() {
        assert_eq!(working_day(d(2026, 11, 21), d(2026, 12, 1)), d(2026, 11, 23));
        assert_eq!(working_day(d(2026, 11, 22), d(2026, 12, 1)), d(2026, 11, 23));
        assert_eq!(working_day(d(2026, 11, 22), d(2026, 11, 22)), d(2026, 11, 22));
        assert_eq!(working_day(d(2026, 11, 20), d(2026, 12, 1)), d(2026, 11, 20));
    }

    #[test]
    fn leap_day_birthdays_still_add_up() {
        assert_eq!(add_years(d(2008, 2, 29), 18), d(2026, 2, 28));
        assert_eq!(end_of(d(2026, 1, 1)).to_rfc3339(), "2026-01-01T23:59:59+00:00");
    }
}
