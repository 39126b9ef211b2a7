//! The SSDA903 tables for a collection year, built from the history as the
//! DfE's 903 guide asks for them: every child looked after at any time in
//! the year, with their episodes, reviews and modules, and the care leavers
//! whose 17th to 21st birthday falls in the year.
//!
//! Codes are written upper-cased and trimmed, the way the DfE tool reads
//! them, so a file written from these tables reads back to the same tables.

use super::model::{
    Ad1Row, EpisodeRow, HeaderRow, MissingRow, Oc2Row, Oc3Row, PlacedAdoptionRow, PrevPermRow, ReviewRow, Ssda903, SwEpisodeRow, UascRow,
};
use crate::history::care::{CareEpisode, CareHistory, CareLeaverContact, HealthOutcome};
use crate::history::{Allocation, ChildHistory, History};
use crate::period::{CollectionYear, Window};
use chrono::{Months, NaiveDate};
use hearth_domain::codes::Sex;
use hearth_domain::ids::{TeamId, UserId};
use sha2::{Digest, Sha256};

/// Legal statuses for short breaks: such a child is looked after only
/// while the break lasts, so these episodes never count towards being
/// looked after continuously.
const SHORT_BREAK_STATUSES: [&str; 2] = ["V3", "V4"];

/// `UPN` codes for a child without a UPN. The 903 takes UN1 to UN5 only
/// (rule 168), so the CIN census's UN6 and UN7 have no place here.
const UPN_NOT_YET_OF_SCHOOL_AGE: &str = "UN1";
const UPN_NOT_AVAILABLE: &str = "UN5";

/// `PREV_PERM` for a child with no previous permanence, or none known.
const PREVIOUS_PERMANENCE_NOT_KNOWN: &str = "Z1";

pub fn tables(history: &History, year: CollectionYear) -> Ssda903 {
    let window = year.window();
    let mut children: Vec<&ChildHistory> = history.children.values().collect();
    // Sorted by the CHILD the file shows, so the file's order is stable
    // whatever order people were added in.
    children.sort_by(|a, b| a.la_child_id.cmp(&b.la_child_id).then(a.person_id.cmp(&b.person_id)));

    let mut t = Ssda903::default();
    for child in children {
        let care = &child.care;
        let looked_after = care.episodes.iter().any(|e| window.overlaps(e.started_on, e.ended_on));
        let oc3 = care_leaver_row(child, window);
        if !looked_after && oc3.is_none() {
            continue;
        }
        t.header.push(header_row(child, year, looked_after));
        if looked_after {
            t.episodes.extend(episode_rows(child, window));
            t.reviews.extend(review_rows(child, window));
            t.uasc.extend(uasc_row(child, window));
            t.oc2.extend(oc2_row(child, year));
            t.ad1.extend(ad1_row(child, window));
            t.placed_adoption.extend(placed_adoption_row(child, window));
            t.prev_perm.extend(prev_perm_row(child, window));
            t.missing.extend(missing_rows(child, window));
            t.sw_episodes.extend(sw_episode_rows(child, window));
        }
        t.oc3.extend(oc3);
    }
    t
}

fn header_row(child: &ChildHistory, year: CollectionYear, looked_after: bool) -> HeaderRow {
    let (mother, mc_dob) = if looked_after { motherhood(child, year) } else { (None, None) };
    HeaderRow {
        child: child.la_child_id.clone(),
        sex: Some(child.sex.code().to_string()),
        dob: child.date_of_birth,
        ethnic: child.ethnicity.map(|e| e.code().to_string()),
        upn: upn(child, year),
        mother,
        mc_dob,
    }
}

/// The UPN, or why there is none: every looked-after child needs one or
/// the other (rule 442). A child not yet of school age has `UN1`; school
/// age is the DfE's (rule 209): four by 31 August before the year began.
/// Anyone older, or whose date of birth is not known, has `UN5`, "sources
/// collating UPNs reflect UPN is not available".
fn upn(child: &ChildHistory, year: CollectionYear) -> Option<String> {
    if let Some(upn) = child.upn.as_deref().and_then(code) {
        return Some(upn);
    }
    let school_age_from = NaiveDate::from_ymd_opt(year.start_year - 1, 8, 31);
    let pre_school = match (child.date_of_birth.and_then(|d| d.checked_add_months(Months::new(12 * 4))), school_age_from) {
        (Some(fourth_birthday), Some(reference)) => fourth_birthday > reference,
        _ => false,
    };
    Some(if pre_school { UPN_NOT_YET_OF_SCHOOL_AGE } else { UPN_NOT_AVAILABLE }.to_string())
}

/// `MOTHER` and `MC_DOB`. The DfE asks whether a looked-after young woman
/// is a mother, with her first child's date of birth, counting births up
/// to the year's end or the day she left care if that came first (rules
/// 625 and 626 compare these with the year and with last year's return).
/// Males, and children whose sex is not known, leave both blank.
fn motherhood(child: &ChildHistory, year: CollectionYear) -> (Option<String>, Option<NaiveDate>) {
    if child.sex != Sex::Female {
        return (None, None);
    }
    let care = &child.care;
    let cutoff = if care.looked_after_on(year.end()) {
        year.end()
    } else {
        care.episodes.iter().filter_map(|e| e.ended_on).filter(|d| *d <= year.end()).max().unwrap_or(year.end())
    };
    match care.children_born.iter().copied().filter(|d| *d <= cutoff).min() {
        Some(first) => (Some("1".to_string()), Some(first)),
        None => (Some("0".to_string()), None),
    }
}

fn episode_rows(child: &ChildHistory, window: Window) -> Vec<EpisodeRow> {
    let mut episodes: Vec<&CareEpisode> = child.care.episodes.iter().filter(|e| window.overlaps(e.started_on, e.ended_on)).collect();
    episodes.sort_by(|a, b| a.started_on.cmp(&b.started_on).then(a.episode_id.cmp(&b.episode_id)));
    episodes
        .into_iter()
        .map(|e| {
            // An episode that ends after the year is still open on 31 March
            // as far as this return is concerned: its end, why it ended and
            // why the placement changed belong to next year's return.
            let ended = e.ended_on.filter(|d| *d <= window.to);
            // Hearth records why the placement changed with the episode the
            // change started; the 903 puts it on the episode that ended
            // (rule 225 looks for it where REC is X1 and the next RNE is P, B,
            // T or U).
            let reason_place_change = ended
                .and_then(|end| child.care.episodes.iter().find(|n| n.started_on == end && n.episode_id != e.episode_id))
                .and_then(|next| next.reason_place_change.as_deref())
                .and_then(code);
            EpisodeRow {
                child: child.la_child_id.clone(),
                decom: Some(e.started_on),
                rne: code(&e.reason_new_episode),
                ls: code(&e.legal_status),
                cin: code(&e.category_of_need),
                place: code(&e.placement_type),
                place_provider: e.placement_provider.as_deref().and_then(code),
                dec: ended,
                rec: ended.and(e.reason_ceased.as_deref()).and_then(code),
                reason_place_change,
                home_post: e.home_postcode.as_deref().and_then(code),
                pl_post: e.placement_postcode.as_deref().and_then(code),
                urn: e.urn.as_deref().and_then(code),
            }
        })
        .collect()
}

fn review_rows(child: &ChildHistory, window: Window) -> Vec<ReviewRow> {
    let mut reviews: Vec<_> = child.care.reviews.iter().filter(|r| window.contains(r.held_on)).collect();
    reviews.sort_by(|a, b| a.held_on.cmp(&b.held_on).then(a.review_id.cmp(&b.review_id)));
    reviews
        .into_iter()
        .map(|r| ReviewRow {
            child: child.la_child_id.clone(),
            dob: child.date_of_birth,
            review: Some(r.held_on),
            review_code: code(&r.participation),
        })
        .collect()
}

fn uasc_row(child: &ChildHistory, window: Window) -> Option<UascRow> {
    let uasc = child.care.uasc.as_ref()?;
    window.overlaps(uasc.since, uasc.ceased_on).then(|| UascRow {
        child: child.la_child_id.clone(),
        sex: Some(child.sex.code().to_string()),
        dob: child.date_of_birth,
        duc: uasc.ceased_on,
    })
}

/// OC2 is for every child looked after continuously for at least twelve
/// months at 31 March; a child without a recorded outcome for the year
/// still gets the row, left blank, so the DfE's rules show the gap.
fn oc2_row(child: &ChildHistory, year: CollectionYear) -> Option<Oc2Row> {
    if !looked_after_continuously(&child.care, year) {
        return None;
    }
    let outcome = child.care.health.iter().find(|h| h.year_ending == year.end());
    let flag = |f: fn(&HealthOutcome) -> Option<bool>| outcome.and_then(f).map(yes_no);
    Some(Oc2Row {
        child: child.la_child_id.clone(),
        dob: child.date_of_birth,
        sdq_score: outcome.and_then(|h| h.sdq_score).map(|s| s.to_string()),
        sdq_reason: outcome.and_then(|h| h.sdq_reason.as_deref()).and_then(code),
        convicted: flag(|h| h.convicted),
        health_check: flag(|h| h.health_check),
        immunisations: flag(|h| h.immunisations),
        teeth_check: flag(|h| h.teeth_check),
        health_assessment: flag(|h| h.health_assessment),
        substance_misuse: flag(|h| h.substance_misuse),
        intervention_received: flag(|h| h.intervention_received),
        // Whether an intervention was offered is asked only when none was
        // received (rule 158): receiving one means it was offered.
        intervention_offered: if outcome.and_then(|h| h.intervention_received) == Some(true) {
            None
        } else {
            flag(|h| h.intervention_offered)
        },
    })
}

/// Looked after on every day from 1 April to 31 March, episode following
/// episode without a day's gap, short breaks aside. Care that ends on 31
/// March itself still counts: the DfE's rules (191, 190 and the others
/// on the twelve-month cohort) break the twelve months only for care
/// ending before it.
fn looked_after_continuously(care: &CareHistory, year: CollectionYear) -> bool {
    let mut episodes: Vec<&CareEpisode> =
        care.episodes.iter().filter(|e| !SHORT_BREAK_STATUSES.contains(&e.legal_status.trim().to_ascii_uppercase().as_str())).collect();
    episodes.sort_by_key(|e| e.started_on);
    let mut covered_to = year.start();
    // Each pass moves `covered_to` on to the end of an episode open on it;
    // at most one pass per episode.
    for _ in 0..=episodes.len() {
        let Some(open) = episodes
            .iter()
            .filter(|e| e.started_on <= covered_to && e.ended_on.is_none_or(|d| d > covered_to))
            .max_by_key(|e| e.ended_on.unwrap_or(NaiveDate::MAX))
        else {
            return false;
        };
        match open.ended_on {
            Some(end) if end < year.end() => covered_to = end,
            _ => return true,
        }
    }
    false
}

/// The care leaver's circumstances around a 17th to 21st birthday in the
/// year: the contact nearest the birthday, among those the DfE accepts
/// (from three months before to one month after it).
///
/// At 17 and 18 only a young person who had left care before the birthday
/// is asked about: one who left on or after it (most often on their 18th
/// birthday) is first reported at 19 (rule 1016).
fn care_leaver_row(child: &ChildHistory, window: Window) -> Option<Oc3Row> {
    let dob = child.date_of_birth?;
    let care = &child.care;
    if care.episodes.is_empty() {
        return None;
    }
    let (age, birthday) =
        (17..=21).filter_map(|age| Some((age, dob.checked_add_months(Months::new(12 * age))?))).find(|(_, d)| window.contains(*d))?;
    if care.looked_after_on(birthday) {
        return None;
    }
    if age <= 18 && care.episodes.iter().any(|e| e.ended_on.is_none_or(|d| d >= birthday)) {
        return None;
    }
    if !eligible_care_leaver(care, dob) {
        return None;
    }
    let from = birthday.checked_sub_months(Months::new(3))?;
    let to = birthday.checked_add_months(Months::new(1))?;
    let contact: &CareLeaverContact = care
        .care_leaver_contacts
        .iter()
        .filter(|c| from <= c.contact_on && c.contact_on <= to)
        .min_by_key(|c| ((c.contact_on - birthday).num_days().abs(), c.contact_on))?;
    Some(Oc3Row {
        child: child.la_child_id.clone(),
        dob: Some(dob),
        in_touch: code(&contact.in_touch),
        activ: contact.activity.as_deref().and_then(code),
        accom: contact.accommodation.as_deref().and_then(code),
    })
}

/// A relevant or former relevant child, the care leavers the 903 follows:
/// looked after for at least 13 weeks in all from their 14th birthday,
/// some of it from their 16th, short breaks aside, and not adopted (rule
/// 1001 rejects care leaver data for anyone else).
fn eligible_care_leaver(care: &CareHistory, dob: NaiveDate) -> bool {
    const THIRTEEN_WEEKS: i64 = 91;
    let (Some(fourteen), Some(sixteen)) = (dob.checked_add_months(Months::new(12 * 14)), dob.checked_add_months(Months::new(12 * 16)))
    else {
        return false;
    };
    let periods: Vec<(NaiveDate, NaiveDate)> = care
        .episodes
        .iter()
        .filter(|e| !SHORT_BREAK_STATUSES.contains(&e.legal_status.trim().to_ascii_uppercase().as_str()))
        .filter_map(|e| Some((e.started_on, e.ended_on?)))
        .collect();
    let days_from = |from: NaiveDate| periods.iter().map(|(start, end)| (*end - (*start).max(from)).num_days().max(0)).sum::<i64>();
    let adopted = care.episodes.iter().filter_map(|e| e.reason_ceased.as_deref()).any(|r| ["E11", "E12"].contains(&r.trim()));
    days_from(fourteen) >= THIRTEEN_WEEKS && days_from(sixteen) >= 1 && !adopted
}

fn ad1_row(child: &ChildHistory, window: Window) -> Option<Ad1Row> {
    let adoption = child.care.adoption.as_ref()?;
    let adopted_on = adoption.adoption_order_on?;
    window.contains(adopted_on).then(|| Ad1Row {
        child: child.la_child_id.clone(),
        dob: child.date_of_birth,
        date_int: adoption.decision_on,
        date_match: adoption.matched_on,
        foster_care: adoption.by_foster_carer.map(yes_no),
        nb_adoptr: adoption.number_of_adopters.as_deref().and_then(code),
        sex_adoptr: adoption.sex_of_adopters.as_deref().and_then(code),
        ls_adoptr: adoption.legal_status_of_adopters.as_deref().and_then(code),
    })
}

/// `DATE_PLACED` is, despite its name, the date of the decision that the
/// child should be placed for adoption (rule 523 compares it with AD1's
/// `DATE_INT`). The row is there while that decision was in force at some
/// time in the year.
fn placed_adoption_row(child: &ChildHistory, window: Window) -> Option<PlacedAdoptionRow> {
    let adoption = child.care.adoption.as_ref()?;
    let decided_on = adoption.decision_on?;
    let reversed_on = adoption.no_longer_plan_on;
    let in_force = decided_on <= window.to
        && reversed_on.is_none_or(|d| d >= window.from)
        && adoption.adoption_order_on.is_none_or(|d| d >= window.from);
    let reversed_in_year = reversed_on.filter(|d| *d <= window.to);
    in_force.then(|| PlacedAdoptionRow {
        child: child.la_child_id.clone(),
        dob: child.date_of_birth,
        date_placed: Some(decided_on),
        date_placed_ceased: reversed_in_year,
        reason_placed_ceased: reversed_in_year.and(adoption.no_longer_plan_reason.as_deref()).and_then(code),
    })
}

/// Asked of every child whose period of care started in the year (rule
/// 630): an episode starting then that does not carry on from one ending
/// that day. Without a record of previous permanence the answer is `Z1`,
/// "no previous permanence, or not known", which is what Hearth knows.
fn prev_perm_row(child: &ChildHistory, window: Window) -> Option<PrevPermRow> {
    let care = &child.care;
    let started_care = care
        .episodes
        .iter()
        .filter(|e| window.contains(e.started_on))
        .any(|e| !care.episodes.iter().any(|p| p.ended_on == Some(e.started_on)));
    if !started_care {
        return None;
    }
    let perm = care.previous_permanence.as_ref();
    Some(PrevPermRow {
        child: child.la_child_id.clone(),
        dob: child.date_of_birth,
        prev_perm: perm.and_then(|p| code(&p.kind)).or_else(|| Some(PREVIOUS_PERMANENCE_NOT_KNOWN.to_string())),
        la_perm: perm.and_then(|p| p.la.as_deref()).and_then(code),
        date_perm: perm.and_then(|p| p.date.as_deref()).and_then(code),
    })
}

fn missing_rows(child: &ChildHistory, window: Window) -> Vec<MissingRow> {
    let mut spells: Vec<_> = child.care.missing.iter().filter(|m| window.overlaps(m.started_on, m.ended_on)).collect();
    spells.sort_by(|a, b| a.started_on.cmp(&b.started_on).then(a.spell_id.cmp(&b.spell_id)));
    spells
        .into_iter()
        .map(|m| MissingRow {
            child: child.la_child_id.clone(),
            dob: child.date_of_birth,
            missing: code(&m.kind),
            mis_start: Some(m.started_on),
            // A spell still open on 31 March is reported open (rule 571).
            mis_end: m.ended_on.filter(|d| *d <= window.to),
        })
        .collect()
}

/// Social worker episodes from the child's allocations: a change of worker
/// ends one and starts the next. An allocation to a team with no worker
/// (waiting for one, or a care leaver with a personal adviser) changes
/// nothing: the DfE's episodes run one into the next, the next worker
/// within a week of the last (rule SW10a), and the latest is open at 31
/// March (SW17), so a worker's episode ends only when another worker takes
/// over. The year's rows are those open at any time in it, including time
/// the child was not looked after (rule SW12 asks for the whole year).
fn sw_episode_rows(child: &ChildHistory, window: Window) -> Vec<SwEpisodeRow> {
    let mut allocations: Vec<(UserId, &Allocation)> = child.allocations.iter().filter_map(|a| Some((a.worker_id?, a))).collect();
    // Stable: two allocations on one day keep the order they were recorded in.
    allocations.sort_by_key(|(_, a)| a.from);

    struct Spell {
        worker: UserId,
        team: TeamId,
        from: NaiveDate,
        to: Option<NaiveDate>,
        reason: Option<&'static str>,
    }
    let mut spells: Vec<Spell> = Vec::new();
    for (worker, a) in allocations {
        let Some(open) = spells.last_mut() else {
            // The child's first social worker.
            spells.push(Spell { worker, team: a.team_id, from: a.from, to: None, reason: Some("FCONTA") });
            continue;
        };
        if open.worker == worker {
            open.team = a.team_id;
            continue;
        }
        if open.from == a.from {
            // A change on the day the previous worker took over leaves a
            // spell of no length: that worker never held the case.
            spells.pop();
            if let Some(before) = spells.last_mut().filter(|s| s.worker == worker && s.to == Some(a.from)) {
                before.to = None;
                before.team = a.team_id;
                continue;
            }
        } else {
            open.to = Some(a.from);
        }
        let reason = match spells.last() {
            None => Some("FCONTA"),
            // A move to another team, as the case moves on.
            Some(before) if before.team != a.team_id => Some("TSPROC"),
            // Hearth does not record why a worker changed within a team.
            Some(_) => None,
        };
        spells.push(Spell { worker, team: a.team_id, from: a.from, to: None, reason });
    }
    spells
        .into_iter()
        .filter(|s| window.overlaps(s.from, s.to))
        .map(|s| SwEpisodeRow {
            child: child.la_child_id.clone(),
            dob: child.date_of_birth,
            sw_id: Some(social_worker_id(s.worker)),
            sw_decom: Some(s.from),
            sw_dec: s.to.filter(|d| *d <= window.to),
            sw_reason: s.reason.map(str::to_string),
        })
        .collect()
}

/// `SW_ID` should be the worker's Social Work England registration number
/// (`SW` and digits), but Hearth does not hold those yet. The DfE accepts
/// `XX` for a worker without one (rule SW02), so this is `XX` and the
/// first ten hex digits of a hash of the worker's id: the same worker gets
/// the same id every year and in every return, and the file does not
/// carry Hearth's internal identifiers.
pub fn social_worker_id(worker: UserId) -> String {
    let digest = Sha256::digest(worker.0.as_bytes());
    let hex = hex::encode_upper(digest);
    format!("XX{}", hex.get(..10).unwrap_or(&hex))
}

fn yes_no(b: bool) -> String {
    if b { "1" } else { "0" }.to_string()
}

/// A code as the DfE tool reads it: trimmed and upper-cased, blank as none.
fn code(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::care::{AdoptionRecord, UascStatus};
    use hearth_domain::ids::PersonId;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn year() -> CollectionYear {
        CollectionYear::starting(2025)
    }

    fn child(sex: Sex, dob: NaiveDate) -> ChildHistory {
        ChildHistory { date_of_birth: Some(dob), sex, ..ChildHistory::new(PersonId::from_u128(1), "H0000001".to_string()) }
    }

    fn episode(ls: &str, from: NaiveDate, to: Option<NaiveDate>) -> CareEpisode {
        CareEpisode {
            episode_id: format!("e{from}"),
            started_on: from,
            reason_new_episode: "S".to_string(),
            legal_status: ls.to_string(),
            category_of_need: "N1".to_string(),
            placement_type: "U1".to_string(),
            placement_provider: None,
            home_postcode: None,
            placement_postcode: None,
            urn: None,
            ended_on: to,
            reason_ceased: to.map(|_| "X1".to_string()),
            reason_place_change: Some(format!("child{}", from.format("%m"))),
        }
    }

    fn contact(on: NaiveDate, in_touch: &str) -> CareLeaverContact {
        CareLeaverContact { contact_on: on, in_touch: in_touch.to_string(), activity: None, accommodation: None }
    }

    fn tables_for(child: ChildHistory) -> Ssda903 {
        let mut history = History::default();
        history.children.insert(child.person_id, child);
        tables(&history, year())
    }

    #[test]
    fn an_episode_ending_after_the_year_is_reported_open() {
        let mut c = child(Sex::Male, d(2012, 1, 1));
        c.care.episodes = vec![
            episode("C2", d(2024, 1, 1), Some(d(2025, 3, 31))),
            episode("C2", d(2025, 3, 31), Some(d(2025, 10, 1))),
            episode("C2", d(2025, 10, 1), Some(d(2026, 4, 1))),
        ];
        let t = tables_for(c);
        let ends: Vec<_> = t.episodes.iter().map(|e| (e.decom, e.dec, e.rec.as_deref(), e.reason_place_change.as_deref())).collect();
        assert_eq!(
            ends,
            [
                // Why the placement changed is recorded on the episode that
                // started with the change, and written on the one that ended.
                (Some(d(2025, 3, 31)), Some(d(2025, 10, 1)), Some("X1"), Some("CHILD10")),
                (Some(d(2025, 10, 1)), None, None, None),
            ]
        );
    }

    #[test]
    fn mother_is_asked_of_looked_after_girls_only() {
        let mut girl = child(Sex::Female, d(2008, 1, 1));
        girl.care.episodes = vec![episode("C2", d(2024, 1, 1), Some(d(2025, 11, 1)))];
        let t = tables_for(girl.clone());
        assert_eq!((t.header[0].mother.as_deref(), t.header[0].mc_dob), (Some("0"), None));

        // Births after she left care are not hers to report here.
        girl.care.children_born = vec![d(2025, 12, 24), d(2025, 9, 3), d(2024, 6, 1)];
        let t = tables_for(girl.clone());
        assert_eq!((t.header[0].mother.as_deref(), t.header[0].mc_dob), (Some("1"), Some(d(2024, 6, 1))));
        girl.care.children_born = vec![d(2025, 12, 24)];
        let t = tables_for(girl);
        assert_eq!((t.header[0].mother.as_deref(), t.header[0].mc_dob), (Some("0"), None));

        let mut boy = child(Sex::Male, d(2008, 1, 1));
        boy.care.episodes = vec![episode("C2", d(2024, 1, 1), None)];
        let t = tables_for(boy);
        assert_eq!((t.header[0].mother.as_deref(), t.header[0].sex.as_deref()), (None, Some("M")));
    }

    #[test]
    fn oc3_is_for_those_looked_after_13_weeks_from_14_and_some_of_it_from_16() {
        let mut c = child(Sex::Male, d(2006, 6, 4));
        c.care.care_leaver_contacts = vec![contact(d(2025, 5, 26), "YES")];
        // 82 days, from 14 March to the 18th birthday: not a former relevant child (rule 1001).
        c.care.episodes = vec![episode("V2", d(2024, 3, 14), Some(d(2024, 6, 4)))];
        let t = tables_for(c.clone());
        assert!(t.oc3.is_empty() && t.header.is_empty(), "no care leaver row, nor a header for one");
        // 91 days.
        c.care.episodes = vec![episode("V2", d(2024, 3, 5), Some(d(2024, 6, 4)))];
        assert_eq!(tables_for(c.clone()).oc3.len(), 1);
        // Thirteen weeks in all, over two periods, count.
        c.care.episodes = vec![episode("V2", d(2021, 1, 1), Some(d(2021, 2, 1))), episode("V2", d(2024, 4, 3), Some(d(2024, 6, 4)))];
        assert_eq!(tables_for(c.clone()).oc3.len(), 1);
        // But not short breaks, nor care before 14, nor care that ended before 16.
        c.care.episodes = vec![episode("V3", d(2024, 1, 1), Some(d(2024, 6, 4)))];
        assert!(tables_for(c.clone()).oc3.is_empty());
        c.care.episodes = vec![episode("C2", d(2019, 1, 1), Some(d(2020, 7, 1))), episode("V2", d(2024, 4, 3), Some(d(2024, 6, 4)))];
        assert!(tables_for(c.clone()).oc3.is_empty());
        c.care.episodes = vec![episode("C2", d(2020, 6, 4), Some(d(2022, 6, 3)))];
        assert!(tables_for(c).oc3.is_empty());
    }

    #[test]
    fn oc2_needs_twelve_months_unbroken_at_31_march() {
        let outcome_year = |c: &ChildHistory| looked_after_continuously(&c.care, year());
        let mut c = child(Sex::Male, d(2012, 1, 1));
        c.care.episodes = vec![episode("C2", d(2025, 4, 1), Some(d(2025, 8, 1))), episode("C2", d(2025, 8, 1), None)];
        assert!(outcome_year(&c));
        let t = tables_for(c.clone());
        assert_eq!(t.oc2.len(), 1);
        assert_eq!((t.oc2[0].immunisations.as_ref(), t.oc2[0].sdq_score.as_ref()), (None, None), "no outcome recorded: blank row");

        // A day out of care breaks it.
        c.care.episodes = vec![episode("C2", d(2025, 4, 1), Some(d(2025, 8, 1))), episode("C2", d(2025, 8, 2), None)];
        assert!(!outcome_year(&c));
        // Starting on 2 April is a day short.
        c.care.episodes = vec![episode("C2", d(2025, 4, 2), None)];
        assert!(!outcome_year(&c));
        // Leaving on 31 March, most often at 18, still counts (rule 191);
        // leaving the day before does not.
        c.care.episodes = vec![episode("C2", d(2020, 4, 2), Some(d(2026, 3, 31)))];
        assert!(outcome_year(&c));
        c.care.episodes = vec![episode("C2", d(2020, 4, 2), Some(d(2026, 3, 30)))];
        assert!(!outcome_year(&c));
        c.care.episodes = vec![episode("C2", d(2020, 4, 2), Some(d(2026, 4, 1)))];
        assert!(outcome_year(&c));
        // Short breaks never count.
        c.care.episodes = vec![episode("V4", d(2020, 4, 2), None)];
        assert!(!outcome_year(&c));
        assert!(tables_for(c).oc2.is_empty());
    }

    #[test]
    fn oc3_takes_the_contact_nearest_the_birthday_within_the_dfe_window() {
        let mut c = child(Sex::Male, d(2006, 10, 10));
        c.care.episodes = vec![episode("C2", d(2020, 1, 1), Some(d(2024, 10, 10)))];
        c.care.care_leaver_contacts = vec![
            contact(d(2025, 7, 9), "NO"),
            contact(d(2025, 10, 1), "REFU"),
            contact(d(2025, 10, 19), "YES"),
            contact(d(2025, 11, 12), "RHOM"),
        ];
        let t = tables_for(c.clone());
        assert_eq!(t.oc3.iter().map(|r| r.in_touch.as_deref()).collect::<Vec<_>>(), [Some("REFU")]);
        assert_eq!(t.header.len(), 1);
        assert!(t.episodes.is_empty(), "not looked after in the year");

        // A contact only outside the window: no row, and so no header either.
        c.care.care_leaver_contacts = vec![contact(d(2025, 7, 9), "NO"), contact(d(2025, 11, 11), "YES")];
        let t = tables_for(c.clone());
        assert!(t.oc3.is_empty() && t.header.is_empty());

        // Still looked after on the birthday: not a care leaver yet.
        c.care.episodes = vec![episode("C2", d(2020, 1, 1), Some(d(2025, 10, 11)))];
        c.care.care_leaver_contacts = vec![contact(d(2025, 10, 19), "YES")];
        assert!(tables_for(c).oc3.is_empty());
    }

    #[test]
    fn social_worker_episodes_follow_changes_of_worker() {
        let mut c = child(Sex::Male, d(2012, 1, 1));
        c.care.episodes = vec![episode("C2", d(2024, 1, 1), None)];
        let w = UserId::from_u128;
        let team = TeamId::from_u128;
        c.allocations = vec![
            Allocation { team_id: team(1), worker_id: Some(w(1)), from: d(2024, 1, 1) },
            Allocation { team_id: team(1), worker_id: Some(w(1)), from: d(2024, 6, 1) },
            Allocation { team_id: team(1), worker_id: Some(w(2)), from: d(2025, 5, 1) },
            Allocation { team_id: team(2), worker_id: Some(w(3)), from: d(2025, 9, 1) },
            // Reallocated the same day: worker 4 never held the case.
            Allocation { team_id: team(2), worker_id: Some(w(4)), from: d(2025, 12, 1) },
            Allocation { team_id: team(2), worker_id: Some(w(5)), from: d(2025, 12, 1) },
            Allocation { team_id: team(2), worker_id: None, from: d(2026, 2, 1) },
            Allocation { team_id: team(2), worker_id: Some(w(5)), from: d(2026, 2, 20) },
        ];
        let t = tables_for(c);
        let rows: Vec<_> = t.sw_episodes.iter().map(|r| (r.sw_id.clone(), r.sw_decom, r.sw_dec, r.sw_reason.as_deref())).collect();
        let id = |n| Some(social_worker_id(w(n)));
        assert_eq!(
            rows,
            [
                (id(1), Some(d(2024, 1, 1)), Some(d(2025, 5, 1)), Some("FCONTA")),
                (id(2), Some(d(2025, 5, 1)), Some(d(2025, 9, 1)), None),
                (id(3), Some(d(2025, 9, 1)), Some(d(2025, 12, 1)), Some("TSPROC")),
                // Waiting for a worker from 1 to 20 February: worker 5's
                // episode runs on until another worker takes over.
                (id(5), Some(d(2025, 12, 1)), None, None),
            ]
        );
    }

    #[test]
    fn an_allocation_without_a_worker_leaves_the_last_workers_episode_open() {
        let mut c = child(Sex::Male, d(2007, 10, 10));
        c.care.episodes = vec![episode("V2", d(2024, 12, 5), Some(d(2025, 10, 10)))];
        let w = UserId::from_u128;
        let team = TeamId::from_u128;
        c.allocations = vec![
            Allocation { team_id: team(1), worker_id: Some(w(1)), from: d(2024, 8, 30) },
            // Waiting for a worker in the next team: worker 1 holds the case.
            Allocation { team_id: team(2), worker_id: None, from: d(2024, 10, 14) },
            Allocation { team_id: team(3), worker_id: Some(w(2)), from: d(2024, 12, 5) },
            // Reallocated and back the same day: worker 3 never held it.
            Allocation { team_id: team(3), worker_id: Some(w(3)), from: d(2025, 2, 1) },
            Allocation { team_id: team(3), worker_id: Some(w(2)), from: d(2025, 2, 1) },
            // A care leaver with a personal adviser, and no social worker after.
            Allocation { team_id: team(4), worker_id: None, from: d(2025, 10, 10) },
        ];
        let rows =
            |t: &Ssda903| t.sw_episodes.iter().map(|r| (r.sw_id.clone(), r.sw_decom, r.sw_dec, r.sw_reason.clone())).collect::<Vec<_>>();
        let id = |n| Some(social_worker_id(w(n)));
        let reason = |r: &str| Some(r.to_string());
        let last_year =
            tables(&History { children: [(c.person_id, c.clone())].into(), ..History::default() }, CollectionYear::starting(2024));
        assert_eq!(
            rows(&last_year),
            [(id(1), Some(d(2024, 8, 30)), Some(d(2024, 12, 5)), reason("FCONTA")), (id(2), Some(d(2024, 12, 5)), None, reason("TSPROC"))]
        );
        assert_eq!(rows(&tables_for(c)), [(id(2), Some(d(2024, 12, 5)), None, reason("TSPROC"))]);
    }

    #[test]
    fn social_worker_ids_are_stable_and_start_xx() {
        let id = social_worker_id(UserId::from_u128(7));
        assert_eq!(id, social_worker_id(UserId::from_u128(7)));
        assert_ne!(id, social_worker_id(UserId::from_u128(8)));
        assert_eq!(id.len(), 12);
        assert!(id.starts_with("XX") && id[2..].bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_lowercase()), "{id}");
    }

    #[test]
    fn adoption_rows_follow_the_decision_and_the_order() {
        let mut c = child(Sex::Female, d(2021, 1, 1));
        c.care.episodes = vec![episode("E1", d(2023, 1, 1), Some(d(2025, 7, 1)))];
        c.care.adoption = Some(AdoptionRecord {
            decision_on: Some(d(2024, 2, 1)),
            adoption_order_on: Some(d(2025, 7, 1)),
            by_foster_carer: Some(true),
            ..AdoptionRecord::default()
        });
        let t = tables_for(c.clone());
        assert_eq!(t.ad1.len(), 1);
        assert_eq!((t.ad1[0].date_int, t.ad1[0].foster_care.as_deref()), (Some(d(2024, 2, 1)), Some("1")));
        assert_eq!(t.placed_adoption.iter().map(|p| p.date_placed).collect::<Vec<_>>(), [Some(d(2024, 2, 1))]);

        // Decided, then no longer the plan before the year began: neither table.
        c.care.episodes = vec![episode("E1", d(2023, 1, 1), None)];
        c.care.adoption = Some(AdoptionRecord {
            decision_on: Some(d(2024, 2, 1)),
            no_longer_plan_on: Some(d(2025, 3, 1)),
            no_longer_plan_reason: Some("RD1".to_string()),
            ..AdoptionRecord::default()
        });
        let t = tables_for(c.clone());
        assert!(t.ad1.is_empty() && t.placed_adoption.is_empty());

        // No longer the plan during the year: the row says when and why.
        if let Some(a) = c.care.adoption.as_mut() {
            a.no_longer_plan_on = Some(d(2025, 6, 1));
        }
        let t = tables_for(c);
        let p = &t.placed_adoption[0];
        assert_eq!((p.date_placed_ceased, p.reason_placed_ceased.as_deref()), (Some(d(2025, 6, 1)), Some("RD1")));
    }

    #[test]
    fn uasc_rows_are_for_children_who_were_uasc_in_the_year() {
        let mut c = child(Sex::Male, d(2007, 5, 1));
        c.care.episodes = vec![episode("V2", d(2024, 1, 1), None)];
        c.care.uasc = Some(UascStatus { since: d(2024, 1, 1), ceased_on: Some(d(2025, 5, 1)) });
        let t = tables_for(c.clone());
        assert_eq!(t.uasc.iter().map(|u| (u.sex.as_deref(), u.duc)).collect::<Vec<_>>(), [(Some("M"), Some(d(2025, 5, 1)))]);
        c.care.uasc = Some(UascStatus { since: d(2024, 1, 1), ceased_on: Some(d(2025, 3, 31)) });
        assert!(tables_for(c).uasc.is_empty());
    }

    #[test]
    fn a_child_without_a_upn_is_un1_before_school_age_and_un5_after() {
        // School age for 2025-26: four by 31 August 2024.
        let mut c = child(Sex::Male, d(2020, 8, 31));
        c.care.episodes = vec![episode("C2", d(2024, 1, 1), None)];
        assert_eq!(tables_for(c.clone()).header[0].upn.as_deref(), Some("UN5"), "four on 31 August 2024");
        c.date_of_birth = Some(d(2020, 9, 1));
        assert_eq!(tables_for(c.clone()).header[0].upn.as_deref(), Some("UN1"), "four on 1 September 2024");
        c.upn = Some(" a820200212345 ".to_string());
        assert_eq!(tables_for(c.clone()).header[0].upn.as_deref(), Some("A820200212345"));
        c.upn = None;
        c.date_of_birth = None;
        assert_eq!(tables_for(c).header[0].upn.as_deref(), Some("UN5"), "no date of birth");
    }

    #[test]
    fn oc3_at_17_or_18_only_for_those_who_left_before_the_birthday() {
        let mut c = child(Sex::Male, d(2007, 10, 10));
        c.care.care_leaver_contacts = vec![contact(d(2025, 10, 12), "YES")];
        // Left care on their 18th birthday: first reported at 19.
        c.care.episodes = vec![episode("C2", d(2020, 1, 1), Some(d(2025, 10, 10)))];
        let t = tables_for(c.clone());
        assert!(t.oc3.is_empty());
        assert_eq!(t.header.len(), 1, "looked after in the year");
        // Left a day before it.
        c.care.episodes = vec![episode("C2", d(2020, 1, 1), Some(d(2025, 10, 9)))];
        assert_eq!(tables_for(c.clone()).oc3.iter().map(|r| r.in_touch.as_deref()).collect::<Vec<_>>(), [Some("YES")]);
        // At 19, leaving on the 18th birthday is no bar.
        c.date_of_birth = Some(d(2006, 10, 10));
        c.care.episodes = vec![episode("C2", d(2020, 1, 1), Some(d(2024, 10, 10)))];
        assert_eq!(tables_for(c).oc3.len(), 1);
    }

    #[test]
    fn prev_perm_is_z1_unless_recorded_for_every_child_starting_care() {
        let mut c = child(Sex::Male, d(2015, 1, 1));
        c.care.episodes = vec![episode("C2", d(2025, 6, 1), None)];
        let row =
            |t: &Ssda903| t.prev_perm.iter().map(|p| (p.prev_perm.clone(), p.la_perm.clone(), p.date_perm.clone())).collect::<Vec<_>>();
        assert_eq!(row(&tables_for(c.clone())), [(Some("Z1".to_string()), None, None)]);
        c.care.previous_permanence = Some(crate::history::care::PreviousPermanence {
            kind: "p2".to_string(),
            la: Some("999".to_string()),
            date: Some("zz/05/2019".to_string()),
        });
        assert_eq!(row(&tables_for(c.clone())), [(Some("P2".to_string()), Some("999".to_string()), Some("ZZ/05/2019".to_string()))]);
        // Looked after since before the year: not asked.
        c.care.episodes = vec![episode("C2", d(2025, 3, 1), Some(d(2025, 6, 1))), episode("C2", d(2025, 6, 1), None)];
        assert!(tables_for(c).prev_perm.is_empty());
    }

    #[test]
    fn intervention_offered_is_left_blank_once_one_was_received() {
        let mut c = child(Sex::Male, d(2010, 1, 1));
        c.care.episodes = vec![episode("C2", d(2020, 1, 1), None)];
        let outcome = |received| HealthOutcome {
            year_ending: d(2026, 3, 31),
            sdq_score: Some(12),
            sdq_reason: None,
            convicted: Some(false),
            health_check: None,
            immunisations: Some(true),
            teeth_check: Some(true),
            health_assessment: Some(true),
            substance_misuse: Some(true),
            intervention_received: Some(received),
            intervention_offered: Some(true),
            last_health_assessment_on: None,
            last_dental_check_on: None,
        };
        c.care.health = vec![outcome(true)];
        let t = tables_for(c.clone());
        assert_eq!((t.oc2[0].intervention_received.as_deref(), t.oc2[0].intervention_offered.as_deref()), (Some("1"), None));
        c.care.health = vec![outcome(false)];
        let t = tables_for(c);
        assert_eq!((t.oc2[0].intervention_received.as_deref(), t.oc2[0].intervention_offered.as_deref()), (Some("0"), Some("1")));
    }
}
