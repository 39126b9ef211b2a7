//! The authority's history as Hearth knew it at one moment: every child's
//! identifiers, contacts, episodes, assessments, enquiries, plans, visits
//! and care, folded from the event log in sequence order.
//!
//! Every return is a view of this one model, so the CIN census, the 903,
//! Annex A and the DfE feed can never disagree about a child. It is built
//! from the log, not the projections, because returns must be reproducible
//! "as at" a past moment: `source::load` folds only the events recorded by
//! then, and a correction recorded later is simply not yet applied.
//!
//! Records are kept flat, keyed by their ids, and every handler is an
//! upsert: a correction carries the whole corrected payload, and applying
//! it again by id gives the corrected record. `episodes()` nests them.

pub mod care;
mod episodes;
mod fold;

pub use episodes::Episode;

use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::assessment::AssessmentOutcome;
use hearth_domain::child_protection::{AbuseCategory, ConferenceDecision, ConferenceKind, CpPlanEndReason, Section47Outcome, StrategyDecision};
use hearth_domain::codes::{AssessmentFactor, ClosureReason, Disability, Ethnicity, PrimaryNeed, ReferralSource, Sex};
use hearth_domain::ids::{
    AssessmentId, ConferenceId, ContactId, EarlyHelpEpisodeId, MeetingId, PersonId, PlanId, ProceedingsId, ReferralId, Section47Id,
    StrategyDiscussionId, TeamId, UserId,
};
use std::collections::BTreeMap;

/// The whole authority at one moment.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub children: BTreeMap<PersonId, ChildHistory>,
    pub teams: BTreeMap<TeamId, String>,
    pub staff: BTreeMap<UserId, StaffMember>,
    /// The last event folded in (0 when none).
    pub last_seq: i64,
    /// When the last folded event was recorded.
    pub last_recorded_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StaffMember {
    pub display_name: String,
    pub team_id: Option<TeamId>,
}

/// One child, with everything the returns need.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildHistory {
    pub person_id: PersonId,
    /// The Hearth reference (`H0004217`): the census `LAchildID`.
    pub la_child_id: String,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub date_of_death: Option<NaiveDate>,
    pub sex: Sex,
    pub ethnicity: Option<Ethnicity>,
    pub disabilities: Vec<Disability>,
    pub upn: Option<String>,
    pub postcode: Option<String>,
    /// Team and worker holdings, in the order recorded.
    pub allocations: Vec<Allocation>,
    pub contacts: Vec<ContactRecord>,
    pub early_help: Vec<EarlyHelpRecord>,
    pub referrals: Vec<ReferralRecord>,
    pub assessments: Vec<AssessmentRecord>,
    pub cin_plans: Vec<CinPlanRecord>,
    pub strategy_discussions: Vec<StrategyDiscussionRecord>,
    pub section47s: Vec<Section47Record>,
    pub conferences: Vec<ConferenceRecord>,
    pub cp_plans: Vec<CpPlanRecord>,
    pub visits: Vec<VisitRecord>,
    pub pre_proceedings: Vec<PreProceedingsRecord>,
    pub proceedings: Vec<ProceedingsRecord>,
    /// Children in care and care leavers (SSDA903).
    pub care: care::CareHistory,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Allocation {
    pub team_id: TeamId,
    pub worker_id: Option<UserId>,
    pub from: NaiveDate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContactRecord {
    pub contact_id: ContactId,
    pub received_on: NaiveDate,
    pub source: ReferralSource,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EarlyHelpRecord {
    pub episode_id: EarlyHelpEpisodeId,
    pub started_on: Option<NaiveDate>,
    pub organisation: String,
    pub assessment_started_on: Option<NaiveDate>,
    pub assessment_completed_on: Option<NaiveDate>,
    pub assessment_organisation: String,
    pub closed_on: Option<NaiveDate>,
}

/// A referral: one children-in-need episode (census `CINdetails`).
#[derive(Clone, Debug, PartialEq)]
pub struct ReferralRecord {
    pub referral_id: ReferralId,
    pub contact_id: Option<ContactId>,
    pub referral_date: NaiveDate,
    pub source: ReferralSource,
    pub primary_need: Option<PrimaryNeed>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReason>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentRecord {
    pub assessment_id: AssessmentId,
    pub referral_id: ReferralId,
    pub started_on: NaiveDate,
    /// Submitted for authorisation (the worker's completion date).
    pub completed_on: Option<NaiveDate>,
    /// The census `AssessmentAuthorisationDate`.
    pub authorised_on: Option<NaiveDate>,
    pub factors: Vec<AssessmentFactor>,
    pub outcome: Option<AssessmentOutcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CinPlanRecord {
    pub plan_id: PlanId,
    pub referral_id: ReferralId,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub reviews: Vec<(MeetingId, NaiveDate)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StrategyDiscussionRecord {
    pub discussion_id: StrategyDiscussionId,
    pub referral_id: Option<ReferralId>,
    pub held_on: Option<NaiveDate>,
    pub decision: Option<StrategyDecision>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section47Record {
    pub enquiry_id: Section47Id,
    pub discussion_id: StrategyDiscussionId,
    pub discussion_on: NaiveDate,
    pub started_on: NaiveDate,
    pub child_seen_on: Option<NaiveDate>,
    pub child_seen_alone: Option<bool>,
    pub outcome: Option<Section47Outcome>,
    pub completed_on: Option<NaiveDate>,
}

impl Section47Record {
    /// The census `ICPCnotRequired`: the enquiry ended without needing a conference.
    pub fn icpc_not_required(&self) -> bool {
        self.outcome.is_some_and(|o| o != Section47Outcome::SubstantiatedIcpcNeeded)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConferenceRecord {
    pub conference_id: ConferenceId,
    pub kind: ConferenceKind,
    pub enquiry_id: Option<Section47Id>,
    pub plan_id: Option<PlanId>,
    pub held_on: Option<NaiveDate>,
    pub decision: Option<ConferenceDecision>,
    pub category: Option<AbuseCategory>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CpPlanRecord {
    pub plan_id: PlanId,
    pub conference_id: ConferenceId,
    pub started_on: NaiveDate,
    pub initial_category: Option<AbuseCategory>,
    pub latest_category: Option<AbuseCategory>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<CpPlanEndReason>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VisitRecord {
    pub visit_id: MeetingId,
    pub visited_on: NaiveDate,
    pub seen: bool,
    pub seen_alone: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PreProceedingsRecord {
    pub pre_proceedings_id: ProceedingsId,
    pub started_on: NaiveDate,
    pub reviews: Vec<(MeetingId, NaiveDate)>,
    pub ended_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProceedingsRecord {
    pub proceedings_id: ProceedingsId,
    pub issued_on: NaiveDate,
    /// The order applied for, as its serialised name (e.g. `care_order`).
    pub application: String,
    pub concluded_on: Option<NaiveDate>,
}

impl ChildHistory {
    /// Age in whole years on a date (for unborn children, `None`).
    pub fn age_on(&self, on: NaiveDate) -> Option<i32> {
        let dob = self.date_of_birth?;
        if on < dob {
            return None;
        }
        let mut years = on.years_since(dob)? as i32;
        if years < 0 {
            years = 0;
        }
        Some(years)
    }

    /// The team and worker holding the child on a date.
    pub fn allocation_on(&self, on: NaiveDate) -> Option<&Allocation> {
        self.allocations.iter().filter(|a| a.from <= on).max_by_key(|a| a.from)
    }

    /// The children-in-need episodes, nested as the census nests them,
    /// oldest first.
    pub fn episodes(&self) -> Vec<Episode<'_>> {
        episodes::nest(self)
    }
}
