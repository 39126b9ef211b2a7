//! Child protection visits (F17, F20): the child seen, seen alone or why
//! not, and what they said, on a date that has happened.

use super::{LONG_TEXT_MAX, past_date};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildProtectionVisit {
    pub visited_on: Option<NaiveDate>,
    pub child_seen: Option<bool>,
    /// Asked only when the child was seen; the census return records it for
    /// the last statutory visit.
    pub child_seen_alone: Option<bool>,
    /// Why the child was not seen, or not seen alone.
    pub reason: String,
    pub childs_views: String,
}

impl ChildProtectionVisit {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        past_date(&mut errors, "visited_on", self.visited_on, today, "the date of the visit");
        match (self.child_seen, self.child_seen_alone) {
            (None, _) => errors.add("child_seen", "Select whether the child was seen"),
            (Some(false), _) => errors.require_text("reason", &self.reason, "why the child was not seen", LONG_TEXT_MAX),
            (Some(true), None) => errors.add("child_seen_alone", "Select whether the child was seen alone"),
            (Some(true), Some(false)) => errors.require_text("reason", &self.reason, "why the child was not seen alone", LONG_TEXT_MAX),
            (Some(true), Some(true)) => {}
        }
        // Seeing a child and not recording what they said is the gap F17
        // names; a baby's "views" are what was observed, so this still holds.
        if self.child_seen == Some(true) {
            errors.require_text("childs_views", &self.childs_views, "what the child said or how they presented", LONG_TEXT_MAX);
        }
        errors.into_result()
    }

    /// Whether this visit counts as the child seen alone, for the census.
    pub fn seen_alone(&self) -> bool {
        self.child_seen == Some(true) && self.child_seen_alone == Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::tests::d;

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    fn visit() -> ChildProtectionVisit {
        ChildProtectionVisit {
            visited_on: Some(d(2026, 11, 23)),
            child_seen: Some(true),
            child_seen_alone: Some(true),
            reason: String::new(),
            childs_views: "Showed me her bedroom; said she likes her new bed".into(),
        }
    }

    #[test]
    fn a_visit_with_the_child_seen_alone_is_accepted() {
        assert!(visit().validate(today()).is_ok());
        assert!(visit().seen_alone());
    }

    #[test]
    fn a_visit_cannot_be_in_the_future() {
        let e = ChildProtectionVisit { visited_on: Some(d(2026, 11, 24)), ..visit() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("visited_on"), Some("The date of the visit must be today or in the past"));
    }

    #[test]
    fn seen_and_seen_alone_must_be_answered_with_reasons() {
        let e = ChildProtectionVisit { child_seen: None, ..visit() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("child_seen"), Some("Select whether the child was seen"));
        let e = ChildProtectionVisit { child_seen_alone: None, ..visit() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("child_seen_alone"), Some("Select whether the child was seen alone"));
        let e = ChildProtectionVisit { child_seen_alone: Some(false), ..visit() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("reason"), Some("Enter why the child was not seen alone"));
        let e = ChildProtectionVisit { child_seen: Some(false), child_seen_alone: None, childs_views: "".into(), ..visit() }
            .validate(today())
            .unwrap_err();
        assert_eq!(e.for_field("reason"), Some("Enter why the child was not seen"));
        let ok =
            ChildProtectionVisit { child_seen: Some(false), reason: "Nobody home; card left".into(), childs_views: "".into(), ..visit() };
        assert!(ok.validate(today()).is_ok());
        assert!(!ok.seen_alone());
    }

    #[test]
    fn a_child_seen_has_their_views_recorded() {
        let e = ChildProtectionVisit { childs_views: " ".into(), ..visit() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("childs_views"), Some("Enter what the child said or how they presented"));
    }
}
