//! The JSON API: the same operations as the pages, for other systems.
//!
//! Clients use the session cookie from signing in. Writes must send the
//! session's CSRF token in an `X-CSRF-Token` header; `GET /api/v1/session`
//! gives it. Every error is `{"error": {"code", "message", "fields"}}` with
//! a stable `code` (see `openapi.rs`); a request that is not signed in gets
//! 401 `not_signed_in`, never a redirect to the sign-in page.

mod assessments;
mod child_protection;
mod children;
mod cp_plans;
mod early_help;
mod domestic_incidents;
mod duty_rota;
mod extract;
mod front_door;
mod handover;
mod openapi;
mod proceedings;

use crate::error::{ApiError, AppError};
use crate::state::AppState;
use axum::Json;
use axum::Router;
use axum::routing::{get, post};
use extract::ApiUser;
use hearth_domain::ids::{TeamId, UserId};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", get(session))
        .route("/children", get(children::search).post(children::create))
        .route("/children/{id}", get(children::show))
        .route("/children/{id}/chronology", get(children::chronology))
        .route("/children/{id}/significant-events", post(children::add_significant_event))
        .route("/children/{id}/risk-flags", post(children::raise_risk_flag))
        .route("/children/{id}/risk-flags/{flag}/removal", post(children::remove_risk_flag))
        .route("/children/{id}/referrals/{referral_id}/primary-need", post(children::record_primary_need))
        .route("/children/{id}/strategy-discussions", get(child_protection::discussions).post(child_protection::record_discussion))
        .route("/children/{id}/section-47s", get(child_protection::section47s))
        .route("/children/{id}/conferences", get(child_protection::conferences))
        .route("/children/{id}/assessments", get(assessments::list).post(assessments::start))
        .route("/assessments/{id}", get(assessments::show))
        .route("/assessments/{id}/submit", post(assessments::submit))
        .route("/assessments/{id}/authorise", post(assessments::authorise))
        .route("/front-door/rota", get(duty_rota::read))
        .route("/front-door/rota/{team_id}/{date}", post(duty_rota::set_day))
        .route("/front-door/queue", get(front_door::queue))
        .route("/front-door/contacts", post(front_door::create))
        .route("/front-door/contacts/{id}", get(front_door::show))
        .route("/front-door/contacts/{id}/rating", post(front_door::rate))
        .route("/front-door/contacts/{id}/assignment", post(front_door::assign))
        .route("/front-door/contacts/{id}/checks", post(front_door::request_check))
        .route("/front-door/contacts/{id}/checks/{check_id}", post(front_door::record_check_result))
        .route("/front-door/contacts/{id}/decisions", post(front_door::propose))
        .route("/front-door/contacts/{id}/decisions/{decision_id}/authorisation", post(front_door::authorise))
        .route("/front-door/contacts/{id}/decisions/{decision_id}/return", post(front_door::return_decision))
        .route("/front-door/contacts/{id}/escalations", post(handover::raise))
        .route("/front-door/contacts/{id}/escalations/{escalation_id}/resolution", post(handover::resolve))
        .route("/front-door/escalations", get(handover::escalations))
        .route("/front-door/out-of-hours", get(handover::pending).post(handover::record))
        .route("/front-door/out-of-hours/{id}/acknowledgement", post(handover::acknowledge))
        .route("/domestic-incidents", get(domestic_incidents::list).post(domestic_incidents::create))
        .route("/domestic-incidents/{id}/decision", post(domestic_incidents::decide))
        .route("/early-help/waiting-list", get(early_help::waiting))
        .route("/early-help/referrals", post(early_help::refer))
        .route("/early-help/episodes/{id}/keeping-in-touch", post(early_help::keep_in_touch))
        .route("/early-help/episodes/{id}/step-up", post(early_help::step_up))
        .route("/children/{id}/proceedings", get(proceedings::of_child))
        .route("/pre-proceedings", get(proceedings::service))
        .route("/children/{id}/cp-plans", get(cp_plans::list).post(cp_plans::create))
        .route("/children/{id}/actions", get(cp_plans::actions))
        .route("/actions/{id}/complete", post(cp_plans::complete))
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
}

async fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

#[derive(Serialize)]
pub struct SessionUser {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub role_label: &'static str,
    pub team_id: Option<TeamId>,
}

#[derive(Serialize)]
pub struct SessionJson {
    pub user: SessionUser,
    pub csrf_token: String,
}

/// `GET /api/v1/session`: who is signed in, and the token writes must send.
async fn session(ApiUser(user): ApiUser) -> Json<SessionJson> {
    let s = user.staff;
    Json(SessionJson {
        user: SessionUser {
            id: s.user_id,
            username: s.username,
            display_name: s.display_name,
            role: s.role.code(),
            role_label: s.role.label(),
            team_id: s.team_id,
        },
        csrf_token: user.csrf_token,
    })
}
