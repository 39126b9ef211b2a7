//! Migration round trip (issue 5, item 7): a CIN census written as XML,
//! read back, imported into an empty Hearth, and the same year's census
//! made again from the record gives the same children, episode for
//! episode, once the previous system's ids are mapped to Hearth's. A file
//! with a bad child is refused whole, or imported without that child when
//! asked. On SQLite and PostgreSQL.

#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, Utc};
use hearth_returns::cin::model::{
    Assessment, Child, ChildCharacteristics, ChildIdentifiers, ChildProtectionPlan, CinCensus, CinDetails, CinPlanDates, Header, Section47,
};
use hearth_returns::cin::{build, xml};
use hearth_returns::import::{self, ImportPlan};
use hearth_returns::period::CollectionYear;
use hearth_returns::source;
use hearth_store::{SYSTEM_USER, Store};
use std::collections::BTreeMap;

mod support;

use support::{TestStore, postgres, sqlite};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// A valid UPN: the DfE check letter before twelve characters.
fn upn(last_twelve: &str) -> String {
    let letter = hearth_domain::people::upn_check_letter(last_twelve.as_bytes()).unwrap();
    format!("{}{last_twelve}", letter as char)
}

/// A child protected in 2025-26: referral, authorised assessment, section
/// 47 with its conference, a plan reviewed twice (ending at the second
/// review), a child in need plan from that day, and the episode closed.
fn protected_child() -> Child {
    Child {
        identifiers: ChildIdentifiers {
            la_child_id: s("MOS-100"),
            upn_unknown: s("UN5"),
            person_birth_date: Some(d(2015, 6, 1)),
            sex: s("F"),
            ..Default::default()
        },
        characteristics: ChildCharacteristics { ethnicity: s("WBRI"), disabilities: vec!["NONE".into()] },
        cin_details: vec![CinDetails {
            cin_referral_date: Some(d(2025, 5, 6)),
            referral_source: s("3A"),
            primary_need_code: s("N1"),
            cin_closure_date: Some(d(2026, 2, 2)),
            reason_for_closure: s("RC7"),
            date_of_initial_cpc: None,
            assessments: vec![Assessment {
                actual_start_date: Some(d(2025, 5, 7)),
                internal_review_date: None,
                authorisation_date: Some(d(2025, 6, 2)),
                factors: vec!["3B".into(), "4B".into()],
            }],
            cin_plan_dates: vec![CinPlanDates { start_date: Some(d(2025, 12, 1)), end_date: Some(d(2026, 2, 2)) }],
            section47: vec![Section47 {
                actual_start_date: Some(d(2025, 6, 4)),
                // 15 working days from the discussion on Tuesday 3 June.
                initial_cpc_target: Some(d(2025, 6, 24)),
                date_of_initial_cpc: Some(d(2025, 6, 20)),
                icpc_not_required: s("false"),
            }],
            referral_nfa: s("false"),
            child_protection_plans: vec![ChildProtectionPlan {
                start_date: Some(d(2025, 6, 20)),
                end_date: Some(d(2025, 12, 1)),
                initial_category_of_abuse: s("NEG"),
                latest_category_of_abuse: s("EMO"),
                number_of_previous_cpp: s("0"),
                review_dates: vec![Some(d(2025, 9, 18)), Some(d(2025, 12, 1))],
            }],
        }],
    }
}

/// Still open on 31 March: an assessment in progress and a child in need
/// plan, with a UPN, an ethnicity and disabilities.
fn open_child() -> Child {
    Child {
        identifiers: ChildIdentifiers {
            la_child_id: s("MOS-200"),
            upn: Some(upn("201000000017")),
            person_birth_date: Some(d(2012, 2, 29)),
            sex: s("M"),
            ..Default::default()
        },
        characteristics: ChildCharacteristics { ethnicity: s("MWBA"), disabilities: vec!["HEAR".into(), "LD".into()] },
        cin_details: vec![CinDetails {
            cin_referral_date: Some(d(2025, 9, 15)),
            referral_source: s("2A"),
            primary_need_code: s("N3"),
            assessments: vec![
                Assessment {
                    actual_start_date: Some(d(2025, 9, 16)),
                    authorisation_date: Some(d(2025, 12, 19)),
                    factors: vec!["21".into()],
                    ..Default::default()
                },
                Assessment { actual_start_date: Some(d(2026, 3, 2)), ..Default::default() },
            ],
            cin_plan_dates: vec![CinPlanDates { start_date: Some(d(2026, 1, 5)), end_date: None }],
            referral_nfa: s("false"),
            ..Default::default()
        }],
    }
}

/// Not yet born on 31 March, referred before birth.
fn unborn_child() -> Child {
    Child {
        identifiers: ChildIdentifiers {
            la_child_id: s("MOS-300"),
            expected_person_birth_date: Some(d(2026, 5, 20)),
            sex: s("U"),
            ..Default::default()
        },
        characteristics: ChildCharacteristics { ethnicity: s("NOBT"), disabilities: vec!["NONE".into()] },
        cin_details: vec![CinDetails {
            cin_referral_date: Some(d(2026, 1, 12)),
            referral_source: s("3B"),
            assessments: vec![Assessment { actual_start_date: Some(d(2026, 1, 13)), ..Default::default() }],
            referral_nfa: s("false"),
            ..Default::default()
        }],
    }
}

/// Two episodes: one closed with no further action, then one whose
/// enquiry found no conference was needed.
fn twice_referred_child() -> Child {
    Child {
        identifiers: ChildIdentifiers {
            la_child_id: s("MOS-400"),
            person_birth_date: Some(d(2023, 8, 14)),
            sex: s("F"),
            ..Default::default()
        },
        characteristics: ChildCharacteristics { ethnicity: s("AIND"), disabilities: vec!["NONE".into()] },
        cin_details: vec![
            CinDetails {
                cin_referral_date: Some(d(2025, 4, 10)),
                referral_source: s("6"),
                primary_need_code: s("N9"),
                cin_closure_date: Some(d(2025, 4, 22)),
                reason_for_closure: s("RC8"),
                referral_nfa: s("true"),
                ..Default::default()
            },
            CinDetails {
                cin_referral_date: Some(d(2025, 10, 1)),
                referral_source: s("1A"),
                primary_need_code: s("N1"),
                assessments: vec![Assessment {
                    actual_start_date: Some(d(2025, 10, 1)),
                    authorisation_date: Some(d(2025, 10, 30)),
                    factors: vec!["2B".into(), "3C".into()],
                    ..Default::default()
                }],
                section47: vec![Section47 {
                    actual_start_date: Some(d(2025, 10, 6)),
                    // 15 working days from Monday 6 October.
                    initial_cpc_target: Some(d(2025, 10, 27)),
                    date_of_initial_cpc: None,
                    icpc_not_required: s("true"),
                }],
                referral_nfa: s("false"),
                ..Default::default()
            },
        ],
    }
}

/// Referred on a Saturday and the enquiry begun that day: its conference
/// target is the same as for an enquiry begun the Friday before, but the
/// strategy discussion cannot be dated before the referral. The conference
/// decided on a child in need plan.
fn weekend_enquiry_child() -> Child {
    Child {
        identifiers: ChildIdentifiers {
            la_child_id: s("MOS-500"),
            person_birth_date: Some(d(2022, 10, 13)),
            sex: s("M"),
            ..Default::default()
        },
        characteristics: ChildCharacteristics { ethnicity: s("APKN"), disabilities: vec!["NONE".into()] },
        cin_details: vec![CinDetails {
            cin_referral_date: Some(d(2025, 10, 18)),
            referral_source: s("6"),
            primary_need_code: s("N1"),
            assessments: vec![Assessment {
                actual_start_date: Some(d(2025, 10, 20)),
                authorisation_date: Some(d(2025, 12, 12)),
                factors: vec!["18C".into()],
                ..Default::default()
            }],
            cin_plan_dates: vec![CinPlanDates { start_date: Some(d(2025, 11, 4)), end_date: None }],
            section47: vec![Section47 {
                actual_start_date: Some(d(2025, 10, 18)),
                initial_cpc_target: Some(d(2025, 11, 7)),
                date_of_initial_cpc: Some(d(2025, 10, 30)),
                icpc_not_required: s("false"),
            }],
            referral_nfa: s("false"),
            ..Default::default()
        }],
    }
}

fn census(children: Vec<Child>) -> CinCensus {
    CinCensus {
        header: Header {
            collection: "CIN".into(),
            year: "2026".into(),
            reference_date: Some(d(2026, 3, 31)),
            source_level: "L".into(),
            lea: "201".into(),
            software_code: "Mosaic".into(),
            release: "7.1".into(),
            serial_no: "1".into(),
            date_time: "2026-04-20T10:00:00".into(),
        },
        children,
    }
}

/// Writes the census, reads it back and plans its import, as `hearth import cin` does.
fn planned(census: &CinCensus) -> (String, ImportPlan) {
    let text = xml::write(census);
    let read = xml::parse(&text).unwrap_or_else(|e| panic!("the written census does not read back: {e:?}"));
    assert_eq!(&read, census, "the census changed on its way through XML");
    let source = import::cin::source_for(&read, "mosaic_cin_2026.xml", text.as_bytes(), Utc::now());
    (text, import::cin::plan(&read, &source))
}

/// The census made again from the record, with Hearth's references
/// replaced by the previous system's ids, in the file's order.
async fn census_again(store: &Store, plan: &ImportPlan) -> Vec<Child> {
    let history = source::load(store, Utc::now(), &mut |_| {}).await.unwrap();
    let again = build::census(&history, CollectionYear::starting(2025), "201", Utc::now());
    let previous_id: BTreeMap<String, String> = plan
        .children
        .iter()
        .filter_map(|c| {
            let reference = history.children.get(&c.person_id)?.la_child_id.clone();
            Some((reference, c.source_id.clone()?))
        })
        .collect();
    let mut children: Vec<Child> = again
        .children
        .into_iter()
        .map(|mut c| {
            let reference = c.identifiers.la_child_id.clone().unwrap_or_default();
            c.identifiers.la_child_id = previous_id.get(&reference).cloned();
            c
        })
        .collect();
    children.sort_by(|a, b| a.identifiers.la_child_id.cmp(&b.identifiers.la_child_id));
    children
}

fn all_children() -> Vec<Child> {
    vec![protected_child(), open_child(), unborn_child(), twice_referred_child(), weekend_enquiry_child()]
}

async fn round_trip(t: &TestStore) {
    let original = census(all_children());
    let (_, plan) = planned(&original);
    assert!(!plan.has_problems(), "{:?}", plan.all_problems());
    let events = plan.events_to_append(false);
    let appended = t.store.append(SYSTEM_USER, events.clone()).await.unwrap();
    assert_eq!(appended.len(), events.len());
    assert_eq!(census_again(&t.store, &plan).await, original.children);

    // The same file again is refused whole: its children are already recorded.
    let before = t.store.event_count().await.unwrap();
    assert!(t.store.append(SYSTEM_USER, plan.events_to_append(false)).await.is_err());
    assert_eq!(t.store.event_count().await.unwrap(), before);
}

async fn bad_child(t: &TestStore) {
    let mut bad = open_child();
    bad.identifiers.la_child_id = s("MOS-999");
    bad.cin_details[0].referral_source = s("3Z");
    let file = census(vec![protected_child(), bad, unborn_child()]);
    let (_, plan) = planned(&file);
    let problems: Vec<String> = plan.all_problems().iter().map(|p| format!("{}: {}", p.place, p.message)).collect();
    assert_eq!(
        problems,
        vec!["Message/Children/Child[2]/CINdetails[1]/ReferralSource: \"3Z\" is not a CIN census referral source code".to_string()]
    );

    // Without --allow-partial nothing is written.
    let before = t.store.event_count().await.unwrap();
    assert!(plan.events_to_append(false).is_empty());
    t.store.append(SYSTEM_USER, plan.events_to_append(false)).await.unwrap();
    assert_eq!(t.store.event_count().await.unwrap(), before);

    // With it, the good children are imported and the bad one is not.
    t.store.append(SYSTEM_USER, plan.events_to_append(true)).await.unwrap();
    let again = census_again(&t.store, &plan).await;
    assert_eq!(again, vec![protected_child(), unborn_child()]);
}

#[tokio::test]
async fn a_census_imported_and_made_again_is_the_same_census_on_sqlite() {
    let t = sqlite().await;
    round_trip(&t).await;
    t.finish().await;
}

#[tokio::test]
async fn a_census_imported_and_made_again_is_the_same_census_on_postgres() {
    let t = postgres().await;
    round_trip(&t).await;
    t.finish().await;
}

#[tokio::test]
async fn a_bad_child_stops_the_import_unless_partial_is_allowed_on_sqlite() {
    let t = sqlite().await;
    bad_child(&t).await;
    t.finish().await;
}

#[tokio::test]
async fn a_bad_child_stops_the_import_unless_partial_is_allowed_on_postgres() {
    let t = postgres().await;
    bad_child(&t).await;
    t.finish().await;
}
