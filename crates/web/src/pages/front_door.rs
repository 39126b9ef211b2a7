//! The front door: contact intake, the MASH queue, and a contact's triage,
//! multi-agency checks, decision and manager authorisation (F1–F6).

use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup, Input};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::*;
use hearth_domain::front_door::{Agency, ConsentRecord, ConsentStatus, ContactOutcome, EscalationOutcome, Rag, ThresholdLevel, chain_for, working_days_later};
use hearth_domain::ids::{CheckId, ContactId, DecisionId, HearthRef, UserId};
use hearth_domain::staff::Role;
use hearth_domain::uk_time::{from_uk, to_uk};
use hearth_store::StoreError;
use hearth_store::access_log::AccessEntry;

/// MASH workers screen contacts; their managers oversee and authorise.
pub fn can_use_front_door(role: Role) -> bool {
    matches!(role, Role::MashWorker | Role::TeamManager | Role::ServiceManager)
}

fn can_authorise(role: Role) -> bool {
    role.is_manager()
}

/// How long until (or since) a deadline, in words.
fn time_left(deadline: DateTime<Utc>, now: DateTime<Utc>) -> (String, bool) {
    let d = deadline - now;
    let overdue = d < Duration::zero();
    let d = if overdue { -d } else { d };
    let text = if d.num_hours() >= 48 {
        format!("{} days", d.num_days())
    } else if d.num_hours() >= 1 {
        format!("{} hours {} minutes", d.num_hours(), d.num_minutes() % 60)
    } else {
        format!("{} minutes", d.num_minutes().max(1))
    };
    if overdue { (format!("{text} overdue"), true) } else { (format!("{text} left"), false) }
}

fn rag_tag(rag: Option<&str>) -> (&'static str, &'static str) {
    match rag.and_then(Rag::from_code) {
        Some(Rag::Red) => ("Red", "govuk-tag govuk-tag--red"),
        Some(Rag::Amber) => ("Amber", "govuk-tag govuk-tag--orange"),
        Some(Rag::Green) => ("Green", "govuk-tag govuk-tag--green"),
        None => ("Not rated", "govuk-tag govuk-tag--grey"),
    }
}

fn status_label(status: &str) -> &'static str {
    match status {
        "open" => "Being screened",
        "awaiting_authorisation" => "Waiting for a manager",
        "closed" => "Closed",
        _ => "Unknown",
    }
}

fn outcome_label(code: Option<&str>) -> String {
    code.and_then(ContactOutcome::from_code).map(|o| o.label().to_string()).unwrap_or_default()
}

fn source_label(code: &str) -> String {
    ReferralSource::from_code(code).map(|s| s.description().to_string()).unwrap_or_else(|| code.to_string())
}

pub struct QueueRow {
    pub href: String,
    pub received: String,
    pub rag_label: &'static str,
    pub rag_class: &'static str,
    pub children: String,
    pub source: String,
    pub status: &'static str,
    pub assigned: String,
    pub deadline: String,
    pub overdue: bool,
    pub chained: bool,
    /// Unborn or under 1 (F10): the most vulnerable, shown on every row.
    pub young: bool,
    /// Active risk flags of the contact's children (F12).
    pub risks: Vec<String>,
    risk_flags: Vec<hearth_domain::risk_flags::RiskFlag>,
    /// A child on it is open to early help (waiting or started): the
    /// screener sees the family already has a worker or is waiting for one.
    pub early_help: bool,
}

pub struct HandoverRow {
    pub id: String,
    pub happened: String,
    pub children: String,
    pub summary: String,
    pub action_taken: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "front_door_queue.html")]
pub struct QueuePage {
    pub layout: Layout,
    pub handovers: Vec<HandoverRow>,
    pub rows: Vec<QueueRow>,
    pub young_only: bool,
    pub young: usize,
    pub overdue: usize,
    pub unrated: usize,
    pub awaiting: usize,
    pub risk_filter: Markup,
    pub risk_filtered: Option<String>,
    /// Today's duty by team, from the rota.
    pub on_duty: Vec<(String, super::duty_rota::DutyCell)>,
}

#[derive(serde::Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default)]
    young: Option<String>,
    #[serde(default)]
    flag: Option<String>,
}

/// Unborn, or not yet one year old, on `today`.
fn is_young(c: &hearth_store::front_door::QueueChild, today: chrono::NaiveDate) -> bool {
    match (c.date_of_birth, c.expected_date_of_birth) {
        (None, Some(_)) => true,
        (Some(dob), _) => hearth_domain::people::age_on(dob, today) == Some(0),
        _ => false,
    }
}

/// The MASH queue: every open contact, the most urgent first (F6).
pub async fn queue(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Query(q): axum::extract::Query<QueueQuery>,
) -> Result<Html<String>, AppError> {
    require(can_use_front_door(user.staff.role), "see the MASH queue")?;
    let now = Utc::now();
    let today = crate::time::today();
    let items = state.store.mash_queue(1000).await?;
    let queue_children: Vec<_> = items.iter().flat_map(|i| i.children.iter().map(|c| c.person_id)).collect();
    let flags = state.store.active_risk_flags(&queue_children).await?;
    let in_early_help = state.store.children_in_early_help(&queue_children).await?;
    let rows: Vec<QueueRow> = items
        .iter()
        .map(|i| {
            let (rag_label, rag_class) = rag_tag(i.state.rag.as_deref());
            // The contact's children's active flags, each once.
            let mut risk_flags: Vec<_> = i.children.iter().filter_map(|c| flags.get(&c.person_id)).flatten().copied().collect();
            risk_flags.sort();
            risk_flags.dedup();
            let (deadline, overdue) = match i.state.screen_by {
                Some(by) => {
                    let (left, overdue) = time_left(by, now);
                    (format!("{} ({left})", crate::time::date_time(by)), overdue)
                }
                None => ("Rate it to set a deadline".to_string(), false),
            };
            QueueRow {
                href: format!("/front-door/contacts/{}", i.state.contact_id),
                received: crate::time::date_time(i.state.received_at),
                rag_label,
                rag_class,
                children: i.children.iter().map(|c| format!("{} ({})", c.name, c.hearth_ref)).collect::<Vec<_>>().join(", "),
                source: source_label(&i.source),
                status: status_label(&i.state.status),
                assigned: i.assigned_to.clone().unwrap_or_else(|| "Not assigned".to_string()),
                deadline,
                overdue,
                chained: i.state.chain_start_id != i.state.contact_id,
                young: i.children.iter().any(|c| is_young(c, today)),
                risks: risk_flags.iter().map(|f| f.label()).collect(),
                risk_flags,
                early_help: i.children.iter().any(|c| in_early_help.contains(&c.person_id)),
            }
        })
        .collect();
    let young = rows.iter().filter(|r| r.young).count();
    let young_only = q.young.is_some();
    let rows: Vec<QueueRow> = if young_only { rows.into_iter().filter(|r| r.young).collect() } else { rows };
    let flag = q.flag.as_deref().and_then(hearth_domain::risk_flags::RiskFlag::from_code);
    let rows: Vec<QueueRow> = match flag {
        Some(f) => rows.into_iter().filter(|r| r.risk_flags.contains(&f)).collect(),
        None => rows,
    };
    let mut filter_form = FormState::default();
    if let Some(f) = flag {
        filter_form.set("flag", f.code());
    }
    let mut handovers = Vec::new();
    for h in state.store.pending_handovers().await? {
        let mut names = Vec::new();
        for child in &h.record.children {
            if let Some(r) = state.store.child_record(*child).await? {
                names.push(format!("{} ({})", r.item.full_name(), r.item.hearth_ref));
            }
        }
        let (left, overdue) = time_left(h.handover_due, now);
        handovers.push(HandoverRow {
            id: h.record_id.to_string(),
            happened: crate::time::date_time(h.occurred_at),
            children: names.join(", "),
            summary: h.record.summary.clone(),
            action_taken: h.record.action_taken.clone(),
            due: format!("{} ({left})", crate::time::date_time(h.handover_due)),
            overdue,
        });
    }
    let page = QueuePage {
        layout: Layout::for_user(&state, &user, "MASH queue", "front_door"),
        handovers,
        young_only,
        young,
        overdue: rows.iter().filter(|r| r.overdue).count(),
        unrated: rows.iter().filter(|r| r.rag_label == "Not rated").count(),
        awaiting: rows.iter().filter(|r| r.status == "Waiting for a manager").count(),
        risk_filter: components::select(&filter_form, "flag", "Risk flag", "", &super::children::risk_flag_filter_options()),
        risk_filtered: flag.map(|f| f.label()),
        on_duty: super::duty_rota::on_duty_today(&state).await?.0,
        rows,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "contact_new.html")]
pub struct NewContactPage {
    pub layout: Layout,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

fn render_new(state: &AppState, user: &CurrentUser, form: &FormState) -> Result<String, AppError> {
    let mut sources = vec![(String::new(), "Choose the source".to_string())];
    sources.extend(components::options(ReferralSource::ALL, ReferralSource::code, |s| s.description().to_string()));
    let rag = components::options(Rag::ALL, Rag::code, |r| match r {
        Rag::Red => "Red: the child may be at immediate risk".to_string(),
        Rag::Amber => "Amber: a concern that needs a decision soon".to_string(),
        Rag::Green => "Green: no immediate risk".to_string(),
    });
    let page = NewContactPage {
        layout: Layout::for_user(state, user, "Record a contact", "front_door"),
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::text_input(form, "children", "Hearth IDs of the children the contact is about", Input {
                hint: "Separate them with commas, for example H0004217, H0004218. Find or add each child first.",
                spellcheck_off: true,
                autocomplete: "off",
                ..Default::default()
            }),
            components::date_input(form, "received", "When was it received?", "For example, 23 11 2026"),
            components::text_input(form, "received_time", "Time received", Input { hint: "24-hour clock, for example 14:30", width: "govuk-input--width-5", autocomplete: "off", ..Default::default() }),
            components::select(form, "source", "Who made the contact?", "", &sources),
            components::text_input(form, "referrer_name", "Referrer's name (optional)", Input { autocomplete: "off", ..Default::default() }),
            components::text_input(form, "referrer_organisation", "Referrer's organisation (optional)", Input { autocomplete: "off", ..Default::default() }),
            components::textarea(form, "concern", "What is the concern?", "In the referrer's words where you can.", 6),
            components::radios(form, "rag", "How urgent is it?", "This sets the time it must be screened by.", &rag, false),
        ],
    };
    Ok(page.render()?)
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require(can_use_front_door(user.staff.role), "record contacts")?;
    let mut form = FormState::default();
    let now = to_uk(Utc::now());
    form.set("received-day", now.format("%-d").to_string());
    form.set("received-month", now.format("%-m").to_string());
    form.set("received-year", now.format("%Y").to_string());
    form.set("received_time", now.format("%H:%M").to_string());
    Ok(Html(render_new(&state, &user, &form)?))
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_use_front_door(user.staff.role), "record contacts")?;
    let mut form = FormState::from_pairs(pairs);
    let children = children_from_refs(&state, &mut form).await?;
    let date = form.date("received", "the date it was received", true);
    let time = NaiveTime::parse_from_str(form.value("received_time").trim(), "%H:%M").ok();
    if time.is_none() {
        form.errors.add("received_time", "Enter the time it was received, like 14:30");
    }
    let received_at = date.zip(time).map(|(d, t)| from_uk(d.and_time(t)));
    if received_at.is_some_and(|r| r > Utc::now() + Duration::minutes(5)) {
        form.errors.add("received", "The time it was received must be in the past");
    }
    let source = ReferralSource::from_code(form.value("source"));
    if source.is_none() {
        form.errors.add("source", "Choose who made the contact");
    }
    let rag = Rag::from_code(form.value("rag"));
    if rag.is_none() {
        form.errors.add("rag", "Choose how urgent the contact is");
    }
    if form.value("concern").trim().is_empty() {
        form.errors.add("concern", "Enter the concern");
    }
    let (Some(received_at), Some(source), Some(rag), false) = (received_at, source, rag, form.has_errors()) else {
        let html = render_new(&state, &user, &form)?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };

    // A contact within the window of a closed one joins its chain (F1): of
    // the children's chains, the one that started first.
    let mut chain_start = None;
    for child in &children {
        let links = state.store.chain_links(*child).await?;
        if let Some(link) = chain_for(received_at, &links, state.config.chain_window_days)
            && chain_start.is_none_or(|(_, at)| link.chain_started_at < at)
        {
            chain_start = Some((link.chain_start, link.chain_started_at));
        }
    }
    let contact_id = ContactId::new();
    let calendar = state.calendar().await?;
    let received = ContactReceived {
        contact_id,
        children,
        received_at,
        source,
        concern: form.value("concern").trim().to_string(),
        referrer_name: form.trimmed("referrer_name"),
        referrer_organisation: form.trimmed("referrer_organisation"),
        chain_start: chain_start.map(|(id, _)| id),
    };
    let rated = ContactRated { contact_id, rag, screen_by: state.config.screening.deadline(received_at, rag, &calendar), note: None };
    let now = Utc::now();
    match state
        .store
        .append(user.staff.user_id, vec![NewEvent::new(EventPayload::ContactReceived(received), received_at), NewEvent::new(EventPayload::ContactRated(rated), now)])
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/front-door/contacts/{contact_id}?recorded=1")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            form.errors.0.extend(errors.0);
            let html = render_new(&state, &user, &form)?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub struct CheckRow {
    pub id: String,
    pub agency: String,
    pub question: String,
    pub due: String,
    pub state: &'static str,
    pub note: String,
    pub open: bool,
}

pub struct HistoryRow {
    pub href: String,
    pub received: String,
    pub child: String,
    pub source: String,
    pub outcome: String,
}

pub struct TimelineRow {
    pub when: String,
    pub what: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "contact.html")]
pub struct ContactPage {
    pub layout: Layout,
    pub id: String,
    pub banner: Option<String>,
    pub error_summary: Markup,
    pub received: String,
    pub rag_label: &'static str,
    pub rag_class: &'static str,
    pub status: &'static str,
    pub is_closed: bool,
    pub deadline: String,
    pub overdue: bool,
    pub chain_note: Option<String>,
    pub children: Vec<(String, String)>,
    pub source: String,
    pub referrer: String,
    pub concern: String,
    pub history: Vec<HistoryRow>,
    pub history_year: usize,
    pub checks: Vec<CheckRow>,
    pub check_forms: Vec<(String, Markup)>,
    pub outcome: String,
    pub pending: Option<PendingDecision>,
    pub can_authorise: bool,
    pub rate_fields: Vec<Markup>,
    pub assign_fields: Vec<Markup>,
    pub request_check_fields: Vec<Markup>,
    pub decision_fields: Vec<Markup>,
    pub authorise_fields: Vec<Markup>,
    pub return_fields: Vec<Markup>,
    pub timeline: Vec<TimelineRow>,
    pub escalations: Vec<EscalationRow>,
    pub escalation_fields: Vec<Markup>,
    pub resolve_fields: Vec<Markup>,
}

pub struct EscalationRow {
    pub id: String,
    pub teams: String,
    pub raised: String,
    pub state: String,
    pub open: bool,
}

/// How long a disagreement took, or has been open.
fn duration_words(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let d = to - from;
    if d.num_hours() >= 48 { format!("{} days", d.num_days()) } else { format!("{} hours", d.num_hours().max(0)) }
}

fn escalation_row(e: &hearth_store::front_door::EscalationView, now: DateTime<Utc>) -> EscalationRow {
    let state = match (e.resolved_at, e.outcome.as_deref().and_then(EscalationOutcome::from_code)) {
        (Some(at), Some(o)) => format!("{} after {}", o.label(), duration_words(e.raised_at, at)),
        (Some(at), None) => format!("Resolved after {}", duration_words(e.raised_at, at)),
        (None, _) => format!("Open for {}", duration_words(e.raised_at, now)),
    };
    EscalationRow {
        id: e.escalation_id.to_string(),
        teams: format!("{} disagrees with {}", e.raised_by_team, e.with_team),
        raised: crate::time::date_time(e.raised_at),
        state,
        open: e.resolved_at.is_none(),
    }
}

pub struct PendingDecision {
    pub id: String,
    pub outcome: String,
    pub threshold: String,
    pub rationale: String,
    pub consent: String,
}

async fn render_contact(
    state: &AppState,
    user: &CurrentUser,
    contact_id: ContactId,
    form: &FormState,
    banner: Option<String>,
) -> Result<String, AppError> {
    let contact = state.store.contact_state(contact_id).await?.ok_or(AppError::NotFound)?;
    let events = state.store.contact_events(contact_id).await?;
    let received = received_from(&events)?;
    let now = Utc::now();

    let mut children = Vec::new();
    for child in &received.children {
        if let Some(r) = state.store.child_record(*child).await? {
            children.push((format!("/children/{child}"), format!("{} ({})", r.item.full_name(), r.item.hearth_ref)));
        }
        // The contact shows the children's details: that is an opening of their records.
        state
            .store
            .log_access(&AccessEntry {
                at: now,
                user_id: user.staff.user_id,
                person_id: *child,
                screen: "contact".to_string(),
                session_ref: user.session_ref.clone(),
                break_glass_reason: None,
            })
            .await?;
    }
    let past = state.store.contacts_about(&received.children, Some(contact_id)).await?;
    let history_year = past.iter().filter(|p| p.received_at > contact.received_at - Duration::days(365)).count();
    let history = past
        .iter()
        .map(|p| HistoryRow {
            href: format!("/front-door/contacts/{}", p.contact_id),
            received: crate::time::date(crate::time::local(p.received_at).date_naive()),
            child: p.child_name.clone(),
            source: source_label(&p.source),
            outcome: if p.status == "closed" { outcome_label(p.outcome.as_deref()) } else { status_label(&p.status).to_string() },
        })
        .collect();

    // Checks and the decision, from the contact's own events.
    let mut checks: Vec<CheckRow> = Vec::new();
    let mut pending: Option<PendingDecision> = None;
    let mut timeline = Vec::new();
    for e in &events {
        let when = crate::time::date_time(e.recorded_at);
        let (what, detail) = match &e.payload {
            EventPayload::CheckRequested(c) => {
                checks.push(CheckRow {
                    id: c.check_id.to_string(),
                    agency: match &c.agency_detail {
                        Some(d) => format!("{}: {d}", c.agency.label()),
                        None => c.agency.label().to_string(),
                    },
                    question: c.question.clone(),
                    due: crate::time::date_time(c.due_at),
                    state: "Waiting",
                    note: String::new(),
                    open: true,
                });
                (format!("{} check requested", c.agency.label()), c.question.clone())
            }
            EventPayload::CheckCompleted(c) => {
                if let Some(row) = checks.iter_mut().find(|r| r.id == c.check_id.to_string()) {
                    row.state = "Completed";
                    row.note = c.result.clone();
                    row.open = false;
                }
                ("Check completed".to_string(), c.result.clone())
            }
            EventPayload::CheckNotCompleted(c) => {
                if let Some(row) = checks.iter_mut().find(|r| r.id == c.check_id.to_string()) {
                    row.state = "Not completed";
                    row.note = c.reason.clone();
                    row.open = false;
                }
                ("Check not completed".to_string(), c.reason.clone())
            }
            EventPayload::ContactDecisionProposed(d) => {
                let consent = match &d.consent.rationale {
                    Some(r) => format!("{}. {r}", d.consent.status.label()),
                    None => d.consent.status.label().to_string(),
                };
                pending = Some(PendingDecision {
                    id: d.decision_id.to_string(),
                    outcome: d.outcome.label().to_string(),
                    threshold: d.threshold.label().to_string(),
                    rationale: d.rationale.clone(),
                    consent,
                });
                (format!("Decision proposed: {}", d.outcome.label()), d.rationale.clone())
            }
            EventPayload::ContactDecisionAuthorised(d) => {
                pending = None;
                (format!("Decision authorised: {}", d.outcome.label()), d.manager_note.clone().unwrap_or_default())
            }
            EventPayload::ContactDecisionReturned(d) => {
                pending = None;
                ("Decision returned by the manager".to_string(), d.reason.clone())
            }
            other => (other.summary(), String::new()),
        };
        timeline.push(TimelineRow { when, what, detail });
    }
    timeline.reverse();

    let (rag_label, rag_class) = rag_tag(contact.rag.as_deref());
    let (deadline, overdue) = match (contact.screen_by, contact.closed_at) {
        (Some(by), Some(closed)) => {
            let late = closed > by;
            (format!("{} ({})", crate::time::date_time(by), if late { "decided late" } else { "decided in time" }), late)
        }
        (Some(by), None) => {
            let (left, overdue) = time_left(by, now);
            (format!("{} ({left})", crate::time::date_time(by)), overdue)
        }
        (None, _) => ("Not set: rate the contact".to_string(), false),
    };
    let chain_note = (contact.chain_start_id != contact.contact_id).then(|| {
        format!(
            "This contact continues one received {}. Timeliness is measured from then, not from this contact.",
            crate::time::date_time(contact.chain_started_at)
        )
    });

    let staff = state.store.list_staff().await?;
    // Today's duty workers first, marked, then everyone else who screens.
    let (_, on_duty) = super::duty_rota::on_duty_today(state).await?;
    let mut assign_options = vec![(String::new(), "Choose a worker".to_string())];
    assign_options.extend(
        staff
            .iter()
            .filter(|s| s.active && on_duty.contains(&s.user_id))
            .map(|s| (s.user_id.to_string(), format!("{} (on duty today)", s.display_name))),
    );
    assign_options.extend(
        staff
            .iter()
            .filter(|s| s.active && !on_duty.contains(&s.user_id) && matches!(s.role, Role::MashWorker | Role::TeamManager))
            .map(|s| (s.user_id.to_string(), s.display_name.clone())),
    );
    let mut manager_options = vec![(String::new(), "Not needed".to_string())];
    manager_options.extend(staff.iter().filter(|s| s.active && s.role.is_manager()).map(|s| (s.user_id.to_string(), s.display_name.clone())));
    let mut agencies = vec![(String::new(), "Choose an agency".to_string())];
    agencies.extend(components::options(Agency::ALL, Agency::code, |a| a.label().to_string()));

    let check_forms = checks
        .iter()
        .filter(|c| c.open)
        .map(|c| {
            let name = format!("check_note_{}", c.id);
            (c.id.clone(), components::textarea(form, &name, &format!("Result of the {} check, or why it was not done", c.agency.to_lowercase()), "", 3))
        })
        .collect();

    let escalations = state.store.escalations_for_contact(contact_id).await?.iter().map(|e| escalation_row(e, now)).collect();
    let mut team_options = vec![(String::new(), "Choose the team".to_string())];
    team_options.extend(state.store.list_teams().await?.into_iter().map(|t| (t.team_id.to_string(), t.name)));
    let page = ContactPage {
        layout: Layout::for_user(state, user, "Contact", "front_door"),
        escalations,
        escalation_fields: vec![
            components::select(form, "with_team", "Which team's decision do you disagree with?", "", &team_options),
            components::textarea(form, "disagreement", "What is the disagreement?", "The threshold each team thinks applies, and why.", 4),
        ],
        resolve_fields: vec![
            components::radios(form, "escalation_outcome", "Outcome", "", &components::options(EscalationOutcome::ALL, EscalationOutcome::code, |o| o.label().to_string()), false),
            components::textarea(form, "resolution", "How was it resolved?", "", 3),
        ],
        id: contact_id.to_string(),
        banner,
        error_summary: components::error_summary(&form.errors),
        received: crate::time::date_time(contact.received_at),
        rag_label,
        rag_class,
        status: status_label(&contact.status),
        is_closed: contact.status == "closed",
        deadline,
        overdue,
        chain_note,
        children,
        source: source_label(received.source.code()),
        referrer: [received.referrer_name.clone(), received.referrer_organisation.clone()].into_iter().flatten().collect::<Vec<_>>().join(", "),
        concern: received.concern.clone(),
        history,
        history_year,
        checks,
        check_forms,
        outcome: outcome_label(contact.outcome.as_deref()),
        pending,
        can_authorise: can_authorise(user.staff.role),
        rate_fields: vec![components::radios(form, "rag", "Rating", "", &components::options(Rag::ALL, Rag::code, |r| r.label().to_string()), true)],
        assign_fields: vec![components::select(form, "worker_id", "Assign to", "", &assign_options)],
        request_check_fields: vec![
            components::select(form, "agency", "Agency", "", &agencies),
            components::text_input(form, "agency_detail", "Which service (optional)", Input { hint: "For example, the GP surgery or the other authority", ..Default::default() }),
            components::textarea(form, "question", "What do you need to know?", "", 3),
            components::radios(
                form,
                "due",
                "Due",
                "",
                &[("4h".to_string(), "Within 4 hours".to_string()), ("1wd".to_string(), "Within 1 working day".to_string()), ("3wd".to_string(), "Within 3 working days".to_string())],
                true,
            ),
        ],
        decision_fields: vec![
            components::radios(form, "outcome", "Outcome", "", &components::options(ContactOutcome::ALL, ContactOutcome::code, |o| o.label().to_string()), false),
            components::radios(form, "threshold", "Threshold level", "Against the authority's threshold document", &components::options(ThresholdLevel::ALL, ThresholdLevel::code, |t| t.label().to_string()), false),
            components::textarea(form, "rationale", "Rationale", "Why this decision, with reference to the child's history above.", 6),
            components::radios(form, "consent", "Consent", "To share information and make enquiries", &components::options(ConsentStatus::ALL, ConsentStatus::code, |c| c.label().to_string()), false),
            components::textarea(form, "consent_rationale", "Consent: who was asked, and why it was not needed, refused or not sought", "Required when consent was refused or not sought.", 3),
            components::select(form, "consent_agreed_by", "Manager who agreed to go ahead without consent", "Required when consent was not sought.", &manager_options),
        ],
        authorise_fields: vec![components::textarea(form, "manager_note", "Manager's note (optional)", "", 3)],
        return_fields: vec![components::textarea(form, "return_reason", "Why are you returning it?", "", 3)],
        timeline,
    };
    Ok(page.render()?)
}

#[derive(serde::Deserialize, Default)]
pub struct ContactQuery {
    #[serde(default)]
    recorded: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ContactId>,
    axum::extract::Query(q): axum::extract::Query<ContactQuery>,
) -> Result<Html<String>, AppError> {
    require(can_use_front_door(user.staff.role), "see contacts")?;
    let banner = if q.recorded.is_some() { Some("Contact recorded.".to_string()) } else { q.done.map(|d| done_message(&d).to_string()) };
    Ok(Html(render_contact(&state, &user, id, &FormState::default(), banner).await?))
}

fn done_message(code: &str) -> &'static str {
    match code {
        "rated" => "Rating recorded.",
        "assigned" => "Contact assigned.",
        "check" => "Check requested.",
        "check_result" => "Check updated.",
        "proposed" => "Decision sent to a manager for authorisation.",
        "authorised" => "Decision authorised. The contact is closed.",
        "returned" => "Decision returned to the worker.",
        "escalated" => "Disagreement recorded.",
        "resolved" => "Disagreement resolved.",
        _ => "Saved.",
    }
}

/// Every action on a contact is one POST with an `action` field; each
/// appends its event(s) or shows the contact again with what was wrong.
pub async fn act(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<ContactId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_use_front_door(user.staff.role), "work on contacts")?;
    let contact = state.store.contact_state(id).await?.ok_or(AppError::NotFound)?;
    let mut form = FormState::from_pairs(pairs);
    let action = form.value("action").to_string();
    let now = Utc::now();
    let me = user.staff.user_id;
    let events: Vec<EventPayload> = match action.as_str() {
        "rate" => match Rag::from_code(form.value("rag")) {
            Some(rag) => {
                let calendar = state.calendar().await?;
                let screen_by = state.config.screening.deadline(contact.received_at, rag, &calendar);
                vec![EventPayload::ContactRated(ContactRated { contact_id: id, rag, screen_by, note: None })]
            }
            None => {
                form.errors.add("rag", "Choose a rating");
                vec![]
            }
        },
        "assign" => {
            require(can_authorise(user.staff.role), "assign contacts")?;
            match form.value("worker_id").parse::<UserId>() {
                Ok(worker) if state.store.staff_member(worker).await?.is_some() => {
                    vec![EventPayload::ContactAssigned(ContactAssigned { contact_id: id, worker_id: worker })]
                }
                _ => {
                    form.errors.add("worker_id", "Choose who will screen the contact");
                    vec![]
                }
            }
        }
        "request_check" => {
            let agency = Agency::from_code(form.value("agency"));
            if agency.is_none() {
                form.errors.add("agency", "Choose the agency to check with");
            }
            let calendar = state.calendar().await?;
            let due_at = match form.value("due") {
                "4h" => Some(now + Duration::hours(4)),
                "1wd" => Some(working_days_later(now, 1, &calendar)),
                "3wd" => Some(working_days_later(now, 3, &calendar)),
                _ => {
                    form.errors.add("due", "Choose when the check is due");
                    None
                }
            };
            match (agency, due_at) {
                (Some(agency), Some(due_at)) => vec![EventPayload::CheckRequested(CheckRequested {
                    contact_id: id,
                    check_id: CheckId::new(),
                    agency,
                    agency_detail: form.trimmed("agency_detail"),
                    question: form.value("question").trim().to_string(),
                    owner_id: me,
                    due_at,
                })],
                _ => vec![],
            }
        }
        "check_completed" | "check_not_completed" => {
            let check = form.value("check_id").parse::<CheckId>().map_err(|_| AppError::BadRequest("Unknown check".to_string()))?;
            let note_field = format!("check_note_{check}");
            let note = form.value(&note_field).trim().to_string();
            if note.is_empty() {
                form.errors.add(
                    &note_field,
                    if action == "check_completed" { "Enter what the agency said" } else { "Enter why the check was not completed" },
                );
                vec![]
            } else if action == "check_completed" {
                vec![EventPayload::CheckCompleted(CheckCompleted { contact_id: id, check_id: check, result: note })]
            } else {
                vec![EventPayload::CheckNotCompleted(CheckNotCompleted { contact_id: id, check_id: check, reason: note })]
            }
        }
        "propose" => {
            let outcome = ContactOutcome::from_code(form.value("outcome"));
            let threshold = ThresholdLevel::from_code(form.value("threshold"));
            let consent = ConsentStatus::from_code(form.value("consent"));
            if outcome.is_none() {
                form.errors.add("outcome", "Choose the outcome");
            }
            if threshold.is_none() {
                form.errors.add("threshold", "Choose the threshold level");
            }
            if consent.is_none() {
                form.errors.add("consent", "Record the consent status: a decision cannot be saved without it");
            }
            match (outcome, threshold, consent) {
                (Some(outcome), Some(threshold), Some(status)) => vec![EventPayload::ContactDecisionProposed(ContactDecisionProposed {
                    contact_id: id,
                    decision_id: DecisionId::new(),
                    outcome,
                    threshold,
                    rationale: form.value("rationale").trim().to_string(),
                    consent: ConsentRecord {
                        status,
                        rationale: form.trimmed("consent_rationale"),
                        agreed_by: form.value("consent_agreed_by").parse::<UserId>().ok(),
                    },
                })],
                _ => vec![],
            }
        }
        "authorise" | "return" => {
            require(can_authorise(user.staff.role), "authorise decisions")?;
            let decision = form.value("decision_id").parse::<DecisionId>().map_err(|_| AppError::BadRequest("Unknown decision".to_string()))?;
            let events = state.store.contact_events(id).await?;
            let proposed = events.iter().rev().find_map(|e| match &e.payload {
                EventPayload::ContactDecisionProposed(d) if d.decision_id == decision => Some(d.clone()),
                _ => None,
            });
            let proposed = proposed.ok_or(AppError::NotFound)?;
            if action == "authorise" {
                let received = received_from(&events)?;
                let in_early_help = state.store.children_in_early_help(&received.children).await?;
                let open_cases = state.store.children_with_open_referral(&received.children).await?;
                authorisation_events(&received, &proposed, form.trimmed("manager_note"), crate::time::today(), &in_early_help, &open_cases)
            } else {
                let reason = form.value("return_reason").trim().to_string();
                if reason.is_empty() {
                    form.errors.add("return_reason", "Enter why you are returning the decision");
                    vec![]
                } else {
                    vec![EventPayload::ContactDecisionReturned(ContactDecisionReturned { contact_id: id, decision_id: decision, reason })]
                }
            }
        }
        "raise_escalation" => {
            let children = contact_children(&state, id).await?;
            match (user.staff.team_id, form.value("with_team").parse::<hearth_domain::ids::TeamId>()) {
                (None, _) => {
                    form.errors.add("with_team", "You are not in a team, so you cannot raise a disagreement between teams");
                    vec![]
                }
                (_, Err(_)) => {
                    form.errors.add("with_team", "Choose the team whose decision you disagree with");
                    vec![]
                }
                (Some(mine), Ok(with)) => vec![EventPayload::EscalationRaised(EscalationRaised {
                    escalation_id: hearth_domain::ids::EscalationId::new(),
                    contact_id: id,
                    children,
                    raised_by_team: mine,
                    with_team: with,
                    disagreement: form.value("disagreement").trim().to_string(),
                })],
            }
        }
        "resolve_escalation" => {
            require(can_authorise(user.staff.role), "resolve disagreements between teams")?;
            let escalation = form.value("escalation_id").parse().map_err(|_| AppError::BadRequest("Unknown disagreement".to_string()))?;
            match EscalationOutcome::from_code(form.value("escalation_outcome")) {
                Some(outcome) => vec![EventPayload::EscalationResolved(EscalationResolved {
                    escalation_id: escalation,
                    contact_id: id,
                    children: contact_children(&state, id).await?,
                    outcome,
                    resolution: form.value("resolution").trim().to_string(),
                })],
                None => {
                    form.errors.add("escalation_outcome", "Choose how the disagreement ended");
                    vec![]
                }
            }
        }
        _ => return Err(AppError::BadRequest("Unknown action".to_string())),
    };
    if !form.has_errors() {
        let new_events = events.into_iter().map(|p| NewEvent::new(p, now)).collect();
        match state.store.append(me, new_events).await {
            Ok(_) => {
                let done = match action.as_str() {
                    "rate" => "rated",
                    "assign" => "assigned",
                    "request_check" => "check",
                    "check_completed" | "check_not_completed" => "check_result",
                    "propose" => "proposed",
                    "authorise" => "authorised",
                    "raise_escalation" => "escalated",
                    "resolve_escalation" => "resolved",
                    _ => "returned",
                };
                return Ok(Redirect::to(&format!("/front-door/contacts/{id}?done={done}")).into_response());
            }
            Err(StoreError::Invalid(errors)) => form.errors.0.extend(errors.0),
            Err(StoreError::Refused(message)) => form.errors.add(refusal_field(&action), message),
            Err(e) => return Err(e.into()),
        }
    }
    let html = render_contact(&state, &user, id, &form, None).await?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

/// Which form a refusal from the record belongs to, for the error link.
fn refusal_field(action: &str) -> &'static str {
    match action {
        "authorise" => "manager_note",
        "return" => "return_reason",
        "propose" => "outcome",
        "request_check" => "agency",
        "rate" => "rag",
        "raise_escalation" => "with_team",
        "resolve_escalation" => "resolution",
        _ => "action",
    }
}

/// What authorising a decision records: the authorisation, and for a
/// referral or strategy discussion, a referral opening a children-in-need
/// episode for each child (CIN census `CINreferralDate` is the day it is
/// authorised); for early help, a step-down onto the early help waiting
/// list for each child not already open to early help (F11), with the
/// decision's rationale as its reason. One append, so all or none of it is
/// recorded.
pub fn authorisation_events(
    received: &ContactReceived,
    proposed: &ContactDecisionProposed,
    manager_note: Option<String>,
    today: chrono::NaiveDate,
    in_early_help: &[hearth_domain::ids::PersonId],
    open_cases: &[hearth_domain::ids::PersonId],
) -> Vec<EventPayload> {
    let mut events = vec![EventPayload::ContactDecisionAuthorised(ContactDecisionAuthorised {
        contact_id: received.contact_id,
        decision_id: proposed.decision_id,
        outcome: proposed.outcome,
        children: received.children.clone(),
        manager_note,
    })];
    if matches!(proposed.outcome, ContactOutcome::Referral | ContactOutcome::StrategyDiscussion) {
        // A child already open has one episode: the contact joins that case
        // (a strategy discussion on an open case is routine), and the census
        // counts no second referral.
        for child in received.children.iter().filter(|c| !open_cases.contains(c)) {
            events.push(EventPayload::ReferralOpened(ReferralOpened {
                referral_id: hearth_domain::ids::ReferralId::new(),
                child_id: *child,
                contact_id: Some(received.contact_id),
                referral_date: today,
                source: received.source,
            }));
        }
    }
    if proposed.outcome == ContactOutcome::EarlyHelp {
        events.extend(super::early_help::step_down_events(received, &proposed.rationale, today, in_early_help));
    }
    events
}

/// The MASH takes on an out-of-hours record (F8).
pub async fn acknowledge_handover(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<hearth_domain::ids::OutOfHoursId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_use_front_door(user.staff.role), "take on out-of-hours records")?;
    let form = FormState::from_pairs(pairs);
    let pending = state.store.pending_handovers().await?;
    let Some(h) = pending.into_iter().find(|h| h.record_id == id) else {
        return Err(AppError::Conflict("That out-of-hours record has already been taken on".to_string()));
    };
    let event = OutOfHoursAcknowledged { record_id: id, children: h.record.children.clone(), note: form.trimmed("note") };
    state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::OutOfHoursAcknowledged(event), Utc::now())]).await?;
    Ok(Redirect::to("/front-door?handover=1#handover").into_response())
}

#[derive(Template)]
#[template(path = "out_of_hours_new.html")]
pub struct NewOutOfHoursPage {
    pub layout: Layout,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

fn render_ooh(state: &AppState, user: &CurrentUser, form: &FormState) -> Result<String, AppError> {
    let page = NewOutOfHoursPage {
        layout: Layout::for_user(state, user, "Record out-of-hours work", "front_door"),
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::text_input(form, "children", "Hearth IDs of the children", Input { hint: "Separate them with commas", spellcheck_off: true, autocomplete: "off", ..Default::default() }),
            components::date_input(form, "happened", "When did it happen?", "For example, 22 11 2026"),
            components::text_input(form, "happened_time", "Time", Input { hint: "24-hour clock, for example 02:15", width: "govuk-input--width-5", autocomplete: "off", ..Default::default() }),
            components::textarea(form, "summary", "What happened", "", 5),
            components::textarea(form, "action_taken", "What the out-of-hours service did", "", 5),
        ],
    };
    Ok(page.render()?)
}

pub async fn new_out_of_hours(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require(super::can_record(user.staff.role), "record out-of-hours work")?;
    Ok(Html(render_ooh(&state, &user, &FormState::default())?))
}

pub async fn create_out_of_hours(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(super::can_record(user.staff.role), "record out-of-hours work")?;
    let mut form = FormState::from_pairs(pairs);
    let children = children_from_refs(&state, &mut form).await?;
    let date = form.date("happened", "the date it happened", true);
    let time = NaiveTime::parse_from_str(form.value("happened_time").trim(), "%H:%M").ok();
    if time.is_none() {
        form.errors.add("happened_time", "Enter the time it happened, like 02:15");
    }
    let happened = date.zip(time).map(|(d, t)| from_uk(d.and_time(t)));
    if happened.is_some_and(|h| h > Utc::now() + Duration::minutes(5)) {
        form.errors.add("happened", "The time it happened must be in the past");
    }
    let calendar = state.calendar().await?;
    let record = OutOfHoursRecorded {
        record_id: hearth_domain::ids::OutOfHoursId::new(),
        children,
        summary: form.value("summary").trim().to_string(),
        action_taken: form.value("action_taken").trim().to_string(),
        handover_due: hearth_domain::front_door::handover_due(happened.unwrap_or_else(Utc::now), &calendar),
    };
    if let Err(errors) = record.validate() {
        for e in errors.0 {
            if form.error(&e.field).is_none() {
                form.errors.0.push(e);
            }
        }
    }
    match (happened, form.has_errors()) {
        (Some(at), false) => {
            state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::OutOfHoursRecorded(record), at)]).await?;
            Ok(Redirect::to("/?ooh=1").into_response())
        }
        _ => {
            let html = render_ooh(&state, &user, &form)?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
        }
    }
}

/// The children named by Hearth ID in the `children` field. Each ID that is
/// not one, or names no child, adds an error; so does naming none.
async fn children_from_refs(state: &AppState, form: &mut FormState) -> Result<Vec<hearth_domain::ids::PersonId>, AppError> {
    let mut children = Vec::new();
    let typed: Vec<String> = form.value("children").split([',', ' ', ';']).filter(|p| !p.trim().is_empty()).map(str::to_string).collect();
    for part in &typed {
        match HearthRef::parse(part) {
            Some(r) => match state.store.child_by_ref(r.as_str()).await? {
                Some(id) if !children.contains(&id) => children.push(id),
                Some(_) => {}
                None => form.errors.add("children", format!("No child has the Hearth ID {r}: find or add the child first")),
            },
            None => form.errors.add("children", format!("{} is not a Hearth ID: use one like H0004217", part.trim())),
        }
    }
    if children.is_empty() && form.error("children").is_none() {
        form.errors.add("children", "Enter the Hearth ID of at least one child");
    }
    Ok(children)
}

async fn contact_children(state: &AppState, id: ContactId) -> Result<Vec<hearth_domain::ids::PersonId>, AppError> {
    Ok(received_from(&state.store.contact_events(id).await?)?.children)
}

/// The contact as received, with any correction applied, from its events.
pub fn received_from(events: &[hearth_store::RecordedEvent]) -> Result<ContactReceived, AppError> {
    events
        .iter()
        .rev()
        .find_map(|e| match &e.payload {
            EventPayload::ContactReceived(r) => Some(r.clone()),
            EventPayload::Correction(c) => match c.replacement.as_ref() {
                EventPayload::ContactReceived(r) => Some(r.clone()),
                _ => None,
            },
            _ => None,
        })
        .ok_or_else(|| AppError::Internal("a contact with no ContactReceived event".to_string()))
}

#[derive(Template)]
#[template(path = "escalations.html")]
pub struct EscalationsPage {
    pub layout: Layout,
    pub rows: Vec<(String, EscalationRow)>,
    pub open: usize,
    pub average: String,
}

/// Every threshold disagreement, with how long each took (F5).
pub async fn escalations(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require(can_use_front_door(user.staff.role), "see threshold disagreements")?;
    let now = Utc::now();
    let all = state.store.escalations(500).await?;
    let resolved: Vec<Duration> = all.iter().filter_map(|e| e.resolved_at.map(|r| r - e.raised_at)).collect();
    let average = if resolved.is_empty() {
        "None resolved yet".to_string()
    } else {
        let total: i64 = resolved.iter().map(|d| d.num_minutes()).sum();
        let mean = Duration::minutes(total / resolved.len() as i64);
        duration_words(now - mean, now)
    };
    let page = EscalationsPage {
        layout: Layout::for_user(&state, &user, "Threshold disagreements", "front_door"),
        open: all.iter().filter(|e| e.resolved_at.is_none()).count(),
        average,
        rows: all.iter().map(|e| (format!("/front-door/contacts/{}", e.contact_id), escalation_row(e, now))).collect(),
    };
    Ok(Html(page.render()?))
}
