//! Schema migrations, kept per backend because DDL is where the dialects
//! differ. They are embedded in the binary and applied in order, each in its
//! own transaction, on start and by `hearth migrate`.

use crate::db::{Backend, Pools};
use crate::error::StoreError;
use crate::params;

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "front_door",
        sqlite: include_str!("../migrations/sqlite/0002_front_door.sql"),
        postgres: include_str!("../migrations/postgres/0002_front_door.sql"),
    },
    Migration {
        version: 3,
        name: "referrals",
        sqlite: include_str!("../migrations/sqlite/0003_referrals.sql"),
        postgres: include_str!("../migrations/postgres/0003_referrals.sql"),
    },
    Migration {
        version: 4,
        name: "out_of_hours",
        sqlite: include_str!("../migrations/sqlite/0004_out_of_hours.sql"),
        postgres: include_str!("../migrations/postgres/0004_out_of_hours.sql"),
    },
    Migration {
        version: 5,
        name: "front_door_indexes",
        sqlite: include_str!("../migrations/sqlite/0005_front_door_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0005_front_door_indexes.sql"),
    },
    Migration {
        version: 6,
        name: "escalations",
        sqlite: include_str!("../migrations/sqlite/0006_escalations.sql"),
        postgres: include_str!("../migrations/postgres/0006_escalations.sql"),
    },
    Migration {
        version: 7,
        name: "domestic_incidents",
        sqlite: include_str!("../migrations/sqlite/0007_domestic_incidents.sql"),
        postgres: include_str!("../migrations/postgres/0007_domestic_incidents.sql"),
    },
    Migration {
        version: 8,
        name: "early_help",
        sqlite: include_str!("../migrations/sqlite/0008_early_help.sql"),
        postgres: include_str!("../migrations/postgres/0008_early_help.sql"),
    },
    Migration {
        version: 9,
        name: "risk_flags",
        sqlite: include_str!("../migrations/sqlite/0009_risk_flags.sql"),
        postgres: include_str!("../migrations/postgres/0009_risk_flags.sql"),
    },
    Migration {
        version: 10,
        name: "duty_rota",
        sqlite: include_str!("../migrations/sqlite/0010_duty_rota.sql"),
        postgres: include_str!("../migrations/postgres/0010_duty_rota.sql"),
    },
    Migration {
        version: 11,
        name: "child_protection",
        sqlite: include_str!("../migrations/sqlite/0011_child_protection.sql"),
        postgres: include_str!("../migrations/postgres/0011_child_protection.sql"),
    },
    Migration {
        version: 12,
        name: "care",
        sqlite: include_str!("../migrations/sqlite/0012_care.sql"),
        postgres: include_str!("../migrations/postgres/0012_care.sql"),
    },
    Migration {
        version: 13,
        name: "return_exports",
        sqlite: include_str!("../migrations/sqlite/0013_return_exports.sql"),
        postgres: include_str!("../migrations/postgres/0013_return_exports.sql"),
    },
];

/// Applies any migrations not yet applied; returns how many ran.
pub(crate) async fn run(pools: &Pools) -> Result<usize, StoreError> {
    let mut tx = pools.begin_write().await?;
    if pools.backend() == Backend::Postgres {
        // Two servers starting at once must not both migrate.
        tx.execute("SELECT pg_advisory_xact_lock(7243001)", &[]).await?;
    }
    tx.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)",
        &[],
    )
    .await?;
    let applied: Vec<i64> = tx
        .fetch_all("SELECT version FROM schema_migrations ORDER BY version", &[])
        .await?
        .iter()
        .map(|r| r.i64("version"))
        .collect::<Result<_, _>>()?;
    let mut ran = 0;
    for m in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        let sql = match pools.backend() {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        tx.execute_script(sql).await?;
        tx.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", params![m.version, m.name])
            .await?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
        ran += 1;
    }
    tx.commit().await?;
    Ok(ran)
}
