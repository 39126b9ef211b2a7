//! Reading the history out of the store as at a moment, and the
//! corrections recorded since.

use crate::history::History;
use chrono::{DateTime, Utc};
use hearth_domain::events::EventPayload;
use hearth_store::{Store, StoreError};

/// Events per page read from the log: large enough to keep round trips
/// few, small enough that memory stays flat on an England-sized log.
const PAGE: i64 = 20_000;

/// Folds every event recorded at or before `as_at`.
pub async fn load(store: &Store, as_at: DateTime<Utc>, progress: &mut (dyn FnMut(i64) + Send)) -> Result<History, StoreError> {
    let mut history = History::new();
    let mut after = 0;
    loop {
        let page = store.events_known_at(as_at, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for e in &page {
            history.apply(e.seq, e.recorded_at, &e.payload);
        }
        progress(after);
        if (page.len() as i64) < PAGE {
            break;
        }
    }
    Ok(history)
}

/// A correction recorded after a return was generated, so not in it.
#[derive(Clone, Debug, PartialEq)]
pub struct LaterCorrection {
    pub recorded_at: DateTime<Utc>,
    pub event_type: &'static str,
    pub reason: String,
    /// The person the corrected record is about, when it is about one.
    pub person: Option<hearth_domain::ids::PersonId>,
}

/// Every correction recorded after `as_at`.
pub async fn corrections_since(store: &Store, as_at: DateTime<Utc>) -> Result<Vec<LaterCorrection>, StoreError> {
    let events = store.corrections_recorded_after(as_at).await?;
    Ok(events
        .into_iter()
        .filter_map(|e| match e.payload {
            EventPayload::Correction(c) => Some(LaterCorrection {
                recorded_at: e.recorded_at,
                event_type: c.replacement.type_name(),
                person: c.replacement.subjects().first().copied(),
                reason: c.reason,
            }),
            _ => None,
        })
        .collect())
}
