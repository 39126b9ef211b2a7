//! Raising and removing risk flags on a child's record (F12).

use super::child_record::open_record;
use super::home::ChildRow;
use super::{Layout, can_record, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use hearth_domain::events::{EventPayload, NewEvent, RiskFlagRaised, RiskFlagRemoved};
use hearth_domain::ids::PersonId;
use hearth_domain::risk_flags::{RiskFlag, validate_raise, validate_remove};
use hearth_store::StoreError;

#[derive(Template)]
#[template(path = "risk_flag_form.html")]
pub struct RiskFlagPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub heading: String,
    pub intro: String,
    pub action: String,
    pub button: &'static str,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

/// The options for the flag select: the four the front door looks for
/// first, then every census factor.
fn flag_options() -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "Choose the risk".to_string())];
    options.extend(RiskFlag::all().map(|f| (f.code().to_string(), f.label())));
    options
}


fn render_raise(state: &AppState, user: &CurrentUser, child: ChildRow, id: PersonId, form: &FormState) -> Result<String, AppError> {
    let page = RiskFlagPage {
        layout: Layout::for_user(state, user, "Flag a risk", "search"),
        child,
        id: id.to_string(),
        heading: "Flag a risk".to_string(),
        intro: "The flag shows on the child's record and in lists, so everyone who opens the record sees it. Say what the risk is and how it is known.".to_string(),
        action: format!("/children/{id}/risk-flags/new"),
        button: "Flag the risk",
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::select(form, "flag", "Risk", "Domestic abuse, exploitation and missing first, then the children in need census factors", &flag_options()),
            components::date_input(form, "identified_on", "When was the risk identified?", "For example, 27 3 2026"),
            components::textarea(form, "evidence", "Evidence", "What the risk is, where the information came from and how reliable it is.", 5),
        ],
    };
    Ok(page.render()?)
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "flag risks on a child's record")?;
    let record = match open_record(&state, &user, id, "risk_flag_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    Ok(Html(render_raise(&state, &user, ChildRow::from_item(&record.item), id, &FormState::default())?).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "flag risks on a child's record")?;
    let record = match open_record(&state, &user, id, "risk_flag_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let flag = RiskFlag::from_code(form.value("flag"));
    if flag.is_none() {
        form.errors.add("flag", "Choose the risk to flag");
    }
    let identified_on = form.date("identified_on", "the date the risk was identified", true);
    let evidence = form.value("evidence").trim().to_string();
    let today = crate::time::today();
    if let Err(errors) = validate_raise(identified_on.unwrap_or(today), &evidence, today) {
        form.errors.0.extend(errors.0.into_iter().filter(|e| identified_on.is_some() || e.field != "identified_on"));
    }
    if let (Some(flag), Some(identified_on), false) = (flag, identified_on, form.has_errors()) {
        let event = RiskFlagRaised { child_id: id, flag, identified_on, evidence };
        match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::RiskFlagRaised(event), crate::time::noon_on(identified_on))]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}?flagged=1#risk-flags")).into_response()),
            Err(StoreError::Invalid(errors)) => form.errors.0.extend(errors.0),
            Err(StoreError::Refused(message)) => form.errors.add("flag", message),
            Err(e) => return Err(e.into()),
        }
    }
    let html = render_raise(&state, &user, ChildRow::from_item(&record.item), id, &form)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

fn render_remove(
    state: &AppState,
    user: &CurrentUser,
    child: ChildRow,
    id: PersonId,
    flag: RiskFlag,
    form: &FormState,
) -> Result<String, AppError> {
    let page = RiskFlagPage {
        layout: Layout::for_user(state, user, "Remove a risk flag", "search"),
        child,
        id: id.to_string(),
        heading: format!("Remove the flag: {}", flag.label()),
        intro: "The flag and the reason it was removed stay in the child's chronology.".to_string(),
        action: format!("/children/{id}/risk-flags/{}/remove", flag.code()),
        button: "Remove the flag",
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::date_input(form, "removed_on", "From when does the risk no longer apply?", "For example, 27 3 2026"),
            components::textarea(form, "reason", "Why does the risk no longer apply?", "What has changed, and how it is known.", 5),
        ],
    };
    Ok(page.render()?)
}

fn flag_from_path(code: &str) -> Result<RiskFlag, AppError> {
    RiskFlag::from_code(code).ok_or(AppError::NotFound)
}

pub async fn remove_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, code)): Path<(PersonId, String)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "remove risk flags")?;
    let flag = flag_from_path(&code)?;
    let record = match open_record(&state, &user, id, "risk_flag_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    Ok(Html(render_remove(&state, &user, ChildRow::from_item(&record.item), id, flag, &FormState::default())?).into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, code)): Path<(PersonId, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "remove risk flags")?;
    let flag = flag_from_path(&code)?;
    let record = match open_record(&state, &user, id, "risk_flag_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let removed_on = form.date("removed_on", "the date", true);
    let reason = form.value("reason").trim().to_string();
    let today = crate::time::today();
    if let Err(errors) = validate_remove(removed_on.unwrap_or(today), &reason, today) {
        form.errors.0.extend(errors.0.into_iter().filter(|e| removed_on.is_some() || e.field != "removed_on"));
    }
    if let (Some(removed_on), false) = (removed_on, form.has_errors()) {
        let event = RiskFlagRemoved { child_id: id, flag, removed_on, reason };
        match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::RiskFlagRemoved(event), crate::time::noon_on(removed_on))]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}?unflagged=1#risk-flags")).into_response()),
            Err(StoreError::Invalid(errors)) => form.errors.0.extend(errors.0),
            Err(StoreError::Refused(message)) => form.errors.add("removed_on", message),
            Err(e) => return Err(e.into()),
        }
    }
    let html = render_remove(&state, &user, ChildRow::from_item(&record.item), id, flag, &form)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
