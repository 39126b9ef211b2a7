//! Pre-proceedings under the Public Law Outline and care proceedings
//! (issue 4; finding F21: children drifting in pre-proceedings).

use crate::calendar::Calendar;
use crate::clocks::rules::{CARE_PROCEEDINGS, ClockPolicy, PRE_PROCEEDINGS_LIMIT, PRE_PROCEEDINGS_REVIEW};
use crate::ids::{MeetingId, PersonId, ProceedingsId};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const TEXT_MAX: usize = 20_000;

fn not_future(errors: &mut FieldErrors, field: &str, date: NaiveDate, today: NaiveDate, what: &str) {
    if date > today {
        errors.add(field, format!("The date {what} must be today or in the past"));
    }
}

/// A legal planning meeting decides the threshold for proceedings is met
/// and the family is written to (the letter before proceedings); the
/// pre-proceedings period runs from the letter or the first meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreProceedingsStarted {
    pub pre_proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub legal_planning_meeting_on: NaiveDate,
    /// The letter before proceedings, or the pre-proceedings meeting.
    pub started_on: NaiveDate,
    /// What must change, as agreed with the family and their solicitor.
    pub concerns: String,
}

impl PreProceedingsStarted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "legal_planning_meeting_on", self.legal_planning_meeting_on, today, "of the legal planning meeting");
        not_future(&mut errors, "started_on", self.started_on, today, "pre-proceedings started");
        if self.started_on < self.legal_planning_meeting_on {
            errors.add("started_on", "Pre-proceedings cannot start before the legal planning meeting that decided on them");
        }
        errors.require_text("concerns", &self.concerns, "what must change for the child", TEXT_MAX);
        errors.into_result()
    }
}

/// A review of progress in pre-proceedings (a pre-proceedings review
/// meeting, or the legal gateway panel's review).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreProceedingsReviewed {
    pub review_id: MeetingId,
    pub pre_proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub reviewed_on: NaiveDate,
    pub progress: String,
    pub late_reason: String,
}

impl PreProceedingsReviewed {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "reviewed_on", self.reviewed_on, today, "of the review");
        errors.require_text("progress", &self.progress, "the progress made and what the panel decided", TEXT_MAX);
        errors.check_length("late_reason", &self.late_reason, "The reason for lateness", TEXT_MAX);
        errors.into_result()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreProceedingsOutcome {
    /// Enough has changed: the child stays on their plan without proceedings.
    SteppedDown,
    ProceedingsIssued,
    /// The family moved to another authority, or the child became looked
    /// after by agreement (section 20).
    Other,
}

impl PreProceedingsOutcome {
    pub const ALL: &'static [PreProceedingsOutcome] =
        &[PreProceedingsOutcome::SteppedDown, PreProceedingsOutcome::ProceedingsIssued, PreProceedingsOutcome::Other];

    pub fn code(self) -> &'static str {
        match self {
            PreProceedingsOutcome::SteppedDown => "stepped_down",
            PreProceedingsOutcome::ProceedingsIssued => "proceedings_issued",
            PreProceedingsOutcome::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PreProceedingsOutcome::SteppedDown => "Stepped down: proceedings not needed",
            PreProceedingsOutcome::ProceedingsIssued => "Care proceedings issued",
            PreProceedingsOutcome::Other => "Another outcome",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreProceedingsEnded {
    pub pre_proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub ended_on: NaiveDate,
    pub outcome: PreProceedingsOutcome,
    pub detail: String,
    /// Why pre-proceedings ran past the local limit, if they did.
    pub late_reason: String,
}

impl PreProceedingsEnded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "ended_on", self.ended_on, today, "pre-proceedings ended");
        if self.outcome == PreProceedingsOutcome::Other {
            errors.require_text("detail", &self.detail, "what the outcome was", TEXT_MAX);
        }
        errors.check_length("late_reason", &self.late_reason, "The reason for lateness", TEXT_MAX);
        errors.into_result()
    }
}

/// The order the authority applies for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderApplication {
    CareOrder,
    SupervisionOrder,
    PlacementOrder,
}

impl OrderApplication {
    pub const ALL: &'static [OrderApplication] =
        &[OrderApplication::CareOrder, OrderApplication::SupervisionOrder, OrderApplication::PlacementOrder];

    pub fn code(self) -> &'static str {
        match self {
            OrderApplication::CareOrder => "care_order",
            OrderApplication::SupervisionOrder => "supervision_order",
            OrderApplication::PlacementOrder => "placement_order",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderApplication::CareOrder => "Care order",
            OrderApplication::SupervisionOrder => "Supervision order",
            OrderApplication::PlacementOrder => "Placement order",
        }
    }
}

/// Care or supervision proceedings issued at court: the 26 weeks run from here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProceedingsIssued {
    pub proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    /// The pre-proceedings that led here, if there were any.
    pub pre_proceedings_id: Option<ProceedingsId>,
    pub issued_on: NaiveDate,
    pub application: OrderApplication,
    pub court: String,
}

impl ProceedingsIssued {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "issued_on", self.issued_on, today, "proceedings were issued");
        errors.require_text("court", &self.court, "the court", 200);
        errors.into_result()
    }
}

/// How proceedings ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProceedingsOutcome {
    CareOrder,
    SupervisionOrder,
    SpecialGuardianshipOrder,
    ChildArrangementsOrder,
    PlacementOrder,
    NoOrder,
    Withdrawn,
}

impl ProceedingsOutcome {
    pub const ALL: &'static [ProceedingsOutcome] = &[
        ProceedingsOutcome::CareOrder,
        ProceedingsOutcome::SupervisionOrder,
        ProceedingsOutcome::SpecialGuardianshipOrder,
        ProceedingsOutcome::ChildArrangementsOrder,
        ProceedingsOutcome::PlacementOrder,
        ProceedingsOutcome::NoOrder,
        ProceedingsOutcome::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProceedingsOutcome::CareOrder => "care_order",
            ProceedingsOutcome::SupervisionOrder => "supervision_order",
            ProceedingsOutcome::SpecialGuardianshipOrder => "special_guardianship_order",
            ProceedingsOutcome::ChildArrangementsOrder => "child_arrangements_order",
            ProceedingsOutcome::PlacementOrder => "placement_order",
            ProceedingsOutcome::NoOrder => "no_order",
            ProceedingsOutcome::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ProceedingsOutcome::CareOrder => "Care order",
            ProceedingsOutcome::SupervisionOrder => "Supervision order",
            ProceedingsOutcome::SpecialGuardianshipOrder => "Special guardianship order",
            ProceedingsOutcome::ChildArrangementsOrder => "Child arrangements order",
            ProceedingsOutcome::PlacementOrder => "Placement order",
            ProceedingsOutcome::NoOrder => "No order made",
            ProceedingsOutcome::Withdrawn => "Application withdrawn",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProceedingsConcluded {
    pub proceedings_id: ProceedingsId,
    pub child_id: PersonId,
    pub concluded_on: NaiveDate,
    pub outcome: ProceedingsOutcome,
    /// Why the case took more than 26 weeks, if it did.
    pub late_reason: String,
}

impl ProceedingsConcluded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "concluded_on", self.concluded_on, today, "proceedings concluded");
        errors.check_length("late_reason", &self.late_reason, "The reason for lateness", TEXT_MAX);
        errors.into_result()
    }
}

// ----- rules that need the record as it stands -----
//
// `validate` above checks an event on its own. The checks below need the
// pre-proceedings or proceedings the event belongs to; the store runs them
// inside the append's transaction, so they judge the record as it is.

/// Whole weeks from `from` to `to` (0 for a period under a week, and for
/// `to` before `from`): "week 3 of pre-proceedings" as the panel counts.
pub fn whole_weeks(from: NaiveDate, to: NaiveDate) -> i64 {
    ((to - from).num_days() / 7).max(0)
}

/// The last day pre-proceedings started on `started_on` are within the
/// authority's limit (the plo-limit rule).
pub fn pre_proceedings_limit_ends(started_on: NaiveDate, policy: &ClockPolicy, calendar: &Calendar) -> NaiveDate {
    PRE_PROCEEDINGS_LIMIT.period(policy).due_from(started_on, calendar)
}

/// When the next pre-proceedings review is due: the review interval (the
/// plo-review rule) after the last review, or after the start if there has
/// been none. Later reviews follow at the same interval, as local PLO
/// procedures keep reviewing until the case steps down or is issued.
pub fn next_pre_proceedings_review(
    started_on: NaiveDate,
    last_review_on: Option<NaiveDate>,
    policy: &ClockPolicy,
    calendar: &Calendar,
) -> NaiveDate {
    PRE_PROCEEDINGS_REVIEW.period(policy).due_from(last_review_on.unwrap_or(started_on), calendar)
}

/// The last day of the 26 weeks "beginning with" the day of issue.
pub fn proceedings_limit_ends(issued_on: NaiveDate, calendar: &Calendar) -> NaiveDate {
    CARE_PROCEEDINGS.period(&ClockPolicy::default()).due_from(issued_on, calendar)
}

impl PreProceedingsReviewed {
    /// A review belongs to pre-proceedings that had started.
    pub fn check_against(&self, started_on: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.reviewed_on < started_on {
            errors.add("reviewed_on", "The review cannot be before pre-proceedings started");
        }
        errors.into_result()
    }
}

impl PreProceedingsEnded {
    /// Pre-proceedings end on or after they started, and ending them past
    /// the local limit needs the reason recorded (F21: children drifting in
    /// pre-proceedings with no one asking why).
    pub fn check_against(&self, started_on: NaiveDate, policy: &ClockPolicy, calendar: &Calendar) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.ended_on < started_on {
            errors.add("ended_on", "Pre-proceedings cannot end before they started");
        } else if self.ended_on > pre_proceedings_limit_ends(started_on, policy, calendar) && self.late_reason.trim().is_empty() {
            errors.add(
                "late_reason",
                format!("Enter why pre-proceedings took longer than {}", PRE_PROCEEDINGS_LIMIT.period(policy).describe()),
            );
        }
        errors.into_result()
    }
}

impl ProceedingsIssued {
    /// Proceedings that follow pre-proceedings are issued on or after those
    /// started.
    pub fn check_against_pre_proceedings(&self, pre_proceedings_started_on: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.issued_on < pre_proceedings_started_on {
            errors.add("issued_on", "Proceedings cannot be issued before the pre-proceedings that led to them started");
        }
        errors.into_result()
    }
}

impl ProceedingsConcluded {
    /// Proceedings conclude on or after they were issued, and a case past 26
    /// weeks needs the reason (the court's reasons for extending, s32(5)).
    pub fn check_against(&self, issued_on: NaiveDate, calendar: &Calendar) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.concluded_on < issued_on {
            errors.add("concluded_on", "Proceedings cannot conclude before they were issued");
        } else if self.concluded_on > proceedings_limit_ends(issued_on, calendar) && self.late_reason.trim().is_empty() {
            errors.add("late_reason", "Enter why the proceedings took longer than 26 weeks (the court's reasons for extending)");
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 6, 1)
    }

    fn started() -> PreProceedingsStarted {
        PreProceedingsStarted {
            pre_proceedings_id: ProceedingsId::from_u128(1),
            child_id: PersonId::from_u128(2),
            legal_planning_meeting_on: d(2026, 1, 5),
            started_on: d(2026, 1, 12),
            concerns: "Neglect: home conditions and school attendance".into(),
        }
    }

    fn reviewed() -> PreProceedingsReviewed {
        PreProceedingsReviewed {
            review_id: MeetingId::from_u128(3),
            pre_proceedings_id: ProceedingsId::from_u128(1),
            child_id: PersonId::from_u128(2),
            reviewed_on: d(2026, 3, 9),
            progress: "Attendance up to 90%; home conditions improved".into(),
            late_reason: String::new(),
        }
    }

    fn ended() -> PreProceedingsEnded {
        PreProceedingsEnded {
            pre_proceedings_id: ProceedingsId::from_u128(1),
            child_id: PersonId::from_u128(2),
            ended_on: d(2026, 4, 6),
            outcome: PreProceedingsOutcome::SteppedDown,
            detail: String::new(),
            late_reason: String::new(),
        }
    }

    fn issued() -> ProceedingsIssued {
        ProceedingsIssued {
            proceedings_id: ProceedingsId::from_u128(4),
            child_id: PersonId::from_u128(2),
            pre_proceedings_id: Some(ProceedingsId::from_u128(1)),
            issued_on: d(2026, 4, 20),
            application: OrderApplication::CareOrder,
            court: "Hearthton Family Court".into(),
        }
    }

    fn concluded() -> ProceedingsConcluded {
        ProceedingsConcluded {
            proceedings_id: ProceedingsId::from_u128(4),
            child_id: PersonId::from_u128(2),
            concluded_on: d(2026, 5, 20),
            outcome: ProceedingsOutcome::SupervisionOrder,
            late_reason: String::new(),
        }
    }

    fn field(r: Result<(), FieldErrors>, name: &str) -> Option<String> {
        r.err().and_then(|e| e.for_field(name).map(str::to_string))
    }

    #[test]
    fn a_start_is_valid_with_its_meeting_and_concerns() {
        assert_eq!(started().validate(today()), Ok(()));
    }

    #[test]
    fn a_start_cannot_be_in_the_future() {
        let mut e = started();
        e.started_on = d(2026, 6, 2);
        assert!(field(e.validate(today()), "started_on").is_some());
        let mut e = started();
        e.legal_planning_meeting_on = d(2026, 6, 2);
        e.started_on = d(2026, 6, 2);
        assert!(field(e.validate(today()), "legal_planning_meeting_on").is_some());
    }

    #[test]
    fn a_start_cannot_come_before_the_legal_planning_meeting() {
        let mut e = started();
        e.started_on = d(2026, 1, 4);
        assert!(field(e.validate(today()), "started_on").unwrap().contains("legal planning meeting"));
        e.started_on = e.legal_planning_meeting_on;
        assert_eq!(e.validate(today()), Ok(()), "the same day is allowed");
    }

    #[test]
    fn a_start_needs_the_concerns() {
        let mut e = started();
        e.concerns = "  ".into();
        assert!(field(e.validate(today()), "concerns").is_some());
    }

    #[test]
    fn a_review_needs_its_progress_and_a_past_date() {
        assert_eq!(reviewed().validate(today()), Ok(()));
        let mut e = reviewed();
        e.progress = String::new();
        assert!(field(e.validate(today()), "progress").is_some());
        let mut e = reviewed();
        e.reviewed_on = d(2026, 6, 2);
        assert!(field(e.validate(today()), "reviewed_on").is_some());
    }

    #[test]
    fn a_review_cannot_come_before_the_start() {
        let e = reviewed();
        assert_eq!(e.check_against(d(2026, 3, 9)), Ok(()));
        assert!(field(e.check_against(d(2026, 3, 10)), "reviewed_on").is_some());
    }

    #[test]
    fn another_outcome_needs_its_detail() {
        assert_eq!(ended().validate(today()), Ok(()));
        let mut e = ended();
        e.outcome = PreProceedingsOutcome::Other;
        assert!(field(e.validate(today()), "detail").is_some());
        e.detail = "Family moved to another authority; case transferred".into();
        assert_eq!(e.validate(today()), Ok(()));
    }

    #[test]
    fn an_end_cannot_be_in_the_future_or_before_the_start() {
        let mut e = ended();
        e.ended_on = d(2026, 6, 2);
        assert!(field(e.validate(today()), "ended_on").is_some());
        let e = ended();
        let (policy, cal) = (ClockPolicy::default(), Calendar::england_and_wales());
        assert!(field(e.check_against(d(2026, 4, 7), &policy, &cal), "ended_on").is_some());
        assert_eq!(e.check_against(d(2026, 4, 6), &policy, &cal), Ok(()));
    }

    #[test]
    fn ending_past_the_local_limit_needs_a_reason() {
        let (policy, cal) = (ClockPolicy::default(), Calendar::england_and_wales());
        let start = d(2026, 1, 12);
        // 16 weeks after Monday 12 January is Monday 4 May: the last day on time.
        assert_eq!(pre_proceedings_limit_ends(start, &policy, &cal), d(2026, 5, 4));
        let mut e = ended();
        e.ended_on = d(2026, 5, 4);
        assert_eq!(e.check_against(start, &policy, &cal), Ok(()), "on the last day is on time");
        e.ended_on = d(2026, 5, 5);
        let message = field(e.check_against(start, &policy, &cal), "late_reason").unwrap();
        assert!(message.contains("16 weeks"), "{message}");
        e.late_reason = "Parenting assessment delayed by the assessor's illness".into();
        assert_eq!(e.check_against(start, &policy, &cal), Ok(()));
    }

    #[test]
    fn the_limit_follows_the_local_policy() {
        let cal = Calendar::england_and_wales();
        let policy = ClockPolicy { pre_proceedings_limit: crate::clocks::Period::Weeks(12), ..ClockPolicy::default() };
        let mut e = ended();
        e.ended_on = d(2026, 4, 7);
        assert!(field(e.check_against(d(2026, 1, 12), &policy, &cal), "late_reason").unwrap().contains("12 weeks"));
    }

    #[test]
    fn proceedings_need_a_court_and_a_past_date() {
        assert_eq!(issued().validate(today()), Ok(()));
        let mut e = issued();
        e.court = " ".into();
        assert!(field(e.validate(today()), "court").is_some());
        let mut e = issued();
        e.issued_on = d(2026, 6, 2);
        assert!(field(e.validate(today()), "issued_on").is_some());
    }

    #[test]
    fn proceedings_cannot_be_issued_before_their_pre_proceedings_started() {
        let e = issued();
        assert_eq!(e.check_against_pre_proceedings(d(2026, 4, 20)), Ok(()));
        assert!(field(e.check_against_pre_proceedings(d(2026, 4, 21)), "issued_on").is_some());
    }

    #[test]
    fn concluding_cannot_be_in_the_future_or_before_issue() {
        let cal = Calendar::england_and_wales();
        assert_eq!(concluded().validate(today()), Ok(()));
        let mut e = concluded();
        e.concluded_on = d(2026, 6, 2);
        assert!(field(e.validate(today()), "concluded_on").is_some());
        let e = concluded();
        assert!(field(e.check_against(d(2026, 5, 21), &cal), "concluded_on").is_some());
        assert_eq!(e.check_against(d(2026, 5, 20), &cal), Ok(()));
    }

    #[test]
    fn concluding_past_26_weeks_needs_a_reason() {
        let cal = Calendar::england_and_wales();
        let issued_on = d(2025, 9, 1);
        // 26 weeks beginning with Monday 1 September end on Sunday 1 March.
        assert_eq!(proceedings_limit_ends(issued_on, &cal), d(2026, 3, 1));
        let mut e = concluded();
        e.concluded_on = d(2026, 3, 1);
        assert_eq!(e.check_against(issued_on, &cal), Ok(()));
        e.concluded_on = d(2026, 3, 2);
        assert!(field(e.check_against(issued_on, &cal), "late_reason").is_some());
        e.late_reason = "Extension granted for an expert assessment".into();
        assert_eq!(e.check_against(issued_on, &cal), Ok(()));
    }

    #[test]
    fn late_reasons_have_a_length_limit() {
        let mut e = ended();
        e.late_reason = "x".repeat(TEXT_MAX + 1);
        assert!(field(e.validate(today()), "late_reason").is_some());
        let mut e = concluded();
        e.late_reason = "x".repeat(TEXT_MAX + 1);
        assert!(field(e.validate(today()), "late_reason").is_some());
    }

    #[test]
    fn weeks_elapsed_count_whole_weeks() {
        assert_eq!(whole_weeks(d(2026, 1, 12), d(2026, 1, 18)), 0);
        assert_eq!(whole_weeks(d(2026, 1, 12), d(2026, 1, 19)), 1);
        assert_eq!(whole_weeks(d(2026, 1, 12), d(2026, 5, 5)), 16);
        assert_eq!(whole_weeks(d(2026, 1, 12), d(2026, 1, 1)), 0);
    }

    #[test]
    fn the_next_review_follows_the_last() {
        let (policy, cal) = (ClockPolicy::default(), Calendar::england_and_wales());
        assert_eq!(next_pre_proceedings_review(d(2026, 1, 12), None, &policy, &cal), d(2026, 3, 9));
        assert_eq!(next_pre_proceedings_review(d(2026, 1, 12), Some(d(2026, 3, 2)), &policy, &cal), d(2026, 4, 27));
    }
}
