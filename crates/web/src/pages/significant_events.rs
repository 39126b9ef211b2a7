//! Adding a significant event, with analysis, to a child's chronology.

use super::child_record::open_record;
use super::home::ChildRow;
use super::{Layout, can_record, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup, Input};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveTime, TimeZone, Utc};
use hearth_domain::events::{EventPayload, NewEvent, SignificantEventRecorded};
use hearth_domain::ids::PersonId;
use hearth_store::StoreError;

#[derive(Template)]
#[template(path = "significant_event_new.html")]
pub struct NewSignificantEventPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

fn render(state: &AppState, user: &CurrentUser, child: ChildRow, id: PersonId, form: &FormState) -> Result<String, AppError> {
    let page = NewSignificantEventPage {
        layout: Layout::for_user(state, user, "Add a significant event", "search"),
        child,
        id: id.to_string(),
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::date_input(form, "occurred_on", "When did it happen?", "For example, 27 3 2026"),
            components::text_input(form, "title", "Short title", Input { hint: "For example, Went missing overnight", ..Default::default() }),
            components::textarea(form, "what_happened", "What happened", "The facts: who, what, where, and how you know.", 6),
            components::textarea(
                form,
                "analysis",
                "Analysis: what does this mean for the child?",
                "Your professional judgement about the child's safety and needs, and what should happen next.",
                6,
            ),
        ],
    };
    Ok(page.render()?)
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "add to a child's chronology")?;
    let record = match open_record(&state, &user, id, "significant_event_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    Ok(Html(render(&state, &user, ChildRow::from_item(&record.item), id, &FormState::default())?).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "add to a child's chronology")?;
    let record = match open_record(&state, &user, id, "significant_event_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let occurred_on = form.date("occurred_on", "the date it happened", true);
    if let Some(date) = occurred_on {
        let event = SignificantEventRecorded {
            child_id: id,
            occurred_on: date,
            title: form.value("title").trim().to_string(),
            what_happened: form.value("what_happened").trim().to_string(),
            analysis: form.value("analysis").trim().to_string(),
        };
        // It happened on that day; noon keeps the day the same in any UK offset.
        let at = Utc.from_utc_datetime(&date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())).min(Utc::now());
        match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::SignificantEventRecorded(event), at)]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}?added=1#chronology")).into_response()),
            Err(StoreError::Invalid(errors)) => form.errors.0.extend(errors.0),
            Err(e) => return Err(e.into()),
        }
    } else {
        // Still check the other fields, so every problem is listed at once.
        let probe = SignificantEventRecorded {
            child_id: id,
            occurred_on: crate::time::today(),
            title: form.value("title").to_string(),
            what_happened: form.value("what_happened").to_string(),
            analysis: form.value("analysis").to_string(),
        };
        if let Err(errors) = probe.validate(crate::time::today()) {
            form.errors.0.extend(errors.0);
        }
    }
    let html = render(&state, &user, ChildRow::from_item(&record.item), id, &form)?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
