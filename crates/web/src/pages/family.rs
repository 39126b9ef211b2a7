//! Adding a family member to a child's record: a person new to Hearth (a
//! parent, a grandparent) or another child already in Hearth (a sibling).

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
use chrono::Utc;
use hearth_domain::codes::Sex;
use hearth_domain::events::{AdultRecorded, EventPayload, NewEvent, RelationshipRecorded};
use hearth_domain::ids::{HearthRef, PersonId};
use hearth_domain::people::{PersonName, RelationshipKind};
use hearth_store::StoreError;
use hearth_store::children::ChildRecord;

const SCREEN: &str = "family_form";
const WHAT: &str = "add to a child's record";

#[derive(Template)]
#[template(path = "family_new.html")]
pub struct NewFamilyMemberPage {
    pub layout: Layout,
    pub child: ChildRow,
    pub id: String,
    pub error_summary: Markup,
    pub relationship: Markup,
    pub who: Markup,
    pub new_person: Vec<Markup>,
    pub existing_child: Markup,
    pub household: Markup,
}

fn render(state: &AppState, user: &CurrentUser, record: &ChildRecord, form: &FormState) -> Result<String, AppError> {
    let mut kinds = vec![(String::new(), "Choose a relationship".to_string())];
    kinds.extend(components::options(RelationshipKind::ALL, RelationshipKind::code, |k| k.label().to_string()));
    let page = NewFamilyMemberPage {
        layout: Layout::for_user(state, user, "Add a family member", "search"),
        child: ChildRow::from_item(&record.item),
        id: record.item.person_id.to_string(),
        error_summary: components::error_summary(&form.errors),
        relationship: components::select(form, "kind", "Who are they to the child?", "For example, the child's mother or sibling", &kinds),
        who: components::radios(
            form,
            "who",
            "Who is it?",
            "",
            &[
                ("new".to_string(), "Someone not yet known to Hearth".to_string()),
                ("child".to_string(), "Another child already in Hearth, for example a sibling".to_string()),
            ],
            false,
        ),
        new_person: vec![
            components::text_input(form, "given_name", "First name", Input { autocomplete: "off", spellcheck_off: true, ..Default::default() }),
            components::text_input(form, "family_name", "Last name", Input { autocomplete: "off", spellcheck_off: true, ..Default::default() }),
            components::date_input(form, "date_of_birth", "Date of birth (optional)", "For example, 27 3 1990"),
            components::radios(form, "sex", "Sex (optional)", "", &components::options(Sex::ALL, Sex::code, |s| s.description().to_string()), true),
        ],
        existing_child: components::text_input(
            form,
            "hearth_ref",
            "Their Hearth ID",
            Input { hint: "For example, H0004217. Find it by searching for the child.", width: "govuk-input--width-10", autocomplete: "off", spellcheck_off: true, ..Default::default() },
        ),
        household: components::checkboxes(
            form,
            "household",
            "About them",
            "Select all that apply",
            &[
                ("lives_with".to_string(), "Lives with the child".to_string()),
                ("parental_responsibility".to_string(), "Has parental responsibility".to_string()),
            ],
        ),
    };
    Ok(page.render()?)
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser, Path(id): Path<PersonId>) -> Result<Response, AppError> {
    require(can_record(user.staff.role), WHAT)?;
    let record = match open_record(&state, &user, id, SCREEN).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    Ok(Html(render(&state, &user, &record, &FormState::default())?).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<PersonId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    require(can_record(user.staff.role), WHAT)?;
    let record = match open_record(&state, &user, id, SCREEN).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut form = FormState::from_pairs(pairs);
    if let Some(events) = read_events(&mut form, &state, &record).await? {
        match state.store.append(user.staff.user_id, events).await {
            Ok(_) => return Ok(Redirect::to(&format!("/children/{id}?family_added=1#family")).into_response()),
            Err(StoreError::Invalid(errors)) => {
                for mut e in errors.0 {
                    if e.field == "related_id" {
                        e.field = "hearth_ref".to_string();
                    }
                    form.errors.0.push(e);
                }
            }
            Err(StoreError::Refused(message) | StoreError::Conflict(message)) => form.errors.add("kind", message),
            Err(e) => return Err(e.into()),
        }
    }
    let html = render(&state, &user, &record, &form)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

/// Reads the form into the events to record, in order: the new person (if
/// they are new) and the relationship. Errors accumulate in `form.errors`.
async fn read_events(form: &mut FormState, state: &AppState, record: &ChildRecord) -> Result<Option<Vec<NewEvent>>, AppError> {
    let child = record.item.person_id;
    let kind = RelationshipKind::from_code(form.value("kind").trim());
    if kind.is_none() {
        form.errors.add("kind", "Select who they are to the child");
    }
    let mut events = Vec::new();
    let related = match form.value("who").trim() {
        "new" => {
            let date_of_birth = form.date("date_of_birth", "date of birth", false);
            let sex = match form.trimmed("sex") {
                Some(code) => match Sex::from_code(&code) {
                    Some(s) => Some(s),
                    None => {
                        form.errors.add("sex", "Select their sex, or leave it blank");
                        None
                    }
                },
                None => None,
            };
            let adult = AdultRecorded {
                person_id: PersonId::new(),
                name: PersonName {
                    given: form.value("given_name").trim().to_string(),
                    family: form.value("family_name").trim().to_string(),
                    other: None,
                },
                date_of_birth,
                sex,
                address: None,
            };
            if let Err(errors) = adult.validate(crate::time::today()) {
                for e in errors.0 {
                    if form.error(&e.field).is_none() {
                        form.errors.0.push(e);
                    }
                }
            }
            let related = adult.person_id;
            events.push(NewEvent::new(EventPayload::AdultRecorded(adult), Utc::now()));
            Some(related)
        }
        "child" => match form.trimmed("hearth_ref") {
            None => {
                form.errors.add("hearth_ref", "Enter the other child's Hearth ID");
                None
            }
            Some(typed) => match HearthRef::parse(&typed) {
                None => {
                    form.errors.add("hearth_ref", "Enter a Hearth ID like H0004217");
                    None
                }
                Some(r) => match state.store.child_by_ref(r.as_str()).await? {
                    None => {
                        form.errors.add("hearth_ref", format!("No child in Hearth has the Hearth ID {r}"));
                        None
                    }
                    Some(other) if other == child => {
                        form.errors.add("hearth_ref", format!("{r} is this child's own Hearth ID: enter the other child's"));
                        None
                    }
                    Some(other) => {
                        let known = record.relationships.iter().any(|rel| rel.related_id == other && Some(rel.kind.as_str()) == kind.map(|k| k.code()));
                        if known {
                            form.errors.add("hearth_ref", "This relationship is already recorded");
                            None
                        } else {
                            Some(other)
                        }
                    }
                },
            },
        },
        _ => {
            form.errors.add("who", "Select whether they are new to Hearth or a child already in Hearth");
            None
        }
    };
    if form.has_errors() {
        return Ok(None);
    }
    let (Some(kind), Some(related_id)) = (kind, related) else {
        return Ok(None);
    };
    events.push(NewEvent::new(
        EventPayload::RelationshipRecorded(RelationshipRecorded {
            person_id: child,
            related_id,
            kind,
            lives_with: form.is_checked("household", "lives_with"),
            parental_responsibility: form.is_checked("household", "parental_responsibility"),
        }),
        Utc::now(),
    ));
    Ok(Some(events))
}
