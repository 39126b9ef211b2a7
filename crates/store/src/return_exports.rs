//! The record of statutory returns produced: what, for which period, as
//! at which moment, by whom, and a hash of the bytes. Making a return
//! again for the same moment must give the same hash; the returns screen
//! shows each earlier run beside the corrections recorded since it.

use crate::error::StoreError;
use crate::{Store, params};
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::ids::UserId;

#[derive(Clone, Debug, PartialEq)]
pub struct ReturnExport {
    pub generated_at: DateTime<Utc>,
    pub generated_by: UserId,
    /// `cin`, `903`, `annex-a` or `dfe-api`.
    pub kind: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub as_at: DateTime<Utc>,
    pub sha256: String,
    pub size_bytes: i64,
    pub children: i64,
    pub errors: i64,
    pub queries: i64,
}

/// An earlier run, with who made it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnExportView {
    pub export: ReturnExport,
    pub generated_by_name: String,
}

impl Store {
    pub async fn record_return_export(&self, e: &ReturnExport) -> Result<(), StoreError> {
        self.pools()
            .execute(
                "INSERT INTO return_exports (generated_at, generated_by, kind, period_from, period_to, as_at, sha256, \
                 size_bytes, children, errors, queries) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                params![
                    e.generated_at,
                    e.generated_by.0,
                    e.kind.as_str(),
                    e.period_from,
                    e.period_to,
                    e.as_at,
                    e.sha256.as_str(),
                    e.size_bytes,
                    e.children,
                    e.errors,
                    e.queries
                ],
            )
            .await?;
        Ok(())
    }

    /// Earlier runs of one return, newest first (`kind` `None` for every return).
    pub async fn return_exports(&self, kind: Option<&str>, limit: i64) -> Result<Vec<ReturnExportView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT r.generated_at, r.generated_by, r.kind, r.period_from, r.period_to, r.as_at, r.sha256, r.size_bytes, \
                 r.children, r.errors, r.queries, COALESCE(s.display_name, '(system)') AS generated_by_name \
                 FROM return_exports r LEFT JOIN staff s ON s.user_id = r.generated_by \
                 WHERE ($1 IS NULL OR r.kind = $1) ORDER BY r.id DESC LIMIT $2",
                params![kind, limit],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ReturnExportView {
                    export: ReturnExport {
                        generated_at: r.timestamp("generated_at")?,
                        generated_by: r.uuid("generated_by")?,
                        kind: r.str("kind")?,
                        period_from: r.date("period_from")?,
                        period_to: r.date("period_to")?,
                        as_at: r.timestamp("as_at")?,
                        sha256: r.str("sha256")?,
                        size_bytes: r.i64("size_bytes")?,
                        children: r.i64("children")?,
                        errors: r.i64("errors")?,
                        queries: r.i64("queries")?,
                    },
                    generated_by_name: r.str("generated_by_name")?,
                })
            })
            .collect()
    }
}
