//! The working-day calendar: which days count when a timescale is expressed
//! in working days, and how calendar-month timescales are added.
//!
//! Children's social care timescales come in two kinds. Some are in working
//! days ("an initial child protection conference within 15 working days of
//! the strategy discussion", "assessment within 45 working days of the
//! referral"); those skip weekends and bank holidays. Others are in calendar
//! months ("first review conference within three months of the initial
//! conference"); those are added with [`add_calendar_months`].
//!
//! Only the England and Wales bank holidays are used. Hearth serves an
//! English local authority: the statutory guidance (Working Together to
//! Safeguard Children) counts working days in England, and the DfE Children
//! in Need census validator computes its working-day checks against the
//! GOV.UK "england-and-wales" division. Using the same division means a
//! timescale Hearth shows as met is also met in the census return. Scotland
//! and Northern Ireland have different holidays (2 January, St Andrew's Day,
//! St Patrick's Day, 12 July) which must not change an English deadline.
//!
//! The data ships with Hearth as `data/bank-holidays-england-and-wales.json`
//! in the GOV.UK `bank-holidays.json` shape, embedded at compile time (this
//! crate does no I/O). It covers 2015 to 2030. Dates outside the covered
//! years are treated as having weekends but no bank holidays, so an
//! administrator adds later years with [`Calendar::with_additional`] (or by
//! loading a newer GOV.UK file with [`Calendar::from_govuk_json`]) before
//! deadlines reach past [`Calendar::last_year_covered`].

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The shipped England and Wales bank holidays, 2015–2030, in the GOV.UK
/// `bank-holidays.json` shape.
const SHIPPED_JSON: &str = include_str!("../data/bank-holidays-england-and-wales.json");

/// The only GOV.UK division Hearth reads; see the module documentation for why.
const DIVISION: &str = "england-and-wales";

/// One bank holiday: the day it is observed (a substitute day where the
/// holiday itself falls at a weekend) and its GOV.UK title.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub title: String,
}

/// Why bank holiday data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("bank holiday data is not JSON in the GOV.UK bank-holidays.json shape: {0}")]
    Json(#[from] serde_json::Error),

    #[error("bank holiday data has no \"england-and-wales\" division")]
    MissingDivision,

    #[error(
        "bank holiday data under \"england-and-wales\" says its division is \"{found}\"; \
         expected \"england-and-wales\""
    )]
    WrongDivision { found: String },

    #[error(
        "bank holiday \"{title}\" has date \"{date}\", which is not a real YYYY-MM-DD date: {source}"
    )]
    BadDate {
        title: String,
        date: String,
        source: chrono::ParseError,
    },

    #[error("bank holiday data lists {date} twice (\"{first}\" and \"{second}\")")]
    DuplicateDate {
        date: NaiveDate,
        first: String,
        second: String,
    },

    #[error("bank holiday data for \"england-and-wales\" lists no holidays")]
    NoEvents,
}

/// A set of bank holidays, sorted by date, with the working-day arithmetic
/// built on it.
///
/// A calendar always holds at least one holiday (the constructors refuse an
/// empty list), so the covered years are always defined. Cloning is cheap:
/// the holidays are shared.
#[derive(Clone, Debug)]
pub struct Calendar {
    holidays: Arc<BTreeMap<NaiveDate, BankHoliday>>,
    first_year: i32,
    last_year: i32,
}

/// The GOV.UK `bank-holidays.json` file. Other divisions (Scotland,
/// Northern Ireland) are ignored.
#[derive(Deserialize)]
struct GovUkFile {
    #[serde(rename = "england-and-wales")]
    england_and_wales: Option<GovUkDivision>,
}

#[derive(Deserialize)]
struct GovUkDivision {
    division: String,
    events: Vec<GovUkEvent>,
}

/// One GOV.UK event. `notes` ("Substitute day") and `bunting` are in the file
/// but carry nothing that changes whether a day is worked, so are not read.
#[derive(Deserialize)]
struct GovUkEvent {
    title: String,
    date: String,
}

impl Calendar {
    /// The shipped England and Wales bank holidays (2015–2030).
    ///
    /// Parsed once per process and cached; each call returns a cheap clone.
    pub fn england_and_wales() -> Calendar {
        static SHIPPED: OnceLock<Calendar> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                // The data is compiled into the binary and the tests in this
                // module parse it and check every year, so a failure here can
                // only be a build from a broken data file; there is no
                // sensible calendar to fall back to, and guessing would
                // silently move statutory deadlines.
                Calendar::from_govuk_json(SHIPPED_JSON)
                    .expect("the embedded bank-holidays-england-and-wales.json is valid (tested)")
            })
            .clone()
    }

    /// Reads a GOV.UK `bank-holidays.json` document
    /// (<https://www.gov.uk/bank-holidays.json>), using only its
    /// `"england-and-wales"` division; other divisions are ignored.
    ///
    /// Fails if the JSON is malformed, the division is missing or mislabelled,
    /// a date is not a real `YYYY-MM-DD` date, a date is listed twice, or
    /// there are no holidays at all (a calendar with no holidays would
    /// silently count every weekday as worked).
    pub fn from_govuk_json(json: &str) -> Result<Calendar, CalendarError> {
        let file: GovUkFile = serde_json::from_str(json)?;
        let division = file
            .england_and_wales
            .ok_or(CalendarError::MissingDivision)?;
        if division.division != DIVISION {
            return Err(CalendarError::WrongDivision {
                found: division.division,
            });
        }
        let mut holidays: BTreeMap<NaiveDate, BankHoliday> = BTreeMap::new();
        for event in division.events {
            let date = NaiveDate::parse_from_str(&event.date, "%Y-%m-%d").map_err(|source| {
                CalendarError::BadDate {
                    title: event.title.clone(),
                    date: event.date.clone(),
                    source,
                }
            })?;
            if let Some(existing) = holidays.get(&date) {
                return Err(CalendarError::DuplicateDate {
                    date,
                    first: existing.title.clone(),
                    second: event.title,
                });
            }
            holidays.insert(
                date,
                BankHoliday {
                    date,
                    title: event.title,
                },
            );
        }
        let (Some(first), Some(last)) = (holidays.keys().next(), holidays.keys().next_back())
        else {
            return Err(CalendarError::NoEvents);
        };
        let (first_year, last_year) = (first.year(), last.year());
        Ok(Calendar {
            holidays: Arc::new(holidays),
            first_year,
            last_year,
        })
    }

    /// A copy of this calendar with more holidays: how an administrator adds
    /// years beyond the shipped data, or a one-off holiday announced later
    /// (as happened in 2022 and 2023).
    ///
    /// An added holiday on a date already in the calendar replaces its title;
    /// the day was already not worked, so no timescale changes. This calendar
    /// is left unchanged, so a deadline already computed from it can be
    /// recomputed and compared.
    pub fn with_additional(&self, extra: impl IntoIterator<Item = BankHoliday>) -> Calendar {
        let mut holidays = (*self.holidays).clone();
        let (mut first_year, mut last_year) = (self.first_year, self.last_year);
        for holiday in extra {
            first_year = first_year.min(holiday.date.year());
            last_year = last_year.max(holiday.date.year());
            holidays.insert(holiday.date, holiday);
        }
        Calendar {
            holidays: Arc::new(holidays),
            first_year,
            last_year,
        }
    }

    /// Every holiday in the calendar, earliest first.
    pub fn holidays(&self) -> impl Iterator<Item = &BankHoliday> {
        self.holidays.values()
    }

    /// The year of the earliest holiday held.
    pub fn first_year_covered(&self) -> i32 {
        self.first_year
    }

    /// The year of the latest holiday held. Working days in later years are
    /// counted as if those years had no bank holidays, so a deadline falling
    /// after this year may be a day or two early; add the year's holidays
    /// with [`Calendar::with_additional`] before that matters.
    pub fn last_year_covered(&self) -> i32 {
        self.last_year
    }

    /// Whether `d` is a bank holiday (as observed: the substitute Monday, not
    /// the Saturday the holiday fell on).
    pub fn is_bank_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.contains_key(&d)
    }

    /// Whether `d` is a working day: Monday to Friday and not a bank holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        is_weekday(d) && !self.is_bank_holiday(d)
    }

    /// The date `n` working days after `from`, for timescales of the form
    /// "within N working days of X".
    ///
    /// `from` is day 0 and the result is the N-th working day strictly after
    /// it. If `from` is not itself a working day (a referral received on a
    /// Saturday), counting still starts with the next working day: one
    /// working day after Saturday is Monday, or Tuesday if Monday is a bank
    /// holiday. `n = 0` returns `from` unchanged, even if it is not a working
    /// day.
    ///
    /// Runs in time proportional to the number of holidays crossed, not to
    /// `n`: whole weeks are skipped arithmetically, then the result is moved
    /// on by one working day per weekday holiday in between. A result beyond
    /// the last representable date saturates at [`NaiveDate::MAX`] (no real
    /// timescale comes near it).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut from = from;
        let mut remaining = u64::from(n);
        while remaining > 0 {
            // The `remaining`-th Monday-to-Friday day after `from`, ignoring
            // holidays; every weekday holiday in between cost one of those
            // days, so that many more working days are still owed.
            let Some(candidate) = add_weekdays(from, remaining) else {
                return NaiveDate::MAX;
            };
            remaining = self.weekday_holidays_in(from, candidate);
            from = candidate;
        }
        from
    }

    /// The number of working days `d` with `start < d <= end`: the `n` for
    /// which `add_working_days(start, n)` is `end` when `end` is a working
    /// day. Zero if the dates are equal; if `end` is before `start`, minus
    /// the count from `end` to `start`, so "how many working days late" reads
    /// naturally either side of a deadline.
    pub fn working_days_between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        if end < start {
            return -self.working_days_between(end, start);
        }
        let weekdays = weekdays_through(end) - weekdays_through(start);
        let holidays = i64::try_from(self.weekday_holidays_in(start, end)).unwrap_or(i64::MAX);
        weekdays - holidays
    }

    /// `d` if it is a working day, otherwise the first working day after it:
    /// where a task due on a weekend or bank holiday actually falls due.
    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        // Ends within a few days: at most two weekend days and a handful of
        // consecutive holidays (Christmas to New Year) precede a working day.
        while !self.is_working_day(day) {
            match day.succ_opt() {
                Some(next) => day = next,
                None => return NaiveDate::MAX,
            }
        }
        day
    }

    /// The number of bank holidays falling Monday to Friday with
    /// `start < d <= end`. Holidays at a weekend (the data lists substitute
    /// days instead, but an administrator might add one) are already not
    /// working days, so are not counted twice.
    fn weekday_holidays_in(&self, start: NaiveDate, end: NaiveDate) -> u64 {
        if end <= start {
            return 0;
        }
        let count = self
            .holidays
            .range((Bound::Excluded(start), Bound::Included(end)))
            .filter(|(d, _)| is_weekday(**d))
            .count();
        u64::try_from(count).unwrap_or(u64::MAX)
    }
}

/// `d` plus `months` calendar months: the same day of the month, or the
/// month's last day if it is shorter (31 January + 1 month = 28 February, or
/// 29th in a leap year).
///
/// Timescales such as "review conference within three months" and "then at
/// intervals of not more than six months" are set in calendar months by
/// statutory guidance and regulations. Treating a month as 30 days drifts by
/// up to two days a month and, over a six-month review cycle, lands on dates
/// that neither practitioners nor inspectors would recognise as the due
/// date. Clamping to the month end (rather than overflowing into the next
/// month) keeps the result inside the month the timescale names. A result
/// beyond the last representable date saturates at [`NaiveDate::MAX`].
pub fn add_calendar_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The `n`-th Monday-to-Friday day strictly after `from` (`n >= 1`), by
/// arithmetic on whole weeks. `None` if it is past the last representable
/// date.
fn add_weekdays(from: NaiveDate, n: u64) -> Option<NaiveDate> {
    debug_assert!(n >= 1);
    // The weekdays after a Saturday or Sunday are those after the Friday
    // before it, so start from that Friday.
    let offset = u64::from(from.weekday().num_days_from_monday());
    let (base, weekday) = if offset > 4 {
        (from.checked_sub_days(Days::new(offset - 4))?, 4)
    } else {
        (from, offset)
    };
    let whole_weeks = (n - 1) / 5;
    let rest = (n - 1) % 5 + 1; // 1..=5 further weekdays
    let weekend = if weekday + rest > 4 { 2 } else { 0 };
    let days = whole_weeks.checked_mul(7)?.checked_add(rest + weekend)?;
    base.checked_add_days(Days::new(days))
}

/// The number of Monday-to-Friday days from a fixed origin up to and
/// including `d`. Only differences are meaningful.
fn weekdays_through(d: NaiveDate) -> i64 {
    let offset = i64::from(d.weekday().num_days_from_monday());
    // The Monday starting `d`'s week; all Mondays share a residue mod 7, so
    // this numbers weeks consecutively.
    let monday = i64::from(d.num_days_from_ce()) - offset;
    monday.div_euclid(7) * 5 + (offset + 1).min(5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn shipped() -> Calendar {
        Calendar::england_and_wales()
    }

    /// Day-by-day reference implementation of `add_working_days`.
    fn naive_add(cal: &Calendar, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().expect("in range");
            if cal.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Day-by-day reference implementation of `working_days_between`.
    fn naive_between(cal: &Calendar, start: NaiveDate, end: NaiveDate) -> i64 {
        let (lo, hi, sign) = if start <= end {
            (start, end, 1)
        } else {
            (end, start, -1)
        };
        let mut count = 0;
        let mut day = lo;
        while day < hi {
            day = day.succ_opt().expect("in range");
            if cal.is_working_day(day) {
                count += 1;
            }
        }
        sign * count
    }

    /// Easter Sunday by the anonymous Gregorian algorithm, computed here
    /// independently of the data file so the file is checked against it.
    fn easter(y: i32) -> NaiveDate {
        let a = y % 19;
        let b = y / 100;
        let c = y % 100;
        let d = b / 4;
        let e = b % 4;
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - d - g + 15) % 30;
        let i = c / 4;
        let k = c % 4;
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        date(y, month as u32, day as u32)
    }

    fn holidays_per_year(cal: &Calendar) -> BTreeMap<i32, usize> {
        let mut per_year = BTreeMap::new();
        for h in cal.holidays() {
            *per_year.entry(h.date.year()).or_insert(0) += 1;
        }
        per_year
    }

    fn last_day_of_month(y: i32, m: u32) -> u32 {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        date(ny, nm, 1).pred_opt().expect("in range").day()
    }

    // ----- the shipped data -----

    #[test]
    fn shipped_data_covers_every_year_2015_to_2030() {
        let cal = shipped();
        assert_eq!(cal.first_year_covered(), 2015);
        assert_eq!(cal.last_year_covered(), 2030);
        let per_year = holidays_per_year(&cal);
        for year in 2015..=2030 {
            assert!(per_year.contains_key(&year), "no holidays for {year}");
        }
        assert_eq!(per_year.len(), 16);
    }

    #[test]
    fn shipped_data_has_eight_holidays_in_a_normal_year() {
        let per_year = holidays_per_year(&shipped());
        for (year, count) in &per_year {
            let expected = match year {
                2022 => 10, // spring moved + Platinum Jubilee + State Funeral
                2023 => 9,  // coronation of King Charles III
                _ => 8,     // includes 2020, where early May was moved, not added
            };
            assert_eq!(*count, expected, "holidays in {year}");
        }
    }

    #[test]
    fn shipped_holidays_are_sorted_and_all_on_weekdays() {
        let cal = shipped();
        let dates: Vec<NaiveDate> = cal.holidays().map(|h| h.date).collect();
        assert!(dates.windows(2).all(|w| w[0] < w[1]));
        for h in cal.holidays() {
            assert!(
                is_weekday(h.date),
                "{} ({}) is at a weekend",
                h.date,
                h.title
            );
            assert!(!h.title.is_empty());
        }
    }

    #[test]
    fn shipped_easter_matches_the_gregorian_computus() {
        let cal = shipped();
        for year in 2015..=2030 {
            let sunday = easter(year);
            let good_friday = sunday - Days::new(2);
            let easter_monday = sunday + Days::new(1);
            assert!(
                cal.is_bank_holiday(good_friday),
                "Good Friday {good_friday}"
            );
            assert!(
                cal.is_bank_holiday(easter_monday),
                "Easter Monday {easter_monday}"
            );
        }
        assert_eq!(easter(2025), date(2025, 4, 20));
        assert_eq!(easter(2029), date(2029, 4, 1));
    }

    #[test]
    fn shipped_christmas_has_two_holidays_between_25_and_28_december() {
        let cal = shipped();
        for year in 2015..=2030 {
            let count = (25..=28)
                .filter(|d| cal.is_bank_holiday(date(year, 12, *d)))
                .count();
            assert_eq!(count, 2, "Christmas {year}");
            assert!(!cal.is_working_day(date(year, 12, 25)));
            assert!(!cal.is_working_day(date(year, 12, 26)));
        }
    }

    #[test]
    fn substitute_days_are_holidays() {
        let cal = shipped();
        // Boxing Day 2015 was a Saturday.
        assert!(cal.is_bank_holiday(date(2015, 12, 28)));
        // Christmas 2021 on Saturday, Boxing Day on Sunday, New Year 2022 on Saturday.
        assert!(cal.is_bank_holiday(date(2021, 12, 27)));
        assert!(cal.is_bank_holiday(date(2021, 12, 28)));
        assert!(cal.is_bank_holiday(date(2022, 1, 3)));
        // Christmas 2022 on Sunday: Boxing Day Monday, substitute Tuesday.
        assert!(cal.is_bank_holiday(date(2022, 12, 26)));
        assert!(cal.is_bank_holiday(date(2022, 12, 27)));
        // New Year 2023 on Sunday.
        assert!(cal.is_bank_holiday(date(2023, 1, 2)));
        // Boxing Day 2026 on Saturday.
        assert!(cal.is_bank_holiday(date(2026, 12, 28)));
        // Christmas 2027 on Saturday; New Year 2028 on Saturday.
        assert!(cal.is_bank_holiday(date(2027, 12, 27)));
        assert!(cal.is_bank_holiday(date(2027, 12, 28)));
        assert!(cal.is_bank_holiday(date(2028, 1, 3)));
    }

    #[test]
    fn one_off_holidays_are_not_working_days() {
        let cal = shipped();
        // VE Day 2020: early May bank holiday moved from Monday 4 to Friday 8 May.
        assert!(!cal.is_working_day(date(2020, 5, 8)));
        assert!(cal.is_working_day(date(2020, 5, 4)));
        // Platinum Jubilee 2022: spring bank holiday moved to Thursday 2 June,
        // plus Friday 3 June; the usual last Monday in May was worked.
        assert!(!cal.is_working_day(date(2022, 6, 2)));
        assert!(!cal.is_working_day(date(2022, 6, 3)));
        assert!(cal.is_working_day(date(2022, 5, 30)));
        // State Funeral of Queen Elizabeth II.
        assert!(!cal.is_working_day(date(2022, 9, 19)));
        assert!(cal.is_bank_holiday(date(2022, 9, 19)));
        // Coronation of King Charles III.
        assert!(!cal.is_working_day(date(2023, 5, 8)));
        assert!(cal.is_bank_holiday(date(2023, 5, 8)));
        assert!(cal.is_bank_holiday(date(2023, 5, 1)));
    }

    #[test]
    fn weekends_are_not_working_days_and_ordinary_weekdays_are() {
        let cal = shipped();
        assert!(!cal.is_working_day(date(2025, 3, 8))); // Saturday
        assert!(!cal.is_working_day(date(2025, 3, 9))); // Sunday
        assert!(!cal.is_bank_holiday(date(2025, 3, 9)));
        assert!(cal.is_working_day(date(2025, 3, 10))); // Monday
        assert!(cal.is_working_day(date(2025, 3, 14))); // Friday
    }

    // ----- working-day arithmetic on named dates -----

    #[test]
    fn assessment_45_working_days_from_referral_on_20_december_2024() {
        let cal = shipped();
        let referral = date(2024, 12, 20); // Friday before Christmas
        let due = cal.add_working_days(referral, 45);
        // Christmas Day, Boxing Day and New Year's Day are skipped.
        assert_eq!(due, date(2025, 2, 26));
        assert_eq!(due, naive_add(&cal, referral, 45));
        assert_eq!(cal.working_days_between(referral, due), 45);
        assert_eq!(cal.working_days_between(due, referral), -45);
    }

    #[test]
    fn icpc_15_working_days_after_strategy_discussion_on_maundy_thursday_2025() {
        let cal = shipped();
        let strategy = date(2025, 4, 17);
        // Good Friday 18 April, Easter Monday 21 April and the early May bank
        // holiday on 5 May are all skipped.
        let icpc = cal.add_working_days(strategy, 15);
        assert_eq!(icpc, date(2025, 5, 13));
        assert_eq!(icpc, naive_add(&cal, strategy, 15));
        assert_eq!(cal.add_working_days(strategy, 1), date(2025, 4, 22));
    }

    #[test]
    fn zero_working_days_returns_the_start_unchanged() {
        let cal = shipped();
        for d in [date(2023, 5, 8), date(2025, 3, 8), date(2025, 3, 10)] {
            assert_eq!(cal.add_working_days(d, 0), d);
            assert_eq!(cal.working_days_between(d, d), 0);
        }
    }

    #[test]
    fn counting_from_a_non_working_day_starts_at_the_next_working_day() {
        let cal = shipped();
        // Saturday 6 May 2023; Monday 8 May was the coronation.
        assert_eq!(cal.add_working_days(date(2023, 5, 6), 1), date(2023, 5, 9));
        // Sunday 9 March 2025.
        assert_eq!(cal.add_working_days(date(2025, 3, 9), 1), date(2025, 3, 10));
        assert_eq!(cal.add_working_days(date(2025, 3, 9), 5), date(2025, 3, 14));
        // From the State Funeral holiday itself.
        assert_eq!(
            cal.add_working_days(date(2022, 9, 19), 1),
            date(2022, 9, 20)
        );
    }

    #[test]
    fn working_days_between_counts_end_but_not_start() {
        let cal = shipped();
        // Friday to Monday: only Monday counts.
        assert_eq!(
            cal.working_days_between(date(2025, 3, 7), date(2025, 3, 10)),
            1
        );
        // Saturday to Sunday: none.
        assert_eq!(
            cal.working_days_between(date(2025, 3, 8), date(2025, 3, 9)),
            0
        );
        // Across Christmas 2022: 27 (sub) and 26 (Boxing) are holidays.
        assert_eq!(
            cal.working_days_between(date(2022, 12, 23), date(2022, 12, 28)),
            1
        );
        // A whole ordinary year (2019: 261 weekdays, 8 holidays).
        assert_eq!(
            cal.working_days_between(date(2018, 12, 31), date(2019, 12, 31)),
            253
        );
    }

    #[test]
    fn next_working_day_on_or_after() {
        let cal = shipped();
        // Christmas 2022: Sat 24, Sun 25, Mon 26 and Tue 27 are not worked.
        assert_eq!(
            cal.next_working_day_on_or_after(date(2022, 12, 24)),
            date(2022, 12, 28)
        );
        // Christmas 2021: 27 and 28 are substitutes.
        assert_eq!(
            cal.next_working_day_on_or_after(date(2021, 12, 25)),
            date(2021, 12, 29)
        );
        let wednesday = date(2025, 3, 12);
        assert_eq!(cal.next_working_day_on_or_after(wednesday), wednesday);
    }

    #[test]
    fn very_large_counts_do_not_panic() {
        let cal = shipped();
        let start = date(2020, 1, 1);
        let far = cal.add_working_days(start, 1_000_000);
        assert_eq!(cal.working_days_between(start, far), 1_000_000);
        assert!(cal.is_working_day(far));
        assert_eq!(cal.add_working_days(start, u32::MAX), NaiveDate::MAX);
        assert_eq!(add_calendar_months(start, u32::MAX), NaiveDate::MAX);
    }

    // ----- calendar months -----

    #[test]
    fn calendar_months_clamp_to_the_month_end() {
        assert_eq!(add_calendar_months(date(2024, 1, 31), 1), date(2024, 2, 29));
        assert_eq!(add_calendar_months(date(2023, 1, 31), 1), date(2023, 2, 28));
        assert_eq!(add_calendar_months(date(2024, 8, 31), 1), date(2024, 9, 30));
        assert_eq!(
            add_calendar_months(date(2024, 2, 29), 12),
            date(2025, 2, 28)
        );
        assert_eq!(
            add_calendar_months(date(2024, 11, 30), 3),
            date(2025, 2, 28)
        );
        assert_eq!(add_calendar_months(date(2025, 3, 15), 0), date(2025, 3, 15));
        assert_eq!(add_calendar_months(date(2025, 3, 15), 6), date(2025, 9, 15));
    }

    // ----- reading GOV.UK data -----

    const SAMPLE: &str = r#"{
        "england-and-wales": {"division": "england-and-wales", "events": [
            {"title": "Christmas Day", "date": "2031-12-25", "notes": "", "bunting": true},
            {"title": "New Year’s Day", "date": "2031-01-01", "notes": "", "bunting": true}
        ]},
        "scotland": {"division": "scotland", "events": [
            {"title": "2nd January", "date": "2031-01-02", "notes": "", "bunting": true}
        ]}
    }"#;

    #[test]
    fn reads_england_and_wales_and_ignores_other_divisions() {
        let cal = Calendar::from_govuk_json(SAMPLE).expect("valid sample");
        let titles: Vec<&str> = cal.holidays().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["New Year’s Day", "Christmas Day"]);
        assert!(cal.is_bank_holiday(date(2031, 1, 1)));
        assert!(!cal.is_bank_holiday(date(2031, 1, 2)));
        assert_eq!(cal.first_year_covered(), 2031);
        assert_eq!(cal.last_year_covered(), 2031);
    }

    #[test]
    fn rejects_malformed_data_with_clear_errors() {
        let err = Calendar::from_govuk_json("not json").expect_err("bad JSON");
        assert!(matches!(err, CalendarError::Json(_)));
        assert!(err.to_string().contains("GOV.UK"));

        let err =
            Calendar::from_govuk_json(r#"{"scotland": {"division": "scotland", "events": []}}"#)
                .expect_err("no division");
        assert!(matches!(err, CalendarError::MissingDivision));
        assert!(err.to_string().contains("england-and-wales"));

        let err = Calendar::from_govuk_json(
            r#"{"england-and-wales": {"division": "scotland", "events": []}}"#,
        )
        .expect_err("wrong division");
        assert!(matches!(err, CalendarError::WrongDivision { .. }));
        assert!(err.to_string().contains("scotland"));

        let err = Calendar::from_govuk_json(
            r#"{"england-and-wales": {"division": "england-and-wales", "events": [
                {"title": "Nonsense", "date": "2025-02-30", "notes": "", "bunting": true}]}}"#,
        )
        .expect_err("bad date");
        assert!(matches!(err, CalendarError::BadDate { .. }));
        let message = err.to_string();
        assert!(
            message.contains("2025-02-30") && message.contains("Nonsense"),
            "{message}"
        );

        let err = Calendar::from_govuk_json(
            r#"{"england-and-wales": {"division": "england-and-wales", "events": [
                {"title": "A", "date": "2025-12-25"}, {"title": "B", "date": "2025-12-25"}]}}"#,
        )
        .expect_err("duplicate");
        assert!(matches!(err, CalendarError::DuplicateDate { .. }));
        assert!(err.to_string().contains("2025-12-25"));

        let err = Calendar::from_govuk_json(
            r#"{"england-and-wales": {"division": "england-and-wales", "events": []}}"#,
        )
        .expect_err("empty");
        assert!(matches!(err, CalendarError::NoEvents));

        let err = Calendar::from_govuk_json(r#"{"england-and-wales": {"events": []}}"#)
            .expect_err("missing field");
        assert!(matches!(err, CalendarError::Json(_)));
    }

    #[test]
    fn shipped_file_parses_directly() {
        let cal = Calendar::from_govuk_json(SHIPPED_JSON).expect("shipped data parses");
        assert_eq!(cal.holidays().count(), shipped().holidays().count());
    }

    #[test]
    fn with_additional_extends_coverage_and_leaves_the_original_alone() {
        let cal = shipped();
        let new_year_2031 = date(2031, 1, 1); // Wednesday
        assert!(cal.is_working_day(new_year_2031));
        let extended = cal.with_additional([BankHoliday {
            date: new_year_2031,
            title: "New Year’s Day".to_string(),
        }]);
        assert!(!extended.is_working_day(new_year_2031));
        assert_eq!(extended.last_year_covered(), 2031);
        assert_eq!(extended.first_year_covered(), 2015);
        assert!(cal.is_working_day(new_year_2031));
        assert_eq!(cal.last_year_covered(), 2030);
        assert_eq!(
            extended.add_working_days(date(2030, 12, 31), 1),
            date(2031, 1, 2)
        );

        // Re-adding an existing date replaces the title, not the count.
        let retitled = cal.with_additional([BankHoliday {
            date: date(2025, 12, 25),
            title: "Christmas".to_string(),
        }]);
        assert_eq!(retitled.holidays().count(), cal.holidays().count());
        assert!(retitled.holidays().any(|h| h.title == "Christmas"));
    }

    // ----- properties -----

    /// Dates in the shipped range, 2015-01-01 to 2030-12-31.
    fn shipped_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..5844).prop_map(|k| date(2015, 1, 1) + Days::new(k))
    }

    /// Dates either side of the shipped range too, 2010 to 2035.
    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..9496).prop_map(|k| date(2010, 1, 1) + Days::new(k))
    }

    proptest! {
        #[test]
        fn round_trip_between_and_add(x in any_date(), n in 0u32..3000) {
            let cal = shipped();
            let end = cal.add_working_days(x, n);
            prop_assert_eq!(cal.working_days_between(x, end), i64::from(n));
            prop_assert_eq!(cal.working_days_between(end, x), -i64::from(n));
        }

        #[test]
        fn result_is_a_working_day(x in any_date(), n in 1u32..3000) {
            let cal = shipped();
            let end = cal.add_working_days(x, n);
            prop_assert!(cal.is_working_day(end), "{} + {} = {}", x, n, end);
            prop_assert!(end > x);
        }

        #[test]
        fn strictly_increasing_in_n(x in any_date(), n in 0u32..2000) {
            let cal = shipped();
            prop_assert!(cal.add_working_days(x, n) < cal.add_working_days(x, n + 1));
        }

        #[test]
        fn agrees_with_naive_add(x in shipped_date(), n in 0u32..=400) {
            let cal = shipped();
            prop_assert_eq!(cal.add_working_days(x, n), naive_add(&cal, x, n));
        }

        #[test]
        fn agrees_with_naive_between(a in any_date(), b in any_date()) {
            let cal = shipped();
            prop_assert_eq!(cal.working_days_between(a, b), naive_between(&cal, a, b));
        }

        #[test]
        fn next_working_day_is_the_first_on_or_after(d in any_date()) {
            let cal = shipped();
            let next = cal.next_working_day_on_or_after(d);
            prop_assert!(next >= d);
            prop_assert!(cal.is_working_day(next));
            let mut day = d;
            while day < next {
                prop_assert!(!cal.is_working_day(day));
                day = day.succ_opt().expect("in range");
            }
        }

        #[test]
        fn calendar_months_stay_within_the_month(
            y in 1900i32..2200, m in 1u32..=12, day in 1u32..=31, months in 0u32..2400,
        ) {
            let start = date(y, m, day.min(last_day_of_month(y, m)));
            let end = add_calendar_months(start, months);
            let total = i64::from(y) * 12 + i64::from(m - 1) + i64::from(months);
            prop_assert_eq!(i64::from(end.year()), total.div_euclid(12));
            prop_assert_eq!(i64::from(end.month0()), total.rem_euclid(12));
            let month_end = last_day_of_month(end.year(), end.month());
            prop_assert!(end.day() <= month_end);
            prop_assert_eq!(end.day(), start.day().min(month_end));
        }

        #[test]
        fn calendar_months_never_panic(k in any::<i32>(), months in any::<u32>()) {
            let start = NaiveDate::from_num_days_from_ce_opt(k % 90_000_000)
                .unwrap_or(NaiveDate::MIN);
            let end = add_calendar_months(start, months);
            prop_assert!(end >= start);
        }

        #[test]
        fn with_additional_changes_working_days(
            offset in 0u64..3650, x_back in 1u64..200, n in 1u32..300,
        ) {
            // A weekday in 2031–2040, after the shipped data.
            let mut extra = date(2031, 1, 1) + Days::new(offset);
            while !is_weekday(extra) {
                extra = extra.succ_opt().expect("in range");
            }
            let cal = shipped();
            prop_assert!(cal.is_working_day(extra));
            let extended = cal.with_additional([BankHoliday {
                date: extra,
                title: "Extra bank holiday".to_string(),
            }]);
            prop_assert!(extended.is_bank_holiday(extra));
            prop_assert!(!extended.is_working_day(extra));
            prop_assert!(cal.is_working_day(extra));
            let x = extra - Days::new(x_back);
            prop_assert_eq!(extended.add_working_days(x, n), naive_add(&extended, x, n));
            let end = extended.add_working_days(x, n);
            prop_assert_eq!(extended.working_days_between(x, end), i64::from(n));
            if end >= extra {
                // Crossing the new holiday costs exactly one day.
                prop_assert_eq!(cal.working_days_between(x, end), i64::from(n) + 1);
            }
        }
    }
}
