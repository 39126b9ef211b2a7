use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::events::EventPayload;

pub(super) async fn apply(tx: &mut Tx, origin_seq: i64, payload: &EventPayload) -> Result<(), StoreError> {
    match payload {
        EventPayload::TeamCreated(e) => {
            tx.execute(
                "INSERT INTO teams (team_id, name, kind, parent_team_id, manager_id, origin_seq) VALUES ($1, $2, $3, $4, NULL, $5)",
                params![e.team_id.0, &e.name, e.kind.code(), e.parent_team_id.map(|t| t.0), origin_seq],
            )
            .await
            .map_err(|err| conflict(err, "A team with that id already exists"))?;
        }
        EventPayload::DutyRotaSet(e) => {
            if tx.fetch_optional("SELECT 1 AS one FROM teams WHERE team_id = $1", params![e.team_id.0]).await?.is_none() {
                return Err(StoreError::Refused("The team does not exist".to_string()));
            }
            for user in e.duty_workers.iter().chain(e.duty_manager.iter()) {
                let active = tx.fetch_optional("SELECT active FROM staff WHERE user_id = $1", params![user.0]).await?;
                match active {
                    Some(r) if r.bool("active")? => {}
                    Some(_) => return Err(StoreError::Refused("A disabled account cannot be put on the duty rota".to_string())),
                    None => return Err(StoreError::Refused("Everyone on the duty rota must have a Hearth account".to_string())),
                }
            }
            tx.execute("DELETE FROM duty_rota WHERE team_id = $1 AND rota_date = $2", params![e.team_id.0, e.date]).await?;
            let on_duty = e.duty_workers.iter().map(|u| (u, "worker")).chain(e.duty_manager.iter().map(|u| (u, "manager")));
            for (user, role) in on_duty {
                tx.execute(
                    "INSERT INTO duty_rota (team_id, rota_date, user_id, duty_role, origin_seq) VALUES ($1, $2, $3, $4, $5)",
                    params![e.team_id.0, e.date, user.0, role, origin_seq],
                )
                .await?;
            }
        }
        EventPayload::TeamManagerAssigned(e) => {
            expect_one(
                tx.execute("UPDATE teams SET manager_id = $1 WHERE team_id = $2", params![e.manager_id.0, e.team_id.0]).await?,
                "The team does not exist",
            )?;
        }
        EventPayload::StaffAccountCreated(e) => {
            tx.execute(
                "INSERT INTO staff (user_id, username, display_name, role, team_id, job_title, agency, active, origin_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                params![
                    e.user_id.0,
                    &e.username,
                    &e.display_name,
                    e.role.code(),
                    e.team_id.map(|t| t.0),
                    e.job_title.clone(),
                    e.agency,
                    true,
                    origin_seq
                ],
            )
            .await
            .map_err(|err| conflict(err, "That username is already taken"))?;
        }
        EventPayload::StaffRoleChanged(e) => {
            expect_one(
                tx.execute(
                    "UPDATE staff SET role = $1, team_id = $2 WHERE user_id = $3",
                    params![e.role.code(), e.team_id.map(|t| t.0), e.user_id.0],
                )
                .await?,
                "The account does not exist",
            )?;
        }
        EventPayload::StaffAccountDisabled(e) => {
            expect_one(
                tx.execute("UPDATE staff SET active = $1 WHERE user_id = $2", params![false, e.user_id.0]).await?,
                "The account does not exist",
            )?;
        }
        EventPayload::StaffAccountEnabled(e) => {
            expect_one(
                tx.execute("UPDATE staff SET active = $1 WHERE user_id = $2", params![true, e.user_id.0]).await?,
                "The account does not exist",
            )?;
        }
        _ => {}
    }
    Ok(())
}

fn conflict(err: StoreError, message: &str) -> StoreError {
    if err.is_unique_violation() { StoreError::Conflict(message.to_string()) } else { err }
}

pub(super) fn expect_one(rows: u64, message: &str) -> Result<(), StoreError> {
    if rows == 1 { Ok(()) } else { Err(StoreError::Refused(message.to_string())) }
}
