//! Children-in-need episodes: a referral opens one for each child when a
//! contact's referral or strategy-discussion decision is authorised (as the
//! MASH screen does), the primary need is recorded once the assessment
//! shows it, and most episodes close: about a third straight after the
//! assessment, the rest after months of help. A child already open is not
//! referred again. Risk flags are raised from what the contacts say (police
//! domestic abuse, going missing, criminal exploitation) and from the need
//! the assessment found, and some old ones are removed.

use crate::mint::IdMint;
use crate::rng::Rng;
use crate::time;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hearth_domain::codes::{AssessmentFactor, ClosureReason, PrimaryNeed, ReferralSource};
use hearth_domain::events::{
    EventPayload, PrimaryNeedRecorded, ReferralClosed, ReferralOpened, RiskFlagRaised, RiskFlagRemoved,
};
use hearth_domain::front_door::ContactOutcome;
use hearth_domain::ids::{ContactId, PersonId};
use hearth_domain::risk_flags::RiskFlag;
use hearth_domain::NewEvent;
use std::collections::HashMap;

/// How long an episode lasts, in days, with why it closes: (from, to,
/// weight, reasons). Census figures put about a third of episodes closing
/// at assessment with no further action.
/// Days an episode lasts (from, to), its weight, and why it closes.
type EpisodeLength = (i64, i64, u32, &'static [(ClosureReason, u32)]);

const EPISODES: &[EpisodeLength] = &[
    (15, 60, 38, &[(ClosureReason::NoFurtherActionAfterAssessment, 70), (ClosureReason::EarlyHelpAfterAssessment, 30)]),
    (60, 300, 40, &[(ClosureReason::ServicesCeased, 92), (ClosureReason::TransferredToAnotherAuthority, 8)]),
    (
        300,
        1_000,
        22,
        &[
            (ClosureReason::ServicesCeased, 70),
            (ClosureReason::ChildArrangementsOrder, 10),
            (ClosureReason::SpecialGuardianshipOrder, 8),
            (ClosureReason::TransferredToAnotherAuthority, 7),
            (ClosureReason::TransferredToAdultServices, 5),
        ],
    ),
];

const NEEDS: &[(PrimaryNeed, u32)] = &[
    (PrimaryNeed::AbuseOrNeglect, 56),
    (PrimaryNeed::FamilyDysfunction, 14),
    (PrimaryNeed::FamilyInAcuteStress, 9),
    (PrimaryNeed::ChildsDisability, 7),
    (PrimaryNeed::ParentalDisabilityOrIllness, 4),
    (PrimaryNeed::AbsentParenting, 4),
    (PrimaryNeed::SociallyUnacceptableBehaviour, 3),
    (PrimaryNeed::LowIncome, 1),
    (PrimaryNeed::NotStated, 2),
];

/// The census factors an assessment finding this need most often records.
fn factors_for(need: PrimaryNeed) -> &'static [AssessmentFactor] {
    use AssessmentFactor as F;
    match need {
        PrimaryNeed::AbuseOrNeglect => &[F::Neglect, F::EmotionalAbuse, F::DomesticViolenceParent, F::DrugsParent, F::MentalHealthParent],
        PrimaryNeed::FamilyDysfunction | PrimaryNeed::FamilyInAcuteStress => {
            &[F::DomesticViolenceParent, F::MentalHealthParent, F::AlcoholParent]
        }
        PrimaryNeed::ParentalDisabilityOrIllness => &[F::MentalHealthParent, F::PhysicalDisabilityParent, F::YoungCarer],
        PrimaryNeed::ChildsDisability => &[F::LearningDisabilityChild, F::PhysicalDisabilityChild],
        PrimaryNeed::SociallyUnacceptableBehaviour => &[F::SociallyUnacceptableBehaviour, F::Gangs, F::SelfHarm],
        _ => &[F::Other],
    }
}

/// Headline risks a contact's words point to, with how often a worker flags them.
fn flags_in(concern: &str) -> Vec<(RiskFlag, f64)> {
    let mut flags = Vec::new();
    if concern.contains("omestic abuse") || concern.contains("assault on") {
        flags.push((RiskFlag::DomesticAbuse, 0.6));
    }
    if concern.contains("missing from home") || concern.contains("reported missing") {
        flags.push((RiskFlag::Missing, 0.7));
    }
    if concern.contains("criminal exploitation") || concern.contains("county lines") {
        flags.push((RiskFlag::CriminalExploitation, 0.75));
    }
    if concern.contains("sexual exploitation") {
        flags.push((RiskFlag::SexualExploitation, 0.75));
    }
    flags
}

fn removal_reason(flag: RiskFlag) -> &'static str {
    match flag {
        RiskFlag::DomesticAbuse => {
            "No further incidents for over six months; the partner has left the household and the non-molestation order is in place."
        }
        RiskFlag::Missing => "No missing episodes since the safety plan was agreed; return interviews show no continuing risk.",
        RiskFlag::SexualExploitation | RiskFlag::CriminalExploitation => {
            "Disruption work with the police has ended the contact with the older group; reviewed at the exploitation panel."
        }
        RiskFlag::Factor(_) => "Reviewed at the team meeting: the circumstances the assessment found no longer apply.",
    }
}

struct Contact {
    source: ReferralSource,
    concern: String,
}

#[derive(Default)]
struct Child {
    /// The day the current episode closes, if one is open (`None` inside: open past today).
    open_until: Option<Option<NaiveDate>>,
    /// Flags active, with the day each was raised.
    flags: HashMap<RiskFlag, NaiveDate>,
}

/// Adds episodes and flags to one household's history, in time order.
pub(crate) fn add(events: &mut Vec<NewEvent>, mint: &mut IdMint, rng: &mut Rng, today: NaiveDate) {
    let end = time::end_of(today);
    let mut contacts: HashMap<ContactId, Contact> = HashMap::new();
    let mut children: HashMap<PersonId, Child> = HashMap::new();
    let mut added: Vec<NewEvent> = Vec::new();
    for e in events.iter() {
        match &e.payload {
            EventPayload::ContactReceived(c) => {
                contacts.insert(c.contact_id, Contact { source: c.source, concern: c.concern.clone() });
            }
            EventPayload::ContactDecisionAuthorised(a) => {
                let Some(contact) = contacts.get(&a.contact_id) else { continue };
                let day = e.occurred_at.date_naive();
                for child in &a.children {
                    let state = children.entry(*child).or_default();
                    for (flag, chance) in flags_in(&contact.concern) {
                        if !state.flags.contains_key(&flag) && rng.chance(chance) {
                            raise(&mut added, state, *child, flag, day, e.occurred_at + Duration::minutes(3), &contact.concern);
                        }
                    }
                    let referred = matches!(a.outcome, ContactOutcome::Referral | ContactOutcome::StrategyDiscussion);
                    let open = matches!(state.open_until, Some(None)) || matches!(state.open_until, Some(Some(until)) if until >= day);
                    if referred && !open {
                        open_episode(&mut added, state, *child, a.contact_id, contact, e.occurred_at, mint, rng, today, end);
                    }
                }
            }
            _ => {}
        }
    }
    // Some flags raised long ago have been reviewed and removed.
    let mut removals = Vec::new();
    // In a fixed order, so the same seed gives the same history.
    let mut ordered: Vec<_> = children.iter().collect();
    ordered.sort_by_key(|(child, _)| **child);
    for (child, state) in ordered {
        let mut flags: Vec<_> = state.flags.iter().collect();
        flags.sort();
        for (flag, raised) in flags {
            let removed_on = *raised + Duration::days(rng.range(150, 400));
            if removed_on <= today - Duration::days(30) && rng.chance(0.5) {
                removals.push(NewEvent::new(
                    EventPayload::RiskFlagRemoved(RiskFlagRemoved {
                        child_id: *child,
                        flag: *flag,
                        removed_on,
                        reason: removal_reason(*flag).to_string(),
                    }),
                    time::at(removed_on, 14 * 3600),
                ));
            }
        }
    }
    if added.is_empty() && removals.is_empty() {
        return;
    }
    events.extend(added);
    events.extend(removals);
    events.sort_by_key(|e| e.occurred_at);
}

fn raise(out: &mut Vec<NewEvent>, state: &mut Child, child: PersonId, flag: RiskFlag, day: NaiveDate, at: DateTime<Utc>, concern: &str) {
    let evidence: String = concern.chars().take(400).collect();
    state.flags.insert(flag, day);
    out.push(NewEvent::new(
        EventPayload::RiskFlagRaised(RiskFlagRaised { child_id: child, flag, identified_on: day, evidence: format!("From the contact: {evidence}") }),
        at,
    ));
}

#[allow(clippy::too_many_arguments)]
fn open_episode(
    out: &mut Vec<NewEvent>,
    state: &mut Child,
    child: PersonId,
    contact_id: ContactId,
    contact: &Contact,
    authorised_at: DateTime<Utc>,
    mint: &mut IdMint,
    rng: &mut Rng,
    today: NaiveDate,
    end: DateTime<Utc>,
) {
    let referral_id = mint.referral();
    let referral_date = authorised_at.date_naive();
    out.push(NewEvent::new(
        EventPayload::ReferralOpened(ReferralOpened { referral_id, child_id: child, contact_id: Some(contact_id), referral_date, source: contact.source }),
        authorised_at + Duration::minutes(1),
    ));
    let (lo, hi, _, reasons) = rng.weighted(&EPISODES.iter().map(|e| (*e, e.2)).collect::<Vec<_>>());
    let closes = referral_date + Duration::days(rng.range(lo, hi));
    // The need is known when the assessment is done, a few weeks in, and
    // always recorded then: every episode is assessed, and the census needs
    // the need of every referral that went on to an assessment (rule 8610).
    // Only a referral too recent for its assessment to be done has none yet.
    let need_on = (referral_date + Duration::days(rng.range(12, 45))).min(closes);
    let need = rng.weighted(NEEDS);
    if need_on <= today {
        let at = time::at(need_on, 11 * 3600).min(end);
        out.push(NewEvent::new(EventPayload::PrimaryNeedRecorded(PrimaryNeedRecorded { referral_id, child_id: child, primary_need: need }), at));
        if rng.chance(0.35) {
            let factor = rng.pick(factors_for(need));
            let flag = RiskFlag::Factor(factor);
            if let std::collections::hash_map::Entry::Vacant(slot) = state.flags.entry(flag) {
                let evidence = format!("Identified at assessment: {}.", factor.description().to_lowercase());
                slot.insert(need_on);
                out.push(NewEvent::new(
                    EventPayload::RiskFlagRaised(RiskFlagRaised { child_id: child, flag, identified_on: need_on, evidence }),
                    at + Duration::minutes(5),
                ));
            }
        }
    }
    if closes <= today {
        out.push(NewEvent::new(
            EventPayload::ReferralClosed(ReferralClosed { referral_id, child_id: child, closed_on: closes, reason: rng.weighted(reasons) }),
            time::at(closes, 15 * 3600),
        ));
        state.open_until = Some(Some(closes));
    } else {
        state.open_until = Some(None);
    }
}
