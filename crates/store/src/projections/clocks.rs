//! The clocks projection (issue 4, F15): after any event that changes a
//! child's referrals, assessments, plans, meetings or proceedings, the
//! child's due items are worked out again by the domain's clock engine and
//! replace the ones stored.
//!
//! "Today" is the event's own date, not the wall clock, so replaying the log
//! rebuilds exactly the rows the live append wrote. Open items keep only
//! their due date: lists work out on time, due soon or overdue as they read.

use super::Origin;
use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::clocks::{ClockPolicy, ClockStatus, DueItem, due_items, late_reason_missing};
use hearth_domain::events::EventPayload;

/// How a status is stored in `due_items.status`.
pub(crate) fn status_code(status: ClockStatus) -> &'static str {
    match status {
        ClockStatus::OnTime | ClockStatus::DueSoon | ClockStatus::Overdue => "open",
        ClockStatus::Met => "met",
        ClockStatus::MetLate { .. } => "met_late",
        ClockStatus::Missed => "missed",
        ClockStatus::NotRequired => "not_required",
    }
}

const INSERT: &str = "INSERT INTO due_items (child_id, item_no, rule_id, rule_version, what, anchor_fact, anchor_what, anchor_on, \
     due_on, completed_on, completed_by, status, late_reason, late_reason_missing)";

pub(super) async fn recompute(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    let calendar = super::calendar(tx).await?;
    let policy = ClockPolicy::default();
    for child in payload.subjects() {
        let timeline = crate::clocks::timeline_in(tx, child).await?;
        let items = due_items(&timeline, &policy, &calendar, origin.occurred_on);
        tx.execute("DELETE FROM due_items WHERE child_id = $1", params![child.0]).await?;
        for (n, item) in items.iter().enumerate() {
            tx.insert_later(INSERT, "", row(child.0, n, item));
        }
    }
    Ok(())
}

fn row(child: uuid::Uuid, n: usize, item: &DueItem) -> Vec<crate::db::Value> {
    use crate::db::Value;
    vec![
        Value::from(child),
        Value::from(i64::try_from(n).unwrap_or(i64::MAX)),
        Value::from(item.rule.id),
        Value::from(item.rule.version),
        Value::from(item.what),
        Value::from(&item.anchor.fact.0),
        Value::from(item.anchor.what),
        Value::from(item.anchor.on),
        Value::from(item.due),
        Value::from(item.completed),
        Value::from(item.completed_by.as_ref().map(|f| f.0.clone())),
        Value::from(status_code(item.status)),
        Value::from(item.late_reason.clone()),
        Value::from(late_reason_missing(item)),
    ]
}
