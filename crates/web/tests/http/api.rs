//! The JSON API over real HTTP: sessions and CSRF, children, chronology,
//! significant events and the OpenAPI document.

use crate::support::*;
use serde_json::{Value, json};

pub(crate) async fn get_json(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, Value) {
    let res = c.get(format!("{}/api/v1{path}", app.url)).send().await.unwrap();
    let status = res.status().as_u16();
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(ct.starts_with("application/json"), "{path} answered {ct}");
    (status, res.json().await.unwrap())
}

/// Posts JSON with the session's CSRF token (from the session endpoint).
pub(crate) async fn post_json(app: &TestApp, c: &reqwest::Client, path: &str, body: &Value) -> (u16, Value) {
    let token = csrf_token(app, c).await;
    let res = c.post(format!("{}/api/v1{path}", app.url)).header("X-CSRF-Token", token).json(body).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

async fn csrf_token(app: &TestApp, c: &reqwest::Client) -> String {
    let (status, session) = get_json(app, c, "/session").await;
    assert_eq!(status, 200);
    session["csrf_token"].as_str().unwrap().to_string()
}

pub(crate) fn field_names(body: &Value) -> Vec<String> {
    body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect()
}

fn new_child(app: &TestApp) -> Value {
    json!({
        "given_name": "Priya",
        "family_name": "Apitest",
        "other_names": "Kaur",
        "date_of_birth": "2019-03-14",
        "sex": "F",
        "ethnicity": "AIND",
        "disabilities": ["HEAR"],
        "nhs_number": "943 476 5919",
        "upn": null,
        "address": {"line1": "1 High Street", "town": "Hearthton", "postcode": "HT1 1AA"},
        "team_id": app.team.to_string()
    })
}

async fn counts(app: &TestApp) -> (i64, i64) {
    (app.store.event_count().await.unwrap(), app.store.child_count().await.unwrap())
}

#[tokio::test]
async fn requests_that_are_not_signed_in_get_401_json_not_a_redirect() {
    let app = spawn_app().await;
    let c = client();
    for path in ["/session", "/children?name=amara", &format!("/children/{}", app.child), &format!("/children/{}/chronology", app.child)] {
        let res = c.get(format!("{}/api/v1{path}", app.url)).send().await.unwrap();
        assert_eq!(res.status(), 401, "{path}");
        assert!(res.headers().get("location").is_none(), "no redirect to the sign-in page");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_signed_in");
        assert_eq!(body["error"]["fields"], json!([]));
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
    assert!(app.store.access_log_for(app.child, 10).await.unwrap().is_empty());
    // An unknown API path is a JSON 404, not the HTML page.
    let p = app.sign_in("practitioner").await;
    let (status, body) = get_json(&app, &p, "/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    app.finish().await;
}

#[tokio::test]
async fn the_session_endpoint_gives_the_user_and_the_csrf_token() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let (status, body) = get_json(&app, &c, "/session").await;
    assert_eq!(status, 200);
    assert_eq!(body["user"]["id"], app.users["practitioner"].to_string());
    assert_eq!(body["user"]["username"], "practitioner");
    assert_eq!(body["user"]["display_name"], "Test Social worker / practitioner");
    assert_eq!(body["user"]["role"], "practitioner");
    let (_, page) = app.get(&c, "/").await;
    assert_eq!(body["csrf_token"].as_str().unwrap(), csrf_from(&page), "the same token the pages use");
    assert_eq!(body["csrf_token"].as_str().unwrap().len(), 64);
    app.finish().await;
}

#[tokio::test]
async fn recording_a_child_needs_the_csrf_header_and_then_the_child_can_be_found() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let before = counts(&app).await;

    let res = c.post(format!("{}/api/v1/children", app.url)).json(&new_child(&app)).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "csrf_failed");
    let res = c.post(format!("{}/api/v1/children", app.url)).header("X-CSRF-Token", "0".repeat(64)).json(&new_child(&app)).send().await.unwrap();
    assert_eq!(res.status(), 403, "a wrong token is no better");
    assert_eq!(counts(&app).await, before, "nothing written");

    let token = csrf_token(&app, &c).await;
    let res = c.post(format!("{}/api/v1/children", app.url)).header("X-CSRF-Token", &token).json(&new_child(&app)).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let location = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    let hearth_id = created["hearth_id"].as_str().unwrap().to_string();
    assert!(hearth_id.starts_with('H') && hearth_id.len() == 8, "{hearth_id}");
    assert_eq!(location, format!("/api/v1/children/{id}"));
    assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 1));

    let (status, found) = get_json(&app, &c, "/children?name=priya%20apitest").await;
    assert_eq!(status, 200);
    let children = found["children"].as_array().unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0]["id"], id.as_str());
    assert_eq!(children[0]["hearth_id"], hearth_id.as_str());
    assert_eq!(children[0]["given_name"], "Priya");
    assert_eq!(children[0]["family_name"], "Apitest");
    assert_eq!(children[0]["date_of_birth"], "2019-03-14");
    assert_eq!(children[0]["expected_date_of_birth"], Value::Null);
    let (_, by_ref) = get_json(&app, &c, &format!("/children?hearth_id={}", hearth_id.to_lowercase())).await;
    assert_eq!(by_ref["children"][0]["id"], id.as_str());
    let (_, by_nhs) = get_json(&app, &c, "/children?nhs_number=9434765919").await;
    assert_eq!(by_nhs["children"].as_array().unwrap().len(), 1);

    let (status, child) = get_json(&app, &c, &format!("/children/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(child["other_names"], "Kaur");
    assert_eq!(child["sex"], "F");
    assert_eq!(child["ethnicity"], "AIND");
    assert_eq!(child["disabilities"], json!(["HEAR"]));
    assert_eq!(child["nhs_number"], "9434765919");
    assert_eq!(child["postcode"], "HT1 1AA");
    assert_eq!(child["team"]["id"], app.team.to_string());

    // Roles that may not add children are refused, and nothing is written.
    let auditor = app.sign_in("qa_auditor").await;
    let (status, body) = post_json(&app, &auditor, "/children", &new_child(&app)).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 1));
    app.finish().await;
}

#[tokio::test]
async fn an_invalid_child_is_422_with_field_errors_and_nothing_is_written() {
    let app = spawn_app().await;
    let c = app.sign_in("mash_worker").await;
    let before = counts(&app).await;
    let body = json!({
        "given_name": "  ",
        "family_name": "Apitest",
        "date_of_birth": "2019-02-30",
        "sex": "X",
        "nhs_number": "1234567890",
        "disabilities": ["WINGS"],
        "address": {"line1": "1 High Street", "town": "Hearthton", "postcode": "nope", "county": "Shire"},
        "team_id": "00000000-0000-0000-0000-000000000001",
        "favourite_colour": "blue"
    });
    let (status, res) = post_json(&app, &c, "/children", &body).await;
    assert_eq!(status, 422);
    assert_eq!(res["error"]["code"], "validation_failed");
    let fields = field_names(&res);
    for f in ["given_name", "date_of_birth", "sex", "nhs_number", "disabilities", "address.postcode", "address.county", "team_id", "favourite_colour"] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    let messages: Vec<&str> = res["error"]["fields"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(messages.contains(&"Enter the child's first name"), "{messages:?}");
    assert!(messages.contains(&"Enter a valid NHS number: the last digit does not match the others"), "{messages:?}");
    assert_eq!(counts(&app).await, before);

    // A value of the wrong type is a field error too.
    let (status, res) = post_json(&app, &c, "/children", &json!({"given_name": 7, "family_name": "X", "sex": "M", "date_of_birth": "2019-01-01", "team_id": app.team.to_string()})).await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&res), vec!["given_name"], "one message per field");
    assert_eq!(res["error"]["fields"][0]["message"], "given_name must be a string");
    assert_eq!(counts(&app).await, before);
    app.finish().await;
}

#[tokio::test]
async fn malformed_json_is_a_400_bad_request_in_hearths_shape() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let token = csrf_token(&app, &c).await;
    let before = counts(&app).await;
    for (body, content_type) in [("{\"given_name\": ", "application/json"), ("[1, 2]", "application/json"), ("{}", "text/plain")] {
        let res = c
            .post(format!("{}/api/v1/children", app.url))
            .header("X-CSRF-Token", &token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body} as {content_type}");
        let json: Value = res.json().await.unwrap();
        assert_eq!(json["error"]["code"], "bad_request");
        assert!(!json["error"]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(counts(&app).await, before);
    app.finish().await;
}

#[tokio::test]
async fn search_needs_a_criterion_and_explains_bad_input() {
    let app = spawn_app().await;
    let c = app.sign_in("mash_worker").await;
    let (status, body) = get_json(&app, &c, "/children").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "bad_request");
    let (status, body) = get_json(&app, &c, "/children?nhs_number=1234567890").await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(field_names(&body), vec!["nhs_number"]);
    let (status, body) = get_json(&app, &c, "/children?date_of_birth=04/05/2016").await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&body), vec!["date_of_birth"]);
    let (status, body) = get_json(&app, &c, "/children?date_of_birth=2016-05-04").await;
    assert_eq!(status, 200);
    let mut names: Vec<&str> = body["children"].as_array().unwrap().iter().map(|c| c["given_name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, vec!["Amara", "Zainab"]);
    let (_, body) = get_json(&app, &c, "/children?name=amara").await;
    assert_eq!(body["children"][0]["team"], "CIN/CP Team 1");
    assert_eq!(body["children"][0]["worker"], "Test Social worker / practitioner");
    app.finish().await;
}

#[tokio::test]
async fn a_child_of_another_team_is_forbidden_to_a_practitioner_and_nothing_is_logged() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    for path in [format!("/children/{}", app.other_child), format!("/children/{}/chronology", app.other_child)] {
        let (status, body) = get_json(&app, &c, &path).await;
        assert_eq!(status, 403, "{path}");
        assert_eq!(body["error"]["code"], "forbidden");
        assert!(body["error"]["message"].as_str().unwrap().contains("break glass"));
        assert!(body.to_string().find("Zainab").is_none(), "no details leak");
    }
    let (status, _) = post_json(&app, &c, &format!("/children/{}/significant-events", app.other_child), &json!({})).await;
    assert_eq!(status, 403);
    assert!(app.store.access_log_for(app.other_child, 10).await.unwrap().is_empty());
    let (status, body) = get_json(&app, &c, &format!("/children/{}", hearth_domain::ids::PersonId::new())).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(get_json(&app, &c, "/children/not-a-uuid").await.0, 404);
    // The MASH works across the service.
    let mash = app.sign_in("mash_worker").await;
    let (status, body) = get_json(&app, &mash, &format!("/children/{}", app.other_child)).await;
    assert_eq!(status, 200);
    assert_eq!(body["given_name"], "Zainab");
    app.finish().await;
}

#[tokio::test]
async fn reading_a_child_and_its_chronology_writes_access_entries() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let (status, body) = get_json(&app, &c, &format!("/children/{}", app.child)).await;
    assert_eq!(status, 200);
    assert_eq!(body["id"], app.child.to_string());
    assert_eq!(body["given_name"], "Amara");
    assert_eq!(body["family_name"], "Testchild");
    assert_eq!(body["date_of_birth"], "2016-05-04");
    assert_eq!(body["worker"]["id"], app.users["practitioner"].to_string());
    let log = app.store.access_log_for(app.child, 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].entry.user_id, app.users["practitioner"]);
    assert_eq!(log[0].entry.screen, "api_child");
    assert_eq!(log[0].entry.break_glass_reason, None);

    let (status, body) = get_json(&app, &c, &format!("/children/{}/chronology", app.child)).await;
    assert_eq!(status, 200);
    let types: Vec<&str> = body["entries"].as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert!(types.contains(&"ChildRecorded") && types.contains(&"ChildAllocated"), "{types:?}");
    let log = app.store.access_log_for(app.child, 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].entry.screen, "api_chronology");
    app.finish().await;
}

#[tokio::test]
async fn a_significant_event_added_through_the_api_appears_in_the_chronology() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let path = format!("/children/{}/significant-events", app.child);
    let before = app.store.event_count().await.unwrap();

    let (status, body) = post_json(&app, &c, &path, &json!({"occurred_on": "2099-01-01", "title": "", "what_happened": "Went missing", "analysis": "short"})).await;
    assert_eq!(status, 422);
    let mut fields = field_names(&body);
    fields.sort();
    assert_eq!(fields, vec!["analysis", "occurred_on", "title"]);
    assert_eq!(app.store.event_count().await.unwrap(), before, "nothing written");

    let event = json!({
        "occurred_on": "2025-02-03",
        "title": "Went missing overnight",
        "what_happened": "Did not come home after school; found by police at 2am at a friend's flat.",
        "analysis": "A first missing episode: a return home interview is needed and the risk of exploitation must be assessed."
    });
    let (status, created) = post_json(&app, &c, &path, &event).await;
    assert_eq!(status, 201);
    assert_eq!(created["seq"], before + 1);
    let event_id = created["event_id"].as_str().unwrap().to_string();
    assert_eq!(app.store.event_count().await.unwrap(), before + 1);

    let (status, chron) = get_json(&app, &c, &format!("/children/{}/chronology?category=significant_event", app.child)).await;
    assert_eq!(status, 200);
    assert_eq!(chron["category"], "significant_event");
    let entries = chron["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(e["event_id"], event_id.as_str());
    assert_eq!(e["seq"], before + 1);
    assert_eq!(e["type"], "SignificantEventRecorded");
    assert_eq!(e["category"], "significant_event");
    assert_eq!(e["summary"], "Went missing overnight");
    assert_eq!(e["recorded_by"], "Test Social worker / practitioner");
    assert_eq!(e["corrected"], false);
    assert_eq!(e["payload"]["title"], "Went missing overnight");
    assert_eq!(e["payload"]["occurred_on"], "2025-02-03");
    assert_eq!(e["payload"]["child_id"], app.child.to_string());
    assert!(e["occurred_at"].as_str().unwrap().starts_with("2025-02-03T12:00:00"));

    // Newest first across the whole chronology.
    let (_, all) = get_json(&app, &c, &format!("/children/{}/chronology", app.child)).await;
    let dates: Vec<&str> = all["entries"].as_array().unwrap().iter().map(|e| e["occurred_at"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert_eq!(all["entries"][0]["event_id"], event_id.as_str());

    let (status, body) = get_json(&app, &c, &format!("/children/{}/chronology?category=gossip", app.child)).await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&body), vec!["category"]);

    // A role that may not record is refused.
    let analyst = app.sign_in("performance_analyst").await;
    let (status, body) = post_json(&app, &analyst, &path, &event).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    assert_eq!(app.store.event_count().await.unwrap(), before + 1);
    app.finish().await;
}

#[tokio::test]
async fn the_openapi_document_parses_and_lists_the_paths() {
    let app = spawn_app().await;
    let (status, doc) = get_json(&app, &client(), "/openapi.json").await;
    assert_eq!(status, 200, "served without sign-in");
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for p in ["/session", "/children", "/children/{id}", "/children/{id}/chronology", "/children/{id}/significant-events", "/openapi.json"] {
        assert!(paths.contains_key(p), "{p}");
    }
    assert!(paths["/children"].get("post").is_some() && paths["/children"].get("get").is_some());
    let codes = doc["components"]["schemas"]["ErrorCode"]["enum"].as_array().unwrap();
    for code in ["not_signed_in", "forbidden", "not_found", "csrf_failed", "too_many_requests", "bad_request", "validation_failed", "conflict", "refused", "internal_error"] {
        assert!(codes.iter().any(|c| c == code), "{code}");
    }
    assert_eq!(doc["components"]["securitySchemes"]["csrfToken"]["name"], "X-CSRF-Token");
    app.finish().await;
}
