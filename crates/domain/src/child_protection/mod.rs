//! Child protection (issue 4, F14, F18, F19): strategy discussions, section
//! 47 enquiries, conferences, plans, core groups and visits, as the rules a
//! record must meet before it can be saved.
//!
//! Each record is a plain type with `validate(&self, today)`; the date and
//! text checks they share live here so every form words them the same way.

pub mod conference;
pub mod core_group;
pub mod parent_version;
pub mod plan;
pub mod section47;
pub mod strategy_discussion;
pub mod visit;

pub use conference::{AbuseCategory, ChildProtectionConference, ChildsViews, ConferenceDecision, ConferenceKind};
pub use core_group::CoreGroupMeeting;
pub use plan::{ChildInNeedPlan, ChildProtectionPlan, CpPlanEndReason, PlanKind, PlanPeriod, check_plan_overlap};
pub use section47::{Section47Enquiry, Section47Outcome};
pub use strategy_discussion::{Agency, Attendee, StrategyDecision, StrategyDiscussion, expected_absent};
pub use visit::ChildProtectionVisit;

use crate::validation::FieldErrors;
use chrono::NaiveDate;

/// Longest free text on these records (a rationale, an analysis).
pub const LONG_TEXT_MAX: usize = 20_000;

/// Requires a date and refuses one after `today`: what happened cannot have
/// happened tomorrow. Returns the date when present so callers can go on to
/// compare it with others.
pub(crate) fn past_date(errors: &mut FieldErrors, field: &str, date: Option<NaiveDate>, today: NaiveDate, what: &str) -> Option<NaiveDate> {
    match date {
        None => {
            errors.add(field, format!("Enter {what}"));
            None
        }
        Some(d) if d > today => {
            errors.add(field, format!("{} must be today or in the past", capitalise(what)));
            None
        }
        Some(d) => Some(d),
    }
}

/// Refuses `later` before `earlier` with a message naming both.
pub(crate) fn not_before(errors: &mut FieldErrors, field: &str, later: Option<NaiveDate>, earlier: Option<NaiveDate>, message: &str) {
    if let (Some(l), Some(e)) = (later, earlier)
        && l < e
    {
        errors.add(field, message);
    }
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::tests::d;

    #[test]
    fn past_date_refuses_missing_and_future_dates() {
        let mut e = FieldErrors::new();
        assert_eq!(past_date(&mut e, "a", None, d(2026, 11, 23), "the date of the visit"), None);
        assert_eq!(past_date(&mut e, "b", Some(d(2026, 11, 24)), d(2026, 11, 23), "the date of the visit"), None);
        assert_eq!(past_date(&mut e, "c", Some(d(2026, 11, 23)), d(2026, 11, 23), "the date of the visit"), Some(d(2026, 11, 23)));
        assert_eq!(e.for_field("a"), Some("Enter the date of the visit"));
        assert_eq!(e.for_field("b"), Some("The date of the visit must be today or in the past"));
        assert_eq!(e.for_field("c"), None);
    }

    #[test]
    fn not_before_only_complains_when_both_dates_are_known() {
        let mut e = FieldErrors::new();
        not_before(&mut e, "end", Some(d(2026, 1, 1)), Some(d(2026, 1, 2)), "End before start");
        not_before(&mut e, "x", None, Some(d(2026, 1, 2)), "never");
        not_before(&mut e, "y", Some(d(2026, 1, 2)), Some(d(2026, 1, 2)), "never");
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.for_field("end"), Some("End before start"));
    }
}
