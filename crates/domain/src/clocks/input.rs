//! What the engine reads: one child's relevant history as plain dated facts.
//!
//! The events that will record assessments, strategy discussions, section 47
//! enquiries, conferences, plans, visits and proceedings do not exist yet.
//! When they do, a projection maps them into these facts and the engine is
//! unchanged. Each fact carries a [`FactId`] (the event id as text, for
//! instance) so a due item can point back at what it was counted from and
//! what completed it.

use chrono::NaiveDate;
use std::fmt;

use super::rules::Period;

/// Identifies a fact in the child's record; opaque to the engine.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FactId(pub String);

impl From<&str> for FactId {
    fn from(s: &str) -> Self {
        FactId(s.to_string())
    }
}

impl fmt::Display for FactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Something that happened on a day and completes a clock: a visit, a core
/// group, a review conference. `late_reason` is what the worker recorded if
/// it was late.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub id: FactId,
    pub on: NaiveDate,
    pub late_reason: Option<String>,
}

/// One child's history as the clocks need it. All lists may be in any order.
///
/// Visits, core groups and reviews are not tied to a plan by id: each belongs
/// to the plan (child protection or child in need) whose dates contain it, as
/// a child is on at most one plan of each kind at a time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChildTimeline {
    pub referrals: Vec<ReferralFacts>,
    pub strategy_discussions: Vec<StrategyDiscussionFacts>,
    pub section47s: Vec<Section47Facts>,
    pub initial_conferences: Vec<ConferenceFacts>,
    pub cp_plans: Vec<PlanFacts>,
    pub core_groups: Vec<Occurrence>,
    pub cp_reviews: Vec<Occurrence>,
    pub cp_visits: Vec<Occurrence>,
    pub cin_plans: Vec<CinPlanFacts>,
    pub cin_visits: Vec<Occurrence>,
    pub cin_plan_reviews: Vec<Occurrence>,
    pub pre_proceedings: Vec<PreProceedingsFacts>,
    pub proceedings: Vec<ProceedingsFacts>,
}

/// A referral and the assessment that followed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralFacts {
    pub id: FactId,
    /// The CIN census `ReferralDate`: the assessment clock starts here, not
    /// at allocation.
    pub referral_date: NaiveDate,
    pub assessment: Option<AssessmentFacts>,
    /// When the episode closed. Closing before the assessment was due (no
    /// further action) makes the assessment clock not required.
    pub closed_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessmentFacts {
    pub id: FactId,
    pub started_on: NaiveDate,
    /// The date the assessment was authorised as complete.
    pub completed_on: Option<NaiveDate>,
    pub late_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyDiscussionFacts {
    pub id: FactId,
    pub held_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section47Facts {
    pub id: FactId,
    pub started_on: NaiveDate,
    /// The strategy discussion at which the enquiry was started (the last
    /// one, if there were several).
    pub strategy_discussion: Option<FactId>,
    /// When the enquiry concluded that no conference was needed.
    pub no_conference_decided_on: Option<NaiveDate>,
}

/// An initial child protection conference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConferenceFacts {
    pub id: FactId,
    pub held_on: NaiveDate,
    /// The enquiry it was convened for; if absent, it answers the latest
    /// enquiry started on or before it that has no conference linked.
    pub section47: Option<FactId>,
    pub late_reason: Option<String>,
}

/// A child protection plan, which starts at the conference that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFacts {
    pub id: FactId,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

/// A child in need plan, with the frequencies set for this child (F20);
/// `None` takes the authority's default from the policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CinPlanFacts {
    pub id: FactId,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub visit_interval: Option<Period>,
    pub review_interval: Option<Period>,
}

/// Pre-proceedings under the Public Law Outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreProceedingsFacts {
    pub id: FactId,
    /// The letter before proceedings or pre-proceedings meeting.
    pub started_on: NaiveDate,
    pub review: Option<Occurrence>,
    /// Concluded: stepped down, or proceedings issued.
    pub ended_on: Option<NaiveDate>,
    pub late_reason: Option<String>,
}

/// Care or supervision proceedings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProceedingsFacts {
    pub id: FactId,
    pub issued_on: NaiveDate,
    pub disposed_on: Option<NaiveDate>,
    /// Why the case ran past 26 weeks (the extension's reasons).
    pub late_reason: Option<String>,
}
