//! Pre-proceedings under the Public Law Outline and care proceedings
//! (issue 4, F21). The rules that depend on where a child's case stands are
//! enforced here, inside the append's transaction, so a refused event is
//! never recorded:
//!
//! - a child has at most one open pre-proceedings and one open proceedings;
//! - reviews and the ending are recorded only on open pre-proceedings of the
//!   same child, never dated before they started (nor, for the ending,
//!   before the last review);
//! - ending pre-proceedings past the local limit (`ClockPolicy::default()`'s
//!   plo-limit) needs a late reason, as does concluding proceedings past 26
//!   weeks (`StoreError::Invalid` on `late_reason`);
//! - proceedings are not issued while the child is still in pre-proceedings.
//!   Issuing ends nothing by itself: the worker ends pre-proceedings with the
//!   outcome "care proceedings issued" (and, if late, says why) and then
//!   issues. Ending them silently would lose the late reason F21 asks for,
//!   and a child would otherwise show as drifting in pre-proceedings while
//!   the court case runs. Proceedings that name pre-proceedings must name
//!   this child's, started on or before the day of issue.
//!
//! A correction applies the replacement over the row of the same id, and
//! every rule is checked again against the corrected dates.

use super::Origin;
use crate::db::{Row, Tx};
use crate::error::StoreError;
use crate::params;
use chrono::NaiveDate;
use hearth_domain::clocks::ClockPolicy;
use hearth_domain::events::{
    EventPayload, PreProceedingsEnded, PreProceedingsOutcome, PreProceedingsReviewed, PreProceedingsStarted, ProceedingsConcluded,
    ProceedingsIssued,
};
use hearth_domain::ids::{PersonId, ProceedingsId};
use hearth_domain::validation::FieldErrors;

/// Whether an event is recorded for the first time or replaces the version
/// a correction names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    New,
    Correction,
}

pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    dispatch(tx, origin, payload, Mode::New).await
}

/// Applies the corrected version of an event over what the original wrote.
pub(super) async fn correct(tx: &mut Tx, origin: Origin, replacement: &EventPayload) -> Result<(), StoreError> {
    dispatch(tx, origin, replacement, Mode::Correction).await
}

async fn dispatch(tx: &mut Tx, origin: Origin, payload: &EventPayload, mode: Mode) -> Result<(), StoreError> {
    match payload {
        EventPayload::PreProceedingsStarted(e) => start(tx, origin, e, mode).await,
        EventPayload::PreProceedingsReviewed(e) => review(tx, origin, e, mode).await,
        EventPayload::PreProceedingsEnded(e) => end(tx, origin, e, mode).await,
        EventPayload::ProceedingsIssued(e) => issue(tx, origin, e, mode).await,
        EventPayload::ProceedingsConcluded(e) => conclude(tx, origin, e, mode).await,
        _ => Ok(()),
    }
}

/// Pre-proceedings as the rules need them.
struct Plo {
    child_id: String,
    started_on: NaiveDate,
    first_review_on: Option<NaiveDate>,
    last_review_on: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
    late_reason: String,
    outcome: Option<String>,
}

fn plo_from(r: &Row) -> Result<Plo, StoreError> {
    Ok(Plo {
        child_id: r.str("child_id")?,
        started_on: r.date("started_on")?,
        first_review_on: r.opt_date("first_review_on")?,
        last_review_on: r.opt_date("last_review_on")?,
        ended_on: r.opt_date("ended_on")?,
        late_reason: r.str("late_reason")?,
        outcome: r.opt_str("outcome")?,
    })
}

async fn plo(tx: &mut Tx, id: ProceedingsId) -> Result<Option<Plo>, StoreError> {
    let row = tx
        .fetch_optional(
            "SELECT p.child_id, p.started_on, p.last_review_on, p.ended_on, p.late_reason, p.outcome, \
             (SELECT MIN(r.reviewed_on) FROM pre_proceedings_reviews r WHERE r.pre_proceedings_id = p.pre_proceedings_id) AS first_review_on \
             FROM pre_proceedings p WHERE p.pre_proceedings_id = $1",
            params![id.0],
        )
        .await?;
    row.as_ref().map(plo_from).transpose()
}

/// This child's pre-proceedings of that id, or a refusal.
async fn childs_plo(tx: &mut Tx, id: ProceedingsId, child: PersonId) -> Result<Plo, StoreError> {
    match plo(tx, id).await? {
        Some(p) if p.child_id == child.0.to_string() => Ok(p),
        _ => Err(StoreError::Refused("Those pre-proceedings are not on this child's record".to_string())),
    }
}

fn one_error(field: &str, message: impl Into<String>) -> StoreError {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    StoreError::Invalid(errors)
}

async fn start(tx: &mut Tx, origin: Origin, e: &PreProceedingsStarted, mode: Mode) -> Result<(), StoreError> {
    let existing = plo(tx, e.pre_proceedings_id).await?;
    match mode {
        Mode::New => {
            if existing.is_some() {
                return Err(StoreError::Refused("These pre-proceedings have already been started".to_string()));
            }
            let open = tx
                .fetch_optional("SELECT started_on FROM pre_proceedings WHERE child_id = $1 AND ended_on IS NULL", params![e.child_id.0])
                .await?;
            if let Some(open) = open {
                return Err(StoreError::Refused(format!(
                    "The child is already in pre-proceedings (started {}): record reviews on those, or end them first",
                    open.date("started_on")?.format("%-d %B %Y")
                )));
            }
            tx.execute(
                "INSERT INTO pre_proceedings (pre_proceedings_id, child_id, legal_planning_meeting_on, started_on, concerns, \
                 started_seq, updated_seq) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                params![
                    e.pre_proceedings_id.0,
                    e.child_id.0,
                    e.legal_planning_meeting_on,
                    e.started_on,
                    e.concerns.trim(),
                    origin.seq,
                    origin.seq
                ],
            )
            .await?;
            Ok(())
        }
        Mode::Correction => {
            let existing = existing.ok_or_else(|| StoreError::Corrupt("corrected pre-proceedings have no row".to_string()))?;
            // A later start must still come before everything recorded on them.
            if let Some(first) = existing.first_review_on.filter(|d| *d < e.started_on) {
                return Err(one_error(
                    "started_on",
                    format!("Pre-proceedings cannot start after their first review on {}", first.format("%-d %B %Y")),
                ));
            }
            if let Some(ended_on) = existing.ended_on {
                let outcome = existing
                    .outcome
                    .as_deref()
                    .and_then(PreProceedingsOutcome::from_code)
                    .ok_or_else(|| StoreError::Corrupt("ended pre-proceedings without an outcome".to_string()))?;
                let ending = PreProceedingsEnded {
                    pre_proceedings_id: e.pre_proceedings_id,
                    child_id: e.child_id,
                    ended_on,
                    outcome,
                    detail: String::new(),
                    late_reason: existing.late_reason.clone(),
                };
                ending.check_against(e.started_on, &ClockPolicy::default(), &super::calendar(tx).await?).map_err(|mut errors| {
                    // Name the field the correction can change.
                    for err in &mut errors.0 {
                        if err.field == "ended_on" {
                            err.field = "started_on".to_string();
                            err.message = "Pre-proceedings cannot start after they ended".to_string();
                        }
                    }
                    StoreError::Invalid(errors)
                })?;
            }
            let issued_before = tx
                .fetch_optional(
                    "SELECT MIN(issued_on) AS first_issued FROM proceedings WHERE pre_proceedings_id = $1",
                    params![e.pre_proceedings_id.0],
                )
                .await?;
            if let Some(first) = issued_before.as_ref().map(|r| r.opt_date("first_issued")).transpose()?.flatten()
                && first < e.started_on
            {
                return Err(one_error("started_on", "Pre-proceedings cannot start after the proceedings they led to were issued"));
            }
            tx.execute(
                "UPDATE pre_proceedings SET legal_planning_meeting_on = $1, started_on = $2, concerns = $3 WHERE pre_proceedings_id = $4",
                params![e.legal_planning_meeting_on, e.started_on, e.concerns.trim(), e.pre_proceedings_id.0],
            )
            .await?;
            Ok(())
        }
    }
}

/// Works out the review figures kept on the pre-proceedings row again from
/// its reviews: how many, the last, and the first one's late reason (the
/// first review is the one the plo-review clock waits for).
async fn refresh_reviews(tx: &mut Tx, id: ProceedingsId, seq: Option<i64>) -> Result<(), StoreError> {
    let rows = tx
        .fetch_all(
            "SELECT reviewed_on, late_reason FROM pre_proceedings_reviews WHERE pre_proceedings_id = $1 ORDER BY reviewed_on, origin_seq",
            params![id.0],
        )
        .await?;
    let last = rows.last().map(|r| r.date("reviewed_on")).transpose()?;
    let first_late = rows.first().map(|r| r.str("late_reason")).transpose()?.unwrap_or_default();
    let count = rows.len() as i64;
    match seq {
        Some(seq) => {
            tx.execute(
                "UPDATE pre_proceedings SET last_review_on = $1, review_count = $2, review_late_reason = $3, updated_seq = $4 \
                 WHERE pre_proceedings_id = $5",
                params![last, count, first_late, seq, id.0],
            )
            .await?
        }
        None => {
            tx.execute(
                "UPDATE pre_proceedings SET last_review_on = $1, review_count = $2, review_late_reason = $3 WHERE pre_proceedings_id = $4",
                params![last, count, first_late, id.0],
            )
            .await?
        }
    };
    Ok(())
}

async fn review(tx: &mut Tx, origin: Origin, e: &PreProceedingsReviewed, mode: Mode) -> Result<(), StoreError> {
    let p = childs_plo(tx, e.pre_proceedings_id, e.child_id).await?;
    let existing =
        tx.fetch_optional("SELECT pre_proceedings_id FROM pre_proceedings_reviews WHERE review_id = $1", params![e.review_id.0]).await?;
    match mode {
        Mode::New => {
            if existing.is_some() {
                return Err(StoreError::Refused("This review has already been recorded".to_string()));
            }
            if let Some(ended_on) = p.ended_on {
                return Err(StoreError::Refused(format!(
                    "These pre-proceedings ended on {}: no more reviews can be recorded on them",
                    ended_on.format("%-d %B %Y")
                )));
            }
        }
        Mode::Correction => {
            let existing = existing.ok_or_else(|| StoreError::Corrupt("corrected review has no row".to_string()))?;
            if existing.str("pre_proceedings_id")? != e.pre_proceedings_id.0.to_string() {
                return Err(StoreError::Refused("A correction cannot move a review to other pre-proceedings".to_string()));
            }
            if let Some(ended_on) = p.ended_on.filter(|end| e.reviewed_on > *end) {
                return Err(one_error(
                    "reviewed_on",
                    format!("The review cannot be after pre-proceedings ended on {}", ended_on.format("%-d %B %Y")),
                ));
            }
        }
    }
    e.check_against(p.started_on)?;
    match mode {
        Mode::New => {
            tx.execute(
                "INSERT INTO pre_proceedings_reviews (review_id, pre_proceedings_id, child_id, reviewed_on, progress, late_reason, origin_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                params![
                    e.review_id.0,
                    e.pre_proceedings_id.0,
                    e.child_id.0,
                    e.reviewed_on,
                    e.progress.trim(),
                    e.late_reason.trim(),
                    origin.seq
                ],
            )
            .await?;
            refresh_reviews(tx, e.pre_proceedings_id, Some(origin.seq)).await
        }
        Mode::Correction => {
            tx.execute(
                "UPDATE pre_proceedings_reviews SET reviewed_on = $1, progress = $2, late_reason = $3 WHERE review_id = $4",
                params![e.reviewed_on, e.progress.trim(), e.late_reason.trim(), e.review_id.0],
            )
            .await?;
            refresh_reviews(tx, e.pre_proceedings_id, None).await
        }
    }
}

async fn end(tx: &mut Tx, origin: Origin, e: &PreProceedingsEnded, mode: Mode) -> Result<(), StoreError> {
    let p = childs_plo(tx, e.pre_proceedings_id, e.child_id).await?;
    match (mode, p.ended_on) {
        (Mode::New, Some(ended_on)) => {
            return Err(StoreError::Refused(format!("These pre-proceedings already ended on {}", ended_on.format("%-d %B %Y"))));
        }
        (Mode::Correction, None) => return Err(StoreError::Corrupt("corrected ending of pre-proceedings that are open".to_string())),
        _ => {}
    }
    e.check_against(p.started_on, &ClockPolicy::default(), &super::calendar(tx).await?)?;
    if let Some(last) = p.last_review_on.filter(|last| e.ended_on < *last) {
        return Err(one_error("ended_on", format!("Pre-proceedings cannot end before their last review on {}", last.format("%-d %B %Y"))));
    }
    if mode == Mode::Correction {
        let issued = tx
            .fetch_optional("SELECT proceedings_id FROM proceedings WHERE pre_proceedings_id = $1 LIMIT 1", params![e.pre_proceedings_id.0])
            .await?;
        if issued.is_some() && e.outcome != PreProceedingsOutcome::ProceedingsIssued {
            return Err(one_error("outcome", "Proceedings were issued from these pre-proceedings: the outcome must say so"));
        }
    }
    match mode {
        Mode::New => {
            tx.execute(
                "UPDATE pre_proceedings SET ended_on = $1, outcome = $2, detail = $3, late_reason = $4, updated_seq = $5 \
                 WHERE pre_proceedings_id = $6 AND ended_on IS NULL",
                params![e.ended_on, e.outcome.code(), e.detail.trim(), e.late_reason.trim(), origin.seq, e.pre_proceedings_id.0],
            )
            .await?;
        }
        // The row keeps the sequence number of the event that last changed it.
        Mode::Correction => {
            tx.execute(
                "UPDATE pre_proceedings SET ended_on = $1, outcome = $2, detail = $3, late_reason = $4 WHERE pre_proceedings_id = $5",
                params![e.ended_on, e.outcome.code(), e.detail.trim(), e.late_reason.trim(), e.pre_proceedings_id.0],
            )
            .await?;
        }
    }
    Ok(())
}

/// Proceedings as the rules need them.
struct Case {
    child_id: String,
    issued_on: NaiveDate,
    concluded_on: Option<NaiveDate>,
    late_reason: String,
    outcome: Option<String>,
}

async fn case(tx: &mut Tx, id: ProceedingsId) -> Result<Option<Case>, StoreError> {
    let row = tx
        .fetch_optional(
            "SELECT child_id, issued_on, concluded_on, late_reason, outcome FROM proceedings WHERE proceedings_id = $1",
            params![id.0],
        )
        .await?;
    row.map(|r| {
        Ok(Case {
            child_id: r.str("child_id")?,
            issued_on: r.date("issued_on")?,
            concluded_on: r.opt_date("concluded_on")?,
            late_reason: r.str("late_reason")?,
            outcome: r.opt_str("outcome")?,
        })
    })
    .transpose()
}

async fn issue(tx: &mut Tx, origin: Origin, e: &ProceedingsIssued, mode: Mode) -> Result<(), StoreError> {
    let existing = case(tx, e.proceedings_id).await?;
    match mode {
        Mode::New => {
            if existing.is_some() {
                return Err(StoreError::Refused("These proceedings have already been issued".to_string()));
            }
            let open = tx
                .fetch_optional("SELECT issued_on FROM proceedings WHERE child_id = $1 AND concluded_on IS NULL", params![e.child_id.0])
                .await?;
            if let Some(open) = open {
                return Err(StoreError::Refused(format!(
                    "The child already has proceedings open (issued {}): conclude them before issuing new ones",
                    open.date("issued_on")?.format("%-d %B %Y")
                )));
            }
            let plo_open = tx
                .fetch_optional("SELECT started_on FROM pre_proceedings WHERE child_id = $1 AND ended_on IS NULL", params![e.child_id.0])
                .await?;
            if let Some(open) = plo_open {
                return Err(StoreError::Refused(format!(
                    "The child is still in pre-proceedings (started {}). End them first with the outcome \"{}\", \
                     then issue proceedings linked to them",
                    open.date("started_on")?.format("%-d %B %Y"),
                    PreProceedingsOutcome::ProceedingsIssued.label()
                )));
            }
        }
        Mode::Correction => {
            let existing = existing.ok_or_else(|| StoreError::Corrupt("corrected proceedings have no row".to_string()))?;
            if let Some(concluded_on) = existing.concluded_on {
                let outcome = existing
                    .outcome
                    .as_deref()
                    .and_then(hearth_domain::events::ProceedingsOutcome::from_code)
                    .ok_or_else(|| StoreError::Corrupt("concluded proceedings without an outcome".to_string()))?;
                let conclusion = ProceedingsConcluded {
                    proceedings_id: e.proceedings_id,
                    child_id: e.child_id,
                    concluded_on,
                    outcome,
                    late_reason: existing.late_reason.clone(),
                };
                conclusion.check_against(e.issued_on, &super::calendar(tx).await?).map_err(|mut errors| {
                    for err in &mut errors.0 {
                        if err.field == "concluded_on" {
                            err.field = "issued_on".to_string();
                            err.message = "Proceedings cannot be issued after they concluded".to_string();
                        } else if err.field == "late_reason" {
                            err.field = "issued_on".to_string();
                            err.message = "With this date of issue the proceedings ran past 26 weeks and no reason was recorded: \
                                           correct the conclusion with the reason first"
                                .to_string();
                        }
                    }
                    StoreError::Invalid(errors)
                })?;
            }
        }
    }
    if let Some(plo_id) = e.pre_proceedings_id {
        let p = match plo(tx, plo_id).await? {
            Some(p) if p.child_id == e.child_id.0.to_string() => p,
            _ => return Err(one_error("pre_proceedings_id", "Choose pre-proceedings from this child's record")),
        };
        if p.ended_on.is_none() {
            return Err(one_error(
                "pre_proceedings_id",
                format!(
                    "Those pre-proceedings are still open. End them first with the outcome \"{}\", then issue proceedings",
                    PreProceedingsOutcome::ProceedingsIssued.label()
                ),
            ));
        }
        e.check_against_pre_proceedings(p.started_on)?;
    }
    match mode {
        Mode::New => {
            tx.execute(
                "INSERT INTO proceedings (proceedings_id, child_id, pre_proceedings_id, issued_on, application, court, started_seq, updated_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                params![
                    e.proceedings_id.0,
                    e.child_id.0,
                    e.pre_proceedings_id.map(|p| p.0),
                    e.issued_on,
                    e.application.code(),
                    e.court.trim(),
                    origin.seq,
                    origin.seq
                ],
            )
            .await?;
        }
        Mode::Correction => {
            tx.execute(
                "UPDATE proceedings SET pre_proceedings_id = $1, issued_on = $2, application = $3, court = $4 WHERE proceedings_id = $5",
                params![e.pre_proceedings_id.map(|p| p.0), e.issued_on, e.application.code(), e.court.trim(), e.proceedings_id.0],
            )
            .await?;
        }
    }
    Ok(())
}

async fn conclude(tx: &mut Tx, origin: Origin, e: &ProceedingsConcluded, mode: Mode) -> Result<(), StoreError> {
    let c = match case(tx, e.proceedings_id).await? {
        Some(c) if c.child_id == e.child_id.0.to_string() => c,
        _ => return Err(StoreError::Refused("Those proceedings are not on this child's record".to_string())),
    };
    match (mode, c.concluded_on) {
        (Mode::New, Some(on)) => {
            return Err(StoreError::Refused(format!("These proceedings already concluded on {}", on.format("%-d %B %Y"))));
        }
        (Mode::Correction, None) => return Err(StoreError::Corrupt("corrected conclusion of proceedings that are open".to_string())),
        _ => {}
    }
    e.check_against(c.issued_on, &super::calendar(tx).await?)?;
    match mode {
        Mode::New => {
            tx.execute(
                "UPDATE proceedings SET concluded_on = $1, outcome = $2, late_reason = $3, updated_seq = $4 \
                 WHERE proceedings_id = $5 AND concluded_on IS NULL",
                params![e.concluded_on, e.outcome.code(), e.late_reason.trim(), origin.seq, e.proceedings_id.0],
            )
            .await?;
        }
        Mode::Correction => {
            tx.execute(
                "UPDATE proceedings SET concluded_on = $1, outcome = $2, late_reason = $3 WHERE proceedings_id = $4",
                params![e.concluded_on, e.outcome.code(), e.late_reason.trim(), e.proceedings_id.0],
            )
            .await?;
        }
    }
    Ok(())
}
