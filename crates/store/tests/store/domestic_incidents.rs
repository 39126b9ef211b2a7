//! Police domestic-abuse notifications and the daily review (F7) in the
//! store, on both backends.

use crate::support::both;
use crate::{at, child, date, ev, seed};
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::*;
use hearth_domain::front_door::domestic_incidents::{ChildNamed, ChildrenPresent, DashRisk, ReviewDecision};
use hearth_domain::ids::{ContactId, DomesticIncidentBatchId, DomesticIncidentId, HearthRef, PersonId};
use hearth_store::StoreError;

fn notified(
    id: DomesticIncidentId,
    batch: DomesticIncidentBatchId,
    reference: &str,
    children: Vec<PersonId>,
    day: u32,
    risk: DashRisk,
) -> NewEvent {
    NewEvent::new(
        EventPayload::DomesticIncidentNotified(DomesticIncidentNotified {
            notification_id: id,
            batch_id: batch,
            police_reference: reference.into(),
            incident_at: at(2025, 3, day),
            children,
            children_present: ChildrenPresent::Yes,
            dash_risk: risk,
            victim: "Mother, 31".into(),
            alleged_perpetrator: "Mother's partner, 35".into(),
            summary: "Neighbours heard shouting; officers attended; no injuries.".into(),
        }),
        at(2025, 3, day + 1),
    )
}

fn reviewed(id: DomesticIncidentId, children: Vec<PersonId>, decision: ReviewDecision, contact_id: Option<ContactId>) -> EventPayload {
    EventPayload::DomesticIncidentReviewed(DomesticIncidentReviewed {
        notification_id: id,
        children,
        decision,
        rationale: "Standard risk, first notification, children asleep; school told under Encompass.".into(),
        review_date: date(2025, 3, 5),
        contact_id,
    })
}

/// The review meeting sits on 5 March; its decisions are recorded then.
fn on_review_day(payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, at(2025, 3, 5))
}

#[tokio::test]
async fn every_notification_waits_for_a_decision_that_reaches_each_childs_chronology() {
    for ts in both().await {
        let store = &ts.store;
        let (t, worker, amara) = seed(store).await;
        let tobi = PersonId::new();
        store.append(worker, vec![child(tobi, "Tobi", "Okafor", date(2018, 2, 2), Some(t))]).await.unwrap();
        let batch = DomesticIncidentBatchId::new();
        let (first, second) = (DomesticIncidentId::new(), DomesticIncidentId::new());
        store
            .append(
                worker,
                vec![
                    notified(second, batch, "DA/2", vec![amara], 3, DashRisk::High),
                    notified(first, batch, "DA/1", vec![amara, tobi], 2, DashRisk::Standard),
                ],
            )
            .await
            .unwrap();
        let waiting = store.undecided_domestic_incidents(100).await.unwrap();
        assert_eq!(
            waiting.iter().map(|i| i.police_reference.as_str()).collect::<Vec<_>>(),
            vec!["DA/1", "DA/2"],
            "{}: oldest first",
            ts.name
        );
        assert_eq!(waiting[0].children.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Amara Okafor", "Tobi Okafor"]);
        assert_eq!(store.undecided_domestic_incident_count().await.unwrap(), 2);

        // Below threshold is a decision like any other, on both children's chronologies.
        store.append(worker, vec![on_review_day(reviewed(first, vec![amara, tobi], ReviewDecision::BelowThreshold, None))]).await.unwrap();
        assert_eq!(store.undecided_domestic_incident_count().await.unwrap(), 1, "{}", ts.name);
        for c in [amara, tobi] {
            let chronology = store.chronology(c, None, 50).await.unwrap();
            let summaries: Vec<String> = chronology.iter().map(|e| e.event.payload.summary()).collect();
            assert!(summaries.contains(&"Domestic-incident review: Below threshold: no action".to_string()), "{}: {summaries:?}", ts.name);
            assert!(summaries.contains(&"Police domestic-abuse notification, standard risk (DASH)".to_string()));
        }
        let detail = store.domestic_incident(first).await.unwrap().unwrap();
        assert_eq!(detail.item.decision, Some(ReviewDecision::BelowThreshold));
        assert_eq!(detail.item.review_date, Some(date(2025, 3, 5)));
        assert_eq!(detail.notified.police_reference, "DA/1");
        assert!(detail.reviewed.is_some());
        assert_eq!(store.decided_domestic_incidents(at(2025, 1, 1), 10).await.unwrap().len(), 1);
        assert_eq!(store.domestic_incidents_of(tobi).await.unwrap().len(), 1);
        assert_eq!(store.domestic_incidents_of(amara).await.unwrap().len(), 2);

        // Decided once only; the second attempt records nothing.
        let before = store.event_count().await.unwrap();
        let err = store
            .append(worker, vec![on_review_day(reviewed(first, vec![amara], ReviewDecision::EarlyHelpOffer, None))])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("already been decided")), "{}: {err}", ts.name);
        // A high-risk notification is not closed at the review.
        let err = store
            .append(worker, vec![on_review_day(reviewed(second, vec![amara], ReviewDecision::BelowThreshold, None))])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("does not fit a high risk")), "{}: {err}", ts.name);
        // A contact to the MASH must carry its contact.
        let err = store
            .append(worker, vec![on_review_day(reviewed(second, vec![amara], ReviewDecision::ContactToMash, None))])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(ref f) if f.for_field("decision").is_some()), "{}: {err}", ts.name);
        assert_eq!(store.event_count().await.unwrap(), before);

        // The contact is made in the same append, so the work reaches the MASH queue.
        let contact_id = ContactId::new();
        store
            .append(
                worker,
                vec![
                    ev(EventPayload::ContactReceived(ContactReceived {
                        contact_id,
                        children: vec![amara],
                        received_at: at(2025, 3, 5),
                        source: ReferralSource::Police,
                        concern: "High-risk domestic abuse notification DA/2.".into(),
                        referrer_name: None,
                        referrer_organisation: Some("Police".into()),
                        chain_start: None,
                    })),
                    on_review_day(reviewed(second, vec![amara], ReviewDecision::ContactToMash, Some(contact_id))),
                ],
            )
            .await
            .unwrap();
        assert_eq!(store.undecided_domestic_incident_count().await.unwrap(), 0);
        assert_eq!(store.domestic_incident(second).await.unwrap().unwrap().item.contact_id, Some(contact_id));
        assert!(store.mash_queue(10).await.unwrap().iter().any(|q| q.state.contact_id == contact_id), "{}", ts.name);

        // A child wrongly matched is corrected out of the notification; the
        // original stays in the log and the decision stands.
        let original = store
            .events_after(0, 1000)
            .await
            .unwrap()
            .into_iter()
            .find(|e| matches!(&e.payload, EventPayload::DomesticIncidentNotified(n) if n.notification_id == first));
        let original = original.unwrap();
        let EventPayload::DomesticIncidentNotified(mut fixed) = original.payload.clone() else { unreachable!() };
        fixed.children = vec![amara];
        let correction = |replacement: EventPayload, reason: &str| {
            on_review_day(EventPayload::Correction(Correction {
                corrects: original.event_id,
                reason: reason.into(),
                replacement: Box::new(replacement),
            }))
        };
        store
            .append(worker, vec![correction(EventPayload::DomesticIncidentNotified(fixed), "Tobi is not in this household")])
            .await
            .unwrap();
        assert!(store.domestic_incidents_of(tobi).await.unwrap().is_empty(), "{}", ts.name);
        assert_eq!(store.domestic_incident(first).await.unwrap().unwrap().item.decision, Some(ReviewDecision::BelowThreshold));
        let review = store
            .events_after(0, 1000)
            .await
            .unwrap()
            .into_iter()
            .find(|e| matches!(&e.payload, EventPayload::DomesticIncidentReviewed(r) if r.notification_id == second));
        let review = review.unwrap();
        let EventPayload::DomesticIncidentReviewed(mut unfit) = review.payload.clone() else { unreachable!() };
        unfit.decision = ReviewDecision::AlreadyOpen;
        unfit.contact_id = None;
        store
            .append(
                worker,
                vec![on_review_day(EventPayload::Correction(Correction {
                    corrects: review.event_id,
                    reason: "The case was open".into(),
                    replacement: Box::new(EventPayload::DomesticIncidentReviewed(unfit.clone())),
                }))],
            )
            .await
            .unwrap();
        assert_eq!(store.domestic_incident(second).await.unwrap().unwrap().item.decision, Some(ReviewDecision::AlreadyOpen));
        unfit.decision = ReviewDecision::BelowThreshold;
        let err = store
            .append(
                worker,
                vec![on_review_day(EventPayload::Correction(Correction {
                    corrects: review.event_id,
                    reason: "Below threshold after all".into(),
                    replacement: Box::new(EventPayload::DomesticIncidentReviewed(unfit)),
                }))],
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("does not fit a high risk")), "{}: {err}", ts.name);

        let live = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert!(live == store.dump_projections().await.unwrap(), "{}: rebuild differs", ts.name);
        ts.finish().await;
    }
}

#[tokio::test]
async fn children_are_matched_by_hearth_id_or_exact_name_and_date_of_birth() {
    for ts in both().await {
        let store = &ts.store;
        let (t, worker, amara) = seed(store).await;
        let reference = store.child_record(amara).await.unwrap().unwrap().item.hearth_ref;
        let named = |s: &str| ChildNamed::parse(s).unwrap();
        assert_eq!(store.children_named(&named(&reference)).await.unwrap(), vec![amara], "{}", ts.name);
        assert_eq!(store.children_named(&named("amara OKAFOR 04/05/2016")).await.unwrap(), vec![amara], "{}", ts.name);
        assert!(store.children_named(&named("Amara Okafor 05/05/2016")).await.unwrap().is_empty());
        assert!(store.children_named(&named("Amar Okafor 04/05/2016")).await.unwrap().is_empty(), "names match exactly");
        assert!(store.children_named(&ChildNamed::Hearth(HearthRef::from_number(999_999))).await.unwrap().is_empty());
        // Two children with one name and birthday: the caller must ask for the Hearth ID.
        store.append(worker, vec![child(PersonId::new(), "Amara", "Okafor", date(2016, 5, 4), Some(t))]).await.unwrap();
        assert_eq!(store.children_named(&named("Amara Okafor 2016-05-04")).await.unwrap().len(), 2);
        ts.finish().await;
    }
}
