//! Pre-proceedings under the Public Law Outline and care proceedings (F21):
//! the section on the child's record, the forms that start, review and end
//! pre-proceedings and issue and conclude proceedings, and the service-wide
//! list of children in pre-proceedings for managers, with those past the
//! local limit first.
//!
//! Issuing proceedings does not end pre-proceedings by itself: the worker
//! ends them with the outcome "care proceedings issued" (saying why, if they
//! ran past the limit) and then issues; the store refuses the other order.

use super::child_record::open_record;
use super::home::ChildRow;
use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup, Input};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use chrono::NaiveDate;
use hearth_domain::calendar::Calendar;
use hearth_domain::clocks::ClockPolicy;
use hearth_domain::clocks::rules::PRE_PROCEEDINGS_LIMIT;
use hearth_domain::events::proceedings::{next_pre_proceedings_review, pre_proceedings_limit_ends, proceedings_limit_ends, whole_weeks};
use hearth_domain::events::{
    EventPayload, NewEvent, OrderApplication, PreProceedingsEnded, PreProceedingsOutcome, PreProceedingsReviewed, PreProceedingsStarted,
    ProceedingsConcluded, ProceedingsIssued, ProceedingsOutcome,
};
use hearth_domain::ids::{MeetingId, PersonId, ProceedingsId};
use hearth_domain::staff::Role;
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::proceedings::{PreProceedingsReviewView, PreProceedingsView, ProceedingsView};

/// This area's routes, merged into the router in `lib.rs`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/proceedings/pre-proceedings", get(list))
        .route("/children/{id}/pre-proceedings/new", get(start_form).post(start))
        .route("/children/{id}/pre-proceedings/{plo}/review", get(review_form).post(review))
        .route("/children/{id}/pre-proceedings/{plo}/end", get(end_form).post(end))
        .route("/children/{id}/proceedings/new", get(issue_form).post(issue))
        .route("/children/{id}/proceedings/{case}/conclude", get(conclude_form).post(conclude))
}

/// Who records pre-proceedings and proceedings: the child's social worker
/// and their managers. MASH workers and IROs, who may add to a chronology,
/// do not run PLO cases.
pub fn can_record_proceedings(role: Role) -> bool {
    matches!(role, Role::Practitioner | Role::TeamManager | Role::ServiceManager)
}

/// Who sees every child in pre-proceedings across the service.
pub fn can_see_service_list(role: Role) -> bool {
    role.is_manager()
}

// ----- what the screens and the API show -----

/// Pre-proceedings as of `today`, with the figures the panel asks about.
#[derive(Clone, Debug)]
pub struct PloStatus {
    pub plo: PreProceedingsView,
    /// Whole weeks from the start to today, or to the end.
    pub weeks: i64,
    /// The last day within the local limit.
    pub limit_ends: NaiveDate,
    /// Open and past the limit, or ended past it.
    pub past_limit: bool,
    /// Open only.
    pub next_review_due: Option<NaiveDate>,
    pub review_overdue: bool,
}

impl PloStatus {
    pub fn of(plo: PreProceedingsView, today: NaiveDate, policy: &ClockPolicy, calendar: &Calendar) -> PloStatus {
        let until = plo.ended_on.unwrap_or(today);
        let limit_ends = pre_proceedings_limit_ends(plo.started_on, policy, calendar);
        let next_review_due = plo.is_open().then(|| next_pre_proceedings_review(plo.started_on, plo.last_review_on, policy, calendar));
        PloStatus {
            weeks: whole_weeks(plo.started_on, until),
            limit_ends,
            past_limit: until > limit_ends,
            review_overdue: next_review_due.is_some_and(|d| d < today),
            next_review_due,
            plo,
        }
    }
}

/// Proceedings as of `today`.
#[derive(Clone, Debug)]
pub struct CaseStatus {
    pub case: ProceedingsView,
    pub weeks: i64,
    pub limit_ends: NaiveDate,
    pub past_limit: bool,
}

impl CaseStatus {
    pub fn of(case: ProceedingsView, today: NaiveDate, calendar: &Calendar) -> CaseStatus {
        let until = case.concluded_on.unwrap_or(today);
        let limit_ends = proceedings_limit_ends(case.issued_on, calendar);
        CaseStatus { weeks: whole_weeks(case.issued_on, until), limit_ends, past_limit: until > limit_ends, case }
    }
}

/// How the local limit reads: "16 weeks".
pub fn limit_label(policy: &ClockPolicy) -> String {
    PRE_PROCEEDINGS_LIMIT.period(policy).describe()
}

/// Every child in pre-proceedings now: those past the limit first, then the
/// longest running.
pub async fn service_list(state: &AppState, today: NaiveDate) -> Result<Vec<PloStatus>, AppError> {
    let calendar = state.calendar().await?;
    let policy = ClockPolicy::default();
    let mut all: Vec<PloStatus> =
        state.store.open_pre_proceedings().await?.into_iter().map(|p| PloStatus::of(p, today, &policy, &calendar)).collect();
    all.sort_by(|a, b| b.past_limit.cmp(&a.past_limit).then(a.plo.started_on.cmp(&b.plo.started_on)));
    Ok(all)
}

fn weeks_text(n: i64) -> String {
    if n == 1 { "1 week".to_string() } else { format!("{n} weeks") }
}

fn date_or(d: Option<NaiveDate>, none: &str) -> String {
    d.map(crate::time::date).unwrap_or_else(|| none.to_string())
}

// ----- the section on the child's record -----

pub struct PloCard {
    pub title: String,
    pub open: bool,
    pub rows: Vec<(String, String)>,
    pub past_limit_tag: Option<String>,
    pub review_href: String,
    pub end_href: String,
    pub reviews: Vec<(String, String)>,
}

pub struct CaseCard {
    pub title: String,
    pub open: bool,
    pub rows: Vec<(String, String)>,
    pub past_limit_tag: Option<String>,
    pub conclude_href: String,
}

#[derive(Template)]
#[template(path = "proceedings_section.html")]
pub struct ProceedingsSection {
    pub id: String,
    pub can_record: bool,
    pub is_manager: bool,
    pub limit: String,
    pub plos: Vec<PloCard>,
    pub cases: Vec<CaseCard>,
    pub can_start: bool,
    pub can_issue: bool,
}

fn review_rows(reviews: &[PreProceedingsReviewView]) -> Vec<(String, String)> {
    reviews
        .iter()
        .map(|r| {
            let mut text = r.progress.clone();
            if !r.late_reason.is_empty() {
                text.push_str(&format!(" Why it was late: {}", r.late_reason));
            }
            (crate::time::date(r.reviewed_on), text)
        })
        .collect()
}

fn plo_card(child: PersonId, s: &PloStatus, reviews: &[PreProceedingsReviewView], policy: &ClockPolicy) -> PloCard {
    let p = &s.plo;
    let mut rows = vec![
        ("Legal planning meeting".to_string(), crate::time::date(p.legal_planning_meeting_on)),
        ("Started".to_string(), crate::time::date(p.started_on)),
        (
            "Weeks elapsed".to_string(),
            format!(
                "{} {} (limit {}, last day {})",
                weeks_text(s.weeks),
                if p.is_open() { "so far" } else { "in all" },
                limit_label(policy),
                crate::time::date(s.limit_ends)
            ),
        ),
        ("What must change".to_string(), p.concerns.clone()),
        (
            "Last panel review".to_string(),
            match p.last_review_on {
                Some(d) => format!("{} ({} in all)", crate::time::date(d), p.review_count),
                None => "None yet".to_string(),
            },
        ),
    ];
    if let Some(due) = s.next_review_due {
        rows.push((
            "Next review due".to_string(),
            format!("{}{}", crate::time::date(due), if s.review_overdue { " (overdue)" } else { "" }),
        ));
    }
    match (p.ended_on, p.outcome) {
        (Some(ended), Some(outcome)) => {
            let mut text = format!("{}, {}", outcome.label(), crate::time::date(ended));
            if !p.detail.is_empty() {
                text.push_str(&format!(". {}", p.detail));
            }
            rows.push(("Outcome".to_string(), text));
            if !p.late_reason.is_empty() {
                rows.push(("Why it took longer".to_string(), p.late_reason.clone()));
            }
        }
        _ => rows.push(("Outcome".to_string(), "Not yet ended".to_string())),
    }
    PloCard {
        title: if p.is_open() {
            format!("Pre-proceedings: week {}", s.weeks + 1)
        } else {
            format!("Pre-proceedings, {} to {}", crate::time::date(p.started_on), date_or(p.ended_on, ""))
        },
        open: p.is_open(),
        past_limit_tag: s.past_limit.then(|| format!("Past {}", limit_label(policy))),
        rows,
        review_href: format!("/children/{child}/pre-proceedings/{}/review", p.pre_proceedings_id),
        end_href: format!("/children/{child}/pre-proceedings/{}/end", p.pre_proceedings_id),
        reviews: review_rows(reviews),
    }
}

fn case_card(child: PersonId, s: &CaseStatus) -> CaseCard {
    let c = &s.case;
    let mut rows = vec![
        ("Issued".to_string(), format!("{} at {}", crate::time::date(c.issued_on), c.court)),
        ("Application".to_string(), c.application.label().to_string()),
        (
            "Weeks since issue".to_string(),
            format!(
                "{} of 26{}",
                weeks_text(s.weeks),
                if c.is_open() { format!(" (26 weeks end {})", crate::time::date(s.limit_ends)) } else { String::new() }
            ),
        ),
    ];
    match (c.concluded_on, c.outcome) {
        (Some(on), Some(outcome)) => {
            rows.push(("Outcome".to_string(), format!("{}, {}", outcome.label(), crate::time::date(on))));
            if !c.late_reason.is_empty() {
                rows.push(("Why it took longer than 26 weeks".to_string(), c.late_reason.clone()));
            }
        }
        _ => rows.push(("Outcome".to_string(), "Not yet concluded".to_string())),
    }
    CaseCard {
        title: format!("Care proceedings: {}", c.application.label().to_lowercase()),
        open: c.is_open(),
        past_limit_tag: s.past_limit.then(|| "Past 26 weeks".to_string()),
        rows,
        conclude_href: format!("/children/{child}/proceedings/{}/conclude", c.proceedings_id),
    }
}

/// This area's section of the child's record.
pub async fn record_section(state: &AppState, user: &CurrentUser, child: PersonId, can_record: bool) -> Result<Markup, AppError> {
    let today = crate::time::today();
    let calendar = state.calendar().await?;
    let policy = ClockPolicy::default();
    let plos = state.store.pre_proceedings_of(child).await?;
    let cases = state.store.proceedings_of(child).await?;
    let mut plo_cards = Vec::with_capacity(plos.len());
    for p in plos {
        let reviews = state.store.pre_proceedings_reviews(p.pre_proceedings_id).await?;
        plo_cards.push(plo_card(child, &PloStatus::of(p, today, &policy, &calendar), &reviews, &policy));
    }
    let case_cards: Vec<CaseCard> = cases.into_iter().map(|c| case_card(child, &CaseStatus::of(c, today, &calendar))).collect();
    let can_record = can_record && can_record_proceedings(user.staff.role);
    let section = ProceedingsSection {
        id: child.to_string(),
        can_record,
        is_manager: can_see_service_list(user.staff.role),
        limit: limit_label(&policy),
        can_start: !plo_cards.iter().any(|p| p.open),
        can_issue: !case_cards.iter().any(|c| c.open) && !plo_cards.iter().any(|p| p.open),
        plos: plo_cards,
        cases: case_cards,
    };
    Ok(Markup(section.render()?))
}

// ----- the manager's list -----

pub struct ListRow {
    pub child_href: String,
    pub name: String,
    pub hearth_ref: String,
    pub team: String,
    pub worker: String,
    pub started: String,
    pub weeks: String,
    pub last_review: String,
    pub next_review: String,
    pub review_overdue: bool,
    pub past_limit_tag: Option<String>,
}

#[derive(Template)]
#[template(path = "pre_proceedings_list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub limit: String,
    pub past_limit: usize,
    pub rows: Vec<ListRow>,
}

pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Response, AppError> {
    require(can_see_service_list(user.staff.role), "see every child in pre-proceedings")?;
    let policy = ClockPolicy::default();
    let all = service_list(&state, crate::time::today()).await?;
    let rows: Vec<ListRow> = all
        .iter()
        .map(|s| ListRow {
            child_href: format!("/children/{}#proceedings", s.plo.child_id),
            name: s.plo.child_name.clone(),
            hearth_ref: s.plo.hearth_ref.clone(),
            team: s.plo.team_name.clone().unwrap_or_else(|| "Not allocated".to_string()),
            worker: s.plo.worker_name.clone().unwrap_or_else(|| "No worker".to_string()),
            started: crate::time::date(s.plo.started_on),
            weeks: weeks_text(s.weeks),
            last_review: date_or(s.plo.last_review_on, "None yet"),
            next_review: date_or(s.next_review_due, ""),
            review_overdue: s.review_overdue,
            past_limit_tag: s.past_limit.then(|| format!("Past {}", limit_label(&policy))),
        })
        .collect();
    let page = ListPage {
        layout: Layout::for_user(&state, &user, "Children in pre-proceedings", ""),
        limit: limit_label(&policy),
        past_limit: all.iter().filter(|s| s.past_limit).count(),
        rows,
    };
    Ok(Html(page.render()?).into_response())
}

// ----- the forms -----

#[derive(Template)]
#[template(path = "proceedings_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub heading: String,
    pub intro: String,
    pub facts: Vec<(String, String)>,
    pub action: String,
    pub button: &'static str,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

struct FormSpec {
    heading: String,
    intro: String,
    facts: Vec<(String, String)>,
    action: String,
    button: &'static str,
    fields: Vec<Markup>,
}

const WHAT: &str = "record pre-proceedings and proceedings";

/// Opens the child's record for a form (access logged, break glass asked
/// for outside the team); `Err` carries the page to show instead.
async fn open(state: &AppState, user: &CurrentUser, id: PersonId) -> Result<Result<ChildRow, Response>, AppError> {
    require(can_record_proceedings(user.staff.role), WHAT)?;
    Ok(open_record(state, user, id, "proceedings_form").await?.map(|r| ChildRow::from_item(&r.item)))
}

fn render(
    state: &AppState,
    user: &CurrentUser,
    child: ChildRow,
    id: PersonId,
    form: &FormState,
    spec: FormSpec,
) -> Result<String, AppError> {
    let page = FormPage {
        layout: Layout::for_user(state, user, &spec.heading, "search"),
        child,
        id: id.to_string(),
        heading: spec.heading,
        intro: spec.intro,
        facts: spec.facts,
        action: spec.action,
        button: spec.button,
        error_summary: components::error_summary(&form.errors),
        fields: spec.fields,
    };
    Ok(page.render()?)
}

fn respond(html: String, failed: bool) -> Response {
    if failed { (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response() } else { Html(html).into_response() }
}

/// The domain's errors, leaving out those about dates the form could not
/// read (their own message is already there).
fn add_domain_errors(form: &mut FormState, result: Result<(), FieldErrors>, unread_dates: &[&str]) {
    if let Err(errors) = result {
        form.errors.0.extend(errors.0.into_iter().filter(|e| !unread_dates.contains(&e.field.as_str())));
    }
}

/// Records the event, or puts the store's refusal on the form.
async fn save(
    state: &AppState,
    user: &CurrentUser,
    payload: EventPayload,
    on: NaiveDate,
    form: &mut FormState,
    refused_field: &str,
) -> Result<bool, AppError> {
    match state.store.append(user.staff.user_id, vec![NewEvent::new(payload, crate::time::noon_on(on))]).await {
        Ok(_) => Ok(true),
        Err(StoreError::Invalid(errors)) => {
            form.errors.0.extend(errors.0);
            Ok(false)
        }
        Err(StoreError::Refused(message)) => {
            form.errors.add(refused_field, message);
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

fn done(id: PersonId) -> Response {
    Redirect::to(&format!("/children/{id}#proceedings")).into_response()
}

const DATE_HINT: &str = "For example, 27 3 2026";

fn start_spec(id: PersonId, form: &FormState) -> FormSpec {
    FormSpec {
        heading: "Start pre-proceedings".to_string(),
        intro: format!(
            "Pre-proceedings start when the family is sent the letter before proceedings or invited to the pre-proceedings meeting, \
             after a legal planning meeting decided the threshold for proceedings is met. The local limit is {}.",
            limit_label(&ClockPolicy::default())
        ),
        facts: vec![],
        action: format!("/children/{id}/pre-proceedings/new"),
        button: "Start pre-proceedings",
        fields: vec![
            components::date_input(form, "legal_planning_meeting_on", "Date of the legal planning meeting", DATE_HINT),
            components::date_input(
                form,
                "started_on",
                "When did pre-proceedings start?",
                "The date of the letter before proceedings or the pre-proceedings meeting",
            ),
            components::textarea(
                form,
                "concerns",
                "What must change for the child",
                "The concerns as set out in the letter, and what the family has agreed to do.",
                6,
            ),
        ],
    }
}

pub async fn start_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let form = FormState::default();
    Ok(respond(render(&state, &user, child, id, &form, start_spec(id, &form))?, false))
}

pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let meeting = form.date("legal_planning_meeting_on", "the date of the legal planning meeting", true);
    let started = form.date("started_on", "the date pre-proceedings started", true);
    let event = PreProceedingsStarted {
        pre_proceedings_id: ProceedingsId::new(),
        child_id: id,
        legal_planning_meeting_on: meeting.unwrap_or(today),
        started_on: started.or(meeting).unwrap_or(today),
        concerns: form.value("concerns").trim().to_string(),
    };
    let mut unread = vec![];
    if meeting.is_none() {
        unread.push("legal_planning_meeting_on");
        unread.push("started_on");
    }
    if started.is_none() {
        unread.push("started_on");
    }
    add_domain_errors(&mut form, event.validate(today), &unread);
    if let (Some(on), false) = (started, form.has_errors())
        && save(&state, &user, EventPayload::PreProceedingsStarted(event), on, &mut form, "started_on").await?
    {
        return Ok(done(id));
    }
    Ok(respond(render(&state, &user, child, id, &form, start_spec(id, &form))?, true))
}

/// This child's pre-proceedings of that id.
async fn childs_plo(state: &AppState, child: PersonId, plo: ProceedingsId) -> Result<PreProceedingsView, AppError> {
    match state.store.pre_proceedings(plo).await? {
        Some(p) if p.child_id == child => Ok(p),
        _ => Err(AppError::NotFound),
    }
}

fn plo_facts(s: &PloStatus) -> Vec<(String, String)> {
    vec![
        ("Started".to_string(), crate::time::date(s.plo.started_on)),
        ("Weeks elapsed".to_string(), weeks_text(s.weeks)),
        ("Last panel review".to_string(), date_or(s.plo.last_review_on, "None yet")),
        ("Last day within the limit".to_string(), crate::time::date(s.limit_ends)),
    ]
}

fn review_spec(id: PersonId, s: &PloStatus, form: &FormState) -> FormSpec {
    FormSpec {
        heading: "Record a pre-proceedings review".to_string(),
        intro: "A pre-proceedings review meeting, or the legal gateway panel's review of progress.".to_string(),
        facts: plo_facts(s),
        action: format!("/children/{id}/pre-proceedings/{}/review", s.plo.pre_proceedings_id),
        button: "Record the review",
        fields: vec![
            components::date_input(form, "reviewed_on", "Date of the review", DATE_HINT),
            components::textarea(
                form,
                "progress",
                "Progress and decision",
                "What has changed, what has not, and what the panel decided.",
                6,
            ),
            components::textarea(form, "late_reason", "If the review was later than planned, why (optional)", "", 3),
        ],
    }
}

async fn plo_status(state: &AppState, id: PersonId, plo: ProceedingsId) -> Result<PloStatus, AppError> {
    let p = childs_plo(state, id, plo).await?;
    Ok(PloStatus::of(p, crate::time::today(), &ClockPolicy::default(), &state.calendar().await?))
}

pub async fn review_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plo)): Path<(PersonId, ProceedingsId)>,
) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let s = plo_status(&state, id, plo).await?;
    let form = FormState::default();
    Ok(respond(render(&state, &user, child, id, &form, review_spec(id, &s, &form))?, false))
}

pub async fn review(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plo)): Path<(PersonId, ProceedingsId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let s = plo_status(&state, id, plo).await?;
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let reviewed_on = form.date("reviewed_on", "the date of the review", true);
    let event = PreProceedingsReviewed {
        review_id: MeetingId::new(),
        pre_proceedings_id: plo,
        child_id: id,
        reviewed_on: reviewed_on.unwrap_or(today),
        progress: form.value("progress").trim().to_string(),
        late_reason: form.value("late_reason").trim().to_string(),
    };
    add_domain_errors(&mut form, event.validate(today), if reviewed_on.is_none() { &["reviewed_on"] } else { &[] });
    if let (Some(on), false) = (reviewed_on, form.has_errors())
        && save(&state, &user, EventPayload::PreProceedingsReviewed(event), on, &mut form, "reviewed_on").await?
    {
        return Ok(done(id));
    }
    Ok(respond(render(&state, &user, child, id, &form, review_spec(id, &s, &form))?, true))
}

fn end_spec(id: PersonId, s: &PloStatus, form: &FormState) -> FormSpec {
    let outcomes = components::options(PreProceedingsOutcome::ALL, PreProceedingsOutcome::code, |o| o.label().to_string());
    FormSpec {
        heading: "End pre-proceedings".to_string(),
        intro: "If proceedings are being issued, end pre-proceedings here first with the outcome \"Care proceedings issued\", then issue the proceedings.".to_string(),
        facts: plo_facts(s),
        action: format!("/children/{id}/pre-proceedings/{}/end", s.plo.pre_proceedings_id),
        button: "End pre-proceedings",
        fields: vec![
            components::date_input(form, "ended_on", "When did pre-proceedings end?", DATE_HINT),
            components::radios(form, "outcome", "Outcome", "", &outcomes, false),
            components::textarea(form, "detail", "Detail", "What was decided and why. Needed for another outcome.", 4),
            components::textarea(
                form,
                "late_reason",
                "Why pre-proceedings took longer than the limit",
                &format!(
                    "Needed if they end after {} ({} from the start).",
                    crate::time::date(s.limit_ends),
                    limit_label(&ClockPolicy::default())
                ),
                4,
            ),
        ],
    }
}

pub async fn end_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plo)): Path<(PersonId, ProceedingsId)>,
) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let s = plo_status(&state, id, plo).await?;
    let form = FormState::default();
    Ok(respond(render(&state, &user, child, id, &form, end_spec(id, &s, &form))?, false))
}

pub async fn end(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plo)): Path<(PersonId, ProceedingsId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let s = plo_status(&state, id, plo).await?;
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let ended_on = form.date("ended_on", "the date pre-proceedings ended", true);
    let outcome = PreProceedingsOutcome::from_code(form.value("outcome"));
    if outcome.is_none() {
        form.errors.add("outcome", "Choose the outcome of pre-proceedings");
    }
    // With no outcome chosen the rest is still checked, so every problem
    // shows at once; nothing is saved until the outcome is chosen.
    let event = PreProceedingsEnded {
        pre_proceedings_id: plo,
        child_id: id,
        ended_on: ended_on.unwrap_or(today),
        outcome: outcome.unwrap_or(PreProceedingsOutcome::SteppedDown),
        detail: form.value("detail").trim().to_string(),
        late_reason: form.value("late_reason").trim().to_string(),
    };
    add_domain_errors(&mut form, event.validate(today), if ended_on.is_none() { &["ended_on"] } else { &[] });
    if let Some(on) = ended_on {
        // Checked here as well as in the store, so the late reason's error shows with the others.
        add_domain_errors(&mut form, event.check_against(s.plo.started_on, &ClockPolicy::default(), &state.calendar().await?), &[]);
        if !form.has_errors() && save(&state, &user, EventPayload::PreProceedingsEnded(event), on, &mut form, "ended_on").await? {
            return Ok(done(id));
        }
    }
    Ok(respond(render(&state, &user, child, id, &form, end_spec(id, &s, &form))?, true))
}

fn issue_spec(id: PersonId, plos: &[PreProceedingsView], form: &FormState) -> FormSpec {
    let applications = components::options(OrderApplication::ALL, OrderApplication::code, |o| o.label().to_string());
    let mut links = vec![(String::new(), "None: proceedings issued without pre-proceedings".to_string())];
    links.extend(plos.iter().filter(|p| !p.is_open()).map(|p| {
        (
            p.pre_proceedings_id.to_string(),
            format!(
                "Pre-proceedings started {}, ended {}{}",
                crate::time::date(p.started_on),
                date_or(p.ended_on, ""),
                p.outcome.map(|o| format!(" ({})", o.label().to_lowercase())).unwrap_or_default()
            ),
        )
    }));
    FormSpec {
        heading: "Issue care proceedings".to_string(),
        intro: "The 26 weeks run from the day the application is issued at court, that day included.".to_string(),
        facts: vec![],
        action: format!("/children/{id}/proceedings/new"),
        button: "Record the proceedings",
        fields: vec![
            components::radios(form, "application", "What is applied for?", "", &applications, false),
            components::text_input(form, "court", "Court", Input { hint: "For example, Hearthton Family Court", ..Input::default() }),
            components::date_input(form, "issued_on", "When was the application issued?", DATE_HINT),
            components::select(
                form,
                "pre_proceedings_id",
                "The pre-proceedings that led to them",
                "End the pre-proceedings first if they are still open",
                &links,
            ),
        ],
    }
}

/// The pre-proceedings to offer as the link: the latest that ended with
/// proceedings issued, if nothing was chosen.
fn default_link(form: &mut FormState, plos: &[PreProceedingsView]) {
    if let Some(p) = plos.iter().find(|p| p.outcome == Some(PreProceedingsOutcome::ProceedingsIssued)) {
        form.set("pre_proceedings_id", p.pre_proceedings_id.to_string());
    }
}

pub async fn issue_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let plos = state.store.pre_proceedings_of(id).await?;
    let mut form = FormState::default();
    default_link(&mut form, &plos);
    Ok(respond(render(&state, &user, child, id, &form, issue_spec(id, &plos, &form))?, false))
}

pub async fn issue(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let plos = state.store.pre_proceedings_of(id).await?;
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let application = OrderApplication::from_code(form.value("application"));
    if application.is_none() {
        form.errors.add("application", "Choose what is applied for");
    }
    let issued_on = form.date("issued_on", "the date the application was issued", true);
    let link = match form.trimmed("pre_proceedings_id") {
        None => None,
        Some(raw) => match raw.parse::<ProceedingsId>() {
            Ok(p) => Some(p),
            Err(_) => {
                form.errors.add("pre_proceedings_id", "Choose pre-proceedings from the list");
                None
            }
        },
    };
    let event = ProceedingsIssued {
        proceedings_id: ProceedingsId::new(),
        child_id: id,
        pre_proceedings_id: link,
        issued_on: issued_on.unwrap_or(today),
        // Not saved without a choice (its error is already on the form).
        application: application.unwrap_or(OrderApplication::CareOrder),
        court: form.value("court").trim().to_string(),
    };
    add_domain_errors(&mut form, event.validate(today), if issued_on.is_none() { &["issued_on"] } else { &[] });
    if let (Some(on), false) = (issued_on, form.has_errors())
        && save(&state, &user, EventPayload::ProceedingsIssued(event), on, &mut form, "pre_proceedings_id").await?
    {
        return Ok(done(id));
    }
    Ok(respond(render(&state, &user, child, id, &form, issue_spec(id, &plos, &form))?, true))
}

async fn case_status(state: &AppState, child: PersonId, case: ProceedingsId) -> Result<CaseStatus, AppError> {
    match state.store.proceedings(case).await? {
        Some(c) if c.child_id == child => Ok(CaseStatus::of(c, crate::time::today(), &state.calendar().await?)),
        _ => Err(AppError::NotFound),
    }
}

fn conclude_spec(id: PersonId, s: &CaseStatus, form: &FormState) -> FormSpec {
    let outcomes = components::options(ProceedingsOutcome::ALL, ProceedingsOutcome::code, |o| o.label().to_string());
    FormSpec {
        heading: "Record the conclusion of proceedings".to_string(),
        intro: "The final hearing's outcome, or the application's withdrawal.".to_string(),
        facts: vec![
            ("Issued".to_string(), format!("{} at {}", crate::time::date(s.case.issued_on), s.case.court)),
            ("Weeks since issue".to_string(), format!("{} of 26", weeks_text(s.weeks))),
            ("The 26 weeks end".to_string(), crate::time::date(s.limit_ends)),
        ],
        action: format!("/children/{id}/proceedings/{}/conclude", s.case.proceedings_id),
        button: "Record the conclusion",
        fields: vec![
            components::date_input(form, "concluded_on", "When did the proceedings conclude?", DATE_HINT),
            components::radios(form, "outcome", "Outcome", "", &outcomes, false),
            components::textarea(
                form,
                "late_reason",
                "Why the proceedings took longer than 26 weeks",
                &format!("Needed if they concluded after {}: the court's reasons for extending.", crate::time::date(s.limit_ends)),
                4,
            ),
        ],
    }
}

pub async fn conclude_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, case)): Path<(PersonId, ProceedingsId)>,
) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let s = case_status(&state, id, case).await?;
    let form = FormState::default();
    Ok(respond(render(&state, &user, child, id, &form, conclude_spec(id, &s, &form))?, false))
}

pub async fn conclude(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, case)): Path<(PersonId, ProceedingsId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let child = match open(&state, &user, id).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let s = case_status(&state, id, case).await?;
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let concluded_on = form.date("concluded_on", "the date the proceedings concluded", true);
    let outcome = ProceedingsOutcome::from_code(form.value("outcome"));
    if outcome.is_none() {
        form.errors.add("outcome", "Choose the outcome of the proceedings");
    }
    let event = ProceedingsConcluded {
        proceedings_id: case,
        child_id: id,
        concluded_on: concluded_on.unwrap_or(today),
        // Not saved without a choice (its error is already on the form).
        outcome: outcome.unwrap_or(ProceedingsOutcome::NoOrder),
        late_reason: form.value("late_reason").trim().to_string(),
    };
    add_domain_errors(&mut form, event.validate(today), if concluded_on.is_none() { &["concluded_on"] } else { &[] });
    if let Some(on) = concluded_on {
        add_domain_errors(&mut form, event.check_against(s.case.issued_on, &state.calendar().await?), &[]);
        if !form.has_errors() && save(&state, &user, EventPayload::ProceedingsConcluded(event), on, &mut form, "concluded_on").await? {
            return Ok(done(id));
        }
    }
    Ok(respond(render(&state, &user, child, id, &form, conclude_spec(id, &s, &form))?, true))
}
