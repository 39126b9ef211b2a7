//! Early help (F11): the episode from referral (step-down or a partner's
//! request) through the waiting list and its keeping-in-touch contacts, the
//! start of work and the early help assessment (Ofsted Annex A list 2), to
//! a step-up back to social care or closure. Each event is on the child's
//! record, so the chronology shows the whole journey both ways.

use crate::early_help::{EarlyHelpClosureReason, EarlyHelpRoute, KeepingInTouchMethod};
use crate::ids::{ContactId, EarlyHelpEpisodeId, PersonId, ReferralId, TeamId};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Short free text: names, organisations.
const SHORT: usize = 200;
/// Reasons and notes.
const LONG: usize = 5000;

fn not_future(
    errors: &mut FieldErrors,
    field: &str,
    date: NaiveDate,
    today: NaiveDate,
    what: &str,
) {
    if date > today {
        errors.add(field, format!("{what} must be today or in the past"));
    }
}

/// A child is referred to early help: put on the waiting list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyHelpReferred {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub route: EarlyHelpRoute,
    /// The contact the MASH decided as early help (step-down from a contact).
    pub contact_id: Option<ContactId>,
    /// The children-in-need episode stepped down from.
    pub referral_id: Option<ReferralId>,
    /// The partner agency that asked (a partner request).
    pub requested_by: Option<String>,
    /// Why early help, in the words of whoever stepped the child down.
    pub reason: String,
    pub referred_on: NaiveDate,
}

impl EarlyHelpReferred {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text(
            "reason",
            &self.reason,
            "why the child is referred to early help",
            LONG,
        );
        not_future(
            &mut errors,
            "referred_on",
            self.referred_on,
            today,
            "The date of the referral",
        );
        match self.route {
            EarlyHelpRoute::StepDownFromContact if self.contact_id.is_none() => {
                errors.add(
                    "contact_id",
                    "A step-down from the MASH must name the contact it came from",
                );
            }
            EarlyHelpRoute::PartnerRequest => match &self.requested_by {
                None => errors.add(
                    "requested_by",
                    "Enter the partner agency that asked for early help",
                ),
                Some(by) => errors.require_text(
                    "requested_by",
                    by,
                    "the partner agency that asked for early help",
                    SHORT,
                ),
            },
            _ => {}
        }
        errors.into_result()
    }
}

/// An early help worker or team starts work: the family leaves the waiting list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyHelpStarted {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub started_on: NaiveDate,
    /// The lead professional, who may work for a partner (a school's
    /// family support worker) and so is named, not chosen from staff.
    pub lead_professional: String,
    /// Their organisation (SSD `earl_episode_organisation`).
    pub organisation: String,
    /// The authority's early help team, when it leads.
    pub team_id: Option<TeamId>,
}

impl EarlyHelpStarted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(
            &mut errors,
            "started_on",
            self.started_on,
            today,
            "The start date",
        );
        errors.require_text(
            "lead_professional",
            &self.lead_professional,
            "the lead professional's name",
            SHORT,
        );
        errors.require_text(
            "organisation",
            &self.organisation,
            "the lead professional's organisation",
            SHORT,
        );
        errors.into_result()
    }
}

/// A keeping-in-touch contact with a family on the waiting list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyHelpKeptInTouch {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub contacted_on: NaiveDate,
    pub method: KeepingInTouchMethod,
    /// Who the worker spoke to (a parent, the child, the school).
    pub spoke_with: Option<String>,
    /// What was said and whether the risk has changed.
    pub note: String,
}

impl EarlyHelpKeptInTouch {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(
            &mut errors,
            "contacted_on",
            self.contacted_on,
            today,
            "The date of the contact",
        );
        if self.method.reached_the_family() {
            match &self.spoke_with {
                None => errors.add("spoke_with", "Enter who you spoke to"),
                Some(s) => errors.require_text("spoke_with", s, "who you spoke to", SHORT),
            }
        }
        errors.require_text(
            "note",
            &self.note,
            "what was said and whether anything has changed",
            LONG,
        );
        errors.into_result()
    }
}

/// The early help assessment starts (Annex A list 2 "Assessment start date").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyHelpAssessmentStarted {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub started_on: NaiveDate,
}

impl EarlyHelpAssessmentStarted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(
            &mut errors,
            "assessment_started_on",
            self.started_on,
            today,
            "The assessment start date",
        );
        errors.into_result()
    }
}

/// The early help assessment is completed (Annex A list 2 "Assessment
/// completion date" and "Organisation completing assessment").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyHelpAssessmentCompleted {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub completed_on: NaiveDate,
    pub organisation: String,
}

impl EarlyHelpAssessmentCompleted {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(
            &mut errors,
            "assessment_completed_on",
            self.completed_on,
            today,
            "The assessment completion date",
        );
        errors.require_text(
            "assessment_organisation",
            &self.organisation,
            "the organisation that completed the assessment",
            SHORT,
        );
        errors.into_result()
    }
}

/// Needs have risen: the child goes back to children's social care. The
/// step-up is a new contact to the MASH (recorded in the same append), so
/// it is screened like any other and nothing falls between the services.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyHelpSteppedUp {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub contact_id: ContactId,
    pub stepped_up_on: NaiveDate,
    pub reason: String,
}

impl EarlyHelpSteppedUp {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(
            &mut errors,
            "stepped_up_on",
            self.stepped_up_on,
            today,
            "The date of the step-up",
        );
        errors.require_text(
            "step_up_reason",
            &self.reason,
            "why the child is stepped up to children's social care",
            LONG,
        );
        errors.into_result()
    }
}

/// The episode ends without a step-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyHelpClosed {
    pub episode_id: EarlyHelpEpisodeId,
    pub child_id: PersonId,
    pub closed_on: NaiveDate,
    pub reason: EarlyHelpClosureReason,
    pub note: Option<String>,
}

impl EarlyHelpClosed {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        not_future(
            &mut errors,
            "closed_on",
            self.closed_on,
            today,
            "The closure date",
        );
        match (&self.note, self.reason) {
            (None, EarlyHelpClosureReason::Other) => {
                errors.add("closure_note", "Enter the reason the episode is closing")
            }
            (Some(n), _) => {
                if n.trim().is_empty() && self.reason == EarlyHelpClosureReason::Other {
                    errors.add("closure_note", "Enter the reason the episode is closing");
                } else if n.chars().count() > LONG {
                    errors.add(
                        "closure_note",
                        format!("The note must be {LONG} characters or fewer"),
                    );
                }
            }
            _ => {}
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn referred(route: EarlyHelpRoute) -> EarlyHelpReferred {
        EarlyHelpReferred {
            episode_id: EarlyHelpEpisodeId::new(),
            child_id: PersonId::new(),
            route,
            contact_id: None,
            referral_id: None,
            requested_by: None,
            reason: "Parenting support after the assessment closed.".into(),
            referred_on: d(2026, 3, 2),
        }
    }

    #[test]
    fn a_referral_needs_a_reason_and_what_its_route_names() {
        let today = d(2026, 3, 2);
        assert!(
            referred(EarlyHelpRoute::StepDownFromChildInNeed)
                .validate(today)
                .is_ok()
        );
        let e = referred(EarlyHelpRoute::StepDownFromContact)
            .validate(today)
            .unwrap_err();
        assert!(e.for_field("contact_id").is_some());
        let e = referred(EarlyHelpRoute::PartnerRequest)
            .validate(today)
            .unwrap_err();
        assert_eq!(
            e.for_field("requested_by"),
            Some("Enter the partner agency that asked for early help")
        );
        let mut r = referred(EarlyHelpRoute::StepDownFromChildInNeed);
        r.reason = "  ".into();
        r.referred_on = d(2026, 3, 3);
        let e = r.validate(today).unwrap_err();
        assert!(e.for_field("reason").is_some() && e.for_field("referred_on").is_some());
    }

    #[test]
    fn keeping_in_touch_needs_a_note_and_who_was_reached() {
        let today = d(2026, 3, 10);
        let mut k = EarlyHelpKeptInTouch {
            episode_id: EarlyHelpEpisodeId::new(),
            child_id: PersonId::new(),
            contacted_on: today,
            method: KeepingInTouchMethod::PhoneCall,
            spoke_with: None,
            note: String::new(),
        };
        let e = k.validate(today).unwrap_err();
        assert!(e.for_field("spoke_with").is_some() && e.for_field("note").is_some());
        k.method = KeepingInTouchMethod::NoReply;
        k.note = "Rang twice, no answer; voicemail left.".into();
        assert!(
            k.validate(today).is_ok(),
            "nobody to name when nobody answered"
        );
        k.contacted_on = d(2026, 3, 11);
        assert!(
            k.validate(today)
                .unwrap_err()
                .for_field("contacted_on")
                .is_some()
        );
    }

    #[test]
    fn a_step_up_and_an_other_closure_need_reasons() {
        let today = d(2026, 3, 10);
        let up = EarlyHelpSteppedUp {
            episode_id: EarlyHelpEpisodeId::new(),
            child_id: PersonId::new(),
            contact_id: ContactId::new(),
            stepped_up_on: today,
            reason: String::new(),
        };
        assert!(
            up.validate(today)
                .unwrap_err()
                .for_field("step_up_reason")
                .is_some()
        );
        let closed = EarlyHelpClosed {
            episode_id: EarlyHelpEpisodeId::new(),
            child_id: PersonId::new(),
            closed_on: today,
            reason: EarlyHelpClosureReason::Other,
            note: None,
        };
        assert!(
            closed
                .validate(today)
                .unwrap_err()
                .for_field("closure_note")
                .is_some()
        );
        let closed = EarlyHelpClosed {
            reason: EarlyHelpClosureReason::NeedsMet,
            ..closed
        };
        assert!(closed.validate(today).is_ok());
    }
}
