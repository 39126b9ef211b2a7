//! Assessments, child in need plans and visits (issue 4): the forms with
//! their error summaries, a manager's authorisation, and the API.

use crate::api::{field_names, get_json, post_json};
use crate::support::*;
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::codes::{ReferralSource, Sex};
use hearth_domain::events::{ChildRecorded, EventPayload, NewEvent, ReferralOpened};
use hearth_domain::ids::{AssessmentId, PersonId, ReferralId};
use hearth_domain::people::PersonName;
use hearth_store::SYSTEM_USER;
use hearth_store::assessments::AssessmentStatus;
use serde_json::json;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A referral for the child on Tuesday 1 September 2026: its assessment is
/// due 45 working days later, on 3 November 2026.
async fn refer(app: &TestApp, child: PersonId) {
    let opened = ReferralOpened {
        referral_id: ReferralId::new(),
        child_id: child,
        contact_id: None,
        referral_date: date(2026, 9, 1),
        source: ReferralSource::School,
    };
    let at = Utc.with_ymd_and_hms(2026, 9, 1, 11, 0, 0).unwrap();
    app.store.append(SYSTEM_USER, vec![NewEvent::new(EventPayload::ReferralOpened(opened), at)]).await.unwrap();
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").unwrap().to_str().unwrap().to_string()
}

#[tokio::test]
async fn a_worker_completes_an_assessment_and_only_a_manager_can_authorise_it() {
    let app = spawn_app().await;
    refer(&app, app.child).await;
    let sw = app.sign_in("practitioner").await;
    let record = format!("/children/{}", app.child);
    let (_, page) = app.get(&sw, &record).await;
    assert!(page.contains("Start an assessment"), "{page}");

    let start = format!("/children/{}/assessments/new", app.child);
    let blank = [("started_on-day", ""), ("started_on-month", ""), ("started_on-year", "")];
    let res = app.post_form(&sw, &start, &start, &blank).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary") && page.contains("Enter the date the assessment started"), "{page}");
    let res = app.post_form(&sw, &start, &start, &[("started_on-day", "2"), ("started_on-month", "9"), ("started_on-year", "2026")]).await;
    assert_eq!(res.status(), 303);
    let form = location(&res);
    let id: AssessmentId = form.trim_start_matches("/assessments/").parse().unwrap();
    let (_, page) = app.get(&sw, &record).await;
    assert!(!page.contains("Start an assessment"), "one assessment in progress per referral");

    let (status, page) = app.get(&sw, &form).await;
    assert_eq!(status, 200);
    assert!(page.contains("Information gathered") && page.contains("Analysis") && page.contains("Due by 3 November 2026"), "{page}");
    assert!(page.contains("21 No factors identified") && page.contains("Save progress"));

    // Submitting an incomplete record lists everything missing.
    let res = app
        .post_form(
            &sw,
            &form,
            &form,
            &[("button", "submit"), ("information_gathered", "School: attendance 70%."), ("factors", "21"), ("factors", "2B")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"));
    for message in [
        "Enter your analysis",
        "Select the outcome of the assessment",
        "Enter the date the assessment was completed",
        "cannot be selected with other factors",
    ] {
        assert!(page.contains(message), "{message}: {page}");
    }
    assert!(page.contains("School: attendance 70%."), "what was typed is kept");

    // Saving progress needs none of that.
    let res = app.post_form(&sw, &form, &form, &[("button", "save"), ("information_gathered", "School: attendance 70%.")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.assessment(id).await.unwrap().unwrap().information_gathered, "School: attendance 70%.");

    let complete = |late: &'static str| {
        vec![
            ("button", "submit"),
            ("information_gathered", "School: attendance 70%. GP: missed immunisations."),
            ("analysis", "Together these suggest the children's basic needs are neglected."),
            ("childs_views", "Says she is tired because her brother keeps her awake."),
            ("factors", "2B"),
            ("factors", "4B"),
            ("outcome", "child_in_need_plan"),
            ("completed_on-day", "20"),
            ("completed_on-month", "11"),
            ("completed_on-year", "2026"),
            ("late_reason", late),
        ]
    };
    let res = app.post_form(&sw, &form, &form, &complete("")).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("it was due by 3 November 2026"));
    let res = app.post_form(&sw, &form, &form, &complete("Father in custody; the prison visit took three weeks to arrange")).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.assessment(id).await.unwrap().unwrap().status, AssessmentStatus::Submitted);

    // A social worker cannot authorise.
    let authorise = format!("/assessments/{id}/authorise");
    assert_eq!(app.get(&sw, &authorise).await.0, 403);
    let res = app.post_form(&sw, &form, &authorise, &[("decision", "authorise")]).await;
    assert_eq!(res.status(), 403);

    let tm = app.sign_in("team_manager").await;
    let (_, page) = app.get(&tm, &record).await;
    assert!(page.contains("Authorise or return"), "{page}");
    let (status, page) = app.get(&tm, &authorise).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Together these suggest the children&#39;s basic needs are neglected."),
        "the manager reads the analysis: {page}"
    );
    let res = app
        .post_form(
            &tm,
            &authorise,
            &authorise,
            &[("authorised_on-day", "21"), ("authorised_on-month", "11"), ("authorised_on-year", "2026")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Select whether you authorise the assessment or return it"));
    let res = app
        .post_form(
            &tm,
            &authorise,
            &authorise,
            &[("decision", "authorise"), ("authorised_on-day", "21"), ("authorised_on-month", "11"), ("authorised_on-year", "2026")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let a = app.store.assessment(id).await.unwrap().unwrap();
    assert_eq!(a.status, AssessmentStatus::Authorised);
    assert_eq!(a.authorised_by, Some(app.users["team_manager"]));
    let (_, page) = app.get(&sw, &record).await;
    assert!(page.contains("Authorised") && page.contains(">Late<") && page.contains("Father in custody"), "{page}");
    app.finish().await;
}

#[tokio::test]
async fn a_child_in_need_plan_is_started_with_owned_actions_and_visits_count_towards_it() {
    let app = spawn_app().await;
    refer(&app, app.child).await;
    let sw = app.sign_in("practitioner").await;
    let new_plan = format!("/children/{}/cin-plans/new", app.child);
    let (status, page) = app.get(&sw, &new_plan).await;
    assert_eq!(status, 200);
    assert!(page.contains("actions[0].description") && page.contains("actions[2].due_on-day"), "three action rows");

    let mut fields = vec![
        ("started_on-day", "2"),
        ("started_on-month", "11"),
        ("started_on-year", "2026"),
        ("visit_every_days", "many"),
        ("review_every_months", "3"),
        ("plan", "Attendance up to 95%; health appointments kept."),
        ("actions[0].description", "School nurse to see both children"),
        ("actions[0].due_on-day", "30"),
        ("actions[0].due_on-month", "11"),
        ("actions[0].due_on-year", "2026"),
    ];
    let res = app.post_form(&sw, &new_plan, &new_plan, &fields).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("must be a whole number"), "{page}");
    assert!(page.contains("href=\"#actions[0].owner_name\""), "the missing owner is linked to its row: {page}");
    fields[3] = ("visit_every_days", "28");
    fields.extend([("actions[0].owner_name", "Jo Nurse"), ("actions[0].owner_agency", "School nursing")]);
    let res = app.post_form(&sw, &new_plan, &new_plan, &fields).await;
    assert_eq!(res.status(), 303);
    let record = format!("/children/{}", app.child);
    let (_, page) = app.get(&sw, &record).await;
    assert!(page.contains("Child in need plan from 2 November 2026") && page.contains("Jo Nurse (School nursing)"), "{page}");
    assert!(!page.contains("Start a child in need plan"), "one plan at a time");
    let res = app.post_form(&sw, &new_plan, &new_plan, &fields).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("already has a child in need plan"));

    let visit = format!("/children/{}/visits/new", app.child);
    let (_, page) = app.get(&sw, &visit).await;
    assert!(page.contains("child in need plan open today"), "{page}");
    let seen = [
        ("visited_on-day", "20"),
        ("visited_on-month", "11"),
        ("visited_on-year", "2026"),
        ("child_seen", "yes"),
        ("child_seen_alone", "no"),
        ("childs_views", "Quiet; showed me her room"),
    ];
    let res = app.post_form(&sw, &visit, &visit, &seen).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Enter why the child was not seen alone"));
    let mut seen = seen.to_vec();
    seen[4] = ("child_seen_alone", "yes");
    let res = app.post_form(&sw, &visit, &visit, &seen).await;
    assert_eq!(res.status(), 303);
    let plans = app.store.cin_plans_of(app.child).await.unwrap();
    assert_eq!(plans[0].visits.len(), 1);
    let (_, page) = app.get(&sw, &record).await;
    assert!(page.contains("Seen alone") && page.contains("1 visit so far"), "{page}");
    app.finish().await;
}

#[tokio::test]
async fn an_unborn_childs_record_counts_the_weeks_to_the_expected_date() {
    let app = spawn_app().await;
    let unborn = PersonId::new();
    let expected = hearth_domain::uk_time::to_uk(Utc::now()).date() + chrono::Duration::days(70);
    let recorded = ChildRecorded {
        person_id: unborn,
        name: PersonName { given: "Baby".into(), family: "Testchild".into(), other: None },
        date_of_birth: None,
        expected_date_of_birth: Some(expected),
        sex: Sex::Unknown,
        ethnicity: None,
        disabilities: vec![],
        upn: None,
        nhs_number: None,
        address: None,
        team_id: Some(app.team),
    };
    app.store.append(SYSTEM_USER, vec![NewEvent::new(EventPayload::ChildRecorded(recorded), Utc::now())]).await.unwrap();
    refer(&app, unborn).await;
    let sw = app.sign_in("practitioner").await;
    let (_, page) = app.get(&sw, &format!("/children/{unborn}")).await;
    assert!(page.contains("Unborn child: the baby is due on") && page.contains("in 10 weeks"), "{page}");
    let (_, page) = app.get(&sw, &format!("/children/{unborn}/assessments/new")).await;
    assert!(page.contains("pre-birth assessment") && page.contains("Expected date of delivery"), "{page}");
    app.finish().await;
}

#[tokio::test]
async fn the_api_starts_submits_and_authorises_an_assessment() {
    let app = spawn_app().await;
    let sw = app.sign_in("practitioner").await;
    let path = format!("/children/{}/assessments", app.child);
    let (status, body) = post_json(&app, &sw, &path, &json!({ "started_on": "2026-09-02" })).await;
    assert_eq!(status, 422, "no open referral: {body}");
    assert_eq!(body["error"]["code"], "refused");
    refer(&app, app.child).await;
    let (status, body) = post_json(&app, &sw, &path, &json!({ "started_on": "2026-31-02" })).await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&body), vec!["started_on"]);
    let (status, body) = post_json(&app, &sw, &path, &json!({ "started_on": "2026-09-02" })).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!((body["status"].as_str(), body["due_on"].as_str()), (Some("in_progress"), Some("2026-11-03")));
    let id = body["assessment_id"].as_str().unwrap().to_string();

    let submit = format!("/assessments/{id}/submit");
    let (status, body) = post_json(&app, &sw, &submit, &json!({ "factors": ["18A"], "outcome": "maybe" })).await;
    assert_eq!(status, 422);
    let mut fields = field_names(&body);
    fields.sort();
    fields.dedup();
    assert_eq!(fields, vec!["analysis", "childs_views", "completed_on", "factors", "information_gathered", "outcome"], "{body}");
    let complete = json!({
        "information_gathered": "Health visitor: weight loss. Nursery: hungry on arrival.",
        "analysis": "A pattern of unmet physical needs; the mother's depression limits her care.",
        "childs_views_not_obtained_reason": "Aged 18 months; observed with her mother",
        "factors": ["4B", "2B"],
        "outcome": "child_in_need_plan",
        "completed_on": "2026-11-10",
        "late_reason": "Mother in hospital for three weeks"
    });
    let (status, body) = post_json(&app, &sw, &submit, &complete).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "submitted");
    assert_eq!(body["factors"], json!(["4B", "2B"]));

    let authorise = format!("/assessments/{id}/authorise");
    let (status, body) = post_json(&app, &sw, &authorise, &json!({ "authorised_on": "2026-11-11" })).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    let tm = app.sign_in("team_manager").await;
    let (status, body) = post_json(&app, &tm, &authorise, &json!({ "authorised_on": "2026-11-09" })).await;
    assert_eq!(status, 422, "before completion: {body}");
    assert_eq!(field_names(&body), vec!["authorised_on"]);
    let (status, body) = post_json(&app, &tm, &authorise, &json!({ "authorised_on": "2026-11-11" })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["status"].as_str(), body["late"].as_bool()), (Some("authorised"), Some(true)));
    assert_eq!(body["late_reason"], "Mother in hospital for three weeks", "the worker's reason is kept");

    let (status, body) = get_json(&app, &sw, &path).await;
    assert_eq!(status, 200);
    assert_eq!(body["assessments"].as_array().unwrap().len(), 1);
    let (status, body) = get_json(&app, &sw, &format!("/assessments/{id}")).await;
    assert_eq!((status, body["authorised_by"].as_str().map(str::to_string)), (200, Some(app.users["team_manager"].to_string())));
    app.finish().await;
}
