//! Strategy discussions, section 47 enquiries and child protection
//! conferences (issue 4, F14): the child protection section of the child's
//! record, and the forms that record each. Plans and core groups are
//! `cp_plans.rs`.

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
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{NaiveDate, NaiveTime};
use hearth_domain::actions::Action;
use hearth_domain::child_protection::{
    AbuseCategory, Agency, Attendee, ChildProtectionConference, ChildsViews, ConferenceDecision, ConferenceKind, Section47Enquiry,
    Section47Outcome, StrategyDecision, StrategyDiscussion,
};
use hearth_domain::clocks::rules::INITIAL_CONFERENCE;
use hearth_domain::clocks::{ClockPolicy, IcpcMeasuredFrom};
use hearth_domain::events::{ConferenceHeld, EventPayload, NewEvent, Section47Started, Section47Updated, StrategyDiscussionHeld};
use hearth_domain::ids::{ConferenceId, PersonId, ReferralId, Section47Id, StrategyDiscussionId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::child_protection::{ConferenceView, OpenCpPlan, Section47View, SetAction, StrategyDiscussionView};
use hearth_store::children::ChildRecord;

/// Attendee rows offered on a form; blank rows are ignored.
pub const ATTENDEE_ROWS: usize = 8;
/// Action rows offered on a form; blank rows are ignored.
pub const ACTION_ROWS: usize = 4;
const DATE_HINT: &str = "For example, 27 3 2026";
/// Field-less errors (a refusal) are reported on this name; the summary list
/// on the form carries it as its id so the error summary's link lands there.
const RECORD_FIELD: &str = "record";

/// This area's routes, merged into the router in `lib.rs`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{id}/strategy-discussions/new", get(discussion_form).post(create_discussion))
        .route("/children/{id}/strategy-discussions/{discussion_id}/section-47", get(start_form).post(start_enquiry))
        .route("/children/{id}/section-47s/{enquiry_id}/update", get(update_form).post(update_enquiry))
        .route("/children/{id}/section-47s/{enquiry_id}/initial-conference", get(initial_conference_form).post(create_initial_conference))
        .route("/children/{id}/review-conferences/new", get(review_conference_form).post(create_review_conference))
}

// ---------------------------------------------------------------------------
// The record's section
// ---------------------------------------------------------------------------

pub struct Card {
    pub title: String,
    pub rows: Vec<(String, String)>,
    /// Expected agencies nobody came from, shown as warning tags.
    pub absent: Vec<&'static str>,
    pub actions: Vec<String>,
    pub links: Vec<(String, String)>,
}

pub struct Group {
    pub id: &'static str,
    pub heading: &'static str,
    pub cards: Vec<Card>,
}

/// A conference decided on a plan and none has been recorded from it yet.
pub struct PlanPrompt {
    pub text: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "strategy_section.html")]
pub struct ProtectionSection {
    pub prompts: Vec<PlanPrompt>,
    pub links: Vec<(String, String)>,
    pub groups: Vec<Group>,
}

fn action_text(a: &SetAction) -> String {
    let status = match a.status.as_str() {
        "done" => " (done)",
        "cancelled" => " (cancelled)",
        _ => "",
    };
    format!("{}: {}, by {}{status}", a.description, a.owner(), crate::time::date(a.due_on))
}

fn attendee_text(attendees: &[Attendee]) -> String {
    attendees.iter().map(|a| format!("{}, {} ({})", a.name, a.role, a.agency.label())).collect::<Vec<_>>().join("; ")
}

fn discussion_card(child: PersonId, d: &StrategyDiscussionView, has_enquiry: bool, can_record: bool) -> Card {
    let mut rows = vec![
        ("Decision".to_string(), d.decision.label().to_string()),
        ("Attendees".to_string(), attendee_text(&d.attendees)),
        ("Information shared".to_string(), d.information_shared.clone()),
        ("Rationale".to_string(), d.rationale.clone()),
    ];
    if !d.interim_safety_plan.is_empty() {
        rows.push(("Interim safety plan".to_string(), d.interim_safety_plan.clone()));
    }
    let mut links = Vec::new();
    if can_record && d.decision.starts_section47() && !has_enquiry {
        links.push((
            format!("/children/{child}/strategy-discussions/{}/section-47", d.discussion_id),
            "Start the section 47 enquiry".to_string(),
        ));
    }
    Card {
        title: format!("Strategy discussion, {} at {}", crate::time::date(d.held_on), d.held_at.format("%-I:%M%P")),
        rows,
        absent: d.absent_agencies.iter().map(|a| a.label()).collect(),
        actions: d.actions.iter().map(action_text).collect(),
        links,
    }
}

fn enquiry_card(child: PersonId, e: &Section47View, has_conference: bool, can_record: bool) -> Card {
    let mut rows = vec![("Started".to_string(), crate::time::date(e.started_on))];
    let seen = match (e.child_seen_on, e.child_seen_alone) {
        (Some(on), Some(true)) => format!("{}, seen alone", crate::time::date(on)),
        (Some(on), _) => format!("{}, not seen alone: {}", crate::time::date(on), e.not_seen_alone_reason),
        (None, _) if !e.not_seen_reason.is_empty() => format!("Not seen: {}", e.not_seen_reason),
        (None, _) => "Not yet seen".to_string(),
    };
    rows.push(("Child seen".to_string(), seen));
    let outcome = match (e.outcome, e.completed_on) {
        (Some(o), Some(on)) => format!("{} ({})", o.label(), crate::time::date(on)),
        (Some(o), None) => o.label().to_string(),
        (None, _) => "Open: no outcome yet".to_string(),
    };
    rows.push(("Outcome".to_string(), outcome));
    if !e.icpc_not_required_reason.is_empty() {
        rows.push(("Why no conference is needed".to_string(), e.icpc_not_required_reason.clone()));
    }
    let mut links = Vec::new();
    if can_record && !e.is_concluded() {
        links.push((format!("/children/{child}/section-47s/{}/update", e.enquiry_id), "Update the enquiry".to_string()));
    }
    if can_record && e.may_have_initial_conference() && !has_conference {
        links.push((
            format!("/children/{child}/section-47s/{}/initial-conference", e.enquiry_id),
            "Record the initial conference".to_string(),
        ));
    }
    Card {
        title: format!("Section 47 enquiry from {}", crate::time::date(e.started_on)),
        rows,
        absent: Vec::new(),
        actions: Vec::new(),
        links,
    }
}

fn conference_card(c: &ConferenceView) -> Card {
    let kind = match c.kind {
        ConferenceKind::Initial => "Initial child protection conference",
        ConferenceKind::Review => "Review child protection conference",
    };
    let mut rows = vec![("Decision".to_string(), c.decision.label(c.kind).to_string())];
    if let Some(category) = c.category {
        rows.push(("Category of abuse".to_string(), format!("{} ({})", category.description(), category.code())));
    }
    rows.push(("Attendees".to_string(), attendee_text(&c.attendees)));
    let views = if c.childs_views.views.is_empty() {
        format!("Not gathered: {}", c.childs_views.not_obtained_reason)
    } else {
        c.childs_views.views.clone()
    };
    rows.push(("Child's views".to_string(), views));
    let advocacy = match (c.childs_views.advocacy_offered, c.childs_views.advocate.is_empty()) {
        (Some(true), false) => format!("Offered. Advocate: {}", c.childs_views.advocate),
        (Some(offered), _) => if offered { "Offered" } else { "Not offered" }.to_string(),
        (None, _) => "Not recorded".to_string(),
    };
    rows.push(("Advocacy".to_string(), advocacy));
    rows.push(("Rationale".to_string(), c.rationale.clone()));
    if !c.late_reason.is_empty() {
        rows.push(("Why it was held late".to_string(), c.late_reason.clone()));
    }
    Card {
        title: format!("{kind}, {}", crate::time::date(c.held_on)),
        rows,
        absent: Vec::new(),
        actions: c.actions.iter().map(action_text).collect(),
        links: Vec::new(),
    }
}

/// This area's section of the child's record (empty when there is nothing to show).
pub async fn record_section(state: &AppState, _user: &CurrentUser, child: PersonId, can_record: bool) -> Result<Markup, AppError> {
    let discussions = state.store.strategy_discussions_of(child).await?;
    let enquiries = state.store.section47s_of(child).await?;
    let conferences = state.store.conferences_of(child).await?;
    let open_referral = state.store.referrals_of(child).await?.iter().any(|r| r.closed_on.is_none());
    let open_plan = state.store.open_cp_plan_for_review(child).await?;

    let mut links = Vec::new();
    if can_record && open_referral {
        links.push((format!("/children/{child}/strategy-discussions/new"), "Record a strategy discussion".to_string()));
    }
    if can_record && open_plan.is_some() {
        links.push((format!("/children/{child}/review-conferences/new"), "Record a review conference".to_string()));
    }
    if discussions.is_empty() && enquiries.is_empty() && conferences.is_empty() && links.is_empty() {
        return Ok(Markup(String::new()));
    }

    let mut prompts = Vec::new();
    if can_record {
        for c in conferences.iter().filter(|c| c.kind == ConferenceKind::Initial && c.decision == ConferenceDecision::ChildProtectionPlan) {
            if !state.store.plan_recorded_from_conference(c.conference_id).await? {
                prompts.push(PlanPrompt {
                    text: format!(
                        "The initial conference on {} decided the child is to be the subject of a child protection plan.",
                        crate::time::date(c.held_on)
                    ),
                    href: format!("/children/{child}/cp-plans/new?conference={}", c.conference_id),
                });
            }
        }
    }
    let discussion_cards = discussions
        .iter()
        .map(|d| discussion_card(child, d, enquiries.iter().any(|e| e.discussion_id == d.discussion_id), can_record))
        .collect();
    let enquiry_cards = enquiries
        .iter()
        .map(|e| {
            let held = conferences.iter().any(|c| c.kind == ConferenceKind::Initial && c.enquiry_id == Some(e.enquiry_id));
            enquiry_card(child, e, held, can_record)
        })
        .collect();
    let groups = vec![
        Group { id: "strategy-discussions", heading: "Strategy discussions", cards: discussion_cards },
        Group { id: "section-47-enquiries", heading: "Section 47 enquiries", cards: enquiry_cards },
        Group { id: "conferences", heading: "Child protection conferences", cards: conferences.iter().map(conference_card).collect() },
    ];
    Ok(Markup(ProtectionSection { prompts, links, groups: groups.into_iter().filter(|g| !g.cards.is_empty()).collect() }.render()?))
}

// ---------------------------------------------------------------------------
// Form helpers
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "strategy_form.html")]
pub struct FormPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub heading: String,
    pub intro: Vec<String>,
    pub summary: Vec<(String, String)>,
    pub action: String,
    pub button: &'static str,
    pub error_summary: Markup,
    pub record_error: Option<String>,
    pub fields: Vec<Markup>,
    pub cancel_href: String,
}

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
        cancel_href: format!("/children/{id}#child-protection"),
    };
    Ok(page.render()?)
}

fn unprocessable(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

/// Maps a store refusal or field errors into the form; other failures are errors.
fn store_errors(form: &mut FormState, err: StoreError) -> Result<(), AppError> {
    match err {
        StoreError::Invalid(errors) => {
            merge(form, errors);
            Ok(())
        }
        StoreError::Refused(message) => {
            form.errors.add(RECORD_FIELD, message);
            Ok(())
        }
        e => Err(e.into()),
    }
}

/// Renames `{list}[k].…` to `{list}[rows[k]].…`: the domain numbers the rows
/// it was given, the form numbers every row shown, blank ones included. An
/// action with no owner is shown at the owner's name, which is how it is typed.
fn renumber(errors: FieldErrors, list: &str, rows: &[usize]) -> FieldErrors {
    let prefix = format!("{list}[");
    let mut out = FieldErrors::new();
    for e in errors.0 {
        let field = match e.field.strip_prefix(&prefix).and_then(|rest| rest.split_once(']')) {
            Some((k, rest)) => match k.parse::<usize>().ok().and_then(|k| rows.get(k)) {
                Some(row) => format!("{list}[{row}]{rest}"),
                None => e.field.clone(),
            },
            None => e.field.clone(),
        };
        let field = match field.strip_suffix(".owner") {
            Some(head) if head.starts_with(&prefix) => format!("{head}.owner_name"),
            _ => field,
        };
        out.add(field, e.message);
    }
    out
}

fn list_error(form: &FormState, name: &str) -> String {
    form.error(name)
        .map(|e| {
            format!(r#"<p id="{name}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>"#, esc(e))
        })
        .unwrap_or_default()
}

fn attendee_fields(form: &FormState, heading: &str, intro: &str) -> Markup {
    let mut agencies = vec![(String::new(), "Choose the agency".to_string())];
    agencies.extend(Agency::ALL.iter().map(|a| (a.code().to_string(), a.label().to_string())));
    let mut html = format!(
        r#"<h2 class="govuk-heading-m" id="attendees" tabindex="-1">{}</h2><p class="govuk-body">{}</p>{}"#,
        esc(heading),
        esc(intro),
        list_error(form, "attendees")
    );
    for i in 0..ATTENDEE_ROWS {
        let p = format!("attendees[{i}]");
        html.push_str(&format!(
            r#"<fieldset class="govuk-fieldset hearth-attendee-row"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Person {}</legend>"#,
            i + 1
        ));
        html.push_str(
            &components::text_input(form, &format!("{p}.name"), "Name", Input { width: "govuk-input--width-20", ..Input::default() }).0,
        );
        html.push_str(&components::select(form, &format!("{p}.agency"), "Agency", "", &agencies).0);
        html.push_str(
            &components::text_input(
                form,
                &format!("{p}.role"),
                "Role",
                Input {
                    hint: "For example, Designated nurse, or DS, child abuse investigation team",
                    width: "govuk-input--width-20",
                    ..Input::default()
                },
            )
            .0,
        );
        html.push_str("</fieldset>");
    }
    Markup(html)
}

fn action_fields(form: &FormState) -> Markup {
    let mut html = format!(
        r#"<h2 class="govuk-heading-m" id="actions" tabindex="-1">Actions</h2><p class="govuk-body">Each action needs what is to be done, who will do it (their name and agency) and the date it must be done by. Leave rows you do not need empty.</p>{}"#,
        list_error(form, "actions")
    );
    for i in 0..ACTION_ROWS {
        let p = format!("actions[{i}]");
        html.push_str(&format!(
            r#"<fieldset class="govuk-fieldset hearth-action-row"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Action {}</legend>"#,
            i + 1
        ));
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
                "Their agency",
                Input { hint: "For example, Police, Health visiting, or Parent", width: "govuk-input--width-20", ..Input::default() },
            )
            .0,
        );
        html.push_str(&components::date_input(form, &format!("{p}.due_on"), "To be done by", DATE_HINT).0);
        html.push_str("</fieldset>");
    }
    Markup(html)
}

/// The actions typed into the form, with the form row each came from.
/// A time of day as people type it: "14:30", "1430", "2:30pm", "2pm", "9.15am".
pub fn parse_time(raw: &str) -> Option<NaiveTime> {
    let s: String = raw.trim().to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let (body, offset) = if let Some(b) = s.strip_suffix("pm") {
        (b, Some(12))
    } else if let Some(b) = s.strip_suffix("am") {
        (b, Some(0))
    } else {
        (s.as_str(), None)
    };
    let (h, m) = match body.split_once([':', '.']) {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None if offset.is_some() => (body.parse::<u32>().ok()?, 0),
        None if body.len() == 4 => (body[..2].parse::<u32>().ok()?, body[2..].parse::<u32>().ok()?),
        None => return None,
    };
    let h = match offset {
        Some(add) if (1..=12).contains(&h) => h % 12 + add,
        Some(_) => return None,
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

fn yes_no_options() -> Vec<(String, String)> {
    vec![("yes".to_string(), "Yes".to_string()), ("no".to_string(), "No".to_string())]
}

fn read_yes_no(form: &FormState, name: &str) -> Option<bool> {
    match form.value(name) {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn set_date(form: &mut FormState, name: &str, d: Option<NaiveDate>) {
    if let Some(d) = d {
        form.set(&format!("{name}-day"), d.format("%-d").to_string());
        form.set(&format!("{name}-month"), d.format("%-m").to_string());
        form.set(&format!("{name}-year"), d.format("%Y").to_string());
    }
}

// ---------------------------------------------------------------------------
// Strategy discussions
// ---------------------------------------------------------------------------

/// The open children in need episode a strategy discussion belongs to.
async fn open_referral(state: &AppState, child: PersonId) -> Result<ReferralId, AppError> {
    state.store.referrals_of(child).await?.into_iter().find(|r| r.closed_on.is_none()).map(|r| r.referral_id).ok_or_else(|| {
        AppError::Conflict(
            "The child has no open referral. A strategy discussion belongs to a children in need episode: record the referral first."
                .to_string(),
        )
    })
}

fn discussion_parts(id: PersonId, form: &FormState) -> FormParts {
    let decisions = components::options(StrategyDecision::ALL, StrategyDecision::code, |d| d.label().to_string());
    FormParts {
        heading: "Record a strategy discussion".to_string(),
        intro: vec![
            "Record everyone who took part, for which agency. Police, health, education and children's social care are expected: any not there will be shown on the record.".to_string(),
        ],
        summary: Vec::new(),
        action: format!("/children/{id}/strategy-discussions/new"),
        button: "Save the strategy discussion",
        fields: vec![
            components::date_input(form, "held_at", "Date of the strategy discussion", DATE_HINT),
            components::text_input(
                form,
                "held_at_time",
                "Time it started",
                Input { hint: "For example, 14:30 or 2:30pm", width: "govuk-input--width-5", ..Input::default() },
            ),
            attendee_fields(form, "Who took part", "Leave rows you do not need empty."),
            components::textarea(form, "information_shared", "Information shared", "What each agency shared, and what it knows about the child and family.", 6),
            components::radios(form, "decision", "Decision", "", &decisions, false),
            components::textarea(form, "rationale", "Rationale", "Why this decision: what meets or does not meet the threshold for section 47.", 5),
            components::textarea(
                form,
                "interim_safety_plan",
                "Interim safety plan",
                "How the child will be kept safe while the enquiry is carried out. Required when a section 47 enquiry will start.",
                4,
            ),
            action_fields(form),
        ],
    }
}

pub async fn discussion_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record strategy discussions")?;
    let record = match open_record(&state, &user, id, "strategy_discussion_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    open_referral(&state, id).await?;
    let form = FormState::default();
    Ok(Html(render_form(&state, &user, &record, &form, discussion_parts(id, &form))?).into_response())
}

/// Reads the strategy discussion from the form, with every problem the form
/// and the domain can find between them.
fn read_discussion(form: &mut FormState, today: NaiveDate) -> StrategyDiscussion {
    let held_on = form.date("held_at", "the date of the strategy discussion", true);
    let time = match form.trimmed("held_at_time") {
        None => {
            form.errors.add("held_at_time", "Enter the time the strategy discussion started");
            None
        }
        Some(raw) => {
            let t = parse_time(&raw);
            if t.is_none() {
                form.errors.add("held_at_time", "Enter the time as, for example, 14:30 or 2:30pm");
            }
            t
        }
    };
    let (attendees, attendee_rows) = read_attendees(form, ATTENDEE_ROWS, "Select the agency this person was there for");
    let (actions, action_rows) = read_actions(form, ACTION_ROWS);
    let discussion = StrategyDiscussion {
        held_at: held_on.map(|d| d.and_time(time.unwrap_or_default())),
        attendees,
        information_shared: form.value("information_shared").trim().to_string(),
        decision: StrategyDecision::from_code(form.value("decision")),
        rationale: form.value("rationale").trim().to_string(),
        interim_safety_plan: form.value("interim_safety_plan").trim().to_string(),
        actions,
    };
    if let Err(errors) = discussion.validate(today) {
        let errors = renumber(renumber(errors, "attendees", &attendee_rows), "actions", &action_rows);
        merge(form, errors);
    }
    discussion
}

pub async fn create_discussion(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record strategy discussions")?;
    let record = match open_record(&state, &user, id, "strategy_discussion_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let referral = open_referral(&state, id).await?;
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let discussion = read_discussion(&mut form, today);
    if let (Some(held_on), false) = (discussion.held_on(), form.has_errors()) {
        let event =
            StrategyDiscussionHeld { discussion_id: StrategyDiscussionId::new(), child_id: id, referral_id: Some(referral), discussion };
        let events = vec![NewEvent::new(EventPayload::StrategyDiscussionHeld(event), crate::time::noon_on(held_on))];
        match state.store.append(user.staff.user_id, events).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}#child-protection")).into_response()),
            Err(e) => store_errors(&mut form, e)?,
        }
    }
    Ok(unprocessable(render_form(&state, &user, &record, &form, discussion_parts(id, &form))?))
}

// ---------------------------------------------------------------------------
// Section 47 enquiries
// ---------------------------------------------------------------------------

async fn discussion_of(state: &AppState, child: PersonId, raw: &str) -> Result<StrategyDiscussionView, AppError> {
    let id: StrategyDiscussionId = raw.parse().map_err(|_| AppError::NotFound)?;
    match state.store.strategy_discussion(id).await? {
        Some(d) if d.child_id == child => Ok(d),
        _ => Err(AppError::NotFound),
    }
}

async fn enquiry_of(state: &AppState, child: PersonId, raw: &str) -> Result<Section47View, AppError> {
    let id: Section47Id = raw.parse().map_err(|_| AppError::NotFound)?;
    match state.store.section47(id).await? {
        Some(e) if e.child_id == child => Ok(e),
        _ => Err(AppError::NotFound),
    }
}

fn start_parts(id: PersonId, d: &StrategyDiscussionView, form: &FormState) -> FormParts {
    FormParts {
        heading: "Start the section 47 enquiry".to_string(),
        intro: vec!["The enquiry starts from the strategy discussion that decided on it.".to_string()],
        summary: vec![
            ("Strategy discussion".to_string(), crate::time::date(d.held_on)),
            ("Decision".to_string(), d.decision.label().to_string()),
            ("Rationale".to_string(), d.rationale.clone()),
        ],
        action: format!("/children/{id}/strategy-discussions/{}/section-47", d.discussion_id),
        button: "Start the enquiry",
        fields: vec![components::date_input(form, "started_on", "Date the enquiry started", DATE_HINT)],
    }
}

pub async fn start_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, discussion_id)): Path<(PersonId, String)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "start section 47 enquiries")?;
    let record = match open_record(&state, &user, id, "section47_start_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let d = discussion_of(&state, id, &discussion_id).await?;
    let mut form = FormState::default();
    set_date(&mut form, "started_on", Some(d.held_on));
    Ok(Html(render_form(&state, &user, &record, &form, start_parts(id, &d, &form))?).into_response())
}

pub async fn start_enquiry(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, discussion_id)): Path<(PersonId, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "start section 47 enquiries")?;
    let record = match open_record(&state, &user, id, "section47_start_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let d = discussion_of(&state, id, &discussion_id).await?;
    let mut form = FormState::from_pairs(pairs);
    let started_on = form.date("started_on", "the date the enquiry started", true);
    if let (Some(started_on), false) = (started_on, form.has_errors()) {
        let event = Section47Started {
            enquiry_id: Section47Id::new(),
            child_id: id,
            discussion_id: d.discussion_id,
            discussion_on: d.held_on,
            started_on,
        };
        if let Err(errors) = event.validate(crate::time::today()) {
            merge(&mut form, errors);
        } else {
            let events = vec![NewEvent::new(EventPayload::Section47Started(event), crate::time::noon_on(started_on))];
            match state.store.append(user.staff.user_id, events).await {
                Ok(_) => return Ok(Redirect::to(&format!("/children/{id}#child-protection")).into_response()),
                Err(e) => store_errors(&mut form, e)?,
            }
        }
    }
    Ok(unprocessable(render_form(&state, &user, &record, &form, start_parts(id, &d, &form))?))
}

fn update_parts(id: PersonId, e: &Section47View, form: &FormState) -> FormParts {
    let outcomes = components::options(Section47Outcome::ALL, Section47Outcome::code, |o| o.label().to_string());
    FormParts {
        heading: "Update the section 47 enquiry".to_string(),
        intro: vec![
            "Record when the child was seen and whether they were seen alone. Once the enquiry is finished, record its outcome and the date it was completed: it cannot be updated after that, only corrected.".to_string(),
        ],
        summary: vec![
            ("Strategy discussion".to_string(), crate::time::date(e.discussion_on)),
            ("Enquiry started".to_string(), crate::time::date(e.started_on)),
        ],
        action: format!("/children/{id}/section-47s/{}/update", e.enquiry_id),
        button: "Save the enquiry",
        fields: vec![
            components::date_input(form, "child_seen_on", "Date the child was seen", "Leave empty if the child has not been seen yet"),
            components::radios(form, "child_seen_alone", "Was the child seen alone?", "", &yes_no_options(), true),
            components::textarea(form, "not_seen_alone_reason", "Why the child was not seen alone", "For example, a baby, or the child refused.", 3),
            components::textarea(
                form,
                "not_seen_reason",
                "Why the child was not seen",
                "Needed to complete the enquiry without the child being seen.",
                3,
            ),
            components::radios(form, "outcome", "Outcome", "Leave unselected while the enquiry is still open.", &outcomes, false),
            components::textarea(
                form,
                "icpc_not_required_reason",
                "Why an initial conference is not required",
                "Only when the outcome is that an initial conference is not required.",
                3,
            ),
            components::date_input(form, "completed_on", "Date the enquiry was completed", "Leave empty while the enquiry is still open"),
        ],
    }
}

fn prefill_enquiry(e: &Section47View) -> FormState {
    let mut form = FormState::default();
    set_date(&mut form, "child_seen_on", e.child_seen_on);
    if let Some(alone) = e.child_seen_alone {
        form.set("child_seen_alone", if alone { "yes" } else { "no" });
    }
    form.set("not_seen_alone_reason", e.not_seen_alone_reason.clone());
    form.set("not_seen_reason", e.not_seen_reason.clone());
    form
}

fn concluded_already() -> AppError {
    AppError::Conflict(
        "The enquiry is concluded, so it cannot be updated. To put a mistake right, correct its entry in the chronology.".to_string(),
    )
}

pub async fn update_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, enquiry_id)): Path<(PersonId, String)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "update section 47 enquiries")?;
    let record = match open_record(&state, &user, id, "section47_update_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let e = enquiry_of(&state, id, &enquiry_id).await?;
    if e.is_concluded() {
        return Err(concluded_already());
    }
    let form = prefill_enquiry(&e);
    Ok(Html(render_form(&state, &user, &record, &form, update_parts(id, &e, &form))?).into_response())
}

pub async fn update_enquiry(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, enquiry_id)): Path<(PersonId, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "update section 47 enquiries")?;
    let record = match open_record(&state, &user, id, "section47_update_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let e = enquiry_of(&state, id, &enquiry_id).await?;
    if e.is_concluded() {
        return Err(concluded_already());
    }
    let mut form = FormState::from_pairs(pairs);
    let child_seen_on = form.date("child_seen_on", "the date the child was seen", false);
    let completed_on = form.date("completed_on", "the date the enquiry was completed", false);
    let outcome = Section47Outcome::from_code(form.value("outcome"));
    let enquiry = Section47Enquiry {
        strategy_discussion_on: e.discussion_on,
        started_on: Some(e.started_on),
        child_seen_on,
        child_seen_alone: read_yes_no(&form, "child_seen_alone"),
        not_seen_alone_reason: form.value("not_seen_alone_reason").trim().to_string(),
        not_seen_reason: form.value("not_seen_reason").trim().to_string(),
        outcome,
        icpc_not_required_reason: form.value("icpc_not_required_reason").trim().to_string(),
        completed_on,
    };
    let today = crate::time::today();
    if let Err(errors) = enquiry.validate(today) {
        merge(&mut form, errors);
    }
    if !form.has_errors() {
        // Dated by the latest thing it records, so the chronology puts it there.
        let on = [child_seen_on, completed_on].into_iter().flatten().max().unwrap_or(today);
        let event = Section47Updated { enquiry_id: e.enquiry_id, child_id: id, enquiry };
        match state
            .store
            .append(user.staff.user_id, vec![NewEvent::new(EventPayload::Section47Updated(event), crate::time::noon_on(on))])
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}#child-protection")).into_response()),
            Err(err) => store_errors(&mut form, err)?,
        }
    }
    Ok(unprocessable(render_form(&state, &user, &record, &form, update_parts(id, &e, &form))?))
}

// ---------------------------------------------------------------------------
// Conferences
// ---------------------------------------------------------------------------

fn conference_fields(form: &FormState, kind: ConferenceKind) -> Vec<Markup> {
    let decisions = vec![
        ("child_protection_plan".to_string(), ConferenceDecision::ChildProtectionPlan.label(kind).to_string()),
        ("no_plan".to_string(), ConferenceDecision::NoPlan.label(kind).to_string()),
    ];
    let categories = components::options(AbuseCategory::ALL, AbuseCategory::code, |c| format!("{} ({})", c.description(), c.code()));
    vec![
        components::date_input(form, "held_on", "Date of the conference", DATE_HINT),
        attendee_fields(form, "Who attended", "Include parents, and the child if they attended. Leave rows you do not need empty."),
        components::textarea(
            form,
            "childs_views",
            "The child's views",
            "In the child's words where possible, and how they were gathered.",
            4,
        ),
        components::textarea(
            form,
            "childs_views_not_obtained_reason",
            "Why the child's views could not be gathered",
            "Only if they could not be: for example, a baby, observed with their mother.",
            3,
        ),
        components::radios(form, "advocacy_offered", "Was the child offered an advocate?", "", &yes_no_options(), true),
        components::text_input(
            form,
            "advocate",
            "Advocate",
            Input { hint: "Their name and service, if one took part", width: "govuk-input--width-30", ..Input::default() },
        ),
        components::radios(form, "decision", "Decision", "", &decisions, false),
        components::radios(
            form,
            "category",
            "Category of abuse",
            "The category the plan is made under, or continues under.",
            &categories,
            false,
        ),
        components::textarea(form, "rationale", "Rationale", "Why the conference reached its decision.", 5),
        components::textarea(
            form,
            "late_reason",
            "Why the conference was held late",
            "Needed if it was held outside its timescale (for an initial conference, 15 working days from the strategy discussion).",
            3,
        ),
        action_fields(form),
    ]
}

/// Reads a conference from the form; the domain's problems are added to the form.
fn read_conference(form: &mut FormState, kind: ConferenceKind, base: ChildProtectionConference, today: NaiveDate) -> ConferenceHeldParts {
    let held_on = form.date("held_on", "the date of the conference", true);
    let (attendees, attendee_rows) = read_attendees(form, ATTENDEE_ROWS, "Select the agency this person was there for");
    let (actions, action_rows) = read_actions(form, ACTION_ROWS);
    let decision = match form.value("decision") {
        "child_protection_plan" => Some(ConferenceDecision::ChildProtectionPlan),
        "no_plan" => Some(ConferenceDecision::NoPlan),
        _ => None,
    };
    let conference = ChildProtectionConference {
        kind,
        held_on,
        attendees,
        childs_views: ChildsViews {
            views: form.value("childs_views").trim().to_string(),
            not_obtained_reason: form.value("childs_views_not_obtained_reason").trim().to_string(),
            advocacy_offered: read_yes_no(form, "advocacy_offered"),
            advocate: form.value("advocate").trim().to_string(),
        },
        decision,
        rationale: form.value("rationale").trim().to_string(),
        category: AbuseCategory::from_code(form.value("category")),
        ..base
    };
    let late_reason = form.value("late_reason").trim().to_string();
    let probe = ConferenceHeld {
        conference_id: ConferenceId::new(),
        child_id: PersonId::new(),
        enquiry_id: None,
        plan_id: None,
        conference,
        late_reason,
        actions,
    };
    if let Err(errors) = probe.validate(today) {
        merge(form, renumber(renumber(errors, "attendees", &attendee_rows), "actions", &action_rows));
    }
    ConferenceHeldParts { conference: probe.conference, late_reason: probe.late_reason, actions: probe.actions }
}

struct ConferenceHeldParts {
    conference: ChildProtectionConference,
    late_reason: String,
    actions: Vec<Action>,
}

fn blank_conference(kind: ConferenceKind) -> ChildProtectionConference {
    ChildProtectionConference {
        kind,
        held_on: None,
        section47_started_on: None,
        plan_started_on: None,
        attendees: Vec::new(),
        childs_views: ChildsViews::default(),
        decision: None,
        rationale: String::new(),
        category: None,
    }
}

/// When the initial conference for this enquiry is due, by the authority's policy.
async fn icpc_due(state: &AppState, e: &Section47View) -> Result<(NaiveDate, String), AppError> {
    let policy = ClockPolicy::default();
    let (anchor, what) = match policy.icpc_measured_from {
        IcpcMeasuredFrom::StrategyDiscussion => (e.discussion_on, "the strategy discussion"),
        IcpcMeasuredFrom::Section47Start => (e.started_on, "the start of the enquiry"),
    };
    let calendar = state.store.calendar().await?;
    let period = INITIAL_CONFERENCE.period(&policy);
    Ok((period.due_from(anchor, &calendar), format!("{} after {what}", period.describe())))
}

async fn initial_parts(state: &AppState, id: PersonId, e: &Section47View, form: &FormState) -> Result<FormParts, AppError> {
    let (due, rule) = icpc_due(state, e).await?;
    Ok(FormParts {
        heading: "Record the initial child protection conference".to_string(),
        intro: vec!["A conference cannot be held at a weekend.".to_string()],
        summary: vec![
            ("Strategy discussion".to_string(), crate::time::date(e.discussion_on)),
            ("Enquiry started".to_string(), crate::time::date(e.started_on)),
            ("Conference due by".to_string(), format!("{} ({rule})", crate::time::date(due))),
        ],
        action: format!("/children/{id}/section-47s/{}/initial-conference", e.enquiry_id),
        button: "Save the conference",
        fields: conference_fields(form, ConferenceKind::Initial),
    })
}

fn may_have_conference(e: &Section47View) -> Result<(), AppError> {
    if e.may_have_initial_conference() {
        Ok(())
    } else {
        Err(AppError::Conflict("The enquiry concluded that no initial child protection conference is needed.".to_string()))
    }
}

pub async fn initial_conference_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, enquiry_id)): Path<(PersonId, String)>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record child protection conferences")?;
    let record = match open_record(&state, &user, id, "conference_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let e = enquiry_of(&state, id, &enquiry_id).await?;
    may_have_conference(&e)?;
    let form = FormState::default();
    let parts = initial_parts(&state, id, &e, &form).await?;
    Ok(Html(render_form(&state, &user, &record, &form, parts)?).into_response())
}

pub async fn create_initial_conference(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, enquiry_id)): Path<(PersonId, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record child protection conferences")?;
    let record = match open_record(&state, &user, id, "conference_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let e = enquiry_of(&state, id, &enquiry_id).await?;
    may_have_conference(&e)?;
    let mut form = FormState::from_pairs(pairs);
    let base = ChildProtectionConference { section47_started_on: Some(e.started_on), ..blank_conference(ConferenceKind::Initial) };
    let parts = read_conference(&mut form, ConferenceKind::Initial, base, crate::time::today());
    if let (Some(held_on), false) = (parts.conference.held_on, form.has_errors()) {
        let made_plan = parts.conference.decision == Some(ConferenceDecision::ChildProtectionPlan);
        let event = ConferenceHeld {
            conference_id: ConferenceId::new(),
            child_id: id,
            enquiry_id: Some(e.enquiry_id),
            plan_id: None,
            conference: parts.conference,
            late_reason: parts.late_reason,
            actions: parts.actions,
        };
        match state
            .store
            .append(user.staff.user_id, vec![NewEvent::new(EventPayload::ConferenceHeld(event), crate::time::noon_on(held_on))])
            .await
        {
            // A plan decided is recorded next: the record's child protection
            // section says so, with the link to the plan form.
            Ok(_) => {
                let anchor = if made_plan { "child-protection" } else { "conferences" };
                return Ok(Redirect::to(&format!("/children/{id}#{anchor}")).into_response());
            }
            Err(err) => store_errors(&mut form, err)?,
        }
    }
    let page = initial_parts(&state, id, &e, &form).await?;
    Ok(unprocessable(render_form(&state, &user, &record, &form, page)?))
}

async fn open_plan(state: &AppState, child: PersonId) -> Result<OpenCpPlan, AppError> {
    state
        .store
        .open_cp_plan_for_review(child)
        .await?
        .ok_or_else(|| AppError::Conflict("The child has no open child protection plan, so there is no plan to review.".to_string()))
}

fn review_parts(id: PersonId, plan: &OpenCpPlan, form: &FormState) -> FormParts {
    FormParts {
        heading: "Record a review child protection conference".to_string(),
        intro: vec![
            "The first review is due within 3 months of the plan starting, then at most every 6 months. A conference cannot be held at a weekend.".to_string(),
        ],
        summary: vec![("Plan started".to_string(), crate::time::date(plan.started_on))],
        action: format!("/children/{id}/review-conferences/new"),
        button: "Save the review conference",
        fields: conference_fields(form, ConferenceKind::Review),
    }
}

pub async fn review_conference_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record child protection conferences")?;
    let record = match open_record(&state, &user, id, "conference_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let plan = open_plan(&state, id).await?;
    let form = FormState::default();
    Ok(Html(render_form(&state, &user, &record, &form, review_parts(id, &plan, &form))?).into_response())
}

pub async fn create_review_conference(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), "record child protection conferences")?;
    let record = match open_record(&state, &user, id, "conference_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let plan = open_plan(&state, id).await?;
    let mut form = FormState::from_pairs(pairs);
    let base = ChildProtectionConference { plan_started_on: Some(plan.started_on), ..blank_conference(ConferenceKind::Review) };
    let parts = read_conference(&mut form, ConferenceKind::Review, base, crate::time::today());
    if let (Some(held_on), false) = (parts.conference.held_on, form.has_errors()) {
        let event = ConferenceHeld {
            conference_id: ConferenceId::new(),
            child_id: id,
            enquiry_id: None,
            plan_id: Some(plan.plan_id),
            conference: parts.conference,
            late_reason: parts.late_reason,
            actions: parts.actions,
        };
        match state
            .store
            .append(user.staff.user_id, vec![NewEvent::new(EventPayload::ConferenceHeld(event), crate::time::noon_on(held_on))])
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}#conferences")).into_response()),
            Err(err) => store_errors(&mut form, err)?,
        }
    }
    Ok(unprocessable(render_form(&state, &user, &record, &form, review_parts(id, &plan, &form))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_as_people_type_them() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("14:30"), t(14, 30));
        assert_eq!(parse_time("1430"), t(14, 30));
        assert_eq!(parse_time("2:30pm"), t(14, 30));
        assert_eq!(parse_time(" 2 PM "), t(14, 0));
        assert_eq!(parse_time("12am"), t(0, 0));
        assert_eq!(parse_time("12:15pm"), t(12, 15));
        assert_eq!(parse_time("9.15am"), t(9, 15));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("13pm"), None);
        assert_eq!(parse_time("noonish"), None);
        assert_eq!(parse_time("930"), None);
    }

    #[test]
    fn domain_row_numbers_become_form_row_numbers() {
        let mut e = FieldErrors::new();
        e.add("attendees[1].role", "Enter the attendee's role");
        e.add("attendees", "Add everyone");
        e.add("actions[0].owner", "Select who");
        let out = renumber(renumber(e, "attendees", &[0, 3]), "actions", &[2]);
        assert_eq!(out.for_field("attendees[3].role"), Some("Enter the attendee's role"));
        assert_eq!(out.for_field("attendees"), Some("Add everyone"));
        assert_eq!(out.for_field("actions[2].owner_name"), Some("Select who"));
    }
}
