//! Producing and checking the CIN census and the SSDA903, with reading
//! the log, building, the DfE rules, writing and parsing timed apart.
//!
//!     cargo bench -p hearth-returns --bench returns
//!
//! Generates a synthetic authority in memory (HEARTH_BENCH_SIZE: tiny,
//! small, medium or largest; medium by default) and folds its events into
//! the history, then times each step for the 2025-26 returns. It then
//! scales the census up by repeating its children under new identifiers,
//! to 10,000 children and to an England-sized 650,000 (the national CIN
//! census holds about that many), and times the rules, the writer and the
//! reader on those: the event log of an England-sized authority is not
//! needed to measure the format code at that size. HEARTH_BENCH_SCALE
//! changes those sizes (comma-separated; empty for none). The SSDA903 is
//! scaled the same way, this year's tables and last year's together, to
//! 10,000 children and to 110,000 (about as many as England looks after
//! at some time in a year); HEARTH_BENCH_SCALE_903 changes those.

use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::calendar::Calendar;
use hearth_returns::cin::model::CinCensus;
use hearth_returns::cin::{build, rules, xml};
use hearth_returns::history::History;
use hearth_returns::period::CollectionYear;
use hearth_returns::ssda903;
use hearth_returns::validation::{Report, RuleType};
use hearth_synth::{Generator, Size, SynthConfig};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Best of this many runs of each step.
const RUNS: usize = 3;

fn best<T>(mut step: impl FnMut() -> T) -> (Duration, T) {
    let mut fastest = Duration::MAX;
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let out = step();
        fastest = fastest.min(t.elapsed());
        last = Some(out);
    }
    match last {
        Some(out) => (fastest, out),
        None => unreachable!("RUNS is at least one"),
    }
}

fn ms(d: Duration) -> String {
    format!("{:>9.1} ms", d.as_secs_f64() * 1000.0)
}

/// The census with its children repeated under new identifiers until it
/// holds `children`.
fn scaled(census: &CinCensus, children: usize) -> CinCensus {
    let mut out = CinCensus { header: census.header.clone(), children: Vec::with_capacity(children) };
    let mut copy = 0;
    while out.children.len() < children {
        for c in &census.children {
            if out.children.len() == children {
                break;
            }
            let mut c = c.clone();
            c.identifiers.la_child_id = Some(format!("S{copy:03}{}", c.identifiers.la_child_id.as_deref().unwrap_or("")));
            // Repeated UPNs would all fail rule 1520; the copies have none.
            if copy > 0 {
                c.identifiers.upn = None;
            }
            out.children.push(c);
        }
        copy += 1;
    }
    out
}

/// The 903 with every table repeated `copies` times under new child
/// identifiers. Last year's tables are repeated the same way, so its
/// children keep matching this year's in the rules that compare them.
fn scaled_903(tables: &ssda903::model::Ssda903, copies: usize) -> ssda903::model::Ssda903 {
    let mut out = ssda903::model::Ssda903::default();
    for copy in 0..copies {
        let rename = |child: &str| format!("S{copy:03}{child}");
        macro_rules! repeat {
            ($($table:ident),*) => {$(
                out.$table.extend(tables.$table.iter().map(|row| {
                    let mut row = row.clone();
                    row.child = rename(&row.child);
                    row
                }));
            )*};
        }
        repeat!(episodes, reviews, uasc, oc2, oc3, ad1, placed_adoption, prev_perm, missing, sw_episodes);
        out.header.extend(tables.header.iter().map(|row| {
            let mut row = row.clone();
            row.child = rename(&row.child);
            // Repeated UPNs would be one child twice to the rules.
            if copy > 0 {
                row.upn = None;
            }
            row
        }));
    }
    out
}

/// The five rules that take longest on these tables, to show where the
/// time goes when the whole set grows faster than the return.
fn slowest_903_rules(tables: &ssda903::model::Ssda903, context: &ssda903::rules::Context<'_>) -> String {
    let mut timed: Vec<(Duration, &str)> = ssda903::rules::rules()
        .into_iter()
        .map(|rule| {
            let t = Instant::now();
            ssda903::rules::run(rule, tables, context);
            (t.elapsed(), rule.info.code)
        })
        .collect();
    timed.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
    timed.iter().take(5).map(|(d, code)| format!("{code} {:.1} ms", d.as_secs_f64() * 1000.0)).collect::<Vec<_>>().join(", ")
}

/// The codes of the errors found, with how many of each.
fn error_codes(report: &Report) -> String {
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for i in report.issues.iter().filter(|i| i.rule_type == RuleType::Error) {
        *codes.entry(i.code).or_default() += 1;
    }
    codes.iter().map(|(c, n)| format!("{c}: {n}")).collect::<Vec<_>>().join(", ")
}

fn main() {
    let size: Size = std::env::var("HEARTH_BENCH_SIZE").unwrap_or_else(|_| "medium".into()).parse().unwrap_or(Size::Medium);
    let today = NaiveDate::from_ymd_opt(2026, 5, 15).unwrap_or_default();
    let recorded = Utc.with_ymd_and_hms(2026, 5, 15, 18, 0, 0).single().unwrap_or_else(Utc::now);
    let year = CollectionYear::starting(2025);
    let calendar = Calendar::england_and_wales();

    let t = Instant::now();
    let mut generator = Generator::new(SynthConfig { size, seed: 42, today });
    let mut events = generator.staff_events();
    while let Some(h) = generator.next_household() {
        events.extend(h);
    }
    println!("{} authority: {} events generated in {}", size.name(), events.len(), ms(t.elapsed()));
    let (fold, history) = best(|| {
        let mut history = History::new();
        for (i, e) in events.iter().enumerate() {
            history.apply(i as i64 + 1, recorded, &e.payload);
        }
        history
    });
    drop(events);
    println!("fold the log into the history ({} children):  {}", history.children.len(), ms(fold));

    let (t_build, census) = best(|| build::census(&history, year, "999", recorded));
    let context = rules::Context { year, la_code: "999", calendar: &calendar };
    let (t_rules, report) = best(|| rules::validate(&census, &context));
    let (t_write, text) = best(|| xml::write(&census));
    let (t_parse, parsed) = best(|| xml::parse(&text));
    assert_eq!(parsed.as_ref().ok(), Some(&census), "the census reads back");
    println!("CIN census 2025-26, {} children, {} KB:", census.children.len(), text.len() / 1024);
    println!(
        "  build {}  rules {} ({} errors, {} queries)  write {}  parse {}",
        ms(t_build),
        ms(t_rules),
        report.errors(),
        report.queries(),
        ms(t_write),
        ms(t_parse)
    );
    if report.errors() > 0 {
        println!("  errors: {}", error_codes(&report));
    }

    let (t_build, tables) = best(|| ssda903::build::tables(&history, year));
    let previous = ssda903::build::tables(&history, year.previous());
    let context = ssda903::rules::Context { year, la_ons_code: "E99999999", previous: Some(&previous) };
    let (t_rules, report) = best(|| ssda903::rules::validate(&tables, &context));
    let (t_write, files) = best(|| ssda903::csv::write(&tables));
    let owned: Vec<(String, String)> = files.iter().map(|(n, t)| (n.to_string(), t.clone())).collect();
    let (t_parse, parsed) = best(|| ssda903::csv::parse(&owned));
    assert_eq!(parsed.as_ref().ok(), Some(&tables), "the 903 reads back");
    println!("SSDA903 2025-26, {} children, {} episodes:", tables.header.len(), tables.episodes.len());
    println!("  build {}  rules {} ({} errors)  write {}  parse {}", ms(t_build), ms(t_rules), report.errors(), ms(t_write), ms(t_parse));
    if report.errors() > 0 {
        println!("  errors: {}", error_codes(&report));
    }

    let sizes_903: Vec<usize> = std::env::var("HEARTH_BENCH_SCALE_903")
        .unwrap_or_else(|_| "10000,110000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for children in sizes_903.into_iter().filter(|_| !tables.header.is_empty()) {
        let copies = children.div_ceil(tables.header.len());
        let big = scaled_903(&tables, copies);
        let big_previous = scaled_903(&previous, copies);
        let context = ssda903::rules::Context { year, la_ons_code: "E99999999", previous: Some(&big_previous) };
        let (t_rules, report) = best(|| ssda903::rules::validate(&big, &context));
        let (t_write, files) = best(|| ssda903::csv::write(&big));
        let owned: Vec<(String, String)> = files.iter().map(|(n, t)| (n.to_string(), t.clone())).collect();
        let bytes: usize = owned.iter().map(|(_, t)| t.len()).sum();
        let (t_parse, parsed) = best(|| ssda903::csv::parse(&owned));
        assert!(parsed.is_ok(), "the scaled 903 reads back");
        println!("SSDA903 scaled to {} children, {} episodes ({} MB):", big.header.len(), big.episodes.len(), bytes / (1024 * 1024));
        println!("  rules {} ({} issues)  write {}  parse {}", ms(t_rules), report.issues.len(), ms(t_write), ms(t_parse));
        println!("  slowest rules: {}", slowest_903_rules(&big, &context));
    }

    if census.children.is_empty() {
        return;
    }
    let context = rules::Context { year, la_code: "999", calendar: &calendar };
    let sizes: Vec<usize> = std::env::var("HEARTH_BENCH_SCALE")
        .unwrap_or_else(|_| "10000,650000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for children in sizes {
        let big = scaled(&census, children);
        let (t_rules, report) = best(|| rules::validate(&big, &context));
        let (t_write, text) = best(|| xml::write(&big));
        let (t_parse, parsed) = best(|| xml::parse(&text));
        assert!(parsed.is_ok(), "the scaled census reads back");
        println!("CIN census scaled to {children} children ({} MB):", text.len() / (1024 * 1024));
        println!("  rules {} ({} issues)  write {}  parse {}", ms(t_rules), report.issues.len(), ms(t_write), ms(t_parse));
    }
}
