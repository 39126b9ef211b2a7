//! Continuity rules: a child's episodes carry on from last year's return
//! (the episode open at its end is this year's first, unchanged), and no
//! episode follows an adoption.

use super::{Context, Findings, Rule, code, episodes_by_child, is_one_of, rule, rule_last_year};
use crate::ssda903::model::{EpisodeRow, Ssda903};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

pub(super) const RULES: &[Rule] = &[
    rule!(
        "199",
        r_199,
        "Episode information shows child has been previously adopted from care. [NOTE: This only tests the current and previous year data loaded into the tool]"
    ),
    rule_last_year!(
        "502",
        r_502,
        "Last year's record ended with an open episode. The date on which that episode started does not match the start date of the first episode on this year’s record."
    ),
    rule_last_year!("503A", r_503a, "The reason for new episode in the first episode does not match open episode at end of last year."),
    rule_last_year!("503B", r_503b, "The legal status in the first episode does not match open episode at end of last year."),
    rule_last_year!("503C", r_503c, "The category of need in the first episode does not match open episode at end of last year."),
    rule_last_year!("503D", r_503d, "The placement type in the first episode does not match open episode at end of last year"),
    rule_last_year!("503E", r_503e, "The placement provider in the first episode does not match open episode at end of last year."),
    rule_last_year!("503F", r_503f, "The Ofsted URN in the first episode does not match open episode at end of last year."),
    rule_last_year!(
        "562",
        r_562,
        "Episode commenced before the start of the current collection year but there is a missing continuous episode in the previous year."
    ),
    rule_last_year!(
        "NoE",
        r_noe,
        "This child has no episodes loaded for previous year even though child started to be looked after before this current year."
    ),
];

/// Each child's first dated episode this year, with its row.
fn first_episodes(t: &Ssda903) -> BTreeMap<&str, (usize, &EpisodeRow)> {
    episodes_by_child(&t.episodes)
        .into_iter()
        .filter_map(|(child, list)| list.into_iter().find(|(_, e)| e.decom.is_some()).map(|first| (child, first)))
        .collect()
}

/// Each child's latest dated episode in a return.
fn latest_episodes(episodes: &[EpisodeRow]) -> BTreeMap<&str, &EpisodeRow> {
    episodes_by_child(episodes)
        .into_iter()
        .filter_map(|(child, list)| list.into_iter().rfind(|(_, e)| e.decom.is_some()).map(|(_, e)| (child, e)))
        .collect()
}

/// Once adopted, a child has no later episode of care (the adoption
/// episode itself is fine; last year's episodes count when given).
fn r_199(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let last_year = c.previous.map(|p| p.episodes.as_slice()).unwrap_or_default();
    let mut adopted_on: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for e in t.episodes.iter().chain(last_year) {
        if is_one_of(&e.rec, &["E11", "E12"])
            && let Some(start) = e.decom
        {
            let first = adopted_on.entry(e.child.as_str()).or_insert(start);
            *first = (*first).min(start);
        }
    }
    for (i, e) in t.episodes.iter().enumerate() {
        if let (Some(start), Some(adopted)) = (e.decom, adopted_on.get(e.child.as_str()))
            && start > *adopted
        {
            f.row(&e.child, "Episodes", i, "DECOM");
        }
    }
}

fn r_502(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(last) = c.previous else { return };
    let mut open_last_year: BTreeMap<&str, Vec<Option<NaiveDate>>> = BTreeMap::new();
    for l in last.episodes.iter().filter(|l| l.dec.is_none()) {
        open_last_year.entry(l.child.as_str()).or_default().push(l.decom);
    }
    for (child, (i, first)) in first_episodes(t) {
        if open_last_year.get(child).is_some_and(|starts| starts.iter().any(|decom| *decom != first.decom)) {
            f.row(child, "Episodes", i, "DECOM");
        }
    }
}

fn same_text(a: &Option<String>, b: &Option<String>) -> bool {
    code(a).map(str::to_ascii_uppercase) == code(b).map(str::to_ascii_uppercase)
}

/// This year's first episode against the episode still open at the end of
/// last year, on one field; `allowed` lists (this year, last year) pairs
/// that are a code set's change, not a mistake.
fn differs_from_open(
    t: &Ssda903,
    c: &Context<'_>,
    f: &mut Findings<'_>,
    field: &str,
    value: fn(&EpisodeRow) -> &Option<String>,
    allowed: &[(&[&str], &str)],
) {
    let Some(last) = c.previous else { return };
    let open = latest_episodes(&last.episodes);
    for (child, (i, first)) in first_episodes(t) {
        let Some(before) = open.get(child).filter(|l| l.dec.is_none()) else { continue };
        let recoded = allowed.iter().any(|(now, then)| is_one_of(value(first), now) && is_one_of(value(before), &[then]));
        if !same_text(value(first), value(before)) && !recoded {
            f.row(child, "Episodes", i, field);
        }
    }
}

fn r_503a(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    differs_from_open(t, c, f, "RNE", |e| &e.rne, &[]);
}

fn r_503b(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    differs_from_open(t, c, f, "LS", |e| &e.ls, &[]);
}

fn r_503c(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    differs_from_open(t, c, f, "CIN", |e| &e.cin, &[]);
}

/// Z1 of 2024-25 became Z11-Z14 in 2025-26.
fn r_503d(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    differs_from_open(t, c, f, "PLACE", |e| &e.place, &[(&["Z11", "Z12", "Z13", "Z14"], "Z1")]);
}

fn r_503e(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    differs_from_open(t, c, f, "PLACE_PROVIDER", |e| &e.place_provider, &[]);
}

fn r_503f(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    differs_from_open(t, c, f, "URN", |e| &e.urn, &[]);
}

/// The earliest episode begun before the year is last year's latest.
fn r_562(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(last) = c.previous else { return };
    let latest_last = latest_episodes(&last.episodes);
    for (child, list) in episodes_by_child(&t.episodes) {
        let Some((i, first)) = list.into_iter().find(|(_, e)| e.decom.is_some_and(|d| d < c.start())) else { continue };
        if latest_last.get(child).is_none_or(|l| l.decom != first.decom) {
            f.row(child, "Episodes", i, "DECOM");
        }
    }
}

fn r_noe(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(last) = c.previous else { return };
    let known: HashSet<&str> = last.episodes.iter().map(|e| e.child.as_str()).collect();
    for (i, e) in t.episodes.iter().enumerate() {
        if e.decom.is_some_and(|d| d < c.start()) && !known.contains(e.child.as_str()) {
            f.row(&e.child, "Episodes", i, "DECOM");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    #[test]
    fn r199_nothing_after_adoption() {
        let mut adopted = episode("A", "01/01/2024", "01/03/2025");
        adopted.rec = s("E11");
        let mut b_adopted = episode("B", "01/01/2025", "01/06/2025");
        b_adopted.rec = s("E12");
        let last = Ssda903 { episodes: vec![adopted], ..Default::default() };
        let t = Ssda903 { episodes: vec![episode("A", "01/05/2025", ""), b_adopted, episode("C", "01/05/2025", "")], ..Default::default() };
        assert_eq!(check_with("199", &t, Some(&last)), at(&[("A", "Episodes row 1, DECOM")]));
        assert_eq!(check("199", &t), at(&[]));
    }

    #[test]
    fn first_episode_continues_last_years_open_one() {
        let open = |child: &str, place: &str| {
            let mut e = episode(child, "01/01/2024", "");
            e.place = s(place);
            e
        };
        let last = Ssda903 {
            episodes: vec![open("A", "U1"), open("B", "U1"), open("C", "Z1"), open("D", "U1"), episode("E", "01/01/2023", "01/01/2024")],
            ..Default::default()
        };
        let mut b = open("B", "U2");
        b.ls = s("C1");
        let mut d = episode("D", "01/02/2024", "");
        d.place = s("U1");
        let t = Ssda903 {
            episodes: vec![open("A", "U1"), b, open("C", "Z12"), d, episode("E", "01/01/2025", ""), episode("F", "01/01/2025", "")],
            ..Default::default()
        };
        let prev = Some(&last);
        assert_eq!(check_with("503D", &t, prev), at(&[("B", "Episodes row 2, PLACE")]));
        assert_eq!(check_with("503B", &t, prev), at(&[("B", "Episodes row 2, LS")]));
        assert_eq!(check_with("503A", &t, prev), at(&[]));
        assert_eq!(check_with("502", &t, prev), at(&[("D", "Episodes row 4, DECOM")]));
        assert_eq!(
            check_with("562", &t, prev),
            at(&[("D", "Episodes row 4, DECOM"), ("E", "Episodes row 5, DECOM"), ("F", "Episodes row 6, DECOM")])
        );
        assert_eq!(check_with("NoE", &t, prev), at(&[("F", "Episodes row 6, DECOM")]));
        assert_eq!(check("502", &t), at(&[]));
    }

    #[test]
    fn r503_codes_and_urn_carry_over() {
        let mut then = episode("A", "01/01/2024", "");
        then.urn = s("SC1");
        let mut now = then.clone();
        now.urn = s("SC2");
        now.cin = s("N2");
        now.place_provider = s("PR2");
        now.rne = s("P");
        let last = Ssda903 {
            episodes: vec![then.clone(), {
                let mut b = then;
                b.child = "B".into();
                b
            }],
            ..Default::default()
        };
        let mut same = now.clone();
        same.child = "B".into();
        same.urn = s("SC1");
        same.cin = s("N1");
        same.place_provider = s("PR1");
        same.rne = s("S");
        let t = Ssda903 { episodes: vec![now, same], ..Default::default() };
        let prev = Some(&last);
        assert_eq!(check_with("503A", &t, prev), at(&[("A", "Episodes row 1, RNE")]));
        assert_eq!(check_with("503C", &t, prev), at(&[("A", "Episodes row 1, CIN")]));
        assert_eq!(check_with("503E", &t, prev), at(&[("A", "Episodes row 1, PLACE_PROVIDER")]));
        assert_eq!(check_with("503F", &t, prev), at(&[("A", "Episodes row 1, URN")]));
    }
}
