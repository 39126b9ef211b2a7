//! Child protection plans (F18, F19): the plan form with its contingency
//! plan and actions, core groups, actions done, the parents' version as a
//! page and a PDF, and the API.

use crate::support::*;
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::child_protection::*;
use hearth_domain::events::*;
use hearth_domain::ids::{ConferenceId, PersonId, Section47Id, StrategyDiscussionId};
use hearth_store::SYSTEM_USER;
use serde_json::{Value, json};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn on(day: NaiveDate, payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).unwrap()))
}

fn attendee(name: &str, agency: Agency) -> Attendee {
    Attendee { name: name.into(), agency, role: "Lead".into() }
}

/// A strategy discussion on Monday 2 November 2026, the section 47 enquiry
/// the same day, and the initial conference on Friday 13 November that
/// decided on a plan under neglect.
async fn conference(app: &TestApp, child: PersonId) -> ConferenceId {
    let (sd, s47, conf) = (StrategyDiscussionId::new(), Section47Id::new(), ConferenceId::new());
    let (monday, friday) = (d(2026, 11, 2), d(2026, 11, 13));
    let events = vec![
        on(
            monday,
            EventPayload::StrategyDiscussionHeld(StrategyDiscussionHeld {
                discussion_id: sd,
                child_id: child,
                referral_id: None,
                discussion: StrategyDiscussion {
                    held_at: monday.and_hms_opt(10, 0, 0),
                    attendees: vec![attendee("Sam Social", Agency::SocialCare), attendee("DS Reed", Agency::Police)],
                    information_shared: "School: often hungry.".into(),
                    decision: Some(StrategyDecision::Section47Enquiry),
                    rationale: "Persistent neglect.".into(),
                    interim_safety_plan: "Daily check at school.".into(),
                    actions: vec![],
                },
            }),
        ),
        on(
            monday,
            EventPayload::Section47Started(Section47Started {
                enquiry_id: s47,
                child_id: child,
                discussion_id: sd,
                discussion_on: monday,
                started_on: monday,
            }),
        ),
        on(
            friday,
            EventPayload::ConferenceHeld(ConferenceHeld {
                conference_id: conf,
                child_id: child,
                enquiry_id: Some(s47),
                plan_id: None,
                conference: ChildProtectionConference {
                    kind: ConferenceKind::Initial,
                    held_on: Some(friday),
                    section47_started_on: Some(monday),
                    plan_started_on: None,
                    attendees: vec![attendee("Chair", Agency::SocialCare), attendee("Health visitor", Agency::Health)],
                    childs_views: ChildsViews { views: "Likes school".into(), advocacy_offered: Some(false), ..ChildsViews::default() },
                    decision: Some(ConferenceDecision::ChildProtectionPlan),
                    rationale: "Neglect of food and health over months.".into(),
                    category: Some(AbuseCategory::Neglect),
                },
                late_reason: String::new(),
                actions: vec![],
            }),
        ),
    ];
    for e in events {
        app.store.append(SYSTEM_USER, vec![e]).await.unwrap();
    }
    conf
}

const CONTINGENCY: &str = "If there is no food or heating in the home again, we will ask for a meeting with our lawyers within 5 days.";

fn plan_fields(contingency: &str) -> Vec<(&str, &str)> {
    vec![
        ("contingency_plan", contingency),
        ("actions[0].description", "Take Amara to the dentist"),
        ("actions[0].owner_name", "Mum"),
        ("actions[0].owner_agency", "Parent"),
        ("actions[0].due_on-day", "27"),
        ("actions[0].due_on-month", "11"),
        ("actions[0].due_on-year", "2026"),
        // A blank row in the middle is ignored.
        ("actions[2].description", "Visit the home and check there is food and heating"),
        ("actions[2].owner_name", "Ana Test"),
        ("actions[2].owner_agency", "Health visiting"),
        ("actions[2].due_on-day", "4"),
        ("actions[2].due_on-month", "12"),
        ("actions[2].due_on-year", "2027"),
    ]
}

#[tokio::test]
async fn a_plan_needs_a_contingency_plan_and_complete_actions_then_shows_on_the_record() {
    let app = spawn_app().await;
    let conf = conference(&app, app.child).await;
    let c = app.sign_in("practitioner").await;
    let record = format!("/children/{}", app.child);
    let form = format!("/children/{}/cp-plans/new?conference={conf}", app.child);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("Record the child protection plan"), "the record offers the plan the conference decided on");
    assert!(page.contains(&format!("cp-plans/new?conference={conf}")));
    let (status, page) = app.get(&c, &form).await;
    assert_eq!(status, 200);
    assert!(page.contains("13 November 2026") && page.contains("Neglect"));

    // No contingency plan, and an action with no owner or date: all refused, nothing written.
    let before = app.store.event_count().await.unwrap();
    let mut fields = plan_fields("  ");
    fields.push(("actions[4].description", "Attend every core group"));
    let res = app.post_form(&c, &form, &form, &fields).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    let summary = &page[page.find("govuk-error-summary").unwrap()..page.find("<h1").unwrap()];
    assert!(summary.contains("Enter the contingency plan: what will happen if the plan is not keeping the child safe"), "{summary}");
    assert!(summary.contains("href=\"#actions[4].owner_name\""), "the error is on the row typed in: {summary}");
    assert!(summary.contains("href=\"#actions[4].due_on\""), "{summary}");
    assert_eq!(app.store.event_count().await.unwrap(), before);

    let res = app.post_form(&c, &form, &form, &plan_fields(CONTINGENCY)).await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("Child protection plan from 13 November 2026"), "{page}");
    assert!(page.contains(CONTINGENCY));
    assert!(page.contains("Take Amara to the dentist") && page.contains("Mum (Parent)"));
    assert!(page.contains("Overdue by"), "the dentist action was due on 27 November 2026");
    assert!(page.contains("Parents&#39; version") || page.contains("Parents' version"));
    assert!(!page.contains("Record the child protection plan"), "the conference's plan is recorded");
    // The same conference's plan twice is refused with the reason.
    let res = app.post_form(&c, &form, &form, &plan_fields(CONTINGENCY)).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("already been recorded for this conference"));

    // Every action in one list; one marked done with evidence.
    let plan = app.store.cp_plans_of(app.child).await.unwrap().remove(0);
    let actions_page = format!("/children/{}/actions", app.child);
    let (_, page) = app.get(&c, &actions_page).await;
    assert!(page.contains("2 open, 1 overdue"), "{page}");
    let action = app.store.actions_of(app.child).await.unwrap().remove(0);
    let done = format!("/children/{}/actions/{}/complete", app.child, action.action.action_id.0);
    let res = app
        .post_form(
            &c,
            &done,
            &done,
            &[("completed_on-day", "1"), ("completed_on-month", "12"), ("completed_on-year", "2026"), ("evidence", "")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &c,
            &done,
            &done,
            &[
                ("completed_on-day", "1"),
                ("completed_on-month", "12"),
                ("completed_on-year", "2026"),
                ("evidence", "Dentist's letter seen"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.get(&c, &actions_page).await;
    assert!(
        page.contains("Done 1 December 2026: Dentist&#39;s letter seen") || page.contains("Done 1 December 2026: Dentist's letter seen"),
        "{page}"
    );

    // A core group before the plan started is refused; on time it is recorded.
    let cg = format!("/children/{}/cp-plans/{}/core-groups/new", app.child, plan.plan_id);
    let meeting = |day: &'static str| {
        vec![
            ("held_on-day", day),
            ("held_on-month", "11"),
            ("held_on-year", "2026"),
            ("attendees[0].name", "Sam Social"),
            ("attendees[0].agency", "social_care"),
            ("attendees[0].role", "Social worker"),
            ("attendees[1].name", "Mum"),
            ("attendees[1].agency", "other"),
            ("attendees[1].role", "Mother"),
            ("progress", "Food in the cupboards at each visit."),
        ]
    };
    let res = app.post_form(&c, &cg, &cg, &meeting("12")).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("must be on or after the date the child protection plan started"));
    let res = app.post_form(&c, &cg, &cg, &meeting("26")).await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("26 November 2026") && page.contains("Food in the cupboards at each visit."));
    app.finish().await;
}

#[tokio::test]
async fn the_parents_version_is_in_plain_words_printable_and_a_pdf() {
    let app = spawn_app().await;
    let conf = conference(&app, app.child).await;
    let c = app.sign_in("practitioner").await;
    let form = format!("/children/{}/cp-plans/new?conference={conf}", app.child);
    let res = app.post_form(&c, &form, &form, &plan_fields(CONTINGENCY)).await;
    assert_eq!(res.status(), 303);
    let plan = app.store.cp_plans_of(app.child).await.unwrap().remove(0);
    let base = format!("/children/{}/cp-plans/{}", app.child, plan.plan_id);

    let (status, page) = app.get(&c, &format!("{base}/parents")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("We are worried that Amara&#39;s needs for food, warmth, health care or supervision are not being met."),
        "{page}"
    );
    assert!(page.contains("Mum (Parent): take Amara to the dentist, by Friday 27 November 2026."), "{page}");
    assert!(page.contains(CONTINGENCY));
    let worker = app.store.child_record(app.child).await.unwrap().unwrap().item.worker_name.unwrap();
    assert!(page.contains(&format!("Your social worker is {worker} (CIN/CP Team 1)")), "the allocated worker is named: {page}");
    assert!(page.contains("(called a core group)"));
    assert!(!page.to_lowercase().contains("section 47"), "no jargon");
    assert!(!page.contains("ICPC"));
    assert!(!page.contains("govuk-warning-text"), "the worker's words are plain too");
    assert!(page.contains("href=\"/print/parent-plan.css\""));
    let res = c.get(format!("{}/print/parent-plan.css", app.url)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    let css = res.text().await.unwrap();
    assert!(css.contains("@media print") && css.contains(".govuk-header"));

    let res = c.get(format!("{}{base}/parents.pdf", app.url)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.trim_end().ends_with("%%EOF"));
    assert!(text.contains("(Why there is a plan) Tj"));
    assert!(text.contains("(What will happen if things do not change) Tj"));

    // Jargon in the worker's own words is pointed out to the worker, not hidden.
    let action = hearth_domain::actions::Action {
        action_id: hearth_domain::actions::ActionId::new(),
        description: "Attend the ICPC review".into(),
        owner: Some(hearth_domain::actions::ActionOwner::Named { name: "Dad".into(), agency: "Parent".into() }),
        due_on: Some(d(2027, 1, 5)),
        status: hearth_domain::actions::ActionStatus::Open,
    };
    let group = CoreGroupHeld {
        meeting_id: hearth_domain::ids::MeetingId::new(),
        child_id: app.child,
        plan_id: plan.plan_id,
        meeting: CoreGroupMeeting {
            plan_started_on: plan.started_on,
            held_on: Some(d(2026, 11, 26)),
            attendees: vec![attendee("Sam Social", Agency::SocialCare)],
            progress: "Better.".into(),
            actions: vec![action],
        },
        late_reason: String::new(),
    };
    app.store.append(SYSTEM_USER, vec![on(d(2026, 11, 26), EventPayload::CoreGroupHeld(group))]).await.unwrap();
    let (_, page) = app.get(&c, &format!("{base}/parents")).await;
    assert!(page.contains("govuk-warning-text") && page.contains("terms a family may not know: ICPC"), "{page}");
    app.finish().await;
}

async fn get_json(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, Value) {
    let res = c.get(format!("{}/api/v1{path}", app.url)).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn post_json(app: &TestApp, c: &reqwest::Client, path: &str, body: &Value) -> (u16, Value) {
    let (_, session) = get_json(app, c, "/session").await;
    let token = session["csrf_token"].as_str().unwrap().to_string();
    let res = c.post(format!("{}/api/v1{path}", app.url)).header("X-CSRF-Token", token).json(body).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn field_names(body: &Value) -> Vec<String> {
    body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn the_api_records_a_plan_lists_plans_and_actions_and_completes_an_action() {
    let app = spawn_app().await;
    let conf = conference(&app, app.child).await;
    let c = app.sign_in("practitioner").await;
    let path = format!("/children/{}/cp-plans", app.child);
    let action = json!({"description": "Take Amara to the dentist", "owner_name": "Mum", "owner_agency": "Parent", "due_on": "2026-11-27"});
    let (status, body) = post_json(&app, &c, &path, &json!({"conference_id": conf.to_string(), "actions": [action]})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "validation_failed");
    assert!(field_names(&body).contains(&"contingency_plan".to_string()), "{body}");
    let (status, body) = post_json(
        &app,
        &c,
        &path,
        &json!({"conference_id": conf.to_string(), "contingency_plan": CONTINGENCY, "actions": [{"description": "Visit"}]}),
    )
    .await;
    assert_eq!(status, 422);
    let fields = field_names(&body);
    assert!(fields.contains(&"actions[0].owner".to_string()) && fields.contains(&"actions[0].due_on".to_string()), "{body}");

    let (status, body) =
        post_json(&app, &c, &path, &json!({"conference_id": conf.to_string(), "contingency_plan": CONTINGENCY, "actions": [action]})).await;
    assert_eq!(status, 201, "{body}");
    let plan_id = body["plan_id"].as_str().unwrap().to_string();
    let (status, body) = get_json(&app, &c, &path).await;
    assert_eq!(status, 200);
    assert_eq!(body["plans"][0]["id"], plan_id);
    assert_eq!(body["plans"][0]["initial_category"], "NEG");
    assert_eq!(body["plans"][0]["started_on"], "2026-11-13");
    assert_eq!(body["plans"][0]["next_core_group_due"], "2026-11-27");
    assert_eq!(body["plans"][0]["next_review_due"], "2027-02-13");
    assert_eq!(body["plans"][0]["actions"][0]["owner"], "Mum (Parent)");

    let (status, body) = get_json(&app, &c, &format!("/children/{}/actions", app.child)).await;
    assert_eq!(status, 200);
    let action_id = body["actions"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(body["actions"][0]["status"], "open");
    assert_eq!(body["actions"][0]["source"], "cp_plan");
    let complete = format!("/actions/{action_id}/complete");
    let (status, body) = post_json(&app, &c, &complete, &json!({"completed_on": "2026-11-25"})).await;
    assert_eq!(status, 422);
    assert!(field_names(&body).contains(&"evidence".to_string()));
    let (status, _) = post_json(&app, &c, &complete, &json!({"completed_on": "2026-11-25", "evidence": "Dentist's letter seen"})).await;
    assert_eq!(status, 201);
    let (status, body) = post_json(&app, &c, &complete, &json!({"completed_on": "2026-11-25", "evidence": "Again"})).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("already done or cancelled"));
    let (_, body) = get_json(&app, &c, &format!("/children/{}/actions", app.child)).await;
    assert_eq!(body["actions"][0]["status"], "done");
    assert_eq!(post_json(&app, &c, &format!("/actions/{}/complete", uuid::Uuid::new_v4()), &json!({})).await.0, 404);
    app.finish().await;
}
