//! Work lists and the timeliness dashboard (issue 4, F15): every clock
//! still open and every open action, on the list of the person who must act
//! (the child's allocated worker, the action's owner), their team manager's
//! and the service manager's; and per team and timescale, how many are on
//! time, due soon or overdue now, and how many closed in the last 12 months
//! were met, met late or missed, each figure with the children behind it.
//!
//! Open items are stored with their due date only; whether one is on time,
//! due soon or overdue is worked out here from the day asked about, with
//! the same window and calendar the clock engine uses.

use crate::db::Row;
use crate::error::StoreError;
use crate::{Store, params};
use chrono::{Months, NaiveDate};
use hearth_domain::calendar::Calendar;
use hearth_domain::clocks::{ClockPolicy, rules};
use hearth_domain::ids::{PersonId, TeamId, UserId};
use std::collections::BTreeMap;

/// How a due item or action stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueStatus {
    Overdue,
    DueSoon,
    OnTime,
    Met,
    MetLate,
    Missed,
    NotRequired,
}

impl DueStatus {
    pub const OPEN: [DueStatus; 3] = [DueStatus::OnTime, DueStatus::DueSoon, DueStatus::Overdue];
    /// The closed statuses the dashboard counts (not required is no one's work).
    pub const CLOSED: [DueStatus; 3] = [DueStatus::Met, DueStatus::MetLate, DueStatus::Missed];

    pub fn code(self) -> &'static str {
        match self {
            DueStatus::Overdue => "overdue",
            DueStatus::DueSoon => "due_soon",
            DueStatus::OnTime => "on_time",
            DueStatus::Met => "met",
            DueStatus::MetLate => "met_late",
            DueStatus::Missed => "missed",
            DueStatus::NotRequired => "not_required",
        }
    }

    pub fn from_code(code: &str) -> Option<DueStatus> {
        [
            DueStatus::Overdue,
            DueStatus::DueSoon,
            DueStatus::OnTime,
            DueStatus::Met,
            DueStatus::MetLate,
            DueStatus::Missed,
            DueStatus::NotRequired,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DueStatus::Overdue => "Overdue",
            DueStatus::DueSoon => "Due soon",
            DueStatus::OnTime => "On time",
            DueStatus::Met => "Met",
            DueStatus::MetLate => "Met late",
            DueStatus::Missed => "Missed",
            DueStatus::NotRequired => "Not required",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, DueStatus::Overdue | DueStatus::DueSoon | DueStatus::OnTime)
    }

    /// An open item's standing on `today`: overdue once past its due date,
    /// due soon within the policy's window of working days (or due today).
    pub fn open_on(due: NaiveDate, today: NaiveDate, calendar: &Calendar, policy: &ClockPolicy) -> DueStatus {
        if today > due {
            DueStatus::Overdue
        } else if calendar.working_days_between(today, due) <= i64::from(policy.due_soon_working_days) {
            DueStatus::DueSoon
        } else {
            DueStatus::OnTime
        }
    }

    /// A stored item's status on `today`.
    fn stored(code: &str, due: NaiveDate, today: NaiveDate, calendar: &Calendar, policy: &ClockPolicy) -> Result<DueStatus, StoreError> {
        match code {
            "open" => Ok(DueStatus::open_on(due, today, calendar, policy)),
            "met" => Ok(DueStatus::Met),
            "met_late" => Ok(DueStatus::MetLate),
            "missed" => Ok(DueStatus::Missed),
            "not_required" => Ok(DueStatus::NotRequired),
            other => Err(StoreError::Corrupt(format!("unknown due item status {other}"))),
        }
    }
}

/// One clock on a child's record, as the record shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildDueItem {
    pub rule_id: String,
    pub what: String,
    /// What it is counted from, and that day.
    pub anchor_what: String,
    pub anchor_on: NaiveDate,
    pub due_on: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    pub status: DueStatus,
    pub late_reason: Option<String>,
    /// Past its timescale, the rule asks for a reason, and none is recorded.
    pub late_reason_missing: bool,
}

/// Whether a work item is a clock or an action someone agreed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkKind {
    Clock,
    Action,
}

/// One thing due, on someone's list.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkItem {
    pub kind: WorkKind,
    pub child_id: PersonId,
    pub child_name: String,
    pub hearth_ref: String,
    /// What is due: the timescale's name, or what the action is.
    pub what: String,
    /// The clock's rule; none for an action.
    pub rule_id: Option<String>,
    /// What a clock is counted from, and that day.
    pub counted_from: Option<(String, NaiveDate)>,
    pub due_on: NaiveDate,
    /// When a closed clock was met.
    pub completed_on: Option<NaiveDate>,
    pub status: DueStatus,
    /// Whose list it is on: the child's allocated worker for a clock, the
    /// owner for an action owned by staff, else the child's worker.
    pub holder_id: Option<UserId>,
    pub holder_name: Option<String>,
    /// For an action: who will do it, as agreed ("Dr A Khan (Health)").
    pub owner: Option<String>,
    pub team_id: Option<TeamId>,
    pub team_name: Option<String>,
}

/// One person's part of a team list.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkGroup {
    pub holder_id: Option<UserId>,
    pub holder_name: String,
    pub items: Vec<WorkItem>,
}

impl WorkGroup {
    pub fn count(&self, status: DueStatus) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }
}

/// A team's open work, counted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamWorkCounts {
    pub team_id: Option<TeamId>,
    pub team_name: String,
    pub overdue: i64,
    pub due_soon: i64,
    pub on_time: i64,
    pub actions_overdue: i64,
    pub actions_open: i64,
}

/// One timescale's figures for one team.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleFigures {
    pub rule_id: String,
    pub what: String,
    pub counts: BTreeMap<DueStatus, i64>,
}

impl RuleFigures {
    pub fn count(&self, status: DueStatus) -> i64 {
        self.counts.get(&status).copied().unwrap_or(0)
    }
}

/// A team's timeliness: one row per timescale that has anything to count.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamTimeliness {
    /// None: children allocated to no team.
    pub team_id: Option<TeamId>,
    pub team_name: String,
    pub rules: Vec<RuleFigures>,
}

impl TeamTimeliness {
    pub fn total(&self, status: DueStatus) -> i64 {
        self.rules.iter().map(|r| r.count(status)).sum()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Timeliness {
    pub today: NaiveDate,
    /// Closed items are counted from this day to today.
    pub closed_since: NaiveDate,
    pub teams: Vec<TeamTimeliness>,
}

/// Which team's figures: a team, or the children allocated to none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamFilter {
    Team(TeamId),
    NoTeam,
}

const NO_TEAM: &str = "No team";
const NOT_ALLOCATED: &str = "Not allocated to a worker";

const CLOCK_SELECT: &str = "SELECT d.child_id, d.rule_id, d.what, d.anchor_what, d.anchor_on, d.due_on, d.completed_on, d.status, \
     p.given_name, p.family_name, p.hearth_ref, a.worker_id, w.display_name AS worker_name, a.team_id, t.name AS team_name \
     FROM due_items d JOIN people p ON p.person_id = d.child_id \
     LEFT JOIN allocations a ON a.child_id = d.child_id \
     LEFT JOIN staff w ON w.user_id = a.worker_id \
     LEFT JOIN teams t ON t.team_id = a.team_id";

/// The clocks the timeliness dashboard counts: every open one, and those
/// closed since `$1` (met or met late by the day they were done, missed by
/// the day they were due).
const TIMELINESS_WHERE: &str = "(d.status = 'open' OR (d.status IN ('met', 'met_late') AND d.completed_on >= $1) \
     OR (d.status = 'missed' AND d.due_on >= $1))";

const ACTION_COLUMNS: &str = "SELECT ac.child_id, ac.description, ac.due_on, ac.owner_user_id, o.display_name AS owner_display, \
     o.team_id AS owner_team_id, ot.name AS owner_team_name, ac.owner_name, ac.owner_agency, \
     p.given_name, p.family_name, p.hearth_ref, a.worker_id, w.display_name AS worker_name, a.team_id, t.name AS team_name";

/// Actions from the action's side: for one owner's list.
const ACTION_FROM: &str = "FROM actions ac JOIN people p ON p.person_id = ac.child_id \
     LEFT JOIN staff o ON o.user_id = ac.owner_user_id \
     LEFT JOIN teams ot ON ot.team_id = o.team_id \
     LEFT JOIN allocations a ON a.child_id = ac.child_id \
     LEFT JOIN staff w ON w.user_id = a.worker_id \
     LEFT JOIN teams t ON t.team_id = a.team_id";

/// Actions from the side of the children a team holds (`a.team_id = $1`).
/// The CROSS JOIN keeps SQLite reading the team's children first and then
/// each child's actions, rather than every open action in the authority
/// (half a second per request in the largest authority); PostgreSQL plans
/// it as the inner join it is.
const ACTION_FROM_TEAM_CHILDREN: &str = "FROM allocations a CROSS JOIN actions ac \
     JOIN people p ON p.person_id = ac.child_id \
     LEFT JOIN staff o ON o.user_id = ac.owner_user_id \
     LEFT JOIN teams ot ON ot.team_id = o.team_id \
     LEFT JOIN staff w ON w.user_id = a.worker_id \
     LEFT JOIN teams t ON t.team_id = a.team_id";

/// Reads rows with a day's calendar and policy at hand.
struct Reading {
    today: NaiveDate,
    calendar: Calendar,
    policy: ClockPolicy,
}

impl Reading {
    fn clock(&self, r: &Row) -> Result<WorkItem, StoreError> {
        let due_on = r.date("due_on")?;
        Ok(WorkItem {
            kind: WorkKind::Clock,
            child_id: r.uuid("child_id")?,
            child_name: format!("{} {}", r.str("given_name")?, r.str("family_name")?),
            hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
            what: r.str("what")?,
            rule_id: Some(r.str("rule_id")?),
            counted_from: Some((r.str("anchor_what")?, r.date("anchor_on")?)),
            due_on,
            completed_on: r.opt_date("completed_on")?,
            status: DueStatus::stored(&r.str("status")?, due_on, self.today, &self.calendar, &self.policy)?,
            holder_id: r.opt_uuid("worker_id")?,
            holder_name: r.opt_str("worker_name")?,
            owner: None,
            team_id: r.opt_uuid("team_id")?,
            team_name: r.opt_str("team_name")?,
        })
    }

    fn action(&self, r: &Row) -> Result<WorkItem, StoreError> {
        let due_on = r.date("due_on")?;
        let owner_id: Option<UserId> = r.opt_uuid("owner_user_id")?;
        let owner = match (&owner_id, r.opt_str("owner_display")?, r.opt_str("owner_name")?, r.opt_str("owner_agency")?) {
            (Some(_), Some(name), _, _) => name,
            (_, _, Some(name), Some(agency)) => format!("{name} ({agency})"),
            (_, _, Some(name), None) => name,
            _ => "Not recorded".to_string(),
        };
        // A staff owner holds the action; one from another agency is chased
        // by the child's worker.
        let (holder_id, holder_name, team_id, team_name) = match owner_id {
            Some(id) => (Some(id), r.opt_str("owner_display")?, r.opt_uuid("owner_team_id")?, r.opt_str("owner_team_name")?),
            None => (r.opt_uuid("worker_id")?, r.opt_str("worker_name")?, r.opt_uuid("team_id")?, r.opt_str("team_name")?),
        };
        Ok(WorkItem {
            kind: WorkKind::Action,
            child_id: r.uuid("child_id")?,
            child_name: format!("{} {}", r.str("given_name")?, r.str("family_name")?),
            hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
            what: r.str("description")?,
            rule_id: None,
            counted_from: None,
            due_on,
            completed_on: None,
            status: DueStatus::open_on(due_on, self.today, &self.calendar, &self.policy),
            holder_id,
            holder_name,
            owner: Some(owner),
            team_id,
            team_name,
        })
    }
}

/// Overdue first, then due soon, then on time; earliest due first within each.
fn sort_items(items: &mut [WorkItem]) {
    items.sort_by(|a, b| (a.status, a.due_on, &a.child_name).cmp(&(b.status, b.due_on, &b.child_name)));
}

impl Store {
    async fn reading(&self, today: NaiveDate) -> Result<Reading, StoreError> {
        Ok(Reading { today, calendar: self.calendar().await?, policy: ClockPolicy::default() })
    }

    /// Every clock on a child's record, open and closed, earliest due first.
    pub async fn due_items_of(&self, child: PersonId, today: NaiveDate) -> Result<Vec<ChildDueItem>, StoreError> {
        let reading = self.reading(today).await?;
        let rows = self
            .pools()
            .fetch_all(
                "SELECT rule_id, what, anchor_what, anchor_on, due_on, completed_on, status, late_reason, late_reason_missing \
                 FROM due_items WHERE child_id = $1 ORDER BY due_on, item_no",
                params![child.0],
            )
            .await?;
        rows.iter()
            .map(|r| {
                let due_on = r.date("due_on")?;
                let status = DueStatus::stored(&r.str("status")?, due_on, today, &reading.calendar, &reading.policy)?;
                let rule_id = r.str("rule_id")?;
                let late_reason = r.opt_str("late_reason")?.filter(|s| !s.trim().is_empty());
                // An open item turns late as days pass: whether its reason is
                // missing is judged now, not when it was stored.
                let late_reason_missing = match status {
                    DueStatus::Overdue => rules::by_id(&rule_id).is_some_and(|rule| rule.late_reason_required) && late_reason.is_none(),
                    s if s.is_open() => false,
                    _ => r.bool("late_reason_missing")?,
                };
                Ok(ChildDueItem {
                    rule_id,
                    what: r.str("what")?,
                    anchor_what: r.str("anchor_what")?,
                    anchor_on: r.date("anchor_on")?,
                    due_on,
                    completed_on: r.opt_date("completed_on")?,
                    status,
                    late_reason,
                    late_reason_missing,
                })
            })
            .collect()
    }

    /// "My work": open clocks on the children allocated to `user` and open
    /// actions they own, overdue first.
    pub async fn my_work(&self, user: UserId, today: NaiveDate) -> Result<Vec<WorkItem>, StoreError> {
        let reading = self.reading(today).await?;
        let mut items = Vec::new();
        let sql = format!("{CLOCK_SELECT} WHERE d.status = 'open' AND a.worker_id = $1");
        for r in self.pools().fetch_all(&sql, params![user.0]).await? {
            items.push(reading.clock(&r)?);
        }
        let sql = format!("{ACTION_COLUMNS} {ACTION_FROM} WHERE ac.status = 'open' AND ac.owner_user_id = $1");
        for r in self.pools().fetch_all(&sql, params![user.0]).await? {
            items.push(reading.action(&r)?);
        }
        sort_items(&mut items);
        Ok(items)
    }

    /// Open work of a team: clocks on every child the team holds, actions
    /// owned by its members, and actions owned outside Hearth (another
    /// agency) on its children.
    async fn team_items(&self, team: TeamId, reading: &Reading) -> Result<Vec<WorkItem>, StoreError> {
        let mut items = Vec::new();
        let sql = format!("{CLOCK_SELECT} WHERE d.status = 'open' AND a.team_id = $1");
        for r in self.pools().fetch_all(&sql, params![team.0]).await? {
            items.push(reading.clock(&r)?);
        }
        // Actions owned by the team's members, and those owned outside
        // Hearth on the team's children: two indexed reads, not one scan.
        let owned = format!(
            "{ACTION_COLUMNS} {ACTION_FROM} WHERE ac.status = 'open' AND ac.owner_user_id IN (SELECT user_id FROM staff WHERE team_id = $1)"
        );
        let elsewhere = format!(
            "{ACTION_COLUMNS} {ACTION_FROM_TEAM_CHILDREN} \
             WHERE ac.child_id = a.child_id AND a.team_id = $1 AND ac.status = 'open' AND ac.owner_user_id IS NULL"
        );
        for sql in [owned, elsewhere] {
            for r in self.pools().fetch_all(&sql, params![team.0]).await? {
                items.push(reading.action(&r)?);
            }
        }
        Ok(items)
    }

    /// A team's open work grouped by the person who holds it: those with
    /// most overdue first, then by name; items overdue first within each.
    pub async fn team_work(&self, team: TeamId, today: NaiveDate) -> Result<Vec<WorkGroup>, StoreError> {
        let reading = self.reading(today).await?;
        let items = self.team_items(team, &reading).await?;
        let mut groups: BTreeMap<Option<UserId>, WorkGroup> = BTreeMap::new();
        for item in items {
            groups
                .entry(item.holder_id)
                .or_insert_with(|| WorkGroup {
                    holder_id: item.holder_id,
                    holder_name: item.holder_name.clone().unwrap_or_else(|| NOT_ALLOCATED.to_string()),
                    items: Vec::new(),
                })
                .items
                .push(item);
        }
        let mut groups: Vec<WorkGroup> = groups.into_values().collect();
        for g in &mut groups {
            sort_items(&mut g.items);
        }
        groups.sort_by(|a, b| {
            b.count(DueStatus::Overdue)
                .cmp(&a.count(DueStatus::Overdue))
                .then_with(|| a.holder_id.is_none().cmp(&b.holder_id.is_none()))
                .then_with(|| a.holder_name.cmp(&b.holder_name))
        });
        Ok(groups)
    }

    /// Open work counted per team, for the service manager: every team,
    /// those with most overdue first, and children held by no team last.
    pub async fn service_work(&self, today: NaiveDate) -> Result<Vec<TeamWorkCounts>, StoreError> {
        let reading = self.reading(today).await?;
        let mut by_team: BTreeMap<Option<TeamId>, TeamWorkCounts> = BTreeMap::new();
        for team in self.list_teams().await? {
            by_team.insert(Some(team.team_id), TeamWorkCounts { team_id: Some(team.team_id), team_name: team.name, ..Default::default() });
        }
        // Counted by the database per team and due day (whether work is
        // overdue depends on today's calendar): the same rows, and the same
        // team for each, as the team lists read one by one.
        let clocks = "SELECT a.team_id, t.name AS team_name, d.due_on, COUNT(*) AS n \
             FROM due_items d JOIN people p ON p.person_id = d.child_id \
             LEFT JOIN allocations a ON a.child_id = d.child_id \
             LEFT JOIN teams t ON t.team_id = a.team_id \
             WHERE d.status = 'open' GROUP BY a.team_id, t.name, d.due_on";
        // A staff owner's action counts to their team; another agency's to
        // the team holding the child, whose worker chases it.
        let team_of_action = "CASE WHEN ac.owner_user_id IS NOT NULL THEN o.team_id ELSE a.team_id END";
        let team_name_of_action = "CASE WHEN ac.owner_user_id IS NOT NULL THEN ot.name ELSE t.name END";
        let actions = format!(
            "SELECT {team_of_action} AS team_id, {team_name_of_action} AS team_name, ac.due_on, COUNT(*) AS n \
             FROM actions ac JOIN people p ON p.person_id = ac.child_id \
             LEFT JOIN staff o ON o.user_id = ac.owner_user_id \
             LEFT JOIN teams ot ON ot.team_id = o.team_id \
             LEFT JOIN allocations a ON a.child_id = ac.child_id \
             LEFT JOIN teams t ON t.team_id = a.team_id \
             WHERE ac.status = 'open' GROUP BY {team_of_action}, {team_name_of_action}, ac.due_on"
        );
        for (kind, sql) in [(WorkKind::Clock, clocks.to_string()), (WorkKind::Action, actions)] {
            for r in self.pools().fetch_all(&sql, &[]).await? {
                let team_id: Option<TeamId> = r.opt_uuid("team_id")?;
                let team_name = r.opt_str("team_name")?;
                let n = r.i64("n")?;
                let status = DueStatus::open_on(r.date("due_on")?, reading.today, &reading.calendar, &reading.policy);
                let counts = by_team.entry(team_id).or_insert_with(|| TeamWorkCounts {
                    team_id,
                    team_name: team_name.unwrap_or_else(|| NO_TEAM.to_string()),
                    ..Default::default()
                });
                match (kind, status) {
                    (WorkKind::Clock, DueStatus::Overdue) => counts.overdue += n,
                    (WorkKind::Clock, DueStatus::DueSoon) => counts.due_soon += n,
                    (WorkKind::Clock, _) => counts.on_time += n,
                    (WorkKind::Action, status) => {
                        counts.actions_open += n;
                        if status == DueStatus::Overdue {
                            counts.actions_overdue += n;
                        }
                    }
                }
            }
        }
        let mut out: Vec<TeamWorkCounts> = by_team.into_values().collect();
        out.sort_by(|a, b| {
            a.team_id
                .is_none()
                .cmp(&b.team_id.is_none())
                .then_with(|| (b.overdue + b.actions_overdue).cmp(&(a.overdue + a.actions_overdue)))
                .then_with(|| a.team_name.cmp(&b.team_name))
        });
        Ok(out)
    }

    /// The rows behind the timeliness dashboard: every open clock, and the
    /// closed ones that closed since `since` (met or met late by the day
    /// they were done, missed by the day they were due).
    async fn timeliness_rows(&self, since: NaiveDate, extra: &str, extra_params: &[crate::db::Value]) -> Result<Vec<Row>, StoreError> {
        let sql = format!("{CLOCK_SELECT} WHERE {TIMELINESS_WHERE}{extra}");
        let mut all = vec![crate::db::Value::from(since)];
        all.extend_from_slice(extra_params);
        self.pools().fetch_all(&sql, &all).await
    }

    /// The first day of the 12 months the dashboard counts closed items over.
    pub fn timeliness_since(today: NaiveDate) -> NaiveDate {
        today.checked_sub_months(Months::new(12)).and_then(|d| d.succ_opt()).unwrap_or(today)
    }

    /// Per team and timescale: open on time / due soon / overdue today, and
    /// closed in the last 12 months met / met late / missed.
    ///
    /// The database counts: a year of closed items in a large authority is
    /// hundreds of thousands of rows, and reading each one took seconds.
    /// Open items are counted per due day, because whether they are on
    /// time, due soon or overdue depends on today's calendar; the figures
    /// are the same rows [`Store::timeliness_list`] lists.
    pub async fn timeliness(&self, today: NaiveDate) -> Result<Timeliness, StoreError> {
        let reading = self.reading(today).await?;
        let since = Store::timeliness_since(today);
        // The lists' joins without the worker, whom the counts do not need:
        // joining staff as well made SQLite count three times slower here.
        let open_due_on = "CASE WHEN d.status = 'open' THEN d.due_on END";
        let sql = format!(
            "SELECT a.team_id, t.name AS team_name, d.rule_id, MIN(d.what) AS what, d.status, {open_due_on} AS open_due_on, \
             COUNT(*) AS n \
             FROM due_items d JOIN people p ON p.person_id = d.child_id \
             LEFT JOIN allocations a ON a.child_id = d.child_id \
             LEFT JOIN teams t ON t.team_id = a.team_id \
             WHERE {TIMELINESS_WHERE} \
             GROUP BY a.team_id, t.name, d.rule_id, d.status, {open_due_on}"
        );
        let mut teams: BTreeMap<Option<TeamId>, (String, BTreeMap<String, RuleFigures>)> = BTreeMap::new();
        for r in self.pools().fetch_all(&sql, params![since]).await? {
            let team_id: Option<TeamId> = r.opt_uuid("team_id")?;
            let rule_id = r.str("rule_id")?;
            let status = match r.opt_date("open_due_on")? {
                Some(due_on) => DueStatus::open_on(due_on, today, &reading.calendar, &reading.policy),
                None => DueStatus::stored(&r.str("status")?, today, today, &reading.calendar, &reading.policy)?,
            };
            let team_name = r.opt_str("team_name")?;
            let (_, rules) = teams.entry(team_id).or_insert_with(|| (team_name.unwrap_or_else(|| NO_TEAM.to_string()), BTreeMap::new()));
            let what = r.str("what")?;
            let figures = rules.entry(rule_id.clone()).or_insert_with(|| RuleFigures {
                what: rules_what(Some(&rule_id), &what),
                rule_id,
                counts: BTreeMap::new(),
            });
            *figures.counts.entry(status).or_insert(0) += r.i64("n")?;
        }
        let mut out: Vec<TeamTimeliness> = teams
            .into_iter()
            .map(|(team_id, (team_name, by_rule))| {
                let mut rules: Vec<RuleFigures> = by_rule.into_values().collect();
                // The statutory order of the engine's rules, not the alphabet.
                rules.sort_by_key(|r| rules::ALL.iter().position(|x| x.id == r.rule_id).unwrap_or(usize::MAX));
                TeamTimeliness { team_id, team_name, rules }
            })
            .collect();
        out.sort_by(|a, b| a.team_id.is_none().cmp(&b.team_id.is_none()).then_with(|| a.team_name.cmp(&b.team_name)));
        Ok(Timeliness { today, closed_since: since, teams: out })
    }

    /// The children behind one dashboard figure: the team's items under one
    /// timescale (or all, `rule` None) with one status, overdue first.
    pub async fn timeliness_list(
        &self,
        team: TeamFilter,
        rule: Option<&str>,
        status: DueStatus,
        today: NaiveDate,
    ) -> Result<Vec<WorkItem>, StoreError> {
        let reading = self.reading(today).await?;
        let since = Store::timeliness_since(today);
        let (team_sql, mut values) = match team {
            TeamFilter::Team(t) => (" AND a.team_id = $2".to_string(), vec![crate::db::Value::from(t.0)]),
            TeamFilter::NoTeam => (" AND a.team_id IS NULL".to_string(), Vec::new()),
        };
        let mut extra = team_sql;
        if let Some(rule) = rule {
            values.push(crate::db::Value::from(rule));
            extra.push_str(&format!(" AND d.rule_id = ${}", values.len() + 1));
        }
        let mut items = Vec::new();
        for r in self.timeliness_rows(since, &extra, &values).await? {
            let item = reading.clock(&r)?;
            if item.status == status {
                items.push(item);
            }
        }
        sort_items(&mut items);
        Ok(items)
    }
}

/// A timescale's name for the dashboard: the rule's own, or what was stored.
fn rules_what(rule_id: Option<&str>, stored: &str) -> String {
    rule_id.and_then(rules::by_id).map(|r| r.what.to_string()).unwrap_or_else(|| stored.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn open_items_are_overdue_after_their_day_and_due_soon_within_two_working_days() {
        let cal = Calendar::england_and_wales();
        let policy = ClockPolicy::default();
        // Friday 6 March 2026.
        let today = d(2026, 3, 6);
        assert_eq!(DueStatus::open_on(d(2026, 3, 5), today, &cal, &policy), DueStatus::Overdue);
        assert_eq!(DueStatus::open_on(today, today, &cal, &policy), DueStatus::DueSoon);
        // Tuesday is two working days after Friday: due soon.
        assert_eq!(DueStatus::open_on(d(2026, 3, 10), today, &cal, &policy), DueStatus::DueSoon);
        assert_eq!(DueStatus::open_on(d(2026, 3, 11), today, &cal, &policy), DueStatus::OnTime);
    }

    #[test]
    fn status_codes_round_trip() {
        for s in [DueStatus::Overdue, DueStatus::DueSoon, DueStatus::OnTime, DueStatus::Met, DueStatus::MetLate, DueStatus::Missed] {
            assert_eq!(DueStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(DueStatus::from_code("late"), None);
    }

    #[test]
    fn the_dashboard_year_ends_today() {
        assert_eq!(Store::timeliness_since(d(2026, 3, 6)), d(2025, 3, 7));
    }
}
