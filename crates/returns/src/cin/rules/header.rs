//! Rules on the file's `Header`.

use super::{Context, Findings, Rule};
use crate::cin::model::CinCensus;
use crate::cin_rule;

pub(super) const RULES: &[Rule] = &[Rule { info: cin_rule!("100", Error, "Reference Date is incorrect"), check: reference_date_wrong }];

/// The reference date must be given and be the last day of the year being
/// returned. The year is the caller's, not the header's `Year`, so a
/// header copied from last year's file is caught.
fn reference_date_wrong(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    if census.header.reference_date != Some(context.reference_date()) {
        findings.census("Header/CollectionDetails/ReferenceDate");
    }
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::cin::rules::test_support::{census, child, date, issues};

    #[test]
    fn reference_date_is_the_years_last_day() {
        let mut file = census(vec![child("H1")]);
        assert_eq!(issues(RULES, "100", &file), Vec::<String>::new());
        file.header.reference_date = Some(date(2025, 3, 31));
        assert_eq!(issues(RULES, "100", &file), ["100 - Header/CollectionDetails/ReferenceDate"]);
        file.header.reference_date = None;
        assert_eq!(issues(RULES, "100", &file), ["100 - Header/CollectionDetails/ReferenceDate"]);
    }
}
