//! The decision on a contact (F4, F5): its outcome, the threshold level
//! against the authority's threshold document, and the rationale.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    NoFurtherAction,
    InformationAndAdvice,
    EarlyHelp,
    /// Referral to children's social care for assessment.
    Referral,
    StrategyDiscussion,
    /// The child already has an open case: the contact is added to it.
    AlreadyOpen,
}

impl ContactOutcome {
    pub const ALL: &'static [ContactOutcome] = &[
        ContactOutcome::NoFurtherAction,
        ContactOutcome::InformationAndAdvice,
        ContactOutcome::EarlyHelp,
        ContactOutcome::Referral,
        ContactOutcome::StrategyDiscussion,
        ContactOutcome::AlreadyOpen,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ContactOutcome::NoFurtherAction => "nfa",
            ContactOutcome::InformationAndAdvice => "information_and_advice",
            ContactOutcome::EarlyHelp => "early_help",
            ContactOutcome::Referral => "referral",
            ContactOutcome::StrategyDiscussion => "strategy_discussion",
            ContactOutcome::AlreadyOpen => "already_open",
        }
    }

    pub fn from_code(code: &str) -> Option<ContactOutcome> {
        ContactOutcome::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactOutcome::NoFurtherAction => "No further action",
            ContactOutcome::InformationAndAdvice => "Information and advice",
            ContactOutcome::EarlyHelp => "Early help",
            ContactOutcome::Referral => "Referral to children's social care for assessment",
            ContactOutcome::StrategyDiscussion => "Strategy discussion",
            ContactOutcome::AlreadyOpen => "Already open: add to the case",
        }
    }

    /// Outcomes where children's social care goes on working with the family.
    pub fn continues_involvement(self) -> bool {
        matches!(self, ContactOutcome::Referral | ContactOutcome::StrategyDiscussion | ContactOutcome::AlreadyOpen)
    }
}

/// The level of need in the authority's threshold document (the common
/// four-level model: universal, early help, targeted, specialist/statutory).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ThresholdLevel {
    #[serde(rename = "1")]
    Universal,
    #[serde(rename = "2")]
    EarlyHelp,
    #[serde(rename = "3")]
    Targeted,
    #[serde(rename = "4")]
    Specialist,
}

impl ThresholdLevel {
    pub const ALL: &'static [ThresholdLevel] =
        &[ThresholdLevel::Universal, ThresholdLevel::EarlyHelp, ThresholdLevel::Targeted, ThresholdLevel::Specialist];

    pub fn code(self) -> &'static str {
        match self {
            ThresholdLevel::Universal => "1",
            ThresholdLevel::EarlyHelp => "2",
            ThresholdLevel::Targeted => "3",
            ThresholdLevel::Specialist => "4",
        }
    }

    pub fn from_code(code: &str) -> Option<ThresholdLevel> {
        ThresholdLevel::ALL.iter().copied().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ThresholdLevel::Universal => "Level 1: universal services",
            ThresholdLevel::EarlyHelp => "Level 2: early help",
            ThresholdLevel::Targeted => "Level 3: targeted support (child in need)",
            ThresholdLevel::Specialist => "Level 4: specialist or statutory (child protection)",
        }
    }

    /// Whether an outcome fits the level: a level 4 concern is not closed
    /// with advice, and a level 1 need is not referred for assessment.
    pub fn fits(self, outcome: ContactOutcome) -> bool {
        use ContactOutcome::*;
        match self {
            ThresholdLevel::Universal => matches!(outcome, NoFurtherAction | InformationAndAdvice | AlreadyOpen),
            ThresholdLevel::EarlyHelp => matches!(outcome, InformationAndAdvice | EarlyHelp | AlreadyOpen | NoFurtherAction),
            ThresholdLevel::Targeted => matches!(outcome, Referral | EarlyHelp | AlreadyOpen),
            ThresholdLevel::Specialist => matches!(outcome, Referral | StrategyDiscussion | AlreadyOpen),
        }
    }
}

/// How a threshold disagreement between teams ended (F5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationOutcome {
    DecisionStands,
    DecisionChanged,
    Compromise,
}

impl EscalationOutcome {
    pub const ALL: &'static [EscalationOutcome] =
        &[EscalationOutcome::DecisionStands, EscalationOutcome::DecisionChanged, EscalationOutcome::Compromise];

    pub fn code(self) -> &'static str {
        match self {
            EscalationOutcome::DecisionStands => "decision_stands",
            EscalationOutcome::DecisionChanged => "decision_changed",
            EscalationOutcome::Compromise => "compromise",
        }
    }

    pub fn from_code(code: &str) -> Option<EscalationOutcome> {
        EscalationOutcome::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            EscalationOutcome::DecisionStands => "The original decision stands",
            EscalationOutcome::DecisionChanged => "The decision was changed",
            EscalationOutcome::Compromise => "An agreed way forward between the teams",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_must_fit_the_threshold() {
        assert!(ThresholdLevel::Specialist.fits(ContactOutcome::StrategyDiscussion));
        assert!(!ThresholdLevel::Specialist.fits(ContactOutcome::InformationAndAdvice));
        assert!(!ThresholdLevel::Universal.fits(ContactOutcome::Referral));
        assert!(ThresholdLevel::Targeted.fits(ContactOutcome::Referral));
        for o in ContactOutcome::ALL {
            assert_eq!(ContactOutcome::from_code(o.code()), Some(*o));
        }
        assert_eq!(serde_json::to_string(&ThresholdLevel::Targeted).unwrap(), "\"3\"");
    }
}
