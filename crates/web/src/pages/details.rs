//! Keeping a child's personal details up to date: a new address, and a
//! change or correction of their recorded details.
//!
//! A change (a new name, a birth, a UPN issued) is recorded as
//! `PersonDetailsChanged`. A mistake is put right with a `Correction` of the
//! event that first recorded the child, so the chronology shows it was wrong.

use super::child_record::open_record;
use super::home::ChildRow;
use super::{Layout, can_record, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup, Input};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use hearth_domain::codes::{Ethnicity, Sex};
use hearth_domain::events::{AddressRecorded, ChildRecorded, Correction, EventPayload, NewEvent, PersonDetailsChanged};
use hearth_domain::ids::PersonId;
use hearth_domain::people::{Address, NhsNumber, PersonName, Upn};
use hearth_domain::validation::FieldErrors;
use hearth_store::StoreError;
use hearth_store::children::ChildRecord;

const WHAT: &str = "change a child's record";

/// Adds errors for fields that have none yet, so each field shows one message.
fn merge(form: &mut FormState, errors: FieldErrors) {
    for e in errors.0 {
        if form.error(&e.field).is_none() {
            form.errors.0.push(e);
        }
    }
}


fn set_date(form: &mut FormState, name: &str, date: Option<NaiveDate>) {
    if let Some(d) = date {
        form.set(&format!("{name}-day"), d.format("%-d").to_string());
        form.set(&format!("{name}-month"), d.format("%-m").to_string());
        form.set(&format!("{name}-year"), d.format("%Y").to_string());
    }
}

// ---------------------------------------------------------------------------
// A new address
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "address_new.html")]
pub struct NewAddressPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub error_summary: Markup,
    pub current_address: Option<String>,
    pub fields: Vec<Markup>,
}

fn render_address(state: &AppState, user: &CurrentUser, record: &ChildRecord, form: &FormState) -> Result<String, AppError> {
    let page = NewAddressPage {
        layout: Layout::for_user(state, user, "Record a new address", "search"),
        child: ChildRow::from_item(&record.item),
        id: record.item.person_id.to_string(),
        error_summary: components::error_summary(&form.errors),
        current_address: record.address.clone(),
        fields: vec![
            components::text_input(form, "address_line1", "Address line 1", Input { autocomplete: "off", ..Default::default() }),
            components::text_input(form, "address_line2", "Address line 2 (optional)", Input { autocomplete: "off", ..Default::default() }),
            components::text_input(form, "address_town", "Town or city", Input { width: "govuk-!-width-two-thirds", autocomplete: "off", ..Default::default() }),
            components::text_input(form, "address_postcode", "Postcode", Input { width: "govuk-input--width-10", autocomplete: "off", ..Default::default() }),
            components::date_input(form, "from", "From", "The date the child started living here, for example 27 3 2026"),
        ],
    };
    Ok(page.render()?)
}

pub async fn new_address_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(can_record(user.staff.role), WHAT)?;
    let record = match open_record(&state, &user, id, "address_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    Ok(Html(render_address(&state, &user, &record, &FormState::default())?).into_response())
}

pub async fn create_address(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), WHAT)?;
    let record = match open_record(&state, &user, id, "address_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let address = Address {
        line1: form.value("address_line1").trim().to_string(),
        line2: form.trimmed("address_line2"),
        town: form.value("address_town").trim().to_string(),
        postcode: form.value("address_postcode").trim().to_string(),
    };
    let today = crate::time::today();
    // The domain's address rules run first, so errors come in the form's order.
    let probe = AddressRecorded { person_id: id, address: address.clone(), from: today };
    if let Err(errors) = probe.validate() {
        merge(&mut form, errors);
    }
    let from = form.date("from", "the date the child started living here", true);
    if from.is_some_and(|d| d > today) {
        form.errors.add("from", "The date the child started living here must be today or in the past");
    }
    if let (Some(from), false) = (from, form.has_errors()) {
        let event = AddressRecorded { person_id: id, address, from };
        match state.store.append(user.staff.user_id, vec![NewEvent::new(EventPayload::AddressRecorded(event), crate::time::noon_on(from))]).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}?address_added=1#addresses")).into_response()),
            Err(StoreError::Invalid(errors)) => merge(&mut form, errors),
            Err(StoreError::Refused(message)) => form.errors.add("from", message),
            Err(e) => return Err(e.into()),
        }
    }
    let html = render_address(&state, &user, &record, &form)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

// ---------------------------------------------------------------------------
// Changing or correcting details
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "details_change.html")]
pub struct DetailsPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub error_summary: Markup,
    pub why: Markup,
    pub names: Vec<Markup>,
    pub birth: Vec<Markup>,
    pub about: Vec<Markup>,
    pub identifiers: Vec<Markup>,
    pub reason: Markup,
}

fn render_details(state: &AppState, user: &CurrentUser, record: &ChildRecord, form: &FormState) -> Result<String, AppError> {
    let mut ethnicity = vec![(String::new(), "Not recorded yet".to_string())];
    ethnicity.extend(components::options(Ethnicity::ALL, Ethnicity::code, |e| e.description().to_string()));
    let names = |name: &str, label: &str| components::text_input(form, name, label, Input { autocomplete: "off", spellcheck_off: true, ..Default::default() });
    let page = DetailsPage {
        layout: Layout::for_user(state, user, "Change or correct details", "search"),
        child: ChildRow::from_item(&record.item),
        id: record.item.person_id.to_string(),
        error_summary: components::error_summary(&form.errors),
        why: components::radios(
            form,
            "why",
            "Why are the details changing?",
            "",
            &[
                ("change".to_string(), "Something has changed: for example a new name, the baby was born, a UPN was issued".to_string()),
                ("correction".to_string(), "A mistake was recorded".to_string()),
            ],
            false,
        ),
        names: vec![
            names("given_name", "First name"),
            names("other_names", "Middle or other names (optional)"),
            names("family_name", "Last name"),
        ],
        birth: vec![
            components::date_input(form, "date_of_birth", "Date of birth", "For example, 27 3 2015. Leave blank for an unborn child."),
            components::date_input(form, "expected_date_of_birth", "Expected date of birth (unborn children only)", "For example, 14 2 2027"),
        ],
        about: vec![
            components::radios(form, "sex", "Sex", "As recorded for the children in need census", &components::options(Sex::ALL, Sex::code, |s| s.description().to_string()), true),
            components::select(form, "ethnicity", "Ethnicity", "", &ethnicity),
        ],
        identifiers: vec![
            components::text_input(form, "nhs_number", "NHS number (optional)", Input { width: "govuk-input--width-10", hint: "10 digits, for example 943 476 5919", ..Default::default() }),
            components::text_input(form, "upn", "Unique pupil number (optional)", Input { width: "govuk-input--width-20", hint: "13 characters, for example A999000100001", spellcheck_off: true, ..Default::default() }),
        ],
        reason: components::textarea(
            form,
            "reason",
            "What was wrong, and how do you know?",
            "Needed for a correction. The original stays in the chronology, marked as corrected, with your reason.",
            3,
        ),
    };
    Ok(page.render()?)
}

/// The details the form edits, typed.
#[derive(Clone, Debug, PartialEq)]
struct Details {
    given: String,
    other: Option<String>,
    family: String,
    date_of_birth: Option<NaiveDate>,
    expected_date_of_birth: Option<NaiveDate>,
    sex: Option<Sex>,
    ethnicity: Option<Ethnicity>,
    nhs_number: Option<NhsNumber>,
    upn: Option<Upn>,
}

/// The form's fields, in the order they appear on the page.
const FIELDS: [&str; 9] =
    ["given_name", "other_names", "family_name", "date_of_birth", "expected_date_of_birth", "sex", "ethnicity", "nhs_number", "upn"];

impl Details {
    fn from_record(r: &ChildRecord) -> Details {
        Details {
            given: r.item.given_name.clone(),
            other: r.other_names.clone().filter(|o| !o.trim().is_empty()),
            family: r.item.family_name.clone(),
            date_of_birth: r.item.date_of_birth,
            expected_date_of_birth: r.item.expected_date_of_birth,
            sex: r.item.sex.as_deref().and_then(Sex::from_code),
            ethnicity: r.ethnicity.as_deref().and_then(Ethnicity::from_code),
            nhs_number: r.nhs_number.as_deref().and_then(|n| NhsNumber::parse(n).ok()),
            upn: r.upn.as_deref().and_then(|u| Upn::parse(u).ok()),
        }
    }

    fn from_recorded(e: &ChildRecorded) -> Details {
        Details {
            given: e.name.given.trim().to_string(),
            other: e.name.other.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(str::to_string),
            family: e.name.family.trim().to_string(),
            date_of_birth: e.date_of_birth,
            expected_date_of_birth: e.expected_date_of_birth,
            sex: Some(e.sex),
            ethnicity: e.ethnicity,
            nhs_number: e.nhs_number.clone(),
            upn: e.upn.clone(),
        }
    }

    /// Puts the details in the form, for editing.
    fn fill(&self, form: &mut FormState) {
        form.set("given_name", self.given.clone());
        form.set("other_names", self.other.clone().unwrap_or_default());
        form.set("family_name", self.family.clone());
        set_date(form, "date_of_birth", self.date_of_birth);
        set_date(form, "expected_date_of_birth", self.expected_date_of_birth);
        form.set("sex", self.sex.map(|s| s.code()).unwrap_or_default());
        form.set("ethnicity", self.ethnicity.map(|e| e.code()).unwrap_or_default());
        form.set("nhs_number", self.nhs_number.as_ref().map(|n| n.formatted()).unwrap_or_default());
        form.set("upn", self.upn.as_ref().map(|u| u.as_str().to_string()).unwrap_or_default());
    }

    /// Whether `field` holds the same value in both.
    fn same(&self, other: &Details, field: &str) -> bool {
        match field {
            "given_name" => self.given == other.given,
            "other_names" => self.other == other.other,
            "family_name" => self.family == other.family,
            "date_of_birth" => self.date_of_birth == other.date_of_birth,
            "expected_date_of_birth" => self.expected_date_of_birth == other.expected_date_of_birth,
            "sex" => self.sex == other.sex,
            "ethnicity" => self.ethnicity == other.ethnicity,
            "nhs_number" => self.nhs_number == other.nhs_number,
            "upn" => self.upn == other.upn,
            _ => true,
        }
    }

    /// The fields that differ from `other`, in the form's order.
    fn differences(&self, other: &Details) -> Vec<&'static str> {
        FIELDS.iter().copied().filter(|f| !self.same(other, f)).collect()
    }

    fn name(&self) -> PersonName {
        PersonName { given: self.given.clone(), family: self.family.clone(), other: self.other.clone() }
    }

    /// Copies `field` from `from`.
    fn take(&mut self, from: &Details, field: &str) {
        match field {
            "given_name" => self.given = from.given.clone(),
            "other_names" => self.other = from.other.clone(),
            "family_name" => self.family = from.family.clone(),
            "date_of_birth" => self.date_of_birth = from.date_of_birth,
            "expected_date_of_birth" => self.expected_date_of_birth = from.expected_date_of_birth,
            "sex" => self.sex = from.sex,
            "ethnicity" => self.ethnicity = from.ethnicity,
            "nhs_number" => self.nhs_number = from.nhs_number.clone(),
            "upn" => self.upn = from.upn.clone(),
            _ => {}
        }
    }

    /// Puts the details into a `ChildRecorded`, leaving its other fields.
    fn apply_to(&self, e: &mut ChildRecorded) {
        e.name = self.name();
        e.date_of_birth = self.date_of_birth;
        e.expected_date_of_birth = self.expected_date_of_birth;
        e.sex = self.sex.unwrap_or(e.sex);
        e.ethnicity = self.ethnicity;
        e.nhs_number = self.nhs_number.clone();
        e.upn = self.upn.clone();
    }
}

/// Reads the submitted details. Errors accumulate in `form.errors`; the
/// details are returned whole only when every field could be read.
fn read_details(form: &mut FormState) -> Option<Details> {
    let mut errors = FieldErrors::new();
    errors.require_text("given_name", form.value("given_name"), "the child's first name", 100);
    if form.value("other_names").trim().chars().count() > 200 {
        errors.add("other_names", "Other names must be 200 characters or fewer");
    }
    errors.require_text("family_name", form.value("family_name"), "the child's last name", 100);
    form.errors.0.extend(errors.0);
    let date_of_birth = form.date("date_of_birth", "date of birth", false);
    let expected_date_of_birth = form.date("expected_date_of_birth", "expected date of birth", false);
    let sex = Sex::from_code(form.value("sex"));
    if sex.is_none() {
        form.errors.add("sex", "Select the child's sex, or 'Not known'");
    }
    let ethnicity = match form.trimmed("ethnicity") {
        Some(code) => match Ethnicity::from_code(&code) {
            Some(e) => Some(e),
            None => {
                form.errors.add("ethnicity", "Select the child's ethnicity from the list");
                None
            }
        },
        None => None,
    };
    let nhs_number = form.errors.parse_optional("nhs_number", form.trimmed("nhs_number").as_deref(), NhsNumber::parse);
    let upn = form.errors.parse_optional("upn", form.trimmed("upn").as_deref(), Upn::parse);
    if form.has_errors() {
        return None;
    }
    Some(Details {
        given: form.value("given_name").trim().to_string(),
        other: form.trimmed("other_names"),
        family: form.value("family_name").trim().to_string(),
        date_of_birth,
        expected_date_of_birth,
        sex,
        ethnicity,
        nhs_number,
        upn,
    })
}

fn label(field: &str) -> &'static str {
    match field {
        "given_name" => "First name",
        "other_names" => "Other names",
        "family_name" => "Last name",
        "date_of_birth" => "Date of birth",
        "expected_date_of_birth" => "Expected date of birth",
        "sex" => "Sex",
        "ethnicity" => "Ethnicity",
        "nhs_number" => "NHS number",
        "upn" => "Unique pupil number",
        _ => "This detail",
    }
}

/// A `PersonDetailsChanged` carrying only what differs from the record now.
fn change_event(form: &mut FormState, id: PersonId, current: &Details, new: &Details) -> Option<PersonDetailsChanged> {
    let changed = new.differences(current);
    if changed.is_empty() {
        form.errors.add("given_name", "Change at least one detail");
        return None;
    }
    let born = changed.contains(&"date_of_birth") && new.date_of_birth.is_some();
    let mut event = PersonDetailsChanged { person_id: id, ..Default::default() };
    for field in changed {
        match field {
            "given_name" | "other_names" | "family_name" => event.name = Some(new.name()),
            "date_of_birth" => event.date_of_birth = new.date_of_birth,
            // A birth clears the expected date; nothing else changes it.
            "expected_date_of_birth" if born && new.expected_date_of_birth.is_none() => {}
            "expected_date_of_birth" => form.errors.add(
                "expected_date_of_birth",
                "An expected date of birth cannot be changed: enter the date of birth if the baby has been born, or choose 'A mistake was recorded'",
            ),
            "sex" => event.sex = new.sex,
            "ethnicity" => event.ethnicity = new.ethnicity,
            "nhs_number" => event.nhs_number = new.nhs_number.clone(),
            "upn" => event.upn = new.upn.clone(),
            _ => {}
        }
        let cleared = match field {
            "date_of_birth" => new.date_of_birth.is_none(),
            "ethnicity" => new.ethnicity.is_none(),
            "nhs_number" => new.nhs_number.is_none(),
            "upn" => new.upn.is_none(),
            _ => false,
        };
        if cleared {
            form.errors.add(
                field,
                format!("{} cannot be removed as a change. If it was recorded by mistake, choose 'A mistake was recorded'", label(field)),
            );
        }
    }
    if let Err(errors) = event.validate(crate::time::today()) {
        merge(form, errors);
    }
    (!form.has_errors()).then_some(event)
}

/// The child's `ChildRecorded` as it stands (the latest correction of it,
/// if any), and the event id a correction must name.
async fn recorded_version(state: &AppState, id: PersonId) -> Result<(hearth_domain::ids::EventId, ChildRecorded, ChildRecorded), AppError> {
    let Some(event) = state.store.recording_event(id).await? else {
        return Err(AppError::NotFound);
    };
    let EventPayload::ChildRecorded(original) = event.payload else {
        return Err(AppError::NotFound);
    };
    let latest = match state.store.latest_correction_of(event.event_id).await? {
        Some(c) => match c.payload {
            EventPayload::Correction(Correction { replacement, .. }) => match *replacement {
                EventPayload::ChildRecorded(r) => r,
                _ => original.clone(),
            },
            _ => original.clone(),
        },
        None => original.clone(),
    };
    Ok((event.event_id, original, latest))
}

/// The corrected version of the child's `ChildRecorded`: the version that
/// stands (the original, or its latest correction) with the edited fields
/// put right. Person, team, address and disabilities are kept.
///
/// The record takes a correction's values where they differ from the child
/// as first recorded, so every other field is given a value that leaves the
/// record as it is: the standing version's, or failing that the record's.
fn corrected(form: &mut FormState, current: &Details, new: &Details, original: &ChildRecorded, latest: &ChildRecorded) -> Option<ChildRecorded> {
    let changed = new.differences(current);
    if changed.is_empty() {
        form.errors.add("given_name", "Change at least one detail");
        return None;
    }
    let first = Details::from_recorded(original);
    let standing = Details::from_recorded(latest);
    let mut details = standing.clone();
    for field in FIELDS {
        if changed.contains(&field) {
            if new.same(&first, field) {
                form.errors.add(
                    field,
                    format!("{} was changed after the child was first recorded, so a correction cannot put it back. Choose 'Something has changed' instead", label(field)),
                );
            }
            details.take(new, field);
        } else if !standing.same(&first, field) && !standing.same(current, field) {
            details.take(current, field);
        }
    }
    // The two dates go together: a child has one or the other.
    let dates_edited = changed.contains(&"date_of_birth") || changed.contains(&"expected_date_of_birth");
    if dates_edited {
        details.take(new, "date_of_birth");
        details.take(new, "expected_date_of_birth");
    }
    let mut replacement = latest.clone();
    details.apply_to(&mut replacement);
    let today = crate::time::today();
    if !dates_edited && replacement.validate(today).is_err() {
        // An unborn child since born: the expected date first recorded is
        // long past, so the correction carries the dates as they stand.
        details.take(current, "date_of_birth");
        details.take(current, "expected_date_of_birth");
        details.apply_to(&mut replacement);
    }
    if let Err(errors) = replacement.validate(today) {
        merge(form, errors);
    }
    (!form.has_errors()).then_some(replacement)
}

pub async fn details_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(can_record(user.staff.role), WHAT)?;
    let record = match open_record(&state, &user, id, "details_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::default();
    Details::from_record(&record).fill(&mut form);
    Ok(Html(render_details(&state, &user, &record, &form)?).into_response())
}

pub async fn change_details(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), WHAT)?;
    let record = match open_record(&state, &user, id, "details_form").await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    let why = form.value("why").trim().to_string();
    if why != "change" && why != "correction" {
        form.errors.add("why", "Select why the details are changing");
    }
    let details = read_details(&mut form);
    let reason = form.value("reason").trim().to_string();
    if why == "correction" {
        if reason.is_empty() {
            form.errors.add("reason", "Enter the reason for the correction");
        } else if reason.chars().count() > 2000 {
            form.errors.add("reason", "The reason for the correction must be 2000 characters or fewer");
        }
    }
    let current = Details::from_record(&record);
    let (event, redirect) = match (details, form.has_errors(), why.as_str()) {
        (Some(new), false, "change") => {
            let event = change_event(&mut form, id, &current, &new).map(EventPayload::PersonDetailsChanged);
            (event, format!("/children/{id}?details_changed=1"))
        }
        (Some(new), false, "correction") => {
            let (event_id, original, latest) = recorded_version(&state, id).await?;
            let event = corrected(&mut form, &current, &new, &original, &latest).map(|replacement| {
                EventPayload::Correction(Correction { corrects: event_id, reason, replacement: Box::new(EventPayload::ChildRecorded(replacement)) })
            });
            (event, format!("/children/{id}?corrected=1"))
        }
        _ => (None, String::new()),
    };
    if let Some(payload) = event {
        match state.store.append(user.staff.user_id, vec![NewEvent::new(payload, Utc::now())]).await {
            Ok(_) => return Ok(Redirect::to(&redirect).into_response()),
            Err(StoreError::Invalid(errors)) => merge(&mut form, errors),
            Err(StoreError::Refused(message) | StoreError::Conflict(message)) => form.errors.add("why", message),
            Err(e) => return Err(e.into()),
        }
    }
    let html = render_details(&state, &user, &record, &form)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
