//! How Hearth shows dates and times: UK local time, in the GOV.UK style
//! ("4 May 2026", "2:05pm").

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, TimeZone, Utc, Weekday};

/// The UK's offset at an instant, without a time-zone database: British
/// Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC
/// on the last Sunday of October.
pub fn uk_offset(at: DateTime<Utc>) -> FixedOffset {
    let year = at.year();
    let last_sunday = |month: u32| {
        let mut d = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or(NaiveDate::MIN);
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().unwrap_or(NaiveDate::MIN);
        }
        Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).unwrap_or_default())
    };
    if at >= last_sunday(3) && at < last_sunday(10) {
        FixedOffset::east_opt(3600).unwrap_or(Utc.fix())
    } else {
        Utc.fix()
    }
}

pub fn local(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&uk_offset(at))
}

pub fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub fn time_of_day(at: DateTime<Utc>) -> String {
    local(at).format("%-I:%M%P").to_string()
}

pub fn date_time(at: DateTime<Utc>) -> String {
    let l = local(at);
    format!("{} at {}", l.format("%-d %B %Y"), l.format("%-I:%M%P"))
}

/// Today's date in the UK.
pub fn today() -> NaiveDate {
    local(Utc::now()).date_naive()
}

/// When something that happened on `day` (a visit, a risk identified, a
/// move) is recorded as happening: noon UK time, so its date is the same
/// whatever the offset, and never later than now.
pub fn noon_on(day: NaiveDate) -> DateTime<Utc> {
    let noon = chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
    hearth_domain::uk_time::from_uk(day.and_time(noon)).min(Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summer_and_winter_times() {
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        let winter = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        assert_eq!(time_of_day(summer), "1:00pm");
        assert_eq!(time_of_day(winter), "12:00pm");
        // The clocks go forward at 01:00 UTC on 29 March 2026.
        assert_eq!(uk_offset(Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap()).local_minus_utc(), 0);
        assert_eq!(uk_offset(Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()).local_minus_utc(), 3600);
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 5, 4).unwrap()), "4 May 2026");
    }
}
