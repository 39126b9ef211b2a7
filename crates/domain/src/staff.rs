//! Staff, teams and roles.

use serde::{Deserialize, Serialize};

/// What a member of staff does; it decides what they may see and do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Practitioner,
    TeamManager,
    ServiceManager,
    MashWorker,
    /// Independent reviewing officer or child protection conference chair.
    Iro,
    QaAuditor,
    PerformanceAnalyst,
    Administrator,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Practitioner,
        Role::TeamManager,
        Role::ServiceManager,
        Role::MashWorker,
        Role::Iro,
        Role::QaAuditor,
        Role::PerformanceAnalyst,
        Role::Administrator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Practitioner => "practitioner",
            Role::TeamManager => "team_manager",
            Role::ServiceManager => "service_manager",
            Role::MashWorker => "mash_worker",
            Role::Iro => "iro",
            Role::QaAuditor => "qa_auditor",
            Role::PerformanceAnalyst => "performance_analyst",
            Role::Administrator => "administrator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Practitioner => "Social worker / practitioner",
            Role::TeamManager => "Team manager",
            Role::ServiceManager => "Service manager",
            Role::MashWorker => "MASH worker",
            Role::Iro => "IRO / CP chair",
            Role::QaAuditor => "Quality assurance auditor",
            Role::PerformanceAnalyst => "Performance analyst",
            Role::Administrator => "Administrator",
        }
    }

    /// Managers oversee others' work: they see who viewed a child and the
    /// break-glass list.
    pub fn is_manager(self) -> bool {
        matches!(self, Role::TeamManager | Role::ServiceManager)
    }
}

/// The kind of a team, following how English children's services are organised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamKind {
    Mash,
    Assessment,
    #[serde(rename = "cin_cp")]
    ChildInNeedChildProtection,
    ChildrenInCare,
    CareLeavers,
    EarlyHelp,
    IroConference,
    QualityAssurance,
    OutOfHours,
    Performance,
    Administration,
}

impl TeamKind {
    pub const ALL: &'static [TeamKind] = &[
        TeamKind::Mash,
        TeamKind::Assessment,
        TeamKind::ChildInNeedChildProtection,
        TeamKind::ChildrenInCare,
        TeamKind::CareLeavers,
        TeamKind::EarlyHelp,
        TeamKind::IroConference,
        TeamKind::QualityAssurance,
        TeamKind::OutOfHours,
        TeamKind::Performance,
        TeamKind::Administration,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TeamKind::Mash => "mash",
            TeamKind::Assessment => "assessment",
            TeamKind::ChildInNeedChildProtection => "cin_cp",
            TeamKind::ChildrenInCare => "children_in_care",
            TeamKind::CareLeavers => "care_leavers",
            TeamKind::EarlyHelp => "early_help",
            TeamKind::IroConference => "iro_conference",
            TeamKind::QualityAssurance => "quality_assurance",
            TeamKind::OutOfHours => "out_of_hours",
            TeamKind::Performance => "performance",
            TeamKind::Administration => "administration",
        }
    }

    pub fn from_code(code: &str) -> Option<TeamKind> {
        TeamKind::ALL.iter().copied().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            TeamKind::Mash => "MASH (front door)",
            TeamKind::Assessment => "Assessment",
            TeamKind::ChildInNeedChildProtection => "Child in need and child protection",
            TeamKind::ChildrenInCare => "Children in care",
            TeamKind::CareLeavers => "Care leavers",
            TeamKind::EarlyHelp => "Early help",
            TeamKind::IroConference => "IRO and conference service",
            TeamKind::QualityAssurance => "Quality assurance",
            TeamKind::OutOfHours => "Out of hours",
            TeamKind::Performance => "Performance and data",
            TeamKind::Administration => "Administration",
        }
    }
}

/// A username: lower-case letters, digits, dots, hyphens and underscores,
/// 3 to 64 characters, so it is safe in URLs, logs and audit lists.
pub fn valid_username(s: &str) -> bool {
    (3..=64).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && s.as_bytes()[0].is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(*r));
            assert_eq!(serde_json::to_string(r).unwrap(), format!("\"{}\"", r.code()));
        }
        for k in TeamKind::ALL {
            assert_eq!(TeamKind::from_code(k.code()), Some(*k));
            assert_eq!(serde_json::to_string(k).unwrap(), format!("\"{}\"", k.code()));
        }
    }

    #[test]
    fn usernames() {
        assert!(valid_username("sw.demo"));
        assert!(valid_username("j_smith-2"));
        assert!(!valid_username("ab"));
        assert!(!valid_username("Jane"));
        assert!(!valid_username(".hidden"));
        assert!(!valid_username("a b c"));
    }
}
