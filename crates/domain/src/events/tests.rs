use super::*;
use crate::codes::{Disability, Ethnicity, ReferralSource, Sex};
use crate::ids::{ContactId, TeamId, UserId};
use crate::people::{Address, PersonName};
use chrono::TimeZone;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn child(dob: Option<NaiveDate>, edd: Option<NaiveDate>) -> ChildRecorded {
    ChildRecorded {
        person_id: PersonId::new(),
        name: PersonName { given: "Amara".into(), family: "Testchild".into(), other: None },
        date_of_birth: dob,
        expected_date_of_birth: edd,
        sex: Sex::Female,
        ethnicity: Some(Ethnicity::WhiteAndBlackCaribbean),
        disabilities: vec![],
        upn: None,
        nhs_number: None,
        address: Some(Address { line1: "1 Synthetic Row".into(), line2: None, town: "Hearthton".into(), postcode: "HT1 1AA".into() }),
        team_id: Some(TeamId::new()),
    }
}

fn round_trip(p: &EventPayload) -> EventPayload {
    EventPayload::decode(p.type_name(), p.schema_version(), &p.data_json().unwrap()).unwrap()
}

#[test]
fn every_type_name_is_listed_once() {
    let mut names = EventPayload::TYPE_NAMES.to_vec();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), EventPayload::TYPE_NAMES.len());
}

#[test]
fn unknown_types_and_versions_are_refused() {
    assert!(matches!(EventPayload::decode("Nonsense", 1, "{}"), Err(DecodeError::UnknownType(_))));
    let p = EventPayload::ChildRecorded(child(Some(date(2015, 1, 1)), None));
    assert!(matches!(
        EventPayload::decode("ChildRecorded", 99, &p.data_json().unwrap()),
        Err(DecodeError::UnknownVersion { .. })
    ));
    assert!(matches!(EventPayload::decode("ChildRecorded", 1, "{\"person_id\":1}"), Err(DecodeError::Json(_))));
}

#[test]
fn a_child_needs_a_date_of_birth_or_an_expected_one() {
    let today = date(2026, 11, 23);
    let e = child(None, None).validate(today).unwrap_err();
    assert!(e.for_field("date_of_birth").unwrap().contains("expected date of birth"));
    assert!(child(None, Some(date(2027, 3, 1))).validate(today).is_ok());
    assert!(child(Some(date(2026, 11, 24)), None).validate(today).is_err());
    assert!(child(Some(date(2020, 1, 1)), Some(date(2027, 1, 1))).validate(today).is_err());
    assert!(child(None, Some(date(2028, 1, 1))).validate(today).is_err());
}

#[test]
fn significant_events_need_analysis_not_just_description() {
    let today = date(2026, 11, 23);
    let mut e = SignificantEventRecorded {
        child_id: PersonId::new(),
        occurred_on: date(2026, 11, 20),
        title: "Missing overnight".into(),
        what_happened: "Did not return home; found by police next morning.".into(),
        analysis: "".into(),
    };
    assert!(e.validate(today).unwrap_err().for_field("analysis").is_some());
    e.analysis = "Too short".into();
    assert!(e.validate(today).unwrap_err().for_field("analysis").unwrap().contains("at least"));
    e.analysis = "Second missing episode in a month; risk of exploitation is rising.".into();
    assert!(e.validate(today).is_ok());
    e.occurred_on = date(2026, 12, 1);
    assert!(e.validate(today).is_err());
}

#[test]
fn corrections_carry_a_reason_and_a_replacement_of_the_same_kind() {
    let original = child(Some(date(2015, 1, 1)), None);
    let mut fixed = original.clone();
    fixed.date_of_birth = Some(date(2015, 1, 10));
    let c = EventPayload::Correction(Correction {
        corrects: EventId::new(),
        reason: "Date of birth typed wrongly; birth certificate seen".into(),
        replacement: Box::new(EventPayload::ChildRecorded(fixed)),
    });
    assert_eq!(round_trip(&c), c);
    assert_eq!(c.subjects(), vec![original.person_id]);
    assert!(c.validate(date(2026, 11, 23)).is_ok());

    let no_reason = EventPayload::Correction(Correction {
        corrects: EventId::new(),
        reason: " ".into(),
        replacement: Box::new(EventPayload::ChildRecorded(original)),
    });
    assert!(no_reason.validate(date(2026, 11, 23)).unwrap_err().for_field("reason").is_some());
}

#[test]
fn postcodes() {
    for ok in ["HT1 1AA", "ht11aa", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT"] {
        assert!(valid_postcode(ok), "{ok}");
    }
    for bad in ["", "HT1", "12345", "HT1 1A", "HT1 AAA", "HTX 1AA"] {
        assert!(!valid_postcode(bad), "{bad}");
    }
}

fn arb_text() -> impl Strategy<Value = String> {
    "\\PC{0,40}"
}

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..20_000).prop_map(|d| date(1990, 1, 1) + chrono::Duration::days(d))
}

fn arb_payload() -> impl Strategy<Value = EventPayload> {
    let child = (arb_text(), arb_text(), proptest::option::of(arb_text()), proptest::option::of(arb_date()), proptest::option::of(arb_date()), 0usize..3, proptest::collection::vec(0usize..13, 0..3))
        .prop_map(|(given, family, other, dob, edd, sex, dis)| {
            EventPayload::ChildRecorded(ChildRecorded {
                person_id: PersonId::new(),
                name: PersonName { given, family, other },
                date_of_birth: dob,
                expected_date_of_birth: edd,
                sex: Sex::ALL[sex],
                ethnicity: None,
                disabilities: dis.into_iter().map(|i| Disability::ALL[i]).collect(),
                upn: None,
                nhs_number: None,
                address: None,
                team_id: None,
            })
        });
    let significant = (arb_date(), arb_text(), arb_text(), arb_text()).prop_map(|(d, t, w, a)| {
        EventPayload::SignificantEventRecorded(SignificantEventRecorded {
            child_id: PersonId::new(),
            occurred_on: d,
            title: t,
            what_happened: w,
            analysis: a,
        })
    });
    let contact = (0i64..2_000_000_000, 0usize..22, arb_text(), proptest::option::of(arb_text())).prop_map(|(secs, src, concern, name)| {
        EventPayload::ContactReceived(ContactReceived {
            contact_id: ContactId::new(),
            children: vec![PersonId::new(), PersonId::new()],
            received_at: Utc.timestamp_opt(secs, 0).unwrap(),
            source: ReferralSource::ALL[src],
            concern,
            referrer_name: name,
            referrer_organisation: None,
            chain_start: None,
        })
    });
    let staff = (arb_text(), any::<bool>()).prop_map(|(name, agency)| {
        EventPayload::StaffAccountCreated(StaffAccountCreated {
            user_id: UserId::new(),
            username: "sw.test".into(),
            display_name: name,
            role: crate::staff::Role::Practitioner,
            team_id: None,
            job_title: None,
            agency,
        })
    });
    prop_oneof![child, significant, contact, staff]
}

proptest! {
    #[test]
    fn payloads_round_trip_through_their_stored_form(p in arb_payload()) {
        prop_assert_eq!(round_trip(&p), p);
    }

    #[test]
    fn corrections_round_trip_whatever_they_replace(p in arb_payload(), reason in arb_text()) {
        let c = EventPayload::Correction(Correction { corrects: EventId::new(), reason, replacement: Box::new(p) });
        prop_assert_eq!(round_trip(&c), c);
    }
}

#[test]
fn version_1_contacts_are_read_as_version_2() {
    let v1 = r#"{"contact_id":"00000000-0000-0000-0000-000000000001","children":[],"received_at":"2025-01-01T09:00:00Z","source":"6","concern":"x","referrer_name":null,"referrer_organisation":null}"#;
    match EventPayload::decode("ContactReceived", 1, v1).unwrap() {
        EventPayload::ContactReceived(c) => assert_eq!(c.chain_start, None),
        other => panic!("{other:?}"),
    }
    assert!(EventPayload::decode("ContactReceived", 3, v1).is_err());
}

#[test]
fn a_decision_needs_a_rationale_that_fits_the_threshold_and_consent() {
    use crate::front_door::{ConsentRecord, ConsentStatus, ContactOutcome, ThresholdLevel};
    let mut d = ContactDecisionProposed {
        contact_id: ContactId::new(),
        decision_id: crate::ids::DecisionId::new(),
        outcome: ContactOutcome::InformationAndAdvice,
        threshold: ThresholdLevel::Specialist,
        rationale: "Too short".into(),
        consent: ConsentRecord { status: ConsentStatus::DispensedWith, rationale: None, agreed_by: None },
    };
    let e = d.validate().unwrap_err();
    assert!(e.for_field("rationale").unwrap().contains("at least 30"));
    assert!(e.for_field("outcome").unwrap().contains("does not fit"));
    assert!(e.for_field("consent_rationale").is_some());
    assert!(e.for_field("consent_agreed_by").is_some());
    d.outcome = ContactOutcome::StrategyDiscussion;
    d.rationale = "Third police call-out in a month; the children were present and injured.".into();
    d.consent = ConsentRecord { status: ConsentStatus::NotRequired, rationale: None, agreed_by: None };
    assert!(d.validate().is_ok());
}

mod child_protection_events {
    use super::*;
    use crate::actions::tests::action;
    use crate::child_protection::strategy_discussion::tests::attendee;
    use crate::child_protection::{Agency, StrategyDecision, StrategyDiscussion};
    use crate::ids::{ReferralId, StrategyDiscussionId};

    fn held(attendees: Vec<crate::child_protection::Attendee>) -> EventPayload {
        EventPayload::StrategyDiscussionHeld(StrategyDiscussionHeld {
            discussion_id: StrategyDiscussionId::from_u128(1),
            child_id: PersonId::from_u128(2),
            referral_id: Some(ReferralId::from_u128(3)),
            discussion: StrategyDiscussion {
                held_at: date(2026, 11, 20).and_hms_opt(16, 45, 0),
                attendees,
                information_shared: "Police: call-out on Sunday. Health: missed appointments.".into(),
                decision: Some(StrategyDecision::Section47Enquiry),
                rationale: "Injury to a baby with no explanation given.".into(),
                interim_safety_plan: "Baby stays with grandmother while the enquiry runs.".into(),
                actions: vec![action(date(2026, 11, 23))],
            },
        })
    }

    #[test]
    fn a_strategy_discussion_round_trips_and_is_filed_on_the_childs_record() {
        let p = held(vec![attendee(Agency::Police), attendee(Agency::SocialCare)]);
        assert_eq!(round_trip(&p), p);
        assert_eq!(p.stream(), StreamId::Person(PersonId::from_u128(2)));
        assert_eq!(p.subjects(), vec![PersonId::from_u128(2)]);
        assert_eq!(p.chronology_category(), ChronologyCategory::ChildProtection);
        assert_eq!(p.summary(), "Strategy discussion: start a section 47 enquiry");
        assert!(p.validate(date(2026, 11, 23)).is_ok());
    }

    #[test]
    fn the_log_refuses_a_strategy_discussion_without_attendees() {
        let errors = held(vec![]).validate(date(2026, 11, 23)).unwrap_err();
        assert_eq!(
            errors.for_field("attendees"),
            Some("Add everyone who took part in the strategy discussion, with their agency and role")
        );
    }

    #[test]
    fn a_late_reason_is_left_to_the_store_which_has_the_authoritys_bank_holidays() {
        use crate::assessment::{Assessment, AssessmentOutcome};
        use crate::codes::AssessmentFactor;
        let assessment = Assessment {
            referral_on: date(2026, 1, 5),
            started_on: Some(date(2026, 1, 6)),
            information_gathered: "Visited home; spoke to school and GP.".into(),
            analysis: "Needs are met; the worry came from a misunderstanding.".into(),
            childs_views: "Likes school.".into(),
            childs_views_not_obtained_reason: String::new(),
            factors: vec![AssessmentFactor::ALL[0]],
            outcome: Some(AssessmentOutcome::NoFurtherAction),
            completed_on: Some(date(2026, 6, 1)),
            authorised_by: None,
            authorised_on: None,
            late_reason: String::new(),
        };
        let submitted = EventPayload::AssessmentSubmitted(AssessmentSubmitted {
            assessment_id: crate::ids::AssessmentId::from_u128(1),
            child_id: PersonId::from_u128(2),
            assessment: assessment.clone(),
        });
        assert!(submitted.validate(date(2026, 11, 23)).is_ok());
        let no_date = EventPayload::AssessmentSubmitted(AssessmentSubmitted {
            assessment_id: crate::ids::AssessmentId::from_u128(1),
            child_id: PersonId::from_u128(2),
            assessment: Assessment { completed_on: None, ..assessment },
        });
        assert!(no_date.validate(date(2026, 11, 23)).unwrap_err().for_field("completed_on").is_some());
    }

    #[test]
    fn every_new_category_has_a_code_that_reads_back() {
        for c in ChronologyCategory::ALL {
            assert_eq!(ChronologyCategory::from_code(c.code()), Some(*c));
        }
    }
}
