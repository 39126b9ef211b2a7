//! Small censuses for rule tests. `child` makes a child that passes every
//! child-level rule, with one open episode that went on to further action
//! and a completed assessment; each test changes only what its rule looks
//! at, so a failure points at that change and nothing else.
//!
//! Reads as the 2025-26 census of LA 201 (reference date 31 March 2026).

use super::{Context, Rule, run};
use crate::cin::model::{Assessment, Child, ChildCharacteristics, ChildIdentifiers, CinCensus, CinDetails, Header};
use crate::period::CollectionYear;
use chrono::NaiveDate;
use hearth_domain::calendar::Calendar;
use hearth_domain::people::upn_check_letter;
use std::sync::LazyLock;

static CALENDAR: LazyLock<Calendar> = LazyLock::new(Calendar::england_and_wales);

/// The 2025-26 census of LA 201.
pub(crate) fn context() -> Context<'static> {
    Context { year: CollectionYear::starting(2025), la_code: "201", calendar: &CALENDAR }
}

/// A date that tests write as literals; an impossible one is a typo in the
/// test and shows up as a date in year 0 in the failure.
pub(crate) fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// A UPN with the right check letter for its last twelve characters.
pub(crate) fn upn(last_twelve: &str) -> String {
    let check = upn_check_letter(last_twelve.as_bytes()).map_or('?', char::from);
    format!("{check}{last_twelve}")
}

pub(crate) fn some(value: &str) -> Option<String> {
    Some(value.to_string())
}

/// A valid header for the 2025-26 census.
pub(crate) fn header() -> Header {
    Header {
        collection: "CIN".into(),
        year: "2026".into(),
        reference_date: Some(date(2026, 3, 31)),
        source_level: "L".into(),
        lea: "201".into(),
        software_code: "Hearth".into(),
        release: "1".into(),
        serial_no: "1".into(),
        date_time: "2026-04-02T09:00:00".into(),
    }
}

/// A referral on Monday 2 June 2025 that went on to further action: a
/// child and family assessment started the next day and authorised on
/// 20 June, the episode still open at the reference date.
pub(crate) fn episode() -> CinDetails {
    CinDetails {
        cin_referral_date: Some(date(2025, 6, 2)),
        referral_source: some("1A"),
        primary_need_code: some("N1"),
        referral_nfa: some("false"),
        assessments: vec![Assessment {
            actual_start_date: Some(date(2025, 6, 3)),
            internal_review_date: None,
            authorisation_date: Some(date(2025, 6, 20)),
            factors: vec!["21".into()],
        }],
        ..CinDetails::default()
    }
}

/// A ten-year-old girl with a UPN of LA 201 (unique per `id`'s digits), no
/// disability and one episode from [`episode`].
pub(crate) fn child(id: &str) -> Child {
    let digits: String = id.chars().filter(char::is_ascii_digit).collect();
    let serial = format!("{:0>8}", digits);
    let serial = &serial[serial.len() - 8..];
    Child {
        identifiers: ChildIdentifiers {
            la_child_id: some(id),
            upn: Some(upn(&format!("201{serial}0"))),
            person_birth_date: Some(date(2015, 6, 1)),
            sex: some("F"),
            ..ChildIdentifiers::default()
        },
        characteristics: ChildCharacteristics { ethnicity: some("WBRI"), disabilities: vec!["NONE".into()] },
        cin_details: vec![episode()],
    }
}

pub(crate) fn census(children: Vec<Child>) -> CinCensus {
    CinCensus { header: header(), children }
}

/// Runs the rule with `code` from `rules` and lists its issues as
/// `"code child location"` (`-` for no child), in the order found.
pub(crate) fn issues(rules: &[Rule], code: &str, census: &CinCensus) -> Vec<String> {
    let Some(rule) = rules.iter().find(|r| r.info.code == code) else {
        return vec![format!("no rule {code}")];
    };
    run(rule, census, &context()).into_iter().map(|i| format!("{} {} {}", i.code, i.child.as_deref().unwrap_or("-"), i.location)).collect()
}

/// The issues of one rule over a census of one changed child.
pub(crate) fn issues_for(rules: &[Rule], code: &str, child: Child) -> Vec<String> {
    issues(rules, code, &census(vec![child]))
}

/// The rules of the header, child identifier, characteristics, disability
/// and CIN details modules of the DfE's 2025-26 rule set, by code.
const PART_A_CODES: &[&str] = &[
    "100", "1510", "1520", "1530", "1540", "1550", "1560Q", "1570", "1580", "2886Q", "2887Q", "2888Q", "2990", "2991Q", "4008", "4009Q",
    "4180", "4220", "8500", "8510", "8520", "8525Q", "8530Q", "8535Q", "8540", "8545Q", "8555Q", "8568", "8569Q", "8585Q", "8590", "8600",
    "8606", "8610", "8620", "8630", "8640", "8650", "8750", "8770Q", "8772", "8775Q", "8790", "8794", "8805", "8810", "8815", "8816",
    "8820", "8825Q", "8831", "8866", "8867", "8868", "8890",
];

#[test]
fn part_a_modules_hold_exactly_the_dfe_rules() {
    let groups = [super::header::RULES, super::identifiers::RULES, super::children::RULES, super::episodes::RULES];
    let mut codes: Vec<&str> = groups.iter().flat_map(|g| g.iter().map(|r| r.info.code)).collect();
    codes.sort_unstable();
    let mut expected = PART_A_CODES.to_vec();
    expected.sort_unstable();
    assert_eq!(codes, expected);
    assert_eq!(expected.len(), 55);
    for rule in groups.iter().flat_map(|g| g.iter()) {
        let query = rule.info.code.ends_with('Q');
        assert_eq!(rule.info.rule_type == crate::validation::RuleType::Query, query, "{}", rule.info.code);
    }
}
