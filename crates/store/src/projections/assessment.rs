//! Assessments, child in need plans and visits (issue 4; F16, F17, F20).
//!
//! The rules that depend on what is already recorded are enforced here,
//! inside the append's transaction, so a refused event is never written:
//! an assessment needs an open referral of the same child and only one may
//! be in progress per referral; only a submitted assessment is authorised,
//! and an authorisation past 45 working days (judged with the authority's
//! bank holidays as they stood) needs a reason; child in need plans follow
//! the census overlap rules; reviews and endings need the plan open.
//!
//! Corrections re-apply the replacement over the row with the same id, with
//! the rules that still make sense for a record already made (a referral
//! closed since is no reason to refuse correcting the start date).

use super::Origin;
use super::actions::{ActionSource, record};
use crate::db::{Row, Tx};
use crate::error::StoreError;
use crate::params;
use chrono::NaiveDate;
use hearth_domain::assessment::Assessment;
use hearth_domain::child_protection::{PlanKind, PlanPeriod, check_plan_overlap};
use hearth_domain::events::{
    AssessmentAuthorised, AssessmentReturned, AssessmentStarted, ChildVisited, CinPlanEnded, CinPlanReviewed, CinPlanStarted, EventPayload,
};
use hearth_domain::ids::{AssessmentId, PersonId, PlanId, ReferralId};
use hearth_domain::validation::FieldErrors;

/// Whether the payload is being applied for the first time or as the
/// replacement in a correction.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    New,
    Correction,
}

pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    apply_as(tx, origin, payload, Mode::New).await
}

/// Applies the corrected version of an event over what the original wrote.
pub(super) async fn correct(tx: &mut Tx, origin: Origin, replacement: &EventPayload) -> Result<(), StoreError> {
    apply_as(tx, origin, replacement, Mode::Correction).await
}

async fn apply_as(tx: &mut Tx, origin: Origin, payload: &EventPayload, mode: Mode) -> Result<(), StoreError> {
    match payload {
        EventPayload::AssessmentStarted(e) => started(tx, origin, e, mode).await,
        EventPayload::AssessmentProgressSaved(e) => save(tx, origin, e.assessment_id, e.child_id, &e.assessment, false, mode).await,
        EventPayload::AssessmentSubmitted(e) => save(tx, origin, e.assessment_id, e.child_id, &e.assessment, true, mode).await,
        EventPayload::AssessmentAuthorised(e) => authorised(tx, origin, e, mode).await,
        EventPayload::AssessmentReturned(e) => returned(tx, origin, e, mode).await,
        EventPayload::CinPlanStarted(e) => plan_started(tx, origin, e, mode).await,
        EventPayload::CinPlanReviewed(e) => plan_reviewed(tx, origin, e, mode).await,
        EventPayload::CinPlanEnded(e) => plan_ended(tx, origin, e, mode).await,
        EventPayload::ChildVisited(e) => visited(tx, origin, e, mode).await,
        _ => Ok(()),
    }
}

fn long(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    StoreError::Invalid(errors)
}

/// The referral an assessment or plan is started under: it must exist, be
/// this child's and (for something new) still be open. Returns its date.
async fn open_referral(tx: &mut Tx, referral: ReferralId, child: PersonId, must_be_open: bool) -> Result<NaiveDate, StoreError> {
    let row = tx
        .fetch_optional("SELECT child_id, referral_date, closed_on FROM referrals WHERE referral_id = $1", params![referral.0])
        .await?
        .ok_or_else(|| StoreError::Refused("That referral does not exist".to_string()))?;
    if row.uuid::<PersonId>("child_id")? != child {
        return Err(StoreError::Refused("That referral is for another child".to_string()));
    }
    if must_be_open && let Some(closed) = row.opt_date("closed_on")? {
        return Err(StoreError::Refused(format!(
            "The referral was closed on {}: open a new referral before starting work under it",
            long(closed)
        )));
    }
    row.date("referral_date")
}

async fn started(tx: &mut Tx, origin: Origin, e: &AssessmentStarted, mode: Mode) -> Result<(), StoreError> {
    let referral_on = open_referral(tx, e.referral_id, e.child_id, mode == Mode::New).await?;
    if referral_on != e.referral_on {
        return Err(StoreError::Refused(format!(
            "The assessment gives the referral date as {}, but the referral is dated {}",
            long(e.referral_on),
            long(referral_on)
        )));
    }
    let existing = tx
        .fetch_optional("SELECT child_id, referral_id, completed_on FROM assessments WHERE assessment_id = $1", params![e.assessment_id.0])
        .await?;
    match (mode, existing) {
        (Mode::New, Some(_)) => Err(StoreError::Refused("That assessment has already been started".to_string())),
        (Mode::New, None) => {
            let open = tx
                .fetch_optional(
                    "SELECT started_on FROM assessments WHERE referral_id = $1 AND status <> 'authorised'",
                    params![e.referral_id.0],
                )
                .await?;
            if let Some(open) = open {
                return Err(StoreError::Refused(format!(
                    "An assessment under this referral has been in progress since {}: continue that one",
                    long(open.date("started_on")?)
                )));
            }
            tx.execute(
                "INSERT INTO assessments (assessment_id, child_id, referral_id, referral_on, started_on, expected_birth_on, status, \
                 started_seq, updated_seq) VALUES ($1, $2, $3, $4, $5, $6, 'in_progress', $7, $7)",
                params![e.assessment_id.0, e.child_id.0, e.referral_id.0, e.referral_on, e.started_on, e.expected_birth_on, origin.seq],
            )
            .await?;
            Ok(())
        }
        (Mode::Correction, None) => Err(StoreError::Refused("The assessment to be corrected does not exist".to_string())),
        (Mode::Correction, Some(row)) => {
            if row.uuid::<ReferralId>("referral_id")? != e.referral_id {
                return Err(StoreError::Refused("A correction cannot move an assessment to another referral".to_string()));
            }
            if row.opt_date("completed_on")?.is_some_and(|c| c < e.started_on) {
                return Err(invalid("started_on", "The date the assessment started must be on or before the date it was completed"));
            }
            tx.execute(
                "UPDATE assessments SET started_on = $1, expected_birth_on = $2 WHERE assessment_id = $3",
                params![e.started_on, e.expected_birth_on, e.assessment_id.0],
            )
            .await?;
            Ok(())
        }
    }
}

/// The stored assessment as the rules here need it.
struct Stored {
    status: String,
    referral_on: NaiveDate,
    started_on: NaiveDate,
    completed_on: Option<NaiveDate>,
    late_reason: String,
}

async fn stored(tx: &mut Tx, id: AssessmentId, child: PersonId) -> Result<Stored, StoreError> {
    let row = tx
        .fetch_optional(
            "SELECT child_id, status, referral_on, started_on, completed_on, late_reason FROM assessments WHERE assessment_id = $1",
            params![id.0],
        )
        .await?
        .ok_or_else(|| StoreError::Refused("That assessment does not exist".to_string()))?;
    if row.uuid::<PersonId>("child_id")? != child {
        return Err(StoreError::Refused("That assessment is on another child's record".to_string()));
    }
    stored_from(&row)
}

fn stored_from(row: &Row) -> Result<Stored, StoreError> {
    Ok(Stored {
        status: row.str("status")?,
        referral_on: row.date("referral_on")?,
        started_on: row.date("started_on")?,
        completed_on: row.opt_date("completed_on")?,
        late_reason: row.str("late_reason")?,
    })
}

fn factor_codes(a: &Assessment) -> String {
    a.factors.iter().map(|f| f.code()).collect::<Vec<_>>().join(",")
}

/// Progress saved, or the whole record submitted for authorisation. Saving
/// progress on a submitted assessment takes it back from the manager's list:
/// what they would authorise has changed.
async fn save(
    tx: &mut Tx,
    origin: Origin,
    id: AssessmentId,
    child: PersonId,
    a: &Assessment,
    submit: bool,
    mode: Mode,
) -> Result<(), StoreError> {
    let s = stored(tx, id, child).await?;
    if mode == Mode::New && s.status == "authorised" {
        return Err(StoreError::Refused("The assessment has been authorised: it can no longer be changed, only corrected".to_string()));
    }
    if a.referral_on != s.referral_on {
        return Err(StoreError::Refused("The assessment's referral date does not match the referral it was started under".to_string()));
    }
    if let Some(c) = a.completed_on
        && c < s.started_on
    {
        return Err(invalid("completed_on", "The date the assessment was completed must be on or after the date it started"));
    }
    let status = match (mode, s.status.as_str()) {
        // A correction of an old save or submission changes what was
        // recorded, not where the assessment now stands.
        (Mode::Correction, current) => current.to_string(),
        (Mode::New, _) if submit => "submitted".to_string(),
        (Mode::New, _) => "in_progress".to_string(),
    };
    let submitted_by = submit.then_some(origin.recorded_by.0);
    tx.execute(
        "UPDATE assessments SET status = $1, information_gathered = $2, analysis = $3, childs_views = $4, \
         childs_views_not_obtained_reason = $5, factors = $6, outcome = $7, completed_on = $8, late_reason = $9, \
         submitted_by = COALESCE($10, submitted_by), updated_seq = $11 WHERE assessment_id = $12",
        params![
            status,
            a.information_gathered.trim(),
            a.analysis.trim(),
            a.childs_views.trim(),
            a.childs_views_not_obtained_reason.trim(),
            factor_codes(a),
            a.outcome.map(|o| o.code()),
            a.completed_on,
            a.late_reason.trim(),
            submitted_by,
            origin.seq,
            id.0
        ],
    )
    .await?;
    Ok(())
}

async fn authorised(tx: &mut Tx, origin: Origin, e: &AssessmentAuthorised, mode: Mode) -> Result<(), StoreError> {
    let s = stored(tx, e.assessment_id, e.child_id).await?;
    match (mode, s.status.as_str()) {
        (Mode::New, "submitted") | (Mode::Correction, "authorised") => {}
        (Mode::New, "authorised") => return Err(StoreError::Refused("The assessment has already been authorised".to_string())),
        (Mode::Correction, _) => return Err(StoreError::Refused("The assessment to be corrected has not been authorised".to_string())),
        _ => {
            return Err(StoreError::Refused(
                "Only an assessment submitted for authorisation can be authorised: the worker has not submitted it".to_string(),
            ));
        }
    }
    let Some(completed_on) = s.completed_on else {
        return Err(StoreError::Refused("The assessment has no completion date: return it to the worker".to_string()));
    };
    if e.authorised_on < completed_on {
        return Err(invalid(
            "authorised_on",
            format!("The date the assessment was authorised must be on or after the date it was completed ({})", long(completed_on)),
        ));
    }
    // The clock runs to authorisation (the census AssessmentAuthorisationDate).
    let calendar = super::calendar(tx).await?;
    let due =
        hearth_domain::clocks::rules::ASSESSMENT.period(&hearth_domain::clocks::ClockPolicy::default()).due_from(s.referral_on, &calendar);
    let late_reason = if e.late_reason.trim().is_empty() { s.late_reason.trim().to_string() } else { e.late_reason.trim().to_string() };
    if e.authorised_on > due && late_reason.is_empty() {
        return Err(invalid(
            "late_reason",
            format!(
                "Enter why the assessment took more than 45 working days from the referral (it was due by {}; authorised on {})",
                long(due),
                long(e.authorised_on)
            ),
        ));
    }
    tx.execute(
        "UPDATE assessments SET status = 'authorised', authorised_on = $1, authorised_by = $2, late_reason = $3, \
         manager_comment = $4, updated_seq = $5 WHERE assessment_id = $6",
        params![e.authorised_on, origin.recorded_by.0, late_reason, e.manager_comment.trim(), origin.seq, e.assessment_id.0],
    )
    .await?;
    Ok(())
}

async fn returned(tx: &mut Tx, origin: Origin, e: &AssessmentReturned, mode: Mode) -> Result<(), StoreError> {
    let s = stored(tx, e.assessment_id, e.child_id).await?;
    if mode == Mode::New && s.status != "submitted" {
        return Err(StoreError::Refused("Only an assessment submitted for authorisation can be returned to the worker".to_string()));
    }
    if e.returned_on < s.started_on {
        return Err(invalid("returned_on", "The date must be on or after the date the assessment started"));
    }
    let status = if mode == Mode::New { "in_progress".to_string() } else { s.status };
    tx.execute(
        "UPDATE assessments SET status = $1, returned_reason = $2, updated_seq = $3 WHERE assessment_id = $4",
        params![status, e.reason.trim(), origin.seq, e.assessment_id.0],
    )
    .await?;
    Ok(())
}

/// The child's plans of both kinds, except `leave_out` (the plan being corrected).
async fn plan_periods(tx: &mut Tx, child: PersonId, leave_out: Option<PlanId>) -> Result<Vec<PlanPeriod>, StoreError> {
    let rows = tx.fetch_all("SELECT plan_id, kind, started_on, ended_on FROM plans WHERE child_id = $1", params![child.0]).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        if leave_out.is_some_and(|p| r.uuid::<PlanId>("plan_id").is_ok_and(|id| id == p)) {
            continue;
        }
        let kind = match r.str("kind")?.as_str() {
            "cp" => PlanKind::ChildProtection,
            "cin" => PlanKind::ChildInNeed,
            other => return Err(StoreError::Corrupt(format!("unknown plan kind {other}"))),
        };
        out.push(PlanPeriod { kind, started_on: r.date("started_on")?, ended_on: r.opt_date("ended_on")? });
    }
    Ok(out)
}

/// A child in need plan as stored.
struct CinPlan {
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
}

async fn cin_plan(tx: &mut Tx, plan: PlanId, child: PersonId) -> Result<CinPlan, StoreError> {
    let row = tx
        .fetch_optional("SELECT child_id, kind, started_on, ended_on FROM plans WHERE plan_id = $1", params![plan.0])
        .await?
        .ok_or_else(|| StoreError::Refused("That plan does not exist".to_string()))?;
    if row.uuid::<PersonId>("child_id")? != child {
        return Err(StoreError::Refused("That plan is on another child's record".to_string()));
    }
    if row.str("kind")? != "cin" {
        return Err(StoreError::Refused("That plan is a child protection plan, not a child in need plan".to_string()));
    }
    Ok(CinPlan { started_on: row.date("started_on")?, ended_on: row.opt_date("ended_on")? })
}

fn require_open(plan: &CinPlan) -> Result<(), StoreError> {
    match plan.ended_on {
        Some(ended) => {
            Err(StoreError::Refused(format!("The child in need plan ended on {}: nothing more can be recorded on it", long(ended))))
        }
        None => Ok(()),
    }
}

async fn plan_started(tx: &mut Tx, origin: Origin, e: &CinPlanStarted, mode: Mode) -> Result<(), StoreError> {
    let referral_on = open_referral(tx, e.referral_id, e.child_id, mode == Mode::New).await?;
    if e.started_on < referral_on {
        return Err(invalid("started_on", format!("The plan cannot start before the referral ({})", long(referral_on))));
    }
    let existing = tx.fetch_optional("SELECT child_id, ended_on FROM plans WHERE plan_id = $1", params![e.plan_id.0]).await?;
    let ended_on = match (mode, &existing) {
        (Mode::New, Some(_)) => return Err(StoreError::Refused("That plan has already been started".to_string())),
        (Mode::Correction, None) => return Err(StoreError::Refused("The plan to be corrected does not exist".to_string())),
        (Mode::New, None) => None,
        (Mode::Correction, Some(row)) => row.opt_date("ended_on")?,
    };
    let others = plan_periods(tx, e.child_id, Some(e.plan_id)).await?;
    check_plan_overlap(&others, &PlanPeriod { kind: PlanKind::ChildInNeed, started_on: e.started_on, ended_on })?;
    if mode == Mode::New {
        tx.execute(
            "INSERT INTO plans (plan_id, child_id, kind, referral_id, started_on, plan_text, visit_every_days, review_every_months, started_seq) \
             VALUES ($1, $2, 'cin', $3, $4, $5, $6, $7, $8)",
            params![
                e.plan_id.0,
                e.child_id.0,
                e.referral_id.0,
                e.started_on,
                e.plan.trim(),
                e.visit_every_days,
                e.review_every_months,
                origin.seq
            ],
        )
        .await?;
    } else {
        tx.execute(
            "UPDATE plans SET started_on = $1, plan_text = $2, visit_every_days = $3, review_every_months = $4 WHERE plan_id = $5",
            params![e.started_on, e.plan.trim(), e.visit_every_days, e.review_every_months, e.plan_id.0],
        )
        .await?;
    }
    record(tx, origin, e.child_id, ActionSource::CinPlan, &e.plan_id.0.to_string(), &e.actions).await
}

async fn plan_reviewed(tx: &mut Tx, origin: Origin, e: &CinPlanReviewed, mode: Mode) -> Result<(), StoreError> {
    let plan = cin_plan(tx, e.plan_id, e.child_id).await?;
    if mode == Mode::New {
        require_open(&plan)?;
    }
    if e.reviewed_on < plan.started_on {
        return Err(invalid("reviewed_on", format!("The review cannot be before the plan started ({})", long(plan.started_on))));
    }
    if let Some(ended) = plan.ended_on.filter(|end| e.reviewed_on > *end) {
        return Err(invalid("reviewed_on", format!("The review cannot be after the plan ended ({})", long(ended))));
    }
    let existing = tx.fetch_optional("SELECT meeting_id FROM plan_meetings WHERE meeting_id = $1", params![e.review_id.0]).await?;
    match (mode, existing) {
        (Mode::New, Some(_)) => return Err(StoreError::Refused("That review has already been recorded".to_string())),
        (Mode::Correction, None) => return Err(StoreError::Refused("The review to be corrected does not exist".to_string())),
        (Mode::New, None) => {
            tx.execute(
                "INSERT INTO plan_meetings (meeting_id, child_id, kind, plan_id, plan_kind, held_on, progress, origin_seq) \
                 VALUES ($1, $2, 'cin_review', $3, 'cin', $4, $5, $6)",
                params![e.review_id.0, e.child_id.0, e.plan_id.0, e.reviewed_on, e.progress.trim(), origin.seq],
            )
            .await?;
        }
        (Mode::Correction, Some(_)) => {
            tx.execute(
                "UPDATE plan_meetings SET held_on = $1, progress = $2 WHERE meeting_id = $3",
                params![e.reviewed_on, e.progress.trim(), e.review_id.0],
            )
            .await?;
        }
    }
    record(tx, origin, e.child_id, ActionSource::CinReview, &e.review_id.0.to_string(), &e.actions).await
}

async fn plan_ended(tx: &mut Tx, origin: Origin, e: &CinPlanEnded, mode: Mode) -> Result<(), StoreError> {
    let plan = cin_plan(tx, e.plan_id, e.child_id).await?;
    match mode {
        Mode::New => require_open(&plan)?,
        Mode::Correction if plan.ended_on.is_none() => {
            return Err(StoreError::Refused("The plan to be corrected has not ended".to_string()));
        }
        Mode::Correction => {}
    }
    if e.ended_on < plan.started_on {
        return Err(invalid("ended_on", format!("The plan cannot end before it started ({})", long(plan.started_on))));
    }
    let last = tx
        .fetch_optional("SELECT MAX(held_on) AS last FROM plan_meetings WHERE plan_id = $1 AND kind = 'cin_review'", params![e.plan_id.0])
        .await?
        .map(|r| r.opt_date("last"))
        .transpose()?
        .flatten();
    if let Some(last) = last.filter(|l| *l > e.ended_on) {
        return Err(invalid("ended_on", format!("The plan cannot end before its last review ({})", long(last))));
    }
    if mode == Mode::Correction {
        // A later end can run into a plan started since.
        let others = plan_periods(tx, e.child_id, Some(e.plan_id)).await?;
        check_plan_overlap(&others, &PlanPeriod { kind: PlanKind::ChildInNeed, started_on: plan.started_on, ended_on: Some(e.ended_on) })
            .map_err(|errors| {
            StoreError::Invalid(FieldErrors(
                errors
                    .0
                    .into_iter()
                    .map(|mut fe| {
                        fe.field = "ended_on".to_string();
                        fe
                    })
                    .collect(),
            ))
        })?;
    }
    tx.execute(
        "UPDATE plans SET ended_on = $1, end_reason = $2, ended_seq = $3 WHERE plan_id = $4",
        params![e.ended_on, e.reason.trim(), origin.seq, e.plan_id.0],
    )
    .await?;
    Ok(())
}

/// A visit counts towards the plan open on its day: a child protection plan
/// if there is one (a child in need plan ending the day it starts is the
/// usual step-up), else a child in need plan, else none. A plan counts as
/// open on the day it ends.
async fn visited(tx: &mut Tx, origin: Origin, e: &ChildVisited, mode: Mode) -> Result<(), StoreError> {
    let Some(on) = e.visited_on() else {
        return Err(invalid("visited_on", "Enter the date of the visit"));
    };
    let plan = tx
        .fetch_optional(
            "SELECT plan_id, kind FROM plans WHERE child_id = $1 AND started_on <= $2 AND (ended_on IS NULL OR ended_on >= $2) \
             ORDER BY CASE WHEN kind = 'cp' THEN 0 ELSE 1 END, started_on DESC LIMIT 1",
            params![e.child_id.0, on],
        )
        .await?;
    let (plan_id, plan_kind) = match &plan {
        Some(r) => (Some(r.str("plan_id")?), Some(r.str("kind")?)),
        None => (None, None),
    };
    let v = &e.visit;
    let existing = tx.fetch_optional("SELECT child_id FROM plan_meetings WHERE meeting_id = $1", params![e.visit_id.0]).await?;
    match (mode, existing) {
        (Mode::New, Some(_)) => return Err(StoreError::Refused("That visit has already been recorded".to_string())),
        (Mode::Correction, None) => return Err(StoreError::Refused("The visit to be corrected does not exist".to_string())),
        (Mode::New, None) => {}
        // The corrected date may fall under another plan: written afresh.
        (Mode::Correction, Some(_)) => {
            tx.execute("DELETE FROM plan_meetings WHERE meeting_id = $1", params![e.visit_id.0]).await?;
        }
    }
    tx.execute(
        "INSERT INTO plan_meetings (meeting_id, child_id, kind, plan_id, plan_kind, held_on, child_seen, child_seen_alone, reason, \
         childs_views, origin_seq) VALUES ($1, $2, 'visit', $3, $4, $5, $6, $7, $8, $9, $10)",
        params![
            e.visit_id.0,
            e.child_id.0,
            plan_id,
            plan_kind,
            on,
            v.child_seen,
            v.child_seen_alone,
            v.reason.trim(),
            v.childs_views.trim(),
            origin.seq
        ],
    )
    .await?;
    Ok(())
}
