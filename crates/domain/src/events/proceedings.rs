//! Pre-proceedings under the Public Law Outline and care proceedings
//! (issue 4; finding F21: children drifting in pre-proceedings).

use crate::ids::{MeetingId, PersonId, ProceedingsId};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const TEXT_MAX: usize = 20_000;

fn not_future(errors: &mut FieldErrors, field: &str, date: NaiveDate, today: NaiveDate, what: &str) {
    if date > today {
        errors.add(field, format!("The date {what} must be today or in the past"));
    }
}

/// A legal planning meeting decides the threshold for proceedings is met
/// and the family is written to (the letter before proceedings); the
/// pre-proceedings period runs from the letter or the first meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreProceedingsStarted {
    pub pre_proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub legal_planning_meeting_on: NaiveDate,
    /// The letter before proceedings, or the pre-proceedings meeting.
    pub started_on: NaiveDate,
    /// What must change, as agreed with the family and their solicitor.
    pub concerns: String,
}

impl PreProceedingsStarted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "legal_planning_meeting_on", self.legal_planning_meeting_on, today, "of the legal planning meeting");
        not_future(&mut errors, "started_on", self.started_on, today, "pre-proceedings started");
        if self.started_on < self.legal_planning_meeting_on {
            errors.add("started_on", "Pre-proceedings cannot start before the legal planning meeting that decided on them");
        }
        errors.require_text("concerns", &self.concerns, "what must change for the child", TEXT_MAX);
        errors.into_result()
    }
}

/// A review of progress in pre-proceedings (a pre-proceedings review
/// meeting, or the legal gateway panel's review).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreProceedingsReviewed {
    pub review_id: MeetingId,
    pub pre_proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub reviewed_on: NaiveDate,
    pub progress: String,
    pub late_reason: String,
}

impl PreProceedingsReviewed {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "reviewed_on", self.reviewed_on, today, "of the review");
        errors.require_text("progress", &self.progress, "the progress made and what the panel decided", TEXT_MAX);
        errors.check_length("late_reason", &self.late_reason, "The reason for lateness", TEXT_MAX);
        errors.into_result()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreProceedingsOutcome {
    /// Enough has changed: the child stays on their plan without proceedings.
    SteppedDown,
    ProceedingsIssued,
    /// The family moved to another authority, or the child became looked
    /// after by agreement (section 20).
    Other,
}

impl PreProceedingsOutcome {
    pub const ALL: &'static [PreProceedingsOutcome] =
        &[PreProceedingsOutcome::SteppedDown, PreProceedingsOutcome::ProceedingsIssued, PreProceedingsOutcome::Other];

    pub fn code(self) -> &'static str {
        match self {
            PreProceedingsOutcome::SteppedDown => "stepped_down",
            PreProceedingsOutcome::ProceedingsIssued => "proceedings_issued",
            PreProceedingsOutcome::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PreProceedingsOutcome::SteppedDown => "Stepped down: proceedings not needed",
            PreProceedingsOutcome::ProceedingsIssued => "Care proceedings issued",
            PreProceedingsOutcome::Other => "Another outcome",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreProceedingsEnded {
    pub pre_proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub ended_on: NaiveDate,
    pub outcome: PreProceedingsOutcome,
    pub detail: String,
    /// Why pre-proceedings ran past the local limit, if they did.
    pub late_reason: String,
}

impl PreProceedingsEnded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "ended_on", self.ended_on, today, "pre-proceedings ended");
        if self.outcome == PreProceedingsOutcome::Other {
            errors.require_text("detail", &self.detail, "what the outcome was", TEXT_MAX);
        }
        errors.check_length("late_reason", &self.late_reason, "The reason for lateness", TEXT_MAX);
        errors.into_result()
    }
}

/// The order the authority applies for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderApplication {
    CareOrder,
    SupervisionOrder,
    PlacementOrder,
}

impl OrderApplication {
    pub const ALL: &'static [OrderApplication] =
        &[OrderApplication::CareOrder, OrderApplication::SupervisionOrder, OrderApplication::PlacementOrder];

    pub fn code(self) -> &'static str {
        match self {
            OrderApplication::CareOrder => "care_order",
            OrderApplication::SupervisionOrder => "supervision_order",
            OrderApplication::PlacementOrder => "placement_order",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderApplication::CareOrder => "Care order",
            OrderApplication::SupervisionOrder => "Supervision order",
            OrderApplication::PlacementOrder => "Placement order",
        }
    }
}

/// Care or supervision proceedings issued at court: the 26 weeks run from here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProceedingsIssued {
    pub proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    /// The pre-proceedings that led here, if there were any.
    pub pre_proceedings_id: Option<ProceedingsId>,
    pub issued_on: NaiveDate,
    pub application: OrderApplication,
    pub court: String,
}

impl ProceedingsIssued {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "issued_on", self.issued_on, today, "proceedings were issued");
        errors.require_text("court", &self.court, "the court", 200);
        errors.into_result()
    }
}

/// How proceedings ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProceedingsOutcome {
    CareOrder,
    SupervisionOrder,
    SpecialGuardianshipOrder,
    ChildArrangementsOrder,
    PlacementOrder,
    NoOrder,
    Withdrawn,
}

impl ProceedingsOutcome {
    pub const ALL: &'static [ProceedingsOutcome] = &[
        ProceedingsOutcome::CareOrder,
        ProceedingsOutcome::SupervisionOrder,
        ProceedingsOutcome::SpecialGuardianshipOrder,
        ProceedingsOutcome::ChildArrangementsOrder,
        ProceedingsOutcome::PlacementOrder,
        ProceedingsOutcome::NoOrder,
        ProceedingsOutcome::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProceedingsOutcome::CareOrder => "care_order",
            ProceedingsOutcome::SupervisionOrder => "supervision_order",
            ProceedingsOutcome::SpecialGuardianshipOrder => "special_guardianship_order",
            ProceedingsOutcome::ChildArrangementsOrder => "child_arrangements_order",
            ProceedingsOutcome::PlacementOrder => "placement_order",
            ProceedingsOutcome::NoOrder => "no_order",
            ProceedingsOutcome::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ProceedingsOutcome::CareOrder => "Care order",
            ProceedingsOutcome::SupervisionOrder => "Supervision order",
            ProceedingsOutcome::SpecialGuardianshipOrder => "Special guardianship order",
            ProceedingsOutcome::ChildArrangementsOrder => "Child arrangements order",
            ProceedingsOutcome::PlacementOrder => "Placement order",
            ProceedingsOutcome::NoOrder => "No order made",
            ProceedingsOutcome::Withdrawn => "Application withdrawn",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProceedingsConcluded {
    pub proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub concluded_on: NaiveDate,
    pub outcome: ProceedingsOutcome,
    /// Why the case took more than 26 weeks, if it did.
    pub late_reason: String,
}

impl ProceedingsConcluded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "concluded_on", self.concluded_on, today, "proceedings concluded");
        errors.check_length("late_reason", &self.late_reason, "The reason for lateness", TEXT_MAX);
        errors.into_result()
    }
}
