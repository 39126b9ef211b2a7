//! Administration pages: staff accounts, teams and bank holidays.

use crate::support::*;
use chrono::{Duration, NaiveDate, Utc};
use hearth_domain::ids::UserId;
use hearth_domain::staff::{Role, TeamKind};

/// Signs in with any username and password; returns the status and the client.
async fn try_sign_in(app: &TestApp, username: &str, password: &str) -> (u16, String, reqwest::Client) {
    let c = client();
    let page = app.get(&c, "/sign-in").await.1;
    let res = c
        .post(format!("{}/sign-in", app.url))
        .form(&[("csrf_token", csrf_from(&page).as_str()), ("username", username), ("password", password), ("next", "/")])
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap(), c)
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").expect("a redirect").to_str().unwrap().to_string()
}

async fn counts(app: &TestApp) -> (i64, i64) {
    (app.store.staff_count().await.unwrap(), app.store.event_count().await.unwrap())
}

#[tokio::test]
async fn an_administrator_adds_a_user_who_can_then_sign_in() {
    let app = spawn_app().await;
    let admin = app.sign_in("administrator").await;
    let (status, page) = app.get(&admin, "/admin/users").await;
    assert_eq!(status, 200);
    assert!(page.contains("Test Social worker / practitioner"), "every account is listed");
    assert!(page.contains("href=\"/admin/users/new\""));
    assert!(page.contains("href=\"/admin/teams\""));
    assert!(page.contains("href=\"/admin/bank-holidays\""));
    assert!(page.contains(&format!("href=\"/admin/users/{}\"", app.users["practitioner"])));

    let (before_staff, before_events) = counts(&app).await;
    let team = app.team.to_string();
    let res = app
        .post_form(
            &admin,
            "/admin/users/new",
            "/admin/users/new",
            &[
                ("username", "Jane.Smith"),
                ("display_name", "Jane Smith"),
                ("role", "practitioner"),
                ("team_id", &team),
                ("job_title", "Senior social worker"),
                ("agency", "yes"),
                ("password", "a temporary pass 9"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let created = app.store.staff_by_username("jane.smith").await.unwrap().expect("the account exists, username lower-cased");
    assert_eq!(location(&res), format!("/admin/users/{}?created=1", created.user_id));
    assert_eq!(created.display_name, "Jane Smith");
    assert_eq!(created.role, Role::Practitioner);
    assert_eq!(created.team_id, Some(app.team));
    assert_eq!(created.job_title.as_deref(), Some("Senior social worker"));
    assert!(created.agency && created.active);
    assert_eq!(counts(&app).await, (before_staff + 1, before_events + 1));

    let (status, page) = app.get(&admin, &location(&res)).await;
    assert_eq!(status, 200);
    assert!(page.contains("govuk-notification-banner--success"));
    assert!(page.contains("Account created for Jane Smith"));
    assert!(page.contains("CIN/CP Team 1"));

    let (status, _, c) = try_sign_in(&app, "jane.smith", "a temporary pass 9").await;
    assert_eq!(status, 303, "the new user signs in with the temporary password");
    let (status, page) = app.get(&c, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("Jane Smith"));
    app.finish().await;
}

#[tokio::test]
async fn a_taken_username_or_a_short_password_is_refused_and_nothing_is_saved() {
    let app = spawn_app().await;
    let admin = app.sign_in("administrator").await;
    let before = counts(&app).await;

    let res = app
        .post_form(
            &admin,
            "/admin/users/new",
            "/admin/users/new",
            &[("username", "practitioner"), ("display_name", "Someone Else"), ("role", "practitioner"), ("password", "a long enough password")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("href=\"#username\">That username is already taken"), "the error links to the field");
    assert!(!page.contains("a long enough password"), "a password is never sent back");
    assert_eq!(counts(&app).await, before);

    let res = app
        .post_form(
            &admin,
            "/admin/users/new",
            "/admin/users/new",
            &[("username", "new.person"), ("display_name", "New Person"), ("role", "iro"), ("password", "short")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("Password must be at least 12 characters"));
    assert!(page.contains("value=\"New Person\""), "what was typed is shown again");
    assert_eq!(counts(&app).await, before);
    assert!(app.store.staff_by_username("new.person").await.unwrap().is_none());

    // Every problem at once: no role, a bad username, no name, no password.
    let res = app.post_form(&admin, "/admin/users/new", "/admin/users/new", &[("username", "a b")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    for message in ["Select the person&#39;s role", "Enter a username of 3 to 64 characters", "Enter the person&#39;s full name", "Enter a temporary password"] {
        assert!(page.contains(message), "{message}");
    }
    assert_eq!(counts(&app).await, before);
    app.finish().await;
}

#[tokio::test]
async fn only_administrators_can_administer() {
    let app = spawn_app().await;
    for role in ["practitioner", "team_manager", "service_manager"] {
        let c = app.sign_in(role).await;
        for path in ["/admin/users", "/admin/users/new", "/admin/teams", "/admin/teams/new", "/admin/bank-holidays"] {
            assert_eq!(app.get(&c, path).await.0, 403, "{role} on {path}");
        }
        assert_eq!(app.get(&c, &format!("/admin/users/{}", app.users["practitioner"])).await.0, 403);
        let before = counts(&app).await;
        let res = app
            .post_form(&c, "/", "/admin/users/new", &[("username", "sneaky"), ("display_name", "Sneaky"), ("role", "administrator"), ("password", "a long enough password")])
            .await;
        assert_eq!(res.status(), 403);
        assert_eq!(counts(&app).await, before);
        let (_, page) = app.get(&c, "/").await;
        assert!(!page.contains("href=\"/admin/users\""), "no Administration link for {role}");
    }
    assert_eq!(app.get(&client(), "/admin/users").await.0, 303, "sign-in needed");
    let admin = app.sign_in("administrator").await;
    assert_eq!(app.get(&admin, &format!("/admin/users/{}", UserId::new())).await.0, 404);
    app.finish().await;
}

#[tokio::test]
async fn disabling_a_user_signs_them_out_and_stops_sign_in() {
    let app = spawn_app().await;
    let worker = app.sign_in("practitioner").await;
    assert_eq!(app.get(&worker, "/").await.0, 200);
    let admin = app.sign_in("administrator").await;
    let id = app.users["practitioner"];
    let path = format!("/admin/users/{id}");

    let before = counts(&app).await;
    let res = app.post_form(&admin, &path, &path, &[("action", "disable"), ("reason", "  ")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("Enter why the account is disabled"));
    assert_eq!(counts(&app).await, before);
    assert_eq!(app.get(&worker, "/").await.0, 200, "still signed in after a refused form");

    let res = app.post_form(&admin, &path, &path, &[("action", "disable"), ("reason", "Left the authority")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{path}?done=disabled"));
    assert!(!app.store.staff_member(id).await.unwrap().unwrap().active);
    let res = worker.get(format!("{}/children", app.url)).send().await.unwrap();
    assert_eq!(res.status(), 303, "signed out at once");
    assert!(location(&res).starts_with("/sign-in"));
    let (status, page, _) = try_sign_in(&app, "practitioner", PASSWORD).await;
    assert_eq!(status, 422);
    assert!(page.contains("Enter a correct username and password"));
    let (_, page) = app.get(&admin, &format!("{path}?done=disabled")).await;
    assert!(page.contains("Account disabled."));
    assert!(page.contains("Enable account"));
    let (_, list) = app.get(&admin, "/admin/users").await;
    assert!(list.contains("govuk-tag--grey\">Disabled"));

    // An administrator cannot disable themselves.
    let me = format!("/admin/users/{}", app.users["administrator"]);
    let (_, own) = app.get(&admin, &me).await;
    assert!(own.contains("You cannot disable your own account"));
    let res = app.post_form(&admin, &me, &me, &[("action", "disable"), ("reason", "Testing a mistake")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("You cannot disable your own account"));
    assert!(app.store.staff_member(app.users["administrator"]).await.unwrap().unwrap().active);

    let res = app.post_form(&admin, &path, &path, &[("action", "enable")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{path}?done=enabled"));
    assert!(app.store.staff_member(id).await.unwrap().unwrap().active);
    assert_eq!(app.get(&worker, "/").await.0, 303, "the old session was ended, not just hidden while disabled");
    assert_eq!(try_sign_in(&app, "practitioner", PASSWORD).await.0, 303, "can sign in again");
    app.finish().await;
}

#[tokio::test]
async fn unlock_clears_a_lockout_and_a_reset_password_replaces_the_old_one() {
    let app = spawn_app().await;
    let id = app.users["practitioner"];
    let locked = app.store.record_failed_password(id, 1, Utc::now() + Duration::minutes(15)).await.unwrap();
    assert!(locked.is_some());
    let (status, page, _) = try_sign_in(&app, "practitioner", PASSWORD).await;
    assert_eq!(status, 403);
    assert!(page.contains("This account is locked"));

    let admin = app.sign_in("administrator").await;
    let path = format!("/admin/users/{id}");
    let (_, page) = app.get(&admin, &path).await;
    assert!(page.contains("This account is locked until"));
    assert!(page.contains("Unlock account"));
    let res = app.post_form(&admin, &path, &path, &[("action", "unlock")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{path}?done=unlocked"));
    let creds = app.store.credentials(id).await.unwrap().unwrap();
    assert_eq!((creds.failed_attempts, creds.locked_until), (0, None));
    let (_, page) = app.get(&admin, &location(&res)).await;
    assert!(page.contains("Account unlocked"));
    assert!(page.contains("This account is not locked"));
    let (status, _, worker) = try_sign_in(&app, "practitioner", PASSWORD).await;
    assert_eq!(status, 303, "signs in once unlocked");

    // A short new password is refused; a good one signs them out and replaces the old.
    let res = app.post_form(&admin, &path, &path, &[("action", "password"), ("password", "tooshort")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Password must be at least 12 characters"));
    assert_eq!(app.get(&worker, "/").await.0, 200);
    let res = app.post_form(&admin, &path, &path, &[("action", "password"), ("password", "brand new temporary 7")]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get(&worker, "/").await.0, 303, "signed out by the reset");
    assert_eq!(try_sign_in(&app, "practitioner", PASSWORD).await.0, 422, "the old password no longer works");
    assert_eq!(try_sign_in(&app, "practitioner", "brand new temporary 7").await.0, 303);
    app.finish().await;
}

#[tokio::test]
async fn changing_a_role_and_team_takes_effect() {
    let app = spawn_app().await;
    let admin = app.sign_in("administrator").await;
    let id = app.users["practitioner"];
    let path = format!("/admin/users/{id}");
    let other = app.other_team.to_string();
    let res = app.post_form(&admin, &path, &path, &[("action", "role"), ("role", "team_manager"), ("team_id", &other)]).await;
    assert_eq!(res.status(), 303);
    let s = app.store.staff_member(id).await.unwrap().unwrap();
    assert_eq!((s.role, s.team_id), (Role::TeamManager, Some(app.other_team)));
    let res = app.post_form(&admin, &path, &path, &[("action", "role"), ("role", "wizard"), ("team_id", "")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Select a role"));
    // Administrators cannot demote themselves and lock everyone out.
    let me = format!("/admin/users/{}", app.users["administrator"]);
    let res = app.post_form(&admin, &me, &me, &[("action", "role"), ("role", "practitioner"), ("team_id", "")]).await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.store.staff_member(app.users["administrator"]).await.unwrap().unwrap().role, Role::Administrator);
    app.finish().await;
}

#[tokio::test]
async fn a_team_is_created_with_its_manager_in_one_step() {
    let app = spawn_app().await;
    let admin = app.sign_in("administrator").await;
    let teams_before = app.store.list_teams().await.unwrap().len();
    let events_before = app.store.event_count().await.unwrap();

    let res = app.post_form(&admin, "/admin/teams/new", "/admin/teams/new", &[("name", ""), ("manager_id", "not-an-id")]).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("Enter the team&#39;s name"));
    assert!(page.contains("Select the kind of team"));
    assert!(page.contains("Choose a manager from the list"));
    let res = app.post_form(&admin, "/admin/teams/new", "/admin/teams/new", &[("name", "cin/cp team 1"), ("kind", "assessment")]).await;
    assert_eq!(res.status(), 422, "a second team of the same name is refused");
    assert_eq!(app.store.list_teams().await.unwrap().len(), teams_before);
    assert_eq!(app.store.event_count().await.unwrap(), events_before);

    let manager = app.users["service_manager"].to_string();
    let res = app
        .post_form(&admin, "/admin/teams/new", "/admin/teams/new", &[("name", "Assessment Team North"), ("kind", "assessment"), ("manager_id", &manager)])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/admin/teams?created=1");
    let teams = app.store.list_teams().await.unwrap();
    assert_eq!(teams.len(), teams_before + 1);
    let team = teams.iter().find(|t| t.name == "Assessment Team North").expect("the team exists");
    assert_eq!(team.kind, TeamKind::Assessment);
    assert_eq!(team.manager_id, Some(app.users["service_manager"]));
    assert_eq!(app.store.event_count().await.unwrap(), events_before + 2, "TeamCreated and TeamManagerAssigned");

    let (status, page) = app.get(&admin, "/admin/teams?created=1").await;
    assert_eq!(status, 200);
    assert!(page.contains("Team created."));
    assert!(page.contains("Assessment Team North"));
    assert!(page.contains("Test Service manager"));
    assert!(page.contains("Child in need and child protection"), "kinds are shown by label");
    app.finish().await;
}

#[tokio::test]
async fn bank_holidays_are_added_and_weekends_and_existing_holidays_refused() {
    let app = spawn_app().await;
    let admin = app.sign_in("administrator").await;
    let (status, page) = app.get(&admin, "/admin/bank-holidays").await;
    assert_eq!(status, 200);
    let shipped = hearth_domain::calendar::Calendar::england_and_wales();
    assert!(page.contains(&format!("{} to {}", shipped.first_year_covered(), shipped.last_year_covered())));
    assert!(page.contains("None have been added"));
    let before = app.store.event_count().await.unwrap();

    // 3 May 2031 is a Saturday.
    let res = app
        .post_form(&admin, "/admin/bank-holidays", "/admin/bank-holidays", &[("date-day", "3"), ("date-month", "5"), ("date-year", "2031"), ("title", "Early May bank holiday")])
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("3 May 2031 is a Saturday"));
    // Christmas Day 2025 is shipped.
    let res = app
        .post_form(&admin, "/admin/bank-holidays", "/admin/bank-holidays", &[("date-day", "25"), ("date-month", "12"), ("date-year", "2025"), ("title", "Christmas")])
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("25 December 2025 is already a bank holiday (Christmas Day)"));
    let res = app.post_form(&admin, "/admin/bank-holidays", "/admin/bank-holidays", &[("date-day", "5"), ("date-month", "5"), ("date-year", "2031")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Enter the name of the bank holiday"));
    assert_eq!(app.store.event_count().await.unwrap(), before);
    assert!(app.store.added_bank_holidays().await.unwrap().is_empty());

    // 5 May 2031 is a Monday, beyond the shipped data.
    let res = app
        .post_form(&admin, "/admin/bank-holidays", "/admin/bank-holidays", &[("date-day", "5"), ("date-month", "5"), ("date-year", "2031"), ("title", "Early May bank holiday")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/admin/bank-holidays?added=1");
    let added = app.store.added_bank_holidays().await.unwrap();
    assert_eq!(added, vec![(NaiveDate::from_ymd_opt(2031, 5, 5).unwrap(), "Early May bank holiday".to_string())]);
    let (_, page) = app.get(&admin, "/admin/bank-holidays?added=1").await;
    assert!(page.contains("Bank holiday added"));
    assert!(page.contains("5 May 2031"));

    // Now it is a holiday, it cannot be added twice.
    let res = app
        .post_form(&admin, "/admin/bank-holidays", "/admin/bank-holidays", &[("date-day", "5"), ("date-month", "5"), ("date-year", "2031"), ("title", "Again")])
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("5 May 2031 is already a bank holiday (Early May bank holiday)"));
    app.finish().await;
}
