//! Early help over the API (F11): the waiting list with keeping-in-touch due
//! dates, referrals to early help (a step-down from children in need, or a
//! partner's request), keeping-in-touch contacts, and step-up to social care.
//! The same roles and rules as the pages; a child's record outside the
//! user's team needs break glass in Hearth first; every write is checked in
//! full before anything is recorded.

use super::extract::{ApiUser, Fields, JsonObject};
use crate::auth::CurrentUser;
use crate::error::{ApiError, AppError};
use crate::pages::child_record::{access_for, log_view};
use crate::pages::early_help::{
    can_step_down, can_work_on_early_help, step_up_events, waiting_list,
};
use crate::pages::require;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use hearth_domain::access::Access;
use hearth_domain::early_help::{EarlyHelpRoute, KeepingInTouchMethod};
use hearth_domain::events::{
    EarlyHelpKeptInTouch, EarlyHelpReferred, EarlyHelpSteppedUp, EventPayload, NewEvent,
};
use hearth_domain::front_door::Rag;
use hearth_domain::ids::{ContactId, EarlyHelpEpisodeId, PersonId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::early_help::EpisodeView;
use serde::Serialize;

fn invalid(errors: FieldErrors) -> ApiError {
    ApiError(AppError::Invalid(errors))
}

fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

/// May the user open this child's record? Writes the access entry if so.
async fn open_child(
    state: &AppState,
    user: &CurrentUser,
    id: PersonId,
    screen: &str,
) -> Result<(), ApiError> {
    if state.store.child_record(id).await?.is_none() {
        return Err(not_found());
    }
    match access_for(state, user, id).await? {
        Access::Allowed | Access::AllowedByBreakGlass => {
            log_view(state, user, id, screen).await?;
            Ok(())
        }
        Access::NeedsReason => Err(ApiError(AppError::Forbidden(
            "This child's record is outside your team. Open it in Hearth and give your reason (break glass) first; \
             the API cannot record a reason."
                .to_string(),
        ))),
    }
}

async fn episode(state: &AppState, user: &CurrentUser, raw: &str) -> Result<EpisodeView, ApiError> {
    let id: EarlyHelpEpisodeId = raw.parse().map_err(|_| not_found())?;
    let e = state
        .store
        .early_help_episode(id)
        .await?
        .ok_or_else(not_found)?;
    open_child(state, user, e.child_id, "api_early_help_episode").await?;
    Ok(e)
}

/// A code from a fixed set: required, and one of the set.
fn code_field<T: Copy>(
    f: &mut Fields,
    name: &'static str,
    all: &[T],
    code: fn(T) -> &'static str,
    what: &str,
) -> Option<T> {
    let path = f.path(name);
    let codes = all.iter().map(|c| code(*c)).collect::<Vec<_>>().join(", ");
    match f.text(name) {
        Some(raw) => {
            let found = all.iter().copied().find(|c| code(*c) == raw);
            if found.is_none() {
                f.errors
                    .add(path.clone(), format!("{path} must be one of {codes}"));
            }
            found
        }
        None => {
            if f.errors.for_field(&path).is_none() {
                f.errors.add(
                    path.clone(),
                    format!("Enter {path}: {what}, one of {codes}"),
                );
            }
            None
        }
    }
}

fn required_date(f: &mut Fields, name: &'static str, what: &str) -> Option<NaiveDate> {
    let path = f.path(name);
    let d = f.date(name);
    if d.is_none() && f.errors.for_field(&path).is_none() {
        f.errors.add(
            path.clone(),
            format!("Enter {path}: {what}, written YYYY-MM-DD"),
        );
    }
    d
}

/// The domain's field errors, added where the request has none already.
fn add_domain_errors(errors: &mut FieldErrors, domain: FieldErrors, rename: &[(&str, &str)]) {
    for e in domain.0 {
        let field = rename
            .iter()
            .find(|(from, _)| *from == e.field)
            .map(|(_, to)| (*to).to_string())
            .unwrap_or(e.field);
        if errors.for_field(&field).is_none() {
            errors.add(field, e.message);
        }
    }
}

async fn append(
    state: &AppState,
    user: &CurrentUser,
    events: Vec<NewEvent>,
    rename: &[(&str, &str)],
) -> Result<(), ApiError> {
    match state.store.append(user.staff.user_id, events).await {
        Ok(_) => Ok(()),
        Err(StoreError::Invalid(domain)) => {
            let mut errors = FieldErrors::new();
            add_domain_errors(&mut errors, domain, rename);
            Err(invalid(errors))
        }
        Err(e) => Err(e.into()),
    }
}


#[derive(Serialize)]
pub struct WaitingChildJson {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub hearth_id: String,
    pub name: String,
    pub route: &'static str,
    pub requested_by: Option<String>,
    pub contact_id: Option<ContactId>,
    pub referred_on: NaiveDate,
    pub days_waiting: i64,
    pub kept_in_touch_count: i64,
    pub last_kept_in_touch_on: Option<NaiveDate>,
    pub last_reached_on: Option<NaiveDate>,
    pub keeping_in_touch_due: NaiveDate,
    pub keeping_in_touch_overdue: bool,
}

#[derive(Serialize)]
pub struct WaitingListJson {
    pub keeping_in_touch_every_working_days: u32,
    pub children: Vec<WaitingChildJson>,
}

/// `GET /api/v1/early-help/waiting-list`
pub async fn waiting(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<WaitingListJson>, ApiError> {
    require(
        can_work_on_early_help(user.staff.role),
        "see the early help waiting list",
    )?;
    let children = waiting_list(&state)
        .await?
        .into_iter()
        .map(|w| WaitingChildJson {
            episode_id: w.episode.episode_id,
            child_id: w.episode.child_id,
            hearth_id: w.episode.hearth_ref,
            name: w.episode.child_name,
            route: w.episode.route.code(),
            requested_by: w.episode.requested_by,
            contact_id: w.episode.contact_id,
            referred_on: w.episode.referred_on,
            days_waiting: w.days_waiting,
            kept_in_touch_count: w.episode.kept_in_touch_count,
            last_kept_in_touch_on: w.episode.last_kept_in_touch_on,
            last_reached_on: w.episode.last_reached_on,
            keeping_in_touch_due: w.next_due,
            keeping_in_touch_overdue: w.due.is_overdue(),
        })
        .collect();
    Ok(Json(WaitingListJson {
        keeping_in_touch_every_working_days: state.config.keeping_in_touch.every_working_days,
        children,
    }))
}

#[derive(Serialize)]
pub struct EpisodeCreated {
    pub episode_id: EarlyHelpEpisodeId,
    pub status: &'static str,
}

/// `POST /api/v1/early-help/referrals`: a step-down from children in need,
/// or a partner's request. Step-downs from the MASH happen when a contact's
/// early help decision is authorised.
pub async fn refer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(
        can_step_down(user.staff.role),
        "refer children to early help",
    )?;
    let mut f = Fields::new(body);
    let child_raw = f.text("child_id");
    let route = code_field(
        &mut f,
        "route",
        &[
            EarlyHelpRoute::StepDownFromChildInNeed,
            EarlyHelpRoute::PartnerRequest,
        ],
        EarlyHelpRoute::code,
        "how the child comes to early help",
    );
    let requested_by = f.text("requested_by");
    let reason = f.text_or_empty("reason");
    let referred_on = required_date(&mut f, "referred_on", "the date of the referral");
    let mut errors = f.finish();
    let child: Option<PersonId> = match child_raw.as_deref().map(str::parse::<PersonId>) {
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            errors.add("child_id", "child_id must be a child's id");
            None
        }
        None => {
            errors.add("child_id", "Enter child_id: the id of the child");
            None
        }
    };
    if let Some(id) = child {
        open_child(&state, &user, id, "api_early_help_referral").await?;
    }
    let referral_id = match (route, child) {
        (Some(EarlyHelpRoute::StepDownFromChildInNeed), Some(id)) => {
            let latest = state
                .store
                .referrals_of(id)
                .await?
                .into_iter()
                .max_by_key(|r| r.referral_date)
                .map(|r| r.referral_id);
            if latest.is_none() {
                errors.add("route", "The child has no children-in-need episode to step down from: use partner_request");
            }
            latest
        }
        _ => None,
    };
    let today = crate::time::today();
    let referred = EarlyHelpReferred {
        episode_id: EarlyHelpEpisodeId::new(),
        child_id: child.unwrap_or_default(),
        route: route.unwrap_or(EarlyHelpRoute::PartnerRequest),
        contact_id: None,
        referral_id,
        requested_by,
        reason,
        referred_on: referred_on.unwrap_or(today),
    };
    if let Err(domain) = referred.validate(today) {
        let mut domain = domain;
        if route.is_none() {
            domain.0.retain(|e| e.field != "requested_by");
        }
        add_domain_errors(&mut errors, domain, &[]);
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let episode_id = referred.episode_id;
    let at = crate::time::noon_on(referred.referred_on);
    match state
        .store
        .append(
            user.staff.user_id,
            vec![NewEvent::new(EventPayload::EarlyHelpReferred(referred), at)],
        )
        .await
    {
        Ok(_) => {}
        Err(StoreError::Invalid(domain)) => {
            let mut errors = FieldErrors::new();
            add_domain_errors(&mut errors, domain, &[]);
            return Err(invalid(errors));
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %user.staff.user_id, episode = %episode_id, "referred to early help through the API");
    Ok((
        StatusCode::CREATED,
        Json(EpisodeCreated {
            episode_id,
            status: "waiting",
        }),
    )
        .into_response())
}

#[derive(Serialize)]
pub struct KeptInTouchJson {
    pub episode_id: EarlyHelpEpisodeId,
    pub kept_in_touch_count: i64,
    pub last_reached_on: Option<NaiveDate>,
    pub keeping_in_touch_due: NaiveDate,
}

/// `POST /api/v1/early-help/episodes/{id}/keeping-in-touch`
pub async fn keep_in_touch(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(
        can_work_on_early_help(user.staff.role),
        "work on early help",
    )?;
    let e = episode(&state, &user, &id).await?;
    let mut f = Fields::new(body);
    let contacted_on = required_date(&mut f, "contacted_on", "the date of the contact");
    let method = code_field(
        &mut f,
        "method",
        KeepingInTouchMethod::ALL,
        KeepingInTouchMethod::code,
        "how contact was made",
    );
    let spoke_with = f.text("spoke_with");
    let note = f.text_or_empty("note");
    let mut errors = f.finish();
    let today = crate::time::today();
    let k = EarlyHelpKeptInTouch {
        episode_id: e.episode_id,
        child_id: e.child_id,
        contacted_on: contacted_on.unwrap_or(today),
        method: method.unwrap_or(KeepingInTouchMethod::NoReply),
        spoke_with,
        note,
    };
    if let Err(domain) = k.validate(today) {
        add_domain_errors(&mut errors, domain, &[]);
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let at = crate::time::noon_on(k.contacted_on);
    append(
        &state,
        &user,
        vec![NewEvent::new(EventPayload::EarlyHelpKeptInTouch(k), at)],
        &[],
    )
    .await?;
    let e = state
        .store
        .early_help_episode(e.episode_id)
        .await?
        .ok_or_else(not_found)?;
    let calendar = state.calendar().await?;
    let due = state
        .config
        .keeping_in_touch
        .next_due(e.referred_on, e.last_reached_on, &calendar);
    Ok((
        StatusCode::CREATED,
        Json(KeptInTouchJson {
            episode_id: e.episode_id,
            kept_in_touch_count: e.kept_in_touch_count,
            last_reached_on: e.last_reached_on,
            keeping_in_touch_due: due,
        }),
    )
        .into_response())
}

#[derive(Serialize)]
pub struct SteppedUpJson {
    pub episode_id: EarlyHelpEpisodeId,
    pub status: &'static str,
    /// The new contact on the MASH queue.
    pub contact_id: ContactId,
}

/// `POST /api/v1/early-help/episodes/{id}/step-up`
pub async fn step_up(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(
        can_work_on_early_help(user.staff.role),
        "work on early help",
    )?;
    let e = episode(&state, &user, &id).await?;
    let mut f = Fields::new(body);
    let reason = f.text_or_empty("reason");
    let rag = code_field(&mut f, "rag", Rag::ALL, Rag::code, "how urgent it is");
    let mut errors = f.finish();
    let today = crate::time::today();
    let contact_id = ContactId::new();
    let up = EarlyHelpSteppedUp {
        episode_id: e.episode_id,
        child_id: e.child_id,
        contact_id,
        stepped_up_on: today,
        reason,
    };
    if let Err(domain) = up.validate(today) {
        add_domain_errors(&mut errors, domain, &[("step_up_reason", "reason")]);
    }
    let Some(rag) = rag.filter(|_| errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let events = step_up_events(&state, &user, &e, up, rag).await?;
    append(&state, &user, events, &[("step_up_reason", "reason")]).await?;
    tracing::info!(user = %user.staff.user_id, episode = %e.episode_id, contact = %contact_id, "stepped up from early help through the API");
    Ok((
        StatusCode::CREATED,
        Json(SteppedUpJson {
            episode_id: e.episode_id,
            status: "stepped_up",
            contact_id,
        }),
    )
        .into_response())
}
