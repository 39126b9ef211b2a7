//! The pages, one module per area of the service.

pub mod admin;
pub mod assessments;
pub mod child_protection;
pub mod child_record;
pub mod children;
pub mod corrections;
pub mod cp_plans;
pub mod dashboard;
pub mod details;
pub mod duty_rota;
pub mod domestic_incidents;
pub mod early_help;
pub mod family;
pub mod front_door;
pub mod home;
pub mod meeting_rows;
pub mod oversight;
pub mod proceedings;
pub mod referrals;
pub mod returns;
pub mod risk_flags;
pub mod significant_events;
pub mod work;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use askama::Template;
use hearth_domain::staff::Role;

/// What the page frame needs: the authority, the signed-in person, the
/// active section and the form token.
#[derive(Clone, Debug)]
pub struct Layout {
    pub authority_name: String,
    pub title: String,
    pub csrf_token: String,
    pub user: Option<NavUser>,
    pub nav: &'static str,
}

#[derive(Clone, Debug)]
pub struct NavUser {
    pub display_name: String,
    pub role_label: &'static str,
    pub is_manager: bool,
    pub is_admin: bool,
    pub can_add_child: bool,
    pub front_door: bool,
    pub early_help: bool,
    pub returns: bool,
    pub data_quality: bool,
}

impl Layout {
    pub fn anonymous(state: &AppState, title: &str, csrf: &str) -> Layout {
        Layout {
            authority_name: state.config.authority_name.clone(),
            title: title.to_string(),
            csrf_token: csrf.to_string(),
            user: None,
            nav: "",
        }
    }

    pub fn for_user(state: &AppState, user: &CurrentUser, title: &str, nav: &'static str) -> Layout {
        let role = user.staff.role;
        Layout {
            authority_name: state.config.authority_name.clone(),
            title: title.to_string(),
            csrf_token: user.csrf_token.clone(),
            user: Some(NavUser {
                display_name: user.staff.display_name.clone(),
                role_label: role.label(),
                is_manager: role.is_manager(),
                is_admin: role == Role::Administrator,
                can_add_child: can_add_child(role),
                front_door: front_door::can_use_front_door(role),
                early_help: early_help::can_work_on_early_help(role),
                returns: returns::can_make_returns(role),
                data_quality: returns::can_see_data_quality(role),
            }),
            nav,
        }
    }

    pub fn nav_class(&self, item: &str) -> &'static str {
        if self.nav == item {
            "govuk-service-navigation__item govuk-service-navigation__item--active"
        } else {
            "govuk-service-navigation__item"
        }
    }
}

pub fn can_add_child(role: Role) -> bool {
    matches!(role, Role::Practitioner | Role::TeamManager | Role::ServiceManager | Role::MashWorker)
}

/// Who may add to a child's chronology: those who work with the child.
pub fn can_record(role: Role) -> bool {
    matches!(role, Role::Practitioner | Role::TeamManager | Role::ServiceManager | Role::MashWorker | Role::Iro)
}

pub fn require(allowed: bool, what: &str) -> Result<(), AppError> {
    if allowed { Ok(()) } else { Err(AppError::Forbidden(format!("Your role does not allow you to {what}."))) }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub title: &'static str,
    pub message: String,
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
