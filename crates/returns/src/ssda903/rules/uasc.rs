//! UASC rules: the date a child stopped being an unaccompanied asylum
//! seeker falls in the year and on or before their 18th birthday.

use super::{Context, Findings, Rule, birthday, rule};
use crate::ssda903::model::Ssda903;

pub(super) const RULES: &[Rule] = &[
    rule!("104", r_104, "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date."),
    rule!("304", r_304, "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child."),
];

/// A date that cannot be read is a file error from `ssda903::csv::parse`;
/// what is left for the rule is a date before the year began.
fn r_104(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, u) in t.uasc.iter().enumerate() {
        if u.duc.is_some_and(|d| d < c.start()) {
            f.row(&u.child, "UASC", i, "DUC");
        }
    }
}

fn r_304(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, u) in t.uasc.iter().enumerate() {
        if let (Some(duc), Some(dob)) = (u.duc, u.dob)
            && duc > birthday(dob, 18)
        {
            f.row(&u.child, "UASC", i, "DUC");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    #[test]
    fn r304_uasc_ends_by_18() {
        let row = |c: &str, duc: &str| UascRow { child: c.into(), sex: s("M"), dob: d("01/05/2007"), duc: d(duc) };
        let t = Ssda903 { uasc: vec![row("A", "02/05/2025"), row("B", "01/05/2025")], ..Default::default() };
        assert_eq!(check("304", &t), at(&[("A", "UASC row 1, DUC")]));
    }

    #[test]
    fn r104_uasc_ended_before_the_year() {
        let row = |c: &str, duc: &str| UascRow { child: c.into(), sex: s("M"), dob: d("01/05/2010"), duc: d(duc) };
        let t = Ssda903 { uasc: vec![row("A", "31/03/2025"), row("B", "01/04/2025"), row("C", "")], ..Default::default() };
        assert_eq!(check("104", &t), at(&[("A", "UASC row 1, DUC")]));
    }
}
