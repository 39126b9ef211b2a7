//! The child's record: summary, family, addresses and the chronology; the
//! break-glass step for those outside the child's team; and who has looked.

use super::home::ChildRow;
use super::oversight::AccessRow;
use super::{Layout, can_record, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use hearth_domain::access::{Access, AccessQuestion, MIN_BREAK_GLASS_REASON, decide};
use hearth_domain::codes::{Disability, Ethnicity, Sex};
use hearth_domain::events::{ChronologyCategory, EventPayload};
use hearth_domain::ids::PersonId;
use hearth_domain::people::RelationshipKind;
use hearth_store::access_log::AccessEntry;
use hearth_store::children::ChildRecord;
use hearth_store::chronology::ChronologyEntry;
use serde::Deserialize;

/// Decides whether the user may open this child's record now.
pub async fn access_for(state: &AppState, user: &CurrentUser, child: PersonId) -> Result<Access, AppError> {
    let user_teams = state.store.teams_of(user.staff.user_id).await?;
    let child_teams = state.store.child_teams(child).await?;
    let since = Utc::now() - Duration::hours(state.config.break_glass_hours);
    let break_glass_given = state.store.break_glass_given(&user.session_ref, child, since).await?;
    Ok(decide(&AccessQuestion { role: user.staff.role, user_teams: &user_teams, child_teams: &child_teams, break_glass_given }))
}

/// Writes the access entry for an opening of the record.
pub async fn log_view(state: &AppState, user: &CurrentUser, child: PersonId, screen: &str) -> Result<(), AppError> {
    state
        .store
        .log_access(&AccessEntry {
            at: Utc::now(),
            user_id: user.staff.user_id,
            person_id: child,
            screen: screen.to_string(),
            session_ref: user.session_ref.clone(),
            break_glass_reason: None,
        })
        .await?;
    Ok(())
}

/// Loads a child's record if the user may open it, writing the access
/// entry; otherwise the break-glass page is the answer.
pub async fn open_record(state: &AppState, user: &CurrentUser, id: PersonId, screen: &str) -> Result<Result<ChildRecord, Response>, AppError> {
    let Some(record) = state.store.child_record(id).await? else {
        return Err(AppError::NotFound);
    };
    match access_for(state, user, id).await? {
        Access::Allowed | Access::AllowedByBreakGlass => {
            log_view(state, user, id, screen).await?;
            Ok(Ok(record))
        }
        Access::NeedsReason => {
            let html = render_break_glass(state, user, &record, &FormState::default())?;
            Ok(Err((axum::http::StatusCode::FORBIDDEN, Html(html)).into_response()))
        }
    }
}

#[derive(Template)]
#[template(path = "break_glass.html")]
pub struct BreakGlassPage {
    pub layout: Layout,
    pub child_id: String,
    pub hearth_ref: String,
    pub error_summary: Markup,
    pub reason: Markup,
}

fn render_break_glass(state: &AppState, user: &CurrentUser, record: &ChildRecord, form: &FormState) -> Result<String, AppError> {
    let page = BreakGlassPage {
        layout: Layout::for_user(state, user, "This record is outside your team", "search"),
        child_id: record.item.person_id.to_string(),
        hearth_ref: record.item.hearth_ref.clone(),
        error_summary: components::error_summary(&form.errors),
        reason: components::textarea(
            form,
            "reason",
            "Why do you need to open this record?",
            "Your reason is recorded with your name and shown to managers. For example: covering duty for the allocated worker.",
            4,
        ),
    };
    Ok(page.render()?)
}

pub async fn break_glass(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let Some(record) = state.store.child_record(id).await? else {
        return Err(AppError::NotFound);
    };
    let mut form = FormState::from_pairs(pairs);
    let reason = form.value("reason").trim().to_string();
    if reason.chars().count() < MIN_BREAK_GLASS_REASON {
        form.errors.add("reason", format!("Enter a reason of at least {MIN_BREAK_GLASS_REASON} characters"));
    } else if reason.chars().count() > 1000 {
        form.errors.add("reason", "The reason must be 1000 characters or fewer");
    }
    if form.has_errors() {
        let html = render_break_glass(&state, &user, &record, &form)?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    state
        .store
        .log_access(&AccessEntry {
            at: Utc::now(),
            user_id: user.staff.user_id,
            person_id: id,
            screen: "break_glass".to_string(),
            session_ref: user.session_ref.clone(),
            break_glass_reason: Some(reason),
        })
        .await?;
    tracing::info!(user = %user.staff.user_id, child = %id, "break-glass access");
    Ok(Redirect::to(&format!("/children/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "child_record.html")]
pub struct ChildRecordPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub summary: Vec<(String, String)>,
    pub family: Vec<FamilyRow>,
    pub addresses: Vec<(String, String)>,
    pub chronology: Vec<ChronologyItem>,
    pub filters: Vec<(String, String, bool)>,
    pub filter_label: String,
    pub shown_all: bool,
    pub more_href: String,
    pub banner: Option<String>,
    pub can_record: bool,
    pub can_see_access_log: bool,
    pub flags: Vec<String>,
    /// Links to the child's early help episodes, and whether the user may refer to early help (F11).
    pub early_help: Vec<(String, String)>,
    pub can_step_down: bool,
    /// Active risk flags, shown in the banner in red.
    pub risks: Vec<String>,
    pub risk_flags: Vec<RiskFlagRow>,
    pub episodes: Vec<EpisodeRow>,
    /// Sections from issue 4's areas: what is due for the child, their
    /// assessments and child in need plans, child protection, and proceedings.
    pub due_section: Markup,
    pub assessment_section: Markup,
    pub protection_section: Markup,
    pub plan_section: Markup,
    pub proceedings_section: Markup,
}

pub struct RiskFlagRow {
    pub label: String,
    pub active: bool,
    pub identified_on: String,
    pub evidence: String,
    pub raised_by: String,
    pub removed: Option<(String, String)>,
    pub remove_href: String,
}

pub struct EpisodeRow {
    pub referral_date: String,
    pub source: String,
    pub primary_need: Option<String>,
    pub need_href: String,
    pub closed: Option<String>,
}

pub struct FamilyRow {
    pub name: String,
    pub href: Option<String>,
    pub relationship: String,
    pub notes: String,
}

pub struct ChronologyItem {
    pub id: String,
    pub date: String,
    pub iso_date: String,
    pub significant: bool,
    pub category: String,
    pub summary: String,
    pub details: Vec<(String, String)>,
    pub recorded: String,
    pub corrected: bool,
    /// Where to correct it, for entries a worker wrote.
    pub correct_href: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct RecordQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    all: Option<String>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    added: Option<String>,
    #[serde(default)]
    corrected: Option<String>,
    #[serde(default)]
    family_added: Option<String>,
    #[serde(default)]
    address_added: Option<String>,
    #[serde(default)]
    details_changed: Option<String>,
    #[serde(default)]
    flagged: Option<String>,
    #[serde(default)]
    unflagged: Option<String>,
    #[serde(default)]
    need_recorded: Option<String>,
}

const CHRONOLOGY_PAGE: i64 = 100;

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Query(q): Query<RecordQuery>,
) -> Result<Response, AppError> {
    let record = match open_record(&state, &user, id, "child_record").await? {
        Ok(r) => r,
        Err(break_glass_page) => return Ok(break_glass_page),
    };
    let referrals = state.store.referrals_of(id).await?;
    let early_help = super::early_help::for_record(&state, id).await?;
    let risk_flags = state.store.risk_flags_of(id).await?;
    let category = ChronologyCategory::from_code(&q.category);
    let limit = if q.all.is_some() { 100_000 } else { CHRONOLOGY_PAGE };
    let entries = state.store.chronology(id, category, limit + 1).await?;
    let shown_all = (entries.len() as i64) <= limit;
    let counts = state.store.chronology_counts(id).await?;
    let mut filters = vec![(String::new(), format!("Everything ({})", counts.iter().map(|(_, n)| n).sum::<i64>()), category.is_none())];
    filters.extend(counts.iter().map(|(c, n)| (c.code().to_string(), format!("{} ({n})", c.label()), Some(*c) == category)));
    let chronology = entries.iter().take(limit as usize).map(chronology_item).collect();
    let banner = if q.created.is_some() {
        Some(format!("Child added. Their Hearth ID is {}.", record.item.hearth_ref))
    } else if q.added.is_some() {
        Some("Significant event added to the chronology.".to_string())
    } else if q.corrected.is_some() {
        Some("Correction recorded. The original is kept in the chronology, marked as corrected.".to_string())
    } else if q.family_added.is_some() {
        Some("Family member added.".to_string())
    } else if q.address_added.is_some() {
        Some("Address recorded.".to_string())
    } else if q.details_changed.is_some() {
        Some("Details changed.".to_string())
    } else if q.flagged.is_some() {
        Some("Risk flagged. Everyone who opens this record will see it.".to_string())
    } else if q.unflagged.is_some() {
        Some("Risk flag removed. The chronology keeps its history.".to_string())
    } else if q.need_recorded.is_some() {
        Some("Primary need recorded.".to_string())
    } else {
        None
    };
    let may_record = can_record(user.staff.role);
    let due_section = super::work::record_section(&state, &user, id, may_record).await?;
    let assessment_section = super::assessments::record_section(&state, &user, id, may_record).await?;
    let protection_section = super::child_protection::record_section(&state, &user, id, may_record).await?;
    let plan_section = super::cp_plans::record_section(&state, &user, id, may_record).await?;
    let proceedings_section = super::proceedings::record_section(&state, &user, id, may_record).await?;
    let page = ChildRecordPage {
        due_section,
        assessment_section,
        protection_section,
        plan_section,
        proceedings_section,
        layout: Layout::for_user(&state, &user, &record.item.full_name(), "search"),
        id: id.to_string(),
        summary: summary_rows(&record),
        family: family_rows(&record),
        addresses: record.addresses.iter().map(|a| (crate::time::date(a.from), a.address.clone())).collect(),
        chronology,
        filter_label: category.map(|c| c.label().to_string()).unwrap_or_else(|| "Everything".to_string()),
        filters,
        shown_all,
        more_href: format!("/children/{id}?all=1{}", category.map(|c| format!("&category={}", c.code())).unwrap_or_default()),
        banner,
        can_record: can_record(user.staff.role),
        can_see_access_log: user.staff.role.is_manager(),
        flags: flags(&record, &referrals).into_iter().chain(early_help.flags).collect(),
        early_help: early_help.episodes,
        can_step_down: super::early_help::can_step_down(user.staff.role),
        risks: risk_flags.iter().filter(|f| f.is_active()).map(|f| f.flag.label()).collect(),
        risk_flags: risk_flags.iter().map(|f| risk_flag_row(id, f)).collect(),
        episodes: referrals.iter().map(|r| episode_row(id, r)).collect(),
        child: ChildRow::from_item(&record.item),
    };
    Ok(Html(page.render()?).into_response())
}

fn risk_flag_row(id: PersonId, f: &hearth_store::risk_flags::RiskFlagEntry) -> RiskFlagRow {
    RiskFlagRow {
        label: f.flag.label(),
        active: f.is_active(),
        identified_on: crate::time::date(f.identified_on),
        evidence: f.evidence.clone(),
        raised_by: f.raised_by.clone(),
        removed: f.removed_on.map(|d| (crate::time::date(d), f.removal_reason.clone().unwrap_or_default())),
        remove_href: format!("/children/{id}/risk-flags/{}/remove", f.flag.code()),
    }
}

fn episode_row(id: PersonId, r: &hearth_store::children::ReferralSummary) -> EpisodeRow {
    use hearth_domain::codes::{ClosureReason, PrimaryNeed, ReferralSource};
    EpisodeRow {
        referral_date: crate::time::date(r.referral_date),
        source: ReferralSource::from_code(&r.source).map(|s| s.description().to_string()).unwrap_or_else(|| r.source.clone()),
        primary_need: r.primary_need.as_deref().and_then(PrimaryNeed::from_code).map(|n| format!("{} ({})", n.description(), n.code())),
        need_href: format!("/children/{id}/referrals/{}/primary-need", r.referral_id),
        closed: r.closed_on.map(|d| {
            let reason = r.closure_reason.as_deref().and_then(ClosureReason::from_code).map(|c| c.description()).unwrap_or("reason not recorded");
            format!("{}: {reason}", crate::time::date(d))
        }),
    }
}

fn flags(r: &ChildRecord, referrals: &[hearth_store::children::ReferralSummary]) -> Vec<String> {
    let mut f = Vec::new();
    if let Some(open) = referrals.iter().find(|x| x.closed_on.is_none()) {
        f.push(format!("Open referral since {}", crate::time::date(open.referral_date)));
        if open.prior_12_months > 0 {
            f.push(format!(
                "Re-referral: {} earlier {} in the 12 months before",
                open.prior_12_months,
                if open.prior_12_months == 1 { "referral" } else { "referrals" }
            ));
        }
    }
    let today = crate::time::today();
    match (r.item.date_of_birth, r.item.expected_date_of_birth) {
        (None, Some(_)) => f.push("Unborn".to_string()),
        (Some(dob), _) if hearth_domain::people::age_on(dob, today) == Some(0) => f.push("Under 1".to_string()),
        _ => {}
    }
    if r.worker_id.is_none() {
        f.push("No allocated worker".to_string());
    }
    if r.date_of_death.is_some() {
        f.push("Deceased".to_string());
    }
    f
}

fn summary_rows(r: &ChildRecord) -> Vec<(String, String)> {
    let today = crate::time::today();
    let born = match (r.item.date_of_birth, r.item.expected_date_of_birth) {
        (Some(d), _) => {
            let age = hearth_domain::people::age_on(d, today).map(|a| format!(" (age {a})")).unwrap_or_default();
            format!("{}{age}", crate::time::date(d))
        }
        (None, Some(e)) => format!("Unborn. Expected {}", crate::time::date(e)),
        _ => "Not known".to_string(),
    };
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "Not recorded".to_string());
    let mut rows = vec![
        ("Hearth ID".to_string(), r.item.hearth_ref.clone()),
        ("Date of birth".to_string(), born),
        ("Sex".to_string(), r.item.sex.as_deref().and_then(Sex::from_code).map(|s| s.description().to_string()).unwrap_or_else(|| "Not recorded".into())),
        ("Ethnicity".to_string(), r.ethnicity.as_deref().and_then(Ethnicity::from_code).map(|e| e.description().to_string()).unwrap_or_else(|| "Not recorded".into())),
        (
            "Disability".to_string(),
            if r.disabilities.is_empty() {
                "Not recorded".to_string()
            } else {
                r.disabilities.iter().filter_map(|d| Disability::from_code(d)).map(|d| d.description()).collect::<Vec<_>>().join(", ")
            },
        ),
        ("NHS number".to_string(), r.nhs_number.as_deref().and_then(|n| hearth_domain::people::NhsNumber::parse(n).ok()).map(|n| n.formatted()).unwrap_or_else(|| "Not recorded".into())),
        ("Unique pupil number".to_string(), or_none(&r.upn)),
        ("Address".to_string(), or_none(&r.address)),
        ("Team".to_string(), r.item.team_name.clone().unwrap_or_else(|| "None".into())),
        (
            "Allocated worker".to_string(),
            match (&r.item.worker_name, r.allocated_from) {
                (Some(w), Some(from)) => format!("{w}, since {}", crate::time::date(from)),
                (Some(w), None) => w.clone(),
                (None, _) => "Unallocated".to_string(),
            },
        ),
    ];
    if let Some(o) = &r.other_names {
        rows.insert(1, ("Other names".to_string(), o.clone()));
    }
    if let Some(d) = r.date_of_death {
        rows.push(("Date of death".to_string(), crate::time::date(d)));
    }
    rows
}

fn family_rows(r: &ChildRecord) -> Vec<FamilyRow> {
    r.relationships
        .iter()
        .map(|rel| {
            let kind = RelationshipKind::from_code(&rel.kind);
            let relationship = match (kind, rel.inverse) {
                (Some(k), false) => k.label().to_string(),
                (Some(k), true) if k.is_symmetric() => k.label().to_string(),
                (Some(k), true) => format!("Child (this child's {} is them)", k.label().to_lowercase()),
                (None, _) => rel.kind.clone(),
            };
            let mut notes = Vec::new();
            if rel.lives_with {
                notes.push("Lives with the child");
            }
            if rel.parental_responsibility {
                notes.push("Parental responsibility");
            }
            FamilyRow {
                name: rel.related_name.clone(),
                href: rel.related_is_child.then(|| format!("/children/{}", rel.related_id)),
                relationship,
                notes: notes.join(". "),
            }
        })
        .collect()
}

fn chronology_item(e: &ChronologyEntry) -> ChronologyItem {
    let payload = &e.event.payload;
    let mut details = Vec::new();
    match payload {
        EventPayload::SignificantEventRecorded(s) => {
            details.push(("What happened".to_string(), s.what_happened.clone()));
            details.push(("Analysis".to_string(), s.analysis.clone()));
        }
        EventPayload::ContactReceived(c) => {
            details.push(("Concern".to_string(), c.concern.clone()));
            let from = [c.referrer_name.clone(), c.referrer_organisation.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
            if !from.is_empty() {
                details.push(("Referrer".to_string(), from));
            }
        }
        EventPayload::DomesticIncidentNotified(d) => {
            details.push(("Police reference".to_string(), d.police_reference.clone()));
            details.push(("What happened".to_string(), d.summary.clone()));
            details.push(("Children present".to_string(), d.children_present.label().to_string()));
        }
        EventPayload::DomesticIncidentReviewed(d) => {
            details.push(("Why".to_string(), d.rationale.clone()));
            details.push(("Review meeting".to_string(), crate::time::date(d.review_date)));
        }
        EventPayload::Correction(c) => {
            details.push(("Reason for correction".to_string(), c.reason.clone()));
            if let Some((what, on)) = c.replacement.correctable_date() {
                details.push((what.to_string(), crate::time::date(on)));
            }
            if let EventPayload::SignificantEventRecorded(s) = c.replacement.as_ref() {
                details.push(("When it happened".to_string(), crate::time::date(s.occurred_on)));
                details.push(("What happened".to_string(), s.what_happened.clone()));
                details.push(("Analysis".to_string(), s.analysis.clone()));
            }
        }
        _ => {}
    }
    let day = match payload {
        EventPayload::SignificantEventRecorded(s) => s.occurred_on,
        _ => crate::time::local(e.event.occurred_at).date_naive(),
    };
    ChronologyItem {
        id: format!("event-{}", e.event.seq),
        date: crate::time::date(day),
        iso_date: day.to_string(),
        significant: matches!(payload, EventPayload::SignificantEventRecorded(_)),
        category: payload.chronology_category().label().to_string(),
        summary: payload.summary(),
        details,
        recorded: format!("Recorded by {} on {}", e.recorded_by_name, crate::time::date_time(e.event.recorded_at)),
        corrected: e.corrected_by_seq.is_some(),
        correct_href: match payload {
            EventPayload::SignificantEventRecorded(s) if e.corrected_by_seq.is_none() => {
                Some(format!("/children/{}/significant-events/{}/correct", s.child_id, e.event.event_id))
            }
            _ if e.corrected_by_seq.is_none() => {
                payload.subjects().first().and_then(|child| super::corrections::href(*child, e.event.event_id, payload))
            }
            _ => None,
        },
    }
}

#[derive(Template)]
#[template(path = "access_log.html")]
pub struct AccessLogPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub rows: Vec<AccessRow>,
}

/// Who has opened this child's record: for managers.
pub async fn access_log(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(user.staff.role.is_manager(), "see who has viewed a child's record")?;
    let record = match open_record(&state, &user, id, "access_log").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let rows = state.store.access_log_for(id, 500).await?.iter().map(AccessRow::from_view).collect();
    let page = AccessLogPage {
        layout: Layout::for_user(&state, &user, &format!("Who has viewed {}'s record", record.item.full_name()), "search"),
        child: ChildRow::from_item(&record.item),
        id: id.to_string(),
        rows,
    };
    Ok(Html(page.render()?).into_response())
}
