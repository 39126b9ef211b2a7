//! `hearth`: the one binary. Serves the web service, builds the demo
//! authority, and looks after the record (migrate, rebuild, verify).

mod cli;
mod demo;
mod import;
mod progress;
mod record;
mod returns;
mod serve;
mod users;

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RUST_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("hearth: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: cli::Cli) -> Result<ExitCode, Failure> {
    use cli::Command;
    match cli.command {
        Command::Serve(args) => serve::run(&cli.global, args).await,
        Command::Demo(args) => demo::run(&cli.global, args).await,
        Command::Migrate => record::migrate(&cli.global).await,
        Command::Rebuild => record::rebuild(&cli.global).await,
        Command::Verify => record::verify(&cli.global).await,
        Command::Clocks => record::clocks(&cli.global).await,
        Command::User(cmd) => users::run(&cli.global, cmd).await,
        Command::Export(args) => returns::export(&cli.global, args).await,
        Command::Import(args) => import::run(&cli.global, args).await,
        Command::CrashTestAppend(args) => record::crash_test_append(&cli.global, args).await,
    }
}

/// What can stop a command, said plainly.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Store(#[from] hearth_store::StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Usage(String),
}
