//! Placement rules: which providers can offer which placement types, and
//! where temporary, respite and adoptive placements may fall; what a
//! temporary placement may last and what follows it; when a provider, URN,
//! postcode or reason for a placement change is (or is not) recorded.

use super::{Context, Findings, Rule, blank, code, episodes_by_child, is_one_of, rule};
use crate::ssda903::model::{EpisodeRow, Ssda903};
use chrono::{Days, NaiveDate};
use std::collections::{HashMap, HashSet};

pub(super) const RULES: &[Rule] = &[
    rule!(
        "217",
        r_217,
        "Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U."
    ),
    rule!(
        "378",
        r_378,
        "A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989."
    ),
    rule!("380", r_380, "A period of care cannot start with a temporary placement."),
    rule!("381", r_381, "A period of care cannot end with a temporary placement."),
    rule!("382", r_382, "A child receiving respite care cannot be in a temporary placement."),
    rule!("384", r_384, "A child receiving respite care cannot be in a long-term foster placement"),
    rule!("527", r_527, "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5."),
    rule!("528", r_528, "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5."),
    rule!(
        "529",
        r_529,
        "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations."
    ),
    rule!("530", r_530, "A placement provider code of PR4 cannot be associated with placement P1."),
    rule!("531", r_531, "A placement provider code of PR5 cannot be associated with placements P1."),
    rule!("550", r_550, "A placement provider code of PR0 can only be associated with placement P1."),
    rule!("213", r_213, "Placement provider information not required."),
    rule!("214", r_214, "Placement location information not required."),
    rule!("222", r_222, "Ofsted Unique reference number (URN) should not be recorded for this placement type."),
    rule!("225", r_225, "Reason for placement change must be recorded."),
    rule!("226", r_226, "Reason for placement change is not required for temporary placements."),
    rule!("233", r_233, "Reason for placement change is not required when the episode has not ceased."),
    rule!("375", r_375, "Hospitalisation coded as a temporary placement exceeds six weeks."),
    rule!("376", r_376, "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks."),
    rule!(
        "377",
        r_377,
        "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period."
    ),
    rule!("379", r_379, "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days."),
    rule!("383", r_383, "A child in a temporary placement must subsequently return to his/her normal placement."),
    rule!(
        "392b",
        r_392b,
        "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]"
    ),
    rule!("392d", r_392d, "Home and placement postcodes should not be same unless the placement type is P1."),
    rule!("398", r_398, "Distance field completed but child looked after under legal status V3 or V4."),
    rule!(
        "516",
        r_516,
        "The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6."
    ),
    rule!("526", r_526, "Child is missing a placement provider code for at least one episode."),
];

const TEMPORARY: &[&str] = &["T0", "T1", "T2", "T3", "T4"];

/// A provider that cannot offer one of the placement types.
fn provider_cannot(t: &Ssda903, f: &mut Findings<'_>, provider: &str, places: &[&str]) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place_provider, &[provider]) && is_one_of(&e.place, places) {
            f.row(&e.child, "Episodes", i, "PLACE_PROVIDER");
        }
    }
}

fn r_527(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    provider_cannot(t, f, "PR1", &["P1", "R2", "R5"]);
}

fn r_528(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    provider_cannot(t, f, "PR2", &["P1", "R2", "R5"]);
}

fn r_529(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    provider_cannot(t, f, "PR3", &["P1", "A3", "A4", "A5", "A6", "K1", "K2", "U1", "U2", "U3", "U4", "U5", "U6"]);
}

fn r_530(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    provider_cannot(t, f, "PR4", &["P1"]);
}

fn r_531(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    provider_cannot(t, f, "PR5", &["P1"]);
}

fn r_550(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place_provider, &["PR0"]) && !is_one_of(&e.place, &["P1"]) {
            f.row(&e.child, "Episodes", i, "PLACE_PROVIDER");
        }
    }
}

/// Fostering for adoption (A3, A5) from April 2015 starts a period of care
/// or changes both placement and legal status.
fn r_217(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let Some(from) = NaiveDate::from_ymd_opt(2015, 4, 1) else { return };
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place, &["A3", "A5"]) && e.decom.is_some_and(|d| d >= from) && !is_one_of(&e.rne, &["S", "T", "U"]) {
            f.row(&e.child, "Episodes", i, "RNE");
        }
    }
}

fn r_378(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place, &["P1"]) && is_one_of(&e.ls, &["V2"]) {
            f.row(&e.child, "Episodes", i, "PLACE");
        }
    }
}

fn r_380(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place, TEMPORARY) && !is_one_of(&e.rne, &["P", "B"]) {
            f.row(&e.child, "Episodes", i, "RNE");
        }
    }
}

fn r_381(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place, TEMPORARY) && e.rec.is_some() && !is_one_of(&e.rec, &["X1"]) {
            f.row(&e.child, "Episodes", i, "REC");
        }
    }
}

fn r_382(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.ls, &["V3", "V4"]) && is_one_of(&e.place, TEMPORARY) {
            f.row(&e.child, "Episodes", i, "PLACE");
        }
    }
}

fn r_384(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.ls, &["V3", "V4"]) && is_one_of(&e.place, &["U1", "U4"]) {
            f.row(&e.child, "Episodes", i, "PLACE");
        }
    }
}

/// Temporary placements and the 2025-26 placements with no provider or
/// URN (Z11-Z14: living arrangements outside registered provision).
const NO_PROVIDER: &[&str] = &["T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"];
/// Placement types with no Ofsted URN.
const NO_URN: &[&str] = &["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"];
/// The URN written for a placement that has none.
const URN_NONE: &str = "XXXXXXX";

fn r_213(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place, NO_PROVIDER) && !blank(&e.place_provider) {
            f.row(&e.child, "Episodes", i, "PLACE_PROVIDER");
        }
    }
}

fn r_526(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if !is_one_of(&e.place, NO_PROVIDER) && blank(&e.place_provider) {
            f.row(&e.child, "Episodes", i, "PLACE_PROVIDER");
        }
    }
}

/// Short breaks (V3, V4) record no placement postcode or URN.
fn r_214(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if !is_one_of(&e.ls, &["V3", "V4"]) {
            continue;
        }
        if !blank(&e.pl_post) {
            f.row(&e.child, "Episodes", i, "PL_POST");
        } else if !blank(&e.urn) {
            f.row(&e.child, "Episodes", i, "URN");
        }
    }
}

fn r_222(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place, NO_URN) && !blank(&e.urn) && !is_one_of(&e.urn, &[URN_NONE]) {
            f.row(&e.child, "Episodes", i, "URN");
        }
    }
}

/// An episode with its row.
type Numbered<'t> = (usize, &'t EpisodeRow);

/// Each child's episodes in order as pairs of neighbours.
fn neighbours(t: &Ssda903) -> Vec<(Numbered<'_>, Numbered<'_>)> {
    episodes_by_child(&t.episodes).into_values().flat_map(|list| list.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>()).collect()
}

/// An episode ending in a move to another (not temporary) placement gives
/// the reason for the move.
fn r_225(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for ((i, e), (_, next)) in neighbours(t) {
        if is_one_of(&e.rec, &["X1"])
            && blank(&e.reason_place_change)
            && !is_one_of(&e.place, TEMPORARY)
            && is_one_of(&next.rne, &["P", "B", "T", "U"])
            && !is_one_of(&next.place, TEMPORARY)
        {
            f.row(&e.child, "Episodes", i, "REASON_PLACE_CHANGE");
        }
    }
}

/// Neither a temporary placement nor the move into it has a reason.
fn r_226(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let mut flagged: HashSet<usize> = HashSet::new();
    for (child, list) in episodes_by_child(&t.episodes) {
        for (n, (i, e)) in list.iter().enumerate() {
            let before = n.checked_sub(1).and_then(|p| list.get(p)).is_some_and(|(_, prev)| !blank(&prev.reason_place_change));
            if is_one_of(&e.place, TEMPORARY) && (!blank(&e.reason_place_change) || before) && flagged.insert(*i) {
                f.row(child, "Episodes", *i, "REASON_PLACE_CHANGE");
            }
        }
    }
}

fn r_233(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if e.dec.is_none() && !blank(&e.reason_place_change) {
            f.row(&e.child, "Episodes", i, "REASON_PLACE_CHANGE");
        }
    }
}

/// An episode in one temporary placement type lasting more than `days`.
fn temporary_longer_than(t: &Ssda903, f: &mut Findings<'_>, place: &str, days: u64) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place, &[place])
            && let (Some(start), Some(end)) = (e.decom, e.dec)
            && start.checked_add_days(Days::new(days)).is_some_and(|limit| end > limit)
        {
            f.row(&e.child, "Episodes", i, "DEC");
        }
    }
}

fn r_375(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    temporary_longer_than(t, f, "T1", 42);
}

fn r_376(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    temporary_longer_than(t, f, "T3", 21);
}

fn r_379(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    temporary_longer_than(t, f, "T4", 7);
}

fn r_377(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for e in t.episodes.iter().filter(|e| is_one_of(&e.place, &["T3"])) {
        *count.entry(e.child.as_str()).or_default() += 1;
    }
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place, &["T3"]) && count.get(e.child.as_str()).is_some_and(|n| *n > 2) {
            f.row(&e.child, "Episodes", i, "PLACE");
        }
    }
}

fn same_text(a: &Option<String>, b: &Option<String>) -> bool {
    code(a).map(str::to_ascii_uppercase) == code(b).map(str::to_ascii_uppercase)
}

/// After a temporary placement the child goes back (a change of placement,
/// P) to the placement they left: same type and postcode.
fn r_383(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for list in episodes_by_child(&t.episodes).into_values() {
        for w in list.windows(3) {
            let ((_, before), (_, temporary), (i, after)) = (w[0], w[1], w[2]);
            if is_one_of(&temporary.place, TEMPORARY)
                && (!is_one_of(&after.rne, &["P"])
                    || !same_text(&after.place, &before.place)
                    || !same_text(&after.pl_post, &before.pl_post))
            {
                f.row(&after.child, "Episodes", i, "PLACE");
            }
        }
    }
}

/// Postcodes compared without spaces or case.
fn postcode(value: &Option<String>) -> Option<String> {
    code(value).map(|v| v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase())
}

/// Every episode but a short break records both postcodes, except for
/// children in this year's or last year's UASC table.
fn r_392b(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let last_uasc = c.previous.map(|p| p.uasc.as_slice()).unwrap_or_default();
    let uasc: HashSet<&str> = t.uasc.iter().chain(last_uasc).map(|u| u.child.as_str()).collect();
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.ls, &["V3", "V4"]) || uasc.contains(e.child.as_str()) {
            continue;
        }
        if blank(&e.home_post) {
            f.row(&e.child, "Episodes", i, "HOME_POST");
        } else if blank(&e.pl_post) {
            f.row(&e.child, "Episodes", i, "PL_POST");
        }
    }
}

fn r_392d(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        let home = postcode(&e.home_post);
        if !is_one_of(&e.place, &["P1"]) && home.is_some() && home == postcode(&e.pl_post) {
            f.row(&e.child, "Episodes", i, "PL_POST");
        }
    }
}

fn r_398(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.ls, &["V3", "V4"]) && !(blank(&e.home_post) && blank(&e.pl_post)) {
            f.row(&e.child, "Episodes", i, "HOME_POST");
        }
    }
}

/// Special guardianship by former foster carers (E45, E46) follows a
/// foster placement (U1-U6).
fn r_516(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.rec, &["E45", "E46"]) && !is_one_of(&e.place, &["U1", "U2", "U3", "U4", "U5", "U6"]) {
            f.row(&e.child, "Episodes", i, "REC");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    fn placed(child: &str, place: &str, provider: &str) -> EpisodeRow {
        let mut e = episode(child, "01/05/2025", "");
        e.place = s(place);
        e.place_provider = s(provider);
        e
    }

    #[test]
    fn providers_and_placement_types() {
        let t = Ssda903 {
            episodes: vec![
                placed("A", "R2", "PR1"),
                placed("B", "R5", "PR2"),
                placed("C", "U3", "PR3"),
                placed("D", "P1", "PR4"),
                placed("E", "P1", "PR5"),
                placed("F", "U1", "PR0"),
                placed("G", "P1", "PR0"),
                placed("H", "K2", "PR1"),
            ],
            ..Default::default()
        };
        assert_eq!(check("527", &t), at(&[("A", "Episodes row 1, PLACE_PROVIDER")]));
        assert_eq!(check("528", &t), at(&[("B", "Episodes row 2, PLACE_PROVIDER")]));
        assert_eq!(check("529", &t), at(&[("C", "Episodes row 3, PLACE_PROVIDER")]));
        assert_eq!(check("530", &t), at(&[("D", "Episodes row 4, PLACE_PROVIDER")]));
        assert_eq!(check("531", &t), at(&[("E", "Episodes row 5, PLACE_PROVIDER")]));
        assert_eq!(check("550", &t), at(&[("F", "Episodes row 6, PLACE_PROVIDER")]));
    }

    #[test]
    fn temporary_respite_and_adoptive_placements() {
        let mut ffa = placed("A", "A3", "PR1");
        ffa.rne = s("P");
        let mut ffa_ok = placed("B", "A5", "PR1");
        ffa_ok.rne = s("T");
        let mut parents = placed("C", "P1", "PR0");
        parents.ls = s("V2");
        let temp_start = placed("D", "T1", "PR1");
        let mut temp_ok = placed("E", "T1", "PR1");
        temp_ok.rne = s("P");
        temp_ok.dec = d("02/05/2025");
        temp_ok.rec = s("X1");
        let mut temp_end = placed("F", "T2", "PR1");
        temp_end.rne = s("B");
        temp_end.dec = d("02/05/2025");
        temp_end.rec = s("E8");
        let mut respite_temp = placed("G", "T3", "PR1");
        respite_temp.rne = s("P");
        respite_temp.ls = s("V3");
        let mut respite_long = placed("H", "U1", "PR1");
        respite_long.ls = s("V4");
        let t = Ssda903 {
            episodes: vec![ffa, ffa_ok, parents, temp_start, temp_ok, temp_end, respite_temp, respite_long],
            ..Default::default()
        };
        assert_eq!(check("217", &t), at(&[("A", "Episodes row 1, RNE")]));
        assert_eq!(check("378", &t), at(&[("C", "Episodes row 3, PLACE")]));
        assert_eq!(check("380", &t), at(&[("D", "Episodes row 4, RNE")]));
        assert_eq!(check("381", &t), at(&[("F", "Episodes row 6, REC")]));
        assert_eq!(check("382", &t), at(&[("G", "Episodes row 7, PLACE")]));
        assert_eq!(check("384", &t), at(&[("H", "Episodes row 8, PLACE")]));
    }

    /// An episode with placement, provider, postcodes and URN.
    fn at_place(child: &str, start: &str, end: &str, place: &str, provider: &str) -> EpisodeRow {
        let mut e = episode(child, start, end);
        e.place = s(place);
        e.place_provider = if provider.is_empty() { None } else { s(provider) };
        e.home_post = s("AB1 2CD");
        e.pl_post = s("EF3 4GH");
        e
    }

    #[test]
    fn providers_urns_and_postcodes() {
        let mut short_break = at_place("C", "01/05/2025", "02/05/2025", "U1", "PR1");
        short_break.ls = s("V3");
        let mut urn = at_place("D", "01/05/2025", "", "P1", "PR0");
        urn.urn = s("SC123456");
        let mut no_urn = at_place("E", "01/05/2025", "", "R1", "PR1");
        no_urn.urn = s("XXXXXXX");
        let mut no_home = at_place("F", "01/05/2025", "", "U1", "PR1");
        no_home.home_post = None;
        let mut same = at_place("G", "01/05/2025", "", "U1", "PR1");
        same.pl_post = s("ab12cd");
        let mut at_home = at_place("H", "01/05/2025", "", "P1", "PR0");
        at_home.pl_post = s("AB1 2CD");
        let mut uasc = at_place("J", "01/05/2025", "", "U1", "PR1");
        uasc.pl_post = None;
        let mut sgo = at_place("K", "01/05/2025", "01/06/2025", "K2", "PR1");
        sgo.rec = s("E45");
        let mut sgo_foster = at_place("L", "01/05/2025", "01/06/2025", "U3", "PR1");
        sgo_foster.rec = s("E46");
        let t = Ssda903 {
            episodes: vec![
                at_place("A", "01/05/2025", "", "T1", "PR1"),
                at_place("B", "01/05/2025", "", "U1", ""),
                short_break,
                urn,
                no_urn,
                no_home,
                same,
                at_home,
                uasc,
                sgo,
                sgo_foster,
                at_place("M", "01/05/2025", "", "Z12", ""),
            ],
            uasc: vec![UascRow { child: "J".into(), ..Default::default() }],
            ..Default::default()
        };
        assert_eq!(check("213", &t), at(&[("A", "Episodes row 1, PLACE_PROVIDER")]));
        assert_eq!(check("526", &t), at(&[("B", "Episodes row 2, PLACE_PROVIDER")]));
        assert_eq!(check("214", &t), at(&[("C", "Episodes row 3, PL_POST")]));
        assert_eq!(check("398", &t), at(&[("C", "Episodes row 3, HOME_POST")]));
        assert_eq!(check("222", &t), at(&[("D", "Episodes row 4, URN")]));
        assert_eq!(check("392b", &t), at(&[("F", "Episodes row 6, HOME_POST")]));
        assert_eq!(check("392d", &t), at(&[("G", "Episodes row 7, PL_POST")]));
        assert_eq!(check("516", &t), at(&[("K", "Episodes row 10, REC")]));
    }

    #[test]
    fn temporary_placements() {
        let temp = |child: &str, start: &str, end: &str, place: &str| {
            let mut e = at_place(child, start, end, place, "");
            e.rne = s("P");
            e.rec = s("X1");
            e
        };
        let t = Ssda903 {
            episodes: vec![
                temp("A", "01/05/2025", "13/06/2025", "T1"),
                temp("B", "01/05/2025", "12/06/2025", "T1"),
                temp("C", "01/05/2025", "23/05/2025", "T3"),
                temp("D", "01/05/2025", "22/05/2025", "T3"),
                temp("D", "01/06/2025", "02/06/2025", "T3"),
                temp("E", "01/05/2025", "09/05/2025", "T4"),
                temp("F", "01/05/2025", "08/05/2025", "T4"),
                temp("G", "01/05/2025", "02/05/2025", "T3"),
                temp("G", "01/06/2025", "02/06/2025", "T3"),
                temp("G", "01/07/2025", "02/07/2025", "T3"),
            ],
            ..Default::default()
        };
        assert_eq!(check("375", &t), at(&[("A", "Episodes row 1, DEC")]));
        assert_eq!(check("376", &t), at(&[("C", "Episodes row 3, DEC")]));
        assert_eq!(check("379", &t), at(&[("E", "Episodes row 6, DEC")]));
        assert_eq!(
            check("377", &t),
            at(&[("G", "Episodes row 8, PLACE"), ("G", "Episodes row 9, PLACE"), ("G", "Episodes row 10, PLACE")])
        );
    }

    #[test]
    fn around_a_temporary_placement() {
        // A: foster, temporary, back to the same foster placement (fine).
        // B: foster, temporary, a different placement, with no reason given for leaving U1.
        let seq = |child: &str, back_to: &str, reason_out: &str, reason_temp: &str| {
            let mut first = at_place(child, "01/05/2025", "01/06/2025", "U1", "PR1");
            first.rec = s("X1");
            first.reason_place_change = if reason_out.is_empty() { None } else { s(reason_out) };
            let mut temp = at_place(child, "01/06/2025", "08/06/2025", "T3", "");
            temp.rne = s("P");
            temp.rec = s("X1");
            temp.reason_place_change = if reason_temp.is_empty() { None } else { s(reason_temp) };
            let mut back = at_place(child, "08/06/2025", "", back_to, "PR1");
            back.rne = s("P");
            vec![first, temp, back]
        };
        let mut moved = at_place("C", "01/05/2025", "01/06/2025", "U1", "PR1");
        moved.rec = s("X1");
        let mut next = at_place("C", "01/06/2025", "", "U2", "PR1");
        next.rne = s("P");
        next.reason_place_change = s("CARPL");
        let t = Ssda903 {
            episodes: [seq("A", "U1", "", ""), seq("B", "U2", "CARPL", "OTHER"), vec![moved, next]].concat(),
            ..Default::default()
        };
        assert_eq!(check("383", &t), at(&[("B", "Episodes row 6, PLACE")]));
        assert_eq!(check("226", &t), at(&[("B", "Episodes row 5, REASON_PLACE_CHANGE")]));
        assert_eq!(check("225", &t), at(&[("C", "Episodes row 7, REASON_PLACE_CHANGE")]));
        assert_eq!(check("233", &t), at(&[("C", "Episodes row 8, REASON_PLACE_CHANGE")]));
    }
}
