//! Risk flags (F12) and the primary need of a children-in-need episode, on both backends.

use super::{date, ev, seed};
use super::support::both;
use hearth_domain::codes::{AssessmentFactor, PrimaryNeed, ReferralSource};
use hearth_domain::events::*;
use hearth_domain::ids::ReferralId;
use hearth_domain::risk_flags::RiskFlag;
use hearth_store::children::ChildSearch;
use hearth_store::{SYSTEM_USER, StoreError};

fn raise(child: hearth_domain::ids::PersonId, flag: RiskFlag, on: chrono::NaiveDate) -> NewEvent {
    ev(EventPayload::RiskFlagRaised(RiskFlagRaised { child_id: child, flag, identified_on: on, evidence: "Police report, two episodes".into() }))
}

fn flag_search(code: &str) -> ChildSearch {
    ChildSearch { risk_flag: Some(code.to_string()), limit: 100, ..Default::default() }
}

#[tokio::test]
async fn a_flag_is_raised_listed_filtered_and_removed_with_its_history_kept() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        store
            .append(SYSTEM_USER, vec![raise(child, RiskFlag::SexualExploitation, date(2025, 2, 1)), raise(child, RiskFlag::Factor(AssessmentFactor::MentalHealthParent), date(2025, 2, 2))])
            .await
            .unwrap();

        let flags = store.risk_flags_of(child).await.unwrap();
        assert_eq!(flags.len(), 2, "{}", ts.name);
        assert_eq!(flags[0].flag, RiskFlag::SexualExploitation, "headline risks come before census factors");
        assert!(flags.iter().all(|f| f.is_active()));
        let found = store.search_children(&flag_search("CSE")).await.unwrap();
        assert_eq!(found.iter().map(|c| c.person_id).collect::<Vec<_>>(), vec![child], "{}", ts.name);
        assert!(store.search_children(&flag_search("CCE")).await.unwrap().is_empty());

        // The same flag twice is refused, and nothing is written.
        let before = store.verify(&mut |_, _| {}).await.unwrap().last_seq;
        let err = store.append(SYSTEM_USER, vec![raise(child, RiskFlag::SexualExploitation, date(2025, 2, 3))]).await.unwrap_err();
        assert!(matches!(err, StoreError::Refused(ref m) if m.contains("already has an active Child sexual exploitation flag")), "{err}");
        assert_eq!(store.verify(&mut |_, _| {}).await.unwrap().last_seq, before);

        store
            .append(
                SYSTEM_USER,
                vec![ev(EventPayload::RiskFlagRemoved(RiskFlagRemoved {
                    child_id: child,
                    flag: RiskFlag::SexualExploitation,
                    removed_on: date(2025, 3, 1),
                    reason: "Disruption plan worked; no contact with the group since February".into(),
                }))],
            )
            .await
            .unwrap();
        assert!(store.search_children(&flag_search("CSE")).await.unwrap().is_empty(), "{}", ts.name);
        let flags = store.risk_flags_of(child).await.unwrap();
        let cse = flags.iter().find(|f| f.flag == RiskFlag::SexualExploitation).unwrap();
        assert_eq!(cse.removed_on, Some(date(2025, 3, 1)));
        assert!(!flags[0].is_active() || flags[0].flag != RiskFlag::SexualExploitation, "active flags come first");
        let active = store.active_risk_flags(&[child]).await.unwrap();
        assert_eq!(active.get(&child), Some(&vec![RiskFlag::Factor(AssessmentFactor::MentalHealthParent)]));

        // Once removed it can be raised again; removing a flag that is not active is refused.
        store.append(SYSTEM_USER, vec![raise(child, RiskFlag::SexualExploitation, date(2025, 3, 2))]).await.unwrap();
        let err = store
            .append(
                SYSTEM_USER,
                vec![ev(EventPayload::RiskFlagRemoved(RiskFlagRemoved { child_id: child, flag: RiskFlag::Missing, removed_on: date(2025, 3, 2), reason: "x".into() }))],
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "{err}");

        let chronology = store.chronology(child, Some(ChronologyCategory::RiskFlag), 10).await.unwrap();
        assert_eq!(chronology.len(), 4, "raised twice, removed once, raised again: {}", ts.name);
        ts.finish().await;
    }
}

#[tokio::test]
async fn the_primary_need_is_recorded_on_the_episode_and_the_latest_counts() {
    for ts in both().await {
        let store = &ts.store;
        let (_, _, child) = seed(store).await;
        let referral_id = ReferralId::new();
        store
            .append(
                SYSTEM_USER,
                vec![ev(EventPayload::ReferralOpened(ReferralOpened {
                    referral_id,
                    child_id: child,
                    contact_id: None,
                    referral_date: date(2025, 3, 3),
                    source: ReferralSource::School,
                }))],
            )
            .await
            .unwrap();
        assert_eq!(store.referrals_of(child).await.unwrap()[0].primary_need, None);
        for need in [PrimaryNeed::FamilyInAcuteStress, PrimaryNeed::AbuseOrNeglect] {
            store
                .append(SYSTEM_USER, vec![ev(EventPayload::PrimaryNeedRecorded(PrimaryNeedRecorded { referral_id, child_id: child, primary_need: need }))])
                .await
                .unwrap();
        }
        assert_eq!(store.referrals_of(child).await.unwrap()[0].primary_need.as_deref(), Some("N1"), "{}", ts.name);
        let err = store
            .append(
                SYSTEM_USER,
                vec![ev(EventPayload::PrimaryNeedRecorded(PrimaryNeedRecorded { referral_id: ReferralId::new(), child_id: child, primary_need: PrimaryNeed::LowIncome }))],
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "{err}");
        ts.finish().await;
    }
}
