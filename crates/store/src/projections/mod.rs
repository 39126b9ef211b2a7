//! Projections: the current-state tables, derived from the log.
//!
//! Each area of the service has one `apply` function here. Applying is
//! deterministic (no clocks, no random ids: everything comes from the event),
//! so `rebuild` reproduces the live tables exactly.

mod actions;
mod assessment;
mod authority;
mod care;
mod child_in_need;
mod child_protection;
mod clocks;
mod cp_plans;
mod chronology;
mod domestic_incidents;
mod early_help;
mod front_door;
mod people;
mod proceedings;
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
    "care_reviews",
    "care_episodes",
    "due_items",
    "actions",
    "plan_meetings",
    "conferences",
    "section47s",
    "strategy_discussions",
    "plans",
    "assessments",
    "proceedings",
    "pre_proceedings_reviews",
    "pre_proceedings",
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
    /// Who recorded it: an authorisation is the act of the manager who recorded it.
    pub recorded_by: hearth_domain::ids::UserId,
}

impl Origin {
    fn of(e: &RecordedEvent) -> Origin {
        Origin { seq: e.seq, occurred_on: e.occurred_at.date_naive(), occurred_at: e.occurred_at, recorded_by: e.recorded_by }
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
        Area::ChildInNeed => {
            child_in_need::apply(tx, origin, payload).await?;
            clocks::recompute(tx, origin, payload).await
        }
        Area::RiskFlags => risk_flags::apply(tx, origin, payload).await,
        Area::EarlyHelp => early_help::apply(tx, origin, payload).await,
        Area::Assessment => {
            assessment::apply(tx, origin, payload).await?;
            clocks::recompute(tx, origin, payload).await
        }
        Area::ChildProtection => {
            child_protection::apply(tx, origin, payload).await?;
            cp_plans::apply(tx, origin, payload).await?;
            actions::apply(tx, origin, payload).await?;
            clocks::recompute(tx, origin, payload).await
        }
        Area::Proceedings => {
            proceedings::apply(tx, origin, payload).await?;
            clocks::recompute(tx, origin, payload).await
        }
        Area::Care => care::apply(tx, origin, payload).await,
        Area::Authority => authority::apply(tx, origin.seq, payload).await,
        // Significant events live in the chronology alone.
        Area::Chronology => Ok(()),
        Area::Correction => Err(StoreError::Refused("A correction cannot replace another correction".to_string())),
    }
}

/// The authority's calendar as it stands at this point in the log: the
/// shipped England and Wales bank holidays plus any added before this event.
/// Rules that judge lateness in working days read it, so replaying the log
/// judges each event as it was judged when recorded.
pub(crate) async fn calendar(tx: &mut Tx) -> Result<hearth_domain::calendar::Calendar, StoreError> {
    use hearth_domain::calendar::{BankHoliday, Calendar};
    let rows = tx.fetch_all("SELECT holiday_date, title FROM bank_holidays_added", &[]).await?;
    let mut added = Vec::with_capacity(rows.len());
    for r in &rows {
        added.push(BankHoliday { date: r.date("holiday_date")?, title: r.str("title")? });
    }
    Ok(Calendar::england_and_wales().with_additional(added))
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
        // Records of this issue are keyed by their own ids, so the corrected
        // version is applied over the original in place.
        Area::Assessment => {
            assessment::correct(tx, Origin::of(&original), &c.replacement).await?;
            clocks::recompute(tx, Origin::of(e), &c.replacement).await
        }
        Area::ChildProtection => {
            child_protection::correct(tx, Origin::of(&original), &c.replacement).await?;
            cp_plans::correct(tx, Origin::of(&original), &c.replacement).await?;
            clocks::recompute(tx, Origin::of(e), &c.replacement).await
        }
        Area::Proceedings => {
            proceedings::correct(tx, Origin::of(&original), &c.replacement).await?;
            clocks::recompute(tx, Origin::of(e), &c.replacement).await
        }
        // Episodes and reviews are keyed by their own ids: the corrected
        // version is applied over the original in place.
        Area::Care => care::correct(tx, Origin::of(&original), &c.replacement).await,
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
