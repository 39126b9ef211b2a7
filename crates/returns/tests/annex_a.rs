//! Annex A and the DfE data exchange of the whole tiny synthetic authority:
//! every list row fits its headers, the workbook is the same bytes each
//! time, and every payload keeps the DfE's limits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use hearth_returns::annex_a::{self, Cell};
use hearth_returns::dfe_api;
use hearth_returns::period::Window;
use serde_json::Value;

mod support;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_synthetic_authority_gives_well_formed_lists_and_a_stable_workbook() {
    let history = support::synthetic::fixed();
    let window = Window::new(d(2025, 5, 15), d(2026, 5, 14)).unwrap();
    let annex = annex_a::build(&history, window, d(2026, 5, 15));
    assert_eq!(annex.lists.iter().map(|l| l.sheet_name()).collect::<Vec<_>>(), (1..=11).map(|i| format!("List {i}")).collect::<Vec<_>>());
    for list in &annex.lists {
        for row in &list.rows {
            assert_eq!(row.len(), list.headers.len(), "list {}", list.number);
            assert!(matches!(row[0], Cell::Text(_)), "list {} rows start with the child's id", list.number);
        }
    }
    assert!(annex.lists[0].rows.len() > 10, "the authority has contacts in the last six months");
    let bytes = annex_a::xlsx::write(&annex);
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    assert_eq!(bytes, annex_a::xlsx::write(&annex_a::build(&history, window, d(2026, 5, 15))));
    let files = annex_a::csv::write(&annex);
    for ((_, text), list) in files.iter().zip(&annex.lists) {
        assert_eq!(hearth_domain::csv::read(text).unwrap().len(), list.rows.len() + 1);
    }
}

fn ids_within_limit(value: &Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key.ends_with("_id")
                    && let Value::String(s) = v
                {
                    assert!(s.len() <= dfe_api::MAX_ID_LEN, "{key} {s}");
                }
                ids_within_limit(v);
            }
        }
        Value::Array(items) => items.iter().for_each(ids_within_limit),
        _ => {}
    }
}

#[test]
fn the_synthetic_authority_gives_payloads_within_the_dfe_limits() {
    let history = support::synthetic::fixed();
    let window = Window::new(d(2024, 4, 1), d(2026, 3, 31)).unwrap();
    let payloads = dfe_api::full(&history, window);
    assert!(!payloads.is_empty());
    let ids: Vec<&str> = payloads.iter().map(|p| p["la_child_id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "one payload per child, in la_child_id order");
    for p in &payloads {
        ids_within_limit(p);
        assert_eq!(p["purge"], Value::Bool(false));
        assert!(p["child_details"]["sex"].as_str().is_some_and(|s| ["M", "F", "U"].contains(&s)));
    }
    assert!(dfe_api::changes(&history, &history, window).is_empty());
}
