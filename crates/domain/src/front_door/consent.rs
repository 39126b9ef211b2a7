//! Consent to share information and make enquiries (F2): a decision cannot
//! be saved without it, and going ahead without it needs a reason and a
//! manager who agreed.

use crate::ids::UserId;
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    Given,
    Refused,
    /// Not sought, because seeking it would put the child at risk: consent
    /// is dispensed with.
    DispensedWith,
    /// Not needed: for example, the contact is about information only.
    NotRequired,
}

impl ConsentStatus {
    pub const ALL: &'static [ConsentStatus] =
        &[ConsentStatus::Given, ConsentStatus::Refused, ConsentStatus::DispensedWith, ConsentStatus::NotRequired];

    pub fn code(self) -> &'static str {
        match self {
            ConsentStatus::Given => "given",
            ConsentStatus::Refused => "refused",
            ConsentStatus::DispensedWith => "dispensed_with",
            ConsentStatus::NotRequired => "not_required",
        }
    }

    pub fn from_code(code: &str) -> Option<ConsentStatus> {
        ConsentStatus::ALL.iter().copied().find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsentStatus::Given => "Given",
            ConsentStatus::Refused => "Refused",
            ConsentStatus::DispensedWith => "Not sought: seeking it would put the child at risk",
            ConsentStatus::NotRequired => "Not required",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub status: ConsentStatus,
    /// Who gave or refused it, or why it was not sought.
    pub rationale: Option<String>,
    /// The manager who agreed to go ahead without consent.
    pub agreed_by: Option<UserId>,
}

impl ConsentRecord {
    pub fn validate(&self, errors: &mut FieldErrors) {
        let rationale = self.rationale.as_deref().map(str::trim).unwrap_or("");
        match self.status {
            ConsentStatus::DispensedWith => {
                if rationale.chars().count() < 20 {
                    errors.add("consent_rationale", "Explain why seeking consent would put the child at risk (at least 20 characters)");
                }
                if self.agreed_by.is_none() {
                    errors.add("consent_agreed_by", "Select the manager who agreed to go ahead without consent");
                }
            }
            ConsentStatus::Refused => {
                if rationale.is_empty() {
                    errors.add("consent_rationale", "Record who refused consent and how the refusal was weighed");
                }
            }
            ConsentStatus::Given | ConsentStatus::NotRequired => {}
        }
        if rationale.chars().count() > 5000 {
            errors.add("consent_rationale", "The consent note must be 5000 characters or fewer");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(status: ConsentStatus, rationale: Option<&str>, agreed: bool) -> FieldErrors {
        let mut e = FieldErrors::new();
        ConsentRecord { status, rationale: rationale.map(str::to_string), agreed_by: agreed.then(UserId::new) }.validate(&mut e);
        e
    }

    #[test]
    fn dispensing_with_consent_needs_a_reason_and_a_manager() {
        let e = check(ConsentStatus::DispensedWith, None, false);
        assert!(e.for_field("consent_rationale").is_some());
        assert!(e.for_field("consent_agreed_by").is_some());
        let e = check(ConsentStatus::DispensedWith, Some("Father is the alleged abuser; asking would alert him."), false);
        assert_eq!(e.for_field("consent_rationale"), None);
        assert!(e.for_field("consent_agreed_by").is_some());
        assert!(check(ConsentStatus::DispensedWith, Some("Father is the alleged abuser; asking would alert him."), true).is_empty());
    }

    #[test]
    fn a_refusal_must_be_recorded_and_weighed() {
        assert!(check(ConsentStatus::Refused, None, false).for_field("consent_rationale").is_some());
        assert!(check(ConsentStatus::Refused, Some("Mother refused by phone; proceeding as risk is high."), false).is_empty());
        assert!(check(ConsentStatus::Given, None, false).is_empty());
        assert!(check(ConsentStatus::NotRequired, None, false).is_empty());
    }
}
