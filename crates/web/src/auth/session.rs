//! Sessions: a random token in an HttpOnly cookie; the database keeps only
//! its SHA-256, so a copy of the database cannot be used to sign in.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, Duration, Utc};
use hearth_store::auth::Session;
use hearth_store::staff::StaffMember;
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "hearth_session";

/// What the request's session says, put in the request by the middleware.
#[derive(Clone, Debug, Default)]
pub struct SessionContext {
    pub session: Option<Session>,
    pub user: Option<CurrentUser>,
}

impl SessionContext {
    pub fn csrf_token(&self) -> &str {
        self.session.as_ref().map(|s| s.csrf_token.as_str()).unwrap_or("")
    }
}

/// The signed-in member of staff.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub staff: StaffMember,
    /// A short reference to the session, safe to store in the access log.
    pub session_ref: String,
    pub csrf_token: String,
}

impl FromRequestParts<AppState> for SessionContext {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<SessionContext>().cloned().unwrap_or_default())
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<SessionContext>()
            .and_then(|c| c.user.clone())
            .ok_or_else(|| AppError::NotSignedIn { next: parts.uri.path_and_query().map(|p| p.to_string()).unwrap_or_default() })
    }
}

pub fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn session_ref(token_hash: &str) -> String {
    token_hash.chars().take(16).collect()
}

pub fn cookie_value(token: &str, secure: bool) -> String {
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{}", if secure { "; Secure" } else { "" })
}

pub fn clear_cookie(secure: bool) -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", if secure { "; Secure" } else { "" })
}

pub fn token_from_cookies(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE && value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|(_, value)| value.to_string())
}

/// Creates a session (anonymous when `user` is None) and returns its cookie token.
pub async fn start(state: &AppState, user: Option<hearth_domain::ids::UserId>, now: DateTime<Utc>) -> Result<(String, Session), AppError> {
    let token = new_token()?;
    let csrf = new_token()?;
    let hash = token_hash(&token);
    let expires = now + Duration::minutes(state.config.session_idle_minutes);
    state.store.create_session(&hash, user, &csrf, now, expires).await?;
    let session = Session { token_hash: hash, user_id: user, csrf_token: csrf, created_at: now, expires_at: expires };
    Ok((token, session))
}

/// Loads the request's session and user, sliding the idle expiry forward.
pub async fn load(state: &AppState, headers: &axum::http::HeaderMap, now: DateTime<Utc>) -> Result<SessionContext, AppError> {
    let Some(token) = token_from_cookies(headers) else {
        return Ok(SessionContext::default());
    };
    let hash = token_hash(&token);
    let Some(session) = state.store.session(&hash, now).await? else {
        return Ok(SessionContext::default());
    };
    let cfg = &state.config;
    if session.created_at + Duration::hours(cfg.session_max_hours) <= now {
        state.store.delete_session(&hash).await?;
        return Ok(SessionContext::default());
    }
    let idle = Duration::minutes(cfg.session_idle_minutes);
    let last_seen = session.expires_at - idle;
    if now - last_seen > Duration::minutes(2) {
        let max_end = session.created_at + Duration::hours(cfg.session_max_hours);
        state.store.touch_session(&hash, now, (now + idle).min(max_end)).await?;
    }
    let user = match session.user_id {
        Some(id) => match state.store.staff_member(id).await? {
            Some(staff) if staff.active => Some(CurrentUser {
                staff,
                session_ref: session_ref(&hash),
                csrf_token: session.csrf_token.clone(),
            }),
            _ => None,
        },
        None => None,
    };
    Ok(SessionContext { session: Some(session), user })
}
