//! Projection for strategy discussions, section 47 enquiries and child
//! protection conferences (issue 4; F14). Plans and core groups are
//! `cp_plans.rs`; completing and cancelling actions is `actions.rs`.
//!
//! The domain has already refused a record that breaks its own rules
//! (attendees, decision, rationale, owner and date on every action, no
//! weekend conferences). What needs other records is checked here: the
//! enquiry needs its strategy discussion to have decided on one, an initial
//! conference needs an enquiry that calls for it, and a review needs an
//! open plan.

use super::Origin;
use super::actions::{self, ActionSource};
use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::child_protection::{Agency, ConferenceDecision, ConferenceKind, Section47Outcome, StrategyDecision};
use hearth_domain::clocks::rules::INITIAL_CONFERENCE;
use hearth_domain::clocks::{ClockPolicy, IcpcMeasuredFrom};
use hearth_domain::events::{ConferenceHeld, EventPayload, Section47Started, Section47Updated, StrategyDiscussionHeld};
use hearth_domain::ids::PersonId;
use hearth_domain::validation::FieldErrors;

/// Whether a payload is applied as a new fact or as the corrected version of
/// one already applied (which may rewrite its own row).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    New,
    Correction,
}

pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    apply_as(tx, origin, payload, Mode::New).await
}

/// Applies the corrected version of an event over what the original wrote:
/// each record is keyed by its own id, so the replacement rewrites that row.
pub(super) async fn correct(tx: &mut Tx, origin: Origin, replacement: &EventPayload) -> Result<(), StoreError> {
    apply_as(tx, origin, replacement, Mode::Correction).await
}

async fn apply_as(tx: &mut Tx, origin: Origin, payload: &EventPayload, mode: Mode) -> Result<(), StoreError> {
    match payload {
        EventPayload::StrategyDiscussionHeld(e) => strategy_discussion(tx, origin, e, mode).await,
        EventPayload::Section47Started(e) => section47_started(tx, origin, e, mode).await,
        EventPayload::Section47Updated(e) => section47_updated(tx, origin, e, mode).await,
        EventPayload::ConferenceHeld(e) => conference(tx, origin, e, mode).await,
        _ => Ok(()),
    }
}

fn refused(message: &str) -> StoreError {
    StoreError::Refused(message.to_string())
}

fn invalid(field: &str, message: String) -> StoreError {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    StoreError::Invalid(errors)
}

fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

async fn strategy_discussion(tx: &mut Tx, origin: Origin, e: &StrategyDiscussionHeld, mode: Mode) -> Result<(), StoreError> {
    let d = &e.discussion;
    // Validation has required these; a payload without them is refused
    // rather than stored half-complete.
    let (Some(held_at), Some(decision)) = (d.held_at, d.decision) else {
        return Err(refused("A strategy discussion needs its date and time and its decision"));
    };
    if let Some(referral) = e.referral_id {
        let row = tx
            .fetch_optional("SELECT child_id FROM referrals WHERE referral_id = $1", params![referral.0])
            .await?
            .ok_or_else(|| refused("The referral the strategy discussion belongs to does not exist"))?;
        if row.uuid::<PersonId>("child_id")? != e.child_id {
            return Err(refused("The referral the strategy discussion belongs to is another child's"));
        }
    }
    let existing =
        tx.fetch_optional("SELECT child_id FROM strategy_discussions WHERE discussion_id = $1", params![e.discussion_id.0]).await?;
    let attendees_json = serde_json::to_string(&d.attendees)?;
    let absent = d.expected_absent(Agency::EXPECTED).iter().map(|a| a.code()).collect::<Vec<_>>().join(",");
    let held_at_text = held_at.format("%Y-%m-%dT%H:%M:%S").to_string();
    match (existing, mode) {
        (Some(_), Mode::New) => return Err(refused("This strategy discussion is already recorded; correct it instead")),
        (None, Mode::Correction) => return Err(refused("The strategy discussion to be corrected is not on record")),
        (Some(row), Mode::Correction) => {
            if row.uuid::<PersonId>("child_id")? != e.child_id {
                return Err(refused("A correction cannot move a strategy discussion to another child's record"));
            }
            // An enquiry started from this discussion must still follow from it.
            let enquiry =
                tx.fetch_optional("SELECT started_on FROM section47s WHERE discussion_id = $1", params![e.discussion_id.0]).await?;
            if let Some(enquiry) = enquiry {
                if !decision.starts_section47() {
                    return Err(invalid(
                        "decision",
                        "A section 47 enquiry was started from this strategy discussion, so its decision must stay a section 47 enquiry"
                            .to_string(),
                    ));
                }
                if enquiry.date("started_on")? < held_at.date() {
                    return Err(invalid(
                        "held_at",
                        "The strategy discussion must be on or before the date the section 47 enquiry started".to_string(),
                    ));
                }
                tx.execute("UPDATE section47s SET discussion_on = $1 WHERE discussion_id = $2", params![held_at.date(), e.discussion_id.0])
                    .await?;
            }
            tx.execute(
                "UPDATE strategy_discussions SET referral_id = $1, held_at = $2, held_on = $3, attendees_json = $4, \
                 absent_agencies = $5, information_shared = $6, decision = $7, rationale = $8, interim_safety_plan = $9 \
                 WHERE discussion_id = $10",
                params![
                    e.referral_id.map(|r| r.0),
                    held_at_text,
                    held_at.date(),
                    attendees_json,
                    absent,
                    d.information_shared.trim(),
                    decision.code(),
                    d.rationale.trim(),
                    d.interim_safety_plan.trim(),
                    e.discussion_id.0
                ],
            )
            .await?;
        }
        (None, Mode::New) => {
            tx.execute(
                "INSERT INTO strategy_discussions (discussion_id, child_id, referral_id, held_at, held_on, attendees_json, \
                 absent_agencies, information_shared, decision, rationale, interim_safety_plan, origin_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                params![
                    e.discussion_id.0,
                    e.child_id.0,
                    e.referral_id.map(|r| r.0),
                    held_at_text,
                    held_at.date(),
                    attendees_json,
                    absent,
                    d.information_shared.trim(),
                    decision.code(),
                    d.rationale.trim(),
                    d.interim_safety_plan.trim(),
                    origin.seq
                ],
            )
            .await?;
        }
    }
    actions::record(tx, origin, e.child_id, ActionSource::StrategyDiscussion, &e.discussion_id.to_string(), &d.actions).await
}

async fn section47_started(tx: &mut Tx, origin: Origin, e: &Section47Started, mode: Mode) -> Result<(), StoreError> {
    let discussion = tx
        .fetch_optional("SELECT child_id, held_on, decision FROM strategy_discussions WHERE discussion_id = $1", params![e.discussion_id.0])
        .await?
        .ok_or_else(|| refused("The strategy discussion the enquiry starts from is not on record"))?;
    if discussion.uuid::<PersonId>("child_id")? != e.child_id {
        return Err(refused("The strategy discussion the enquiry starts from is on another child's record"));
    }
    if StrategyDecision::from_code(&discussion.str("decision")?) != Some(StrategyDecision::Section47Enquiry) {
        return Err(refused("The strategy discussion did not decide on a section 47 enquiry, so one cannot be started from it"));
    }
    let held_on = discussion.date("held_on")?;
    if e.started_on < held_on {
        return Err(invalid(
            "started_on",
            format!("The date the enquiry started must be on or after the strategy discussion on {}", long_date(held_on)),
        ));
    }
    let other = tx
        .fetch_optional(
            "SELECT enquiry_id FROM section47s WHERE discussion_id = $1 AND enquiry_id <> $2",
            params![e.discussion_id.0, e.enquiry_id.0],
        )
        .await?;
    if other.is_some() {
        return Err(refused("A section 47 enquiry has already been started from this strategy discussion"));
    }
    let existing = tx
        .fetch_optional("SELECT child_id, child_seen_on, completed_on FROM section47s WHERE enquiry_id = $1", params![e.enquiry_id.0])
        .await?;
    match (existing, mode) {
        (Some(_), Mode::New) => Err(refused("This section 47 enquiry is already recorded")),
        (None, Mode::Correction) => Err(refused("The section 47 enquiry to be corrected is not on record")),
        (Some(row), Mode::Correction) => {
            if row.uuid::<PersonId>("child_id")? != e.child_id {
                return Err(refused("A correction cannot move an enquiry to another child's record"));
            }
            // A later start would leave what has been recorded since before it.
            for (column, what) in [("child_seen_on", "the child was seen"), ("completed_on", "the enquiry was completed")] {
                if row.opt_date(column)?.is_some_and(|d| d < e.started_on) {
                    return Err(invalid("started_on", format!("The date the enquiry started must be on or before the date {what}")));
                }
            }
            tx.execute(
                "UPDATE section47s SET discussion_id = $1, discussion_on = $2, started_on = $3 WHERE enquiry_id = $4",
                params![e.discussion_id.0, held_on, e.started_on, e.enquiry_id.0],
            )
            .await?;
            Ok(())
        }
        (None, Mode::New) => {
            tx.execute(
                "INSERT INTO section47s (enquiry_id, child_id, discussion_id, discussion_on, started_on, started_seq, updated_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
                params![e.enquiry_id.0, e.child_id.0, e.discussion_id.0, held_on, e.started_on, origin.seq],
            )
            .await?;
            Ok(())
        }
    }
}

async fn section47_updated(tx: &mut Tx, origin: Origin, e: &Section47Updated, mode: Mode) -> Result<(), StoreError> {
    let row = tx
        .fetch_optional(
            "SELECT child_id, discussion_on, started_on, outcome FROM section47s WHERE enquiry_id = $1",
            params![e.enquiry_id.0],
        )
        .await?
        .ok_or_else(|| refused("There is no such section 47 enquiry"))?;
    if row.uuid::<PersonId>("child_id")? != e.child_id {
        return Err(refused("The section 47 enquiry is on another child's record"));
    }
    if mode == Mode::New && row.opt_str("outcome")?.is_some() {
        return Err(refused("The section 47 enquiry is already concluded; correct its record instead"));
    }
    let q = &e.enquiry;
    let started_on = q.started_on.unwrap_or(row.date("started_on")?);
    let discussion_on = row.date("discussion_on")?;
    if started_on < discussion_on {
        return Err(invalid(
            "started_on",
            format!("The date the enquiry started must be on or after the strategy discussion on {}", long_date(discussion_on)),
        ));
    }
    // An enquiry whose conference is on record cannot lose the outcome that
    // called for it.
    if q.outcome.is_some_and(|o| !o.needs_icpc()) {
        let held = tx
            .fetch_optional("SELECT conference_id FROM conferences WHERE enquiry_id = $1 AND kind = 'initial'", params![e.enquiry_id.0])
            .await?;
        if held.is_some() {
            return Err(invalid(
                "outcome",
                "An initial conference is recorded for this enquiry, so its outcome must be that a conference is needed".to_string(),
            ));
        }
    }
    tx.execute(
        "UPDATE section47s SET started_on = $1, child_seen_on = $2, child_seen_alone = $3, not_seen_alone_reason = $4, \
         not_seen_reason = $5, outcome = $6, icpc_not_required_reason = $7, completed_on = $8, updated_seq = $9 \
         WHERE enquiry_id = $10",
        params![
            started_on,
            q.child_seen_on,
            q.child_seen_alone,
            q.not_seen_alone_reason.trim(),
            q.not_seen_reason.trim(),
            q.outcome.map(|o| o.code()),
            q.icpc_not_required_reason.trim(),
            q.completed_on,
            origin.seq,
            e.enquiry_id.0
        ],
    )
    .await?;
    Ok(())
}

async fn conference(tx: &mut Tx, origin: Origin, e: &ConferenceHeld, mode: Mode) -> Result<(), StoreError> {
    let c = &e.conference;
    let (Some(held_on), Some(decision)) = (c.held_on, c.decision) else {
        return Err(refused("A conference needs its date and its decision"));
    };
    let existing = tx.fetch_optional("SELECT child_id, kind FROM conferences WHERE conference_id = $1", params![e.conference_id.0]).await?;
    match (&existing, mode) {
        (Some(_), Mode::New) => return Err(refused("This conference is already recorded; correct it instead")),
        (None, Mode::Correction) => return Err(refused("The conference to be corrected is not on record")),
        (Some(row), Mode::Correction) => {
            if row.uuid::<PersonId>("child_id")? != e.child_id {
                return Err(refused("A correction cannot move a conference to another child's record"));
            }
        }
        (None, Mode::New) => {}
    }
    let (enquiry_id, plan_id) = match c.kind {
        ConferenceKind::Initial => (Some(initial_conference_checks(tx, e, held_on).await?), None),
        ConferenceKind::Review => (None, Some(review_conference_checks(tx, e, held_on).await?)),
    };
    let kind = match c.kind {
        ConferenceKind::Initial => "initial",
        ConferenceKind::Review => "review",
    };
    let decision = match decision {
        ConferenceDecision::ChildProtectionPlan => "child_protection_plan",
        ConferenceDecision::NoPlan => "no_plan",
    };
    let attendees_json = serde_json::to_string(&c.attendees)?;
    let v = &c.childs_views;
    let category = c.category.map(|k| k.code());
    if existing.is_some() {
        tx.execute(
            "UPDATE conferences SET kind = $1, enquiry_id = $2, plan_id = $3, held_on = $4, attendees_json = $5, childs_views = $6, \
             childs_views_not_obtained_reason = $7, advocacy_offered = $8, advocate = $9, decision = $10, category = $11, \
             rationale = $12, late_reason = $13 WHERE conference_id = $14",
            params![
                kind,
                enquiry_id.as_deref(),
                plan_id.as_deref(),
                held_on,
                attendees_json,
                v.views.trim(),
                v.not_obtained_reason.trim(),
                v.advocacy_offered,
                v.advocate.trim(),
                decision,
                category,
                c.rationale.trim(),
                e.late_reason.trim(),
                e.conference_id.0
            ],
        )
        .await?;
    } else {
        tx.execute(
            "INSERT INTO conferences (conference_id, child_id, kind, enquiry_id, plan_id, held_on, attendees_json, childs_views, \
             childs_views_not_obtained_reason, advocacy_offered, advocate, decision, category, rationale, late_reason, origin_seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            params![
                e.conference_id.0,
                e.child_id.0,
                kind,
                enquiry_id.as_deref(),
                plan_id.as_deref(),
                held_on,
                attendees_json,
                v.views.trim(),
                v.not_obtained_reason.trim(),
                v.advocacy_offered,
                v.advocate.trim(),
                decision,
                category,
                c.rationale.trim(),
                e.late_reason.trim(),
                origin.seq
            ],
        )
        .await?;
    }
    // The plan's latest category is what a review last decided.
    if let (Some(plan), Some(category)) = (&plan_id, category) {
        tx.execute("UPDATE plans SET latest_category = $1 WHERE plan_id = $2", params![category, plan.as_str()]).await?;
    }
    actions::record(tx, origin, e.child_id, ActionSource::Conference, &e.conference_id.to_string(), &e.actions).await
}

/// An initial conference: for this child's enquiry, which either found a
/// conference is needed or is still open; held on or after its start; and,
/// if held after the 15 working days, with the reason recorded.
async fn initial_conference_checks(tx: &mut Tx, e: &ConferenceHeld, held_on: chrono::NaiveDate) -> Result<String, StoreError> {
    let Some(enquiry_id) = e.enquiry_id else {
        return Err(invalid("enquiry_id", "Choose the section 47 enquiry the initial conference was convened for".to_string()));
    };
    let enquiry = tx
        .fetch_optional("SELECT child_id, discussion_on, started_on, outcome FROM section47s WHERE enquiry_id = $1", params![enquiry_id.0])
        .await?
        .ok_or_else(|| refused("The section 47 enquiry the conference was convened for is not on record"))?;
    if enquiry.uuid::<PersonId>("child_id")? != e.child_id {
        return Err(refused("The section 47 enquiry the conference was convened for is on another child's record"));
    }
    if let Some(outcome) = enquiry.opt_str("outcome")?
        && !Section47Outcome::from_code(&outcome).is_some_and(Section47Outcome::needs_icpc)
    {
        return Err(refused("The section 47 enquiry concluded that no initial child protection conference is needed"));
    }
    let other = tx
        .fetch_optional(
            "SELECT conference_id FROM conferences WHERE enquiry_id = $1 AND kind = 'initial' AND conference_id <> $2",
            params![enquiry_id.0, e.conference_id.0],
        )
        .await?;
    if other.is_some() {
        return Err(refused("An initial conference is already recorded for this section 47 enquiry"));
    }
    let started_on = enquiry.date("started_on")?;
    if held_on < started_on {
        return Err(invalid(
            "held_on",
            format!("The date of the initial conference must be on or after the section 47 enquiry started on {}", long_date(started_on)),
        ));
    }
    let policy = ClockPolicy::default();
    let (anchor, anchor_what) = match policy.icpc_measured_from {
        IcpcMeasuredFrom::StrategyDiscussion => (enquiry.date("discussion_on")?, "the strategy discussion"),
        IcpcMeasuredFrom::Section47Start => (started_on, "the section 47 enquiry started"),
    };
    let calendar = super::calendar(tx).await?;
    let period = INITIAL_CONFERENCE.period(&policy);
    let due = period.due_from(anchor, &calendar);
    if held_on > due && e.late_reason.trim().is_empty() {
        return Err(invalid(
            "late_reason",
            format!(
                "The initial conference was due by {} ({} after {} on {}): enter why it was held later",
                long_date(due),
                period.describe(),
                anchor_what,
                long_date(anchor)
            ),
        ));
    }
    Ok(enquiry_id.to_string())
}

/// A review conference: of this child's open child protection plan, held
/// after the plan started.
async fn review_conference_checks(tx: &mut Tx, e: &ConferenceHeld, held_on: chrono::NaiveDate) -> Result<String, StoreError> {
    let Some(plan_id) = e.plan_id else {
        return Err(refused("A review conference reviews a child protection plan: there is none open for this child"));
    };
    let plan = tx
        .fetch_optional("SELECT child_id, kind, started_on, ended_on FROM plans WHERE plan_id = $1", params![plan_id.0])
        .await?
        .ok_or_else(|| refused("The child protection plan under review is not on record"))?;
    if plan.uuid::<PersonId>("child_id")? != e.child_id || plan.str("kind")? != "cp" {
        return Err(refused("The plan under review is not this child's child protection plan"));
    }
    if plan.opt_date("ended_on")?.is_some() {
        return Err(refused("The child protection plan under review has ended"));
    }
    let started_on = plan.date("started_on")?;
    if held_on <= started_on {
        return Err(invalid(
            "held_on",
            format!("The date of the review conference must be after the child protection plan started on {}", long_date(started_on)),
        ));
    }
    Ok(plan_id.to_string())
}
