//! Statutory and local clocks (issue 4; findings F15, F16, F19, F20, F21):
//! from one child's dated facts, every item due, for whom, by when, and
//! whether it is on time, due soon, overdue, met, met late, missed or no
//! longer required.
//!
//! Pure: the caller supplies the facts ([`ChildTimeline`]), the authority's
//! local numbers ([`ClockPolicy`]), the bank-holiday calendar and today's date.
//!
//! Where each timescale comes from (full references in
//! `shared/design/timescales.md`, sections 1, 4 and 5):
//!
//! | clock | timescale | basis |
//! |---|---|---|
//! | child and family assessment | 45 working days from the referral date; reasons recorded if exceeded | statutory guidance (Working Together 2023 ch.3) |
//! | initial child protection conference | 15 working days from the strategy discussion that started the s47 (DfE measures from the s47 start: a policy switch) | statutory guidance (WT2023 ch.3); CIN validator 8675Q |
//! | conference date not at a weekend | — | CIN validator 8875 |
//! | first core group | 10 working days from the initial conference | statutory guidance (WT wording kept in local procedures) |
//! | later core groups | local, default every 4 weeks | local procedures |
//! | first review conference | 3 calendar months from the initial conference | statutory guidance (WT2023 ch.3) |
//! | later review conferences | at most 6 calendar months after the previous | statutory guidance (WT2023 ch.3) |
//! | child protection visits | local, default every 10 working days | local procedures; no national figure |
//! | child in need visits and plan reviews | local (per plan), default 20 working days and 3 months | local procedures |
//! | pre-proceedings review and conclusion | local, default 8 and 16 weeks | Public Law Working Group guidance; 16 weeks not yet checked against the text |
//! | care proceedings | 26 weeks beginning with the day of issue | Children Act 1989 s32(1)(a)(ii) |
//!
//! Working days follow timescales.md section 5: England and Wales bank
//! holidays only, the anchor is day 0, and an anchor on a non-working day
//! starts counting from the next working day. Months are calendar months
//! clamped to the month's end. None of these timescales can be paused.

pub mod engine;
pub mod input;
pub mod rules;

#[cfg(test)]
mod tests;

pub use engine::{Anchor, ClockStatus, DueItem, Section47ToConferenceBand, due_items, late_reason_missing, working_days_taken};
pub use input::{
    AssessmentFacts, ChildTimeline, CinPlanFacts, ConferenceFacts, FactId, Occurrence, PlanFacts, PreProceedingsFacts, ProceedingsFacts,
    ReferralFacts, Section47Facts, StrategyDiscussionFacts,
};
pub use rules::{Basis, ClockPolicy, ConferenceDateError, IcpcMeasuredFrom, Period, Rule, check_conference_date};
