//! The front door over the API: the MASH queue, contact intake, and a
//! contact's rating, assignment, multi-agency checks, decision and a
//! manager's authorisation or return. The same rules as the pages: the same
//! roles (managers only to assign, authorise and return), the same chain
//! rule and screening deadlines, and an access-log entry for each child
//! whenever a contact is read. Every write is checked in full before
//! anything is recorded; a rule the record itself enforces (no closing
//! while a check is open) comes back as 422 `refused` with nothing written.

use super::extract::{ApiUser, Fields, JsonObject};
use crate::auth::CurrentUser;
use crate::error::{ApiError, AppError};
use crate::pages::child_record::log_view;
use crate::pages::front_door::can_use_front_door;
use crate::pages::require;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::{
    CheckCompleted, CheckNotCompleted, CheckRequested, ContactAssigned, ContactDecisionProposed,
    ContactDecisionReturned, ContactRated, ContactReceived, EventPayload, NewEvent,
};
use hearth_domain::front_door::{Agency, ConsentRecord, ConsentStatus, ContactOutcome, Rag, ThresholdLevel, chain_for};
use hearth_domain::ids::{CheckId, ContactId, DecisionId, HearthRef, PersonId, UserId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::front_door::ContactState;
use hearth_store::log::RecordedEvent;
use serde::Serialize;
use serde_json::{Map, Value};
use std::str::FromStr;

/// The most contacts the queue returns (as the page shows).
const QUEUE_LIMIT: i64 = 1000;
/// The most children one contact may name.
const MAX_CHILDREN: usize = 50;
/// Short free-text fields: names, organisations, which service.
pub(super) const MAX_SHORT_TEXT: usize = 200;
/// A manager's note on authorising.
const MAX_MANAGER_NOTE: usize = 5000;
/// How far ahead of the server's clock a received time may be (clock drift).
pub(super) const FUTURE_TOLERANCE_MINUTES: i64 = 5;

pub(super) fn invalid(errors: FieldErrors) -> ApiError {
    ApiError(AppError::Invalid(errors))
}

pub(super) fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

/// An id in the path; anything that is not one is simply not found.
pub(super) fn path_id<T: FromStr>(raw: &str) -> Result<T, ApiError> {
    raw.parse::<T>().map_err(|_| not_found())
}

pub(super) fn require_front_door(user: &CurrentUser, what: &str) -> Result<(), ApiError> {
    Ok(require(can_use_front_door(user.staff.role), what)?)
}

pub(super) fn require_manager(user: &CurrentUser, what: &str) -> Result<(), ApiError> {
    Ok(require(user.staff.role.is_manager(), what)?)
}

async fn load_contact(state: &AppState, id: ContactId) -> Result<ContactState, ApiError> {
    state.store.contact_state(id).await?.ok_or_else(not_found)
}

/// A code from a fixed set: required, and one of the set.
pub(super) fn code_field<T: Copy>(f: &mut Fields, name: &'static str, all: &[T], code: fn(T) -> &'static str, what: &str) -> Option<T> {
    let path = f.path(name);
    let codes = all.iter().map(|c| code(*c)).collect::<Vec<_>>().join(", ");
    match f.text(name) {
        Some(raw) => {
            let found = all.iter().copied().find(|c| code(*c) == raw);
            if found.is_none() {
                f.errors.add(path.clone(), format!("{path} must be one of {codes}"));
            }
            found
        }
        None => {
            if f.errors.for_field(&path).is_none() {
                f.errors.add(path.clone(), format!("Enter {path}: {what}, one of {codes}"));
            }
            None
        }
    }
}

/// A required date and time in RFC 3339 form, kept to the microsecond the
/// record stores.
pub(super) fn timestamp_field(f: &mut Fields, name: &'static str, what: &str) -> Option<DateTime<Utc>> {
    let path = f.path(name);
    match f.text(name) {
        Some(raw) => match DateTime::parse_from_rfc3339(&raw) {
            Ok(at) => Some(at.with_timezone(&Utc).trunc_subsecs(6)),
            Err(_) => {
                f.errors.add(path.clone(), format!("{path} must be a date and time in RFC 3339 form, such as 2026-11-23T14:30:00Z"));
                None
            }
        },
        None => {
            if f.errors.for_field(&path).is_none() {
                f.errors.add(path.clone(), format!("Enter {path}: {what}, in RFC 3339 form such as 2026-11-23T14:30:00Z"));
            }
            None
        }
    }
}

/// Optional short text, with a length limit.
pub(super) fn short_text(f: &mut Fields, name: &'static str, max: usize) -> Option<String> {
    let value = f.text(name);
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        let path = f.path(name);
        f.errors.add(path.clone(), format!("{path} must be {max} characters or fewer"));
    }
    value
}

/// Staff chosen by id: the member of staff if the id names one who is
/// active and passes `fits`.
async fn staff_field(
    state: &AppState,
    f: &mut Fields,
    name: &'static str,
    required: Option<&str>,
    fits: fn(hearth_domain::staff::Role) -> bool,
    must_be: &str,
) -> Result<Option<UserId>, ApiError> {
    let path = f.path(name);
    let Some(raw) = f.text(name) else {
        if let Some(what) = required
            && f.errors.for_field(&path).is_none()
        {
            f.errors.add(path.clone(), format!("Enter {path}: {what}"));
        }
        return Ok(None);
    };
    let found = match raw.parse::<UserId>() {
        Ok(id) => state.store.staff_member(id).await?.filter(|s| s.active && fits(s.role)).map(|s| s.user_id),
        Err(_) => None,
    };
    if found.is_none() {
        f.errors.add(path.clone(), format!("{path} must be the id of {must_be}"));
    }
    Ok(found)
}

/// The domain names some problems as the page's form fields; the API names
/// them as its JSON. A field that already has a problem keeps just that one.
pub(super) fn add_domain_errors(errors: &mut FieldErrors, domain: FieldErrors, rename: &[(&str, &str)]) {
    for e in domain.0 {
        let field = rename.iter().find(|(from, _)| *from == e.field).map(|(_, to)| (*to).to_string()).unwrap_or(e.field);
        if errors.for_field(&field).is_none() {
            errors.add(field, e.message);
        }
    }
}

const DECISION_FIELDS: &[(&str, &str)] = &[("consent_rationale", "consent.rationale"), ("consent_agreed_by", "consent.agreed_by")];
const CHECK_RESULT_FIELDS: &[(&str, &str)] = &[("result", "note"), ("reason", "note")];

/// Records the events; the record's own validation, should it find more
/// than the checks here did, comes back as field errors.
pub(super) async fn append(state: &AppState, user: &CurrentUser, events: Vec<NewEvent>, rename: &[(&str, &str)]) -> Result<(), ApiError> {
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

/// The contact as received, with any correction applied.
pub(super) fn latest_received(events: &[RecordedEvent]) -> Result<ContactReceived, ApiError> {
    Ok(crate::pages::front_door::received_from(events)?)
}

/// Past its deadline: still open after it, or decided after it.
fn is_overdue(c: &ContactState, now: DateTime<Utc>) -> bool {
    match (c.screen_by, c.closed_at) {
        (Some(by), Some(closed)) => closed > by,
        (Some(by), None) => by < now,
        (None, _) => false,
    }
}

// ---------------------------------------------------------------------------
// The queue
// ---------------------------------------------------------------------------

#[derive(Serialize)]
pub struct ChildRefJson {
    pub id: PersonId,
    pub hearth_id: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct QueueContactJson {
    pub id: ContactId,
    pub received_at: DateTime<Utc>,
    pub source: String,
    pub rag: Option<String>,
    pub screen_by: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub status: String,
    pub assigned_to: Option<String>,
    pub chain_start_id: ContactId,
    pub chain_started_at: DateTime<Utc>,
    pub children: Vec<ChildRefJson>,
}

#[derive(Serialize)]
pub struct QueueJson {
    pub contacts: Vec<QueueContactJson>,
}

/// `GET /api/v1/front-door/queue`: every contact not yet closed, unrated
/// first, then red, amber and green, each by its deadline.
pub async fn queue(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<QueueJson>, ApiError> {
    require_front_door(&user, "see the MASH queue")?;
    let now = Utc::now();
    let contacts = state
        .store
        .mash_queue(QUEUE_LIMIT)
        .await?
        .into_iter()
        .map(|i| QueueContactJson {
            id: i.state.contact_id,
            received_at: i.state.received_at,
            source: i.source,
            overdue: is_overdue(&i.state, now),
            rag: i.state.rag,
            screen_by: i.state.screen_by,
            status: i.state.status,
            assigned_to: i.assigned_to,
            chain_start_id: i.state.chain_start_id,
            chain_started_at: i.state.chain_started_at,
            children: i.children.into_iter().map(|c| ChildRefJson { id: c.person_id, hearth_id: c.hearth_ref, name: c.name }).collect(),
        })
        .collect();
    Ok(Json(QueueJson { contacts }))
}

// ---------------------------------------------------------------------------
// Intake
// ---------------------------------------------------------------------------

/// The children a contact names, by Hearth ID or id; each must be a child
/// Hearth knows. One message for the field, naming every problem.
pub(super) async fn resolve_children(state: &AppState, f: &mut Fields) -> Result<Vec<PersonId>, ApiError> {
    let typed = f.strings("children");
    if f.errors.for_field("children").is_some() {
        return Ok(Vec::new());
    }
    if typed.len() > MAX_CHILDREN {
        f.errors.add("children", format!("A contact can name at most {MAX_CHILDREN} children"));
        return Ok(Vec::new());
    }
    let mut children = Vec::new();
    let mut problems = Vec::new();
    for raw in &typed {
        if raw.is_empty() {
            problems.push("Leave out blank entries.".to_string());
            continue;
        }
        let shown: String = raw.chars().take(40).collect();
        let id = if let Ok(id) = raw.parse::<PersonId>() {
            Some(id)
        } else if let Some(r) = HearthRef::parse(raw) {
            match state.store.child_by_ref(r.as_str()).await? {
                Some(id) => Some(id),
                None => {
                    problems.push(format!("No child has the Hearth ID {r}: find or add the child first."));
                    continue;
                }
            }
        } else {
            problems.push(format!("{shown} is not a Hearth ID or a child's id: use a Hearth ID like H0004217."));
            continue;
        };
        match id {
            Some(id) if state.store.child_record(id).await?.is_some() => {
                if !children.contains(&id) {
                    children.push(id);
                }
            }
            _ => problems.push(format!("No child has the id {shown}: find or add the child first.")),
        }
    }
    if !problems.is_empty() {
        f.errors.add("children", problems.join(" "));
    } else if children.is_empty() {
        f.errors.add("children", "Enter children: the Hearth ID (or id) of at least one child the contact is about");
    }
    Ok(children)
}

#[derive(Serialize)]
pub struct ContactCreated {
    pub id: ContactId,
    pub screen_by: DateTime<Utc>,
    pub chain_start_id: ContactId,
    pub chain_started_at: DateTime<Utc>,
}

/// `POST /api/v1/front-door/contacts`
pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, JsonObject(body): JsonObject) -> Result<Response, ApiError> {
    require_front_door(&user, "record contacts")?;
    let mut f = Fields::new(body);
    let children = resolve_children(&state, &mut f).await?;
    let received_at = timestamp_field(&mut f, "received_at", "when the contact was received");
    if received_at.is_some_and(|r| r > Utc::now() + Duration::minutes(FUTURE_TOLERANCE_MINUTES)) {
        f.errors.add("received_at", "received_at must be in the past");
    }
    let source = match f.text("source") {
        Some(code) => {
            let s = ReferralSource::from_code(&code);
            if s.is_none() {
                f.errors.add("source", "source must be a children in need census referral source code, such as 1A, 2A, 3A or 6 (police)");
            }
            s
        }
        None => {
            if f.errors.for_field("source").is_none() {
                f.errors.add("source", "Enter source: who made the contact, as a children in need census referral source code such as 6 (police)");
            }
            None
        }
    };
    let concern = f.text_or_empty("concern");
    let referrer_name = short_text(&mut f, "referrer_name", MAX_SHORT_TEXT);
    let referrer_organisation = short_text(&mut f, "referrer_organisation", MAX_SHORT_TEXT);
    let rag = code_field(&mut f, "rag", Rag::ALL, Rag::code, "how urgent the contact is");
    let mut errors = f.finish();

    let contact_id = ContactId::new();
    let mut received = ContactReceived {
        contact_id,
        children,
        received_at: received_at.unwrap_or_else(Utc::now),
        source: source.unwrap_or(ReferralSource::Unknown),
        concern,
        referrer_name,
        referrer_organisation,
        chain_start: None,
    };
    if let Err(domain) = received.validate() {
        add_domain_errors(&mut errors, domain, &[]);
    }
    let (Some(received_at), Some(rag), true) = (received_at, rag, errors.is_empty()) else {
        return Err(invalid(errors));
    };

    // A contact within the window of a closed one joins its chain (F1): of
    // the children's chains, the one that started first. As the page does.
    let mut chain_start: Option<(ContactId, DateTime<Utc>)> = None;
    for child in &received.children {
        let links = state.store.chain_links(*child).await?;
        if let Some(link) = chain_for(received_at, &links, state.config.chain_window_days)
            && chain_start.is_none_or(|(_, at)| link.chain_started_at < at)
        {
            chain_start = Some((link.chain_start, link.chain_started_at));
        }
    }
    received.chain_start = chain_start.map(|(id, _)| id);
    let calendar = state.calendar().await?;
    let screen_by = state.config.screening.deadline(received_at, rag, &calendar);
    let rated = ContactRated { contact_id, rag, screen_by, note: None };
    append(
        &state,
        &user,
        vec![NewEvent::new(EventPayload::ContactReceived(received), received_at), NewEvent::new(EventPayload::ContactRated(rated), Utc::now())],
        &[],
    )
    .await?;
    let (chain_start_id, chain_started_at) = chain_start.unwrap_or((contact_id, received_at));
    tracing::info!(user = %user.staff.user_id, contact = %contact_id, "contact recorded through the API");
    let location = format!("/api/v1/front-door/contacts/{contact_id}");
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(ContactCreated { id: contact_id, screen_by, chain_start_id, chain_started_at }))
        .into_response())
}

// ---------------------------------------------------------------------------
// Reading a contact
// ---------------------------------------------------------------------------

#[derive(Serialize)]
pub struct CheckJson {
    pub id: CheckId,
    pub agency: &'static str,
    pub agency_detail: Option<String>,
    pub question: String,
    pub owner_id: UserId,
    pub requested_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// requested, completed or not_completed.
    pub state: &'static str,
    /// What the agency said, or why the check was not done.
    pub note: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
pub struct ConsentJson {
    pub status: &'static str,
    pub rationale: Option<String>,
    pub agreed_by: Option<UserId>,
}

#[derive(Serialize)]
pub struct DecisionJson {
    pub id: DecisionId,
    /// proposed, authorised or returned.
    pub state: &'static str,
    pub outcome: &'static str,
    pub threshold: &'static str,
    pub rationale: String,
    pub consent: ConsentJson,
    pub proposed_by: UserId,
    pub proposed_at: DateTime<Utc>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub manager_note: Option<String>,
    pub return_reason: Option<String>,
}

#[derive(Serialize)]
pub struct HistoryJson {
    pub id: ContactId,
    pub received_at: DateTime<Utc>,
    pub source: String,
    pub status: String,
    pub outcome: Option<String>,
    pub child_name: String,
}

#[derive(Serialize)]
pub struct ContactJson {
    pub id: ContactId,
    pub received_at: DateTime<Utc>,
    pub source: &'static str,
    pub referrer_name: Option<String>,
    pub referrer_organisation: Option<String>,
    pub concern: String,
    pub rag: Option<String>,
    pub screen_by: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub status: String,
    pub outcome: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub chain_start_id: ContactId,
    pub chain_started_at: DateTime<Utc>,
    pub assigned_to_id: Option<UserId>,
    pub assigned_to: Option<String>,
    pub children: Vec<ChildRefJson>,
    pub checks: Vec<CheckJson>,
    pub decisions: Vec<DecisionJson>,
    pub history: Vec<HistoryJson>,
}

/// The checks and decisions, from the contact's own events.
fn checks_and_decisions(events: &[RecordedEvent]) -> (Vec<CheckJson>, Vec<DecisionJson>, Option<UserId>) {
    let mut checks: Vec<CheckJson> = Vec::new();
    let mut decisions: Vec<DecisionJson> = Vec::new();
    let mut assigned = None;
    for e in events {
        match &e.payload {
            EventPayload::ContactAssigned(a) => assigned = Some(a.worker_id),
            EventPayload::CheckRequested(c) => checks.push(CheckJson {
                id: c.check_id,
                agency: c.agency.code(),
                agency_detail: c.agency_detail.clone(),
                question: c.question.clone(),
                owner_id: c.owner_id,
                requested_at: e.occurred_at,
                due_at: c.due_at,
                state: "requested",
                note: None,
                resolved_at: None,
            }),
            EventPayload::CheckCompleted(c) => {
                if let Some(row) = checks.iter_mut().find(|r| r.id == c.check_id) {
                    row.state = "completed";
                    row.note = Some(c.result.clone());
                    row.resolved_at = Some(e.occurred_at);
                }
            }
            EventPayload::CheckNotCompleted(c) => {
                if let Some(row) = checks.iter_mut().find(|r| r.id == c.check_id) {
                    row.state = "not_completed";
                    row.note = Some(c.reason.clone());
                    row.resolved_at = Some(e.occurred_at);
                }
            }
            EventPayload::ContactDecisionProposed(d) => decisions.push(DecisionJson {
                id: d.decision_id,
                state: "proposed",
                outcome: d.outcome.code(),
                threshold: d.threshold.code(),
                rationale: d.rationale.clone(),
                consent: ConsentJson { status: d.consent.status.code(), rationale: d.consent.rationale.clone(), agreed_by: d.consent.agreed_by },
                proposed_by: e.recorded_by,
                proposed_at: e.occurred_at,
                decided_by: None,
                decided_at: None,
                manager_note: None,
                return_reason: None,
            }),
            EventPayload::ContactDecisionAuthorised(d) => {
                if let Some(row) = decisions.iter_mut().find(|r| r.id == d.decision_id) {
                    row.state = "authorised";
                    row.decided_by = Some(e.recorded_by);
                    row.decided_at = Some(e.occurred_at);
                    row.manager_note = d.manager_note.clone();
                }
            }
            EventPayload::ContactDecisionReturned(d) => {
                if let Some(row) = decisions.iter_mut().find(|r| r.id == d.decision_id) {
                    row.state = "returned";
                    row.decided_by = Some(e.recorded_by);
                    row.decided_at = Some(e.occurred_at);
                    row.return_reason = Some(d.reason.clone());
                }
            }
            _ => {}
        }
    }
    (checks, decisions, assigned)
}

/// `GET /api/v1/front-door/contacts/{id}`
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<String>) -> Result<Json<ContactJson>, ApiError> {
    require_front_door(&user, "see contacts")?;
    let id: ContactId = path_id(&id)?;
    let contact = load_contact(&state, id).await?;
    let events = state.store.contact_events(id).await?;
    let received = latest_received(&events)?;
    let (checks, decisions, assigned_to_id) = checks_and_decisions(&events);
    let assigned_to = match assigned_to_id {
        Some(worker) => state.store.staff_member(worker).await?.map(|s| s.display_name),
        None => None,
    };
    let mut children = Vec::new();
    for child in &received.children {
        if let Some(r) = state.store.child_record(*child).await? {
            children.push(ChildRefJson { id: *child, name: r.item.full_name(), hearth_id: r.item.hearth_ref });
        }
    }
    let history = state
        .store
        .contacts_about(&received.children, Some(id))
        .await?
        .into_iter()
        .map(|p| HistoryJson {
            id: p.contact_id,
            received_at: p.received_at,
            source: p.source,
            status: p.status,
            outcome: p.outcome,
            child_name: p.child_name,
        })
        .collect();
    // The contact shows the children's details: that is an opening of their records.
    for child in &received.children {
        log_view(&state, &user, *child, "api_contact").await?;
    }
    Ok(Json(ContactJson {
        id,
        received_at: contact.received_at,
        source: received.source.code(),
        referrer_name: received.referrer_name,
        referrer_organisation: received.referrer_organisation,
        concern: received.concern,
        overdue: is_overdue(&contact, Utc::now()),
        rag: contact.rag,
        screen_by: contact.screen_by,
        status: contact.status,
        outcome: contact.outcome,
        closed_at: contact.closed_at,
        chain_start_id: contact.chain_start_id,
        chain_started_at: contact.chain_started_at,
        assigned_to_id,
        assigned_to,
        children,
        checks,
        decisions,
        history,
    }))
}

// ---------------------------------------------------------------------------
// Working on a contact
// ---------------------------------------------------------------------------

/// What a change to a contact answers with: where the contact now stands.
#[derive(Serialize)]
pub struct ContactStatusJson {
    pub id: ContactId,
    pub status: String,
    pub rag: Option<String>,
    pub screen_by: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub outcome: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
}

async fn status_of(state: &AppState, id: ContactId) -> Result<Json<ContactStatusJson>, ApiError> {
    let c = load_contact(state, id).await?;
    Ok(Json(ContactStatusJson {
        id,
        overdue: is_overdue(&c, Utc::now()),
        status: c.status,
        rag: c.rag,
        screen_by: c.screen_by,
        outcome: c.outcome,
        closed_at: c.closed_at,
    }))
}

pub(super) fn finish(f: Fields) -> Result<(), ApiError> {
    let errors = f.finish();
    if errors.is_empty() { Ok(()) } else { Err(invalid(errors)) }
}

/// `POST /api/v1/front-door/contacts/{id}/rating`
pub async fn rate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Json<ContactStatusJson>, ApiError> {
    require_front_door(&user, "work on contacts")?;
    let id: ContactId = path_id(&id)?;
    let contact = load_contact(&state, id).await?;
    let mut f = Fields::new(body);
    let rag = code_field(&mut f, "rag", Rag::ALL, Rag::code, "how urgent the contact is");
    finish(f)?;
    let Some(rag) = rag else {
        return Err(ApiError(AppError::Internal("a rating passed its checks without a rating".to_string())));
    };
    let calendar = state.calendar().await?;
    let screen_by = state.config.screening.deadline(contact.received_at, rag, &calendar);
    let rated = ContactRated { contact_id: id, rag, screen_by, note: None };
    append(&state, &user, vec![NewEvent::new(EventPayload::ContactRated(rated), Utc::now())], &[]).await?;
    tracing::info!(user = %user.staff.user_id, contact = %id, "contact rated through the API");
    status_of(&state, id).await
}

/// `POST /api/v1/front-door/contacts/{id}/assignment` (managers)
pub async fn assign(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Json<ContactStatusJson>, ApiError> {
    require_front_door(&user, "work on contacts")?;
    require_manager(&user, "assign contacts")?;
    let id: ContactId = path_id(&id)?;
    load_contact(&state, id).await?;
    let mut f = Fields::new(body);
    let worker = staff_field(
        &state,
        &mut f,
        "worker_id",
        Some("who will screen the contact"),
        can_use_front_door,
        "an active MASH worker or manager",
    )
    .await?;
    finish(f)?;
    let Some(worker_id) = worker else {
        return Err(ApiError(AppError::Internal("an assignment passed its checks without a worker".to_string())));
    };
    append(&state, &user, vec![NewEvent::new(EventPayload::ContactAssigned(ContactAssigned { contact_id: id, worker_id }), Utc::now())], &[])
        .await?;
    tracing::info!(user = %user.staff.user_id, contact = %id, "contact assigned through the API");
    status_of(&state, id).await
}

#[derive(Serialize)]
pub struct CheckCreated {
    pub check_id: CheckId,
}

/// `POST /api/v1/front-door/contacts/{id}/checks`
pub async fn request_check(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require_front_door(&user, "work on contacts")?;
    let id: ContactId = path_id(&id)?;
    load_contact(&state, id).await?;
    let mut f = Fields::new(body);
    let agency = code_field(&mut f, "agency", Agency::ALL, Agency::code, "the agency to check with");
    let agency_detail = short_text(&mut f, "agency_detail", MAX_SHORT_TEXT);
    let question = f.text_or_empty("question");
    let due_at = timestamp_field(&mut f, "due_at", "when the check is due");
    let now = Utc::now();
    if due_at.is_some_and(|d| d <= now) {
        f.errors.add("due_at", "due_at must be in the future");
    }
    let mut errors = f.finish();
    let check = CheckRequested {
        contact_id: id,
        check_id: CheckId::new(),
        agency: agency.unwrap_or(Agency::Other),
        agency_detail,
        question,
        owner_id: user.staff.user_id,
        due_at: due_at.unwrap_or(now),
    };
    if let Err(domain) = check.validate() {
        add_domain_errors(&mut errors, domain, &[]);
    }
    if !errors.is_empty() || agency.is_none() || due_at.is_none() {
        return Err(invalid(errors));
    }
    let check_id = check.check_id;
    append(&state, &user, vec![NewEvent::new(EventPayload::CheckRequested(check), now)], &[]).await?;
    tracing::info!(user = %user.staff.user_id, contact = %id, check = %check_id, "check requested through the API");
    Ok((StatusCode::CREATED, Json(CheckCreated { check_id })).into_response())
}

/// `completed`, a required boolean (the field reader knows only text).
fn completed_field(body: &mut Map<String, Value>, errors: &mut FieldErrors) -> Option<bool> {
    match body.remove("completed") {
        Some(Value::Bool(b)) => Some(b),
        None | Some(Value::Null) => {
            errors.add("completed", "Enter completed: true if the agency answered, false if the check will not be done");
            None
        }
        Some(_) => {
            errors.add("completed", "completed must be true or false");
            None
        }
    }
}

/// `POST /api/v1/front-door/contacts/{id}/checks/{check_id}`
pub async fn record_check_result(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, check)): Path<(String, String)>,
    JsonObject(mut body): JsonObject,
) -> Result<Json<ContactStatusJson>, ApiError> {
    require_front_door(&user, "work on contacts")?;
    let id: ContactId = path_id(&id)?;
    let check_id: CheckId = path_id(&check)?;
    load_contact(&state, id).await?;
    let events = state.store.contact_events(id).await?;
    let requested = events.iter().any(|e| matches!(&e.payload, EventPayload::CheckRequested(c) if c.check_id == check_id));
    if !requested {
        return Err(not_found());
    }
    let mut completed_errors = FieldErrors::new();
    let completed = completed_field(&mut body, &mut completed_errors);
    let mut f = Fields::new(body);
    f.errors.0.extend(completed_errors.0);
    let note = f.text_or_empty("note");
    let mut errors = f.finish();
    let payload = if completed.unwrap_or(true) {
        let e = CheckCompleted { contact_id: id, check_id, result: note };
        if let Err(domain) = e.validate() {
            add_domain_errors(&mut errors, domain, CHECK_RESULT_FIELDS);
        }
        EventPayload::CheckCompleted(e)
    } else {
        let e = CheckNotCompleted { contact_id: id, check_id, reason: note };
        if let Err(domain) = e.validate() {
            add_domain_errors(&mut errors, domain, CHECK_RESULT_FIELDS);
        }
        EventPayload::CheckNotCompleted(e)
    };
    if !errors.is_empty() || completed.is_none() {
        return Err(invalid(errors));
    }
    append(&state, &user, vec![NewEvent::new(payload, Utc::now())], CHECK_RESULT_FIELDS).await?;
    tracing::info!(user = %user.staff.user_id, contact = %id, check = %check_id, "check result recorded through the API");
    status_of(&state, id).await
}

#[derive(Serialize)]
pub struct DecisionCreated {
    pub decision_id: DecisionId,
}

/// `POST /api/v1/front-door/contacts/{id}/decisions`
pub async fn propose(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require_front_door(&user, "work on contacts")?;
    let id: ContactId = path_id(&id)?;
    load_contact(&state, id).await?;
    let mut f = Fields::new(body);
    let outcome = code_field(&mut f, "outcome", ContactOutcome::ALL, ContactOutcome::code, "the outcome");
    let threshold = code_field(&mut f, "threshold", ThresholdLevel::ALL, ThresholdLevel::code, "the threshold level");
    let rationale = f.text_or_empty("rationale");
    let consent = match f.object("consent") {
        Some(mut c) => {
            let status = code_field(&mut c, "status", ConsentStatus::ALL, ConsentStatus::code, "the consent status");
            let rationale = c.text("rationale");
            let agreed_by = staff_field(&state, &mut c, "agreed_by", None, |r| r.is_manager(), "a manager").await?;
            f.merge(c);
            status.map(|status| ConsentRecord { status, rationale, agreed_by })
        }
        None => {
            if f.errors.for_field("consent").is_none() {
                f.errors.add("consent", "Record the consent status: a decision cannot be saved without it");
            }
            None
        }
    };
    let mut errors = f.finish();
    // Stand-ins where a code is missing (already an error), so the rationale
    // and consent are still checked and every problem is reported at once:
    // "already open" fits every level, and "not required" asks for nothing.
    let decision = ContactDecisionProposed {
        contact_id: id,
        decision_id: DecisionId::new(),
        outcome: outcome.unwrap_or(ContactOutcome::AlreadyOpen),
        threshold: threshold.unwrap_or(ThresholdLevel::Universal),
        rationale,
        consent: consent.clone().unwrap_or(ConsentRecord { status: ConsentStatus::NotRequired, rationale: None, agreed_by: None }),
    };
    if let Err(domain) = decision.validate() {
        add_domain_errors(&mut errors, domain, DECISION_FIELDS);
    }
    if !errors.is_empty() || outcome.is_none() || threshold.is_none() || consent.is_none() {
        return Err(invalid(errors));
    }
    let decision_id = decision.decision_id;
    append(&state, &user, vec![NewEvent::new(EventPayload::ContactDecisionProposed(decision), Utc::now())], DECISION_FIELDS).await?;
    tracing::info!(user = %user.staff.user_id, contact = %id, decision = %decision_id, "decision proposed through the API");
    Ok((StatusCode::CREATED, Json(DecisionCreated { decision_id })).into_response())
}

/// The proposal a manager acts on, from the contact's events.
async fn proposed_decision(state: &AppState, id: ContactId, decision: &str) -> Result<(ContactDecisionProposed, Vec<RecordedEvent>), ApiError> {
    let decision_id: DecisionId = path_id(decision)?;
    load_contact(state, id).await?;
    let events = state.store.contact_events(id).await?;
    let proposed = events.iter().rev().find_map(|e| match &e.payload {
        EventPayload::ContactDecisionProposed(d) if d.decision_id == decision_id => Some(d.clone()),
        _ => None,
    });
    Ok((proposed.ok_or_else(not_found)?, events))
}

/// `POST /api/v1/front-door/contacts/{id}/decisions/{decision_id}/authorisation` (managers)
pub async fn authorise(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, decision)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Json<ContactStatusJson>, ApiError> {
    require_front_door(&user, "work on contacts")?;
    require_manager(&user, "authorise decisions")?;
    let id: ContactId = path_id(&id)?;
    let (proposed, events) = proposed_decision(&state, id, &decision).await?;
    let mut f = Fields::new(body);
    let manager_note = short_text(&mut f, "manager_note", MAX_MANAGER_NOTE);
    finish(f)?;
    let received = latest_received(&events)?;
    let now = Utc::now();
    let in_early_help = state.store.children_in_early_help(&received.children).await?;
    let open_cases = state.store.children_with_open_referral(&received.children).await?;
    let recorded = crate::pages::front_door::authorisation_events(&received, &proposed, manager_note, crate::time::today(), &in_early_help, &open_cases)
        .into_iter()
        .map(|p| NewEvent::new(p, now))
        .collect();
    append(&state, &user, recorded, &[]).await?;
    tracing::info!(user = %user.staff.user_id, contact = %id, decision = %proposed.decision_id, "decision authorised through the API");
    status_of(&state, id).await
}

/// `POST /api/v1/front-door/contacts/{id}/decisions/{decision_id}/return` (managers)
pub async fn return_decision(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, decision)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Json<ContactStatusJson>, ApiError> {
    require_front_door(&user, "work on contacts")?;
    require_manager(&user, "return decisions")?;
    let id: ContactId = path_id(&id)?;
    let (proposed, _) = proposed_decision(&state, id, &decision).await?;
    let mut f = Fields::new(body);
    let reason = f.text_or_empty("reason");
    let mut errors = f.finish();
    let returned = ContactDecisionReturned { contact_id: id, decision_id: proposed.decision_id, reason };
    if let Err(domain) = returned.validate() {
        add_domain_errors(&mut errors, domain, &[]);
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    append(&state, &user, vec![NewEvent::new(EventPayload::ContactDecisionReturned(returned), Utc::now())], &[]).await?;
    tracing::info!(user = %user.staff.user_id, contact = %id, decision = %proposed.decision_id, "decision returned through the API");
    status_of(&state, id).await
}
