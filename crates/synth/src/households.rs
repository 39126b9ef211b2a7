//! One family's whole history: who they are, every contact about the
//! children, and where their journey through the service stands today.
//!
//! A household is generated in three steps. First its journey (`journeys`)
//! and the dates that journey needs (referral, end of assessment, coming
//! into care). Then its contacts over the years, and the family itself,
//! aged so the children are 0–17 at the first contact. Then the events, in
//! the order a worker would record them: people, family and relationships
//! at the first contact, then contacts, births, moves, allocations and
//! significant events as they happen.
//!
//! Each contact goes through the front door as it arrives (`mash`): rated,
//! assigned, checked, decided and authorised, so later contacts see the
//! earlier ones' outcomes in their rationale and join their chains (F1).
//! The contact that opened the family's current involvement is decided as
//! a referral (early help for an early help family), contacts while the
//! case is open as "already open", and a few contacts are closed with no
//! further action within hours and followed by another about the same
//! child days later, the pattern chains exist to expose.

use crate::caseloads::Caseloads;
use crate::contacts::{self, ContactScene, PRE_BIRTH_SOURCES, SOURCES};
use crate::journeys::{JOURNEYS, Journey};
use crate::mash::{self, History, Mash, Steer};
use crate::mint::{IdMint, NhsNumbers, Upns};
use crate::names::{ETHNICITY, Heritage, adult_given, child_given, family_name, heritages, name};
use crate::places;
use crate::rng::{Rng, mix};
use crate::significant::{self, CARE_LEAVER, CP_CATEGORIES, CP_PLAN, INTO_CARE, LEGAL_ROUTES, Significant};
use crate::text::{Vars, fill};
use crate::time::{add_years, age, at, days, end_of, office_hours, sub_years, working_day};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use hearth_domain::codes::{Disability, Ethnicity, ReferralSource, Sex};
use hearth_domain::events::{
    AddressRecorded, AdultRecorded, ChildAllocated, ChildRecorded, ContactReceived, EventPayload, FamilyRecorded,
    PersonDetailsChanged, RelationshipRecorded, SignificantEventRecorded,
};
use hearth_domain::calendar::Calendar;
use hearth_domain::front_door::{ChainLink, ContactOutcome, chain_for};
use hearth_domain::ids::ContactId;
use hearth_domain::people::{Address, NhsNumber, RelationshipKind, Upn};
use hearth_domain::staff::TeamKind;
use hearth_domain::{NewEvent, PersonId, TeamId, UserId};

/// The generator's shared state that a household draws on.
pub(crate) struct Context<'a> {
    /// See `queue_intake_rate`.
    pub queue_intake_rate: f64,
    pub(crate) today: NaiveDate,
    /// Five years before `today`: the start of the history.
    pub(crate) window_start: NaiveDate,
    pub(crate) caseloads: &'a mut Caseloads,
    pub(crate) mint: &'a mut IdMint,
    pub(crate) nhs: &'a mut NhsNumbers,
    pub(crate) upns: &'a mut Upns,
    pub(crate) mash: &'a Mash,
    /// How many of sw.demo's families came before this one: the first two
    /// are set up so every work list has something due (`protection`).
    pub(crate) demo_nth: u32,
}

/// Share of households first known through a pre-birth concern. With about
/// two children a household this makes ~2% of children unborn when first
/// recorded: pre-birth referrals are a small but steady part of the work
/// (an estimate; scale.md has no national figure).
const PRE_BIRTH_SHARE: f64 = 0.04;

/// Children per household, per hundred: most families known to children's
/// services have one or two children, a quarter three or more.
const CHILDREN: &[(usize, u32)] = &[(1, 38), (2, 30), (3, 19), (4, 13)];

/// Age in years of the youngest child at the first contact, as (from, to,
/// weight). Referrals peak in infancy and again in the early teens; the
/// shape (not the exact shares) follows the CIN census age breakdown, where
/// 10–15-year-olds are the largest group of children in need.
const YOUNGEST_AGE: &[((u32, u32), u32)] =
    &[((0, 0), 14), ((1, 4), 28), ((5, 9), 25), ((10, 13), 20), ((14, 15), 8), ((16, 17), 5)];

/// How a contact history runs: contacts arrive at random (a Poisson
/// process) at a rate per year, while the family is known, for a span of
/// months drawn around a mean. A minority of families generate most
/// contacts (repeat police domestic-abuse notifications), which is why
/// contacts run at 3–5 per referral. (contacts a year, mean months known),
/// weight.
const INTENSITY: &[((f64, f64), u32)] = &[((1.0, 6.0), 35), ((3.0, 15.0), 33), ((7.5, 28.0), 20), ((15.0, 40.0), 12)];

/// Contacts about a family with an open case, as a share of the rate
/// before it opened.
const OPEN_CASE_CONTACTS: f64 = 0.25;

/// Contacts about a family whose involvement has ended, as a share of the
/// rate: every open family today is balanced by closed families that were
/// as busy in earlier years, so contacts stay level over the history
/// instead of piling up before `today`.
const CLOSED_CONTACTS: f64 = 1.6;

/// Closed families first became known up to this many years before the
/// history starts; their contacts before it are not in the record.
const KNOWN_BEFORE_YEARS: i64 = 6;

/// One in ten households moves within the authority during the history.
const MOVE_SHARE: f64 = 0.10;

/// The front door's random stream within a household.
const FRONT_DOOR_STREAM: u64 = 0xF0_D0;

/// A contact within this many days of the closing of one about the same
/// child joins its chain (F1); the web screens use the same window.
const CHAIN_WINDOW_DAYS: i64 = 30;

/// Share of contacts closed with no further action within hours and
/// followed by a new contact about the same child 1–10 days later: the
/// pattern finding F1 describes, which chains exist to expose.
const GAMING_SHARE: f64 = 0.03;

/// The gaming pattern needs room for the follow-up before `today`.
const GAMING_LEAD_DAYS: i64 = 12;

/// Chance that a household has a contact in the last fortnight beyond its
/// usual rate, so the MASH queue at `today` has work: with the share left
/// open (`mash::open_chance`) this keeps roughly 40–60 contacts open at the
/// small size, and as many per household at every size. It is far above
/// the history's rate (a small authority's 150 households make about one
/// contact a day), so the last days are busier than any before them.
const QUEUE_INTAKE: f64 = 0.6;

/// The extra recent contacts are capped at about this many over the whole
/// authority: enough for a small demo's queue to look like a working
/// morning, while a large authority's own volume fills its queue.
const QUEUE_INTAKE_CAP: f64 = 85.0;

/// How many days before `today` an extra recent contact came in, weighted
/// towards the last few days (most of those are still open) and tailing off
/// over a fortnight, so the dashboard's contacts per day rise gently rather
/// than jumping on the last weekend.
const INTAKE_DAYS: &[(i64, u32)] =
    &[(0, 26), (1, 18), (2, 14), (3, 10), (4, 8), (5, 7), (6, 5), (7, 4), (8, 3), (9, 3), (10, 2)];

/// The chance a household gets an extra recent contact.
pub(crate) fn queue_intake_rate(households: u64) -> f64 {
    (QUEUE_INTAKE_CAP / households.max(1) as f64).min(QUEUE_INTAKE)
}

/// About one child in twelve known to the service has a recorded
/// disability (an estimate in line with the CIN census, where most
/// children are recorded with none).
const DISABILITY_SHARE: f64 = 0.08;
const DISABILITIES: &[(Disability, u32)] = &[
    (Disability::Learning, 25),
    (Disability::Autism, 25),
    (Disability::Communication, 15),
    (Disability::Behaviour, 12),
    (Disability::Mobility, 6),
    (Disability::HandFunction, 2),
    (Disability::PersonalCare, 3),
    (Disability::Incontinence, 2),
    (Disability::Hearing, 3),
    (Disability::Vision, 3),
    (Disability::Consciousness, 2),
    (Disability::Other, 8),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    MotherAndFather,
    MotherOnly,
    MotherAbsentFather,
    MotherAndPartner,
    FatherOnly,
    Grandparent,
}

/// Who a child lives with, per hundred households.
const SHAPES: &[(Shape, u32)] = &[
    (Shape::MotherAndFather, 38),
    (Shape::MotherOnly, 25),
    (Shape::MotherAbsentFather, 17),
    (Shape::MotherAndPartner, 12),
    (Shape::FatherOnly, 5),
    (Shape::Grandparent, 3),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AdultRole {
    Mother,
    Father,
    Partner,
    Grandparent,
}

struct Adult {
    id: PersonId,
    given: String,
    family: String,
    female: bool,
    dob: NaiveDate,
    role: AdultRole,
    lives_with: bool,
    address: Option<Address>,
}

struct Child {
    id: PersonId,
    given: String,
    family: String,
    sex: Sex,
    dob: NaiveDate,
    /// Recorded before birth, with an expected date of delivery.
    edd: Option<NaiveDate>,
    disabilities: Vec<Disability>,
    nhs: Option<NhsNumber>,
    upn: Option<Upn>,
    /// The youngest child of a mother and her new partner.
    partners_child: bool,
}

impl Child {
    fn born_by(&self, day: NaiveDate) -> bool {
        self.dob <= day
    }
    fn under_18_on(&self, day: NaiveDate) -> bool {
        age(self.dob, day).is_none_or(|a| a < 18)
    }
    fn age_on(&self, day: NaiveDate) -> u32 {
        age(self.dob, day).unwrap_or(0)
    }
}

/// Dates of the open involvement at `today`.
#[derive(Default)]
struct Episode {
    /// The contact that became the current referral.
    referral: Option<NaiveDate>,
    /// Assessment ended; the case moved to its long-term team.
    transfer: Option<NaiveDate>,
    /// Came into care.
    care: Option<NaiveDate>,
}

/// Events with the time they occurred and the order they were made, so
/// events at the same moment keep a sensible order (people before the
/// contact about them).
struct Log {
    items: Vec<(DateTime<Utc>, usize, EventPayload)>,
    floor: DateTime<Utc>,
    ceiling: DateTime<Utc>,
}

impl Log {
    /// Records at `when`, kept between the first record of the family and
    /// the end of `today`.
    fn push(&mut self, when: DateTime<Utc>, payload: EventPayload) {
        let when = when.max(self.floor).min(self.ceiling);
        let n = self.items.len();
        self.items.push((when, n, payload));
    }

    fn finish(mut self) -> Vec<NewEvent> {
        self.items.sort_by_key(|(when, n, _)| (*when, *n));
        self.items.into_iter().map(|(when, _, payload)| NewEvent::new(payload, when)).collect()
    }
}

/// A contact as planned before the family exists.
struct PlannedContact {
    day: NaiveDate,
    source: ReferralSource,
}

/// Whether a household helps make the demo accounts' "My work" believable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Demo {
    /// An ordinary household.
    No,
    /// A CIN/CP family for sw.demo, with at most this many children.
    Worker(u32),
    /// A CIN/CP family for one of sw.demo's colleagues, so tm.demo's team
    /// holds more than sw.demo alone.
    Team,
}

/// One household's events.
pub(crate) fn generate(ctx: &mut Context<'_>, rng: &mut Rng, demo: Demo) -> Vec<NewEvent> {
    let today = ctx.today;
    let w = ctx.window_start;
    // sw.demo's first family is on a child protection plan and the second
    // was referred about four months ago, its assessment not yet authorised.
    let demo_first = matches!(demo, Demo::Worker(_)) && ctx.demo_nth == 0;
    let demo_second = matches!(demo, Demo::Worker(_)) && ctx.demo_nth == 1;
    let mut journey = match demo {
        _ if demo_first => Journey::ChildProtection,
        _ if demo_second => Journey::ChildInNeed,
        Demo::Worker(_) | Demo::Team if rng.chance(0.3) => Journey::ChildProtection,
        Demo::Worker(_) | Demo::Team => Journey::ChildInNeed,
        Demo::No => rng.weighted(JOURNEYS),
    };

    // 1. The journey's dates, counted back from today.
    let mut episode = Episode::default();
    let mut care_leaver_dob = None;
    match journey {
        Journey::Closed => {}
        Journey::EarlyHelp => episode.referral = Some(today - days(rng.range(20, 300))),
        Journey::Assessment => episode.referral = Some(today - days(rng.range(2, 75))),
        Journey::ChildInNeed | Journey::ChildProtection => {
            // Assessments take a median 33 working days (≈ 46 calendar days);
            // an ICPC follows a strategy discussion within 15 working days.
            let length = if journey == Journey::ChildProtection { rng.range(18, 42) } else { rng.range(14, 63) };
            let mut s = today - days(length + rng.range(14, 560));
            if demo_first {
                s = today - days(length + rng.range(120, 300));
            } else if demo_second {
                s = today - days(rng.range(95, 115)) - days(length.min(40));
            }
            episode.referral = Some(s);
            episode.transfer = Some(s + days(length));
        }
        Journey::InCare => {
            let s = today - days(rng.range(100, 1_700));
            let t = s + days(rng.range(14, 63));
            let room = (today - days(3) - t).num_days().clamp(0, 500);
            episode.referral = Some(s);
            episode.transfer = Some(t);
            episode.care = Some(t + days(rng.range(0, room)));
        }
        Journey::CareLeaver => {
            // Came into care aged 14–17 and has since turned 18.
            let c = today - days(rng.range(220, 1_500));
            let in_care_days = (today - c).num_days();
            let youngest_at_entry = (18 * 365 + 10 - in_care_days).max(14 * 365);
            let age_at_entry = rng.range(youngest_at_entry, 17 * 365 + 300);
            care_leaver_dob = Some(c - days(age_at_entry));
            let t = c - days(rng.range(0, 200));
            episode.referral = Some(t - days(rng.range(14, 63)));
            episode.transfer = Some(t);
            episode.care = Some(c);
        }
    }
    if let Some(s) = episode.referral {
        episode.referral = Some(working_day(s.max(w), today));
    }

    // 2. Contacts: days and sources, before the family exists.
    let (per_year, mean_months) = rng.weighted(INTENSITY);
    let mean_span = mean_months * 30.4;
    let mut contact_days = Vec::new();
    match episode.referral {
        None => {
            // A family known for a while at any time around the history;
            // only those with a contact inside it are generated.
            for _ in 0..8 {
                let first = w - days(365 * KNOWN_BEFORE_YEARS)
                    + days(rng.range(0, (today - w).num_days() + 365 * KNOWN_BEFORE_YEARS));
                let last = (first + days(rng.exponential(mean_span) as i64)).min(today);
                contact_days.push(first);
                contact_days.extend(arrivals(rng, first, last, per_year * CLOSED_CONTACTS));
                contact_days.retain(|d| *d >= w && *d <= today);
                if !contact_days.is_empty() {
                    break;
                }
            }
        }
        Some(s) => {
            // Families with open cases have usually been known for a while.
            // Once the case is open, most new concerns go straight to the
            // allocated worker rather than through the front door.
            let first = s - days(rng.exponential(mean_span * 1.6) as i64);
            contact_days.push(s);
            contact_days.push(first);
            contact_days.extend(arrivals(rng, first, s, per_year));
            contact_days.extend(arrivals(rng, s, today, per_year * OPEN_CASE_CONTACTS));
        }
    }
    contact_days.retain(|d| *d >= w && *d <= today);
    if contact_days.is_empty() {
        contact_days.push(w + days(rng.range(0, (today - w).num_days())));
    }
    contact_days.sort();
    let first_day = contact_days.first().copied().unwrap_or(today);

    // 3. The family, aged to the first contact.
    let ethnicity = rng.weighted(ETHNICITY);
    let (mother_side, father_side) = heritages(ethnicity, rng);
    let pre_birth = care_leaver_dob.is_none() && rng.chance(PRE_BIRTH_SHARE);
    let mut wanted = rng.weighted(CHILDREN);
    if let Demo::Worker(room) = demo {
        wanted = wanted.min(room.max(1) as usize);
    }
    let open = journey != Journey::Closed;
    let dobs = child_dobs(rng, first_day, today, wanted, pre_birth, care_leaver_dob, open);
    let has_unborn = dobs.iter().any(|d| *d > first_day);
    let mut shape = rng.weighted(SHAPES);
    if has_unborn && matches!(shape, Shape::FatherOnly | Shape::Grandparent) {
        shape = Shape::MotherOnly;
    }
    let home = places::address(rng);
    let home_street = home
        .line2
        .clone()
        .unwrap_or_else(|| home.line1.split_once(' ').map_or(home.line1.clone(), |(_, s)| s.to_string()));
    let home_town = home.town.clone();
    let eldest = dobs.first().copied().unwrap_or(first_day);
    let youngest = dobs.last().copied().unwrap_or(first_day);
    let mut adults = adults(ctx.mint, rng, shape, eldest, youngest, mother_side, father_side, &home);
    let father_surname = adults.iter().find(|a| a.role == AdultRole::Father).map(|a| a.family.clone());
    let mother_surname =
        adults.iter().find(|a| a.role != AdultRole::Father && a.role != AdultRole::Partner).map(|a| a.family.clone());
    let surname = match (&father_surname, &mother_surname) {
        (Some(f), _) if shape == Shape::FatherOnly || rng.chance(0.75) => f.clone(),
        (_, Some(m)) => m.clone(),
        (Some(f), None) => f.clone(),
        (None, None) => family_name(mother_side, rng),
    };
    if shape == Shape::MotherAndFather && rng.chance(0.55) {
        for a in adults.iter_mut().filter(|a| a.role == AdultRole::Mother) {
            a.family = surname.clone();
        }
    }
    let partner_surname = adults.iter().find(|a| a.role == AdultRole::Partner).map(|a| a.family.clone());
    let mut children: Vec<Child> = Vec::with_capacity(dobs.len());
    for (i, dob) in dobs.iter().enumerate() {
        let partners_child =
            shape == Shape::MotherAndPartner && dobs.len() >= 2 && i == dobs.len() - 1 && rng.chance(0.5);
        let unborn = *dob > first_day;
        let sex = if unborn {
            if rng.chance(0.5) { Sex::Male } else { Sex::Female }
        } else {
            rng.weighted(&[(Sex::Male, 494), (Sex::Female, 494), (Sex::Unknown, 12)])
        };
        let heritage = if rng.chance(0.5) { mother_side } else { father_side };
        let mut given = child_given(heritage, sex, rng);
        for _ in 0..6 {
            if children.iter().all(|c| c.given != given) {
                break;
            }
            given = child_given(heritage, sex, rng);
        }
        let family = match (&partner_surname, partners_child) {
            (Some(p), true) => p.clone(),
            _ => surname.clone(),
        };
        let edd =
            unborn.then(|| if *dob > today { *dob + days(rng.range(0, 14)) } else { *dob + days(rng.range(-14, 14)) });
        let disabilities = if unborn {
            Vec::new()
        } else if age(*dob, first_day).unwrap_or(0) >= 1 && rng.chance(DISABILITY_SHARE) {
            let first = rng.weighted(DISABILITIES);
            let second = rng.weighted(DISABILITIES);
            if rng.chance(0.3) && second != first { vec![first, second] } else { vec![first] }
        } else {
            vec![Disability::None]
        };
        let nhs = if !unborn && rng.chance(0.96) { ctx.nhs.next() } else { None };
        let upn = if !unborn && age(*dob, first_day).unwrap_or(0) >= 5 && rng.chance(0.88) {
            ctx.upns.next(dob.year() + 5)
        } else {
            None
        };
        children.push(Child {
            id: ctx.mint.person(),
            given,
            family,
            sex,
            dob: *dob,
            edd,
            disabilities,
            nhs,
            upn,
            partners_child,
        });
    }

    // 4. Each contact's source, day and time, now the children are known.
    let unborn_child = children.iter().position(|c| c.edd.is_some());
    let mut planned = Vec::with_capacity(contact_days.len());
    for (k, day) in contact_days.iter().enumerate() {
        let before_birth = unborn_child.is_some_and(|u| !children[u].born_by(*day));
        let source = if before_birth && (k == 0 || rng.chance(0.3)) {
            rng.weighted(PRE_BIRTH_SOURCES)
        } else {
            rng.weighted(SOURCES)
        };
        let day = if contacts::weekday_only(source) { working_day(*day, today) } else { *day };
        planned.push(PlannedContact { day, source });
    }
    let mut contact_times: Vec<(DateTime<Utc>, ReferralSource)> =
        planned.iter().map(|p| (at(p.day, contacts::time_of_day(p.source, rng)), p.source)).collect();
    contact_times.sort_by_key(|(t, _)| *t);
    let first_at = contact_times.first().map_or(at(first_day, 43_200), |(t, _)| *t);

    let mut log = Log { items: Vec::new(), floor: first_at, ceiling: end_of(today) };
    let family_id = ctx.mint.family();

    // 5. The people, the family and how they are related, at the first contact.
    for c in &children {
        let unborn = c.edd.is_some();
        log.push(
            first_at,
            EventPayload::ChildRecorded(ChildRecorded {
                person_id: c.id,
                name: name(if unborn { "Unborn".to_string() } else { c.given.clone() }, c.family.clone()),
                date_of_birth: (!unborn).then_some(c.dob),
                expected_date_of_birth: c.edd,
                sex: if unborn { Sex::Unknown } else { c.sex },
                ethnicity: Some(if unborn && rng.chance(0.5) { Ethnicity::NotYetObtained } else { ethnicity }),
                disabilities: c.disabilities.clone(),
                upn: c.upn.clone(),
                nhs_number: c.nhs.clone(),
                address: Some(home.clone()),
                team_id: None,
            }),
        );
    }
    for a in &adults {
        log.push(
            first_at,
            EventPayload::AdultRecorded(AdultRecorded {
                person_id: a.id,
                name: name(a.given.clone(), a.family.clone()),
                date_of_birth: Some(a.dob),
                sex: Some(if a.female { Sex::Female } else { Sex::Male }),
                address: a.address.clone(),
            }),
        );
    }
    let mut members: Vec<PersonId> = adults.iter().map(|a| a.id).collect();
    members.extend(children.iter().map(|c| c.id));
    log.push(
        first_at,
        EventPayload::FamilyRecorded(FamilyRecorded { family_id, label: format!("{surname} family"), members }),
    );
    for rel in relationships(rng, &children, &adults) {
        log.push(first_at, EventPayload::RelationshipRecorded(rel));
    }

    // 6. Contacts, each with the MASH's work on it (rating, checks,
    // decision), and the chains of contacts reopened soon after closing.
    let carer = adults
        .iter()
        .find(|a| a.lives_with && a.role != AdultRole::Partner)
        .or(adults.first())
        .map_or_else(|| "the parent".to_string(), |a| a.given.clone());
    let partner = adults
        .iter()
        .find(|a| matches!(a.role, AdultRole::Partner) || (a.role == AdultRole::Father && shape != Shape::FatherOnly))
        .map_or_else(|| "a former partner".to_string(), |a| a.given.clone());
    let move_day =
        (matches!(journey, Journey::Closed | Journey::EarlyHelp | Journey::Assessment | Journey::ChildInNeed)
            && rng.chance(MOVE_SHARE)
            && (today - first_day).num_days() > 60)
            .then(|| first_day + days(rng.range(30, (today - first_day).num_days())));
    let new_home = move_day.map(|_| places::address(rng));
    let referral_at =
        episode.referral.and_then(|s| contact_times.iter().map(|(t, _)| *t).find(|t| t.date_naive() >= s));
    let end = end_of(today);
    // The front door draws from its own stream, so the family and its
    // contacts come out as they would without it.
    let mut fd = Rng::new(mix(rng.clone().next_u64(), FRONT_DOOR_STREAM));
    let mut incoming: Vec<Incoming> = contact_times
        .iter()
        .map(|(when, source)| Incoming { when: *when, source: *source, about: None, planned: true })
        .collect();
    if let Some(extra) = queue_intake(ctx.queue_intake_rate, &mut fd, &children, today, first_at, &ctx.mash.calendar) {
        insert_in_order(&mut incoming, 0, extra);
    }
    let weeks_pregnant = |u: usize, day: NaiveDate| {
        let to_go = children[u].edd.map_or(140, |e| (e - day).num_days().max(0));
        (40 - (to_go / 7).min(32)) as u32
    };
    let mut contact_history: Vec<NaiveDate> = Vec::new();
    let mut used_sentences = Vec::new();
    let mut past: Vec<PastContact> = Vec::new();
    let mut referral_done = false;
    let mut referral_closed: Option<DateTime<Utc>> = None;
    let mut k = 0;
    while k < incoming.len() {
        let item = incoming[k].clone();
        k += 1;
        // Planned contacts draw from the household's stream as before; the
        // extra ones from the front door's.
        let r: &mut Rng = if item.planned { &mut *rng } else { &mut fd };
        let when = &item.when;
        let day = when.date_naive();
        let eligible: Vec<usize> =
            (0..children.len()).filter(|i| children[*i].born_by(day) && children[*i].under_18_on(day)).collect();
        let unborn_now = unborn_child.filter(|u| !children[*u].born_by(day));
        let mut source = item.source;
        let (about, weeks) = match &item.about {
            Some(preset) => {
                let about: Vec<usize> =
                    preset.iter().copied().filter(|i| eligible.contains(i) || unborn_now == Some(*i)).collect();
                let weeks = unborn_now.filter(|u| about.contains(u)).map(|u| weeks_pregnant(u, day));
                if weeks.is_some() && !PRE_BIRTH_SOURCES.iter().any(|(s, _)| *s == source) {
                    source = r.weighted(PRE_BIRTH_SOURCES);
                }
                (about, weeks)
            }
            None => {
                let pre_birth_contact = unborn_now.is_some()
                    && (PRE_BIRTH_SOURCES.iter().any(|(s, _)| *s == source) || eligible.is_empty());
                let mut about: Vec<usize> = if eligible.len() <= 1 || r.chance(0.5) {
                    eligible.clone()
                } else if eligible.len() >= 3 && r.chance(0.2) {
                    let a = eligible[r.index(eligible.len()) % eligible.len()];
                    let b = eligible[(eligible.iter().position(|x| *x == a).unwrap_or(0) + 1) % eligible.len()];
                    let mut pair = vec![a, b];
                    pair.sort();
                    pair
                } else {
                    vec![eligible[r.index(eligible.len()) % eligible.len()]]
                };
                let weeks = match (pre_birth_contact, unborn_now) {
                    (true, Some(u)) => {
                        if !PRE_BIRTH_SOURCES.iter().any(|(s, _)| *s == source) {
                            source = r.weighted(PRE_BIRTH_SOURCES);
                        }
                        if !r.chance(0.5) {
                            about.clear();
                        }
                        about.insert(0, u);
                        Some(weeks_pregnant(u, day))
                    }
                    _ => None,
                };
                (about, weeks)
            }
        };
        if about.is_empty() {
            continue;
        }
        let born: Vec<&Child> = about.iter().map(|i| &children[*i]).filter(|c| c.born_by(day)).collect();
        if source == ReferralSource::SelfReferral && (born.len() != 1 || born.iter().any(|c| c.age_on(day) < 11)) {
            source = ReferralSource::FamilyMember;
        }
        let names: Vec<String> = about
            .iter()
            .map(|i| if children[*i].born_by(day) { children[*i].given.clone() } else { "the unborn baby".to_string() })
            .collect();
        let sexes: Vec<Sex> = about.iter().map(|i| children[*i].sex).collect();
        let ages: Vec<u32> = born.iter().map(|c| c.age_on(day)).collect();
        let (street, town) = match (move_day, &new_home) {
            (Some(m), Some(h)) if day >= m => (h.line2.clone().unwrap_or_else(|| h.line1.clone()), h.town.clone()),
            _ => (home_street.clone(), home_town.clone()),
        };
        let scene = ContactScene {
            source,
            names: &names,
            sexes: &sexes,
            youngest_age: ages.iter().copied().min().unwrap_or(0),
            oldest_age: ages.iter().copied().max().unwrap_or(0),
            carer: &carer,
            partner: &partner,
            address: &street,
            town: &town,
            weeks_pregnant: weeks,
        };
        let previous_year = contact_history.iter().filter(|d| **d + days(365) > day).count();
        let text = contacts::compose(&scene, previous_year, &mut used_sentences, r);
        contact_history.push(day);

        // The chain it joins (F1) and what the record says about the children.
        let contact_id = ctx.mint.contact();
        let chain = chain_start(&past, &about, *when);
        let history = history_of(&past, &about, *when);
        let child_ids: Vec<PersonId> = about.iter().map(|i| children[*i].id).collect();
        log.push(
            *when,
            EventPayload::ContactReceived(ContactReceived {
                contact_id,
                children: child_ids.clone(),
                received_at: *when,
                source,
                concern: text.concern.clone(),
                referrer_name: text.referrer_name,
                referrer_organisation: text.referrer_organisation,
                chain_start: chain.map(|(id, _)| id),
            }),
        );

        // The decision the family's story needs, if it needs one.
        let is_referral = item.planned && !referral_done && referral_at.is_some_and(|ra| *when >= ra);
        let steer = if is_referral {
            referral_done = true;
            Steer::Outcome(journey_outcome(journey, &mut fd))
        } else if referral_closed.is_some_and(|c| *when > c) && social_care_open(journey) && fd.chance(0.85) {
            Steer::Outcome(ContactOutcome::AlreadyOpen)
        } else if *when + days(GAMING_LEAD_DAYS) < end && fd.chance(GAMING_SHARE) {
            Steer::QuickNfa
        } else {
            Steer::Free
        };
        let intake = mash::Intake {
            contact_id,
            children: &child_ids,
            names: &names,
            sexes: &sexes,
            oldest_age: ages.iter().copied().max().unwrap_or(0),
            received_at: *when,
            source,
            concern: &text.concern,
            carer: &carer,
            partner: &partner,
            history,
            steer,
            must_close: is_referral || steer == Steer::QuickNfa,
        };
        let done = mash::screen(&intake, ctx.mash, ctx.mint, &mut fd, end);
        for (t, payload) in done.events {
            log.push(t, payload);
        }
        if is_referral {
            referral_closed = Some(done.closed_at.unwrap_or(*when));
        }
        // Closed in a hurry, and the same child back within days (F1).
        if let (Steer::QuickNfa, Some(c)) = (steer, done.closed_at) {
            let again_source = if fd.chance(0.5) { source } else { fd.weighted(SOURCES) };
            let mut again_day = (c + days(fd.range(1, 10))).date_naive();
            if contacts::weekday_only(again_source) {
                again_day = working_day(again_day, today);
            }
            let again = at(again_day, contacts::time_of_day(again_source, &mut fd));
            if again > c && again <= end {
                let follow = Incoming { when: again, source: again_source, about: Some(about.clone()), planned: false };
                insert_in_order(&mut incoming, k, follow);
            }
        }
        past.push(PastContact {
            contact_id,
            children: about,
            chain_start: chain.map_or(contact_id, |(id, _)| id),
            chain_started_at: chain.map_or(*when, |(_, t)| t),
            received_at: *when,
            closed_at: done.closed_at,
            outcome: done.outcome,
        });
    }
    let last_contact = contact_history.last().copied().unwrap_or(first_day);

    // 7. Births of children recorded before they were born.
    for c in children.iter().filter(|c| c.edd.is_some() && c.dob <= today) {
        let when = (c.dob + days(rng.range(1, 7))).min(today);
        log.push(
            at(when, office_hours(rng)),
            EventPayload::PersonDetailsChanged(PersonDetailsChanged {
                person_id: c.id,
                name: Some(name(c.given.clone(), c.family.clone())),
                date_of_birth: Some(c.dob),
                sex: Some(c.sex),
                ethnicity: None,
                disabilities: Some(vec![Disability::None]),
                upn: None,
                nhs_number: ctx.nhs.next(),
                date_of_death: None,
            }),
        );
    }

    // 8. A move within the authority.
    if let (Some(m), Some(h)) = (move_day, &new_home) {
        let when = at((m + days(rng.range(0, 5))).min(today), office_hours(rng));
        let movers = children.iter().map(|c| c.id).chain(adults.iter().filter(|a| a.lives_with).map(|a| a.id));
        for person_id in movers {
            log.push(when, EventPayload::AddressRecorded(AddressRecorded { person_id, address: h.clone(), from: m }));
        }
    }

    // 9. Where the journey stands today: allocations and milestones.
    // The details of an event (where, which category) come from `flavour`,
    // so siblings sharing an event have the same details on their files.
    let vars_for = |c: &Child, flavour: u64| {
        let rng = &mut Rng::new(flavour);
        let mut v = Vars::default();
        v.children(std::slice::from_ref(&c.given), &[c.sex])
            .set("carer", carer.clone())
            .set("partner", partner.clone())
            .set("town", places::any_town(rng))
            .set("category", rng.weighted(CP_CATEGORIES))
            .set("legal", fill(rng.weighted(LEGAL_ROUTES), Vars::default().set("carer", carer.clone())));
        v
    };
    let household_flavour = rng.next_u64();
    let mut allocated: Vec<usize> = Vec::new();
    let mut in_care_since: Vec<(usize, NaiveDate)> = Vec::new();
    if let Some(s) = episode.referral {
        // Nothing in the journey comes before the referral is authorised.
        let after_referral = referral_closed.or(referral_at).unwrap_or(first_at);
        let mut jb = Journeyer { ctx, log: &mut log, rng, today, after: after_referral };
        let open_children: Vec<usize> = (0..children.len()).filter(|i| children[*i].under_18_on(today)).collect();
        // An open case needs a child who is still a child (a care leaver
        // is open as a young adult).
        if open_children.is_empty() && journey != Journey::CareLeaver {
            journey = Journey::Closed;
        }
        match journey {
            Journey::Closed => {}
            Journey::EarlyHelp => {
                let d = s + days(jb.rng.range(3, 14));
                jb.settle(&children, &open_children, TeamKind::EarlyHelp, d);
                allocated = open_children;
            }
            Journey::Assessment => {
                if jb.rng.chance(0.5) {
                    // Awaiting allocation in the team for a day or two first.
                    if let Some(team) = jb.team_only(&children, &open_children, TeamKind::Assessment, s) {
                        let d = s + days(jb.rng.range(1, 3));
                        jb.settle_in(&children, &open_children, team, d);
                    }
                } else {
                    jb.settle(&children, &open_children, TeamKind::Assessment, s);
                }
                allocated = open_children;
            }
            Journey::ChildInNeed | Journey::ChildProtection => {
                let t = episode.transfer.unwrap_or(s);
                jb.passing(&children, &open_children, TeamKind::Assessment, s);
                match demo {
                    Demo::Worker(_) => {
                        let (team, worker) = jb.ctx.caseloads.allocate_to_demo(open_children.len() as u32);
                        let team_id = jb.ctx.caseloads.team_id(team);
                        jb.allocate(&children, &open_children, team_id, Some(worker), t);
                    }
                    Demo::Team => {
                        let team = jb.ctx.caseloads.demo_team();
                        jb.settle_in(&children, &open_children, team, t);
                    }
                    Demo::No => jb.settle(&children, &open_children, TeamKind::ChildInNeedChildProtection, t),
                }
                if journey == Journey::ChildProtection {
                    for i in &open_children {
                        let c = &children[*i];
                        if c.born_by(t) {
                            let vars = vars_for(c, household_flavour);
                            jb.significant(c, &CP_PLAN, &vars, t);
                        }
                    }
                }
                allocated = open_children;
            }
            Journey::InCare | Journey::CareLeaver => {
                let t = episode.transfer.unwrap_or(s);
                let c_day = episode.care.unwrap_or(t).max(t);
                let candidates: Vec<usize> = (0..children.len())
                    .filter(|i| children[*i].born_by(c_day) && children[*i].under_18_on(c_day))
                    .collect();
                let in_care: Vec<usize> = if journey == Journey::CareLeaver {
                    vec![0]
                } else if candidates.len() > 1 && jb.rng.chance(0.5) {
                    candidates.clone()
                } else if candidates.is_empty() {
                    Vec::new()
                } else {
                    vec![candidates[jb.rng.index(candidates.len()) % candidates.len()]]
                };
                let at_home: Vec<usize> = open_children.iter().copied().filter(|i| !in_care.contains(i)).collect();
                // Everyone whose journey runs through the assessment.
                let mut journey_children = in_care.clone();
                if journey == Journey::InCare {
                    journey_children.extend(at_home.iter().copied());
                    journey_children.sort_unstable();
                }
                jb.passing(&children, &journey_children, TeamKind::Assessment, s);
                // Siblings share a CIN/CP worker until some come into care;
                // the worker keeps those who stay at home.
                if let Some(team) = jb.ctx.caseloads.team(TeamKind::ChildInNeedChildProtection, jb.rng) {
                    let worker = if at_home.is_empty() {
                        jb.ctx.caseloads.any_worker(team, jb.rng)
                    } else {
                        jb.ctx.caseloads.allocate(team, at_home.len() as u32, jb.rng)
                    };
                    let team_id = jb.ctx.caseloads.team_id(team);
                    jb.allocate(&children, &journey_children, team_id, worker, t);
                }
                in_care_since = in_care.iter().map(|i| (*i, c_day)).collect();
                let still_children: Vec<usize> =
                    in_care.iter().copied().filter(|i| children[*i].under_18_on(today)).collect();
                let grown_up: Vec<usize> =
                    in_care.iter().copied().filter(|i| !children[*i].under_18_on(today)).collect();
                if !still_children.is_empty() {
                    jb.settle(&children, &still_children, TeamKind::ChildrenInCare, c_day);
                }
                if !grown_up.is_empty() {
                    jb.passing(&children, &grown_up, TeamKind::ChildrenInCare, c_day);
                }
                for i in &in_care {
                    let c = &children[*i];
                    let vars = vars_for(c, household_flavour);
                    jb.significant(c, &INTO_CARE, &vars, c_day);
                }
                for i in &grown_up {
                    let c = &children[*i];
                    let eighteen = add_years(c.dob, 18).max(c_day);
                    jb.settle(&children, &[*i], TeamKind::CareLeavers, eighteen);
                    let vars = vars_for(c, household_flavour);
                    jb.significant(c, &CARE_LEAVER, &vars, eighteen);
                }
                allocated = at_home.into_iter().chain(in_care).collect();
            }
        }
    }

    // 10. Other significant events while the family is known: some happen
    // to the household (every child at home has them on file), some to one child.
    let known_from = episode.referral.unwrap_or(first_day);
    let known_to = if allocated.is_empty() { last_contact } else { today };
    let span = (known_to - known_from).num_days().max(0);
    let subjects: Vec<usize> = if allocated.is_empty() { (0..children.len()).collect() } else { allocated.clone() };
    let shared =
        if allocated.is_empty() { usize::from(rng.chance(0.08)) } else { rng.weighted(&[(0, 45), (1, 40), (2, 15)]) };
    let mut used: Vec<&'static str> = Vec::new();
    for _ in 0..shared {
        let day = known_from + days(rng.range(0, span));
        let Some(s) = significant::incident(0, true, &used, rng) else { break };
        used.push(s.title);
        let flavour = rng.next_u64();
        for i in &subjects {
            let c = &children[*i];
            let away = in_care_since.iter().any(|(k, since)| k == i && *since <= day);
            if c.born_by(day) && c.under_18_on(day) && !away {
                let vars = vars_for(c, flavour);
                push_significant(&mut log, rng, today, c, s, &vars, day);
            }
        }
    }
    for (i, c) in children.iter().enumerate() {
        let mut used: Vec<&'static str> = Vec::new();
        let n = if allocated.contains(&i) {
            rng.weighted(&[(0, 45), (1, 35), (2, 15), (3, 5)])
        } else {
            usize::from(rng.chance(0.08))
        };
        for _ in 0..n {
            let day = known_from + days(rng.range(0, span));
            if !c.born_by(day) || !c.under_18_on(day) {
                continue;
            }
            if let Some(s) = significant::incident(c.age_on(day), false, &used, rng) {
                used.push(s.title);
                let vars = vars_for(c, rng.next_u64());
                push_significant(&mut log, rng, today, c, s, &vars, day);
            }
        }
    }
    log.finish()
}

/// A contact waiting to be written: planned with the family's history, or
/// added later (a follow-up, the recent intake) about given children.
#[derive(Clone)]
struct Incoming {
    when: DateTime<Utc>,
    source: ReferralSource,
    about: Option<Vec<usize>>,
    planned: bool,
}

/// Inserts `item` among `list[from..]`, keeping the list in time order.
fn insert_in_order(list: &mut Vec<Incoming>, from: usize, item: Incoming) {
    let pos = list[from..].iter().position(|x| x.when > item.when).map_or(list.len(), |p| from + p);
    list.insert(pos, item);
}

/// A contact about the household in the last fortnight beyond its usual
/// rate (see `QUEUE_INTAKE`). Today's are the overnight and early-morning
/// contacts, so a demonstration started in the working day does not show
/// contacts received later today.
fn queue_intake(
    rate: f64,
    fd: &mut Rng,
    children: &[Child],
    today: NaiveDate,
    first_at: DateTime<Utc>,
    calendar: &Calendar,
) -> Option<Incoming> {
    if !fd.chance(rate) {
        return None;
    }
    let eligible: Vec<usize> =
        (0..children.len()).filter(|i| children[*i].born_by(today) && children[*i].under_18_on(today)).collect();
    if eligible.is_empty() {
        return None;
    }
    let source = fd.weighted(SOURCES);
    let mut seconds = contacts::time_of_day(source, fd);
    // Schools and GPs do not call at weekends: draw their day again (a few
    // times, then take the working day before), so no one weekday gets the
    // weekend's share.
    let mut day = today;
    for _ in 0..8 {
        day = today - days(fd.weighted(INTAKE_DAYS));
        if day == today && seconds > 8 * 3600 + 30 * 60 {
            day -= days(1);
        }
        if !contacts::weekday_only(source) || calendar.is_working_day(day) {
            break;
        }
    }
    while contacts::weekday_only(source) && !calendar.is_working_day(day) {
        day -= days(1);
    }
    if day == today {
        seconds = seconds.min(8 * 3600);
    }
    let when = at(day, seconds);
    let about = if eligible.len() == 1 || fd.chance(0.5) {
        eligible
    } else {
        vec![eligible[fd.index(eligible.len()) % eligible.len()]]
    };
    (when > first_at).then_some(Incoming { when, source, about: Some(about), planned: false })
}

/// An earlier contact, as chains and rationales need it.
struct PastContact {
    contact_id: ContactId,
    children: Vec<usize>,
    chain_start: ContactId,
    chain_started_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    outcome: Option<ContactOutcome>,
}

/// The chain a contact received at `at` joins, as the intake screen works
/// it out: of the children's chains, the one that started first. A contact
/// closed only after `at` was still open then.
fn chain_start(past: &[PastContact], about: &[usize], at: DateTime<Utc>) -> Option<(ContactId, DateTime<Utc>)> {
    let mut best: Option<(ContactId, DateTime<Utc>)> = None;
    for child in about {
        let links: Vec<ChainLink<ContactId>> = past
            .iter()
            .filter(|p| p.children.contains(child))
            .map(|p| ChainLink {
                contact: p.contact_id,
                chain_start: p.chain_start,
                chain_started_at: p.chain_started_at,
                received_at: p.received_at,
                closed_at: p.closed_at.filter(|c| *c <= at),
            })
            .collect();
        if let Some(link) = chain_for(at, &links, CHAIN_WINDOW_DAYS)
            && best.is_none_or(|(_, started)| link.chain_started_at < started)
        {
            best = Some((link.chain_start, link.chain_started_at));
        }
    }
    best
}

/// What the record held about the children when a contact came in.
fn history_of(past: &[PastContact], about: &[usize], at: DateTime<Utc>) -> History {
    let prior: Vec<&PastContact> =
        past.iter().filter(|p| p.received_at < at && p.children.iter().any(|c| about.contains(c))).collect();
    let decided_by_then = |p: &PastContact| p.outcome.filter(|_| p.closed_at.is_some_and(|c| c <= at));
    History {
        previous: prior.len(),
        in_year: prior.iter().filter(|p| p.received_at + days(365) > at).count(),
        last: prior.last().map(|p| (p.received_at, decided_by_then(p))),
        referrals: prior
            .iter()
            .filter(|p| {
                matches!(decided_by_then(p), Some(ContactOutcome::Referral | ContactOutcome::StrategyDiscussion))
            })
            .count(),
    }
}

/// The decision on the contact that opened the family's current involvement.
fn journey_outcome(journey: Journey, rng: &mut Rng) -> ContactOutcome {
    match journey {
        Journey::EarlyHelp => ContactOutcome::EarlyHelp,
        Journey::ChildProtection if rng.chance(0.55) => ContactOutcome::StrategyDiscussion,
        Journey::InCare | Journey::CareLeaver if rng.chance(0.3) => ContactOutcome::StrategyDiscussion,
        _ => ContactOutcome::Referral,
    }
}

/// Journeys with the family open to children's social care at `today`.
fn social_care_open(journey: Journey) -> bool {
    matches!(
        journey,
        Journey::Assessment | Journey::ChildInNeed | Journey::ChildProtection | Journey::InCare | Journey::CareLeaver
    )
}

/// Days of contacts arriving at random at `per_year` between two days.
fn arrivals(rng: &mut Rng, from: NaiveDate, to: NaiveDate, per_year: f64) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut t = 0.0;
    let span = (to - from).num_days() as f64;
    loop {
        t += rng.exponential(365.0 / per_year);
        if t > span {
            return out;
        }
        out.push(from + days(t as i64));
    }
}

/// The children's dates of birth, eldest first.
fn child_dobs(
    rng: &mut Rng,
    first_day: NaiveDate,
    today: NaiveDate,
    wanted: usize,
    pre_birth: bool,
    care_leaver_dob: Option<NaiveDate>,
    open: bool,
) -> Vec<NaiveDate> {
    let gap = |rng: &mut Rng| days(rng.range(420, 1_800));
    let mut dobs = Vec::with_capacity(wanted);
    match care_leaver_dob {
        Some(dob) => {
            // The care leaver is the eldest; younger siblings follow.
            dobs.push(dob);
            let mut d = dob;
            for _ in 1..wanted {
                d += gap(rng);
                if d <= first_day {
                    dobs.push(d);
                } else {
                    break;
                }
            }
        }
        None => {
            let youngest = if pre_birth {
                first_day + days(rng.range(40, 240))
            } else {
                let (from, to) = rng.weighted(YOUNGEST_AGE);
                let age_days = rng.range(i64::from(from) * 365, i64::from(to) * 365 + 364);
                let d = first_day - days(age_days);
                // An open case needs a child who is still a child today.
                if open { d.max(sub_years(today, 18) + days(1)) } else { d }
            };
            dobs.push(youngest);
            let mut d = youngest;
            for _ in 1..wanted {
                d -= gap(rng);
                if age(d, first_day).is_some_and(|a| a <= 17) {
                    dobs.push(d);
                } else {
                    break;
                }
            }
            dobs.reverse();
        }
    }
    dobs
}

#[allow(clippy::too_many_arguments)]
fn adults(
    mint: &mut IdMint,
    rng: &mut Rng,
    shape: Shape,
    eldest: NaiveDate,
    youngest: NaiveDate,
    mother_side: Heritage,
    father_side: Heritage,
    home: &Address,
) -> Vec<Adult> {
    // Mothers of children in need are often young: 16 to 38 at the first birth,
    // and not past 45 at the last.
    let mut mother_dob = eldest - days(rng.range(16 * 365, 38 * 365));
    if (youngest - mother_dob).num_days() > 44 * 365 {
        mother_dob = youngest - days(44 * 365);
    }
    let mut out = Vec::with_capacity(2);
    let mut adult = |rng: &mut Rng,
                     role: AdultRole,
                     female: bool,
                     heritage: Heritage,
                     dob: NaiveDate,
                     lives_with: bool,
                     address: Option<Address>| Adult {
        id: mint.person(),
        given: adult_given(heritage, female, rng),
        family: family_name(heritage, rng),
        female,
        dob,
        role,
        lives_with,
        address,
    };
    let father_dob = |rng: &mut Rng| mother_dob - days(rng.range(-2 * 365, 8 * 365));
    match shape {
        Shape::MotherAndFather => {
            out.push(adult(rng, AdultRole::Mother, true, mother_side, mother_dob, true, Some(home.clone())));
            let d = father_dob(rng);
            out.push(adult(rng, AdultRole::Father, false, father_side, d, true, Some(home.clone())));
        }
        Shape::MotherOnly => {
            out.push(adult(rng, AdultRole::Mother, true, mother_side, mother_dob, true, Some(home.clone())))
        }
        Shape::MotherAbsentFather => {
            out.push(adult(rng, AdultRole::Mother, true, mother_side, mother_dob, true, Some(home.clone())));
            let d = father_dob(rng);
            let elsewhere = rng.chance(0.7).then(|| places::address(rng));
            out.push(adult(rng, AdultRole::Father, false, father_side, d, false, elsewhere));
        }
        Shape::MotherAndPartner => {
            out.push(adult(rng, AdultRole::Mother, true, mother_side, mother_dob, true, Some(home.clone())));
            let d = mother_dob - days(rng.range(-5 * 365, 10 * 365));
            let side = if rng.chance(0.7) { mother_side } else { Heritage::British };
            out.push(adult(rng, AdultRole::Partner, false, side, d, true, Some(home.clone())));
        }
        Shape::FatherOnly => {
            let d = father_dob(rng);
            out.push(adult(rng, AdultRole::Father, false, father_side, d, true, Some(home.clone())));
        }
        Shape::Grandparent => {
            let d = eldest - days(rng.range(38 * 365, 58 * 365));
            let female = rng.chance(0.8);
            out.push(adult(rng, AdultRole::Grandparent, female, mother_side, d, true, Some(home.clone())));
        }
    }
    out
}

/// Each child's links to the adults, and between the children.
fn relationships(rng: &mut Rng, children: &[Child], adults: &[Adult]) -> Vec<RelationshipRecorded> {
    let mut out = Vec::new();
    for c in children {
        for a in adults {
            let (kind, parental_responsibility) = match a.role {
                AdultRole::Mother => (RelationshipKind::Mother, true),
                AdultRole::Father => (RelationshipKind::Father, a.lives_with || rng.chance(0.8)),
                AdultRole::Partner if c.partners_child => (RelationshipKind::Father, true),
                AdultRole::Partner => (
                    if rng.chance(0.3) { RelationshipKind::StepParent } else { RelationshipKind::ParentsPartner },
                    false,
                ),
                // Kinship carers often hold a special guardianship or child arrangements order.
                AdultRole::Grandparent => (RelationshipKind::Grandparent, rng.chance(0.5)),
            };
            out.push(RelationshipRecorded {
                person_id: c.id,
                related_id: a.id,
                kind,
                lives_with: a.lives_with,
                parental_responsibility,
            });
        }
    }
    for (i, a) in children.iter().enumerate() {
        for b in &children[i + 1..] {
            let kind = if a.partners_child != b.partners_child {
                RelationshipKind::HalfSibling
            } else {
                RelationshipKind::Sibling
            };
            out.push(RelationshipRecorded {
                person_id: a.id,
                related_id: b.id,
                kind,
                lives_with: true,
                parental_responsibility: false,
            });
        }
    }
    out
}

fn push_significant(
    log: &mut Log,
    rng: &mut Rng,
    today: NaiveDate,
    c: &Child,
    s: &Significant,
    vars: &Vars,
    day: NaiveDate,
) {
    let (title, what_happened, analysis) = significant::render(s, vars);
    let recorded = (day + days(rng.range(0, 3))).min(today);
    log.push(
        at(recorded, office_hours(rng)),
        EventPayload::SignificantEventRecorded(SignificantEventRecorded {
            child_id: c.id,
            occurred_on: day.min(recorded),
            title,
            what_happened,
            analysis,
        }),
    );
}

/// Writes the allocations of one open journey.
struct Journeyer<'c, 'a, 'r> {
    ctx: &'c mut Context<'a>,
    log: &'c mut Log,
    rng: &'r mut Rng,
    today: NaiveDate,
    /// Nothing in the journey comes before the referral contact.
    after: DateTime<Utc>,
}

impl Journeyer<'_, '_, '_> {
    /// The moment a step happens: in office hours on a working day, after
    /// the step before it (the next working day if that ran late).
    fn when(&mut self, day: NaiveDate) -> (NaiveDate, DateTime<Utc>) {
        let earliest = self.after + chrono::Duration::hours(1);
        let day = working_day(day.min(self.today), self.today);
        let mut t = at(day, office_hours(self.rng));
        if t < earliest {
            let next = working_day(earliest.date_naive() + days(1), self.today);
            t = if next > earliest.date_naive() { at(next, office_hours(self.rng)) } else { earliest };
        }
        (t.date_naive().min(self.today), t)
    }

    fn allocate(
        &mut self,
        children: &[Child],
        which: &[usize],
        team: Option<TeamId>,
        worker: Option<UserId>,
        day: NaiveDate,
    ) {
        let Some(team_id) = team else { return };
        let (from, t) = self.when(day);
        for i in which {
            self.log.push(
                t,
                EventPayload::ChildAllocated(ChildAllocated {
                    child_id: children[*i].id,
                    team_id,
                    worker_id: worker,
                    from,
                }),
            );
        }
        self.after = self.after.max(t);
    }

    /// A step the children have since moved on from: any worker in the team.
    fn passing(&mut self, children: &[Child], which: &[usize], kind: TeamKind, day: NaiveDate) {
        let Some(team) = self.ctx.caseloads.team(kind, self.rng) else { return };
        let worker = self.ctx.caseloads.any_worker(team, self.rng);
        let team_id = self.ctx.caseloads.team_id(team);
        self.allocate(children, which, team_id, worker, day);
    }

    /// Allocated to the team with no worker yet; returns the team.
    fn team_only(&mut self, children: &[Child], which: &[usize], kind: TeamKind, day: NaiveDate) -> Option<usize> {
        let team = self.ctx.caseloads.team(kind, self.rng)?;
        let team_id = self.ctx.caseloads.team_id(team);
        self.allocate(children, which, team_id, None, day);
        Some(team)
    }

    /// Where the children are today: a worker with room in a team of the kind.
    fn settle(&mut self, children: &[Child], which: &[usize], kind: TeamKind, day: NaiveDate) {
        if let Some(team) = self.ctx.caseloads.team(kind, self.rng) {
            self.settle_in(children, which, team, day);
        }
    }

    fn settle_in(&mut self, children: &[Child], which: &[usize], team: usize, day: NaiveDate) {
        let worker = self.ctx.caseloads.allocate(team, which.len() as u32, self.rng);
        let team_id = self.ctx.caseloads.team_id(team);
        self.allocate(children, which, team_id, worker, day);
    }

    fn significant(&mut self, c: &Child, s: &Significant, vars: &Vars, day: NaiveDate) {
        let day = day.min(self.today);
        push_significant(self.log, self.rng, self.today, c, s, vars, day);
    }
}
