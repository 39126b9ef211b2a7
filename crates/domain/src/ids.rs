//! Identifiers. Every record is keyed by a UUID; children also carry a short
//! Hearth ID that people can read out over the phone.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }
            /// Deterministic ids for the synthetic authority and tests.
            pub fn from_u128(n: u128) -> Self {
                Self(Uuid::from_u128(n))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// A person known to the service: a child, or an adult around a child.
    PersonId
);
uuid_id!(
    /// One recorded event in the log.
    EventId
);
uuid_id!(
    /// A member of staff with a Hearth account.
    UserId
);
uuid_id!(
    /// A team (MASH, assessment, CIN/CP, children in care...).
    TeamId
);
uuid_id!(
    /// A family or household grouping.
    FamilyId
);
uuid_id!(
    /// A contact to the front door.
    ContactId
);
uuid_id!(
    /// A multi-agency check asked for on a contact.
    CheckId
);
uuid_id!(
    /// A proposed decision on a contact.
    DecisionId
);
uuid_id!(
    /// A referral: a children-in-need episode.
    ReferralId
);
uuid_id!(
    /// A record made by the out-of-hours service.
    OutOfHoursId
);
uuid_id!(
    /// A threshold disagreement between teams.
    EscalationId
);
uuid_id!(
    /// An early help episode for one child (F11).
    EarlyHelpEpisodeId
);
uuid_id!(
    /// A police domestic-abuse notification (F7).
    DomesticIncidentId
);
uuid_id!(
    /// One batch of police domestic-abuse notifications, as uploaded or sent.
    DomesticIncidentBatchId
);

/// Children are people; the alias keeps signatures readable where only a
/// child makes sense.
pub type ChildId = PersonId;

/// The human-readable reference for a child, e.g. `H0004217`. Allocated by the
/// store in sequence; never reused.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HearthRef(String);

impl HearthRef {
    pub fn from_number(n: u64) -> Self {
        Self(format!("H{n:07}"))
    }

    /// Accepts `H0004217`, `h4217` or `4217`, so people can type what they see.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let digits = s.strip_prefix(['H', 'h']).unwrap_or(s);
        if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<u64>().ok().map(Self::from_number)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HearthRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

uuid_id!(
    /// A child and family assessment.
    AssessmentId
);
uuid_id!(
    /// A strategy discussion (or meeting).
    StrategyDiscussionId
);
uuid_id!(
    /// A section 47 enquiry.
    Section47Id
);
uuid_id!(
    /// A child protection conference, initial or review.
    ConferenceId
);
uuid_id!(
    /// A plan: child protection or child in need.
    PlanId
);
uuid_id!(
    /// A core group meeting, a plan review or a visit: one dated occasion.
    MeetingId
);
uuid_id!(
    /// Pre-proceedings under the Public Law Outline, or care proceedings.
    ProceedingsId
);
uuid_id!(
    /// One SSDA903 episode of care: a period under one legal status in one placement.
    CareEpisodeId
);
uuid_id!(
    /// A looked-after child's review.
    CareReviewId
);
uuid_id!(
    /// A spell missing from, or away from, a care placement.
    MissingSpellId
);

/// What an event is about: its stream. The chain of hashes is global; the
/// stream says which record the event belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StreamId {
    Person(PersonId),
    Family(FamilyId),
    Staff(UserId),
    Team(TeamId),
    Contact(ContactId),
    OutOfHours(OutOfHoursId),
    /// A police domestic-abuse notification and its review (F7).
    DomesticIncident(DomesticIncidentId),
    /// Authority-wide settings such as added bank holidays.
    Authority,
}

impl StreamId {
    /// The stored form, `kind:uuid`.
    pub fn to_key(&self) -> String {
        match self {
            StreamId::Person(id) => format!("person:{id}"),
            StreamId::Family(id) => format!("family:{id}"),
            StreamId::Staff(id) => format!("staff:{id}"),
            StreamId::Team(id) => format!("team:{id}"),
            StreamId::Contact(id) => format!("contact:{id}"),
            StreamId::OutOfHours(id) => format!("ooh:{id}"),
            StreamId::DomesticIncident(id) => format!("domestic_incident:{id}"),
            StreamId::Authority => "authority".to_string(),
        }
    }

    pub fn parse_key(key: &str) -> Option<Self> {
        if key == "authority" {
            return Some(StreamId::Authority);
        }
        let (kind, id) = key.split_once(':')?;
        let uuid = Uuid::parse_str(id).ok()?;
        Some(match kind {
            "person" => StreamId::Person(PersonId(uuid)),
            "family" => StreamId::Family(FamilyId(uuid)),
            "staff" => StreamId::Staff(UserId(uuid)),
            "team" => StreamId::Team(TeamId(uuid)),
            "contact" => StreamId::Contact(ContactId(uuid)),
            "ooh" => StreamId::OutOfHours(OutOfHoursId(uuid)),
            "domestic_incident" => StreamId::DomesticIncident(DomesticIncidentId(uuid)),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hearth_ref_accepts_what_people_type() {
        assert_eq!(HearthRef::parse("H0004217").unwrap().as_str(), "H0004217");
        assert_eq!(HearthRef::parse("h4217").unwrap().as_str(), "H0004217");
        assert_eq!(HearthRef::parse(" 4217 ").unwrap().as_str(), "H0004217");
        assert!(HearthRef::parse("H").is_none());
        assert!(HearthRef::parse("Hx12").is_none());
        assert!(HearthRef::parse("").is_none());
    }

    #[test]
    fn stream_keys_round_trip() {
        for s in [
            StreamId::Person(PersonId::new()),
            StreamId::Family(FamilyId::new()),
            StreamId::Staff(UserId::new()),
            StreamId::Team(TeamId::new()),
            StreamId::Contact(ContactId::new()),
            StreamId::OutOfHours(OutOfHoursId::new()),
            StreamId::DomesticIncident(DomesticIncidentId::new()),
            StreamId::Authority,
        ] {
            assert_eq!(StreamId::parse_key(&s.to_key()), Some(s));
        }
        assert_eq!(StreamId::parse_key("person:not-a-uuid"), None);
        assert_eq!(StreamId::parse_key("planet:00000000-0000-0000-0000-000000000000"), None);
    }
}
