//! Clocks and work lists (issue 4, F15): what is due for a child on their
//! record, the team manager's list of the team's due and overdue work by
//! worker, the service manager's counts per team, and the timeliness
//! dashboard whose every figure links to the children behind it.

use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::charts;
use crate::components::Html as Markup;
use crate::error::AppError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use hearth_domain::ids::{PersonId, TeamId};
use hearth_domain::staff::Role;
use hearth_store::work::{DueStatus, TeamFilter, WorkItem, WorkKind};

/// This area's routes, merged into the router in `lib.rs`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work/team", get(team_list))
        .route("/work/service", get(service_list))
        .route("/dashboard/timeliness", get(timeliness))
        .route("/dashboard/timeliness/list", get(timeliness_list))
}

/// The GOV.UK tag colour for a status: red overdue, yellow due soon, green
/// on time or met.
pub fn tag_class(status: DueStatus) -> &'static str {
    match status {
        DueStatus::Overdue | DueStatus::Missed => "govuk-tag govuk-tag--red",
        DueStatus::DueSoon => "govuk-tag govuk-tag--yellow",
        DueStatus::MetLate => "govuk-tag govuk-tag--orange",
        DueStatus::OnTime | DueStatus::Met => "govuk-tag govuk-tag--green",
        DueStatus::NotRequired => "govuk-tag govuk-tag--grey",
    }
}

/// Who may see the team, service and timeliness views.
fn can_see_team_work(role: Role) -> bool {
    role.is_manager()
}

fn can_see_service(role: Role) -> bool {
    role == Role::ServiceManager
}

fn can_see_timeliness(role: Role) -> bool {
    matches!(role, Role::TeamManager | Role::ServiceManager | Role::PerformanceAnalyst | Role::QaAuditor)
}

/// A clock on the child's record, ready to show.
pub struct DueRow {
    pub what: String,
    pub counted_from: String,
    pub due: String,
    pub completed: String,
    pub status: &'static str,
    pub tag_class: &'static str,
    pub late_reason: String,
    pub late_reason_missing: bool,
}

#[derive(Template)]
#[template(path = "work_record_section.html")]
pub struct RecordSection {
    pub open: Vec<DueRow>,
    pub closed: Vec<DueRow>,
}

/// This area's section of the child's record: every clock, open ones first
/// (overdue at the top), then those closed, latest first.
pub async fn record_section(state: &AppState, _user: &CurrentUser, child: PersonId, _can_record: bool) -> Result<Markup, AppError> {
    let items = state.store.due_items_of(child, crate::time::today()).await?;
    if items.is_empty() {
        return Ok(Markup::default());
    }
    let row = |i: &hearth_store::work::ChildDueItem| DueRow {
        what: i.what.clone(),
        counted_from: format!("{}, {}", capitalise(&i.anchor_what), crate::time::date(i.anchor_on)),
        due: crate::time::date(i.due_on),
        completed: i.completed_on.map(crate::time::date).unwrap_or_default(),
        status: i.status.label(),
        tag_class: tag_class(i.status),
        late_reason: i.late_reason.clone().unwrap_or_default(),
        late_reason_missing: i.late_reason_missing,
    };
    let mut open: Vec<_> = items.iter().filter(|i| i.status.is_open()).collect();
    open.sort_by_key(|i| (i.status, i.due_on));
    let mut closed: Vec<_> = items.iter().filter(|i| !i.status.is_open()).collect();
    closed.sort_by_key(|i| std::cmp::Reverse(i.due_on));
    let section = RecordSection { open: open.into_iter().map(row).collect(), closed: closed.into_iter().map(row).collect() };
    Ok(Markup(section.render()?))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A due item or action on a list, ready to show.
pub struct WorkRow {
    pub child_href: String,
    pub child_name: String,
    pub hearth_ref: String,
    pub kind: &'static str,
    pub what: String,
    pub counted_from: String,
    pub due: String,
    pub completed: String,
    pub status: &'static str,
    pub tag_class: &'static str,
    pub holder: String,
}

impl WorkRow {
    pub fn from_item(i: &WorkItem) -> WorkRow {
        let counted_from = match (&i.counted_from, &i.owner) {
            (Some((what, on)), _) => format!("{}, {}", capitalise(what), crate::time::date(*on)),
            (None, Some(owner)) => format!("Owner: {owner}"),
            _ => String::new(),
        };
        WorkRow {
            child_href: format!("/children/{}", i.child_id),
            child_name: i.child_name.clone(),
            hearth_ref: i.hearth_ref.clone(),
            kind: match i.kind {
                WorkKind::Clock => "Timescale",
                WorkKind::Action => "Action",
            },
            what: i.what.clone(),
            counted_from,
            due: crate::time::date(i.due_on),
            completed: i.completed_on.map(crate::time::date).unwrap_or_default(),
            status: i.status.label(),
            tag_class: tag_class(i.status),
            holder: i.holder_name.clone().unwrap_or_else(|| "Not allocated".to_string()),
        }
    }
}

/// The home page's "Due and overdue" list for the signed-in user.
pub async fn my_due_rows(state: &AppState, user: &CurrentUser) -> Result<Vec<WorkRow>, AppError> {
    let items = state.store.my_work(user.staff.user_id, crate::time::today()).await?;
    Ok(items.iter().map(WorkRow::from_item).collect())
}

pub struct GroupView {
    pub id: String,
    pub name: String,
    pub overdue: usize,
    pub due_soon: usize,
    pub rows: Vec<WorkRow>,
}

#[derive(Template)]
#[template(path = "work_team.html")]
pub struct TeamPage {
    pub layout: Layout,
    pub team_name: String,
    pub other_teams: Vec<(String, String)>,
    pub overdue: usize,
    pub due_soon: usize,
    pub total: usize,
    pub groups: Vec<GroupView>,
    pub show_service_link: bool,
}

#[derive(serde::Deserialize, Default)]
pub struct TeamQuery {
    #[serde(default)]
    team: Option<String>,
}

/// The team manager's list: the team's open clocks and actions, grouped by
/// worker, overdue first. A service manager may open any team's.
pub async fn team_list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<TeamQuery>) -> Result<Html<String>, AppError> {
    let role = user.staff.role;
    require(can_see_team_work(role), "see a team's work list")?;
    let store = &state.store;
    let teams = store.list_teams().await?;
    let mine = store.teams_of(user.staff.user_id).await?;
    // The teams this person may open: their own, or every team for a service manager.
    let allowed: Vec<_> = teams.iter().filter(|t| can_see_service(role) || mine.contains(&t.team_id)).collect();
    let asked = match q.team.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<TeamId>().map_err(|_| AppError::NotFound)?),
        None => None,
    };
    let team = match asked {
        Some(id) => match allowed.iter().find(|t| t.team_id == id) {
            Some(t) => *t,
            None if teams.iter().any(|t| t.team_id == id) => {
                return Err(AppError::Forbidden("You can only see the work lists of your own teams.".to_string()));
            }
            None => return Err(AppError::NotFound),
        },
        None => match allowed.iter().find(|t| mine.contains(&t.team_id)).or(allowed.first()) {
            Some(t) => *t,
            None => return Err(AppError::Forbidden("You do not manage a team, so there is no team list to show.".to_string())),
        },
    };
    let groups = store.team_work(team.team_id, crate::time::today()).await?;
    let groups: Vec<GroupView> = groups
        .iter()
        .enumerate()
        .map(|(n, g)| GroupView {
            id: format!("worker-{n}"),
            name: g.holder_name.clone(),
            overdue: g.count(DueStatus::Overdue),
            due_soon: g.count(DueStatus::DueSoon),
            rows: g.items.iter().map(WorkRow::from_item).collect(),
        })
        .collect();
    let page = TeamPage {
        layout: Layout::for_user(&state, &user, &format!("Work list: {}", team.name), "home"),
        team_name: team.name.clone(),
        other_teams: allowed
            .iter()
            .filter(|t| t.team_id != team.team_id)
            .map(|t| (format!("/work/team?team={}", t.team_id), t.name.clone()))
            .collect(),
        overdue: groups.iter().map(|g| g.overdue).sum(),
        due_soon: groups.iter().map(|g| g.due_soon).sum(),
        total: groups.iter().map(|g| g.rows.len()).sum(),
        groups,
        show_service_link: can_see_service(role),
    };
    Ok(Html(page.render()?))
}

pub struct ServiceRow {
    pub team: String,
    pub href: String,
    pub overdue: i64,
    pub due_soon: i64,
    pub on_time: i64,
    pub actions_overdue: i64,
    pub actions_open: i64,
}

#[derive(Template)]
#[template(path = "work_service.html")]
pub struct ServicePage {
    pub layout: Layout,
    pub chart: Markup,
    pub rows: Vec<ServiceRow>,
}

/// The service manager's view: every team's open work counted, each team
/// linking to its list.
pub async fn service_list(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require(can_see_service(user.staff.role), "see every team's work")?;
    let counts = state.store.service_work(crate::time::today()).await?;
    let rows: Vec<ServiceRow> = counts
        .iter()
        .filter(|c| c.overdue + c.due_soon + c.on_time + c.actions_open > 0 || c.team_id.is_some())
        .map(|c| ServiceRow {
            team: c.team_name.clone(),
            href: c.team_id.map(|t| format!("/work/team?team={t}")).unwrap_or_default(),
            overdue: c.overdue,
            due_soon: c.due_soon,
            on_time: c.on_time,
            actions_overdue: c.actions_overdue,
            actions_open: c.actions_open,
        })
        .collect();
    let data: Vec<(String, i64)> = rows.iter().filter(|r| r.overdue > 0).map(|r| (r.team.clone(), r.overdue)).collect();
    let page = ServicePage {
        layout: Layout::for_user(&state, &user, "Work across the service", "home"),
        chart: charts::horizontal_bar_chart("Overdue timescales by team", "Team", "Overdue timescales", &data),
        rows,
    };
    Ok(Html(page.render()?))
}

/// One figure on the dashboard: a number and the list behind it.
pub struct Figure {
    pub count: i64,
    pub href: String,
    pub label: &'static str,
}

pub struct RuleRow {
    pub what: String,
    pub figures: Vec<Figure>,
}

pub struct TeamView {
    pub id: String,
    pub name: String,
    pub chart: Markup,
    pub rows: Vec<RuleRow>,
    pub totals: Vec<Figure>,
}

#[derive(Template)]
#[template(path = "timeliness_dashboard.html")]
pub struct TimelinessPage {
    pub layout: Layout,
    pub today: String,
    pub since: String,
    pub headings: Vec<&'static str>,
    pub overview_chart: Markup,
    pub teams: Vec<TeamView>,
}

/// The statuses the dashboard shows, in column order.
const COLUMNS: [DueStatus; 6] =
    [DueStatus::OnTime, DueStatus::DueSoon, DueStatus::Overdue, DueStatus::Met, DueStatus::MetLate, DueStatus::Missed];

fn team_code(team: Option<TeamId>) -> String {
    team.map(|t| t.to_string()).unwrap_or_else(|| "none".to_string())
}

fn list_href(team: Option<TeamId>, rule: &str, status: DueStatus) -> String {
    format!("/dashboard/timeliness/list?team={}&rule={rule}&status={}", team_code(team), status.code())
}

/// Per team: bar charts of what is overdue, and per timescale the open and
/// closed counts, each linking to its children.
pub async fn timeliness(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require(can_see_timeliness(user.staff.role), "see the timeliness dashboard")?;
    let t = state.store.timeliness(crate::time::today()).await?;
    let overview: Vec<(String, i64)> = t.teams.iter().map(|team| (team.team_name.clone(), team.total(DueStatus::Overdue))).collect();
    let teams = t
        .teams
        .iter()
        .enumerate()
        .map(|(n, team)| {
            let chart_data: Vec<(String, i64)> = team.rules.iter().map(|r| (r.what.clone(), r.count(DueStatus::Overdue))).collect();
            TeamView {
                id: format!("team-{n}"),
                name: team.team_name.clone(),
                chart: charts::horizontal_bar_chart(
                    &format!("{}: overdue by timescale", team.team_name),
                    "Timescale",
                    "Overdue now",
                    &chart_data,
                ),
                rows: team
                    .rules
                    .iter()
                    .map(|r| RuleRow {
                        what: r.what.clone(),
                        figures: COLUMNS
                            .iter()
                            .map(|s| Figure { count: r.count(*s), href: list_href(team.team_id, &r.rule_id, *s), label: s.label() })
                            .collect(),
                    })
                    .collect(),
                totals: COLUMNS
                    .iter()
                    .map(|s| Figure { count: team.total(*s), href: list_href(team.team_id, "all", *s), label: s.label() })
                    .collect(),
            }
        })
        .collect();
    let page = TimelinessPage {
        layout: Layout::for_user(&state, &user, "Timeliness dashboard", "timeliness"),
        today: crate::time::date(t.today),
        since: crate::time::date(t.closed_since),
        headings: COLUMNS.iter().map(|s| s.label()).collect(),
        overview_chart: charts::horizontal_bar_chart("Overdue timescales by team", "Team", "Overdue now", &overview),
        teams,
    };
    Ok(Html(page.render()?))
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    team: Option<String>,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

#[derive(Template)]
#[template(path = "timeliness_list.html")]
pub struct TimelinessListPage {
    pub layout: Layout,
    pub title: String,
    pub scope: String,
    pub rows: Vec<WorkRow>,
    pub closed: bool,
}

/// The children behind one dashboard figure.
pub async fn timeliness_list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    require(can_see_timeliness(user.staff.role), "see the timeliness dashboard")?;
    let status = q
        .status
        .as_deref()
        .and_then(DueStatus::from_code)
        .filter(|s| *s != DueStatus::NotRequired)
        .ok_or_else(|| AppError::BadRequest("Choose a figure on the timeliness dashboard".to_string()))?;
    let (filter, team_name) = match q.team.as_deref().unwrap_or("none") {
        "none" => (TeamFilter::NoTeam, "Children allocated to no team".to_string()),
        s => {
            let id: TeamId = s.parse().map_err(|_| AppError::BadRequest("That team is not known".to_string()))?;
            let team = state.store.list_teams().await?.into_iter().find(|t| t.team_id == id).ok_or(AppError::NotFound)?;
            (TeamFilter::Team(id), team.name)
        }
    };
    let rule = match q.rule.as_deref().unwrap_or("all") {
        "all" => None,
        id => Some(hearth_domain::clocks::rules::by_id(id).ok_or_else(|| AppError::BadRequest("That timescale is not known".to_string()))?),
    };
    let today = crate::time::today();
    let items = state.store.timeliness_list(filter, rule.map(|r| r.id), status, today).await?;
    let what = rule.map(|r| r.what.to_string()).unwrap_or_else(|| "All timescales".to_string());
    let scope = if status.is_open() {
        format!("{team_name}. Open now and {} on {}", status.label().to_lowercase(), crate::time::date(today))
    } else {
        format!(
            "{team_name}. Closed {} in the 12 months from {} to {}",
            status.label().to_lowercase(),
            crate::time::date(hearth_store::Store::timeliness_since(today)),
            crate::time::date(today)
        )
    };
    let page = TimelinessListPage {
        layout: Layout::for_user(&state, &user, &format!("{what}: {}", status.label()), "timeliness"),
        title: format!("{what}: {}", status.label().to_lowercase()),
        scope,
        rows: items.iter().map(WorkRow::from_item).collect(),
        closed: !status.is_open(),
    };
    Ok(Html(page.render()?))
}
