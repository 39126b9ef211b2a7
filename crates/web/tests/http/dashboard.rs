//! The front-door dashboard over HTTP: figures and charts for the MASH and
//! its managers, the children behind a figure, and a bad period explained.

use crate::support::*;
use chrono::{DateTime, Duration, DurationRound, Utc};
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::*;
use hearth_domain::front_door::{ConsentRecord, ConsentStatus, ContactOutcome, Rag, ThresholdLevel};
use hearth_domain::ids::{ContactId, DecisionId, ReferralId};

fn received(app: &TestApp, id: ContactId, when: DateTime<Utc>, chain_start: Option<ContactId>) -> NewEvent {
    NewEvent::new(
        EventPayload::ContactReceived(ContactReceived {
            contact_id: id,
            children: vec![app.child],
            received_at: when,
            source: ReferralSource::School,
            concern: "Arrived at school hungry and with a bruise to the arm.".into(),
            referrer_name: None,
            referrer_organisation: Some("Hearthton Primary".into()),
            chain_start,
        }),
        when,
    )
}

/// Rated amber (24 hours), assigned to the MASH worker, and closed `after` receipt.
fn screened(app: &TestApp, id: ContactId, at: DateTime<Utc>, after: Duration, outcome: ContactOutcome) -> Vec<NewEvent> {
    let decision = DecisionId::new();
    let threshold = if outcome == ContactOutcome::NoFurtherAction { ThresholdLevel::Universal } else { ThresholdLevel::Targeted };
    vec![
        NewEvent::new(EventPayload::ContactRated(ContactRated { contact_id: id, rag: Rag::Amber, screen_by: at + Duration::hours(24), note: None }), at),
        NewEvent::new(EventPayload::ContactAssigned(ContactAssigned { contact_id: id, worker_id: app.users["mash_worker"] }), at),
        NewEvent::new(
            EventPayload::ContactDecisionProposed(ContactDecisionProposed {
                contact_id: id,
                decision_id: decision,
                outcome,
                threshold,
                rationale: "Decided on the school's information and the child's history.".into(),
                consent: ConsentRecord { status: ConsentStatus::Given, rationale: None, agreed_by: None },
            }),
            at + after - Duration::hours(1),
        ),
        NewEvent::new(
            EventPayload::ContactDecisionAuthorised(ContactDecisionAuthorised {
                contact_id: id,
                decision_id: decision,
                outcome,
                children: vec![app.child],
                manager_note: None,
            }),
            at + after,
        ),
    ]
}

/// Two contacts about Amara in one chain: the first decided in time, then
/// a second two days later, decided 6 hours after its own receipt as a
/// referral, which is in time from its receipt but late from the chain's start.
async fn seed_chain(app: &TestApp) {
    let first_at = Utc::now().duration_trunc(Duration::hours(1)).unwrap() - Duration::days(5);
    let second_at = first_at + Duration::days(2);
    let (first, second) = (ContactId::new(), ContactId::new());
    let mut events = vec![received(app, first, first_at, None)];
    events.extend(screened(app, first, first_at, Duration::hours(6), ContactOutcome::NoFurtherAction));
    events.push(received(app, second, second_at, Some(first)));
    events.extend(screened(app, second, second_at, Duration::hours(6), ContactOutcome::Referral));
    events.push(NewEvent::new(
        EventPayload::ReferralOpened(ReferralOpened {
            referral_id: ReferralId::new(),
            child_id: app.child,
            contact_id: Some(second),
            referral_date: second_at.date_naive(),
            source: ReferralSource::School,
        }),
        second_at + Duration::hours(6),
    ));
    app.store.append(app.users["team_manager"], events).await.unwrap();
}

/// The element with `id` (to its first closing `</table>` or `</div>`), to look inside.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} on the page"));
    let rest = &page[start..];
    let end = ["</table>", "</ul>"].iter().filter_map(|t| rest.find(t)).min().unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn the_dashboard_shows_chain_timeliness_and_charts_to_the_mash_and_managers() {
    let app = spawn_app().await;
    seed_chain(&app).await;
    for role in ["mash_worker", "team_manager"] {
        let c = app.sign_in(role).await;
        let (status, page) = app.get(&c, "/front-door/dashboard").await;
        assert_eq!(status, 200, "{role}");
        assert!(page.contains("<h1 class=\"govuk-heading-l\">Front door dashboard</h1>"));
        // Contacts received, per day and by source, as charts with tables beside them.
        assert!(section(&page, "received").contains(">2</p>"), "two contacts received");
        // Two for contacts, one for the early help waiting list by time waited (F11).
        assert_eq!(page.matches("<svg class=\"hearth-chart").count(), 3, "three charts");
        assert!(page.contains("Early help waiting list by time waited: 5 bars, 0 in total"), "no one waiting yet");
        assert!(page.contains("role=\"img\" aria-label=\"Contacts received per day: 28 bars, 2 in total;"));
        assert!(page.contains("Contacts received by source: 1 bar, 2 in total; the highest is Schools, 2."));
        assert!(page.contains("<caption class=\"govuk-table__caption govuk-table__caption--s\">Contacts received by source</caption>"));
        assert!(section(&page, "rag-mix").contains("100%"), "both amber");
        // Timeliness: 1 of 2 from the chain's start, 2 of 2 from their own receipt.
        let chain = section(&page, "in-time-chain");
        assert!(chain.contains(">50%</p>") && chain.contains("1 of 2 contacts"), "{chain}");
        assert!(section(&page, "in-time-receipt").contains(">100%</p>"));
        assert!(section(&page, "reopened").contains(">1</p>"));
        let by_worker = section(&page, "reopened-by-worker");
        assert!(by_worker.contains("Test MASH worker") && by_worker.contains(">1</td>"), "{by_worker}");
        assert!(section(&page, "reopened-by-team").contains("CIN/CP Team 1"));
        assert!(section(&page, "converted").contains(">50%</p>"), "one referral, one no further action");
        assert!(section(&page, "re-referrals").contains(">0%</p>"), "the referral is Amara's first");
        assert!(section(&page, "open").contains(">0</p>"));
    }
    app.finish().await;
}

#[tokio::test]
async fn a_figure_links_to_the_children_behind_it() {
    let app = spawn_app().await;
    seed_chain(&app).await;
    let mash = app.sign_in("mash_worker").await;
    let (_, page) = app.get(&mash, "/front-door/dashboard").await;
    let card = section(&page, "in-time-chain");
    let start = card.find("href=\"").unwrap() + "href=\"".len();
    let href = card[start..].split('"').next().unwrap().replace("&#38;", "&").replace("&amp;", "&");
    assert!(href.starts_with("/front-door/dashboard/list?measure=late_from_chain&from="), "{href}");
    let (status, list) = app.get(&mash, &href).await;
    assert_eq!(status, 200);
    assert!(list.contains("Contacts decided late, measured from the first contact of the chain"));
    assert!(list.contains(&format!("<a class=\"govuk-link\" href=\"/children/{}\">Amara Testchild</a>", app.child)), "{list}");
    assert_eq!(list.matches("Amara Testchild</a>").count(), 1, "only the second contact was late");
    // Measured naively, nothing was late.
    let (_, naive) = app.get(&mash, &href.replace("late_from_chain", "late_from_receipt")).await;
    assert!(naive.contains("There are no children to show."));
    assert_eq!(app.get(&mash, "/front-door/dashboard/list?measure=nonsense").await.0, 400);
    app.finish().await;
}

#[tokio::test]
async fn only_front_door_roles_see_the_dashboard() {
    let app = spawn_app().await;
    let practitioner = app.sign_in("practitioner").await;
    assert_eq!(app.get(&practitioner, "/front-door/dashboard").await.0, 403);
    assert_eq!(app.get(&practitioner, "/front-door/dashboard/list?measure=received").await.0, 403);
    let (_, queue) = app.get(&app.sign_in("mash_worker").await, "/front-door").await;
    assert!(queue.contains("href=\"/front-door/dashboard\">Dashboard</a>"), "the MASH queue links to the dashboard");
    app.finish().await;
}

#[tokio::test]
async fn a_bad_period_is_explained_and_the_default_period_shown() {
    let app = spawn_app().await;
    let mash = app.sign_in("mash_worker").await;
    let (status, page) = app.get(&mash, "/front-door/dashboard?from=2026-03-10&to=2026-03-01").await;
    assert_eq!(status, 422);
    assert!(page.contains("govuk-error-summary"));
    assert!(page.contains("<a href=\"#to\">The end date must be the same as or after the start date</a>"));
    assert!(page.contains("value=\"2026-03-10\""), "the dates are kept as typed");
    assert!(page.contains("Contacts received per day: 28 bars"), "the figures are for the default 28 days");
    let (status, page) = app.get(&mash, "/front-door/dashboard?from=1%20March&to=2026-03-01").await;
    assert_eq!(status, 422);
    assert!(page.contains("Enter the start date as a real date"));
    let (status, page) = app.get(&mash, "/front-door/dashboard?from=2024-01-01&to=2026-03-01").await;
    assert_eq!(status, 422);
    assert!(page.contains("The period must be 366 days or fewer"));
    let (status, _) = app.get(&mash, "/front-door/dashboard/list?measure=received&from=2026-03-10&to=2026-03-01").await;
    assert_eq!(status, 422);
    app.finish().await;
}
