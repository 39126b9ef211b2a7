//! The front door's duty rota: a manager sets who is on duty; the queue and
//! the assignment list put the day's duty workers first.

use crate::support::*;
use chrono::{Duration, Utc};
use hearth_domain::events::{EventPayload, NewEvent, StaffAccountCreated, TeamCreated};
use hearth_domain::ids::{TeamId, UserId};
use hearth_domain::staff::{Role, TeamKind};

/// A MASH pod with one duty worker in it.
async fn mash_pod(app: &TestApp) -> (TeamId, UserId) {
    let (pod, worker) = (TeamId::new(), UserId::new());
    app.store
        .append(
            hearth_store::SYSTEM_USER,
            vec![
                NewEvent::new(EventPayload::TeamCreated(TeamCreated { team_id: pod, name: "MASH pod A".into(), kind: TeamKind::Mash, parent_team_id: None }), Utc::now()),
                NewEvent::new(
                    EventPayload::StaffAccountCreated(StaffAccountCreated {
                        user_id: worker,
                        username: "mash.pod.a".into(),
                        display_name: "Priya Duty".into(),
                        role: Role::MashWorker,
                        team_id: Some(pod),
                        job_title: None,
                        agency: false,
                    }),
                    Utc::now(),
                ),
            ],
        )
        .await
        .unwrap();
    (pod, worker)
}

#[tokio::test]
async fn a_manager_sets_todays_duty_and_the_queue_shows_it() {
    let app = spawn_app().await;
    let (pod, worker) = mash_pod(&app).await;
    let manager = app.sign_in("team_manager").await;
    let (status, page) = app.get(&manager, "/front-door/rota").await;
    assert_eq!(status, 200);
    assert!(page.contains("MASH pod A") && page.contains("No one on duty"));
    let (_, queue) = app.get(&manager, "/front-door").await;
    assert!(queue.contains("No one is on the duty rota for today"));

    let today = hearth_web::time::today();
    let day = format!("/front-door/rota/{pod}/{today}");
    let (status, form) = app.get(&manager, &day).await;
    assert_eq!(status, 200);
    assert!(form.contains("Priya Duty, MASH worker"), "{form}");
    let manager_id = app.users["team_manager"].to_string();
    let res = app.post_form(&manager, &day, &day, &[("duty_workers", &worker.to_string()), ("duty_manager", &manager_id)]).await;
    assert_eq!(res.status(), 303);
    let (_, rota) = app.get(&manager, "/front-door/rota?saved=1").await;
    // The week shows Monday to Friday, so on a weekend today's names show
    // only on the queue, checked next.
    assert!(rota.contains("Duty rota saved."));
    let (_, queue) = app.get(&manager, "/front-door").await;
    assert!(queue.contains("On duty today") && queue.contains("Test Team manager (manager), Priya Duty"), "{queue}");

    // A day too long ago is refused, and nothing is recorded.
    let before = app.store.event_count().await.unwrap();
    let old = format!("/front-door/rota/{pod}/{}", today - Duration::days(30));
    let res = app.post_form(&manager, &old, &old, &[("duty_workers", &worker.to_string())]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("cannot be changed"));
    assert_eq!(app.store.event_count().await.unwrap(), before);

    // Clearing the day empties it.
    let res = app.post_form(&manager, &day, &day, &[("duty_manager", "")]).await;
    assert_eq!(res.status(), 303);
    let (_, queue) = app.get(&manager, "/front-door").await;
    assert!(queue.contains("No one is on the duty rota for today"));
    app.finish().await;
}

#[tokio::test]
async fn only_managers_change_the_rota_and_only_duty_teams_have_one() {
    let app = spawn_app().await;
    let (pod, _) = mash_pod(&app).await;
    let mash = app.sign_in("mash_worker").await;
    let today = hearth_web::time::today();
    let (status, _) = app.get(&mash, "/front-door/rota").await;
    assert_eq!(status, 200, "MASH workers see the rota");
    let (status, _) = app.get(&mash, &format!("/front-door/rota/{pod}/{today}")).await;
    assert_eq!(status, 403);
    let practitioner = app.sign_in("practitioner").await;
    let (status, _) = app.get(&practitioner, "/front-door/rota").await;
    assert_eq!(status, 403);
    let manager = app.sign_in("team_manager").await;
    let (status, _) = app.get(&manager, &format!("/front-door/rota/{}/{today}", app.team)).await;
    assert_eq!(status, 404, "a CIN/CP team has no front-door duty");
    app.finish().await;
}

#[tokio::test]
async fn the_api_reads_and_sets_the_rota() {
    use crate::api::{field_names, get_json, post_json};
    use serde_json::json;
    let app = spawn_app().await;
    let (pod, worker) = mash_pod(&app).await;
    let manager = app.sign_in("team_manager").await;
    let mash = app.sign_in("mash_worker").await;
    let today = hearth_web::time::today();
    let path = format!("/front-door/rota/{pod}/{today}");

    let (status, _) = post_json(&app, &mash, &path, &json!({ "duty_workers": [worker.to_string()] })).await;
    assert_eq!(status, 403, "only managers set the rota");
    let (status, body) = post_json(&app, &manager, &path, &json!({ "duty_workers": ["nobody"] })).await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&body), vec!["duty_workers"]);
    let (status, body) = post_json(&app, &manager, &path, &json!({ "duty_workers": [worker.to_string(), worker.to_string()] })).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = post_json(&app, &manager, &path, &json!({ "duty_workers": [worker.to_string()], "duty_manager": app.users["team_manager"].to_string() })).await;
    assert_eq!(status, 201, "{body}");

    let (status, rota) = get_json(&app, &mash, &format!("/front-door/rota?from={today}&to={today}")).await;
    assert_eq!(status, 200);
    let on_duty = rota["on_duty"].as_array().unwrap();
    assert_eq!(on_duty.len(), 2);
    assert!(on_duty.iter().any(|d| d["name"] == "Priya Duty" && d["duty"] == "worker"));
    let (status, body) = get_json(&app, &mash, "/front-door/rota?from=2026-12-01&to=2026-11-01").await;
    assert_eq!(status, 422);
    assert_eq!(field_names(&body), vec!["to"]);
    let (status, _) = post_json(&app, &manager, &format!("/front-door/rota/{}/{today}", app.team), &json!({ "duty_workers": [] })).await;
    assert_eq!(status, 404, "a CIN/CP team has no front-door duty");
    app.finish().await;
}
