//! Authority-wide settings that are facts with a history.

use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An administrator adds a bank holiday beyond the shipped data (a future
/// year, or a one-off day announced later), so working-day clocks stay right.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankHolidayAdded {
    pub date: NaiveDate,
    pub title: String,
}

impl BankHolidayAdded {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        errors.require_text("title", &self.title, "the name of the bank holiday", 100);
        errors.into_result()
    }
}
