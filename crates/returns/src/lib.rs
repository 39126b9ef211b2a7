//! Hearth's statutory returns. Every return is built from one model, the
//! [`history::History`] folded from the event log as at a moment, so the
//! CIN census, the SSDA903, Ofsted's Annex A and the DfE data exchange
//! agree about every child, and a return for a past date can be made again.

pub mod annex_a;
pub mod cin;
pub mod dfe_api;
pub mod export;
pub mod file_error;
pub mod history;
pub mod import;
pub mod period;
#[cfg(feature = "store")]
pub mod source;
pub mod ssda903;
pub mod validation;

use chrono::{DateTime, NaiveDate, Utc};

/// The day in England on which a moment falls (contacts received late in
/// the evening in summer belong to the day the MASH saw them).
pub(crate) fn uk_date(at: DateTime<Utc>) -> NaiveDate {
    hearth_domain::uk_time::to_uk(at).date()
}
