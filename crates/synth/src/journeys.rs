//! Where a family's journey through the service stands on `today`.
//!
//! Hearth's log has no event yet for closing a case or ending an
//! allocation, so a child allocated once stays allocated. The generator
//! therefore draws each household's state *at today* first and writes
//! allocations only for children whose involvement is still open (with the
//! path that led there: assessment, then the long-term team). Closed
//! families keep their contacts and significant events but no allocation;
//! otherwise every child ever referred would still sit on a caseload.
//!
//! The shares below are per household and are chosen so that, with about
//! two children per household, the open work at `today` matches scale.md's
//! largest authority (≈ 3% of England): ~12,000 children in need including
//! ~1,500 on child protection plans and ~2,500 looked after, ~2,400
//! assessments in progress (19,500 a year at a median 33 working days),
//! and care leavers and early help on top.

use hearth_domain::staff::TeamKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Journey {
    /// Contacts only, or involvement that has ended.
    Closed,
    /// Open to early help (below the statutory threshold).
    EarlyHelp,
    /// Referred recently; the assessment is still running.
    Assessment,
    /// Assessed as a child in need; open to a CIN/CP team.
    ChildInNeed,
    /// Subject to a child protection plan; open to a CIN/CP team.
    ChildProtection,
    /// One or more children looked after; open to a children in care team.
    InCare,
    /// A young person who left care at 18 and is supported by the care
    /// leavers service.
    CareLeaver,
}

/// Per thousand households.
pub(crate) const JOURNEYS: &[(Journey, u32)] = &[
    (Journey::Closed, 710),
    (Journey::EarlyHelp, 50),
    (Journey::Assessment, 40),
    (Journey::ChildInNeed, 80),
    (Journey::ChildProtection, 30),
    (Journey::InCare, 50),
    (Journey::CareLeaver, 40),
];

/// Average children per household under 18 at `today` (measured on the
/// generator's output; older siblings age out over the five years).
const CHILDREN_PER_OPEN_HOUSEHOLD: f64 = 1.8;

/// Of a household with children in care, how many are looked after; the
/// rest stay with a CIN/CP team (measured).
const IN_CARE_PER_HOUSEHOLD: f64 = 1.3;

fn share(j: Journey) -> f64 {
    JOURNEYS.iter().find(|(k, _)| *k == j).map_or(0.0, |(_, w)| f64::from(*w) / 1000.0)
}

/// The children expected to be open to each case-holding team kind at
/// `today`, for sizing the workforce.
pub(crate) fn expected_open_children(households: u64) -> Vec<(TeamKind, f64)> {
    let h = households as f64;
    let c = CHILDREN_PER_OPEN_HOUSEHOLD;
    vec![
        (TeamKind::Assessment, h * share(Journey::Assessment) * c),
        (
            TeamKind::ChildInNeedChildProtection,
            h * (share(Journey::ChildInNeed) + share(Journey::ChildProtection)) * c
                + h * share(Journey::InCare) * (c - IN_CARE_PER_HOUSEHOLD).max(0.0),
        ),
        (TeamKind::ChildrenInCare, h * share(Journey::InCare) * IN_CARE_PER_HOUSEHOLD),
        (TeamKind::CareLeavers, h * share(Journey::CareLeaver)),
        (TeamKind::EarlyHelp, h * share(Journey::EarlyHelp) * c),
    ]
}

/// Children on child protection plans or looked after: an IRO's work.
pub(crate) fn expected_reviewed_children(households: u64) -> f64 {
    let h = households as f64;
    h * (share(Journey::ChildProtection) * CHILDREN_PER_OPEN_HOUSEHOLD + share(Journey::InCare) * IN_CARE_PER_HOUSEHOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_to_a_thousand() {
        assert_eq!(JOURNEYS.iter().map(|(_, w)| w).sum::<u32>(), 1000);
    }
}
