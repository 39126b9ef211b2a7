//! Who may open a child's record.
//!
//! Access follows need to know (architecture principle 6): a worker sees the
//! children known to their team; anyone else must give a reason ("break
//! glass"), which is recorded and reported to managers. Every opening is
//! audited whatever the answer here.

use crate::ids::TeamId;
use crate::staff::Role;

/// The answer to "may this person open this child's record now?"
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Allowed by their role or team.
    Allowed,
    /// Allowed because they gave a reason earlier in this session.
    AllowedByBreakGlass,
    /// They must give a reason first.
    NeedsReason,
}

/// The facts the rule needs; the store gathers them.
pub struct AccessQuestion<'a> {
    pub role: Role,
    /// The teams the user belongs to or manages.
    pub user_teams: &'a [TeamId],
    /// Every team that has been responsible for the child.
    pub child_teams: &'a [TeamId],
    /// The user gave a break-glass reason for this child in this session.
    pub break_glass_given: bool,
}

pub fn decide(q: &AccessQuestion<'_>) -> Access {
    let service_wide = match q.role {
        // Front-door and oversight roles work across the whole service: the
        // MASH must check history on any child; service managers, IROs and
        // auditors oversee every team's work.
        Role::MashWorker | Role::ServiceManager | Role::Iro | Role::QaAuditor => true,
        Role::Practitioner | Role::TeamManager => false,
        // Analysts and administrators work with aggregates and accounts, not
        // case records: opening one needs a reason.
        Role::PerformanceAnalyst | Role::Administrator => false,
    };
    let known_to_team = matches!(q.role, Role::Practitioner | Role::TeamManager)
        && q.child_teams.iter().any(|t| q.user_teams.contains(t));
    if service_wide || known_to_team {
        Access::Allowed
    } else if q.break_glass_given {
        Access::AllowedByBreakGlass
    } else {
        Access::NeedsReason
    }
}

/// A break-glass reason must say something an auditor can weigh.
pub const MIN_BREAK_GLASS_REASON: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(role: Role, mine: &[TeamId], theirs: &[TeamId], glass: bool) -> Access {
        decide(&AccessQuestion { role, user_teams: mine, child_teams: theirs, break_glass_given: glass })
    }

    #[test]
    fn practitioner_sees_own_teams_children_only() {
        let (a, b) = (TeamId::new(), TeamId::new());
        assert_eq!(ask(Role::Practitioner, &[a], &[a], false), Access::Allowed);
        assert_eq!(ask(Role::Practitioner, &[a], &[b], false), Access::NeedsReason);
        assert_eq!(ask(Role::Practitioner, &[a], &[], false), Access::NeedsReason);
        assert_eq!(ask(Role::Practitioner, &[a], &[b], true), Access::AllowedByBreakGlass);
        assert_eq!(ask(Role::TeamManager, &[a, b], &[b], false), Access::Allowed);
    }

    #[test]
    fn oversight_roles_see_all_and_admins_must_give_reasons() {
        let (a, b) = (TeamId::new(), TeamId::new());
        for r in [Role::MashWorker, Role::ServiceManager, Role::Iro, Role::QaAuditor] {
            assert_eq!(ask(r, &[a], &[b], false), Access::Allowed);
        }
        for r in [Role::PerformanceAnalyst, Role::Administrator] {
            assert_eq!(ask(r, &[a], &[a], false), Access::NeedsReason);
        }
    }
}
