//! Finding a child and recording a new one.

use super::home::ChildRow;
use super::{Layout, can_add_child, require};
use crate::auth::CurrentUser;
use crate::components::{self, Html as Markup, Input};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use hearth_domain::codes::{Disability, Ethnicity, Sex};
use hearth_domain::events::{ChildRecorded, EventPayload, NewEvent};
use hearth_domain::ids::{HearthRef, PersonId, TeamId};
use hearth_domain::people::{Address, NhsNumber, PersonName, Upn};
use hearth_domain::risk_flags::RiskFlag;
use hearth_domain::validation::FieldErrors;
use hearth_store::children::ChildSearch;
use hearth_store::StoreError;

#[derive(Template)]
#[template(path = "children_search.html")]
pub struct SearchPage {
    pub layout: Layout,
    pub form: FormState,
    pub searched: bool,
    pub results: Vec<ChildRow>,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
    pub can_add_child: bool,
}

const MAX_RESULTS: i64 = 100;

pub async fn search(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Html<String>, AppError> {
    let mut form = FormState::from_pairs(pairs);
    let searched = form.values.contains_key("search");
    let mut results = Vec::new();
    if searched {
        let query = read_search(&mut form);
        if let Some(mut q) = query.filter(|_| !form.has_errors()) {
            q.limit = MAX_RESULTS;
            results = ChildRow::with_risks(&state, &state.store.search_children(&q).await?).await?;
        }
    }
    let fields = vec![
        components::text_input(&form, "name", "Name", Input { hint: "First name, last name or both", autocomplete: "off", spellcheck_off: true, ..Default::default() }),
        components::date_input(&form, "dob", "Date of birth", "For example, 27 3 2015. For an unborn child, the expected date."),
        components::text_input(&form, "nhs", "NHS number", Input { width: "govuk-input--width-10", autocomplete: "off", ..Default::default() }),
        components::text_input(&form, "ref", "Hearth ID", Input { hint: "For example, H0004217", width: "govuk-input--width-10", autocomplete: "off", ..Default::default() }),
        components::select(&form, "flag", "Risk flag", "Only children with this risk flagged. On its own, lists every child with the flag.", &risk_flag_filter_options()),
    ];
    let page = SearchPage {
        layout: Layout::for_user(&state, &user, "Find a child", "search"),
        error_summary: components::error_summary(&form.errors),
        form,
        searched,
        results,
        fields,
        can_add_child: can_add_child(user.staff.role),
    };
    Ok(Html(page.render()?))
}

fn read_search(form: &mut FormState) -> Option<ChildSearch> {
    let dob = form.date("dob", "date of birth", false);
    let name = form.trimmed("name");
    let nhs = form.errors.parse_optional("nhs", form.trimmed("nhs").as_deref(), NhsNumber::parse).map(|n| n.as_str().to_string());
    let hearth_ref = match form.trimmed("ref") {
        Some(r) => match HearthRef::parse(&r) {
            Some(r) => Some(r.to_string()),
            None => {
                form.errors.add("ref", "Enter a Hearth ID like H0004217");
                None
            }
        },
        None => None,
    };
    let risk_flag = match form.trimmed("flag") {
        Some(code) => match RiskFlag::from_code(&code) {
            Some(f) => Some(f.code().to_string()),
            None => {
                form.errors.add("flag", "Choose a risk flag from the list");
                None
            }
        },
        None => None,
    };
    if name.is_none() && dob.is_none() && nhs.is_none() && hearth_ref.is_none() && risk_flag.is_none() && !form.has_errors() {
        form.errors.add("name", "Enter a name, date of birth, NHS number or Hearth ID, or choose a risk flag, to search for");
        return None;
    }
    Some(ChildSearch { name, date_of_birth: dob, nhs_number: nhs, hearth_ref, risk_flag, limit: MAX_RESULTS })
}

/// The risk flag filter: any, then every flag.
pub fn risk_flag_filter_options() -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "Any".to_string())];
    options.extend(RiskFlag::all().map(|f| (f.code().to_string(), f.label())));
    options
}

#[derive(Template)]
#[template(path = "child_new.html")]
pub struct NewChildPage {
    pub layout: Layout,
    pub error_summary: Markup,
    pub identity: Vec<Markup>,
    pub birth: Vec<Markup>,
    pub identifiers: Vec<Markup>,
    pub address: Vec<Markup>,
    pub team: Markup,
}

async fn render_new(state: &AppState, user: &CurrentUser, form: &FormState) -> Result<String, AppError> {
    let teams = state.store.list_teams().await?;
    let mut team_options = vec![(String::new(), "Choose a team".to_string())];
    team_options.extend(teams.iter().map(|t| (t.team_id.to_string(), t.name.clone())));
    let mut ethnicity = vec![(String::new(), "Not recorded yet".to_string())];
    ethnicity.extend(components::options(Ethnicity::ALL, Ethnicity::code, |e| e.description().to_string()));
    let page = NewChildPage {
        layout: Layout::for_user(state, user, "Add a child", "new_child"),
        error_summary: components::error_summary(&form.errors),
        identity: vec![
            components::text_input(form, "given_name", "First name", Input { autocomplete: "off", spellcheck_off: true, ..Default::default() }),
            components::text_input(form, "other_names", "Middle or other names (optional)", Input { autocomplete: "off", spellcheck_off: true, ..Default::default() }),
            components::text_input(form, "family_name", "Last name", Input { autocomplete: "off", spellcheck_off: true, ..Default::default() }),
            components::radios(form, "sex", "Sex", "As recorded for the children in need census", &components::options(Sex::ALL, Sex::code, |s| s.description().to_string()), true),
            components::select(form, "ethnicity", "Ethnicity", "", &ethnicity),
            components::checkboxes(form, "disabilities", "Disability", "Select all that apply", &components::options(Disability::ALL, Disability::code, |d| d.description().to_string())),
        ],
        birth: vec![
            components::date_input(form, "date_of_birth", "Date of birth", "For example, 27 3 2015. Leave blank for an unborn child."),
            components::date_input(form, "expected_date_of_birth", "Expected date of birth (unborn children only)", "For example, 14 2 2027"),
        ],
        identifiers: vec![
            components::text_input(form, "nhs_number", "NHS number (optional)", Input { width: "govuk-input--width-10", hint: "10 digits, for example 943 476 5919", ..Default::default() }),
            components::text_input(form, "upn", "Unique pupil number (optional)", Input { width: "govuk-input--width-20", hint: "13 characters, for example A999000100001", spellcheck_off: true, ..Default::default() }),
        ],
        address: vec![
            components::text_input(form, "address_line1", "Address line 1 (optional)", Input { autocomplete: "off", ..Default::default() }),
            components::text_input(form, "address_line2", "Address line 2 (optional)", Input { autocomplete: "off", ..Default::default() }),
            components::text_input(form, "address_town", "Town or city", Input { width: "govuk-!-width-two-thirds", autocomplete: "off", ..Default::default() }),
            components::text_input(form, "address_postcode", "Postcode", Input { width: "govuk-input--width-10", autocomplete: "off", ..Default::default() }),
        ],
        team: components::select(form, "team_id", "Team responsible", "The team that will hold the child's record", &team_options),
    };
    Ok(page.render()?)
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require(can_add_child(user.staff.role), "add children")?;
    let mut form = FormState::default();
    if let Some(team) = user.staff.team_id {
        form.set("team_id", team.to_string());
    }
    Ok(Html(render_new(&state, &user, &form).await?))
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_add_child(user.staff.role), "add children")?;
    let mut form = FormState::from_pairs(pairs);
    let child = read_child(&mut form, &state).await?;
    let result = match child {
        Some(child) => {
            let event = NewEvent::new(EventPayload::ChildRecorded(child.clone()), Utc::now());
            match state.store.append(user.staff.user_id, vec![event]).await {
                Ok(_) => return Ok(Redirect::to(&format!("/children/{}?created=1", child.person_id)).into_response()),
                Err(StoreError::Invalid(errors)) => errors,
                Err(e) => return Err(e.into()),
            }
        }
        None => FieldErrors::new(),
    };
    form.errors.0.extend(result.0);
    let html = render_new(&state, &user, &form).await?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

/// Reads the form into the event. Errors accumulate in `form.errors`.
async fn read_child(form: &mut FormState, state: &AppState) -> Result<Option<ChildRecorded>, AppError> {
    let dob = form.date("date_of_birth", "date of birth", false);
    let edd = form.date("expected_date_of_birth", "expected date of birth", false);
    let sex = match Sex::from_code(form.value("sex")) {
        Some(s) => Some(s),
        None => {
            form.errors.add("sex", "Select the child's sex, or 'Not known'");
            None
        }
    };
    let ethnicity = form.trimmed("ethnicity").and_then(|e| Ethnicity::from_code(&e));
    let disabilities: Vec<Disability> = form.value("disabilities").split(',').filter_map(Disability::from_code).collect();
    let nhs_number = form.errors.parse_optional("nhs_number", form.trimmed("nhs_number").as_deref(), NhsNumber::parse);
    let upn = form.errors.parse_optional("upn", form.trimmed("upn").as_deref(), Upn::parse);
    let address_given = ["address_line1", "address_line2", "address_town", "address_postcode"].iter().any(|f| form.trimmed(f).is_some());
    let address = address_given.then(|| Address {
        line1: form.value("address_line1").trim().to_string(),
        line2: form.trimmed("address_line2"),
        town: form.value("address_town").trim().to_string(),
        postcode: form.value("address_postcode").trim().to_string(),
    });
    let team_id = match form.trimmed("team_id").map(|t| t.parse::<TeamId>()) {
        Some(Ok(t)) if state.store.team_exists(t).await? => Some(t),
        _ => {
            form.errors.add("team_id", "Choose the team responsible for the child");
            None
        }
    };
    let child = ChildRecorded {
        person_id: PersonId::new(),
        name: PersonName {
            given: form.value("given_name").trim().to_string(),
            family: form.value("family_name").trim().to_string(),
            other: form.trimmed("other_names"),
        },
        date_of_birth: dob,
        expected_date_of_birth: edd,
        sex: sex.unwrap_or(Sex::Unknown),
        ethnicity,
        disabilities,
        upn,
        nhs_number,
        address,
        team_id,
    };
    // The domain's own rules (names, dates, address) run here too, so every
    // problem is listed at once rather than one per attempt.
    if let Err(domain) = child.validate(crate::time::today()) {
        for e in domain.0 {
            if form.error(&e.field).is_none() {
                form.errors.0.push(e);
            }
        }
    }
    Ok((!form.has_errors()).then_some(child))
}
