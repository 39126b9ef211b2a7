//! Police domestic-abuse notifications about a household, and the daily
//! domestic-incident review's decision on each (F7).
//!
//! Notifications come mostly at night and reach the MASH the next morning;
//! the review meets at 10:00 on the next working day. Most decisions are
//! "below threshold" or sharing with the school and health (Operation
//! Encompass); a police contact already in the household's history is
//! preceded by its notification, decided as a contact to the MASH. A few
//! households have a notification from the last day or two still waiting
//! for the meeting, so the demo's review list is never empty.
//!
//! Shares are estimates: domestic abuse is the most common factor at
//! assessment in the children in need census, and police notifications are
//! a large part of any MASH's intake, most of them below threshold.
//!
//! Ids come from the household's own random stream, not the shared mint, so
//! adding notifications leaves every other id in the authority unchanged.

use crate::rng::{Rng, mix};
use crate::time::{at, working_day};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::{DomesticIncidentNotified, DomesticIncidentReviewed, EventPayload};
use hearth_domain::front_door::domestic_incidents::{ChildrenPresent, DashRisk, ReviewDecision};
use hearth_domain::ids::{DomesticIncidentBatchId, DomesticIncidentId};
use hearth_domain::{NewEvent, PersonId};

/// Share of households with police notifications besides their contacts.
const NOTIFIED_SHARE: f64 = 0.18;

/// Share of police contacts that began as a domestic-abuse notification.
const POLICE_CONTACT_NOTIFIED: f64 = 0.6;

/// How many notifications wait for the review at any time, about: at
/// least a handful, more in a larger authority.
fn recent_chance(households: u64) -> f64 {
    let h = households.max(1) as f64;
    ((h / 4000.0).max(4.0) / h).min(0.1)
}

const DECISIONS: &[(ReviewDecision, u32)] = &[
    (ReviewDecision::BelowThreshold, 48),
    (ReviewDecision::ShareWithSchoolAndHealth, 34),
    (ReviewDecision::EarlyHelpOffer, 13),
    (ReviewDecision::AlreadyOpen, 5),
];

const VICTIMS: &[&str] = &["Mother, 29", "Mother, 34", "Mother, 41", "Father, 38", "Maternal grandmother, 58", "Mother, 24"];
const PERPETRATORS: &[&str] = &[
    "Mother's partner, 31",
    "Father, 36",
    "Mother's ex-partner, 33",
    "Mother, 30",
    "Adult son of the household, 19",
    "Father's brother, 40",
];
const SUMMARIES: &[&str] = &[
    "Neighbours called 999 after hearing shouting. Verbal argument about money; no injuries; alleged perpetrator left the address before officers arrived.",
    "Victim called police after partner returned to the address drunk and damaged a door. No assault alleged; children asleep upstairs.",
    "Argument in the street outside the home, reported by a passer-by. Both adults spoken to; no offences disclosed.",
    "Victim reported threatening text messages from an ex-partner in breach of a non-molestation order. Alleged perpetrator arrested.",
    "Police attended after a report of a push during an argument. Minor redness to the victim's arm; victim did not support a prosecution.",
    "Verbal argument overheard by a neighbour; adults separated for the night; victim declined a DASH risk assessment, completed by officers from what was seen.",
];
const HIGH_RISK_SUMMARIES: &[&str] = &[
    "Victim strangled during an argument; alleged perpetrator arrested and bailed with conditions not to attend the address. Referred to MARAC.",
    "Repeat incident: threats to kill made in front of the children; knife recovered at the address. Referred to MARAC.",
];

fn rationale(decision: ReviewDecision, present: ChildrenPresent, earlier: usize) -> String {
    let history = match earlier {
        0 => "first notification for the family".to_string(),
        1 => "one earlier notification".to_string(),
        n => format!("{n} earlier notifications"),
    };
    let present = match present {
        ChildrenPresent::Yes => "children present",
        ChildrenPresent::No => "children not present",
        ChildrenPresent::NotKnown => "not known whether the children were present",
    };
    match decision {
        ReviewDecision::BelowThreshold => {
            format!("Standard risk, {present}, {history}; no injuries and no other concerns known. Below threshold.")
        }
        ReviewDecision::ShareWithSchoolAndHealth => {
            format!(
                "Standard or medium risk, {present}, {history}. School and health told under Operation Encompass so staff can support the children."
            )
        }
        ReviewDecision::EarlyHelpOffer => {
            format!("Medium risk, {present}, {history}; the family would benefit from early help with the relationship.")
        }
        ReviewDecision::AlreadyOpen => {
            format!("Children already open to a social worker; {present}, {history}. Passed to the allocated worker today.")
        }
        ReviewDecision::ContactToMash => {
            format!("Risk to the children, {present}, {history}: passed to the MASH for screening as a contact.")
        }
    }
}

/// A child in the household, as the notifications can name them.
struct Known {
    id: PersonId,
    recorded_at: DateTime<Utc>,
    born: Option<NaiveDate>,
}

/// Who is around by `at`: recorded and born.
fn children_at(children: &[Known], t: DateTime<Utc>) -> Vec<PersonId> {
    children.iter().filter(|c| c.recorded_at <= t && c.born.is_some_and(|b| b <= t.date_naive())).map(|c| c.id).collect()
}

/// Adds the household's notifications and review decisions to its events,
/// keeping them in the order they happened.
pub(crate) fn add(events: &mut Vec<NewEvent>, seed: u64, household: u64, households: u64, today: NaiveDate) {
    let mut rng = Rng::new(mix(seed, 0xD0_0000_0000 + household));
    let mut id = {
        let mut n = 0u128;
        move || {
            n += 1;
            (u128::from(mix(seed, household)) << 64) | (0xD1 << 56) | n
        }
    };
    let mut children = Vec::new();
    let mut police_contacts = Vec::new();
    for e in events.iter() {
        match &e.payload {
            EventPayload::ChildRecorded(c) => children.push(Known { id: c.person_id, recorded_at: e.occurred_at, born: c.date_of_birth }),
            EventPayload::PersonDetailsChanged(d) if d.date_of_birth.is_some() => {
                if let Some(k) = children.iter_mut().find(|k| k.id == d.person_id) {
                    // Born after recording: nameable from the day of the change.
                    k.born = d.date_of_birth;
                    k.recorded_at = k.recorded_at.max(e.occurred_at);
                }
            }
            EventPayload::ContactReceived(c) if c.source == ReferralSource::Police => {
                police_contacts.push((c.contact_id, c.received_at, e.occurred_at, c.children.clone()))
            }
            _ => {}
        }
    }
    let Some(first) = children.iter().map(|c| c.recorded_at).min() else { return };
    let cutoff = at(today, 0) - Duration::days(1);
    let mut added: Vec<NewEvent> = Vec::new();
    let mut earlier = 0;
    let batch = DomesticIncidentBatchId::from_u128(id());

    // The police contacts that began as a notification.
    for (contact_id, received_at, recorded_at, named) in &police_contacts {
        if !rng.chance(POLICE_CONTACT_NOTIFIED) {
            continue;
        }
        let incident_at = *received_at - Duration::hours(rng.range(10, 30));
        let notified_at = *received_at - Duration::minutes(rng.range(30, 120));
        let kids: Vec<PersonId> = children_at(&children, notified_at).into_iter().filter(|c| named.contains(c)).collect();
        if kids.is_empty() || incident_at < first {
            continue;
        }
        let risk = if rng.chance(0.4) { DashRisk::High } else { DashRisk::Medium };
        let present = if rng.chance(0.6) { ChildrenPresent::Yes } else { ChildrenPresent::NotKnown };
        let nid = DomesticIncidentId::from_u128(id());
        let reference = format!("HP/DA/{}/{household}{:02}", incident_at.format("%y"), added.len());
        added.push(notified(nid, batch, reference, &mut rng, incident_at, notified_at, kids.clone(), present, risk));
        // Decided as the contact is recorded, in the same record.
        let decided_at = (*recorded_at).max(notified_at);
        added.push(NewEvent::new(
            EventPayload::DomesticIncidentReviewed(DomesticIncidentReviewed {
                notification_id: nid,
                children: kids,
                decision: ReviewDecision::ContactToMash,
                rationale: rationale(ReviewDecision::ContactToMash, present, earlier),
                review_date: decided_at.date_naive(),
                contact_id: Some(*contact_id),
            }),
            decided_at,
        ));
        earlier += 1;
    }

    // Notifications decided at the review meeting.
    if rng.chance(NOTIFIED_SHARE) {
        let span = (cutoff - first).num_days();
        for _ in 0..rng.range(1, 3) {
            if span < 3 {
                break;
            }
            let day = first.date_naive() + Duration::days(rng.range(1, span - 2));
            let incident_at = at(day, rng.range(18 * 3600, 23 * 3600 + 3000) as u32);
            let notified_at = at(day + Duration::days(1), rng.range(7 * 3600, 9 * 3600) as u32);
            let kids = children_at(&children, notified_at);
            if kids.is_empty() {
                continue;
            }
            let risk = if rng.chance(0.7) { DashRisk::Standard } else { DashRisk::Medium };
            let present = rng.weighted(&[(ChildrenPresent::Yes, 45), (ChildrenPresent::No, 40), (ChildrenPresent::NotKnown, 15)]);
            let decision = rng.weighted(DECISIONS);
            let meeting = working_day(notified_at.date_naive(), today);
            let reviewed_at = at(meeting, 10 * 3600 + rng.range(0, 5400) as u32).max(notified_at + Duration::minutes(30));
            let nid = DomesticIncidentId::from_u128(id());
            let reference = format!("HP/DA/{}/{household}{:02}", incident_at.format("%y"), added.len());
            added.push(notified(nid, batch, reference, &mut rng, incident_at, notified_at, kids.clone(), present, risk));
            added.push(NewEvent::new(
                EventPayload::DomesticIncidentReviewed(DomesticIncidentReviewed {
                    notification_id: nid,
                    children: kids,
                    decision,
                    rationale: rationale(decision, present, earlier),
                    review_date: reviewed_at.date_naive(),
                    contact_id: None,
                }),
                reviewed_at,
            ));
            earlier += 1;
        }
    }

    // One still waiting for the meeting: it came in this morning or yesterday.
    if rng.chance(recent_chance(households)) {
        let notified_at = at(today - Duration::days(rng.range(0, 1)), rng.range(7 * 3600, 8 * 3600) as u32);
        let incident_at = notified_at - Duration::hours(rng.range(8, 14));
        let kids = children_at(&children, notified_at);
        if !kids.is_empty() {
            let risk = rng.weighted(&[(DashRisk::Standard, 60), (DashRisk::Medium, 30), (DashRisk::High, 10)]);
            let present = rng.weighted(&[(ChildrenPresent::Yes, 50), (ChildrenPresent::No, 35), (ChildrenPresent::NotKnown, 15)]);
            let nid = DomesticIncidentId::from_u128(id());
            let reference = format!("HP/DA/{}/{household}{:02}", incident_at.format("%y"), added.len());
            added.push(notified(nid, batch, reference, &mut rng, incident_at, notified_at, kids, present, risk));
        }
    }

    if added.is_empty() {
        return;
    }
    // Each goes in before the first event that happened after it, so what
    // the household already had keeps its exact order, and a notification
    // comes after the children it names were recorded.
    added.sort_by_key(|e| e.occurred_at);
    for e in added {
        let at = events.iter().position(|x| x.occurred_at > e.occurred_at).unwrap_or(events.len());
        events.insert(at, e);
    }
}

#[allow(clippy::too_many_arguments)]
fn notified(
    id: DomesticIncidentId,
    batch: DomesticIncidentBatchId,
    police_reference: String,
    rng: &mut Rng,
    incident_at: DateTime<Utc>,
    notified_at: DateTime<Utc>,
    children: Vec<PersonId>,
    present: ChildrenPresent,
    risk: DashRisk,
) -> NewEvent {
    let summary = if risk == DashRisk::High { rng.pick(HIGH_RISK_SUMMARIES) } else { rng.pick(SUMMARIES) };
    NewEvent::new(
        EventPayload::DomesticIncidentNotified(DomesticIncidentNotified {
            notification_id: id,
            batch_id: batch,
            police_reference,
            incident_at,
            children,
            children_present: present,
            dash_risk: risk,
            victim: rng.pick(VICTIMS).to_string(),
            alleged_perpetrator: rng.pick(PERPETRATORS).to_string(),
            summary: summary.to_string(),
        }),
        notified_at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_decided_notifications_of_every_kind_and_a_few_waiting() {
        use crate::{Generator, Size, SynthConfig};
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut g = Generator::new(SynthConfig { size: Size::Tiny, seed: 7, today });
        let mut notified = std::collections::HashMap::new();
        let mut decided = std::collections::HashMap::new();
        while let Some(events) = g.next_household() {
            for e in events {
                match e.payload {
                    EventPayload::DomesticIncidentNotified(n) => {
                        notified.insert(n.notification_id, e.occurred_at);
                    }
                    EventPayload::DomesticIncidentReviewed(r) => {
                        assert!(notified.get(&r.notification_id).is_some_and(|at| *at < e.occurred_at), "reviewed after notified");
                        *decided.entry(r.decision).or_insert(0) += 1;
                    }
                    _ => {}
                }
            }
        }
        let waiting = notified.len() - decided.values().sum::<usize>();
        assert!((1..=10).contains(&waiting), "{waiting} waiting");
        assert!(decided.get(&ReviewDecision::BelowThreshold).is_some_and(|n| *n >= 2), "{decided:?}");
        assert!(decided.contains_key(&ReviewDecision::ContactToMash), "{decided:?}");
    }

    #[test]
    fn a_handful_wait_for_the_review_at_every_size() {
        for h in [40u64, 150, 1_600, 300_000] {
            let expected = recent_chance(h) * h as f64;
            assert!((3.9..=100.0).contains(&expected), "{h}: {expected}");
        }
    }
}
