//! Significant events a worker adds to a child's chronology.
//!
//! Each template has a description and an analysis, because inspectors
//! look for what an event *means* for the child (F16), and the domain
//! refuses an analysis of under 20 characters.

use crate::rng::Rng;
use crate::text::{Vars, fill, sentence_case};

pub(crate) struct Significant {
    /// Happens to the whole household (recorded on each child's file).
    pub(crate) household: bool,
    pub(crate) title: &'static str,
    pub(crate) what_happened: &'static str,
    pub(crate) analysis: &'static str,
    pub(crate) min_age: u32,
    pub(crate) max_age: u32,
}

const fn s(
    title: &'static str,
    what_happened: &'static str,
    analysis: &'static str,
    min_age: u32,
    max_age: u32,
) -> Significant {
    Significant { household: false, title, what_happened, analysis, min_age, max_age }
}

/// An incident that affects every child at home.
const fn h(title: &'static str, what_happened: &'static str, analysis: &'static str) -> Significant {
    Significant { household: true, title, what_happened, analysis, min_age: 0, max_age: 17 }
}

/// Incidents during involvement with the family.
const INCIDENTS: &[Significant] = &[
    s(
        "Missing from home",
        "{child} was reported missing at 10pm and came home the following afternoon. {Subj} said {subj} had stayed with friends in {town}.",
        "Second missing episode in two months. The pattern suggests {child} is being drawn towards older peers and the risk of exploitation is rising; a return home interview has been offered.",
        11,
        17,
    ),
    h(
        "Domestic abuse incident at home",
        "Police were called to the home after {partner} assaulted {carer}. {child} was present and hid upstairs.",
        "{child} continues to be exposed to domestic abuse despite the safety plan. The impact on {poss} emotional wellbeing is significant and the plan must be reviewed.",
    ),
    s(
        "Hospital attendance",
        "{child} attended the emergency department with a head injury after a fall at home; {carer} delayed seeking treatment until the next morning.",
        "The injury is consistent with the account, but the delay in seeking care fits the wider pattern of neglect of {child}'s health needs.",
        0,
        10,
    ),
    s(
        "Suspended from school",
        "{child} was suspended for three days after a fight in the playground.",
        "The behaviour at school mirrors the conflict {subj} sees at home; {child} needs a consistent adult in school and a plan agreed with {carer}.",
        6,
        16,
    ),
    s(
        "Arrested",
        "{child} was arrested in {town} for possession of cannabis with intent to supply and released under investigation.",
        "This is an indicator of criminal exploitation rather than simple offending; {child} should be treated as a victim and a referral made to the exploitation panel.",
        12,
        17,
    ),
    s(
        "Disclosure at school",
        "{child} told {poss} teacher that {partner} had slapped {obj} across the face.",
        "A clear disclosure from {child} that needs a strategy discussion; {poss} account has been consistent and {subj} is worried about going home.",
        5,
        15,
    ),
    h(
        "Parent remanded in custody",
        "{partner} was remanded in custody after a serious assault in {town}.",
        "Removes an immediate risk from the home, but {carer} will need support with finances and with {child}'s feelings about the separation.",
    ),
    s(
        "Self-harm",
        "{child} told the school nurse that {subj} had been cutting {poss} arms for several weeks.",
        "{child}'s low mood has worsened since the last review. A CAMHS referral has been made and a safety plan agreed with {carer}.",
        11,
        17,
    ),
    h(
        "Moved to stay with grandparent",
        "{child} went to stay with {poss} grandmother after {carer} was admitted to hospital.",
        "Family network care is keeping {child} safe for now; a viability assessment of the grandmother is needed if this continues.",
    ),
    h(
        "Bereavement",
        "{child}'s grandfather, a key support to the family, died suddenly.",
        "Loss of a protective adult; {child} may need bereavement support and {carer} has less help with childcare.",
    ),
];

/// The start of a child protection plan, recorded by the allocated worker.
pub(crate) const CP_PLAN: Significant = s(
    "Child protection plan started",
    "The initial child protection conference decided that {child} should be the subject of a child protection plan under the category of {category}.",
    "The conference agreed that {child}'s needs are not being met safely at home; the plan sets out what must change, by when, and how the core group will know.",
    0,
    17,
);

/// Coming into care.
pub(crate) const INTO_CARE: Significant = s(
    "Became looked after",
    "{child} was {legal} and placed with foster carers in {town}.",
    "Care was needed because {child} could not be kept safe at home despite the plan; contact with {carer} and {poss} siblings is a priority in the care plan.",
    0,
    17,
);

/// Turning 18 in care.
pub(crate) const CARE_LEAVER: Significant = s(
    "Became a care leaver",
    "{child} turned 18 and moved to supported accommodation in {town}. A personal adviser has been allocated.",
    "{child} is entitled to support as a former relevant child; the pathway plan focuses on education, a settled home and managing money.",
    17,
    25,
);

/// An incident for a child of the given age (or, with `household`, for
/// the whole household) that has not already been recorded for them
/// (`used` holds titles), if any.
pub(crate) fn incident(age: u32, household: bool, used: &[&str], rng: &mut Rng) -> Option<&'static Significant> {
    let fits: Vec<&Significant> = INCIDENTS
        .iter()
        .filter(|s| s.household == household && s.min_age <= age && age <= s.max_age && !used.contains(&s.title))
        .collect();
    if fits.is_empty() {
        return None;
    }
    Some(fits[rng.index(fits.len()) % fits.len()])
}

pub(crate) fn render(s: &Significant, vars: &Vars) -> (String, String, String) {
    (s.title.to_string(), sentence_case(&fill(s.what_happened, vars)), sentence_case(&fill(s.analysis, vars)))
}

/// The category of abuse, in the words a conference uses, weighted like
/// the CIN census (neglect and emotional abuse are most plans).
pub(crate) const CP_CATEGORIES: &[(&str, u32)] =
    &[("neglect", 50), ("emotional abuse", 37), ("physical abuse", 7), ("sexual abuse", 4), ("multiple categories", 2)];

/// How a child came to be looked after.
pub(crate) const LEGAL_ROUTES: &[(&str, u32)] = &[
    ("accommodated under section 20 with {carer}'s agreement", 45),
    ("made subject to an interim care order", 45),
    ("taken into police protection and then accommodated", 10),
];

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_domain::codes::Sex;
    use hearth_domain::events::MIN_ANALYSIS_CHARS;

    #[test]
    fn every_template_fills_and_has_enough_analysis() {
        let mut vars = Vars::default();
        vars.children(&["Leo".to_string()], &[Sex::Male]);
        for k in ["carer", "partner", "town", "category", "legal"] {
            vars.set(k, "x");
        }
        for s in INCIDENTS.iter().chain([&CP_PLAN, &INTO_CARE, &CARE_LEAVER]) {
            let (title, what, analysis) = render(s, &vars);
            assert!(!title.is_empty() && title.len() <= 120);
            assert!(!what.contains('{') && !analysis.contains('{'), "{what} / {analysis}");
            assert!(analysis.chars().count() >= MIN_ANALYSIS_CHARS);
        }
        let mut rng = Rng::new(1);
        for age in 0..=17 {
            assert!(incident(age, false, &[], &mut rng).is_some());
            assert!(incident(age, true, &[], &mut rng).is_some());
        }
    }
}
