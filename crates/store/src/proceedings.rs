//! Reading pre-proceedings and care proceedings (issue 4, F21): a child's
//! own, with their reviews, and every child in pre-proceedings across the
//! service for managers.
//!
//! Weeks elapsed and whether a case is past its limit depend on the day they
//! are read and on the authority's policy, so the callers work them out
//! with the domain's functions; nothing here is "as of" a stored date.

use crate::db::Row;
use crate::error::StoreError;
use crate::{Store, params};
use chrono::NaiveDate;
use hearth_domain::events::{OrderApplication, PreProceedingsOutcome, ProceedingsOutcome};
use hearth_domain::ids::{MeetingId, PersonId, ProceedingsId};

/// Pre-proceedings with the child they are about.
#[derive(Clone, Debug, PartialEq)]
pub struct PreProceedingsView {
    pub pre_proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub child_name: String,
    pub hearth_ref: String,
    pub team_name: Option<String>,
    pub worker_name: Option<String>,
    pub legal_planning_meeting_on: NaiveDate,
    pub started_on: NaiveDate,
    pub concerns: String,
    pub last_review_on: Option<NaiveDate>,
    pub review_count: i64,
    pub ended_on: Option<NaiveDate>,
    pub outcome: Option<PreProceedingsOutcome>,
    pub detail: String,
    pub late_reason: String,
}

impl PreProceedingsView {
    pub fn is_open(&self) -> bool {
        self.ended_on.is_none()
    }
}

/// One review of pre-proceedings.
#[derive(Clone, Debug, PartialEq)]
pub struct PreProceedingsReviewView {
    pub review_id: MeetingId,
    pub pre_proceedings_id: ProceedingsId,
    pub reviewed_on: NaiveDate,
    pub progress: String,
    pub late_reason: String,
}

/// Care or supervision proceedings.
#[derive(Clone, Debug, PartialEq)]
pub struct ProceedingsView {
    pub proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub pre_proceedings_id: Option<ProceedingsId>,
    pub issued_on: NaiveDate,
    pub application: OrderApplication,
    pub court: String,
    pub concluded_on: Option<NaiveDate>,
    pub outcome: Option<ProceedingsOutcome>,
    pub late_reason: String,
}

impl ProceedingsView {
    pub fn is_open(&self) -> bool {
        self.concluded_on.is_none()
    }
}

const PLO_SELECT: &str = "SELECT x.pre_proceedings_id, x.child_id, x.legal_planning_meeting_on, x.started_on, x.concerns, \
     x.last_review_on, x.review_count, x.ended_on, x.outcome, x.detail, x.late_reason, \
     p.given_name, p.family_name, p.hearth_ref, t.name AS team_name, s.display_name AS worker_name \
     FROM pre_proceedings x JOIN people p ON p.person_id = x.child_id \
     LEFT JOIN allocations a ON a.child_id = x.child_id LEFT JOIN teams t ON t.team_id = a.team_id \
     LEFT JOIN staff s ON s.user_id = a.worker_id";

const PROCEEDINGS_SELECT: &str = "SELECT proceedings_id, child_id, pre_proceedings_id, issued_on, application, court, concluded_on, \
     outcome, late_reason FROM proceedings";

fn plo_from(r: &Row) -> Result<PreProceedingsView, StoreError> {
    let outcome = match r.opt_str("outcome")? {
        Some(code) => Some(
            PreProceedingsOutcome::from_code(&code)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown pre-proceedings outcome {code}")))?,
        ),
        None => None,
    };
    Ok(PreProceedingsView {
        pre_proceedings_id: r.uuid("pre_proceedings_id")?,
        child_id: r.uuid("child_id")?,
        child_name: format!("{} {}", r.str("given_name")?, r.str("family_name")?).trim().to_string(),
        hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
        team_name: r.opt_str("team_name")?,
        worker_name: r.opt_str("worker_name")?,
        legal_planning_meeting_on: r.date("legal_planning_meeting_on")?,
        started_on: r.date("started_on")?,
        concerns: r.str("concerns")?,
        last_review_on: r.opt_date("last_review_on")?,
        review_count: r.i64("review_count")?,
        ended_on: r.opt_date("ended_on")?,
        outcome,
        detail: r.str("detail")?,
        late_reason: r.str("late_reason")?,
    })
}

fn proceedings_from(r: &Row) -> Result<ProceedingsView, StoreError> {
    let application = r.str("application")?;
    let outcome = match r.opt_str("outcome")? {
        Some(code) => {
            Some(ProceedingsOutcome::from_code(&code).ok_or_else(|| StoreError::Corrupt(format!("unknown proceedings outcome {code}")))?)
        }
        None => None,
    };
    Ok(ProceedingsView {
        proceedings_id: r.uuid("proceedings_id")?,
        child_id: r.uuid("child_id")?,
        pre_proceedings_id: r.opt_uuid("pre_proceedings_id")?,
        issued_on: r.date("issued_on")?,
        application: OrderApplication::from_code(&application)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown order application {application}")))?,
        court: r.str("court")?,
        concluded_on: r.opt_date("concluded_on")?,
        outcome,
        late_reason: r.str("late_reason")?,
    })
}

impl Store {
    pub async fn pre_proceedings(&self, id: ProceedingsId) -> Result<Option<PreProceedingsView>, StoreError> {
        let row = self.pools().fetch_optional(&format!("{PLO_SELECT} WHERE x.pre_proceedings_id = $1"), params![id.0]).await?;
        row.as_ref().map(plo_from).transpose()
    }

    /// A child's pre-proceedings, the latest first.
    pub async fn pre_proceedings_of(&self, child: PersonId) -> Result<Vec<PreProceedingsView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(&format!("{PLO_SELECT} WHERE x.child_id = $1 ORDER BY x.started_on DESC, x.started_seq DESC"), params![child.0])
            .await?;
        rows.iter().map(plo_from).collect()
    }

    /// Every child in pre-proceedings now, the longest running first.
    pub async fn open_pre_proceedings(&self) -> Result<Vec<PreProceedingsView>, StoreError> {
        let rows =
            self.pools().fetch_all(&format!("{PLO_SELECT} WHERE x.ended_on IS NULL ORDER BY x.started_on, x.started_seq"), &[]).await?;
        rows.iter().map(plo_from).collect()
    }

    /// The reviews of pre-proceedings, the earliest first.
    pub async fn pre_proceedings_reviews(&self, id: ProceedingsId) -> Result<Vec<PreProceedingsReviewView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT review_id, pre_proceedings_id, reviewed_on, progress, late_reason FROM pre_proceedings_reviews \
                 WHERE pre_proceedings_id = $1 ORDER BY reviewed_on, origin_seq",
                params![id.0],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PreProceedingsReviewView {
                    review_id: r.uuid("review_id")?,
                    pre_proceedings_id: r.uuid("pre_proceedings_id")?,
                    reviewed_on: r.date("reviewed_on")?,
                    progress: r.str("progress")?,
                    late_reason: r.str("late_reason")?,
                })
            })
            .collect()
    }

    pub async fn proceedings(&self, id: ProceedingsId) -> Result<Option<ProceedingsView>, StoreError> {
        let row = self.pools().fetch_optional(&format!("{PROCEEDINGS_SELECT} WHERE proceedings_id = $1"), params![id.0]).await?;
        row.as_ref().map(proceedings_from).transpose()
    }

    /// A child's proceedings, the latest first.
    pub async fn proceedings_of(&self, child: PersonId) -> Result<Vec<ProceedingsView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(&format!("{PROCEEDINGS_SELECT} WHERE child_id = $1 ORDER BY issued_on DESC, started_seq DESC"), params![child.0])
            .await?;
        rows.iter().map(proceedings_from).collect()
    }
}
