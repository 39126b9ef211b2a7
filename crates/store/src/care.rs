//! Reading children in care: a child's episodes of care and reviews, and
//! who is looked after on a day.

use crate::db::Row;
use crate::error::StoreError;
use crate::{Store, params};
use chrono::NaiveDate;
use hearth_domain::care_codes::{LegalStatus, PlacementType, ReasonEpisodeCeased, ReasonNewEpisode, ReviewParticipation};
use hearth_domain::ids::{CareEpisodeId, CareReviewId, PersonId};

/// One episode of care.
#[derive(Clone, Debug, PartialEq)]
pub struct CareEpisodeView {
    pub episode_id: CareEpisodeId,
    pub child_id: PersonId,
    pub started_on: NaiveDate,
    pub reason_new_episode: ReasonNewEpisode,
    pub legal_status: LegalStatus,
    pub placement_type: PlacementType,
    pub placement_postcode: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub reason_ceased: Option<ReasonEpisodeCeased>,
}

impl CareEpisodeView {
    pub fn is_open(&self) -> bool {
        self.ended_on.is_none()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CareReviewView {
    pub review_id: CareReviewId,
    pub held_on: NaiveDate,
    pub participation: ReviewParticipation,
    pub iro_contact_on: Option<NaiveDate>,
}

fn code<T>(r: &Row, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    let text = r.str(column)?;
    parse(&text).ok_or_else(|| StoreError::Corrupt(format!("unknown {column} code {text}")))
}

fn episode_from(r: &Row) -> Result<CareEpisodeView, StoreError> {
    let reason_ceased = match r.opt_str("reason_ceased")? {
        Some(c) => Some(ReasonEpisodeCeased::from_code(&c).ok_or_else(|| StoreError::Corrupt(format!("unknown reason_ceased code {c}")))?),
        None => None,
    };
    Ok(CareEpisodeView {
        episode_id: r.uuid("episode_id")?,
        child_id: r.uuid("child_id")?,
        started_on: r.date("started_on")?,
        reason_new_episode: code(r, "reason_new_episode", ReasonNewEpisode::from_code)?,
        legal_status: code(r, "legal_status", LegalStatus::from_code)?,
        placement_type: code(r, "placement_type", PlacementType::from_code)?,
        placement_postcode: r.opt_str("placement_postcode")?,
        ended_on: r.opt_date("ended_on")?,
        reason_ceased,
    })
}

const EPISODE_SELECT: &str = "SELECT episode_id, child_id, started_on, reason_new_episode, legal_status, placement_type, \
     placement_postcode, ended_on, reason_ceased FROM care_episodes";

impl Store {
    /// A child's episodes of care, the earliest first.
    pub async fn care_episodes_of(&self, child: PersonId) -> Result<Vec<CareEpisodeView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(&format!("{EPISODE_SELECT} WHERE child_id = $1 ORDER BY started_on, started_seq"), params![child.0])
            .await?;
        rows.iter().map(episode_from).collect()
    }

    /// The children looked after on a day, with the episode they were in.
    /// An episode's end date is its first day out of it (the 903's `DEC`).
    pub async fn looked_after_on(&self, day: NaiveDate) -> Result<Vec<CareEpisodeView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!(
                    "{EPISODE_SELECT} WHERE started_on <= $1 AND (ended_on IS NULL OR ended_on > $1) ORDER BY started_on, started_seq"
                ),
                params![day],
            )
            .await?;
        rows.iter().map(episode_from).collect()
    }

    /// A child's looked-after reviews, the earliest first.
    pub async fn care_reviews_of(&self, child: PersonId) -> Result<Vec<CareReviewView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT review_id, held_on, participation, iro_contact_on FROM care_reviews WHERE child_id = $1 ORDER BY held_on, origin_seq",
                params![child.0],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(CareReviewView {
                    review_id: r.uuid("review_id")?,
                    held_on: r.date("held_on")?,
                    participation: code(r, "participation", ReviewParticipation::from_code)?,
                    iro_contact_on: r.opt_date("iro_contact_on")?,
                })
            })
            .collect()
    }
}
