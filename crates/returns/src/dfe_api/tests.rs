//! The data-exchange payloads of the Annex A test authority, asserted as
//! exact JSON.

use super::*;
use crate::annex_a::tests::{child, d, history, referral};
use crate::history::care::HealthOutcome;
use hearth_domain::codes::{ClosureReason, ReferralSource, Sex};
use serde_json::json;

fn window() -> Window {
    Window { from: d(2024, 4, 1), to: d(2026, 3, 31) }
}

fn uuid(n: u128) -> String {
    format!("00000000-0000-0000-0000-{n:012x}")
}

fn payload_of<'a>(payloads: &'a [Value], la_child_id: &str) -> &'a Value {
    payloads.iter().find(|p| p["la_child_id"] == la_child_id).expect("child in the payloads")
}

fn with_sdq(mut h: History) -> History {
    if let Some(c) = h.children.values_mut().find(|c| c.la_child_id == "H0000003") {
        c.care.health.push(HealthOutcome {
            year_ending: d(2025, 3, 31),
            sdq_score: Some(14),
            sdq_reason: None,
            convicted: None,
            health_check: None,
            immunisations: None,
            teeth_check: None,
            health_assessment: None,
            substance_misuse: None,
            intervention_received: None,
            intervention_offered: None,
            last_health_assessment_on: None,
            last_dental_check_on: None,
        });
    }
    h
}

#[test]
fn the_cohort_is_children_involved_in_the_window_and_aged_up_to_25() {
    let mut h = history();
    let mut older = child(6, Sex::Female, d(1999, 1, 1));
    older.referrals.push(referral(60, d(2025, 5, 1), ReferralSource::Police));
    h.children.insert(older.person_id, older);
    let mut long_closed = child(7, Sex::Female, d(2012, 1, 1));
    let mut r = referral(70, d(2022, 5, 1), ReferralSource::Police);
    r.closed_on = Some(d(2022, 6, 1));
    long_closed.referrals.push(r);
    h.children.insert(long_closed.person_id, long_closed);

    let ids: Vec<Value> = full(&h, window()).iter().map(|p| p["la_child_id"].clone()).collect();
    assert_eq!(ids, vec![json!("H0000001"), json!("H0000002"), json!("H0000003"), json!("H0000004"), json!("H0000005")]);
}

#[test]
fn a_child_protection_episode_is_nested_under_its_referral() {
    let payloads = full(&history(), window());
    assert_eq!(
        payload_of(&payloads, "H0000002"),
        &json!({
            "la_child_id": "H0000002",
            "mis_child_id": uuid(2),
            "purge": false,
            "child_details": {
                "unique_pupil_number": null,
                "former_unique_pupil_number": null,
                "unique_pupil_number_unknown_reason": "UN5",
                "first_name": "Child2",
                "surname": "Example",
                "date_of_birth": "2010-03-01",
                "expected_date_of_birth": null,
                "sex": "M",
                "ethnicity": null,
                "disabilities": ["NONE"],
                "postcode": null,
                "uasc_flag": false,
                "uasc_end_date": null,
                "purge": false
            },
            "social_care_episodes": [{
                "social_care_episode_id": uuid(30),
                "referral_date": "2025-10-02",
                "referral_source": "2A",
                "closure_date": null,
                "closure_reason": null,
                "referral_no_further_action_flag": false,
                "child_and_family_assessments": [],
                "child_in_need_plans": [],
                "section_47_assessments": [{
                    "section_47_assessment_id": uuid(32),
                    "start_date": "2025-10-05",
                    "icpc_required_flag": true,
                    "icpc_date": "2025-10-20",
                    "end_date": "2025-10-15",
                    "purge": false
                }],
                "child_protection_plans": [{
                    "child_protection_plan_id": uuid(34),
                    "start_date": "2025-10-20",
                    "end_date": null,
                    "purge": false
                }],
                "child_looked_after_placements": [],
                "care_worker_details": [],
                "purge": false
            }]
        })
    );
}

#[test]
fn assessments_plans_and_workers_belong_to_the_episodes_they_overlap() {
    let payloads = full(&history(), window());
    let a = payload_of(&payloads, "H0000001");
    assert!(a.get("health_and_wellbeing").is_none());
    let episodes = a["social_care_episodes"].as_array().expect("episodes");
    assert_eq!(episodes.len(), 2);
    // The January referral closed with nothing done: no further action, and
    // it ended before the worker was allocated.
    assert_eq!(episodes[0]["referral_no_further_action_flag"], json!(true));
    assert_eq!(episodes[0]["closure_reason"], json!("RC7"));
    assert_eq!(episodes[0]["care_worker_details"], json!([]));
    assert_eq!(
        episodes[1]["child_and_family_assessments"],
        json!([{
            "child_and_family_assessment_id": uuid(22),
            "start_date": "2025-11-05",
            "authorisation_date": "2025-12-10",
            "factors": ["16A"],
            "purge": false
        }])
    );
    assert_eq!(
        episodes[1]["child_in_need_plans"],
        json!([{ "child_in_need_plan_id": uuid(23), "start_date": "2025-12-12", "end_date": null, "purge": false }])
    );
    assert_eq!(
        episodes[1]["care_worker_details"],
        json!([{ "worker_id": uuid(crate::annex_a::tests::WORKER), "start_date": "2025-09-01", "end_date": null }])
    );
}

#[test]
fn care_without_a_referral_gets_its_own_episode_and_sdq_scores_their_block() {
    let payloads = full(&with_sdq(history()), window());
    let c = payload_of(&payloads, "H0000003");
    assert_eq!(c["health_and_wellbeing"], json!({ "sdq_assessments": [{ "date": "2025-03-31", "score": 14 }], "purge": false }));
    assert_eq!(
        c["social_care_episodes"],
        json!([{
            "social_care_episode_id": "E31",
            "referral_date": null,
            "referral_source": null,
            "closure_date": null,
            "closure_reason": null,
            "referral_no_further_action_flag": null,
            "child_and_family_assessments": [],
            "child_in_need_plans": [],
            "section_47_assessments": [],
            "child_protection_plans": [],
            "child_looked_after_placements": [
                {
                    "child_looked_after_placement_id": "E31",
                    "start_date": "2024-06-01",
                    "start_reason": "S",
                    "postcode": "AB1",
                    "placement_type": "U4",
                    "end_date": "2025-06-01",
                    "end_reason": "X1",
                    "change_reason": null,
                    "purge": false
                },
                {
                    "child_looked_after_placement_id": "E32",
                    "start_date": "2025-06-01",
                    "start_reason": "P",
                    "postcode": "AB1",
                    "placement_type": "K2",
                    "end_date": null,
                    "end_reason": null,
                    "change_reason": null,
                    "purge": false
                }
            ],
            "care_worker_details": [],
            "purge": false
        }])
    );
    let leaver = payload_of(&payloads, "H0000004");
    assert_eq!(
        leaver["social_care_episodes"][0]["care_leavers"],
        json!({ "contact_date": "2025-05-10", "activity": "F2", "accommodation": "D1", "purge": false })
    );
    let adopted = payload_of(&payloads, "H0000005");
    assert_eq!(
        adopted["social_care_episodes"][0]["adoption"],
        json!({ "initial_decision_date": "2025-05-01", "matched_date": null, "placed_date": null, "purge": false })
    );
}

#[test]
fn long_ids_are_cut_to_36_characters_stably() {
    let long = "x".repeat(40);
    assert_eq!(payload::id("H0000001"), "H0000001");
    assert_eq!(payload::id(&long).len(), MAX_ID_LEN);
    assert_eq!(payload::id(&long), payload::id(&long));
    assert_ne!(payload::id(&long), payload::id(&"y".repeat(40)));
}

#[test]
fn changes_send_what_changed_purge_who_left_and_skip_the_unchanged() {
    let before = history();
    let mut after = history();
    let a = after.children.values_mut().find(|c| c.la_child_id == "H0000001").expect("child A");
    let open = a.referrals.iter_mut().find(|r| r.closed_on.is_none()).expect("open referral");
    open.closed_on = Some(d(2026, 2, 1));
    open.closure_reason = Some(ClosureReason::ServicesCeased);
    let d_id = after.children.values().find(|c| c.la_child_id == "H0000004").map(|c| c.person_id).expect("child D");
    after.children.remove(&d_id);
    let mut newcomer = child(9, Sex::Female, d(2020, 1, 1));
    newcomer.referrals.push(referral(90, d(2026, 3, 1), ReferralSource::Anonymous));
    after.children.insert(newcomer.person_id, newcomer);

    let changes = changes(&before, &after, window());
    let full_after = full(&after, window());
    assert_eq!(changes.len(), 3);
    assert_eq!(
        changes[0],
        json!({
            "la_child_id": "H0000001",
            "mis_child_id": uuid(1),
            "child_details": payload_of(&full_after, "H0000001")["child_details"].clone(),
            "social_care_episodes": [{
                "social_care_episode_id": uuid(21),
                "closure_date": "2026-02-01",
                "closure_reason": "RC7",
                "purge": false
            }]
        })
    );
    assert_eq!(changes[1], json!({ "la_child_id": "H0000004", "mis_child_id": uuid(4), "purge": true }));
    assert_eq!(&changes[2], payload_of(&full_after, "H0000009"));
    assert_eq!(super::changes(&after, &after, window()), Vec::<Value>::new());
}
