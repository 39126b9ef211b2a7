//! The front door over HTTP: intake, the MASH queue, checks, the decision
//! and a manager's authorisation.

use crate::support::*;

async fn hearth_ref(app: &TestApp) -> String {
    app.store.child_record(app.child).await.unwrap().unwrap().item.hearth_ref
}

/// Records a contact about the test child on a date; returns its page's path.
async fn record_contact(app: &TestApp, c: &reqwest::Client, day: &str, rag: &str) -> String {
    let r = hearth_ref(app).await;
    let res = app
        .post_form(
            c,
            "/front-door/contacts/new",
            "/front-door/contacts/new",
            &[
                ("children", &r),
                ("received-day", day),
                ("received-month", "11"),
                ("received-year", "2025"),
                ("received_time", "09:30"),
                ("source", "6"),
                ("referrer_organisation", "Hearthshire Police"),
                ("concern", "Police attended a domestic incident; the child was in the house."),
                ("rag", rag),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap_or_default());
    res.headers().get("location").unwrap().to_str().unwrap().split('?').next().unwrap().to_string()
}

#[tokio::test]
async fn a_red_contact_goes_from_intake_to_an_authorised_referral() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let path = record_contact(&app, &mash, "3", "red").await;

    let (status, queue) = app.get(&mash, "/front-door").await;
    assert_eq!(status, 200);
    assert!(queue.contains("Amara Testchild"));
    assert!(queue.contains("govuk-tag--red"));

    let res = app
        .post_form(&mash, &path, &path, &[("action", "request_check"), ("agency", "police"), ("question", "Call-outs to the address?"), ("due", "4h")])
        .await;
    assert_eq!(res.status(), 303);

    // No consent status: refused, nothing written.
    let before = app.store.event_count().await.unwrap();
    let decision = [
        ("action", "propose"),
        ("outcome", "referral"),
        ("threshold", "3"),
        ("rationale", "Second police call-out in a month with the child present; needs assessment."),
    ];
    let res = app.post_form(&mash, &path, &path, &decision).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Record the consent status: a decision cannot be saved without it"));
    // Dispensed with, but no reason or manager: refused.
    let mut dispensed = decision.to_vec();
    dispensed.push(("consent", "dispensed_with"));
    let res = app.post_form(&mash, &path, &path, &dispensed).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Explain why seeking consent would put the child at risk"));
    assert!(page.contains("Select the manager who agreed"));
    assert_eq!(app.store.event_count().await.unwrap(), before);

    let mut given = decision.to_vec();
    given.push(("consent", "given"));
    assert_eq!(app.post_form(&mash, &path, &path, &given).await.status(), 303);

    // The manager cannot close it while the police check is open.
    let manager = app.sign_in("team_manager").await;
    let (_, page) = app.get(&manager, &path).await;
    let marker = "name=\"decision_id\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let decision_id = page[start..start + 36].to_string();
    let res = app.post_form(&manager, &path, &path, &[("action", "authorise"), ("decision_id", &decision_id)]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("cannot be closed while the police check is neither completed"));

    let (_, page) = app.get(&mash, &path).await;
    let marker = "name=\"check_id\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let check_id = page[start..start + 36].to_string();
    let note = format!("check_note_{check_id}");
    let res = app.post_form(&mash, &path, &path, &[("action", "check_not_completed"), ("check_id", &check_id), (&note, "")]).await;
    assert_eq!(res.status(), 422, "a check needs a reason");
    let res = app
        .post_form(&mash, &path, &path, &[("action", "check_not_completed"), ("check_id", &check_id), (&note, "No reply in 4 hours; risk is clear.")])
        .await;
    assert_eq!(res.status(), 303);

    let res = app.post_form(&manager, &path, &path, &[("action", "authorise"), ("decision_id", &decision_id)]).await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.get(&manager, &format!("{path}?done=authorised")).await;
    assert!(page.contains("Decision authorised. The contact is closed."));
    let (_, queue) = app.get(&mash, "/front-door").await;
    assert!(!queue.contains("Amara Testchild"), "a closed contact leaves the queue");
    let (_, record) = app.get(&app.sign_in("practitioner").await, &format!("/children/{}", app.child)).await;
    assert!(record.contains("Contact decision: Referral to children&#39;s social care for assessment"));
    assert!(record.contains("Open referral since"), "the referral opened a children-in-need episode");
    assert!(record.contains("Referral to children&#39;s social care from Police"));

    // A second referral decision while the episode is open joins the open
    // case: authorised, with no second episode.
    let second = record_contact(&app, &mash, "20", "amber").await;
    let mut again = decision.to_vec();
    again.push(("consent", "given"));
    assert_eq!(app.post_form(&mash, &second, &second, &again).await.status(), 303);
    let (_, page) = app.get(&manager, &second).await;
    let start = page.find("name=\"decision_id\" value=\"").unwrap() + "name=\"decision_id\" value=\"".len();
    let second_decision = page[start..start + 36].to_string();
    let res = app.post_form(&manager, &second, &second, &[("action", "authorise"), ("decision_id", &second_decision)]).await;
    assert_eq!(res.status(), 303);
    let referrals = app.store.referrals_of(app.child).await.unwrap();
    assert_eq!(referrals.len(), 1, "still one episode: the contact was added to the open case");
    assert!(referrals[0].closed_on.is_none());
    app.finish().await;
}

#[tokio::test]
async fn contact_closed_and_reopened_days_later_keeps_the_first_clock() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let manager = app.sign_in("team_manager").await;
    let first = record_contact(&app, &mash, "3", "amber").await;
    let propose = [
        ("action", "propose"),
        ("outcome", "nfa"),
        ("threshold", "1"),
        ("rationale", "Single incident, no injuries, parents engaging with police advice."),
        ("consent", "not_required"),
    ];
    assert_eq!(app.post_form(&mash, &first, &first, &propose).await.status(), 303);
    let (_, page) = app.get(&manager, &first).await;
    let marker = "name=\"decision_id\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let decision_id = page[start..start + 36].to_string();
    assert_eq!(app.post_form(&manager, &first, &first, &[("action", "authorise"), ("decision_id", &decision_id)]).await.status(), 303);

    let second = record_contact(&app, &mash, "7", "green").await;
    let (_, page) = app.get(&mash, &second).await;
    assert!(page.contains("This contact continues one received 3 November 2025 at 9:30am"), "{page}");
    let (_, queue) = app.get(&mash, "/front-door").await;
    assert!(queue.contains("Continues an earlier contact"));
    app.finish().await;
}

#[tokio::test]
async fn only_front_door_roles_see_the_queue_and_bad_intake_is_explained() {
    let app = spawn_app().await;
    let practitioner = app.sign_in("practitioner").await;
    assert_eq!(app.get(&practitioner, "/front-door").await.0, 403);
    let mash = app.sign_in("mash_worker").await;
    let before = app.store.event_count().await.unwrap();
    let res = app
        .post_form(&mash, "/front-door/contacts/new", "/front-door/contacts/new", &[("children", "H9999999, nonsense"), ("received_time", "25:00")])
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("No child has the Hearth ID H9999999"));
    assert!(page.contains("nonsense is not a Hearth ID"));
    assert!(page.contains("Enter the time it was received"));
    assert!(page.contains("Choose who made the contact"));
    assert!(page.contains("Choose how urgent the contact is"));
    assert_eq!(app.store.event_count().await.unwrap(), before);
    app.finish().await;
}

#[tokio::test]
async fn unborn_and_under_one_children_are_flagged_on_the_queue() {
    use hearth_domain::codes::{ReferralSource, Sex};
    use hearth_domain::events::*;
    use hearth_domain::ids::{ContactId, PersonId};
    use hearth_domain::people::PersonName;
    let app = spawn_app().await;
    let unborn = PersonId::new();
    let now = chrono::Utc::now();
    app.store
        .append(
            app.users["mash_worker"],
            vec![
                NewEvent::new(
                    EventPayload::ChildRecorded(ChildRecorded {
                        person_id: unborn,
                        name: PersonName { given: "Baby".into(), family: "Expected".into(), other: None },
                        date_of_birth: None,
                        expected_date_of_birth: Some((now + chrono::Duration::days(60)).date_naive()),
                        sex: Sex::Unknown,
                        ethnicity: None,
                        disabilities: vec![],
                        upn: None,
                        nhs_number: None,
                        address: None,
                        team_id: Some(app.team),
                    }),
                    now,
                ),
                NewEvent::new(
                    EventPayload::ContactReceived(ContactReceived {
                        contact_id: ContactId::new(),
                        children: vec![unborn],
                        received_at: now,
                        source: ReferralSource::HealthVisitor,
                        concern: "Midwife worried about drug use in pregnancy.".into(),
                        referrer_name: None,
                        referrer_organisation: None,
                        chain_start: None,
                    }),
                    now,
                ),
            ],
        )
        .await
        .unwrap();
    let mash = app.sign_in("mash_worker").await;
    record_contact(&app, &mash, "3", "green").await;
    let (_, queue) = app.get(&mash, "/front-door").await;
    assert!(queue.contains("Baby Expected"));
    assert!(queue.contains("Unborn or under 1"));
    assert!(queue.contains("1 open contacts are about an unborn child"));
    let (_, young) = app.get(&mash, "/front-door?young=1").await;
    assert!(young.contains("Baby Expected"));
    assert!(!young.contains("Amara Testchild"), "the filter keeps only the youngest");
    app.finish().await;
}

#[tokio::test]
async fn out_of_hours_work_reaches_the_mash_and_is_taken_on() {
    let app = spawn_app().await;
    let duty = app.sign_in("practitioner").await;
    let before = app.store.event_count().await.unwrap();
    let res = app
        .post_form(&duty, "/front-door/out-of-hours/new", "/front-door/out-of-hours/new", &[("children", "H9999999"), ("summary", "")])
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("No child has the Hearth ID H9999999"));
    assert!(page.contains("Enter the date it happened"));
    assert!(page.contains("Enter what happened"));
    assert_eq!(app.store.event_count().await.unwrap(), before);

    let r = hearth_ref(&app).await;
    let res = app
        .post_form(
            &duty,
            "/front-door/out-of-hours/new",
            "/front-door/out-of-hours/new",
            &[
                ("children", &r),
                ("happened-day", "22"),
                ("happened-month", "11"),
                ("happened-year", "2025"),
                ("happened_time", "02:15"),
                ("summary", "Police called the out-of-hours team after a fight at the home."),
                ("action_taken", "Safety plan agreed by phone with mother; child stayed home."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    let mash = app.sign_in("mash_worker").await;
    let (_, queue) = app.get(&mash, "/front-door").await;
    assert!(queue.contains("Police called the out-of-hours team after a fight at the home."));
    assert!(queue.contains("Overdue"), "a record from last year is long past the next working morning");
    let marker = "action=\"/front-door/out-of-hours/";
    let start = queue.find(marker).unwrap() + marker.len();
    let id = &queue[start..start + 36];
    let path = format!("/front-door/out-of-hours/{id}/acknowledge");
    assert_eq!(app.post_form(&mash, "/front-door", &path, &[]).await.status(), 303);
    let (_, queue) = app.get(&mash, "/front-door").await;
    assert!(queue.contains("Nothing from the out-of-hours service is waiting"));
    assert_eq!(app.post_form(&mash, "/front-door", &path, &[]).await.status(), 409, "taken on once");
    let (_, record) = app.get(&duty, &format!("/children/{}", app.child)).await;
    assert!(record.contains("Out-of-hours record taken on by the MASH"));
    app.finish().await;
}

#[tokio::test]
async fn a_threshold_disagreement_is_recorded_and_its_resolution_timed() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let path = record_contact(&app, &mash, "3", "amber").await;
    let before = app.store.event_count().await.unwrap();
    let res = app.post_form(&mash, &path, &path, &[("action", "raise_escalation"), ("disagreement", "")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Choose the team whose decision you disagree with"));
    let other = app.other_team.to_string();
    let res = app.post_form(&mash, &path, &path, &[("action", "raise_escalation"), ("with_team", &other), ("disagreement", "")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Enter what the disagreement is"));
    assert_eq!(app.store.event_count().await.unwrap(), before);

    let res = app
        .post_form(&mash, &path, &path, &[("action", "raise_escalation"), ("with_team", &other), ("disagreement", "We think this is level 3, not level 2.")])
        .await;
    assert_eq!(res.status(), 303);
    let (status, list) = app.get(&mash, "/front-door/escalations").await;
    assert_eq!(status, 200);
    assert!(list.contains("CIN/CP Team 1 disagrees with Children in Care Team"));
    assert!(list.contains("1 open"));

    let manager = app.sign_in("team_manager").await;
    let (_, page) = app.get(&manager, &path).await;
    let marker = "name=\"escalation_id\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let id = page[start..start + 36].to_string();
    let res = app
        .post_form(&manager, &path, &path, &[("action", "resolve_escalation"), ("escalation_id", &id), ("escalation_outcome", "decision_changed"), ("resolution", "Agreed level 3 at the threshold meeting.")])
        .await;
    assert_eq!(res.status(), 303);
    let (_, list) = app.get(&mash, "/front-door/escalations").await;
    assert!(list.contains("0 open"));
    assert!(list.contains("The decision was changed after 0 hours"));
    app.finish().await;
}
