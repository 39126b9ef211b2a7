//! A CIN census turned into the events that would have made it: the child,
//! then per `CINdetails` the referral, its assessments, child in need
//! plans, section 47 enquiries (each after a strategy discussion, which
//! Hearth requires), initial conferences, child protection plans with their
//! review conferences, and the episode's closure.
//!
//! The census holds dates and codes only. What Hearth requires beyond them
//! (an assessment's analysis, a meeting's attendees, a plan's contingency)
//! is filled with a statement that it is recorded in the previous system,
//! never with invented content; where Hearth needs a fact the return does
//! not give (an assessment's outcome, why a plan ended) the wording says so.

use super::events::{ChildPlan, Planned, Wording, import_marker};
use super::{ChildImport, Ids, ImportPlan, ImportSource};
use crate::cin::model::{self, CinCensus, CinDetails};
use crate::file_error::FileError;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use hearth_domain::assessment::{Assessment, AssessmentOutcome, parse_factor_codes};
use hearth_domain::calendar::Calendar;
use hearth_domain::child_protection::{
    AbuseCategory, ChildProtectionConference, ChildProtectionPlan, ChildsViews, ConferenceDecision, ConferenceKind, CpPlanEndReason,
    PlanKind, PlanPeriod, Section47Enquiry, Section47Outcome, StrategyDecision, StrategyDiscussion, check_plan_overlap,
};
use hearth_domain::clocks::ClockPolicy;
use hearth_domain::clocks::rules::{ASSESSMENT, INITIAL_CONFERENCE};
use hearth_domain::codes::{AssessmentFactor, ClosureReason, Disability, Ethnicity, PrimaryNeed, ReferralSource, Sex};
use hearth_domain::events::{
    AssessmentAuthorised, AssessmentStarted, AssessmentSubmitted, ChildRecorded, CinPlanEnded, CinPlanStarted, ConferenceHeld, CpPlanEnded,
    CpPlanStarted, EventPayload, PersonDetailsChanged, PrimaryNeedRecorded, ReferralClosed, ReferralOpened, Section47Started,
    Section47Updated, StrategyDiscussionHeld,
};
use hearth_domain::ids::{AssessmentId, ConferenceId, PersonId, PlanId, ReferralId, Section47Id, StrategyDiscussionId};
use hearth_domain::people::{PersonName, Upn};

const KIND: &str = "CIN census";

/// Visits every 4 weeks: the common local standard for a child in need,
/// until the worker sets the plan's own.
const CIN_VISIT_EVERY_DAYS: u32 = 28;
const CIN_REVIEW_EVERY_MONTHS: u32 = 3;

/// Working days from the strategy discussion to the initial conference
/// target (`InitialCPCtarget`).
const ICPC_TARGET_WORKING_DAYS: u32 = 15;

/// How long before its enquiry a strategy discussion is looked for: an
/// enquiry starts at, or within days of, the discussion that decided on it.
const DISCUSSION_DAYS_BEFORE_ENQUIRY: u32 = 10;

// The order of one episode's events on one day.
const R_BIRTH: u8 = 0;
const R_OPEN: u8 = 1;
const R_NEED: u8 = 2;
const R_ASSESSMENT_START: u8 = 3;
const R_SUBMIT: u8 = 4;
const R_AUTHORISE: u8 = 5;
const R_REVIEW: u8 = 6;
/// Plans end before others start on the same day: the step from a child in
/// need plan to a child protection plan at a conference, and back.
const R_PLAN_END: u8 = 7;
const R_DISCUSSION: u8 = 8;
const R_S47_START: u8 = 9;
const R_S47_END: u8 = 10;
const R_ICPC: u8 = 11;
const R_CP_START: u8 = 12;
const R_CIN_START: u8 = 13;
/// A child in need plan that ends the day it starts.
const R_SAME_DAY_END: u8 = 14;
const R_CLOSE: u8 = 20;

/// The source of a census file: its name and hash, and its header's year,
/// authority and software.
pub fn source_for(census: &CinCensus, file_name: &str, bytes: &[u8], imported_at: DateTime<Utc>) -> ImportSource {
    let mut source = ImportSource::new(file_name, bytes, imported_at);
    source.year = census.header.year.trim().to_string();
    source.la_code = census.header.lea.trim().to_string();
    source.system = census.header.software_code.trim().to_string();
    source
}

/// Plans the import of a census: every child's events and problems.
pub fn plan(census: &CinCensus, source: &ImportSource) -> ImportPlan {
    let ctx = Ctx {
        source,
        ids: Ids::new(source),
        words: Wording::new(source, KIND),
        calendar: Calendar::england_and_wales(),
        today: hearth_domain::uk_time::to_uk(source.imported_at).date(),
    };
    let children = census.children.iter().enumerate().map(|(i, c)| child(c, &format!("Message/Children/Child[{}]", i + 1), &ctx)).collect();
    ImportPlan { children, problems: header(&census.header) }
}

struct Ctx<'s> {
    source: &'s ImportSource,
    ids: Ids,
    words: Wording,
    calendar: Calendar,
    /// The import's date: nothing imported can have happened after it.
    today: NaiveDate,
}

impl Ctx<'_> {
    /// 1 April of the census year the file is for (its `Year` names the
    /// year's end: `2026` for 2025-26).
    fn year_start(&self) -> Option<NaiveDate> {
        let end: i32 = self.source.year.trim().parse().ok()?;
        NaiveDate::from_ymd_opt(end - 1, 4, 1)
    }

    fn id(&self, kind: &str, place: &str) -> u128 {
        self.ids.make(kind, place)
    }
}

fn header(h: &model::Header) -> Vec<FileError> {
    let collection = h.collection.trim();
    if collection.eq_ignore_ascii_case("CIN") {
        Vec::new()
    } else {
        vec![FileError::new(
            None,
            "Message/Header/CollectionDetails/Collection",
            format!("This is not a CIN census: the collection is {collection:?}, not \"CIN\""),
        )]
    }
}

/// The child's identifiers as Hearth records them.
#[derive(Clone, Debug, PartialEq)]
struct Identity {
    date_of_birth: Option<NaiveDate>,
    expected_date_of_birth: Option<NaiveDate>,
    sex: Sex,
    ethnicity: Option<Ethnicity>,
    disabilities: Vec<Disability>,
    upn: Option<Upn>,
    date_of_death: Option<NaiveDate>,
}

fn child(c: &model::Child, place: &str, ctx: &Ctx<'_>) -> ChildImport {
    let person_id = PersonId::from_u128(ctx.id("child", place));
    let mut plan = ChildPlan::new(place.to_string(), None, person_id);
    let mut notes = Vec::new();
    let identity = identity(c, place, &mut plan, &mut notes);

    let mut order: Vec<usize> = (0..c.cin_details.len()).collect();
    order.sort_by_key(|&j| (c.cin_details[j].cin_referral_date, j));
    let mut plans: Vec<(PlanPeriod, String)> = Vec::new();
    let mut previous: Option<(NaiveDate, Option<NaiveDate>)> = None;
    for (group, &j) in order.iter().enumerate() {
        let e = &c.cin_details[j];
        let at = format!("{place}/CINdetails[{}]", j + 1);
        if let (Some((referred, closed)), Some(next)) = (previous, e.cin_referral_date)
            && closed.is_none_or(|c| c > next)
        {
            plan.problem(
                None,
                &format!("{at}/CINreferralDate"),
                format!(
                    "This episode starts on {} while the one referred on {} is still open: a child has one open episode at a time",
                    long(next),
                    long(referred)
                ),
            );
        }
        let span = episode(e, &at, group, &identity, &mut plan, &mut plans, &mut notes, ctx);
        if span.is_some() {
            previous = span;
        }
    }
    check_plans(&plans, &mut plan);

    for p in &plan.events {
        if p.date > ctx.today {
            let message = format!("The date {} is after the date of the import", long(p.date));
            let place = p.place.clone();
            plan.problems.push(FileError::new(None, place, message));
        }
    }
    let first_fact = plan.events.iter().map(|p| p.date).min();
    let first = child_recorded(person_id, &identity, first_fact, ctx.today, place, &mut plan);
    let source_id = c.identifiers.la_child_id.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let (on, marker) = import_marker(person_id, ctx.source, KIND, source_id.as_deref(), &notes);
    let last =
        vec![Planned { date: on, group: 0, rank: 0, place: place.to_string(), payload: EventPayload::SignificantEventRecorded(marker) }];
    plan.finish(source_id, first, last)
}

fn long(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Reads a code of a census code set: missing and unknown codes are problems.
fn code<T>(value: Option<&str>, parse: impl Fn(&str) -> Option<T>, what: &str) -> Result<T, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Err(format!("The {what} is missing")),
        Some(v) => parse(v).ok_or_else(|| format!("{v:?} is not a CIN census {what} code")),
    }
}

fn identity(c: &model::Child, place: &str, plan: &mut ChildPlan, notes: &mut Vec<String>) -> Identity {
    let ids = &c.identifiers;
    let at = format!("{place}/ChildIdentifiers");
    let sex = match ids.sex.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Sex::Unknown,
        Some(s) => Sex::from_code(s).unwrap_or_else(|| {
            plan.problem(None, &format!("{at}/Sex"), format!("{s:?} is not a CIN census sex code: use M, F or U"));
            Sex::Unknown
        }),
    };
    let ethnicity = match c.characteristics.ethnicity.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(e) => {
            let parsed = Ethnicity::from_code(e);
            if parsed.is_none() {
                plan.problem(None, &format!("{place}/ChildCharacteristics/Ethnicity"), format!("{e:?} is not a CIN census ethnicity code"));
            }
            parsed
        }
    };
    let mut disabilities = Vec::new();
    for (k, d) in c.characteristics.disabilities.iter().enumerate() {
        match Disability::from_code(d) {
            Some(x) if !disabilities.contains(&x) => disabilities.push(x),
            Some(_) => {}
            None => plan.problem(
                None,
                &format!("{place}/ChildCharacteristics/Disabilities/Disability[{}]", k + 1),
                format!("{:?} is not a CIN census disability code", d.trim()),
            ),
        }
    }
    let upn = ids.upn.as_deref().map(str::trim).filter(|u| !u.is_empty()).and_then(|u| match Upn::parse(u) {
        Ok(upn) => Some(upn),
        Err(_) => {
            notes.push("The UPN in the return did not pass the DfE's UPN check and was not imported.".to_string());
            None
        }
    });
    let (date_of_birth, expected_date_of_birth) = match (ids.person_birth_date, ids.expected_person_birth_date) {
        (Some(dob), _) => (Some(dob), None),
        (None, Some(edd)) => (None, Some(edd)),
        (None, None) => {
            plan.problem(None, &format!("{at}/PersonBirthDate"), "The child has neither a date of birth nor an expected date of birth");
            (None, None)
        }
    };
    Identity { date_of_birth, expected_date_of_birth, sex, ethnicity, disabilities, upn, date_of_death: ids.person_death_date }
}

/// The child as first recorded, on the date of the first fact about them.
/// A child referred before birth is recorded unborn, and their birth later
/// as a change of details, as a worker would have; a death likewise.
fn child_recorded(
    person_id: PersonId,
    who: &Identity,
    first_fact: Option<NaiveDate>,
    today: NaiveDate,
    place: &str,
    plan: &mut ChildPlan,
) -> Vec<Planned> {
    let at = format!("{place}/ChildIdentifiers");
    let recorded_on = first_fact.or(who.date_of_birth).or(who.expected_date_of_birth).unwrap_or(today);
    let born_later = who.date_of_birth.filter(|dob| *dob > recorded_on);
    let name = PersonName { given: "Imported".to_string(), family: "child".to_string(), other: None };
    let recorded = ChildRecorded {
        person_id,
        name,
        date_of_birth: if born_later.is_some() { None } else { who.date_of_birth },
        expected_date_of_birth: born_later.or(who.expected_date_of_birth),
        sex: if born_later.is_some() { Sex::Unknown } else { who.sex },
        ethnicity: who.ethnicity,
        disabilities: who.disabilities.clone(),
        upn: who.upn.clone(),
        nhs_number: None,
        address: None,
        team_id: None,
    };
    if let Some(dob) = born_later {
        let born = PersonDetailsChanged {
            person_id,
            date_of_birth: Some(dob),
            sex: Some(who.sex).filter(|s| *s != Sex::Unknown),
            ..Default::default()
        };
        plan.push(dob, 0, R_BIRTH, &format!("{at}/PersonBirthDate"), EventPayload::PersonDetailsChanged(born));
    }
    if let Some(died) = who.date_of_death {
        let death = PersonDetailsChanged { person_id, date_of_death: Some(died), ..Default::default() };
        plan.push(died, usize::MAX, u8::MAX, &format!("{at}/PersonDeathDate"), EventPayload::PersonDetailsChanged(death));
    }
    vec![Planned { date: recorded_on, group: 0, rank: 0, place: at, payload: EventPayload::ChildRecorded(recorded) }]
}

/// What one episode's records need to know of it.
struct EpisodeFacts<'e> {
    details: &'e CinDetails,
    group: usize,
    child_id: PersonId,
    referral_id: ReferralId,
    referral_on: NaiveDate,
    closed_on: Option<NaiveDate>,
}

/// One `CINdetails`. Returns its referral and closure dates when it could
/// be opened at all.
#[allow(clippy::too_many_arguments)]
fn episode(
    e: &CinDetails,
    place: &str,
    group: usize,
    who: &Identity,
    plan: &mut ChildPlan,
    plans: &mut Vec<(PlanPeriod, String)>,
    notes: &mut Vec<String>,
    ctx: &Ctx<'_>,
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let Some(referral_on) = e.cin_referral_date else {
        plan.problem(None, &format!("{place}/CINreferralDate"), "The episode has no referral date");
        return None;
    };
    let child_id = plan.person_id;
    let referral_id = ReferralId::from_u128(ctx.id("referral", place));
    let closed_on = referral(e, place, group, child_id, referral_id, referral_on, plan);
    let facts = EpisodeFacts { details: e, group, child_id, referral_id, referral_on, closed_on };

    let mut assessments: Vec<usize> = (0..e.assessments.len()).collect();
    assessments.sort_by_key(|&k| (e.assessments[k].actual_start_date, k));
    let mut in_progress: Option<NaiveDate> = None;
    for &k in &assessments {
        let a = &e.assessments[k];
        let at = format!("{place}/Assessments[{}]", k + 1);
        if let (Some(open_since), Some(start)) = (in_progress, a.actual_start_date) {
            plan.problem(
                None,
                &format!("{at}/AssessmentActualStartDate"),
                format!(
                    "This assessment starts on {} while the one started on {} is not authorised: one assessment at a time per referral",
                    long(start),
                    long(open_since)
                ),
            );
            continue;
        }
        assessment(a, &at, &facts, who, plan, ctx);
        if a.authorisation_date.is_none() {
            in_progress = a.actual_start_date;
        }
    }

    for (k, p) in e.cin_plan_dates.iter().enumerate() {
        let at = format!("{place}/CINPlanDates[{}]", k + 1);
        if let Some(period) = cin_plan(p, &at, &facts, plan, ctx) {
            plans.push((period, at));
        }
    }

    let cp_starts: Vec<(NaiveDate, Option<AbuseCategory>)> = e
        .child_protection_plans
        .iter()
        .filter_map(|p| p.start_date.map(|s| (s, p.initial_category_of_abuse.as_deref().and_then(AbuseCategory::from_code))))
        .collect();
    let mut conferences: Vec<(NaiveDate, ConferenceId)> = Vec::new();
    for (k, s) in e.section47.iter().enumerate() {
        let at = format!("{place}/Section47[{}]", k + 1);
        if let Some(c) = section47(s, &at, &facts, &cp_starts, plan, ctx) {
            conferences.push(c);
        }
    }
    if let Some(held) = e.date_of_initial_cpc
        && !conferences.iter().any(|(on, _)| *on == held)
    {
        let at = format!("{place}/DateOfInitialCPC");
        let s = model::Section47 {
            actual_start_date: Some(held),
            initial_cpc_target: None,
            date_of_initial_cpc: Some(held),
            icpc_not_required: None,
        };
        notes.push(format!(
            "The return records an initial conference on {} with no section 47 enquiry in its episode; Hearth records a conference only \
             after an enquiry, so one is recorded on that day to stand for the enquiry that led to it.",
            long(held)
        ));
        if let Some(c) = section47(&s, &at, &facts, &cp_starts, plan, ctx) {
            conferences.push(c);
        }
    }

    // A plan that began before the collection year carries on into it, but
    // the census holds only the year's enquiries and conferences: the
    // conference that made it is recorded on its start date to stand for it.
    let year_start = ctx.year_start();
    for (k, p) in e.child_protection_plans.iter().enumerate() {
        let Some(started) = p.start_date else { continue };
        if year_start.is_none_or(|y| started >= y) || conferences.iter().any(|(on, _)| *on == started) {
            continue;
        }
        let at = format!("{place}/ChildProtectionPlans[{}]/CPPstartDate", k + 1);
        let s = model::Section47 {
            actual_start_date: Some(started),
            initial_cpc_target: None,
            date_of_initial_cpc: Some(started),
            icpc_not_required: None,
        };
        notes.push(format!(
            "The return has a child protection plan that started on {}, before its year, without the conference that made it; one is \
             recorded on that day to stand for it and the enquiry before it.",
            long(started)
        ));
        if let Some(c) = section47(&s, &at, &facts, &cp_starts, plan, ctx) {
            conferences.push(c);
        }
    }

    for (k, p) in e.child_protection_plans.iter().enumerate() {
        let at = format!("{place}/ChildProtectionPlans[{}]", k + 1);
        if let Some(period) = cp_plan(p, &at, &facts, &conferences, plan, notes, ctx) {
            plans.push((period, at));
        }
    }
    Some((referral_on, closed_on))
}

/// `CINreferralDate`, `ReferralSource`, `PrimaryNeedCode`, `CINclosureDate`
/// and `ReasonForClosure`. Returns the closure date when the episode closes.
fn referral(
    e: &CinDetails,
    place: &str,
    group: usize,
    child_id: PersonId,
    referral_id: ReferralId,
    referral_on: NaiveDate,
    plan: &mut ChildPlan,
) -> Option<NaiveDate> {
    let at = |element: &str| format!("{place}/{element}");
    match code(e.referral_source.as_deref(), ReferralSource::from_code, "referral source") {
        Ok(source) => plan.push(
            referral_on,
            group,
            R_OPEN,
            &at("CINreferralDate"),
            EventPayload::ReferralOpened(ReferralOpened { referral_id, child_id, contact_id: None, referral_date: referral_on, source }),
        ),
        Err(m) => plan.problem(None, &at("ReferralSource"), m),
    }
    if e.primary_need_code.as_deref().is_some_and(|c| !c.trim().is_empty()) {
        match code(e.primary_need_code.as_deref(), PrimaryNeed::from_code, "primary need") {
            Ok(primary_need) => plan.push(
                referral_on,
                group,
                R_NEED,
                &at("PrimaryNeedCode"),
                EventPayload::PrimaryNeedRecorded(PrimaryNeedRecorded { referral_id, child_id, primary_need }),
            ),
            Err(m) => plan.problem(None, &at("PrimaryNeedCode"), m),
        }
    }
    let reason = e.reason_for_closure.as_deref().map(str::trim).filter(|r| !r.is_empty());
    match (e.cin_closure_date, reason) {
        (None, None) => None,
        (None, Some(_)) => {
            plan.problem(None, &at("CINclosureDate"), "A reason for closure is given but the episode has no closure date");
            None
        }
        (Some(closed_on), None) => {
            plan.problem(None, &at("ReasonForClosure"), format!("The episode closed on {} has no reason for closure", long(closed_on)));
            Some(closed_on)
        }
        (Some(closed_on), Some(r)) => {
            if closed_on < referral_on {
                plan.problem(
                    None,
                    &at("CINclosureDate"),
                    format!("The episode closes on {}, before its referral on {}", long(closed_on), long(referral_on)),
                );
                return Some(closed_on);
            }
            match code(Some(r), ClosureReason::from_code, "reason for closure") {
                Ok(reason) => plan.push(
                    closed_on,
                    group,
                    R_CLOSE,
                    &at("CINclosureDate"),
                    EventPayload::ReferralClosed(ReferralClosed { referral_id, child_id, closed_on, reason }),
                ),
                Err(m) => plan.problem(None, &at("ReasonForClosure"), m),
            }
            Some(closed_on)
        }
    }
}

/// Work under a referral must start while it is open.
fn check_open(f: &EpisodeFacts<'_>, start: NaiveDate, place: &str, what: &str, plan: &mut ChildPlan) -> bool {
    match f.closed_on {
        Some(closed) if start > closed => {
            plan.problem(
                None,
                place,
                format!(
                    "The {what} starts on {}, after its episode closed on {}: work starts under an open referral",
                    long(start),
                    long(closed)
                ),
            );
            false
        }
        _ => true,
    }
}

/// What the assessment led to, as the rest of the episode shows it: the
/// census has no outcome, and Hearth needs one.
fn inferred_outcome(e: &CinDetails, started_on: NaiveDate) -> AssessmentOutcome {
    let after = |d: Option<NaiveDate>| d.is_some_and(|d| d >= started_on);
    if e.section47.iter().any(|s| after(s.actual_start_date)) {
        AssessmentOutcome::StrategyDiscussion
    } else if e.cin_plan_dates.iter().any(|p| after(p.start_date)) {
        AssessmentOutcome::ChildInNeedPlan
    } else if e.reason_for_closure.as_deref().map(str::trim) == Some(ClosureReason::EarlyHelpAfterAssessment.code()) {
        AssessmentOutcome::EarlyHelp
    } else {
        AssessmentOutcome::NoFurtherAction
    }
}

/// One `Assessments`: started, and when authorised, submitted and
/// authorised on the authorisation date with its factors.
fn assessment(a: &model::Assessment, place: &str, f: &EpisodeFacts<'_>, who: &Identity, plan: &mut ChildPlan, ctx: &Ctx<'_>) {
    let Some(started_on) = a.actual_start_date else {
        plan.problem(None, &format!("{place}/AssessmentActualStartDate"), "The assessment has no start date");
        return;
    };
    let start_place = format!("{place}/AssessmentActualStartDate");
    if !check_open(f, started_on, &start_place, "assessment", plan) {
        return;
    }
    let assessment_id = AssessmentId::from_u128(ctx.id("assessment", place));
    let unborn_until = who.expected_date_of_birth.or(who.date_of_birth).filter(|birth| *birth > started_on);
    let expected_birth_on = if who.date_of_birth.is_none() || unborn_until.is_some() { unborn_until } else { None };
    plan.push(
        started_on,
        f.group,
        R_ASSESSMENT_START,
        &start_place,
        EventPayload::AssessmentStarted(AssessmentStarted {
            assessment_id,
            child_id: f.child_id,
            referral_id: f.referral_id,
            referral_on: f.referral_on,
            started_on,
            expected_birth_on,
        }),
    );
    let Some(authorised_on) = a.authorisation_date else { return };
    let auth_place = format!("{place}/AssessmentAuthorisationDate");
    if authorised_on < started_on {
        plan.problem(
            None,
            &auth_place,
            format!("The assessment is authorised on {}, before it started on {}", long(authorised_on), long(started_on)),
        );
        return;
    }
    let factors = match factors(&a.factors) {
        Ok(factors) => factors,
        Err(messages) => {
            for m in messages {
                plan.problem(None, &format!("{place}/FactorsIdentifiedAtAssessment"), m);
            }
            return;
        }
    };
    let w = &ctx.words;
    let due = ASSESSMENT.period(&ClockPolicy::default()).due_from(f.referral_on, &ctx.calendar);
    let late_reason =
        if authorised_on > due { w.not_in_return("the reason the assessment took more than 45 working days") } else { String::new() };
    let mut gathered = w.held_elsewhere("the information gathered for the assessment is");
    gathered.push_str(" The outcome recorded here is inferred from what followed in the return.");
    if a.factors.is_empty() {
        gathered.push_str(" The return listed no factors: recorded as \"21 No factors identified\".");
    }
    let record = Assessment {
        referral_on: f.referral_on,
        started_on: Some(started_on),
        information_gathered: gathered,
        analysis: w.held_elsewhere("the analysis is"),
        childs_views: String::new(),
        childs_views_not_obtained_reason: w.held_elsewhere("the child's views are"),
        factors,
        outcome: Some(inferred_outcome(f.details, started_on)),
        completed_on: Some(authorised_on),
        authorised_by: None,
        authorised_on: None,
        late_reason: late_reason.clone(),
    };
    plan.push(
        authorised_on,
        f.group,
        R_SUBMIT,
        &auth_place,
        EventPayload::AssessmentSubmitted(AssessmentSubmitted { assessment_id, child_id: f.child_id, assessment: record }),
    );
    plan.push(
        authorised_on,
        f.group,
        R_AUTHORISE,
        &auth_place,
        EventPayload::AssessmentAuthorised(AssessmentAuthorised {
            assessment_id,
            child_id: f.child_id,
            authorised_on,
            late_reason,
            manager_comment: w.held_elsewhere("the manager's authorisation is"),
        }),
    );
}

/// `FactorsIdentifiedAtAssessment` of an authorised assessment; none
/// listed is "21 No factors identified", the code for that.
fn factors(codes: &[String]) -> Result<Vec<AssessmentFactor>, Vec<String>> {
    if codes.is_empty() {
        return Ok(vec![AssessmentFactor::NoFactors]);
    }
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    parse_factor_codes(&codes).map_err(|e| e.0.into_iter().map(|e| e.message).collect())
}

/// One `CINPlanDates`.
fn cin_plan(p: &model::CinPlanDates, place: &str, f: &EpisodeFacts<'_>, plan: &mut ChildPlan, ctx: &Ctx<'_>) -> Option<PlanPeriod> {
    let start_place = format!("{place}/CINPlanStartDate");
    let Some(started_on) = p.start_date else {
        plan.problem(None, &start_place, "The child in need plan has no start date");
        return None;
    };
    if started_on < f.referral_on {
        plan.problem(None, &start_place, format!("The plan starts before its episode's referral on {}", long(f.referral_on)));
        return None;
    }
    if !check_open(f, started_on, &start_place, "child in need plan", plan) {
        return None;
    }
    let plan_id = PlanId::from_u128(ctx.id("cin plan", place));
    plan.push(
        started_on,
        f.group,
        R_CIN_START,
        &start_place,
        EventPayload::CinPlanStarted(CinPlanStarted {
            plan_id,
            child_id: f.child_id,
            referral_id: f.referral_id,
            started_on,
            visit_every_days: CIN_VISIT_EVERY_DAYS,
            review_every_months: CIN_REVIEW_EVERY_MONTHS,
            plan: ctx.words.held_elsewhere("the child in need plan is"),
            actions: Vec::new(),
        }),
    );
    if let Some(ended_on) = p.end_date {
        if ended_on < started_on {
            plan.problem(None, &format!("{place}/CINPlanEndDate"), format!("The plan ends before it started on {}", long(started_on)));
            return None;
        }
        let rank = if ended_on == started_on { R_SAME_DAY_END } else { R_PLAN_END };
        plan.push(
            ended_on,
            f.group,
            rank,
            &format!("{place}/CINPlanEndDate"),
            EventPayload::CinPlanEnded(CinPlanEnded {
                plan_id,
                child_id: f.child_id,
                ended_on,
                reason: ctx.words.not_in_return("the reason the plan ended"),
            }),
        );
    }
    Some(PlanPeriod { kind: PlanKind::ChildInNeed, started_on, ended_on: p.end_date })
}

/// The strategy discussion a census enquiry implies: the day its target
/// was counted from (15 working days before `InitialCPCtarget`), or the
/// enquiry's own start when there is no target that fits. Never before the
/// referral: an enquiry begun on a Saturday has the same target as one
/// begun the Friday before, and the discussion cannot precede its referral.
fn discussion_date(started_on: NaiveDate, target: Option<NaiveDate>, referral_on: NaiveDate, calendar: &Calendar) -> NaiveDate {
    let Some(target) = target else { return started_on };
    let mut fallback = None;
    let mut d = started_on;
    for _ in 0..=DISCUSSION_DAYS_BEFORE_ENQUIRY {
        if d < referral_on {
            break;
        }
        if calendar.add_working_days(d, ICPC_TARGET_WORKING_DAYS) == target {
            if calendar.is_working_day(d) {
                return d;
            }
            fallback = fallback.or(Some(d));
        }
        match d.pred_opt() {
            Some(p) => d = p,
            None => break,
        }
    }
    fallback.unwrap_or(started_on)
}

/// Reads `ICPCnotRequired`.
fn flag(value: Option<&str>) -> Result<bool, String> {
    match value.map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(format!("{other:?} is not true or false")),
    }
}

/// One `Section47`: the strategy discussion Hearth needs before it, the
/// enquiry, its end, and the initial conference when it had one. Returns
/// the conference's date and id.
fn section47(
    s: &model::Section47,
    place: &str,
    f: &EpisodeFacts<'_>,
    cp_starts: &[(NaiveDate, Option<AbuseCategory>)],
    plan: &mut ChildPlan,
    ctx: &Ctx<'_>,
) -> Option<(NaiveDate, ConferenceId)> {
    let is_census_enquiry = !place.ends_with("/DateOfInitialCPC");
    let start_place = if is_census_enquiry { format!("{place}/S47ActualStartDate") } else { place.to_string() };
    let Some(started_on) = s.actual_start_date else {
        plan.problem(None, &start_place, "The section 47 enquiry has no start date");
        return None;
    };
    let not_required = match flag(s.icpc_not_required.as_deref()) {
        Ok(b) => b,
        Err(m) => {
            plan.problem(None, &format!("{place}/ICPCnotRequired"), m);
            return None;
        }
    };
    let conference_place = if is_census_enquiry { format!("{place}/DateOfInitialCPC") } else { place.to_string() };
    if let Some(held) = s.date_of_initial_cpc {
        if not_required {
            plan.problem(None, &format!("{place}/ICPCnotRequired"), "The enquiry says no initial conference was required, but gives one");
            return None;
        }
        if held < started_on {
            plan.problem(None, &conference_place, format!("The initial conference is before the enquiry started on {}", long(started_on)));
            return None;
        }
    }
    if started_on < f.referral_on {
        plan.problem(
            None,
            &start_place,
            format!("The section 47 enquiry starts on {}, before its episode's referral on {}", long(started_on), long(f.referral_on)),
        );
        return None;
    }
    let w = &ctx.words;
    let discussion_on = discussion_date(started_on, s.initial_cpc_target, f.referral_on, &ctx.calendar);
    let discussion_id = StrategyDiscussionId::from_u128(ctx.id("strategy discussion", place));
    let (information_shared, rationale) = if is_census_enquiry {
        (w.held_elsewhere("the information each agency shared is"), w.held_elsewhere("the reasons for the decision are"))
    } else {
        let why = w.held_elsewhere(
            "the enquiry that led to the initial conference is not in this episode of the return, so this strategy discussion and \
             enquiry stand for it; what happened is",
        );
        (why.clone(), why)
    };
    plan.push(
        discussion_on,
        f.group,
        R_DISCUSSION,
        &start_place,
        EventPayload::StrategyDiscussionHeld(StrategyDiscussionHeld {
            discussion_id,
            child_id: f.child_id,
            referral_id: Some(f.referral_id),
            discussion: StrategyDiscussion {
                held_at: Some(discussion_on.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())),
                attendees: w.attendees(),
                information_shared,
                decision: Some(StrategyDecision::Section47Enquiry),
                rationale,
                interim_safety_plan: w.held_elsewhere("how the child was kept safe during the enquiry is"),
                actions: Vec::new(),
            },
        }),
    );
    let enquiry_id = Section47Id::from_u128(ctx.id("section 47", place));
    plan.push(
        started_on,
        f.group,
        R_S47_START,
        &start_place,
        EventPayload::Section47Started(Section47Started { enquiry_id, child_id: f.child_id, discussion_id, discussion_on, started_on }),
    );
    let ended = |outcome, completed_on, icpc_not_required_reason| Section47Enquiry {
        strategy_discussion_on: discussion_on,
        started_on: Some(started_on),
        child_seen_on: None,
        child_seen_alone: None,
        not_seen_alone_reason: String::new(),
        not_seen_reason: w.held_elsewhere("whether and when the child was seen is"),
        outcome: Some(outcome),
        icpc_not_required_reason,
        completed_on: Some(completed_on),
    };
    if not_required {
        let reason = format!(
            "{} The return does not give the date the enquiry ended, so it is recorded as ending the day it started.",
            w.held_elsewhere("why no initial conference was needed is")
        );
        let enquiry = ended(Section47Outcome::IcpcNotRequired, started_on, reason);
        plan.push(
            started_on,
            f.group,
            R_S47_END,
            &format!("{place}/ICPCnotRequired"),
            EventPayload::Section47Updated(Section47Updated { enquiry_id, child_id: f.child_id, enquiry }),
        );
        return None;
    }
    let held_on = s.date_of_initial_cpc?;
    let enquiry = ended(Section47Outcome::SubstantiatedIcpcNeeded, held_on, String::new());
    plan.push(
        held_on,
        f.group,
        R_S47_END,
        &conference_place,
        EventPayload::Section47Updated(Section47Updated { enquiry_id, child_id: f.child_id, enquiry }),
    );
    let category = cp_starts.iter().find(|(on, _)| *on == held_on).map(|(_, c)| *c);
    let conference_id = ConferenceId::from_u128(ctx.id("initial conference", place));
    let due = INITIAL_CONFERENCE.period(&ClockPolicy::default()).due_from(discussion_on, &ctx.calendar);
    let late_reason = if held_on > due { w.not_in_return("the reason the conference was held after its timescale") } else { String::new() };
    let conference = ChildProtectionConference {
        kind: ConferenceKind::Initial,
        held_on: Some(held_on),
        section47_started_on: Some(started_on),
        plan_started_on: None,
        attendees: w.attendees(),
        childs_views: childs_views(w),
        decision: Some(if category.is_some() { ConferenceDecision::ChildProtectionPlan } else { ConferenceDecision::NoPlan }),
        rationale: w.held_elsewhere("the reasons for the conference's decision are"),
        // A plan with an unknown category is reported on the plan itself.
        category: category.flatten().or(category.map(|_| AbuseCategory::Multiple)),
    };
    plan.push(
        held_on,
        f.group,
        R_ICPC,
        &conference_place,
        EventPayload::ConferenceHeld(ConferenceHeld {
            conference_id,
            child_id: f.child_id,
            enquiry_id: Some(enquiry_id),
            plan_id: None,
            conference,
            late_reason,
            actions: Vec::new(),
        }),
    );
    Some((held_on, conference_id))
}

fn childs_views(w: &Wording) -> ChildsViews {
    ChildsViews {
        views: String::new(),
        not_obtained_reason: w.held_elsewhere("the child's views, and whether an advocate was offered, are"),
        advocacy_offered: Some(false),
        advocate: String::new(),
    }
}

/// One `ChildProtectionPlans`: started at the initial conference of its
/// start date, reviewed at each `CPPreviewDate`, and ended.
fn cp_plan(
    p: &model::ChildProtectionPlan,
    place: &str,
    f: &EpisodeFacts<'_>,
    conferences: &[(NaiveDate, ConferenceId)],
    plan: &mut ChildPlan,
    notes: &mut Vec<String>,
    ctx: &Ctx<'_>,
) -> Option<PlanPeriod> {
    let start_place = format!("{place}/CPPstartDate");
    let Some(started_on) = p.start_date else {
        plan.problem(None, &start_place, "The child protection plan has no start date");
        return None;
    };
    let initial = match code(p.initial_category_of_abuse.as_deref(), AbuseCategory::from_code, "category of abuse") {
        Ok(c) => c,
        Err(m) => {
            plan.problem(None, &format!("{place}/InitialCategoryOfAbuse"), m);
            return None;
        }
    };
    let latest = match p.latest_category_of_abuse.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => initial,
        Some(c) => match AbuseCategory::from_code(c) {
            Some(c) => c,
            None => {
                plan.problem(None, &format!("{place}/LatestCategoryOfAbuse"), format!("{c:?} is not a CIN census category of abuse code"));
                return None;
            }
        },
    };
    let Some(conference_id) = conferences.iter().find(|(on, _)| *on == started_on).map(|(_, id)| *id) else {
        plan.problem(
            None,
            &start_place,
            format!(
                "No initial conference in this episode is dated {}: a child protection plan starts at the initial conference that made it",
                long(started_on)
            ),
        );
        return None;
    };
    if let Some(n) = p.number_of_previous_cpp.as_deref().map(str::trim).filter(|n| !n.is_empty() && *n != "0") {
        notes.push(format!(
            "The return gave {n} previous child protection plans before the one starting on {}; Hearth counts the plans it holds.",
            long(started_on)
        ));
    }
    let plan_id = PlanId::from_u128(ctx.id("cp plan", place));
    let w = &ctx.words;
    plan.push(
        started_on,
        f.group,
        R_CP_START,
        &start_place,
        EventPayload::CpPlanStarted(CpPlanStarted {
            plan_id,
            child_id: f.child_id,
            conference_id,
            plan: ChildProtectionPlan {
                started_on: Some(started_on),
                initial_category: Some(initial),
                latest_category: Some(latest),
                contingency_plan: w.held_elsewhere("the contingency plan is"),
                actions: vec![w.placeholder_action(ctx.id("cp plan action", place), started_on)],
                ended_on: None,
                end_reason: None,
                end_reason_detail: String::new(),
            },
        }),
    );
    // A review with no date cannot be placed on the chronology: the child is
    // refused with the element named, as with any other missing date.
    for (k, _) in p.review_dates.iter().enumerate().filter(|(_, d)| d.is_none()) {
        plan.problem(None, &format!("{place}/Reviews/CPPreviewDate[{}]", k + 1), "A review has no date");
    }
    let mut reviews: Vec<_> = p.review_dates.iter().enumerate().filter_map(|(k, d)| d.map(|d| (k, d))).collect();
    reviews.sort_by_key(|(_, d)| *d);
    for (k, held_on) in reviews {
        let at = format!("{place}/Reviews/CPPreviewDate[{}]", k + 1);
        if held_on <= started_on || p.end_date.is_some_and(|end| held_on > end) {
            plan.problem(None, &at, format!("The review on {} is not within the plan's dates", long(held_on)));
            continue;
        }
        let ends_plan = p.end_date == Some(held_on);
        let conference = ChildProtectionConference {
            kind: ConferenceKind::Review,
            held_on: Some(held_on),
            section47_started_on: None,
            plan_started_on: Some(started_on),
            attendees: w.attendees(),
            childs_views: childs_views(w),
            decision: Some(if ends_plan { ConferenceDecision::NoPlan } else { ConferenceDecision::ChildProtectionPlan }),
            rationale: w.held_elsewhere("the reasons for the conference's decision are"),
            category: (!ends_plan).then_some(latest),
        };
        plan.push(
            held_on,
            f.group,
            R_REVIEW,
            &at,
            EventPayload::ConferenceHeld(ConferenceHeld {
                conference_id: ConferenceId::from_u128(ctx.id("review conference", &at)),
                child_id: f.child_id,
                enquiry_id: None,
                plan_id: Some(plan_id),
                conference,
                late_reason: String::new(),
                actions: Vec::new(),
            }),
        );
    }
    if let Some(ended_on) = p.end_date {
        if ended_on <= started_on {
            plan.problem(None, &format!("{place}/CPPendDate"), format!("The plan must end after the day it started, {}", long(started_on)));
            return None;
        }
        let step_down = f.details.cin_plan_dates.iter().any(|c| c.start_date == Some(ended_on));
        let (reason, reason_detail) = if step_down {
            (CpPlanEndReason::StepDownToChildInNeed, String::new())
        } else {
            (CpPlanEndReason::Other, w.not_in_return("the reason the plan ended"))
        };
        plan.push(
            ended_on,
            f.group,
            R_PLAN_END,
            &format!("{place}/CPPendDate"),
            EventPayload::CpPlanEnded(CpPlanEnded { plan_id, child_id: f.child_id, ended_on, reason, reason_detail }),
        );
    }
    Some(PlanPeriod { kind: PlanKind::ChildProtection, started_on, ended_on: p.end_date })
}

/// The census rules on plans that overlap, as the store applies them when
/// each plan starts: checked against the plans started before it.
fn check_plans(plans: &[(PlanPeriod, String)], plan: &mut ChildPlan) {
    let mut order: Vec<usize> = (0..plans.len()).collect();
    // Child protection plans are started before child in need plans on the same day.
    order.sort_by_key(|&i| (plans[i].0.started_on, plans[i].0.kind == PlanKind::ChildInNeed, i));
    for (n, &i) in order.iter().enumerate() {
        let earlier: Vec<PlanPeriod> = order[..n].iter().map(|&j| plans[j].0).collect();
        if let Err(errors) = check_plan_overlap(&earlier, &plans[i].0) {
            for e in errors.0 {
                plan.problem(None, &plans[i].1, e.message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn source() -> ImportSource {
        let mut s = ImportSource::new("census.xml", b"<Message/>", Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
        s.system = "Mosaic".into();
        s
    }

    /// A child with one episode that ran its whole course in 2025-26:
    /// assessment, section 47, conference, plan with a review, ended and
    /// stepped down to a child in need plan, then closed.
    fn full_child() -> model::Child {
        model::Child {
            identifiers: model::ChildIdentifiers {
                la_child_id: Some("MOS-1".into()),
                person_birth_date: Some(d(2015, 6, 1)),
                sex: Some("F".into()),
                ..Default::default()
            },
            characteristics: model::ChildCharacteristics { ethnicity: Some("WBRI".into()), disabilities: vec!["NONE".into()] },
            cin_details: vec![CinDetails {
                // Monday 5 May 2025 is a bank holiday; Tuesday 6 May.
                cin_referral_date: Some(d(2025, 5, 6)),
                referral_source: Some("3A".into()),
                primary_need_code: Some("N1".into()),
                cin_closure_date: Some(d(2026, 2, 2)),
                reason_for_closure: Some("RC7".into()),
                assessments: vec![model::Assessment {
                    actual_start_date: Some(d(2025, 5, 7)),
                    authorisation_date: Some(d(2025, 6, 2)),
                    factors: vec!["3B".into(), "4B".into()],
                    ..Default::default()
                }],
                section47: vec![model::Section47 {
                    actual_start_date: Some(d(2025, 6, 3)),
                    // 15 working days from Tuesday 3 June.
                    initial_cpc_target: Some(d(2025, 6, 24)),
                    date_of_initial_cpc: Some(d(2025, 6, 20)),
                    icpc_not_required: Some("false".into()),
                }],
                child_protection_plans: vec![model::ChildProtectionPlan {
                    start_date: Some(d(2025, 6, 20)),
                    end_date: Some(d(2025, 12, 1)),
                    initial_category_of_abuse: Some("NEG".into()),
                    latest_category_of_abuse: Some("EMO".into()),
                    number_of_previous_cpp: Some("0".into()),
                    review_dates: vec![Some(d(2025, 9, 18)), Some(d(2025, 12, 1))],
                }],
                cin_plan_dates: vec![model::CinPlanDates { start_date: Some(d(2025, 12, 1)), end_date: Some(d(2026, 2, 2)) }],
                referral_nfa: Some("false".into()),
                ..Default::default()
            }],
        }
    }

    fn census(children: Vec<model::Child>) -> CinCensus {
        CinCensus { header: model::Header { collection: "CIN".into(), year: "2026".into(), ..Default::default() }, children }
    }

    fn types(c: &ChildImport) -> Vec<&'static str> {
        c.events.iter().map(|e| e.payload.type_name()).collect()
    }

    fn places(c: &ChildImport) -> Vec<(String, String)> {
        c.problems.iter().map(|p| (p.place.clone(), p.message.clone())).collect()
    }

    #[test]
    fn a_whole_episode_becomes_the_events_a_worker_would_have_recorded_in_order() {
        let s = source();
        let plan = plan(&census(vec![full_child()]), &s);
        assert!(!plan.has_problems(), "{:?}", plan.all_problems());
        let c = &plan.children[0];
        assert_eq!(
            types(c),
            vec![
                "ChildRecorded",
                "ReferralOpened",
                "PrimaryNeedRecorded",
                "AssessmentStarted",
                "AssessmentSubmitted",
                "AssessmentAuthorised",
                "StrategyDiscussionHeld",
                "Section47Started",
                "Section47Updated",
                "ConferenceHeld",
                "CpPlanStarted",
                "ConferenceHeld",
                "ConferenceHeld",
                "CpPlanEnded",
                "CinPlanStarted",
                "CinPlanEnded",
                "ReferralClosed",
                "SignificantEventRecorded",
            ]
        );
        assert_eq!(c.source_id.as_deref(), Some("MOS-1"));
        assert_eq!(c.events[0].occurred_at, super::super::at_noon(d(2025, 5, 6)));
        for e in &c.events {
            assert!(e.payload.subjects().contains(&c.person_id), "{}", e.payload.type_name());
        }
        // The same file planned again gives the same events.
        assert_eq!(super::plan(&census(vec![full_child()]), &s), plan);
    }

    #[test]
    fn a_census_of_another_collection_is_refused_whole() {
        let mut c = census(vec![]);
        c.header.collection = "SSDA903".into();
        assert_eq!(
            plan(&c, &source()).problems,
            vec![FileError::new(
                None,
                "Message/Header/CollectionDetails/Collection",
                "This is not a CIN census: the collection is \"SSDA903\", not \"CIN\""
            )]
        );
        assert!(plan(&census(vec![]), &source()).problems.is_empty());
    }

    #[test]
    fn identifiers_become_the_childs_record_and_bad_codes_are_problems() {
        let s = source();
        let mut good = full_child();
        good.characteristics.disabilities = vec!["MOB".into(), "MOB".into(), "HEAR".into()];
        good.identifiers.upn = Some("A999000000001".into());
        let mut p = ChildPlan::new("C".into(), None, PersonId::from_u128(1));
        let mut notes = Vec::new();
        let who = identity(&good, "C", &mut p, &mut notes);
        assert_eq!(
            (who.sex, who.ethnicity, who.disabilities.clone(), who.date_of_birth),
            (Sex::Female, Some(Ethnicity::WhiteBritish), vec![Disability::Mobility, Disability::Hearing], Some(d(2015, 6, 1)))
        );
        assert!(p.problems.is_empty());
        assert_eq!(notes, vec!["The UPN in the return did not pass the DfE's UPN check and was not imported.".to_string()]);

        let mut bad = full_child();
        bad.identifiers.sex = Some("X".into());
        bad.identifiers.person_birth_date = None;
        bad.characteristics.ethnicity = Some("ZZZZ".into());
        bad.characteristics.disabilities = vec!["NONE".into(), "WINGS".into()];
        let plan = plan(&census(vec![full_child(), bad]), &s);
        assert!(plan.children[0].is_clean());
        assert_eq!(
            places(&plan.children[1]),
            vec![
                ("Message/Children/Child[2]/ChildIdentifiers/Sex".into(), "\"X\" is not a CIN census sex code: use M, F or U".into()),
                ("Message/Children/Child[2]/ChildCharacteristics/Ethnicity".into(), "\"ZZZZ\" is not a CIN census ethnicity code".into()),
                (
                    "Message/Children/Child[2]/ChildCharacteristics/Disabilities/Disability[2]".into(),
                    "\"WINGS\" is not a CIN census disability code".into()
                ),
                (
                    "Message/Children/Child[2]/ChildIdentifiers/PersonBirthDate".into(),
                    "The child has neither a date of birth nor an expected date of birth".into()
                ),
                (
                    "Message/Children/Child[2]/ChildIdentifiers".into(),
                    "Hearth cannot record this: Enter the child's date of birth, or an expected date of birth if the child is unborn"
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn a_child_referred_before_birth_is_recorded_unborn_then_born() {
        let who = Identity {
            date_of_birth: Some(d(2025, 9, 1)),
            expected_date_of_birth: None,
            sex: Sex::Male,
            ethnicity: None,
            disabilities: vec![],
            upn: None,
            date_of_death: None,
        };
        let mut p = ChildPlan::new("C".into(), None, PersonId::from_u128(1));
        let first = child_recorded(PersonId::from_u128(1), &who, Some(d(2025, 5, 6)), d(2026, 12, 1), "C", &mut p);
        let EventPayload::ChildRecorded(r) = &first[0].payload else { panic!("not a child") };
        assert_eq!(
            (r.date_of_birth, r.expected_date_of_birth, r.sex, first[0].date),
            (None, Some(d(2025, 9, 1)), Sex::Unknown, d(2025, 5, 6))
        );
        assert_eq!(r.name.full(), PersonName { given: "Imported".into(), family: "child".into(), other: None }.full());
        let EventPayload::PersonDetailsChanged(b) = &p.events[0].payload else { panic!("not a birth") };
        assert_eq!(
            (b.date_of_birth, b.sex, p.events[0].date, p.events[0].place.as_str()),
            (Some(d(2025, 9, 1)), Some(Sex::Male), d(2025, 9, 1), "C/ChildIdentifiers/PersonBirthDate")
        );

        let mut p = ChildPlan::new("C".into(), None, PersonId::from_u128(1));
        let first = child_recorded(PersonId::from_u128(1), &who, Some(d(2025, 9, 10)), d(2026, 12, 1), "C", &mut p);
        let EventPayload::ChildRecorded(r) = &first[0].payload else { panic!("not a child") };
        assert_eq!((r.date_of_birth, r.sex), (Some(d(2025, 9, 1)), Sex::Male));
        assert!(p.events.is_empty());
    }

    #[test]
    fn referral_codes_that_do_not_map_and_closures_without_reasons_are_problems() {
        let mut c = full_child();
        c.cin_details[0].referral_source = Some("3Z".into());
        c.cin_details[0].primary_need_code = Some("N11".into());
        c.cin_details[0].reason_for_closure = None;
        let plan = plan(&census(vec![c]), &source());
        let at = "Message/Children/Child[1]/CINdetails[1]";
        assert_eq!(
            places(&plan.children[0]),
            vec![
                (format!("{at}/ReferralSource"), "\"3Z\" is not a CIN census referral source code".into()),
                (format!("{at}/PrimaryNeedCode"), "\"N11\" is not a CIN census primary need code".into()),
                (format!("{at}/ReasonForClosure"), "The episode closed on 2 February 2026 has no reason for closure".into()),
            ]
        );
        assert_eq!(code(None, ReferralSource::from_code, "referral source"), Err("The referral source is missing".to_string()));
        assert_eq!(code(Some(" 6 "), ReferralSource::from_code, "referral source"), Ok(ReferralSource::Police));
    }

    #[test]
    fn a_second_open_episode_and_work_after_closure_are_problems() {
        let mut c = full_child();
        c.cin_details[0].cin_closure_date = None;
        c.cin_details[0].reason_for_closure = None;
        c.cin_details.push(CinDetails {
            cin_referral_date: Some(d(2026, 3, 2)),
            referral_source: Some("6".into()),
            cin_closure_date: Some(d(2026, 3, 10)),
            reason_for_closure: Some("RC8".into()),
            assessments: vec![model::Assessment { actual_start_date: Some(d(2026, 3, 11)), ..Default::default() }],
            ..Default::default()
        });
        let plan = plan(&census(vec![c]), &source());
        let at = "Message/Children/Child[1]/CINdetails[2]";
        assert_eq!(
            places(&plan.children[0]),
            vec![
                (
                    format!("{at}/CINreferralDate"),
                    "This episode starts on 2 March 2026 while the one referred on 6 May 2025 is still open: a child has one open episode at a time"
                        .into()
                ),
                (
                    format!("{at}/Assessments[1]/AssessmentActualStartDate"),
                    "The assessment starts on 11 March 2026, after its episode closed on 10 March 2026: work starts under an open referral".into()
                ),
            ]
        );
    }

    #[test]
    fn assessments_are_authorised_with_factors_and_a_late_reason_when_late() {
        let s = source();
        let mut c = full_child();
        // Authorised 10 July 2025: more than 45 working days from 6 May.
        c.cin_details[0].assessments[0].authorisation_date = Some(d(2025, 7, 10));
        c.cin_details[0].assessments[0].factors = vec![];
        let plan = plan(&census(vec![c]), &s);
        let events = &plan.children[0].events;
        let submitted = events.iter().find_map(|e| match &e.payload {
            EventPayload::AssessmentSubmitted(a) => Some(a.assessment.clone()),
            _ => None,
        });
        let a = submitted.unwrap();
        assert_eq!(a.factors, vec![AssessmentFactor::NoFactors]);
        assert_eq!(a.outcome, Some(AssessmentOutcome::StrategyDiscussion));
        assert_eq!(
            a.late_reason,
            "Imported from the CIN census file census.xml: the reason the assessment took more than 45 working days was not recorded in the return."
        );
        assert_eq!(a.analysis, "Imported from the CIN census file census.xml: the analysis is recorded in Mosaic.");
        let authorised = events.iter().find_map(|e| match &e.payload {
            EventPayload::AssessmentAuthorised(a) => Some(a.clone()),
            _ => None,
        });
        assert_eq!(authorised.map(|a| (a.authorised_on, a.late_reason == a.late_reason.trim())), Some((d(2025, 7, 10), true)));

        assert_eq!(factors(&["3B".into(), "18A".into()]).unwrap_err().len(), 1);
        assert_eq!(factors(&["21".into(), "3B".into()]).unwrap_err().len(), 1);
        assert_eq!(factors(&["3B".into()]), Ok(vec![AssessmentFactor::DomesticViolenceParent]));
    }

    #[test]
    fn one_assessment_at_a_time_per_referral() {
        let mut c = full_child();
        c.cin_details[0].assessments = vec![
            model::Assessment { actual_start_date: Some(d(2025, 5, 7)), ..Default::default() },
            model::Assessment { actual_start_date: Some(d(2025, 5, 20)), authorisation_date: Some(d(2025, 6, 2)), ..Default::default() },
        ];
        let plan = plan(&census(vec![c]), &source());
        assert_eq!(
            places(&plan.children[0]),
            vec![(
                "Message/Children/Child[1]/CINdetails[1]/Assessments[2]/AssessmentActualStartDate".into(),
                "This assessment starts on 20 May 2025 while the one started on 7 May 2025 is not authorised: one assessment at a time per referral"
                    .into()
            )]
        );
        assert_eq!(inferred_outcome(&CinDetails::default(), d(2025, 5, 7)), AssessmentOutcome::NoFurtherAction);
        let early_help = CinDetails { reason_for_closure: Some("RC9".into()), ..Default::default() };
        assert_eq!(inferred_outcome(&early_help, d(2025, 5, 7)), AssessmentOutcome::EarlyHelp);
    }

    #[test]
    fn the_strategy_discussion_is_dated_from_the_conference_target() {
        let cal = Calendar::england_and_wales();
        let referred = d(2025, 6, 1);
        assert_eq!(discussion_date(d(2025, 6, 3), Some(d(2025, 6, 24)), referred, &cal), d(2025, 6, 3));
        // An enquiry started two days after the discussion.
        assert_eq!(discussion_date(d(2025, 6, 5), Some(d(2025, 6, 24)), referred, &cal), d(2025, 6, 3));
        // A target that cannot come from a discussion on or before the start.
        assert_eq!(discussion_date(d(2025, 6, 5), Some(d(2025, 6, 6)), referred, &cal), d(2025, 6, 5));
        assert_eq!(discussion_date(d(2025, 6, 5), None, referred, &cal), d(2025, 6, 5));
        // Begun on Saturday 18 October, the day of the referral: counting
        // from Friday 17th gives the same target, but that is before the
        // referral, so the discussion is the Saturday.
        assert_eq!(discussion_date(d(2025, 10, 18), Some(d(2025, 11, 7)), d(2025, 10, 17), &cal), d(2025, 10, 17));
        assert_eq!(discussion_date(d(2025, 10, 18), Some(d(2025, 11, 7)), d(2025, 10, 18), &cal), d(2025, 10, 18));
        assert_eq!(flag(Some("1")), Ok(true));
        assert_eq!(flag(None), Ok(false));
        assert_eq!(flag(Some("yes")), Err("\"yes\" is not true or false".to_string()));
    }

    #[test]
    fn an_enquiry_that_needed_no_conference_ends_with_that_outcome() {
        let s = source();
        let mut c = full_child();
        c.cin_details[0].section47[0].date_of_initial_cpc = None;
        c.cin_details[0].section47[0].icpc_not_required = Some("true".into());
        c.cin_details[0].child_protection_plans.clear();
        c.cin_details[0].cin_plan_dates.clear();
        let plan = plan(&census(vec![c]), &s);
        assert!(plan.children[0].is_clean(), "{:?}", plan.children[0].problems);
        let updated = plan.children[0].events.iter().find_map(|e| match &e.payload {
            EventPayload::Section47Updated(u) => Some(u.enquiry.clone()),
            _ => None,
        });
        let u = updated.unwrap();
        assert_eq!((u.outcome, u.completed_on), (Some(Section47Outcome::IcpcNotRequired), Some(d(2025, 6, 3))));
        assert!(!types(&plan.children[0]).contains(&"ConferenceHeld"));
    }

    #[test]
    fn a_conference_on_the_episode_without_an_enquiry_is_recorded_after_one_that_stands_for_it() {
        let s = source();
        let mut c = full_child();
        c.cin_details[0].section47.clear();
        c.cin_details[0].date_of_initial_cpc = Some(d(2025, 6, 20));
        let plan = plan(&census(vec![c]), &s);
        let child = &plan.children[0];
        assert!(child.is_clean(), "{:?}", child.problems);
        let discussion = child.events.iter().find_map(|e| match &e.payload {
            EventPayload::StrategyDiscussionHeld(s) => Some(s.discussion.held_on()),
            _ => None,
        });
        assert_eq!(discussion, Some(Some(d(2025, 6, 20))));
        assert!(types(child).contains(&"CpPlanStarted"));
        let EventPayload::SignificantEventRecorded(m) = &child.events[child.events.len() - 1].payload else { panic!("no marker") };
        assert!(m.what_happened.contains("initial conference on 20 June 2025 with no section 47 enquiry"));
    }

    #[test]
    fn a_plan_from_before_the_year_gets_a_conference_standing_for_the_one_the_census_leaves_out() {
        let mut s = source();
        s.year = "2026".into();
        let mut c = full_child();
        let e = &mut c.cin_details[0];
        e.cin_referral_date = Some(d(2025, 2, 3));
        e.section47.clear();
        e.assessments.clear();
        e.cin_plan_dates.clear();
        e.child_protection_plans[0].start_date = Some(d(2025, 3, 4));
        e.child_protection_plans[0].review_dates.clear();
        let plan = plan(&census(vec![c.clone()]), &s);
        let child = &plan.children[0];
        assert!(child.is_clean(), "{:?}", child.problems);
        let conference = child.events.iter().find_map(|e| match &e.payload {
            EventPayload::ConferenceHeld(c) => c.conference.held_on,
            _ => None,
        });
        assert_eq!(conference, Some(d(2025, 3, 4)));
        // Within the year, a plan with no conference on its day is a problem still.
        c.cin_details[0].child_protection_plans[0].start_date = Some(d(2025, 6, 23));
        let plan = super::plan(&census(vec![c]), &s);
        assert!(!plan.children[0].is_clean());
    }

    #[test]
    fn a_plan_needs_its_conference_and_reviews_within_its_dates() {
        let mut c = full_child();
        let p = &mut c.cin_details[0].child_protection_plans[0];
        p.start_date = Some(d(2025, 6, 23));
        let plan = plan(&census(vec![c]), &source());
        assert_eq!(
            places(&plan.children[0]),
            vec![(
                "Message/Children/Child[1]/CINdetails[1]/ChildProtectionPlans[1]/CPPstartDate".into(),
                "No initial conference in this episode is dated 23 June 2025: a child protection plan starts at the initial conference that made it"
                    .into()
            )]
        );

        let mut c = full_child();
        c.cin_details[0].child_protection_plans[0].review_dates = vec![Some(d(2025, 12, 5))];
        c.cin_details[0].child_protection_plans[0].latest_category_of_abuse = Some("XYZ".into());
        let plan = super::plan(&census(vec![c]), &source());
        assert_eq!(
            places(&plan.children[0]),
            vec![(
                "Message/Children/Child[1]/CINdetails[1]/ChildProtectionPlans[1]/LatestCategoryOfAbuse".into(),
                "\"XYZ\" is not a CIN census category of abuse code".into()
            )]
        );
        let mut c = full_child();
        c.cin_details[0].child_protection_plans[0].review_dates = vec![Some(d(2025, 12, 5))];
        let plan = super::plan(&census(vec![c]), &source());
        assert_eq!(
            places(&plan.children[0]),
            vec![(
                "Message/Children/Child[1]/CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[1]".into(),
                "The review on 5 December 2025 is not within the plan's dates".into()
            )]
        );
    }

    #[test]
    fn a_plan_ends_with_a_step_down_when_a_child_in_need_plan_starts_that_day() {
        let plan = plan(&census(vec![full_child()]), &source());
        let ended = plan.children[0].events.iter().find_map(|e| match &e.payload {
            EventPayload::CpPlanEnded(p) => Some((p.ended_on, p.reason)),
            _ => None,
        });
        assert_eq!(ended, Some((d(2025, 12, 1), CpPlanEndReason::StepDownToChildInNeed)));
        let review_decisions: Vec<_> = plan.children[0]
            .events
            .iter()
            .filter_map(|e| match &e.payload {
                EventPayload::ConferenceHeld(c) if c.conference.kind == ConferenceKind::Review => {
                    Some((c.conference.decision, c.conference.category))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            review_decisions,
            vec![(Some(ConferenceDecision::ChildProtectionPlan), Some(AbuseCategory::Emotional)), (Some(ConferenceDecision::NoPlan), None)]
        );
    }

    #[test]
    fn an_enquiry_before_its_referral_and_a_review_without_a_date_are_problems() {
        let mut c = full_child();
        let referred = c.cin_details[0].cin_referral_date.unwrap();
        c.cin_details[0].section47[0].actual_start_date = referred.pred_opt();
        let plan = plan(&census(vec![c]), &source());
        let found = places(&plan.children[0]);
        assert!(
            found
                .iter()
                .any(|(place, message)| place.ends_with("Section47[1]/S47ActualStartDate")
                    && message.contains("before its episode's referral")),
            "{found:?}"
        );

        let mut c = full_child();
        c.cin_details[0].child_protection_plans[0].review_dates = vec![Some(d(2025, 9, 18)), None];
        let plan = super::plan(&census(vec![c]), &source());
        assert_eq!(
            places(&plan.children[0]),
            vec![(
                "Message/Children/Child[1]/CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[2]".into(),
                "A review has no date".into()
            )]
        );
    }

    #[test]
    fn overlapping_plans_are_problems_as_the_store_would_find_them() {
        let mut c = full_child();
        c.cin_details[0].cin_plan_dates = vec![model::CinPlanDates { start_date: Some(d(2025, 6, 2)), end_date: None }];
        let plan = plan(&census(vec![c]), &source());
        assert_eq!(
            places(&plan.children[0]),
            vec![(
                "Message/Children/Child[1]/CINdetails[1]/ChildProtectionPlans[1]".into(),
                "The child has a child in need plan that started on 2 June 2025 and is still open. End it on the day the child protection plan starts"
                    .into()
            )]
        );
    }

    #[test]
    fn nothing_can_be_imported_as_happening_after_the_import() {
        let mut c = full_child();
        c.cin_details[0].cin_closure_date = Some(d(2026, 12, 2));
        let plan = plan(&census(vec![c]), &source());
        assert_eq!(
            places(&plan.children[0]),
            vec![(
                "Message/Children/Child[1]/CINdetails[1]/CINclosureDate".into(),
                "The date 2 December 2026 is after the date of the import".into()
            )]
        );
    }

    #[test]
    fn the_source_takes_the_headers_year_authority_and_software() {
        let mut c = census(vec![]);
        c.header.lea = " 201 ".into();
        c.header.software_code = "Mosaic".into();
        let s = source_for(&c, "census.xml", b"<Message/>", source().imported_at);
        assert_eq!((s.year.as_str(), s.la_code.as_str(), s.system.as_str(), s.file_name.as_str()), ("2026", "201", "Mosaic", "census.xml"));
        assert_eq!(s.sha256, source().sha256);
    }
}
