//! Pre-proceedings and care proceedings (F21), on both backends.

use super::support::both;
use super::{date, seed};
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::events::*;
use hearth_domain::ids::{MeetingId, PersonId, ProceedingsId};
use hearth_store::{RecordedEvent, SYSTEM_USER, Store, StoreError};

/// An event recorded on the day it describes.
fn on(day: NaiveDate, payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap()))
}

fn start(child: PersonId, id: ProceedingsId, started_on: NaiveDate) -> NewEvent {
    on(
        started_on,
        EventPayload::PreProceedingsStarted(PreProceedingsStarted {
            pre_proceedings_id: id,
            child_id: child,
            legal_planning_meeting_on: started_on,
            started_on,
            concerns: "Neglect: home conditions, missed health appointments".into(),
        }),
    )
}

fn review_payload(child: PersonId, id: ProceedingsId, review: MeetingId, reviewed_on: NaiveDate) -> PreProceedingsReviewed {
    PreProceedingsReviewed {
        review_id: review,
        pre_proceedings_id: id,
        child_id: child,
        reviewed_on,
        progress: "Some progress; parenting assessment under way".into(),
        late_reason: String::new(),
    }
}

fn end_payload(child: PersonId, id: ProceedingsId, ended_on: NaiveDate, late_reason: &str) -> PreProceedingsEnded {
    PreProceedingsEnded {
        pre_proceedings_id: id,
        child_id: child,
        ended_on,
        outcome: PreProceedingsOutcome::ProceedingsIssued,
        detail: String::new(),
        late_reason: late_reason.into(),
    }
}

fn issue_payload(child: PersonId, id: ProceedingsId, plo: Option<ProceedingsId>, issued_on: NaiveDate) -> ProceedingsIssued {
    ProceedingsIssued {
        proceedings_id: id,
        child_id: child,
        pre_proceedings_id: plo,
        issued_on,
        application: OrderApplication::CareOrder,
        court: "Hearthton Family Court".into(),
    }
}

async fn append(store: &Store, e: NewEvent) -> Result<Vec<RecordedEvent>, StoreError> {
    store.append(SYSTEM_USER, vec![e]).await
}

fn invalid_field(err: &StoreError, field: &str) -> bool {
    matches!(err, StoreError::Invalid(errors) if errors.for_field(field).is_some())
}

#[tokio::test]
async fn a_child_has_one_open_pre_proceedings_at_a_time() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let first = ProceedingsId::new();
        append(store, start(child, first, date(2025, 1, 6))).await.unwrap();
        let before = store.event_count().await.unwrap();
        let err = append(store, start(child, ProceedingsId::new(), date(2025, 1, 20))).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("already in pre-proceedings")), "{}: {err}", ts.name);
        assert_eq!(store.event_count().await.unwrap(), before, "{}: nothing written", ts.name);

        // Once the first has ended, new pre-proceedings can start.
        let mut ended = end_payload(child, first, date(2025, 3, 3), "");
        ended.outcome = PreProceedingsOutcome::SteppedDown;
        append(store, on(date(2025, 3, 3), EventPayload::PreProceedingsEnded(ended))).await.unwrap();
        let second = ProceedingsId::new();
        append(store, start(child, second, date(2025, 4, 7))).await.unwrap();

        let all = store.pre_proceedings_of(child).await.unwrap();
        assert_eq!(all.iter().map(|p| p.pre_proceedings_id).collect::<Vec<_>>(), vec![second, first], "{}", ts.name);
        assert_eq!(all[1].outcome, Some(PreProceedingsOutcome::SteppedDown));
        assert!(all[0].is_open() && !all[1].is_open());
        let open = store.open_pre_proceedings().await.unwrap();
        assert_eq!(open.len(), 1, "{}", ts.name);
        assert_eq!(open[0].child_name, "Amara Okafor");
        assert_eq!(open[0].team_name.as_deref(), Some("Hearthton CIN/CP 1"));
        ts.finish().await;
    }
}

#[tokio::test]
async fn reviews_are_recorded_only_on_open_pre_proceedings_and_not_before_the_start() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let plo = ProceedingsId::new();
        append(store, start(child, plo, date(2025, 1, 6))).await.unwrap();

        let early = review_payload(child, plo, MeetingId::new(), date(2025, 1, 3));
        let err = append(store, on(date(2025, 1, 6), EventPayload::PreProceedingsReviewed(early))).await.unwrap_err();
        assert!(invalid_field(&err, "reviewed_on"), "{}: {err}", ts.name);

        // Another child's pre-proceedings cannot be reviewed from this record.
        let other = PersonId::new();
        let wrong = review_payload(other, plo, MeetingId::new(), date(2025, 3, 3));
        assert!(append(store, on(date(2025, 3, 3), EventPayload::PreProceedingsReviewed(wrong))).await.is_err(), "{}", ts.name);

        let first = MeetingId::new();
        append(store, on(date(2025, 3, 3), EventPayload::PreProceedingsReviewed(review_payload(child, plo, first, date(2025, 3, 3)))))
            .await
            .unwrap();
        let recorded = append(
            store,
            on(date(2025, 4, 14), EventPayload::PreProceedingsReviewed(review_payload(child, plo, MeetingId::new(), date(2025, 4, 14)))),
        )
        .await
        .unwrap();
        let p = store.pre_proceedings(plo).await.unwrap().unwrap();
        assert_eq!((p.review_count, p.last_review_on), (2, Some(date(2025, 4, 14))), "{}", ts.name);

        // A correction of the last review's date is applied over it, and the
        // last review is worked out again.
        let fixed = review_payload(child, plo, recorded[0].payload_review_id(), date(2025, 4, 10));
        store
            .append(
                SYSTEM_USER,
                vec![on(
                    date(2025, 4, 15),
                    EventPayload::Correction(Correction {
                        corrects: recorded[0].event_id,
                        reason: "The panel met on the 10th".into(),
                        replacement: Box::new(EventPayload::PreProceedingsReviewed(fixed)),
                    }),
                )],
            )
            .await
            .unwrap();
        let p = store.pre_proceedings(plo).await.unwrap().unwrap();
        assert_eq!((p.review_count, p.last_review_on), (2, Some(date(2025, 4, 10))), "{}", ts.name);
        let reviews = store.pre_proceedings_reviews(plo).await.unwrap();
        assert_eq!(reviews.iter().map(|r| r.reviewed_on).collect::<Vec<_>>(), vec![date(2025, 3, 3), date(2025, 4, 10)]);

        // Ending before the last review is refused; then ending, and no review after the end.
        let err = append(store, on(date(2025, 4, 9), EventPayload::PreProceedingsEnded(end_payload(child, plo, date(2025, 4, 9), ""))))
            .await
            .unwrap_err();
        assert!(invalid_field(&err, "ended_on"), "{}: {err}", ts.name);
        append(store, on(date(2025, 4, 17), EventPayload::PreProceedingsEnded(end_payload(child, plo, date(2025, 4, 17), ""))))
            .await
            .unwrap();
        let late = review_payload(child, plo, MeetingId::new(), date(2025, 4, 18));
        let err = append(store, on(date(2025, 4, 18), EventPayload::PreProceedingsReviewed(late))).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("ended")), "{}: {err}", ts.name);
        ts.finish().await;
    }
}

trait ReviewId {
    fn payload_review_id(&self) -> MeetingId;
}

impl ReviewId for RecordedEvent {
    fn payload_review_id(&self) -> MeetingId {
        match &self.payload {
            EventPayload::PreProceedingsReviewed(r) => r.review_id,
            other => panic!("not a review: {}", other.type_name()),
        }
    }
}

#[tokio::test]
async fn ending_pre_proceedings_past_the_limit_needs_a_reason() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let plo = ProceedingsId::new();
        // Monday 6 January 2025 + 16 weeks: Monday 28 April is the last day on time.
        append(store, start(child, plo, date(2025, 1, 6))).await.unwrap();
        let before = store.event_count().await.unwrap();
        let err = append(store, on(date(2025, 4, 29), EventPayload::PreProceedingsEnded(end_payload(child, plo, date(2025, 4, 29), ""))))
            .await
            .unwrap_err();
        assert!(invalid_field(&err, "late_reason"), "{}: {err}", ts.name);
        assert_eq!(store.event_count().await.unwrap(), before, "{}", ts.name);
        assert!(store.pre_proceedings(plo).await.unwrap().unwrap().is_open());

        append(
            store,
            on(
                date(2025, 4, 29),
                EventPayload::PreProceedingsEnded(end_payload(child, plo, date(2025, 4, 29), "Expert assessment report was late")),
            ),
        )
        .await
        .unwrap();
        let p = store.pre_proceedings(plo).await.unwrap().unwrap();
        assert_eq!(p.ended_on, Some(date(2025, 4, 29)), "{}", ts.name);
        assert_eq!(p.late_reason, "Expert assessment report was late");
        ts.finish().await;
    }
}

#[tokio::test]
async fn proceedings_follow_ended_pre_proceedings_of_the_same_child() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let plo = ProceedingsId::new();
        append(store, start(child, plo, date(2025, 1, 6))).await.unwrap();

        // Still open: issuing is refused until the pre-proceedings are ended.
        let case = ProceedingsId::new();
        let err =
            append(store, on(date(2025, 3, 3), EventPayload::ProceedingsIssued(issue_payload(child, case, Some(plo), date(2025, 3, 3)))))
                .await
                .unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("End them first")), "{}: {err}", ts.name);

        append(store, on(date(2025, 3, 3), EventPayload::PreProceedingsEnded(end_payload(child, plo, date(2025, 3, 3), ""))))
            .await
            .unwrap();

        // Another child's pre-proceedings cannot be named.
        let other_plo = ProceedingsId::new();
        let err = append(
            store,
            on(date(2025, 3, 4), EventPayload::ProceedingsIssued(issue_payload(child, case, Some(other_plo), date(2025, 3, 4)))),
        )
        .await
        .unwrap_err();
        assert!(invalid_field(&err, "pre_proceedings_id"), "{}: {err}", ts.name);

        append(store, on(date(2025, 3, 4), EventPayload::ProceedingsIssued(issue_payload(child, case, Some(plo), date(2025, 3, 4)))))
            .await
            .unwrap();
        // One open proceedings per child.
        let err = append(
            store,
            on(date(2025, 3, 5), EventPayload::ProceedingsIssued(issue_payload(child, ProceedingsId::new(), None, date(2025, 3, 5)))),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("already has proceedings open")), "{}: {err}", ts.name);

        let listed = store.proceedings_of(child).await.unwrap();
        assert_eq!(listed.len(), 1, "{}", ts.name);
        assert_eq!(listed[0].pre_proceedings_id, Some(plo));
        assert!(listed[0].is_open());
        ts.finish().await;
    }
}

#[tokio::test]
async fn concluding_past_26_weeks_needs_a_reason() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let case = ProceedingsId::new();
        // 26 weeks beginning with Monday 1 July 2024 end on Sunday 29 December.
        append(store, on(date(2024, 7, 1), EventPayload::ProceedingsIssued(issue_payload(child, case, None, date(2024, 7, 1)))))
            .await
            .unwrap();
        let conclude = |on_day: NaiveDate, reason: &str| {
            on(
                on_day,
                EventPayload::ProceedingsConcluded(ProceedingsConcluded {
                    proceedings_id: case,
                    child_id: child,
                    concluded_on: on_day,
                    outcome: ProceedingsOutcome::CareOrder,
                    late_reason: reason.into(),
                }),
            )
        };
        let err = append(store, conclude(date(2024, 12, 30), "")).await.unwrap_err();
        assert!(invalid_field(&err, "late_reason"), "{}: {err}", ts.name);
        let err = append(store, conclude(date(2024, 6, 30), "")).await.unwrap_err();
        assert!(invalid_field(&err, "concluded_on"), "{}: {err}", ts.name);
        append(store, conclude(date(2024, 12, 30), "Extension for an independent social work assessment")).await.unwrap();
        let c = store.proceedings(case).await.unwrap().unwrap();
        assert_eq!((c.concluded_on, c.outcome), (Some(date(2024, 12, 30)), Some(ProceedingsOutcome::CareOrder)), "{}", ts.name);
        let err = append(store, conclude(date(2024, 12, 31), "again")).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("already concluded")), "{}: {err}", ts.name);
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_corrected_start_is_checked_against_what_followed() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let plo = ProceedingsId::new();
        let started = append(store, start(child, plo, date(2025, 1, 6))).await.unwrap();
        append(
            store,
            on(date(2025, 2, 3), EventPayload::PreProceedingsReviewed(review_payload(child, plo, MeetingId::new(), date(2025, 2, 3)))),
        )
        .await
        .unwrap();
        let correct = |started_on: NaiveDate| {
            on(
                date(2025, 2, 10),
                EventPayload::Correction(Correction {
                    corrects: started[0].event_id,
                    reason: "The letter before proceedings went on a different day".into(),
                    replacement: Box::new(EventPayload::PreProceedingsStarted(PreProceedingsStarted {
                        pre_proceedings_id: plo,
                        child_id: child,
                        legal_planning_meeting_on: date(2024, 12, 20),
                        started_on,
                        concerns: "Neglect".into(),
                    })),
                }),
            )
        };
        let err = store.append(SYSTEM_USER, vec![correct(date(2025, 2, 4))]).await.unwrap_err();
        assert!(invalid_field(&err, "started_on"), "{}: {err}", ts.name);
        store.append(SYSTEM_USER, vec![correct(date(2024, 12, 30))]).await.unwrap();
        let p = store.pre_proceedings(plo).await.unwrap().unwrap();
        assert_eq!((p.started_on, p.review_count, p.concerns.as_str()), (date(2024, 12, 30), 1, "Neglect"), "{}", ts.name);

        // A rebuild reproduces the tables, the correction included.
        let live = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert_eq!(store.dump_projections().await.unwrap(), live, "{}", ts.name);
        ts.finish().await;
    }
}
