//! The front door's lifecycle in the store: triage, checks, decisions,
//! authorisation and chains, on both backends.

use crate::support::both;
use crate::{at, ev, seed};
use chrono::Duration;
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::*;
use hearth_domain::front_door::{Agency, ConsentRecord, ConsentStatus, ContactOutcome, Rag, ThresholdLevel};
use hearth_domain::ids::{CheckId, ContactId, DecisionId, PersonId, UserId};
use hearth_store::{Store, StoreError};

fn contact(id: ContactId, child: PersonId, day: u32, chain_start: Option<ContactId>) -> NewEvent {
    NewEvent::new(
        EventPayload::ContactReceived(ContactReceived {
            contact_id: id,
            children: vec![child],
            received_at: at(2025, 3, day),
            source: ReferralSource::School,
            concern: "Arrived at school hungry and with a bruise to the arm.".into(),
            referrer_name: None,
            referrer_organisation: Some("Hearthton Primary".into()),
            chain_start,
        }),
        at(2025, 3, day),
    )
}

fn proposal(contact: ContactId, decision: DecisionId) -> EventPayload {
    EventPayload::ContactDecisionProposed(ContactDecisionProposed {
        contact_id: contact,
        decision_id: decision,
        outcome: ContactOutcome::Referral,
        threshold: ThresholdLevel::Targeted,
        rationale: "Second school concern this term; neglect indicators and no support in place.".into(),
        consent: ConsentRecord { status: ConsentStatus::Given, rationale: None, agreed_by: None },
    })
}

fn authorise(contact: ContactId, decision: DecisionId, child: PersonId) -> EventPayload {
    EventPayload::ContactDecisionAuthorised(ContactDecisionAuthorised {
        contact_id: contact,
        decision_id: decision,
        outcome: ContactOutcome::Referral,
        children: vec![child],
        manager_note: None,
    })
}

async fn status(store: &Store, contact: ContactId) -> (String, Option<String>) {
    let c = store.contact_state(contact).await.unwrap().unwrap();
    (c.status, c.outcome)
}

#[tokio::test]
async fn a_contact_cannot_close_while_a_check_is_neither_done_nor_explained() {
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let (c, check, decision) = (ContactId::new(), CheckId::new(), DecisionId::new());
        store
            .append(
                worker,
                vec![
                    contact(c, child, 3, None),
                    ev(EventPayload::ContactRated(ContactRated { contact_id: c, rag: Rag::Red, screen_by: at(2025, 3, 3) + Duration::hours(4), note: None })),
                    ev(EventPayload::CheckRequested(CheckRequested {
                        contact_id: c,
                        check_id: check,
                        agency: Agency::Police,
                        agency_detail: None,
                        question: "Any call-outs to the address in the last year?".into(),
                        owner_id: worker,
                        due_at: at(2025, 3, 4),
                    })),
                    ev(proposal(c, decision)),
                ],
            )
            .await
            .unwrap();
        assert_eq!(status(store, c).await.0, "awaiting_authorisation", "{}", ts.name);

        let before = store.event_count().await.unwrap();
        let err = store.append(worker, vec![ev(authorise(c, decision, child))]).await.unwrap_err();
        assert!(err.to_string().contains("police check is neither completed nor given a reason"), "{}: {err}", ts.name);
        assert_eq!(store.event_count().await.unwrap(), before, "nothing recorded");

        store
            .append(worker, vec![ev(EventPayload::CheckNotCompleted(CheckNotCompleted { contact_id: c, check_id: check, reason: "Police did not reply within 24 hours; risk is clear without it.".into() }))])
            .await
            .unwrap();
        store.append(worker, vec![ev(authorise(c, decision, child))]).await.unwrap();
        assert_eq!(status(store, c).await, ("closed".to_string(), Some("referral".to_string())), "{}", ts.name);

        // The decision is in the child's chronology; a closed contact takes no more checks.
        let chronology = store.chronology(child, None, 50).await.unwrap();
        assert!(chronology.iter().any(|e| e.event.payload.type_name() == "ContactDecisionAuthorised"));
        let err = store
            .append(
                worker,
                vec![ev(EventPayload::CheckRequested(CheckRequested {
                    contact_id: c,
                    check_id: CheckId::new(),
                    agency: Agency::Health,
                    agency_detail: None,
                    question: "GP registration?".into(),
                    owner_id: worker,
                    due_at: at(2025, 3, 5),
                }))],
            )
            .await
            .unwrap_err();
        assert!(err.to_string().contains("The contact is closed"), "{err}");

        // All of it replays exactly.
        let live = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert!(live == store.dump_projections().await.unwrap(), "{}: rebuild differs", ts.name);
        assert_eq!(store.verify(&mut |_, _| {}).await.unwrap().first_problem, None);
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_returned_decision_reopens_the_contact_and_only_one_waits_at_a_time() {
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let (c, first, second) = (ContactId::new(), DecisionId::new(), DecisionId::new());
        store.append(worker, vec![contact(c, child, 3, None), ev(proposal(c, first))]).await.unwrap();
        let err = store.append(worker, vec![ev(proposal(c, second))]).await.unwrap_err();
        assert!(err.to_string().contains("already waiting for a manager"), "{err}");
        store
            .append(
                UserId::new(),
                vec![ev(EventPayload::ContactDecisionReturned(ContactDecisionReturned { contact_id: c, decision_id: first, reason: "Check with health first.".into() }))],
            )
            .await
            .unwrap();
        assert_eq!(status(store, c).await.0, "open", "{}", ts.name);
        let err = store.append(worker, vec![ev(authorise(c, first, child))]).await.unwrap_err();
        assert!(err.to_string().contains("no decision waiting"), "{err}");
        store.append(worker, vec![ev(proposal(c, second)), ev(authorise(c, second, child))]).await.unwrap();
        assert_eq!(status(store, c).await.0, "closed");
        ts.finish().await;
    }
}

#[tokio::test]
async fn contact_reopened_within_window_keeps_first_clock() {
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let (first, second, decision) = (ContactId::new(), ContactId::new(), DecisionId::new());
        store
            .append(worker, vec![contact(first, child, 3, None), ev(proposal(first, decision)), ev(authorise(first, decision, child))])
            .await
            .unwrap();
        // Four days later a new contact about the same child continues the chain.
        store.append(worker, vec![contact(second, child, 7, Some(first))]).await.unwrap();
        let state = store.contact_state(second).await.unwrap().unwrap();
        assert_eq!(state.chain_start_id, first, "{}", ts.name);
        assert_eq!(state.chain_started_at, at(2025, 3, 3), "{}", ts.name);
        let err = store.append(worker, vec![contact(ContactId::new(), child, 8, Some(ContactId::new()))]).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_child_has_one_open_referral_and_re_referrals_are_counted() {
    use hearth_domain::codes::ClosureReason;
    use hearth_domain::ids::ReferralId;
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let open = |id: ReferralId, d: u32| {
            NewEvent::new(
                EventPayload::ReferralOpened(ReferralOpened {
                    referral_id: id,
                    child_id: child,
                    contact_id: None,
                    referral_date: crate::date(2025, 3, d),
                    source: ReferralSource::Police,
                }),
                at(2025, 3, d),
            )
        };
        let close = |id: ReferralId, d: u32| {
            NewEvent::new(
                EventPayload::ReferralClosed(ReferralClosed {
                    referral_id: id,
                    child_id: child,
                    closed_on: crate::date(2025, 3, d),
                    reason: ClosureReason::NoFurtherActionAfterAssessment,
                }),
                at(2025, 3, d),
            )
        };
        let (a, b, c) = (ReferralId::new(), ReferralId::new(), ReferralId::new());
        store.append(worker, vec![open(a, 1)]).await.unwrap();
        let err = store.append(worker, vec![open(b, 2)]).await.unwrap_err();
        assert!(err.to_string().contains("already has an open referral"), "{}: {err}", ts.name);
        let err = store.append(worker, vec![close(a, 1), close(a, 2)]).await.unwrap_err();
        assert!(err.to_string().contains("not open"), "closing twice in one batch is refused whole: {err}");
        store.append(worker, vec![close(a, 2), open(b, 3), close(b, 4), open(c, 5)]).await.unwrap();
        let referrals = store.referrals_of(child).await.unwrap();
        assert_eq!(referrals.len(), 3, "{}", ts.name);
        assert_eq!(referrals[0].prior_12_months, 2, "{}: the newest counts both earlier ones", ts.name);
        assert_eq!(referrals[2].prior_12_months, 0);
        let live = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert!(live == store.dump_projections().await.unwrap());
        ts.finish().await;
    }
}

#[tokio::test]
async fn out_of_hours_records_wait_for_the_mash_to_take_them_on() {
    use hearth_domain::ids::OutOfHoursId;
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let record = OutOfHoursId::new();
        store
            .append(
                worker,
                vec![ev(EventPayload::OutOfHoursRecorded(OutOfHoursRecorded {
                    record_id: record,
                    children: vec![child],
                    summary: "Police protection used at 2am after a violent incident.".into(),
                    action_taken: "Child placed with grandmother overnight.".into(),
                    handover_due: at(2025, 3, 4),
                }))],
            )
            .await
            .unwrap();
        let pending = store.pending_handovers().await.unwrap();
        assert_eq!(pending.len(), 1, "{}", ts.name);
        assert_eq!(pending[0].handover_due, at(2025, 3, 4));
        assert!(pending[0].record.summary.contains("Police protection"));
        assert!(store.chronology(child, None, 50).await.unwrap().iter().any(|e| e.event.payload.type_name() == "OutOfHoursRecorded"));
        let ack = || ev(EventPayload::OutOfHoursAcknowledged(OutOfHoursAcknowledged { record_id: record, children: vec![child], note: None }));
        store.append(worker, vec![ack()]).await.unwrap();
        assert!(store.pending_handovers().await.unwrap().is_empty());
        let err = store.append(worker, vec![ack()]).await.unwrap_err();
        assert!(err.to_string().contains("already been taken on"), "{err}");
        let live = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert!(live == store.dump_projections().await.unwrap(), "{}", ts.name);
        ts.finish().await;
    }
}

#[tokio::test]
async fn threshold_disagreements_are_recorded_and_resolved_once() {
    use hearth_domain::front_door::EscalationOutcome;
    use hearth_domain::ids::{EscalationId, TeamId};
    for ts in both().await {
        let store = &ts.store;
        let (team, worker, child) = seed(store).await;
        let other = TeamId::new();
        let c = ContactId::new();
        store.append(worker, vec![crate::team(other, "Hearthshire MASH"), contact(c, child, 3, None)]).await.unwrap();
        let e = EscalationId::new();
        let raise = |with| {
            ev(EventPayload::EscalationRaised(EscalationRaised {
                escalation_id: e,
                contact_id: c,
                children: vec![child],
                raised_by_team: team,
                with_team: with,
                disagreement: "MASH says level 2; we think the neglect meets level 3.".into(),
            }))
        };
        assert!(store.append(worker, vec![raise(team)]).await.unwrap_err().to_string().contains("cannot disagree with itself"));
        store.append(worker, vec![raise(other)]).await.unwrap();
        let open = store.escalations(10).await.unwrap();
        assert_eq!(open.len(), 1, "{}", ts.name);
        assert_eq!(open[0].with_team, "Hearthshire MASH");
        assert_eq!(open[0].resolved_at, None);
        let resolve = || {
            NewEvent::new(
                EventPayload::EscalationResolved(EscalationResolved {
                    escalation_id: e,
                    contact_id: c,
                    children: vec![child],
                    outcome: EscalationOutcome::DecisionChanged,
                    resolution: "Service manager agreed level 3; referral made.".into(),
                }),
                at(2025, 3, 5),
            )
        };
        store.append(worker, vec![resolve()]).await.unwrap();
        let done = store.escalations(10).await.unwrap();
        assert_eq!(done[0].resolved_at, Some(at(2025, 3, 5)), "{}", ts.name);
        assert_eq!(done[0].outcome.as_deref(), Some("decision_changed"));
        assert!(store.append(worker, vec![resolve()]).await.unwrap_err().to_string().contains("already resolved"));
        let live = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert!(live == store.dump_projections().await.unwrap());
        ts.finish().await;
    }
}
