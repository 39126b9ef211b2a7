//! Runs each store test against a fresh SQLite file and a fresh PostgreSQL
//! schema. PostgreSQL is not optional: if it cannot be reached the test
//! fails, so a green run always means both backends were tested.

use hearth_store::{Location, Store};
use std::path::PathBuf;

pub struct TestStore {
    pub name: &'static str,
    pub store: Store,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Schema { url: String, schema: String },
}

pub fn postgres_url() -> String {
    std::env::var("HEARTH_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::new_v4().simple())
}

pub async fn sqlite() -> TestStore {
    let dir = std::env::temp_dir().join(unique("hearth_test"));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(&Location::Sqlite(dir.join("hearth.db"))).await.unwrap();
    TestStore { name: "sqlite", store, cleanup: Cleanup::File(dir) }
}

pub async fn postgres() -> TestStore {
    let url = postgres_url();
    let schema = unique("t");
    let admin = Store::open_admin(&url).await.unwrap_or_else(|e| {
        panic!("PostgreSQL at {url} is unreachable ({e}); the store tests need it. Run scripts/test, which starts it.")
    });
    admin.execute_unchecked(&format!("CREATE SCHEMA {schema}")).await.unwrap();
    admin.close().await;
    let store = Store::open(&Location::Postgres { url: url.clone(), schema: Some(schema.clone()) }).await.unwrap();
    TestStore { name: "postgres", store, cleanup: Cleanup::Schema { url, schema } }
}

/// Both backends, fresh.
pub async fn both() -> Vec<TestStore> {
    vec![sqlite().await, postgres().await]
}

impl TestStore {
    pub async fn finish(self) {
        self.store.close().await;
        match self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Schema { url, schema } => {
                if let Ok(admin) = Store::open_admin(&url).await {
                    let _ = admin.execute_unchecked(&format!("DROP SCHEMA {schema} CASCADE")).await;
                    admin.close().await;
                }
            }
        }
    }
}
