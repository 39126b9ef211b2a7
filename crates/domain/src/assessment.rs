//! The child and family assessment (F16, F17): information gathered kept
//! apart from the analysis of what it means, the child's views, the census
//! factors, the outcome, and a manager's authorisation; completing it past
//! 45 working days from referral needs a recorded reason.

use crate::calendar::Calendar;
use crate::clocks::ClockPolicy;
use crate::clocks::rules::ASSESSMENT;
use crate::codes::AssessmentFactor;
use crate::ids::UserId;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const LONG_TEXT_MAX: usize = 50_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentOutcome {
    #[serde(rename = "nfa")]
    NoFurtherAction,
    EarlyHelp,
    ChildInNeedPlan,
    StrategyDiscussion,
    BecomeLookedAfter,
}

impl AssessmentOutcome {
    pub const ALL: &'static [AssessmentOutcome] = &[
        AssessmentOutcome::NoFurtherAction,
        AssessmentOutcome::EarlyHelp,
        AssessmentOutcome::ChildInNeedPlan,
        AssessmentOutcome::StrategyDiscussion,
        AssessmentOutcome::BecomeLookedAfter,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AssessmentOutcome::NoFurtherAction => "nfa",
            AssessmentOutcome::EarlyHelp => "early_help",
            AssessmentOutcome::ChildInNeedPlan => "child_in_need_plan",
            AssessmentOutcome::StrategyDiscussion => "strategy_discussion",
            AssessmentOutcome::BecomeLookedAfter => "become_looked_after",
        }
    }

    pub fn from_code(code: &str) -> Option<AssessmentOutcome> {
        AssessmentOutcome::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            AssessmentOutcome::NoFurtherAction => "No further action",
            AssessmentOutcome::EarlyHelp => "Step down to early help",
            AssessmentOutcome::ChildInNeedPlan => "Child in need plan",
            AssessmentOutcome::StrategyDiscussion => "Strategy discussion: concerns of significant harm",
            AssessmentOutcome::BecomeLookedAfter => "The child is to be looked after",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The referral date the 45 working days count from (Working Together
    /// 2023; the census also refuses a start before it, rule 1103).
    pub referral_on: NaiveDate,
    pub started_on: Option<NaiveDate>,
    pub information_gathered: String,
    pub analysis: String,
    pub childs_views: String,
    pub childs_views_not_obtained_reason: String,
    pub factors: Vec<AssessmentFactor>,
    pub outcome: Option<AssessmentOutcome>,
    /// The worker's completion, before a manager authorises it.
    pub completed_on: Option<NaiveDate>,
    pub authorised_by: Option<UserId>,
    /// The census `AssessmentAuthorisationDate`: the date the timescale is
    /// measured to.
    pub authorised_on: Option<NaiveDate>,
    pub late_reason: String,
}

impl Assessment {
    /// The last day the assessment is on time: 45 working days after the
    /// referral, England and Wales bank holidays excluded.
    pub fn due_on(&self, calendar: &Calendar) -> NaiveDate {
        ASSESSMENT.period(&ClockPolicy::default()).due_from(self.referral_on, calendar)
    }

    /// Whether it was (or, still open, is) past its timescale on its end
    /// date: authorisation if given, else completion, else `today`.
    pub fn is_late(&self, today: NaiveDate, calendar: &Calendar) -> bool {
        let end = self.authorised_on.or(self.completed_on).unwrap_or(today);
        end > self.due_on(calendar)
    }

    /// Factors as the census return should report them: only on an
    /// authorised assessment (validator rule 8614), so factors noted in a
    /// draft are not sent.
    pub fn factors_for_return(&self) -> &[AssessmentFactor] {
        if self.authorised_on.is_some() { &self.factors } else { &[] }
    }

    pub fn validate(&self, today: NaiveDate, calendar: &Calendar) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        match self.started_on {
            None => e.add("started_on", "Enter the date the assessment started"),
            Some(s) if s > today => e.add("started_on", "The date the assessment started must be today or in the past"),
            Some(s) if s < self.referral_on => {
                e.add("started_on", "The date the assessment started must be on or after the date of the referral")
            }
            Some(_) => {}
        }
        check_factors(&self.factors, &mut e);

        let completed = self.completed_on.is_some() || self.authorised_on.is_some();
        if completed {
            self.validate_completion(today, calendar, &mut e);
        }
        for (field, text, what) in [
            ("information_gathered", &self.information_gathered, "The information gathered"),
            ("analysis", &self.analysis, "The analysis"),
            ("childs_views", &self.childs_views, "The child's views"),
        ] {
            if text.chars().count() > LONG_TEXT_MAX {
                e.add(field, format!("{what} must be {LONG_TEXT_MAX} characters or fewer"));
            }
        }
        e.into_result()
    }

    fn validate_completion(&self, today: NaiveDate, calendar: &Calendar, e: &mut FieldErrors) {
        if self.information_gathered.trim().is_empty() {
            e.add("information_gathered", "Enter the information gathered for the assessment");
        }
        let analysis = self.analysis.trim();
        if analysis.is_empty() {
            e.add("analysis", "Enter your analysis: what the information means for the child's safety and needs");
        } else if analysis == self.information_gathered.trim() {
            // F16: assessments that describe but do not analyse. A pasted
            // copy is the one case a rule can catch.
            e.add("analysis", "The analysis must say what the information means for the child, not repeat the information gathered");
        }
        if self.childs_views.trim().is_empty() && self.childs_views_not_obtained_reason.trim().is_empty() {
            e.add("childs_views", "Enter the child's views, or why they could not be gathered");
        }
        // Census 8897Q queries a completed assessment with no factors: "21"
        // is how to say none were found.
        if self.factors.is_empty() {
            e.add("factors", "Select the factors identified, or \"21 No factors identified\"");
        }
        if self.outcome.is_none() {
            e.add("outcome", "Select the outcome of the assessment");
        }
        match self.completed_on {
            None => e.add("completed_on", "Enter the date the assessment was completed"),
            Some(c) if c > today => e.add("completed_on", "The date the assessment was completed must be today or in the past"),
            Some(c) if self.started_on.is_some_and(|s| c < s) => {
                e.add("completed_on", "The date the assessment was completed must be on or after the date it started")
            }
            Some(_) => {}
        }
        match (self.authorised_by, self.authorised_on) {
            (None, None) => {}
            (None, Some(_)) => e.add("authorised_by", "Select the manager who authorised the assessment"),
            (Some(_), None) => e.add("authorised_on", "Enter the date the manager authorised the assessment"),
            (Some(_), Some(a)) => {
                if a > today {
                    e.add("authorised_on", "The date the assessment was authorised must be today or in the past");
                } else if self.completed_on.is_some_and(|c| a < c) {
                    e.add("authorised_on", "The date the assessment was authorised must be on or after the date it was completed");
                }
            }
        }
        if self.is_late(today, calendar) && self.late_reason.trim().is_empty() {
            e.add(
                "late_reason",
                format!(
                    "Enter why the assessment took more than 45 working days from the referral (it was due by {})",
                    self.due_on(calendar).format("%-d %B %Y")
                ),
            );
        }
    }
}

/// The census rules on a set of factors: "21 No factors identified" cannot
/// be combined with any other (rule 8869), and no factor twice (8898).
pub fn check_factors(factors: &[AssessmentFactor], e: &mut FieldErrors) {
    if factors.contains(&AssessmentFactor::NoFactors) && factors.len() > 1 {
        e.add("factors", "\"21 No factors identified\" cannot be selected with other factors: remove it, or remove the other factors");
    }
    let mut seen = Vec::with_capacity(factors.len());
    for f in factors {
        if seen.contains(f) {
            e.add("factors", format!("Factor {} is selected more than once: select it once", f.code()));
        } else {
            seen.push(*f);
        }
    }
}

/// Reads factor codes as typed in a form or imported from another system.
/// The retired codes 18A and 19A (census queries 8945Q and 8950Q) are
/// refused with the codes to use instead, since an older system's export
/// still carries them.
pub fn parse_factor_codes(codes: &[&str]) -> Result<Vec<AssessmentFactor>, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut factors = Vec::with_capacity(codes.len());
    for code in codes {
        match code.trim().to_ascii_uppercase().as_str() {
            "18A" => e.add(
                "factors",
                "Factor 18A is no longer used: select 18B (physical abuse by another child) or 18C (physical abuse by an adult)",
            ),
            "19A" => e.add(
                "factors",
                "Factor 19A is no longer used: select 19B (sexual abuse by another child) or 19C (sexual abuse by an adult)",
            ),
            other => match AssessmentFactor::from_code(other) {
                Some(f) => factors.push(f),
                None => e.add("factors", format!("\"{}\" is not a children in need census factor code", code.trim())),
            },
        }
    }
    check_factors(&factors, &mut e);
    e.into_result().map(|()| factors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::england_and_wales()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    fn completed() -> Assessment {
        Assessment {
            referral_on: d(2026, 9, 1),
            started_on: Some(d(2026, 9, 2)),
            information_gathered: "School reports attendance of 70%. GP: missed immunisations.".into(),
            analysis: "Low attendance and missed health care together suggest neglect of basic needs.".into(),
            childs_views: "Says she is tired at school because her brother keeps her awake.".into(),
            childs_views_not_obtained_reason: String::new(),
            factors: vec![AssessmentFactor::Neglect, AssessmentFactor::MentalHealthParent],
            outcome: Some(AssessmentOutcome::ChildInNeedPlan),
            completed_on: Some(d(2026, 10, 20)),
            authorised_by: Some(UserId::from_u128(9)),
            authorised_on: Some(d(2026, 10, 21)),
            late_reason: String::new(),
        }
    }

    fn draft() -> Assessment {
        Assessment {
            analysis: String::new(),
            childs_views: String::new(),
            factors: vec![],
            outcome: None,
            completed_on: None,
            authorised_by: None,
            authorised_on: None,
            ..completed()
        }
    }

    #[test]
    fn a_completed_authorised_assessment_in_time_is_accepted() {
        assert!(completed().validate(today(), &cal()).is_ok());
        assert!(draft().validate(today(), &cal()).is_ok(), "a draft only needs its start date");
    }

    #[test]
    fn the_start_is_required_not_in_the_future_and_not_before_the_referral() {
        let e = Assessment { started_on: None, ..draft() }.validate(today(), &cal()).unwrap_err();
        assert_eq!(e.for_field("started_on"), Some("Enter the date the assessment started"));
        let e = Assessment { started_on: Some(d(2026, 11, 24)), ..draft() }.validate(today(), &cal()).unwrap_err();
        assert_eq!(e.for_field("started_on"), Some("The date the assessment started must be today or in the past"));
        let e = Assessment { started_on: Some(d(2026, 8, 31)), ..draft() }.validate(today(), &cal()).unwrap_err();
        assert_eq!(e.for_field("started_on"), Some("The date the assessment started must be on or after the date of the referral"));
    }

    #[test]
    fn completion_needs_information_and_a_separate_analysis() {
        let e = Assessment { analysis: " ".into(), information_gathered: "".into(), ..completed() }.validate(today(), &cal()).unwrap_err();
        assert!(e.for_field("analysis").unwrap().starts_with("Enter your analysis"));
        assert_eq!(e.for_field("information_gathered"), Some("Enter the information gathered for the assessment"));
        let copy = completed().information_gathered;
        let e = Assessment { analysis: copy, ..completed() }.validate(today(), &cal()).unwrap_err();
        assert!(e.for_field("analysis").unwrap().contains("not repeat"));
    }

    #[test]
    fn completion_needs_the_childs_views_or_why_not() {
        let e = Assessment { childs_views: "".into(), ..completed() }.validate(today(), &cal()).unwrap_err();
        assert_eq!(e.for_field("childs_views"), Some("Enter the child's views, or why they could not be gathered"));
        let ok = Assessment {
            childs_views: "".into(),
            childs_views_not_obtained_reason: "Unborn baby; pre-birth assessment".into(),
            ..completed()
        };
        assert!(ok.validate(today(), &cal()).is_ok());
    }

    #[test]
    fn completion_needs_factors_and_an_outcome() {
        let e = Assessment { factors: vec![], outcome: None, ..completed() }.validate(today(), &cal()).unwrap_err();
        assert!(e.for_field("factors").is_some());
        assert_eq!(e.for_field("outcome"), Some("Select the outcome of the assessment"));
        let none = Assessment { factors: vec![AssessmentFactor::NoFactors], ..completed() };
        assert!(none.validate(today(), &cal()).is_ok());
    }

    #[test]
    fn factor_21_cannot_be_combined_and_no_factor_twice() {
        let e = Assessment { factors: vec![AssessmentFactor::NoFactors, AssessmentFactor::Neglect], ..completed() }
            .validate(today(), &cal())
            .unwrap_err();
        assert!(e.for_field("factors").unwrap().starts_with("\"21 No factors identified\" cannot be selected with other factors"));
        let e = Assessment { factors: vec![AssessmentFactor::Neglect, AssessmentFactor::Neglect], ..completed() }
            .validate(today(), &cal())
            .unwrap_err();
        assert_eq!(e.for_field("factors"), Some("Factor 16A is selected more than once: select it once"));
    }

    #[test]
    fn retired_codes_18a_and_19a_are_refused_with_the_codes_to_use() {
        let e = parse_factor_codes(&["18A", "19a"]).unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert!(e.0[0].message.contains("18B") && e.0[0].message.contains("18C"));
        assert!(e.0[1].message.contains("19B") && e.0[1].message.contains("19C"));
        assert_eq!(
            parse_factor_codes(&["XX"]).unwrap_err().for_field("factors"),
            Some("\"XX\" is not a children in need census factor code")
        );
        assert!(parse_factor_codes(&["21", "16A"]).is_err());
        assert_eq!(
            parse_factor_codes(&[" 18c", "4B"]).unwrap(),
            vec![AssessmentFactor::PhysicalAbuseByAdult, AssessmentFactor::MentalHealthParent]
        );
    }

    #[test]
    fn completion_and_authorisation_dates_are_checked() {
        let e = Assessment { completed_on: None, ..completed() }.validate(today(), &cal()).unwrap_err();
        assert_eq!(e.for_field("completed_on"), Some("Enter the date the assessment was completed"));
        let e = Assessment { completed_on: Some(d(2026, 9, 1)), ..completed() }.validate(today(), &cal()).unwrap_err();
        assert_eq!(e.for_field("completed_on"), Some("The date the assessment was completed must be on or after the date it started"));
        let e = Assessment { completed_on: Some(d(2026, 11, 24)), authorised_by: None, authorised_on: None, ..completed() }
            .validate(today(), &cal())
            .unwrap_err();
        assert_eq!(e.for_field("completed_on"), Some("The date the assessment was completed must be today or in the past"));
        let e = Assessment { authorised_by: None, ..completed() }.validate(today(), &cal()).unwrap_err();
        assert_eq!(e.for_field("authorised_by"), Some("Select the manager who authorised the assessment"));
        let e = Assessment { authorised_on: None, ..completed() }.validate(today(), &cal()).unwrap_err();
        assert_eq!(e.for_field("authorised_on"), Some("Enter the date the manager authorised the assessment"));
        let e = Assessment { authorised_on: Some(d(2026, 10, 19)), ..completed() }.validate(today(), &cal()).unwrap_err();
        assert!(e.for_field("authorised_on").is_some());
        let unauthorised = Assessment { authorised_by: None, authorised_on: None, ..completed() };
        assert!(unauthorised.validate(today(), &cal()).is_ok());
        assert!(unauthorised.factors_for_return().is_empty());
        assert_eq!(completed().factors_for_return().len(), 2);
    }

    #[test]
    fn an_assessment_past_45_working_days_needs_a_reason() {
        // Referral Tue 1 Sep 2026: 45 working days later is Tue 3 Nov 2026
        // (no bank holidays in between).
        assert_eq!(completed().due_on(&cal()), d(2026, 11, 3));
        let on_time = Assessment { completed_on: Some(d(2026, 11, 3)), authorised_on: Some(d(2026, 11, 3)), ..completed() };
        assert!(on_time.validate(today(), &cal()).is_ok());
        let late = Assessment { completed_on: Some(d(2026, 11, 3)), authorised_on: Some(d(2026, 11, 4)), ..completed() };
        let e = late.validate(today(), &cal()).unwrap_err();
        assert_eq!(
            e.for_field("late_reason"),
            Some("Enter why the assessment took more than 45 working days from the referral (it was due by 3 November 2026)")
        );
        let explained = Assessment { late_reason: "Father in custody; prison visit took three weeks to arrange".into(), ..late };
        assert!(explained.validate(today(), &cal()).is_ok());
        assert!(draft().is_late(today(), &cal()), "an open assessment past its date is late");
    }

    #[test]
    fn outcome_codes_round_trip() {
        for o in AssessmentOutcome::ALL {
            assert_eq!(AssessmentOutcome::from_code(o.code()), Some(*o));
            assert_eq!(serde_json::to_string(o).unwrap(), format!("\"{}\"", o.code()));
        }
    }
}
