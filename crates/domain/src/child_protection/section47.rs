//! The section 47 enquiry: started from a strategy discussion, the child
//! seen (and seen alone, or why not), and one of four outcomes.

use super::{LONG_TEXT_MAX, not_before, past_date};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section47Outcome {
    ConcernsNotSubstantiated,
    SubstantiatedNotAtContinuingRisk,
    /// Substantiated and the child is judged likely to suffer significant
    /// harm: an initial child protection conference is needed.
    SubstantiatedIcpcNeeded,
    /// Concerns substantiated but a conference is not needed (for example,
    /// the harmful adult has left and the child is safe with the other
    /// parent). The census counts these apart, so a reason is required.
    IcpcNotRequired,
}

impl Section47Outcome {
    pub const ALL: &'static [Section47Outcome] = &[
        Section47Outcome::ConcernsNotSubstantiated,
        Section47Outcome::SubstantiatedNotAtContinuingRisk,
        Section47Outcome::SubstantiatedIcpcNeeded,
        Section47Outcome::IcpcNotRequired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Section47Outcome::ConcernsNotSubstantiated => "concerns_not_substantiated",
            Section47Outcome::SubstantiatedNotAtContinuingRisk => "substantiated_not_at_continuing_risk",
            Section47Outcome::SubstantiatedIcpcNeeded => "substantiated_icpc_needed",
            Section47Outcome::IcpcNotRequired => "icpc_not_required",
        }
    }

    pub fn from_code(code: &str) -> Option<Section47Outcome> {
        Section47Outcome::ALL.iter().copied().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Section47Outcome::ConcernsNotSubstantiated => "Concerns not substantiated",
            Section47Outcome::SubstantiatedNotAtContinuingRisk => {
                "Concerns substantiated, child not judged to be at continuing risk of significant harm"
            }
            Section47Outcome::SubstantiatedIcpcNeeded => {
                "Concerns substantiated, child judged to be at continuing risk: initial conference needed"
            }
            Section47Outcome::IcpcNotRequired => "Initial child protection conference not required",
        }
    }

    pub fn needs_icpc(self) -> bool {
        matches!(self, Section47Outcome::SubstantiatedIcpcNeeded)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section47Enquiry {
    /// The date of the strategy discussion that decided on the enquiry.
    pub strategy_discussion_on: NaiveDate,
    pub started_on: Option<NaiveDate>,
    pub child_seen_on: Option<NaiveDate>,
    /// Asked once the child is seen: the census and inspectors both ask
    /// whether the child was seen alone.
    pub child_seen_alone: Option<bool>,
    /// Why the child was not seen alone (a baby, refused, a parent refused).
    pub not_seen_alone_reason: String,
    /// Why the child was not seen at all, needed to complete the enquiry
    /// without a date seen.
    pub not_seen_reason: String,
    pub outcome: Option<Section47Outcome>,
    pub icpc_not_required_reason: String,
    pub completed_on: Option<NaiveDate>,
}

impl Section47Enquiry {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let started = past_date(&mut errors, "started_on", self.started_on, today, "the date the enquiry started");
        not_before(
            &mut errors,
            "started_on",
            started,
            Some(self.strategy_discussion_on),
            "The date the enquiry started must be on or after the strategy discussion that decided on it",
        );

        if let Some(seen) = self.child_seen_on {
            past_date(&mut errors, "child_seen_on", Some(seen), today, "the date the child was seen");
            not_before(
                &mut errors,
                "child_seen_on",
                Some(seen),
                started,
                "The date the child was seen must be on or after the date the enquiry started",
            );
            match self.child_seen_alone {
                None => errors.add("child_seen_alone", "Select whether the child was seen alone"),
                Some(false) => errors.require_text(
                    "not_seen_alone_reason",
                    &self.not_seen_alone_reason,
                    "why the child was not seen alone",
                    LONG_TEXT_MAX,
                ),
                Some(true) => {}
            }
        }

        let finished = self.outcome.is_some() || self.completed_on.is_some();
        if finished {
            if self.outcome.is_none() {
                errors.add("outcome", "Select the outcome of the enquiry");
            }
            let completed = past_date(&mut errors, "completed_on", self.completed_on, today, "the date the enquiry was completed");
            not_before(
                &mut errors,
                "completed_on",
                completed,
                started,
                "The date the enquiry was completed must be on or after the date it started",
            );
            // An enquiry about a child nobody saw cannot be finished without
            // saying why: the most serious gap an inspector can find.
            if self.child_seen_on.is_none() {
                errors.require_text(
                    "not_seen_reason",
                    &self.not_seen_reason,
                    "why the child was not seen during the enquiry",
                    LONG_TEXT_MAX,
                );
            }
        }
        if self.outcome == Some(Section47Outcome::IcpcNotRequired) {
            errors.require_text(
                "icpc_not_required_reason",
                &self.icpc_not_required_reason,
                "why an initial child protection conference is not required",
                LONG_TEXT_MAX,
            );
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::tests::d;

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    fn enquiry() -> Section47Enquiry {
        Section47Enquiry {
            strategy_discussion_on: d(2026, 11, 10),
            started_on: Some(d(2026, 11, 10)),
            child_seen_on: Some(d(2026, 11, 11)),
            child_seen_alone: Some(true),
            not_seen_alone_reason: String::new(),
            not_seen_reason: String::new(),
            outcome: Some(Section47Outcome::SubstantiatedIcpcNeeded),
            icpc_not_required_reason: String::new(),
            completed_on: Some(d(2026, 11, 20)),
        }
    }

    #[test]
    fn a_completed_enquiry_with_the_child_seen_alone_is_accepted() {
        assert!(enquiry().validate(today()).is_ok());
        let open = Section47Enquiry { outcome: None, completed_on: None, child_seen_on: None, child_seen_alone: None, ..enquiry() };
        assert!(open.validate(today()).is_ok());
    }

    #[test]
    fn an_enquiry_cannot_start_before_its_strategy_discussion_or_in_the_future() {
        let e = Section47Enquiry { started_on: Some(d(2026, 11, 9)), ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(
            e.for_field("started_on"),
            Some("The date the enquiry started must be on or after the strategy discussion that decided on it")
        );
        let e = Section47Enquiry { started_on: Some(d(2026, 11, 30)), ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("started_on"), Some("The date the enquiry started must be today or in the past"));
        let e = Section47Enquiry { started_on: None, ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("started_on"), Some("Enter the date the enquiry started"));
    }

    #[test]
    fn the_child_cannot_be_seen_before_the_enquiry_started_or_in_the_future() {
        let e = Section47Enquiry { child_seen_on: Some(d(2026, 11, 9)), ..enquiry() }.validate(today()).unwrap_err();
        assert!(e.for_field("child_seen_on").is_some());
        let e = Section47Enquiry { child_seen_on: Some(d(2026, 11, 24)), ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("child_seen_on"), Some("The date the child was seen must be today or in the past"));
    }

    #[test]
    fn a_child_seen_must_be_recorded_as_seen_alone_or_why_not() {
        let e = Section47Enquiry { child_seen_alone: None, ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("child_seen_alone"), Some("Select whether the child was seen alone"));
        let e = Section47Enquiry { child_seen_alone: Some(false), ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("not_seen_alone_reason"), Some("Enter why the child was not seen alone"));
        let ok = Section47Enquiry { child_seen_alone: Some(false), not_seen_alone_reason: "Baby, 4 months".into(), ..enquiry() };
        assert!(ok.validate(today()).is_ok());
    }

    #[test]
    fn an_enquiry_is_not_completed_without_the_child_seen_or_a_reason() {
        let e = Section47Enquiry { child_seen_on: None, child_seen_alone: None, ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("not_seen_reason"), Some("Enter why the child was not seen during the enquiry"));
        let ok = Section47Enquiry {
            child_seen_on: None,
            child_seen_alone: None,
            not_seen_reason: "Family left the country on day 2; police notified".into(),
            ..enquiry()
        };
        assert!(ok.validate(today()).is_ok());
    }

    #[test]
    fn completion_needs_an_outcome_and_a_date_not_before_the_start() {
        let e = Section47Enquiry { outcome: None, ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("outcome"), Some("Select the outcome of the enquiry"));
        let e = Section47Enquiry { completed_on: None, ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("completed_on"), Some("Enter the date the enquiry was completed"));
        let e = Section47Enquiry { completed_on: Some(d(2026, 11, 9)), started_on: Some(d(2026, 11, 10)), ..enquiry() }
            .validate(today())
            .unwrap_err();
        assert_eq!(e.for_field("completed_on"), Some("The date the enquiry was completed must be on or after the date it started"));
    }

    #[test]
    fn icpc_not_required_needs_a_reason() {
        let e = Section47Enquiry { outcome: Some(Section47Outcome::IcpcNotRequired), ..enquiry() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("icpc_not_required_reason"), Some("Enter why an initial child protection conference is not required"));
        let ok = Section47Enquiry {
            outcome: Some(Section47Outcome::IcpcNotRequired),
            icpc_not_required_reason: "Alleged abuser remanded; mother protective and working with CIN plan".into(),
            ..enquiry()
        };
        assert!(ok.validate(today()).is_ok());
    }

    #[test]
    fn outcome_codes_round_trip_and_only_one_needs_a_conference() {
        for o in Section47Outcome::ALL {
            assert_eq!(Section47Outcome::from_code(o.code()), Some(*o));
            assert_eq!(serde_json::to_string(o).unwrap(), format!("\"{}\"", o.code()));
        }
        assert_eq!(Section47Outcome::ALL.iter().filter(|o| o.needs_icpc()).count(), 1);
    }
}
