//! Bulk-append throughput on SQLite and PostgreSQL.
//!
//!     cargo bench -p hearth-store --bench append
//!
//! Generates a synthetic authority in memory, then appends it (events and
//! their projections, hash-chained) into a fresh database on each backend,
//! in batches of `BATCH` events per transaction and, separately, one event
//! per transaction. Set HEARTH_BENCH_SIZE (tiny/small/medium) and
//! HEARTH_TEST_POSTGRES_URL to change what is measured.

use chrono::{TimeZone, Utc};
use hearth_domain::events::NewEvent;
use hearth_store::{Location, SYSTEM_USER, Store};
use hearth_synth::{Generator, Size, SynthConfig};
use std::time::Instant;

const BATCH: usize = 1_000;
const SINGLES: usize = 300;

#[tokio::main]
async fn main() {
    let size: Size = std::env::var("HEARTH_BENCH_SIZE").unwrap_or_else(|_| "small".into()).parse().unwrap_or(Size::Small);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).single().unwrap_or_else(Utc::now);
    let mut generator = Generator::new(SynthConfig { size, seed: 1, today });
    let mut events: Vec<NewEvent> = generator.staff_events();
    while let Some(h) = generator.next_household() {
        events.extend(h);
    }
    println!("{} authority: {} events", size.name(), events.len());

    let dir = std::env::temp_dir().join(format!("hearth_bench_{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let pg_url = std::env::var("HEARTH_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let schema = format!("bench_{}", std::process::id());
    let mut targets = vec![("SQLite", Location::Sqlite(dir.join("bench.db")))];
    match Store::open_admin(&pg_url).await {
        Ok(admin) => {
            let _ = admin.execute_unchecked(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).await;
            admin.close().await;
            targets.push(("PostgreSQL", Location::Postgres { url: pg_url.clone(), schema: Some(schema.clone()) }));
        }
        Err(e) => println!("PostgreSQL not reachable ({e}); measuring SQLite only"),
    }

    for (name, location) in targets {
        let store = match Store::open(&location).await {
            Ok(s) => s,
            Err(e) => {
                println!("{name}: cannot open: {e}");
                continue;
            }
        };
        let start = Instant::now();
        for chunk in events.chunks(BATCH) {
            if let Err(e) = store.append_at(SYSTEM_USER, chunk.to_vec(), now).await {
                println!("{name}: append failed: {e}");
                return;
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!("{name:<10} bulk append, {BATCH} events/transaction: {} events in {secs:.2} s = {:.0} events/s", events.len(), events.len() as f64 / secs);

        // One event per transaction: each pays for a durable commit.
        let one_by_one: Vec<NewEvent> = (0..SINGLES).map(|i| single_child(i, now)).collect();
        let start = Instant::now();
        for e in one_by_one.iter().cloned() {
            if let Err(err) = store.append_at(SYSTEM_USER, vec![e], now).await {
                println!("{name}: single append failed: {err}");
                break;
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!("{name:<10} one event/transaction: {} events in {secs:.2} s = {:.0} events/s", one_by_one.len(), one_by_one.len() as f64 / secs);

        let start = Instant::now();
        let report = store.verify(&mut |_, _| {}).await;
        let secs = start.elapsed().as_secs_f64();
        if let Ok(r) = report {
            println!("{name:<10} verify: {} events in {secs:.2} s = {:.0} events/s", r.events_checked, r.events_checked as f64 / secs);
        }
        let start = Instant::now();
        if let Ok(last) = store.rebuild(&mut |_, _| {}).await {
            let secs = start.elapsed().as_secs_f64();
            println!("{name:<10} rebuild: {last} events in {secs:.2} s = {:.0} events/s", last as f64 / secs);
        }
        store.close().await;
    }
    if let Ok(admin) = Store::open_admin(&pg_url).await {
        let _ = admin.execute_unchecked(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).await;
        admin.close().await;
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn single_child(i: usize, at: chrono::DateTime<Utc>) -> NewEvent {
    use hearth_domain::codes::Sex;
    use hearth_domain::events::{ChildRecorded, EventPayload};
    use hearth_domain::ids::PersonId;
    use hearth_domain::people::PersonName;
    NewEvent::new(
        EventPayload::ChildRecorded(ChildRecorded {
            person_id: PersonId::new(),
            name: PersonName { given: format!("Bench{i}"), family: "Child".into(), other: None },
            date_of_birth: chrono::NaiveDate::from_ymd_opt(2015, 1, 1),
            expected_date_of_birth: None,
            sex: Sex::Unknown,
            ethnicity: None,
            disabilities: vec![],
            upn: None,
            nhs_number: None,
            address: None,
            team_id: None,
        }),
        at - chrono::Duration::days(1),
    )
}
