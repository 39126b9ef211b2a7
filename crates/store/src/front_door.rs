//! Reading the front door: a contact's triage state.

use crate::error::StoreError;
use crate::{Store, params};
use chrono::{DateTime, Utc};
use hearth_domain::ids::ContactId;

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
        row.map(|r| {
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
        })
        .transpose()
    }
}
