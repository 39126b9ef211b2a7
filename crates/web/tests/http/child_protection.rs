//! Strategy discussions, section 47 enquiries and conferences (F14): the
//! forms, the child's record, and the API.

use crate::api::{field_names, get_json, post_json};
use crate::support::*;
use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::{EventPayload, NewEvent, ReferralOpened};
use hearth_domain::ids::ReferralId;
use hearth_store::SYSTEM_USER;
use serde_json::json;

async fn open_referral(app: &TestApp) {
    let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let event = ReferralOpened {
        referral_id: ReferralId::new(),
        child_id: app.child,
        contact_id: None,
        referral_date: on,
        source: ReferralSource::Police,
    };
    app.store
        .append(
            SYSTEM_USER,
            vec![NewEvent::new(EventPayload::ReferralOpened(event), Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap())],
        )
        .await
        .unwrap();
}

fn date_fields<'a>(name: &str, d: &'a str, m: &'a str, y: &'a str) -> Vec<(String, &'a str)> {
    vec![(format!("{name}-day"), d), (format!("{name}-month"), m), (format!("{name}-year"), y)]
}

async fn post(app: &TestApp, c: &reqwest::Client, path: &str, fields: &[(String, &str)]) -> reqwest::Response {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    app.post_form(c, path, path, &borrowed).await
}

fn discussion_fields(with_attendees: bool) -> Vec<(String, &'static str)> {
    let mut f = date_fields("held_at", "30", "11", "2026");
    f.push(("held_at_time".into(), "4:45pm"));
    if with_attendees {
        f.extend([
            ("attendees[0].name".into(), "Sam Okoro"),
            ("attendees[0].agency".into(), "social_care"),
            ("attendees[0].role".into(), "Team manager"),
            // A blank row between is ignored.
            ("attendees[2].name".into(), "DS Reed"),
            ("attendees[2].agency".into(), "police"),
            ("attendees[2].role".into(), "Child abuse investigation team"),
        ]);
    }
    f.extend([
        ("information_shared".into(), "Police: two call-outs this month. School: bruising seen on Monday."),
        ("decision".into(), "section_47"),
        ("rationale".into(), "Unexplained bruising to the face meets the threshold for section 47."),
        ("interim_safety_plan".into(), "Child to stay with maternal grandmother; father not to have contact."),
        ("actions[1].description".into(), "Joint visit to the child at school"),
        ("actions[1].owner_name".into(), "DS Reed"),
        ("actions[1].owner_agency".into(), "Police"),
    ]);
    f.extend(date_fields("actions[1].due_on", "1", "12", "2026"));
    f
}

#[tokio::test]
async fn a_strategy_discussion_without_attendees_is_refused_with_the_error_summary_and_nothing_is_written() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let form = format!("/children/{}/strategy-discussions/new", app.child);
    // No open referral: no strategy discussion.
    let (status, _) = app.get(&c, &form).await;
    assert_eq!(status, 409);
    let (_, record) = app.get(&c, &format!("/children/{}", app.child)).await;
    assert!(!record.contains("Record a strategy discussion"));

    open_referral(&app).await;
    let (status, page) = app.get(&c, &form).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"name="attendees[7].name""#) && page.contains(r#"name="actions[3].owner_agency""#),
        "8 attendee and 4 action rows"
    );
    let before = app.store.event_count().await.unwrap();
    let res = post(&app, &c, &form, &discussion_fields(false)).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"), "{page}");
    assert!(
        page.contains(r##"<a href="#attendees">Add everyone who took part in the strategy discussion, with their agency and role</a>"##),
        "{page}"
    );
    assert!(page.contains("Joint visit to the child at school"), "what was typed is kept");
    assert_eq!(app.store.event_count().await.unwrap(), before, "nothing is written");
    assert!(app.store.strategy_discussions_of(app.child).await.unwrap().is_empty());

    // A row with a name but no agency or role is pointed at by its own row number.
    let mut fields = discussion_fields(true);
    fields.push(("attendees[5].name".into(), "Nurse Ada"));
    fields.push(("held_at_time".into(), "teatime"));
    let res = post(&app, &c, &form, &fields).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains(r##"href="#attendees[5].agency""##) && page.contains(r##"href="#attendees[5].role""##), "{page}");
    assert!(page.contains("Enter the time as, for example, 14:30 or 2:30pm"));
    assert_eq!(app.store.event_count().await.unwrap(), before);
    app.finish().await;
}

#[tokio::test]
async fn a_practitioner_records_a_strategy_discussion_section_47_and_initial_conference() {
    let app = spawn_app().await;
    open_referral(&app).await;
    let c = app.sign_in("practitioner").await;
    let record = format!("/children/{}", app.child);
    let res = post(&app, &c, &format!("/children/{}/strategy-discussions/new", app.child), &discussion_fields(true)).await;
    assert_eq!(res.status(), 303);
    let discussion = app.store.strategy_discussions_of(app.child).await.unwrap().remove(0);
    assert_eq!(discussion.attendees.len(), 2);
    assert_eq!(discussion.held_at.format("%H:%M").to_string(), "16:45");
    assert_eq!(discussion.actions.len(), 1);

    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("Strategy discussion, 30 November 2026 at 4:45pm"), "{page}");
    assert!(page.contains(r#"<strong class="govuk-tag govuk-tag--orange">Health</strong>"#), "absent agencies are shown");
    assert!(page.contains(r#"<strong class="govuk-tag govuk-tag--orange">Education</strong>"#));
    assert!(page.contains("Joint visit to the child at school: DS Reed (Police), by 1 December 2026"));
    let start = format!("/children/{}/strategy-discussions/{}/section-47", app.child, discussion.discussion_id);
    assert!(page.contains(&start) && page.contains("Start the section 47 enquiry"));

    let res = post(&app, &c, &start, &date_fields("started_on", "30", "11", "2026")).await;
    assert_eq!(res.status(), 303);
    let enquiry = app.store.section47s_of(app.child).await.unwrap().remove(0);
    let (_, page) = app.get(&c, &record).await;
    assert!(!page.contains("Start the section 47 enquiry"), "one enquiry per discussion");
    let update = format!("/children/{}/section-47s/{}/update", app.child, enquiry.enquiry_id);
    assert!(page.contains(&update) && page.contains("Record the initial conference"));

    // Seen but not said whether alone: refused.
    let mut fields = date_fields("child_seen_on", "1", "12", "2026");
    let res = post(&app, &c, &update, &fields).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Select whether the child was seen alone"));
    fields.push(("child_seen_alone".into(), "yes"));
    fields.push(("outcome".into(), "substantiated_icpc_needed"));
    fields.extend(date_fields("completed_on", "2", "12", "2026"));
    let res = post(&app, &c, &update, &fields).await;
    assert_eq!(res.status(), 303);
    let (status, _) = app.get(&c, &update).await;
    assert_eq!(status, 409, "a concluded enquiry is not updated again");

    let icpc = format!("/children/{}/section-47s/{}/initial-conference", app.child, enquiry.enquiry_id);
    let (_, page) = app.get(&c, &icpc).await;
    assert!(page.contains("Conference due by") && page.contains("21 December 2026"), "15 working days from 30 November: {page}");
    let mut fields = date_fields("held_on", "5", "12", "2026");
    fields.extend([
        ("attendees[0].name".into(), "Chair Jones"),
        ("attendees[0].agency".into(), "social_care"),
        ("attendees[0].role".into(), "Independent chair"),
        ("childs_views".into(), "Wants to stay with Nan"),
        ("advocacy_offered".into(), "yes"),
        ("decision".into(), "child_protection_plan"),
        ("category".into(), "PHY"),
        ("rationale".into(), "Injuries unexplained; father still visiting."),
    ]);
    let res = post(&app, &c, &icpc, &fields).await;
    assert_eq!(res.status(), 422, "5 December 2026 is a Saturday");
    assert!(res.text().await.unwrap().contains("cannot be held at a weekend"));
    fields[0].1 = "4";
    let res = post(&app, &c, &icpc, &fields).await;
    assert_eq!(res.status(), 303);
    let conference = app.store.conferences_of(app.child).await.unwrap().remove(0);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("Initial child protection conference, 4 December 2026"));
    assert!(page.contains("Physical abuse (PHY)"));
    assert!(
        page.contains(&format!("/children/{}/cp-plans/new?conference={}", app.child, conference.conference_id)),
        "the banner links to the plan form"
    );
    assert!(!page.contains("Record the initial conference"));
    app.finish().await;
}

#[tokio::test]
async fn the_api_refuses_a_strategy_discussion_without_attendees_and_records_one_with_them() {
    let app = spawn_app().await;
    open_referral(&app).await;
    let c = app.sign_in("practitioner").await;
    let path = format!("/children/{}/strategy-discussions", app.child);
    let mut body = json!({
        "held_at": "2026-11-30T16:45",
        "attendees": [],
        "information_shared": "Police: two call-outs this month.",
        "decision": "section_47",
        "rationale": "Unexplained bruising to the face.",
        "interim_safety_plan": "Stay with grandmother.",
        "actions": [{ "description": "Joint visit", "owner_name": "DS Reed", "owner_agency": "Police", "due_on": "2026-12-01" }]
    });
    let before = app.store.event_count().await.unwrap();
    let (status, err) = post_json(&app, &c, &path, &body).await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["error"]["code"], "validation_failed");
    assert_eq!(field_names(&err), vec!["attendees"], "{err}");
    assert_eq!(app.store.event_count().await.unwrap(), before);

    body["attendees"] =
        json!([{ "name": "DS Reed", "agency": "police", "role": "CAIT" }, { "name": "Nurse", "agency": "nurse", "role": "" }]);
    let (status, err) = post_json(&app, &c, &path, &body).await;
    assert_eq!(status, 422);
    let mut fields = field_names(&err);
    fields.sort();
    assert_eq!(fields, vec!["attendees[1].agency", "attendees[1].role"], "{err}");

    body["attendees"] = json!([{ "name": "DS Reed", "agency": "police", "role": "CAIT" }]);
    let (status, created) = post_json(&app, &c, &path, &body).await;
    assert_eq!(status, 201, "{created}");
    let (status, list) = get_json(&app, &c, &path).await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["discussion_id"], created["discussion_id"]);
    assert_eq!(list[0]["held_at"], "2026-11-30T16:45");
    assert_eq!(list[0]["absent_agencies"], json!(["social_care", "health", "education"]));
    assert_eq!(list[0]["actions"][0]["owner_agency"], "Police");
    let (status, enquiries) = get_json(&app, &c, &format!("/children/{}/section-47s", app.child)).await;
    assert_eq!((status, enquiries), (200, json!([])));
    let (status, conferences) = get_json(&app, &c, &format!("/children/{}/conferences", app.child)).await;
    assert_eq!((status, conferences), (200, json!([])));
    app.finish().await;
}
