//! Sign-in, sessions, CSRF and lockout, over real HTTP.

use crate::support::*;
use hearth_web::WebConfig;

#[tokio::test]
async fn signing_in_reaches_my_work_and_signing_out_ends_the_session() {
    let app = spawn_app().await;
    let c = client();
    let (status, _) = app.get(&c, "/").await;
    assert_eq!(status, 303, "My work needs sign-in");
    let c = app.sign_in("practitioner").await;
    let (status, page) = app.get(&c, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("Children allocated to you"));
    assert!(page.contains("Amara Testchild"), "the practitioner's caseload is shown");
    let res = app.post_form(&c, "/", "/sign-out", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get(&c, "/").await.0, 303, "signed out");
    app.finish().await;
}

#[tokio::test]
async fn session_cookie_is_http_only_and_same_site_and_rotates_at_sign_in() {
    let app = spawn_app().await;
    let c = client();
    let res = c.get(format!("{}/sign-in", app.url)).send().await.unwrap();
    let before = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(before.contains("HttpOnly") && before.contains("SameSite=Lax"), "{before}");
    assert!(!before.contains("Secure"), "plain HTTP must not mark the cookie Secure");
    let page = res.text().await.unwrap();
    let res = c
        .post(format!("{}/sign-in", app.url))
        .form(&[("csrf_token", csrf_from(&page).as_str()), ("username", "practitioner"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let after = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert_ne!(before.split(';').next(), after.split(';').next(), "a new session id at sign-in");
    app.finish().await;

    let app = spawn_app_with(WebConfig { secure_cookies: true, ..WebConfig::default() }).await;
    let res = client().get(format!("{}/sign-in", app.url)).send().await.unwrap();
    assert!(res.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Secure"));
    app.finish().await;
}

#[tokio::test]
async fn wrong_passwords_get_one_message_and_the_account_locks() {
    let app = spawn_app().await;
    let c = client();
    let page = app.get(&c, "/sign-in").await.1;
    let token = csrf_from(&page);
    let attempt = |password: &'static str, username: &'static str| {
        let (c, url, token) = (c.clone(), app.url.clone(), token.clone());
        async move {
            let res = c
                .post(format!("{url}/sign-in"))
                .form(&[("csrf_token", token.as_str()), ("username", username), ("password", password)])
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    let (status, body) = attempt("nope", "nobody.here").await;
    assert_eq!(status, 422);
    assert!(body.contains("Enter a correct username and password"));
    assert!(body.contains("govuk-error-summary"));
    for _ in 0..4 {
        let (status, body) = attempt("wrong password", "practitioner").await;
        assert_eq!(status, 422);
        assert!(body.contains("Enter a correct username and password"));
    }
    let (status, body) = attempt("wrong password", "practitioner").await;
    assert_eq!(status, 403);
    assert!(body.contains("This account is locked"), "the fifth failure locks the account");
    // Even the right password is refused while locked.
    let (status, body) = attempt(PASSWORD, "practitioner").await;
    assert_eq!(status, 403);
    assert!(body.contains("Try again after"));
    app.finish().await;
}

#[tokio::test]
async fn sign_in_attempts_from_one_address_are_rate_limited() {
    let app = spawn_app_with(WebConfig { sign_in_attempts_per_address: 3, ..WebConfig::default() }).await;
    let c = client();
    let token = csrf_from(&app.get(&c, "/sign-in").await.1);
    let mut last = 0;
    for _ in 0..4 {
        last = c
            .post(format!("{}/sign-in", app.url))
            .form(&[("csrf_token", token.as_str()), ("username", "someone"), ("password", "x")])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
    }
    assert_eq!(last, 429);
    app.finish().await;
}

#[tokio::test]
async fn forms_without_the_session_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let c = app.sign_in("practitioner").await;
    let before = app.store.event_count().await.unwrap();
    let path = format!("/children/{}/significant-events/new", app.child);
    let fields = [
        ("occurred_on-day", "1"),
        ("occurred_on-month", "2"),
        ("occurred_on-year", "2025"),
        ("title", "Missing overnight"),
        ("what_happened", "Did not come home."),
        ("analysis", "A pattern of going missing is emerging."),
    ];
    let res = c.post(format!("{}{path}", app.url)).form(&fields).send().await.unwrap();
    assert_eq!(res.status(), 403, "no token");
    let mut with_wrong = vec![("csrf_token", "0".repeat(64))];
    with_wrong.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    let res = c.post(format!("{}{path}", app.url)).form(&with_wrong).send().await.unwrap();
    assert_eq!(res.status(), 403, "wrong token");
    assert!(res.text().await.unwrap().contains("This form has expired"));
    // The right token but a cross-site request.
    let token = csrf_from(&app.get(&c, &path).await.1);
    let mut with_right = vec![("csrf_token", token)];
    with_right.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    let res = c.post(format!("{}{path}", app.url)).header("Origin", "http://evil.example").form(&with_right).send().await.unwrap();
    assert_eq!(res.status(), 403, "foreign origin");
    let res = c.post(format!("{}{path}", app.url)).header("Sec-Fetch-Site", "cross-site").form(&with_right).send().await.unwrap();
    assert_eq!(res.status(), 403, "cross-site fetch");
    assert_eq!(app.store.event_count().await.unwrap(), before, "nothing was recorded");
    // And with everything right, it is accepted.
    let res = c.post(format!("{}{path}", app.url)).form(&with_right).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(app.store.event_count().await.unwrap(), before + 1);
    app.finish().await;
}

#[tokio::test]
async fn sign_in_works_on_postgres_too() {
    let app = spawn_app_on(Backend::POSTGRES, WebConfig::default()).await;
    let c = app.sign_in("team_manager").await;
    let (status, page) = app.get(&c, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("Unallocated children in your teams"));
    let (status, page) = app.get(&c, &format!("/children/{}", app.child)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Amara Testchild"));
    assert_eq!(app.store.access_log_for(app.child, 10).await.unwrap().len(), 1);
    app.finish().await;
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = spawn_app().await;
    let res = client().get(format!("{}/sign-in", app.url)).send().await.unwrap();
    let h = res.headers();
    assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
    assert_eq!(h.get("cache-control").unwrap(), "no-store");
    assert!(h.get("content-security-policy").unwrap().to_str().unwrap().contains("default-src 'self'"));
    let css = client().get(format!("{}/assets/hearth.css", app.url)).send().await.unwrap();
    assert_eq!(css.status(), 200);
    assert!(css.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/css"));
    app.finish().await;
}
