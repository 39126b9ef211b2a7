//! Scenarios for each clock, then properties over random dates.

use super::*;
use crate::calendar::{BankHoliday, Calendar};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

fn id(s: &str) -> FactId {
    FactId::from(s)
}

fn occ(name: &str, on: NaiveDate) -> Occurrence {
    Occurrence { id: id(name), on, late_reason: None }
}

fn referral(on: NaiveDate, completed: Option<NaiveDate>, reason: Option<&str>, closed: Option<NaiveDate>) -> ReferralFacts {
    ReferralFacts {
        id: id("referral-1"),
        referral_date: on,
        assessment: Some(AssessmentFacts {
            id: id("assessment-1"),
            started_on: on,
            completed_on: completed,
            late_reason: reason.map(str::to_string),
        }),
        closed_on: closed,
    }
}

fn only_referral(r: ReferralFacts) -> ChildTimeline {
    ChildTimeline { referrals: vec![r], ..ChildTimeline::default() }
}

fn items(t: &ChildTimeline, today: NaiveDate) -> Vec<DueItem> {
    due_items(t, &ClockPolicy::default(), &cal(), today)
}

fn of<'a>(items: &'a [DueItem], rule: &Rule) -> Vec<&'a DueItem> {
    items.iter().filter(|i| i.rule.id == rule.id).collect()
}

fn one<'a>(items: &'a [DueItem], rule: &Rule) -> &'a DueItem {
    let found = of(items, rule);
    assert_eq!(found.len(), 1, "expected one {} item in {items:#?}", rule.id);
    found[0]
}

fn cp_plan(start: NaiveDate, end: Option<NaiveDate>) -> ChildTimeline {
    ChildTimeline { cp_plans: vec![PlanFacts { id: id("cp-plan-1"), started_on: start, ended_on: end }], ..ChildTimeline::default() }
}

// ----- the rules as data -----

#[test]
fn rule_ids_are_unique_and_every_rule_is_versioned_and_named() {
    let mut ids: Vec<&str> = rules::ALL.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rules::ALL.len());
    assert_eq!(rules::by_id("icpc"), Some(&rules::INITIAL_CONFERENCE));
    assert_eq!(rules::by_id("no-such-rule"), None);
    for rule in rules::ALL {
        assert!(!rule.version.is_empty() && !rule.what.is_empty() && !rule.counted_from.is_empty(), "{rule:?}");
        // Local rules take their numbers from the policy; the others are fixed.
        assert_eq!(rule.basis == Basis::Local, rule.version == "local", "{rule:?}");
    }
}

#[test]
fn statutory_periods_are_fixed_and_local_ones_follow_the_policy() {
    let p = ClockPolicy::default();
    assert_eq!(rules::ASSESSMENT.period(&p), Period::WorkingDays(45));
    assert_eq!(rules::INITIAL_CONFERENCE.period(&p), Period::WorkingDays(15));
    assert_eq!(rules::FIRST_CORE_GROUP.period(&p), Period::WorkingDays(10));
    assert_eq!(rules::FIRST_REVIEW_CONFERENCE.period(&p), Period::Months(3));
    assert_eq!(rules::REVIEW_CONFERENCE.period(&p), Period::Months(6));
    assert_eq!(rules::CARE_PROCEEDINGS.period(&p), Period::WeeksBeginningWith(26));
    assert_eq!(rules::CORE_GROUP.period(&p), Period::Weeks(4));
    assert_eq!(rules::CP_VISIT.period(&p), Period::WorkingDays(10));
    assert_eq!(rules::CIN_VISIT.period(&p), Period::WorkingDays(20));
    assert_eq!(rules::CIN_PLAN_REVIEW.period(&p), Period::Months(3));
    assert_eq!(rules::PRE_PROCEEDINGS_REVIEW.period(&p), Period::Weeks(8));
    assert_eq!(rules::PRE_PROCEEDINGS_LIMIT.period(&p), Period::Weeks(16));
    let local = ClockPolicy { core_group_interval: Period::Weeks(6), cp_visit_interval: Period::Weeks(2), ..p };
    assert_eq!(rules::CORE_GROUP.period(&local), Period::Weeks(6));
    assert_eq!(rules::CP_VISIT.period(&local), Period::Weeks(2));
    assert_eq!(rules::ASSESSMENT.period(&local), Period::WorkingDays(45));
    assert_eq!(Period::WorkingDays(45).describe(), "45 working days");
    assert_eq!(Period::Months(1).describe(), "1 month");
}

#[test]
fn conference_dates_at_a_weekend_are_refused_but_bank_holidays_are_not() {
    assert_eq!(check_conference_date(date(2026, 12, 5)), Err(ConferenceDateError::Weekend(date(2026, 12, 5), chrono::Weekday::Sat)));
    assert!(check_conference_date(date(2026, 12, 6)).is_err());
    let err = check_conference_date(date(2026, 12, 6)).expect_err("Sunday");
    assert!(err.to_string().contains("weekend"), "{err}");
    // Substitute Boxing Day 2026, a Monday.
    assert_eq!(check_conference_date(date(2026, 12, 28)), Ok(()));
    assert_eq!(check_conference_date(date(2026, 12, 7)), Ok(()));
}

// ----- assessment -----

#[test]
fn assessment_due_45_working_days_after_referral_skipping_easter_and_may_bank_holidays() {
    // Wednesday 1 April 2026: Good Friday, Easter Monday, 4 May and 25 May fall inside.
    let t = only_referral(referral(date(2026, 4, 1), None, None, None));
    let item = one(&items(&t, date(2026, 4, 1)), &rules::ASSESSMENT).clone();
    assert_eq!(item.due, date(2026, 6, 9));
    assert_eq!(item.anchor, Anchor { fact: id("referral-1"), what: "referral", on: date(2026, 4, 1) });
    assert_eq!(item.what, "Child and family assessment");
    assert_eq!((item.rule.id, item.rule.version), ("assessment", "WT2023"));
    assert_eq!(item.status, ClockStatus::OnTime);
    assert_eq!(working_days_taken(&cal(), date(2026, 4, 1), item.due), 45);
}

#[test]
fn assessment_status_moves_from_on_time_to_due_soon_to_overdue() {
    let t = only_referral(referral(date(2026, 4, 1), None, None, None));
    let status = |today| one(&items(&t, today), &rules::ASSESSMENT).status;
    // Due Tuesday 9 June: Thursday 4th is 3 working days out, Friday 5th is 2.
    assert_eq!(status(date(2026, 6, 4)), ClockStatus::OnTime);
    assert_eq!(status(date(2026, 6, 5)), ClockStatus::DueSoon);
    assert_eq!(status(date(2026, 6, 6)), ClockStatus::DueSoon);
    assert_eq!(status(date(2026, 6, 9)), ClockStatus::DueSoon);
    assert_eq!(status(date(2026, 6, 10)), ClockStatus::Overdue);
    // A wider window is the authority's choice.
    let wide = ClockPolicy { due_soon_working_days: 5, ..ClockPolicy::default() };
    let item = &due_items(&t, &wide, &cal(), date(2026, 6, 2))[0];
    assert_eq!(item.status, ClockStatus::DueSoon);
}

#[test]
fn assessment_completed_late_without_a_reason_is_flagged_and_with_one_is_not() {
    let today = date(2026, 7, 1);
    let on_due = items(&only_referral(referral(date(2026, 4, 1), Some(date(2026, 6, 9)), None, None)), today);
    assert_eq!(on_due[0].status, ClockStatus::Met);
    assert_eq!(on_due[0].completed, Some(date(2026, 6, 9)));
    assert_eq!(on_due[0].completed_by, Some(id("assessment-1")));
    assert!(!late_reason_missing(&on_due[0]));

    let late = items(&only_referral(referral(date(2026, 4, 1), Some(date(2026, 6, 10)), None, None)), today);
    assert_eq!(late[0].status, ClockStatus::MetLate { reason_missing: true });
    assert!(late_reason_missing(&late[0]));

    let blank = items(&only_referral(referral(date(2026, 4, 1), Some(date(2026, 6, 10)), Some("  "), None)), today);
    assert!(late_reason_missing(&blank[0]));

    let reason = "Father in hospital; seen on discharge";
    let explained = items(&only_referral(referral(date(2026, 4, 1), Some(date(2026, 6, 10)), Some(reason), None)), today);
    assert_eq!(explained[0].status, ClockStatus::MetLate { reason_missing: false });
    assert_eq!(explained[0].late_reason.as_deref(), Some(reason));
    assert!(!late_reason_missing(&explained[0]));
}

#[test]
fn an_overdue_open_assessment_needs_its_reason_too() {
    let today = date(2026, 6, 15);
    let open = items(&only_referral(referral(date(2026, 4, 1), None, None, None)), today);
    assert_eq!(open[0].status, ClockStatus::Overdue);
    assert!(late_reason_missing(&open[0]));
    let explained = items(&only_referral(referral(date(2026, 4, 1), None, Some("Interpreter awaited"), None)), today);
    assert_eq!(explained[0].late_reason.as_deref(), Some("Interpreter awaited"));
    assert!(!late_reason_missing(&explained[0]));
}

#[test]
fn a_referral_closed_before_the_assessment_was_due_does_not_need_one() {
    let today = date(2026, 8, 1);
    let closed_early = items(&only_referral(referral(date(2026, 4, 1), None, None, Some(date(2026, 4, 20)))), today);
    assert_eq!(closed_early[0].status, ClockStatus::NotRequired);
    let closed_on_due = items(&only_referral(referral(date(2026, 4, 1), None, None, Some(date(2026, 6, 9)))), today);
    assert_eq!(closed_on_due[0].status, ClockStatus::NotRequired);
    // Closed after the due date with no assessment: it was missed, not moot.
    let closed_late = items(&only_referral(referral(date(2026, 4, 1), None, None, Some(date(2026, 6, 12)))), today);
    assert_eq!(closed_late[0].status, ClockStatus::Missed);
    assert!(late_reason_missing(&closed_late[0]));
    // A closure recorded ahead of today has not stopped anything yet.
    let future_close = items(&only_referral(referral(date(2026, 4, 1), None, None, Some(date(2026, 4, 20)))), date(2026, 4, 10));
    assert_eq!(future_close[0].status, ClockStatus::OnTime);
}

#[test]
fn a_referral_with_no_assessment_recorded_still_has_the_clock_running() {
    let t = only_referral(ReferralFacts { id: id("r"), referral_date: date(2026, 4, 1), assessment: None, closed_on: None });
    let item = &items(&t, date(2026, 6, 10))[0];
    assert_eq!(item.status, ClockStatus::Overdue);
    assert_eq!(item.completed, None);
}

// ----- initial conference -----

fn enquiry_timeline(discussion_on: NaiveDate, enquiry_on: NaiveDate, conference_on: Option<NaiveDate>) -> ChildTimeline {
    ChildTimeline {
        strategy_discussions: vec![StrategyDiscussionFacts { id: id("sd-1"), held_on: discussion_on }],
        section47s: vec![Section47Facts {
            id: id("s47-1"),
            started_on: enquiry_on,
            strategy_discussion: Some(id("sd-1")),
            no_conference_decided_on: None,
        }],
        initial_conferences: conference_on
            .map(|on| ConferenceFacts { id: id("icpc-1"), held_on: on, section47: Some(id("s47-1")), late_reason: None })
            .into_iter()
            .collect(),
        ..ChildTimeline::default()
    }
}

#[test]
fn icpc_due_15_working_days_after_the_strategy_discussion_or_the_s47_start_by_policy() {
    // Strategy discussion Monday 2 November 2026, enquiry started Wednesday 4th, conference Tuesday 24th.
    let t = enquiry_timeline(date(2026, 11, 2), date(2026, 11, 4), Some(date(2026, 11, 24)));
    let today = date(2026, 12, 1);
    let item = one(&items(&t, today), &rules::INITIAL_CONFERENCE).clone();
    assert_eq!(item.anchor, Anchor { fact: id("sd-1"), what: "strategy discussion", on: date(2026, 11, 2) });
    assert_eq!(item.due, date(2026, 11, 23));
    assert_eq!(item.status, ClockStatus::MetLate { reason_missing: false });
    assert_eq!(item.completed_by, Some(id("icpc-1")));

    let dfe = ClockPolicy { icpc_measured_from: IcpcMeasuredFrom::Section47Start, ..ClockPolicy::default() };
    let measured = due_items(&t, &dfe, &cal(), today);
    let item = one(&measured, &rules::INITIAL_CONFERENCE);
    assert_eq!(item.anchor.on, date(2026, 11, 4));
    assert_eq!(item.due, date(2026, 11, 25));
    assert_eq!(item.status, ClockStatus::Met);

    let days = working_days_taken(&cal(), date(2026, 11, 4), date(2026, 11, 24));
    assert_eq!(days, 14);
    assert_eq!(Section47ToConferenceBand::from_working_days(days), Section47ToConferenceBand::From11To15);
}

#[test]
fn icpc_counting_from_a_weekend_or_christmas_starts_on_the_next_working_day() {
    let today = date(2026, 12, 1);
    let due = |discussion| one(&items(&enquiry_timeline(discussion, discussion, None), today), &rules::INITIAL_CONFERENCE).due;
    // Friday 18 and Saturday 19 December 2026 give the same date: 25 and 28 December and 1 January are holidays.
    assert_eq!(due(date(2026, 12, 18)), date(2027, 1, 13));
    assert_eq!(due(date(2026, 12, 19)), date(2027, 1, 13));
    // Christmas Day itself: the first working day counted is 29 December.
    assert_eq!(due(date(2026, 12, 25)), date(2027, 1, 19));
}

#[test]
fn icpc_falls_back_to_the_s47_start_when_the_discussion_is_not_on_record() {
    let mut t = enquiry_timeline(date(2026, 11, 2), date(2026, 11, 4), None);
    t.strategy_discussions.clear();
    let item = one(&items(&t, date(2026, 11, 5)), &rules::INITIAL_CONFERENCE).clone();
    assert_eq!(item.anchor, Anchor { fact: id("s47-1"), what: "section 47 enquiry started", on: date(2026, 11, 4) });
    assert_eq!(item.due, date(2026, 11, 25));
}

#[test]
fn an_enquiry_that_decides_no_conference_is_needed_stops_the_clock() {
    let mut t = enquiry_timeline(date(2026, 11, 2), date(2026, 11, 2), None);
    t.section47s[0].no_conference_decided_on = Some(date(2026, 11, 13));
    let item = &items(&t, date(2026, 12, 1))[0];
    assert_eq!(item.status, ClockStatus::NotRequired);
}

#[test]
fn unlinked_conferences_answer_the_latest_enquiry_before_them() {
    let enquiry =
        |name: &str, on| Section47Facts { id: id(name), started_on: on, strategy_discussion: None, no_conference_decided_on: None };
    let conference = |name: &str, on| ConferenceFacts { id: id(name), held_on: on, section47: None, late_reason: None };
    let t = ChildTimeline {
        section47s: vec![enquiry("s47-a", date(2026, 3, 2)), enquiry("s47-b", date(2026, 9, 1))],
        initial_conferences: vec![conference("icpc-b", date(2026, 9, 15)), conference("icpc-a", date(2026, 3, 16))],
        ..ChildTimeline::default()
    };
    let all = items(&t, date(2026, 10, 1));
    let conferences = of(&all, &rules::INITIAL_CONFERENCE);
    assert_eq!(conferences.len(), 2);
    assert_eq!(conferences[0].completed_by, Some(id("icpc-a")));
    assert_eq!(conferences[1].completed_by, Some(id("icpc-b")));
    assert!(conferences.iter().all(|c| c.status == ClockStatus::Met));
}

#[test]
fn dfe_bands_for_s47_to_conference() {
    use Section47ToConferenceBand::*;
    let band = Section47ToConferenceBand::from_working_days;
    assert_eq!(
        [band(0), band(10), band(11), band(15), band(16), band(20), band(21), band(90)],
        [UpTo10, UpTo10, From11To15, From11To15, From16To20, From16To20, Over20, Over20]
    );
}

// ----- child protection plan: core groups, reviews, visits -----

#[test]
fn first_core_group_within_10_working_days_of_a_christmas_eve_conference() {
    // Thursday 24 December 2026; 25, 28 December and 1 January are not worked.
    let all = items(&cp_plan(date(2026, 12, 24), None), date(2026, 12, 24));
    let first = one(&all, &rules::FIRST_CORE_GROUP);
    assert_eq!(first.due, date(2027, 1, 12));
    assert_eq!(first.anchor.what, "initial child protection conference");
    assert_eq!(first.status, ClockStatus::OnTime);
}

#[test]
fn core_groups_then_every_four_weeks_from_the_last() {
    let mut t = cp_plan(date(2026, 11, 2), None);
    t.core_groups = vec![occ("cg-2", date(2026, 12, 17)), occ("cg-1", date(2026, 11, 13))];
    let all = items(&t, date(2027, 1, 4));
    let first = one(&all, &rules::FIRST_CORE_GROUP);
    assert_eq!((first.due, first.status), (date(2026, 11, 16), ClockStatus::Met));
    let later = of(&all, &rules::CORE_GROUP);
    assert_eq!(later.len(), 2);
    // 13 November + 4 weeks = 11 December; held on the 17th.
    assert_eq!(later[0].anchor, Anchor { fact: id("cg-1"), what: "previous core group", on: date(2026, 11, 13) });
    assert_eq!((later[0].due, later[0].status), (date(2026, 12, 11), ClockStatus::MetLate { reason_missing: false }));
    assert_eq!(later[0].completed_by, Some(id("cg-2")));
    // Next from 17 December: 14 January, open.
    assert_eq!((later[1].due, later[1].status, later[1].completed), (date(2027, 1, 14), ClockStatus::OnTime, None));

    let monthly = ClockPolicy { core_group_interval: Period::Months(1), ..ClockPolicy::default() };
    let all = due_items(&t, &monthly, &cal(), date(2027, 1, 4));
    assert_eq!(of(&all, &rules::CORE_GROUP)[1].due, date(2027, 1, 17));
}

#[test]
fn review_conferences_three_months_then_six_clamped_to_month_end() {
    // Conference Tuesday 31 August 2027: three months on is 30 November.
    let mut t = cp_plan(date(2027, 8, 31), None);
    let all = items(&t, date(2027, 9, 1));
    let first = one(&all, &rules::FIRST_REVIEW_CONFERENCE);
    assert_eq!(first.due, date(2027, 11, 30));
    assert!(of(&all, &rules::REVIEW_CONFERENCE).is_empty());

    t.cp_reviews = vec![occ("rcpc-1", date(2027, 11, 30))];
    let all = items(&t, date(2027, 12, 1));
    assert_eq!(one(&all, &rules::FIRST_REVIEW_CONFERENCE).status, ClockStatus::Met);
    let next = one(&all, &rules::REVIEW_CONFERENCE);
    assert_eq!((next.due, next.status), (date(2028, 5, 30), ClockStatus::OnTime));
    assert_eq!(next.anchor.what, "previous review conference");

    // A review on 31 August is next due on the last day of February (29th in 2028).
    let mut t = cp_plan(date(2027, 5, 28), None);
    t.cp_reviews = vec![occ("rcpc-1", date(2027, 8, 31))];
    let all = items(&t, date(2027, 9, 1));
    assert_eq!(one(&all, &rules::REVIEW_CONFERENCE).due, date(2028, 2, 29));
}

#[test]
fn cp_visits_every_10_working_days_each_from_the_last() {
    let mut t = cp_plan(date(2026, 11, 2), None);
    t.cp_visits = vec![occ("v-1", date(2026, 11, 13)), occ("v-2", date(2026, 11, 30))];
    let visits_on = |today| {
        let all = items(&t, today);
        of(&all, &rules::CP_VISIT).into_iter().cloned().collect::<Vec<_>>()
    };
    let visits = visits_on(date(2026, 12, 10));
    assert_eq!(visits.len(), 3);
    assert_eq!(visits[0].anchor.what, "start of the child protection plan");
    assert_eq!((visits[0].due, visits[0].status), (date(2026, 11, 16), ClockStatus::Met));
    assert_eq!((visits[1].due, visits[1].status), (date(2026, 11, 27), ClockStatus::MetLate { reason_missing: false }));
    assert_eq!(visits[2].anchor.on, date(2026, 11, 30));
    assert_eq!((visits[2].due, visits[2].status), (date(2026, 12, 14), ClockStatus::DueSoon));
    assert_eq!(visits_on(date(2026, 12, 9))[2].status, ClockStatus::OnTime);
    assert_eq!(visits_on(date(2026, 12, 15))[2].status, ClockStatus::Overdue);
    // Only the next visit is open.
    assert_eq!(visits.iter().filter(|v| v.status.is_open()).count(), 1);
}

#[test]
fn an_ended_plan_stops_its_clocks() {
    // Plan from Monday 2 November 2026, ended Friday 20 November.
    let mut t = cp_plan(date(2026, 11, 2), Some(date(2026, 11, 20)));
    let all = items(&t, date(2027, 3, 1));
    // Visit and first core group were due on the 16th and never happened.
    assert_eq!(one(&all, &rules::CP_VISIT).status, ClockStatus::Missed);
    assert_eq!(one(&all, &rules::FIRST_CORE_GROUP).status, ClockStatus::Missed);
    // The review was not due until February.
    assert_eq!(one(&all, &rules::FIRST_REVIEW_CONFERENCE).status, ClockStatus::NotRequired);
    assert!(all.iter().all(|i| !i.status.is_open()));

    // Visited on the 13th: the next visit (27th) fell after the plan ended.
    t.cp_visits = vec![occ("v-1", date(2026, 11, 13)), occ("v-after", date(2026, 12, 1)), occ("v-before", date(2026, 10, 30))];
    let all = items(&t, date(2027, 3, 1));
    let visits = of(&all, &rules::CP_VISIT);
    assert_eq!(visits.len(), 2, "visits outside the plan do not count: {visits:#?}");
    assert_eq!(visits[0].completed_by, Some(id("v-1")));
    assert_eq!(visits[1].status, ClockStatus::NotRequired);
}

#[test]
fn a_second_plan_starts_its_own_clocks() {
    let mut t = cp_plan(date(2026, 1, 5), Some(date(2026, 3, 2)));
    t.cp_plans.push(PlanFacts { id: id("cp-plan-2"), started_on: date(2026, 10, 5), ended_on: None });
    t.cp_visits = vec![occ("v-old", date(2026, 1, 9)), occ("v-new", date(2026, 10, 9))];
    let all = items(&t, date(2026, 10, 12));
    let open: Vec<_> = of(&all, &rules::CP_VISIT).into_iter().filter(|v| v.status.is_open()).collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].anchor.fact, id("v-new"));
    assert_eq!(of(&all, &rules::FIRST_CORE_GROUP).len(), 2);
}

// ----- child in need -----

#[test]
fn cin_visits_follow_the_plan_frequency_and_reviews_the_default() {
    let plan = |interval| CinPlanFacts {
        id: id("cin-1"),
        started_on: date(2026, 9, 1),
        ended_on: None,
        visit_interval: interval,
        review_interval: None,
    };
    let t = ChildTimeline { cin_plans: vec![plan(None)], cin_visits: vec![occ("cv-1", date(2026, 9, 25))], ..ChildTimeline::default() };
    let all = items(&t, date(2026, 10, 1));
    let visits = of(&all, &rules::CIN_VISIT);
    // 20 working days from Tuesday 1 September 2026 is Tuesday 29th.
    assert_eq!((visits[0].due, visits[0].status), (date(2026, 9, 29), ClockStatus::Met));
    assert_eq!(visits[1].due, date(2026, 10, 23));
    assert_eq!(one(&all, &rules::CIN_PLAN_REVIEW).due, date(2026, 12, 1));

    let t = ChildTimeline { cin_plans: vec![plan(Some(Period::WorkingDays(15)))], ..t };
    let all = items(&t, date(2026, 10, 1));
    let visits = of(&all, &rules::CIN_VISIT);
    assert_eq!((visits[0].due, visits[0].status), (date(2026, 9, 22), ClockStatus::MetLate { reason_missing: false }));
    assert_eq!(visits[1].due, date(2026, 10, 16));
}

// ----- pre-proceedings and proceedings -----

#[test]
fn pre_proceedings_review_at_8_weeks_and_conclusion_by_16() {
    let plo = |ended: Option<NaiveDate>, reason: Option<&str>| ChildTimeline {
        pre_proceedings: vec![PreProceedingsFacts {
            id: id("plo-1"),
            started_on: date(2026, 11, 2),
            review: Some(occ("plo-review", date(2026, 12, 21))),
            ended_on: ended,
            late_reason: reason.map(str::to_string),
        }],
        ..ChildTimeline::default()
    };
    let all = items(&plo(None, None), date(2027, 2, 22));
    let review = one(&all, &rules::PRE_PROCEEDINGS_REVIEW);
    assert_eq!((review.due, review.status), (date(2026, 12, 28), ClockStatus::Met));
    let limit = one(&all, &rules::PRE_PROCEEDINGS_LIMIT);
    assert_eq!((limit.due, limit.status), (date(2027, 2, 22), ClockStatus::DueSoon));

    let all = items(&plo(Some(date(2027, 3, 1)), None), date(2027, 3, 2));
    let limit = one(&all, &rules::PRE_PROCEEDINGS_LIMIT);
    assert_eq!(limit.status, ClockStatus::MetLate { reason_missing: true });
    assert!(late_reason_missing(limit));

    let all = items(&plo(Some(date(2027, 3, 1)), Some("Parenting assessment extended")), date(2027, 3, 2));
    assert!(!late_reason_missing(one(&all, &rules::PRE_PROCEEDINGS_LIMIT)));
}

#[test]
fn care_proceedings_26_weeks_beginning_with_the_day_of_issue() {
    let case = |disposed| ChildTimeline {
        proceedings: vec![ProceedingsFacts { id: id("pr-1"), issued_on: date(2027, 1, 4), disposed_on: disposed, late_reason: None }],
        ..ChildTimeline::default()
    };
    // Issued Monday 4 January 2027: the 26th week ends on Sunday 4 July.
    let all = items(&case(None), date(2027, 1, 4));
    assert_eq!((all[0].due, all[0].status), (date(2027, 7, 4), ClockStatus::OnTime));
    assert_eq!(items(&case(Some(date(2027, 7, 4))), date(2027, 8, 1))[0].status, ClockStatus::Met);
    assert_eq!(items(&case(Some(date(2027, 7, 5))), date(2027, 8, 1))[0].status, ClockStatus::MetLate { reason_missing: true });
}

// ----- the whole record -----

#[test]
fn items_come_earliest_due_first_and_an_empty_record_owes_nothing() {
    assert!(items(&ChildTimeline::default(), date(2026, 1, 1)).is_empty());
    let mut t = cp_plan(date(2026, 11, 2), None);
    t.referrals.push(referral(date(2026, 9, 1), None, None, None));
    let all = items(&t, date(2026, 11, 3));
    assert!(all.windows(2).all(|w| w[0].due <= w[1].due));
    assert_eq!(all.len(), 4);
}

// ----- properties -----

/// Dates inside the shipped bank-holiday data, 2015 to 2029.
fn shipped_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..5479).prop_map(|k| date(2015, 1, 1) + Days::new(k))
}

fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (0u32..300).prop_map(Period::WorkingDays),
        (0u32..60).prop_map(Period::Weeks),
        (1u32..60).prop_map(Period::WeeksBeginningWith),
        (0u32..24).prop_map(Period::Months),
    ]
}

proptest! {
    #[test]
    fn a_working_day_deadline_is_a_working_day_exactly_n_after_the_anchor(anchor in shipped_date(), n in 1u32..300) {
        let cal = cal();
        let due = Period::WorkingDays(n).due_from(anchor, &cal);
        prop_assert!(cal.is_working_day(due));
        prop_assert_eq!(cal.working_days_between(anchor, due), i64::from(n));
        prop_assert_eq!(working_days_taken(&cal, anchor, due), i64::from(n));
    }

    #[test]
    fn due_dates_never_go_backwards_as_the_anchor_moves_on(anchor in shipped_date(), later in 0u64..400, period in any_period()) {
        let cal = cal();
        let moved = anchor + Days::new(later);
        prop_assert!(period.due_from(anchor, &cal) <= period.due_from(moved, &cal));
        prop_assert!(period.due_from(anchor, &cal) >= anchor);
    }

    #[test]
    fn a_bank_holiday_never_brings_a_deadline_forward(anchor in shipped_date(), n in 1u32..120, offset in 0u64..200) {
        let cal = cal();
        let extra = anchor + Days::new(offset);
        let closed = cal.with_additional([BankHoliday { date: extra, title: "Extra bank holiday".to_string() }]);
        let before = Period::WorkingDays(n).due_from(anchor, &cal);
        let after = Period::WorkingDays(n).due_from(anchor, &closed);
        prop_assert!(after >= before);
        // A working day inside the period lost costs exactly one more day.
        if cal.is_working_day(extra) && extra > anchor && extra <= before {
            prop_assert_eq!(after, closed.add_working_days(before, 1));
            prop_assert_eq!(closed.working_days_between(anchor, after), i64::from(n));
        }
    }

    #[test]
    fn done_on_the_due_date_is_met_and_a_day_later_is_met_late(referred in shipped_date(), days_late in 0u64..30) {
        let due = Period::WorkingDays(45).due_from(referred, &cal());
        let today = due + Days::new(60);
        let on_time = items(&only_referral(referral(referred, Some(due), None, None)), today);
        prop_assert_eq!(on_time[0].due, due);
        prop_assert_eq!(on_time[0].status, ClockStatus::Met);
        let late_day = due + Days::new(1 + days_late);
        let late = items(&only_referral(referral(referred, Some(late_day), None, None)), today);
        prop_assert_eq!(late[0].status, ClockStatus::MetLate { reason_missing: true });
    }

    #[test]
    fn an_open_clock_is_overdue_exactly_when_today_is_past_due(referred in shipped_date(), today_offset in 0u64..120) {
        let cal = cal();
        let today = referred + Days::new(today_offset);
        let item = &items(&only_referral(referral(referred, None, None, None)), today)[0];
        prop_assert!(item.status.is_open());
        prop_assert_eq!(item.status == ClockStatus::Overdue, today > item.due);
        let soon = today <= item.due && cal.working_days_between(today, item.due) <= 2;
        prop_assert_eq!(item.status == ClockStatus::DueSoon, soon);
    }

    #[test]
    fn visits_yield_one_item_each_and_one_open_from_the_last(start in shipped_date(), gaps in proptest::collection::vec(1u64..30, 0..12)) {
        let mut t = cp_plan(start, None);
        let mut on = start;
        for (k, gap) in gaps.iter().enumerate() {
            on = on + Days::new(*gap);
            t.cp_visits.push(occ(&format!("v-{k}"), on));
        }
        let today = on + Days::new(1);
        let all = items(&t, today);
        let visits = of(&all, &rules::CP_VISIT);
        prop_assert_eq!(visits.len(), gaps.len() + 1);
        prop_assert_eq!(visits.iter().filter(|v| v.status.is_open()).count(), 1);
        let last = visits[visits.len() - 1];
        prop_assert_eq!(last.anchor.on, on);
        for pair in visits.windows(2) {
            prop_assert_eq!(Some(pair[1].anchor.on), pair[0].completed);
        }
        for v in &visits[..visits.len() - 1] {
            let done = v.completed.expect("done");
            prop_assert_eq!(v.status == ClockStatus::Met, done <= v.due);
        }
    }
    #[test]
    fn an_anchor_on_a_non_working_day_counts_as_the_working_day_before(d in shipped_date(), n in 1u32..120) {
        let cal = cal();
        prop_assume!(!cal.is_working_day(d));
        let day_before = d.pred_opt().expect("in range");
        prop_assert_eq!(Period::WorkingDays(n).due_from(d, &cal), Period::WorkingDays(n).due_from(day_before, &cal));
    }

    #[test]
    fn any_plan_history_gives_consistent_items(
        start in shipped_date(),
        length in proptest::option::of(0u64..400),
        visits in proptest::collection::vec(0u64..500, 0..10),
        reviews in proptest::collection::vec(0u64..500, 0..4),
        today_offset in 0u64..600,
    ) {
        let mut t = cp_plan(start, length.map(|l| start + Days::new(l)));
        t.cp_visits = visits.iter().enumerate().map(|(k, d)| occ(&format!("v-{k}"), start + Days::new(*d))).collect();
        t.cp_reviews = reviews.iter().enumerate().map(|(k, d)| occ(&format!("r-{k}"), start + Days::new(*d))).collect();
        let today = start + Days::new(today_offset);
        let all = items(&t, today);
        for item in &all {
            prop_assert!(item.due >= item.anchor.on, "{:?}", item);
            match item.completed {
                Some(done) => prop_assert_eq!(item.status == ClockStatus::Met, done <= item.due),
                None => prop_assert!(!matches!(item.status, ClockStatus::Met | ClockStatus::MetLate { .. }), "{:?}", item),
            }
            let ended = t.cp_plans[0].ended_on.is_some_and(|end| end <= today);
            if ended {
                prop_assert!(!item.status.is_open(), "{:?}", item);
            }
        }
        // Each repeating clock has exactly one item still to come.
        let pending = |ids: &[&str]| all.iter().filter(|i| ids.contains(&i.rule.id) && i.completed.is_none()).count();
        prop_assert_eq!(pending(&["cp-visit"]), 1);
        prop_assert_eq!(pending(&["core-group-first", "core-group"]), 1);
        prop_assert_eq!(pending(&["cp-review-first", "cp-review"]), 1);
    }
}
