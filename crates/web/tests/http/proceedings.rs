//! Pre-proceedings and care proceedings (F21): the forms on a child's
//! record, the managers' list of children in pre-proceedings, and the API.

use crate::api::get_json;
use crate::support::*;
use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc};
use hearth_domain::events::{EventPayload, NewEvent, PreProceedingsStarted};
use hearth_domain::ids::{PersonId, ProceedingsId};
use hearth_store::SYSTEM_USER;

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn days_ago(n: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(n)).unwrap()
}

/// The three fields of a GOV.UK date input.
fn date_fields(name: &str, d: NaiveDate) -> Vec<(String, String)> {
    vec![
        (format!("{name}-day"), d.day().to_string()),
        (format!("{name}-month"), d.month().to_string()),
        (format!("{name}-year"), d.year().to_string()),
    ]
}

fn as_refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Pre-proceedings started `weeks` weeks ago, recorded straight into the store.
async fn started_weeks_ago(app: &TestApp, child: PersonId, weeks: u64) -> ProceedingsId {
    let id = ProceedingsId::new();
    let on = days_ago(weeks * 7);
    app.store
        .append(
            SYSTEM_USER,
            vec![NewEvent::new(
                EventPayload::PreProceedingsStarted(PreProceedingsStarted {
                    pre_proceedings_id: id,
                    child_id: child,
                    legal_planning_meeting_on: on,
                    started_on: on,
                    concerns: "Neglect and missed health appointments".into(),
                }),
                Utc.from_utc_datetime(&on.and_hms_opt(12, 0, 0).unwrap()),
            )],
        )
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_social_worker_starts_reviews_and_cannot_end_late_pre_proceedings_without_a_reason() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let record = format!("/children/{}", app.child);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("Pre-proceedings and proceedings"), "the section is on the record");
    assert!(page.contains("Start pre-proceedings"));

    // An empty form: every problem in the error summary, nothing recorded.
    let form = format!("/children/{}/pre-proceedings/new", app.child);
    let before = app.store.event_count().await.unwrap();
    let res = app.post_form(&c, &form, &form, &[("concerns", " ")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"), "{page}");
    assert!(page.contains("Enter the date of the legal planning meeting"), "{page}");
    assert!(page.contains("Enter the date pre-proceedings started"), "{page}");
    assert!(page.contains("Enter what must change for the child"), "{page}");
    assert_eq!(app.store.event_count().await.unwrap(), before);

    // Starting before the legal planning meeting is refused next to the field.
    let mut fields = date_fields("legal_planning_meeting_on", days_ago(14));
    fields.extend(date_fields("started_on", days_ago(15)));
    fields.push(("concerns".into(), "Home conditions; school attendance below 70%".into()));
    let res = app.post_form(&c, &form, &form, &as_refs(&fields)).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("cannot start before the legal planning meeting"));

    let mut fields = date_fields("legal_planning_meeting_on", days_ago(21));
    fields.extend(date_fields("started_on", days_ago(14)));
    fields.push(("concerns".into(), "Home conditions; school attendance below 70%".into()));
    let res = app.post_form(&c, &form, &form, &as_refs(&fields)).await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains("Pre-proceedings: week 3"), "{page}");
    assert!(page.contains("2 weeks so far"), "{page}");
    assert!(page.contains("Home conditions; school attendance below 70%"));
    assert!(!page.contains("Start pre-proceedings"), "one open pre-proceedings at a time");
    let plo = app.store.pre_proceedings_of(app.child).await.unwrap()[0].pre_proceedings_id;

    // A review dated before the start is refused.
    let review = format!("/children/{}/pre-proceedings/{plo}/review", app.child);
    let mut fields = date_fields("reviewed_on", days_ago(20));
    fields.push(("progress".into(), "Attendance improving".into()));
    let res = app.post_form(&c, &review, &review, &as_refs(&fields)).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("The review cannot be before pre-proceedings started"));
    let mut fields = date_fields("reviewed_on", days_ago(1));
    fields.push(("progress".into(), "Attendance improving".into()));
    assert_eq!(app.post_form(&c, &review, &review, &as_refs(&fields)).await.status(), 303);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains(&format!("{} (1 in all)", days_ago(1).format("%-d %B %Y"))), "the last panel review is shown");

    // Issuing proceedings while the pre-proceedings are open is refused.
    let issue = format!("/children/{}/proceedings/new", app.child);
    let mut fields = date_fields("issued_on", today());
    fields.extend([("application".to_string(), "care_order".to_string()), ("court".to_string(), "Hearthton Family Court".to_string())]);
    fields.push(("pre_proceedings_id".into(), plo.to_string()));
    let res = app.post_form(&c, &issue, &issue, &as_refs(&fields)).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("End them first"));

    // Pre-proceedings past the limit (another child, 20 weeks in): ending
    // them without a reason is refused, with the reason's field named.
    let owner = second_child(&app).await;
    let old = started_weeks_ago(&app, owner, 20).await;
    let end = format!("/children/{owner}/pre-proceedings/{old}/end");
    let mut fields = date_fields("ended_on", today());
    fields.push(("outcome".into(), "proceedings_issued".into()));
    let res = app.post_form(&c, &end, &end, &as_refs(&fields)).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary") && page.contains("href=\"#late_reason\""), "{page}");
    assert!(page.contains("Enter why pre-proceedings took longer than 16 weeks"));
    fields.push(("late_reason".into(), "Parenting assessment delayed".into()));
    assert_eq!(app.post_form(&c, &end, &end, &as_refs(&fields)).await.status(), 303);

    // Then proceedings are issued, linked to them (offered by default), and concluded.
    let issue = format!("/children/{owner}/proceedings/new");
    let (_, page) = app.get(&c, &issue).await;
    assert!(page.contains(&format!("value=\"{old}\" selected")), "the ended pre-proceedings are offered as the link");
    let mut fields = date_fields("issued_on", today());
    fields.extend([("application".to_string(), "care_order".to_string()), ("court".to_string(), "Hearthton Family Court".to_string())]);
    fields.push(("pre_proceedings_id".into(), old.to_string()));
    assert_eq!(app.post_form(&c, &issue, &issue, &as_refs(&fields)).await.status(), 303);
    let (_, page) = app.get(&c, &format!("/children/{owner}")).await;
    assert!(page.contains("Care proceedings: care order") && page.contains("0 weeks of 26"), "{page}");
    let case = app.store.proceedings_of(owner).await.unwrap()[0].proceedings_id;
    let conclude = format!("/children/{owner}/proceedings/{case}/conclude");
    let res = app.post_form(&c, &conclude, &conclude, &[]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Enter the date the proceedings concluded") && page.contains("Choose the outcome of the proceedings"), "{page}");
    app.finish().await;
}

/// A second child of the practitioner's team.
async fn second_child(app: &TestApp) -> PersonId {
    let id = PersonId::new();
    let at = Utc::now();
    app.store
        .append(
            SYSTEM_USER,
            vec![
                NewEvent::new(
                    EventPayload::ChildRecorded(hearth_domain::events::ChildRecorded {
                        person_id: id,
                        name: hearth_domain::people::PersonName { given: "Leo".into(), family: "Secondchild".into(), other: None },
                        date_of_birth: NaiveDate::from_ymd_opt(2015, 2, 3),
                        expected_date_of_birth: None,
                        sex: hearth_domain::codes::Sex::Male,
                        ethnicity: None,
                        disabilities: vec![],
                        upn: None,
                        nhs_number: None,
                        address: None,
                        team_id: Some(app.team),
                    }),
                    at,
                ),
                NewEvent::new(
                    EventPayload::ChildAllocated(hearth_domain::events::ChildAllocated {
                        child_id: id,
                        team_id: app.team,
                        worker_id: Some(app.users["practitioner"]),
                        from: at.date_naive(),
                    }),
                    at,
                ),
            ],
        )
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn managers_see_every_child_in_pre_proceedings_with_those_past_the_limit_first() {
    let app = spawn_app().await;
    // Amara began 2 weeks ago; Zainab (another team) 20 weeks ago, past 16.
    started_weeks_ago(&app, app.child, 2).await;
    started_weeks_ago(&app, app.other_child, 20).await;

    let practitioner = app.sign_in("practitioner").await;
    let (status, _) = app.get(&practitioner, "/proceedings/pre-proceedings").await;
    assert_eq!(status, 403, "a social worker without a manager's role cannot see the service-wide list");
    let (status, _) = get_json(&app, &practitioner, "/pre-proceedings").await;
    assert_eq!(status, 403);
    let (_, record) = app.get(&practitioner, &format!("/children/{}", app.child)).await;
    assert!(!record.contains("/proceedings/pre-proceedings"), "the list is linked for managers only");

    let manager = app.sign_in("service_manager").await;
    let (_, record) = app.get(&manager, &format!("/children/{}", app.child)).await;
    assert!(record.contains("href=\"/proceedings/pre-proceedings\""), "the record section links to the list");
    let (status, page) = app.get(&manager, "/proceedings/pre-proceedings").await;
    assert_eq!(status, 200);
    let zainab = page.find("Zainab Testchild").expect("Zainab is listed");
    let amara = page.find("Amara Testchild").expect("Amara is listed");
    assert!(zainab < amara, "the child past the limit comes first");
    let tag = page.find("govuk-tag--red\">Past 16 weeks").expect("the child past the limit is tagged");
    assert!(zainab < tag && tag < amara, "the tag is on Zainab's row");
    assert_eq!(page.matches("Past 16 weeks").count(), 2, "the figure's label and one tag");
    assert!(page.contains(&format!("href=\"/children/{}#proceedings\"", app.other_child)), "each row links to the child");
    assert!(page.contains("20 weeks"));

    // The API: everyone, or only those past the limit.
    let (status, body) = get_json(&app, &manager, "/pre-proceedings").await;
    assert_eq!(status, 200);
    let names: Vec<&str> = body["children"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Zainab Testchild", "Amara Testchild"]);
    let (_, body) = get_json(&app, &manager, "/pre-proceedings?over_limit=true").await;
    let over = body["children"].as_array().unwrap();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0]["child_id"], app.other_child.to_string());
    assert_eq!(over[0]["weeks_elapsed"], 20);
    assert_eq!(over[0]["over_limit"], true);
    assert_eq!(body["limit"], "16 weeks");
    let (status, _) = get_json(&app, &manager, "/pre-proceedings?over_limit=maybe").await;
    assert_eq!(status, 400);
    app.finish().await;
}

#[tokio::test]
async fn a_childs_proceedings_over_the_api_and_who_may_record() {
    let app = spawn_app().await;
    let plo = started_weeks_ago(&app, app.child, 3).await;
    let c = app.sign_in("practitioner").await;
    let (status, body) = get_json(&app, &c, &format!("/children/{}/proceedings", app.child)).await;
    assert_eq!(status, 200);
    let first = &body["pre_proceedings"][0];
    assert_eq!(first["pre_proceedings_id"], plo.to_string());
    assert_eq!(first["weeks_elapsed"], 3);
    assert_eq!(first["over_limit"], false);
    assert_eq!(first["reviews"].as_array().unwrap().len(), 0);
    assert_eq!(first["next_review_due"], days_ago(21).checked_add_days(Days::new(56)).unwrap().to_string());
    assert!(body["proceedings"].as_array().unwrap().is_empty());
    // Another team's child needs break glass first.
    let (status, _) = get_json(&app, &c, &format!("/children/{}/proceedings", app.other_child)).await;
    assert_eq!(status, 403);

    // A MASH worker may add to a chronology but does not run PLO cases.
    let mash = app.sign_in("mash_worker").await;
    let (status, _) = app.get(&mash, &format!("/children/{}/pre-proceedings/{plo}/review", app.child)).await;
    assert_eq!(status, 403);

    // The API document describes both paths.
    let (_, doc) = get_json(&app, &c, "/openapi.json").await;
    assert!(doc["paths"]["/children/{id}/proceedings"]["get"].is_object());
    assert!(doc["paths"]["/pre-proceedings"]["get"].is_object());
    app.finish().await;
}
