//! Scenario tests of the synthetic authority as a whole.

use super::*;
use hearth_domain::EventPayload;
use hearth_domain::codes::{Disability, ReferralSource, Sex};
use hearth_domain::staff::TeamKind;
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
    assert!(a.staff.iter().all(|e| e.occurred_at < first_household));
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
                    " [{}] {} / {:?} / {:?}",
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
