//! Child protection plans (issue 4, F18, F19): recording the plan an
//! initial conference decided on, with its contingency plan and actions;
//! core groups; ending the plan; completing and cancelling actions; every
//! action of a child in one list; and the plain-language version of the
//! plan for the child's parents, as a printable page and a PDF.

use super::child_record::open_record;
use super::home::ChildRow;
use super::meeting_rows::{merge, read_actions, read_attendees};
use super::{Layout, can_record, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup, Input, esc};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::NaiveDate;
use hearth_domain::actions::{ActionId, ActionStatus};
use hearth_domain::child_protection::parent_version::{
    ParentPlanFacts, ParentVersion, PlainAction, next_meetings, parent_version, unexplained_jargon,
};
use hearth_domain::child_protection::{Agency, ChildProtectionPlan, CoreGroupMeeting, CpPlanEndReason};
use hearth_domain::clocks::ClockPolicy;
use hearth_domain::events::{ActionCancelled, ActionCompleted, CoreGroupHeld, CpPlanEnded, CpPlanStarted, EventPayload, NewEvent};
use hearth_domain::ids::{ConferenceId, MeetingId, PersonId, PlanId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::children::ChildRecord;
use hearth_store::cp_plans::{ActionView, CpPlanView};
use serde::Deserialize;
use std::fmt::Write as _;

/// Rows offered for actions on a form; blank rows are ignored.
pub const ACTION_ROWS: usize = 5;
/// Rows offered for attendees at a core group.
pub const ATTENDEE_ROWS: usize = 6;
const DATE_HINT: &str = "For example, 27 3 2026";

/// This area's routes, merged into the router in `lib.rs`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/cp-plans/new", get(new_plan_form).post(create_plan))
        .route("/children/{id}/cp-plans/{plan_id}/core-groups/new", get(core_group_form).post(create_core_group))
        .route("/children/{id}/cp-plans/{plan_id}/end", get(end_form).post(end_plan))
        .route("/children/{id}/cp-plans/{plan_id}/parents", get(parents_page))
        .route("/children/{id}/cp-plans/{plan_id}/parents.pdf", get(parents_pdf))
        .route("/children/{id}/actions", get(actions_page))
        .route("/children/{id}/actions/{action_id}/complete", get(complete_form).post(complete_action))
        .route("/children/{id}/actions/{action_id}/cancel", get(cancel_form).post(cancel_action))
        .route("/print/parent-plan.css", get(print_css))
}

// ---------------------------------------------------------------------------
// The record's section
// ---------------------------------------------------------------------------

pub struct ActionRow {
    pub description: String,
    pub source: &'static str,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub status_class: &'static str,
    pub outcome: String,
    pub complete_href: Option<String>,
    pub cancel_href: Option<String>,
}

fn action_row(child: PersonId, a: &ActionView, today: NaiveDate, may_record: bool) -> ActionRow {
    let (status, status_class, outcome) = match &a.action.status {
        ActionStatus::Open => match a.action.days_overdue(today) {
            Some(n) => (format!("Overdue by {n} day{}", if n == 1 { "" } else { "s" }), "govuk-tag govuk-tag--red", String::new()),
            None => ("Open".to_string(), "govuk-tag govuk-tag--blue", String::new()),
        },
        ActionStatus::Done { completed_on, evidence } => {
            ("Done".to_string(), "govuk-tag govuk-tag--green", format!("Done {}: {evidence}", crate::time::date(*completed_on)))
        }
        ActionStatus::Cancelled { reason } => ("Cancelled".to_string(), "govuk-tag govuk-tag--grey", format!("Cancelled: {reason}")),
    };
    let open = matches!(a.action.status, ActionStatus::Open) && may_record;
    let action_id = a.action.action_id.0;
    ActionRow {
        description: a.action.description.clone(),
        source: a.source_label(),
        owner: a.owner_text(),
        due: a.action.due_on.map(crate::time::date).unwrap_or_default(),
        status,
        status_class,
        outcome,
        complete_href: open.then(|| format!("/children/{child}/actions/{action_id}/complete")),
        cancel_href: open.then(|| format!("/children/{child}/actions/{action_id}/cancel")),
    }
}

pub struct CoreGroupRow {
    pub held_on: String,
    pub attendees: String,
    pub progress: String,
}

pub struct PlanCard {
    pub title: String,
    pub open: bool,
    pub rows: Vec<(String, String)>,
    pub contingency_plan: String,
    pub actions: Vec<ActionRow>,
    pub core_groups: Vec<CoreGroupRow>,
    pub core_group_href: Option<String>,
    pub end_href: Option<String>,
    pub parents_href: String,
    pub parents_pdf_href: String,
}

pub struct AwaitingPlan {
    pub text: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "cp_plan_section.html")]
pub struct PlanSection {
    pub awaiting: Vec<AwaitingPlan>,
    pub plans: Vec<PlanCard>,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub actions_href: String,
}

fn category_text(p: &CpPlanView) -> String {
    let label = |c: Option<hearth_domain::child_protection::AbuseCategory>| c.map(|c| c.description()).unwrap_or("Not recorded");
    if p.initial_category == p.latest_category {
        label(p.latest_category).to_string()
    } else {
        format!("{} (first made under {})", label(p.latest_category), label(p.initial_category).to_lowercase())
    }
}

/// When the next core group and review are due for an open plan.
async fn next_due(state: &AppState, plan: &CpPlanView) -> Result<(NaiveDate, NaiveDate, Vec<NaiveDate>), AppError> {
    let core_groups: Vec<NaiveDate> = state.store.core_groups_of(plan.plan_id).await?.iter().map(|c| c.held_on).collect();
    let reviews = state.store.review_conferences_of(plan.plan_id).await?;
    let calendar = state.calendar().await?;
    let next = next_meetings(plan.started_on, &core_groups, &reviews, &ClockPolicy::default(), &calendar);
    Ok((next.core_group, next.review, core_groups))
}

/// This area's section of the child's record (empty when there is nothing to show).
pub async fn record_section(state: &AppState, _user: &CurrentUser, child: PersonId, can_record: bool) -> Result<Markup, AppError> {
    let plans = state.store.cp_plans_of(child).await?;
    let awaiting = state.store.conferences_awaiting_plan(child).await?;
    let actions = state.store.actions_of(child).await?;
    if plans.is_empty() && awaiting.is_empty() && actions.is_empty() {
        return Ok(Markup(String::new()));
    }
    let today = crate::time::today();
    let mut cards = Vec::with_capacity(plans.len());
    for p in &plans {
        let mut rows = vec![("Category".to_string(), category_text(p)), ("Started".to_string(), crate::time::date(p.started_on))];
        if let Some(ended) = p.ended_on {
            let reason = p.end_reason.map(|r| r.label()).unwrap_or("Not recorded");
            let detail = if p.end_reason_detail.is_empty() { String::new() } else { format!(": {}", p.end_reason_detail) };
            rows.push(("Ended".to_string(), format!("{}. {reason}{detail}", crate::time::date(ended))));
        }
        let groups = state.store.core_groups_of(p.plan_id).await?;
        if p.is_open() {
            let (core, review, _) = next_due(state, p).await?;
            rows.push(("Next core group due".to_string(), crate::time::date(core)));
            rows.push(("Next review conference due".to_string(), crate::time::date(review)));
        }
        let plan_actions = state.store.actions_from("cp_plan", &p.plan_id.to_string()).await?;
        let mut action_rows: Vec<ActionRow> = plan_actions
            .iter()
            .filter(|a| a.action.status == ActionStatus::Open)
            .map(|a| action_row(child, a, today, can_record))
            .collect();
        // Actions a core group of this plan set are the plan's too.
        for g in &groups {
            for a in state.store.actions_from("core_group", &g.meeting_id.to_string()).await? {
                if a.action.status == ActionStatus::Open {
                    action_rows.push(action_row(child, &a, today, can_record));
                }
            }
        }
        let base = format!("/children/{child}/cp-plans/{}", p.plan_id);
        cards.push(PlanCard {
            title: format!("Child protection plan from {}", crate::time::date(p.started_on)),
            open: p.is_open(),
            rows,
            contingency_plan: p.contingency_plan.clone(),
            actions: action_rows,
            core_groups: groups
                .iter()
                .rev()
                .map(|g| CoreGroupRow {
                    held_on: crate::time::date(g.held_on),
                    attendees: g.attendees.iter().map(|a| format!("{} ({})", a.name, a.agency.label())).collect::<Vec<_>>().join(", "),
                    progress: g.progress.clone(),
                })
                .collect(),
            core_group_href: (can_record && p.is_open()).then(|| format!("{base}/core-groups/new")),
            end_href: (can_record && p.is_open()).then(|| format!("{base}/end")),
            parents_href: format!("{base}/parents"),
            parents_pdf_href: format!("{base}/parents.pdf"),
        });
    }
    let awaiting = if can_record {
        awaiting
            .iter()
            .map(|c| AwaitingPlan {
                text: format!("The initial conference on {} decided on a child protection plan.", crate::time::date(c.held_on)),
                href: format!("/children/{child}/cp-plans/new?conference={}", c.conference_id),
            })
            .collect()
    } else {
        Vec::new()
    };
    let open_actions = actions.iter().filter(|a| a.action.status == ActionStatus::Open).count();
    let overdue_actions = actions.iter().filter(|a| a.action.is_overdue(today)).count();
    let section = PlanSection { awaiting, plans: cards, open_actions, overdue_actions, actions_href: format!("/children/{child}/actions") };
    Ok(Markup(section.render()?))
}

// ---------------------------------------------------------------------------
// Form helpers
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "cp_plan_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub heading: String,
    pub intro: Vec<String>,
    pub summary: Vec<(String, String)>,
    pub action: String,
    pub button: &'static str,
    pub error_summary: Markup,
    /// Errors about the record as a whole (a refusal), shown beside the summary.
    pub record_error: Option<String>,
    pub fields: Vec<Markup>,
    pub cancel_href: String,
}

/// Field-less errors (a refusal) are reported on this name; the summary
/// list carries it as its id so the error summary's link lands there.
const RECORD_FIELD: &str = "record";

struct FormParts {
    heading: String,
    intro: Vec<String>,
    summary: Vec<(String, String)>,
    action: String,
    button: &'static str,
    fields: Vec<Markup>,
}

fn render_form(state: &AppState, user: &CurrentUser, record: &ChildRecord, form: &FormState, parts: FormParts) -> Result<String, AppError> {
    let id = record.item.person_id;
    let page = FormPage {
        layout: Layout::for_user(state, user, &parts.heading, "search"),
        child: ChildRow::from_item(&record.item),
        heading: parts.heading,
        intro: parts.intro,
        summary: parts.summary,
        action: parts.action,
        button: parts.button,
        error_summary: components::error_summary(&form.errors),
        record_error: form.error(RECORD_FIELD).map(str::to_string),
        fields: parts.fields,
        cancel_href: format!("/children/{id}#cp-plan"),
    };
    Ok(page.render()?)
}

/// Adds the domain's errors, leaving alone fields the form already found a
/// problem with (a date typed wrongly is not also "missing").
/// Renames `{list}[k].…` to `{list}[rows[k]].…`: the domain numbers the
/// rows it was given, the form numbers every row shown, blank ones included.
fn renumber(errors: FieldErrors, list: &str, rows: &[usize]) -> FieldErrors {
    let prefix = format!("{list}[");
    let mut out = FieldErrors::new();
    for e in errors.0 {
        let field = match e.field.strip_prefix(&prefix).and_then(|rest| rest.split_once(']')) {
            Some((k, rest)) => match k.parse::<usize>().ok().and_then(|k| rows.get(k)) {
                Some(row) => format!("{list}[{row}]{rest}"),
                None => e.field.clone(),
            },
            None if e.field == list => format!("{list}[0].description"),
            None => e.field.clone(),
        };
        // The owner is typed as a name and an agency, so "no owner" is shown at the name.
        let field = match field.strip_suffix(".owner") {
            Some(head) => format!("{head}.owner_name"),
            None => field,
        };
        out.add(field, e.message);
    }
    out
}

fn action_fields(form: &FormState) -> Vec<Markup> {
    let mut out = Vec::with_capacity(ACTION_ROWS + 1);
    let list_error = form.error("actions").map(|e| {
        format!(r#"<p id="actions-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>"#, esc(e))
    });
    out.push(Markup(format!(
        r#"<h2 class="govuk-heading-m" id="actions">Actions</h2><p class="govuk-body">Each action needs what is to be done, who will do it (their name and agency) and the date it must be done by. Leave rows you do not need empty.</p>{}"#,
        list_error.unwrap_or_default()
    )));
    for i in 0..ACTION_ROWS {
        let p = format!("actions[{i}]");
        let mut html = format!(
            r#"<fieldset class="govuk-fieldset hearth-action-row"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Action {}</legend>"#,
            i + 1
        );
        html.push_str(&components::textarea(form, &format!("{p}.description"), "What is to be done", "", 2).0);
        html.push_str(
            &components::text_input(
                form,
                &format!("{p}.owner_name"),
                "Who will do it",
                Input { width: "govuk-input--width-20", ..Input::default() },
            )
            .0,
        );
        html.push_str(
            &components::text_input(
                form,
                &format!("{p}.owner_agency"),
                "Their agency or relationship to the child",
                Input { hint: "For example, Health visiting, or Parent", width: "govuk-input--width-20", ..Input::default() },
            )
            .0,
        );
        html.push_str(&components::date_input(form, &format!("{p}.due_on"), "To be done by", DATE_HINT).0);
        html.push_str("</fieldset>");
        out.push(Markup(html));
    }
    out
}

fn attendee_fields(form: &FormState) -> Vec<Markup> {
    let mut out = Vec::with_capacity(ATTENDEE_ROWS + 1);
    let list_error = form.error("attendees").map(|e| {
        format!(r#"<p id="attendees-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>"#, esc(e))
    });
    out.push(Markup(format!(
        r#"<h2 class="govuk-heading-m" id="attendees">Who attended</h2><p class="govuk-body">Include parents and the child if they attended. Leave rows you do not need empty.</p>{}"#,
        list_error.unwrap_or_default()
    )));
    let mut agencies = vec![(String::new(), "Choose the agency".to_string())];
    agencies.extend(Agency::ALL.iter().map(|a| (a.code().to_string(), a.label().to_string())));
    for i in 0..ATTENDEE_ROWS {
        let p = format!("attendees[{i}]");
        let mut html = format!(
            r#"<fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Attendee {}</legend>"#,
            i + 1
        );
        html.push_str(
            &components::text_input(form, &format!("{p}.name"), "Name", Input { width: "govuk-input--width-20", ..Input::default() }).0,
        );
        html.push_str(&components::select(form, &format!("{p}.agency"), "Agency", "", &agencies).0);
        html.push_str(
            &components::text_input(
                form,
                &format!("{p}.role"),
                "Role",
                Input { hint: "For example, Health visitor, or Mother", width: "govuk-input--width-20", ..Input::default() },
            )
            .0,
        );
        html.push_str("</fieldset>");
        out.push(Markup(html));
    }
    out
}

/// Maps a store refusal or field errors into the form; other failures are errors.
fn store_errors(form: &mut FormState, err: StoreError, refused_field: &str) -> Result<(), AppError> {
    match err {
        StoreError::Invalid(errors) => {
            merge(form, errors);
            Ok(())
        }
        StoreError::Refused(message) => {
            form.errors.add(refused_field, message);
            Ok(())
        }
        e => Err(e.into()),
    }
}

fn unprocessable(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

async fn open(state: &AppState, user: &CurrentUser, id: PersonId, screen: &str) -> Result<Result<ChildRecord, Response>, AppError> {
    open_record(state, user, id, screen).await
}

/// The plan, which must be on this child's record.
async fn plan_of(state: &AppState, child: PersonId, plan: PlanId) -> Result<CpPlanView, AppError> {
    match state.store.cp_plan(plan).await? {
        Some(p) if p.child_id == child => Ok(p),
        _ => Err(AppError::NotFound),
    }
}

// ---------------------------------------------------------------------------
// Recording the plan
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
pub struct PlanQuery {
    conference: Option<String>,
}

async fn conference_for(state: &AppState, child: PersonId, q: &PlanQuery) -> Result<hearth_store::cp_plans::PlanConference, AppError> {
    let id: ConferenceId = q.conference.as_deref().and_then(|c| c.parse().ok()).ok_or(AppError::NotFound)?;
    match state.store.plan_conference(id).await? {
        Some(c) if c.child_id == child => Ok(c),
        _ => Err(AppError::NotFound),
    }
}

fn plan_parts(id: PersonId, conference: &hearth_store::cp_plans::PlanConference, form: &FormState) -> FormParts {
    let category = conference.category.map(|c| c.description()).unwrap_or("Not recorded");
    FormParts {
        heading: "Record the child protection plan".to_string(),
        intro: vec![
            "The plan starts on the date of the initial conference that decided on it, under the category the conference chose.".to_string(),
            "A plain-language version for the child's parents is made from what you record here, so write the contingency plan and actions in words a family can follow.".to_string(),
        ],
        summary: vec![
            ("Initial conference".to_string(), crate::time::date(conference.held_on)),
            ("Plan starts".to_string(), crate::time::date(conference.held_on)),
            ("Category".to_string(), category.to_string()),
        ],
        action: format!("/children/{id}/cp-plans/new?conference={}", conference.conference_id),
        button: "Record the plan",
        fields: {
            let mut f = vec![components::textarea(
                form,
                "contingency_plan",
                "Contingency plan",
                "What will happen if the plan is not keeping the child safe: who will do what, and when.",
                6,
            )];
            f.extend(action_fields(form));
            f
        },
    }
}

pub async fn new_plan_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Query(q): Query<PlanQuery>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record child protection plans")?;
    let record = match open(&state, &user, id, "cp_plan_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let conference = conference_for(&state, id, &q).await?;
    let mut form = FormState::default();
    if !conference.decided_on_a_plan() {
        form.errors.add(RECORD_FIELD, "This conference did not decide on a child protection plan, so no plan can be recorded from it");
    }
    let html = render_form(&state, &user, &record, &form, plan_parts(id, &conference, &form))?;
    Ok(Html(html).into_response())
}

pub async fn create_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Query(q): Query<PlanQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record child protection plans")?;
    let record = match open(&state, &user, id, "cp_plan_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let conference = conference_for(&state, id, &q).await?;
    let mut form = FormState::from_pairs(pairs);
    if !conference.decided_on_a_plan() {
        form.errors.add(RECORD_FIELD, "This conference did not decide on a child protection plan, so no plan can be recorded from it");
    }
    let (actions, rows) = read_actions(&mut form, ACTION_ROWS);
    let event = CpPlanStarted {
        plan_id: PlanId::new(),
        child_id: id,
        conference_id: conference.conference_id,
        plan: ChildProtectionPlan {
            started_on: Some(conference.held_on),
            initial_category: conference.category,
            latest_category: conference.category,
            contingency_plan: form.value("contingency_plan").trim().to_string(),
            actions,
            ended_on: None,
            end_reason: None,
            end_reason_detail: String::new(),
        },
    };
    if let Err(errors) = event.validate(crate::time::today()) {
        merge(&mut form, renumber(errors, "actions", &rows));
    }
    if !form.has_errors() {
        let new = NewEvent::new(EventPayload::CpPlanStarted(event), crate::time::noon_on(conference.held_on));
        match state.store.append(user.staff.user_id, vec![new]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}#cp-plan")).into_response()),
            Err(e) => store_errors(&mut form, e, RECORD_FIELD)?,
        }
    }
    let html = render_form(&state, &user, &record, &form, plan_parts(id, &conference, &form))?;
    Ok(unprocessable(html))
}

// ---------------------------------------------------------------------------
// Core groups
// ---------------------------------------------------------------------------

fn core_group_parts(id: PersonId, plan: &CpPlanView, next: NaiveDate, form: &FormState) -> FormParts {
    let mut fields = vec![components::date_input(form, "held_on", "Date of the meeting", DATE_HINT)];
    fields.extend(attendee_fields(form));
    fields.push(components::textarea(
        form,
        "progress",
        "How is the plan progressing?",
        "What has changed for the child, and what has not.",
        6,
    ));
    fields.push(components::textarea(
        form,
        "late_reason",
        "If the meeting was held after it was due, why?",
        &format!("It was due by {}. Leave empty if it was on time.", crate::time::date(next)),
        3,
    ));
    fields.extend(action_fields(form));
    FormParts {
        heading: "Record a core group meeting".to_string(),
        intro: vec!["Record who came, how the plan is going, and any new actions. Mark the plan's existing actions done or cancelled from the child's record.".to_string()],
        summary: vec![
            ("Plan started".to_string(), crate::time::date(plan.started_on)),
            ("This meeting due by".to_string(), crate::time::date(next)),
        ],
        action: format!("/children/{id}/cp-plans/{}/core-groups/new", plan.plan_id),
        button: "Record the meeting",
        fields,
    }
}

pub async fn core_group_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plan_id)): Path<(PersonId, PlanId)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record core group meetings")?;
    let record = match open(&state, &user, id, "core_group_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let plan = plan_of(&state, id, plan_id).await?;
    let (next, _, _) = next_due(&state, &plan).await?;
    let form = FormState::default();
    Ok(Html(render_form(&state, &user, &record, &form, core_group_parts(id, &plan, next, &form))?).into_response())
}

pub async fn create_core_group(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plan_id)): Path<(PersonId, PlanId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record core group meetings")?;
    let record = match open(&state, &user, id, "core_group_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let plan = plan_of(&state, id, plan_id).await?;
    let (next, _, _) = next_due(&state, &plan).await?;
    let mut form = FormState::from_pairs(pairs);
    let held_on = form.date("held_on", "the date of the core group meeting", true);
    let (attendees, attendee_rows) = read_attendees(&mut form, ATTENDEE_ROWS, "Select the attendee's agency");
    let (actions, action_rows) = read_actions(&mut form, ACTION_ROWS);
    let event = CoreGroupHeld {
        meeting_id: MeetingId::new(),
        child_id: id,
        plan_id,
        meeting: CoreGroupMeeting {
            plan_started_on: plan.started_on,
            held_on,
            attendees,
            progress: form.value("progress").trim().to_string(),
            actions,
        },
        late_reason: form.value("late_reason").trim().to_string(),
    };
    if let Err(errors) = event.validate(crate::time::today()) {
        let errors = renumber(renumber(errors, "actions", &action_rows), "attendees", &attendee_rows);
        merge(&mut form, errors);
    }
    if let (Some(held_on), false) = (held_on, form.has_errors()) {
        let new = NewEvent::new(EventPayload::CoreGroupHeld(event), crate::time::noon_on(held_on));
        match state.store.append(user.staff.user_id, vec![new]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}#cp-plan")).into_response()),
            Err(e) => store_errors(&mut form, e, "held_on")?,
        }
    }
    let html = render_form(&state, &user, &record, &form, core_group_parts(id, &plan, next, &form))?;
    Ok(unprocessable(html))
}

// ---------------------------------------------------------------------------
// Ending the plan
// ---------------------------------------------------------------------------

fn end_parts(id: PersonId, plan: &CpPlanView, form: &FormState) -> FormParts {
    let reasons = components::options(CpPlanEndReason::ALL, CpPlanEndReason::code, |r| r.label().to_string());
    FormParts {
        heading: "End the child protection plan".to_string(),
        intro: vec!["A plan usually ends at a review conference. The end and its reason stay in the child's chronology.".to_string()],
        summary: vec![("Plan started".to_string(), crate::time::date(plan.started_on)), ("Category".to_string(), category_text(plan))],
        action: format!("/children/{id}/cp-plans/{}/end", plan.plan_id),
        button: "End the plan",
        fields: vec![
            components::date_input(form, "ended_on", "Date the plan ended", DATE_HINT),
            components::radios(form, "reason", "Why did the plan end?", "", &reasons, false),
            components::textarea(form, "reason_detail", "More about why the plan ended", "Required if the reason is another reason.", 4),
        ],
    }
}

pub async fn end_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plan_id)): Path<(PersonId, PlanId)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "end child protection plans")?;
    let record = match open(&state, &user, id, "cp_plan_end").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let plan = plan_of(&state, id, plan_id).await?;
    let form = FormState::default();
    Ok(Html(render_form(&state, &user, &record, &form, end_parts(id, &plan, &form))?).into_response())
}

pub async fn end_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plan_id)): Path<(PersonId, PlanId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "end child protection plans")?;
    let record = match open(&state, &user, id, "cp_plan_end").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let plan = plan_of(&state, id, plan_id).await?;
    let mut form = FormState::from_pairs(pairs);
    let ended_on = form.date("ended_on", "the date the plan ended", true);
    let reason = CpPlanEndReason::from_code(form.value("reason"));
    if reason.is_none() {
        form.errors.add("reason", "Select why the plan ended");
    }
    if let (Some(ended_on), Some(reason)) = (ended_on, reason) {
        let event = CpPlanEnded { plan_id, child_id: id, ended_on, reason, reason_detail: form.value("reason_detail").trim().to_string() };
        if let Err(errors) = event.validate(crate::time::today()) {
            merge(&mut form, errors);
        }
        if !form.has_errors() {
            let new = NewEvent::new(EventPayload::CpPlanEnded(event), crate::time::noon_on(ended_on));
            match state.store.append(user.staff.user_id, vec![new]).await {
                Ok(_) => return Ok(Redirect::to(&format!("/children/{id}#cp-plan")).into_response()),
                Err(e) => store_errors(&mut form, e, "ended_on")?,
            }
        }
    }
    let html = render_form(&state, &user, &record, &form, end_parts(id, &plan, &form))?;
    Ok(unprocessable(html))
}

// ---------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "action_list.html")]
pub struct ActionListPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub rows: Vec<ActionRow>,
    pub open: usize,
    pub overdue: usize,
}

pub async fn actions_page(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    let record = match open(&state, &user, id, "actions").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let today = crate::time::today();
    let may_record = can_record(user.staff.role);
    let actions = state.store.actions_of(id).await?;
    let page = ActionListPage {
        layout: Layout::for_user(&state, &user, "Actions", "search"),
        child: ChildRow::from_item(&record.item),
        id: id.to_string(),
        open: actions.iter().filter(|a| a.action.status == ActionStatus::Open).count(),
        overdue: actions.iter().filter(|a| a.action.is_overdue(today)).count(),
        rows: actions.iter().map(|a| action_row(id, a, today, may_record)).collect(),
    };
    Ok(Html(page.render()?).into_response())
}

/// The action, which must be on this child's record and still open.
async fn open_action(state: &AppState, child: PersonId, action: &str) -> Result<ActionView, AppError> {
    let id = action.parse::<uuid::Uuid>().map_err(|_| AppError::NotFound)?;
    match state.store.action(ActionId(id)).await? {
        Some(a) if a.child_id == child => Ok(a),
        _ => Err(AppError::NotFound),
    }
}

fn action_summary(a: &ActionView) -> Vec<(String, String)> {
    vec![
        ("Action".to_string(), a.action.description.clone()),
        ("Set by".to_string(), a.source_label().to_string()),
        ("Who".to_string(), a.owner_text()),
        ("Due".to_string(), a.action.due_on.map(crate::time::date).unwrap_or_default()),
    ]
}

fn complete_parts(id: PersonId, a: &ActionView, form: &FormState) -> FormParts {
    FormParts {
        heading: "Mark the action done".to_string(),
        intro: vec!["Say what shows it was done: a visit seen, a report received, an appointment kept.".to_string()],
        summary: action_summary(a),
        action: format!("/children/{id}/actions/{}/complete", a.action.action_id.0),
        button: "Mark as done",
        fields: vec![
            components::date_input(form, "completed_on", "When was it done?", DATE_HINT),
            components::textarea(form, "evidence", "What shows it was done?", "", 4),
        ],
    }
}

fn cancel_parts(id: PersonId, a: &ActionView, form: &FormState) -> FormParts {
    FormParts {
        heading: "Cancel the action".to_string(),
        intro: vec!["An action is cancelled when it is no longer needed: the plan changed, or it was overtaken.".to_string()],
        summary: action_summary(a),
        action: format!("/children/{id}/actions/{}/cancel", a.action.action_id.0),
        button: "Cancel the action",
        fields: vec![
            components::date_input(form, "cancelled_on", "From when is it no longer needed?", DATE_HINT),
            components::textarea(form, "reason", "Why is it no longer needed?", "", 4),
        ],
    }
}

fn not_open(form: &mut FormState, a: &ActionView) {
    if a.action.status != ActionStatus::Open {
        form.errors.add(RECORD_FIELD, "The action is already done or cancelled");
    }
}

pub async fn complete_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, action)): Path<(PersonId, String)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "update actions")?;
    let record = match open(&state, &user, id, "action_complete").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let a = open_action(&state, id, &action).await?;
    let mut form = FormState::default();
    not_open(&mut form, &a);
    Ok(Html(render_form(&state, &user, &record, &form, complete_parts(id, &a, &form))?).into_response())
}

pub async fn complete_action(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, action)): Path<(PersonId, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "update actions")?;
    let record = match open(&state, &user, id, "action_complete").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let a = open_action(&state, id, &action).await?;
    let mut form = FormState::from_pairs(pairs);
    let completed_on = form.date("completed_on", "the date the action was done", true);
    let event = ActionCompleted {
        action_id: a.action.action_id,
        child_id: id,
        completed_on: completed_on.unwrap_or_else(crate::time::today),
        evidence: form.value("evidence").trim().to_string(),
    };
    if let Err(errors) = event.validate(crate::time::today()) {
        merge(&mut form, errors);
    }
    if let (Some(on), false) = (completed_on, form.has_errors()) {
        match state
            .store
            .append(user.staff.user_id, vec![NewEvent::new(EventPayload::ActionCompleted(event), crate::time::noon_on(on))])
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}/actions")).into_response()),
            Err(e) => store_errors(&mut form, e, RECORD_FIELD)?,
        }
    }
    let html = render_form(&state, &user, &record, &form, complete_parts(id, &a, &form))?;
    Ok(unprocessable(html))
}

pub async fn cancel_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, action)): Path<(PersonId, String)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "update actions")?;
    let record = match open(&state, &user, id, "action_cancel").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let a = open_action(&state, id, &action).await?;
    let mut form = FormState::default();
    not_open(&mut form, &a);
    Ok(Html(render_form(&state, &user, &record, &form, cancel_parts(id, &a, &form))?).into_response())
}

pub async fn cancel_action(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, action)): Path<(PersonId, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "update actions")?;
    let record = match open(&state, &user, id, "action_cancel").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let a = open_action(&state, id, &action).await?;
    let mut form = FormState::from_pairs(pairs);
    let cancelled_on = form.date("cancelled_on", "the date", true);
    let event = ActionCancelled {
        action_id: a.action.action_id,
        child_id: id,
        cancelled_on: cancelled_on.unwrap_or_else(crate::time::today),
        reason: form.value("reason").trim().to_string(),
    };
    if let Err(errors) = event.validate(crate::time::today()) {
        merge(&mut form, errors);
    }
    if let (Some(on), false) = (cancelled_on, form.has_errors()) {
        match state
            .store
            .append(user.staff.user_id, vec![NewEvent::new(EventPayload::ActionCancelled(event), crate::time::noon_on(on))])
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}/actions")).into_response()),
            Err(e) => store_errors(&mut form, e, RECORD_FIELD)?,
        }
    }
    let html = render_form(&state, &user, &record, &form, cancel_parts(id, &a, &form))?;
    Ok(unprocessable(html))
}

// ---------------------------------------------------------------------------
// The parents' version (F18)
// ---------------------------------------------------------------------------

/// The parents' version of a plan, built from the record as it stands, and
/// the professional terms the worker's own words in it use.
pub async fn build_parent_version(
    state: &AppState,
    record: &ChildRecord,
    plan: &CpPlanView,
) -> Result<(ParentVersion, Vec<&'static str>), AppError> {
    let child = record.item.person_id;
    let today = crate::time::today();
    let mut actions: Vec<ActionView> = state.store.actions_from("cp_plan", &plan.plan_id.to_string()).await?;
    for g in state.store.core_groups_of(plan.plan_id).await? {
        actions.extend(state.store.actions_from("core_group", &g.meeting_id.to_string()).await?);
    }
    let open: Vec<&ActionView> = actions.iter().filter(|a| a.child_id == child && a.action.status == ActionStatus::Open).collect();
    let (core_group, review, _) = next_due(state, plan).await?;
    let facts = ParentPlanFacts {
        child_name: record.item.given_name.clone(),
        category: plan.latest_category.or(plan.initial_category).unwrap_or(hearth_domain::child_protection::AbuseCategory::Multiple),
        started_on: plan.started_on,
        ended_on: plan.ended_on,
        actions: open
            .iter()
            .map(|a| PlainAction { who: a.owner_text(), what: a.action.description.clone(), due_on: a.action.due_on.unwrap_or(today) })
            .collect(),
        contingency_plan: plan.contingency_plan.clone(),
        worker: record.item.worker_name.clone(),
        team: record.item.team_name.clone(),
        authority_name: state.config.authority_name.clone(),
        next_core_group: Some(core_group),
        next_review: Some(review),
    };
    let mut workers_words = plan.contingency_plan.clone();
    for a in &open {
        workers_words.push('\n');
        workers_words.push_str(&a.action.description);
    }
    Ok((parent_version(&facts), unexplained_jargon(&workers_words)))
}

pub struct ParentSectionView {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub items: Vec<String>,
    pub quoted: Option<String>,
}

#[derive(Template)]
#[template(path = "parent_plan.html")]
pub struct ParentPlanPage {
    pub layout: Layout,
    pub back_href: String,
    pub pdf_href: String,
    pub title: String,
    pub intro: Vec<String>,
    pub sections: Vec<ParentSectionView>,
    pub jargon: String,
    pub printed_on: String,
}

pub async fn parents_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plan_id)): Path<(PersonId, PlanId)>,
) -> Result<Response, AppError> {
    let record = match open(&state, &user, id, "cp_plan_parents").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let plan = plan_of(&state, id, plan_id).await?;
    let (version, jargon) = build_parent_version(&state, &record, &plan).await?;
    let page = ParentPlanPage {
        layout: Layout::for_user(&state, &user, "The plan for parents", "search"),
        back_href: format!("/children/{id}#cp-plan"),
        pdf_href: format!("/children/{id}/cp-plans/{plan_id}/parents.pdf"),
        title: version.title.clone(),
        intro: version.intro.clone(),
        sections: version
            .sections
            .into_iter()
            .map(|s| ParentSectionView { heading: s.heading, paragraphs: s.paragraphs, items: s.items, quoted: s.quoted })
            .collect(),
        jargon: jargon.join(", "),
        printed_on: crate::time::date(crate::time::today()),
    };
    Ok(Html(page.render()?).into_response())
}

/// The same version as a PDF document.
pub fn parent_version_pdf(version: &ParentVersion, authority: &str, printed_on: NaiveDate) -> Vec<u8> {
    use crate::pdf::Block;
    let mut blocks = vec![Block::Title(version.title.clone())];
    blocks.extend(version.intro.iter().map(|p| Block::Paragraph(p.clone())));
    for s in &version.sections {
        blocks.push(Block::Heading(s.heading.clone()));
        blocks.extend(s.paragraphs.iter().map(|p| Block::Paragraph(p.clone())));
        blocks.extend(s.items.iter().map(|i| Block::Bullet(i.clone())));
        if let Some(q) = &s.quoted {
            blocks.push(Block::Quote(q.clone()));
        }
    }
    let mut footer = String::new();
    let _ = write!(footer, "Printed on {} by {authority}.", crate::time::date(printed_on));
    blocks.push(Block::Small(footer));
    crate::pdf::document(&version.title, &blocks)
}

pub async fn parents_pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, plan_id)): Path<(PersonId, PlanId)>,
) -> Result<Response, AppError> {
    let record = match open(&state, &user, id, "cp_plan_parents_pdf").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let plan = plan_of(&state, id, plan_id).await?;
    let (version, _) = build_parent_version(&state, &record, &plan).await?;
    let pdf = parent_version_pdf(&version, &state.config.authority_name, crate::time::today());
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            // No name in the file name: it is saved in download folders and
            // shown in mail attachments.
            (header::CONTENT_DISPOSITION, "inline; filename=\"plan-for-parents.pdf\""),
        ],
        pdf,
    )
        .into_response())
}

/// The parents' version's print stylesheet: served from Hearth itself
/// because the content security policy allows no inline styles.
pub async fn print_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../templates/parent_plan_print.css"),
    )
        .into_response()
}
