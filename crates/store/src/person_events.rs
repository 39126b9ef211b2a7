//! Finding the events a person's record was built from.

use crate::error::StoreError;
use crate::log::{EVENT_COLUMNS, RecordedEvent, event_from_row};
use crate::{Store, params};
use hearth_domain::ids::{EventId, PersonId, StreamId};

impl Store {
    /// The event that first recorded a child (their `ChildRecorded`), which a
    /// correction of their details as first recorded names.
    pub async fn recording_event(&self, person: PersonId) -> Result<Option<RecordedEvent>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(
                &format!("SELECT {EVENT_COLUMNS} FROM events WHERE stream = $1 AND event_type = 'ChildRecorded' ORDER BY seq LIMIT 1"),
                params![StreamId::Person(person).to_key()],
            )
            .await?;
        row.as_ref().map(event_from_row).transpose()
    }

    /// The latest correction of an event, whose replacement is the version
    /// of it that stands.
    pub async fn latest_correction_of(&self, event: EventId) -> Result<Option<RecordedEvent>, StoreError> {
        let row = self
            .pools()
            .fetch_optional(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE corrects = $1 ORDER BY seq DESC LIMIT 1"), params![event.0])
            .await?;
        row.as_ref().map(event_from_row).transpose()
    }
}
