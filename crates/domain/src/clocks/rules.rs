//! The timescales themselves: each rule as data, with a stable id and the
//! version of the guidance it comes from, and the local policy that fills in
//! the numbers national guidance leaves to each authority.
//!
//! A rule's id never changes; its version does when the guidance behind it is
//! reissued (Working Together 2018 became Working Together 2023). A due item
//! records both, so a clock computed under one version can still be explained
//! after the next one comes in.

use crate::calendar::{Calendar, add_calendar_months};
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// How long a timescale allows, counted from its anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// "Within N working days of X": X is day 0 and the due date is the N-th
    /// working day after it (England and Wales bank holidays). An anchor on a
    /// weekend or bank holiday starts counting from the next working day.
    WorkingDays(u32),
    /// N calendar days after the anchor, whatever day that is (a child in
    /// need plan's "visit every 15 days").
    Days(u32),
    /// N calendar weeks: 7N days after the anchor, whatever day that is.
    Weeks(u32),
    /// N weeks "beginning with" the anchor day, as the Children Act 1989
    /// s32(1)(a)(ii) words the 26-week limit: the anchor is the first day of
    /// the period, so the last day is 7N - 1 days after it.
    WeeksBeginningWith(u32),
    /// N calendar months: the same day of the month, clamped to the month's
    /// end (31 August + 3 months = 30 November).
    Months(u32),
}

impl Period {
    /// The last day on which something anchored on `anchor` is on time.
    ///
    /// Calendar periods are not moved off weekends: the guidance sets a limit
    /// ("within three months"), and moving a Saturday limit to the Monday
    /// would show as met a conference the guidance counts as late.
    pub fn due_from(self, anchor: NaiveDate, calendar: &Calendar) -> NaiveDate {
        match self {
            Period::WorkingDays(n) => calendar.add_working_days(anchor, n),
            Period::Days(n) => add_days(anchor, u64::from(n)),
            Period::Weeks(n) => add_days(anchor, u64::from(n) * 7),
            Period::WeeksBeginningWith(n) => add_days(anchor, (u64::from(n) * 7).saturating_sub(1)),
            Period::Months(n) => add_calendar_months(anchor, n),
        }
    }

    /// How the period reads to people: "45 working days", "3 months".
    pub fn describe(self) -> String {
        fn plural(n: u32, one: &str, many: &str) -> String {
            if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
        }
        match self {
            Period::WorkingDays(n) => plural(n, "working day", "working days"),
            Period::Days(n) => plural(n, "day", "days"),
            Period::Weeks(n) | Period::WeeksBeginningWith(n) => plural(n, "week", "weeks"),
            Period::Months(n) => plural(n, "month", "months"),
        }
    }
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// Where a timescale's authority comes from, which decides whether an
/// authority may change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// Set by an Act or regulations.
    Law,
    /// Set by statutory guidance (Working Together), which authorities must
    /// follow unless they have exceptional reason not to.
    StatutoryGuidance,
    /// Recommended by national good-practice guidance, not statutory.
    Practice,
    /// Set by each authority's own procedures; the number comes from
    /// [`ClockPolicy`].
    Local,
}

/// A local setting in [`ClockPolicy`] that a rule takes its period from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalSetting {
    CoreGroupInterval,
    CpVisitInterval,
    CinVisitInterval,
    CinPlanReviewInterval,
    PreProceedingsReview,
    PreProceedingsLimit,
}

/// A rule's timescale: fixed by the rule, or taken from the local policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timescale {
    Fixed(Period),
    Local(LocalSetting),
}

/// One timescale rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable across versions; what reports and stored items key on.
    pub id: &'static str,
    /// The guidance edition (or "local") the rule is taken from.
    pub version: &'static str,
    /// What is due, as practitioners say it.
    pub what: &'static str,
    /// What the clock counts from, as practitioners say it.
    pub counted_from: &'static str,
    pub basis: Basis,
    /// Short citation; timescales.md holds the full references.
    pub source: &'static str,
    pub timescale: Timescale,
    /// Whether a reason must be recorded once the timescale is passed.
    pub late_reason_required: bool,
}

impl Rule {
    /// The period this rule allows under `policy`.
    pub fn period(&self, policy: &ClockPolicy) -> Period {
        match self.timescale {
            Timescale::Fixed(p) => p,
            Timescale::Local(setting) => policy.period(setting),
        }
    }
}

pub const ASSESSMENT: Rule = Rule {
    id: "assessment",
    version: "WT2023",
    what: "Child and family assessment",
    counted_from: "referral",
    basis: Basis::StatutoryGuidance,
    source: "Working Together 2023 ch.3; CIN census ReferralDate",
    timescale: Timescale::Fixed(Period::WorkingDays(45)),
    // Working Together 2023 asks for the reasons to be recorded when an
    // assessment goes past 45 working days.
    late_reason_required: true,
};

pub const INITIAL_CONFERENCE: Rule = Rule {
    id: "icpc",
    version: "WT2023",
    what: "Initial child protection conference",
    counted_from: "strategy discussion that started the section 47 enquiry",
    basis: Basis::StatutoryGuidance,
    source: "Working Together 2023 ch.3; CIN validator 8675Q",
    timescale: Timescale::Fixed(Period::WorkingDays(15)),
    late_reason_required: false,
};

pub const FIRST_CORE_GROUP: Rule = Rule {
    id: "core-group-first",
    version: "WT2023",
    what: "First core group meeting",
    counted_from: "initial child protection conference",
    basis: Basis::StatutoryGuidance,
    source: "Working Together (2018 wording kept in 2023 procedures)",
    timescale: Timescale::Fixed(Period::WorkingDays(10)),
    late_reason_required: false,
};

pub const CORE_GROUP: Rule = Rule {
    id: "core-group",
    version: "local",
    what: "Core group meeting",
    counted_from: "previous core group",
    basis: Basis::Local,
    source: "local child protection procedures",
    timescale: Timescale::Local(LocalSetting::CoreGroupInterval),
    late_reason_required: false,
};

pub const FIRST_REVIEW_CONFERENCE: Rule = Rule {
    id: "cp-review-first",
    version: "WT2023",
    what: "First child protection review conference",
    counted_from: "initial child protection conference",
    basis: Basis::StatutoryGuidance,
    source: "Working Together 2023 ch.3",
    timescale: Timescale::Fixed(Period::Months(3)),
    late_reason_required: false,
};

pub const REVIEW_CONFERENCE: Rule = Rule {
    id: "cp-review",
    version: "WT2023",
    what: "Child protection review conference",
    counted_from: "previous review conference",
    basis: Basis::StatutoryGuidance,
    source: "Working Together 2023 ch.3",
    timescale: Timescale::Fixed(Period::Months(6)),
    late_reason_required: false,
};

pub const CP_VISIT: Rule = Rule {
    id: "cp-visit",
    version: "local",
    what: "Child protection visit (child seen)",
    counted_from: "previous visit, or the start of the plan",
    basis: Basis::Local,
    source: "local child protection procedures",
    timescale: Timescale::Local(LocalSetting::CpVisitInterval),
    late_reason_required: false,
};

pub const CIN_VISIT: Rule = Rule {
    id: "cin-visit",
    version: "local",
    what: "Child in need visit",
    counted_from: "previous visit, or the start of the plan",
    basis: Basis::Local,
    source: "local child in need procedures",
    timescale: Timescale::Local(LocalSetting::CinVisitInterval),
    late_reason_required: false,
};

pub const CIN_PLAN_REVIEW: Rule = Rule {
    id: "cin-plan-review",
    version: "local",
    what: "Child in need plan review",
    counted_from: "previous review, or the start of the plan",
    basis: Basis::Local,
    source: "local child in need procedures",
    timescale: Timescale::Local(LocalSetting::CinPlanReviewInterval),
    late_reason_required: false,
};

pub const PRE_PROCEEDINGS_REVIEW: Rule = Rule {
    id: "plo-review",
    version: "local",
    what: "Pre-proceedings review meeting",
    counted_from: "start of pre-proceedings",
    basis: Basis::Local,
    source: "Public Law Working Group guidance (2021), local PLO procedures",
    timescale: Timescale::Local(LocalSetting::PreProceedingsReview),
    late_reason_required: false,
};

pub const PRE_PROCEEDINGS_LIMIT: Rule = Rule {
    id: "plo-limit",
    version: "PLWG2021",
    what: "Pre-proceedings concluded",
    counted_from: "start of pre-proceedings",
    basis: Basis::Practice,
    source: "Public Law Working Group guidance (2021); figure not yet checked against the text",
    timescale: Timescale::Local(LocalSetting::PreProceedingsLimit),
    late_reason_required: true,
};

pub const CARE_PROCEEDINGS: Rule = Rule {
    id: "care-proceedings",
    version: "CA1989-s32-2014",
    what: "Care or supervision proceedings concluded",
    counted_from: "application issued",
    basis: Basis::Law,
    source: "Children Act 1989 s32(1)(a)(ii), inserted by Children and Families Act 2014 s14",
    timescale: Timescale::Fixed(Period::WeeksBeginningWith(26)),
    // An extension needs the court's reasons (s32(5)); the record should say why.
    late_reason_required: true,
};

/// Every rule the engine applies.
pub const ALL: &[&Rule] = &[
    &ASSESSMENT,
    &INITIAL_CONFERENCE,
    &FIRST_CORE_GROUP,
    &CORE_GROUP,
    &FIRST_REVIEW_CONFERENCE,
    &REVIEW_CONFERENCE,
    &CP_VISIT,
    &CIN_VISIT,
    &CIN_PLAN_REVIEW,
    &PRE_PROCEEDINGS_REVIEW,
    &PRE_PROCEEDINGS_LIMIT,
    &CARE_PROCEEDINGS,
];

/// The rule a stored item names, so an item saved under an id can be
/// explained again later.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}

/// What the initial conference timescale is counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum IcpcMeasuredFrom {
    /// The strategy discussion at which the section 47 enquiry was started,
    /// as Working Together words it.
    #[default]
    StrategyDiscussion,
    /// The section 47 start date, as the DfE measures it in the children in
    /// need statistics (the same day in most cases).
    Section47Start,
}

/// The authority's own numbers for timescales national guidance leaves open,
/// and how the engine reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockPolicy {
    pub icpc_measured_from: IcpcMeasuredFrom,
    /// Between core groups after the first.
    pub core_group_interval: Period,
    /// Between child protection visits, the first counted from the plan start.
    pub cp_visit_interval: Period,
    /// Between child in need visits where the plan sets no frequency of its own.
    pub cin_visit_interval: Period,
    /// Between child in need plan reviews where the plan sets none.
    pub cin_plan_review_interval: Period,
    /// From the start of pre-proceedings to the review meeting.
    pub pre_proceedings_review: Period,
    /// From the start of pre-proceedings to its conclusion.
    pub pre_proceedings_limit: Period,
    /// An open item within this many working days of its due date is due soon.
    pub due_soon_working_days: u32,
}

impl Default for ClockPolicy {
    /// Local defaults, each the strictest common standard in timescales.md so
    /// an authority that has not set its own sees problems early rather than
    /// late:
    /// - core groups every 4 weeks (local procedures say 4 to 6 weeks or
    ///   "at least monthly"; Newcastle's "at least every 4 weeks" is the
    ///   strictest and a calendar month is never shorter);
    /// - child protection visits every 10 working days (Liverpool, Central
    ///   Bedfordshire, Camden);
    /// - child in need visits every 20 working days, plan reviews every 3
    ///   months;
    /// - pre-proceedings review at 8 weeks (the early end of the 8 to 12
    ///   weeks commonly used), concluded within 16 weeks.
    fn default() -> Self {
        Self {
            icpc_measured_from: IcpcMeasuredFrom::StrategyDiscussion,
            core_group_interval: Period::Weeks(4),
            cp_visit_interval: Period::WorkingDays(10),
            cin_visit_interval: Period::WorkingDays(20),
            cin_plan_review_interval: Period::Months(3),
            pre_proceedings_review: Period::Weeks(8),
            pre_proceedings_limit: Period::Weeks(16),
            due_soon_working_days: 2,
        }
    }
}

impl ClockPolicy {
    pub fn period(&self, setting: LocalSetting) -> Period {
        match setting {
            LocalSetting::CoreGroupInterval => self.core_group_interval,
            LocalSetting::CpVisitInterval => self.cp_visit_interval,
            LocalSetting::CinVisitInterval => self.cin_visit_interval,
            LocalSetting::CinPlanReviewInterval => self.cin_plan_review_interval,
            LocalSetting::PreProceedingsReview => self.pre_proceedings_review,
            LocalSetting::PreProceedingsLimit => self.pre_proceedings_limit,
        }
    }
}

/// Why a date cannot be a child protection conference date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConferenceDateError {
    /// The CIN census rejects a conference (or target) date at a weekend
    /// (validator rule 8875), so one can only be a recording mistake.
    #[error("{0} is a {1}: a child protection conference cannot be held at a weekend")]
    Weekend(NaiveDate, Weekday),
}

/// Checks a conference date before it is recorded. Bank holidays are allowed:
/// the census does not reject them and an emergency may need one.
pub fn check_conference_date(date: NaiveDate) -> Result<(), ConferenceDateError> {
    match date.weekday() {
        day @ (Weekday::Sat | Weekday::Sun) => Err(ConferenceDateError::Weekend(date, day)),
        _ => Ok(()),
    }
}
