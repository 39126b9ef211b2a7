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
use chrono::Utc;
use hearth_domain::events::{Correction, EventPayload, NewEvent, SignificantEventRecorded};
use hearth_domain::ids::EventId;
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
        let at = crate::time::noon_on(date);
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

#[derive(Template)]
#[template(path = "significant_event_correct.html")]
pub struct CorrectSignificantEventPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub event_id: String,
    pub error_summary: Markup,
    pub original_title: String,
    pub fields: Vec<Markup>,
}

fn render_correction(
    state: &AppState,
    user: &CurrentUser,
    child: ChildRow,
    id: PersonId,
    event_id: EventId,
    original: &SignificantEventRecorded,
    form: &FormState,
) -> Result<String, AppError> {
    let page = CorrectSignificantEventPage {
        layout: Layout::for_user(state, user, "Correct a significant event", "search"),
        child,
        id: id.to_string(),
        event_id: event_id.to_string(),
        error_summary: components::error_summary(&form.errors),
        original_title: original.title.clone(),
        fields: vec![
            components::date_input(form, "occurred_on", "When did it happen?", "For example, 27 3 2026"),
            components::text_input(form, "title", "Short title", Input::default()),
            components::textarea(form, "what_happened", "What happened", "", 6),
            components::textarea(form, "analysis", "Analysis: what does this mean for the child?", "", 6),
            components::textarea(
                form,
                "reason",
                "Why is this being corrected?",
                "The original stays in the chronology, marked as corrected, with your reason.",
                3,
            ),
        ],
    };
    Ok(page.render()?)
}

/// The significant event being corrected, if it is one and about this child.
async fn significant_event(state: &AppState, id: PersonId, event_id: EventId) -> Result<SignificantEventRecorded, AppError> {
    match state.store.event(event_id).await? {
        Some(e) => match e.payload {
            EventPayload::SignificantEventRecorded(s) if s.child_id == id => Ok(s),
            _ => Err(AppError::NotFound),
        },
        None => Err(AppError::NotFound),
    }
}

pub async fn correct_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, event_id)): Path<(PersonId, EventId)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "correct a child's chronology")?;
    let record = match open_record(&state, &user, id, "significant_event_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let original = significant_event(&state, id, event_id).await?;
    let mut form = FormState::default();
    form.set("occurred_on-day", original.occurred_on.format("%-d").to_string());
    form.set("occurred_on-month", original.occurred_on.format("%-m").to_string());
    form.set("occurred_on-year", original.occurred_on.format("%Y").to_string());
    form.set("title", original.title.clone());
    form.set("what_happened", original.what_happened.clone());
    form.set("analysis", original.analysis.clone());
    Ok(Html(render_correction(&state, &user, ChildRow::from_item(&record.item), id, event_id, &original, &form)?).into_response())
}

pub async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, event_id)): Path<(PersonId, EventId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "correct a child's chronology")?;
    let record = match open_record(&state, &user, id, "significant_event_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let original = significant_event(&state, id, event_id).await?;
    let mut form = FormState::from_pairs(pairs);
    let occurred_on = form.date("occurred_on", "the date it happened", true);
    let replacement = SignificantEventRecorded {
        child_id: id,
        occurred_on: occurred_on.unwrap_or(original.occurred_on),
        title: form.value("title").trim().to_string(),
        what_happened: form.value("what_happened").trim().to_string(),
        analysis: form.value("analysis").trim().to_string(),
    };
    if replacement == original && !form.has_errors() {
        form.errors.add("title", "Change something: the correction is the same as the original");
    }
    if !form.has_errors() {
        let correction = Correction {
            corrects: event_id,
            reason: form.value("reason").trim().to_string(),
            replacement: Box::new(EventPayload::SignificantEventRecorded(replacement)),
        };
        match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::Correction(correction), Utc::now())]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}?corrected=1#chronology")).into_response()),
            Err(StoreError::Invalid(errors)) => form.errors.0.extend(errors.0),
            Err(StoreError::Refused(message)) => form.errors.add("reason", message),
            Err(e) => return Err(e.into()),
        }
    } else if form.value("reason").trim().is_empty() {
        form.errors.add("reason", "Enter the reason for the correction");
    }
    let html = render_correction(&state, &user, ChildRow::from_item(&record.item), id, event_id, &original, &form)?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
