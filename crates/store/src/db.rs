//! One code path over two databases.
//!
//! Hearth writes its SQL once, with `$1`-style placeholders that both SQLite
//! and PostgreSQL accept, and binds values through the small `Value` type
//! below. Each value binds as its native type on each backend (a `DATE` on
//! PostgreSQL, ISO text on SQLite), and typed nulls keep PostgreSQL's
//! parameter inference right. Only DDL differs, in per-backend migrations.
//!
//! sqlx's `Any` driver is not used: it fails at run time on PostgreSQL date
//! and timestamp columns and emits placeholders PostgreSQL rejects.

use crate::error::StoreError;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Column, Row as _, TypeInfo, ValueRef};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A bound parameter or a read column. Nulls are typed, because PostgreSQL
/// infers each parameter's type from what is bound.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Date(Option<NaiveDate>),
    Timestamp(Option<DateTime<Utc>>),
    Float(Option<f64>),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(
            self,
            Value::Int(None)
                | Value::Text(None)
                | Value::Bool(None)
                | Value::Date(None)
                | Value::Timestamp(None)
                | Value::Float(None)
        )
    }

    /// A stable text form, for comparing tables across a rebuild.
    pub fn canonical(&self) -> String {
        match self {
            v if v.is_null() => "∅".to_string(),
            Value::Int(Some(i)) => i.to_string(),
            Value::Text(Some(s)) => s.clone(),
            Value::Bool(Some(b)) => (*b as i64).to_string(),
            Value::Date(Some(d)) => d.to_string(),
            Value::Timestamp(Some(t)) => timestamp_text(t),
            Value::Float(Some(f)) => f.to_string(),
            _ => String::new(),
        }
    }
}

/// Timestamps are kept to the microsecond, PostgreSQL's precision, so a
/// value reads back exactly as written on both backends (the hash chain
/// depends on it).
pub fn truncate_to_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    let micros = t.timestamp_micros();
    DateTime::from_timestamp_micros(micros).unwrap_or(t)
}

/// The canonical text form of a timestamp: sortable, fixed width, UTC.
pub fn timestamp_text(t: &DateTime<Utc>) -> String {
    truncate_to_micros(*t).to_rfc3339_opts(SecondsFormat::Micros, true)
}

macro_rules! value_from {
    ($t:ty, $variant:ident, $conv:expr) => {
        impl From<$t> for Value {
            fn from(v: $t) -> Value {
                Value::$variant(Some($conv(v)))
            }
        }
        impl From<Option<$t>> for Value {
            fn from(v: Option<$t>) -> Value {
                Value::$variant(v.map($conv))
            }
        }
    };
}

value_from!(i64, Int, |v| v);
value_from!(i32, Int, i64::from);
value_from!(u32, Int, i64::from);
value_from!(String, Text, |v| v);
value_from!(&str, Text, |v: &str| v.to_string());
value_from!(&String, Text, |v: &String| v.clone());
value_from!(bool, Bool, |v| v);
value_from!(NaiveDate, Date, |v| v);
value_from!(DateTime<Utc>, Timestamp, truncate_to_micros);
value_from!(uuid::Uuid, Text, |v: uuid::Uuid| v.to_string());

/// `$first, $first+1, …` for `count` parameters: the list inside an `IN (…)`
/// or a `VALUES (…)` built at run time, in the one placeholder style both
/// databases take.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Builds a parameter list: `params![a, b, c]`.
#[macro_export]
macro_rules! params {
    ($($v:expr),* $(,)?) => { &[$($crate::db::Value::from($v)),*][..] };
}

/// One result row, read by column name.
#[derive(Clone, Debug)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    fn index(&self, name: &str) -> Result<usize, StoreError> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| StoreError::Corrupt(format!("query has no column {name}")))
    }

    pub fn value(&self, name: &str) -> Result<&Value, StoreError> {
        Ok(&self.values[self.index(name)?])
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>, StoreError> {
        match self.value(name)? {
            Value::Int(v) => Ok(*v),
            Value::Bool(b) => Ok(b.map(i64::from)),
            v if v.is_null() => Ok(None),
            v => Err(type_error(name, "an integer", v)),
        }
    }

    pub fn i64(&self, name: &str) -> Result<i64, StoreError> {
        self.opt_i64(name)?.ok_or_else(|| null_error(name))
    }

    pub fn opt_str(&self, name: &str) -> Result<Option<String>, StoreError> {
        match self.value(name)? {
            Value::Text(v) => Ok(v.clone()),
            v if v.is_null() => Ok(None),
            v => Err(type_error(name, "text", v)),
        }
    }

    pub fn str(&self, name: &str) -> Result<String, StoreError> {
        self.opt_str(name)?.ok_or_else(|| null_error(name))
    }

    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, StoreError> {
        match self.value(name)? {
            Value::Bool(v) => Ok(*v),
            Value::Int(v) => Ok(v.map(|i| i != 0)),
            v if v.is_null() => Ok(None),
            v => Err(type_error(name, "a boolean", v)),
        }
    }

    pub fn bool(&self, name: &str) -> Result<bool, StoreError> {
        self.opt_bool(name)?.ok_or_else(|| null_error(name))
    }

    pub fn opt_date(&self, name: &str) -> Result<Option<NaiveDate>, StoreError> {
        match self.value(name)? {
            Value::Date(v) => Ok(*v),
            Value::Text(Some(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| StoreError::Corrupt(format!("column {name} holds a bad date"))),
            v if v.is_null() => Ok(None),
            v => Err(type_error(name, "a date", v)),
        }
    }

    pub fn date(&self, name: &str) -> Result<NaiveDate, StoreError> {
        self.opt_date(name)?.ok_or_else(|| null_error(name))
    }

    pub fn opt_timestamp(&self, name: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        match self.value(name)? {
            Value::Timestamp(v) => Ok(*v),
            Value::Text(Some(s)) => DateTime::parse_from_rfc3339(s)
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(|_| StoreError::Corrupt(format!("column {name} holds a bad timestamp"))),
            v if v.is_null() => Ok(None),
            v => Err(type_error(name, "a timestamp", v)),
        }
    }

    pub fn timestamp(&self, name: &str) -> Result<DateTime<Utc>, StoreError> {
        self.opt_timestamp(name)?.ok_or_else(|| null_error(name))
    }

    pub fn uuid<T: FromStr>(&self, name: &str) -> Result<T, StoreError> {
        let s = self.str(name)?;
        s.parse().map_err(|_| StoreError::Corrupt(format!("column {name} holds a bad id")))
    }

    pub fn opt_uuid<T: FromStr>(&self, name: &str) -> Result<Option<T>, StoreError> {
        match self.opt_str(name)? {
            None => Ok(None),
            Some(s) => s.parse().map(Some).map_err(|_| StoreError::Corrupt(format!("column {name} holds a bad id"))),
        }
    }
}

fn type_error(name: &str, wanted: &str, got: &Value) -> StoreError {
    StoreError::Corrupt(format!("column {name}: expected {wanted}, found {got:?}"))
}

fn null_error(name: &str) -> StoreError {
    StoreError::Corrupt(format!("column {name} is unexpectedly empty"))
}

/// The connection pools. SQLite has a single writer connection (SQLite allows
/// one writer at a time; queueing in the pool is cheaper than busy retries)
/// and several readers, which WAL lets run alongside the writer.
#[derive(Clone)]
pub(crate) enum Pools {
    Sqlite { writer: SqlitePool, reader: SqlitePool },
    Postgres(PgPool),
}

impl Pools {
    pub(crate) async fn open_sqlite(path: &Path) -> Result<Pools, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a committed event survives power loss, not only a crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            // A large authority's database is gigabytes; SQLite's default
            // 2 MB page cache turns every index insert into system calls.
            .pragma("cache_size", "-65536")
            .pragma("mmap_size", "1073741824")
            .pragma("temp_store", "memory");
        let writer = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
        let reader = SqlitePoolOptions::new().max_connections(4).connect_with(options.read_only(false)).await?;
        Ok(Pools::Sqlite { writer, reader })
    }

    pub(crate) async fn open_postgres(url: &str, schema: Option<&str>) -> Result<Pools, StoreError> {
        let mut options = PgConnectOptions::from_str(url)?;
        if let Some(schema) = schema {
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new().max_connections(10).connect_with(options).await?;
        Ok(Pools::Postgres(pool))
    }

    pub(crate) fn backend(&self) -> Backend {
        match self {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`, taking
    /// the write lock at once so two writers never deadlock on upgrade.
    pub(crate) async fn begin_write(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Pools::Sqlite { writer, .. } => Tx::new(TxConn::Sqlite(writer.begin_with("BEGIN IMMEDIATE").await?)),
            Pools::Postgres(pool) => Tx::new(TxConn::Postgres(pool.begin().await?)),
        })
    }

    pub(crate) async fn fetch_all(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        match self {
            Pools::Sqlite { reader, .. } => {
                let rows = bind_sqlite(sqlx::query(AssertSqlSafe(sql)), params).fetch_all(reader).await?;
                rows.iter().map(read_sqlite_row).collect()
            }
            Pools::Postgres(pool) => {
                let rows = bind_pg(sqlx::query(AssertSqlSafe(sql)), params).fetch_all(pool).await?;
                rows.iter().map(read_pg_row).collect()
            }
        }
    }

    pub(crate) async fn fetch_optional(&self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        Ok(self.fetch_all(sql, params).await?.into_iter().next())
    }

    /// A write outside the event log (sessions, credentials, access log).
    pub(crate) async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let n = tx.execute(sql, params).await?;
        tx.commit().await?;
        Ok(n)
    }

    pub(crate) async fn close(&self) {
        match self {
            Pools::Sqlite { writer, reader } => {
                reader.close().await;
                writer.close().await;
            }
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

/// A write transaction on either backend.
///
/// Statements cost a thread hand-off (SQLite) or a network round trip
/// (PostgreSQL) each, which dominates the cost of an append. So inserts that
/// nothing reads back straight away (the event row, chronology rows, contact
/// links) can be queued with `insert_later` and are sent as multi-row
/// `INSERT`s just before the next other statement, or at commit. Queued rows
/// keep their order, so the result is the same as inserting them one by one.
pub struct Tx {
    conn: TxConn,
    pending: Vec<PendingInsert>,
}

enum TxConn {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Rows queued for one `INSERT INTO table (columns) VALUES ... tail`.
struct PendingInsert {
    head: &'static str,
    tail: &'static str,
    rows: Vec<Vec<Value>>,
}

/// Queued rows are sent in statements of these sizes, largest first, so
/// only a handful of distinct statements are ever prepared.
const CHUNK_SIZES: [usize; 9] = [256, 128, 64, 32, 16, 8, 4, 2, 1];

impl Tx {
    fn new(conn: TxConn) -> Tx {
        Tx { conn, pending: Vec::new() }
    }

    pub fn backend(&self) -> Backend {
        match self.conn {
            TxConn::Sqlite(_) => Backend::Sqlite,
            TxConn::Postgres(_) => Backend::Postgres,
        }
    }

    /// Queues a row for `head` (`INSERT INTO t (a, b, c)`), with an optional
    /// `tail` such as `ON CONFLICT DO NOTHING`.
    ///
    /// Tables are flushed in the order they were first queued, so a row may
    /// only refer (by foreign key) to rows already written or queued in a
    /// table that is always queued before it (a contact before its children).
    pub fn insert_later(&mut self, head: &'static str, tail: &'static str, row: Vec<Value>) {
        match self.pending.iter_mut().find(|p| p.head == head && p.tail == tail) {
            Some(p) => p.rows.push(row),
            None => self.pending.push(PendingInsert { head, tail, rows: vec![row] }),
        }
    }

    /// Sends every queued row, in the order the tables were first queued.
    pub async fn flush(&mut self) -> Result<(), StoreError> {
        let pending = std::mem::take(&mut self.pending);
        for p in pending {
            let mut rows = p.rows.as_slice();
            while !rows.is_empty() {
                let n = CHUNK_SIZES.iter().copied().find(|n| *n <= rows.len()).unwrap_or(1);
                let (chunk, rest) = rows.split_at(n);
                let width = chunk[0].len();
                let mut sql = String::with_capacity(p.head.len() + n * width * 5 + p.tail.len() + 16);
                sql.push_str(p.head);
                sql.push_str(" VALUES ");
                let mut params = Vec::with_capacity(n * width);
                for (r, row) in chunk.iter().enumerate() {
                    if r > 0 {
                        sql.push_str(", ");
                    }
                    sql.push('(');
                    for (c, v) in row.iter().enumerate() {
                        if c > 0 {
                            sql.push_str(", ");
                        }
                        params.push(v.clone());
                        sql.push('$');
                        sql.push_str(&params.len().to_string());
                    }
                    sql.push(')');
                }
                if !p.tail.is_empty() {
                    sql.push(' ');
                    sql.push_str(p.tail);
                }
                self.execute_now(&sql, &params).await?;
                rows = rest;
            }
        }
        Ok(())
    }

    async fn execute_now(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        Ok(match &mut self.conn {
            TxConn::Sqlite(tx) => bind_sqlite(sqlx::query(AssertSqlSafe(sql)), params).execute(&mut **tx).await?.rows_affected(),
            TxConn::Postgres(tx) => bind_pg(sqlx::query(AssertSqlSafe(sql)), params).execute(&mut **tx).await?.rows_affected(),
        })
    }

    pub async fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        self.flush().await?;
        self.execute_now(sql, params).await
    }

    pub async fn fetch_all(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        self.flush().await?;
        match &mut self.conn {
            TxConn::Sqlite(tx) => {
                let rows = bind_sqlite(sqlx::query(AssertSqlSafe(sql)), params).fetch_all(&mut **tx).await?;
                rows.iter().map(read_sqlite_row).collect()
            }
            TxConn::Postgres(tx) => {
                let rows = bind_pg(sqlx::query(AssertSqlSafe(sql)), params).fetch_all(&mut **tx).await?;
                rows.iter().map(read_pg_row).collect()
            }
        }
    }

    pub async fn fetch_optional(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        Ok(self.fetch_all(sql, params).await?.into_iter().next())
    }

    /// Runs several statements at once (migrations). No parameters.
    pub async fn execute_script(&mut self, sql: &str) -> Result<(), StoreError> {
        self.flush().await?;
        match &mut self.conn {
            TxConn::Sqlite(tx) => {
                sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut **tx).await?;
            }
            TxConn::Postgres(tx) => {
                sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut **tx).await?;
            }
        }
        Ok(())
    }

    pub async fn commit(mut self) -> Result<(), StoreError> {
        self.flush().await?;
        match self.conn {
            TxConn::Sqlite(tx) => tx.commit().await?,
            TxConn::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;
type PgQuery<'q> = sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>;

fn bind_sqlite<'q>(mut q: SqliteQuery<'q>, params: &[Value]) -> SqliteQuery<'q> {
    for p in params {
        q = match p {
            Value::Int(v) => q.bind(*v),
            Value::Text(v) => q.bind(v.clone()),
            Value::Bool(v) => q.bind(v.map(i64::from)),
            Value::Date(v) => q.bind(v.map(|d| d.format("%Y-%m-%d").to_string())),
            Value::Timestamp(v) => q.bind(v.as_ref().map(timestamp_text)),
            Value::Float(v) => q.bind(*v),
        };
    }
    q
}

fn bind_pg<'q>(mut q: PgQuery<'q>, params: &[Value]) -> PgQuery<'q> {
    for p in params {
        q = match p {
            Value::Int(v) => q.bind(*v),
            Value::Text(v) => q.bind(v.clone()),
            Value::Bool(v) => q.bind(*v),
            Value::Date(v) => q.bind(*v),
            Value::Timestamp(v) => q.bind(*v),
            Value::Float(v) => q.bind(*v),
        };
    }
    q
}

fn read_sqlite_row(row: &SqliteRow) -> Result<Row, StoreError> {
    let columns: Arc<[String]> = row.columns().iter().map(|c| c.name().to_string()).collect();
    let mut values = Vec::with_capacity(columns.len());
    for i in 0..columns.len() {
        let raw = row.try_get_raw(i)?;
        let value = if raw.is_null() {
            Value::Text(None)
        } else {
            match raw.type_info().name() {
                "INTEGER" | "BOOLEAN" | "INT" | "BIGINT" => Value::Int(Some(row.try_get(i)?)),
                "REAL" => Value::Float(Some(row.try_get(i)?)),
                _ => Value::Text(Some(row.try_get(i)?)),
            }
        };
        values.push(value);
    }
    Ok(Row { columns, values })
}

fn read_pg_row(row: &PgRow) -> Result<Row, StoreError> {
    let columns: Arc<[String]> = row.columns().iter().map(|c| c.name().to_string()).collect();
    let mut values = Vec::with_capacity(columns.len());
    for (i, column) in row.columns().iter().enumerate() {
        let value = match column.type_info().name() {
            "INT8" => Value::Int(row.try_get(i)?),
            "INT4" => Value::Int(row.try_get::<Option<i32>, _>(i)?.map(i64::from)),
            "INT2" => Value::Int(row.try_get::<Option<i16>, _>(i)?.map(i64::from)),
            "BOOL" => Value::Bool(row.try_get(i)?),
            "DATE" => Value::Date(row.try_get(i)?),
            "TIMESTAMPTZ" => Value::Timestamp(row.try_get(i)?),
            "FLOAT8" => Value::Float(row.try_get(i)?),
            "FLOAT4" => Value::Float(row.try_get::<Option<f32>, _>(i)?.map(f64::from)),
            _ => Value::Text(row.try_get(i)?),
        };
        values.push(value);
    }
    Ok(Row { columns, values })
}
