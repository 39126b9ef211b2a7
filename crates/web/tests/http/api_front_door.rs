//! The front door over the JSON API: intake, the queue, checks, decisions,
//! a manager's authorisation, validation, roles and the chain rule.

use crate::support::*;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use serde_json::{Value, json};

async fn get_json(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, Value) {
    let res = c.get(format!("{}/api/v1{path}", app.url)).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn csrf_token(app: &TestApp, c: &reqwest::Client) -> String {
    let (status, session) = get_json(app, c, "/session").await;
    assert_eq!(status, 200);
    session["csrf_token"].as_str().unwrap().to_string()
}

/// Posts JSON with the session's CSRF token.
async fn post_json(app: &TestApp, c: &reqwest::Client, path: &str, body: &Value) -> (u16, Value) {
    let token = csrf_token(app, c).await;
    let res = c.post(format!("{}/api/v1{path}", app.url)).header("X-CSRF-Token", token).json(body).send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn field_names(body: &Value) -> Vec<String> {
    body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect()
}

async fn hearth_ref(app: &TestApp) -> String {
    app.store.child_record(app.child).await.unwrap().unwrap().item.hearth_ref
}

async fn events(app: &TestApp) -> i64 {
    app.store.event_count().await.unwrap()
}

fn contact_body(hearth_id: &str, received_at: DateTime<Utc>, rag: &str) -> Value {
    json!({
        "children": [hearth_id],
        "received_at": received_at.to_rfc3339(),
        "source": "6",
        "concern": "Police attended a domestic incident; the child was in the house.",
        "referrer_organisation": "Hearthshire Police",
        "rag": rag
    })
}

/// Records a contact; returns its id and the whole answer.
async fn record_contact(app: &TestApp, c: &reqwest::Client, received_at: DateTime<Utc>, rag: &str) -> (String, Value) {
    let r = hearth_ref(app).await;
    let (status, body) = post_json(app, c, "/front-door/contacts", &contact_body(&r, received_at, rag)).await;
    assert_eq!(status, 201, "{body}");
    (body["id"].as_str().unwrap().to_string(), body)
}

fn decision(outcome: &str, threshold: &str, consent: Value) -> Value {
    json!({
        "outcome": outcome,
        "threshold": threshold,
        "rationale": "Second police call-out in a month with the child present; needs assessment.",
        "consent": consent
    })
}

async fn propose(app: &TestApp, c: &reqwest::Client, contact: &str, body: &Value) -> String {
    let (status, res) = post_json(app, c, &format!("/front-door/contacts/{contact}/decisions"), body).await;
    assert_eq!(status, 201, "{res}");
    res["decision_id"].as_str().unwrap().to_string()
}

fn queue_ids(queue: &Value) -> Vec<String> {
    queue["contacts"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_contact_goes_from_intake_to_authorised_and_authorising_is_refused_while_a_check_is_open() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let manager = app.sign_in("team_manager").await;
    let received_at = Utc::now() - Duration::hours(1);
    let (id, created) = record_contact(&app, &mash, received_at, "red").await;
    assert_eq!(created["chain_start_id"], id.as_str(), "a first contact starts its own chain");
    let screen_by: DateTime<Utc> = created["screen_by"].as_str().unwrap().parse().unwrap();
    // Kept to the microsecond, as the record stores it.
    assert_eq!(screen_by - received_at.trunc_subsecs(6), Duration::hours(4), "red: four hours");

    let (status, queue) = get_json(&app, &mash, "/front-door/queue").await;
    assert_eq!(status, 200);
    let entry = queue["contacts"].as_array().unwrap().iter().find(|c| c["id"] == id.as_str()).unwrap().clone();
    assert_eq!(entry["rag"], "red");
    assert_eq!(entry["status"], "open");
    assert_eq!(entry["overdue"], false);
    assert_eq!(entry["chain_start_id"], id.as_str());
    assert_eq!(entry["children"][0]["id"], app.child.to_string());
    assert_eq!(entry["children"][0]["hearth_id"], hearth_ref(&app).await);
    assert_eq!(entry["children"][0]["name"], "Amara Testchild");

    let due = (Utc::now() + Duration::hours(4)).to_rfc3339();
    let (status, check) = post_json(
        &app,
        &mash,
        &format!("/front-door/contacts/{id}/checks"),
        &json!({"agency": "police", "agency_detail": "Hearthshire Police PPU", "question": "Call-outs to the address?", "due_at": due}),
    )
    .await;
    assert_eq!(status, 201, "{check}");
    let check_id = check["check_id"].as_str().unwrap().to_string();

    let decision_id = propose(&app, &mash, &id, &decision("referral", "3", json!({"status": "given", "rationale": "Mother agreed by phone."}))).await;

    // The manager cannot close it while the police check is open: nothing is written.
    let before = events(&app).await;
    let authorise = format!("/front-door/contacts/{id}/decisions/{decision_id}/authorisation");
    let (status, res) = post_json(&app, &manager, &authorise, &json!({"manager_note": "Agreed."})).await;
    assert_eq!(status, 422, "{res}");
    assert_eq!(res["error"]["code"], "refused");
    assert!(res["error"]["message"].as_str().unwrap().contains("cannot be closed while the police check is neither completed"), "{res}");
    assert_eq!(events(&app).await, before, "nothing written");

    let (status, contact) = get_json(&app, &manager, &format!("/front-door/contacts/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(contact["status"], "awaiting_authorisation");
    assert_eq!(contact["concern"], "Police attended a domestic incident; the child was in the house.");
    assert_eq!(contact["source"], "6");
    assert_eq!(contact["checks"][0]["id"], check_id.as_str());
    assert_eq!(contact["checks"][0]["agency"], "police");
    assert_eq!(contact["checks"][0]["state"], "requested");
    assert_eq!(contact["decisions"][0]["id"], decision_id.as_str());
    assert_eq!(contact["decisions"][0]["state"], "proposed");
    assert_eq!(contact["decisions"][0]["outcome"], "referral");
    assert_eq!(contact["decisions"][0]["threshold"], "3");
    assert_eq!(contact["decisions"][0]["consent"]["status"], "given");
    assert_eq!(contact["decisions"][0]["proposed_by"], app.users["mash_worker"].to_string());
    assert_eq!(contact["history"], json!([]));
    let log = app.store.access_log_for(app.child, 10).await.unwrap();
    assert!(log.iter().any(|e| e.entry.screen == "api_contact"), "reading a contact opens the child's record");

    // A check needs a note; then it can be completed.
    let check_path = format!("/front-door/contacts/{id}/checks/{check_id}");
    let (status, res) = post_json(&app, &mash, &check_path, &json!({"completed": true, "note": " "})).await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&res), vec!["note"]);
    assert_eq!(events(&app).await, before);
    let (status, res) = post_json(&app, &mash, &check_path, &json!({"completed": true, "note": "Two call-outs in October."})).await;
    assert_eq!(status, 200, "{res}");
    let (status, res) = post_json(&app, &mash, &check_path, &json!({"completed": false, "note": "Changed my mind."})).await;
    assert_eq!(status, 422, "a check has one result");
    assert_eq!(res["error"]["code"], "refused");

    let (status, res) = post_json(&app, &manager, &authorise, &json!({"manager_note": "Agreed."})).await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["status"], "closed");
    assert_eq!(res["outcome"], "referral");
    let referrals = app.store.referrals_of(app.child).await.unwrap();
    assert_eq!(referrals.len(), 1, "authorising a referral opens a children-in-need episode");

    let (_, queue) = get_json(&app, &mash, "/front-door/queue").await;
    assert!(!queue_ids(&queue).contains(&id), "a closed contact leaves the queue");
    let (_, contact) = get_json(&app, &mash, &format!("/front-door/contacts/{id}")).await;
    assert_eq!(contact["checks"][0]["state"], "completed");
    assert_eq!(contact["checks"][0]["note"], "Two call-outs in October.");
    assert_eq!(contact["decisions"][0]["state"], "authorised");
    assert_eq!(contact["decisions"][0]["decided_by"], app.users["team_manager"].to_string());
    assert_eq!(contact["decisions"][0]["manager_note"], "Agreed.");
    app.finish().await;
}

#[tokio::test]
async fn invalid_writes_are_422_with_the_field_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let r = hearth_ref(&app).await;
    let at = Utc::now() - Duration::hours(2);
    let before = events(&app).await;

    let unknown_rag = contact_body(&r, at, "purple");
    let mut no_concern = contact_body(&r, at, "amber");
    no_concern.as_object_mut().unwrap().remove("concern");
    let unknown_child = contact_body("H9999999", at, "amber");
    let mut bad_time = contact_body(&r, at, "amber");
    bad_time["received_at"] = json!("yesterday");
    let future = contact_body(&r, Utc::now() + Duration::days(1), "amber");
    let mut unknown_field = contact_body(&r, at, "amber");
    unknown_field["favourite_colour"] = json!("blue");
    for (body, field) in [
        (unknown_rag, "rag"),
        (no_concern, "concern"),
        (unknown_child, "children"),
        (bad_time, "received_at"),
        (future, "received_at"),
        (unknown_field, "favourite_colour"),
    ] {
        let (status, res) = post_json(&app, &mash, "/front-door/contacts", &body).await;
        assert_eq!(status, 422, "{field}: {res}");
        assert_eq!(res["error"]["code"], "validation_failed");
        assert_eq!(field_names(&res), vec![field], "{res}");
        assert_eq!(events(&app).await, before, "{field}: nothing written");
    }
    let (_, res) = post_json(&app, &mash, "/front-door/contacts", &contact_body("H9999999", at, "amber")).await;
    assert!(res["error"]["fields"][0]["message"].as_str().unwrap().contains("No child has the Hearth ID H9999999"), "{res}");

    // A child's id works as well as a Hearth ID.
    let mut by_id = contact_body(&r, at, "amber");
    by_id["children"] = json!([app.child.to_string()]);
    let (status, created) = post_json(&app, &mash, "/front-door/contacts", &by_id).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let before = events(&app).await;

    // Consent dispensed with, but no reason or manager.
    let path = format!("/front-door/contacts/{id}/decisions");
    let (status, res) = post_json(&app, &mash, &path, &decision("referral", "3", json!({"status": "dispensed_with"}))).await;
    assert_eq!(status, 422, "{res}");
    assert_eq!(res["error"]["code"], "validation_failed");
    let mut fields = field_names(&res);
    fields.sort();
    assert_eq!(fields, vec!["consent.agreed_by", "consent.rationale"]);
    // ...or a "manager" who is not one.
    let not_a_manager = json!({"status": "dispensed_with", "rationale": "Father is the alleged abuser; asking would alert him.", "agreed_by": app.users["practitioner"].to_string()});
    let (status, res) = post_json(&app, &mash, &path, &decision("referral", "3", not_a_manager)).await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&res), vec!["consent.agreed_by"]);
    // No consent at all, an outcome that does not fit the threshold, codes not known.
    let (status, res) = post_json(&app, &mash, &path, &json!({"outcome": "information_and_advice", "threshold": "4", "rationale": "Too short"})).await;
    assert_eq!(status, 422);
    let mut fields = field_names(&res);
    fields.sort();
    assert_eq!(fields, vec!["consent", "outcome", "rationale"], "{res}");
    let (status, res) = post_json(&app, &mash, &path, &decision("adopt", "5", json!({"status": "maybe"}))).await;
    assert_eq!(status, 422);
    let mut fields = field_names(&res);
    fields.sort();
    assert_eq!(fields, vec!["consent.status", "outcome", "threshold"], "{res}");
    // Checks and ratings are validated too.
    let (status, res) = post_json(&app, &mash, &format!("/front-door/contacts/{id}/checks"), &json!({"agency": "fbi", "question": "", "due_at": "2001-01-01T00:00:00Z"})).await;
    assert_eq!(status, 422);
    let mut fields = field_names(&res);
    fields.sort();
    assert_eq!(fields, vec!["agency", "due_at", "question"], "{res}");
    let (status, res) = post_json(&app, &mash, &format!("/front-door/contacts/{id}/rating"), &json!({"rag": "purple"})).await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&res), vec!["rag"]);
    assert_eq!(events(&app).await, before, "nothing written");

    // Broken JSON is a 400; an unknown contact is a 404.
    let token = csrf_token(&app, &mash).await;
    let res = mash
        .post(format!("{}/api/v1/front-door/contacts", app.url))
        .header("X-CSRF-Token", &token)
        .header("content-type", "application/json")
        .body("{\"rag\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");
    let (status, res) = get_json(&app, &mash, "/front-door/contacts/00000000-0000-0000-0000-000000000001").await;
    assert_eq!(status, 404);
    assert_eq!(res["error"]["code"], "not_found");
    assert_eq!(events(&app).await, before);
    app.finish().await;
}

#[tokio::test]
async fn only_front_door_roles_use_it_and_only_managers_assign_authorise_and_return() {
    let app = spawn_app().await;
    let practitioner = app.sign_in("practitioner").await;
    let (status, res) = get_json(&app, &practitioner, "/front-door/queue").await;
    assert_eq!(status, 403);
    assert_eq!(res["error"]["code"], "forbidden");
    let before = events(&app).await;
    let r = hearth_ref(&app).await;
    let (status, _) = post_json(&app, &practitioner, "/front-door/contacts", &contact_body(&r, Utc::now(), "green")).await;
    assert_eq!(status, 403);
    assert_eq!(events(&app).await, before);

    let mash = app.sign_in("mash_worker").await;
    let (id, _) = record_contact(&app, &mash, Utc::now() - Duration::minutes(30), "amber").await;
    let (status, _) = get_json(&app, &practitioner, &format!("/front-door/contacts/{id}")).await;
    assert_eq!(status, 403);
    let decision_id = propose(&app, &mash, &id, &decision("nfa", "1", json!({"status": "not_required"}))).await;

    let before = events(&app).await;
    let (status, res) = post_json(&app, &mash, &format!("/front-door/contacts/{id}/decisions/{decision_id}/authorisation"), &json!({})).await;
    assert_eq!(status, 403, "{res}");
    assert_eq!(res["error"]["code"], "forbidden");
    let (status, _) = post_json(&app, &mash, &format!("/front-door/contacts/{id}/decisions/{decision_id}/return"), &json!({"reason": "No"})).await;
    assert_eq!(status, 403);
    let (status, _) = post_json(&app, &mash, &format!("/front-door/contacts/{id}/assignment"), &json!({"worker_id": app.users["mash_worker"].to_string()})).await;
    assert_eq!(status, 403);
    assert_eq!(events(&app).await, before, "nothing written");

    // A manager assigns it and returns the decision; it is open again.
    let manager = app.sign_in("team_manager").await;
    let (status, res) = post_json(&app, &manager, &format!("/front-door/contacts/{id}/assignment"), &json!({"worker_id": app.users["practitioner"].to_string()})).await;
    assert_eq!(status, 422, "a practitioner does not screen contacts");
    assert_eq!(field_names(&res), vec!["worker_id"]);
    let (status, _) = post_json(&app, &manager, &format!("/front-door/contacts/{id}/assignment"), &json!({"worker_id": app.users["mash_worker"].to_string()})).await;
    assert_eq!(status, 200);
    let return_path = format!("/front-door/contacts/{id}/decisions/{decision_id}/return");
    let (status, res) = post_json(&app, &manager, &return_path, &json!({})).await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&res), vec!["reason"]);
    let (status, res) = post_json(&app, &manager, &return_path, &json!({"reason": "Check with the school first."})).await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["status"], "open");
    let (_, contact) = get_json(&app, &manager, &format!("/front-door/contacts/{id}")).await;
    assert_eq!(contact["assigned_to_id"], app.users["mash_worker"].to_string());
    let worker = app.store.staff_member(app.users["mash_worker"]).await.unwrap().unwrap();
    assert_eq!(contact["assigned_to"], worker.display_name.as_str());
    assert_eq!(contact["decisions"][0]["state"], "returned");
    assert_eq!(contact["decisions"][0]["return_reason"], "Check with the school first.");
    let (status, res) = post_json(&app, &manager, &return_path, &json!({"reason": "Again."})).await;
    assert_eq!(status, 422, "a decision is returned once");
    assert_eq!(res["error"]["code"], "refused");
    app.finish().await;
}

#[tokio::test]
async fn a_contact_after_a_closed_one_joins_its_chain() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let manager = app.sign_in("team_manager").await;
    let (first, created) = record_contact(&app, &mash, Utc::now() - Duration::days(3), "amber").await;
    assert_eq!(created["chain_start_id"], first.as_str());
    let decision_id = propose(&app, &mash, &first, &decision("nfa", "1", json!({"status": "not_required"}))).await;
    let (status, res) = post_json(&app, &manager, &format!("/front-door/contacts/{first}/decisions/{decision_id}/authorisation"), &json!({})).await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["status"], "closed");

    let (second, created) = record_contact(&app, &mash, Utc::now(), "green").await;
    assert_ne!(second, first);
    assert_eq!(created["chain_start_id"], first.as_str(), "the second contact continues the first's chain");
    let (_, queue) = get_json(&app, &mash, "/front-door/queue").await;
    let entry = queue["contacts"].as_array().unwrap().iter().find(|c| c["id"] == second.as_str()).unwrap().clone();
    assert_eq!(entry["chain_start_id"], first.as_str());
    let (_, contact) = get_json(&app, &mash, &format!("/front-door/contacts/{second}")).await;
    assert_eq!(contact["chain_start_id"], first.as_str());
    assert_eq!(contact["history"][0]["id"], first.as_str());
    assert_eq!(contact["history"][0]["outcome"], "nfa");
    app.finish().await;
}
