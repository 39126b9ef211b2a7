//! The rows of lists 1-10, one function per list. Rows are ordered by the
//! list's own date, then by child, so the same history always gives the
//! same lists.

use super::Cell;
use super::columns::{self as col, label};
use crate::history::care::{CareEpisode, CareHistory};
use crate::history::{ChildHistory, Episode, History};
use crate::period::Window;
use chrono::{Months, NaiveDate};
use hearth_domain::assessment::AssessmentOutcome;
use hearth_domain::child_protection::{ConferenceDecision, ConferenceKind};

pub const CHILDREN_IN_CARE_NOTE: &str = "Hearth does not yet record the permanence plan, whether a placement is inside or outside the \
     authority, or the placement's local authority: those columns are blank.";

/// A looked-after episode that begins only because the legal status changed
/// (the child stayed where they were).
const LEGAL_STATUS_CHANGE: &str = "L";

/// A young person qualifies for care leaver support after 13 weeks looked
/// after since their 14th birthday.
const ELIGIBLE_DAYS: i64 = 13 * 7;

pub struct Context<'a> {
    pub history: &'a History,
    pub as_at: NaiveDate,
    /// The twelve months ending on the window's last day.
    pub year: Window,
    /// The six months ending on the window's last day.
    pub six_months: Window,
}

impl Context<'_> {
    fn team_and_worker(&self, child: &ChildHistory) -> [Cell; 2] {
        let Some(allocation) = child.allocation_on(self.as_at) else {
            return [Cell::Blank, Cell::Blank];
        };
        let team = self.history.teams.get(&allocation.team_id).cloned().unwrap_or_default();
        let worker = match allocation.worker_id {
            Some(id) => self.history.staff.get(&id).map(|s| s.display_name.clone()).unwrap_or_default(),
            None => "Unallocated".to_string(),
        };
        [Cell::text(team), Cell::text(worker)]
    }
}

/// Rows with the key they are ordered by.
struct Rows(Vec<(NaiveDate, String, Vec<Cell>)>);

impl Rows {
    fn new() -> Self {
        Rows(Vec::new())
    }

    fn push(&mut self, on: NaiveDate, child: &ChildHistory, cells: Vec<Cell>) {
        self.0.push((on, child.la_child_id.clone(), cells));
    }

    fn sorted(mut self) -> Vec<Vec<Cell>> {
        self.0.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        self.0.into_iter().map(|(_, _, cells)| cells).collect()
    }
}

/// The block every child list starts with: id, gender, ethnicity, date of
/// birth and age.
fn common(child: &ChildHistory, as_at: NaiveDate) -> Vec<Cell> {
    vec![
        Cell::text(child.la_child_id.clone()),
        Cell::text(col::gender(child.sex)),
        Cell::text(col::ethnicity(child.ethnicity)),
        Cell::date(child.date_of_birth),
        child.age_on(as_at).map_or(Cell::Blank, |a| Cell::Number(i64::from(a))),
    ]
}

fn disability(child: &ChildHistory) -> Cell {
    Cell::text(col::disability(&child.disabilities))
}

fn yes_no(value: Option<bool>) -> Cell {
    value.map_or(Cell::Blank, |v| Cell::text(col::yes_no(v)))
}

fn count(n: usize) -> Cell {
    Cell::Number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A referral that led to no further action: closed with no assessment
/// and no enquiry (the census `ReferralNFA`).
fn referral_nfa(episode: &Episode<'_>) -> bool {
    episode.referral.closed_on.is_some() && episode.assessments.is_empty() && episode.section47s.is_empty()
}

pub fn contacts(ctx: &Context<'_>, window: Window) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        for c in child.contacts.iter().filter(|c| window.contains(c.received_on)) {
            let mut cells = common(child, ctx.as_at);
            cells.extend([Cell::Date(c.received_on), Cell::text(col::source(c.source))]);
            rows.push(c.received_on, child, cells);
        }
    }
    rows.sorted()
}

pub fn early_help(ctx: &Context<'_>, window: Window) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        for e in &child.early_help {
            let Some(started) = e.assessment_started_on.filter(|d| window.contains(*d)) else {
                continue;
            };
            let organisation = if e.assessment_organisation.is_empty() { &e.organisation } else { &e.assessment_organisation };
            let mut cells = common(child, ctx.as_at);
            cells.extend([Cell::Date(started), Cell::date(e.assessment_completed_on), Cell::text(organisation.clone())]);
            rows.push(started, child, cells);
        }
    }
    rows.sorted()
}

pub fn referrals(ctx: &Context<'_>, window: Window) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        let in_year = child.referrals.iter().filter(|r| ctx.year.contains(r.referral_date)).count();
        for episode in child.episodes().iter().filter(|e| window.contains(e.referral.referral_date)) {
            let r = episode.referral;
            let mut cells = common(child, ctx.as_at);
            cells.extend([
                Cell::Date(r.referral_date),
                Cell::text(col::source(r.source)),
                Cell::text(col::yes_no(referral_nfa(episode))),
                count(in_year),
            ]);
            cells.extend(ctx.team_and_worker(child));
            rows.push(r.referral_date, child, cells);
        }
    }
    rows.sorted()
}

pub fn assessments(ctx: &Context<'_>, window: Window) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        for a in child.assessments.iter().filter(|a| window.contains(a.started_on)) {
            let until = a.authorised_on.or(a.completed_on).unwrap_or(ctx.as_at);
            let seen = child.visits.iter().any(|v| v.seen && a.started_on <= v.visited_on && v.visited_on <= until);
            let needs_support = a.outcome.map(|o| {
                matches!(
                    o,
                    AssessmentOutcome::ChildInNeedPlan | AssessmentOutcome::StrategyDiscussion | AssessmentOutcome::BecomeLookedAfter
                )
            });
            let mut cells = common(child, ctx.as_at);
            cells.extend([
                disability(child),
                Cell::Date(a.started_on),
                Cell::text(col::yes_no(seen)),
                Cell::date(a.authorised_on),
                yes_no(needs_support),
            ]);
            cells.extend(ctx.team_and_worker(child));
            rows.push(a.started_on, child, cells);
        }
    }
    rows.sorted()
}

pub fn section47s(ctx: &Context<'_>, window: Window) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        let initial = || child.conferences.iter().filter(|c| c.kind == ConferenceKind::Initial);
        let enquiries_in_year = child.section47s.iter().filter(|s| ctx.year.contains(s.started_on)).count();
        let icpcs_in_year = initial().filter(|c| c.held_on.is_some_and(|d| ctx.year.contains(d))).count();
        for s in child.section47s.iter().filter(|s| window.contains(s.started_on)) {
            let conference = initial().find(|c| c.enquiry_id == Some(s.enquiry_id));
            let plan = conference.and_then(|c| c.decision).map(|d| d == ConferenceDecision::ChildProtectionPlan);
            let mut cells = common(child, ctx.as_at);
            cells.extend([
                disability(child),
                Cell::Date(s.discussion_on),
                yes_no(s.outcome.map(|_| s.icpc_not_required())),
                Cell::date(conference.and_then(|c| c.held_on)),
                yes_no(plan),
                count(enquiries_in_year),
                count(icpcs_in_year),
            ]);
            cells.extend(ctx.team_and_worker(child));
            rows.push(s.started_on, child, cells);
        }
    }
    rows.sorted()
}

pub fn children_in_need(ctx: &Context<'_>, window: Window) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        let last_seen = child
            .visits
            .iter()
            .filter(|v| v.seen)
            .map(|v| v.visited_on)
            .chain(child.section47s.iter().filter_map(|s| s.child_seen_on))
            .filter(|d| *d <= ctx.as_at)
            .max();
        for episode in child.episodes() {
            let r = episode.referral;
            if !window.overlaps(r.referral_date, r.closed_on) || referral_nfa(&episode) {
                continue;
            }
            let mut cells = common(child, ctx.as_at);
            cells.extend([
                disability(child),
                Cell::Date(r.referral_date),
                Cell::text(col::primary_need(r.primary_need)),
                Cell::date(last_seen),
                Cell::date(r.closed_on),
                r.closure_reason.map_or(Cell::Blank, |c| Cell::text(col::closure_reason(c))),
                Cell::text(case_status(child, &episode, ctx.as_at)),
            ]);
            cells.extend(ctx.team_and_worker(child));
            rows.push(r.referral_date, child, cells);
        }
    }
    rows.sorted()
}

/// The episode's state on the day, most serious first. An open episode
/// with neither plan is still being assessed unless every assessment has
/// been authorised, when the child is being supported as a child in need.
fn case_status(child: &ChildHistory, episode: &Episode<'_>, on: NaiveDate) -> &'static str {
    let open = |start: NaiveDate, end: Option<NaiveDate>| start <= on && end.is_none_or(|e| e > on);
    if episode.referral.closed_on.is_some_and(|c| c <= on) {
        col::CASE_CLOSED
    } else if child.care.looked_after_on(on) {
        col::CASE_LOOKED_AFTER
    } else if episode.cp_plans.iter().any(|p| open(p.started_on, p.ended_on)) {
        col::CASE_CHILD_PROTECTION
    } else if episode.cin_plans.iter().any(|p| open(p.started_on, p.ended_on)) {
        col::CASE_CHILD_IN_NEED
    } else if episode.assessments.is_empty() || episode.assessments.iter().any(|a| a.authorised_on.is_none()) {
        col::CASE_OPEN_ASSESSMENT
    } else {
        col::CASE_CHILD_IN_NEED
    }
}

pub fn child_protection(ctx: &Context<'_>, window: Window) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        // Police protection (L1) or an emergency protection order (L2).
        let emergency = child
            .care
            .episodes
            .iter()
            .any(|e| matches!(e.legal_status.as_str(), "L1" | "L2") && ctx.six_months.overlaps(e.started_on, e.ended_on));
        for p in child.cp_plans.iter().filter(|p| window.overlaps(p.started_on, p.ended_on)) {
            let until = p.ended_on.map_or(ctx.as_at, |e| e.min(ctx.as_at));
            let last_visit =
                child.visits.iter().filter(|v| p.started_on <= v.visited_on && v.visited_on <= until).max_by_key(|v| v.visited_on);
            let last_review = child
                .conferences
                .iter()
                .filter(|c| c.kind == ConferenceKind::Review && c.plan_id == Some(p.plan_id))
                .filter_map(|c| c.held_on)
                .filter(|d| *d <= ctx.as_at)
                .max();
            let previous = child.cp_plans.iter().filter(|q| q.started_on < p.started_on).count();
            let mut cells = common(child, ctx.as_at);
            cells.extend([
                disability(child),
                Cell::Date(p.started_on),
                p.initial_category.map_or(Cell::Blank, |c| Cell::text(col::abuse_category(c))),
                p.latest_category.or(p.initial_category).map_or(Cell::Blank, |c| Cell::text(col::abuse_category(c))),
                Cell::date(last_visit.map(|v| v.visited_on)),
                yes_no(last_visit.map(|v| v.seen_alone)),
                Cell::date(last_review),
                Cell::date(p.ended_on),
                Cell::text(col::yes_no(emergency)),
                count(previous),
            ]);
            cells.extend(ctx.team_and_worker(child));
            rows.push(p.started_on, child, cells);
        }
    }
    rows.sorted()
}

/// A child's 903 episodes, oldest first.
fn care_episodes(care: &CareHistory) -> Vec<&CareEpisode> {
    let mut episodes: Vec<&CareEpisode> = care.episodes.iter().collect();
    episodes.sort_by(|a, b| (a.started_on, &a.episode_id).cmp(&(b.started_on, &b.episode_id)));
    episodes
}

/// Whether the episode at `i` carries straight on from the one before it.
fn continues(episodes: &[&CareEpisode], i: usize) -> bool {
    i > 0 && episodes[i - 1].ended_on == Some(episodes[i].started_on)
}

/// The first episode of the period of care holding episode `i`.
fn period_start(episodes: &[&CareEpisode], mut i: usize) -> usize {
    while continues(episodes, i) {
        i -= 1;
    }
    i
}

/// The last episode of the period of care holding episode `i`.
fn period_end(episodes: &[&CareEpisode], mut i: usize) -> usize {
    while i + 1 < episodes.len() && continues(episodes, i + 1) {
        i += 1;
    }
    i
}

pub fn children_in_care(ctx: &Context<'_>, window: Window) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        let care = &child.care;
        let episodes = care_episodes(care);
        let Some(current) = episodes.iter().rposition(|e| window.overlaps(e.started_on, e.ended_on)) else {
            continue;
        };
        let episode = episodes[current];
        let first = period_start(&episodes, current);
        let last = episodes[period_end(&episodes, current)];
        let started = episodes[first].started_on;
        let later_period = started >= ctx.year.from && episodes[..first].iter().any(|e| e.ended_on.is_none_or(|d| d >= ctx.year.from));
        let mut legal_from = current;
        while continues(&episodes, legal_from) && episodes[legal_from - 1].legal_status == episode.legal_status {
            legal_from -= 1;
        }
        let mut placed_from = current;
        while continues(&episodes, placed_from) && episodes[placed_from].reason_new_episode == LEGAL_STATUS_CHANGE {
            placed_from -= 1;
        }
        let in_year: Vec<&&CareEpisode> = episodes.iter().filter(|e| ctx.year.overlaps(e.started_on, e.ended_on)).collect();
        let placements = in_year.iter().enumerate().filter(|(i, e)| *i == 0 || e.reason_new_episode != LEGAL_STATUS_CHANGE).count();
        let uasc = care.uasc.as_ref().is_some_and(|u| ctx.year.overlaps(u.since, u.ceased_on));
        let ceased = last.ended_on.filter(|d| *d <= ctx.as_at);
        let latest = |dates: &mut dyn Iterator<Item = NaiveDate>| dates.filter(|d| *d <= ctx.as_at).max();
        let spells = |kind: &str| care.missing.iter().filter(|m| m.kind == kind && ctx.year.contains(m.started_on)).count();
        let last_missing = care.missing.iter().filter(|m| m.kind == "M" && m.started_on <= ctx.as_at).max_by_key(|m| m.started_on);

        let mut cells = common(child, ctx.as_at);
        cells.extend([
            Cell::text(col::yes_no(uasc)),
            disability(child),
            Cell::Date(started),
            Cell::text(label(col::PRIMARY_NEED, &episode.category_of_need)),
            Cell::text(col::yes_no(later_period)),
            Cell::Date(episodes[legal_from].started_on),
            Cell::text(label(col::LEGAL_STATUS, &episode.legal_status)),
            Cell::date(latest(&mut care.reviews.iter().map(|r| r.held_on))),
            Cell::date(latest(&mut child.visits.iter().map(|v| v.visited_on))),
            Cell::Blank,
            Cell::date(latest(&mut care.reviews.iter().filter_map(|r| r.iro_contact_on))),
            Cell::date(latest(&mut care.health.iter().filter_map(|h| h.last_health_assessment_on))),
            Cell::date(latest(&mut care.health.iter().filter_map(|h| h.last_dental_check_on))),
            count(placements),
            Cell::date(ceased),
            match (ceased, &last.reason_ceased) {
                (Some(_), Some(reason)) => Cell::text(label(col::REASON_CEASED, reason)),
                _ => Cell::Blank,
            },
            Cell::Date(episodes[placed_from].started_on),
            Cell::text(label(col::PLACEMENT_TYPE, &episode.placement_type)),
            episode.placement_provider.as_deref().map_or(Cell::Blank, |p| Cell::text(label(col::PLACEMENT_PROVIDER, p))),
            Cell::text(episode.placement_postcode.clone().unwrap_or_default()),
            Cell::text(episode.urn.clone().unwrap_or_default()),
            Cell::Blank,
            Cell::Blank,
            count(spells("M")),
            count(spells("A")),
            yes_no(last_missing.and_then(|m| m.return_interview_offered)),
            yes_no(last_missing.and_then(|m| m.return_interview_accepted)),
        ]);
        cells.extend(ctx.team_and_worker(child));
        rows.push(started, child, cells);
    }
    rows.sorted()
}

/// A care leaver's eligibility on a day, from their care history: looked
/// after for 13 weeks since 14 and at 16 or later, now out of care and
/// under 25. Relevant while under 18, former relevant from 18; a young
/// person looked after at 16 or later without the 13 weeks qualifies.
fn care_leaver_category(child: &ChildHistory, on: NaiveDate) -> Option<&'static str> {
    let dob = child.date_of_birth?;
    let age = child.age_on(on)?;
    if !(16..25).contains(&age) || child.care.looked_after_on(on) || child.care.episodes.is_empty() {
        return None;
    }
    let birthday = |years: u32| dob.checked_add_months(Months::new(12 * years));
    let fourteen = birthday(14)?;
    let sixteen = birthday(16)?;
    let ended = |e: &CareEpisode| e.ended_on.unwrap_or(on).min(on);
    if !child.care.episodes.iter().any(|e| ended(e) > sixteen) {
        return None;
    }
    let days: i64 = child.care.episodes.iter().map(|e| (ended(e) - e.started_on.max(fourteen)).num_days().max(0)).sum();
    Some(if days < ELIGIBLE_DAYS {
        col::QUALIFYING_CARE_LEAVER
    } else if age < 18 {
        col::RELEVANT_CHILD
    } else {
        col::FORMER_RELEVANT_CHILD
    })
}

pub fn care_leavers(ctx: &Context<'_>) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        let Some(category) = care_leaver_category(child, ctx.as_at) else {
            continue;
        };
        let contact = child.care.care_leaver_contacts.iter().filter(|c| c.contact_on <= ctx.as_at).max_by_key(|c| c.contact_on);
        let (accommodation, suitability) = contact.and_then(|c| c.accommodation.as_deref()).map(col::accommodation).unwrap_or_default();
        let mut cells = common(child, ctx.as_at);
        cells.push(disability(child));
        cells.extend(ctx.team_and_worker(child));
        cells.extend([
            Cell::text(category),
            Cell::text(contact.map(|c| col::in_touch(&c.in_touch)).unwrap_or_default()),
            Cell::text(accommodation),
            Cell::text(suitability.unwrap_or_default()),
            Cell::text(contact.and_then(|c| c.activity.as_deref()).map(|a| label(col::ACTIVITY, a)).unwrap_or_default()),
        ]);
        // Care leavers have no date of their own to order by: oldest first.
        rows.push(child.date_of_birth.unwrap_or(NaiveDate::MAX), child, cells);
    }
    rows.sorted()
}

pub fn adoption(ctx: &Context<'_>, window: Window) -> Vec<Vec<Cell>> {
    let mut rows = Rows::new();
    for child in ctx.history.children.values() {
        let Some(a) = &child.care.adoption else {
            continue;
        };
        let Some(decision) = a.decision_on else {
            continue;
        };
        let ended = [a.adoption_order_on, a.no_longer_plan_on].into_iter().flatten().min();
        if !window.overlaps(decision, ended) {
            continue;
        }
        let episodes = care_episodes(&child.care);
        let entered = episodes
            .iter()
            .rposition(|e| e.started_on <= decision)
            .or((!episodes.is_empty()).then_some(0))
            .map(|i| episodes[period_start(&episodes, i)].started_on);
        // The family identifier links siblings placed together; Hearth has no adopter families yet.
        let mut cells = common(child, ctx.as_at);
        cells.insert(1, Cell::Blank);
        cells.extend([
            disability(child),
            Cell::date(entered),
            Cell::Date(decision),
            Cell::date(a.placement_order_on),
            Cell::date(a.matched_on),
            Cell::date(a.placed_on),
            Cell::date(a.adoption_order_on),
            Cell::date(a.no_longer_plan_on),
            a.no_longer_plan_reason.as_deref().map_or(Cell::Blank, |r| Cell::text(label(col::NO_LONGER_ADOPTION, r))),
            Cell::date(a.ffa_or_concurrent_on),
        ]);
        rows.push(decision, child, cells);
    }
    rows.sorted()
}
