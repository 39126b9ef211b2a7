//! Early help (F11): help for families below the threshold for children's
//! social care, and the movement between the two.
//!
//! A child comes to early help by a *step-down* (from a contact the MASH
//! decided as early help, or from a children-in-need episode that is
//! closing) or by a request from a partner (a school, a health visitor).
//! Until an early help worker or team starts work, the family is on the
//! *waiting list*, where risk is reviewed by *keeping-in-touch* contacts at
//! a set interval: the finding (33 families waiting, risk reviewed only by
//! calls) is that a waiting family can slip out of sight. If needs rise the
//! child is *stepped up* back to social care, through the MASH.
//!
//! A child stepped down and then referred to children's social care again
//! within three calendar months is flagged: either the step-down was wrong
//! or the help did not arrive in time, and managers need to see both.

use crate::calendar::{Calendar, add_calendar_months};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a child came to early help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EarlyHelpRoute {
    /// The MASH decided a contact as early help and a manager authorised it.
    StepDownFromContact,
    /// A children-in-need episode closing with early help to follow.
    StepDownFromChildInNeed,
    /// A partner agency asked for early help directly.
    PartnerRequest,
}

impl EarlyHelpRoute {
    pub const ALL: &'static [EarlyHelpRoute] = &[
        EarlyHelpRoute::StepDownFromContact,
        EarlyHelpRoute::StepDownFromChildInNeed,
        EarlyHelpRoute::PartnerRequest,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EarlyHelpRoute::StepDownFromContact => "step_down_from_contact",
            EarlyHelpRoute::StepDownFromChildInNeed => "step_down_from_child_in_need",
            EarlyHelpRoute::PartnerRequest => "partner_request",
        }
    }

    pub fn from_code(code: &str) -> Option<EarlyHelpRoute> {
        EarlyHelpRoute::ALL
            .iter()
            .copied()
            .find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            EarlyHelpRoute::StepDownFromContact => "Step-down from the MASH",
            EarlyHelpRoute::StepDownFromChildInNeed => "Step-down from children in need",
            EarlyHelpRoute::PartnerRequest => "Request from a partner agency",
        }
    }

    /// Step-downs are what the quick re-referral flag watches.
    pub fn is_step_down(self) -> bool {
        !matches!(self, EarlyHelpRoute::PartnerRequest)
    }
}

/// How a keeping-in-touch contact was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeepingInTouchMethod {
    PhoneCall,
    HomeVisit,
    TextOrEmail,
    Letter,
    /// Tried and did not reach the family. Recorded, because repeated
    /// failed attempts are themselves a worry, but it does not count as
    /// keeping in touch: the next contact stays due.
    NoReply,
}

impl KeepingInTouchMethod {
    pub const ALL: &'static [KeepingInTouchMethod] = &[
        KeepingInTouchMethod::PhoneCall,
        KeepingInTouchMethod::HomeVisit,
        KeepingInTouchMethod::TextOrEmail,
        KeepingInTouchMethod::Letter,
        KeepingInTouchMethod::NoReply,
    ];

    pub fn code(self) -> &'static str {
        match self {
            KeepingInTouchMethod::PhoneCall => "phone_call",
            KeepingInTouchMethod::HomeVisit => "home_visit",
            KeepingInTouchMethod::TextOrEmail => "text_or_email",
            KeepingInTouchMethod::Letter => "letter",
            KeepingInTouchMethod::NoReply => "no_reply",
        }
    }

    pub fn from_code(code: &str) -> Option<KeepingInTouchMethod> {
        KeepingInTouchMethod::ALL
            .iter()
            .copied()
            .find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            KeepingInTouchMethod::PhoneCall => "Phone call",
            KeepingInTouchMethod::HomeVisit => "Home visit",
            KeepingInTouchMethod::TextOrEmail => "Text message or email",
            KeepingInTouchMethod::Letter => "Letter",
            KeepingInTouchMethod::NoReply => "Tried to make contact, no reply",
        }
    }

    /// Whether the contact resets the keeping-in-touch clock.
    pub fn reached_the_family(self) -> bool {
        !matches!(self, KeepingInTouchMethod::NoReply)
    }
}

/// Why an early help episode ended, other than a step-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EarlyHelpClosureReason {
    NeedsMet,
    UniversalServices,
    ConsentWithdrawn,
    MovedAway,
    Other,
}

impl EarlyHelpClosureReason {
    pub const ALL: &'static [EarlyHelpClosureReason] = &[
        EarlyHelpClosureReason::NeedsMet,
        EarlyHelpClosureReason::UniversalServices,
        EarlyHelpClosureReason::ConsentWithdrawn,
        EarlyHelpClosureReason::MovedAway,
        EarlyHelpClosureReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EarlyHelpClosureReason::NeedsMet => "needs_met",
            EarlyHelpClosureReason::UniversalServices => "universal_services",
            EarlyHelpClosureReason::ConsentWithdrawn => "consent_withdrawn",
            EarlyHelpClosureReason::MovedAway => "moved_away",
            EarlyHelpClosureReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<EarlyHelpClosureReason> {
        EarlyHelpClosureReason::ALL
            .iter()
            .copied()
            .find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            EarlyHelpClosureReason::NeedsMet => "Needs met: the plan's outcomes were achieved",
            EarlyHelpClosureReason::UniversalServices => "Needs can be met by universal services",
            EarlyHelpClosureReason::ConsentWithdrawn => {
                "The family withdrew consent or declined help"
            }
            EarlyHelpClosureReason::MovedAway => "The family moved out of the area",
            EarlyHelpClosureReason::Other => "Another reason",
        }
    }
}

/// Where an episode stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EpisodeStatus {
    /// Referred, and no worker or team has started: on the waiting list.
    Waiting,
    Started,
    SteppedUp,
    Closed,
}

impl EpisodeStatus {
    pub const ALL: &'static [EpisodeStatus] = &[
        EpisodeStatus::Waiting,
        EpisodeStatus::Started,
        EpisodeStatus::SteppedUp,
        EpisodeStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EpisodeStatus::Waiting => "waiting",
            EpisodeStatus::Started => "started",
            EpisodeStatus::SteppedUp => "stepped_up",
            EpisodeStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<EpisodeStatus> {
        EpisodeStatus::ALL
            .iter()
            .copied()
            .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            EpisodeStatus::Waiting => "On the waiting list",
            EpisodeStatus::Started => "Early help under way",
            EpisodeStatus::SteppedUp => "Stepped up to children's social care",
            EpisodeStatus::Closed => "Closed",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, EpisodeStatus::Waiting | EpisodeStatus::Started)
    }
}

/// How often a family on the waiting list must be contacted. There is no
/// national rule; each authority's early help service sets its own. The
/// default is every 10 working days (a fortnight, with bank holidays
/// pushing it on), counted from the referral and then from the last time
/// the family was reached. Working days, because the calls are made by a
/// team that works them, and a due date on a bank holiday helps nobody.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepingInTouchPolicy {
    pub every_working_days: u32,
}

impl Default for KeepingInTouchPolicy {
    fn default() -> Self {
        Self {
            every_working_days: 10,
        }
    }
}

impl KeepingInTouchPolicy {
    /// When the next keeping-in-touch contact is due: the interval counted
    /// from the last time the family was reached, or from the referral if
    /// they have not been reached since.
    pub fn next_due(
        &self,
        referred_on: NaiveDate,
        last_reached_on: Option<NaiveDate>,
        calendar: &Calendar,
    ) -> NaiveDate {
        let from = last_reached_on.map_or(referred_on, |l| l.max(referred_on));
        calendar.add_working_days(from, self.every_working_days)
    }
}

/// How a keeping-in-touch due date reads on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeepingInTouchState {
    /// Due on a later day.
    DueOn(NaiveDate),
    DueToday,
    /// Past due by this many calendar days.
    Overdue(i64),
}

impl KeepingInTouchState {
    pub fn on(due: NaiveDate, today: NaiveDate) -> KeepingInTouchState {
        match (due - today).num_days() {
            0 => KeepingInTouchState::DueToday,
            n if n < 0 => KeepingInTouchState::Overdue(-n),
            _ => KeepingInTouchState::DueOn(due),
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, KeepingInTouchState::Overdue(_))
    }
}

/// A referral to children's social care within this many calendar months
/// of a step-down is flagged.
pub const QUICK_REREFERRAL_MONTHS: u32 = 3;

/// The last day on which a referral counts as a quick re-referral after a
/// step-down on `stepped_down_on`: three calendar months on (31 May + 3
/// months is 31 August; 30 November + 3 months is 28 or 29 February).
pub fn quick_rereferral_window_ends(stepped_down_on: NaiveDate) -> NaiveDate {
    add_calendar_months(stepped_down_on, QUICK_REREFERRAL_MONTHS)
}

/// Whether a referral dated `referral_date` is a quick re-referral after a
/// step-down on `stepped_down_on`: on or after the step-down and no later
/// than three calendar months after it.
pub fn is_quick_rereferral(stepped_down_on: NaiveDate, referral_date: NaiveDate) -> bool {
    referral_date >= stepped_down_on
        && referral_date <= quick_rereferral_window_ends(stepped_down_on)
}

/// Calendar days on the waiting list by `today`.
pub fn days_waiting(referred_on: NaiveDate, today: NaiveDate) -> i64 {
    (today - referred_on).num_days().max(0)
}

/// The median of some whole numbers of days, rounded down; none of none.
pub fn median_days(days: &[i64]) -> Option<i64> {
    if days.is_empty() {
        return None;
    }
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn keeping_in_touch_is_due_ten_working_days_after_the_last_time_the_family_was_reached() {
        let cal = Calendar::england_and_wales();
        let policy = KeepingInTouchPolicy::default();
        // Referred Monday 2 March 2026: two working weeks on is Monday 16 March.
        assert_eq!(policy.next_due(d(2026, 3, 2), None, &cal), d(2026, 3, 16));
        // Reached on Friday 13 March: due Friday 27 March.
        assert_eq!(
            policy.next_due(d(2026, 3, 2), Some(d(2026, 3, 13)), &cal),
            d(2026, 3, 27)
        );
        // Easter 2026 (Good Friday 3 April, Easter Monday 6 April) pushes it two days.
        assert_eq!(
            policy.next_due(d(2026, 3, 2), Some(d(2026, 3, 27)), &cal),
            d(2026, 4, 14)
        );
        // A contact dated before the referral (recorded against the wrong episode) does not move the clock back.
        assert_eq!(
            policy.next_due(d(2026, 3, 2), Some(d(2026, 2, 1)), &cal),
            d(2026, 3, 16)
        );
        let weekly = KeepingInTouchPolicy {
            every_working_days: 5,
        };
        assert_eq!(weekly.next_due(d(2026, 3, 2), None, &cal), d(2026, 3, 9));
    }

    #[test]
    fn an_unanswered_attempt_does_not_count_as_keeping_in_touch() {
        assert!(!KeepingInTouchMethod::NoReply.reached_the_family());
        assert!(KeepingInTouchMethod::PhoneCall.reached_the_family());
        for m in KeepingInTouchMethod::ALL {
            assert_eq!(KeepingInTouchMethod::from_code(m.code()), Some(*m));
        }
    }

    #[test]
    fn a_due_date_reads_as_due_today_or_overdue_by_days() {
        let due = d(2026, 3, 16);
        assert_eq!(
            KeepingInTouchState::on(due, d(2026, 3, 15)),
            KeepingInTouchState::DueOn(due)
        );
        assert_eq!(
            KeepingInTouchState::on(due, d(2026, 3, 16)),
            KeepingInTouchState::DueToday
        );
        assert!(!KeepingInTouchState::on(due, d(2026, 3, 16)).is_overdue());
        assert_eq!(
            KeepingInTouchState::on(due, d(2026, 3, 19)),
            KeepingInTouchState::Overdue(3)
        );
    }

    #[test]
    fn a_referral_within_three_calendar_months_of_a_step_down_is_flagged() {
        let down = d(2026, 5, 31);
        assert_eq!(quick_rereferral_window_ends(down), d(2026, 8, 31));
        assert!(
            is_quick_rereferral(down, d(2026, 5, 31)),
            "the same day counts"
        );
        assert!(
            is_quick_rereferral(down, d(2026, 8, 31)),
            "the last day of the window counts"
        );
        assert!(
            !is_quick_rereferral(down, d(2026, 9, 1)),
            "the day after does not"
        );
        assert!(
            !is_quick_rereferral(down, d(2026, 5, 30)),
            "a referral before the step-down is not a re-referral after it"
        );
        // Month ends clamp: 30 November + 3 months is the end of February.
        assert_eq!(
            quick_rereferral_window_ends(d(2026, 11, 30)),
            d(2027, 2, 28)
        );
        assert_eq!(
            quick_rereferral_window_ends(d(2027, 11, 30)),
            d(2028, 2, 29)
        );
    }

    #[test]
    fn only_step_downs_are_watched_for_quick_re_referral() {
        assert!(EarlyHelpRoute::StepDownFromContact.is_step_down());
        assert!(EarlyHelpRoute::StepDownFromChildInNeed.is_step_down());
        assert!(!EarlyHelpRoute::PartnerRequest.is_step_down());
        for r in EarlyHelpRoute::ALL {
            assert_eq!(EarlyHelpRoute::from_code(r.code()), Some(*r));
        }
    }

    #[test]
    fn waiting_time_and_its_median() {
        assert_eq!(days_waiting(d(2026, 3, 1), d(2026, 3, 29)), 28);
        assert_eq!(days_waiting(d(2026, 3, 1), d(2026, 2, 1)), 0);
        assert_eq!(median_days(&[]), None);
        assert_eq!(median_days(&[40, 3, 10]), Some(10));
        assert_eq!(median_days(&[3, 10, 40, 11]), Some(10));
        assert!(EpisodeStatus::Waiting.is_open() && !EpisodeStatus::SteppedUp.is_open());
    }
}
