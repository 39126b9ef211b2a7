//! Who holds each open child at `today`.
//!
//! Households are streamed, so the generator keeps a running count of each
//! practitioner's children and gives a new family to a worker in the chosen
//! team with room for all the siblings (siblings share a worker). When a
//! whole team is full the children stay allocated to the team with no
//! worker: an unallocated case, which real authorities have too and which
//! managers must see.

use crate::rng::Rng;
use crate::staff::{Roster, target_caseload};
use hearth_domain::staff::TeamKind;
use hearth_domain::{TeamId, UserId};

/// How far over the target caseload a manager will go before holding a
/// case unallocated.
const OVER_TARGET: u32 = 5;

/// A share of new cases waits unallocated even when someone has room
/// (sickness, a worker leaving, a case awaiting a specialist).
const UNALLOCATED_SHARE: f64 = 0.04;

/// A team as the allocator sees it: id, kind, and each case holder with
/// their open children.
type TeamLoad = (TeamId, TeamKind, Vec<(UserId, u32)>);

pub(crate) struct Caseloads {
    /// Per team, in the roster's order.
    teams: Vec<TeamLoad>,
    /// Team indices by kind, so choosing a team is quick at England size.
    by_kind: Vec<(TeamKind, Vec<usize>)>,
    demo_team: usize,
    sw_demo: UserId,
    sw_demo_children: u32,
    /// Children in sw.demo's team held by anyone else or unallocated.
    demo_team_others: u32,
}

impl Caseloads {
    pub(crate) fn new(roster: &Roster) -> Caseloads {
        let teams = roster
            .teams
            .iter()
            .map(|t| (t.id, t.kind, t.caseholders.iter().filter(|w| **w != roster.sw_demo).map(|w| (*w, 0)).collect()))
            .collect::<Vec<TeamLoad>>();
        let mut by_kind: Vec<(TeamKind, Vec<usize>)> = Vec::new();
        for (i, (_, kind, _)) in teams.iter().enumerate() {
            match by_kind.iter_mut().find(|(k, _)| k == kind) {
                Some((_, list)) => list.push(i),
                None => by_kind.push((*kind, vec![i])),
            }
        }
        Caseloads {
            teams,
            by_kind,
            demo_team: roster.demo_team,
            sw_demo: roster.sw_demo,
            sw_demo_children: 0,
            demo_team_others: 0,
        }
    }

    /// A team of the kind, chosen at random (as a locality would be).
    pub(crate) fn team(&self, kind: TeamKind, rng: &mut Rng) -> Option<usize> {
        let (_, of_kind) = self.by_kind.iter().find(|(k, _)| *k == kind)?;
        if of_kind.is_empty() {
            return None;
        }
        Some(of_kind[rng.index(of_kind.len()) % of_kind.len()])
    }

    pub(crate) fn team_id(&self, team: usize) -> Option<TeamId> {
        self.teams.get(team).map(|t| t.0)
    }

    /// A worker for an earlier step of a journey (the child has since moved
    /// on, so it does not count towards anyone's caseload today).
    pub(crate) fn any_worker(&self, team: usize, rng: &mut Rng) -> Option<UserId> {
        let workers = &self.teams.get(team)?.2;
        if workers.is_empty() {
            return None;
        }
        Some(workers[rng.index(workers.len()) % workers.len()].0)
    }

    /// The worker who holds `children` siblings at `today`, or `None` for
    /// an unallocated case.
    pub(crate) fn allocate(&mut self, team: usize, children: u32, rng: &mut Rng) -> Option<UserId> {
        if team == self.demo_team {
            self.demo_team_others += children;
        }
        if rng.chance(UNALLOCATED_SHARE) {
            return None;
        }
        let (_, kind, workers) = self.teams.get_mut(team)?;
        let target = target_caseload(*kind);
        if workers.is_empty() || target == 0 {
            return None;
        }
        let n = workers.len();
        let start = rng.index(n);
        for limit in [target, target + OVER_TARGET] {
            for k in 0..n {
                let w = &mut workers[(start + k) % n];
                if w.1 + children <= limit {
                    w.1 += children;
                    return Some(w.0);
                }
            }
        }
        None
    }

    /// The demo practitioner's team and id; counts the children given.
    pub(crate) fn allocate_to_demo(&mut self, children: u32) -> (usize, UserId) {
        self.sw_demo_children += children;
        (self.demo_team, self.sw_demo)
    }

    pub(crate) fn demo_children(&self) -> u32 {
        self.sw_demo_children
    }

    pub(crate) fn demo_team(&self) -> usize {
        self.demo_team
    }

    pub(crate) fn demo_team_others(&self) -> u32 {
        self.demo_team_others
    }
}
