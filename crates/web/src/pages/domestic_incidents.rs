//! The daily domestic-incident review (F7): police domestic-abuse
//! notifications come in as a CSV batch, and the review meeting records a
//! decision on every one, "below threshold: no action" included, which then
//! shows on each child's chronology.
//!
//! An upload with bad rows imports nothing until the person chooses to
//! import the good rows; the file is sent back with that choice (nothing is
//! kept on the server in between), read again, and its children matched
//! again, so what is imported is what the record says at that moment.

use super::front_door::can_use_front_door;
use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::{ContactReceived, DomesticIncidentNotified, DomesticIncidentReviewed, EventPayload, NewEvent};
use hearth_domain::front_door::chain_for;
use hearth_domain::front_door::domestic_incidents::{
    COLUMNS, DashRisk, FileProblem, NotificationDraft, ParsedBatch, ReviewDecision, check_decision, parse_csv, unmatched_message,
};
use hearth_domain::ids::{ContactId, DomesticIncidentBatchId, DomesticIncidentId, PersonId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::domestic_incidents::{IncidentDetail, IncidentItem};

// ---------------------------------------------------------------------------
// Shared with the API
// ---------------------------------------------------------------------------

/// Matches each good row's children to Hearth; a row naming a child Hearth
/// does not have (or cannot tell apart), or repeating a police reference
/// already recorded, moves to the bad rows with why.
pub(crate) async fn match_children(
    state: &AppState,
    batch: &mut ParsedBatch,
) -> Result<Vec<(usize, NotificationDraft, Vec<PersonId>)>, AppError> {
    let mut matched = Vec::new();
    let mut rejected = Vec::new();
    for (row, draft) in &batch.good {
        if let Some(at) = state.store.domestic_incident_with_reference(&draft.police_reference).await? {
            rejected.push((
                *row,
                "police_reference",
                format!(
                    "The police reference {} was already received on {}: it is not imported twice",
                    draft.police_reference,
                    crate::time::date(crate::time::local(at).date_naive())
                ),
            ));
            continue;
        }
        let mut children = Vec::new();
        let mut problem = None;
        for named in &draft.children {
            let found = state.store.children_named(named).await?;
            match found.as_slice() {
                [one] if !children.contains(one) => children.push(*one),
                [_] => {}
                _ => {
                    problem = Some(unmatched_message(named, found.len()));
                    break;
                }
            }
        }
        match problem {
            Some(message) => rejected.push((*row, "children", message)),
            None => matched.push((*row, draft.clone(), children)),
        }
    }
    for (row, field, message) in rejected {
        batch.reject(row, field, message);
    }
    Ok(matched)
}

/// Records the matched notifications as one batch, in one append.
pub(crate) async fn record_batch(
    state: &AppState,
    user: &CurrentUser,
    matched: Vec<(usize, NotificationDraft, Vec<PersonId>)>,
) -> Result<(DomesticIncidentBatchId, Vec<DomesticIncidentId>), AppError> {
    let batch_id = DomesticIncidentBatchId::new();
    let now = Utc::now();
    let mut ids = Vec::with_capacity(matched.len());
    let events = matched
        .into_iter()
        .map(|(_, d, children)| {
            let id = DomesticIncidentId::new();
            ids.push(id);
            NewEvent::new(
                EventPayload::DomesticIncidentNotified(DomesticIncidentNotified {
                    notification_id: id,
                    batch_id,
                    police_reference: d.police_reference,
                    incident_at: d.incident_at,
                    children,
                    children_present: d.children_present,
                    dash_risk: d.dash_risk,
                    victim: d.victim,
                    alleged_perpetrator: d.alleged_perpetrator,
                    summary: d.summary,
                }),
                now,
            )
        })
        .collect();
    state.store.append(user.staff.user_id, events).await?;
    Ok((batch_id, ids))
}

/// Records the review's decision; a contact to the MASH records the contact
/// in the same append, so the work cannot be lost between the two. Field
/// problems come back as `Err`, with nothing recorded.
pub(crate) async fn record_decision(
    state: &AppState,
    user: &CurrentUser,
    detail: &IncidentDetail,
    decision: Option<ReviewDecision>,
    rationale: &str,
    review_date: Option<NaiveDate>,
    mut errors: FieldErrors,
) -> Result<Result<Option<ContactId>, FieldErrors>, AppError> {
    if detail.item.decision.is_some() {
        return Err(AppError::Conflict("This notification has already been decided".to_string()));
    }
    check_decision(detail.item.dash_risk, decision, rationale, &mut errors);
    let today = crate::time::today();
    if review_date.is_some_and(|d| d > today) && errors.for_field("review_date").is_none() {
        errors.add("review_date", "The date of the review meeting must be today or in the past");
    }
    if review_date.is_some_and(|d| d < crate::time::local(detail.item.notified_at).date_naive()) {
        errors.add("review_date", "The review meeting cannot be before the notification was received");
    }
    let (Some(decision), Some(review_date), true) = (decision, review_date, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let now = Utc::now();
    let n = &detail.notified;
    let mut events = Vec::new();
    let contact_id = if decision == ReviewDecision::ContactToMash {
        let contact_id = ContactId::new();
        // A contact soon after a closed one about the same child joins its
        // chain (F1), as any other contact does.
        let mut chain_start = None;
        for child in &n.children {
            let links = state.store.chain_links(*child).await?;
            if let Some(link) = chain_for(now, &links, state.config.chain_window_days)
                && chain_start.is_none_or(|(_, at)| link.chain_started_at < at)
            {
                chain_start = Some((link.chain_start, link.chain_started_at));
            }
        }
        events.push(NewEvent::new(
            EventPayload::ContactReceived(ContactReceived {
                contact_id,
                children: n.children.clone(),
                received_at: now,
                source: ReferralSource::Police,
                concern: format!(
                    "Police domestic-abuse notification {} ({} risk), incident on {}: {}\n\nDomestic-incident review: {}",
                    n.police_reference,
                    n.dash_risk.label().to_lowercase(),
                    crate::time::date_time(n.incident_at),
                    n.summary,
                    rationale.trim()
                ),
                referrer_name: None,
                referrer_organisation: Some("Police".to_string()),
                chain_start: chain_start.map(|(id, _)| id),
            }),
            now,
        ));
        Some(contact_id)
    } else {
        None
    };
    events.push(NewEvent::new(
        EventPayload::DomesticIncidentReviewed(DomesticIncidentReviewed {
            notification_id: n.notification_id,
            children: n.children.clone(),
            decision,
            rationale: rationale.trim().to_string(),
            review_date,
            contact_id,
        }),
        now,
    ));
    match state.store.append(user.staff.user_id, events).await {
        Ok(_) => Ok(Ok(contact_id)),
        Err(StoreError::Invalid(more)) => {
            errors.0.extend(more.0);
            Ok(Err(errors))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Showing notifications
// ---------------------------------------------------------------------------

/// How long something has waited, in words.
fn waited(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let d = now - since;
    if d.num_hours() >= 48 {
        format!("{} days", d.num_days())
    } else if d.num_hours() >= 1 {
        let h = d.num_hours();
        format!("{h} hour{}", if h == 1 { "" } else { "s" })
    } else {
        "under an hour".to_string()
    }
}

fn risk_tag(risk: DashRisk) -> &'static str {
    match risk {
        DashRisk::High => "govuk-tag govuk-tag--red",
        DashRisk::Medium => "govuk-tag govuk-tag--orange",
        DashRisk::Standard => "govuk-tag govuk-tag--grey",
    }
}

pub struct IncidentRow {
    pub href: String,
    pub police_reference: String,
    pub incident: String,
    pub received: String,
    pub waiting: String,
    /// Waiting since before the last working day's meeting: shown in red.
    pub late: bool,
    pub risk_label: &'static str,
    pub risk_class: &'static str,
    pub children_present: &'static str,
    pub children: String,
    pub decision: String,
    pub review_date: String,
}

fn row(i: &IncidentItem, now: DateTime<Utc>) -> IncidentRow {
    IncidentRow {
        href: format!("/front-door/domestic-incidents/{}", i.notification_id),
        police_reference: i.police_reference.clone(),
        incident: crate::time::date_time(i.incident_at),
        received: crate::time::date_time(i.notified_at),
        waiting: waited(i.notified_at, now),
        late: now - i.notified_at > Duration::hours(24),
        risk_label: i.dash_risk.label(),
        risk_class: risk_tag(i.dash_risk),
        children_present: i.children_present.label(),
        children: i.children.iter().map(|c| format!("{} ({})", c.name, c.hearth_ref)).collect::<Vec<_>>().join(", "),
        decision: i.decision.map(|d| d.label().to_string()).unwrap_or_default(),
        review_date: i.review_date.map(crate::time::date).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "domestic_incidents.html")]
pub struct ReviewListPage {
    pub layout: Layout,
    pub banner: Option<String>,
    pub undecided: Vec<IncidentRow>,
    pub late: usize,
    pub high: usize,
    pub decided: Vec<IncidentRow>,
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    imported: Option<usize>,
}

/// The most notifications the review list shows at once.
const LIST_LIMIT: i64 = 500;

/// The review list: every notification waiting for a decision, oldest
/// first, then what the last week's meetings decided.
pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ListQuery>) -> Result<Html<String>, AppError> {
    require(can_use_front_door(user.staff.role), "see the domestic-incident review")?;
    let now = Utc::now();
    let undecided: Vec<IncidentRow> = state.store.undecided_domestic_incidents(LIST_LIMIT).await?.iter().map(|i| row(i, now)).collect();
    let decided = state.store.decided_domestic_incidents(now - Duration::days(7), LIST_LIMIT).await?.iter().map(|i| row(i, now)).collect();
    let page = ReviewListPage {
        layout: Layout::for_user(&state, &user, "Domestic-incident review", "front_door"),
        banner: q.imported.map(|n| format!("{n} notification{} imported for review.", if n == 1 { "" } else { "s" })),
        late: undecided.iter().filter(|r| r.late).count(),
        high: undecided.iter().filter(|r| r.risk_label == DashRisk::High.label()).count(),
        undecided,
        decided,
    };
    Ok(Html(page.render()?))
}

// ---------------------------------------------------------------------------
// Uploading a batch
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "domestic_incident_upload.html")]
pub struct UploadPage {
    pub layout: Layout,
    pub error: Option<String>,
    pub columns: String,
}

fn upload_page(state: &AppState, user: &CurrentUser, error: Option<String>) -> Result<String, AppError> {
    Ok(UploadPage {
        layout: Layout::for_user(
            state,
            user,
            if error.is_some() { "Error: Upload police notifications" } else { "Upload police notifications" },
            "front_door",
        ),
        error,
        columns: COLUMNS.join(", "),
    }
    .render()?)
}

pub async fn upload_form(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require(can_use_front_door(user.staff.role), "upload police notifications")?;
    Ok(Html(upload_page(&state, &user, None)?))
}

pub struct ProblemRow {
    pub row: usize,
    pub column: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "domestic_incident_preview.html")]
pub struct PreviewPage {
    pub layout: Layout,
    pub file_name: String,
    pub rows: usize,
    pub good: usize,
    pub bad: usize,
    pub problems: Vec<ProblemRow>,
    pub csv: String,
}

/// Reads, matches and, if every row is good (or the person chose to import
/// the good rows), records the file; otherwise shows what is wrong.
async fn take_file(
    state: &AppState,
    user: &CurrentUser,
    file_name: &str,
    text: &str,
    import_good_rows: bool,
) -> Result<Response, AppError> {
    let mut batch = match parse_csv(text, Utc::now()) {
        Ok(b) => b,
        Err(problem) => {
            let message = match problem {
                FileProblem::Csv(e) => format!("The file could not be read. {e}"),
                other => other.to_string(),
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(upload_page(state, user, Some(message))?)).into_response());
        }
    };
    let rows = batch.good.len() + batch.bad_rows();
    let matched = match_children(state, &mut batch).await?;
    if matched.is_empty() || (!batch.problems.is_empty() && !import_good_rows) {
        let page = PreviewPage {
            layout: Layout::for_user(state, user, "Error: Rows in the file need fixing", "front_door"),
            file_name: file_name.to_string(),
            rows,
            good: matched.len(),
            bad: batch.bad_rows(),
            problems: batch
                .problems
                .iter()
                .map(|p| ProblemRow { row: p.row, column: p.field.clone(), message: p.message.clone() })
                .collect(),
            csv: text.to_string(),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    let imported = matched.len();
    record_batch(state, user, matched).await?;
    Ok(Redirect::to(&format!("/front-door/domestic-incidents?imported={imported}")).into_response())
}

/// The file, sent as `multipart/form-data` (the CSRF middleware has checked
/// the token part already).
pub async fn upload(State(state): State<AppState>, user: CurrentUser, headers: HeaderMap, body: Bytes) -> Result<Response, AppError> {
    require(can_use_front_door(user.staff.role), "upload police notifications")?;
    let parts = crate::multipart::boundary(&headers)
        .and_then(|b| crate::multipart::parse(&b, &body))
        .ok_or_else(|| AppError::BadRequest("Send the file from the upload form".to_string()))?;
    let file = parts.iter().find(|p| p.name == "file" && p.filename.as_deref().is_some_and(|f| !f.is_empty()));
    let Some(file) = file else {
        return Ok(
            (StatusCode::UNPROCESSABLE_ENTITY, Html(upload_page(&state, &user, Some("Select a CSV file".to_string()))?)).into_response()
        );
    };
    let Ok(text) = std::str::from_utf8(&file.data) else {
        let message = "The file must be a CSV file saved as UTF-8: in Excel, save it as \"CSV UTF-8\"".to_string();
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(upload_page(&state, &user, Some(message))?)).into_response());
    };
    let name = file.filename.clone().unwrap_or_default();
    take_file(&state, &user, &name, text, false).await
}

/// "Import the good rows": the file comes back with the choice.
pub async fn import_good_rows(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_use_front_door(user.staff.role), "upload police notifications")?;
    let form = FormState::from_pairs(pairs);
    if form.value("import_good_rows") != "yes" {
        return Ok(Redirect::to("/front-door/domestic-incidents/upload").into_response());
    }
    take_file(&state, &user, form.value("file_name"), form.value("csv"), true).await
}

// ---------------------------------------------------------------------------
// One notification, and the review decision
// ---------------------------------------------------------------------------

pub struct ChildHistory {
    pub href: String,
    pub name: String,
    pub entries: Vec<(String, String)>,
    /// Other police notifications about the child: the pattern the review
    /// must see (F7).
    pub notifications: Vec<(String, String)>,
}

pub struct DecisionView {
    pub decision: String,
    pub rationale: String,
    pub review_date: String,
    pub recorded: String,
    pub contact_href: Option<String>,
}

#[derive(Template)]
#[template(path = "domestic_incident.html")]
pub struct IncidentPage {
    pub layout: Layout,
    pub id: String,
    pub banner: Option<String>,
    pub error_summary: Markup,
    pub details: Vec<(String, String)>,
    pub risk_label: &'static str,
    pub risk_class: &'static str,
    pub children: Vec<(String, String)>,
    pub decided: Option<DecisionView>,
    pub fields: Vec<Markup>,
    pub history: Vec<ChildHistory>,
}

/// How many chronology entries per child the decision screen shows.
const HISTORY_ENTRIES: i64 = 8;

async fn render_incident(
    state: &AppState,
    user: &CurrentUser,
    detail: &IncidentDetail,
    form: &FormState,
    banner: Option<String>,
) -> Result<String, AppError> {
    let n = &detail.notified;
    let mut children = Vec::new();
    let mut history = Vec::new();
    for child in &n.children {
        let Some(record) = state.store.child_record(*child).await? else { continue };
        // The screen shows the children's details and history: that is an
        // opening of their records.
        super::child_record::log_view(state, user, *child, "domestic_incident").await?;
        let href = format!("/children/{child}");
        let name = format!("{} ({})", record.item.full_name(), record.item.hearth_ref);
        children.push((href.clone(), name.clone()));
        let entries = state
            .store
            .chronology(*child, None, HISTORY_ENTRIES)
            .await?
            .iter()
            .map(|e| (crate::time::date(crate::time::local(e.event.occurred_at).date_naive()), e.event.payload.summary()))
            .collect();
        let notifications = state
            .store
            .domestic_incidents_of(*child)
            .await?
            .iter()
            .filter(|i| i.notification_id != n.notification_id)
            .map(|i| {
                let decided = i.decision.map(|d| d.label().to_string()).unwrap_or_else(|| "Waiting for a decision".to_string());
                (
                    format!("/front-door/domestic-incidents/{}", i.notification_id),
                    format!(
                        "{}, {} risk: {decided}",
                        crate::time::date(crate::time::local(i.incident_at).date_naive()),
                        i.dash_risk.label().to_lowercase()
                    ),
                )
            })
            .collect();
        history.push(ChildHistory { href, name, entries, notifications });
    }
    let details = vec![
        ("Police reference".to_string(), n.police_reference.clone()),
        ("Incident".to_string(), crate::time::date_time(n.incident_at)),
        ("Received".to_string(), crate::time::date_time(detail.item.notified_at)),
        ("Children present".to_string(), n.children_present.label().to_string()),
        ("Victim".to_string(), n.victim.clone()),
        ("Alleged perpetrator".to_string(), n.alleged_perpetrator.clone()),
        ("What happened".to_string(), n.summary.clone()),
    ];
    let decided = match &detail.reviewed {
        Some((r, e)) => {
            let by = state.store.staff_member(e.recorded_by).await?.map(|s| s.display_name).unwrap_or_default();
            Some(DecisionView {
                decision: r.decision.label().to_string(),
                rationale: r.rationale.clone(),
                review_date: crate::time::date(r.review_date),
                recorded: format!("{by}, {}", crate::time::date_time(e.recorded_at)),
                contact_href: r.contact_id.map(|c| format!("/front-door/contacts/{c}")),
            })
        }
        None => None,
    };
    let decisions: Vec<(String, String)> = ReviewDecision::ALL.iter().map(|d| (d.code().to_string(), d.label().to_string())).collect();
    let hint = if n.dash_risk == DashRisk::High {
        "High risk: the notification goes to the MASH, or to the allocated worker if the case is open."
    } else {
        ""
    };
    let fields = vec![
        components::radios(form, "decision", "What did the review meeting decide?", hint, &decisions, false),
        components::textarea(
            form,
            "rationale",
            "Why?",
            "Say why, with reference to the children's history and any earlier notifications.",
            5,
        ),
        components::date_input(form, "review_date", "Date of the review meeting", "For example, 23 11 2026"),
    ];
    let title = if form.has_errors() { "Error: Domestic-abuse notification" } else { "Domestic-abuse notification" };
    Ok(IncidentPage {
        layout: Layout::for_user(state, user, title, "front_door"),
        id: n.notification_id.to_string(),
        banner,
        error_summary: components::error_summary(&form.errors),
        details,
        risk_label: n.dash_risk.label(),
        risk_class: risk_tag(n.dash_risk),
        children,
        decided,
        fields,
        history,
    }
    .render()?)
}

async fn load(state: &AppState, raw: &str) -> Result<IncidentDetail, AppError> {
    let id: DomesticIncidentId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.store.domestic_incident(id).await?.ok_or(AppError::NotFound)
}

#[derive(serde::Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    decided: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>, AppError> {
    require(can_use_front_door(user.staff.role), "see the domestic-incident review")?;
    let detail = load(&state, &id).await?;
    let mut form = FormState::default();
    let today = crate::time::today();
    form.set("review_date-day", today.format("%-d").to_string());
    form.set("review_date-month", today.format("%-m").to_string());
    form.set("review_date-year", today.format("%Y").to_string());
    let banner = q.decided.map(|_| "Decision recorded. It is on each child's chronology.".to_string());
    Ok(Html(render_incident(&state, &user, &detail, &form, banner).await?))
}

pub async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_use_front_door(user.staff.role), "record domestic-incident decisions")?;
    let detail = load(&state, &id).await?;
    let mut form = FormState::from_pairs(pairs);
    let review_date = form.date("review_date", "the date of the review meeting", true);
    let decision = match form.value("decision") {
        "" => None,
        code => ReviewDecision::from_code(code),
    };
    let rationale = form.value("rationale").to_string();
    let errors = std::mem::take(&mut form.errors);
    match record_decision(&state, &user, &detail, decision, &rationale, review_date, errors).await? {
        Ok(Some(contact)) => Ok(Redirect::to(&format!("/front-door/contacts/{contact}?recorded=1")).into_response()),
        Ok(None) => Ok(Redirect::to(&format!("/front-door/domestic-incidents/{}?decided=1", detail.item.notification_id)).into_response()),
        Err(errors) => {
            form.errors = errors;
            let html = render_incident(&state, &user, &detail, &form, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}
