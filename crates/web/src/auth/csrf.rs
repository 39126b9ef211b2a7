//! Cross-site request forgery protection for every state-changing request,
//! applied as middleware so no form can forget it:
//! 1. the browser's own signals (`Sec-Fetch-Site`, `Origin`) must not say
//!    the request came from another site, and
//! 2. the request must carry the session's token: a `csrf_token` form field
//!    (urlencoded, or a part of a multipart file upload), or an
//!    `X-CSRF-Token` header for the JSON API.
//!
//! The same middleware loads the session for every request.

use super::session;
use crate::error::AppError;
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle_compare::constant_time_eq;

/// Forms larger than this are refused (significant events are long, but not this long).
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

pub async fn protect(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Stylesheets, scripts and icons need no session: skip its database
    // lookup on every asset a page loads.
    if req.uri().path().starts_with("/assets/") && req.method() == Method::GET {
        return next.run(req).await;
    }
    let is_api = req.uri().path().starts_with("/api/");
    let render = |e: AppError| if is_api { e.into_api_response() } else { e.into_response() };
    let context = match session::load(&state, req.headers(), chrono::Utc::now()).await {
        Ok(c) => c,
        Err(e) => return render(e),
    };
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let (mut parts, body) = req.into_parts();
    let body = if safe {
        body
    } else {
        match check(&parts, body, &context, is_api).await {
            Ok(body) => body,
            Err(e) => {
                tracing::warn!(path = parts.uri.path(), "refused a request that failed the CSRF check");
                return render(e);
            }
        }
    };
    parts.extensions.insert(context);
    next.run(Request::from_parts(parts, body)).await
}

async fn check(parts: &axum::http::request::Parts, body: Body, context: &session::SessionContext, is_api: bool) -> Result<Body, AppError> {
    let headers = &parts.headers;
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return Err(AppError::Csrf);
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
        if origin == "null" || origin_host != host {
            return Err(AppError::Csrf);
        }
    }
    let Some(session) = &context.session else {
        return Err(AppError::Csrf);
    };
    if is_api {
        let sent = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
        return if constant_time_eq(sent.as_bytes(), session.csrf_token.as_bytes()) { Ok(body) } else { Err(AppError::Csrf) };
    }
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| AppError::BadRequest("The form is too large".to_string()))?;
    // A file upload sends the token as a part of its multipart body, checked
    // the same way; every other form is urlencoded.
    let sent = match crate::multipart::boundary(headers) {
        Some(boundary) => crate::multipart::parse(&boundary, &bytes)
            .and_then(|parts| crate::multipart::text_field(&parts, "csrf_token"))
            .unwrap_or_default(),
        None => form_urlencoded_value(&bytes, "csrf_token").unwrap_or_default(),
    };
    if !constant_time_eq(sent.as_bytes(), session.csrf_token.as_bytes()) {
        return Err(AppError::Csrf);
    }
    Ok(Body::from(bytes))
}

fn form_urlencoded_value(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).ok()?.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

mod subtle_compare {
    /// Compares without stopping at the first difference, so timing does not
    /// reveal how much of a token was right.
    pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
        if a.len() != b.len() || a.is_empty() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}
