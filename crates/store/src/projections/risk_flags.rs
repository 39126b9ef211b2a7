//! Risk flags on children's records: raised with evidence, removed with a
//! reason. Removed flags stay as rows so the record can show the history.

use super::Origin;
use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::events::EventPayload;

pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    match payload {
        EventPayload::RiskFlagRaised(e) => {
            let active = tx
                .fetch_optional(
                    "SELECT raised_seq FROM risk_flags WHERE child_id = $1 AND flag = $2 AND removed_seq IS NULL",
                    params![e.child_id.0, e.flag.code()],
                )
                .await?;
            if active.is_some() {
                return Err(StoreError::Refused(format!("The child already has an active {} flag", e.flag.label())));
            }
            tx.execute(
                "INSERT INTO risk_flags (raised_seq, child_id, flag, identified_on, evidence) VALUES ($1, $2, $3, $4, $5)",
                params![origin.seq, e.child_id.0, e.flag.code(), e.identified_on, e.evidence.as_str()],
            )
            .await?;
        }
        EventPayload::RiskFlagRemoved(e) => {
            let active = tx
                .fetch_optional(
                    "SELECT raised_seq, identified_on FROM risk_flags WHERE child_id = $1 AND flag = $2 AND removed_seq IS NULL",
                    params![e.child_id.0, e.flag.code()],
                )
                .await?
                .ok_or_else(|| StoreError::Refused(format!("The child has no active {} flag to remove", e.flag.label())))?;
            if e.removed_on < active.date("identified_on")? {
                return Err(StoreError::Refused("A flag cannot be removed before the risk was identified".to_string()));
            }
            tx.execute(
                "UPDATE risk_flags SET removed_on = $1, removal_reason = $2, removed_seq = $3 WHERE raised_seq = $4",
                params![e.removed_on, e.reason.as_str(), origin.seq, active.i64("raised_seq")?],
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}
