//! Events about staff accounts and teams. Passwords are not events: they
//! live in the credentials table so an old hash never sits in the log.

use crate::ids::{TeamId, UserId};
use crate::staff::{Role, TeamKind, valid_username};
use crate::validation::FieldErrors;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamCreated {
    pub team_id: TeamId,
    pub name: String,
    pub kind: TeamKind,
    /// The service area or parent team, for service managers' views.
    pub parent_team_id: Option<TeamId>,
}

impl TeamCreated {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("name", &self.name, "the team's name", 120);
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamManagerAssigned {
    pub team_id: TeamId,
    pub manager_id: UserId,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffAccountCreated {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team_id: Option<TeamId>,
    pub job_title: Option<String>,
    /// Agency (locum) staff: churn is a workforce measure (F32).
    #[serde(default)]
    pub agency: bool,
}

impl StaffAccountCreated {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !valid_username(&self.username) {
            errors.add(
                "username",
                "Enter a username of 3 to 64 characters: lower-case letters, numbers, dots, hyphens or underscores",
            );
        }
        errors.require_text("display_name", &self.display_name, "the person's full name", 120);
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffRoleChanged {
    pub user_id: UserId,
    pub role: Role,
    pub team_id: Option<TeamId>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffAccountDisabled {
    pub user_id: UserId,
    pub reason: String,
}

impl StaffAccountDisabled {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("reason", &self.reason, "why the account is disabled", 500);
        errors.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffAccountEnabled {
    pub user_id: UserId,
}

/// One team's duty rota for one day: who is on duty and which manager is
/// the duty manager. Setting a day again replaces it; the log keeps every
/// version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DutyRotaSet {
    pub team_id: TeamId,
    pub date: chrono::NaiveDate,
    pub duty_workers: Vec<UserId>,
    pub duty_manager: Option<UserId>,
}

impl DutyRotaSet {
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<(), FieldErrors> {
        crate::front_door::duty_rota::validate_day(self.date, &self.duty_workers, today)
    }
}
