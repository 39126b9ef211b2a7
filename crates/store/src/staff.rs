//! Reading staff accounts and teams.

use crate::db::Row;
use crate::error::StoreError;
use crate::{Store, params};
use hearth_domain::ids::{TeamId, UserId};
use hearth_domain::staff::{Role, TeamKind};

#[derive(Clone, Debug, PartialEq)]
pub struct StaffMember {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team_id: Option<TeamId>,
    pub team_name: Option<String>,
    pub job_title: Option<String>,
    pub agency: bool,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    pub team_id: TeamId,
    pub name: String,
    pub kind: TeamKind,
    pub manager_id: Option<UserId>,
    pub manager_name: Option<String>,
    pub members: i64,
}

const STAFF_SELECT: &str = "SELECT s.user_id, s.username, s.display_name, s.role, s.team_id, t.name AS team_name, \
     s.job_title, s.agency, s.active FROM staff s LEFT JOIN teams t ON t.team_id = s.team_id";

fn staff_member(r: &Row) -> Result<StaffMember, StoreError> {
    let role = r.str("role")?;
    Ok(StaffMember {
        user_id: r.uuid("user_id")?,
        username: r.str("username")?,
        display_name: r.str("display_name")?,
        role: Role::from_code(&role).ok_or_else(|| StoreError::Corrupt(format!("unknown role {role}")))?,
        team_id: r.opt_uuid("team_id")?,
        team_name: r.opt_str("team_name")?,
        job_title: r.opt_str("job_title")?,
        agency: r.bool("agency")?,
        active: r.bool("active")?,
    })
}

impl Store {
    pub async fn staff_by_username(&self, username: &str) -> Result<Option<StaffMember>, StoreError> {
        let sql = format!("{STAFF_SELECT} WHERE s.username = $1");
        self.pools().fetch_optional(&sql, params![username]).await?.as_ref().map(staff_member).transpose()
    }

    pub async fn staff_member(&self, user_id: UserId) -> Result<Option<StaffMember>, StoreError> {
        let sql = format!("{STAFF_SELECT} WHERE s.user_id = $1");
        self.pools().fetch_optional(&sql, params![user_id.0]).await?.as_ref().map(staff_member).transpose()
    }

    pub async fn list_staff(&self) -> Result<Vec<StaffMember>, StoreError> {
        let sql = format!("{STAFF_SELECT} ORDER BY s.display_name, s.username");
        self.pools().fetch_all(&sql, &[]).await?.iter().map(staff_member).collect()
    }

    pub async fn staff_count(&self) -> Result<i64, StoreError> {
        let r = self.pools().fetch_optional("SELECT COUNT(*) AS n FROM staff", &[]).await?;
        Ok(match r {
            Some(r) => r.i64("n")?,
            None => 0,
        })
    }

    pub async fn list_teams(&self) -> Result<Vec<Team>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT t.team_id, t.name, t.kind, t.manager_id, m.display_name AS manager_name, \
                 (SELECT COUNT(*) FROM staff s WHERE s.team_id = t.team_id AND s.active = $1) AS members \
                 FROM teams t LEFT JOIN staff m ON m.user_id = t.manager_id ORDER BY t.name",
                params![true],
            )
            .await?;
        rows.iter()
            .map(|r| {
                let kind = r.str("kind")?;
                Ok(Team {
                    team_id: r.uuid("team_id")?,
                    name: r.str("name")?,
                    kind: TeamKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(format!("unknown team kind {kind}")))?,
                    manager_id: r.opt_uuid("manager_id")?,
                    manager_name: r.opt_str("manager_name")?,
                    members: r.i64("members")?,
                })
            })
            .collect()
    }

    pub async fn team_exists(&self, team_id: TeamId) -> Result<bool, StoreError> {
        Ok(self.pools().fetch_optional("SELECT 1 AS x FROM teams WHERE team_id = $1", params![team_id.0]).await?.is_some())
    }

    /// The teams a user belongs to or manages: the teams whose children they know.
    pub async fn teams_of(&self, user_id: UserId) -> Result<Vec<TeamId>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT team_id FROM staff WHERE user_id = $1 AND team_id IS NOT NULL \
                 UNION SELECT team_id FROM teams WHERE manager_id = $1",
                params![user_id.0],
            )
            .await?;
        rows.iter().map(|r| r.uuid("team_id")).collect()
    }
}

impl Store {
    /// Bank holidays an administrator added beyond the shipped data.
    pub async fn added_bank_holidays(&self) -> Result<Vec<(chrono::NaiveDate, String)>, StoreError> {
        let rows = self.pools().fetch_all("SELECT holiday_date, title FROM bank_holidays_added ORDER BY holiday_date", &[]).await?;
        rows.iter().map(|r| Ok((r.date("holiday_date")?, r.str("title")?))).collect()
    }
}
