//! Out-of-hours handover and threshold disagreements over the API.

use crate::api::{field_names, get_json, post_json};
use crate::support::*;
use serde_json::json;

#[tokio::test]
async fn out_of_hours_work_is_recorded_listed_and_taken_on_once() {
    let app = spawn_app().await;
    let practitioner = app.sign_in("practitioner").await;
    let mash = app.sign_in("mash_worker").await;

    let before = app.store.event_count().await.unwrap();
    let (status, body) = post_json(&app, &practitioner, "/front-door/out-of-hours", &json!({ "children": ["H9999999"], "occurred_at": "tomorrow", "summary": "" })).await;
    assert_eq!(status, 422, "{body}");
    let mut fields = field_names(&body);
    fields.sort();
    assert_eq!(fields, vec!["action_taken", "children", "occurred_at", "summary"], "{body}");
    assert_eq!(app.store.event_count().await.unwrap(), before);

    let (status, body) = post_json(
        &app,
        &practitioner,
        "/front-door/out-of-hours",
        &json!({ "children": [app.child.to_string()], "occurred_at": "2026-11-21T02:15:00Z", "summary": "Police called: mother arrested, child with grandmother", "action_taken": "Checked grandmother's address; safe overnight" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_string();

    let (status, _) = get_json(&app, &practitioner, "/front-door/out-of-hours").await;
    assert_eq!(status, 403, "only the front door sees the handover queue");
    let (_, list) = get_json(&app, &mash, "/front-door/out-of-hours").await;
    let records = list["records"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["id"], id.as_str());
    assert_eq!(records[0]["overdue"], true, "due 10am Monday 23 November, long past");

    // Until it is taken on, it shows on the front door's My work, overdue.
    let manager = app.sign_in("team_manager").await;
    let (_, home) = app.get(&manager, "/").await;
    let waiting = &home[home.find("id=\"handovers-waiting\"").unwrap()..];
    assert!(waiting.contains(">1</p>") && waiting.contains("1 overdue"), "{waiting}");

    let path = format!("/front-door/out-of-hours/{id}/acknowledgement");
    let (status, _) = post_json(&app, &mash, &path, &json!({ "note": "Allocated to duty worker" })).await;
    assert_eq!(status, 201);
    let (status, body) = post_json(&app, &mash, &path, &json!({})).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "conflict");
    let (_, list) = get_json(&app, &mash, "/front-door/out-of-hours").await;
    assert!(list["records"].as_array().unwrap().is_empty());
    let (_, home) = app.get(&manager, "/").await;
    let waiting = &home[home.find("id=\"handovers-waiting\"").unwrap()..];
    assert!(waiting.contains(">0</p>") && !waiting[..400].contains("overdue</strong>"), "{waiting}");
    app.finish().await;
}

#[tokio::test]
async fn a_disagreement_is_raised_and_resolved_by_a_manager_once() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let manager = app.sign_in("team_manager").await;
    let (status, contact) = post_json(
        &app,
        &mash,
        "/front-door/contacts",
        &json!({ "received_at": "2026-11-20T09:00:00Z", "source": "6", "rag": "amber", "children": [app.child.to_string()], "concern": "Domestic incident, child present" }),
    )
    .await;
    assert_eq!(status, 201, "{contact}");
    let contact_id = contact["id"].as_str().unwrap().to_string();
    let raise = format!("/front-door/contacts/{contact_id}/escalations");

    let (status, body) = post_json(&app, &mash, &raise, &json!({ "with_team": app.team.to_string(), "disagreement": "" })).await;
    assert_eq!(status, 422);
    let mut fields = field_names(&body);
    fields.sort();
    assert_eq!(fields, vec!["disagreement", "with_team"], "a team cannot disagree with itself, and why is required: {body}");

    let (status, body) = post_json(&app, &mash, &raise, &json!({ "with_team": app.other_team.to_string(), "disagreement": "We think this meets the threshold for assessment" })).await;
    assert_eq!(status, 201, "{body}");
    let escalation = body["id"].as_str().unwrap().to_string();
    let (_, list) = get_json(&app, &mash, "/front-door/escalations").await;
    assert_eq!(list["escalations"][0]["outcome"], serde_json::Value::Null);

    let resolve = format!("/front-door/contacts/{contact_id}/escalations/{escalation}/resolution");
    let (status, _) = post_json(&app, &mash, &resolve, &json!({ "outcome": "compromise", "resolution": "Agreed" })).await;
    assert_eq!(status, 403, "only managers resolve");
    let (status, body) = post_json(&app, &manager, &resolve, &json!({ "outcome": "maybe", "resolution": "" })).await;
    assert_eq!(status, 422);
    let mut fields = field_names(&body);
    fields.sort();
    assert_eq!(fields, vec!["outcome", "resolution"]);
    let (status, _) = post_json(&app, &manager, &resolve, &json!({ "outcome": "decision_changed", "resolution": "Heads of service agreed: assessment" })).await;
    assert_eq!(status, 201);
    let (status, _) = post_json(&app, &manager, &resolve, &json!({ "outcome": "decision_changed", "resolution": "again" })).await;
    assert_eq!(status, 409);
    let (_, list) = get_json(&app, &mash, "/front-door/escalations").await;
    assert_eq!(list["escalations"][0]["outcome"], "decision_changed");
    assert!(list["escalations"][0]["hours_to_resolve"].is_i64());
    app.finish().await;
}
