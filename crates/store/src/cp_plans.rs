//! Reading child protection plans, their core groups and the actions of a
//! child's record (issue 4, F18, F19): what the record page, the plan's
//! pages and the parents' version show.

use crate::db::Row;
use crate::error::StoreError;
use crate::{Store, params};
use chrono::NaiveDate;
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::child_protection::{AbuseCategory, Attendee, CpPlanEndReason};
use hearth_domain::ids::{ConferenceId, MeetingId, PersonId, PlanId, UserId};

/// A child protection plan as it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct CpPlanView {
    pub plan_id: PlanId,
    pub child_id: PersonId,
    pub conference_id: Option<ConferenceId>,
    pub started_on: NaiveDate,
    pub initial_category: Option<AbuseCategory>,
    pub latest_category: Option<AbuseCategory>,
    pub contingency_plan: String,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<CpPlanEndReason>,
    pub end_reason_detail: String,
}

impl CpPlanView {
    pub fn is_open(&self) -> bool {
        self.ended_on.is_none()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CoreGroupView {
    pub meeting_id: MeetingId,
    pub plan_id: PlanId,
    pub held_on: NaiveDate,
    pub attendees: Vec<Attendee>,
    pub progress: String,
    pub late_reason: String,
}

/// What set an action, in words for lists.
pub fn source_label(kind: &str) -> &'static str {
    match kind {
        "strategy_discussion" => "Strategy discussion",
        "conference" => "Child protection conference",
        "cp_plan" => "Child protection plan",
        "core_group" => "Core group",
        "cin_plan" => "Child in need plan",
        "cin_review" => "Child in need review",
        _ => "Other",
    }
}

/// One action on a child's record, from whatever set it.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionView {
    pub action: Action,
    pub child_id: PersonId,
    /// `actions.source_kind`: strategy_discussion, conference, cp_plan, …
    pub source_kind: String,
    pub source_id: String,
    /// The owner's display name when the owner is a member of staff.
    pub owner_staff_name: Option<String>,
}

impl ActionView {
    /// "Name (Agency)" or the member of staff's name.
    pub fn owner_text(&self) -> String {
        match &self.action.owner {
            Some(ActionOwner::Named { name, agency }) if agency.is_empty() => name.clone(),
            Some(ActionOwner::Named { name, agency }) => format!("{name} ({agency})"),
            Some(ActionOwner::Staff { .. }) => self.owner_staff_name.clone().unwrap_or_else(|| "A member of staff".to_string()),
            None => "No owner".to_string(),
        }
    }

    pub fn source_label(&self) -> &'static str {
        source_label(&self.source_kind)
    }
}

/// The conference a plan is recorded from, as the plan form needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanConference {
    pub conference_id: ConferenceId,
    pub child_id: PersonId,
    /// initial or review
    pub kind: String,
    pub held_on: NaiveDate,
    /// child_protection_plan or no_plan
    pub decision: String,
    pub category: Option<AbuseCategory>,
}

impl PlanConference {
    pub fn decided_on_a_plan(&self) -> bool {
        self.kind == "initial" && self.decision == "child_protection_plan"
    }
}

const PLAN_COLUMNS: &str = "plan_id, child_id, conference_id, started_on, initial_category, latest_category, contingency_plan, \
     ended_on, end_reason, end_reason_detail";

fn plan_from_row(r: &Row) -> Result<CpPlanView, StoreError> {
    Ok(CpPlanView {
        plan_id: r.uuid("plan_id")?,
        child_id: r.uuid("child_id")?,
        conference_id: r.opt_uuid("conference_id")?,
        started_on: r.date("started_on")?,
        initial_category: r.opt_str("initial_category")?.as_deref().and_then(AbuseCategory::from_code),
        latest_category: r.opt_str("latest_category")?.as_deref().and_then(AbuseCategory::from_code),
        contingency_plan: r.str("contingency_plan")?,
        ended_on: r.opt_date("ended_on")?,
        end_reason: r.opt_str("end_reason")?.as_deref().and_then(CpPlanEndReason::from_code),
        end_reason_detail: r.str("end_reason_detail")?,
    })
}

const ACTION_COLUMNS: &str = "a.action_id, a.child_id, a.source_kind, a.source_id, a.description, a.owner_user_id, a.owner_name, \
     a.owner_agency, a.due_on, a.status, a.completed_on, a.evidence, a.cancel_reason, s.display_name AS owner_staff_name";

fn action_from_row(r: &Row) -> Result<ActionView, StoreError> {
    let owner = match r.opt_uuid::<UserId>("owner_user_id")? {
        Some(user_id) => ActionOwner::Staff { user_id },
        None => ActionOwner::Named {
            name: r.opt_str("owner_name")?.unwrap_or_default(),
            agency: r.opt_str("owner_agency")?.unwrap_or_default(),
        },
    };
    let status = match r.str("status")?.as_str() {
        "done" => ActionStatus::Done {
            completed_on: r.opt_date("completed_on")?.unwrap_or(r.date("due_on")?),
            evidence: r.opt_str("evidence")?.unwrap_or_default(),
        },
        "cancelled" => ActionStatus::Cancelled { reason: r.opt_str("cancel_reason")?.unwrap_or_default() },
        _ => ActionStatus::Open,
    };
    let action_id: uuid::Uuid = r.uuid("action_id")?;
    Ok(ActionView {
        action: Action {
            action_id: ActionId(action_id),
            description: r.str("description")?,
            owner: Some(owner),
            due_on: Some(r.date("due_on")?),
            status,
        },
        child_id: r.uuid("child_id")?,
        source_kind: r.str("source_kind")?,
        source_id: r.str("source_id")?,
        owner_staff_name: r.opt_str("owner_staff_name")?,
    })
}

impl Store {
    /// The child's child protection plans, the newest first.
    pub async fn cp_plans_of(&self, child: PersonId) -> Result<Vec<CpPlanView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!("SELECT {PLAN_COLUMNS} FROM plans WHERE child_id = $1 AND kind = 'cp' ORDER BY started_on DESC, started_seq DESC"),
                params![child.0],
            )
            .await?;
        rows.iter().map(plan_from_row).collect()
    }

    pub async fn cp_plan(&self, plan: PlanId) -> Result<Option<CpPlanView>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(&format!("SELECT {PLAN_COLUMNS} FROM plans WHERE plan_id = $1 AND kind = 'cp'"), params![plan.0])
            .await?;
        row.as_ref().map(plan_from_row).transpose()
    }

    /// The plan's core group meetings, the earliest first.
    pub async fn core_groups_of(&self, plan: PlanId) -> Result<Vec<CoreGroupView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT meeting_id, plan_id, held_on, attendees_json, progress, late_reason FROM plan_meetings \
                 WHERE plan_id = $1 AND kind = 'core_group' ORDER BY held_on, origin_seq",
                params![plan.0],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(CoreGroupView {
                meeting_id: r.uuid("meeting_id")?,
                plan_id: r.uuid("plan_id")?,
                held_on: r.date("held_on")?,
                attendees: serde_json::from_str(&r.str("attendees_json")?)?,
                progress: r.str("progress")?,
                late_reason: r.str("late_reason")?,
            });
        }
        Ok(out)
    }

    /// The dates of the review conferences held on a plan, the earliest first.
    pub async fn review_conferences_of(&self, plan: PlanId) -> Result<Vec<NaiveDate>, StoreError> {
        let rows = self
            .pools()
            .fetch_all("SELECT held_on FROM conferences WHERE plan_id = $1 AND kind = 'review' ORDER BY held_on", params![plan.0])
            .await?;
        rows.iter().map(|r| r.date("held_on")).collect()
    }

    pub async fn plan_conference(&self, conference: ConferenceId) -> Result<Option<PlanConference>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(
                "SELECT conference_id, child_id, kind, held_on, decision, category FROM conferences WHERE conference_id = $1",
                params![conference.0],
            )
            .await?;
        row.map(|r| {
            Ok(PlanConference {
                conference_id: r.uuid("conference_id")?,
                child_id: r.uuid("child_id")?,
                kind: r.str("kind")?,
                held_on: r.date("held_on")?,
                decision: r.str("decision")?,
                category: r.opt_str("category")?.as_deref().and_then(AbuseCategory::from_code),
            })
        })
        .transpose()
    }

    /// The child's initial conferences that decided on a plan no plan has
    /// yet been recorded from: the record page offers to record each.
    pub async fn conferences_awaiting_plan(&self, child: PersonId) -> Result<Vec<PlanConference>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT c.conference_id, c.child_id, c.kind, c.held_on, c.decision, c.category FROM conferences c \
                 WHERE c.child_id = $1 AND c.kind = 'initial' AND c.decision = 'child_protection_plan' \
                 AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.conference_id = c.conference_id) ORDER BY c.held_on",
                params![child.0],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(PlanConference {
                conference_id: r.uuid("conference_id")?,
                child_id: r.uuid("child_id")?,
                kind: r.str("kind")?,
                held_on: r.date("held_on")?,
                decision: r.str("decision")?,
                category: r.opt_str("category")?.as_deref().and_then(AbuseCategory::from_code),
            });
        }
        Ok(out)
    }

    /// Every action on the child's record from any source: open ones first,
    /// earliest due first, then done and cancelled ones.
    pub async fn actions_of(&self, child: PersonId) -> Result<Vec<ActionView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!(
                    "SELECT {ACTION_COLUMNS} FROM actions a LEFT JOIN staff s ON s.user_id = a.owner_user_id \
                     WHERE a.child_id = $1 ORDER BY CASE WHEN a.status = 'open' THEN 0 ELSE 1 END, a.due_on, a.set_seq"
                ),
                params![child.0],
            )
            .await?;
        rows.iter().map(action_from_row).collect()
    }

    /// The actions one plan or meeting set (`source_kind`, `source_id`).
    pub async fn actions_from(&self, source_kind: &str, source_id: &str) -> Result<Vec<ActionView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!(
                    "SELECT {ACTION_COLUMNS} FROM actions a LEFT JOIN staff s ON s.user_id = a.owner_user_id \
                     WHERE a.source_kind = $1 AND a.source_id = $2 ORDER BY a.due_on, a.set_seq"
                ),
                params![source_kind, source_id],
            )
            .await?;
        rows.iter().map(action_from_row).collect()
    }

    pub async fn action(&self, action: ActionId) -> Result<Option<ActionView>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(
                &format!("SELECT {ACTION_COLUMNS} FROM actions a LEFT JOIN staff s ON s.user_id = a.owner_user_id WHERE a.action_id = $1"),
                params![action.0],
            )
            .await?;
        row.as_ref().map(action_from_row).transpose()
    }
}
