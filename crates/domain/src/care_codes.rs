//! Code sets of the SSDA903 return (children looked after), as typed enums.
//!
//! Like the census code sets in `codes`, each is stored and exchanged as its
//! 903 code, so the return needs no translation. The lists follow the
//! 2025-26 validator (`codesets.yaml`, section `ssda903`); where that file
//! has no description for a code, the description here is Hearth's short
//! summary of the DfE 903 guide's wording, to be checked against the guide
//! for the year exported.

use crate::codes::code_set;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

code_set!(
    /// 903 `LS`: the legal status the child is looked after under.
    LegalStatus {
        InterimCareOrder = "C1": "Interim care order",
        FullCareOrder = "C2": "Full care order",
        FreeingOrder = "D1": "Freeing order granted",
        PlacementOrder = "E1": "Placement order granted",
        Section20 = "V2": "Single period of accommodation under section 20",
        ShortBreaksEpisodes = "V3": "Accommodated under an agreed series of short-term breaks, when individual episodes of care are recorded",
        ShortBreaksAgreements = "V4": "Accommodated under an agreed series of short-term breaks, when agreements are recorded",
        PoliceProtection = "L1": "Under police protection and in local authority accommodation",
        EmergencyProtectionOrder = "L2": "Emergency protection order",
        ChildAssessmentOrder = "L3": "Under a child assessment order and in local authority accommodation",
        Remanded = "J1": "Remanded to local authority accommodation or to youth detention accommodation",
        Pace = "J2": "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984",
        YouthRehabilitationOrder = "J3": "Sentenced to a youth rehabilitation order with residence or intensive fostering requirement",
    }
);

impl LegalStatus {
    /// Short-term breaks (respite): not a period of care in the usual sense.
    pub fn is_short_breaks(self) -> bool {
        matches!(self, LegalStatus::ShortBreaksEpisodes | LegalStatus::ShortBreaksAgreements)
    }

    /// Police protection, an emergency protection order or a child
    /// assessment order: the short emergency stays.
    pub fn is_emergency(self) -> bool {
        matches!(self, LegalStatus::PoliceProtection | LegalStatus::EmergencyProtectionOrder | LegalStatus::ChildAssessmentOrder)
    }
}

code_set!(
    /// 903 `PLACE`, the 2025-26 list (K3 and Z11-Z14 new; H5, P2 and Z1 gone).
    PlacementType {
        AdoptionConsentCurrentFosterCarer = "A3": "Placed for adoption with consent with current foster carer(s)",
        AdoptionConsentNotFosterCarer = "A4": "Placed for adoption with consent not with current foster carer(s)",
        AdoptionOrderCurrentFosterCarer = "A5": "Placed for adoption with placement order with current foster carer(s)",
        AdoptionOrderNotFosterCarer = "A6": "Placed for adoption with placement order not with current foster carer(s)",
        SecureChildrensHome = "K1": "Secure children's home",
        ChildrensHome = "K2": "Children's home",
        SupportedAccommodation = "K3": "Supported accommodation registered with Ofsted",
        PlacedWithParents = "P1": "Placed with own parent(s) or other person(s) with parental responsibility",
        ResidentialEmployment = "P3": "Residential employment",
        ResidentialCareHome = "R1": "Residential care home",
        NhsOrHealthTrust = "R2": "NHS or health trust, or other establishment providing medical or nursing care",
        FamilyCentre = "R3": "Family centre or mother and baby unit",
        YoungOffenderInstitution = "R5": "Young offender institution or prison",
        ResidentialSchool = "S1": "Residential school",
        TemporaryUnderPlacement = "T0": "Temporary move of less than 7 days within a placement (other than T1-T4)",
        TemporaryHospital = "T1": "Temporary periods in hospital",
        TemporaryHoliday = "T2": "Temporary absences of the child on holiday",
        TemporaryCarerHoliday = "T3": "Temporary accommodation whilst normal foster carer(s) is/are on holiday",
        TemporarySevenDaysOrLess = "T4": "Temporary accommodation of seven days or less, for any reason not covered by T1-T3",
        FosterRelativeLongTerm = "U1": "Foster placement with relative or friend: long-term fostering",
        FosterRelativeFfa = "U2": "Foster placement with relative or friend who is also an approved adopter: fostering for adoption or concurrent planning",
        FosterRelativeOther = "U3": "Foster placement with relative or friend: not long-term or fostering for adoption",
        FosterLongTerm = "U4": "Foster placement with other foster carer: long-term fostering",
        FosterFfa = "U5": "Foster placement with other foster carer who is also an approved adopter: fostering for adoption or concurrent planning",
        FosterOther = "U6": "Foster placement with other foster carer: not long-term or fostering for adoption",
        OtherRegulated = "Z11": "Other placement: regulated setting not listed elsewhere",
        OtherUnregulated = "Z12": "Other placement: setting not regulated by Ofsted",
        OtherSupportedLodgings = "Z13": "Other placement: supported lodgings",
        OtherNotListed = "Z14": "Other placement: not listed elsewhere",
    }
);

impl PlacementType {
    /// Placed for adoption (A3-A6).
    pub fn is_adoption(self) -> bool {
        matches!(
            self,
            PlacementType::AdoptionConsentCurrentFosterCarer
                | PlacementType::AdoptionConsentNotFosterCarer
                | PlacementType::AdoptionOrderCurrentFosterCarer
                | PlacementType::AdoptionOrderNotFosterCarer
        )
    }

    /// Foster placements (U1-U6).
    pub fn is_foster(self) -> bool {
        matches!(
            self,
            PlacementType::FosterRelativeLongTerm
                | PlacementType::FosterRelativeFfa
                | PlacementType::FosterRelativeOther
                | PlacementType::FosterLongTerm
                | PlacementType::FosterFfa
                | PlacementType::FosterOther
        )
    }
}

code_set!(
    /// 903 `RNE`: why a new episode started.
    ReasonNewEpisode {
        Started = "S": "Started to be looked after",
        LegalStatus = "L": "Change of legal status only",
        Placement = "P": "Change of placement and carer(s) only",
        PlacementTypeOnly = "T": "Change of placement type only (the carer(s) stayed the same)",
        LegalStatusAndPlacement = "B": "Change of legal status and of placement and carer(s) at the same time",
        LegalStatusAndPlacementType = "U": "Change of legal status and of placement type at the same time (the carer(s) stayed the same)",
    }
);

impl ReasonNewEpisode {
    /// Whether the placement changed with this episode (so a reason for
    /// the change of placement can be given).
    pub fn placement_changed(self) -> bool {
        matches!(
            self,
            ReasonNewEpisode::Placement
                | ReasonNewEpisode::PlacementTypeOnly
                | ReasonNewEpisode::LegalStatusAndPlacement
                | ReasonNewEpisode::LegalStatusAndPlacementType
        )
    }
}

code_set!(
    /// 903 `REC`: why an episode ended. `X1` ends an episode that care
    /// continues from in a new one.
    ReasonEpisodeCeased {
        ContinuesInNewEpisode = "X1": "Episode ceased and a new one began on the same day",
        AdoptedUnopposed = "E11": "Adopted: application for an adoption order unopposed",
        AdoptedConsentDispensed = "E12": "Adopted: consent dispensed with by the court",
        Died = "E2": "Died",
        CareTakenByAnotherLa = "E3": "Care taken over by another local authority",
        ReturnedHomePlanned = "E4A": "Returned home to live with parents or relatives, as part of the care planning process",
        ReturnedHomeNotPlanned = "E4B": "Returned home to live with parents or relatives, not as part of the care planning process",
        LivingWithoutParentalResponsibility = "E13": "Left care to live with parent(s), relative(s) or other person(s) with no parental responsibility",
        ResidenceOrder = "E41": "Residence order or child arrangements order granted",
        SgoFormerCarerRelative = "E45": "Special guardianship order made to former foster carer(s) who are relatives or friends",
        SgoFormerCarerOther = "E46": "Special guardianship order made to former foster carer(s) other than relatives or friends",
        SgoRelative = "E47": "Special guardianship order made to carer(s) other than former foster carer(s): relatives or friends",
        SgoOther = "E48": "Special guardianship order made to carer(s) other than former foster carer(s): other",
        IndependentLivingSupported = "E5": "Moved into independent living, with supportive accommodation",
        IndependentLivingUnsupported = "E6": "Moved into independent living, with no formalised support",
        AdultResidentialCare = "E7": "Transferred to residential care funded by adult social care services",
        Custody = "E9": "Sentenced to custody",
        RemandEnded = "E14": "Accommodation on remand ended",
        AgeAssessedAdult = "E15": "Age assessment determined the child is aged 18 or over",
        MovedAbroad = "E16": "Child moved abroad",
        StayedWithCarersAt18 = "E17": "Aged 18 or over and remained with current carers (staying put)",
        Other = "E8": "Period of being looked after ceased for any other reason",
    }
);

impl ReasonEpisodeCeased {
    /// Whether the child stops being looked after (anything but `X1`).
    pub fn ends_care(self) -> bool {
        self != ReasonEpisodeCeased::ContinuesInNewEpisode
    }
}

code_set!(
    /// 903 `PLACE_PROVIDER`.
    PlacementProvider {
        Parents = "PR0": "Parent(s) or other person(s) with parental responsibility",
        OwnProvision = "PR1": "Own provision (by the local authority)",
        OtherLa = "PR2": "Other local authority provision",
        OtherPublic = "PR3": "Other public provision (for example a primary care trust)",
        Private = "PR4": "Private provision",
        Voluntary = "PR5": "Voluntary or third sector provision",
    }
);

code_set!(
    /// 903 `REASON_PLACE_CHANGE`.
    ReasonPlaceChange {
        CarePlan = "CARPL": "Change to or implementation of the care plan",
        ProvisionClosed = "CLOSE": "Resignation of the carer(s) or closure of the provision",
        Allegation = "ALLEG": "Allegation (section 47 enquiry)",
        StandardsOfCare = "STAND": "Standards of care concern",
        ApprovalRemoved = "APPRR": "Approval of the carer(s) removed",
        CarerRequestBehaviour = "CREQB": "Carer(s) asked for the placement to end because of the child's behaviour",
        CarerRequestOther = "CREQO": "Carer(s) asked for the placement to end for another reason",
        ChildRequest = "CHILD": "The child asked for the placement to end",
        LaRequest = "LAREQ": "The responsible or area authority asked for the placement to end",
        PlacementStatus = "PLACE": "Change in the status of the placement only",
        Custody = "CUSTOD": "Custody arrangement",
        Other = "OTHER": "Other",
    }
);

code_set!(
    /// 903 `REVIEW_CODE`: how the child took part in their review.
    ReviewParticipation {
        UnderFour = "PN0": "Child aged under 4 at the time of the review",
        SpokeForThemselves = "PN1": "Child attended and spoke for themselves",
        AdvocateAttending = "PN2": "Child attended and an advocate spoke for them",
        SymbolicAttending = "PN3": "Child attended and conveyed their view symbolically (non-verbally)",
        AttendedWithoutView = "PN4": "Child attended but did not speak for themselves, convey their view symbolically or ask an advocate to speak for them",
        AdvocateNotAttending = "PN5": "Child did not attend but briefed an advocate to speak for them",
        FacilitativeMedium = "PN6": "Child did not attend but conveyed their feelings through a facilitative medium",
        NotConveyed = "PN7": "Child did not attend and their views were not conveyed",
    }
);

code_set!(
    /// 903 `MISSING`: missing from placement, or away without authorisation.
    MissingKind {
        Missing = "M": "Missing",
        Away = "A": "Away from placement without authorisation",
    }
);

code_set!(
    /// 903 `SDQ_REASON`: why there is no strengths and difficulties score.
    SdqReason {
        OutsideAgeRange = "SDQ1": "No form returned as the child was aged under 4 or over 17 at the date of the latest assessment",
        CarerRefused = "SDQ2": "Carer(s) refused to complete and return the questionnaire",
        Disability = "SDQ3": "Not possible to complete the questionnaire because of the severity of the child's disability",
        Other = "SDQ4": "Other",
        ChildRefused = "SDQ5": "The child or young person refused to allow a questionnaire to be completed",
    }
);

code_set!(
    /// 903 OC3 `IN_TOUCH`: whether the authority is in touch with a care leaver.
    InTouch {
        Yes = "YES": "Yes",
        No = "NO": "No",
        Died = "DIED": "The young person has died",
        Refused = "REFU": "The young person refuses contact",
        NoLongerRequired = "NREQ": "The young person no longer requires services",
        ReturnedHome = "RHOM": "The young person has returned home",
    }
);

code_set!(
    /// 903 OC3 `ACTIV`: a care leaver's main activity.
    CareLeaverActivity {
        HigherEducationFullTime = "F1": "Full-time in higher education",
        HigherEducationPartTime = "P1": "Part-time in higher education",
        OtherEducationFullTime = "F2": "Full-time in education other than higher education",
        OtherEducationPartTime = "P2": "Part-time in education other than higher education",
        ApprenticeshipFullTime = "F4": "Full-time in an apprenticeship",
        ApprenticeshipPartTime = "P4": "Part-time in an apprenticeship",
        TrainingOrEmploymentFullTime = "F5": "Full-time in training or employment (not an apprenticeship)",
        TrainingOrEmploymentPartTime = "P5": "Part-time in training or employment (not an apprenticeship)",
        NeetIllness = "G4": "Not in education, training or employment because of illness or disability",
        NeetOther = "G5": "Not in education, training or employment for other reasons",
        NeetParenting = "G6": "Not in education, training or employment because of pregnancy or parenting",
        NotApplicable = "0": "Not applicable",
    }
);

code_set!(
    /// 903 OC3 `ACCOM`: a care leaver's accommodation, with its suitability
    /// (1 suitable, 2 not suitable), as the 2025-26 validator lists them.
    CareLeaverAccommodation {
        ParentsSuitable = "B1": "With parents or relatives: suitable",
        ParentsUnsuitable = "B2": "With parents or relatives: not suitable",
        ResidentialSuitable = "C1": "Community home or other residential care: suitable",
        ResidentialUnsuitable = "C2": "Community home or other residential care: not suitable",
        SemiIndependentSuitable = "D1": "Semi-independent, transitional accommodation: suitable",
        SemiIndependentUnsuitable = "D2": "Semi-independent, transitional accommodation: not suitable",
        SupportedLodgingsSuitable = "E1": "Supported lodgings: suitable",
        SupportedLodgingsUnsuitable = "E2": "Supported lodgings: not suitable",
        AbroadSuitable = "G1": "Gone abroad: suitable",
        AbroadUnsuitable = "G2": "Gone abroad: not suitable",
        DeportedSuitable = "H1": "Deported: suitable",
        DeportedUnsuitable = "H2": "Deported: not suitable",
        OrdinaryLodgingsSuitable = "K1": "Ordinary lodgings without formal support: suitable",
        OrdinaryLodgingsUnsuitable = "K2": "Ordinary lodgings without formal support: not suitable",
        NotKnownSuitable = "R1": "Residence not known: suitable",
        NotKnownUnsuitable = "R2": "Residence not known: not suitable",
        NoFixedAbodeUnsuitable = "S2": "No fixed abode or homeless: not suitable",
        FoyerSuitable = "T1": "Foyer: suitable",
        FoyerUnsuitable = "T2": "Foyer: not suitable",
        IndependentSuitable = "U1": "Independent living: suitable",
        IndependentUnsuitable = "U2": "Independent living: not suitable",
        EmergencySuitable = "V1": "Emergency accommodation: suitable",
        EmergencyUnsuitable = "V2": "Emergency accommodation: not suitable",
        BedAndBreakfastSuitable = "W1": "Bed and breakfast: suitable",
        BedAndBreakfastUnsuitable = "W2": "Bed and breakfast: not suitable",
        CustodyUnsuitable = "X2": "In custody: not suitable",
        OtherSuitable = "Y1": "Other accommodation: suitable",
        OtherUnsuitable = "Y2": "Other accommodation: not suitable",
        FormerFosterCarersSuitable = "Z1": "With former foster carer(s): suitable",
        FormerFosterCarersUnsuitable = "Z2": "With former foster carer(s): not suitable",
        NotApplicable = "0": "Not applicable",
    }
);

code_set!(
    /// 903 `PREV_PERM`: permanence the child had before this period of care.
    PreviousPermanenceKind {
        Adoption = "P1": "Adoption",
        SpecialGuardianship = "P2": "Special guardianship order",
        ResidenceOrChildArrangements = "P3": "Residence order or child arrangements order naming a person the child lives with",
        OtherOrNotKnownType = "P4": "Previous permanence order whose type is not known",
        NoneOrNotKnown = "Z1": "No previous permanence, or not known",
    }
);

code_set!(
    /// 903 `REASON_PLACED_CEASED`: why adoption is no longer the plan.
    ReasonPlacedCeased {
        NeedsChanged = "RD1": "The child's needs changed after the decision",
        NoPlacementOrder = "RD2": "The court did not make a placement order",
        NoAdopters = "RD3": "Prospective adopters could not be found",
        Other = "RD4": "Any other reason",
    }
);

code_set!(
    /// 903 AD1 `SEX_ADOPTR`.
    SexOfAdopters {
        SingleMale = "M1": "Male single adopter",
        SingleFemale = "F1": "Female single adopter",
        MaleCouple = "MM": "Male couple",
        FemaleCouple = "FF": "Female couple",
        MixedCouple = "MF": "Male and female couple",
    }
);

impl SexOfAdopters {
    /// How many adopters the code describes.
    pub fn adopters(self) -> u8 {
        match self {
            SexOfAdopters::SingleMale | SexOfAdopters::SingleFemale => 1,
            _ => 2,
        }
    }
}

code_set!(
    /// 903 AD1 `LS_ADOPTR`: the adopters' legal status.
    AdopterLegalStatus {
        Single = "L0": "Single person",
        MarriedMixedSex = "L11": "Married couple of mixed sex",
        MarriedSameSex = "L12": "Married couple of the same sex",
        CivilPartners = "L2": "Civil partners",
        Unmarried = "L3": "Unmarried couple",
        Other = "L4": "Other",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2025_26_placement_list_has_its_new_codes_and_not_the_old() {
        assert_eq!(PlacementType::ALL.len(), 29);
        for code in ["K3", "Z11", "Z12", "Z13", "Z14", "A3", "U6", "T0"] {
            assert_eq!(PlacementType::from_code(code).map(PlacementType::code), Some(code));
        }
        for gone in ["H5", "P2", "Z1"] {
            assert_eq!(PlacementType::from_code(gone), None, "{gone}");
        }
    }

    #[test]
    fn code_sets_have_the_validators_codes() {
        assert_eq!(LegalStatus::ALL.len(), 13);
        assert_eq!(ReasonEpisodeCeased::ALL.len(), 22);
        assert_eq!(ReasonNewEpisode::ALL.len(), 6);
        assert_eq!(PlacementProvider::ALL.len(), 6);
        assert_eq!(ReasonPlaceChange::ALL.len(), 12);
        assert_eq!(ReviewParticipation::ALL.len(), 8);
        assert_eq!(CareLeaverActivity::ALL.len(), 12);
        assert_eq!(CareLeaverAccommodation::ALL.len(), 31);
        assert_eq!(InTouch::ALL.len(), 6);
        assert_eq!(SdqReason::ALL.len(), 5);
        assert_eq!(AdopterLegalStatus::ALL.len(), 6);
        // The validator does not accept S1 or X1 as accommodation.
        assert_eq!(CareLeaverAccommodation::from_code("S1"), None);
        assert_eq!(CareLeaverAccommodation::from_code("X1"), None);
    }

    #[test]
    fn codes_travel_as_903_codes() {
        assert_eq!(serde_json::to_string(&ReasonEpisodeCeased::ReturnedHomePlanned).unwrap(), "\"E4A\"");
        assert_eq!(serde_json::from_str::<LegalStatus>("\"C2\"").unwrap(), LegalStatus::FullCareOrder);
        assert!(serde_json::from_str::<LegalStatus>("\"C3\"").is_err());
        assert!(!ReasonEpisodeCeased::ContinuesInNewEpisode.ends_care());
        assert!(ReasonEpisodeCeased::Died.ends_care());
        assert!(ReasonNewEpisode::Placement.placement_changed());
        assert!(!ReasonNewEpisode::LegalStatus.placement_changed());
        assert_eq!(SexOfAdopters::MixedCouple.adopters(), 2);
    }
}
