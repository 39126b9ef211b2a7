//! Children in need: the referral that opens an episode (CIN census
//! `CINdetails`), and later its assessment, plans and closure.

use crate::codes::{ClosureReason, PrimaryNeed, ReferralSource};
use crate::ids::{ContactId, PersonId, ReferralId};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A referral to children's social care: it opens a children-in-need
/// episode. Recorded when a contact's referral decision is authorised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferralOpened {
    pub referral_id: ReferralId,
    pub child_id: PersonId,
    /// The contact it came from, when it came through the front door.
    pub contact_id: Option<ContactId>,
    /// The census `CINreferralDate`: the 45-working-day assessment clock runs from it.
    pub referral_date: NaiveDate,
    pub source: ReferralSource,
}

impl ReferralOpened {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.referral_date > today {
            errors.add("referral_date", "The referral date must be today or in the past");
        }
        errors.into_result()
    }
}

/// A children-in-need episode closes (census `CINclosureDate`, `ReasonForClosure`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferralClosed {
    pub referral_id: ReferralId,
    pub child_id: PersonId,
    pub closed_on: NaiveDate,
    pub reason: ClosureReason,
}

impl ReferralClosed {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.closed_on > today {
            errors.add("closed_on", "The closure date must be today or in the past");
        }
        errors.into_result()
    }
}

/// The episode's primary need (census `PrimaryNeedCode`), recorded once it
/// is known, usually at the end of the assessment. A later record replaces
/// it for the census; both stay in the chronology.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrimaryNeedRecorded {
    pub referral_id: ReferralId,
    pub child_id: PersonId,
    pub primary_need: PrimaryNeed,
}
