//! `hearth serve`.

use crate::Failure;
use crate::cli::{Global, ServeArgs};
use hearth_store::Store;
use hearth_web::{AppState, WebConfig};
use std::process::ExitCode;

pub async fn run(global: &Global, args: ServeArgs) -> Result<ExitCode, Failure> {
    let store = crate::record::open(global).await?;
    serve_store(store, &args, None, |_| {}).await
}

/// Binds, says where Hearth is, and serves until Ctrl-C.
pub async fn serve_store(
    store: Store,
    args: &ServeArgs,
    authority_default: Option<&str>,
    announce: impl FnOnce(&str),
) -> Result<ExitCode, Failure> {
    let mut config = WebConfig {
        secure_cookies: args.secure_cookies,
        keeping_in_touch: hearth_domain::early_help::KeepingInTouchPolicy { every_working_days: args.keeping_in_touch_working_days },
        la_code: args.authority_codes.la_code.clone(),
        la_ons_code: args.authority_codes.la_ons_code.clone(),
        ..WebConfig::default()
    };
    if let Some(name) = args.authority_name.as_deref().or(authority_default) {
        config.authority_name = name.to_string();
    }
    let listener = tokio::net::TcpListener::bind(&args.addr).await?;
    let url = format!("http://{}", listener.local_addr()?);
    announce(&url);
    println!("Hearth is running at {url}");
    println!("Press Ctrl-C to stop.");
    let state = AppState::new(store.clone(), config);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    hearth_web::serve(state, listener, shutdown).await?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
