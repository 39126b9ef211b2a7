//! The out-of-hours service's records (F8): some police contacts at night
//! and at weekends were first dealt with by the emergency duty team, whose
//! record the MASH takes on by 10am the next working day. Records due on or
//! after `today` are still waiting, so a Monday demo opens with the
//! weekend's handover.

use crate::mint::IdMint;
use crate::rng::Rng;
use chrono::{Duration, NaiveDate, Timelike};
use hearth_domain::NewEvent;
use hearth_domain::calendar::Calendar;
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::{EventPayload, OutOfHoursAcknowledged, OutOfHoursRecorded};
use hearth_domain::front_door::handover_due;
use hearth_domain::uk_time::to_uk;

/// The share of out-of-hours police contacts the emergency duty team attended first.
const ATTENDED: f64 = 0.35;

const ACTIONS: &[&str] = &[
    "Spoke to the attending officers by phone; the children were safe with the non-abusing parent overnight. No further action out of hours.",
    "Visited with police: the children were staying with their grandmother for the night, who agreed to keep them until the MASH makes contact.",
    "Telephone advice to police. The alleged perpetrator was in custody; the children were settled and asleep.",
    "Checked Hearth and the police systems; no immediate safeguarding action needed. Passed to the MASH for screening.",
];

const NOTES: &[&str] = &[
    "Read at the morning handover; linked to the contact on the MASH queue.",
    "Taken on by the duty worker; the family is already known.",
    "Read and passed to the duty manager with the police contact.",
];

/// Adds out-of-hours records to one household's history, in time order.
pub(crate) fn add(events: &mut Vec<NewEvent>, mint: &mut IdMint, rng: &mut Rng, calendar: &Calendar, today: NaiveDate) {
    let mut added = Vec::new();
    // Nothing is recorded about the family before it is known.
    let Some(first_at) = events.first().map(|e| e.occurred_at) else { return };
    for e in events.iter() {
        let EventPayload::ContactReceived(c) = &e.payload else { continue };
        let local = to_uk(c.received_at);
        let out_of_hours = !calendar.is_working_day(local.date()) || local.hour() < 8 || local.hour() >= 18;
        if c.source != ReferralSource::Police || !out_of_hours || !rng.chance(ATTENDED) {
            continue;
        }
        let attended = (c.received_at - Duration::minutes(rng.range(20, 120))).max(first_at);
        let due = handover_due(attended, calendar);
        let record_id = mint.out_of_hours();
        let summary: String = c.concern.chars().take(600).collect();
        added.push(NewEvent::new(
            EventPayload::OutOfHoursRecorded(OutOfHoursRecorded {
                record_id,
                children: c.children.clone(),
                summary,
                action_taken: ACTIONS[rng.index(ACTIONS.len())].to_string(),
                handover_due: due,
            }),
            attended,
        ));
        // Today's handover is still waiting; earlier ones were taken on,
        // most before 10am and a few late.
        if to_uk(due).date() < today {
            let taken_on = if rng.chance(0.9) { due - Duration::minutes(rng.range(10, 90)) } else { due + Duration::minutes(rng.range(30, 300)) };
            added.push(NewEvent::new(
                EventPayload::OutOfHoursAcknowledged(OutOfHoursAcknowledged {
                    record_id,
                    children: c.children.clone(),
                    note: rng.chance(0.6).then(|| NOTES[rng.index(NOTES.len())].to_string()),
                }),
                taken_on.max(attended + Duration::minutes(5)),
            ));
        }
    }
    if added.is_empty() {
        return;
    }
    events.extend(added);
    events.sort_by_key(|e| e.occurred_at);
}
