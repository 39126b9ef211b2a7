//! The sign-in and sign-out journeys.
//!
//! Sign-in gives the same message for an unknown username and a wrong
//! password, so it cannot be used to find out who has an account; a locked
//! account is told so, with when it unlocks, because a person locked out
//! needs to know what to do.

use super::password::verify_password;
use super::session::{self, SessionContext};
use crate::components::{self, Html as Markup, Input};
use crate::error::AppError;
use crate::forms::FormState;
use crate::pages::Layout;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use hearth_domain::validation::FieldErrors;
use serde::Deserialize;
use std::net::SocketAddr;

/// A real Argon2id hash of a random string: checked against when the
/// username is unknown, so both answers take the same time.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$C3xXN2gmR8Ewc3SwGrqfz3fEdf8DILCz4b8uWkGzRYA";

#[derive(Template)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    pub layout: Layout,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
    pub next: String,
}

impl SignInPage {
    fn new(layout: Layout, form: &FormState, next: String) -> Self {
        SignInPage {
            layout,
            error_summary: components::error_summary(&form.errors),
            fields: vec![
                components::text_input(form, "username", "Username", Input { autocomplete: "username", spellcheck_off: true, width: "govuk-!-width-two-thirds", ..Default::default() }),
                components::text_input(form, "password", "Password", Input { autocomplete: "current-password", input_type: "password", width: "govuk-!-width-two-thirds", ..Default::default() }),
            ],
            next,
        }
    }
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    pub next: String,
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only local paths are followed after sign-in, never another site.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.starts_with("/sign-") {
        next.to_string()
    } else {
        "/".to_string()
    }
}

pub async fn show(State(state): State<AppState>, ctx: SessionContext, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to(&safe_next(&q.next)).into_response());
    }
    // The sign-in form needs a session to carry its CSRF token.
    let (cookie, csrf) = match &ctx.session {
        Some(s) => (None, s.csrf_token.clone()),
        None => {
            let (token, s) = session::start(&state, None, Utc::now()).await?;
            (Some(session::cookie_value(&token, state.config.secure_cookies)), s.csrf_token)
        }
    };
    let page = SignInPage::new(Layout::anonymous(&state, "Sign in", &csrf), &FormState::default(), safe_next(&q.next));
    let html = Html(page.render()?);
    Ok(match cookie {
        Some(c) => ([(SET_COOKIE, c)], html).into_response(),
        None => html.into_response(),
    })
}

pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    ctx: SessionContext,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let now = Utc::now();
    let username = form.username.trim().to_lowercase();
    let next = safe_next(&form.next);
    let csrf = ctx.csrf_token().to_string();
    let refuse = |errors: FieldErrors, status: axum::http::StatusCode| -> Result<Response, AppError> {
        let mut values = std::collections::HashMap::new();
        values.insert("username".to_string(), username.clone());
        let page = SignInPage::new(Layout::anonymous(&state, "Sign in", &csrf), &FormState { values, errors }, next.clone());
        Ok((status, Html(page.render()?)).into_response())
    };

    let mut errors = FieldErrors::new();
    if username.is_empty() {
        errors.add("username", "Enter your username");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    if !errors.is_empty() {
        return refuse(errors, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    }

    if let Err(wait) = state.limiter.check(addr.ip()) {
        state.store.log_sign_in_attempt(&username, "rate_limited", now).await?;
        let minutes = wait.as_secs().div_ceil(60).max(1);
        let mut e = FieldErrors::new();
        e.add("username", format!("Too many sign-in attempts from this device. Wait {minutes} minutes, then try again."));
        return refuse(e, axum::http::StatusCode::TOO_MANY_REQUESTS);
    }

    let staff = state.store.staff_by_username(&username).await?.filter(|s| s.active);
    let credentials = match &staff {
        Some(s) => state.store.credentials(s.user_id).await?,
        None => None,
    };
    let (Some(staff), Some(credentials)) = (staff, credentials) else {
        verify_password(form.password, DUMMY_HASH.to_string()).await;
        state.store.log_sign_in_attempt(&username, "unknown_user", now).await?;
        return refuse(wrong_password(), axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    };

    if let Some(until) = credentials.locked_until.filter(|u| *u > now) {
        state.store.log_sign_in_attempt(&username, "locked", now).await?;
        return refuse(locked(until), axum::http::StatusCode::FORBIDDEN);
    }

    if !verify_password(form.password, credentials.password_hash).await {
        let lock_until = now + Duration::minutes(state.config.lockout_minutes);
        let locked_now = state.store.record_failed_password(staff.user_id, state.config.lockout_attempts, lock_until).await?;
        state.store.log_sign_in_attempt(&username, "wrong_password", now).await?;
        return match locked_now {
            Some(until) if until > now => refuse(locked(until), axum::http::StatusCode::FORBIDDEN),
            _ => refuse(wrong_password(), axum::http::StatusCode::UNPROCESSABLE_ENTITY),
        };
    }

    state.store.clear_failed_passwords(staff.user_id).await?;
    state.store.log_sign_in_attempt(&username, "signed_in", now).await?;
    // A new session id at sign-in: a token planted before sign-in is worthless after.
    if let Some(old) = &ctx.session {
        state.store.delete_session(&old.token_hash).await?;
    }
    let (token, _) = session::start(&state, Some(staff.user_id), now).await?;
    tracing::info!(user = %staff.user_id, "signed in");
    Ok(([(SET_COOKIE, session::cookie_value(&token, state.config.secure_cookies))], Redirect::to(&next)).into_response())
}

pub async fn sign_out(State(state): State<AppState>, ctx: SessionContext) -> Result<Response, AppError> {
    if let Some(s) = &ctx.session {
        state.store.delete_session(&s.token_hash).await?;
    }
    Ok(([(SET_COOKIE, session::clear_cookie(state.config.secure_cookies))], Redirect::to("/sign-in")).into_response())
}

fn wrong_password() -> FieldErrors {
    let mut e = FieldErrors::new();
    e.add("username", "Enter a correct username and password");
    e
}

fn locked(until: chrono::DateTime<Utc>) -> FieldErrors {
    let mut e = FieldErrors::new();
    e.add(
        "username",
        format!(
            "This account is locked after too many failed sign-in attempts. Try again after {}, or ask an administrator to unlock it.",
            crate::time::time_of_day(until)
        ),
    );
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash_so_unknown_users_cost_the_same() {
        use argon2::password_hash::phc::PasswordHash;
        let parsed = PasswordHash::new(DUMMY_HASH).expect("dummy hash parses");
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/children/123"), "/children/123");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
        assert_eq!(safe_next("/sign-out"), "/");
    }
}
