//! The DfE's validation rules for the CIN census (the 109 of 2025-26),
//! each with the code and message the DfE uses, so an analyst can match
//! Hearth's report to the DfE's.
//!
//! A rule is a plain function over the whole census: most look at one
//! child at a time, some (duplicate UPNs, the 2 % of children with no sex
//! recorded) look across children. Rules are grouped in modules by the
//! part of the census they check; `RULES` lists every one.

mod children;
mod episodes;
mod header;
mod identifiers;
mod plans;
mod protection;
#[cfg(test)]
pub(crate) mod test_support;

use super::model::{CinCensus, CinDetails, Child};
use crate::period::CollectionYear;
use crate::validation::{Issue, Report, RuleInfo};
use chrono::NaiveDate;
use hearth_domain::calendar::Calendar;

/// What a rule checks against besides the census itself.
pub struct Context<'a> {
    /// The year being returned (from the caller, not the header, so rule
    /// 100 can say the header is wrong).
    pub year: CollectionYear,
    /// The authority's three-digit LA code.
    pub la_code: &'a str,
    /// England and Wales bank holidays, for rules counted in working days.
    pub calendar: &'a Calendar,
}

impl Context<'_> {
    /// The census reference date: the year's last day.
    pub fn reference_date(&self) -> NaiveDate {
        self.year.end()
    }

    pub fn collection_start(&self) -> NaiveDate {
        self.year.start()
    }
}

/// One rule: its DfE identity and the function that finds its failures.
pub struct Rule {
    pub info: RuleInfo,
    pub check: fn(&CinCensus, &Context<'_>, &mut Findings<'_>),
}

/// Collects one rule's failures.
pub struct Findings<'a> {
    rule: &'a RuleInfo,
    issues: Vec<Issue>,
}

impl<'a> Findings<'a> {
    pub fn new(rule: &'a RuleInfo) -> Self {
        Self { rule, issues: Vec::new() }
    }

    /// A failure on one child, at a place in the file.
    pub fn child(&mut self, child: &Child, location: impl Into<String>) {
        let id = child.identifiers.la_child_id.as_deref();
        self.issues.push(Issue::new(self.rule, id, location));
    }

    /// A failure of the whole return.
    pub fn census(&mut self, location: impl Into<String>) {
        self.issues.push(Issue::new(self.rule, None, location));
    }

    pub fn into_issues(self) -> Vec<Issue> {
        self.issues
    }
}

/// `CINdetails[n]` (1-based, as people count) for a location.
pub fn episode_path(index: usize) -> String {
    format!("CINdetails[{}]", index + 1)
}

/// Every episode of every child, with its index.
pub fn each_episode(census: &CinCensus) -> impl Iterator<Item = (&Child, usize, &CinDetails)> {
    census.children.iter().flat_map(|c| c.cin_details.iter().enumerate().map(move |(i, d)| (c, i, d)))
}

/// Declares a rule's identity: `rule!("8500", Error, "LA Child ID missing")`.
#[macro_export]
macro_rules! cin_rule {
    ($code:literal, $kind:ident, $message:literal) => {
        $crate::validation::RuleInfo { code: $code, rule_type: $crate::validation::RuleType::$kind, message: $message }
    };
}

/// Every rule of the 2025-26 census, in code order.
pub fn rules() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = Vec::new();
    for group in [header::RULES, identifiers::RULES, children::RULES, episodes::RULES, plans::RULES, protection::RULES] {
        all.extend(group.iter());
    }
    all.sort_by(|a, b| a.info.code.cmp(b.info.code));
    all
}

/// Runs every rule over the census.
pub fn validate(census: &CinCensus, context: &Context<'_>) -> Report {
    let rules = rules();
    let mut issues = Vec::new();
    for rule in &rules {
        let mut findings = Findings::new(&rule.info);
        (rule.check)(census, context, &mut findings);
        issues.extend(findings.into_issues());
    }
    issues.sort_by(|a, b| (&a.child, a.code, &a.location).cmp(&(&b.child, b.code, &b.location)));
    Report { issues, rules_run: rules.len() }
}

/// Runs one rule (for tests and the per-rule screen).
pub fn run(rule: &Rule, census: &CinCensus, context: &Context<'_>) -> Vec<Issue> {
    let mut findings = Findings::new(&rule.info);
    (rule.check)(census, context, &mut findings);
    findings.into_issues()
}

/// A text element's value, or `None` when it is absent or blank: a blank
/// element is as missing to the DfE as an absent one.
pub fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// `ReferralNFA` says the referral went on to further action (`false` or
/// `0`). A missing or invalid flag is neither this nor NFA: rule 8568
/// reports it, and the rules conditioned on further action skip it.
pub fn led_to_further_action(episode: &CinDetails) -> bool {
    matches!(text(&episode.referral_nfa), Some("false" | "0"))
}

/// `CINdetails[e]/<group>[n]/<field>` (both 1-based) for an element nested in an episode.
pub fn group_path(episode: usize, group: &str, index: usize, field: &str) -> String {
    format!("{}/{group}[{}]/{field}", episode_path(episode), index + 1)
}
