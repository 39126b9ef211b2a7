//! The CIN census file, element for element (`Message/Header/Children/Child`).
//!
//! Codes are kept as the text the file holds, not as Hearth's enums, so a
//! census imported from another system can be held and validated with its
//! mistakes intact; the rules, not the parser, say what is wrong with it.
//! Dates are parsed; a date that does not parse is an import error.

use chrono::NaiveDate;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CinCensus {
    pub header: Header,
    pub children: Vec<Child>,
}

/// `Header/CollectionDetails` and `Header/Source`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    /// `CIN`.
    pub collection: String,
    /// The collection year as the DfE names it: the year it ends (`2026`).
    pub year: String,
    /// The census end date, 31 March.
    pub reference_date: Option<NaiveDate>,
    /// `L` (local authority).
    pub source_level: String,
    /// The three-digit LA code.
    pub lea: String,
    pub software_code: String,
    pub release: String,
    pub serial_no: String,
    /// `YYYY-MM-DDTHH:MM:SS`, the moment the file describes.
    pub date_time: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Child {
    pub identifiers: ChildIdentifiers,
    pub characteristics: ChildCharacteristics,
    pub cin_details: Vec<CinDetails>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChildIdentifiers {
    pub la_child_id: Option<String>,
    pub upn: Option<String>,
    pub former_upn: Option<String>,
    pub upn_unknown: Option<String>,
    pub person_birth_date: Option<NaiveDate>,
    pub expected_person_birth_date: Option<NaiveDate>,
    /// `Sex`: M, F or U (2024-25 on).
    pub sex: Option<String>,
    pub person_death_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChildCharacteristics {
    pub ethnicity: Option<String>,
    /// `Disabilities/Disability`, in file order.
    pub disabilities: Vec<String>,
}

/// One children-in-need episode.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CinDetails {
    pub cin_referral_date: Option<NaiveDate>,
    pub referral_source: Option<String>,
    pub primary_need_code: Option<String>,
    pub cin_closure_date: Option<NaiveDate>,
    pub reason_for_closure: Option<String>,
    /// An initial conference not preceded by a section 47 in this episode.
    pub date_of_initial_cpc: Option<NaiveDate>,
    pub assessments: Vec<Assessment>,
    pub cin_plan_dates: Vec<CinPlanDates>,
    pub section47: Vec<Section47>,
    /// `true`/`false` (or `1`/`0` in older files).
    pub referral_nfa: Option<String>,
    pub child_protection_plans: Vec<ChildProtectionPlan>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assessment {
    pub actual_start_date: Option<NaiveDate>,
    pub internal_review_date: Option<NaiveDate>,
    pub authorisation_date: Option<NaiveDate>,
    /// `FactorsIdentifiedAtAssessment/AssessmentFactors`.
    pub factors: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CinPlanDates {
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section47 {
    pub actual_start_date: Option<NaiveDate>,
    pub initial_cpc_target: Option<NaiveDate>,
    pub date_of_initial_cpc: Option<NaiveDate>,
    pub icpc_not_required: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChildProtectionPlan {
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub initial_category_of_abuse: Option<String>,
    pub latest_category_of_abuse: Option<String>,
    pub number_of_previous_cpp: Option<String>,
    /// `Reviews/CPPreviewDate`, in file order. `None` is a review element
    /// left empty, which the DfE queries (8842Q) rather than refuses.
    pub review_dates: Vec<Option<NaiveDate>>,
}

impl CinDetails {
    /// The census reads `true` and `1` as a referral with no further action.
    pub fn is_nfa(&self) -> bool {
        matches!(self.referral_nfa.as_deref().map(str::trim), Some("true" | "1"))
    }
}
