//! Reading risk flags: a child's flags with their history, and the active
//! flags of many children at once for lists.

use crate::db::Value;
use crate::error::StoreError;
use crate::{Store, params};
use chrono::NaiveDate;
use hearth_domain::ids::PersonId;
use hearth_domain::risk_flags::RiskFlag;
use std::collections::HashMap;

/// One flag as the child's record shows it, active or removed.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskFlagEntry {
    pub flag: RiskFlag,
    pub identified_on: NaiveDate,
    pub evidence: String,
    pub raised_by: String,
    pub removed_on: Option<NaiveDate>,
    pub removal_reason: Option<String>,
}

impl RiskFlagEntry {
    pub fn is_active(&self) -> bool {
        self.removed_on.is_none()
    }
}

impl Store {
    /// Every flag the child has had: active first (headline risks before
    /// census factors), then removed ones, newest first.
    pub async fn risk_flags_of(&self, child: PersonId) -> Result<Vec<RiskFlagEntry>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT f.flag, f.identified_on, f.evidence, f.removed_on, f.removal_reason, \
                 COALESCE(s.display_name, 'Hearth') AS raised_by \
                 FROM risk_flags f JOIN events e ON e.seq = f.raised_seq LEFT JOIN staff s ON s.user_id = e.recorded_by \
                 WHERE f.child_id = $1 ORDER BY f.identified_on DESC, f.raised_seq DESC",
                params![child.0],
            )
            .await?;
        let mut flags = Vec::with_capacity(rows.len());
        for r in &rows {
            // A code this version does not know is skipped, not fatal: the
            // record must still open.
            let Some(flag) = RiskFlag::from_code(&r.str("flag")?) else { continue };
            flags.push(RiskFlagEntry {
                flag,
                identified_on: r.date("identified_on")?,
                evidence: r.str("evidence")?,
                raised_by: r.str("raised_by")?,
                removed_on: r.opt_date("removed_on")?,
                removal_reason: r.opt_str("removal_reason")?,
            });
        }
        flags.sort_by_key(|f| (!f.is_active(), !f.flag.is_headline()));
        Ok(flags)
    }

    /// The active flags of each of the given children, for lists.
    pub async fn active_risk_flags(&self, children: &[PersonId]) -> Result<HashMap<PersonId, Vec<RiskFlag>>, StoreError> {
        let mut by_child: HashMap<PersonId, Vec<RiskFlag>> = HashMap::new();
        // Chunked so the statement stays within both databases' parameter limits.
        for chunk in children.chunks(500) {
            let values: Vec<Value> = chunk.iter().map(|c| Value::from(c.0)).collect();
            let rows = self
                .pools()
                .fetch_all(
                    &format!(
                        "SELECT child_id, flag FROM risk_flags WHERE removed_seq IS NULL AND child_id IN ({})",
                        crate::db::placeholders(1, chunk.len())
                    ),
                    &values,
                )
                .await?;
            for r in &rows {
                if let Some(flag) = RiskFlag::from_code(&r.str("flag")?) {
                    by_child.entry(r.uuid("child_id")?).or_default().push(flag);
                }
            }
        }
        for flags in by_child.values_mut() {
            flags.sort();
        }
        Ok(by_child)
    }
}
