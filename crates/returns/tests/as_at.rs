//! Returns "as at" a past moment (issue 5, item 6): made again for the same
//! moment, a return gives the same bytes even after corrections; the
//! corrections recorded since are listed, and a return made now has them.
//! On SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Utc};
use hearth_domain::calendar::Calendar;
use hearth_domain::events::{Correction, EventPayload, NewEvent};
use hearth_returns::export::{self, Request, ReturnKind};
use hearth_returns::period::CollectionYear;
use hearth_returns::source;
use hearth_store::return_exports::ReturnExport;
use hearth_store::{SYSTEM_USER, Store};
use hearth_synth::{Generator, Size, SynthConfig};

mod support;

use support::{postgres, sqlite};

/// Households of the tiny synthetic authority recorded: enough for a
/// census with children in it, few enough to append quickly.
const HOUSEHOLDS: usize = 15;

/// The first households of the tiny synthetic authority, recorded at `at`.
async fn record_authority(store: &Store, at: DateTime<Utc>) {
    let mut generator = Generator::new(SynthConfig { size: Size::Tiny, seed: 11, today: at.date_naive() });
    let cap = |mut e: NewEvent| {
        e.occurred_at = e.occurred_at.min(at);
        e
    };
    store.append_at(SYSTEM_USER, generator.staff_events().into_iter().map(cap).collect(), at).await.unwrap();
    for _ in 0..HOUSEHOLDS {
        let Some(household) = generator.next_household() else { break };
        store.append_at(SYSTEM_USER, household.into_iter().map(cap).collect(), at).await.unwrap();
    }
}

fn census_request(as_at: DateTime<Utc>) -> Request {
    Request {
        kind: ReturnKind::Cin,
        window: CollectionYear::containing(as_at.date_naive()).previous().window(),
        as_at,
        la_code: "999".to_string(),
        la_ons_code: "E99999999".to_string(),
        changes_since: None,
    }
}

async fn census_as_at(store: &Store, as_at: DateTime<Utc>) -> export::Output {
    let history = source::load(store, as_at, &mut |_| {}).await.unwrap();
    export::produce(&history, None, &census_request(as_at), &Calendar::england_and_wales())
}

fn text(output: &export::Output) -> String {
    String::from_utf8(output.files[0].bytes.clone()).unwrap()
}

#[tokio::test]
async fn a_past_census_is_made_again_byte_for_byte_and_later_corrections_are_listed() {
    for t in [sqlite().await, postgres().await] {
        let store = &t.store;
        let recorded = Utc::now() - Duration::hours(2);
        record_authority(store, recorded).await;
        let first_moment = recorded + Duration::minutes(1);
        let first = census_as_at(store, first_moment).await;
        assert!(first.children > 0, "the census has children");
        store
            .record_return_export(&ReturnExport {
                generated_at: first_moment,
                generated_by: SYSTEM_USER,
                kind: "cin".to_string(),
                period_from: first.request.window.from,
                period_to: first.request.window.to,
                as_at: first_moment,
                sha256: first.sha256.clone(),
                size_bytes: first.size_bytes() as i64,
                children: first.children as i64,
                errors: 0,
                queries: 0,
            })
            .await
            .unwrap();

        // A child in the census had their date of birth recorded wrongly;
        // it is corrected half an hour later.
        let history = source::load(store, first_moment, &mut |_| {}).await.unwrap();
        let census_text = text(&first);
        let child = history
            .children
            .values()
            .find(|c| c.date_of_birth.is_some() && census_text.contains(&format!("<LAchildID>{}</LAchildID>", c.la_child_id)))
            .expect("a born child in the census");
        let mut events = Vec::new();
        let mut after = 0;
        loop {
            let page = store.events_after(after, 5_000).await.unwrap();
            let Some(last) = page.last() else { break };
            after = last.seq;
            events.extend(page);
        }
        let original = events
            .iter()
            .find(|e| matches!(&e.payload, EventPayload::ChildRecorded(c) if c.person_id == child.person_id))
            .expect("the child's record");
        let EventPayload::ChildRecorded(mut corrected) = original.payload.clone() else { unreachable!() };
        let wrong = corrected.date_of_birth.unwrap();
        let right = wrong - Duration::days(3);
        corrected.date_of_birth = Some(right);
        let correction_moment = recorded + Duration::minutes(30);
        store
            .append_at(
                SYSTEM_USER,
                vec![NewEvent::new(
                    EventPayload::Correction(Correction {
                        corrects: original.event_id,
                        reason: "Date of birth taken from the birth certificate".to_string(),
                        replacement: Box::new(EventPayload::ChildRecorded(corrected)),
                    }),
                    correction_moment,
                )],
                correction_moment,
            )
            .await
            .unwrap();

        // Made again as at the first moment: the same bytes.
        let again = census_as_at(store, first_moment).await;
        assert_eq!(again.sha256, first.sha256, "{}: the same moment gives the same file", t.name);
        assert_eq!(text(&again), census_text);
        let earlier = store.return_exports(Some("cin"), 10).await.unwrap();
        assert_eq!(earlier.len(), 1);
        assert_eq!(earlier[0].export.sha256, again.sha256, "the record of returns holds the hash it is checked against");

        // The correction is listed as recorded since, and only since then.
        let since = source::corrections_since(store, first_moment).await.unwrap();
        assert_eq!(since.len(), 1, "{}", t.name);
        assert_eq!(since[0].reason, "Date of birth taken from the birth certificate");
        assert_eq!(since[0].event_type, "ChildRecorded");
        assert_eq!(since[0].person, Some(child.person_id));
        assert!(source::corrections_since(store, correction_moment).await.unwrap().is_empty());

        // Made as at after the correction, the census has the right date.
        let now = census_as_at(store, correction_moment + Duration::minutes(1)).await;
        let now_text = text(&now);
        let child_block = |text: &str| {
            let start = text.find(&format!("<LAchildID>{}</LAchildID>", child.la_child_id)).unwrap();
            text[start..].split("</ChildIdentifiers>").next().unwrap().to_string()
        };
        assert!(child_block(&census_text).contains(&format!("<PersonBirthDate>{wrong}</PersonBirthDate>")));
        assert!(child_block(&now_text).contains(&format!("<PersonBirthDate>{right}</PersonBirthDate>")), "{}", t.name);
        assert_ne!(now.sha256, first.sha256);
        t.finish().await;
    }
}
