//! Rules on `CINdetails`: each episode's referral, codes and closure, how a
//! child's episodes sit together, and what an episode closed or marked as a
//! referral with no further action may still hold.

use super::{Context, Findings, Rule, episode_path, led_to_further_action, text};
use crate::cin::model::{Child, CinCensus, CinDetails, Section47};
use crate::cin_rule;
use chrono::NaiveDate;
use hearth_domain::calendar::Calendar;
use hearth_domain::codes::{ClosureReason, PrimaryNeed, ReferralSource};

pub(super) const RULES: &[Rule] = &[
    Rule {
        info: cin_rule!(
            "2990",
            Error,
            "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'."
        ),
        check: activity_after_closed_on_assessment,
    },
    Rule {
        info: cin_rule!(
            "2991Q",
            Query,
            "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode"
        ),
        check: section47_without_assessment,
    },
    Rule { info: cin_rule!("8555Q", Query, "Child cannot be referred after its recorded date of death"), check: referred_after_death },
    Rule { info: cin_rule!("8568", Error, "RNFA flag is missing or invalid"), check: nfa_flag_missing_or_invalid },
    Rule {
        info: cin_rule!(
            "8569Q",
            Query,
            "A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case"
        ),
        check: old_referral_flagged_nfa,
    },
    Rule {
        info: cin_rule!(
            "8585Q",
            Query,
            "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death"
        ),
        check: closed_as_died_without_death_date,
    },
    Rule {
        info: cin_rule!("8600", Error, "Child referral date missing or after data collection period"),
        check: referral_date_missing_or_late,
    },
    Rule {
        info: cin_rule!("8606", Error, "Child referral date is more than 40 weeks before DOB or expected DOB"),
        check: referral_long_before_birth,
    },
    Rule {
        info: cin_rule!("8610", Error, "Primary Need code is missing for a referral which led to further action."),
        check: primary_need_missing,
    },
    Rule {
        info: cin_rule!("8620", Error, "CIN Closure Date present and does not fall within the Census year"),
        check: closure_outside_year,
    },
    Rule {
        info: cin_rule!("8630", Error, "CIN Closure Date is before CIN Referral Date for the same CIN episode"),
        check: closure_before_referral,
    },
    Rule {
        info: cin_rule!("8640", Error, "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)"),
        check: closure_reason_invalid,
    },
    Rule {
        info: cin_rule!("8650", Error, "Primary Need Code invalid (see Primary Need table in CIN census code set)"),
        check: primary_need_invalid,
    },
    Rule {
        info: cin_rule!("8805", Error, "A CIN case cannot have a CIN closure date without a Reason for Closure"),
        check: closure_date_without_reason,
    },
    Rule {
        info: cin_rule!("8810", Error, "A CIN case cannot have a Reason for Closure without a CIN Closure Date"),
        check: closure_reason_without_date,
    },
    Rule {
        info: cin_rule!(
            "8815",
            Error,
            "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action."
        ),
        check: several_open_episodes,
    },
    Rule {
        info: cin_rule!(
            "8816",
            Error,
            "An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode."
        ),
        check: open_episode_not_latest,
    },
    Rule { info: cin_rule!("8820", Error, "The dates on the CIN episodes for this child overlap"), check: episodes_overlap },
    Rule {
        info: cin_rule!(
            "8825Q",
            Query,
            "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode."
        ),
        check: closed_on_assessment_without_assessment,
    },
    Rule {
        info: cin_rule!("8831", Error, "Activity is recorded against a case marked as a referral with no further action"),
        check: activity_on_nfa_referral,
    },
    Rule { info: cin_rule!("8866", Error, "Source of Referral is missing or an invalid code"), check: referral_source_missing_or_invalid },
    Rule {
        info: cin_rule!("8867", Error, "CIN episode is shown as closed, however Assessment is not shown as completed"),
        check: closed_with_assessment_open,
    },
    Rule {
        info: cin_rule!(
            "8868",
            Error,
            "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag"
        ),
        check: closed_with_section47_open,
    },
    Rule {
        info: cin_rule!("8890", Error, "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing"),
        check: section47_during_another,
    },
];

const REFERRAL_DATE: &str = "CINreferralDate";
const REFERRAL_SOURCE: &str = "ReferralSource";
const PRIMARY_NEED: &str = "PrimaryNeedCode";
const CLOSURE_DATE: &str = "CINclosureDate";
const CLOSURE_REASON: &str = "ReasonForClosure";
const REFERRAL_NFA: &str = "ReferralNFA";

/// The day the census began asking for the source of a referral.
const REFERRAL_SOURCE_FROM: Option<NaiveDate> = NaiveDate::from_ymd_opt(2013, 4, 1);

/// Reports `element` of every episode for which `fails` holds.
fn each_failing(census: &CinCensus, findings: &mut Findings<'_>, element: &str, fails: impl Fn(&Child, &CinDetails) -> bool) {
    for child in &census.children {
        for (n, episode) in child.cin_details.iter().enumerate() {
            if fails(child, episode) {
                findings.child(child, format!("{}/{element}", episode_path(n)));
            }
        }
    }
}

/// RC8 or RC9: closed after assessment, so nothing beyond it may follow.
fn closed_on_assessment(episode: &CinDetails) -> bool {
    matches!(text(&episode.reason_for_closure), Some("RC8" | "RC9"))
}

fn icpc_not_required(s47: &Section47) -> bool {
    matches!(text(&s47.icpc_not_required), Some("true" | "1"))
}

/// An RC8/RC9 episode may hold its assessment and nothing more: no section
/// 47, conference, CIN plan or CP plan.
fn activity_after_closed_on_assessment(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, CLOSURE_REASON, |_, e| {
        closed_on_assessment(e)
            && (e.date_of_initial_cpc.is_some()
                || !e.section47.is_empty()
                || !e.child_protection_plans.is_empty()
                || !e.cin_plan_dates.is_empty())
    });
}

fn section47_without_assessment(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, "Assessments", |_, e| !e.section47.is_empty() && e.assessments.is_empty());
}

fn referred_after_death(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, REFERRAL_DATE, |c, e| match (c.identifiers.person_death_date, e.cin_referral_date) {
        (Some(death), Some(referral)) => referral > death,
        _ => false,
    });
}

/// The census schema's boolean: `true`, `false`, `1` or `0`, as written.
fn nfa_flag_missing_or_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, REFERRAL_NFA, |_, e| !matches!(text(&e.referral_nfa), Some("true" | "false" | "1" | "0")));
}

/// A referral received before the last working day ahead of the year cannot
/// be this year's no-further-action referral: it belonged in last year's
/// return. A missing flag is left to 8568.
fn old_referral_flagged_nfa(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let cut_off = working_day_before(context.calendar, context.collection_start());
    each_failing(census, findings, REFERRAL_NFA, |_, e| e.is_nfa() && e.cin_referral_date.is_some_and(|d| d < cut_off));
}

fn working_day_before(calendar: &Calendar, date: NaiveDate) -> NaiveDate {
    std::iter::successors(date.pred_opt(), |d| d.pred_opt()).find(|d| calendar.is_working_day(*d)).unwrap_or(NaiveDate::MIN)
}

fn closed_as_died_without_death_date(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, CLOSURE_REASON, |c, e| {
        text(&e.reason_for_closure) == Some("RC2") && c.identifiers.person_death_date.is_none()
    });
}

fn referral_date_missing_or_late(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let end = context.reference_date();
    each_failing(census, findings, REFERRAL_DATE, |_, e| e.cin_referral_date.is_none_or(|d| d > end));
}

/// 40 weeks is 280 days, before either the date of birth or the expected one.
fn referral_long_before_birth(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    let forty_weeks = chrono::Days::new(280);
    each_failing(census, findings, REFERRAL_DATE, |c, e| {
        let Some(referral) = e.cin_referral_date else { return false };
        [c.identifiers.person_birth_date, c.identifiers.expected_person_birth_date]
            .into_iter()
            .flatten()
            .any(|birth| birth.checked_sub_days(forty_weeks).is_some_and(|earliest| referral < earliest))
    });
}

fn primary_need_missing(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, PRIMARY_NEED, |_, e| led_to_further_action(e) && text(&e.primary_need_code).is_none());
}

fn closure_outside_year(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let year = context.collection_start()..=context.reference_date();
    each_failing(census, findings, CLOSURE_DATE, |_, e| e.cin_closure_date.is_some_and(|d| !year.contains(&d)));
}

fn closure_before_referral(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, CLOSURE_DATE, |_, e| match (e.cin_referral_date, e.cin_closure_date) {
        (Some(referral), Some(closure)) => closure < referral,
        _ => false,
    });
}

fn closure_reason_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, CLOSURE_REASON, |_, e| {
        text(&e.reason_for_closure).is_some_and(|r| ClosureReason::from_code(r).is_none())
    });
}

fn primary_need_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, PRIMARY_NEED, |_, e| text(&e.primary_need_code).is_some_and(|n| PrimaryNeed::from_code(n).is_none()));
}

fn closure_date_without_reason(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, CLOSURE_REASON, |_, e| e.cin_closure_date.is_some() && text(&e.reason_for_closure).is_none());
}

fn closure_reason_without_date(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, CLOSURE_DATE, |_, e| text(&e.reason_for_closure).is_some() && e.cin_closure_date.is_none());
}

/// Open and went on to further action: the child's current episode.
/// Several open referrals with no further action are allowed.
fn open_with_further_action(episode: &CinDetails) -> bool {
    episode.cin_closure_date.is_none() && led_to_further_action(episode)
}

/// Every such open episode of the child is reported.
fn several_open_episodes(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, CLOSURE_DATE, |c, e| {
        open_with_further_action(e) && c.cin_details.iter().filter(|o| open_with_further_action(o)).count() > 1
    });
}

/// The open episode's referral must be the child's latest (a tie with
/// another episode's referral date is not "not the latest").
fn open_episode_not_latest(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, REFERRAL_DATE, |c, e| {
        let latest = c.cin_details.iter().filter_map(|o| o.cin_referral_date).max();
        open_with_further_action(e) && e.cin_referral_date.zip(latest).is_some_and(|(referral, latest)| referral < latest)
    });
}

/// A referral may not fall on or after another episode's referral and
/// before its closure, or, when that episode is open and went on to further
/// action, on or before the reference date. One episode may close the day
/// the next is referred. The later episode of each overlapping pair is
/// reported (both, when they were referred the same day).
fn episodes_overlap(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let end = context.reference_date();
    for child in &census.children {
        for (n, episode) in child.cin_details.iter().enumerate() {
            let Some(referral) = episode.cin_referral_date else { continue };
            let within_another = child.cin_details.iter().enumerate().any(|(m, other)| {
                let Some(other_referral) = other.cin_referral_date else { return false };
                let before_other_ends = match other.cin_closure_date {
                    Some(closure) => referral < closure,
                    None => led_to_further_action(other) && referral <= end,
                };
                m != n && referral >= other_referral && before_other_ends
            });
            if within_another {
                findings.child(child, format!("{}/{REFERRAL_DATE}", episode_path(n)));
            }
        }
    }
}

fn closed_on_assessment_without_assessment(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, CLOSURE_REASON, |_, e| closed_on_assessment(e) && e.assessments.is_empty());
}

/// A referral with no further action may hold no assessment dates, section
/// 47 or initial conference. The DfE lists `DateOfInitialCPC` without
/// saying at which level; a conference held after a section 47 is recorded
/// in the section 47, so both levels count.
fn activity_on_nfa_referral(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, REFERRAL_NFA, |_, e| {
        e.is_nfa()
            && (e.date_of_initial_cpc.is_some()
                || e.section47.iter().any(|s| s.actual_start_date.is_some() || s.date_of_initial_cpc.is_some())
                || e.assessments.iter().any(|a| a.actual_start_date.is_some() || a.authorisation_date.is_some()))
    });
}

/// Only referrals before April 2013, when the code set began, are exempt; an
/// episode with no referral date (8600) is still checked.
fn referral_source_missing_or_invalid(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    each_failing(census, findings, REFERRAL_SOURCE, |_, e| {
        let exempt = e.cin_referral_date.zip(REFERRAL_SOURCE_FROM).is_some_and(|(d, from)| d < from);
        !exempt && text(&e.referral_source).and_then(ReferralSource::from_code).is_none()
    });
}

/// Each unauthorised assessment of a closed episode is reported.
fn closed_with_assessment_open(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        for (n, episode) in child.cin_details.iter().enumerate().filter(|(_, e)| e.cin_closure_date.is_some()) {
            for (a, assessment) in episode.assessments.iter().enumerate() {
                if assessment.authorisation_date.is_none() {
                    findings.child(child, format!("{}/Assessments[{}]/AssessmentAuthorisationDate", episode_path(n), a + 1));
                }
            }
        }
    }
}

/// A section 47 is finished by its initial conference or by the flag
/// saying none is needed. One with both is not unfinished, so it is not
/// reported here.
fn closed_with_section47_open(census: &CinCensus, _: &Context<'_>, findings: &mut Findings<'_>) {
    for child in &census.children {
        for (n, episode) in child.cin_details.iter().enumerate().filter(|(_, e)| e.cin_closure_date.is_some()) {
            for (s, s47) in episode.section47.iter().enumerate() {
                if s47.date_of_initial_cpc.is_none() && !icpc_not_required(s47) {
                    findings.child(child, format!("{}/Section47[{}]/DateOfInitialCPC", episode_path(n), s + 1));
                }
            }
        }
    }
}

/// Within an episode, a section 47 may not start on or between another's
/// start and its initial conference, or, when that one has no conference
/// and is not marked as needing none, on or before the reference date.
fn section47_during_another(census: &CinCensus, context: &Context<'_>, findings: &mut Findings<'_>) {
    let end = context.reference_date();
    for child in &census.children {
        for (n, episode) in child.cin_details.iter().enumerate() {
            for (s, s47) in episode.section47.iter().enumerate() {
                let Some(start) = s47.actual_start_date else { continue };
                let during_another = episode.section47.iter().enumerate().any(|(o, other)| {
                    let Some(other_start) = other.actual_start_date else { return false };
                    let before_other_ends = match other.date_of_initial_cpc {
                        Some(conference) => start <= conference,
                        None => !icpc_not_required(other) && start <= end,
                    };
                    o != s && start >= other_start && before_other_ends
                });
                if during_another {
                    findings.child(child, format!("{}/Section47[{}]/S47ActualStartDate", episode_path(n), s + 1));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::cin::model::{Assessment, Child, ChildProtectionPlan, CinDetails, CinPlanDates, Section47};
    use crate::cin::rules::test_support::{child, date, episode, issues_for, some};

    fn check(code: &str, child: Child) -> Vec<String> {
        issues_for(RULES, code, child)
    }

    /// H1 with its one episode changed by `change`.
    fn with(change: impl FnOnce(&mut CinDetails)) -> Child {
        let mut c = child("H1");
        change(&mut c.cin_details[0]);
        c
    }

    fn none() -> Vec<String> {
        Vec::new()
    }

    fn closed(e: &mut CinDetails, reason: &str) {
        e.cin_closure_date = Some(date(2025, 7, 1));
        e.reason_for_closure = some(reason);
    }

    fn s47(start: (i32, u32, u32), conference: Option<(i32, u32, u32)>, not_required: Option<&str>) -> Section47 {
        Section47 {
            actual_start_date: Some(date(start.0, start.1, start.2)),
            initial_cpc_target: None,
            date_of_initial_cpc: conference.map(|(y, m, d)| date(y, m, d)),
            icpc_not_required: not_required.map(str::to_string),
        }
    }

    #[test]
    fn valid_child_passes_every_rule_here() {
        for rule in RULES {
            assert_eq!(check(rule.info.code, child("H1")), none(), "{}", rule.info.code);
        }
        let closed_child = with(|e| closed(e, "RC7"));
        for rule in RULES {
            assert_eq!(check(rule.info.code, closed_child.clone()), none(), "{}", rule.info.code);
        }
    }

    #[test]
    fn nothing_after_closure_on_assessment() {
        let fails = ["2990 H1 CINdetails[1]/ReasonForClosure"];
        assert_eq!(check("2990", with(|e| closed(e, "RC8"))), none());
        assert_eq!(
            check(
                "2990",
                with(|e| {
                    closed(e, "RC9");
                    e.cin_plan_dates.push(CinPlanDates { start_date: Some(date(2025, 6, 21)), end_date: None });
                })
            ),
            fails
        );
        assert_eq!(
            check(
                "2990",
                with(|e| {
                    closed(e, "RC8");
                    e.section47.push(s47((2025, 6, 4), Some((2025, 6, 10)), None));
                })
            ),
            fails
        );
        assert_eq!(
            check(
                "2990",
                with(|e| {
                    closed(e, "RC8");
                    e.date_of_initial_cpc = Some(date(2025, 6, 10));
                })
            ),
            fails
        );
        assert_eq!(
            check(
                "2990",
                with(|e| {
                    closed(e, "RC8");
                    e.child_protection_plans.push(ChildProtectionPlan::default());
                })
            ),
            fails
        );
    }

    #[test]
    fn section47_wants_an_assessment() {
        let fails = with(|e| {
            e.assessments.clear();
            e.section47.push(s47((2025, 6, 4), None, None));
        });
        assert_eq!(check("2991Q", fails), ["2991Q H1 CINdetails[1]/Assessments"]);
        assert_eq!(check("2991Q", with(|e| e.section47.push(s47((2025, 6, 4), None, None)))), none());
    }

    #[test]
    fn referral_after_death() {
        let mut c = child("H1");
        c.identifiers.person_death_date = Some(date(2025, 6, 1));
        assert_eq!(check("8555Q", c.clone()), ["8555Q H1 CINdetails[1]/CINreferralDate"]);
        c.identifiers.person_death_date = Some(date(2025, 6, 2));
        assert_eq!(check("8555Q", c), none());
    }

    #[test]
    fn nfa_flag() {
        for (flag, fails) in [(None, true), (Some("yes"), true), (Some("TRUE"), true), (Some("1"), false), (Some("false"), false)] {
            let want: Vec<String> = if fails { vec!["8568 H1 CINdetails[1]/ReferralNFA".into()] } else { none() };
            assert_eq!(check("8568", with(|e| e.referral_nfa = flag.map(str::to_string))), want, "{flag:?}");
        }
    }

    #[test]
    fn nfa_referral_from_last_year() {
        // 1 April 2025 is a Tuesday: the working day before is Monday 31 March.
        let nfa_on = |y, m, d| {
            with(|e| {
                e.cin_referral_date = Some(date(y, m, d));
                e.referral_nfa = some("true");
                e.assessments.clear();
            })
        };
        assert_eq!(check("8569Q", nfa_on(2025, 3, 28)), ["8569Q H1 CINdetails[1]/ReferralNFA"]);
        assert_eq!(check("8569Q", nfa_on(2025, 3, 31)), none());
        assert_eq!(check("8569Q", with(|e| e.cin_referral_date = Some(date(2025, 3, 28)))), none());
    }

    #[test]
    fn closed_as_died() {
        let mut c = with(|e| closed(e, "RC2"));
        assert_eq!(check("8585Q", c.clone()), ["8585Q H1 CINdetails[1]/ReasonForClosure"]);
        c.identifiers.person_death_date = Some(date(2025, 7, 1));
        assert_eq!(check("8585Q", c), none());
    }

    #[test]
    fn referral_date_in_census() {
        let fails = ["8600 H1 CINdetails[1]/CINreferralDate"];
        assert_eq!(check("8600", with(|e| e.cin_referral_date = None)), fails);
        assert_eq!(check("8600", with(|e| e.cin_referral_date = Some(date(2026, 4, 1)))), fails);
        assert_eq!(check("8600", with(|e| e.cin_referral_date = Some(date(2026, 3, 31)))), none());
    }

    #[test]
    fn referral_before_birth() {
        // Born 1 June 2015: 280 days before is 25 August 2014.
        let fails = ["8606 H1 CINdetails[1]/CINreferralDate"];
        assert_eq!(check("8606", with(|e| e.cin_referral_date = Some(date(2014, 8, 24)))), fails);
        assert_eq!(check("8606", with(|e| e.cin_referral_date = Some(date(2014, 8, 25)))), none());
        let mut unborn = child("H1");
        unborn.identifiers.person_birth_date = None;
        unborn.identifiers.expected_person_birth_date = Some(date(2026, 4, 1));
        assert_eq!(check("8606", unborn.clone()), fails);
        unborn.identifiers.expected_person_birth_date = Some(date(2026, 3, 9));
        assert_eq!(check("8606", unborn), none());
    }

    #[test]
    fn primary_need_on_further_action() {
        assert_eq!(check("8610", with(|e| e.primary_need_code = None)), ["8610 H1 CINdetails[1]/PrimaryNeedCode"]);
        let nfa = with(|e| {
            e.primary_need_code = None;
            e.referral_nfa = some("1");
        });
        assert_eq!(check("8610", nfa), none());
    }

    #[test]
    fn closure_in_year() {
        let closing = |y, m, d| {
            with(|e| {
                closed(e, "RC7");
                e.cin_closure_date = Some(date(y, m, d));
            })
        };
        assert_eq!(check("8620", closing(2026, 4, 1)), ["8620 H1 CINdetails[1]/CINclosureDate"]);
        assert_eq!(check("8620", closing(2026, 3, 31)), none());
        let mut early = closing(2025, 3, 31);
        early.cin_details[0].cin_referral_date = Some(date(2025, 3, 1));
        assert_eq!(check("8620", early), ["8620 H1 CINdetails[1]/CINclosureDate"]);
    }

    #[test]
    fn closure_after_referral() {
        let closing = |d| {
            with(|e| {
                closed(e, "RC7");
                e.cin_closure_date = Some(date(2025, 6, d));
            })
        };
        assert_eq!(check("8630", closing(1)), ["8630 H1 CINdetails[1]/CINclosureDate"]);
        assert_eq!(check("8630", closing(2)), none());
    }

    #[test]
    fn closure_reason_code() {
        assert_eq!(check("8640", with(|e| closed(e, "RC10"))), ["8640 H1 CINdetails[1]/ReasonForClosure"]);
        assert_eq!(check("8640", with(|e| closed(e, "RC9"))), none());
    }

    #[test]
    fn primary_need_code() {
        assert_eq!(check("8650", with(|e| e.primary_need_code = some("N10"))), ["8650 H1 CINdetails[1]/PrimaryNeedCode"]);
        assert_eq!(check("8650", with(|e| e.primary_need_code = some("N0"))), none());
    }

    #[test]
    fn closure_date_and_reason_together() {
        let date_only = with(|e| e.cin_closure_date = Some(date(2025, 7, 1)));
        assert_eq!(check("8805", date_only.clone()), ["8805 H1 CINdetails[1]/ReasonForClosure"]);
        assert_eq!(check("8810", date_only), none());
        let reason_only = with(|e| e.reason_for_closure = some("RC7"));
        assert_eq!(check("8810", reason_only.clone()), ["8810 H1 CINdetails[1]/CINclosureDate"]);
        assert_eq!(check("8805", reason_only), none());
    }

    /// H1 with a first episode closed on `first_closed` (or open) and a second
    /// referred on 1 September 2025 and open.
    fn two_episodes(first_closed: Option<(i32, u32, u32)>, second_nfa: &str) -> Child {
        let mut c = child("H1");
        if let Some((y, m, d)) = first_closed {
            c.cin_details[0].cin_closure_date = Some(date(y, m, d));
            c.cin_details[0].reason_for_closure = some("RC7");
        }
        c.cin_details.push(CinDetails { cin_referral_date: Some(date(2025, 9, 1)), referral_nfa: some(second_nfa), ..episode() });
        c
    }

    #[test]
    fn one_open_episode() {
        assert_eq!(
            check("8815", two_episodes(None, "false")),
            ["8815 H1 CINdetails[1]/CINclosureDate", "8815 H1 CINdetails[2]/CINclosureDate"]
        );
        assert_eq!(check("8815", two_episodes(None, "true")), none());
        assert_eq!(check("8815", two_episodes(Some((2025, 8, 1)), "false")), none());
    }

    #[test]
    fn open_episode_is_the_latest() {
        let mut c = two_episodes(None, "true");
        c.cin_details[1].assessments.clear();
        assert_eq!(check("8816", c), ["8816 H1 CINdetails[1]/CINreferralDate"]);
        assert_eq!(check("8816", two_episodes(Some((2025, 8, 1)), "false")), none());
    }

    #[test]
    fn episodes_do_not_overlap() {
        assert_eq!(check("8820", two_episodes(Some((2025, 9, 2)), "false")), ["8820 H1 CINdetails[2]/CINreferralDate"]);
        assert_eq!(check("8820", two_episodes(None, "false")), ["8820 H1 CINdetails[2]/CINreferralDate"]);
        // Closing the day the next is referred is allowed.
        assert_eq!(check("8820", two_episodes(Some((2025, 9, 1)), "false")), none());
        // An open referral with no further action does not run on.
        let mut nfa_first = two_episodes(None, "false");
        nfa_first.cin_details[0].referral_nfa = some("true");
        assert_eq!(check("8820", nfa_first), none());
    }

    #[test]
    fn closed_on_assessment_has_one() {
        let without = with(|e| {
            closed(e, "RC8");
            e.assessments.clear();
        });
        assert_eq!(check("8825Q", without), ["8825Q H1 CINdetails[1]/ReasonForClosure"]);
        assert_eq!(check("8825Q", with(|e| closed(e, "RC9"))), none());
    }

    #[test]
    fn nothing_on_nfa_referral() {
        let fails = ["8831 H1 CINdetails[1]/ReferralNFA"];
        assert_eq!(check("8831", with(|e| e.referral_nfa = some("true"))), fails);
        let bare_nfa = |e: &mut CinDetails| {
            e.referral_nfa = some("true");
            e.assessments.clear();
        };
        assert_eq!(check("8831", with(bare_nfa)), none());
        assert_eq!(
            check(
                "8831",
                with(|e| {
                    bare_nfa(e);
                    e.section47.push(s47((2025, 6, 3), None, None));
                })
            ),
            fails
        );
        assert_eq!(
            check(
                "8831",
                with(|e| {
                    bare_nfa(e);
                    e.date_of_initial_cpc = Some(date(2025, 6, 10));
                })
            ),
            fails
        );
    }

    #[test]
    fn referral_source_code() {
        let fails = ["8866 H1 CINdetails[1]/ReferralSource"];
        assert_eq!(check("8866", with(|e| e.referral_source = None)), fails);
        assert_eq!(check("8866", with(|e| e.referral_source = some("5E"))), fails);
        assert_eq!(check("8866", with(|e| e.referral_source = some("10"))), none());
        let old = with(|e| {
            e.referral_source = None;
            e.cin_referral_date = Some(date(2013, 3, 31));
        });
        assert_eq!(check("8866", old), none());
    }

    #[test]
    fn closed_episode_assessments_complete() {
        let open_assessment = Assessment { actual_start_date: Some(date(2025, 6, 25)), ..Assessment::default() };
        let c = with(|e| {
            closed(e, "RC7");
            e.assessments.push(open_assessment.clone());
        });
        assert_eq!(check("8867", c), ["8867 H1 CINdetails[1]/Assessments[2]/AssessmentAuthorisationDate"]);
        assert_eq!(check("8867", with(|e| e.assessments.push(open_assessment.clone()))), none());
    }

    #[test]
    fn closed_episode_section47s_complete() {
        let closed_with = |s: Section47| {
            with(|e| {
                closed(e, "RC7");
                e.section47.push(s);
            })
        };
        assert_eq!(
            check("8868", closed_with(s47((2025, 6, 4), None, Some("false")))),
            ["8868 H1 CINdetails[1]/Section47[1]/DateOfInitialCPC"]
        );
        assert_eq!(check("8868", closed_with(s47((2025, 6, 4), None, Some("1")))), none());
        assert_eq!(check("8868", closed_with(s47((2025, 6, 4), Some((2025, 6, 20)), None))), none());
    }

    #[test]
    fn one_section47_at_a_time() {
        let pair = |first: Section47| {
            with(|e| {
                e.section47.push(first);
                e.section47.push(s47((2025, 6, 20), None, None));
            })
        };
        assert_eq!(
            check("8890", pair(s47((2025, 6, 4), Some((2025, 6, 20)), None))),
            ["8890 H1 CINdetails[1]/Section47[2]/S47ActualStartDate"]
        );
        assert_eq!(check("8890", pair(s47((2025, 6, 4), None, None))), ["8890 H1 CINdetails[1]/Section47[2]/S47ActualStartDate"]);
        assert_eq!(check("8890", pair(s47((2025, 6, 4), Some((2025, 6, 19)), None))), none());
        assert_eq!(check("8890", pair(s47((2025, 6, 4), None, Some("true")))), none());
    }
}
