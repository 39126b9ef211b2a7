//! Statutory returns for performance analysts (issue 5): produce the CIN
//! census, the SSDA903, Annex A or the DfE feed for a period as at a
//! moment, see what the DfE's rules find per rule and per child with
//! links to the records, download the files, and see earlier runs with
//! the corrections recorded since each. `/data-quality` runs the census
//! rules over this year so far: which children would fail it today.

use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::components::{Html as Markup, Input, error_summary, text_input};
use crate::forms::FormState;
use crate::error::AppError;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::staff::Role;
use hearth_domain::validation::FieldErrors;
use hearth_returns::export::{self, Output, Request, ReturnKind};
use hearth_returns::period::{CollectionYear, Window, parse_moment};
use hearth_returns::validation::{Issue, RuleType};
use hearth_store::return_exports::ReturnExport;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Issues listed on one page; the per-rule table always counts them all.
const ISSUES_SHOWN: usize = 500;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/returns", get(index))
        .route("/returns/{kind}", get(check))
        .route("/returns/{kind}/download", get(download))
        .route("/data-quality", get(data_quality))
}

/// Returns hold every child's details: producing them is for the people
/// who submit them and their managers.
pub fn can_make_returns(role: Role) -> bool {
    matches!(role, Role::PerformanceAnalyst | Role::ServiceManager | Role::Administrator)
}

/// Checking data quality is also part of assuring it.
pub fn can_see_data_quality(role: Role) -> bool {
    can_make_returns(role) || matches!(role, Role::QaAuditor | Role::TeamManager)
}

#[derive(Debug, Default, Deserialize)]
pub struct ReturnQuery {
    pub year: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub as_at: Option<String>,
    pub since: Option<String>,
    pub rule: Option<String>,
    /// Only this child's findings (their identifier in the return).
    pub child: Option<String>,
    pub file: Option<String>,
}

impl ReturnQuery {
    /// The request these parameters ask for, or what is wrong with them.
    fn request(&self, kind: ReturnKind, state: &AppState, now: DateTime<Utc>) -> Result<Request, FieldErrors> {
        let mut errors = FieldErrors::new();
        let as_at = match blank(&self.as_at) {
            None => now,
            Some(s) => match parse_moment(s) {
                Some(t) if t <= now => t,
                Some(_) => {
                    errors.add("as_at", "The moment to produce the return as at must be in the past");
                    now
                }
                None => {
                    errors.add("as_at", "Enter the moment as a date, like 2026-05-15, or a date and time");
                    now
                }
            },
        };
        let today = hearth_domain::uk_time::to_uk(as_at).date();
        let default = export::default_window(kind, today);
        let window = if kind.is_yearly() {
            match blank(&self.year) {
                None => default,
                Some(y) => match CollectionYear::parse(y) {
                    Some(year) => year.window(),
                    None => {
                        errors.add("year", "Enter the collection year like 2025-26");
                        default
                    }
                },
            }
        } else {
            let from = date_field(&mut errors, "from", &self.from, "first day").unwrap_or(default.from);
            let to = date_field(&mut errors, "to", &self.to, "last day").unwrap_or(default.to);
            match Window::new(from, to) {
                Some(w) => w,
                None => {
                    errors.add("to", "The last day must be on or after the first day");
                    default
                }
            }
        };
        let changes_since = match (kind, blank(&self.since)) {
            (ReturnKind::DfeApi, Some(s)) => match parse_moment(s) {
                Some(t) if t < as_at => Some(t),
                _ => {
                    errors.add("since", "Enter the moment of the last send as a date or a date and time before the return's moment");
                    None
                }
            },
            _ => None,
        };
        errors.into_result()?;
        Ok(Request {
            kind,
            window,
            as_at,
            la_code: state.config.la_code.clone(),
            la_ons_code: state.config.la_ons_code.clone(),
            changes_since,
        })
    }

    /// The query string that asks for the same return again, pinned to its moment.
    fn pinned(request: &Request) -> String {
        let mut q: Vec<(&str, String)> = Vec::new();
        if request.kind.is_yearly() {
            q.push(("year", request.year().to_string()));
        } else {
            q.push(("from", request.window.from.to_string()));
            q.push(("to", request.window.to.to_string()));
        }
        q.push(("as_at", request.as_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)));
        if let Some(s) = request.changes_since {
            q.push(("since", s.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)));
        }
        serde_urlencoded::to_string(&q).unwrap_or_default()
    }
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn date_field(errors: &mut FieldErrors, field: &str, value: &Option<String>, what: &str) -> Option<NaiveDate> {
    let s = blank(value)?;
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, format!("Enter the {what} as a date, like 2026-03-31"));
            None
        }
    }
}

fn kind_of(code: &str) -> Result<ReturnKind, AppError> {
    ReturnKind::from_code(code).ok_or(AppError::NotFound)
}

// ---- the returns page ----

#[derive(Template)]
#[template(path = "returns_index.html")]
pub struct ReturnsIndex {
    pub layout: Layout,
    pub years: Vec<(String, String)>,
    pub selected_year: String,
    pub from: String,
    pub to: String,
    pub runs: Vec<RunRow>,
}

/// One return's form again, with what was wrong.
#[derive(Template)]
#[template(path = "returns_form.html")]
pub struct ReturnsForm {
    pub layout: Layout,
    pub error_summary: Markup,
    pub title: &'static str,
    pub kind_code: &'static str,
    pub fields: Vec<Markup>,
}

pub struct RunRow {
    pub what: String,
    pub period: String,
    pub as_at: String,
    pub when: String,
    pub who: String,
    pub children: i64,
    pub findings: String,
    pub sha256_short: String,
    pub again_href: String,
    pub corrections_since: usize,
}

async fn index(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    require(can_make_returns(user.staff.role), "produce statutory returns")?;
    Ok(Html(render_index(&state, &user).await?))
}

fn render_form(state: &AppState, user: &CurrentUser, kind: ReturnKind, q: &ReturnQuery, errors: FieldErrors) -> Result<String, AppError> {
    let mut pairs = Vec::new();
    for (name, v) in [("year", &q.year), ("from", &q.from), ("to", &q.to), ("as_at", &q.as_at), ("since", &q.since)] {
        if let Some(v) = v {
            pairs.push((name.to_string(), v.clone()));
        }
    }
    let mut form = FormState::from_pairs(pairs);
    form.errors = errors;
    let as_at_hint = "A date, like 2026-05-15, or leave blank for now";
    let mut fields = Vec::new();
    if kind.is_yearly() {
        fields.push(text_input(&form, "year", "Collection year", Input { hint: "Like 2025-26", width: "govuk-input--width-5", ..Input::default() }));
    } else {
        fields.push(text_input(&form, "from", "First day", Input { hint: "Like 2025-12-01", width: "govuk-input--width-10", ..Input::default() }));
        fields.push(text_input(&form, "to", "Last day", Input { hint: "Like 2026-11-30", width: "govuk-input--width-10", ..Input::default() }));
    }
    fields.push(text_input(&form, "as_at", "As at (optional)", Input { hint: as_at_hint, width: "govuk-input--width-20", ..Input::default() }));
    if kind == ReturnKind::DfeApi {
        fields.push(text_input(&form, "since", "Only changes since (optional)", Input { hint: "The moment of the last send", width: "govuk-input--width-20", ..Input::default() }));
    }
    let page = ReturnsForm {
        layout: Layout::for_user(state, user, kind.title(), "returns"),
        error_summary: error_summary(&form.errors),
        title: kind.title(),
        kind_code: kind.code(),
        fields,
    };
    Ok(page.render()?)
}

async fn render_index(state: &AppState, user: &CurrentUser) -> Result<String, AppError> {
    let today = crate::time::today();
    let last = CollectionYear::containing(today).previous();
    let years: Vec<(String, String)> = (0..4)
        .map(|back| {
            let y = CollectionYear::starting(last.start_year + 1 - back);
            let note = if back == 0 { " (so far)" } else { "" };
            (y.to_string(), format!("{y}{note}"))
        })
        .collect();
    let annex = export::default_window(ReturnKind::AnnexA, today);
    let views = state.store.return_exports(None, 25).await?;
    let mut runs = Vec::new();
    for v in views {
        let e = &v.export;
        let kind = ReturnKind::from_code(&e.kind);
        let request_query = run_query(e, kind);
        let corrections_since = hearth_returns::source::corrections_since(&state.store, e.as_at).await?.len();
        runs.push(RunRow {
            what: kind.map(|k| k.title().to_string()).unwrap_or_else(|| e.kind.clone()),
            period: format!("{} to {}", crate::time::date(e.period_from), crate::time::date(e.period_to)),
            as_at: crate::time::date_time(e.as_at),
            when: crate::time::date_time(e.generated_at),
            who: v.generated_by_name.clone(),
            children: e.children,
            findings: if kind.is_some_and(|k| matches!(k, ReturnKind::Cin | ReturnKind::Ssda903)) {
                format!("{} errors, {} queries", e.errors, e.queries)
            } else {
                "Not checked by DfE rules".to_string()
            },
            sha256_short: e.sha256.chars().take(12).collect(),
            again_href: format!("/returns/{}?{request_query}", e.kind),
            corrections_since,
        });
    }
    let page = ReturnsIndex {
        layout: Layout::for_user(state, user, "Statutory returns", "returns"),
        years,
        selected_year: last.to_string(),
        from: annex.from.to_string(),
        to: annex.to.to_string(),
        runs,
    };
    Ok(page.render()?)
}

fn run_query(e: &ReturnExport, kind: Option<ReturnKind>) -> String {
    let mut q: Vec<(&str, String)> = Vec::new();
    if kind.is_some_and(ReturnKind::is_yearly) {
        q.push(("year", CollectionYear::containing(e.period_from).to_string()));
    } else {
        q.push(("from", e.period_from.to_string()));
        q.push(("to", e.period_to.to_string()));
    }
    q.push(("as_at", e.as_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)));
    serde_urlencoded::to_string(&q).unwrap_or_default()
}

// ---- checking one return ----

#[derive(Template)]
#[template(path = "returns_check.html")]
pub struct ReturnCheck {
    pub layout: Layout,
    pub title: String,
    pub period: String,
    pub as_at: String,
    pub children: usize,
    pub sha256: String,
    pub files: Vec<FileRow>,
    pub checked: bool,
    pub rules_run: usize,
    pub errors: usize,
    pub queries: usize,
    pub rules: Vec<RuleRow>,
    pub issues: Vec<IssueRow>,
    pub issues_total: usize,
    /// What the findings are narrowed to ("Rule 8610", "H0000123"), or empty for all.
    pub filter_label: String,
    pub all_findings_href: String,
    pub corrections: Vec<CorrectionRow>,
    pub earlier_same: usize,
    pub earlier_different: usize,
}

pub struct FileRow {
    pub name: String,
    pub size: String,
    pub href: String,
}

pub struct RuleRow {
    pub code: String,
    pub kind: &'static str,
    pub tag_class: &'static str,
    pub message: String,
    pub count: usize,
    pub href: String,
}

pub struct IssueRow {
    pub child: String,
    pub child_href: String,
    /// Every finding for this child.
    pub child_findings_href: String,
    pub code: String,
    pub kind: &'static str,
    pub message: String,
    pub location: String,
}

pub struct CorrectionRow {
    pub when: String,
    pub what: String,
    pub reason: String,
    pub child_href: String,
}

async fn check(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(kind): Path<String>,
    Query(q): Query<ReturnQuery>,
) -> Result<Response, AppError> {
    require(can_make_returns(user.staff.role), "produce statutory returns")?;
    let kind = kind_of(&kind)?;
    let request = match q.request(kind, &state, Utc::now()) {
        Ok(r) => r,
        Err(errors) => {
            let html = render_form(&state, &user, kind, &q, errors)?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
        }
    };
    let output = produce(&state, &request).await?;
    let pinned = ReturnQuery::pinned(&request);
    let base_href = format!("/returns/{}?{pinned}", kind.code());
    let filter = Filter::of(&q);
    let (rules, issues, issues_total) = match &output.report {
        Some(report) => summarise(&report.issues, &output, &base_href, &filter),
        None => (Vec::new(), Vec::new(), 0),
    };
    let later = hearth_returns::source::corrections_since(&state.store, request.as_at).await?;
    let earlier = state.store.return_exports(Some(kind.code()), 200).await?;
    let same_moment: Vec<_> = earlier
        .iter()
        .filter(|e| e.export.as_at == request.as_at && e.export.period_from == request.window.from && e.export.period_to == request.window.to)
        .collect();
    let page = ReturnCheck {
        layout: Layout::for_user(&state, &user, kind.title(), "returns"),
        title: kind.title().to_string(),
        period: format!("{} to {}", crate::time::date(request.window.from), crate::time::date(request.window.to)),
        as_at: crate::time::date_time(request.as_at),
        children: output.children,
        sha256: output.sha256.clone(),
        files: output
            .files
            .iter()
            .map(|f| FileRow {
                name: f.name.clone(),
                size: format!("{:.1} KB", f.bytes.len() as f64 / 1024.0),
                href: format!("/returns/{}/download?{pinned}&{}", kind.code(), serde_urlencoded::to_string([("file", &f.name)]).unwrap_or_default()),
            })
            .collect(),
        checked: output.report.is_some(),
        rules_run: output.report.as_ref().map(|r| r.rules_run).unwrap_or(0),
        errors: output.report.as_ref().map(|r| r.errors()).unwrap_or(0),
        queries: output.report.as_ref().map(|r| r.queries()).unwrap_or(0),
        rules,
        issues,
        issues_total,
        filter_label: filter.label(),
        all_findings_href: format!("{base_href}#issues"),
        corrections: later
            .iter()
            .take(100)
            .map(|c| CorrectionRow {
                when: crate::time::date_time(c.recorded_at),
                what: c.event_type.to_string(),
                reason: c.reason.clone(),
                child_href: c.person.map(|p| format!("/children/{p}")).unwrap_or_default(),
            })
            .collect(),
        earlier_same: same_moment.iter().filter(|e| e.export.sha256 == output.sha256).count(),
        earlier_different: same_moment.iter().filter(|e| e.export.sha256 != output.sha256).count(),
    };
    Ok(Html(page.render()?).into_response())
}

/// The findings asked for: one rule's, one child's, or all.
struct Filter {
    rule: String,
    child: String,
}

impl Filter {
    fn of(q: &ReturnQuery) -> Self {
        Self { rule: blank(&q.rule).unwrap_or_default().to_string(), child: blank(&q.child).unwrap_or_default().to_string() }
    }

    fn keeps(&self, i: &Issue) -> bool {
        (self.rule.is_empty() || i.code == self.rule) && (self.child.is_empty() || i.child.as_deref() == Some(self.child.as_str()))
    }

    fn label(&self) -> String {
        match (self.rule.is_empty(), self.child.is_empty()) {
            (true, true) => String::new(),
            (false, true) => format!("Rule {}", self.rule),
            (true, false) => format!("Child {}", self.child),
            (false, false) => format!("Rule {}, child {}", self.rule, self.child),
        }
    }
}

/// Per-rule counts (every issue) and the issues to list (those the filter
/// keeps, up to `ISSUES_SHOWN`).
fn summarise(issues: &[Issue], output: &Output, base_href: &str, filter: &Filter) -> (Vec<RuleRow>, Vec<IssueRow>, usize) {
    let mut by_rule: BTreeMap<(RuleType, &str), (usize, &str)> = BTreeMap::new();
    for i in issues {
        by_rule.entry((i.rule_type, i.code)).or_insert((0, i.message)).0 += 1;
    }
    let rules = by_rule
        .into_iter()
        .map(|((rule_type, code), (count, message))| RuleRow {
            code: code.to_string(),
            kind: rule_type.label(),
            tag_class: tag_class(rule_type),
            message: message.to_string(),
            count,
            href: format!("{base_href}&rule={code}#issues"),
        })
        .collect();
    let chosen: Vec<&Issue> = issues.iter().filter(|i| filter.keeps(i)).collect();
    let total = chosen.len();
    let rows = chosen
        .into_iter()
        .take(ISSUES_SHOWN)
        .map(|i| {
            let child = i.child.clone().unwrap_or_default();
            IssueRow {
                child_href: output.child_ids.get(&child).map(|p| format!("/children/{p}")).unwrap_or_default(),
                child_findings_href: if child.is_empty() {
                    String::new()
                } else {
                    format!("{base_href}&{}#issues", serde_urlencoded::to_string([("child", &child)]).unwrap_or_default())
                },
                child: if child.is_empty() { "Whole return".to_string() } else { child },
                code: i.code.to_string(),
                kind: i.rule_type.label(),
                message: i.message.to_string(),
                location: i.location.clone(),
            }
        })
        .collect();
    (rules, rows, total)
}

fn tag_class(t: RuleType) -> &'static str {
    match t {
        RuleType::Error => "govuk-tag govuk-tag--red",
        RuleType::Query => "govuk-tag govuk-tag--yellow",
    }
}

/// The history as at the request's moment (shared while the log has not
/// moved on), then the return.
async fn produce(state: &AppState, request: &Request) -> Result<Output, AppError> {
    let history = state.history_as_at(request.as_at).await?;
    let before = match request.changes_since {
        Some(since) => Some(state.history_as_at(since).await?),
        None => None,
    };
    let calendar = state.calendar().await?;
    let request = request.clone();
    tokio::task::spawn_blocking(move || export::produce(&history, before.as_deref(), &request, &calendar))
        .await
        .map_err(|e| AppError::Internal(format!("producing the return failed: {e}")))
}

// ---- downloading ----

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(kind): Path<String>,
    Query(q): Query<ReturnQuery>,
) -> Result<Response, AppError> {
    require(can_make_returns(user.staff.role), "produce statutory returns")?;
    let kind = kind_of(&kind)?;
    let now = Utc::now();
    let request = q.request(kind, &state, now).map_err(|_| AppError::BadRequest("The return's period or moment is not valid".to_string()))?;
    let output = produce(&state, &request).await?;
    let wanted = blank(&q.file).ok_or_else(|| AppError::BadRequest("Say which file to download".to_string()))?;
    let file = output.files.iter().find(|f| f.name == wanted).ok_or(AppError::NotFound)?;
    let (errors, queries) = output.report.as_ref().map(|r| (r.errors(), r.queries())).unwrap_or((0, 0));
    state
        .store
        .record_return_export(&ReturnExport {
            generated_at: now,
            generated_by: user.staff.user_id,
            kind: kind.code().to_string(),
            period_from: request.window.from,
            period_to: request.window.to,
            as_at: request.as_at,
            sha256: output.sha256.clone(),
            size_bytes: output.size_bytes() as i64,
            children: output.children as i64,
            errors: errors as i64,
            queries: queries as i64,
        })
        .await?;
    tracing::info!(kind = kind.code(), file = %file.name, children = output.children, "return downloaded");
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file.name)),
        ],
        file.bytes.clone(),
    )
        .into_response())
}

// ---- data quality ----

#[derive(Template)]
#[template(path = "data_quality.html")]
pub struct DataQuality {
    pub layout: Layout,
    pub year: String,
    pub as_at: String,
    pub children: usize,
    pub failing_children: usize,
    pub errors: usize,
    pub queries: usize,
    pub rules: Vec<RuleRow>,
    pub issues: Vec<IssueRow>,
    pub issues_total: usize,
    /// What the findings are narrowed to ("Rule 8610", "H0000123"), or empty for all.
    pub filter_label: String,
    pub all_findings_href: &'static str,
}

async fn data_quality(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ReturnQuery>) -> Result<Html<String>, AppError> {
    require(can_see_data_quality(user.staff.role), "see the data quality dashboard")?;
    let now = Utc::now();
    let year = CollectionYear::containing(crate::time::today());
    let request = Request {
        kind: ReturnKind::Cin,
        window: year.window(),
        as_at: now,
        la_code: state.config.la_code.clone(),
        la_ons_code: state.config.la_ons_code.clone(),
        changes_since: None,
    };
    let output = produce(&state, &request).await?;
    let filter = Filter::of(&q);
    let issues = output.report.as_ref().map(|r| r.issues.as_slice()).unwrap_or_default();
    let (rules, rows, total) = summarise(issues, &output, "/data-quality?", &filter);
    let failing: std::collections::HashSet<&str> = issues.iter().filter_map(|i| i.child.as_deref()).collect();
    let page = DataQuality {
        layout: Layout::for_user(&state, &user, "Data quality", "data_quality"),
        year: year.to_string(),
        as_at: crate::time::date_time(now),
        children: output.children,
        failing_children: failing.len(),
        errors: output.report.as_ref().map(|r| r.errors()).unwrap_or(0),
        queries: output.report.as_ref().map(|r| r.queries()).unwrap_or(0),
        rules: rules
            .into_iter()
            .map(|mut r| {
                r.href = format!("/data-quality?rule={}#issues", r.code);
                r
            })
            .collect(),
        issues: rows,
        issues_total: total,
        filter_label: filter.label(),
        all_findings_href: "/data-quality#issues",
    };
    Ok(Html(page.render()?))
}
