//! The Ofsted Annex A template's column names and drop-down values.
//!
//! Header rows are the sample workbook's own spellings (`Age`, not `Age of
//! Child (Years)`, the curly quotes in list 8, the trailing space in list
//! 10), since inspectors' tools match the template's headers as written.
//! Drop-down values are written exactly as the template lists them (`a)
//! WBRI`, `g) 3A: Health services`); a code the template does not list
//! (the 2025-26 placement types, referral source `5D`) is written as its
//! bare code so nothing recorded is lost or turned into something else.
//! Source: `design/data/annex_a_columns.yaml`.

use hearth_domain::child_protection::AbuseCategory;
use hearth_domain::codes::{ClosureReason, Disability, Ethnicity, PrimaryNeed, ReferralSource, Sex};

/// List 1 (Contacts): the sample workbook's header row.
pub const LIST_1: &[&str] = &["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Contact", "Contact Source"];

/// List 2 (Early help): the sample workbook's header row.
pub const LIST_2: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Assessment start date",
    "Assessment completion date",
    "Organisation completing assessment",
];

/// List 3 (Referrals): the sample workbook's header row.
pub const LIST_3: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Date of Referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
    "Allocated Worker",
];

/// List 4 (Assessments): the sample workbook's header row.
pub const LIST_4: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Continuous Assessment Start Date",
    "Child Seen During Continuous Assessment",
    "Continuous Assessment Date of Authorisation",
    "Was the child assessed as requiring LA children's social care support?",
    "Allocated Team",
    "Allocated Worker",
];

/// List 5 (Section 47 enquiries and Initial Child Protection Conferences): the sample workbook's header row.
pub const LIST_5: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Number of Section 47 Enquiries in the last 12 months",
    "Number of ICPCs in the last 12 months",
    "Allocated Team",
    "Allocated Worker",
];

/// List 6 (Children in need): the sample workbook's header row.
pub const LIST_6: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "CIN Start Date",
    "Primary Need Code",
    "Date Child Was Last Seen",
    "CIN Closure Date",
    "Reason for Closure",
    "Case Status",
    "Allocated Team",
    "Allocated Worker",
];

/// List 7 (Child protection): the sample workbook's header row.
pub const LIST_7: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
];

/// List 8 (Children in care): the sample workbook's header row.
pub const LIST_8: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
    "Does the Child have a Disability",
    "Date Started to be Looked After",
    "Child's Category of Need",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Start date of current legal status",
    "Child's Legal Status",
    "Date of Latest Statutory Review",
    "Date of Last Social Work Visit",
    "What is the permanence plan for this child?",
    "Date of Last IRO Visit / Contact to the Child",
    "Date of Last Health Assessment",
    "Date of Last Dental Check",
    "Number of Placements in the Last 12 months",
    "Date Ceased to be Looked After",
    "Reason Ceased to be Looked After",
    "Start Date of Most Recent Placement",
    "Placement Type",
    "Placement Provider",
    "Placement postcode",
    "URN of Placement",
    "Placement Location",
    "LA of Placement",
    "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months",
    "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Allocated Team",
    "Allocated Worker",
];

/// List 9 (Care leavers): the sample workbook's header row.
pub const LIST_9: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Allocated Team",
    "Allocated Worker",
    "Eligibility Category",
    "LA in Touch",
    "Type of Accommodation",
    "Suitability of Accommodation",
    "Activity Status",
];

/// List 10 (Adoption (children with an adoption decision)): the sample workbook's header row.
pub const LIST_10: &[&str] = &[
    "Child Unique ID",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Date the Child Entered Care",
    "Date of Decision that Child Should be Placed for Adoption",
    "Date of Placement Order",
    "Date of Matching Child and Prospective Adopters",
    "Date Placed for Adoption",
    "Date of Adoption Order ",
    "Date of Decision that Child Should No Longer be Placed for Adoption",
    "Reason Why Child No Longer Placed for Adoption",
    "Date the child was placed for fostering in FFA or concurrent planning placement",
];

/// List 11 (Adopters): the sample workbook's header row.
pub const LIST_11: &[&str] = &[
    "Individual adopter identifier",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Disability",
    "Is the (prospective) adopter fostering for adoption?",
    "Date enquiry received",
    "Date Stage 1 started",
    "Date Stage 1 ended",
    "Date Stage 2 started",
    "Date Stage 2 ended",
    "Date application submitted",
    "Date application approved",
    "Date adopter matched with child(ren)",
    "Date child/children placed with adopter(s)",
    "No. of children placed",
    "Date of Adoption Order",
    "Date of leaving adoption process",
    "Reason for leaving adoption process",
];

pub const ETHNICITY: &[(&str, &str)] = &[
    ("WBRI", "a) WBRI"),
    ("WIRI", "b) WIRI"),
    ("WIRT", "c) WIRT"),
    ("WOTH", "d) WOTH"),
    ("WROM", "e) WROM"),
    ("MWBC", "f) MWBC"),
    ("MWBA", "g) MWBA"),
    ("MWAS", "h) MWAS"),
    ("MOTH", "i) MOTH"),
    ("AIND", "j) AIND"),
    ("APKN", "k) APKN"),
    ("ABAN", "l) ABAN"),
    ("AOTH", "m) AOTH"),
    ("BCRB", "n) BCRB"),
    ("BAFR", "o) BAFR"),
    ("BOTH", "p) BOTH"),
    ("CHNE", "q) CHNE"),
    ("OOTH", "r) OOTH"),
    ("REFU", "s) REFU"),
    ("NOBT", "s) NOBT"),
];

pub const SOURCE: &[(&str, &str)] = &[
    ("1A", "a) 1A: Individual"),
    ("1B", "b) 1B: Individual"),
    ("1C", "c) 1C: Individual"),
    ("1D", "d) 1D: Individual"),
    ("3C", "i) 3C: Health services"),
    ("2A", "e) 2A: Schools"),
    ("2B", "f) 2B: Education services"),
    ("3A", "g) 3A: Health services"),
    ("3B", "h) 3B: Health services"),
    ("3D", "j) 3D: Health services"),
    ("3E", "k) 3E: Health services"),
    ("3F", "l) 3F: Health services"),
    ("5B", "o) 5B: LA services"),
    ("5C", "p) 5C: LA services"),
    ("5A", "n) 5A: LA services"),
    ("4", "m) 4: Housing"),
    ("6", "q) 6: Police"),
    ("7", "r) 7: Other legal agency"),
    ("8", "s) 8: Other"),
    ("9", "t) 9: Anonymous"),
    ("10", "u) 10: Unknown"),
];

pub const PRIMARY_NEED: &[(&str, &str)] = &[
    ("N1", "N1 - Abuse or neglect"),
    ("N2", "N2 - Child's disability"),
    ("N3", "N3 - Parental disability or illness"),
    ("N4", "N4 - Family in acute stress"),
    ("N5", "N5 - Family dysfunction"),
    ("N6", "N6 - Socially unacceptable behaviour"),
    ("N7", "N7 - Low income"),
    ("N8", "N8 - Absent parenting"),
    ("N9", "N9 - Cases other than children in need"),
    ("N0", "N0 - Not stated"),
];

pub const CLOSURE_REASON: &[(&str, &str)] = &[
    ("RC1", "RC1 - Adopted"),
    ("RC2", "RC2 - Died"),
    ("RC3", "RC3 - Child arrangements order"),
    ("RC4", "RC4 - Special guardianship order"),
    ("RC5", "RC5 - Transferred to services of another local authority"),
    ("RC6", "RC6 - Transferred to adult social care services"),
    ("RC7", "RC7 - Services ceased for any other reason, including child no longer in need"),
    ("RC8", "RC8 - Case closed after assessment, no further action"),
];

pub const LEGAL_STATUS: &[(&str, &str)] = &[
    ("E1", "E1: Placement order"),
    ("C1", "C1: ICO"),
    ("C2", "C2: FCO"),
    ("D1", "D1: Freeing order"),
    ("V2", "V2: Single period under S20"),
    ("L1", "L1: Police protection LA accommodation"),
    ("L2", "L2: EPO"),
    ("L3", "L3: Child assessment order LA accommodation"),
    ("J1", "J1: Remanded to LA or youth detention"),
    ("J2", "J2: LA accommodation under PACE"),
    ("J3", "J3: Youth rehabilitation order"),
    ("V3", "V3: Short term breaks, episodes recorded"),
    ("V4", "V4: Short term breaks, agreements recorded"),
];

pub const REASON_CEASED: &[(&str, &str)] = &[
    ("E11", "a) E11: Adopted - application unopposed"),
    ("E12", "b) E12: Adopted - consent dispensed"),
    ("E15", "r) E15: Age assessment determined child was 18 or over"),
    ("E2", "c) E2: Died"),
    ("E3", "d) E3: Care taken by another LA"),
    ("E4B", "f) E4B: Returned home to live with parents or relatives - not part of planning"),
    ("E4A", "e) E4A: Returned home to live with parents or relatives - part of planning"),
    ("E13", "g) E13: Parents, relatives or other with no parental responsibility"),
    ("E41", "h) E41: Residence order granted"),
    ("E45", "i) E45: Special Guardianship Orders - former carer relative/friend"),
    ("E46", "j) E46: Special Guardianship Orders - former carer other"),
    ("E47", "k) E47: Special Guardianship Orders - relative/friend"),
    ("E48", "l) E48: Special Guardianship Orders - other"),
    ("E5", "m) E5: Moved into independent living - supported"),
    ("E6", "n) E6: Moved into independent living - no support"),
    ("E7", "o) E7: Transferred to residential care funded by adult social services"),
    ("E9", "p) E9: Sentenced to custody"),
    ("E14", "q) E14: Accommodation on remand ended"),
    ("E16", "s) E16: Child moved abroad"),
    ("E8", "t) E8: Care ceased for any other reason"),
    ("X1", "u) X1: CodeError"),
    ("E17", "v) E17: Aged 18+ and remained with current carers"),
];

pub const PLACEMENT_TYPE: &[(&str, &str)] = &[
    ("U3", "c) U3: Foster placement - relative - not FFA"),
    ("U6", "f) U6: Foster placement - not FFA"),
    ("U1", "a) U1: Foster placement - relatives - long term"),
    ("U4", "d) U4: Foster placement - long term"),
    ("U2", "b) U2: Foster placement - relative - FFA"),
    ("U5", "e) U5: Foster placement - FFA"),
    ("A3", "g) A3: Placed for adoption - consent - current foster"),
    ("A4", "h) A4: Placed for adoption - consent - not foster"),
    ("A6", "j) A6: Placed for adoption - order - not foster"),
    ("A5", "i) A5: Placed for adoption - order - foster"),
    ("P1", "k) P1: Placed with parents"),
    ("P2", "l) P2: Independent living"),
    ("P3", "m) P3: Residential employment"),
    ("H5", "n) H5: Residential accommodation"),
    ("K1", "o) K1: Secure Children's Homes"),
    ("K2", "p) K2: Children's Homes"),
    ("R1", "q) R1: Residential Care Home"),
    ("R2", "r) R2: NHS/Health Trust"),
    ("R3", "s) R3: Family Centre or Mother and Baby Unit"),
    ("R5", "t) R5: Young Offender Institution"),
    ("S1", "u) S1: Residential school"),
    ("Z1", "v) Z1: Other placements"),
    ("T1", "x) T1: Temporary placement - hospital"),
    ("T3", "z) T3: Temporary placement - carer holiday"),
    ("T2", "y) T2: Temporary placement - holiday"),
    ("T4", "zz) T4: Temporary placement - seven days or less"),
    ("T0", "w) T0: Temporary placement"),
];

pub const PLACEMENT_PROVIDER: &[(&str, &str)] = &[
    ("PR0", "a) PR0: Parents/Parental responsibility"),
    ("PR1", "b) PR1: Own provision"),
    ("PR2", "c) PR2: Other LA provision"),
    ("PR3", "d) PR3: Other public provision"),
    ("PR4", "e) PR4: Private provision"),
    ("PR5", "f) PR5: Voluntary/third sector"),
];

pub const ACCOMMODATION: &[(&str, &str)] = &[
    ("B", "B: Parents/relatives"),
    ("C", "C: Community home/residential care"),
    ("D", "D: Semi-independent, transitional accommodation and self-contained accommodation"),
    ("E", "E: Supported lodgings"),
    ("G", "G: Abroad"),
    ("H", "H: Deported"),
    ("K", "K: Ordinary lodgings, without formal support"),
    ("R", "R: Residence not known"),
    ("S", "S: No fixed adobe/homeless"),
    ("T", "T: Foyers and similar supported accommodation"),
    ("U", "U: Independent living"),
    ("V", "V: Emergency accommodation"),
    ("W", "W: Bed and breakfast"),
    ("X", "X: In custody"),
    ("Y", "Y: Other accommodation"),
    ("Z", "Z: With former foster carers"),
];

pub const ACTIVITY: &[(&str, &str)] = &[
    ("F1", "F1: Full time in higher education"),
    ("P1", "P1: Part time in higher education"),
    ("F2", "F2: Full time in education other than higher"),
    ("P2", "P2: Part time in education other than higher"),
    ("F3", "F3: Full time in training or employment"),
    ("P3", "P3: Part time in training or employment"),
    ("G4", "G4: Not in education, employment or training - illness or disability"),
    ("G5", "G5: Not in education, employment or training - other"),
    ("G6", "G6: Not in education, employment or training - pregnancy or parenting"),
];

pub const NO_LONGER_ADOPTION: &[(&str, &str)] = &[
    ("RD1", "RD1 - The child’s needs changed subsequent to the decision"),
    ("RD2", "RD2 - The Court did not make a placement order"),
    ("RD3", "RD3 - Prospective adopters could not be found"),
    ("RD4", "RD4 - Any other reason"),
];

pub const YES: &str = "a) Yes";
pub const NO: &str = "b) No";
pub const UNKNOWN: &str = "c) Unknown";

pub const CASE_LOOKED_AFTER: &str = "a) Looked after child";
pub const CASE_CHILD_PROTECTION: &str = "b) Child Protection plan";
pub const CASE_CHILD_IN_NEED: &str = "c) Child in need plan";
pub const CASE_OPEN_ASSESSMENT: &str = "d) Open assessment";
pub const CASE_CLOSED: &str = "e) Closed episode";

pub const RELEVANT_CHILD: &str = "a) Relevant child";
pub const FORMER_RELEVANT_CHILD: &str = "b) Former relevant child";
pub const QUALIFYING_CARE_LEAVER: &str = "c) Qualifying care leaver";

/// The template's label for a code, or the code itself when the template
/// has no entry for it.
pub fn label(table: &[(&str, &str)], code: &str) -> String {
    let code = code.trim();
    table.iter().find(|(c, _)| *c == code).map(|(_, l)| (*l).to_string()).unwrap_or_else(|| code.to_string())
}

pub fn yes_no(value: bool) -> &'static str {
    if value { YES } else { NO }
}

pub fn gender(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "a) Male",
        Sex::Female => "b) Female",
        Sex::Unknown => "c) Not stated/recorded",
    }
}

/// Ethnicity not yet recorded is written as the census's "not yet obtained".
pub fn ethnicity(ethnicity: Option<Ethnicity>) -> String {
    label(ETHNICITY, ethnicity.unwrap_or(Ethnicity::NotYetObtained).code())
}

/// "Does the child have a disability": unknown when nothing is recorded.
pub fn disability(disabilities: &[Disability]) -> &'static str {
    if disabilities.is_empty() { UNKNOWN } else { yes_no(disabilities.iter().any(|d| *d != Disability::None)) }
}

pub fn source(source: ReferralSource) -> String {
    label(SOURCE, source.code())
}

pub fn primary_need(need: Option<PrimaryNeed>) -> String {
    label(PRIMARY_NEED, need.unwrap_or(PrimaryNeed::NotStated).code())
}

/// RC9 is newer than the template's list; it is written with the census
/// description in the template's style.
pub fn closure_reason(reason: ClosureReason) -> String {
    if CLOSURE_REASON.iter().any(|(c, _)| *c == reason.code()) {
        label(CLOSURE_REASON, reason.code())
    } else {
        format!("{} - {}", reason.code(), reason.description())
    }
}

pub fn abuse_category(category: AbuseCategory) -> &'static str {
    match category {
        AbuseCategory::Neglect => "a) Neglect",
        AbuseCategory::Physical => "b) Physical abuse",
        AbuseCategory::Sexual => "c) Sexual abuse",
        AbuseCategory::Emotional => "d) Emotional abuse",
        AbuseCategory::Multiple => "e) Multiple/not recommended",
    }
}

/// The 903 `IN_TOUCH` code as the template's "LA in touch" value.
pub fn in_touch(code: &str) -> String {
    match code.trim().to_ascii_uppercase().as_str() {
        "YES" | "Y" => "a) Yes".to_string(),
        "NO" | "N" => "b) No".to_string(),
        "DIED" => "c) Died".to_string(),
        "REFU" => "d) Refu".to_string(),
        "NREQ" => "e) NREQ".to_string(),
        "RHOM" => "f) Rhom".to_string(),
        other => other.to_string(),
    }
}

/// The 903 `ACCOM` code (`D1`: semi-independent, suitable) split into the
/// template's type and suitability.
pub fn accommodation(code: &str) -> (String, Option<&'static str>) {
    let code = code.trim();
    let mut chars = code.chars();
    let Some(kind) = chars.next() else {
        return (String::new(), None);
    };
    let suitability = match chars.as_str() {
        "1" => Some("a) Suitable"),
        "2" => Some("b) Unsuitable"),
        _ => None,
    };
    (label(ACCOMMODATION, &kind.to_string()), suitability)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_become_the_template_drop_down_values() {
        assert_eq!(gender(Sex::Female), "b) Female");
        assert_eq!(ethnicity(Some(Ethnicity::WhiteBritish)), "a) WBRI");
        assert_eq!(ethnicity(None), "s) NOBT");
        assert_eq!(source(ReferralSource::Gp), "g) 3A: Health services");
        assert_eq!(source(ReferralSource::EarlyHelp), "5D");
        assert_eq!(primary_need(None), "N0 - Not stated");
        assert_eq!(
            closure_reason(ClosureReason::ServicesCeased),
            "RC7 - Services ceased for any other reason, including child no longer in need"
        );
        assert_eq!(closure_reason(ClosureReason::EarlyHelpAfterAssessment), "RC9 - Case closed after assessment, referred to early help");
        assert_eq!(label(LEGAL_STATUS, "C2"), "C2: FCO");
        assert_eq!(label(PLACEMENT_TYPE, "K3"), "K3");
        assert_eq!(label(REASON_CEASED, "E4A"), "e) E4A: Returned home to live with parents or relatives - part of planning");
        assert_eq!(
            accommodation("D1"),
            ("D: Semi-independent, transitional accommodation and self-contained accommodation".to_string(), Some("a) Suitable"))
        );
        assert_eq!(in_touch("NREQ"), "e) NREQ");
        assert_eq!(disability(&[]), UNKNOWN);
        assert_eq!(disability(&[Disability::None]), NO);
        assert_eq!(disability(&[Disability::Autism]), YES);
    }

    #[test]
    fn every_list_has_the_template_column_count() {
        let counts: Vec<usize> =
            [LIST_1, LIST_2, LIST_3, LIST_4, LIST_5, LIST_6, LIST_7, LIST_8, LIST_9, LIST_10, LIST_11].iter().map(|l| l.len()).collect();
        assert_eq!(counts, vec![7, 8, 11, 12, 14, 14, 17, 34, 13, 16, 19]);
    }
}
