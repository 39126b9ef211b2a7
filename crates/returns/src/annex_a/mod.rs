//! Ofsted's Annex A: the child-level lists a local authority gives the
//! inspectors at the start of an inspection of its children's services
//! (ILACS), built from the history as at a moment.
//!
//! Every list is a header row (the template's own column names) and rows
//! of cells, in the template's column order, with the template's drop-down
//! values. The same model is written as a workbook (`xlsx`) and as one CSV
//! per list (`csv`).
//!
//! Periods: the caller gives the reporting window, typically the twelve
//! months before the inspection. Lists 1-5 record activity (contacts,
//! early help assessments, referrals, assessments, section 47 enquiries),
//! which Ofsted asks for over the six months before the inspection, so
//! they cover the last six months of the window (the whole window if it is
//! shorter). Lists 6-10 are children whose involvement was open at any
//! time in the window. Counts "in the last 12 months" are of the twelve
//! months ending on the window's last day; ages, case status and
//! allocations are as on `as_at`, the day the lists are produced.

pub mod columns;
pub mod csv;
mod lists;
pub mod xlsx;
mod zip;

use crate::history::History;
use crate::period::Window;
use chrono::{Days, Months, NaiveDate};

/// The eleven lists of one Annex A.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnexA {
    pub window: Window,
    pub as_at: NaiveDate,
    pub lists: Vec<List>,
}

impl AnnexA {
    /// How many children appear on lists 1-10 (list 11 is of adopters).
    pub fn child_count(&self) -> usize {
        let ids: std::collections::BTreeSet<&str> = self
            .lists
            .iter()
            .filter(|l| l.number <= 10)
            .flat_map(|l| l.rows.iter())
            .filter_map(|row| match row.first() {
                Some(Cell::Text(id)) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        ids.len()
    }
}

/// One list: a sheet of the workbook, a CSV file.
#[derive(Clone, Debug, PartialEq)]
pub struct List {
    /// 1 to 11.
    pub number: u8,
    /// The subject, as Ofsted names it ("Contacts").
    pub title: &'static str,
    /// The file name the list is written to as CSV (`list_1_contacts.csv`).
    pub file_name: &'static str,
    /// The period this list covers.
    pub window: Window,
    pub headers: &'static [&'static str],
    /// One row per child or per item, each as long as `headers`.
    pub rows: Vec<Vec<Cell>>,
    /// Why the list is incomplete or empty, when Hearth cannot fill it.
    pub note: Option<&'static str>,
}

impl List {
    /// The workbook sheet's name, as in the template.
    pub fn sheet_name(&self) -> String {
        format!("List {}", self.number)
    }
}

/// One cell's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Blank,
    Text(String),
    Date(NaiveDate),
    Number(i64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() { Cell::Blank } else { Cell::Text(s) }
    }

    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Blank, Cell::Date)
    }
}

/// Why list 11 is empty.
pub const ADOPTERS_NOTE: &str = "Hearth holds no records of adopters or prospective adopters yet, so list 11 has its headers and no rows.";

/// Builds the lists for a reporting window, as on `as_at`.
pub fn build(history: &History, window: Window, as_at: NaiveDate) -> AnnexA {
    let recent = last_months(window, 6);
    let year = Window { from: months_before(window.to, 12), to: window.to };
    let ctx = lists::Context { history, as_at, year, six_months: Window { from: months_before(window.to, 6), to: window.to } };
    let lists = vec![
        list(1, "Contacts", "list_1_contacts.csv", recent, columns::LIST_1, lists::contacts(&ctx, recent), None),
        list(2, "Early help", "list_2_early_help.csv", recent, columns::LIST_2, lists::early_help(&ctx, recent), None),
        list(3, "Referrals", "list_3_referrals.csv", recent, columns::LIST_3, lists::referrals(&ctx, recent), None),
        list(4, "Assessments", "list_4_assessments.csv", recent, columns::LIST_4, lists::assessments(&ctx, recent), None),
        list(
            5,
            "Section 47 enquiries and Initial Child Protection Conferences",
            "list_5_section_47_enquiries.csv",
            recent,
            columns::LIST_5,
            lists::section47s(&ctx, recent),
            None,
        ),
        list(6, "Children in need", "list_6_children_in_need.csv", window, columns::LIST_6, lists::children_in_need(&ctx, window), None),
        list(7, "Child protection", "list_7_child_protection.csv", window, columns::LIST_7, lists::child_protection(&ctx, window), None),
        list(
            8,
            "Children in care",
            "list_8_children_in_care.csv",
            window,
            columns::LIST_8,
            lists::children_in_care(&ctx, window),
            Some(lists::CHILDREN_IN_CARE_NOTE),
        ),
        list(9, "Care leavers", "list_9_care_leavers.csv", window, columns::LIST_9, lists::care_leavers(&ctx), None),
        list(10, "Adoption", "list_10_adoption.csv", window, columns::LIST_10, lists::adoption(&ctx, window), None),
        list(11, "Adopters", "list_11_adopters.csv", window, columns::LIST_11, Vec::new(), Some(ADOPTERS_NOTE)),
    ];
    AnnexA { window, as_at, lists }
}

fn list(
    number: u8,
    title: &'static str,
    file_name: &'static str,
    window: Window,
    headers: &'static [&'static str],
    rows: Vec<Vec<Cell>>,
    note: Option<&'static str>,
) -> List {
    List { number, title, file_name, window, headers, rows, note }
}

/// The day after the date `months` months before `to`: the first day of
/// the `months` months ending on `to`.
fn months_before(to: NaiveDate, months: u32) -> NaiveDate {
    to.checked_sub_months(Months::new(months)).and_then(|d| d.checked_add_days(Days::new(1))).unwrap_or(NaiveDate::MIN)
}

/// The last `months` months of a window, or the whole window if shorter.
fn last_months(window: Window, months: u32) -> Window {
    Window { from: window.from.max(months_before(window.to, months)), to: window.to }
}

#[cfg(test)]
pub(crate) mod tests;
