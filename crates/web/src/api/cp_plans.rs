//! Child protection plans and actions over the API (issue 4, F18): read a
//! child's plans and actions, record a plan from the initial conference
//! that decided on it, and mark an action done. The same rules, role
//! checks, access decision and access log as the pages.

use super::extract::{ApiUser, Fields, JsonObject};
use crate::auth::CurrentUser;
use crate::error::{ApiError, AppError};
use crate::pages::child_record::{access_for, log_view};
use crate::pages::{can_record, require};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use hearth_domain::access::Access;
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::child_protection::ChildProtectionPlan;
use hearth_domain::events::{ActionCompleted, CpPlanStarted, EventPayload, NewEvent};
use hearth_domain::ids::{ConferenceId, PersonId, PlanId, UserId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::cp_plans::{ActionView, CpPlanView};
use serde::Serialize;
use serde_json::Value;

fn invalid(errors: FieldErrors) -> ApiError {
    ApiError(AppError::Invalid(errors))
}

fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

async fn may_open(state: &AppState, user: &CurrentUser, id: PersonId) -> Result<(), ApiError> {
    if state.store.child_record(id).await?.is_none() {
        return Err(not_found());
    }
    match access_for(state, user, id).await? {
        Access::Allowed | Access::AllowedByBreakGlass => Ok(()),
        Access::NeedsReason => Err(ApiError(AppError::Forbidden(
            "This child's record is outside your team. Open it in Hearth and give your reason (break glass) first; \
             the API cannot record a reason."
                .to_string(),
        ))),
    }
}

#[derive(Serialize)]
pub struct ActionJson {
    pub id: uuid::Uuid,
    pub child_id: PersonId,
    /// strategy_discussion, conference, cp_plan, core_group, cin_plan, cin_review
    pub source: String,
    pub source_id: String,
    pub description: String,
    pub owner_user_id: Option<UserId>,
    pub owner_name: Option<String>,
    pub owner_agency: Option<String>,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    /// open, done, cancelled
    pub status: &'static str,
    pub overdue: bool,
    pub completed_on: Option<NaiveDate>,
    pub evidence: Option<String>,
    pub cancel_reason: Option<String>,
}

impl ActionJson {
    fn from_view(a: &ActionView, today: NaiveDate) -> Self {
        let (owner_user_id, owner_name, owner_agency) = match &a.action.owner {
            Some(ActionOwner::Staff { user_id }) => (Some(*user_id), a.owner_staff_name.clone(), None),
            Some(ActionOwner::Named { name, agency }) => (None, Some(name.clone()), Some(agency.clone())),
            None => (None, None, None),
        };
        let (completed_on, evidence, cancel_reason) = match &a.action.status {
            ActionStatus::Open => (None, None, None),
            ActionStatus::Done { completed_on, evidence } => (Some(*completed_on), Some(evidence.clone()), None),
            ActionStatus::Cancelled { reason } => (None, None, Some(reason.clone())),
        };
        ActionJson {
            id: a.action.action_id.0,
            child_id: a.child_id,
            source: a.source_kind.clone(),
            source_id: a.source_id.clone(),
            description: a.action.description.clone(),
            owner_user_id,
            owner_name,
            owner_agency,
            owner: a.owner_text(),
            due_on: a.action.due_on,
            status: a.action.status.code(),
            overdue: a.action.is_overdue(today),
            completed_on,
            evidence,
            cancel_reason,
        }
    }
}

#[derive(Serialize)]
pub struct CoreGroupJson {
    pub id: hearth_domain::ids::MeetingId,
    pub held_on: NaiveDate,
    pub attendees: Vec<hearth_domain::child_protection::Attendee>,
    pub progress: String,
    pub late_reason: String,
}

#[derive(Serialize)]
pub struct CpPlanJson {
    pub id: PlanId,
    pub conference_id: Option<ConferenceId>,
    pub started_on: NaiveDate,
    pub initial_category: Option<&'static str>,
    pub latest_category: Option<&'static str>,
    pub contingency_plan: String,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<&'static str>,
    pub end_reason_detail: String,
    pub next_core_group_due: Option<NaiveDate>,
    pub next_review_due: Option<NaiveDate>,
    pub actions: Vec<ActionJson>,
    pub core_groups: Vec<CoreGroupJson>,
}

#[derive(Serialize)]
pub struct CpPlanList {
    pub plans: Vec<CpPlanJson>,
}

async fn plan_json(state: &AppState, p: &CpPlanView, today: NaiveDate) -> Result<CpPlanJson, ApiError> {
    let groups = state.store.core_groups_of(p.plan_id).await?;
    let mut actions: Vec<ActionJson> =
        state.store.actions_from("cp_plan", &p.plan_id.to_string()).await?.iter().map(|a| ActionJson::from_view(a, today)).collect();
    for g in &groups {
        actions.extend(
            state.store.actions_from("core_group", &g.meeting_id.to_string()).await?.iter().map(|a| ActionJson::from_view(a, today)),
        );
    }
    let (next_core_group_due, next_review_due) = if p.is_open() {
        let reviews = state.store.review_conferences_of(p.plan_id).await?;
        let held: Vec<NaiveDate> = groups.iter().map(|g| g.held_on).collect();
        let calendar = state.calendar().await?;
        let next = hearth_domain::child_protection::parent_version::next_meetings(
            p.started_on,
            &held,
            &reviews,
            &hearth_domain::clocks::ClockPolicy::default(),
            &calendar,
        );
        (Some(next.core_group), Some(next.review))
    } else {
        (None, None)
    };
    Ok(CpPlanJson {
        id: p.plan_id,
        conference_id: p.conference_id,
        started_on: p.started_on,
        initial_category: p.initial_category.map(|c| c.code()),
        latest_category: p.latest_category.map(|c| c.code()),
        contingency_plan: p.contingency_plan.clone(),
        ended_on: p.ended_on,
        end_reason: p.end_reason.map(|r| r.code()),
        end_reason_detail: p.end_reason_detail.clone(),
        next_core_group_due,
        next_review_due,
        actions,
        core_groups: groups
            .into_iter()
            .map(|g| CoreGroupJson {
                id: g.meeting_id,
                held_on: g.held_on,
                attendees: g.attendees,
                progress: g.progress,
                late_reason: g.late_reason,
            })
            .collect(),
    })
}

fn child_id(id: &str) -> Result<PersonId, ApiError> {
    id.parse().map_err(|_| not_found())
}

/// `GET /api/v1/children/{id}/cp-plans`: the child's plans, newest first.
pub async fn list(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<String>) -> Result<Json<CpPlanList>, ApiError> {
    let id = child_id(&id)?;
    may_open(&state, &user, id).await?;
    let today = crate::time::today();
    let mut plans = Vec::new();
    for p in state.store.cp_plans_of(id).await? {
        plans.push(plan_json(&state, &p, today).await?);
    }
    log_view(&state, &user, id, "api_cp_plans").await?;
    Ok(Json(CpPlanList { plans }))
}

#[derive(Serialize)]
pub struct ActionList {
    pub actions: Vec<ActionJson>,
}

/// `GET /api/v1/children/{id}/actions`: every action, open ones first.
pub async fn actions(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<String>) -> Result<Json<ActionList>, ApiError> {
    let id = child_id(&id)?;
    may_open(&state, &user, id).await?;
    let today = crate::time::today();
    let actions = state.store.actions_of(id).await?.iter().map(|a| ActionJson::from_view(a, today)).collect();
    log_view(&state, &user, id, "api_actions").await?;
    Ok(Json(ActionList { actions }))
}

/// Reads `actions: [{description, owner_name, owner_agency, owner_user_id, due_on}]`.
fn read_actions(raw: Option<Value>, errors: &mut FieldErrors) -> Vec<Action> {
    let items = match raw {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            errors.add("actions", "actions must be a list of objects");
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(map) = item else {
            errors.add(format!("actions[{i}]"), format!("actions[{i}] must be an object"));
            continue;
        };
        let mut f = Fields::new(map);
        let description = f.text_or_empty("description");
        let name = f.text("owner_name");
        let agency = f.text("owner_agency");
        let user = f.text("owner_user_id");
        let due_on = f.date("due_on");
        let mut inner = f.finish();
        let owner = match (user, name, agency) {
            (Some(u), _, _) => match u.parse::<UserId>() {
                Ok(user_id) => Some(ActionOwner::Staff { user_id }),
                Err(_) => {
                    inner.add("owner_user_id", "owner_user_id must be a member of staff's id");
                    None
                }
            },
            (None, None, None) => None,
            (None, n, a) => Some(ActionOwner::Named { name: n.unwrap_or_default(), agency: a.unwrap_or_default() }),
        };
        for e in inner.0 {
            errors.add(format!("actions[{i}].{}", e.field), e.message);
        }
        out.push(Action { action_id: ActionId::new(), description, owner, due_on, status: ActionStatus::Open });
    }
    out
}

fn add_domain_errors(errors: &mut FieldErrors, domain: FieldErrors) {
    for e in domain.0 {
        if errors.for_field(&e.field).is_none() {
            errors.add(e.field, e.message);
        }
    }
}

#[derive(Serialize)]
pub struct PlanCreated {
    pub event_id: String,
    pub seq: i64,
    pub plan_id: PlanId,
}

/// `POST /api/v1/children/{id}/cp-plans`: `{conference_id, contingency_plan, actions}`.
/// The plan starts on the conference's date under the category it chose.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(mut body): JsonObject,
) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "record child protection plans")?;
    let id = child_id(&id)?;
    may_open(&state, &user, id).await?;
    let raw_actions = body.remove("actions");
    let mut f = Fields::new(body);
    let conference = f.text("conference_id");
    let contingency_plan = f.text_or_empty("contingency_plan");
    let mut errors = f.finish();
    let actions = read_actions(raw_actions, &mut errors);
    let conference = match conference.as_deref().map(str::parse::<ConferenceId>) {
        Some(Ok(c)) => state.store.plan_conference(c).await?.filter(|c| c.child_id == id),
        _ => None,
    };
    let Some(conference) = conference else {
        errors.add("conference_id", "Enter conference_id: the initial conference on this child's record that decided on a plan");
        return Err(invalid(errors));
    };
    if !conference.decided_on_a_plan() {
        errors.add("conference_id", "This conference did not decide on a child protection plan, so no plan can be recorded from it");
    }
    let plan_id = PlanId::new();
    let event = CpPlanStarted {
        plan_id,
        child_id: id,
        conference_id: conference.conference_id,
        plan: ChildProtectionPlan {
            started_on: Some(conference.held_on),
            initial_category: conference.category,
            latest_category: conference.category,
            contingency_plan,
            actions,
            ended_on: None,
            end_reason: None,
            end_reason_detail: String::new(),
        },
    };
    if let Err(domain) = event.validate(crate::time::today()) {
        add_domain_errors(&mut errors, domain);
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let new = NewEvent::new(EventPayload::CpPlanStarted(event), crate::time::noon_on(conference.held_on));
    let recorded = append(&state, &user, new, "conference_id").await?;
    log_view(&state, &user, id, "api_cp_plan").await?;
    Ok((StatusCode::CREATED, Json(PlanCreated { event_id: recorded.0, seq: recorded.1, plan_id })).into_response())
}

async fn append(state: &AppState, user: &CurrentUser, event: NewEvent, field: &str) -> Result<(String, i64), ApiError> {
    match state.store.append(user.staff.user_id, vec![event]).await {
        Ok(recorded) => match recorded.first() {
            Some(e) => Ok((e.event_id.to_string(), e.seq)),
            None => Err(ApiError(AppError::Internal("the store recorded no event".to_string()))),
        },
        Err(StoreError::Invalid(domain)) => {
            let mut errors = FieldErrors::new();
            add_domain_errors(&mut errors, domain);
            Err(invalid(errors))
        }
        Err(StoreError::Refused(message)) => {
            let mut errors = FieldErrors::new();
            errors.add(field, message);
            Err(invalid(errors))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
pub struct EventCreated {
    pub event_id: String,
    pub seq: i64,
}

/// `POST /api/v1/actions/{id}/complete`: `{completed_on, evidence}`.
pub async fn complete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "update actions")?;
    let action_id = id.parse::<uuid::Uuid>().map(ActionId).map_err(|_| not_found())?;
    let action = state.store.action(action_id).await?.ok_or_else(not_found)?;
    may_open(&state, &user, action.child_id).await?;
    let mut f = Fields::new(body);
    let completed_on = f.date("completed_on");
    if completed_on.is_none() && f.errors.for_field("completed_on").is_none() {
        f.errors.add("completed_on", "Enter completed_on: the date the action was done, written YYYY-MM-DD");
    }
    let evidence = f.text_or_empty("evidence");
    let mut errors = f.finish();
    let today = crate::time::today();
    let event = ActionCompleted { action_id, child_id: action.child_id, completed_on: completed_on.unwrap_or(today), evidence };
    if let Err(domain) = event.validate(today) {
        add_domain_errors(&mut errors, domain);
    }
    let (Some(on), true) = (completed_on, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let (event_id, seq) =
        append(&state, &user, NewEvent::new(EventPayload::ActionCompleted(event), crate::time::noon_on(on)), "action").await?;
    log_view(&state, &user, action.child_id, "api_action").await?;
    Ok((StatusCode::CREATED, Json(EventCreated { event_id, seq })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_read_with_each_problem_named_by_its_place() {
        let mut errors = FieldErrors::new();
        let raw = serde_json::json!([
            {"description": "Visit", "owner_name": "Ana", "owner_agency": "Health", "due_on": "2026-12-01"},
            {"description": "Call", "due_on": "1/12/2026", "typo": 1},
            "not an object"
        ]);
        let actions = read_actions(Some(raw), &mut errors);
        assert_eq!(actions.len(), 2);
        assert_eq!(actions[0].owner, Some(ActionOwner::Named { name: "Ana".into(), agency: "Health".into() }));
        assert_eq!(actions[0].due_on, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(actions[1].owner, None);
        assert!(errors.for_field("actions[1].due_on").is_some());
        assert!(errors.for_field("actions[1].typo").is_some());
        assert!(errors.for_field("actions[2]").is_some());
        let mut errors = FieldErrors::new();
        assert!(read_actions(Some(serde_json::json!({"a": 1})), &mut errors).is_empty());
        assert_eq!(errors.for_field("actions"), Some("actions must be a list of objects"));
    }
}
