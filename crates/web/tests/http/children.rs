//! Finding, adding and opening children's records; break-glass; the access log.

use crate::support::*;

#[tokio::test]
async fn opening_a_record_writes_an_access_entry_a_manager_can_see() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let (status, page) = app.get(&c, &format!("/children/{}", app.child)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Chronology"));
    let log = app.store.access_log_for(app.child, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].entry.user_id, app.users["practitioner"]);
    assert_eq!(log[0].entry.screen, "child_record");
    assert_eq!(log[0].entry.break_glass_reason, None);

    // Practitioners cannot see the access log; managers can.
    assert_eq!(app.get(&c, &format!("/children/{}/access-log", app.child)).await.0, 403);
    let m = app.sign_in("team_manager").await;
    let (status, page) = app.get(&m, &format!("/children/{}/access-log", app.child)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Test Social worker / practitioner (practitioner)"), "the viewer is named");
    app.finish().await;
}

#[tokio::test]
async fn a_child_outside_the_team_needs_a_recorded_reason() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let path = format!("/children/{}", app.other_child);
    let (status, page) = app.get(&c, &path).await;
    assert_eq!(status, 403);
    assert!(page.contains("This record is outside your team"));
    assert!(!page.contains("Zainab"), "no details before a reason is given");
    assert!(app.store.access_log_for(app.other_child, 10).await.unwrap().is_empty());

    let res = app.post_form(&c, &path, &format!("{path}/break-glass"), &[("reason", "short")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Enter a reason of at least 10 characters"));

    let reason = "Covering duty: police called about this child tonight";
    let res = app.post_form(&c, &path, &format!("{path}/break-glass"), &[("reason", reason)]).await;
    assert_eq!(res.status(), 303);
    let (status, page) = app.get(&c, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains("Zainab Testchild"));
    let log = app.store.access_log_for(app.other_child, 10).await.unwrap();
    assert_eq!(log.len(), 2, "the reason and the opening");
    assert!(log.iter().any(|l| l.entry.break_glass_reason.as_deref() == Some(reason)));

    // Managers see it on the break-glass list; practitioners may not.
    assert_eq!(app.get(&c, "/oversight/break-glass").await.0, 403);
    let m = app.sign_in("service_manager").await;
    let (status, page) = app.get(&m, "/oversight/break-glass").await;
    assert_eq!(status, 200);
    assert!(page.contains(reason));
    app.finish().await;
}

#[tokio::test]
async fn search_finds_children_and_explains_bad_input() {
    let app = spawn_app().await;
    let c = app.sign_in("mash_worker").await;
    let (status, page) = app.get(&c, "/children?search=1&name=amara").await;
    assert_eq!(status, 200);
    assert!(page.contains("1 child found"));
    assert!(page.contains("Amara Testchild"));
    let (_, page) = app.get(&c, "/children?search=1&dob-day=4&dob-month=5&dob-year=2016").await;
    assert!(page.contains("2 children found"));
    let (_, page) = app.get(&c, "/children?search=1").await;
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("Enter a name, date of birth, NHS number or Hearth ID"));
    let (_, page) = app.get(&c, "/children?search=1&nhs=1234567890").await;
    assert!(page.contains("Enter a valid NHS number"));
    let (_, page) = app.get(&c, "/children?search=1&dob-day=31&dob-month=2&dob-year=2016").await;
    assert!(page.contains("Date of birth must be a real date"));
    app.finish().await;
}

#[tokio::test]
async fn adding_a_child_rejects_bad_input_whole_and_then_records_it() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let before = app.store.event_count().await.unwrap();
    let team = app.team.to_string();
    let res = app
        .post_form(&c, "/children/new", "/children/new", &[("given_name", ""), ("family_name", "Marsh"), ("nhs_number", "123"), ("team_id", &team)])
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("There is a problem"));
    assert!(page.contains("Enter the child&#39;s first name"));
    assert!(page.contains("Select the child&#39;s sex"));
    assert!(page.contains("Enter the child&#39;s date of birth, or an expected date of birth"));
    assert!(page.contains("Enter an NHS number that is 10 digits"));
    assert!(page.contains("value=\"Marsh\""), "what was typed is kept");
    assert_eq!(app.store.event_count().await.unwrap(), before, "nothing saved from a rejected form");

    let res = app
        .post_form(
            &c,
            "/children/new",
            "/children/new",
            &[
                ("given_name", "Leo"),
                ("family_name", "Marsh"),
                ("sex", "M"),
                ("date_of_birth-day", "3"),
                ("date_of_birth-month", "9"),
                ("date_of_birth-year", "2019"),
                ("nhs_number", "943 476 5919"),
                ("disabilities", "HEAR"),
                ("disabilities", "VIS"),
                ("team_id", &team),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let location = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    let (status, page) = app.get(&c, &location).await;
    assert_eq!(status, 200);
    assert!(page.contains("Child added. Their Hearth ID is H"));
    assert!(page.contains("943 476 5919"));
    assert!(page.contains("Hearing, Vision"));
    assert_eq!(app.store.event_count().await.unwrap(), before + 1);
    app.finish().await;
}

#[tokio::test]
async fn a_significant_event_needs_analysis_and_then_shows_in_the_chronology() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let path = format!("/children/{}/significant-events/new", app.child);
    let res = app
        .post_form(&c, &path, &path, &[("occurred_on-day", "40"), ("occurred_on-month", "1"), ("occurred_on-year", "2025"), ("title", "Missing overnight"), ("what_happened", "Did not come home."), ("analysis", "")])
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("The date it happened must be a real date"));
    assert!(page.contains("Enter your analysis of what this means for the child"));
    let res = app
        .post_form(
            &c,
            &path,
            &path,
            &[
                ("occurred_on-day", "14"),
                ("occurred_on-month", "1"),
                ("occurred_on-year", "2025"),
                ("title", "Missing overnight"),
                ("what_happened", "Did not come home; found by police at 6am."),
                ("analysis", "Second episode this month: exploitation risk is rising."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let location = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    assert_eq!(location, format!("/children/{}?added=1#chronology", app.child));
    let (_, page) = app.get(&c, &location).await;
    assert!(page.contains("Significant event added to the chronology."));
    assert!(page.contains("Missing overnight"));
    assert!(page.contains("Second episode this month: exploitation risk is rising."));
    assert!(page.contains("14 January 2025"));
    let (_, filtered) = app.get(&c, &format!("/children/{}?category=allocation", app.child)).await;
    assert!(!filtered.contains("Missing overnight"), "the filter hides other kinds");
    assert!(filtered.contains("Allocated to a worker"), "{filtered}");
    app.finish().await;
}

#[tokio::test]
async fn unknown_children_and_pages_are_not_found() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    assert_eq!(app.get(&c, &format!("/children/{}", uuid::Uuid::new_v4())).await.0, 404);
    assert_eq!(app.get(&c, "/children/not-an-id").await.0, 400);
    assert_eq!(app.get(&c, "/no-such-page").await.0, 404);
    app.finish().await;
}

#[tokio::test]
async fn a_significant_event_is_corrected_with_a_reason_and_the_original_is_kept() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let path = format!("/children/{}/significant-events/new", app.child);
    let fields = [
        ("occurred_on-day", "14"),
        ("occurred_on-month", "1"),
        ("occurred_on-year", "2025"),
        ("title", "Missing overnight"),
        ("what_happened", "Did not come home; found by police at 6am."),
        ("analysis", "Second episode this month: exploitation risk is rising."),
    ];
    assert_eq!(app.post_form(&c, &path, &path, &fields).await.status(), 303);
    let original = app.store.chronology(app.child, Some(hearth_domain::events::ChronologyCategory::SignificantEvent), 5).await.unwrap();
    let event_id = original[0].event.event_id;
    let correct = format!("/children/{}/significant-events/{event_id}/correct", app.child);
    let (status, page) = app.get(&c, &correct).await;
    assert_eq!(status, 200);
    assert!(page.contains("value=\"Missing overnight\""), "the form starts from the original");

    let before = app.store.event_count().await.unwrap();
    let mut changed = fields.to_vec();
    changed[0] = ("occurred_on-day", "13");
    let res = app.post_form(&c, &correct, &correct, &changed).await;
    assert_eq!(res.status(), 422, "a correction needs a reason");
    assert!(res.text().await.unwrap().contains("Enter the reason for the correction"));
    assert_eq!(app.store.event_count().await.unwrap(), before);

    changed.push(("reason", "Wrong date: the police log shows the 13th"));
    let res = app.post_form(&c, &correct, &correct, &changed).await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.get(&c, &format!("/children/{}?corrected=1", app.child)).await;
    assert!(page.contains("Correction recorded."));
    assert!(page.contains("Corrected later"), "the original is kept and marked");
    assert!(page.contains("Wrong date: the police log shows the 13th"));
    assert!(page.contains("13 January 2025") && page.contains("14 January 2025"));
    assert_eq!(app.store.event_count().await.unwrap(), before + 1);
    // The corrected entry cannot be corrected again; the correction stands.
    assert!(!page.contains(&format!("significant-events/{event_id}/correct")));
    app.finish().await;
}
