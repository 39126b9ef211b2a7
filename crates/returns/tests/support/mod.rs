//! A fresh store for a returns test: a SQLite file in a temporary folder,
//! or a new schema on the PostgreSQL server scripts/test starts. PostgreSQL
//! is not optional: unreachable, the test fails.

#![allow(dead_code)]

use hearth_store::{Location, Store};

pub mod synthetic;

pub struct TestStore {
    pub store: Store,
    pub name: &'static str,
    drop_schema: Option<(String, String)>,
    dir: Option<std::path::PathBuf>,
}

fn unique(prefix: &str) -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{prefix}_{nanos:x}{:x}", std::process::id())
}

pub async fn sqlite() -> TestStore {
    let dir = std::env::temp_dir().join(unique("hearth_returns"));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(&Location::Sqlite(dir.join("hearth.db"))).await.unwrap();
    TestStore { store, name: "sqlite", drop_schema: None, dir: Some(dir) }
}

pub async fn postgres() -> TestStore {
    let url = std::env::var("HEARTH_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
    let schema = unique("ret");
    let admin = Store::open_admin(&url).await.unwrap_or_else(|e| panic!("PostgreSQL at {url} is unreachable ({e}); run scripts/test"));
    admin.execute_unchecked(&format!("CREATE SCHEMA {schema}")).await.unwrap();
    admin.close().await;
    let store = Store::open(&Location::Postgres { url: url.clone(), schema: Some(schema.clone()) }).await.unwrap();
    TestStore { store, name: "postgres", drop_schema: Some((url, schema)), dir: None }
}

impl TestStore {
    pub async fn finish(self) {
        self.store.close().await;
        if let Some((url, schema)) = self.drop_schema
            && let Ok(admin) = Store::open_admin(&url).await
        {
            let _ = admin.execute_unchecked(&format!("DROP SCHEMA {schema} CASCADE")).await;
            admin.close().await;
        }
        if let Some(dir) = self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
