//! Episodes rules: codes, dates and the sequence of a child's episodes,
//! and the ages at which some legal statuses, placements and endings are
//! possible.

use super::{Context, Findings, Rule, birthday, blank, code, episodes_by_child, headers, invalid, is_one_of, rule};
use crate::ssda903::model::{EpisodeRow, Ssda903};
use chrono::{Days, NaiveDate};
use std::collections::HashSet;

pub(super) const RULES: &[Rule] = &[
    rule!("142", r_142, "A new episode has started, but the previous episode has not ended."),
    rule!("143", r_143, "The reason for new episode code is not a valid code."),
    rule!("144", r_144, "The legal status code is not a valid code."),
    rule!("145", r_145, "Category of need code is not a valid code."),
    rule!("146", r_146, "Placement type code is not a valid code."),
    rule!("148", r_148, "Date episode ceased and reason episode ceased must both be coded, or both left blank."),
    rule!("149", r_149, "Reason episode ceased code is not valid."),
    rule!("178", r_178, "Placement provider code is not a valid code."),
    rule!("1009", r_1009, "Reason for placement change is not a valid code."),
    rule!("234", r_234, "A child aged under 10 can not change placement due to being admitted to custody"),
    rule!("353", r_353, "No episode submitted can start before 14 October 1991."),
    rule!("354", r_354, "Date episode ceased must be on or before the end of the current collection year."),
    rule!("355", r_355, "Episode appears to have lasted for less than 24 hours"),
    rule!("356", r_356, "The date the episode ceased is before the date the same episode started."),
    rule!(
        "357",
        r_357,
        "If this is the first episode ever for this child, reason for new episode must be S. Check whether there is an episode immediately preceding this one, which has been left out. If not the reason for new episode code must be amended to S."
    ),
    rule!("358", r_358, "Child with this legal status should not be under 10."),
    rule!(
        "359",
        r_359,
        "Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home."
    ),
    rule!("361", r_361, "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989."),
    rule!("362", r_362, "Emergency protection order (EPO) lasted longer than 21 days"),
    rule!("363", r_363, "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989."),
    rule!(
        "364",
        r_364,
        "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can be detained in custody in Local Authority (LA) accommodation."
    ),
    rule!("365", r_365, "Any individual short- term respite placement must not exceed 17 days."),
    rule!("366", r_366, "A child cannot change placement during the course of an individual short-term respite break."),
    rule!("367", r_367, "The maximum amount of respite care allowable is 75 days in any 12-month period."),
    rule!("371", r_371, "Child in supported accomodation not subject to children’s homes regulations should be at least 16."),
    rule!("372", r_372, "Child in youth custody or prison should be at least 10."),
    rule!("373", r_373, "Child placed in a school should be at least 4 years old."),
    rule!("374", r_374, "Child in residential employment should be at least 14 years old."),
    rule!("385", r_385, "Date episode ceased must be on or before the end of the current collection year."),
    rule!("386", r_386, "Reason episode ceased is adopted but child has reached age 18."),
    rule!("387", r_387, "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14."),
    rule!("388", r_388, "Reason episode ceased is coded new episode begins, but there is no continuation episode."),
    rule!(
        "389",
        r_389,
        "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16."
    ),
    rule!("407", r_407, "Reason episode ceased is Special Guardianship Order, but child has reached age 18."),
    rule!("426", r_426, "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year."),
    rule!("431", r_431, "The reason for new episode is started to be looked after, but the previous episode ended on the same day."),
    rule!(
        "432",
        r_432,
        "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after."
    ),
    rule!(
        "433",
        r_433,
        "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished."
    ),
    rule!(
        "434",
        r_434,
        "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data."
    ),
    rule!(
        "435",
        r_435,
        "Reason for new episode is that child’s placement has changed but not the legal status, but this is not reflected in the episode data recorded."
    ),
    rule!(
        "436",
        r_436,
        "Reason for new episode is that both child’s placement and legal status have changed, but this is not reflected in the episode data."
    ),
    rule!("437", r_437, "Reason episode ceased is child has died or is aged 18 or over but there are further episodes."),
    rule!("446", r_446, "E1 is not a valid code for episodes starting before December 2005."),
    rule!("460", r_460, "Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18."),
    rule!("501", r_501, "A new episode has started before the end date of the previous episode."),
    rule!("504", r_504, "The category of need code differs from that reported at start of current period of being looked after"),
];

pub(super) const RNE: &[&str] = &["S", "P", "L", "T", "U", "B"];
pub(super) const LS: &[&str] = &["C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3"];
pub(super) const CIN: &[&str] = &["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"];
/// The 2025-26 placement types (K3 and Z11-Z14 new; H5, P2 and Z1 gone).
pub(super) const PLACE: &[&str] = &[
    "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3",
    "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14",
];
pub(super) const REC: &[&str] = &[
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16",
    "E17", "X1",
];
pub(super) const PLACE_PROVIDER: &[&str] = &["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"];
pub(super) const REASON_PLACE_CHANGE: &[&str] =
    &["CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"];

fn each(t: &Ssda903) -> impl Iterator<Item = (usize, &EpisodeRow)> {
    t.episodes.iter().enumerate()
}

/// A code column that must hold one of its codes (blank included).
fn coded(t: &Ssda903, f: &mut Findings<'_>, field: &str, value: fn(&EpisodeRow) -> &Option<String>, codes: &[&str]) {
    for (i, e) in each(t) {
        if !is_one_of(value(e), codes) {
            f.row(&e.child, "Episodes", i, field);
        }
    }
}

fn r_143(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    coded(t, f, "RNE", |e| &e.rne, RNE);
}

fn r_144(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    coded(t, f, "LS", |e| &e.ls, LS);
}

fn r_145(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    coded(t, f, "CIN", |e| &e.cin, CIN);
}

fn r_146(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    coded(t, f, "PLACE", |e| &e.place, PLACE);
}

/// A blank reason for an open episode is right; only a wrong code fails.
fn r_149(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if invalid(&e.rec, REC) {
            f.row(&e.child, "Episodes", i, "REC");
        }
    }
}

fn r_178(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if invalid(&e.place_provider, PLACE_PROVIDER) {
            f.row(&e.child, "Episodes", i, "PLACE_PROVIDER");
        }
    }
}

fn r_1009(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if invalid(&e.reason_place_change, REASON_PLACE_CHANGE) {
            f.row(&e.child, "Episodes", i, "REASON_PLACE_CHANGE");
        }
    }
}

/// Every episode but a child's latest must have ended.
fn r_142(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (child, list) in episodes_by_child(&t.episodes) {
        let dated: Vec<_> = list.iter().filter(|(_, e)| e.decom.is_some()).collect();
        for (i, e) in dated.iter().rev().skip(1) {
            if e.dec.is_none() || blank(&e.rec) {
                f.row(child, "Episodes", *i, "DEC");
            }
        }
    }
}

fn r_148(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if e.dec.is_some() == blank(&e.rec) {
            f.row(&e.child, "Episodes", i, "DEC");
        }
    }
}

fn r_353(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let Some(earliest) = NaiveDate::from_ymd_opt(1991, 10, 14) else { return };
    for (i, e) in each(t) {
        if e.decom.is_some_and(|d| d < earliest) {
            f.row(&e.child, "Episodes", i, "DECOM");
        }
    }
}

fn r_354(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if e.decom.is_some_and(|d| d > c.end()) {
            f.row(&e.child, "Episodes", i, "DECOM");
        }
    }
}

fn r_355(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if e.decom.is_some() && e.decom == e.dec {
            f.row(&e.child, "Episodes", i, "DEC");
        }
    }
}

fn r_356(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if let (Some(start), Some(end)) = (e.decom, e.dec)
            && end < start
        {
            f.row(&e.child, "Episodes", i, "DEC");
        }
    }
}

/// A child's first episode, when it starts in the year, starts a period of care.
fn r_357(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (child, list) in episodes_by_child(&t.episodes) {
        if let Some((i, first)) = list.first()
            && first.decom.is_some_and(|d| d >= c.start())
            && !is_one_of(&first.rne, &["S"])
        {
            f.row(child, "Episodes", *i, "RNE");
        }
    }
}

fn r_385(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if e.dec.is_some_and(|d| d > c.end()) {
            f.row(&e.child, "Episodes", i, "DEC");
        }
    }
}

/// Each episode with the one before it for the same child.
fn with_previous(t: &Ssda903) -> Vec<(usize, &EpisodeRow, &EpisodeRow)> {
    let mut pairs = Vec::new();
    for list in episodes_by_child(&t.episodes).into_values() {
        for w in list.windows(2) {
            pairs.push((w[1].0, w[1].1, w[0].1));
        }
    }
    pairs
}

/// X1 means "a new episode follows the same day"; any other reason ends care.
fn r_388(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (child, list) in episodes_by_child(&t.episodes) {
        for (n, (i, e)) in list.iter().enumerate() {
            let Some(dec) = e.dec else { continue };
            let wrong = match list.get(n + 1).and_then(|(_, next)| next.decom) {
                Some(next) if is_one_of(&e.rec, &["X1"]) => dec != next,
                Some(next) => !blank(&e.rec) && dec == next,
                None if n + 1 == list.len() => is_one_of(&e.rec, &["X1"]),
                None => false,
            };
            if wrong {
                f.row(child, "Episodes", *i, "REC");
            }
        }
    }
}

fn r_431(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, prev) in with_previous(t) {
        if is_one_of(&e.rne, &["S"])
            && let (Some(start), Some(prev_end)) = (e.decom, prev.dec)
            && start <= prev_end
        {
            f.row(&e.child, "Episodes", i, "RNE");
        }
    }
}

fn r_432(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, prev) in with_previous(t) {
        if is_one_of(&prev.rec, REC) && !is_one_of(&prev.rec, &["X1"]) && !is_one_of(&e.rne, &["S"]) {
            f.row(&e.child, "Episodes", i, "RNE");
        }
    }
}

fn r_433(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, prev) in with_previous(t) {
        if is_one_of(&e.rne, &["P", "L", "T", "U", "B"]) && (e.decom.is_none() || prev.dec != e.decom) {
            f.row(&e.child, "Episodes", i, "DECOM");
        }
    }
}

fn same_text(a: &Option<String>, b: &Option<String>) -> bool {
    code(a).map(str::to_ascii_uppercase) == code(b).map(str::to_ascii_uppercase)
}

/// Whether the placement (type, postcode, URN, provider) stayed the same.
fn same_placement(a: &EpisodeRow, b: &EpisodeRow) -> bool {
    same_text(&a.place, &b.place)
        && same_text(&a.pl_post, &b.pl_post)
        && same_text(&a.urn, &b.urn)
        && same_text(&a.place_provider, &b.place_provider)
}

fn r_434(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, prev) in with_previous(t) {
        if is_one_of(&e.rne, &["L"]) && (same_text(&e.ls, &prev.ls) || !same_placement(e, prev)) {
            f.row(&e.child, "Episodes", i, "RNE");
        }
    }
}

fn r_435(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, prev) in with_previous(t) {
        if is_one_of(&e.rne, &["P", "T"]) && (!same_text(&e.ls, &prev.ls) || same_placement(e, prev)) {
            f.row(&e.child, "Episodes", i, "RNE");
        }
    }
}

fn r_436(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, prev) in with_previous(t) {
        if is_one_of(&e.rne, &["U", "B"]) && (same_text(&e.ls, &prev.ls) || same_placement(e, prev)) {
            f.row(&e.child, "Episodes", i, "RNE");
        }
    }
}

fn r_437(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (child, list) in episodes_by_child(&t.episodes) {
        let dated: Vec<_> = list.iter().filter(|(_, e)| e.decom.is_some()).collect();
        for (i, e) in dated.iter().rev().skip(1) {
            if is_one_of(&e.rec, &["E2", "E15"]) {
                f.row(child, "Episodes", *i, "REC");
            }
        }
    }
}

fn r_446(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let Some(introduced) = NaiveDate::from_ymd_opt(2005, 12, 1) else { return };
    for (i, e) in each(t) {
        if is_one_of(&e.ls, &["E1"]) && e.decom.is_some_and(|d| d < introduced) {
            f.row(&e.child, "Episodes", i, "LS");
        }
    }
}

fn r_501(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, prev) in with_previous(t) {
        if let (Some(start), Some(prev_end)) = (e.decom, prev.dec)
            && start < prev_end
        {
            f.row(&e.child, "Episodes", i, "DECOM");
        }
    }
}

/// The category of need is set when care starts and carries through.
fn r_504(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, prev) in with_previous(t) {
        if is_one_of(&prev.rec, &["X1"]) && prev.dec.is_some() && prev.dec == e.decom && !same_text(&e.cin, &prev.cin) {
            f.row(&e.child, "Episodes", i, "CIN");
        }
    }
}

fn r_426(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let v3: HashSet<&str> = t.episodes.iter().filter(|e| is_one_of(&e.ls, &["V3"])).map(|e| e.child.as_str()).collect();
    let v4: HashSet<&str> = t.episodes.iter().filter(|e| is_one_of(&e.ls, &["V4"])).map(|e| e.child.as_str()).collect();
    for (i, e) in each(t) {
        if is_one_of(&e.ls, &["V3", "V4"]) && v3.contains(e.child.as_str()) && v4.contains(e.child.as_str()) {
            f.row(&e.child, "Episodes", i, "LS");
        }
    }
}

/// Runs of back-to-back episodes under one legal status, each with its
/// length in days (an open episode counted to the year's end); every row
/// of a run longer than `max_days` fails.
fn legal_status_limit(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>, ls: &str, max_days: i64) {
    for (child, list) in episodes_by_child(&t.episodes) {
        let mut run: Vec<usize> = Vec::new();
        let mut run_start: Option<NaiveDate> = None;
        let mut run_end: Option<NaiveDate> = None;
        let flush = |run: &mut Vec<usize>, start: Option<NaiveDate>, end: Option<NaiveDate>, f: &mut Findings<'_>| {
            if let (Some(s), Some(e)) = (start, end)
                && (e - s).num_days() > max_days
            {
                for i in run.iter() {
                    f.row(child, "Episodes", *i, "LS");
                }
            }
            run.clear();
        };
        for (i, e) in list.iter().filter(|(_, e)| is_one_of(&e.ls, &[ls]) && e.decom.is_some()) {
            let end = e.dec.unwrap_or(c.end());
            let continues = run_end.is_some() && run_end == e.decom;
            if !continues {
                flush(&mut run, run_start, run_end, f);
                run_start = e.decom;
            }
            run.push(*i);
            run_end = Some(end);
        }
        flush(&mut run, run_start, run_end, f);
    }
}

fn r_361(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    legal_status_limit(t, c, f, "L1", 3);
}

fn r_362(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    legal_status_limit(t, c, f, "L2", 21);
}

fn r_363(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    legal_status_limit(t, c, f, "L3", 7);
}

fn r_364(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    legal_status_limit(t, c, f, "J2", 21);
}

fn r_365(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if is_one_of(&e.ls, &["V3"])
            && let Some(start) = e.decom
            && e.dec.unwrap_or(c.end()) > start + Days::new(17)
        {
            f.row(&e.child, "Episodes", i, "DEC");
        }
    }
}

fn r_366(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in each(t) {
        if is_one_of(&e.ls, &["V3"]) && !is_one_of(&e.rne, &["S"]) {
            f.row(&e.child, "Episodes", i, "RNE");
        }
    }
}

/// Respite days in the collection year, added up per child.
fn r_367(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (child, list) in episodes_by_child(&t.episodes) {
        let respite: Vec<(usize, i64)> = list
            .iter()
            .filter(|(_, e)| is_one_of(&e.ls, &["V3"]))
            .filter_map(|(i, e)| {
                let start = e.decom?.max(c.start());
                let end = e.dec.map_or(c.end(), |d| d.min(c.end()));
                let days = (end - start).num_days();
                (days > 0).then_some((*i, days))
            })
            .collect();
        if respite.iter().map(|(_, d)| d).sum::<i64>() > 75 {
            for (i, _) in respite {
                f.row(child, "Episodes", i, "LS");
            }
        }
    }
}

/// Episodes with the child's date of birth from the header.
fn with_dob(t: &Ssda903) -> Vec<(usize, &EpisodeRow, NaiveDate)> {
    let heads = headers(t);
    each(t).filter_map(|(i, e)| heads.get(e.child.as_str()).and_then(|h| h.dob).map(|dob| (i, e, dob))).collect()
}

fn r_358(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, dob) in with_dob(t) {
        if is_one_of(&e.ls, &["J1", "J2", "J3"]) && e.decom.is_some_and(|d| d <= birthday(dob, 10)) {
            f.row(&e.child, "Episodes", i, "LS");
        }
    }
}

/// Past 18 a young person can only stay looked after under section 20(5)
/// in a community home (V2 in K2).
fn r_359(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, dob) in with_dob(t) {
        if birthday(dob, 18) < c.end() && e.dec.is_none() && !(is_one_of(&e.ls, &["V2"]) && is_one_of(&e.place, &["K2"])) {
            f.row(&e.child, "Episodes", i, "LS");
        }
    }
}

/// An episode ending with one of the reasons before (or from) an age.
fn ended_at_age(t: &Ssda903, f: &mut Findings<'_>, reasons: &[&str], years: u32, fails_if_older: bool) {
    for (i, e, dob) in with_dob(t) {
        if is_one_of(&e.rec, reasons)
            && let Some(dec) = e.dec
        {
            let older = dec >= birthday(dob, years);
            if older == fails_if_older {
                f.row(&e.child, "Episodes", i, "REC");
            }
        }
    }
}

fn r_386(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    ended_at_age(t, f, &["E11", "E12"], 18, true);
}

fn r_387(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    ended_at_age(t, f, &["E5", "E6"], 14, false);
}

fn r_389(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    ended_at_age(t, f, &["E7"], 16, false);
}

fn r_460(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    ended_at_age(t, f, &["E17"], 18, false);
}

/// A special guardianship order ends care before 18 (on the birthday is allowed).
fn r_407(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, dob) in with_dob(t) {
        if is_one_of(&e.rec, &["E45", "E46", "E47", "E48"]) && e.dec.is_some_and(|d| d > birthday(dob, 18)) {
            f.row(&e.child, "Episodes", i, "REC");
        }
    }
}

fn r_234(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e, dob) in with_dob(t) {
        if is_one_of(&e.reason_place_change, &["CUSTOD"]) && e.decom.is_some_and(|d| d < birthday(dob, 10)) {
            f.row(&e.child, "Episodes", i, "REASON_PLACE_CHANGE");
        }
    }
}

/// A placement type the child is too young for when it starts.
fn placed_under_age(t: &Ssda903, f: &mut Findings<'_>, place: &str, years: u32) {
    for (i, e, dob) in with_dob(t) {
        if is_one_of(&e.place, &[place]) && e.decom.is_some_and(|d| d < birthday(dob, years)) {
            f.row(&e.child, "Episodes", i, "PLACE");
        }
    }
}

fn r_371(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    placed_under_age(t, f, "K3", 16);
}

fn r_372(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    placed_under_age(t, f, "R5", 10);
}

fn r_373(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    placed_under_age(t, f, "S1", 4);
}

fn r_374(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    placed_under_age(t, f, "P3", 14);
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    fn eps(episodes: Vec<EpisodeRow>) -> Ssda903 {
        Ssda903 { episodes, ..Default::default() }
    }

    fn with_headers(headers: Vec<HeaderRow>, episodes: Vec<EpisodeRow>) -> Ssda903 {
        Ssda903 { header: headers, episodes, ..Default::default() }
    }

    #[test]
    fn code_sets() {
        let mut bad = episode("B", "01/05/2025", "");
        bad.rne = s("X");
        bad.ls = s("C3");
        bad.cin = s("N9");
        bad.place = s("H5");
        bad.rec = s("E99");
        bad.place_provider = s("PR9");
        bad.reason_place_change = s("MOVE");
        let mut good = episode("A", "01/05/2025", "01/06/2025");
        good.place = s("Z11");
        good.reason_place_change = s("CARPL");
        let t = eps(vec![good, bad]);
        for (code, field) in [
            ("143", "RNE"),
            ("144", "LS"),
            ("145", "CIN"),
            ("146", "PLACE"),
            ("149", "REC"),
            ("178", "PLACE_PROVIDER"),
            ("1009", "REASON_PLACE_CHANGE"),
        ] {
            assert_eq!(check(code, &t), at(&[("B", &format!("Episodes row 2, {field}"))]), "{code}");
        }
    }

    #[test]
    fn r142_earlier_episodes_must_end() {
        let mut open = episode("A", "01/05/2025", "");
        open.rec = None;
        let t = eps(vec![open, episode("A", "01/06/2025", ""), episode("B", "01/05/2025", "01/06/2025"), episode("B", "01/06/2025", "")]);
        assert_eq!(check("142", &t), at(&[("A", "Episodes row 1, DEC")]));
    }

    #[test]
    fn r148_dec_and_rec_together() {
        let mut no_rec = episode("A", "01/05/2025", "01/06/2025");
        no_rec.rec = None;
        let mut no_dec = episode("B", "01/05/2025", "");
        no_dec.rec = s("E11");
        let t = eps(vec![no_rec, no_dec, episode("C", "01/05/2025", "01/06/2025"), episode("D", "01/05/2025", "")]);
        assert_eq!(check("148", &t), at(&[("A", "Episodes row 1, DEC"), ("B", "Episodes row 2, DEC")]));
    }

    #[test]
    fn episode_dates() {
        let t = eps(vec![
            episode("A", "13/10/1991", "14/10/1991"),
            episode("B", "01/04/2026", ""),
            episode("C", "01/05/2025", "01/05/2025"),
            episode("D", "02/05/2025", "01/05/2025"),
            episode("E", "01/03/2026", "01/04/2026"),
            episode("F", "14/10/1991", "31/03/2026"),
        ]);
        assert_eq!(check("353", &t), at(&[("A", "Episodes row 1, DECOM")]));
        assert_eq!(check("354", &t), at(&[("B", "Episodes row 2, DECOM")]));
        assert_eq!(check("355", &t), at(&[("C", "Episodes row 3, DEC")]));
        assert_eq!(check("356", &t), at(&[("D", "Episodes row 4, DEC")]));
        assert_eq!(check("385", &t), at(&[("E", "Episodes row 5, DEC")]));
    }

    #[test]
    fn r357_first_episode_starts_care() {
        let mut a = episode("A", "01/05/2025", "");
        a.rne = s("P");
        let mut b = episode("B", "01/05/2024", "");
        b.rne = s("P");
        let t = eps(vec![a, b, episode("C", "01/05/2025", "")]);
        assert_eq!(check("357", &t), at(&[("A", "Episodes row 1, RNE")]));
    }

    /// Two episodes of a child, the second starting `gap` after the first ends.
    fn pair(child: &str, rec: &str, rne: &str, second_start: &str) -> Vec<EpisodeRow> {
        let mut first = episode(child, "01/05/2025", "01/06/2025");
        first.rec = s(rec);
        let mut second = episode(child, second_start, "");
        second.rne = s(rne);
        second.place = s("U2");
        vec![first, second]
    }

    #[test]
    fn episode_sequence() {
        let mut all = pair("A", "X1", "P", "01/06/2025");
        all.extend(pair("B", "E11", "P", "01/06/2025"));
        all.extend(pair("C", "X1", "P", "02/06/2025"));
        all.extend(pair("D", "E11", "S", "01/06/2025"));
        all.extend(pair("E", "E11", "S", "31/05/2025"));
        let t = eps(all);
        assert_eq!(check("388", &t), at(&[("B", "Episodes row 3, REC"), ("C", "Episodes row 5, REC"), ("D", "Episodes row 7, REC")]));
        assert_eq!(check("431", &t), at(&[("D", "Episodes row 8, RNE"), ("E", "Episodes row 10, RNE")]));
        assert_eq!(check("432", &t), at(&[("B", "Episodes row 4, RNE")]));
        assert_eq!(check("433", &t), at(&[("C", "Episodes row 6, DECOM")]));
        assert_eq!(check("501", &t), at(&[("E", "Episodes row 10, DECOM")]));
    }

    #[test]
    fn r388_last_episode_cannot_end_x1() {
        let mut last = episode("A", "01/05/2025", "01/06/2025");
        last.rec = s("X1");
        assert_eq!(check("388", &eps(vec![last, episode("B", "01/05/2025", "01/06/2025")])), at(&[("A", "Episodes row 1, REC")]));
    }

    #[test]
    fn reasons_for_new_episode_match_changes() {
        // A: L but placement changed; B: L with legal status changed (fine).
        let mut a = pair("A", "X1", "L", "01/06/2025");
        a[1].ls = s("C1");
        let mut b = pair("B", "X1", "L", "01/06/2025");
        b[1].ls = s("C1");
        b[1].place = s("U1");
        // C: P but legal status changed; D: P with only placement changed (fine).
        let mut c = pair("C", "X1", "P", "01/06/2025");
        c[1].ls = s("C1");
        let d = pair("D", "X1", "P", "01/06/2025");
        // E: U with nothing changed but placement same; F: B with both changed (fine).
        let mut e = pair("E", "X1", "U", "01/06/2025");
        e[1].ls = s("C1");
        e[1].place = s("U1");
        let mut g = pair("F", "X1", "B", "01/06/2025");
        g[1].ls = s("C1");
        let t = eps([a, b, c, d, e, g].concat());
        assert_eq!(check("434", &t), at(&[("A", "Episodes row 2, RNE")]));
        assert_eq!(check("435", &t), at(&[("C", "Episodes row 6, RNE")]));
        assert_eq!(check("436", &t), at(&[("E", "Episodes row 10, RNE")]));
    }

    #[test]
    fn r437_no_episodes_after_death_or_18() {
        let mut a = pair("A", "E2", "S", "01/07/2025");
        a[0].rec = s("E2");
        let b = pair("B", "E11", "S", "01/07/2025");
        assert_eq!(check("437", &eps([a, b].concat())), at(&[("A", "Episodes row 1, REC")]));
    }

    #[test]
    fn r446_e1_from_december_2005() {
        let mut a = episode("A", "30/11/2005", "01/12/2005");
        a.ls = s("E1");
        let mut b = episode("B", "01/12/2005", "");
        b.ls = s("E1");
        assert_eq!(check("446", &eps(vec![a, b])), at(&[("A", "Episodes row 1, LS")]));
    }

    #[test]
    fn r504_category_of_need_carries_through() {
        let mut a = pair("A", "X1", "P", "01/06/2025");
        a[1].cin = s("N2");
        let b = pair("B", "X1", "P", "01/06/2025");
        assert_eq!(check("504", &eps([a, b].concat())), at(&[("A", "Episodes row 2, CIN")]));
    }

    #[test]
    fn r426_respite_under_one_status() {
        let mut a1 = episode("A", "01/05/2025", "02/05/2025");
        a1.ls = s("V3");
        let mut a2 = episode("A", "01/06/2025", "02/06/2025");
        a2.ls = s("V4");
        let mut b = episode("B", "01/05/2025", "02/05/2025");
        b.ls = s("V3");
        assert_eq!(check("426", &eps(vec![a1, a2, b])), at(&[("A", "Episodes row 1, LS"), ("A", "Episodes row 2, LS")]));
    }

    #[test]
    fn short_legal_statuses_have_limits() {
        let with_ls = |child: &str, ls: &str, start: &str, end: &str| {
            let mut e = episode(child, start, end);
            e.ls = s(ls);
            e
        };
        let mut a2 = with_ls("A", "L1", "02/05/2025", "05/05/2025");
        a2.rne = s("P");
        let t = eps(vec![
            with_ls("A", "L1", "01/05/2025", "02/05/2025"),
            a2,
            with_ls("B", "L1", "01/05/2025", "04/05/2025"),
            with_ls("C", "L2", "01/05/2025", "23/05/2025"),
            with_ls("D", "L2", "01/05/2025", "22/05/2025"),
            with_ls("E", "L3", "01/05/2025", "09/05/2025"),
            with_ls("F", "L3", "01/05/2025", "08/05/2025"),
            with_ls("G", "J2", "01/03/2026", ""),
            with_ls("H", "J2", "10/03/2026", ""),
        ]);
        assert_eq!(check("361", &t), at(&[("A", "Episodes row 1, LS"), ("A", "Episodes row 2, LS")]));
        assert_eq!(check("362", &t), at(&[("C", "Episodes row 4, LS")]));
        assert_eq!(check("363", &t), at(&[("E", "Episodes row 6, LS")]));
        assert_eq!(check("364", &t), at(&[("G", "Episodes row 8, LS")]));
    }

    #[test]
    fn respite_rules() {
        let respite = |child: &str, start: &str, end: &str| {
            let mut e = episode(child, start, end);
            e.ls = s("V3");
            e
        };
        let mut moved = respite("C", "01/05/2025", "02/05/2025");
        moved.rne = s("P");
        let mut long_year: Vec<EpisodeRow> =
            (0..5).map(|m| respite("D", &format!("01/{:02}/2025", m + 5), &format!("17/{:02}/2025", m + 5))).collect();
        long_year.push(respite("E", "01/05/2025", "18/05/2025"));
        let mut rows = vec![respite("A", "01/05/2025", "19/05/2025"), respite("B", "01/05/2025", "18/05/2025"), moved];
        rows.extend(long_year);
        let t = eps(rows);
        assert_eq!(check("365", &t), at(&[("A", "Episodes row 1, DEC")]));
        assert_eq!(check("366", &t), at(&[("C", "Episodes row 3, RNE")]));
        assert_eq!(
            check("367", &t),
            at(&[
                ("D", "Episodes row 4, LS"),
                ("D", "Episodes row 5, LS"),
                ("D", "Episodes row 6, LS"),
                ("D", "Episodes row 7, LS"),
                ("D", "Episodes row 8, LS")
            ])
        );
    }

    #[test]
    fn ages_for_legal_status_and_endings() {
        let heads = vec![header("A", "01/05/2015"), header("B", "01/05/2007"), header("C", "01/06/2012"), header("D", "01/06/2010")];
        let mut youth = episode("A", "01/05/2025", "");
        youth.ls = s("J1");
        let mut adopted_adult = episode("B", "01/04/2025", "01/05/2025");
        adopted_adult.rec = s("E11");
        let mut independent = episode("C", "01/04/2025", "31/05/2025");
        independent.rec = s("E5");
        let mut adult_services = episode("C", "01/04/2024", "31/05/2025");
        adult_services.rec = s("E7");
        let mut stayed_put = episode("D", "01/04/2025", "01/05/2025");
        stayed_put.rec = s("E17");
        let mut sgo = episode("B", "01/04/2025", "02/05/2025");
        sgo.rec = s("E45");
        let mut custody = episode("C", "01/05/2021", "02/05/2021");
        custody.reason_place_change = s("CUSTOD");
        let t = with_headers(heads, vec![youth, adopted_adult, independent, adult_services, stayed_put, sgo, custody]);
        assert_eq!(check("358", &t), at(&[("A", "Episodes row 1, LS")]));
        assert_eq!(check("386", &t), at(&[("B", "Episodes row 2, REC")]));
        assert_eq!(check("387", &t), at(&[("C", "Episodes row 3, REC")]));
        assert_eq!(check("389", &t), at(&[("C", "Episodes row 4, REC")]));
        assert_eq!(check("460", &t), at(&[("D", "Episodes row 5, REC")]));
        assert_eq!(check("407", &t), at(&[("B", "Episodes row 6, REC")]));
        assert_eq!(check("234", &t), at(&[("C", "Episodes row 7, REASON_PLACE_CHANGE")]));
    }

    #[test]
    fn r359_over_18_only_in_community_home() {
        let mut ok = episode("B", "01/04/2025", "");
        ok.ls = s("V2");
        ok.place = s("K2");
        let t = with_headers(
            vec![header("A", "01/05/2007"), header("B", "01/05/2007"), header("C", "01/05/2008")],
            vec![episode("A", "01/04/2025", ""), ok, episode("C", "01/04/2025", "")],
        );
        assert_eq!(check("359", &t), at(&[("A", "Episodes row 1, LS")]));
    }

    #[test]
    fn placements_by_age() {
        let placed = |child: &str, place: &str| {
            let mut e = episode(child, "01/05/2025", "");
            e.place = s(place);
            e
        };
        let t = with_headers(
            vec![header("A", "02/05/2009"), header("B", "01/05/2009"), header("C", "02/05/2021"), header("D", "02/05/2015")],
            vec![placed("A", "K3"), placed("B", "K3"), placed("C", "S1"), placed("D", "R5"), placed("D", "P3"), placed("A", "P3")],
        );
        assert_eq!(check("371", &t), at(&[("A", "Episodes row 1, PLACE")]));
        assert_eq!(check("373", &t), at(&[("C", "Episodes row 3, PLACE")]));
        assert_eq!(check("372", &t), at(&[("D", "Episodes row 4, PLACE")]));
        assert_eq!(check("374", &t), at(&[("D", "Episodes row 5, PLACE")]));
    }
}
