//! The strategy discussion (F14): who took part for which agency, what was
//! shared, whether a section 47 enquiry follows and why, how the child is
//! kept safe meanwhile, and who does what by when.
//!
//! Inspectors found strategy discussions held between police and social care
//! alone, with attendees unrecorded; so attendees are required, and the
//! agencies expected but absent are worked out from the record and shown.

use super::{LONG_TEXT_MAX, past_date};
use crate::actions::{Action, validate_actions};
use crate::validation::FieldErrors;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The agencies at a strategy discussion. Not `front_door::Agency`: that
/// lists the agencies the MASH checks with, and has no children's social
/// care, which leads every strategy discussion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agency {
    SocialCare,
    Police,
    Health,
    Education,
    Probation,
    Housing,
    /// Another agency (a voluntary service, the referrer, another authority).
    Other,
}

impl Agency {
    pub const ALL: &'static [Agency] =
        &[Agency::SocialCare, Agency::Police, Agency::Health, Agency::Education, Agency::Probation, Agency::Housing, Agency::Other];

    /// Working Together 2023 expects social care, police and health at every
    /// strategy discussion, and education for a child of school age or in a
    /// setting; the authority may expect more, so this is only the default.
    pub const EXPECTED: &'static [Agency] = &[Agency::SocialCare, Agency::Police, Agency::Health, Agency::Education];

    pub fn code(self) -> &'static str {
        match self {
            Agency::SocialCare => "social_care",
            Agency::Police => "police",
            Agency::Health => "health",
            Agency::Education => "education",
            Agency::Probation => "probation",
            Agency::Housing => "housing",
            Agency::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Agency> {
        Agency::ALL.iter().copied().find(|a| a.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Agency::SocialCare => "Children's social care",
            Agency::Police => "Police",
            Agency::Health => "Health",
            Agency::Education => "Education",
            Agency::Probation => "Probation",
            Agency::Housing => "Housing",
            Agency::Other => "Other agency",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub agency: Agency,
    /// Their role: "Designated nurse", "DS, child abuse investigation team".
    pub role: String,
}

impl Attendee {
    pub(crate) fn validate_into(&self, prefix: &str, errors: &mut FieldErrors) {
        errors.require_text(&format!("{prefix}name"), &self.name, "the attendee's name", 200);
        errors.require_text(&format!("{prefix}role"), &self.role, "the attendee's role", 200);
    }
}

/// Validates a list of attendees as `attendees[i].…`; an empty list is
/// refused with `empty_message`.
pub(crate) fn validate_attendees(attendees: &[Attendee], empty_message: &str, errors: &mut FieldErrors) {
    if attendees.is_empty() {
        errors.add("attendees", empty_message);
    }
    for (i, a) in attendees.iter().enumerate() {
        a.validate_into(&format!("attendees[{i}]."), errors);
    }
}

/// The agencies in `expected` that no attendee came from, in `expected`'s
/// order: shown on the record so an absent health or education voice is
/// visible rather than silently missing.
pub fn expected_absent(attendees: &[Attendee], expected: &[Agency]) -> Vec<Agency> {
    let mut absent = Vec::new();
    for agency in expected {
        if !attendees.iter().any(|a| a.agency == *agency) && !absent.contains(agency) {
            absent.push(*agency);
        }
    }
    absent
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyDecision {
    /// Reasonable cause to suspect significant harm: a section 47 enquiry.
    #[serde(rename = "section_47")]
    Section47Enquiry,
    /// Not a section 47 matter; the child is assessed as a child in need.
    ChildAndFamilyAssessment,
    #[serde(rename = "nfa")]
    NoFurtherAction,
}

impl StrategyDecision {
    pub const ALL: &'static [StrategyDecision] =
        &[StrategyDecision::Section47Enquiry, StrategyDecision::ChildAndFamilyAssessment, StrategyDecision::NoFurtherAction];

    pub fn code(self) -> &'static str {
        match self {
            StrategyDecision::Section47Enquiry => "section_47",
            StrategyDecision::ChildAndFamilyAssessment => "child_and_family_assessment",
            StrategyDecision::NoFurtherAction => "nfa",
        }
    }

    pub fn from_code(code: &str) -> Option<StrategyDecision> {
        StrategyDecision::ALL.iter().copied().find(|d| d.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            StrategyDecision::Section47Enquiry => "Start a section 47 enquiry",
            StrategyDecision::ChildAndFamilyAssessment => "No section 47 enquiry: child and family assessment",
            StrategyDecision::NoFurtherAction => "No section 47 enquiry: no further action",
        }
    }

    pub fn starts_section47(self) -> bool {
        matches!(self, StrategyDecision::Section47Enquiry)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyDiscussion {
    /// Local date and time it was held (a discussion at 23:30 by phone is
    /// common, so the time matters for the chronology).
    pub held_at: Option<NaiveDateTime>,
    pub attendees: Vec<Attendee>,
    pub information_shared: String,
    pub decision: Option<StrategyDecision>,
    pub rationale: String,
    pub interim_safety_plan: String,
    pub actions: Vec<Action>,
}

impl StrategyDiscussion {
    pub fn held_on(&self) -> Option<NaiveDate> {
        self.held_at.map(|t| t.date())
    }

    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        past_date(&mut errors, "held_at", self.held_on(), today, "the date and time of the strategy discussion");
        validate_attendees(
            &self.attendees,
            "Add everyone who took part in the strategy discussion, with their agency and role",
            &mut errors,
        );
        errors.require_text("information_shared", &self.information_shared, "the information each agency shared", LONG_TEXT_MAX);
        if self.decision.is_none() {
            errors.add("decision", "Select whether a section 47 enquiry will start");
        }
        errors.require_text("rationale", &self.rationale, "the reasons for the decision", LONG_TEXT_MAX);
        // The child is at risk while the enquiry runs: how they are kept safe
        // until it ends cannot wait for the conference.
        if self.decision.is_some_and(StrategyDecision::starts_section47) {
            errors.require_text(
                "interim_safety_plan",
                &self.interim_safety_plan,
                "how the child will be kept safe while the enquiry is carried out",
                LONG_TEXT_MAX,
            );
        }
        validate_actions(&self.actions, "actions", self.held_on(), today, &mut errors);
        errors.into_result()
    }

    /// The expected agencies (by default [`Agency::EXPECTED`]) missing from
    /// this discussion.
    pub fn expected_absent(&self, expected: &[Agency]) -> Vec<Agency> {
        expected_absent(&self.attendees, expected)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::actions::ActionOwner;
    use crate::actions::tests::{action, d};

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    pub(crate) fn attendee(agency: Agency) -> Attendee {
        Attendee { name: format!("Sam {}", agency.label()), agency, role: "Lead for the agency".into() }
    }

    fn discussion() -> StrategyDiscussion {
        StrategyDiscussion {
            held_at: d(2026, 11, 20).and_hms_opt(10, 30, 0),
            attendees: vec![attendee(Agency::SocialCare), attendee(Agency::Police)],
            information_shared: "Police: two call-outs this month. School: bruising seen on Monday.".into(),
            decision: Some(StrategyDecision::Section47Enquiry),
            rationale: "Unexplained bruising in a non-mobile baby meets the threshold for section 47.".into(),
            interim_safety_plan: "Child to stay with maternal grandmother; father not to have contact.".into(),
            actions: vec![action(d(2026, 11, 21))],
        }
    }

    #[test]
    fn a_complete_strategy_discussion_is_accepted() {
        assert!(discussion().validate(today()).is_ok());
    }

    #[test]
    fn a_strategy_discussion_cannot_be_saved_without_attendees_decision_or_rationale() {
        let s = StrategyDiscussion { attendees: vec![], decision: None, rationale: " ".into(), ..discussion() };
        let e = s.validate(today()).unwrap_err();
        assert_eq!(e.for_field("attendees"), Some("Add everyone who took part in the strategy discussion, with their agency and role"));
        assert_eq!(e.for_field("decision"), Some("Select whether a section 47 enquiry will start"));
        assert_eq!(e.for_field("rationale"), Some("Enter the reasons for the decision"));
    }

    #[test]
    fn each_attendee_needs_a_name_and_role() {
        let s =
            StrategyDiscussion { attendees: vec![Attendee { name: "".into(), agency: Agency::Health, role: "".into() }], ..discussion() };
        let e = s.validate(today()).unwrap_err();
        assert!(e.for_field("attendees[0].name").is_some());
        assert!(e.for_field("attendees[0].role").is_some());
    }

    #[test]
    fn every_action_needs_an_owner_and_a_due_date() {
        let mut s = discussion();
        s.actions.push(crate::actions::Action { owner: None, due_on: None, ..action(d(2026, 11, 21)) });
        let e = s.validate(today()).unwrap_err();
        assert!(e.for_field("actions[1].owner").is_some());
        assert!(e.for_field("actions[1].due_on").is_some());
        s.actions[1].owner = Some(ActionOwner::Named { name: "PC Test".into(), agency: "Police".into() });
        s.actions[1].due_on = Some(d(2026, 11, 22));
        assert!(s.validate(today()).is_ok());
    }

    #[test]
    fn a_strategy_discussion_cannot_be_dated_in_the_future_or_left_undated() {
        let e = StrategyDiscussion { held_at: d(2026, 11, 24).and_hms_opt(9, 0, 0), ..discussion() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("held_at"), Some("The date and time of the strategy discussion must be today or in the past"));
        let e = StrategyDiscussion { held_at: None, ..discussion() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("held_at"), Some("Enter the date and time of the strategy discussion"));
    }

    #[test]
    fn section_47_needs_an_interim_safety_plan_but_no_further_action_does_not() {
        let e = StrategyDiscussion { interim_safety_plan: "".into(), ..discussion() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("interim_safety_plan"), Some("Enter how the child will be kept safe while the enquiry is carried out"));
        let nfa = StrategyDiscussion { interim_safety_plan: "".into(), decision: Some(StrategyDecision::NoFurtherAction), ..discussion() };
        assert!(nfa.validate(today()).is_ok());
    }

    #[test]
    fn information_shared_is_required() {
        let e = StrategyDiscussion { information_shared: "".into(), ..discussion() }.validate(today()).unwrap_err();
        assert!(e.for_field("information_shared").is_some());
    }

    #[test]
    fn agencies_expected_but_absent_are_listed_once_in_order() {
        let s = discussion();
        assert_eq!(s.expected_absent(Agency::EXPECTED), vec![Agency::Health, Agency::Education]);
        let all = [attendee(Agency::SocialCare), attendee(Agency::Police), attendee(Agency::Health), attendee(Agency::Education)];
        assert!(expected_absent(&all, Agency::EXPECTED).is_empty());
        assert_eq!(expected_absent(&[], &[Agency::Health, Agency::Health]), vec![Agency::Health]);
    }

    #[test]
    fn codes_round_trip() {
        for a in Agency::ALL {
            assert_eq!(Agency::from_code(a.code()), Some(*a));
        }
        for s in StrategyDecision::ALL {
            assert_eq!(StrategyDecision::from_code(s.code()), Some(*s));
        }
        assert_eq!(serde_json::to_string(&Agency::SocialCare).unwrap(), "\"social_care\"");
        for s in StrategyDecision::ALL {
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{}\"", s.code()));
        }
    }
}
