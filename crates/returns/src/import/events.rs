//! What every importer shares: a child's planned events, put in the order
//! the store needs and checked with each payload's own rules on its date,
//! and the wording imported records use for what the return does not hold.

use super::{ChildImport, ImportSource, at_noon};
use crate::file_error::FileError;
use chrono::NaiveDate;
use hearth_domain::actions::{Action, ActionId, ActionOwner, ActionStatus};
use hearth_domain::child_protection::{Agency, Attendee};
use hearth_domain::events::{EventPayload, NewEvent, SignificantEventRecorded};
use hearth_domain::ids::PersonId;

/// One event a child's import will append.
#[derive(Clone, Debug)]
pub(crate) struct Planned {
    /// When it happened: the event is dated at noon that day, and
    /// validated as if recorded then.
    pub date: NaiveDate,
    /// Which of the child's episodes it belongs to, so on a day one episode
    /// closes and the next opens, the first one's events come first.
    pub group: usize,
    /// Its place among the same episode's events of one day (an episode
    /// opens before its assessment starts; a plan ends before the next starts).
    pub rank: u8,
    /// The element it comes from, for problems.
    pub place: String,
    pub payload: EventPayload,
}

/// The events and problems of one child, as they are found.
#[derive(Debug)]
pub(crate) struct ChildPlan {
    pub place: String,
    pub file: Option<String>,
    pub person_id: PersonId,
    pub events: Vec<Planned>,
    pub problems: Vec<FileError>,
}

impl ChildPlan {
    pub(crate) fn new(place: String, file: Option<String>, person_id: PersonId) -> Self {
        Self { place, file, person_id, events: Vec::new(), problems: Vec::new() }
    }

    pub(crate) fn push(&mut self, date: NaiveDate, group: usize, rank: u8, place: &str, payload: EventPayload) {
        self.events.push(Planned { date, group, rank, place: place.to_string(), payload });
    }

    pub(crate) fn problem(&mut self, line: Option<usize>, place: &str, message: impl Into<String>) {
        let mut e = FileError::new(line, place, message);
        e.file = self.file.clone();
        self.problems.push(e);
    }

    /// Orders the events (`first` before all, `last` after all, the rest by
    /// date, episode and rank, keeping the order found among equals) and
    /// checks each with its payload's rules on its own date.
    pub(crate) fn finish(mut self, source_id: Option<String>, first: Vec<Planned>, last: Vec<Planned>) -> ChildImport {
        self.events.sort_by_key(|p| (p.date, p.group, p.rank));
        let ordered: Vec<Planned> = first.into_iter().chain(self.events).chain(last).collect();
        let mut problems = self.problems;
        for p in &ordered {
            if let Err(errors) = p.payload.validate(p.date) {
                for e in errors.0 {
                    let mut fe = FileError::new(None, p.place.clone(), format!("Hearth cannot record this: {}", e.message));
                    fe.file = self.file.clone();
                    if !problems.contains(&fe) {
                        problems.push(fe);
                    }
                }
            }
        }
        let events = ordered.into_iter().map(|p| NewEvent::new(p.payload, at_noon(p.date))).collect();
        ChildImport { place: self.place, source_id, person_id: self.person_id, events, problems }
    }
}

/// How imported records say what the return does not hold.
#[derive(Clone, Debug)]
pub(crate) struct Wording {
    /// "the CIN census file census.xml".
    pub file: String,
    pub system: String,
}

impl Wording {
    pub(crate) fn new(source: &ImportSource, kind: &str) -> Self {
        Self { file: source.describe(kind), system: source.system_name().to_string() }
    }

    /// `held_elsewhere("the analysis is")`: "Imported from the CIN census file census.xml: the analysis is recorded in Mosaic."
    pub(crate) fn held_elsewhere(&self, what: &str) -> String {
        format!("Imported from {}: {what} recorded in {}.", self.file, self.system)
    }

    /// "Imported from …: the reason was not recorded in the return."
    pub(crate) fn not_in_return(&self, what: &str) -> String {
        format!("Imported from {}: {what} was not recorded in the return.", self.file)
    }

    /// The one attendee an imported meeting names: the previous system
    /// holds who came.
    pub(crate) fn attendees(&self) -> Vec<Attendee> {
        vec![Attendee {
            name: format!("Recorded in {}", self.system),
            agency: Agency::SocialCare,
            role: format!("Imported from {}", self.file),
        }]
    }

    /// The one action an imported plan must have: the previous system holds
    /// the real ones, so it is set and cancelled at once, never due.
    pub(crate) fn placeholder_action(&self, id: u128, agreed_on: NaiveDate) -> Action {
        Action {
            action_id: ActionId::from_u128(id),
            description: self.held_elsewhere("the plan's actions are"),
            owner: Some(ActionOwner::Named { name: format!("Recorded in {}", self.system), agency: "Imported record".to_string() }),
            due_on: Some(agreed_on),
            status: ActionStatus::Cancelled { reason: self.held_elsewhere("what was agreed is") },
        }
    }
}

/// The entry on the child's chronology that says where their record came from.
pub(crate) fn import_marker(
    child_id: PersonId,
    source: &ImportSource,
    kind: &str,
    source_id: Option<&str>,
    notes: &[String],
) -> (NaiveDate, SignificantEventRecorded) {
    let on = hearth_domain::uk_time::to_uk(source.imported_at).date();
    let mut what = format!(
        "Record imported on {} from {} (SHA-256 {}), made by {}",
        on.format("%-d %B %Y"),
        source.describe(kind),
        source.sha256,
        source.system_name()
    );
    if !source.la_code.trim().is_empty() {
        what.push_str(&format!(" for local authority {}", source.la_code.trim()));
    }
    if !source.year.trim().is_empty() {
        what.push_str(&format!(", collection year {}", source.year.trim()));
    }
    what.push('.');
    if let Some(id) = source_id.map(str::trim).filter(|s| !s.is_empty()) {
        what.push_str(&format!(" The child's id in the previous system: {id}."));
    }
    for n in notes {
        what.push(' ');
        what.push_str(n);
    }
    let marker = SignificantEventRecorded {
        child_id,
        occurred_on: on,
        title: format!("Record imported from the {kind}"),
        what_happened: what,
        analysis: "Only what the return holds was imported: dates, codes and outcomes. Names, addresses, case notes and the \
                   reasons behind decisions are in the previous system's record, which should be read alongside this one."
            .to_string(),
    };
    (on, marker)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use hearth_domain::events::ReferralOpened;
    use hearth_domain::ids::ReferralId;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn source() -> ImportSource {
        let mut s = ImportSource::new("census.xml", b"x", Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
        s.system = "Mosaic".into();
        s.la_code = "201".into();
        s.year = "2026".into();
        s
    }

    fn referral(n: u128, on: NaiveDate) -> EventPayload {
        EventPayload::ReferralOpened(ReferralOpened {
            referral_id: ReferralId::from_u128(n),
            child_id: PersonId::from_u128(1),
            contact_id: None,
            referral_date: on,
            source: hearth_domain::codes::ReferralSource::Police,
        })
    }

    #[test]
    fn events_are_ordered_by_date_then_episode_then_rank_and_checked_on_their_date() {
        let mut plan = ChildPlan::new("Message/Children/Child[1]".into(), None, PersonId::from_u128(1));
        plan.push(d(2025, 6, 1), 1, 1, "b", referral(2, d(2025, 6, 1)));
        plan.push(d(2025, 5, 1), 0, 1, "a", referral(1, d(2025, 5, 1)));
        // Dated the day before the referral it records: refused as in the future.
        plan.push(d(2025, 4, 30), 0, 1, "c", referral(3, d(2025, 5, 1)));
        let done = plan.finish(Some("123".into()), vec![], vec![]);
        let dates: Vec<_> = done.events.iter().map(|e| e.occurred_at).collect();
        assert_eq!(dates, vec![at_noon(d(2025, 4, 30)), at_noon(d(2025, 5, 1)), at_noon(d(2025, 6, 1))]);
        assert_eq!(
            done.problems,
            vec![FileError::new(None, "c", "Hearth cannot record this: The referral date must be today or in the past")]
        );
        assert_eq!(done.source_id.as_deref(), Some("123"));
    }

    #[test]
    fn the_import_marker_names_the_file_its_hash_and_the_previous_id() {
        let (on, m) = import_marker(PersonId::from_u128(1), &source(), "CIN census", Some("MOS-77"), &[]);
        assert_eq!(on, d(2026, 12, 1));
        assert_eq!(m.title, "Record imported from the CIN census");
        assert_eq!(
            m.what_happened,
            format!(
                "Record imported on 1 December 2026 from the CIN census file census.xml (SHA-256 {}), made by Mosaic for local \
                 authority 201, collection year 2026. The child's id in the previous system: MOS-77.",
                source().sha256
            )
        );
        assert!(EventPayload::SignificantEventRecorded(m).validate(on).is_ok());
    }

    #[test]
    fn placeholders_pass_the_rules_they_stand_in_for() {
        let w = Wording::new(&source(), "CIN census");
        assert_eq!(
            w.held_elsewhere("the analysis is"),
            "Imported from the CIN census file census.xml: the analysis is recorded in Mosaic."
        );
        assert_eq!(
            w.not_in_return("the reason"),
            "Imported from the CIN census file census.xml: the reason was not recorded in the return."
        );
        let a = w.placeholder_action(7, d(2025, 6, 1));
        assert!(a.validate(d(2025, 6, 1)).is_ok());
        assert_eq!(a.status.code(), "cancelled");
        assert_eq!(w.attendees()[0].name, "Recorded in Mosaic");
    }
}
