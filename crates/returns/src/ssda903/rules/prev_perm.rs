//! PrevPerm rules: for a child starting to be looked after in the year,
//! whether they had a permanence order before (adoption, special
//! guardianship, child arrangements), with its date and authority.

use super::{ByChild, Context, Findings, Rule, blank, code, episodes_by_child, invalid, is_one_of, rule};
use crate::ssda903::model::{PrevPermRow, Ssda903};
use chrono::{Months, NaiveDate};
use std::collections::BTreeMap;

pub(super) const RULES: &[Rule] = &[
    rule!("630", r_630, "Information on previous permanence option should be returned."),
    rule!("631", r_631, "Previous permanence option not a valid value."),
    rule!(
        "632",
        r_632,
        "Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year"
    ),
    rule!("633", r_633, "Local authority code where previous permanence option was arranged is not a valid value."),
    rule!(
        "634",
        r_634,
        "There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards."
    ),
    rule!(
        "635",
        r_635,
        "There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1"
    ),
];

const PREV_PERM: &[&str] = &["P1", "P2", "P3", "P4", "Z1"];

/// The authorities' three-digit DfE numbers, and the codes for an order
/// made outside England.
const LA_PERM: &[&str] = &[
    "800", "889", "822", "301", "304", "303", "330", "825", "837", "302", "846", "370", "350", "890", "867", "380", "305", "801", "351",
    "873", "823", "895", "896", "381", "909", "202", "908", "331", "306", "841", "830", "831", "878", "371", "835", "332", "840", "307",
    "308", "811", "881", "845", "390", "916", "203", "876", "850", "311", "204", "884", "312", "205", "313", "805", "919", "310", "309",
    "420", "921", "206", "207", "886", "810", "382", "314", "340", "888", "208", "856", "383", "855", "209", "925", "341", "201", "821",
    "352", "806", "887", "826", "315", "929", "812", "391", "926", "892", "813", "802", "928", "891", "392", "316", "815", "353", "931",
    "879", "836", "851", "874", "807", "354", "317", "870", "318", "372", "857", "333", "935", "343", "803", "373", "342", "893", "356",
    "355", "871", "394", "334", "933", "882", "936", "861", "852", "319", "860", "808", "393", "866", "210", "357", "894", "883", "880",
    "358", "211", "937", "869", "320", "359", "865", "384", "335", "336", "212", "868", "872", "885", "344", "877", "213", "938", "816",
    "999", "WAL", "SCO", "NUK", "NIR",
];

fn each(t: &Ssda903) -> impl Iterator<Item = (usize, &PrevPermRow)> {
    t.prev_perm.iter().enumerate()
}

fn any_filled(p: &PrevPermRow) -> bool {
    !(blank(&p.prev_perm) && blank(&p.la_perm) && blank(&p.date_perm))
}

/// A child starting care in the year has a PrevPerm row with an option;
/// any option but "none" (Z1) comes with its authority and date.
fn r_630(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let prev_perm = ByChild::new(&t.prev_perm);
    for (i, e) in t.episodes.iter().enumerate() {
        if !is_one_of(&e.rne, &["S"]) || e.decom.is_none_or(|d| d < c.start()) {
            continue;
        }
        let rows = prev_perm.of(&e.child);
        let missing = rows.is_empty()
            || rows.iter().any(|p| blank(&p.prev_perm) || (!is_one_of(&p.prev_perm, &["Z1"]) && (blank(&p.la_perm) || blank(&p.date_perm))));
        if missing {
            f.row(&e.child, "Episodes", i, "RNE");
        }
    }
}

fn r_631(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p) in each(t) {
        if invalid(&p.prev_perm, PREV_PERM) {
            f.row(&p.child, "PrevPerm", i, "PREV_PERM");
        }
    }
}

/// The latest day a `dd/mm/YYYY` date may mean, with `ZZ` for an unknown
/// day or month: `ZZ/05/2010` is 31 May 2010, `ZZ/ZZ/2010` 31 December.
/// `Err` when the text is not such a date; `Ok(None)` for an unknown year.
fn latest_day(text: &str) -> Result<Option<NaiveDate>, ()> {
    let parts: Vec<&str> = text.trim().split('/').collect();
    let [day, month, year] = parts.as_slice() else { return Err(()) };
    if year.eq_ignore_ascii_case("ZZZZ") {
        return Ok(None);
    }
    let year: i32 = year.parse().map_err(|_| ())?;
    let month_known = !month.eq_ignore_ascii_case("ZZ");
    let day_known = !day.eq_ignore_ascii_case("ZZ");
    let month: u32 = if month_known { month.parse().map_err(|_| ())? } else { 12 };
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or(())?;
    if !month_known || !day_known {
        if day_known && !month_known {
            return Err(());
        }
        let next = first.checked_add_months(Months::new(1)).ok_or(())?;
        return next.pred_opt().map(Some).ok_or(());
    }
    let day: u32 = day.parse().map_err(|_| ())?;
    NaiveDate::from_ymd_opt(year, month, day).map(Some).ok_or(())
}

/// The order's date must read as a date and come before the child's first
/// episode.
fn r_632(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let first: BTreeMap<&str, NaiveDate> = episodes_by_child(&t.episodes)
        .into_iter()
        .filter_map(|(child, list)| list.into_iter().find_map(|(_, e)| e.decom).map(|d| (child, d)))
        .collect();
    for (i, p) in each(t) {
        let (Some(text), Some(start)) = (code(&p.date_perm), first.get(p.child.as_str())) else { continue };
        let wrong = match latest_day(text) {
            Err(()) => true,
            Ok(date) => date.is_some_and(|d| d >= *start),
        };
        if wrong {
            f.row(&p.child, "PrevPerm", i, "DATE_PERM");
        }
    }
}

fn r_633(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p) in each(t) {
        if invalid(&p.la_perm, LA_PERM) {
            f.row(&p.child, "PrevPerm", i, "LA_PERM");
        }
    }
}

/// Previous permanence is asked only of children whose latest episode
/// started in the year.
fn r_634(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let mut latest: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for e in &t.episodes {
        if let Some(d) = e.decom {
            let slot = latest.entry(e.child.as_str()).or_insert(d);
            *slot = (*slot).max(d);
        }
    }
    for (i, p) in each(t) {
        if any_filled(p) && latest.get(p.child.as_str()).is_some_and(|d| *d < c.start()) {
            f.row(&p.child, "PrevPerm", i, "PREV_PERM");
        }
    }
}

/// An order's date and authority go with an option other than "none".
fn r_635(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p) in each(t) {
        let none = blank(&p.prev_perm) || is_one_of(&p.prev_perm, &["Z1"]);
        if none && !(blank(&p.la_perm) && blank(&p.date_perm)) {
            f.row(&p.child, "PrevPerm", i, "PREV_PERM");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::latest_day;
    use crate::ssda903::model::*;
    use chrono::NaiveDate;

    fn perm(child: &str, option: &str, la: &str, date: &str) -> PrevPermRow {
        let v = |x: &str| if x.is_empty() { None } else { s(x) };
        PrevPermRow { child: child.into(), dob: d("01/01/2015"), prev_perm: v(option), la_perm: v(la), date_perm: v(date) }
    }

    #[test]
    fn partial_dates_read_as_their_latest_day() {
        let day = |y, m, d| Ok(NaiveDate::from_ymd_opt(y, m, d));
        assert_eq!(latest_day("15/05/2010"), day(2010, 5, 15));
        assert_eq!(latest_day("ZZ/02/2012"), day(2012, 2, 29));
        assert_eq!(latest_day("zz/ZZ/2010"), day(2010, 12, 31));
        assert_eq!(latest_day("ZZ/ZZ/ZZZZ"), Ok(None));
        assert_eq!(latest_day("31/02/2010"), Err(()));
        assert_eq!(latest_day("15/ZZ/2010"), Err(()));
        assert_eq!(latest_day("2010-05-15"), Err(()));
    }

    #[test]
    fn previous_permanence() {
        let t = Ssda903 {
            episodes: vec![
                episode("A", "01/05/2025", ""),
                episode("B", "01/05/2025", ""),
                episode("C", "01/05/2025", ""),
                episode("D", "01/05/2024", ""),
                episode("E", "01/05/2025", ""),
            ],
            prev_perm: vec![
                perm("B", "P1", "", "01/01/2020"),
                perm("C", "P9", "123", "01/06/2025"),
                perm("D", "P1", "800", "01/01/2020"),
                perm("E", "Z1", "800", "ZZ/05/2025"),
                perm("F", "P2", "SCO", "xx/01/2020"),
            ],
            ..Default::default()
        };
        assert_eq!(check("630", &t), at(&[("A", "Episodes row 1, RNE"), ("B", "Episodes row 2, RNE")]));
        assert_eq!(check("631", &t), at(&[("C", "PrevPerm row 2, PREV_PERM")]));
        assert_eq!(check("632", &t), at(&[("C", "PrevPerm row 2, DATE_PERM"), ("E", "PrevPerm row 4, DATE_PERM")]));
        assert_eq!(check("633", &t), at(&[("C", "PrevPerm row 2, LA_PERM")]));
        assert_eq!(check("634", &t), at(&[("D", "PrevPerm row 3, PREV_PERM")]));
        assert_eq!(check("635", &t), at(&[("E", "PrevPerm row 4, PREV_PERM")]));
    }
}
