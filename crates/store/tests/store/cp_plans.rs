//! Child protection plans, core groups and actions (issue 4, F18, F19), on
//! both backends: a plan only from an initial conference that decided on
//! one, one open plan at a time, no child in need plan open alongside, and
//! core groups only on the open plan.

use super::support::both;
use super::{date, seed};
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::child_protection::*;
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::*;
use hearth_domain::ids::*;
use hearth_store::{RecordedEvent, SYSTEM_USER, Store, StoreError};

fn on(day: NaiveDate, payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap()))
}

async fn append(store: &Store, day: NaiveDate, payload: EventPayload) -> Result<Vec<RecordedEvent>, StoreError> {
    store.append(SYSTEM_USER, vec![on(day, payload)]).await
}

fn attendee(name: &str, agency: Agency) -> Attendee {
    Attendee { name: name.into(), agency, role: "Lead for the agency".into() }
}

fn action(description: &str, due: NaiveDate) -> Action {
    Action {
        action_id: ActionId::new(),
        description: description.into(),
        owner: Some(ActionOwner::Named { name: "Ana Test".into(), agency: "Health visiting".into() }),
        due_on: Some(due),
        status: ActionStatus::Open,
    }
}

/// A strategy discussion that decided on section 47, the enquiry started
/// the same day, and an initial conference on `icpc_on` with `decision`.
async fn conference_for(
    store: &Store,
    child: PersonId,
    discussion_on: NaiveDate,
    icpc_on: NaiveDate,
    decision: ConferenceDecision,
) -> ConferenceId {
    let (sd, s47, conf) = (StrategyDiscussionId::new(), Section47Id::new(), ConferenceId::new());
    let discussion = StrategyDiscussionHeld {
        discussion_id: sd,
        child_id: child,
        referral_id: None,
        discussion: StrategyDiscussion {
            held_at: discussion_on.and_hms_opt(10, 0, 0),
            attendees: vec![attendee("Sam Social", Agency::SocialCare), attendee("DS Reed", Agency::Police)],
            information_shared: "School: the child is often hungry and in the same clothes.".into(),
            decision: Some(StrategyDecision::Section47Enquiry),
            rationale: "Persistent neglect of basic needs.".into(),
            interim_safety_plan: "Daily check at school.".into(),
            actions: vec![],
        },
    };
    append(store, discussion_on, EventPayload::StrategyDiscussionHeld(discussion)).await.unwrap();
    let started = Section47Started { enquiry_id: s47, child_id: child, discussion_id: sd, discussion_on, started_on: discussion_on };
    append(store, discussion_on, EventPayload::Section47Started(started)).await.unwrap();
    let plan = decision == ConferenceDecision::ChildProtectionPlan;
    let held = ConferenceHeld {
        conference_id: conf,
        child_id: child,
        enquiry_id: Some(s47),
        plan_id: None,
        conference: ChildProtectionConference {
            kind: ConferenceKind::Initial,
            held_on: Some(icpc_on),
            section47_started_on: Some(discussion_on),
            plan_started_on: None,
            attendees: vec![attendee("Chair", Agency::SocialCare), attendee("Health visitor", Agency::Health)],
            childs_views: ChildsViews { views: "Likes school dinners".into(), advocacy_offered: Some(false), ..ChildsViews::default() },
            decision: Some(decision),
            rationale: "Neglect of health and food over many months.".into(),
            category: plan.then_some(AbuseCategory::Neglect),
        },
        late_reason: String::new(),
        actions: vec![],
    };
    append(store, icpc_on, EventPayload::ConferenceHeld(held)).await.unwrap();
    conf
}

fn plan_started(plan_id: PlanId, child: PersonId, conference: ConferenceId, start: NaiveDate) -> EventPayload {
    EventPayload::CpPlanStarted(CpPlanStarted {
        plan_id,
        child_id: child,
        conference_id: conference,
        plan: ChildProtectionPlan {
            started_on: Some(start),
            initial_category: Some(AbuseCategory::Neglect),
            latest_category: Some(AbuseCategory::Neglect),
            contingency_plan: "If the home is again without food or heating, a legal planning meeting is held within 5 days.".into(),
            actions: vec![action("Visit the home and check there is food and heating", start + chrono::Duration::days(14))],
            ended_on: None,
            end_reason: None,
            end_reason_detail: String::new(),
        },
    })
}

fn core_group(plan: PlanId, child: PersonId, plan_started_on: NaiveDate, held: NaiveDate) -> EventPayload {
    EventPayload::CoreGroupHeld(CoreGroupHeld {
        meeting_id: MeetingId::new(),
        child_id: child,
        plan_id: plan,
        meeting: CoreGroupMeeting {
            plan_started_on,
            held_on: Some(held),
            attendees: vec![attendee("Sam Social", Agency::SocialCare), attendee("Mum", Agency::Other)],
            progress: "Food in the cupboards at every visit; heating fixed.".into(),
            actions: vec![action("Register the children with a dentist", held + chrono::Duration::days(20))],
        },
        late_reason: String::new(),
    })
}

fn ended(plan: PlanId, child: PersonId, on: NaiveDate) -> EventPayload {
    EventPayload::CpPlanEnded(CpPlanEnded {
        plan_id: plan,
        child_id: child,
        ended_on: on,
        reason: CpPlanEndReason::StepDownToChildInNeed,
        reason_detail: String::new(),
    })
}

fn refused(result: Result<Vec<RecordedEvent>, StoreError>) -> String {
    match result {
        Err(StoreError::Refused(m)) => m,
        Err(StoreError::Invalid(e)) => e.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

// Monday 2 March 2026; the conference on Friday 13 March.
fn monday() -> NaiveDate {
    date(2026, 3, 2)
}
fn icpc_day() -> NaiveDate {
    date(2026, 3, 13)
}

#[tokio::test]
async fn a_plan_needs_this_childs_initial_conference_that_decided_on_one() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let no_plan = conference_for(store, child, monday(), icpc_day(), ConferenceDecision::NoPlan).await;
        let before = store.event_count().await.unwrap();
        let m = refused(append(store, icpc_day(), plan_started(PlanId::new(), child, no_plan, icpc_day())).await);
        assert!(m.contains("decided the child should not be the subject of a child protection plan"), "{}: {m}", ts.name);
        assert_eq!(store.event_count().await.unwrap(), before, "a refused plan writes nothing");
        assert!(store.cp_plans_of(child).await.unwrap().is_empty());
        // No conference at all.
        let m = refused(append(store, icpc_day(), plan_started(PlanId::new(), child, ConferenceId::new(), icpc_day())).await);
        assert!(m.contains("record the initial conference first"), "{m}");

        let other = PersonId::new();
        store.append(SYSTEM_USER, vec![super::child(other, "Leo", "Marsh", date(2019, 1, 1), None)]).await.unwrap();
        let conf = conference_for(store, other, monday(), icpc_day(), ConferenceDecision::ChildProtectionPlan).await;
        // The plan starts on the conference's date, not another.
        let m = refused(append(store, date(2026, 3, 16), plan_started(PlanId::new(), other, conf, date(2026, 3, 16))).await);
        assert!(m.contains("starts on the date of the initial conference"), "{m}");
        // Another child's conference.
        let m = refused(append(store, icpc_day(), plan_started(PlanId::new(), child, conf, icpc_day())).await);
        assert!(m.contains("another child's record"), "{m}");

        let plan_id = PlanId::new();
        append(store, icpc_day(), plan_started(plan_id, other, conf, icpc_day())).await.unwrap();
        let plans = store.cp_plans_of(other).await.unwrap();
        assert_eq!(plans.len(), 1, "{}", ts.name);
        assert_eq!(plans[0].plan_id, plan_id);
        assert_eq!(plans[0].started_on, icpc_day());
        assert_eq!(plans[0].initial_category, Some(AbuseCategory::Neglect));
        assert_eq!(plans[0].conference_id, Some(conf));
        assert!(plans[0].contingency_plan.starts_with("If the home is again"));
        let actions = store.actions_of(other).await.unwrap();
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].source_kind, "cp_plan");
        assert_eq!(actions[0].owner_text(), "Ana Test (Health visiting)");
        assert!(store.conferences_awaiting_plan(other).await.unwrap().is_empty());
        // A second plan from the same conference is refused.
        let m = refused(append(store, icpc_day(), plan_started(PlanId::new(), other, conf, icpc_day())).await);
        assert!(m.contains("already"), "{m}");
        ts.finish().await;
    }
}

#[tokio::test]
async fn one_open_child_protection_plan_at_a_time_and_none_beside_an_open_cin_plan() {
    for ts in both().await {
        let store = &ts.store;
        let (_, worker, child) = seed(store).await;
        let first = conference_for(store, child, monday(), icpc_day(), ConferenceDecision::ChildProtectionPlan).await;
        assert_eq!(store.conferences_awaiting_plan(child).await.unwrap().len(), 1, "{}", ts.name);
        let plan_1 = PlanId::new();
        append(store, icpc_day(), plan_started(plan_1, child, first, icpc_day())).await.unwrap();
        let second = conference_for(store, child, date(2026, 3, 16), date(2026, 3, 20), ConferenceDecision::ChildProtectionPlan).await;
        let m = refused(append(store, date(2026, 3, 20), plan_started(PlanId::new(), child, second, date(2026, 3, 20))).await);
        assert!(m.contains("already has a child protection plan that started on 13 March 2026 and is still open"), "{}: {m}", ts.name);
        // Ending the first lets the second start.
        let m = refused(append(store, icpc_day(), ended(plan_1, child, icpc_day())).await);
        assert!(m.contains("must be after the date it started"), "{m}");
        append(store, date(2026, 3, 19), ended(plan_1, child, date(2026, 3, 19))).await.unwrap();
        let m = refused(append(store, date(2026, 3, 19), ended(plan_1, child, date(2026, 3, 19))).await);
        assert!(m.contains("already ended"), "{m}");
        append(store, date(2026, 3, 20), plan_started(PlanId::new(), child, second, date(2026, 3, 20))).await.unwrap();
        assert_eq!(store.cp_plans_of(child).await.unwrap().iter().filter(|p| p.is_open()).count(), 1);

        // Another child with a child in need plan open: the CIN plan must end first.
        let other = PersonId::new();
        store.append(SYSTEM_USER, vec![super::child(other, "Ada", "Marsh", date(2018, 6, 1), None)]).await.unwrap();
        let referral = ReferralId::new();
        let opened = ReferralOpened {
            referral_id: referral,
            child_id: other,
            contact_id: None,
            referral_date: date(2026, 2, 2),
            source: ReferralSource::School,
        };
        store.append(worker, vec![on(date(2026, 2, 2), EventPayload::ReferralOpened(opened))]).await.unwrap();
        let cin = CinPlanStarted {
            plan_id: PlanId::new(),
            child_id: other,
            referral_id: referral,
            started_on: date(2026, 2, 2),
            visit_every_days: 28,
            review_every_months: 3,
            plan: "Improve school attendance and keep health appointments.".into(),
            actions: vec![],
        };
        store.append(worker, vec![on(date(2026, 2, 2), EventPayload::CinPlanStarted(cin))]).await.unwrap();
        let conf = conference_for(store, other, monday(), icpc_day(), ConferenceDecision::ChildProtectionPlan).await;
        let m = refused(append(store, icpc_day(), plan_started(PlanId::new(), other, conf, icpc_day())).await);
        assert!(m.contains("has a child in need plan that started on 2 February 2026 and is still open"), "{}: {m}", ts.name);
        assert!(m.contains("End it on the day the child protection plan starts"), "{m}");
        assert!(store.cp_plans_of(other).await.unwrap().is_empty());
        ts.finish().await;
    }
}

#[tokio::test]
async fn core_groups_meet_on_the_open_plan_and_not_before_it_started() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let conf = conference_for(store, child, monday(), icpc_day(), ConferenceDecision::ChildProtectionPlan).await;
        let plan = PlanId::new();
        // No plan yet.
        let m = refused(append(store, date(2026, 3, 20), core_group(plan, child, icpc_day(), date(2026, 3, 20))).await);
        assert!(m.contains("record the plan first"), "{}: {m}", ts.name);
        append(store, icpc_day(), plan_started(plan, child, conf, icpc_day())).await.unwrap();
        // Before the plan started, even when the payload claims an earlier start.
        let m = refused(append(store, date(2026, 3, 12), core_group(plan, child, date(2026, 3, 1), date(2026, 3, 12))).await);
        assert!(
            m.contains("held_on: The date of the core group meeting must be on or after the date the child protection plan started"),
            "{m}"
        );
        append(store, date(2026, 3, 26), core_group(plan, child, icpc_day(), date(2026, 3, 26))).await.unwrap();
        let groups = store.core_groups_of(plan).await.unwrap();
        assert_eq!(groups.len(), 1, "{}", ts.name);
        assert_eq!(groups[0].held_on, date(2026, 3, 26));
        assert_eq!(groups[0].attendees.len(), 2);
        let actions = store.actions_of(child).await.unwrap();
        assert_eq!(actions.len(), 2);
        assert_eq!(store.actions_from("core_group", &groups[0].meeting_id.to_string()).await.unwrap().len(), 1);

        // The plan's action is done, with evidence.
        let plan_action = store.actions_from("cp_plan", &plan.to_string()).await.unwrap()[0].action.action_id;
        let done = ActionCompleted {
            action_id: plan_action,
            child_id: child,
            completed_on: date(2026, 3, 25),
            evidence: "Seen: food and heating".into(),
        };
        append(store, date(2026, 3, 25), EventPayload::ActionCompleted(done)).await.unwrap();
        let a = store.action(plan_action).await.unwrap().unwrap();
        assert!(matches!(a.action.status, ActionStatus::Done { ref evidence, .. } if evidence == "Seen: food and heating"));

        // The plan cannot end before its last core group; once ended, no new core group.
        let m = refused(append(store, date(2026, 3, 20), ended(plan, child, date(2026, 3, 20))).await);
        assert!(m.contains("last core group"), "{m}");
        append(store, date(2026, 4, 1), ended(plan, child, date(2026, 4, 1))).await.unwrap();
        let m = refused(append(store, date(2026, 4, 2), core_group(plan, child, icpc_day(), date(2026, 4, 2))).await);
        assert!(m.contains("has ended"), "{m}");
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_corrected_plan_replaces_what_the_original_wrote() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let conf = conference_for(store, child, monday(), icpc_day(), ConferenceDecision::ChildProtectionPlan).await;
        let plan = PlanId::new();
        let payload = plan_started(plan, child, conf, icpc_day());
        let original = append(store, icpc_day(), payload.clone()).await.unwrap();
        let EventPayload::CpPlanStarted(mut replacement) = payload else { unreachable!() };
        replacement.plan.contingency_plan =
            "If food or heating is missing again, the family is asked to a legal planning meeting within 5 days.".into();
        replacement.plan.latest_category = Some(AbuseCategory::Emotional);
        let correction = Correction {
            corrects: original[0].event_id,
            reason: "Typed from the wrong draft".into(),
            replacement: Box::new(EventPayload::CpPlanStarted(replacement)),
        };
        append(store, date(2026, 3, 16), EventPayload::Correction(correction)).await.unwrap();
        let plans = store.cp_plans_of(child).await.unwrap();
        assert_eq!(plans.len(), 1, "{}", ts.name);
        assert!(plans[0].contingency_plan.starts_with("If food or heating is missing again"));
        assert_eq!(plans[0].latest_category, Some(AbuseCategory::Emotional));
        assert_eq!(store.actions_of(child).await.unwrap().len(), 1, "the same actions, re-applied in place");
        // A rebuild from the log gives the same tables.
        let live = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert_eq!(store.dump_projections().await.unwrap(), live, "{}", ts.name);
        ts.finish().await;
    }
}
