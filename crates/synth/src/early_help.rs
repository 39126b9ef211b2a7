//! Early help histories (F11), added to each household after its front-door
//! history: every contact the MASH decided as early help steps its children
//! down onto the waiting list, where most wait a few weeks (kept in touch
//! with every ten working days, not always on time) before an early help
//! worker starts, does the early help assessment and closes the episode
//! months later. A few are stepped up back to the MASH, and some of those
//! are referred to children's social care within three months of the
//! step-down: the pattern the quick re-referral flag exposes. A few
//! partners (schools, health visitors) ask for early help directly.
//!
//! The shares are estimates: early help is not collected nationally. The
//! waiting times give a small authority a waiting list of a few dozen
//! children on `today`, as the finding describes (33 families), with the
//! oldest waiting a few months.

use crate::mash::{History, Intake, Mash, Steer};
use crate::mint::IdMint;
use crate::rng::Rng;
use crate::staff::Roster;
use crate::time::{at, office_hours};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hearth_domain::calendar::Calendar;
use hearth_domain::codes::{ClosureReason, PrimaryNeed, ReferralSource, Sex};
use hearth_domain::early_help::{
    EarlyHelpClosureReason, EarlyHelpRoute, KeepingInTouchMethod, KeepingInTouchPolicy,
    is_quick_rereferral,
};
use hearth_domain::events::*;
use hearth_domain::front_door::ContactOutcome;
use hearth_domain::ids::{ContactId, EarlyHelpEpisodeId, ReferralId};
use hearth_domain::staff::{Role, TeamKind};
use hearth_domain::{NewEvent, PersonId, TeamId};
use std::collections::HashMap;

/// The authority's early help teams and the names of their workers.
pub(crate) struct Service {
    teams: Vec<(TeamId, Vec<String>)>,
    calendar: Calendar,
}

impl Service {
    pub(crate) fn from_roster(roster: &Roster) -> Service {
        let teams = roster
            .teams
            .iter()
            .filter(|t| t.kind == TeamKind::EarlyHelp)
            .map(|t| {
                let names = roster
                    .members
                    .iter()
                    .filter(|m| m.team == Some(t.id) && m.role == Role::Practitioner)
                    .map(|m| m.display_name.clone())
                    .collect();
                (t.id, names)
            })
            .collect();
        Service {
            teams,
            calendar: Calendar::england_and_wales(),
        }
    }
}

/// Days from referral to the start of work, as (from, to, weight): about
/// a third start within four weeks, most within three months, and a tenth
/// wait longer (the waiting list of finding F11).
const WAIT: &[((i64, i64), u32)] = &[
    ((7, 28), 35),
    ((28, 60), 35),
    ((60, 100), 20),
    ((100, 160), 10),
];

/// Share of started episodes stepped up to social care before they close.
const STEP_UP_SHARE: f64 = 0.07;

/// Share of households where a partner asked for early help directly in
/// the last `PARTNER_REQUEST_DAYS`: schools and health visitors are the
/// biggest source of early help requests, most of which never pass
/// through the MASH.
const PARTNER_REQUEST_SHARE: f64 = 0.25;
const PARTNER_REQUEST_DAYS: i64 = 200;

/// Share of keeping-in-touch contacts made on time; the rest are late
/// (after the due date) or, once in a while, not reached.
const ON_TIME: f64 = 0.7;

/// Share of families still waiting on `today` whose keeping-in-touch
/// contacts stopped in the last few weeks.
const LAPSED: f64 = 0.35;

const CLOSURES: &[(EarlyHelpClosureReason, u32)] = &[
    (EarlyHelpClosureReason::NeedsMet, 62),
    (EarlyHelpClosureReason::UniversalServices, 14),
    (EarlyHelpClosureReason::ConsentWithdrawn, 16),
    (EarlyHelpClosureReason::MovedAway, 8),
];

const METHODS: &[(KeepingInTouchMethod, u32)] = &[
    (KeepingInTouchMethod::PhoneCall, 58),
    (KeepingInTouchMethod::TextOrEmail, 14),
    (KeepingInTouchMethod::HomeVisit, 8),
    (KeepingInTouchMethod::Letter, 3),
    (KeepingInTouchMethod::NoReply, 17),
];

const PARTNERS: &[(&str, ReferralSource)] = &[
    ("Hearthton Primary School", ReferralSource::School),
    ("Emberfield Academy", ReferralSource::School),
    (
        "Hearthshire Health Visiting Service",
        ReferralSource::HealthVisitor,
    ),
    ("Hearthton Family Hub", ReferralSource::Other),
    ("Hearthshire School Nursing", ReferralSource::SchoolNurse),
];

const PARTNER_REASONS: &[&str] = &[
    "{child}'s attendance has fallen below 85% this term and {carer} has asked the school for help with morning routines.",
    "{carer} is struggling with {child}'s behaviour at home and has asked for parenting support.",
    "The family were recently rehoused and {carer} is finding it hard to manage; {carer} agreed to a referral to early help.",
    "{carer} has low mood since the baby was born and would like practical support at home.",
];

const NOTES: &[&str] = &[
    "{carer} says things are much the same; no new worries. Reminded {carer} how to contact the MASH if things change.",
    "Spoke about the wait; {carer} is coping and {child} is attending school. No change in risk.",
    "{carer} reports a difficult week but no incidents; signposted to the family hub drop-in meanwhile.",
    "School confirm attendance has improved a little. No safeguarding concerns raised.",
    "{carer} asked how long the wait will be; explained and agreed to a call in two weeks.",
];

const NO_REPLY_NOTES: &[&str] = &[
    "Called twice, no answer; voicemail left asking {carer} to call back.",
    "Text sent, no reply. Will try again this week.",
];

/// Why a family is stepped up, with the census primary need it shows.
const STEP_UP_REASONS: &[(&str, PrimaryNeed)] = &[
    (
        "{child} told the family support worker that {carer}'s partner hits {carer}; {child} was frightened to go home.",
        PrimaryNeed::AbuseOrNeglect,
    ),
    (
        "{child} has been missing from home overnight twice this week and was found with older young people not known to the family.",
        PrimaryNeed::SociallyUnacceptableBehaviour,
    ),
    (
        "The home conditions have deteriorated badly and {carer} is not engaging with the plan; {child} is repeatedly hungry at school.",
        PrimaryNeed::AbuseOrNeglect,
    ),
    (
        "{carer} disclosed heavy drinking and said she cannot keep {child} safe at the moment.",
        PrimaryNeed::FamilyInAcuteStress,
    ),
];

const LEAD_PARTNERS: &[(&str, &str)] = &[
    ("Sam Whitlow", "Hearthton Primary School"),
    ("Priya Marsh", "Hearthton Family Hub"),
    ("Dan Okoro", "Emberfield Academy"),
];

struct Child {
    given: String,
    sex: Sex,
    dob: Option<NaiveDate>,
}

/// Stages a new event list picks up, with the time each happens.
struct Out {
    items: Vec<(DateTime<Utc>, EventPayload)>,
}

impl Out {
    fn push(&mut self, when: DateTime<Utc>, payload: EventPayload) {
        self.items.push((when, payload));
    }
}

fn fill(template: &str, child: &str, carer: &str) -> String {
    template.replace("{child}", child).replace("{carer}", carer)
}

fn id128(rng: &mut Rng) -> u128 {
    (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64())
}

/// A day in office hours, never after `today`.
fn when(day: NaiveDate, rng: &mut Rng) -> DateTime<Utc> {
    at(day, office_hours(rng))
}

/// A children-in-need episode: opened at, closed at.
type Spell = (DateTime<Utc>, Option<DateTime<Utc>>);

/// What the household's history lets early help build on.
struct Household<'a> {
    children: HashMap<PersonId, Child>,
    carer: String,
    partner: String,
    /// (when, outcome, children) of every authorised decision.
    decisions: Vec<(DateTime<Utc>, ContactOutcome, Vec<PersonId>)>,
    /// Children allocated to an early help team, and when.
    allocated: Vec<(PersonId, TeamId, NaiveDate)>,
    /// Each child's children-in-need episodes already in the history:
    /// (opened at, closed at), so a referral added here never overlaps one.
    referrals: HashMap<PersonId, Vec<Spell>>,
    service: &'a Service,
}

/// Adds early help histories to one household's events, in time order.
pub(crate) fn add(
    events: &mut Vec<NewEvent>,
    service: &Service,
    mash: &Mash,
    mint: &mut IdMint,
    rng: &mut Rng,
    today: NaiveDate,
) {
    if service.teams.is_empty() {
        return;
    }
    let mut h = Household {
        children: HashMap::new(),
        carer: "the parent".to_string(),
        partner: "the partner".to_string(),
        decisions: Vec::new(),
        allocated: Vec::new(),
        referrals: HashMap::new(),
        service,
    };
    let mut adults = Vec::new();
    let mut rationale: HashMap<hearth_domain::ids::DecisionId, String> = HashMap::new();
    let mut opened: HashMap<ReferralId, PersonId> = HashMap::new();
    let mut cin_step_downs: Vec<(DateTime<Utc>, PersonId, ReferralId)> = Vec::new();
    let eh_teams: Vec<TeamId> = service.teams.iter().map(|(t, _)| *t).collect();
    for e in events.iter() {
        match &e.payload {
            EventPayload::ChildRecorded(c) => {
                h.children.insert(
                    c.person_id,
                    Child {
                        given: c.name.given.clone(),
                        sex: c.sex,
                        dob: c.date_of_birth,
                    },
                );
            }
            EventPayload::AdultRecorded(a) => adults.push(a.name.given.clone()),
            EventPayload::ContactDecisionProposed(p) => {
                rationale.insert(p.decision_id, p.rationale.clone());
            }
            EventPayload::ContactDecisionAuthorised(a) => {
                h.decisions
                    .push((e.occurred_at, a.outcome, a.children.clone()))
            }
            EventPayload::ChildAllocated(a) if eh_teams.contains(&a.team_id) => {
                h.allocated.push((a.child_id, a.team_id, a.from))
            }
            EventPayload::ReferralOpened(o) => {
                h.referrals
                    .entry(o.child_id)
                    .or_default()
                    .push((e.occurred_at, None));
                opened.insert(o.referral_id, o.child_id);
            }
            EventPayload::ReferralClosed(c) => {
                if let Some(last) = h.referrals.get_mut(&c.child_id).and_then(|v| v.last_mut()) {
                    last.1 = Some(e.occurred_at);
                }
                // A children-in-need episode closing with early help to follow: a step-down.
                if c.reason == ClosureReason::EarlyHelpAfterAssessment {
                    cin_step_downs.push((e.occurred_at, c.child_id, c.referral_id));
                }
            }
            _ => {}
        }
    }
    if let Some(c) = adults.first() {
        h.carer = c.clone();
    }
    if let Some(p) = adults.get(1) {
        h.partner = p.clone();
    }
    let mut out = Out { items: Vec::new() };
    // Nothing about a child comes before the family is first recorded.
    let first_day = events
        .first()
        .map(|e| e.occurred_at.date_naive())
        .unwrap_or(today);
    // When each child's current episode ends (none: still open on `today`).
    let mut open_until: HashMap<PersonId, Option<NaiveDate>> = HashMap::new();
    let mut referred_children: Vec<PersonId> = Vec::new();

    let mut steps: Vec<Referral> = Vec::new();
    for (at, child, referral) in cin_step_downs {
        if opened.get(&referral) == Some(&child) {
            let reason = "The assessment found needs that early help can meet; the children-in-need episode closed with a referral to early help.";
            steps.push(Referral {
                at,
                child,
                route: EarlyHelpRoute::StepDownFromChildInNeed,
                contact: None,
                referral_id: Some(referral),
                requested_by: None,
                reason: reason.to_string(),
            });
        }
    }
    for e in events.iter() {
        if let EventPayload::ContactDecisionAuthorised(a) = &e.payload
            && a.outcome == ContactOutcome::EarlyHelp
        {
            let reason = rationale
                .get(&a.decision_id)
                .cloned()
                .unwrap_or_else(|| "The MASH decided early help.".to_string());
            for child in &a.children {
                steps.push(Referral {
                    at: e.occurred_at,
                    child: *child,
                    route: EarlyHelpRoute::StepDownFromContact,
                    contact: Some(a.contact_id),
                    referral_id: None,
                    requested_by: None,
                    reason: reason.clone(),
                });
            }
        }
    }
    if rng.chance(PARTNER_REQUEST_SHARE) {
        let kids: Vec<PersonId> = h
            .children
            .iter()
            .filter(|(_, c)| c.dob.is_some_and(|d| (today - d).num_days() < 16 * 365))
            .map(|(id, _)| *id)
            .collect();
        let mut kids = kids;
        kids.sort();
        if !kids.is_empty() {
            let child = kids[rng.index(kids.len()) % kids.len()];
            let day = today - Duration::days(rng.range(1, PARTNER_REQUEST_DAYS));
            let (partner, _) = PARTNERS[rng.index(PARTNERS.len()) % PARTNERS.len()];
            let name = h
                .children
                .get(&child)
                .map(|c| c.given.clone())
                .unwrap_or_default();
            let reason = fill(rng.pick(PARTNER_REASONS), &name, &h.carer);
            if day > first_day
                && h.children
                    .get(&child)
                    .and_then(|c| c.dob)
                    .is_some_and(|d| d < day)
            {
                steps.push(Referral {
                    at: when(day, rng),
                    child,
                    route: EarlyHelpRoute::PartnerRequest,
                    contact: None,
                    referral_id: None,
                    requested_by: Some(partner.to_string()),
                    reason,
                });
            }
        }
    }
    steps.sort_by_key(|r| (r.at, r.child));

    for r in steps {
        let child = r.child;
        if let Some(until) = open_until.get(&child)
            && until.is_none_or(|u| u >= r.at.date_naive())
        {
            continue;
        }
        let end = episode(
            &mut h,
            &mut out,
            mash,
            mint,
            rng,
            today,
            r,
            &mut referred_children,
        );
        open_until.insert(child, end);
    }

    if out.items.is_empty() {
        return;
    }
    events.extend(out.items.into_iter().map(|(t, p)| NewEvent::new(p, t)));
    // Stable: events at the same moment keep their order, the added ones after.
    events.sort_by_key(|e| e.occurred_at);
}

struct Referral {
    at: DateTime<Utc>,
    child: PersonId,
    route: EarlyHelpRoute,
    contact: Option<ContactId>,
    referral_id: Option<ReferralId>,
    requested_by: Option<String>,
    reason: String,
}

/// One episode's events; returns the day it ended, or none if still open.
#[allow(clippy::too_many_arguments)]
fn episode(
    h: &mut Household<'_>,
    out: &mut Out,
    mash: &Mash,
    mint: &mut IdMint,
    rng: &mut Rng,
    today: NaiveDate,
    r: Referral,
    referred_children: &mut Vec<PersonId>,
) -> Option<NaiveDate> {
    let episode_id = EarlyHelpEpisodeId::from_u128(id128(rng));
    let child = r.child;
    let referred_on = r.at.date_naive();
    let name = h
        .children
        .get(&child)
        .map(|c| c.given.clone())
        .unwrap_or_else(|| "the baby".to_string());
    out.push(
        r.at,
        EventPayload::EarlyHelpReferred(EarlyHelpReferred {
            episode_id,
            child_id: child,
            route: r.route,
            contact_id: r.contact,
            referral_id: r.referral_id,
            requested_by: r.requested_by,
            reason: r.reason,
            referred_on,
        }),
    );
    // A referral to social care through the MASH later ends the episode.
    let cut = h
        .decisions
        .iter()
        .filter(|(t, o, kids)| {
            *t > r.at
                && matches!(
                    o,
                    ContactOutcome::Referral | ContactOutcome::StrategyDiscussion
                )
                && kids.contains(&child)
        })
        .map(|(t, ..)| *t)
        .next();
    // The last day anything else happens on the episode: the day before a
    // referral that ends it, so it all comes before the closure.
    let limit = cut.map_or(today, |c| (c.date_naive() - Duration::days(1)).min(today));

    // Work starts: when the family's early help team took them on, or after a wait.
    let allocated = h
        .allocated
        .iter()
        .find(|(c, _, from)| *c == child && *from >= referred_on)
        .copied();
    let (start, team, stays_open) = match allocated {
        Some((_, team, from)) => (from, team, true),
        None => {
            let (lo, hi) = rng.weighted(WAIT);
            let team = h.service.teams[rng.index(h.service.teams.len()) % h.service.teams.len()].0;
            (referred_on + Duration::days(rng.range(lo, hi)), team, false)
        }
    };

    // Keeping in touch while waiting.
    let policy = KeepingInTouchPolicy::default();
    let waiting_until = start.min(limit + Duration::days(1));
    let mut reached: Option<NaiveDate> = None;
    let mut attempt_from: Option<NaiveDate> = None;
    // Some families on the list today have slipped: nobody has called for
    // a while and their contact is overdue, which is what the list exists
    // to show.
    let lapses = rng.chance(LAPSED);
    let lapse_from = today - Duration::days(rng.range(5, 20));
    for _ in 0..80 {
        let due = policy.next_due(referred_on, reached, &h.service.calendar);
        let mut day = if rng.chance(ON_TIME) {
            due - Duration::days(rng.range(0, 2))
        } else {
            due + Duration::days(rng.range(3, 15))
        };
        if let Some(after) = attempt_from {
            day = day.max(after);
        }
        day = day.max(referred_on + Duration::days(1));
        if day >= waiting_until || day > today || (lapses && start > today && day >= lapse_from) {
            break;
        }
        let method = rng.weighted(METHODS);
        let note = if method.reached_the_family() {
            rng.pick(NOTES)
        } else {
            rng.pick(NO_REPLY_NOTES)
        };
        out.push(
            when(day, rng),
            EventPayload::EarlyHelpKeptInTouch(EarlyHelpKeptInTouch {
                episode_id,
                child_id: child,
                contacted_on: day,
                method,
                spoke_with: method.reached_the_family().then(|| h.carer.clone()),
                note: fill(note, &name, &h.carer),
            }),
        );
        if method.reached_the_family() {
            reached = Some(day);
            attempt_from = None;
        } else {
            attempt_from = Some(day + Duration::days(rng.range(1, 4)));
        }
    }

    let close =
        |out: &mut Out, at: DateTime<Utc>, reason: EarlyHelpClosureReason, note: Option<String>| {
            let day = at.date_naive();
            out.push(
                at,
                EventPayload::EarlyHelpClosed(EarlyHelpClosed {
                    episode_id,
                    child_id: child,
                    closed_on: day,
                    reason,
                    note,
                }),
            );
        };
    let by_mash = || Some("Referred to children's social care through the MASH.".to_string());
    if start > limit {
        // Still waiting on `today`, or referred to social care while waiting.
        return match cut {
            Some(c) if c.date_naive() <= today => {
                close(out, c, EarlyHelpClosureReason::Other, by_mash());
                Some(c.date_naive())
            }
            _ => None,
        };
    }

    let (lead, organisation, team_id) = if stays_open || rng.chance(0.8) {
        let names = h
            .service
            .teams
            .iter()
            .find(|(t, _)| *t == team)
            .map(|(_, n)| n.as_slice())
            .unwrap_or(&[]);
        let lead = if names.is_empty() {
            "Duty early help worker".to_string()
        } else {
            names[rng.index(names.len()) % names.len()].clone()
        };
        (
            lead,
            "Hearthshire Early Help Service".to_string(),
            Some(team),
        )
    } else {
        let (lead, org) = LEAD_PARTNERS[rng.index(LEAD_PARTNERS.len()) % LEAD_PARTNERS.len()];
        (lead.to_string(), org.to_string(), None)
    };
    out.push(
        when(start, rng),
        EventPayload::EarlyHelpStarted(EarlyHelpStarted {
            episode_id,
            child_id: child,
            started_on: start,
            lead_professional: lead,
            organisation: organisation.clone(),
            team_id,
        }),
    );
    // Whether (and when) the child is stepped up; nothing else on the episode after it.
    let step_up = start + Duration::days(rng.range(10, 80));
    let stepping_up = !stays_open && rng.chance(STEP_UP_SHARE) && step_up <= limit;
    let work_until = if stepping_up {
        step_up - Duration::days(1)
    } else {
        limit
    };
    let assessed = start + Duration::days(rng.range(0, 10));
    if assessed <= work_until {
        out.push(
            when(assessed, rng),
            EventPayload::EarlyHelpAssessmentStarted(EarlyHelpAssessmentStarted {
                episode_id,
                child_id: child,
                started_on: assessed,
            }),
        );
        let completed = assessed + Duration::days(rng.range(10, 40));
        if completed <= work_until {
            out.push(
                when(completed, rng),
                EventPayload::EarlyHelpAssessmentCompleted(EarlyHelpAssessmentCompleted {
                    episode_id,
                    child_id: child,
                    completed_on: completed,
                    organisation,
                }),
            );
        }
    }

    // Stepped up: a new contact to the MASH, screened there.
    if stepping_up {
        let contact_id = mint.contact();
        let up_at = when(step_up, rng);
        let (reason, need) = rng.pick(STEP_UP_REASONS);
        let concern = fill(reason, &name, &h.carer);
        out.push(
            up_at,
            EventPayload::ContactReceived(ContactReceived {
                contact_id,
                children: vec![child],
                received_at: up_at,
                source: ReferralSource::EarlyHelp,
                concern: concern.clone(),
                referrer_name: None,
                referrer_organisation: Some("Hearthshire Early Help Service".to_string()),
                chain_start: None,
            }),
        );
        out.push(
            up_at,
            EventPayload::EarlyHelpSteppedUp(EarlyHelpSteppedUp {
                episode_id,
                child_id: child,
                contact_id,
                stepped_up_on: step_up,
                reason: concern.clone(),
            }),
        );
        let (names, sexes) = match h.children.get(&child) {
            Some(c) => (vec![c.given.clone()], vec![c.sex]),
            None => (vec![name.clone()], vec![Sex::Unknown]),
        };
        let age = h
            .children
            .get(&child)
            .and_then(|c| c.dob)
            .map_or(0, |d| ((step_up - d).num_days() / 365).max(0) as u32);
        let steer = if rng.chance(0.75) {
            Steer::Outcome(ContactOutcome::Referral)
        } else {
            Steer::Free
        };
        let intake = Intake {
            contact_id,
            children: &[child],
            names: &names,
            sexes: &sexes,
            oldest_age: age,
            received_at: up_at,
            source: ReferralSource::EarlyHelp,
            concern: &concern,
            carer: &h.carer,
            partner: &h.partner,
            history: History::default(),
            steer,
            must_close: false,
        };
        let end = crate::time::end_of(today);
        let screened = crate::mash::screen(&intake, mash, mint, rng, end);
        for (t, p) in screened.events {
            out.push(t.min(end), p);
        }
        // Referred again soon after the step-down: flagged (F11).
        if let (Some(closed), Some(ContactOutcome::Referral | ContactOutcome::StrategyDiscussion)) =
            (screened.closed_at, screened.outcome)
        {
            let date = closed.date_naive();
            let known = h.referrals.get(&child).map(Vec::as_slice).unwrap_or(&[]);
            let open_then = known
                .iter()
                .any(|(o, c)| *o <= closed && c.is_none_or(|c| c > closed));
            let next = known.iter().map(|(o, _)| *o).filter(|o| *o > closed).min();
            let planned = date + Duration::days(rng.range(30, 120));
            // Closed before the history's next referral for the child, which must find it closed.
            let closed_on =
                next.map_or(planned, |n| planned.min(n.date_naive() - Duration::days(1)));
            if !open_then
                && closed_on > date
                && !referred_children.contains(&child)
                && is_quick_rereferral(referred_on, date)
                && r.route.is_step_down()
            {
                referred_children.push(child);
                let referral_id = ReferralId::from_u128(id128(rng));
                out.push(
                    closed,
                    EventPayload::ReferralOpened(ReferralOpened {
                        referral_id,
                        child_id: child,
                        contact_id: Some(contact_id),
                        referral_date: date,
                        source: ReferralSource::EarlyHelp,
                    }),
                );
                // Early help's own assessment already shows the need, so it
                // is recorded with the referral: the census needs it while
                // the referral is open (rule 8610).
                out.push(
                    closed,
                    EventPayload::PrimaryNeedRecorded(PrimaryNeedRecorded {
                        referral_id,
                        child_id: child,
                        primary_need: need,
                    }),
                );
                if closed_on <= today {
                    let reason = if rng.chance(0.6) {
                        ClosureReason::ServicesCeased
                    } else {
                        ClosureReason::NoFurtherActionAfterAssessment
                    };
                    out.push(
                        when(closed_on, rng),
                        EventPayload::ReferralClosed(ReferralClosed {
                            referral_id,
                            child_id: child,
                            closed_on,
                            reason,
                        }),
                    );
                }
            }
        }
        return Some(step_up);
    }

    if stays_open {
        return None;
    }
    let natural = start + Duration::days(rng.range(60, 240));
    match cut {
        Some(c) if c.date_naive() < natural && c.date_naive() <= today => {
            close(out, c, EarlyHelpClosureReason::Other, by_mash());
            Some(c.date_naive())
        }
        _ if natural <= today => {
            let reason = rng.weighted(CLOSURES);
            let at = when(natural, rng);
            close(out, at, reason, None);
            Some(natural)
        }
        _ => None,
    }
}
