//! Rules on `ChildCharacteristics`: ethnicity and disabilities, each
//! child's and, for the two queries on how fully disability is recorded,
//! the authority's across the return.

use super::{Context, Findings, Rule, led_to_further_action, text};
use crate::cin::model::{Child, CinCensus};
use crate::cin_rule;
use hearth_domain::codes::{Disability, Ethnicity};
use std::collections::BTreeSet;

pub(super) const RULES: &[Rule] = &[
    Rule {
        info: cin_rule!(
            "2887Q",
            Query,
            "Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return"
        ),
        check: few_disability_codes,
    },
    Rule {
        info: cin_rule!(
            "2888Q",
            Query,
            "Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible."
        ),
        check: one_disability_each,
    },
    Rule { info: cin_rule!("4220", Error, "Ethnicity is missing or invalid (see Ethnicity table)"), check: ethnicity_missing_or_invalid },
    Rule {
        info: cin_rule!("8540", Error, "Child’s disability is missing or invalid (see Disability table)"),
        check: disability_missing_or_invalid,
    },
    Rule { info: cin_rule!("8790", Error, "Disability information includes both None and other values"), check: none_with_disability },
    Rule { info: cin_rule!("8794", Error, "Child has two or more disabilities with the same code"), check: disability_repeated },
];

const DISABILITIES: &str = "ChildCharacteristics/Disabilities";
const NONE: &str = "NONE";

fn disabilities(child: &Child) -> impl Iterator<Item = &str> {
    child.characteristics.disabilities.iter().map(|d| d.trim())
}

fn disability_path(index: usize) -> String {
    format!("{DISABILITIES}/Disability[{}]", index + 1)
}

/// A child's disability codes other than NONE, each once; codes not in the
/// table are 8540's business and are not counted as codes used.
fn disabilities_recorded(child: &Child) -> BTreeSet<Disability> {
    disabilities(child).filter_map(Disability::from_code).filter(|d| *d != Disability::None).collect()
}

/// The DfE wants more than 7 different codes (NONE aside) used across the
/// return; an authority using 7 or fewer is asked to check. (The community
/// validator counts NONE entries instead, which is not the rule.) A return
/// with no children has nothing to query.
fn few_disability_codes(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    if census.children.is_empty() {
        return;
    }
    let used: BTreeSet<Disability> = census.children.iter().flat_map(disabilities_recorded).collect();
    if used.len() <= 7 {
        findings.census(DISABILITIES);
    }
}

/// Queried when children are recorded with a disability but none with more
/// than one. A return with no disabled children at all is not queried here
/// (2887Q already asks about it).
fn one_disability_each(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    let counts: Vec<usize> = census.children.iter().map(|c| disabilities_recorded(c).len()).filter(|n| *n > 0).collect();
    if !counts.is_empty() && counts.iter().all(|n| *n == 1) {
        findings.census(DISABILITIES);
    }
}

fn ethnicity_missing_or_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        if text(&child.characteristics.ethnicity).and_then(Ethnicity::from_code).is_none() {
            findings.child(child, "ChildCharacteristics/Ethnicity");
        }
    }
}

/// Required of a born child with at least one referral that went on to
/// further action: at least one disability (NONE included), each a code
/// from the table. A missing list is reported once, a bad code where it is.
fn disability_missing_or_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let required = child.identifiers.person_birth_date.is_some() && child.cin_details.iter().any(led_to_further_action);
        if !required {
            continue;
        }
        if child.characteristics.disabilities.is_empty() {
            findings.child(child, DISABILITIES);
        }
        for (n, code) in disabilities(child).enumerate() {
            if Disability::from_code(code).is_none() {
                findings.child(child, disability_path(n));
            }
        }
    }
}

fn none_with_disability(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        if disabilities(child).any(|d| d == NONE) && disabilities(child).any(|d| d != NONE) {
            findings.child(child, DISABILITIES);
        }
    }
}

/// Each repeat is reported where it stands; the first of each code is not.
fn disability_repeated(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let mut seen = BTreeSet::new();
        for (n, code) in disabilities(child).enumerate() {
            if !seen.insert(code) {
                findings.child(child, disability_path(n));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::cin::model::Child;
    use crate::cin::rules::test_support::{census, child, issues, issues_for, some};

    fn disabled(id: &str, codes: &[&str]) -> Child {
        let mut c = child(id);
        c.characteristics.disabilities = codes.iter().map(|d| d.to_string()).collect();
        c
    }

    #[test]
    fn valid_child_passes_every_child_level_rule() {
        for code in ["4220", "8540", "8790", "8794"] {
            assert_eq!(issues_for(RULES, code, child("H1")), Vec::<String>::new(), "{code}");
        }
    }

    #[test]
    fn eight_disability_codes_wanted() {
        let seven = census(vec![
            disabled("H1", &["MOB", "HAND", "PC", "INC"]),
            disabled("H2", &["COMM", "LD", "HEAR", "MOB", "XYZ"]),
            disabled("H3", &["NONE"]),
        ]);
        assert_eq!(issues(RULES, "2887Q", &seven), ["2887Q - ChildCharacteristics/Disabilities"]);
        let eight = census(vec![disabled("H1", &["MOB", "HAND", "PC", "INC"]), disabled("H2", &["COMM", "LD", "HEAR", "VIS"])]);
        assert_eq!(issues(RULES, "2887Q", &eight), Vec::<String>::new());
        assert_eq!(issues(RULES, "2887Q", &census(vec![])), Vec::<String>::new());
    }

    #[test]
    fn someone_should_have_several_disabilities() {
        let singles = census(vec![disabled("H1", &["MOB"]), disabled("H2", &["AUT"]), child("H3")]);
        assert_eq!(issues(RULES, "2888Q", &singles), ["2888Q - ChildCharacteristics/Disabilities"]);
        // A repeated code is still one disability.
        let repeated = census(vec![disabled("H1", &["MOB", "MOB"])]);
        assert_eq!(issues(RULES, "2888Q", &repeated), ["2888Q - ChildCharacteristics/Disabilities"]);
        let several = census(vec![disabled("H1", &["MOB"]), disabled("H2", &["AUT", "LD"])]);
        assert_eq!(issues(RULES, "2888Q", &several), Vec::<String>::new());
        assert_eq!(issues(RULES, "2888Q", &census(vec![child("H1")])), Vec::<String>::new());
    }

    #[test]
    fn ethnicity_code() {
        let mut c = child("H1");
        c.characteristics.ethnicity = some("WHITE");
        assert_eq!(issues_for(RULES, "4220", c.clone()), ["4220 H1 ChildCharacteristics/Ethnicity"]);
        c.characteristics.ethnicity = None;
        assert_eq!(issues_for(RULES, "4220", c.clone()), ["4220 H1 ChildCharacteristics/Ethnicity"]);
        c.characteristics.ethnicity = some("NOBT");
        assert_eq!(issues_for(RULES, "4220", c), Vec::<String>::new());
    }

    #[test]
    fn disability_required_and_valid() {
        assert_eq!(issues_for(RULES, "8540", disabled("H1", &[])), ["8540 H1 ChildCharacteristics/Disabilities"]);
        assert_eq!(
            issues_for(RULES, "8540", disabled("H1", &["MOB", "DEAF"])),
            ["8540 H1 ChildCharacteristics/Disabilities/Disability[2]"]
        );
        assert_eq!(issues_for(RULES, "8540", disabled("H1", &["MOB", "DDA"])), Vec::<String>::new());
        // Not required of an unborn child or one whose referrals all ended in no further action.
        let mut unborn = disabled("H1", &[]);
        unborn.identifiers.person_birth_date = None;
        assert_eq!(issues_for(RULES, "8540", unborn), Vec::<String>::new());
        let mut nfa = disabled("H1", &[]);
        nfa.cin_details[0].referral_nfa = some("true");
        assert_eq!(issues_for(RULES, "8540", nfa), Vec::<String>::new());
    }

    #[test]
    fn none_stands_alone() {
        assert_eq!(issues_for(RULES, "8790", disabled("H1", &["NONE", "MOB"])), ["8790 H1 ChildCharacteristics/Disabilities"]);
        assert_eq!(issues_for(RULES, "8790", disabled("H1", &["MOB", "AUT"])), Vec::<String>::new());
    }

    #[test]
    fn each_disability_once() {
        assert_eq!(
            issues_for(RULES, "8794", disabled("H1", &["MOB", "AUT", "MOB", "MOB"])),
            ["8794 H1 ChildCharacteristics/Disabilities/Disability[3]", "8794 H1 ChildCharacteristics/Disabilities/Disability[4]"]
        );
        assert_eq!(issues_for(RULES, "8794", disabled("H1", &["MOB", "AUT"])), Vec::<String>::new());
    }
}
