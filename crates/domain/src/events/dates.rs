//! The date an event of the child protection pathway records as happening,
//! and a copy of the event with that date corrected.
//!
//! Dates are what the clocks count from and to, so a wrong one moves a
//! child's timeliness. Correcting one is a `Correction` carrying the same
//! event with the new date: the original stays in the log and the
//! chronology, and the store works the child's clocks out again.

use super::EventPayload;
use crate::child_protection::ConferenceKind;
use chrono::NaiveDate;

impl EventPayload {
    /// What the date is, for people, and the date itself; `None` for events
    /// whose date cannot be corrected on its own. An initial conference and
    /// the plan it made share one date (the plan starts on the day of the
    /// conference), so neither is corrected alone.
    pub fn correctable_date(&self) -> Option<(&'static str, NaiveDate)> {
        Some(match self {
            EventPayload::AssessmentStarted(e) => ("The date the assessment started", e.started_on),
            EventPayload::CinPlanStarted(e) => ("The date the child in need plan started", e.started_on),
            EventPayload::CinPlanReviewed(e) => ("The date of the plan review", e.reviewed_on),
            EventPayload::CinPlanEnded(e) => ("The date the child in need plan ended", e.ended_on),
            EventPayload::ChildVisited(e) => ("The date of the visit", e.visit.visited_on?),
            EventPayload::StrategyDiscussionHeld(e) => ("The date of the strategy discussion", e.discussion.held_on()?),
            EventPayload::Section47Started(e) => ("The date the section 47 enquiry started", e.started_on),
            EventPayload::ConferenceHeld(e) if e.conference.kind == ConferenceKind::Review => {
                ("The date of the review conference", e.conference.held_on?)
            }
            EventPayload::CoreGroupHeld(e) => ("The date of the core group meeting", e.meeting.held_on?),
            EventPayload::CpPlanEnded(e) => ("The date the child protection plan ended", e.ended_on),
            EventPayload::PreProceedingsStarted(e) => ("The date pre-proceedings started", e.started_on),
            EventPayload::PreProceedingsReviewed(e) => ("The date of the pre-proceedings review", e.reviewed_on),
            EventPayload::PreProceedingsEnded(e) => ("The date pre-proceedings ended", e.ended_on),
            EventPayload::ProceedingsIssued(e) => ("The date proceedings were issued", e.issued_on),
            EventPayload::ProceedingsConcluded(e) => ("The date proceedings concluded", e.concluded_on),
            _ => return None,
        })
    }

    /// The same event with its correctable date replaced; `None` when it has
    /// none (see [`EventPayload::correctable_date`]).
    pub fn with_corrected_date(&self, on: NaiveDate) -> Option<EventPayload> {
        self.correctable_date()?;
        let mut p = self.clone();
        match &mut p {
            EventPayload::AssessmentStarted(e) => e.started_on = on,
            EventPayload::CinPlanStarted(e) => e.started_on = on,
            EventPayload::CinPlanReviewed(e) => e.reviewed_on = on,
            EventPayload::CinPlanEnded(e) => e.ended_on = on,
            EventPayload::ChildVisited(e) => e.visit.visited_on = Some(on),
            EventPayload::StrategyDiscussionHeld(e) => {
                // The time of day stays: only the date was wrong.
                let time = e.discussion.held_at.map(|t| t.time()).unwrap_or_default();
                e.discussion.held_at = Some(on.and_time(time));
            }
            EventPayload::Section47Started(e) => e.started_on = on,
            EventPayload::ConferenceHeld(e) => e.conference.held_on = Some(on),
            EventPayload::CoreGroupHeld(e) => e.meeting.held_on = Some(on),
            EventPayload::CpPlanEnded(e) => e.ended_on = on,
            EventPayload::PreProceedingsStarted(e) => e.started_on = on,
            EventPayload::PreProceedingsReviewed(e) => e.reviewed_on = on,
            EventPayload::PreProceedingsEnded(e) => e.ended_on = on,
            EventPayload::ProceedingsIssued(e) => e.issued_on = on,
            EventPayload::ProceedingsConcluded(e) => e.concluded_on = on,
            _ => return None,
        }
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::child_protection::ChildProtectionVisit;
    use crate::events::{ChildVisited, CinPlanEnded, SignificantEventRecorded};
    use crate::ids::{MeetingId, PersonId, PlanId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_visit_date_is_corrected_and_nothing_else_changes() {
        let visit = EventPayload::ChildVisited(ChildVisited {
            visit_id: MeetingId::from_u128(1),
            child_id: PersonId::from_u128(2),
            visit: ChildProtectionVisit {
                visited_on: Some(d(2026, 11, 2)),
                child_seen: Some(true),
                child_seen_alone: Some(true),
                reason: String::new(),
                childs_views: "Happy at school".into(),
            },
        });
        assert_eq!(visit.correctable_date(), Some(("The date of the visit", d(2026, 11, 2))));
        let corrected = visit.with_corrected_date(d(2026, 11, 3)).unwrap();
        assert_eq!(corrected.correctable_date().map(|(_, on)| on), Some(d(2026, 11, 3)));
        let EventPayload::ChildVisited(c) = corrected else { panic!("changed type") };
        assert_eq!(c.visit.childs_views, "Happy at school");
    }

    #[test]
    fn events_without_a_date_of_their_own_cannot_be_date_corrected() {
        let s = EventPayload::SignificantEventRecorded(SignificantEventRecorded {
            child_id: PersonId::from_u128(2),
            occurred_on: d(2026, 1, 1),
            title: "t".into(),
            what_happened: "w".into(),
            analysis: "a".into(),
        });
        assert_eq!(s.correctable_date(), None);
        assert_eq!(s.with_corrected_date(d(2026, 1, 2)), None);
        let ended = EventPayload::CinPlanEnded(CinPlanEnded {
            plan_id: PlanId::from_u128(1),
            child_id: PersonId::from_u128(2),
            ended_on: d(2026, 5, 1),
            reason: "Needs met".into(),
        });
        assert!(ended.with_corrected_date(d(2026, 5, 4)).is_some());
    }
}
