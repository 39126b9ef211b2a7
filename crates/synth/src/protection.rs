//! Assessment, child in need and child protection work (issue 4), added to
//! each household after its children-in-need episodes are known.
//!
//! Every episode gets a child and family assessment that starts within a
//! few days of the referral and is authorised a median 33 working days
//! later, about one in seven after 45 (with the reason recorded), as the
//! CIN census finds (scale.md). Some episodes start with a strategy
//! discussion and a section 47 enquiry; about a third of enquiries need an
//! initial conference, most within 15 working days of the discussion and
//! about one in five later; most conferences make a child protection plan,
//! which runs with core groups, visits every ten working days and review
//! conferences at three months and then six-monthly, until a review ends
//! it (often stepping down to a child in need plan). Child in need plans
//! set their own visiting frequency. A few children are in pre-proceedings
//! (some past the 16 weeks) and a few in care proceedings.
//!
//! Where a household's journey stands today (`households`) decides the
//! child's last episode: a child held by a CIN/CP team is open on a child
//! in need plan, or on a child protection plan when the household's
//! history recorded one; a child in care came through a plan that ended
//! when they became looked after. Those episodes stay open. The demo
//! practitioner's children are given the due and overdue items every work
//! list must show: a core group overdue, visits due within days, an
//! assessment past 45 working days.
//!
//! Episodes are lengthened when their work runs past the closing date
//! `referrals` drew, never into the child's next episode or past today.

use crate::mint::IdMint;
use crate::rng::Rng;
use crate::staff::Roster;
use crate::time::{at, end_of};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use hearth_domain::actions::{Action, ActionOwner, ActionStatus};
use hearth_domain::assessment::{Assessment, AssessmentOutcome};
use hearth_domain::calendar::{Calendar, add_calendar_months};
use hearth_domain::child_protection::{
    AbuseCategory, Agency, Attendee, ChildProtectionConference, ChildProtectionPlan, ChildProtectionVisit, ChildsViews, ConferenceDecision,
    ConferenceKind, CoreGroupMeeting, CpPlanEndReason, Section47Enquiry, Section47Outcome, StrategyDecision, StrategyDiscussion,
};
use hearth_domain::codes::{AssessmentFactor, ClosureReason};
use hearth_domain::events::*;
use hearth_domain::front_door::ContactOutcome;
use hearth_domain::ids::{ContactId, PlanId, ProceedingsId, ReferralId, Section47Id, StrategyDiscussionId};
use hearth_domain::people::age_on;
use hearth_domain::staff::TeamKind;
use hearth_domain::{NewEvent, PersonId, TeamId, UserId};
use std::collections::HashMap;

/// Working days from referral to authorisation, as (from, to), weight: a
/// median about 33, a quarter within 17, 14% past 45 (CIN census 2025).
const ASSESSMENT_DAYS: &[((u32, u32), u32)] = &[((6, 16), 24), ((17, 32), 25), ((33, 45), 37), ((46, 60), 10), ((61, 90), 5)];

/// Working days from the strategy discussion to the initial conference:
/// 9% within 10, 72% in 11–15, 19% later (CIN census 2025, C4).
const ICPC_DAYS: &[((u32, u32), u32)] = &[((6, 10), 9), ((11, 15), 69), ((16, 20), 10), ((21, 30), 12)];

/// How enquiries end; about a third need a conference.
const S47_OUTCOMES: &[(Section47Outcome, u32)] = &[
    (Section47Outcome::ConcernsNotSubstantiated, 40),
    (Section47Outcome::SubstantiatedNotAtContinuingRisk, 21),
    (Section47Outcome::SubstantiatedIcpcNeeded, 31),
    (Section47Outcome::IcpcNotRequired, 8),
];

/// Months a plan runs before a review ends it (4% run two years or more, D7).
const CP_MONTHS: &[((u32, u32), u32)] = &[((3, 6), 30), ((6, 12), 45), ((12, 24), 21), ((24, 30), 4)];

const CP_ENDS: &[(CpPlanEndReason, u32)] = &[
    (CpPlanEndReason::StepDownToChildInNeed, 52),
    (CpPlanEndReason::NoLongerNeeded, 38),
    (CpPlanEndReason::TransferredToAnotherAuthority, 10),
];

const CATEGORIES: &[(AbuseCategory, u32)] = &[
    (AbuseCategory::Neglect, 50),
    (AbuseCategory::Emotional, 37),
    (AbuseCategory::Physical, 7),
    (AbuseCategory::Sexual, 4),
    (AbuseCategory::Multiple, 2),
];

/// Intra-day order of what a worker records, so events of one day replay
/// in an order the store accepts (a child in need plan ends before the
/// child protection plan starts; core groups before the plan ends).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Visit,
    CoreGroup,
    CinReview,
    Strategy,
    S47Start,
    AssessmentStart,
    S47Seen,
    AssessmentProgress,
    S47Outcome,
    Plo,
    Proceedings,
    Conference,
    CpEnd,
    CinEnd,
    CpStart,
    Significant,
    CinStartAfterCp,
    AssessmentSubmit,
    AssessmentAuthorise,
    CinStart,
    ActionDone,
}

impl Slot {
    /// Seconds after midnight; ReferralClosed is at 15:00, which only the
    /// work that needs no open referral comes after.
    fn seconds(self) -> u32 {
        let minutes = match self {
            Slot::Visit => 9 * 60 + 15,
            Slot::CoreGroup => 9 * 60 + 30,
            Slot::CinReview => 9 * 60 + 45,
            Slot::Strategy => 10 * 60,
            Slot::S47Start => 10 * 60 + 20,
            Slot::AssessmentStart => 10 * 60 + 40,
            Slot::S47Seen => 11 * 60,
            Slot::AssessmentProgress => 11 * 60 + 20,
            Slot::S47Outcome => 11 * 60 + 40,
            Slot::Plo => 11 * 60 + 50,
            Slot::Proceedings => 12 * 60 + 5,
            Slot::Conference => 12 * 60 + 30,
            Slot::CpEnd => 12 * 60 + 40,
            Slot::CinEnd => 12 * 60 + 45,
            Slot::CpStart => 12 * 60 + 50,
            Slot::Significant => 13 * 60,
            Slot::CinStartAfterCp => 13 * 60 + 10,
            Slot::AssessmentSubmit => 14 * 60,
            Slot::AssessmentAuthorise => 14 * 60 + 20,
            Slot::CinStart => 14 * 60 + 40,
            Slot::ActionDone => 16 * 60 + 30,
        };
        minutes * 60
    }
}

/// The authority's teams as this module needs them.
pub(crate) struct Service {
    team_kinds: HashMap<TeamId, TeamKind>,
    names: HashMap<UserId, String>,
    sw_demo: UserId,
    calendar: Calendar,
    /// sw.demo's children on child protection plans met so far: the first
    /// is given an overdue core group.
    demo_cp_seen: u32,
    /// Whether one of sw.demo's children has been given an assessment past
    /// 45 working days and not yet authorised.
    demo_stalled: bool,
}

impl Service {
    pub(crate) fn from_roster(roster: &Roster) -> Service {
        Service {
            team_kinds: roster.teams.iter().map(|t| (t.id, t.kind)).collect(),
            names: roster.members.iter().map(|m| (m.id, m.display_name.clone())).collect(),
            sw_demo: roster.sw_demo,
            calendar: Calendar::england_and_wales(),
            demo_cp_seen: 0,
            demo_stalled: false,
        }
    }
}

/// Where a child's last episode stands today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// Nothing open to carry on: the episode's work is drawn at random and
    /// finishes within it.
    Free,
    /// Open with an assessment team: the assessment is still running.
    Assessing,
    /// Open to a CIN/CP team on a child in need plan.
    ChildInNeed,
    /// Open to a CIN/CP team on a child protection plan.
    ChildProtection,
    /// Looked after since the day given.
    InCare(NaiveDate),
}

struct Episode {
    referral_id: ReferralId,
    child: PersonId,
    referral_on: NaiveDate,
    opened_at: DateTime<Utc>,
    closed_on: Option<NaiveDate>,
    reason: Option<ClosureReason>,
    via_strategy: bool,
}

struct ChildFacts {
    given: String,
    dob: Option<NaiveDate>,
    expected: Option<NaiveDate>,
    /// (from, team kind, worker) in order.
    allocations: Vec<(NaiveDate, TeamKind, Option<UserId>)>,
    /// The "Child protection plan started" significant event, by index.
    cp_significant: Option<usize>,
    /// The category that event names.
    cp_category: Option<AbuseCategory>,
}

impl ChildFacts {
    fn age(&self, on: NaiveDate) -> u32 {
        self.dob.and_then(|d| age_on(d, on)).unwrap_or(0)
    }

    /// Born, and recorded as born, well before `on`.
    fn born_by(&self, on: NaiveDate) -> bool {
        self.dob.is_some_and(|d| d + Duration::days(30) <= on)
    }

    fn eighteen(&self) -> Option<NaiveDate> {
        self.dob.map(|d| crate::time::add_years(d, 18))
    }
}

/// Adds the assessment and child protection work of one household.
pub(crate) fn add(events: &mut Vec<NewEvent>, service: &mut Service, mint: &mut IdMint, rng: &mut Rng, today: NaiveDate) {
    let mut children: HashMap<PersonId, ChildFacts> = HashMap::new();
    let mut order: Vec<PersonId> = Vec::new();
    let mut carer: Option<String> = None;
    let mut outcomes: HashMap<ContactId, ContactOutcome> = HashMap::new();
    let mut episodes: Vec<Episode> = Vec::new();
    let mut closures: HashMap<ReferralId, usize> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        match &e.payload {
            EventPayload::ChildRecorded(c) => {
                order.push(c.person_id);
                children.insert(
                    c.person_id,
                    ChildFacts {
                        given: c.name.given.clone(),
                        dob: c.date_of_birth,
                        expected: c.expected_date_of_birth,
                        allocations: Vec::new(),
                        cp_significant: None,
                        cp_category: None,
                    },
                );
            }
            EventPayload::PersonDetailsChanged(d) => {
                if let (Some(dob), Some(c)) = (d.date_of_birth, children.get_mut(&d.person_id)) {
                    c.dob = Some(dob);
                }
            }
            EventPayload::AdultRecorded(a) if carer.is_none() => carer = Some(a.name.given.clone()),
            EventPayload::ContactDecisionAuthorised(a) => {
                outcomes.insert(a.contact_id, a.outcome);
            }
            EventPayload::ChildAllocated(a) => {
                if let (Some(kind), Some(c)) = (service.team_kinds.get(&a.team_id), children.get_mut(&a.child_id)) {
                    c.allocations.push((a.from, *kind, a.worker_id));
                }
            }
            EventPayload::SignificantEventRecorded(s) if s.title == crate::significant::CP_PLAN.title => {
                if let Some(c) = children.get_mut(&s.child_id) {
                    c.cp_significant = Some(i);
                    c.cp_category = category_in(Some(&s.what_happened));
                }
            }
            EventPayload::ReferralOpened(o) => episodes.push(Episode {
                referral_id: o.referral_id,
                child: o.child_id,
                referral_on: o.referral_date,
                opened_at: e.occurred_at,
                closed_on: None,
                reason: None,
                via_strategy: o.contact_id.and_then(|c| outcomes.get(&c)).is_some_and(|o| *o == ContactOutcome::StrategyDiscussion),
            }),
            EventPayload::ReferralClosed(c) => {
                closures.insert(c.referral_id, i);
                if let Some(ep) = episodes.iter_mut().find(|ep| ep.referral_id == c.referral_id) {
                    ep.closed_on = Some(c.closed_on);
                    ep.reason = Some(c.reason);
                }
            }
            _ => {}
        }
    }
    if episodes.is_empty() {
        return;
    }
    let carer = carer.unwrap_or_else(|| "the parent".to_string());
    let mut out: Vec<NewEvent> = Vec::new();
    let mut remove: Vec<usize> = Vec::new();
    let mut moved: Vec<(usize, NaiveDate)> = Vec::new();
    let mut services_ceased: Vec<usize> = Vec::new();
    let mut significant_moves: Vec<(usize, NaiveDate, AbuseCategory)> = Vec::new();
    let mut dropped: Vec<ReferralId> = Vec::new();
    for child in order {
        let Some(facts) = children.get(&child) else { continue };
        let mine: Vec<&Episode> = episodes.iter().filter(|e| e.child == child).collect();
        // A child open today stays in the episode their allocation came
        // from; referrals `referrals` opened after it (once it had closed
        // that episode) are not made: a child already open is not referred.
        let current = target_of(facts);
        let journey = match (current, facts.allocations.last()) {
            (Target::Free, _) | (_, None) => None,
            (_, Some((from, _, _))) => mine.iter().rposition(|e| e.referral_on <= *from),
        };
        let upto = journey.unwrap_or(mine.len().saturating_sub(1));
        for (k, ep) in mine.iter().enumerate() {
            if k > upto {
                dropped.push(ep.referral_id);
                continue;
            }
            let last = k == upto;
            let next_referral = if last { None } else { mine.get(k + 1).map(|n| n.referral_on) };
            let holder = facts.allocations.last().and_then(|a| a.2);
            let target = if last && journey.is_some() { current } else { Target::Free };
            // A child still open today keeps the episode their journey runs in.
            let closed_on = if target == Target::Free { ep.closed_on } else { None };
            if closed_on.is_none()
                && let Some(i) = closures.get(&ep.referral_id)
            {
                remove.push(*i);
            }
            let stop = match (closed_on, next_referral) {
                (_, Some(n)) => (n - Duration::days(1)).min(today),
                _ => today,
            };
            let demo = holder == Some(service.sw_demo) && target != Target::Free;
            let mut w = Writer {
                calendar: &service.calendar,
                names: &service.names,
                today,
                rng: &mut *rng,
                mint: &mut *mint,
                out: &mut out,
                child,
                referral_id: ep.referral_id,
                name: facts.given.clone(),
                carer: carer.clone(),
                worker: holder,
                opened_at: ep.opened_at,
                last: ep.referral_on,
            };
            let overdue_core_group = demo && target == Target::ChildProtection && {
                service.demo_cp_seen += 1;
                service.demo_cp_seen == 1
            };
            // The first of sw.demo's children in need referred in the last
            // eight months and past 45 working days has the assessment open.
            let stalled_assessment = demo
                && !service.demo_stalled
                && target == Target::ChildInNeed
                && ep.referral_on + Duration::days(240) > today
                && service.calendar.add_working_days(ep.referral_on, 45) < today;
            service.demo_stalled |= stalled_assessment;
            let plan = Plan {
                target,
                closed_on,
                reason: ep.reason,
                stop,
                via_strategy: ep.via_strategy,
                demo,
                overdue_core_group,
                stalled_assessment,
            };
            let result = w.episode(ep.referral_on, facts, &plan);
            if let (Some(category), Some(icpc), Some(sig)) = (result.category, result.icpc, facts.cp_significant)
                && last
            {
                significant_moves.push((sig, icpc, category));
            }
            if let Some(closed) = closed_on
                && result.last > closed
                && let Some(i) = closures.get(&ep.referral_id)
            {
                moved.push((*i, result.last.min(stop).max(closed)));
            }
            // "Closed after assessment" (RC8, RC9) says the assessment was
            // all there was; an episode that went on to an enquiry or a plan
            // closes because services ceased (RC7), as census rule 2990 wants.
            if closed_on.is_some()
                && result.beyond_assessment
                && matches!(ep.reason, Some(ClosureReason::NoFurtherActionAfterAssessment | ClosureReason::EarlyHelpAfterAssessment))
                && let Some(i) = closures.get(&ep.referral_id)
            {
                services_ceased.push(*i);
            }
        }
    }
    for (i, on) in moved {
        if let Some(e) = events.get_mut(i)
            && let EventPayload::ReferralClosed(c) = &mut e.payload
        {
            c.closed_on = on;
            e.occurred_at = at(on, 15 * 3600);
        }
    }
    for i in services_ceased {
        if let Some(e) = events.get_mut(i)
            && let EventPayload::ReferralClosed(c) = &mut e.payload
        {
            c.reason = ClosureReason::ServicesCeased;
        }
    }
    for (i, on, category) in significant_moves {
        if let Some(e) = events.get_mut(i)
            && let EventPayload::SignificantEventRecorded(s) = &mut e.payload
        {
            s.occurred_on = on;
            s.what_happened = set_category(&s.what_happened, category);
            e.occurred_at = at(on, Slot::Significant.seconds());
        }
    }
    if !dropped.is_empty() {
        for (i, e) in events.iter().enumerate() {
            let id = match &e.payload {
                EventPayload::ReferralOpened(o) => o.referral_id,
                EventPayload::ReferralClosed(c) => c.referral_id,
                EventPayload::PrimaryNeedRecorded(n) => n.referral_id,
                _ => continue,
            };
            if dropped.contains(&id) {
                remove.push(i);
            }
        }
    }
    if !remove.is_empty() {
        remove.sort_unstable();
        remove.dedup();
        let mut i = 0;
        events.retain(|_| {
            let keep = remove.binary_search(&i).is_err();
            i += 1;
            keep
        });
    }
    if out.is_empty() {
        return;
    }
    events.extend(out);
    events.sort_by_key(|e| e.occurred_at);
}

/// The significant event names the category in words; it follows the
/// conference's decision.
fn set_category(text: &str, category: AbuseCategory) -> String {
    let word = category_words(category);
    match text.split_once("under the category of ") {
        Some((head, _)) => format!("{head}under the category of {word}."),
        None => text.to_string(),
    }
}

fn category_words(category: AbuseCategory) -> &'static str {
    match category {
        AbuseCategory::Neglect => "neglect",
        AbuseCategory::Emotional => "emotional abuse",
        AbuseCategory::Physical => "physical abuse",
        AbuseCategory::Sexual => "sexual abuse",
        AbuseCategory::Multiple => "multiple categories",
    }
}

/// The category the household's significant event named, so the plan and
/// the chronology agree.
fn category_in(events_text: Option<&str>) -> Option<AbuseCategory> {
    let text = events_text?;
    let tail = text.split_once("under the category of ")?.1;
    [AbuseCategory::Neglect, AbuseCategory::Emotional, AbuseCategory::Physical, AbuseCategory::Sexual, AbuseCategory::Multiple]
        .into_iter()
        .find(|c| tail.starts_with(category_words(*c)))
}

fn target_of(facts: &ChildFacts) -> Target {
    let Some((from, kind, _)) = facts.allocations.last() else { return Target::Free };
    match kind {
        TeamKind::Assessment => Target::Assessing,
        TeamKind::ChildInNeedChildProtection if facts.cp_significant.is_some() => Target::ChildProtection,
        TeamKind::ChildInNeedChildProtection => Target::ChildInNeed,
        TeamKind::ChildrenInCare => Target::InCare(*from),
        _ => Target::Free,
    }
}

struct Plan {
    target: Target,
    /// The closing date the episode keeps (none when open today).
    closed_on: Option<NaiveDate>,
    reason: Option<ClosureReason>,
    /// Nothing in the episode after this day (the next episode, or today).
    stop: NaiveDate,
    via_strategy: bool,
    /// Held by sw.demo: make the work list show what it must.
    demo: bool,
    overdue_core_group: bool,
    /// The assessment is past 45 working days and still not authorised.
    stalled_assessment: bool,
}

#[derive(Default)]
struct Outcome {
    /// The last day the episode's work touches.
    last: NaiveDate,
    icpc: Option<NaiveDate>,
    category: Option<AbuseCategory>,
    /// The episode went on past its assessment: an enquiry, a conference or a plan.
    beyond_assessment: bool,
}

/// The last working day on or before `d`.
fn on_or_before(calendar: &Calendar, d: NaiveDate) -> NaiveDate {
    let mut day = d;
    // A working day is never more than a fortnight away, even at Christmas.
    for _ in 0..14 {
        if calendar.is_working_day(day) {
            return day;
        }
        day -= Duration::days(1);
    }
    day
}

/// `n` working days before `from`.
fn back_working_days(calendar: &Calendar, from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day -= Duration::days(1);
        if calendar.is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// Writes one child's episode.
struct Writer<'a> {
    calendar: &'a Calendar,
    names: &'a HashMap<UserId, String>,
    today: NaiveDate,
    rng: &'a mut Rng,
    mint: &'a mut IdMint,
    out: &'a mut Vec<NewEvent>,
    child: PersonId,
    referral_id: ReferralId,
    name: String,
    carer: String,
    worker: Option<UserId>,
    opened_at: DateTime<Utc>,
    /// The latest day written so far.
    last: NaiveDate,
}

/// How an enquiry went, for the rest of the episode.
struct Enquiry {
    id: Section47Id,
    discussion_on: NaiveDate,
    started_on: NaiveDate,
    seen_on: NaiveDate,
    seen_alone: bool,
}

impl Writer<'_> {
    fn emit(&mut self, day: NaiveDate, slot: Slot, payload: EventPayload) {
        // Work on the referral's own day comes after the referral, in slot
        // order; so does work dated the day before a referral recorded just
        // after midnight (a late-night contact decided at 23:59).
        let rank = slot as i64 + 2;
        let mut when = at(day, slot.seconds());
        if day <= self.opened_at.date_naive() {
            when = when.max(self.opened_at + Duration::minutes(rank));
        }
        let when = when.min(end_of(self.today));
        self.last = self.last.max(day);
        self.out.push(NewEvent::new(payload, when));
    }

    fn text(&self, template: &str) -> String {
        template.replace("{child}", &self.name).replace("{carer}", &self.carer)
    }

    /// One of the phrasings, filled in.
    fn say(&mut self, options: &[&str]) -> String {
        let template = self.rng.pick(options);
        self.text(template)
    }

    fn draw(&mut self, table: &[((u32, u32), u32)]) -> u32 {
        let (lo, hi) = self.rng.weighted(table);
        self.rng.range(i64::from(lo), i64::from(hi)) as u32
    }

    fn social_worker(&self) -> Attendee {
        let name = self.worker.and_then(|w| self.names.get(&w)).cloned().unwrap_or_else(|| "Duty social worker".to_string());
        Attendee { name, agency: Agency::SocialCare, role: "Allocated social worker".to_string() }
    }

    fn attendee(&mut self, agency: Agency) -> Attendee {
        let (name, role) = match agency {
            Agency::Police => self.rng.pick(POLICE),
            Agency::Health => self.rng.pick(HEALTH),
            Agency::Education => self.rng.pick(EDUCATION),
            _ => ("Sam Kerr", "Family support worker"),
        };
        Attendee { name: name.to_string(), agency, role: role.to_string() }
    }

    fn owner(&mut self) -> ActionOwner {
        match (self.worker, self.rng.below(3)) {
            (Some(user_id), 0 | 1) => ActionOwner::Staff { user_id },
            (_, 2) => ActionOwner::Named { name: self.carer.clone(), agency: "Parent".to_string() },
            _ => {
                let (name, role) = self.rng.pick(HEALTH);
                ActionOwner::Named { name: name.to_string(), agency: format!("Hearthshire Community Health ({role})") }
            }
        }
    }

    /// `n` actions agreed on `agreed`, due within the working days given;
    /// some are done (recorded later) by their due date or soon after.
    fn actions(&mut self, n: usize, agreed: NaiveDate, within: (u32, u32), until: NaiveDate) -> Vec<Action> {
        let mut list = Vec::with_capacity(n);
        let mut used: Vec<&str> = Vec::new();
        for _ in 0..n {
            let description = self.rng.pick(ACTIONS);
            if used.contains(&description) {
                continue;
            }
            used.push(description);
            let due = self.calendar.add_working_days(agreed, self.rng.range(i64::from(within.0), i64::from(within.1)) as u32);
            let action = Action {
                action_id: self.mint.action(),
                description: self.text(description),
                owner: Some(self.owner()),
                due_on: Some(due),
                status: ActionStatus::Open,
            };
            let done_on = due - Duration::days(self.rng.range(0, 10)) + Duration::days(if self.rng.chance(0.2) { 9 } else { 0 });
            let done_on = done_on.max(agreed + Duration::days(1));
            if done_on <= until.min(self.today) && self.rng.chance(0.7) {
                let evidence = self.say(EVIDENCE);
                let payload = EventPayload::ActionCompleted(ActionCompleted {
                    action_id: action.action_id,
                    child_id: self.child,
                    completed_on: done_on,
                    evidence,
                });
                self.emit(done_on, Slot::ActionDone, payload);
            }
            list.push(action);
        }
        list
    }

    fn episode(&mut self, r: NaiveDate, facts: &ChildFacts, plan: &Plan) -> Outcome {
        let from = self.out.len();
        let mut result = self.episode_work(r, facts, plan);
        result.beyond_assessment = self.out[from..].iter().any(|e| {
            matches!(
                e.payload,
                EventPayload::Section47Started(_)
                    | EventPayload::ConferenceHeld(_)
                    | EventPayload::CpPlanStarted(_)
                    | EventPayload::CinPlanStarted(_)
            )
        });
        result
    }

    fn episode_work(&mut self, r: NaiveDate, facts: &ChildFacts, plan: &Plan) -> Outcome {
        let today = self.today;
        let mut result = Outcome { last: r, ..Outcome::default() };
        let open = plan.closed_on.is_none();
        // A child who turns 18 leaves children's services that day.
        let stop = match facts.eighteen() {
            Some(e) if e <= plan.stop => e - Duration::days(1),
            _ => plan.stop,
        };
        if stop <= r + Duration::days(2) {
            return result;
        }

        // Which way the episode goes.
        let care_on = match plan.target {
            Target::InCare(d) => Some(d),
            _ => None,
        };
        let wants_cp = match plan.target {
            Target::ChildProtection => true,
            Target::InCare(c) => c > r + Duration::days(75) && self.rng.chance(0.5),
            Target::Free if open => false,
            Target::Free => self.rng.chance(if plan.via_strategy { 0.3 } else { 0.08 }),
            Target::Assessing | Target::ChildInNeed => false,
        };
        let strategy = wants_cp || plan.via_strategy || (plan.target != Target::Assessing && self.rng.chance(0.2));
        let can_cp = wants_cp && facts.born_by(r);

        // The assessment, which runs whatever else happens.
        let due = self.calendar.add_working_days(r, 45);
        let mut days = self.draw(ASSESSMENT_DAYS);
        let stalled = plan.stalled_assessment && due < today;
        if stalled {
            // sw.demo's assessment past 45 working days, not yet authorised.
            days = self.calendar.working_days_between(r, today) as u32 + 5;
        }
        let start = self.calendar.next_working_day_on_or_after(if self.rng.chance(0.7) {
            r
        } else {
            self.calendar.add_working_days(r, self.rng.range(1, 3) as u32)
        });
        let authorised = self.calendar.add_working_days(r, days).max(self.calendar.add_working_days(start, 1));
        let submitted = on_or_before(self.calendar, authorised - Duration::days(self.rng.range(0, 4))).max(start);

        // The enquiry, if there is one.
        let mut enquiry: Option<Enquiry> = None;
        let mut icpc: Option<(NaiveDate, bool)> = None;
        if strategy && facts.born_by(r) {
            let held =
                if plan.via_strategy || self.rng.chance(0.6) { r } else { self.calendar.add_working_days(r, self.rng.range(1, 4) as u32) };
            let held = on_or_before(self.calendar, held).max(r);
            if held <= stop.min(today) {
                let icpc_on = self.calendar.add_working_days(held, self.draw(ICPC_DAYS)).min(on_or_before(self.calendar, stop.min(today)));
                let cp_fits = can_cp
                    && icpc_on > held
                    && care_on.is_none_or(|c| icpc_on + Duration::days(20) < c)
                    && (open || icpc_on + Duration::days(100) < stop);
                enquiry = self.strategy_and_enquiry(held, cp_fits, stop, facts, &mut icpc, icpc_on, plan);
            }
        }

        // The initial conference and the plan it makes.
        let mut cin_from: Option<NaiveDate> = None;
        let mut cp_end: Option<NaiveDate> = None;
        if let (Some(q), Some((held_on, makes_plan))) = (&enquiry, icpc) {
            let category = match facts.cp_category {
                Some(c) if plan.target == Target::ChildProtection => c,
                _ => self.rng.weighted(CATEGORIES),
            };
            let conference_id = self.conference_initial(q, held_on, makes_plan, category, facts);
            result.icpc = Some(held_on);
            if makes_plan {
                result.category = Some(category);
                let (end, step_down) = self.cp_plan(conference_id, held_on, category, facts, plan, stop, care_on);
                cp_end = end;
                if step_down {
                    cin_from = end;
                }
            } else {
                cin_from = Some(self.calendar.next_working_day_on_or_after(held_on + Duration::days(self.rng.range(0, 5))));
            }
        }

        // The assessment's record, now its outcome is known.
        let to_cin = cin_from.is_some()
            || match plan.target {
                Target::ChildInNeed | Target::ChildProtection => !stalled,
                Target::Free if !open => {
                    !matches!(plan.reason, Some(ClosureReason::NoFurtherActionAfterAssessment | ClosureReason::EarlyHelpAfterAssessment))
                        && self.rng.chance(0.7)
                }
                _ => false,
            };
        let outcome = if result.category.is_some() {
            AssessmentOutcome::StrategyDiscussion
        } else if to_cin {
            AssessmentOutcome::ChildInNeedPlan
        } else if care_on.is_some() {
            AssessmentOutcome::BecomeLookedAfter
        } else if plan.reason == Some(ClosureReason::EarlyHelpAfterAssessment) {
            AssessmentOutcome::EarlyHelp
        } else {
            AssessmentOutcome::NoFurtherAction
        };
        let authorised_on = self.assessment(r, start, submitted, authorised, due, outcome, facts, stop, enquiry.as_ref(), !open);
        if cin_from.is_none()
            && to_cin
            && result.category.is_none()
            && let Some(a) = authorised_on
        {
            cin_from = Some(self.calendar.next_working_day_on_or_after(a + Duration::days(self.rng.range(0, 6))));
        }

        // A child in need plan, from the assessment, a conference that made
        // no plan, or a child protection plan stepped down.
        if let Some(from) = cin_from {
            let keep_open = open && matches!(plan.target, Target::ChildInNeed | Target::ChildProtection);
            self.cin_plan(from, cp_end == Some(from), plan, stop, keep_open, facts);
        }

        // Proceedings for children who came into care.
        if let Some(c) = care_on
            && c <= today
            && c > r
        {
            self.proceedings_for_care(c, cp_end, r);
        }
        result.last = self.last;
        result
    }

    /// The strategy discussion, the section 47 enquiry it starts, and the
    /// enquiry's outcome. `icpc` is set when an initial conference follows.
    #[allow(clippy::too_many_arguments)]
    fn strategy_and_enquiry(
        &mut self,
        held: NaiveDate,
        cp_fits: bool,
        stop: NaiveDate,
        facts: &ChildFacts,
        icpc: &mut Option<(NaiveDate, bool)>,
        icpc_on: NaiveDate,
        plan: &Plan,
    ) -> Option<Enquiry> {
        let discussion_id: StrategyDiscussionId = self.mint.strategy_discussion();
        let decision = if cp_fits || plan.target == Target::ChildProtection {
            StrategyDecision::Section47Enquiry
        } else {
            self.rng.weighted(&[
                (StrategyDecision::Section47Enquiry, 88),
                (StrategyDecision::ChildAndFamilyAssessment, 9),
                (StrategyDecision::NoFurtherAction, 3),
            ])
        };
        let mut attendees = vec![self.social_worker(), self.attendee(Agency::Police)];
        if self.rng.chance(0.85) {
            attendees.push(self.attendee(Agency::Health));
        }
        let age = facts.age(held);
        if (4..=16).contains(&age) && self.rng.chance(0.75) {
            attendees.push(self.attendee(Agency::Education));
        }
        let hour = if self.rng.chance(0.15) { 17 + self.rng.range(0, 4) as u32 } else { 9 + self.rng.range(0, 7) as u32 };
        let held_at = held.and_time(NaiveTime::from_hms_opt(hour, 15 * self.rng.range(0, 3) as u32, 0).unwrap_or(NaiveTime::MIN));
        let s47 = decision.starts_section47();
        let actions_n = self.rng.range(1, 2) as usize;
        let actions = self.actions(actions_n, held, (1, 5), stop);
        let discussion = StrategyDiscussion {
            held_at: Some(held_at),
            attendees,
            information_shared: self.say(INFORMATION_SHARED),
            decision: Some(decision),
            rationale: if s47 { self.say(S47_RATIONALE) } else { self.text(NOT_S47_RATIONALE) },
            interim_safety_plan: if s47 { self.say(SAFETY_PLANS) } else { String::new() },
            actions,
        };
        let payload = EventPayload::StrategyDiscussionHeld(StrategyDiscussionHeld {
            discussion_id,
            child_id: self.child,
            referral_id: Some(self.referral_id),
            discussion,
        });
        self.emit(held, Slot::Strategy, payload);
        if !s47 {
            return None;
        }
        let id = self.mint.section47();
        let started_on = if self.rng.chance(0.85) { held } else { self.calendar.add_working_days(held, 1).min(stop) };
        let payload = EventPayload::Section47Started(Section47Started {
            enquiry_id: id,
            child_id: self.child,
            discussion_id,
            discussion_on: held,
            started_on,
        });
        self.emit(started_on, Slot::S47Start, payload);
        let after = self.rng.range(0, 3) as u32;
        let mut seen_on = self.calendar.add_working_days(started_on, after);
        if cp_fits {
            seen_on = seen_on.min(icpc_on).max(started_on);
        }
        // An episode that ends before today ends with its enquiry concluded
        // (census rule 8868); one needing a conference has it by then already.
        let closes = stop < self.today;
        if closes {
            seen_on = seen_on.min(stop).max(started_on);
        }
        let seen_alone = age >= 4 && self.rng.chance(0.82);
        let q = Enquiry { id, discussion_on: held, started_on, seen_on, seen_alone };
        if seen_on > stop.min(self.today) {
            return Some(q);
        }
        let seen = self.enquiry_record(&q, age, None, None);
        self.emit(
            seen_on,
            Slot::S47Seen,
            EventPayload::Section47Updated(Section47Updated { enquiry_id: id, child_id: self.child, enquiry: seen }),
        );
        let outcome = if cp_fits {
            Section47Outcome::SubstantiatedIcpcNeeded
        } else {
            let mut o = self.rng.weighted(S47_OUTCOMES);
            if o == Section47Outcome::SubstantiatedIcpcNeeded {
                // A conference that cannot be held in this episode: concluded otherwise.
                o = Section47Outcome::SubstantiatedNotAtContinuingRisk;
            }
            o
        };
        let completed = if outcome.needs_icpc() {
            on_or_before(self.calendar, icpc_on - Duration::days(self.rng.range(0, 2))).max(seen_on)
        } else {
            let completed = self.calendar.add_working_days(seen_on, self.rng.range(5, 22) as u32);
            if closes { completed.min(stop).max(seen_on) } else { completed }
        };
        if completed > stop.min(self.today) {
            return Some(q);
        }
        let done = self.enquiry_record(&q, age, Some(outcome), Some(completed));
        self.emit(
            completed,
            Slot::S47Outcome,
            EventPayload::Section47Updated(Section47Updated { enquiry_id: id, child_id: self.child, enquiry: done }),
        );
        if outcome.needs_icpc() {
            // Most conferences make a plan (72,100 conferences, 61,840 plans).
            let makes_plan = plan.target == Target::ChildProtection || matches!(plan.target, Target::InCare(_)) || self.rng.chance(0.86);
            *icpc = Some((icpc_on, makes_plan));
        }
        Some(q)
    }

    fn enquiry_record(&self, q: &Enquiry, age: u32, outcome: Option<Section47Outcome>, completed: Option<NaiveDate>) -> Section47Enquiry {
        Section47Enquiry {
            strategy_discussion_on: q.discussion_on,
            started_on: Some(q.started_on),
            child_seen_on: Some(q.seen_on),
            child_seen_alone: Some(q.seen_alone),
            not_seen_alone_reason: if q.seen_alone {
                String::new()
            } else if age < 4 {
                self.text("{child} is too young to be seen alone; seen with {carer} and observed at play.")
            } else {
                self.text("{carer} would not agree to {child} being seen alone; {child} was seen at home with {carer} present.")
            },
            not_seen_reason: String::new(),
            outcome,
            icpc_not_required_reason: if outcome == Some(Section47Outcome::IcpcNotRequired) {
                self.text("The adult who harmed {child} has left the household and {carer} is acting protectively; a child in need plan will support the family.")
            } else {
                String::new()
            },
            completed_on: completed,
        }
    }

    fn childs_views(&mut self, age: u32) -> ChildsViews {
        if age < 4 {
            ChildsViews {
                views: String::new(),
                not_obtained_reason: self
                    .text("{child} is too young to give views; the social worker described how {child} presents at home."),
                advocacy_offered: Some(false),
                advocate: String::new(),
            }
        } else {
            let offered = age >= 8;
            let advocate = offered && self.rng.chance(0.4);
            ChildsViews {
                views: self.say(VIEWS),
                not_obtained_reason: String::new(),
                advocacy_offered: Some(offered),
                advocate: if advocate { "Hearthshire Children's Advocacy Service".to_string() } else { String::new() },
            }
        }
    }

    fn conference_attendees(&mut self) -> Vec<Attendee> {
        let mut list = vec![
            Attendee {
                name: self.rng.pick(CHAIRS).to_string(),
                agency: Agency::SocialCare,
                role: "Independent child protection chair".to_string(),
            },
            self.social_worker(),
            Attendee { name: self.carer.clone(), agency: Agency::Other, role: "Parent".to_string() },
            self.attendee(Agency::Health),
        ];
        if self.rng.chance(0.7) {
            list.push(self.attendee(Agency::Education));
        }
        if self.rng.chance(0.5) {
            list.push(self.attendee(Agency::Police));
        }
        list
    }

    fn conference_initial(
        &mut self,
        q: &Enquiry,
        held_on: NaiveDate,
        makes_plan: bool,
        category: AbuseCategory,
        facts: &ChildFacts,
    ) -> hearth_domain::ids::ConferenceId {
        let conference_id = self.mint.conference();
        let due = self.calendar.add_working_days(q.discussion_on, 15);
        let late_reason = if held_on > due { self.rng.pick(ICPC_LATE).to_string() } else { String::new() };
        let views = self.childs_views(facts.age(held_on));
        let attendees = self.conference_attendees();
        let conference = ChildProtectionConference {
            kind: ConferenceKind::Initial,
            held_on: Some(held_on),
            section47_started_on: Some(q.started_on),
            plan_started_on: None,
            attendees,
            childs_views: views,
            decision: Some(if makes_plan { ConferenceDecision::ChildProtectionPlan } else { ConferenceDecision::NoPlan }),
            rationale: if makes_plan { self.say(ICPC_PLAN_RATIONALE) } else { self.text(ICPC_NO_PLAN_RATIONALE) },
            category: makes_plan.then_some(category),
        };
        let payload = EventPayload::ConferenceHeld(ConferenceHeld {
            conference_id,
            child_id: self.child,
            enquiry_id: Some(q.id),
            plan_id: None,
            conference,
            late_reason,
            actions: Vec::new(),
        });
        self.emit(held_on, Slot::Conference, payload);
        conference_id
    }

    /// A child protection plan from its initial conference to its end (or
    /// today). Returns the end and whether it stepped down to child in need.
    #[allow(clippy::too_many_arguments)]
    fn cp_plan(
        &mut self,
        conference_id: hearth_domain::ids::ConferenceId,
        start: NaiveDate,
        category: AbuseCategory,
        facts: &ChildFacts,
        plan: &Plan,
        stop: NaiveDate,
        care_on: Option<NaiveDate>,
    ) -> (Option<NaiveDate>, bool) {
        let today = self.today;
        let plan_id: PlanId = self.mint.plan();
        // When and why it ends: a review decides, care begins, or never (yet).
        let open = plan.target == Target::ChildProtection && plan.closed_on.is_none();
        let horizon = if open {
            today
        } else if let Some(c) = care_on {
            c.min(stop)
        } else {
            let months = self.draw(CP_MONTHS);
            add_calendar_months(start, months).min(stop)
        };
        let n = self.rng.range(2, 4) as usize;
        let actions = self.actions(n, start, (10, 40), if open { today } else { horizon });
        let contingency = self.say(CONTINGENCIES);
        let payload = EventPayload::CpPlanStarted(CpPlanStarted {
            plan_id,
            child_id: self.child,
            conference_id,
            plan: ChildProtectionPlan {
                started_on: Some(start),
                initial_category: Some(category),
                latest_category: Some(category),
                contingency_plan: contingency,
                actions,
                ended_on: None,
                end_reason: None,
                end_reason_detail: String::new(),
            },
        });
        self.emit(start, Slot::CpStart, payload);

        // Review conferences: at three months, then six-monthly.
        let mut end: Option<(NaiveDate, CpPlanEndReason)> = None;
        let mut due = add_calendar_months(start, 3);
        let mut reviews: Vec<NaiveDate> = Vec::new();
        loop {
            let late = self.rng.chance(0.12);
            let held = if late {
                self.calendar.next_working_day_on_or_after(due + Duration::days(self.rng.range(3, 25)))
            } else {
                on_or_before(self.calendar, due - Duration::days(self.rng.range(0, 10)))
            };
            let last_chance = care_on.is_none() && !open && held >= horizon;
            if held > today || (care_on.is_some() && held >= horizon) || held > stop {
                break;
            }
            let ends = last_chance;
            let reason = if ends { self.rng.weighted(CP_ENDS) } else { CpPlanEndReason::NoLongerNeeded };
            self.review_conference(plan_id, start, held, due, category, ends, facts);
            reviews.push(held);
            if ends {
                end = Some((held, reason));
                break;
            }
            due = add_calendar_months(held, 6);
        }
        if end.is_none() && !open {
            if let Some(c) = care_on.filter(|c| *c > start && *c <= stop.min(today)) {
                end = Some((c, CpPlanEndReason::BecameLookedAfter));
            } else if horizon > start && horizon <= today {
                // No review fell before the episode's end: an early review ends
                // it, or, with no weekday free after the last, a transfer.
                let day = on_or_before(self.calendar, horizon);
                if day > start && reviews.last().is_none_or(|r| day > *r) {
                    let reason = self.rng.weighted(CP_ENDS);
                    self.review_conference(plan_id, start, day, add_calendar_months(start, 3), category, true, facts);
                    end = Some((day, reason));
                } else {
                    end = Some((horizon, CpPlanEndReason::TransferredToAnotherAuthority));
                }
            }
        }
        let until = end.map_or(today, |(d, _)| d);

        // Core groups: the first within 10 working days, then every 4 weeks.
        let stop_core_groups =
            if open && (plan.overdue_core_group || self.rng.chance(0.1)) { today - Duration::days(self.rng.range(35, 60)) } else { until };
        let late_first = self.rng.chance(0.15);
        let mut day = self.calendar.add_working_days(start, if late_first { self.rng.range(11, 18) } else { self.rng.range(4, 10) } as u32);
        let mut first = true;
        while day <= until && day <= stop_core_groups && day <= today {
            let late_reason = if first && late_first {
                "The first date offered clashed with the parents' court hearing; the next date all agencies could attend was used."
                    .to_string()
            } else {
                String::new()
            };
            self.core_group(plan_id, start, day, late_reason);
            first = false;
            let gap = if self.rng.chance(0.12) { self.rng.range(29, 45) } else { self.rng.range(20, 28) };
            day = self.calendar.next_working_day_on_or_after(day + Duration::days(gap));
        }

        // Visits every 10 working days or so, with some gaps.
        let gap_at_end = open && !plan.demo && self.rng.chance(0.1);
        let last_visit = if plan.demo {
            // Due again in two working days: "due soon" on sw.demo's list.
            Some(back_working_days(self.calendar, self.calendar.add_working_days(today, 2), 10))
        } else if gap_at_end {
            Some(back_working_days(self.calendar, today, self.rng.range(12, 20) as u32))
        } else {
            None
        };
        let limit = last_visit.map_or(until, |l| l.min(until));
        let mut day = self.calendar.add_working_days(start, self.rng.range(1, 5) as u32);
        let mut previous = start;
        while day <= limit && day <= today {
            self.visit(day, facts.age(day));
            previous = day;
            let gap = if self.rng.chance(0.15) { self.rng.range(11, 18) } else { self.rng.range(6, 10) };
            day = self.calendar.add_working_days(day, gap as u32);
        }
        if let Some(l) = last_visit
            && l > previous
            && l > start
            && l <= until
            && plan.demo
        {
            self.visit(l, facts.age(l));
        }

        // Pre-proceedings for a few children on open plans (F21).
        if open && self.rng.chance(0.08) {
            self.pre_proceedings_open(start);
        }

        match end {
            Some((day, reason)) => {
                let detail = String::new();
                let payload =
                    EventPayload::CpPlanEnded(CpPlanEnded { plan_id, child_id: self.child, ended_on: day, reason, reason_detail: detail });
                self.emit(day, Slot::CpEnd, payload);
                (Some(day), reason == CpPlanEndReason::StepDownToChildInNeed)
            }
            None => (None, false),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn review_conference(
        &mut self,
        plan_id: PlanId,
        plan_start: NaiveDate,
        held: NaiveDate,
        due: NaiveDate,
        category: AbuseCategory,
        ends: bool,
        facts: &ChildFacts,
    ) {
        let conference_id = self.mint.conference();
        let late_reason = if held > due { self.rng.pick(REVIEW_LATE).to_string() } else { String::new() };
        let views = self.childs_views(facts.age(held));
        let attendees = self.conference_attendees();
        let conference = ChildProtectionConference {
            kind: ConferenceKind::Review,
            held_on: Some(held),
            section47_started_on: None,
            plan_started_on: Some(plan_start),
            attendees,
            childs_views: views,
            decision: Some(if ends { ConferenceDecision::NoPlan } else { ConferenceDecision::ChildProtectionPlan }),
            rationale: if ends { self.text(REVIEW_END_RATIONALE) } else { self.say(REVIEW_CONTINUE_RATIONALE) },
            category: (!ends).then_some(category),
        };
        let payload = EventPayload::ConferenceHeld(ConferenceHeld {
            conference_id,
            child_id: self.child,
            enquiry_id: None,
            plan_id: Some(plan_id),
            conference,
            late_reason,
            actions: Vec::new(),
        });
        self.emit(held, Slot::Conference, payload);
    }

    fn core_group(&mut self, plan_id: PlanId, plan_start: NaiveDate, held: NaiveDate, late_reason: String) {
        let mut attendees =
            vec![self.social_worker(), Attendee { name: self.carer.clone(), agency: Agency::Other, role: "Parent".to_string() }];
        if self.rng.chance(0.8) {
            attendees.push(self.attendee(Agency::Health));
        }
        if self.rng.chance(0.6) {
            attendees.push(self.attendee(Agency::Education));
        }
        let actions = if self.rng.chance(0.25) { self.actions(1, held, (10, 20), self.today) } else { Vec::new() };
        let progress = self.say(PROGRESS);
        let payload = EventPayload::CoreGroupHeld(CoreGroupHeld {
            meeting_id: self.mint.meeting(),
            child_id: self.child,
            plan_id,
            meeting: CoreGroupMeeting { plan_started_on: plan_start, held_on: Some(held), attendees, progress, actions },
            late_reason,
        });
        self.emit(held, Slot::CoreGroup, payload);
    }

    fn visit(&mut self, day: NaiveDate, age: u32) {
        let seen = self.rng.chance(0.95);
        let alone = seen && age >= 4 && self.rng.chance(0.8);
        let reason = if !seen {
            self.text("No one answered at the planned visit; {carer} was called and a visit rebooked for the next day.")
        } else if !alone {
            if age < 4 {
                self.text("{child} is too young to be seen alone; seen with {carer}.")
            } else {
                self.text("{child} did not want to talk without {carer} there today.")
            }
        } else {
            String::new()
        };
        let views = if seen { self.say(VISIT_VIEWS) } else { String::new() };
        let payload = EventPayload::ChildVisited(ChildVisited {
            visit_id: self.mint.meeting(),
            child_id: self.child,
            visit: ChildProtectionVisit {
                visited_on: Some(day),
                child_seen: Some(seen),
                child_seen_alone: seen.then_some(alone),
                reason,
                childs_views: views,
            },
        });
        self.emit(day, Slot::Visit, payload);
    }

    /// The assessment's events; returns the day it was authorised, if it was.
    #[allow(clippy::too_many_arguments)]
    fn assessment(
        &mut self,
        r: NaiveDate,
        start: NaiveDate,
        submitted: NaiveDate,
        authorised: NaiveDate,
        due: NaiveDate,
        outcome: AssessmentOutcome,
        facts: &ChildFacts,
        stop: NaiveDate,
        enquiry: Option<&Enquiry>,
        closes: bool,
    ) -> Option<NaiveDate> {
        let today = self.today;
        if start > stop.min(today) {
            return None;
        }
        // An episode that closed before the assessment would have been
        // finished (or authorised) closes with it finished: no closed
        // referral keeps an assessment in progress (census rule 8867).
        // That holds for an episode that has closed by today as well as
        // one that ends before the next referral: its closure moves to the
        // end of its work, which would otherwise leave the assessment open.
        let (submitted, authorised) = if (stop < today || closes) && authorised > stop {
            let submitted = submitted.min(stop).max(start);
            (submitted, stop.max(submitted))
        } else {
            (submitted, authorised)
        };
        let assessment_id = self.mint.assessment();
        let expected_birth_on = if facts.dob.is_none_or(|d| d > r) { facts.expected.or(facts.dob) } else { None };
        let payload = EventPayload::AssessmentStarted(AssessmentStarted {
            assessment_id,
            child_id: self.child,
            referral_id: self.referral_id,
            referral_on: r,
            started_on: start,
            expected_birth_on,
        });
        self.emit(start, Slot::AssessmentStart, payload);
        let age = facts.age(submitted.min(today));
        let factors = self.factors(outcome);
        let (views, not_obtained) = if age < 3 || facts.dob.is_none_or(|d| d > submitted) {
            (
                String::new(),
                self.text(
                    "{child} is too young to give views; how {child} presented with {carer} is recorded in the information gathered.",
                ),
            )
        } else {
            (self.say(VIEWS), String::new())
        };
        let seen = enquiry.map_or(String::new(), |q| format!(" Seen during the section 47 enquiry on {}.", q.seen_on.format("%-d %B %Y")));
        let record = |completed: Option<NaiveDate>, outcome: Option<AssessmentOutcome>, late: String, w: &mut Self| Assessment {
            referral_on: r,
            started_on: Some(start),
            information_gathered: format!("{}{seen}", w.say(INFORMATION)),
            analysis: w.say(ANALYSIS),
            childs_views: views.clone(),
            childs_views_not_obtained_reason: not_obtained.clone(),
            factors: factors.clone(),
            outcome,
            completed_on: completed,
            authorised_by: None,
            authorised_on: None,
            late_reason: late,
        };
        // Progress saved part way, for those still in progress today.
        let midway = self.calendar.next_working_day_on_or_after(start + Duration::days(((submitted - start).num_days() / 2).max(1)));
        if submitted > today.min(stop) {
            if midway <= today.min(stop) && midway > start {
                let draft = record(None, None, String::new(), self);
                let payload = EventPayload::AssessmentProgressSaved(AssessmentProgressSaved {
                    assessment_id,
                    child_id: self.child,
                    assessment: draft,
                });
                self.emit(midway, Slot::AssessmentProgress, payload);
            }
            return None;
        }
        let late = if submitted > due || authorised > due { self.rng.pick(ASSESSMENT_LATE).to_string() } else { String::new() };
        let submission = record(Some(submitted), Some(outcome), if submitted > due { late.clone() } else { String::new() }, self);
        let payload =
            EventPayload::AssessmentSubmitted(AssessmentSubmitted { assessment_id, child_id: self.child, assessment: submission });
        self.emit(submitted, Slot::AssessmentSubmit, payload);
        if authorised > today.min(stop) {
            return None;
        }
        let payload = EventPayload::AssessmentAuthorised(AssessmentAuthorised {
            assessment_id,
            child_id: self.child,
            authorised_on: authorised,
            late_reason: if authorised > due { late } else { String::new() },
            manager_comment: self.say(MANAGER_COMMENTS),
        });
        self.emit(authorised, Slot::AssessmentAuthorise, payload);
        Some(authorised)
    }

    /// Census factors: one to three for a child with needs, "21" alone
    /// for some assessments that closed with no further action.
    fn factors(&mut self, outcome: AssessmentOutcome) -> Vec<AssessmentFactor> {
        if outcome == AssessmentOutcome::NoFurtherAction && self.rng.chance(0.35) {
            return vec![AssessmentFactor::NoFactors];
        }
        let n = self.rng.weighted(&[(1usize, 40), (2, 40), (3, 20)]);
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            let f = self.rng.weighted(FACTORS);
            if !list.contains(&f) {
                list.push(f);
            }
        }
        list
    }

    /// A child in need plan from `from`, with reviews and visits, ending
    /// before the episode closes unless it stays open today.
    fn cin_plan(&mut self, from: NaiveDate, after_cp: bool, plan: &Plan, stop: NaiveDate, keep_open: bool, facts: &ChildFacts) {
        let today = self.today;
        if from > today || from >= stop {
            return;
        }
        let end = if keep_open {
            None
        } else {
            let wanted = match plan.closed_on {
                Some(c) if c > from + Duration::days(28) => c - Duration::days(self.rng.range(0, 3)),
                _ => from + Duration::days(self.rng.range(90, 300)),
            };
            let end = wanted.min(stop);
            // A plan no team could hold open today is not started.
            if end <= from + Duration::days(7) || end > today {
                return;
            }
            Some(end)
        };
        let plan_id = self.mint.plan();
        let every = self.rng.pick(&[20u32, 21, 25, 28, 28, 30]);
        let n = self.rng.range(1, 2) as usize;
        let actions = self.actions(n, from, (10, 30), end.unwrap_or(today));
        let slot = if after_cp { Slot::CinStartAfterCp } else { Slot::CinStart };
        let payload = EventPayload::CinPlanStarted(CinPlanStarted {
            plan_id,
            child_id: self.child,
            referral_id: self.referral_id,
            started_on: from,
            visit_every_days: every,
            review_every_months: 3,
            plan: self.say(CIN_PLANS),
            actions,
        });
        self.emit(from, slot, payload);
        let until = end.unwrap_or(today);
        // Reviews every three months.
        let mut due = add_calendar_months(from, 3);
        loop {
            let held = if self.rng.chance(0.85) {
                on_or_before(self.calendar, due - Duration::days(self.rng.range(0, 7)))
            } else {
                self.calendar.next_working_day_on_or_after(due + Duration::days(self.rng.range(5, 30)))
            };
            if held > until || held <= from {
                break;
            }
            let payload = EventPayload::CinPlanReviewed(CinPlanReviewed {
                review_id: self.mint.meeting(),
                plan_id,
                child_id: self.child,
                reviewed_on: held,
                progress: self.say(PROGRESS),
                actions: Vec::new(),
            });
            self.emit(held, Slot::CinReview, payload);
            due = add_calendar_months(held, 3);
        }
        // Visits at the plan's frequency, mostly on time; sw.demo's child
        // has one due in a couple of days.
        let demo_last = (plan.demo && end.is_none()).then(|| today - Duration::days(i64::from(every) - 2));
        let limit = demo_last.unwrap_or(until);
        let mut day = self.calendar.next_working_day_on_or_after(from + Duration::days(self.rng.range(3, 10)));
        let mut previous = from;
        while day <= limit && day <= today {
            self.visit(day, facts.age(day));
            previous = day;
            let gap =
                if self.rng.chance(0.85) { i64::from(every) - self.rng.range(0, 6) } else { i64::from(every) + self.rng.range(3, 20) };
            day = self.calendar.next_working_day_on_or_after(day + Duration::days(gap));
        }
        if let Some(l) = demo_last
            && l > previous
            && l > from
        {
            self.visit(l, facts.age(l));
        }
        if let Some(e) = end {
            let reason = if facts.eighteen().is_some_and(|b| b <= e + Duration::days(1)) {
                "{child} turned 18; support continues from adult services where needed."
            } else {
                self.rng.pick(CIN_ENDS)
            };
            self.emit(
                e,
                Slot::CinEnd,
                EventPayload::CinPlanEnded(CinPlanEnded { plan_id, child_id: self.child, ended_on: e, reason: self.text(reason) }),
            );
        }
    }

    /// Pre-proceedings for a child on an open plan: some reviewed, some
    /// past the 16 weeks with no decision (F21), some stepped down.
    fn pre_proceedings_open(&mut self, plan_start: NaiveDate) {
        let today = self.today;
        let earliest = plan_start + Duration::days(30);
        if earliest + Duration::days(14) > today {
            return;
        }
        let span = (today - earliest).num_days().min(220);
        let meeting = on_or_before(self.calendar, today - Duration::days(self.rng.range(14, span.max(15))));
        if meeting < earliest {
            return;
        }
        let started = self.calendar.next_working_day_on_or_after(meeting + Duration::days(self.rng.range(2, 10))).min(today);
        let id = self.mint.proceedings();
        let payload = EventPayload::PreProceedingsStarted(PreProceedingsStarted {
            pre_proceedings_id: id,
            child_id: self.child,
            legal_planning_meeting_on: meeting,
            started_on: started,
            concerns: self.say(PLO_CONCERNS),
        });
        self.emit(started, Slot::Plo, payload);
        let review = self.calendar.next_working_day_on_or_after(started + Duration::days(56 + self.rng.range(-5, 10)));
        if review <= today {
            let payload = EventPayload::PreProceedingsReviewed(PreProceedingsReviewed {
                review_id: self.mint.meeting(),
                pre_proceedings_id: id,
                child_id: self.child,
                reviewed_on: review,
                progress: self.text("{carer} has engaged with the parenting assessment; school attendance is up. The panel agreed to review again in eight weeks."),
                late_reason: String::new(),
            });
            self.emit(review, Slot::Plo, payload);
        }
        let limit = started + Duration::days(16 * 7);
        if limit < today && self.rng.chance(0.45) {
            let ended = (started + Duration::days(self.rng.range(84, 170))).min(today);
            let ended = if ended <= review { review.min(today) } else { ended };
            let payload = EventPayload::PreProceedingsEnded(PreProceedingsEnded {
                pre_proceedings_id: id,
                child_id: self.child,
                ended_on: ended,
                outcome: PreProceedingsOutcome::SteppedDown,
                detail: String::new(),
                late_reason: if ended > limit {
                    "The parenting assessment took longer than planned; the panel extended pre-proceedings to see it through.".to_string()
                } else {
                    String::new()
                },
            });
            self.emit(ended, Slot::Plo, payload);
        }
    }

    /// Children who came into care: some through pre-proceedings and care
    /// proceedings, some with proceedings issued straight away.
    fn proceedings_for_care(&mut self, care_on: NaiveDate, cp_end: Option<NaiveDate>, r: NaiveDate) {
        let today = self.today;
        let through_plo = cp_end.is_some() && self.rng.chance(0.5) && care_on > r + Duration::days(90);
        let direct = !through_plo && self.rng.chance(0.3);
        if !through_plo && !direct {
            return;
        }
        let mut pre: Option<ProceedingsId> = None;
        if through_plo {
            let id = self.mint.proceedings();
            let meeting = on_or_before(self.calendar, care_on - Duration::days(self.rng.range(50, 130))).max(r + Duration::days(20));
            let started = (meeting + Duration::days(self.rng.range(2, 8))).min(care_on);
            let payload = EventPayload::PreProceedingsStarted(PreProceedingsStarted {
                pre_proceedings_id: id,
                child_id: self.child,
                legal_planning_meeting_on: meeting,
                started_on: started,
                concerns: self.say(PLO_CONCERNS),
            });
            self.emit(started, Slot::Plo, payload);
            let limit = started + Duration::days(16 * 7 - 1);
            let payload = EventPayload::PreProceedingsEnded(PreProceedingsEnded {
                pre_proceedings_id: id,
                child_id: self.child,
                ended_on: care_on,
                outcome: PreProceedingsOutcome::ProceedingsIssued,
                detail: String::new(),
                late_reason: if care_on > limit {
                    "Progress stalled after the parenting assessment; the legal gateway panel decided to issue.".to_string()
                } else {
                    String::new()
                },
            });
            self.emit(care_on, Slot::Plo, payload);
            pre = Some(id);
        }
        let proceedings_id = self.mint.proceedings();
        let payload = EventPayload::ProceedingsIssued(ProceedingsIssued {
            proceedings_id,
            child_id: self.child,
            pre_proceedings_id: pre,
            issued_on: care_on,
            application: OrderApplication::CareOrder,
            court: "Hearthton Family Court".to_string(),
        });
        self.emit(care_on, Slot::Proceedings, payload);
        let concluded = care_on + Duration::days(self.rng.range(20 * 7, 40 * 7));
        if concluded <= today {
            let limit = care_on + Duration::days(26 * 7 - 1);
            let outcome = self.rng.weighted(&[
                (ProceedingsOutcome::CareOrder, 70),
                (ProceedingsOutcome::PlacementOrder, 10),
                (ProceedingsOutcome::SpecialGuardianshipOrder, 12),
                (ProceedingsOutcome::SupervisionOrder, 8),
            ]);
            let payload = EventPayload::ProceedingsConcluded(ProceedingsConcluded {
                proceedings_id,
                child_id: self.child,
                concluded_on: concluded,
                outcome,
                late_reason: if concluded > limit {
                    "Extension granted for an independent social work assessment of the maternal grandmother.".to_string()
                } else {
                    String::new()
                },
            });
            self.emit(concluded, Slot::Proceedings, payload);
        }
    }
}

const POLICE: &[(&str, &str)] = &[
    ("DC Amy Rowe", "Child abuse investigation team"),
    ("DS Mark Ellis", "Child abuse investigation team"),
    ("DC Priya Shah", "Public protection unit"),
];
const HEALTH: &[(&str, &str)] = &[
    ("Jo Barnes", "Health visitor"),
    ("Dr Helen Ward", "Named GP for safeguarding"),
    ("Sam Patel", "School nurse"),
    ("Ruth Okafor", "Safeguarding midwife"),
];
const EDUCATION: &[(&str, &str)] =
    &[("Karen Lowe", "Designated safeguarding lead"), ("Tom Hughes", "Head of year"), ("Nadia Brook", "Nursery manager")];
const CHAIRS: &[&str] = &["Margaret Ashby", "Daniel Kwame", "Louise Fenwick"];

const FACTORS: &[(AssessmentFactor, u32)] = &[
    (AssessmentFactor::DomesticViolenceParent, 30),
    (AssessmentFactor::MentalHealthParent, 28),
    (AssessmentFactor::EmotionalAbuse, 20),
    (AssessmentFactor::Neglect, 18),
    (AssessmentFactor::DrugsParent, 14),
    (AssessmentFactor::AlcoholParent, 12),
    (AssessmentFactor::MentalHealthChild, 10),
    (AssessmentFactor::PhysicalAbuseByAdult, 7),
    (AssessmentFactor::SelfHarm, 5),
    (AssessmentFactor::LearningDisabilityChild, 5),
    (AssessmentFactor::Missing, 4),
    (AssessmentFactor::CriminalExploitation, 3),
    (AssessmentFactor::SexualAbuseByAdult, 2),
    (AssessmentFactor::Other, 3),
];

const INFORMATION: &[&str] = &[
    "Home visits on three occasions; {child} seen at home and at school. {carer} described arguments with a former partner and money worries. School report attendance of 88% and that {child} is often tired. Health visitor records show missed appointments. Police hold two call-outs to the address this year.",
    "{carer} was seen at home with {child}. The house was cluttered and there was little food in the kitchen. GP confirms {carer} is being treated for depression. Nursery say {child} arrives hungry and in the same clothes several days running.",
    "Information from school, GP, police and the health visitor, and conversations with {carer} and {child}. The family have moved three times in a year. {carer} has a new partner whom agencies do not know. {child} has been late to school most days this term.",
];

const ANALYSIS: &[&str] = &[
    "{child}'s needs for consistent care are not being met when {carer}'s mental health dips, and there is no other adult to step in. The risk is cumulative rather than from a single incident: tiredness, hunger and missed health care together mean {child}'s development will suffer without help. {carer} recognises this and wants support, which is a strength to build on.",
    "The pattern of police call-outs and {child}'s account show {child} is living with conflict between adults. {carer} minimises its effect, which makes it less likely {child} is protected from it. The protective factors are school, where {child} is settled, and a grandmother who visits; they do not yet offset the risk.",
    "The concerns were not about one event but about how the household copes under pressure. {carer} has engaged well and the practical problems (housing, money) are the main drivers. With support these can change within months; without it, {child}'s school attendance and emotional wellbeing are likely to worsen.",
];

const VIEWS: &[&str] = &[
    "{child} said home is \"OK mostly\" but {child} doesn't like it when the grown-ups shout. {child} wants to keep going to the after-school club.",
    "{child} said they feel safe with {carer} and want to stay at home, and would like more time with Nan.",
    "{child} drew a picture of home with everyone in it and said the best thing is the dog and the worst thing is when there is no money for the electric.",
];

const VISIT_VIEWS: &[&str] = &[
    "{child} showed me their room and talked about school; said things at home have been calmer this week.",
    "{child} was playing happily and chatted about the weekend at Nan's. No concerns raised.",
    "{child} was quieter than usual and said they were worried about {carer}; we talked about who they can tell at school.",
    "{child} was clean, appropriately dressed and interacted warmly with {carer}.",
];

const INFORMATION_SHARED: &[&str] = &[
    "Police: two domestic incidents at the address in the last month, the latest last night with {child} present. Health: {child} missed the last two appointments. Social care: the family are known from a previous assessment.",
    "School reported {child}'s disclosure this morning of being hit by {carer}'s partner; a mark was seen on {child}'s arm. Police checks show the partner has a previous conviction for assault.",
    "Health visitor concerned about the baby's weight and the state of the home; police attended last week for a noise complaint and found the adults intoxicated.",
];

const S47_RATIONALE: &[&str] = &[
    "There is reasonable cause to suspect {child} is suffering, or likely to suffer, significant harm: a disclosure with a visible injury and an adult with a history of violence in the household.",
    "The repeated incidents with {child} present and the escalation last night meet the threshold for a section 47 enquiry.",
    "The neglect described by health and school is chronic and now affecting {child}'s health; enquiries are needed to decide whether {child} is at risk of significant harm.",
];

const NOT_S47_RATIONALE: &str = "The information shared does not give reasonable cause to suspect significant harm; {child}'s needs will be assessed with {carer} under a child and family assessment.";

const SAFETY_PLANS: &[&str] = &[
    "{carer} has agreed that the partner will not stay at the address while enquiries are made; police will carry out a welfare check tonight and school will check in with {child} each morning.",
    "{child} will stay with the maternal grandmother until the enquiry is complete; {carer} agrees to supervised contact only.",
    "{carer} agreed a written safety plan: no alcohol while caring for {child}, and the named friend will be called if {carer} cannot cope.",
];

const ICPC_PLAN_RATIONALE: &[&str] = &[
    "{child} has suffered significant harm through neglect over a long period and is likely to continue to do so without a multi-agency plan; {carer} has begun to engage but change is not yet sustained.",
    "The conference agreed {child} is at continuing risk of significant harm from living with domestic abuse; the plan will set out what must change and how agencies will know.",
];

const ICPC_NO_PLAN_RATIONALE: &str = "The concerns are real but {carer} has acted to protect {child}; the conference agreed the risk can be managed under a child in need plan.";

const REVIEW_CONTINUE_RATIONALE: &[&str] = &[
    "Some progress: home conditions are better, but the core group is not yet confident it will last. The plan continues.",
    "{carer} has not yet completed the domestic abuse programme and incidents continue; {child} remains at risk of significant harm.",
];

const REVIEW_END_RATIONALE: &str = "The changes the plan set out have been made and sustained for three months; {child} is no longer at continuing risk of significant harm.";

const ICPC_LATE: &[&str] = &[
    "The police could not attend any date within 15 working days; the conference waited so the police view could be heard.",
    "The family's solicitor asked for a short delay to attend with {carer}; agreed by the conference chair.",
    "Chair availability: two conferences were rescheduled after staff sickness.",
];

const REVIEW_LATE: &[&str] = &[
    "Rearranged at the parents' request because of a hospital appointment.",
    "The chair was off sick; the first date all agencies could attend was used.",
];

const ASSESSMENT_LATE: &[&str] = &[
    "The family moved out of the area for several weeks and could not be seen.",
    "The allocated worker left the authority and the assessment was reallocated.",
    "Information from the GP and the previous authority took over four weeks to arrive.",
    "{carer} cancelled four planned visits; the assessment was completed once {child} could be seen at school.",
];

const MANAGER_COMMENTS: &[&str] = &[
    "A clear analysis of the risks and strengths; agree the outcome.",
    "Good use of the child's own words. Agree with the plan.",
    "Authorised. The analysis links the history to the current concerns well.",
];

const CONTINGENCIES: &[&str] = &[
    "If {carer} allows the former partner back into the home, or there is a further incident, a strategy discussion will be held the same day and legal advice sought on removing {child} to a safe place.",
    "If the home conditions fall below the agreed standard again or {child} misses health appointments, a legal planning meeting will be held within five working days.",
    "If {carer} drinks while caring for {child}, the grandmother has agreed to take {child}; the social worker will convene the core group within two days.",
];

const ACTIONS: &[&str] = &[
    "Book {carer} onto the Freedom Programme and confirm attendance",
    "Health visitor to weigh {child} fortnightly and share the results with the core group",
    "School to send weekly attendance figures to the social worker",
    "Complete a parenting assessment with {carer}",
    "Refer {carer} to the adult mental health team",
    "Carry out direct work with {child} about home and feelings",
    "Arrange a family group conference with the wider family",
];

const EVIDENCE: &[&str] = &[
    "Confirmed at the core group; the referral letter is on file.",
    "Attendance figures received and shared with the core group.",
    "Report received and uploaded to {child}'s record.",
    "Seen by the social worker; session notes recorded.",
];

const PROGRESS: &[&str] = &[
    "Home conditions improved and {child}'s attendance is up to 94%. {carer} has started the parenting course.",
    "Mixed progress: {carer} missed two appointments, but {child} reports feeling happier at home.",
    "Little change since the last meeting; the core group agreed to escalate to the conference chair if there is no improvement in four weeks.",
    "Steady progress; all actions on track.",
];

const CIN_PLANS: &[&str] = &[
    "Support {carer} with routines and housing so {child} gets to school on time and fed; family support worker weekly, housing referral, and a parenting course.",
    "Help {child} with anxiety and low mood through CAMHS and a school mentor; support {carer} to manage {child}'s behaviour without conflict.",
    "Reduce the impact of past domestic abuse on {child}: direct work in school, and support for {carer} through the domestic abuse service.",
];

const CIN_ENDS: &[&str] = &[
    "The plan's outcomes were met; {carer} is managing well and the family agreed to close.",
    "Stepped down to early help for continuing family support.",
    "The family moved to another local authority; the case was transferred.",
];

const PLO_CONCERNS: &[&str] = &[
    "Chronic neglect: home conditions, missed health appointments and {child}'s school attendance must improve and be sustained.",
    "{carer} must end the relationship with the partner who has been violent, and keep {child} away from them.",
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// The events an assessment writes (by type) and the day it was
    /// authorised, for an episode open today or one that has closed.
    fn assessment_of(closes: bool) -> (Vec<&'static str>, Option<NaiveDate>) {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let today = d(2026, 5, 15);
        let calendar = Calendar::england_and_wales();
        let names = HashMap::new();
        let (mut rng, mut mint, mut out) = (Rng::new(1), IdMint::new(1), Vec::new());
        let referral_on = d(2026, 1, 28);
        let mut w = Writer {
            calendar: &calendar,
            names: &names,
            today,
            rng: &mut rng,
            mint: &mut mint,
            out: &mut out,
            child: PersonId::from_u128(1),
            referral_id: ReferralId::from_u128(1),
            name: "Amelia".into(),
            carer: "Agnieszka".into(),
            worker: None,
            opened_at: at(referral_on, 18 * 3600),
            last: referral_on,
        };
        let facts = ChildFacts {
            given: "Amelia".into(),
            dob: Some(d(2014, 2, 12)),
            expected: None,
            allocations: Vec::new(),
            cp_significant: None,
            cp_category: None,
        };
        // A slow assessment: submitted and authorised after today.
        let due = calendar.add_working_days(referral_on, 45);
        let authorised = w.assessment(
            referral_on,
            d(2026, 1, 30),
            d(2026, 5, 20),
            d(2026, 5, 22),
            due,
            AssessmentOutcome::NoFurtherAction,
            &facts,
            today,
            None,
            closes,
        );
        (out.iter().map(|e| e.payload.type_name()).collect(), authorised)
    }

    #[test]
    fn a_closed_episode_never_keeps_its_assessment_in_progress() {
        // Found in the largest authority: an episode closed after
        // assessment (RC8) whose assessment ran past today was left in
        // progress, and the census refused it (rule 8867).
        let (events, authorised) = assessment_of(true);
        assert_eq!(events, ["AssessmentStarted", "AssessmentSubmitted", "AssessmentAuthorised"]);
        assert_eq!(authorised, NaiveDate::from_ymd_opt(2026, 5, 15));
        // Still open today, the same assessment is still in progress.
        let (events, authorised) = assessment_of(false);
        assert_eq!(events, ["AssessmentStarted", "AssessmentProgressSaved"]);
        assert_eq!(authorised, None);
    }
}
