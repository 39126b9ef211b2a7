//! The domestic-incident review (F7) over HTTP: the CSV upload with its
//! row-by-row problems and the explicit "import the good rows" choice, the
//! review decision form, the JSON API, and who may use them.

use crate::support::*;
use serde_json::{Value, json};

const HEADER: &str = "Police reference,Incident date,Incident time,Children,Children present,DASH risk,Victim,Alleged perpetrator,Summary";
const BOUNDARY: &str = "hearthTestBoundary7MA4YWxk";

fn multipart(token: &str, file_name: &str, csv: &str) -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n\
         --{BOUNDARY}--\r\n"
    )
    .into_bytes()
}

async fn upload(app: &TestApp, c: &reqwest::Client, token: &str, csv: &str) -> (u16, String) {
    let res = c
        .post(format!("{}/front-door/domestic-incidents/upload", app.url))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(multipart(token, "police.csv", csv))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn upload_token(app: &TestApp, c: &reqwest::Client) -> String {
    let (status, page) = app.get(c, "/front-door/domestic-incidents/upload").await;
    assert_eq!(status, 200);
    csrf_from(&page)
}

async fn hearth_ref(app: &TestApp) -> String {
    app.store.child_record(app.child).await.unwrap().unwrap().item.hearth_ref
}

/// Two good rows (one by Hearth ID, one by name and date of birth), one
/// with a bad date, one naming a child Hearth does not have.
fn mixed_file(reference: &str) -> String {
    format!(
        "{HEADER}\n\
         DA/100,21/11/2026,23:40,{reference},yes,standard,Mother,\"Partner, 34\",Argument heard by neighbours; no injuries\n\
         DA/101,20/11/2026,19:05,Zainab Testchild 04/05/2016,no,medium,Mother,Father,Father arrested for breach of bail\n\
         DA/102,31/11/2026,10:00,{reference},no,standard,Mother,Father,Verbal argument\n\
         DA/103,19/11/2026,08:00,Nobody Known 01/01/2015,yes,standard,Aunt,Uncle,Shouting in the street\n"
    )
}

#[tokio::test]
async fn an_upload_with_bad_rows_imports_nothing_until_the_good_rows_are_chosen() {
    let app = spawn_app().await;
    let c = app.sign_in("mash_worker").await;
    let before = app.store.event_count().await.unwrap();
    let csv = mixed_file(&hearth_ref(&app).await);
    let token = upload_token(&app, &c).await;

    let (status, page) = upload(&app, &c, &token, &csv).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("Nothing has been imported"));
    assert!(page.contains("<td class=\"govuk-table__cell\">4</td><td class=\"govuk-table__cell\">incident_date</td><td class=\"govuk-table__cell\">The date of the incident must be a real date"), "row 4 is the bad date");
    assert!(page.contains("No child in Hearth is Nobody Known, born 1 January 2015: add the child first, or give their Hearth ID"));
    assert!(page.contains("Import the 2 good rows"));
    assert_eq!(app.store.event_count().await.unwrap(), before, "nothing recorded without the choice");

    // The person chooses to import the good rows.
    let res = c
        .post(format!("{}/front-door/domestic-incidents/upload/import", app.url))
        .form(&[("csrf_token", token.as_str()), ("file_name", "police.csv"), ("csv", csv.as_str()), ("import_good_rows", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/front-door/domestic-incidents?imported=2");
    let waiting = app.store.undecided_domestic_incidents(10).await.unwrap();
    assert_eq!(waiting.iter().map(|i| i.police_reference.as_str()).collect::<Vec<_>>(), vec!["DA/100", "DA/101"]);
    assert_eq!(waiting[1].children[0].person_id, app.other_child, "matched by name and date of birth");
    let (_, list) = app.get(&c, "/front-door/domestic-incidents?imported=2").await;
    assert!(list.contains("2 notifications imported for review.") && list.contains("DA/101"));

    // The same file again: the good rows are already in, so nothing more.
    let (status, page) = upload(&app, &c, &token, &csv).await;
    assert_eq!(status, 422);
    assert!(page.contains("The police reference DA/100 was already received on"));
    assert_eq!(app.store.undecided_domestic_incident_count().await.unwrap(), 2);
    app.finish().await;
}

#[tokio::test]
async fn a_good_file_imports_at_once_and_a_broken_one_is_refused_whole() {
    let app = spawn_app().await;
    let c = app.sign_in("team_manager").await;
    let token = upload_token(&app, &c).await;
    let reference = hearth_ref(&app).await;
    let good = format!("{HEADER}\r\n\"DA/7\",2026-11-21,23:40,{reference},Y,High,\"Mother\",Partner,\"He said \"\"I'll be back\"\"\"\r\n");
    let (status, _) = upload(&app, &c, &token, &good).await;
    assert_eq!(status, 303);
    assert_eq!(app.store.undecided_domestic_incident_count().await.unwrap(), 1);

    let before = app.store.event_count().await.unwrap();
    let (status, page) = upload(&app, &c, &token, "reference,date\nDA/8,21/11/2026\n").await;
    assert_eq!(status, 422);
    assert!(page.contains("The header row (row 1) is missing the columns: police_reference, incident_date"), "{page}");
    assert!(page.contains("govuk-error-summary"));
    let (status, page) = upload(&app, &c, &token, &format!("{HEADER}\nDA/9,\"21/11/2026,23:40\n")).await;
    assert_eq!(status, 422);
    assert!(page.contains("Row 2: a quoted value is not closed"));
    assert_eq!(app.store.event_count().await.unwrap(), before);
    app.finish().await;
}

#[tokio::test]
async fn an_upload_without_the_form_token_is_refused() {
    let app = spawn_app().await;
    let c = app.sign_in("mash_worker").await;
    let csv = mixed_file(&hearth_ref(&app).await);
    let before = app.store.event_count().await.unwrap();
    let (status, _) = upload(&app, &c, "not-the-token-not-the-token-not-the-token-not-the-token-0000000", &csv).await;
    assert_eq!(status, 403);
    let res = c
        .post(format!("{}/front-door/domestic-incidents/upload", app.url))
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.store.event_count().await.unwrap(), before);
    app.finish().await;
}

#[tokio::test]
async fn only_the_mash_and_its_managers_see_the_review() {
    let app = spawn_app().await;
    for role in ["practitioner", "iro", "qa_auditor", "performance_analyst", "administrator"] {
        let c = app.sign_in(role).await;
        let (status, _) = app.get(&c, "/front-door/domestic-incidents").await;
        assert_eq!(status, 403, "{role}");
        let (status, _) = app.get(&c, "/front-door/domestic-incidents/upload").await;
        assert_eq!(status, 403, "{role}");
        let res = c.get(format!("{}/api/v1/domestic-incidents", app.url)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{role}");
    }
    for role in ["mash_worker", "team_manager", "service_manager"] {
        let c = app.sign_in(role).await;
        let (status, _) = app.get(&c, "/front-door/domestic-incidents").await;
        assert_eq!(status, 200, "{role}");
    }
    app.finish().await;
}

async fn api_token(app: &TestApp, c: &reqwest::Client) -> String {
    let res = c.get(format!("{}/api/v1/session", app.url)).send().await.unwrap();
    let session: Value = res.json().await.unwrap();
    session["csrf_token"].as_str().unwrap().to_string()
}

async fn post_json(app: &TestApp, c: &reqwest::Client, path: &str, body: &Value) -> (u16, Value) {
    let token = api_token(app, c).await;
    let res = c.post(format!("{}/api/v1{path}", app.url)).header("X-CSRF-Token", token).json(body).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn notification(reference: &str, date: &str, children: Value) -> Value {
    json!({
        "police_reference": reference,
        "incident_date": date,
        "incident_time": "22:15",
        "children": children,
        "children_present": "yes",
        "dash_risk": "standard",
        "victim": "Mother",
        "alleged_perpetrator": "Mother's partner",
        "summary": "Officers attended after a 999 call; argument, no injuries."
    })
}

#[tokio::test]
async fn the_decision_form_needs_a_decision_and_a_reason_and_reaches_the_chronology() {
    let app = spawn_app().await;
    let c = app.sign_in("mash_worker").await;
    let reference = hearth_ref(&app).await;
    let (status, body) =
        post_json(&app, &c, "/domestic-incidents", &json!({"notifications": [notification("DA/55", "2026-11-20", json!([reference]))]}))
            .await;
    assert_eq!(status, 201, "{body}");
    let id = body["ids"][0].as_str().unwrap().to_string();
    let page_path = format!("/front-door/domestic-incidents/{id}");
    let (status, page) = app.get(&c, &page_path).await;
    assert_eq!(status, 200);
    assert!(page.contains("recent history") && page.contains("Amara Testchild"));
    assert!(page.contains("No other police domestic-abuse notifications."));
    // A second notification about the same child: the pattern shows on each.
    let (status, _) =
        post_json(&app, &c, "/domestic-incidents", &json!({"notifications": [notification("DA/56", "2026-11-21", json!([reference]))]}))
            .await;
    assert_eq!(status, 201);
    let (_, page) = app.get(&c, &page_path).await;
    assert!(page.contains("1 other police domestic-abuse notification:"), "{page}");
    assert!(page.contains("21 November 2026, standard risk: Waiting for a decision"));

    let before = app.store.event_count().await.unwrap();
    let res = app.post_form(&c, &page_path, &page_path, &[("decision", ""), ("rationale", " ")]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    assert!(html.contains("Choose the review decision"));
    assert!(html.contains("Enter the reason for the decision"));
    assert!(html.contains("Enter the date of the review meeting"));
    assert_eq!(app.store.event_count().await.unwrap(), before, "a rejected form records nothing");

    let today = hearth_web::time::today();
    let (d, m, y) = (today.format("%-d").to_string(), today.format("%-m").to_string(), today.format("%Y").to_string());
    let rationale = "Standard risk, first notification, children asleep upstairs; school told.";
    let res = app
        .post_form(
            &c,
            &page_path,
            &page_path,
            &[
                ("decision", "below_threshold"),
                ("rationale", rationale),
                ("review_date-day", &d),
                ("review_date-month", &m),
                ("review_date-year", &y),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.undecided_domestic_incident_count().await.unwrap(), 1, "the second still waits");
    let (_, record) = app.get(&c, &format!("/children/{}", app.child)).await;
    assert!(record.contains("Domestic-incident review: Below threshold: no action"), "the decision is on the chronology");
    assert!(record.contains(rationale));
    // Decided once: the form is gone and a second post is refused.
    let (_, page) = app.get(&c, &page_path).await;
    assert!(!page.contains("Record the decision") && page.contains("Review decision"));
    let again = app
        .post_form(
            &c,
            &page_path,
            &page_path,
            &[
                ("decision", "early_help_offer"),
                ("rationale", rationale),
                ("review_date-day", &d),
                ("review_date-month", &m),
                ("review_date-year", &y),
            ],
        )
        .await;
    assert_eq!(again.status(), 409);
    app.finish().await;
}

#[tokio::test]
async fn the_api_takes_a_batch_whole_or_its_good_notifications_by_choice() {
    let app = spawn_app_on(Backend::POSTGRES, hearth_web::WebConfig::default()).await;
    let c = app.sign_in("mash_worker").await;
    let reference = hearth_ref(&app).await;
    let before = app.store.event_count().await.unwrap();
    let batch = json!({"notifications": [
        notification("DA/1", "2026-11-20", json!([reference])),
        notification("DA/2", "20/11/2026", json!([])),
        notification("DA/3", "2026-11-21", json!(["H9999999"])),
    ]});
    let (status, body) = post_json(&app, &c, "/domestic-incidents", &batch).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields: Vec<(&str, &str)> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert!(fields.contains(&("notifications[1].incident_date", "incident_date must be a real date written YYYY-MM-DD")), "{fields:?}");
    assert!(fields.iter().any(|(f, _)| *f == "notifications[1].children"));
    assert!(fields.contains(&("notifications[2].children", "No child has the Hearth ID H9999999: check the ID")));
    assert_eq!(app.store.event_count().await.unwrap(), before, "nothing recorded when any notification is bad");

    let (status, body) = post_json(&app, &c, "/domestic-incidents", &json!({"import_good_rows": "yes", "notifications": []})).await;
    assert_eq!(status, 422);
    assert!(body["error"]["fields"].as_array().unwrap().len() == 2);

    let mut with_choice = batch.clone();
    with_choice["import_good_rows"] = json!(true);
    let (status, body) = post_json(&app, &c, "/domestic-incidents", &with_choice).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["imported"], 1);
    assert_eq!(body["skipped"].as_array().unwrap().iter().map(|s| s["index"].as_u64().unwrap()).collect::<Vec<_>>(), vec![1, 1, 2]);
    let id = body["ids"][0].as_str().unwrap().to_string();

    let res = c.get(format!("{}/api/v1/domestic-incidents?status=undecided", app.url)).send().await.unwrap();
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["notifications"][0]["police_reference"], "DA/1");
    assert_eq!(list["notifications"][0]["children"][0]["hearth_id"], reference.as_str());

    let (status, body) =
        post_json(&app, &c, &format!("/domestic-incidents/{id}/decision"), &json!({"decision": "nope", "rationale": "x"})).await;
    assert_eq!(status, 422);
    assert!(
        body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == "decision" && f["message"].as_str().unwrap().starts_with("decision must be one of"))
    );
    let (status, body) = post_json(
        &app,
        &c,
        &format!("/domestic-incidents/{id}/decision"),
        &json!({"decision": "contact_to_mash", "rationale": "Third notification this month; pattern of escalating abuse."}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let contact = body["contact_id"].as_str().unwrap();
    let queue = app.store.mash_queue(50).await.unwrap();
    assert!(queue.iter().any(|q| q.state.contact_id.to_string() == contact), "the contact is on the MASH queue");
    let (status, body) = post_json(
        &app,
        &c,
        &format!("/domestic-incidents/{id}/decision"),
        &json!({"decision": "below_threshold", "rationale": "Third notification this month; pattern of escalating abuse."}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    let res = c.get(format!("{}/api/v1/domestic-incidents?status=decided", app.url)).send().await.unwrap();
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["notifications"][0]["decision"], "contact_to_mash");
    app.finish().await;
}

#[tokio::test]
async fn undecided_notifications_show_on_my_work_and_the_dashboard_with_their_children() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let reference = hearth_ref(&app).await;
    let (status, body) =
        post_json(&app, &mash, "/domestic-incidents", &json!({"notifications": [notification("DA/77", "2026-11-20", json!([reference]))]}))
            .await;
    assert_eq!(status, 201, "{body}");

    let manager = app.sign_in("team_manager").await;
    let (_, home) = app.get(&manager, "/").await;
    let figure = &home[home.find("id=\"domestic-incidents-pending\"").expect("the figure is on My work")..];
    assert!(figure.contains(">1</p>"), "one waiting");
    let (_, dashboard) = app.get(&manager, "/front-door/dashboard").await;
    assert!(dashboard.contains("Domestic-incident decisions pending"));
    assert!(dashboard.contains("/front-door/dashboard/list?measure=domestic_incidents_pending"));
    let (status, list) = app.get(&manager, "/front-door/dashboard/list?measure=domestic_incidents_pending").await;
    assert_eq!(status, 200);
    assert!(list.contains("Amara Testchild") && list.contains("Decision due"), "the child behind the figure");
    assert!(list.contains("1 row"));

    // A practitioner does not run the front door: no figure.
    let sw = app.sign_in("practitioner").await;
    let (_, home) = app.get(&sw, "/").await;
    assert!(!home.contains("domestic-incidents-pending"));
    app.finish().await;
}
