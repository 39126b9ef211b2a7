//! The front door: contacts about children. Screening, decisions and
//! referrals build on these.

use crate::codes::ReferralSource;
use crate::front_door::{Agency, ConsentRecord, ContactOutcome, EscalationOutcome, Rag, ThresholdLevel};
use crate::ids::{CheckId, ContactId, DecisionId, EscalationId, OutOfHoursId, PersonId, TeamId, UserId};
use crate::validation::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A contact about one or more children (unborn children included).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactReceived {
    pub contact_id: ContactId,
    pub children: Vec<PersonId>,
    pub received_at: DateTime<Utc>,
    pub source: ReferralSource,
    pub concern: String,
    pub referrer_name: Option<String>,
    pub referrer_organisation: Option<String>,
    /// The first contact of the chain this one joins (F1): set when it comes
    /// within the window of a closed contact about the same child, so
    /// timeliness is measured from the first. Added in version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_start: Option<ContactId>,
}

impl ContactReceived {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.children.is_empty() {
            errors.add("children", "Add at least one child the contact is about");
        }
        errors.require_text("concern", &self.concern, "the concern", 20_000);
        errors.into_result()
    }
}

/// The MASH rates a contact's urgency; the deadline is worked out from the
/// authority's screening policy when rated and kept with the rating, so the
/// record shows the deadline that applied then.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactRated {
    pub contact_id: ContactId,
    pub rag: Rag,
    pub screen_by: DateTime<Utc>,
    pub note: Option<String>,
}

impl ContactRated {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
            errors.add("note", "The note must be 2000 characters or fewer");
        }
        errors.into_result()
    }
}

/// A manager gives a contact to a worker to screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactAssigned {
    pub contact_id: ContactId,
    pub worker_id: UserId,
}

/// A check asked of another agency (F3), with an owner and a time it is due.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckRequested {
    pub contact_id: ContactId,
    pub check_id: CheckId,
    pub agency: Agency,
    /// Which team or service, where it matters ("GP surgery", "Birmingham CSC").
    pub agency_detail: Option<String>,
    pub question: String,
    pub owner_id: UserId,
    pub due_at: DateTime<Utc>,
}

impl CheckRequested {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("question", &self.question, "what the agency is asked", 2000);
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckCompleted {
    pub contact_id: ContactId,
    pub check_id: CheckId,
    pub result: String,
}

impl CheckCompleted {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("result", &self.result, "what the agency said", 10_000);
        errors.into_result()
    }
}

/// A check that will not be done, and why: the only other way a requested
/// check stops blocking the contact's close.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckNotCompleted {
    pub contact_id: ContactId,
    pub check_id: CheckId,
    pub reason: String,
}

impl CheckNotCompleted {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("reason", &self.reason, "why the check was not completed", 2000);
        errors.into_result()
    }
}

/// A worker's decision on a contact, waiting for a manager (F2, F4, F5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactDecisionProposed {
    pub contact_id: ContactId,
    pub decision_id: DecisionId,
    pub outcome: ContactOutcome,
    pub threshold: ThresholdLevel,
    pub rationale: String,
    pub consent: ConsentRecord,
}

/// A rationale an inspector can follow (F4): more than a word or two.
pub const MIN_RATIONALE_CHARS: usize = 30;

impl ContactDecisionProposed {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("rationale", &self.rationale, "the rationale for the decision", 10_000);
        let rationale = self.rationale.trim();
        if !rationale.is_empty() && rationale.chars().count() < MIN_RATIONALE_CHARS {
            errors.add(
                "rationale",
                format!("The rationale must be at least {MIN_RATIONALE_CHARS} characters: say why, with reference to the child's history"),
            );
        }
        if !self.threshold.fits(self.outcome) {
            errors.add(
                "outcome",
                format!("{} does not fit {}: choose another outcome or threshold level", self.outcome.label(), self.threshold.label().to_lowercase()),
            );
        }
        self.consent.validate(&mut errors);
        errors.into_result()
    }
}

/// A manager authorises the decision: it takes effect and the contact
/// closes. The outcome and children are repeated so each child's
/// chronology shows the decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactDecisionAuthorised {
    pub contact_id: ContactId,
    pub decision_id: DecisionId,
    pub outcome: ContactOutcome,
    pub children: Vec<PersonId>,
    pub manager_note: Option<String>,
}

/// A manager sends a decision back, with why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactDecisionReturned {
    pub contact_id: ContactId,
    pub decision_id: DecisionId,
    pub reason: String,
}

impl ContactDecisionReturned {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("reason", &self.reason, "why the decision is returned", 5000);
        errors.into_result()
    }
}

/// What the out-of-hours service did (F8). Its handover deadline is kept
/// with it, worked out when recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutOfHoursRecorded {
    pub record_id: OutOfHoursId,
    pub children: Vec<PersonId>,
    pub summary: String,
    pub action_taken: String,
    pub handover_due: DateTime<Utc>,
}

impl OutOfHoursRecorded {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.children.is_empty() {
            errors.add("children", "Add at least one child the record is about");
        }
        errors.require_text("summary", &self.summary, "what happened", 10_000);
        errors.require_text("action_taken", &self.action_taken, "what the out-of-hours service did", 10_000);
        errors.into_result()
    }
}

/// The MASH has read the out-of-hours record and taken it on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutOfHoursAcknowledged {
    pub record_id: OutOfHoursId,
    pub children: Vec<PersonId>,
    pub note: Option<String>,
}

/// One team disagrees with another's threshold decision (F5): recorded, so
/// disputes are visible and the time they take is measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EscalationRaised {
    pub escalation_id: EscalationId,
    pub contact_id: ContactId,
    pub children: Vec<PersonId>,
    pub raised_by_team: TeamId,
    pub with_team: TeamId,
    pub disagreement: String,
}

impl EscalationRaised {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.raised_by_team == self.with_team {
            errors.add("with_team", "Choose the other team: a team cannot disagree with itself");
        }
        errors.require_text("disagreement", &self.disagreement, "what the disagreement is", 5000);
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EscalationResolved {
    pub escalation_id: EscalationId,
    pub contact_id: ContactId,
    pub children: Vec<PersonId>,
    pub outcome: EscalationOutcome,
    pub resolution: String,
}

impl EscalationResolved {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("resolution", &self.resolution, "how it was resolved", 5000);
        errors.into_result()
    }
}
