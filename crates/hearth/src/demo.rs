//! `hearth demo`: a synthetic authority, generated once and reused.

use crate::Failure;
use crate::cli::{DemoArgs, Global};
use crate::progress::bar;
use chrono::Utc;
use hearth_store::{Location, SYSTEM_USER, Store};
use hearth_synth::{Generator, Size, SynthConfig};
use std::process::ExitCode;

pub const DEMO_PASSWORD: &str = "hearth-demo";

/// Households per transaction: large enough that the cost of a durable
/// commit is shared, small enough that progress moves.
const HOUSEHOLDS_PER_COMMIT: usize = 100;

pub async fn run(global: &Global, args: DemoArgs) -> Result<ExitCode, Failure> {
    let size: Size = args.size.parse().map_err(Failure::Usage)?;
    let location = match &global.database_url {
        Some(url) => Location::parse(url),
        None => Location::Sqlite(global.data_dir.join(format!("demo-{}-seed{}.db", size.name(), args.seed))),
    };
    let store = Store::open(&location).await?;
    let generator = Generator::new(SynthConfig { size, seed: args.seed, today: hearth_web::time::today() });
    let authority = generator.authority_name().to_string();
    let accounts = generator.demo_accounts();
    if store.staff_count().await? == 0 {
        generate(&store, generator).await?;
    } else {
        eprintln!("Reusing the demo authority already in the database.");
    }
    println!();
    println!("{authority}: {} children, {} events.", store.child_count().await?, store.event_count().await?);
    println!("Demo sign-ins (every password is {DEMO_PASSWORD}):");
    for a in &accounts {
        println!("  {:<12} {}", a.username, a.role.label());
    }
    println!();
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    crate::serve::serve_store(store, &args.serve, Some(&authority), |_| {}).await
}

async fn generate(store: &Store, mut generator: Generator) -> Result<(), Failure> {
    let now = Utc::now();
    let accounts = generator.demo_accounts();
    // The duty rota around today comes with the staff; it too may not be
    // recorded as happening later than now.
    let staff = generator.staff_events().into_iter().map(|mut e| {
        e.occurred_at = e.occurred_at.min(now);
        e
    });
    store.append_at(SYSTEM_USER, staff.collect(), now).await?;
    let progress = bar(generator.household_count(), "households");
    let mut batch = Vec::new();
    let mut in_batch = 0;
    while let Some(household) = generator.next_household() {
        // The generator's history runs to the end of today; nothing may be
        // recorded as happening later than now.
        batch.extend(household.into_iter().map(|mut e| {
            e.occurred_at = e.occurred_at.min(now);
            e
        }));
        in_batch += 1;
        if in_batch == HOUSEHOLDS_PER_COMMIT {
            store.append_at(SYSTEM_USER, std::mem::take(&mut batch), now).await?;
            progress.inc(in_batch as u64);
            in_batch = 0;
        }
    }
    store.append_at(SYSTEM_USER, batch, now).await?;
    progress.inc(in_batch as u64);
    progress.finish_and_clear();
    let hash = hearth_web::hash_password(DEMO_PASSWORD.to_string()).await.map_err(Failure::Usage)?;
    for a in accounts {
        store.set_password_hash(a.user_id, &hash, now).await?;
    }
    Ok(())
}
