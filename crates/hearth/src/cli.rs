use clap::{Args, Parser, Subcommand};
use hearth_store::Location;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "hearth", version, about = "Hearth: children's social care records for an English local authority")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct Global {
    /// Where Hearth keeps its SQLite database when no database URL is given.
    #[arg(long, global = true, env = "HEARTH_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// A PostgreSQL URL (postgres://user@host/db) or a SQLite path. Overrides --data-dir.
    #[arg(long, global = true, env = "HEARTH_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl Global {
    pub fn location(&self) -> Location {
        match &self.database_url {
            Some(url) => Location::parse(url),
            None => Location::in_data_dir(&self.data_dir),
        }
    }

    /// Where the record is, without credentials, for messages.
    pub fn describe(&self) -> String {
        match self.location() {
            Location::Sqlite(p) => format!("SQLite database {}", p.display()),
            Location::Postgres { .. } => "PostgreSQL database".to_string(),
        }
    }
}

#[derive(Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on. Port 0 picks a free port.
    #[arg(long, env = "HEARTH_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The authority's name, shown in the header.
    #[arg(long, env = "HEARTH_AUTHORITY_NAME")]
    pub authority_name: Option<String>,
    /// Mark session cookies Secure. Use whenever Hearth is reached over HTTPS.
    #[arg(long, env = "HEARTH_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// How often, in working days, a family on the early help waiting list is kept in touch with.
    #[arg(long, env = "HEARTH_KEEPING_IN_TOUCH_WORKING_DAYS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub keeping_in_touch_working_days: u32,
    #[command(flatten)]
    pub authority_codes: AuthorityCodes,
}

#[derive(Args)]
pub struct DemoArgs {
    /// tiny, small, medium, largest or england.
    #[arg(long, default_value = "small")]
    pub size: String,
    /// The same seed always gives the same authority.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Build (or reuse) the demo database, then exit without serving.
    #[arg(long)]
    pub no_serve: bool,
    /// Accepted for scripts; Hearth never opens a browser itself.
    #[arg(long, hide = true)]
    pub no_open: bool,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve Hearth.
    Serve(ServeArgs),
    /// Create (or reuse) a synthetic demo authority and serve it.
    Demo(DemoArgs),
    /// Bring the database schema up to date (also done on every start).
    Migrate,
    /// Recompute every projection from the event log.
    Rebuild,
    /// Check the event log's hash chain; report the first event that does not match.
    Verify,
    /// Work out every child's statutory clocks from the record as it stands
    /// today, and report how many are open and overdue and how long it took.
    Clocks,
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Produce a statutory return (CIN census, SSDA903, Annex A, DfE data
    /// exchange) from the record as it stood at a moment, and check it
    /// against the DfE's rules.
    Export(ExportArgs),
    /// Load a previous CIN census (XML) or SSDA903 return (a folder of CSV
    /// files) from another system into Hearth, as events marked imported.
    Import(crate::import::ImportArgs),
    /// For the crash test: append events one transaction at a time, printing each committed sequence number.
    #[command(hide = true)]
    CrashTestAppend(CrashArgs),
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a staff account. The password is read from standard input (one line), or generated and printed once.
    Add(UserAddArgs),
}

#[derive(Args)]
pub struct UserAddArgs {
    #[arg(long)]
    pub username: String,
    /// Full name, as colleagues know them.
    #[arg(long)]
    pub name: String,
    /// practitioner, team_manager, service_manager, mash_worker, iro, qa_auditor, performance_analyst or administrator.
    #[arg(long)]
    pub role: String,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Args)]
pub struct CrashArgs {
    #[arg(long, default_value_t = 1_000_000)]
    pub count: u64,
}

#[derive(Args)]
pub struct ExportArgs {
    /// cin, 903, annex-a or dfe-api.
    pub kind: String,
    /// The collection year, e.g. 2025-26 (the census and the 903). Defaults
    /// to the last complete year.
    #[arg(long)]
    pub year: Option<String>,
    /// The first day covered (Annex A, DfE feed), YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// The last day covered, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// Produce the return as Hearth knew it at this moment (RFC 3339, or a
    /// date meaning the end of that day). Defaults to now.
    #[arg(long)]
    pub as_at: Option<String>,
    /// DfE feed only: send only what changed since this moment.
    #[arg(long)]
    pub changes_since: Option<String>,
    /// The folder to write into.
    #[arg(long, default_value = ".")]
    pub out: std::path::PathBuf,
    #[command(flatten)]
    pub authority: AuthorityCodes,
}

/// The authority's codes in the returns.
#[derive(Args, Clone)]
pub struct AuthorityCodes {
    /// The DfE three-digit LA code (census LEA).
    #[arg(long, env = "HEARTH_LA_CODE", default_value = "999")]
    pub la_code: String,
    /// The ONS local authority code (SSDA903).
    #[arg(long, env = "HEARTH_LA_ONS_CODE", default_value = "E99999999")]
    pub la_ons_code: String,
}
