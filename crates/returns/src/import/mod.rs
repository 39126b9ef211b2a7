//! Migration (F35): a previous CIN census or SSDA903 return, made by the
//! system an authority is leaving, turned into Hearth events so the
//! children arrive with their history.
//!
//! Importing is planned first and written second. A plan holds, per child
//! in the file, the events to append and every problem found, each with the
//! file's element path, so the whole file can be checked (and nothing
//! written) before an authority commits to it. The events are what a worker
//! would have recorded, dated when each fact happened, marked as imported,
//! and held to the same rules: every payload passes its own validation on
//! its date, and what the store would refuse (an assessment under a closed
//! referral, overlapping plans) is caught here as a problem for that child,
//! so one bad child never makes the store refuse everybody.
//!
//! Ids are derived from the file's SHA-256 and the element path, so the
//! same file planned twice gives the same events, and importing it twice is
//! refused by the store as a child already recorded.

pub mod cin;
mod events;
pub mod ssda903;

use crate::file_error::FileError;
use chrono::{DateTime, NaiveDate, Utc};
use hearth_domain::events::NewEvent;
use hearth_domain::ids::PersonId;
use sha2::{Digest, Sha256};

/// The file being imported, as the events name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSource {
    /// The file's name (or the directory's, for the 903's CSVs).
    pub file_name: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The collection year as the file names it (`2026` for 2025-26).
    pub year: String,
    /// The authority's three-digit code from the file, when it has one.
    pub la_code: String,
    /// The system that made the file (the census `SoftwareCode`), if known.
    pub system: String,
    /// When the import is made: the date of the import marker on each
    /// child's chronology.
    pub imported_at: DateTime<Utc>,
}

impl ImportSource {
    pub fn new(file_name: impl Into<String>, bytes: &[u8], imported_at: DateTime<Utc>) -> Self {
        Self {
            file_name: file_name.into(),
            sha256: sha256_hex(bytes),
            year: String::new(),
            la_code: String::new(),
            system: String::new(),
            imported_at,
        }
    }

    /// "the CIN census file census.xml": how the imported records name their source.
    fn describe(&self, kind: &str) -> String {
        format!("the {kind} file {}", self.file_name)
    }

    fn system_name(&self) -> &str {
        if self.system.trim().is_empty() { "the previous system" } else { self.system.trim() }
    }
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// One child of the file: the events that bring them into Hearth, and what
/// stops that.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildImport {
    /// Where the child is in the file (`Message/Children/Child[3]`).
    pub place: String,
    /// The child's id in the previous system (the census `LAchildID`, the 903 `CHILD`).
    pub source_id: Option<String>,
    pub person_id: PersonId,
    /// In the order they must be appended.
    pub events: Vec<NewEvent>,
    pub problems: Vec<FileError>,
}

impl ChildImport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Everything an import would write, and everything wrong with the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    pub children: Vec<ChildImport>,
    /// Problems with the file as a whole (its header).
    pub problems: Vec<FileError>,
}

impl ImportPlan {
    /// Every problem: the file's, then each child's in file order.
    pub fn all_problems(&self) -> Vec<&FileError> {
        self.problems.iter().chain(self.children.iter().flat_map(|c| c.problems.iter())).collect()
    }

    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty() || self.children.iter().any(|c| !c.is_clean())
    }

    /// The children that can be imported: those without problems.
    pub fn clean_children(&self) -> impl Iterator<Item = &ChildImport> {
        self.children.iter().filter(|c| c.is_clean())
    }

    /// The events to append: every clean child's, in file order. With
    /// problems and `allow_partial` false there is nothing to append, since
    /// an import is all or nothing unless asked otherwise; a problem with
    /// the file itself stops everything.
    pub fn events_to_append(&self, allow_partial: bool) -> Vec<NewEvent> {
        if !self.problems.is_empty() || (self.has_problems() && !allow_partial) {
            return Vec::new();
        }
        self.clean_children().flat_map(|c| c.events.iter().cloned()).collect()
    }
}

/// Deterministic ids for one file: a UUID (shaped as version 4) from the
/// file's hash and the element path the record comes from.
#[derive(Clone, Debug)]
pub(crate) struct Ids {
    seed: String,
}

impl Ids {
    pub(crate) fn new(source: &ImportSource) -> Self {
        Self { seed: source.sha256.clone() }
    }

    pub(crate) fn make(&self, kind: &str, place: &str) -> u128 {
        let digest = Sha256::digest(format!("{}\n{kind}\n{place}", self.seed).as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        let n = u128::from_be_bytes(bytes);
        // Version 4, RFC 4122 variant: indistinguishable from Hearth's own ids.
        (n & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62)
    }
}

/// Noon in England on a date: the moment an imported fact is dated at,
/// or now for today's facts before noon (the import marker, dated the day
/// of the import), since nothing may be recorded as happening later.
pub(crate) fn at_noon(date: NaiveDate) -> DateTime<Utc> {
    let noon = hearth_domain::uk_time::from_uk(date.and_time(chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()));
    noon.min(Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn source() -> ImportSource {
        ImportSource::new("census.xml", b"<Message/>", Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap())
    }

    #[test]
    fn the_source_carries_the_files_sha256() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(source().sha256, sha256_hex(b"<Message/>"));
    }

    #[test]
    fn ids_are_stable_per_file_and_place_and_shaped_as_version_4() {
        let ids = Ids::new(&source());
        let a = uuid_text(ids.make("child", "Message/Children/Child[1]"));
        assert_eq!(a, uuid_text(Ids::new(&source()).make("child", "Message/Children/Child[1]")));
        assert_ne!(a, uuid_text(ids.make("child", "Message/Children/Child[2]")));
        assert_ne!(a, uuid_text(ids.make("referral", "Message/Children/Child[1]")));
        let other = ImportSource::new("census.xml", b"<Message></Message>", source().imported_at);
        assert_ne!(a, uuid_text(Ids::new(&other).make("child", "Message/Children/Child[1]")));
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }

    fn uuid_text(n: u128) -> String {
        PersonId::from_u128(n).to_string()
    }

    #[test]
    fn noon_in_england_is_11_utc_in_summer_and_12_in_winter() {
        let d = |m| NaiveDate::from_ymd_opt(2025, m, 10).unwrap();
        assert_eq!(at_noon(d(7)), Utc.with_ymd_and_hms(2025, 7, 10, 11, 0, 0).unwrap());
        assert_eq!(at_noon(d(1)), Utc.with_ymd_and_hms(2025, 1, 10, 12, 0, 0).unwrap());
    }

    #[test]
    fn a_plan_with_problems_appends_nothing_unless_partial_is_allowed() {
        let child = |n: u128, problems: Vec<FileError>| ChildImport {
            place: format!("Message/Children/Child[{n}]"),
            source_id: None,
            person_id: PersonId::from_u128(n),
            events: vec![NewEvent::new(
                hearth_domain::events::EventPayload::SignificantEventRecorded(hearth_domain::events::SignificantEventRecorded {
                    child_id: PersonId::from_u128(n),
                    occurred_on: NaiveDate::from_ymd_opt(2025, 7, 10).unwrap(),
                    title: "t".into(),
                    what_happened: "w".into(),
                    analysis: "a".into(),
                }),
                at_noon(NaiveDate::from_ymd_opt(2025, 7, 10).unwrap()),
            )],
            problems,
        };
        let bad = FileError::new(None, "Message/Children/Child[2]/ChildIdentifiers/Sex", "bad");
        let plan = ImportPlan { children: vec![child(1, vec![]), child(2, vec![bad.clone()])], problems: vec![] };
        assert!(plan.has_problems());
        assert_eq!(plan.all_problems(), vec![&bad]);
        assert!(plan.events_to_append(false).is_empty());
        assert_eq!(plan.events_to_append(true).len(), 1);
        let clean = ImportPlan { children: vec![child(1, vec![])], problems: vec![] };
        assert_eq!(clean.events_to_append(false).len(), 1);
        let broken_file = ImportPlan { problems: vec![bad], ..clean };
        assert!(broken_file.events_to_append(true).is_empty());
    }
}
