//! Children in care and care leavers (the SSDA903's data), added to each
//! household once its child protection work is known.
//!
//! Who is looked after follows the household's journey: a child allocated
//! to a children in care team became looked after that day and, unless an
//! order or adoption ended it, still is (or left care on their 18th
//! birthday, when the care leavers team took them on). Their care runs
//! through the legal statuses the proceedings `protection` wrote give them:
//! an interim care order (C1) from the day proceedings were issued, then a
//! care order (C2) or a placement order (E1) when they concluded; a
//! special guardianship or supervision order ends care. Children brought in
//! without proceedings are accommodated under section 20 (V2), a few after
//! a night or two in police protection (L1).
//!
//! Besides them, about one in eight children with a child protection plan
//! has a short stay in care during the plan (police protection, or
//! accommodation by agreement), and a few teenagers are accommodated for a
//! while after a referral; both return home. `uasc_arrival` makes an
//! unaccompanied asylum-seeking child of 15-17 who arrives with no history.
//!
//! Each change of legal status or placement is the open episode ending with
//! `X1` and a new one starting the same day. Reviews follow the statutory
//! rhythm (20 working days, three months, then six-monthly), teenagers
//! sometimes go missing, OC2 outcomes are recorded each 31 March for
//! children looked after a year, and care leavers are contacted around
//! their 18th-21st birthdays (OC3). Nothing is dated after `today`.

use crate::mint::IdMint;
use crate::rng::Rng;
use crate::staff::Roster;
use crate::time::{add_years, at, end_of};
use chrono::{Datelike, Duration, NaiveDate};
use hearth_domain::care_codes::*;
use hearth_domain::codes::{Ethnicity, PrimaryNeed, ReferralSource, Sex};
use hearth_domain::events::*;
use hearth_domain::ids::{CareEpisodeId, ReferralId};
use hearth_domain::people::age_on;
use hearth_domain::staff::TeamKind;
use hearth_domain::{NewEvent, PersonId, TeamId, UserId};
use std::collections::HashMap;

/// The chance a child on a child protection plan has a short stay in care.
const CP_SHORT_STAY: f64 = 1.0 / 8.0;

/// The chance a teenager referred (and not otherwise in care) is accommodated for a while.
const TEEN_ACCOMMODATED: f64 = 0.05;

/// Placement changes a year, on average, for a child in long-term care.
const MOVES_PER_YEAR: f64 = 0.45;

/// Care events are recorded after the working day, in the order written.
const FIRST_SECOND: u32 = 17 * 3600 + 30 * 60;

pub(crate) struct Service {
    team_kinds: HashMap<TeamId, TeamKind>,
}

impl Service {
    pub(crate) fn from_roster(roster: &Roster) -> Service {
        Service { team_kinds: roster.teams.iter().map(|t| (t.id, t.kind)).collect() }
    }
}

#[derive(Default)]
struct Child {
    dob: Option<NaiveDate>,
    sex: Option<Sex>,
    postcode: Option<String>,
    /// The first day allocated to a children in care team, and to the care leavers team.
    in_care_from: Option<NaiveDate>,
    care_leaver_from: Option<NaiveDate>,
    referrals: Vec<(ReferralId, NaiveDate)>,
    needs: HashMap<ReferralId, PrimaryNeed>,
    cp_plans: Vec<(NaiveDate, Option<NaiveDate>)>,
    proceedings_issued: Option<NaiveDate>,
    proceedings_outcome: Option<(NaiveDate, ProceedingsOutcome)>,
}

impl Child {
    fn age(&self, on: NaiveDate) -> u32 {
        self.dob.and_then(|d| age_on(d, on)).unwrap_or(0)
    }

    fn eighteen(&self) -> Option<NaiveDate> {
        self.dob.map(|d| add_years(d, 18))
    }

    /// The category of need of the latest referral by `on`.
    fn need(&self, on: NaiveDate) -> PrimaryNeed {
        let need = self.referrals.iter().filter(|(_, d)| *d <= on).max_by_key(|(_, d)| *d).and_then(|(id, _)| self.needs.get(id).copied());
        match need {
            Some(PrimaryNeed::NotInNeed | PrimaryNeed::NotStated) | None => PrimaryNeed::AbuseOrNeglect,
            Some(n) => n,
        }
    }
}

/// Adds the care history of one household's children.
pub(crate) fn add(events: &mut Vec<NewEvent>, service: &Service, mint: &mut IdMint, rng: &mut Rng, today: NaiveDate) {
    let mut children: HashMap<PersonId, Child> = HashMap::new();
    let mut order: Vec<PersonId> = Vec::new();
    for e in events.iter() {
        match &e.payload {
            EventPayload::ChildRecorded(c) => {
                order.push(c.person_id);
                let child = children.entry(c.person_id).or_default();
                child.dob = c.date_of_birth;
                child.sex = Some(c.sex);
                child.postcode = c.address.as_ref().map(|a| a.postcode.clone());
            }
            EventPayload::PersonDetailsChanged(d) => {
                if let Some(c) = children.get_mut(&d.person_id) {
                    if d.date_of_birth.is_some() {
                        c.dob = d.date_of_birth;
                    }
                    if let Some(s) = d.sex {
                        c.sex = Some(s);
                    }
                }
            }
            EventPayload::ChildAllocated(a) => {
                if let (Some(kind), Some(c)) = (service.team_kinds.get(&a.team_id), children.get_mut(&a.child_id)) {
                    match kind {
                        TeamKind::ChildrenInCare => c.in_care_from = Some(c.in_care_from.map_or(a.from, |d| d.min(a.from))),
                        TeamKind::CareLeavers => c.care_leaver_from = Some(c.care_leaver_from.map_or(a.from, |d| d.min(a.from))),
                        _ => {}
                    }
                }
            }
            EventPayload::ReferralOpened(r) => {
                if let Some(c) = children.get_mut(&r.child_id) {
                    c.referrals.push((r.referral_id, r.referral_date));
                }
            }
            EventPayload::PrimaryNeedRecorded(n) => {
                if let Some(c) = children.get_mut(&n.child_id) {
                    c.needs.insert(n.referral_id, n.primary_need);
                }
            }
            EventPayload::CpPlanStarted(p) => {
                if let (Some(c), Some(on)) = (children.get_mut(&p.child_id), p.plan.started_on) {
                    c.cp_plans.push((on, None));
                }
            }
            EventPayload::CpPlanEnded(p) => {
                if let Some(plan) = children.get_mut(&p.child_id).and_then(|c| c.cp_plans.iter_mut().rev().find(|x| x.1.is_none())) {
                    plan.1 = Some(p.ended_on);
                }
            }
            EventPayload::ProceedingsIssued(p) => {
                if let Some(c) = children.get_mut(&p.child_id) {
                    c.proceedings_issued = Some(p.issued_on);
                }
            }
            EventPayload::ProceedingsConcluded(p) => {
                if let Some(c) = children.get_mut(&p.child_id) {
                    c.proceedings_outcome = Some((p.concluded_on, p.outcome));
                }
            }
            _ => {}
        }
    }
    let mut w = Writer { today, rng, mint, out: Vec::new(), n: 0 };
    for id in order {
        let Some(child) = children.get(&id) else { continue };
        let Some(dob) = child.dob else { continue };
        let teen_referral = child.referrals.iter().copied().find(|(_, d)| (13..=16).contains(&child.age(*d)));
        match (child.in_care_from, child.cp_plans.first().copied(), teen_referral) {
            (Some(from), _, _) => w.long_term(id, child, dob, from),
            (None, Some((start, end)), _) => {
                if w.rng.chance(CP_SHORT_STAY) {
                    w.short_stay_during_plan(id, child, start, end.unwrap_or(today));
                }
            }
            (None, None, Some((_, referred))) => {
                if w.rng.chance(TEEN_ACCOMMODATED) {
                    w.teen_accommodated(id, child, referred);
                }
            }
            (None, None, None) => {}
        }
    }
    if w.out.is_empty() {
        return;
    }
    events.extend(w.out);
    events.sort_by_key(|e| e.occurred_at);
}

/// One stretch of an episode's history: what changes on a day.
#[derive(Clone, Copy, Debug)]
enum Change {
    Legal(LegalStatus),
    Placement(PlacementType, ReasonPlaceChange),
    /// Placed for adoption under the placement order.
    Adoption(PlacementType),
}

struct Writer<'a> {
    today: NaiveDate,
    rng: &'a mut Rng,
    mint: &'a mut IdMint,
    out: Vec<NewEvent>,
    /// Events written so far: their order within a day.
    n: u32,
}

/// What an episode is placed in.
#[derive(Clone, Copy)]
struct Placement {
    kind: PlacementType,
    /// None for the "other" and temporary placements, which the 903 asks
    /// no provider of (rule 213).
    provider: Option<PlacementProvider>,
}

/// Where the child lives: kept from one episode to the next while the
/// carers stay the same (a change of legal status only, or placed for
/// adoption with the foster carers), as the 903 expects (rules 434, 435).
///
/// The category of need goes with the whole period of care: it is the
/// need when care began, whatever later referrals found (rule 504).
#[derive(Clone)]
struct Setting {
    place: Placement,
    postcode: Option<String>,
    urn: String,
    need: PrimaryNeed,
}

/// A postcode's district (`HT4` of `HT4 9QF`).
fn district(postcode: &str) -> Option<&str> {
    postcode.split_once(' ').map(|(d, _)| d)
}

impl Writer<'_> {
    fn emit(&mut self, day: NaiveDate, payload: EventPayload) {
        let when = at(day, FIRST_SECOND + self.n).min(end_of(self.today));
        self.n += 1;
        self.out.push(NewEvent::new(payload, when));
    }

    fn placement_for(&mut self, age: u32) -> Placement {
        use PlacementType as P;
        let kind = match age {
            0..=4 => self.rng.weighted(&[(P::FosterOther, 70), (P::FosterRelativeOther, 25), (P::FamilyCentre, 5)]),
            5..=12 => {
                self.rng.weighted(&[(P::FosterOther, 55), (P::FosterLongTerm, 20), (P::FosterRelativeOther, 15), (P::ChildrensHome, 10)])
            }
            13..=15 => self.rng.weighted(&[
                (P::FosterOther, 40),
                (P::FosterLongTerm, 12),
                (P::ChildrensHome, 35),
                (P::FosterRelativeOther, 10),
                (P::SecureChildrensHome, 3),
            ]),
            _ => self.rng.weighted(&[
                (P::FosterOther, 25),
                (P::ChildrensHome, 25),
                (P::SupportedAccommodation, 35),
                (P::OtherSupportedLodgings, 10),
                (P::FosterRelativeOther, 5),
            ]),
        };
        Placement { kind, provider: self.provider_for(kind) }
    }

    fn provider_for(&mut self, kind: PlacementType) -> Option<PlacementProvider> {
        use PlacementProvider as R;
        use PlacementType as P;
        Some(match kind {
            P::PlacedWithParents => R::Parents,
            P::ChildrensHome | P::SecureChildrensHome => self.rng.weighted(&[(R::Private, 70), (R::OwnProvision, 20), (R::OtherLa, 10)]),
            P::SupportedAccommodation => self.rng.weighted(&[(R::Private, 75), (R::Voluntary, 25)]),
            P::FamilyCentre => R::Voluntary,
            P::OtherRegulated
            | P::OtherUnregulated
            | P::OtherSupportedLodgings
            | P::OtherNotListed
            | P::TemporaryUnderPlacement
            | P::TemporaryHospital
            | P::TemporaryHoliday
            | P::TemporaryCarerHoliday
            | P::TemporarySevenDaysOrLess => return None,
            k if k.is_adoption() => R::OwnProvision,
            _ => self.rng.weighted(&[(R::OwnProvision, 65), (R::Private, 30), (R::Voluntary, 5)]),
        })
    }

    /// A placement postcode for a new setting, in another postcode district
    /// than `avoid`: the 903 keeps only the district, and reads the same
    /// one as the home's as the child not having moved away (rule 392d),
    /// and the same one as the last placement's, of the same type and
    /// provider, as no move at all (rule 435). A clash moves on to the next
    /// district rather than drawing again, so the draws after do not shift.
    fn placement_postcode(&mut self, avoid: &[&str]) -> String {
        let postcode = crate::places::postcode(crate::places::town(self.rng), self.rng);
        let Some((here, inward)) = postcode.split_once(' ') else { return postcode };
        let mut n = here.trim_start_matches("HT").parse::<u32>().unwrap_or(1);
        for _ in 0..9 {
            if !avoid.contains(&format!("HT{n}").as_str()) {
                break;
            }
            n = n % 9 + 1;
        }
        format!("HT{n} {inward}")
    }

    fn urn(&mut self, kind: PlacementType) -> String {
        match kind {
            PlacementType::ChildrensHome | PlacementType::SecureChildrensHome | PlacementType::SupportedAccommodation => {
                format!("SC{:06}", 400_000 + self.rng.below(600_000))
            }
            _ => "XXXXXXX".to_string(),
        }
    }

    /// Starts an episode after the one in `previous` (if any), where the
    /// child stays if `same_carers`.
    #[allow(clippy::too_many_arguments)]
    fn start(
        &mut self,
        child_id: PersonId,
        child: &Child,
        on: NaiveDate,
        rne: ReasonNewEpisode,
        legal_status: LegalStatus,
        place: Placement,
        reason_place_change: Option<ReasonPlaceChange>,
        previous: Option<&Setting>,
        same_carers: bool,
    ) -> (CareEpisodeId, Setting) {
        let episode_id = self.mint.care_episode();
        let mut avoid: Vec<&str> = child.postcode.as_deref().and_then(district).into_iter().collect();
        if let Some(before) = previous
            && before.place.kind == place.kind
            && before.place.provider == place.provider
        {
            avoid.extend(before.postcode.as_deref().and_then(district));
        }
        // Drawn even when the carers stay, so the draws after do not shift.
        let postcode = self.placement_postcode(&avoid);
        let urn = self.urn(place.kind);
        let need = previous.map_or_else(|| child.need(on), |before| before.need);
        let setting = match previous.filter(|_| same_carers) {
            Some(before) => Setting { place, ..before.clone() },
            None => {
                let postcode = if place.kind == PlacementType::PlacedWithParents { child.postcode.clone() } else { Some(postcode) };
                Setting { place, postcode, urn, need }
            }
        };
        if previous.is_none() && child.sex == Some(Sex::Unknown) {
            self.sex_known(child_id, on);
        }
        let payload = EventPayload::CareEpisodeStarted(CareEpisodeStarted {
            episode_id,
            child_id,
            started_on: on,
            reason_new_episode: rne,
            legal_status,
            category_of_need: setting.need,
            placement_type: place.kind,
            placement_provider: place.provider,
            home_postcode: child.postcode.clone(),
            placement_postcode: setting.postcode.clone(),
            urn: Some(setting.urn.clone()),
            reason_place_change: reason_place_change.filter(|_| rne.placement_changed()),
        });
        self.emit(on, payload);
        (episode_id, setting)
    }

    /// A child whose sex was not recorded has it recorded when they come
    /// into care: the 903 does not accept unknown (rule 232), and the
    /// authority then knows. Taken from the id, not drawn, so the draws
    /// after do not shift.
    fn sex_known(&mut self, child_id: PersonId, on: NaiveDate) {
        let sex = if child_id.0.as_u128().is_multiple_of(2) { Sex::Female } else { Sex::Male };
        self.emit(
            on,
            EventPayload::PersonDetailsChanged(PersonDetailsChanged { person_id: child_id, sex: Some(sex), ..Default::default() }),
        );
    }

    fn end(&mut self, child_id: PersonId, episode_id: CareEpisodeId, on: NaiveDate, reason: ReasonEpisodeCeased) {
        self.emit(on, EventPayload::CareEpisodeEnded(CareEpisodeEnded { episode_id, child_id, ended_on: on, reason_ceased: reason }));
    }

    /// A child in care from `from` until their care ends (or today).
    fn long_term(&mut self, id: PersonId, child: &Child, dob: NaiveDate, from: NaiveDate) {
        let today = self.today;
        if from > today {
            return;
        }
        let age = child.age(from);
        // When and why care ends, if it has.
        let mut end: Option<(NaiveDate, ReasonEpisodeCeased)> = None;
        let mut changes: Vec<(NaiveDate, Change)> = Vec::new();
        let through_court = child.proceedings_issued == Some(from);
        let mut legal = if through_court { LegalStatus::InterimCareOrder } else { LegalStatus::Section20 };
        let mut first_days: Option<i64> = None;
        if !through_court && self.rng.chance(0.2) {
            // A night or two in police protection, then accommodated by agreement.
            legal = LegalStatus::PoliceProtection;
            first_days = Some(self.rng.range(1, 3));
        }
        if let Some(days) = first_days {
            changes.push((from + Duration::days(days), Change::Legal(LegalStatus::Section20)));
        }
        // The day of the placement order, when adoption is the plan.
        let mut adoption_order: Option<NaiveDate> = None;
        if through_court && let Some((on, outcome)) = child.proceedings_outcome {
            match outcome {
                ProceedingsOutcome::CareOrder => {
                    changes.push((on, Change::Legal(LegalStatus::FullCareOrder)));
                    // For some young children the plan becomes adoption, and
                    // a placement order follows on its own application.
                    if age < 5 && self.rng.chance(0.5) {
                        let order_on = on + Duration::days(self.rng.range(30, 150));
                        changes.push((order_on, Change::Legal(LegalStatus::PlacementOrder)));
                        adoption_order = Some(order_on);
                    }
                }
                ProceedingsOutcome::PlacementOrder => {
                    changes.push((on, Change::Legal(LegalStatus::PlacementOrder)));
                    adoption_order = Some(on);
                }
                ProceedingsOutcome::SpecialGuardianshipOrder => {
                    end = Some((
                        on,
                        self.rng.weighted(&[
                            (ReasonEpisodeCeased::SgoRelative, 60),
                            (ReasonEpisodeCeased::SgoFormerCarerRelative, 25),
                            (ReasonEpisodeCeased::SgoOther, 15),
                        ]),
                    ))
                }
                ProceedingsOutcome::SupervisionOrder
                | ProceedingsOutcome::ChildArrangementsOrder
                | ProceedingsOutcome::NoOrder
                | ProceedingsOutcome::Withdrawn => end = Some((on, ReasonEpisodeCeased::ReturnedHomePlanned)),
            }
        }
        if let Some(eighteen) = child.eighteen()
            && eighteen <= today
            && end.is_none_or(|(on, _)| on > eighteen)
        {
            end = Some((eighteen, ReasonEpisodeCeased::IndependentLivingSupported));
        }
        let last = end.map_or(today, |(on, _)| on);
        // A young child accommodated by agreement whose plan becomes
        // adoption: the authority applies for a placement order.
        if !through_court && age < 7 && self.rng.chance(0.4) {
            let issued = from + Duration::days(self.rng.range(60, 200));
            adoption_order = self.placement_order_application(id, issued, last);
            if let Some(on) = adoption_order {
                changes.push((on, Change::Legal(LegalStatus::PlacementOrder)));
            }
        }
        let mut first = self.placement_for(age);
        if adoption_order.is_some() && age < 2 && self.rng.chance(0.3) {
            // Fostering for adoption from the start.
            first = Placement { kind: PlacementType::FosterFfa, provider: Some(PlacementProvider::OwnProvision) };
        }
        // Moves of placement, not in the first month nor the last.
        let span = (last - from).num_days();
        if span > 90 {
            let moves = (span as f64 / 365.0 * MOVES_PER_YEAR + self.rng.unit()).floor() as i64;
            for _ in 0..moves.min(4) {
                let on = from + Duration::days(self.rng.range(30, span - 30));
                let age_then = child.age(on);
                let place = self.placement_for(age_then);
                let reason = self.rng.weighted(&[
                    (ReasonPlaceChange::CarePlan, 35),
                    (ReasonPlaceChange::CarerRequestBehaviour, 15),
                    (ReasonPlaceChange::CarerRequestOther, 12),
                    (ReasonPlaceChange::ChildRequest, 8),
                    (ReasonPlaceChange::ProvisionClosed, 6),
                    (ReasonPlaceChange::StandardsOfCare, 5),
                    (ReasonPlaceChange::LaRequest, 9),
                    (ReasonPlaceChange::Other, 10),
                ]);
                changes.push((on, Change::Placement(place.kind, reason)));
            }
        }
        // Adoption: decision, order, match, placement and the order that ends care.
        if let Some(order_on) = adoption_order.filter(|on| *on <= today) {
            // Were the order revoked, a care order would stand in its place,
            // or the agreement to accommodate for a child brought in without one.
            let revoked_to = if through_court { LegalStatus::FullCareOrder } else { LegalStatus::Section20 };
            self.adoption(id, from, Some((order_on, revoked_to)), &mut changes, &mut end);
        } else if !through_court && age < 2 && self.rng.chance(0.35) {
            // A baby relinquished: placed for adoption with the parents' consent.
            self.adoption(id, from, None, &mut changes, &mut end);
        }
        changes.sort_by_key(|(on, _)| *on);
        let last = end.map_or(today, |(on, _)| on);
        changes.retain(|(on, _)| *on > from && *on < last && *on <= today);
        changes.dedup_by_key(|(on, _)| *on);
        // No moves once placed for adoption.
        if let Some(i) = changes.iter().position(|(_, c)| matches!(c, Change::Adoption(_))) {
            changes.truncate(i + 1);
        }
        foster_before_adoption(&mut first, &mut changes);

        // Write the episodes.
        let mut place = first;
        let (mut episode, mut setting) = self.start(id, child, from, ReasonNewEpisode::Started, legal, place, None, None, false);
        for (on, change) in changes {
            // A legal status the child already has is no change (rule 434).
            if matches!(change, Change::Legal(ls) if ls == legal) {
                continue;
            }
            self.end(id, episode, on, ReasonEpisodeCeased::ContinuesInNewEpisode);
            let (rne, reason, stays) = match change {
                Change::Legal(ls) => {
                    legal = ls;
                    (ReasonNewEpisode::LegalStatus, None, true)
                }
                Change::Placement(kind, reason) => {
                    place = Placement { kind, provider: self.provider_for(kind) };
                    (ReasonNewEpisode::Placement, Some(reason), false)
                }
                Change::Adoption(kind) => {
                    place = Placement { kind, provider: Some(PlacementProvider::OwnProvision) };
                    // With the current foster carers, only the placement's
                    // type changes: the carers stay (rule 217).
                    let with_carers =
                        matches!(kind, PlacementType::AdoptionConsentCurrentFosterCarer | PlacementType::AdoptionOrderCurrentFosterCarer);
                    let rne = if with_carers { ReasonNewEpisode::PlacementTypeOnly } else { ReasonNewEpisode::Placement };
                    (rne, Some(ReasonPlaceChange::CarePlan), with_carers)
                }
            };
            (episode, setting) = self.start(id, child, on, rne, legal, place, reason, Some(&setting), stays);
        }
        if let Some((on, mut reason)) = end {
            reason = special_guardians(reason, place.kind);
            if reason == ReasonEpisodeCeased::IndependentLivingSupported {
                reason = if place.kind.is_foster() {
                    self.rng.weighted(&[
                        (ReasonEpisodeCeased::StayedWithCarersAt18, 40),
                        (ReasonEpisodeCeased::IndependentLivingSupported, 45),
                        (ReasonEpisodeCeased::IndependentLivingUnsupported, 10),
                        (ReasonEpisodeCeased::Other, 5),
                    ])
                } else {
                    self.rng.weighted(&[
                        (ReasonEpisodeCeased::IndependentLivingSupported, 70),
                        (ReasonEpisodeCeased::IndependentLivingUnsupported, 20),
                        (ReasonEpisodeCeased::Other, 10),
                    ])
                };
            }
            self.end(id, episode, on, reason);
        }
        let until = end.map_or(today, |(on, _)| on);
        self.reviews(id, child, from, until);
        if age >= 12 || child.age(until) >= 13 {
            self.missing(id, from.max(dob + Duration::days(12 * 365)), until, end.is_some());
        }
        self.outcomes(id, child, from, end.map(|(on, _)| on));
        if self.rng.chance(0.05) {
            self.previous_permanence(id, from);
        }
        if child.sex == Some(Sex::Female) && child.age(until) >= 16 && self.rng.chance(0.04) {
            let born = until - Duration::days(self.rng.range(10, 200));
            if born > from && child.age(born) >= 16 {
                self.emit(
                    born,
                    EventPayload::ChildBornToLookedAfterYoungPerson(ChildBornToLookedAfterYoungPerson { child_id: id, born_on: born }),
                );
            }
        }
        if let Some((left, reason)) = end
            && child.eighteen() == Some(left)
            && reason != ReasonEpisodeCeased::Died
        {
            self.care_leaver_contacts(id, dob, left);
        }
    }

    /// Proceedings for a placement order, issued on `issued` and granted
    /// within 26 weeks; the day of the order, if it was made by `today` and
    /// before `last`.
    fn placement_order_application(&mut self, id: PersonId, issued: NaiveDate, last: NaiveDate) -> Option<NaiveDate> {
        if issued >= last || issued > self.today {
            return None;
        }
        let proceedings_id = self.mint.proceedings();
        self.emit(
            issued,
            EventPayload::ProceedingsIssued(ProceedingsIssued {
                proceedings_id,
                child_id: id,
                pre_proceedings_id: None,
                issued_on: issued,
                application: OrderApplication::PlacementOrder,
                court: "Hearthton Family Court".to_string(),
            }),
        );
        let granted = issued + Duration::days(self.rng.range(70, 170));
        if granted >= last || granted > self.today {
            return None;
        }
        self.emit(
            granted,
            EventPayload::ProceedingsConcluded(ProceedingsConcluded {
                proceedings_id,
                child_id: id,
                concluded_on: granted,
                outcome: ProceedingsOutcome::PlacementOrder,
                late_reason: String::new(),
            }),
        );
        Some(granted)
    }

    fn adoption(
        &mut self,
        id: PersonId,
        from: NaiveDate,
        placement_order: Option<(NaiveDate, LegalStatus)>,
        changes: &mut Vec<(NaiveDate, Change)>,
        end: &mut Option<(NaiveDate, ReasonEpisodeCeased)>,
    ) {
        let today = self.today;
        let milestone = |w: &mut Self, m, on| {
            if on <= today {
                w.emit(
                    on,
                    EventPayload::AdoptionMilestoneRecorded(AdoptionMilestoneRecorded {
                        child_id: id,
                        milestone: m,
                        on,
                        reason: None,
                        by_foster_carer: None,
                        number_of_adopters: None,
                        sex_of_adopters: None,
                        legal_status_of_adopters: None,
                    }),
                );
            }
        };
        // With no placement order, the parents consented: the plan dates from the decision.
        let order_on = match placement_order {
            Some((on, _)) => {
                let decision = (on - Duration::days(self.rng.range(30, 90))).max(from + Duration::days(14));
                milestone(self, AdoptionMilestone::Decision, decision.min(on));
                milestone(self, AdoptionMilestone::PlacementOrder, on);
                on
            }
            None => {
                let decision = from + Duration::days(self.rng.range(30, 90));
                milestone(self, AdoptionMilestone::Decision, decision);
                decision
            }
        };
        if self.rng.chance(0.15) {
            let on = order_on + Duration::days(self.rng.range(120, 360));
            if on <= today {
                let reason = self.rng.weighted(&[
                    (ReasonPlacedCeased::NoAdopters, 50),
                    (ReasonPlacedCeased::NeedsChanged, 30),
                    (ReasonPlacedCeased::Other, 20),
                ]);
                self.emit(
                    on,
                    EventPayload::AdoptionMilestoneRecorded(AdoptionMilestoneRecorded {
                        child_id: id,
                        milestone: AdoptionMilestone::NoLongerPlan,
                        on,
                        reason: Some(reason),
                        by_foster_carer: None,
                        number_of_adopters: None,
                        sex_of_adopters: None,
                        legal_status_of_adopters: None,
                    }),
                );
                // Adoption no longer the plan, the placement order is
                // revoked the same day: an order open after the decision is
                // reversed contradicts it (rule 553).
                if let Some((_, revoked_to)) = placement_order {
                    changes.push((on, Change::Legal(revoked_to)));
                }
            }
            return;
        }
        let matched = order_on + Duration::days(self.rng.range(60, 240));
        if matched > today {
            return;
        }
        let couple = self.rng.chance(0.85);
        let by_foster_carer = self.rng.chance(0.15);
        let (sex, status) = if couple {
            let sex =
                self.rng.weighted(&[(SexOfAdopters::MixedCouple, 80), (SexOfAdopters::FemaleCouple, 10), (SexOfAdopters::MaleCouple, 10)]);
            let status = match sex {
                SexOfAdopters::MixedCouple => {
                    self.rng.weighted(&[(AdopterLegalStatus::MarriedMixedSex, 75), (AdopterLegalStatus::Unmarried, 25)])
                }
                _ => self.rng.weighted(&[(AdopterLegalStatus::MarriedSameSex, 60), (AdopterLegalStatus::CivilPartners, 40)]),
            };
            (sex, status)
        } else {
            (SexOfAdopters::SingleFemale, AdopterLegalStatus::Single)
        };
        self.emit(
            matched,
            EventPayload::AdoptionMilestoneRecorded(AdoptionMilestoneRecorded {
                child_id: id,
                milestone: AdoptionMilestone::Matched,
                on: matched,
                reason: None,
                by_foster_carer: Some(by_foster_carer),
                number_of_adopters: Some(sex.adopters()),
                sex_of_adopters: Some(sex),
                legal_status_of_adopters: Some(status),
            }),
        );
        let placed = matched + Duration::days(self.rng.range(7, 28));
        if placed > today {
            return;
        }
        milestone(self, AdoptionMilestone::Placed, placed);
        let kind = match (placement_order.is_some(), by_foster_carer) {
            (true, true) => PlacementType::AdoptionOrderCurrentFosterCarer,
            (true, false) => PlacementType::AdoptionOrderNotFosterCarer,
            (false, true) => PlacementType::AdoptionConsentCurrentFosterCarer,
            (false, false) => PlacementType::AdoptionConsentNotFosterCarer,
        };
        changes.push((placed, Change::Adoption(kind)));
        let order = placed + Duration::days(self.rng.range(100, 300));
        if order <= today {
            milestone(self, AdoptionMilestone::AdoptionOrder, order);
            let reason =
                if self.rng.chance(0.8) { ReasonEpisodeCeased::AdoptedUnopposed } else { ReasonEpisodeCeased::AdoptedConsentDispensed };
            *end = Some((order, reason));
        }
    }

    /// Reviews within 20 working days (taken as 28 days), then three months
    /// later, then every six months, while the child is looked after.
    fn reviews(&mut self, id: PersonId, child: &Child, from: NaiveDate, until: NaiveDate) {
        let mut due = from + Duration::days(28);
        let mut k = 0;
        while due < until && due <= self.today {
            let held = (due - Duration::days(self.rng.range(0, 6))).max(from + Duration::days(1));
            let participation = if child.age(held) < 4 {
                ReviewParticipation::UnderFour
            } else {
                self.rng.weighted(&[
                    (ReviewParticipation::SpokeForThemselves, 55),
                    (ReviewParticipation::AdvocateAttending, 8),
                    (ReviewParticipation::SymbolicAttending, 5),
                    (ReviewParticipation::AttendedWithoutView, 5),
                    (ReviewParticipation::AdvocateNotAttending, 12),
                    (ReviewParticipation::FacilitativeMedium, 10),
                    (ReviewParticipation::NotConveyed, 5),
                ])
            };
            let iro_contact_on = Some((held - Duration::days(self.rng.range(0, 14))).max(from));
            let review_id = self.mint.care_review();
            self.emit(
                held,
                EventPayload::LookedAfterReviewHeld(LookedAfterReviewHeld {
                    review_id,
                    child_id: id,
                    held_on: held,
                    participation,
                    iro_contact_on,
                }),
            );
            due = held + Duration::days(if k == 0 { 91 } else { 182 });
            k += 1;
        }
    }

    /// Some teenagers go missing or stay away from their placement.
    fn missing(&mut self, id: PersonId, from: NaiveDate, until: NaiveDate, left: bool) {
        let span = (until.min(self.today) - from).num_days();
        if span < 30 || !self.rng.chance(0.3) {
            return;
        }
        let spells = self.rng.range(1, 4);
        let mut starts: Vec<NaiveDate> = (0..spells).map(|_| from + Duration::days(self.rng.range(5, span - 1))).collect();
        starts.sort();
        starts.dedup();
        let mut after = from;
        for start in starts {
            if start <= after {
                continue;
            }
            let back = start + Duration::days(self.rng.range(0, 3));
            // One who has left care was back before leaving: a spell still
            // open once the placement or the care has ended fails rules 575
            // and 577. The day before, as back on the day care ends at 18
            // would say the young person left care missing (rule 580).
            let ended_on = if back <= self.today && back < until {
                Some(back)
            } else if left && until <= self.today {
                Some((until - Duration::days(1)).max(start))
            } else {
                None
            };
            let offered = ended_on.map(|_| self.rng.chance(0.85));
            let accepted = offered.filter(|o| *o).map(|_| self.rng.chance(0.6));
            let kind = if self.rng.chance(0.75) { MissingKind::Missing } else { MissingKind::Away };
            let spell_id = self.mint.missing_spell();
            let payload = EventPayload::MissingEpisodeRecorded(MissingEpisodeRecorded {
                spell_id,
                child_id: id,
                kind,
                started_on: start,
                ended_on,
                return_interview_offered: offered,
                return_interview_accepted: accepted,
            });
            self.emit(ended_on.unwrap_or(start), payload);
            after = ended_on.unwrap_or(until);
        }
    }

    /// OC2 outcomes each 31 March for a child looked after for the 12 months before it.
    fn outcomes(&mut self, id: PersonId, child: &Child, from: NaiveDate, ended: Option<NaiveDate>) {
        let mut year = from.year();
        loop {
            let Some(march) = NaiveDate::from_ymd_opt(year, 3, 31) else { return };
            year += 1;
            // Leaving care on 31 March itself, most often at 18, still
            // completes the twelve months (903 rule 191).
            if march > self.today || ended.is_some_and(|e| e < march) {
                return;
            }
            // Looked after from 1 April is looked after for the twelve
            // months to 31 March, as the 903 counts them.
            if add_years(from, 1) > march + Duration::days(1) {
                continue;
            }
            let age = child.age(march);
            // Seventeen before the year began: 18 on the 31 March care ends.
            let seventeen_before = march.with_year(march.year() - 1).is_some_and(|m| child.age(m) >= 17);
            let (sdq_score, sdq_reason) = match age {
                // No questionnaire, nor a reason for none, under four (rule
                // 188) nor from seventeen at the start of the year (rule 189).
                0..=3 => (None, None),
                _ if seventeen_before => (None, None),
                4..=16 if self.rng.chance(0.85) => (Some(self.rng.range(4, 30) as u8), None),
                4..=16 => {
                    (None, Some(self.rng.weighted(&[(SdqReason::CarerRefused, 40), (SdqReason::ChildRefused, 40), (SdqReason::Other, 20)])))
                }
                _ => (None, Some(SdqReason::OutsideAgeRange)),
            };
            let substance_misuse = self.rng.chance(if age >= 13 { 0.08 } else { 0.0 });
            let convicted = (age >= 10).then(|| self.rng.chance(0.04));
            // Health promotion (the health check) is asked only of under-fives
            // (rule 546); drawn for all so the draws after do not shift.
            let health_check = Some(self.rng.chance(0.9)).filter(|_| age < 5);
            let payload = EventPayload::HealthOutcomesRecorded(HealthOutcomesRecorded {
                child_id: id,
                year_ending: march,
                sdq_score,
                sdq_reason,
                convicted,
                health_check,
                immunisations: Some(self.rng.chance(0.85)),
                teeth_check: Some(self.rng.chance(0.8)),
                health_assessment: Some(self.rng.chance(0.9)),
                substance_misuse: Some(substance_misuse),
                intervention_received: substance_misuse.then(|| self.rng.chance(0.6)),
                intervention_offered: substance_misuse.then_some(true),
                last_health_assessment_on: Some(march - Duration::days(self.rng.range(10, 300))),
                last_dental_check_on: Some(march - Duration::days(self.rng.range(10, 330))),
            });
            self.emit(march, payload);
        }
    }

    fn previous_permanence(&mut self, id: PersonId, from: NaiveDate) {
        let kind = self.rng.weighted(&[
            (PreviousPermanenceKind::SpecialGuardianship, 45),
            (PreviousPermanenceKind::ResidenceOrChildArrangements, 30),
            (PreviousPermanenceKind::Adoption, 25),
        ]);
        let years_before = self.rng.range(2, 8) as u32;
        let on = crate::time::sub_years(from, years_before);
        let date = if self.rng.chance(0.3) { format!("zz/{:02}/{}", on.month(), on.year()) } else { on.format("%d/%m/%Y").to_string() };
        // The 903 wants the authority that made the order with any order
        // (rule 630): this authority (the fictional 999) or, as often, a
        // neighbour. Drawn from the one draw made here before, so the draws
        // after do not shift.
        let la = Some(if self.rng.chance(0.7) { "999" } else { "800" }.to_string());
        self.emit(from, EventPayload::PreviousPermanenceRecorded(PreviousPermanenceRecorded { child_id: id, kind, la, date: Some(date) }));
    }

    /// OC3: contact around each birthday from the 18th to the 21st.
    fn care_leaver_contacts(&mut self, id: PersonId, dob: NaiveDate, left: NaiveDate) {
        for age in 18..=21 {
            let birthday = add_years(dob, age);
            let on = (birthday + Duration::days(self.rng.range(-20, 30))).max(left);
            if on > self.today {
                return;
            }
            let in_touch =
                self.rng.weighted(&[(InTouch::Yes, 85), (InTouch::No, 7), (InTouch::Refused, 5), (InTouch::NoLongerRequired, 3)]);
            let (activity, accommodation) = if in_touch == InTouch::Yes {
                use CareLeaverAccommodation as A;
                use CareLeaverActivity as V;
                let activity = self.rng.weighted(&[
                    (V::OtherEducationFullTime, 30),
                    (V::HigherEducationFullTime, 8),
                    (V::TrainingOrEmploymentFullTime, 15),
                    (V::TrainingOrEmploymentPartTime, 7),
                    (V::ApprenticeshipFullTime, 5),
                    (V::NeetOther, 25),
                    (V::NeetIllness, 5),
                    (V::NeetParenting, 5),
                ]);
                let accommodation = self.rng.weighted(&[
                    (A::SemiIndependentSuitable, 25),
                    (A::IndependentSuitable, 25),
                    (A::FormerFosterCarersSuitable, 15),
                    (A::SupportedLodgingsSuitable, 10),
                    (A::ParentsSuitable, 10),
                    (A::OrdinaryLodgingsSuitable, 5),
                    (A::IndependentUnsuitable, 4),
                    (A::NoFixedAbodeUnsuitable, 2),
                    (A::CustodyUnsuitable, 2),
                    (A::OtherSuitable, 2),
                ]);
                (Some(activity), Some(accommodation))
            } else {
                // Not in touch: the 903 still wants both coded (rules 132,
                // 133, 153), and "not applicable" is what is known.
                (Some(CareLeaverActivity::NotApplicable), Some(CareLeaverAccommodation::NotApplicable))
            };
            self.emit(
                on,
                EventPayload::CareLeaverContactRecorded(CareLeaverContactRecorded {
                    child_id: id,
                    contact_on: on,
                    in_touch,
                    activity,
                    accommodation,
                }),
            );
        }
    }

    /// A short stay in care during a child protection plan: police
    /// protection for a night or two, or accommodation by agreement for a
    /// few weeks, then home.
    fn short_stay_during_plan(&mut self, id: PersonId, child: &Child, start: NaiveDate, end: NaiveDate) {
        let end = end.min(self.today);
        let span = (end - start).num_days();
        if span < 30 {
            return;
        }
        let from = start + Duration::days(self.rng.range(7, span - 20));
        let police = self.rng.chance(0.4);
        let days = if police { self.rng.range(1, 3) } else { self.rng.range(10, 120) };
        let back = (from + Duration::days(days)).min(end - Duration::days(1));
        if back <= from || child.eighteen().is_some_and(|e| e <= back) {
            return;
        }
        let legal = if police { LegalStatus::PoliceProtection } else { LegalStatus::Section20 };
        let place = self.placement_for(child.age(from));
        let (episode, _) = self.start(id, child, from, ReasonNewEpisode::Started, legal, place, None, None, false);
        self.end(id, episode, back, ReasonEpisodeCeased::ReturnedHomePlanned);
        self.reviews(id, child, from, back);
    }

    /// A teenager accommodated by agreement for a while after a referral.
    fn teen_accommodated(&mut self, id: PersonId, child: &Child, referred: NaiveDate) {
        let from = referred + Duration::days(self.rng.range(3, 30));
        let days = self.rng.range(20, 200);
        let back = from + Duration::days(days);
        if back > self.today || child.eighteen().is_some_and(|e| e <= back) {
            return;
        }
        let place = self.placement_for(child.age(from));
        let (episode, _) = self.start(id, child, from, ReasonNewEpisode::Started, LegalStatus::Section20, place, None, None, false);
        let reason = self.rng.weighted(&[
            (ReasonEpisodeCeased::ReturnedHomePlanned, 55),
            (ReasonEpisodeCeased::ReturnedHomeNotPlanned, 25),
            (ReasonEpisodeCeased::LivingWithoutParentalResponsibility, 20),
        ]);
        self.end(id, episode, back, reason);
        self.reviews(id, child, from, back);
        self.missing(id, from, back, true);
    }
}

/// A child placed for adoption by consent (A3, A4) comes from foster care
/// (rule 336), as one placed with the current foster carers (A3, A5) must:
/// the placement before, the first or the last move, is made a foster one.
fn foster_before_adoption(first: &mut Placement, changes: &mut [(NaiveDate, Change)]) {
    use PlacementType as P;
    let Some(i) = changes.iter().position(|(_, c)| {
        matches!(
            c,
            Change::Adoption(P::AdoptionConsentCurrentFosterCarer | P::AdoptionConsentNotFosterCarer | P::AdoptionOrderCurrentFosterCarer)
        )
    }) else {
        return;
    };
    let moved_to = changes[..i].iter_mut().rev().find_map(|(_, c)| match c {
        Change::Placement(kind, _) => Some(kind),
        _ => None,
    });
    match moved_to {
        Some(kind) if !kind.is_foster() => *kind = P::FosterOther,
        None if !first.kind.is_foster() => *first = Placement { kind: P::FosterOther, provider: Some(PlacementProvider::OwnProvision) },
        _ => {}
    }
}

/// A special guardianship order to former foster carers needs a foster
/// placement to have been theirs (rule 516); from any other placement the
/// order goes to other carers, relatives or not as drawn.
fn special_guardians(reason: ReasonEpisodeCeased, last_placement: PlacementType) -> ReasonEpisodeCeased {
    match reason {
        ReasonEpisodeCeased::SgoFormerCarerRelative if !last_placement.is_foster() => ReasonEpisodeCeased::SgoRelative,
        ReasonEpisodeCeased::SgoFormerCarerOther if !last_placement.is_foster() => ReasonEpisodeCeased::SgoOther,
        r => r,
    }
}

/// An unaccompanied asylum-seeking child of 15 to 17, arriving with no
/// history: recorded, referred, allocated to a children in care team and
/// accommodated under section 20 the same day, with their UASC status.
pub(crate) fn uasc_arrival(
    mint: &mut IdMint,
    rng: &mut Rng,
    today: NaiveDate,
    arrived: NaiveDate,
    allocation: Option<(TeamId, Option<UserId>)>,
) -> Vec<NewEvent> {
    let ethnicity = rng.weighted(&[(Ethnicity::African, 35), (Ethnicity::AnyOtherEthnicGroup, 35), (Ethnicity::AnyOtherAsian, 30)]);
    let (heritage, _) = crate::names::heritages(ethnicity, rng);
    let sex = if rng.chance(0.9) { Sex::Male } else { Sex::Female };
    let age_days = rng.range(15 * 365 + 10, 17 * 365 + 300);
    let dob = arrived - Duration::days(age_days);
    let id = mint.person();
    let name = crate::names::name(crate::names::child_given(heritage, sex, rng), crate::names::family_name(heritage, rng));
    let mut w = Writer { today, rng, mint, out: Vec::new(), n: 0 };
    let first = at(arrived, 10 * 3600);
    w.out.push(NewEvent::new(
        EventPayload::ChildRecorded(ChildRecorded {
            person_id: id,
            name,
            date_of_birth: Some(dob),
            expected_date_of_birth: None,
            sex,
            ethnicity: Some(ethnicity),
            disabilities: vec![],
            upn: None,
            nhs_number: None,
            address: None,
            team_id: None,
        }),
        first,
    ));
    let referral_id = w.mint.referral();
    let source = w.rng.weighted(&[(ReferralSource::Police, 50), (ReferralSource::OtherLegalAgency, 40), (ReferralSource::LaExternal, 10)]);
    w.out.push(NewEvent::new(
        EventPayload::ReferralOpened(ReferralOpened { referral_id, child_id: id, contact_id: None, referral_date: arrived, source }),
        first + Duration::minutes(20),
    ));
    w.out.push(NewEvent::new(
        EventPayload::PrimaryNeedRecorded(PrimaryNeedRecorded { referral_id, child_id: id, primary_need: PrimaryNeed::AbsentParenting }),
        first + Duration::minutes(25),
    ));
    if let Some((team_id, worker_id)) = allocation {
        w.out.push(NewEvent::new(
            EventPayload::ChildAllocated(ChildAllocated { child_id: id, team_id, worker_id, from: arrived }),
            first + Duration::minutes(40),
        ));
    }
    let eighteen = add_years(dob, 18);
    w.emit(
        arrived,
        EventPayload::UascStatusRecorded(UascStatusRecorded {
            child_id: id,
            since: arrived,
            ceased_on: (eighteen <= today).then_some(eighteen),
        }),
    );
    let mut child = Child { dob: Some(dob), sex: Some(sex), in_care_from: Some(arrived), ..Child::default() };
    child.referrals.push((referral_id, arrived));
    child.needs.insert(referral_id, PrimaryNeed::AbsentParenting);
    w.long_term(id, &child, dob, arrived);
    let mut out = w.out;
    out.sort_by_key(|e| e.occurred_at);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Outcomes each 31 March for a child looked after the twelve months to
    /// it: from 1 April is twelve months (rule 191 wants the row then).
    #[test]
    fn special_guardians_are_former_foster_carers_only_from_foster_care() {
        use PlacementType as P;
        use ReasonEpisodeCeased as R;
        assert_eq!(special_guardians(R::SgoFormerCarerRelative, P::FosterOther), R::SgoFormerCarerRelative);
        assert_eq!(special_guardians(R::SgoFormerCarerOther, P::FosterRelativeOther), R::SgoFormerCarerOther);
        assert_eq!(special_guardians(R::SgoFormerCarerRelative, P::ChildrensHome), R::SgoRelative);
        assert_eq!(special_guardians(R::SgoFormerCarerOther, P::SupportedAccommodation), R::SgoOther);
        assert_eq!(special_guardians(R::SgoOther, P::ChildrensHome), R::SgoOther);
    }

    /// The plan for adoption given up: the placement order is revoked that
    /// day, back to the order or agreement before it.
    #[test]
    fn a_placement_order_is_revoked_when_adoption_is_no_longer_the_plan() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let (from, order_on) = (d(2022, 1, 10), d(2022, 6, 1));
        let (mut given_up, mut went_ahead) = (0, 0);
        for seed in 0..40 {
            let (mut rng, mut mint) = (Rng::new(seed), IdMint::new(seed));
            let mut w = Writer { today: d(2026, 11, 23), rng: &mut rng, mint: &mut mint, out: Vec::new(), n: 0 };
            let (mut changes, mut end) = (Vec::new(), None);
            w.adoption(PersonId::from_u128(1), from, Some((order_on, LegalStatus::FullCareOrder)), &mut changes, &mut end);
            let no_longer = w.out.iter().find_map(|e| match &e.payload {
                EventPayload::AdoptionMilestoneRecorded(m) if m.milestone == AdoptionMilestone::NoLongerPlan => Some(m.on),
                _ => None,
            });
            let revoked: Vec<NaiveDate> =
                changes.iter().filter(|(_, c)| matches!(c, Change::Legal(LegalStatus::FullCareOrder))).map(|(on, _)| *on).collect();
            match no_longer {
                Some(on) => {
                    assert_eq!(revoked, [on], "seed {seed}");
                    given_up += 1;
                }
                None => {
                    assert_eq!(revoked, [], "seed {seed}");
                    went_ahead += 1;
                }
            }
        }
        assert!(given_up > 0 && went_ahead > 0, "{given_up} {went_ahead}");
    }

    #[test]
    fn outcomes_are_recorded_for_twelve_months_from_1_april() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let years = |from: NaiveDate| {
            let (mut rng, mut mint) = (Rng::new(1), IdMint::new(1));
            let mut w = Writer { today: d(2026, 11, 23), rng: &mut rng, mint: &mut mint, out: Vec::new(), n: 0 };
            let child = Child { dob: Some(d(2012, 6, 1)), ..Child::default() };
            w.outcomes(PersonId::from_u128(1), &child, from, None);
            w.out
                .iter()
                .filter_map(|e| match &e.payload {
                    EventPayload::HealthOutcomesRecorded(h) => Some(h.year_ending),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(years(d(2024, 4, 1)), [d(2025, 3, 31), d(2026, 3, 31)]);
        assert_eq!(years(d(2024, 4, 2)), [d(2026, 3, 31)]);
    }

    #[test]
    fn leaving_care_on_31_march_completes_the_twelve_months() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let years = |ended: NaiveDate| {
            let (mut rng, mut mint) = (Rng::new(1), IdMint::new(1));
            let mut w = Writer { today: d(2026, 11, 23), rng: &mut rng, mint: &mut mint, out: Vec::new(), n: 0 };
            let child = Child { dob: Some(d(2008, 3, 31)), ..Child::default() };
            w.outcomes(PersonId::from_u128(1), &child, d(2024, 4, 19), Some(ended));
            w.out
                .iter()
                .filter_map(|e| match &e.payload {
                    EventPayload::HealthOutcomesRecorded(h) => Some((h.year_ending, h.sdq_score, h.sdq_reason)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        // Found in the largest demo authority: 18 on 31 March, leaving care
        // that day, with no questionnaire nor a reason for none (rule 189).
        assert_eq!(years(d(2026, 3, 31)), [(d(2026, 3, 31), None, None)]);
        assert_eq!(years(d(2026, 3, 30)), []);
    }

    #[test]
    fn no_one_is_still_missing_once_care_has_ended() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let (from, left) = (d(2025, 8, 5), d(2025, 9, 16));
        let mut spells = Vec::new();
        for seed in 0..60 {
            let (mut rng, mut mint) = (Rng::new(seed), IdMint::new(seed));
            let mut w = Writer { today: d(2026, 5, 15), rng: &mut rng, mint: &mut mint, out: Vec::new(), n: 0 };
            w.missing(PersonId::from_u128(1), from, left, true);
            spells.extend(w.out.iter().filter_map(|e| match &e.payload {
                EventPayload::MissingEpisodeRecorded(m) => Some((m.started_on, m.ended_on)),
                _ => None,
            }));
        }
        assert!(spells.len() > 10, "{spells:?}");
        // Back before the day care ended (rules 575, 577), not on it (rule 580).
        let open: Vec<_> = spells.iter().filter(|(start, end)| end.is_none_or(|end| end < *start || end >= left)).collect();
        assert_eq!(open, Vec::<&(NaiveDate, Option<NaiveDate>)>::new());
    }

    #[test]
    fn placed_for_adoption_by_consent_from_foster_care() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let centre = Placement { kind: PlacementType::FamilyCentre, provider: Some(PlacementProvider::Voluntary) };
        let kinds = |first: Placement, mut changes: Vec<(NaiveDate, Change)>| {
            let mut first = first;
            foster_before_adoption(&mut first, &mut changes);
            let moves = changes.iter().filter_map(|(_, c)| match c {
                Change::Placement(k, _) | Change::Adoption(k) => Some(k.code()),
                Change::Legal(_) => None,
            });
            std::iter::once(first.kind.code()).chain(moves).collect::<Vec<_>>()
        };
        // Found in the largest demo authority: a baby in a family centre,
        // then placed with adopters by consent.
        let consent = (d(2025, 10, 24), Change::Adoption(PlacementType::AdoptionConsentNotFosterCarer));
        assert_eq!(kinds(centre, vec![consent]), ["U6", "A4"]);
        let legal = (d(2025, 1, 1), Change::Legal(LegalStatus::Section20));
        let moved = (d(2025, 3, 1), Change::Placement(PlacementType::FamilyCentre, ReasonPlaceChange::CarePlan));
        assert_eq!(kinds(centre, vec![moved, legal, consent]), ["R3", "U6", "A4"]);
        // With a placement order and new carers, the family centre stays.
        let order = (d(2025, 10, 24), Change::Adoption(PlacementType::AdoptionOrderNotFosterCarer));
        assert_eq!(kinds(centre, vec![order]), ["R3", "A6"]);
    }
}
