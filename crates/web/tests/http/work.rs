//! Work lists and the timeliness dashboard (issue 4, F15): the team
//! manager's list, who may see it, and dashboard figures that link to the
//! children behind them.

use crate::support::*;
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::child_protection::*;
use hearth_domain::events::*;
use hearth_domain::ids::*;
use hearth_store::SYSTEM_USER;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn on(d: NaiveDate, payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).unwrap()))
}

/// Whether the page has a link to `href`, however the template escaped its `&`s.
fn links_to(page: &str, href: &str) -> bool {
    ["&amp;", "&#38;"].iter().any(|amp| page.contains(&format!("href=\"{}\"", href.replace('&', amp))))
}

fn attendee(name: &str, agency: Agency) -> Attendee {
    Attendee { name: name.into(), agency, role: "Lead for the agency".into() }
}

/// The test child on a child protection plan from Monday 16 November 2026
/// with no core group since: the first was due 10 working days later
/// (Monday 30 November), so it is overdue from then on.
async fn overdue_core_group(app: &TestApp) {
    let child = app.child;
    let (sd, s47, conf, plan) = (StrategyDiscussionId::new(), Section47Id::new(), ConferenceId::new(), PlanId::new());
    let discussed = day(2026, 11, 2);
    let icpc = day(2026, 11, 16);
    let events = vec![
        on(
            discussed,
            EventPayload::StrategyDiscussionHeld(StrategyDiscussionHeld {
                discussion_id: sd,
                child_id: child,
                referral_id: None,
                discussion: StrategyDiscussion {
                    held_at: discussed.and_hms_opt(10, 0, 0),
                    attendees: vec![attendee("Sam Social", Agency::SocialCare), attendee("DS Reed", Agency::Police)],
                    information_shared: "School: bruising seen.".into(),
                    decision: Some(StrategyDecision::Section47Enquiry),
                    rationale: "Unexplained bruising.".into(),
                    interim_safety_plan: "Stay with grandmother.".into(),
                    actions: vec![],
                },
            }),
        ),
        on(
            discussed,
            EventPayload::Section47Started(Section47Started {
                enquiry_id: s47,
                child_id: child,
                discussion_id: sd,
                discussion_on: discussed,
                started_on: discussed,
            }),
        ),
        on(
            icpc,
            EventPayload::ConferenceHeld(ConferenceHeld {
                conference_id: conf,
                child_id: child,
                enquiry_id: Some(s47),
                plan_id: None,
                conference: ChildProtectionConference {
                    kind: ConferenceKind::Initial,
                    held_on: Some(icpc),
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
                },
                late_reason: String::new(),
                actions: vec![],
            }),
        ),
        on(
            icpc,
            EventPayload::CpPlanStarted(CpPlanStarted {
                plan_id: plan,
                child_id: child,
                conference_id: conf,
                plan: ChildProtectionPlan {
                    started_on: Some(icpc),
                    initial_category: Some(AbuseCategory::Physical),
                    latest_category: Some(AbuseCategory::Physical),
                    contingency_plan: "If the father returns, the children go to their grandmother.".into(),
                    actions: vec![Action {
                        action_id: ActionId::new(),
                        description: "Arrange the parenting assessment".into(),
                        owner: Some(ActionOwner::Staff { user_id: app.users["practitioner"] }),
                        due_on: Some(day(2026, 11, 20)),
                        status: ActionStatus::Open,
                    }],
                    ended_on: None,
                    end_reason: None,
                    end_reason_detail: String::new(),
                },
            }),
        ),
    ];
    app.store.append(SYSTEM_USER, events).await.unwrap();
}

#[tokio::test]
async fn a_team_manager_sees_the_teams_overdue_core_group_and_a_social_worker_cannot_open_the_team_list() {
    let app = spawn_app().await;
    overdue_core_group(&app).await;

    let manager = app.sign_in("team_manager").await;
    let (status, page) = app.get(&manager, "/work/team").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("CIN/CP Team 1"), "{page}");
    assert!(page.contains("Test Social worker / practitioner"), "grouped by the allocated worker: {page}");
    assert!(page.contains("First core group meeting"), "{page}");
    assert!(page.contains("govuk-tag govuk-tag--red\">Overdue"), "the core group is overdue: {page}");
    assert!(page.contains("Arrange the parenting assessment"), "the worker's overdue action is on the team list");
    assert!(page.contains(&format!("/children/{}", app.child)), "each item links to the child");
    // Overdue items come before those on time.
    let overdue_at = page.find("First core group meeting").unwrap();
    let review_at = page.find("First child protection review conference").unwrap();
    assert!(overdue_at < review_at, "overdue first");
    // Another team's list is not this manager's; an unknown one is not found.
    let (status, _) = app.get(&manager, &format!("/work/team?team={}", app.other_team)).await;
    assert_eq!(status, 403);
    let (status, _) = app.get(&manager, &format!("/work/team?team={}", TeamId::new())).await;
    assert_eq!(status, 404);
    let (status, _) = app.get(&manager, "/work/service").await;
    assert_eq!(status, 403, "the service view is the service manager's");
    // Their home page links to the team list.
    let (_, home) = app.get(&manager, "/").await;
    assert!(home.contains("href=\"/work/team\""), "{home}");

    let worker = app.sign_in("practitioner").await;
    let (status, _) = app.get(&worker, "/work/team").await;
    assert_eq!(status, 403);
    let (status, _) = app.get(&worker, "/dashboard/timeliness").await;
    assert_eq!(status, 403);
    // The worker's own list is on their home page, overdue first.
    let (_, home) = app.get(&worker, "/").await;
    assert!(home.contains("Due and overdue"));
    assert!(home.contains("First core group meeting") && home.contains("Arrange the parenting assessment"), "{home}");
    assert!(home.contains("Children allocated to you"), "the existing sections stay");
    // And the child's record shows what is due with its status.
    let (_, record) = app.get(&worker, &format!("/children/{}", app.child)).await;
    assert!(record.contains("What is due") && record.contains("First core group meeting"), "{record}");
    assert!(record.contains("Initial child protection conference, 16 November 2026"), "counted from the ICPC: {record}");
    assert!(record.contains("30 November 2026"), "{record}");

    // A service manager sees every team, each linking to its list.
    let service = app.sign_in("service_manager").await;
    let (status, page) = app.get(&service, "/work/service").await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("/work/team?team={}", app.team)) && page.contains("Children in Care Team"), "{page}");
    let (status, _) = app.get(&service, &format!("/work/team?team={}", app.other_team)).await;
    assert_eq!(status, 200, "a service manager may open any team's list");
    app.finish().await;
}

#[tokio::test]
async fn timeliness_dashboard_figures_link_to_the_children_behind_them() {
    let app = spawn_app().await;
    let manager = app.sign_in("team_manager").await;
    let (status, page) = app.get(&manager, "/dashboard/timeliness").await;
    assert_eq!(status, 200);
    assert!(page.contains("No timescales have been worked out yet"), "{page}");

    overdue_core_group(&app).await;
    let (status, page) = app.get(&manager, "/dashboard/timeliness").await;
    assert_eq!(status, 200);
    assert!(page.contains("<svg"), "a chart is drawn");
    let link = format!("/dashboard/timeliness/list?team={}&rule=core-group-first&status=overdue", app.team);
    assert!(links_to(&page, &link), "the overdue figure links to its list: {page}");
    // Met ICPC: held 10 working days after the strategy discussion.
    let met = format!("/dashboard/timeliness/list?team={}&rule=icpc&status=met", app.team);
    assert!(links_to(&page, &met), "{page}");

    let (status, list) = app.get(&manager, &link).await;
    assert_eq!(status, 200);
    assert!(list.contains("Amara Testchild") && list.contains(&format!("/children/{}", app.child)), "{list}");
    assert!(list.contains("1 item"), "{list}");
    let (_, list) = app.get(&manager, &met).await;
    assert!(list.contains("Amara Testchild") && list.contains("16 November 2026"), "{list}");
    // A figure with no children behind it lists none.
    let (_, list) = app.get(&manager, &format!("/dashboard/timeliness/list?team={}&rule=icpc&status=overdue", app.team)).await;
    assert!(list.contains("There are no children to show"), "{list}");
    let (status, _) = app.get(&manager, "/dashboard/timeliness/list?team=none&rule=icpc&status=late").await;
    assert_eq!(status, 400);
    let (status, _) = app.get(&manager, &format!("/dashboard/timeliness/list?team={}&rule=nope&status=overdue", app.team)).await;
    assert_eq!(status, 400);
    app.finish().await;
}
