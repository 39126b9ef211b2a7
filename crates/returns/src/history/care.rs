//! Children in care and care leavers, as the SSDA903 return, Annex A
//! lists 8-10 and the DfE feed need them. Codes are kept as their 903
//! codes (`C2`, `U1`, `E11`), since every consumer of this model writes
//! them out as codes.
//!
//! The care events fold in here: `History::apply` hands over every event
//! it does not handle itself, and `child_of` says which child such an
//! event is about.

use chrono::NaiveDate;
use hearth_domain::events::{AdoptionMilestone, EventPayload};
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
    /// Decision that the child should be placed for adoption: the 903's
    /// `DATE_INT` (AD1) and `DATE_PLACED` (PlacedAdoption), which despite
    /// its name is this decision's date.
    pub decision_on: Option<NaiveDate>,
    pub placement_order_on: Option<NaiveDate>,
    /// Matched with prospective adopters (`DATE_MATCH`).
    pub matched_on: Option<NaiveDate>,
    /// Placed with the prospective adopters (Annex A list 10, the DfE feed).
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
    /// `LA_PERM`: the DfE three-digit number of the authority that made it
    /// (or WAL, SCO, NIR, NUK), when known.
    pub la: Option<String>,
    /// `DATE_PERM`, as the 903 allows it: `dd/mm/YYYY`, or with unknown parts as `zz`.
    pub date: Option<String>,
}

impl CareHistory {
    /// Folds one care event in. Every care event type is handled here, and
    /// each is an upsert (by its id, or by what identifies it in the 903:
    /// the year of an OC2 row, the day of an OC3 contact), so a correction
    /// applied again replaces the record it corrects.
    pub fn apply(&mut self, payload: &EventPayload) {
        use EventPayload as E;
        match payload {
            E::Correction(c) => self.apply(&c.replacement),
            E::CareEpisodeStarted(e) => {
                let id = e.episode_id.to_string();
                let previous = self.episodes.iter().find(|x| x.episode_id == id);
                let record = CareEpisode {
                    episode_id: id.clone(),
                    started_on: e.started_on,
                    reason_new_episode: e.reason_new_episode.code().to_string(),
                    legal_status: e.legal_status.code().to_string(),
                    category_of_need: e.category_of_need.code().to_string(),
                    placement_type: e.placement_type.code().to_string(),
                    placement_provider: e.placement_provider.map(|p| p.code().to_string()),
                    home_postcode: e.home_postcode.as_deref().map(first_half),
                    placement_postcode: e.placement_postcode.as_deref().map(first_half),
                    urn: e.urn.as_ref().map(|u| u.trim().to_ascii_uppercase()),
                    ended_on: previous.and_then(|x| x.ended_on),
                    reason_ceased: previous.and_then(|x| x.reason_ceased.clone()),
                    reason_place_change: e.reason_place_change.map(|r| r.code().to_string()),
                };
                upsert(&mut self.episodes, |x| x.episode_id == id, record);
                // Oldest first; episodes starting the same day keep the order recorded.
                self.episodes.sort_by_key(|x| x.started_on);
            }
            E::CareEpisodeEnded(e) => {
                let id = e.episode_id.to_string();
                if let Some(x) = self.episodes.iter_mut().find(|x| x.episode_id == id) {
                    x.ended_on = Some(e.ended_on);
                    x.reason_ceased = Some(e.reason_ceased.code().to_string());
                }
            }
            E::LookedAfterReviewHeld(r) => {
                let id = r.review_id.to_string();
                let record = CareReview {
                    review_id: id.clone(),
                    held_on: r.held_on,
                    participation: r.participation.code().to_string(),
                    iro_contact_on: r.iro_contact_on,
                };
                upsert(&mut self.reviews, |x| x.review_id == id, record);
                self.reviews.sort_by_key(|x| x.held_on);
            }
            E::MissingEpisodeRecorded(m) => {
                let id = m.spell_id.to_string();
                let record = MissingSpell {
                    spell_id: id.clone(),
                    kind: m.kind.code().to_string(),
                    started_on: m.started_on,
                    ended_on: m.ended_on,
                    return_interview_offered: m.return_interview_offered,
                    return_interview_accepted: m.return_interview_accepted,
                };
                upsert(&mut self.missing, |x| x.spell_id == id, record);
                self.missing.sort_by_key(|x| x.started_on);
            }
            E::UascStatusRecorded(u) => self.uasc = Some(UascStatus { since: u.since, ceased_on: u.ceased_on }),
            E::HealthOutcomesRecorded(h) => {
                let record = HealthOutcome {
                    year_ending: h.year_ending,
                    sdq_score: h.sdq_score,
                    sdq_reason: h.sdq_reason.map(|r| r.code().to_string()),
                    convicted: h.convicted,
                    health_check: h.health_check,
                    immunisations: h.immunisations,
                    teeth_check: h.teeth_check,
                    health_assessment: h.health_assessment,
                    substance_misuse: h.substance_misuse,
                    intervention_received: h.intervention_received,
                    intervention_offered: h.intervention_offered,
                    last_health_assessment_on: h.last_health_assessment_on,
                    last_dental_check_on: h.last_dental_check_on,
                };
                upsert(&mut self.health, |x| x.year_ending == h.year_ending, record);
                self.health.sort_by_key(|x| x.year_ending);
            }
            E::CareLeaverContactRecorded(c) => {
                let record = CareLeaverContact {
                    contact_on: c.contact_on,
                    in_touch: c.in_touch.code().to_string(),
                    activity: c.activity.map(|a| a.code().to_string()),
                    accommodation: c.accommodation.map(|a| a.code().to_string()),
                };
                upsert(&mut self.care_leaver_contacts, |x| x.contact_on == c.contact_on, record);
                self.care_leaver_contacts.sort_by_key(|x| x.contact_on);
            }
            E::AdoptionMilestoneRecorded(a) => {
                let record = self.adoption.get_or_insert_with(AdoptionRecord::default);
                let on = Some(a.on);
                match a.milestone {
                    AdoptionMilestone::Decision => record.decision_on = on,
                    AdoptionMilestone::PlacementOrder => record.placement_order_on = on,
                    AdoptionMilestone::Matched => record.matched_on = on,
                    AdoptionMilestone::Placed => record.placed_on = on,
                    AdoptionMilestone::AdoptionOrder => record.adoption_order_on = on,
                    AdoptionMilestone::NoLongerPlan => {
                        record.no_longer_plan_on = on;
                        record.no_longer_plan_reason = a.reason.map(|r| r.code().to_string());
                    }
                    AdoptionMilestone::FfaOrConcurrent => record.ffa_or_concurrent_on = on,
                }
                // The adopters, once known, stay known: a later milestone that
                // does not repeat them does not erase them.
                if let Some(f) = a.by_foster_carer {
                    record.by_foster_carer = Some(f);
                }
                if let Some(n) = a.number_of_adopters {
                    record.number_of_adopters = Some(n.to_string());
                }
                if let Some(s) = a.sex_of_adopters {
                    record.sex_of_adopters = Some(s.code().to_string());
                }
                if let Some(l) = a.legal_status_of_adopters {
                    record.legal_status_of_adopters = Some(l.code().to_string());
                }
            }
            E::PreviousPermanenceRecorded(p) => {
                self.previous_permanence = Some(PreviousPermanence {
                    kind: p.kind.code().to_string(),
                    la: p.la.as_ref().map(|l| l.trim().to_string()),
                    date: p.date.as_ref().map(|d| d.trim().to_ascii_lowercase()),
                })
            }
            E::ChildBornToLookedAfterYoungPerson(b) if !self.children_born.contains(&b.born_on) => {
                self.children_born.push(b.born_on);
                self.children_born.sort();
            }
            _ => {}
        }
    }

    /// Whether the child was looked after on a day.
    pub fn looked_after_on(&self, day: NaiveDate) -> bool {
        self.episodes.iter().any(|e| e.started_on <= day && e.ended_on.is_none_or(|d| d > day))
    }
}

/// The child a care event is about; `None` for events that are not care events.
pub fn child_of(payload: &EventPayload) -> Option<PersonId> {
    use EventPayload as E;
    match payload {
        E::Correction(c) => child_of(&c.replacement),
        E::CareEpisodeStarted(e) => Some(e.child_id),
        E::CareEpisodeEnded(e) => Some(e.child_id),
        E::LookedAfterReviewHeld(e) => Some(e.child_id),
        E::MissingEpisodeRecorded(e) => Some(e.child_id),
        E::UascStatusRecorded(e) => Some(e.child_id),
        E::HealthOutcomesRecorded(e) => Some(e.child_id),
        E::CareLeaverContactRecorded(e) => Some(e.child_id),
        E::AdoptionMilestoneRecorded(e) => Some(e.child_id),
        E::PreviousPermanenceRecorded(e) => Some(e.child_id),
        E::ChildBornToLookedAfterYoungPerson(e) => Some(e.child_id),
        _ => None,
    }
}

/// The first half of a postcode (`HT1 2AB` gives `HT1`), as the 903 keeps it.
/// A postcode written without its space is split before its last three characters.
fn first_half(postcode: &str) -> String {
    let p = postcode.trim().to_ascii_uppercase();
    match p.split_once(' ') {
        Some((head, _)) => head.to_string(),
        None if p.len() >= 5 => p[..p.len() - 3].to_string(),
        None => p,
    }
}

fn upsert<T>(records: &mut Vec<T>, matches: impl Fn(&T) -> bool, record: T) {
    match records.iter_mut().find(|r| matches(r)) {
        Some(existing) => *existing = record,
        None => records.push(record),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use hearth_domain::care_codes::*;
    use hearth_domain::codes::PrimaryNeed;
    use hearth_domain::events::*;
    use hearth_domain::ids::{CareEpisodeId, CareReviewId, EventId, MissingSpellId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child() -> PersonId {
        PersonId::from_u128(7)
    }

    fn start(id: u128, on: NaiveDate, rne: ReasonNewEpisode, ls: LegalStatus, place: PlacementType) -> EventPayload {
        EventPayload::CareEpisodeStarted(CareEpisodeStarted {
            episode_id: CareEpisodeId::from_u128(id),
            child_id: child(),
            started_on: on,
            reason_new_episode: rne,
            legal_status: ls,
            category_of_need: PrimaryNeed::AbuseOrNeglect,
            placement_type: place,
            placement_provider: Some(PlacementProvider::OwnProvision),
            home_postcode: Some("ht1 2ab".into()),
            placement_postcode: Some("HT45XY".into()),
            urn: None,
            reason_place_change: None,
        })
    }

    fn end(id: u128, on: NaiveDate, rec: ReasonEpisodeCeased) -> EventPayload {
        EventPayload::CareEpisodeEnded(CareEpisodeEnded {
            episode_id: CareEpisodeId::from_u128(id),
            child_id: child(),
            ended_on: on,
            reason_ceased: rec,
        })
    }

    fn correction(replacement: EventPayload) -> EventPayload {
        EventPayload::Correction(Correction {
            corrects: EventId::from_u128(1),
            reason: "Wrong date".into(),
            replacement: Box::new(replacement),
        })
    }

    #[test]
    fn episodes_fold_with_codes_and_a_correction_replaces_in_place() {
        let mut care = CareHistory::default();
        care.apply(&start(1, d(2025, 6, 2), ReasonNewEpisode::Started, LegalStatus::InterimCareOrder, PlacementType::FosterOther));
        care.apply(&end(1, d(2025, 12, 1), ReasonEpisodeCeased::ContinuesInNewEpisode));
        care.apply(&start(2, d(2025, 12, 1), ReasonNewEpisode::LegalStatus, LegalStatus::FullCareOrder, PlacementType::FosterOther));
        assert_eq!(care.episodes.len(), 2);
        let first = &care.episodes[0];
        assert_eq!(
            (
                first.legal_status.as_str(),
                first.reason_new_episode.as_str(),
                first.placement_type.as_str(),
                first.category_of_need.as_str()
            ),
            ("C1", "S", "U6", "N1")
        );
        assert_eq!((first.ended_on, first.reason_ceased.as_deref()), (Some(d(2025, 12, 1)), Some("X1")));
        assert_eq!((first.home_postcode.as_deref(), first.placement_postcode.as_deref()), (Some("HT1"), Some("HT4")));
        assert_eq!(care.episodes[1].ended_on, None);
        assert!(care.looked_after_on(d(2026, 1, 1)));
        assert!(!care.looked_after_on(d(2025, 6, 1)));

        // The start date corrected: the same episode, its ending kept.
        care.apply(&correction(start(
            1,
            d(2025, 5, 30),
            ReasonNewEpisode::Started,
            LegalStatus::InterimCareOrder,
            PlacementType::FosterOther,
        )));
        assert_eq!(care.episodes.len(), 2);
        assert_eq!(care.episodes[0].started_on, d(2025, 5, 30));
        assert_eq!(care.episodes[0].reason_ceased.as_deref(), Some("X1"));
        // The ending corrected, by id.
        care.apply(&correction(end(2, d(2026, 2, 2), ReasonEpisodeCeased::ReturnedHomePlanned)));
        care.apply(&correction(end(2, d(2026, 2, 3), ReasonEpisodeCeased::SgoRelative)));
        assert_eq!((care.episodes[1].ended_on, care.episodes[1].reason_ceased.as_deref()), (Some(d(2026, 2, 3)), Some("E47")));
        assert!(!care.looked_after_on(d(2026, 2, 3)));
        // Ending an episode never started changes nothing.
        care.apply(&end(9, d(2026, 2, 3), ReasonEpisodeCeased::Died));
        assert_eq!(care.episodes.len(), 2);
    }

    #[test]
    fn reviews_missing_spells_and_outcomes_are_upserted_by_what_identifies_them() {
        let mut care = CareHistory::default();
        let review = |on| {
            EventPayload::LookedAfterReviewHeld(LookedAfterReviewHeld {
                review_id: CareReviewId::from_u128(3),
                child_id: child(),
                held_on: on,
                participation: ReviewParticipation::SpokeForThemselves,
                iro_contact_on: None,
            })
        };
        care.apply(&review(d(2025, 7, 1)));
        care.apply(&correction(review(d(2025, 7, 2))));
        assert_eq!(care.reviews.iter().map(|r| (r.held_on, r.participation.as_str())).collect::<Vec<_>>(), vec![(d(2025, 7, 2), "PN1")]);

        let spell = |ended: Option<NaiveDate>| {
            EventPayload::MissingEpisodeRecorded(MissingEpisodeRecorded {
                spell_id: MissingSpellId::from_u128(4),
                child_id: child(),
                kind: MissingKind::Away,
                started_on: d(2025, 8, 1),
                ended_on: ended,
                return_interview_offered: ended.map(|_| true),
                return_interview_accepted: None,
            })
        };
        care.apply(&spell(None));
        care.apply(&spell(Some(d(2025, 8, 2))));
        assert_eq!(care.missing.len(), 1);
        assert_eq!((care.missing[0].kind.as_str(), care.missing[0].ended_on), ("A", Some(d(2025, 8, 2))));

        let outcomes = |score| {
            EventPayload::HealthOutcomesRecorded(HealthOutcomesRecorded {
                child_id: child(),
                year_ending: d(2026, 3, 31),
                sdq_score: score,
                sdq_reason: score.is_none().then_some(SdqReason::CarerRefused),
                ..Default::default()
            })
        };
        care.apply(&outcomes(Some(12)));
        care.apply(&outcomes(None));
        assert_eq!(care.health.len(), 1);
        assert_eq!((care.health[0].sdq_score, care.health[0].sdq_reason.as_deref()), (None, Some("SDQ2")));

        let contact = |in_touch| {
            EventPayload::CareLeaverContactRecorded(CareLeaverContactRecorded {
                child_id: child(),
                contact_on: d(2026, 4, 2),
                in_touch,
                activity: None,
                accommodation: None,
            })
        };
        care.apply(&contact(InTouch::No));
        care.apply(&contact(InTouch::Refused));
        assert_eq!(care.care_leaver_contacts.iter().map(|c| c.in_touch.as_str()).collect::<Vec<_>>(), ["REFU"]);
    }

    #[test]
    fn adoption_uasc_permanence_and_births_fold_into_their_records() {
        let mut care = CareHistory::default();
        let milestone = |m, on, reason| AdoptionMilestoneRecorded {
            child_id: child(),
            milestone: m,
            on,
            reason,
            by_foster_carer: None,
            number_of_adopters: None,
            sex_of_adopters: None,
            legal_status_of_adopters: None,
        };
        care.apply(&EventPayload::AdoptionMilestoneRecorded(milestone(AdoptionMilestone::Decision, d(2025, 5, 1), None)));
        care.apply(&EventPayload::AdoptionMilestoneRecorded(AdoptionMilestoneRecorded {
            by_foster_carer: Some(false),
            number_of_adopters: Some(2),
            sex_of_adopters: Some(SexOfAdopters::FemaleCouple),
            legal_status_of_adopters: Some(AdopterLegalStatus::MarriedSameSex),
            ..milestone(AdoptionMilestone::Matched, d(2025, 9, 1), None)
        }));
        care.apply(&EventPayload::AdoptionMilestoneRecorded(milestone(AdoptionMilestone::Placed, d(2025, 9, 20), None)));
        let a = care.adoption.clone().unwrap();
        assert_eq!((a.decision_on, a.matched_on, a.placed_on), (Some(d(2025, 5, 1)), Some(d(2025, 9, 1)), Some(d(2025, 9, 20))));
        assert_eq!(
            (a.number_of_adopters.as_deref(), a.sex_of_adopters.as_deref(), a.legal_status_of_adopters.as_deref(), a.by_foster_carer),
            (Some("2"), Some("FF"), Some("L12"), Some(false))
        );
        care.apply(&EventPayload::AdoptionMilestoneRecorded(milestone(
            AdoptionMilestone::NoLongerPlan,
            d(2025, 11, 1),
            Some(ReasonPlacedCeased::NeedsChanged),
        )));
        let a = care.adoption.clone().unwrap();
        assert_eq!((a.no_longer_plan_on, a.no_longer_plan_reason.as_deref()), (Some(d(2025, 11, 1)), Some("RD1")));

        care.apply(&EventPayload::UascStatusRecorded(UascStatusRecorded { child_id: child(), since: d(2025, 4, 1), ceased_on: None }));
        care.apply(&EventPayload::UascStatusRecorded(UascStatusRecorded {
            child_id: child(),
            since: d(2025, 4, 1),
            ceased_on: Some(d(2026, 1, 9)),
        }));
        assert_eq!(care.uasc, Some(UascStatus { since: d(2025, 4, 1), ceased_on: Some(d(2026, 1, 9)) }));

        care.apply(&EventPayload::PreviousPermanenceRecorded(PreviousPermanenceRecorded {
            child_id: child(),
            kind: PreviousPermanenceKind::SpecialGuardianship,
            la: Some("800".into()),
            date: Some("ZZ/06/2019".into()),
        }));
        assert_eq!(
            care.previous_permanence,
            Some(PreviousPermanence { kind: "P2".into(), la: Some("800".into()), date: Some("zz/06/2019".into()) })
        );

        for on in [d(2026, 2, 1), d(2026, 2, 1), d(2025, 3, 1)] {
            care.apply(&EventPayload::ChildBornToLookedAfterYoungPerson(ChildBornToLookedAfterYoungPerson {
                child_id: child(),
                born_on: on,
            }));
        }
        assert_eq!(care.children_born, vec![d(2025, 3, 1), d(2026, 2, 1)]);
    }

    #[test]
    fn only_care_events_name_a_child_here() {
        assert_eq!(child_of(&end(1, d(2025, 1, 1), ReasonEpisodeCeased::Died)), Some(child()));
        assert_eq!(child_of(&correction(end(1, d(2025, 1, 1), ReasonEpisodeCeased::Died))), Some(child()));
        let other = EventPayload::ReferralClosed(ReferralClosed {
            referral_id: hearth_domain::ids::ReferralId::from_u128(1),
            child_id: child(),
            closed_on: d(2025, 1, 1),
            reason: hearth_domain::codes::ClosureReason::ServicesCeased,
        });
        assert_eq!(child_of(&other), None);
        assert_eq!(first_half("ht12ab"), "HT1");
        assert_eq!(first_half("HT10 2AB"), "HT10");
        assert_eq!(first_half("HT1"), "HT1");
    }
}
