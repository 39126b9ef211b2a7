//! Police domestic-abuse notifications over the API (F7): a batch sent by
//! the police's system, the review list, and the review's decision. The
//! same rules as the upload page: a batch with any bad notification records
//! nothing unless `import_good_rows` is true, and every problem names the
//! notification by its index in the batch (`notifications[2].children`).

use super::extract::{ApiUser, Fields, JsonObject, parse_date};
use crate::error::{ApiError, AppError};
use crate::pages::domestic_incidents::{match_children, record_batch, record_decision};
use crate::pages::front_door::can_use_front_door;
use crate::pages::require;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hearth_domain::front_door::domestic_incidents::{
    MAX_ROWS, ParsedBatch, RawNotification, ReviewDecision, RowProblem, read_notification,
};
use hearth_domain::ids::{ContactId, DomesticIncidentBatchId, DomesticIncidentId, PersonId};
use hearth_domain::validation::FieldErrors;
use hearth_store::domestic_incidents::IncidentItem;
use serde::{Deserialize, Serialize};
use serde_json::Value;

fn require_front_door(user: &crate::auth::CurrentUser, what: &str) -> Result<(), ApiError> {
    Ok(require(can_use_front_door(user.staff.role), what)?)
}

fn invalid(errors: FieldErrors) -> ApiError {
    ApiError(AppError::Invalid(errors))
}

fn item_path(index: usize, field: &str) -> String {
    format!("notifications[{index}].{field}")
}

/// One notification of the batch, read from its JSON object.
fn read_item(index: usize, value: Value, now: DateTime<Utc>, batch: &mut ParsedBatch) {
    let Value::Object(map) = value else {
        batch.problems.push(RowProblem {
            row: index,
            field: format!("notifications[{index}]"),
            message: format!("notifications[{index}] must be an object"),
        });
        return;
    };
    let mut f = Fields::new(map);
    let raw = RawNotification {
        police_reference: f.text_or_empty("police_reference"),
        incident_date: f.text_or_empty("incident_date"),
        incident_time: f.text_or_empty("incident_time"),
        children: f.strings("children"),
        children_present: f.text_or_empty("children_present"),
        dash_risk: f.text_or_empty("dash_risk"),
        victim: f.text_or_empty("victim"),
        alleged_perpetrator: f.text_or_empty("alleged_perpetrator"),
        summary: f.text_or_empty("summary"),
    };
    let mut errors = f.finish();
    // The API takes dates one way only, as everywhere else in it.
    if !raw.incident_date.is_empty() && parse_date(&raw.incident_date).is_none() {
        errors.add("incident_date", "incident_date must be a real date written YYYY-MM-DD");
    }
    match read_notification(&raw, now) {
        Ok(draft) if errors.is_empty() => batch.good.push((index, draft)),
        Ok(_) => {}
        Err(domain) => {
            for e in domain.0 {
                if errors.for_field(&e.field).is_none() {
                    errors.add(e.field, e.message);
                }
            }
        }
    }
    for e in errors.0 {
        batch.problems.push(RowProblem { row: index, field: item_path(index, &e.field), message: e.message });
    }
}

#[derive(Serialize)]
pub struct SkippedJson {
    pub index: usize,
    pub field: String,
    pub message: String,
}

#[derive(Serialize)]
pub struct BatchJson {
    pub batch_id: DomesticIncidentBatchId,
    pub imported: usize,
    pub ids: Vec<DomesticIncidentId>,
    /// The notifications not imported (only with `import_good_rows`), and why.
    pub skipped: Vec<SkippedJson>,
}

/// `POST /api/v1/domestic-incidents`: a batch of notifications.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    JsonObject(mut map): JsonObject,
) -> Result<(StatusCode, Json<BatchJson>), ApiError> {
    require_front_door(&user, "send police notifications")?;
    let mut errors = FieldErrors::new();
    let import_good_rows = match map.remove("import_good_rows") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => b,
        Some(_) => {
            errors.add("import_good_rows", "import_good_rows must be true or false");
            false
        }
    };
    let items = match map.remove("notifications") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) | None | Some(Value::Null) => {
            errors.add("notifications", "Send at least one notification in notifications");
            Vec::new()
        }
        Some(_) => {
            errors.add("notifications", "notifications must be a list of notifications");
            Vec::new()
        }
    };
    if items.len() > MAX_ROWS {
        errors.add("notifications", format!("Send at most {MAX_ROWS} notifications in one batch"));
    }
    let mut unknown: Vec<String> = map.keys().cloned().collect();
    unknown.sort();
    for k in unknown {
        errors.add(k.clone(), format!("Hearth does not know the field {k}"));
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let now = Utc::now();
    let mut batch = ParsedBatch::default();
    for (index, item) in items.into_iter().enumerate() {
        read_item(index, item, now, &mut batch);
    }
    let matched = match_children(&state, &mut batch).await?;
    for p in &mut batch.problems {
        if !p.field.starts_with("notifications[") {
            p.field = item_path(p.row, &p.field);
        }
    }
    if matched.is_empty() || (!batch.problems.is_empty() && !import_good_rows) {
        let mut errors = FieldErrors::new();
        for p in batch.problems {
            errors.add(p.field, p.message);
        }
        return Err(invalid(errors));
    }
    let imported = matched.len();
    let (batch_id, ids) = record_batch(&state, &user, matched).await?;
    let skipped = batch.problems.into_iter().map(|p| SkippedJson { index: p.row, field: p.field, message: p.message }).collect();
    Ok((StatusCode::CREATED, Json(BatchJson { batch_id, imported, ids, skipped })))
}

#[derive(Serialize)]
pub struct IncidentChildJson {
    pub id: PersonId,
    pub hearth_id: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct IncidentJson {
    pub id: DomesticIncidentId,
    pub batch_id: DomesticIncidentBatchId,
    pub police_reference: String,
    pub incident_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub dash_risk: &'static str,
    pub children_present: &'static str,
    pub decision: Option<&'static str>,
    pub review_date: Option<NaiveDate>,
    pub decided_at: Option<DateTime<Utc>>,
    pub contact_id: Option<ContactId>,
    pub children: Vec<IncidentChildJson>,
}

fn incident_json(i: IncidentItem) -> IncidentJson {
    IncidentJson {
        id: i.notification_id,
        batch_id: i.batch_id,
        police_reference: i.police_reference,
        incident_at: i.incident_at,
        received_at: i.notified_at,
        dash_risk: i.dash_risk.code(),
        children_present: i.children_present.code(),
        decision: i.decision.map(ReviewDecision::code),
        review_date: i.review_date,
        decided_at: i.decided_at,
        contact_id: i.contact_id,
        children: i.children.into_iter().map(|c| IncidentChildJson { id: c.person_id, hearth_id: c.hearth_ref, name: c.name }).collect(),
    }
}

#[derive(Serialize)]
pub struct IncidentListJson {
    pub notifications: Vec<IncidentJson>,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    status: Option<String>,
    since: Option<String>,
}

const LIST_LIMIT: i64 = 1000;

/// `GET /api/v1/domestic-incidents?status=undecided|decided[&since=YYYY-MM-DD]`:
/// the undecided oldest first, or those decided since a date (default the
/// last 7 days), latest first.
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<IncidentListJson>, ApiError> {
    require_front_door(&user, "see the domestic-incident review")?;
    let items = match q.status.as_deref().unwrap_or("undecided") {
        "undecided" => state.store.undecided_domestic_incidents(LIST_LIMIT).await?,
        "decided" => {
            let since = match q.since.as_deref() {
                None => Utc::now() - Duration::days(7),
                Some(raw) => {
                    let d = parse_date(raw).ok_or_else(|| super::extract::bad_request("since must be a real date written YYYY-MM-DD"))?;
                    hearth_domain::uk_time::from_uk(d.and_time(chrono::NaiveTime::MIN))
                }
            };
            state.store.decided_domestic_incidents(since, LIST_LIMIT).await?
        }
        _ => return Err(super::extract::bad_request("status must be undecided or decided")),
    };
    Ok(Json(IncidentListJson { notifications: items.into_iter().map(incident_json).collect() }))
}

#[derive(Serialize)]
pub struct DecisionJson {
    pub id: DomesticIncidentId,
    pub decision: &'static str,
    pub review_date: NaiveDate,
    /// The contact made to the MASH, for that decision.
    pub contact_id: Option<ContactId>,
}

/// `POST /api/v1/domestic-incidents/{id}/decision`: the review's decision.
pub async fn decide(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<(StatusCode, Json<DecisionJson>), ApiError> {
    require_front_door(&user, "record domestic-incident decisions")?;
    let id: DomesticIncidentId = id.parse().map_err(|_| ApiError(AppError::NotFound))?;
    let detail = state.store.domestic_incident(id).await?.ok_or(ApiError(AppError::NotFound))?;
    let mut f = Fields::new(body);
    let codes = ReviewDecision::ALL.iter().map(|d| d.code()).collect::<Vec<_>>().join(", ");
    let decision = match f.text("decision") {
        Some(raw) => {
            let d = ReviewDecision::from_code(&raw);
            if d.is_none() {
                f.errors.add("decision", format!("decision must be one of {codes}"));
            }
            d
        }
        None => None,
    };
    let rationale = f.text_or_empty("rationale");
    let review_date = f.date("review_date").or_else(|| Some(crate::time::today()));
    let errors = f.finish();
    // A decision code that was sent but not known already has its message.
    let unknown_code = errors.for_field("decision").is_some();
    let mut outcome = record_decision(&state, &user, &detail, decision, &rationale, review_date, errors).await?;
    if let Err(errors) = &mut outcome
        && unknown_code
    {
        let mut seen = false;
        errors.0.retain(|e| e.field != "decision" || !std::mem::replace(&mut seen, true));
    }
    match outcome {
        Ok(contact_id) => Ok((
            StatusCode::CREATED,
            Json(DecisionJson {
                id,
                decision: decision.map(ReviewDecision::code).unwrap_or_default(),
                review_date: review_date.unwrap_or_else(crate::time::today),
                contact_id,
            }),
        )),
        Err(errors) => Err(invalid(errors)),
    }
}
