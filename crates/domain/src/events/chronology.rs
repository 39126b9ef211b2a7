//! Significant events a worker adds to a child's chronology. Everything else
//! in the chronology comes from the record itself (F13): nobody types it twice.

use crate::ids::PersonId;
use crate::validation::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Inspectors look for analysis, not description (F16): what happened and
/// what it means for the child are separate, and both are required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignificantEventRecorded {
    pub child_id: PersonId,
    pub occurred_on: NaiveDate,
    pub title: String,
    pub what_happened: String,
    pub analysis: String,
}

pub const MIN_ANALYSIS_CHARS: usize = 20;

impl SignificantEventRecorded {
    pub fn validate(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.occurred_on > today {
            errors.add("occurred_on", "The date of the event must be today or in the past");
        }
        errors.require_text("title", &self.title, "a short title for the event", 120);
        errors.require_text("what_happened", &self.what_happened, "what happened", 10_000);
        errors.require_text("analysis", &self.analysis, "your analysis of what this means for the child", 10_000);
        let analysis = self.analysis.trim();
        if !analysis.is_empty() && analysis.chars().count() < MIN_ANALYSIS_CHARS {
            errors.add(
                "analysis",
                format!("Analysis must be at least {MIN_ANALYSIS_CHARS} characters: say what this means for the child's safety and needs"),
            );
        }
        errors.into_result()
    }
}
