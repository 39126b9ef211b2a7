//! Producing a return: the one path the CLI and the web both take, so the
//! bytes an analyst downloads are the bytes `hearth export` writes.
//!
//! A return is produced from the history as at a moment. Its header's
//! timestamp is that moment, never the wall clock, so producing it again
//! for the same moment gives the same bytes; the SHA-256 over every file
//! is what the record of returns keeps to show it.

use crate::history::History;
use crate::period::{CollectionYear, Window};
use crate::validation::Report;
use crate::{annex_a, cin, dfe_api, ssda903};
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::calendar::Calendar;
use hearth_domain::ids::PersonId;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;

/// The returns Hearth makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReturnKind {
    Cin,
    Ssda903,
    AnnexA,
    DfeApi,
}

impl ReturnKind {
    pub const ALL: &'static [ReturnKind] = &[ReturnKind::Cin, ReturnKind::Ssda903, ReturnKind::AnnexA, ReturnKind::DfeApi];

    /// The name on the command line, in URLs and in the record of returns.
    pub fn code(self) -> &'static str {
        match self {
            ReturnKind::Cin => "cin",
            ReturnKind::Ssda903 => "903",
            ReturnKind::AnnexA => "annex-a",
            ReturnKind::DfeApi => "dfe-api",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            ReturnKind::Cin => "Children in need census",
            ReturnKind::Ssda903 => "SSDA903 (children looked after)",
            ReturnKind::AnnexA => "Ofsted Annex A",
            ReturnKind::DfeApi => "DfE children's social care data exchange",
        }
    }

    /// Whether the return covers a collection year (else any window).
    pub fn is_yearly(self) -> bool {
        matches!(self, ReturnKind::Cin | ReturnKind::Ssda903)
    }
}

impl fmt::Display for ReturnKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// What to produce.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub kind: ReturnKind,
    /// The days covered: a collection year for the census and the 903.
    pub window: Window,
    /// The moment whose knowledge the return shows.
    pub as_at: DateTime<Utc>,
    /// The authority's three-digit DfE LA code (census `LEA`).
    pub la_code: String,
    /// The authority's ONS code (903 rules on own-authority placements).
    pub la_ons_code: String,
    /// For the DfE feed: send only what changed since this moment.
    pub changes_since: Option<DateTime<Utc>>,
}

impl Request {
    pub fn year(&self) -> CollectionYear {
        CollectionYear::containing(self.window.from)
    }
}

/// One produced file.
#[derive(Clone, Debug, PartialEq)]
pub struct ReturnFile {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// A produced return: its files, what the rules found, and the children in it.
#[derive(Clone, Debug)]
pub struct Output {
    pub request: Request,
    pub files: Vec<ReturnFile>,
    pub report: Option<Report>,
    pub children: usize,
    /// The hex SHA-256 over every file's name and bytes, in order.
    pub sha256: String,
    /// Each child's identifier in the return mapped back to their record.
    pub child_ids: HashMap<String, PersonId>,
}

impl Output {
    pub fn size_bytes(&self) -> usize {
        self.files.iter().map(|f| f.bytes.len()).sum()
    }
}

/// Produces a return from a history already folded as at `request.as_at`.
/// `before` is the history as at `changes_since`, for the DfE feed's
/// changes-only mode.
pub fn produce(history: &History, before: Option<&History>, request: &Request, calendar: &Calendar) -> Output {
    let year = request.year();
    let (files, report, children) = match request.kind {
        ReturnKind::Cin => {
            let census = cin::build::census(history, year, &request.la_code, request.as_at);
            let context = cin::rules::Context { year, la_code: &request.la_code, calendar };
            let report = cin::rules::validate(&census, &context);
            let xml = cin::xml::write(&census);
            let name = format!("cin_census_{}_{}.xml", request.la_code, year.collection_year_label());
            (vec![ReturnFile { name, content_type: "application/xml", bytes: xml.into_bytes() }], Some(report), census.children.len())
        }
        ReturnKind::Ssda903 => {
            let tables = ssda903::build::tables(history, year);
            // Last year's return, from the same history, so the rules that
            // compare the two years run.
            let previous = ssda903::build::tables(history, year.previous());
            let context = ssda903::rules::Context { year, la_ons_code: &request.la_ons_code, previous: Some(&previous) };
            let report = ssda903::rules::validate(&tables, &context);
            let children = tables.header.len();
            let files = ssda903::csv::write(&tables)
                .into_iter()
                .map(|(name, text)| ReturnFile { name: name.to_string(), content_type: "text/csv", bytes: text.into_bytes() })
                .collect();
            (files, Some(report), children)
        }
        ReturnKind::AnnexA => {
            let annex = annex_a::build(history, request.window, crate::uk_date(request.as_at));
            let children = annex.child_count();
            let mut files = vec![ReturnFile {
                name: format!("annex_a_{}_to_{}.xlsx", request.window.from, request.window.to),
                content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                bytes: annex_a::xlsx::write(&annex),
            }];
            files.extend(
                annex_a::csv::write(&annex)
                    .into_iter()
                    .map(|(name, text)| ReturnFile { name, content_type: "text/csv", bytes: text.into_bytes() }),
            );
            (files, None, children)
        }
        ReturnKind::DfeApi => {
            let payload = match before {
                Some(before) => dfe_api::changes(before, history, request.window),
                None => dfe_api::full(history, request.window),
            };
            let children = payload.len();
            let text = serde_json::to_string_pretty(&payload).unwrap_or_else(|_| "[]".to_string());
            let mode = if before.is_some() { "changes" } else { "full" };
            let name = format!("dfe_csc_{mode}_{}_to_{}.json", request.window.from, request.window.to);
            (vec![ReturnFile { name, content_type: "application/json", bytes: text.into_bytes() }], None, children)
        }
    };
    let sha256 = digest(&files);
    let child_ids = history.children.values().map(|c| (c.la_child_id.clone(), c.person_id)).collect();
    Output { request: request.clone(), files, report, children, sha256, child_ids }
}

fn digest(files: &[ReturnFile]) -> String {
    let mut h = Sha256::new();
    for f in files {
        h.update((f.name.len() as u64).to_be_bytes());
        h.update(f.name.as_bytes());
        h.update((f.bytes.len() as u64).to_be_bytes());
        h.update(&f.bytes);
    }
    hex::encode(h.finalize())
}

/// The default window for a return produced on `today`: the last complete
/// collection year for the census and the 903, the last 12 months for
/// Annex A and the DfE feed.
pub fn default_window(kind: ReturnKind, today: NaiveDate) -> Window {
    if kind.is_yearly() {
        CollectionYear::containing(today).previous().window()
    } else {
        let from = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today) + chrono::Duration::days(1);
        Window { from, to: today }
    }
}
