//! The MASH's work on each contact: rating, assignment to a worker, checks
//! with other agencies, the worker's proposed decision and the manager's
//! authorisation (or return), in the order and at the pace a multi-agency
//! safeguarding hub works.
//!
//! The shares are estimates, as contacts and their triage are not collected
//! nationally: about 15% of contacts are rated red, 45% amber and 40%
//! green (red is likelier for police domestic abuse notifications and the
//! emergency department); about half lead to checks with other agencies;
//! decisions run roughly 30% no further action, 15% information and advice,
//! 20% early help, 28% referral for assessment, 4% strategy discussion and
//! 3% already open. The MASH works 08:30 to 17:30 on working days, except
//! that red contacts are dealt with whenever they arrive; so a contact left
//! on Friday night waits for Monday, which (with a share of decisions that
//! simply take too long) puts about a tenth of decisions beyond 24 hours.

use crate::contacts::{GP_PRACTICES, OTHER_ORGANISATIONS, SCHOOLS_PRIMARY, SCHOOLS_SECONDARY};
use crate::mint::IdMint;
use crate::rng::Rng;
use crate::staff::Roster;
use crate::text::{Vars, fill, sentence_case};
use chrono::{DateTime, Duration, NaiveTime, Timelike, Utc};
use hearth_domain::calendar::Calendar;
use hearth_domain::codes::{ReferralSource, Sex};
use hearth_domain::events::{
    CheckCompleted, CheckNotCompleted, CheckRequested, ContactAssigned, ContactDecisionAuthorised,
    ContactDecisionProposed, ContactDecisionReturned, ContactRated,
};
use hearth_domain::front_door::{
    Agency, ConsentRecord, ConsentStatus, ContactOutcome, Rag, ScreeningPolicy, ThresholdLevel, working_days_later,
};
use hearth_domain::ids::ContactId;
use hearth_domain::staff::{Role, TeamKind};
use hearth_domain::uk_time::{from_uk, to_uk};
use hearth_domain::{EventPayload, PersonId, UserId};

/// A screening team: its manager authorises what its workers propose.
pub(crate) struct MashTeam {
    pub(crate) manager: UserId,
    pub(crate) workers: Vec<UserId>,
}

/// The MASH teams (pods, where the hub has them) that screen contacts.
pub(crate) struct Mash {
    pub(crate) teams: Vec<MashTeam>,
    /// Working days and bank holidays, for office hours and deadlines.
    pub(crate) calendar: Calendar,
}

impl Mash {
    pub(crate) fn from_roster(roster: &Roster) -> Mash {
        let teams = roster
            .teams
            .iter()
            .filter(|t| t.kind == TeamKind::Mash)
            .filter_map(|t| {
                let manager = t.manager?;
                let workers: Vec<UserId> = roster
                    .members
                    .iter()
                    .filter(|m| m.team == Some(t.id) && m.role == Role::MashWorker)
                    .map(|m| m.id)
                    .collect();
                (!workers.is_empty()).then_some(MashTeam { manager, workers })
            })
            .collect();
        Mash { teams, calendar: Calendar::england_and_wales() }
    }
}

/// What the record already says about the children when a contact comes in.
#[derive(Clone, Debug, Default)]
pub(crate) struct History {
    /// Earlier contacts about any of the children.
    pub(crate) previous: usize,
    /// Of those, in the twelve months before this one.
    pub(crate) in_year: usize,
    /// The latest earlier contact: when, and its outcome if decided by now.
    pub(crate) last: Option<(DateTime<Utc>, Option<ContactOutcome>)>,
    /// Earlier contacts that became referrals or strategy discussions.
    pub(crate) referrals: usize,
}

/// What the household's story needs of a contact's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Steer {
    /// The MASH decides as it would.
    Free,
    /// The decision the family's journey needs (the contact that became the
    /// referral, or a contact about a case that is open).
    Outcome(ContactOutcome),
    /// Closed with no further action within hours, so the clock stops: the
    /// gaming pattern of finding F1 (a new contact follows within days).
    QuickNfa,
}

pub(crate) struct Intake<'a> {
    pub(crate) contact_id: ContactId,
    pub(crate) children: &'a [PersonId],
    pub(crate) names: &'a [String],
    pub(crate) sexes: &'a [Sex],
    /// Age of the oldest born child the contact is about (0 if none is born).
    pub(crate) oldest_age: u32,
    pub(crate) received_at: DateTime<Utc>,
    pub(crate) source: ReferralSource,
    pub(crate) concern: &'a str,
    pub(crate) carer: &'a str,
    pub(crate) partner: &'a str,
    pub(crate) history: History,
    pub(crate) steer: Steer,
    /// Decided whatever its age (the contact that opened the family's
    /// journey); any other recent contact may still be on the queue.
    pub(crate) must_close: bool,
}

/// A contact's front-door events and how it ended.
pub(crate) struct Screened {
    pub(crate) events: Vec<(DateTime<Utc>, EventPayload)>,
    pub(crate) closed_at: Option<DateTime<Utc>>,
    pub(crate) outcome: Option<ContactOutcome>,
}

/// Share of decisions held up for more than a working day beyond those the
/// weekend already delays (a worker off sick, a manager in court).
const SLOW_SHARE: f64 = 0.01;

/// Share of proposals the manager sends back.
const RETURN_SHARE: f64 = 0.07;

/// Share of checks that end without an answer, with a reason.
const NOT_COMPLETED_SHARE: f64 = 0.08;

/// The MASH's office hours, in minutes after midnight (UK time).
const OPENS: u32 = 8 * 60 + 30;
const CLOSES: u32 = 17 * 60 + 30;

/// The emergency duty team screens amber contacts in the daytime at
/// weekends and on bank holidays; green ones wait for the MASH.
const DUTY_OPENS: u32 = 10 * 60;
const DUTY_CLOSES: u32 = 16 * 60;

/// The chance a contact is still open at the end of `today`, by its age in
/// hours: the MASH queue is the last few days' contacts not yet decided.
fn open_chance(age_hours: i64) -> f64 {
    match age_hours {
        h if h < 0 => 1.0,
        h if h < 24 => 0.9,
        h if h < 48 => 0.7,
        h if h < 72 => 0.45,
        h if h < 96 => 0.15,
        _ => 0.0,
    }
}

/// Where an open contact has got to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    Unrated,
    Screening,
    AwaitingAuthorisation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Rated,
    Assigned,
    CheckRequested,
    CheckResolved,
    Proposed,
    Returned,
    Authorised,
}

/// Red per hundred by source; amber is 45 throughout, green the rest.
fn rag_for_source(source: ReferralSource, concern: &str, rng: &mut Rng) -> Rag {
    let domestic_abuse = ["DASH", "omestic abuse", "assault", "non-molestation", "arrested"];
    let red = match source {
        ReferralSource::AccidentAndEmergency => 34,
        ReferralSource::Police if domestic_abuse.iter().any(|k| concern.contains(k)) => 28,
        ReferralSource::Police => 16,
        _ => 10,
    };
    rng.weighted(&[(Rag::Red, red), (Rag::Amber, 45), (Rag::Green, 55 - red)])
}

/// A rating that fits a decision the journey has already fixed.
fn rag_for_outcome(outcome: ContactOutcome, rng: &mut Rng) -> Rag {
    use ContactOutcome as O;
    let table: &[(Rag, u32)] = match outcome {
        O::Referral => &[(Rag::Red, 30), (Rag::Amber, 60), (Rag::Green, 10)],
        O::StrategyDiscussion => &[(Rag::Red, 85), (Rag::Amber, 15)],
        O::AlreadyOpen => &[(Rag::Red, 8), (Rag::Amber, 50), (Rag::Green, 42)],
        O::EarlyHelp => &[(Rag::Red, 3), (Rag::Amber, 50), (Rag::Green, 47)],
        O::NoFurtherAction | O::InformationAndAdvice => &[(Rag::Red, 2), (Rag::Amber, 35), (Rag::Green, 63)],
    };
    rng.weighted(table)
}

/// Decisions per thousand contacts of each rating. "Already open" is not
/// among them: it follows from the family's journey (a case open at the time).
fn outcome_for_rag(rag: Rag, rng: &mut Rng) -> ContactOutcome {
    use ContactOutcome as O;
    let table: &[(ContactOutcome, u32)] = match rag {
        Rag::Red => &[
            (O::NoFurtherAction, 50),
            (O::InformationAndAdvice, 30),
            (O::EarlyHelp, 100),
            (O::Referral, 600),
            (O::StrategyDiscussion, 220),
        ],
        Rag::Amber => &[
            (O::NoFurtherAction, 220),
            (O::InformationAndAdvice, 120),
            (O::EarlyHelp, 260),
            (O::Referral, 370),
            (O::StrategyDiscussion, 30),
        ],
        Rag::Green => &[
            (O::NoFurtherAction, 480),
            (O::InformationAndAdvice, 230),
            (O::EarlyHelp, 170),
            (O::Referral, 120),
        ],
    };
    rng.weighted(table)
}

fn threshold_for(outcome: ContactOutcome, rag: Rag, rng: &mut Rng) -> ThresholdLevel {
    use ContactOutcome as O;
    use ThresholdLevel as L;
    let table: &[(ThresholdLevel, u32)] = match outcome {
        O::NoFurtherAction => &[(L::Universal, 75), (L::EarlyHelp, 25)],
        O::InformationAndAdvice => &[(L::Universal, 60), (L::EarlyHelp, 40)],
        O::EarlyHelp => &[(L::EarlyHelp, 85), (L::Targeted, 15)],
        O::Referral if rag == Rag::Red => &[(L::Targeted, 40), (L::Specialist, 60)],
        O::Referral => &[(L::Targeted, 75), (L::Specialist, 25)],
        O::StrategyDiscussion => &[(L::Specialist, 1)],
        O::AlreadyOpen => &[(L::EarlyHelp, 10), (L::Targeted, 55), (L::Specialist, 35)],
    };
    let level = rng.weighted(table);
    if level.fits(outcome) {
        level
    } else {
        // Not reached with the tables above; kept so a change to them
        // cannot produce a decision the domain refuses.
        ThresholdLevel::ALL.iter().copied().find(|l| l.fits(outcome)).unwrap_or(level)
    }
}

/// How likely a contact with this decision is to have needed checks.
fn checks_chance(outcome: ContactOutcome) -> f64 {
    use ContactOutcome as O;
    match outcome {
        O::NoFurtherAction | O::InformationAndAdvice => 0.35,
        O::EarlyHelp => 0.55,
        O::Referral => 0.70,
        O::StrategyDiscussion => 0.90,
        O::AlreadyOpen => 0.10,
    }
}

fn consent_status(outcome: ContactOutcome, rng: &mut Rng) -> ConsentStatus {
    use ConsentStatus as C;
    use ContactOutcome as O;
    let table: &[(ConsentStatus, u32)] = match outcome {
        O::NoFurtherAction => &[(C::Given, 68), (C::NotRequired, 20), (C::Refused, 7), (C::DispensedWith, 5)],
        O::InformationAndAdvice => &[(C::Given, 70), (C::NotRequired, 22), (C::Refused, 6), (C::DispensedWith, 2)],
        O::EarlyHelp => &[(C::Given, 82), (C::NotRequired, 4), (C::Refused, 9), (C::DispensedWith, 5)],
        O::Referral => &[(C::Given, 70), (C::NotRequired, 5), (C::Refused, 10), (C::DispensedWith, 15)],
        O::StrategyDiscussion => &[(C::Given, 20), (C::Refused, 10), (C::DispensedWith, 70)],
        O::AlreadyOpen => &[(C::Given, 55), (C::NotRequired, 40), (C::DispensedWith, 5)],
    };
    rng.weighted(table)
}

const CONSENT_GIVEN: &[&str] = &[
    "{carer} agreed by phone to information being shared and checks being made.",
    "{carer} agreed to the contact and to checks with other agencies.",
    "The referrer obtained {carer}'s consent before making the contact.",
];
const CONSENT_NOT_REQUIRED: &[&str] = &[
    "Information only: no enquiries were made of other agencies.",
    "Advice only, from information already held; no enquiries were made.",
];
const CONSENT_OPEN_CASE: &[&str] = &["The allocated worker already holds the family's consent."];
const CONSENT_DISPENSED: &[&str] = &[
    "{partner} is the alleged perpetrator; seeking consent could place {child} at greater risk.",
    "Seeking consent could alert the alleged abuser and lead to evidence being lost before the strategy discussion.",
    "{carer} may leave the area with {child} if told of the concerns before the police have acted.",
];
const CONSENT_REFUSED_PROCEED: &[&str] = &[
    "{carer} refused consent by phone. The concern is serious enough to go ahead without it.",
    "{carer} refused consent and said the family does not need help; the refusal was weighed against the risk to {child} and the decision made without it.",
];
const CONSENT_REFUSED_RESPECTED: &[&str] = &[
    "{carer} declined consent to further enquiries; the refusal was respected as the concern does not reach the threshold to override it.",
    "{carer} refused consent by phone and did not want the family discussed with other agencies; the refusal was respected.",
];
const CONSENT_REFUSED_EARLY_HELP: &[&str] =
    &["{carer} refused consent to a referral to early help; the offer was left open and the referrer told."];

const QUESTIONS: &[(Agency, &str)] = &[
    (Agency::Police, "Any police call-outs, arrests, DASH risk assessments or intelligence about the household in the last two years?"),
    (Agency::Health, "Please confirm GP registration, health checks and immunisations for {child}, and any concerns known to health."),
    (Agency::Education, "What is {child}'s attendance this term, and does the school have any safeguarding concerns?"),
    (Agency::Probation, "Is any adult in the household known to probation, and if so what is their risk assessment?"),
    (Agency::Housing, "Is the family's tenancy secure, and are there reports of arrears, disrepair or antisocial behaviour?"),
    (Agency::OtherLocalAuthority, "Is the family known to children's services in {detail}? Please share any assessments or plans."),
    (Agency::Other, "What support has the family had from {detail}, and are there any concerns about the children?"),
];

const RESULTS: &[(Agency, &str)] = &[
    (Agency::Police, "No police information held about the household."),
    (Agency::Police, "{n} call-outs to the address in the last year, all verbal arguments; no arrests and no offences recorded."),
    (Agency::Police, "{partner} has a previous conviction for assault and was the subject of a DASH risk assessment graded medium last year."),
    (Agency::Police, "Police attended the address last month after a report of shouting; no offences identified and the children were seen and well."),
    (Agency::Police, "Intelligence links {partner} to the supply of controlled drugs; no current investigation."),
    (Agency::Health, "{child} {is} registered with {gp}; immunisations are up to date and there are no health concerns recorded."),
    (Agency::Health, "Health records show two missed appointments this year; growth and development are within the normal range."),
    (Agency::Health, "The GP reports that {carer} is being treated for anxiety and depression and is engaging with the practice."),
    (Agency::Health, "The hospital has no record of attendances for {child} in the last twelve months."),
    (Agency::Health, "{child} {has} missed two dental appointments; no other health concerns are known."),
    (Agency::Education, "Attendance is {pct}% this term; the school has no current safeguarding concerns and {carer} engages well."),
    (Agency::Education, "Attendance is {pct}% this term with several late arrivals; staff have noticed {child} {is} tired and sometimes hungry."),
    (Agency::Education, "The designated safeguarding lead reports that {child} {is} settled and doing well; no concerns to add."),
    (Agency::Probation, "{partner} is supervised by probation on licence after a conviction for violence; the probation officer is aware of the children."),
    (Agency::Probation, "No adult in the household is known to probation."),
    (Agency::Housing, "The family holds a secure tenancy; there are rent arrears and one complaint of noise from neighbours."),
    (Agency::Housing, "No housing concerns: the tenancy is in {carer}'s name and there are no reports of antisocial behaviour."),
    (Agency::OtherLocalAuthority, "The family is known to {detail}; an assessment two years ago closed with no further action."),
    (Agency::OtherLocalAuthority, "{detail} has no record of the family."),
    (Agency::Other, "{detail} reports that the family attended regularly until three months ago and seemed to be coping."),
];

const NOT_COMPLETED: &[&str] = &[
    "No reply from the agency by the time the decision was needed; the decision was made on the information held.",
    "The agency holds no record under the details given, so no check was possible.",
    "No longer needed: the information was shared at the strategy discussion.",
    "The named contact is on leave and no one else could answer before the deadline.",
];

const NEIGHBOURS: &[&str] = &["Cinderbury Council", "Ashmoor Borough Council", "Blackwater County Council"];

/// Checks asked, per hundred: police, health and education most often.
const AGENCIES: &[(Agency, u32)] = &[
    (Agency::Police, 34),
    (Agency::Health, 30),
    (Agency::Education, 22),
    (Agency::Probation, 5),
    (Agency::Housing, 5),
    (Agency::OtherLocalAuthority, 3),
    (Agency::Other, 1),
];

const FIRST_CONTACT: &[&str] =
    &["This is the first contact about {child} known to Hearthshire.", "No earlier contacts about {child} are recorded."];

const REPEATED: &str = "The pattern of repeated contacts is itself a concern and was weighed in this decision.";

/// The reason for a decision, for any threshold level or for one.
const REASONS: &[(ContactOutcome, Option<ThresholdLevel>, &str)] = &[
    (ContactOutcome::NoFurtherAction, None, "The incident has been dealt with by the referring agency and there is no indication that {child} {is} at risk of significant harm; no further action by children's social care is needed."),
    (ContactOutcome::NoFurtherAction, None, "{carer} has acted protectively and the information gathered raises no further concern, so the threshold for children's services is not met."),
    (ContactOutcome::NoFurtherAction, Some(ThresholdLevel::Universal), "The needs described are being met at home and by universal services already involved; no further action."),
    (ContactOutcome::InformationAndAdvice, None, "Advice was given to the referrer about supporting the family through universal services, and {carer} was given details of the family hub."),
    (ContactOutcome::InformationAndAdvice, None, "The needs can be met by universal services; the referrer and {carer} were given information about local support."),
    (ContactOutcome::EarlyHelp, Some(ThresholdLevel::EarlyHelp), "The family would benefit from early help: {carer} has agreed to a family support worker and a team around the family meeting."),
    (ContactOutcome::EarlyHelp, None, "The needs are below the statutory threshold but more than universal services can meet; the contact is passed to the early help service."),
    (ContactOutcome::Referral, Some(ThresholdLevel::Targeted), "The information suggests {child} may be a child in need; a child and family assessment under section 17 is needed to understand the risks."),
    (ContactOutcome::Referral, Some(ThresholdLevel::Targeted), "The nature of this concern means the threshold for a statutory assessment is met; referred to the assessment team."),
    (ContactOutcome::Referral, Some(ThresholdLevel::Specialist), "The concerns suggest {child} may be at risk of significant harm; a social work assessment is needed straight away, with a strategy discussion if the risk is confirmed."),
    (ContactOutcome::StrategyDiscussion, None, "There is reasonable cause to suspect that {child} {is} suffering, or likely to suffer, significant harm; a strategy discussion with police and health is to be held under section 47."),
    (ContactOutcome::StrategyDiscussion, None, "The seriousness of the concern and what the checks found mean that section 47 enquiries may be needed; a strategy discussion is to be convened today."),
    (ContactOutcome::AlreadyOpen, None, "{child} {is} already open to children's social care; the information has been passed to the allocated worker and added to the case."),
    (ContactOutcome::AlreadyOpen, None, "The family has an allocated social worker, who has been told today and will respond as part of the current plan."),
];

const RETURN_REASONS: &[&str] = &[
    "The rationale does not say how the previous contacts were weighed. Please add the history and resubmit.",
    "Please record who was asked about consent, and when, before I authorise.",
    "I am not sure the threshold is right given the police information; please review the checks and resubmit.",
    "Please say in the rationale what the checks found.",
];

const MANAGER_NOTES: &[(Option<ContactOutcome>, &str)] = &[
    (None, "Agreed."),
    (None, "Agree with the rationale and the threshold."),
    (None, "Agreed; please make sure the referrer is told the outcome."),
    (Some(ContactOutcome::Referral), "Agreed: transfer to the assessment team today."),
    (Some(ContactOutcome::StrategyDiscussion), "Agreed: strategy discussion to be convened today."),
    (Some(ContactOutcome::EarlyHelp), "Agreed: please send the early help request with the family's consent."),
];

fn short_outcome(o: ContactOutcome) -> &'static str {
    match o {
        ContactOutcome::NoFurtherAction => "no further action",
        ContactOutcome::InformationAndAdvice => "information and advice",
        ContactOutcome::EarlyHelp => "a step down to early help",
        ContactOutcome::Referral => "a referral for assessment",
        ContactOutcome::StrategyDiscussion => "a strategy discussion",
        ContactOutcome::AlreadyOpen => "being added to the open case",
    }
}

fn number_word(n: usize) -> String {
    const WORDS: &[&str] = &["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| (*w).to_string())
}

fn counted(n: usize, word: &str) -> String {
    let number = if n == 0 { "no".to_string() } else { number_word(n) };
    if n == 1 { format!("{number} {word}") } else { format!("{number} {word}s") }
}

/// `t` if the MASH is working then, otherwise when it next opens (and true).
/// With `weekends`, the emergency duty team's daytime cover counts too.
fn office(t: DateTime<Utc>, calendar: &Calendar, weekends: bool) -> (DateTime<Utc>, bool) {
    let local = to_uk(t);
    let minute = local.hour() * 60 + local.minute();
    for offset in 0..14 {
        let day = local.date() + Duration::days(offset);
        let hours = if calendar.is_working_day(day) {
            (OPENS, CLOSES)
        } else if weekends {
            (DUTY_OPENS, DUTY_CLOSES)
        } else {
            continue;
        };
        if offset == 0 && (hours.0..hours.1).contains(&minute) {
            return (t, false);
        }
        if offset > 0 || minute < hours.0 {
            return (from_uk(day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(hours.0))), true);
        }
    }
    (t, false)
}

/// Pacing: the next step `minutes` after `t`, at once if the contact is
/// red, in office hours if green, and for amber in office hours or the
/// duty team's weekend and bank holiday daytime cover. Work carried over
/// starts within an hour of opening.
struct Clock<'c> {
    calendar: &'c Calendar,
    rag: Rag,
}

impl Clock<'_> {
    fn urgent(&self) -> bool {
        self.rag == Rag::Red
    }

    fn after(&self, t: DateTime<Utc>, minutes: i64, rng: &mut Rng) -> DateTime<Utc> {
        let next = t + Duration::minutes(minutes.max(1));
        if self.urgent() {
            return next;
        }
        match office(next, self.calendar, self.rag == Rag::Amber) {
            (opens, true) => opens + Duration::minutes(rng.range(0, 60)),
            (same, false) => same,
        }
    }
}

/// The front door's events for one contact, in the order they happen.
pub(crate) fn screen(intake: &Intake<'_>, mash: &Mash, mint: &mut IdMint, rng: &mut Rng, end: DateTime<Utc>) -> Screened {
    let none = Screened { events: Vec::new(), closed_at: None, outcome: None };
    if mash.teams.is_empty() {
        return none;
    }
    let team = &mash.teams[rng.index(mash.teams.len()) % mash.teams.len()];
    let worker = team.workers[rng.index(team.workers.len()) % team.workers.len()];
    let manager = team.manager;
    let calendar = &mash.calendar;
    let r = intake.received_at;
    let contact_id = intake.contact_id;

    let (rag, outcome) = match intake.steer {
        Steer::Outcome(o) => (rag_for_outcome(o, rng), o),
        Steer::QuickNfa => (rng.weighted(&[(Rag::Amber, 30), (Rag::Green, 70)]), ContactOutcome::NoFurtherAction),
        Steer::Free => {
            let rag = rag_for_source(intake.source, intake.concern, rng);
            (rag, outcome_for_rag(rag, rng))
        }
    };
    let threshold = threshold_for(outcome, rag, rng);
    let quick = intake.steer == Steer::QuickNfa;
    let clock = Clock { calendar, rag };

    let mut vars = Vars::default();
    vars.children(intake.names, intake.sexes)
        .set("carer", intake.carer)
        .set("partner", intake.partner)
        .set("gp", rng.pick(GP_PRACTICES))
        .set("pct", rng.range(71, 97).to_string())
        .set("n", number_word(rng.range(2, 4) as usize));

    let mut events: Vec<(DateTime<Utc>, EventPayload, Stage)> = Vec::new();

    // Rated and assigned.
    let rated = if quick { clock.after(r, rng.range(5, 30), rng) } else { clock.after(r, rng.range(5, 80), rng) };
    let screen_by = ScreeningPolicy::default().deadline(r, rag, calendar);
    let note = (rag == Rag::Red || rng.chance(0.15)).then(|| {
        match rag {
            Rag::Red => "Immediate safety concern: screen now.",
            Rag::Amber => "Needs checks today.",
            Rag::Green => "No immediate risk identified.",
        }
        .to_string()
    });
    events.push((rated, EventPayload::ContactRated(ContactRated { contact_id, rag, screen_by, note }), Stage::Rated));
    let assigned = clock.after(rated, rng.range(2, 30), rng);
    events.push((assigned, EventPayload::ContactAssigned(ContactAssigned { contact_id, worker_id: worker }), Stage::Assigned));

    // Checks with other agencies.
    let wanted = if !quick && rng.chance(checks_chance(outcome)) { rng.weighted(&[(1, 50), (2, 32), (3, 18)]) } else { 0 };
    let mut agencies: Vec<Agency> = Vec::new();
    for _ in 0..wanted * 3 {
        if agencies.len() >= wanted {
            break;
        }
        let mut a = rng.weighted(AGENCIES);
        if a == Agency::Education && intake.oldest_age < 4 {
            a = Agency::Health;
        }
        if !agencies.contains(&a) {
            agencies.push(a);
        }
    }
    let mut t = assigned;
    let mut ready = assigned;
    let mut agency_names: Vec<&'static str> = Vec::new();
    let mut not_completed = 0;
    for agency in &agencies {
        let check_id = mint.check();
        let detail = match agency {
            Agency::Police => Some("Hearthshire Police MASH desk"),
            Agency::Health if intake.oldest_age < 5 => Some("Hearthshire Health Visiting Service"),
            Agency::Health => Some(rng.pick(GP_PRACTICES)),
            Agency::Education if intake.oldest_age <= 10 => Some(rng.pick(SCHOOLS_PRIMARY)),
            Agency::Education => Some(rng.pick(SCHOOLS_SECONDARY)),
            Agency::Probation => Some("Hearthshire Probation Service"),
            Agency::Housing => Some("Hearthshire Council Housing Options"),
            Agency::OtherLocalAuthority => Some(rng.pick(NEIGHBOURS)),
            Agency::Other => Some(rng.pick(OTHER_ORGANISATIONS)),
        };
        let mut v = Vars::default();
        v.set("detail", detail.unwrap_or("the agency"));
        let question_text = QUESTIONS.iter().find(|(a, _)| a == agency).map_or("Any information about the family?", |(_, q)| q);
        let question = fill(&fill(question_text, &v), &vars);
        let requested = clock.after(t, rng.range(3, 25), rng);
        t = requested;
        let due_at = working_days_later(requested, 1, calendar);
        events.push((
            requested,
            EventPayload::CheckRequested(CheckRequested {
                contact_id,
                check_id,
                agency: *agency,
                agency_detail: detail.map(str::to_string),
                question,
                owner_id: worker,
                due_at,
            }),
            Stage::CheckRequested,
        ));
        let mean = if clock.urgent() { 60.0 } else { 100.0 };
        let resolved = clock.after(requested, 20 + rng.exponential(mean) as i64, rng);
        let payload = if rng.chance(NOT_COMPLETED_SHARE) {
            not_completed += 1;
            EventPayload::CheckNotCompleted(CheckNotCompleted {
                contact_id,
                check_id,
                reason: rng.pick(NOT_COMPLETED).to_string(),
            })
        } else {
            let results: Vec<&str> = RESULTS.iter().filter(|(a, _)| a == agency).map(|(_, r)| *r).collect();
            let result = if results.is_empty() { "No information held." } else { results[rng.index(results.len()) % results.len()] };
            EventPayload::CheckCompleted(CheckCompleted {
                contact_id,
                check_id,
                result: sentence_case(&fill(&fill(result, &v), &vars)),
            })
        };
        events.push((resolved, payload, Stage::CheckResolved));
        ready = ready.max(resolved);
        agency_names.push(match agency {
            Agency::Police => "police",
            Agency::Health => "health",
            Agency::Education => "the school",
            Agency::Probation => "probation",
            Agency::Housing => "housing",
            Agency::OtherLocalAuthority => "another local authority",
            Agency::Other => "a voluntary agency",
        });
    }

    // The decision: proposed, perhaps returned and proposed again, authorised.
    let rationale = rationale(intake, outcome, threshold, &agency_names, not_completed, &vars, rng);
    let status = consent_status(outcome, rng);
    let consent = consent(status, outcome, manager, &vars, rng);
    let proposed = if quick {
        clock.after(ready, rng.range(15, 60), rng)
    } else if clock.urgent() {
        clock.after(ready, rng.range(10, 60), rng)
    } else {
        clock.after(ready, rng.range(15, 100), rng)
    };
    let mut decision_id = mint.decision();
    let mut proposal = ContactDecisionProposed { contact_id, decision_id, outcome, threshold, rationale, consent };
    events.push((proposed, EventPayload::ContactDecisionProposed(proposal.clone()), Stage::Proposed));
    let mut last = proposed;
    if !quick && rng.chance(RETURN_SHARE) {
        let returned = clock.after(proposed, rng.range(20, 150), rng);
        events.push((
            returned,
            EventPayload::ContactDecisionReturned(ContactDecisionReturned {
                contact_id,
                decision_id,
                reason: rng.pick(RETURN_REASONS).to_string(),
            }),
            Stage::Returned,
        ));
        decision_id = mint.decision();
        proposal.decision_id = decision_id;
        proposal.rationale.push_str(" Updated after the manager's comments: the history and the checks were reviewed again.");
        if let Some(text) = &mut proposal.consent.rationale {
            text.push_str(" Confirmed with the worker who spoke to the family.");
        }
        let again = clock.after(returned, rng.range(30, 240), rng);
        events.push((again, EventPayload::ContactDecisionProposed(proposal), Stage::Proposed));
        last = again;
    }
    let wait = if quick {
        rng.range(5, 40)
    } else if clock.urgent() {
        rng.range(5, 45)
    } else {
        rng.range(10, 100)
    };
    let mut authorised = clock.after(last, wait, rng);
    if !quick && !clock.urgent() && rng.chance(SLOW_SHARE) {
        let late = working_days_later(r, 1, calendar) + Duration::minutes(rng.range(30, 300));
        authorised = authorised.max(clock.after(late, 1, rng));
    }
    let manager_note = rng.chance(0.45).then(|| {
        let notes: Vec<&str> =
            MANAGER_NOTES.iter().filter(|(o, _)| o.is_none_or(|o| o == outcome)).map(|(_, n)| *n).collect();
        notes[rng.index(notes.len()) % notes.len()].to_string()
    });
    events.push((
        authorised,
        EventPayload::ContactDecisionAuthorised(ContactDecisionAuthorised {
            contact_id,
            decision_id,
            outcome,
            children: intake.children.to_vec(),
            manager_note,
        }),
        Stage::Authorised,
    ));

    // A recent contact may still be on the queue; nothing happens after `end`.
    let must_close = intake.must_close;
    let age_hours = (end - r).num_hours();
    let stop = (!must_close && rng.chance(open_chance(age_hours))).then(|| {
        rng.weighted(&[(Stop::Unrated, 20), (Stop::Screening, 50), (Stop::AwaitingAuthorisation, 30)])
    });
    // An open contact still screening has usually had its checks back; a
    // few are still waiting for an agency.
    let checks_waiting = stop == Some(Stop::Screening) && rng.chance(0.2);
    let mut kept = Vec::with_capacity(events.len());
    let mut waiting_left = 0;
    for (when, payload, stage) in events {
        let keep = match (stop, stage) {
            (None, _) => true,
            (Some(Stop::Unrated), _) => false,
            (Some(Stop::Screening), Stage::Rated | Stage::Assigned | Stage::CheckRequested) => true,
            (Some(Stop::Screening), Stage::CheckResolved) => {
                let wait = checks_waiting && (waiting_left == 0 || rng.chance(0.5));
                if wait {
                    waiting_left += 1;
                }
                !wait
            }
            (Some(Stop::Screening), _) => false,
            (Some(Stop::AwaitingAuthorisation), stage) => stage != Stage::Authorised,
        };
        if !keep {
            continue;
        }
        if when > end {
            if must_close {
                kept.push((end, payload, stage));
            }
            continue;
        }
        kept.push((when, payload, stage));
    }
    let closed_at = kept.iter().find(|(_, _, s)| *s == Stage::Authorised).map(|(w, _, _)| *w);
    Screened {
        events: kept.into_iter().map(|(w, p, _)| (w, p)).collect(),
        closed_at,
        outcome: closed_at.map(|_| outcome),
    }
}

/// Why: the child's history, what the checks found, and the reason for the
/// decision against the threshold document (F4).
fn rationale(
    intake: &Intake<'_>,
    outcome: ContactOutcome,
    threshold: ThresholdLevel,
    agencies: &[&str],
    not_completed: usize,
    vars: &Vars,
    rng: &mut Rng,
) -> String {
    let h = &intake.history;
    let mut parts: Vec<String> = Vec::new();
    if h.previous == 0 {
        parts.push(fill(rng.pick(FIRST_CONTACT), vars));
    } else {
        let mut s = format!(
            "{} {} the subject of {} before this one, {} in the last twelve months",
            crate::text::join_names(intake.names),
            if intake.names.len() == 1 { "has been" } else { "have been" },
            counted(h.previous, "contact"),
            number_word(h.in_year),
        );
        if let Some((when, last)) = h.last {
            let date = crate::time::uk_date(when);
            match last {
                Some(o) => s.push_str(&format!("; the most recent, on {date}, ended in {}", short_outcome(o))),
                None => s.push_str(&format!("; the most recent, on {date}, is still being screened")),
            }
        }
        s.push('.');
        parts.push(s);
        if h.referrals > 0 {
            parts.push(format!(
                "There {} {} for assessment before.",
                if h.referrals == 1 { "has been" } else { "have been" },
                counted(h.referrals, "referral")
            ));
        }
        if h.in_year >= 3 {
            parts.push(REPEATED.to_string());
        }
    }
    if !agencies.is_empty() {
        let mut s = format!("Checks were made with {}", crate::text::join_names(&agencies.iter().map(|a| (*a).to_string()).collect::<Vec<_>>()));
        if not_completed > 0 {
            s.push_str(&format!("; {} could not be completed", number_word(not_completed)));
        }
        s.push('.');
        parts.push(s);
    }
    let reasons: Vec<&str> = REASONS
        .iter()
        .filter(|(o, level, _)| *o == outcome && level.is_none_or(|l| l == threshold))
        .map(|(_, _, r)| *r)
        .collect();
    if !reasons.is_empty() {
        parts.push(fill(reasons[rng.index(reasons.len()) % reasons.len()], vars));
    }
    parts.push(format!("This sits at level {} of the Hearthshire threshold document.", threshold.code()));
    sentence_case(&parts.join(" "))
}

fn consent(status: ConsentStatus, outcome: ContactOutcome, manager: UserId, vars: &Vars, rng: &mut Rng) -> ConsentRecord {
    let text = |list: &[&str], rng: &mut Rng| Some(sentence_case(&fill(rng.pick(list), vars)));
    let (rationale, agreed_by) = match status {
        ConsentStatus::Given => (if rng.chance(0.5) { text(CONSENT_GIVEN, rng) } else { None }, None),
        ConsentStatus::NotRequired if outcome == ContactOutcome::AlreadyOpen => (text(CONSENT_OPEN_CASE, rng), None),
        ConsentStatus::NotRequired => (if rng.chance(0.5) { text(CONSENT_NOT_REQUIRED, rng) } else { None }, None),
        ConsentStatus::DispensedWith => (text(CONSENT_DISPENSED, rng), Some(manager)),
        ConsentStatus::Refused if outcome.continues_involvement() => (text(CONSENT_REFUSED_PROCEED, rng), None),
        ConsentStatus::Refused if outcome == ContactOutcome::EarlyHelp => (text(CONSENT_REFUSED_EARLY_HELP, rng), None),
        ConsentStatus::Refused => (text(CONSENT_REFUSED_RESPECTED, rng), None),
    };
    ConsentRecord { status, rationale, agreed_by }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fill;

    #[test]
    fn office_hours_skip_nights_weekends_and_bank_holidays() {
        let cal = &Calendar::england_and_wales();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Tuesday 10:00 GMT: open.
        assert_eq!(office(at("2026-11-24T10:00:00Z"), cal, false), (at("2026-11-24T10:00:00Z"), false));
        // Friday 19:00: Monday 08:30, or Saturday 10:00 with weekend cover.
        assert_eq!(office(at("2026-11-20T19:00:00Z"), cal, false).0, at("2026-11-23T08:30:00Z"));
        assert_eq!(office(at("2026-11-20T19:00:00Z"), cal, true).0, at("2026-11-21T10:00:00Z"));
        assert_eq!(office(at("2026-11-21T17:00:00Z"), cal, true).0, at("2026-11-22T10:00:00Z"));
        // Early Tuesday: the same morning.
        assert_eq!(office(at("2026-11-24T06:00:00Z"), cal, false).0, at("2026-11-24T08:30:00Z"));
        // Christmas Eve evening 2026: the 25th and the substitute Boxing Day (28th) are off.
        assert_eq!(office(at("2026-12-24T18:00:00Z"), cal, false).0, at("2026-12-29T08:30:00Z"));
        // In summer time, 08:30 local is 07:30 UTC.
        assert_eq!(office(at("2026-06-13T12:00:00Z"), cal, false).0, at("2026-06-15T07:30:00Z"));
    }

    #[test]
    fn every_text_fills_completely() {
        let mut vars = Vars::default();
        vars.children(&["Amara".to_string()], &[Sex::Female]);
        for key in ["carer", "partner", "gp", "pct", "n", "detail"] {
            vars.set(key, "x");
        }
        let texts = QUESTIONS
            .iter()
            .map(|(_, t)| *t)
            .chain(RESULTS.iter().map(|(_, t)| *t))
            .chain(REASONS.iter().map(|(_, _, t)| *t))
            .chain(CONSENT_GIVEN.iter().copied())
            .chain(CONSENT_NOT_REQUIRED.iter().copied())
            .chain(CONSENT_OPEN_CASE.iter().copied())
            .chain(CONSENT_DISPENSED.iter().copied())
            .chain(CONSENT_REFUSED_PROCEED.iter().copied())
            .chain(CONSENT_REFUSED_RESPECTED.iter().copied())
            .chain(CONSENT_REFUSED_EARLY_HELP.iter().copied())
            .chain(FIRST_CONTACT.iter().copied());
        for t in texts {
            assert!(!fill(t, &vars).contains('{'), "{t}");
        }
        for t in CONSENT_DISPENSED {
            assert!(fill(t, &vars).chars().count() >= 20);
        }
        for o in ContactOutcome::ALL {
            for rag in Rag::ALL {
                let mut rng = Rng::new(3);
                for _ in 0..50 {
                    let level = threshold_for(*o, *rag, &mut rng);
                    assert!(level.fits(*o));
                    assert!(REASONS.iter().any(|(r, l, _)| r == o && l.is_none_or(|l| l == level)), "{o:?} {level:?}");
                }
            }
        }
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(counted(1, "contact"), "one contact");
        assert_eq!(counted(3, "contact"), "three contacts");
        assert_eq!(counted(12, "contact"), "12 contacts");
    }
}
