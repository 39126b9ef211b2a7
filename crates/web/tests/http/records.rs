//! Keeping a child's record up to date: family members, addresses, and
//! changes and corrections of their details.

use crate::support::*;
use chrono::NaiveDate;

fn family_path(app: &TestApp) -> String {
    format!("/children/{}/family/new", app.child)
}

fn address_path(app: &TestApp) -> String {
    format!("/children/{}/addresses/new", app.child)
}

fn details_path(app: &TestApp) -> String {
    format!("/children/{}/details", app.child)
}

/// The details form as the seeded child's record fills it, with `why` and
/// any fields replaced.
fn details_form<'a>(why: &'a str, replace: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("why", why),
        ("given_name", "Amara"),
        ("other_names", ""),
        ("family_name", "Testchild"),
        ("date_of_birth-day", "4"),
        ("date_of_birth-month", "5"),
        ("date_of_birth-year", "2016"),
        ("expected_date_of_birth-day", ""),
        ("expected_date_of_birth-month", ""),
        ("expected_date_of_birth-year", ""),
        ("sex", "F"),
        ("ethnicity", ""),
        ("nhs_number", ""),
        ("upn", ""),
        ("reason", ""),
    ];
    for (name, value) in replace {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(f) => f.1 = value,
            None => fields.push((name, value)),
        }
    }
    fields
}

#[tokio::test]
async fn a_new_mother_is_added_and_shown_on_the_record() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let record = format!("/children/{}", app.child);
    let (_, page) = app.get(&c, &record).await;
    assert!(page.contains(&format!("href=\"{}\"", family_path(&app))), "the record links to the form");
    let (status, page) = app.get(&c, &family_path(&app)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Add a family member"));
    assert!(app.store.access_log_for(app.child, 10).await.unwrap().iter().any(|l| l.entry.screen == "family_form"), "opening the form is logged");

    let before = app.store.event_count().await.unwrap();
    let res = app
        .post_form(
            &c,
            &family_path(&app),
            &family_path(&app),
            &[
                ("kind", "mother"),
                ("who", "new"),
                ("given_name", "Grace"),
                ("family_name", "Testparent"),
                ("date_of_birth-day", "12"),
                ("date_of_birth-month", "8"),
                ("date_of_birth-year", "1990"),
                ("sex", "F"),
                ("household", "lives_with"),
                ("household", "parental_responsibility"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let location = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    assert_eq!(location, format!("/children/{}?family_added=1#family", app.child));
    assert_eq!(app.store.event_count().await.unwrap(), before + 2, "the new person and the relationship");

    let (_, page) = app.get(&c, &location).await;
    assert!(page.contains("Family member added."));
    assert!(page.contains("Grace Testparent"));
    assert!(page.contains("Mother. Lives with the child. Parental responsibility"), "{page}");
    let rels = app.store.relationships(app.child).await.unwrap();
    assert_eq!(rels.len(), 1);
    assert_eq!(rels[0].kind, "mother");
    assert!(!rels[0].inverse && rels[0].lives_with && rels[0].parental_responsibility && !rels[0].related_is_child);
    app.finish().await;
}

#[tokio::test]
async fn another_child_is_linked_as_a_sibling_on_both_records() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let sibling_ref = app.store.child_record(app.other_child).await.unwrap().unwrap().item.hearth_ref;
    let before = app.store.event_count().await.unwrap();
    let res = app
        .post_form(&c, &family_path(&app), &family_path(&app), &[("kind", "sibling"), ("who", "child"), ("hearth_ref", &sibling_ref.to_lowercase()), ("household", "lives_with")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.event_count().await.unwrap(), before + 1, "only the relationship: the sibling is already known");

    let rels = app.store.relationships(app.child).await.unwrap();
    assert_eq!(rels.len(), 1);
    assert_eq!((rels[0].related_id, rels[0].kind.as_str(), rels[0].related_is_child), (app.other_child, "sibling", true));
    let back = app.store.relationships(app.other_child).await.unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!((back[0].related_id, back[0].kind.as_str()), (app.child, "sibling"));

    let (_, page) = app.get(&c, &format!("/children/{}?family_added=1", app.child)).await;
    assert!(page.contains(&format!("<a class=\"govuk-link\" href=\"/children/{}\">Zainab Testchild</a>", app.other_child)), "{page}");
    assert!(page.contains("Sibling. Lives with the child"));
    app.finish().await;
}

#[tokio::test]
async fn a_family_member_form_with_mistakes_is_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let own_ref = app.store.child_record(app.child).await.unwrap().unwrap().item.hearth_ref;
    // The fields sent, the message expected, and the field it links to.
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (vec![("who", "new"), ("given_name", "Grace"), ("family_name", "Testparent")], "Select who they are to the child", "#kind"),
        (vec![("kind", "father"), ("given_name", "Grace")], "Select whether they are new to Hearth or a child already in Hearth", "#who"),
        (vec![("kind", "father"), ("who", "new"), ("given_name", ""), ("family_name", "")], "Enter the person&#39;s first name", "#given_name"),
        (vec![("kind", "sibling"), ("who", "child"), ("hearth_ref", "H9999999")], "No child in Hearth has the Hearth ID H9999999", "#hearth_ref"),
        (vec![("kind", "sibling"), ("who", "child"), ("hearth_ref", own_ref.as_str())], "is this child&#39;s own Hearth ID", "#hearth_ref"),
        (vec![("kind", "sibling"), ("who", "child"), ("hearth_ref", "")], "Enter the other child&#39;s Hearth ID", "#hearth_ref"),
    ];
    for (fields, message, link) in cases {
        let before = app.store.event_count().await.unwrap();
        let res = app.post_form(&c, &family_path(&app), &family_path(&app), &fields).await;
        assert_eq!(res.status(), 422, "{message}");
        let page = res.text().await.unwrap();
        assert!(page.contains("govuk-error-summary"), "{message}");
        assert!(page.contains(message), "expected {message:?} in {page}");
        assert!(page.contains(&format!("href=\"{link}\"")), "the summary links to the field: {link}");
        assert_eq!(app.store.event_count().await.unwrap(), before, "nothing written for {message:?}");
    }
    // What was typed is kept.
    let res = app.post_form(&c, &family_path(&app), &family_path(&app), &[("who", "new"), ("given_name", "Grace"), ("family_name", "Testparent")]).await;
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"Grace\"") && page.contains("value=\"Testparent\""));
    assert!(page.contains("value=\"new\" checked"));
    assert!(app.store.relationships(app.child).await.unwrap().is_empty());
    app.finish().await;
}

#[tokio::test]
async fn a_new_address_with_a_later_date_becomes_current_and_the_old_one_stays_in_the_history() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let (_, page) = app.get(&c, &format!("/children/{}", app.child)).await;
    assert!(page.contains(&format!("href=\"{}\"", address_path(&app))));
    let address = |line1: &'static str, postcode: &'static str, day: &'static str, month: &'static str, year: &'static str| {
        vec![
            ("address_line1", line1),
            ("address_line2", ""),
            ("address_town", "Testtown"),
            ("address_postcode", postcode),
            ("from-day", day),
            ("from-month", month),
            ("from-year", year),
        ]
    };
    let res = app.post_form(&c, &address_path(&app), &address_path(&app), &address("1 Old Street", "tt1 1aa", "1", "3", "2024")).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers().get("location").unwrap(), &format!("/children/{}?address_added=1#addresses", app.child));
    let res = app.post_form(&c, &address_path(&app), &address_path(&app), &address("2 New Road", "TT2 2BB", "1", "6", "2025")).await;
    assert_eq!(res.status(), 303);

    let record = app.store.child_record(app.child).await.unwrap().unwrap();
    assert_eq!(record.address.as_deref(), Some("2 New Road, Testtown, TT2 2BB"));
    assert_eq!(record.addresses.len(), 2);
    assert_eq!(record.addresses[1].address, "1 Old Street, Testtown, TT1 1AA");
    assert_eq!(record.addresses[1].from, NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
    let (_, page) = app.get(&c, &format!("/children/{}?address_added=1", app.child)).await;
    assert!(page.contains("Address recorded."));
    assert!(page.contains("1 Old Street, Testtown, TT1 1AA") && page.contains("From 1 June 2025"));

    // An address backdated before the current one joins the history only.
    let res = app.post_form(&c, &address_path(&app), &address_path(&app), &address("3 Earlier Lane", "TT3 3CC", "1", "1", "2020")).await;
    assert_eq!(res.status(), 303);
    let record = app.store.child_record(app.child).await.unwrap().unwrap();
    assert_eq!(record.address.as_deref(), Some("2 New Road, Testtown, TT2 2BB"));
    assert_eq!(record.addresses.len(), 3);

    // Refusals write nothing.
    let before = app.store.event_count().await.unwrap();
    for (fields, message) in [
        (address("4 Future Way", "TT4 4DD", "1", "1", "2099"), "The date the child started living here must be today or in the past"),
        (address("4 Future Way", "TT4 4DD", "", "", ""), "Enter the date the child started living here"),
        (address("", "not a postcode", "1", "1", "2025"), "Enter a full UK postcode, like AA1 1AA"),
    ] {
        let res = app.post_form(&c, &address_path(&app), &address_path(&app), &fields).await;
        assert_eq!(res.status(), 422, "{message}");
        let page = res.text().await.unwrap();
        assert!(page.contains(message), "expected {message:?}");
        assert!(page.contains("govuk-error-summary"));
    }
    assert_eq!(app.store.event_count().await.unwrap(), before);
    app.finish().await;
}

#[tokio::test]
async fn a_change_of_name_updates_the_record_and_the_chronology() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let (_, page) = app.get(&c, &format!("/children/{}", app.child)).await;
    assert!(page.contains(&format!("href=\"{}\"", details_path(&app))));
    let (status, page) = app.get(&c, &details_path(&app)).await;
    assert_eq!(status, 200);
    assert!(page.contains("value=\"Amara\"") && page.contains("value=\"Testchild\"") && page.contains("value=\"2016\""), "the form starts from the record");

    let before = app.store.event_count().await.unwrap();
    let res = app.post_form(&c, &details_path(&app), &details_path(&app), &details_form("change", &[])).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Change at least one detail"));
    let res = app.post_form(&c, &details_path(&app), &details_path(&app), &details_form("", &[("given_name", "Amira")])).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Select why the details are changing"));
    assert_eq!(app.store.event_count().await.unwrap(), before);

    let res = app.post_form(&c, &details_path(&app), &details_path(&app), &details_form("change", &[("given_name", "Amira"), ("other_names", "Joy")])).await;
    assert_eq!(res.status(), 303);
    let location = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    assert_eq!(app.store.event_count().await.unwrap(), before + 1);
    let record = app.store.child_record(app.child).await.unwrap().unwrap();
    assert_eq!(record.item.given_name, "Amira");
    assert_eq!(record.other_names.as_deref(), Some("Joy"));
    assert_eq!(record.item.date_of_birth, NaiveDate::from_ymd_opt(2016, 5, 4), "what was not changed stays");
    let (_, page) = app.get(&c, &location).await;
    assert!(page.contains("Details changed."));
    assert!(page.contains("Details changed: name"), "the chronology shows the change");
    assert!(page.contains("Amira Testchild"));
    app.finish().await;
}

#[tokio::test]
async fn a_correction_of_the_date_of_birth_needs_a_reason_and_keeps_the_original() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let corrected_dob = [("date_of_birth-day", "5"), ("date_of_birth-month", "4")];
    let before = app.store.event_count().await.unwrap();
    let res = app.post_form(&c, &details_path(&app), &details_path(&app), &details_form("correction", &corrected_dob)).await;
    assert_eq!(res.status(), 422, "a correction needs a reason");
    let page = res.text().await.unwrap();
    assert!(page.contains("Enter the reason for the correction"));
    assert!(page.contains("href=\"#reason\""));
    assert!(page.contains("value=\"5\""), "what was typed is kept");
    assert_eq!(app.store.event_count().await.unwrap(), before);

    let reason = "The birth certificate shows 5 April 2016";
    let fields = details_form("correction", &[corrected_dob[0], corrected_dob[1], ("reason", reason)]);
    let res = app.post_form(&c, &details_path(&app), &details_path(&app), &fields).await;
    assert_eq!(res.status(), 303);
    let location = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    assert_eq!(app.store.event_count().await.unwrap(), before + 1);
    let record = app.store.child_record(app.child).await.unwrap().unwrap();
    assert_eq!(record.item.date_of_birth, NaiveDate::from_ymd_opt(2016, 4, 5));
    assert_eq!(record.item.given_name, "Amara");

    let (_, page) = app.get(&c, &location).await;
    assert!(page.contains("Correction recorded. The original is kept in the chronology, marked as corrected."));
    assert!(page.contains("Corrected later"), "the original entry is kept and marked");
    assert!(page.contains("Child recorded: Amara Testchild"));
    assert!(page.contains(reason));
    assert!(page.contains("5 April 2016"));
    let original = app.store.recording_event(app.child).await.unwrap().unwrap();
    let correction = app.store.latest_correction_of(original.event_id).await.unwrap().unwrap();
    match correction.payload {
        hearth_domain::events::EventPayload::Correction(c) => match *c.replacement {
            hearth_domain::events::EventPayload::ChildRecorded(r) => {
                assert_eq!(r.date_of_birth, NaiveDate::from_ymd_opt(2016, 4, 5));
                assert_eq!((r.person_id, r.team_id), (app.child, Some(app.team)), "person and team are kept");
            }
            other => panic!("replacement should be a ChildRecorded, not {other:?}"),
        },
        other => panic!("expected a correction, got {other:?}"),
    }
    app.finish().await;
}

#[tokio::test]
async fn a_child_outside_the_team_gets_the_break_glass_page_on_every_form() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let before = app.store.event_count().await.unwrap();
    for path in ["family/new", "addresses/new", "details"] {
        let path = format!("/children/{}/{path}", app.other_child);
        let (status, page) = app.get(&c, &path).await;
        assert_eq!(status, 403, "{path}");
        assert!(page.contains("This record is outside your team"), "{path}");
        assert!(!page.contains("Zainab"), "no details before a reason is given: {path}");
        let res = app.post_form(&c, "/", &path, &[("kind", "mother"), ("who", "new"), ("given_name", "Grace"), ("family_name", "Testparent")]).await;
        assert_eq!(res.status(), 403, "{path}");
    }
    assert_eq!(app.store.event_count().await.unwrap(), before);
    assert!(app.store.access_log_for(app.other_child, 10).await.unwrap().is_empty());
    app.finish().await;
}
