//! Administration: staff accounts, teams and bank holidays. Administrators
//! only; every other role is refused with 403.
//!
//! Accounts and teams are events (so the log shows who created, changed or
//! disabled an account, and when); passwords and lockouts are operational
//! state in the credentials table and never enter the log. Nothing here logs
//! names or usernames: only ids.

use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::auth::password::{hash_password, password_problem};
use crate::components::{self, Html as Markup, Input};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Datelike, Utc, Weekday};
use hearth_domain::calendar::Calendar;
use hearth_domain::events::{
    BankHolidayAdded, EventPayload, NewEvent, StaffAccountCreated, StaffAccountDisabled, StaffAccountEnabled, StaffRoleChanged,
    TeamCreated, TeamManagerAssigned,
};
use hearth_domain::ids::{TeamId, UserId};
use hearth_domain::staff::{Role, TeamKind};
use hearth_store::StoreError;
use hearth_store::staff::StaffMember;
use serde::Deserialize;

/// Every administration page starts here.
fn require_admin(user: &CurrentUser) -> Result<(), AppError> {
    require(user.staff.role == Role::Administrator, "administer Hearth")
}

/// A rejected form: the page again, with the error summary, as 422.
fn rejected(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

/// Puts a store refusal on the form, next to `field`; anything else is a real failure.
fn absorb(form: &mut FormState, err: StoreError, field: &str) -> Result<(), AppError> {
    match err {
        StoreError::Invalid(errors) => {
            for e in errors.0 {
                if form.error(&e.field).is_none() {
                    form.errors.0.push(e);
                }
            }
            Ok(())
        }
        StoreError::Conflict(message) | StoreError::Refused(message) => {
            form.errors.add(field, message);
            Ok(())
        }
        other => Err(other.into()),
    }
}

fn role_options() -> Vec<(String, String)> {
    components::options(Role::ALL, Role::code, |r| r.label().to_string())
}

fn team_kind_options() -> Vec<(String, String)> {
    components::options(TeamKind::ALL, TeamKind::code, |k| k.label().to_string())
}

async fn team_options(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let mut options = vec![(String::new(), "No team".to_string())];
    options.extend(state.store.list_teams().await?.into_iter().map(|t| (t.team_id.to_string(), t.name)));
    Ok(options)
}

/// Reads an optional team: blank is no team; anything else must be a team Hearth holds.
async fn read_team(state: &AppState, form: &mut FormState, field: &str) -> Result<Option<TeamId>, AppError> {
    let Some(raw) = form.trimmed(field) else {
        return Ok(None);
    };
    match raw.parse::<TeamId>() {
        Ok(t) if state.store.team_exists(t).await? => Ok(Some(t)),
        _ => {
            form.errors.add(field, "Choose a team from the list");
            Ok(None)
        }
    }
}

/// Checks a new temporary password, adding the GOV.UK-style message to the form.
fn check_password(form: &mut FormState, field: &str) -> Option<String> {
    let password = form.value(field).to_string();
    if password.is_empty() {
        form.errors.add(field, "Enter a temporary password");
        return None;
    }
    if let Some(problem) = password_problem(&password) {
        form.errors.add(field, problem);
        return None;
    }
    Some(password)
}

async fn hash(password: String) -> Result<String, AppError> {
    hash_password(password).await.map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

// ---------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------

pub struct StaffRow {
    pub href: String,
    pub name: String,
    pub username: String,
    pub role: &'static str,
    pub team: String,
    pub agency: bool,
    pub active: bool,
}

impl StaffRow {
    fn from_member(s: &StaffMember) -> StaffRow {
        StaffRow {
            href: format!("/admin/users/{}", s.user_id),
            name: s.display_name.clone(),
            username: s.username.clone(),
            role: s.role.label(),
            team: s.team_name.clone().unwrap_or_else(|| "None".to_string()),
            agency: s.agency,
            active: s.active,
        }
    }
}

#[derive(Template)]
#[template(path = "admin_users.html")]
pub struct UsersPage {
    pub layout: Layout,
    pub section: &'static str,
    pub banner: Option<String>,
    pub rows: Vec<StaffRow>,
    pub active_count: usize,
}

pub async fn users(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require_admin(&user)?;
    let staff = state.store.list_staff().await?;
    let page = UsersPage {
        layout: Layout::for_user(&state, &user, "Users", "admin"),
        section: "users",
        banner: None,
        active_count: staff.iter().filter(|s| s.active).count(),
        rows: staff.iter().map(StaffRow::from_member).collect(),
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "admin_user_new.html")]
pub struct NewUserPage {
    pub layout: Layout,
    pub section: &'static str,
    pub banner: Option<String>,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

async fn render_new_user(state: &AppState, user: &CurrentUser, form: &FormState) -> Result<String, AppError> {
    let page = NewUserPage {
        layout: Layout::for_user(state, user, "Add a user", "admin"),
        section: "new_user",
        banner: None,
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::text_input(form, "username", "Username", Input {
                hint: "What they type to sign in: 3 to 64 lower-case letters, numbers, dots, hyphens or underscores. For example, jane.smith",
                width: "govuk-!-width-one-half",
                autocomplete: "off",
                spellcheck_off: true,
                ..Default::default()
            }),
            components::text_input(form, "display_name", "Full name", Input { autocomplete: "off", spellcheck_off: true, ..Default::default() }),
            components::radios(form, "role", "Role", "The role decides what they can see and do", &role_options(), false),
            components::select(form, "team_id", "Team (optional)", "The team they work in. Practitioners see their team's children.", &team_options(state).await?),
            components::text_input(form, "job_title", "Job title (optional)", Input { hint: "For example, Senior social worker", ..Default::default() }),
            components::checkboxes(form, "agency", "Agency staff", "", &[("yes".to_string(), "They are agency (locum) staff".to_string())]),
            components::text_input(form, "password", "Temporary password", Input {
                hint: "At least 12 characters. Give it to them in person or by phone, never by email.",
                width: "govuk-!-width-one-half",
                autocomplete: "new-password",
                input_type: "password",
                spellcheck_off: true,
            }),
        ],
    };
    Ok(page.render()?)
}

pub async fn new_user_form(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require_admin(&user)?;
    Ok(Html(render_new_user(&state, &user, &FormState::default()).await?))
}

pub async fn create_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_admin(&user)?;
    let mut form = FormState::from_pairs(pairs);
    let username = form.value("username").trim().to_lowercase();
    form.set("username", username.clone());
    let role = match Role::from_code(form.value("role")) {
        Some(r) => Some(r),
        None => {
            form.errors.add("role", "Select the person's role");
            None
        }
    };
    let team_id = read_team(&state, &mut form, "team_id").await?;
    let job_title = form.trimmed("job_title");
    if job_title.as_ref().is_some_and(|j| j.chars().count() > 120) {
        form.errors.add("job_title", "Job title must be 120 characters or fewer");
    }
    let event = StaffAccountCreated {
        user_id: UserId::new(),
        username: username.clone(),
        display_name: form.value("display_name").trim().to_string(),
        role: role.unwrap_or(Role::Practitioner),
        team_id,
        job_title,
        agency: form.is_checked("agency", "yes"),
    };
    if let Err(domain) = event.validate() {
        for e in domain.0 {
            if form.error(&e.field).is_none() {
                form.errors.0.push(e);
            }
        }
    }
    if form.error("username").is_none() && state.store.staff_by_username(&username).await?.is_some() {
        form.errors.add("username", "That username is already taken");
    }
    // The password is checked before anything is written, so a bad one saves nothing.
    let password = check_password(&mut form, "password");

    if let (Some(password), false) = (password, form.has_errors()) {
        // Hashed first: if hashing fails, no account exists without a password.
        let password_hash = hash(password).await?;
        let id = event.user_id;
        match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::StaffAccountCreated(event), Utc::now())]).await {
            Ok(_) => {
                state.store.set_password_hash(id, &password_hash, Utc::now()).await?;
                tracing::info!(admin = %user.staff.user_id, account = %id, "staff account created");
                return Ok(Redirect::to(&format!("/admin/users/{id}?created=1")).into_response());
            }
            Err(e) => absorb(&mut form, e, "username")?,
        }
    }
    // Never send a password back to the browser.
    form.set("password", "");
    Ok(rejected(render_new_user(&state, &user, &form).await?))
}

#[derive(Template)]
#[template(path = "admin_user.html")]
pub struct UserPage {
    pub layout: Layout,
    pub section: &'static str,
    pub banner: Option<String>,
    pub error_summary: Markup,
    pub id: String,
    pub name: String,
    pub details: Vec<(String, String)>,
    pub active: bool,
    pub is_self: bool,
    pub locked: bool,
    pub locked_until: String,
    pub role_fields: Vec<Markup>,
    pub reason: Markup,
    pub password: Markup,
}

#[derive(Deserialize, Default)]
pub struct UserQuery {
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

fn user_banner(q: &UserQuery, target: &StaffMember) -> Option<String> {
    if q.created.is_some() {
        return Some(format!(
            "Account created for {}. Give them their username and temporary password; they can sign in now.",
            target.display_name
        ));
    }
    let message = match q.done.as_deref()? {
        "role" => "Role and team changed.".to_string(),
        "disabled" => format!("Account disabled. {} has been signed out and cannot sign in.", target.display_name),
        "enabled" => format!("Account enabled. {} can sign in again.", target.display_name),
        "password" => "Password reset. They have been signed out and must sign in with the new temporary password.".to_string(),
        "unlocked" => "Account unlocked. They can try to sign in again.".to_string(),
        _ => return None,
    };
    Some(message)
}

async fn target_staff(state: &AppState, id: &str) -> Result<StaffMember, AppError> {
    let id = id.parse::<UserId>().map_err(|_| AppError::NotFound)?;
    state.store.staff_member(id).await?.ok_or(AppError::NotFound)
}

/// The forms on a person's page, filled in with what they hold now.
fn user_form(target: &StaffMember) -> FormState {
    let mut form = FormState::default();
    form.set("role", target.role.code());
    form.set("team_id", target.team_id.map(|t| t.to_string()).unwrap_or_default());
    form
}

async fn render_user(
    state: &AppState,
    user: &CurrentUser,
    target: &StaffMember,
    form: &FormState,
    banner: Option<String>,
) -> Result<String, AppError> {
    let now = Utc::now();
    let credentials = state.store.credentials(target.user_id).await?;
    let locked_until = credentials.as_ref().and_then(|c| c.locked_until).filter(|u| *u > now);
    let sign_in = match (&credentials, locked_until) {
        (None, _) => "No password set: reset the password so they can sign in".to_string(),
        (Some(_), Some(until)) => format!("Locked until {} after too many failed sign-in attempts", crate::time::date_time(until)),
        (Some(c), None) if c.failed_attempts > 0 => format!("Not locked ({} failed attempts since the last sign-in)", c.failed_attempts),
        (Some(_), None) => "Not locked".to_string(),
    };
    let details = vec![
        ("Full name".to_string(), target.display_name.clone()),
        ("Username".to_string(), target.username.clone()),
        ("Role".to_string(), target.role.label().to_string()),
        ("Team".to_string(), target.team_name.clone().unwrap_or_else(|| "None".to_string())),
        ("Job title".to_string(), target.job_title.clone().unwrap_or_else(|| "Not recorded".to_string())),
        ("Agency staff".to_string(), if target.agency { "Yes" } else { "No" }.to_string()),
        ("Account".to_string(), if target.active { "Active" } else { "Disabled" }.to_string()),
        ("Sign-in".to_string(), sign_in),
    ];
    let page = UserPage {
        layout: Layout::for_user(state, user, &target.display_name, "admin"),
        section: "users",
        banner,
        error_summary: components::error_summary(&form.errors),
        id: target.user_id.to_string(),
        name: target.display_name.clone(),
        details,
        active: target.active,
        is_self: target.user_id == user.staff.user_id,
        locked: locked_until.is_some(),
        locked_until: locked_until.map(crate::time::date_time).unwrap_or_default(),
        role_fields: vec![
            components::radios(form, "role", "Role", "", &role_options(), false),
            components::select(form, "team_id", "Team", "", &team_options(state).await?),
        ],
        reason: components::textarea(
            form,
            "reason",
            "Why are you disabling this account?",
            "For example, left the authority on 31 March. The reason is kept in the record.",
            3,
        ),
        password: components::text_input(form, "password", "New temporary password", Input {
            hint: "At least 12 characters. They will be signed out and must use this password to sign in.",
            width: "govuk-!-width-one-half",
            autocomplete: "new-password",
            input_type: "password",
            spellcheck_off: true,
        }),
    };
    Ok(page.render()?)
}

pub async fn user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<UserQuery>,
) -> Result<Html<String>, AppError> {
    require_admin(&user)?;
    let target = target_staff(&state, &id).await?;
    let banner = user_banner(&q, &target);
    Ok(Html(render_user(&state, &user, &target, &user_form(&target), banner).await?))
}

pub async fn update_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_admin(&user)?;
    let target = target_staff(&state, &id).await?;
    let id = target.user_id;
    let me = user.staff.user_id;
    let mut form = user_form(&target);
    let posted = FormState::from_pairs(pairs);
    for (k, v) in &posted.values {
        if k != "csrf_token" {
            form.set(k, v.clone());
        }
    }
    let action = form.value("action").to_string();
    let now = Utc::now();
    let done = match action.as_str() {
        "role" => {
            let role = Role::from_code(form.value("role"));
            if role.is_none() {
                form.errors.add("role", "Select a role");
            }
            let team_id = read_team(&state, &mut form, "team_id").await?;
            if id == me && role.is_some_and(|r| r != Role::Administrator) {
                form.errors.add("role", "You cannot remove your own administrator role: ask another administrator");
            }
            match role {
                Some(role) if !form.has_errors() => {
                    let event = StaffRoleChanged { user_id: id, role, team_id };
                    match state.store.append(me, vec![NewEvent::new(EventPayload::StaffRoleChanged(event), now)]).await {
                        Ok(_) => Some("role"),
                        Err(e) => absorb(&mut form, e, "role").map(|_| None)?,
                    }
                }
                _ => None,
            }
        }
        "disable" => {
            let reason = form.value("reason").trim().to_string();
            if id == me {
                form.errors.add("reason", "You cannot disable your own account: ask another administrator");
            } else if !target.active {
                form.errors.add("reason", "This account is already disabled");
            } else if let Err(errors) = (StaffAccountDisabled { user_id: id, reason: reason.clone() }).validate() {
                form.errors.0.extend(errors.0);
            }
            if form.has_errors() {
                None
            } else {
                let event = StaffAccountDisabled { user_id: id, reason };
                match state.store.append(me, vec![NewEvent::new(EventPayload::StaffAccountDisabled(event), now)]).await {
                    Ok(_) => {
                        // Signed out at once, not at their next idle timeout.
                        state.store.delete_sessions_of(id).await?;
                        tracing::info!(admin = %me, account = %id, "staff account disabled");
                        Some("disabled")
                    }
                    Err(e) => absorb(&mut form, e, "reason").map(|_| None)?,
                }
            }
        }
        "enable" => {
            if target.active {
                form.errors.add("enable", "This account is already active");
                None
            } else {
                let event = StaffAccountEnabled { user_id: id };
                match state.store.append(me, vec![NewEvent::new(EventPayload::StaffAccountEnabled(event), now)]).await {
                    Ok(_) => {
                        tracing::info!(admin = %me, account = %id, "staff account enabled");
                        Some("enabled")
                    }
                    Err(e) => absorb(&mut form, e, "enable").map(|_| None)?,
                }
            }
        }
        "password" => match check_password(&mut form, "password") {
            Some(password) => {
                let password_hash = hash(password).await?;
                state.store.set_password_hash(id, &password_hash, now).await?;
                // Whoever was signed in with the old password is signed out.
                state.store.delete_sessions_of(id).await?;
                tracing::info!(admin = %me, account = %id, "password reset by an administrator");
                Some("password")
            }
            None => None,
        },
        "unlock" => {
            state.store.clear_failed_passwords(id).await?;
            tracing::info!(admin = %me, account = %id, "account unlocked by an administrator");
            Some("unlocked")
        }
        _ => return Err(AppError::BadRequest("The form did not say what to change. Go back and try again.".to_string())),
    };
    if let Some(done) = done {
        return Ok(Redirect::to(&format!("/admin/users/{id}?done={done}")).into_response());
    }
    form.set("password", "");
    Ok(rejected(render_user(&state, &user, &target, &form, None).await?))
}

// ---------------------------------------------------------------------------
// Teams
// ---------------------------------------------------------------------------

pub struct TeamRow {
    pub name: String,
    pub kind: &'static str,
    pub manager: String,
    pub members: i64,
}

#[derive(Template)]
#[template(path = "admin_teams.html")]
pub struct TeamsPage {
    pub layout: Layout,
    pub section: &'static str,
    pub banner: Option<String>,
    pub rows: Vec<TeamRow>,
}

#[derive(Deserialize, Default)]
pub struct CreatedQuery {
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    added: Option<String>,
}

pub async fn teams(State(state): State<AppState>, user: CurrentUser, Query(q): Query<CreatedQuery>) -> Result<Html<String>, AppError> {
    require_admin(&user)?;
    let rows = state
        .store
        .list_teams()
        .await?
        .into_iter()
        .map(|t| TeamRow {
            name: t.name,
            kind: t.kind.label(),
            manager: t.manager_name.unwrap_or_else(|| "None".to_string()),
            members: t.members,
        })
        .collect();
    let page = TeamsPage {
        layout: Layout::for_user(&state, &user, "Teams", "admin"),
        section: "teams",
        banner: q.created.is_some().then(|| "Team created.".to_string()),
        rows,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "admin_team_new.html")]
pub struct NewTeamPage {
    pub layout: Layout,
    pub section: &'static str,
    pub banner: Option<String>,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
}

async fn manager_options(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let mut options = vec![(String::new(), "No manager yet".to_string())];
    options.extend(
        state
            .store
            .list_staff()
            .await?
            .into_iter()
            .filter(|s| s.active)
            .map(|s| (s.user_id.to_string(), format!("{} ({})", s.display_name, s.role.label()))),
    );
    Ok(options)
}

async fn render_new_team(state: &AppState, user: &CurrentUser, form: &FormState) -> Result<String, AppError> {
    let page = NewTeamPage {
        layout: Layout::for_user(state, user, "Add a team", "admin"),
        section: "teams",
        banner: None,
        error_summary: components::error_summary(&form.errors),
        fields: vec![
            components::text_input(form, "name", "Team name", Input { hint: "For example, Assessment Team North", ..Default::default() }),
            components::radios(form, "kind", "Kind of team", "", &team_kind_options(), false),
            components::select(form, "manager_id", "Team manager (optional)", "They will see the team's children and oversee its work.", &manager_options(state).await?),
        ],
    };
    Ok(page.render()?)
}

pub async fn new_team_form(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require_admin(&user)?;
    Ok(Html(render_new_team(&state, &user, &FormState::default()).await?))
}

pub async fn create_team(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_admin(&user)?;
    let mut form = FormState::from_pairs(pairs);
    let name = form.value("name").trim().to_string();
    let kind = TeamKind::from_code(form.value("kind"));
    if kind.is_none() {
        form.errors.add("kind", "Select the kind of team");
    }
    let manager_id = match form.trimmed("manager_id") {
        None => None,
        Some(raw) => match raw.parse::<UserId>() {
            Ok(m) if state.store.staff_member(m).await?.is_some_and(|s| s.active) => Some(m),
            _ => {
                form.errors.add("manager_id", "Choose a manager from the list");
                None
            }
        },
    };
    let created = TeamCreated { team_id: TeamId::new(), name: name.clone(), kind: kind.unwrap_or(TeamKind::Assessment), parent_team_id: None };
    if let Err(domain) = created.validate() {
        form.errors.0.extend(domain.0);
    }
    if form.error("name").is_none() {
        let wanted = name.to_lowercase();
        if state.store.list_teams().await?.iter().any(|t| t.name.trim().to_lowercase() == wanted) {
            form.errors.add("name", "A team with that name already exists");
        }
    }
    if !form.has_errors() {
        let team_id = created.team_id;
        let now = Utc::now();
        let mut events = vec![NewEvent::new(EventPayload::TeamCreated(created), now)];
        if let Some(manager_id) = manager_id {
            events.push(NewEvent::new(EventPayload::TeamManagerAssigned(TeamManagerAssigned { team_id, manager_id }), now));
        }
        // One append: the team and its manager are recorded together, or neither is.
        match state.store.append(user.staff.user_id, events).await {
            Ok(_) => {
                tracing::info!(admin = %user.staff.user_id, team = %team_id, "team created");
                return Ok(Redirect::to("/admin/teams?created=1").into_response());
            }
            Err(e) => absorb(&mut form, e, "name")?,
        }
    }
    Ok(rejected(render_new_team(&state, &user, &form).await?))
}

// ---------------------------------------------------------------------------
// Bank holidays
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin_bank_holidays.html")]
pub struct BankHolidaysPage {
    pub layout: Layout,
    pub section: &'static str,
    pub banner: Option<String>,
    pub error_summary: Markup,
    pub first_year: i32,
    pub last_year: i32,
    pub added: Vec<(String, String)>,
    pub fields: Vec<Markup>,
}

async fn render_bank_holidays(state: &AppState, user: &CurrentUser, form: &FormState, banner: Option<String>) -> Result<String, AppError> {
    let shipped = Calendar::england_and_wales();
    let added = state.store.added_bank_holidays().await?.into_iter().map(|(d, title)| (crate::time::date(d), title)).collect();
    let page = BankHolidaysPage {
        layout: Layout::for_user(state, user, "Bank holidays", "admin"),
        section: "bank_holidays",
        banner,
        error_summary: components::error_summary(&form.errors),
        first_year: shipped.first_year_covered(),
        last_year: shipped.last_year_covered(),
        added,
        fields: vec![
            components::date_input(form, "date", "Date", "The day the holiday is observed. For example, 8 5 2031"),
            components::text_input(form, "title", "Name of the bank holiday", Input { hint: "For example, Early May bank holiday", ..Default::default() }),
        ],
    };
    Ok(page.render()?)
}

pub async fn bank_holidays(State(state): State<AppState>, user: CurrentUser, Query(q): Query<CreatedQuery>) -> Result<Html<String>, AppError> {
    require_admin(&user)?;
    let banner = q.added.is_some().then(|| "Bank holiday added. Working-day timescales now skip it.".to_string());
    Ok(Html(render_bank_holidays(&state, &user, &FormState::default(), banner).await?))
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

pub async fn add_bank_holiday(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require_admin(&user)?;
    let mut form = FormState::from_pairs(pairs);
    let date = form.date("date", "the date of the bank holiday", true);
    let title = form.value("title").trim().to_string();
    if let Some(d) = date {
        let calendar = state.calendar().await?;
        if let Some(existing) = calendar.holidays().find(|h| h.date == d) {
            form.errors.add("date", format!("{} is already a bank holiday ({})", crate::time::date(d), existing.title));
        } else if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            form.errors.add(
                "date",
                format!(
                    "{} is a {}: bank holidays are weekdays. Enter the day it is observed (the substitute day)",
                    crate::time::date(d),
                    weekday_name(d.weekday())
                ),
            );
        }
    }
    let probe = BankHolidayAdded { date: date.unwrap_or_default(), title: title.clone() };
    if let Err(errors) = probe.validate() {
        form.errors.0.extend(errors.0);
    }
    if let (Some(date), false) = (date, form.has_errors()) {
        let event = BankHolidayAdded { date, title };
        match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::BankHolidayAdded(event), Utc::now())]).await {
            Ok(_) => {
                tracing::info!(admin = %user.staff.user_id, %date, "bank holiday added");
                return Ok(Redirect::to("/admin/bank-holidays?added=1").into_response());
            }
            Err(e) => absorb(&mut form, e, "date")?,
        }
    }
    Ok(rejected(render_bank_holidays(&state, &user, &form, None).await?))
}
