//! Out-of-hours handover (F8) and threshold disagreements between teams (F5)
//! over the API, with the same rules as the pages: anyone who records may
//! record out-of-hours work; the MASH takes it on; a team raises a
//! disagreement about a contact and a manager resolves it.

use super::extract::{ApiUser, Fields, JsonObject};
use super::front_door::{
    add_domain_errors, append, code_field, finish, invalid, latest_received, path_id, require_front_door,
    require_manager, resolve_children, short_text, timestamp_field,
};
use crate::error::{ApiError, AppError};
use crate::pages::{can_record, require};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use hearth_domain::events::{EscalationRaised, EscalationResolved, EventPayload, NewEvent, OutOfHoursAcknowledged, OutOfHoursRecorded};
use hearth_domain::front_door::{EscalationOutcome, handover_due};
use hearth_domain::ids::{ContactId, EscalationId, OutOfHoursId, PersonId, TeamId};
use serde::Serialize;

#[derive(Serialize)]
pub struct HandoverJson {
    pub id: OutOfHoursId,
    pub occurred_at: DateTime<Utc>,
    /// By when the MASH must take it on: 10am the next working day.
    pub handover_due: DateTime<Utc>,
    pub overdue: bool,
    pub children: Vec<PersonId>,
    pub summary: String,
    pub action_taken: String,
}

#[derive(Serialize)]
pub struct HandoverList {
    pub records: Vec<HandoverJson>,
}

/// `GET /api/v1/front-door/out-of-hours`: records not yet taken on, oldest due first.
pub async fn pending(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<HandoverList>, ApiError> {
    require_front_door(&user, "see the out-of-hours handover")?;
    let now = Utc::now();
    let records = state
        .store
        .pending_handovers()
        .await?
        .into_iter()
        .map(|h| HandoverJson {
            id: h.record_id,
            occurred_at: h.occurred_at,
            handover_due: h.handover_due,
            overdue: h.handover_due < now,
            children: h.record.children,
            summary: h.record.summary,
            action_taken: h.record.action_taken,
        })
        .collect();
    Ok(Json(HandoverList { records }))
}

#[derive(Serialize)]
pub struct Created<T: Serialize> {
    pub id: T,
}

/// `POST /api/v1/front-door/out-of-hours`: `{children, occurred_at, summary, action_taken}`.
pub async fn record(State(state): State<AppState>, ApiUser(user): ApiUser, JsonObject(body): JsonObject) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "record out-of-hours work")?;
    let mut f = Fields::new(body);
    let children = resolve_children(&state, &mut f).await?;
    let occurred_at = timestamp_field(&mut f, "occurred_at", "when it happened");
    if occurred_at.is_some_and(|at| at > Utc::now() + Duration::minutes(super::front_door::FUTURE_TOLERANCE_MINUTES)) {
        f.errors.add("occurred_at", "occurred_at must be in the past");
    }
    let calendar = state.calendar().await?;
    let record = OutOfHoursRecorded {
        record_id: OutOfHoursId::new(),
        children,
        summary: f.text_or_empty("summary"),
        action_taken: f.text_or_empty("action_taken"),
        handover_due: handover_due(occurred_at.unwrap_or_else(Utc::now), &calendar),
    };
    let mut errors = f.finish();
    if let Err(domain) = record.validate() {
        add_domain_errors(&mut errors, domain, &[]);
    }
    let (Some(at), true) = (occurred_at, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let id = record.record_id;
    append(&state, &user, vec![NewEvent::new(EventPayload::OutOfHoursRecorded(record), at)], &[]).await?;
    tracing::info!(user = %user.staff.user_id, record = %id, "out-of-hours record made through the API");
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

/// `POST /api/v1/front-door/out-of-hours/{id}/acknowledgement`: `{note?}`.
pub async fn acknowledge(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require_front_door(&user, "take on out-of-hours records")?;
    let id: OutOfHoursId = path_id(&id)?;
    let mut f = Fields::new(body);
    let note = short_text(&mut f, "note", 5000);
    finish(f)?;
    let Some(h) = state.store.pending_handovers().await?.into_iter().find(|h| h.record_id == id) else {
        return Err(ApiError(AppError::Conflict("That out-of-hours record does not exist or has already been taken on".to_string())));
    };
    let event = OutOfHoursAcknowledged { record_id: id, children: h.record.children, note };
    append(&state, &user, vec![NewEvent::new(EventPayload::OutOfHoursAcknowledged(event), Utc::now())], &[]).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[derive(Serialize)]
pub struct EscalationJson {
    pub id: EscalationId,
    pub contact_id: ContactId,
    pub raised_by_team: String,
    pub with_team: String,
    pub raised_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    /// Working or not, the elapsed time from raising to resolution (F5).
    pub hours_to_resolve: Option<i64>,
}

#[derive(Serialize)]
pub struct EscalationList {
    pub escalations: Vec<EscalationJson>,
}

/// `GET /api/v1/front-door/escalations`: open ones first, then the most recently resolved.
pub async fn escalations(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<EscalationList>, ApiError> {
    require_front_door(&user, "see threshold disagreements")?;
    let escalations = state
        .store
        .escalations(1000)
        .await?
        .into_iter()
        .map(|e| EscalationJson {
            id: e.escalation_id,
            contact_id: e.contact_id,
            raised_by_team: e.raised_by_team,
            with_team: e.with_team,
            raised_at: e.raised_at,
            hours_to_resolve: e.resolved_at.map(|r| (r - e.raised_at).num_hours()),
            resolved_at: e.resolved_at,
            outcome: e.outcome,
        })
        .collect();
    Ok(Json(EscalationList { escalations }))
}

/// `POST /api/v1/front-door/contacts/{id}/escalations`: `{with_team, disagreement}`,
/// raised by the caller's team.
pub async fn raise(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require_front_door(&user, "raise threshold disagreements")?;
    let contact: ContactId = path_id(&id)?;
    let events = state.store.contact_events(contact).await?;
    if events.is_empty() {
        return Err(super::front_door::not_found());
    }
    let mut f = Fields::new(body);
    let with_team = match f.text("with_team").map(|t| t.parse::<TeamId>()) {
        Some(Ok(t)) if state.store.team_exists(t).await? => Some(t),
        Some(_) => {
            f.errors.add("with_team", "with_team must be the id of a team");
            None
        }
        None => {
            f.errors.add("with_team", "Enter with_team: the id of the team whose decision is disputed");
            None
        }
    };
    let disagreement = f.text_or_empty("disagreement");
    let mut errors = f.finish();
    let Some(mine) = user.staff.team_id else {
        errors.add("with_team", "You are not in a team, so you cannot raise a disagreement between teams");
        return Err(invalid(errors));
    };
    let event = EscalationRaised {
        escalation_id: EscalationId::new(),
        contact_id: contact,
        children: latest_received(&events)?.children,
        raised_by_team: mine,
        with_team: with_team.unwrap_or(mine),
        disagreement,
    };
    if let Err(domain) = event.validate() {
        add_domain_errors(&mut errors, domain, &[]);
    }
    if with_team.is_none() || !errors.is_empty() {
        return Err(invalid(errors));
    }
    let id = event.escalation_id;
    append(&state, &user, vec![NewEvent::new(EventPayload::EscalationRaised(event), Utc::now())], &[]).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

/// `POST /api/v1/front-door/contacts/{id}/escalations/{escalation_id}/resolution`:
/// `{outcome, resolution}`. Managers only.
pub async fn resolve(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, escalation)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require_manager(&user, "resolve threshold disagreements")?;
    let contact: ContactId = path_id(&id)?;
    let escalation: EscalationId = path_id(&escalation)?;
    let open = state.store.escalations_for_contact(contact).await?.into_iter().find(|e| e.escalation_id == escalation);
    match open {
        None => return Err(super::front_door::not_found()),
        Some(e) if e.resolved_at.is_some() => {
            return Err(ApiError(AppError::Conflict("That disagreement has already been resolved".to_string())));
        }
        Some(_) => {}
    }
    let mut f = Fields::new(body);
    let outcome = code_field(&mut f, "outcome", EscalationOutcome::ALL, EscalationOutcome::code, "how the disagreement ended");
    let resolution = f.text_or_empty("resolution");
    if resolution.chars().count() > 5000 {
        f.errors.add("resolution", "resolution must be 5000 characters or fewer");
    }
    let mut errors = f.finish();
    let event = EscalationResolved {
        escalation_id: escalation,
        contact_id: contact,
        children: latest_received(&state.store.contact_events(contact).await?)?.children,
        outcome: outcome.unwrap_or(EscalationOutcome::DecisionStands),
        resolution,
    };
    if let Err(domain) = event.validate() {
        add_domain_errors(&mut errors, domain, &[]);
    }
    if outcome.is_none() || !errors.is_empty() {
        return Err(invalid(errors));
    }
    append(&state, &user, vec![NewEvent::new(EventPayload::EscalationResolved(event), Utc::now())], &[]).await?;
    Ok((StatusCode::CREATED, Json(Created { id: escalation })).into_response())
}

