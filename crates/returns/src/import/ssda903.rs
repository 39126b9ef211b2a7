//! An SSDA903 return turned into care events: per `Header` row a child, and
//! their episodes of care, looked-after reviews, missing spells, UASC
//! status, health outcomes (OC2), care leaver contact (OC3), adoption
//! milestones (AD1, PlacedAdoption) and previous permanence.
//!
//! Children are matched to nobody already in Hearth: each Header row is a
//! new child, with the 903 `CHILD` id kept on the import marker. Rows are
//! placed by file and line (the header row is line 1).

use super::events::{ChildPlan, Planned, import_marker};
use super::{ChildImport, Ids, ImportPlan, ImportSource};
use crate::file_error::FileError;
use crate::period::CollectionYear;
use crate::ssda903::model::{EpisodeRow, HeaderRow, Ssda903};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use hearth_domain::care_codes::{
    AdopterLegalStatus, CareLeaverAccommodation, CareLeaverActivity, InTouch, LegalStatus, MissingKind, PlacementProvider, PlacementType,
    PreviousPermanenceKind, ReasonEpisodeCeased, ReasonNewEpisode, ReasonPlaceChange, ReasonPlacedCeased, ReviewParticipation, SdqReason,
    SexOfAdopters,
};
use hearth_domain::codes::{Ethnicity, PrimaryNeed, Sex};
use hearth_domain::events::{
    AdoptionMilestone, AdoptionMilestoneRecorded, CareEpisodeEnded, CareEpisodeStarted, CareLeaverContactRecorded,
    ChildBornToLookedAfterYoungPerson, ChildRecorded, EventPayload, HealthOutcomesRecorded, LookedAfterReviewHeld, MissingEpisodeRecorded,
    PreviousPermanenceRecorded, UascStatusRecorded,
};
use hearth_domain::ids::{CareEpisodeId, CareReviewId, MissingSpellId, PersonId};
use hearth_domain::people::{PersonName, Upn};
use sha2::{Digest, Sha256};

const KIND: &str = "SSDA903 return";

// The order of one child's events on one day: an episode ends (X1) before
// the next starts, and reviews and the rest follow the episode they need.
const R_END: u8 = 1;
const R_START: u8 = 2;
const R_AFTER: u8 = 3;

/// The source of a 903 return: the directory's name, and a SHA-256 over its
/// files' names and contents in name order.
pub fn source_for(files: &[(String, String)], dir_name: &str, imported_at: DateTime<Utc>) -> ImportSource {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hasher = Sha256::new();
    for (name, text) in sorted {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let mut source = ImportSource::new(dir_name, &[], imported_at);
    source.sha256 = hex::encode(hasher.finalize());
    source
}

/// Plans the import of a 903 return.
pub fn plan(tables: &Ssda903, source: &ImportSource) -> ImportPlan {
    let ids = Ids::new(source);
    let today = hearth_domain::uk_time::to_uk(source.imported_at).date();
    let year_end = year_end(tables, today);
    let mut problems = Vec::new();
    let known: Vec<&str> = tables.header.iter().map(|h| h.child.trim()).collect();
    for (file, child) in rows_of_unknown_children(tables, &known) {
        problems.push(FileError::new(None, "CHILD", format!("Child {child:?} has no Header row")).in_file(file));
    }
    let children =
        tables.header.iter().enumerate().map(|(i, h)| child(h, i, tables, &Ctx { source, ids: &ids, today, year_end })).collect();
    ImportPlan { children, problems }
}

struct Ctx<'a> {
    source: &'a ImportSource,
    ids: &'a Ids,
    today: NaiveDate,
    /// The 31 March the return's year ends on (OC2 outcomes are for it).
    year_end: NaiveDate,
}

/// The year the return covers: the one its latest date falls in.
fn year_end(t: &Ssda903, today: NaiveDate) -> NaiveDate {
    let dates = t
        .episodes
        .iter()
        .flat_map(|e| [e.decom, e.dec])
        .chain(t.reviews.iter().map(|r| r.review))
        .chain(t.missing.iter().flat_map(|m| [m.mis_start, m.mis_end]))
        .flatten()
        .filter(|d| *d <= today);
    let latest = dates.max().unwrap_or(today);
    CollectionYear::containing(latest).end()
}

fn rows_of_unknown_children<'t>(t: &'t Ssda903, known: &[&str]) -> Vec<(&'static str, &'t str)> {
    let mut out = Vec::new();
    let mut note = |file: &'static str, child: &'t str| {
        if !known.contains(&child.trim()) && !out.contains(&(file, child)) {
            out.push((file, child));
        }
    };
    t.episodes.iter().for_each(|r| note("episodes.csv", &r.child));
    t.reviews.iter().for_each(|r| note("reviews.csv", &r.child));
    t.uasc.iter().for_each(|r| note("uasc.csv", &r.child));
    t.oc2.iter().for_each(|r| note("oc2.csv", &r.child));
    t.oc3.iter().for_each(|r| note("oc3.csv", &r.child));
    t.ad1.iter().for_each(|r| note("ad1.csv", &r.child));
    t.placed_adoption.iter().for_each(|r| note("placed_adoption.csv", &r.child));
    t.prev_perm.iter().for_each(|r| note("prev_perm.csv", &r.child));
    t.missing.iter().for_each(|r| note("missing.csv", &r.child));
    out
}

/// Line of the `i`th row of a table: the header row is line 1.
fn line(i: usize) -> Option<usize> {
    Some(i + 2)
}

/// A code of a 903 code set, where it is given: unknown codes are problems.
fn optional<T>(
    plan: &mut ChildPlan,
    file: &str,
    i: usize,
    column: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, ()> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => match parse(v) {
            Some(x) => Ok(Some(x)),
            None => {
                plan.problems.push(FileError::new(line(i), column, format!("{v:?} is not a 903 {column} code")).in_file(file));
                Err(())
            }
        },
    }
}

fn required<T>(
    plan: &mut ChildPlan,
    file: &str,
    i: usize,
    column: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, ()> {
    match optional(plan, file, i, column, value, parse)? {
        Some(x) => Ok(x),
        None => {
            plan.problems.push(FileError::new(line(i), column, format!("{column} is missing")).in_file(file));
            Err(())
        }
    }
}

fn yes_no(v: &str) -> Option<bool> {
    match v {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// 903 files give sex as 1 and 2, or as the census letters.
fn sex(v: &str) -> Option<Sex> {
    match v {
        "1" => Some(Sex::Male),
        "2" => Some(Sex::Female),
        other => Sex::from_code(other),
    }
}

fn child(h: &HeaderRow, i: usize, t: &Ssda903, ctx: &Ctx<'_>) -> ChildImport {
    let id = h.child.trim();
    let place = format!("header.csv line {}", i + 2);
    let person_id = PersonId::from_u128(ctx.ids.make("child", &format!("CHILD {id}")));
    // Every place this child's events come from names its own file
    // ("episodes.csv line 4"), so the plan has no one file of its own.
    let mut plan = ChildPlan::new(place.clone(), None, person_id);
    let child_sex = required(&mut plan, "header.csv", i, "SEX", h.sex.as_deref(), sex).unwrap_or(Sex::Unknown);
    let ethnicity = optional(&mut plan, "header.csv", i, "ETHNIC", h.ethnic.as_deref(), Ethnicity::from_code).ok().flatten();
    let upn = h.upn.as_deref().and_then(|u| Upn::parse(u).ok());
    let Some(dob) = h.dob else {
        plan.problems.push(FileError::new(line(i), "DOB", "DOB is missing").in_file("header.csv"));
        return plan.finish(Some(id.to_string()), Vec::new(), Vec::new());
    };
    if let Some(born) = h.mc_dob {
        plan.push(
            born,
            0,
            R_AFTER,
            "MC_DOB",
            EventPayload::ChildBornToLookedAfterYoungPerson(ChildBornToLookedAfterYoungPerson { child_id: person_id, born_on: born }),
        );
    }

    episodes(t, id, person_id, &mut plan, ctx);
    for (k, r) in t.reviews.iter().enumerate().filter(|(_, r)| r.child.trim() == id) {
        let Some(held_on) = r.review else {
            plan.problems.push(FileError::new(line(k), "REVIEW", "REVIEW is missing").in_file("reviews.csv"));
            continue;
        };
        if let Ok(participation) =
            required(&mut plan, "reviews.csv", k, "REVIEW_CODE", r.review_code.as_deref(), ReviewParticipation::from_code)
        {
            let review_id = CareReviewId::from_u128(ctx.ids.make("care review", &format!("reviews.csv {k}")));
            let e = LookedAfterReviewHeld { review_id, child_id: person_id, held_on, participation, iro_contact_on: None };
            plan.push(held_on, 0, R_AFTER, &format!("reviews.csv line {}", k + 2), EventPayload::LookedAfterReviewHeld(e));
        }
    }
    for (k, m) in t.missing.iter().enumerate().filter(|(_, r)| r.child.trim() == id) {
        let (Ok(kind), Some(started_on)) =
            (required(&mut plan, "missing.csv", k, "MISSING", m.missing.as_deref(), MissingKind::from_code), m.mis_start)
        else {
            continue;
        };
        let spell_id = MissingSpellId::from_u128(ctx.ids.make("missing", &format!("missing.csv {k}")));
        let e = MissingEpisodeRecorded {
            spell_id,
            child_id: person_id,
            kind,
            started_on,
            ended_on: m.mis_end,
            return_interview_offered: None,
            return_interview_accepted: None,
        };
        plan.push(
            m.mis_end.unwrap_or(started_on),
            0,
            R_AFTER,
            &format!("missing.csv line {}", k + 2),
            EventPayload::MissingEpisodeRecorded(e),
        );
    }
    let first_care = t.episodes.iter().filter(|e| e.child.trim() == id).filter_map(|e| e.decom).min();
    for (k, u) in t.uasc.iter().enumerate().filter(|(_, r)| r.child.trim() == id) {
        let since = first_care.unwrap_or(dob);
        let e = UascStatusRecorded { child_id: person_id, since, ceased_on: u.duc };
        plan.push(since, 0, R_AFTER, &format!("uasc.csv line {}", k + 2), EventPayload::UascStatusRecorded(e));
    }
    for (k, o) in t.oc2.iter().enumerate().filter(|(_, r)| r.child.trim() == id) {
        if let Some(e) = oc2(o, k, person_id, &mut plan, ctx.year_end) {
            plan.push(ctx.year_end, 0, R_AFTER, &format!("oc2.csv line {}", k + 2), EventPayload::HealthOutcomesRecorded(e));
        }
    }
    for (k, o) in t.oc3.iter().enumerate().filter(|(_, r)| r.child.trim() == id) {
        let Ok(in_touch) = required(&mut plan, "oc3.csv", k, "IN_TOUCH", o.in_touch.as_deref(), InTouch::from_code) else { continue };
        let (Ok(activity), Ok(accommodation)) = (
            optional(&mut plan, "oc3.csv", k, "ACTIV", o.activ.as_deref(), CareLeaverActivity::from_code),
            optional(&mut plan, "oc3.csv", k, "ACCOM", o.accom.as_deref(), CareLeaverAccommodation::from_code),
        ) else {
            continue;
        };
        // The contact is about the birthday in the year the return covers.
        let contact_on = birthday_in_year(dob, ctx.year_end);
        let e = CareLeaverContactRecorded { child_id: person_id, contact_on, in_touch, activity, accommodation };
        plan.push(contact_on, 0, R_AFTER, &format!("oc3.csv line {}", k + 2), EventPayload::CareLeaverContactRecorded(e));
    }
    adoption(t, id, person_id, &mut plan);
    for (k, p) in t.prev_perm.iter().enumerate().filter(|(_, r)| r.child.trim() == id) {
        let Ok(kind) = required(&mut plan, "prev_perm.csv", k, "PREV_PERM", p.prev_perm.as_deref(), PreviousPermanenceKind::from_code)
        else {
            continue;
        };
        let e = PreviousPermanenceRecorded {
            child_id: person_id,
            kind,
            la: p.la_perm.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
            date: p.date_perm.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
        };
        plan.push(
            first_care.unwrap_or(dob),
            0,
            R_AFTER,
            &format!("prev_perm.csv line {}", k + 2),
            EventPayload::PreviousPermanenceRecorded(e),
        );
    }

    for p in &plan.events {
        if p.date > ctx.today {
            let e =
                FileError::new(None, p.place.clone(), format!("The date {} is after the date of the import", p.date.format("%-d %B %Y")));
            plan.problems.push(e);
        }
    }
    let recorded_on = plan.events.iter().map(|p| p.date).min().unwrap_or(ctx.today).max(dob);
    let recorded = ChildRecorded {
        person_id,
        name: PersonName { given: "Imported".to_string(), family: "child".to_string(), other: None },
        date_of_birth: Some(dob),
        expected_date_of_birth: None,
        sex: child_sex,
        ethnicity,
        disabilities: Vec::new(),
        upn,
        nhs_number: None,
        address: None,
        team_id: None,
    };
    let first =
        vec![Planned { date: recorded_on, group: 0, rank: 0, place: place.clone(), payload: EventPayload::ChildRecorded(recorded) }];
    let (on, marker) = import_marker(person_id, ctx.source, KIND, Some(id), &[]);
    let last = vec![Planned { date: on, group: 0, rank: 0, place, payload: EventPayload::SignificantEventRecorded(marker) }];
    plan.finish(Some(id.to_string()), first, last)
}

fn birthday_in_year(dob: NaiveDate, year_end: NaiveDate) -> NaiveDate {
    let start = CollectionYear::containing(year_end).start();
    let this = |y: i32| NaiveDate::from_ymd_opt(y, dob.month(), dob.day()).or_else(|| NaiveDate::from_ymd_opt(y, 3, 1));
    match this(start.year()) {
        Some(b) if b >= start => b,
        _ => this(start.year() + 1).unwrap_or(year_end),
    }
}

/// One child's episodes, in `DECOM` order, checked against the store's
/// rules on how one follows another.
fn episodes(t: &Ssda903, id: &str, person_id: PersonId, plan: &mut ChildPlan, ctx: &Ctx<'_>) {
    let mut rows: Vec<(usize, &EpisodeRow)> = t.episodes.iter().enumerate().filter(|(_, e)| e.child.trim() == id).collect();
    rows.sort_by_key(|(k, e)| (e.decom, *k));
    let mut previous: Option<(Option<NaiveDate>, Option<ReasonEpisodeCeased>)> = None;
    // The 903 gives the reason a placement changed on the episode that
    // ended (rule 225); Hearth records it on the episode the change began.
    let mut change_carried: Option<(usize, ReasonPlaceChange)> = None;
    let file = "episodes.csv";
    for (k, e) in rows {
        let Some(started_on) = e.decom else {
            plan.problems.push(FileError::new(line(k), "DECOM", "DECOM is missing").in_file(file));
            return;
        };
        let parsed = (
            required(plan, file, k, "RNE", e.rne.as_deref(), ReasonNewEpisode::from_code),
            required(plan, file, k, "LS", e.ls.as_deref(), LegalStatus::from_code),
            required(plan, file, k, "CIN", e.cin.as_deref(), PrimaryNeed::from_code),
            required(plan, file, k, "PLACE", e.place.as_deref(), PlacementType::from_code),
            optional(plan, file, k, "PLACE_PROVIDER", e.place_provider.as_deref(), PlacementProvider::from_code),
            optional(plan, file, k, "REASON_PLACE_CHANGE", e.reason_place_change.as_deref(), ReasonPlaceChange::from_code),
            optional(plan, file, k, "REC", e.rec.as_deref(), ReasonEpisodeCeased::from_code),
        );
        let (Ok(rne), Ok(ls), Ok(cin), Ok(place), Ok(provider), Ok(change_given), Ok(rec)) = parsed else { return };
        let follows = match previous {
            // The first episode in the return may continue care from an
            // earlier year the return does not hold: it is imported as it is.
            None => Ok(()),
            Some((None, _)) => Err("The episode before this one has not ended".to_string()),
            Some((Some(ended), Some(ReasonEpisodeCeased::ContinuesInNewEpisode)))
                if rne == ReasonNewEpisode::Started || ended != started_on =>
            {
                Err("After an episode ended with X1, the next starts that day and is not a new period of care (S)".to_string())
            }
            Some((Some(ended), r))
                if r != Some(ReasonEpisodeCeased::ContinuesInNewEpisode) && (rne != ReasonNewEpisode::Started || started_on < ended) =>
            {
                Err("After care ended, a new period of care starts with S, on or after the day it ended".to_string())
            }
            Some(_) => Ok(()),
        };
        if let Err(m) = follows {
            plan.problems.push(FileError::new(line(k), "RNE", m).in_file(file));
            return;
        }
        let change = match change_carried.take() {
            Some((_, reason)) if rne.placement_changed() => Some(reason),
            Some((from, _)) => {
                let m = "REASON_PLACE_CHANGE is given, but the next episode does not start with a change of placement (P, B, T or U)";
                plan.problems.push(FileError::new(line(from), "REASON_PLACE_CHANGE", m).in_file(file));
                return;
            }
            None => None,
        };
        if let Some(reason) = change_given {
            if rec != Some(ReasonEpisodeCeased::ContinuesInNewEpisode) {
                let m = "REASON_PLACE_CHANGE is given only on an episode that ended with X1 for a change of placement";
                plan.problems.push(FileError::new(line(k), "REASON_PLACE_CHANGE", m).in_file(file));
                return;
            }
            change_carried = Some((k, reason));
        }
        let episode_id = CareEpisodeId::from_u128(ctx.ids.make("care episode", &format!("{file} {k}")));
        let at = format!("{file} line {}", k + 2);
        let started = CareEpisodeStarted {
            episode_id,
            child_id: person_id,
            started_on,
            reason_new_episode: rne,
            legal_status: ls,
            category_of_need: cin,
            placement_type: place,
            placement_provider: provider,
            home_postcode: e.home_post.clone().filter(|p| !p.trim().is_empty()),
            placement_postcode: e.pl_post.clone().filter(|p| !p.trim().is_empty()),
            urn: e.urn.clone().filter(|u| !u.trim().is_empty()),
            reason_place_change: change,
        };
        plan.push(started_on, 0, R_START, &at, EventPayload::CareEpisodeStarted(started));
        match (e.dec, rec) {
            (Some(ended_on), Some(reason_ceased)) => {
                if ended_on < started_on {
                    plan.problems.push(FileError::new(line(k), "DEC", "DEC is before DECOM").in_file(file));
                    return;
                }
                // An episode ending the day it starts ends after it starts.
                let rank = if ended_on == started_on { R_AFTER } else { R_END };
                plan.push(
                    ended_on,
                    0,
                    rank,
                    &at,
                    EventPayload::CareEpisodeEnded(CareEpisodeEnded { episode_id, child_id: person_id, ended_on, reason_ceased }),
                );
            }
            (None, None) => {}
            _ => {
                plan.problems.push(FileError::new(line(k), "REC", "DEC and REC are given together or not at all").in_file(file));
                return;
            }
        }
        previous = Some((e.dec, rec));
    }
    if let Some((from, _)) = change_carried {
        let m = "REASON_PLACE_CHANGE is given, but no episode follows this one";
        plan.problems.push(FileError::new(line(from), "REASON_PLACE_CHANGE", m).in_file(file));
    }
}

fn oc2(
    o: &crate::ssda903::model::Oc2Row,
    k: usize,
    child_id: PersonId,
    plan: &mut ChildPlan,
    year_ending: NaiveDate,
) -> Option<HealthOutcomesRecorded> {
    let f = "oc2.csv";
    let score = match o.sdq_score.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse::<u8>() {
            Ok(n) => Some(n),
            Err(_) => {
                plan.problems.push(FileError::new(line(k), "SDQ_SCORE", format!("{s:?} is not a score from 0 to 40")).in_file(f));
                return None;
            }
        },
    };
    let mut flag = |column: &str, v: &Option<String>| optional(plan, f, k, column, v.as_deref(), yes_no);
    let flags = [
        flag("CONVICTED", &o.convicted),
        flag("HEALTH_CHECK", &o.health_check),
        flag("IMMUNISATIONS", &o.immunisations),
        flag("TEETH_CHECK", &o.teeth_check),
        flag("HEALTH_ASSESSMENT", &o.health_assessment),
        flag("SUBSTANCE_MISUSE", &o.substance_misuse),
        flag("INTERVENTION_RECEIVED", &o.intervention_received),
        flag("INTERVENTION_OFFERED", &o.intervention_offered),
    ];
    let sdq_reason = optional(plan, f, k, "SDQ_REASON", o.sdq_reason.as_deref(), SdqReason::from_code).ok()?;
    let [
        Ok(convicted),
        Ok(health_check),
        Ok(immunisations),
        Ok(teeth_check),
        Ok(health_assessment),
        Ok(substance_misuse),
        Ok(intervention_received),
        Ok(intervention_offered),
    ] = flags
    else {
        return None;
    };
    Some(HealthOutcomesRecorded {
        child_id,
        year_ending,
        sdq_score: score,
        sdq_reason,
        convicted,
        health_check,
        immunisations,
        teeth_check,
        health_assessment,
        substance_misuse,
        intervention_received,
        intervention_offered,
        last_health_assessment_on: None,
        last_dental_check_on: None,
    })
}

/// AD1's decision and match, and PlacedAdoption's decision and its
/// reversal. `DATE_PLACED` is, despite its name, the date of the decision
/// that the child should be placed for adoption (as AD1's `DATE_INT`), so
/// a decision both tables give is recorded once.
fn adoption(t: &Ssda903, id: &str, child_id: PersonId, plan: &mut ChildPlan) {
    let mut decided: Vec<NaiveDate> = Vec::new();
    let milestone = |milestone, on| AdoptionMilestoneRecorded {
        child_id,
        milestone,
        on,
        reason: None,
        by_foster_carer: None,
        number_of_adopters: None,
        sex_of_adopters: None,
        legal_status_of_adopters: None,
    };
    for (k, a) in t.ad1.iter().enumerate().filter(|(_, r)| r.child.trim() == id) {
        let f = "ad1.csv";
        let at = format!("{f} line {}", k + 2);
        if let Some(on) = a.date_int.filter(|on| !decided.contains(on)) {
            decided.push(on);
            plan.push(on, 0, R_AFTER, &at, EventPayload::AdoptionMilestoneRecorded(milestone(AdoptionMilestone::Decision, on)));
        }
        if let Some(on) = a.date_match {
            let (Ok(by_foster_carer), Ok(sex_of_adopters), Ok(legal_status_of_adopters), Ok(number)) = (
                optional(plan, f, k, "FOSTER_CARE", a.foster_care.as_deref(), yes_no),
                optional(plan, f, k, "SEX_ADOPTR", a.sex_adoptr.as_deref(), SexOfAdopters::from_code),
                optional(plan, f, k, "LS_ADOPTR", a.ls_adoptr.as_deref(), AdopterLegalStatus::from_code),
                optional(plan, f, k, "NB_ADOPTR", a.nb_adoptr.as_deref(), |v| v.parse::<u8>().ok()),
            ) else {
                continue;
            };
            let m = AdoptionMilestoneRecorded {
                by_foster_carer,
                number_of_adopters: number,
                sex_of_adopters,
                legal_status_of_adopters,
                ..milestone(AdoptionMilestone::Matched, on)
            };
            plan.push(on, 0, R_AFTER, &at, EventPayload::AdoptionMilestoneRecorded(m));
        }
    }
    for (k, p) in t.placed_adoption.iter().enumerate().filter(|(_, r)| r.child.trim() == id) {
        let f = "placed_adoption.csv";
        let at = format!("{f} line {}", k + 2);
        if let Some(on) = p.date_placed.filter(|on| !decided.contains(on)) {
            decided.push(on);
            plan.push(on, 0, R_AFTER, &at, EventPayload::AdoptionMilestoneRecorded(milestone(AdoptionMilestone::Decision, on)));
        }
        if let Some(on) = p.date_placed_ceased {
            let Ok(reason) = required(plan, f, k, "REASON_PLACED_CEASED", p.reason_placed_ceased.as_deref(), ReasonPlacedCeased::from_code)
            else {
                continue;
            };
            let m = AdoptionMilestoneRecorded { reason: Some(reason), ..milestone(AdoptionMilestone::NoLongerPlan, on) };
            plan.push(on, 0, R_AFTER, &at, EventPayload::AdoptionMilestoneRecorded(m));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssda903::model::{Oc2Row, ReviewRow};
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn source() -> ImportSource {
        let files = vec![("header.csv".to_string(), "CHILD\r\n".to_string())];
        source_for(&files, "903_2026", Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap())
    }

    fn episode(decom: NaiveDate, rne: &str, dec: Option<NaiveDate>, rec: Option<&str>) -> EpisodeRow {
        EpisodeRow {
            child: "903-1".into(),
            decom: Some(decom),
            rne: Some(rne.into()),
            ls: Some("C2".into()),
            cin: Some("N1".into()),
            place: Some("U4".into()),
            place_provider: Some("PR1".into()),
            dec,
            rec: rec.map(str::to_string),
            ..Default::default()
        }
    }

    fn tables() -> Ssda903 {
        Ssda903 {
            header: vec![HeaderRow {
                child: "903-1".into(),
                sex: Some("2".into()),
                dob: Some(d(2012, 3, 4)),
                ethnic: Some("WBRI".into()),
                ..Default::default()
            }],
            episodes: vec![episode(d(2025, 6, 2), "P", None, None), episode(d(2025, 5, 1), "S", Some(d(2025, 6, 2)), Some("X1"))],
            reviews: vec![ReviewRow {
                child: "903-1".into(),
                review: Some(d(2025, 5, 28)),
                review_code: Some("PN1".into()),
                ..Default::default()
            }],
            oc2: vec![Oc2Row { child: "903-1".into(), sdq_score: Some("12".into()), health_check: Some("1".into()), ..Default::default() }],
            ..Default::default()
        }
    }

    fn types(c: &ChildImport) -> Vec<&'static str> {
        c.events.iter().map(|e| e.payload.type_name()).collect()
    }

    #[test]
    fn episodes_chain_with_x1_and_each_table_becomes_its_event() {
        let plan = plan(&tables(), &source());
        assert!(!plan.has_problems(), "{:?}", plan.all_problems());
        let c = &plan.children[0];
        assert_eq!(
            types(c),
            vec![
                "ChildRecorded",
                "CareEpisodeStarted",
                "LookedAfterReviewHeld",
                "CareEpisodeEnded",
                "CareEpisodeStarted",
                "HealthOutcomesRecorded",
                "SignificantEventRecorded"
            ]
        );
        let EventPayload::ChildRecorded(r) = &c.events[0].payload else { panic!("no child") };
        assert_eq!((r.sex, r.date_of_birth, r.ethnicity), (Sex::Female, Some(d(2012, 3, 4)), Some(Ethnicity::WhiteBritish)));
        let EventPayload::HealthOutcomesRecorded(o) = &c.events[5].payload else { panic!("no outcomes") };
        assert_eq!((o.year_ending, o.sdq_score, o.health_check), (d(2026, 3, 31), Some(12), Some(true)));
        assert_eq!(c.source_id.as_deref(), Some("903-1"));
    }

    #[test]
    fn a_first_episode_that_continues_care_is_imported_and_unknown_codes_are_problems() {
        let mut t = tables();
        t.episodes.remove(1);
        let plan = super::plan(&t, &source());
        assert!(plan.all_problems().is_empty(), "a return's first episode may continue care from an earlier year");
        let mut t = tables();
        t.episodes[0].ls = Some("Z9".into());
        t.episodes.push(EpisodeRow { child: "nobody".into(), ..Default::default() });
        let plan = super::plan(&t, &source());
        let problems: Vec<String> = plan.all_problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            problems,
            vec![
                "episodes.csv: CHILD: Child \"nobody\" has no Header row".to_string(),
                "episodes.csv: line 2: LS: \"Z9\" is not a 903 LS code".to_string()
            ]
        );
        assert!(plan.events_to_append(true).is_empty());
    }

    #[test]
    fn the_reason_a_placement_changed_moves_from_the_episode_that_ended_to_the_one_that_began() {
        let mut t = tables();
        t.episodes[1].reason_place_change = Some("CARPL".into());
        let plan = super::plan(&t, &source());
        assert!(!plan.has_problems(), "{:?}", plan.all_problems());
        let reasons: Vec<_> = plan.children[0]
            .events
            .iter()
            .filter_map(|e| match &e.payload {
                EventPayload::CareEpisodeStarted(s) => Some((s.started_on, s.reason_place_change)),
                _ => None,
            })
            .collect();
        assert_eq!(reasons, vec![(d(2025, 5, 1), None), (d(2025, 6, 2), ReasonPlaceChange::from_code("CARPL"))]);
        assert!(reasons[1].1.is_some());

        // On an episode that did not end with X1, or with nothing after it, the reason has nowhere to go.
        let mut t = tables();
        t.episodes[0].reason_place_change = Some("CARPL".into());
        let problems: Vec<String> = super::plan(&t, &source()).all_problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            problems,
            vec![
                "episodes.csv: line 2: REASON_PLACE_CHANGE: REASON_PLACE_CHANGE is given only on an episode that ended with X1 for a change of \
                 placement"
                    .to_string()
            ]
        );
        let mut t = tables();
        t.episodes[1].reason_place_change = Some("CARPL".into());
        t.episodes[0].rne = Some("L".into());
        let problems: Vec<String> = super::plan(&t, &source()).all_problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            problems,
            vec![
                "episodes.csv: line 3: REASON_PLACE_CHANGE: REASON_PLACE_CHANGE is given, but the next episode does not start with a change \
                 of placement (P, B, T or U)"
                    .to_string()
            ]
        );
    }

    #[test]
    fn date_placed_is_the_decision_to_place_for_adoption_recorded_once() {
        use crate::ssda903::model::{Ad1Row, PlacedAdoptionRow};
        let mut t = tables();
        t.ad1 = vec![Ad1Row { child: "903-1".into(), date_int: Some(d(2025, 5, 20)), ..Default::default() }];
        t.placed_adoption = vec![PlacedAdoptionRow { child: "903-1".into(), date_placed: Some(d(2025, 5, 20)), ..Default::default() }];
        let plan = super::plan(&t, &source());
        assert!(!plan.has_problems(), "{:?}", plan.all_problems());
        let milestones: Vec<_> = plan.children[0]
            .events
            .iter()
            .filter_map(|e| match &e.payload {
                EventPayload::AdoptionMilestoneRecorded(m) => Some((m.milestone, m.on)),
                _ => None,
            })
            .collect();
        assert_eq!(milestones, vec![(AdoptionMilestone::Decision, d(2025, 5, 20))]);
    }

    #[test]
    fn the_source_hashes_every_file_in_name_order() {
        let a = vec![("b.csv".to_string(), "2".to_string()), ("a.csv".to_string(), "1".to_string())];
        let b = vec![("a.csv".to_string(), "1".to_string()), ("b.csv".to_string(), "2".to_string())];
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        assert_eq!(source_for(&a, "dir", at).sha256, source_for(&b, "dir", at).sha256);
        let c = vec![("a.csv".to_string(), "1".to_string()), ("b.csv".to_string(), "3".to_string())];
        assert_ne!(source_for(&a, "dir", at).sha256, source_for(&c, "dir", at).sha256);
        assert_eq!(birthday_in_year(d(2008, 7, 9), d(2026, 3, 31)), d(2025, 7, 9));
        assert_eq!(birthday_in_year(d(2008, 2, 29), d(2026, 3, 31)), d(2026, 3, 1));
    }
}
