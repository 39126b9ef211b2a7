//! Looking after the record: migrate, rebuild, verify.

use crate::Failure;
use crate::cli::{CrashArgs, Global};
use crate::progress::bar;
use chrono::{NaiveDate, Utc};
use hearth_domain::codes::Sex;
use hearth_domain::events::{ChildRecorded, EventPayload, NewEvent};
use hearth_domain::ids::PersonId;
use hearth_domain::people::PersonName;
use hearth_store::{SYSTEM_USER, Store};
use std::io::Write;
use std::process::ExitCode;

pub async fn open(global: &Global) -> Result<Store, Failure> {
    Ok(Store::open(&global.location()).await?)
}

pub async fn migrate(global: &Global) -> Result<ExitCode, Failure> {
    // Opening migrates; a second call reports that nothing is left to do.
    let store = open(global).await?;
    let ran = store.migrate().await?;
    println!("The {} is up to date ({ran} migrations were pending after start-up).", global.describe());
    Ok(ExitCode::SUCCESS)
}

pub async fn rebuild(global: &Global) -> Result<ExitCode, Failure> {
    let store = open(global).await?;
    let total = store.event_count().await?;
    let progress = bar(total.max(0) as u64, "rebuilding");
    let last = store.rebuild(&mut |done, _| progress.set_position(done.max(0) as u64)).await?;
    progress.finish_and_clear();
    println!("Rebuilt every projection from {last} events.");
    Ok(ExitCode::SUCCESS)
}

pub async fn verify(global: &Global) -> Result<ExitCode, Failure> {
    let store = open(global).await?;
    let total = store.event_count().await?;
    let progress = bar(total.max(0) as u64, "verifying");
    let report = store.verify(&mut |done, _| progress.set_position(done.max(0) as u64)).await?;
    progress.finish_and_clear();
    match report.first_problem {
        None => {
            println!("The chain is intact: {} events checked.", report.events_checked);
            Ok(ExitCode::SUCCESS)
        }
        Some(problem) => {
            println!("The chain is broken at {problem}.");
            println!("{} events before it are intact.", report.events_checked);
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Computes every open clock from the projection tables, as the benchmark
/// in docs/benchmarks.md does, and says how long reading and computing took.
pub async fn clocks(global: &Global) -> Result<ExitCode, Failure> {
    let store = open(global).await?;
    let started = std::time::Instant::now();
    let census = store.compute_all_clocks(hearth_web::time::today()).await?;
    println!(
        "{} children: {} clock items, {} open, {} overdue, worked out in {:.2} s.",
        census.children,
        census.items,
        census.open,
        census.overdue,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Appends one child per transaction and prints each sequence number only
/// after its commit returned, so a test that kills this process knows what
/// must have survived.
pub async fn crash_test_append(global: &Global, args: CrashArgs) -> Result<ExitCode, Failure> {
    let store = open(global).await?;
    let mut out = std::io::stdout().lock();
    for i in 0..args.count {
        let child = ChildRecorded {
            person_id: PersonId::new(),
            name: PersonName { given: format!("Crash{i}"), family: "Test".into(), other: None },
            date_of_birth: NaiveDate::from_ymd_opt(2015, 1, 1),
            expected_date_of_birth: None,
            sex: Sex::Unknown,
            ethnicity: None,
            disabilities: vec![],
            upn: None,
            nhs_number: None,
            address: None,
            team_id: None,
        };
        let recorded = store.append(SYSTEM_USER, vec![NewEvent::new(EventPayload::ChildRecorded(child), Utc::now())]).await?;
        for e in recorded {
            writeln!(out, "committed {}", e.seq)?;
        }
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
