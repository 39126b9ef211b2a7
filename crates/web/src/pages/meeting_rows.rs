//! Reading the repeated rows of meeting forms (who attended, the actions
//! agreed): the strategy discussion and conference forms and the plan and
//! core group forms show different numbers of rows with their own wording,
//! but read them the same way. Blank rows are skipped; each row read keeps
//! the number it had on the form, so the domain's errors can be put back
//! next to it.

use crate::forms::FormState;
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::child_protection::{Agency, Attendee};
use hearth_domain::validation::FieldErrors;

/// Adds the domain's errors, leaving alone fields the form already found a
/// problem with (a date typed wrongly is not also "missing").
pub fn merge(form: &mut FormState, errors: FieldErrors) {
    for e in errors.0 {
        if form.errors.for_field(&e.field).is_none() {
            form.errors.add(e.field, e.message);
        }
    }
}

fn row_is_blank(form: &FormState, names: &[String]) -> bool {
    names.iter().all(|n| form.value(n).trim().is_empty())
}

/// The actions typed into the first `shown` rows, with the form row each came from.
pub fn read_actions(form: &mut FormState, shown: usize) -> (Vec<Action>, Vec<usize>) {
    let mut actions = Vec::new();
    let mut rows = Vec::new();
    for i in 0..shown {
        let p = format!("actions[{i}]");
        let names: Vec<String> = ["description", "owner_name", "owner_agency", "due_on-day", "due_on-month", "due_on-year"]
            .iter()
            .map(|s| format!("{p}.{s}"))
            .collect();
        if row_is_blank(form, &names) {
            continue;
        }
        let description = form.value(&names[0]).trim().to_string();
        let name = form.value(&names[1]).trim().to_string();
        let agency = form.value(&names[2]).trim().to_string();
        let due_on = form.date(&format!("{p}.due_on"), "the date this action must be done by", false);
        let owner = (!name.is_empty() || !agency.is_empty()).then_some(ActionOwner::Named { name, agency });
        actions.push(Action { action_id: ActionId::new(), description, owner, due_on, status: ActionStatus::Open });
        rows.push(i);
    }
    (actions, rows)
}

/// The attendees typed into the first `shown` rows, with the form row each
/// came from; a row without an agency gets `no_agency` as its error.
pub fn read_attendees(form: &mut FormState, shown: usize, no_agency: &str) -> (Vec<Attendee>, Vec<usize>) {
    let mut attendees = Vec::new();
    let mut rows = Vec::new();
    for i in 0..shown {
        let p = format!("attendees[{i}]");
        let names = vec![format!("{p}.name"), format!("{p}.agency"), format!("{p}.role")];
        if row_is_blank(form, &names) {
            continue;
        }
        let agency = Agency::from_code(form.value(&names[1]).trim());
        if agency.is_none() {
            form.errors.add(names[1].clone(), no_agency);
        }
        attendees.push(Attendee {
            name: form.value(&names[0]).trim().to_string(),
            // Only a placeholder: the error above stops the record being saved.
            agency: agency.unwrap_or(Agency::Other),
            role: form.value(&names[2]).trim().to_string(),
        });
        rows.push(i);
    }
    (attendees, rows)
}
