//! Child protection and child in need plans (F18, F20): what each must hold,
//! how one ends, and the census rules on plans that overlap.

use super::conference::AbuseCategory;
use super::{LONG_TEXT_MAX, not_before, past_date};
use crate::actions::{Action, validate_actions};
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A contingency plan of a few words ("escalate if needed") is the vague
/// plan inspectors criticise (F18); this floor stops the empty gesture
/// without pretending to judge quality.
pub const CONTINGENCY_MIN: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CpPlanEndReason {
    /// Risk reduced; the child goes on with a child in need plan.
    StepDownToChildInNeed,
    /// Risk reduced and no further services needed.
    NoLongerNeeded,
    BecameLookedAfter,
    TransferredToAnotherAuthority,
    Reached18,
    Died,
    Other,
}

impl CpPlanEndReason {
    pub const ALL: &'static [CpPlanEndReason] = &[
        CpPlanEndReason::StepDownToChildInNeed,
        CpPlanEndReason::NoLongerNeeded,
        CpPlanEndReason::BecameLookedAfter,
        CpPlanEndReason::TransferredToAnotherAuthority,
        CpPlanEndReason::Reached18,
        CpPlanEndReason::Died,
        CpPlanEndReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CpPlanEndReason::StepDownToChildInNeed => "step_down_to_child_in_need",
            CpPlanEndReason::NoLongerNeeded => "no_longer_needed",
            CpPlanEndReason::BecameLookedAfter => "became_looked_after",
            CpPlanEndReason::TransferredToAnotherAuthority => "transferred_to_another_authority",
            CpPlanEndReason::Reached18 => "reached18",
            CpPlanEndReason::Died => "died",
            CpPlanEndReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<CpPlanEndReason> {
        CpPlanEndReason::ALL.iter().copied().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            CpPlanEndReason::StepDownToChildInNeed => "Risk reduced: continues as a child in need",
            CpPlanEndReason::NoLongerNeeded => "Risk reduced: no further services needed",
            CpPlanEndReason::BecameLookedAfter => "The child came into care",
            CpPlanEndReason::TransferredToAnotherAuthority => "Transferred to another local authority",
            CpPlanEndReason::Reached18 => "The young person turned 18",
            CpPlanEndReason::Died => "The child died",
            CpPlanEndReason::Other => "Another reason",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildProtectionPlan {
    /// The day of the initial conference that made it (census 2885).
    pub started_on: Option<NaiveDate>,
    pub initial_category: Option<AbuseCategory>,
    /// Changed by a review conference; the same as the initial category
    /// until one does.
    pub latest_category: Option<AbuseCategory>,
    pub contingency_plan: String,
    pub actions: Vec<Action>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<CpPlanEndReason>,
    /// Required when the end reason is "another reason".
    pub end_reason_detail: String,
}

impl ChildProtectionPlan {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let started = past_date(&mut errors, "started_on", self.started_on, today, "the date the plan started");
        if self.initial_category.is_none() {
            errors.add("initial_category", "Select the category of abuse the plan was first made under");
        }
        if self.latest_category.is_none() {
            errors.add("latest_category", "Select the current category of abuse");
        }
        let contingency = self.contingency_plan.trim().chars().count();
        if contingency == 0 {
            errors.add("contingency_plan", "Enter the contingency plan: what will happen if the plan is not keeping the child safe");
        } else if contingency < CONTINGENCY_MIN {
            errors.add(
                "contingency_plan",
                format!("Describe the contingency plan in more detail: who will do what if the plan is not keeping the child safe (at least {CONTINGENCY_MIN} characters)"),
            );
        } else if contingency > LONG_TEXT_MAX {
            errors.add("contingency_plan", format!("The contingency plan must be {LONG_TEXT_MAX} characters or fewer"));
        }
        if self.actions.is_empty() {
            errors.add("actions", "Add at least one action, with who will do it and by when");
        }
        validate_actions(&self.actions, "actions", started, today, &mut errors);
        validate_end(&mut errors, started, self.ended_on, self.end_reason.is_some(), today, true);
        if self.ended_on.is_some() && self.end_reason.is_none() {
            errors.add("end_reason", "Select why the plan ended");
        }
        if self.end_reason == Some(CpPlanEndReason::Other) {
            errors.require_text("end_reason_detail", &self.end_reason_detail, "why the plan ended", LONG_TEXT_MAX);
        }
        errors.into_result()
    }

    pub fn period(&self) -> Option<PlanPeriod> {
        self.started_on.map(|s| PlanPeriod { kind: PlanKind::ChildProtection, started_on: s, ended_on: self.ended_on })
    }
}

/// The end date rules shared by both plans: an end reason without a date,
/// a date in the future, or a date before the start are refused. The
/// census refuses a child protection plan that starts and ends on the same
/// day (8840) but only queries it for a child in need plan (4012Q).
fn validate_end(
    errors: &mut FieldErrors,
    started: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
    has_reason: bool,
    today: NaiveDate,
    same_day_refused: bool,
) {
    match ended_on {
        None if has_reason => errors.add("ended_on", "Enter the date the plan ended"),
        None => {}
        Some(end) => {
            let end = past_date(errors, "ended_on", Some(end), today, "the date the plan ended");
            not_before(errors, "ended_on", end, started, "The date the plan ended must be after the date it started");
            if same_day_refused
                && let (Some(e), Some(s)) = (end, started)
                && e == s
            {
                errors.add("ended_on", "The date the plan ended must be after the date it started");
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildInNeedPlan {
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    /// How often the child is to be visited, in days (F20: visits in line
    /// with need are set per plan, not left to memory).
    pub visit_every_days: Option<u32>,
    pub end_reason: String,
}

/// The longest gap between visits a plan may set. Local policy commonly
/// says at least every six weeks for a child in need; thirteen weeks is the
/// outer limit beyond which the plan is not one of visiting at all.
pub const CIN_VISIT_MAX_DAYS: u32 = 91;

impl ChildInNeedPlan {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let started = past_date(&mut errors, "started_on", self.started_on, today, "the date the plan started");
        match self.visit_every_days {
            None => errors.add("visit_every_days", "Enter how often the child will be visited, in days"),
            Some(0) => errors.add("visit_every_days", "How often the child will be visited must be at least every 1 day"),
            Some(n) if n > CIN_VISIT_MAX_DAYS => errors
                .add("visit_every_days", format!("How often the child will be visited must be at most every {CIN_VISIT_MAX_DAYS} days")),
            Some(_) => {}
        }
        let has_reason = !self.end_reason.trim().is_empty();
        validate_end(&mut errors, started, self.ended_on, has_reason, today, false);
        if self.ended_on.is_some() && !has_reason {
            errors.add("end_reason", "Enter why the plan ended");
        }
        errors.into_result()
    }

    pub fn period(&self) -> Option<PlanPeriod> {
        self.started_on.map(|s| PlanPeriod { kind: PlanKind::ChildInNeed, started_on: s, ended_on: self.ended_on })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    ChildProtection,
    ChildInNeed,
}

/// When a plan ran, for the overlap rule. Counted from the start day up to
/// but not including the end day, so a child in need plan that ends on the
/// day the child protection plan starts (the usual step-up at an initial
/// conference, and step-down at a review) does not overlap it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPeriod {
    pub kind: PlanKind,
    pub started_on: NaiveDate,
    /// `None` while the plan is open.
    pub ended_on: Option<NaiveDate>,
}

impl PlanPeriod {
    pub fn overlaps(&self, other: &PlanPeriod) -> bool {
        let before_end = |d: NaiveDate, end: Option<NaiveDate>| end.is_none_or(|e| d < e);
        before_end(self.started_on, other.ended_on) && before_end(other.started_on, self.ended_on)
    }
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn describe(p: &PlanPeriod) -> String {
    match p.ended_on {
        None => format!("that started on {} and is still open", long_date(p.started_on)),
        Some(e) => format!("from {} to {}", long_date(p.started_on), long_date(e)),
    }
}

/// Checks a proposed plan against the child's other plans (when editing a
/// plan, leave it out of `existing`): one child protection plan at a time
/// (census 8935, 8940), no child in need plan while a child protection plan
/// is open (4001, 4016, 4017), child in need plans not overlapping (4004,
/// 4014), and no end before the start.
pub fn check_plan_overlap(existing: &[PlanPeriod], proposed: &PlanPeriod) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if proposed.ended_on.is_some_and(|e| e < proposed.started_on) {
        errors.add("ended_on", "The date the plan ended must be on or after the date it started");
        return errors.into_result();
    }
    for other in existing.iter().filter(|o| o.overlaps(proposed)) {
        let message = match (proposed.kind, other.kind) {
            (PlanKind::ChildProtection, PlanKind::ChildProtection) => format!(
                "The child already has a child protection plan {}. A child can only have one child protection plan at a time: end that plan first",
                describe(other)
            ),
            (PlanKind::ChildProtection, PlanKind::ChildInNeed) => {
                format!("The child has a child in need plan {}. End it on the day the child protection plan starts", describe(other))
            }
            (PlanKind::ChildInNeed, PlanKind::ChildProtection) => format!(
                "The child has a child protection plan {}. A child in need plan cannot run at the same time: start it on or after the day the child protection plan ends",
                describe(other)
            ),
            (PlanKind::ChildInNeed, PlanKind::ChildInNeed) => {
                format!("The child already has a child in need plan {}. End that plan before starting another", describe(other))
            }
        };
        errors.add("started_on", message);
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::tests::{action, d};

    fn today() -> NaiveDate {
        d(2026, 11, 23)
    }

    fn cp_plan() -> ChildProtectionPlan {
        ChildProtectionPlan {
            started_on: Some(d(2026, 9, 1)),
            initial_category: Some(AbuseCategory::Neglect),
            latest_category: Some(AbuseCategory::Emotional),
            contingency_plan:
                "If the home conditions fall below the agreed standard again, a legal planning meeting is held within 5 days.".into(),
            actions: vec![action(d(2026, 9, 15))],
            ended_on: None,
            end_reason: None,
            end_reason_detail: String::new(),
        }
    }

    fn cin_plan() -> ChildInNeedPlan {
        ChildInNeedPlan { started_on: Some(d(2026, 6, 1)), ended_on: None, visit_every_days: Some(28), end_reason: String::new() }
    }

    #[test]
    fn a_complete_cp_plan_is_accepted() {
        assert!(cp_plan().validate(today()).is_ok());
        let ended =
            ChildProtectionPlan { ended_on: Some(d(2026, 11, 20)), end_reason: Some(CpPlanEndReason::StepDownToChildInNeed), ..cp_plan() };
        assert!(ended.validate(today()).is_ok());
    }

    #[test]
    fn a_cp_plan_needs_both_categories() {
        let e = ChildProtectionPlan { initial_category: None, latest_category: None, ..cp_plan() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("initial_category"), Some("Select the category of abuse the plan was first made under"));
        assert_eq!(e.for_field("latest_category"), Some("Select the current category of abuse"));
    }

    #[test]
    fn a_cp_plan_needs_a_real_contingency_plan() {
        let e = ChildProtectionPlan { contingency_plan: " ".into(), ..cp_plan() }.validate(today()).unwrap_err();
        assert!(e.for_field("contingency_plan").unwrap().starts_with("Enter the contingency plan"));
        let e = ChildProtectionPlan { contingency_plan: "Escalate".into(), ..cp_plan() }.validate(today()).unwrap_err();
        assert!(e.for_field("contingency_plan").unwrap().starts_with("Describe the contingency plan in more detail"));
    }

    #[test]
    fn a_cp_plan_needs_actions_each_with_owner_and_date() {
        let e = ChildProtectionPlan { actions: vec![], ..cp_plan() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("actions"), Some("Add at least one action, with who will do it and by when"));
        let e = ChildProtectionPlan { actions: vec![Action { owner: None, ..action(d(2026, 9, 15)) }], ..cp_plan() }
            .validate(today())
            .unwrap_err();
        assert!(e.for_field("actions[0].owner").is_some());
        let e = ChildProtectionPlan { actions: vec![action(d(2026, 8, 15))], ..cp_plan() }.validate(today()).unwrap_err();
        assert!(e.for_field("actions[0].due_on").is_some());
    }

    #[test]
    fn a_cp_plan_cannot_start_in_the_future() {
        let e = ChildProtectionPlan { started_on: Some(d(2026, 12, 1)), ..cp_plan() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("started_on"), Some("The date the plan started must be today or in the past"));
    }

    #[test]
    fn a_cp_plan_end_needs_a_reason_and_a_date_after_the_start() {
        let e = ChildProtectionPlan { ended_on: Some(d(2026, 11, 20)), ..cp_plan() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("end_reason"), Some("Select why the plan ended"));
        let e = ChildProtectionPlan { end_reason: Some(CpPlanEndReason::Reached18), ..cp_plan() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("ended_on"), Some("Enter the date the plan ended"));
        let e = ChildProtectionPlan { ended_on: Some(d(2026, 8, 31)), end_reason: Some(CpPlanEndReason::Reached18), ..cp_plan() }
            .validate(today())
            .unwrap_err();
        assert_eq!(e.for_field("ended_on"), Some("The date the plan ended must be after the date it started"));
        let e = ChildProtectionPlan { ended_on: Some(d(2026, 9, 1)), end_reason: Some(CpPlanEndReason::Reached18), ..cp_plan() }
            .validate(today())
            .unwrap_err();
        assert_eq!(e.for_field("ended_on"), Some("The date the plan ended must be after the date it started"));
        let e = ChildProtectionPlan { ended_on: Some(d(2026, 12, 1)), end_reason: Some(CpPlanEndReason::Reached18), ..cp_plan() }
            .validate(today())
            .unwrap_err();
        assert_eq!(e.for_field("ended_on"), Some("The date the plan ended must be today or in the past"));
        let e = ChildProtectionPlan { ended_on: Some(d(2026, 11, 20)), end_reason: Some(CpPlanEndReason::Other), ..cp_plan() }
            .validate(today())
            .unwrap_err();
        assert_eq!(e.for_field("end_reason_detail"), Some("Enter why the plan ended"));
    }

    #[test]
    fn a_cin_plan_needs_a_visit_frequency_and_an_end_reason() {
        assert!(cin_plan().validate(today()).is_ok());
        let e = ChildInNeedPlan { visit_every_days: None, ..cin_plan() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("visit_every_days"), Some("Enter how often the child will be visited, in days"));
        assert!(ChildInNeedPlan { visit_every_days: Some(0), ..cin_plan() }.validate(today()).is_err());
        assert!(ChildInNeedPlan { visit_every_days: Some(120), ..cin_plan() }.validate(today()).is_err());
        let e = ChildInNeedPlan { ended_on: Some(d(2026, 11, 1)), ..cin_plan() }.validate(today()).unwrap_err();
        assert_eq!(e.for_field("end_reason"), Some("Enter why the plan ended"));
        let e =
            ChildInNeedPlan { ended_on: Some(d(2026, 5, 1)), end_reason: "Needs met".into(), ..cin_plan() }.validate(today()).unwrap_err();
        assert!(e.for_field("ended_on").is_some());
        let ok = ChildInNeedPlan { ended_on: Some(d(2026, 6, 1)), end_reason: "Moved to CP plan the same day".into(), ..cin_plan() };
        assert!(ok.validate(today()).is_ok(), "the census only queries a same-day CIN plan");
    }

    fn period(kind: PlanKind, start: NaiveDate, end: Option<NaiveDate>) -> PlanPeriod {
        PlanPeriod { kind, started_on: start, ended_on: end }
    }

    #[test]
    fn only_one_open_cp_plan_per_child() {
        let open_cp = period(PlanKind::ChildProtection, d(2026, 3, 1), None);
        let new_cp = period(PlanKind::ChildProtection, d(2026, 11, 2), None);
        let e = check_plan_overlap(&[open_cp], &new_cp).unwrap_err();
        assert_eq!(
            e.for_field("started_on"),
            Some(
                "The child already has a child protection plan that started on 1 March 2026 and is still open. A child can only have one child protection plan at a time: end that plan first"
            )
        );
        let ended_cp = period(PlanKind::ChildProtection, d(2026, 3, 1), Some(d(2026, 9, 1)));
        assert!(check_plan_overlap(&[ended_cp], &new_cp).is_ok());
        let backdated = period(PlanKind::ChildProtection, d(2026, 8, 1), Some(d(2026, 10, 1)));
        assert!(check_plan_overlap(&[ended_cp], &backdated).is_err());
    }

    #[test]
    fn no_cin_plan_open_during_a_cp_plan() {
        let cp = period(PlanKind::ChildProtection, d(2026, 9, 1), None);
        let cin = period(PlanKind::ChildInNeed, d(2026, 10, 1), None);
        assert!(check_plan_overlap(&[cp], &cin).unwrap_err().for_field("started_on").unwrap().contains("cannot run at the same time"));
        let open_cin = period(PlanKind::ChildInNeed, d(2026, 6, 1), None);
        assert!(check_plan_overlap(&[open_cin], &cp).unwrap_err().for_field("started_on").unwrap().contains("End it on the day"));
        // Step-up: the CIN plan ends the day the CP plan starts.
        let stepped_up = period(PlanKind::ChildInNeed, d(2026, 6, 1), Some(d(2026, 9, 1)));
        assert!(check_plan_overlap(&[stepped_up], &cp).is_ok());
        // Step-down: the CIN plan starts the day the CP plan ends.
        let ended_cp = period(PlanKind::ChildProtection, d(2026, 9, 1), Some(d(2026, 11, 2)));
        assert!(check_plan_overlap(&[ended_cp], &period(PlanKind::ChildInNeed, d(2026, 11, 2), None)).is_ok());
    }

    #[test]
    fn cin_plans_do_not_overlap_each_other() {
        let a = period(PlanKind::ChildInNeed, d(2026, 1, 5), Some(d(2026, 4, 30)));
        let e = check_plan_overlap(&[a], &period(PlanKind::ChildInNeed, d(2026, 4, 1), None)).unwrap_err();
        assert_eq!(
            e.for_field("started_on"),
            Some("The child already has a child in need plan from 5 January 2026 to 30 April 2026. End that plan before starting another")
        );
        assert!(check_plan_overlap(&[a], &period(PlanKind::ChildInNeed, d(2026, 4, 30), None)).is_ok());
    }

    #[test]
    fn a_proposed_plan_cannot_end_before_it_starts() {
        let e = check_plan_overlap(&[], &period(PlanKind::ChildInNeed, d(2026, 4, 1), Some(d(2026, 3, 1)))).unwrap_err();
        assert_eq!(e.for_field("ended_on"), Some("The date the plan ended must be on or after the date it started"));
    }

    #[test]
    fn plan_periods_come_from_the_plans() {
        assert_eq!(cp_plan().period().map(|p| p.kind), Some(PlanKind::ChildProtection));
        assert_eq!(ChildInNeedPlan { started_on: None, ..cin_plan() }.period(), None);
        for r in CpPlanEndReason::ALL {
            assert_eq!(CpPlanEndReason::from_code(r.code()), Some(*r));
        }
    }
}
