//! Child and family assessments, child in need plans and the visits to
//! children on plans (issue 4; findings F16, F17, F20).
//!
//! An assessment is started against the referral whose date its 45 working
//! days run from; the worker saves progress and submits it complete; a
//! manager authorises it (the census `AssessmentAuthorisationDate`) or
//! returns it with what is missing. Whether it is late is judged with the
//! authority's bank holidays, which only the store has, so the store refuses
//! a late authorisation without a reason; the payload rules here are the
//! ones that need no calendar.

use crate::actions::{Action, validate_actions};
use crate::assessment::Assessment;
use crate::calendar::Calendar;
use crate::child_protection::{ChildInNeedPlan, ChildProtectionVisit};
use crate::ids::{AssessmentId, MeetingId, PersonId, PlanId, ReferralId};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const TEXT_MAX: usize = 20_000;

/// An assessment starts. `expected_birth_on` is set for a pre-birth
/// assessment, which is planned against the expected date of delivery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentStarted {
    pub assessment_id: AssessmentId,
    pub child_id: PersonId,
    pub referral_id: ReferralId,
    /// The referral's date, copied so the clock and the census rule 1103
    /// (start not before referral) can be checked from this event alone.
    pub referral_on: NaiveDate,
    pub started_on: NaiveDate,
    pub expected_birth_on: Option<NaiveDate>,
}

impl AssessmentStarted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.started_on > today {
            errors.add("started_on", "The date the assessment started must be today or in the past");
        } else if self.started_on < self.referral_on {
            errors.add("started_on", "The date the assessment started must be on or after the date of the referral");
        }
        errors.into_result()
    }
}

/// The worker's record of the assessment so far. `AssessmentSubmitted`
/// carries the same record, complete, for a manager to authorise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentProgressSaved {
    pub assessment_id: AssessmentId,
    pub child_id: PersonId,
    pub assessment: Assessment,
}

impl AssessmentProgressSaved {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        // A draft may be incomplete; only what is there is checked.
        let draft = Assessment { completed_on: None, authorised_by: None, authorised_on: None, ..self.assessment.clone() };
        without_late_reason(draft.validate(today, &Calendar::england_and_wales()))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentSubmitted {
    pub assessment_id: AssessmentId,
    pub child_id: PersonId,
    pub assessment: Assessment,
}

impl AssessmentSubmitted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.assessment.completed_on.is_none() {
            errors.add("completed_on", "Enter the date the assessment was completed");
        }
        if let Err(more) = without_late_reason(self.assessment.validate(today, &Calendar::england_and_wales())) {
            errors.0.extend(more.0);
        }
        errors.into_result()
    }
}

/// The late-reason rule needs the authority's calendar: the store applies it.
fn without_late_reason(result: Result<(), FieldErrors>) -> Result<(), FieldErrors> {
    match result {
        Ok(()) => Ok(()),
        Err(errors) => {
            let kept = FieldErrors(errors.0.into_iter().filter(|e| e.field != "late_reason").collect());
            kept.into_result()
        }
    }
}

/// A manager authorises the submitted assessment; the assessment's
/// timescale is measured to this date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentAuthorised {
    pub assessment_id: AssessmentId,
    pub child_id: PersonId,
    pub authorised_on: NaiveDate,
    /// Why it took more than 45 working days, if it did (the worker's
    /// reason from the submission is kept unless the manager gives one).
    pub late_reason: String,
    pub manager_comment: String,
}

impl AssessmentAuthorised {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.authorised_on > today {
            errors.add("authorised_on", "The date the assessment was authorised must be today or in the past");
        }
        errors.check_length("manager_comment", &self.manager_comment, "The manager's comment", TEXT_MAX);
        errors.check_length("late_reason", &self.late_reason, "The reason for lateness", TEXT_MAX);
        errors.into_result()
    }
}

/// A manager sends the assessment back to the worker, saying what is missing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentReturned {
    pub assessment_id: AssessmentId,
    pub child_id: PersonId,
    pub returned_on: NaiveDate,
    pub reason: String,
}

impl AssessmentReturned {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.returned_on > today {
            errors.add("returned_on", "The date must be today or in the past");
        }
        errors.require_text("reason", &self.reason, "what the worker needs to add or change", TEXT_MAX);
        errors.into_result()
    }
}

/// A child in need plan starts, with how often the child is to be visited
/// and the plan reviewed (F20: set per plan, from need).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CinPlanStarted {
    pub plan_id: PlanId,
    pub child_id: PersonId,
    pub referral_id: ReferralId,
    pub started_on: NaiveDate,
    pub visit_every_days: u32,
    pub review_every_months: u32,
    /// What needs to change for the child, and how: the plan itself.
    pub plan: String,
    pub actions: Vec<Action>,
}

impl CinPlanStarted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let plan = ChildInNeedPlan {
            started_on: Some(self.started_on),
            ended_on: None,
            visit_every_days: Some(self.visit_every_days),
            end_reason: String::new(),
        };
        let mut errors = plan.validate(today).err().unwrap_or_default();
        if !(1..=6).contains(&self.review_every_months) {
            errors.add("review_every_months", "How often the plan is reviewed must be between every 1 and every 6 months");
        }
        errors.require_text("plan", &self.plan, "what needs to change for the child and how", TEXT_MAX);
        validate_actions(&self.actions, "actions", Some(self.started_on), today, &mut errors);
        errors.into_result()
    }
}

/// A child in need plan review meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CinPlanReviewed {
    pub review_id: MeetingId,
    pub plan_id: PlanId,
    pub child_id: PersonId,
    pub reviewed_on: NaiveDate,
    pub progress: String,
    pub actions: Vec<Action>,
}

impl CinPlanReviewed {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.reviewed_on > today {
            errors.add("reviewed_on", "The date of the review must be today or in the past");
        }
        errors.require_text("progress", &self.progress, "how the plan is progressing", TEXT_MAX);
        validate_actions(&self.actions, "actions", Some(self.reviewed_on), today, &mut errors);
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CinPlanEnded {
    pub plan_id: PlanId,
    pub child_id: PersonId,
    pub ended_on: NaiveDate,
    pub reason: String,
}

impl CinPlanEnded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.ended_on > today {
            errors.add("ended_on", "The date the plan ended must be today or in the past");
        }
        errors.require_text("reason", &self.reason, "why the plan ended", TEXT_MAX);
        errors.into_result()
    }
}

/// A visit to a child on a plan (child protection or child in need; the
/// store knows which from the plans open on the day).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildVisited {
    pub visit_id: MeetingId,
    pub child_id: PersonId,
    pub visit: ChildProtectionVisit,
}

impl ChildVisited {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        self.visit.validate(today)
    }

    pub fn visited_on(&self) -> Option<NaiveDate> {
        self.visit.visited_on
    }
}
