//! Child protection: strategy discussions, section 47 enquiries,
//! conferences, plans, core groups and the actions they set (issue 4;
//! findings F14, F18, F19).
//!
//! Each payload wraps the domain record whose rules it must meet (the
//! strategy discussion cannot be saved without attendees, a decision, a
//! rationale and owner and date on every action), so the rules live in one
//! place, `crate::child_protection`. Rules that need other records (the
//! conference's 15 working days from the strategy discussion, one open plan
//! per child) are the store's, which has them.

use crate::actions::{Action, validate_actions};
use crate::child_protection::{
    ChildProtectionConference, ChildProtectionPlan, CoreGroupMeeting, CpPlanEndReason, Section47Enquiry, StrategyDiscussion,
};
use crate::ids::{ConferenceId, MeetingId, PersonId, PlanId, ReferralId, Section47Id, StrategyDiscussionId};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const TEXT_MAX: usize = 20_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StrategyDiscussionHeld {
    pub discussion_id: StrategyDiscussionId,
    pub child_id: PersonId,
    /// The children in need episode it belongs to.
    pub referral_id: Option<ReferralId>,
    pub discussion: StrategyDiscussion,
}

impl StrategyDiscussionHeld {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        self.discussion.validate(today)
    }
}

/// A section 47 enquiry starts, from the strategy discussion that decided on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section47Started {
    pub enquiry_id: Section47Id,
    pub child_id: PersonId,
    pub discussion_id: StrategyDiscussionId,
    pub discussion_on: NaiveDate,
    pub started_on: NaiveDate,
}

impl Section47Started {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.started_on > today {
            errors.add("started_on", "The date the enquiry started must be today or in the past");
        } else if self.started_on < self.discussion_on {
            errors.add("started_on", "The date the enquiry started must be on or after the strategy discussion that decided on it");
        }
        errors.into_result()
    }
}

/// The enquiry's record as it stands: the child seen (and seen alone), and
/// once concluded, its outcome. Recorded as often as it changes; the latest
/// is the enquiry's state, and all stay in the chronology.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section47Updated {
    pub enquiry_id: Section47Id,
    pub child_id: PersonId,
    pub enquiry: Section47Enquiry,
}

impl Section47Updated {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        self.enquiry.validate(today)
    }

    pub fn is_concluded(&self) -> bool {
        self.enquiry.outcome.is_some()
    }
}

/// An initial or review child protection conference. An initial one names
/// the enquiry it was convened for; a review names the plan it reviews.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConferenceHeld {
    pub conference_id: ConferenceId,
    pub child_id: PersonId,
    pub enquiry_id: Option<Section47Id>,
    pub plan_id: Option<PlanId>,
    pub conference: ChildProtectionConference,
    /// Why it was held outside its timescale (15 working days for an
    /// initial conference, 3 or 6 months for a review), if it was.
    pub late_reason: String,
    pub actions: Vec<Action>,
}

impl ConferenceHeld {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = self.conference.validate(today).err().unwrap_or_default();
        errors.check_length("late_reason", &self.late_reason, "The reason for lateness", TEXT_MAX);
        validate_actions(&self.actions, "actions", self.conference.held_on, today, &mut errors);
        errors.into_result()
    }

    pub fn held_on(&self) -> Option<NaiveDate> {
        self.conference.held_on
    }
}

/// A child protection plan made at an initial conference, with its
/// contingency plan and actions. Its start is the conference's date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CpPlanStarted {
    pub plan_id: PlanId,
    pub child_id: PersonId,
    pub conference_id: ConferenceId,
    pub plan: ChildProtectionPlan,
}

impl CpPlanStarted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = self.plan.validate(today).err().unwrap_or_default();
        if self.plan.ended_on.is_some() {
            errors.add("ended_on", "A plan is ended by recording its end, not when it starts");
        }
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CpPlanEnded {
    pub plan_id: PlanId,
    pub child_id: PersonId,
    pub ended_on: NaiveDate,
    pub reason: CpPlanEndReason,
    pub reason_detail: String,
}

impl CpPlanEnded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.ended_on > today {
            errors.add("ended_on", "The date the plan ended must be today or in the past");
        }
        if self.reason == CpPlanEndReason::Other {
            errors.require_text("reason_detail", &self.reason_detail, "why the plan ended", TEXT_MAX);
        }
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoreGroupHeld {
    pub meeting_id: MeetingId,
    pub child_id: PersonId,
    pub plan_id: PlanId,
    pub meeting: CoreGroupMeeting,
    pub late_reason: String,
}

impl CoreGroupHeld {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = self.meeting.validate(today).err().unwrap_or_default();
        errors.check_length("late_reason", &self.late_reason, "The reason for lateness", TEXT_MAX);
        errors.into_result()
    }
}

/// An action (from any meeting or plan) is done, with what shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionCompleted {
    pub action_id: crate::actions::ActionId,
    pub child_id: PersonId,
    pub completed_on: NaiveDate,
    pub evidence: String,
}

impl ActionCompleted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.completed_on > today {
            errors.add("completed_on", "The date the action was done must be today or in the past");
        }
        errors.require_text("evidence", &self.evidence, "what shows the action was done", crate::actions::NOTE_MAX);
        errors.into_result()
    }
}

/// An action will not be done, and why (the plan changed, it was overtaken).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionCancelled {
    pub action_id: crate::actions::ActionId,
    pub child_id: PersonId,
    pub cancelled_on: NaiveDate,
    pub reason: String,
}

impl ActionCancelled {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.cancelled_on > today {
            errors.add("cancelled_on", "The date must be today or in the past");
        }
        errors.require_text("reason", &self.reason, "why the action will not be done", crate::actions::NOTE_MAX);
        errors.into_result()
    }
}
