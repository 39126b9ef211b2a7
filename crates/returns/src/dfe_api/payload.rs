//! One child's full payload: identity and characteristics, SDQ scores,
//! and their social care episodes with everything recorded under each.
//!
//! Unknown values are written as `null` rather than left out, so every
//! payload has the same shape and a value that is later cleared shows up
//! as a change. Blocks that may be absent altogether (`health_and_wellbeing`,
//! an episode's `adoption` and `care_leavers`) are left out when there is
//! nothing to say.

use super::MAX_AGE;
use crate::history::care::CareEpisode;
use crate::history::{ChildHistory, Episode};
use crate::period::Window;
use chrono::NaiveDate;
use hearth_domain::child_protection::Section47Outcome;
use hearth_domain::codes::Disability;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The longest identifier the DfE accepts.
pub const MAX_ID_LEN: usize = 36;

/// Children of this age or more are expected to have a UPN (as in the census).
const SCHOOL_AGE: i32 = 5;
/// "Sources collating UPNs reflect UPN is not available".
const UPN_NOT_AVAILABLE: &str = "UN5";

pub fn in_cohort(child: &ChildHistory, window: Window) -> bool {
    if child.age_on(window.to).is_some_and(|age| age > MAX_AGE) {
        return false;
    }
    child.referrals.iter().any(|r| window.overlaps(r.referral_date, r.closed_on))
        || child.care.episodes.iter().any(|e| window.overlaps(e.started_on, e.ended_on))
        || child.care.care_leaver_contacts.iter().any(|c| window.contains(c.contact_on))
}

/// An identifier cut to the DfE's limit: one too long is replaced by the
/// start of its SHA-256 digest, which stays stable from one day to the next.
pub fn id(raw: &str) -> String {
    if raw.len() <= MAX_ID_LEN {
        raw.to_string()
    } else {
        let digest = hex::encode(Sha256::digest(raw.as_bytes()));
        digest[..MAX_ID_LEN].to_string()
    }
}

fn date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

fn text(s: Option<&str>) -> Value {
    s.filter(|s| !s.trim().is_empty()).map_or(Value::Null, |s| Value::String(s.to_string()))
}

pub fn child(child: &ChildHistory, window: Window) -> Value {
    let mut out = Map::new();
    out.insert("la_child_id".into(), json!(id(&child.la_child_id)));
    out.insert("mis_child_id".into(), json!(id(&child.person_id.to_string())));
    out.insert("purge".into(), json!(false));
    out.insert("child_details".into(), details(child, window));
    let sdq: Vec<Value> = {
        let mut scores: Vec<(NaiveDate, u8)> = child
            .care
            .health
            .iter()
            .filter(|h| h.year_ending <= window.to)
            .filter_map(|h| h.sdq_score.map(|s| (h.year_ending, s)))
            .collect();
        scores.sort();
        scores.into_iter().map(|(on, score)| json!({ "date": on.to_string(), "score": score })).collect()
    };
    if !sdq.is_empty() {
        out.insert("health_and_wellbeing".into(), json!({ "sdq_assessments": sdq, "purge": false }));
    }
    out.insert("social_care_episodes".into(), Value::Array(episodes(child, window)));
    Value::Object(out)
}

fn details(child: &ChildHistory, window: Window) -> Value {
    let born = child.date_of_birth.filter(|d| *d <= window.to);
    let upn = child.upn.as_deref().filter(|u| !u.trim().is_empty());
    let school_age = child.age_on(window.to).is_some_and(|age| age >= SCHOOL_AGE);
    let mut disabilities: Vec<&str> = Vec::new();
    for d in &child.disabilities {
        if !disabilities.contains(&d.code()) {
            disabilities.push(d.code());
        }
    }
    if disabilities.is_empty() {
        disabilities.push(Disability::None.code());
    }
    let uasc = child.care.uasc.as_ref();
    json!({
        "unique_pupil_number": text(upn),
        "former_unique_pupil_number": Value::Null,
        "unique_pupil_number_unknown_reason": if upn.is_none() && school_age { json!(UPN_NOT_AVAILABLE) } else { Value::Null },
        "first_name": text(Some(&child.first_name)),
        "surname": text(Some(&child.last_name)),
        "date_of_birth": date(born),
        "expected_date_of_birth": date(if born.is_some() { None } else { child.expected_date_of_birth.or(child.date_of_birth) }),
        // An unborn child's sex is not known (as census rule 8750 has it).
        "sex": if born.is_some() { child.sex.code() } else { "U" },
        "ethnicity": text(child.ethnicity.map(|e| e.code())),
        "disabilities": disabilities,
        "postcode": text(child.postcode.as_deref()),
        "uasc_flag": uasc.is_some(),
        "uasc_end_date": date(uasc.and_then(|u| u.ceased_on)),
        "purge": false,
    })
}

/// A social care episode being assembled: a referral, or (for care with no
/// referral before it, such as a history imported from a 903 return) a
/// stand-in keyed by the first placement's id.
struct Draft<'a> {
    id: String,
    referral: Option<Episode<'a>>,
    placements: Vec<&'a CareEpisode>,
    adoption: bool,
    care_leavers: bool,
}

impl Draft<'_> {
    fn span(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match &self.referral {
            Some(e) => (Some(e.referral.referral_date), e.referral.closed_on),
            None => {
                let start = self.placements.iter().map(|p| p.started_on).min();
                let open = self.placements.iter().any(|p| p.ended_on.is_none());
                (start, if open { None } else { self.placements.iter().filter_map(|p| p.ended_on).max() })
            }
        }
    }
}

fn episodes(child: &ChildHistory, window: Window) -> Vec<Value> {
    let mut drafts: Vec<Draft<'_>> = child
        .episodes()
        .into_iter()
        .filter(|e| window.overlaps(e.referral.referral_date, e.referral.closed_on))
        .map(|e| Draft {
            id: id(&e.referral.referral_id.to_string()),
            referral: Some(e),
            placements: Vec::new(),
            adoption: false,
            care_leavers: false,
        })
        .collect();
    let referrals = drafts.len();

    let mut placements: Vec<&CareEpisode> = child.care.episodes.iter().filter(|p| window.overlaps(p.started_on, p.ended_on)).collect();
    placements.sort_by(|a, b| (a.started_on, &a.episode_id).cmp(&(b.started_on, &b.episode_id)));
    for p in placements {
        // The referral open when the placement began, else the latest before it.
        let started_before = |d: &Draft<'_>| d.referral.as_ref().is_some_and(|e| e.referral.referral_date <= p.started_on);
        let open = drafts[..referrals].iter().rposition(|d| {
            started_before(d) && d.referral.as_ref().is_some_and(|e| e.referral.closed_on.is_none_or(|c| c >= p.started_on))
        });
        let target = open.or_else(|| drafts[..referrals].iter().rposition(started_before));
        match target {
            Some(i) => drafts[i].placements.push(p),
            None => match drafts[referrals..].first_mut() {
                Some(stand_in) => stand_in.placements.push(p),
                None => {
                    drafts.push(Draft { id: id(&p.episode_id), referral: None, placements: vec![p], adoption: false, care_leavers: false })
                }
            },
        }
    }

    let has_adoption = child.care.adoption.is_some();
    let leaver_contact = latest_care_leaver_contact(child, window).is_some();
    if has_adoption || leaver_contact {
        // Adoption and leaving care follow from the latest placement.
        let holder = drafts.iter().rposition(|d| !d.placements.is_empty()).or_else(|| drafts.len().checked_sub(1));
        let i = match holder {
            Some(i) => i,
            None => {
                let last_placement = child.care.episodes.iter().max_by_key(|p| p.started_on);
                drafts.push(Draft {
                    id: id(&last_placement.map_or_else(|| format!("{}-care", child.la_child_id), |p| p.episode_id.clone())),
                    referral: None,
                    placements: Vec::new(),
                    adoption: false,
                    care_leavers: false,
                });
                drafts.len() - 1
            }
        };
        drafts[i].adoption = has_adoption;
        drafts[i].care_leavers = leaver_contact;
    }

    let workers = worker_periods(child);
    drafts.iter().map(|d| episode(child, d, &workers, window)).collect()
}

fn latest_care_leaver_contact(child: &ChildHistory, window: Window) -> Option<&crate::history::care::CareLeaverContact> {
    child.care.care_leaver_contacts.iter().filter(|c| c.contact_on <= window.to).max_by_key(|c| c.contact_on)
}

/// Who held the child, and when: each allocation to a worker lasts until
/// the next allocation.
fn worker_periods(child: &ChildHistory) -> Vec<(String, NaiveDate, Option<NaiveDate>)> {
    let mut allocations = child.allocations.clone();
    allocations.sort_by_key(|a| a.from);
    let mut periods: Vec<(String, NaiveDate, Option<NaiveDate>)> = Vec::new();
    for (i, a) in allocations.iter().enumerate() {
        let until = allocations.get(i + 1).map(|next| next.from);
        let Some(worker) = a.worker_id else {
            continue;
        };
        let worker = id(&worker.to_string());
        match periods.last_mut() {
            // Re-allocation to the same worker continues their period.
            Some(last) if last.0 == worker && last.2 == Some(a.from) => last.2 = until,
            _ => periods.push((worker, a.from, until)),
        }
    }
    periods
}

fn episode(child: &ChildHistory, draft: &Draft<'_>, workers: &[(String, NaiveDate, Option<NaiveDate>)], window: Window) -> Value {
    let mut out = Map::new();
    out.insert("social_care_episode_id".into(), json!(draft.id));
    let e = draft.referral.as_ref();
    let r = e.map(|e| e.referral);
    out.insert("referral_date".into(), date(r.map(|r| r.referral_date)));
    out.insert("referral_source".into(), text(r.map(|r| r.source.code())));
    out.insert("closure_date".into(), date(r.and_then(|r| r.closed_on)));
    out.insert("closure_reason".into(), text(r.and_then(|r| r.closure_reason).map(|c| c.code())));
    // The census ReferralNFA: closed with no assessment and no enquiry.
    let nfa = e.map(|e| e.referral.closed_on.is_some() && e.assessments.is_empty() && e.section47s.is_empty());
    out.insert("referral_no_further_action_flag".into(), nfa.map_or(Value::Null, Value::Bool));

    let assessments: Vec<Value> = e
        .map(|e| {
            e.assessments
                .iter()
                .map(|a| {
                    json!({
                        "child_and_family_assessment_id": id(&a.assessment_id.to_string()),
                        "start_date": a.started_on.to_string(),
                        "authorisation_date": date(a.authorised_on),
                        "factors": a.factors.iter().map(|f| f.code()).collect::<Vec<_>>(),
                        "purge": false,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    out.insert("child_and_family_assessments".into(), Value::Array(assessments));

    let plans: Vec<Value> = e
        .map(|e| {
            e.cin_plans
                .iter()
                .map(|p| {
                    json!({
                        "child_in_need_plan_id": id(&p.plan_id.to_string()),
                        "start_date": p.started_on.to_string(),
                        "end_date": date(p.ended_on),
                        "purge": false,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    out.insert("child_in_need_plans".into(), Value::Array(plans));

    let enquiries: Vec<Value> = e
        .map(|e| {
            e.section47s
                .iter()
                .map(|s| {
                    json!({
                        "section_47_assessment_id": id(&s.enquiry_id.to_string()),
                        "start_date": s.started_on.to_string(),
                        "icpc_required_flag": s.outcome.map_or(Value::Null, |o| Value::Bool(o == Section47Outcome::SubstantiatedIcpcNeeded)),
                        "icpc_date": date(e.conference_of(s.enquiry_id).and_then(|c| c.held_on)),
                        "end_date": date(s.completed_on),
                        "purge": false,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    out.insert("section_47_assessments".into(), Value::Array(enquiries));

    let cp_plans: Vec<Value> = e
        .map(|e| {
            e.cp_plans
                .iter()
                .map(|p| {
                    json!({
                        "child_protection_plan_id": id(&p.plan_id.to_string()),
                        "start_date": p.started_on.to_string(),
                        "end_date": date(p.ended_on),
                        "purge": false,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    out.insert("child_protection_plans".into(), Value::Array(cp_plans));

    let placements: Vec<Value> = draft
        .placements
        .iter()
        .map(|p| {
            json!({
                "child_looked_after_placement_id": id(&p.episode_id),
                "start_date": p.started_on.to_string(),
                "start_reason": text(Some(&p.reason_new_episode)),
                "postcode": text(p.placement_postcode.as_deref()),
                "placement_type": text(Some(&p.placement_type)),
                "end_date": date(p.ended_on),
                "end_reason": text(p.reason_ceased.as_deref()),
                "change_reason": text(p.reason_place_change.as_deref()),
                "purge": false,
            })
        })
        .collect();
    out.insert("child_looked_after_placements".into(), Value::Array(placements));

    if draft.adoption
        && let Some(a) = &child.care.adoption
    {
        out.insert(
            "adoption".into(),
            json!({
                "initial_decision_date": date(a.decision_on),
                "matched_date": date(a.matched_on),
                "placed_date": date(a.placed_on),
                "purge": false,
            }),
        );
    }
    if draft.care_leavers
        && let Some(c) = latest_care_leaver_contact(child, window)
    {
        out.insert(
            "care_leavers".into(),
            json!({
                "contact_date": c.contact_on.to_string(),
                "activity": text(c.activity.as_deref()),
                "accommodation": text(c.accommodation.as_deref()),
                "purge": false,
            }),
        );
    }

    let (from, to) = draft.span();
    let held: Vec<Value> = workers
        .iter()
        .filter(|(_, start, end)| {
            // Overlapping the episode: began before it ended and ended after it began.
            to.is_none_or(|t| *start <= t)
                && match (end, from) {
                    (Some(end), Some(from)) => *end >= from,
                    _ => true,
                }
        })
        .map(|(worker, start, end)| json!({ "worker_id": worker, "start_date": start.to_string(), "end_date": date(*end) }))
        .collect();
    out.insert("care_worker_details".into(), Value::Array(held));
    out.insert("purge".into(), json!(false));
    Value::Object(out)
}
