//! Early help over HTTP (F11): a contact decided as early help steps the
//! child down onto the waiting list; keeping in touch and step-up refuse bad
//! input and record nothing; a step-up goes to the MASH and a referral soon
//! after is flagged; the same over the API, on PostgreSQL.

use crate::support::*;
use hearth_web::WebConfig;
use serde_json::{Value, json};

async fn hearth_ref(app: &TestApp) -> String {
    app.store
        .child_record(app.child)
        .await
        .unwrap()
        .unwrap()
        .item
        .hearth_ref
}

/// The first id after `marker` in a page.
fn id_after(page: &str, marker: &str) -> String {
    let start = page
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} is on the page"))
        + marker.len();
    page[start..start + 36].to_string()
}

/// Records a contact about the test child today and has a manager
/// authorise `outcome` on it; returns the contact's path.
async fn decide(
    app: &TestApp,
    mash: &reqwest::Client,
    manager: &reqwest::Client,
    outcome: &str,
    threshold: &str,
) -> String {
    let r = hearth_ref(app).await;
    let today = chrono::Utc::now() - chrono::Duration::minutes(10);
    let uk = hearth_domain::uk_time::to_uk(today);
    let (day, month, year, time) = (
        uk.format("%-d").to_string(),
        uk.format("%-m").to_string(),
        uk.format("%Y").to_string(),
        uk.format("%H:%M").to_string(),
    );
    let res = app
        .post_form(
            mash,
            "/front-door/contacts/new",
            "/front-door/contacts/new",
            &[
                ("children", &r),
                ("received-day", &day),
                ("received-month", &month),
                ("received-year", &year),
                ("received_time", &time),
                ("source", "2A"),
                (
                    "concern",
                    "School worried about attendance and the family asking for help with routines.",
                ),
                ("rag", "green"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let path = res
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let propose = [
        ("action", "propose"),
        ("outcome", outcome),
        ("threshold", threshold),
        (
            "rationale",
            "Needs sit below the threshold for social care; the family agree to a family support worker.",
        ),
        ("consent", "given"),
    ];
    assert_eq!(
        app.post_form(mash, &path, &path, &propose).await.status(),
        303
    );
    let (_, page) = app.get(manager, &path).await;
    let decision = id_after(&page, "name=\"decision_id\" value=\"");
    let res = app
        .post_form(
            manager,
            &path,
            &path,
            &[("action", "authorise"), ("decision_id", &decision)],
        )
        .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    path
}

#[tokio::test]
async fn an_early_help_decision_steps_down_and_a_step_up_goes_back_through_the_mash() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let manager = app.sign_in("team_manager").await;
    let worker = app.sign_in("practitioner").await;
    decide(&app, &mash, &manager, "early_help", "2").await;

    // On the waiting list, with keeping in touch due, and flagged on the record.
    let (status, list) = app.get(&worker, "/early-help").await;
    assert_eq!(status, 200);
    assert!(list.contains("Amara Testchild"), "the child is waiting");
    assert!(list.contains("Step-down from the MASH"));
    assert!(
        list.contains("Due "),
        "keeping in touch is due in 10 working days"
    );
    let episode = format!(
        "/early-help/episodes/{}",
        id_after(&list, "href=\"/early-help/episodes/")
    );
    let (status, page) = app.get(&worker, &episode).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("On the waiting list"));
    let (_, record) = app.get(&worker, &format!("/children/{}", app.child)).await;
    assert!(record.contains("On the early help waiting list since"));
    assert!(
        record.contains("Referred to early help: step-down from the mash"),
        "the chronology shows the step-down"
    );

    // Keeping in touch with nothing filled in: every problem listed, nothing recorded.
    let before = app.store.event_count().await.unwrap();
    let res = app
        .post_form(&worker, &episode, &episode, &[("action", "keep_in_touch")])
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("Enter the date of the contact"));
    assert!(page.contains("Choose how you made contact"));
    assert!(page.contains("Enter what was said and whether anything has changed"));
    assert_eq!(app.store.event_count().await.unwrap(), before);
    let today = hearth_web::time::today();
    let (d, m, y) = (
        today.format("%-d").to_string(),
        today.format("%-m").to_string(),
        today.format("%Y").to_string(),
    );
    let res = app
        .post_form(
            &worker,
            &episode,
            &episode,
            &[
                ("action", "keep_in_touch"),
                ("contacted_on-day", &d),
                ("contacted_on-month", &m),
                ("contacted_on-year", &y),
                ("method", "phone_call"),
                ("spoke_with", "Mother"),
                (
                    "note",
                    "Mornings are calmer; attendance up this week. No new worries.",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = app
        .get(&worker, &format!("{episode}?done=kept_in_touch"))
        .await;
    assert!(page.contains("Keeping-in-touch contact recorded."));
    assert!(page.contains("Spoke with Mother."));

    // A step-up needs a reason and an urgency; then it goes to the MASH queue.
    let before = app.store.event_count().await.unwrap();
    let res = app
        .post_form(
            &worker,
            &episode,
            &episode,
            &[("action", "step_up"), ("step_up_reason", " ")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Enter why the child is stepped up to children&#39;s social care"));
    assert!(page.contains("Choose how urgent it is"));
    assert_eq!(app.store.event_count().await.unwrap(), before);
    let res = app
        .post_form(
            &worker,
            &episode,
            &episode,
            &[
                ("action", "step_up"),
                (
                    "step_up_reason",
                    "Amara told her teacher she was hit at home last night.",
                ),
                ("rag", "red"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.get(&worker, &episode).await;
    assert!(page.contains("Stepped up to children&#39;s social care"));
    let (_, queue) = app.get(&mash, "/front-door").await;
    assert!(
        queue.contains("Amara Testchild") && queue.contains("LA services: early help"),
        "the step-up is on the MASH queue"
    );
    let (_, list) = app.get(&worker, "/early-help").await;
    assert!(!list.contains("Amara Testchild"), "no longer waiting");

    // The MASH refers the stepped-up child: within 3 months of the step-down, so flagged.
    let stepped = app.store.early_help_episodes_of(app.child).await.unwrap();
    let contact = format!(
        "/front-door/contacts/{}",
        stepped[0].step_up_contact_id.unwrap()
    );
    let propose = [
        ("action", "propose"),
        ("outcome", "referral"),
        ("threshold", "4"),
        (
            "rationale",
            "A disclosure of physical harm after a step-down: needs a social work assessment today.",
        ),
        ("consent", "given"),
    ];
    assert_eq!(
        app.post_form(&mash, &contact, &contact, &propose)
            .await
            .status(),
        303
    );
    let (_, page) = app.get(&manager, &contact).await;
    let decision = id_after(&page, "name=\"decision_id\" value=\"");
    assert_eq!(
        app.post_form(
            &manager,
            &contact,
            &contact,
            &[("action", "authorise"), ("decision_id", &decision)]
        )
        .await
        .status(),
        303
    );
    let (_, record) = app.get(&worker, &format!("/children/{}", app.child)).await;
    assert!(record.contains("Stepped down to early help on"), "{record}");
    assert!(record.contains("within 3 months"));

    // The dashboard counts it and lists the child behind it.
    let (_, dash) = app.get(&manager, "/front-door/dashboard").await;
    assert!(dash.contains("Stepped down and re-referred within 3 months"));
    assert!(dash.contains("Early help waiting list now"));
    let (status, listed) = app
        .get(
            &manager,
            "/front-door/dashboard/list?measure=stepped_down_re_referred",
        )
        .await;
    assert_eq!(status, 200);
    assert!(listed.contains("Amara Testchild"));
    app.finish().await;
}

#[tokio::test]
async fn a_child_is_referred_from_their_record_and_the_form_refuses_what_is_missing() {
    let app = spawn_app().await;
    let worker = app.sign_in("practitioner").await;
    let form = format!("/children/{}/early-help/new", app.child);
    let today = hearth_web::time::today();
    let (d, m, y) = (
        today.format("%-d").to_string(),
        today.format("%-m").to_string(),
        today.format("%Y").to_string(),
    );
    let with_date = |fields: &[(&'static str, &'static str)]| -> Vec<(String, String)> {
        let date = [
            ("referred_on-day", d.clone()),
            ("referred_on-month", m.clone()),
            ("referred_on-year", y.clone()),
        ];
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .chain(date.into_iter().map(|(k, v)| (k.to_string(), v)))
            .collect()
    };
    let post = |fields: Vec<(String, String)>| {
        let (app, worker, form) = (&app, &worker, &form);
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.post_form(worker, form, form, &refs).await
        }
    };
    let (status, page) = app.get(&worker, &form).await;
    assert_eq!(status, 200);
    assert!(page.contains("Refer to early help"));
    let before = app.store.event_count().await.unwrap();
    let res = post(with_date(&[("route", "partner_request"), ("reason", "")])).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Enter the partner agency that asked for early help"));
    assert!(page.contains("Enter why the child is referred to early help"));
    // No children-in-need episode to step down from.
    let res = post(with_date(&[
        ("route", "step_down_from_child_in_need"),
        ("reason", "Support with routines."),
    ]))
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("no children-in-need episode to step down from")
    );
    assert_eq!(app.store.event_count().await.unwrap(), before);
    let res = post(with_date(&[
        ("route", "partner_request"),
        ("requested_by", "Hearthton Primary School"),
        ("reason", "Support with routines and attendance."),
    ]))
    .await;
    assert_eq!(res.status(), 303);
    let (_, list) = app.get(&worker, "/early-help").await;
    assert!(list.contains("Request from a partner agency"));
    // Already open: a second referral is refused.
    let res = post(with_date(&[
        ("route", "partner_request"),
        ("requested_by", "GP"),
        ("reason", "Asked again by the GP."),
    ]))
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("already open to early help")
    );
    // Roles without early help work are refused the list.
    let (status, _) = app.get(&app.sign_in("iro").await, "/early-help").await;
    assert_eq!(status, 403);
    app.finish().await;
}

async fn get_json(app: &TestApp, c: &reqwest::Client, path: &str) -> (u16, Value) {
    let res = c
        .get(format!("{}/api/v1{path}", app.url))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn post_json(app: &TestApp, c: &reqwest::Client, path: &str, body: &Value) -> (u16, Value) {
    let (_, session) = get_json(app, c, "/session").await;
    let token = session["csrf_token"].as_str().unwrap().to_string();
    let res = c
        .post(format!("{}/api/v1{path}", app.url))
        .header("X-CSRF-Token", token)
        .json(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn fields(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_api_refers_keeps_in_touch_and_steps_up_on_postgres() {
    let app = spawn_app_on(Backend::POSTGRES, WebConfig::default()).await;
    let worker = app.sign_in("practitioner").await;
    let (status, list) = get_json(&app, &worker, "/early-help/waiting-list").await;
    assert_eq!(status, 200);
    assert_eq!(list["keeping_in_touch_every_working_days"], 10);
    assert_eq!(list["children"].as_array().unwrap().len(), 0);

    let today = hearth_web::time::today().format("%Y-%m-%d").to_string();
    let before = app.store.event_count().await.unwrap();
    let (status, body) = post_json(&app, &worker, "/early-help/referrals", &json!({"child_id": app.child, "route": "partner_request", "reason": "", "referred_on": today, "typo": 1})).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    let f = fields(&body);
    assert!(
        f.contains(&"requested_by".to_string())
            && f.contains(&"reason".to_string())
            && f.contains(&"typo".to_string()),
        "{f:?}"
    );
    assert_eq!(
        app.store.event_count().await.unwrap(),
        before,
        "nothing recorded"
    );

    let (status, body) = post_json(
        &app,
        &worker,
        "/early-help/referrals",
        &json!({"child_id": app.child, "route": "partner_request", "requested_by": "Hearthton Health Visiting", "reason": "Low mood after the birth; support with the baby's routines.", "referred_on": today}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let episode = body["episode_id"].as_str().unwrap().to_string();
    let (_, list) = get_json(&app, &worker, "/early-help/waiting-list").await;
    let child = &list["children"][0];
    assert_eq!(child["episode_id"], episode.as_str());
    assert_eq!(child["route"], "partner_request");
    assert_eq!(child["keeping_in_touch_overdue"], false);
    assert!(child["keeping_in_touch_due"].as_str().unwrap() > today.as_str());

    let (status, body) = post_json(
        &app,
        &worker,
        &format!("/early-help/episodes/{episode}/keeping-in-touch"),
        &json!({"contacted_on": today, "method": "carrier_pigeon", "note": ""}),
    )
    .await;
    assert_eq!(status, 422);
    let f = fields(&body);
    assert!(
        f.contains(&"method".to_string()) && f.contains(&"note".to_string()),
        "{f:?}"
    );
    let (status, body) = post_json(
        &app,
        &worker,
        &format!("/early-help/episodes/{episode}/keeping-in-touch"),
        &json!({"contacted_on": today, "method": "home_visit", "spoke_with": "Mother", "note": "Baby thriving; mother linked with the children's centre group."}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["kept_in_touch_count"], 1);
    assert_eq!(body["last_reached_on"], today.as_str());

    let (status, body) = post_json(
        &app,
        &worker,
        &format!("/early-help/episodes/{episode}/step-up"),
        &json!({"reason": "", "rag": "amber"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(fields(&body), vec!["reason".to_string()]);
    let (status, body) = post_json(&app, &worker, &format!("/early-help/episodes/{episode}/step-up"), &json!({"reason": "Mother disclosed that her partner hit her in front of the baby.", "rag": "red"})).await;
    assert_eq!(status, 201, "{body}");
    let contact: hearth_domain::ids::ContactId =
        body["contact_id"].as_str().unwrap().parse().unwrap();
    let state = app.store.contact_state(contact).await.unwrap().unwrap();
    assert_eq!(
        (state.status.as_str(), state.rag.as_deref()),
        ("open", Some("red"))
    );
    let (status, body) = post_json(
        &app,
        &worker,
        &format!("/early-help/episodes/{episode}/step-up"),
        &json!({"reason": "Again.", "rag": "red"}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("refused"))
    );

    let (status, _) = get_json(
        &app,
        &app.sign_in("qa_auditor").await,
        "/early-help/waiting-list",
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = post_json(
        &app,
        &worker,
        "/early-help/episodes/not-an-id/step-up",
        &json!({"reason": "x", "rag": "red"}),
    )
    .await;
    assert_eq!(status, 404);
    app.finish().await;
}
