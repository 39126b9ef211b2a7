//! The plain-language version of a child protection plan, for the child's
//! parents and carers (F18). Inspectors keep finding plans parents cannot
//! understand: written in professional shorthand, with no clear "what must
//! change, by when, and what happens if it does not". This builds that
//! version from the same record, in short sentences, with every
//! professional term either avoided or explained where it is used.
//!
//! Pure: the web layer turns the [`ParentVersion`] into a printable page
//! and a PDF, so both say exactly the same.

use super::conference::AbuseCategory;
use crate::calendar::Calendar;
use crate::clocks::ClockPolicy;
use crate::clocks::rules::{FIRST_CORE_GROUP, FIRST_REVIEW_CONFERENCE, REVIEW_CONFERENCE};
use chrono::NaiveDate;

/// The longest sentence the generated text should hold. Plain English
/// guidance puts an average of 15 to 20 words as easy to read; 25 is the
/// upper limit for any one sentence.
pub const MAX_SENTENCE_WORDS: usize = 25;

/// Professional terms parents should not meet unexplained. Each is either
/// left out of the generated text or explained in brackets where it is used,
/// as "(called a core group)".
pub const JARGON: &[&str] = &[
    "section 47",
    "s47",
    "ICPC",
    "RCPC",
    "core group",
    "contingency",
    "review conference",
    "initial child protection conference",
    "strategy discussion",
    "significant harm",
    "safeguarding",
    "multi-agency",
    "statutory",
    "threshold",
    "category of abuse",
    "CIN",
    "CP plan",
    "PLO",
    "pre-proceedings",
    "legal planning meeting",
    "MASH",
    "LADO",
    "LA",
];

/// What one action says to a parent: who, what, by when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlainAction {
    /// "Ana Test (Health visiting)", "Your social worker", "Mum".
    pub who: String,
    pub what: String,
    pub due_on: NaiveDate,
}

/// Everything the parents' version is made from, taken from the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentPlanFacts {
    /// The name the family uses for the child (their first name).
    pub child_name: String,
    /// The category the plan is under now.
    pub category: AbuseCategory,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// The open actions.
    pub actions: Vec<PlainAction>,
    pub contingency_plan: String,
    /// The allocated social worker, if there is one, and their team.
    pub worker: Option<String>,
    pub team: Option<String>,
    pub authority_name: String,
    pub next_core_group: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
}

/// One part of the version: a heading, paragraphs, then a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub items: Vec<String>,
    /// Text written by the worker (the contingency plan), quoted as written:
    /// shown set apart, and not held to the generated text's word rules.
    pub quoted: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentVersion {
    pub title: String,
    pub intro: Vec<String>,
    pub sections: Vec<ParentSection>,
}

impl ParentVersion {
    /// Every generated sentence, for the word and jargon checks and tests
    /// (quoted worker text is left out: it is shown as written).
    pub fn generated_text(&self) -> String {
        let mut out = vec![self.title.clone()];
        out.extend(self.intro.iter().cloned());
        for s in &self.sections {
            out.push(s.heading.clone());
            out.extend(s.paragraphs.iter().cloned());
            out.extend(s.items.iter().cloned());
        }
        out.join("\n")
    }
}

/// When the next core group and review conference are due: the first core
/// group 10 working days from the plan's start, then at the local interval
/// from the last; the first review 3 months from the start, then 6 months
/// from the last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextMeetings {
    pub core_group: NaiveDate,
    pub review: NaiveDate,
}

pub fn next_meetings(
    started_on: NaiveDate,
    core_groups: &[NaiveDate],
    reviews: &[NaiveDate],
    policy: &ClockPolicy,
    calendar: &Calendar,
) -> NextMeetings {
    let core_group = match core_groups.iter().max() {
        None => FIRST_CORE_GROUP.period(policy).due_from(started_on, calendar),
        Some(last) => policy.core_group_interval.due_from(*last, calendar),
    };
    let review = match reviews.iter().max() {
        None => FIRST_REVIEW_CONFERENCE.period(policy).due_from(started_on, calendar),
        Some(last) => REVIEW_CONFERENCE.period(policy).due_from(*last, calendar),
    };
    NextMeetings { core_group, review }
}

fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

/// Why there is a plan, in words a parent would use.
pub fn why_in_plain_words(category: AbuseCategory, child: &str) -> String {
    match category {
        AbuseCategory::Neglect => {
            format!("We are worried that {child}'s needs for food, warmth, health care or supervision are not being met.")
        }
        AbuseCategory::Physical => format!("We are worried that {child} has been hurt, or could be hurt, by an adult."),
        AbuseCategory::Sexual => format!("We are worried that {child} has been, or could be, harmed sexually."),
        AbuseCategory::Emotional => {
            format!("We are worried that how {child} is treated, or what {child} sees and hears at home, is harming how {child} feels.")
        }
        AbuseCategory::Multiple => format!("We are worried about {child}'s safety in more than one way."),
    }
}

/// The worker's words for an action, as a clause: no trailing full stop.
fn clause(text: &str) -> String {
    let t = text.trim().trim_end_matches(['.', ';', ',']).trim();
    let mut c = t.chars();
    match c.next() {
        // Lower-case the first letter only when the second is lower case too,
        // so names and short forms ("GP", "Mum") keep their capital.
        Some(f) if c.clone().next().is_some_and(char::is_lowercase) && !f.is_lowercase() && !starts_with_name(t) => {
            f.to_lowercase().collect::<String>() + c.as_str()
        }
        _ => t.to_string(),
    }
}

/// Words that start a sentence but are not names: "Attend", "Make", "The".
/// Anything else capitalised is taken to be a name and left alone.
fn starts_with_name(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    let first = first.trim_matches(|c: char| !c.is_alphanumeric());
    // A common verb or article at the start is not a name.
    const NOT_NAMES: &[&str] = &[
        "Attend", "Make", "Take", "Keep", "Visit", "Check", "Arrange", "Complete", "Go", "Ensure", "Meet", "Book", "Refer", "Share",
        "Provide", "Support", "Tell", "Call", "Phone", "Ring", "See", "Work", "Help", "The", "A", "An", "To", "Continue", "Start", "Stop",
        "Give", "Write", "Send", "Contact", "Register", "Talk", "Speak", "Use", "Clean", "Buy", "Move",
    ];
    !NOT_NAMES.contains(&first)
}

/// Builds the parents' version from the facts.
pub fn parent_version(f: &ParentPlanFacts) -> ParentVersion {
    let child = f.child_name.trim();
    let started = long_date(f.started_on);
    let title = format!("Keeping {child} safe: the plan in plain words");
    let mut intro = vec![
        format!("This is a short version of {child}'s child protection plan."),
        format!("It is written for {child}'s parents and carers."),
        format!("The plan was agreed at a meeting on {started}."),
    ];
    let mut sections = Vec::new();

    if let Some(ended) = f.ended_on {
        intro.push(format!("The plan ended on {}.", long_date(ended)));
    }

    sections.push(ParentSection {
        heading: "Why there is a plan".to_string(),
        paragraphs: vec![
            why_in_plain_words(f.category, child),
            format!("Everyone at the meeting agreed that {child} needs a plan to stay safe."),
            "The plan says what needs to change, and who will help.".to_string(),
        ],
        items: vec![],
        quoted: None,
    });

    let mut items: Vec<String> = Vec::with_capacity(f.actions.len());
    let mut actions = f.actions.clone();
    actions.sort_by_key(|a| a.due_on);
    for a in &actions {
        items.push(format!("{}: {}, by {}.", a.who.trim(), clause(&a.what), long_date(a.due_on)));
    }
    let change_intro = if items.is_empty() {
        "There is nothing left on the list to do right now.".to_string()
    } else {
        "These are the things people have agreed to do. Each one says who will do it and by when.".to_string()
    };
    sections.push(ParentSection { heading: "What needs to change".to_string(), paragraphs: vec![change_intro], items, quoted: None });

    let contingency = f.contingency_plan.trim();
    sections.push(ParentSection {
        heading: "What will happen if things do not change".to_string(),
        paragraphs: vec![format!("If the plan is not keeping {child} safe, this is what will happen. These are the plan's own words:")],
        items: vec![],
        quoted: (!contingency.is_empty()).then(|| contingency.to_string()),
    });

    let mut contact = Vec::new();
    match (f.worker.as_deref().map(str::trim).filter(|w| !w.is_empty()), f.team.as_deref().map(str::trim).filter(|t| !t.is_empty())) {
        (Some(worker), Some(team)) => {
            contact.push(format!("Your social worker is {worker} ({team}), at {}.", f.authority_name.trim()));
        }
        (Some(worker), None) => contact.push(format!("Your social worker is {worker}, at {}.", f.authority_name.trim())),
        (None, _) => contact.push(format!(
            "A social worker has not yet been named. Call {} children's services and ask for the duty social worker.",
            f.authority_name.trim()
        )),
    }
    contact.push("You can ask them questions about the plan at any time.".to_string());
    contact.push("If you are worried about a child's safety at night or at the weekend, call the out-of-hours team.".to_string());
    contact.push(format!("If {child} is in danger now, call 999."));
    sections.push(ParentSection { heading: "Who to contact".to_string(), paragraphs: contact, items: vec![], quoted: None });

    if f.ended_on.is_none() {
        let mut next = Vec::new();
        if let Some(d) = f.next_core_group {
            next.push(format!(
                "The people helping your family will meet by {} (called a core group). You are invited to this meeting.",
                long_date(d)
            ));
            next.push("They meet often to check how the plan is going.".to_string());
        }
        if let Some(d) = f.next_review {
            next.push(format!(
                "A bigger meeting to look at the whole plan again will be held by {} (called a review conference).",
                long_date(d)
            ));
            next.push(format!("At that meeting, everyone will decide if {child} still needs the plan."));
        }
        if !next.is_empty() {
            sections.push(ParentSection { heading: "What happens next".to_string(), paragraphs: next, items: vec![], quoted: None });
        }
    }

    sections.push(ParentSection {
        heading: "Your views matter".to_string(),
        paragraphs: vec![
            "You can bring someone to support you at meetings.".to_string(),
            "If you do not agree with something in the plan, tell your social worker.".to_string(),
            "You can also ask how to make a complaint.".to_string(),
        ],
        items: vec![],
        quoted: None,
    });

    ParentVersion { title, intro, sections }
}

/// Whether `term` occurs in `text` as a whole word or phrase (case is
/// ignored): "CIN" in "medicine" is not a match.
fn has_term(text: &str, term: &str) -> bool {
    let hay = text.to_lowercase();
    let needle = term.to_lowercase();
    let mut from = 0;
    while let Some(i) = hay[from..].find(&needle) {
        let start = from + i;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return true;
        }
        from = start + needle.len().max(1);
        while from < hay.len() && !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Removes explanations "(called a core group)" so what is left can be
/// checked for terms used without one.
fn without_explanations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("(called ") {
        out.push_str(&rest[..i]);
        match rest[i..].find(')') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The professional terms `text` uses without explaining them.
pub fn unexplained_jargon(text: &str) -> Vec<&'static str> {
    let plain = without_explanations(text);
    JARGON.iter().copied().filter(|t| has_term(&plain, t)).collect()
}

/// Sentences of `text` longer than [`MAX_SENTENCE_WORDS`] words.
pub fn long_sentences(text: &str) -> Vec<String> {
    text.split(['.', '!', '?', '\n', ':'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() > MAX_SENTENCE_WORDS)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn facts() -> ParentPlanFacts {
        ParentPlanFacts {
            child_name: "Amara".into(),
            category: AbuseCategory::Neglect,
            started_on: d(2026, 11, 20),
            ended_on: None,
            actions: vec![
                PlainAction {
                    who: "Ana Test (Health visiting)".into(),
                    what: "Visit the home and check where Amara sleeps.".into(),
                    due_on: d(2026, 12, 4),
                },
                PlainAction { who: "Mum".into(), what: "Take Amara to every dentist appointment".into(), due_on: d(2026, 12, 1) },
            ],
            contingency_plan: "If home conditions fall below the agreed standard again, a legal planning meeting is held within 5 days."
                .into(),
            worker: Some("Sam Worker".into()),
            team: Some("Hearthton CIN/CP 1".into()),
            authority_name: "Hearthshire County Council".into(),
            next_core_group: Some(d(2026, 12, 4)),
            next_review: Some(d(2027, 2, 20)),
        }
    }

    #[test]
    fn every_category_is_said_in_plain_words() {
        assert_eq!(
            why_in_plain_words(AbuseCategory::Neglect, "Amara"),
            "We are worried that Amara's needs for food, warmth, health care or supervision are not being met."
        );
        for c in AbuseCategory::ALL {
            let s = why_in_plain_words(*c, "Amara");
            assert!(s.contains("Amara"), "{s}");
            assert!(unexplained_jargon(&s).is_empty(), "{s}");
            assert!(!s.to_lowercase().contains("abuse"), "{s}: the category's label is not repeated at the family");
        }
    }

    #[test]
    fn the_version_says_why_what_if_not_who_and_when() {
        let v = parent_version(&facts());
        let text = v.generated_text();
        assert!(text.contains("We are worried that Amara's needs for food, warmth"), "{text}");
        // Each action as "Who: what, by when", the earliest first.
        let change = v.sections.iter().find(|s| s.heading == "What needs to change").unwrap();
        assert_eq!(
            change.items,
            vec![
                "Mum: take Amara to every dentist appointment, by Tuesday 1 December 2026.".to_string(),
                "Ana Test (Health visiting): visit the home and check where Amara sleeps, by Friday 4 December 2026.".to_string(),
            ]
        );
        let if_not = v.sections.iter().find(|s| s.heading == "What will happen if things do not change").unwrap();
        assert!(if_not.quoted.as_deref().unwrap().starts_with("If home conditions fall"));
        assert!(text.contains("Your social worker is Sam Worker (Hearthton CIN/CP 1), at Hearthshire County Council."));
        assert!(text.contains("by Friday 4 December 2026 (called a core group)"));
        assert!(text.contains("by Saturday 20 February 2027 (called a review conference)"));
    }

    #[test]
    fn the_generated_text_has_no_unexplained_jargon_and_short_sentences() {
        // The team's name ("CIN/CP") is the worker's, not generated: check
        // the version built with a plain team name.
        let f = ParentPlanFacts { team: Some("Hearthton North".into()), ..facts() };
        for category in AbuseCategory::ALL {
            for ended in [None, Some(d(2027, 5, 1))] {
                for worker in [None, Some("Sam Worker".to_string())] {
                    let v = parent_version(&ParentPlanFacts { category: *category, ended_on: ended, worker: worker.clone(), ..f.clone() });
                    let text = v.generated_text();
                    assert_eq!(unexplained_jargon(&text), Vec::<&str>::new(), "{text}");
                    assert_eq!(long_sentences(&text), Vec::<String>::new());
                    for raw in ["section 47", "ICPC", "contingency"] {
                        assert!(!text.to_lowercase().contains(&raw.to_lowercase()), "{raw} in {text}");
                    }
                }
            }
        }
    }

    #[test]
    fn jargon_is_found_as_whole_words_and_explanations_are_allowed() {
        assert_eq!(unexplained_jargon("The ICPC met after the section 47 enquiry"), vec!["section 47", "ICPC"]);
        assert_eq!(unexplained_jargon("Take your medicine"), Vec::<&str>::new(), "CIN inside a word is not jargon");
        assert_eq!(unexplained_jargon("They meet by Friday (called a core group)."), Vec::<&str>::new());
        assert_eq!(unexplained_jargon("The core group meets (called a core group)."), vec!["core group"]);
        assert_eq!(unexplained_jargon("The contingency plan"), vec!["contingency"]);
        assert!(!long_sentences(&"word ".repeat(26)).is_empty());
        assert!(long_sentences(&"word ".repeat(25)).is_empty());
    }

    #[test]
    fn an_empty_list_of_actions_is_said_plainly_and_no_worker_gives_the_duty_line() {
        let v = parent_version(&ParentPlanFacts { actions: vec![], worker: None, ..facts() });
        let text = v.generated_text();
        assert!(text.contains("There is nothing left on the list to do right now."));
        assert!(text.contains("Call Hearthshire County Council children's services and ask for the duty social worker."));
    }

    #[test]
    fn next_meetings_follow_the_clock_rules() {
        let cal = Calendar::england_and_wales();
        let policy = ClockPolicy::default();
        // Friday 20 November 2026: 10 working days on is Friday 4 December.
        let n = next_meetings(d(2026, 11, 20), &[], &[], &policy, &cal);
        assert_eq!(n.core_group, d(2026, 12, 4));
        assert_eq!(n.review, d(2027, 2, 20));
        // After a core group and a review: the local interval (4 weeks) and 6 months.
        let n = next_meetings(d(2026, 11, 20), &[d(2026, 12, 3)], &[d(2027, 2, 18)], &policy, &cal);
        assert_eq!(n.core_group, d(2026, 12, 31));
        assert_eq!(n.review, d(2027, 8, 18));
    }

    #[test]
    fn action_wording_keeps_names_and_drops_trailing_stops() {
        assert_eq!(clause("Visit the home."), "visit the home");
        assert_eq!(clause("GP to review medication"), "GP to review medication");
        assert_eq!(clause("Amara's dad to attend parenting course"), "Amara's dad to attend parenting course");
    }
}
