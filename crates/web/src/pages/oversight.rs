//! Oversight lists for managers.

use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use chrono::{Duration, Utc};

#[derive(Template)]
#[template(path = "break_glass_list.html")]
pub struct BreakGlassList {
    pub layout: Layout,
    pub rows: Vec<AccessRow>,
}

pub struct AccessRow {
    pub when: String,
    pub who: String,
    pub child: String,
    pub child_href: String,
    pub hearth_ref: String,
    pub screen: String,
    pub reason: String,
}

impl AccessRow {
    pub fn from_view(v: &hearth_store::access_log::AccessView) -> AccessRow {
        AccessRow {
            when: crate::time::date_time(v.entry.at),
            who: format!("{} ({})", v.user_name, v.username),
            child: v.child_name.clone().unwrap_or_default(),
            child_href: format!("/children/{}", v.entry.person_id),
            hearth_ref: v.hearth_ref.clone().unwrap_or_default(),
            screen: screen_label(&v.entry.screen).to_string(),
            reason: v.entry.break_glass_reason.clone().unwrap_or_default(),
        }
    }
}

pub fn screen_label(screen: &str) -> &str {
    match screen {
        "child_record" => "Child's record",
        "break_glass" => "Gave a reason to open the record",
        "significant_event_form" => "Add a significant event",
        "api_child" => "API: child's record",
        "api_chronology" => "API: chronology",
        "api_significant_event" => "API: added a significant event",
        "access_log" => "Who has viewed the record",
        other => other,
    }
}

/// Every record opened with a break-glass reason in the last 30 days.
pub async fn break_glass(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require(user.staff.role.is_manager(), "see break-glass access")?;
    let rows = state.store.break_glass_since(Utc::now() - Duration::days(30), 1000).await?.iter().map(AccessRow::from_view).collect();
    let page = BreakGlassList { layout: Layout::for_user(&state, &user, "Break-glass access", "oversight"), rows };
    Ok(Html(page.render()?))
}
