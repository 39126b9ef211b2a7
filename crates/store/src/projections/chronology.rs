//! The chronology index: one row per event per person it is about. The
//! chronology screen reads the events themselves through it, so every event
//! type appears without a line of code here (F13).

use crate::db::Tx;
use crate::error::StoreError;
use crate::log::RecordedEvent;
use crate::params;
use hearth_domain::events::EventPayload;

pub(super) async fn apply(tx: &mut Tx, e: &RecordedEvent) -> Result<(), StoreError> {
    let category = e.payload.chronology_category().code();
    for person in e.payload.subjects() {
        tx.insert_later(
            "INSERT INTO chronology (person_id, seq, occurred_at, event_type, category)",
            "ON CONFLICT (person_id, seq) DO NOTHING",
            params![person.0, e.seq, e.occurred_at, e.payload.type_name(), category].to_vec(),
        );
    }
    if let EventPayload::Correction(c) = &e.payload {
        tx.execute(
            "UPDATE chronology SET corrected_by_seq = $1 \
             WHERE seq = (SELECT seq FROM events WHERE event_id = $2)",
            params![e.seq, c.corrects.0],
        )
        .await?;
    }
    Ok(())
}
