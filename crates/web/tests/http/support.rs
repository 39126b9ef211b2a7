//! `spawn_app`: starts Hearth on a random port with a fresh database, seeded
//! with one team, a child, and an account per role, and gives a client
//! that keeps cookies (like a browser) but does not follow redirects.

use chrono::{NaiveDate, TimeZone, Utc};
use hearth_domain::codes::Sex;
use hearth_domain::events::*;
use hearth_domain::ids::{PersonId, TeamId, UserId};
use hearth_domain::people::PersonName;
use hearth_domain::staff::{Role, TeamKind};
use hearth_store::{Location, SYSTEM_USER, Store};
use hearth_web::{AppState, WebConfig};
use std::collections::HashMap;

pub const PASSWORD: &str = "a test password 1";

pub struct TestApp {
    pub url: String,
    pub store: Store,
    /// Usernames by role code, all with PASSWORD.
    pub users: HashMap<&'static str, UserId>,
    pub team: TeamId,
    pub other_team: TeamId,
    /// Allocated to the practitioner's team.
    pub child: PersonId,
    /// Known only to the other team.
    pub other_child: PersonId,
    dir: std::path::PathBuf,
}

pub struct Backend;

impl Backend {
    pub const SQLITE: bool = false;
    pub const POSTGRES: bool = true;
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(Backend::SQLITE, WebConfig::default()).await
}

pub async fn spawn_app_with(config: WebConfig) -> TestApp {
    spawn_app_on(Backend::SQLITE, config).await
}

pub async fn spawn_app_on(postgres: bool, config: WebConfig) -> TestApp {
    let dir = std::env::temp_dir().join(format!("hearth_http_{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let location = if postgres {
        let url = std::env::var("HEARTH_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let schema = format!("h_{}", uuid::Uuid::new_v4().simple());
        let admin = Store::open_admin(&url).await.expect("PostgreSQL must be reachable for the HTTP tests");
        admin.execute_unchecked(&format!("CREATE SCHEMA {schema}")).await.unwrap();
        admin.close().await;
        Location::Postgres { url, schema: Some(schema) }
    } else {
        Location::Sqlite(dir.join("hearth.db"))
    };
    let store = Store::open(&location).await.unwrap();
    let (team, other_team) = (TeamId::new(), TeamId::new());
    let at = Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0).unwrap();
    let mut events = vec![
        NewEvent::new(EventPayload::TeamCreated(TeamCreated { team_id: team, name: "CIN/CP Team 1".into(), kind: TeamKind::ChildInNeedChildProtection, parent_team_id: None }), at),
        NewEvent::new(EventPayload::TeamCreated(TeamCreated { team_id: other_team, name: "Children in Care Team".into(), kind: TeamKind::ChildrenInCare, parent_team_id: None }), at),
    ];
    let mut users = HashMap::new();
    for role in Role::ALL {
        let id = UserId::new();
        users.insert(role.code(), id);
        events.push(NewEvent::new(
            EventPayload::StaffAccountCreated(StaffAccountCreated {
                user_id: id,
                username: role.code().replace('_', "."),
                display_name: format!("Test {}", role.label()),
                role: *role,
                team_id: Some(team),
                job_title: None,
                agency: false,
            }),
            at,
        ));
    }
    events.push(NewEvent::new(EventPayload::TeamManagerAssigned(TeamManagerAssigned { team_id: team, manager_id: users["team_manager"] }), at));
    let (child, other_child) = (PersonId::new(), PersonId::new());
    for (id, given, t) in [(child, "Amara", team), (other_child, "Zainab", other_team)] {
        events.push(NewEvent::new(
            EventPayload::ChildRecorded(ChildRecorded {
                person_id: id,
                name: PersonName { given: given.into(), family: "Testchild".into(), other: None },
                date_of_birth: NaiveDate::from_ymd_opt(2016, 5, 4),
                expected_date_of_birth: None,
                sex: Sex::Female,
                ethnicity: None,
                disabilities: vec![],
                upn: None,
                nhs_number: None,
                address: None,
                team_id: Some(t),
            }),
            at,
        ));
    }
    events.push(NewEvent::new(
        EventPayload::ChildAllocated(ChildAllocated { child_id: child, team_id: team, worker_id: Some(users["practitioner"]), from: at.date_naive() }),
        at,
    ));
    store.append(SYSTEM_USER, events).await.unwrap();
    let hash = hearth_web::hash_password(PASSWORD.to_string()).await.unwrap();
    for id in users.values() {
        store.set_password_hash(*id, &hash, Utc::now()).await.unwrap();
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store.clone(), config);
    tokio::spawn(async move {
        let _ = hearth_web::serve(state, listener, std::future::pending()).await;
    });
    TestApp { url, store, users, team, other_team, child, other_child, dir }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The value of a hidden `csrf_token` field on a page.
pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    html[start..start + 64].to_string()
}

impl TestApp {
    /// Signs in as the account for `role` (a role code such as "practitioner"); returns the client.
    pub async fn sign_in(&self, role: &str) -> reqwest::Client {
        let c = client();
        let page = c.get(format!("{}/sign-in", self.url)).send().await.unwrap().text().await.unwrap();
        let res = c
            .post(format!("{}/sign-in", self.url))
            .form(&[("csrf_token", csrf_from(&page).as_str()), ("username", &role.replace('_', ".")), ("password", PASSWORD), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "sign-in as {role} should redirect");
        c
    }

    pub async fn get(&self, c: &reqwest::Client, path: &str) -> (u16, String) {
        let res = c.get(format!("{}{path}", self.url)).send().await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Fetches `form_page`, then posts `fields` to `action` with its CSRF token.
    pub async fn post_form(&self, c: &reqwest::Client, form_page: &str, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let (_, page) = self.get(c, form_page).await;
        let token = csrf_from(&page);
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        c.post(format!("{}{action}", self.url)).form(&all).send().await.unwrap()
    }

    pub async fn finish(self) {
        self.store.close().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
