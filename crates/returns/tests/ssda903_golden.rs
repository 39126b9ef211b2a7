//! The SSDA903 files for a small hand-made authority, compared byte for
//! byte with the committed files in `tests/golden/ssda903/`. A change to
//! what the return says shows up as a diff of those files in review.
//!
//! `UPDATE_GOLDEN=1 cargo test -p hearth-returns --test ssda903_golden`
//! rewrites them after an intended change.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use hearth_domain::codes::{Ethnicity, Sex};
use hearth_domain::ids::{PersonId, TeamId, UserId};
use hearth_returns::history::care::{
    AdoptionRecord, CareEpisode, CareLeaverContact, CareReview, HealthOutcome, MissingSpell, PreviousPermanence, UascStatus,
};
use hearth_returns::history::{Allocation, ChildHistory, History};
use hearth_returns::period::CollectionYear;
use hearth_returns::ssda903::{build, csv};
use std::collections::BTreeSet;
use std::path::PathBuf;

mod support;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn child(n: u128, la_child_id: &str, sex: Sex, dob: NaiveDate, ethnicity: Ethnicity) -> ChildHistory {
    ChildHistory {
        date_of_birth: Some(dob),
        sex,
        ethnicity: Some(ethnicity),
        ..ChildHistory::new(PersonId::from_u128(n), la_child_id.to_string())
    }
}

#[allow(clippy::too_many_arguments)]
fn episode(
    id: &str,
    from: NaiveDate,
    rne: &str,
    ls: &str,
    cin: &str,
    place: &str,
    to: Option<NaiveDate>,
    rec: Option<&str>,
) -> CareEpisode {
    CareEpisode {
        episode_id: id.to_string(),
        started_on: from,
        reason_new_episode: rne.to_string(),
        legal_status: ls.to_string(),
        category_of_need: cin.to_string(),
        placement_type: place.to_string(),
        placement_provider: Some("PR1".to_string()),
        home_postcode: Some("NE4".to_string()),
        placement_postcode: Some("NE15".to_string()),
        urn: Some("XXXXXXX".to_string()),
        ended_on: to,
        reason_ceased: rec.map(str::to_string),
        reason_place_change: None,
    }
}

fn review(id: &str, on: NaiveDate, code: &str) -> CareReview {
    CareReview { review_id: id.to_string(), held_on: on, participation: code.to_string(), iro_contact_on: None }
}

fn missing(id: &str, kind: &str, from: NaiveDate, to: Option<NaiveDate>) -> MissingSpell {
    MissingSpell {
        spell_id: id.to_string(),
        kind: kind.to_string(),
        started_on: from,
        ended_on: to,
        return_interview_offered: None,
        return_interview_accepted: None,
    }
}

fn allocation(team: u128, worker: Option<u128>, from: NaiveDate) -> Allocation {
    Allocation { team_id: TeamId::from_u128(team), worker_id: worker.map(UserId::from_u128), from }
}

/// Six young people, between them touching every table:
/// - 101, in care for years, moved placement in the year, became a mother,
///   went missing, changed worker and team, and is in OC2;
/// - 102, adopted in the year;
/// - 103, an unaccompanied asylum-seeking child who came into care in the year;
/// - 104, a care leaver turning 18 in the year (OC3 only);
/// - 105, on short breaks, with a previous special guardianship order;
/// - 106, last in care years ago: not in the return.
fn authority() -> History {
    let mut history = History::default();

    let mut a = child(101, "H0000101", Sex::Female, d(2009, 2, 14), Ethnicity::WhiteBritish);
    a.upn = Some("A820200212345".to_string());
    let first = episode("e101a", d(2022, 5, 3), "S", "C2", "N1", "U4", Some(d(2025, 9, 1)), Some("X1"));
    // Hearth records why the placement changed on the episode the change
    // started; the 903 writes it on the one that ended.
    let mut second = episode("e101b", d(2025, 9, 1), "P", "C2", "N1", "K2", Some(d(2026, 5, 1)), Some("X1"));
    second.reason_place_change = Some("CHILD".to_string());
    // Ended after the year: the 2025-26 return still shows the second episode open.
    let mut third = episode("e101c", d(2026, 5, 1), "P", "C2", "N1", "U4", None, None);
    third.reason_place_change = Some("CARPL".to_string());
    second.placement_provider = Some("PR4".to_string());
    second.placement_postcode = Some("DH1".to_string());
    second.urn = Some("SC123456".to_string());
    a.care.episodes = vec![third, second, first];
    a.care.reviews =
        vec![review("r101c", d(2025, 11, 10), "PN3"), review("r101a", d(2024, 11, 12), "PN1"), review("r101b", d(2025, 5, 10), "PN1")];
    a.care.missing = vec![missing("m101b", "A", d(2026, 3, 30), None), missing("m101a", "M", d(2025, 3, 20), Some(d(2025, 4, 2)))];
    a.care.health = vec![HealthOutcome {
        year_ending: d(2026, 3, 31),
        sdq_score: Some(14),
        sdq_reason: None,
        convicted: Some(false),
        health_check: None,
        immunisations: Some(true),
        teeth_check: Some(true),
        health_assessment: Some(true),
        substance_misuse: Some(false),
        intervention_received: None,
        intervention_offered: None,
        last_health_assessment_on: Some(d(2025, 10, 2)),
        last_dental_check_on: Some(d(2025, 8, 19)),
    }];
    a.care.children_born = vec![d(2025, 12, 1)];
    a.allocations =
        vec![allocation(1, Some(11), d(2022, 5, 3)), allocation(1, Some(12), d(2025, 6, 15)), allocation(2, Some(13), d(2026, 1, 10))];

    let mut b = child(102, "H0000102", Sex::Male, d(2022, 1, 5), Ethnicity::WhiteAndBlackCaribbean);
    b.care.episodes = vec![
        episode("e102a", d(2024, 3, 10), "S", "C1", "N1", "U3", Some(d(2024, 10, 1)), Some("X1")),
        episode("e102b", d(2024, 10, 1), "L", "E1", "N1", "U3", Some(d(2025, 4, 20)), Some("X1")),
        episode("e102c", d(2025, 4, 20), "P", "E1", "N1", "A5", Some(d(2026, 2, 10)), Some("E11")),
    ];
    b.care.episodes[2].reason_place_change = Some("PLACE".to_string());
    b.care.reviews = vec![review("r102a", d(2025, 9, 3), "PN0")];
    b.care.adoption = Some(AdoptionRecord {
        decision_on: Some(d(2024, 8, 15)),
        placement_order_on: Some(d(2024, 10, 1)),
        matched_on: Some(d(2025, 3, 30)),
        placed_on: Some(d(2025, 4, 20)),
        adoption_order_on: Some(d(2026, 2, 10)),
        no_longer_plan_on: None,
        no_longer_plan_reason: None,
        by_foster_carer: Some(false),
        number_of_adopters: Some("2".to_string()),
        sex_of_adopters: Some("MF".to_string()),
        legal_status_of_adopters: Some("L0".to_string()),
        ffa_or_concurrent_on: None,
    });
    b.allocations = vec![allocation(1, Some(11), d(2024, 3, 10)), allocation(3, Some(14), d(2024, 10, 1))];

    let mut c = child(103, "H0000103", Sex::Male, d(2008, 11, 2), Ethnicity::AnyOtherEthnicGroup);
    c.care.episodes = vec![episode("e103a", d(2025, 8, 12), "S", "V2", "N8", "K2", None, None)];
    c.care.episodes[0].placement_provider = Some("PR4".to_string());
    c.care.uasc = Some(UascStatus { since: d(2025, 8, 12), ceased_on: Some(d(2026, 11, 2)) });
    c.care.previous_permanence = Some(PreviousPermanence { kind: "Z1".to_string(), la: None, date: None });
    c.care.missing = vec![missing("m103a", "M", d(2025, 10, 4), Some(d(2025, 10, 5)))];
    c.care.reviews = vec![review("r103a", d(2025, 9, 5), "PN1")];
    c.allocations = vec![allocation(4, Some(15), d(2025, 8, 12))];

    let mut leaver = child(104, "H0000104", Sex::Female, d(2007, 6, 20), Ethnicity::African);
    leaver.care.episodes = vec![episode("e104a", d(2021, 1, 4), "S", "C2", "N1", "U1", Some(d(2024, 12, 1)), Some("E41"))];
    leaver.care.care_leaver_contacts = vec![
        CareLeaverContact {
            contact_on: d(2025, 4, 1),
            in_touch: "YES".to_string(),
            activity: Some("F2".to_string()),
            accommodation: Some("D1".to_string()),
        },
        CareLeaverContact {
            contact_on: d(2025, 6, 25),
            in_touch: "YES".to_string(),
            activity: Some("G4".to_string()),
            accommodation: Some("E1".to_string()),
        },
    ];

    let mut breaks = child(105, "H0000105", Sex::Female, d(2013, 9, 9), Ethnicity::Pakistani);
    breaks.care.episodes = vec![
        episode("e105a", d(2025, 5, 2), "S", "V3", "N1", "T4", Some(d(2025, 5, 5)), Some("E13")),
        episode("e105b", d(2025, 6, 1), "S", "V3", "N1", "T4", Some(d(2025, 6, 4)), Some("E13")),
    ];
    breaks.care.previous_permanence =
        Some(PreviousPermanence { kind: "P2".to_string(), la: Some("E08000021".to_string()), date: Some("zz/06/2019".to_string()) });
    breaks.allocations = vec![allocation(5, None, d(2025, 4, 20)), allocation(5, Some(16), d(2025, 4, 28))];

    let mut gone = child(106, "H0000106", Sex::Male, d(2012, 3, 3), Ethnicity::Indian);
    gone.care.episodes = vec![episode("e106a", d(2019, 2, 1), "S", "V2", "N2", "U1", Some(d(2020, 2, 1)), Some("E1"))];

    for ch in [a, b, c, leaver, breaks, gone] {
        history.children.insert(ch.person_id, ch);
    }
    history
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/ssda903")
}

#[test]
fn the_903_files_match_the_golden_files() {
    let tables = build::tables(&authority(), CollectionYear::starting(2025));
    let files = csv::write(&tables);
    let dir = golden_dir();
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(&dir).expect("create golden dir");
        for (name, contents) in &files {
            std::fs::write(dir.join(name), contents).expect("write golden file");
        }
    }
    let mut different = Vec::new();
    for (name, contents) in &files {
        let expected = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        if &expected != contents {
            different.push(format!("--- {name} expected\n{expected}--- {name} written\n{contents}"));
        }
    }
    assert!(different.is_empty(), "files differ from tests/golden/ssda903 (UPDATE_GOLDEN=1 to accept):\n{}", different.join("\n"));
}

#[test]
fn the_golden_files_read_back_to_the_tables_they_were_written_from() {
    let tables = build::tables(&authority(), CollectionYear::starting(2025));
    // Read in another order, under other names: files are known by their columns.
    let files: Vec<(String, String)> = csv::write(&tables).into_iter().rev().map(|(name, text)| (format!("upload-{name}"), text)).collect();
    assert_eq!(csv::parse(&files), Ok(tables));
}

#[test]
fn a_child_last_in_care_years_ago_is_not_in_the_return() {
    let tables = build::tables(&authority(), CollectionYear::starting(2025));
    let children: Vec<&str> = tables.header.iter().map(|h| h.child.as_str()).collect();
    assert_eq!(children, ["H0000101", "H0000102", "H0000103", "H0000104", "H0000105"]);
    // The year before, the care leaver was not yet 18 and 103 not yet in care.
    let earlier = build::tables(&authority(), CollectionYear::starting(2024));
    let children: Vec<&str> = earlier.header.iter().map(|h| h.child.as_str()).collect();
    assert_eq!(children, ["H0000101", "H0000102", "H0000104"]);
}

#[test]
fn the_synthetic_authority_makes_a_903_that_hangs_together_and_reads_back() {
    let tables = build::tables(&support::synthetic::fixed(), CollectionYear::starting(2025));
    assert!(!tables.episodes.is_empty(), "the synthetic authority has children in care");
    assert!(!tables.sw_episodes.is_empty(), "children in care have social workers");

    let header: Vec<&str> = tables.header.iter().map(|h| h.child.as_str()).collect();
    let mut sorted = header.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(header, sorted, "one header row per child, in CHILD order");
    let known: BTreeSet<&str> = header.iter().copied().collect();
    let mut children: Vec<(&str, Vec<&str>)> = vec![
        ("episodes", tables.episodes.iter().map(|r| r.child.as_str()).collect()),
        ("reviews", tables.reviews.iter().map(|r| r.child.as_str()).collect()),
        ("uasc", tables.uasc.iter().map(|r| r.child.as_str()).collect()),
        ("oc2", tables.oc2.iter().map(|r| r.child.as_str()).collect()),
        ("oc3", tables.oc3.iter().map(|r| r.child.as_str()).collect()),
        ("ad1", tables.ad1.iter().map(|r| r.child.as_str()).collect()),
        ("placed_adoption", tables.placed_adoption.iter().map(|r| r.child.as_str()).collect()),
        ("prev_perm", tables.prev_perm.iter().map(|r| r.child.as_str()).collect()),
        ("missing", tables.missing.iter().map(|r| r.child.as_str()).collect()),
        ("sw_episodes", tables.sw_episodes.iter().map(|r| r.child.as_str()).collect()),
    ];
    for (table, rows) in &mut children {
        assert!(rows.iter().all(|c| known.contains(c)), "every {table} row's child is in the header");
        assert!(rows.is_sorted(), "{table} rows are in CHILD order");
    }
    // Within a child, episodes run in date order and each episode the year
    // reports ended is ended in the year.
    for pair in tables.episodes.windows(2) {
        if pair[0].child == pair[1].child {
            assert!(pair[0].decom <= pair[1].decom);
        }
    }
    let year = CollectionYear::starting(2025).window();
    assert!(tables.episodes.iter().all(|e| e.dec.is_none_or(|d| year.contains(d))));

    let files: Vec<(String, String)> = csv::write(&tables).into_iter().map(|(n, t)| (n.to_string(), t)).collect();
    assert_eq!(csv::parse(&files), Ok(tables));
}
