//! The `hearth` binary, run as a person or a script would run it.

#![allow(clippy::unwrap_used)]

use hearth_store::{Location, Store};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

const HEARTH: &str = env!("CARGO_BIN_EXE_hearth");

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hearth_cli_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn postgres_url() -> String {
    std::env::var("HEARTH_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A fresh PostgreSQL schema, as a URL the binary accepts.
async fn postgres_schema_url() -> (String, String) {
    let url = postgres_url();
    let schema = format!("c_{}", uuid::Uuid::new_v4().simple());
    let admin = Store::open_admin(&url).await.expect("PostgreSQL must be reachable");
    admin.execute_unchecked(&format!("CREATE SCHEMA {schema}")).await.unwrap();
    admin.close().await;
    let sep = if url.contains('?') { '&' } else { '?' };
    (format!("{url}{sep}options[search_path]={schema}"), schema)
}

async fn drop_schema(schema: &str) {
    if let Ok(admin) = Store::open_admin(&postgres_url()).await {
        let _ = admin.execute_unchecked(&format!("DROP SCHEMA {schema} CASCADE")).await;
        admin.close().await;
    }
}

fn hearth(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(HEARTH).arg("--database-url").arg(db).args(args).env("RUST_LOG", "warn").output().unwrap()
}

/// Kills an appending process with SIGKILL part-way, then checks that
/// every event it was told was committed is there and the chain is whole.
async fn crash_test(db: &str) {
    let mut child = Command::new(HEARTH)
        .arg("--database-url")
        .arg(db)
        .args(["crash-test-append", "--count", "1000000"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut committed = Vec::new();
    while committed.len() < 150 {
        let line = lines.next().expect("the appender stopped early").unwrap();
        committed.push(line.trim_start_matches("committed ").parse::<i64>().unwrap());
    }
    child.kill().unwrap(); // SIGKILL on Unix: no chance to flush or roll back cleanly.
    child.wait().unwrap();
    // Anything it printed before dying was committed too.
    for line in lines.map_while(Result::ok) {
        if let Some(seq) = line.strip_prefix("committed ").and_then(|s| s.parse::<i64>().ok()) {
            committed.push(seq);
        }
    }

    let store = Store::open(&Location::parse(db)).await.unwrap();
    let all: Vec<i64> = store.events_after(0, 10_000_000).await.unwrap().iter().map(|e| e.seq).collect();
    for seq in &committed {
        assert!(all.contains(seq), "event {seq} was reported committed but is missing");
    }
    assert!(all.len() >= committed.len());
    let report = store.verify(&mut |_, _| {}).await.unwrap();
    assert_eq!(report.first_problem, None);
    // And the store takes new events after the crash.
    store.close().await;
    let out = hearth(db, &["verify"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[tokio::test]
async fn killed_mid_append_on_sqlite_loses_nothing_committed() {
    let dir = temp_dir();
    crash_test(dir.join("crash.db").to_str().unwrap()).await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn killed_mid_append_on_postgres_loses_nothing_committed() {
    let (url, schema) = postgres_schema_url().await;
    crash_test(&url).await;
    drop_schema(&schema).await;
}

#[tokio::test]
async fn demo_then_verify_rebuild_and_detect_tampering() {
    let dir = temp_dir();
    let out = Command::new(HEARTH)
        .args(["--data-dir", dir.to_str().unwrap(), "demo", "--size", "tiny", "--seed", "3", "--no-serve"])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    for user in ["sw.demo", "tm.demo", "sm.demo", "mash.demo", "iro.demo", "qa.demo", "pa.demo", "admin.demo"] {
        assert!(stdout.contains(user), "demo sign-in {user} listed");
    }
    assert!(stdout.contains("every password is hearth-demo"));
    let db = dir.join("demo-tiny-seed3.db");
    let db = db.to_str().unwrap();

    // Run again: the database is reused, not regenerated.
    let again = Command::new(HEARTH)
        .args(["--data-dir", dir.to_str().unwrap(), "demo", "--size", "tiny", "--seed", "3", "--no-serve"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("Reusing"));

    let out = hearth(db, &["verify"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("The chain is intact"));
    let out = hearth(db, &["rebuild"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = hearth(db, &["migrate"]);
    assert!(out.status.success());

    let store = Store::open(&Location::parse(db)).await.unwrap();
    store
        .execute_unchecked(
            "DROP TRIGGER events_refuse_update; UPDATE events SET occurred_at = '2001-01-01T00:00:00.000000Z' WHERE seq = 7;",
        )
        .await
        .unwrap();
    store.close().await;
    let out = hearth(db, &["verify"]);
    assert!(!out.status.success(), "verify must fail on a tampered log");
    assert!(String::from_utf8_lossy(&out.stdout).contains("broken at event 7"), "{}", String::from_utf8_lossy(&out.stdout));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn user_add_creates_an_account_that_can_sign_in() {
    let dir = temp_dir();
    let db = dir.join("users.db");
    let db = db.to_str().unwrap();
    let mut child = Command::new(HEARTH)
        .args([
            "--database-url",
            db,
            "user",
            "add",
            "--username",
            "first.admin",
            "--name",
            "First Admin",
            "--role",
            "administrator",
            "--password-stdin",
        ])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"a long admin passphrase\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let store = Store::open(&Location::parse(db)).await.unwrap();
    let staff = store.staff_by_username("first.admin").await.unwrap().unwrap();
    let creds = store.credentials(staff.user_id).await.unwrap().unwrap();
    assert!(hearth_web::verify_password("a long admin passphrase".into(), creds.password_hash).await);
    store.close().await;

    let bad = hearth(db, &["user", "add", "--username", "x", "--name", "X", "--role", "wizard"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown role"));
    let dup = hearth(db, &["user", "add", "--username", "first.admin", "--name", "Again", "--role", "practitioner"]);
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already taken"));
    let _ = std::fs::remove_dir_all(dir);
}

/// The moment `hearth export` says its return is as at.
fn as_at_of(stdout: &str) -> String {
    let line = stdout.lines().find(|l| l.contains(", as at ")).expect("the export names its moment");
    line.rsplit(", as at ").next().unwrap().trim_end_matches(':').to_string()
}

fn sha_of(stdout: &str) -> String {
    stdout.split("SHA-256 ").nth(1).expect("the export prints its hash")[..64].to_string()
}

#[tokio::test]
async fn export_every_return_then_make_the_census_again_and_import_it_elsewhere() {
    let dir = temp_dir();
    let out = Command::new(HEARTH)
        .args(["--data-dir", dir.to_str().unwrap(), "demo", "--size", "tiny", "--seed", "5", "--no-serve"])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = dir.join("demo-tiny-seed5.db");
    let db = db.to_str().unwrap();
    let files = dir.join("returns");
    let files_arg = files.to_str().unwrap();

    let out = hearth(db, &["export", "cin", "--year", "2025-26", "--out", files_arg]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("checked against 109 DfE rules"), "{stdout}");
    let census = files.join("cin_census_999_2026.xml");
    let first = std::fs::read(&census).unwrap();
    assert!(first.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>"));

    // Made again as at the same moment: the same bytes and hash.
    let moment = as_at_of(&stdout);
    let out = hearth(db, &["export", "cin", "--year", "2025-26", "--as-at", &moment, "--out", files_arg]);
    let again = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{again}");
    assert_eq!(sha_of(&again), sha_of(&stdout));
    assert_eq!(std::fs::read(&census).unwrap(), first);

    for (kind, file) in [("903", "episodes.csv"), ("annex-a", "list_1_contacts.csv"), ("dfe-api", "dfe_csc_full_")] {
        let out = hearth(db, &["export", kind, "--out", files_arg]);
        assert!(out.status.success(), "{kind}: {}", String::from_utf8_lossy(&out.stderr));
        let written = std::fs::read_dir(&files).unwrap().filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().starts_with(file));
        assert!(written, "{kind} wrote {file}");
    }
    let out = hearth(db, &["export", "cin", "--year", "20x5-26"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a collection year"), "{}", String::from_utf8_lossy(&out.stderr));

    // The census imported into an empty Hearth: checked first, then loaded.
    let fresh = dir.join("fresh.db");
    let fresh = fresh.to_str().unwrap();
    let out = hearth(fresh, &["import", "cin", census.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&Location::parse(fresh)).await.unwrap();
    assert_eq!(store.child_count().await.unwrap(), 0, "a dry run writes nothing");
    store.close().await;
    let out = hearth(fresh, &["import", "cin", census.to_str().unwrap()]);
    let children = String::from_utf8_lossy(&first).matches("<Child>").count();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&Location::parse(fresh)).await.unwrap();
    assert_eq!(store.child_count().await.unwrap() as usize, children);
    store.close().await;

    // The 903 made from the demo imports as well: every child in its header.
    let files_903 = dir.join("returns-903");
    let out = hearth(db, &["export", "903", "--year", "2025-26", "--out", files_903.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let in_care = std::fs::read_to_string(files_903.join("header.csv")).unwrap().lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    let fresh_903 = dir.join("fresh-903.db");
    let fresh_903 = fresh_903.to_str().unwrap();
    let out = hearth(fresh_903, &["import", "903", files_903.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let store = Store::open(&Location::parse(fresh_903)).await.unwrap();
    assert_eq!(store.child_count().await.unwrap() as usize, in_care);
    store.close().await;

    // A broken file: its problem is named by line, and nothing is written.
    let broken = dir.join("broken.xml");
    std::fs::write(&broken, String::from_utf8_lossy(&first).replacen("<CINreferralDate>", "<CINreferralDate>31/", 1)).unwrap();
    let other = dir.join("other.db");
    let other = other.to_str().unwrap();
    let out = hearth(other, &["import", "cin", broken.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(said.contains("line ") && said.contains("CINreferralDate"), "{said}");
    let store = Store::open(&Location::parse(other)).await.unwrap();
    assert_eq!(store.child_count().await.unwrap(), 0, "nothing of a broken file is imported");
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
