//! The workforce: teams, their managers, practitioners and the people who
//! oversee, review and support their work.
//!
//! Team counts follow the work, not a fixed chart: each case-holding team
//! kind gets enough practitioners for the children expected to be open to
//! it at `today` (see `journeys`) at a realistic caseload, in teams of about
//! seven. So a tiny authority has one team of each kind and the largest has
//! dozens of CIN/CP teams, as a county of 1.6 million people does.

use crate::DemoAccount;
use crate::journeys::{expected_open_children, expected_reviewed_children};
use crate::mint::IdMint;
use crate::names::{STAFF_HERITAGE, adult_given, family_name};
use crate::places::LOCALITIES;
use crate::rng::Rng;
use hearth_domain::events::{EventPayload, StaffAccountCreated, TeamCreated, TeamManagerAssigned};
use hearth_domain::staff::{Role, TeamKind, valid_username};
use hearth_domain::{TeamId, UserId};
use std::collections::HashSet;

pub(crate) struct Team {
    pub(crate) id: TeamId,
    pub(crate) name: String,
    pub(crate) kind: TeamKind,
    pub(crate) parent: Option<TeamId>,
    pub(crate) manager: Option<UserId>,
    /// Practitioners who hold cases (empty for MASH, IRO and support teams).
    pub(crate) caseholders: Vec<UserId>,
}

pub(crate) struct Member {
    pub(crate) id: UserId,
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) role: Role,
    pub(crate) team: Option<TeamId>,
    pub(crate) job_title: String,
    pub(crate) agency: bool,
}

pub(crate) struct Roster {
    pub(crate) teams: Vec<Team>,
    pub(crate) members: Vec<Member>,
    pub(crate) demo: Vec<DemoAccount>,
    pub(crate) sw_demo: UserId,
    /// Index in `teams` of the first CIN/CP team: sw.demo's, managed by tm.demo.
    pub(crate) demo_team: usize,
}

/// Caseloads a manager would call full, per case-holding team kind. Safe
/// CIN/CP caseloads are commonly put at 15–20 children (the brief asks for
/// 15–22); assessment and early help workers carry a similar number of
/// shorter pieces of work, care leavers' personal advisers more.
pub(crate) fn target_caseload(kind: TeamKind) -> u32 {
    match kind {
        TeamKind::Assessment => 16,
        TeamKind::ChildInNeedChildProtection => 17,
        TeamKind::ChildrenInCare => 15,
        TeamKind::CareLeavers => 20,
        TeamKind::EarlyHelp => 16,
        _ => 0,
    }
}

/// About one in seven social workers in England is an agency worker (the
/// DfE children's social work workforce statistics put agency workers at
/// roughly 15–18% of full-time equivalents in recent years).
const AGENCY_EVERY: usize = 7;

/// Practitioners per team; real teams run six to eight workers.
const TEAM_SIZE: usize = 7;

/// Contacts a MASH worker screens in a year (about four a working day).
const CONTACTS_SCREENED_PER_WORKER: f64 = 1_000.0;

/// Contacts per household per year, for sizing the MASH (measured: about
/// 12.5 contacts per household over the five years).
const CONTACTS_PER_HOUSEHOLD_YEAR: f64 = 2.5;

/// Children on CP plans or in care per IRO (the IRO Handbook's suggested
/// range is 50–70 looked-after children per full-time IRO).
const IRO_CASELOAD: f64 = 60.0;

struct Namer {
    rng: Rng,
    taken: HashSet<String>,
}

impl Namer {
    /// An invented name and a unique `firstname.lastname` username.
    fn next(&mut self) -> (String, String) {
        let heritage = self.rng.weighted(STAFF_HERITAGE);
        let female = self.rng.chance(0.8); // children's social work is ~80% women
        let given = adult_given(heritage, female, &mut self.rng);
        let family = family_name(heritage, &mut self.rng);
        let base: String = format!("{given}.{family}")
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.')
            .collect();
        let mut username = base.clone();
        let mut n = 2;
        while self.taken.contains(&username) || !valid_username(&username) {
            username = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(username.clone());
        (format!("{given} {family}"), username)
    }
}

/// Fixed demo accounts: (username, display name, role).
const DEMO: &[(&str, &str, Role)] = &[
    ("sw.demo", "Sam Carter", Role::Practitioner),
    ("tm.demo", "Priya Shah", Role::TeamManager),
    ("sm.demo", "Daniel Osei", Role::ServiceManager),
    ("mash.demo", "Aisha Khan", Role::MashWorker),
    ("iro.demo", "Helen Murphy", Role::Iro),
    ("qa.demo", "Grace Nowak", Role::QaAuditor),
    ("pa.demo", "Tom Nguyen", Role::PerformanceAnalyst),
    ("admin.demo", "Ruth Adeyemi", Role::Administrator),
];

/// How many teams of a kind and who works in them.
struct KindPlan {
    kind: TeamKind,
    role: Role,
    workers: usize,
    per_team: usize,
}

fn plan(households: u64) -> Vec<KindPlan> {
    let ceil = |x: f64| x.ceil().max(0.0) as usize;
    let mut plans = Vec::new();
    let contacts_per_year = households as f64 * CONTACTS_PER_HOUSEHOLD_YEAR;
    plans.push(KindPlan {
        kind: TeamKind::Mash,
        role: Role::MashWorker,
        workers: ceil(contacts_per_year / CONTACTS_SCREENED_PER_WORKER).max(3),
        per_team: 40,
    });
    let mut practitioners = 0;
    for (kind, children) in expected_open_children(households) {
        // 15% headroom: caseloads are uneven and some workers are part-time.
        let min = if kind == TeamKind::CareLeavers { 1 } else { 2 };
        let workers = ceil(children * 1.15 / f64::from(target_caseload(kind))).max(min);
        practitioners += workers;
        plans.push(KindPlan { kind, role: Role::Practitioner, workers, per_team: TEAM_SIZE });
    }
    let p = practitioners as f64;
    plans.push(KindPlan {
        kind: TeamKind::IroConference,
        role: Role::Iro,
        workers: ceil(expected_reviewed_children(households) / IRO_CASELOAD).max(2),
        per_team: 10,
    });
    plans.push(KindPlan {
        kind: TeamKind::QualityAssurance,
        role: Role::QaAuditor,
        workers: ceil(p / 80.0).max(2),
        per_team: 8,
    });
    plans.push(KindPlan {
        kind: TeamKind::OutOfHours,
        role: Role::Practitioner,
        workers: ceil(households as f64 / 4_000.0).max(2),
        per_team: 10,
    });
    plans.push(KindPlan {
        kind: TeamKind::Performance,
        role: Role::PerformanceAnalyst,
        workers: ceil(p / 200.0).max(2),
        per_team: 8,
    });
    plans.push(KindPlan {
        kind: TeamKind::Administration,
        role: Role::Administrator,
        workers: ceil(p / 15.0).max(2),
        per_team: 12,
    });
    plans
}

fn team_name(kind: TeamKind, index: usize, count: usize) -> String {
    let base = match kind {
        TeamKind::Mash => return "Hearthshire MASH".to_string(),
        TeamKind::Assessment => "Assessment Team",
        TeamKind::ChildInNeedChildProtection => "Safeguarding and Family Support Team",
        TeamKind::ChildrenInCare => "Children in Care Team",
        TeamKind::CareLeavers => "Care Leavers Team",
        TeamKind::EarlyHelp => "Early Help Team",
        TeamKind::IroConference => "IRO and Conference Service",
        TeamKind::QualityAssurance => "Quality Assurance Team",
        TeamKind::OutOfHours => "Emergency Duty Team",
        TeamKind::Performance => "Performance and Intelligence Team",
        TeamKind::Administration => "Business Support Team",
    };
    if count == 1 {
        return base.to_string();
    }
    let locality = LOCALITIES[index % LOCALITIES.len()];
    let round = index / LOCALITIES.len();
    if round == 0 { format!("{locality} {base}") } else { format!("{locality} {base} {}", round + 1) }
}

fn job_title(kind: TeamKind, role: Role, rng: &mut Rng) -> &'static str {
    match (role, kind) {
        (Role::TeamManager, TeamKind::Mash) => "MASH team manager",
        (Role::TeamManager, TeamKind::IroConference) => "Safeguarding and reviewing manager",
        (Role::TeamManager, _) => rng.pick(&["Team manager", "Team manager", "Assistant team manager"]),
        (Role::ServiceManager, _) => "Service manager",
        (Role::MashWorker, _) => rng.pick(&["MASH social worker", "MASH social worker", "MASH screening officer"]),
        (Role::Iro, _) => rng.pick(&["Independent reviewing officer", "Child protection conference chair"]),
        (Role::QaAuditor, _) => rng.pick(&["Quality assurance auditor", "Practice standards lead"]),
        (Role::PerformanceAnalyst, _) => rng.pick(&["Performance analyst", "Senior data analyst"]),
        (Role::Administrator, _) => rng.pick(&["Business support officer", "Systems administrator"]),
        (Role::Practitioner, TeamKind::CareLeavers) => "Personal adviser",
        (Role::Practitioner, TeamKind::EarlyHelp) => rng.pick(&["Family support worker", "Early help practitioner"]),
        (Role::Practitioner, TeamKind::OutOfHours) => "Emergency duty social worker",
        (Role::Practitioner, _) => rng.weighted(&[
            ("Social worker", 45),
            ("Senior social worker", 20),
            ("Advanced practitioner", 10),
            ("Newly qualified social worker (ASYE)", 15),
            ("Consultant social worker", 5),
        ]),
    }
}

impl Roster {
    pub(crate) fn build(households: u64, seed: u64, mint: &mut IdMint) -> Roster {
        let mut rng = Rng::new(crate::rng::mix(seed, 0x57AF));
        let mut namer = Namer { rng: Rng::new(crate::rng::mix(seed, 0x4A3E)), taken: HashSet::new() };
        for (username, _, _) in DEMO {
            namer.taken.insert((*username).to_string());
        }
        let plans = plan(households);

        // Teams, with the workers each will hold.
        let mut teams: Vec<Team> = Vec::new();
        let mut team_workers: Vec<(usize, Role)> = Vec::new();
        for p in &plans {
            let count = p.workers.div_ceil(p.per_team).max(1);
            let mut parent = None;
            if p.kind == TeamKind::Mash && (count > 1 || p.workers > 12) {
                // A MASH hub with screening pods under it.
                let hub = mint.team();
                teams.push(Team {
                    id: hub,
                    name: team_name(TeamKind::Mash, 0, 1),
                    kind: TeamKind::Mash,
                    parent: None,
                    manager: None,
                    caseholders: Vec::new(),
                });
                team_workers.push((0, p.role));
                parent = Some(hub);
            }
            for i in 0..count {
                let name = match parent {
                    Some(_) => format!("MASH pod {}", i + 1),
                    None => team_name(p.kind, i, count),
                };
                teams.push(Team {
                    id: mint.team(),
                    name,
                    kind: p.kind,
                    parent,
                    manager: None,
                    caseholders: Vec::new(),
                });
                // Spread the workers evenly over the teams.
                let n = p.workers / count + usize::from(i < p.workers % count);
                team_workers.push((n, p.role));
            }
        }
        let demo_team = teams.iter().position(|t| t.kind == TeamKind::ChildInNeedChildProtection).unwrap_or(0);
        let first = |kind: TeamKind| {
            // The first team of a kind that has workers (a MASH pod rather than its hub).
            teams
                .iter()
                .enumerate()
                .position(|(i, t)| t.kind == kind && team_workers.get(i).is_some_and(|(n, _)| *n > 0))
                .unwrap_or(demo_team)
        };
        let demo_teams = [
            demo_team,
            demo_team,
            demo_team,
            first(TeamKind::Mash),
            first(TeamKind::IroConference),
            first(TeamKind::QualityAssurance),
            first(TeamKind::Performance),
            first(TeamKind::Administration),
        ];

        let mut members = Vec::new();
        let mut demo = Vec::new();
        // sw.demo comes first in DEMO; its id is minted first.
        let mut sw_demo = UserId::from_u128(0);
        for ((username, display_name, role), team_index) in DEMO.iter().zip(demo_teams) {
            let team = &mut teams[team_index];
            let id = mint.user();
            match role {
                Role::TeamManager => team.manager = Some(id),
                Role::Practitioner => {
                    team.caseholders.push(id);
                    sw_demo = id;
                }
                _ => {}
            }
            let title = job_title(team.kind, *role, &mut rng);
            members.push(Member {
                id,
                username: (*username).to_string(),
                display_name: (*display_name).to_string(),
                role: *role,
                team: Some(team.id),
                job_title: title.to_string(),
                agency: false,
            });
            demo.push(DemoAccount {
                user_id: id,
                username: (*username).to_string(),
                display_name: (*display_name).to_string(),
                role: *role,
                team_id: Some(team.id),
            });
        }
        let demo_workers: Vec<usize> = demo_teams[3..].to_vec();

        // A manager for every team, then its workers.
        let mut front_line_count = 0;
        let agency_offset = rng.index(AGENCY_EVERY);
        for (i, (workers, role)) in team_workers.iter().enumerate() {
            let (kind, team_id) = (teams[i].kind, teams[i].id);
            if teams[i].manager.is_none() {
                let id = mint.user();
                let (display_name, username) = namer.next();
                let agency = rng.chance(0.08);
                members.push(Member {
                    id,
                    username,
                    display_name,
                    role: Role::TeamManager,
                    team: Some(team_id),
                    job_title: job_title(kind, Role::TeamManager, &mut rng).to_string(),
                    agency,
                });
                teams[i].manager = Some(id);
            }
            // Demo accounts already count towards their team's workers.
            let already = demo_workers.iter().filter(|t| **t == i).count();
            for _ in already..*workers {
                let id = mint.user();
                let (display_name, username) = namer.next();
                // Every seventh front-line worker is from an agency, so
                // even a tiny authority has some.
                let front_line = matches!(role, Role::Practitioner | Role::MashWorker);
                if front_line {
                    front_line_count += 1;
                }
                let agency = front_line && front_line_count % AGENCY_EVERY == agency_offset;
                members.push(Member {
                    id,
                    username,
                    display_name,
                    role: *role,
                    team: Some(team_id),
                    job_title: job_title(kind, *role, &mut rng).to_string(),
                    agency,
                });
                if target_caseload(kind) > 0 {
                    teams[i].caseholders.push(id);
                }
            }
        }

        // Service managers: one for about every six teams, each based in
        // the first team of their group; sm.demo already covers sw.demo's.
        let groups = teams.len().div_ceil(6).max(5);
        for g in 1..groups {
            let team = &teams[(g * teams.len() / groups).min(teams.len() - 1)];
            let (display_name, username) = namer.next();
            members.push(Member {
                id: mint.user(),
                username,
                display_name,
                role: Role::ServiceManager,
                team: Some(team.id),
                job_title: "Service manager".to_string(),
                agency: false,
            });
        }

        Roster { teams, members, demo, sw_demo, demo_team }
    }

    /// Teams, accounts and managers, in an order the store can apply.
    pub(crate) fn events(&self) -> Vec<EventPayload> {
        let mut out = Vec::with_capacity(self.teams.len() * 2 + self.members.len());
        for t in &self.teams {
            out.push(EventPayload::TeamCreated(TeamCreated {
                team_id: t.id,
                name: t.name.clone(),
                kind: t.kind,
                parent_team_id: t.parent,
            }));
        }
        for m in &self.members {
            out.push(EventPayload::StaffAccountCreated(StaffAccountCreated {
                user_id: m.id,
                username: m.username.clone(),
                display_name: m.display_name.clone(),
                role: m.role,
                team_id: m.team,
                job_title: Some(m.job_title.clone()),
                agency: m.agency,
            }));
        }
        for t in &self.teams {
            if let Some(manager_id) = t.manager {
                out.push(EventPayload::TeamManagerAssigned(TeamManagerAssigned { team_id: t.id, manager_id }));
            }
        }
        out
    }
}
