//! The front-door dashboard's figures, exactly, for a small hand-built
//! month, on both backends.

use crate::support::both;
use crate::{child, date, ev, seed};
use chrono::{DateTime, Duration, TimeZone, Utc};
use hearth_domain::codes::{ClosureReason, ReferralSource};
use hearth_domain::events::*;
use hearth_domain::front_door::{Agency, ConsentRecord, ConsentStatus, ContactOutcome, Rag, ThresholdLevel};
use hearth_domain::ids::{CheckId, ContactId, DecisionId, PersonId, ReferralId, UserId};
use hearth_store::dashboard::{Measure, Period, RagMix, percent};
use hearth_store::{SYSTEM_USER, Store};

fn received(id: ContactId, child: PersonId, when: DateTime<Utc>, source: ReferralSource, chain_start: Option<ContactId>) -> NewEvent {
    NewEvent::new(
        EventPayload::ContactReceived(ContactReceived {
            contact_id: id,
            children: vec![child],
            received_at: when,
            source,
            concern: "Concern about the child's care at home.".into(),
            referrer_name: None,
            referrer_organisation: None,
            chain_start,
        }),
        when,
    )
}

fn rated(id: ContactId, rag: Rag, screen_by: DateTime<Utc>) -> NewEvent {
    ev(EventPayload::ContactRated(ContactRated { contact_id: id, rag, screen_by, note: None }))
}

fn assigned(id: ContactId, worker: UserId) -> NewEvent {
    ev(EventPayload::ContactAssigned(ContactAssigned { contact_id: id, worker_id: worker }))
}

/// A proposal and its authorisation at `when`, which closes the contact then.
fn decided(id: ContactId, child: PersonId, outcome: ContactOutcome, when: DateTime<Utc>) -> Vec<NewEvent> {
    let decision = DecisionId::new();
    vec![
        NewEvent::new(
            EventPayload::ContactDecisionProposed(ContactDecisionProposed {
                contact_id: id,
                decision_id: decision,
                outcome,
                threshold: if outcome == ContactOutcome::NoFurtherAction { ThresholdLevel::Universal } else { ThresholdLevel::Targeted },
                rationale: "Decided on what the checks showed and the child's history.".into(),
                consent: ConsentRecord { status: ConsentStatus::Given, rationale: None, agreed_by: None },
            }),
            when - Duration::hours(1),
        ),
        NewEvent::new(
            EventPayload::ContactDecisionAuthorised(ContactDecisionAuthorised {
                contact_id: id,
                decision_id: decision,
                outcome,
                children: vec![child],
                manager_note: None,
            }),
            when,
        ),
    ]
}

fn check(contact: ContactId, id: CheckId, agency: Agency, owner: UserId, due_at: DateTime<Utc>) -> NewEvent {
    ev(EventPayload::CheckRequested(CheckRequested {
        contact_id: contact,
        check_id: id,
        agency,
        agency_detail: None,
        question: "What do you know about the family?".into(),
        owner_id: owner,
        due_at,
    }))
}

fn referral(id: ReferralId, child: PersonId, contact: Option<ContactId>, on: chrono::NaiveDate) -> NewEvent {
    NewEvent::new(
        EventPayload::ReferralOpened(ReferralOpened { referral_id: id, child_id: child, contact_id: contact, referral_date: on, source: ReferralSource::School }),
        on.and_hms_opt(10, 0, 0).unwrap().and_utc(),
    )
}

fn hour(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, m, d, h, 0, 0).unwrap()
}

struct Scenario {
    amara: PersonId,
    zara: PersonId,
    kai: PersonId,
    a: ContactId,
    b: ContactId,
    c: ContactId,
    e: ContactId,
}

/// March 2025 at the front door:
/// - A (Amara, school, 3 Mar 10:00, amber: 24 hours) closed 3 Mar 16:00 as
///   no further action, in time both ways;
/// - B (Amara, school, 5 Mar 10:00) continues A's chain, amber, closed
///   5 Mar 16:00 as a referral: in time from its own receipt (by 6 Mar
///   10:00) but late from the chain's start (by 4 Mar 10:00). A was closed
///   and then reopened by B. Both were assigned to Worker sw.one;
/// - C (Zara, police, 10 Mar, red: 4 hours) is open and past its deadline,
///   with a police check past due and a health check not yet due;
/// - D (Zara, health visitor, 20 Mar) joins C's chain, not yet rated;
/// - E (Kai, 28 Feb, before the period) is open and past its deadline;
/// - F (Kai, 31 Mar 23:30 UTC, which is 1 April in the UK) is open.
///
/// Referrals: Amara on 5 Mar (a re-referral: she had one in June 2024) and
/// Zara on 12 Mar.
async fn scenario(store: &Store) -> Scenario {
    let (t, worker, amara) = seed(store).await;
    let (zara, kai) = (PersonId::new(), PersonId::new());
    store
        .append(SYSTEM_USER, vec![child(zara, "Zara", "Quinn", date(2019, 1, 9), Some(t)), child(kai, "Kai", "Brown", date(2021, 8, 2), Some(t))])
        .await
        .unwrap();
    let (a, b, c, d, e, f) = (ContactId::new(), ContactId::new(), ContactId::new(), ContactId::new(), ContactId::new(), ContactId::new());

    let old = ReferralId::new();
    store
        .append(
            worker,
            vec![
                referral(old, amara, None, date(2024, 6, 1)),
                ev(EventPayload::ReferralClosed(ReferralClosed {
                    referral_id: old,
                    child_id: amara,
                    closed_on: date(2024, 7, 1),
                    reason: ClosureReason::NoFurtherActionAfterAssessment,
                })),
            ],
        )
        .await
        .unwrap();

    let done = CheckId::new();
    let mut events = vec![
        received(e, kai, hour(2, 28, 10), ReferralSource::School, None),
        rated(e, Rag::Green, hour(3, 3, 10)),
        received(a, amara, hour(3, 3, 10), ReferralSource::School, None),
        rated(a, Rag::Amber, hour(3, 4, 10)),
        assigned(a, worker),
        check(a, done, Agency::Education, worker, hour(3, 3, 14)),
        ev(EventPayload::CheckCompleted(CheckCompleted { contact_id: a, check_id: done, result: "Attending well; no concerns.".into() })),
    ];
    events.extend(decided(a, amara, ContactOutcome::NoFurtherAction, hour(3, 3, 16)));
    events.extend([received(b, amara, hour(3, 5, 10), ReferralSource::School, Some(a)), rated(b, Rag::Amber, hour(3, 6, 10)), assigned(b, worker)]);
    events.extend(decided(b, amara, ContactOutcome::Referral, hour(3, 5, 16)));
    events.extend([
        referral(ReferralId::new(), amara, Some(b), date(2025, 3, 5)),
        received(c, zara, hour(3, 10, 10), ReferralSource::Police, None),
        rated(c, Rag::Red, hour(3, 10, 14)),
        check(c, CheckId::new(), Agency::Police, worker, hour(3, 24, 10)),
        check(c, CheckId::new(), Agency::Health, worker, hour(4, 10, 10)),
        referral(ReferralId::new(), zara, None, date(2025, 3, 12)),
        received(d, zara, hour(3, 20, 10), ReferralSource::HealthVisitor, Some(c)),
        received(f, kai, Utc.with_ymd_and_hms(2025, 3, 31, 23, 30, 0).unwrap(), ReferralSource::Police, Some(e)),
        rated(f, Rag::Green, Utc.with_ymd_and_hms(2025, 4, 3, 23, 30, 0).unwrap()),
    ]);
    store.append(worker, events).await.unwrap();
    Scenario { amara, zara, kai, a, b, c, e }
}

fn march() -> Period {
    Period::new(date(2025, 3, 1), date(2025, 3, 31))
}

#[tokio::test]
async fn front_door_figures_measure_timeliness_from_the_chain() {
    for ts in both().await {
        let store = &ts.store;
        scenario(store).await;
        let now = hour(4, 2, 10);
        let f = store.front_door_figures(march(), now).await.unwrap();
        let n = ts.name;

        // 1. Received: A, B, C, D; E was before the period and F after it (UK time).
        assert_eq!(f.received, 4, "{n}");
        assert_eq!(f.received_per_day.len(), 31, "{n}");
        let on = |d: u32| f.received_per_day.iter().find(|(day, _)| *day == date(2025, 3, d)).unwrap().1;
        assert_eq!((on(3), on(5), on(10), on(20), on(31), on(1)), (1, 1, 1, 1, 0, 0), "{n}");
        assert_eq!(f.received_per_day.iter().map(|(_, c)| c).sum::<i64>(), 4);
        assert_eq!(f.received_by_source, vec![("2A".to_string(), 2), ("3B".to_string(), 1), ("6".to_string(), 1)], "{n}");

        // 2. RAG mix.
        assert_eq!(f.rag, RagMix { red: 1, amber: 2, green: 0, unrated: 1 }, "{n}");
        assert_eq!(percent(f.rag.amber, f.received), Some(50));

        // 3. Timeliness: B is in time from its own receipt, late from the chain's start.
        assert_eq!((f.decided, f.decided_rated), (2, 2), "{n}");
        assert_eq!(f.in_time_from_chain, 1, "{n}: B is late from the chain's start");
        assert_eq!(f.in_time_from_receipt, 2, "{n}: naively both are in time");
        assert_eq!(percent(f.in_time_from_chain, f.decided_rated), Some(50));
        assert_eq!(percent(f.in_time_from_receipt, f.decided_rated), Some(100));
        assert_eq!(f.reopened, 1, "{n}: A was closed and then reopened by B");
        assert_eq!(f.reopened_by_worker, vec![(Some("Worker sw.one".to_string()), 1)], "{n}");
        assert_eq!(f.reopened_by_team, vec![(Some("Hearthton CIN/CP 1".to_string()), 1)], "{n}");

        // 4. Conversion: B of A and B.
        assert_eq!((f.converted, percent(f.converted, f.decided)), (1, Some(50)), "{n}");

        // 5. Re-referrals: Amara's of Amara's and Zara's; the 2024 one is outside the period.
        assert_eq!((f.referrals, f.re_referrals), (2, 1), "{n}");

        // 6. Checks: C's two (A's was answered); the police one is past due.
        assert_eq!((f.checks_outstanding, f.checks_overdue), (2, 1), "{n}");

        // 7. Open now: C, D, E, F; C and E past their deadlines (D is unrated, F not yet due).
        assert_eq!((f.open, f.open_overdue), (4, 2), "{n}");

        // The UK day boundary: F, at 23:30 UTC on 31 March, is 1 April's.
        let april = store.front_door_figures(Period::new(date(2025, 4, 1), date(2025, 4, 1)), now).await.unwrap();
        assert_eq!(april.received, 1, "{n}");
        assert_eq!(april.decided, 0);
        ts.finish().await;
    }
}

#[tokio::test]
async fn each_front_door_figure_lists_the_children_behind_it() {
    for ts in both().await {
        let store = &ts.store;
        let s = scenario(store).await;
        let now = hour(4, 2, 10);
        let n = ts.name;
        let list = |m: Measure| store.front_door_list(m, march(), now);

        let late = list(Measure::LateFromChain).await.unwrap();
        assert_eq!(late.len(), 1, "{n}");
        assert_eq!((late[0].person_id, late[0].name.as_str(), late[0].contact_id), (s.amara, "Amara Okafor", Some(s.b)), "{n}");
        assert_eq!(late[0].contact_received_at, Some(hour(3, 5, 10)));
        assert_eq!(late[0].due, Some(hour(3, 4, 10)), "{n}: the deadline from the chain's start");
        assert_eq!(late[0].closed_at, Some(hour(3, 5, 16)));
        assert!(list(Measure::LateFromReceipt).await.unwrap().is_empty(), "{n}");

        let reopened = list(Measure::Reopened).await.unwrap();
        assert_eq!(reopened.iter().map(|r| (r.person_id, r.contact_id)).collect::<Vec<_>>(), vec![(s.amara, Some(s.a))], "{n}");
        assert_eq!(reopened[0].worker.as_deref(), Some("Worker sw.one"));

        let got = list(Measure::Received).await.unwrap();
        assert_eq!(
            got.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            vec!["Amara Okafor", "Amara Okafor", "Zara Quinn", "Zara Quinn"],
            "{n}"
        );
        assert_eq!(list(Measure::RagRed).await.unwrap().iter().map(|r| r.contact_id).collect::<Vec<_>>(), vec![Some(s.c)], "{n}");
        assert_eq!(list(Measure::RagUnrated).await.unwrap().iter().map(|r| r.person_id).collect::<Vec<_>>(), vec![s.zara], "{n}");
        assert_eq!(list(Measure::Converted).await.unwrap().iter().map(|r| r.contact_id).collect::<Vec<_>>(), vec![Some(s.b)], "{n}");

        let re = list(Measure::ReReferrals).await.unwrap();
        assert_eq!(re.len(), 1, "{n}");
        assert_eq!((re[0].person_id, re[0].referral_date, re[0].contact_id), (s.amara, Some(date(2025, 3, 5)), Some(s.b)), "{n}");
        assert_eq!(re[0].contact_received_at, Some(hour(3, 5, 10)), "{n}");
        assert_eq!(list(Measure::Referrals).await.unwrap().len(), 2);

        let checks = list(Measure::ChecksOverdue).await.unwrap();
        assert_eq!(checks.iter().map(|r| (r.person_id, r.due)).collect::<Vec<_>>(), vec![(s.zara, Some(hour(3, 24, 10)))], "{n}");
        assert_eq!(list(Measure::ChecksOutstanding).await.unwrap().len(), 2);

        let overdue = list(Measure::OpenOverdue).await.unwrap();
        assert_eq!(overdue.iter().map(|r| (r.person_id, r.contact_id)).collect::<Vec<_>>(), vec![(s.kai, Some(s.e)), (s.zara, Some(s.c))], "{n}");
        assert_eq!(list(Measure::Open).await.unwrap().len(), 4);
        ts.finish().await;
    }
}
