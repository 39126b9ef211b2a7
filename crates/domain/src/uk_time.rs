//! UK local time, without a time-zone database. Timescales such as "screen
//! by the same time the next working day" are about the clock on the office
//! wall, so they are worked out in UK local time.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc, Weekday};

/// The UK's offset at an instant: British Summer Time runs from 01:00 UTC on
/// the last Sunday of March to 01:00 UTC on the last Sunday of October.
pub fn uk_offset(at: DateTime<Utc>) -> FixedOffset {
    let year = at.year();
    if at >= bst_change(year, 3) && at < bst_change(year, 10) {
        FixedOffset::east_opt(3600).unwrap_or(Utc.fix())
    } else {
        Utc.fix()
    }
}

/// 01:00 UTC on the last Sunday of `month`.
fn bst_change(year: i32, month: u32) -> DateTime<Utc> {
    let mut d = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or(NaiveDate::MIN);
    while d.weekday() != Weekday::Sun {
        d = d.pred_opt().unwrap_or(NaiveDate::MIN);
    }
    Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).unwrap_or_default())
}

pub fn to_uk(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&uk_offset(at)).naive_local()
}

/// The instant a UK wall-clock time stands for. In the hour the clocks go
/// back, the earlier of the two readings is taken; in the hour that does not
/// exist when they go forward, the reading is taken as BST.
pub fn from_uk(local: NaiveDateTime) -> DateTime<Utc> {
    let as_gmt = Utc.from_utc_datetime(&local);
    let as_bst = as_gmt - chrono::Duration::hours(1);
    if uk_offset(as_bst).local_minus_utc() == 3600 { as_bst } else { as_gmt }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_uk_time() {
        for (y, m, d, h) in [(2026, 7, 1, 12), (2026, 12, 1, 12), (2026, 3, 29, 3), (2026, 10, 25, 3)] {
            let t = Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
            assert_eq!(from_uk(to_uk(t)), t);
        }
        assert_eq!(to_uk(Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap()).to_string(), "2026-07-01 13:00:00");
    }
}
