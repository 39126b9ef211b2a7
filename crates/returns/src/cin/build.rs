//! The CIN census for a collection year, built from the history.
//!
//! The census describes the authority as it stood on the reference date
//! (31 March), so anything dated after it is left out even when the history
//! already knows it: an episode closed on 2 April is returned open, and an
//! assessment started on 1 April is not returned at all. The history itself
//! is what Hearth knew at `as_at`; the file's `DateTime` says which moment.
//!
//! Within an episode the census holds only what was open at some point in
//! the year: an assessment authorised, an enquiry whose conference was held
//! (or which ended needing none), a CIN plan or a protection plan ended
//! before 1 April belongs to earlier years' returns and is left out, as the
//! DfE's rules on their dates (8696, 8715, 4013, 8930) expect.

use super::model::{
    Assessment, Child, ChildCharacteristics, ChildIdentifiers, ChildProtectionPlan, CinCensus, CinDetails, CinPlanDates, Header, Section47,
};
use crate::history::{ChildHistory, Episode, History};
use crate::period::{CollectionYear, Window};
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::calendar::Calendar;
use hearth_domain::codes::{AssessmentFactor, Disability, Ethnicity};

/// Working days from the strategy discussion to the initial conference.
const ICPC_TARGET_WORKING_DAYS: u32 = 15;

/// Children of this age or more on the reference date are of school age and
/// expected to have a UPN.
const SCHOOL_AGE: i32 = 5;

/// "Sources collating UPNs reflect UPN is not available".
const UPN_NOT_AVAILABLE: &str = "UN5";

pub fn census(history: &History, year: CollectionYear, la_code: &str, as_at: DateTime<Utc>) -> CinCensus {
    let calendar = Calendar::england_and_wales();
    let mut children: Vec<Child> = history.children.values().filter_map(|c| child(c, year, &calendar)).collect();
    children.sort_by(|a, b| a.identifiers.la_child_id.cmp(&b.identifiers.la_child_id));
    CinCensus { header: header(year, la_code, as_at), children }
}

fn header(year: CollectionYear, la_code: &str, as_at: DateTime<Utc>) -> Header {
    Header {
        collection: "CIN".to_string(),
        year: year.collection_year_label(),
        reference_date: Some(year.end()),
        source_level: "L".to_string(),
        lea: la_code.to_string(),
        software_code: "Hearth".to_string(),
        release: env!("CARGO_PKG_VERSION").to_string(),
        serial_no: "1".to_string(),
        date_time: as_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

/// What the census sees of a history: only what had happened by the
/// reference date.
#[derive(Clone, Copy)]
struct AsAt<'c> {
    window: Window,
    calendar: &'c Calendar,
}

impl AsAt<'_> {
    fn end(self) -> NaiveDate {
        self.window.to
    }

    /// A date, if it had come by the reference date.
    fn by_end(self, date: Option<NaiveDate>) -> Option<NaiveDate> {
        date.filter(|d| *d <= self.end())
    }

    fn happened(self, date: NaiveDate) -> bool {
        date <= self.end()
    }

    /// Whether something from `start` to `end` (still open when `None`, or
    /// when it ended after the reference date) was open on a day of the year.
    fn open_in_year(self, start: NaiveDate, end: Option<NaiveDate>) -> bool {
        self.window.overlaps(start, self.by_end(end))
    }
}

fn child(history: &ChildHistory, year: CollectionYear, calendar: &Calendar) -> Option<Child> {
    let at = AsAt { window: year.window(), calendar };
    let cin_details: Vec<CinDetails> = history
        .episodes()
        .iter()
        .filter(|e| at.window.overlaps(e.referral.referral_date, at.by_end(e.referral.closed_on)))
        .map(|e| episode(history, e, at))
        .collect();
    if cin_details.is_empty() {
        return None;
    }
    Some(Child { identifiers: identifiers(history, at), characteristics: characteristics(history), cin_details })
}

fn identifiers(history: &ChildHistory, at: AsAt<'_>) -> ChildIdentifiers {
    // A child born after the reference date was unborn on it: the census
    // has only an expected date for them, and their sex as not known (rule 8750).
    let born = at.by_end(history.date_of_birth);
    let expected = match born {
        Some(_) => None,
        None => history.expected_date_of_birth.or(history.date_of_birth),
    };
    let sex = if born.is_some() { history.sex.code() } else { "U" };
    let upn = history.upn.clone().filter(|u| !u.trim().is_empty());
    let school_age = history.age_on(at.end()).is_some_and(|age| age >= SCHOOL_AGE);
    let upn_unknown = (upn.is_none() && school_age).then(|| UPN_NOT_AVAILABLE.to_string());
    ChildIdentifiers {
        la_child_id: Some(history.la_child_id.clone()),
        upn,
        former_upn: None,
        upn_unknown,
        person_birth_date: born,
        expected_person_birth_date: expected,
        sex: Some(sex.to_string()),
        person_death_date: at.by_end(history.date_of_death),
    }
}

fn characteristics(history: &ChildHistory) -> ChildCharacteristics {
    let ethnicity = history.ethnicity.unwrap_or(Ethnicity::NotYetObtained).code().to_string();
    let mut disabilities: Vec<String> = Vec::new();
    for d in &history.disabilities {
        let code = d.code().to_string();
        if !disabilities.contains(&code) {
            disabilities.push(code);
        }
    }
    if disabilities.is_empty() {
        disabilities.push(Disability::None.code().to_string());
    }
    ChildCharacteristics { ethnicity: Some(ethnicity), disabilities }
}

fn episode(history: &ChildHistory, e: &Episode<'_>, at: AsAt<'_>) -> CinDetails {
    let referral = e.referral;
    let closed_on = at.by_end(referral.closed_on);
    // Whether the referral went on to further action is a fact of the whole
    // episode, earlier years included, not only of what this year returns.
    let further_action = e.assessments.iter().any(|a| at.happened(a.started_on)) || e.section47s.iter().any(|s| at.happened(s.started_on));
    let nfa = closed_on.is_some() && !further_action;
    let assessments: Vec<Assessment> =
        e.assessments.iter().filter(|a| at.open_in_year(a.started_on, a.authorised_on)).map(|a| assessment(a, at)).collect();
    let section47s: Vec<_> = e.section47s.iter().filter(|s| at.open_in_year(s.started_on, section47_end(e, s))).collect();

    // An initial conference with no enquiry of this episode before it is
    // returned on the episode itself, not under a section 47; one held
    // before the year was last year's.
    let unlinked_cpc = e
        .initial_conferences
        .iter()
        .filter(|c| c.enquiry_id.is_none_or(|id| !e.section47s.iter().any(|s| s.enquiry_id == id)))
        .filter_map(|c| at.by_end(c.held_on))
        .filter(|held| at.window.contains(*held))
        .min();

    CinDetails {
        cin_referral_date: Some(referral.referral_date),
        referral_source: Some(referral.source.code().to_string()),
        primary_need_code: referral.primary_need.map(|p| p.code().to_string()),
        cin_closure_date: closed_on,
        reason_for_closure: closed_on.and(referral.closure_reason).map(|r| r.code().to_string()),
        date_of_initial_cpc: unlinked_cpc,
        assessments,
        cin_plan_dates: e
            .cin_plans
            .iter()
            .filter(|p| at.open_in_year(p.started_on, p.ended_on))
            .map(|p| CinPlanDates { start_date: Some(p.started_on), end_date: at.by_end(p.ended_on) })
            .collect(),
        section47: section47s.iter().map(|s| section47(e, s, at)).collect(),
        referral_nfa: Some(nfa.to_string()),
        child_protection_plans: e
            .cp_plans
            .iter()
            .filter(|p| at.open_in_year(p.started_on, p.ended_on))
            .map(|p| cp_plan(history, e, p, at))
            .collect(),
    }
}

/// The census's section 47 module runs from the enquiry's start to its
/// initial conference, or to its end when it needed none; one awaiting its
/// conference is still open.
fn section47_end(e: &Episode<'_>, s: &crate::history::Section47Record) -> Option<NaiveDate> {
    match e.conference_of(s.enquiry_id) {
        Some(conference) => conference.held_on,
        None if s.icpc_not_required() => s.completed_on,
        None => None,
    }
}

fn assessment(a: &crate::history::AssessmentRecord, at: AsAt<'_>) -> Assessment {
    let authorised = at.by_end(a.authorised_on);
    // Factors belong to a completed assessment; one completed with none
    // recorded says so with code 21.
    let factors = match authorised {
        None => Vec::new(),
        Some(_) => {
            let mut codes: Vec<String> = Vec::new();
            for f in &a.factors {
                let code = f.code().to_string();
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            if codes.is_empty() {
                codes.push(AssessmentFactor::NoFactors.code().to_string());
            }
            codes
        }
    };
    Assessment { actual_start_date: Some(a.started_on), internal_review_date: None, authorisation_date: authorised, factors }
}

fn section47(e: &Episode<'_>, s: &crate::history::Section47Record, at: AsAt<'_>) -> Section47 {
    // The outcome counts only if the enquiry had ended by the reference date.
    let ended = s.completed_on.is_none_or(|d| at.happened(d));
    Section47 {
        actual_start_date: Some(s.started_on),
        initial_cpc_target: Some(at.calendar.add_working_days(s.discussion_on, ICPC_TARGET_WORKING_DAYS)),
        date_of_initial_cpc: e.conference_of(s.enquiry_id).and_then(|c| at.by_end(c.held_on)),
        icpc_not_required: Some((ended && s.icpc_not_required()).to_string()),
    }
}

fn cp_plan(history: &ChildHistory, e: &Episode<'_>, p: &crate::history::CpPlanRecord, at: AsAt<'_>) -> ChildProtectionPlan {
    let previous = history.cp_plans.iter().filter(|other| other.started_on < p.started_on).count();
    let initial = p.initial_category;
    ChildProtectionPlan {
        start_date: Some(p.started_on),
        end_date: at.by_end(p.ended_on),
        initial_category_of_abuse: initial.map(|c| c.code().to_string()),
        latest_category_of_abuse: p.latest_category.or(initial).map(|c| c.code().to_string()),
        number_of_previous_cpp: Some(previous.to_string()),
        review_dates: e.review_conferences_of(history, p.plan_id).into_iter().filter(|d| at.happened(*d)).map(Some).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{
        AssessmentRecord, CinPlanRecord, ConferenceRecord, CpPlanRecord, ReferralRecord, Section47Record, StrategyDiscussionRecord,
    };
    use chrono::TimeZone;
    use hearth_domain::child_protection::{AbuseCategory, ConferenceKind, Section47Outcome};
    use hearth_domain::codes::{ClosureReason, PrimaryNeed, ReferralSource, Sex};
    use hearth_domain::ids::{AssessmentId, ConferenceId, PersonId, PlanId, ReferralId, Section47Id, StrategyDiscussionId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn as_at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 15, 8, 30, 5).single().expect("valid moment")
    }

    fn year() -> CollectionYear {
        CollectionYear::starting(2025)
    }

    fn blank(n: u128, reference: &str) -> ChildHistory {
        ChildHistory {
            date_of_birth: Some(d(2015, 6, 1)),
            sex: Sex::Female,
            ..ChildHistory::new(PersonId::from_u128(n), reference.to_string())
        }
    }

    fn referral(n: u128, on: NaiveDate, closed: Option<NaiveDate>) -> ReferralRecord {
        ReferralRecord {
            referral_id: ReferralId::from_u128(n),
            contact_id: None,
            referral_date: on,
            source: ReferralSource::Police,
            primary_need: Some(PrimaryNeed::AbuseOrNeglect),
            closed_on: closed,
            closure_reason: closed.map(|_| ClosureReason::NoFurtherActionAfterAssessment),
        }
    }

    fn history_of(children: Vec<ChildHistory>) -> History {
        let mut h = History::default();
        for c in children {
            h.children.insert(c.person_id, c);
        }
        h
    }

    #[test]
    fn the_header_names_the_year_the_authority_and_the_moment() {
        let census = census(&History::default(), year(), "999", as_at());
        let h = &census.header;
        assert_eq!(
            (h.collection.as_str(), h.year.as_str(), h.reference_date, h.source_level.as_str(), h.lea.as_str()),
            ("CIN", "2026", Some(d(2026, 3, 31)), "L", "999")
        );
        assert_eq!((h.software_code.as_str(), h.serial_no.as_str(), h.date_time.as_str()), ("Hearth", "1", "2026-05-15T08:30:05"));
        assert_eq!(h.release, env!("CARGO_PKG_VERSION"));
        assert!(census.children.is_empty());
    }

    #[test]
    fn only_children_with_an_episode_open_in_the_year_are_returned_in_reference_order() {
        let mut closed_before = blank(1, "H0000001");
        closed_before.referrals.push(referral(1, d(2024, 5, 1), Some(d(2025, 3, 31))));
        let mut open = blank(2, "H0000003");
        open.referrals.push(referral(2, d(2024, 5, 1), None));
        let mut closed_on_first_day = blank(3, "H0000002");
        closed_on_first_day.referrals.push(referral(3, d(2024, 5, 1), Some(d(2025, 4, 1))));
        let mut after = blank(4, "H0000004");
        after.referrals.push(referral(4, d(2026, 4, 1), None));
        let no_referral = blank(5, "H0000005");
        let census = census(&history_of(vec![closed_before, open, closed_on_first_day, after, no_referral]), year(), "999", as_at());
        let ids: Vec<_> = census.children.iter().map(|c| c.identifiers.la_child_id.clone().unwrap_or_default()).collect();
        assert_eq!(ids, vec!["H0000002", "H0000003"]);
    }

    #[test]
    fn a_closure_after_the_reference_date_leaves_the_episode_open_and_earlier_episodes_stay() {
        let mut c = blank(1, "H0000001");
        c.referrals.push(referral(1, d(2024, 1, 10), Some(d(2025, 2, 1))));
        c.referrals.push(referral(2, d(2025, 5, 1), Some(d(2025, 6, 1))));
        c.referrals.push(referral(3, d(2025, 9, 1), Some(d(2026, 4, 2))));
        let census = census(&history_of(vec![c]), year(), "999", as_at());
        let eps = &census.children[0].cin_details;
        assert_eq!(eps.iter().map(|e| e.cin_referral_date).collect::<Vec<_>>(), vec![Some(d(2025, 5, 1)), Some(d(2025, 9, 1))]);
        assert_eq!((eps[0].cin_closure_date, eps[0].reason_for_closure.as_deref()), (Some(d(2025, 6, 1)), Some("RC8")));
        assert_eq!(eps[0].referral_nfa.as_deref(), Some("true"));
        assert_eq!((eps[1].cin_closure_date, eps[1].reason_for_closure.as_deref()), (None, None));
        assert_eq!(eps[1].referral_nfa.as_deref(), Some("false"));
        assert_eq!(eps[1].referral_source.as_deref(), Some("6"));
        assert_eq!(eps[1].primary_need_code.as_deref(), Some("N1"));
    }

    #[test]
    fn identifiers_fill_the_census_defaults() {
        let mut school_age = blank(1, "H0000001");
        school_age.referrals.push(referral(1, d(2025, 5, 1), None));
        let mut with_upn = blank(2, "H0000002");
        with_upn.upn = Some("A999000000001".to_string());
        with_upn.ethnicity = Some(Ethnicity::WhiteBritish);
        with_upn.disabilities = vec![Disability::None];
        with_upn.referrals.push(referral(2, d(2025, 5, 1), None));
        let mut toddler = blank(3, "H0000003");
        toddler.date_of_birth = Some(d(2023, 1, 1));
        toddler.referrals.push(referral(3, d(2025, 5, 1), None));
        let mut unborn = blank(4, "H0000004");
        unborn.date_of_birth = Some(d(2026, 4, 20));
        unborn.expected_date_of_birth = Some(d(2026, 4, 25));
        unborn.sex = Sex::Male;
        unborn.referrals.push(referral(4, d(2026, 1, 5), None));
        let census = census(&history_of(vec![school_age, with_upn, toddler, unborn]), year(), "999", as_at());
        let ids: Vec<_> = census.children.iter().map(|c| &c.identifiers).collect();
        assert_eq!((ids[0].upn.as_deref(), ids[0].upn_unknown.as_deref()), (None, Some("UN5")));
        assert_eq!((ids[1].upn.as_deref(), ids[1].upn_unknown.as_deref()), (Some("A999000000001"), None));
        assert_eq!((ids[2].upn.as_deref(), ids[2].upn_unknown.as_deref()), (None, None));
        assert_eq!(
            (ids[0].person_birth_date, ids[0].expected_person_birth_date, ids[0].sex.as_deref()),
            (Some(d(2015, 6, 1)), None, Some("F"))
        );
        assert_eq!(
            (ids[3].person_birth_date, ids[3].expected_person_birth_date, ids[3].sex.as_deref()),
            (None, Some(d(2026, 4, 25)), Some("U"))
        );
        let chars: Vec<_> = census.children.iter().map(|c| &c.characteristics).collect();
        assert_eq!((chars[0].ethnicity.as_deref(), chars[0].disabilities.clone()), (Some("NOBT"), vec!["NONE".to_string()]));
        assert_eq!((chars[1].ethnicity.as_deref(), chars[1].disabilities.clone()), (Some("WBRI"), vec!["NONE".to_string()]));
    }

    #[test]
    fn assessments_carry_factors_only_once_authorised_by_the_reference_date() {
        let mut c = blank(1, "H0000001");
        c.referrals.push(referral(1, d(2025, 5, 1), None));
        let r = ReferralId::from_u128(1);
        let a = |n: u128, start: NaiveDate, authorised: Option<NaiveDate>, factors: Vec<AssessmentFactor>| AssessmentRecord {
            assessment_id: AssessmentId::from_u128(n),
            referral_id: r,
            started_on: start,
            completed_on: authorised,
            authorised_on: authorised,
            factors,
            outcome: None,
        };
        c.assessments.push(a(1, d(2025, 5, 2), Some(d(2025, 6, 1)), vec![AssessmentFactor::NoFactors]));
        c.assessments.push(a(2, d(2025, 7, 1), Some(d(2025, 8, 1)), Vec::new()));
        c.assessments.push(a(3, d(2026, 3, 1), Some(d(2026, 4, 3)), vec![AssessmentFactor::NoFactors]));
        c.assessments.push(a(4, d(2026, 4, 1), None, Vec::new()));
        let census = census(&history_of(vec![c]), year(), "999", as_at());
        let got: Vec<_> = census.children[0].cin_details[0]
            .assessments
            .iter()
            .map(|a| (a.actual_start_date, a.authorisation_date, a.factors.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(d(2025, 5, 2)), Some(d(2025, 6, 1)), vec!["21".to_string()]),
                (Some(d(2025, 7, 1)), Some(d(2025, 8, 1)), vec!["21".to_string()]),
                (Some(d(2026, 3, 1)), None, Vec::new()),
            ]
        );
    }

    #[test]
    fn enquiries_conferences_and_plans_nest_with_targets_and_previous_plans() {
        let mut c = blank(1, "H0000001");
        c.referrals.push(referral(1, d(2024, 1, 5), Some(d(2024, 12, 1))));
        c.referrals.push(referral(2, d(2025, 6, 2), None));
        let discussion = StrategyDiscussionId::from_u128(1);
        c.strategy_discussions.push(StrategyDiscussionRecord {
            discussion_id: discussion,
            referral_id: Some(ReferralId::from_u128(2)),
            held_on: Some(d(2025, 6, 3)),
            decision: None,
        });
        let enquiry = Section47Id::from_u128(1);
        c.section47s.push(Section47Record {
            enquiry_id: enquiry,
            discussion_id: discussion,
            discussion_on: d(2025, 6, 3),
            started_on: d(2025, 6, 3),
            child_seen_on: None,
            child_seen_alone: None,
            outcome: Some(Section47Outcome::SubstantiatedIcpcNeeded),
            completed_on: Some(d(2025, 6, 10)),
        });
        let conference = |n: u128, kind, enquiry_id, plan_id, held: NaiveDate| ConferenceRecord {
            conference_id: ConferenceId::from_u128(n),
            kind,
            enquiry_id,
            plan_id,
            held_on: Some(held),
            decision: None,
            category: None,
        };
        let plan = PlanId::from_u128(2);
        c.conferences.push(conference(1, ConferenceKind::Initial, Some(enquiry), None, d(2025, 6, 20)));
        c.conferences.push(conference(2, ConferenceKind::Review, None, Some(plan), d(2025, 9, 18)));
        c.conferences.push(conference(3, ConferenceKind::Review, None, Some(plan), d(2026, 4, 18)));
        c.conferences.push(conference(4, ConferenceKind::Initial, None, None, d(2024, 3, 1)));
        c.cp_plans.push(CpPlanRecord {
            plan_id: PlanId::from_u128(1),
            conference_id: ConferenceId::from_u128(4),
            started_on: d(2024, 3, 1),
            initial_category: Some(AbuseCategory::Neglect),
            latest_category: None,
            ended_on: Some(d(2024, 11, 1)),
            end_reason: None,
        });
        c.cp_plans.push(CpPlanRecord {
            plan_id: plan,
            conference_id: ConferenceId::from_u128(1),
            started_on: d(2025, 6, 20),
            initial_category: Some(AbuseCategory::Emotional),
            latest_category: Some(AbuseCategory::Multiple),
            ended_on: Some(d(2026, 4, 30)),
            end_reason: None,
        });
        let census = census(&history_of(vec![c]), year(), "999", as_at());
        let eps = &census.children[0].cin_details;
        assert_eq!(eps.len(), 1);
        let e = &eps[0];
        assert_eq!(e.date_of_initial_cpc, None);
        assert_eq!(
            e.section47,
            vec![Section47 {
                actual_start_date: Some(d(2025, 6, 3)),
                // 15 working days from Tuesday 3 June 2025.
                initial_cpc_target: Some(d(2025, 6, 24)),
                date_of_initial_cpc: Some(d(2025, 6, 20)),
                icpc_not_required: Some("false".to_string()),
            }]
        );
        assert_eq!(
            e.child_protection_plans,
            vec![ChildProtectionPlan {
                start_date: Some(d(2025, 6, 20)),
                end_date: None,
                initial_category_of_abuse: Some("EMO".to_string()),
                latest_category_of_abuse: Some("MUL".to_string()),
                number_of_previous_cpp: Some("1".to_string()),
                review_dates: vec![Some(d(2025, 9, 18))],
            }]
        );
        assert_eq!(e.referral_nfa.as_deref(), Some("false"));
    }

    /// An episode from 2024 still open in 2025-26, with work that ended
    /// before 1 April 2025 (left out) and work open into the year (kept).
    #[test]
    fn only_work_open_at_some_point_in_the_year_is_returned() {
        let mut c = blank(1, "H0000001");
        let r = ReferralId::from_u128(1);
        c.referrals.push(referral(1, d(2024, 5, 1), None));
        let a = |n: u128, start: NaiveDate, authorised: Option<NaiveDate>| AssessmentRecord {
            assessment_id: AssessmentId::from_u128(n),
            referral_id: r,
            started_on: start,
            completed_on: authorised,
            authorised_on: authorised,
            factors: vec![AssessmentFactor::Neglect],
            outcome: None,
        };
        c.assessments.push(a(1, d(2024, 5, 2), Some(d(2025, 3, 31))));
        c.assessments.push(a(2, d(2025, 3, 1), Some(d(2025, 4, 1))));
        c.assessments.push(a(3, d(2025, 3, 20), None));
        let cin_plan = |n: u128, start: NaiveDate, ended: Option<NaiveDate>| CinPlanRecord {
            plan_id: PlanId::from_u128(n),
            referral_id: r,
            started_on: start,
            ended_on: ended,
            reviews: Vec::new(),
        };
        c.cin_plans.push(cin_plan(1, d(2024, 6, 1), Some(d(2024, 9, 1))));
        c.cin_plans.push(cin_plan(2, d(2025, 3, 3), Some(d(2025, 4, 1))));
        for (n, held) in [(1, d(2024, 9, 2)), (2, d(2025, 1, 6)), (3, d(2025, 3, 10))] {
            c.strategy_discussions.push(StrategyDiscussionRecord {
                discussion_id: StrategyDiscussionId::from_u128(n),
                referral_id: Some(r),
                held_on: Some(held),
                decision: None,
            });
        }
        let enquiry = |n: u128, on: NaiveDate, outcome: Section47Outcome, completed: NaiveDate| Section47Record {
            enquiry_id: Section47Id::from_u128(n),
            discussion_id: StrategyDiscussionId::from_u128(n),
            discussion_on: on,
            started_on: on,
            child_seen_on: None,
            child_seen_alone: None,
            outcome: Some(outcome),
            completed_on: Some(completed),
        };
        // Conference last year; ended needing none last year; conference this year.
        c.section47s.push(enquiry(1, d(2024, 9, 2), Section47Outcome::SubstantiatedIcpcNeeded, d(2024, 9, 18)));
        c.section47s.push(enquiry(2, d(2025, 1, 6), Section47Outcome::ConcernsNotSubstantiated, d(2025, 1, 20)));
        c.section47s.push(enquiry(3, d(2025, 3, 10), Section47Outcome::SubstantiatedIcpcNeeded, d(2025, 3, 28)));
        let initial = |n: u128, enquiry: Option<u128>, held: NaiveDate| ConferenceRecord {
            conference_id: ConferenceId::from_u128(n),
            kind: ConferenceKind::Initial,
            enquiry_id: enquiry.map(Section47Id::from_u128),
            plan_id: None,
            held_on: Some(held),
            decision: None,
            category: None,
        };
        c.conferences.push(initial(1, Some(1), d(2024, 9, 20)));
        c.conferences.push(initial(3, Some(3), d(2025, 4, 2)));
        // With no enquiry, held last year: not this year's conference.
        c.conferences.push(initial(4, None, d(2024, 12, 2)));
        let cp_plan = |n: u128, conference: u128, start: NaiveDate, ended: Option<NaiveDate>| CpPlanRecord {
            plan_id: PlanId::from_u128(10 + n),
            conference_id: ConferenceId::from_u128(conference),
            started_on: start,
            initial_category: Some(AbuseCategory::Neglect),
            latest_category: None,
            ended_on: ended,
            end_reason: None,
        };
        c.cp_plans.push(cp_plan(1, 1, d(2024, 9, 20), Some(d(2025, 3, 31))));
        c.cp_plans.push(cp_plan(3, 3, d(2025, 4, 2), None));

        let census = census(&history_of(vec![c]), year(), "999", as_at());
        let e = &census.children[0].cin_details[0];
        let assessments: Vec<_> = e.assessments.iter().map(|a| (a.actual_start_date, a.authorisation_date)).collect();
        assert_eq!(assessments, vec![(Some(d(2025, 3, 1)), Some(d(2025, 4, 1))), (Some(d(2025, 3, 20)), None)]);
        assert_eq!(e.cin_plan_dates, vec![CinPlanDates { start_date: Some(d(2025, 3, 3)), end_date: Some(d(2025, 4, 1)) }]);
        let enquiries: Vec<_> = e.section47.iter().map(|s| (s.actual_start_date, s.date_of_initial_cpc)).collect();
        assert_eq!(enquiries, vec![(Some(d(2025, 3, 10)), Some(d(2025, 4, 2)))]);
        assert_eq!(e.date_of_initial_cpc, None);
        let plans: Vec<_> = e.child_protection_plans.iter().map(|p| (p.start_date, p.end_date, p.number_of_previous_cpp.clone())).collect();
        assert_eq!(plans, vec![(Some(d(2025, 4, 2)), None, Some("1".to_string()))]);
        assert_eq!(e.referral_nfa.as_deref(), Some("false"));
    }

    #[test]
    fn an_episode_whose_assessment_was_last_year_is_still_not_a_referral_with_no_further_action() {
        let mut c = blank(1, "H0000001");
        c.referrals.push(referral(1, d(2025, 2, 3), Some(d(2025, 4, 10))));
        c.assessments.push(AssessmentRecord {
            assessment_id: AssessmentId::from_u128(1),
            referral_id: ReferralId::from_u128(1),
            started_on: d(2025, 2, 4),
            completed_on: Some(d(2025, 3, 14)),
            authorised_on: Some(d(2025, 3, 14)),
            factors: vec![AssessmentFactor::NoFactors],
            outcome: None,
        });
        let census = census(&history_of(vec![c]), year(), "999", as_at());
        let e = &census.children[0].cin_details[0];
        assert!(e.assessments.is_empty());
        assert_eq!((e.cin_closure_date, e.referral_nfa.as_deref()), (Some(d(2025, 4, 10)), Some("false")));
    }

    #[test]
    fn a_conference_with_no_enquiry_in_the_episode_is_returned_on_the_episode() {
        let mut c = blank(1, "H0000001");
        c.referrals.push(referral(1, d(2025, 5, 1), None));
        c.conferences.push(ConferenceRecord {
            conference_id: ConferenceId::from_u128(1),
            kind: ConferenceKind::Initial,
            enquiry_id: None,
            plan_id: None,
            held_on: Some(d(2025, 5, 20)),
            decision: None,
            category: None,
        });
        let census = census(&history_of(vec![c]), year(), "999", as_at());
        assert_eq!(census.children[0].cin_details[0].date_of_initial_cpc, Some(d(2025, 5, 20)));
    }
}
