//! Children's timelines for the clock engine (issue 4, F15): the dated facts
//! of each child's assessments, enquiries, conferences, plans, meetings and
//! proceedings, read from the projection tables into the domain's
//! [`ChildTimeline`].
//!
//! One loader serves the clocks projection (one child, inside the append's
//! transaction) and whole-authority readers (every child at once, a query
//! per table rather than per child), so both see the same facts the same way.

use crate::db::{Pools, Row, Tx, Value};
use crate::error::StoreError;
use crate::{Store, params};
use chrono::NaiveDate;
use hearth_domain::calendar::{BankHoliday, Calendar};
use hearth_domain::child_protection::Section47Outcome;
use hearth_domain::clocks::{
    AssessmentFacts, ChildTimeline, CinPlanFacts, ClockPolicy, ConferenceFacts, FactId, Occurrence, Period, PlanFacts, PreProceedingsFacts,
    ProceedingsFacts, ReferralFacts, Section47Facts, StrategyDiscussionFacts, due_items,
};
use hearth_domain::ids::PersonId;
use std::collections::BTreeMap;

/// Where the rows come from: the open write transaction (so a projection
/// sees what the same append has just written) or the read pools.
pub(crate) enum Reader<'a> {
    Tx(&'a mut Tx),
    Pools(&'a Pools),
}

impl Reader<'_> {
    async fn fetch_all(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        match self {
            Reader::Tx(tx) => tx.fetch_all(sql, params).await,
            Reader::Pools(pools) => pools.fetch_all(sql, params).await,
        }
    }
}

/// The queries, each ending where a `WHERE child_id = $1` can be added.
const REFERRALS: &str = "SELECT referral_id, child_id, referral_date, closed_on FROM referrals";
const ASSESSMENTS: &str = "SELECT assessment_id, child_id, referral_id, started_on, authorised_on, late_reason FROM assessments";
const DISCUSSIONS: &str = "SELECT discussion_id, child_id, held_on FROM strategy_discussions";
const ENQUIRIES: &str = "SELECT enquiry_id, child_id, discussion_id, started_on, outcome, completed_on FROM section47s";
const CONFERENCES: &str = "SELECT conference_id, child_id, kind, enquiry_id, held_on, late_reason FROM conferences";
const PLANS: &str = "SELECT plan_id, child_id, kind, started_on, ended_on, visit_every_days, review_every_months FROM plans";
const MEETINGS: &str = "SELECT meeting_id, child_id, kind, plan_kind, held_on, child_seen, late_reason FROM plan_meetings";
const PRE_PROCEEDINGS: &str =
    "SELECT pre_proceedings_id, child_id, started_on, last_review_on, review_late_reason, ended_on, late_reason FROM pre_proceedings";
const PROCEEDINGS: &str = "SELECT proceedings_id, child_id, issued_on, concluded_on, late_reason FROM proceedings";

/// A recorded reason, or none if it was left blank.
fn reason(r: &Row, column: &str) -> Result<Option<String>, StoreError> {
    Ok(r.opt_str(column)?.filter(|s| !s.trim().is_empty()))
}

fn fact(r: &Row, column: &str) -> Result<FactId, StoreError> {
    Ok(FactId(r.str(column)?))
}

/// A frequency stored as a whole number; a nonsense one (zero, negative)
/// falls back to the authority's default rather than a clock due every day.
fn positive(r: &Row, column: &str) -> Result<Option<u32>, StoreError> {
    Ok(r.opt_i64(column)?.and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0))
}

/// Reads the timelines of one child (`Some`) or of every child with any
/// clocked fact (`None`). Children with none are left out.
pub(crate) async fn load(reader: &mut Reader<'_>, child: Option<PersonId>) -> Result<BTreeMap<PersonId, ChildTimeline>, StoreError> {
    let child_text = child.map(|c| c.0.to_string());
    let mut rows = Vec::with_capacity(9);
    for base in [REFERRALS, ASSESSMENTS, DISCUSSIONS, ENQUIRIES, CONFERENCES, PLANS, MEETINGS, PRE_PROCEEDINGS, PROCEEDINGS] {
        let fetched = match &child_text {
            Some(id) => reader.fetch_all(&format!("{base} WHERE child_id = $1"), params![id.as_str()]).await?,
            None => reader.fetch_all(base, &[]).await?,
        };
        rows.push(fetched);
    }
    let [referrals, assessments, discussions, enquiries, conferences, plans, meetings, pre_proceedings, proceedings]: [Vec<Row>; 9] =
        rows.try_into().map_err(|_| StoreError::Corrupt("timeline queries".to_string()))?;

    let mut out: BTreeMap<PersonId, ChildTimeline> = BTreeMap::new();

    // The assessment that answers a referral: the one authorised first, or
    // else the latest started (a referral normally has one).
    let mut by_referral: BTreeMap<String, AssessmentFacts> = BTreeMap::new();
    for r in &assessments {
        let facts = AssessmentFacts {
            id: fact(r, "assessment_id")?,
            started_on: r.date("started_on")?,
            completed_on: r.opt_date("authorised_on")?,
            late_reason: reason(r, "late_reason")?,
        };
        let referral = r.str("referral_id")?;
        let better = match by_referral.get(&referral) {
            None => true,
            Some(current) => match (facts.completed_on, current.completed_on) {
                (Some(a), Some(b)) => a < b,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => facts.started_on > current.started_on,
            },
        };
        if better {
            by_referral.insert(referral, facts);
        }
    }
    for r in &referrals {
        let id = r.str("referral_id")?;
        out.entry(r.uuid("child_id")?).or_default().referrals.push(ReferralFacts {
            id: FactId(id.clone()),
            referral_date: r.date("referral_date")?,
            assessment: by_referral.remove(&id),
            closed_on: r.opt_date("closed_on")?,
        });
    }
    for r in &discussions {
        out.entry(r.uuid("child_id")?)
            .or_default()
            .strategy_discussions
            .push(StrategyDiscussionFacts { id: fact(r, "discussion_id")?, held_on: r.date("held_on")? });
    }
    for r in &enquiries {
        // An enquiry that concluded without needing a conference stops the
        // conference clock on the day it concluded.
        let outcome = r.opt_str("outcome")?.and_then(|c| Section47Outcome::from_code(&c));
        let no_conference_decided_on = match outcome {
            Some(o) if !o.needs_icpc() => r.opt_date("completed_on")?,
            _ => None,
        };
        out.entry(r.uuid("child_id")?).or_default().section47s.push(Section47Facts {
            id: fact(r, "enquiry_id")?,
            started_on: r.date("started_on")?,
            strategy_discussion: r.opt_str("discussion_id")?.map(FactId),
            no_conference_decided_on,
        });
    }
    for r in &conferences {
        let timeline = out.entry(r.uuid("child_id")?).or_default();
        let id = fact(r, "conference_id")?;
        let held_on = r.date("held_on")?;
        let late_reason = reason(r, "late_reason")?;
        if r.str("kind")? == "initial" {
            timeline.initial_conferences.push(ConferenceFacts {
                id,
                held_on,
                section47: r.opt_str("enquiry_id")?.map(FactId),
                late_reason,
            });
        } else {
            timeline.cp_reviews.push(Occurrence { id, on: held_on, late_reason });
        }
    }
    for r in &plans {
        let timeline = out.entry(r.uuid("child_id")?).or_default();
        let (id, started_on, ended_on) = (fact(r, "plan_id")?, r.date("started_on")?, r.opt_date("ended_on")?);
        if r.str("kind")? == "cp" {
            timeline.cp_plans.push(PlanFacts { id, started_on, ended_on });
        } else {
            timeline.cin_plans.push(CinPlanFacts {
                id,
                started_on,
                ended_on,
                visit_interval: positive(r, "visit_every_days")?.map(Period::Days),
                review_interval: positive(r, "review_every_months")?.map(Period::Months),
            });
        }
    }
    for r in &meetings {
        let timeline = out.entry(r.uuid("child_id")?).or_default();
        let occurrence = Occurrence { id: fact(r, "meeting_id")?, on: r.date("held_on")?, late_reason: reason(r, "late_reason")? };
        match (r.str("kind")?.as_str(), r.opt_str("plan_kind")?.as_deref()) {
            ("core_group", _) => timeline.core_groups.push(occurrence),
            ("cin_review", _) => timeline.cin_plan_reviews.push(occurrence),
            // A visit where the child was not seen does not meet a clock
            // whose point is seeing the child.
            ("visit", Some(kind)) if r.opt_bool("child_seen")? != Some(false) => match kind {
                "cp" => timeline.cp_visits.push(occurrence),
                _ => timeline.cin_visits.push(occurrence),
            },
            _ => {}
        }
    }
    for r in &pre_proceedings {
        let id = r.str("pre_proceedings_id")?;
        // Only the latest review's date is kept; it stands for the review
        // the clock asks for.
        let review = match r.opt_date("last_review_on")? {
            Some(on) => Some(Occurrence { id: FactId(format!("{id}:review")), on, late_reason: reason(r, "review_late_reason")? }),
            None => None,
        };
        out.entry(r.uuid("child_id")?).or_default().pre_proceedings.push(PreProceedingsFacts {
            id: FactId(id),
            started_on: r.date("started_on")?,
            review,
            ended_on: r.opt_date("ended_on")?,
            late_reason: reason(r, "late_reason")?,
        });
    }
    for r in &proceedings {
        out.entry(r.uuid("child_id")?).or_default().proceedings.push(ProceedingsFacts {
            id: fact(r, "proceedings_id")?,
            issued_on: r.date("issued_on")?,
            disposed_on: r.opt_date("concluded_on")?,
            late_reason: reason(r, "late_reason")?,
        });
    }
    Ok(out)
}

/// One child's timeline inside a write transaction.
pub(crate) async fn timeline_in(tx: &mut Tx, child: PersonId) -> Result<ChildTimeline, StoreError> {
    Ok(load(&mut Reader::Tx(tx), Some(child)).await?.remove(&child).unwrap_or_default())
}

/// How many clocks the whole authority has open, as the benchmark reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClockCensus {
    pub children: usize,
    pub items: usize,
    pub open: usize,
    pub overdue: usize,
}

impl Store {
    /// One child's timeline, as the clocks projection reads it.
    pub async fn child_timeline(&self, child: PersonId) -> Result<ChildTimeline, StoreError> {
        Ok(load(&mut Reader::Pools(self.pools()), Some(child)).await?.remove(&child).unwrap_or_default())
    }

    /// Every child's timeline, read with one query per table.
    pub async fn all_timelines(&self) -> Result<BTreeMap<PersonId, ChildTimeline>, StoreError> {
        load(&mut Reader::Pools(self.pools()), None).await
    }

    /// The authority's calendar now: the shipped bank holidays plus those
    /// an administrator added.
    pub async fn calendar(&self) -> Result<Calendar, StoreError> {
        let added = self.added_bank_holidays().await?.into_iter().map(|(date, title)| BankHoliday { date, title }).collect::<Vec<_>>();
        Ok(Calendar::england_and_wales().with_additional(added))
    }

    /// Works out every clock for every child from the record as it stands,
    /// as of `today` (what the benchmark times).
    pub async fn compute_all_clocks(&self, today: NaiveDate) -> Result<ClockCensus, StoreError> {
        let calendar = self.calendar().await?;
        let policy = ClockPolicy::default();
        let timelines = self.all_timelines().await?;
        let mut census = ClockCensus { children: timelines.len(), ..Default::default() };
        for timeline in timelines.values() {
            for item in due_items(timeline, &policy, &calendar, today) {
                census.items += 1;
                if item.status.is_open() {
                    census.open += 1;
                }
                if item.status == hearth_domain::clocks::ClockStatus::Overdue {
                    census.overdue += 1;
                }
            }
        }
        Ok(census)
    }
}
