//! Children in care: episodes of care and looked-after reviews, so screens
//! can ask who is looked after on a day. The other care records (missing
//! spells, outcomes, care leavers' contacts, adoption) are read from the
//! log by the returns and have no table yet.
//!
//! The 903 sequence of episodes is enforced here, inside the append's
//! transaction, so a refused event is never recorded:
//!
//! - a child has at most one open episode: a change of legal status or
//!   placement is recorded as the open episode ending with `X1` and the new
//!   one starting the same day. The projection does not end the open
//!   episode itself: every `DEC` and `REC` in the return is then an event
//!   a worker recorded, and the returns, which fold the log and not these
//!   tables, read the same ending;
//! - an episode that continues care (any reason but `S`) follows an episode
//!   ended with `X1` on its start day, and one after an `X1` ending is not
//!   a new period of care (`S`);
//! - only an open episode of this child can be ended, never before it started;
//! - a review is held for a child with an episode begun by its day.
//!
//! A correction applies the replacement over the row of the same id.

use super::Origin;
use crate::db::{Row, Tx};
use crate::error::StoreError;
use crate::params;
use chrono::NaiveDate;
use hearth_domain::care_codes::{ReasonEpisodeCeased, ReasonNewEpisode};
use hearth_domain::events::{CareEpisodeEnded, CareEpisodeStarted, EventPayload, LookedAfterReviewHeld};
use hearth_domain::validation::FieldErrors;

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
        EventPayload::CareEpisodeStarted(e) => start(tx, origin, e, mode).await,
        EventPayload::CareEpisodeEnded(e) => end(tx, origin, e, mode).await,
        EventPayload::LookedAfterReviewHeld(e) => review(tx, origin, e, mode).await,
        _ => Ok(()),
    }
}

/// An episode as the rules need it.
struct Episode {
    child_id: String,
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    reason_ceased: Option<String>,
}

fn episode_from(r: &Row) -> Result<Episode, StoreError> {
    Ok(Episode {
        child_id: r.str("child_id")?,
        started_on: r.date("started_on")?,
        ended_on: r.opt_date("ended_on")?,
        reason_ceased: r.opt_str("reason_ceased")?,
    })
}

const EPISODE_COLUMNS: &str = "child_id, started_on, ended_on, reason_ceased";

async fn episode(tx: &mut Tx, id: uuid::Uuid) -> Result<Option<Episode>, StoreError> {
    let row = tx.fetch_optional(&format!("SELECT {EPISODE_COLUMNS} FROM care_episodes WHERE episode_id = $1"), params![id]).await?;
    row.as_ref().map(episode_from).transpose()
}

fn one_error(field: &str, message: impl Into<String>) -> StoreError {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    StoreError::Invalid(errors)
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

async fn start(tx: &mut Tx, origin: Origin, e: &CareEpisodeStarted, mode: Mode) -> Result<(), StoreError> {
    let existing = episode(tx, e.episode_id.0).await?;
    match mode {
        Mode::New => {
            if existing.is_some() {
                return Err(StoreError::Refused("This care episode has already been started".to_string()));
            }
            if tx.fetch_optional("SELECT person_id FROM people WHERE person_id = $1", params![e.child_id.0]).await?.is_none() {
                return Err(StoreError::Refused("The child is not on the record".to_string()));
            }
            let latest = tx
                .fetch_optional(
                    &format!(
                        "SELECT {EPISODE_COLUMNS} FROM care_episodes WHERE child_id = $1 \
                         ORDER BY started_on DESC, started_seq DESC LIMIT 1"
                    ),
                    params![e.child_id.0],
                )
                .await?;
            let latest = latest.as_ref().map(episode_from).transpose()?;
            check_follows(latest.as_ref(), e)?;
            tx.execute(
                "INSERT INTO care_episodes (episode_id, child_id, started_on, reason_new_episode, legal_status, category_of_need, \
                 placement_type, placement_provider, home_postcode, placement_postcode, urn, reason_place_change, started_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                params![
                    e.episode_id.0,
                    e.child_id.0,
                    e.started_on,
                    e.reason_new_episode.code(),
                    e.legal_status.code(),
                    e.category_of_need.code(),
                    e.placement_type.code(),
                    e.placement_provider.map(|p| p.code()),
                    e.home_postcode.as_deref().map(tidy),
                    e.placement_postcode.as_deref().map(tidy),
                    e.urn.as_deref().map(tidy),
                    e.reason_place_change.map(|r| r.code()),
                    origin.seq
                ],
            )
            .await?;
            Ok(())
        }
        Mode::Correction => {
            let existing = existing.ok_or_else(|| StoreError::Corrupt("a corrected care episode has no row".to_string()))?;
            if let Some(ended) = existing.ended_on.filter(|d| *d < e.started_on) {
                return Err(one_error("started_on", format!("The episode cannot start after it ended on {}", long_date(ended))));
            }
            tx.execute(
                "UPDATE care_episodes SET started_on = $1, reason_new_episode = $2, legal_status = $3, category_of_need = $4, \
                 placement_type = $5, placement_provider = $6, home_postcode = $7, placement_postcode = $8, urn = $9, \
                 reason_place_change = $10 WHERE episode_id = $11",
                params![
                    e.started_on,
                    e.reason_new_episode.code(),
                    e.legal_status.code(),
                    e.category_of_need.code(),
                    e.placement_type.code(),
                    e.placement_provider.map(|p| p.code()),
                    e.home_postcode.as_deref().map(tidy),
                    e.placement_postcode.as_deref().map(tidy),
                    e.urn.as_deref().map(tidy),
                    e.reason_place_change.map(|r| r.code()),
                    e.episode_id.0
                ],
            )
            .await?;
            Ok(())
        }
    }
}

/// Whether a new episode may follow the child's latest one.
fn check_follows(latest: Option<&Episode>, e: &CareEpisodeStarted) -> Result<(), StoreError> {
    let continues = e.reason_new_episode != ReasonNewEpisode::Started;
    // A child's first episode on Hearth may continue care that began before
    // Hearth held their record: a 903 imported from another system starts
    // with whatever episode was open on 1 April. The DfE's rule 357 (first
    // ever episode must be S) flags it where it is a mistake.
    let Some(latest) = latest else {
        return Ok(());
    };
    let Some(ended_on) = latest.ended_on else {
        return Err(StoreError::Refused(format!(
            "The child is already looked after in an episode that started on {}: end it first (with X1 when care continues in the new episode)",
            long_date(latest.started_on)
        )));
    };
    let x1 = latest.reason_ceased.as_deref() == Some(ReasonEpisodeCeased::ContinuesInNewEpisode.code());
    if e.started_on < ended_on {
        return Err(StoreError::Refused(format!("The new episode cannot start before the last one ended, on {}", long_date(ended_on))));
    }
    match (continues, x1) {
        (true, true) if e.started_on == ended_on => Ok(()),
        (true, true) => Err(StoreError::Refused(format!(
            "An episode that continues care starts the day the last one ended with X1, {}",
            long_date(ended_on)
        ))),
        (true, false) => {
            Err(StoreError::Refused("The last episode ended the child's care: a new period of care starts with reason S".to_string()))
        }
        (false, true) => Err(StoreError::Refused(
            "The last episode ended with X1, so care continues: give the reason for the new episode (L, P, T, B or U), not S".to_string(),
        )),
        (false, false) => Ok(()),
    }
}

/// Postcodes and URNs are kept in capitals without surrounding space.
fn tidy(s: &str) -> String {
    s.trim().to_ascii_uppercase()
}

async fn end(tx: &mut Tx, origin: Origin, e: &CareEpisodeEnded, mode: Mode) -> Result<(), StoreError> {
    let existing = episode(tx, e.episode_id.0).await?;
    let existing = match (existing, mode) {
        (Some(x), Mode::New) if x.child_id == e.child_id.0.to_string() && x.ended_on.is_none() => x,
        (_, Mode::New) => return Err(StoreError::Refused("That care episode is not open on this child's record".to_string())),
        (Some(x), Mode::Correction) => x,
        (None, Mode::Correction) => return Err(StoreError::Corrupt("a corrected care episode has no row".to_string())),
    };
    if e.ended_on < existing.started_on {
        return Err(one_error("ended_on", format!("The episode cannot end before it started on {}", long_date(existing.started_on))));
    }
    match mode {
        Mode::New => {
            tx.execute(
                "UPDATE care_episodes SET ended_on = $1, reason_ceased = $2, ended_seq = $3 WHERE episode_id = $4",
                params![e.ended_on, e.reason_ceased.code(), origin.seq, e.episode_id.0],
            )
            .await?;
        }
        Mode::Correction => {
            tx.execute(
                "UPDATE care_episodes SET ended_on = $1, reason_ceased = $2 WHERE episode_id = $3",
                params![e.ended_on, e.reason_ceased.code(), e.episode_id.0],
            )
            .await?;
        }
    }
    Ok(())
}

async fn review(tx: &mut Tx, origin: Origin, e: &LookedAfterReviewHeld, mode: Mode) -> Result<(), StoreError> {
    let begun = tx
        .fetch_optional(
            "SELECT episode_id FROM care_episodes WHERE child_id = $1 AND started_on <= $2 LIMIT 1",
            params![e.child_id.0, e.held_on],
        )
        .await?;
    if begun.is_none() {
        return Err(StoreError::Refused(
            "A looked-after review is for a child in care: no episode of care had begun by the day of this review".to_string(),
        ));
    }
    let exists = tx.fetch_optional("SELECT review_id FROM care_reviews WHERE review_id = $1", params![e.review_id.0]).await?.is_some();
    match (mode, exists) {
        (Mode::New, true) => Err(StoreError::Refused("This review has already been recorded".to_string())),
        (Mode::New, false) => {
            tx.execute(
                "INSERT INTO care_reviews (review_id, child_id, held_on, participation, iro_contact_on, origin_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                params![e.review_id.0, e.child_id.0, e.held_on, e.participation.code(), e.iro_contact_on, origin.seq],
            )
            .await?;
            Ok(())
        }
        (Mode::Correction, true) => {
            tx.execute(
                "UPDATE care_reviews SET held_on = $1, participation = $2, iro_contact_on = $3 WHERE review_id = $4",
                params![e.held_on, e.participation.code(), e.iro_contact_on, e.review_id.0],
            )
            .await?;
            Ok(())
        }
        (Mode::Correction, false) => Err(StoreError::Corrupt("a corrected review has no row".to_string())),
    }
}
