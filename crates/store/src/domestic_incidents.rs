//! Reading police domestic-abuse notifications (F7): the daily review list
//! (undecided first, oldest first), what was decided, a child's
//! notifications, and matching the children a notification names.

use crate::db::{Row, Value};
use crate::error::StoreError;
use crate::log::RecordedEvent;
use crate::{Store, params};
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::events::{DomesticIncidentNotified, DomesticIncidentReviewed, EventPayload};
use hearth_domain::front_door::domestic_incidents::{ChildNamed, ChildrenPresent, DashRisk, ReviewDecision};
use hearth_domain::ids::{ContactId, DomesticIncidentBatchId, DomesticIncidentId, PersonId, StreamId};

/// A child named on a notification.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentChild {
    pub person_id: PersonId,
    pub name: String,
    pub hearth_ref: String,
}

/// A notification as the review list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentItem {
    pub notification_id: DomesticIncidentId,
    pub batch_id: DomesticIncidentBatchId,
    pub police_reference: String,
    pub incident_at: DateTime<Utc>,
    /// When it reached Hearth: the review's clock runs from here.
    pub notified_at: DateTime<Utc>,
    pub dash_risk: DashRisk,
    pub children_present: ChildrenPresent,
    pub decision: Option<ReviewDecision>,
    pub review_date: Option<NaiveDate>,
    pub decided_at: Option<DateTime<Utc>>,
    pub contact_id: Option<ContactId>,
    pub children: Vec<IncidentChild>,
}

/// A notification with what was sent and what was decided.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentDetail {
    pub item: IncidentItem,
    pub notified: DomesticIncidentNotified,
    pub reviewed: Option<(DomesticIncidentReviewed, RecordedEvent)>,
}

const SELECT: &str = "SELECT d.notification_id, d.batch_id, d.police_reference, d.incident_at, d.notified_at, d.dash_risk, \
     d.children_present, d.decision, d.review_date, d.decided_at, d.contact_id, \
     p.person_id, p.given_name, p.family_name, p.hearth_ref";

const JOIN: &str = "LEFT JOIN domestic_incident_children dc ON dc.notification_id = d.notification_id \
     LEFT JOIN people p ON p.person_id = dc.child_id";

fn corrupt(what: &str, code: &str) -> StoreError {
    StoreError::Corrupt(format!("unknown {what} {code}"))
}

/// Rows joined to their children, one item per notification, in row order.
fn items_from(rows: &[Row]) -> Result<Vec<IncidentItem>, StoreError> {
    let mut items: Vec<IncidentItem> = Vec::new();
    for r in rows {
        let id: DomesticIncidentId = r.uuid("notification_id")?;
        if items.last().map(|i| i.notification_id) != Some(id) {
            let risk = r.str("dash_risk")?;
            let present = r.str("children_present")?;
            let decision = r.opt_str("decision")?;
            items.push(IncidentItem {
                notification_id: id,
                batch_id: r.uuid("batch_id")?,
                police_reference: r.str("police_reference")?,
                incident_at: r.timestamp("incident_at")?,
                notified_at: r.timestamp("notified_at")?,
                dash_risk: DashRisk::from_code(&risk).ok_or_else(|| corrupt("DASH risk", &risk))?,
                children_present: ChildrenPresent::from_code(&present).ok_or_else(|| corrupt("children present", &present))?,
                decision: match decision {
                    Some(d) => Some(ReviewDecision::from_code(&d).ok_or_else(|| corrupt("review decision", &d))?),
                    None => None,
                },
                review_date: r.opt_date("review_date")?,
                decided_at: r.opt_timestamp("decided_at")?,
                contact_id: r.opt_uuid("contact_id")?,
                children: Vec::new(),
            });
        }
        if let (Some(person_id), Some(item)) = (r.opt_uuid::<PersonId>("person_id")?, items.last_mut()) {
            item.children.push(IncidentChild {
                person_id,
                name: format!("{} {}", r.opt_str("given_name")?.unwrap_or_default(), r.opt_str("family_name")?.unwrap_or_default())
                    .trim()
                    .to_string(),
                hearth_ref: r.opt_str("hearth_ref")?.unwrap_or_default(),
            });
        }
    }
    Ok(items)
}

impl Store {
    /// Notifications matching `filter`, taken in `order` up to `limit`,
    /// each with its children.
    async fn incident_items(&self, filter: &str, order: &str, limit: i64, params: &[Value]) -> Result<Vec<IncidentItem>, StoreError> {
        let sql = format!(
            "{SELECT} FROM (SELECT * FROM domestic_incidents d WHERE {filter} ORDER BY {order} LIMIT {limit}) d {JOIN} \
             ORDER BY {order}, d.notification_id, p.family_name, p.given_name, p.person_id"
        );
        let rows = self.pools().fetch_all(&sql, params).await?;
        items_from(&rows)
    }

    /// Every notification waiting for a review decision, oldest first.
    pub async fn undecided_domestic_incidents(&self, limit: i64) -> Result<Vec<IncidentItem>, StoreError> {
        self.incident_items("d.decided_at IS NULL", "d.notified_at, d.police_reference", limit.clamp(1, 5000), &[]).await
    }

    /// How many notifications are waiting for a decision now.
    pub async fn undecided_domestic_incident_count(&self) -> Result<i64, StoreError> {
        let r = self.pools().fetch_optional("SELECT COUNT(*) AS n FROM domestic_incidents WHERE decided_at IS NULL", &[]).await?;
        Ok(match r {
            Some(r) => r.i64("n")?,
            None => 0,
        })
    }

    /// Notifications decided on or after `since`, the latest decision first.
    pub async fn decided_domestic_incidents(&self, since: DateTime<Utc>, limit: i64) -> Result<Vec<IncidentItem>, StoreError> {
        self.incident_items("d.decided_at >= $1", "d.decided_at DESC, d.police_reference", limit.clamp(1, 5000), params![since]).await
    }

    /// The notifications naming a child, the latest incident first.
    pub async fn domestic_incidents_of(&self, child: PersonId) -> Result<Vec<IncidentItem>, StoreError> {
        self.incident_items(
            "d.notification_id IN (SELECT notification_id FROM domestic_incident_children WHERE child_id = $1)",
            "d.incident_at DESC",
            500,
            params![child.0],
        )
        .await
    }

    /// One notification: its row, what the police sent, and the decision.
    pub async fn domestic_incident(&self, id: DomesticIncidentId) -> Result<Option<IncidentDetail>, StoreError> {
        let Some(item) = self.incident_items("d.notification_id = $1", "d.notified_at", 1, params![id.0]).await?.pop() else {
            return Ok(None);
        };
        let rows = self
            .pools()
            .fetch_all(
                &format!("SELECT {} FROM events WHERE stream = $1 ORDER BY seq", crate::log::EVENT_COLUMNS),
                params![StreamId::DomesticIncident(id).to_key()],
            )
            .await?;
        let mut notified = None;
        let mut reviewed = None;
        for row in &rows {
            let e = crate::log::event_from_row(row)?;
            match &e.payload {
                EventPayload::DomesticIncidentNotified(n) => notified = Some(n.clone()),
                EventPayload::DomesticIncidentReviewed(r) => reviewed = Some((r.clone(), e.clone())),
                _ => {}
            }
        }
        let notified = notified.ok_or_else(|| StoreError::Corrupt("a notification with no notified event".to_string()))?;
        Ok(Some(IncidentDetail { item, notified, reviewed }))
    }

    /// The children behind the dashboard's "decisions pending" figure: one
    /// row per child of each undecided notification, oldest first. The
    /// decision is due by the next day's review meeting.
    pub async fn domestic_incidents_listed(&self) -> Result<Vec<crate::dashboard::ListedChild>, StoreError> {
        let mut out = Vec::new();
        for i in self.undecided_domestic_incidents(5000).await? {
            for c in &i.children {
                out.push(crate::dashboard::ListedChild {
                    person_id: c.person_id,
                    name: c.name.clone(),
                    hearth_ref: c.hearth_ref.clone(),
                    contact_id: None,
                    contact_received_at: Some(i.notified_at),
                    referral_date: None,
                    due: Some(i.notified_at + chrono::Duration::days(1)),
                    closed_at: None,
                    worker: None,
                });
            }
        }
        Ok(out)
    }

    /// When a notification with this police reference was received, if one was.
    pub async fn domestic_incident_with_reference(&self, reference: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let r = self
            .pools()
            .fetch_optional(
                "SELECT notified_at FROM domestic_incidents WHERE police_reference = $1 ORDER BY notified_at LIMIT 1",
                params![reference.trim()],
            )
            .await?;
        r.map(|r| r.timestamp("notified_at")).transpose()
    }

    /// The children a notification names by Hearth ID or by exact name and
    /// date of birth. More than one is a match the caller must refuse.
    pub async fn children_named(&self, named: &ChildNamed) -> Result<Vec<PersonId>, StoreError> {
        let rows = match named {
            ChildNamed::Hearth(r) => {
                self.pools()
                    .fetch_all("SELECT person_id FROM people WHERE hearth_ref = $1 AND is_child = $2", params![r.as_str(), true])
                    .await?
            }
            ChildNamed::NameAndBirth { name, date_of_birth } => {
                // The name as given ("Amy Smith") against first and last
                // names, or against every name the child has.
                self.pools()
                    .fetch_all(
                        "SELECT person_id FROM people WHERE is_child = $1 AND date_of_birth = $2 \
                         AND (LOWER(given_name || ' ' || family_name) = $3 OR search_name = $3) ORDER BY person_id",
                        params![true, *date_of_birth, name.to_lowercase()],
                    )
                    .await?
            }
        };
        rows.iter().map(|r| r.uuid("person_id")).collect()
    }
}
