//! `hearth user add`: the first administrator, and accounts from scripts.

use crate::Failure;
use crate::cli::{Global, UserAddArgs, UserCommand};
use chrono::Utc;
use hearth_domain::events::{EventPayload, NewEvent, StaffAccountCreated};
use hearth_domain::ids::UserId;
use hearth_domain::staff::Role;
use hearth_store::SYSTEM_USER;
use std::process::ExitCode;

pub async fn run(global: &Global, cmd: UserCommand) -> Result<ExitCode, Failure> {
    match cmd {
        UserCommand::Add(args) => add(global, args).await,
    }
}

async fn add(global: &Global, args: UserAddArgs) -> Result<ExitCode, Failure> {
    let role = Role::from_code(&args.role).ok_or_else(|| {
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        Failure::Usage(format!("unknown role {:?}; use one of: {}", args.role, roles.join(", ")))
    })?;
    let (password, generated) = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_string(), false)
    } else {
        let token = hearth_web::auth::session::new_token().map_err(|e| Failure::Usage(e.to_string()))?;
        (token[..20].to_string(), true)
    };
    if let Some(problem) = hearth_web::auth::password::password_problem(&password) {
        return Err(Failure::Usage(problem));
    }
    let store = crate::record::open(global).await?;
    let user_id = UserId::new();
    let event = StaffAccountCreated {
        user_id,
        username: args.username.trim().to_lowercase(),
        display_name: args.name.trim().to_string(),
        role,
        team_id: None,
        job_title: None,
        agency: false,
    };
    store.append(SYSTEM_USER, vec![NewEvent::new(EventPayload::StaffAccountCreated(event), Utc::now())]).await.map_err(|e| match e {
        hearth_store::StoreError::Invalid(fields) => Failure::Usage(fields.to_string()),
        other => Failure::Store(other),
    })?;
    let hash = hearth_web::hash_password(password.clone()).await.map_err(Failure::Usage)?;
    store.set_password_hash(user_id, &hash, Utc::now()).await?;
    println!("Added {} ({}).", args.username.trim().to_lowercase(), role.label());
    if generated {
        println!("Their password is: {password}");
        println!("It is shown only once. Ask them to keep it safe.");
    }
    Ok(ExitCode::SUCCESS)
}
