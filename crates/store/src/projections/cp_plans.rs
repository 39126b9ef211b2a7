//! Child protection plans and their core groups (issue 4, F18, F19).
//!
//! A plan exists only because an initial conference decided on one, so its
//! start is that conference's date; one child protection plan at a time,
//! and never while a child in need plan is open (census 8935, 8940, 4001).
//! Each rule is checked against the tables here because the payload alone
//! cannot know the child's other records.

use super::Origin;
use super::actions::{ActionSource, record};
use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::child_protection::{PlanKind, PlanPeriod, check_plan_overlap};
use hearth_domain::events::{CoreGroupHeld, CpPlanEnded, CpPlanStarted, EventPayload};
use hearth_domain::ids::PersonId;
use hearth_domain::validation::FieldErrors;

pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    match payload {
        EventPayload::CpPlanStarted(e) => plan_started(tx, origin, e).await,
        EventPayload::CpPlanEnded(e) => plan_ended(tx, origin, e).await,
        EventPayload::CoreGroupHeld(e) => core_group_held(tx, origin, e).await,
        _ => Ok(()),
    }
}

/// Applies the corrected version of an event over what the original wrote:
/// every row here is keyed by the record's own id, so applying again
/// replaces it in place.
pub(super) async fn correct(tx: &mut Tx, origin: Origin, replacement: &EventPayload) -> Result<(), StoreError> {
    apply(tx, origin, replacement).await
}

fn refused(message: &str) -> StoreError {
    StoreError::Refused(message.to_string())
}

fn invalid(field: &str, message: &str) -> StoreError {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    StoreError::Invalid(errors)
}

async fn plan_started(tx: &mut Tx, origin: Origin, e: &CpPlanStarted) -> Result<(), StoreError> {
    let started_on = e.plan.started_on.ok_or_else(|| invalid("started_on", "Enter the date the plan started"))?;
    let conference = tx
        .fetch_optional("SELECT child_id, kind, decision, held_on FROM conferences WHERE conference_id = $1", params![e.conference_id.0])
        .await?
        .ok_or_else(|| refused("There is no record of the conference that made this plan: record the initial conference first"))?;
    if conference.uuid::<PersonId>("child_id")? != e.child_id {
        return Err(refused("The conference is on another child's record"));
    }
    if conference.str("kind")? != "initial" {
        return Err(refused("A child protection plan is made at an initial child protection conference, not a review"));
    }
    if conference.str("decision")? != "child_protection_plan" {
        return Err(refused(
            "The conference decided the child should not be the subject of a child protection plan, so no plan can be recorded from it",
        ));
    }
    if conference.date("held_on")? != started_on {
        return Err(invalid("started_on", "A child protection plan starts on the date of the initial conference that made it"));
    }
    let same_conference = tx
        .fetch_optional(
            "SELECT plan_id FROM plans WHERE kind = 'cp' AND conference_id = $1 AND plan_id <> $2",
            params![e.conference_id.0, e.plan_id.0],
        )
        .await?;
    if same_conference.is_some() {
        return Err(refused("A child protection plan has already been recorded for this conference"));
    }
    let others = tx
        .fetch_all("SELECT kind, started_on, ended_on FROM plans WHERE child_id = $1 AND plan_id <> $2", params![e.child_id.0, e.plan_id.0])
        .await?;
    let mut existing = Vec::with_capacity(others.len());
    for r in &others {
        let kind = if r.str("kind")? == "cp" { PlanKind::ChildProtection } else { PlanKind::ChildInNeed };
        existing.push(PlanPeriod { kind, started_on: r.date("started_on")?, ended_on: r.opt_date("ended_on")? });
    }
    // A correction of a plan that has since ended is checked as it ran.
    let ended_on = tx
        .fetch_optional("SELECT ended_on FROM plans WHERE plan_id = $1", params![e.plan_id.0])
        .await?
        .map(|r| r.opt_date("ended_on"))
        .transpose()?
        .flatten();
    let proposed = PlanPeriod { kind: PlanKind::ChildProtection, started_on, ended_on };
    if let Err(errors) = check_plan_overlap(&existing, &proposed) {
        // Field-less: the form has no start date field (the start is the
        // conference's), so the message goes in the error summary.
        let message = errors.0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(". ");
        return Err(StoreError::Refused(message));
    }
    let initial = e.plan.initial_category.map(|c| c.code());
    let latest = e.plan.latest_category.map(|c| c.code());
    let contingency = e.plan.contingency_plan.trim();
    let updated = tx
        .execute(
            "UPDATE plans SET conference_id = $1, started_on = $2, initial_category = $3, latest_category = $4, contingency_plan = $5 \
             WHERE plan_id = $6 AND kind = 'cp' AND child_id = $7",
            params![e.conference_id.0, started_on, initial, latest, contingency, e.plan_id.0, e.child_id.0],
        )
        .await?;
    if updated == 0 {
        tx.execute(
            "INSERT INTO plans (plan_id, child_id, kind, conference_id, started_on, initial_category, latest_category, contingency_plan, \
             started_seq) VALUES ($1, $2, 'cp', $3, $4, $5, $6, $7, $8)",
            params![e.plan_id.0, e.child_id.0, e.conference_id.0, started_on, initial, latest, contingency, origin.seq],
        )
        .await?;
    }
    record(tx, origin, e.child_id, ActionSource::CpPlan, &e.plan_id.to_string(), &e.plan.actions).await
}

async fn plan_ended(tx: &mut Tx, origin: Origin, e: &CpPlanEnded) -> Result<(), StoreError> {
    let plan = tx
        .fetch_optional("SELECT child_id, kind, started_on, ended_on, ended_seq FROM plans WHERE plan_id = $1", params![e.plan_id.0])
        .await?
        .filter(|r| r.str("kind").is_ok_and(|k| k == "cp"))
        .ok_or_else(|| refused("There is no such child protection plan"))?;
    if plan.uuid::<PersonId>("child_id")? != e.child_id {
        return Err(refused("The plan is on another child's record"));
    }
    // A correction of the end re-applies over the same plan; anything else
    // must find the plan still open.
    let ended_by_this = plan.opt_i64("ended_seq")? == Some(origin.seq);
    if plan.opt_date("ended_on")?.is_some() && !ended_by_this {
        return Err(refused("The child protection plan has already ended"));
    }
    if e.ended_on <= plan.date("started_on")? {
        return Err(invalid("ended_on", "The date the plan ended must be after the date it started"));
    }
    let last_core_group = tx
        .fetch_optional("SELECT MAX(held_on) AS last FROM plan_meetings WHERE plan_id = $1 AND kind = 'core_group'", params![e.plan_id.0])
        .await?;
    if let Some(last) = last_core_group.map(|r| r.opt_date("last")).transpose()?.flatten()
        && e.ended_on < last
    {
        return Err(invalid("ended_on", "The date the plan ended must be on or after its last core group meeting"));
    }
    tx.execute(
        "UPDATE plans SET ended_on = $1, end_reason = $2, end_reason_detail = $3, ended_seq = $4 WHERE plan_id = $5",
        params![e.ended_on, e.reason.code(), e.reason_detail.trim(), origin.seq, e.plan_id.0],
    )
    .await?;
    Ok(())
}

async fn core_group_held(tx: &mut Tx, origin: Origin, e: &CoreGroupHeld) -> Result<(), StoreError> {
    let held_on = e.meeting.held_on.ok_or_else(|| invalid("held_on", "Enter the date of the core group meeting"))?;
    let plan = tx
        .fetch_optional("SELECT child_id, kind, started_on, ended_on FROM plans WHERE plan_id = $1", params![e.plan_id.0])
        .await?
        .filter(|r| r.str("kind").is_ok_and(|k| k == "cp"))
        .ok_or_else(|| refused("A core group meets about a child protection plan: record the plan first"))?;
    if plan.uuid::<PersonId>("child_id")? != e.child_id {
        return Err(refused("The plan is on another child's record"));
    }
    let existing = tx.fetch_optional("SELECT origin_seq FROM plan_meetings WHERE meeting_id = $1", params![e.meeting_id.0]).await?;
    let is_correction = existing.is_some();
    if let Some(row) = &existing
        && row.i64("origin_seq")? != origin.seq
    {
        return Err(refused("That core group meeting has already been recorded"));
    }
    if held_on < plan.date("started_on")? {
        return Err(invalid(
            "held_on",
            "The date of the core group meeting must be on or after the date the child protection plan started",
        ));
    }
    match plan.opt_date("ended_on")? {
        // A correction of a meeting held while the plan was open stays valid
        // after the plan ends; a new meeting needs an open plan.
        Some(_) if !is_correction => {
            return Err(refused("The child protection plan has ended: a core group can only be recorded while the plan is open"));
        }
        Some(ended) if held_on > ended => {
            return Err(invalid("held_on", "The date of the core group meeting must be on or before the date the plan ended"));
        }
        _ => {}
    }
    let attendees = serde_json::to_string(&e.meeting.attendees)?;
    let progress = e.meeting.progress.trim();
    let late_reason = e.late_reason.trim();
    if is_correction {
        tx.execute(
            "UPDATE plan_meetings SET held_on = $1, attendees_json = $2, progress = $3, late_reason = $4 WHERE meeting_id = $5",
            params![held_on, attendees, progress, late_reason, e.meeting_id.0],
        )
        .await?;
    } else {
        tx.execute(
            "INSERT INTO plan_meetings (meeting_id, child_id, kind, plan_id, plan_kind, held_on, attendees_json, progress, late_reason, \
             origin_seq) VALUES ($1, $2, 'core_group', $3, 'cp', $4, $5, $6, $7, $8)",
            params![e.meeting_id.0, e.child_id.0, e.plan_id.0, held_on, attendees, progress, late_reason, origin.seq],
        )
        .await?;
    }
    record(tx, origin, e.child_id, ActionSource::CoreGroup, &e.meeting_id.to_string(), &e.meeting.actions).await
}
