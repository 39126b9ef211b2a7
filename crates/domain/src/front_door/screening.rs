//! RAG triage: how urgent a contact is, and when it must be screened by (F6).

use crate::calendar::Calendar;
use crate::uk_time::{from_uk, to_uk};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Red, amber or green: the MASH's urgency rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    pub const ALL: &'static [Rag] = &[Rag::Red, Rag::Amber, Rag::Green];

    pub fn code(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
        }
    }

    pub fn from_code(code: &str) -> Option<Rag> {
        Rag::ALL.iter().copied().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }
}

/// How long each rating allows. There is no national rule: each authority's
/// MASH protocol sets its own (timescales.md, "MASH RAG screening").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Allowance {
    /// Clock hours, round the clock: the most urgent work does not wait for Monday.
    Hours(u32),
    /// Working days, to the same time of day (UK local) on the n-th working day.
    WorkingDays(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningPolicy {
    pub red: Allowance,
    pub amber: Allowance,
    pub green: Allowance,
}

impl Default for ScreeningPolicy {
    /// Red within 4 hours, amber within 1 working day, green within 3.
    fn default() -> Self {
        Self { red: Allowance::Hours(4), amber: Allowance::WorkingDays(1), green: Allowance::WorkingDays(3) }
    }
}

impl ScreeningPolicy {
    pub fn allowance(&self, rag: Rag) -> Allowance {
        match rag {
            Rag::Red => self.red,
            Rag::Amber => self.amber,
            Rag::Green => self.green,
        }
    }

    /// When a contact received at `received_at` and rated `rag` must be
    /// screened by.
    pub fn deadline(&self, received_at: DateTime<Utc>, rag: Rag, calendar: &Calendar) -> DateTime<Utc> {
        match self.allowance(rag) {
            Allowance::Hours(h) => received_at + Duration::hours(i64::from(h)),
            Allowance::WorkingDays(n) => working_days_later(received_at, n, calendar),
        }
    }
}

/// The same UK wall-clock time `n` working days later.
pub fn working_days_later(at: DateTime<Utc>, n: u32, calendar: &Calendar) -> DateTime<Utc> {
    let local = to_uk(at);
    let day = calendar.add_working_days(local.date(), n);
    from_uk(day.and_time(local.time()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn red_is_four_clock_hours_even_overnight() {
        let p = ScreeningPolicy::default();
        let cal = Calendar::england_and_wales();
        assert_eq!(p.deadline(utc(2026, 12, 24, 22, 0), Rag::Red, &cal), utc(2026, 12, 25, 2, 0));
    }

    #[test]
    fn amber_and_green_skip_weekends_and_bank_holidays_at_the_same_local_time() {
        let p = ScreeningPolicy::default();
        let cal = Calendar::england_and_wales();
        // Friday 4pm GMT, amber: Monday 4pm.
        assert_eq!(p.deadline(utc(2026, 11, 20, 16, 0), Rag::Amber, &cal), utc(2026, 11, 23, 16, 0));
        // Christmas Eve 2026 (Thursday), green: 25, 28 (substitute Boxing Day) are holidays;
        // the working days are 29, 30 and 31 December.
        assert_eq!(p.deadline(utc(2026, 12, 24, 10, 0), Rag::Green, &cal), utc(2026, 12, 31, 10, 0));
        // Across the clocks going forward: 10am BST Monday is 9am UTC.
        assert_eq!(p.deadline(utc(2026, 3, 27, 10, 0), Rag::Amber, &cal), utc(2026, 3, 30, 9, 0));
    }
}
