//! Multi-agency checks (F3): each requested check is tracked, and a contact
//! cannot close while one is neither done nor explained.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agency {
    Police,
    Health,
    Education,
    Probation,
    Housing,
    OtherLocalAuthority,
    Other,
}

impl Agency {
    pub const ALL: &'static [Agency] = &[
        Agency::Police,
        Agency::Health,
        Agency::Education,
        Agency::Probation,
        Agency::Housing,
        Agency::OtherLocalAuthority,
        Agency::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Agency::Police => "police",
            Agency::Health => "health",
            Agency::Education => "education",
            Agency::Probation => "probation",
            Agency::Housing => "housing",
            Agency::OtherLocalAuthority => "other_la",
            Agency::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Agency> {
        Agency::ALL.iter().copied().find(|a| a.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Agency::Police => "Police",
            Agency::Health => "Health",
            Agency::Education => "Education",
            Agency::Probation => "Probation",
            Agency::Housing => "Housing",
            Agency::OtherLocalAuthority => "Another local authority",
            Agency::Other => "Other",
        }
    }
}

/// Where a requested check stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    Requested,
    Completed,
    /// Not done, with a recorded reason (the agency did not reply in time,
    /// the check was no longer needed...).
    NotCompleted,
}

/// The checks that stop a contact closing: requested and still open.
pub fn unresolved_checks<T: Copy>(checks: &[(T, CheckState)]) -> Vec<T> {
    checks.iter().filter(|(_, s)| *s == CheckState::Requested).map(|(id, _)| *id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_open_checks_block_closing() {
        let checks = [(1, CheckState::Completed), (2, CheckState::Requested), (3, CheckState::NotCompleted)];
        assert_eq!(unresolved_checks(&checks), vec![2]);
        assert!(unresolved_checks::<i32>(&[]).is_empty());
        for a in Agency::ALL {
            assert_eq!(Agency::from_code(a.code()), Some(*a));
        }
    }
}
