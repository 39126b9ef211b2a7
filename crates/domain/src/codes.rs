//! Code sets from the DfE children in need census, as typed enums.
//!
//! Each code set is stored and exchanged as its census code (`WBRI`, `3A`,
//! `N1`), so returns need no translation table, and shown to people with the
//! census description.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares a census code set: an enum whose serialised form is the code.
macro_rules! code_set {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal : $label:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn description(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code.trim() { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.description())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = String::deserialize(d)?;
                $name::from_code(&code).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {} code {code:?}", stringify!($name)))
                })
            }
        }
    };
}

// The 903 code sets (`care_codes`) are declared the same way.
pub(crate) use code_set;

code_set!(
    /// CIN census `Sex` (from 2024-25): M, F or U (not known or not recorded).
    Sex {
        Male = "M": "Male",
        Female = "F": "Female",
        Unknown = "U": "Not known",
    }
);

code_set!(
    /// CIN census ethnicity.
    Ethnicity {
        WhiteBritish = "WBRI": "White British",
        WhiteIrish = "WIRI": "White Irish",
        TravellerOfIrishHeritage = "WIRT": "Traveller of Irish heritage",
        AnyOtherWhite = "WOTH": "Any other White background",
        GypsyRoma = "WROM": "Gypsy/Roma",
        WhiteAndBlackCaribbean = "MWBC": "White and Black Caribbean",
        WhiteAndBlackAfrican = "MWBA": "White and Black African",
        WhiteAndAsian = "MWAS": "White and Asian",
        AnyOtherMixed = "MOTH": "Any other mixed background",
        Indian = "AIND": "Indian",
        Pakistani = "APKN": "Pakistani",
        Bangladeshi = "ABAN": "Bangladeshi",
        AnyOtherAsian = "AOTH": "Any other Asian background",
        Caribbean = "BCRB": "Caribbean",
        African = "BAFR": "African",
        AnyOtherBlack = "BOTH": "Any other Black background",
        Chinese = "CHNE": "Chinese",
        AnyOtherEthnicGroup = "OOTH": "Any other ethnic group",
        Refused = "REFU": "Refused",
        NotYetObtained = "NOBT": "Information not yet obtained",
    }
);

code_set!(
    /// CIN census disability.
    Disability {
        None = "NONE": "No disability",
        Mobility = "MOB": "Mobility",
        HandFunction = "HAND": "Hand function",
        PersonalCare = "PC": "Personal care",
        Incontinence = "INC": "Incontinence",
        Communication = "COMM": "Communication",
        Learning = "LD": "Learning",
        Hearing = "HEAR": "Hearing",
        Vision = "VIS": "Vision",
        Behaviour = "BEH": "Behaviour",
        Consciousness = "CON": "Consciousness",
        Autism = "AUT": "Autism",
        Other = "DDA": "Other",
    }
);

code_set!(
    /// CIN census source of a referral; Hearth uses it for contacts too.
    ReferralSource {
        FamilyMember = "1A": "Individual: family member, relative or carer",
        Acquaintance = "1B": "Individual: acquaintance (including neighbours and childminders)",
        SelfReferral = "1C": "Individual: self",
        OtherIndividual = "1D": "Individual: other (including strangers)",
        School = "2A": "Schools",
        EducationServices = "2B": "Education services",
        Gp = "3A": "Health: GP",
        HealthVisitor = "3B": "Health: health visitor",
        SchoolNurse = "3C": "Health: school nurse",
        OtherPrimaryHealth = "3D": "Health: other primary health services",
        AccidentAndEmergency = "3E": "Health: A&E",
        OtherHealth = "3F": "Health: other",
        Housing = "4": "Housing",
        LaSocialCare = "5A": "LA services: social care",
        LaOtherInternal = "5B": "LA services: other internal",
        LaExternal = "5C": "LA services: external",
        EarlyHelp = "5D": "LA services: early help",
        Police = "6": "Police",
        OtherLegalAgency = "7": "Other legal agency (courts, probation, immigration, Cafcass, prison)",
        Other = "8": "Other (children's centres, independent providers, voluntary organisations)",
        Anonymous = "9": "Anonymous",
        Unknown = "10": "Unknown",
    }
);

code_set!(
    /// CIN census reason a children-in-need episode closed.
    ClosureReason {
        Adopted = "RC1": "Adopted",
        Died = "RC2": "Died",
        ChildArrangementsOrder = "RC3": "Child arrangements order",
        SpecialGuardianshipOrder = "RC4": "Special guardianship order",
        TransferredToAnotherAuthority = "RC5": "Transferred to services of another local authority",
        TransferredToAdultServices = "RC6": "Transferred to adult social care services",
        ServicesCeased = "RC7": "Services ceased for any other reason, including child no longer in need",
        NoFurtherActionAfterAssessment = "RC8": "Case closed after assessment, no further action",
        EarlyHelpAfterAssessment = "RC9": "Case closed after assessment, referred to early help",
    }
);

code_set!(
    /// CIN census `PrimaryNeedCode`: the main reason the child needs services,
    /// recorded on the episode once it is known.
    PrimaryNeed {
        AbuseOrNeglect = "N1": "Abuse or neglect",
        ChildsDisability = "N2": "Child's disability",
        ParentalDisabilityOrIllness = "N3": "Parental disability or illness",
        FamilyInAcuteStress = "N4": "Family in acute stress",
        FamilyDysfunction = "N5": "Family dysfunction",
        SociallyUnacceptableBehaviour = "N6": "Socially unacceptable behaviour",
        LowIncome = "N7": "Low income",
        AbsentParenting = "N8": "Absent parenting",
        NotInNeed = "N9": "Cases other than children in need",
        NotStated = "N0": "Not stated",
    }
);

code_set!(
    /// CIN census factors identified at assessment (`AssessmentFactors`).
    /// The descriptions here are short forms for screens; the census
    /// guidance has the full wording. `21` (no factors identified) is a
    /// code for assessments only, never a flag on a child.
    AssessmentFactor {
        AlcoholChild = "1A": "Alcohol misuse by the child",
        AlcoholParent = "1B": "Alcohol misuse by a parent or carer",
        AlcoholHousehold = "1C": "Alcohol misuse by another person in the household",
        DrugsChild = "2A": "Drug misuse by the child",
        DrugsParent = "2B": "Drug misuse by a parent or carer",
        DrugsHousehold = "2C": "Drug misuse by another person in the household",
        DomesticViolenceChild = "3A": "Domestic violence: the child is the subject",
        DomesticViolenceParent = "3B": "Domestic violence: a parent or carer is the subject",
        DomesticViolenceHousehold = "3C": "Domestic violence: another person in the household is the subject",
        MentalHealthChild = "4A": "Mental health of the child",
        MentalHealthParent = "4B": "Mental health of a parent or carer",
        MentalHealthHousehold = "4C": "Mental health of another person in the household",
        LearningDisabilityChild = "5A": "Learning disability of the child",
        LearningDisabilityParent = "5B": "Learning disability of a parent or carer",
        LearningDisabilityHousehold = "5C": "Learning disability of another person in the household",
        PhysicalDisabilityChild = "6A": "Physical disability or illness of the child",
        PhysicalDisabilityParent = "6B": "Physical disability or illness of a parent or carer",
        PhysicalDisabilityHousehold = "6C": "Physical disability or illness of another person in the household",
        YoungCarer = "7A": "Young carer",
        PrivateFosteringOverseasReturn = "8B": "Privately fostered: overseas child who intends to return",
        PrivateFosteringOverseasStay = "8C": "Privately fostered: overseas child who intends to stay",
        PrivateFosteringEducation = "8D": "Privately fostered: UK child in an educational placement",
        PrivateFosteringFamilyArrangement = "8E": "Privately fostered: UK child in an alternative family arrangement",
        PrivateFosteringOther = "8F": "Privately fostered: other",
        Uasc = "9A": "Unaccompanied asylum-seeking child",
        Missing = "10A": "Going or being missing",
        SexualExploitation = "11A": "Child sexual exploitation",
        Trafficking = "12A": "Trafficking",
        Gangs = "13A": "Gangs",
        SociallyUnacceptableBehaviour = "14A": "Socially unacceptable behaviour",
        SelfHarm = "15A": "Self-harm",
        Neglect = "16A": "Neglect",
        EmotionalAbuse = "17A": "Emotional abuse",
        PhysicalAbuseByChild = "18B": "Physical abuse by another child",
        PhysicalAbuseByAdult = "18C": "Physical abuse by an adult",
        SexualAbuseByChild = "19B": "Sexual abuse by another child",
        SexualAbuseByAdult = "19C": "Sexual abuse by an adult",
        Other = "20": "Other",
        NoFactors = "21": "No factors identified",
        Fgm = "22A": "Female genital mutilation",
        FaithOrBelief = "23A": "Abuse linked to faith or belief",
        CriminalExploitation = "24A": "Child criminal exploitation",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_json_as_census_codes() {
        for e in Ethnicity::ALL {
            let json = serde_json::to_string(e).unwrap();
            assert_eq!(json, format!("\"{}\"", e.code()));
            assert_eq!(serde_json::from_str::<Ethnicity>(&json).unwrap(), *e);
        }
        for s in ReferralSource::ALL {
            assert_eq!(ReferralSource::from_code(s.code()), Some(*s));
        }
        assert_eq!(Ethnicity::ALL.len(), 20);
        assert_eq!(Disability::ALL.len(), 13);
        assert_eq!(ReferralSource::ALL.len(), 22);
        assert_eq!(PrimaryNeed::ALL.len(), 10);
        // The 2025-26 census lists 42 assessment factor codes.
        assert_eq!(AssessmentFactor::ALL.len(), 42);
    }

    #[test]
    fn unknown_codes_are_refused_with_the_code_named() {
        let err = serde_json::from_str::<Sex>("\"X\"").unwrap_err().to_string();
        assert!(err.contains("\"X\""), "{err}");
    }
}
