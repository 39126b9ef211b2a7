//! Annex A from a small hand-built history: exact rows per list, and the
//! workbook and CSV files read back.

use super::*;
use crate::history::care::{AdoptionRecord, CareEpisode, CareLeaverContact, CareReview, MissingSpell};
use crate::history::*;
use hearth_domain::assessment::AssessmentOutcome;
use hearth_domain::child_protection::{AbuseCategory, ConferenceDecision, ConferenceKind, Section47Outcome};
use hearth_domain::codes::{ClosureReason, Disability, Ethnicity, PrimaryNeed, ReferralSource, Sex};
use hearth_domain::ids::*;

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// A child with nothing recorded but who they are.
pub(crate) fn child(n: u128, sex: Sex, dob: NaiveDate) -> ChildHistory {
    ChildHistory {
        first_name: format!("Child{n}"),
        last_name: "Example".to_string(),
        date_of_birth: Some(dob),
        sex,
        ..ChildHistory::new(PersonId::from_u128(n), format!("H{n:07}"))
    }
}

pub(crate) fn referral(n: u128, on: NaiveDate, source: ReferralSource) -> ReferralRecord {
    ReferralRecord {
        referral_id: ReferralId::from_u128(n),
        contact_id: None,
        referral_date: on,
        source,
        primary_need: None,
        closed_on: None,
        closure_reason: None,
    }
}

pub(crate) fn care_episode(id: &str, from: NaiveDate, to: Option<NaiveDate>, rne: &str, ls: &str, place: &str) -> CareEpisode {
    CareEpisode {
        episode_id: id.to_string(),
        started_on: from,
        reason_new_episode: rne.to_string(),
        legal_status: ls.to_string(),
        category_of_need: "N1".to_string(),
        placement_type: place.to_string(),
        placement_provider: Some("PR1".to_string()),
        home_postcode: None,
        placement_postcode: Some("AB1".to_string()),
        urn: None,
        ended_on: to,
        reason_ceased: to.map(|_| "X1".to_string()),
        reason_place_change: None,
    }
}

fn visit(n: u128, on: NaiveDate, seen_alone: bool) -> VisitRecord {
    VisitRecord { visit_id: MeetingId::from_u128(n), visited_on: on, seen: true, seen_alone }
}

pub(crate) const TEAM: u128 = 900;
pub(crate) const WORKER: u128 = 901;

/// Five children: A has a contact and a referral with an assessment and a
/// CIN plan; B a section 47, conference and CP plan; C is in care; D a care
/// leaver; E has an adoption decision.
pub(crate) fn history() -> History {
    let mut h = History::default();
    h.teams.insert(TeamId::from_u128(TEAM), "Assessment Team 1".to_string());
    h.staff
        .insert(UserId::from_u128(WORKER), StaffMember { display_name: "Sam Worker".to_string(), team_id: Some(TeamId::from_u128(TEAM)) });

    let mut a = child(1, Sex::Female, d(2015, 6, 1));
    a.ethnicity = Some(Ethnicity::WhiteBritish);
    a.allocations.push(Allocation { team_id: TeamId::from_u128(TEAM), worker_id: Some(UserId::from_u128(WORKER)), from: d(2025, 9, 1) });
    a.contacts.push(ContactRecord { contact_id: ContactId::from_u128(11), received_on: d(2025, 9, 15), source: ReferralSource::School });
    a.contacts.push(ContactRecord { contact_id: ContactId::from_u128(12), received_on: d(2025, 11, 3), source: ReferralSource::Gp });
    let mut old = referral(20, d(2025, 1, 10), ReferralSource::Police);
    old.closed_on = Some(d(2025, 1, 20));
    old.closure_reason = Some(ClosureReason::ServicesCeased);
    a.referrals.push(old);
    let mut r = referral(21, d(2025, 11, 4), ReferralSource::Gp);
    r.primary_need = Some(PrimaryNeed::AbuseOrNeglect);
    a.referrals.push(r);
    a.assessments.push(AssessmentRecord {
        assessment_id: AssessmentId::from_u128(22),
        referral_id: ReferralId::from_u128(21),
        started_on: d(2025, 11, 5),
        completed_on: Some(d(2025, 12, 8)),
        authorised_on: Some(d(2025, 12, 10)),
        factors: vec![hearth_domain::codes::AssessmentFactor::Neglect],
        outcome: Some(AssessmentOutcome::ChildInNeedPlan),
    });
    a.cin_plans.push(CinPlanRecord {
        plan_id: PlanId::from_u128(23),
        referral_id: ReferralId::from_u128(21),
        started_on: d(2025, 12, 12),
        ended_on: None,
        reviews: Vec::new(),
    });
    a.visits.push(visit(24, d(2025, 11, 20), false));
    h.children.insert(a.person_id, a);

    let mut b = child(2, Sex::Male, d(2010, 3, 1));
    b.disabilities = vec![Disability::None];
    b.referrals.push(referral(30, d(2025, 10, 2), ReferralSource::School));
    b.strategy_discussions.push(StrategyDiscussionRecord {
        discussion_id: StrategyDiscussionId::from_u128(31),
        referral_id: Some(ReferralId::from_u128(30)),
        held_on: Some(d(2025, 10, 3)),
        decision: None,
    });
    b.section47s.push(Section47Record {
        enquiry_id: Section47Id::from_u128(32),
        discussion_id: StrategyDiscussionId::from_u128(31),
        discussion_on: d(2025, 10, 3),
        started_on: d(2025, 10, 5),
        child_seen_on: Some(d(2025, 10, 6)),
        child_seen_alone: Some(true),
        outcome: Some(Section47Outcome::SubstantiatedIcpcNeeded),
        completed_on: Some(d(2025, 10, 15)),
    });
    b.conferences.push(ConferenceRecord {
        conference_id: ConferenceId::from_u128(33),
        kind: ConferenceKind::Initial,
        enquiry_id: Some(Section47Id::from_u128(32)),
        plan_id: None,
        held_on: Some(d(2025, 10, 20)),
        decision: Some(ConferenceDecision::ChildProtectionPlan),
        category: Some(AbuseCategory::Neglect),
    });
    b.conferences.push(ConferenceRecord {
        conference_id: ConferenceId::from_u128(35),
        kind: ConferenceKind::Review,
        enquiry_id: None,
        plan_id: Some(PlanId::from_u128(34)),
        held_on: Some(d(2026, 1, 15)),
        decision: Some(ConferenceDecision::ChildProtectionPlan),
        category: Some(AbuseCategory::Emotional),
    });
    b.cp_plans.push(CpPlanRecord {
        plan_id: PlanId::from_u128(34),
        conference_id: ConferenceId::from_u128(33),
        started_on: d(2025, 10, 20),
        initial_category: Some(AbuseCategory::Neglect),
        latest_category: Some(AbuseCategory::Emotional),
        ended_on: None,
        end_reason: None,
    });
    b.visits.push(visit(36, d(2025, 12, 1), true));
    h.children.insert(b.person_id, b);

    let mut c = child(3, Sex::Female, d(2008, 1, 10));
    c.ethnicity = Some(Ethnicity::African);
    c.care.episodes.push(care_episode("E31", d(2024, 6, 1), Some(d(2025, 6, 1)), "S", "V2", "U4"));
    let mut moved = care_episode("E32", d(2025, 6, 1), None, "P", "C2", "K2");
    moved.placement_provider = Some("PR4".to_string());
    moved.urn = Some("SC123456".to_string());
    c.care.episodes.push(moved);
    c.care.missing.push(MissingSpell {
        spell_id: "M1".into(),
        kind: "M".into(),
        started_on: d(2025, 7, 1),
        ended_on: Some(d(2025, 7, 2)),
        return_interview_offered: Some(true),
        return_interview_accepted: Some(false),
    });
    c.care.missing.push(MissingSpell {
        spell_id: "A1".into(),
        kind: "A".into(),
        started_on: d(2025, 8, 1),
        ended_on: Some(d(2025, 8, 1)),
        return_interview_offered: None,
        return_interview_accepted: None,
    });
    c.care.reviews.push(CareReview {
        review_id: "R1".into(),
        held_on: d(2025, 9, 1),
        participation: "PN1".into(),
        iro_contact_on: Some(d(2025, 8, 30)),
    });
    h.children.insert(c.person_id, c);

    let mut dl = child(4, Sex::Male, d(2006, 5, 1));
    let mut left = care_episode("E41", d(2019, 1, 1), Some(d(2024, 5, 1)), "S", "C2", "U4");
    left.reason_ceased = Some("E5".to_string());
    dl.care.episodes.push(left);
    dl.care.care_leaver_contacts.push(CareLeaverContact {
        contact_on: d(2025, 5, 10),
        in_touch: "YES".into(),
        activity: Some("F2".into()),
        accommodation: Some("D1".into()),
    });
    h.children.insert(dl.person_id, dl);

    let mut e = child(5, Sex::Unknown, d(2023, 2, 1));
    e.care.episodes.push(care_episode("E51", d(2024, 12, 1), None, "S", "E1", "A5"));
    e.care.adoption =
        Some(AdoptionRecord { decision_on: Some(d(2025, 5, 1)), placement_order_on: Some(d(2025, 6, 1)), ..Default::default() });
    h.children.insert(e.person_id, e);
    h
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn n(v: i64) -> Cell {
    Cell::Number(v)
}

fn dt(y: i32, m: u32, day: u32) -> Cell {
    Cell::Date(d(y, m, day))
}

use Cell::Blank as B;

fn annex() -> AnnexA {
    let window = Window { from: d(2025, 4, 1), to: d(2026, 3, 31) };
    build(&history(), window, d(2026, 4, 1))
}

fn list(annex: &AnnexA, number: u8) -> &List {
    &annex.lists[usize::from(number) - 1]
}

#[test]
fn activity_lists_cover_the_last_six_months_and_care_lists_the_whole_window() {
    let annex = annex();
    assert_eq!(annex.lists.len(), 11);
    assert_eq!(list(&annex, 1).window, Window { from: d(2025, 10, 1), to: d(2026, 3, 31) });
    assert_eq!(list(&annex, 8).window, Window { from: d(2025, 4, 1), to: d(2026, 3, 31) });
    for l in &annex.lists {
        for row in &l.rows {
            assert_eq!(row.len(), l.headers.len(), "list {}", l.number);
        }
    }
}

#[test]
fn list_1_has_contacts_in_its_window_only() {
    let annex = annex();
    // The September contact is before the six months.
    assert_eq!(
        list(&annex, 1).rows,
        vec![vec![t("H0000001"), t("b) Female"), t("a) WBRI"), dt(2015, 6, 1), n(10), dt(2025, 11, 3), t("g) 3A: Health services")]]
    );
}

#[test]
fn list_3_counts_referrals_in_the_year_and_names_the_allocated_worker() {
    let annex = annex();
    assert_eq!(
        list(&annex, 3).rows,
        vec![
            vec![
                t("H0000002"),
                t("a) Male"),
                t("s) NOBT"),
                dt(2010, 3, 1),
                n(16),
                dt(2025, 10, 2),
                t("e) 2A: Schools"),
                t("b) No"),
                n(1),
                B,
                B
            ],
            vec![
                t("H0000001"),
                t("b) Female"),
                t("a) WBRI"),
                dt(2015, 6, 1),
                n(10),
                dt(2025, 11, 4),
                t("g) 3A: Health services"),
                t("b) No"),
                n(1),
                t("Assessment Team 1"),
                t("Sam Worker")
            ],
        ]
    );
}

#[test]
fn list_4_and_5_show_assessment_and_enquiry_outcomes() {
    let annex = annex();
    assert_eq!(
        list(&annex, 4).rows[0][5..],
        [t("c) Unknown"), dt(2025, 11, 5), t("a) Yes"), dt(2025, 12, 10), t("a) Yes"), t("Assessment Team 1"), t("Sam Worker")]
    );
    assert_eq!(
        list(&annex, 5).rows,
        vec![vec![
            t("H0000002"),
            t("a) Male"),
            t("s) NOBT"),
            dt(2010, 3, 1),
            n(16),
            t("b) No"),
            dt(2025, 10, 3),
            t("b) No"),
            dt(2025, 10, 20),
            t("a) Yes"),
            n(1),
            n(1),
            B,
            B
        ]]
    );
}

#[test]
fn list_6_leaves_out_no_further_action_referrals_and_gives_case_status() {
    let annex = annex();
    let rows = &list(&annex, 6).rows;
    assert_eq!(rows.len(), 2);
    // B: child protection plan open; last seen at the December visit.
    assert_eq!(rows[0][6..12], [dt(2025, 10, 2), t("N0 - Not stated"), dt(2025, 12, 1), B, B, t("b) Child Protection plan")]);
    assert_eq!(rows[1][6..12], [dt(2025, 11, 4), t("N1 - Abuse or neglect"), dt(2025, 11, 20), B, B, t("c) Child in need plan")]);
}

#[test]
fn list_7_shows_the_plan_with_its_latest_review_and_visit() {
    let annex = annex();
    assert_eq!(
        list(&annex, 7).rows[0][5..],
        [
            t("b) No"),
            dt(2025, 10, 20),
            t("a) Neglect"),
            t("d) Emotional abuse"),
            dt(2025, 12, 1),
            t("a) Yes"),
            dt(2026, 1, 15),
            B,
            t("b) No"),
            n(0),
            B,
            B
        ]
    );
}

#[test]
fn list_8_follows_the_period_of_care_and_its_placements() {
    let annex = annex();
    let rows = &list(&annex, 8).rows;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0],
        vec![
            t("H0000003"),
            t("b) Female"),
            t("o) BAFR"),
            dt(2008, 1, 10),
            n(18),
            t("b) No"),
            t("c) Unknown"),
            dt(2024, 6, 1),
            t("N1 - Abuse or neglect"),
            t("b) No"),
            dt(2025, 6, 1),
            t("C2: FCO"),
            dt(2025, 9, 1),
            B,
            B,
            dt(2025, 8, 30),
            B,
            B,
            n(2),
            B,
            B,
            dt(2025, 6, 1),
            t("p) K2: Children's Homes"),
            t("e) PR4: Private provision"),
            t("AB1"),
            t("SC123456"),
            B,
            B,
            n(1),
            n(1),
            t("a) Yes"),
            t("b) No"),
            B,
            B,
        ]
    );
    assert_eq!(list(&annex, 8).note, Some(lists::CHILDREN_IN_CARE_NOTE));
}

#[test]
fn list_9_finds_care_leavers_from_their_care_history() {
    let annex = annex();
    assert_eq!(
        list(&annex, 9).rows,
        vec![vec![
            t("H0000004"),
            t("a) Male"),
            t("s) NOBT"),
            dt(2006, 5, 1),
            n(19),
            t("c) Unknown"),
            B,
            B,
            t("b) Former relevant child"),
            t("a) Yes"),
            t("D: Semi-independent, transitional accommodation and self-contained accommodation"),
            t("a) Suitable"),
            t("F2: Full time in education other than higher"),
        ]]
    );
}

#[test]
fn list_10_has_children_with_an_adoption_decision_and_list_11_says_why_it_is_empty() {
    let annex = annex();
    assert_eq!(
        list(&annex, 10).rows,
        vec![vec![
            t("H0000005"),
            B,
            t("c) Not stated/recorded"),
            t("s) NOBT"),
            dt(2023, 2, 1),
            n(3),
            t("c) Unknown"),
            dt(2024, 12, 1),
            dt(2025, 5, 1),
            dt(2025, 6, 1),
            B,
            B,
            B,
            B,
            B,
            B
        ]]
    );
    assert!(list(&annex, 11).rows.is_empty());
    assert_eq!(list(&annex, 11).note, Some(ADOPTERS_NOTE));
}

#[test]
fn an_empty_window_gives_headers_and_no_rows() {
    let window = Window { from: d(2020, 1, 1), to: d(2020, 12, 31) };
    let annex = build(&history(), window, d(2021, 1, 1));
    let counts: Vec<usize> = annex.lists.iter().map(|l| l.rows.len()).collect();
    assert_eq!(counts, vec![0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
}

#[test]
fn the_workbook_reads_back_with_good_crcs_and_the_template_headers() {
    let annex = annex();
    let bytes = xlsx::write(&annex);
    assert_eq!(bytes, xlsx::write(&annex), "the same lists give the same bytes");
    let entries = zip::read(&bytes).expect("a readable archive");
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let mut expected = vec!["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"];
    let sheets: Vec<String> = (1..=11).map(|i| format!("xl/worksheets/sheet{i}.xml")).collect();
    expected.extend(sheets.iter().map(String::as_str));
    assert_eq!(names, expected);

    let text = |name: &str| String::from_utf8(entries.iter().find(|(n, _)| n == name).expect("part").1.clone()).expect("utf-8");
    let workbook = text("xl/workbook.xml");
    assert!(workbook.contains("<sheet name=\"List 1\" sheetId=\"1\" r:id=\"rId1\"/>"));
    assert!(workbook.contains("<sheet name=\"List 11\" sheetId=\"11\" r:id=\"rId11\"/>"));
    let sheet1 = text("xl/worksheets/sheet1.xml");
    assert!(sheet1.contains(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\" s=\"1\"><is><t>Child Unique ID</t></is></c>\
         <c r=\"B1\" t=\"inlineStr\" s=\"1\"><is><t>Gender</t></is></c>\
         <c r=\"C1\" t=\"inlineStr\" s=\"1\"><is><t>Ethnicity</t></is></c>\
         <c r=\"D1\" t=\"inlineStr\" s=\"1\"><is><t>Date of Birth</t></is></c>\
         <c r=\"E1\" t=\"inlineStr\" s=\"1\"><is><t>Age</t></is></c>\
         <c r=\"F1\" t=\"inlineStr\" s=\"1\"><is><t>Date of Contact</t></is></c>\
         <c r=\"G1\" t=\"inlineStr\" s=\"1\"><is><t>Contact Source</t></is></c></row>"
    ));
    // 1 June 2015 and 3 November 2025 as date serials with the date style.
    assert!(sheet1.contains("<c r=\"D2\" s=\"2\"><v>42156</v></c><c r=\"E2\"><v>10</v></c><c r=\"F2\" s=\"2\"><v>45964</v></c>"));
    let sheet8 = text("xl/worksheets/sheet8.xml");
    assert!(sheet8.contains("<c r=\"AH1\" t=\"inlineStr\" s=\"1\"><is><t>Allocated Worker</t></is></c></row>"));
    assert!(text("xl/styles.xml").contains("<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"));
}

#[test]
fn each_list_is_a_csv_file_with_uk_dates() {
    let files = csv::write(&annex());
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "list_1_contacts.csv",
            "list_2_early_help.csv",
            "list_3_referrals.csv",
            "list_4_assessments.csv",
            "list_5_section_47_enquiries.csv",
            "list_6_children_in_need.csv",
            "list_7_child_protection.csv",
            "list_8_children_in_care.csv",
            "list_9_care_leavers.csv",
            "list_10_adoption.csv",
            "list_11_adopters.csv",
        ]
    );
    assert_eq!(
        files[0].1,
        "Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Date of Contact,Contact Source\r\n\
         H0000001,b) Female,a) WBRI,01/06/2015,10,03/11/2025,g) 3A: Health services\r\n"
    );
    let leavers = hearth_domain::csv::read(&files[8].1).expect("valid CSV");
    assert_eq!(leavers[1].fields[10], "D: Semi-independent, transitional accommodation and self-contained accommodation");
    assert_eq!(files[10].1.lines().count(), 1);
}
