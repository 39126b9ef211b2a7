//! The CIN census of a fixed synthetic authority, compared byte for byte
//! with the file kept in `tests/golden/cin_2025_26.xml`, so any change to
//! what the census holds or how it is written shows up in review.
//!
//! When a change is intended, write the file afresh and review its diff:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test -p hearth-returns --test cin_golden
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{NaiveDate, TimeZone, Utc};
use hearth_returns::cin::{build, xml};
use hearth_returns::period::CollectionYear;
use hearth_synth::Size;
use std::path::PathBuf;

mod support;

/// The tiny authority has 40 households; the cap keeps the file small
/// (about 80 KB) should that size grow.
const HOUSEHOLDS: usize = 40;

#[test]
fn the_2025_26_census_of_the_synthetic_authority_matches_the_golden_file() {
    let as_at = Utc.with_ymd_and_hms(2026, 5, 15, 18, 0, 0).unwrap();
    let census = build::census(&support::synthetic::authority(Size::Tiny, 7, HOUSEHOLDS), CollectionYear::starting(2025), "999", as_at);

    let h = &census.header;
    assert_eq!((h.collection.as_str(), h.year.as_str(), h.lea.as_str()), ("CIN", "2026", "999"));
    assert_eq!(h.reference_date, NaiveDate::from_ymd_opt(2026, 3, 31));
    assert_eq!(h.date_time, "2026-05-15T18:00:00");
    assert!(!census.children.is_empty());
    assert!(census.children.iter().all(|c| !c.cin_details.is_empty()));
    let ids: Vec<_> = census.children.iter().map(|c| c.identifiers.la_child_id.clone()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);

    let written = xml::write(&census);
    assert_eq!(xml::parse(&written).as_ref(), Ok(&census));
    // The release is the crate's version: kept out of the file so a version
    // bump is not a change to the census.
    let release = format!("<Release>{}</Release>", env!("CARGO_PKG_VERSION"));
    assert!(written.contains(&release));
    let written = written.replace(&release, "<Release>(crate version)</Release>");

    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/cin_2025_26.xml");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &written).unwrap();
        return;
    }
    let golden = std::fs::read_to_string(&path).expect("the golden file (UPDATE_GOLDEN=1 writes it)");
    // Compared by line first, so a failure points at the first difference.
    for (i, (got, want)) in written.lines().zip(golden.lines()).enumerate() {
        assert_eq!(got, want, "line {} of {}", i + 1, path.display());
    }
    assert_eq!(written, golden);
}
