//! The CIN census as the DfE's XML file: `Message`, no namespace, elements
//! in the order of the DfE's schema, two-space indentation and one element
//! a line, so the same census always gives the same bytes and two files
//! can be compared line by line. Reading it back is in `xml_read`.

use super::model::{Assessment, Child, ChildProtectionPlan, CinCensus, CinDetails, Header};
use chrono::NaiveDate;

pub use super::xml_read::parse;

/// The file's text for a census.
pub fn write(census: &CinCensus) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    message(census).write_to(&mut out, 0);
    out
}

/// One element to write: a value, or elements inside it.
enum Node {
    Leaf(&'static str, String),
    Branch(&'static str, Vec<Node>),
}

impl Node {
    fn write_to(&self, out: &mut String, depth: usize) {
        let indent = "  ".repeat(depth);
        match self {
            Node::Leaf(name, value) => {
                out.push_str(&format!("{indent}<{name}>"));
                escape_into(out, value);
                out.push_str(&format!("</{name}>\n"));
            }
            Node::Branch(name, children) if children.is_empty() => out.push_str(&format!("{indent}<{name}/>\n")),
            Node::Branch(name, children) => {
                out.push_str(&format!("{indent}<{name}>\n"));
                for child in children {
                    child.write_to(out, depth + 1);
                }
                out.push_str(&format!("{indent}</{name}>\n"));
            }
        }
    }
}

fn escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// Collects the elements inside one, leaving out those with no value.
#[derive(Default)]
struct Elements(Vec<Node>);

impl Elements {
    fn text(mut self, name: &'static str, value: Option<&str>) -> Self {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.0.push(Node::Leaf(name, v.to_string()));
        }
        self
    }

    fn date(self, name: &'static str, value: Option<NaiveDate>) -> Self {
        let text = value.map(|d| d.format("%Y-%m-%d").to_string());
        self.text(name, text.as_deref())
    }

    fn node(mut self, node: Node) -> Self {
        self.0.push(node);
        self
    }

    fn nodes(mut self, nodes: impl IntoIterator<Item = Node>) -> Self {
        self.0.extend(nodes);
        self
    }

    /// A wrapper (`Disabilities`, `Reviews`) written only when it holds something.
    fn list(self, name: &'static str, items: Vec<Node>) -> Self {
        if items.is_empty() { self } else { self.node(Node::Branch(name, items)) }
    }

    fn element(self, name: &'static str) -> Node {
        Node::Branch(name, self.0)
    }
}

fn leaves<'a>(name: &'static str, values: impl IntoIterator<Item = &'a String>) -> Vec<Node> {
    values.into_iter().filter(|v| !v.is_empty()).map(|v| Node::Leaf(name, v.clone())).collect()
}

fn message(census: &CinCensus) -> Node {
    Elements::default()
        .node(header(&census.header))
        .node(Elements::default().nodes(census.children.iter().map(child)).element("Children"))
        .element("Message")
}

fn header(h: &Header) -> Node {
    let collection = Elements::default()
        .text("Collection", Some(&h.collection))
        .text("Year", Some(&h.year))
        .date("ReferenceDate", h.reference_date)
        .element("CollectionDetails");
    let source = Elements::default()
        .text("SourceLevel", Some(&h.source_level))
        .text("LEA", Some(&h.lea))
        .text("SoftwareCode", Some(&h.software_code))
        .text("Release", Some(&h.release))
        .text("SerialNo", Some(&h.serial_no))
        .text("DateTime", Some(&h.date_time))
        .element("Source");
    Elements::default().node(collection).node(source).element("Header")
}

fn child(c: &Child) -> Node {
    let i = &c.identifiers;
    let identifiers = Elements::default()
        .text("LAchildID", i.la_child_id.as_deref())
        .text("UPN", i.upn.as_deref())
        .text("FormerUPN", i.former_upn.as_deref())
        .text("UPNunknown", i.upn_unknown.as_deref())
        .date("PersonBirthDate", i.person_birth_date)
        .date("ExpectedPersonBirthDate", i.expected_person_birth_date)
        .text("Sex", i.sex.as_deref())
        .date("PersonDeathDate", i.person_death_date)
        .element("ChildIdentifiers");
    let characteristics = Elements::default()
        .text("Ethnicity", c.characteristics.ethnicity.as_deref())
        .list("Disabilities", leaves("Disability", &c.characteristics.disabilities))
        .element("ChildCharacteristics");
    Elements::default().node(identifiers).node(characteristics).nodes(c.cin_details.iter().map(episode)).element("Child")
}

fn episode(e: &CinDetails) -> Node {
    Elements::default()
        .date("CINreferralDate", e.cin_referral_date)
        .text("ReferralSource", e.referral_source.as_deref())
        .text("PrimaryNeedCode", e.primary_need_code.as_deref())
        .date("CINclosureDate", e.cin_closure_date)
        .text("ReasonForClosure", e.reason_for_closure.as_deref())
        .date("DateOfInitialCPC", e.date_of_initial_cpc)
        .nodes(e.assessments.iter().map(assessment))
        .nodes(
            e.cin_plan_dates.iter().map(|p| {
                Elements::default().date("CINPlanStartDate", p.start_date).date("CINPlanEndDate", p.end_date).element("CINPlanDates")
            }),
        )
        .nodes(e.section47.iter().map(|s| {
            Elements::default()
                .date("S47ActualStartDate", s.actual_start_date)
                .date("InitialCPCtarget", s.initial_cpc_target)
                .date("DateOfInitialCPC", s.date_of_initial_cpc)
                .text("ICPCnotRequired", s.icpc_not_required.as_deref())
                .element("Section47")
        }))
        .text("ReferralNFA", e.referral_nfa.as_deref())
        .nodes(e.child_protection_plans.iter().map(cp_plan))
        .element("CINdetails")
}

fn assessment(a: &Assessment) -> Node {
    Elements::default()
        .date("AssessmentActualStartDate", a.actual_start_date)
        .date("AssessmentInternalReviewDate", a.internal_review_date)
        .date("AssessmentAuthorisationDate", a.authorisation_date)
        .list("FactorsIdentifiedAtAssessment", leaves("AssessmentFactors", &a.factors))
        .element("Assessments")
}

fn cp_plan(p: &ChildProtectionPlan) -> Node {
    let reviews = p
        .review_dates
        .iter()
        .map(|d| Node::Leaf("CPPreviewDate", d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()))
        .collect();
    Elements::default()
        .date("CPPstartDate", p.start_date)
        .date("CPPendDate", p.end_date)
        .text("InitialCategoryOfAbuse", p.initial_category_of_abuse.as_deref())
        .text("LatestCategoryOfAbuse", p.latest_category_of_abuse.as_deref())
        .text("NumberOfPreviousCPP", p.number_of_previous_cpp.as_deref())
        .list("Reviews", reviews)
        .element("ChildProtectionPlans")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::cin::model::{ChildCharacteristics, ChildIdentifiers, CinPlanDates, Section47};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    /// A census with every element the model holds, and text needing escapes.
    pub(crate) fn every_element() -> CinCensus {
        CinCensus {
            header: Header {
                collection: "CIN".into(),
                year: "2026".into(),
                reference_date: Some(d(2026, 3, 31)),
                source_level: "L".into(),
                lea: "999".into(),
                software_code: "Hearth".into(),
                release: "0.1.0".into(),
                serial_no: "1".into(),
                date_time: "2026-05-15T08:30:05".into(),
            },
            children: vec![
                Child {
                    identifiers: ChildIdentifiers {
                        la_child_id: s("H0000001"),
                        upn: s("A999000000001"),
                        former_upn: s("B999000000002"),
                        upn_unknown: s("UN1"),
                        person_birth_date: Some(d(2015, 6, 1)),
                        expected_person_birth_date: Some(d(2015, 6, 3)),
                        sex: s("F"),
                        person_death_date: Some(d(2026, 1, 2)),
                    },
                    characteristics: ChildCharacteristics { ethnicity: s("WBRI"), disabilities: vec!["MOB".into(), "HAND".into()] },
                    cin_details: vec![
                        CinDetails {
                            cin_referral_date: Some(d(2025, 5, 1)),
                            referral_source: s("3A"),
                            primary_need_code: s("N1"),
                            cin_closure_date: Some(d(2026, 1, 2)),
                            reason_for_closure: s("RC2"),
                            date_of_initial_cpc: Some(d(2025, 5, 20)),
                            assessments: vec![
                                Assessment {
                                    actual_start_date: Some(d(2025, 5, 2)),
                                    internal_review_date: Some(d(2025, 5, 10)),
                                    authorisation_date: Some(d(2025, 6, 1)),
                                    factors: vec!["3A".into(), "16A".into()],
                                },
                                Assessment { actual_start_date: Some(d(2025, 9, 1)), ..Default::default() },
                            ],
                            cin_plan_dates: vec![CinPlanDates { start_date: Some(d(2025, 6, 2)), end_date: Some(d(2025, 7, 1)) }],
                            section47: vec![Section47 {
                                actual_start_date: Some(d(2025, 5, 3)),
                                initial_cpc_target: Some(d(2025, 5, 23)),
                                date_of_initial_cpc: Some(d(2025, 5, 21)),
                                icpc_not_required: s("false"),
                            }],
                            referral_nfa: s("false"),
                            child_protection_plans: vec![ChildProtectionPlan {
                                start_date: Some(d(2025, 5, 21)),
                                end_date: Some(d(2026, 1, 2)),
                                initial_category_of_abuse: s("NEG"),
                                latest_category_of_abuse: s("MUL"),
                                number_of_previous_cpp: s("0"),
                                review_dates: vec![Some(d(2025, 8, 20)), Some(d(2026, 1, 1))],
                            }],
                        },
                        CinDetails { cin_referral_date: Some(d(2025, 4, 2)), referral_nfa: s("true"), ..Default::default() },
                    ],
                },
                Child {
                    identifiers: ChildIdentifiers { la_child_id: s("<H&'\">"), ..Default::default() },
                    characteristics: ChildCharacteristics::default(),
                    cin_details: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn a_small_census_is_written_element_for_element() {
        let census = CinCensus {
            header: Header { collection: "CIN".into(), year: "2026".into(), reference_date: Some(d(2026, 3, 31)), ..Default::default() },
            children: vec![Child {
                identifiers: ChildIdentifiers { la_child_id: s("A&B"), sex: s("U"), ..Default::default() },
                characteristics: ChildCharacteristics { ethnicity: s("NOBT"), disabilities: vec!["NONE".into()] },
                cin_details: vec![CinDetails {
                    cin_referral_date: Some(d(2025, 4, 2)),
                    assessments: vec![Assessment {
                        actual_start_date: Some(d(2025, 4, 3)),
                        factors: vec!["21".into()],
                        ..Default::default()
                    }],
                    referral_nfa: s("false"),
                    child_protection_plans: vec![ChildProtectionPlan { review_dates: vec![Some(d(2025, 6, 1))], ..Default::default() }],
                    ..Default::default()
                }],
            }],
        };
        let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CIN</Collection>
      <Year>2026</Year>
      <ReferenceDate>2026-03-31</ReferenceDate>
    </CollectionDetails>
    <Source/>
  </Header>
  <Children>
    <Child>
      <ChildIdentifiers>
        <LAchildID>A&amp;B</LAchildID>
        <Sex>U</Sex>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>NOBT</Ethnicity>
        <Disabilities>
          <Disability>NONE</Disability>
        </Disabilities>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2025-04-02</CINreferralDate>
        <Assessments>
          <AssessmentActualStartDate>2025-04-03</AssessmentActualStartDate>
          <FactorsIdentifiedAtAssessment>
            <AssessmentFactors>21</AssessmentFactors>
          </FactorsIdentifiedAtAssessment>
        </Assessments>
        <ReferralNFA>false</ReferralNFA>
        <ChildProtectionPlans>
          <Reviews>
            <CPPreviewDate>2025-06-01</CPPreviewDate>
          </Reviews>
        </ChildProtectionPlans>
      </CINdetails>
    </Child>
  </Children>
</Message>
"#;
        assert_eq!(write(&census), expected);
    }

    #[test]
    fn elements_follow_the_schema_order_and_escape_markup() {
        let xml = write(&every_element());
        let names: Vec<&str> = xml
            .lines()
            .filter_map(|l| l.trim().strip_prefix('<'))
            .filter(|l| !l.starts_with('/') && !l.starts_with('?'))
            .map(|l| l.split(['>', '/']).next().unwrap_or(""))
            .collect();
        let episode: Vec<&str> = names.iter().copied().skip_while(|n| *n != "CINdetails").take(38).collect();
        assert_eq!(
            episode,
            vec![
                "CINdetails",
                "CINreferralDate",
                "ReferralSource",
                "PrimaryNeedCode",
                "CINclosureDate",
                "ReasonForClosure",
                "DateOfInitialCPC",
                "Assessments",
                "AssessmentActualStartDate",
                "AssessmentInternalReviewDate",
                "AssessmentAuthorisationDate",
                "FactorsIdentifiedAtAssessment",
                "AssessmentFactors",
                "AssessmentFactors",
                "Assessments",
                "AssessmentActualStartDate",
                "CINPlanDates",
                "CINPlanStartDate",
                "CINPlanEndDate",
                "Section47",
                "S47ActualStartDate",
                "InitialCPCtarget",
                "DateOfInitialCPC",
                "ICPCnotRequired",
                "ReferralNFA",
                "ChildProtectionPlans",
                "CPPstartDate",
                "CPPendDate",
                "InitialCategoryOfAbuse",
                "LatestCategoryOfAbuse",
                "NumberOfPreviousCPP",
                "Reviews",
                "CPPreviewDate",
                "CPPreviewDate",
                "CINdetails",
                "CINreferralDate",
                "ReferralNFA",
                "Child",
            ]
        );
        let identifiers: Vec<&str> = names.iter().copied().skip_while(|n| *n != "ChildIdentifiers").skip(1).take(8).collect();
        assert_eq!(
            identifiers,
            vec!["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate", "Sex", "PersonDeathDate"]
        );
        assert!(xml.contains("  <Header>\n    <CollectionDetails>\n      <Collection>CIN</Collection>\n"));
        assert!(xml.contains("<LAchildID>&lt;H&amp;&apos;&quot;&gt;</LAchildID>"));
        assert!(xml.contains("    <Child>\n      <ChildIdentifiers>\n        <LAchildID>&lt;"));
        assert!(xml.contains("      <ChildCharacteristics/>\n    </Child>"));
    }

    #[test]
    fn every_element_reads_back_as_written() {
        let census = every_element();
        let xml = write(&census);
        assert_eq!(parse(&xml), Ok(census));
        // The same census always gives the same bytes.
        assert_eq!(write(&every_element()), xml);
    }

    #[test]
    fn an_empty_census_reads_back() {
        let census = CinCensus::default();
        let xml = write(&census);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>\n    <CollectionDetails/>\n    <Source/>\n  </Header>\n  <Children/>\n</Message>\n"
        );
        assert_eq!(parse(&xml), Ok(census));
    }
}
