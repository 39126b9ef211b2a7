//! Reading the front door's duty rota.

use crate::error::StoreError;
use crate::{Store, params};
use chrono::NaiveDate;
use hearth_domain::ids::{TeamId, UserId};

/// One person on duty for one team on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct DutyEntry {
    pub team_id: TeamId,
    pub date: NaiveDate,
    pub user_id: UserId,
    pub display_name: String,
    /// True for the duty manager, false for a duty worker.
    pub is_manager: bool,
}

impl Store {
    /// Everyone on duty from `from` to `to` inclusive, by day, team and name.
    pub async fn duty_rota(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DutyEntry>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT d.team_id, d.rota_date, d.user_id, s.display_name, d.duty_role FROM duty_rota d \
                 JOIN staff s ON s.user_id = d.user_id \
                 WHERE d.rota_date >= $1 AND d.rota_date <= $2 ORDER BY d.rota_date, d.team_id, d.duty_role DESC, s.display_name",
                params![from, to],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(DutyEntry {
                    team_id: r.uuid("team_id")?,
                    date: r.date("rota_date")?,
                    user_id: r.uuid("user_id")?,
                    display_name: r.str("display_name")?,
                    is_manager: r.str("duty_role")? == "manager",
                })
            })
            .collect()
    }
}
