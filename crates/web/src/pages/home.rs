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
    /// Police notifications waiting for the domestic-incident review (F7),
    /// for those who run the front door.
    pub domestic_incidents_pending: Option<i64>,
    /// The front door's other lists that must not be left (F8, F5):
    /// out-of-hours records not taken on (and how many are past 10am the
    /// next working day), and disagreements between teams still open.
    pub front_door_waiting: Option<FrontDoorWaiting>,
    /// Open timescales on the user's children and actions they own, overdue
    /// first (F15).
    pub due: Vec<super::work::WorkRow>,
    pub due_overdue: usize,
    pub is_service_manager: bool,
}

/// A child in a list, ready to show.
pub struct ChildRow {
    pub href: String,
    pub name: String,
    pub hearth_ref: String,
    pub born: String,
    pub team: String,
    pub worker: String,
    /// Active risk flags, for lists that show them.
    pub risks: Vec<String>,
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
            risks: Vec::new(),
        }
    }

    /// Rows for a list of children, each with its active risk flags.
    pub async fn with_risks(state: &AppState, items: &[ChildListItem]) -> Result<Vec<ChildRow>, AppError> {
        let ids: Vec<_> = items.iter().map(|c| c.person_id).collect();
        let mut flags = state.store.active_risk_flags(&ids).await?;
        Ok(items
            .iter()
            .map(|c| {
                let mut row = ChildRow::from_item(c);
                row.risks = flags.remove(&c.person_id).unwrap_or_default().iter().map(|f| f.label()).collect();
                row
            })
            .collect())
    }
}

pub struct FrontDoorWaiting {
    pub handovers: usize,
    pub handovers_overdue: usize,
    pub open_escalations: usize,
}

pub async fn my_work(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    let store = &state.store;
    let caseload = ChildRow::with_risks(&state, &store.caseload(user.staff.user_id).await?).await?;
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
    let due = super::work::my_due_rows(&state, &user).await?;
    let due_overdue = due.iter().filter(|r| r.status == hearth_store::work::DueStatus::Overdue.label()).count();
    let page = MyWork {
        due,
        due_overdue,
        is_service_manager: user.staff.role == hearth_domain::staff::Role::ServiceManager,
        layout: Layout::for_user(&state, &user, "My work", "home"),
        caseload,
        recent,
        unallocated,
        is_manager,
        break_glass_this_week,
        domestic_incidents_pending: if super::front_door::can_use_front_door(user.staff.role) {
            Some(store.undecided_domestic_incident_count().await?)
        } else {
            None
        },
        front_door_waiting: if super::front_door::can_use_front_door(user.staff.role) {
            let now = Utc::now();
            let handovers = store.pending_handovers().await?;
            let escalations = store.escalations(1000).await?;
            Some(FrontDoorWaiting {
                handovers: handovers.len(),
                handovers_overdue: handovers.iter().filter(|h| h.handover_due < now).count(),
                open_escalations: escalations.iter().filter(|e| e.resolved_at.is_none()).count(),
            })
        } else {
            None
        },
    };
    Ok(Html(page.render()?))
}
