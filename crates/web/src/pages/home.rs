//! "My work": what the signed-in person needs to see first.

use super::Layout;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Html;
use chrono::{Duration, Utc};
use hearth_store::children::ChildListItem;

#[derive(Template)]
#[template(path = "home.html")]
pub struct MyWork {
    pub layout: Layout,
    pub caseload: Vec<ChildRow>,
    pub recent: Vec<ChildRow>,
    pub unallocated: Vec<ChildRow>,
    pub is_manager: bool,
    pub break_glass_this_week: usize,
}

/// A child in a list, ready to show.
pub struct ChildRow {
    pub href: String,
    pub name: String,
    pub hearth_ref: String,
    pub born: String,
    pub team: String,
    pub worker: String,
}

impl ChildRow {
    pub fn from_item(c: &ChildListItem) -> ChildRow {
        let born = match (c.date_of_birth, c.expected_date_of_birth) {
            (Some(d), _) => crate::time::date(d),
            (None, Some(e)) => format!("Unborn, due {}", crate::time::date(e)),
            _ => "Not known".to_string(),
        };
        ChildRow {
            href: format!("/children/{}", c.person_id),
            name: c.full_name(),
            hearth_ref: c.hearth_ref.clone(),
            born,
            team: c.team_name.clone().unwrap_or_else(|| "None".to_string()),
            worker: c.worker_name.clone().unwrap_or_else(|| "Unallocated".to_string()),
        }
    }
}

pub async fn my_work(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    let store = &state.store;
    let caseload: Vec<ChildRow> = store.caseload(user.staff.user_id).await?.iter().map(ChildRow::from_item).collect();
    let mut recent = Vec::new();
    for (id, _) in store.recently_viewed(user.staff.user_id, 5).await? {
        if let Some(r) = store.child_record(id).await? {
            recent.push(ChildRow::from_item(&r.item));
        }
    }
    let is_manager = user.staff.role.is_manager();
    let (unallocated, break_glass_this_week) = if is_manager {
        let teams = store.teams_of(user.staff.user_id).await?;
        let unallocated = store.unallocated_in_teams(&teams).await?.iter().map(ChildRow::from_item).collect();
        let glass = store.break_glass_since(Utc::now() - Duration::days(7), 500).await?.len();
        (unallocated, glass)
    } else {
        (Vec::new(), 0)
    };
    let page = MyWork {
        layout: Layout::for_user(&state, &user, "My work", "home"),
        caseload,
        recent,
        unallocated,
        is_manager,
        break_glass_this_week,
    };
    Ok(Html(page.render()?))
}
