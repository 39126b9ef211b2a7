//! Scenario tests of the synthetic authority as a whole.

use super::*;
use hearth_domain::EventPayload;
use hearth_domain::codes::{Disability, ReferralSource, Sex};
use hearth_domain::staff::TeamKind;
use hearth_domain::events::{CheckCompleted, CheckNotCompleted};
use hearth_domain::front_door::{CheckState, ConsentStatus, ContactOutcome, Rag};
use hearth_domain::ids::{CheckId, ContactId, DecisionId};
use hearth_domain::{PersonId, TeamId, UserId};
use std::collections::{HashMap, HashSet};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn config(size: Size, seed: u64) -> SynthConfig {
    SynthConfig { size, seed, today: today() }
}

struct Authority {
    generator: Generator,
    staff: Vec<NewEvent>,
    households: Vec<Vec<NewEvent>>,
}

impl Authority {
    fn generate(size: Size, seed: u64) -> Authority {
        let mut generator = Generator::new(config(size, seed));
        let staff = generator.staff_events();
        let mut households = Vec::new();
        while let Some(h) = generator.next_household() {
            households.push(h);
        }
        Authority { generator, staff, households }
    }

    fn all(&self) -> impl Iterator<Item = &NewEvent> {
        self.staff.iter().chain(self.households.iter().flatten())
    }

    fn payloads(&self) -> impl Iterator<Item = &EventPayload> {
        self.all().map(|e| &e.payload)
    }

    fn demo(&self, username: &str) -> DemoAccount {
        self.generator.demo_accounts().into_iter().find(|d| d.username == username).unwrap()
    }

    /// Each child's allocation now: the last `ChildAllocated`.
    fn current_allocations(&self) -> HashMap<PersonId, (TeamId, Option<UserId>)> {
        let mut now = HashMap::new();
        for p in self.payloads() {
            if let EventPayload::ChildAllocated(a) = p {
                now.insert(a.child_id, (a.team_id, a.worker_id));
            }
        }
        now
    }
}

#[test]
fn the_same_config_gives_the_same_authority_and_another_seed_another() {
    for size in [Size::Tiny, Size::Small] {
        let a = Authority::generate(size, 7);
        let b = Authority::generate(size, 7);
        assert_eq!(a.staff, b.staff, "{size}");
        assert_eq!(a.households, b.households, "{size}");
        assert_eq!(a.generator.demo_accounts(), b.generator.demo_accounts());
    }
    let a = Authority::generate(Size::Tiny, 7);
    let c = Authority::generate(Size::Tiny, 8);
    assert_ne!(a.households, c.households);
    assert_ne!(a.staff, c.staff);
}

#[test]
fn every_event_of_a_small_authority_validates_on_the_day_it_occurred() {
    let a = Authority::generate(Size::Small, 1);
    let end = time::end_of(today());
    let mut n = 0;
    for e in a.all() {
        if let Err(errors) = e.payload.validate(e.occurred_at.date_naive()) {
            panic!("{} on {} is invalid: {errors}\n{:?}", e.payload.type_name(), e.occurred_at, e.payload);
        }
        assert!(e.occurred_at <= end, "{} occurs after today: {}", e.payload.type_name(), e.occurred_at);
        n += 1;
    }
    assert!(n > 1_000);
}

#[test]
fn staff_come_before_the_history_and_households_run_in_order() {
    let a = Authority::generate(Size::Small, 2);
    let first_household = a.households.iter().flatten().map(|e| e.occurred_at).min().unwrap();
    // The duty rota is the exception: it is set around today.
    let (rota, staff): (Vec<_>, Vec<_>) = a.staff.iter().partition(|e| matches!(e.payload, EventPayload::DutyRotaSet(_)));
    assert!(staff.iter().all(|e| e.occurred_at < first_household));
    assert!(!rota.is_empty(), "the MASH has a duty rota");
    assert!(rota.iter().all(|e| e.occurred_at.date_naive() <= today()));
    let window = today().checked_sub_months(Months::new(60)).unwrap();
    assert!(first_household.date_naive() >= window - chrono::Duration::days(3));
    for h in &a.households {
        assert!(h.windows(2).all(|w| w[0].occurred_at <= w[1].occurred_at), "household events out of order");
    }
}

#[test]
fn ids_are_unique_and_every_reference_is_to_something_recorded_earlier() {
    let a = Authority::generate(Size::Small, 3);
    let mut people = HashSet::new();
    let mut contacts = HashSet::new();
    let mut families = HashSet::new();
    let mut teams = HashSet::new();
    let mut users: HashMap<UserId, Option<TeamId>> = HashMap::new();
    let mut usernames = HashSet::new();
    let mut nhs = HashSet::new();
    let mut upns = HashSet::new();
    let mut unborn: HashSet<PersonId> = HashSet::new();
    let known =
        |people: &HashSet<PersonId>, id: &PersonId| assert!(people.contains(id), "{id} used before it was recorded");
    for p in a.payloads() {
        match p {
            EventPayload::TeamCreated(t) => {
                assert!(teams.insert(t.team_id));
                assert!(t.parent_team_id.is_none_or(|p| teams.contains(&p)));
            }
            EventPayload::StaffAccountCreated(s) => {
                assert!(s.team_id.is_none_or(|t| teams.contains(&t)));
                assert!(users.insert(s.user_id, s.team_id).is_none());
                assert!(usernames.insert(s.username.clone()), "{}", s.username);
            }
            EventPayload::TeamManagerAssigned(m) => {
                assert!(teams.contains(&m.team_id));
                assert_eq!(users.get(&m.manager_id), Some(&Some(m.team_id)));
            }
            EventPayload::ChildRecorded(c) => {
                assert!(people.insert(c.person_id));
                if c.is_unborn() {
                    unborn.insert(c.person_id);
                }
                if let Some(n) = &c.nhs_number {
                    assert!(n.as_str().starts_with("999"));
                    assert!(nhs.insert(n.clone()));
                }
                if let Some(u) = &c.upn {
                    assert_eq!(&u.as_str()[1..4], "999");
                    assert!(upns.insert(u.clone()));
                }
                assert!(c.address.as_ref().is_some_and(|a| a.postcode.starts_with("HT")));
            }
            EventPayload::AdultRecorded(ad) => assert!(people.insert(ad.person_id)),
            EventPayload::FamilyRecorded(f) => {
                assert!(families.insert(f.family_id));
                f.members.iter().for_each(|m| known(&people, m));
            }
            EventPayload::RelationshipRecorded(r) => {
                known(&people, &r.person_id);
                known(&people, &r.related_id);
            }
            EventPayload::ContactReceived(c) => {
                assert!(contacts.insert(c.contact_id));
                c.children.iter().for_each(|ch| known(&people, ch));
            }
            EventPayload::PersonDetailsChanged(d) => {
                known(&people, &d.person_id);
                if d.date_of_birth.is_some() {
                    assert!(unborn.remove(&d.person_id), "only unborn children are born");
                }
                if let Some(n) = &d.nhs_number {
                    assert!(nhs.insert(n.clone()));
                }
            }
            EventPayload::AddressRecorded(ad) => known(&people, &ad.person_id),
            EventPayload::ChildAllocated(al) => {
                known(&people, &al.child_id);
                assert!(teams.contains(&al.team_id));
                if let Some(w) = al.worker_id {
                    assert_eq!(users.get(&w), Some(&Some(al.team_id)), "worker allocated outside their team");
                }
            }
            EventPayload::SignificantEventRecorded(s) => known(&people, &s.child_id),
            EventPayload::ContactRated(_)
            | EventPayload::CheckCompleted(_)
            | EventPayload::CheckNotCompleted(_)
            | EventPayload::ContactDecisionProposed(_)
            | EventPayload::ContactDecisionReturned(_) => {}
            EventPayload::ContactAssigned(c) => {
                assert!(contacts.contains(&c.contact_id));
                assert!(users.contains_key(&c.worker_id), "assigned to an unknown worker");
            }
            EventPayload::CheckRequested(c) => assert!(users.contains_key(&c.owner_id)),
            EventPayload::ContactDecisionAuthorised(d) => {
                assert!(contacts.contains(&d.contact_id));
                d.children.iter().for_each(|ch| known(&people, ch));
            }
            EventPayload::DomesticIncidentNotified(n) => {
                assert!(!n.children.is_empty());
                n.children.iter().for_each(|ch| known(&people, ch));
            }
            EventPayload::DomesticIncidentReviewed(r) => {
                r.children.iter().for_each(|ch| known(&people, ch));
                assert!(r.contact_id.is_none_or(|c| contacts.contains(&c)), "a review names a contact not yet recorded");
            }
            EventPayload::EarlyHelpReferred(r) => {
                known(&people, &r.child_id);
                assert!(r.contact_id.is_none_or(|c| contacts.contains(&c)), "a step-down names a contact not yet recorded");
            }
            EventPayload::EarlyHelpStarted(s) => {
                known(&people, &s.child_id);
                assert!(s.team_id.is_none_or(|t| teams.contains(&t)));
            }
            EventPayload::EarlyHelpKeptInTouch(k) => known(&people, &k.child_id),
            EventPayload::EarlyHelpAssessmentStarted(a) => known(&people, &a.child_id),
            EventPayload::EarlyHelpAssessmentCompleted(a) => known(&people, &a.child_id),
            EventPayload::EarlyHelpSteppedUp(u) => {
                known(&people, &u.child_id);
                assert!(contacts.contains(&u.contact_id), "a step-up names a contact not yet recorded");
            }
            EventPayload::EarlyHelpClosed(c) => known(&people, &c.child_id),
            EventPayload::ReferralOpened(r) => known(&people, &r.child_id),
            EventPayload::ReferralClosed(r) => known(&people, &r.child_id),
            EventPayload::PrimaryNeedRecorded(n) => known(&people, &n.child_id),
            EventPayload::OutOfHoursRecorded(o) => {
                assert!(!o.children.is_empty());
                o.children.iter().for_each(|ch| known(&people, ch));
            }
            EventPayload::OutOfHoursAcknowledged(o) => o.children.iter().for_each(|ch| known(&people, ch)),
            EventPayload::RiskFlagRaised(f) => known(&people, &f.child_id),
            EventPayload::RiskFlagRemoved(f) => known(&people, &f.child_id),
            EventPayload::DutyRotaSet(d) => {
                assert!(teams.contains(&d.team_id));
                d.duty_workers.iter().chain(d.duty_manager.iter()).for_each(|u| assert!(users.contains_key(u), "an unknown worker on duty"));
            }
            // Assessment and child protection work: on a child already recorded.
            EventPayload::AssessmentStarted(_)
            | EventPayload::AssessmentProgressSaved(_)
            | EventPayload::AssessmentSubmitted(_)
            | EventPayload::AssessmentAuthorised(_)
            | EventPayload::CinPlanStarted(_)
            | EventPayload::CinPlanReviewed(_)
            | EventPayload::CinPlanEnded(_)
            | EventPayload::ChildVisited(_)
            | EventPayload::StrategyDiscussionHeld(_)
            | EventPayload::Section47Started(_)
            | EventPayload::Section47Updated(_)
            | EventPayload::ConferenceHeld(_)
            | EventPayload::CpPlanStarted(_)
            | EventPayload::CpPlanEnded(_)
            | EventPayload::CoreGroupHeld(_)
            | EventPayload::ActionCompleted(_)
            | EventPayload::PreProceedingsStarted(_)
            | EventPayload::PreProceedingsReviewed(_)
            | EventPayload::PreProceedingsEnded(_)
            | EventPayload::ProceedingsIssued(_)
            | EventPayload::ProceedingsConcluded(_) => p.subjects().iter().for_each(|c| known(&people, c)),
            // Children in care: on a child already recorded.
            EventPayload::CareEpisodeStarted(_)
            | EventPayload::CareEpisodeEnded(_)
            | EventPayload::LookedAfterReviewHeld(_)
            | EventPayload::MissingEpisodeRecorded(_)
            | EventPayload::UascStatusRecorded(_)
            | EventPayload::HealthOutcomesRecorded(_)
            | EventPayload::CareLeaverContactRecorded(_)
            | EventPayload::AdoptionMilestoneRecorded(_)
            | EventPayload::PreviousPermanenceRecorded(_)
            | EventPayload::ChildBornToLookedAfterYoungPerson(_) => p.subjects().iter().for_each(|c| known(&people, c)),
            other => panic!("unexpected event {}", other.type_name()),
        }
    }
    assert!(contacts.len() > people.len() / 2);
}

#[test]
fn children_still_unborn_today_are_expected_within_nine_months() {
    for seed in 1..4 {
        let a = Authority::generate(Size::Small, seed);
        let mut unborn = HashMap::new();
        for p in a.payloads() {
            match p {
                EventPayload::ChildRecorded(c) if c.is_unborn() => {
                    unborn.insert(c.person_id, c.expected_date_of_birth.unwrap());
                }
                EventPayload::PersonDetailsChanged(d) if d.date_of_birth.is_some() => {
                    unborn.remove(&d.person_id);
                }
                _ => {}
            }
        }
        for edd in unborn.values() {
            assert!(*edd >= today() && *edd <= today() + chrono::Duration::days(280), "{edd}");
        }
    }
}

#[test]
fn proportions_are_plausible_for_a_small_authority() {
    let a = Authority::generate(Size::Small, 4);
    let mut sources: HashMap<ReferralSource, usize> = HashMap::new();
    let (mut children, mut unborn, mut unknown_sex, mut disabled, mut several) = (0, 0, 0, 0, 0);
    let mut contacts = 0;
    for e in a.all() {
        match &e.payload {
            EventPayload::ChildRecorded(c) => {
                children += 1;
                if c.is_unborn() {
                    unborn += 1;
                } else {
                    unknown_sex += usize::from(c.sex == Sex::Unknown);
                    let age =
                        hearth_domain::people::age_on(c.date_of_birth.unwrap(), e.occurred_at.date_naive()).unwrap();
                    assert!(age <= 17, "{age}");
                }
                disabled += usize::from(c.disabilities.iter().any(|d| *d != Disability::None));
            }
            EventPayload::ContactReceived(c) => {
                contacts += 1;
                *sources.entry(c.source).or_default() += 1;
                several += usize::from(c.children.len() > 1);
            }
            _ => {}
        }
    }
    let share = |n: usize, of: usize| n as f64 / of as f64;
    let (top, top_n) = sources.iter().max_by_key(|(_, n)| **n).map(|(s, n)| (*s, *n)).unwrap();
    assert_eq!(top, ReferralSource::Police, "{sources:?}");
    assert!((0.2..0.4).contains(&share(top_n, contacts)));
    assert!(share(unborn, children) < 0.05, "{unborn} of {children}");
    assert!(share(unknown_sex, children) < 0.03);
    assert!((0.02..0.2).contains(&share(disabled, children)), "{disabled} of {children}");
    assert!((0.15..0.7).contains(&share(several, contacts)), "{several} of {contacts}");
    assert!((200..450).contains(&children), "{children}");
    assert!(contacts > 2 * children, "{contacts} contacts, {children} children");
}

#[test]
fn demo_accounts_exist_with_their_roles_in_sensible_teams() {
    let a = Authority::generate(Size::Tiny, 5);
    let expected = [
        ("sw.demo", Role::Practitioner),
        ("tm.demo", Role::TeamManager),
        ("sm.demo", Role::ServiceManager),
        ("mash.demo", Role::MashWorker),
        ("iro.demo", Role::Iro),
        ("qa.demo", Role::QaAuditor),
        ("pa.demo", Role::PerformanceAnalyst),
        ("admin.demo", Role::Administrator),
    ];
    let accounts = a.generator.demo_accounts();
    assert_eq!(accounts.len(), expected.len());
    let teams: HashMap<TeamId, TeamKind> = a
        .payloads()
        .filter_map(|p| if let EventPayload::TeamCreated(t) = p { Some((t.team_id, t.kind)) } else { None })
        .collect();
    for (username, role) in expected {
        let d = a.demo(username);
        assert_eq!(d.role, role);
        let created = a
            .payloads()
            .find_map(|p| match p {
                EventPayload::StaffAccountCreated(s) if s.user_id == d.user_id => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{username} has no account"));
        assert_eq!((created.username.as_str(), created.role, created.team_id), (username, role, d.team_id));
        let kind = teams[&d.team_id.unwrap()];
        let sensible = match role {
            Role::Practitioner | Role::TeamManager | Role::ServiceManager => {
                kind == TeamKind::ChildInNeedChildProtection
            }
            Role::MashWorker => kind == TeamKind::Mash,
            Role::Iro => kind == TeamKind::IroConference,
            Role::QaAuditor => kind == TeamKind::QualityAssurance,
            Role::PerformanceAnalyst => kind == TeamKind::Performance,
            Role::Administrator => kind == TeamKind::Administration,
        };
        assert!(sensible, "{username} is in a {kind:?} team");
    }
    let sw = a.demo("sw.demo");
    let tm = a.demo("tm.demo");
    assert!(a.payloads().any(|p| matches!(p, EventPayload::TeamManagerAssigned(m) if m.manager_id == tm.user_id && Some(m.team_id) == sw.team_id)));
}

#[test]
fn the_demo_social_worker_has_a_believable_caseload_at_every_small_size() {
    for size in [Size::Tiny, Size::Small] {
        for seed in [1, 2, 3] {
            let a = Authority::generate(size, seed);
            let sw = a.demo("sw.demo");
            let now = a.current_allocations();
            let mine = now.values().filter(|(_, w)| *w == Some(sw.user_id)).count();
            let team = now.values().filter(|(t, _)| Some(*t) == sw.team_id).count();
            assert!((12..=18).contains(&mine), "{size} seed {seed}: sw.demo holds {mine}");
            assert!(team > mine, "{size} seed {seed}: tm.demo's team holds {team}");
        }
    }
}

#[test]
fn caseloads_stay_within_reason_and_some_cases_wait_unallocated() {
    let a = Authority::generate(Size::Small, 6);
    let now = a.current_allocations();
    let mut per_worker: HashMap<UserId, usize> = HashMap::new();
    for (_, w) in now.values() {
        if let Some(w) = w {
            *per_worker.entry(*w).or_default() += 1;
        }
    }
    assert!(per_worker.values().all(|n| *n <= 25), "{per_worker:?}");
    assert!(now.len() > 40);
}

#[test]
fn household_count_matches_what_is_yielded() {
    for size in [Size::Tiny, Size::Small] {
        let a = Authority::generate(size, 9);
        assert_eq!(a.households.len() as u64, a.generator.household_count());
        assert!(a.households.iter().all(|h| !h.is_empty()));
    }
    assert_eq!(Generator::new(config(Size::England, 1)).household_count(), 33 * Size::Largest.households());
}

#[test]
fn the_authority_is_fictional() {
    let g = Generator::new(config(Size::Tiny, 1));
    assert_eq!(g.authority_name(), "Hearthshire Council");
}

/// Replays one household's front-door events under the store's rules
/// (crates/store/src/projections/front_door.rs) and returns what it would
/// refuse. `contacts` carries every contact seen so far (chains may only
/// name earlier contacts).
fn front_door_violations(household: &[NewEvent], contacts: &mut HashMap<ContactId, Replayed>) -> Vec<String> {
    let mut out = Vec::new();
    let mut checks: HashMap<CheckId, (ContactId, CheckState)> = HashMap::new();
    for e in household {
        let open = |contacts: &HashMap<ContactId, Replayed>, id: &ContactId, what: &str, out: &mut Vec<String>| {
            match contacts.get(id) {
                None => out.push(format!("{what} about unknown contact {id}")),
                Some(c) if c.closed => out.push(format!("{what} on closed contact {id} at {}", e.occurred_at)),
                Some(c) if e.occurred_at < c.received_at => out.push(format!("{what} before contact {id} was received")),
                Some(_) => {}
            }
        };
        match &e.payload {
            EventPayload::ContactReceived(c) => {
                if let Some(start) = c.chain_start {
                    match contacts.get(&start) {
                        None => out.push(format!("contact {} chains to unknown {start}", c.contact_id)),
                        Some(s) if s.chain_start.is_some() => {
                            out.push(format!("contact {} chains to {start}, which is not a chain's first", c.contact_id))
                        }
                        Some(s) if s.received_at > c.received_at => out.push(format!("chain start {start} is later")),
                        Some(_) => {}
                    }
                }
                let fresh = Replayed {
                    received_at: c.received_at,
                    children: c.children.clone(),
                    chain_start: c.chain_start,
                    closed: false,
                    pending: None,
                };
                if contacts.insert(c.contact_id, fresh).is_some() {
                    out.push(format!("contact {} received twice", c.contact_id));
                }
            }
            EventPayload::ContactRated(r) => open(contacts, &r.contact_id, "rating", &mut out),
            EventPayload::ContactAssigned(a) => open(contacts, &a.contact_id, "assignment", &mut out),
            EventPayload::CheckRequested(c) => {
                open(contacts, &c.contact_id, "check", &mut out);
                if checks.insert(c.check_id, (c.contact_id, CheckState::Requested)).is_some() {
                    out.push(format!("check {} requested twice", c.check_id));
                }
            }
            EventPayload::CheckCompleted(CheckCompleted { contact_id, check_id, .. })
            | EventPayload::CheckNotCompleted(CheckNotCompleted { contact_id, check_id, .. }) => {
                let done = if matches!(e.payload, EventPayload::CheckCompleted(_)) {
                    CheckState::Completed
                } else {
                    CheckState::NotCompleted
                };
                match checks.get_mut(check_id) {
                    Some((c, state)) if c == contact_id && *state == CheckState::Requested => *state = done,
                    _ => out.push(format!("check {check_id} is not waiting for a result")),
                }
            }
            EventPayload::ContactDecisionProposed(p) => {
                open(contacts, &p.contact_id, "proposal", &mut out);
                if let Some(c) = contacts.get_mut(&p.contact_id) {
                    if c.pending.is_some() {
                        out.push(format!("a second decision proposed on {}", p.contact_id));
                    }
                    c.pending = Some(p.decision_id);
                }
            }
            EventPayload::ContactDecisionReturned(r) => match contacts.get_mut(&r.contact_id) {
                Some(c) if c.pending == Some(r.decision_id) => c.pending = None,
                _ => out.push(format!("returned a decision not waiting on {}", r.contact_id)),
            },
            EventPayload::ContactDecisionAuthorised(a) => {
                let blocking = checks.values().filter(|(c, s)| *c == a.contact_id && *s == CheckState::Requested).count();
                if blocking > 0 {
                    out.push(format!("authorised {} with {blocking} check(s) still requested", a.contact_id));
                }
                match contacts.get_mut(&a.contact_id) {
                    Some(c) if c.pending == Some(a.decision_id) => {
                        if a.children != c.children {
                            out.push(format!("authorised {} for other children", a.contact_id));
                        }
                        c.pending = None;
                        c.closed = true;
                    }
                    _ => out.push(format!("authorised a decision not waiting on {}", a.contact_id)),
                }
            }
            _ => {}
        }
    }
    out
}

struct Replayed {
    received_at: chrono::DateTime<chrono::Utc>,
    children: Vec<PersonId>,
    chain_start: Option<ContactId>,
    closed: bool,
    pending: Option<DecisionId>,
}

#[test]
fn front_door_histories_keep_the_stores_rules() {
    for (size, seed) in [(Size::Tiny, 1), (Size::Tiny, 2), (Size::Small, 1), (Size::Small, 42)] {
        let a = Authority::generate(size, seed);
        let mut contacts = HashMap::new();
        for h in &a.households {
            let v = front_door_violations(h, &mut contacts);
            assert!(v.is_empty(), "{size} seed {seed}: {}", v.join("\n"));
        }
        assert!(contacts.len() > 100, "{size}: {} contacts", contacts.len());
    }
}

#[test]
fn the_replay_catches_what_the_store_refuses() {
    let a = Authority::generate(Size::Tiny, 3);
    let h = a
        .households
        .iter()
        .find(|h| {
            // A household whose first checked contact was decided and authorised.
            let first = h.iter().find_map(|e| if let EventPayload::CheckRequested(c) = &e.payload { Some(c.contact_id) } else { None });
            first.is_some_and(|c| {
                h.iter().any(|e| matches!(&e.payload, EventPayload::ContactDecisionAuthorised(a) if a.contact_id == c))
            })
        })
        .unwrap();
    // Authorising before the checks come back is refused.
    let mut early: Vec<NewEvent> = h.clone();
    // The authorisation of the contact whose checks were requested.
    let check = early.iter().position(|e| matches!(e.payload, EventPayload::CheckRequested(_))).unwrap();
    let EventPayload::CheckRequested(requested) = &early[check].payload else { unreachable!() };
    let contact = requested.contact_id;
    let auth = early
        .iter()
        .position(|e| matches!(&e.payload, EventPayload::ContactDecisionAuthorised(a) if a.contact_id == contact))
        .unwrap();
    let moved = early.remove(auth);
    early.insert(check + 1, moved);
    assert!(!front_door_violations(&early, &mut HashMap::new()).is_empty());
    // So is anything about a contact before it is received.
    let late: Vec<NewEvent> = h.iter().filter(|e| !matches!(e.payload, EventPayload::ContactReceived(_))).cloned().collect();
    assert!(!front_door_violations(&late, &mut HashMap::new()).is_empty());
    assert!(front_door_violations(h, &mut HashMap::new()).is_empty());
}

/// What the front door looks like at `today`.
#[derive(Debug, Default)]
struct FrontDoor {
    contacts: usize,
    /// Received in the last three days.
    recent: usize,
    open: usize,
    open_unrated: usize,
    open_awaiting: usize,
    open_with_requested_checks: usize,
    rags: HashMap<Rag, usize>,
    contacts_with_checks: usize,
    checks: usize,
    checks_not_completed: usize,
    outcomes: HashMap<ContactOutcome, usize>,
    consent: HashMap<ConsentStatus, usize>,
    returned: usize,
    chained: usize,
    /// Decided more than 24 hours after receipt.
    over_24_hours: usize,
    /// Closed with no further action within hours and followed by another
    /// contact about the same child within ten days.
    quick_nfa_then_again: usize,
}

fn front_door(households: &[Vec<NewEvent>]) -> FrontDoor {
    let mut f = FrontDoor::default();
    for h in households {
        let mut received: HashMap<ContactId, (chrono::DateTime<chrono::Utc>, Vec<PersonId>)> = HashMap::new();
        let mut closed: HashMap<ContactId, ContactOutcome> = HashMap::new();
        let mut proposed: HashSet<ContactId> = HashSet::new();
        let mut rated: HashSet<ContactId> = HashSet::new();
        let mut checks: HashMap<CheckId, (ContactId, bool)> = HashMap::new();
        let mut quick_nfa: Vec<(chrono::DateTime<chrono::Utc>, Vec<PersonId>)> = Vec::new();
        for e in h {
            match &e.payload {
                EventPayload::ContactReceived(c) => {
                    f.contacts += 1;
                    f.recent += usize::from(time::end_of(today()) - c.received_at < chrono::Duration::days(3));
                    f.chained += usize::from(c.chain_start.is_some());
                    if quick_nfa.iter().any(|(t, kids)| {
                        c.received_at > *t
                            && c.received_at - *t <= chrono::Duration::days(11)
                            && kids.iter().any(|k| c.children.contains(k))
                    }) {
                        f.quick_nfa_then_again += 1;
                    }
                    received.insert(c.contact_id, (c.received_at, c.children.clone()));
                }
                EventPayload::ContactRated(r) => {
                    *f.rags.entry(r.rag).or_default() += 1;
                    rated.insert(r.contact_id);
                }
                EventPayload::CheckRequested(c) => {
                    f.checks += 1;
                    checks.insert(c.check_id, (c.contact_id, true));
                }
                EventPayload::CheckCompleted(c) => {
                    checks.insert(c.check_id, (c.contact_id, false));
                }
                EventPayload::CheckNotCompleted(c) => {
                    f.checks_not_completed += 1;
                    checks.insert(c.check_id, (c.contact_id, false));
                }
                EventPayload::ContactDecisionProposed(p) => {
                    proposed.insert(p.contact_id);
                    *f.consent.entry(p.consent.status).or_default() += 1;
                }
                EventPayload::ContactDecisionReturned(r) => {
                    f.returned += 1;
                    proposed.remove(&r.contact_id);
                }
                EventPayload::ContactDecisionAuthorised(a) => {
                    *f.outcomes.entry(a.outcome).or_default() += 1;
                    closed.insert(a.contact_id, a.outcome);
                    proposed.remove(&a.contact_id);
                    let (at, kids) = received[&a.contact_id].clone();
                    if e.occurred_at - at > chrono::Duration::hours(24) {
                        f.over_24_hours += 1;
                    }
                    if a.outcome == ContactOutcome::NoFurtherAction && e.occurred_at - at < chrono::Duration::hours(4) {
                        quick_nfa.push((e.occurred_at, kids));
                    }
                }
                _ => {}
            }
        }
        let with_checks: HashSet<ContactId> = checks.values().map(|(c, _)| *c).collect();
        f.contacts_with_checks += with_checks.len();
        for id in received.keys().filter(|id| !closed.contains_key(id)) {
            f.open += 1;
            f.open_unrated += usize::from(!rated.contains(id));
            f.open_awaiting += usize::from(proposed.contains(id));
            f.open_with_requested_checks += usize::from(checks.values().any(|(c, waiting)| c == id && *waiting));
        }
    }
    f
}

#[test]
fn the_front_door_is_plausible_for_a_small_authority() {
    let a = Authority::generate(Size::Small, 4);
    let f = front_door(&a.households);
    let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
    let rated: usize = f.rags.values().sum();
    let decided: usize = f.outcomes.values().sum();
    let outcome = |o: ContactOutcome| f.outcomes.get(&o).copied().unwrap_or(0);
    assert!((0.08..0.25).contains(&share(f.rags[&Rag::Red], rated)), "{f:?}");
    assert!((0.2..0.4).contains(&share(outcome(ContactOutcome::Referral), decided)), "{f:?}");
    for o in ContactOutcome::ALL {
        assert!(outcome(*o) > 0, "no {o:?}: {f:?}");
    }
    assert!((0.35..0.65).contains(&share(f.contacts_with_checks, f.contacts)), "{f:?}");
    assert!(f.checks_not_completed > 0 && share(f.checks_not_completed, f.checks) < 0.15, "{f:?}");
    assert!((0.03..0.2).contains(&share(f.over_24_hours, decided)), "{f:?}");
    assert!(f.open > 10 && f.open < 120, "{f:?}");
    assert!(f.open_unrated > 0 && f.open_awaiting > 0, "{f:?}");
    assert!(f.returned > 0 && f.chained > 0 && f.quick_nfa_then_again > 0, "{f:?}");
    assert_eq!(f.consent.len(), ConsentStatus::ALL.len(), "{f:?}");
    assert_eq!(f.contacts, decided + f.open);
}

#[test]
fn contacts_that_opened_a_journey_were_referred() {
    // Every child allocated to an assessment team came through a contact
    // authorised as a referral or strategy discussion before the allocation.
    let a = Authority::generate(Size::Small, 5);
    let teams: HashMap<TeamId, TeamKind> = a
        .payloads()
        .filter_map(|p| if let EventPayload::TeamCreated(t) = p { Some((t.team_id, t.kind)) } else { None })
        .collect();
    let mut checked = 0;
    for h in &a.households {
        let mut referred: HashSet<PersonId> = HashSet::new();
        for e in h {
            match &e.payload {
                EventPayload::ContactDecisionAuthorised(d)
                    if matches!(d.outcome, ContactOutcome::Referral | ContactOutcome::StrategyDiscussion) =>
                {
                    referred.extend(d.children.iter().copied());
                }
                EventPayload::ChildAllocated(al) if teams[&al.team_id] == TeamKind::Assessment => {
                    checked += 1;
                    let family_referred = !referred.is_empty();
                    assert!(family_referred, "allocated for assessment at {} with no referral", e.occurred_at);
                }
                _ => {}
            }
        }
    }
    assert!(checked > 20);
}

/// Prints the counts quoted in the crate's docs:
/// `cargo test -p hearth-synth --release -- --ignored --nocapture counts`.
#[test]
#[ignore]
fn counts() {
    for size in [Size::Tiny, Size::Small, Size::Medium, Size::Largest] {
        let mut g = Generator::new(config(size, 1));
        let staff = g.staff_events();
        let mut events = staff.len();
        let mut kinds: HashMap<TeamKind, usize> = HashMap::new();
        let mut roles: HashMap<Role, (usize, usize)> = HashMap::new();
        let mut team_kind: HashMap<TeamId, TeamKind> = HashMap::new();
        for e in &staff {
            match &e.payload {
                EventPayload::TeamCreated(t) => {
                    *kinds.entry(t.kind).or_default() += 1;
                    team_kind.insert(t.team_id, t.kind);
                }
                EventPayload::StaffAccountCreated(s) => {
                    let r = roles.entry(s.role).or_default();
                    r.0 += 1;
                    r.1 += usize::from(s.agency);
                }
                _ => {}
            }
        }
        let mut now: HashMap<PersonId, (TeamId, Option<UserId>)> = HashMap::new();
        let (mut households, mut children, mut contacts, mut allocated) = (0, 0, 0, HashSet::new());
        let mut per_year: HashMap<i32, usize> = HashMap::new();
        while let Some(h) = g.next_household() {
            households += 1;
            events += h.len();
            for e in &h {
                match &e.payload {
                    EventPayload::ChildRecorded(_) => children += 1,
                    EventPayload::ContactReceived(c) => {
                        contacts += 1;
                        let days = (today() - c.received_at.date_naive()).num_days();
                        *per_year.entry((days / 365) as i32).or_default() += 1;
                    }
                    EventPayload::ChildAllocated(a) => {
                        allocated.insert(a.child_id);
                        now.insert(a.child_id, (a.team_id, a.worker_id));
                    }
                    _ => {}
                }
            }
        }
        let mut by_kind: HashMap<TeamKind, (usize, usize)> = HashMap::new();
        let mut loads: HashMap<UserId, usize> = HashMap::new();
        for (team, worker) in now.values() {
            let k = by_kind.entry(team_kind[team]).or_default();
            k.0 += 1;
            if let Some(w) = worker {
                *loads.entry(*w).or_default() += 1;
            } else {
                k.1 += 1;
            }
        }
        let max_load = loads.values().max().copied().unwrap_or(0);
        let mean_load = loads.values().sum::<usize>() as f64 / loads.len().max(1) as f64;
        println!(
            "{size}: teams {kinds:?}\n  staff (n, agency) {roles:?}\n  open children (all, unallocated) by team kind {by_kind:?}; caseload mean {mean_load:.1} max {max_load}"
        );
        let mut years: Vec<_> = per_year.into_iter().collect();
        years.sort();
        println!(
            "{size}: {households} households, {children} children, {contacts} contacts, {} allocated now, {} staff events, {events} events; contacts by years ago {years:?}",
            allocated.len(),
            staff.len()
        );
    }
}

/// Prints staff and sample households for reading (`SHOW=text` picks
/// households with an event whose summary contains it):
/// `cargo test -p hearth-synth --release -- --ignored --nocapture show`.
#[test]
#[ignore]
fn show() {
    let mut g = Generator::new(config(Size::Small, 1));
    for e in g.staff_events().iter().take(200) {
        if let EventPayload::StaffAccountCreated(s) = &e.payload {
            println!("{} {} {:?} {:?} agency={}", s.username, s.display_name, s.role, s.job_title, s.agency);
        } else {
            println!("{}", e.payload.summary());
        }
    }
    let wanted = std::env::var("SHOW").unwrap_or_default();
    let mut shown = 0;
    while let Some(h) = g.next_household() {
        if shown >= 25 || !h.iter().any(|e| e.payload.summary().contains(&wanted)) {
            continue;
        }
        shown += 1;
        println!("-----");
        for e in h.iter() {
            let extra = match &e.payload {
                EventPayload::ContactReceived(c) => format!(
                    " {} chain {:?} [{}] {} / {:?} / {:?}",
                    c.contact_id,
                    c.chain_start,
                    c.children.len(),
                    c.concern,
                    c.referrer_name,
                    c.referrer_organisation
                ),
                EventPayload::ChildRecorded(c) => format!(
                    " {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                    c.date_of_birth, c.sex, c.ethnicity, c.disabilities, c.nhs_number, c.upn, c.address
                ),
                EventPayload::AdultRecorded(c) => format!(" {:?} {:?} {:?}", c.date_of_birth, c.sex, c.address),
                EventPayload::RelationshipRecorded(r) => {
                    format!(" lives_with={} pr={}", r.lives_with, r.parental_responsibility)
                }
                EventPayload::SignificantEventRecorded(s) => {
                    format!(" {} | {} | {}", s.occurred_on, s.what_happened, s.analysis)
                }
                EventPayload::ChildAllocated(a) => {
                    format!(" from {} team {} worker {:?}", a.from, a.team_id, a.worker_id)
                }
                EventPayload::ContactRated(r) => format!(" by {} {:?}", r.screen_by.format("%Y-%m-%d %H:%M"), r.note),
                EventPayload::CheckRequested(c) => {
                    format!(" {:?}: {} (due {})", c.agency_detail, c.question, c.due_at.format("%Y-%m-%d %H:%M"))
                }
                EventPayload::CheckCompleted(c) => format!(": {}", c.result),
                EventPayload::CheckNotCompleted(c) => format!(": {}", c.reason),
                EventPayload::ContactDecisionProposed(p) => {
                    format!(" level {} | {} | consent {:?}", p.threshold.code(), p.rationale, p.consent)
                }
                EventPayload::ContactDecisionReturned(r) => format!(": {}", r.reason),
                EventPayload::ContactDecisionAuthorised(a) => format!(" {:?}", a.manager_note),
                _ => String::new(),
            };
            println!("{} {}{}", e.occurred_at.format("%Y-%m-%d %H:%M"), e.payload.summary(), extra);
        }
    }
}

/// Streams the England size and reports time and volume:
/// `cargo test -p hearth-synth --release -- --ignored --nocapture england`.
#[test]
#[ignore]
fn england_streams() {
    let started = std::time::Instant::now();
    let mut g = Generator::new(config(Size::England, 1));
    let mut events = g.staff_events().len();
    println!("staff ready after {:?}: {events} events", started.elapsed());
    let mut biggest = 0;
    let mut n = 0u64;
    while let Some(h) = g.next_household() {
        events += h.len();
        biggest = biggest.max(h.len());
        n += 1;
        if n.is_multiple_of(200_000) {
            println!("{n} households after {:?}", started.elapsed());
        }
    }
    println!(
        "england: {} households, {events} events, largest household {biggest} events, {:?}",
        g.household_count(),
        started.elapsed()
    );
}

/// Prints the front door's figures at `today`:
/// `cargo test -p hearth-synth --release -- --ignored --nocapture front_door_counts`.
#[test]
#[ignore]
fn front_door_counts() {
    for (size, seed) in [(Size::Tiny, 1), (Size::Small, 1), (Size::Small, 42), (Size::Medium, 1)] {
        let a = Authority::generate(size, seed);
        let f = front_door(&a.households);
        let events: usize = a.households.iter().map(Vec::len).sum();
        println!("{size} seed {seed}: {events} household events\n{f:#?}");
    }
}

#[test]
fn a_monday_opens_with_the_weekends_out_of_hours_handover_and_older_ones_taken_on() {
    let a = Authority::generate(Size::Small, 3);
    let mut recorded = HashMap::new();
    let mut taken_on = HashSet::new();
    for p in a.payloads() {
        match p {
            EventPayload::OutOfHoursRecorded(o) => {
                recorded.insert(o.record_id, o.handover_due);
            }
            EventPayload::OutOfHoursAcknowledged(o) => {
                assert!(recorded.contains_key(&o.record_id), "taken on before it was recorded");
                taken_on.insert(o.record_id);
            }
            _ => {}
        }
    }
    let waiting: Vec<_> = recorded.iter().filter(|(id, _)| !taken_on.contains(*id)).collect();
    assert!(recorded.len() > 10, "the out-of-hours service attends some police contacts: {}", recorded.len());
    assert!(!waiting.is_empty(), "today's handover is waiting");
    assert!(waiting.iter().all(|(_, due)| due.date_naive() >= today()), "only today's handover is still waiting");
}
