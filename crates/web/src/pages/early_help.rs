//! Early help (F11): the waiting list with its keeping-in-touch contacts,
//! an episode's page (keep in touch, start, assessment, step up, close), and
//! stepping a child down from their record.
//!
//! Early help workers sign in as practitioners for now; the MASH and
//! managers see the waiting list too, because the MASH steps children down
//! onto it and managers answer for how long families wait.

use super::child_record::open_record;
use super::home::ChildRow;
use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup, Input};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use hearth_domain::codes::ReferralSource;
use hearth_domain::early_help::{
    EarlyHelpClosureReason, EarlyHelpRoute, EpisodeStatus, KeepingInTouchMethod,
    KeepingInTouchState, days_waiting, median_days,
};
use hearth_domain::events::*;
use hearth_domain::front_door::{Rag, chain_for};
use hearth_domain::ids::{ContactId, EarlyHelpEpisodeId, PersonId};
use hearth_domain::staff::Role;
use hearth_store::StoreError;
use hearth_store::early_help::{EpisodeView, QuickReReferral};

/// Who sees the waiting list and works on episodes.
pub fn can_work_on_early_help(role: Role) -> bool {
    matches!(
        role,
        Role::Practitioner | Role::TeamManager | Role::ServiceManager | Role::MashWorker
    )
}

/// Who steps a child down from their record: their social worker and managers.
pub fn can_step_down(role: Role) -> bool {
    matches!(
        role,
        Role::Practitioner | Role::TeamManager | Role::ServiceManager
    )
}

/// The step-down a contact decided as early help records, one per child
/// not already open to early help (F11). The decision's rationale is the
/// reason: the manager authorised it as written.
pub fn step_down_events(
    received: &ContactReceived,
    rationale: &str,
    today: NaiveDate,
    in_early_help: &[PersonId],
) -> Vec<EventPayload> {
    received
        .children
        .iter()
        .filter(|c| !in_early_help.contains(c))
        .map(|child| {
            EventPayload::EarlyHelpReferred(EarlyHelpReferred {
                episode_id: EarlyHelpEpisodeId::new(),
                child_id: *child,
                route: EarlyHelpRoute::StepDownFromContact,
                contact_id: Some(received.contact_id),
                referral_id: None,
                requested_by: None,
                reason: rationale.trim().to_string(),
                referred_on: today,
            })
        })
        .collect()
}


fn days_text(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// The keeping-in-touch tag for a family on the waiting list.
fn due_tag(state: KeepingInTouchState) -> (String, &'static str) {
    match state {
        KeepingInTouchState::Overdue(n) => (
            format!("Overdue by {}", days_text(n)),
            "govuk-tag govuk-tag--red",
        ),
        KeepingInTouchState::DueToday => ("Due today".to_string(), "govuk-tag govuk-tag--orange"),
        KeepingInTouchState::DueOn(d) => (
            format!("Due {}", crate::time::date(d)),
            "govuk-tag govuk-tag--grey",
        ),
    }
}

pub struct WaitingRow {
    pub href: String,
    pub child_href: String,
    pub name: String,
    pub hearth_ref: String,
    pub route: &'static str,
    pub referred: String,
    pub waiting: String,
    pub last_contact: String,
    pub due: String,
    pub due_class: &'static str,
}

#[derive(Template)]
#[template(path = "early_help_waiting_list.html")]
pub struct WaitingListPage {
    pub layout: Layout,
    pub rows: Vec<WaitingRow>,
    pub total: usize,
    pub overdue: usize,
    pub overdue_only: bool,
    pub median: String,
    pub oldest: String,
    pub interval: u32,
}

#[derive(serde::Deserialize, Default)]
pub struct WaitingQuery {
    #[serde(default)]
    overdue: Option<String>,
}

/// A family on the waiting list, as the list and the API show it.
pub struct Waiting {
    pub episode: EpisodeView,
    pub days_waiting: i64,
    pub next_due: NaiveDate,
    pub due: KeepingInTouchState,
}

/// The waiting list, the longest waiting first, with each family's
/// keeping-in-touch due date under the authority's policy.
pub async fn waiting_list(state: &AppState) -> Result<Vec<Waiting>, AppError> {
    let calendar = state.calendar().await?;
    let today = crate::time::today();
    let policy = state.config.keeping_in_touch;
    Ok(state
        .store
        .early_help_waiting_list()
        .await?
        .into_iter()
        .map(|episode| {
            let next_due = policy.next_due(episode.referred_on, episode.last_reached_on, &calendar);
            Waiting {
                days_waiting: days_waiting(episode.referred_on, today),
                next_due,
                due: KeepingInTouchState::on(next_due, today),
                episode,
            }
        })
        .collect())
}

/// `GET /early-help?overdue=1`: who is waiting, for how long, and whose
/// keeping-in-touch contact is due or overdue.
pub async fn waiting(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<WaitingQuery>,
) -> Result<Html<String>, AppError> {
    require(
        can_work_on_early_help(user.staff.role),
        "see the early help waiting list",
    )?;
    let all = waiting_list(&state).await?;
    let days: Vec<i64> = all.iter().map(|w| w.days_waiting).collect();
    let overdue = all.iter().filter(|w| w.due.is_overdue()).count();
    let overdue_only = q.overdue.is_some();
    let rows = all
        .iter()
        .filter(|w| !overdue_only || w.due.is_overdue())
        .map(|w| {
            let (due, due_class) = due_tag(w.due);
            let e = &w.episode;
            WaitingRow {
                href: format!("/early-help/episodes/{}", e.episode_id),
                child_href: format!("/children/{}", e.child_id),
                name: e.child_name.clone(),
                hearth_ref: e.hearth_ref.clone(),
                route: e.route.label(),
                referred: crate::time::date(e.referred_on),
                waiting: days_text(w.days_waiting),
                last_contact: match (e.last_kept_in_touch_on, e.last_reached_on) {
                    (None, _) => "None yet".to_string(),
                    (Some(last), Some(reached)) if last == reached => crate::time::date(reached),
                    (Some(last), Some(reached)) => format!(
                        "{} (no reply); last reached {}",
                        crate::time::date(last),
                        crate::time::date(reached)
                    ),
                    (Some(last), None) => format!("{} (no reply)", crate::time::date(last)),
                },
                due,
                due_class,
            }
        })
        .collect();
    let page = WaitingListPage {
        layout: Layout::for_user(&state, &user, "Early help waiting list", "early_help"),
        rows,
        total: all.len(),
        overdue,
        overdue_only,
        median: median_days(&days)
            .map(days_text)
            .unwrap_or_else(|| "No one is waiting".to_string()),
        oldest: days
            .iter()
            .max()
            .copied()
            .map(days_text)
            .unwrap_or_else(|| "No one is waiting".to_string()),
        interval: state.config.keeping_in_touch.every_working_days,
    };
    Ok(Html(page.render()?))
}

pub struct TimelineRow {
    pub when: String,
    pub what: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "early_help_episode.html")]
pub struct EpisodePage {
    pub layout: Layout,
    pub id: String,
    pub child: ChildRow,
    pub child_href: String,
    pub banner: Option<String>,
    pub error_summary: Markup,
    pub status: &'static str,
    pub status_class: &'static str,
    pub waiting: bool,
    pub open: bool,
    pub summary: Vec<(String, String)>,
    pub contact_href: Option<String>,
    pub step_up_href: Option<String>,
    pub due: Option<(String, &'static str)>,
    pub timeline: Vec<TimelineRow>,
    /// Which form to show open: the one that was just refused.
    pub open_form: String,
    pub keep_in_touch_fields: Vec<Markup>,
    pub start_fields: Vec<Markup>,
    pub assessment_started: bool,
    pub assessment_completed: bool,
    pub assessment_start_fields: Vec<Markup>,
    pub assessment_complete_fields: Vec<Markup>,
    pub step_up_fields: Vec<Markup>,
    pub close_fields: Vec<Markup>,
}

#[derive(serde::Deserialize, Default)]
pub struct EpisodeQuery {
    #[serde(default)]
    done: Option<String>,
}

fn status_class(s: EpisodeStatus) -> &'static str {
    match s {
        EpisodeStatus::Waiting => "govuk-tag govuk-tag--yellow",
        EpisodeStatus::Started => "govuk-tag govuk-tag--green",
        EpisodeStatus::SteppedUp => "govuk-tag govuk-tag--red",
        EpisodeStatus::Closed => "govuk-tag govuk-tag--grey",
    }
}

fn timeline_row(e: &hearth_store::RecordedEvent) -> TimelineRow {
    let detail = match &e.payload {
        EventPayload::EarlyHelpReferred(r) => match &r.requested_by {
            Some(by) => format!("Asked for by {by}. {}", r.reason),
            None => r.reason.clone(),
        },
        EventPayload::EarlyHelpKeptInTouch(k) => match &k.spoke_with {
            Some(w) => format!("Spoke with {w}. {}", k.note),
            None => k.note.clone(),
        },
        EventPayload::EarlyHelpSteppedUp(s) => s.reason.clone(),
        EventPayload::EarlyHelpClosed(c) => c.note.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let day = match &e.payload {
        EventPayload::EarlyHelpReferred(r) => Some(r.referred_on),
        EventPayload::EarlyHelpStarted(s) => Some(s.started_on),
        EventPayload::EarlyHelpKeptInTouch(k) => Some(k.contacted_on),
        EventPayload::EarlyHelpAssessmentStarted(a) => Some(a.started_on),
        EventPayload::EarlyHelpAssessmentCompleted(a) => Some(a.completed_on),
        EventPayload::EarlyHelpSteppedUp(s) => Some(s.stepped_up_on),
        EventPayload::EarlyHelpClosed(c) => Some(c.closed_on),
        _ => None,
    };
    TimelineRow {
        when: day
            .map(crate::time::date)
            .unwrap_or_else(|| crate::time::date_time(e.occurred_at)),
        what: e.payload.summary(),
        detail,
    }
}

fn summary_rows(e: &EpisodeView, today: NaiveDate) -> Vec<(String, String)> {
    let mut rows = vec![
        ("How referred".to_string(), e.route.label().to_string()),
        ("Referred".to_string(), crate::time::date(e.referred_on)),
    ];
    if let Some(by) = &e.requested_by {
        rows.push(("Asked for by".to_string(), by.clone()));
    }
    if e.status == EpisodeStatus::Waiting {
        rows.push((
            "Waiting".to_string(),
            days_text(days_waiting(e.referred_on, today)),
        ));
    }
    if let Some(started) = e.started_on {
        rows.push(("Started".to_string(), crate::time::date(started)));
        let lead = match (&e.lead_professional, &e.organisation) {
            (Some(p), Some(o)) => format!("{p}, {o}"),
            (Some(p), None) => p.clone(),
            _ => "Not recorded".to_string(),
        };
        rows.push(("Lead professional".to_string(), lead));
        if let Some(team) = &e.team_name {
            rows.push(("Team".to_string(), team.clone()));
        }
    }
    let assessment = match (e.assessment_started_on, e.assessment_completed_on) {
        (None, _) => "Not started".to_string(),
        (Some(s), None) => format!("Started {}", crate::time::date(s)),
        (Some(s), Some(c)) => format!(
            "Started {}, completed {} by {}",
            crate::time::date(s),
            crate::time::date(c),
            e.assessment_organisation.clone().unwrap_or_default()
        ),
    };
    rows.push(("Early help assessment".to_string(), assessment));
    rows.push((
        "Keeping-in-touch contacts".to_string(),
        e.kept_in_touch_count.to_string(),
    ));
    if let Some(ended) = e.ended_on {
        let why = match e.status {
            EpisodeStatus::SteppedUp => "stepped up to children's social care".to_string(),
            _ => e
                .end_reason
                .as_deref()
                .and_then(EarlyHelpClosureReason::from_code)
                .map(|r| r.label().to_lowercase())
                .unwrap_or_default(),
        };
        rows.push((
            "Ended".to_string(),
            format!("{}: {why}", crate::time::date(ended)),
        ));
    }
    rows
}

async fn render_episode(
    state: &AppState,
    user: &CurrentUser,
    e: &EpisodeView,
    child: ChildRow,
    form: &FormState,
    open_form: &str,
    banner: Option<String>,
) -> Result<String, AppError> {
    let today = crate::time::today();
    let events = state.store.early_help_events(e).await?;
    let due = if e.status == EpisodeStatus::Waiting {
        let calendar = state.calendar().await?;
        let next =
            state
                .config
                .keeping_in_touch
                .next_due(e.referred_on, e.last_reached_on, &calendar);
        Some(due_tag(KeepingInTouchState::on(next, today)))
    } else {
        None
    };
    let methods = components::options(KeepingInTouchMethod::ALL, KeepingInTouchMethod::code, |m| {
        m.label().to_string()
    });
    let reasons = components::options(
        EarlyHelpClosureReason::ALL,
        EarlyHelpClosureReason::code,
        |r| r.label().to_string(),
    );
    let rag = components::options(Rag::ALL, Rag::code, |r| match r {
        Rag::Red => "Red: the child may be at immediate risk".to_string(),
        Rag::Amber => "Amber: a concern that needs a decision soon".to_string(),
        Rag::Green => "Green: no immediate risk".to_string(),
    });
    let mut teams = vec![(String::new(), "None: a partner leads".to_string())];
    for t in state
        .store
        .list_teams()
        .await?
        .into_iter()
        .filter(|t| t.kind == hearth_domain::staff::TeamKind::EarlyHelp)
    {
        teams.push((t.team_id.to_string(), t.name.clone()));
    }
    let example = "For example, 23 11 2026";
    let short = Input {
        autocomplete: "off",
        ..Default::default()
    };
    let page = EpisodePage {
        layout: Layout::for_user(
            state,
            user,
            &format!("Early help: {}", e.child_name),
            "early_help",
        ),
        id: e.episode_id.to_string(),
        child_href: format!("/children/{}", e.child_id),
        child,
        banner,
        error_summary: components::error_summary(&form.errors),
        status: e.status.label(),
        status_class: status_class(e.status),
        waiting: e.status == EpisodeStatus::Waiting,
        open: e.status.is_open(),
        summary: summary_rows(e, today),
        contact_href: e.contact_id.map(|c| format!("/front-door/contacts/{c}")),
        step_up_href: e
            .step_up_contact_id
            .map(|c| format!("/front-door/contacts/{c}")),
        due,
        timeline: events.iter().rev().map(timeline_row).collect(),
        open_form: open_form.to_string(),
        keep_in_touch_fields: vec![
            components::date_input(form, "contacted_on", "When was the contact?", example),
            components::radios(form, "method", "How?", "", &methods, false),
            components::text_input(
                form,
                "spoke_with",
                "Who did you speak to?",
                Input {
                    hint: "For example, mother, or the class teacher. Leave blank if there was no reply.",
                    ..short
                },
            ),
            components::textarea(
                form,
                "note",
                "What was said, and has anything changed?",
                "Say whether the risk has changed. If it has risen, step the child up.",
                4,
            ),
        ],
        start_fields: vec![
            components::date_input(form, "started_on", "When did early help start?", example),
            components::text_input(form, "lead_professional", "Lead professional", short),
            components::text_input(
                form,
                "organisation",
                "Their organisation",
                Input {
                    hint: "For example, Hearthshire Early Help Service, or the school",
                    ..short
                },
            ),
            components::select(
                form,
                "team_id",
                "Early help team (if the authority's team leads)",
                "",
                &teams,
            ),
        ],
        assessment_started: e.assessment_started_on.is_some(),
        assessment_completed: e.assessment_completed_on.is_some(),
        assessment_start_fields: vec![components::date_input(
            form,
            "assessment_started_on",
            "When did the early help assessment start?",
            example,
        )],
        assessment_complete_fields: vec![
            components::date_input(
                form,
                "assessment_completed_on",
                "When was it completed?",
                example,
            ),
            components::text_input(
                form,
                "assessment_organisation",
                "Organisation that completed it",
                short,
            ),
        ],
        step_up_fields: vec![
            components::textarea(
                form,
                "step_up_reason",
                "Why does the child need children's social care now?",
                "This goes to the MASH as the concern on a new contact.",
                5,
            ),
            components::radios(
                form,
                "rag",
                "How urgent is it?",
                "This sets the time the MASH must screen it by.",
                &rag,
                false,
            ),
        ],
        close_fields: vec![
            components::date_input(form, "closed_on", "When did the episode end?", example),
            components::radios(
                form,
                "closure_reason",
                "Why is it closing?",
                "",
                &reasons,
                false,
            ),
            components::textarea(
                form,
                "closure_note",
                "Anything else (required for another reason)",
                "",
                3,
            ),
        ],
    };
    Ok(page.render()?)
}

async fn load(state: &AppState, id: EarlyHelpEpisodeId) -> Result<EpisodeView, AppError> {
    state
        .store
        .early_help_episode(id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /early-help/episodes/{id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<EarlyHelpEpisodeId>,
    Query(q): Query<EpisodeQuery>,
) -> Result<Response, AppError> {
    require(
        can_work_on_early_help(user.staff.role),
        "work on early help",
    )?;
    let e = load(&state, id).await?;
    let record = match open_record(&state, &user, e.child_id, "early_help_episode").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let banner = q.done.as_deref().map(|d| {
        match d {
            "referred" => "Referred to early help. The child is on the waiting list.",
            "kept_in_touch" => "Keeping-in-touch contact recorded.",
            "started" => "Early help started. The child is off the waiting list.",
            "assessment" => "Early help assessment recorded.",
            "stepped_up" => "Stepped up. A contact is on the MASH queue to be screened.",
            _ => "Episode closed.",
        }
        .to_string()
    });
    let html = render_episode(
        &state,
        &user,
        &e,
        ChildRow::from_item(&record.item),
        &FormState::default(),
        "",
        banner,
    )
    .await?;
    Ok(Html(html).into_response())
}

/// A date field of a form, required.
fn day(form: &mut FormState, name: &str, what: &str) -> Option<NaiveDate> {
    form.date(name, what, true)
}

/// Adds the domain's errors, keeping any a field already has.
fn add_errors(form: &mut FormState, errors: hearth_domain::validation::FieldErrors) {
    for e in errors.0 {
        if form.error(&e.field).is_none() {
            form.errors.0.push(e);
        }
    }
}

/// Where a refusal from the record is shown, for each form.
fn refusal_field(action: &str) -> &'static str {
    match action {
        "keep_in_touch" => "contacted_on",
        "start" => "started_on",
        "assessment_started" => "assessment_started_on",
        "assessment_completed" => "assessment_completed_on",
        "step_up" => "step_up_reason",
        _ => "closed_on",
    }
}

/// `POST /early-help/episodes/{id}`: one of the episode's forms, by `action`.
pub async fn act(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<EarlyHelpEpisodeId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(
        can_work_on_early_help(user.staff.role),
        "work on early help",
    )?;
    let e = load(&state, id).await?;
    let record = match open_record(&state, &user, e.child_id, "early_help_episode").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let action = form.value("action").to_string();
    let today = crate::time::today();
    let child = e.child_id;
    // Each form's date is checked here (its parts); the rest by the domain.
    let events: Vec<NewEvent> = match action.as_str() {
        "keep_in_touch" => {
            let on = day(&mut form, "contacted_on", "the date of the contact");
            let method = KeepingInTouchMethod::from_code(form.value("method"));
            if method.is_none() {
                form.errors.add("method", "Choose how you made contact");
            }
            let k = EarlyHelpKeptInTouch {
                episode_id: id,
                child_id: child,
                contacted_on: on.unwrap_or(today),
                method: method.unwrap_or(KeepingInTouchMethod::PhoneCall),
                spoke_with: form.trimmed("spoke_with"),
                note: form.value("note").trim().to_string(),
            };
            if let Err(errors) = k.validate(today) {
                add_errors(&mut form, errors);
            }
            vec![NewEvent::new(
                EventPayload::EarlyHelpKeptInTouch(k),
                crate::time::noon_on(on.unwrap_or(today)),
            )]
        }
        "start" => {
            let on = day(&mut form, "started_on", "the date early help started");
            let team_id = form.value("team_id").parse().ok();
            let s = EarlyHelpStarted {
                episode_id: id,
                child_id: child,
                started_on: on.unwrap_or(today),
                lead_professional: form.value("lead_professional").trim().to_string(),
                organisation: form.value("organisation").trim().to_string(),
                team_id,
            };
            if let Err(errors) = s.validate(today) {
                add_errors(&mut form, errors);
            }
            vec![NewEvent::new(
                EventPayload::EarlyHelpStarted(s),
                crate::time::noon_on(on.unwrap_or(today)),
            )]
        }
        "assessment_started" => {
            let on = day(
                &mut form,
                "assessment_started_on",
                "the date the assessment started",
            );
            let a = EarlyHelpAssessmentStarted {
                episode_id: id,
                child_id: child,
                started_on: on.unwrap_or(today),
            };
            if let Err(errors) = a.validate(today) {
                add_errors(&mut form, errors);
            }
            vec![NewEvent::new(
                EventPayload::EarlyHelpAssessmentStarted(a),
                crate::time::noon_on(on.unwrap_or(today)),
            )]
        }
        "assessment_completed" => {
            let on = day(
                &mut form,
                "assessment_completed_on",
                "the date the assessment was completed",
            );
            let a = EarlyHelpAssessmentCompleted {
                episode_id: id,
                child_id: child,
                completed_on: on.unwrap_or(today),
                organisation: form.value("assessment_organisation").trim().to_string(),
            };
            if let Err(errors) = a.validate(today) {
                add_errors(&mut form, errors);
            }
            vec![NewEvent::new(
                EventPayload::EarlyHelpAssessmentCompleted(a),
                crate::time::noon_on(on.unwrap_or(today)),
            )]
        }
        "step_up" => {
            let rag = Rag::from_code(form.value("rag"));
            if rag.is_none() {
                form.errors.add("rag", "Choose how urgent it is");
            }
            let reason = form.value("step_up_reason").trim().to_string();
            let contact_id = ContactId::new();
            let up = EarlyHelpSteppedUp {
                episode_id: id,
                child_id: child,
                contact_id,
                stepped_up_on: today,
                reason: reason.clone(),
            };
            if let Err(errors) = up.validate(today) {
                add_errors(&mut form, errors);
            }
            match rag {
                Some(rag) if !form.has_errors() => {
                    step_up_events(&state, &user, &e, up, rag).await?
                }
                _ => vec![],
            }
        }
        "close" => {
            let on = day(&mut form, "closed_on", "the date the episode ended");
            let reason = EarlyHelpClosureReason::from_code(form.value("closure_reason"));
            if reason.is_none() {
                form.errors
                    .add("closure_reason", "Choose why the episode is closing");
            }
            let c = EarlyHelpClosed {
                episode_id: id,
                child_id: child,
                closed_on: on.unwrap_or(today),
                reason: reason.unwrap_or(EarlyHelpClosureReason::NeedsMet),
                note: form.trimmed("closure_note"),
            };
            if let Err(errors) = c.validate(today) {
                add_errors(&mut form, errors);
            }
            vec![NewEvent::new(
                EventPayload::EarlyHelpClosed(c),
                crate::time::noon_on(on.unwrap_or(today)),
            )]
        }
        _ => return Err(AppError::BadRequest("Unknown action".to_string())),
    };
    if !form.has_errors() {
        match state.store.append(user.staff.user_id, events).await {
            Ok(_) => {
                let done = match action.as_str() {
                    "keep_in_touch" => "kept_in_touch",
                    "start" => "started",
                    "assessment_started" | "assessment_completed" => "assessment",
                    "step_up" => "stepped_up",
                    _ => "closed",
                };
                return Ok(
                    Redirect::to(&format!("/early-help/episodes/{id}?done={done}")).into_response(),
                );
            }
            Err(StoreError::Invalid(errors)) => add_errors(&mut form, errors),
            Err(StoreError::Refused(message)) => form.errors.add(refusal_field(&action), message),
            Err(err) => return Err(err.into()),
        }
    }
    let e = load(&state, id).await?;
    let html = render_episode(
        &state,
        &user,
        &e,
        ChildRow::from_item(&record.item),
        &form,
        &action,
        None,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

/// A step-up: a new contact to the MASH about the child (from early help,
/// rated so its screening deadline is set, joining a chain if one is open
/// or recently closed, F1), then the step-up naming it. One append.
pub async fn step_up_events(
    state: &AppState,
    user: &CurrentUser,
    e: &EpisodeView,
    up: EarlyHelpSteppedUp,
    rag: Rag,
) -> Result<Vec<NewEvent>, AppError> {
    let now = Utc::now();
    let links = state.store.chain_links(e.child_id).await?;
    let chain_start = chain_for(now, &links, state.config.chain_window_days).map(|l| l.chain_start);
    let calendar = state.calendar().await?;
    let received = ContactReceived {
        contact_id: up.contact_id,
        children: vec![e.child_id],
        received_at: now,
        source: ReferralSource::EarlyHelp,
        concern: up.reason.clone(),
        referrer_name: Some(user.staff.display_name.clone()),
        referrer_organisation: e
            .organisation
            .clone()
            .or_else(|| Some(format!("{} early help", state.config.authority_name))),
        chain_start,
    };
    let rated = ContactRated {
        contact_id: up.contact_id,
        rag,
        screen_by: state.config.screening.deadline(now, rag, &calendar),
        note: None,
    };
    Ok(vec![
        NewEvent::new(EventPayload::ContactReceived(received), now),
        NewEvent::new(EventPayload::ContactRated(rated), now),
        NewEvent::new(EventPayload::EarlyHelpSteppedUp(up), now),
    ])
}

#[derive(Template)]
#[template(path = "early_help_new.html")]
pub struct StepDownPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

fn render_new(
    state: &AppState,
    user: &CurrentUser,
    child: ChildRow,
    id: PersonId,
    form: &FormState,
) -> Result<String, AppError> {
    let routes = vec![
        (
            EarlyHelpRoute::StepDownFromChildInNeed.code().to_string(),
            "Step-down: children's social care is ending and early help will follow".to_string(),
        ),
        (
            EarlyHelpRoute::PartnerRequest.code().to_string(),
            "A partner agency has asked for early help".to_string(),
        ),
    ];
    let page = StepDownPage {
        layout: Layout::for_user(state, user, "Refer to early help", "search"),
        child,
        id: id.to_string(),
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::radios(
                form,
                "route",
                "How is the child coming to early help?",
                "A contact the MASH decides as early help is stepped down when the decision is authorised.",
                &routes,
                false,
            ),
            components::text_input(
                form,
                "requested_by",
                "Partner agency (for a partner's request)",
                Input {
                    hint: "For example, Hearthton Primary School",
                    autocomplete: "off",
                    ..Default::default()
                },
            ),
            components::date_input(
                form,
                "referred_on",
                "Date of the referral to early help",
                "For example, 23 11 2026",
            ),
            components::textarea(
                form,
                "reason",
                "Why early help?",
                "What the family needs, and what has changed.",
                5,
            ),
        ],
    };
    Ok(page.render()?)
}

/// `GET /children/{id}/early-help/new`
pub async fn new_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
) -> Result<Response, AppError> {
    require(
        can_step_down(user.staff.role),
        "refer children to early help",
    )?;
    let record = match open_record(&state, &user, id, "early_help_referral_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::default();
    let today = crate::time::today();
    form.set("referred_on-day", today.format("%-d").to_string());
    form.set("referred_on-month", today.format("%-m").to_string());
    form.set("referred_on-year", today.format("%Y").to_string());
    Ok(Html(render_new(
        &state,
        &user,
        ChildRow::from_item(&record.item),
        id,
        &form,
    )?)
    .into_response())
}

/// `POST /children/{id}/early-help/new`
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(
        can_step_down(user.staff.role),
        "refer children to early help",
    )?;
    let record = match open_record(&state, &user, id, "early_help_referral_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let today = crate::time::today();
    let on = form.date("referred_on", "the date of the referral", true);
    let route = EarlyHelpRoute::from_code(form.value("route"))
        .filter(|r| *r != EarlyHelpRoute::StepDownFromContact);
    if route.is_none() {
        form.errors
            .add("route", "Choose how the child is coming to early help");
    }
    let referral_id = if route == Some(EarlyHelpRoute::StepDownFromChildInNeed) {
        let latest = state
            .store
            .referrals_of(id)
            .await?
            .into_iter()
            .max_by_key(|r| r.referral_date)
            .map(|r| r.referral_id);
        if latest.is_none() {
            form.errors.add("route", "The child has no children-in-need episode to step down from: choose a partner's request");
        }
        latest
    } else {
        None
    };
    let referred = EarlyHelpReferred {
        episode_id: EarlyHelpEpisodeId::new(),
        child_id: id,
        route: route.unwrap_or(EarlyHelpRoute::PartnerRequest),
        contact_id: None,
        referral_id,
        requested_by: if route == Some(EarlyHelpRoute::PartnerRequest) {
            form.trimmed("requested_by")
        } else {
            None
        },
        reason: form.value("reason").trim().to_string(),
        referred_on: on.unwrap_or(today),
    };
    let mut domain = referred.validate(today).err().unwrap_or_default();
    if route.is_none() {
        // The partner's name is only asked for once the route is known.
        domain.0.retain(|e| e.field != "requested_by");
    }
    add_errors(&mut form, domain);
    if !form.has_errors() {
        let episode = referred.episode_id;
        match state
            .store
            .append(
                user.staff.user_id,
                vec![NewEvent::new(
                    EventPayload::EarlyHelpReferred(referred),
                    crate::time::noon_on(on.unwrap_or(today)),
                )],
            )
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/early-help/episodes/{episode}?done=referred"))
                        .into_response(),
                );
            }
            Err(StoreError::Invalid(errors)) => add_errors(&mut form, errors),
            Err(StoreError::Refused(message)) => form.errors.add("route", message),
            Err(err) => return Err(err.into()),
        }
    }
    let html = render_new(&state, &user, ChildRow::from_item(&record.item), id, &form)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

/// What the child's record shows about early help: flags for the banner,
/// and links to the child's episodes.
pub struct RecordEarlyHelp {
    pub flags: Vec<String>,
    pub episodes: Vec<(String, String)>,
}

pub async fn for_record(state: &AppState, child: PersonId) -> Result<RecordEarlyHelp, AppError> {
    let episodes = state.store.early_help_episodes_of(child).await?;
    let quick: Vec<QuickReReferral> = state.store.quick_rereferrals_of(child).await?;
    let mut flags = Vec::new();
    if let Some(open) = episodes.iter().find(|e| e.status.is_open()) {
        flags.push(match open.status {
            EpisodeStatus::Waiting => format!(
                "On the early help waiting list since {}",
                crate::time::date(open.referred_on)
            ),
            _ => "Open to early help".to_string(),
        });
    }
    if let Some(q) = quick.first() {
        flags.push(format!(
            "Stepped down to early help on {} and re-referred on {}, within 3 months",
            crate::time::date(q.stepped_down_on),
            crate::time::date(q.referral_date)
        ));
    }
    let links = episodes
        .iter()
        .map(|e| {
            (
                format!("/early-help/episodes/{}", e.episode_id),
                format!(
                    "Early help from {}: {}",
                    crate::time::date(e.referred_on),
                    e.status.label().to_lowercase()
                ),
            )
        })
        .collect();
    Ok(RecordEarlyHelp {
        flags,
        episodes: links,
    })
}
