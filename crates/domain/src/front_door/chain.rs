//! Contact chains (F1). Closing a contact and opening another about the same
//! child a few days later must not restart the clock: a new contact within
//! the window of a closed one joins its chain, and timeliness is measured
//! from the first contact in the chain.

use chrono::{DateTime, Duration, Utc};

/// A previous contact about the same child, as the chain rule needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainLink<Id> {
    pub contact: Id,
    /// The first contact of the chain this contact belongs to.
    pub chain_start: Id,
    pub chain_started_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    /// When it was closed, if it has been.
    pub closed_at: Option<DateTime<Utc>>,
}

/// The chain a new contact received at `received_at` joins, if any: the
/// chain of the most recent earlier contact about the child that was still
/// open when it came in, or had closed no more than `window_days` before.
pub fn chain_for<Id: Copy>(received_at: DateTime<Utc>, previous: &[ChainLink<Id>], window_days: i64) -> Option<ChainLink<Id>> {
    previous
        .iter()
        .filter(|p| p.received_at <= received_at)
        .filter(|p| match p.closed_at {
            None => true,
            // Closed after the new contact came in: it was open then.
            Some(closed) => received_at - closed <= Duration::days(window_days),
        })
        .max_by_key(|p| p.received_at)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, d, 9, 0, 0).unwrap()
    }

    fn link(id: u32, start: u32, received: u32, closed: Option<u32>) -> ChainLink<u32> {
        ChainLink { contact: id, chain_start: start, chain_started_at: t(start), received_at: t(received), closed_at: closed.map(t) }
    }

    #[test]
    fn contact_reopened_within_window_keeps_first_clock() {
        let prev = [link(1, 1, 1, Some(2))];
        let joined = chain_for(t(6), &prev, 30).unwrap();
        assert_eq!(joined.chain_start, 1);
        assert_eq!(joined.chain_started_at, t(1));
    }

    #[test]
    fn a_contact_after_the_window_starts_a_new_chain() {
        let prev = [link(1, 1, 1, Some(2))];
        assert_eq!(chain_for(t(6), &prev, 3), None);
        assert_eq!(chain_for(t(6), &prev, 4).map(|l| l.chain_start), Some(1));
    }

    #[test]
    fn the_latest_link_decides_and_chains_carry_through() {
        // 1 closed on the 2nd; 5 joined 1's chain and closed on the 8th; a contact on the 20th joins too.
        let prev = [link(1, 1, 1, Some(2)), link(5, 1, 5, Some(8))];
        assert_eq!(chain_for(t(20), &prev, 14).map(|l| l.chain_start), Some(1));
        // An open contact always takes in a new one about the same child.
        let open = [link(9, 9, 10, None)];
        assert_eq!(chain_for(t(30), &open, 1).map(|l| l.contact), Some(9));
        // Recorded late: the earlier contact closed after this one came in, so it was open then.
        let closed_later = [link(3, 3, 3, Some(12))];
        assert_eq!(chain_for(t(6), &closed_later, 1).map(|l| l.contact), Some(3));
        // A contact from after the new one does not count.
        assert_eq!(chain_for(t(2), &closed_later, 30), None);
    }
}
