//! Events about people: children, the adults around them, where they live,
//! how they are related, and which team and worker hold them.

use crate::codes::{Disability, Ethnicity, Sex};
use crate::ids::{FamilyId, PersonId, TeamId, UserId};
use crate::people::{Address, NhsNumber, PersonName, RelationshipKind, Upn};
use crate::validation::FieldErrors;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Unborn children are recorded from an expected date of delivery at most
/// about ten months ahead; anything further is a typing mistake.
const MAX_DAYS_BEFORE_EXPECTED_BIRTH: i64 = 310;

/// A child becomes known to the service (at a contact, a referral, a birth,
/// or on migration from another system).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildRecorded {
    pub person_id: PersonId,
    pub name: PersonName,
    /// Known for born children; for unborn children `expected_date_of_birth` instead.
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    pub ethnicity: Option<Ethnicity>,
    #[serde(default)]
    pub disabilities: Vec<Disability>,
    pub upn: Option<Upn>,
    pub nhs_number: Option<NhsNumber>,
    pub address: Option<Address>,
    /// The team that holds the child when recorded, if any.
    pub team_id: Option<TeamId>,
}

impl ChildRecorded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        validate_name(&mut errors, &self.name, "the child's");
        match (self.date_of_birth, self.expected_date_of_birth) {
            (None, None) => errors.add(
                "date_of_birth",
                "Enter the child's date of birth, or an expected date of birth if the child is unborn",
            ),
            (Some(_), Some(_)) => errors.add(
                "expected_date_of_birth",
                "Enter either a date of birth or an expected date of birth, not both",
            ),
            (Some(dob), None) => {
                if dob > today {
                    errors.add("date_of_birth", "Date of birth must be today or in the past");
                } else if dob < today - Duration::days(366 * 26) {
                    errors.add("date_of_birth", "Date of birth must be within the last 25 years: Hearth holds children and care leavers");
                }
            }
            (None, Some(edd)) => {
                if edd < today - Duration::days(31) {
                    errors.add("expected_date_of_birth", "Expected date of birth is more than a month ago: record the child's date of birth instead");
                } else if edd > today + Duration::days(MAX_DAYS_BEFORE_EXPECTED_BIRTH) {
                    errors.add("expected_date_of_birth", "Expected date of birth must be within the next 10 months");
                }
            }
        }
        if self.disabilities.contains(&Disability::None) && self.disabilities.len() > 1 {
            errors.add("disabilities", "Select 'No disability' or the child's disabilities, not both");
        }
        if let Some(a) = &self.address {
            validate_address(&mut errors, a);
        }
        errors.into_result()
    }

    pub fn is_unborn(&self) -> bool {
        self.date_of_birth.is_none() && self.expected_date_of_birth.is_some()
    }
}

/// An adult around a child: parent, carer, relative, household member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdultRecorded {
    pub person_id: PersonId,
    pub name: PersonName,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub address: Option<Address>,
}

impl AdultRecorded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        validate_name(&mut errors, &self.name, "the person's");
        if self.date_of_birth.is_some_and(|d| d > today) {
            errors.add("date_of_birth", "Date of birth must be today or in the past");
        }
        if let Some(a) = &self.address {
            validate_address(&mut errors, a);
        }
        errors.into_result()
    }
}

/// A change of recorded facts (a baby is born, a UPN is issued, a name
/// changes). Only the fields present change. A mistake is put right with a
/// `Correction` instead, so the record shows it was wrong.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonDetailsChanged {
    pub person_id: PersonId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<PersonName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<Ethnicity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabilities: Option<Vec<Disability>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn: Option<Upn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nhs_number: Option<NhsNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_death: Option<NaiveDate>,
}

impl PersonDetailsChanged {
    pub fn changed_fields(&self) -> Vec<&'static str> {
        let mut f = Vec::new();
        if self.name.is_some() { f.push("name"); }
        if self.date_of_birth.is_some() { f.push("date of birth"); }
        if self.sex.is_some() { f.push("sex"); }
        if self.ethnicity.is_some() { f.push("ethnicity"); }
        if self.disabilities.is_some() { f.push("disabilities"); }
        if self.upn.is_some() { f.push("UPN"); }
        if self.nhs_number.is_some() { f.push("NHS number"); }
        if self.date_of_death.is_some() { f.push("date of death"); }
        f
    }

    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.changed_fields().is_empty() {
            errors.add("person_id", "Change at least one detail");
        }
        if let Some(n) = &self.name {
            validate_name(&mut errors, n, "the person's");
        }
        if self.date_of_birth.is_some_and(|d| d > today) {
            errors.add("date_of_birth", "Date of birth must be today or in the past");
        }
        if self.date_of_death.is_some_and(|d| d > today) {
            errors.add("date_of_death", "Date of death must be today or in the past");
        }
        errors.into_result()
    }
}

/// Where a person lives from a date; it ends the previous address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddressRecorded {
    pub person_id: PersonId,
    pub address: Address,
    pub from: NaiveDate,
}

impl AddressRecorded {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        validate_address(&mut errors, &self.address);
        errors.into_result()
    }
}

/// "`related_id` is `person_id`'s <kind>", e.g. a child's mother.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationshipRecorded {
    pub person_id: PersonId,
    pub related_id: PersonId,
    pub kind: RelationshipKind,
    /// They share a household.
    pub lives_with: bool,
    /// Holds parental responsibility for the child.
    #[serde(default)]
    pub parental_responsibility: bool,
}

impl RelationshipRecorded {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.person_id == self.related_id {
            errors.add("related_id", "A person cannot be related to themselves");
        }
        errors.into_result()
    }
}

/// A family or household as the service works with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FamilyRecorded {
    pub family_id: FamilyId,
    pub label: String,
    pub members: Vec<PersonId>,
}

impl FamilyRecorded {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("label", &self.label, "a name for the family", 200);
        if self.members.is_empty() {
            errors.add("members", "Add at least one family member");
        }
        errors.into_result()
    }
}

/// A child is allocated to a team, and usually to a worker in it. A team
/// allocation with no worker is an unallocated case and shows as such.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildAllocated {
    pub child_id: PersonId,
    pub team_id: TeamId,
    pub worker_id: Option<UserId>,
    pub from: NaiveDate,
}

pub(crate) fn validate_name(errors: &mut FieldErrors, name: &PersonName, whose: &str) {
    errors.require_text("given_name", &name.given, &format!("{whose} first name"), 100);
    errors.require_text("family_name", &name.family, &format!("{whose} last name"), 100);
    if name.other.as_ref().is_some_and(|o| o.chars().count() > 200) {
        errors.add("other_names", "Other names must be 200 characters or fewer");
    }
}

pub(crate) fn validate_address(errors: &mut FieldErrors, a: &Address) {
    errors.require_text("address_line1", &a.line1, "the first line of the address", 200);
    errors.require_text("address_town", &a.town, "the town or city", 100);
    if !valid_postcode(&a.postcode) {
        errors.add("address_postcode", "Enter a full UK postcode, like AA1 1AA");
    }
}

/// A loose check of the UK postcode shape (outward code, space optional,
/// inward code of a digit and two letters).
pub fn valid_postcode(p: &str) -> bool {
    let compact: String = p.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let b = compact.as_bytes();
    if !(5..=7).contains(&b.len()) {
        return false;
    }
    let (outward, inward) = b.split_at(b.len() - 3);
    inward[0].is_ascii_digit()
        && inward[1].is_ascii_alphabetic()
        && inward[2].is_ascii_alphabetic()
        && outward[0].is_ascii_alphabetic()
        && outward.iter().all(u8::is_ascii_alphanumeric)
        && outward.iter().any(u8::is_ascii_digit)
}
