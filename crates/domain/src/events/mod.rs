//! Everything practitioners record is an event. This module is the registry
//! of event types: each has a name (stored in the log), a schema version, a
//! payload struct in its area's module, and knows which people it is about.
//!
//! Adding a capability means adding payload structs to an area module and a
//! line per type to `events!` below; the log, the hash chain, corrections,
//! the chronology and `rebuild` then work for it without change.
//!
//! Versioning: a payload's JSON shape is fixed for its version. When a shape
//! must change, bump the version here and teach `decode` to read the old
//! version into the new struct (upcasting), so the log is never rewritten.

pub mod assessment;
pub mod authority;
pub mod care;
pub mod child_in_need;
pub mod child_protection;
pub mod chronology;
mod dates;
pub mod early_help;
pub mod domestic_incidents;
pub mod front_door;
pub mod people;
pub mod proceedings;
pub mod risk_flags;
pub mod staff;

use crate::ids::{EventId, PersonId, StreamId};
use crate::validation::FieldErrors;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use assessment::*;
pub use authority::*;
pub use care::*;
pub use child_in_need::*;
pub use child_protection::*;
pub use chronology::*;
pub use early_help::*;
pub use domestic_incidents::*;
pub use front_door::*;
pub use people::*;
pub use proceedings::*;
pub use risk_flags::*;
pub use staff::*;

/// Declares the registry: one variant per event type, with its version.
macro_rules! events {
    ($($area:ident { $($variant:ident = $version:literal $(reads $($old:literal)|+)?,)+ })+) => {
        /// One recorded fact. Serialised (for corrections that carry a
        /// replacement) as `{"type": ..., "data": ...}`.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type", content = "data")]
        pub enum EventPayload {
            $($($variant($variant),)+)+
            Correction(Correction),
        }

        impl EventPayload {
            /// Every event type name, for filters and documentation.
            pub const TYPE_NAMES: &'static [&'static str] = &[$($(stringify!($variant),)+)+ "Correction"];

            pub fn type_name(&self) -> &'static str {
                match self {
                    $($(EventPayload::$variant(_) => stringify!($variant),)+)+
                    EventPayload::Correction(_) => "Correction",
                }
            }

            pub fn schema_version(&self) -> u32 {
                match self {
                    $($(EventPayload::$variant(_) => $version,)+)+
                    EventPayload::Correction(_) => 1,
                }
            }

            /// The area of the service the event belongs to; the store has
            /// one projection function per area.
            pub fn area(&self) -> Area {
                match self {
                    $($(EventPayload::$variant(_) => Area::$area,)+)+
                    EventPayload::Correction(_) => Area::Correction,
                }
            }

            /// The payload alone, as stored in the log's `payload` column.
            pub fn data_json(&self) -> Result<String, serde_json::Error> {
                match self {
                    $($(EventPayload::$variant(p) => serde_json::to_string(p),)+)+
                    EventPayload::Correction(p) => serde_json::to_string(p),
                }
            }

            /// Reads a stored payload back by its type name and version.
            pub fn decode(type_name: &str, version: u32, data: &str) -> Result<Self, DecodeError> {
                match type_name {
                    $($(stringify!($variant) => {
                        // Older versions listed with `reads` decode into the
                        // current struct (their missing fields have defaults).
                        if version != $version $($(&& version != $old)+)? {
                            return Err(DecodeError::UnknownVersion { type_name: type_name.to_string(), version });
                        }
                        Ok(EventPayload::$variant(serde_json::from_str(data)?))
                    })+)+
                    "Correction" => Ok(EventPayload::Correction(serde_json::from_str(data)?)),
                    other => Err(DecodeError::UnknownType(other.to_string())),
                }
            }
        }
    };
}

events! {
    People {
        ChildRecorded = 1,
        AdultRecorded = 1,
        PersonDetailsChanged = 1,
        AddressRecorded = 1,
        RelationshipRecorded = 1,
        FamilyRecorded = 1,
        ChildAllocated = 1,
    }
    Staff {
        TeamCreated = 1,
        TeamManagerAssigned = 1,
        StaffAccountCreated = 1,
        StaffRoleChanged = 1,
        StaffAccountDisabled = 1,
        StaffAccountEnabled = 1,
        DutyRotaSet = 1,
    }
    Chronology {
        SignificantEventRecorded = 1,
    }
    FrontDoor {
        ContactReceived = 2 reads 1,
        ContactRated = 1,
        ContactAssigned = 1,
        CheckRequested = 1,
        CheckCompleted = 1,
        CheckNotCompleted = 1,
        ContactDecisionProposed = 1,
        ContactDecisionAuthorised = 1,
        ContactDecisionReturned = 1,
        OutOfHoursRecorded = 1,
        OutOfHoursAcknowledged = 1,
        EscalationRaised = 1,
        EscalationResolved = 1,
        DomesticIncidentNotified = 1,
        DomesticIncidentReviewed = 1,
    }
    ChildInNeed {
        ReferralOpened = 1,
        ReferralClosed = 1,
        PrimaryNeedRecorded = 1,
    }
    RiskFlags {
        RiskFlagRaised = 1,
        RiskFlagRemoved = 1,
    }
    EarlyHelp {
        EarlyHelpReferred = 1,
        EarlyHelpStarted = 1,
        EarlyHelpKeptInTouch = 1,
        EarlyHelpAssessmentStarted = 1,
        EarlyHelpAssessmentCompleted = 1,
        EarlyHelpSteppedUp = 1,
        EarlyHelpClosed = 1,
    }
    Assessment {
        AssessmentStarted = 1,
        AssessmentProgressSaved = 1,
        AssessmentSubmitted = 1,
        AssessmentAuthorised = 1,
        AssessmentReturned = 1,
        CinPlanStarted = 1,
        CinPlanReviewed = 1,
        CinPlanEnded = 1,
        ChildVisited = 1,
    }
    ChildProtection {
        StrategyDiscussionHeld = 1,
        Section47Started = 1,
        Section47Updated = 1,
        ConferenceHeld = 1,
        CpPlanStarted = 1,
        CpPlanEnded = 1,
        CoreGroupHeld = 1,
        ActionCompleted = 1,
        ActionCancelled = 1,
    }
    Proceedings {
        PreProceedingsStarted = 1,
        PreProceedingsReviewed = 1,
        PreProceedingsEnded = 1,
        ProceedingsIssued = 1,
        ProceedingsConcluded = 1,
    }
    Care {
        CareEpisodeStarted = 1,
        CareEpisodeEnded = 1,
        LookedAfterReviewHeld = 1,
        MissingEpisodeRecorded = 1,
        UascStatusRecorded = 1,
        HealthOutcomesRecorded = 1,
        CareLeaverContactRecorded = 1,
        AdoptionMilestoneRecorded = 1,
        PreviousPermanenceRecorded = 1,
        ChildBornToLookedAfterYoungPerson = 1,
    }
    Authority {
        BankHolidayAdded = 1,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    People,
    Staff,
    Chronology,
    FrontDoor,
    ChildInNeed,
    RiskFlags,
    EarlyHelp,
    Assessment,
    ChildProtection,
    Proceedings,
    Care,
    Authority,
    Correction,
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("unknown event type {0:?}")]
    UnknownType(String),
    #[error("event type {type_name} has no schema version {version}")]
    UnknownVersion { type_name: String, version: u32 },
    #[error("event payload does not match its schema: {0}")]
    Json(#[from] serde_json::Error),
}

/// A correction of an earlier event: the original stays in the log; this one
/// names it, says why, and carries the corrected version of the same type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub corrects: EventId,
    pub reason: String,
    pub replacement: Box<EventPayload>,
}

/// How the chronology groups events for filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChronologyCategory {
    PersonalDetails,
    FamilyAndRelationships,
    Allocation,
    Contact,
    Referral,
    SignificantEvent,
    RiskFlag,
    EarlyHelp,
    Assessment,
    ChildInNeedPlan,
    ChildProtection,
    Visit,
    Proceedings,
    Care,
    Correction,
}

impl ChronologyCategory {
    pub const ALL: &'static [ChronologyCategory] = &[
        Self::Contact,
        Self::Referral,
        Self::Assessment,
        Self::ChildInNeedPlan,
        Self::ChildProtection,
        Self::Visit,
        Self::Proceedings,
        Self::Care,
        Self::EarlyHelp,
        Self::SignificantEvent,
        Self::RiskFlag,
        Self::Allocation,
        Self::PersonalDetails,
        Self::FamilyAndRelationships,
        Self::Correction,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::PersonalDetails => "personal_details",
            Self::FamilyAndRelationships => "family",
            Self::Allocation => "allocation",
            Self::Contact => "contact",
            Self::Referral => "referral",
            Self::EarlyHelp => "early_help",
            Self::Assessment => "assessment",
            Self::ChildInNeedPlan => "cin_plan",
            Self::ChildProtection => "child_protection",
            Self::Visit => "visit",
            Self::Proceedings => "proceedings",
            Self::Care => "care",
            Self::SignificantEvent => "significant_event",
            Self::RiskFlag => "risk_flag",
            Self::Correction => "correction",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::PersonalDetails => "Personal details",
            Self::FamilyAndRelationships => "Family and relationships",
            Self::Allocation => "Allocation",
            Self::Contact => "Contacts",
            Self::Referral => "Referrals",
            Self::EarlyHelp => "Early help",
            Self::Assessment => "Assessments",
            Self::ChildInNeedPlan => "Child in need plans",
            Self::ChildProtection => "Child protection",
            Self::Visit => "Visits",
            Self::Proceedings => "Pre-proceedings and proceedings",
            Self::Care => "Children in care",
            Self::SignificantEvent => "Significant events",
            Self::RiskFlag => "Risk flags",
            Self::Correction => "Corrections",
        }
    }
}

impl EventPayload {
    /// The record the event belongs to.
    pub fn stream(&self) -> StreamId {
        match self {
            EventPayload::ChildRecorded(e) => StreamId::Person(e.person_id),
            EventPayload::AdultRecorded(e) => StreamId::Person(e.person_id),
            EventPayload::PersonDetailsChanged(e) => StreamId::Person(e.person_id),
            EventPayload::AddressRecorded(e) => StreamId::Person(e.person_id),
            EventPayload::RelationshipRecorded(e) => StreamId::Person(e.person_id),
            EventPayload::FamilyRecorded(e) => StreamId::Family(e.family_id),
            EventPayload::ChildAllocated(e) => StreamId::Person(e.child_id),
            EventPayload::TeamCreated(e) => StreamId::Team(e.team_id),
            EventPayload::TeamManagerAssigned(e) => StreamId::Team(e.team_id),
            EventPayload::StaffAccountCreated(e) => StreamId::Staff(e.user_id),
            EventPayload::StaffRoleChanged(e) => StreamId::Staff(e.user_id),
            EventPayload::StaffAccountDisabled(e) => StreamId::Staff(e.user_id),
            EventPayload::StaffAccountEnabled(e) => StreamId::Staff(e.user_id),
            EventPayload::DutyRotaSet(e) => StreamId::Team(e.team_id),
            EventPayload::SignificantEventRecorded(e) => StreamId::Person(e.child_id),
            EventPayload::ContactReceived(e) => StreamId::Contact(e.contact_id),
            EventPayload::ContactRated(e) => StreamId::Contact(e.contact_id),
            EventPayload::ContactAssigned(e) => StreamId::Contact(e.contact_id),
            EventPayload::CheckRequested(e) => StreamId::Contact(e.contact_id),
            EventPayload::CheckCompleted(e) => StreamId::Contact(e.contact_id),
            EventPayload::CheckNotCompleted(e) => StreamId::Contact(e.contact_id),
            EventPayload::ContactDecisionProposed(e) => StreamId::Contact(e.contact_id),
            EventPayload::ContactDecisionAuthorised(e) => StreamId::Contact(e.contact_id),
            EventPayload::ContactDecisionReturned(e) => StreamId::Contact(e.contact_id),
            EventPayload::OutOfHoursRecorded(e) => StreamId::OutOfHours(e.record_id),
            EventPayload::OutOfHoursAcknowledged(e) => StreamId::OutOfHours(e.record_id),
            EventPayload::EscalationRaised(e) => StreamId::Contact(e.contact_id),
            EventPayload::EscalationResolved(e) => StreamId::Contact(e.contact_id),
            EventPayload::DomesticIncidentNotified(e) => StreamId::DomesticIncident(e.notification_id),
            EventPayload::DomesticIncidentReviewed(e) => StreamId::DomesticIncident(e.notification_id),
            EventPayload::ReferralOpened(e) => StreamId::Person(e.child_id),
            EventPayload::ReferralClosed(e) => StreamId::Person(e.child_id),
            EventPayload::PrimaryNeedRecorded(e) => StreamId::Person(e.child_id),
            EventPayload::RiskFlagRaised(e) => StreamId::Person(e.child_id),
            EventPayload::RiskFlagRemoved(e) => StreamId::Person(e.child_id),
            EventPayload::EarlyHelpReferred(e) => StreamId::Person(e.child_id),
            EventPayload::EarlyHelpStarted(e) => StreamId::Person(e.child_id),
            EventPayload::EarlyHelpKeptInTouch(e) => StreamId::Person(e.child_id),
            EventPayload::EarlyHelpAssessmentStarted(e) => StreamId::Person(e.child_id),
            EventPayload::EarlyHelpAssessmentCompleted(e) => StreamId::Person(e.child_id),
            EventPayload::EarlyHelpSteppedUp(e) => StreamId::Person(e.child_id),
            EventPayload::EarlyHelpClosed(e) => StreamId::Person(e.child_id),
            EventPayload::AssessmentStarted(e) => StreamId::Person(e.child_id),
            EventPayload::AssessmentProgressSaved(e) => StreamId::Person(e.child_id),
            EventPayload::AssessmentSubmitted(e) => StreamId::Person(e.child_id),
            EventPayload::AssessmentAuthorised(e) => StreamId::Person(e.child_id),
            EventPayload::AssessmentReturned(e) => StreamId::Person(e.child_id),
            EventPayload::CinPlanStarted(e) => StreamId::Person(e.child_id),
            EventPayload::CinPlanReviewed(e) => StreamId::Person(e.child_id),
            EventPayload::CinPlanEnded(e) => StreamId::Person(e.child_id),
            EventPayload::ChildVisited(e) => StreamId::Person(e.child_id),
            EventPayload::StrategyDiscussionHeld(e) => StreamId::Person(e.child_id),
            EventPayload::Section47Started(e) => StreamId::Person(e.child_id),
            EventPayload::Section47Updated(e) => StreamId::Person(e.child_id),
            EventPayload::ConferenceHeld(e) => StreamId::Person(e.child_id),
            EventPayload::CpPlanStarted(e) => StreamId::Person(e.child_id),
            EventPayload::CpPlanEnded(e) => StreamId::Person(e.child_id),
            EventPayload::CoreGroupHeld(e) => StreamId::Person(e.child_id),
            EventPayload::ActionCompleted(e) => StreamId::Person(e.child_id),
            EventPayload::ActionCancelled(e) => StreamId::Person(e.child_id),
            EventPayload::PreProceedingsStarted(e) => StreamId::Person(e.child_id),
            EventPayload::PreProceedingsReviewed(e) => StreamId::Person(e.child_id),
            EventPayload::PreProceedingsEnded(e) => StreamId::Person(e.child_id),
            EventPayload::ProceedingsIssued(e) => StreamId::Person(e.child_id),
            EventPayload::ProceedingsConcluded(e) => StreamId::Person(e.child_id),
            EventPayload::CareEpisodeStarted(e) => StreamId::Person(e.child_id),
            EventPayload::CareEpisodeEnded(e) => StreamId::Person(e.child_id),
            EventPayload::LookedAfterReviewHeld(e) => StreamId::Person(e.child_id),
            EventPayload::MissingEpisodeRecorded(e) => StreamId::Person(e.child_id),
            EventPayload::UascStatusRecorded(e) => StreamId::Person(e.child_id),
            EventPayload::HealthOutcomesRecorded(e) => StreamId::Person(e.child_id),
            EventPayload::CareLeaverContactRecorded(e) => StreamId::Person(e.child_id),
            EventPayload::AdoptionMilestoneRecorded(e) => StreamId::Person(e.child_id),
            EventPayload::PreviousPermanenceRecorded(e) => StreamId::Person(e.child_id),
            EventPayload::ChildBornToLookedAfterYoungPerson(e) => StreamId::Person(e.child_id),
            EventPayload::BankHolidayAdded(_) => StreamId::Authority,
            EventPayload::Correction(c) => c.replacement.stream(),
        }
    }

    /// The people whose chronology shows this event.
    pub fn subjects(&self) -> Vec<PersonId> {
        match self {
            EventPayload::ChildRecorded(e) => vec![e.person_id],
            EventPayload::AdultRecorded(_) => vec![],
            EventPayload::PersonDetailsChanged(e) => vec![e.person_id],
            EventPayload::AddressRecorded(e) => vec![e.person_id],
            EventPayload::RelationshipRecorded(e) => vec![e.person_id, e.related_id],
            EventPayload::FamilyRecorded(e) => e.members.clone(),
            EventPayload::ChildAllocated(e) => vec![e.child_id],
            EventPayload::SignificantEventRecorded(e) => vec![e.child_id],
            EventPayload::ReferralOpened(e) => vec![e.child_id],
            EventPayload::ReferralClosed(e) => vec![e.child_id],
            EventPayload::PrimaryNeedRecorded(e) => vec![e.child_id],
            EventPayload::RiskFlagRaised(e) => vec![e.child_id],
            EventPayload::RiskFlagRemoved(e) => vec![e.child_id],
            EventPayload::EarlyHelpReferred(e) => vec![e.child_id],
            EventPayload::EarlyHelpStarted(e) => vec![e.child_id],
            EventPayload::EarlyHelpKeptInTouch(e) => vec![e.child_id],
            EventPayload::EarlyHelpAssessmentStarted(e) => vec![e.child_id],
            EventPayload::EarlyHelpAssessmentCompleted(e) => vec![e.child_id],
            EventPayload::EarlyHelpSteppedUp(e) => vec![e.child_id],
            EventPayload::EarlyHelpClosed(e) => vec![e.child_id],
            EventPayload::AssessmentStarted(e) => vec![e.child_id],
            EventPayload::AssessmentProgressSaved(e) => vec![e.child_id],
            EventPayload::AssessmentSubmitted(e) => vec![e.child_id],
            EventPayload::AssessmentAuthorised(e) => vec![e.child_id],
            EventPayload::AssessmentReturned(e) => vec![e.child_id],
            EventPayload::CinPlanStarted(e) => vec![e.child_id],
            EventPayload::CinPlanReviewed(e) => vec![e.child_id],
            EventPayload::CinPlanEnded(e) => vec![e.child_id],
            EventPayload::ChildVisited(e) => vec![e.child_id],
            EventPayload::StrategyDiscussionHeld(e) => vec![e.child_id],
            EventPayload::Section47Started(e) => vec![e.child_id],
            EventPayload::Section47Updated(e) => vec![e.child_id],
            EventPayload::ConferenceHeld(e) => vec![e.child_id],
            EventPayload::CpPlanStarted(e) => vec![e.child_id],
            EventPayload::CpPlanEnded(e) => vec![e.child_id],
            EventPayload::CoreGroupHeld(e) => vec![e.child_id],
            EventPayload::ActionCompleted(e) => vec![e.child_id],
            EventPayload::ActionCancelled(e) => vec![e.child_id],
            EventPayload::PreProceedingsStarted(e) => vec![e.child_id],
            EventPayload::PreProceedingsReviewed(e) => vec![e.child_id],
            EventPayload::PreProceedingsEnded(e) => vec![e.child_id],
            EventPayload::ProceedingsIssued(e) => vec![e.child_id],
            EventPayload::ProceedingsConcluded(e) => vec![e.child_id],
            EventPayload::CareEpisodeStarted(e) => vec![e.child_id],
            EventPayload::CareEpisodeEnded(e) => vec![e.child_id],
            EventPayload::LookedAfterReviewHeld(e) => vec![e.child_id],
            EventPayload::MissingEpisodeRecorded(e) => vec![e.child_id],
            EventPayload::UascStatusRecorded(e) => vec![e.child_id],
            EventPayload::HealthOutcomesRecorded(e) => vec![e.child_id],
            EventPayload::CareLeaverContactRecorded(e) => vec![e.child_id],
            EventPayload::AdoptionMilestoneRecorded(e) => vec![e.child_id],
            EventPayload::PreviousPermanenceRecorded(e) => vec![e.child_id],
            EventPayload::ChildBornToLookedAfterYoungPerson(e) => vec![e.child_id],
            EventPayload::ContactReceived(e) => e.children.clone(),
            EventPayload::ContactRated(_)
            | EventPayload::ContactAssigned(_)
            | EventPayload::CheckRequested(_)
            | EventPayload::CheckCompleted(_)
            | EventPayload::CheckNotCompleted(_)
            | EventPayload::ContactDecisionReturned(_) => vec![],
            EventPayload::ContactDecisionProposed(_) => vec![],
            EventPayload::ContactDecisionAuthorised(e) => e.children.clone(),
            EventPayload::OutOfHoursRecorded(e) => e.children.clone(),
            EventPayload::OutOfHoursAcknowledged(e) => e.children.clone(),
            EventPayload::EscalationRaised(e) => e.children.clone(),
            EventPayload::EscalationResolved(e) => e.children.clone(),
            EventPayload::DomesticIncidentNotified(e) => e.children.clone(),
            EventPayload::DomesticIncidentReviewed(e) => e.children.clone(),
            EventPayload::TeamCreated(_)
            | EventPayload::TeamManagerAssigned(_)
            | EventPayload::StaffAccountCreated(_)
            | EventPayload::StaffRoleChanged(_)
            | EventPayload::StaffAccountDisabled(_)
            | EventPayload::StaffAccountEnabled(_)
            | EventPayload::DutyRotaSet(_)
            | EventPayload::BankHolidayAdded(_) => vec![],
            EventPayload::Correction(c) => c.replacement.subjects(),
        }
    }

    pub fn chronology_category(&self) -> ChronologyCategory {
        match self {
            EventPayload::ChildRecorded(_)
            | EventPayload::AdultRecorded(_)
            | EventPayload::PersonDetailsChanged(_)
            | EventPayload::AddressRecorded(_) => ChronologyCategory::PersonalDetails,
            EventPayload::RelationshipRecorded(_) | EventPayload::FamilyRecorded(_) => {
                ChronologyCategory::FamilyAndRelationships
            }
            EventPayload::ChildAllocated(_) => ChronologyCategory::Allocation,
            EventPayload::SignificantEventRecorded(_) => ChronologyCategory::SignificantEvent,
            EventPayload::ReferralOpened(_) | EventPayload::ReferralClosed(_) | EventPayload::PrimaryNeedRecorded(_) => {
                ChronologyCategory::Referral
            }
            EventPayload::RiskFlagRaised(_) | EventPayload::RiskFlagRemoved(_) => ChronologyCategory::RiskFlag,
            EventPayload::ContactReceived(_)
            | EventPayload::ContactRated(_)
            | EventPayload::ContactAssigned(_)
            | EventPayload::CheckRequested(_)
            | EventPayload::CheckCompleted(_)
            | EventPayload::CheckNotCompleted(_)
            | EventPayload::ContactDecisionProposed(_)
            | EventPayload::ContactDecisionAuthorised(_)
            | EventPayload::ContactDecisionReturned(_)
            | EventPayload::OutOfHoursRecorded(_)
            | EventPayload::OutOfHoursAcknowledged(_)
            | EventPayload::EscalationRaised(_)
            | EventPayload::EscalationResolved(_)
            | EventPayload::DomesticIncidentNotified(_)
            | EventPayload::DomesticIncidentReviewed(_) => ChronologyCategory::Contact,
            EventPayload::EarlyHelpReferred(_)
            | EventPayload::EarlyHelpStarted(_)
            | EventPayload::EarlyHelpKeptInTouch(_)
            | EventPayload::EarlyHelpAssessmentStarted(_)
            | EventPayload::EarlyHelpAssessmentCompleted(_)
            | EventPayload::EarlyHelpSteppedUp(_)
            | EventPayload::EarlyHelpClosed(_) => ChronologyCategory::EarlyHelp,
            EventPayload::AssessmentStarted(_)
            | EventPayload::AssessmentProgressSaved(_)
            | EventPayload::AssessmentSubmitted(_)
            | EventPayload::AssessmentAuthorised(_)
            | EventPayload::AssessmentReturned(_) => ChronologyCategory::Assessment,
            EventPayload::CinPlanStarted(_) | EventPayload::CinPlanReviewed(_) | EventPayload::CinPlanEnded(_) => {
                ChronologyCategory::ChildInNeedPlan
            }
            EventPayload::ChildVisited(_) => ChronologyCategory::Visit,
            EventPayload::StrategyDiscussionHeld(_)
            | EventPayload::Section47Started(_)
            | EventPayload::Section47Updated(_)
            | EventPayload::ConferenceHeld(_)
            | EventPayload::CpPlanStarted(_)
            | EventPayload::CpPlanEnded(_)
            | EventPayload::CoreGroupHeld(_)
            | EventPayload::ActionCompleted(_)
            | EventPayload::ActionCancelled(_) => ChronologyCategory::ChildProtection,
            EventPayload::PreProceedingsStarted(_)
            | EventPayload::PreProceedingsReviewed(_)
            | EventPayload::PreProceedingsEnded(_)
            | EventPayload::ProceedingsIssued(_)
            | EventPayload::ProceedingsConcluded(_) => ChronologyCategory::Proceedings,
            EventPayload::CareEpisodeStarted(_)
            | EventPayload::CareEpisodeEnded(_)
            | EventPayload::LookedAfterReviewHeld(_)
            | EventPayload::MissingEpisodeRecorded(_)
            | EventPayload::UascStatusRecorded(_)
            | EventPayload::HealthOutcomesRecorded(_)
            | EventPayload::CareLeaverContactRecorded(_)
            | EventPayload::AdoptionMilestoneRecorded(_)
            | EventPayload::PreviousPermanenceRecorded(_)
            | EventPayload::ChildBornToLookedAfterYoungPerson(_) => ChronologyCategory::Care,
            EventPayload::Correction(_) => ChronologyCategory::Correction,
            _ => ChronologyCategory::PersonalDetails,
        }
    }

    /// The rules a payload must meet before it can be recorded, whatever the
    /// screen or API it came from. `today` is the local date, for "not in the
    /// future" rules.
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        match self {
            EventPayload::ChildRecorded(e) => e.validate(today),
            EventPayload::AdultRecorded(e) => e.validate(today),
            EventPayload::PersonDetailsChanged(e) => e.validate(today),
            EventPayload::AddressRecorded(e) => e.validate(),
            EventPayload::RelationshipRecorded(e) => e.validate(),
            EventPayload::FamilyRecorded(e) => e.validate(),
            EventPayload::ChildAllocated(_) => Ok(()),
            EventPayload::TeamCreated(e) => e.validate(),
            EventPayload::TeamManagerAssigned(_) => Ok(()),
            EventPayload::StaffAccountCreated(e) => e.validate(),
            EventPayload::StaffRoleChanged(_) => Ok(()),
            EventPayload::StaffAccountDisabled(e) => e.validate(),
            EventPayload::StaffAccountEnabled(_) => Ok(()),
            EventPayload::DutyRotaSet(e) => e.validate(today),
            EventPayload::SignificantEventRecorded(e) => e.validate(today),
            EventPayload::ContactReceived(e) => e.validate(),
            EventPayload::ContactRated(e) => e.validate(),
            EventPayload::ContactAssigned(_) => Ok(()),
            EventPayload::CheckRequested(e) => e.validate(),
            EventPayload::CheckCompleted(e) => e.validate(),
            EventPayload::CheckNotCompleted(e) => e.validate(),
            EventPayload::ContactDecisionProposed(e) => e.validate(),
            EventPayload::ContactDecisionAuthorised(_) => Ok(()),
            EventPayload::ContactDecisionReturned(e) => e.validate(),
            EventPayload::OutOfHoursRecorded(e) => e.validate(),
            EventPayload::OutOfHoursAcknowledged(_) => Ok(()),
            EventPayload::EscalationRaised(e) => e.validate(),
            EventPayload::EscalationResolved(e) => e.validate(),
            EventPayload::DomesticIncidentNotified(e) => e.validate(today),
            EventPayload::DomesticIncidentReviewed(e) => e.validate(today),
            EventPayload::ReferralOpened(e) => e.validate(today),
            EventPayload::ReferralClosed(e) => e.validate(today),
            EventPayload::PrimaryNeedRecorded(_) => Ok(()),
            EventPayload::RiskFlagRaised(e) => e.validate(today),
            EventPayload::RiskFlagRemoved(e) => e.validate(today),
            EventPayload::EarlyHelpReferred(e) => e.validate(today),
            EventPayload::EarlyHelpStarted(e) => e.validate(today),
            EventPayload::EarlyHelpKeptInTouch(e) => e.validate(today),
            EventPayload::EarlyHelpAssessmentStarted(e) => e.validate(today),
            EventPayload::EarlyHelpAssessmentCompleted(e) => e.validate(today),
            EventPayload::EarlyHelpSteppedUp(e) => e.validate(today),
            EventPayload::EarlyHelpClosed(e) => e.validate(today),
            EventPayload::AssessmentStarted(e) => e.validate(today),
            EventPayload::AssessmentProgressSaved(e) => e.validate(today),
            EventPayload::AssessmentSubmitted(e) => e.validate(today),
            EventPayload::AssessmentAuthorised(e) => e.validate(today),
            EventPayload::AssessmentReturned(e) => e.validate(today),
            EventPayload::CinPlanStarted(e) => e.validate(today),
            EventPayload::CinPlanReviewed(e) => e.validate(today),
            EventPayload::CinPlanEnded(e) => e.validate(today),
            EventPayload::ChildVisited(e) => e.validate(today),
            EventPayload::StrategyDiscussionHeld(e) => e.validate(today),
            EventPayload::Section47Started(e) => e.validate(today),
            EventPayload::Section47Updated(e) => e.validate(today),
            EventPayload::ConferenceHeld(e) => e.validate(today),
            EventPayload::CpPlanStarted(e) => e.validate(today),
            EventPayload::CpPlanEnded(e) => e.validate(today),
            EventPayload::CoreGroupHeld(e) => e.validate(today),
            EventPayload::ActionCompleted(e) => e.validate(today),
            EventPayload::ActionCancelled(e) => e.validate(today),
            EventPayload::PreProceedingsStarted(e) => e.validate(today),
            EventPayload::PreProceedingsReviewed(e) => e.validate(today),
            EventPayload::PreProceedingsEnded(e) => e.validate(today),
            EventPayload::ProceedingsIssued(e) => e.validate(today),
            EventPayload::ProceedingsConcluded(e) => e.validate(today),
            EventPayload::CareEpisodeStarted(e) => e.validate(today),
            EventPayload::CareEpisodeEnded(e) => e.validate(today),
            EventPayload::LookedAfterReviewHeld(e) => e.validate(today),
            EventPayload::MissingEpisodeRecorded(e) => e.validate(today),
            EventPayload::UascStatusRecorded(e) => e.validate(today),
            EventPayload::HealthOutcomesRecorded(e) => e.validate(today),
            EventPayload::CareLeaverContactRecorded(e) => e.validate(today),
            EventPayload::AdoptionMilestoneRecorded(e) => e.validate(today),
            EventPayload::PreviousPermanenceRecorded(e) => e.validate(today),
            EventPayload::ChildBornToLookedAfterYoungPerson(e) => e.validate(today),
            EventPayload::BankHolidayAdded(e) => e.validate(),
            EventPayload::Correction(c) => {
                let mut errors = FieldErrors::new();
                errors.require_text("reason", &c.reason, "the reason for the correction", 2000);
                if let EventPayload::Correction(_) = *c.replacement {
                    errors.add("replacement", "A correction cannot replace another correction: correct the original event");
                }
                if let Err(inner) = c.replacement.validate(today) {
                    errors.0.extend(inner.0);
                }
                errors.into_result()
            }
        }
    }

    /// A one-line, plain-English summary for the chronology.
    pub fn summary(&self) -> String {
        match self {
            EventPayload::ChildRecorded(e) => match (e.date_of_birth, e.expected_date_of_birth) {
                (None, Some(edd)) => format!("Unborn child recorded, expected {}", edd.format("%-d %B %Y")),
                _ => format!("Child recorded: {}", e.name),
            },
            EventPayload::AdultRecorded(e) => format!("Adult recorded: {}", e.name),
            EventPayload::PersonDetailsChanged(e) => format!("Details changed: {}", e.changed_fields().join(", ")),
            EventPayload::AddressRecorded(e) => format!("Address from {}: {}", e.from.format("%-d %B %Y"), e.address),
            EventPayload::RelationshipRecorded(e) => format!("Relationship recorded: {}", e.kind.label()),
            EventPayload::FamilyRecorded(e) => format!("Family recorded: {}", e.label),
            EventPayload::ChildAllocated(e) => match e.worker_id {
                Some(_) => "Allocated to a worker".to_string(),
                None => "Allocated to a team, no worker yet".to_string(),
            },
            EventPayload::TeamCreated(e) => format!("Team created: {}", e.name),
            EventPayload::TeamManagerAssigned(_) => "Team manager assigned".to_string(),
            EventPayload::StaffAccountCreated(e) => format!("Account created: {}", e.username),
            EventPayload::StaffRoleChanged(e) => format!("Role changed to {}", e.role.label()),
            EventPayload::StaffAccountDisabled(_) => "Account disabled".to_string(),
            EventPayload::StaffAccountEnabled(_) => "Account enabled".to_string(),
            EventPayload::DutyRotaSet(e) => format!("Duty rota set for {}", e.date.format("%-d %B %Y")),
            EventPayload::SignificantEventRecorded(e) => e.title.clone(),
            EventPayload::ContactReceived(e) => format!("Contact received from {}", e.source.description()),
            EventPayload::ContactRated(e) => format!("Contact rated {}", e.rag.label().to_lowercase()),
            EventPayload::ContactAssigned(_) => "Contact assigned for screening".to_string(),
            EventPayload::CheckRequested(e) => format!("{} check requested", e.agency.label()),
            EventPayload::CheckCompleted(_) => "Multi-agency check completed".to_string(),
            EventPayload::CheckNotCompleted(_) => "Multi-agency check not completed, with a reason".to_string(),
            EventPayload::ContactDecisionProposed(e) => format!("Decision proposed: {}", e.outcome.label()),
            EventPayload::ContactDecisionAuthorised(e) => format!("Contact decision: {}", e.outcome.label()),
            EventPayload::ContactDecisionReturned(_) => "Decision returned by the manager".to_string(),
            EventPayload::OutOfHoursRecorded(_) => "Out-of-hours record".to_string(),
            EventPayload::OutOfHoursAcknowledged(_) => "Out-of-hours record taken on by the MASH".to_string(),
            EventPayload::EscalationRaised(_) => "Threshold disagreement raised between teams".to_string(),
            EventPayload::EscalationResolved(e) => format!("Threshold disagreement resolved: {}", e.outcome.label()),
            EventPayload::DomesticIncidentNotified(e) => {
                format!("Police domestic-abuse notification, {} risk (DASH)", e.dash_risk.label().to_lowercase())
            }
            EventPayload::DomesticIncidentReviewed(e) => format!("Domestic-incident review: {}", e.decision.label()),
            EventPayload::ReferralOpened(e) => format!("Referral to children's social care from {}", e.source.description()),
            EventPayload::ReferralClosed(e) => format!("Children in need episode closed: {}", e.reason.description()),
            EventPayload::PrimaryNeedRecorded(e) => format!("Primary need recorded: {}", e.primary_need.description()),
            EventPayload::RiskFlagRaised(e) => format!("Risk flagged: {}", e.flag.label()),
            EventPayload::RiskFlagRemoved(e) => format!("Risk flag removed: {}", e.flag.label()),
            EventPayload::EarlyHelpReferred(e) => format!("Referred to early help: {}", e.route.label().to_lowercase()),
            EventPayload::EarlyHelpStarted(e) => format!("Early help started, led by {} ({})", e.lead_professional, e.organisation),
            EventPayload::EarlyHelpKeptInTouch(e) => format!("Early help waiting list: keeping in touch ({})", e.method.label().to_lowercase()),
            EventPayload::EarlyHelpAssessmentStarted(_) => "Early help assessment started".to_string(),
            EventPayload::EarlyHelpAssessmentCompleted(e) => format!("Early help assessment completed by {}", e.organisation),
            EventPayload::EarlyHelpSteppedUp(_) => "Stepped up from early help to children's social care".to_string(),
            EventPayload::EarlyHelpClosed(e) => format!("Early help closed: {}", e.reason.label().to_lowercase()),
            EventPayload::AssessmentStarted(e) => match e.expected_birth_on {
                Some(edd) => format!("Pre-birth assessment started (baby expected {})", edd.format("%-d %B %Y")),
                None => "Child and family assessment started".to_string(),
            },
            EventPayload::AssessmentProgressSaved(_) => "Assessment progress saved".to_string(),
            EventPayload::AssessmentSubmitted(e) => match e.assessment.outcome {
                Some(o) => format!("Assessment submitted for authorisation: {}", o.label().to_lowercase()),
                None => "Assessment submitted for authorisation".to_string(),
            },
            EventPayload::AssessmentAuthorised(_) => "Assessment authorised by a manager".to_string(),
            EventPayload::AssessmentReturned(_) => "Assessment returned to the worker by a manager".to_string(),
            EventPayload::CinPlanStarted(e) => format!("Child in need plan started: visits every {} days", e.visit_every_days),
            EventPayload::CinPlanReviewed(_) => "Child in need plan reviewed".to_string(),
            EventPayload::CinPlanEnded(_) => "Child in need plan ended".to_string(),
            EventPayload::ChildVisited(e) => match (e.visit.child_seen, e.visit.child_seen_alone) {
                (Some(true), Some(true)) => "Visit: child seen alone".to_string(),
                (Some(true), _) => "Visit: child seen, not alone".to_string(),
                _ => "Visit: child not seen".to_string(),
            },
            EventPayload::StrategyDiscussionHeld(e) => match e.discussion.decision {
                Some(d) => format!("Strategy discussion: {}", d.label().to_lowercase()),
                None => "Strategy discussion".to_string(),
            },
            EventPayload::Section47Started(_) => "Section 47 enquiry started".to_string(),
            EventPayload::Section47Updated(e) => match e.enquiry.outcome {
                Some(o) => format!("Section 47 enquiry concluded: {}", o.label().to_lowercase()),
                None if e.enquiry.child_seen_on.is_some() => "Section 47 enquiry: child seen".to_string(),
                None => "Section 47 enquiry updated".to_string(),
            },
            EventPayload::ConferenceHeld(e) => {
                let kind = match e.conference.kind {
                    crate::child_protection::ConferenceKind::Initial => "Initial child protection conference",
                    crate::child_protection::ConferenceKind::Review => "Child protection review conference",
                };
                match e.conference.decision {
                    Some(d) => format!("{kind}: {}", d.label(e.conference.kind).to_lowercase()),
                    None => kind.to_string(),
                }
            }
            EventPayload::CpPlanStarted(e) => match e.plan.initial_category {
                Some(c) => format!("Child protection plan started: {}", c.description().to_lowercase()),
                None => "Child protection plan started".to_string(),
            },
            EventPayload::CpPlanEnded(e) => format!("Child protection plan ended: {}", e.reason.label().to_lowercase()),
            EventPayload::CoreGroupHeld(_) => "Core group meeting".to_string(),
            EventPayload::ActionCompleted(_) => "Action completed".to_string(),
            EventPayload::ActionCancelled(_) => "Action cancelled".to_string(),
            EventPayload::PreProceedingsStarted(_) => "Pre-proceedings started (Public Law Outline)".to_string(),
            EventPayload::PreProceedingsReviewed(_) => "Pre-proceedings reviewed".to_string(),
            EventPayload::PreProceedingsEnded(e) => format!("Pre-proceedings ended: {}", e.outcome.label().to_lowercase()),
            EventPayload::ProceedingsIssued(e) => format!("Care proceedings issued: {} applied for", e.application.label().to_lowercase()),
            EventPayload::ProceedingsConcluded(e) => format!("Proceedings concluded: {}", e.outcome.label().to_lowercase()),
            EventPayload::CareEpisodeStarted(e) => match e.reason_new_episode {
                crate::care_codes::ReasonNewEpisode::Started => format!(
                    "Started to be looked after: {} ({})",
                    e.legal_status.description().to_lowercase(),
                    e.placement_type.description().to_lowercase()
                ),
                rne => format!("New care episode, {}: {}", rne.description().to_lowercase(), e.placement_type.description().to_lowercase()),
            },
            EventPayload::CareEpisodeEnded(e) => match e.reason_ceased.ends_care() {
                true => format!("Ceased to be looked after: {}", e.reason_ceased.description().to_lowercase()),
                false => "Care episode ended; care continues in a new episode".to_string(),
            },
            EventPayload::LookedAfterReviewHeld(_) => "Looked-after review held".to_string(),
            EventPayload::MissingEpisodeRecorded(e) => match e.ended_on {
                Some(_) => format!("{} (returned)", e.kind.description()),
                None => format!("{} (not yet returned)", e.kind.description()),
            },
            EventPayload::UascStatusRecorded(e) => match e.ceased_on {
                Some(_) => "Unaccompanied asylum-seeking child status recorded, now ceased".to_string(),
                None => "Unaccompanied asylum-seeking child status recorded".to_string(),
            },
            EventPayload::HealthOutcomesRecorded(e) => {
                format!("Health and wellbeing outcomes recorded for the year to {}", e.year_ending.format("%-d %B %Y"))
            }
            EventPayload::CareLeaverContactRecorded(e) => match e.in_touch {
                crate::care_codes::InTouch::Yes => "Care leaver contact: in touch".to_string(),
                crate::care_codes::InTouch::No => "Care leaver contact: not in touch".to_string(),
                other => format!("Care leaver contact: {}", other.description().to_lowercase()),
            },
            EventPayload::AdoptionMilestoneRecorded(e) => format!("Adoption: {}", e.milestone.label()),
            EventPayload::PreviousPermanenceRecorded(e) => format!("Previous permanence recorded: {}", e.kind.description().to_lowercase()),
            EventPayload::ChildBornToLookedAfterYoungPerson(_) => "Birth of the young person's child recorded".to_string(),
            EventPayload::BankHolidayAdded(e) => format!("Bank holiday added: {} {}", e.title, e.date),
            EventPayload::Correction(c) => format!("Correction: {}", c.replacement.summary()),
        }
    }
}

/// An event ready to be appended. The store adds the sequence number, id,
/// hash, recorder and recorded time.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub payload: EventPayload,
    /// When it happened in practice (a visit last Tuesday is recorded today).
    pub occurred_at: DateTime<Utc>,
}

impl NewEvent {
    pub fn new(payload: EventPayload, occurred_at: DateTime<Utc>) -> Self {
        Self { payload, occurred_at }
    }
}

#[cfg(test)]
mod tests;
