//! Risk flags (F12) and the primary need of an episode: the forms, the
//! lists that filter by flag, and the API.

use crate::api::{field_names, get_json, post_json};
use crate::support::*;
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::{EventPayload, NewEvent, ReferralOpened};
use hearth_domain::ids::ReferralId;
use serde_json::json;

#[tokio::test]
async fn a_practitioner_flags_a_risk_sees_it_on_the_record_and_in_search_then_removes_it() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let form = format!("/children/{}/risk-flags/new", app.child);
    let (status, page) = app.get(&c, &form).await;
    assert_eq!(status, 200);
    assert!(page.contains("Child criminal exploitation") && page.contains("Mental health of a parent or carer (4B)"));

    // Nothing chosen, no evidence: every problem listed, nothing recorded.
    let before = app.store.event_count().await.unwrap();
    let res = app.post_form(&c, &form, &form, &[("flag", ""), ("identified_on-day", ""), ("identified_on-month", ""), ("identified_on-year", ""), ("evidence", " ")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("Choose the risk to flag"), "{page}");
    assert!(page.contains("Enter what the risk is and how it is known") || page.contains("what the risk is and how it is known"), "{page}");
    assert_eq!(app.store.event_count().await.unwrap(), before);

    let res = app
        .post_form(&c, &form, &form, &[("flag", "CCE"), ("identified_on-day", "2"), ("identified_on-month", "11"), ("identified_on-year", "2026"), ("evidence", "Found with cash and two phones; older males collecting him from school")])
        .await;
    assert_eq!(res.status(), 303);
    let record = format!("/children/{}", app.child);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("Risk: Child criminal exploitation"), "the banner shows the risk");
    assert!(page.contains("Found with cash and two phones"));
    assert!(page.contains("Risk flagged: Child criminal exploitation"), "the chronology shows it");

    // Flagging it again is refused with the reason.
    let res = app
        .post_form(&c, &form, &form, &[("flag", "CCE"), ("identified_on-day", "3"), ("identified_on-month", "11"), ("identified_on-year", "2026"), ("evidence", "Again")])
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("already has an active Child criminal exploitation flag"));

    // Search by the flag alone finds the child; another flag does not.
    let (_, page) = app.get(&c, "/children?search=1&flag=CCE").await;
    assert!(page.contains("1 child found"), "{page}");
    let (_, page) = app.get(&c, "/children?search=1&flag=CSE").await;
    assert!(page.contains("0 children found"));
    let (_, page) = app.get(&c, "/children?search=1&flag=NOPE").await;
    assert!(page.contains("Choose a risk flag from the list"));

    let remove = format!("/children/{}/risk-flags/CCE/remove", app.child);
    let res = app.post_form(&c, &remove, &remove, &[("removed_on-day", "20"), ("removed_on-month", "11"), ("removed_on-year", "2026"), ("reason", "")]).await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(&c, &remove, &remove, &[("removed_on-day", "20"), ("removed_on-month", "11"), ("removed_on-year", "2026"), ("reason", "Moved out of area with his mother; disruption complete")])
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.get(&c, &record).await;
    assert!(!page.contains("Risk: Child criminal exploitation"));
    assert!(page.contains("Moved out of area with his mother"), "the removal reason is kept");
    let (_, page) = app.get(&c, "/children?search=1&flag=CCE").await;
    assert!(page.contains("0 children found"));
    app.finish().await;
}

#[tokio::test]
async fn the_api_raises_lists_and_removes_risk_flags_with_field_errors_for_bad_input() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let path = format!("/children/{}/risk-flags", app.child);
    let before = app.store.event_count().await.unwrap();
    let (status, body) = post_json(&app, &c, &path, &json!({ "flag": "21", "identified_on": "2026-13-01", "evidence": "" })).await;
    assert_eq!(status, 422, "{body}");
    let mut fields = field_names(&body);
    fields.sort();
    assert_eq!(fields, vec!["evidence", "flag", "identified_on"], "{body}");
    assert_eq!(app.store.event_count().await.unwrap(), before, "nothing recorded");

    let (status, body) = post_json(&app, &c, &path, &json!({ "flag": "MISSING", "identified_on": "2026-11-01", "evidence": "Missing overnight twice in October" })).await;
    assert_eq!(status, 201, "{body}");
    let (_, child) = get_json(&app, &c, &format!("/children/{}", app.child)).await;
    assert_eq!(child["risk_flags"][0]["flag"], "MISSING");
    let (_, found) = get_json(&app, &c, "/children?risk_flag=MISSING").await;
    assert_eq!(found["children"].as_array().unwrap().len(), 1);

    let (status, body) = post_json(&app, &c, &path, &json!({ "flag": "MISSING", "identified_on": "2026-11-02", "evidence": "again" })).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["field"], "flag");

    let (status, _) = post_json(&app, &c, &format!("{path}/MISSING/removal"), &json!({ "removed_on": "2026-11-20", "reason": "No episodes for six weeks; return interviews done" })).await;
    assert_eq!(status, 201);
    let (_, child) = get_json(&app, &c, &format!("/children/{}", app.child)).await;
    assert_eq!(child["risk_flags"].as_array().unwrap().len(), 0);
    app.finish().await;
}

#[tokio::test]
async fn the_mash_queue_filters_by_risk_flag() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let practitioner = app.sign_in("practitioner").await;
    let (status, body) = post_json(
        &app,
        &mash,
        "/front-door/contacts",
        &json!({ "received_at": "2026-11-20T09:00:00Z", "source": "2A", "children": [app.child.to_string()], "concern": "Bruise on arm, says dad did it", "referrer_name": "Ms Head", "referrer_organisation": "Ember Primary", "rag": "amber" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (_, page) = app.get(&mash, "/front-door?flag=DA").await;
    assert!(page.contains("There are no open contacts of this kind"), "no child in the queue is flagged yet");
    let (status, _) = post_json(&app, &practitioner, &format!("/children/{}/risk-flags", app.child), &json!({ "flag": "DA", "identified_on": "2026-11-01", "evidence": "MARAC referral for mother" })).await;
    assert_eq!(status, 201);
    let (_, page) = app.get(&mash, "/front-door?flag=DA").await;
    assert!(page.contains("1 open contacts"), "{page}");
    assert!(page.contains("govuk-tag--red\">Domestic abuse"));
    assert!(!page.contains("Open to early help"));

    // A child waiting for early help is marked on the queue too.
    let (status, body) = post_json(
        &app,
        &practitioner,
        "/early-help/referrals",
        &json!({ "child_id": app.child.to_string(), "route": "partner_request", "requested_by": "Ember Primary, family support lead", "reason": "Parenting support after the separation; mother asked for help", "referred_on": "2026-11-10" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (_, page) = app.get(&mash, "/front-door").await;
    assert!(page.contains("govuk-tag--green\">Open to early help"), "{page}");
    app.finish().await;
}

#[tokio::test]
async fn the_primary_need_is_recorded_on_an_open_episode() {
    let app = spawn_app().await;
    let referral_id = ReferralId::new();
    app.store
        .append(
            hearth_store::SYSTEM_USER,
            vec![NewEvent::new(
                EventPayload::ReferralOpened(ReferralOpened { referral_id, child_id: app.child, contact_id: None, referral_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), source: ReferralSource::Police }),
                chrono::Utc::now(),
            )],
        )
        .await
        .unwrap();
    let c = app.sign_in("practitioner").await;
    let record = format!("/children/{}", app.child);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("Primary need not yet recorded."));
    let form = format!("/children/{}/referrals/{referral_id}/primary-need", app.child);
    let res = app.post_form(&c, &form, &form, &[]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary") && page.contains("Choose the child"), "{page}");
    let res = app.post_form(&c, &form, &form, &[("primary_need", "N4")]).await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("Primary need: Family in acute stress (N4)"));
    assert!(page.contains("Primary need recorded: Family in acute stress"), "and it is in the chronology");
    let (status, _) = app.get(&c, &format!("/children/{}/referrals/{}/primary-need", app.child, ReferralId::new())).await;
    assert_eq!(status, 404);
    app.finish().await;
}

#[tokio::test]
async fn the_api_records_a_primary_need_with_the_census_code() {
    let app = spawn_app().await;
    let referral_id = ReferralId::new();
    app.store
        .append(
            hearth_store::SYSTEM_USER,
            vec![NewEvent::new(
                EventPayload::ReferralOpened(ReferralOpened { referral_id, child_id: app.child, contact_id: None, referral_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), source: ReferralSource::School }),
                chrono::Utc::now(),
            )],
        )
        .await
        .unwrap();
    let c = app.sign_in("practitioner").await;
    let path = format!("/children/{}/referrals/{referral_id}/primary-need", app.child);
    let (status, body) = post_json(&app, &c, &path, &json!({ "primary_need": "N10" })).await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&body), vec!["primary_need"]);
    let (status, _) = post_json(&app, &c, &path, &json!({ "primary_need": "N2" })).await;
    assert_eq!(status, 201);
    assert_eq!(app.store.referrals_of(app.child).await.unwrap()[0].primary_need.as_deref(), Some("N2"));
    let (status, _) = post_json(&app, &c, &format!("/children/{}/referrals/{}/primary-need", app.child, ReferralId::new()), &json!({ "primary_need": "N2" })).await;
    assert_eq!(status, 404);
    app.finish().await;
}
