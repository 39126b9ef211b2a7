//! The DfE children's social care data exchange: one JSON document per
//! child, sent continuously to the DfE's private dashboard rather than once
//! a year. It re-nests the CIN census and SSDA903 vocabulary per child and
//! per referral, so it is built from the same history as those returns.
//!
//! `full` gives every child in the cohort; `changes` compares two
//! histories (what was last sent, and now) and gives only what changed,
//! the way the DfE's receiver expects daily updates.

mod delta;
mod payload;

use crate::history::History;
use crate::period::Window;
use serde_json::Value;
use std::collections::BTreeMap;

pub use payload::MAX_ID_LEN;

/// The oldest a young person can be and still be in the cohort (care
/// leavers are supported up to 25).
pub const MAX_AGE: i32 = 25;

/// One payload per child with social care involvement in the window (a
/// referral open in it, a placement in it, or a care leaver contact in
/// it) and aged 25 or under at its end, ordered by `la_child_id`.
pub fn full(history: &History, window: Window) -> Vec<Value> {
    by_child(history, window).into_values().collect()
}

/// Changes-only mode. A child whose payload differs gets the changed
/// fields with `la_child_id`, `mis_child_id` and `child_details`; a child
/// new to the cohort gets the whole payload; a child who has left it is
/// purged; unchanged children are left out. Ordered by `la_child_id`.
pub fn changes(before: &History, after: &History, window: Window) -> Vec<Value> {
    let before = by_child(before, window);
    let after = by_child(after, window);
    let mut out: BTreeMap<String, Value> = BTreeMap::new();
    for (id, now) in &after {
        match before.get(id) {
            None => {
                out.insert(id.clone(), now.clone());
            }
            Some(was) if was != now => {
                out.insert(id.clone(), delta::partial(now, was));
            }
            Some(_) => {}
        }
    }
    for (id, was) in &before {
        if !after.contains_key(id) {
            out.insert(id.clone(), delta::deletion(was));
        }
    }
    out.into_values().collect()
}

fn by_child(history: &History, window: Window) -> BTreeMap<String, Value> {
    history
        .children
        .values()
        .filter(|child| payload::in_cohort(child, window))
        .map(|child| (child.la_child_id.clone(), payload::child(child, window)))
        .collect()
}

#[cfg(test)]
mod tests;
