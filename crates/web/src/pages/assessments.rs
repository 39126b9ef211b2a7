//! Child and family assessments, child in need plans and visits (issue 4;
//! F16, F17, F20): the record's section, starting an assessment (pre-birth
//! included), the worker's assessment form with the information gathered
//! kept apart from the analysis, the manager's authorise-or-return page,
//! child in need plans with their reviews and end, and recording a visit.

use super::child_record::open_record;
use super::home::ChildRow;
use super::{Layout, can_record, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup, Input, esc};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::NaiveDate;
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::assessment::{Assessment, AssessmentOutcome, parse_factor_codes};
use hearth_domain::calendar::Calendar;
use hearth_domain::child_protection::ChildProtectionVisit;
use hearth_domain::codes::AssessmentFactor;
use hearth_domain::events::{
    AssessmentAuthorised, AssessmentProgressSaved, AssessmentReturned, AssessmentStarted, AssessmentSubmitted, ChildVisited, CinPlanEnded,
    CinPlanReviewed, CinPlanStarted, EventPayload, NewEvent,
};
use hearth_domain::ids::{AssessmentId, MeetingId, PersonId, PlanId, ReferralId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::assessments::{AssessmentStatus, AssessmentView, CinPlanView};
use hearth_store::children::ChildRecord;

/// This area's routes, merged into the router in `lib.rs`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/assessments/new", get(start_form).post(start))
        .route("/assessments/{id}", get(assessment_form).post(save_assessment))
        .route("/assessments/{id}/authorise", get(authorise_form).post(authorise))
        .route("/children/{id}/cin-plans/new", get(plan_form).post(start_plan))
        .route("/cin-plans/{id}/review", get(review_form).post(review_plan))
        .route("/cin-plans/{id}/end", get(end_form).post(end_plan))
        .route("/children/{id}/visits/new", get(visit_form).post(record_visit))
}

// ---------------------------------------------------------------- shared

/// A button on a form; `value` is sent as `button`.
pub struct Button {
    pub value: &'static str,
    pub label: &'static str,
    pub secondary: bool,
}

#[derive(Template)]
#[template(path = "assessment_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub heading: String,
    pub intro: Vec<String>,
    /// Read-only content above the form (the record a manager is authorising).
    pub before: Markup,
    pub action: String,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
    pub buttons: Vec<Button>,
    pub cancel: String,
}

struct Page {
    heading: String,
    intro: Vec<String>,
    before: Markup,
    action: String,
    fields: Vec<Markup>,
    buttons: Vec<Button>,
    cancel: String,
}

fn render(state: &AppState, user: &CurrentUser, record: &ChildRecord, form: &FormState, page: Page) -> Result<String, AppError> {
    let p = FormPage {
        layout: Layout::for_user(state, user, &page.heading, "search"),
        child: ChildRow::from_item(&record.item),
        heading: page.heading,
        intro: page.intro,
        before: page.before,
        action: page.action,
        error_summary: components::error_summary(&form.errors),
        fields: page.fields,
        buttons: page.buttons,
        cancel: page.cancel,
    };
    Ok(p.render()?)
}

fn one_button(label: &'static str) -> Vec<Button> {
    vec![Button { value: "save", label, secondary: false }]
}

fn record_href(child: PersonId, anchor: &str) -> String {
    format!("/children/{child}#{anchor}")
}

fn invalid_page(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

/// Adds the domain's errors for fields that have none yet (a date already
/// reported as unreadable is not reported again as missing).
fn merge(form: &mut FormState, errors: FieldErrors, rename: &[(&str, &str)]) {
    for e in errors.0 {
        let field = rename.iter().find(|(from, _)| *from == e.field).map(|(_, to)| (*to).to_string()).unwrap_or(e.field);
        if form.error(&field).is_none() {
            form.errors.add(field, e.message);
        }
    }
}

/// Records the events; field errors and refusals come back onto the form.
async fn append(
    state: &AppState,
    user: &CurrentUser,
    events: Vec<NewEvent>,
    form: &mut FormState,
    refusal_field: &str,
) -> Result<bool, AppError> {
    match state.store.append(user.staff.user_id, events).await {
        Ok(_) => Ok(true),
        Err(StoreError::Invalid(errors)) => {
            merge(form, errors, &[("owner", "owner_name")]);
            Ok(false)
        }
        Err(StoreError::Refused(message)) => {
            form.errors.add(refusal_field, message);
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

fn set_date(form: &mut FormState, name: &str, d: NaiveDate) {
    use chrono::Datelike;
    form.set(&format!("{name}-day"), d.day().to_string());
    form.set(&format!("{name}-month"), d.month().to_string());
    form.set(&format!("{name}-year"), d.year().to_string());
}

fn yes_no() -> Vec<(String, String)> {
    vec![("yes".to_string(), "Yes".to_string()), ("no".to_string(), "No".to_string())]
}

fn yes_no_value(form: &FormState, name: &str) -> Option<bool> {
    match form.value(name) {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn due_on(a: &AssessmentView, calendar: &Calendar) -> NaiveDate {
    a.as_domain().due_on(calendar)
}

/// The child's open referral (a child has at most one open at a time).
async fn open_referral(state: &AppState, child: PersonId) -> Result<Option<(ReferralId, NaiveDate)>, AppError> {
    Ok(state.store.referrals_of(child).await?.into_iter().find(|r| r.closed_on.is_none()).map(|r| (r.referral_id, r.referral_date)))
}

fn unborn_due(record: &ChildRecord) -> Option<NaiveDate> {
    match (record.item.date_of_birth, record.item.expected_date_of_birth) {
        (None, Some(expected)) => Some(expected),
        _ => None,
    }
}

fn weeks_until(expected: NaiveDate, today: NaiveDate) -> String {
    let days = (expected - today).num_days();
    match days {
        d if d < 0 => format!("the expected date of delivery, {}, has passed: record the birth", crate::time::date(expected)),
        d if d < 7 => format!("the baby is due on {}, within a week", crate::time::date(expected)),
        d => format!("the baby is due on {}, in {} weeks", crate::time::date(expected), d / 7),
    }
}

// ---------------------------------------------------------------- the record's section

struct AssessmentRow {
    started: String,
    note: String,
    status: &'static str,
    due: String,
    timeliness: &'static str,
    tag_class: &'static str,
    late_reason: String,
    href: String,
    link_text: &'static str,
    authorise_href: Option<String>,
}

struct PlanRow {
    started: String,
    ended: Option<String>,
    end_reason: Option<String>,
    plan_text: String,
    visit_every: u32,
    visits_done: String,
    next_visit: String,
    visit_overdue: bool,
    review_every: u32,
    reviews_done: String,
    next_review: String,
    review_overdue: bool,
    actions: Vec<String>,
    review_href: String,
    end_href: String,
}

struct VisitRow {
    date: String,
    plan: &'static str,
    seen: &'static str,
}

#[derive(Template)]
#[template(path = "assessment_section.html")]
struct Section {
    can_record: bool,
    pre_birth: Option<String>,
    rows: Vec<AssessmentRow>,
    start_href: Option<String>,
    plans: Vec<PlanRow>,
    start_plan_href: Option<String>,
    visit_href: Option<String>,
    visits: Vec<VisitRow>,
}

fn timeliness(a: &AssessmentView, today: NaiveDate, calendar: &Calendar) -> (&'static str, &'static str) {
    let late = a.as_domain().is_late(today, calendar);
    match (a.status, late) {
        (AssessmentStatus::Authorised, false) => ("On time", "govuk-tag govuk-tag--green"),
        (AssessmentStatus::Authorised, true) => ("Late", "govuk-tag govuk-tag--red"),
        (_, true) => ("Overdue", "govuk-tag govuk-tag--red"),
        (_, false) => ("", ""),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

fn plan_row(p: &CinPlanView, today: NaiveDate) -> PlanRow {
    let last_visit = p.visits.iter().map(|v| v.visited_on).max();
    let visits_done = match last_visit {
        Some(d) => format!("{} so far; the last on {}.", plural(p.visits.len(), "visit", "visits"), crate::time::date(d)),
        None => "No visits yet.".to_string(),
    };
    let reviews_done = match p.reviews.iter().map(|r| r.reviewed_on).max() {
        Some(d) => format!("{} so far; the last on {}.", plural(p.reviews.len(), "review", "reviews"), crate::time::date(d)),
        None => "No reviews yet.".to_string(),
    };
    PlanRow {
        started: crate::time::date(p.started_on),
        ended: p.ended_on.map(crate::time::date),
        end_reason: p.end_reason.clone(),
        plan_text: p.plan_text.clone(),
        visit_every: p.visit_every_days,
        visits_done,
        next_visit: crate::time::date(p.next_visit_due()),
        visit_overdue: p.next_visit_due() < today,
        review_every: p.review_every_months,
        reviews_done,
        next_review: crate::time::date(p.next_review_due()),
        review_overdue: p.next_review_due() < today,
        actions: p
            .actions
            .iter()
            .map(|a| format!("{}: {}, by {} ({})", a.description, a.owner, crate::time::date(a.due_on), a.status.replace('_', " ")))
            .collect(),
        review_href: format!("/cin-plans/{}/review", p.plan_id),
        end_href: format!("/cin-plans/{}/end", p.plan_id),
    }
}

/// This area's section of the child's record.
pub async fn record_section(state: &AppState, user: &CurrentUser, child: PersonId, can_record: bool) -> Result<Markup, AppError> {
    let today = crate::time::today();
    let calendar = state.calendar().await?;
    let assessments = state.store.assessments_of(child).await?;
    let is_manager = user.staff.role.is_manager();
    let rows = assessments
        .iter()
        .map(|a| {
            let (timeliness, tag_class) = timeliness(a, today, &calendar);
            let note = match (a.expected_birth_on, a.returned_reason.as_ref(), a.status) {
                (_, Some(r), AssessmentStatus::InProgress) => format!("Returned by the manager: {r}"),
                (Some(e), _, _) => format!("Pre-birth assessment; baby due {}", crate::time::date(e)),
                _ => String::new(),
            };
            AssessmentRow {
                started: crate::time::date(a.started_on),
                note,
                status: a.status.label(),
                due: crate::time::date(due_on(a, &calendar)),
                timeliness,
                tag_class,
                late_reason: a.late_reason.clone(),
                href: format!("/assessments/{}", a.assessment_id),
                link_text: if can_record && a.is_open() { "Continue" } else { "View" },
                authorise_href: (is_manager && a.status == AssessmentStatus::Submitted)
                    .then(|| format!("/assessments/{}/authorise", a.assessment_id)),
            }
        })
        .collect();
    let referral = open_referral(state, child).await?;
    let start_href = match referral {
        Some((r, _)) if can_record && !assessments.iter().any(|a| a.referral_id == r && a.is_open()) => {
            Some(format!("/children/{child}/assessments/new"))
        }
        _ => None,
    };
    let plans = state.store.cin_plans_of(child).await?;
    let start_plan_href = (can_record
        && referral.is_some()
        && !plans.iter().any(CinPlanView::is_open)
        && state.store.plan_open_on(child, today).await?.is_none())
    .then(|| format!("/children/{child}/cin-plans/new"));
    let visits = state.store.visits_of(child).await?;
    let record = state.store.child_record(child).await?;
    let pre_birth = record.as_ref().and_then(unborn_due).map(|e| format!("Unborn child: {}.", weeks_until(e, today)));
    if rows_empty(&assessments, &plans, &visits) && start_href.is_none() && start_plan_href.is_none() && pre_birth.is_none() {
        // Nothing to show and nothing to start: a child never referred.
        return Ok(Markup::default());
    }
    let section = Section {
        can_record,
        pre_birth,
        rows,
        start_href,
        plans: plans.iter().map(|p| plan_row(p, today)).collect(),
        start_plan_href,
        visit_href: can_record.then(|| format!("/children/{child}/visits/new")),
        visits: visits
            .iter()
            .take(10)
            .map(|v| VisitRow {
                date: crate::time::date(v.visited_on),
                plan: match v.plan_kind.as_deref() {
                    Some("cp") => "Child protection plan",
                    Some("cin") => "Child in need plan",
                    _ => "No plan open",
                },
                seen: match (v.child_seen, v.child_seen_alone) {
                    (Some(true), Some(true)) => "Seen alone",
                    (Some(true), _) => "Seen, not alone",
                    _ => "Not seen",
                },
            })
            .collect(),
    };
    Ok(Markup(section.render()?))
}

fn rows_empty<A, B, C>(a: &[A], b: &[B], c: &[C]) -> bool {
    a.is_empty() && b.is_empty() && c.is_empty()
}

// ---------------------------------------------------------------- starting an assessment

fn start_page(record: &ChildRecord, referral: Option<(ReferralId, NaiveDate)>, form: &FormState) -> Page {
    let child = record.item.person_id;
    let mut intro = vec![match referral {
        Some((_, on)) => {
            format!("The assessment is under the referral of {}. It is due 45 working days after the referral date.", crate::time::date(on))
        }
        None => "The child has no open referral: an assessment is started under an open referral.".to_string(),
    }];
    let mut fields = vec![components::date_input(form, "started_on", "When did the assessment start?", "For example, 27 3 2026")];
    if let Some(expected) = unborn_due(record) {
        intro.push(format!("This is a pre-birth assessment: {}.", weeks_until(expected, crate::time::today())));
        fields.push(components::date_input(
            form,
            "expected_birth_on",
            "Expected date of delivery",
            "From the midwife or the maternity record; the plan for the baby is made against it",
        ));
    }
    Page {
        heading: "Start a child and family assessment".to_string(),
        intro,
        before: Markup::default(),
        action: format!("/children/{child}/assessments/new"),
        fields,
        buttons: one_button("Start the assessment"),
        cancel: record_href(child, "assessments"),
    }
}

pub async fn start_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "start assessments")?;
    let record = match open_record(&state, &user, id, "assessment_start").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::default();
    set_date(&mut form, "started_on", crate::time::today());
    if let Some(expected) = unborn_due(&record) {
        set_date(&mut form, "expected_birth_on", expected);
    }
    let referral = open_referral(&state, id).await?;
    Ok(Html(render(&state, &user, &record, &form, start_page(&record, referral, &form))?).into_response())
}

pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "start assessments")?;
    let record = match open_record(&state, &user, id, "assessment_start").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let referral = open_referral(&state, id).await?;
    let started_on = form.date("started_on", "the date the assessment started", true);
    let expected_birth_on =
        if unborn_due(&record).is_some() { form.date("expected_birth_on", "the expected date of delivery", true) } else { None };
    if referral.is_none() {
        form.errors.add("started_on", "The child has no open referral: an assessment can only be started under an open referral");
    }
    if let (Some((referral_id, referral_on)), Some(started_on)) = (referral, started_on) {
        let event =
            AssessmentStarted { assessment_id: AssessmentId::new(), child_id: id, referral_id, referral_on, started_on, expected_birth_on };
        if let Err(errors) = event.validate(crate::time::today()) {
            merge(&mut form, errors, &[]);
        }
        if !form.has_errors() {
            let assessment = event.assessment_id;
            let events = vec![NewEvent::new(EventPayload::AssessmentStarted(event), crate::time::noon_on(started_on))];
            if append(&state, &user, events, &mut form, "started_on").await? {
                return Ok(Redirect::to(&format!("/assessments/{assessment}")).into_response());
            }
        }
    }
    Ok(invalid_page(render(&state, &user, &record, &form, start_page(&record, referral, &form))?))
}

// ---------------------------------------------------------------- the worker's assessment form

fn factor_options() -> Vec<(String, String)> {
    AssessmentFactor::ALL.iter().map(|f| (f.code().to_string(), format!("{} {}", f.code(), f.description()))).collect()
}

fn outcome_options() -> Vec<(String, String)> {
    components::options(AssessmentOutcome::ALL, AssessmentOutcome::code, |o| o.label().to_string())
}

fn form_from(a: &AssessmentView) -> FormState {
    let mut form = FormState::default();
    form.set("information_gathered", a.information_gathered.clone());
    form.set("analysis", a.analysis.clone());
    form.set("childs_views", a.childs_views.clone());
    form.set("childs_views_not_obtained_reason", a.childs_views_not_obtained_reason.clone());
    form.set("factors", a.factors.iter().map(|f| f.code()).collect::<Vec<_>>().join(","));
    form.set("outcome", a.outcome.map(|o| o.code()).unwrap_or_default());
    if let Some(c) = a.completed_on {
        set_date(&mut form, "completed_on", c);
    }
    form.set("late_reason", a.late_reason.clone());
    form
}

fn summary_row(key: &str, value: &str) -> String {
    let value = if value.trim().is_empty() { "Not recorded".to_string() } else { esc(value).replace('\n', "<br>") };
    format!(
        r#"<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt><dd class="govuk-summary-list__value">{value}</dd></div>"#,
        esc(key)
    )
}

/// The assessment as a summary list: what a manager reads before deciding.
fn summary(a: &AssessmentView, calendar: &Calendar) -> Markup {
    let due = due_on(a, calendar);
    let date_or = |d: Option<NaiveDate>| d.map(crate::time::date).unwrap_or_default();
    let factors = a.factors.iter().map(|f| format!("{} {}", f.code(), f.description())).collect::<Vec<_>>().join("\n");
    let rows = [
        summary_row("Status", a.status.label()),
        summary_row("Referral", &crate::time::date(a.referral_on)),
        summary_row("Started", &crate::time::date(a.started_on)),
        summary_row("Due by", &format!("{} (45 working days from the referral)", crate::time::date(due))),
        summary_row("Completed", &date_or(a.completed_on)),
        summary_row("Submitted by", a.submitted_by_name.as_deref().unwrap_or_default()),
        summary_row("Information gathered", &a.information_gathered),
        summary_row("Analysis", &a.analysis),
        summary_row("The child's views", &a.childs_views),
        summary_row("Why the child's views were not gathered", &a.childs_views_not_obtained_reason),
        summary_row("Factors identified", &factors),
        summary_row("Outcome", a.outcome.map(|o| o.label()).unwrap_or_default()),
        summary_row("Reason it is late", &a.late_reason),
        summary_row(
            "Authorised",
            &a.authorised_on
                .map(|d| format!("{} by {}", crate::time::date(d), a.authorised_by_name.clone().unwrap_or_default()))
                .unwrap_or_default(),
        ),
        summary_row("Manager's comment", &a.manager_comment),
    ];
    Markup(format!(r#"<dl class="govuk-summary-list govuk-!-margin-bottom-9">{}</dl>"#, rows.concat()))
}

fn assessment_page(a: &AssessmentView, calendar: &Calendar, form: &FormState, editable: bool) -> Page {
    let due = due_on(a, calendar);
    let mut intro = vec![format!(
        "Started {} under the referral of {}. Due by {}: 45 working days from the referral.",
        crate::time::date(a.started_on),
        crate::time::date(a.referral_on),
        crate::time::date(due)
    )];
    if let (Some(reason), AssessmentStatus::InProgress) = (&a.returned_reason, a.status) {
        intro.push(format!("Returned by the manager: {reason}"));
    }
    if a.status == AssessmentStatus::Submitted {
        intro.push("Submitted for authorisation. Saving changes takes it back from the manager until you submit it again.".to_string());
    }
    let (fields, buttons, before) = if editable {
        let fields = vec![
            components::textarea(
                form,
                "information_gathered",
                "Information gathered",
                "What you found out and from whom: the family, the child, other agencies and records.",
                8,
            ),
            components::textarea(
                form,
                "analysis",
                "Analysis",
                "What the information means for the child's safety and needs: the risks, the strengths, and why. Not a repeat of the information.",
                8,
            ),
            components::textarea(
                form,
                "childs_views",
                "The child's views",
                "What the child said, in their words, or what you saw of a baby or a child who cannot say.",
                5,
            ),
            components::textarea(form, "childs_views_not_obtained_reason", "If the child's views could not be gathered, why not", "", 3),
            components::checkboxes(
                form,
                "factors",
                "Factors identified at assessment",
                "The children in need census factors. If there are none, select \"21 No factors identified\" on its own.",
                &factor_options(),
            ),
            components::radios(form, "outcome", "Outcome of the assessment", "", &outcome_options(), false),
            components::date_input(
                form,
                "completed_on",
                "Date the assessment was completed",
                "Needed to submit it for authorisation. For example, 27 3 2026",
            ),
            components::textarea(
                form,
                "late_reason",
                "If the assessment is late, why",
                &format!("It is due by {}. A reason is needed when it is completed or authorised after that.", crate::time::date(due)),
                3,
            ),
        ];
        let buttons = vec![
            Button { value: "submit", label: "Submit for authorisation", secondary: false },
            Button { value: "save", label: "Save progress", secondary: true },
        ];
        (fields, buttons, Markup::default())
    } else {
        (Vec::new(), Vec::new(), summary(a, calendar))
    };
    Page {
        heading: if a.expected_birth_on.is_some() { "Pre-birth assessment".to_string() } else { "Child and family assessment".to_string() },
        intro,
        before,
        action: format!("/assessments/{}", a.assessment_id),
        fields,
        buttons,
        cancel: record_href(a.child_id, "assessments"),
    }
}

async fn load(state: &AppState, raw: &str) -> Result<AssessmentView, AppError> {
    let id: AssessmentId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.store.assessment(id).await?.ok_or(AppError::NotFound)
}

pub async fn assessment_form(State(state): State<AppState>, user: CurrentUser, Path(raw): Path<String>) -> Result<Response, AppError> {
    let a = load(&state, &raw).await?;
    let record = match open_record(&state, &user, a.child_id, "assessment").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let calendar = state.calendar().await?;
    let editable = can_record(user.staff.role) && a.is_open();
    let form = form_from(&a);
    Ok(Html(render(&state, &user, &record, &form, assessment_page(&a, &calendar, &form, editable))?).into_response())
}

/// The assessment as the worker's form describes it; errors go on the form.
fn assessment_from_form(form: &mut FormState, a: &AssessmentView, submitting: bool) -> Assessment {
    let codes: Vec<&str> = form.value("factors").split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
    let factors = match parse_factor_codes(&codes) {
        Ok(f) => f,
        Err(errors) => {
            form.errors.0.extend(errors.0);
            Vec::new()
        }
    };
    let outcome = match form.value("outcome") {
        "" => None,
        code => {
            let o = AssessmentOutcome::from_code(code);
            if o.is_none() {
                form.errors.add("outcome", "Select the outcome of the assessment from the list");
            }
            o
        }
    };
    let completed_on = form.date("completed_on", "the date the assessment was completed", submitting);
    Assessment {
        referral_on: a.referral_on,
        started_on: Some(a.started_on),
        information_gathered: form.value("information_gathered").trim().to_string(),
        analysis: form.value("analysis").trim().to_string(),
        childs_views: form.value("childs_views").trim().to_string(),
        childs_views_not_obtained_reason: form.value("childs_views_not_obtained_reason").trim().to_string(),
        factors,
        outcome,
        completed_on,
        authorised_by: None,
        authorised_on: None,
        late_reason: form.value("late_reason").trim().to_string(),
    }
}

pub async fn save_assessment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record assessments")?;
    let a = load(&state, &raw).await?;
    let record = match open_record(&state, &user, a.child_id, "assessment").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let calendar = state.calendar().await?;
    let mut form = FormState::from_pairs(pairs);
    let submitting = form.value("button") == "submit";
    let assessment = assessment_from_form(&mut form, &a, submitting);
    let today = crate::time::today();
    let payload = if submitting {
        let e = AssessmentSubmitted { assessment_id: a.assessment_id, child_id: a.child_id, assessment };
        merge(&mut form, submission_errors(&e, today), &[]);
        // Completed after the due date, it will be authorised late: the
        // worker knows why, so the reason is asked for now.
        let due = due_on(&a, &calendar);
        if e.assessment.completed_on.is_some_and(|c| c > due) && e.assessment.late_reason.is_empty() && form.error("late_reason").is_none()
        {
            form.errors.add(
                "late_reason",
                format!(
                    "Enter why the assessment took more than 45 working days from the referral (it was due by {})",
                    crate::time::date(due)
                ),
            );
        }
        EventPayload::AssessmentSubmitted(e)
    } else {
        let e = AssessmentProgressSaved { assessment_id: a.assessment_id, child_id: a.child_id, assessment };
        if let Err(errors) = e.validate(today) {
            merge(&mut form, errors, &[]);
        }
        EventPayload::AssessmentProgressSaved(e)
    };
    if !form.has_errors()
        && append(&state, &user, vec![NewEvent::new(payload, crate::time::noon_on(today))], &mut form, "information_gathered").await?
    {
        let flag = if submitting { "submitted" } else { "saved" };
        return Ok(Redirect::to(&format!("/children/{}?assessment={flag}#assessments", a.child_id)).into_response());
    }
    Ok(invalid_page(render(&state, &user, &record, &form, assessment_page(&a, &calendar, &form, true))?))
}

/// Everything a submission lacks, at once. The domain checks the rest of
/// the record only once a completion date is given, so without one it is
/// checked as if completed on its start date (the missing date is reported
/// as itself).
pub(crate) fn submission_errors(e: &AssessmentSubmitted, today: NaiveDate) -> FieldErrors {
    let mut errors = e.validate(today).err().unwrap_or_default();
    if e.assessment.completed_on.is_none() {
        let dated = Assessment { completed_on: e.assessment.started_on, ..e.assessment.clone() };
        let check = AssessmentSubmitted { assessment: dated, ..e.clone() };
        if let Err(more) = check.validate(today) {
            errors.0.extend(more.0.into_iter().filter(|m| m.field != "completed_on"));
        }
    }
    errors
}

// ---------------------------------------------------------------- the manager's decision

fn decision_page(a: &AssessmentView, calendar: &Calendar, form: &FormState) -> Page {
    let due = due_on(a, calendar);
    let decisions = vec![
        ("authorise".to_string(), "Authorise the assessment".to_string()),
        ("return".to_string(), "Return it to the worker".to_string()),
    ];
    Page {
        heading: "Authorise or return the assessment".to_string(),
        intro: vec![format!("Read the assessment, then decide. It was due by {}.", crate::time::date(due))],
        before: summary(a, calendar),
        action: format!("/assessments/{}/authorise", a.assessment_id),
        fields: vec![
            components::radios(form, "decision", "What is your decision?", "", &decisions, false),
            components::date_input(
                form,
                "authorised_on",
                "If authorising, the date you authorised it",
                "The assessment's timescale is measured to this date",
            ),
            components::textarea(
                form,
                "late_reason",
                "If it is late, why",
                "Needed when authorised after the due date and the worker gave no reason; yours replaces theirs.",
                3,
            ),
            components::textarea(form, "manager_comment", "Your comment", "Optional when authorising", 3),
            components::textarea(form, "return_reason", "If returning it, what the worker needs to add or change", "", 4),
        ],
        buttons: one_button("Record the decision"),
        cancel: record_href(a.child_id, "assessments"),
    }
}

async fn manager_page(
    state: &AppState,
    user: &CurrentUser,
    raw: &str,
) -> Result<Result<(AssessmentView, ChildRecord), Response>, AppError> {
    require(user.staff.role.is_manager(), "authorise assessments")?;
    let a = load(state, raw).await?;
    let record = match open_record(state, user, a.child_id, "assessment_authorise").await? {
        Ok(r) => r,
        Err(page) => return Ok(Err(page)),
    };
    if a.status != AssessmentStatus::Submitted {
        // Nothing to decide: show the assessment as it stands.
        return Ok(Err(Redirect::to(&format!("/assessments/{}", a.assessment_id)).into_response()));
    }
    Ok(Ok((a, record)))
}

pub async fn authorise_form(State(state): State<AppState>, user: CurrentUser, Path(raw): Path<String>) -> Result<Response, AppError> {
    let (a, record) = match manager_page(&state, &user, &raw).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let calendar = state.calendar().await?;
    let mut form = FormState::default();
    set_date(&mut form, "authorised_on", crate::time::today());
    Ok(Html(render(&state, &user, &record, &form, decision_page(&a, &calendar, &form))?).into_response())
}

pub async fn authorise(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (a, record) = match manager_page(&state, &user, &raw).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let calendar = state.calendar().await?;
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let event = match form.value("decision") {
        "authorise" => {
            let authorised_on = form.date("authorised_on", "the date you authorised the assessment", true);
            authorised_on.map(|on| {
                let e = AssessmentAuthorised {
                    assessment_id: a.assessment_id,
                    child_id: a.child_id,
                    authorised_on: on,
                    late_reason: form.value("late_reason").trim().to_string(),
                    manager_comment: form.value("manager_comment").trim().to_string(),
                };
                (e.validate(today), NewEvent::new(EventPayload::AssessmentAuthorised(e), crate::time::noon_on(on)))
            })
        }
        "return" => {
            let e = AssessmentReturned {
                assessment_id: a.assessment_id,
                child_id: a.child_id,
                returned_on: today,
                reason: form.value("return_reason").trim().to_string(),
            };
            Some((e.validate(today), NewEvent::new(EventPayload::AssessmentReturned(e), crate::time::noon_on(today))))
        }
        _ => {
            form.errors.add("decision", "Select whether you authorise the assessment or return it to the worker");
            None
        }
    };
    if let Some((checked, event)) = event {
        if let Err(errors) = checked {
            merge(&mut form, errors, &[("reason", "return_reason"), ("returned_on", "decision")]);
        }
        if !form.has_errors() && append(&state, &user, vec![event], &mut form, "decision").await? {
            return Ok(Redirect::to(&format!("/children/{}?assessment=decided#assessments", a.child_id)).into_response());
        }
    }
    Ok(invalid_page(render(&state, &user, &record, &form, decision_page(&a, &calendar, &form))?))
}

// ---------------------------------------------------------------- child in need plans

fn action_fields(form: &FormState, rows: usize) -> Vec<Markup> {
    let mut out = Vec::new();
    for i in 0..rows {
        let p = format!("actions[{i}].");
        out.push(Markup(format!(r#"<h2 class="govuk-heading-s">Action {}</h2>"#, i + 1)));
        out.push(components::text_input(form, &format!("{p}description"), "What is to be done", Input::default()));
        out.push(components::text_input(
            form,
            &format!("{p}owner_name"),
            "Who will do it",
            Input { width: "govuk-input--width-20", ..Input::default() },
        ));
        out.push(components::text_input(
            form,
            &format!("{p}owner_agency"),
            "Their agency or role",
            Input { hint: "For example, school, health visiting, parent", width: "govuk-input--width-20", ..Input::default() },
        ));
        out.push(components::date_input(form, &format!("{p}due_on"), "To be done by", "For example, 27 3 2026"));
    }
    out
}

/// The actions typed in; blank rows are left out. Each row is checked
/// under its own name so errors land on the row that has them.
fn actions_from_form(form: &mut FormState, rows: usize, agreed_on: Option<NaiveDate>, today: NaiveDate) -> Vec<Action> {
    let mut actions = Vec::new();
    for i in 0..rows {
        let p = format!("actions[{i}].");
        let text = |f: &FormState, n: &str| f.value(&format!("{p}{n}")).trim().to_string();
        let (description, name, agency) = (text(form, "description"), text(form, "owner_name"), text(form, "owner_agency"));
        let date_typed = ["day", "month", "year"].iter().any(|part| !form.value(&format!("{p}due_on-{part}")).trim().is_empty());
        if description.is_empty() && name.is_empty() && agency.is_empty() && !date_typed {
            continue;
        }
        let due_on = form.date(&format!("{p}due_on"), "the date this action must be done by", true);
        let owner = (!name.is_empty() || !agency.is_empty()).then_some(ActionOwner::Named { name, agency });
        let action = Action { action_id: ActionId::new(), description, owner, due_on, status: ActionStatus::Open };
        let mut errors = FieldErrors::new();
        hearth_domain::actions::validate_actions(std::slice::from_ref(&action), "actions", agreed_on, today, &mut errors);
        let renamed = errors.0.into_iter().map(|mut e| {
            e.field = e.field.replacen("actions[0].", &p, 1);
            if e.field.ends_with(".owner") {
                e.field.push_str("_name");
            }
            e
        });
        merge(form, FieldErrors(renamed.collect()), &[]);
        actions.push(action);
    }
    actions
}

/// Domain errors about the whole record, leaving out the per-action ones
/// already reported under their row.
fn without_actions(errors: FieldErrors) -> FieldErrors {
    FieldErrors(errors.0.into_iter().filter(|e| !e.field.starts_with("actions[")).collect())
}

const PLAN_ACTION_ROWS: usize = 3;
const REVIEW_ACTION_ROWS: usize = 2;

fn plan_page(child: PersonId, form: &FormState) -> Page {
    let mut fields = vec![
        components::date_input(form, "started_on", "When did the plan start?", "For example, 27 3 2026"),
        components::text_input(
            form,
            "visit_every_days",
            "How often will the child be visited, in days?",
            Input {
                hint: "Set from the child's needs; at most every 91 days",
                width: "govuk-input--width-3",
                input_type: "text",
                ..Input::default()
            },
        ),
        components::text_input(
            form,
            "review_every_months",
            "How often will the plan be reviewed, in months?",
            Input { hint: "Between 1 and 6", width: "govuk-input--width-3", ..Input::default() },
        ),
        components::textarea(
            form,
            "plan",
            "The plan",
            "What needs to change for the child, and how: the outcomes wanted and the help the family will have.",
            8,
        ),
    ];
    fields.extend(action_fields(form, PLAN_ACTION_ROWS));
    Page {
        heading: "Start a child in need plan".to_string(),
        intro: vec!["Each action needs who will do it and by when. Leave spare action rows blank.".to_string()],
        before: Markup::default(),
        action: format!("/children/{child}/cin-plans/new"),
        fields,
        buttons: one_button("Start the plan"),
        cancel: record_href(child, "cin-plans"),
    }
}

fn number(form: &mut FormState, name: &str, what: &str) -> Option<u32> {
    let raw = form.value(name).trim().to_string();
    if raw.is_empty() {
        form.errors.add(name, format!("Enter {what}"));
        return None;
    }
    match raw.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            form.errors.add(name, format!("{} must be a whole number", crate::forms::capitalise(what)));
            None
        }
    }
}

pub async fn plan_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "start child in need plans")?;
    let record = match open_record(&state, &user, id, "cin_plan_start").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::default();
    set_date(&mut form, "started_on", crate::time::today());
    form.set("review_every_months", "3");
    Ok(Html(render(&state, &user, &record, &form, plan_page(id, &form))?).into_response())
}

pub async fn start_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "start child in need plans")?;
    let record = match open_record(&state, &user, id, "cin_plan_start").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let started_on = form.date("started_on", "the date the plan started", true);
    let visit_every_days = number(&mut form, "visit_every_days", "how often the child will be visited, in days");
    let review_every_months = number(&mut form, "review_every_months", "how often the plan will be reviewed, in months");
    let actions = actions_from_form(&mut form, PLAN_ACTION_ROWS, started_on, today);
    let referral = open_referral(&state, id).await?;
    if referral.is_none() {
        form.errors.add("started_on", "The child has no open referral: a child in need plan is made under an open referral");
    }
    if let (Some((referral_id, _)), Some(started_on), Some(visit_every_days), Some(review_every_months)) =
        (referral, started_on, visit_every_days, review_every_months)
    {
        let e = CinPlanStarted {
            plan_id: PlanId::new(),
            child_id: id,
            referral_id,
            started_on,
            visit_every_days,
            review_every_months,
            plan: form.value("plan").trim().to_string(),
            actions,
        };
        if let Err(errors) = e.validate(today) {
            merge(&mut form, without_actions(errors), &[]);
        }
        if !form.has_errors() {
            let events = vec![NewEvent::new(EventPayload::CinPlanStarted(e), crate::time::noon_on(started_on))];
            if append(&state, &user, events, &mut form, "started_on").await? {
                return Ok(Redirect::to(&format!("/children/{id}?cin_plan=started#cin-plans")).into_response());
            }
        }
    }
    Ok(invalid_page(render(&state, &user, &record, &form, plan_page(id, &form))?))
}

async fn load_plan(state: &AppState, raw: &str) -> Result<CinPlanView, AppError> {
    let id: PlanId = raw.parse().map_err(|_| AppError::NotFound)?;
    state.store.cin_plan(id).await?.ok_or(AppError::NotFound)
}

fn review_page(p: &CinPlanView, form: &FormState) -> Page {
    let mut fields = vec![
        components::date_input(form, "reviewed_on", "Date of the review", "For example, 27 3 2026"),
        components::textarea(
            form,
            "progress",
            "How is the plan progressing?",
            "What has changed for the child, what has not, and what happens next.",
            6,
        ),
    ];
    fields.extend(action_fields(form, REVIEW_ACTION_ROWS));
    Page {
        heading: "Review the child in need plan".to_string(),
        intro: vec![format!(
            "The plan started on {}; reviews are every {} months.",
            crate::time::date(p.started_on),
            p.review_every_months
        )],
        before: Markup::default(),
        action: format!("/cin-plans/{}/review", p.plan_id),
        fields,
        buttons: one_button("Record the review"),
        cancel: record_href(p.child_id, "cin-plans"),
    }
}

async fn plan_and_record(
    state: &AppState,
    user: &CurrentUser,
    raw: &str,
    screen: &str,
) -> Result<Result<(CinPlanView, ChildRecord), Response>, AppError> {
    require(can_record(user.staff.role), "record on child in need plans")?;
    let p = load_plan(state, raw).await?;
    Ok(open_record(state, user, p.child_id, screen).await?.map(|record| (p, record)))
}

pub async fn review_form(State(state): State<AppState>, user: CurrentUser, Path(raw): Path<String>) -> Result<Response, AppError> {
    let (p, record) = match plan_and_record(&state, &user, &raw, "cin_plan_review").await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::default();
    set_date(&mut form, "reviewed_on", crate::time::today());
    Ok(Html(render(&state, &user, &record, &form, review_page(&p, &form))?).into_response())
}

pub async fn review_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (p, record) = match plan_and_record(&state, &user, &raw, "cin_plan_review").await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let reviewed_on = form.date("reviewed_on", "the date of the review", true);
    let actions = actions_from_form(&mut form, REVIEW_ACTION_ROWS, reviewed_on, today);
    if let Some(reviewed_on) = reviewed_on {
        let e = CinPlanReviewed {
            review_id: MeetingId::new(),
            plan_id: p.plan_id,
            child_id: p.child_id,
            reviewed_on,
            progress: form.value("progress").trim().to_string(),
            actions,
        };
        if let Err(errors) = e.validate(today) {
            merge(&mut form, without_actions(errors), &[]);
        }
        if !form.has_errors() {
            let events = vec![NewEvent::new(EventPayload::CinPlanReviewed(e), crate::time::noon_on(reviewed_on))];
            if append(&state, &user, events, &mut form, "reviewed_on").await? {
                return Ok(Redirect::to(&format!("/children/{}?cin_plan=reviewed#cin-plans", p.child_id)).into_response());
            }
        }
    }
    Ok(invalid_page(render(&state, &user, &record, &form, review_page(&p, &form))?))
}

fn end_page(p: &CinPlanView, form: &FormState) -> Page {
    Page {
        heading: "End the child in need plan".to_string(),
        intro: vec![format!("The plan started on {}.", crate::time::date(p.started_on))],
        before: Markup::default(),
        action: format!("/cin-plans/{}/end", p.plan_id),
        fields: vec![
            components::date_input(form, "ended_on", "When did the plan end?", "For example, 27 3 2026"),
            components::textarea(
                form,
                "reason",
                "Why did the plan end?",
                "For example, needs met; stepped down to early help; a child protection plan was made.",
                4,
            ),
        ],
        buttons: one_button("End the plan"),
        cancel: record_href(p.child_id, "cin-plans"),
    }
}

pub async fn end_form(State(state): State<AppState>, user: CurrentUser, Path(raw): Path<String>) -> Result<Response, AppError> {
    let (p, record) = match plan_and_record(&state, &user, &raw, "cin_plan_end").await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::default();
    set_date(&mut form, "ended_on", crate::time::today());
    Ok(Html(render(&state, &user, &record, &form, end_page(&p, &form))?).into_response())
}

pub async fn end_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (p, record) = match plan_and_record(&state, &user, &raw, "cin_plan_end").await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let ended_on = form.date("ended_on", "the date the plan ended", true);
    let reason = form.value("reason").trim().to_string();
    let e = CinPlanEnded { plan_id: p.plan_id, child_id: p.child_id, ended_on: ended_on.unwrap_or(today), reason };
    if let Err(errors) = e.validate(today) {
        merge(&mut form, errors, &[]);
    }
    if ended_on.is_some() && !form.has_errors() {
        let events = vec![NewEvent::new(EventPayload::CinPlanEnded(e), crate::time::noon_on(ended_on.unwrap_or(today)))];
        if append(&state, &user, events, &mut form, "ended_on").await? {
            return Ok(Redirect::to(&format!("/children/{}?cin_plan=ended#cin-plans", p.child_id)).into_response());
        }
    }
    Ok(invalid_page(render(&state, &user, &record, &form, end_page(&p, &form))?))
}

// ---------------------------------------------------------------- visits

fn visit_page(child: PersonId, open_plan: Option<&str>, form: &FormState) -> Page {
    let plan = match open_plan {
        Some("cp") => "The child has a child protection plan open today: the visit counts towards it.",
        Some(_) => "The child has a child in need plan open today: the visit counts towards it.",
        None => "The child has no plan open today. A visit counts towards the plan open on the day of the visit, if there is one.",
    };
    Page {
        heading: "Record a visit".to_string(),
        intro: vec![plan.to_string()],
        before: Markup::default(),
        action: format!("/children/{child}/visits/new"),
        fields: vec![
            components::date_input(form, "visited_on", "Date of the visit", "For example, 27 3 2026"),
            components::radios(form, "child_seen", "Was the child seen?", "", &yes_no(), true),
            components::radios(form, "child_seen_alone", "Was the child seen alone?", "Answer if the child was seen", &yes_no(), true),
            components::textarea(form, "reason", "Why was the child not seen, or not seen alone?", "", 3),
            components::textarea(
                form,
                "childs_views",
                "What the child said, or how they presented",
                "In the child's words where you can; for a baby, what you saw.",
                5,
            ),
        ],
        buttons: one_button("Record the visit"),
        cancel: record_href(child, "cin-plans"),
    }
}

pub async fn visit_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record visits")?;
    let record = match open_record(&state, &user, id, "visit_new").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let today = crate::time::today();
    let open = state.store.plan_open_on(id, today).await?;
    let mut form = FormState::default();
    set_date(&mut form, "visited_on", today);
    Ok(Html(render(&state, &user, &record, &form, visit_page(id, open.as_ref().map(|(_, k)| k.as_str()), &form))?).into_response())
}

pub async fn record_visit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record visits")?;
    let record = match open_record(&state, &user, id, "visit_new").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let visited_on = form.date("visited_on", "the date of the visit", true);
    let child_seen = yes_no_value(&form, "child_seen");
    let visit = ChildProtectionVisit {
        visited_on,
        child_seen,
        child_seen_alone: if child_seen == Some(true) { yes_no_value(&form, "child_seen_alone") } else { None },
        reason: form.value("reason").trim().to_string(),
        childs_views: form.value("childs_views").trim().to_string(),
    };
    if let Err(errors) = visit.validate(today) {
        merge(&mut form, errors, &[]);
    }
    if let (Some(on), false) = (visited_on, form.has_errors()) {
        let e = ChildVisited { visit_id: MeetingId::new(), child_id: id, visit };
        if append(&state, &user, vec![NewEvent::new(EventPayload::ChildVisited(e), crate::time::noon_on(on))], &mut form, "visited_on")
            .await?
        {
            return Ok(Redirect::to(&format!("/children/{id}?visit=recorded#cin-plans")).into_response());
        }
    }
    let open = state.store.plan_open_on(id, today).await?;
    Ok(invalid_page(render(&state, &user, &record, &form, visit_page(id, open.as_ref().map(|(_, k)| k.as_str()), &form))?))
}
