//! Strategy discussions, section 47 enquiries and conferences (issue 4,
//! F14), on both backends: what each needs from the records before it.

use super::support::both;
use super::{date, seed};

/// A second child, with no team (the first `seed` made the team and worker).
async fn another_child(store: &Store) -> PersonId {
    let id = PersonId::new();
    store.append(SYSTEM_USER, vec![super::child(id, "Leo", "Marsh", date(2019, 1, 1), None)]).await.unwrap();
    id
}
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::child_protection::*;
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::*;
use hearth_domain::ids::*;
use hearth_store::{RecordedEvent, SYSTEM_USER, Store, StoreError};

/// An event recorded on the given day (its date is "today" for validation).
fn on(day: NaiveDate, payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, Utc.from_utc_datetime(&day.and_hms_opt(17, 0, 0).unwrap()))
}

fn attendee(name: &str, agency: Agency) -> Attendee {
    Attendee { name: name.into(), agency, role: "Lead for the agency".into() }
}

fn action(description: &str, due: NaiveDate) -> Action {
    Action {
        action_id: ActionId::new(),
        description: description.into(),
        owner: Some(ActionOwner::Named { name: "DS Reed".into(), agency: "Police".into() }),
        due_on: Some(due),
        status: ActionStatus::Open,
    }
}

fn discussion(id: StrategyDiscussionId, child: PersonId, held: NaiveDate, decision: StrategyDecision) -> StrategyDiscussionHeld {
    StrategyDiscussionHeld {
        discussion_id: id,
        child_id: child,
        referral_id: None,
        discussion: StrategyDiscussion {
            held_at: held.and_hms_opt(16, 45, 0),
            attendees: vec![attendee("Sam Social", Agency::SocialCare), attendee("DS Reed", Agency::Police)],
            information_shared: "Police: two call-outs this month. School: bruising seen on Monday.".into(),
            decision: Some(decision),
            rationale: "Unexplained bruising to the face meets the threshold for section 47.".into(),
            interim_safety_plan: "Child to stay with maternal grandmother; father not to have contact.".into(),
            actions: vec![action("Visit the child at school with police", held)],
        },
    }
}

fn enquiry(discussion_on: NaiveDate, started: NaiveDate) -> Section47Enquiry {
    Section47Enquiry {
        strategy_discussion_on: discussion_on,
        started_on: Some(started),
        child_seen_on: None,
        child_seen_alone: None,
        not_seen_alone_reason: String::new(),
        not_seen_reason: String::new(),
        outcome: None,
        icpc_not_required_reason: String::new(),
        completed_on: None,
    }
}

fn concluded(discussion_on: NaiveDate, started: NaiveDate, outcome: Section47Outcome, completed: NaiveDate) -> Section47Enquiry {
    Section47Enquiry {
        child_seen_on: Some(started),
        child_seen_alone: Some(true),
        outcome: Some(outcome),
        completed_on: Some(completed),
        ..enquiry(discussion_on, started)
    }
}

fn conference(kind: ConferenceKind, held: NaiveDate, category: Option<AbuseCategory>) -> ChildProtectionConference {
    ChildProtectionConference {
        kind,
        held_on: Some(held),
        section47_started_on: None,
        plan_started_on: None,
        attendees: vec![attendee("Chair", Agency::SocialCare), attendee("Health visitor", Agency::Health)],
        childs_views: ChildsViews {
            views: "Wants to stay at school and see Nan more".into(),
            not_obtained_reason: String::new(),
            advocacy_offered: Some(true),
            advocate: String::new(),
        },
        decision: Some(ConferenceDecision::ChildProtectionPlan),
        rationale: "Repeated injuries; parents not yet engaging.".into(),
        category,
    }
}

fn icpc(id: ConferenceId, child: PersonId, enquiry: Section47Id, held: NaiveDate, late_reason: &str) -> ConferenceHeld {
    ConferenceHeld {
        conference_id: id,
        child_id: child,
        enquiry_id: Some(enquiry),
        plan_id: None,
        conference: conference(ConferenceKind::Initial, held, Some(AbuseCategory::Physical)),
        late_reason: late_reason.into(),
        actions: vec![action("Medical at the child development centre", held)],
    }
}

async fn append(store: &Store, day: NaiveDate, payload: EventPayload) -> Result<Vec<RecordedEvent>, StoreError> {
    store.append(SYSTEM_USER, vec![on(day, payload)]).await
}

/// A child with a strategy discussion on Monday 2 March 2026 that decided on
/// section 47, and the enquiry started the same day.
async fn with_enquiry(store: &Store) -> (PersonId, StrategyDiscussionId, Section47Id) {
    let (_, _, child) = seed(store).await;
    enquiry_for(store, child).await
}

async fn enquiry_for(store: &Store, child: PersonId) -> (PersonId, StrategyDiscussionId, Section47Id) {
    let (sd, s47) = (StrategyDiscussionId::new(), Section47Id::new());
    let monday = date(2026, 3, 2);
    append(store, monday, EventPayload::StrategyDiscussionHeld(discussion(sd, child, monday, StrategyDecision::Section47Enquiry)))
        .await
        .unwrap();
    append(
        store,
        monday,
        EventPayload::Section47Started(Section47Started {
            enquiry_id: s47,
            child_id: child,
            discussion_id: sd,
            discussion_on: monday,
            started_on: monday,
        }),
    )
    .await
    .unwrap();
    (child, sd, s47)
}

#[tokio::test]
async fn a_strategy_discussion_is_stored_with_its_attendees_absent_agencies_and_actions() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let referral = ReferralId::new();
        let day = date(2026, 3, 2);
        store
            .append(
                SYSTEM_USER,
                vec![on(
                    day,
                    EventPayload::ReferralOpened(ReferralOpened {
                        referral_id: referral,
                        child_id: child,
                        contact_id: None,
                        referral_date: day,
                        source: ReferralSource::Police,
                    }),
                )],
            )
            .await
            .unwrap();
        let sd = StrategyDiscussionId::new();
        let mut held = discussion(sd, child, day, StrategyDecision::Section47Enquiry);
        held.referral_id = Some(referral);
        append(store, day, EventPayload::StrategyDiscussionHeld(held.clone())).await.unwrap();

        let list = store.strategy_discussions_of(child).await.unwrap();
        assert_eq!(list.len(), 1, "{}", ts.name);
        let d = &list[0];
        assert_eq!(d.held_at, day.and_hms_opt(16, 45, 0).unwrap());
        assert_eq!(d.held_on, day);
        assert_eq!(d.referral_id, Some(referral));
        assert_eq!(d.attendees, held.discussion.attendees);
        assert_eq!(d.absent_agencies, vec![Agency::Health, Agency::Education], "{}", ts.name);
        assert_eq!(d.decision, StrategyDecision::Section47Enquiry);
        assert_eq!(d.actions.len(), 1);
        assert_eq!(d.actions[0].owner(), "DS Reed (Police)");
        assert_eq!(d.actions[0].status, "open");
        assert_eq!(store.strategy_discussion(sd).await.unwrap().as_ref(), Some(d));

        // The same discussion twice is refused; so is a referral of another child.
        assert!(matches!(append(store, day, EventPayload::StrategyDiscussionHeld(held.clone())).await, Err(StoreError::Refused(_))));
        let other = another_child(store).await;
        let mut wrong = discussion(StrategyDiscussionId::new(), other, day, StrategyDecision::NoFurtherAction);
        wrong.referral_id = Some(referral);
        let err = append(store, day, EventPayload::StrategyDiscussionHeld(wrong)).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("another child")), "{err}");

        // Without attendees the domain refuses it and nothing is written.
        let before = store.event_count().await.unwrap();
        let mut empty = discussion(StrategyDiscussionId::new(), child, day, StrategyDecision::NoFurtherAction);
        empty.discussion.attendees.clear();
        let err = append(store, day, EventPayload::StrategyDiscussionHeld(empty)).await.unwrap_err();
        match err {
            StoreError::Invalid(e) => assert_eq!(
                e.for_field("attendees"),
                Some("Add everyone who took part in the strategy discussion, with their agency and role")
            ),
            other => panic!("expected field errors, got {other}"),
        }
        assert_eq!(store.event_count().await.unwrap(), before);
        assert_eq!(store.strategy_discussions_of(child).await.unwrap().len(), 1);

        // A correction rewrites the row in place.
        let original = store
            .events_after(0, 1000)
            .await
            .unwrap()
            .into_iter()
            .find(|e| matches!(e.payload, EventPayload::StrategyDiscussionHeld(_)))
            .unwrap();
        let mut fixed = held.clone();
        fixed.discussion.rationale = "Bruising to the face of a 4-year-old, explanation inconsistent.".into();
        fixed.discussion.attendees.push(attendee("Nurse Ada", Agency::Health));
        append(
            store,
            date(2026, 3, 3),
            EventPayload::Correction(Correction {
                corrects: original.event_id,
                reason: "Health joined by phone and was left off".into(),
                replacement: Box::new(EventPayload::StrategyDiscussionHeld(fixed)),
            }),
        )
        .await
        .unwrap();
        let d = store.strategy_discussion(sd).await.unwrap().unwrap();
        assert!(d.rationale.starts_with("Bruising to the face"), "{}", ts.name);
        assert_eq!(d.absent_agencies, vec![Agency::Education]);
        assert_eq!(d.actions.len(), 1, "the correction updates the same action");
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_section_47_enquiry_needs_a_strategy_discussion_that_decided_on_one() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let day = date(2026, 3, 2);
        let nfa = StrategyDiscussionId::new();
        append(store, day, EventPayload::StrategyDiscussionHeld(discussion(nfa, child, day, StrategyDecision::NoFurtherAction)))
            .await
            .unwrap();
        let start = |discussion_id, started_on| {
            EventPayload::Section47Started(Section47Started {
                enquiry_id: Section47Id::new(),
                child_id: child,
                discussion_id,
                discussion_on: day,
                started_on,
            })
        };
        let err = append(store, day, start(nfa, day)).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("did not decide on a section 47 enquiry")), "{}: {err}", ts.name);
        let err = append(store, day, start(StrategyDiscussionId::new(), day)).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("not on record")), "{err}");

        let sd = StrategyDiscussionId::new();
        append(store, day, EventPayload::StrategyDiscussionHeld(discussion(sd, child, day, StrategyDecision::Section47Enquiry)))
            .await
            .unwrap();
        // The payload claims an earlier discussion date; the record's is what counts.
        let early = EventPayload::Section47Started(Section47Started {
            enquiry_id: Section47Id::new(),
            child_id: child,
            discussion_id: sd,
            discussion_on: date(2026, 2, 27),
            started_on: date(2026, 2, 27),
        });
        let err = append(store, day, early).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid(ref e) if e.for_field("started_on").is_some()), "{err}");
        // Another child's discussion cannot start this child's enquiry.
        let other = another_child(store).await;
        let theirs = EventPayload::Section47Started(Section47Started {
            enquiry_id: Section47Id::new(),
            child_id: other,
            discussion_id: sd,
            discussion_on: day,
            started_on: day,
        });
        assert!(matches!(append(store, day, theirs).await, Err(StoreError::Refused(_))));

        append(store, day, start(sd, day)).await.unwrap();
        let err = append(store, day, start(sd, day)).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("already been started")), "{err}");
        let enquiries = store.section47s_of(child).await.unwrap();
        assert_eq!(enquiries.len(), 1, "{}", ts.name);
        assert_eq!(enquiries[0].discussion_id, sd);
        assert!(!enquiries[0].is_concluded() && enquiries[0].may_have_initial_conference());
        ts.finish().await;
    }
}

#[tokio::test]
async fn an_enquiry_is_updated_until_it_is_concluded_then_only_corrected() {
    for ts in both().await {
        let store = &ts.store;
        let (child, _, s47) = with_enquiry(store).await;
        let monday = date(2026, 3, 2);
        let seen = Section47Enquiry { child_seen_on: Some(date(2026, 3, 3)), child_seen_alone: Some(true), ..enquiry(monday, monday) };
        let update =
            |e: Section47Enquiry| EventPayload::Section47Updated(Section47Updated { enquiry_id: s47, child_id: child, enquiry: e });
        append(store, date(2026, 3, 3), update(seen)).await.unwrap();
        let e = store.section47(s47).await.unwrap().unwrap();
        assert_eq!((e.child_seen_on, e.child_seen_alone), (Some(date(2026, 3, 3)), Some(true)), "{}", ts.name);

        let done = concluded(monday, monday, Section47Outcome::ConcernsNotSubstantiated, date(2026, 3, 10));
        let recorded = append(store, date(2026, 3, 10), update(done)).await.unwrap();
        let e = store.section47(s47).await.unwrap().unwrap();
        assert_eq!(e.outcome, Some(Section47Outcome::ConcernsNotSubstantiated));
        assert!(!e.may_have_initial_conference());

        // Concluded: a further update is refused, a correction is not.
        let again = concluded(monday, monday, Section47Outcome::SubstantiatedIcpcNeeded, date(2026, 3, 10));
        let err = append(store, date(2026, 3, 11), update(again.clone())).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("already concluded")), "{}: {err}", ts.name);
        append(
            store,
            date(2026, 3, 11),
            EventPayload::Correction(Correction {
                corrects: recorded[0].event_id,
                reason: "Outcome recorded against the wrong option".into(),
                replacement: Box::new(update(again)),
            }),
        )
        .await
        .unwrap();
        assert_eq!(store.section47(s47).await.unwrap().unwrap().outcome, Some(Section47Outcome::SubstantiatedIcpcNeeded));

        // An enquiry that does not exist, or is another child's, cannot be updated.
        let ghost = EventPayload::Section47Updated(Section47Updated {
            enquiry_id: Section47Id::new(),
            child_id: child,
            enquiry: enquiry(monday, monday),
        });
        assert!(matches!(append(store, monday, ghost).await, Err(StoreError::Refused(_))));
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_late_initial_conference_needs_a_reason_naming_the_date_it_was_due() {
    for ts in both().await {
        let store = &ts.store;
        let (child, _, s47) = with_enquiry(store).await;
        // Discussion Monday 2 March 2026: 15 working days later is Monday 23 March.
        let tuesday = date(2026, 3, 24);
        let id = ConferenceId::new();
        let err = append(store, tuesday, EventPayload::ConferenceHeld(icpc(id, child, s47, tuesday, ""))).await.unwrap_err();
        match &err {
            StoreError::Invalid(e) => {
                let message = e.for_field("late_reason").unwrap_or_default();
                assert!(message.contains("due by 23 March 2026"), "{}: {message}", ts.name);
                assert!(message.contains("15 working days after the strategy discussion on 2 March 2026"), "{message}");
            }
            other => panic!("expected a late_reason field error, got {other}"),
        }
        assert!(store.conferences_of(child).await.unwrap().is_empty());

        // On the due day no reason is needed.
        let on_time = ConferenceId::new();
        append(store, date(2026, 3, 23), EventPayload::ConferenceHeld(icpc(on_time, child, s47, date(2026, 3, 23), ""))).await.unwrap();
        let list = store.conferences_of(child).await.unwrap();
        assert_eq!(list.len(), 1, "{}", ts.name);
        let c = &list[0];
        assert_eq!((c.kind, c.held_on, c.enquiry_id), (ConferenceKind::Initial, date(2026, 3, 23), Some(s47)));
        assert_eq!(c.category, Some(AbuseCategory::Physical));
        assert_eq!(c.childs_views.advocacy_offered, Some(true));
        assert_eq!(c.attendees.len(), 2);
        assert_eq!(c.actions.len(), 1);
        assert_eq!(store.conference(on_time).await.unwrap().as_ref(), Some(c));

        // One initial conference per enquiry.
        let err = append(store, tuesday, EventPayload::ConferenceHeld(icpc(id, child, s47, tuesday, "Chair ill"))).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("already recorded")), "{err}");
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_late_initial_conference_with_its_reason_is_accepted_but_not_after_an_outcome_ruling_one_out() {
    for ts in both().await {
        let store = &ts.store;
        let (child, _, s47) = with_enquiry(store).await;
        let tuesday = date(2026, 3, 24);
        append(
            store,
            tuesday,
            EventPayload::ConferenceHeld(icpc(ConferenceId::new(), child, s47, tuesday, "Police could not attend earlier")),
        )
        .await
        .unwrap();
        assert_eq!(store.conferences_of(child).await.unwrap()[0].late_reason, "Police could not attend earlier", "{}", ts.name);

        // A second child whose enquiry found no conference needed.
        let (other, _, their_s47) = enquiry_for(store, another_child(store).await).await;
        let monday = date(2026, 3, 2);
        let done = concluded(monday, monday, Section47Outcome::SubstantiatedNotAtContinuingRisk, date(2026, 3, 9));
        append(
            store,
            date(2026, 3, 9),
            EventPayload::Section47Updated(Section47Updated { enquiry_id: their_s47, child_id: other, enquiry: done }),
        )
        .await
        .unwrap();
        let err = append(
            store,
            date(2026, 3, 10),
            EventPayload::ConferenceHeld(icpc(ConferenceId::new(), other, their_s47, date(2026, 3, 10), "")),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("no initial child protection conference is needed")), "{err}");
        // Nor for another child's enquiry, nor before the enquiry started.
        let err =
            append(store, date(2026, 3, 10), EventPayload::ConferenceHeld(icpc(ConferenceId::new(), other, s47, date(2026, 3, 10), "")))
                .await
                .unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("another child")), "{err}");
        let mut no_enquiry = icpc(ConferenceId::new(), other, s47, date(2026, 3, 10), "");
        no_enquiry.enquiry_id = None;
        let err = append(store, date(2026, 3, 10), EventPayload::ConferenceHeld(no_enquiry)).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid(ref e) if e.for_field("enquiry_id").is_some()), "{err}");
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_review_conference_needs_the_childs_open_plan_and_updates_its_latest_category() {
    for ts in both().await {
        let store = &ts.store;
        let (child, _, s47) = with_enquiry(store).await;
        let review = |plan: Option<PlanId>, held: NaiveDate, category| ConferenceHeld {
            conference_id: ConferenceId::new(),
            child_id: child,
            enquiry_id: None,
            plan_id: plan,
            conference: conference(ConferenceKind::Review, held, category),
            late_reason: String::new(),
            actions: vec![],
        };
        let june = date(2026, 6, 15);
        let err = append(store, june, EventPayload::ConferenceHeld(review(None, june, Some(AbuseCategory::Emotional)))).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("there is none open")), "{}: {err}", ts.name);
        let err = append(store, june, EventPayload::ConferenceHeld(review(Some(PlanId::new()), june, Some(AbuseCategory::Emotional)))).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "{err}");

        // The initial conference makes a plan.
        let icpc_id = ConferenceId::new();
        let march = date(2026, 3, 20);
        append(store, march, EventPayload::ConferenceHeld(icpc(icpc_id, child, s47, march, ""))).await.unwrap();
        let plan = PlanId::new();
        append(
            store,
            march,
            EventPayload::CpPlanStarted(CpPlanStarted {
                plan_id: plan,
                child_id: child,
                conference_id: icpc_id,
                plan: ChildProtectionPlan {
                    started_on: Some(march),
                    initial_category: Some(AbuseCategory::Physical),
                    latest_category: Some(AbuseCategory::Physical),
                    contingency_plan:
                        "If the father returns to the home, mother will call police and the child will stay with grandmother.".into(),
                    actions: vec![action("Health visitor to visit weekly", march)],
                    ended_on: None,
                    end_reason: None,
                    end_reason_detail: String::new(),
                },
            }),
        )
        .await
        .unwrap();
        let open = store.open_cp_plan_for_review(child).await.unwrap().unwrap();
        assert_eq!((open.plan_id, open.started_on, open.conference_id), (plan, march, Some(icpc_id)), "{}", ts.name);
        assert!(store.plan_recorded_from_conference(icpc_id).await.unwrap());

        // A review on the plan's first day is refused; three months on it is recorded.
        let err = append(store, march, EventPayload::ConferenceHeld(review(Some(plan), march, Some(AbuseCategory::Physical)))).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid(ref e) if e.for_field("held_on").is_some()), "{err}");
        append(store, june, EventPayload::ConferenceHeld(review(Some(plan), june, Some(AbuseCategory::Emotional)))).await.unwrap();
        let conferences = store.conferences_of(child).await.unwrap();
        assert_eq!(conferences.len(), 2);
        assert_eq!((conferences[0].kind, conferences[0].plan_id), (ConferenceKind::Review, Some(plan)));
        let plans = store.dump_projections().await.unwrap().into_iter().find(|(t, _)| t == "plans").unwrap().1;
        assert!(plans[0].contains("|PHY|EMO|"), "initial PHY, latest EMO: {}", plans[0]);

        // Another child's plan cannot be reviewed on this child's record.
        let other = another_child(store).await;
        let mut theirs = review(Some(plan), june, Some(AbuseCategory::Physical));
        theirs.child_id = other;
        assert!(matches!(append(store, june, EventPayload::ConferenceHeld(theirs)).await, Err(StoreError::Refused(_))));

        // Rebuilding from the log gives the same tables.
        let before = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert_eq!(store.dump_projections().await.unwrap(), before, "{}", ts.name);
        ts.finish().await;
    }
}
