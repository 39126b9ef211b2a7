//! Reading the front door: a contact's triage state.

use crate::db::Row;
use crate::error::StoreError;
use crate::log::RecordedEvent;
use crate::{Store, params};
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::front_door::ChainLink;
use hearth_domain::ids::{ContactId, PersonId, StreamId};

#[derive(Clone, Debug, PartialEq)]
pub struct ContactState {
    pub contact_id: ContactId,
    pub received_at: DateTime<Utc>,
    pub rag: Option<String>,
    pub screen_by: Option<DateTime<Utc>>,
    /// open, awaiting_authorisation or closed.
    pub status: String,
    pub outcome: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The first contact of its chain, and when that was received (F1).
    pub chain_start_id: ContactId,
    pub chain_started_at: DateTime<Utc>,
}

impl Store {
    pub async fn contact_state(&self, contact: ContactId) -> Result<Option<ContactState>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(
                "SELECT contact_id, received_at, rag, screen_by, status, outcome, closed_at, chain_start_id, chain_started_at \
                 FROM contacts WHERE contact_id = $1",
                params![contact.0],
            )
            .await?;
        row.as_ref().map(state_from).transpose()
    }
}

/// A contact on the MASH queue.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueItem {
    pub state: ContactState,
    pub source: String,
    pub assigned_to: Option<String>,
    pub children: Vec<QueueChild>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct QueueChild {
    pub person_id: PersonId,
    pub name: String,
    pub hearth_ref: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
}

/// An earlier contact about one of the same children, for the decision
/// screen's history (F4, F9).
#[derive(Clone, Debug, PartialEq)]
pub struct PastContact {
    pub contact_id: ContactId,
    pub received_at: DateTime<Utc>,
    pub source: String,
    pub status: String,
    pub outcome: Option<String>,
    pub child_name: String,
}

const STATE_COLUMNS: &str = "c.contact_id, c.received_at, c.rag, c.screen_by, c.status, c.outcome, c.closed_at, \
     c.chain_start_id, c.chain_started_at";

fn state_from(r: &Row) -> Result<ContactState, StoreError> {
    Ok(ContactState {
        contact_id: r.uuid("contact_id")?,
        received_at: r.timestamp("received_at")?,
        rag: r.opt_str("rag")?,
        screen_by: r.opt_timestamp("screen_by")?,
        status: r.str("status")?,
        outcome: r.opt_str("outcome")?,
        closed_at: r.opt_timestamp("closed_at")?,
        chain_start_id: r.uuid("chain_start_id")?,
        chain_started_at: r.timestamp("chain_started_at")?,
    })
}

impl Store {
    /// Every contact not yet closed: unrated first, then red, amber, green,
    /// each by the time it must be screened by.
    pub async fn mash_queue(&self, limit: i64) -> Result<Vec<QueueItem>, StoreError> {
        let sql = format!(
            "SELECT {STATE_COLUMNS}, c.source, s.display_name AS assigned_name, \
             p.person_id, p.given_name, p.family_name, p.hearth_ref, p.date_of_birth, p.expected_date_of_birth \
             FROM (SELECT * FROM contacts WHERE status IN ($1, $3) \
                   ORDER BY CASE rag WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 ELSE 0 END, \
                   screen_by, received_at LIMIT $2) c \
             LEFT JOIN staff s ON s.user_id = c.assigned_to \
             LEFT JOIN contact_children cc ON cc.contact_id = c.contact_id \
             LEFT JOIN people p ON p.person_id = cc.child_id \
             ORDER BY CASE c.rag WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 ELSE 0 END, \
             c.screen_by, c.received_at, c.contact_id, p.family_name, p.given_name"
        );
        // `IN` rather than `<> 'closed'`, so the status index finds the few
        // open contacts among hundreds of thousands of closed ones.
        let rows = self.pools().fetch_all(&sql, params!["open", limit, "awaiting_authorisation"]).await?;
        let mut items: Vec<QueueItem> = Vec::new();
        for r in &rows {
            let id: ContactId = r.uuid("contact_id")?;
            if items.last().map(|i| i.state.contact_id) != Some(id) {
                items.push(QueueItem {
                    state: state_from(r)?,
                    source: r.str("source")?,
                    assigned_to: r.opt_str("assigned_name")?,
                    children: Vec::new(),
                });
            }
            if let (Some(person), Some(item)) = (r.opt_uuid::<PersonId>("person_id")?, items.last_mut()) {
                item.children.push(QueueChild {
                    person_id: person,
                    name: format!("{} {}", r.str("given_name")?, r.str("family_name")?),
                    hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
                    date_of_birth: r.opt_date("date_of_birth")?,
                    expected_date_of_birth: r.opt_date("expected_date_of_birth")?,
                });
            }
        }
        Ok(items)
    }

    /// The events recorded on a contact, oldest first: its own timeline.
    pub async fn contact_events(&self, contact: ContactId) -> Result<Vec<RecordedEvent>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!("SELECT {} FROM events WHERE stream = $1 ORDER BY seq", crate::log::EVENT_COLUMNS),
                params![StreamId::Contact(contact).to_key()],
            )
            .await?;
        rows.iter().map(crate::log::event_from_row).collect()
    }

    /// Earlier contacts about any of these children, newest first.
    pub async fn contacts_about(&self, children: &[PersonId], except: Option<ContactId>) -> Result<Vec<PastContact>, StoreError> {
        let mut out = Vec::new();
        for child in children {
            let rows = self
                .pools()
                .fetch_all(
                    "SELECT c.contact_id, c.received_at, c.source, c.status, c.outcome, p.given_name, p.family_name \
                     FROM contact_children cc JOIN contacts c ON c.contact_id = cc.contact_id \
                     JOIN people p ON p.person_id = cc.child_id \
                     WHERE cc.child_id = $1 ORDER BY c.received_at DESC LIMIT 500",
                    params![child.0],
                )
                .await?;
            for r in &rows {
                let id: ContactId = r.uuid("contact_id")?;
                if Some(id) == except || out.iter().any(|p: &PastContact| p.contact_id == id) {
                    continue;
                }
                out.push(PastContact {
                    contact_id: id,
                    received_at: r.timestamp("received_at")?,
                    source: r.str("source")?,
                    status: r.str("status")?,
                    outcome: r.opt_str("outcome")?,
                    child_name: format!("{} {}", r.str("given_name")?, r.str("family_name")?),
                });
            }
        }
        out.sort_by_key(|p| std::cmp::Reverse(p.received_at));
        Ok(out)
    }

    /// What the chain rule needs about a child's earlier contacts.
    pub async fn chain_links(&self, child: PersonId) -> Result<Vec<ChainLink<ContactId>>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT c.contact_id, c.received_at, c.closed_at, c.chain_start_id, c.chain_started_at \
                 FROM contact_children cc JOIN contacts c ON c.contact_id = cc.contact_id WHERE cc.child_id = $1",
                params![child.0],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ChainLink {
                    contact: r.uuid("contact_id")?,
                    chain_start: r.uuid("chain_start_id")?,
                    chain_started_at: r.timestamp("chain_started_at")?,
                    received_at: r.timestamp("received_at")?,
                    closed_at: r.opt_timestamp("closed_at")?,
                })
            })
            .collect()
    }
}

/// An out-of-hours record the MASH has not yet taken on (F8).
#[derive(Clone, Debug, PartialEq)]
pub struct PendingHandover {
    pub record_id: hearth_domain::ids::OutOfHoursId,
    pub occurred_at: DateTime<Utc>,
    pub handover_due: DateTime<Utc>,
    pub record: hearth_domain::events::OutOfHoursRecorded,
}

impl Store {
    /// Out-of-hours records not yet acknowledged, oldest due first.
    pub async fn pending_handovers(&self) -> Result<Vec<PendingHandover>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!(
                    "SELECT o.record_id, o.occurred_at AS ooh_occurred_at, o.handover_due, {} \
                     FROM ooh_records o JOIN events e ON e.seq = o.origin_seq \
                     WHERE o.acknowledged_at IS NULL ORDER BY o.handover_due, o.origin_seq",
                    crate::log::EVENT_COLUMNS.split(", ").map(|c| format!("e.{c}")).collect::<Vec<_>>().join(", ")
                ),
                &[],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let event = crate::log::event_from_row(r)?;
            if let hearth_domain::events::EventPayload::OutOfHoursRecorded(record) = event.payload {
                out.push(PendingHandover {
                    record_id: r.uuid("record_id")?,
                    occurred_at: r.timestamp("ooh_occurred_at")?,
                    handover_due: r.timestamp("handover_due")?,
                    record,
                });
            }
        }
        Ok(out)
    }
}

/// A threshold disagreement, as the escalations list shows it (F5).
#[derive(Clone, Debug, PartialEq)]
pub struct EscalationView {
    pub escalation_id: hearth_domain::ids::EscalationId,
    pub contact_id: ContactId,
    pub raised_by_team: String,
    pub with_team: String,
    pub raised_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
}

impl Store {
    /// Every disagreement, open ones first, then the most recently resolved.
    pub async fn escalations(&self, limit: i64) -> Result<Vec<EscalationView>, StoreError> {
        self.escalations_where("1 = $2", params![limit, 1]).await
    }

    /// The disagreements about one contact.
    pub async fn escalations_for_contact(&self, contact: ContactId) -> Result<Vec<EscalationView>, StoreError> {
        self.escalations_where("e.contact_id = $2", params![1000, contact.0]).await
    }

    async fn escalations_where(&self, filter: &str, params: &[crate::db::Value]) -> Result<Vec<EscalationView>, StoreError> {
        let sql = format!(
            "SELECT e.escalation_id, e.contact_id, e.raised_at, e.resolved_at, e.outcome, \
             a.name AS raised_by_name, b.name AS with_name \
             FROM escalations e JOIN teams a ON a.team_id = e.raised_by_team JOIN teams b ON b.team_id = e.with_team \
             WHERE {filter} \
             ORDER BY CASE WHEN e.resolved_at IS NULL THEN 0 ELSE 1 END, e.resolved_at DESC, e.raised_at LIMIT $1"
        );
        let rows = self.pools().fetch_all(&sql, params).await?;
        rows.iter()
            .map(|r| {
                Ok(EscalationView {
                    escalation_id: r.uuid("escalation_id")?,
                    contact_id: r.uuid("contact_id")?,
                    raised_by_team: r.str("raised_by_name")?,
                    with_team: r.str("with_name")?,
                    raised_at: r.timestamp("raised_at")?,
                    resolved_at: r.opt_timestamp("resolved_at")?,
                    outcome: r.opt_str("outcome")?,
                })
            })
            .collect()
    }
}
