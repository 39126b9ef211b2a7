//! Reading strategy discussions, section 47 enquiries and child protection
//! conferences (issue 4, F14) for the child's record and the API.

use crate::db::Row;
use crate::error::StoreError;
use crate::{Store, params};
use chrono::{NaiveDate, NaiveDateTime};
use hearth_domain::child_protection::{
    AbuseCategory, Agency, Attendee, ChildsViews, ConferenceDecision, ConferenceKind, Section47Outcome, StrategyDecision,
};
use hearth_domain::ids::{ConferenceId, PersonId, PlanId, ReferralId, Section47Id, StrategyDiscussionId, UserId};

/// An action a strategy discussion or conference set, as it stands now.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAction {
    pub description: String,
    pub owner_user_id: Option<UserId>,
    pub owner_name: Option<String>,
    pub owner_agency: Option<String>,
    pub due_on: NaiveDate,
    /// open, done or cancelled
    pub status: String,
}

impl SetAction {
    /// Who is to do it, as the record shows it.
    pub fn owner(&self) -> String {
        match (&self.owner_name, &self.owner_agency) {
            (Some(name), Some(agency)) => format!("{name} ({agency})"),
            (Some(name), None) => name.clone(),
            _ => "A member of staff".to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StrategyDiscussionView {
    pub discussion_id: StrategyDiscussionId,
    pub child_id: PersonId,
    pub referral_id: Option<ReferralId>,
    pub held_at: NaiveDateTime,
    pub held_on: NaiveDate,
    pub attendees: Vec<Attendee>,
    /// The agencies expected at every strategy discussion that nobody came from.
    pub absent_agencies: Vec<Agency>,
    pub information_shared: String,
    pub decision: StrategyDecision,
    pub rationale: String,
    pub interim_safety_plan: String,
    pub actions: Vec<SetAction>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section47View {
    pub enquiry_id: Section47Id,
    pub child_id: PersonId,
    pub discussion_id: StrategyDiscussionId,
    pub discussion_on: NaiveDate,
    pub started_on: NaiveDate,
    pub child_seen_on: Option<NaiveDate>,
    pub child_seen_alone: Option<bool>,
    pub not_seen_alone_reason: String,
    pub not_seen_reason: String,
    pub outcome: Option<Section47Outcome>,
    pub icpc_not_required_reason: String,
    pub completed_on: Option<NaiveDate>,
}

impl Section47View {
    pub fn is_concluded(&self) -> bool {
        self.outcome.is_some()
    }

    /// An initial conference may be recorded for it: the enquiry found one
    /// is needed, or it is still open (the conference is often convened
    /// before the enquiry's record is finished).
    pub fn may_have_initial_conference(&self) -> bool {
        self.outcome.is_none_or(Section47Outcome::needs_icpc)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConferenceView {
    pub conference_id: ConferenceId,
    pub child_id: PersonId,
    pub kind: ConferenceKind,
    pub enquiry_id: Option<Section47Id>,
    pub plan_id: Option<PlanId>,
    pub held_on: NaiveDate,
    pub attendees: Vec<Attendee>,
    pub childs_views: ChildsViews,
    pub decision: ConferenceDecision,
    pub category: Option<AbuseCategory>,
    pub rationale: String,
    pub late_reason: String,
    pub actions: Vec<SetAction>,
}

/// The child protection plan open for a child, as a review conference needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenCpPlan {
    pub plan_id: PlanId,
    pub started_on: NaiveDate,
    pub conference_id: Option<ConferenceId>,
}

const DISCUSSION_COLUMNS: &str = "discussion_id, child_id, referral_id, held_at, held_on, attendees_json, absent_agencies, \
     information_shared, decision, rationale, interim_safety_plan";

const ENQUIRY_COLUMNS: &str = "enquiry_id, child_id, discussion_id, discussion_on, started_on, child_seen_on, child_seen_alone, \
     not_seen_alone_reason, not_seen_reason, outcome, icpc_not_required_reason, completed_on";

const CONFERENCE_COLUMNS: &str = "conference_id, child_id, kind, enquiry_id, plan_id, held_on, attendees_json, childs_views, \
     childs_views_not_obtained_reason, advocacy_offered, advocate, decision, category, rationale, late_reason";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} holds a code Hearth does not know"))
}

fn discussion_from(r: &Row) -> Result<StrategyDiscussionView, StoreError> {
    let held_at = NaiveDateTime::parse_from_str(&r.str("held_at")?, "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| StoreError::Corrupt("strategy_discussions.held_at holds a bad time".to_string()))?;
    Ok(StrategyDiscussionView {
        discussion_id: r.uuid("discussion_id")?,
        child_id: r.uuid("child_id")?,
        referral_id: r.opt_uuid("referral_id")?,
        held_at,
        held_on: r.date("held_on")?,
        attendees: serde_json::from_str(&r.str("attendees_json")?)?,
        absent_agencies: r.str("absent_agencies")?.split(',').filter_map(Agency::from_code).collect(),
        information_shared: r.str("information_shared")?,
        decision: StrategyDecision::from_code(&r.str("decision")?).ok_or_else(|| corrupt("strategy_discussions.decision"))?,
        rationale: r.str("rationale")?,
        interim_safety_plan: r.str("interim_safety_plan")?,
        actions: Vec::new(),
    })
}

fn enquiry_from(r: &Row) -> Result<Section47View, StoreError> {
    let outcome = match r.opt_str("outcome")? {
        None => None,
        Some(code) => Some(Section47Outcome::from_code(&code).ok_or_else(|| corrupt("section47s.outcome"))?),
    };
    Ok(Section47View {
        enquiry_id: r.uuid("enquiry_id")?,
        child_id: r.uuid("child_id")?,
        discussion_id: r.uuid("discussion_id")?,
        discussion_on: r.date("discussion_on")?,
        started_on: r.date("started_on")?,
        child_seen_on: r.opt_date("child_seen_on")?,
        child_seen_alone: r.opt_bool("child_seen_alone")?,
        not_seen_alone_reason: r.str("not_seen_alone_reason")?,
        not_seen_reason: r.str("not_seen_reason")?,
        outcome,
        icpc_not_required_reason: r.str("icpc_not_required_reason")?,
        completed_on: r.opt_date("completed_on")?,
    })
}

fn conference_from(r: &Row) -> Result<ConferenceView, StoreError> {
    let kind = match r.str("kind")?.as_str() {
        "initial" => ConferenceKind::Initial,
        "review" => ConferenceKind::Review,
        _ => return Err(corrupt("conferences.kind")),
    };
    let decision = match r.str("decision")?.as_str() {
        "child_protection_plan" => ConferenceDecision::ChildProtectionPlan,
        "no_plan" => ConferenceDecision::NoPlan,
        _ => return Err(corrupt("conferences.decision")),
    };
    let category = match r.opt_str("category")? {
        None => None,
        Some(code) => Some(AbuseCategory::from_code(&code).ok_or_else(|| corrupt("conferences.category"))?),
    };
    Ok(ConferenceView {
        conference_id: r.uuid("conference_id")?,
        child_id: r.uuid("child_id")?,
        kind,
        enquiry_id: r.opt_uuid("enquiry_id")?,
        plan_id: r.opt_uuid("plan_id")?,
        held_on: r.date("held_on")?,
        attendees: serde_json::from_str(&r.str("attendees_json")?)?,
        childs_views: ChildsViews {
            views: r.str("childs_views")?,
            not_obtained_reason: r.str("childs_views_not_obtained_reason")?,
            advocacy_offered: r.opt_bool("advocacy_offered")?,
            advocate: r.str("advocate")?,
        },
        decision,
        category,
        rationale: r.str("rationale")?,
        late_reason: r.str("late_reason")?,
        actions: Vec::new(),
    })
}

impl Store {
    /// The child's strategy discussions, newest first, with the actions each set.
    pub async fn strategy_discussions_of(&self, child: PersonId) -> Result<Vec<StrategyDiscussionView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!(
                    "SELECT {DISCUSSION_COLUMNS} FROM strategy_discussions WHERE child_id = $1 ORDER BY held_at DESC, origin_seq DESC"
                ),
                params![child.0],
            )
            .await?;
        let mut out = rows.iter().map(discussion_from).collect::<Result<Vec<_>, _>>()?;
        for d in &mut out {
            d.actions = self.cp_actions_set_by("strategy_discussion", &d.discussion_id.to_string()).await?;
        }
        Ok(out)
    }

    pub async fn strategy_discussion(&self, id: StrategyDiscussionId) -> Result<Option<StrategyDiscussionView>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(&format!("SELECT {DISCUSSION_COLUMNS} FROM strategy_discussions WHERE discussion_id = $1"), params![id.0])
            .await?;
        let Some(row) = row else { return Ok(None) };
        let mut d = discussion_from(&row)?;
        d.actions = self.cp_actions_set_by("strategy_discussion", &id.to_string()).await?;
        Ok(Some(d))
    }

    /// The child's section 47 enquiries, newest first.
    pub async fn section47s_of(&self, child: PersonId) -> Result<Vec<Section47View>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!("SELECT {ENQUIRY_COLUMNS} FROM section47s WHERE child_id = $1 ORDER BY started_on DESC, started_seq DESC"),
                params![child.0],
            )
            .await?;
        rows.iter().map(enquiry_from).collect()
    }

    pub async fn section47(&self, id: Section47Id) -> Result<Option<Section47View>, StoreError> {
        let row =
            self.pools().fetch_optional(&format!("SELECT {ENQUIRY_COLUMNS} FROM section47s WHERE enquiry_id = $1"), params![id.0]).await?;
        row.as_ref().map(enquiry_from).transpose()
    }

    /// The child's initial and review conferences, newest first.
    pub async fn conferences_of(&self, child: PersonId) -> Result<Vec<ConferenceView>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                &format!("SELECT {CONFERENCE_COLUMNS} FROM conferences WHERE child_id = $1 ORDER BY held_on DESC, origin_seq DESC"),
                params![child.0],
            )
            .await?;
        let mut out = rows.iter().map(conference_from).collect::<Result<Vec<_>, _>>()?;
        for c in &mut out {
            c.actions = self.cp_actions_set_by("conference", &c.conference_id.to_string()).await?;
        }
        Ok(out)
    }

    pub async fn conference(&self, id: ConferenceId) -> Result<Option<ConferenceView>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(&format!("SELECT {CONFERENCE_COLUMNS} FROM conferences WHERE conference_id = $1"), params![id.0])
            .await?;
        let Some(row) = row else { return Ok(None) };
        let mut c = conference_from(&row)?;
        c.actions = self.cp_actions_set_by("conference", &id.to_string()).await?;
        Ok(Some(c))
    }

    /// The child protection plan open for the child, if there is one (one
    /// at a time is the rule), for recording a review conference.
    pub async fn open_cp_plan_for_review(&self, child: PersonId) -> Result<Option<OpenCpPlan>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(
                "SELECT plan_id, started_on, conference_id FROM plans WHERE child_id = $1 AND kind = 'cp' AND ended_on IS NULL \
                 ORDER BY started_on DESC LIMIT 1",
                params![child.0],
            )
            .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(OpenCpPlan { plan_id: r.uuid("plan_id")?, started_on: r.date("started_on")?, conference_id: r.opt_uuid("conference_id")? }))
    }

    /// Whether a child protection plan has been recorded from this conference.
    pub async fn plan_recorded_from_conference(&self, conference: ConferenceId) -> Result<bool, StoreError> {
        let row = self
            .pools()
            .fetch_optional("SELECT plan_id FROM plans WHERE conference_id = $1 AND kind = 'cp'", params![conference.0])
            .await?;
        Ok(row.is_some())
    }

    async fn cp_actions_set_by(&self, source_kind: &str, source_id: &str) -> Result<Vec<SetAction>, StoreError> {
        let rows = self
            .pools()
            .fetch_all(
                "SELECT description, owner_user_id, owner_name, owner_agency, due_on, status FROM actions \
                 WHERE source_kind = $1 AND source_id = $2 ORDER BY due_on, set_seq",
                params![source_kind, source_id],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SetAction {
                    description: r.str("description")?,
                    owner_user_id: r.opt_uuid("owner_user_id")?,
                    owner_name: r.opt_str("owner_name")?,
                    owner_agency: r.opt_str("owner_agency")?,
                    due_on: r.date("due_on")?,
                    status: r.str("status")?,
                })
            })
            .collect()
    }
}
