//! Child and family assessments over the API (issue 4, F16): a child's
//! assessments with their due dates, starting one under the child's open
//! referral, reading one, submitting it complete, and a manager's
//! authorisation. The same roles and rules as the pages; every write is
//! checked in full before anything is recorded.

use super::extract::{ApiUser, Fields, JsonObject};
use crate::auth::CurrentUser;
use crate::error::{ApiError, AppError};
use crate::pages::child_record::{access_for, log_view};
use crate::pages::{can_record, require};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use hearth_domain::access::Access;
use hearth_domain::assessment::{Assessment, AssessmentOutcome, parse_factor_codes};
use hearth_domain::calendar::Calendar;
use hearth_domain::events::{AssessmentAuthorised, AssessmentStarted, AssessmentSubmitted, EventPayload, NewEvent};
use hearth_domain::ids::{AssessmentId, PersonId, ReferralId, UserId};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::assessments::AssessmentView;
use serde::Serialize;

fn invalid(errors: FieldErrors) -> ApiError {
    ApiError(AppError::Invalid(errors))
}

/// May the user open this child's record? Writes the access entry if so.
async fn open_child(state: &AppState, user: &CurrentUser, id: PersonId, screen: &str) -> Result<(), ApiError> {
    if state.store.child_record(id).await?.is_none() {
        return Err(ApiError(AppError::NotFound));
    }
    match access_for(state, user, id).await? {
        Access::Allowed | Access::AllowedByBreakGlass => {
            log_view(state, user, id, screen).await?;
            Ok(())
        }
        Access::NeedsReason => Err(ApiError(AppError::Forbidden(
            "This child's record is outside your team. Open it in Hearth and give your reason (break glass) first; the API cannot record a reason."
                .to_string(),
        ))),
    }
}

async fn assessment(state: &AppState, user: &CurrentUser, raw: &str) -> Result<AssessmentView, ApiError> {
    let id: AssessmentId = raw.parse().map_err(|_| ApiError(AppError::NotFound))?;
    let a = state.store.assessment(id).await?.ok_or(ApiError(AppError::NotFound))?;
    open_child(state, user, a.child_id, "api_assessment").await?;
    Ok(a)
}

#[derive(Serialize)]
pub struct AssessmentJson {
    pub assessment_id: AssessmentId,
    pub child_id: PersonId,
    pub referral_id: ReferralId,
    pub referral_on: NaiveDate,
    pub started_on: NaiveDate,
    pub expected_birth_on: Option<NaiveDate>,
    /// in_progress, submitted, authorised
    pub status: &'static str,
    /// 45 working days after the referral, the authority's bank holidays excluded.
    pub due_on: NaiveDate,
    /// Past the due date on its authorisation (or, still open, today).
    pub late: bool,
    pub information_gathered: String,
    pub analysis: String,
    pub childs_views: String,
    pub childs_views_not_obtained_reason: String,
    pub factors: Vec<&'static str>,
    pub outcome: Option<&'static str>,
    pub completed_on: Option<NaiveDate>,
    pub submitted_by: Option<UserId>,
    pub authorised_on: Option<NaiveDate>,
    pub authorised_by: Option<UserId>,
    pub late_reason: String,
    pub manager_comment: String,
    pub returned_reason: Option<String>,
}

fn to_json(a: AssessmentView, calendar: &Calendar) -> AssessmentJson {
    let domain = a.as_domain();
    AssessmentJson {
        due_on: domain.due_on(calendar),
        late: domain.is_late(crate::time::today(), calendar),
        assessment_id: a.assessment_id,
        child_id: a.child_id,
        referral_id: a.referral_id,
        referral_on: a.referral_on,
        started_on: a.started_on,
        expected_birth_on: a.expected_birth_on,
        status: a.status.code(),
        information_gathered: a.information_gathered,
        analysis: a.analysis,
        childs_views: a.childs_views,
        childs_views_not_obtained_reason: a.childs_views_not_obtained_reason,
        factors: a.factors.iter().map(|f| f.code()).collect(),
        outcome: a.outcome.map(AssessmentOutcome::code),
        completed_on: a.completed_on,
        submitted_by: a.submitted_by,
        authorised_on: a.authorised_on,
        authorised_by: a.authorised_by,
        late_reason: a.late_reason,
        manager_comment: a.manager_comment,
        returned_reason: a.returned_reason,
    }
}

#[derive(Serialize)]
pub struct AssessmentListJson {
    pub assessments: Vec<AssessmentJson>,
}

/// `GET /api/v1/children/{id}/assessments`: the latest started first.
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<PersonId>,
) -> Result<Json<AssessmentListJson>, ApiError> {
    open_child(&state, &user, id, "api_assessments").await?;
    let calendar = state.calendar().await?;
    let assessments = state.store.assessments_of(id).await?.into_iter().map(|a| to_json(a, &calendar)).collect();
    Ok(Json(AssessmentListJson { assessments }))
}

/// `GET /api/v1/assessments/{id}`
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(raw): Path<String>,
) -> Result<Json<AssessmentJson>, ApiError> {
    let a = assessment(&state, &user, &raw).await?;
    let calendar = state.calendar().await?;
    Ok(Json(to_json(a, &calendar)))
}

fn required_date(f: &mut Fields, name: &'static str, what: &str) -> Option<NaiveDate> {
    let d = f.date(name);
    if d.is_none() && f.errors.for_field(name).is_none() {
        f.errors.add(name, format!("Enter {name}: {what}, written YYYY-MM-DD"));
    }
    d
}

/// Adds the domain's errors for fields that have none yet.
fn add_domain_errors(errors: &mut FieldErrors, domain: FieldErrors) {
    for e in domain.0 {
        if errors.for_field(&e.field).is_none() {
            errors.add(e.field, e.message);
        }
    }
}

async fn append_one(state: &AppState, user: &CurrentUser, event: NewEvent) -> Result<(), ApiError> {
    match state.store.append(user.staff.user_id, vec![event]).await {
        Ok(_) => Ok(()),
        Err(StoreError::Invalid(domain)) => {
            let mut errors = FieldErrors::new();
            add_domain_errors(&mut errors, domain);
            Err(invalid(errors))
        }
        Err(e) => Err(e.into()),
    }
}

async fn reply(state: &AppState, id: AssessmentId, status: StatusCode) -> Result<Response, ApiError> {
    let a = state.store.assessment(id).await?.ok_or(ApiError(AppError::NotFound))?;
    let calendar = state.calendar().await?;
    Ok((status, Json(to_json(a, &calendar))).into_response())
}

/// `POST /api/v1/children/{id}/assessments`: starts an assessment under the
/// child's open referral.
pub async fn start(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<PersonId>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "start assessments")?;
    open_child(&state, &user, id, "api_assessment_start").await?;
    let mut f = Fields::new(body);
    let started_on = required_date(&mut f, "started_on", "the date the assessment started");
    let expected_birth_on = f.date("expected_birth_on");
    let mut errors = f.finish();
    let referral = state.store.referrals_of(id).await?.into_iter().find(|r| r.closed_on.is_none());
    let Some(referral) = referral else {
        return Err(ApiError(AppError::Store(StoreError::Refused(
            "The child has no open referral: an assessment can only be started under an open referral".to_string(),
        ))));
    };
    let today = crate::time::today();
    let event = AssessmentStarted {
        assessment_id: AssessmentId::new(),
        child_id: id,
        referral_id: referral.referral_id,
        referral_on: referral.referral_date,
        started_on: started_on.unwrap_or(today),
        expected_birth_on,
    };
    if started_on.is_some()
        && let Err(domain) = event.validate(today)
    {
        add_domain_errors(&mut errors, domain);
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let assessment_id = event.assessment_id;
    let at = crate::time::noon_on(event.started_on);
    append_one(&state, &user, NewEvent::new(EventPayload::AssessmentStarted(event), at)).await?;
    tracing::info!(user = %user.staff.user_id, assessment = %assessment_id, "assessment started through the API");
    reply(&state, assessment_id, StatusCode::CREATED).await
}

/// `POST /api/v1/assessments/{id}/submit`: the whole record, complete, for a
/// manager to authorise.
pub async fn submit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(raw): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(can_record(user.staff.role), "record assessments")?;
    let a = assessment(&state, &user, &raw).await?;
    let mut f = Fields::new(body);
    let information_gathered = f.text_or_empty("information_gathered");
    let analysis = f.text_or_empty("analysis");
    let childs_views = f.text_or_empty("childs_views");
    let childs_views_not_obtained_reason = f.text_or_empty("childs_views_not_obtained_reason");
    let codes = f.strings("factors");
    let outcome_raw = f.text("outcome");
    let completed_on = required_date(&mut f, "completed_on", "the date the assessment was completed");
    let late_reason = f.text_or_empty("late_reason");
    let mut errors = f.finish();
    let factors = match parse_factor_codes(&codes.iter().map(String::as_str).collect::<Vec<_>>()) {
        Ok(factors) => factors,
        Err(domain) => {
            add_domain_errors(&mut errors, domain);
            Vec::new()
        }
    };
    let outcome = match outcome_raw.as_deref() {
        None => None,
        Some(code) => {
            let o = AssessmentOutcome::from_code(code);
            if o.is_none() {
                let codes = AssessmentOutcome::ALL.iter().map(|o| o.code()).collect::<Vec<_>>().join(", ");
                errors.add("outcome", format!("outcome must be one of {codes}"));
            }
            o
        }
    };
    let event = AssessmentSubmitted {
        assessment_id: a.assessment_id,
        child_id: a.child_id,
        assessment: Assessment {
            referral_on: a.referral_on,
            started_on: Some(a.started_on),
            information_gathered,
            analysis,
            childs_views,
            childs_views_not_obtained_reason,
            factors,
            outcome,
            completed_on,
            authorised_by: None,
            authorised_on: None,
            late_reason,
        },
    };
    let today = crate::time::today();
    add_domain_errors(&mut errors, crate::pages::assessments::submission_errors(&event, today));
    let calendar = state.calendar().await?;
    let due = event.assessment.due_on(&calendar);
    if event.assessment.completed_on.is_some_and(|c| c > due)
        && event.assessment.late_reason.is_empty()
        && errors.for_field("late_reason").is_none()
    {
        errors.add(
            "late_reason",
            format!("Enter why the assessment took more than 45 working days from the referral (it was due by {})", crate::time::date(due)),
        );
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    append_one(&state, &user, NewEvent::new(EventPayload::AssessmentSubmitted(event), crate::time::noon_on(today))).await?;
    reply(&state, a.assessment_id, StatusCode::OK).await
}

/// `POST /api/v1/assessments/{id}/authorise`: managers only.
pub async fn authorise(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(raw): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    require(user.staff.role.is_manager(), "authorise assessments")?;
    let a = assessment(&state, &user, &raw).await?;
    let mut f = Fields::new(body);
    let authorised_on = required_date(&mut f, "authorised_on", "the date the assessment was authorised");
    let late_reason = f.text_or_empty("late_reason");
    let manager_comment = f.text_or_empty("manager_comment");
    let mut errors = f.finish();
    let today = crate::time::today();
    let event = AssessmentAuthorised {
        assessment_id: a.assessment_id,
        child_id: a.child_id,
        authorised_on: authorised_on.unwrap_or(today),
        late_reason,
        manager_comment,
    };
    if let Err(domain) = event.validate(today) {
        add_domain_errors(&mut errors, domain);
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let at = crate::time::noon_on(event.authorised_on);
    append_one(&state, &user, NewEvent::new(EventPayload::AssessmentAuthorised(event), at)).await?;
    reply(&state, a.assessment_id, StatusCode::OK).await
}

#[cfg(test)]
mod tests {
    use hearth_domain::assessment::AssessmentOutcome;

    #[test]
    fn the_assessment_paths_and_outcome_codes_are_described() {
        let doc: serde_json::Value = serde_json::from_str(super::super::openapi::OPENAPI).expect("the OpenAPI document is JSON");
        for p in ["/children/{id}/assessments", "/assessments/{id}", "/assessments/{id}/submit", "/assessments/{id}/authorise"] {
            assert!(doc["paths"].get(p).is_some(), "{p} is described");
        }
        let listed: Vec<&str> = doc["components"]["schemas"]["AssessmentOutcome"]["enum"]
            .as_array()
            .expect("outcomes")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        let codes: Vec<&str> = AssessmentOutcome::ALL.iter().map(|o| o.code()).collect();
        assert_eq!(listed, codes);
    }
}
