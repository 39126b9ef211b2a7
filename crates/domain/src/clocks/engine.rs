//! From one child's dated facts to every clock that applies to them.

use chrono::NaiveDate;
use std::collections::BTreeMap;

use super::input::{ChildTimeline, FactId, Occurrence, PlanFacts};
use super::rules::{self, ClockPolicy, IcpcMeasuredFrom, Period, Rule};
use crate::calendar::Calendar;

/// Where a clock is counted from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub fact: FactId,
    /// What the fact is, for people: "referral", "previous visit".
    pub what: &'static str,
    pub on: NaiveDate,
}

/// How a clock stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockStatus {
    /// Open, and not yet due soon.
    OnTime,
    /// Open, and due within the policy's due-soon window (or today).
    DueSoon,
    /// Open, and past its due date.
    Overdue,
    /// Done on or before the due date.
    Met,
    /// Done after the due date. `reason_missing` is set when the rule asks
    /// for a reason and none is recorded.
    MetLate { reason_missing: bool },
    /// Never done, and the plan or episode ended after it was due: the
    /// visit or meeting was missed. Kept apart from `Overdue` so a closed
    /// case does not sit on work lists, and from `NotRequired` so the miss
    /// still counts against timeliness.
    Missed,
    /// Never done, and the plan or episode ended on or before the due date
    /// (or the enquiry decided no conference was needed), so it was never owed.
    NotRequired,
}

impl ClockStatus {
    /// Whether someone still has to do this.
    pub fn is_open(self) -> bool {
        matches!(self, ClockStatus::OnTime | ClockStatus::DueSoon | ClockStatus::Overdue)
    }
}

/// One thing due for the child: what, counted from what, by when, and how it
/// stands. The child is the one whose timeline was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueItem {
    pub rule: &'static Rule,
    /// What is due, for people.
    pub what: &'static str,
    pub anchor: Anchor,
    pub due: NaiveDate,
    pub completed: Option<NaiveDate>,
    /// The fact that completed it (the visit, the conference).
    pub completed_by: Option<FactId>,
    pub status: ClockStatus,
    pub late_reason: Option<String>,
}

/// Every clock for the child, open and closed, earliest due first.
pub fn due_items(timeline: &ChildTimeline, policy: &ClockPolicy, calendar: &Calendar, today: NaiveDate) -> Vec<DueItem> {
    let clocks = Clocks { policy, calendar, today };
    let mut out = Vec::new();
    clocks.assessments(timeline, &mut out);
    clocks.initial_conferences(timeline, &mut out);
    for plan in &timeline.cp_plans {
        clocks.cp_plan(timeline, plan, &mut out);
    }
    clocks.cin_plans(timeline, &mut out);
    clocks.pre_proceedings(timeline, &mut out);
    clocks.proceedings(timeline, &mut out);
    out.sort_by(|a, b| (a.due, a.rule.id).cmp(&(b.due, b.rule.id)));
    out
}

/// Working days from `start` to `end`, as the DfE reports durations (the
/// assessment's length, the days from section 47 start to conference): the
/// start day is day 0, so a conference 15 working days after the enquiry
/// began took 15 days. The same count the deadlines use, so an item shown as
/// met is inside the DfE's band too.
pub fn working_days_taken(calendar: &Calendar, start: NaiveDate, end: NaiveDate) -> i64 {
    calendar.working_days_between(start, end)
}

/// The DfE's bands for the working days from section 47 start to initial
/// conference, as published in the children in need statistics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section47ToConferenceBand {
    /// 0 to 10 working days (a conference recorded before its enquiry, which
    /// can only be a recording error, falls here too).
    UpTo10,
    From11To15,
    From16To20,
    Over20,
}

impl Section47ToConferenceBand {
    pub fn from_working_days(days: i64) -> Self {
        match days {
            ..=10 => Self::UpTo10,
            11..=15 => Self::From11To15,
            16..=20 => Self::From16To20,
            _ => Self::Over20,
        }
    }
}

/// Whether an item is past its timescale, its rule asks for a reason, and
/// none (or only blanks) is recorded: what a manager chases.
pub fn late_reason_missing(item: &DueItem) -> bool {
    let late = matches!(item.status, ClockStatus::Overdue | ClockStatus::MetLate { .. } | ClockStatus::Missed);
    late && item.rule.late_reason_required && item.late_reason.as_deref().is_none_or(|r| r.trim().is_empty())
}

struct Completion<'a> {
    by: &'a FactId,
    on: NaiveDate,
    late_reason: Option<&'a String>,
}

impl<'a> From<&'a Occurrence> for Completion<'a> {
    fn from(o: &'a Occurrence) -> Self {
        Completion { by: &o.id, on: o.on, late_reason: o.late_reason.as_ref() }
    }
}

struct Clocks<'a> {
    policy: &'a ClockPolicy,
    calendar: &'a Calendar,
    today: NaiveDate,
}

impl Clocks<'_> {
    /// One clock. `stopped` is when the plan or episode that owed it ended.
    fn item(&self, rule: &'static Rule, period: Period, anchor: Anchor, done: Option<Completion>, stopped: Option<NaiveDate>) -> DueItem {
        let due = period.due_from(anchor.on, self.calendar);
        let late_reason = done.as_ref().and_then(|d| d.late_reason.cloned());
        let status = match &done {
            Some(d) if d.on <= due => ClockStatus::Met,
            Some(_) => ClockStatus::MetLate {
                reason_missing: rule.late_reason_required && late_reason.as_deref().is_none_or(|r| r.trim().is_empty()),
            },
            // An end recorded ahead of today has not happened yet.
            None => match stopped.filter(|s| *s <= self.today) {
                Some(s) if s <= due => ClockStatus::NotRequired,
                Some(_) => ClockStatus::Missed,
                None => self.open_status(due),
            },
        };
        DueItem {
            rule,
            what: rule.what,
            anchor,
            due,
            completed: done.as_ref().map(|d| d.on),
            completed_by: done.map(|d| d.by.clone()),
            status,
            late_reason,
        }
    }

    fn open_status(&self, due: NaiveDate) -> ClockStatus {
        if self.today > due {
            ClockStatus::Overdue
        } else if self.calendar.working_days_between(self.today, due) <= i64::from(self.policy.due_soon_working_days) {
            ClockStatus::DueSoon
        } else {
            ClockStatus::OnTime
        }
    }

    /// A clock that repeats: the first counted from `anchor` under `first`,
    /// each later one from the one before under `then`, and the next one
    /// still to come open (or stopped by `stopped`).
    fn repeating(
        &self,
        first: (&'static Rule, Period),
        then: (&'static Rule, Period, &'static str),
        anchor: Anchor,
        mut done: Vec<&Occurrence>,
        stopped: Option<NaiveDate>,
        out: &mut Vec<DueItem>,
    ) {
        done.sort_by_key(|o| o.on);
        let (mut rule, mut period, mut anchor) = (first.0, first.1, anchor);
        for occurrence in done {
            out.push(self.item(rule, period, anchor, Some(occurrence.into()), None));
            anchor = Anchor { fact: occurrence.id.clone(), what: then.2, on: occurrence.on };
            (rule, period) = (then.0, then.1);
        }
        out.push(self.item(rule, period, anchor, None, stopped));
    }

    fn assessments(&self, timeline: &ChildTimeline, out: &mut Vec<DueItem>) {
        let rule = &rules::ASSESSMENT;
        for referral in &timeline.referrals {
            let anchor = Anchor { fact: referral.id.clone(), what: "referral", on: referral.referral_date };
            let done = referral
                .assessment
                .as_ref()
                .and_then(|a| a.completed_on.map(|on| Completion { by: &a.id, on, late_reason: a.late_reason.as_ref() }));
            // An assessment still open past 45 days needs its reason as much as a late one.
            let mut item = self.item(rule, rule.period(self.policy), anchor, done, referral.closed_on);
            if item.late_reason.is_none() {
                item.late_reason = referral.assessment.as_ref().and_then(|a| a.late_reason.clone());
            }
            out.push(item);
        }
    }

    fn initial_conferences(&self, timeline: &ChildTimeline, out: &mut Vec<DueItem>) {
        let rule = &rules::INITIAL_CONFERENCE;
        let conference_for = conferences_by_enquiry(timeline);
        for enquiry in &timeline.section47s {
            let discussion = match self.policy.icpc_measured_from {
                IcpcMeasuredFrom::StrategyDiscussion => {
                    enquiry.strategy_discussion.as_ref().and_then(|id| timeline.strategy_discussions.iter().find(|s| &s.id == id))
                }
                IcpcMeasuredFrom::Section47Start => None,
            };
            // Without the strategy discussion on record, the enquiry's own
            // start is the nearest date (usually the same day).
            let anchor = match discussion {
                Some(s) => Anchor { fact: s.id.clone(), what: "strategy discussion", on: s.held_on },
                None => Anchor { fact: enquiry.id.clone(), what: "section 47 enquiry started", on: enquiry.started_on },
            };
            let conference = conference_for.get(&enquiry.id);
            let done = conference.map(|c| Completion { by: &c.id, on: c.held_on, late_reason: c.late_reason.as_ref() });
            out.push(self.item(rule, rule.period(self.policy), anchor, done, enquiry.no_conference_decided_on));
        }
    }

    fn cp_plan(&self, timeline: &ChildTimeline, plan: &PlanFacts, out: &mut Vec<DueItem>) {
        let within = |o: &&Occurrence| o.on >= plan.started_on && plan.ended_on.is_none_or(|end| o.on <= end);
        let start = Anchor { fact: plan.id.clone(), what: "initial child protection conference", on: plan.started_on };
        let p = self.policy;
        self.repeating(
            (&rules::FIRST_CORE_GROUP, rules::FIRST_CORE_GROUP.period(p)),
            (&rules::CORE_GROUP, rules::CORE_GROUP.period(p), "previous core group"),
            start.clone(),
            timeline.core_groups.iter().filter(within).collect(),
            plan.ended_on,
            out,
        );
        self.repeating(
            (&rules::FIRST_REVIEW_CONFERENCE, rules::FIRST_REVIEW_CONFERENCE.period(p)),
            (&rules::REVIEW_CONFERENCE, rules::REVIEW_CONFERENCE.period(p), "previous review conference"),
            start.clone(),
            timeline.cp_reviews.iter().filter(within).collect(),
            plan.ended_on,
            out,
        );
        let visits = rules::CP_VISIT.period(p);
        self.repeating(
            (&rules::CP_VISIT, visits),
            (&rules::CP_VISIT, visits, "previous visit"),
            Anchor { what: "start of the child protection plan", ..start },
            timeline.cp_visits.iter().filter(within).collect(),
            plan.ended_on,
            out,
        );
    }

    fn cin_plans(&self, timeline: &ChildTimeline, out: &mut Vec<DueItem>) {
        for plan in &timeline.cin_plans {
            let within = |o: &&Occurrence| o.on >= plan.started_on && plan.ended_on.is_none_or(|end| o.on <= end);
            let start = Anchor { fact: plan.id.clone(), what: "start of the child in need plan", on: plan.started_on };
            let visits = plan.visit_interval.unwrap_or(rules::CIN_VISIT.period(self.policy));
            self.repeating(
                (&rules::CIN_VISIT, visits),
                (&rules::CIN_VISIT, visits, "previous visit"),
                start.clone(),
                timeline.cin_visits.iter().filter(within).collect(),
                plan.ended_on,
                out,
            );
            let reviews = plan.review_interval.unwrap_or(rules::CIN_PLAN_REVIEW.period(self.policy));
            self.repeating(
                (&rules::CIN_PLAN_REVIEW, reviews),
                (&rules::CIN_PLAN_REVIEW, reviews, "previous review"),
                start,
                timeline.cin_plan_reviews.iter().filter(within).collect(),
                plan.ended_on,
                out,
            );
        }
    }

    fn pre_proceedings(&self, timeline: &ChildTimeline, out: &mut Vec<DueItem>) {
        for plo in &timeline.pre_proceedings {
            let anchor = Anchor { fact: plo.id.clone(), what: "start of pre-proceedings", on: plo.started_on };
            let review = &rules::PRE_PROCEEDINGS_REVIEW;
            out.push(self.item(
                review,
                review.period(self.policy),
                anchor.clone(),
                plo.review.as_ref().map(Completion::from),
                plo.ended_on,
            ));
            let limit = &rules::PRE_PROCEEDINGS_LIMIT;
            let done = plo.ended_on.map(|on| Completion { by: &plo.id, on, late_reason: plo.late_reason.as_ref() });
            out.push(self.item(limit, limit.period(self.policy), anchor, done, None));
        }
    }

    fn proceedings(&self, timeline: &ChildTimeline, out: &mut Vec<DueItem>) {
        let rule = &rules::CARE_PROCEEDINGS;
        for case in &timeline.proceedings {
            let anchor = Anchor { fact: case.id.clone(), what: "application issued", on: case.issued_on };
            let done = case.disposed_on.map(|on| Completion { by: &case.id, on, late_reason: case.late_reason.as_ref() });
            let mut item = self.item(rule, rule.period(self.policy), anchor, done, None);
            if item.late_reason.is_none() {
                item.late_reason = case.late_reason.clone();
            }
            out.push(item);
        }
    }
}

/// Which initial conference answers which enquiry: an explicit link first,
/// then each unlinked conference answers the latest enquiry started on or
/// before it that has none.
fn conferences_by_enquiry(timeline: &ChildTimeline) -> BTreeMap<FactId, &super::input::ConferenceFacts> {
    let mut map = BTreeMap::new();
    let mut unlinked = Vec::new();
    for conference in &timeline.initial_conferences {
        match &conference.section47 {
            Some(id) => {
                map.entry(id.clone()).or_insert(conference);
            }
            None => unlinked.push(conference),
        }
    }
    unlinked.sort_by_key(|c| c.held_on);
    for conference in unlinked {
        let enquiry = timeline
            .section47s
            .iter()
            .filter(|e| e.started_on <= conference.held_on && !map.contains_key(&e.id))
            .max_by_key(|e| e.started_on);
        if let Some(e) = enquiry {
            map.insert(e.id.clone(), conference);
        }
    }
    map
}
