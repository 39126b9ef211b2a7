//! The DfE's validation rules for the SSDA903 return (the 316 of 2025-26),
//! each with the code and message the DfE uses, so an analyst can match
//! Hearth's report to the DfE's portal.
//!
//! A rule is a plain function over the whole return. Rules that compare
//! this year's return with last year's only run when last year's return
//! is given; rules Hearth cannot check (they need Ofsted's provider lists
//! or a postcode directory) are listed in [`unsupported::UNSUPPORTED`]
//! with the reason.
//!
//! Locations name the table, the data row counted from 1 (the CSV line
//! after the column names) and the field: `Episodes row 3, DEC`.

mod adoption;
mod continuity;
mod episodes;
mod header;
mod integrity;
mod missing;
mod oc2;
mod oc3;
mod placements;
mod prev_perm;
mod reviews;
mod sw_episodes;
mod uasc;
pub mod unsupported;

use super::model::{EpisodeRow, HeaderRow, OfChild, Ssda903};
use crate::period::CollectionYear;
use crate::validation::{Issue, Report, RuleInfo};
use chrono::{Months, NaiveDate};
use std::collections::{BTreeMap, HashMap};

/// What a rule checks against besides the return itself.
pub struct Context<'a> {
    /// The year being returned.
    pub year: CollectionYear,
    /// The authority's nine-character ONS code, e.g. `E09000027`.
    pub la_ons_code: &'a str,
    /// Last year's return, which some rules compare against; those rules
    /// do not run without it.
    pub previous: Option<&'a Ssda903>,
}

impl Context<'_> {
    /// 1 April: the collection year's first day.
    pub fn start(&self) -> NaiveDate {
        self.year.start()
    }

    /// 31 March: the collection year's last day.
    pub fn end(&self) -> NaiveDate {
        self.year.end()
    }
}

/// One rule: its DfE identity and the function that finds its failures.
pub struct Rule {
    pub info: RuleInfo,
    /// True when the rule compares with last year's return.
    pub needs_previous: bool,
    pub check: fn(&Ssda903, &Context<'_>, &mut Findings<'_>),
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

    /// A failure on one row of one table: `Episodes row 3, DEC`.
    pub fn row(&mut self, child: &str, table: &str, index: usize, field: &str) {
        self.issues.push(Issue::new(self.rule, Some(child), location(table, index, field)));
    }

    /// A failure of the whole return, or of a child not tied to one row.
    pub fn other(&mut self, child: Option<&str>, location: impl Into<String>) {
        self.issues.push(Issue::new(self.rule, child, location));
    }

    pub fn into_issues(self) -> Vec<Issue> {
        self.issues
    }
}

/// `Episodes row 3, DEC`: rows counted from 1, as the CSV's data lines.
pub fn location(table: &str, index: usize, field: &str) -> String {
    format!("{table} row {}, {field}", index + 1)
}

/// Declares a rule: `rule!("101", r101, "The child ... is not valid.")`.
macro_rules! rule {
    ($code:literal, $check:path, $message:literal) => {
        $crate::ssda903::rules::Rule {
            info: $crate::validation::RuleInfo { code: $code, rule_type: $crate::validation::RuleType::Error, message: $message },
            needs_previous: false,
            check: $check,
        }
    };
}

/// Declares a rule that compares with last year's return.
macro_rules! rule_last_year {
    ($code:literal, $check:path, $message:literal) => {
        $crate::ssda903::rules::Rule {
            info: $crate::validation::RuleInfo { code: $code, rule_type: $crate::validation::RuleType::Error, message: $message },
            needs_previous: true,
            check: $check,
        }
    };
}

pub(crate) use {rule, rule_last_year};

/// Every implemented rule of the 2025-26 return, in code order.
pub fn rules() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = Vec::new();
    for group in [
        header::RULES,
        integrity::RULES,
        episodes::RULES,
        placements::RULES,
        reviews::RULES,
        uasc::RULES,
        oc2::RULES,
        oc3::RULES,
        adoption::RULES,
        missing::RULES,
        sw_episodes::RULES,
        continuity::RULES,
        prev_perm::RULES,
    ] {
        all.extend(group.iter());
    }
    all.sort_by(|a, b| a.info.code.cmp(b.info.code));
    all
}

/// Runs every rule that can run: the ones needing last year's return
/// only when it is given.
pub fn validate(tables: &Ssda903, context: &Context<'_>) -> Report {
    let rules: Vec<&Rule> = rules().into_iter().filter(|r| !r.needs_previous || context.previous.is_some()).collect();
    let mut issues = Vec::new();
    for rule in &rules {
        issues.extend(run(rule, tables, context));
    }
    issues.sort_by(|a, b| (&a.child, a.code, &a.location).cmp(&(&b.child, b.code, &b.location)));
    Report { issues, rules_run: rules.len() }
}

/// Runs one rule (for tests and the per-rule screen). A rule needing last
/// year's return finds nothing without it.
pub fn run(rule: &Rule, tables: &Ssda903, context: &Context<'_>) -> Vec<Issue> {
    let mut findings = Findings::new(&rule.info);
    if !rule.needs_previous || context.previous.is_some() {
        (rule.check)(tables, context, &mut findings);
    }
    findings.into_issues()
}

// ---------------------------------------------------------------------
// What many rules share.

/// A code's text, trimmed, when there is one.
pub(crate) fn code(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

pub(crate) fn blank(value: &Option<String>) -> bool {
    code(value).is_none()
}

/// Whether a field holds one of the codes (the DfE upper-cases what it reads).
pub(crate) fn is_one_of(value: &Option<String>, codes: &[&str]) -> bool {
    code(value).is_some_and(|v| codes.iter().any(|c| c.eq_ignore_ascii_case(v)))
}

/// A field that is filled in but not with one of the codes.
pub(crate) fn invalid(value: &Option<String>, codes: &[&str]) -> bool {
    !blank(value) && !is_one_of(value, codes)
}

/// The day someone born on `dob` turns `years` (29 February birthdays fall
/// on 28 February, as the DfE counts).
pub(crate) fn birthday(dob: NaiveDate, years: u32) -> NaiveDate {
    dob.checked_add_months(Months::new(12 * years)).unwrap_or(NaiveDate::MAX)
}

/// Each child's episodes with their row numbers, oldest first (episodes
/// with no start date last, as the DfE sorts them).
pub(crate) fn episodes_by_child(episodes: &[EpisodeRow]) -> BTreeMap<&str, Vec<(usize, &EpisodeRow)>> {
    let mut by_child: BTreeMap<&str, Vec<(usize, &EpisodeRow)>> = BTreeMap::new();
    for (i, e) in episodes.iter().enumerate() {
        by_child.entry(e.child.as_str()).or_default().push((i, e));
    }
    for list in by_child.values_mut() {
        list.sort_by_key(|(i, e)| (e.decom.is_none(), e.decom, *i));
    }
    by_child
}

/// Each child's rows of one table, in file order. A rule that looks at a
/// child's other rows reads this once, rather than scanning the whole
/// table for every row it checks (which grows with the square of the
/// return: a 10,000-child 903 took seconds that way).
pub(crate) struct ByChild<'t, R>(HashMap<&'t str, Vec<&'t R>>);

impl<'t, R: OfChild> ByChild<'t, R> {
    pub(crate) fn new(rows: &'t [R]) -> Self {
        let mut by_child: HashMap<&'t str, Vec<&'t R>> = HashMap::new();
        for row in rows {
            by_child.entry(row.child()).or_default().push(row);
        }
        Self(by_child)
    }

    /// The child's rows; none when the table has none of theirs.
    pub(crate) fn of(&self, child: &str) -> &[&'t R] {
        self.0.get(child).map_or(&[], Vec::as_slice)
    }
}

/// The first header row of each child.
pub(crate) fn headers(tables: &Ssda903) -> HashMap<&str, &HeaderRow> {
    let mut map = HashMap::new();
    for h in &tables.header {
        map.entry(h.child.as_str()).or_insert(h);
    }
    map
}

/// Whether an episode was open at some point in the collection year.
pub(crate) fn open_in_year(e: &EpisodeRow, context: &Context<'_>) -> bool {
    e.decom.is_some_and(|d| d <= context.end()) && e.dec.is_none_or(|d| d >= context.start())
}

/// Children looked after continuously for the 12 months to 31 March (the
/// OC2 cohort): in care during the year, with no episode starting a period
/// of care after 1 April, none ending care before 31 March, and no
/// short-break (V3/V4) episode in the year.
pub(crate) fn continuously_looked_after<'t>(tables: &'t Ssda903, context: &Context<'_>) -> std::collections::HashSet<&'t str> {
    let mut in_year: HashMap<&str, bool> = HashMap::new();
    let mut broken: HashMap<&str, bool> = HashMap::new();
    for e in &tables.episodes {
        let during = open_in_year(e, context);
        let enters = is_one_of(&e.rne, &["S"]) && e.decom.is_some_and(|d| d > context.start() && d <= context.end());
        let leaves = !is_one_of(&e.rec, &["X1"]) && e.dec.is_some_and(|d| d >= context.start() && d < context.end());
        let short_breaks = is_one_of(&e.ls, &["V3", "V4"]) && during;
        *in_year.entry(&e.child).or_default() |= during;
        *broken.entry(&e.child).or_default() |= enters || leaves || short_breaks;
    }
    in_year.into_iter().filter(|(c, during)| *during && !broken.get(c).copied().unwrap_or(false)).map(|(c, _)| c).collect()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small builders so each rule's test reads as the rows it checks.

    use super::*;
    use crate::ssda903::model::*;

    pub fn d(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%d/%m/%Y").ok()
    }

    pub fn s(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    pub fn header(child: &str, dob: &str) -> HeaderRow {
        HeaderRow { child: child.into(), sex: s("M"), dob: d(dob), ethnic: s("WBRI"), upn: s("UN1"), ..Default::default() }
    }

    /// An episode with its start and (possibly empty) end.
    pub fn episode(child: &str, decom: &str, dec: &str) -> EpisodeRow {
        EpisodeRow {
            child: child.into(),
            decom: d(decom),
            rne: s("S"),
            ls: s("C2"),
            cin: s("N1"),
            place: s("U1"),
            place_provider: s("PR1"),
            dec: d(dec),
            rec: if dec.is_empty() { None } else { s("E11") },
            ..Default::default()
        }
    }

    /// Runs one rule by code on the return for 2025-26, without last year.
    pub fn check(code: &str, tables: &Ssda903) -> Vec<(String, String)> {
        check_with(code, tables, None)
    }

    /// Runs one rule by code on the return for 2025-26 and last year's.
    pub fn check_with(code: &str, tables: &Ssda903, previous: Option<&Ssda903>) -> Vec<(String, String)> {
        let context = Context { year: CollectionYear::starting(2025), la_ons_code: "E99999999", previous };
        let Some(rule) = rules().into_iter().find(|r| r.info.code == code) else {
            panic!("no rule {code}");
        };
        let mut found: Vec<(String, String)> =
            run(rule, tables, &context).into_iter().map(|i| (i.child.unwrap_or_default(), i.location)).collect();
        found.sort();
        found
    }

    /// The expected issues, for comparison with `check`.
    pub fn at(list: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = list.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn rules_needing_last_year_do_not_run_without_it() {
        let tables = Ssda903 { header: vec![header("A", "01/01/2010")], ..Default::default() };
        let context = Context { year: CollectionYear::starting(2025), la_ons_code: "E99999999", previous: None };
        let without = validate(&tables, &context).rules_run;
        let last = tables.clone();
        let context = Context { previous: Some(&last), ..context };
        let with = validate(&tables, &context).rules_run;
        assert!(with > without, "{with} > {without}");
        assert_eq!(with, rules().len());
    }

    #[test]
    fn every_code_is_implemented_or_listed_unsupported_once() {
        let mut seen: Vec<&str> = rules().iter().map(|r| r.info.code).chain(unsupported::UNSUPPORTED.iter().map(|(c, _)| *c)).collect();
        seen.sort();
        let before = seen.len();
        seen.dedup();
        assert_eq!(before, seen.len(), "a code is both implemented and unsupported, or twice");
        let mut all: Vec<&str> = ALL_CODES.to_vec();
        all.sort();
        assert_eq!(seen, all);
        assert_eq!(all.len(), 316);
    }

    #[test]
    fn validate_reports_sorted_issues_from_every_rule() {
        let mut h = header("A", "01/01/2010");
        h.sex = s("X");
        h.ethnic = s("ZZZZ");
        let tables = Ssda903 { header: vec![h], ..Default::default() };
        let context = Context { year: CollectionYear::starting(2025), la_ons_code: "E99999999", previous: None };
        let report = validate(&tables, &context);
        let codes: Vec<&str> = report.issues.iter().map(|i| i.code).collect();
        assert!(codes.contains(&"101") && codes.contains(&"103"), "{codes:?}");
        assert_eq!(report.issues.iter().find(|i| i.code == "101").map(|i| i.location.as_str()), Some("Header row 1, SEX"));
    }

    /// The 2025-26 rule codes, from the DfE rule set as the community
    /// validator lists it.
    const ALL_CODES: &[&str] = &[
        "1000",
        "1001",
        "1002",
        "1003",
        "1004",
        "1005",
        "1006",
        "1007",
        "1008",
        "1009",
        "101",
        "1010",
        "1011",
        "1012",
        "1014",
        "1015",
        "1016",
        "102",
        "103",
        "104",
        "105",
        "112",
        "113",
        "114",
        "115",
        "116",
        "117",
        "118",
        "119",
        "120",
        "131",
        "132",
        "133",
        "134",
        "141",
        "142",
        "143",
        "144",
        "145",
        "146",
        "147",
        "148",
        "149",
        "151",
        "153",
        "157",
        "158",
        "159",
        "164",
        "165",
        "166",
        "167",
        "168",
        "169",
        "171",
        "174",
        "175",
        "176",
        "177",
        "178",
        "179",
        "180",
        "181",
        "182",
        "184",
        "185",
        "186",
        "187",
        "188",
        "189",
        "190",
        "191",
        "192",
        "193",
        "196",
        "197B",
        "197a",
        "198",
        "199",
        "202",
        "203",
        "204",
        "205A",
        "205B",
        "205C",
        "205D",
        "207",
        "208",
        "209",
        "210",
        "213",
        "214",
        "215",
        "217",
        "218",
        "219",
        "221",
        "222",
        "224",
        "225",
        "226",
        "227",
        "228",
        "229",
        "231",
        "232",
        "233",
        "234",
        "241",
        "242",
        "243",
        "3001",
        "301",
        "302",
        "303",
        "304",
        "331",
        "333",
        "334",
        "335",
        "336",
        "344",
        "345",
        "347",
        "348",
        "351",
        "352",
        "353",
        "354",
        "355",
        "356",
        "357",
        "358",
        "359",
        "361",
        "362",
        "363",
        "364",
        "365",
        "366",
        "367",
        "371",
        "372",
        "373",
        "374",
        "375",
        "376",
        "377",
        "378",
        "379",
        "380",
        "381",
        "382",
        "383",
        "384",
        "385",
        "386",
        "387",
        "388",
        "389",
        "390",
        "391",
        "392a",
        "392b",
        "392c",
        "392d",
        "393",
        "398",
        "399",
        "406",
        "407",
        "408",
        "411",
        "420",
        "426",
        "431",
        "432",
        "433",
        "434",
        "435",
        "436",
        "437",
        "440",
        "441",
        "442",
        "444",
        "446",
        "452",
        "453",
        "454",
        "460",
        "501",
        "502",
        "503A",
        "503B",
        "503C",
        "503D",
        "503E",
        "503F",
        "503G",
        "503H",
        "503J",
        "504",
        "511",
        "514",
        "516",
        "517",
        "518",
        "519",
        "520",
        "521",
        "522",
        "523",
        "524",
        "525",
        "526",
        "527",
        "528",
        "529",
        "530",
        "531",
        "542",
        "543",
        "544",
        "545",
        "546",
        "547",
        "550",
        "551",
        "552",
        "553",
        "554",
        "557",
        "558",
        "559",
        "560",
        "561",
        "562",
        "563",
        "564",
        "565",
        "566",
        "567",
        "570",
        "571",
        "574",
        "575",
        "576",
        "577",
        "578",
        "579",
        "580",
        "581",
        "582",
        "583",
        "584",
        "586",
        "601",
        "602",
        "607",
        "611",
        "612",
        "620",
        "621",
        "624",
        "625",
        "626",
        "628",
        "630",
        "631",
        "632",
        "633",
        "634",
        "635",
        "EPI",
        "INT01",
        "INT02",
        "INT03",
        "INT04",
        "INT05",
        "INT06",
        "INT07",
        "INT08",
        "INT09",
        "INT11",
        "INT12",
        "INT13",
        "INT14",
        "INT15",
        "INT16",
        "INT17",
        "INT18",
        "INT21",
        "INT31",
        "INT32",
        "INT33",
        "INT34",
        "INT35",
        "INT36",
        "NoE",
        "SW02STG1",
        "SW04STG1",
        "SW05STG1",
        "SW06STG2",
        "SW07STG2",
        "SW08STG2",
        "SW09STG2",
        "SW10STG2",
        "SW10aSTG2",
        "SW10bSTG2",
        "SW11bSTG2",
        "SW12STG2",
        "SW13STG1",
        "SW17STG2",
        "SW18STG2",
        "SW19STG2",
    ];
}
