//! Projections: the current-state tables, derived from the log.
//!
//! Each area of the service has one `apply` function here. Applying is
//! deterministic (no clocks, no random ids: everything comes from the event),
//! so `rebuild` reproduces the live tables exactly.

mod authority;
mod child_in_need;
mod chronology;
mod domestic_incidents;
mod early_help;
mod front_door;
mod people;
mod risk_flags;
mod staff;

use crate::db::Tx;
use crate::error::StoreError;
use crate::log::{EVENT_COLUMNS, RecordedEvent, event_from_row};
use crate::params;
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::events::{Area, Correction, EventPayload};

/// Every projection table, children before parents so they can be emptied
/// in this order without breaking foreign keys.
pub const TABLES: &[&str] = &[
    "chronology",
    "duty_rota",
    "domestic_incident_children",
    "domestic_incidents",
    "early_help_episodes",
    "risk_flags",
    "escalations",
    "referrals",
    "ooh_records",
    "contact_decisions",
    "contact_checks",
    "contact_children",
    "contacts",
    "involvements",
    "allocations",
    "family_members",
    "families",
    "relationships",
    "addresses",
    "people",
    "staff",
    "teams",
    "bank_holidays_added",
];

pub(crate) async fn apply(tx: &mut Tx, e: &RecordedEvent) -> Result<(), StoreError> {
    match &e.payload {
        EventPayload::Correction(c) => apply_correction(tx, e, c).await?,
        payload => apply_fact(tx, Origin::of(e), payload).await?,
    }
    chronology::apply(tx, e).await
}

/// The event a projected row came from. Rows keep its sequence number so a
/// correction can find and replace exactly what the event put there.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Origin {
    pub seq: i64,
    pub occurred_on: NaiveDate,
    pub occurred_at: DateTime<Utc>,
}

impl Origin {
    fn of(e: &RecordedEvent) -> Origin {
        Origin { seq: e.seq, occurred_on: e.occurred_at.date_naive(), occurred_at: e.occurred_at }
    }
}

/// Applies a payload as the fact recorded by event `origin`.
async fn apply_fact(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    match payload.area() {
        Area::People => people::apply(tx, origin, payload).await,
        Area::Staff => staff::apply(tx, origin.seq, payload).await,
        Area::FrontDoor => {
            front_door::apply(tx, origin, payload).await?;
            domestic_incidents::apply(tx, origin, payload).await
        }
        Area::ChildInNeed => child_in_need::apply(tx, origin, payload).await,
        Area::RiskFlags => risk_flags::apply(tx, origin, payload).await,
        Area::EarlyHelp => early_help::apply(tx, origin, payload).await,
        Area::Authority => authority::apply(tx, origin.seq, payload).await,
        // Significant events live in the chronology alone.
        Area::Chronology => Ok(()),
        Area::Correction => Err(StoreError::Refused("A correction cannot replace another correction".to_string())),
    }
}

/// A correction replaces what the original event put in the projections.
/// Rows derived from one event carry its sequence number (`origin_seq`), so
/// the replacement can take their place exactly.
async fn apply_correction(tx: &mut Tx, e: &RecordedEvent, c: &Correction) -> Result<(), StoreError> {
    let original = tx
        .fetch_optional(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE event_id = $1"), params![c.corrects.0])
        .await?
        .ok_or_else(|| StoreError::Refused("The event to be corrected does not exist".to_string()))?;
    let original = event_from_row(&original)?;
    if original.seq >= e.seq {
        return Err(StoreError::Refused("A correction must come after the event it corrects".to_string()));
    }
    if let EventPayload::Correction(_) = original.payload {
        return Err(StoreError::Refused("Correct the original event, not a correction of it".to_string()));
    }
    if original.payload.type_name() != c.replacement.type_name() {
        return Err(StoreError::Refused(format!(
            "A correction of a {} must be a {}",
            original.payload.type_name(),
            original.payload.type_name()
        )));
    }
    if original.payload.stream() != c.replacement.stream() {
        return Err(StoreError::Refused("A correction cannot move an event to another record".to_string()));
    }
    match original.payload.area() {
        Area::People => {
            people::correct(tx, Origin::of(&original), &original.payload, &c.replacement).await
        }
        Area::FrontDoor => {
            front_door::correct(tx, Origin::of(&original), &c.replacement).await?;
            domestic_incidents::correct(tx, &c.replacement).await
        }
        Area::Chronology => Ok(()),
        Area::Staff | Area::Authority | Area::ChildInNeed | Area::EarlyHelp | Area::RiskFlags | Area::Correction => Err(StoreError::Refused(format!(
            "{} cannot be corrected; record a new event instead",
            original.payload.type_name()
        ))),
    }
}

/// Empties every projection and replays the whole log into them, in one
/// transaction: readers see the old tables until the new ones are complete.
pub(crate) async fn rebuild(tx: &mut Tx, progress: &mut dyn FnMut(i64, i64)) -> Result<i64, StoreError> {
    for table in TABLES {
        tx.execute(&format!("DELETE FROM {table}"), &[]).await?;
    }
    let total = tx.fetch_optional("SELECT COALESCE(MAX(seq), 0) AS n FROM events", &[]).await?;
    let total = match total {
        Some(r) => r.i64("n")?,
        None => 0,
    };
    const PAGE: i64 = 2_000;
    let mut after = 0;
    loop {
        let rows = tx
            .fetch_all(
                &format!("SELECT {EVENT_COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2"),
                params![after, PAGE],
            )
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let e = event_from_row(row)?;
            apply(tx, &e).await?;
            after = e.seq;
        }
        progress(after, total);
    }
    Ok(after)
}
