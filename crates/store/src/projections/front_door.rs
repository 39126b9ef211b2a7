//! Contacts and their triage, checks and decisions. The rules that depend on
//! a contact's state (a closed contact takes no more checks; a contact
//! cannot close while a check is open) are enforced here, inside the append's
//! transaction, so a refused event is never recorded.

use super::Origin;
use super::staff::expect_one;
use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::events::{ContactReceived, EventPayload};
use hearth_domain::front_door::{Agency, CheckState, unresolved_checks};
use hearth_domain::ids::ContactId;

pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    match payload {
        EventPayload::ContactReceived(e) => {
            let (chain_start, chain_started_at) = chain_of(tx, e).await?;
            tx.insert_later(
                "INSERT INTO contacts (contact_id, received_at, source, origin_seq, chain_start_id, chain_started_at, status)",
                "",
                params![e.contact_id.0, e.received_at, e.source.code(), origin.seq, chain_start.0, chain_started_at, "open"].to_vec(),
            );
            insert_children(tx, e);
        }
        EventPayload::ContactRated(e) => {
            require_open(tx, e.contact_id).await?;
            tx.execute(
                "UPDATE contacts SET rag = $1, screen_by = $2 WHERE contact_id = $3",
                params![e.rag.code(), e.screen_by, e.contact_id.0],
            )
            .await?;
        }
        EventPayload::ContactAssigned(e) => {
            require_open(tx, e.contact_id).await?;
            tx.execute("UPDATE contacts SET assigned_to = $1 WHERE contact_id = $2", params![e.worker_id.0, e.contact_id.0])
                .await?;
        }
        EventPayload::CheckRequested(e) => {
            require_open(tx, e.contact_id).await?;
            tx.execute(
                "INSERT INTO contact_checks (check_id, contact_id, agency, question, owner_id, due_at, state, outcome_note, origin_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)",
                params![e.check_id.0, e.contact_id.0, e.agency.code(), e.question.trim(), e.owner_id.0, e.due_at, "requested", origin.seq],
            )
            .await?;
        }
        EventPayload::CheckCompleted(e) => resolve_check(tx, e.contact_id, e.check_id, "completed", &e.result).await?,
        EventPayload::CheckNotCompleted(e) => resolve_check(tx, e.contact_id, e.check_id, "not_completed", &e.reason).await?,
        EventPayload::ContactDecisionProposed(e) => {
            require_open(tx, e.contact_id).await?;
            let pending = tx
                .fetch_optional(
                    "SELECT decision_id FROM contact_decisions WHERE contact_id = $1 AND state = $2",
                    params![e.contact_id.0, "proposed"],
                )
                .await?;
            if pending.is_some() {
                return Err(StoreError::Refused("A decision on this contact is already waiting for a manager".to_string()));
            }
            tx.execute(
                "INSERT INTO contact_decisions (decision_id, contact_id, outcome, threshold, consent_status, state, proposed_at, decided_at, origin_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)",
                params![
                    e.decision_id.0,
                    e.contact_id.0,
                    e.outcome.code(),
                    e.threshold.code(),
                    e.consent.status.code(),
                    "proposed",
                    origin.occurred_at,
                    origin.seq
                ],
            )
            .await?;
            tx.execute("UPDATE contacts SET status = $1 WHERE contact_id = $2", params!["awaiting_authorisation", e.contact_id.0])
                .await?;
        }
        EventPayload::ContactDecisionAuthorised(e) => {
            let open_checks = checks_blocking_close(tx, e.contact_id).await?;
            if let Some(agency) = open_checks.first() {
                return Err(StoreError::Refused(format!(
                    "The contact cannot be closed while the {} check is neither completed nor given a reason for not being done",
                    agency.label().to_lowercase()
                )));
            }
            expect_one(
                tx.execute(
                    "UPDATE contact_decisions SET state = $1, decided_at = $2 WHERE decision_id = $3 AND contact_id = $4 AND state = $5",
                    params!["authorised", origin.occurred_at, e.decision_id.0, e.contact_id.0, "proposed"],
                )
                .await?,
                "There is no decision waiting for authorisation",
            )?;
            tx.execute(
                "UPDATE contacts SET status = $1, outcome = $2, closed_at = $3 WHERE contact_id = $4",
                params!["closed", e.outcome.code(), origin.occurred_at, e.contact_id.0],
            )
            .await?;
        }
        EventPayload::ContactDecisionReturned(e) => {
            expect_one(
                tx.execute(
                    "UPDATE contact_decisions SET state = $1, decided_at = $2 WHERE decision_id = $3 AND contact_id = $4 AND state = $5",
                    params!["returned", origin.occurred_at, e.decision_id.0, e.contact_id.0, "proposed"],
                )
                .await?,
                "There is no decision waiting for authorisation",
            )?;
            tx.execute("UPDATE contacts SET status = $1 WHERE contact_id = $2", params!["open", e.contact_id.0]).await?;
        }
        EventPayload::OutOfHoursRecorded(e) => {
            tx.insert_later(
                "INSERT INTO ooh_records (record_id, occurred_at, handover_due, acknowledged_at, origin_seq)",
                "",
                params![e.record_id.0, origin.occurred_at, e.handover_due, Option::<chrono::DateTime<chrono::Utc>>::None, origin.seq].to_vec(),
            );
        }
        EventPayload::EscalationRaised(e) => {
            tx.execute(
                "INSERT INTO escalations (escalation_id, contact_id, raised_by_team, with_team, raised_at, resolved_at, outcome, origin_seq) \
                 VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6)",
                params![e.escalation_id.0, e.contact_id.0, e.raised_by_team.0, e.with_team.0, origin.occurred_at, origin.seq],
            )
            .await?;
        }
        EventPayload::EscalationResolved(e) => {
            expect_one(
                tx.execute(
                    "UPDATE escalations SET resolved_at = $1, outcome = $2 WHERE escalation_id = $3 AND contact_id = $4 AND resolved_at IS NULL",
                    params![origin.occurred_at, e.outcome.code(), e.escalation_id.0, e.contact_id.0],
                )
                .await?,
                "That disagreement does not exist or is already resolved",
            )?;
        }
        EventPayload::OutOfHoursAcknowledged(e) => {
            expect_one(
                tx.execute(
                    "UPDATE ooh_records SET acknowledged_at = $1 WHERE record_id = $2 AND acknowledged_at IS NULL",
                    params![origin.occurred_at, e.record_id.0],
                )
                .await?,
                "That out-of-hours record does not exist or has already been taken on",
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// The chain a new contact joins, checked against what is recorded: the
/// named first contact must exist and be about one of the same children.
async fn chain_of(tx: &mut Tx, e: &ContactReceived) -> Result<(ContactId, chrono::DateTime<chrono::Utc>), StoreError> {
    let Some(start) = e.chain_start else {
        return Ok((e.contact_id, e.received_at));
    };
    let row = tx
        .fetch_optional("SELECT chain_started_at FROM contacts WHERE contact_id = $1", params![start.0])
        .await?
        .ok_or_else(|| StoreError::Refused("The contact this one continues does not exist".to_string()))?;
    Ok((start, row.timestamp("chain_started_at")?))
}

fn insert_children(tx: &mut Tx, e: &ContactReceived) {
    for child in &e.children {
        tx.insert_later("INSERT INTO contact_children (contact_id, child_id)", "", params![e.contact_id.0, child.0].to_vec());
    }
}

async fn require_open(tx: &mut Tx, contact: ContactId) -> Result<(), StoreError> {
    let row = tx
        .fetch_optional("SELECT status FROM contacts WHERE contact_id = $1", params![contact.0])
        .await?
        .ok_or_else(|| StoreError::Refused("The contact does not exist".to_string()))?;
    if row.str("status")? == "closed" {
        return Err(StoreError::Refused("The contact is closed: record a new contact instead".to_string()));
    }
    Ok(())
}

async fn resolve_check(tx: &mut Tx, contact: ContactId, check: hearth_domain::ids::CheckId, state: &str, note: &str) -> Result<(), StoreError> {
    expect_one(
        tx.execute(
            "UPDATE contact_checks SET state = $1, outcome_note = $2 WHERE check_id = $3 AND contact_id = $4 AND state = $5",
            params![state, note.trim(), check.0, contact.0, "requested"],
        )
        .await?,
        "That check is not waiting for a result",
    )
}

/// The agencies whose checks stop the contact closing (F3).
async fn checks_blocking_close(tx: &mut Tx, contact: ContactId) -> Result<Vec<Agency>, StoreError> {
    let rows = tx.fetch_all("SELECT agency, state FROM contact_checks WHERE contact_id = $1", params![contact.0]).await?;
    let mut checks = Vec::with_capacity(rows.len());
    for r in &rows {
        let agency = r.str("agency")?;
        let agency = Agency::from_code(&agency).ok_or_else(|| StoreError::Corrupt(format!("unknown agency {agency}")))?;
        let state = match r.str("state")?.as_str() {
            "requested" => CheckState::Requested,
            "completed" => CheckState::Completed,
            _ => CheckState::NotCompleted,
        };
        checks.push((agency, state));
    }
    Ok(unresolved_checks(&checks))
}

/// A corrected contact keeps its triage, checks and decisions; what it says
/// about when, from whom and about whom is replaced.
pub(super) async fn correct(tx: &mut Tx, _origin: Origin, replacement: &EventPayload) -> Result<(), StoreError> {
    if let EventPayload::ContactReceived(e) = replacement {
        tx.execute(
            "UPDATE contacts SET received_at = $1, source = $2 WHERE contact_id = $3",
            params![e.received_at, e.source.code(), e.contact_id.0],
        )
        .await?;
        tx.execute("DELETE FROM contact_children WHERE contact_id = $1", params![e.contact_id.0]).await?;
        insert_children(tx, e);
    }
    Ok(())
}
