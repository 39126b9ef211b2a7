//! Recording a children-in-need episode's primary need (census
//! `PrimaryNeedCode`) once it is known.

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
use chrono::Utc;
use hearth_domain::codes::PrimaryNeed;
use hearth_domain::events::{EventPayload, NewEvent, PrimaryNeedRecorded};
use hearth_domain::ids::{PersonId, ReferralId};
use hearth_store::StoreError;

#[derive(Template)]
#[template(path = "primary_need.html")]
pub struct PrimaryNeedPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub action: String,
    pub referral_date: String,
    pub error_summary: Markup,
    pub field: Markup,
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    id: PersonId,
    referral_id: ReferralId,
    form: &FormState,
) -> Result<Result<String, Response>, AppError> {
    let record = match open_record(state, user, id, "primary_need_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(Err(page)),
    };
    let referral = state
        .store
        .referrals_of(id)
        .await?
        .into_iter()
        .find(|r| r.referral_id == referral_id)
        .ok_or(AppError::NotFound)?;
    let page = PrimaryNeedPage {
        layout: Layout::for_user(state, user, "Record the primary need", "search"),
        child: ChildRow::from_item(&record.item),
        id: id.to_string(),
        action: format!("/children/{id}/referrals/{referral_id}/primary-need"),
        referral_date: crate::time::date(referral.referral_date),
        error_summary: components::error_summary(&form.errors),
        field: components::radios(
            form,
            "primary_need",
            "What is the child's main need?",
            "The children in need census primary need. Choose the one that best describes why the child needs services.",
            &components::options(PrimaryNeed::ALL, PrimaryNeed::code, |n| format!("{} ({})", n.description(), n.code())),
            false,
        ),
    };
    Ok(Ok(page.render()?))
}

pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, referral_id)): Path<(PersonId, ReferralId)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record a primary need")?;
    Ok(match render(&state, &user, id, referral_id, &FormState::default()).await? {
        Ok(html) => Html(html).into_response(),
        Err(page) => page,
    })
}

pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, referral_id)): Path<(PersonId, ReferralId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record a primary need")?;
    let mut form = FormState::from_pairs(pairs);
    match PrimaryNeed::from_code(form.value("primary_need")) {
        None => form.errors.add("primary_need", "Choose the child's primary need"),
        Some(primary_need) => {
            let event = PrimaryNeedRecorded { referral_id, child_id: id, primary_need };
            match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::PrimaryNeedRecorded(event), Utc::now())]).await {
                Ok(_) => return Ok(Redirect::to(&format!("/children/{id}?need_recorded=1#episodes")).into_response()),
                Err(StoreError::Invalid(errors)) => form.errors.0.extend(errors.0),
                Err(StoreError::Refused(message)) => form.errors.add("primary_need", message),
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(match render(&state, &user, id, referral_id, &form).await? {
        Ok(html) => (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response(),
        Err(page) => page,
    })
}
