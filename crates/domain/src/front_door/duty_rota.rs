//! The duty rota: who is on duty at the front door, by day and by team (MASH
//! pods, the assessment team's duty desk, out of hours). The MASH queue uses
//! it to put the day's duty workers first when a manager assigns a contact.

use crate::ids::UserId;
use crate::validation::FieldErrors;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// How far ahead a rota may be set: a quarter is as far as teams plan leave.
pub const MAX_WEEKS_AHEAD: i64 = 13;
/// How far back a day's rota may still be changed, to put right who was on
/// duty; older days are history.
pub const MAX_DAYS_BACK: i64 = 14;

/// The rules for one team's day on the rota.
pub fn validate_day(date: NaiveDate, workers: &[UserId], today: NaiveDate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if date > today + Duration::weeks(MAX_WEEKS_AHEAD) {
        errors.add("date", format!("The rota can be set at most {MAX_WEEKS_AHEAD} weeks ahead"));
    } else if date < today - Duration::days(MAX_DAYS_BACK) {
        errors.add("date", format!("Days more than {MAX_DAYS_BACK} days ago cannot be changed"));
    }
    let mut seen = Vec::with_capacity(workers.len());
    for w in workers {
        if seen.contains(w) {
            errors.add("duty_workers", "Each worker can be on the rota once a day");
            break;
        }
        seen.push(*w);
    }
    errors.into_result()
}

/// The Monday of the week holding `date`: the rota is shown a week at a time.
pub fn week_starting(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// The working week (Monday to Friday) starting on `monday`.
pub fn weekdays(monday: NaiveDate) -> Vec<NaiveDate> {
    (0..7)
        .map(|d| monday + Duration::days(d))
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_day_within_the_window_with_distinct_workers_is_valid() {
        let (a, b) = (UserId::new(), UserId::new());
        assert!(validate_day(day(2026, 11, 24), &[a, b], day(2026, 11, 23)).is_ok());
        assert!(validate_day(day(2026, 11, 23), &[], day(2026, 11, 23)).is_ok(), "an empty day clears the rota");
    }

    #[test]
    fn the_window_is_thirteen_weeks_ahead_and_fourteen_days_back() {
        let today = day(2026, 11, 23);
        assert!(validate_day(today + Duration::weeks(13), &[], today).is_ok());
        assert!(validate_day(today + Duration::weeks(13) + Duration::days(1), &[], today).unwrap_err().for_field("date").is_some());
        assert!(validate_day(today - Duration::days(14), &[], today).is_ok());
        assert!(validate_day(today - Duration::days(15), &[], today).unwrap_err().for_field("date").is_some());
    }

    #[test]
    fn a_worker_listed_twice_is_refused() {
        let a = UserId::new();
        let errors = validate_day(day(2026, 11, 24), &[a, a], day(2026, 11, 23)).unwrap_err();
        assert!(errors.for_field("duty_workers").is_some());
    }

    #[test]
    fn weeks_start_on_monday_and_hold_five_working_days() {
        assert_eq!(week_starting(day(2026, 11, 29)), day(2026, 11, 23), "a Sunday belongs to the week before");
        assert_eq!(week_starting(day(2026, 11, 23)), day(2026, 11, 23));
        let days = weekdays(day(2026, 11, 23));
        assert_eq!(days.len(), 5);
        assert_eq!(days[4], day(2026, 11, 27));
    }
}
