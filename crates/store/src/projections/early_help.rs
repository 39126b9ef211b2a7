//! Early help episodes (F11). The rules that depend on where an episode
//! stands are enforced here, inside the append's transaction, so a refused
//! event is never recorded: a child has one open episode at a time; only a
//! family on the waiting list is kept in touch with; nothing is recorded on
//! an episode that has ended; no date comes before the referral.

use super::Origin;
use super::staff::expect_one;
use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use chrono::NaiveDate;
use hearth_domain::early_help::{EpisodeStatus, quick_rereferral_window_ends};
use hearth_domain::events::EventPayload;
use hearth_domain::ids::{EarlyHelpEpisodeId, PersonId};

/// An episode as the rules need it.
struct Open {
    status: EpisodeStatus,
    referred_on: NaiveDate,
    assessment_started_on: Option<NaiveDate>,
}

async fn episode(tx: &mut Tx, id: EarlyHelpEpisodeId, child: PersonId) -> Result<Open, StoreError> {
    let row = tx
        .fetch_optional(
            "SELECT status, referred_on, assessment_started_on FROM early_help_episodes WHERE episode_id = $1 AND child_id = $2",
            params![id.0, child.0],
        )
        .await?
        .ok_or_else(|| StoreError::Refused("That early help episode does not exist".to_string()))?;
    let status = row.str("status")?;
    Ok(Open {
        status: EpisodeStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown early help status {status}")))?,
        referred_on: row.date("referred_on")?,
        assessment_started_on: row.opt_date("assessment_started_on")?,
    })
}

/// The episode, if it is still open.
async fn open_episode(
    tx: &mut Tx,
    id: EarlyHelpEpisodeId,
    child: PersonId,
) -> Result<Open, StoreError> {
    let e = episode(tx, id, child).await?;
    if !e.status.is_open() {
        return Err(StoreError::Refused(format!(
            "The early help episode has ended ({}): nothing more can be recorded on it",
            e.status.label().to_lowercase()
        )));
    }
    Ok(e)
}

fn not_before_referral(e: &Open, date: NaiveDate, what: &str) -> Result<(), StoreError> {
    if date < e.referred_on {
        return Err(StoreError::Refused(format!(
            "{what} cannot be before the referral to early help"
        )));
    }
    Ok(())
}

async fn set_status(
    tx: &mut Tx,
    id: EarlyHelpEpisodeId,
    from: EpisodeStatus,
    to: EpisodeStatus,
    sql_rest: &str,
    params: &[crate::db::Value],
) -> Result<(), StoreError> {
    // `$1` and `$2` are the new and old status, `$3` the episode; the rest follow.
    let mut all = vec![
        crate::db::Value::from(to.code()),
        crate::db::Value::from(from.code()),
        crate::db::Value::from(id.0),
    ];
    all.extend_from_slice(params);
    expect_one(
        tx.execute(&format!("UPDATE early_help_episodes SET status = $1{sql_rest} WHERE status = $2 AND episode_id = $3"), &all).await?,
        "The early help episode changed while this was being recorded: reload and try again",
    )
}

pub(super) async fn apply(
    tx: &mut Tx,
    origin: Origin,
    payload: &EventPayload,
) -> Result<(), StoreError> {
    match payload {
        EventPayload::EarlyHelpReferred(e) => {
            let open = tx
                .fetch_optional(
                    "SELECT episode_id FROM early_help_episodes WHERE child_id = $1 AND status IN ($2, $3)",
                    params![e.child_id.0, EpisodeStatus::Waiting.code(), EpisodeStatus::Started.code()],
                )
                .await?;
            if open.is_some() {
                return Err(StoreError::Refused(
                    "The child is already open to early help: record on that episode instead"
                        .to_string(),
                ));
            }
            let window = e
                .route
                .is_step_down()
                .then(|| quick_rereferral_window_ends(e.referred_on));
            tx.execute(
                "INSERT INTO early_help_episodes (episode_id, child_id, route, contact_id, referral_id, requested_by, referred_on, \
                 rereferral_window_ends, status, kept_in_touch_count, origin_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                params![
                    e.episode_id.0,
                    e.child_id.0,
                    e.route.code(),
                    e.contact_id.map(|c| c.0),
                    e.referral_id.map(|r| r.0),
                    e.requested_by.as_deref().map(str::trim),
                    e.referred_on,
                    window,
                    EpisodeStatus::Waiting.code(),
                    0i64,
                    origin.seq
                ],
            )
            .await?;
        }
        EventPayload::EarlyHelpStarted(e) => {
            let ep = open_episode(tx, e.episode_id, e.child_id).await?;
            if ep.status != EpisodeStatus::Waiting {
                return Err(StoreError::Refused(
                    "Early help has already started for this child".to_string(),
                ));
            }
            not_before_referral(&ep, e.started_on, "The start date")?;
            set_status(
                tx,
                e.episode_id,
                EpisodeStatus::Waiting,
                EpisodeStatus::Started,
                ", started_on = $4, lead_professional = $5, organisation = $6, team_id = $7",
                params![
                    e.started_on,
                    e.lead_professional.trim(),
                    e.organisation.trim(),
                    e.team_id.map(|t| t.0)
                ],
            )
            .await?;
        }
        EventPayload::EarlyHelpKeptInTouch(e) => {
            let ep = open_episode(tx, e.episode_id, e.child_id).await?;
            if ep.status != EpisodeStatus::Waiting {
                return Err(StoreError::Refused(
                    "Keeping-in-touch contacts are for families on the waiting list; early help has started for this child".to_string(),
                ));
            }
            not_before_referral(&ep, e.contacted_on, "The date of the contact")?;
            // Contacts may be recorded late and out of order: keep the latest date.
            let reached = e.method.reached_the_family().then_some(e.contacted_on);
            tx.execute(
                "UPDATE early_help_episodes SET kept_in_touch_count = kept_in_touch_count + 1, \
                 last_kept_in_touch_on = CASE WHEN last_kept_in_touch_on IS NULL OR last_kept_in_touch_on < $1 THEN $1 ELSE last_kept_in_touch_on END, \
                 last_reached_on = CASE WHEN $2 IS NULL THEN last_reached_on \
                                        WHEN last_reached_on IS NULL OR last_reached_on < $2 THEN $2 ELSE last_reached_on END \
                 WHERE episode_id = $3",
                params![e.contacted_on, reached, e.episode_id.0],
            )
            .await?;
        }
        EventPayload::EarlyHelpAssessmentStarted(e) => {
            let ep = open_episode(tx, e.episode_id, e.child_id).await?;
            if ep.assessment_started_on.is_some() {
                return Err(StoreError::Refused(
                    "The early help assessment has already started".to_string(),
                ));
            }
            not_before_referral(&ep, e.started_on, "The assessment start date")?;
            tx.execute(
                "UPDATE early_help_episodes SET assessment_started_on = $1 WHERE episode_id = $2",
                params![e.started_on, e.episode_id.0],
            )
            .await?;
        }
        EventPayload::EarlyHelpAssessmentCompleted(e) => {
            let ep = open_episode(tx, e.episode_id, e.child_id).await?;
            let Some(started) = ep.assessment_started_on else {
                return Err(StoreError::Refused(
                    "Record when the early help assessment started first".to_string(),
                ));
            };
            if e.completed_on < started {
                return Err(StoreError::Refused(
                    "The assessment cannot be completed before it started".to_string(),
                ));
            }
            expect_one(
                tx.execute(
                    "UPDATE early_help_episodes SET assessment_completed_on = $1, assessment_organisation = $2 \
                     WHERE episode_id = $3 AND assessment_completed_on IS NULL",
                    params![e.completed_on, e.organisation.trim(), e.episode_id.0],
                )
                .await?,
                "The early help assessment has already been completed",
            )?;
        }
        EventPayload::EarlyHelpSteppedUp(e) => {
            let ep = open_episode(tx, e.episode_id, e.child_id).await?;
            not_before_referral(&ep, e.stepped_up_on, "The step-up")?;
            let known = tx
                .fetch_optional(
                    "SELECT contact_id FROM contacts WHERE contact_id = $1",
                    params![e.contact_id.0],
                )
                .await?;
            if known.is_none() {
                return Err(StoreError::Refused(
                    "A step-up must be recorded with its contact to the MASH".to_string(),
                ));
            }
            set_status(
                tx,
                e.episode_id,
                ep.status,
                EpisodeStatus::SteppedUp,
                ", ended_on = $4, end_reason = $5, step_up_contact_id = $6",
                params![e.stepped_up_on, "stepped_up", e.contact_id.0],
            )
            .await?;
        }
        EventPayload::EarlyHelpClosed(e) => {
            let ep = open_episode(tx, e.episode_id, e.child_id).await?;
            not_before_referral(&ep, e.closed_on, "The closure date")?;
            set_status(
                tx,
                e.episode_id,
                ep.status,
                EpisodeStatus::Closed,
                ", ended_on = $4, end_reason = $5",
                params![e.closed_on, e.reason.code()],
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}
