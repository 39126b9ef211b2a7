//! Deterministic identifiers: UUIDs, NHS numbers and UPNs.
//!
//! Every id comes from a counter, so the same (size, seed, today) gives the
//! same ids and two ids of one kind can never collide. UUIDs carry the
//! version-4 and variant bits so tools that check them accept them; the high
//! half is derived from the seed, so two demo authorities with different
//! seeds never share an id.

use crate::rng::{mix, splitmix64};
use hearth_domain::actions::ActionId;
use hearth_domain::ids::{
    AssessmentId, CheckId, ConferenceId, ContactId, DecisionId, MeetingId, OutOfHoursId, PlanId, ProceedingsId, ReferralId, Section47Id,
    StrategyDiscussionId,
};
use hearth_domain::ids::{CareEpisodeId, CareReviewId, MissingSpellId};
use hearth_domain::people::{NhsNumber, Upn, nhs_check_digit, upn_check_letter};
use hearth_domain::{FamilyId, PersonId, TeamId, UserId};

#[derive(Clone, Copy, Debug)]
enum Tag {
    Team = 1,
    User = 2,
    Person = 3,
    Family = 4,
    Contact = 5,
    Check = 6,
    Decision = 7,
    Referral = 8,
    OutOfHours = 9,
    Assessment = 10,
    StrategyDiscussion = 11,
    Section47 = 12,
    Conference = 13,
    Plan = 14,
    Meeting = 15,
    Proceedings = 16,
    Action = 17,
    CareEpisode = 18,
    CareReview = 19,
    MissingSpell = 20,
}

/// The low half keeps 48 bits for the counter: 281 trillion ids per kind.
const COUNTER_BITS: u32 = 48;

#[derive(Clone, Debug)]
pub(crate) struct IdMint {
    high: u64,
    counters: [u64; 21],
}

impl IdMint {
    pub(crate) fn new(seed: u64) -> IdMint {
        let mut s = mix(seed, 0x1D5);
        let high = (splitmix64(&mut s) & !0xF000) | 0x4000;
        IdMint { high, counters: [0; 21] }
    }

    fn next(&mut self, tag: Tag) -> u128 {
        let counter = &mut self.counters[tag as usize];
        *counter += 1;
        let low = 0x8000_0000_0000_0000 | ((tag as u64) << COUNTER_BITS) | (*counter & ((1 << COUNTER_BITS) - 1));
        (u128::from(self.high) << 64) | u128::from(low)
    }

    pub(crate) fn team(&mut self) -> TeamId {
        TeamId::from_u128(self.next(Tag::Team))
    }
    pub(crate) fn user(&mut self) -> UserId {
        UserId::from_u128(self.next(Tag::User))
    }
    pub(crate) fn person(&mut self) -> PersonId {
        PersonId::from_u128(self.next(Tag::Person))
    }
    pub(crate) fn family(&mut self) -> FamilyId {
        FamilyId::from_u128(self.next(Tag::Family))
    }
    pub(crate) fn contact(&mut self) -> ContactId {
        ContactId::from_u128(self.next(Tag::Contact))
    }
    pub(crate) fn check(&mut self) -> CheckId {
        CheckId::from_u128(self.next(Tag::Check))
    }
    pub(crate) fn decision(&mut self) -> DecisionId {
        DecisionId::from_u128(self.next(Tag::Decision))
    }
    pub(crate) fn referral(&mut self) -> ReferralId {
        ReferralId::from_u128(self.next(Tag::Referral))
    }
    pub(crate) fn out_of_hours(&mut self) -> OutOfHoursId {
        OutOfHoursId::from_u128(self.next(Tag::OutOfHours))
    }
    pub(crate) fn assessment(&mut self) -> AssessmentId {
        AssessmentId::from_u128(self.next(Tag::Assessment))
    }
    pub(crate) fn strategy_discussion(&mut self) -> StrategyDiscussionId {
        StrategyDiscussionId::from_u128(self.next(Tag::StrategyDiscussion))
    }
    pub(crate) fn section47(&mut self) -> Section47Id {
        Section47Id::from_u128(self.next(Tag::Section47))
    }
    pub(crate) fn conference(&mut self) -> ConferenceId {
        ConferenceId::from_u128(self.next(Tag::Conference))
    }
    pub(crate) fn plan(&mut self) -> PlanId {
        PlanId::from_u128(self.next(Tag::Plan))
    }
    pub(crate) fn meeting(&mut self) -> MeetingId {
        MeetingId::from_u128(self.next(Tag::Meeting))
    }
    pub(crate) fn proceedings(&mut self) -> ProceedingsId {
        ProceedingsId::from_u128(self.next(Tag::Proceedings))
    }
    pub(crate) fn action(&mut self) -> ActionId {
        ActionId::from_u128(self.next(Tag::Action))
    }
    pub(crate) fn care_episode(&mut self) -> CareEpisodeId {
        CareEpisodeId::from_u128(self.next(Tag::CareEpisode))
    }
    pub(crate) fn care_review(&mut self) -> CareReviewId {
        CareReviewId::from_u128(self.next(Tag::CareReview))
    }
    pub(crate) fn missing_spell(&mut self) -> MissingSpellId {
        MissingSpellId::from_u128(self.next(Tag::MissingSpell))
    }
}

/// NHS numbers in the 999 range, which the NHS sets aside for testing and
/// never issues to patients. The six free digits are walked in a scrambled
/// order (a multiplier coprime to 10⁶) so numbers look varied, skipping the
/// tenth of them that have no valid check digit. The range holds about
/// 909,000 valid numbers: enough for every size but England, whose later
/// children are recorded without one (as many real records are).
#[derive(Clone, Debug)]
pub(crate) struct NhsNumbers {
    next: u64,
    offset: u64,
}

const NHS_SPACE: u64 = 1_000_000;
const NHS_STRIDE: u64 = 7_919;

impl NhsNumbers {
    pub(crate) fn new(seed: u64) -> NhsNumbers {
        NhsNumbers { next: 0, offset: mix(seed, 0x4E5) % NHS_SPACE }
    }

    pub(crate) fn next(&mut self) -> Option<NhsNumber> {
        while self.next < NHS_SPACE {
            let n = (self.next * NHS_STRIDE + self.offset) % NHS_SPACE;
            self.next += 1;
            let body = format!("999{n:06}");
            let digits: Vec<u32> = body.bytes().map(|b| u32::from(b - b'0')).collect();
            if let Some(check) = nhs_check_digit(&digits)
                && let Ok(number) = NhsNumber::parse(&format!("{body}{check}"))
            {
                return Some(number);
            }
        }
        None
    }
}

/// UPNs under the fictional LA code 999: check letter, LA (3), school (4),
/// year of issue (2), serial (3). The counter fills school and serial, so
/// UPNs are unique for the first eight million children.
#[derive(Clone, Debug, Default)]
pub(crate) struct Upns {
    next: u64,
}

impl Upns {
    pub(crate) fn next(&mut self, year_issued: i32) -> Option<Upn> {
        let n = self.next;
        self.next += 1;
        let school = 2000 + (n / 1000) % 8000;
        let serial = n % 1000;
        let year = year_issued.rem_euclid(100);
        let tail = format!("999{school:04}{year:02}{serial:03}");
        let check = upn_check_letter(tail.as_bytes())?;
        Upn::parse(&format!("{}{tail}", check as char)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_versioned_and_seeded() {
        let mut a = IdMint::new(1);
        let ids: HashSet<_> = (0..1000).map(|_| a.person()).collect();
        assert_eq!(ids.len(), 1000);
        let p = a.person();
        assert_eq!(p.0.get_version_num(), 4);
        assert_eq!(p.0.get_variant(), uuid::Variant::RFC4122);
        let mut b = IdMint::new(2);
        assert_ne!(IdMint::new(1).person(), b.person());
        assert_ne!(a.team().0, a.user().0);
    }

    #[test]
    fn nhs_numbers_are_in_the_test_range_valid_and_unique() {
        let mut m = NhsNumbers::new(5);
        let mut seen = HashSet::new();
        for _ in 0..5_000 {
            let n = m.next().unwrap();
            assert!(n.as_str().starts_with("999"));
            assert!(NhsNumber::parse(n.as_str()).is_ok());
            assert!(seen.insert(n));
        }
    }

    #[test]
    fn upns_use_la_999_and_are_unique() {
        let mut u = Upns::default();
        let mut seen = HashSet::new();
        for i in 0..3_000 {
            let upn = u.next(2015 + i % 5).unwrap();
            assert_eq!(&upn.as_str()[1..4], "999");
            assert!(seen.insert(upn.as_str()[4..].to_string()));
        }
    }
}
