//! Children-in-need episodes. A child has at most one open episode: a new
//! concern about a child already open is added to the case, not referred
//! again.

use super::Origin;
use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::events::EventPayload;
use hearth_domain::front_door::referrals_in_previous_12_months;

pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    if let EventPayload::ReferralClosed(e) = payload {
        let open = tx
            .fetch_optional(
                "SELECT referral_date FROM referrals WHERE referral_id = $1 AND child_id = $2 AND closed_on IS NULL",
                params![e.referral_id.0, e.child_id.0],
            )
            .await?
            .ok_or_else(|| StoreError::Refused("That referral is not open".to_string()))?;
        if e.closed_on < open.date("referral_date")? {
            return Err(StoreError::Refused("An episode cannot close before its referral date".to_string()));
        }
        tx.execute(
            "UPDATE referrals SET closed_on = $1, closure_reason = $2 WHERE referral_id = $3",
            params![e.closed_on, e.reason.code(), e.referral_id.0],
        )
        .await?;
    }
    if let EventPayload::PrimaryNeedRecorded(e) = payload {
        let changed = tx
            .execute(
                "UPDATE referrals SET primary_need = $1 WHERE referral_id = $2 AND child_id = $3",
                params![e.primary_need.code(), e.referral_id.0, e.child_id.0],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::Refused("That children in need episode does not exist for this child".to_string()));
        }
    }
    if let EventPayload::ReferralOpened(e) = payload {
        let earlier = tx
            .fetch_all("SELECT referral_date, closed_on FROM referrals WHERE child_id = $1", params![e.child_id.0])
            .await?;
        let mut dates = Vec::with_capacity(earlier.len());
        for r in &earlier {
            if r.opt_date("closed_on")?.is_none() {
                return Err(StoreError::Refused(
                    "The child already has an open referral: add the contact to the open case instead".to_string(),
                ));
            }
            dates.push(r.date("referral_date")?);
        }
        let prior = referrals_in_previous_12_months(&dates, e.referral_date) as i64;
        tx.execute(
            "INSERT INTO referrals (referral_id, child_id, contact_id, referral_date, source, prior_12_months, origin_seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            params![e.referral_id.0, e.child_id.0, e.contact_id.map(|c| c.0), e.referral_date, e.source.code(), prior, origin.seq],
        )
        .await?;
    }
    Ok(())
}
