//! Children in care: episodes and reviews, on both backends.

use super::support::both;
use super::{date, seed};
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::care_codes::*;
use hearth_domain::codes::PrimaryNeed;
use hearth_domain::events::*;
use hearth_domain::ids::{CareEpisodeId, CareReviewId, PersonId};
use hearth_store::{RecordedEvent, SYSTEM_USER, Store, StoreError};

fn on(day: NaiveDate, payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap()))
}

fn started(child: PersonId, id: CareEpisodeId, day: NaiveDate, rne: ReasonNewEpisode, ls: LegalStatus) -> CareEpisodeStarted {
    CareEpisodeStarted {
        episode_id: id,
        child_id: child,
        started_on: day,
        reason_new_episode: rne,
        legal_status: ls,
        category_of_need: PrimaryNeed::AbuseOrNeglect,
        placement_type: PlacementType::FosterOther,
        placement_provider: Some(PlacementProvider::OwnProvision),
        home_postcode: Some("ht1 2ab".into()),
        placement_postcode: Some("HT4 7CD".into()),
        urn: Some("xxxxxxx".into()),
        reason_place_change: None,
    }
}

fn start(child: PersonId, id: CareEpisodeId, day: NaiveDate, rne: ReasonNewEpisode, ls: LegalStatus) -> NewEvent {
    on(day, EventPayload::CareEpisodeStarted(started(child, id, day, rne, ls)))
}

fn ended(child: PersonId, id: CareEpisodeId, day: NaiveDate, rec: ReasonEpisodeCeased) -> CareEpisodeEnded {
    CareEpisodeEnded { episode_id: id, child_id: child, ended_on: day, reason_ceased: rec }
}

fn end(child: PersonId, id: CareEpisodeId, day: NaiveDate, rec: ReasonEpisodeCeased) -> NewEvent {
    on(day, EventPayload::CareEpisodeEnded(ended(child, id, day, rec)))
}

fn review(child: PersonId, id: CareReviewId, day: NaiveDate, pn: ReviewParticipation) -> LookedAfterReviewHeld {
    LookedAfterReviewHeld {
        review_id: id,
        child_id: child,
        held_on: day,
        participation: pn,
        iro_contact_on: Some(day - chrono::Duration::days(7)),
    }
}

async fn append(store: &Store, events: Vec<NewEvent>) -> Result<Vec<RecordedEvent>, StoreError> {
    store.append(SYSTEM_USER, events).await
}

fn refused(r: Result<Vec<RecordedEvent>, StoreError>, words: &str) -> bool {
    matches!(r, Err(StoreError::Refused(ref m)) if m.contains(words))
}

fn correction(of: &RecordedEvent, replacement: EventPayload) -> NewEvent {
    on(
        date(2025, 12, 1),
        EventPayload::Correction(Correction { corrects: of.event_id, reason: "Date mistyped".into(), replacement: Box::new(replacement) }),
    )
}

#[tokio::test]
async fn a_child_has_one_open_episode_and_changes_go_through_x1() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let (first, second, third) = (CareEpisodeId::new(), CareEpisodeId::new(), CareEpisodeId::new());

        append(store, vec![start(child, first, date(2025, 4, 7), ReasonNewEpisode::Started, LegalStatus::Section20)]).await.unwrap();
        let before = store.event_count().await.unwrap();

        // A second episode while the first is open is refused, whatever its reason.
        for rne in [ReasonNewEpisode::Started, ReasonNewEpisode::LegalStatus] {
            let r = append(store, vec![start(child, second, date(2025, 6, 2), rne, LegalStatus::InterimCareOrder)]).await;
            assert!(refused(r, "already looked after in an episode that started on 7 April 2025"), "{}: {rne:?}", ts.name);
        }
        assert_eq!(store.event_count().await.unwrap(), before, "{}: nothing written", ts.name);

        // The change of legal status: the open episode ends with X1 and the next starts that day.
        append(
            store,
            vec![
                end(child, first, date(2025, 6, 2), ReasonEpisodeCeased::ContinuesInNewEpisode),
                start(child, second, date(2025, 6, 2), ReasonNewEpisode::LegalStatus, LegalStatus::InterimCareOrder),
            ],
        )
        .await
        .unwrap();
        let episodes = store.care_episodes_of(child).await.unwrap();
        assert_eq!(
            episodes.iter().map(|e| (e.episode_id, e.legal_status, e.ended_on, e.reason_ceased)).collect::<Vec<_>>(),
            vec![
                (first, LegalStatus::Section20, Some(date(2025, 6, 2)), Some(ReasonEpisodeCeased::ContinuesInNewEpisode)),
                (second, LegalStatus::InterimCareOrder, None, None),
            ],
            "{}",
            ts.name
        );
        assert_eq!(episodes[1].placement_postcode.as_deref(), Some("HT4 7CD"));
        let today = store.looked_after_on(date(2025, 6, 2)).await.unwrap();
        assert_eq!(today.iter().map(|e| e.episode_id).collect::<Vec<_>>(), vec![second], "{}", ts.name);
        assert_eq!(store.looked_after_on(date(2025, 4, 6)).await.unwrap(), vec![]);

        // Ending: only an open episode, never before it started.
        let r = append(store, vec![end(child, first, date(2025, 7, 1), ReasonEpisodeCeased::ReturnedHomePlanned)]).await;
        assert!(refused(r, "not open"), "{}", ts.name);
        let other_child = PersonId::new();
        let r = append(store, vec![end(other_child, second, date(2025, 7, 1), ReasonEpisodeCeased::ReturnedHomePlanned)]).await;
        assert!(refused(r, "not open"), "{}: another child's episode", ts.name);
        let err = append(store, vec![end(child, second, date(2025, 6, 1), ReasonEpisodeCeased::ReturnedHomePlanned)]).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid(ref f) if f.for_field("ended_on").is_some()), "{}: {err}", ts.name);

        // Care ends; a new period of care later starts with S, and only with S.
        append(store, vec![end(child, second, date(2025, 9, 1), ReasonEpisodeCeased::ReturnedHomePlanned)]).await.unwrap();
        assert_eq!(store.looked_after_on(date(2025, 9, 1)).await.unwrap(), vec![], "{}: DEC is the first day out of care", ts.name);
        let r = append(store, vec![start(child, third, date(2025, 11, 3), ReasonNewEpisode::Placement, LegalStatus::Section20)]).await;
        assert!(refused(r, "new period of care starts with reason S"), "{}", ts.name);
        let r = append(store, vec![start(child, third, date(2025, 8, 29), ReasonNewEpisode::Started, LegalStatus::Section20)]).await;
        assert!(refused(r, "cannot start before the last one ended"), "{}", ts.name);
        append(store, vec![start(child, third, date(2025, 11, 3), ReasonNewEpisode::Started, LegalStatus::Section20)]).await.unwrap();
        let r = append(store, vec![start(child, third, date(2025, 11, 3), ReasonNewEpisode::Started, LegalStatus::Section20)]).await;
        assert!(refused(r, "already been started"), "{}", ts.name);
        ts.finish().await;
    }
}

#[tokio::test]
async fn after_x1_care_continues_only_from_that_day() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let (first, second) = (CareEpisodeId::new(), CareEpisodeId::new());
        append(
            store,
            vec![
                start(child, first, date(2025, 4, 7), ReasonNewEpisode::Started, LegalStatus::PoliceProtection),
                end(child, first, date(2025, 4, 9), ReasonEpisodeCeased::ContinuesInNewEpisode),
            ],
        )
        .await
        .unwrap();
        let r = append(store, vec![start(child, second, date(2025, 4, 9), ReasonNewEpisode::Started, LegalStatus::Section20)]).await;
        assert!(refused(r, "not S"), "{}", ts.name);
        let r = append(store, vec![start(child, second, date(2025, 4, 10), ReasonNewEpisode::LegalStatus, LegalStatus::Section20)]).await;
        assert!(refused(r, "starts the day the last one ended with X1, 9 April 2025"), "{}", ts.name);
        append(store, vec![start(child, second, date(2025, 4, 9), ReasonNewEpisode::LegalStatus, LegalStatus::Section20)]).await.unwrap();
        assert_eq!(store.looked_after_on(date(2025, 4, 9)).await.unwrap()[0].episode_id, second, "{}", ts.name);
        ts.finish().await;
    }
}

#[tokio::test]
async fn corrections_replace_episodes_and_reviews_in_place() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let id = CareEpisodeId::new();
        let recorded_start =
            append(store, vec![start(child, id, date(2025, 4, 7), ReasonNewEpisode::Started, LegalStatus::Section20)]).await.unwrap();

        // A review needs care to have begun by its day.
        let early = review(child, CareReviewId::new(), date(2025, 4, 1), ReviewParticipation::SpokeForThemselves);
        let r = append(store, vec![on(date(2025, 4, 8), EventPayload::LookedAfterReviewHeld(early))]).await;
        assert!(refused(r, "no episode of care had begun"), "{}", ts.name);
        let review_id = CareReviewId::new();
        let recorded_review = append(
            store,
            vec![on(
                date(2025, 5, 6),
                EventPayload::LookedAfterReviewHeld(review(child, review_id, date(2025, 5, 6), ReviewParticipation::SpokeForThemselves)),
            )],
        )
        .await
        .unwrap();
        let recorded_end = append(store, vec![end(child, id, date(2025, 10, 1), ReasonEpisodeCeased::ReturnedHomePlanned)]).await.unwrap();

        // The start date and legal status corrected: the same row, its ending kept.
        let fixed = started(child, id, date(2025, 4, 4), ReasonNewEpisode::Started, LegalStatus::PoliceProtection);
        append(store, vec![correction(&recorded_start[0], EventPayload::CareEpisodeStarted(fixed))]).await.unwrap();
        let episodes = store.care_episodes_of(child).await.unwrap();
        assert_eq!(episodes.len(), 1, "{}", ts.name);
        assert_eq!(
            (episodes[0].started_on, episodes[0].legal_status, episodes[0].ended_on),
            (date(2025, 4, 4), LegalStatus::PoliceProtection, Some(date(2025, 10, 1)))
        );
        // A correction that would start it after it ended is refused.
        let late = started(child, id, date(2025, 10, 2), ReasonNewEpisode::Started, LegalStatus::Section20);
        let err = append(store, vec![correction(&recorded_start[0], EventPayload::CareEpisodeStarted(late))]).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid(ref f) if f.for_field("started_on").is_some()), "{}: {err}", ts.name);

        // The ending corrected.
        let fixed_end = ended(child, id, date(2025, 9, 30), ReasonEpisodeCeased::SgoRelative);
        append(store, vec![correction(&recorded_end[0], EventPayload::CareEpisodeEnded(fixed_end))]).await.unwrap();
        let e = &store.care_episodes_of(child).await.unwrap()[0];
        assert_eq!((e.ended_on, e.reason_ceased), (Some(date(2025, 9, 30)), Some(ReasonEpisodeCeased::SgoRelative)), "{}", ts.name);

        // The review corrected.
        let fixed_review = review(child, review_id, date(2025, 5, 7), ReviewParticipation::AdvocateNotAttending);
        append(store, vec![correction(&recorded_review[0], EventPayload::LookedAfterReviewHeld(fixed_review))]).await.unwrap();
        let reviews = store.care_reviews_of(child).await.unwrap();
        assert_eq!(
            reviews.iter().map(|r| (r.review_id, r.held_on, r.participation)).collect::<Vec<_>>(),
            vec![(review_id, date(2025, 5, 7), ReviewParticipation::AdvocateNotAttending)],
            "{}",
            ts.name
        );

        // Rebuilding from the log gives the same tables.
        let live = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        let rebuilt = store.dump_projections().await.unwrap();
        for ((table, a), (_, b)) in live.iter().zip(rebuilt.iter()) {
            assert!(a == b, "{}: {table} differs after rebuild", ts.name);
        }
        let care_rows = live.iter().filter(|(t, _)| t.starts_with("care_")).map(|(_, rows)| rows.len()).collect::<Vec<_>>();
        assert_eq!(care_rows, vec![1, 1], "{}: one review, one episode", ts.name);
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_first_episode_may_continue_care_that_began_before_hearth() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        // An imported 903 starts with the episode open on 1 April, reason P.
        append(store, vec![start(child, CareEpisodeId::new(), date(2025, 4, 1), ReasonNewEpisode::Placement, LegalStatus::FullCareOrder)])
            .await
            .unwrap();
        assert_eq!(store.care_episodes_of(child).await.unwrap().len(), 1, "{}", ts.name);
        ts.finish().await;
    }
}
