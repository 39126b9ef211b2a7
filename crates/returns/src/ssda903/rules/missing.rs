//! Missing rules: each period missing (M) or away without authorisation
//! (A) has a type and a start, ends after it starts, falls in the year and
//! does not overlap another.

use super::{ByChild, Context, Findings, Rule, birthday, blank, episodes_by_child, invalid, is_one_of, rule, rule_last_year};
use crate::ssda903::model::{MissingRow, Ssda903};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

pub(super) const RULES: &[Rule] = &[
    rule!(
        "1004",
        r_1004,
        "The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date."
    ),
    rule!("1006", r_1006, "Missing type invalid."),
    rule!("564", r_564, "Child was missing or away from placement without authorisation and the date started is blank."),
    rule!(
        "565",
        r_565,
        "The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed."
    ),
    rule!(
        "566",
        r_566,
        "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed."
    ),
    rule!(
        "567",
        r_567,
        "The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started."
    ),
    rule!(
        "570",
        r_570,
        "The date that the child started to be missing or away from placement without authorisation is after the end of the collection year."
    ),
    rule!(
        "571",
        r_571,
        "The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year."
    ),
    rule!(
        "574",
        r_574,
        "A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap."
    ),
    rule!(
        "577",
        r_577,
        "Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date."
    ),
    rule!("586", r_586, "Dates of missing periods are before child’s date of birth."),
    rule!(
        "575",
        r_575,
        "If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date."
    ),
    rule_last_year!(
        "576",
        r_576,
        "There is an open missing/away from placement without authorisation period in last year’s return and there is no corresponding period recorded at the start of this year."
    ),
    rule!("578", r_578, "The date that the child started to be missing is after the child ceased to be looked after."),
    rule!("580", r_580, "Child is missing when cease being looked after but reason episode ceased not ‘E8’."),
    rule!("581", r_581, "Child is missing but has not yet started to be looked after."),
];

fn each(t: &Ssda903) -> impl Iterator<Item = (usize, &MissingRow)> {
    t.missing.iter().enumerate()
}

fn r_1004(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, m) in each(t) {
        if m.mis_start.is_none() {
            f.row(&m.child, "Missing", i, "MIS_START");
        }
    }
}

fn r_1006(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, m) in each(t) {
        if invalid(&m.missing, &["M", "A"]) {
            f.row(&m.child, "Missing", i, "MISSING");
        }
    }
}

fn r_564(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, m) in each(t) {
        if !blank(&m.missing) && m.mis_start.is_none() {
            f.row(&m.child, "Missing", i, "MIS_START");
        }
    }
}

fn r_565(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, m) in each(t) {
        if blank(&m.missing) && m.mis_start.is_some() {
            f.row(&m.child, "Missing", i, "MISSING");
        }
    }
}

fn r_566(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, m) in each(t) {
        if blank(&m.missing) && m.mis_end.is_some() {
            f.row(&m.child, "Missing", i, "MISSING");
        }
    }
}

fn r_567(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, m) in each(t) {
        if let (Some(start), Some(end)) = (m.mis_start, m.mis_end)
            && end < start
        {
            f.row(&m.child, "Missing", i, "MIS_END");
        }
    }
}

fn r_570(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, m) in each(t) {
        if m.mis_start.is_some_and(|d| d > c.end()) {
            f.row(&m.child, "Missing", i, "MIS_START");
        }
    }
}

fn r_571(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, m) in each(t) {
        if m.mis_end.is_some_and(|d| d < c.start() || d > c.end()) {
            f.row(&m.child, "Missing", i, "MIS_END");
        }
    }
}

/// Periods ordered by their end (an open one by its start): each must
/// start after the one before it ended.
fn r_574(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let mut rows: Vec<(usize, &MissingRow)> = each(t).collect();
    rows.sort_by_key(|(i, m)| (m.child.clone(), m.mis_end.or(m.mis_start), m.mis_start, *i));
    for w in rows.windows(2) {
        let ((_, prev), (i, m)) = (w[0], w[1]);
        if prev.child == m.child && (prev.mis_end.is_none() || m.mis_start.zip(prev.mis_end).is_some_and(|(s, e)| s < e)) {
            f.row(&m.child, "Missing", i, "MIS_START");
        }
    }
}

/// A child who has left care cannot still be missing from a placement.
fn r_577(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let by_child = episodes_by_child(&t.episodes);
    for (i, m) in each(t) {
        let Some(list) = by_child.get(m.child.as_str()) else { continue };
        let left_care = list.last().is_some_and(|(_, e)| e.dec.is_some_and(|d| d <= c.end()));
        if left_care && m.mis_start.is_some() && m.mis_end.is_none() {
            f.row(&m.child, "Missing", i, "MIS_END");
        }
    }
}

fn r_586(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, m) in each(t) {
        if let (Some(start), Some(dob)) = (m.mis_start, m.dob)
            && start < dob
        {
            f.row(&m.child, "Missing", i, "MIS_START");
        }
    }
}

/// A period missing that started during an episode that has ended must
/// itself have ended.
fn r_575(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let episodes = ByChild::new(&t.episodes);
    for (i, m) in each(t) {
        let Some(start) = m.mis_start else { continue };
        let in_ended_episode =
            episodes.of(&m.child).iter().any(|e| e.decom.is_some_and(|d| d <= start) && e.dec.is_some_and(|d| start <= d));
        if m.mis_end.is_none() && in_ended_episode {
            f.row(&m.child, "Missing", i, "MIS_END");
        }
    }
}

/// A period still open at the end of last year carries on into this
/// year's return as the child's first period, with the same start.
fn r_576(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(last) = c.previous else { return };
    let mut first: BTreeMap<&str, (Option<NaiveDate>, usize)> = BTreeMap::new();
    for (i, m) in each(t) {
        let slot = first.entry(m.child.as_str()).or_insert((m.mis_start, i));
        if m.mis_start.is_some() && (slot.0.is_none() || m.mis_start < slot.0) {
            *slot = (m.mis_start, i);
        }
    }
    let open_last: HashMap<&str, NaiveDate> =
        last.missing.iter().filter(|m| m.mis_end.is_none()).filter_map(|m| m.mis_start.map(|s| (m.child.as_str(), s))).collect();
    for (child, (start, i)) in first {
        if open_last.get(child).is_some_and(|open| start != Some(*open)) {
            f.row(child, "Missing", i, "MIS_START");
        }
    }
}

/// Each child's periods of care: runs of back-to-back episodes, from the
/// first start to the last end (none while the last episode is open).
fn periods_of_care(t: &Ssda903) -> HashMap<&str, Vec<(NaiveDate, Option<NaiveDate>)>> {
    let mut periods: HashMap<&str, Vec<(NaiveDate, Option<NaiveDate>)>> = HashMap::new();
    for (child, list) in episodes_by_child(&t.episodes) {
        let child_periods = periods.entry(child).or_default();
        for (_, e) in list {
            let Some(start) = e.decom else { continue };
            match child_periods.last_mut() {
                Some((_, end)) if end.is_some_and(|d| start <= d) => *end = e.dec,
                _ => child_periods.push((start, e.dec)),
            }
        }
    }
    periods
}

/// A child with episodes goes missing only within a period of care.
fn r_578(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let periods = periods_of_care(t);
    for (i, m) in each(t) {
        let (Some(start), Some(list)) = (m.mis_start, periods.get(m.child.as_str())) else { continue };
        if !list.is_empty() && list.iter().all(|(from, to)| start < *from || to.is_some_and(|d| start > d)) {
            f.row(&m.child, "Missing", i, "MIS_START");
        }
    }
}

/// Still missing at 18, when care ended: the episode ends E8.
fn r_580(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let missing = ByChild::new(&t.missing);
    for (i, e) in t.episodes.iter().enumerate() {
        let Some(dec) = e.dec else { continue };
        let missing_at_18 =
            missing.of(&e.child).iter().any(|m| m.mis_end == Some(dec) && m.dob.is_some_and(|dob| birthday(dob, 18) == dec));
        if missing_at_18 && !is_one_of(&e.rec, &["E8"]) {
            f.row(&e.child, "Episodes", i, "REC");
        }
    }
}

/// A period missing starts during one of the child's episodes.
fn r_581(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let episodes = ByChild::new(&t.episodes);
    for (i, m) in each(t) {
        let Some(start) = m.mis_start else { continue };
        let in_episode = episodes.of(&m.child).iter().any(|e| e.decom.is_some_and(|d| d <= start) && e.dec.is_none_or(|d| start <= d));
        if !in_episode {
            f.row(&m.child, "Missing", i, "MIS_START");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    fn missing(child: &str, kind: &str, start: &str, end: &str) -> MissingRow {
        MissingRow {
            child: child.into(),
            dob: d("01/01/2010"),
            missing: if kind.is_empty() { None } else { s(kind) },
            mis_start: d(start),
            mis_end: d(end),
        }
    }

    #[test]
    fn missing_periods() {
        let t = Ssda903 {
            missing: vec![
                missing("A", "M", "", ""),
                missing("B", "X", "01/05/2025", "02/05/2025"),
                missing("C", "", "01/05/2025", ""),
                missing("D", "", "", "02/05/2025"),
                missing("E", "A", "03/05/2025", "02/05/2025"),
                missing("F", "M", "01/04/2026", ""),
                missing("G", "M", "01/03/2025", "31/03/2025"),
                missing("H", "M", "31/12/2009", ""),
                missing("J", "M", "01/05/2025", "31/03/2026"),
            ],
            ..Default::default()
        };
        assert_eq!(check("1004", &t), at(&[("A", "Missing row 1, MIS_START"), ("D", "Missing row 4, MIS_START")]));
        assert_eq!(check("1006", &t), at(&[("B", "Missing row 2, MISSING")]));
        assert_eq!(check("564", &t), at(&[("A", "Missing row 1, MIS_START")]));
        assert_eq!(check("565", &t), at(&[("C", "Missing row 3, MISSING")]));
        assert_eq!(check("566", &t), at(&[("D", "Missing row 4, MISSING")]));
        assert_eq!(check("567", &t), at(&[("E", "Missing row 5, MIS_END")]));
        assert_eq!(check("570", &t), at(&[("F", "Missing row 6, MIS_START")]));
        assert_eq!(check("571", &t), at(&[("G", "Missing row 7, MIS_END")]));
        assert_eq!(check("586", &t), at(&[("H", "Missing row 8, MIS_START")]));
    }

    #[test]
    fn r574_periods_do_not_overlap() {
        let t = Ssda903 {
            missing: vec![
                missing("A", "M", "01/05/2025", "05/05/2025"),
                missing("A", "M", "04/05/2025", "06/05/2025"),
                missing("B", "M", "01/05/2025", "05/05/2025"),
                missing("B", "M", "05/05/2025", "06/05/2025"),
            ],
            ..Default::default()
        };
        assert_eq!(check("574", &t), at(&[("A", "Missing row 2, MIS_START")]));
    }

    #[test]
    fn r577_left_care_while_missing() {
        let t = Ssda903 {
            episodes: vec![episode("A", "01/04/2025", "01/06/2025"), episode("B", "01/04/2025", "")],
            missing: vec![missing("A", "M", "01/05/2025", ""), missing("B", "M", "01/05/2025", "")],
            ..Default::default()
        };
        assert_eq!(check("577", &t), at(&[("A", "Missing row 1, MIS_END")]));
    }

    #[test]
    fn missing_against_episodes() {
        let mut at_18 = episode("E", "01/01/2025", "01/06/2025");
        at_18.rec = s("E11");
        let mut at_18_ok = episode("F", "01/01/2025", "01/06/2025");
        at_18_ok.rec = s("E8");
        let born = |mut m: MissingRow| {
            m.dob = d("01/06/2007");
            m
        };
        let t = Ssda903 {
            episodes: vec![
                episode("A", "01/04/2025", "01/06/2025"),
                episode("B", "01/04/2025", "01/06/2025"),
                episode("B", "01/06/2025", ""),
                episode("C", "01/04/2025", "01/06/2025"),
                episode("D", "01/05/2025", ""),
                at_18,
                at_18_ok,
            ],
            missing: vec![
                missing("A", "M", "01/05/2025", ""),
                missing("B", "M", "01/05/2025", ""),
                missing("C", "M", "02/06/2025", "03/06/2025"),
                missing("D", "M", "30/04/2025", "01/05/2025"),
                born(missing("E", "M", "01/05/2025", "01/06/2025")),
                born(missing("F", "M", "01/05/2025", "01/06/2025")),
                missing("G", "M", "01/05/2025", "02/05/2025"),
            ],
            ..Default::default()
        };
        assert_eq!(check("575", &t), at(&[("A", "Missing row 1, MIS_END"), ("B", "Missing row 2, MIS_END")]));
        assert_eq!(check("578", &t), at(&[("C", "Missing row 3, MIS_START"), ("D", "Missing row 4, MIS_START")]));
        assert_eq!(
            check("581", &t),
            at(&[("C", "Missing row 3, MIS_START"), ("D", "Missing row 4, MIS_START"), ("G", "Missing row 7, MIS_START")])
        );
        assert_eq!(check("580", &t), at(&[("E", "Episodes row 6, REC")]));
    }

    #[test]
    fn r576_open_period_carries_on() {
        let last = Ssda903 {
            missing: vec![
                missing("A", "M", "20/03/2025", ""),
                missing("B", "M", "20/03/2025", ""),
                missing("C", "M", "01/03/2025", "02/03/2025"),
            ],
            ..Default::default()
        };
        let t = Ssda903 {
            missing: vec![
                missing("A", "M", "20/03/2025", "02/04/2025"),
                missing("B", "M", "01/05/2025", "02/05/2025"),
                missing("C", "M", "01/05/2025", "02/05/2025"),
            ],
            ..Default::default()
        };
        assert_eq!(check_with("576", &t, Some(&last)), at(&[("B", "Missing row 2, MIS_START")]));
        assert_eq!(check("576", &t), at(&[]));
    }
}
