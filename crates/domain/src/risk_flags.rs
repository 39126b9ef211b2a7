//! Risk flags on a child's record (F12): the risks a MASH must see at a
//! glance — domestic abuse, sexual and criminal exploitation, going missing —
//! and the children in need census factors identified about the child.
//!
//! A flag is raised with the evidence for it and removed with a reason; both
//! are events, so the chronology shows when each risk was known and by whom.
//! One flag of each kind is active at a time.

use crate::codes::AssessmentFactor;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a flag says about the child.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RiskFlag {
    DomesticAbuse,
    SexualExploitation,
    CriminalExploitation,
    Missing,
    /// A factor from the census list (`21`, no factors, is not a flag).
    Factor(AssessmentFactor),
}

impl RiskFlag {
    /// The four the front door asks about first, before the census factors.
    pub const HEADLINE: &'static [RiskFlag] =
        &[RiskFlag::DomesticAbuse, RiskFlag::SexualExploitation, RiskFlag::CriminalExploitation, RiskFlag::Missing];

    /// Every flag a worker can raise, headline flags first.
    pub fn all() -> impl Iterator<Item = RiskFlag> {
        Self::HEADLINE.iter().copied().chain(
            AssessmentFactor::ALL.iter().copied().filter(|f| *f != AssessmentFactor::NoFactors).map(RiskFlag::Factor),
        )
    }

    /// The stored and exchanged code: `DA`, `CSE`, `CCE`, `MISSING`, or the
    /// census factor code itself (which always starts with a digit).
    pub fn code(self) -> &'static str {
        match self {
            RiskFlag::DomesticAbuse => "DA",
            RiskFlag::SexualExploitation => "CSE",
            RiskFlag::CriminalExploitation => "CCE",
            RiskFlag::Missing => "MISSING",
            RiskFlag::Factor(f) => f.code(),
        }
    }

    pub fn from_code(code: &str) -> Option<RiskFlag> {
        match code.trim() {
            "DA" => Some(RiskFlag::DomesticAbuse),
            "CSE" => Some(RiskFlag::SexualExploitation),
            "CCE" => Some(RiskFlag::CriminalExploitation),
            "MISSING" => Some(RiskFlag::Missing),
            other => AssessmentFactor::from_code(other).filter(|f| *f != AssessmentFactor::NoFactors).map(RiskFlag::Factor),
        }
    }

    pub fn label(self) -> String {
        match self {
            RiskFlag::DomesticAbuse => "Domestic abuse".to_string(),
            RiskFlag::SexualExploitation => "Child sexual exploitation".to_string(),
            RiskFlag::CriminalExploitation => "Child criminal exploitation".to_string(),
            RiskFlag::Missing => "Missing".to_string(),
            RiskFlag::Factor(f) => format!("{} ({})", f.description(), f.code()),
        }
    }

    pub fn is_headline(self) -> bool {
        !matches!(self, RiskFlag::Factor(_))
    }
}

impl Serialize for RiskFlag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for RiskFlag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        RiskFlag::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown risk flag {code:?}")))
    }
}

/// The longest evidence or reason text kept on a flag.
const MAX_REASON: usize = 2000;

/// The rules for raising a flag: it needs the date the risk was identified
/// (not in the future) and the evidence for it.
pub fn validate_raise(identified_on: NaiveDate, evidence: &str, today: NaiveDate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if identified_on > today {
        errors.add("identified_on", "The date the risk was identified must be today or in the past");
    }
    errors.require_text("evidence", evidence, "what the risk is and how it is known", MAX_REASON);
    errors.into_result()
}

/// The rules for removing a flag: a date not before it was raised and not in
/// the future, and why the risk no longer applies.
pub fn validate_remove(removed_on: NaiveDate, reason: &str, today: NaiveDate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if removed_on > today {
        errors.add("removed_on", "The date must be today or in the past");
    }
    errors.require_text("reason", reason, "why the risk no longer applies", MAX_REASON);
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn every_flag_round_trips_through_its_code_and_json() {
        let all: Vec<RiskFlag> = RiskFlag::all().collect();
        assert_eq!(all.len(), 4 + 41, "four headline flags and every census factor but 21");
        for f in all {
            assert_eq!(RiskFlag::from_code(f.code()), Some(f));
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(serde_json::from_str::<RiskFlag>(&json).unwrap(), f);
        }
    }

    #[test]
    fn no_factors_identified_is_not_a_flag() {
        assert_eq!(RiskFlag::from_code("21"), None);
        assert!(serde_json::from_str::<RiskFlag>("\"21\"").is_err());
        assert_eq!(RiskFlag::from_code("24A"), Some(RiskFlag::Factor(AssessmentFactor::CriminalExploitation)));
        assert_eq!(RiskFlag::from_code("cse"), None, "codes are exact");
    }

    #[test]
    fn raising_needs_evidence_and_a_date_not_in_the_future() {
        assert!(validate_raise(day(20), "Police report of two missing episodes", day(23)).is_ok());
        let errors = validate_raise(day(24), "  ", day(23)).unwrap_err();
        assert!(errors.for_field("identified_on").is_some());
        assert!(errors.for_field("evidence").is_some());
    }

    #[test]
    fn removing_needs_a_reason() {
        assert!(validate_remove(day(23), "Moved to a new school; no contact with the older group since May", day(23)).is_ok());
        let errors = validate_remove(day(23), "", day(23)).unwrap_err();
        assert!(errors.for_field("reason").is_some());
        assert!(validate_remove(day(24), "reason", day(23)).unwrap_err().for_field("removed_on").is_some());
    }
}
