//! Children over the API: search, record, read a summary and chronology, and
//! add significant events. The same rules as the pages: the same role checks,
//! the same access decision, and an access-log entry for every read of a
//! child's record.

use super::extract::{ApiUser, Fields, JsonObject, bad_request, parse_date};
use crate::auth::CurrentUser;
use crate::error::{ApiError, AppError};
use crate::pages::child_record::{access_for, log_view};
use crate::pages::{can_add_child, can_record, require};
use crate::state::AppState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::access::Access;
use hearth_domain::codes::{Disability, Ethnicity, Sex};
use hearth_domain::events::{ChildRecorded, ChronologyCategory, EventPayload, NewEvent, RiskFlagRaised, RiskFlagRemoved, SignificantEventRecorded};
use hearth_domain::risk_flags::RiskFlag;
use hearth_domain::ids::{HearthRef, PersonId, TeamId, UserId};
use hearth_domain::people::{Address, NhsNumber, PersonName, Upn};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::children::{ChildListItem, ChildRecord, ChildSearch};
use serde::Serialize;
use serde_json::Value;

/// The most children one search returns.
const MAX_RESULTS: i64 = 100;
/// Chronology entries returned when no `limit` is given, and the most allowed.
const DEFAULT_CHRONOLOGY: i64 = 500;
const MAX_CHRONOLOGY: i64 = 5_000;

fn invalid(errors: FieldErrors) -> ApiError {
    ApiError(AppError::Invalid(errors))
}

fn query_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
}

fn read_query(q: Result<Query<Vec<(String, String)>>, QueryRejection>) -> Result<Vec<(String, String)>, ApiError> {
    q.map(|Query(pairs)| pairs).map_err(|e| bad_request(format!("The query string could not be read: {}", e.body_text())))
}

fn read_limit(pairs: &[(String, String)], default: i64, max: i64, errors: &mut FieldErrors) -> i64 {
    match query_value(pairs, "limit") {
        None => default,
        Some(raw) => match raw.parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                errors.add("limit", format!("limit must be a whole number from 1 to {max}"));
                default
            }
        },
    }
}

fn parse_child_id(id: &str) -> Result<PersonId, ApiError> {
    id.parse::<PersonId>().map_err(|_| ApiError(AppError::NotFound))
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

#[derive(Serialize)]
pub struct ChildListJson {
    pub id: PersonId,
    pub hearth_id: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub team: Option<String>,
    pub worker: Option<String>,
}

impl ChildListJson {
    fn from_item(c: &ChildListItem) -> Self {
        ChildListJson {
            id: c.person_id,
            hearth_id: c.hearth_ref.clone(),
            given_name: c.given_name.clone(),
            family_name: c.family_name.clone(),
            date_of_birth: c.date_of_birth,
            expected_date_of_birth: c.expected_date_of_birth,
            team: c.team_name.clone(),
            worker: c.worker_name.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct ChildList {
    pub children: Vec<ChildListJson>,
}

/// `GET /api/v1/children?name=&date_of_birth=&nhs_number=&hearth_id=&risk_flag=`
pub async fn search(
    State(state): State<AppState>,
    ApiUser(_user): ApiUser,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ChildList>, ApiError> {
    let pairs = read_query(query)?;
    let mut errors = FieldErrors::new();
    let name = query_value(&pairs, "name").map(str::to_string);
    let date_of_birth = query_value(&pairs, "date_of_birth").and_then(|d| {
        let parsed = parse_date(d);
        if parsed.is_none() {
            errors.add("date_of_birth", "date_of_birth must be a real date written YYYY-MM-DD");
        }
        parsed
    });
    let nhs_number = errors.parse_optional("nhs_number", query_value(&pairs, "nhs_number"), NhsNumber::parse).map(|n| n.as_str().to_string());
    let hearth_ref = query_value(&pairs, "hearth_id").and_then(|r| {
        let parsed = HearthRef::parse(r);
        if parsed.is_none() {
            errors.add("hearth_id", "Enter a Hearth ID like H0004217");
        }
        parsed.map(|r| r.to_string())
    });
    let risk_flag = query_value(&pairs, "risk_flag").and_then(|code| {
        let parsed = RiskFlag::from_code(code);
        if parsed.is_none() {
            errors.add("risk_flag", "risk_flag must be DA, CSE, CCE, MISSING or a census factor code such as 4B");
        }
        parsed.map(|f| f.code().to_string())
    });
    let limit = read_limit(&pairs, MAX_RESULTS, MAX_RESULTS, &mut errors);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    if name.is_none() && date_of_birth.is_none() && nhs_number.is_none() && hearth_ref.is_none() && risk_flag.is_none() {
        return Err(bad_request("Give at least one of name, date_of_birth, nhs_number, hearth_id or risk_flag to search for"));
    }
    let q = ChildSearch { name, date_of_birth, nhs_number, hearth_ref, risk_flag, limit };
    let children = state.store.search_children(&q).await?.iter().map(ChildListJson::from_item).collect();
    Ok(Json(ChildList { children }))
}

// ---------------------------------------------------------------------------
// Recording a child
// ---------------------------------------------------------------------------

/// The domain names address problems as the form fields; the API names them as its JSON.
fn api_field(field: &str) -> String {
    match field.strip_prefix("address_") {
        Some(rest) => format!("address.{rest}"),
        None => field.to_string(),
    }
}

fn add_domain_errors(errors: &mut FieldErrors, domain: FieldErrors) {
    for e in domain.0 {
        let field = api_field(&e.field);
        if errors.for_field(&field).is_none() {
            errors.add(field, e.message);
        }
    }
}

/// Reads the body into the event; every problem is collected, not just the first.
async fn read_child(state: &AppState, body: serde_json::Map<String, Value>) -> Result<ChildRecorded, ApiError> {
    let mut f = Fields::new(body);
    let given = f.text_or_empty("given_name");
    let family = f.text_or_empty("family_name");
    let other = f.text("other_names");
    let date_of_birth = f.date("date_of_birth");
    let expected_date_of_birth = f.date("expected_date_of_birth");
    let sex = match f.text("sex") {
        Some(code) => match Sex::from_code(&code) {
            Some(s) => Some(s),
            None => {
                f.errors.add("sex", "sex must be M, F or U (not known)");
                None
            }
        },
        None => {
            f.errors.add("sex", "Enter the child's sex: M, F or U (not known)");
            None
        }
    };
    let ethnicity = f.text("ethnicity").and_then(|code| {
        let e = Ethnicity::from_code(&code);
        if e.is_none() {
            f.errors.add("ethnicity", "ethnicity must be a children in need census ethnicity code, such as WBRI");
        }
        e
    });
    let mut disabilities = Vec::new();
    for code in f.strings("disabilities") {
        match Disability::from_code(&code) {
            Some(d) if !disabilities.contains(&d) => disabilities.push(d),
            Some(_) => {}
            None => {
                if f.errors.for_field("disabilities").is_none() {
                    f.errors.add("disabilities", "disabilities must be children in need census disability codes, such as NONE or MOB");
                }
            }
        }
    }
    let nhs_number_text = f.text("nhs_number");
    let nhs_number = f.errors.parse_optional("nhs_number", nhs_number_text.as_deref(), NhsNumber::parse);
    let upn_text = f.text("upn");
    let upn = f.errors.parse_optional("upn", upn_text.as_deref(), Upn::parse);
    let address = match f.object("address") {
        Some(mut a) => {
            let address = Address {
                line1: a.text_or_empty("line1"),
                line2: a.text("line2"),
                town: a.text_or_empty("town"),
                postcode: a.text_or_empty("postcode"),
            };
            f.merge(a);
            Some(address)
        }
        None => None,
    };
    let team_id = match f.text("team_id") {
        Some(raw) => match raw.parse::<TeamId>() {
            Ok(t) if state.store.team_exists(t).await? => Some(t),
            _ => {
                f.errors.add("team_id", "team_id must be the id of a Hearth team");
                None
            }
        },
        None => {
            f.errors.add("team_id", "Enter team_id: the team responsible for the child");
            None
        }
    };
    let mut errors = f.finish();
    let child = ChildRecorded {
        person_id: PersonId::new(),
        name: PersonName { given, family, other },
        date_of_birth,
        expected_date_of_birth,
        sex: sex.unwrap_or(Sex::Unknown),
        ethnicity,
        disabilities,
        upn,
        nhs_number,
        address,
        team_id,
    };
    if let Err(domain) = child.validate(crate::time::today()) {
        add_domain_errors(&mut errors, domain);
    }
    if errors.is_empty() { Ok(child) } else { Err(invalid(errors)) }
}

#[derive(Serialize)]
pub struct ChildCreated {
    pub id: PersonId,
    pub hearth_id: String,
}

/// `POST /api/v1/children`
pub async fn create(State(state): State<AppState>, ApiUser(user): ApiUser, JsonObject(body): JsonObject) -> Result<Response, ApiError> {
    require(can_add_child(user.staff.role), "add children")?;
    let child = read_child(&state, body).await?;
    let id = child.person_id;
    match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::ChildRecorded(child), Utc::now())]).await {
        Ok(_) => {}
        Err(StoreError::Invalid(domain)) => {
            let mut errors = FieldErrors::new();
            add_domain_errors(&mut errors, domain);
            return Err(invalid(errors));
        }
        Err(e) => return Err(e.into()),
    }
    let hearth_id = state.store.child_record(id).await?.map(|r| r.item.hearth_ref).unwrap_or_default();
    tracing::info!(user = %user.staff.user_id, child = %id, "child recorded through the API");
    let location = format!("/api/v1/children/{id}");
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(ChildCreated { id, hearth_id })).into_response())
}

// ---------------------------------------------------------------------------
// Reading a child
// ---------------------------------------------------------------------------

/// The API's `open_record`: the record if this user may open it now, with
/// the access entry written; 404 if there is no such child; 403 if they
/// would need to give a break-glass reason first.
async fn open_child(state: &AppState, user: &CurrentUser, id: PersonId, screen: &str) -> Result<ChildRecord, ApiError> {
    let record = may_open(state, user, id).await?;
    log_view(state, user, id, screen).await?;
    Ok(record)
}

/// The access decision alone, with no access entry written.
async fn may_open(state: &AppState, user: &CurrentUser, id: PersonId) -> Result<ChildRecord, ApiError> {
    let Some(record) = state.store.child_record(id).await? else {
        return Err(ApiError(AppError::NotFound));
    };
    match access_for(state, user, id).await? {
        Access::Allowed | Access::AllowedByBreakGlass => Ok(record),
        Access::NeedsReason => Err(ApiError(AppError::Forbidden(
            "This child's record is outside your team. Open it in Hearth and give your reason (break glass) first; \
             the API cannot record a reason."
                .to_string(),
        ))),
    }
}

#[derive(Serialize)]
pub struct Named<T: Serialize> {
    pub id: T,
    pub name: Option<String>,
}

#[derive(Serialize)]
pub struct RelationshipJson {
    pub person_id: PersonId,
    pub name: String,
    pub hearth_id: Option<String>,
    pub is_child: bool,
    pub kind: String,
    /// True when this child is the related person's `kind` (e.g. their child).
    pub inverse: bool,
    pub lives_with: bool,
    pub parental_responsibility: bool,
}

#[derive(Serialize)]
pub struct AddressJson {
    pub from: NaiveDate,
    pub address: String,
}

#[derive(Serialize)]
pub struct ChildJson {
    pub id: PersonId,
    pub hearth_id: String,
    pub given_name: String,
    pub family_name: String,
    pub other_names: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub date_of_death: Option<NaiveDate>,
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    pub disabilities: Vec<String>,
    pub nhs_number: Option<String>,
    pub upn: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub team: Option<Named<TeamId>>,
    pub worker: Option<Named<UserId>>,
    pub allocated_from: Option<NaiveDate>,
    pub relationships: Vec<RelationshipJson>,
    pub addresses: Vec<AddressJson>,
    /// Active risk flags (F12); removed ones are in the chronology.
    pub risk_flags: Vec<RiskFlagJson>,
}

#[derive(Serialize)]
pub struct RiskFlagJson {
    pub flag: &'static str,
    pub label: String,
    pub identified_on: NaiveDate,
    pub evidence: String,
}

impl ChildJson {
    fn from_record(r: ChildRecord) -> Self {
        ChildJson {
            id: r.item.person_id,
            hearth_id: r.item.hearth_ref,
            given_name: r.item.given_name,
            family_name: r.item.family_name,
            other_names: r.other_names,
            date_of_birth: r.item.date_of_birth,
            expected_date_of_birth: r.item.expected_date_of_birth,
            date_of_death: r.date_of_death,
            sex: r.item.sex,
            ethnicity: r.ethnicity,
            disabilities: r.disabilities,
            nhs_number: r.nhs_number,
            upn: r.upn,
            address: r.address,
            postcode: r.item.postcode,
            team: r.team_id.map(|id| Named { id, name: r.item.team_name }),
            worker: r.worker_id.map(|id| Named { id, name: r.item.worker_name }),
            allocated_from: r.allocated_from,
            relationships: r
                .relationships
                .into_iter()
                .map(|rel| RelationshipJson {
                    person_id: rel.related_id,
                    name: rel.related_name,
                    hearth_id: rel.related_hearth_ref,
                    is_child: rel.related_is_child,
                    kind: rel.kind,
                    inverse: rel.inverse,
                    lives_with: rel.lives_with,
                    parental_responsibility: rel.parental_responsibility,
                })
                .collect(),
            addresses: r.addresses.into_iter().map(|a| AddressJson { from: a.from, address: a.address }).collect(),
            risk_flags: Vec::new(),
        }
    }
}

/// `GET /api/v1/children/{id}`
pub async fn show(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<String>) -> Result<Json<ChildJson>, ApiError> {
    let id = parse_child_id(&id)?;
    let record = open_child(&state, &user, id, "api_child").await?;
    let mut child = ChildJson::from_record(record);
    child.risk_flags = state
        .store
        .risk_flags_of(id)
        .await?
        .into_iter()
        .filter(|f| f.is_active())
        .map(|f| RiskFlagJson { flag: f.flag.code(), label: f.flag.label(), identified_on: f.identified_on, evidence: f.evidence })
        .collect();
    Ok(Json(child))
}

#[derive(Serialize)]
pub struct ChronologyEntryJson {
    pub seq: i64,
    pub event_id: String,
    #[serde(rename = "type")]
    pub event_type: &'static str,
    pub category: &'static str,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    pub recorded_by_id: UserId,
    pub summary: String,
    pub payload: Value,
    pub corrected: bool,
    pub corrected_by_seq: Option<i64>,
    pub corrects: Option<String>,
}

#[derive(Serialize)]
pub struct ChronologyJson {
    pub child_id: PersonId,
    pub category: Option<&'static str>,
    pub entries: Vec<ChronologyEntryJson>,
}

/// `GET /api/v1/children/{id}/chronology?category=&limit=`
pub async fn chronology(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<ChronologyJson>, ApiError> {
    let id = parse_child_id(&id)?;
    let pairs = read_query(query)?;
    let mut errors = FieldErrors::new();
    let category = match query_value(&pairs, "category") {
        None => None,
        Some(code) => match ChronologyCategory::from_code(code) {
            Some(c) => Some(c),
            None => {
                let codes: Vec<&str> = ChronologyCategory::ALL.iter().map(|c| c.code()).collect();
                errors.add("category", format!("category must be one of {}", codes.join(", ")));
                None
            }
        },
    };
    let limit = read_limit(&pairs, DEFAULT_CHRONOLOGY, MAX_CHRONOLOGY, &mut errors);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    open_child(&state, &user, id, "api_chronology").await?;
    let entries = state
        .store
        .chronology(id, category, limit)
        .await?
        .into_iter()
        .map(|e| {
            let payload_json = e.event.payload.data_json().map_err(StoreError::from)?;
            let payload: Value = serde_json::from_str(&payload_json).map_err(StoreError::from)?;
            Ok(ChronologyEntryJson {
                seq: e.event.seq,
                event_id: e.event.event_id.to_string(),
                event_type: e.event.payload.type_name(),
                category: e.event.payload.chronology_category().code(),
                occurred_at: e.event.occurred_at,
                recorded_at: e.event.recorded_at,
                recorded_by: e.recorded_by_name,
                recorded_by_id: e.event.recorded_by,
                summary: e.event.payload.summary(),
                payload,
                corrected: e.corrected_by_seq.is_some(),
                corrected_by_seq: e.corrected_by_seq,
                corrects: e.event.corrects.map(|c| c.to_string()),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Json(ChronologyJson { child_id: id, category: category.map(|c| c.code()), entries }))
}

// ---------------------------------------------------------------------------
// Significant events
// ---------------------------------------------------------------------------

#[derive(Serialize)]
pub struct EventCreated {
    pub event_id: String,
    pub seq: i64,
}

/// `POST /api/v1/children/{id}/significant-events`
pub async fn add_significant_event(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "add to a child's chronology")?;
    let id = parse_child_id(&id)?;
    // Checked before the body is read, so an outsider learns nothing from
    // validation messages; the access entry is written once the event is.
    may_open(&state, &user, id).await?;
    let mut f = Fields::new(body);
    let occurred_on = f.date("occurred_on");
    if occurred_on.is_none() && f.errors.for_field("occurred_on").is_none() {
        f.errors.add("occurred_on", "Enter occurred_on: the date it happened, written YYYY-MM-DD");
    }
    let event = SignificantEventRecorded {
        child_id: id,
        occurred_on: occurred_on.unwrap_or_else(crate::time::today),
        title: f.text_or_empty("title"),
        what_happened: f.text_or_empty("what_happened"),
        analysis: f.text_or_empty("analysis"),
    };
    let mut errors = f.finish();
    if let Err(domain) = event.validate(crate::time::today()) {
        add_domain_errors(&mut errors, domain);
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let at = crate::time::noon_on(event.occurred_on);
    let recorded = match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::SignificantEventRecorded(event), at)]).await {
        Ok(r) => r,
        Err(StoreError::Invalid(domain)) => {
            let mut errors = FieldErrors::new();
            add_domain_errors(&mut errors, domain);
            return Err(invalid(errors));
        }
        Err(e) => return Err(e.into()),
    };
    let Some(first) = recorded.first() else {
        return Err(ApiError(AppError::Internal("the store recorded no event".to_string())));
    };
    log_view(&state, &user, id, "api_significant_event").await?;
    tracing::info!(user = %user.staff.user_id, child = %id, seq = first.seq, "significant event recorded through the API");
    Ok((StatusCode::CREATED, Json(EventCreated { event_id: first.event_id.to_string(), seq: first.seq })).into_response())
}

/// Appends one event about the child and answers 201 with its id, mapping
/// the domain's refusals to field errors on `field`.
async fn append_for_child(state: &AppState, user: &CurrentUser, id: PersonId, event: NewEvent, field: &'static str, screen: &str) -> Result<Response, ApiError> {
    let recorded = match state.store.append(user.staff.user_id, vec![event]).await {
        Ok(r) => r,
        Err(StoreError::Invalid(domain)) => {
            let mut errors = FieldErrors::new();
            add_domain_errors(&mut errors, domain);
            return Err(invalid(errors));
        }
        Err(StoreError::Refused(message)) => {
            let mut errors = FieldErrors::new();
            errors.add(field, message);
            return Err(invalid(errors));
        }
        Err(e) => return Err(e.into()),
    };
    let Some(first) = recorded.first() else {
        return Err(ApiError(AppError::Internal("the store recorded no event".to_string())));
    };
    log_view(state, user, id, screen).await?;
    Ok((StatusCode::CREATED, Json(EventCreated { event_id: first.event_id.to_string(), seq: first.seq })).into_response())
}

/// `POST /api/v1/children/{id}/risk-flags`: `{flag, identified_on, evidence}`.
pub async fn raise_risk_flag(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "flag risks on a child's record")?;
    let id = parse_child_id(&id)?;
    may_open(&state, &user, id).await?;
    let mut f = Fields::new(body);
    let flag = f.text("flag").and_then(|code| {
        let parsed = RiskFlag::from_code(&code);
        if parsed.is_none() {
            f.errors.add("flag", "flag must be DA, CSE, CCE, MISSING or a census factor code such as 4B");
        }
        parsed
    });
    if flag.is_none() && f.errors.for_field("flag").is_none() {
        f.errors.add("flag", "Enter flag: DA, CSE, CCE, MISSING or a census factor code");
    }
    let identified_on = f.date("identified_on");
    if identified_on.is_none() && f.errors.for_field("identified_on").is_none() {
        f.errors.add("identified_on", "Enter identified_on: the date the risk was identified, written YYYY-MM-DD");
    }
    let evidence = f.text_or_empty("evidence");
    let mut errors = f.finish();
    let today = crate::time::today();
    if let Err(domain) = hearth_domain::risk_flags::validate_raise(identified_on.unwrap_or(today), &evidence, today) {
        add_domain_errors(&mut errors, domain);
    }
    let (Some(flag), Some(identified_on), true) = (flag, identified_on, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let event = RiskFlagRaised { child_id: id, flag, identified_on, evidence };
    append_for_child(&state, &user, id, NewEvent::new(EventPayload::RiskFlagRaised(event), crate::time::noon_on(identified_on)), "flag", "api_risk_flag").await
}

/// `POST /api/v1/children/{id}/risk-flags/{flag}/removal`: `{removed_on, reason}`.
pub async fn remove_risk_flag(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, code)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "remove risk flags")?;
    let id = parse_child_id(&id)?;
    let flag = RiskFlag::from_code(&code).ok_or(ApiError(AppError::NotFound))?;
    may_open(&state, &user, id).await?;
    let mut f = Fields::new(body);
    let removed_on = f.date("removed_on");
    if removed_on.is_none() && f.errors.for_field("removed_on").is_none() {
        f.errors.add("removed_on", "Enter removed_on: the date the risk stopped applying, written YYYY-MM-DD");
    }
    let reason = f.text_or_empty("reason");
    let mut errors = f.finish();
    let today = crate::time::today();
    if let Err(domain) = hearth_domain::risk_flags::validate_remove(removed_on.unwrap_or(today), &reason, today) {
        add_domain_errors(&mut errors, domain);
    }
    let (Some(removed_on), true) = (removed_on, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let event = RiskFlagRemoved { child_id: id, flag, removed_on, reason };
    append_for_child(&state, &user, id, NewEvent::new(EventPayload::RiskFlagRemoved(event), crate::time::noon_on(removed_on)), "flag", "api_risk_flag").await
}

/// `POST /api/v1/children/{id}/referrals/{referral_id}/primary-need`: `{primary_need}`,
/// the census code N0–N9. A later one replaces it for the census.
pub async fn record_primary_need(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, referral)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "record a primary need")?;
    let id = parse_child_id(&id)?;
    let referral_id: hearth_domain::ids::ReferralId = referral.parse().map_err(|_| ApiError(AppError::NotFound))?;
    may_open(&state, &user, id).await?;
    if !state.store.referrals_of(id).await?.iter().any(|r| r.referral_id == referral_id) {
        return Err(ApiError(AppError::NotFound));
    }
    let mut f = Fields::new(body);
    let need = f.text("primary_need").and_then(|code| {
        let parsed = hearth_domain::codes::PrimaryNeed::from_code(&code);
        if parsed.is_none() {
            f.errors.add("primary_need", "primary_need must be a census primary need code, N0 to N9");
        }
        parsed
    });
    if need.is_none() && f.errors.for_field("primary_need").is_none() {
        f.errors.add("primary_need", "Enter primary_need: the census primary need code, N0 to N9");
    }
    let errors = f.finish();
    let (Some(primary_need), true) = (need, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let event = hearth_domain::events::PrimaryNeedRecorded { referral_id, child_id: id, primary_need };
    append_for_child(&state, &user, id, NewEvent::new(EventPayload::PrimaryNeedRecorded(event), Utc::now()), "primary_need", "api_primary_need").await
}
