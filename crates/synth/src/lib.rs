//! The synthetic authority: Hearthshire Council, a fictional English
//! authority with its teams, staff, families and five years of their
//! history (every contact with its front-door triage, checks and
//! decision), for `hearth demo`, tests and benchmarks.
//!
//! Everything is invented: names from short lists of common names, streets
//! in the fictional town of Hearthton, postcodes in the unused "HT" area,
//! NHS numbers in the 999 range the NHS keeps for testing, UPNs under LA
//! code 999. Nothing is sampled from real records.
//!
//! Generation is deterministic: the same size, seed and `today` give the
//! same events, ids included. It streams: `next_household` builds one
//! family at a time, so even the England size (about a million households)
//! never sits in memory. Every event passes the domain's validation for
//! the day it occurred, and nothing occurs after `today`.
//!
//! ```no_run
//! use hearth_synth::{Generator, Size, SynthConfig};
//! let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
//! let mut g = Generator::new(SynthConfig { size: Size::Small, seed: 1, today });
//! let staff = g.staff_events();
//! while let Some(events) = g.next_household() {
//!     // append `events` to the store
//! }
//! ```

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]


mod care;
mod caseloads;
mod contacts;
mod domestic_incidents;
mod early_help;
mod households;
mod journeys;
mod mash;
mod mint;
mod names;
mod out_of_hours;
mod places;
mod protection;
mod referrals;
mod rng;
mod rota;
mod significant;
mod size;
mod staff;
mod text;
mod time;

pub use hearth_domain::NewEvent;
pub use size::Size;

use caseloads::Caseloads;
use mash::Mash;
use chrono::{Months, NaiveDate};
use hearth_domain::staff::{Role, TeamKind};
use hearth_domain::{TeamId, UserId};
use mint::{IdMint, NhsNumbers, Upns};
use rng::{Rng, mix};
use staff::Roster;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthConfig {
    pub size: Size,
    pub seed: u64,
    /// The last day of the history: nothing occurs after it.
    pub today: NaiveDate,
}

/// A fixed account for demonstrations, one per role (`sw.demo`, `tm.demo`…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team_id: Option<TeamId>,
}

/// The demo practitioner carries a full but safe caseload, 12 to 18
/// children, so "My work" is believable at every size.
const DEMO_CASELOAD: (u64, u64) = (12, 18);

/// Children held in sw.demo's team by colleagues (or waiting), at least.
const DEMO_TEAM_OTHERS: u32 = 10;

/// Unaccompanied asylum-seeking children arriving, per household generated:
/// about one in twelve children looked after in England is one.
const UASC_PER_HOUSEHOLD: f64 = 1.0 / 250.0;

/// Five years of history.
const HISTORY_MONTHS: u32 = 60;

/// Staff accounts exist a month before the first family is recorded.
const STAFF_LEAD_DAYS: i64 = 30;

/// Builds the authority: the roster (teams and staff) up front, then one
/// household at a time. Each household draws from its own random stream
/// (seed and household number), so its history does not depend on the
/// others; only ids, identifiers and caseload counts run across households.
pub struct Generator {
    config: SynthConfig,
    window_start: NaiveDate,
    roster: Roster,
    mash: Mash,
    early_help: early_help::Service,
    protection: protection::Service,
    care: care::Service,
    caseloads: Caseloads,
    mint: IdMint,
    nhs: NhsNumbers,
    upns: Upns,
    households: u64,
    next: u64,
    demo_target: u32,
    /// sw.demo's families generated so far.
    demo_households: u32,
}

impl Generator {
    pub fn new(config: SynthConfig) -> Generator {
        let households = config.size.households();
        let mut mint = IdMint::new(config.seed);
        let roster = Roster::build(households, config.seed, &mut mint);
        let caseloads = Caseloads::new(&roster);
        let mash = Mash::from_roster(&roster);
        let early_help = early_help::Service::from_roster(&roster);
        let protection = protection::Service::from_roster(&roster);
        let care = care::Service::from_roster(&roster);
        let window_start = config
            .today
            .checked_sub_months(Months::new(HISTORY_MONTHS))
            .unwrap_or(config.today - chrono::Duration::days(1_826));
        let (lo, hi) = DEMO_CASELOAD;
        let demo_target = Rng::new(mix(config.seed, 0xDE40)).range(lo as i64, hi as i64) as u32;
        Generator {
            config,
            window_start,
            roster,
            mash,
            early_help,
            protection,
            care,
            caseloads,
            mint,
            nhs: NhsNumbers::new(config.seed),
            upns: Upns::default(),
            households,
            next: 0,
            demo_target,
            demo_households: 0,
        }
    }

    pub fn authority_name(&self) -> &str {
        "Hearthshire Council"
    }

    /// How many households `next_household` yields in all.
    pub fn household_count(&self) -> u64 {
        self.households
    }

    /// Teams, staff accounts (the demo accounts among them) and team
    /// managers, dated a month before the history starts, then the MASH duty
    /// rota around today. Call first, once.
    pub fn staff_events(&mut self) -> Vec<NewEvent> {
        let day = self.window_start - chrono::Duration::days(STAFF_LEAD_DAYS);
        let mut events: Vec<NewEvent> = self
            .roster
            .events()
            .into_iter()
            .enumerate()
            .map(|(i, payload)| NewEvent::new(payload, time::at(day, 9 * 3600 + (i as u32).min(50_000))))
            .collect();
        events.extend(rota::events(&self.roster, self.config.today));
        events
    }

    pub fn demo_accounts(&self) -> Vec<DemoAccount> {
        self.roster.demo.clone()
    }

    /// One family's whole history, in the order it happened, or `None` when
    /// every household has been yielded.
    pub fn next_household(&mut self) -> Option<Vec<NewEvent>> {
        if self.next >= self.households {
            return None;
        }
        self.next += 1;
        let mut rng = Rng::new(mix(self.config.seed, self.next));
        // The first households fill sw.demo's caseload, so it is the same
        // size whatever the authority's size, and then give sw.demo's
        // colleagues some work, so tm.demo's team is more than sw.demo.
        let given = self.caseloads.demo_children();
        let demo = if given < self.demo_target {
            households::Demo::Worker(self.demo_target - given)
        } else if self.caseloads.demo_team_others() < DEMO_TEAM_OTHERS {
            households::Demo::Team
        } else {
            households::Demo::No
        };
        let mut ctx = households::Context {
            queue_intake_rate: households::queue_intake_rate(self.households),
            today: self.config.today,
            window_start: self.window_start,
            caseloads: &mut self.caseloads,
            mint: &mut self.mint,
            nhs: &mut self.nhs,
            upns: &mut self.upns,
            mash: &self.mash,
            demo_nth: self.demo_households,
        };
        let mut events = households::generate(&mut ctx, &mut rng, demo);
        if matches!(demo, households::Demo::Worker(_)) {
            self.demo_households += 1;
        }
        // Episodes and risk flags have their own random stream too.
        let mut cin_rng = Rng::new(mix(self.config.seed ^ 0xC1_4E_ED, self.next));
        referrals::add(&mut events, &mut self.mint, &mut cin_rng, self.config.today);
        // Assessments, plans and conferences have their own stream too.
        let mut cp_rng = Rng::new(mix(self.config.seed ^ 0xC9_5047, self.next));
        protection::add(&mut events, &mut self.protection, &mut self.mint, &mut cp_rng, self.config.today);
        // Care episodes follow from the journey and the proceedings, on a stream of their own.
        let mut care_rng = Rng::new(mix(self.config.seed ^ 0x0CA4_E903, self.next));
        care::add(&mut events, &self.care, &mut self.mint, &mut care_rng, self.config.today);
        if care_rng.chance(UASC_PER_HOUSEHOLD) {
            let span = (self.config.today - self.window_start).num_days().max(1);
            let arrived = self.config.today - chrono::Duration::days(care_rng.range(0, span - 1));
            let allocation = self.caseloads.team(TeamKind::ChildrenInCare, &mut care_rng).and_then(|team| {
                let worker = self.caseloads.allocate(team, 1, &mut care_rng);
                self.caseloads.team_id(team).map(|t| (t, worker))
            });
            events.extend(care::uasc_arrival(&mut self.mint, &mut care_rng, self.config.today, arrived, allocation));
            events.sort_by_key(|e| e.occurred_at);
        }
        let mut ooh_rng = Rng::new(mix(self.config.seed ^ 0x0000_E0D7, self.next));
        out_of_hours::add(&mut events, &mut self.mint, &mut ooh_rng, &self.mash.calendar, self.config.today);
        domestic_incidents::add(&mut events, self.config.seed, self.next, self.households, self.config.today);
        // Early help's own random stream, so the rest of the history is as before.
        let mut eh_rng = Rng::new(mix(self.config.seed ^ 0xEA51_4E1F, self.next));
        early_help::add(&mut events, &self.early_help, &self.mash, &mut self.mint, &mut eh_rng, self.config.today);
        record_people_first(&mut events);
        Some(events)
    }
}

/// Moves the event recording a person before the first event about them,
/// should any module have dated work earlier than the record (the store's
/// tables refer to people by foreign key). Only those record events move.
fn record_people_first(events: &mut Vec<NewEvent>) {
    use hearth_domain::EventPayload;
    let recorded = |e: &NewEvent| match &e.payload {
        EventPayload::ChildRecorded(c) => Some(c.person_id),
        EventPayload::AdultRecorded(a) => Some(a.person_id),
        _ => None,
    };
    let mut r = 0;
    while r < events.len() {
        let Some(person) = recorded(&events[r]) else {
            r += 1;
            continue;
        };
        let first = events[..r].iter().position(|e| recorded(e).is_none() && e.payload.subjects().contains(&person));
        match first {
            Some(f) => {
                let mut record = events.remove(r);
                record.occurred_at = record.occurred_at.min(events[f].occurred_at);
                events.insert(f, record);
                r += 1;
            }
            None => r += 1,
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod protection_tests;

#[cfg(test)]
mod care_tests;
