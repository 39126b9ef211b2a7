//! The front-door dashboard (F33): live figures from the same record the
//! MASH works in, each linking to the children behind it. Timeliness is
//! measured from the first contact of a chain (F1), with the naive figure
//! beside it; re-referrals are counted (F9).

use super::front_door::can_use_front_door;
use super::{Layout, require};
use crate::auth::CurrentUser;
use crate::charts;
use crate::components::{self, Html as Markup, Input};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{Duration, NaiveDate, Utc};
use hearth_domain::codes::ReferralSource;
use hearth_store::dashboard::{FrontDoorFigures, ListedChild, Measure, Period, percent};

/// The default period: the last 28 days, today included.
const DEFAULT_DAYS: i64 = 28;
/// The longest period the dashboard will count over.
const MAX_DAYS: i64 = 366;

#[derive(serde::Deserialize, Default)]
pub struct DashboardQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    measure: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

fn default_period(today: NaiveDate) -> Period {
    Period::new(today - Duration::days(DEFAULT_DAYS - 1), today)
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The period asked for, and the form as typed with anything wrong with it.
/// A period with errors falls back to the default for the figures.
fn period_from(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> (Period, FormState) {
    let mut form = FormState::default();
    let from = from.map(str::trim).filter(|s| !s.is_empty());
    let to = to.map(str::trim).filter(|s| !s.is_empty());
    let to_date = match to {
        None => Some(today),
        Some(s) => parse_date(s).or_else(|| {
            form.errors.add("to", "Enter the end date as a real date in the form YYYY-MM-DD, like 2026-03-31");
            None
        }),
    };
    let from_date = match from {
        None => to_date.map(|t| t - Duration::days(DEFAULT_DAYS - 1)),
        Some(s) => parse_date(s).or_else(|| {
            form.errors.add("from", "Enter the start date as a real date in the form YYYY-MM-DD, like 2026-03-01");
            None
        }),
    };
    let fallback = default_period(today);
    let period = match (from_date, to_date) {
        (Some(f), Some(t)) if t < f => {
            form.errors.add("to", "The end date must be the same as or after the start date");
            None
        }
        (Some(f), Some(t)) if Period::new(f, t).days() > MAX_DAYS => {
            form.errors.add("from", format!("The period must be {MAX_DAYS} days or fewer"));
            None
        }
        (Some(f), Some(t)) => Some(Period::new(f, t)),
        _ => None,
    };
    let period = period.filter(|_| !form.has_errors()).unwrap_or(fallback);
    form.set("from", from.map(str::to_string).unwrap_or_else(|| period.from.format("%Y-%m-%d").to_string()));
    form.set("to", to.map(str::to_string).unwrap_or_else(|| period.to.format("%Y-%m-%d").to_string()));
    (period, form)
}

fn period_fields(form: &FormState) -> Vec<Markup> {
    let hint = |h| Input { hint: h, width: "govuk-input--width-10", autocomplete: "off", spellcheck_off: true, ..Default::default() };
    vec![
        components::text_input(form, "from", "From", hint("For example, 2026-03-01")),
        components::text_input(form, "to", "To", hint("For example, 2026-03-28")),
    ]
}

fn period_text(p: Period) -> String {
    if p.from == p.to {
        crate::time::date(p.from)
    } else {
        format!("{} to {}", crate::time::date(p.from), crate::time::date(p.to))
    }
}

fn period_query(p: Period) -> String {
    format!("from={}&to={}", p.from.format("%Y-%m-%d"), p.to.format("%Y-%m-%d"))
}

fn list_href(m: Measure, p: Period) -> String {
    format!("/front-door/dashboard/list?measure={}&{}", m.code(), period_query(p))
}

fn pct_text(part: i64, whole: i64) -> String {
    percent(part, whole).map(|p| format!("{p}%")).unwrap_or_else(|| "None".to_string())
}

fn source_label(code: &str) -> String {
    ReferralSource::from_code(code).map(|s| s.description().to_string()).unwrap_or_else(|| code.to_string())
}

/// A figure card: a number, what it means, and links to the children behind it.
pub struct Card {
    pub id: &'static str,
    pub label: String,
    pub value: String,
    pub detail: String,
    pub links: Vec<(String, String)>,
}

/// A row of a table beside a chart, or of a breakdown.
pub struct NumberRow {
    pub label: String,
    pub count: i64,
    pub percent: String,
    pub href: Option<String>,
    pub tag_class: &'static str,
}

#[derive(Template)]
#[template(path = "dashboard_front_door.html")]
pub struct DashboardPage {
    pub layout: Layout,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
    pub period: String,
    pub received: Card,
    pub per_day_chart: Markup,
    pub per_day: Vec<NumberRow>,
    pub source_chart: Markup,
    pub by_source: Vec<NumberRow>,
    pub rag: Vec<NumberRow>,
    pub timeliness: Vec<Card>,
    pub unrated_decided: i64,
    pub reopened_by_worker: Vec<NumberRow>,
    pub reopened_by_team: Vec<NumberRow>,
    pub outcomes: Vec<Card>,
    pub now: Vec<Card>,
    /// Early help (F11): the waiting list, its age and quick re-referrals.
    pub early_help: Vec<Card>,
    pub early_help_chart: Markup,
    pub early_help_by_age: Vec<NumberRow>,
}

fn dashboard_page(state: &AppState, user: &CurrentUser, form: &FormState, f: &FrontDoorFigures) -> DashboardPage {
    let p = f.period;
    let per_day_data: Vec<(String, i64)> = f.received_per_day.iter().map(|(d, n)| (d.format("%-d %b").to_string(), *n)).collect();
    let per_day = f
        .received_per_day
        .iter()
        .map(|(d, n)| NumberRow { label: crate::time::date(*d), count: *n, percent: String::new(), href: None, tag_class: "" })
        .collect();
    let source_data: Vec<(String, i64)> = f.received_by_source.iter().map(|(c, n)| (source_label(c), *n)).collect();
    let by_source = source_data
        .iter()
        .map(|(label, n)| NumberRow { label: label.clone(), count: *n, percent: pct_text(*n, f.received), href: None, tag_class: "" })
        .collect();
    let rag = [
        ("Red", "govuk-tag govuk-tag--red", f.rag.red, Measure::RagRed),
        ("Amber", "govuk-tag govuk-tag--orange", f.rag.amber, Measure::RagAmber),
        ("Green", "govuk-tag govuk-tag--green", f.rag.green, Measure::RagGreen),
        ("Not rated", "govuk-tag govuk-tag--grey", f.rag.unrated, Measure::RagUnrated),
    ]
    .into_iter()
    .map(|(label, class, n, m)| NumberRow {
        label: label.to_string(),
        count: n,
        percent: pct_text(n, f.received),
        href: (n > 0).then(|| list_href(m, p)),
        tag_class: class,
    })
    .collect();
    let breakdown = |rows: &[(Option<String>, i64)], none: &str| -> Vec<NumberRow> {
        rows.iter()
            .map(|(name, n)| NumberRow {
                label: name.clone().unwrap_or_else(|| none.to_string()),
                count: *n,
                percent: pct_text(*n, f.reopened),
                href: None,
                tag_class: "",
            })
            .collect()
    };
    let late_chain = f.decided_rated - f.in_time_from_chain;
    let late_receipt = f.decided_rated - f.in_time_from_receipt;
    let contacts = |n: i64| if n == 1 { "1 contact".to_string() } else { format!("{n} contacts") };
    DashboardPage {
        layout: Layout::for_user(state, user, "Front door dashboard", "front_door"),
        error_summary: components::error_summary(&form.errors),
        fields: period_fields(form),
        period: period_text(p),
        received: Card {
            id: "received",
            label: "Contacts received".to_string(),
            value: f.received.to_string(),
            detail: format!("From {}", period_text(p)),
            links: vec![(list_href(Measure::Received, p), "See the children".to_string())],
        },
        per_day_chart: charts::vertical_bar_chart("Contacts received per day", "Day received", "Contacts", &per_day_data),
        per_day,
        source_chart: charts::horizontal_bar_chart("Contacts received by source", "Source (CIN census)", "Contacts", &source_data),
        by_source,
        rag,
        timeliness: vec![
            Card {
                id: "in-time-chain",
                label: "Decided in time, measured from the first contact of the chain".to_string(),
                value: pct_text(f.in_time_from_chain, f.decided_rated),
                detail: if f.decided_rated == 0 {
                    "No rated contacts were decided in the period".to_string()
                } else {
                    format!(
                        "{} of {} decided in the period within the time their rating allows, counted from when the chain's first contact was received",
                        f.in_time_from_chain,
                        contacts(f.decided_rated)
                    )
                },
                links: vec![(list_href(Measure::LateFromChain, p), format!("See the children: {} decided late", contacts(late_chain)))],
            },
            Card {
                id: "in-time-receipt",
                label: "Decided in time, measured from each contact's own receipt".to_string(),
                value: pct_text(f.in_time_from_receipt, f.decided_rated),
                detail: if f.decided_rated == 0 {
                    "No rated contacts were decided in the period".to_string()
                } else {
                    format!(
                        "{} of {} by their own deadline. This is how the figure looks if reopened contacts restart the clock",
                        f.in_time_from_receipt,
                        contacts(f.decided_rated)
                    )
                },
                links: vec![(list_href(Measure::LateFromReceipt, p), format!("See the children: {} decided late", contacts(late_receipt)))],
            },
            Card {
                id: "reopened",
                label: "Closed and then reopened".to_string(),
                value: f.reopened.to_string(),
                detail: "Contacts closed in the period and then followed by another contact in the same chain".to_string(),
                links: vec![(list_href(Measure::Reopened, p), "See the children".to_string())],
            },
        ],
        unrated_decided: f.decided - f.decided_rated,
        reopened_by_worker: breakdown(&f.reopened_by_worker, "Not assigned"),
        reopened_by_team: breakdown(&f.reopened_by_team, "No team"),
        outcomes: vec![
            Card {
                id: "converted",
                label: "Contacts that became a referral".to_string(),
                value: pct_text(f.converted, f.decided),
                detail: if f.decided == 0 {
                    "No contacts were decided in the period".to_string()
                } else {
                    format!("{} of {} decided in the period: referral or strategy discussion", f.converted, contacts(f.decided))
                },
                links: vec![
                    (list_href(Measure::Converted, p), "See the children referred".to_string()),
                    (list_href(Measure::Decided, p), format!("See the children: all {} decided", contacts(f.decided))),
                ],
            },
            Card {
                id: "re-referrals",
                label: "Re-referral rate".to_string(),
                value: pct_text(f.re_referrals, f.referrals),
                detail: match f.referrals {
                    0 => "No referrals were dated in the period".to_string(),
                    1 => format!("{} of 1 referral dated in the period had another referral in the 12 months before", f.re_referrals),
                    n => format!("{} of {n} referrals dated in the period had another referral in the 12 months before", f.re_referrals),
                },
                links: vec![(list_href(Measure::ReReferrals, p), "See the children re-referred".to_string())],
            },
        ],
        now: vec![
            Card {
                id: "checks",
                label: "Checks waiting for an answer now".to_string(),
                value: f.checks_outstanding.to_string(),
                detail: format!("{} past their due time", f.checks_overdue),
                links: vec![
                    (list_href(Measure::ChecksOutstanding, p), "See the children".to_string()),
                    (list_href(Measure::ChecksOverdue, p), "See the children with checks past due".to_string()),
                ],
            },
            Card {
                id: "open",
                label: "Open contacts now".to_string(),
                value: f.open.to_string(),
                detail: format!("{} past their screening deadline", f.open_overdue),
                links: vec![
                    (list_href(Measure::Open, p), "See the children".to_string()),
                    (list_href(Measure::OpenOverdue, p), "See the children past the deadline".to_string()),
                ],
            },
            Card {
                id: "domestic-incidents",
                label: "Domestic-incident decisions pending".to_string(),
                value: f.domestic_incidents_pending.to_string(),
                detail: "Police notifications waiting for the daily review's decision".to_string(),
                links: vec![
                    (list_href(Measure::DomesticIncidentsPending, p), "See the children".to_string()),
                    ("/front-door/domestic-incidents".to_string(), "Go to the review list".to_string()),
                ],
            },
        ],
        early_help: Vec::new(),
        early_help_chart: Markup::default(),
        early_help_by_age: Vec::new(),
    }
}

/// The early help figures (F11): the waiting list now, how long children
/// have waited, whose keeping-in-touch contact is overdue, and children
/// stepped down and referred again within three months in the period.
async fn add_early_help(state: &AppState, page: &mut DashboardPage, p: Period) -> Result<(), AppError> {
    let f = state.store.early_help_figures(p, crate::time::today()).await?;
    let overdue = super::early_help::waiting_list(state).await?.iter().filter(|w| w.due.is_overdue()).count();
    let days = |d: Option<i64>| d.map(|n| if n == 1 { "1 day".to_string() } else { format!("{n} days") }).unwrap_or_else(|| "None".to_string());
    let children = |n: i64| if n == 1 { "1 child".to_string() } else { format!("{n} children") };
    page.early_help = vec![
        Card {
            id: "early-help-waiting",
            label: "Early help waiting list now".to_string(),
            value: f.waiting.to_string(),
            detail: format!("{overdue} with a keeping-in-touch contact overdue"),
            links: vec![
                (list_href(Measure::EarlyHelpWaiting, p), "See the children".to_string()),
                ("/early-help?overdue=1".to_string(), "See the children with keeping in touch overdue".to_string()),
            ],
        },
        Card {
            id: "early-help-age",
            label: "How long children have waited".to_string(),
            value: days(f.median_days_waiting),
            detail: format!("Median wait; the longest is {}", days(f.oldest_days_waiting)),
            links: vec![("/early-help".to_string(), "See the waiting list, longest waiting first".to_string())],
        },
        Card {
            id: "stepped-down-re-referred",
            label: "Stepped down and re-referred within 3 months".to_string(),
            value: f.quick_rereferrals.to_string(),
            detail: format!(
                "Referrals dated in the period within 3 months of a step-down to early help. {} stepped down in the period",
                children(f.stepped_down)
            ),
            links: vec![(list_href(Measure::SteppedDownReReferred, p), "See the children re-referred".to_string())],
        },
    ];
    let data: Vec<(String, i64)> = f.waiting_by_age.iter().map(|(l, n)| (l.to_string(), *n)).collect();
    page.early_help_chart = charts::vertical_bar_chart("Early help waiting list by time waited", "Time waited", "Children", &data);
    page.early_help_by_age = data
        .iter()
        .map(|(label, n)| NumberRow { label: label.clone(), count: *n, percent: pct_text(*n, f.waiting), href: None, tag_class: "" })
        .collect();
    Ok(())
}

/// `GET /front-door/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD`
pub async fn front_door(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, AppError> {
    require(can_use_front_door(user.staff.role), "see the front-door dashboard")?;
    let (period, form) = period_from(q.from.as_deref(), q.to.as_deref(), crate::time::today());
    let figures = state.store.front_door_figures(period, Utc::now()).await?;
    let mut page = dashboard_page(&state, &user, &form, &figures);
    add_early_help(&state, &mut page, period).await?;
    let html = page.render()?;
    let status = if form.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, Html(html)).into_response())
}

pub struct ListRow {
    pub href: String,
    pub name: String,
    pub hearth_ref: String,
    pub contact_href: String,
    pub contact_date: String,
    pub referral_date: String,
    pub due: String,
    pub worker: String,
}

#[derive(Template)]
#[template(path = "dashboard_list.html")]
pub struct ListPage {
    pub layout: Layout,
    pub error_summary: Markup,
    pub fields: Vec<Markup>,
    pub measure: &'static str,
    pub title: &'static str,
    pub scope: String,
    pub back_href: String,
    pub rows: Vec<ListRow>,
    pub show_referral: bool,
    pub due_label: &'static str,
    pub show_worker: bool,
}

fn due_label(m: Measure) -> &'static str {
    match m {
        Measure::LateFromChain => "Deadline from the first contact",
        Measure::DomesticIncidentsPending => "Decision due",
        Measure::ChecksOutstanding | Measure::ChecksOverdue => "Check due",
        Measure::RagUnrated | Measure::Referrals | Measure::ReReferrals => "",
        Measure::EarlyHelpWaiting | Measure::SteppedDownReReferred => "",
        _ => "Screen by",
    }
}

fn list_row(c: &ListedChild) -> ListRow {
    ListRow {
        href: format!("/children/{}", c.person_id),
        name: c.name.clone(),
        hearth_ref: c.hearth_ref.clone(),
        contact_href: c.contact_id.map(|id| format!("/front-door/contacts/{id}")).unwrap_or_default(),
        contact_date: c.contact_received_at.map(crate::time::date_time).unwrap_or_else(|| "No contact".to_string()),
        referral_date: c.referral_date.map(crate::time::date).unwrap_or_default(),
        due: c.due.map(crate::time::date_time).unwrap_or_else(|| "Not set".to_string()),
        worker: c.worker.clone().unwrap_or_else(|| "Not assigned".to_string()),
    }
}

/// `GET /front-door/dashboard/list?measure=...&from=&to=`: the children behind one figure.
pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    require(can_use_front_door(user.staff.role), "see the front-door dashboard")?;
    let measure = q
        .measure
        .as_deref()
        .and_then(Measure::from_code)
        .ok_or_else(|| AppError::BadRequest("There is no such figure on the dashboard.".to_string()))?;
    let (period, form) = period_from(q.from.as_deref(), q.to.as_deref(), crate::time::today());
    let now = Utc::now();
    let listed = state.store.front_door_list(measure, period, now).await?;
    let scope = if measure.is_now() {
        format!("As of {}", crate::time::date_time(now))
    } else {
        format!("From {}", period_text(period))
    };
    let page = ListPage {
        layout: Layout::for_user(&state, &user, measure.label(), "front_door"),
        error_summary: components::error_summary(&form.errors),
        fields: period_fields(&form),
        measure: measure.code(),
        title: measure.label(),
        scope,
        back_href: format!("/front-door/dashboard?{}", period_query(period)),
        rows: listed.iter().map(list_row).collect(),
        show_referral: matches!(measure, Measure::Referrals | Measure::ReReferrals | Measure::SteppedDownReReferred),
        due_label: due_label(measure),
        show_worker: !matches!(measure, Measure::Referrals | Measure::ReReferrals | Measure::EarlyHelpWaiting | Measure::SteppedDownReReferred
                | Measure::DomesticIncidentsPending),
    };
    let status = if form.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, Html(page.render()?)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_period_defaults_to_the_last_28_days() {
        let today = d(2026, 3, 28);
        let (p, form) = period_from(None, None, today);
        assert_eq!(p, Period::new(d(2026, 3, 1), today));
        assert!(!form.has_errors());
        assert_eq!(form.value("from"), "2026-03-01");
        let (p, _) = period_from(Some(""), Some("2026-02-28"), today);
        assert_eq!(p, Period::new(d(2026, 2, 1), d(2026, 2, 28)), "28 days to the end date asked for");
    }

    #[test]
    fn a_bad_period_is_explained_and_the_default_used() {
        let today = d(2026, 3, 28);
        for (from, to, field) in [
            ("2026-03-10", "2026-03-01", "to"),
            ("yesterday", "2026-03-01", "from"),
            ("2026-02-30", "2026-03-01", "from"),
            ("2026-03-01", "soon", "to"),
            ("2025-01-01", "2026-03-01", "from"),
        ] {
            let (p, form) = period_from(Some(from), Some(to), today);
            assert!(form.error(field).is_some(), "{from} {to}");
            assert_eq!(p, default_period(today));
            assert_eq!(form.value("from"), from, "kept as typed");
        }
        // A whole leap year is allowed.
        let (p, form) = period_from(Some("2024-01-01"), Some("2024-12-31"), today);
        assert!(!form.has_errors());
        assert_eq!(p.days(), 366);
    }
}
