//! Risk flags raised on and removed from a child's record (F12).

use crate::ids::PersonId;
use crate::risk_flags::{RiskFlag, validate_raise, validate_remove};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A risk is flagged on the child's record, with the evidence for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskFlagRaised {
    pub child_id: PersonId,
    pub flag: RiskFlag,
    pub identified_on: NaiveDate,
    pub evidence: String,
}

impl RiskFlagRaised {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        validate_raise(self.identified_on, &self.evidence, today)
    }
}

/// A flagged risk no longer applies; the flag's history stays in the chronology.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskFlagRemoved {
    pub child_id: PersonId,
    pub flag: RiskFlag,
    pub removed_on: NaiveDate,
    pub reason: String,
}

impl RiskFlagRemoved {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        validate_remove(self.removed_on, &self.reason, today)
    }
}
