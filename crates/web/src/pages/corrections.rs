//! Correcting the date of a recorded visit, meeting, plan or enquiry. The
//! record is not overwritten: a correction event carries the same record
//! with the new date and the reason, the chronology shows both, and the
//! child's clocks are worked out again from the corrected date.

use super::child_record::open_record;
use super::home::ChildRow;
use super::{Layout, can_record, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use chrono::{NaiveDate, Utc};
use hearth_domain::events::{Correction, EventPayload, NewEvent};
use hearth_domain::ids::{EventId, PersonId};
use hearth_store::StoreError;

pub fn routes() -> Router<AppState> {
    Router::new().route("/children/{id}/events/{event_id}/correct-date", get(form).post(correct))
}

/// The chronology's link to this page, for events whose date can be corrected.
pub fn href(child: PersonId, event_id: EventId, payload: &EventPayload) -> Option<String> {
    payload.correctable_date().map(|_| format!("/children/{child}/events/{event_id}/correct-date"))
}

#[derive(Template)]
#[template(path = "correct_date.html")]
pub struct CorrectDatePage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub event_id: String,
    pub summary: String,
    pub recorded_date: String,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

/// The event being corrected: what it is, what its date is, and the date.
struct Original<'a> {
    payload: &'a EventPayload,
    what: &'static str,
    on: NaiveDate,
}

fn render(
    state: &AppState,
    user: &CurrentUser,
    child: ChildRow,
    id: PersonId,
    event_id: EventId,
    original: Original<'_>,
    form: &FormState,
) -> Result<String, AppError> {
    let page = CorrectDatePage {
        layout: Layout::for_user(state, user, "Correct a date", "search"),
        child,
        id: id.to_string(),
        event_id: event_id.to_string(),
        summary: original.payload.summary(),
        recorded_date: crate::time::date(original.on),
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::date_input(form, "corrected_on", &format!("{}: what should it be?", original.what), "For example, 27 3 2026"),
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

/// The event, if it is about this child, has a correctable date and has not
/// been corrected already (a correction of a correction is refused: the
/// original is corrected again instead, from its chronology entry).
async fn correctable(state: &AppState, id: PersonId, event_id: EventId) -> Result<(EventPayload, &'static str, NaiveDate), AppError> {
    let event = state.store.event(event_id).await?.ok_or(AppError::NotFound)?;
    if !event.payload.subjects().contains(&id) {
        return Err(AppError::NotFound);
    }
    let (what, on) = event.payload.correctable_date().ok_or(AppError::NotFound)?;
    Ok((event.payload, what, on))
}

pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, event_id)): Path<(PersonId, EventId)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "correct a child's record")?;
    let record = match open_record(&state, &user, id, "correct_date").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let (original, what, on) = correctable(&state, id, event_id).await?;
    Ok(Html(render(
        &state,
        &user,
        ChildRow::from_item(&record.item),
        id,
        event_id,
        Original { payload: &original, what, on },
        &FormState::default(),
    )?)
    .into_response())
}

pub async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, event_id)): Path<(PersonId, EventId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "correct a child's record")?;
    let record = match open_record(&state, &user, id, "correct_date").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let (original, what, on) = correctable(&state, id, event_id).await?;
    let mut form = FormState::from_pairs(pairs);
    let corrected_on = form.date("corrected_on", "the correct date", true);
    let reason = form.value("reason").trim().to_string();
    if reason.is_empty() {
        form.errors.add("reason", "Enter the reason for the correction");
    }
    if corrected_on == Some(on) {
        form.errors.add("corrected_on", "Enter a different date: this is the date already recorded");
    }
    if let (Some(new_date), false) = (corrected_on, form.has_errors())
        && let Some(replacement) = original.with_corrected_date(new_date)
    {
        let correction = Correction { corrects: event_id, reason, replacement: Box::new(replacement) };
        match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::Correction(correction), Utc::now())]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}?corrected=1#chronology")).into_response()),
            Err(StoreError::Invalid(errors)) => {
                // The replacement's own rules name its fields; they are all
                // about the one date on this page.
                for e in errors.0 {
                    let field = if e.field == "reason" { "reason" } else { "corrected_on" };
                    form.errors.add(field, e.message);
                }
            }
            Err(StoreError::Refused(message)) => form.errors.add("corrected_on", message),
            Err(e) => return Err(e.into()),
        }
    }
    let html = render(&state, &user, ChildRow::from_item(&record.item), id, event_id, Original { payload: &original, what, on }, &form)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
