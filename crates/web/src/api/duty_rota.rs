//! The front door's duty rota over the API: read it for a range of days,
//! and (managers) set one team's day.

use super::extract::{ApiUser, Fields, JsonObject, parse_date};
use super::front_door::{finish, invalid, require_front_door, require_manager};
use crate::error::{ApiError, AppError};
use crate::pages::duty_rota::duty_teams;
use crate::state::AppState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, NaiveDate, Utc};
use hearth_domain::events::{DutyRotaSet, EventPayload, NewEvent};
use hearth_domain::front_door::duty_rota::week_starting;
use hearth_domain::ids::{TeamId, UserId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use serde::Serialize;

/// The most days one read returns.
const MAX_DAYS: i64 = 93;

#[derive(Serialize)]
pub struct DutyJson {
    pub team_id: TeamId,
    pub date: NaiveDate,
    pub user_id: UserId,
    pub name: String,
    /// `worker` or `manager`.
    pub duty: &'static str,
}

#[derive(Serialize)]
pub struct RotaJson {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub on_duty: Vec<DutyJson>,
}

/// `GET /api/v1/front-door/rota?from=&to=`: this week when no dates are given.
pub async fn read(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<RotaJson>, ApiError> {
    require_front_door(&user, "see the duty rota")?;
    let Query(pairs) = query.map_err(|_| super::extract::bad_request("The query string cannot be read"))?;
    let mut errors = FieldErrors::new();
    let mut date = |name: &str| {
        pairs.iter().rev().find(|(k, _)| k == name).and_then(|(_, v)| {
            let parsed = parse_date(v.trim());
            if parsed.is_none() {
                errors.add(name, format!("{name} must be a real date written YYYY-MM-DD"));
            }
            parsed
        })
    };
    let monday = week_starting(crate::time::today());
    let from = date("from").unwrap_or(monday);
    let to = date("to").unwrap_or(from + Duration::days(6));
    if to < from {
        errors.add("to", "to must not be before from");
    } else if (to - from).num_days() >= MAX_DAYS {
        errors.add("to", format!("Ask for at most {MAX_DAYS} days at a time"));
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let on_duty = state
        .store
        .duty_rota(from, to)
        .await?
        .into_iter()
        .map(|e| DutyJson { team_id: e.team_id, date: e.date, user_id: e.user_id, name: e.display_name, duty: if e.is_manager { "manager" } else { "worker" } })
        .collect();
    Ok(Json(RotaJson { from, to, on_duty }))
}

#[derive(Serialize)]
pub struct DaySet {
    pub team_id: TeamId,
    pub date: NaiveDate,
}

/// `POST /api/v1/front-door/rota/{team_id}/{date}`: `{duty_workers: [user ids], duty_manager?}`.
/// Replaces the team's day; an empty list clears it. Managers only.
pub async fn set_day(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((team, date)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require_manager(&user, "change the duty rota")?;
    let team_id: TeamId = team.parse().map_err(|_| ApiError(AppError::NotFound))?;
    let date = parse_date(&date).ok_or(ApiError(AppError::NotFound))?;
    if !duty_teams(&state).await?.iter().any(|t| t.team_id == team_id) {
        return Err(ApiError(AppError::NotFound));
    }
    let mut f = Fields::new(body);
    let mut duty_workers = Vec::new();
    for raw in f.strings("duty_workers") {
        match raw.parse::<UserId>() {
            Ok(id) => duty_workers.push(id),
            Err(_) => {
                f.errors.add("duty_workers", "duty_workers must be a list of user ids");
                break;
            }
        }
    }
    let duty_manager = match f.text("duty_manager").map(|m| m.parse::<UserId>()) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            f.errors.add("duty_manager", "duty_manager must be a user id");
            None
        }
    };
    finish(f)?;
    let event = DutyRotaSet { team_id, date, duty_workers, duty_manager };
    match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::DutyRotaSet(event), Utc::now())]).await {
        Ok(_) => Ok((StatusCode::CREATED, Json(DaySet { team_id, date })).into_response()),
        Err(StoreError::Invalid(domain)) => Err(invalid(domain)),
        Err(StoreError::Refused(message)) => {
            let mut errors = FieldErrors::new();
            errors.add("duty_workers", message);
            Err(invalid(errors))
        }
        Err(e) => Err(e.into()),
    }
}
