//! Children in care and care leavers, as the SSDA903 return records them:
//! episodes of care, looked-after reviews, missing spells, UASC status,
//! annual health outcomes (OC2), care leavers' contacts (OC3), adoption
//! milestones (AD1, PlacedAdoption), previous permanence and births to
//! looked-after young people.
//!
//! An episode is the 903's unit: a new one starts at every change of legal
//! status or placement, and the one before it ends with `X1` on the same
//! day. Each change is recorded as two events (the ending, then the start),
//! so every `DEC` and `REC` in the return is something a worker recorded.

use crate::care_codes::{
    AdopterLegalStatus, CareLeaverAccommodation, CareLeaverActivity, InTouch, LegalStatus, MissingKind, PlacementProvider, PlacementType,
    PreviousPermanenceKind, ReasonEpisodeCeased, ReasonNewEpisode, ReasonPlaceChange, ReasonPlacedCeased, ReviewParticipation, SdqReason,
    SexOfAdopters,
};
use crate::codes::PrimaryNeed;
use crate::ids::{CareEpisodeId, CareReviewId, MissingSpellId, PersonId};
use crate::validation::FieldErrors;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

fn not_future(errors: &mut FieldErrors, field: &str, date: NaiveDate, today: NaiveDate, what: &str) {
    if date > today {
        errors.add(field, format!("The date {what} must be today or in the past"));
    }
}

/// A postcode or its first half (`HT1 2AB`, `HT1`): the 903 keeps only the
/// first half, but what the worker has is usually the whole.
fn check_postcode(errors: &mut FieldErrors, field: &str, value: Option<&str>) {
    let Some(v) = value.map(str::trim) else { return };
    let ok = (2..=8).contains(&v.len())
        && v.starts_with(|c: char| c.is_ascii_alphabetic())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
    if !ok {
        errors.add(field, "Enter a postcode such as HT1 2AB, or its first half such as HT1");
    }
}

/// A new episode of care: the child starts to be looked after (`S`), or
/// their legal status or placement changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CareEpisodeStarted {
    pub episode_id: CareEpisodeId,
    pub child_id: PersonId,
    /// 903 `DECOM`.
    pub started_on: NaiveDate,
    pub reason_new_episode: ReasonNewEpisode,
    pub legal_status: LegalStatus,
    /// 903 `CIN`: N1-N8 (the census's N0 and N9 are not categories of need for a child in care).
    pub category_of_need: PrimaryNeed,
    pub placement_type: PlacementType,
    pub placement_provider: Option<PlacementProvider>,
    /// Where the child lived before, and where they are placed (903 `HOME_POST`, `PL_POST`).
    pub home_postcode: Option<String>,
    pub placement_postcode: Option<String>,
    /// The placement's Ofsted URN, or `XXXXXXX` when it has none.
    pub urn: Option<String>,
    /// Why the placement changed, when it did.
    pub reason_place_change: Option<ReasonPlaceChange>,
}

impl CareEpisodeStarted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "started_on", self.started_on, today, "the episode started");
        if matches!(self.category_of_need, PrimaryNeed::NotInNeed | PrimaryNeed::NotStated) {
            errors.add("category_of_need", "Choose a category of need from N1 to N8");
        }
        if self.reason_place_change.is_some() && !self.reason_new_episode.placement_changed() {
            errors.add("reason_place_change", "A reason for the change of placement is given only when the placement changed");
        }
        let with_parents = self.placement_type == PlacementType::PlacedWithParents;
        if self.placement_provider == Some(PlacementProvider::Parents) && !with_parents {
            errors.add("placement_provider", "Parents are the provider only of a placement with parents (P1)");
        }
        check_postcode(&mut errors, "home_postcode", self.home_postcode.as_deref());
        check_postcode(&mut errors, "placement_postcode", self.placement_postcode.as_deref());
        if let Some(urn) = self.urn.as_deref().map(str::trim)
            && !((6..=8).contains(&urn.len()) && urn.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            errors.add("urn", "Enter the placement's Ofsted URN, or XXXXXXX when it has none");
        }
        errors.into_result()
    }
}

/// An episode ends: the child stops being looked after, or (with `X1`) a
/// new episode carries their care on from the same day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CareEpisodeEnded {
    pub episode_id: CareEpisodeId,
    pub child_id: PersonId,
    /// 903 `DEC`.
    pub ended_on: NaiveDate,
    pub reason_ceased: ReasonEpisodeCeased,
}

impl CareEpisodeEnded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "ended_on", self.ended_on, today, "the episode ended");
        errors.into_result()
    }
}

/// A looked-after child's review, chaired by their independent reviewing officer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LookedAfterReviewHeld {
    pub review_id: CareReviewId,
    pub child_id: PersonId,
    pub held_on: NaiveDate,
    pub participation: ReviewParticipation,
    /// The IRO's last contact with the child before the review (Annex A).
    pub iro_contact_on: Option<NaiveDate>,
}

impl LookedAfterReviewHeld {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "held_on", self.held_on, today, "of the review");
        if let Some(contact) = self.iro_contact_on {
            not_future(&mut errors, "iro_contact_on", contact, today, "of the IRO's contact");
        }
        errors.into_result()
    }
}

/// A spell missing from, or away without authorisation from, a placement.
/// Recorded when it starts and again, with the same id, when the child is back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissingEpisodeRecorded {
    pub spell_id: MissingSpellId,
    pub child_id: PersonId,
    pub kind: MissingKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub return_interview_offered: Option<bool>,
    pub return_interview_accepted: Option<bool>,
}

impl MissingEpisodeRecorded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "started_on", self.started_on, today, "the child went missing");
        if let Some(ended) = self.ended_on {
            not_future(&mut errors, "ended_on", ended, today, "the child came back");
            if ended < self.started_on {
                errors.add("ended_on", "The child cannot come back before they went missing");
            }
        }
        if self.return_interview_accepted.is_some() && self.return_interview_offered != Some(true) {
            errors.add("return_interview_accepted", "Say whether a return interview was accepted only once one was offered");
        }
        if self.ended_on.is_none() && self.return_interview_offered.is_some() {
            errors.add("return_interview_offered", "A return interview is offered once the child is back: record the date they came back");
        }
        errors.into_result()
    }
}

/// The child is (or was) an unaccompanied asylum-seeking child.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UascStatusRecorded {
    pub child_id: PersonId,
    pub since: NaiveDate,
    /// 903 `DUC`: when they ceased to be one (usually their 18th birthday).
    pub ceased_on: Option<NaiveDate>,
}

impl UascStatusRecorded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "since", self.since, today, "the status began");
        if let Some(ceased) = self.ceased_on
            && ceased < self.since
        {
            errors.add("ceased_on", "The status cannot cease before it began");
        }
        errors.into_result()
    }
}

/// A looked-after child's health and wellbeing outcomes for the year to 31
/// March (903 OC2), for children looked after for 12 months or more.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HealthOutcomesRecorded {
    pub child_id: PersonId,
    /// The 31 March the year ends on.
    pub year_ending: NaiveDate,
    /// The strengths and difficulties questionnaire's total, 0-40.
    pub sdq_score: Option<u8>,
    pub sdq_reason: Option<SdqReason>,
    pub convicted: Option<bool>,
    pub health_check: Option<bool>,
    pub immunisations: Option<bool>,
    pub teeth_check: Option<bool>,
    pub health_assessment: Option<bool>,
    pub substance_misuse: Option<bool>,
    pub intervention_received: Option<bool>,
    pub intervention_offered: Option<bool>,
    pub last_health_assessment_on: Option<NaiveDate>,
    pub last_dental_check_on: Option<NaiveDate>,
}

impl HealthOutcomesRecorded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if (self.year_ending.month(), self.year_ending.day()) != (3, 31) {
            errors.add("year_ending", "Outcomes are for a year ending on 31 March");
        }
        not_future(&mut errors, "year_ending", self.year_ending, today, "the year ends");
        match (self.sdq_score, self.sdq_reason) {
            (Some(s), _) if s > 40 => errors.add("sdq_score", "A strengths and difficulties score is between 0 and 40"),
            (Some(_), Some(_)) => errors.add("sdq_reason", "Give a reason only when there is no strengths and difficulties score"),
            _ => {}
        }
        if self.substance_misuse != Some(true) && (self.intervention_received.is_some() || self.intervention_offered.is_some()) {
            errors.add(
                "intervention_received",
                "Interventions are recorded only for a child identified as having a substance misuse problem",
            );
        }
        for (field, date, what) in [
            ("last_health_assessment_on", self.last_health_assessment_on, "of the last health assessment"),
            ("last_dental_check_on", self.last_dental_check_on, "of the last dental check"),
        ] {
            if let Some(d) = date {
                not_future(&mut errors, field, d, today, what);
            }
        }
        errors.into_result()
    }
}

/// Contact with a care leaver around their birthday (903 OC3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CareLeaverContactRecorded {
    pub child_id: PersonId,
    pub contact_on: NaiveDate,
    pub in_touch: InTouch,
    pub activity: Option<CareLeaverActivity>,
    pub accommodation: Option<CareLeaverAccommodation>,
}

impl CareLeaverContactRecorded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "contact_on", self.contact_on, today, "of the contact");
        match self.in_touch {
            InTouch::Yes => {
                if self.activity.is_none() {
                    errors.add("activity", "Say what the young person is doing: they are in touch");
                }
                if self.accommodation.is_none() {
                    errors.add("accommodation", "Say where the young person lives: they are in touch");
                }
            }
            InTouch::Died if self.activity.is_some() || self.accommodation.is_some() => {
                errors.add("in_touch", "No activity or accommodation is recorded for a young person who has died");
            }
            _ => {}
        }
        errors.into_result()
    }
}

/// A step on a looked-after child's way to adoption (Annex A list 10, 903
/// AD1 and PlacedAdoption).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdoptionMilestone {
    /// The decision that the child should be placed for adoption (`DATE_INT`).
    Decision,
    PlacementOrder,
    /// Matched with prospective adopters (`DATE_MATCH`).
    Matched,
    /// Placed for adoption (`DATE_PLACED`).
    Placed,
    AdoptionOrder,
    /// The decision that adoption is no longer the plan (`DATE_PLACED_CEASED`).
    NoLongerPlan,
    /// Placed under fostering for adoption or concurrent planning.
    FfaOrConcurrent,
}

impl AdoptionMilestone {
    pub const ALL: &'static [AdoptionMilestone] = &[
        AdoptionMilestone::Decision,
        AdoptionMilestone::PlacementOrder,
        AdoptionMilestone::Matched,
        AdoptionMilestone::Placed,
        AdoptionMilestone::AdoptionOrder,
        AdoptionMilestone::NoLongerPlan,
        AdoptionMilestone::FfaOrConcurrent,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AdoptionMilestone::Decision => "decision that the child should be placed for adoption",
            AdoptionMilestone::PlacementOrder => "placement order made",
            AdoptionMilestone::Matched => "matched with prospective adopters",
            AdoptionMilestone::Placed => "placed for adoption",
            AdoptionMilestone::AdoptionOrder => "adoption order made",
            AdoptionMilestone::NoLongerPlan => "adoption is no longer the plan",
            AdoptionMilestone::FfaOrConcurrent => "fostering for adoption or concurrent planning placement",
        }
    }

    /// Matching and what follows it are when the adopters are known.
    fn knows_adopters(self) -> bool {
        matches!(self, AdoptionMilestone::Matched | AdoptionMilestone::Placed | AdoptionMilestone::AdoptionOrder)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdoptionMilestoneRecorded {
    pub child_id: PersonId,
    pub milestone: AdoptionMilestone,
    pub on: NaiveDate,
    /// Why adoption is no longer the plan; only for `NoLongerPlan`.
    pub reason: Option<ReasonPlacedCeased>,
    /// Adopted, or to be, by the child's foster carer(s) (903 `FOSTER_CARE`).
    pub by_foster_carer: Option<bool>,
    /// 1 or 2 (903 `NB_ADOPTR`).
    pub number_of_adopters: Option<u8>,
    pub sex_of_adopters: Option<SexOfAdopters>,
    pub legal_status_of_adopters: Option<AdopterLegalStatus>,
}

impl AdoptionMilestoneRecorded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "on", self.on, today, "of the milestone");
        match (self.milestone, self.reason) {
            (AdoptionMilestone::NoLongerPlan, None) => errors.add("reason", "Say why adoption is no longer the plan"),
            (AdoptionMilestone::NoLongerPlan, Some(_)) | (_, None) => {}
            (_, Some(_)) => errors.add("reason", "A reason is given only when adoption is no longer the plan"),
        }
        let adopters_given = self.by_foster_carer.is_some()
            || self.number_of_adopters.is_some()
            || self.sex_of_adopters.is_some()
            || self.legal_status_of_adopters.is_some();
        if adopters_given && !self.milestone.knows_adopters() {
            errors.add("number_of_adopters", "The adopters are recorded from the match onwards");
        }
        if let Some(n) = self.number_of_adopters {
            if !(1..=2).contains(&n) {
                errors.add("number_of_adopters", "There are one or two adopters");
            } else if let Some(sex) = self.sex_of_adopters
                && sex.adopters() != n
            {
                errors.add("sex_of_adopters", "The adopters' sex does not match how many adopters there are");
            }
        }
        if let (Some(n), Some(status)) = (self.number_of_adopters, self.legal_status_of_adopters)
            && (n == 1) != (status == AdopterLegalStatus::Single)
        {
            errors.add("legal_status_of_adopters", "A single adopter's legal status is L0, and a couple's is not");
        }
        errors.into_result()
    }
}

/// Permanence the child had before this period of care (903 PrevPerm).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviousPermanenceRecorded {
    pub child_id: PersonId,
    pub kind: PreviousPermanenceKind,
    /// The authority that made the order, when known, as the 903's
    /// `LA_PERM` records it: the DfE's three-digit number (`800`), or `WAL`,
    /// `SCO`, `NIR` or `NUK` for an order made in Wales, Scotland, Northern
    /// Ireland or outside the UK.
    pub la: Option<String>,
    /// `dd/mm/YYYY`, with `zz` for a day or month not known (the 903's `DATE_PERM`).
    pub date: Option<String>,
}

impl PreviousPermanenceRecorded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(la) = self.la.as_deref() {
            let ok = (la.len() == 3 && la.bytes().all(|b| b.is_ascii_digit())) || ["WAL", "SCO", "NIR", "NUK"].contains(&la);
            if !ok {
                errors.add("la", "Enter the authority's three-digit DfE number, such as 800, or WAL, SCO, NIR or NUK for an order made outside England");
            }
        }
        if let Some(date) = self.date.as_deref() {
            match partial_date(date) {
                None => errors.add("date", "Enter the date as dd/mm/yyyy, with zz for a day or month not known"),
                Some(Some(d)) if d > today => errors.add("date", "The date of the order must be today or in the past"),
                Some(_) => {}
            }
        }
        if self.kind == PreviousPermanenceKind::NoneOrNotKnown && (self.la.is_some() || self.date.is_some()) {
            errors.add("kind", "With no previous permanence known, give no authority or date");
        }
        errors.into_result()
    }
}

/// Reads `dd/mm/YYYY`, `zz/mm/YYYY` or `zz/zz/YYYY`: `None` when malformed,
/// `Some(None)` when well formed but partly unknown, `Some(Some(d))` when whole.
fn partial_date(text: &str) -> Option<Option<NaiveDate>> {
    let parts: Vec<&str> = text.trim().split('/').collect();
    let [day, month, year] = parts.as_slice() else { return None };
    let two = |s: &str| s.len() == 2 && (s.eq_ignore_ascii_case("zz") || s.bytes().all(|b| b.is_ascii_digit()));
    if !two(day) || !two(month) || year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = year.parse().ok()?;
    let number = |s: &str| if s.eq_ignore_ascii_case("zz") { None } else { s.parse::<u32>().ok() };
    match (number(day), number(month)) {
        (Some(d), Some(m)) => NaiveDate::from_ymd_opt(y, m, d).map(Some),
        // An unknown month with a known day says nothing usable.
        (Some(_), None) => None,
        (None, Some(m)) => (1..=12).contains(&m).then_some(None),
        (None, None) => Some(None),
    }
}

/// A looked-after young woman has a child (903 Header `MOTHER`, `MC_DOB`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildBornToLookedAfterYoungPerson {
    /// The looked-after young person (the mother).
    pub child_id: PersonId,
    pub born_on: NaiveDate,
}

impl ChildBornToLookedAfterYoungPerson {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(&mut errors, "born_on", self.born_on, today, "of birth");
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 5, 1);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn fields(r: Result<(), FieldErrors>) -> Vec<String> {
        match r {
            Ok(()) => vec![],
            Err(e) => e.0.into_iter().map(|f| f.field).collect(),
        }
    }

    fn episode() -> CareEpisodeStarted {
        CareEpisodeStarted {
            episode_id: CareEpisodeId::from_u128(1),
            child_id: PersonId::from_u128(2),
            started_on: d(2026, 2, 3),
            reason_new_episode: ReasonNewEpisode::Started,
            legal_status: LegalStatus::Section20,
            category_of_need: PrimaryNeed::AbuseOrNeglect,
            placement_type: PlacementType::FosterOther,
            placement_provider: Some(PlacementProvider::OwnProvision),
            home_postcode: Some("HT1 2AB".into()),
            placement_postcode: Some("HT4".into()),
            urn: Some("XXXXXXX".into()),
            reason_place_change: None,
        }
    }

    #[test]
    fn an_episode_start_checks_its_date_codes_postcodes_and_urn() {
        assert_eq!(fields(episode().validate(today())), Vec::<String>::new());
        let mut bad = episode();
        bad.started_on = d(2026, 5, 2);
        bad.category_of_need = PrimaryNeed::NotInNeed;
        bad.reason_place_change = Some(ReasonPlaceChange::CarePlan);
        bad.placement_provider = Some(PlacementProvider::Parents);
        bad.home_postcode = Some("12 AB".into());
        bad.placement_postcode = Some("HT1-2AB".into());
        bad.urn = Some("SC12".into());
        assert_eq!(
            fields(bad.validate(today())),
            ["started_on", "category_of_need", "reason_place_change", "placement_provider", "home_postcode", "placement_postcode", "urn"]
        );
        // A change of placement gives its reason; parents provide a placement with parents.
        let mut moved = episode();
        moved.reason_new_episode = ReasonNewEpisode::Placement;
        moved.reason_place_change = Some(ReasonPlaceChange::CarerRequestOther);
        moved.placement_type = PlacementType::PlacedWithParents;
        moved.placement_provider = Some(PlacementProvider::Parents);
        moved.urn = Some("SC123456".into());
        assert_eq!(fields(moved.validate(today())), Vec::<String>::new());
    }

    #[test]
    fn an_episode_cannot_end_in_the_future() {
        let mut end = CareEpisodeEnded {
            episode_id: CareEpisodeId::from_u128(1),
            child_id: PersonId::from_u128(2),
            ended_on: today(),
            reason_ceased: ReasonEpisodeCeased::ContinuesInNewEpisode,
        };
        assert!(end.validate(today()).is_ok());
        end.ended_on = d(2026, 5, 2);
        assert_eq!(fields(end.validate(today())), ["ended_on"]);
    }

    #[test]
    fn a_review_and_the_iros_contact_are_not_in_the_future() {
        let mut review = LookedAfterReviewHeld {
            review_id: CareReviewId::from_u128(3),
            child_id: PersonId::from_u128(2),
            held_on: d(2026, 4, 1),
            participation: ReviewParticipation::SpokeForThemselves,
            iro_contact_on: Some(d(2026, 3, 20)),
        };
        assert!(review.validate(today()).is_ok());
        review.held_on = d(2026, 6, 1);
        review.iro_contact_on = Some(d(2026, 6, 1));
        assert_eq!(fields(review.validate(today())), ["held_on", "iro_contact_on"]);
    }

    #[test]
    fn a_missing_spell_ends_after_it_starts_and_interviews_follow_the_return() {
        let mut spell = MissingEpisodeRecorded {
            spell_id: MissingSpellId::from_u128(4),
            child_id: PersonId::from_u128(2),
            kind: MissingKind::Missing,
            started_on: d(2026, 4, 10),
            ended_on: Some(d(2026, 4, 11)),
            return_interview_offered: Some(true),
            return_interview_accepted: Some(false),
        };
        assert!(spell.validate(today()).is_ok());
        spell.ended_on = Some(d(2026, 4, 9));
        spell.return_interview_offered = Some(false);
        assert_eq!(fields(spell.validate(today())), ["ended_on", "return_interview_accepted"]);
        let still_missing = MissingEpisodeRecorded { ended_on: None, return_interview_accepted: None, ..spell };
        assert_eq!(fields(still_missing.validate(today())), ["return_interview_offered"]);
    }

    #[test]
    fn uasc_status_ceases_after_it_began() {
        let mut s = UascStatusRecorded { child_id: PersonId::from_u128(2), since: d(2025, 9, 1), ceased_on: Some(d(2026, 2, 1)) };
        assert!(s.validate(today()).is_ok());
        s.ceased_on = Some(d(2025, 8, 1));
        s.since = d(2026, 6, 1);
        assert_eq!(fields(s.validate(today())), ["since", "ceased_on"]);
    }

    #[test]
    fn health_outcomes_are_for_a_year_to_31_march_with_a_score_or_a_reason() {
        let good = HealthOutcomesRecorded {
            child_id: PersonId::from_u128(2),
            year_ending: d(2026, 3, 31),
            sdq_score: Some(14),
            health_check: Some(true),
            substance_misuse: Some(true),
            intervention_received: Some(true),
            intervention_offered: Some(true),
            last_health_assessment_on: Some(d(2025, 11, 3)),
            ..Default::default()
        };
        assert!(good.validate(today()).is_ok());
        let bad = HealthOutcomesRecorded {
            year_ending: d(2026, 4, 30),
            sdq_score: Some(41),
            substance_misuse: Some(false),
            last_dental_check_on: Some(d(2026, 6, 1)),
            ..good.clone()
        };
        assert_eq!(fields(bad.validate(today())), ["year_ending", "sdq_score", "intervention_received", "last_dental_check_on"]);
        let both = HealthOutcomesRecorded { sdq_reason: Some(SdqReason::CarerRefused), ..good };
        assert_eq!(fields(both.validate(today())), ["sdq_reason"]);
    }

    #[test]
    fn a_care_leaver_in_touch_has_an_activity_and_accommodation() {
        let mut c = CareLeaverContactRecorded {
            child_id: PersonId::from_u128(2),
            contact_on: d(2026, 4, 2),
            in_touch: InTouch::Yes,
            activity: Some(CareLeaverActivity::OtherEducationFullTime),
            accommodation: Some(CareLeaverAccommodation::SemiIndependentSuitable),
        };
        assert!(c.validate(today()).is_ok());
        c.activity = None;
        c.accommodation = None;
        assert_eq!(fields(c.validate(today())), ["activity", "accommodation"]);
        c.in_touch = InTouch::Refused;
        assert!(c.validate(today()).is_ok());
        c.in_touch = InTouch::Died;
        c.activity = Some(CareLeaverActivity::NeetOther);
        assert_eq!(fields(c.validate(today())), ["in_touch"]);
    }

    #[test]
    fn adoption_milestones_keep_reasons_and_adopters_where_they_belong() {
        let matched = AdoptionMilestoneRecorded {
            child_id: PersonId::from_u128(2),
            milestone: AdoptionMilestone::Matched,
            on: d(2026, 1, 12),
            reason: None,
            by_foster_carer: Some(false),
            number_of_adopters: Some(2),
            sex_of_adopters: Some(SexOfAdopters::MixedCouple),
            legal_status_of_adopters: Some(AdopterLegalStatus::MarriedMixedSex),
        };
        assert!(matched.validate(today()).is_ok());
        let mismatched = AdoptionMilestoneRecorded {
            number_of_adopters: Some(1),
            legal_status_of_adopters: Some(AdopterLegalStatus::Unmarried),
            ..matched.clone()
        };
        assert_eq!(fields(mismatched.validate(today())), ["sex_of_adopters", "legal_status_of_adopters"]);
        let too_early =
            AdoptionMilestoneRecorded { milestone: AdoptionMilestone::Decision, reason: Some(ReasonPlacedCeased::Other), ..matched };
        assert_eq!(fields(too_early.validate(today())), ["reason", "number_of_adopters"]);
        let ceased = AdoptionMilestoneRecorded {
            child_id: PersonId::from_u128(2),
            milestone: AdoptionMilestone::NoLongerPlan,
            on: d(2026, 2, 1),
            reason: None,
            by_foster_carer: None,
            number_of_adopters: None,
            sex_of_adopters: None,
            legal_status_of_adopters: None,
        };
        assert_eq!(fields(ceased.validate(today())), ["reason"]);
        assert!(AdoptionMilestoneRecorded { reason: Some(ReasonPlacedCeased::NoAdopters), ..ceased }.validate(today()).is_ok());
    }

    #[test]
    fn previous_permanence_takes_partial_dates_and_dfe_authority_numbers() {
        let mut p = PreviousPermanenceRecorded {
            child_id: PersonId::from_u128(2),
            kind: PreviousPermanenceKind::SpecialGuardianship,
            la: Some("800".into()),
            date: Some("zz/06/2019".into()),
        };
        assert!(p.validate(today()).is_ok());
        for ok in ["14/06/2019", "zz/zz/2019", "ZZ/06/2019"] {
            p.date = Some(ok.into());
            assert!(p.validate(today()).is_ok(), "{ok}");
        }
        for bad in ["2019-06-14", "31/02/2019", "14/zz/2019", "1/6/2019", "14/06/2027"] {
            p.date = Some(bad.into());
            assert_eq!(fields(p.validate(today())), ["date"], "{bad}");
        }
        p.date = None;
        for ok in ["WAL", "NUK", "999"] {
            p.la = Some(ok.into());
            assert!(p.validate(today()).is_ok(), "{ok}");
        }
        for bad in ["Hearthshire", "E06000001", "80", "wal"] {
            p.la = Some(bad.into());
            assert_eq!(fields(p.validate(today())), ["la"], "{bad}");
        }
        let none =
            PreviousPermanenceRecorded { kind: PreviousPermanenceKind::NoneOrNotKnown, la: None, date: Some("zz/zz/2019".into()), ..p };
        assert_eq!(fields(none.validate(today())), ["kind"]);
    }

    #[test]
    fn a_birth_is_not_in_the_future() {
        let mut b = ChildBornToLookedAfterYoungPerson { child_id: PersonId::from_u128(2), born_on: today() };
        assert!(b.validate(today()).is_ok());
        b.born_on = d(2026, 5, 2);
        assert_eq!(fields(b.validate(today())), ["born_on"]);
    }
}
