//! OC3 rules: care leavers' contact, activity and accommodation codes,
//! recorded all together or not at all, and only for young people who are
//! care leavers: not for those who died, were adopted, moved to another
//! authority, are still looked after or were never looked after long
//! enough, and not alongside the twelve-month (OC2) or adoption data.

use super::{
    ByChild, Context, Findings, Rule, birthday, blank, continuously_looked_after, episodes_by_child, headers, is_one_of, open_in_year, rule,
    rule_last_year,
};
use crate::ssda903::model::{Ad1Row, EpisodeRow, Oc2Row, Oc3Row, Ssda903};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

pub(super) const RULES: &[Rule] = &[
    rule!("131", r_131, "Data entry for being in touch after leaving care is invalid."),
    rule!("132", r_132, "Data entry for activity after leaving care is invalid."),
    rule!(
        "133",
        r_133,
        "Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid"
    ),
    rule!("153", r_153, "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank."),
    rule!(
        "344",
        r_344,
        "The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed."
    ),
    rule!(
        "345",
        r_345,
        "The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero."
    ),
    rule!(
        "1000",
        r_1000,
        "This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]"
    ),
    rule_last_year!(
        "1001",
        r_1001,
        "The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]"
    ),
    rule_last_year!(
        "1002",
        r_1002,
        "This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]"
    ),
    rule!(
        "1007",
        r_1007,
        "Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]"
    ),
    rule_last_year!(
        "1010",
        r_1010,
        "This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered."
    ),
    rule!(
        "1011",
        r_1011,
        "This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed."
    ),
    rule!("1014", r_1014, "UASC information is not required for care leavers"),
    rule!(
        "1016",
        r_1016,
        "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday."
    ),
    rule!("134", r_134, "Data on adoption should not be entered for the OC3 cohort."),
    rule!(
        "187",
        r_187,
        "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed."
    ),
    rule!(
        "215",
        r_215,
        "Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed."
    ),
    rule!(
        "3001",
        r_3001,
        "Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s)."
    ),
    rule!("347", r_347, "Care leavers aged under 18 years, can not be accommodated in a Foyer."),
    rule_last_year!("348", r_348, "Care leaver has previously been reported as having died."),
    rule!("391", r_391, "Young person was not 17, 18, 19, 20 or 21 during the current collection year."),
];

const IN_TOUCH: &[&str] = &["YES", "NO", "DIED", "REFU", "NREQ", "RHOM"];
const ACTIV: &[&str] = &["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"];
const ACCOM: &[&str] = &[
    "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1", "R2", "S2", "T1", "T2", "U1", "U2", "V1",
    "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2", "0",
];

fn coded(t: &Ssda903, f: &mut Findings<'_>, field: &str, value: fn(&Oc3Row) -> &Option<String>, codes: &[&str]) {
    for (i, o) in t.oc3.iter().enumerate() {
        if !is_one_of(value(o), codes) {
            f.row(&o.child, "OC3", i, field);
        }
    }
}

fn r_131(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    coded(t, f, "IN_TOUCH", |o| &o.in_touch, IN_TOUCH);
}

fn r_132(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    coded(t, f, "ACTIV", |o| &o.activ, ACTIV);
}

fn r_133(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    coded(t, f, "ACCOM", |o| &o.accom, ACCOM);
}

fn r_153(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in t.oc3.iter().enumerate() {
        let filled = [&o.in_touch, &o.activ, &o.accom].iter().filter(|v| !blank(v)).count();
        if filled != 0 && filled != 3 {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

/// Died, or home with parents for six months: activity and accommodation are 0.
fn r_344(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in t.oc3.iter().enumerate() {
        if is_one_of(&o.in_touch, &["DIED", "RHOM"]) && !(is_one_of(&o.activ, &["0"]) && is_one_of(&o.accom, &["0"])) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

fn r_345(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in t.oc3.iter().enumerate() {
        if is_one_of(&o.in_touch, &["YES"]) && (is_one_of(&o.activ, &["0"]) || is_one_of(&o.accom, &["0"])) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

/// Whether any of the care leaver items is filled in.
fn filled(o: &Oc3Row) -> bool {
    !(blank(&o.in_touch) && blank(&o.activ) && blank(&o.accom))
}

fn ad1_filled(a: &Ad1Row) -> bool {
    a.date_int.is_some() || a.date_match.is_some() || [&a.foster_care, &a.nb_adoptr, &a.sex_adoptr, &a.ls_adoptr].iter().any(|v| !blank(v))
}

/// The first of the twelve-month items filled in, if any.
fn first_oc2_item(o: &Oc2Row) -> Option<&'static str> {
    [
        (&o.convicted, "CONVICTED"),
        (&o.health_check, "HEALTH_CHECK"),
        (&o.immunisations, "IMMUNISATIONS"),
        (&o.teeth_check, "TEETH_CHECK"),
        (&o.health_assessment, "HEALTH_ASSESSMENT"),
        (&o.substance_misuse, "SUBSTANCE_MISUSE"),
        (&o.intervention_received, "INTERVENTION_RECEIVED"),
        (&o.intervention_offered, "INTERVENTION_OFFERED"),
    ]
    .into_iter()
    .find(|(v, _)| !blank(v))
    .map(|(_, name)| name)
}

fn children_of(episodes: &[EpisodeRow]) -> HashSet<&str> {
    episodes.iter().map(|e| e.child.as_str()).collect()
}

/// Each child's latest episode (by start date).
fn latest_episodes(episodes: &[EpisodeRow]) -> BTreeMap<&str, &EpisodeRow> {
    episodes_by_child(episodes)
        .into_iter()
        .filter_map(|(child, list)| list.iter().rfind(|(_, e)| e.decom.is_some()).map(|(_, e)| (child, *e)))
        .collect()
}

fn r_1000(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let last_year = c.previous.map(|p| p.episodes.as_slice()).unwrap_or_default();
    let died: HashSet<&str> = t.episodes.iter().chain(last_year).filter(|e| is_one_of(&e.rec, &["E2"])).map(|e| e.child.as_str()).collect();
    for (i, o) in t.oc3.iter().enumerate() {
        if died.contains(o.child.as_str()) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

/// Days looked after from a birthday on, over the episodes of both years
/// (short breaks left out; the latest open episode counted to 31 March).
fn days_in_care_from(episodes: &BTreeMap<NaiveDate, &EpisodeRow>, from: NaiveDate, end: NaiveDate) -> i64 {
    let latest = episodes.keys().next_back().copied();
    episodes
        .iter()
        .filter(|(_, e)| !is_one_of(&e.ls, &["V3", "V4"]))
        .filter_map(|(decom, e)| {
            let until = e.dec.or(if Some(*decom) == latest { Some(end) } else { None })?;
            Some((until - (*decom).max(from)).num_days().max(0))
        })
        .sum()
}

/// A care leaver was looked after for at least 13 weeks from 14, some of
/// it from 16, and was not adopted. Young people over 20 are left out:
/// two years of returns cannot show their care after 14. So is one whose
/// first episode the two years show continues a period of care (it did
/// not start one, RNE S): the care before it is out of sight, where the
/// DfE's own check, with every earlier return, would count it.
fn r_1001(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(last) = c.previous else { return };
    if t.episodes.is_empty() || t.oc3.is_empty() || t.header.is_empty() || last.episodes.is_empty() {
        return;
    }
    // One episode per child and start date across the two years, the one that ended winning.
    let mut both: BTreeMap<&str, BTreeMap<NaiveDate, &EpisodeRow>> = BTreeMap::new();
    for e in last.episodes.iter().chain(&t.episodes) {
        let Some(decom) = e.decom else { continue };
        let slot = both.entry(e.child.as_str()).or_default().entry(decom).or_insert(e);
        if slot.dec.is_none() && e.dec.is_some() {
            *slot = e;
        }
    }
    let heads = headers(t);
    for (i, o) in t.oc3.iter().enumerate() {
        let Some(dob) = heads.get(o.child.as_str()).and_then(|h| h.dob) else { continue };
        if birthday(dob, 20) <= c.end() {
            continue;
        }
        let empty = BTreeMap::new();
        let episodes = both.get(o.child.as_str()).unwrap_or(&empty);
        let adopted = episodes.values().next_back().is_some_and(|e| is_one_of(&e.rec, &["E11", "E12"]));
        let relevant =
            days_in_care_from(episodes, birthday(dob, 14), c.end()) >= 91 && days_in_care_from(episodes, birthday(dob, 16), c.end()) >= 1;
        let begun_out_of_sight = episodes.values().next().is_some_and(|e| !is_one_of(&e.rne, &["S"]));
        if adopted || !(relevant || begun_out_of_sight) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

/// The DfE's own check sees every earlier return; Hearth's sees last
/// year's only. A young person who was in last year's care leaver data
/// was accepted as a care leaver then, so was looked after before: without
/// that, everyone who left care more than a year before the year began
/// (care leavers are followed to 21) would fail.
fn r_1002(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(last) = c.previous else { return };
    let (now, before) = (children_of(&t.episodes), children_of(&last.episodes));
    let leavers_before: HashSet<&str> = last.oc3.iter().filter(|o| filled(o)).map(|o| o.child.as_str()).collect();
    for (i, o) in t.oc3.iter().enumerate() {
        let child = o.child.as_str();
        if !now.contains(child) && !before.contains(child) && !leavers_before.contains(child) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

fn r_1010(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(last) = c.previous else { return };
    let now = children_of(&t.episodes);
    let open_at_year_end = latest_episodes(&last.episodes);
    for (i, o) in t.oc3.iter().enumerate() {
        if !now.contains(o.child.as_str()) && open_at_year_end.get(o.child.as_str()).is_some_and(|e| e.dec.is_none()) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

fn r_1011(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let latest = latest_episodes(&t.episodes);
    for (i, o) in t.oc3.iter().enumerate() {
        if filled(o) && latest.get(o.child.as_str()).is_some_and(|e| is_one_of(&e.rec, &["E3"])) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

/// A care leaver with no episode in the year needs no UASC row.
fn r_1014(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let in_year: HashSet<&str> = t.episodes.iter().filter(|e| open_in_year(e, c)).map(|e| e.child.as_str()).collect();
    let leavers: HashSet<&str> =
        t.oc3.iter().filter(|o| filled(o) && !in_year.contains(o.child.as_str())).map(|o| o.child.as_str()).collect();
    let uasc: HashSet<&str> = t.uasc.iter().map(|u| u.child.as_str()).collect();
    for (i, u) in t.uasc.iter().enumerate() {
        if leavers.contains(u.child.as_str()) {
            f.row(&u.child, "UASC", i, "DUC");
        }
    }
    for (i, o) in t.oc3.iter().enumerate() {
        if leavers.contains(o.child.as_str()) && uasc.contains(o.child.as_str()) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

/// The 17th or 18th birthday a young person aged 17 or 18 on 31 March
/// last had.
fn last_17th_or_18th(dob: NaiveDate, c: &Context<'_>) -> Option<NaiveDate> {
    if birthday(dob, 17) > c.end() || birthday(dob, 19) <= c.end() {
        None
    } else if birthday(dob, 18) <= c.end() {
        Some(birthday(dob, 18))
    } else {
        Some(birthday(dob, 17))
    }
}

/// OC3 rows of 17- and 18-year-olds whose episodes pass `test` against
/// their latest birthday.
fn at_17_or_18(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>, test: fn(&EpisodeRow, NaiveDate) -> bool) {
    let episodes = ByChild::new(&t.episodes);
    for (i, o) in t.oc3.iter().enumerate() {
        let Some(day) = o.dob.and_then(|dob| last_17th_or_18th(dob, c)) else { continue };
        if filled(o) && episodes.of(&o.child).iter().any(|e| test(e, day)) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

fn r_1007(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    at_17_or_18(t, c, f, |e, day| e.decom.is_some_and(|d| d <= day) && e.dec.is_none_or(|d| d > day));
}

fn r_1016(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    at_17_or_18(t, c, f, |e, day| e.dec.is_some_and(|d| d >= day));
}

fn r_134(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let leavers: HashSet<&str> = t.oc3.iter().filter(|o| filled(o)).map(|o| o.child.as_str()).collect();
    for (i, a) in t.ad1.iter().enumerate() {
        if ad1_filled(a) && leavers.contains(a.child.as_str()) {
            f.row(&a.child, "AD1", i, "DATE_INT");
        }
    }
}

fn r_187(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let cohort = continuously_looked_after(t, c);
    for (i, o) in t.oc3.iter().enumerate() {
        if filled(o) && cohort.contains(o.child.as_str()) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
    for (i, a) in t.ad1.iter().enumerate() {
        if ad1_filled(a) && cohort.contains(a.child.as_str()) {
            f.row(&a.child, "AD1", i, "DATE_INT");
        }
    }
}

/// Both rows are reported: the care leaver's and the twelve-month one.
fn r_215(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let leavers: HashSet<&str> = t.oc3.iter().filter(|o| filled(o)).map(|o| o.child.as_str()).collect();
    let mut clash: HashSet<&str> = HashSet::new();
    for (i, o) in t.oc2.iter().enumerate() {
        if leavers.contains(o.child.as_str())
            && let Some(field) = first_oc2_item(o)
        {
            f.row(&o.child, "OC2", i, field);
            clash.insert(o.child.as_str());
        }
    }
    for (i, o) in t.oc3.iter().enumerate() {
        if filled(o) && clash.contains(o.child.as_str()) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

/// Former foster carers (Z1, Z2: "staying put") only from 18.
fn r_3001(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let heads = headers(t);
    for (i, o) in t.oc3.iter().enumerate() {
        let seventeenth = heads.get(o.child.as_str()).and_then(|h| h.dob).map(|dob| birthday(dob, 17));
        if is_one_of(&o.accom, &["Z1", "Z2"]) && seventeenth.is_some_and(|d| d >= c.start() && d <= c.end()) {
            f.row(&o.child, "OC3", i, "ACCOM");
        }
    }
}

/// Foyers are the T accommodation codes.
fn r_347(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in t.oc3.iter().enumerate() {
        if is_one_of(&o.accom, &["T1", "T2"]) && o.dob.is_some_and(|dob| birthday(dob, 18) > c.start()) {
            f.row(&o.child, "OC3", i, "ACCOM");
        }
    }
}

fn r_348(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(last) = c.previous else { return };
    let died: HashSet<&str> = last.oc3.iter().filter(|o| is_one_of(&o.in_touch, &["DIED"])).map(|o| o.child.as_str()).collect();
    for (i, o) in t.oc3.iter().enumerate() {
        if died.contains(o.child.as_str()) && !is_one_of(&o.in_touch, &["DIED"]) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

/// Under 17 at 31 March, or already 22 on 1 April.
fn r_391(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in t.oc3.iter().enumerate() {
        if filled(o) && o.dob.is_some_and(|dob| birthday(dob, 17) > c.end() || birthday(dob, 22) <= c.start()) {
            f.row(&o.child, "OC3", i, "IN_TOUCH");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    fn oc3(child: &str, in_touch: &str, activ: &str, accom: &str) -> Oc3Row {
        let v = |x: &str| if x.is_empty() { None } else { s(x) };
        Oc3Row { child: child.into(), dob: d("01/01/2006"), in_touch: v(in_touch), activ: v(activ), accom: v(accom) }
    }

    #[test]
    fn care_leaver_codes() {
        let t = Ssda903 {
            oc3: vec![
                oc3("A", "YES", "F1", "B1"),
                oc3("B", "MAYBE", "X9", "S1"),
                oc3("C", "NO", "", ""),
                oc3("D", "DIED", "F1", "B1"),
                oc3("E", "YES", "0", "B1"),
                oc3("F", "RHOM", "0", "0"),
            ],
            ..Default::default()
        };
        assert_eq!(check("131", &t), at(&[("B", "OC3 row 2, IN_TOUCH")]));
        assert_eq!(check("132", &t), at(&[("B", "OC3 row 2, ACTIV"), ("C", "OC3 row 3, ACTIV")]));
        assert_eq!(check("133", &t), at(&[("B", "OC3 row 2, ACCOM"), ("C", "OC3 row 3, ACCOM")]));
        assert_eq!(check("153", &t), at(&[("C", "OC3 row 3, IN_TOUCH")]));
        assert_eq!(check("344", &t), at(&[("D", "OC3 row 4, IN_TOUCH")]));
        assert_eq!(check("345", &t), at(&[("E", "OC3 row 5, IN_TOUCH")]));
    }

    fn born(mut row: Oc3Row, dob: &str) -> Oc3Row {
        row.dob = d(dob);
        row
    }

    fn left(child: &str, start: &str, end: &str, rec: &str) -> EpisodeRow {
        let mut e = episode(child, start, end);
        e.rec = s(rec);
        e
    }

    #[test]
    fn care_leaver_data_only_for_care_leavers() {
        let leaver = |c: &str| oc3(c, "YES", "F1", "B1");
        let z1 = |c: &str, dob: &str| {
            let mut o = born(leaver(c), dob);
            o.accom = s("Z1");
            o
        };
        let (g, h) = (z1("G", "01/06/2008"), z1("H", "01/06/2006"));
        let mut j = born(leaver("J"), "01/06/2008");
        j.accom = s("T1");
        let mut k = born(leaver("K"), "01/01/2007");
        k.accom = s("T1");
        let t = Ssda903 {
            header: vec![header("G", "01/06/2008"), header("H", "01/06/2006")],
            episodes: vec![
                left("A", "01/01/2020", "01/05/2025", "E2"),
                left("B", "01/01/2020", "01/05/2025", "E11"),
                left("C", "01/01/2020", "01/05/2025", "E3"),
                episode("D", "01/01/2020", ""),
                left("E", "01/01/2020", "01/06/2025", "E8"),
                left("F", "01/01/2020", "01/05/2025", "E8"),
                episode("Q", "01/01/2020", ""),
            ],
            oc3: vec![
                leaver("A"),
                leaver("B"),
                leaver("C"),
                born(leaver("D"), "01/06/2008"),
                born(leaver("E"), "01/06/2008"),
                born(leaver("F"), "01/06/2008"),
                g,
                h,
                j,
                k,
                born(leaver("L"), "01/06/2009"),
                born(leaver("M"), "01/03/2003"),
                born(leaver("N"), "01/04/2004"),
                leaver("P"),
                leaver("Q"),
            ],
            uasc: vec![
                UascRow { child: "P".into(), dob: d("01/01/2006"), ..Default::default() },
                UascRow { child: "Q".into(), dob: d("01/01/2006"), ..Default::default() },
            ],
            ..Default::default()
        };
        assert_eq!(check("1000", &t), at(&[("A", "OC3 row 1, IN_TOUCH")]));
        assert_eq!(check("1011", &t), at(&[("C", "OC3 row 3, IN_TOUCH")]));
        assert_eq!(check("1007", &t), at(&[("D", "OC3 row 4, IN_TOUCH")]));
        assert_eq!(check("1016", &t), at(&[("E", "OC3 row 5, IN_TOUCH")]));
        assert_eq!(check("3001", &t), at(&[("G", "OC3 row 7, ACCOM")]));
        assert_eq!(check("347", &t), at(&[("J", "OC3 row 9, ACCOM")]));
        assert_eq!(check("391", &t), at(&[("L", "OC3 row 11, IN_TOUCH"), ("M", "OC3 row 12, IN_TOUCH")]));
        assert_eq!(check("1014", &t), at(&[("P", "OC3 row 14, IN_TOUCH"), ("P", "UASC row 1, DUC")]));
    }

    #[test]
    fn care_leavers_against_last_year() {
        let last = Ssda903 {
            episodes: vec![
                left("R", "01/01/2024", "01/03/2025", "E2"),
                episode("T", "01/01/2024", ""),
                left("U", "01/01/2024", "01/03/2025", "E8"),
                left("V", "01/01/2024", "01/03/2025", "E8"),
                left("W", "01/01/2024", "01/03/2025", "E8"),
                left("X", "01/04/2024", "01/06/2024", "E8"),
                left("Y", "01/04/2024", "01/08/2024", "E8"),
                left("Z", "01/04/2024", "01/08/2024", "E11"),
            ],
            oc3: vec![oc3("V", "DIED", "0", "0"), oc3("W", "DIED", "0", "0"), oc3("AA", "YES", "F1", "B1")],
            ..Default::default()
        };
        let t = Ssda903 {
            header: vec![header("X", "01/01/2008"), header("Y", "01/01/2008"), header("Z", "01/01/2008")],
            episodes: vec![episode("Q", "01/01/2024", "")],
            oc3: ["R", "S", "T", "U"]
                .iter()
                .map(|c| oc3(c, "YES", "F1", "B1"))
                .chain([oc3("V", "NO", "F1", "B1"), oc3("W", "DIED", "0", "0")])
                .chain(["X", "Y", "Z"].iter().map(|c| oc3(c, "YES", "F1", "B1")))
                // A care leaver last year, whose care ended before it.
                .chain([oc3("AA", "YES", "F1", "B1")])
                .collect(),
            ..Default::default()
        };
        assert_eq!(check_with("1000", &t, Some(&last)), at(&[("R", "OC3 row 1, IN_TOUCH")]));
        assert_eq!(check_with("1002", &t, Some(&last)), at(&[("S", "OC3 row 2, IN_TOUCH")]));
        assert_eq!(check_with("1010", &t, Some(&last)), at(&[("T", "OC3 row 3, IN_TOUCH")]));
        assert_eq!(check_with("348", &t, Some(&last)), at(&[("V", "OC3 row 5, IN_TOUCH")]));
        assert_eq!(check_with("1001", &t, Some(&last)), at(&[("X", "OC3 row 7, IN_TOUCH"), ("Z", "OC3 row 9, IN_TOUCH")]));
        assert_eq!(check("1002", &t), at(&[]));
    }

    #[test]
    fn care_begun_before_last_year_is_not_judged_on_what_is_seen() {
        // Found in the largest demo authority: in care from 16, a young
        // person moved in January (RNE P) and left at 18 in April, 88 days
        // later; last year's return shows only those 88 days.
        let mut moved = left("M", "05/01/2024", "02/04/2024", "E6");
        moved.rne = s("P");
        let started = left("N", "05/01/2024", "02/04/2024", "E6");
        let last = Ssda903 { episodes: vec![moved, started], ..Default::default() };
        let t = Ssda903 {
            header: vec![header("M", "02/04/2006"), header("N", "02/04/2006")],
            episodes: vec![episode("Q", "01/01/2024", "")],
            oc3: vec![oc3("M", "YES", "F2", "Z1"), oc3("N", "YES", "F2", "Z1")],
            ..Default::default()
        };
        // The one whose care began with that episode was not looked after long enough.
        assert_eq!(check_with("1001", &t, Some(&last)), at(&[("N", "OC3 row 2, IN_TOUCH")]));
    }

    #[test]
    fn care_leavers_have_no_twelve_month_or_adoption_data() {
        let ad1 = |c: &str| Ad1Row { child: c.into(), date_int: d("01/05/2025"), ..Default::default() };
        let oc2 = |c: &str, imm: &str| Oc2Row {
            child: c.into(),
            immunisations: if imm.is_empty() { None } else { s(imm) },
            ..Default::default()
        };
        let leaver = |c: &str| oc3(c, "YES", "F1", "B1");
        let t = Ssda903 {
            episodes: vec![episode("A", "01/01/2024", "")],
            oc3: vec![leaver("A"), leaver("B"), leaver("C"), leaver("D"), oc3("E", "", "", "")],
            ad1: vec![ad1("A"), ad1("B"), ad1("E")],
            oc2: vec![oc2("C", "1"), oc2("D", "")],
            ..Default::default()
        };
        assert_eq!(check("134", &t), at(&[("A", "AD1 row 1, DATE_INT"), ("B", "AD1 row 2, DATE_INT")]));
        assert_eq!(check("187", &t), at(&[("A", "AD1 row 1, DATE_INT"), ("A", "OC3 row 1, IN_TOUCH")]));
        assert_eq!(check("215", &t), at(&[("C", "OC2 row 1, IMMUNISATIONS"), ("C", "OC3 row 3, IN_TOUCH")]));
    }
}
