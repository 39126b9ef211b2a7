//! The synthetic authority the returns tests share: generated as at 15 May
//! 2026 and folded into the history as the returns fold the log, every
//! event recorded at 6 pm that day.

use chrono::{NaiveDate, TimeZone, Utc};
use hearth_returns::history::History;
use hearth_synth::{Generator, Size, SynthConfig};

/// The authority of `size` and `seed`, its staff and at most `households`
/// of its households (`usize::MAX` for all).
pub fn authority(size: Size, seed: u64, households: usize) -> History {
    let today = NaiveDate::from_ymd_opt(2026, 5, 15).unwrap();
    let recorded_at = Utc.with_ymd_and_hms(2026, 5, 15, 18, 0, 0).unwrap();
    let mut generator = Generator::new(SynthConfig { size, seed, today });
    let mut history = History::default();
    let mut seq = 0;
    let mut apply = |events: Vec<hearth_synth::NewEvent>, history: &mut History| {
        for event in events {
            seq += 1;
            history.apply(seq, recorded_at, &event.payload);
        }
    };
    apply(generator.staff_events(), &mut history);
    for _ in 0..households {
        match generator.next_household() {
            Some(events) => apply(events, &mut history),
            None => break,
        }
    }
    history
}

/// The fixed authority of the golden files: tiny, seed 7, every household.
pub fn fixed() -> History {
    authority(Size::Tiny, 7, usize::MAX)
}
