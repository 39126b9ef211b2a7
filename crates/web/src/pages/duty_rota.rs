//! The front door's duty rota: who is on duty, by day, across the MASH pods
//! and the teams that share the duty (assessment duty desks, out of hours).

use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Duration, NaiveDate, Utc};
use hearth_domain::events::{DutyRotaSet, EventPayload, NewEvent};
use hearth_domain::front_door::duty_rota::{week_starting, weekdays};
use hearth_domain::ids::{TeamId, UserId};
use hearth_domain::staff::{Role, TeamKind};
use hearth_store::StoreError;
use hearth_store::duty_rota::DutyEntry;
use hearth_store::staff::Team;

/// The teams that carry a front-door duty.
fn is_duty_team(kind: TeamKind) -> bool {
    matches!(kind, TeamKind::Mash | TeamKind::Assessment | TeamKind::OutOfHours)
}

/// Who can be put on duty: people who do the work, not administrators or analysts.
fn can_be_on_duty(role: Role) -> bool {
    matches!(role, Role::MashWorker | Role::Practitioner | Role::TeamManager | Role::ServiceManager)
}

pub async fn duty_teams(state: &AppState) -> Result<Vec<Team>, AppError> {
    Ok(state.store.list_teams().await?.into_iter().filter(|t| is_duty_team(t.kind)).collect())
}

/// One day's duty for one team, as the rota and the queue show it.
pub struct DutyCell {
    pub manager: Option<String>,
    pub workers: Vec<String>,
    pub change_href: String,
    pub day_label: String,
}

pub struct RotaRow {
    pub team: String,
    pub cells: Vec<DutyCell>,
}

fn cell(entries: &[DutyEntry], team: TeamId, date: NaiveDate) -> DutyCell {
    let on_day = entries.iter().filter(|e| e.team_id == team && e.date == date);
    let (managers, workers): (Vec<&DutyEntry>, Vec<&DutyEntry>) = on_day.partition(|e| e.is_manager);
    DutyCell {
        manager: managers.first().map(|m| m.display_name.clone()),
        workers: workers.iter().map(|w| w.display_name.clone()).collect(),
        change_href: format!("/front-door/rota/{team}/{date}"),
        day_label: crate::time::date(date),
    }
}

#[derive(Template)]
#[template(path = "duty_rota.html")]
pub struct RotaPage {
    pub layout: Layout,
    pub week_label: String,
    pub days: Vec<String>,
    pub rows: Vec<RotaRow>,
    pub previous: String,
    pub next: String,
    pub this_week: String,
    pub can_change: bool,
    pub banner: bool,
}

#[derive(serde::Deserialize, Default)]
pub struct RotaQuery {
    #[serde(default)]
    week: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

pub async fn week(State(state): State<AppState>, user: CurrentUser, Query(q): Query<RotaQuery>) -> Result<Html<String>, AppError> {
    require(super::front_door::can_use_front_door(user.staff.role), "see the duty rota")?;
    let today = crate::time::today();
    let monday = week_starting(q.week.as_deref().and_then(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()).unwrap_or(today));
    let days = weekdays(monday);
    let entries = state.store.duty_rota(monday, monday + Duration::days(6)).await?;
    let rows = duty_teams(&state)
        .await?
        .iter()
        .map(|t| RotaRow { team: t.name.clone(), cells: days.iter().map(|d| cell(&entries, t.team_id, *d)).collect() })
        .collect();
    let page = RotaPage {
        layout: Layout::for_user(&state, &user, "Duty rota", "front_door"),
        week_label: format!("Week beginning {}", crate::time::date(monday)),
        days: days.iter().map(|d| d.format("%a %-d %b").to_string()).collect(),
        rows,
        previous: format!("/front-door/rota?week={}", monday - Duration::days(7)),
        next: format!("/front-door/rota?week={}", monday + Duration::days(7)),
        this_week: "/front-door/rota".to_string(),
        can_change: user.staff.role.is_manager(),
        banner: q.saved.is_some(),
    };
    Ok(Html(page.render()?))
}

/// Today's duty across the front door, for the MASH queue.
pub async fn on_duty_today(state: &AppState) -> Result<(Vec<(String, DutyCell)>, Vec<UserId>), AppError> {
    let today = crate::time::today();
    let entries = state.store.duty_rota(today, today).await?;
    let on_duty = entries.iter().filter(|e| !e.is_manager).map(|e| e.user_id).collect();
    let cells = duty_teams(state)
        .await?
        .iter()
        .map(|t| (t.name.clone(), cell(&entries, t.team_id, today)))
        .filter(|(_, c)| c.manager.is_some() || !c.workers.is_empty())
        .collect();
    Ok((cells, on_duty))
}

#[derive(Template)]
#[template(path = "duty_rota_day.html")]
pub struct DayPage {
    pub layout: Layout,
    pub team: String,
    pub day: String,
    pub action: String,
    pub back: String,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

async fn render_day(state: &AppState, user: &CurrentUser, team: &Team, date: NaiveDate, form: &FormState) -> Result<String, AppError> {
    let staff = state.store.list_staff().await?;
    let workers: Vec<(String, String)> = staff
        .iter()
        .filter(|s| s.active && s.team_id == Some(team.team_id) && can_be_on_duty(s.role))
        .map(|s| (s.user_id.to_string(), format!("{}, {}", s.display_name, s.role.label())))
        .collect();
    let mut managers = vec![(String::new(), "No duty manager".to_string())];
    managers.extend(staff.iter().filter(|s| s.active && s.role.is_manager()).map(|s| (s.user_id.to_string(), s.display_name.clone())));
    let page = DayPage {
        layout: Layout::for_user(state, user, "Change the duty rota", "front_door"),
        team: team.name.clone(),
        day: crate::time::date(date),
        action: format!("/front-door/rota/{}/{date}", team.team_id),
        back: format!("/front-door/rota?week={}", week_starting(date)),
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::checkboxes(form, "duty_workers", "Who is on duty?", "Members of the team. Leave all unticked to clear the day.", &workers),
            components::select(form, "duty_manager", "Duty manager", "The manager who authorises decisions that day", &managers),
        ],
    };
    Ok(page.render()?)
}

async fn team_and_date(state: &AppState, team_id: TeamId, date: &str) -> Result<(Team, NaiveDate), AppError> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
    let team = duty_teams(state).await?.into_iter().find(|t| t.team_id == team_id).ok_or(AppError::NotFound)?;
    Ok((team, date))
}

pub async fn day_form(State(state): State<AppState>, user: CurrentUser, Path((team_id, date)): Path<(TeamId, String)>) -> Result<Html<String>, AppError> {
    require(user.staff.role.is_manager(), "change the duty rota")?;
    let (team, date) = team_and_date(&state, team_id, &date).await?;
    let mut form = FormState::default();
    let current = state.store.duty_rota(date, date).await?;
    let on_day: Vec<&DutyEntry> = current.iter().filter(|e| e.team_id == team_id).collect();
    let workers: Vec<String> = on_day.iter().filter(|e| !e.is_manager).map(|e| e.user_id.to_string()).collect();
    form.set("duty_workers", workers.join(","));
    if let Some(m) = on_day.iter().find(|e| e.is_manager) {
        form.set("duty_manager", m.user_id.to_string());
    }
    Ok(Html(render_day(&state, &user, &team, date, &form).await?))
}

pub async fn set_day(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((team_id, date)): Path<(TeamId, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(user.staff.role.is_manager(), "change the duty rota")?;
    let (team, date) = team_and_date(&state, team_id, &date).await?;
    let mut form = FormState::from_pairs(pairs);
    let mut duty_workers = Vec::new();
    let ticked = form.value("duty_workers").to_string();
    for raw in ticked.split(',').filter(|s| !s.is_empty()) {
        match raw.parse::<UserId>() {
            Ok(id) => duty_workers.push(id),
            Err(_) => form.errors.add("duty_workers", "Choose people from the list"),
        }
    }
    let duty_manager = match form.trimmed("duty_manager") {
        None => None,
        Some(raw) => match raw.parse::<UserId>() {
            Ok(id) => Some(id),
            Err(_) => {
                form.errors.add("duty_manager", "Choose a manager from the list");
                None
            }
        },
    };
    if !form.has_errors() {
        let event = DutyRotaSet { team_id, date, duty_workers, duty_manager };
        match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::DutyRotaSet(event), Utc::now())]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/front-door/rota?week={}&saved=1", week_starting(date))).into_response()),
            Err(StoreError::Invalid(errors)) => {
                for e in errors.0 {
                    // The date is in the address, not the form: its message goes at the top.
                    let field = if e.field == "date" { "duty_workers".to_string() } else { e.field };
                    form.errors.add(field, e.message);
                }
            }
            Err(StoreError::Refused(message)) => form.errors.add("duty_workers", message),
            Err(e) => return Err(e.into()),
        }
    }
    let html = render_day(&state, &user, &team, date, &form).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
