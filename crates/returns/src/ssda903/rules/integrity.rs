//! Internal checks: every child in a table has a header row with the same
//! date of birth (and sex, for UASC), appears once where once is all a
//! table allows, and has episodes or care leaver data at all.

use super::{Context, Findings, Rule, headers, rule};
use crate::ssda903::model::Ssda903;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

pub(super) const RULES: &[Rule] = &[
    rule!(
        "EPI",
        r_epi,
        "WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]"
    ),
    rule!("1012", r_1012, "No other data should be returned for OC3 children who had no episodes in the current year"),
    rule!("INT01", r_int01, "Data Integrity Check: Child in AD1 does not exist in Header."),
    rule!("INT02", r_int02, "Internal Check: Child in PlacedAdoption does not exist in Header."),
    rule!("INT03", r_int03, "Internal Check: Child in Episodes does not exist in Header."),
    rule!("INT04", r_int04, "Internal Check: Child in Missing does not exist in Header."),
    rule!("INT05", r_int05, "Internal Check: Child in OC2 does not exist in Header."),
    rule!("INT06", r_int06, "Internal Check: Child in OC3 does not exist in Header."),
    rule!("INT07", r_int07, "Internal Check: Child in PrevPerm does not exist in Header."),
    rule!("INT08", r_int08, "Internal Check: Child in Reviews does not exist in Header."),
    rule!("INT09", r_int09, "Internal Check: Child in UASC does not exist in Header."),
    rule!("INT11", r_int11, "Internal Check: DOB in AD1 is different to DOB in Header."),
    rule!("INT12", r_int12, "Internal Check: DOB in PlacedAdoption is different to DOB in Header."),
    rule!("INT13", r_int13, "Internal Check: DOB in Missing is different to DOB in Header."),
    rule!("INT14", r_int14, "Internal Check: DOB in OC2 is different to DOB in Header."),
    rule!("INT15", r_int15, "Internal Check: DOB in OC3 is different to DOB in Header."),
    rule!("INT16", r_int16, "Internal Check: DOB in PrevPerm is different to DOB in Header."),
    rule!("INT17", r_int17, "Internal Check: DOB in Reviews is different to DOB in Header."),
    rule!("INT18", r_int18, "Internal Check: DOB in UASC is different to DOB in Header."),
    rule!("INT21", r_int21, "Internal Check: SEX in UASC is different to SEX in Header."),
    rule!("INT31", r_int31, "Internal Check: Child should only exist once in AD1."),
    rule!("INT32", r_int32, "Internal Check: Child should only exist once in Header."),
    rule!("INT33", r_int33, "Internal Check: Child should only exist once in OC2."),
    rule!("INT34", r_int34, "Internal Check: Child should only exist once in OC3."),
    rule!("INT35", r_int35, "Internal Check: Child should only exist once in PrevPerm."),
    rule!("INT36", r_int36, "Internal Check: Child should only exist once in UASC."),
];

/// One row of a table as these checks see it: child and date of birth.
type Keys<'t> = Vec<(&'t str, Option<NaiveDate>)>;

fn ad1(t: &Ssda903) -> Keys<'_> {
    t.ad1.iter().map(|r| (r.child.as_str(), r.dob)).collect()
}
fn placed(t: &Ssda903) -> Keys<'_> {
    t.placed_adoption.iter().map(|r| (r.child.as_str(), r.dob)).collect()
}
fn episodes(t: &Ssda903) -> Keys<'_> {
    t.episodes.iter().map(|r| (r.child.as_str(), None)).collect()
}
fn missing(t: &Ssda903) -> Keys<'_> {
    t.missing.iter().map(|r| (r.child.as_str(), r.dob)).collect()
}
fn oc2(t: &Ssda903) -> Keys<'_> {
    t.oc2.iter().map(|r| (r.child.as_str(), r.dob)).collect()
}
fn oc3(t: &Ssda903) -> Keys<'_> {
    t.oc3.iter().map(|r| (r.child.as_str(), r.dob)).collect()
}
fn prev_perm(t: &Ssda903) -> Keys<'_> {
    t.prev_perm.iter().map(|r| (r.child.as_str(), r.dob)).collect()
}
fn reviews(t: &Ssda903) -> Keys<'_> {
    t.reviews.iter().map(|r| (r.child.as_str(), r.dob)).collect()
}
fn uasc(t: &Ssda903) -> Keys<'_> {
    t.uasc.iter().map(|r| (r.child.as_str(), r.dob)).collect()
}
fn header(t: &Ssda903) -> Keys<'_> {
    t.header.iter().map(|r| (r.child.as_str(), r.dob)).collect()
}

fn not_in_header(t: &Ssda903, f: &mut Findings<'_>, table: &str, rows: Keys<'_>) {
    let heads = headers(t);
    for (i, (child, _)) in rows.iter().enumerate() {
        if !heads.contains_key(child) {
            f.row(child, table, i, "CHILD");
        }
    }
}

fn dob_differs(t: &Ssda903, f: &mut Findings<'_>, table: &str, rows: Keys<'_>) {
    let heads = headers(t);
    for (i, (child, dob)) in rows.iter().enumerate() {
        if let (Some(dob), Some(header_dob)) = (dob, heads.get(child).and_then(|h| h.dob))
            && *dob != header_dob
        {
            f.row(child, table, i, "DOB");
        }
    }
}

fn more_than_once(f: &mut Findings<'_>, table: &str, rows: Keys<'_>) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (child, _) in &rows {
        *count.entry(child).or_default() += 1;
    }
    for (i, (child, _)) in rows.iter().enumerate() {
        if count.get(child).is_some_and(|n| *n > 1) {
            f.row(child, table, i, "CHILD");
        }
    }
}

fn r_epi(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let known: HashSet<&str> = t.episodes.iter().map(|e| e.child.as_str()).chain(t.oc3.iter().map(|o| o.child.as_str())).collect();
    for (i, h) in t.header.iter().enumerate() {
        if !known.contains(h.child.as_str()) {
            f.row(&h.child, "Header", i, "CHILD");
        }
    }
}

fn r_int01(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    not_in_header(t, f, "AD1", ad1(t));
}
fn r_int02(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    not_in_header(t, f, "PlacedAdoption", placed(t));
}
fn r_int03(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    not_in_header(t, f, "Episodes", episodes(t));
}
fn r_int04(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    not_in_header(t, f, "Missing", missing(t));
}
fn r_int05(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    not_in_header(t, f, "OC2", oc2(t));
}
fn r_int06(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    not_in_header(t, f, "OC3", oc3(t));
}
fn r_int07(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    not_in_header(t, f, "PrevPerm", prev_perm(t));
}
fn r_int08(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    not_in_header(t, f, "Reviews", reviews(t));
}
fn r_int09(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    not_in_header(t, f, "UASC", uasc(t));
}
fn r_int11(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    dob_differs(t, f, "AD1", ad1(t));
}
fn r_int12(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    dob_differs(t, f, "PlacedAdoption", placed(t));
}
fn r_int13(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    dob_differs(t, f, "Missing", missing(t));
}
fn r_int14(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    dob_differs(t, f, "OC2", oc2(t));
}
fn r_int15(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    dob_differs(t, f, "OC3", oc3(t));
}
fn r_int16(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    dob_differs(t, f, "PrevPerm", prev_perm(t));
}
fn r_int17(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    dob_differs(t, f, "Reviews", reviews(t));
}
fn r_int18(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    dob_differs(t, f, "UASC", uasc(t));
}

fn r_int21(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let heads = headers(t);
    for (i, u) in t.uasc.iter().enumerate() {
        if let (Some(sex), Some(header_sex)) = (u.sex.as_deref(), heads.get(u.child.as_str()).and_then(|h| h.sex.as_deref()))
            && !sex.trim().eq_ignore_ascii_case(header_sex.trim())
        {
            f.row(&u.child, "UASC", i, "SEX");
        }
    }
}

fn r_int31(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    more_than_once(f, "AD1", ad1(t));
}
fn r_int32(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    more_than_once(f, "Header", header(t));
}
fn r_int33(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    more_than_once(f, "OC2", oc2(t));
}
fn r_int34(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    more_than_once(f, "OC3", oc3(t));
}
fn r_int35(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    more_than_once(f, "PrevPerm", prev_perm(t));
}
fn r_int36(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    more_than_once(f, "UASC", uasc(t));
}

/// Rows of the episode-based tables for children with no episodes.
fn r_1012(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let with_episodes: HashSet<&str> = t.episodes.iter().map(|e| e.child.as_str()).collect();
    let tables: [(&str, Keys<'_>); 6] = [
        ("PlacedAdoption", placed(t)),
        ("Missing", missing(t)),
        ("Reviews", reviews(t)),
        ("AD1", ad1(t)),
        ("PrevPerm", prev_perm(t)),
        ("OC2", oc2(t)),
    ];
    for (table, rows) in tables {
        for (i, (child, _)) in rows.iter().enumerate() {
            if !with_episodes.contains(child) {
                f.row(child, table, i, "CHILD");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    /// Child A in the header; the table's rows for A (born 01/01/2010,
    /// the header's date), B (no header) and A again with another date.
    fn tables() -> Ssda903 {
        let dob = |c: &str, date: &str| (c.to_string(), d(date));
        let rows = [dob("A", "01/01/2010"), dob("B", "01/01/2010"), dob("A", "02/01/2010")];
        Ssda903 {
            header: vec![header("A", "01/01/2010"), header("C", "01/01/2010"), header("C", "01/01/2010")],
            ad1: rows.iter().map(|(c, d)| Ad1Row { child: c.clone(), dob: *d, ..Default::default() }).collect(),
            placed_adoption: rows.iter().map(|(c, d)| PlacedAdoptionRow { child: c.clone(), dob: *d, ..Default::default() }).collect(),
            episodes: rows.iter().map(|(c, _)| episode(c, "01/05/2025", "")).collect(),
            missing: rows.iter().map(|(c, d)| MissingRow { child: c.clone(), dob: *d, ..Default::default() }).collect(),
            oc2: rows.iter().map(|(c, d)| Oc2Row { child: c.clone(), dob: *d, ..Default::default() }).collect(),
            oc3: rows.iter().map(|(c, d)| Oc3Row { child: c.clone(), dob: *d, ..Default::default() }).collect(),
            prev_perm: rows.iter().map(|(c, d)| PrevPermRow { child: c.clone(), dob: *d, ..Default::default() }).collect(),
            reviews: rows.iter().map(|(c, d)| ReviewRow { child: c.clone(), dob: *d, ..Default::default() }).collect(),
            uasc: rows
                .iter()
                .map(|(c, d)| UascRow { child: c.clone(), dob: *d, sex: s(if c == "A" { "F" } else { "M" }), ..Default::default() })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn children_must_have_a_header() {
        let t = tables();
        for (code, table) in [
            ("INT01", "AD1"),
            ("INT02", "PlacedAdoption"),
            ("INT03", "Episodes"),
            ("INT04", "Missing"),
            ("INT05", "OC2"),
            ("INT06", "OC3"),
            ("INT07", "PrevPerm"),
            ("INT08", "Reviews"),
            ("INT09", "UASC"),
        ] {
            assert_eq!(check(code, &t), at(&[("B", &format!("{table} row 2, CHILD"))]), "{code}");
        }
    }

    #[test]
    fn dates_of_birth_agree_with_the_header() {
        let t = tables();
        for (code, table) in [
            ("INT11", "AD1"),
            ("INT12", "PlacedAdoption"),
            ("INT13", "Missing"),
            ("INT14", "OC2"),
            ("INT15", "OC3"),
            ("INT16", "PrevPerm"),
            ("INT17", "Reviews"),
            ("INT18", "UASC"),
        ] {
            assert_eq!(check(code, &t), at(&[("A", &format!("{table} row 3, DOB"))]), "{code}");
        }
        assert_eq!(check("INT21", &t), at(&[("A", "UASC row 1, SEX"), ("A", "UASC row 3, SEX")]));
    }

    #[test]
    fn one_row_per_child() {
        let t = tables();
        for (code, table) in [("INT31", "AD1"), ("INT33", "OC2"), ("INT34", "OC3"), ("INT35", "PrevPerm"), ("INT36", "UASC")] {
            assert_eq!(check(code, &t), at(&[("A", &format!("{table} row 1, CHILD")), ("A", &format!("{table} row 3, CHILD"))]), "{code}");
        }
        assert_eq!(check("INT32", &t), at(&[("C", "Header row 2, CHILD"), ("C", "Header row 3, CHILD")]));
    }

    #[test]
    fn epi_header_children_need_episodes_or_care_leaver_data() {
        let t = tables();
        assert_eq!(check("EPI", &t), at(&[("C", "Header row 2, CHILD"), ("C", "Header row 3, CHILD")]));
    }

    #[test]
    fn r1012_no_other_data_without_episodes() {
        let t = Ssda903 {
            episodes: vec![episode("A", "01/05/2025", "")],
            reviews: vec![ReviewRow { child: "A".into(), ..Default::default() }, ReviewRow { child: "B".into(), ..Default::default() }],
            oc2: vec![Oc2Row { child: "B".into(), ..Default::default() }],
            prev_perm: vec![PrevPermRow { child: "C".into(), ..Default::default() }],
            oc3: vec![Oc3Row { child: "B".into(), ..Default::default() }],
            ..Default::default()
        };
        assert_eq!(check("1012", &t), at(&[("B", "OC2 row 1, CHILD"), ("B", "Reviews row 2, CHILD"), ("C", "PrevPerm row 1, CHILD")]));
    }
}
