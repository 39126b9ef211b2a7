//! One error type for the web layer, mapped to HTTP in one place. Pages get
//! a GOV.UK error page; the API gets `{"error": {"code", "message", "fields"}}`
//! with a stable `code` that clients can rely on.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Sign in to continue")]
    NotSignedIn { next: String },
    #[error("{0}")]
    Forbidden(String),
    #[error("Page not found")]
    NotFound,
    #[error("This form has expired or did not come from Hearth. Go back, reload the page and try again.")]
    Csrf,
    #[error("{0}")]
    TooManyRequests(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("There is a problem with what was entered")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the page could not be shown")]
    Template(#[from] askama::Error),
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotSignedIn { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Store(e) => match e {
                StoreError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                StoreError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
                StoreError::Conflict(_) => StatusCode::CONFLICT,
                StoreError::NotFound => StatusCode::NOT_FOUND,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            },
            AppError::Template(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code API clients match on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotSignedIn { .. } => "not_signed_in",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Csrf => "csrf_failed",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::BadRequest(_) => "bad_request",
            AppError::Invalid(_) => "validation_failed",
            AppError::Conflict(_) => "conflict",
            AppError::Store(e) => match e {
                StoreError::Invalid(_) => "validation_failed",
                StoreError::Refused(_) => "refused",
                StoreError::Conflict(_) => "conflict",
                StoreError::NotFound => "not_found",
                _ => "internal_error",
            },
            AppError::Template(_) | AppError::Internal(_) => "internal_error",
        }
    }

    /// What a person may be told. Internal failures are described in the
    /// log (without personal data), never to the browser.
    pub fn public_message(&self) -> String {
        if self.status().is_server_error() {
            "Sorry, there is a problem with Hearth. Try again later. What you entered has not been saved.".to_string()
        } else {
            self.to_string()
        }
    }

    fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Invalid(f) | AppError::Store(StoreError::Invalid(f)) => Some(f),
            _ => None,
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            // The error text names tables and codes, never field values.
            tracing::error!(code = self.code(), error = %self, "request failed");
        }
    }

    /// The JSON form, for the API.
    pub fn into_api_response(self) -> Response {
        self.log();
        let fields: Vec<_> = self
            .field_errors()
            .map(|f| f.0.iter().map(|e| serde_json::json!({"field": e.field, "message": e.message})).collect())
            .unwrap_or_default();
        let body = serde_json::json!({
            "error": { "code": self.code(), "message": self.public_message(), "fields": fields }
        });
        (self.status(), Json(body)).into_response()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        if let AppError::NotSignedIn { next } = &self {
            let target = if next.is_empty() || next == "/" {
                "/sign-in".to_string()
            } else {
                format!("/sign-in?next={}", crate::forms::url_encode(next))
            };
            return Redirect::to(&target).into_response();
        }
        let status = self.status();
        let title = match status {
            StatusCode::NOT_FOUND => "Page not found",
            StatusCode::FORBIDDEN => "You cannot do this",
            StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
            s if s.is_server_error() => "Sorry, there is a problem with Hearth",
            _ => "There is a problem",
        };
        let page = crate::pages::ErrorPage { title, message: self.public_message() };
        let html = askama::Template::render(&page).unwrap_or_else(|_| title.to_string());
        (status, Html(html)).into_response()
    }
}

/// Wraps an API handler's error so it renders as JSON.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_api_response()
    }
}
