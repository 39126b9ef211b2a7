//! Police domestic-abuse notifications and their review decisions (F7). The
//! record refuses a second decision on a notification and a decision that
//! does not fit the police's risk level, inside the append's transaction,
//! so a refused decision is never recorded.

use super::Origin;
use super::staff::expect_one;
use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::events::EventPayload;
use hearth_domain::front_door::domestic_incidents::DashRisk;

pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    match payload {
        EventPayload::DomesticIncidentNotified(e) => {
            tx.insert_later(
                "INSERT INTO domestic_incidents (notification_id, batch_id, police_reference, incident_at, notified_at, dash_risk, \
                 children_present, decision, review_date, decided_at, contact_id, origin_seq)",
                "",
                params![
                    e.notification_id.0,
                    e.batch_id.0,
                    e.police_reference.trim(),
                    e.incident_at,
                    origin.occurred_at,
                    e.dash_risk.code(),
                    e.children_present.code(),
                    Option::<String>::None,
                    Option::<chrono::NaiveDate>::None,
                    Option::<chrono::DateTime<chrono::Utc>>::None,
                    Option::<String>::None,
                    origin.seq
                ]
                .to_vec(),
            );
            // Queued after the notification, so its row is written first.
            for child in &e.children {
                tx.insert_later(
                    "INSERT INTO domestic_incident_children (notification_id, child_id)",
                    "",
                    params![e.notification_id.0, child.0].to_vec(),
                );
            }
        }
        EventPayload::DomesticIncidentReviewed(e) => {
            let row = tx
                .fetch_optional(
                    "SELECT dash_risk, decision FROM domestic_incidents WHERE notification_id = $1",
                    params![e.notification_id.0],
                )
                .await?
                .ok_or_else(|| StoreError::Refused("That domestic-abuse notification does not exist".to_string()))?;
            if row.opt_str("decision")?.is_some() {
                return Err(StoreError::Refused("This notification has already been decided".to_string()));
            }
            let risk = row.str("dash_risk")?;
            let risk = DashRisk::from_code(&risk).ok_or_else(|| StoreError::Corrupt(format!("unknown DASH risk {risk}")))?;
            if !e.decision.fits(risk) {
                return Err(StoreError::Refused(format!(
                    "{} does not fit a {} risk notification",
                    e.decision.label(),
                    risk.label().to_lowercase()
                )));
            }
            expect_one(
                tx.execute(
                    "UPDATE domestic_incidents SET decision = $1, review_date = $2, decided_at = $3, contact_id = $4 \
                     WHERE notification_id = $5 AND decision IS NULL",
                    params![e.decision.code(), e.review_date, origin.occurred_at, e.contact_id.map(|c| c.0), e.notification_id.0],
                )
                .await?,
                "This notification has already been decided",
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// A corrected notification keeps its decision; what it says about the
/// incident and whom it names is replaced. A corrected decision replaces
/// the decision, under the same rule of fit with the risk level.
pub(super) async fn correct(tx: &mut Tx, replacement: &EventPayload) -> Result<(), StoreError> {
    match replacement {
        EventPayload::DomesticIncidentNotified(e) => {
            tx.execute(
                "UPDATE domestic_incidents SET police_reference = $1, incident_at = $2, dash_risk = $3, children_present = $4 \
                 WHERE notification_id = $5",
                params![e.police_reference.trim(), e.incident_at, e.dash_risk.code(), e.children_present.code(), e.notification_id.0],
            )
            .await?;
            tx.execute("DELETE FROM domestic_incident_children WHERE notification_id = $1", params![e.notification_id.0]).await?;
            for child in &e.children {
                tx.insert_later(
                    "INSERT INTO domestic_incident_children (notification_id, child_id)",
                    "",
                    params![e.notification_id.0, child.0].to_vec(),
                );
            }
        }
        EventPayload::DomesticIncidentReviewed(e) => {
            let row = tx
                .fetch_optional("SELECT dash_risk FROM domestic_incidents WHERE notification_id = $1", params![e.notification_id.0])
                .await?
                .ok_or_else(|| StoreError::Refused("That domestic-abuse notification does not exist".to_string()))?;
            let risk = row.str("dash_risk")?;
            let risk = DashRisk::from_code(&risk).ok_or_else(|| StoreError::Corrupt(format!("unknown DASH risk {risk}")))?;
            if !e.decision.fits(risk) {
                return Err(StoreError::Refused(format!(
                    "{} does not fit a {} risk notification",
                    e.decision.label(),
                    risk.label().to_lowercase()
                )));
            }
            tx.execute(
                "UPDATE domestic_incidents SET decision = $1, review_date = $2, contact_id = $3 WHERE notification_id = $4",
                params![e.decision.code(), e.review_date, e.contact_id.map(|c| c.0), e.notification_id.0],
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}
