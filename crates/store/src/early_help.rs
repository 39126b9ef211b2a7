//! Reading early help (F11): the waiting list, a child's episodes, an
//! episode's own events, quick re-referrals after a step-down, and the
//! figures and lists the dashboard shows.
//!
//! Keeping-in-touch due dates are not stored: they depend on the authority's
//! interval and bank holidays, which can change, so the screens work them
//! out from `last_reached_on` with the domain's policy when they read.

use crate::dashboard::{ListedChild, Measure, Period};
use crate::db::Row;
use crate::error::StoreError;
use crate::log::RecordedEvent;
use crate::{Store, params};
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::early_help::{EarlyHelpRoute, EpisodeStatus, days_waiting, median_days};
use hearth_domain::events::EventPayload;
use hearth_domain::ids::{ContactId, EarlyHelpEpisodeId, PersonId, ReferralId, StreamId};

/// An early help episode with the child it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct EpisodeView {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub child_name: String,
    pub hearth_ref: String,
    pub route: EarlyHelpRoute,
    pub contact_id: Option<ContactId>,
    /// When that contact was received.
    pub contact_received_at: Option<DateTime<Utc>>,
    pub referral_id: Option<ReferralId>,
    pub requested_by: Option<String>,
    pub referred_on: NaiveDate,
    pub rereferral_window_ends: Option<NaiveDate>,
    pub status: EpisodeStatus,
    pub started_on: Option<NaiveDate>,
    pub lead_professional: Option<String>,
    pub organisation: Option<String>,
    pub team_name: Option<String>,
    pub assessment_started_on: Option<NaiveDate>,
    pub assessment_completed_on: Option<NaiveDate>,
    pub assessment_organisation: Option<String>,
    /// The last keeping-in-touch contact that reached the family.
    pub last_reached_on: Option<NaiveDate>,
    /// The last attempt, reached or not.
    pub last_kept_in_touch_on: Option<NaiveDate>,
    pub kept_in_touch_count: i64,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub step_up_contact_id: Option<ContactId>,
}

/// A referral to social care within three months of a step-down.
#[derive(Clone, Debug, PartialEq)]
pub struct QuickReReferral {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub child_name: String,
    pub hearth_ref: String,
    pub route: EarlyHelpRoute,
    pub stepped_down_on: NaiveDate,
    pub referral_id: ReferralId,
    pub referral_date: NaiveDate,
    /// The contact the referral came from, and when it was received.
    pub contact_id: Option<ContactId>,
    pub contact_received_at: Option<DateTime<Utc>>,
}

/// The early help figures on the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct EarlyHelpFigures {
    /// Children on the waiting list now.
    pub waiting: i64,
    pub median_days_waiting: Option<i64>,
    pub oldest_days_waiting: Option<i64>,
    /// The waiting list by how long each child has waited, in bands.
    pub waiting_by_age: Vec<(&'static str, i64)>,
    /// Children stepped down (from the MASH or children in need) in the period.
    pub stepped_down: i64,
    /// Referrals dated in the period within three months of a step-down.
    pub quick_rereferrals: i64,
}

/// Waiting-time bands, in days from (inclusive) to (exclusive).
const AGE_BANDS: &[(&str, i64, i64)] = &[
    ("Under 2 weeks", 0, 14),
    ("2 to 4 weeks", 14, 28),
    ("4 to 8 weeks", 28, 56),
    ("8 to 12 weeks", 56, 84),
    ("12 weeks or more", 84, i64::MAX),
];

/// The event types an episode is made of.
const EPISODE_EVENTS: &[&str] = &[
    "EarlyHelpReferred",
    "EarlyHelpStarted",
    "EarlyHelpKeptInTouch",
    "EarlyHelpAssessmentStarted",
    "EarlyHelpAssessmentCompleted",
    "EarlyHelpSteppedUp",
    "EarlyHelpClosed",
];

const EPISODE_SELECT: &str = "SELECT e.episode_id, e.child_id, e.route, e.contact_id, e.referral_id, e.requested_by, e.referred_on, \
     e.rereferral_window_ends, e.status, e.started_on, e.lead_professional, e.organisation, t.name AS team_name, \
     e.assessment_started_on, e.assessment_completed_on, e.assessment_organisation, e.last_reached_on, \
     e.last_kept_in_touch_on, e.kept_in_touch_count, e.ended_on, e.end_reason, e.step_up_contact_id, \
     c.received_at AS contact_received_at, p.given_name, p.family_name, p.hearth_ref \
     FROM early_help_episodes e JOIN people p ON p.person_id = e.child_id LEFT JOIN teams t ON t.team_id = e.team_id \
     LEFT JOIN contacts c ON c.contact_id = e.contact_id";

fn child_name(r: &Row) -> Result<String, StoreError> {
    Ok(format!(
        "{} {}",
        r.opt_str("given_name")?.unwrap_or_default(),
        r.opt_str("family_name")?.unwrap_or_default()
    )
    .trim()
    .to_string())
}

fn route_of(r: &Row) -> Result<EarlyHelpRoute, StoreError> {
    let code = r.str("route")?;
    EarlyHelpRoute::from_code(&code)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown early help route {code}")))
}

fn episode_from(r: &Row) -> Result<EpisodeView, StoreError> {
    let status = r.str("status")?;
    Ok(EpisodeView {
        episode_id: r.uuid("episode_id")?,
        child_id: r.uuid("child_id")?,
        child_name: child_name(r)?,
        hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
        route: route_of(r)?,
        contact_id: r.opt_uuid("contact_id")?,
        contact_received_at: r.opt_timestamp("contact_received_at")?,
        referral_id: r.opt_uuid("referral_id")?,
        requested_by: r.opt_str("requested_by")?,
        referred_on: r.date("referred_on")?,
        rereferral_window_ends: r.opt_date("rereferral_window_ends")?,
        status: EpisodeStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown early help status {status}")))?,
        started_on: r.opt_date("started_on")?,
        lead_professional: r.opt_str("lead_professional")?,
        organisation: r.opt_str("organisation")?,
        team_name: r.opt_str("team_name")?,
        assessment_started_on: r.opt_date("assessment_started_on")?,
        assessment_completed_on: r.opt_date("assessment_completed_on")?,
        assessment_organisation: r.opt_str("assessment_organisation")?,
        last_reached_on: r.opt_date("last_reached_on")?,
        last_kept_in_touch_on: r.opt_date("last_kept_in_touch_on")?,
        kept_in_touch_count: r.i64("kept_in_touch_count")?,
        ended_on: r.opt_date("ended_on")?,
        end_reason: r.opt_str("end_reason")?,
        step_up_contact_id: r.opt_uuid("step_up_contact_id")?,
    })
}

const QUICK_SELECT: &str = "SELECT e.episode_id, e.child_id, e.route, e.referred_on, r.referral_id, r.referral_date, \
     r.contact_id, c.received_at, p.given_name, p.family_name, p.hearth_ref \
     FROM early_help_episodes e \
     JOIN referrals r ON r.child_id = e.child_id AND r.referral_date >= e.referred_on AND r.referral_date <= e.rereferral_window_ends \
          AND (e.referral_id IS NULL OR r.referral_id <> e.referral_id) \
     JOIN people p ON p.person_id = e.child_id \
     LEFT JOIN contacts c ON c.contact_id = r.contact_id \
     WHERE e.rereferral_window_ends IS NOT NULL";

fn quick_from(r: &Row) -> Result<QuickReReferral, StoreError> {
    Ok(QuickReReferral {
        episode_id: r.uuid("episode_id")?,
        child_id: r.uuid("child_id")?,
        child_name: child_name(r)?,
        hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
        route: route_of(r)?,
        stepped_down_on: r.date("referred_on")?,
        referral_id: r.uuid("referral_id")?,
        referral_date: r.date("referral_date")?,
        contact_id: r.opt_uuid("contact_id")?,
        contact_received_at: r.opt_timestamp("received_at")?,
    })
}

/// One row per referral: a child stepped down twice before one referral is
/// one quick re-referral, shown against the latest step-down (rows come
/// ordered by referral, latest step-down first).
fn once_per_referral(rows: &[Row]) -> Result<Vec<QuickReReferral>, StoreError> {
    let mut out: Vec<QuickReReferral> = Vec::with_capacity(rows.len());
    for r in rows {
        let q = quick_from(r)?;
        if out.last().map(|l| l.referral_id) != Some(q.referral_id) {
            out.push(q);
        }
    }
    Ok(out)
}

impl Store {
    pub async fn early_help_episode(
        &self,
        id: EarlyHelpEpisodeId,
    ) -> Result<Option<EpisodeView>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(
                &format!("{EPISODE_SELECT} WHERE e.episode_id = $1"),
                params![id.0],
            )
            .await?;
        row.as_ref().map(episode_from).transpose()
    }

    /// A child's episodes, the latest first.
    pub async fn early_help_episodes_of(
        &self,
        child: PersonId,
    ) -> Result<Vec<EpisodeView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(&format!("{EPISODE_SELECT} WHERE e.child_id = $1 ORDER BY e.referred_on DESC, e.origin_seq DESC"), params![child.0])
            .await?;
        rows.iter().map(episode_from).collect()
    }

    /// Everyone on the waiting list, the longest waiting first.
    pub async fn early_help_waiting_list(&self) -> Result<Vec<EpisodeView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!(
                    "{EPISODE_SELECT} WHERE e.status = $1 ORDER BY e.referred_on, e.origin_seq"
                ),
                params![EpisodeStatus::Waiting.code()],
            )
            .await?;
        rows.iter().map(episode_from).collect()
    }

    /// Which of these children have an early help episode open (waiting or
    /// started). One statement per 500 children, so the MASH queue can ask
    /// about all its children at once.
    pub async fn children_in_early_help(
        &self,
        children: &[PersonId],
    ) -> Result<Vec<PersonId>, StoreError> {
        let mut out = std::collections::HashSet::new();
        for chunk in children.chunks(500) {
            let mut values: Vec<crate::db::Value> =
                vec![EpisodeStatus::Waiting.code().into(), EpisodeStatus::Started.code().into()];
            values.extend(chunk.iter().map(|c| crate::db::Value::from(c.0)));
            let rows = self
                .pools()
                .fetch_all(
                    &format!(
                        "SELECT DISTINCT child_id FROM early_help_episodes WHERE status IN ($1, $2) AND child_id IN ({})",
                        crate::db::placeholders(3, chunk.len())
                    ),
                    &values,
                )
                .await?;
            for r in &rows {
                out.insert(r.uuid::<PersonId>("child_id")?);
            }
        }
        // In the order asked, as callers compare against their own lists.
        Ok(children.iter().copied().filter(|c| out.contains(c)).collect())
    }

    /// The events of one episode, oldest first: its own timeline.
    pub async fn early_help_events(
        &self,
        episode: &EpisodeView,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let types = EPISODE_EVENTS
            .iter()
            .map(|t| format!("'{t}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let rows = self
            .pools()
            .fetch_all(
                &format!("SELECT {} FROM events WHERE stream = $1 AND event_type IN ({types}) ORDER BY seq", crate::log::EVENT_COLUMNS),
                params![StreamId::Person(episode.child_id).to_key()],
            )
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            let e = crate::log::event_from_row(r)?;
            if episode_of(&e.payload) == Some(episode.episode_id) {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// A child's referrals within three months of a step-down, the latest first.
    pub async fn quick_rereferrals_of(
        &self,
        child: PersonId,
    ) -> Result<Vec<QuickReReferral>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(&format!("{QUICK_SELECT} AND e.child_id = $1 ORDER BY r.referral_date DESC, r.referral_id, e.referred_on DESC"), params![child.0])
            .await?;
        once_per_referral(&rows)
    }

    /// Quick re-referrals dated in the period, oldest first.
    pub async fn quick_rereferrals_in(
        &self,
        period: Period,
    ) -> Result<Vec<QuickReReferral>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!("{QUICK_SELECT} AND r.referral_date >= $1 AND r.referral_date <= $2 ORDER BY r.referral_date, r.referral_id, e.referred_on DESC"),
                params![period.from, period.to],
            )
            .await?;
        once_per_referral(&rows)
    }

    /// The dashboard's early help figures: the waiting list as it stands on
    /// `today`, and the step-downs and quick re-referrals of the period.
    pub async fn early_help_figures(
        &self,
        period: Period,
        today: NaiveDate,
    ) -> Result<EarlyHelpFigures, StoreError> {
        let waiting = self.early_help_waiting_list().await?;
        let days: Vec<i64> = waiting
            .iter()
            .map(|e| days_waiting(e.referred_on, today))
            .collect();
        let waiting_by_age = AGE_BANDS
            .iter()
            .map(|(label, from, to)| {
                (
                    *label,
                    days.iter().filter(|d| **d >= *from && **d < *to).count() as i64,
                )
            })
            .collect();
        let stepped_down = self
            .pools()
            .fetch_optional(
                "SELECT COUNT(*) AS n FROM early_help_episodes WHERE route IN ($1, $2) AND referred_on >= $3 AND referred_on <= $4",
                params![
                    EarlyHelpRoute::StepDownFromContact.code(),
                    EarlyHelpRoute::StepDownFromChildInNeed.code(),
                    period.from,
                    period.to
                ],
            )
            .await?
            .map(|r| r.i64("n"))
            .transpose()?
            .unwrap_or(0);
        Ok(EarlyHelpFigures {
            waiting: waiting.len() as i64,
            median_days_waiting: median_days(&days),
            oldest_days_waiting: days.iter().copied().max(),
            waiting_by_age,
            stepped_down,
            quick_rereferrals: self.quick_rereferrals_in(period).await?.len() as i64,
        })
    }

    /// The children behind an early help figure on the dashboard.
    pub(crate) async fn early_help_listed(
        &self,
        measure: Measure,
        period: Period,
    ) -> Result<Vec<ListedChild>, StoreError> {
        let mut out = Vec::new();
        if measure == Measure::SteppedDownReReferred {
            for q in self.quick_rereferrals_in(period).await? {
                out.push(ListedChild {
                    person_id: q.child_id,
                    name: q.child_name,
                    hearth_ref: q.hearth_ref,
                    contact_id: q.contact_id,
                    contact_received_at: q.contact_received_at,
                    referral_date: Some(q.referral_date),
                    due: None,
                    closed_at: None,
                    worker: None,
                });
            }
        } else {
            for e in self.early_help_waiting_list().await? {
                out.push(ListedChild {
                    person_id: e.child_id,
                    name: e.child_name,
                    hearth_ref: e.hearth_ref,
                    contact_id: e.contact_id,
                    contact_received_at: e.contact_received_at,
                    referral_date: Some(e.referred_on),
                    due: None,
                    closed_at: None,
                    worker: None,
                });
            }
        }
        Ok(out)
    }
}

/// The episode an early help event belongs to.
pub fn episode_of(payload: &EventPayload) -> Option<EarlyHelpEpisodeId> {
    Some(match payload {
        EventPayload::EarlyHelpReferred(e) => e.episode_id,
        EventPayload::EarlyHelpStarted(e) => e.episode_id,
        EventPayload::EarlyHelpKeptInTouch(e) => e.episode_id,
        EventPayload::EarlyHelpAssessmentStarted(e) => e.episode_id,
        EventPayload::EarlyHelpAssessmentCompleted(e) => e.episode_id,
        EventPayload::EarlyHelpSteppedUp(e) => e.episode_id,
        EventPayload::EarlyHelpClosed(e) => e.episode_id,
        _ => return None,
    })
}
