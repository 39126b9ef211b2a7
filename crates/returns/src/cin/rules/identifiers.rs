//! Rules on `ChildIdentifiers`: the LA's child ID, the UPN and its former
//! and unknown forms, dates of birth and death, and sex.

use super::{Context, Findings, Rule, episode_path, led_to_further_action, text};
use crate::cin::model::{Child, CinCensus};
use crate::cin_rule;
use chrono::{Datelike, Months, NaiveDate};
use hearth_domain::codes::Sex;
use hearth_domain::people::upn_check_letter;
use std::collections::HashMap;

pub(super) const RULES: &[Rule] = &[
    Rule { info: cin_rule!("1510", Error, "UPN invalid (wrong check letter at character 1)"), check: upn_check_letter_wrong },
    Rule { info: cin_rule!("1520", Error, "More than one record with the same UPN."), check: upn_shared },
    Rule { info: cin_rule!("1530", Error, "UPN invalid (characters 2-4 not a recognised LA code)"), check: upn_la_code_unknown },
    Rule { info: cin_rule!("1540", Error, "UPN invalid (characters 5-12 not all numeric)"), check: upn_serial_not_numeric },
    Rule { info: cin_rule!("1550", Error, "UPN invalid (character 13 not a recognised value)"), check: upn_last_character_invalid },
    Rule {
        info: cin_rule!("1560Q", Query, "Please check and either amend or provide a reason: Former UPN wrongly formatted"),
        check: former_upn_malformed,
    },
    Rule { info: cin_rule!("1570", Error, "LA Child ID must not be longer than 20 characters"), check: la_child_id_too_long },
    Rule {
        info: cin_rule!("1580", Error, "LA Child ID must not contain any non-alphanumeric characters"),
        check: la_child_id_not_alphanumeric,
    },
    Rule {
        info: cin_rule!(
            "2886Q",
            Query,
            "Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)"
        ),
        check: too_many_without_sex,
    },
    Rule {
        info: cin_rule!("4008", Error, "CIN Plan shown as starting after the child’s Date of Death."),
        check: cin_plan_starts_after_death,
    },
    Rule { info: cin_rule!("4009Q", Query, "CIN Plan cannot end after the child’s Date of Death"), check: cin_plan_ends_after_death },
    Rule { info: cin_rule!("4180", Error, "Sex must be provided and equal M, F, or U"), check: sex_missing_or_invalid },
    Rule { info: cin_rule!("8500", Error, "LA Child ID missing"), check: la_child_id_missing },
    Rule { info: cin_rule!("8510", Error, "More than one child record with the same LA Child ID"), check: la_child_id_shared },
    Rule {
        info: cin_rule!("8520", Error, "Date of Birth is after data collection period (must be on or before the end of the census period)"),
        check: born_after_census,
    },
    Rule {
        info: cin_rule!("8525Q", Query, "Either Date of Birth or Expected Date of Birth must be provided (but not both)"),
        check: birth_dates_not_one_of,
    },
    Rule {
        info: cin_rule!(
            "8530Q",
            Query,
            "Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)"
        ),
        check: expected_birth_out_of_range,
    },
    Rule {
        info: cin_rule!(
            "8535Q",
            Query,
            "Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth"
        ),
        check: died_before_birth,
    },
    Rule {
        info: cin_rule!(
            "8545Q",
            Query,
            "Please check and either amend data or provide a reason: Child's date of death should be within the census year"
        ),
        check: died_outside_year,
    },
    Rule { info: cin_rule!("8590", Error, "Child does not have a recorded CIN episode."), check: no_episode },
    Rule { info: cin_rule!("8750", Error, "Sex must equal U for an unborn child"), check: unborn_sex_not_unknown },
    Rule {
        info: cin_rule!(
            "8770Q",
            Query,
            "Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age."
        ),
        check: school_age_without_upn,
    },
    Rule {
        info: cin_rule!(
            "8772",
            Error,
            "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action"
        ),
        check: un7_with_further_action,
    },
    Rule {
        info: cin_rule!("8775Q", Query, "Please check and either amend data or provide a reason: Child is over 25 years old"),
        check: over_25,
    },
];

const UPN: &str = "ChildIdentifiers/UPN";
const FORMER_UPN: &str = "ChildIdentifiers/FormerUPN";
const UPN_UNKNOWN: &str = "ChildIdentifiers/UPNunknown";
const LA_CHILD_ID: &str = "ChildIdentifiers/LAchildID";
const BIRTH_DATE: &str = "ChildIdentifiers/PersonBirthDate";
const EXPECTED_BIRTH_DATE: &str = "ChildIdentifiers/ExpectedPersonBirthDate";
const DEATH_DATE: &str = "ChildIdentifiers/PersonDeathDate";
const SEX: &str = "ChildIdentifiers/Sex";

/// Letters a UPN's check character (and a temporary UPN's last character)
/// may take: A to Z without I, O and S.
const UPN_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// LA codes a UPN may carry in characters 2-4: the post-April 1998 LA
/// codes and the DfE's "pseudo LA" codes, as the 2023-24 rule 1530 lists
/// them (inclusive ranges).
const UPN_LA_CODES: &[(u16, u16)] = &[
    (1, 5),
    (201, 213),
    (301, 320),
    (330, 336),
    (340, 344),
    (350, 359),
    (370, 373),
    (380, 384),
    (390, 394),
    (420, 420),
    (660, 681),
    (701, 708),
    (800, 803),
    (805, 808),
    (810, 813),
    (815, 816),
    (820, 823),
    (825, 826),
    (830, 831),
    (835, 841),
    (845, 846),
    (850, 852),
    (855, 857),
    (860, 861),
    (865, 896),
    (908, 909),
    (916, 916),
    (919, 919),
    (921, 921),
    (925, 926),
    (928, 929),
    (931, 931),
    (933, 933),
    (935, 938),
    (940, 943),
];

fn upn(child: &Child) -> Option<&str> {
    text(&child.identifiers.upn)
}

/// The check letter is only worked out for a UPN shaped well enough to
/// have one (13 characters, 2-12 digits, 13 a digit or letter); any other
/// fault is reported by 1530, 1540 or 1550.
fn upn_check_letter_wrong(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let Some(upn) = upn(child) else { continue };
        let b = upn.as_bytes();
        let shaped = b.len() == 13 && b[1..12].iter().all(u8::is_ascii_digit) && is_upn_last_character(b[12]);
        if shaped && upn_check_letter(&b[1..]) != Some(b[0]) {
            findings.child(child, UPN);
        }
    }
}

/// Each child involved is reported, so both records can be found.
fn upn_shared(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for upn in census.children.iter().filter_map(upn) {
        *count.entry(upn).or_default() += 1;
    }
    for child in &census.children {
        if upn(child).is_some_and(|u| count.get(u).is_some_and(|n| *n > 1)) {
            findings.child(child, UPN);
        }
    }
}

/// The authority's own code is always recognised, even one missing from
/// the DfE's list (a new authority, or a test authority's fictional code).
fn upn_la_code_unknown(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let own = context.la_code.trim().parse::<u16>().ok();
    for child in &census.children {
        let Some(upn) = upn(child) else { continue };
        let code = upn.get(1..4).filter(|c| c.bytes().all(|b| b.is_ascii_digit())).and_then(|c| c.parse::<u16>().ok());
        let known = code.is_some_and(|code| Some(code) == own || UPN_LA_CODES.iter().any(|(from, to)| (*from..=*to).contains(&code)));
        if !known {
            findings.child(child, UPN);
        }
    }
}

/// A UPN too short to have characters 5-12 fails here: this is where a
/// truncated UPN shows.
fn upn_serial_not_numeric(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let Some(upn) = upn(child) else { continue };
        let numeric = upn.as_bytes().get(4..12).is_some_and(|serial| serial.iter().all(u8::is_ascii_digit));
        if !numeric {
            findings.child(child, UPN);
        }
    }
}

/// Character 13 is the last the census schema allows; a UPN of any other
/// length has no valid 13th character, so it fails here too.
fn upn_last_character_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let Some(upn) = upn(child) else { continue };
        let b = upn.as_bytes();
        if b.len() != 13 || !is_upn_last_character(b[12]) {
            findings.child(child, UPN);
        }
    }
}

fn is_upn_last_character(c: u8) -> bool {
    c.is_ascii_digit() || UPN_LETTERS.contains(&c)
}

/// The DfE asks for a former UPN "in the correct format, as specified in
/// the data table", which is the UPN format: a letter, eleven digits and a
/// digit or letter. A former UPN is often a temporary UPN, which ends in a
/// letter, so that is accepted (the community validator wants twelve
/// digits and would query every temporary one).
fn former_upn_malformed(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let Some(former) = text(&child.identifiers.former_upn) else { continue };
        let b = former.as_bytes();
        let formatted =
            b.len() == 13 && b[0].is_ascii_uppercase() && b[1..12].iter().all(u8::is_ascii_digit) && is_upn_last_character(b[12]);
        if !formatted {
            findings.child(child, FORMER_UPN);
        }
    }
}

fn la_child_id_too_long(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        if text(&child.identifiers.la_child_id).is_some_and(|id| id.chars().count() > 20) {
            findings.child(child, LA_CHILD_ID);
        }
    }
}

/// Alphanumeric in the census's sense: ASCII letters and digits (the file
/// is read by systems that expect nothing else).
fn la_child_id_not_alphanumeric(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        if text(&child.identifiers.la_child_id).is_some_and(|id| !id.chars().all(|c| c.is_ascii_alphanumeric())) {
            findings.child(child, LA_CHILD_ID);
        }
    }
}

/// Children with sex missing or `U` and no expected date of birth, over
/// all children (the DfE's denominator), must be at most 2 %.
fn too_many_without_sex(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    let total = census.children.len();
    let without = census
        .children
        .iter()
        .filter(|c| c.identifiers.expected_person_birth_date.is_none())
        .filter(|c| matches!(text(&c.identifiers.sex), None | Some("U")))
        .count();
    // without / total > 2 / 100, in whole numbers.
    if total > 0 && without * 100 > total * 2 {
        findings.census(SEX);
    }
}

fn cin_plan_starts_after_death(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    cin_plan_dates_after_death(census, findings, |p| p.start_date, "CINPlanStartDate");
}

fn cin_plan_ends_after_death(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    cin_plan_dates_after_death(census, findings, |p| p.end_date, "CINPlanEndDate");
}

fn cin_plan_dates_after_death(
    census: &CinCensus,
    findings: &mut Findings<'_>,
    date: fn(&crate::cin::model::CinPlanDates) -> Option<NaiveDate>,
    element: &str,
) {
    for child in &census.children {
        let Some(death) = child.identifiers.person_death_date else { continue };
        for (e, episode) in child.cin_details.iter().enumerate() {
            for (p, plan) in episode.cin_plan_dates.iter().enumerate() {
                if date(plan).is_some_and(|d| d > death) {
                    findings.child(child, format!("{}/CINPlanDates[{}]/{element}", episode_path(e), p + 1));
                }
            }
        }
    }
}

fn sex_missing_or_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        if text(&child.identifiers.sex).and_then(Sex::from_code).is_none() {
            findings.child(child, SEX);
        }
    }
}

/// With no ID (or a blank one) the child cannot be named, so the issue
/// names no child and the location says which child record of the file it is.
fn la_child_id_missing(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (n, child) in census.children.iter().enumerate() {
        if text(&child.identifiers.la_child_id).is_none() {
            findings.census(record_path(n, LA_CHILD_ID));
        }
    }
}

/// Every record sharing the ID is reported; as they share the child's name
/// in the report, the location says which record of the file each is.
fn la_child_id_shared(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for id in census.children.iter().filter_map(|c| text(&c.identifiers.la_child_id)) {
        *count.entry(id).or_default() += 1;
    }
    for (n, child) in census.children.iter().enumerate() {
        if text(&child.identifiers.la_child_id).is_some_and(|id| count.get(id).is_some_and(|k| *k > 1)) {
            findings.child(child, record_path(n, LA_CHILD_ID));
        }
    }
}

/// `Child[n]/…`, 1-based, for failures that must name the record itself.
fn record_path(index: usize, path: &str) -> String {
    format!("Child[{}]/{path}", index + 1)
}

fn born_after_census(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        if child.identifiers.person_birth_date.is_some_and(|d| d > context.reference_date()) {
            findings.child(child, BIRTH_DATE);
        }
    }
}

fn birth_dates_not_one_of(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let ids = &child.identifiers;
        if ids.person_birth_date.is_some() == ids.expected_person_birth_date.is_some() {
            findings.child(child, BIRTH_DATE);
        }
    }
}

/// The DfE range is the reference date minus 30 days to the reference date
/// plus 9 months (1 March to 31 December); "between" is read with both
/// ends included, as the message's "March to December" says.
fn expected_birth_out_of_range(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let reference = context.reference_date();
    let earliest = reference - chrono::Days::new(30);
    let latest = reference.checked_add_months(Months::new(9)).unwrap_or(NaiveDate::MAX);
    for child in &census.children {
        if child.identifiers.expected_person_birth_date.is_some_and(|d| d < earliest || d > latest) {
            findings.child(child, EXPECTED_BIRTH_DATE);
        }
    }
}

/// Compared only when both dates are given: a missing date of birth is
/// 8525Q's business, not a death before birth.
fn died_before_birth(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let ids = &child.identifiers;
        if let (Some(birth), Some(death)) = (ids.person_birth_date, ids.person_death_date)
            && death < birth
        {
            findings.child(child, DEATH_DATE);
        }
    }
}

fn died_outside_year(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let year = context.collection_start()..=context.reference_date();
    for child in &census.children {
        if child.identifiers.person_death_date.is_some_and(|d| !year.contains(&d)) {
            findings.child(child, DEATH_DATE);
        }
    }
}

fn no_episode(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        if child.cin_details.is_empty() {
            findings.child(child, "CINdetails");
        }
    }
}

/// Unborn: an expected date of birth and no date of birth.
fn unborn_sex_not_unknown(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let ids = &child.identifiers;
        let unborn = ids.person_birth_date.is_none() && ids.expected_person_birth_date.is_some();
        if unborn && text(&ids.sex) != Some("U") {
            findings.child(child, SEX);
        }
    }
}

/// Of school age: five by the 31 August that began the school year of the
/// reference date, so born on or before 31 August six years before the
/// next one. Only children with a referral that went on to further action
/// are expected to have had their UPN sought, and UN1 ("not of school age")
/// cannot explain its absence.
fn school_age_without_upn(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let born_by = NaiveDate::from_ymd_opt(context.reference_date().year() - 6, 8, 31).unwrap_or(NaiveDate::MIN);
    for child in &census.children {
        let ids = &child.identifiers;
        let school_age = ids.person_birth_date.is_some_and(|d| d <= born_by);
        let further_action = child.cin_details.iter().any(led_to_further_action);
        let reason_given = matches!(text(&ids.upn_unknown), Some("UN2" | "UN3" | "UN4" | "UN5" | "UN6" | "UN7"));
        if school_age && further_action && upn(child).is_none() && !reason_given {
            findings.child(child, UPN_UNKNOWN);
        }
    }
}

/// UN7 needs every episode to be a referral with no further action
/// (`true`/`1`); one that is not (including one with no flag) fails.
fn un7_with_further_action(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        if text(&child.identifiers.upn_unknown) == Some("UN7") && child.cin_details.iter().any(|e| !e.is_nfa()) {
            findings.child(child, UPN_UNKNOWN);
        }
    }
}

/// Over 25 at the reference date, with an episode still open or closed
/// after the 25th birthday. One query per child: it is the age that is
/// queried, not each episode.
fn over_25(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let twenty_five_years = Months::new(25 * 12);
    let born_before = context.reference_date().checked_sub_months(twenty_five_years).unwrap_or(NaiveDate::MIN);
    for child in &census.children {
        let Some(birth) = child.identifiers.person_birth_date.filter(|d| *d < born_before) else { continue };
        let twenty_fifth = birth.checked_add_months(twenty_five_years).unwrap_or(NaiveDate::MAX);
        if child.cin_details.iter().any(|e| e.cin_closure_date.is_none_or(|closed| closed > twenty_fifth)) {
            findings.child(child, BIRTH_DATE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::cin::model::{CinDetails, CinPlanDates};
    use crate::cin::rules::test_support::{census, child, context, date, episode, issues, issues_for, some, upn};
    use crate::cin::rules::{Context, run};

    fn check(code: &str, child: crate::cin::model::Child) -> Vec<String> {
        issues_for(RULES, code, child)
    }

    fn with_upn(value: &str) -> crate::cin::model::Child {
        let mut c = child("H1");
        c.identifiers.upn = some(value);
        c
    }

    #[test]
    fn valid_child_passes_every_rule_here() {
        let census = census(vec![child("H1"), child("H2")]);
        for rule in RULES {
            assert_eq!(issues(RULES, rule.info.code, &census), Vec::<String>::new(), "{}", rule.info.code);
        }
    }

    #[test]
    fn upn_check_letter() {
        let good = upn("201000000010");
        assert_eq!(check("1510", with_upn(&good)), Vec::<String>::new());
        let wrong = if good.starts_with('A') { good.replacen('A', "B", 1) } else { format!("A{}", &good[1..]) };
        assert_eq!(check("1510", with_upn(&wrong)), ["1510 H1 ChildIdentifiers/UPN"]);
        // A temporary UPN's last letter counts by its place in the alphabet.
        assert_eq!(check("1510", with_upn(&upn("20100000001A"))), Vec::<String>::new());
        // Too malformed to have a check letter: left to 1540.
        assert_eq!(check("1510", with_upn("A2010000X0010")), Vec::<String>::new());
    }

    #[test]
    fn upn_shared_reports_each_child() {
        let a = child("H1");
        let mut b = child("H2");
        b.identifiers.upn = a.identifiers.upn.clone();
        let c = child("H3");
        assert_eq!(issues(RULES, "1520", &census(vec![a, b, c])), ["1520 H1 ChildIdentifiers/UPN", "1520 H2 ChildIdentifiers/UPN"]);
        assert_eq!(issues(RULES, "1520", &census(vec![child("H1"), child("H2")])), Vec::<String>::new());
    }

    #[test]
    fn upn_la_code() {
        assert_eq!(check("1530", with_upn(&upn("999000000010"))), ["1530 H1 ChildIdentifiers/UPN"]);
        assert_eq!(check("1530", with_upn(&upn("2A1000000010"))), ["1530 H1 ChildIdentifiers/UPN"]);
        assert_eq!(check("1530", with_upn(&upn("943000000010"))), Vec::<String>::new());
        assert_eq!(check("1530", with_upn(&upn("003000000010"))), Vec::<String>::new());
    }

    #[test]
    fn upn_la_code_of_the_authority_itself_is_recognised() {
        let check_as = |la_code: &str, value: &str| -> Vec<String> {
            let own = Context { la_code, ..context() };
            let census = census(vec![with_upn(value)]);
            RULES.iter().filter(|r| r.info.code == "1530").flat_map(|r| run(r, &census, &own)).map(|i| i.location).collect()
        };
        // 999 is on no DfE list: recognised only as the authority's own.
        assert_eq!(check_as("999", &upn("999000000010")), Vec::<String>::new());
        assert_eq!(check_as("201", &upn("999000000010")), ["ChildIdentifiers/UPN"]);
        // The authority's code does not excuse another unknown one.
        assert_eq!(check_as("999", &upn("998000000010")), ["ChildIdentifiers/UPN"]);
    }

    #[test]
    fn upn_serial_numeric() {
        assert_eq!(check("1540", with_upn(&upn("2010000X0010"))), ["1540 H1 ChildIdentifiers/UPN"]);
        assert_eq!(check("1540", with_upn("A201000")), ["1540 H1 ChildIdentifiers/UPN"]);
        assert_eq!(check("1540", with_upn(&upn("20100000001Z"))), Vec::<String>::new());
    }

    #[test]
    fn upn_last_character() {
        assert_eq!(check("1550", with_upn(&upn("20100000001I"))), ["1550 H1 ChildIdentifiers/UPN"]);
        assert_eq!(check("1550", with_upn(&format!("{}5", upn("201000000010")))), ["1550 H1 ChildIdentifiers/UPN"]);
        assert_eq!(check("1550", with_upn(&upn("20100000001Z"))), Vec::<String>::new());
        let mut none = child("H1");
        none.identifiers.upn = None;
        assert_eq!(check("1550", none), Vec::<String>::new());
    }

    #[test]
    fn former_upn_format() {
        let mut c = child("H1");
        c.identifiers.former_upn = some("A20100000001");
        assert_eq!(check("1560Q", c.clone()), ["1560Q H1 ChildIdentifiers/FormerUPN"]);
        c.identifiers.former_upn = some("1201000000010");
        assert_eq!(check("1560Q", c.clone()), ["1560Q H1 ChildIdentifiers/FormerUPN"]);
        c.identifiers.former_upn = some("A20100000001B");
        assert_eq!(check("1560Q", c.clone()), Vec::<String>::new());
        c.identifiers.former_upn = some("A201000000015");
        assert_eq!(check("1560Q", c), Vec::<String>::new());
    }

    #[test]
    fn la_child_id_length_and_characters() {
        assert_eq!(check("1570", child("H1234567890123456789")), Vec::<String>::new());
        assert_eq!(check("1570", child("H12345678901234567890")), ["1570 H12345678901234567890 ChildIdentifiers/LAchildID"]);
        assert_eq!(check("1580", child("H-1")), ["1580 H-1 ChildIdentifiers/LAchildID"]);
        assert_eq!(check("1580", child("H 1")), ["1580 H 1 ChildIdentifiers/LAchildID"]);
        assert_eq!(check("1580", child("H01")), Vec::<String>::new());
    }

    #[test]
    fn share_without_sex() {
        let children = |without: usize, unborn_without: usize| {
            let mut all: Vec<_> = (0..100).map(|n| child(&format!("H{n}"))).collect();
            for c in all.iter_mut().take(without) {
                c.identifiers.sex = None;
            }
            for c in all.iter_mut().skip(50).take(unborn_without) {
                c.identifiers.sex = some("U");
                c.identifiers.person_birth_date = None;
                c.identifiers.expected_person_birth_date = Some(date(2026, 5, 1));
            }
            census(all)
        };
        assert_eq!(issues(RULES, "2886Q", &children(2, 5)), Vec::<String>::new());
        assert_eq!(issues(RULES, "2886Q", &children(3, 0)), ["2886Q - ChildIdentifiers/Sex"]);
        let mut with_u = children(2, 0);
        with_u.children[10].identifiers.sex = some("U");
        assert_eq!(issues(RULES, "2886Q", &with_u), ["2886Q - ChildIdentifiers/Sex"]);
    }

    fn died_with_plan(start: (i32, u32, u32), end: Option<(i32, u32, u32)>) -> crate::cin::model::Child {
        let mut c = child("H1");
        c.identifiers.person_death_date = Some(date(2025, 9, 1));
        c.cin_details[0].cin_plan_dates = vec![
            CinPlanDates { start_date: Some(date(2025, 6, 25)), end_date: Some(date(2025, 7, 1)) },
            CinPlanDates { start_date: Some(date(start.0, start.1, start.2)), end_date: end.map(|(y, m, d)| date(y, m, d)) },
        ];
        c
    }

    #[test]
    fn cin_plan_after_death() {
        assert_eq!(check("4008", died_with_plan((2025, 9, 2), None)), ["4008 H1 CINdetails[1]/CINPlanDates[2]/CINPlanStartDate"]);
        assert_eq!(check("4008", died_with_plan((2025, 9, 1), None)), Vec::<String>::new());
        assert_eq!(
            check("4009Q", died_with_plan((2025, 8, 1), Some((2025, 9, 5)))),
            ["4009Q H1 CINdetails[1]/CINPlanDates[2]/CINPlanEndDate"]
        );
        assert_eq!(check("4009Q", died_with_plan((2025, 8, 1), Some((2025, 9, 1)))), Vec::<String>::new());
    }

    #[test]
    fn sex_code() {
        for (sex, expected) in [(Some("X"), 1), (None, 1), (Some("1"), 1), (Some("M"), 0), (Some("U"), 0)] {
            let mut c = child("H1");
            c.identifiers.sex = sex.map(str::to_string);
            let want: Vec<String> = (0..expected).map(|_| "4180 H1 ChildIdentifiers/Sex".to_string()).collect();
            assert_eq!(check("4180", c), want, "{sex:?}");
        }
    }

    #[test]
    fn la_child_id_missing() {
        let mut c = child("H1");
        c.identifiers.la_child_id = Some("  ".into());
        assert_eq!(issues(RULES, "8500", &census(vec![child("H2"), c.clone()])), ["8500 - Child[2]/ChildIdentifiers/LAchildID"]);
        c.identifiers.la_child_id = None;
        assert_eq!(issues(RULES, "8500", &census(vec![c])), ["8500 - Child[1]/ChildIdentifiers/LAchildID"]);
        assert_eq!(check("8500", child("H1")), Vec::<String>::new());
    }

    #[test]
    fn la_child_id_shared() {
        let census_of = |ids: &[&str]| census(ids.iter().map(|id| child(id)).collect());
        assert_eq!(
            issues(RULES, "8510", &census_of(&["H1", "H2", "H1"])),
            ["8510 H1 Child[1]/ChildIdentifiers/LAchildID", "8510 H1 Child[3]/ChildIdentifiers/LAchildID"]
        );
        assert_eq!(issues(RULES, "8510", &census_of(&["H1", "H2"])), Vec::<String>::new());
    }

    #[test]
    fn born_after_census() {
        let mut c = child("H1");
        c.identifiers.person_birth_date = Some(date(2026, 4, 1));
        assert_eq!(check("8520", c.clone()), ["8520 H1 ChildIdentifiers/PersonBirthDate"]);
        c.identifiers.person_birth_date = Some(date(2026, 3, 31));
        assert_eq!(check("8520", c), Vec::<String>::new());
    }

    #[test]
    fn birth_or_expected_birth() {
        let mut c = child("H1");
        c.identifiers.expected_person_birth_date = Some(date(2026, 5, 1));
        assert_eq!(check("8525Q", c.clone()), ["8525Q H1 ChildIdentifiers/PersonBirthDate"]);
        c.identifiers.person_birth_date = None;
        assert_eq!(check("8525Q", c.clone()), Vec::<String>::new());
        c.identifiers.expected_person_birth_date = None;
        assert_eq!(check("8525Q", c), ["8525Q H1 ChildIdentifiers/PersonBirthDate"]);
    }

    #[test]
    fn expected_birth_range() {
        let expecting = |y, m, d| {
            let mut c = child("H1");
            c.identifiers.person_birth_date = None;
            c.identifiers.expected_person_birth_date = Some(date(y, m, d));
            check("8530Q", c)
        };
        assert_eq!(expecting(2026, 2, 28), ["8530Q H1 ChildIdentifiers/ExpectedPersonBirthDate"]);
        assert_eq!(expecting(2027, 1, 1), ["8530Q H1 ChildIdentifiers/ExpectedPersonBirthDate"]);
        assert_eq!(expecting(2026, 3, 1), Vec::<String>::new());
        assert_eq!(expecting(2026, 12, 31), Vec::<String>::new());
    }

    #[test]
    fn death_before_birth() {
        let mut c = child("H1");
        c.identifiers.person_death_date = Some(date(2015, 5, 31));
        assert_eq!(check("8535Q", c.clone()), ["8535Q H1 ChildIdentifiers/PersonDeathDate"]);
        c.identifiers.person_death_date = Some(date(2015, 6, 1));
        assert_eq!(check("8535Q", c), Vec::<String>::new());
    }

    #[test]
    fn death_in_year() {
        let mut c = child("H1");
        c.identifiers.person_death_date = Some(date(2025, 3, 31));
        assert_eq!(check("8545Q", c.clone()), ["8545Q H1 ChildIdentifiers/PersonDeathDate"]);
        c.identifiers.person_death_date = Some(date(2025, 4, 1));
        assert_eq!(check("8545Q", c.clone()), Vec::<String>::new());
        c.identifiers.person_death_date = Some(date(2026, 4, 1));
        assert_eq!(check("8545Q", c), ["8545Q H1 ChildIdentifiers/PersonDeathDate"]);
    }

    #[test]
    fn child_without_episode() {
        let mut c = child("H1");
        c.cin_details.clear();
        assert_eq!(check("8590", c), ["8590 H1 CINdetails"]);
        assert_eq!(check("8590", child("H1")), Vec::<String>::new());
    }

    #[test]
    fn unborn_sex() {
        let mut c = child("H1");
        c.identifiers.person_birth_date = None;
        c.identifiers.expected_person_birth_date = Some(date(2026, 5, 1));
        assert_eq!(check("8750", c.clone()), ["8750 H1 ChildIdentifiers/Sex"]);
        c.identifiers.sex = some("U");
        assert_eq!(check("8750", c), Vec::<String>::new());
    }

    fn without_upn(born: (i32, u32, u32), unknown: Option<&str>) -> crate::cin::model::Child {
        let mut c = child("H1");
        c.identifiers.upn = None;
        c.identifiers.upn_unknown = unknown.map(str::to_string);
        c.identifiers.person_birth_date = Some(date(born.0, born.1, born.2));
        c
    }

    #[test]
    fn school_age_upn() {
        let fails = ["8770Q H1 ChildIdentifiers/UPNunknown"];
        assert_eq!(check("8770Q", without_upn((2020, 8, 31), None)), fails);
        assert_eq!(check("8770Q", without_upn((2015, 6, 1), Some("UN1"))), fails);
        assert_eq!(check("8770Q", without_upn((2015, 6, 1), Some("UN3"))), Vec::<String>::new());
        // Not yet of school age.
        assert_eq!(check("8770Q", without_upn((2020, 9, 1), None)), Vec::<String>::new());
        // Only referrals with no further action.
        let mut nfa = without_upn((2015, 6, 1), None);
        nfa.cin_details[0].referral_nfa = some("true");
        assert_eq!(check("8770Q", nfa), Vec::<String>::new());
    }

    #[test]
    fn un7_needs_every_referral_nfa() {
        let mut c = child("H1");
        c.identifiers.upn = None;
        c.identifiers.upn_unknown = some("UN7");
        c.cin_details.push(CinDetails { referral_nfa: some("1"), ..episode() });
        assert_eq!(check("8772", c.clone()), ["8772 H1 ChildIdentifiers/UPNunknown"]);
        c.cin_details[0].referral_nfa = some("true");
        assert_eq!(check("8772", c), Vec::<String>::new());
    }

    #[test]
    fn over_twenty_five() {
        let mut c = child("H1");
        c.identifiers.person_birth_date = Some(date(2001, 3, 30));
        assert_eq!(check("8775Q", c.clone()), ["8775Q H1 ChildIdentifiers/PersonBirthDate"]);
        // Closed by the 25th birthday.
        c.cin_details[0].cin_closure_date = Some(date(2026, 3, 30));
        assert_eq!(check("8775Q", c.clone()), Vec::<String>::new());
        c.cin_details[0].cin_closure_date = Some(date(2026, 3, 31));
        assert_eq!(check("8775Q", c.clone()), ["8775Q H1 ChildIdentifiers/PersonBirthDate"]);
        // Exactly 25 at the reference date is not over 25.
        c.identifiers.person_birth_date = Some(date(2001, 3, 31));
        c.cin_details[0].cin_closure_date = None;
        assert_eq!(check("8775Q", c), Vec::<String>::new());
    }
}
