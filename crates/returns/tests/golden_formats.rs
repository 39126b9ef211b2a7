//! The SSDA903, Annex A and the DfE data exchange of the same fixed
//! synthetic authority as `cin_golden.rs`, compared byte for byte with the
//! files kept under `tests/golden/synthetic/`, so any change to what the
//! returns hold or how they are written shows up in review.
//!
//! When a change is intended, write the files afresh and review the diff:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test -p hearth-returns --test golden_formats
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use hearth_returns::period::{CollectionYear, Window};
use hearth_returns::{annex_a, dfe_api, ssda903};
use std::path::PathBuf;

mod support;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/synthetic")
}

/// Compares each file with its golden copy, or writes them all when asked.
fn compare(files: &[(String, Vec<u8>)]) {
    let dir = golden_dir();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        return;
    }
    for (name, bytes) in files {
        let golden = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}; run with UPDATE_GOLDEN=1 to create it"));
        assert!(
            golden == *bytes,
            "{name} differs from its golden file; if the change is intended, run with UPDATE_GOLDEN=1 and review the diff"
        );
    }
}

#[test]
fn the_903_annex_a_and_dfe_payload_of_the_synthetic_authority_match_their_golden_files() {
    let history = support::synthetic::fixed();
    let year = CollectionYear::starting(2025);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();

    let tables = ssda903::build::tables(&history, year);
    assert!(!tables.header.is_empty(), "the authority has children looked after");
    files.extend(ssda903::csv::write(&tables).into_iter().map(|(name, text)| (format!("ssda903_{name}"), text.into_bytes())));

    let window = Window::new(NaiveDate::from_ymd_opt(2025, 5, 16).unwrap(), NaiveDate::from_ymd_opt(2026, 5, 15).unwrap()).unwrap();
    let annex = annex_a::build(&history, window, NaiveDate::from_ymd_opt(2026, 5, 15).unwrap());
    assert!(annex.lists.iter().take(7).all(|l| !l.rows.is_empty()), "lists 1-7 have rows");
    files.extend(annex_a::csv::write(&annex).into_iter().map(|(name, text)| (format!("annex_a_{name}"), text.into_bytes())));

    let payload = dfe_api::full(&history, window);
    assert!(!payload.is_empty());
    files.push(("dfe_api_full.json".to_string(), serde_json::to_vec_pretty(&payload).unwrap()));

    compare(&files);

    // The workbook is the CSVs' cells in another form; its bytes are fixed
    // too, so made twice it is the same.
    assert_eq!(annex_a::xlsx::write(&annex), annex_a::xlsx::write(&annex));
}
