//! Social worker episode rules: each looked-after child's allocated social
//! workers, one after another without gaps or overlaps, the latest still
//! open at 31 March, with an identifier and a reason for each change.

use super::{Context, Findings, Rule, blank, invalid, rule};
use crate::ssda903::model::{Ssda903, SwEpisodeRow};
use chrono::{Days, Months, NaiveDate};
use std::collections::{BTreeMap, HashSet};

pub(super) const RULES: &[Rule] = &[
    rule!("SW02STG1", r_sw02, "Social worker ID does not begin with the characters ‘SW’ or ‘XX’."),
    rule!("SW06STG2", r_sw06, "Social worker episode data should be within the social worker data reporting year."),
    rule!(
        "SW07STG2",
        r_sw07,
        "Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date."
    ),
    rule!("SW08STG2", r_sw08, "A new social worker episode has started, but the previous episode has not ended."),
    rule!("SW09STG2", r_sw09, "Social worker episode appears to have lasted for less than 24 hours."),
    rule!("SW10STG2", r_sw10, "A new social worker episode has started before the end date of the previous social worker episode."),
    rule!("SW10aSTG2", r_sw10a, "A new social worker episode has started and it is not within +/- 7 days of a previous episode."),
    rule!(
        "SW10bSTG2",
        r_sw10b,
        "A new social worker episode has started with a reason of first contact before the previous episode has ended."
    ),
    rule!(
        "SW11bSTG2",
        r_sw11b,
        "Social worker episode has ended before 31 March and no subsequent social worker episode has been provided."
    ),
    rule!("SW13STG1", r_sw13, "The reason for social worker change is not valid."),
    rule!("SW17STG2", r_sw17, "There is no social worker episode open at 31 March"),
    rule!("SW18STG2", r_sw18, "The end date of the social worker episode is before the start date"),
    rule!("SW19STG2", r_sw19, "There are 2 social worker episodes for the child starting on the same date."),
];

const SW_REASON: &[&str] = &["MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"];
/// First contact: a social worker for a child who had none just before.
const FIRST_CONTACT: &str = "FCONTA";
/// The gap (either way) allowed between one social worker leaving and the next starting.
const HANDOVER_DAYS: u64 = 7;

fn each(t: &Ssda903) -> impl Iterator<Item = (usize, &SwEpisodeRow)> {
    t.sw_episodes.iter().enumerate()
}

/// Each child's episodes ordered by start then end (undated last).
fn by_child(t: &Ssda903) -> BTreeMap<&str, Vec<(usize, &SwEpisodeRow)>> {
    let mut map: BTreeMap<&str, Vec<(usize, &SwEpisodeRow)>> = BTreeMap::new();
    for (i, s) in each(t) {
        map.entry(s.child.as_str()).or_default().push((i, s));
    }
    for list in map.values_mut() {
        list.sort_by_key(|(i, s)| (s.sw_decom.is_none(), s.sw_decom, s.sw_dec.is_none(), s.sw_dec, *i));
    }
    map
}

/// Each episode with the one before it for the same child.
fn with_previous(t: &Ssda903) -> Vec<(usize, &SwEpisodeRow, &SwEpisodeRow)> {
    by_child(t).into_values().flat_map(|list| list.windows(2).map(|w| (w[1].0, w[1].1, w[0].1)).collect::<Vec<_>>()).collect()
}

/// The social worker reporting period starts a year before the collection year.
fn reporting_start(c: &Context<'_>) -> NaiveDate {
    c.start().checked_sub_months(Months::new(12)).unwrap_or(c.start())
}

fn r_sw02(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, s) in each(t) {
        let id = s.sw_id.as_deref().map(str::trim).unwrap_or_default();
        if !(id.starts_with("SW") || id.starts_with("XX")) || id.chars().count() < 4 {
            f.row(&s.child, "SWEpisodes", i, "SW_ID");
        }
    }
}

fn r_sw06(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, s) in each(t) {
        if s.sw_decom.is_some_and(|d| d > c.end()) {
            f.row(&s.child, "SWEpisodes", i, "SW_DECOM");
        }
    }
}

fn r_sw07(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, s) in each(t) {
        if s.sw_dec.is_some_and(|d| d < reporting_start(c) || d > c.end()) {
            f.row(&s.child, "SWEpisodes", i, "SW_DEC");
        }
    }
}

/// Every episode but a child's latest has ended.
fn r_sw08(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for list in by_child(t).into_values() {
        let dated: Vec<_> = list.iter().filter(|(_, s)| s.sw_decom.is_some()).collect();
        for (i, s) in dated.iter().rev().skip(1) {
            if s.sw_dec.is_none() {
                f.row(&s.child, "SWEpisodes", *i, "SW_DEC");
            }
        }
    }
}

fn r_sw09(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, s) in each(t) {
        if s.sw_decom.is_some() && s.sw_decom == s.sw_dec {
            f.row(&s.child, "SWEpisodes", i, "SW_DEC");
        }
    }
}

fn r_sw10(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, s, prev) in with_previous(t) {
        if let (Some(start), Some(prev_end)) = (s.sw_decom, prev.sw_dec)
            && start < prev_end
        {
            f.row(&s.child, "SWEpisodes", i, "SW_DECOM");
        }
    }
}

/// A change of social worker (any reason but first contact) starts within
/// a week either side of the previous one ending.
fn r_sw10a(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let week = Days::new(HANDOVER_DAYS);
    for (i, s, prev) in with_previous(t) {
        if let (Some(start), Some(prev_end)) = (s.sw_decom, prev.sw_dec)
            && s.sw_reason.as_deref().is_none_or(|r| r.trim() != FIRST_CONTACT)
            && (prev_end.checked_sub_days(week).is_some_and(|from| start < from)
                || prev_end.checked_add_days(week).is_some_and(|to| start > to))
        {
            f.row(&s.child, "SWEpisodes", i, "SW_DECOM");
        }
    }
}

/// First contact comes after the previous episode ended.
fn r_sw10b(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, s, prev) in with_previous(t) {
        if s.sw_reason.as_deref().is_some_and(|r| r.trim() == FIRST_CONTACT)
            && let (Some(start), Some(prev_end)) = (s.sw_decom, prev.sw_dec)
            && start <= prev_end
        {
            f.row(&s.child, "SWEpisodes", i, "SW_DECOM");
        }
    }
}

/// The latest episode ending in the last five days of the year (a worker
/// leaving just before 31 March) needs the next worker's episode.
fn r_sw11b(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(from) = c.end().checked_sub_days(Days::new(5)) else { return };
    for list in by_child(t).into_values() {
        if let Some((i, s)) = list.last()
            && s.sw_dec.is_some_and(|d| d >= from && d <= c.end())
        {
            f.row(&s.child, "SWEpisodes", *i, "SW_DEC");
        }
    }
}

/// A reason is given from April 2023, when the item was introduced.
fn r_sw13(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let Some(introduced) = NaiveDate::from_ymd_opt(2023, 4, 1) else { return };
    for (i, s) in each(t) {
        let missing = blank(&s.sw_reason) && s.sw_decom.is_some_and(|d| d >= introduced);
        let wrong = invalid(&s.sw_reason, SW_REASON);
        if missing || wrong {
            f.row(&s.child, "SWEpisodes", i, "SW_REASON");
        }
    }
}

fn r_sw17(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for list in by_child(t).into_values() {
        if let Some((i, s)) = list.iter().rfind(|(_, s)| s.sw_decom.is_some())
            && s.sw_dec.is_some()
        {
            f.row(&s.child, "SWEpisodes", *i, "SW_DEC");
        }
    }
}

fn r_sw18(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, s) in each(t) {
        if let (Some(start), Some(end)) = (s.sw_decom, s.sw_dec)
            && end <= start
        {
            f.row(&s.child, "SWEpisodes", i, "SW_DEC");
        }
    }
}

/// The second and later episodes starting on a day already taken.
fn r_sw19(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let mut seen: HashSet<(&str, NaiveDate)> = HashSet::new();
    for (i, s) in each(t) {
        if let Some(start) = s.sw_decom
            && !seen.insert((s.child.as_str(), start))
        {
            f.row(&s.child, "SWEpisodes", i, "SW_DECOM");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    fn sw(child: &str, id: &str, start: &str, end: &str, reason: &str) -> SwEpisodeRow {
        let v = |x: &str| if x.is_empty() { None } else { s(x) };
        SwEpisodeRow { child: child.into(), dob: d("01/01/2015"), sw_id: v(id), sw_decom: d(start), sw_dec: d(end), sw_reason: v(reason) }
    }

    #[test]
    fn identifiers_reasons_and_dates() {
        let t = Ssda903 {
            sw_episodes: vec![
                sw("A", "SW12", "01/05/2025", "", "FCONTA"),
                sw("B", "sw12", "01/05/2025", "", "FCONTA"),
                sw("C", "XX", "01/05/2025", "", "FCONTA"),
                sw("D", "XX01", "01/05/2025", "", ""),
                sw("E", "SW12", "01/03/2023", "", ""),
                sw("F", "SW12", "01/05/2025", "", "MOVED"),
                sw("G", "SW12", "01/04/2026", "", "FCONTA"),
                sw("H", "SW12", "01/01/2024", "31/03/2024", "FCONTA"),
                sw("J", "SW12", "01/01/2025", "01/04/2026", "FCONTA"),
                sw("K", "SW12", "01/05/2025", "01/05/2025", "FCONTA"),
                sw("L", "SW12", "02/05/2025", "01/05/2025", "FCONTA"),
            ],
            ..Default::default()
        };
        assert_eq!(check("SW02STG1", &t), at(&[("B", "SWEpisodes row 2, SW_ID"), ("C", "SWEpisodes row 3, SW_ID")]));
        assert_eq!(check("SW13STG1", &t), at(&[("D", "SWEpisodes row 4, SW_REASON"), ("F", "SWEpisodes row 6, SW_REASON")]));
        assert_eq!(check("SW06STG2", &t), at(&[("G", "SWEpisodes row 7, SW_DECOM")]));
        assert_eq!(check("SW07STG2", &t), at(&[("H", "SWEpisodes row 8, SW_DEC"), ("J", "SWEpisodes row 9, SW_DEC")]));
        assert_eq!(check("SW09STG2", &t), at(&[("K", "SWEpisodes row 10, SW_DEC")]));
        assert_eq!(check("SW18STG2", &t), at(&[("K", "SWEpisodes row 10, SW_DEC"), ("L", "SWEpisodes row 11, SW_DEC")]));
    }

    #[test]
    fn one_social_worker_after_another() {
        let t = Ssda903 {
            sw_episodes: vec![
                // A: handed over cleanly, still open.
                sw("A", "SW1", "01/04/2025", "01/06/2025", "FCONTA"),
                sw("A", "SW2", "03/06/2025", "", "LEFTRL"),
                // B: first episode never ended; the second starts the same day as another.
                sw("B", "SW1", "01/04/2025", "", "FCONTA"),
                sw("B", "SW2", "01/06/2025", "", "LEFTRL"),
                sw("B", "SW3", "01/06/2025", "", "LEFTRL"),
                // C: overlaps the previous one, and the next starts a month after a handover.
                sw("C", "SW1", "01/04/2025", "01/06/2025", "FCONTA"),
                sw("C", "SW2", "20/05/2025", "01/07/2025", "MANAGE"),
                sw("C", "SW3", "01/09/2025", "", "MANAGE"),
                // D: first contact again before the previous ended; ended just before 31 March.
                sw("D", "SW1", "01/04/2025", "01/06/2025", "FCONTA"),
                sw("D", "SW2", "01/06/2025", "28/03/2026", "FCONTA"),
                // E: a returning child, first contact months later; ended in January.
                sw("E", "SW1", "01/04/2025", "01/06/2025", "FCONTA"),
                sw("E", "SW2", "01/10/2025", "01/01/2026", "FCONTA"),
            ],
            ..Default::default()
        };
        assert_eq!(check("SW08STG2", &t), at(&[("B", "SWEpisodes row 3, SW_DEC"), ("B", "SWEpisodes row 4, SW_DEC")]));
        assert_eq!(check("SW19STG2", &t), at(&[("B", "SWEpisodes row 5, SW_DECOM")]));
        assert_eq!(check("SW10STG2", &t), at(&[("C", "SWEpisodes row 7, SW_DECOM")]));
        assert_eq!(check("SW10aSTG2", &t), at(&[("C", "SWEpisodes row 7, SW_DECOM"), ("C", "SWEpisodes row 8, SW_DECOM")]));
        assert_eq!(check("SW10bSTG2", &t), at(&[("D", "SWEpisodes row 10, SW_DECOM")]));
        assert_eq!(check("SW11bSTG2", &t), at(&[("D", "SWEpisodes row 10, SW_DEC")]));
        assert_eq!(check("SW17STG2", &t), at(&[("D", "SWEpisodes row 10, SW_DEC"), ("E", "SWEpisodes row 12, SW_DEC")]));
    }
}
