//! Assessments, child in need plans and visits (issue 4), on both backends.

use super::support::both;
use super::{date, seed};
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::assessment::{Assessment, AssessmentOutcome};
use hearth_domain::child_protection::ChildProtectionVisit;
use hearth_domain::codes::{AssessmentFactor, ClosureReason, ReferralSource};
use hearth_domain::events::*;
use hearth_domain::ids::{AssessmentId, MeetingId, PersonId, PlanId, ReferralId, TeamId, UserId};
use hearth_store::assessments::AssessmentStatus;
use hearth_store::{Store, StoreError};

/// An event that happened at noon on `d`.
fn on(d: NaiveDate, payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).unwrap()))
}

async fn refer(store: &Store, by: UserId, child: PersonId, d: NaiveDate) -> ReferralId {
    let referral_id = ReferralId::new();
    let opened = ReferralOpened { referral_id, child_id: child, contact_id: None, referral_date: d, source: ReferralSource::School };
    store.append(by, vec![on(d, EventPayload::ReferralOpened(opened))]).await.unwrap();
    referral_id
}

fn started(id: AssessmentId, child: PersonId, referral: ReferralId, referral_on: NaiveDate, started_on: NaiveDate) -> NewEvent {
    on(
        started_on,
        EventPayload::AssessmentStarted(AssessmentStarted {
            assessment_id: id,
            child_id: child,
            referral_id: referral,
            referral_on,
            started_on,
            expected_birth_on: None,
        }),
    )
}

fn record(referral_on: NaiveDate, started_on: NaiveDate, completed_on: Option<NaiveDate>, late_reason: &str) -> Assessment {
    Assessment {
        referral_on,
        started_on: Some(started_on),
        information_gathered: "School: attendance 70%. GP: missed immunisations.".into(),
        analysis: "Together these suggest the children's basic needs are being neglected.".into(),
        childs_views: "Says she is tired because her brother keeps her awake.".into(),
        childs_views_not_obtained_reason: String::new(),
        factors: vec![AssessmentFactor::Neglect, AssessmentFactor::MentalHealthParent],
        outcome: Some(AssessmentOutcome::ChildInNeedPlan),
        completed_on,
        authorised_by: None,
        authorised_on: None,
        late_reason: late_reason.into(),
    }
}

fn authorise(id: AssessmentId, child: PersonId, d: NaiveDate, late_reason: &str) -> NewEvent {
    on(
        d,
        EventPayload::AssessmentAuthorised(AssessmentAuthorised {
            assessment_id: id,
            child_id: child,
            authorised_on: d,
            late_reason: late_reason.into(),
            manager_comment: "Analysis is clear; agree a child in need plan.".into(),
        }),
    )
}

fn refused(result: Result<Vec<hearth_store::RecordedEvent>, StoreError>, contains: &str) {
    match result {
        Err(StoreError::Refused(m)) => assert!(m.contains(contains), "{m}"),
        other => panic!("expected a refusal containing {contains:?}, got {other:?}"),
    }
}

fn invalid(result: Result<Vec<hearth_store::RecordedEvent>, StoreError>, field: &str, contains: &str) {
    match result {
        Err(StoreError::Invalid(errors)) => {
            let m = errors.for_field(field).unwrap_or_else(|| panic!("no error on {field}: {errors:?}"));
            assert!(m.contains(contains), "{m}");
        }
        other => panic!("expected a field error on {field}, got {other:?}"),
    }
}

#[tokio::test]
async fn an_assessment_is_submitted_returned_and_authorised_and_a_late_one_needs_a_reason() {
    for ts in both().await {
        let store = &ts.store;
        let (team, w, child) = seed(store).await;
        let referral_on = date(2025, 3, 3);
        let referral = refer(store, w, child, referral_on).await;
        let id = AssessmentId::new();

        // The referral must exist and be this child's.
        refused(store.append(w, vec![started(id, child, ReferralId::new(), referral_on, date(2025, 3, 4))]).await, "does not exist");
        store.append(w, vec![started(id, child, referral, referral_on, date(2025, 3, 4))]).await.unwrap();
        refused(
            store.append(w, vec![started(AssessmentId::new(), child, referral, referral_on, date(2025, 3, 5))]).await,
            "in progress since 4 March 2025",
        );

        // Nothing to authorise before it is submitted.
        refused(store.append(w, vec![authorise(id, child, date(2025, 3, 20), "")]).await, "has not submitted it");

        let draft = Assessment { completed_on: None, outcome: None, ..record(referral_on, date(2025, 3, 4), None, "") };
        let saved = AssessmentProgressSaved { assessment_id: id, child_id: child, assessment: draft };
        store.append(w, vec![on(date(2025, 3, 10), EventPayload::AssessmentProgressSaved(saved))]).await.unwrap();
        let a = store.assessment(id).await.unwrap().unwrap();
        assert_eq!(a.status, AssessmentStatus::InProgress, "{}", ts.name);
        assert_eq!(a.factors, vec![AssessmentFactor::Neglect, AssessmentFactor::MentalHealthParent]);
        assert_eq!(a.worker_name.as_deref(), Some("Worker sw.one"));

        // Completed on 20 May: past the 45 working days (due 8 May 2025,
        // after Good Friday, Easter Monday and the early May bank holiday).
        let calendar = hearth_domain::calendar::Calendar::england_and_wales();
        assert_eq!(a.as_domain().due_on(&calendar), date(2025, 5, 8));
        let submit = |d: NaiveDate, late: &str| {
            on(
                d,
                EventPayload::AssessmentSubmitted(AssessmentSubmitted {
                    assessment_id: id,
                    child_id: child,
                    assessment: record(referral_on, date(2025, 3, 4), Some(date(2025, 5, 20)), late),
                }),
            )
        };
        store.append(w, vec![submit(date(2025, 5, 20), "")]).await.unwrap();
        let waiting = store.assessments_awaiting_authorisation(Some(team)).await.unwrap();
        assert_eq!(waiting.iter().map(|a| a.assessment_id).collect::<Vec<_>>(), vec![id], "{}", ts.name);
        assert_eq!(waiting[0].submitted_by_name.as_deref(), Some("Worker sw.one"));
        assert!(store.assessments_awaiting_authorisation(Some(TeamId::new())).await.unwrap().is_empty());
        assert_eq!(store.assessments_awaiting_authorisation(None).await.unwrap().len(), 1);

        // Returned: back with the worker, off the manager's list.
        let back = AssessmentReturned {
            assessment_id: id,
            child_id: child,
            returned_on: date(2025, 5, 21),
            reason: "Add the father's views".into(),
        };
        store.append(w, vec![on(date(2025, 5, 21), EventPayload::AssessmentReturned(back.clone()))]).await.unwrap();
        let a = store.assessment(id).await.unwrap().unwrap();
        assert_eq!(a.status, AssessmentStatus::InProgress);
        assert_eq!(a.returned_reason.as_deref(), Some("Add the father's views"));
        assert!(store.assessments_awaiting_authorisation(None).await.unwrap().is_empty());
        refused(store.append(w, vec![on(date(2025, 5, 21), EventPayload::AssessmentReturned(back))]).await, "Only an assessment submitted");

        store.append(w, vec![submit(date(2025, 5, 22), "")]).await.unwrap();
        let before = store.event_count().await.unwrap();
        invalid(store.append(w, vec![authorise(id, child, date(2025, 5, 23), "")]).await, "late_reason", "it was due by 8 May 2025");
        invalid(store.append(w, vec![authorise(id, child, date(2025, 5, 19), "Waited")]).await, "authorised_on", "20 May 2025");
        assert_eq!(store.event_count().await.unwrap(), before, "{}: refused appends write nothing", ts.name);

        store.append(w, vec![authorise(id, child, date(2025, 5, 23), "Father in custody; prison visit took three weeks")]).await.unwrap();
        let a = store.assessment(id).await.unwrap().unwrap();
        assert_eq!(a.status, AssessmentStatus::Authorised, "{}", ts.name);
        assert_eq!(a.authorised_on, Some(date(2025, 5, 23)));
        assert_eq!(a.authorised_by, Some(w), "the manager is who recorded the authorisation");
        assert_eq!(a.late_reason, "Father in custody; prison visit took three weeks");
        assert!(a.as_domain().is_late(date(2025, 6, 1), &calendar));
        refused(store.append(w, vec![authorise(id, child, date(2025, 5, 24), "x")]).await, "already been authorised");
        refused(store.append(w, vec![submit(date(2025, 5, 24), "")]).await, "has been authorised");

        // Authorised, the referral may have another assessment.
        store.append(w, vec![started(AssessmentId::new(), child, referral, referral_on, date(2025, 6, 2))]).await.unwrap();
        assert_eq!(store.assessments_of(child).await.unwrap().len(), 2);
        ts.finish().await;
    }
}

#[tokio::test]
async fn the_workers_late_reason_at_submission_is_enough_and_a_closed_referral_takes_no_new_assessment() {
    for ts in both().await {
        let store = &ts.store;
        let (_, w, child) = seed(store).await;
        let referral_on = date(2025, 3, 3);
        let referral = refer(store, w, child, referral_on).await;
        let id = AssessmentId::new();
        store.append(w, vec![started(id, child, referral, referral_on, date(2025, 3, 4))]).await.unwrap();
        let submitted = AssessmentSubmitted {
            assessment_id: id,
            child_id: child,
            assessment: record(referral_on, date(2025, 3, 4), Some(date(2025, 5, 12)), "Interpreter not available for four weeks"),
        };
        store.append(w, vec![on(date(2025, 5, 12), EventPayload::AssessmentSubmitted(submitted))]).await.unwrap();
        store.append(w, vec![authorise(id, child, date(2025, 5, 13), "")]).await.unwrap();
        assert_eq!(store.assessment(id).await.unwrap().unwrap().late_reason, "Interpreter not available for four weeks", "{}", ts.name);

        let closed =
            ReferralClosed { referral_id: referral, child_id: child, closed_on: date(2025, 5, 14), reason: ClosureReason::ServicesCeased };
        store.append(w, vec![on(date(2025, 5, 14), EventPayload::ReferralClosed(closed))]).await.unwrap();
        refused(
            store.append(w, vec![started(AssessmentId::new(), child, referral, referral_on, date(2025, 5, 15))]).await,
            "closed on 14 May 2025",
        );
        ts.finish().await;
    }
}

fn action(due: NaiveDate) -> Action {
    Action {
        action_id: ActionId::new(),
        description: "School nurse to check the children's health needs".into(),
        owner: Some(ActionOwner::Named { name: "Jo Nurse".into(), agency: "School nursing".into() }),
        due_on: Some(due),
        status: ActionStatus::Open,
    }
}

fn cin_plan(plan_id: PlanId, child: PersonId, referral: ReferralId, d: NaiveDate) -> NewEvent {
    on(
        d,
        EventPayload::CinPlanStarted(CinPlanStarted {
            plan_id,
            child_id: child,
            referral_id: referral,
            started_on: d,
            visit_every_days: 28,
            review_every_months: 3,
            plan: "Improve school attendance to 95% and keep health appointments.".into(),
            actions: vec![action(d + chrono::Duration::days(14))],
        }),
    )
}

fn visit(id: MeetingId, child: PersonId, d: NaiveDate) -> NewEvent {
    on(
        d,
        EventPayload::ChildVisited(ChildVisited {
            visit_id: id,
            child_id: child,
            visit: ChildProtectionVisit {
                visited_on: Some(d),
                child_seen: Some(true),
                child_seen_alone: Some(true),
                reason: String::new(),
                childs_views: "Showed me her reading book".into(),
            },
        }),
    )
}

#[tokio::test]
async fn child_in_need_plans_keep_the_overlap_rules_and_visits_count_towards_the_plan_open_that_day() {
    for ts in both().await {
        let store = &ts.store;
        let (_, w, child) = seed(store).await;
        let referral = refer(store, w, child, date(2025, 3, 3)).await;
        let plan = PlanId::new();

        // A visit before any plan counts towards none.
        let early = MeetingId::new();
        store.append(w, vec![visit(early, child, date(2025, 3, 10))]).await.unwrap();
        store.append(w, vec![cin_plan(plan, child, referral, date(2025, 4, 1))]).await.unwrap();
        invalid(
            store.append(w, vec![cin_plan(PlanId::new(), child, referral, date(2025, 4, 20))]).await,
            "started_on",
            "already has a child in need plan that started on 1 April 2025",
        );

        let review = |d: NaiveDate| {
            on(
                d,
                EventPayload::CinPlanReviewed(CinPlanReviewed {
                    review_id: MeetingId::new(),
                    plan_id: plan,
                    child_id: child,
                    reviewed_on: d,
                    progress: "Attendance up to 88%".into(),
                    actions: vec![action(d + chrono::Duration::days(7))],
                }),
            )
        };
        invalid(store.append(w, vec![review(date(2025, 3, 31))]).await, "reviewed_on", "before the plan started");
        store.append(w, vec![review(date(2025, 6, 30))]).await.unwrap();
        store.append(w, vec![visit(MeetingId::new(), child, date(2025, 4, 20))]).await.unwrap();

        let plans = store.cin_plans_of(child).await.unwrap();
        assert_eq!(plans.len(), 1, "{}", ts.name);
        let p = &plans[0];
        assert_eq!(p.reviews.len(), 1);
        assert_eq!(p.visits.len(), 1, "the visit before the plan is not the plan's");
        assert_eq!(p.actions.len(), 2, "the plan's action and the review's");
        assert_eq!(p.actions[0].owner, "Jo Nurse (School nursing)");
        assert_eq!(p.next_visit_due(), date(2025, 5, 18));
        assert_eq!(p.next_review_due(), date(2025, 9, 30));
        let visits = store.visits_of(child).await.unwrap();
        assert_eq!(visits.len(), 2);
        assert_eq!(visits.iter().find(|v| v.visit_id == early).unwrap().plan_kind, None);

        let end = |d: NaiveDate| {
            on(d, EventPayload::CinPlanEnded(CinPlanEnded { plan_id: plan, child_id: child, ended_on: d, reason: "Stepped up".into() }))
        };
        invalid(store.append(w, vec![end(date(2025, 6, 1))]).await, "ended_on", "last review (30 June 2025)");
        store.append(w, vec![end(date(2025, 7, 1))]).await.unwrap();
        refused(store.append(w, vec![review(date(2025, 7, 1))]).await, "ended on 1 July 2025");
        refused(store.append(w, vec![end(date(2025, 7, 2))]).await, "ended on 1 July 2025");

        // A child protection plan from 1 July (written by its own projection
        // in the service; put straight in the table here).
        store
            .execute_params(
                "INSERT INTO plans (plan_id, child_id, kind, started_on, started_seq) VALUES ($1, $2, 'cp', $3, 1)",
                &[
                    hearth_store::db::Value::from(PlanId::new().0),
                    hearth_store::db::Value::from(child.0),
                    hearth_store::db::Value::from(date(2025, 7, 1)),
                ],
            )
            .await
            .unwrap();
        invalid(
            store.append(w, vec![cin_plan(PlanId::new(), child, referral, date(2025, 7, 10))]).await,
            "started_on",
            "A child in need plan cannot run at the same time",
        );
        // On 1 July both plans were open: the visit counts for the child protection plan.
        let v = MeetingId::new();
        store.append(w, vec![visit(v, child, date(2025, 7, 1))]).await.unwrap();
        let visits = store.visits_of(child).await.unwrap();
        assert_eq!(visits[0].visit_id, v);
        assert_eq!(visits[0].plan_kind.as_deref(), Some("cp"), "{}", ts.name);
        assert!(visits[0].seen_alone());
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_correction_moves_a_visit_to_the_plan_open_on_its_corrected_date_and_corrects_a_start_date() {
    for ts in both().await {
        let store = &ts.store;
        let (_, w, child) = seed(store).await;
        let referral = refer(store, w, child, date(2025, 3, 3)).await;
        let plan = PlanId::new();
        store.append(w, vec![cin_plan(plan, child, referral, date(2025, 4, 1))]).await.unwrap();
        let v = MeetingId::new();
        let recorded = store.append(w, vec![visit(v, child, date(2025, 3, 20))]).await.unwrap();
        assert_eq!(store.visits_of(child).await.unwrap()[0].plan_id, None);
        let EventPayload::ChildVisited(mut fixed) = recorded[0].payload.clone() else { unreachable!() };
        fixed.visit.visited_on = Some(date(2025, 4, 2));
        let correction = Correction {
            corrects: recorded[0].event_id,
            reason: "Date typed wrongly; visit was on 2 April".into(),
            replacement: Box::new(EventPayload::ChildVisited(fixed)),
        };
        store.append(w, vec![on(date(2025, 4, 3), EventPayload::Correction(correction))]).await.unwrap();
        let visits = store.visits_of(child).await.unwrap();
        assert_eq!(visits.len(), 1, "{}", ts.name);
        assert_eq!((visits[0].visited_on, visits[0].plan_id), (date(2025, 4, 2), Some(plan)));

        let id = AssessmentId::new();
        let recorded = store.append(w, vec![started(id, child, referral, date(2025, 3, 3), date(2025, 3, 5))]).await.unwrap();
        let EventPayload::AssessmentStarted(mut fixed) = recorded[0].payload.clone() else { unreachable!() };
        fixed.started_on = date(2025, 3, 4);
        let correction = Correction {
            corrects: recorded[0].event_id,
            reason: "Started the day before".into(),
            replacement: Box::new(EventPayload::AssessmentStarted(fixed)),
        };
        store.append(w, vec![on(date(2025, 4, 3), EventPayload::Correction(correction))]).await.unwrap();
        assert_eq!(store.assessment(id).await.unwrap().unwrap().started_on, date(2025, 3, 4), "{}", ts.name);

        // The projections rebuilt from the log are the same.
        let live = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert_eq!(live, store.dump_projections().await.unwrap(), "{}", ts.name);
        ts.finish().await;
    }
}
