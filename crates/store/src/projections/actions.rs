//! Actions (issue 4, item 8): one concept wherever they are set. A strategy
//! discussion, conference, plan, core group or review hands its actions to
//! [`record`]; completing or cancelling one is its own event.

use super::Origin;
use crate::db::Tx;
use crate::error::StoreError;
use crate::params;
use hearth_domain::actions::{Action, ActionOwner, ActionStatus};
use hearth_domain::events::EventPayload;
use hearth_domain::ids::PersonId;

/// What set an action, as stored in `actions.source_kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActionSource {
    StrategyDiscussion,
    Conference,
    CpPlan,
    CoreGroup,
    CinPlan,
    CinReview,
}

impl ActionSource {
    pub(crate) fn code(self) -> &'static str {
        match self {
            ActionSource::StrategyDiscussion => "strategy_discussion",
            ActionSource::Conference => "conference",
            ActionSource::CpPlan => "cp_plan",
            ActionSource::CoreGroup => "core_group",
            ActionSource::CinPlan => "cin_plan",
            ActionSource::CinReview => "cin_review",
        }
    }
}

/// Writes the actions a meeting or plan set. An action id seen before (a
/// core group updating an action the conference set) updates that action;
/// a correction of the meeting re-applies its actions the same way.
pub(crate) async fn record(
    tx: &mut Tx,
    origin: Origin,
    child: PersonId,
    source: ActionSource,
    source_id: &str,
    actions: &[Action],
) -> Result<(), StoreError> {
    for a in actions {
        // Validation has made sure both are present; a payload without them
        // is refused rather than stored half-complete.
        let (Some(owner), Some(due_on)) = (&a.owner, a.due_on) else {
            return Err(StoreError::Refused("Every action needs an owner and a due date".to_string()));
        };
        let (owner_user, owner_name, owner_agency) = match owner {
            ActionOwner::Staff { user_id } => (Some(user_id.0), None, None),
            ActionOwner::Named { name, agency } => (None, Some(name.as_str()), Some(agency.as_str())),
        };
        let (completed_on, evidence, cancel_reason) = match &a.status {
            ActionStatus::Open => (None, None, None),
            ActionStatus::Done { completed_on, evidence } => (Some(*completed_on), Some(evidence.as_str()), None),
            ActionStatus::Cancelled { reason } => (None, None, Some(reason.as_str())),
        };
        let existing = tx.fetch_optional("SELECT child_id FROM actions WHERE action_id = $1", params![a.action_id.0]).await?;
        match existing {
            Some(row) => {
                if row.uuid::<PersonId>("child_id")? != child {
                    return Err(StoreError::Refused("An action belongs to one child's record".to_string()));
                }
                tx.execute(
                    "UPDATE actions SET description = $1, owner_user_id = $2, owner_name = $3, owner_agency = $4, due_on = $5, \
                     status = $6, completed_on = $7, evidence = $8, cancel_reason = $9, updated_seq = $10 WHERE action_id = $11",
                    params![
                        a.description.trim(),
                        owner_user,
                        owner_name,
                        owner_agency,
                        due_on,
                        a.status.code(),
                        completed_on,
                        evidence,
                        cancel_reason,
                        origin.seq,
                        a.action_id.0
                    ],
                )
                .await?;
            }
            None => {
                tx.execute(
                    "INSERT INTO actions (action_id, child_id, source_kind, source_id, description, owner_user_id, owner_name, \
                     owner_agency, due_on, status, completed_on, evidence, cancel_reason, set_seq, updated_seq) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
                    params![
                        a.action_id.0,
                        child.0,
                        source.code(),
                        source_id,
                        a.description.trim(),
                        owner_user,
                        owner_name,
                        owner_agency,
                        due_on,
                        a.status.code(),
                        completed_on,
                        evidence,
                        cancel_reason,
                        origin.seq
                    ],
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// Completing and cancelling actions.
pub(super) async fn apply(tx: &mut Tx, origin: Origin, payload: &EventPayload) -> Result<(), StoreError> {
    let (action_id, child_id) = match payload {
        EventPayload::ActionCompleted(e) => (e.action_id, e.child_id),
        EventPayload::ActionCancelled(e) => (e.action_id, e.child_id),
        _ => return Ok(()),
    };
    let row = tx
        .fetch_optional("SELECT child_id, status FROM actions WHERE action_id = $1", params![action_id.0])
        .await?
        .ok_or_else(|| StoreError::Refused("There is no such action".to_string()))?;
    if row.uuid::<PersonId>("child_id")? != child_id {
        return Err(StoreError::Refused("The action is on another child's record".to_string()));
    }
    if row.str("status")? != "open" {
        return Err(StoreError::Refused("The action is already done or cancelled".to_string()));
    }
    match payload {
        EventPayload::ActionCompleted(e) => {
            tx.execute(
                "UPDATE actions SET status = 'done', completed_on = $1, evidence = $2, updated_seq = $3 WHERE action_id = $4",
                params![e.completed_on, e.evidence.trim(), origin.seq, action_id.0],
            )
            .await?;
        }
        EventPayload::ActionCancelled(e) => {
            tx.execute(
                "UPDATE actions SET status = 'cancelled', cancel_reason = $1, updated_seq = $2 WHERE action_id = $3",
                params![e.reason.trim(), origin.seq, action_id.0],
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}
