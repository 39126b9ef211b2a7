//! Early help in the store (F11): step-down from an authorised contact onto
//! the waiting list, keeping in touch, start and assessment, step-up through
//! the MASH, and the quick re-referral flag, on both backends.

use crate::support::both;
use crate::{at, date, seed};
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::calendar::Calendar;
use hearth_domain::codes::ReferralSource;
use hearth_domain::early_help::{
    EarlyHelpClosureReason, EarlyHelpRoute, EpisodeStatus, KeepingInTouchMethod,
    KeepingInTouchPolicy,
};
use hearth_domain::events::*;
use hearth_domain::front_door::{ConsentRecord, ConsentStatus, ContactOutcome, ThresholdLevel};
use hearth_domain::ids::{ContactId, DecisionId, EarlyHelpEpisodeId, PersonId, ReferralId};
use hearth_store::dashboard::{Measure, Period};
use hearth_store::{Store, StoreError};

/// An event recorded at ten in the morning of `day`.
fn on(day: NaiveDate, payload: EventPayload) -> NewEvent {
    NewEvent::new(
        payload,
        Utc.from_utc_datetime(&day.and_hms_opt(10, 0, 0).unwrap()),
    )
}

fn received(
    contact: ContactId,
    child: PersonId,
    day: NaiveDate,
    source: ReferralSource,
) -> EventPayload {
    EventPayload::ContactReceived(ContactReceived {
        contact_id: contact,
        children: vec![child],
        received_at: Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap()),
        source,
        concern: "Low school attendance and the family asking for help with routines.".into(),
        referrer_name: None,
        referrer_organisation: None,
        chain_start: None,
    })
}

/// A contact decided and authorised as early help, with the step-down
/// recorded in the same append (as authorising does on the page and API).
async fn stepped_down_from_contact(
    store: &Store,
    worker: hearth_domain::UserId,
    child: PersonId,
    day: NaiveDate,
) -> (ContactId, EarlyHelpEpisodeId) {
    let (contact, decision, episode) = (
        ContactId::new(),
        DecisionId::new(),
        EarlyHelpEpisodeId::new(),
    );
    store
        .append(
            worker,
            vec![
                on(day, received(contact, child, day, ReferralSource::School)),
                on(
                    day,
                    EventPayload::ContactDecisionProposed(ContactDecisionProposed {
                        contact_id: contact,
                        decision_id: decision,
                        outcome: ContactOutcome::EarlyHelp,
                        threshold: ThresholdLevel::EarlyHelp,
                        rationale: "Needs are below the threshold for social care; the family want support with routines.".into(),
                        consent: ConsentRecord { status: ConsentStatus::Given, rationale: None, agreed_by: None },
                    }),
                ),
            ],
        )
        .await
        .unwrap();
    store
        .append(
            worker,
            vec![
                on(
                    day,
                    EventPayload::ContactDecisionAuthorised(ContactDecisionAuthorised {
                        contact_id: contact,
                        decision_id: decision,
                        outcome: ContactOutcome::EarlyHelp,
                        children: vec![child],
                        manager_note: None,
                    }),
                ),
                on(
                    day,
                    referred(
                        episode,
                        child,
                        EarlyHelpRoute::StepDownFromContact,
                        Some(contact),
                        day,
                    ),
                ),
            ],
        )
        .await
        .unwrap();
    (contact, episode)
}

fn referred(
    episode: EarlyHelpEpisodeId,
    child: PersonId,
    route: EarlyHelpRoute,
    contact: Option<ContactId>,
    day: NaiveDate,
) -> EventPayload {
    EventPayload::EarlyHelpReferred(EarlyHelpReferred {
        episode_id: episode,
        child_id: child,
        route,
        contact_id: contact,
        referral_id: None,
        requested_by: (route == EarlyHelpRoute::PartnerRequest)
            .then(|| "Hearthton Primary School".to_string()),
        reason: "Support with routines and school attendance.".into(),
        referred_on: day,
    })
}

fn kept_in_touch(
    episode: EarlyHelpEpisodeId,
    child: PersonId,
    day: NaiveDate,
    method: KeepingInTouchMethod,
) -> EventPayload {
    EventPayload::EarlyHelpKeptInTouch(EarlyHelpKeptInTouch {
        episode_id: episode,
        child_id: child,
        contacted_on: day,
        method,
        spoke_with: method.reached_the_family().then(|| "Mother".to_string()),
        note: "Things are calmer at home; attendance improving. No new worries.".into(),
    })
}

fn refused(result: Result<Vec<hearth_store::RecordedEvent>, StoreError>, name: &str) -> String {
    match result {
        Err(StoreError::Refused(m)) => m,
        other => panic!("{name}: expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_child_stepped_down_by_the_mash_is_on_the_waiting_list_with_keeping_in_touch_due() {
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let day = date(2025, 3, 3);
        let (contact, episode) = stepped_down_from_contact(store, worker, child, day).await;

        let waiting = store.early_help_waiting_list().await.unwrap();
        assert_eq!(waiting.len(), 1, "{}", ts.name);
        let e = &waiting[0];
        assert_eq!(
            (e.episode_id, e.child_id, e.route, e.status),
            (
                episode,
                child,
                EarlyHelpRoute::StepDownFromContact,
                EpisodeStatus::Waiting
            )
        );
        assert_eq!(e.contact_id, Some(contact));
        assert_eq!(
            e.contact_received_at,
            Some(Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap()),
            "{}",
            ts.name
        );
        assert_eq!(e.child_name, "Amara Okafor");
        assert_eq!(e.rereferral_window_ends, Some(date(2025, 6, 3)));
        assert_eq!(
            store
                .children_in_early_help(&[child, PersonId::new()])
                .await
                .unwrap(),
            vec![child]
        );

        // Due ten working days after the referral; an unanswered call does not reset it.
        let cal = Calendar::england_and_wales();
        let policy = KeepingInTouchPolicy::default();
        assert_eq!(
            policy.next_due(e.referred_on, e.last_reached_on, &cal),
            date(2025, 3, 17)
        );
        store
            .append(
                worker,
                vec![on(
                    date(2025, 3, 14),
                    kept_in_touch(
                        episode,
                        child,
                        date(2025, 3, 14),
                        KeepingInTouchMethod::NoReply,
                    ),
                )],
            )
            .await
            .unwrap();
        let e = store.early_help_episode(episode).await.unwrap().unwrap();
        assert_eq!(
            (
                e.kept_in_touch_count,
                e.last_kept_in_touch_on,
                e.last_reached_on
            ),
            (1, Some(date(2025, 3, 14)), None),
            "{}",
            ts.name
        );
        assert_eq!(
            policy.next_due(e.referred_on, e.last_reached_on, &cal),
            date(2025, 3, 17)
        );
        store
            .append(
                worker,
                vec![on(
                    date(2025, 3, 17),
                    kept_in_touch(
                        episode,
                        child,
                        date(2025, 3, 17),
                        KeepingInTouchMethod::PhoneCall,
                    ),
                )],
            )
            .await
            .unwrap();
        // Recorded late, an older call does not move the clock back.
        store
            .append(
                worker,
                vec![on(
                    date(2025, 3, 18),
                    kept_in_touch(
                        episode,
                        child,
                        date(2025, 3, 10),
                        KeepingInTouchMethod::HomeVisit,
                    ),
                )],
            )
            .await
            .unwrap();
        let e = store.early_help_episode(episode).await.unwrap().unwrap();
        assert_eq!(
            (e.kept_in_touch_count, e.last_reached_on),
            (3, Some(date(2025, 3, 17))),
            "{}",
            ts.name
        );
        assert_eq!(
            policy.next_due(e.referred_on, e.last_reached_on, &cal),
            date(2025, 3, 31)
        );

        // A contact dated before the referral, and a second referral while open, are refused.
        let before = store.event_count().await.unwrap();
        let m = refused(
            store
                .append(
                    worker,
                    vec![on(
                        day,
                        kept_in_touch(
                            episode,
                            child,
                            date(2025, 3, 1),
                            KeepingInTouchMethod::PhoneCall,
                        ),
                    )],
                )
                .await,
            ts.name,
        );
        assert!(m.contains("before the referral"), "{m}");
        let m = refused(
            store
                .append(
                    worker,
                    vec![on(
                        day,
                        referred(
                            EarlyHelpEpisodeId::new(),
                            child,
                            EarlyHelpRoute::PartnerRequest,
                            None,
                            day,
                        ),
                    )],
                )
                .await,
            ts.name,
        );
        assert!(m.contains("already open to early help"), "{m}");
        assert_eq!(
            store.event_count().await.unwrap(),
            before,
            "{}: nothing recorded",
            ts.name
        );

        // The chronology files it all under early help; the episode's own timeline has its four events.
        let counts = store.chronology_counts(child).await.unwrap();
        assert!(
            counts
                .iter()
                .any(|(c, n)| *c == ChronologyCategory::EarlyHelp && *n == 4),
            "{}: {counts:?}",
            ts.name
        );
        assert_eq!(store.early_help_events(&e).await.unwrap().len(), 4);

        // Work starts: off the waiting list, and no more keeping-in-touch contacts.
        store
            .append(
                worker,
                vec![on(
                    date(2025, 3, 24),
                    EventPayload::EarlyHelpStarted(EarlyHelpStarted {
                        episode_id: episode,
                        child_id: child,
                        started_on: date(2025, 3, 24),
                        lead_professional: "Jo Ashworth".into(),
                        organisation: "Hearthshire Early Help Service".into(),
                        team_id: None,
                    }),
                )],
            )
            .await
            .unwrap();
        assert!(
            store.early_help_waiting_list().await.unwrap().is_empty(),
            "{}",
            ts.name
        );
        let m = refused(
            store
                .append(
                    worker,
                    vec![on(
                        date(2025, 3, 25),
                        kept_in_touch(
                            episode,
                            child,
                            date(2025, 3, 25),
                            KeepingInTouchMethod::PhoneCall,
                        ),
                    )],
                )
                .await,
            ts.name,
        );
        assert!(m.contains("waiting list"), "{m}");
        ts.finish().await;
    }
}

#[tokio::test]
async fn the_early_help_assessment_is_recorded_for_annex_a_in_order() {
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let episode = EarlyHelpEpisodeId::new();
        store
            .append(
                worker,
                vec![on(
                    date(2025, 3, 3),
                    referred(
                        episode,
                        child,
                        EarlyHelpRoute::PartnerRequest,
                        None,
                        date(2025, 3, 3),
                    ),
                )],
            )
            .await
            .unwrap();
        let completed = |day: NaiveDate| {
            on(
                day,
                EventPayload::EarlyHelpAssessmentCompleted(EarlyHelpAssessmentCompleted {
                    episode_id: episode,
                    child_id: child,
                    completed_on: day,
                    organisation: "Hearthton Primary School".into(),
                }),
            )
        };
        let m = refused(
            store
                .append(worker, vec![completed(date(2025, 3, 20))])
                .await,
            ts.name,
        );
        assert!(m.contains("started first"), "{m}");
        store
            .append(
                worker,
                vec![on(
                    date(2025, 3, 10),
                    EventPayload::EarlyHelpAssessmentStarted(EarlyHelpAssessmentStarted {
                        episode_id: episode,
                        child_id: child,
                        started_on: date(2025, 3, 10),
                    }),
                )],
            )
            .await
            .unwrap();
        let m = refused(
            store
                .append(worker, vec![completed(date(2025, 3, 7))])
                .await,
            ts.name,
        );
        assert!(m.contains("before it started"), "{m}");
        store
            .append(worker, vec![completed(date(2025, 3, 20))])
            .await
            .unwrap();
        let e = store.early_help_episode(episode).await.unwrap().unwrap();
        assert_eq!(
            (
                e.assessment_started_on,
                e.assessment_completed_on,
                e.assessment_organisation.as_deref(),
                e.requested_by.as_deref()
            ),
            (
                Some(date(2025, 3, 10)),
                Some(date(2025, 3, 20)),
                Some("Hearthton Primary School"),
                Some("Hearthton Primary School")
            ),
            "{}",
            ts.name
        );
        assert_eq!(
            e.rereferral_window_ends, None,
            "a partner request is not a step-down"
        );
        // Closed: ended, and nothing more is recorded on it.
        store
            .append(
                worker,
                vec![on(
                    date(2025, 4, 1),
                    EventPayload::EarlyHelpClosed(EarlyHelpClosed {
                        episode_id: episode,
                        child_id: child,
                        closed_on: date(2025, 4, 1),
                        reason: EarlyHelpClosureReason::NeedsMet,
                        note: None,
                    }),
                )],
            )
            .await
            .unwrap();
        let e = store.early_help_episode(episode).await.unwrap().unwrap();
        assert_eq!(
            (e.status, e.ended_on, e.end_reason.as_deref()),
            (
                EpisodeStatus::Closed,
                Some(date(2025, 4, 1)),
                Some("needs_met")
            )
        );
        let m = refused(
            store
                .append(worker, vec![completed(date(2025, 4, 2))])
                .await,
            ts.name,
        );
        assert!(m.contains("has ended"), "{m}");
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_step_up_ends_the_episode_and_puts_a_contact_on_the_mash_queue() {
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let (_, episode) = stepped_down_from_contact(store, worker, child, date(2025, 3, 3)).await;
        let step_up = |contact: ContactId| {
            EventPayload::EarlyHelpSteppedUp(EarlyHelpSteppedUp {
                episode_id: episode,
                child_id: child,
                contact_id: contact,
                stepped_up_on: date(2025, 3, 20),
                reason: "Disclosure at school of being hit at home; needs a social care response."
                    .into(),
            })
        };
        // Without its contact the step-up is refused.
        let m = refused(
            store
                .append(
                    worker,
                    vec![on(date(2025, 3, 20), step_up(ContactId::new()))],
                )
                .await,
            ts.name,
        );
        assert!(m.contains("contact to the MASH"), "{m}");
        let contact = ContactId::new();
        store
            .append(
                worker,
                vec![
                    on(
                        date(2025, 3, 20),
                        received(contact, child, date(2025, 3, 20), ReferralSource::EarlyHelp),
                    ),
                    on(date(2025, 3, 20), step_up(contact)),
                ],
            )
            .await
            .unwrap();
        let e = store.early_help_episode(episode).await.unwrap().unwrap();
        assert_eq!(
            (e.status, e.ended_on, e.step_up_contact_id),
            (
                EpisodeStatus::SteppedUp,
                Some(date(2025, 3, 20)),
                Some(contact)
            ),
            "{}",
            ts.name
        );
        assert!(store.early_help_waiting_list().await.unwrap().is_empty());
        let queue = store.mash_queue(100).await.unwrap();
        assert!(
            queue
                .iter()
                .any(|q| q.state.contact_id == contact && q.source == "5D"),
            "{}: the step-up is on the MASH queue",
            ts.name
        );
        let m = refused(
            store
                .append(
                    worker,
                    vec![on(date(2025, 3, 21), step_up(ContactId::new()))],
                )
                .await,
            ts.name,
        );
        assert!(m.contains("has ended"), "{m}");
        assert!(
            store
                .children_in_early_help(&[child])
                .await
                .unwrap()
                .is_empty()
        );
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_step_down_followed_by_a_referral_within_three_months_is_flagged() {
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let (_, episode) = stepped_down_from_contact(store, worker, child, date(2025, 3, 3)).await;
        let opened = |day: NaiveDate| {
            on(
                day,
                EventPayload::ReferralOpened(ReferralOpened {
                    referral_id: ReferralId::new(),
                    child_id: child,
                    contact_id: None,
                    referral_date: day,
                    source: ReferralSource::EarlyHelp,
                }),
            )
        };
        // Stepped up and referred on the last day of the three months: flagged.
        let contact = ContactId::new();
        store
            .append(
                worker,
                vec![
                    on(
                        date(2025, 6, 2),
                        received(contact, child, date(2025, 6, 2), ReferralSource::EarlyHelp),
                    ),
                    on(
                        date(2025, 6, 2),
                        EventPayload::EarlyHelpSteppedUp(EarlyHelpSteppedUp {
                            episode_id: episode,
                            child_id: child,
                            contact_id: contact,
                            stepped_up_on: date(2025, 6, 2),
                            reason: "Neglect worsening despite support.".into(),
                        }),
                    ),
                ],
            )
            .await
            .unwrap();
        store
            .append(worker, vec![opened(date(2025, 6, 3))])
            .await
            .unwrap();
        let flagged = store.quick_rereferrals_of(child).await.unwrap();
        assert_eq!(flagged.len(), 1, "{}", ts.name);
        assert_eq!(
            (
                flagged[0].episode_id,
                flagged[0].stepped_down_on,
                flagged[0].referral_date
            ),
            (episode, date(2025, 3, 3), date(2025, 6, 3))
        );

        // Another child: a partner request, then a referral a month later: not flagged.
        let other = PersonId::new();
        store
            .append(
                worker,
                vec![crate::child(other, "Leo", "Marsh", date(2019, 1, 1), None)],
            )
            .await
            .unwrap();
        store
            .append(
                worker,
                vec![on(
                    date(2025, 3, 3),
                    referred(
                        EarlyHelpEpisodeId::new(),
                        other,
                        EarlyHelpRoute::PartnerRequest,
                        None,
                        date(2025, 3, 3),
                    ),
                )],
            )
            .await
            .unwrap();
        store
            .append(
                worker,
                vec![on(
                    date(2025, 4, 3),
                    EventPayload::ReferralOpened(ReferralOpened {
                        referral_id: ReferralId::new(),
                        child_id: other,
                        contact_id: None,
                        referral_date: date(2025, 4, 3),
                        source: ReferralSource::School,
                    }),
                )],
            )
            .await
            .unwrap();
        assert!(
            store.quick_rereferrals_of(other).await.unwrap().is_empty(),
            "{}",
            ts.name
        );

        // The dashboard counts it in the period of the referral, and lists the child behind it.
        let june = Period::new(date(2025, 6, 1), date(2025, 6, 30));
        let f = store
            .early_help_figures(june, date(2025, 6, 30))
            .await
            .unwrap();
        assert_eq!(
            (f.quick_rereferrals, f.stepped_down, f.waiting),
            (1, 0, 1),
            "{}: the partner request still waits",
            ts.name
        );
        assert_eq!(f.oldest_days_waiting, Some(119));
        assert_eq!(
            f.waiting_by_age
                .iter()
                .find(|(l, _)| *l == "12 weeks or more")
                .map(|(_, n)| *n),
            Some(1)
        );
        let march = Period::new(date(2025, 3, 1), date(2025, 3, 31));
        let f = store
            .early_help_figures(march, date(2025, 3, 31))
            .await
            .unwrap();
        assert_eq!((f.quick_rereferrals, f.stepped_down), (0, 1), "{}", ts.name);
        let listed = store
            .front_door_list(Measure::SteppedDownReReferred, june, at(2025, 6, 30))
            .await
            .unwrap();
        assert_eq!(
            listed
                .iter()
                .map(|l| (l.person_id, l.referral_date))
                .collect::<Vec<_>>(),
            vec![(child, Some(date(2025, 6, 3)))]
        );
        let listed = store
            .front_door_list(Measure::EarlyHelpWaiting, june, at(2025, 6, 30))
            .await
            .unwrap();
        assert_eq!(
            listed.iter().map(|l| l.person_id).collect::<Vec<_>>(),
            vec![other]
        );

        // A referral after the window is not flagged.
        let late = PersonId::new();
        store
            .append(
                worker,
                vec![crate::child(late, "Ruby", "Hale", date(2018, 2, 2), None)],
            )
            .await
            .unwrap();
        store
            .append(
                worker,
                vec![on(
                    date(2025, 3, 3),
                    referred(
                        EarlyHelpEpisodeId::new(),
                        late,
                        EarlyHelpRoute::StepDownFromChildInNeed,
                        None,
                        date(2025, 3, 3),
                    ),
                )],
            )
            .await
            .unwrap();
        store
            .append(
                worker,
                vec![on(
                    date(2025, 6, 4),
                    EventPayload::ReferralOpened(ReferralOpened {
                        referral_id: ReferralId::new(),
                        child_id: late,
                        contact_id: None,
                        referral_date: date(2025, 6, 4),
                        source: ReferralSource::School,
                    }),
                )],
            )
            .await
            .unwrap();
        assert!(
            store.quick_rereferrals_of(late).await.unwrap().is_empty(),
            "{}",
            ts.name
        );

        // And the projections rebuild exactly from the log.
        let live = store.dump_projections().await.unwrap();
        assert!(
            live.iter()
                .any(|(t, rows)| t == "early_help_episodes" && rows.len() == 3)
        );
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert!(
            live == store.dump_projections().await.unwrap(),
            "{}: rebuild differs",
            ts.name
        );
        ts.finish().await;
    }
}
