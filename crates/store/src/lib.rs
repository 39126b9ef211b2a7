//! Hearth's store: the append-only, hash-chained event log, the projections
//! derived from it in the same transaction, and the queries the screens use,
//! on SQLite (the embedded default) and PostgreSQL (the scale path).
//!
//! The rest of Hearth sees only `Store`; which database sits behind it is
//! decided by the URL it is opened with.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod access_log;
pub mod assessments;
pub mod auth;
pub mod care;
pub mod children;
pub mod child_protection;
pub mod chronology;
pub mod clocks;
pub mod cp_plans;
pub mod dashboard;
pub mod early_help;
pub mod db;
pub mod duty_rota;
pub mod domestic_incidents;
pub mod front_door;
mod error;
pub mod log;
mod migrate;
pub mod person_events;
pub mod proceedings;
mod projections;
pub mod return_exports;
pub mod risk_flags;
pub mod staff;
pub mod work;

pub use db::Backend;
pub use error::StoreError;
pub use log::{ChainProblem, GENESIS_HASH, RecordedEvent, VerifyReport};

use chrono::{DateTime, Utc};
use db::{Pools, Row, Value};
use hearth_domain::events::NewEvent;
use hearth_domain::ids::UserId;
use std::path::{Path, PathBuf};

/// Where the record lives: a SQLite file, or a PostgreSQL database (with an
/// optional schema, which the tests use to keep runs apart).
#[derive(Clone, Debug)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres { url: String, schema: Option<String> },
}

impl Location {
    /// `postgres://…` selects PostgreSQL; `sqlite://path` or a plain path selects SQLite.
    pub fn parse(url_or_path: &str) -> Location {
        if url_or_path.starts_with("postgres://") || url_or_path.starts_with("postgresql://") {
            Location::Postgres { url: url_or_path.to_string(), schema: None }
        } else {
            let path = url_or_path.strip_prefix("sqlite://").unwrap_or(url_or_path);
            Location::Sqlite(PathBuf::from(path))
        }
    }

    /// The default: `hearth.db` in the data directory.
    pub fn in_data_dir(dir: &Path) -> Location {
        Location::Sqlite(dir.join("hearth.db"))
    }
}

/// The user the system records events as when no person did (migrations,
/// the synthetic authority's history, set-up).
pub const SYSTEM_USER: UserId = UserId(uuid::Uuid::from_u128(0));

#[derive(Clone)]
pub struct Store {
    pools: Pools,
}

impl Store {
    /// Opens the store and brings its schema up to date.
    pub async fn open(location: &Location) -> Result<Store, StoreError> {
        let pools = match location {
            Location::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| StoreError::Config(format!("cannot create data directory {}: {e}", dir.display())))?;
                }
                Pools::open_sqlite(path).await?
            }
            Location::Postgres { url, schema } => Pools::open_postgres(url, schema.as_deref()).await?,
        };
        let store = Store { pools };
        store.migrate().await?;
        Ok(store)
    }

    /// A bare PostgreSQL connection with no migrations, for creating and
    /// dropping test schemas.
    #[doc(hidden)]
    pub async fn open_admin(url: &str) -> Result<Store, StoreError> {
        Ok(Store { pools: Pools::open_postgres(url, None).await? })
    }

    /// Applies pending migrations; returns how many ran.
    pub async fn migrate(&self) -> Result<usize, StoreError> {
        migrate::run(&self.pools).await
    }

    pub fn backend(&self) -> Backend {
        self.pools.backend()
    }

    pub async fn close(&self) {
        self.pools.close().await;
    }

    /// Appends events and updates every projection in one transaction: all
    /// of it is recorded, or none.
    pub async fn append(&self, recorded_by: UserId, events: Vec<NewEvent>) -> Result<Vec<RecordedEvent>, StoreError> {
        self.append_at(recorded_by, events, Utc::now()).await
    }

    /// As `append`, with the recording time given (for tests and imports).
    pub async fn append_at(
        &self,
        recorded_by: UserId,
        events: Vec<NewEvent>,
        now: DateTime<Utc>,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.pools.begin_write().await?;
        let recorded = log::append_in(&mut tx, recorded_by, events, now).await?;
        tx.commit().await?;
        Ok(recorded)
    }

    pub async fn event_count(&self) -> Result<i64, StoreError> {
        let row = self.pools.fetch_optional("SELECT COUNT(*) AS n FROM events", &[]).await?;
        Ok(match row {
            Some(r) => r.i64("n")?,
            None => 0,
        })
    }

    /// Events in sequence order after `after_seq`.
    pub async fn events_after(&self, after_seq: i64, limit: i64) -> Result<Vec<RecordedEvent>, StoreError> {
        let rows = self
            .pools
            .fetch_all(
                &format!("SELECT {} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2", log::EVENT_COLUMNS),
                params![after_seq, limit],
            )
            .await?;
        rows.iter().map(log::event_from_row).collect()
    }

    /// Events recorded at or before `as_at`, in sequence order, after
    /// `after_seq`: what Hearth knew at that moment, read in pages. Returns
    /// "as at" a past date are folded from these.
    pub async fn events_known_at(&self, as_at: DateTime<Utc>, after_seq: i64, limit: i64) -> Result<Vec<RecordedEvent>, StoreError> {
        let rows = self
            .pools
            .fetch_all(
                &format!("SELECT {} FROM events WHERE seq > $1 AND recorded_at <= $2 ORDER BY seq LIMIT $3", log::EVENT_COLUMNS),
                params![after_seq, as_at, limit],
            )
            .await?;
        rows.iter().map(log::event_from_row).collect()
    }

    /// The newest event's sequence number and when it was recorded.
    pub async fn newest_event_mark(&self) -> Result<Option<(i64, DateTime<Utc>)>, StoreError> {
        let row = self.pools.fetch_optional("SELECT seq, recorded_at FROM events ORDER BY seq DESC LIMIT 1", &[]).await?;
        row.map(|r| Ok((r.i64("seq")?, r.timestamp("recorded_at")?))).transpose()
    }

    /// Corrections recorded after `after`, oldest first: what a return
    /// generated as at `after` could not yet have included.
    pub async fn corrections_recorded_after(&self, after: DateTime<Utc>) -> Result<Vec<RecordedEvent>, StoreError> {
        let rows = self
            .pools
            .fetch_all(
                &format!("SELECT {} FROM events WHERE recorded_at > $1 AND corrects IS NOT NULL ORDER BY seq", log::EVENT_COLUMNS),
                params![after],
            )
            .await?;
        rows.iter().map(log::event_from_row).collect()
    }

    pub async fn event(&self, event_id: hearth_domain::ids::EventId) -> Result<Option<RecordedEvent>, StoreError> {
        let row = self
            .pools
            .fetch_optional(&format!("SELECT {} FROM events WHERE event_id = $1", log::EVENT_COLUMNS), params![event_id.0])
            .await?;
        row.as_ref().map(log::event_from_row).transpose()
    }

    /// Walks the whole chain and reports the first event that does not
    /// match its hash or its place.
    pub async fn verify(&self, progress: &mut dyn FnMut(i64, i64)) -> Result<VerifyReport, StoreError> {
        let total = self.pools.fetch_optional("SELECT COALESCE(MAX(seq), 0) AS n FROM events", &[]).await?;
        let total = match total {
            Some(r) => r.i64("n")?,
            None => 0,
        };
        const PAGE: i64 = 5_000;
        let mut prev_hash = GENESIS_HASH.to_string();
        let mut expected_seq = 1;
        let mut checked = 0u64;
        loop {
            let rows = self
                .pools
                .fetch_all(
                    &format!("SELECT {} FROM events WHERE seq >= $1 ORDER BY seq LIMIT $2", log::EVENT_COLUMNS),
                    params![expected_seq, PAGE],
                )
                .await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                match log::check_row(row, expected_seq, &prev_hash)? {
                    Ok(hash) => {
                        prev_hash = hash;
                        expected_seq += 1;
                        checked += 1;
                    }
                    Err(problem) => {
                        return Ok(VerifyReport { events_checked: checked, last_seq: expected_seq - 1, first_problem: Some(problem) });
                    }
                }
            }
            progress(expected_seq - 1, total);
        }
        Ok(VerifyReport { events_checked: checked, last_seq: expected_seq - 1, first_problem: None })
    }

    /// Recomputes every projection from the log; returns the last sequence applied.
    pub async fn rebuild(&self, progress: &mut dyn FnMut(i64, i64)) -> Result<i64, StoreError> {
        let mut tx = self.pools.begin_write().await?;
        let last = projections::rebuild(&mut tx, progress).await?;
        tx.commit().await?;
        Ok(last)
    }

    /// Every projection table's rows in a canonical text form, for proving a
    /// rebuild reproduces the live tables.
    pub async fn dump_projections(&self) -> Result<Vec<(String, Vec<String>)>, StoreError> {
        let mut out = Vec::new();
        for table in projections::TABLES {
            let rows = self.pools.fetch_all(&format!("SELECT * FROM {table}"), &[]).await?;
            let mut lines: Vec<String> = rows.iter().map(canonical_row).collect();
            lines.sort();
            out.push((table.to_string(), lines));
        }
        Ok(out)
    }

    pub fn projection_tables() -> &'static [&'static str] {
        projections::TABLES
    }

    /// For tests that must get past the database's own defences (to prove
    /// `verify` catches tampering): runs raw SQL outside the event log API.
    #[doc(hidden)]
    pub async fn execute_unchecked(&self, sql: &str) -> Result<(), StoreError> {
        let mut tx = self.pools.begin_write().await?;
        tx.execute_script(sql).await?;
        tx.commit().await
    }

    #[doc(hidden)]
    pub async fn execute_params(&self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        self.pools.execute(sql, params).await
    }

    pub(crate) fn pools(&self) -> &Pools {
        &self.pools
    }
}

fn canonical_row(row: &Row) -> String {
    row.values().iter().map(Value::canonical).collect::<Vec<_>>().join("|")
}
