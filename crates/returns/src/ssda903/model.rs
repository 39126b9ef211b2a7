//! The SSDA903 return, table for table and column for column, as the DfE
//! and its validator read the CSV files. Codes stay text (an imported file
//! keeps its mistakes for the rules to find); dates are parsed from
//! `dd/mm/YYYY`. Every row carries its child's `CHILD` identifier.

use chrono::NaiveDate;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ssda903 {
    pub header: Vec<HeaderRow>,
    pub episodes: Vec<EpisodeRow>,
    pub reviews: Vec<ReviewRow>,
    pub uasc: Vec<UascRow>,
    pub oc2: Vec<Oc2Row>,
    pub oc3: Vec<Oc3Row>,
    pub ad1: Vec<Ad1Row>,
    pub placed_adoption: Vec<PlacedAdoptionRow>,
    pub prev_perm: Vec<PrevPermRow>,
    pub missing: Vec<MissingRow>,
    pub sw_episodes: Vec<SwEpisodeRow>,
}

/// Header: CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeaderRow {
    pub child: String,
    pub sex: Option<String>,
    pub dob: Option<NaiveDate>,
    pub ethnic: Option<String>,
    pub upn: Option<String>,
    pub mother: Option<String>,
    pub mc_dob: Option<NaiveDate>,
}

/// Episodes: CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC,
/// REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EpisodeRow {
    pub child: String,
    pub decom: Option<NaiveDate>,
    pub rne: Option<String>,
    pub ls: Option<String>,
    pub cin: Option<String>,
    pub place: Option<String>,
    pub place_provider: Option<String>,
    pub dec: Option<NaiveDate>,
    pub rec: Option<String>,
    pub reason_place_change: Option<String>,
    pub home_post: Option<String>,
    pub pl_post: Option<String>,
    pub urn: Option<String>,
}

/// Reviews: CHILD, DOB, REVIEW, REVIEW_CODE
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewRow {
    pub child: String,
    pub dob: Option<NaiveDate>,
    pub review: Option<NaiveDate>,
    pub review_code: Option<String>,
}

/// UASC: CHILD, SEX, DOB, DUC
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UascRow {
    pub child: String,
    pub sex: Option<String>,
    pub dob: Option<NaiveDate>,
    pub duc: Option<NaiveDate>,
}

/// OC2: CHILD, DOB, SDQ_SCORE, SDQ_REASON, CONVICTED, HEALTH_CHECK,
/// IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE,
/// INTERVENTION_RECEIVED, INTERVENTION_OFFERED
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Oc2Row {
    pub child: String,
    pub dob: Option<NaiveDate>,
    pub sdq_score: Option<String>,
    pub sdq_reason: Option<String>,
    pub convicted: Option<String>,
    pub health_check: Option<String>,
    pub immunisations: Option<String>,
    pub teeth_check: Option<String>,
    pub health_assessment: Option<String>,
    pub substance_misuse: Option<String>,
    pub intervention_received: Option<String>,
    pub intervention_offered: Option<String>,
}

/// OC3: CHILD, DOB, IN_TOUCH, ACTIV, ACCOM
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Oc3Row {
    pub child: String,
    pub dob: Option<NaiveDate>,
    pub in_touch: Option<String>,
    pub activ: Option<String>,
    pub accom: Option<String>,
}

/// AD1: CHILD, DOB, DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ad1Row {
    pub child: String,
    pub dob: Option<NaiveDate>,
    pub date_int: Option<NaiveDate>,
    pub date_match: Option<NaiveDate>,
    pub foster_care: Option<String>,
    pub nb_adoptr: Option<String>,
    pub sex_adoptr: Option<String>,
    pub ls_adoptr: Option<String>,
}

/// PlacedAdoption: CHILD, DOB, DATE_PLACED, DATE_PLACED_CEASED, REASON_PLACED_CEASED
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlacedAdoptionRow {
    pub child: String,
    pub dob: Option<NaiveDate>,
    pub date_placed: Option<NaiveDate>,
    pub date_placed_ceased: Option<NaiveDate>,
    pub reason_placed_ceased: Option<String>,
}

/// PrevPerm: CHILD, DOB, PREV_PERM, LA_PERM, DATE_PERM
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrevPermRow {
    pub child: String,
    pub dob: Option<NaiveDate>,
    pub prev_perm: Option<String>,
    pub la_perm: Option<String>,
    /// Kept as text: the DfE allows a partial date (`zz/mm/YYYY`).
    pub date_perm: Option<String>,
}

/// Missing: CHILD, DOB, MISSING, MIS_START, MIS_END
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MissingRow {
    pub child: String,
    pub dob: Option<NaiveDate>,
    pub missing: Option<String>,
    pub mis_start: Option<NaiveDate>,
    pub mis_end: Option<NaiveDate>,
}

/// SWEpisodes: CHILD, DOB, SW_ID, SW_DECOM, SW_DEC, SW_REASON
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SwEpisodeRow {
    pub child: String,
    pub dob: Option<NaiveDate>,
    pub sw_id: Option<String>,
    pub sw_decom: Option<NaiveDate>,
    pub sw_dec: Option<NaiveDate>,
    pub sw_reason: Option<String>,
}

/// A row of any of the tables: each names its child.
pub trait OfChild {
    fn child(&self) -> &str;
}

macro_rules! of_child {
    ($($row:ty),*) => {$(
        impl OfChild for $row {
            fn child(&self) -> &str {
                &self.child
            }
        }
    )*};
}

of_child!(HeaderRow, EpisodeRow, ReviewRow, UascRow, Oc2Row, Oc3Row, Ad1Row, PlacedAdoptionRow, PrevPermRow, MissingRow, SwEpisodeRow);
