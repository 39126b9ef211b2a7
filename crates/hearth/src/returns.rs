//! `hearth export`: statutory returns from the command line, through the
//! same `hearth_returns::export::produce` the web uses.

use crate::Failure;
use crate::cli::{ExportArgs, Global};
use crate::progress::bar;
use chrono::{DateTime, NaiveDate, Utc};
use hearth_returns::export::{self, Request, ReturnKind};
use hearth_returns::period::{self, CollectionYear, Window};
use hearth_returns::source;
use hearth_store::return_exports::ReturnExport;
use hearth_store::{SYSTEM_USER, Store};
use std::process::ExitCode;

pub async fn export(global: &Global, args: ExportArgs) -> Result<ExitCode, Failure> {
    let kind = ReturnKind::from_code(&args.kind)
        .ok_or_else(|| Failure::Usage(format!("Unknown return {:?}: use cin, 903, annex-a or dfe-api", args.kind)))?;
    let now = Utc::now();
    let as_at = match &args.as_at {
        Some(s) => parse_moment(s)?,
        None => now,
    };
    if as_at > now {
        return Err(Failure::Usage("--as-at must not be in the future".to_string()));
    }
    let window = window(kind, &args, hearth_domain::uk_time::to_uk(as_at).date())?;
    let changes_since = args.changes_since.as_deref().map(parse_moment).transpose()?;
    if changes_since.is_some() && kind != ReturnKind::DfeApi {
        return Err(Failure::Usage("--changes-since is for the DfE data exchange only".to_string()));
    }
    let store = Store::open(&global.location()).await?;
    let request = Request {
        kind,
        window,
        as_at,
        la_code: args.authority.la_code.clone(),
        la_ons_code: args.authority.la_ons_code.clone(),
        changes_since,
    };
    let started = std::time::Instant::now();
    let total = store.event_count().await?;
    let progress = bar(total.max(0) as u64, "events");
    let history = source::load(&store, as_at, &mut |seq| progress.set_position(seq.max(0) as u64)).await?;
    let before = match changes_since {
        Some(since) => Some(source::load(&store, since, &mut |_| {}).await?),
        None => None,
    };
    progress.finish_and_clear();
    let loaded = started.elapsed();
    let calendar = hearth_domain::calendar::Calendar::england_and_wales();
    let output = export::produce(&history, before.as_ref(), &request, &calendar);
    let produced = started.elapsed() - loaded;

    std::fs::create_dir_all(&args.out)?;
    for f in &output.files {
        std::fs::write(args.out.join(&f.name), &f.bytes)?;
    }
    let (errors, queries) = output.report.as_ref().map(|r| (r.errors(), r.queries())).unwrap_or((0, 0));
    store
        .record_return_export(&ReturnExport {
            generated_at: now,
            generated_by: SYSTEM_USER,
            kind: kind.code().to_string(),
            period_from: window.from,
            period_to: window.to,
            as_at,
            sha256: output.sha256.clone(),
            size_bytes: output.size_bytes() as i64,
            children: output.children as i64,
            errors: errors as i64,
            queries: queries as i64,
        })
        .await?;

    println!("{} for {window}, as at {}:", kind.title(), as_at.to_rfc3339());
    for f in &output.files {
        println!("  wrote {} ({} bytes)", args.out.join(&f.name).display(), f.bytes.len());
    }
    println!("  {} children; SHA-256 {}", output.children, output.sha256);
    if let Some(report) = &output.report {
        println!("  checked against {} DfE rules: {} errors, {} queries", report.rules_run, errors, queries);
        let mut by_rule: std::collections::BTreeMap<&str, (usize, &str)> = Default::default();
        for i in &report.issues {
            by_rule.entry(i.code).or_insert((0, i.message)).0 += 1;
        }
        for (code, (n, message)) in by_rule {
            println!("    {code:>10} {n:>6}  {message}");
        }
    }
    println!("  read the record in {:.2} s, produced and checked in {:.2} s", loaded.as_secs_f64(), produced.as_secs_f64());
    if args.as_at.is_some() {
        let later = source::corrections_since(&store, as_at).await?;
        if !later.is_empty() {
            println!("  {} corrections have been recorded since then; a return made now would include them:", later.len());
            for c in later.iter().take(20) {
                println!("    {} {}: {}", c.recorded_at.to_rfc3339(), c.event_type, c.reason);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// RFC 3339, or a date meaning the end of that day in England.
fn parse_moment(s: &str) -> Result<DateTime<Utc>, Failure> {
    period::parse_moment(s).ok_or_else(|| Failure::Usage(format!("{s:?} is not a date (YYYY-MM-DD) or an RFC 3339 moment")))
}

fn parse_date(s: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| Failure::Usage(format!("{s:?} is not a date (YYYY-MM-DD) or an RFC 3339 moment")))
}

fn window(kind: ReturnKind, args: &ExportArgs, today: NaiveDate) -> Result<Window, Failure> {
    if kind.is_yearly() {
        if args.from.is_some() || args.to.is_some() {
            return Err(Failure::Usage(format!("The {} covers a collection year: use --year", kind.title())));
        }
        return match &args.year {
            Some(y) => CollectionYear::parse(y)
                .map(CollectionYear::window)
                .ok_or_else(|| Failure::Usage(format!("{y:?} is not a collection year: write it as 2025-26"))),
            None => Ok(export::default_window(kind, today)),
        };
    }
    if args.year.is_some() {
        return Err(Failure::Usage(format!("The {} covers any window: use --from and --to", kind.title())));
    }
    let default = export::default_window(kind, today);
    let from = args.from.as_deref().map(parse_date).transpose()?.unwrap_or(default.from);
    let to = args.to.as_deref().map(parse_date).transpose()?.unwrap_or(default.to);
    Window::new(from, to).ok_or_else(|| Failure::Usage("--from must be on or before --to".to_string()))
}
