//! The front-door dashboard (F33): live figures from the same tables the
//! MASH works in, and the children behind each figure.
//!
//! Timeliness is reported for the chain, not the reopened record (F1): a
//! contact is decided in time only if it closed within its rating's
//! allowance counted from the first contact of its chain. The same figure
//! measured naively from each contact's own receipt is kept beside it, so
//! the difference between them is visible.
//!
//! The SQL is written once for both backends and selects only the rows a
//! figure needs (a window of dates, or what is open now); counting and
//! bucketing by UK date happen here in Rust, so no backend-specific date
//! functions are used.

use crate::db::{Row, Value};
use crate::error::StoreError;
use crate::{Store, params};
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::ids::{CheckId, ContactId, PersonId};
use hearth_domain::uk_time::{from_uk, to_uk};
use std::collections::BTreeMap;

/// A span of whole UK days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Period {
        Period { from, to }
    }

    /// How many days it covers, both ends included.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The instants it covers: from midnight at the start of `from` to
    /// midnight at the end of `to`, UK time (the end excluded).
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = from_uk(self.from.and_time(chrono::NaiveTime::MIN));
        let after = self.to.succ_opt().unwrap_or(self.to);
        (start, from_uk(after.and_time(chrono::NaiveTime::MIN)))
    }

    /// Every day in it, in order.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.from.iter_days().take_while(move |d| *d <= self.to)
    }
}

/// The deadline a contact is held to when measured from the first contact of
/// its chain (F1): the allowance its rating gave (`screen_by - received_at`),
/// applied to when the chain started.
pub fn chain_deadline(received_at: DateTime<Utc>, screen_by: DateTime<Utc>, chain_started_at: DateTime<Utc>) -> DateTime<Utc> {
    chain_started_at + (screen_by - received_at)
}

/// `part` as a whole percentage of `whole`, rounded half up; none of nothing.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 200 + whole) / (whole * 2))
}

/// What a list of children on the dashboard is of: each figure links to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Contacts received in the period.
    Received,
    RagRed,
    RagAmber,
    RagGreen,
    RagUnrated,
    /// Contacts closed in the period.
    Decided,
    /// Closed in the period after the deadline counted from the chain's start.
    LateFromChain,
    /// Closed in the period after the contact's own deadline.
    LateFromReceipt,
    /// Closed in the period and followed by another contact in the same chain.
    Reopened,
    /// Closed in the period as a referral or a strategy discussion.
    Converted,
    /// Referrals dated in the period.
    Referrals,
    /// Referrals dated in the period with another in the 12 months before (F9).
    ReReferrals,
    /// Checks waiting for an answer now.
    ChecksOutstanding,
    /// Checks waiting for an answer now and past their due time.
    ChecksOverdue,
    /// Contacts not yet closed.
    Open,
    /// Contacts not yet closed and past the time they must be screened by.
    OpenOverdue,
    /// Children on the early help waiting list now (F11).
    EarlyHelpWaiting,
    /// Referrals dated in the period within three months of a step-down to early help (F11).
    SteppedDownReReferred,
    /// Police domestic-abuse notifications waiting for a review decision now (F7).
    DomesticIncidentsPending,
}

impl Measure {
    pub const ALL: &'static [Measure] = &[
        Measure::Received,
        Measure::RagRed,
        Measure::RagAmber,
        Measure::RagGreen,
        Measure::RagUnrated,
        Measure::Decided,
        Measure::LateFromChain,
        Measure::LateFromReceipt,
        Measure::Reopened,
        Measure::Converted,
        Measure::Referrals,
        Measure::ReReferrals,
        Measure::ChecksOutstanding,
        Measure::ChecksOverdue,
        Measure::Open,
        Measure::OpenOverdue,
        Measure::EarlyHelpWaiting,
        Measure::SteppedDownReReferred,
        Measure::DomesticIncidentsPending,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Measure::Received => "received",
            Measure::RagRed => "rag_red",
            Measure::RagAmber => "rag_amber",
            Measure::RagGreen => "rag_green",
            Measure::RagUnrated => "rag_unrated",
            Measure::Decided => "decided",
            Measure::LateFromChain => "late_from_chain",
            Measure::LateFromReceipt => "late_from_receipt",
            Measure::Reopened => "reopened",
            Measure::Converted => "converted",
            Measure::Referrals => "referrals",
            Measure::ReReferrals => "re_referrals",
            Measure::ChecksOutstanding => "checks_outstanding",
            Measure::ChecksOverdue => "checks_overdue",
            Measure::Open => "open",
            Measure::OpenOverdue => "open_overdue",
            Measure::EarlyHelpWaiting => "early_help_waiting",
            Measure::SteppedDownReReferred => "stepped_down_re_referred",
            Measure::DomesticIncidentsPending => "domestic_incidents_pending",
        }
    }

    pub fn from_code(code: &str) -> Option<Measure> {
        Measure::ALL.iter().copied().find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::Received => "Contacts received",
            Measure::RagRed => "Red contacts received",
            Measure::RagAmber => "Amber contacts received",
            Measure::RagGreen => "Green contacts received",
            Measure::RagUnrated => "Contacts received and not yet rated",
            Measure::Decided => "Contacts decided",
            Measure::LateFromChain => "Contacts decided late, measured from the first contact of the chain",
            Measure::LateFromReceipt => "Contacts decided late, measured from each contact's own receipt",
            Measure::Reopened => "Contacts closed and then reopened",
            Measure::Converted => "Contacts decided as a referral or strategy discussion",
            Measure::Referrals => "Referrals",
            Measure::ReReferrals => "Re-referrals within 12 months",
            Measure::ChecksOutstanding => "Checks waiting for an answer",
            Measure::ChecksOverdue => "Checks past their due time",
            Measure::Open => "Open contacts",
            Measure::OpenOverdue => "Open contacts past their screening deadline",
            Measure::EarlyHelpWaiting => "Children on the early help waiting list",
            Measure::SteppedDownReReferred => "Stepped down to early help and re-referred within 3 months",
            Measure::DomesticIncidentsPending => "Domestic-incident decisions pending",
        }
    }

    /// Whether the list is of the period, or of what stands now.
    pub fn is_now(self) -> bool {
        matches!(
            self,
            Measure::ChecksOutstanding | Measure::ChecksOverdue | Measure::Open | Measure::OpenOverdue | Measure::EarlyHelpWaiting
                | Measure::DomesticIncidentsPending
        )
    }

    fn rows(self) -> Rows {
        match self {
            Measure::Received | Measure::RagRed | Measure::RagAmber | Measure::RagGreen | Measure::RagUnrated => Rows::Received,
            Measure::Decided | Measure::LateFromChain | Measure::LateFromReceipt | Measure::Reopened | Measure::Converted => {
                Rows::Closed
            }
            Measure::Referrals | Measure::ReReferrals => Rows::Referrals,
            Measure::ChecksOutstanding | Measure::ChecksOverdue => Rows::Checks,
            Measure::Open | Measure::OpenOverdue => Rows::Open,
            Measure::EarlyHelpWaiting | Measure::SteppedDownReReferred => Rows::EarlyHelp,
            Measure::DomesticIncidentsPending => Rows::DomesticIncidents,
        }
    }
}

/// Which rows a measure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rows {
    Received,
    Closed,
    Open,
    Checks,
    Referrals,
    /// Early help episodes and the referrals after them (`early_help.rs`).
    EarlyHelp,
    /// Police notifications waiting for a decision (`domestic_incidents.rs`).
    DomesticIncidents,
}

/// The RAG ratings of the contacts received in a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RagMix {
    pub red: i64,
    pub amber: i64,
    pub green: i64,
    pub unrated: i64,
}

/// Every figure on the front-door dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct FrontDoorFigures {
    pub period: Period,
    /// Contacts received in the period.
    pub received: i64,
    /// Every day of the period, with the contacts received that UK day.
    pub received_per_day: Vec<(NaiveDate, i64)>,
    /// CIN census source codes, most contacts first.
    pub received_by_source: Vec<(String, i64)>,
    pub rag: RagMix,
    /// Contacts closed in the period.
    pub decided: i64,
    /// Of those, the ones with a deadline (rated), which timeliness is measured on.
    pub decided_rated: i64,
    /// Closed within the allowance counted from the chain's first contact (F1).
    pub in_time_from_chain: i64,
    /// Closed by their own deadline, counted from their own receipt.
    pub in_time_from_receipt: i64,
    /// Closed in the period and followed by another contact in the same chain.
    pub reopened: i64,
    /// The same, by the MASH worker the contact was assigned to (none: not assigned), most first.
    pub reopened_by_worker: Vec<(Option<String>, i64)>,
    /// The same, by that worker's team (none: no worker or no team), most first.
    pub reopened_by_team: Vec<(Option<String>, i64)>,
    /// Closed in the period as a referral or a strategy discussion.
    pub converted: i64,
    /// Referrals dated in the period.
    pub referrals: i64,
    /// Of those, the ones with an earlier referral in the 12 months before (F9).
    pub re_referrals: i64,
    /// Checks waiting for an answer now, and how many are past due.
    pub checks_outstanding: i64,
    pub checks_overdue: i64,
    /// Contacts not closed now, and how many are past their screening deadline.
    pub open: i64,
    pub open_overdue: i64,
    /// Police domestic-abuse notifications waiting for a review decision now (F7).
    pub domestic_incidents_pending: i64,
}

/// A child behind a figure.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedChild {
    pub person_id: PersonId,
    pub name: String,
    pub hearth_ref: String,
    /// The contact behind the row, and when it was received.
    pub contact_id: Option<ContactId>,
    pub contact_received_at: Option<DateTime<Utc>>,
    /// For referrals: the census referral date.
    pub referral_date: Option<NaiveDate>,
    /// The deadline that matters to the measure: the chain's deadline for
    /// "late from chain", the contact's own otherwise, a check's due time.
    pub due: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The MASH worker (for a check, its owner).
    pub worker: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
struct ChildRef {
    person_id: PersonId,
    name: String,
    hearth_ref: String,
}

/// One contact, with what the figures need to know about it.
#[derive(Clone, Debug)]
struct ContactFact {
    contact_id: ContactId,
    received_at: DateTime<Utc>,
    source: String,
    rag: Option<String>,
    screen_by: Option<DateTime<Utc>>,
    outcome: Option<String>,
    closed_at: Option<DateTime<Utc>>,
    chain_started_at: DateTime<Utc>,
    worker: Option<String>,
    team: Option<String>,
    reopened: bool,
    children: Vec<ChildRef>,
}

impl ContactFact {
    fn chain_deadline(&self) -> Option<DateTime<Utc>> {
        self.screen_by.map(|by| chain_deadline(self.received_at, by, self.chain_started_at))
    }

    /// Closed within the allowance counted from the chain's start; none if
    /// not closed or not rated.
    fn in_time_from_chain(&self) -> Option<bool> {
        Some(self.closed_at? <= self.chain_deadline()?)
    }

    fn in_time_from_receipt(&self) -> Option<bool> {
        Some(self.closed_at? <= self.screen_by?)
    }

    fn converted(&self) -> bool {
        matches!(self.outcome.as_deref(), Some("referral" | "strategy_discussion"))
    }

    fn counts_for(&self, measure: Measure, now: DateTime<Utc>) -> bool {
        match measure {
            Measure::Received | Measure::Decided | Measure::Open => true,
            Measure::RagRed => self.rag.as_deref() == Some("red"),
            Measure::RagAmber => self.rag.as_deref() == Some("amber"),
            Measure::RagGreen => self.rag.as_deref() == Some("green"),
            Measure::RagUnrated => !matches!(self.rag.as_deref(), Some("red" | "amber" | "green")),
            Measure::LateFromChain => self.in_time_from_chain() == Some(false),
            Measure::LateFromReceipt => self.in_time_from_receipt() == Some(false),
            Measure::Reopened => self.reopened,
            Measure::Converted => self.converted(),
            Measure::OpenOverdue => self.screen_by.is_some_and(|by| by < now),
            _ => false,
        }
    }

    fn due_for(&self, measure: Measure) -> Option<DateTime<Utc>> {
        if measure == Measure::LateFromChain { self.chain_deadline() } else { self.screen_by }
    }
}

/// A check waiting for an answer.
#[derive(Clone, Debug)]
struct CheckFact {
    due_at: DateTime<Utc>,
    contact_id: ContactId,
    received_at: DateTime<Utc>,
    owner: Option<String>,
    children: Vec<ChildRef>,
}

impl CheckFact {
    fn counts_for(&self, measure: Measure, now: DateTime<Utc>) -> bool {
        match measure {
            Measure::ChecksOutstanding => true,
            Measure::ChecksOverdue => self.due_at < now,
            _ => false,
        }
    }
}

/// A referral dated in the period.
#[derive(Clone, Debug)]
struct ReferralFact {
    referral_date: NaiveDate,
    prior_12_months: i64,
    contact_id: Option<ContactId>,
    contact_received_at: Option<DateTime<Utc>>,
    child: ChildRef,
}

impl ReferralFact {
    fn counts_for(&self, measure: Measure) -> bool {
        match measure {
            Measure::Referrals => true,
            Measure::ReReferrals => self.prior_12_months > 0,
            _ => false,
        }
    }
}

const CONTACT_SELECT: &str = "SELECT c.contact_id, c.received_at, c.source, c.rag, c.screen_by, c.outcome, c.closed_at, \
     c.chain_started_at, s.display_name AS worker_name, t.name AS team_name, \
     CASE WHEN c.closed_at IS NOT NULL AND EXISTS (SELECT 1 FROM contacts d WHERE d.chain_start_id = c.chain_start_id \
          AND d.contact_id <> c.contact_id AND d.received_at > c.closed_at) THEN 1 ELSE 0 END AS reopened, \
     p.person_id, p.given_name, p.family_name, p.hearth_ref \
     FROM contacts c \
     LEFT JOIN staff s ON s.user_id = c.assigned_to \
     LEFT JOIN teams t ON t.team_id = s.team_id \
     LEFT JOIN contact_children cc ON cc.contact_id = c.contact_id \
     LEFT JOIN people p ON p.person_id = cc.child_id";

const CONTACT_ORDER: &str = "ORDER BY c.received_at, c.contact_id, p.family_name, p.given_name, p.person_id";

fn child_ref(r: &Row) -> Result<Option<ChildRef>, StoreError> {
    let Some(person_id) = r.opt_uuid::<PersonId>("person_id")? else {
        return Ok(None);
    };
    Ok(Some(ChildRef {
        person_id,
        name: format!("{} {}", r.opt_str("given_name")?.unwrap_or_default(), r.opt_str("family_name")?.unwrap_or_default())
            .trim()
            .to_string(),
        hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
    }))
}

/// Counts by key, most first, then by key.
fn tally<K: Ord + Clone>(keys: impl Iterator<Item = K>) -> Vec<(K, i64)> {
    let mut counts: BTreeMap<K, i64> = BTreeMap::new();
    for k in keys {
        *counts.entry(k).or_insert(0) += 1;
    }
    let mut out: Vec<(K, i64)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

fn count<T>(items: &[T], pred: impl Fn(&T) -> bool) -> i64 {
    items.iter().filter(|i| pred(i)).count() as i64
}

impl Store {
    /// Contacts matching `filter`, each once, with its children.
    async fn contact_facts(&self, filter: &str, params: &[Value]) -> Result<Vec<ContactFact>, StoreError> {
        let sql = format!("{CONTACT_SELECT} WHERE {filter} {CONTACT_ORDER}");
        let rows = self.pools().fetch_all(&sql, params).await?;
        let mut out: Vec<ContactFact> = Vec::new();
        for r in &rows {
            let id: ContactId = r.uuid("contact_id")?;
            if out.last().map(|f| f.contact_id) != Some(id) {
                out.push(ContactFact {
                    contact_id: id,
                    received_at: r.timestamp("received_at")?,
                    source: r.str("source")?,
                    rag: r.opt_str("rag")?,
                    screen_by: r.opt_timestamp("screen_by")?,
                    outcome: r.opt_str("outcome")?,
                    closed_at: r.opt_timestamp("closed_at")?,
                    chain_started_at: r.timestamp("chain_started_at")?,
                    worker: r.opt_str("worker_name")?,
                    team: r.opt_str("team_name")?,
                    reopened: r.bool("reopened")?,
                    children: Vec::new(),
                });
            }
            if let (Some(child), Some(fact)) = (child_ref(r)?, out.last_mut()) {
                fact.children.push(child);
            }
        }
        Ok(out)
    }

    async fn contacts_received_in(&self, period: Period) -> Result<Vec<ContactFact>, StoreError> {
        let (start, end) = period.bounds();
        self.contact_facts("c.received_at >= $1 AND c.received_at < $2", params![start, end]).await
    }

    async fn contacts_closed_in(&self, period: Period) -> Result<Vec<ContactFact>, StoreError> {
        let (start, end) = period.bounds();
        self.contact_facts("c.closed_at >= $1 AND c.closed_at < $2", params![start, end]).await
    }

    async fn contacts_open(&self) -> Result<Vec<ContactFact>, StoreError> {
        // `IN`, not `<> 'closed'`, so the status index is used.
        self.contact_facts("c.status IN ($1, $2)", params!["open", "awaiting_authorisation"]).await
    }

    async fn checks_outstanding(&self) -> Result<Vec<CheckFact>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT k.check_id, k.due_at, c.contact_id, c.received_at, s.display_name AS owner_name, \
                 p.person_id, p.given_name, p.family_name, p.hearth_ref \
                 FROM contact_checks k JOIN contacts c ON c.contact_id = k.contact_id \
                 LEFT JOIN staff s ON s.user_id = k.owner_id \
                 LEFT JOIN contact_children cc ON cc.contact_id = c.contact_id \
                 LEFT JOIN people p ON p.person_id = cc.child_id \
                 WHERE k.state = $1 \
                 ORDER BY k.due_at, k.check_id, p.family_name, p.given_name, p.person_id",
                params!["requested"],
            )
            .await?;
        let mut out: Vec<(CheckId, CheckFact)> = Vec::new();
        for r in &rows {
            let id: CheckId = r.uuid("check_id")?;
            if out.last().map(|(c, _)| *c) != Some(id) {
                out.push((
                    id,
                    CheckFact {
                        due_at: r.timestamp("due_at")?,
                        contact_id: r.uuid("contact_id")?,
                        received_at: r.timestamp("received_at")?,
                        owner: r.opt_str("owner_name")?,
                        children: Vec::new(),
                    },
                ));
            }
            if let (Some(child), Some((_, fact))) = (child_ref(r)?, out.last_mut()) {
                fact.children.push(child);
            }
        }
        Ok(out.into_iter().map(|(_, f)| f).collect())
    }

    async fn referrals_in(&self, period: Period) -> Result<Vec<ReferralFact>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT r.referral_date, r.prior_12_months, r.contact_id, c.received_at, \
                 p.person_id, p.given_name, p.family_name, p.hearth_ref \
                 FROM referrals r JOIN people p ON p.person_id = r.child_id \
                 LEFT JOIN contacts c ON c.contact_id = r.contact_id \
                 WHERE r.referral_date >= $1 AND r.referral_date <= $2 \
                 ORDER BY r.referral_date, r.referral_id",
                params![period.from, period.to],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let Some(child) = child_ref(r)? else { continue };
            out.push(ReferralFact {
                referral_date: r.date("referral_date")?,
                prior_12_months: r.i64("prior_12_months")?,
                contact_id: r.opt_uuid("contact_id")?,
                contact_received_at: r.opt_timestamp("received_at")?,
                child,
            });
        }
        Ok(out)
    }

    /// Every figure on the front-door dashboard for `period`; what stands
    /// "now" (open contacts, outstanding checks) is judged at `now`.
    pub async fn front_door_figures(&self, period: Period, now: DateTime<Utc>) -> Result<FrontDoorFigures, StoreError> {
        let received = self.contacts_received_in(period).await?;
        let closed = self.contacts_closed_in(period).await?;
        let open = self.contacts_open().await?;
        let checks = self.checks_outstanding().await?;
        let referrals = self.referrals_in(period).await?;

        let mut per_day: BTreeMap<NaiveDate, i64> = period.each_day().map(|d| (d, 0)).collect();
        for c in &received {
            if let Some(n) = per_day.get_mut(&to_uk(c.received_at).date()) {
                *n += 1;
            }
        }
        let reopened: Vec<&ContactFact> = closed.iter().filter(|c| c.reopened).collect();
        let of = |facts: &[ContactFact], m: Measure| count(facts, |c| c.counts_for(m, now));
        Ok(FrontDoorFigures {
            period,
            received: received.len() as i64,
            received_per_day: per_day.into_iter().collect(),
            received_by_source: tally(received.iter().map(|c| c.source.clone())),
            rag: RagMix {
                red: of(&received, Measure::RagRed),
                amber: of(&received, Measure::RagAmber),
                green: of(&received, Measure::RagGreen),
                unrated: of(&received, Measure::RagUnrated),
            },
            decided: closed.len() as i64,
            decided_rated: count(&closed, |c| c.screen_by.is_some()),
            in_time_from_chain: count(&closed, |c| c.in_time_from_chain() == Some(true)),
            in_time_from_receipt: count(&closed, |c| c.in_time_from_receipt() == Some(true)),
            reopened: reopened.len() as i64,
            reopened_by_worker: tally(reopened.iter().map(|c| c.worker.clone())),
            reopened_by_team: tally(reopened.iter().map(|c| c.team.clone())),
            converted: of(&closed, Measure::Converted),
            referrals: count(&referrals, |r| r.counts_for(Measure::Referrals)),
            re_referrals: count(&referrals, |r| r.counts_for(Measure::ReReferrals)),
            checks_outstanding: count(&checks, |c| c.counts_for(Measure::ChecksOutstanding, now)),
            checks_overdue: count(&checks, |c| c.counts_for(Measure::ChecksOverdue, now)),
            open: of(&open, Measure::Open),
            open_overdue: of(&open, Measure::OpenOverdue),
            domestic_incidents_pending: self.undecided_domestic_incident_count().await?,
        })
    }

    /// The children behind one figure: one row per child of each contact,
    /// check or referral the figure counts, in the order they came in.
    pub async fn front_door_list(&self, measure: Measure, period: Period, now: DateTime<Utc>) -> Result<Vec<ListedChild>, StoreError> {
        let mut out = Vec::new();
        match measure.rows() {
            Rows::Received | Rows::Closed | Rows::Open => {
                let facts = match measure.rows() {
                    Rows::Received => self.contacts_received_in(period).await?,
                    Rows::Closed => self.contacts_closed_in(period).await?,
                    _ => self.contacts_open().await?,
                };
                for f in facts.iter().filter(|f| f.counts_for(measure, now)) {
                    for child in &f.children {
                        out.push(ListedChild {
                            person_id: child.person_id,
                            name: child.name.clone(),
                            hearth_ref: child.hearth_ref.clone(),
                            contact_id: Some(f.contact_id),
                            contact_received_at: Some(f.received_at),
                            referral_date: None,
                            due: f.due_for(measure),
                            closed_at: f.closed_at,
                            worker: f.worker.clone(),
                        });
                    }
                }
            }
            Rows::Checks => {
                for f in self.checks_outstanding().await?.iter().filter(|f| f.counts_for(measure, now)) {
                    for child in &f.children {
                        out.push(ListedChild {
                            person_id: child.person_id,
                            name: child.name.clone(),
                            hearth_ref: child.hearth_ref.clone(),
                            contact_id: Some(f.contact_id),
                            contact_received_at: Some(f.received_at),
                            referral_date: None,
                            due: Some(f.due_at),
                            closed_at: None,
                            worker: f.owner.clone(),
                        });
                    }
                }
            }
            Rows::Referrals => {
                for f in self.referrals_in(period).await?.iter().filter(|f| f.counts_for(measure)) {
                    out.push(ListedChild {
                        person_id: f.child.person_id,
                        name: f.child.name.clone(),
                        hearth_ref: f.child.hearth_ref.clone(),
                        contact_id: f.contact_id,
                        contact_received_at: f.contact_received_at,
                        referral_date: Some(f.referral_date),
                        due: None,
                        closed_at: None,
                        worker: None,
                    });
                }
            }
            Rows::EarlyHelp => out = self.early_help_listed(measure, period).await?,
            Rows::DomesticIncidents => out = self.domestic_incidents_listed().await?,
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn percentages_round_half_up_and_nothing_of_nothing() {
        assert_eq!(percent(1, 2), Some(50));
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 8), Some(13));
        assert_eq!(percent(0, 5), Some(0));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn the_chain_deadline_applies_the_allowance_to_the_chain_start() {
        let t = |d, h| Utc.with_ymd_and_hms(2025, 3, d, h, 0, 0).unwrap();
        assert_eq!(chain_deadline(t(5, 10), t(6, 10), t(3, 10)), t(4, 10));
        assert_eq!(chain_deadline(t(5, 10), t(5, 14), t(5, 10)), t(5, 14));
    }

    #[test]
    fn a_period_is_whole_uk_days() {
        let p = Period::new(NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
        assert_eq!(p.days(), 31);
        assert_eq!(p.each_day().count(), 31);
        // The clocks went forward on 30 March 2025: the period ends at midnight BST.
        assert_eq!(p.bounds(), (Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2025, 3, 31, 23, 0, 0).unwrap()));
        for m in Measure::ALL {
            assert_eq!(Measure::from_code(m.code()), Some(*m));
        }
    }
}
