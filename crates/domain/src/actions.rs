//! Actions (issue 4, F14, F18): one concept wherever a meeting or plan
//! agrees that someone will do something. Inspectors keep finding actions
//! with no owner or no timescale, so neither can be left out, and an action
//! is only closed with evidence it was done or a reason it was dropped.

use crate::ids::UserId;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Identifies one action across the meetings that review it, so a core
/// group can mark done an action the conference set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActionId(pub Uuid);

impl ActionId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
    pub fn from_u128(n: u128) -> Self {
        Self(Uuid::from_u128(n))
    }
}

impl Default for ActionId {
    fn default() -> Self {
        Self::new()
    }
}

/// Who is to do it. Most actions in a strategy discussion or a plan belong to
/// people in other agencies (a health visitor, a teacher, a parent) who have
/// no Hearth account, so they are named with their agency instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActionOwner {
    Staff { user_id: UserId },
    Named { name: String, agency: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    Done { completed_on: NaiveDate, evidence: String },
    Cancelled { reason: String },
}

impl ActionStatus {
    pub fn code(&self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done { .. } => "done",
            ActionStatus::Cancelled { .. } => "cancelled",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            ActionStatus::Open => "Open",
            ActionStatus::Done { .. } => "Done",
            ActionStatus::Cancelled { .. } => "Cancelled",
        }
    }
}

/// Owner and due date are options so that a half-filled form can be
/// validated and every missing part reported at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub action_id: ActionId,
    pub description: String,
    pub owner: Option<ActionOwner>,
    pub due_on: Option<NaiveDate>,
    pub status: ActionStatus,
}

pub const DESCRIPTION_MAX: usize = 2000;
pub const NOTE_MAX: usize = 5000;

impl Action {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        self.validate_into(today, "", &mut errors);
        errors.into_result()
    }

    /// Adds this action's errors with `prefix` before each field name
    /// (`actions[2].`), so a record holding a list of actions can report
    /// which one is wrong.
    pub fn validate_into(&self, today: NaiveDate, prefix: &str, errors: &mut FieldErrors) {
        errors.require_text(&format!("{prefix}description"), &self.description, "what is to be done", DESCRIPTION_MAX);
        match &self.owner {
            None => errors.add(format!("{prefix}owner"), "Select who will do this action, or name them and their agency"),
            Some(ActionOwner::Staff { .. }) => {}
            Some(ActionOwner::Named { name, agency }) => {
                errors.require_text(&format!("{prefix}owner_name"), name, "the name of the person who will do this action", 200);
                errors.require_text(&format!("{prefix}owner_agency"), agency, "the agency of the person who will do this action", 200);
            }
        }
        if self.due_on.is_none() {
            errors.add(format!("{prefix}due_on"), "Enter the date this action must be done by");
        }
        match &self.status {
            ActionStatus::Open => {}
            ActionStatus::Done { completed_on, evidence } => {
                if *completed_on > today {
                    errors.add(format!("{prefix}completed_on"), "The date the action was done must be today or in the past");
                }
                errors.require_text(&format!("{prefix}evidence"), evidence, "how you know the action was done", NOTE_MAX);
            }
            ActionStatus::Cancelled { reason } => {
                errors.require_text(&format!("{prefix}cancelled_reason"), reason, "why this action is no longer needed", NOTE_MAX);
            }
        }
    }

    /// Open and past its due date on `on`. An action due today is not yet
    /// overdue: the owner has the whole day.
    pub fn is_overdue(&self, on: NaiveDate) -> bool {
        matches!(self.status, ActionStatus::Open) && self.due_on.is_some_and(|due| due < on)
    }

    /// Calendar days the action is overdue by on `on`, for work lists; `None`
    /// when it is not overdue.
    pub fn days_overdue(&self, on: NaiveDate) -> Option<i64> {
        if !self.is_overdue(on) {
            return None;
        }
        self.due_on.map(|due| (on - due).num_days())
    }
}

/// The actions open and past their due date on `on`, earliest due first.
pub fn overdue(actions: &[Action], on: NaiveDate) -> Vec<&Action> {
    let mut late: Vec<&Action> = actions.iter().filter(|a| a.is_overdue(on)).collect();
    late.sort_by_key(|a| a.due_on);
    late
}

/// Validates a list of actions as `field[i].…`, and refuses any due before
/// `agreed_on` (the meeting that set it): a date before the meeting is a
/// typing mistake, not a timescale.
pub fn validate_actions(actions: &[Action], field: &str, agreed_on: Option<NaiveDate>, today: NaiveDate, errors: &mut FieldErrors) {
    for (i, action) in actions.iter().enumerate() {
        let prefix = format!("{field}[{i}].");
        action.validate_into(today, &prefix, errors);
        if let (Some(due), Some(agreed)) = (action.due_on, agreed_on)
            && due < agreed
        {
            errors.add(format!("{prefix}due_on"), "The date this action must be done by must be on or after the date it was agreed");
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    pub(crate) fn action(due: NaiveDate) -> Action {
        Action {
            action_id: ActionId::from_u128(1),
            description: "Health visitor to visit the home and check sleeping arrangements".into(),
            owner: Some(ActionOwner::Named { name: "Ana Test".into(), agency: "Health visiting".into() }),
            due_on: Some(due),
            status: ActionStatus::Open,
        }
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 23);
    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn an_action_with_owner_date_and_description_is_accepted() {
        assert!(action(d(2026, 12, 1)).validate(today()).is_ok());
        let staff = Action { owner: Some(ActionOwner::Staff { user_id: UserId::from_u128(7) }), ..action(d(2026, 12, 1)) };
        assert!(staff.validate(today()).is_ok());
    }

    #[test]
    fn an_action_without_owner_or_due_date_is_refused() {
        let a = Action { owner: None, due_on: None, description: " ".into(), ..action(d(2026, 12, 1)) };
        let e = a.validate(today()).unwrap_err();
        assert_eq!(e.for_field("owner"), Some("Select who will do this action, or name them and their agency"));
        assert_eq!(e.for_field("due_on"), Some("Enter the date this action must be done by"));
        assert_eq!(e.for_field("description"), Some("Enter what is to be done"));
    }

    #[test]
    fn a_named_owner_needs_a_name_and_an_agency() {
        let a = Action { owner: Some(ActionOwner::Named { name: "".into(), agency: " ".into() }), ..action(d(2026, 12, 1)) };
        let e = a.validate(today()).unwrap_err();
        assert!(e.for_field("owner_name").is_some());
        assert!(e.for_field("owner_agency").is_some());
    }

    #[test]
    fn a_done_action_needs_evidence_and_a_date_not_in_the_future() {
        let a = Action { status: ActionStatus::Done { completed_on: d(2026, 11, 24), evidence: "".into() }, ..action(d(2026, 12, 1)) };
        let e = a.validate(today()).unwrap_err();
        assert!(e.for_field("completed_on").is_some());
        assert!(e.for_field("evidence").is_some());
        let a = Action {
            status: ActionStatus::Done { completed_on: today(), evidence: "Visit report on file dated today".into() },
            ..action(d(2026, 12, 1))
        };
        assert!(a.validate(today()).is_ok());
    }

    #[test]
    fn a_cancelled_action_needs_a_reason() {
        let a = Action { status: ActionStatus::Cancelled { reason: "".into() }, ..action(d(2026, 12, 1)) };
        assert!(a.validate(today()).unwrap_err().for_field("cancelled_reason").is_some());
        let a = Action {
            status: ActionStatus::Cancelled { reason: "Family moved; referral passed to new area".into() },
            ..action(d(2026, 12, 1))
        };
        assert!(a.validate(today()).is_ok());
    }

    #[test]
    fn overdue_means_open_and_past_due_not_due_today() {
        let due_today = action(today());
        let late = Action { action_id: ActionId::from_u128(2), ..action(d(2026, 11, 20)) };
        let later = Action { action_id: ActionId::from_u128(3), ..action(d(2026, 11, 10)) };
        let done =
            Action { status: ActionStatus::Done { completed_on: d(2026, 11, 1), evidence: "Seen".into() }, ..action(d(2026, 11, 1)) };
        let cancelled = Action { status: ActionStatus::Cancelled { reason: "No longer needed".into() }, ..action(d(2026, 11, 1)) };
        assert!(!due_today.is_overdue(today()));
        assert!(late.is_overdue(today()));
        assert_eq!(late.days_overdue(today()), Some(3));
        assert_eq!(due_today.days_overdue(today()), None);
        let all = [due_today, late, later, done, cancelled];
        let ids: Vec<_> = overdue(&all, today()).iter().map(|a| a.action_id).collect();
        assert_eq!(ids, vec![ActionId::from_u128(3), ActionId::from_u128(2)]);
    }

    #[test]
    fn actions_in_a_list_are_named_by_position_and_not_due_before_the_meeting() {
        let mut e = FieldErrors::new();
        let list = [action(d(2026, 11, 25)), Action { owner: None, ..action(d(2026, 11, 1)) }];
        validate_actions(&list, "actions", Some(d(2026, 11, 20)), today(), &mut e);
        assert_eq!(e.for_field("actions[0].due_on"), None);
        assert!(e.for_field("actions[1].owner").is_some());
        assert_eq!(
            e.for_field("actions[1].due_on"),
            Some("The date this action must be done by must be on or after the date it was agreed")
        );
        let mut ok = FieldErrors::new();
        validate_actions(&list[..1], "actions", Some(d(2026, 11, 20)), today(), &mut ok);
        assert!(ok.is_empty());
    }
}
