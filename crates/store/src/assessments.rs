//! Reading assessments, child in need plans and visits (issue 4; F16, F17,
//! F20): a child's assessments, one assessment, the assessments waiting for
//! a manager's authorisation, a child's child in need plans with their
//! reviews, visits and actions, and a child's visits.
//!
//! Due dates are not stored here: they depend on the authority's bank
//! holidays, which can change, so callers work them out with the calendar
//! (`AssessmentView::as_domain().due_on(&calendar)`).

use crate::db::Row;
use crate::error::StoreError;
use crate::{Store, params};
use chrono::NaiveDate;
use hearth_domain::assessment::{Assessment, AssessmentOutcome};
use hearth_domain::codes::AssessmentFactor;
use hearth_domain::ids::{AssessmentId, MeetingId, PersonId, PlanId, ReferralId, TeamId, UserId};

/// Where an assessment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AssessmentStatus {
    InProgress,
    /// Complete and waiting for a manager.
    Submitted,
    Authorised,
}

impl AssessmentStatus {
    pub fn code(self) -> &'static str {
        match self {
            AssessmentStatus::InProgress => "in_progress",
            AssessmentStatus::Submitted => "submitted",
            AssessmentStatus::Authorised => "authorised",
        }
    }

    pub fn from_code(code: &str) -> Option<AssessmentStatus> {
        [AssessmentStatus::InProgress, AssessmentStatus::Submitted, AssessmentStatus::Authorised].into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            AssessmentStatus::InProgress => "In progress",
            AssessmentStatus::Submitted => "Waiting for authorisation",
            AssessmentStatus::Authorised => "Authorised",
        }
    }
}

/// An assessment with the child it is about and who did what.
#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentView {
    pub assessment_id: AssessmentId,
    pub child_id: PersonId,
    pub child_name: String,
    pub hearth_ref: String,
    /// The child's allocated team and worker now.
    pub team_id: Option<TeamId>,
    pub team_name: Option<String>,
    pub worker_name: Option<String>,
    pub referral_id: ReferralId,
    pub referral_on: NaiveDate,
    pub started_on: NaiveDate,
    pub expected_birth_on: Option<NaiveDate>,
    pub status: AssessmentStatus,
    pub information_gathered: String,
    pub analysis: String,
    pub childs_views: String,
    pub childs_views_not_obtained_reason: String,
    pub factors: Vec<AssessmentFactor>,
    pub outcome: Option<AssessmentOutcome>,
    pub completed_on: Option<NaiveDate>,
    pub submitted_by: Option<UserId>,
    pub submitted_by_name: Option<String>,
    pub authorised_on: Option<NaiveDate>,
    pub authorised_by: Option<UserId>,
    pub authorised_by_name: Option<String>,
    pub late_reason: String,
    pub manager_comment: String,
    /// What the manager asked for when they last returned it.
    pub returned_reason: Option<String>,
}

impl AssessmentView {
    /// The record as the domain's rules read it (due date, lateness).
    pub fn as_domain(&self) -> Assessment {
        Assessment {
            referral_on: self.referral_on,
            started_on: Some(self.started_on),
            information_gathered: self.information_gathered.clone(),
            analysis: self.analysis.clone(),
            childs_views: self.childs_views.clone(),
            childs_views_not_obtained_reason: self.childs_views_not_obtained_reason.clone(),
            factors: self.factors.clone(),
            outcome: self.outcome,
            completed_on: self.completed_on,
            authorised_by: self.authorised_by,
            authorised_on: self.authorised_on,
            late_reason: self.late_reason.clone(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.status != AssessmentStatus::Authorised
    }
}

const ASSESSMENT_SELECT: &str = "SELECT a.assessment_id, a.child_id, a.referral_id, a.referral_on, a.started_on, a.expected_birth_on, \
     a.status, a.information_gathered, a.analysis, a.childs_views, a.childs_views_not_obtained_reason, a.factors, a.outcome, \
     a.completed_on, a.submitted_by, a.authorised_on, a.authorised_by, a.late_reason, a.manager_comment, a.returned_reason, \
     p.given_name, p.family_name, p.hearth_ref, al.team_id, t.name AS team_name, w.display_name AS worker_name, \
     sb.display_name AS submitted_by_name, ab.display_name AS authorised_by_name \
     FROM assessments a JOIN people p ON p.person_id = a.child_id \
     LEFT JOIN allocations al ON al.child_id = a.child_id LEFT JOIN teams t ON t.team_id = al.team_id \
     LEFT JOIN staff w ON w.user_id = al.worker_id \
     LEFT JOIN staff sb ON sb.user_id = a.submitted_by LEFT JOIN staff ab ON ab.user_id = a.authorised_by";

fn assessment_from(r: &Row) -> Result<AssessmentView, StoreError> {
    let status = r.str("status")?;
    let factors = r
        .str("factors")?
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| AssessmentFactor::from_code(c).ok_or_else(|| StoreError::Corrupt(format!("unknown assessment factor {c}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let outcome = match r.opt_str("outcome")? {
        None => None,
        Some(code) => {
            Some(AssessmentOutcome::from_code(&code).ok_or_else(|| StoreError::Corrupt(format!("unknown assessment outcome {code}")))?)
        }
    };
    Ok(AssessmentView {
        assessment_id: r.uuid("assessment_id")?,
        child_id: r.uuid("child_id")?,
        child_name: format!("{} {}", r.str("given_name")?, r.str("family_name")?).trim().to_string(),
        hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
        team_id: r.opt_uuid("team_id")?,
        team_name: r.opt_str("team_name")?,
        worker_name: r.opt_str("worker_name")?,
        referral_id: r.uuid("referral_id")?,
        referral_on: r.date("referral_on")?,
        started_on: r.date("started_on")?,
        expected_birth_on: r.opt_date("expected_birth_on")?,
        status: AssessmentStatus::from_code(&status).ok_or_else(|| StoreError::Corrupt(format!("unknown assessment status {status}")))?,
        information_gathered: r.str("information_gathered")?,
        analysis: r.str("analysis")?,
        childs_views: r.str("childs_views")?,
        childs_views_not_obtained_reason: r.str("childs_views_not_obtained_reason")?,
        factors,
        outcome,
        completed_on: r.opt_date("completed_on")?,
        submitted_by: r.opt_uuid("submitted_by")?,
        submitted_by_name: r.opt_str("submitted_by_name")?,
        authorised_on: r.opt_date("authorised_on")?,
        authorised_by: r.opt_uuid("authorised_by")?,
        authorised_by_name: r.opt_str("authorised_by_name")?,
        late_reason: r.str("late_reason")?,
        manager_comment: r.str("manager_comment")?,
        returned_reason: r.opt_str("returned_reason")?,
    })
}

/// A visit to a child, and the plan it counted towards.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitView {
    pub visit_id: MeetingId,
    pub child_id: PersonId,
    pub visited_on: NaiveDate,
    pub plan_id: Option<PlanId>,
    /// `cp` or `cin`, when a plan was open on the day.
    pub plan_kind: Option<String>,
    pub child_seen: Option<bool>,
    pub child_seen_alone: Option<bool>,
    pub reason: String,
    pub childs_views: String,
}

impl VisitView {
    pub fn seen_alone(&self) -> bool {
        self.child_seen == Some(true) && self.child_seen_alone == Some(true)
    }
}

const VISIT_SELECT: &str = "SELECT meeting_id, child_id, held_on, plan_id, plan_kind, child_seen, child_seen_alone, reason, childs_views \
     FROM plan_meetings WHERE kind = 'visit'";

fn visit_from(r: &Row) -> Result<VisitView, StoreError> {
    Ok(VisitView {
        visit_id: r.uuid("meeting_id")?,
        child_id: r.uuid("child_id")?,
        visited_on: r.date("held_on")?,
        plan_id: r.opt_uuid("plan_id")?,
        plan_kind: r.opt_str("plan_kind")?,
        child_seen: r.opt_bool("child_seen")?,
        child_seen_alone: r.opt_bool("child_seen_alone")?,
        reason: r.str("reason")?,
        childs_views: r.str("childs_views")?,
    })
}

/// A child in need plan review.
#[derive(Clone, Debug, PartialEq)]
pub struct CinReviewView {
    pub review_id: MeetingId,
    pub reviewed_on: NaiveDate,
    pub progress: String,
}

/// An action set by a child in need plan or one of its reviews.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanActionView {
    pub description: String,
    /// The member of staff, or the named person and their agency.
    pub owner: String,
    pub due_on: NaiveDate,
    /// open, done, cancelled
    pub status: String,
}

/// A child in need plan with its reviews, visits (latest first) and actions.
#[derive(Clone, Debug, PartialEq)]
pub struct CinPlanView {
    pub plan_id: PlanId,
    pub child_id: PersonId,
    pub referral_id: Option<ReferralId>,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub plan_text: String,
    pub visit_every_days: u32,
    pub review_every_months: u32,
    pub reviews: Vec<CinReviewView>,
    pub visits: Vec<VisitView>,
    pub actions: Vec<PlanActionView>,
}

impl CinPlanView {
    pub fn is_open(&self) -> bool {
        self.ended_on.is_none()
    }

    /// When the next visit is due: the plan's interval after the last visit
    /// that counted towards it (or after the start). Calendar days: the
    /// frequency is set per plan in days.
    pub fn next_visit_due(&self) -> NaiveDate {
        let last = self.visits.iter().map(|v| v.visited_on).max().unwrap_or(self.started_on);
        last + chrono::Duration::days(i64::from(self.visit_every_days))
    }

    /// When the next review is due: the plan's interval in months after the
    /// last review (or the start).
    pub fn next_review_due(&self) -> NaiveDate {
        let last = self.reviews.iter().map(|r| r.reviewed_on).max().unwrap_or(self.started_on);
        last.checked_add_months(chrono::Months::new(self.review_every_months)).unwrap_or(last)
    }
}

fn u32_of(r: &Row, name: &str) -> Result<u32, StoreError> {
    let n = r.opt_i64(name)?.unwrap_or(0);
    u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("{name} out of range: {n}")))
}

impl Store {
    /// A child's assessments, the latest started first.
    pub async fn assessments_of(&self, child: PersonId) -> Result<Vec<AssessmentView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!("{ASSESSMENT_SELECT} WHERE a.child_id = $1 ORDER BY a.started_on DESC, a.started_seq DESC"),
                params![child.0],
            )
            .await?;
        rows.iter().map(assessment_from).collect()
    }

    pub async fn assessment(&self, id: AssessmentId) -> Result<Option<AssessmentView>, StoreError> {
        let row = self.pools().fetch_optional(&format!("{ASSESSMENT_SELECT} WHERE a.assessment_id = $1"), params![id.0]).await?;
        row.as_ref().map(assessment_from).transpose()
    }

    /// Assessments submitted and waiting for a manager's authorisation, the
    /// oldest referral first: for one team (the child's allocated team), or
    /// for all teams.
    pub async fn assessments_awaiting_authorisation(&self, team: Option<TeamId>) -> Result<Vec<AssessmentView>, StoreError> {
        let rows = match team {
            Some(t) => {
                self.pools()
                    .fetch_all(
                        &format!(
                            "{ASSESSMENT_SELECT} WHERE a.status = 'submitted' AND al.team_id = $1 ORDER BY a.referral_on, a.started_seq"
                        ),
                        params![t.0],
                    )
                    .await?
            }
            None => {
                self.pools()
                    .fetch_all(&format!("{ASSESSMENT_SELECT} WHERE a.status = 'submitted' ORDER BY a.referral_on, a.started_seq"), &[])
                    .await?
            }
        };
        rows.iter().map(assessment_from).collect()
    }

    /// A child's visits, the latest first (child protection and child in need alike).
    pub async fn visits_of(&self, child: PersonId) -> Result<Vec<VisitView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(&format!("{VISIT_SELECT} AND child_id = $1 ORDER BY held_on DESC, origin_seq DESC"), params![child.0])
            .await?;
        rows.iter().map(visit_from).collect()
    }

    /// A child's child in need plans, the latest first, each with its
    /// reviews and visits (latest first) and the actions it and its reviews set.
    pub async fn cin_plans_of(&self, child: PersonId) -> Result<Vec<CinPlanView>, StoreError> {
        let plans = self
            .pools()
            .fetch_all(
                "SELECT plan_id, child_id, referral_id, started_on, ended_on, end_reason, plan_text, visit_every_days, review_every_months \
                 FROM plans WHERE child_id = $1 AND kind = 'cin' ORDER BY started_on DESC, started_seq DESC",
                params![child.0],
            )
            .await?;
        if plans.is_empty() {
            return Ok(Vec::new());
        }
        let reviews = self
            .pools()
            .fetch_all(
                "SELECT meeting_id, plan_id, held_on, progress FROM plan_meetings WHERE child_id = $1 AND kind = 'cin_review' \
                 ORDER BY held_on DESC, origin_seq DESC",
                params![child.0],
            )
            .await?;
        let visits = self.visits_of(child).await?;
        let actions = self
            .pools()
            .fetch_all(
                "SELECT x.source_kind, x.source_id, x.description, x.owner_name, x.owner_agency, s.display_name, x.due_on, x.status, \
                 m.plan_id AS review_plan_id \
                 FROM actions x LEFT JOIN staff s ON s.user_id = x.owner_user_id \
                 LEFT JOIN plan_meetings m ON x.source_kind = 'cin_review' AND m.meeting_id = x.source_id \
                 WHERE x.child_id = $1 AND x.source_kind IN ('cin_plan', 'cin_review') ORDER BY x.due_on, x.set_seq",
                params![child.0],
            )
            .await?;
        let mut out = Vec::with_capacity(plans.len());
        for p in &plans {
            let plan_id: PlanId = p.uuid("plan_id")?;
            let id_text = plan_id.0.to_string();
            let mut plan_reviews = Vec::new();
            for r in &reviews {
                if r.str("plan_id")? == id_text {
                    plan_reviews.push(CinReviewView {
                        review_id: r.uuid("meeting_id")?,
                        reviewed_on: r.date("held_on")?,
                        progress: r.str("progress")?,
                    });
                }
            }
            let mut plan_actions = Vec::new();
            for a in &actions {
                let of_plan = match a.str("source_kind")?.as_str() {
                    "cin_plan" => a.str("source_id")? == id_text,
                    _ => a.opt_str("review_plan_id")?.as_deref() == Some(id_text.as_str()),
                };
                if !of_plan {
                    continue;
                }
                let owner = match a.opt_str("display_name")? {
                    Some(staff) => staff,
                    None => {
                        format!("{} ({})", a.opt_str("owner_name")?.unwrap_or_default(), a.opt_str("owner_agency")?.unwrap_or_default())
                    }
                };
                plan_actions.push(PlanActionView {
                    description: a.str("description")?,
                    owner,
                    due_on: a.date("due_on")?,
                    status: a.str("status")?,
                });
            }
            out.push(CinPlanView {
                plan_id,
                child_id: p.uuid("child_id")?,
                referral_id: p.opt_uuid("referral_id")?,
                started_on: p.date("started_on")?,
                ended_on: p.opt_date("ended_on")?,
                end_reason: p.opt_str("end_reason")?,
                plan_text: p.str("plan_text")?,
                visit_every_days: u32_of(p, "visit_every_days")?,
                review_every_months: u32_of(p, "review_every_months")?,
                reviews: plan_reviews,
                visits: visits.iter().filter(|v| v.plan_id == Some(plan_id)).cloned().collect(),
                actions: plan_actions,
            });
        }
        Ok(out)
    }

    /// One child in need plan, with its reviews, visits and actions.
    pub async fn cin_plan(&self, id: PlanId) -> Result<Option<CinPlanView>, StoreError> {
        let row = self.pools().fetch_optional("SELECT child_id FROM plans WHERE plan_id = $1 AND kind = 'cin'", params![id.0]).await?;
        let Some(row) = row else { return Ok(None) };
        let child: PersonId = row.uuid("child_id")?;
        Ok(self.cin_plans_of(child).await?.into_iter().find(|p| p.plan_id == id))
    }

    /// The plan open for the child on `on`, as a visit would count it:
    /// (plan id, `cp` or `cin`), a child protection plan first.
    pub async fn plan_open_on(&self, child: PersonId, on: NaiveDate) -> Result<Option<(PlanId, String)>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(
                "SELECT plan_id, kind FROM plans WHERE child_id = $1 AND started_on <= $2 AND (ended_on IS NULL OR ended_on >= $2) \
                 ORDER BY CASE WHEN kind = 'cp' THEN 0 ELSE 1 END, started_on DESC LIMIT 1",
                params![child.0, on],
            )
            .await?;
        match row {
            Some(r) => Ok(Some((r.uuid("plan_id")?, r.str("kind")?))),
            None => Ok(None),
        }
    }
}
