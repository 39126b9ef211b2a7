//! Re-referrals (F9): a referral within 12 months of an earlier one for the
//! same child is a re-referral, the DfE's measure of children whose needs
//! were not met the first time.

use chrono::{Months, NaiveDate};

/// How many of `earlier` referral dates fall in the 12 months before `date`.
pub fn referrals_in_previous_12_months(earlier: &[NaiveDate], date: NaiveDate) -> usize {
    let from = date.checked_sub_months(Months::new(12)).unwrap_or(NaiveDate::MIN);
    earlier.iter().filter(|d| **d >= from && **d < date).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn counts_only_the_twelve_months_before() {
        let earlier = [d(2024, 1, 10), d(2025, 3, 1), d(2025, 9, 1), d(2026, 2, 1)];
        assert_eq!(referrals_in_previous_12_months(&earlier, d(2026, 3, 1)), 3);
        assert_eq!(referrals_in_previous_12_months(&earlier, d(2026, 3, 2)), 2);
        assert_eq!(referrals_in_previous_12_months(&[], d(2026, 3, 1)), 0);
    }
}
