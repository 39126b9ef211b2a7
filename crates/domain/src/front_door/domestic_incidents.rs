//! Police domestic-abuse notifications and the daily review meeting (F7).
//!
//! The police send notifications in batches (a CSV file or the API). Each
//! names the children, matched to Hearth by Hearth ID or by exact name and
//! date of birth. The daily domestic-incident review records a decision for
//! every one, "below threshold: no action" included, so the decision is on
//! each child's chronology and none can be left undecided unseen.
//!
//! This module reads and checks what is sent; matching children needs the
//! record, so the store does it and reports misses with `unmatched_message`.

use crate::csv::{self, CsvError, CsvRow};
use crate::events::MIN_RATIONALE_CHARS;
use crate::ids::HearthRef;
use crate::uk_time::from_uk;
use crate::validation::FieldErrors;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// The DASH risk level the police gave (Domestic Abuse, Stalking and
/// Honour-based violence risk identification checklist).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DashRisk {
    Standard,
    Medium,
    High,
}

impl DashRisk {
    pub const ALL: &'static [DashRisk] = &[DashRisk::Standard, DashRisk::Medium, DashRisk::High];

    pub fn code(self) -> &'static str {
        match self {
            DashRisk::Standard => "standard",
            DashRisk::Medium => "medium",
            DashRisk::High => "high",
        }
    }

    /// Accepts the code in any case ("High", "MEDIUM").
    pub fn from_code(code: &str) -> Option<DashRisk> {
        let code = code.trim().to_lowercase();
        DashRisk::ALL.iter().copied().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DashRisk::Standard => "Standard",
            DashRisk::Medium => "Medium",
            DashRisk::High => "High",
        }
    }
}

/// Whether children were present at the incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildrenPresent {
    Yes,
    No,
    NotKnown,
}

impl ChildrenPresent {
    pub const ALL: &'static [ChildrenPresent] = &[ChildrenPresent::Yes, ChildrenPresent::No, ChildrenPresent::NotKnown];

    pub fn code(self) -> &'static str {
        match self {
            ChildrenPresent::Yes => "yes",
            ChildrenPresent::No => "no",
            ChildrenPresent::NotKnown => "not_known",
        }
    }

    /// Accepts the code and what police systems write ("Y", "Unknown").
    pub fn from_code(code: &str) -> Option<ChildrenPresent> {
        match code.trim().to_lowercase().replace(' ', "_").as_str() {
            "yes" | "y" => Some(ChildrenPresent::Yes),
            "no" | "n" => Some(ChildrenPresent::No),
            "not_known" | "unknown" => Some(ChildrenPresent::NotKnown),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ChildrenPresent::Yes => "Yes",
            ChildrenPresent::No => "No",
            ChildrenPresent::NotKnown => "Not known",
        }
    }
}

/// What the daily review decided for a notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// Recorded, so the pattern is seen if more follow (F7).
    BelowThreshold,
    /// Operation Encompass style: the school (and health) are told before
    /// the next school day.
    ShareWithSchoolAndHealth,
    EarlyHelpOffer,
    /// A contact is made to the MASH for screening, in the same record.
    ContactToMash,
    /// The child's case is open: the allocated worker takes it on.
    AlreadyOpen,
}

impl ReviewDecision {
    pub const ALL: &'static [ReviewDecision] = &[
        ReviewDecision::BelowThreshold,
        ReviewDecision::ShareWithSchoolAndHealth,
        ReviewDecision::EarlyHelpOffer,
        ReviewDecision::ContactToMash,
        ReviewDecision::AlreadyOpen,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReviewDecision::BelowThreshold => "below_threshold",
            ReviewDecision::ShareWithSchoolAndHealth => "share_with_school_and_health",
            ReviewDecision::EarlyHelpOffer => "early_help_offer",
            ReviewDecision::ContactToMash => "contact_to_mash",
            ReviewDecision::AlreadyOpen => "already_open",
        }
    }

    pub fn from_code(code: &str) -> Option<ReviewDecision> {
        ReviewDecision::ALL.iter().copied().find(|d| d.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewDecision::BelowThreshold => "Below threshold: no action",
            ReviewDecision::ShareWithSchoolAndHealth => "Share with school and health (Operation Encompass)",
            ReviewDecision::EarlyHelpOffer => "Offer early help",
            ReviewDecision::ContactToMash => "Contact to the MASH for screening",
            ReviewDecision::AlreadyOpen => "Already open: pass to the allocated worker",
        }
    }

    /// Whether a decision fits the police's risk level: a high-risk
    /// notification (a MARAC case) is never closed at the review meeting.
    pub fn fits(self, risk: DashRisk) -> bool {
        match risk {
            DashRisk::High => matches!(self, ReviewDecision::ContactToMash | ReviewDecision::AlreadyOpen),
            DashRisk::Standard | DashRisk::Medium => true,
        }
    }
}

/// The rules for a review decision, as the form and the API apply them.
pub fn check_decision(risk: DashRisk, decision: Option<ReviewDecision>, rationale: &str, errors: &mut FieldErrors) {
    match decision {
        None => errors.add("decision", "Choose the review decision"),
        Some(d) if !d.fits(risk) => errors.add(
            "decision",
            format!(
                "{} does not fit a {} risk notification: choose contact to the MASH, or already open",
                d.label(),
                risk.label().to_lowercase()
            ),
        ),
        Some(_) => {}
    }
    check_rationale(rationale, errors);
}

pub(crate) fn check_rationale(rationale: &str, errors: &mut FieldErrors) {
    errors.require_text("rationale", rationale, "the reason for the decision", 5000);
    let r = rationale.trim();
    if !r.is_empty() && r.chars().count() < MIN_RATIONALE_CHARS {
        errors.add(
            "rationale",
            format!("The reason must be at least {MIN_RATIONALE_CHARS} characters: say why, with reference to the children's history"),
        );
    }
}

/// How a notification names a child.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChildNamed {
    Hearth(HearthRef),
    NameAndBirth { name: String, date_of_birth: NaiveDate },
}

impl ChildNamed {
    /// `H0004217`, or a name followed by a date of birth (`Amy Smith 04/05/2016`).
    pub fn parse(s: &str) -> Result<ChildNamed, String> {
        let s = s.trim();
        if let Some(r) = HearthRef::parse(s) {
            return Ok(ChildNamed::Hearth(r));
        }
        let parsed = s.rsplit_once(char::is_whitespace).and_then(|(name, date)| {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            Some((name, parse_date(date)?)).filter(|(n, _)| !n.is_empty())
        });
        match parsed {
            Some((name, date_of_birth)) => Ok(ChildNamed::NameAndBirth { name, date_of_birth }),
            None => Err(format!("\"{s}\" is not a Hearth ID (like H0004217) or a name and date of birth (like Amy Smith 04/05/2016)")),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            ChildNamed::Hearth(r) => r.to_string(),
            ChildNamed::NameAndBirth { name, date_of_birth } => format!("{name}, born {}", date_of_birth.format("%-d %B %Y")),
        }
    }
}

/// Why a named child could not be matched; `matches` is how many children
/// fitted (0, or more than 1 when a name and date of birth are shared).
pub fn unmatched_message(child: &ChildNamed, matches: usize) -> String {
    match (child, matches) {
        (ChildNamed::Hearth(r), _) => format!("No child has the Hearth ID {r}: check the ID"),
        (named, 0) => format!("No child in Hearth is {}: add the child first, or give their Hearth ID", named.describe()),
        (named, _) => format!("More than one child is {}: give the Hearth ID instead", named.describe()),
    }
}

/// A notification as sent, every value as text (a CSV row, or the API's
/// JSON), before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawNotification {
    pub police_reference: String,
    pub incident_date: String,
    pub incident_time: String,
    pub children: Vec<String>,
    pub children_present: String,
    pub dash_risk: String,
    pub victim: String,
    pub alleged_perpetrator: String,
    pub summary: String,
}

/// A notification that has passed every check that needs no record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationDraft {
    pub police_reference: String,
    pub incident_at: DateTime<Utc>,
    pub children: Vec<ChildNamed>,
    pub children_present: ChildrenPresent,
    pub dash_risk: DashRisk,
    pub victim: String,
    pub alleged_perpetrator: String,
    pub summary: String,
}

/// The most children one notification may name.
pub const MAX_CHILDREN: usize = 20;
pub const MAX_REFERENCE_CHARS: usize = 50;
pub const MAX_PERSON_CHARS: usize = 500;
pub const MAX_SUMMARY_CHARS: usize = 5000;

/// `DD/MM/YYYY` (what a spreadsheet shows in England) or `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .ok()
        .filter(|_| s.rsplit('/').next().is_some_and(|y| y.len() == 4))
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().filter(|_| s.len() == 10))
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M").or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S")).ok()
}

/// Checks a notification; every problem is named by its field (the CSV
/// column, the JSON property).
pub fn read_notification(raw: &RawNotification, now: DateTime<Utc>) -> Result<NotificationDraft, FieldErrors> {
    let mut errors = FieldErrors::new();
    errors.require_text("police_reference", &raw.police_reference, "the police reference", MAX_REFERENCE_CHARS);
    let date = if raw.incident_date.trim().is_empty() {
        errors.add("incident_date", "Enter the date of the incident, like 21/11/2026");
        None
    } else {
        let d = parse_date(&raw.incident_date);
        if d.is_none() {
            errors.add("incident_date", "The date of the incident must be a real date, like 21/11/2026");
        }
        d
    };
    let time = if raw.incident_time.trim().is_empty() {
        errors.add("incident_time", "Enter the time of the incident, like 23:40");
        None
    } else {
        let t = parse_time(&raw.incident_time);
        if t.is_none() {
            errors.add("incident_time", "The time of the incident must be on the 24-hour clock, like 23:40");
        }
        t
    };
    let incident_at = date.zip(time).map(|(d, t)| from_uk(d.and_time(t)));
    // A few minutes' grace for clocks that differ.
    if incident_at.is_some_and(|at| at > now + Duration::minutes(5)) {
        errors.add("incident_date", "The incident must be in the past: check the date and time");
    }
    let mut children = Vec::new();
    let named: Vec<&str> = raw.children.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    if named.is_empty() {
        errors.add("children", "Name at least one child: a Hearth ID, or a name and date of birth");
    } else if named.len() > MAX_CHILDREN {
        errors.add("children", format!("A notification may name at most {MAX_CHILDREN} children"));
    }
    for c in named {
        match ChildNamed::parse(c) {
            Ok(child) => children.push(child),
            Err(message) => {
                if errors.for_field("children").is_none() {
                    errors.add("children", message);
                }
            }
        }
    }
    let children_present = ChildrenPresent::from_code(&raw.children_present);
    if children_present.is_none() {
        errors.add("children_present", "Enter whether children were present: yes, no or not known");
    }
    let dash_risk = DashRisk::from_code(&raw.dash_risk);
    if dash_risk.is_none() {
        errors.add("dash_risk", "Enter the DASH risk level: standard, medium or high");
    }
    errors.require_text("victim", &raw.victim, "who the victim is", MAX_PERSON_CHARS);
    errors.require_text("alleged_perpetrator", &raw.alleged_perpetrator, "who the alleged perpetrator is", MAX_PERSON_CHARS);
    errors.require_text("summary", &raw.summary, "a summary of the incident", MAX_SUMMARY_CHARS);
    match (incident_at, children_present, dash_risk, errors.is_empty()) {
        (Some(incident_at), Some(children_present), Some(dash_risk), true) => Ok(NotificationDraft {
            police_reference: raw.police_reference.trim().to_string(),
            incident_at,
            children,
            children_present,
            dash_risk,
            victim: raw.victim.trim().to_string(),
            alleged_perpetrator: raw.alleged_perpetrator.trim().to_string(),
            summary: raw.summary.trim().to_string(),
        }),
        _ => Err(errors),
    }
}

/// The columns a CSV file must have, in any order, named in its header row.
pub const COLUMNS: &[&str] = &[
    "police_reference",
    "incident_date",
    "incident_time",
    "children",
    "children_present",
    "dash_risk",
    "victim",
    "alleged_perpetrator",
    "summary",
];

/// The most notifications one file may hold.
pub const MAX_ROWS: usize = 2000;

/// A problem with one row of a file (or one item of an API batch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The spreadsheet row number (CSV) or the item's index (API).
    pub row: usize,
    pub field: String,
    pub message: String,
}

/// A file whose rows can be read one by one: the good and the bad.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedBatch {
    pub good: Vec<(usize, NotificationDraft)>,
    pub problems: Vec<RowProblem>,
}

impl ParsedBatch {
    /// Rows with at least one problem.
    pub fn bad_rows(&self) -> usize {
        let mut rows: Vec<usize> = self.problems.iter().map(|p| p.row).collect();
        rows.dedup();
        rows.len()
    }

    /// Adds a problem found later (a child not in Hearth) and moves its row
    /// from the good to the bad.
    pub fn reject(&mut self, row: usize, field: &str, message: String) {
        self.good.retain(|(r, _)| *r != row);
        let at = self.problems.partition_point(|p| p.row <= row);
        self.problems.insert(at, RowProblem { row, field: field.to_string(), message });
    }
}

/// Problems with the file as a whole: nothing in it can be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    #[error("The file is empty: it needs a header row naming the columns, then one row per notification")]
    Empty,
    #[error("The header row (row 1) is missing the column{}: {}. The columns are: {}", if .0.len() == 1 { "" } else { "s" }, .0.join(", "), COLUMNS.join(", "))]
    MissingColumns(Vec<&'static str>),
    #[error("The file has a header row but no notifications")]
    NoRows,
    #[error("The file has more than {MAX_ROWS} notifications: split it into smaller files")]
    TooManyRows,
    #[error("{0}")]
    Csv(#[from] CsvError),
}

/// A header as people write it: "Police reference" is `police_reference`.
fn column_key(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Reads a CSV file of notifications. The header row names the columns
/// (any order; other columns are ignored). Each row is checked on its own:
/// a bad row is reported with its row number and does not stop the others.
pub fn parse_csv(text: &str, now: DateTime<Utc>) -> Result<ParsedBatch, FileProblem> {
    let rows = csv::read(text)?;
    let mut rows = rows.into_iter().filter(|r| !r.is_blank());
    let header = rows.next().ok_or(FileProblem::Empty)?;
    let keys: Vec<String> = header.fields.iter().map(|h| column_key(h)).collect();
    let missing: Vec<&'static str> = COLUMNS.iter().copied().filter(|c| !keys.iter().any(|k| k == c)).collect();
    if !missing.is_empty() {
        return Err(FileProblem::MissingColumns(missing));
    }
    let index = |name: &str| keys.iter().position(|k| k == name).unwrap_or(0);
    let rows: Vec<CsvRow> = rows.collect();
    if rows.is_empty() {
        return Err(FileProblem::NoRows);
    }
    if rows.len() > MAX_ROWS {
        return Err(FileProblem::TooManyRows);
    }
    let mut batch = ParsedBatch::default();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for row in rows {
        let get = |name: &str| row.fields.get(index(name)).cloned().unwrap_or_default();
        let raw = RawNotification {
            police_reference: get("police_reference"),
            incident_date: get("incident_date"),
            incident_time: get("incident_time"),
            children: get("children").split([';', '\n']).map(str::to_string).collect(),
            children_present: get("children_present"),
            dash_risk: get("dash_risk"),
            victim: get("victim"),
            alleged_perpetrator: get("alleged_perpetrator"),
            summary: get("summary"),
        };
        let reference = raw.police_reference.trim().to_uppercase();
        if let Some((_, first)) = seen.iter().find(|(r, _)| !r.is_empty() && *r == reference) {
            batch.problems.push(RowProblem {
                row: row.row,
                field: "police_reference".to_string(),
                message: format!("The police reference {} is also on row {first}: each notification once", raw.police_reference.trim()),
            });
            continue;
        }
        seen.push((reference, row.row));
        match read_notification(&raw, now) {
            Ok(draft) => batch.good.push((row.row, draft)),
            Err(errors) => {
                batch.problems.extend(errors.0.into_iter().map(|e| RowProblem { row: row.row, field: e.field, message: e.message }))
            }
        }
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const HEADER: &str =
        "Police reference,Incident date,Incident time,Children,Children present,DASH risk,Victim,Alleged perpetrator,Summary";

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_good_file_reads_every_notification_with_its_children() {
        let text = format!(
            "{HEADER}\r\nDA/123,21/11/2026,23:40,\"H0000012; Amy Smith 04/05/2016\",yes,Standard,Mother,\"Mother's partner, 34\",\"Verbal argument; \"\"no injuries\"\"\"\n"
        );
        let batch = parse_csv(&text, now()).unwrap();
        assert!(batch.problems.is_empty(), "{:?}", batch.problems);
        let (row, d) = &batch.good[0];
        assert_eq!(*row, 2);
        assert_eq!(d.police_reference, "DA/123");
        // 23:40 on 21 November is GMT.
        assert_eq!(d.incident_at, Utc.with_ymd_and_hms(2026, 11, 21, 23, 40, 0).unwrap());
        assert_eq!(
            d.children,
            vec![
                ChildNamed::Hearth(HearthRef::from_number(12)),
                ChildNamed::NameAndBirth { name: "Amy Smith".to_string(), date_of_birth: NaiveDate::from_ymd_opt(2016, 5, 4).unwrap() }
            ]
        );
        assert_eq!(d.alleged_perpetrator, "Mother's partner, 34");
        assert_eq!(d.summary, "Verbal argument; \"no injuries\"");
        assert_eq!(d.dash_risk, DashRisk::Standard);
        assert_eq!(d.children_present, ChildrenPresent::Yes);
    }

    #[test]
    fn bad_rows_are_reported_by_spreadsheet_row_and_do_not_stop_good_ones() {
        let text = format!(
            "{HEADER}\n\
             DA/1,21/11/2026,23:40,H0000012,no,medium,Mother,Father,Shouting heard by neighbours\n\
             DA/2,31/11/2026,25:00,,maybe,severe,,Father,\n\
             \n\
             DA/1,22/11/2026,01:00,H0000013,no,medium,Mother,Father,Again\n\
             DA/4,30/11/2026,10:00,H0000014,yes,high,Mother,Father,Tomorrow's incident\n"
        );
        let batch = parse_csv(&text, now()).unwrap();
        assert_eq!(batch.good.len(), 1);
        assert_eq!(batch.good[0].0, 2);
        let on = |row: usize, field: &str| batch.problems.iter().find(|p| p.row == row && p.field == field).map(|p| p.message.as_str());
        assert_eq!(on(3, "incident_date"), Some("The date of the incident must be a real date, like 21/11/2026"));
        assert_eq!(on(3, "incident_time"), Some("The time of the incident must be on the 24-hour clock, like 23:40"));
        assert!(on(3, "children").is_some());
        assert!(on(3, "children_present").is_some());
        assert_eq!(on(3, "dash_risk"), Some("Enter the DASH risk level: standard, medium or high"));
        assert_eq!(on(3, "victim"), Some("Enter who the victim is"));
        assert_eq!(on(3, "summary"), Some("Enter a summary of the incident"));
        // The blank line is row 4, so the repeated reference is on row 5.
        assert_eq!(on(5, "police_reference"), Some("The police reference DA/1 is also on row 2: each notification once"));
        assert_eq!(on(6, "incident_date"), Some("The incident must be in the past: check the date and time"));
        assert_eq!(batch.bad_rows(), 3);
    }

    #[test]
    fn a_file_without_the_named_columns_is_refused_whole() {
        assert_eq!(parse_csv("", now()), Err(FileProblem::Empty));
        match parse_csv("police_reference,incident_date,children\nA,1/1/2026,H1", now()) {
            Err(FileProblem::MissingColumns(m)) => {
                assert_eq!(m, vec!["incident_time", "children_present", "dash_risk", "victim", "alleged_perpetrator", "summary"])
            }
            other => panic!("expected missing columns, got {other:?}"),
        }
        assert_eq!(parse_csv(&format!("{HEADER}\n\n"), now()), Err(FileProblem::NoRows));
        assert_eq!(
            parse_csv(&format!("{HEADER}\nDA/1,\"21/11/2026,23:40"), now()),
            Err(FileProblem::Csv(CsvError::UnclosedQuote { row: 2 }))
        );
    }

    #[test]
    fn children_are_named_by_hearth_id_or_name_and_date_of_birth() {
        assert_eq!(ChildNamed::parse(" h12 "), Ok(ChildNamed::Hearth(HearthRef::from_number(12))));
        assert_eq!(
            ChildNamed::parse("Mary  Ann Jones 2015-03-09"),
            Ok(ChildNamed::NameAndBirth {
                name: "Mary Ann Jones".to_string(),
                date_of_birth: NaiveDate::from_ymd_opt(2015, 3, 9).unwrap()
            })
        );
        assert!(ChildNamed::parse("Amy Smith").is_err());
        assert!(ChildNamed::parse("04/05/2016").is_err());
        assert!(ChildNamed::parse("Amy Smith 4/5/16").is_err(), "a two-digit year is ambiguous");
        let amy = ChildNamed::parse("Amy Smith 04/05/2016").unwrap();
        assert_eq!(
            unmatched_message(&amy, 0),
            "No child in Hearth is Amy Smith, born 4 May 2016: add the child first, or give their Hearth ID"
        );
        assert_eq!(unmatched_message(&amy, 2), "More than one child is Amy Smith, born 4 May 2016: give the Hearth ID instead");
    }

    #[test]
    fn every_decision_needs_a_reason_and_high_risk_is_never_closed_at_review() {
        let reason = "Standard risk, children asleep upstairs, first notification for the family.";
        let check = |risk, d, r: &str| {
            let mut e = FieldErrors::new();
            check_decision(risk, d, r, &mut e);
            e
        };
        assert!(check(DashRisk::Standard, Some(ReviewDecision::BelowThreshold), reason).is_empty());
        let e = check(DashRisk::Standard, None, "");
        assert_eq!(e.for_field("decision"), Some("Choose the review decision"));
        assert_eq!(e.for_field("rationale"), Some("Enter the reason for the decision"));
        assert!(check(DashRisk::Medium, Some(ReviewDecision::EarlyHelpOffer), "too short").for_field("rationale").is_some());
        let e = check(DashRisk::High, Some(ReviewDecision::BelowThreshold), reason);
        assert_eq!(
            e.for_field("decision"),
            Some("Below threshold: no action does not fit a high risk notification: choose contact to the MASH, or already open")
        );
        assert!(check(DashRisk::High, Some(ReviewDecision::ContactToMash), reason).is_empty());
        for d in ReviewDecision::ALL {
            assert_eq!(ReviewDecision::from_code(d.code()), Some(*d));
        }
    }
}
