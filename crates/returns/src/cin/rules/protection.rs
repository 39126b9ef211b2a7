//! Rules on child protection: the DfE's `Section47`, `ChildProtectionPlans`
//! and `Reviews` modules.
//!
//! An initial conference can be recorded in two places: on its section 47
//! enquiry, or on the episode when no enquiry of this episode led to it (a
//! transfer-in conference). The rules on the conference's own date read
//! both, since the DfE defines one item (N00110) for the two places.

use super::{Context, Findings, Rule, each_episode, episode_path, group_path, text};
use crate::cin::model::{Child, ChildProtectionPlan, CinCensus, CinDetails, Section47};
use crate::cin_rule;
use chrono::{Datelike, NaiveDate, Weekday};
use hearth_domain::child_protection::conference::AbuseCategory;

pub(super) const RULES: &[Rule] = &[
    Rule {
        info: cin_rule!("1104", Error, "The date of the initial child protection conference cannot be before the referral date"),
        check: conference_before_referral,
    },
    Rule {
        info: cin_rule!("1105", Error, "The child protection plan start date cannot be before the referral date"),
        check: cpp_before_referral,
    },
    Rule {
        info: cin_rule!("2883", Error, "There are more child protection plans starting than initial conferences taking place"),
        check: more_plans_than_conferences,
    },
    Rule {
        info: cin_rule!(
            "2884",
            Error,
            "An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one"
        ),
        check: conference_recorded_twice,
    },
    Rule {
        info: cin_rule!(
            "2885",
            Error,
            "Child protection plan shown as starting a different day to the initial child protection conference."
        ),
        check: cpp_not_on_conference_day,
    },
    Rule { info: cin_rule!("2889", Error, "The S47 start date cannot be before the referral date."), check: s47_before_referral },
    Rule {
        info: cin_rule!("4003", Error, "A CPP review date is shown as being held at the same time as an open CIN Plan."),
        check: review_during_cin_plan,
    },
    Rule { info: cin_rule!("8565", Error, "Activity shown after a case has been closed"), check: activity_after_closure },
    Rule {
        info: cin_rule!(
            "8615",
            Error,
            "Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference"
        ),
        check: s47_start_missing_or_after_conference,
    },
    Rule {
        info: cin_rule!(
            "8675Q",
            Query,
            "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference."
        ),
        check: s47_open_too_long,
    },
    Rule {
        info: cin_rule!("8715", Error, "Date of Initial Child Protection Conference must fall within the census year"),
        check: conference_outside_year,
    },
    Rule {
        info: cin_rule!("8720", Error, "Child Protection Plan Start Date missing or out of data collection period"),
        check: cpp_start_missing_or_late,
    },
    Rule { info: cin_rule!("8730", Error, "Total Number of previous Child Protection Plans missing"), check: previous_plans_missing },
    Rule {
        info: cin_rule!(
            "8740",
            Error,
            "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year"
        ),
        check: open_s47_start_outside_year,
    },
    Rule {
        info: cin_rule!("8832", Error, "Child Protection details provided for a referral with no further action."),
        check: cpp_on_nfa_referral,
    },
    Rule {
        info: cin_rule!("8839", Error, "Within one CINDetails group there are 2 or more open S47 Assessments"),
        check: more_than_one_open_s47,
    },
    Rule {
        info: cin_rule!("8840", Error, "Child Protection Plan cannot start and end on the same day"),
        check: cpp_starts_and_ends_same_day,
    },
    Rule {
        info: cin_rule!("8841", Error, "The review date cannot be on the same day or before the Child protection Plan start date."),
        check: review_on_or_before_start,
    },
    Rule {
        info: cin_rule!("8842Q", Query, "Please check and either amend or provide a reason: Review Record has a missing date"),
        check: review_without_date,
    },
    Rule {
        info: cin_rule!(
            "8870Q",
            Query,
            "Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend"
        ),
        check: conference_target_on_weekend,
    },
    Rule {
        info: cin_rule!("8875", Error, "The Date of Initial Child Protection Conference cannot be a weekend"),
        check: conference_on_weekend,
    },
    Rule {
        info: cin_rule!(
            "8905",
            Error,
            "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)"
        ),
        check: initial_category_invalid,
    },
    Rule {
        info: cin_rule!(
            "8910",
            Error,
            "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)"
        ),
        check: latest_category_invalid,
    },
    Rule {
        info: cin_rule!("8915", Error, "Child Protection Plan shown as starting after the child’s Date of Death"),
        check: cpp_starts_after_death,
    },
    Rule {
        info: cin_rule!("8920", Error, "Child Protection Plan cannot end after the child’s Date of Death"),
        check: cpp_ends_after_death,
    },
    Rule { info: cin_rule!("8925", Error, "Child Protection Plan End Date earlier than Start Date"), check: cpp_ends_before_start },
    Rule { info: cin_rule!("8930", Error, "Child Protection Plan End Date must fall within the census year"), check: cpp_end_outside_year },
    Rule {
        info: cin_rule!("8935", Error, "This child is showing more than one open Child Protection plan, i.e. with no End Date"),
        check: more_than_one_open_cpp,
    },
    Rule { info: cin_rule!("8940", Error, "Child Protection Plan data contains overlapping dates"), check: cpps_overlap },
];

const S47: &str = "Section47";
const CPPS: &str = "ChildProtectionPlans";

/// The working days from strategy discussion to initial conference
/// (Working Together): an enquiry open longer with no conference is queried.
const S47_WORKING_DAYS: i64 = 15;

fn each_s47(census: &CinCensus) -> impl Iterator<Item = (&Child, usize, &CinDetails, usize, &Section47)> {
    each_episode(census).flat_map(|(child, e, details)| details.section47.iter().enumerate().map(move |(k, x)| (child, e, details, k, x)))
}

fn each_cpp(census: &CinCensus) -> impl Iterator<Item = (&Child, usize, &CinDetails, usize, &ChildProtectionPlan)> {
    each_episode(census)
        .flat_map(|(child, e, details)| details.child_protection_plans.iter().enumerate().map(move |(k, x)| (child, e, details, k, x)))
}

/// A child's protection plans across all their episodes, with episode and plan index.
fn cpps_of(child: &Child) -> impl Iterator<Item = (usize, usize, &ChildProtectionPlan)> {
    child.cin_details.iter().enumerate().flat_map(|(e, d)| d.child_protection_plans.iter().enumerate().map(move |(k, x)| (e, k, x)))
}

fn review_path(episode: usize, plan: usize, review: usize) -> String {
    group_path(episode, CPPS, plan, &format!("Reviews/CPPreviewDate[{}]", review + 1))
}

fn episode_field(episode: usize, field: &str) -> String {
    format!("{}/{field}", episode_path(episode))
}

/// `ICPCnotRequired` says a conference is needed (`false` or `0`).
fn conference_required(s47: &Section47) -> bool {
    matches!(text(&s47.icpc_not_required), Some("false" | "0"))
}

/// `ICPCnotRequired` says no conference is needed (`true` or `1`).
fn conference_not_required(s47: &Section47) -> bool {
    matches!(text(&s47.icpc_not_required), Some("true" | "1"))
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Every initial conference date of an episode, with where it is recorded.
fn conferences(e: usize, details: &CinDetails) -> impl Iterator<Item = (NaiveDate, String)> + '_ {
    let episode_level = details.date_of_initial_cpc.map(|date| (date, episode_field(e, "DateOfInitialCPC")));
    let s47_level = details
        .section47
        .iter()
        .enumerate()
        .filter_map(move |(k, s47)| s47.date_of_initial_cpc.map(|date| (date, group_path(e, S47, k, "DateOfInitialCPC"))));
    episode_level.into_iter().chain(s47_level)
}

fn conference_before_referral(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details) in each_episode(census) {
        let Some(referral) = details.cin_referral_date else { continue };
        for (date, location) in conferences(e, details) {
            if date < referral {
                findings.child(child, location);
            }
        }
    }
}

fn cpp_before_referral(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details, k, cpp) in each_cpp(census) {
        if let (Some(start), Some(referral)) = (cpp.start_date, details.cin_referral_date)
            && start < referral
        {
            findings.child(child, group_path(e, CPPS, k, "CPPstartDate"));
        }
    }
}

/// Counted across the whole return, as the DfE does: plans starting in the
/// year against conferences (either place) held in the year.
fn more_plans_than_conferences(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let year = context.year.window();
    let plans = each_cpp(census).filter(|(.., cpp)| cpp.start_date.is_some_and(|d| year.contains(d))).count();
    let held = each_episode(census).flat_map(|(_, e, details)| conferences(e, details)).filter(|(date, _)| year.contains(*date)).count();
    if plans > held {
        findings.census("ChildProtectionPlans/CPPstartDate");
    }
}

/// The same conference (same date) on a section 47 and on an episode of the
/// same child; reported on the section 47.
fn conference_recorded_twice(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let episode_level: Vec<NaiveDate> = child.cin_details.iter().filter_map(|d| d.date_of_initial_cpc).collect();
        for (e, details) in child.cin_details.iter().enumerate() {
            for (k, s47) in details.section47.iter().enumerate() {
                if s47.date_of_initial_cpc.is_some_and(|date| episode_level.contains(&date)) {
                    findings.child(child, group_path(e, S47, k, "DateOfInitialCPC"));
                }
            }
        }
    }
}

/// A plan starting in the year must start on the day of an initial
/// conference of its episode, recorded on a section 47 or on the episode.
/// Plans carried over from earlier years are not checked.
fn cpp_not_on_conference_day(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details, k, cpp) in each_cpp(census) {
        let Some(start) = cpp.start_date.filter(|d| context.year.window().contains(*d)) else { continue };
        if !conferences(e, details).any(|(date, _)| date == start) {
            findings.child(child, group_path(e, CPPS, k, "CPPstartDate"));
        }
    }
}

fn s47_before_referral(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details, k, s47) in each_s47(census) {
        if let (Some(start), Some(referral)) = (s47.actual_start_date, details.cin_referral_date)
            && start < referral
        {
            findings.child(child, group_path(e, S47, k, "S47ActualStartDate"));
        }
    }
}

/// A review may not fall on or after a CIN plan's start and before its end
/// (or on or before the reference date while it is open), across the
/// child's episodes, unless the review is the one that ended the plan
/// (review date = plan end): the step down to a CIN plan that day.
fn review_during_cin_plan(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let reference = context.reference_date();
    for child in &census.children {
        let plans: Vec<_> = child.cin_details.iter().flat_map(|d| &d.cin_plan_dates).collect();
        for (e, k, cpp) in cpps_of(child) {
            for (m, review) in dated_reviews(cpp) {
                if cpp.end_date == Some(review) {
                    continue;
                }
                let during = plans.iter().any(|plan| {
                    plan.start_date.is_some_and(|start| review >= start && plan.end_date.map_or(review <= reference, |end| review < end))
                });
                if during {
                    findings.child(child, review_path(e, k, m));
                }
            }
        }
    }
}

/// Every activity date the DfE lists must be on or before the closure date;
/// each later one is reported where it is.
fn activity_after_closure(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details) in each_episode(census) {
        let Some(closed) = details.cin_closure_date else { continue };
        let mut dates: Vec<(Option<NaiveDate>, String)> = vec![(details.date_of_initial_cpc, episode_field(e, "DateOfInitialCPC"))];
        for (a, x) in details.assessments.iter().enumerate() {
            dates.push((x.actual_start_date, group_path(e, "Assessments", a, "AssessmentActualStartDate")));
            dates.push((x.authorisation_date, group_path(e, "Assessments", a, "AssessmentAuthorisationDate")));
        }
        for (p, x) in details.cin_plan_dates.iter().enumerate() {
            dates.push((x.start_date, group_path(e, "CINPlanDates", p, "CINPlanStartDate")));
            dates.push((x.end_date, group_path(e, "CINPlanDates", p, "CINPlanEndDate")));
        }
        for (k, x) in details.section47.iter().enumerate() {
            dates.push((x.actual_start_date, group_path(e, S47, k, "S47ActualStartDate")));
            dates.push((x.date_of_initial_cpc, group_path(e, S47, k, "DateOfInitialCPC")));
        }
        for (k, x) in details.child_protection_plans.iter().enumerate() {
            dates.push((x.end_date, group_path(e, CPPS, k, "CPPendDate")));
        }
        for (date, location) in dates {
            if date.is_some_and(|d| d > closed) {
                findings.child(child, location);
            }
        }
    }
}

fn s47_start_missing_or_after_conference(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, s47) in each_s47(census) {
        let Some(conference) = s47.date_of_initial_cpc else { continue };
        if s47.actual_start_date.is_none_or(|start| start > conference) {
            findings.child(child, group_path(e, S47, k, "S47ActualStartDate"));
        }
    }
}

/// "More than 15 working days before the end of the year": more than 15
/// working days from the start to the reference date, for an enquiry that
/// still expects a conference.
fn s47_open_too_long(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let reference = context.reference_date();
    for (child, e, _, k, s47) in each_s47(census) {
        if s47.date_of_initial_cpc.is_some() || !conference_required(s47) {
            continue;
        }
        if s47.actual_start_date.is_some_and(|start| context.calendar.working_days_between(start, reference) > S47_WORKING_DAYS) {
            findings.child(child, group_path(e, S47, k, "S47ActualStartDate"));
        }
    }
}

fn conference_outside_year(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details) in each_episode(census) {
        for (date, location) in conferences(e, details) {
            if !context.year.window().contains(date) {
                findings.child(child, location);
            }
        }
    }
}

/// A plan that started before the year is fine; only a missing start or
/// one after the reference date fails.
fn cpp_start_missing_or_late(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        if cpp.start_date.is_none_or(|start| start > context.reference_date()) {
            findings.child(child, group_path(e, CPPS, k, "CPPstartDate"));
        }
    }
}

/// Must be a whole number, zero or more.
fn previous_plans_missing(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        if text(&cpp.number_of_previous_cpp).is_none_or(|n| n.parse::<u32>().is_err()) {
            findings.child(child, group_path(e, CPPS, k, "NumberOfPreviousCPP"));
        }
    }
}

/// An enquiry still waiting for its conference at the year end must have
/// started in the year; a missing start is not in the year either.
fn open_s47_start_outside_year(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, s47) in each_s47(census) {
        if s47.date_of_initial_cpc.is_some() || !conference_required(s47) {
            continue;
        }
        if s47.actual_start_date.is_none_or(|start| !context.year.window().contains(start)) {
            findings.child(child, group_path(e, S47, k, "S47ActualStartDate"));
        }
    }
}

fn cpp_on_nfa_referral(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details, k, _) in each_cpp(census) {
        if details.is_nfa() {
            findings.child(child, format!("{}/{CPPS}[{}]", episode_path(e), k + 1));
        }
    }
}

/// Open: no conference date and not marked "conference not required" (a
/// missing flag counts as open).
fn more_than_one_open_s47(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details) in each_episode(census) {
        let open: Vec<usize> = details
            .section47
            .iter()
            .enumerate()
            .filter(|(_, s47)| s47.date_of_initial_cpc.is_none() && !conference_not_required(s47))
            .map(|(k, _)| k)
            .collect();
        if open.len() > 1 {
            for k in open {
                findings.child(child, group_path(e, S47, k, "DateOfInitialCPC"));
            }
        }
    }
}

fn cpp_starts_and_ends_same_day(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        if cpp.start_date.is_some() && cpp.start_date == cpp.end_date {
            findings.child(child, group_path(e, CPPS, k, "CPPendDate"));
        }
    }
}

fn review_on_or_before_start(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        let Some(start) = cpp.start_date else { continue };
        for (m, review) in dated_reviews(cpp) {
            if review <= start {
                findings.child(child, review_path(e, k, m));
            }
        }
    }
}

/// A review element left empty. Hearth's own census always dates a review
/// (it is a conference that was held); a file from another system may not.
fn review_without_date(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        for (m, review) in cpp.review_dates.iter().enumerate() {
            if review.is_none() {
                findings.child(child, review_path(e, k, m));
            }
        }
    }
}

/// The reviews that carry a date, with their place among all the plan's reviews.
fn dated_reviews(cpp: &ChildProtectionPlan) -> impl Iterator<Item = (usize, NaiveDate)> + '_ {
    cpp.review_dates.iter().enumerate().filter_map(|(m, review)| review.map(|r| (m, r)))
}

fn conference_target_on_weekend(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, s47) in each_s47(census) {
        if s47.initial_cpc_target.is_some_and(is_weekend) {
            findings.child(child, group_path(e, S47, k, "InitialCPCtarget"));
        }
    }
}

fn conference_on_weekend(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, details) in each_episode(census) {
        for (date, location) in conferences(e, details) {
            if is_weekend(date) {
                findings.child(child, location);
            }
        }
    }
}

fn category_invalid(census: &CinCensus, findings: &mut Findings<'_>, field: &str, category: fn(&ChildProtectionPlan) -> &Option<String>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        if text(category(cpp)).and_then(AbuseCategory::from_code).is_none() {
            findings.child(child, group_path(e, CPPS, k, field));
        }
    }
}

fn initial_category_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    category_invalid(census, findings, "InitialCategoryOfAbuse", |cpp| &cpp.initial_category_of_abuse);
}

fn latest_category_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    category_invalid(census, findings, "LatestCategoryOfAbuse", |cpp| &cpp.latest_category_of_abuse);
}

fn cpp_starts_after_death(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        if let (Some(start), Some(death)) = (cpp.start_date, child.identifiers.person_death_date)
            && start > death
        {
            findings.child(child, group_path(e, CPPS, k, "CPPstartDate"));
        }
    }
}

fn cpp_ends_after_death(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        if let (Some(end), Some(death)) = (cpp.end_date, child.identifiers.person_death_date)
            && end > death
        {
            findings.child(child, group_path(e, CPPS, k, "CPPendDate"));
        }
    }
}

fn cpp_ends_before_start(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        if let (Some(start), Some(end)) = (cpp.start_date, cpp.end_date)
            && end < start
        {
            findings.child(child, group_path(e, CPPS, k, "CPPendDate"));
        }
    }
}

fn cpp_end_outside_year(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    for (child, e, _, k, cpp) in each_cpp(census) {
        if cpp.end_date.is_some_and(|end| !context.year.window().contains(end)) {
            findings.child(child, group_path(e, CPPS, k, "CPPendDate"));
        }
    }
}

/// Counted across the child's episodes, as the message says "this child".
fn more_than_one_open_cpp(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        let open: Vec<(usize, usize)> = cpps_of(child).filter(|(.., cpp)| cpp.end_date.is_none()).map(|(e, k, _)| (e, k)).collect();
        if open.len() > 1 {
            for (e, k) in open {
                findings.child(child, group_path(e, CPPS, k, "CPPendDate"));
            }
        }
    }
}

/// A plan's start may not fall on or between another of the child's plans'
/// start and end (or the reference date while it is open); the
/// later-starting plan is reported (both, when they start on the same day).
fn cpps_overlap(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let reference = context.reference_date();
    for child in &census.children {
        for (e, k, cpp) in cpps_of(child) {
            let Some(start) = cpp.start_date else { continue };
            let overlaps = cpps_of(child).any(|(oe, ok, other)| {
                (oe, ok) != (e, k) && other.start_date.is_some_and(|os| start >= os && start <= other.end_date.unwrap_or(reference))
            });
            if overlaps {
                findings.child(child, group_path(e, CPPS, k, "CPPstartDate"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::plans::testing::{NONE, census, child, day, episode, issues, on, with, with_child};
    use super::RULES;
    use crate::cin::model::{ChildProtectionPlan, CinPlanDates, Section47};

    fn second_child(change: impl FnOnce(&mut crate::cin::model::CinDetails)) -> crate::cin::model::Child {
        let mut c = child("C2");
        change(&mut c.cin_details[0]);
        c
    }

    fn cpp(start: &str, end: Option<&str>) -> ChildProtectionPlan {
        ChildProtectionPlan {
            start_date: on(start),
            end_date: end.map(day),
            initial_category_of_abuse: Some("EMO".into()),
            latest_category_of_abuse: Some("EMO".into()),
            number_of_previous_cpp: Some("1".into()),
            review_dates: Vec::new(),
        }
    }

    #[test]
    fn r1104_conference_before_referral_at_either_level() {
        let mut fails = with(|d| d.section47[0].date_of_initial_cpc = on("2025-04-30"));
        fails.children.push(second_child(|d| d.date_of_initial_cpc = on("2025-04-30")));
        assert_eq!(
            issues(RULES, "1104", &fails),
            ["1104 C1 CINdetails[1]/Section47[1]/DateOfInitialCPC", "1104 C2 CINdetails[1]/DateOfInitialCPC"]
        );
        assert_eq!(issues(RULES, "1104", &with(|d| d.section47[0].date_of_initial_cpc = on("2025-05-01"))), NONE);
    }

    #[test]
    fn r1105_cpp_before_referral() {
        let fails = with(|d| d.child_protection_plans[0].start_date = on("2025-04-30"));
        assert_eq!(issues(RULES, "1105", &fails), ["1105 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPstartDate"]);
        assert_eq!(issues(RULES, "1105", &with(|d| d.child_protection_plans[0].start_date = on("2025-05-01"))), NONE);
    }

    #[test]
    fn r2883_more_plans_than_conferences_in_the_year() {
        let fails = census(vec![child("C1"), second_child(|d| d.section47[0].date_of_initial_cpc = None)]);
        assert_eq!(issues(RULES, "2883", &fails), ["2883 - ChildProtectionPlans/CPPstartDate"]);
        // A transfer-in conference recorded on the episode counts too.
        let transfer_in = census(vec![
            child("C1"),
            second_child(|d| {
                d.section47.clear();
                d.date_of_initial_cpc = on("2025-06-02");
            }),
        ]);
        assert_eq!(issues(RULES, "2883", &transfer_in), NONE);
        // A plan from last year is not counted.
        let carried_over = census(vec![
            child("C1"),
            second_child(|d| {
                d.section47[0].date_of_initial_cpc = None;
                d.child_protection_plans[0].start_date = on("2025-03-03");
            }),
        ]);
        assert_eq!(issues(RULES, "2883", &carried_over), NONE);
    }

    #[test]
    fn r2884_conference_recorded_on_s47_and_episode() {
        let fails = with(|d| d.date_of_initial_cpc = on("2025-06-02"));
        assert_eq!(issues(RULES, "2884", &fails), ["2884 C1 CINdetails[1]/Section47[1]/DateOfInitialCPC"]);
        assert_eq!(issues(RULES, "2884", &with(|d| d.date_of_initial_cpc = on("2025-06-03"))), NONE);
    }

    #[test]
    fn r2885_cpp_not_on_a_conference_day() {
        let fails = with(|d| d.child_protection_plans[0].start_date = on("2025-06-03"));
        assert_eq!(issues(RULES, "2885", &fails), ["2885 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPstartDate"]);
        let transfer_in = with(|d| {
            d.section47.clear();
            d.date_of_initial_cpc = on("2025-06-02");
        });
        assert_eq!(issues(RULES, "2885", &transfer_in), NONE);
        assert_eq!(issues(RULES, "2885", &with(|d| d.child_protection_plans[0].start_date = on("2025-03-03"))), NONE);
    }

    #[test]
    fn r2889_s47_before_referral() {
        let fails = with(|d| d.section47[0].actual_start_date = on("2025-04-30"));
        assert_eq!(issues(RULES, "2889", &fails), ["2889 C1 CINdetails[1]/Section47[1]/S47ActualStartDate"]);
        assert_eq!(issues(RULES, "2889", &with(|d| d.section47[0].actual_start_date = on("2025-05-01"))), NONE);
    }

    #[test]
    fn r4003_review_during_open_cin_plan() {
        let fails = with(|d| {
            let plan = &mut d.child_protection_plans[0];
            plan.end_date = on("2025-09-01");
            plan.review_dates = vec![Some(day("2025-08-26")), Some(day("2025-09-01"))];
            d.cin_plan_dates.push(CinPlanDates { start_date: on("2025-08-01"), end_date: None });
        });
        // The second review ended the plan: the step down, not a clash.
        assert_eq!(issues(RULES, "4003", &fails), ["4003 C1 CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[1]"]);
        let after_plan_ended = with(|d| d.cin_plan_dates.push(CinPlanDates { start_date: on("2025-08-01"), end_date: on("2025-08-26") }));
        assert_eq!(issues(RULES, "4003", &after_plan_ended), NONE);
    }

    #[test]
    fn r8565_activity_after_closure() {
        let fails = with(|d| d.cin_closure_date = on("2025-06-01"));
        assert_eq!(
            issues(RULES, "8565", &fails),
            ["8565 C1 CINdetails[1]/CINPlanDates[1]/CINPlanEndDate", "8565 C1 CINdetails[1]/Section47[1]/DateOfInitialCPC"]
        );
        let closed_with_plan = with(|d| {
            d.cin_closure_date = on("2025-09-01");
            d.child_protection_plans[0].end_date = on("2025-09-01");
        });
        assert_eq!(issues(RULES, "8565", &closed_with_plan), NONE);
        let plan_ends_late = with(|d| {
            d.cin_closure_date = on("2025-09-01");
            d.child_protection_plans[0].end_date = on("2025-09-02");
        });
        assert_eq!(issues(RULES, "8565", &plan_ends_late), ["8565 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPendDate"]);
    }

    #[test]
    fn r8615_s47_start_missing_or_after_conference() {
        let mut fails = with(|d| d.section47[0].actual_start_date = None);
        fails.children.push(second_child(|d| d.section47[0].actual_start_date = on("2025-06-03")));
        assert_eq!(
            issues(RULES, "8615", &fails),
            ["8615 C1 CINdetails[1]/Section47[1]/S47ActualStartDate", "8615 C2 CINdetails[1]/Section47[1]/S47ActualStartDate"]
        );
        assert_eq!(issues(RULES, "8615", &with(|d| d.section47[0].actual_start_date = on("2025-06-02"))), NONE);
    }

    fn open_s47(start: &str, not_required: &str) -> Section47 {
        Section47 {
            actual_start_date: on(start),
            initial_cpc_target: None,
            date_of_initial_cpc: None,
            icpc_not_required: Some(not_required.into()),
        }
    }

    #[test]
    fn r8675q_s47_open_more_than_15_working_days() {
        // Monday 9 March 2026 is 16 working days before 31 March; 10 March is 15.
        let fails = with(|d| d.section47[0] = open_s47("2026-03-09", "false"));
        assert_eq!(issues(RULES, "8675Q", &fails), ["8675Q C1 CINdetails[1]/Section47[1]/S47ActualStartDate"]);
        assert_eq!(issues(RULES, "8675Q", &with(|d| d.section47[0] = open_s47("2026-03-10", "0"))), NONE);
        assert_eq!(issues(RULES, "8675Q", &with(|d| d.section47[0] = open_s47("2025-06-01", "true"))), NONE);
    }

    #[test]
    fn r8715_conference_outside_year() {
        let mut fails = with(|d| d.section47[0].date_of_initial_cpc = on("2026-04-01"));
        fails.children.push(second_child(|d| d.date_of_initial_cpc = on("2025-03-31")));
        assert_eq!(
            issues(RULES, "8715", &fails),
            ["8715 C1 CINdetails[1]/Section47[1]/DateOfInitialCPC", "8715 C2 CINdetails[1]/DateOfInitialCPC"]
        );
        assert_eq!(issues(RULES, "8715", &with(|d| d.section47[0].date_of_initial_cpc = on("2026-03-31"))), NONE);
    }

    #[test]
    fn r8720_cpp_start_missing_or_after_year() {
        let mut fails = with(|d| d.child_protection_plans[0].start_date = None);
        fails.children.push(second_child(|d| d.child_protection_plans[0].start_date = on("2026-04-01")));
        assert_eq!(
            issues(RULES, "8720", &fails),
            ["8720 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPstartDate", "8720 C2 CINdetails[1]/ChildProtectionPlans[1]/CPPstartDate"]
        );
        assert_eq!(issues(RULES, "8720", &with(|d| d.child_protection_plans[0].start_date = on("2025-03-03"))), NONE);
    }

    #[test]
    fn r8730_number_of_previous_plans_missing_or_not_a_count() {
        let fails = with(|d| {
            d.child_protection_plans[0].number_of_previous_cpp = None;
            for n in ["-1", "two", " "] {
                let mut plan = cpp("2025-06-02", Some("2025-06-03"));
                plan.number_of_previous_cpp = Some(n.into());
                d.child_protection_plans.push(plan);
            }
        });
        assert_eq!(
            issues(RULES, "8730", &fails),
            [
                "8730 C1 CINdetails[1]/ChildProtectionPlans[1]/NumberOfPreviousCPP",
                "8730 C1 CINdetails[1]/ChildProtectionPlans[2]/NumberOfPreviousCPP",
                "8730 C1 CINdetails[1]/ChildProtectionPlans[3]/NumberOfPreviousCPP",
                "8730 C1 CINdetails[1]/ChildProtectionPlans[4]/NumberOfPreviousCPP"
            ]
        );
        assert_eq!(issues(RULES, "8730", &with(|d| d.child_protection_plans[0].number_of_previous_cpp = Some("3".into()))), NONE);
    }

    #[test]
    fn r8740_open_s47_started_before_year() {
        let fails = with(|d| {
            d.section47[0] = open_s47("2025-03-31", "false");
            d.section47.push(Section47 { icpc_not_required: Some("0".into()), ..Section47::default() });
        });
        assert_eq!(
            issues(RULES, "8740", &fails),
            ["8740 C1 CINdetails[1]/Section47[1]/S47ActualStartDate", "8740 C1 CINdetails[1]/Section47[2]/S47ActualStartDate"]
        );
        assert_eq!(issues(RULES, "8740", &with(|d| d.section47[0] = open_s47("2025-04-01", "false"))), NONE);
        assert_eq!(issues(RULES, "8740", &with(|d| d.section47[0] = open_s47("2025-03-31", "true"))), NONE);
    }

    #[test]
    fn r8832_cpp_on_nfa_referral() {
        assert_eq!(issues(RULES, "8832", &with(|d| d.referral_nfa = Some("1".into()))), ["8832 C1 CINdetails[1]/ChildProtectionPlans[1]"]);
        assert_eq!(issues(RULES, "8832", &with(|d| d.referral_nfa = Some("false".into()))), NONE);
    }

    #[test]
    fn r8839_more_than_one_open_s47() {
        let fails = with(|d| {
            d.section47[0] = open_s47("2025-05-19", "false");
            d.section47.push(Section47 { actual_start_date: on("2025-06-01"), ..Section47::default() });
        });
        assert_eq!(
            issues(RULES, "8839", &fails),
            ["8839 C1 CINdetails[1]/Section47[1]/DateOfInitialCPC", "8839 C1 CINdetails[1]/Section47[2]/DateOfInitialCPC"]
        );
        let one_needs_no_conference = with(|d| {
            d.section47[0] = open_s47("2025-05-19", "false");
            d.section47.push(open_s47("2025-06-01", "true"));
        });
        assert_eq!(issues(RULES, "8839", &one_needs_no_conference), NONE);
    }

    #[test]
    fn r8840_cpp_starts_and_ends_same_day() {
        let fails = with(|d| d.child_protection_plans[0].end_date = on("2025-06-02"));
        assert_eq!(issues(RULES, "8840", &fails), ["8840 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPendDate"]);
        assert_eq!(issues(RULES, "8840", &with(|d| d.child_protection_plans[0].end_date = on("2025-06-03"))), NONE);
    }

    #[test]
    fn r8841_review_on_or_before_plan_start() {
        let fails = with(|d| {
            d.child_protection_plans[0].review_dates = vec![Some(day("2025-06-01")), Some(day("2025-06-02")), Some(day("2025-06-03"))]
        });
        assert_eq!(
            issues(RULES, "8841", &fails),
            [
                "8841 C1 CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[1]",
                "8841 C1 CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[2]"
            ]
        );
        assert_eq!(issues(RULES, "8841", &with(|d| d.child_protection_plans[0].review_dates = vec![Some(day("2025-06-03"))])), NONE);
    }

    #[test]
    fn r8842q_review_without_a_date() {
        let fails = with(|d| d.child_protection_plans[0].review_dates = vec![Some(day("2025-08-26")), None]);
        assert_eq!(issues(RULES, "8842Q", &fails), ["8842Q C1 CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[2]"]);
        assert_eq!(issues(RULES, "8842Q", &with(|d| d.child_protection_plans[0].review_dates = vec![Some(day("2025-08-26"))])), NONE);
    }

    #[test]
    fn r8870q_conference_target_on_weekend() {
        let fails = with(|d| d.section47[0].initial_cpc_target = on("2025-05-31"));
        assert_eq!(issues(RULES, "8870Q", &fails), ["8870Q C1 CINdetails[1]/Section47[1]/InitialCPCtarget"]);
        assert_eq!(issues(RULES, "8870Q", &with(|d| d.section47[0].initial_cpc_target = on("2025-05-30"))), NONE);
    }

    #[test]
    fn r8875_conference_on_weekend_at_either_level() {
        let mut fails = with(|d| d.section47[0].date_of_initial_cpc = on("2025-06-01"));
        fails.children.push(second_child(|d| {
            d.section47.clear();
            d.date_of_initial_cpc = on("2025-05-31");
        }));
        assert_eq!(
            issues(RULES, "8875", &fails),
            ["8875 C1 CINdetails[1]/Section47[1]/DateOfInitialCPC", "8875 C2 CINdetails[1]/DateOfInitialCPC"]
        );
        assert_eq!(issues(RULES, "8875", &with(|d| d.date_of_initial_cpc = on("2025-06-03"))), NONE);
    }

    #[test]
    fn r8905_and_8910_category_of_abuse_missing_or_invalid() {
        let fails = with(|d| {
            d.child_protection_plans[0].initial_category_of_abuse = None;
            d.child_protection_plans[0].latest_category_of_abuse = Some("XYZ".into());
        });
        assert_eq!(issues(RULES, "8905", &fails), ["8905 C1 CINdetails[1]/ChildProtectionPlans[1]/InitialCategoryOfAbuse"]);
        assert_eq!(issues(RULES, "8910", &fails), ["8910 C1 CINdetails[1]/ChildProtectionPlans[1]/LatestCategoryOfAbuse"]);
        let swapped = with(|d| {
            d.child_protection_plans[0].initial_category_of_abuse = Some("neg".into());
            d.child_protection_plans[0].latest_category_of_abuse = None;
        });
        assert_eq!(issues(RULES, "8905", &swapped), ["8905 C1 CINdetails[1]/ChildProtectionPlans[1]/InitialCategoryOfAbuse"]);
        assert_eq!(issues(RULES, "8910", &swapped), ["8910 C1 CINdetails[1]/ChildProtectionPlans[1]/LatestCategoryOfAbuse"]);
        let valid = with(|d| d.child_protection_plans[0].latest_category_of_abuse = Some("MUL".into()));
        assert_eq!(issues(RULES, "8905", &valid), NONE);
        assert_eq!(issues(RULES, "8910", &valid), NONE);
    }

    #[test]
    fn r8915_cpp_starts_after_death() {
        let fails = with_child("C1", |c| c.identifiers.person_death_date = on("2025-06-01"));
        assert_eq!(issues(RULES, "8915", &fails), ["8915 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPstartDate"]);
        assert_eq!(issues(RULES, "8915", &with_child("C1", |c| c.identifiers.person_death_date = on("2025-06-02"))), NONE);
    }

    #[test]
    fn r8920_cpp_ends_after_death() {
        let died = |death: &str| {
            with_child("C1", |c| {
                c.identifiers.person_death_date = on(death);
                c.cin_details[0].child_protection_plans[0].end_date = on("2025-09-01");
            })
        };
        assert_eq!(issues(RULES, "8920", &died("2025-08-31")), ["8920 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPendDate"]);
        assert_eq!(issues(RULES, "8920", &died("2025-09-01")), NONE);
    }

    #[test]
    fn r8925_cpp_ends_before_start() {
        let fails = with(|d| d.child_protection_plans[0].end_date = on("2025-06-01"));
        assert_eq!(issues(RULES, "8925", &fails), ["8925 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPendDate"]);
        assert_eq!(issues(RULES, "8925", &with(|d| d.child_protection_plans[0].end_date = on("2025-06-02"))), NONE);
    }

    #[test]
    fn r8930_cpp_end_outside_year() {
        let fails = with(|d| {
            d.child_protection_plans[0].end_date = on("2026-04-01");
            d.child_protection_plans.push(cpp("2025-01-06", Some("2025-03-31")));
        });
        assert_eq!(
            issues(RULES, "8930", &fails),
            ["8930 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPendDate", "8930 C1 CINdetails[1]/ChildProtectionPlans[2]/CPPendDate"]
        );
        assert_eq!(issues(RULES, "8930", &with(|d| d.child_protection_plans[0].end_date = on("2026-03-31"))), NONE);
    }

    #[test]
    fn r8935_more_than_one_open_cpp_across_episodes() {
        let two_open = |first_end: Option<&str>| {
            with_child("C1", |c| {
                c.cin_details[0].child_protection_plans[0].end_date = first_end.map(day);
                let mut second = episode();
                second.child_protection_plans = vec![cpp("2025-10-06", None)];
                c.cin_details.push(second);
            })
        };
        assert_eq!(
            issues(RULES, "8935", &two_open(None)),
            ["8935 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPendDate", "8935 C1 CINdetails[2]/ChildProtectionPlans[1]/CPPendDate"]
        );
        assert_eq!(issues(RULES, "8935", &two_open(Some("2025-09-01"))), NONE);
    }

    #[test]
    fn r8940_cpps_overlap() {
        let second_from = |start: &str| {
            with(|d| {
                d.child_protection_plans[0].end_date = on("2025-09-01");
                d.child_protection_plans.push(cpp(start, None));
            })
        };
        assert_eq!(issues(RULES, "8940", &second_from("2025-09-01")), ["8940 C1 CINdetails[1]/ChildProtectionPlans[2]/CPPstartDate"]);
        assert_eq!(issues(RULES, "8940", &second_from("2025-09-02")), NONE);
        let same_day = with(|d| d.child_protection_plans.push(cpp("2025-06-02", None)));
        assert_eq!(
            issues(RULES, "8940", &same_day),
            ["8940 C1 CINdetails[1]/ChildProtectionPlans[1]/CPPstartDate", "8940 C1 CINdetails[1]/ChildProtectionPlans[2]/CPPstartDate"]
        );
    }
}
