//! Adoption rules: the AD1 codes for the adopters, which must agree with
//! each other, the decisions to place (or no longer place) a child for
//! adoption, and how both fit the child's episodes: placed for adoption
//! (A3-A6), under a placement order (E1), adopted (E11, E12), and last
//! year's decisions.

use super::{ByChild, Context, Findings, Rule, blank, episodes_by_child, headers, invalid, is_one_of, rule, rule_last_year};
use crate::ssda903::model::{Ad1Row, EpisodeRow, PlacedAdoptionRow, Ssda903};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

pub(super) const RULES: &[Rule] = &[
    rule!("114", r_114, "Data entry to record the status of former carer(s) of an adopted child is invalid."),
    rule!(
        "119",
        r_119,
        "If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed."
    ),
    rule!("120", r_120, "The reason for the reversal of the decision that the child should be placed for adoption code is not valid."),
    rule!("175", r_175, "The number of adopter(s) code is not a valid code."),
    rule!("176", r_176, "The gender of adopter(s) at the date of adoption code is not a valid code."),
    rule!("177", r_177, "The legal status of adopter(s) code is not a valid code."),
    rule!("333", r_333, "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s)."),
    rule!(
        "511",
        r_511,
        "If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female."
    ),
    rule!(
        "514",
        r_514,
        "Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple."
    ),
    rule!(
        "517",
        r_517,
        "If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female."
    ),
    rule!(
        "518",
        r_518,
        "If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females."
    ),
    rule!(
        "519",
        r_519,
        "Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple."
    ),
    rule!(
        "520",
        r_520,
        "Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple."
    ),
    rule!(
        "522",
        r_522,
        "Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption."
    ),
    rule!(
        "524",
        r_524,
        "If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females"
    ),
    rule!(
        "563",
        r_563,
        "The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank"
    ),
    rule!(
        "117",
        r_117,
        "Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after."
    ),
    rule!(
        "118",
        r_118,
        "Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after."
    ),
    rule!("151", r_151, "All data items relating to a childs adoption must be coded or left blank."),
    rule!("184", r_184, "Date of decision that a child should be placed for adoption is before the child was born."),
    rule!(
        "1003",
        r_1003,
        "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after."
    ),
    rule!("331", r_331, "Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption."),
    rule!(
        "334",
        r_334,
        "Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption."
    ),
    rule!(
        "335",
        r_335,
        "The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6."
    ),
    rule!("336", r_336, "Child does not have a foster placement immediately prior to being placed for adoption."),
    rule!("390", r_390, "Reason episode ceased is adopted but child has not been previously placed for adoption."),
    rule!("408", r_408, "Child is placed for adoption with a placement order, but no placement order has been recorded."),
    rule!(
        "521",
        r_521,
        "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption."
    ),
    rule!(
        "523",
        r_523,
        "Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed)."
    ),
    rule!("525", r_525, "A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year."),
    rule!(
        "551",
        r_551,
        "Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption."
    ),
    rule!(
        "552",
        r_552,
        "Date of Decision to place a child for adoption should be on or prior to the date that the child was placed for adoption."
    ),
    rule!("553", r_553, "Placement order has been granted but there is no date of decision that the child should be placed for adoption."),
    rule!(
        "554",
        r_554,
        "Date of decision that the child should be placed for adoption should be on or prior to the date that the placement order was granted. [NOTE: This rule may result in false positives or false negatives if relevant episodes are in previous years; please check carefully!]"
    ),
    rule!(
        "557",
        r_557,
        "Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed."
    ),
    rule!(
        "558",
        r_558,
        "If a child has been adopted, then the decision to place them for adoption has not been disrupted and the date of the decision that a child should no longer be placed for adoption should be left blank."
    ),
    rule_last_year!(
        "559",
        r_559,
        "Date of decision that a child should be placed for adoption was not in the current year but the date of the decision that the child should be placed for adoption was not completed in a previous return."
    ),
    rule_last_year!(
        "560",
        r_560,
        "Date of decision that the child should be placed for adoption this year is different from that recorded last year but the decision to place the child for adoption did not change."
    ),
    rule_last_year!(
        "561",
        r_561,
        "Date of the decision that the child should be placed for adoption this year is the same as that recorded last year but records show that the decision changed, and the child should no longer be placed for adoption last year."
    ),
    rule!(
        "579",
        r_579,
        "A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions."
    ),
    rule!(
        "582",
        r_582,
        "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the same as the date reported for being matched with adopters. In most circumstances we expect the date the child is matched with adopters to be before the date of adoption."
    ),
    rule!(
        "583",
        r_583,
        "More than one date the child should be placed for adoption has been reported, but an earlier decision has not been revoked. Check that both dates are required and add in the date the earlier decision was revoked. Note this may be in a previous year."
    ),
    rule_last_year!(
        "584",
        r_584,
        "Date of decision that the child should be placed for adoption this year is different from that recorded last year, but the decision to placed the child for adoption changed and the child should no longer be placed for adoption."
    ),
    rule!(
        "601",
        r_601,
        "The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year."
    ),
    rule!("602", r_602, "The episode data submitted for this child does not show that he/she was adopted during the year."),
];

const SEX_ADOPTR: &[&str] = &["M1", "F1", "MM", "FF", "MF"];
const LS_ADOPTR: &[&str] = &["L0", "L11", "L12", "L2", "L3", "L4"];
const COUPLE: &[&str] = &["MM", "FF", "MF"];
const SAME_SEX: &[&str] = &["MM", "FF"];

fn each(t: &Ssda903) -> impl Iterator<Item = (usize, &Ad1Row)> {
    t.ad1.iter().enumerate()
}

fn r_114(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, a) in each(t) {
        if invalid(&a.foster_care, &["0", "1"]) {
            f.row(&a.child, "AD1", i, "FOSTER_CARE");
        }
    }
}

fn r_175(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, a) in each(t) {
        if invalid(&a.nb_adoptr, &["1", "2"]) {
            f.row(&a.child, "AD1", i, "NB_ADOPTR");
        }
    }
}

fn r_176(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, a) in each(t) {
        if invalid(&a.sex_adoptr, SEX_ADOPTR) {
            f.row(&a.child, "AD1", i, "SEX_ADOPTR");
        }
    }
}

fn r_177(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, a) in each(t) {
        if invalid(&a.ls_adoptr, LS_ADOPTR) {
            f.row(&a.child, "AD1", i, "LS_ADOPTR");
        }
    }
}

fn r_333(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, a) in each(t) {
        if let (Some(int), Some(matched)) = (a.date_int, a.date_match)
            && int > matched
        {
            f.row(&a.child, "AD1", i, "DATE_INT");
        }
    }
}

fn r_511(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, a) in each(t) {
        if is_one_of(&a.nb_adoptr, &["2"]) && is_one_of(&a.sex_adoptr, &["M1", "F1"]) {
            f.row(&a.child, "AD1", i, "SEX_ADOPTR");
        }
    }
}

/// A legal status of adopters needing particular adopters' sexes.
fn status_needs(t: &Ssda903, f: &mut Findings<'_>, status: &str, sexes: &[&str]) {
    for (i, a) in each(t) {
        if is_one_of(&a.ls_adoptr, &[status]) && !is_one_of(&a.sex_adoptr, sexes) {
            f.row(&a.child, "AD1", i, "SEX_ADOPTR");
        }
    }
}

fn r_514(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    status_needs(t, f, "L0", &["M1", "F1"]);
}

fn r_517(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    status_needs(t, f, "L3", &["MF"]);
}

fn r_518(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    status_needs(t, f, "L4", SAME_SEX);
}

fn r_519(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    status_needs(t, f, "L2", COUPLE);
}

fn r_520(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    status_needs(t, f, "L11", &["MF"]);
}

fn r_524(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    status_needs(t, f, "L12", SAME_SEX);
}

fn r_119(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p) in t.placed_adoption.iter().enumerate() {
        if p.date_placed_ceased.is_some() == blank(&p.reason_placed_ceased) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED_CEASED");
        }
    }
}

fn r_120(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p) in t.placed_adoption.iter().enumerate() {
        if invalid(&p.reason_placed_ceased, &["RD1", "RD2", "RD3", "RD4"]) {
            f.row(&p.child, "PlacedAdoption", i, "REASON_PLACED_CEASED");
        }
    }
}

fn r_522(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p) in t.placed_adoption.iter().enumerate() {
        if let (Some(placed), Some(ceased)) = (p.date_placed, p.date_placed_ceased)
            && placed > ceased
        {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

fn r_563(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p) in t.placed_adoption.iter().enumerate() {
        if p.date_placed.is_none() && p.date_placed_ceased.is_some() && !blank(&p.reason_placed_ceased) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

const PLACED_FOR_ADOPTION: &[&str] = &["A3", "A4", "A5", "A6"];
const ADOPTED: &[&str] = &["E11", "E12"];

/// The AD1 items and their column names.
fn ad1_items(a: &Ad1Row) -> [(bool, &'static str); 6] {
    [
        (a.date_int.is_some(), "DATE_INT"),
        (a.date_match.is_some(), "DATE_MATCH"),
        (!blank(&a.foster_care), "FOSTER_CARE"),
        (!blank(&a.nb_adoptr), "NB_ADOPTR"),
        (!blank(&a.sex_adoptr), "SEX_ADOPTR"),
        (!blank(&a.ls_adoptr), "LS_ADOPTR"),
    ]
}

fn first_blank_ad1_item(a: &Ad1Row) -> Option<&'static str> {
    ad1_items(a).into_iter().find(|(filled, _)| !filled).map(|(_, name)| name)
}

fn ad1_filled(a: &Ad1Row) -> bool {
    ad1_items(a).iter().any(|(filled, _)| *filled)
}

fn decisions(t: &Ssda903) -> impl Iterator<Item = (usize, &PlacedAdoptionRow)> {
    t.placed_adoption.iter().enumerate()
}

/// Each child's episodes passing `keep`, oldest first.
fn episodes_where(t: &Ssda903, keep: impl Fn(&EpisodeRow) -> bool) -> BTreeMap<&str, Vec<(usize, &EpisodeRow)>> {
    let mut by_child = episodes_by_child(&t.episodes);
    for list in by_child.values_mut() {
        list.retain(|(_, e)| e.decom.is_some() && keep(e));
    }
    by_child.retain(|_, list| !list.is_empty());
    by_child
}

/// The start of each child's first (or last) episode passing `keep`.
fn start_of(t: &Ssda903, first: bool, keep: impl Fn(&EpisodeRow) -> bool) -> BTreeMap<&str, NaiveDate> {
    episodes_where(t, keep)
        .into_iter()
        .filter_map(|(child, list)| {
            let pick = if first { list.first() } else { list.last() };
            pick.and_then(|(_, e)| e.decom).map(|d| (child, d))
        })
        .collect()
}

/// Decisions are made while the child is looked after and by 31 March.
fn r_117(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let latest: BTreeMap<&str, &EpisodeRow> = episodes_where(t, |e| !is_one_of(&e.rec, &["X1"]))
        .into_iter()
        .filter_map(|(child, list)| list.last().map(|(_, e)| (child, *e)))
        .collect();
    for (i, p) in decisions(t) {
        let Some(e) = latest.get(p.child.as_str()) else { continue };
        let late = |date: Option<NaiveDate>| date.is_some_and(|d| d > c.end() || e.dec.is_some_and(|dec| d > dec));
        if late(p.date_placed) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        } else if late(p.date_placed_ceased) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED_CEASED");
        }
    }
}

fn r_118(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let first = start_of(t, true, |e| !is_one_of(&e.ls, &["V3", "V4"]));
    for (i, p) in decisions(t) {
        let Some(start) = first.get(p.child.as_str()) else { continue };
        if p.date_placed_ceased.is_some_and(|d| d < *start || d < c.start()) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED_CEASED");
        }
    }
}

fn r_151(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, a) in each(t) {
        if ad1_filled(a)
            && let Some(field) = first_blank_ad1_item(a)
        {
            f.row(&a.child, "AD1", i, field);
        }
    }
}

fn r_184(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let heads = headers(t);
    for (i, p) in decisions(t) {
        if let (Some(placed), Some(dob)) = (p.date_placed, heads.get(p.child.as_str()).and_then(|h| h.dob))
            && placed < dob
        {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

fn r_1003(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let first = start_of(t, true, |e| is_one_of(&e.rne, &["S"]));
    for (i, p) in decisions(t) {
        if let (Some(placed), Some(start)) = (p.date_placed, first.get(p.child.as_str()))
            && placed < *start
        {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

/// AD1 rows of children with an episode passing `test` against the row.
fn ad1_against_episodes(t: &Ssda903, f: &mut Findings<'_>, field: &str, test: impl Fn(&Ad1Row, &EpisodeRow) -> bool) {
    let episodes = ByChild::new(&t.episodes);
    for (i, a) in each(t) {
        if episodes.of(&a.child).iter().any(|e| test(a, e)) {
            f.row(&a.child, "AD1", i, field);
        }
    }
}

fn r_331(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    ad1_against_episodes(t, f, "DATE_MATCH", |a, e| {
        is_one_of(&e.rec, ADOPTED) && matches!((a.date_match, e.decom), (Some(m), Some(start)) if m > start)
    });
}

fn r_334(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let latest = start_of(t, false, |e| is_one_of(&e.rne, &["S"]));
    for (i, a) in each(t) {
        if let (Some(int), Some(start)) = (a.date_int, latest.get(a.child.as_str()))
            && int < *start
        {
            f.row(&a.child, "AD1", i, "DATE_INT");
        }
    }
}

/// A3 and A5 are placements with the current foster carers; A4 and A6 are not.
fn r_335(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    ad1_against_episodes(t, f, "FOSTER_CARE", |a, e| {
        is_one_of(&e.rec, &["E1", "E11", "E12"])
            && ((is_one_of(&e.place, &["A2", "A3", "A5"]) && is_one_of(&a.foster_care, &["0"]))
                || (is_one_of(&e.place, &["A1", "A4", "A6"]) && is_one_of(&a.foster_care, &["1"])))
    });
}

fn r_336(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let before: &[&str] = &["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"];
    for (child, list) in episodes_where(t, |_| true) {
        for w in list.windows(2) {
            let ((_, prev), (i, e)) = (w[0], w[1]);
            if is_one_of(&e.place, &["A3", "A4"]) && !is_one_of(&prev.place, before) {
                f.row(child, "Episodes", i, "PLACE");
            }
        }
    }
}

fn r_390(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.rec, ADOPTED) && !is_one_of(&e.place, PLACED_FOR_ADOPTION) {
            f.row(&e.child, "Episodes", i, "REC");
        }
    }
}

/// A5 and A6 are placements under a placement order (legal status E1).
fn r_408(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.place, &["A5", "A6"]) && !is_one_of(&e.ls, &["E1"]) {
            f.row(&e.child, "Episodes", i, "LS");
        }
    }
}

fn r_521(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    ad1_against_episodes(t, f, "DATE_INT", |a, e| {
        is_one_of(&e.place, PLACED_FOR_ADOPTION) && matches!((a.date_int, e.decom), (Some(int), Some(start)) if int > start)
    });
}

fn r_523(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let ad1 = ByChild::new(&t.ad1);
    for (i, p) in decisions(t) {
        let Some(placed) = p.date_placed else { continue };
        if ad1.of(&p.child).iter().any(|a| a.date_int.is_some_and(|int| int != placed)) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

fn r_525(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let ad1 = ByChild::new(&t.ad1);
    for (i, p) in decisions(t) {
        if p.date_placed_ceased.is_some() && ad1.of(&p.child).iter().any(|a| ad1_filled(a)) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED_CEASED");
        }
    }
}

/// A placement for adoption needs every decision of the child dated.
fn r_551(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let decided = ByChild::new(&t.placed_adoption);
    for (i, e) in t.episodes.iter().enumerate() {
        let rows = decided.of(&e.child);
        let undated = rows.is_empty() || rows.iter().any(|p| p.date_placed.is_none());
        if is_one_of(&e.place, PLACED_FOR_ADOPTION) && undated {
            f.row(&e.child, "Episodes", i, "PLACE");
        }
    }
}

/// The latest decision comes no later than the first placement for adoption.
fn r_552(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let placed = start_of(t, true, |e| is_one_of(&e.place, PLACED_FOR_ADOPTION));
    let mut latest: BTreeMap<&str, (NaiveDate, usize)> = BTreeMap::new();
    for (i, p) in decisions(t) {
        if let Some(date) = p.date_placed {
            let slot = latest.entry(p.child.as_str()).or_insert((date, i));
            if date > slot.0 {
                *slot = (date, i);
            }
        }
    }
    for (child, (decided, i)) in latest {
        if placed.get(child).is_some_and(|start| *start < decided) {
            f.row(child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

/// A placement order needs a decision to place; while it lasts, the
/// decision cannot have been reversed.
fn r_553(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let decided: HashSet<&str> = t.placed_adoption.iter().map(|p| p.child.as_str()).collect();
    let open_order: HashSet<&str> =
        t.episodes.iter().filter(|e| is_one_of(&e.ls, &["E1"]) && e.dec.is_none()).map(|e| e.child.as_str()).collect();
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.ls, &["E1"]) && !decided.contains(e.child.as_str()) {
            f.row(&e.child, "Episodes", i, "LS");
        }
    }
    for (i, p) in decisions(t) {
        if open_order.contains(p.child.as_str()) && (p.date_placed_ceased.is_some() || !blank(&p.reason_placed_ceased)) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED_CEASED");
        }
    }
}

fn r_554(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let order = start_of(t, true, |e| is_one_of(&e.ls, &["E1"]));
    for (i, p) in decisions(t) {
        if let (Some(placed), Some(granted)) = (p.date_placed, order.get(p.child.as_str()))
            && placed > *granted
        {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

/// Leaving care other than by adoption while placed for adoption (or under
/// a placement order) needs the decision reversed, with date and reason.
fn r_557(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let incomplete = |p: &PlacedAdoptionRow| p.date_placed_ceased.is_none() || blank(&p.reason_placed_ceased);
    let mut children: HashSet<&str> = HashSet::new();
    let decided = ByChild::new(&t.placed_adoption);
    for (i, e) in t.episodes.iter().enumerate() {
        let in_adoption = is_one_of(&e.place, PLACED_FOR_ADOPTION) || is_one_of(&e.ls, &["E1"]);
        let left_not_adopted = !blank(&e.rec) && !is_one_of(&e.rec, ADOPTED) && !is_one_of(&e.rec, &["X1"]);
        let rows = decided.of(&e.child);
        let unreversed = rows.is_empty() || rows.iter().any(|p| incomplete(p));
        if in_adoption && left_not_adopted && unreversed {
            f.row(&e.child, "Episodes", i, "REC");
            children.insert(e.child.as_str());
        }
    }
    for (i, p) in decisions(t) {
        if children.contains(p.child.as_str()) && incomplete(p) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED_CEASED");
        }
    }
}

/// An adopted child's decisions cannot all have been reversed.
fn r_558(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let decided = ByChild::new(&t.placed_adoption);
    for (i, e) in t.episodes.iter().enumerate() {
        let rows = decided.of(&e.child);
        if is_one_of(&e.rec, ADOPTED) && !rows.is_empty() && rows.iter().all(|p| p.date_placed_ceased.is_some()) {
            f.row(&e.child, "Episodes", i, "REC");
        }
    }
}

/// Each child's decisions in order: a new one starts only after the one
/// before it was reversed.
fn r_579(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let mut by_child: BTreeMap<&str, Vec<(usize, &PlacedAdoptionRow)>> = BTreeMap::new();
    for (i, p) in decisions(t) {
        by_child.entry(p.child.as_str()).or_default().push((i, p));
    }
    for list in by_child.values_mut() {
        list.sort_by_key(|(i, p)| (p.date_placed.is_none(), p.date_placed, *i));
        for w in list.windows(2) {
            let ((_, prev), (i, p)) = (w[0], w[1]);
            let overlaps = match (prev.date_placed_ceased, p.date_placed) {
                (None, _) => true,
                (Some(ceased), Some(placed)) => placed < ceased,
                (Some(_), None) => false,
            };
            if overlaps {
                f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
            }
        }
    }
}

fn r_582(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let ad1 = ByChild::new(&t.ad1);
    for (i, e) in t.episodes.iter().enumerate() {
        if is_one_of(&e.rec, ADOPTED) && e.dec.is_some() && ad1.of(&e.child).iter().any(|a| a.date_match == e.dec) {
            f.row(&e.child, "Episodes", i, "DEC");
        }
    }
}

/// Every decision but the latest must have been reversed.
fn r_583(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let mut latest: BTreeMap<&str, (Option<NaiveDate>, usize)> = BTreeMap::new();
    for (i, p) in decisions(t) {
        let slot = latest.entry(p.child.as_str()).or_insert((p.date_placed, i));
        if p.date_placed > slot.0 {
            *slot = (p.date_placed, i);
        }
    }
    for (i, p) in decisions(t) {
        if latest.get(p.child.as_str()).is_some_and(|(_, keep)| *keep != i) && p.date_placed_ceased.is_none() {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED_CEASED");
        }
    }
}

fn adopted_in_year<'t>(t: &'t Ssda903, c: &Context<'_>) -> Vec<(usize, &'t EpisodeRow)> {
    t.episodes
        .iter()
        .enumerate()
        .filter(|(_, e)| is_one_of(&e.rec, ADOPTED) && e.dec.is_some_and(|d| d >= c.start() && d <= c.end()))
        .collect()
}

fn r_601(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let adopted: HashSet<&str> = adopted_in_year(t, c).into_iter().map(|(_, e)| e.child.as_str()).collect();
    for (i, a) in each(t) {
        if adopted.contains(a.child.as_str())
            && let Some(field) = first_blank_ad1_item(a)
        {
            f.row(&a.child, "AD1", i, field);
        }
    }
}

fn r_602(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let adopted: HashSet<&str> = adopted_in_year(t, c).into_iter().map(|(_, e)| e.child.as_str()).collect();
    for (i, a) in each(t) {
        if ad1_filled(a) && !adopted.contains(a.child.as_str()) {
            f.row(&a.child, "AD1", i, "CHILD");
        }
    }
}

/// This year's decisions, each with the child's decisions in last year's return.
fn with_last_year<'t>(t: &'t Ssda903, c: &Context<'t>) -> Vec<(usize, &'t PlacedAdoptionRow, Vec<&'t PlacedAdoptionRow>)> {
    let Some(last) = c.previous else { return Vec::new() };
    let last_year = ByChild::new(&last.placed_adoption);
    decisions(t).map(|(i, p)| (i, p, last_year.of(&p.child).to_vec())).collect()
}

/// A decision from before the year was in last year's return.
fn r_559(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p, last) in with_last_year(t, c) {
        if p.date_placed.is_some_and(|d| d < c.start()) && !last.iter().any(|l| l.date_placed.is_some()) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

fn r_560(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p, last) in with_last_year(t, c) {
        if last.iter().any(|l| l.date_placed.is_some() && l.date_placed_ceased.is_none() && l.date_placed != p.date_placed) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

fn r_561(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p, last) in with_last_year(t, c) {
        let reversed = |l: &&PlacedAdoptionRow| l.date_placed_ceased.is_some() || !blank(&l.reason_placed_ceased);
        if last.iter().any(|l| reversed(l) && l.date_placed.is_some() && l.date_placed == p.date_placed) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

/// After a decision reversed last year, a new one is dated after it.
fn r_584(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, p, last) in with_last_year(t, c) {
        let reversed = last.iter().filter(|l| l.date_placed_ceased.is_some() || !blank(&l.reason_placed_ceased));
        let mut reversed = reversed.peekable();
        if reversed.peek().is_none() {
            continue;
        }
        if p.date_placed.is_none() || reversed.any(|l| l.date_placed.is_some_and(|before| p.date_placed.is_some_and(|d| d <= before))) {
            f.row(&p.child, "PlacedAdoption", i, "DATE_PLACED");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    fn ad1(child: &str, nb: &str, sex: &str, ls: &str) -> Ad1Row {
        Ad1Row {
            child: child.into(),
            dob: d("01/01/2020"),
            date_int: d("01/05/2025"),
            date_match: d("01/06/2025"),
            foster_care: s("0"),
            nb_adoptr: s(nb),
            sex_adoptr: s(sex),
            ls_adoptr: s(ls),
        }
    }

    #[test]
    fn adopter_codes() {
        let mut foster = ad1("A", "3", "XX", "L9");
        foster.foster_care = s("2");
        foster.date_int = d("02/06/2025");
        let t = Ssda903 { ad1: vec![foster, ad1("B", "1", "M1", "L0")], ..Default::default() };
        assert_eq!(check("114", &t), at(&[("A", "AD1 row 1, FOSTER_CARE")]));
        assert_eq!(check("175", &t), at(&[("A", "AD1 row 1, NB_ADOPTR")]));
        assert_eq!(check("176", &t), at(&[("A", "AD1 row 1, SEX_ADOPTR")]));
        assert_eq!(check("177", &t), at(&[("A", "AD1 row 1, LS_ADOPTR")]));
        assert_eq!(check("333", &t), at(&[("A", "AD1 row 1, DATE_INT")]));
    }

    #[test]
    fn adopters_sexes_fit_their_legal_status() {
        let t = Ssda903 {
            ad1: vec![
                ad1("A", "2", "M1", "L0"),
                ad1("B", "2", "MF", "L3"),
                ad1("C", "2", "MM", "L3"),
                ad1("D", "2", "MF", "L4"),
                ad1("E", "2", "FF", "L4"),
                ad1("F", "1", "F1", "L2"),
                ad1("G", "2", "FF", "L11"),
                ad1("H", "2", "MF", "L12"),
            ],
            ..Default::default()
        };
        assert_eq!(check("511", &t), at(&[("A", "AD1 row 1, SEX_ADOPTR")]));
        assert_eq!(check("517", &t), at(&[("C", "AD1 row 3, SEX_ADOPTR")]));
        assert_eq!(check("518", &t), at(&[("D", "AD1 row 4, SEX_ADOPTR")]));
        assert_eq!(check("519", &t), at(&[("F", "AD1 row 6, SEX_ADOPTR")]));
        assert_eq!(check("520", &t), at(&[("G", "AD1 row 7, SEX_ADOPTR")]));
        assert_eq!(check("524", &t), at(&[("H", "AD1 row 8, SEX_ADOPTR")]));
    }

    #[test]
    fn r514_single_adopter() {
        let t = Ssda903 { ad1: vec![ad1("A", "1", "MF", "L0"), ad1("B", "1", "F1", "L0")], ..Default::default() };
        assert_eq!(check("514", &t), at(&[("A", "AD1 row 1, SEX_ADOPTR")]));
    }

    #[test]
    fn decisions_to_place() {
        let row = |c: &str, placed: &str, ceased: &str, reason: &str| PlacedAdoptionRow {
            child: c.into(),
            dob: d("01/01/2020"),
            date_placed: d(placed),
            date_placed_ceased: d(ceased),
            reason_placed_ceased: if reason.is_empty() { None } else { s(reason) },
        };
        let t = Ssda903 {
            placed_adoption: vec![
                row("A", "01/05/2025", "01/06/2025", ""),
                row("B", "01/05/2025", "01/06/2025", "RD9"),
                row("C", "02/06/2025", "01/06/2025", "RD1"),
                row("D", "", "01/06/2025", "RD1"),
                row("E", "01/05/2025", "01/06/2025", "RD1"),
            ],
            ..Default::default()
        };
        assert_eq!(check("119", &t), at(&[("A", "PlacedAdoption row 1, DATE_PLACED_CEASED")]));
        assert_eq!(check("120", &t), at(&[("B", "PlacedAdoption row 2, REASON_PLACED_CEASED")]));
        assert_eq!(check("522", &t), at(&[("C", "PlacedAdoption row 3, DATE_PLACED")]));
        assert_eq!(check("563", &t), at(&[("D", "PlacedAdoption row 4, DATE_PLACED")]));
    }

    fn pa(child: &str, placed: &str, ceased: &str, reason: &str) -> PlacedAdoptionRow {
        PlacedAdoptionRow {
            child: child.into(),
            dob: d("01/01/2020"),
            date_placed: d(placed),
            date_placed_ceased: d(ceased),
            reason_placed_ceased: if reason.is_empty() { None } else { s(reason) },
        }
    }

    /// An episode with its placement, legal status, reason ended and reason begun.
    fn ep(child: &str, start: &str, end: &str, place: &str, ls: &str, rec: &str, rne: &str) -> EpisodeRow {
        let mut e = episode(child, start, end);
        e.place = s(place);
        e.ls = s(ls);
        e.rec = if rec.is_empty() { None } else { s(rec) };
        e.rne = s(rne);
        e
    }

    fn dated(mut a: Ad1Row, int: &str, matched: &str) -> Ad1Row {
        a.date_int = d(int);
        a.date_match = d(matched);
        a
    }

    #[test]
    fn decisions_against_episodes() {
        let t = Ssda903 {
            header: vec![header("D", "01/01/2020")],
            episodes: vec![
                ep("A", "01/01/2025", "01/06/2025", "U1", "C2", "E8", "S"),
                ep("B", "01/01/2025", "", "U1", "C2", "", "S"),
                ep("C", "01/05/2025", "", "U1", "C2", "", "S"),
                ep("E", "01/01/2024", "01/03/2025", "U1", "C2", "X1", "S"),
                ep("E", "01/03/2025", "", "A5", "E1", "", "L"),
                ep("F", "01/01/2024", "", "A5", "E1", "", "S"),
            ],
            placed_adoption: vec![
                pa("A", "02/06/2025", "", ""),
                pa("B", "01/05/2025", "01/04/2026", "RD1"),
                pa("C", "01/04/2025", "30/04/2025", "RD1"),
                pa("D", "31/12/2019", "", ""),
                pa("E", "01/06/2025", "", ""),
                pa("F", "01/01/2024", "", ""),
            ],
            ..Default::default()
        };
        assert_eq!(check("117", &t), at(&[("A", "PlacedAdoption row 1, DATE_PLACED"), ("B", "PlacedAdoption row 2, DATE_PLACED_CEASED")]));
        assert_eq!(check("118", &t), at(&[("C", "PlacedAdoption row 3, DATE_PLACED_CEASED")]));
        assert_eq!(check("184", &t), at(&[("D", "PlacedAdoption row 4, DATE_PLACED")]));
        assert_eq!(check("1003", &t), at(&[("C", "PlacedAdoption row 3, DATE_PLACED")]));
        assert_eq!(check("552", &t), at(&[("E", "PlacedAdoption row 5, DATE_PLACED")]));
        assert_eq!(check("554", &t), at(&[("E", "PlacedAdoption row 5, DATE_PLACED")]));
    }

    #[test]
    fn adoption_details_against_episodes() {
        let mut m = dated(ad1("M", "1", "M1", "L0"), "01/01/2025", "01/01/2025");
        m.foster_care = s("1");
        m.nb_adoptr = None;
        let t = Ssda903 {
            episodes: vec![
                ep("G", "01/01/2024", "01/03/2025", "U1", "C2", "X1", "S"),
                ep("G", "01/03/2025", "01/09/2025", "A3", "C2", "E11", "P"),
                ep("H", "01/07/2025", "01/10/2025", "A6", "C2", "E12", "S"),
                ep("J", "01/01/2024", "01/05/2025", "R1", "C2", "X1", "S"),
                ep("J", "01/05/2025", "", "A4", "E1", "", "P"),
                ep("K", "01/01/2025", "01/06/2025", "U1", "C2", "E11", "S"),
                ep("M", "01/01/2025", "01/06/2025", "A3", "C2", "E11", "S"),
            ],
            ad1: vec![
                dated(ad1("G", "1", "M1", "L0"), "01/05/2025", "01/06/2025"),
                dated(ad1("H", "1", "M1", "L0"), "01/05/2025", "01/10/2025"),
                ad1("L", "1", "M1", "L0"),
                m,
            ],
            placed_adoption: vec![pa("J", "01/03/2025", "", ""), pa("M", "01/12/2024", "", ""), pa("H", "01/05/2025", "", "")],
            ..Default::default()
        };
        assert_eq!(check("331", &t), at(&[("G", "AD1 row 1, DATE_MATCH"), ("H", "AD1 row 2, DATE_MATCH")]));
        assert_eq!(check("334", &t), at(&[("H", "AD1 row 2, DATE_INT")]));
        assert_eq!(check("335", &t), at(&[("G", "AD1 row 1, FOSTER_CARE")]));
        assert_eq!(check("336", &t), at(&[("J", "Episodes row 5, PLACE")]));
        assert_eq!(check("390", &t), at(&[("K", "Episodes row 6, REC")]));
        assert_eq!(check("408", &t), at(&[("H", "Episodes row 3, LS")]));
        assert_eq!(check("521", &t), at(&[("G", "AD1 row 1, DATE_INT")]));
        assert_eq!(check("551", &t), at(&[("G", "Episodes row 2, PLACE")]));
        assert_eq!(check("582", &t), at(&[("H", "Episodes row 3, DEC")]));
        assert_eq!(check("601", &t), at(&[("M", "AD1 row 4, NB_ADOPTR")]));
        assert_eq!(check("602", &t), at(&[("L", "AD1 row 3, CHILD")]));
    }

    #[test]
    fn decisions_reversed_and_overlapping() {
        let only_date = Ad1Row { child: "N".into(), date_int: d("01/05/2025"), ..Default::default() };
        let mut p = ad1("P", "1", "M1", "L0");
        p.date_int = d("02/05/2025");
        let t = Ssda903 {
            episodes: vec![
                ep("R", "01/01/2025", "", "U1", "E1", "", "S"),
                ep("S", "01/01/2025", "", "U1", "E1", "", "S"),
                ep("T", "01/01/2025", "01/06/2025", "A4", "E1", "E8", "S"),
                ep("U", "01/01/2025", "01/06/2025", "A4", "E1", "E8", "S"),
                ep("V", "01/01/2025", "01/06/2025", "A3", "C2", "E11", "S"),
            ],
            ad1: vec![only_date, p, ad1("Q", "1", "M1", "L0"), Ad1Row { child: "Z".into(), ..Default::default() }],
            placed_adoption: vec![
                pa("P", "01/05/2025", "", ""),
                pa("Q", "01/05/2025", "01/06/2025", "RD1"),
                pa("S", "01/12/2024", "01/02/2025", "RD1"),
                pa("T", "01/12/2024", "", ""),
                pa("U", "01/12/2024", "01/05/2025", "RD1"),
                pa("V", "01/12/2024", "01/02/2025", "RD1"),
                pa("W", "01/01/2025", "", ""),
                pa("W", "01/03/2025", "", ""),
                pa("X", "01/01/2025", "01/02/2025", "RD1"),
                pa("X", "01/03/2025", "", ""),
            ],
            ..Default::default()
        };
        assert_eq!(check("151", &t), at(&[("N", "AD1 row 1, DATE_MATCH")]));
        assert_eq!(check("523", &t), at(&[("P", "PlacedAdoption row 1, DATE_PLACED")]));
        assert_eq!(check("525", &t), at(&[("Q", "PlacedAdoption row 2, DATE_PLACED_CEASED")]));
        assert_eq!(check("553", &t), at(&[("R", "Episodes row 1, LS"), ("S", "PlacedAdoption row 3, DATE_PLACED_CEASED")]));
        assert_eq!(check("557", &t), at(&[("T", "Episodes row 3, REC"), ("T", "PlacedAdoption row 4, DATE_PLACED_CEASED")]));
        assert_eq!(check("558", &t), at(&[("V", "Episodes row 5, REC")]));
        assert_eq!(check("579", &t), at(&[("W", "PlacedAdoption row 8, DATE_PLACED")]));
        assert_eq!(check("583", &t), at(&[("W", "PlacedAdoption row 7, DATE_PLACED_CEASED")]));
    }

    #[test]
    fn decisions_against_last_year() {
        let last = Ssda903 {
            placed_adoption: vec![
                pa("A", "01/01/2025", "", ""),
                pa("B", "01/01/2025", "01/02/2025", "RD1"),
                pa("D", "01/01/2025", "01/02/2025", "RD1"),
                pa("E", "01/01/2025", "01/02/2025", "RD1"),
                pa("F", "01/01/2025", "", ""),
            ],
            ..Default::default()
        };
        let t = Ssda903 {
            placed_adoption: vec![
                pa("A", "01/02/2025", "", ""),
                pa("B", "01/01/2025", "", ""),
                pa("C", "01/03/2025", "", ""),
                pa("D", "01/05/2025", "", ""),
                pa("E", "01/12/2024", "", ""),
                pa("F", "01/01/2025", "", ""),
            ],
            ..Default::default()
        };
        assert_eq!(check_with("559", &t, Some(&last)), at(&[("C", "PlacedAdoption row 3, DATE_PLACED")]));
        assert_eq!(check_with("560", &t, Some(&last)), at(&[("A", "PlacedAdoption row 1, DATE_PLACED")]));
        assert_eq!(check_with("561", &t, Some(&last)), at(&[("B", "PlacedAdoption row 2, DATE_PLACED")]));
        assert_eq!(
            check_with("584", &t, Some(&last)),
            at(&[("B", "PlacedAdoption row 2, DATE_PLACED"), ("E", "PlacedAdoption row 5, DATE_PLACED")])
        );
        assert_eq!(check("559", &t), at(&[]));
    }
}
