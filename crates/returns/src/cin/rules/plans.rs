//! Rules on assessments and child in need plans: the DfE's `Assessments`
//! and `CINplanDates` modules.
//!
//! Where the DfE's wording leaves a boundary open, the reading is the one
//! in the DfE's rule specification, noted on the rule.

use super::{Context, Findings, Rule, each_episode, episode_path, group_path, text};
use crate::cin::model::{Assessment, Child, CinCensus, CinDetails, CinPlanDates};
use crate::cin_rule;
use chrono::NaiveDate;
use hearth_domain::codes::AssessmentFactor;

pub(super) const RULES: &[Rule] = &[
    Rule {
        info: cin_rule!("1103", Error, "The assessment start date cannot be before the referral date"),
        check: assessment_before_referral,
    },
    Rule { info: cin_rule!("4000", Error, "CIN Plan details provided for a referral with no further action"), check: plan_on_nfa_referral },
    Rule {
        info: cin_rule!("4001", Error, "A CIN Plan cannot run concurrently with a Child Protection Plan"),
        check: plan_open_with_open_cpp,
    },
    Rule {
        info: cin_rule!("4004", Error, "This child is showing more than one open CIN Plan, i.e. with no End Date"),
        check: more_than_one_open_plan,
    },
    Rule {
        info: cin_rule!("4010", Error, "CIN Plan start date is missing or out of data collection period"),
        check: plan_start_missing_or_late,
    },
    Rule { info: cin_rule!("4011", Error, "CIN Plan End Date earlier than Start Date"), check: plan_ends_before_start },
    Rule {
        info: cin_rule!(
            "4012Q",
            Query,
            "Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day"
        ),
        check: plan_starts_and_ends_same_day,
    },
    Rule { info: cin_rule!("4013", Error, "CIN Plan end date must fall within the census year"), check: plan_end_outside_year },
    Rule { info: cin_rule!("4014", Error, "CIN Plan data contains overlapping dates"), check: plans_overlap },
    Rule { info: cin_rule!("4015", Error, "The CIN Plan start date cannot be before the referral date"), check: plan_before_referral },
    Rule {
        info: cin_rule!("4016", Error, "A CIN Plan has been reported as open at the same time as a Child Protection Plan."),
        check: plan_starts_during_cpp,
    },
    Rule {
        info: cin_rule!("4017", Error, "A CIN Plan has been reported as open at the same time as a Child Protection Plan."),
        check: cpp_starts_during_plan,
    },
    Rule { info: cin_rule!("8608", Error, "Assessment Start Date cannot be later than its End Date"), check: assessment_ends_before_start },
    Rule {
        info: cin_rule!("8614", Error, "Parental or child factors at assessment should only be present for a completed assessment."),
        check: factors_on_incomplete_assessment,
    },
    Rule {
        info: cin_rule!(
            "8670Q",
            Query,
            "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date."
        ),
        check: assessment_open_too_long,
    },
    Rule { info: cin_rule!("8696", Error, "Assessment end date must fall within the census year"), check: assessment_end_outside_year },
    Rule {
        info: cin_rule!("8736", Error, "For an Assessment that has not been completed, the start date must fall within the census year"),
        check: open_assessment_start_outside_year,
    },
    Rule {
        info: cin_rule!("8863Q", Query, "An Assessment is shown as starting when there is another Assessment ongoing."),
        check: assessment_starts_during_another,
    },
    Rule {
        info: cin_rule!("8869", Error, "The assessment factors code “21” cannot be used in conjunction with any other assessment factors."),
        check: no_factors_code_with_others,
    },
    Rule {
        info: cin_rule!(
            "8873Q",
            Query,
            "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used."
        ),
        check: no_factors_without_assessment_closure,
    },
    Rule {
        info: cin_rule!("8896", Error, "Within one CINDetails group there are 2 or more open Assessments groups"),
        check: more_than_one_open_assessment,
    },
    Rule {
        info: cin_rule!("8897Q", Query, "Parental or child factors at assessment information is missing from a completed assessment"),
        check: completed_assessment_without_factors,
    },
    Rule {
        info: cin_rule!("8898", Error, "The assessment has more than one parental or child factors with the same code"),
        check: factor_repeated,
    },
    Rule {
        info: cin_rule!(
            "8945Q",
            Query,
            "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)"
        ),
        check: retired_physical_abuse_factor,
    },
    Rule {
        info: cin_rule!(
            "8950Q",
            Query,
            "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)"
        ),
        check: retired_sexual_abuse_factor,
    },
];

const ASSESSMENTS: &str = "Assessments";
const PLANS: &str = "CINPlanDates";

/// Factor codes the census no longer takes but still knows: 8945Q and
/// 8950Q query them, so 8897Q must not call them invalid as well.
const RETIRED_FACTORS: &[&str] = &["18A", "19A"];

/// "No factors identified".
const NO_FACTORS: &str = "21";

/// The working days an assessment may run (Working Together).
const ASSESSMENT_WORKING_DAYS: i64 = 45;

fn each_assessment(census: &CinCensus) -> impl Iterator<Item = (&Child, usize, &CinDetails, usize, &Assessment)> {
    each_episode(census).flat_map(|(child, e, details)| details.assessments.iter().enumerate().map(move |(a, x)| (child, e, details, a, x)))
}

fn each_plan(census: &CinCensus) -> impl Iterator<Item = (&Child, usize, &CinDetails, usize, &CinPlanDates)> {
    each_episode(census)
        .flat_map(|(child, e, details)| details.cin_plan_dates.iter().enumerate().map(move |(p, x)| (child, e, details, p, x)))
}

/// A child's CIN plans across all their episodes, with episode and plan index.
fn plans_of(child: &Child) -> impl Iterator<Item = (usize, usize, &CinPlanDates)> {
    child.cin_details.iter().enumerate().flat_map(|(e, d)| d.cin_plan_dates.iter().enumerate().map(move |(p, x)| (e, p, x)))
}

fn factors_path(episode: usize, assessment: usize) -> String {
    group_path(episode, ASSESSMENTS, assessment, "AssessmentFactors")
}

fn factor_path(episode: usize, assessment: usize, factor: usize) -> String {
    format!("{}[{}]", factors_path(episode, assessment), factor + 1)
}

fn is_factor(code: &str, wanted: &str) -> bool {
    code.trim().eq_ignore_ascii_case(wanted)
}

fn assessment_before_referral(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details, a, assessment) in each_assessment(census) {
        if let (Some(start), Some(referral)) = (assessment.actual_start_date, details.cin_referral_date)
            && start < referral
        {
            findings.child(child, group_path(e, ASSESSMENTS, a, "AssessmentActualStartDate"));
        }
    }
}

fn plan_on_nfa_referral(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details, p, _) in each_plan(census) {
        if details.is_nfa() {
            findings.child(child, format!("{}/{PLANS}[{}]", episode_path(e), p + 1));
        }
    }
}

/// The DfE compares within the episode: an open CIN plan beside an open
/// child protection plan of the same episode.
fn plan_open_with_open_cpp(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details, p, plan) in each_plan(census) {
        let cpp_open = details.child_protection_plans.iter().any(|cpp| cpp.end_date.is_none());
        if cpp_open && plan.start_date.is_some() && plan.end_date.is_none() {
            findings.child(child, group_path(e, PLANS, p, "CINPlanEndDate"));
        }
    }
}

/// Counted across the child's episodes, as the message says "this child":
/// two open plans in different episodes are as wrong as two in one.
fn more_than_one_open_plan(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let open: Vec<(usize, usize)> = plans_of(child).filter(|(_, _, plan)| plan.end_date.is_none()).map(|(e, p, _)| (e, p)).collect();
        if open.len() > 1 {
            for (e, p) in open {
                findings.child(child, group_path(e, PLANS, p, "CINPlanEndDate"));
            }
        }
    }
}

/// A plan that started before the year is fine (it is still open or
/// ended in it); only a missing start or one after the reference date fails.
fn plan_start_missing_or_late(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, p, plan) in each_plan(census) {
        if plan.start_date.is_none_or(|start| start > context.reference_date()) {
            findings.child(child, group_path(e, PLANS, p, "CINPlanStartDate"));
        }
    }
}

fn plan_ends_before_start(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, p, plan) in each_plan(census) {
        if let (Some(start), Some(end)) = (plan.start_date, plan.end_date)
            && end < start
        {
            findings.child(child, group_path(e, PLANS, p, "CINPlanEndDate"));
        }
    }
}

fn plan_starts_and_ends_same_day(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, p, plan) in each_plan(census) {
        if plan.start_date.is_some() && plan.start_date == plan.end_date {
            findings.child(child, group_path(e, PLANS, p, "CINPlanEndDate"));
        }
    }
}

fn plan_end_outside_year(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, p, plan) in each_plan(census) {
        if plan.end_date.is_some_and(|end| !context.year.window().contains(end)) {
            findings.child(child, group_path(e, PLANS, p, "CINPlanEndDate"));
        }
    }
}

/// Whether `date` falls on or after `start` and on or before `end` (or the
/// reference date while open): "within" in the DfE's overlap rules.
fn within(date: NaiveDate, start: NaiveDate, end: Option<NaiveDate>, reference: NaiveDate) -> bool {
    date >= start && date <= end.unwrap_or(reference)
}

/// Whether `date` falls on or after `start` and before `end` (on or before
/// the reference date while open): the CIN/CP plan rules let one plan
/// start on the day the other ends, the usual step up or step down.
fn within_before_end(date: NaiveDate, start: NaiveDate, end: Option<NaiveDate>, reference: NaiveDate) -> bool {
    date >= start && end.map_or(date <= reference, |end| date < end)
}

/// A plan's start may not fall within any other of the child's plans (in
/// any episode), both ends included; the later-starting plan is reported
/// (both, when they start on the same day).
fn plans_overlap(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let reference = context.reference_date();
    for child in &census.children {
        for (e, p, plan) in plans_of(child) {
            let Some(start) = plan.start_date else { continue };
            let overlaps = plans_of(child).any(|(oe, op, other)| {
                (oe, op) != (e, p) && other.start_date.is_some_and(|os| within(start, os, other.end_date, reference))
            });
            if overlaps {
                findings.child(child, group_path(e, PLANS, p, "CINPlanStartDate"));
            }
        }
    }
}

fn plan_before_referral(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details, p, plan) in each_plan(census) {
        if let (Some(start), Some(referral)) = (plan.start_date, details.cin_referral_date)
            && start < referral
        {
            findings.child(child, group_path(e, PLANS, p, "CINPlanStartDate"));
        }
    }
}

/// A CIN plan may not start while any of the child's child protection
/// plans is open; starting on the day one ends is the step down.
fn plan_starts_during_cpp(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let reference = context.reference_date();
    for child in &census.children {
        for (e, p, plan) in plans_of(child) {
            let Some(start) = plan.start_date else { continue };
            let during = child
                .cin_details
                .iter()
                .flat_map(|d| &d.child_protection_plans)
                .any(|cpp| cpp.start_date.is_some_and(|cs| within_before_end(start, cs, cpp.end_date, reference)));
            if during {
                findings.child(child, group_path(e, PLANS, p, "CINPlanStartDate"));
            }
        }
    }
}

/// A child protection plan may not start while any of the child's CIN
/// plans is open; starting on the day one ends is the step up. Reported on
/// the protection plan, whose start is the date that falls inside.
fn cpp_starts_during_plan(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let reference = context.reference_date();
    for child in &census.children {
        for (e, details) in child.cin_details.iter().enumerate() {
            for (k, cpp) in details.child_protection_plans.iter().enumerate() {
                let Some(start) = cpp.start_date else { continue };
                let during = plans_of(child)
                    .any(|(_, _, plan)| plan.start_date.is_some_and(|ps| within_before_end(start, ps, plan.end_date, reference)));
                if during {
                    findings.child(child, group_path(e, "ChildProtectionPlans", k, "CPPstartDate"));
                }
            }
        }
    }
}

fn assessment_ends_before_start(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, a, assessment) in each_assessment(census) {
        if let (Some(start), Some(end)) = (assessment.actual_start_date, assessment.authorisation_date)
            && start > end
        {
            findings.child(child, group_path(e, ASSESSMENTS, a, "AssessmentAuthorisationDate"));
        }
    }
}

fn factors_on_incomplete_assessment(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, a, assessment) in each_assessment(census) {
        if assessment.authorisation_date.is_none() && !assessment.factors.is_empty() {
            findings.child(child, factors_path(e, a));
        }
    }
}

/// "More than 45 working days before the end of the year": more than 45
/// working days from the start to the reference date, in the England and
/// Wales calendar.
fn assessment_open_too_long(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let reference = context.reference_date();
    for (child, e, _, a, assessment) in each_assessment(census) {
        if assessment.authorisation_date.is_some() {
            continue;
        }
        if let Some(start) = assessment.actual_start_date
            && context.calendar.working_days_between(start, reference) > ASSESSMENT_WORKING_DAYS
        {
            findings.child(child, group_path(e, ASSESSMENTS, a, "AssessmentActualStartDate"));
        }
    }
}

fn assessment_end_outside_year(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, a, assessment) in each_assessment(census) {
        if assessment.authorisation_date.is_some_and(|end| !context.year.window().contains(end)) {
            findings.child(child, group_path(e, ASSESSMENTS, a, "AssessmentAuthorisationDate"));
        }
    }
}

/// An assessment still open at the year end must have started in the year
/// (one open from an earlier year should have been authorised then); a
/// missing start is not in the year either.
fn open_assessment_start_outside_year(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, a, assessment) in each_assessment(census) {
        if assessment.authorisation_date.is_none()
            && assessment.actual_start_date.is_none_or(|start| !context.year.window().contains(start))
        {
            findings.child(child, group_path(e, ASSESSMENTS, a, "AssessmentActualStartDate"));
        }
    }
}

/// Within one episode, an assessment may not start on or between another's
/// start and authorisation (or the reference date while it is open).
fn assessment_starts_during_another(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let reference = context.reference_date();
    for (child, e, details, a, assessment) in each_assessment(census) {
        let Some(start) = assessment.actual_start_date else { continue };
        let during =
            details.assessments.iter().enumerate().any(|(o, other)| {
                o != a && other.actual_start_date.is_some_and(|os| within(start, os, other.authorisation_date, reference))
            });
        if during {
            findings.child(child, group_path(e, ASSESSMENTS, a, "AssessmentActualStartDate"));
        }
    }
}

fn no_factors_code_with_others(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, a, assessment) in each_assessment(census) {
        let has_none = assessment.factors.iter().any(|f| is_factor(f, NO_FACTORS));
        let has_other = assessment.factors.iter().any(|f| !is_factor(f, NO_FACTORS));
        if has_none && has_other {
            findings.child(child, factors_path(e, a));
        }
    }
}

/// Read as the DfE specifies it: an episode with exactly one assessment,
/// completed with "21", should close RC8 or RC9, so an episode still open
/// (no reason yet) is queried too: the analyst confirms it stays open.
fn no_factors_without_assessment_closure(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details) in each_episode(census) {
        let [only] = details.assessments.as_slice() else { continue };
        let no_factors = only.authorisation_date.is_some() && only.factors.iter().any(|f| is_factor(f, NO_FACTORS));
        if no_factors && !matches!(text(&details.reason_for_closure), Some("RC8" | "RC9")) {
            findings.child(child, format!("{}/ReasonForClosure", episode_path(e)));
        }
    }
}

fn more_than_one_open_assessment(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details) in each_episode(census) {
        let open: Vec<usize> =
            details.assessments.iter().enumerate().filter(|(_, x)| x.authorisation_date.is_none()).map(|(a, _)| a).collect();
        if open.len() > 1 {
            for a in open {
                findings.child(child, group_path(e, ASSESSMENTS, a, "AssessmentAuthorisationDate"));
            }
        }
    }
}

/// An assessment authorised in the year (or later: 8696 reports that)
/// needs at least one factor, and every factor a census code; this is the
/// only rule that checks the codes.
fn completed_assessment_without_factors(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, a, assessment) in each_assessment(census) {
        if assessment.authorisation_date.is_none_or(|end| end < context.collection_start()) {
            continue;
        }
        let valid = |code: &String| AssessmentFactor::from_code(code).is_some() || RETIRED_FACTORS.iter().any(|r| is_factor(code, r));
        if assessment.factors.is_empty() || !assessment.factors.iter().all(valid) {
            findings.child(child, factors_path(e, a));
        }
    }
}

/// Reports each repeat after the first, so the report says which to remove.
fn factor_repeated(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, a, assessment) in each_assessment(census) {
        for (i, code) in assessment.factors.iter().enumerate() {
            if assessment.factors[..i].iter().any(|earlier| is_factor(earlier, code.trim())) {
                findings.child(child, factor_path(e, a, i));
            }
        }
    }
}

fn retired_factor(census: &CinCensus, findings: &mut Findings<'_>, retired: &str) {
    for (child, e, _, a, assessment) in each_assessment(census) {
        for (i, code) in assessment.factors.iter().enumerate() {
            if is_factor(code, retired) {
                findings.child(child, factor_path(e, a, i));
            }
        }
    }
}

fn retired_physical_abuse_factor(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    retired_factor(census, findings, "18A");
}

fn retired_sexual_abuse_factor(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    retired_factor(census, findings, "19A");
}

/// A census builder for the rule tests of this module and `protection`.
#[cfg(test)]
pub(super) mod testing {
    use crate::cin::model::{
        Assessment, Child, ChildCharacteristics, ChildIdentifiers, ChildProtectionPlan, CinCensus, CinDetails, CinPlanDates, Section47,
    };
    use crate::cin::rules::{Context, Rule, run};
    use crate::period::CollectionYear;
    use chrono::NaiveDate;
    use hearth_domain::calendar::Calendar;
    use std::sync::LazyLock;

    static CALENDAR: LazyLock<Calendar> = LazyLock::new(Calendar::england_and_wales);

    /// No issues, typed so `assert_eq!` prints what was found instead.
    pub const NONE: [&str; 0] = [];

    /// The 2025-26 year: 1 April 2025 to 31 March 2026.
    pub fn context() -> Context<'static> {
        Context { year: CollectionYear::starting(2025), la_code: "999", calendar: &CALENDAR }
    }

    pub fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
    }

    pub fn on(text: &str) -> Option<NaiveDate> {
        Some(day(text))
    }

    fn code(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    /// One episode that every rule of both modules accepts: a referral on
    /// Thursday 1 May 2025, an assessment authorised on 16 May with factor
    /// 3A, a CIN plan from then until the initial conference on Monday
    /// 2 June after a section 47 from 19 May, and the protection plan that
    /// conference started, still open, reviewed on 26 August.
    pub fn episode() -> CinDetails {
        CinDetails {
            cin_referral_date: on("2025-05-01"),
            referral_source: code("1A"),
            primary_need_code: code("N1"),
            cin_closure_date: None,
            reason_for_closure: None,
            date_of_initial_cpc: None,
            assessments: vec![Assessment {
                actual_start_date: on("2025-05-02"),
                internal_review_date: None,
                authorisation_date: on("2025-05-16"),
                factors: vec!["3A".to_string()],
            }],
            cin_plan_dates: vec![CinPlanDates { start_date: on("2025-05-16"), end_date: on("2025-06-02") }],
            section47: vec![Section47 {
                actual_start_date: on("2025-05-19"),
                initial_cpc_target: on("2025-06-02"),
                date_of_initial_cpc: on("2025-06-02"),
                icpc_not_required: code("false"),
            }],
            referral_nfa: code("false"),
            child_protection_plans: vec![ChildProtectionPlan {
                start_date: on("2025-06-02"),
                end_date: None,
                initial_category_of_abuse: code("NEG"),
                latest_category_of_abuse: code("NEG"),
                number_of_previous_cpp: code("0"),
                review_dates: vec![Some(day("2025-08-26"))],
            }],
        }
    }

    pub fn child(id: &str) -> Child {
        Child {
            identifiers: ChildIdentifiers {
                la_child_id: code(id),
                person_birth_date: on("2015-06-01"),
                sex: code("F"),
                ..ChildIdentifiers::default()
            },
            characteristics: ChildCharacteristics { ethnicity: code("WBRI"), disabilities: vec!["NONE".to_string()] },
            cin_details: vec![episode()],
        }
    }

    pub fn census(children: Vec<Child>) -> CinCensus {
        CinCensus { children, ..CinCensus::default() }
    }

    /// Child `C1` with its one episode changed by `change`.
    pub fn with(change: impl FnOnce(&mut CinDetails)) -> CinCensus {
        with_child("C1", |c| change(&mut c.cin_details[0]))
    }

    /// A census of one child, `id`, changed by `change`.
    pub fn with_child(id: &str, change: impl FnOnce(&mut Child)) -> CinCensus {
        let mut c = child(id);
        change(&mut c);
        census(vec![c])
    }

    /// Runs the rule `code` of `rules` and lists its issues as `code child location`.
    pub fn issues(rules: &[Rule], code: &str, census: &CinCensus) -> Vec<String> {
        let rule = rules.iter().find(|r| r.info.code == code).expect("the rule is in this module");
        run(rule, census, &context())
            .into_iter()
            .map(|i| format!("{} {} {}", i.code, i.child.as_deref().unwrap_or("-"), i.location))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use super::testing::{NONE, census, child, day, issues, on, with};
    use crate::cin::model::{Assessment, CinPlanDates};
    use crate::validation::RuleType;

    fn plan(start: &str, end: Option<&str>) -> CinPlanDates {
        CinPlanDates { start_date: on(start), end_date: end.map(day) }
    }

    fn assessment(start: &str, end: Option<&str>, factors: &[&str]) -> Assessment {
        Assessment {
            actual_start_date: on(start),
            internal_review_date: None,
            authorisation_date: end.map(day),
            factors: factors.iter().map(|f| f.to_string()).collect(),
        }
    }

    fn factors(codes: &[&str]) -> crate::cin::model::CinCensus {
        with(|d| d.assessments[0].factors = codes.iter().map(|f| f.to_string()).collect())
    }

    /// The 54 codes of the DfE's Assessments, CINplanDates, Section47,
    /// ChildProtectionPlans and Reviews modules for 2025-26.
    const PART_B_CODES: [&str; 54] = [
        "1103", "1104", "1105", "2883", "2884", "2885", "2889", "4000", "4001", "4003", "4004", "4010", "4011", "4012Q", "4013", "4014",
        "4015", "4016", "4017", "8565", "8608", "8614", "8615", "8670Q", "8675Q", "8696", "8715", "8720", "8730", "8736", "8740", "8832",
        "8839", "8840", "8841", "8842Q", "8863Q", "8869", "8870Q", "8873Q", "8875", "8896", "8897Q", "8898", "8905", "8910", "8915",
        "8920", "8925", "8930", "8935", "8940", "8945Q", "8950Q",
    ];

    #[test]
    fn the_modules_hold_exactly_the_dfe_codes_with_queries_marked() {
        let rules: Vec<_> = RULES.iter().chain(super::super::protection::RULES).collect();
        let mut codes: Vec<&str> = rules.iter().map(|r| r.info.code).collect();
        codes.sort_unstable();
        assert_eq!(codes, PART_B_CODES);
        for rule in rules {
            let expected = if rule.info.code.ends_with('Q') { RuleType::Query } else { RuleType::Error };
            assert_eq!(rule.info.rule_type, expected, "{}", rule.info.code);
        }
    }

    #[test]
    fn the_base_census_passes_every_rule_of_both_modules() {
        let census = census(vec![child("C1"), child("C2")]);
        for rule in RULES.iter().chain(super::super::protection::RULES) {
            let found = crate::cin::rules::run(rule, &census, &super::testing::context());
            assert!(found.is_empty(), "{} found {found:?}", rule.info.code);
        }
    }

    #[test]
    fn r1103_assessment_before_referral() {
        let fails = with(|d| d.assessments[0].actual_start_date = on("2025-04-30"));
        assert_eq!(issues(RULES, "1103", &fails), ["1103 C1 CINdetails[1]/Assessments[1]/AssessmentActualStartDate"]);
        let same_day = with(|d| d.assessments[0].actual_start_date = on("2025-05-01"));
        assert_eq!(issues(RULES, "1103", &same_day), NONE);
    }

    #[test]
    fn r4000_plan_on_nfa_referral() {
        assert_eq!(issues(RULES, "4000", &with(|d| d.referral_nfa = Some("true".into()))), ["4000 C1 CINdetails[1]/CINPlanDates[1]"]);
        assert_eq!(issues(RULES, "4000", &with(|d| d.referral_nfa = Some("1".into()))), ["4000 C1 CINdetails[1]/CINPlanDates[1]"]);
        assert_eq!(issues(RULES, "4000", &with(|d| d.referral_nfa = Some("0".into()))), NONE);
    }

    #[test]
    fn r4001_open_plan_beside_open_cpp() {
        let fails = with(|d| d.cin_plan_dates[0].end_date = None);
        assert_eq!(issues(RULES, "4001", &fails), ["4001 C1 CINdetails[1]/CINPlanDates[1]/CINPlanEndDate"]);
        let cpp_ended = with(|d| {
            d.cin_plan_dates[0].end_date = None;
            d.child_protection_plans[0].end_date = on("2025-09-01");
        });
        assert_eq!(issues(RULES, "4001", &cpp_ended), NONE);
    }

    #[test]
    fn r4004_more_than_one_open_plan() {
        let fails = with(|d| {
            d.cin_plan_dates[0].end_date = None;
            d.cin_plan_dates.push(plan("2025-07-01", None));
        });
        assert_eq!(
            issues(RULES, "4004", &fails),
            ["4004 C1 CINdetails[1]/CINPlanDates[1]/CINPlanEndDate", "4004 C1 CINdetails[1]/CINPlanDates[2]/CINPlanEndDate"]
        );
        assert_eq!(issues(RULES, "4004", &with(|d| d.cin_plan_dates[0].end_date = None)), NONE);
    }

    #[test]
    fn r4010_plan_start_missing_or_after_year() {
        let mut fails = with(|d| d.cin_plan_dates[0].start_date = None);
        fails.children.extend(with(|d| d.cin_plan_dates[0].start_date = on("2026-04-01")).children);
        fails.children[1].identifiers.la_child_id = Some("C2".into());
        assert_eq!(
            issues(RULES, "4010", &fails),
            ["4010 C1 CINdetails[1]/CINPlanDates[1]/CINPlanStartDate", "4010 C2 CINdetails[1]/CINPlanDates[1]/CINPlanStartDate"]
        );
        let from_last_year = with(|d| d.cin_plan_dates[0].start_date = on("2025-03-01"));
        assert_eq!(issues(RULES, "4010", &from_last_year), NONE);
    }

    #[test]
    fn r4011_plan_ends_before_start() {
        let fails = with(|d| d.cin_plan_dates[0].end_date = on("2025-05-15"));
        assert_eq!(issues(RULES, "4011", &fails), ["4011 C1 CINdetails[1]/CINPlanDates[1]/CINPlanEndDate"]);
        assert_eq!(issues(RULES, "4011", &with(|d| d.cin_plan_dates[0].end_date = on("2025-05-16"))), NONE);
    }

    #[test]
    fn r4012q_plan_starts_and_ends_same_day() {
        let fails = with(|d| d.cin_plan_dates[0].end_date = on("2025-05-16"));
        assert_eq!(issues(RULES, "4012Q", &fails), ["4012Q C1 CINdetails[1]/CINPlanDates[1]/CINPlanEndDate"]);
        assert_eq!(issues(RULES, "4012Q", &with(|d| d.cin_plan_dates[0].end_date = None)), NONE);
    }

    #[test]
    fn r4013_plan_end_outside_year() {
        let fails = with(|d| {
            d.cin_plan_dates[0].end_date = on("2026-04-01");
            d.cin_plan_dates.insert(0, plan("2025-02-01", Some("2025-03-31")));
        });
        assert_eq!(
            issues(RULES, "4013", &fails),
            ["4013 C1 CINdetails[1]/CINPlanDates[1]/CINPlanEndDate", "4013 C1 CINdetails[1]/CINPlanDates[2]/CINPlanEndDate"]
        );
        assert_eq!(issues(RULES, "4013", &with(|d| d.cin_plan_dates[0].end_date = on("2026-03-31"))), NONE);
    }

    #[test]
    fn r4014_plans_overlap_across_episodes() {
        // A second plan, in a second episode, starting the day the first ends.
        let fails = with_second_plan("2025-06-02");
        assert_eq!(issues(RULES, "4014", &fails), ["4014 C1 CINdetails[2]/CINPlanDates[1]/CINPlanStartDate"]);
        assert_eq!(issues(RULES, "4014", &with_second_plan("2025-06-03")), NONE);
    }

    fn with_second_plan(start: &str) -> crate::cin::model::CinCensus {
        super::testing::with_child("C1", |c| {
            let mut second = super::testing::episode();
            second.cin_plan_dates = vec![plan(start, None)];
            c.cin_details.push(second);
        })
    }

    #[test]
    fn r4015_plan_before_referral() {
        let fails = with(|d| d.cin_plan_dates[0].start_date = on("2025-04-30"));
        assert_eq!(issues(RULES, "4015", &fails), ["4015 C1 CINdetails[1]/CINPlanDates[1]/CINPlanStartDate"]);
        assert_eq!(issues(RULES, "4015", &with(|d| d.cin_plan_dates[0].start_date = on("2025-05-01"))), NONE);
    }

    #[test]
    fn r4016_plan_starts_during_cpp() {
        let fails = with(|d| d.cin_plan_dates.push(plan("2025-06-10", None)));
        assert_eq!(issues(RULES, "4016", &fails), ["4016 C1 CINdetails[1]/CINPlanDates[2]/CINPlanStartDate"]);
        // Stepped down: the CIN plan starts the day the protection plan ends.
        let step_down = with(|d| {
            d.child_protection_plans[0].end_date = on("2025-09-01");
            d.cin_plan_dates.push(plan("2025-09-01", None));
        });
        assert_eq!(issues(RULES, "4016", &step_down), NONE);
    }

    #[test]
    fn r4017_cpp_starts_during_plan() {
        let fails = with(|d| d.cin_plan_dates[0].end_date = on("2025-06-03"));
        assert_eq!(issues(RULES, "4017", &fails), ["4017 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPstartDate"]);
        let open_plan = with(|d| d.cin_plan_dates[0].end_date = None);
        assert_eq!(issues(RULES, "4017", &open_plan), ["4017 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPstartDate"]);
        // Stepped up: the base plan ends the day the protection plan starts.
        assert_eq!(issues(RULES, "4017", &with(|_| {})), NONE);
    }

    #[test]
    fn r8608_assessment_ends_before_start() {
        let fails = with(|d| d.assessments[0].authorisation_date = on("2025-05-01"));
        assert_eq!(issues(RULES, "8608", &fails), ["8608 C1 CINdetails[1]/Assessments[1]/AssessmentAuthorisationDate"]);
        assert_eq!(issues(RULES, "8608", &with(|d| d.assessments[0].authorisation_date = on("2025-05-02"))), NONE);
    }

    #[test]
    fn r8614_factors_on_incomplete_assessment() {
        let fails = with(|d| d.assessments[0].authorisation_date = None);
        assert_eq!(issues(RULES, "8614", &fails), ["8614 C1 CINdetails[1]/Assessments[1]/AssessmentFactors"]);
        let open_without_factors = with(|d| d.assessments[0] = assessment("2025-05-02", None, &[]));
        assert_eq!(issues(RULES, "8614", &open_without_factors), NONE);
    }

    #[test]
    fn r8670q_assessment_open_more_than_45_working_days() {
        // 45 working days before Tuesday 31 March 2026 is Tuesday 27 January
        // (no bank holidays between); a day earlier is 46.
        let fails = with(|d| d.assessments[0] = assessment("2026-01-26", None, &[]));
        assert_eq!(issues(RULES, "8670Q", &fails), ["8670Q C1 CINdetails[1]/Assessments[1]/AssessmentActualStartDate"]);
        assert_eq!(issues(RULES, "8670Q", &with(|d| d.assessments[0] = assessment("2026-01-27", None, &[]))), NONE);
        assert_eq!(issues(RULES, "8670Q", &with(|d| d.assessments[0] = assessment("2025-05-02", Some("2026-03-31"), &["3A"]))), NONE);
    }

    #[test]
    fn r8670q_counts_bank_holidays_out() {
        // From Tuesday 24 March 2026 to 31 March: 5 working days. From
        // Thursday 18 December 2025: 25 December, 26 December and 1 January
        // are out, so 73 weekdays less 3 is 70.
        let context = super::testing::context();
        assert_eq!(context.calendar.working_days_between(day("2026-03-24"), day("2026-03-31")), 5);
        assert_eq!(context.calendar.working_days_between(day("2025-12-18"), day("2026-03-31")), 70);
    }

    #[test]
    fn r8696_assessment_end_outside_year() {
        let fails = with(|d| {
            d.assessments[0].authorisation_date = on("2026-04-01");
            d.assessments.push(assessment("2025-03-01", Some("2025-03-31"), &["3A"]));
        });
        assert_eq!(
            issues(RULES, "8696", &fails),
            [
                "8696 C1 CINdetails[1]/Assessments[1]/AssessmentAuthorisationDate",
                "8696 C1 CINdetails[1]/Assessments[2]/AssessmentAuthorisationDate"
            ]
        );
        assert_eq!(issues(RULES, "8696", &with(|d| d.assessments[0].authorisation_date = on("2025-04-01"))), NONE);
    }

    #[test]
    fn r8736_open_assessment_started_before_year() {
        let fails = with(|d| {
            d.assessments[0] = assessment("2025-03-31", None, &[]);
            d.assessments.push(Assessment::default());
        });
        assert_eq!(
            issues(RULES, "8736", &fails),
            [
                "8736 C1 CINdetails[1]/Assessments[1]/AssessmentActualStartDate",
                "8736 C1 CINdetails[1]/Assessments[2]/AssessmentActualStartDate"
            ]
        );
        assert_eq!(issues(RULES, "8736", &with(|d| d.assessments[0] = assessment("2025-04-01", None, &[]))), NONE);
        // Completed, so its start may be in an earlier year.
        assert_eq!(issues(RULES, "8736", &with(|d| d.assessments[0] = assessment("2025-03-01", Some("2025-04-10"), &["3A"]))), NONE);
    }

    #[test]
    fn r8863q_assessment_starts_during_another() {
        let fails = with(|d| d.assessments.push(assessment("2025-05-16", Some("2025-06-01"), &["3A"])));
        assert_eq!(issues(RULES, "8863Q", &fails), ["8863Q C1 CINdetails[1]/Assessments[2]/AssessmentActualStartDate"]);
        let during_open = with(|d| {
            d.assessments[0].authorisation_date = None;
            d.assessments.push(assessment("2026-03-31", None, &[]));
        });
        assert_eq!(issues(RULES, "8863Q", &during_open), ["8863Q C1 CINdetails[1]/Assessments[2]/AssessmentActualStartDate"]);
        assert_eq!(issues(RULES, "8863Q", &with(|d| d.assessments.push(assessment("2025-05-17", None, &[])))), NONE);
    }

    #[test]
    fn r8869_no_factors_code_with_others() {
        assert_eq!(issues(RULES, "8869", &factors(&["21", "3A"])), ["8869 C1 CINdetails[1]/Assessments[1]/AssessmentFactors"]);
        assert_eq!(issues(RULES, "8869", &factors(&["21"])), NONE);
    }

    #[test]
    fn r8873q_no_factors_but_not_closed_after_assessment() {
        let open = factors(&["21"]);
        assert_eq!(issues(RULES, "8873Q", &open), ["8873Q C1 CINdetails[1]/ReasonForClosure"]);
        let closed_otherwise = with(|d| {
            d.assessments[0].factors = vec!["21".into()];
            d.cin_closure_date = on("2025-12-01");
            d.reason_for_closure = Some("RC7".into());
        });
        assert_eq!(issues(RULES, "8873Q", &closed_otherwise), ["8873Q C1 CINdetails[1]/ReasonForClosure"]);
        let closed_rc8 = with(|d| {
            d.assessments[0].factors = vec!["21".into()];
            d.reason_for_closure = Some("RC8".into());
        });
        assert_eq!(issues(RULES, "8873Q", &closed_rc8), NONE);
        let two_assessments = with(|d| {
            d.assessments[0].factors = vec!["21".into()];
            d.assessments.push(assessment("2025-06-01", Some("2025-06-20"), &["3A"]));
        });
        assert_eq!(issues(RULES, "8873Q", &two_assessments), NONE);
    }

    #[test]
    fn r8896_more_than_one_open_assessment() {
        let fails = with(|d| {
            d.assessments[0].authorisation_date = None;
            d.assessments.push(assessment("2025-06-01", None, &[]));
        });
        assert_eq!(
            issues(RULES, "8896", &fails),
            [
                "8896 C1 CINdetails[1]/Assessments[1]/AssessmentAuthorisationDate",
                "8896 C1 CINdetails[1]/Assessments[2]/AssessmentAuthorisationDate"
            ]
        );
        assert_eq!(issues(RULES, "8896", &with(|d| d.assessments.push(assessment("2025-06-01", None, &[])))), NONE);
    }

    #[test]
    fn r8897q_completed_assessment_without_valid_factors() {
        assert_eq!(issues(RULES, "8897Q", &factors(&[])), ["8897Q C1 CINdetails[1]/Assessments[1]/AssessmentFactors"]);
        assert_eq!(issues(RULES, "8897Q", &factors(&["3A", "99"])), ["8897Q C1 CINdetails[1]/Assessments[1]/AssessmentFactors"]);
        // Retired codes are 8945Q's and 8950Q's to query, not this rule's.
        assert_eq!(issues(RULES, "8897Q", &factors(&["18A", "19A", "24A"])), NONE);
        let authorised_last_year = with(|d| d.assessments[0] = assessment("2025-03-01", Some("2025-03-31"), &[]));
        assert_eq!(issues(RULES, "8897Q", &authorised_last_year), NONE);
    }

    #[test]
    fn r8898_factor_repeated() {
        assert_eq!(issues(RULES, "8898", &factors(&["3A", "4A", "3A"])), ["8898 C1 CINdetails[1]/Assessments[1]/AssessmentFactors[3]"]);
        assert_eq!(issues(RULES, "8898", &factors(&["3A", "4A"])), NONE);
    }

    #[test]
    fn r8945q_and_8950q_retired_abuse_factors() {
        assert_eq!(issues(RULES, "8945Q", &factors(&["3A", "18A"])), ["8945Q C1 CINdetails[1]/Assessments[1]/AssessmentFactors[2]"]);
        assert_eq!(issues(RULES, "8945Q", &factors(&["18B", "18C"])), NONE);
        assert_eq!(issues(RULES, "8950Q", &factors(&["19a"])), ["8950Q C1 CINdetails[1]/Assessments[1]/AssessmentFactors[1]"]);
        assert_eq!(issues(RULES, "8950Q", &factors(&["19B", "19C"])), NONE);
    }
}
