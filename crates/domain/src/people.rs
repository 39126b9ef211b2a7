//! People known to the service: children (including unborn children) and the
//! adults around them, with the identifiers the statutory returns use.
//!
//! Identifiers are new-types that can only be built valid, so a wrong NHS
//! number is refused where it is typed, not discovered at census time.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A person's name as recorded. Family name and given name are required;
/// other names (middle names, known-as) are optional.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    pub given: String,
    pub family: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
}

impl PersonName {
    pub fn full(&self) -> String {
        match &self.other {
            Some(other) if !other.trim().is_empty() => format!("{} {} {}", self.given, other, self.family),
            _ => format!("{} {}", self.given, self.family),
        }
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full())
    }
}

/// A 10-digit NHS number whose modulus-11 check digit is right.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Accepts spaces or hyphens as people write them (`943 476 5919`).
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentifierError::NhsNumberFormat);
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        if nhs_check_digit(&d[..9]) != Some(d[9]) {
            return Err(IdentifierError::NhsNumberCheckDigit);
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Shown as 3-3-4, the way the NHS prints it.
    pub fn formatted(&self) -> String {
        format!("{} {} {}", &self.0[0..3], &self.0[3..6], &self.0[6..10])
    }
}

/// The NHS modulus-11 check digit for the first nine digits, or `None` where
/// no valid number can be made from them (remainder 10).
pub fn nhs_check_digit(first_nine: &[u32]) -> Option<u32> {
    let sum: u32 = first_nine.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        c => Some(c),
    }
}

impl TryFrom<String> for NhsNumber {
    type Error = IdentifierError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<NhsNumber> for String {
    fn from(n: NhsNumber) -> String {
        n.0
    }
}

/// A Unique Pupil Number: 13 characters, a check letter first.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Upn(String);

/// Letters a UPN check character may take (I, O and S are never used).
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

impl Upn {
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let upn = input.trim().to_ascii_uppercase();
        let b = upn.as_bytes();
        let well_formed = b.len() == 13
            && UPN_LETTERS.contains(&b[0])
            && b[1..12].iter().all(u8::is_ascii_digit)
            && (b[12].is_ascii_digit() || UPN_LETTERS.contains(&b[12]));
        if !well_formed {
            return Err(IdentifierError::UpnFormat);
        }
        if upn_check_letter(&b[1..]) != Some(b[0]) {
            return Err(IdentifierError::UpnCheckLetter);
        }
        Ok(Self(upn))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The DfE check letter for the last twelve characters of a UPN: weights 2 to
/// 13, sum modulo 23. A letter in the last place (temporary UPNs) counts by
/// its position in the same 23-letter alphabet.
pub fn upn_check_letter(last_twelve: &[u8]) -> Option<u8> {
    if last_twelve.len() != 12 {
        return None;
    }
    let mut sum = 0u32;
    for (i, c) in last_twelve.iter().enumerate() {
        let value = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            UPN_LETTERS.iter().position(|l| l == c)? as u32
        };
        sum += value * (i as u32 + 2);
    }
    Some(UPN_LETTERS[(sum % 23) as usize])
}

impl TryFrom<String> for Upn {
    type Error = IdentifierError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Upn> for String {
    fn from(n: Upn) -> String {
        n.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdentifierError {
    #[error("Enter an NHS number that is 10 digits")]
    NhsNumberFormat,
    #[error("Enter a valid NHS number: the last digit does not match the others")]
    NhsNumberCheckDigit,
    #[error("Enter a UPN that is 13 characters: a letter, 11 digits, and a digit or letter")]
    UpnFormat,
    #[error("Enter a valid UPN: the check letter does not match")]
    UpnCheckLetter,
}

/// A postal address. The postcode is kept apart because services, maps and
/// the SSDA903 placement fields use it alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub town: String,
    pub postcode: String,
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.line1)?;
        if let Some(l2) = &self.line2 {
            write!(f, ", {l2}")?;
        }
        write!(f, ", {}, {}", self.town, self.postcode)
    }
}

/// How one person stands to another: "`related` is `person`'s <kind>".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    Mother,
    Father,
    StepParent,
    ParentsPartner,
    Carer,
    Grandparent,
    Sibling,
    HalfSibling,
    OtherRelative,
    HouseholdMember,
}

impl RelationshipKind {
    pub const ALL: &'static [RelationshipKind] = &[
        Self::Mother,
        Self::Father,
        Self::StepParent,
        Self::ParentsPartner,
        Self::Carer,
        Self::Grandparent,
        Self::Sibling,
        Self::HalfSibling,
        Self::OtherRelative,
        Self::HouseholdMember,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Mother => "Mother",
            Self::Father => "Father",
            Self::StepParent => "Step-parent",
            Self::ParentsPartner => "Parent's partner",
            Self::Carer => "Carer",
            Self::Grandparent => "Grandparent",
            Self::Sibling => "Sibling",
            Self::HalfSibling => "Half-sibling",
            Self::OtherRelative => "Other relative",
            Self::HouseholdMember => "Household member",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Mother => "mother",
            Self::Father => "father",
            Self::StepParent => "step_parent",
            Self::ParentsPartner => "parents_partner",
            Self::Carer => "carer",
            Self::Grandparent => "grandparent",
            Self::Sibling => "sibling",
            Self::HalfSibling => "half_sibling",
            Self::OtherRelative => "other_relative",
            Self::HouseholdMember => "household_member",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    /// Siblings and household members are so both ways; the store records
    /// the reverse link too, so each person's record shows it.
    pub fn is_symmetric(self) -> bool {
        matches!(self, Self::Sibling | Self::HalfSibling | Self::HouseholdMember)
    }
}

/// Age in whole years on a date, or `None` before birth.
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < date_of_birth {
        return None;
    }
    on.years_since(date_of_birth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_numbers_are_checked() {
        // 943 476 5919 is the NHS's published example of a valid number.
        assert_eq!(NhsNumber::parse("943 476 5919").unwrap().as_str(), "9434765919");
        assert_eq!(NhsNumber::parse("943-476-5919").unwrap().formatted(), "943 476 5919");
        assert_eq!(NhsNumber::parse("9434765918"), Err(IdentifierError::NhsNumberCheckDigit));
        assert_eq!(NhsNumber::parse("943476591"), Err(IdentifierError::NhsNumberFormat));
        assert_eq!(NhsNumber::parse("94347659AB"), Err(IdentifierError::NhsNumberFormat));
    }

    #[test]
    fn upns_are_checked() {
        let tail = b"999000100001";
        let check = upn_check_letter(tail).unwrap() as char;
        let upn = format!("{check}999000100001");
        assert_eq!(Upn::parse(&upn).unwrap().as_str(), upn);
        assert_eq!(Upn::parse(&upn.to_lowercase()).unwrap().as_str(), upn);
        let wrong = if check == 'A' { 'B' } else { 'A' };
        assert_eq!(Upn::parse(&format!("{wrong}999000100001")), Err(IdentifierError::UpnCheckLetter));
        assert_eq!(Upn::parse("A12"), Err(IdentifierError::UpnFormat));
        // Temporary UPNs end in a letter.
        let t = b"99900010000A";
        let upn = format!("{}99900010000A", upn_check_letter(t).unwrap() as char);
        assert!(Upn::parse(&upn).is_ok());
    }

    #[test]
    fn identifiers_refuse_bad_json() {
        assert!(serde_json::from_str::<NhsNumber>("\"1234567890\"").is_err());
        let ok: NhsNumber = serde_json::from_str("\"9434765919\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"9434765919\"");
    }

    #[test]
    fn ages_count_whole_years() {
        let dob = NaiveDate::from_ymd_opt(2010, 2, 28).unwrap();
        assert_eq!(age_on(dob, NaiveDate::from_ymd_opt(2020, 2, 27).unwrap()), Some(9));
        assert_eq!(age_on(dob, NaiveDate::from_ymd_opt(2020, 2, 28).unwrap()), Some(10));
        assert_eq!(age_on(dob, NaiveDate::from_ymd_opt(2009, 1, 1).unwrap()), None);
    }

    #[test]
    fn symmetric_relationships() {
        assert!(RelationshipKind::Sibling.is_symmetric());
        assert!(!RelationshipKind::Mother.is_symmetric());
        for k in RelationshipKind::ALL {
            assert_eq!(RelationshipKind::from_code(k.code()), Some(*k));
        }
    }
}
