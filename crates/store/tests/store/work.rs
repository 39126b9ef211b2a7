//! Clocks and work lists (issue 4, F15), on both backends: the clocks
//! projection stores every due item, and the allocated worker's list, the
//! team's list and the timeliness dashboard read them as of a given day.

use super::support::both;
use super::{date, seed, worker};
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::child_protection::*;
use hearth_domain::events::*;
use hearth_domain::ids::*;
use hearth_store::work::{DueStatus, TeamFilter, WorkKind};
use hearth_store::{RecordedEvent, SYSTEM_USER, Store, StoreError};

fn on(day: NaiveDate, payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, Utc.from_utc_datetime(&day.and_hms_opt(17, 0, 0).unwrap()))
}

async fn append(store: &Store, day: NaiveDate, payload: EventPayload) -> Result<Vec<RecordedEvent>, StoreError> {
    store.append(SYSTEM_USER, vec![on(day, payload)]).await
}

fn attendee(name: &str, agency: Agency) -> Attendee {
    Attendee { name: name.into(), agency, role: "Lead for the agency".into() }
}

fn action(description: &str, owner: ActionOwner, due: NaiveDate) -> Action {
    Action {
        action_id: ActionId::new(),
        description: description.into(),
        owner: Some(owner),
        due_on: Some(due),
        status: ActionStatus::Open,
    }
}

/// A strategy discussion on `day` deciding on section 47, with `actions`,
/// and the enquiry started the same day.
async fn enquiry(store: &Store, child: PersonId, day: NaiveDate, actions: Vec<Action>) -> Section47Id {
    let (sd, s47) = (StrategyDiscussionId::new(), Section47Id::new());
    let held = StrategyDiscussionHeld {
        discussion_id: sd,
        child_id: child,
        referral_id: None,
        discussion: StrategyDiscussion {
            held_at: day.and_hms_opt(11, 0, 0),
            attendees: vec![attendee("Sam Social", Agency::SocialCare), attendee("DS Reed", Agency::Police)],
            information_shared: "School: bruising seen on Monday.".into(),
            decision: Some(StrategyDecision::Section47Enquiry),
            rationale: "Unexplained bruising meets the threshold for section 47.".into(),
            interim_safety_plan: "Child to stay with her grandmother.".into(),
            actions,
        },
    };
    append(store, day, EventPayload::StrategyDiscussionHeld(held)).await.unwrap();
    append(
        store,
        day,
        EventPayload::Section47Started(Section47Started {
            enquiry_id: s47,
            child_id: child,
            discussion_id: sd,
            discussion_on: day,
            started_on: day,
        }),
    )
    .await
    .unwrap();
    s47
}

fn conference(held: NaiveDate) -> ChildProtectionConference {
    ChildProtectionConference {
        kind: ConferenceKind::Initial,
        held_on: Some(held),
        section47_started_on: None,
        plan_started_on: None,
        attendees: vec![attendee("Chair", Agency::SocialCare), attendee("Health visitor", Agency::Health)],
        childs_views: ChildsViews {
            views: "Wants to see Nan more".into(),
            not_obtained_reason: String::new(),
            advocacy_offered: Some(true),
            advocate: String::new(),
        },
        decision: Some(ConferenceDecision::ChildProtectionPlan),
        rationale: "Repeated injuries.".into(),
        category: Some(AbuseCategory::Physical),
    }
}

#[tokio::test]
async fn an_initial_conference_not_held_within_15_working_days_is_overdue_on_the_workers_and_the_teams_list() {
    for ts in both().await {
        let store = &ts.store;
        let (team, w, child) = seed(store).await;
        let other = UserId::new();
        store.append(SYSTEM_USER, vec![worker(other, "sw.two", team)]).await.unwrap();
        // Monday 2 March 2026: 15 working days later is Monday 23 March.
        enquiry(store, child, date(2026, 3, 2), vec![]).await;
        let due = date(2026, 3, 23);

        let items = store.due_items_of(child, date(2026, 3, 10)).await.unwrap();
        let icpc = items.iter().find(|i| i.rule_id == "icpc").expect("an ICPC clock");
        assert_eq!(icpc.due_on, due, "{}", ts.name);
        assert_eq!(icpc.anchor_on, date(2026, 3, 2));
        assert_eq!(icpc.anchor_what, "strategy discussion");
        assert_eq!(icpc.status, DueStatus::OnTime);

        // How it stands depends on the day asked about.
        let status_on = |items: &[hearth_store::work::WorkItem]| -> Vec<DueStatus> {
            items.iter().filter(|i| i.rule_id.as_deref() == Some("icpc")).map(|i| i.status).collect()
        };
        assert_eq!(status_on(&store.my_work(w, date(2026, 3, 10)).await.unwrap()), vec![DueStatus::OnTime], "{}", ts.name);
        assert_eq!(status_on(&store.my_work(w, date(2026, 3, 19)).await.unwrap()), vec![DueStatus::DueSoon], "{}", ts.name);
        assert_eq!(status_on(&store.my_work(w, due).await.unwrap()), vec![DueStatus::DueSoon], "due today is not yet overdue");
        let late = date(2026, 3, 24);
        let mine = store.my_work(w, late).await.unwrap();
        assert_eq!(status_on(&mine), vec![DueStatus::Overdue], "{}", ts.name);
        assert_eq!(mine[0].child_id, child);
        assert_eq!(mine[0].child_name, "Amara Okafor");
        assert!(store.my_work(other, late).await.unwrap().is_empty(), "{}: not on another worker's list", ts.name);

        let groups = store.team_work(team, late).await.unwrap();
        assert_eq!(groups.len(), 1, "{}: one worker holds work", ts.name);
        assert_eq!(groups[0].holder_id, Some(w));
        assert_eq!(groups[0].holder_name, "Worker sw.one");
        assert_eq!(groups[0].count(DueStatus::Overdue), 1);
        assert!(store.team_work(TeamId::new(), late).await.unwrap().is_empty());

        let service = store.service_work(late).await.unwrap();
        let counts = service.iter().find(|c| c.team_id == Some(team)).unwrap();
        assert_eq!((counts.overdue, counts.due_soon, counts.on_time), (1, 0, 0), "{}", ts.name);

        // The dashboard counts it, and its figure lists the child.
        let t = store.timeliness(late).await.unwrap();
        let figures = t.teams.iter().find(|x| x.team_id == Some(team)).unwrap();
        let rule = figures.rules.iter().find(|r| r.rule_id == "icpc").unwrap();
        assert_eq!(rule.count(DueStatus::Overdue), 1, "{}", ts.name);
        assert_eq!(rule.count(DueStatus::OnTime), 0);
        let list = store.timeliness_list(TeamFilter::Team(team), Some("icpc"), DueStatus::Overdue, late).await.unwrap();
        assert_eq!(list.iter().map(|i| i.child_id).collect::<Vec<_>>(), vec![child], "{}", ts.name);
        assert!(store.timeliness_list(TeamFilter::Team(team), Some("icpc"), DueStatus::Met, late).await.unwrap().is_empty());
        assert!(store.timeliness_list(TeamFilter::NoTeam, None, DueStatus::Overdue, late).await.unwrap().is_empty());

        // The clocks are rebuilt exactly from the log.
        let before = store.dump_projections().await.unwrap();
        store.rebuild(&mut |_, _| {}).await.unwrap();
        assert_eq!(store.dump_projections().await.unwrap(), before, "{}", ts.name);
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_core_group_held_late_is_met_late_and_the_next_one_is_counted_from_it() {
    for ts in both().await {
        let store = &ts.store;
        let (team, w, child) = seed(store).await;
        let s47 = enquiry(store, child, date(2026, 3, 2), vec![]).await;
        // The ICPC on Monday 16 March is within its 15 working days.
        let (conf, plan) = (ConferenceId::new(), PlanId::new());
        let icpc_on = date(2026, 3, 16);
        append(
            store,
            icpc_on,
            EventPayload::ConferenceHeld(ConferenceHeld {
                conference_id: conf,
                child_id: child,
                enquiry_id: Some(s47),
                plan_id: None,
                conference: conference(icpc_on),
                late_reason: String::new(),
                actions: vec![],
            }),
        )
        .await
        .unwrap();
        append(
            store,
            icpc_on,
            EventPayload::CpPlanStarted(CpPlanStarted {
                plan_id: plan,
                child_id: child,
                conference_id: conf,
                plan: ChildProtectionPlan {
                    started_on: Some(icpc_on),
                    initial_category: Some(AbuseCategory::Physical),
                    latest_category: Some(AbuseCategory::Physical),
                    contingency_plan: "If the father returns home, the children go to their grandmother.".into(),
                    actions: vec![action(
                        "Attend the parenting programme",
                        ActionOwner::Named { name: "Ms Okafor".into(), agency: "Parent".into() },
                        date(2026, 5, 29),
                    )],
                    ended_on: None,
                    end_reason: None,
                    end_reason_detail: String::new(),
                },
            }),
        )
        .await
        .unwrap();
        // Before the core group: the first one is due 10 working days after
        // the ICPC (Monday 30 March) and overdue the day after.
        let first_due = date(2026, 3, 30);
        let items = store.due_items_of(child, date(2026, 3, 31)).await.unwrap();
        let first = items.iter().find(|i| i.rule_id == "core-group-first").unwrap();
        assert_eq!((first.due_on, first.status), (first_due, DueStatus::Overdue), "{}", ts.name);
        let groups = store.team_work(team, date(2026, 3, 31)).await.unwrap();
        assert!(
            groups[0].items.iter().any(|i| i.rule_id.as_deref() == Some("core-group-first") && i.status == DueStatus::Overdue),
            "{}: the manager's list shows the overdue core group",
            ts.name
        );

        let held = date(2026, 4, 2);
        append(
            store,
            held,
            EventPayload::CoreGroupHeld(CoreGroupHeld {
                meeting_id: MeetingId::new(),
                child_id: child,
                plan_id: plan,
                meeting: CoreGroupMeeting {
                    plan_started_on: icpc_on,
                    held_on: Some(held),
                    attendees: vec![attendee("Sam Social", Agency::SocialCare), attendee("Teacher", Agency::Education)],
                    progress: "Mother engaging with the domestic abuse programme.".into(),
                    actions: vec![],
                },
                late_reason: "Health visitor unavailable until the Thursday".into(),
            }),
        )
        .await
        .unwrap();
        let today = date(2026, 4, 3);
        let items = store.due_items_of(child, today).await.unwrap();
        let first = items.iter().find(|i| i.rule_id == "core-group-first").unwrap();
        assert_eq!(first.status, DueStatus::MetLate, "{}", ts.name);
        assert_eq!(first.completed_on, Some(held));
        assert_eq!(first.late_reason.as_deref(), Some("Health visitor unavailable until the Thursday"));
        let icpc = items.iter().find(|i| i.rule_id == "icpc").unwrap();
        assert_eq!((icpc.status, icpc.completed_on), (DueStatus::Met, Some(icpc_on)), "{}", ts.name);
        // The next core group is 4 weeks after the one held.
        let next = items.iter().find(|i| i.rule_id == "core-group").unwrap();
        assert_eq!((next.anchor_on, next.due_on, next.status), (held, date(2026, 4, 30), DueStatus::OnTime), "{}", ts.name);
        assert!(!store.my_work(w, today).await.unwrap().iter().any(|i| i.rule_id.as_deref() == Some("core-group-first")));

        // The dashboard counts it as closed late in the last 12 months.
        let t = store.timeliness(today).await.unwrap();
        let figures = t.teams.iter().find(|x| x.team_id == Some(team)).unwrap();
        let rule = figures.rules.iter().find(|r| r.rule_id == "core-group-first").unwrap();
        assert_eq!((rule.count(DueStatus::MetLate), rule.count(DueStatus::Met)), (1, 0), "{}", ts.name);
        let list = store.timeliness_list(TeamFilter::Team(team), Some("core-group-first"), DueStatus::MetLate, today).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].completed_on, Some(held));
        // Every figure counts exactly the children its link lists (the
        // dashboard is counted by the database, the lists read row by row).
        for day in [today, date(2026, 4, 28), date(2026, 5, 20)] {
            let t = store.timeliness(day).await.unwrap();
            let mut figures = 0;
            for team_figures in &t.teams {
                let filter = team_figures.team_id.map_or(TeamFilter::NoTeam, TeamFilter::Team);
                for rule in &team_figures.rules {
                    for status in
                        [DueStatus::OnTime, DueStatus::DueSoon, DueStatus::Overdue, DueStatus::Met, DueStatus::MetLate, DueStatus::Missed]
                    {
                        let listed = store.timeliness_list(filter, Some(&rule.rule_id), status, day).await.unwrap().len() as i64;
                        assert_eq!(rule.count(status), listed, "{} {} {status:?} on {day}", ts.name, rule.rule_id);
                        figures += listed;
                    }
                }
            }
            assert!(figures >= 3, "{}: the figures count the clocks ({figures})", ts.name);
        }
        // A year and more later it has left the 12 months.
        let t = store.timeliness(date(2027, 4, 3)).await.unwrap();
        let figures = t.teams.iter().find(|x| x.team_id == Some(team)).unwrap();
        assert!(figures.rules.iter().find(|r| r.rule_id == "core-group-first").is_none_or(|r| r.count(DueStatus::MetLate) == 0));
        ts.finish().await;
    }
}

#[tokio::test]
async fn actions_owned_by_a_user_are_on_their_list_until_done() {
    for ts in both().await {
        let store = &ts.store;
        let (team, w, child) = seed(store).await;
        let day = date(2026, 3, 2);
        let mine = action("Visit the child at school", ActionOwner::Staff { user_id: w }, date(2026, 3, 4));
        let police =
            action("Check police records", ActionOwner::Named { name: "DS Reed".into(), agency: "Police".into() }, date(2026, 3, 20));
        let mine_id = mine.action_id;
        enquiry(store, child, day, vec![mine, police]).await;

        let list = store.my_work(w, date(2026, 3, 5)).await.unwrap();
        let actions: Vec<_> = list.iter().filter(|i| i.kind == WorkKind::Action).collect();
        assert_eq!(actions.len(), 1, "{}: only the action the worker owns", ts.name);
        assert_eq!(actions[0].what, "Visit the child at school");
        assert_eq!(actions[0].status, DueStatus::Overdue);
        assert_eq!(actions[0].owner.as_deref(), Some("Worker sw.one"));
        // Overdue first: the action comes before the ICPC clock, which is on time.
        assert_eq!(list[0].kind, WorkKind::Action, "{}", ts.name);

        // The team list also has the police action, held by the child's worker.
        let groups = store.team_work(team, date(2026, 3, 5)).await.unwrap();
        let owners: Vec<_> = groups[0].items.iter().filter(|i| i.kind == WorkKind::Action).filter_map(|i| i.owner.clone()).collect();
        assert!(owners.contains(&"DS Reed (Police)".to_string()), "{}: {owners:?}", ts.name);

        // The service view counts what the team list holds, actions and clocks alike.
        let service = store.service_work(date(2026, 3, 5)).await.unwrap();
        let counts = service.iter().find(|c| c.team_id == Some(team)).unwrap();
        let items: Vec<_> = groups.iter().flat_map(|g| &g.items).collect();
        let count = |kind: WorkKind, overdue: bool| {
            items.iter().filter(|i| i.kind == kind && (!overdue || i.status == DueStatus::Overdue)).count() as i64
        };
        assert_eq!((counts.actions_open, counts.actions_overdue), (count(WorkKind::Action, false), count(WorkKind::Action, true)));
        assert_eq!((counts.actions_open, counts.actions_overdue), (2, 1), "{}", ts.name);
        assert_eq!(counts.overdue + counts.due_soon + counts.on_time, count(WorkKind::Clock, false), "{}", ts.name);
        assert_eq!(counts.overdue, count(WorkKind::Clock, true), "{}", ts.name);

        append(
            store,
            date(2026, 3, 5),
            EventPayload::ActionCompleted(ActionCompleted {
                action_id: hearth_domain::actions::ActionId(mine_id.0),
                child_id: child,
                completed_on: date(2026, 3, 5),
                evidence: "Seen at school with DC Reed; spoke alone".into(),
            }),
        )
        .await
        .unwrap();
        let list = store.my_work(w, date(2026, 3, 6)).await.unwrap();
        assert!(list.iter().all(|i| i.kind != WorkKind::Action), "{}: a done action leaves the list", ts.name);
        ts.finish().await;
    }
}
