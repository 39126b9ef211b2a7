//! Police domestic-abuse notifications and the daily review's decision on
//! each (F7). Both name the children, so both are on each child's chronology.

use crate::front_door::domestic_incidents::{
    ChildrenPresent, DashRisk, MAX_CHILDREN, MAX_PERSON_CHARS, MAX_REFERENCE_CHARS, MAX_SUMMARY_CHARS, ReviewDecision, check_rationale,
};
use crate::ids::{ContactId, DomesticIncidentBatchId, DomesticIncidentId, PersonId};
use crate::uk_time::to_uk;
use crate::validation::FieldErrors;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One notification from the police, received in a batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DomesticIncidentNotified {
    pub notification_id: DomesticIncidentId,
    pub batch_id: DomesticIncidentBatchId,
    pub police_reference: String,
    pub incident_at: DateTime<Utc>,
    pub children: Vec<PersonId>,
    pub children_present: ChildrenPresent,
    pub dash_risk: DashRisk,
    pub victim: String,
    pub alleged_perpetrator: String,
    pub summary: String,
}

impl DomesticIncidentNotified {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.children.is_empty() {
            errors.add("children", "Name at least one child the notification is about");
        } else if self.children.len() > MAX_CHILDREN {
            errors.add("children", format!("A notification may name at most {MAX_CHILDREN} children"));
        }
        errors.require_text("police_reference", &self.police_reference, "the police reference", MAX_REFERENCE_CHARS);
        if to_uk(self.incident_at).date() > today {
            errors.add("incident_date", "The incident must be in the past: check the date and time");
        }
        errors.require_text("victim", &self.victim, "who the victim is", MAX_PERSON_CHARS);
        errors.require_text("alleged_perpetrator", &self.alleged_perpetrator, "who the alleged perpetrator is", MAX_PERSON_CHARS);
        errors.require_text("summary", &self.summary, "a summary of the incident", MAX_SUMMARY_CHARS);
        errors.into_result()
    }
}

/// The daily review's decision on a notification. The children are repeated
/// so each child's chronology shows it; a contact to the MASH names the
/// contact recorded with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DomesticIncidentReviewed {
    pub notification_id: DomesticIncidentId,
    pub children: Vec<PersonId>,
    pub decision: ReviewDecision,
    pub rationale: String,
    /// The day of the review meeting.
    pub review_date: NaiveDate,
    pub contact_id: Option<ContactId>,
}

impl DomesticIncidentReviewed {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.children.is_empty() {
            errors.add("children", "Name the children the decision is about");
        }
        check_rationale(&self.rationale, &mut errors);
        if self.review_date > today {
            errors.add("review_date", "The review date must be today or in the past");
        }
        match (self.decision, self.contact_id) {
            (ReviewDecision::ContactToMash, None) => errors.add("decision", "A contact to the MASH must record the contact it makes"),
            (d, Some(_)) if d != ReviewDecision::ContactToMash => errors.add("decision", "Only a contact to the MASH records a contact"),
            _ => {}
        }
        errors.into_result()
    }
}
