//! Initial and review child protection conferences: never at a weekend,
//! who attended, the child's views and advocacy, the decision with its
//! reasons, and the category of abuse a plan is made under.

use super::strategy_discussion::{Attendee, validate_attendees};
use super::{LONG_TEXT_MAX, past_date};
use crate::clocks::check_conference_date;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// CIN census category of abuse (`InitialCategoryOfAbuse`,
/// `LatestCategoryOfAbuse`; validator rules 8905/8910), stored and
/// exchanged as its census code. Not a `codes.rs` code set only because that
/// macro is private to its module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AbuseCategory {
    #[serde(rename = "NEG")]
    Neglect,
    #[serde(rename = "PHY")]
    Physical,
    #[serde(rename = "SAB")]
    Sexual,
    #[serde(rename = "EMO")]
    Emotional,
    #[serde(rename = "MUL")]
    Multiple,
}

impl AbuseCategory {
    pub const ALL: &'static [AbuseCategory] =
        &[AbuseCategory::Neglect, AbuseCategory::Physical, AbuseCategory::Sexual, AbuseCategory::Emotional, AbuseCategory::Multiple];

    pub fn code(self) -> &'static str {
        match self {
            AbuseCategory::Neglect => "NEG",
            AbuseCategory::Physical => "PHY",
            AbuseCategory::Sexual => "SAB",
            AbuseCategory::Emotional => "EMO",
            AbuseCategory::Multiple => "MUL",
        }
    }

    pub fn from_code(code: &str) -> Option<AbuseCategory> {
        let code = code.trim();
        AbuseCategory::ALL.iter().copied().find(|c| c.code() == code)
    }

    pub fn description(self) -> &'static str {
        match self {
            AbuseCategory::Neglect => "Neglect",
            AbuseCategory::Physical => "Physical abuse",
            AbuseCategory::Sexual => "Sexual abuse",
            AbuseCategory::Emotional => "Emotional abuse",
            AbuseCategory::Multiple => "Multiple categories",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConferenceKind {
    Initial,
    Review,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConferenceDecision {
    /// Initial: the child becomes subject to a plan. Review: the plan continues.
    ChildProtectionPlan,
    /// Initial: no plan. Review: the plan ends.
    NoPlan,
}

impl ConferenceDecision {
    pub fn label(self, kind: ConferenceKind) -> &'static str {
        match (kind, self) {
            (ConferenceKind::Initial, ConferenceDecision::ChildProtectionPlan) => {
                "The child is to be the subject of a child protection plan"
            }
            (ConferenceKind::Initial, ConferenceDecision::NoPlan) => "No child protection plan",
            (ConferenceKind::Review, ConferenceDecision::ChildProtectionPlan) => "The child protection plan continues",
            (ConferenceKind::Review, ConferenceDecision::NoPlan) => "The child protection plan ends",
        }
    }
}

/// The voice of the child (F17): their views, or why they could not be
/// gathered, and whether an advocate was offered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildsViews {
    pub views: String,
    pub not_obtained_reason: String,
    pub advocacy_offered: Option<bool>,
    /// The advocate's name and service, when one took part.
    pub advocate: String,
}

impl ChildsViews {
    pub(crate) fn validate_into(&self, errors: &mut FieldErrors) {
        if self.views.trim().is_empty() && self.not_obtained_reason.trim().is_empty() {
            errors.add("childs_views", "Enter the child's views, or why they could not be gathered");
        }
        if self.advocacy_offered.is_none() {
            errors.add("advocacy_offered", "Select whether the child was offered an advocate");
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildProtectionConference {
    pub kind: ConferenceKind,
    pub held_on: Option<NaiveDate>,
    /// Initial conferences: when the section 47 enquiry started (census 8615:
    /// the conference cannot be earlier).
    pub section47_started_on: Option<NaiveDate>,
    /// Review conferences: when the plan under review started (census 8841:
    /// the review must be after it).
    pub plan_started_on: Option<NaiveDate>,
    pub attendees: Vec<Attendee>,
    pub childs_views: ChildsViews,
    pub decision: Option<ConferenceDecision>,
    pub rationale: String,
    /// The category the plan is made (or continues) under.
    pub category: Option<AbuseCategory>,
}

impl ChildProtectionConference {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let held = past_date(&mut errors, "held_on", self.held_on, today, "the date of the conference");
        if let Some(date) = self.held_on
            && check_conference_date(date).is_err()
        {
            errors.add("held_on", "The date of the conference must be a weekday: a conference cannot be held at a weekend");
        }
        match self.kind {
            ConferenceKind::Initial => {
                if let (Some(h), Some(s)) = (held, self.section47_started_on)
                    && h < s
                {
                    errors.add("held_on", "The date of the initial conference must be on or after the date the section 47 enquiry started");
                }
            }
            ConferenceKind::Review => {
                if let (Some(h), Some(p)) = (held, self.plan_started_on)
                    && h <= p
                {
                    errors.add("held_on", "The date of the review conference must be after the date the child protection plan started");
                }
            }
        }
        validate_attendees(&self.attendees, "Add everyone who attended the conference, with their agency and role", &mut errors);
        self.childs_views.validate_into(&mut errors);
        match self.decision {
            None => errors.add("decision", "Select the conference's decision"),
            Some(ConferenceDecision::ChildProtectionPlan) if self.category.is_none() => {
                errors.add("category", "Select the category of abuse the plan is made under")
            }
            Some(_) => {}
        }
        errors.require_text("rationale", &self.rationale, "the reasons for the conference's decision", LONG_TEXT_MAX);
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::super::strategy_discussion::{Agency, tests::attendee};
    use super::*;
    use crate::actions::tests::d;

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    fn icpc() -> ChildProtectionConference {
        ChildProtectionConference {
            kind: ConferenceKind::Initial,
            // A Friday.
            held_on: Some(d(2026, 11, 20)),
            section47_started_on: Some(d(2026, 11, 5)),
            plan_started_on: None,
            attendees: vec![attendee(Agency::SocialCare), attendee(Agency::Health), attendee(Agency::Education)],
            childs_views: ChildsViews {
                views: "Wants to stay at school and see Nan more".into(),
                not_obtained_reason: String::new(),
                advocacy_offered: Some(true),
                advocate: "A. Advocate, local advocacy service".into(),
            },
            decision: Some(ConferenceDecision::ChildProtectionPlan),
            rationale: "Repeated neglect of health needs; parents not yet engaging.".into(),
            category: Some(AbuseCategory::Neglect),
        }
    }

    #[test]
    fn a_complete_initial_conference_on_a_weekday_is_accepted() {
        assert!(icpc().validate(today()).is_ok());
    }

    #[test]
    fn a_conference_at_a_weekend_is_refused() {
        let e = ChildProtectionConference { held_on: Some(d(2026, 11, 21)), ..icpc() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("held_on"), Some("The date of the conference must be a weekday: a conference cannot be held at a weekend"));
        assert!(ChildProtectionConference { held_on: Some(d(2026, 11, 22)), ..icpc() }.validate(today()).is_err());
    }

    #[test]
    fn a_conference_cannot_be_recorded_as_held_in_the_future() {
        let e = ChildProtectionConference { held_on: Some(d(2026, 11, 24)), ..icpc() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("held_on"), Some("The date of the conference must be today or in the past"));
    }

    #[test]
    fn an_initial_conference_cannot_come_before_its_enquiry() {
        let e = ChildProtectionConference { section47_started_on: Some(d(2026, 11, 23)), held_on: Some(d(2026, 11, 20)), ..icpc() }
            .validate(today())
            .unwrap_err();
        assert!(e.for_field("held_on").is_some());
    }

    #[test]
    fn a_review_must_come_after_the_plan_started() {
        let review = ChildProtectionConference {
            kind: ConferenceKind::Review,
            section47_started_on: None,
            plan_started_on: Some(d(2026, 11, 20)),
            ..icpc()
        };
        let e = review.validate(today()).unwrap_err();
        assert_eq!(
            e.for_field("held_on"),
            Some("The date of the review conference must be after the date the child protection plan started")
        );
        let ok = ChildProtectionConference { plan_started_on: Some(d(2026, 8, 20)), ..review };
        assert!(ok.validate(today()).is_ok());
    }

    #[test]
    fn the_childs_views_or_a_reason_and_the_advocacy_question_are_required() {
        let e = ChildProtectionConference { childs_views: ChildsViews::default(), ..icpc() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("childs_views"), Some("Enter the child's views, or why they could not be gathered"));
        assert_eq!(e.for_field("advocacy_offered"), Some("Select whether the child was offered an advocate"));
        let baby = ChildsViews {
            not_obtained_reason: "Baby of 3 months; observed with mother".into(),
            advocacy_offered: Some(false),
            ..Default::default()
        };
        assert!(ChildProtectionConference { childs_views: baby, ..icpc() }.validate(today()).is_ok());
    }

    #[test]
    fn a_plan_needs_a_category_and_every_decision_needs_attendees_and_reasons() {
        let e =
            ChildProtectionConference { category: None, attendees: vec![], rationale: "".into(), ..icpc() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("category"), Some("Select the category of abuse the plan is made under"));
        assert!(e.for_field("attendees").is_some());
        assert!(e.for_field("rationale").is_some());
        let e = ChildProtectionConference { decision: None, ..icpc() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("decision"), Some("Select the conference's decision"));
        let no_plan = ChildProtectionConference { decision: Some(ConferenceDecision::NoPlan), category: None, ..icpc() };
        assert!(no_plan.validate(today()).is_ok());
    }

    #[test]
    fn categories_are_exchanged_as_census_codes() {
        for c in AbuseCategory::ALL {
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{}\"", c.code()));
            assert_eq!(AbuseCategory::from_code(c.code()), Some(*c));
        }
        assert_eq!(AbuseCategory::from_code(" SAB "), Some(AbuseCategory::Sexual));
        assert_eq!(AbuseCategory::from_code("XXX"), None);
        assert_eq!(ConferenceDecision::NoPlan.label(ConferenceKind::Review), "The child protection plan ends");
    }
}
