//! Core group meetings (F19): held on a date that has happened, who came,
//! how the plan is progressing, and the plan's actions reviewed.

use super::strategy_discussion::{Attendee, validate_attendees};
use super::{LONG_TEXT_MAX, not_before, past_date};
use crate::actions::{Action, validate_actions};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoreGroupMeeting {
    /// When the child protection plan it serves started: a core group
    /// cannot meet about a plan that did not yet exist.
    pub plan_started_on: NaiveDate,
    pub held_on: Option<NaiveDate>,
    pub attendees: Vec<Attendee>,
    pub progress: String,
    /// New or updated actions agreed at this meeting.
    pub actions: Vec<Action>,
}

impl CoreGroupMeeting {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let held = past_date(&mut errors, "held_on", self.held_on, today, "the date of the core group meeting");
        not_before(
            &mut errors,
            "held_on",
            held,
            Some(self.plan_started_on),
            "The date of the core group meeting must be on or after the date the child protection plan started",
        );
        validate_attendees(&self.attendees, "Add everyone who attended the core group, with their agency and role", &mut errors);
        errors.require_text("progress", &self.progress, "how the plan is progressing", LONG_TEXT_MAX);
        validate_actions(&self.actions, "actions", held, today, &mut errors);
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::super::strategy_discussion::{Agency, tests::attendee};
    use super::*;
    use crate::actions::tests::{action, d};

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    fn meeting() -> CoreGroupMeeting {
        CoreGroupMeeting {
            plan_started_on: d(2026, 10, 1),
            held_on: Some(d(2026, 11, 2)),
            attendees: vec![attendee(Agency::SocialCare), attendee(Agency::Health)],
            progress: "Home conditions improved; nursery attendance now 90%.".into(),
            actions: vec![action(d(2026, 11, 30))],
        }
    }

    #[test]
    fn a_complete_core_group_is_accepted() {
        assert!(meeting().validate(today()).is_ok());
    }

    #[test]
    fn a_core_group_cannot_predate_the_plan_or_be_in_the_future() {
        let e = CoreGroupMeeting { held_on: Some(d(2026, 9, 30)), ..meeting() }.validate(today()).unwrap_err();
        assert!(e.for_field("held_on").is_some());
        let e = CoreGroupMeeting { held_on: Some(d(2026, 11, 24)), ..meeting() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("held_on"), Some("The date of the core group meeting must be today or in the past"));
    }

    #[test]
    fn a_core_group_needs_attendees_progress_and_complete_actions() {
        let e = CoreGroupMeeting {
            attendees: vec![],
            progress: "".into(),
            actions: vec![Action { due_on: None, ..action(d(2026, 11, 30)) }],
            ..meeting()
        }
        .validate(today())
        .unwrap_err();
        assert!(e.for_field("attendees").is_some());
        assert_eq!(e.for_field("progress"), Some("Enter how the plan is progressing"));
        assert!(e.for_field("actions[0].due_on").is_some());
    }
}
