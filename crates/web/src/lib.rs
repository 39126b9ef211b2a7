//! Hearth's web service: server-rendered pages using the GOV.UK Design
//! System, and a JSON API over the same operations.
//!
//! HTTP types stop here: handlers parse requests into domain types, call the
//! store, and render. Errors from anywhere become responses in `error.rs`.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod api;
mod assets;
mod charts;
pub mod auth;
mod components;
mod error;
mod forms;
mod multipart;
mod pages;
mod pdf;
mod state;
pub mod time;

pub use auth::password::{hash_password, verify_password};
pub use error::AppError;
pub use state::{AppState, WebConfig};

use axum::Router;
use axum::routing::{get, post};

/// Every route Hearth serves.
pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(pages::home::my_work))
        .route("/sign-in", get(auth::sign_in::show).post(auth::sign_in::submit))
        .route("/sign-out", post(auth::sign_in::sign_out))
        .route("/children", get(pages::children::search))
        .route("/children/new", get(pages::children::new_form).post(pages::children::create))
        .route("/children/{id}", get(pages::child_record::show))
        .route("/children/{id}/break-glass", post(pages::child_record::break_glass))
        .route("/children/{id}/access-log", get(pages::child_record::access_log))
        .route(
            "/children/{id}/significant-events/new",
            get(pages::significant_events::new_form).post(pages::significant_events::create),
        )
        .route(
            "/children/{id}/significant-events/{event_id}/correct",
            get(pages::significant_events::correct_form).post(pages::significant_events::correct),
        )
        .route("/children/{id}/family/new", get(pages::family::new_form).post(pages::family::create))
        .route("/children/{id}/addresses/new", get(pages::details::new_address_form).post(pages::details::create_address))
        .route("/children/{id}/details", get(pages::details::details_form).post(pages::details::change_details))
        .route("/children/{id}/risk-flags/new", get(pages::risk_flags::new_form).post(pages::risk_flags::create))
        .route("/children/{id}/risk-flags/{flag}/remove", get(pages::risk_flags::remove_form).post(pages::risk_flags::remove))
        .route(
            "/children/{id}/referrals/{referral_id}/primary-need",
            get(pages::referrals::form).post(pages::referrals::record),
        )
        .route("/children/{id}/early-help/new", get(pages::early_help::new_form).post(pages::early_help::create))
        .route("/early-help", get(pages::early_help::waiting))
        .route("/early-help/episodes/{id}", get(pages::early_help::show).post(pages::early_help::act))
        .route("/front-door", get(pages::front_door::queue))
        .route("/front-door/dashboard", get(pages::dashboard::front_door))
        .route("/front-door/dashboard/list", get(pages::dashboard::list))
        .route("/front-door/contacts/new", get(pages::front_door::new_form).post(pages::front_door::create))
        .route("/front-door/contacts/{id}", get(pages::front_door::show).post(pages::front_door::act))
        .route("/front-door/escalations", get(pages::front_door::escalations))
        .route("/front-door/rota", get(pages::duty_rota::week))
        .route("/front-door/rota/{team_id}/{date}", get(pages::duty_rota::day_form).post(pages::duty_rota::set_day))
        .route("/front-door/domestic-incidents", get(pages::domestic_incidents::list))
        .route(
            "/front-door/domestic-incidents/upload",
            get(pages::domestic_incidents::upload_form).post(pages::domestic_incidents::upload),
        )
        .route("/front-door/domestic-incidents/upload/import", post(pages::domestic_incidents::import_good_rows))
        .route("/front-door/domestic-incidents/{id}", get(pages::domestic_incidents::show).post(pages::domestic_incidents::decide))
        .route("/front-door/out-of-hours/new", get(pages::front_door::new_out_of_hours).post(pages::front_door::create_out_of_hours))
        .route("/front-door/out-of-hours/{id}/acknowledge", post(pages::front_door::acknowledge_handover))
        .route("/oversight/break-glass", get(pages::oversight::break_glass))
        .route("/admin/users", get(pages::admin::users))
        .route("/admin/users/new", get(pages::admin::new_user_form).post(pages::admin::create_user))
        .route("/admin/users/{id}", get(pages::admin::user).post(pages::admin::update_user))
        .route("/admin/teams", get(pages::admin::teams))
        .route("/admin/teams/new", get(pages::admin::new_team_form).post(pages::admin::create_team))
        .route("/admin/bank-holidays", get(pages::admin::bank_holidays).post(pages::admin::add_bank_holiday))
        .route("/assets/{*path}", get(assets::serve))
        .route("/healthz", get(|| async { "ok" }))
        .merge(pages::assessments::routes())
        .merge(pages::child_protection::routes())
        .merge(pages::cp_plans::routes())
        .merge(pages::proceedings::routes())
        .merge(pages::work::routes())
        .merge(pages::corrections::routes())
        .merge(pages::returns::routes());
    pages
        .nest("/api/v1", api::router())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::csrf::protect))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

/// Headers every response carries: no framing, no sniffing, a strict content
/// policy (Hearth loads nothing from elsewhere), and no caching of pages that
/// hold children's details.
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::header::{self, HeaderValue};
    let is_asset = req.uri().path().starts_with("/assets/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; \
             img-src 'self' data:; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    if !is_asset {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Serves until `shutdown` completes.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
