//! Pre-proceedings and care proceedings over the API (F21): a child's, and
//! every child in pre-proceedings for managers. Read only; recording is done
//! in Hearth's pages. Weeks and limits are worked out as of today with the
//! same functions the pages use.

use super::extract::{ApiUser, bad_request};
use crate::auth::CurrentUser;
use crate::error::{ApiError, AppError};
use crate::pages::child_record::{access_for, log_view};
use crate::pages::proceedings::{CaseStatus, PloStatus, can_see_service_list, limit_label, service_list};
use crate::pages::require;
use crate::state::AppState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use hearth_domain::access::Access;
use hearth_domain::clocks::ClockPolicy;
use hearth_domain::ids::{PersonId, ProceedingsId};
use serde::Serialize;

#[derive(Serialize)]
pub struct ReviewJson {
    pub review_id: String,
    pub reviewed_on: NaiveDate,
    pub progress: String,
    pub late_reason: String,
}

#[derive(Serialize)]
pub struct PreProceedingsJson {
    pub pre_proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub hearth_id: String,
    pub name: String,
    pub team: Option<String>,
    pub worker: Option<String>,
    pub legal_planning_meeting_on: NaiveDate,
    pub started_on: NaiveDate,
    pub concerns: String,
    pub weeks_elapsed: i64,
    /// The last day within the local limit.
    pub limit_ends_on: NaiveDate,
    pub over_limit: bool,
    pub last_review_on: Option<NaiveDate>,
    pub review_count: i64,
    pub next_review_due: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub outcome: Option<&'static str>,
    pub detail: String,
    pub late_reason: String,
    /// Only on a child's own list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviews: Option<Vec<ReviewJson>>,
}

impl PreProceedingsJson {
    fn from(s: PloStatus, reviews: Option<Vec<ReviewJson>>) -> Self {
        let p = s.plo;
        PreProceedingsJson {
            pre_proceedings_id: p.pre_proceedings_id,
            child_id: p.child_id,
            hearth_id: p.hearth_ref,
            name: p.child_name,
            team: p.team_name,
            worker: p.worker_name,
            legal_planning_meeting_on: p.legal_planning_meeting_on,
            started_on: p.started_on,
            concerns: p.concerns,
            weeks_elapsed: s.weeks,
            limit_ends_on: s.limit_ends,
            over_limit: s.past_limit,
            last_review_on: p.last_review_on,
            review_count: p.review_count,
            next_review_due: s.next_review_due,
            ended_on: p.ended_on,
            outcome: p.outcome.map(|o| o.code()),
            detail: p.detail,
            late_reason: p.late_reason,
            reviews,
        }
    }
}

#[derive(Serialize)]
pub struct ProceedingsJson {
    pub proceedings_id: ProceedingsId,
    pub pre_proceedings_id: Option<ProceedingsId>,
    pub issued_on: NaiveDate,
    pub application: &'static str,
    pub court: String,
    pub weeks_since_issue: i64,
    /// The last day of the 26 weeks beginning with the day of issue.
    pub limit_ends_on: NaiveDate,
    pub over_limit: bool,
    pub concluded_on: Option<NaiveDate>,
    pub outcome: Option<&'static str>,
    pub late_reason: String,
}

#[derive(Serialize)]
pub struct ChildProceedingsJson {
    pub pre_proceedings: Vec<PreProceedingsJson>,
    pub proceedings: Vec<ProceedingsJson>,
}

async fn open_child(state: &AppState, user: &CurrentUser, id: PersonId) -> Result<(), ApiError> {
    if state.store.child_record(id).await?.is_none() {
        return Err(ApiError(AppError::NotFound));
    }
    match access_for(state, user, id).await? {
        Access::Allowed | Access::AllowedByBreakGlass => {
            log_view(state, user, id, "api_proceedings").await?;
            Ok(())
        }
        Access::NeedsReason => Err(ApiError(AppError::Forbidden(
            "This child's record is outside your team. Open it in Hearth and give your reason (break glass) first; \
             the API cannot record a reason."
                .to_string(),
        ))),
    }
}

/// `GET /api/v1/children/{id}/proceedings`: the child's pre-proceedings
/// (with their reviews) and proceedings, the latest first.
pub async fn of_child(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ChildProceedingsJson>, ApiError> {
    let id: PersonId = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    open_child(&state, &user, id).await?;
    let today = crate::time::today();
    let calendar = state.calendar().await?;
    let policy = ClockPolicy::default();
    let mut pre_proceedings = Vec::new();
    for p in state.store.pre_proceedings_of(id).await? {
        let reviews = state
            .store
            .pre_proceedings_reviews(p.pre_proceedings_id)
            .await?
            .into_iter()
            .map(|r| ReviewJson {
                review_id: r.review_id.to_string(),
                reviewed_on: r.reviewed_on,
                progress: r.progress,
                late_reason: r.late_reason,
            })
            .collect();
        pre_proceedings.push(PreProceedingsJson::from(PloStatus::of(p, today, &policy, &calendar), Some(reviews)));
    }
    let proceedings = state
        .store
        .proceedings_of(id)
        .await?
        .into_iter()
        .map(|c| {
            let s = CaseStatus::of(c, today, &calendar);
            ProceedingsJson {
                proceedings_id: s.case.proceedings_id,
                pre_proceedings_id: s.case.pre_proceedings_id,
                issued_on: s.case.issued_on,
                application: s.case.application.code(),
                court: s.case.court,
                weeks_since_issue: s.weeks,
                limit_ends_on: s.limit_ends,
                over_limit: s.past_limit,
                concluded_on: s.case.concluded_on,
                outcome: s.case.outcome.map(|o| o.code()),
                late_reason: s.case.late_reason,
            }
        })
        .collect();
    Ok(Json(ChildProceedingsJson { pre_proceedings, proceedings }))
}

#[derive(Serialize)]
pub struct ServiceListJson {
    /// The local limit, as it reads: "16 weeks".
    pub limit: String,
    pub children: Vec<PreProceedingsJson>,
}

/// `GET /api/v1/pre-proceedings?over_limit=true`: every child in
/// pre-proceedings, those past the limit first; `over_limit=true` keeps only
/// those. Managers only.
pub async fn service(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ServiceListJson>, ApiError> {
    require(can_see_service_list(user.staff.role), "see every child in pre-proceedings")?;
    let pairs = query.map(|Query(p)| p).map_err(|e| bad_request(format!("The query string could not be read: {}", e.body_text())))?;
    let mut over_limit_only = false;
    for (key, value) in &pairs {
        match (key.as_str(), value.as_str()) {
            ("over_limit", "true") => over_limit_only = true,
            ("over_limit", "false") => over_limit_only = false,
            ("over_limit", _) => return Err(bad_request("over_limit must be true or false")),
            (other, _) => return Err(bad_request(format!("Unknown query parameter {other}; the only one is over_limit"))),
        }
    }
    let children = service_list(&state, crate::time::today())
        .await?
        .into_iter()
        .filter(|s| !over_limit_only || s.past_limit)
        .map(|s| PreProceedingsJson::from(s, None))
        .collect();
    Ok(Json(ServiceListJson { limit: limit_label(&ClockPolicy::default()), children }))
}
