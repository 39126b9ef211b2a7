//! Strategy discussions, section 47 enquiries and conferences over the API
//! (issue 4, F14): the same rules as the pages. A strategy discussion
//! without attendees is refused with 422 `validation_failed` and a field
//! error on `attendees`; nothing is written.

use super::extract::{ApiUser, Fields, JsonObject};
use crate::auth::CurrentUser;
use crate::error::{ApiError, AppError};
use crate::pages::child_protection::parse_time;
use crate::pages::child_record::{access_for, log_view};
use crate::pages::{can_record, require};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, NaiveDateTime};
use hearth_domain::access::Access;
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::child_protection::{Agency, Attendee, StrategyDecision, StrategyDiscussion};
use hearth_domain::events::{EventPayload, NewEvent, StrategyDiscussionHeld};
use hearth_domain::ids::{ConferenceId, PersonId, PlanId, ReferralId, Section47Id, StrategyDiscussionId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use serde::Serialize;
use serde_json::{Map, Value};

/// May the user open this child's record? Writes the access entry if so.
async fn open_child(state: &AppState, user: &CurrentUser, id: PersonId, screen: &str) -> Result<(), ApiError> {
    if state.store.child_record(id).await?.is_none() {
        return Err(ApiError(AppError::NotFound));
    }
    match access_for(state, user, id).await? {
        Access::Allowed | Access::AllowedByBreakGlass => {
            log_view(state, user, id, screen).await?;
            Ok(())
        }
        Access::NeedsReason => Err(ApiError(AppError::Forbidden(
            "This child's record is outside your team. Open it in Hearth and give your reason (break glass) first; the API cannot record a reason."
                .to_string(),
        ))),
    }
}

#[derive(Serialize)]
pub struct AttendeeJson {
    pub name: String,
    pub agency: &'static str,
    pub role: String,
}

fn attendees_json(attendees: &[Attendee]) -> Vec<AttendeeJson> {
    attendees.iter().map(|a| AttendeeJson { name: a.name.clone(), agency: a.agency.code(), role: a.role.clone() }).collect()
}

#[derive(Serialize)]
pub struct ActionJson {
    pub description: String,
    pub owner_name: Option<String>,
    pub owner_agency: Option<String>,
    pub due_on: NaiveDate,
    pub status: String,
}

fn actions_json(actions: &[hearth_store::child_protection::SetAction]) -> Vec<ActionJson> {
    actions
        .iter()
        .map(|a| ActionJson {
            description: a.description.clone(),
            owner_name: a.owner_name.clone(),
            owner_agency: a.owner_agency.clone(),
            due_on: a.due_on,
            status: a.status.clone(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct StrategyDiscussionJson {
    pub discussion_id: StrategyDiscussionId,
    pub referral_id: Option<ReferralId>,
    pub held_at: String,
    pub attendees: Vec<AttendeeJson>,
    pub absent_agencies: Vec<&'static str>,
    pub information_shared: String,
    pub decision: &'static str,
    pub rationale: String,
    pub interim_safety_plan: String,
    pub actions: Vec<ActionJson>,
}

/// `GET /api/v1/children/{id}/strategy-discussions`
pub async fn discussions(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<PersonId>,
) -> Result<Json<Vec<StrategyDiscussionJson>>, ApiError> {
    open_child(&state, &user, id, "api_strategy_discussions").await?;
    let list = state.store.strategy_discussions_of(id).await?;
    Ok(Json(
        list.iter()
            .map(|d| StrategyDiscussionJson {
                discussion_id: d.discussion_id,
                referral_id: d.referral_id,
                held_at: d.held_at.format("%Y-%m-%dT%H:%M").to_string(),
                attendees: attendees_json(&d.attendees),
                absent_agencies: d.absent_agencies.iter().map(|a| a.code()).collect(),
                information_shared: d.information_shared.clone(),
                decision: d.decision.code(),
                rationale: d.rationale.clone(),
                interim_safety_plan: d.interim_safety_plan.clone(),
                actions: actions_json(&d.actions),
            })
            .collect(),
    ))
}

/// The objects of a list field, each read with its own `Fields`; errors are
/// reported as `{name}[i].field`.
fn objects(map: &mut Map<String, Value>, name: &str, errors: &mut FieldErrors) -> Vec<Fields> {
    match map.remove(name) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Value::Object(m) => out.push(Fields::new(m)),
                    _ => errors.add(format!("{name}[{i}]"), format!("{name}[{i}] must be an object")),
                }
            }
            out
        }
        Some(_) => {
            errors.add(name, format!("{name} must be a list of objects"));
            Vec::new()
        }
    }
}

fn prefixed(errors: &mut FieldErrors, prefix: &str, inner: FieldErrors) {
    for e in inner.0 {
        errors.add(format!("{prefix}{}", e.field), e.message);
    }
}

fn parse_held_at(raw: &str) -> Option<NaiveDateTime> {
    let (date, time) = raw.trim().split_once('T')?;
    let date = super::extract::parse_date(date)?;
    Some(date.and_time(parse_time(time.get(..5).unwrap_or(time))?))
}

#[derive(Serialize)]
pub struct DiscussionCreated {
    pub discussion_id: StrategyDiscussionId,
    pub event_id: hearth_domain::ids::EventId,
    pub seq: i64,
}

/// `POST /api/v1/children/{id}/strategy-discussions`
pub async fn record_discussion(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<PersonId>,
    JsonObject(mut map): JsonObject,
) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "record strategy discussions")?;
    open_child(&state, &user, id, "api_strategy_discussion_new").await?;
    let mut errors = FieldErrors::new();
    let mut attendees = Vec::new();
    for (i, mut a) in objects(&mut map, "attendees", &mut errors).into_iter().enumerate() {
        let name = a.text_or_empty("name");
        let role = a.text_or_empty("role");
        let agency = a.text("agency");
        let found = agency.as_deref().and_then(Agency::from_code);
        if found.is_none() {
            let codes = Agency::ALL.iter().map(|a| a.code()).collect::<Vec<_>>().join(", ");
            a.errors.add("agency", format!("agency must be one of {codes}"));
        }
        prefixed(&mut errors, &format!("attendees[{i}]."), a.finish());
        attendees.push(Attendee { name, agency: found.unwrap_or(Agency::Other), role });
    }
    let mut actions = Vec::new();
    for (i, mut a) in objects(&mut map, "actions", &mut errors).into_iter().enumerate() {
        let description = a.text_or_empty("description");
        let name = a.text_or_empty("owner_name");
        let agency = a.text_or_empty("owner_agency");
        let due_on = a.date("due_on");
        prefixed(&mut errors, &format!("actions[{i}]."), a.finish());
        let owner = (!name.is_empty() || !agency.is_empty()).then_some(ActionOwner::Named { name, agency });
        actions.push(Action { action_id: ActionId::new(), description, owner, due_on, status: ActionStatus::Open });
    }
    let mut f = Fields::new(map);
    let held_at = match f.text("held_at") {
        None => None,
        Some(raw) => {
            let t = parse_held_at(&raw);
            if t.is_none() {
                f.errors.add("held_at", "held_at must be a local date and time written YYYY-MM-DDTHH:MM");
            }
            t
        }
    };
    let decision = f.text("decision");
    let decision_code = decision.as_deref().and_then(StrategyDecision::from_code);
    if decision.is_some() && decision_code.is_none() {
        let codes = StrategyDecision::ALL.iter().map(|d| d.code()).collect::<Vec<_>>().join(", ");
        f.errors.add("decision", format!("decision must be one of {codes}"));
    }
    let referral_raw = f.text("referral_id");
    let discussion = StrategyDiscussion {
        held_at,
        attendees,
        information_shared: f.text_or_empty("information_shared"),
        decision: decision_code,
        rationale: f.text_or_empty("rationale"),
        interim_safety_plan: f.text_or_empty("interim_safety_plan"),
        actions,
    };
    let referral_id = match referral_raw {
        Some(raw) => match raw.parse::<ReferralId>() {
            Ok(r) => Some(r),
            Err(_) => {
                f.errors.add("referral_id", "referral_id must be a referral's id");
                None
            }
        },
        // The open children in need episode, when there is one.
        None => state.store.referrals_of(id).await?.into_iter().find(|r| r.closed_on.is_none()).map(|r| r.referral_id),
    };
    errors.0.extend(f.finish().0);
    if let Err(domain) = discussion.validate(crate::time::today()) {
        for e in domain.0 {
            if errors.for_field(&e.field).is_none() {
                errors.add(e.field, e.message);
            }
        }
    }
    let Some(held_on) = discussion.held_on().filter(|_| errors.is_empty()) else {
        return Err(ApiError(AppError::Invalid(errors)));
    };
    let discussion_id = StrategyDiscussionId::new();
    let event = StrategyDiscussionHeld { discussion_id, child_id: id, referral_id, discussion };
    let recorded = match state
        .store
        .append(user.staff.user_id, vec![NewEvent::new(EventPayload::StrategyDiscussionHeld(event), crate::time::noon_on(held_on))])
        .await
    {
        Ok(r) => r,
        Err(StoreError::Invalid(e)) => return Err(ApiError(AppError::Invalid(e))),
        Err(e) => return Err(e.into()),
    };
    let first = recorded.first().ok_or_else(|| ApiError(AppError::Internal("no event recorded".to_string())))?;
    let body = DiscussionCreated { discussion_id, event_id: first.event_id, seq: first.seq };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[derive(Serialize)]
pub struct Section47Json {
    pub enquiry_id: Section47Id,
    pub discussion_id: StrategyDiscussionId,
    pub discussion_on: NaiveDate,
    pub started_on: NaiveDate,
    pub child_seen_on: Option<NaiveDate>,
    pub child_seen_alone: Option<bool>,
    pub not_seen_alone_reason: String,
    pub not_seen_reason: String,
    pub outcome: Option<&'static str>,
    pub icpc_not_required_reason: String,
    pub completed_on: Option<NaiveDate>,
}

/// `GET /api/v1/children/{id}/section-47s`
pub async fn section47s(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<PersonId>,
) -> Result<Json<Vec<Section47Json>>, ApiError> {
    open_child(&state, &user, id, "api_section47s").await?;
    let list = state.store.section47s_of(id).await?;
    Ok(Json(
        list.into_iter()
            .map(|e| Section47Json {
                enquiry_id: e.enquiry_id,
                discussion_id: e.discussion_id,
                discussion_on: e.discussion_on,
                started_on: e.started_on,
                child_seen_on: e.child_seen_on,
                child_seen_alone: e.child_seen_alone,
                not_seen_alone_reason: e.not_seen_alone_reason,
                not_seen_reason: e.not_seen_reason,
                outcome: e.outcome.map(|o| o.code()),
                icpc_not_required_reason: e.icpc_not_required_reason,
                completed_on: e.completed_on,
            })
            .collect(),
    ))
}

#[derive(Serialize)]
pub struct ConferenceJson {
    pub conference_id: ConferenceId,
    pub kind: &'static str,
    pub enquiry_id: Option<Section47Id>,
    pub plan_id: Option<PlanId>,
    pub held_on: NaiveDate,
    pub attendees: Vec<AttendeeJson>,
    pub childs_views: String,
    pub childs_views_not_obtained_reason: String,
    pub advocacy_offered: Option<bool>,
    pub advocate: String,
    pub decision: &'static str,
    pub category: Option<&'static str>,
    pub rationale: String,
    pub late_reason: String,
    pub actions: Vec<ActionJson>,
}

/// `GET /api/v1/children/{id}/conferences`
pub async fn conferences(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<PersonId>,
) -> Result<Json<Vec<ConferenceJson>>, ApiError> {
    use hearth_domain::child_protection::{ConferenceDecision, ConferenceKind};
    open_child(&state, &user, id, "api_conferences").await?;
    let list = state.store.conferences_of(id).await?;
    Ok(Json(
        list.into_iter()
            .map(|c| ConferenceJson {
                conference_id: c.conference_id,
                kind: match c.kind {
                    ConferenceKind::Initial => "initial",
                    ConferenceKind::Review => "review",
                },
                enquiry_id: c.enquiry_id,
                plan_id: c.plan_id,
                held_on: c.held_on,
                attendees: attendees_json(&c.attendees),
                childs_views: c.childs_views.views,
                childs_views_not_obtained_reason: c.childs_views.not_obtained_reason,
                advocacy_offered: c.childs_views.advocacy_offered,
                advocate: c.childs_views.advocate,
                decision: match c.decision {
                    ConferenceDecision::ChildProtectionPlan => "child_protection_plan",
                    ConferenceDecision::NoPlan => "no_plan",
                },
                category: c.category.map(|k| k.code()),
                rationale: c.rationale,
                late_reason: c.late_reason,
                actions: actions_json(&c.actions),
            })
            .collect(),
    ))
}
