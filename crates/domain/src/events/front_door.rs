//! The front door: contacts about children. Screening, decisions and
//! referrals build on these.

use crate::codes::ReferralSource;
use crate::ids::{ContactId, PersonId};
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
