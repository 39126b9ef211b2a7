//! What every validator reports: a rule's code, whether it is an error or
//! a query, its DfE message, and where in the return it failed.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleType {
    /// The DfE will not accept the return with it.
    Error,
    /// "Please check": accepted with an explanation.
    Query,
}

impl RuleType {
    pub fn label(self) -> &'static str {
        match self {
            RuleType::Error => "Error",
            RuleType::Query => "Query",
        }
    }
}

/// One rule, as listed in the DfE's rule set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub code: &'static str,
    pub rule_type: RuleType,
    pub message: &'static str,
}

/// One failure of one rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Issue {
    pub code: &'static str,
    pub rule_type: RuleType,
    pub message: &'static str,
    /// The child's identifier in the return (`LAchildID`, 903 `CHILD`);
    /// `None` for a return-wide failure (the header, a percentage).
    pub child: Option<String>,
    /// Where in the return, e.g. `CINdetails[2]/Assessments[1]/AssessmentAuthorisationDate`
    /// or `Episodes row 14, DEC`.
    pub location: String,
}

impl Issue {
    pub fn new(rule: &RuleInfo, child: Option<&str>, location: impl Into<String>) -> Self {
        Self { code: rule.code, rule_type: rule.rule_type, message: rule.message, child: child.map(str::to_string), location: location.into() }
    }
}

/// A validator's whole answer: every issue, sorted by child then rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub issues: Vec<Issue>,
    /// Rules that ran.
    pub rules_run: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.issues.iter().filter(|i| i.rule_type == RuleType::Error).count()
    }

    pub fn queries(&self) -> usize {
        self.issues.iter().filter(|i| i.rule_type == RuleType::Query).count()
    }
}
