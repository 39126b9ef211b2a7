//! Out-of-hours handover (F8): what the emergency duty team did overnight or
//! at the weekend must reach the MASH the next working morning.

use crate::calendar::Calendar;
use crate::uk_time::{from_uk, to_uk};
use chrono::{DateTime, NaiveTime, Utc};

/// The hour of the next working morning by which the MASH must have
/// acknowledged an out-of-hours record.
pub const HANDOVER_BY: u32 = 10;

/// When the MASH must acknowledge an out-of-hours record by: 10am on the
/// first working day after the day it happened.
pub fn handover_due(occurred_at: DateTime<Utc>, calendar: &Calendar) -> DateTime<Utc> {
    let day = to_uk(occurred_at).date();
    let next = calendar.add_working_days(day, 1);
    from_uk(next.and_time(NaiveTime::from_hms_opt(HANDOVER_BY, 0, 0).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_next_working_morning() {
        let cal = Calendar::england_and_wales();
        // Friday night, 20 November 2026: Monday 10am.
        let friday = Utc.with_ymd_and_hms(2026, 11, 20, 23, 0, 0).unwrap();
        assert_eq!(handover_due(friday, &cal), Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap());
        // Christmas Eve 2026 evening: 29 December (25 and 28 are holidays).
        let eve = Utc.with_ymd_and_hms(2026, 12, 24, 20, 0, 0).unwrap();
        assert_eq!(handover_due(eve, &cal), Utc.with_ymd_and_hms(2026, 12, 29, 10, 0, 0).unwrap());
        // In summer time 10am is 9am UTC; 1am BST on a Tuesday is still Monday in UTC but Tuesday in the UK.
        let tuesday_early = Utc.with_ymd_and_hms(2026, 6, 15, 23, 30, 0).unwrap();
        assert_eq!(handover_due(tuesday_early, &cal), Utc.with_ymd_and_hms(2026, 6, 17, 9, 0, 0).unwrap());
    }
}
