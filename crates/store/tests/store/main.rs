//! Store tests. Every test runs on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used)]

mod assessments;
mod care;
mod child_protection;
mod cp_plans;
mod dashboard;
mod early_help;
mod domestic_incidents;
mod front_door;
mod proceedings;
mod risk_flags;
mod support;
mod work;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use hearth_domain::codes::{Ethnicity, ReferralSource, Sex};
use hearth_domain::events::*;
use hearth_domain::ids::{ContactId, EventId, PersonId, TeamId, UserId};
use hearth_domain::people::{Address, NhsNumber, PersonName, RelationshipKind};
use hearth_domain::staff::{Role, TeamKind};
use hearth_store::children::ChildSearch;
use hearth_store::{SYSTEM_USER, Store, StoreError};
use support::both;

fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ev(payload: EventPayload) -> NewEvent {
    NewEvent::new(payload, at(2025, 3, 3))
}

fn team(id: TeamId, name: &str) -> NewEvent {
    ev(EventPayload::TeamCreated(TeamCreated { team_id: id, name: name.into(), kind: TeamKind::ChildInNeedChildProtection, parent_team_id: None }))
}

fn worker(id: UserId, username: &str, team: TeamId) -> NewEvent {
    ev(EventPayload::StaffAccountCreated(StaffAccountCreated {
        user_id: id,
        username: username.into(),
        display_name: format!("Worker {username}"),
        role: Role::Practitioner,
        team_id: Some(team),
        job_title: Some("Social worker".into()),
        agency: false,
    }))
}

fn child_payload(id: PersonId, given: &str, family: &str, dob: NaiveDate, team: Option<TeamId>) -> ChildRecorded {
    ChildRecorded {
        person_id: id,
        name: PersonName { given: given.into(), family: family.into(), other: None },
        date_of_birth: Some(dob),
        expected_date_of_birth: None,
        sex: Sex::Female,
        ethnicity: Some(Ethnicity::WhiteBritish),
        disabilities: vec![],
        upn: None,
        nhs_number: Some(NhsNumber::parse("9434765919").unwrap()),
        address: Some(Address { line1: "1 Ember Lane".into(), line2: None, town: "Hearthton".into(), postcode: "ht1 2ab".into() }),
        team_id: team,
    }
}

fn child(id: PersonId, given: &str, family: &str, dob: NaiveDate, team: Option<TeamId>) -> NewEvent {
    ev(EventPayload::ChildRecorded(child_payload(id, given, family, dob, team)))
}

/// A team, a worker and one child allocated to them.
async fn seed(store: &Store) -> (TeamId, UserId, PersonId) {
    let (t, w, c) = (TeamId::new(), UserId::new(), PersonId::new());
    store
        .append(
            SYSTEM_USER,
            vec![
                team(t, "Hearthton CIN/CP 1"),
                worker(w, "sw.one", t),
                child(c, "Amara", "Okafor", date(2016, 5, 4), Some(t)),
                ev(EventPayload::ChildAllocated(ChildAllocated { child_id: c, team_id: t, worker_id: Some(w), from: date(2025, 3, 3) })),
            ],
        )
        .await
        .unwrap();
    (t, w, c)
}

#[tokio::test]
async fn appended_events_are_chained_and_projected() {
    for ts in both().await {
        let store = &ts.store;
        let (t, w, c) = seed(store).await;
        let events = store.events_after(0, 100).await.unwrap();
        assert_eq!(events.len(), 4, "{}", ts.name);
        assert_eq!(events[0].prev_hash, hearth_store::GENESIS_HASH);
        for pair in events.windows(2) {
            assert_eq!(pair[1].prev_hash, pair[0].hash, "{}", ts.name);
            assert_eq!(pair[1].seq, pair[0].seq + 1);
        }
        let record = store.child_record(c).await.unwrap().unwrap();
        assert_eq!(record.item.given_name, "Amara");
        assert_eq!(record.item.hearth_ref, format!("H{:07}", events[2].seq));
        assert_eq!(record.item.worker_name.as_deref(), Some("Worker sw.one"));
        assert_eq!(record.worker_id, Some(w));
        assert_eq!(record.team_id, Some(t));
        assert_eq!(record.address.as_deref(), Some("1 Ember Lane, Hearthton, HT1 2AB"));
        assert_eq!(store.child_teams(c).await.unwrap(), vec![t]);
        assert_eq!(store.caseload(w).await.unwrap().len(), 1);
        let report = store.verify(&mut |_, _| {}).await.unwrap();
        assert_eq!(report.first_problem, None, "{}", ts.name);
        assert_eq!(report.events_checked, 4);
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_failing_projection_leaves_no_event() {
    for ts in both().await {
        let store = &ts.store;
        seed(store).await;
        let before = store.event_count().await.unwrap();
        let orphan = PersonId::new();
        // The allocation names a team that does not exist: the projection's
        // foreign key fails after the event row was inserted.
        let result = store
            .append(
                SYSTEM_USER,
                vec![
                    child(orphan, "Leo", "Marsh", date(2019, 1, 1), None),
                    ev(EventPayload::ChildAllocated(ChildAllocated { child_id: orphan, team_id: TeamId::new(), worker_id: None, from: date(2025, 3, 3) })),
                ],
            )
            .await;
        assert!(result.is_err(), "{}: the append should fail", ts.name);
        assert_eq!(store.event_count().await.unwrap(), before, "{}", ts.name);
        assert!(!store.person_exists(orphan).await.unwrap(), "{}: no half-written child", ts.name);
        assert_eq!(store.verify(&mut |_, _| {}).await.unwrap().first_problem, None);
        // And the log still accepts the next event after the failure.
        store.append(SYSTEM_USER, vec![child(orphan, "Leo", "Marsh", date(2019, 1, 1), None)]).await.unwrap();
        assert_eq!(store.verify(&mut |_, _| {}).await.unwrap().first_problem, None);
        ts.finish().await;
    }
}

#[tokio::test]
async fn invalid_events_are_refused_with_field_messages_and_nothing_is_written() {
    for ts in both().await {
        let store = &ts.store;
        let mut bad = child_payload(PersonId::new(), " ", "Marsh", date(2019, 1, 1), None);
        bad.date_of_birth = None;
        let err = store.append(SYSTEM_USER, vec![ev(EventPayload::ChildRecorded(bad))]).await.unwrap_err();
        match err {
            StoreError::Invalid(fields) => {
                assert!(fields.for_field("given_name").is_some());
                assert!(fields.for_field("date_of_birth").is_some());
            }
            other => panic!("{}: expected Invalid, got {other:?}", ts.name),
        }
        let future = NewEvent::new(EventPayload::ChildRecorded(child_payload(PersonId::new(), "A", "B", date(2019, 1, 1), None)), Utc::now() + Duration::days(2));
        assert!(matches!(store.append(SYSTEM_USER, vec![future]).await, Err(StoreError::Refused(_))));
        assert_eq!(store.event_count().await.unwrap(), 0);
        ts.finish().await;
    }
}

#[tokio::test]
async fn the_database_refuses_to_update_or_delete_events() {
    for ts in both().await {
        let store = &ts.store;
        seed(store).await;
        for sql in ["UPDATE events SET payload = '{}' WHERE seq = 1", "DELETE FROM events WHERE seq = 4", "DELETE FROM events"] {
            let err = store.execute_params(sql, &[]).await.unwrap_err();
            assert!(err.is_append_only_refusal(), "{}: {sql}: {err}", ts.name);
        }
        let (_, w, c) = (0, UserId::new(), PersonId::new());
        store
            .log_access(&hearth_store::access_log::AccessEntry {
                at: Utc::now(),
                user_id: w,
                person_id: c,
                screen: "child_record".into(),
                session_ref: "abc".into(),
                break_glass_reason: None,
            })
            .await
            .unwrap();
        let err = store.execute_params("DELETE FROM access_log", &[]).await.unwrap_err();
        assert!(err.is_append_only_refusal(), "{}: {err}", ts.name);
        assert_eq!(store.event_count().await.unwrap(), 4);
        assert_eq!(store.verify(&mut |_, _| {}).await.unwrap().first_problem, None);
        ts.finish().await;
    }
}

#[tokio::test]
async fn verify_reports_the_first_tampered_event() {
    for ts in both().await {
        let store = &ts.store;
        seed(store).await;
        // Get past the trigger the way someone with database access could.
        let tamper = match store.backend() {
            hearth_store::Backend::Sqlite => "DROP TRIGGER events_refuse_update; \
                 UPDATE events SET payload = replace(payload, 'Amara', 'Amira') WHERE seq = 3;",
            hearth_store::Backend::Postgres => "ALTER TABLE events DISABLE TRIGGER events_refuse_change; \
                 UPDATE events SET payload = replace(payload, 'Amara', 'Amira') WHERE seq = 3; \
                 ALTER TABLE events ENABLE TRIGGER events_refuse_change;",
        };
        store.execute_unchecked(tamper).await.unwrap();
        let report = store.verify(&mut |_, _| {}).await.unwrap();
        let problem = report.first_problem.expect("tampering must be found");
        assert_eq!(problem.seq, 3, "{}", ts.name);
        assert!(problem.what.contains("does not match its hash"), "{}", problem.what);
        assert_eq!(report.events_checked, 2);
        ts.finish().await;
    }
}

#[tokio::test]
async fn verify_reports_a_removed_event() {
    for ts in both().await {
        let store = &ts.store;
        seed(store).await;
        let tamper = match store.backend() {
            hearth_store::Backend::Sqlite => "DROP TRIGGER events_refuse_delete; DELETE FROM events WHERE seq = 2;",
            hearth_store::Backend::Postgres => "ALTER TABLE events DISABLE TRIGGER events_refuse_change; \
                 DELETE FROM events WHERE seq = 2; ALTER TABLE events ENABLE TRIGGER events_refuse_change;",
        };
        store.execute_unchecked(tamper).await.unwrap();
        let problem = store.verify(&mut |_, _| {}).await.unwrap().first_problem.expect("gap must be found");
        assert_eq!(problem.seq, 3, "{}", ts.name);
        assert!(problem.what.contains("missing"), "{}", problem.what);
        ts.finish().await;
    }
}

#[tokio::test]
async fn concurrent_appends_keep_the_chain_valid() {
    for ts in both().await {
        let store = ts.store.clone();
        let (t, _, _) = seed(&store).await;
        let mut tasks = Vec::new();
        for writer in 0..8 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..15 {
                    let id = PersonId::new();
                    store
                        .append(SYSTEM_USER, vec![child(id, &format!("Child{writer}"), &format!("Family{i}"), date(2015, 1, 1), Some(t))])
                        .await
                        .unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(store.event_count().await.unwrap(), 4 + 8 * 15, "{}", ts.name);
        let report = store.verify(&mut |_, _| {}).await.unwrap();
        assert_eq!(report.first_problem, None, "{}", ts.name);
        assert_eq!(report.last_seq, 124);
        ts.finish().await;
    }
}

#[tokio::test]
async fn a_correction_replaces_the_fact_and_keeps_the_original_in_the_chronology() {
    for ts in both().await {
        let store = &ts.store;
        let (t, _, c) = seed(store).await;
        // A later, genuine change of name must survive the correction of a typo in the date of birth.
        store
            .append(
                SYSTEM_USER,
                vec![ev(EventPayload::PersonDetailsChanged(PersonDetailsChanged {
                    person_id: c,
                    name: Some(PersonName { given: "Amara".into(), family: "Okafor-Reid".into(), other: None }),
                    ..Default::default()
                }))],
            )
            .await
            .unwrap();
        let original = store.events_after(0, 10).await.unwrap().into_iter().find(|e| e.payload.type_name() == "ChildRecorded").unwrap();
        let mut fixed = child_payload(c, "Amara", "Okafor", date(2016, 5, 14), Some(t));
        fixed.sex = Sex::Female;
        let correction = Correction {
            corrects: original.event_id,
            reason: "Date of birth mistyped; birth certificate seen".into(),
            replacement: Box::new(EventPayload::ChildRecorded(fixed)),
        };
        store.append(SYSTEM_USER, vec![ev(EventPayload::Correction(correction))]).await.unwrap();
        let record = store.child_record(c).await.unwrap().unwrap();
        assert_eq!(record.item.date_of_birth, Some(date(2016, 5, 14)), "{}", ts.name);
        assert_eq!(record.item.family_name, "Okafor-Reid", "{}: later change kept", ts.name);
        let chronology = store.chronology(c, None, 50).await.unwrap();
        let orig_entry = chronology.iter().find(|e| e.event.event_id == original.event_id).unwrap();
        assert!(orig_entry.corrected_by_seq.is_some(), "{}", ts.name);
        assert!(chronology.iter().any(|e| e.event.payload.type_name() == "Correction"));

        // Corrections that make no sense are refused and write nothing.
        let before = store.event_count().await.unwrap();
        let nowhere = Correction {
            corrects: EventId::new(),
            reason: "typo".into(),
            replacement: Box::new(EventPayload::ChildRecorded(child_payload(c, "A", "B", date(2016, 5, 14), None))),
        };
        assert!(matches!(store.append(SYSTEM_USER, vec![ev(EventPayload::Correction(nowhere))]).await, Err(StoreError::Refused(_))));
        let wrong_type = Correction {
            corrects: original.event_id,
            reason: "typo".into(),
            replacement: Box::new(EventPayload::SignificantEventRecorded(SignificantEventRecorded {
                child_id: c,
                occurred_on: date(2025, 1, 1),
                title: "x".into(),
                what_happened: "x".into(),
                analysis: "long enough analysis text here".into(),
            })),
        };
        let err = store.append(SYSTEM_USER, vec![ev(EventPayload::Correction(wrong_type))]).await.unwrap_err();
        assert!(err.to_string().contains("must be a ChildRecorded"), "{err}");
        assert_eq!(store.event_count().await.unwrap(), before);
        ts.finish().await;
    }
}

#[tokio::test]
async fn relationships_show_from_both_sides_and_addresses_keep_their_history() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, c) = seed(store).await;
        let mum = PersonId::new();
        store
            .append(
                SYSTEM_USER,
                vec![
                    ev(EventPayload::AdultRecorded(AdultRecorded {
                        person_id: mum,
                        name: PersonName { given: "Grace".into(), family: "Okafor".into(), other: None },
                        date_of_birth: Some(date(1990, 2, 2)),
                        sex: Some(Sex::Female),
                        address: None,
                    })),
                    ev(EventPayload::RelationshipRecorded(RelationshipRecorded {
                        person_id: c,
                        related_id: mum,
                        kind: RelationshipKind::Mother,
                        lives_with: true,
                        parental_responsibility: true,
                    })),
                    ev(EventPayload::AddressRecorded(AddressRecorded {
                        person_id: c,
                        address: Address { line1: "9 Cinder Close".into(), line2: None, town: "Hearthton".into(), postcode: "HT3 4CD".into() },
                        from: date(2025, 6, 1),
                    })),
                ],
            )
            .await
            .unwrap();
        let record = store.child_record(c).await.unwrap().unwrap();
        assert_eq!(record.relationships.len(), 1);
        assert_eq!(record.relationships[0].related_name, "Grace Okafor");
        assert!(!record.relationships[0].inverse);
        assert_eq!(record.address.as_deref(), Some("9 Cinder Close, Hearthton, HT3 4CD"), "{}", ts.name);
        assert_eq!(record.addresses.len(), 2);
        let from_mum = store.relationships(mum).await.unwrap();
        assert!(from_mum[0].inverse && from_mum[0].related_is_child);
        ts.finish().await;
    }
}

#[tokio::test]
async fn children_are_found_by_name_words_date_of_birth_nhs_number_and_reference() {
    for ts in both().await {
        let store = &ts.store;
        let (t, _, c) = seed(store).await;
        store.append(SYSTEM_USER, vec![child(PersonId::new(), "Samuel", "Jones", date(2012, 7, 8), Some(t))]).await.unwrap();
        let find = |q: ChildSearch| async move { store.search_children(&ChildSearch { limit: 50, ..q }).await.unwrap() };
        assert_eq!(find(ChildSearch { name: Some("sam jon".into()), ..Default::default() }).await.len(), 1);
        assert_eq!(find(ChildSearch { name: Some("JONES samuel".into()), ..Default::default() }).await.len(), 1);
        assert_eq!(find(ChildSearch { name: Some("amu".into()), ..Default::default() }).await.len(), 0, "words match from their start");
        assert_eq!(find(ChildSearch { name: Some("100%".into()), ..Default::default() }).await.len(), 0);
        assert_eq!(find(ChildSearch { date_of_birth: Some(date(2016, 5, 4)), ..Default::default() }).await[0].person_id, c);
        assert_eq!(find(ChildSearch { nhs_number: Some("9434765919".into()), ..Default::default() }).await.len(), 2);
        let r = store.child_record(c).await.unwrap().unwrap().item.hearth_ref;
        assert_eq!(find(ChildSearch { hearth_ref: Some(r.clone()), ..Default::default() }).await[0].person_id, c);
        assert_eq!(store.child_by_ref(&r).await.unwrap(), Some(c));
        ts.finish().await;
    }
}

#[tokio::test]
async fn usernames_are_unique() {
    for ts in both().await {
        let store = &ts.store;
        let (t, _, _) = seed(store).await;
        let err = store.append(SYSTEM_USER, vec![worker(UserId::new(), "sw.one", t)]).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{}: {err:?}", ts.name);
        ts.finish().await;
    }
}

#[tokio::test]
async fn contacts_and_significant_events_reach_every_childs_chronology() {
    for ts in both().await {
        let store = &ts.store;
        let (t, w, c) = seed(store).await;
        let sibling = PersonId::new();
        store.append(SYSTEM_USER, vec![child(sibling, "Tobi", "Okafor", date(2018, 2, 2), Some(t))]).await.unwrap();
        store
            .append(
                w,
                vec![
                    ev(EventPayload::ContactReceived(ContactReceived {
                        contact_id: ContactId::new(),
                        children: vec![c, sibling],
                        received_at: at(2025, 3, 3),
                        source: ReferralSource::Police,
                        concern: "Police attended a domestic incident at the home.".into(),
                        referrer_name: None,
                        referrer_organisation: Some("Hearthshire Police".into()),
                        chain_start: None,
                    })),
                    ev(EventPayload::SignificantEventRecorded(SignificantEventRecorded {
                        child_id: c,
                        occurred_on: date(2025, 3, 2),
                        title: "Disclosure at school".into(),
                        what_happened: "Told her teacher she is scared at home.".into(),
                        analysis: "First direct disclosure; consistent with the police report.".into(),
                    })),
                ],
            )
            .await
            .unwrap();
        let for_child = store.chronology(c, None, 50).await.unwrap();
        let for_sibling = store.chronology(sibling, None, 50).await.unwrap();
        assert!(for_child.iter().any(|e| e.event.payload.type_name() == "ContactReceived"));
        assert!(for_sibling.iter().any(|e| e.event.payload.type_name() == "ContactReceived"));
        assert!(!for_sibling.iter().any(|e| e.event.payload.type_name() == "SignificantEventRecorded"));
        let only_significant = store.chronology(c, Some(ChronologyCategory::SignificantEvent), 50).await.unwrap();
        assert_eq!(only_significant.len(), 1);
        assert_eq!(only_significant[0].recorded_by_name, "Worker sw.one");
        let counts = store.chronology_counts(c).await.unwrap();
        assert!(counts.contains(&(ChronologyCategory::Contact, 1)));
        ts.finish().await;
    }
}

#[tokio::test]
async fn rebuild_reproduces_the_live_projections_of_a_demo_authority() {
    for ts in both().await {
        let store = &ts.store;
        let mut generator = hearth_synth::Generator::new(hearth_synth::SynthConfig {
            size: hearth_synth::Size::Tiny,
            seed: 11,
            today: date(2026, 11, 23),
        });
        // Recorded at the end of the generator's "today".
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap();
        store.append_at(SYSTEM_USER, generator.staff_events(), now).await.unwrap();
        while let Some(household) = generator.next_household() {
            store.append_at(SYSTEM_USER, household, now).await.unwrap();
        }
        // Include a correction, so rebuild replays those too.
        let first_child = store.events_after(0, 100_000).await.unwrap().into_iter().find_map(|e| match e.payload {
            EventPayload::ChildRecorded(c) => Some((e.event_id, c)),
            _ => None,
        });
        let (id, mut fixed) = first_child.unwrap();
        fixed.name.given = format!("{}e", fixed.name.given);
        store
            .append_at(SYSTEM_USER, vec![NewEvent::new(EventPayload::Correction(Correction { corrects: id, reason: "Name misspelt".into(), replacement: Box::new(EventPayload::ChildRecorded(fixed)) }), now)], now)
            .await
            .unwrap();

        let live = store.dump_projections().await.unwrap();
        assert!(live.iter().find(|(t, _)| t == "people").unwrap().1.len() > 50, "{}", ts.name);
        assert!(!live.iter().find(|(t, _)| t == "contacts").unwrap().1.is_empty());
        let mut calls = 0;
        store.rebuild(&mut |_, _| calls += 1).await.unwrap();
        assert!(calls > 0);
        let rebuilt = store.dump_projections().await.unwrap();
        for ((table, a), (_, b)) in live.iter().zip(rebuilt.iter()) {
            assert_eq!(a.len(), b.len(), "{}: {table} row count", ts.name);
            assert!(a == b, "{}: {table} differs after rebuild", ts.name);
        }
        ts.finish().await;
    }
}

#[tokio::test]
async fn break_glass_and_access_entries_are_kept_per_session() {
    for ts in both().await {
        let store = &ts.store;
        let (_, w, c) = seed(store).await;
        let entry = |reason: Option<&str>, session: &str| hearth_store::access_log::AccessEntry {
            at: Utc::now(),
            user_id: w,
            person_id: c,
            screen: "child_record".into(),
            session_ref: session.into(),
            break_glass_reason: reason.map(str::to_string),
        };
        store.log_access(&entry(None, "s1")).await.unwrap();
        let an_hour_ago = Utc::now() - Duration::hours(1);
        assert!(!store.break_glass_given("s1", c, an_hour_ago).await.unwrap());
        store.log_access(&entry(Some("Covering duty for the allocated worker"), "s1")).await.unwrap();
        assert!(store.break_glass_given("s1", c, an_hour_ago).await.unwrap());
        assert!(!store.break_glass_given("s2", c, an_hour_ago).await.unwrap(), "another session must give its own reason");
        let log = store.access_log_for(c, 10).await.unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].user_name, "Worker sw.one");
        assert_eq!(store.break_glass_since(an_hour_ago, 10).await.unwrap().len(), 1);
        assert_eq!(store.recently_viewed(w, 5).await.unwrap()[0].0, c);
        ts.finish().await;
    }
}

#[tokio::test]
async fn failed_passwords_lock_an_account_and_sessions_expire() {
    for ts in both().await {
        let store = &ts.store;
        let (_, w, _) = seed(store).await;
        let now = Utc::now();
        store.set_password_hash(w, "hash", now).await.unwrap();
        let until = now + Duration::minutes(15);
        for _ in 0..4 {
            assert_eq!(store.record_failed_password(w, 5, until).await.unwrap(), None);
        }
        let locked = store.record_failed_password(w, 5, until).await.unwrap();
        assert!(locked.is_some(), "{}", ts.name);
        store.clear_failed_passwords(w).await.unwrap();
        assert_eq!(store.credentials(w).await.unwrap().unwrap().failed_attempts, 0);

        store.create_session("tok", Some(w), "csrf", now, now + Duration::hours(1)).await.unwrap();
        assert_eq!(store.session("tok", now).await.unwrap().unwrap().user_id, Some(w));
        assert!(store.session("tok", now + Duration::hours(2)).await.unwrap().is_none());
        store.delete_sessions_of(w).await.unwrap();
        assert!(store.session("tok", now).await.unwrap().is_none());
        ts.finish().await;
    }
}
