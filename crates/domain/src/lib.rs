//! Hearth's domain: the people, records, rules and timescales of children's
//! social care, as plain types and functions.
//!
//! Nothing in this crate performs I/O. The store persists what is defined
//! here; the web layer renders it. Keeping the rules here means every rule
//! (what a record must contain, how a timescale is counted) is tested without
//! a database and reads the same wherever it is used.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod access;
pub mod actions;
pub mod assessment;
pub mod calendar;
pub mod care_codes;
pub mod child_protection;
pub mod clocks;
pub mod codes;
pub mod csv;
pub mod early_help;
pub mod events;
pub mod front_door;
pub mod ids;
pub mod people;
pub mod risk_flags;
pub mod staff;
pub mod uk_time;
pub mod validation;

pub use events::{EventPayload, NewEvent};
pub use ids::{ChildId, EventId, FamilyId, PersonId, TeamId, UserId};
