//! The event log: append with a hash chain, read back, and verify.
//!
//! Every event's hash covers the previous event's hash and every stored
//! field of its own, so changing, removing or reordering any stored event
//! breaks the chain from that point; `verify` finds the first break.

use crate::db::{Backend, Row, Tx, timestamp_text, truncate_to_micros};
use crate::error::StoreError;
use crate::params;
use crate::projections;
use chrono::{DateTime, Duration, Utc};
use hearth_domain::events::{EventPayload, NewEvent};
use hearth_domain::ids::{EventId, StreamId, UserId};
use sha2::{Digest, Sha256};

/// The hash the first event chains from.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How far ahead of the server clock an `occurred_at` may be (clock skew
/// between a worker's device and the server), before it is refused as future.
const FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// An event as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedEvent {
    pub seq: i64,
    pub event_id: EventId,
    pub stream: StreamId,
    pub payload: EventPayload,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
    pub occurred_at: DateTime<Utc>,
    pub corrects: Option<EventId>,
    pub prev_hash: String,
    pub hash: String,
}

/// The fields that are hashed, exactly as stored.
struct HashInput<'a> {
    seq: i64,
    event_id: &'a str,
    stream: &'a str,
    event_type: &'a str,
    schema_version: i64,
    payload: &'a str,
    recorded_by: &'a str,
    recorded_at: &'a str,
    occurred_at: &'a str,
    corrects: Option<&'a str>,
}

fn chain_hash(prev_hash: &str, f: &HashInput<'_>) -> String {
    let mut h = Sha256::new();
    // Length-prefix every field so no two different events hash alike by
    // moving text from one field into the next.
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(prev_hash.as_bytes());
    field(f.seq.to_string().as_bytes());
    field(f.event_id.as_bytes());
    field(f.stream.as_bytes());
    field(f.event_type.as_bytes());
    field(f.schema_version.to_string().as_bytes());
    field(f.payload.as_bytes());
    field(f.recorded_by.as_bytes());
    field(f.recorded_at.as_bytes());
    field(f.occurred_at.as_bytes());
    field(f.corrects.unwrap_or("").as_bytes());
    hex::encode(h.finalize())
}

/// Appends events and applies them to the projections, all in `tx`. Either
/// everything is written or, on any error, nothing is.
pub(crate) async fn append_in(
    tx: &mut Tx,
    recorded_by: UserId,
    events: Vec<NewEvent>,
    now: DateTime<Utc>,
) -> Result<Vec<RecordedEvent>, StoreError> {
    let now = truncate_to_micros(now);
    for e in &events {
        if e.occurred_at > now + Duration::minutes(FUTURE_TOLERANCE_MINUTES) {
            return Err(StoreError::Refused("An event cannot have happened in the future".to_string()));
        }
        // Rules are judged as at the day the event happened, so history
        // imported from another system is held to the rules of its time.
        e.payload.validate(e.occurred_at.date_naive())?;
    }

    if tx.backend() == Backend::Postgres {
        // One chain means one appender at a time. EXCLUSIVE mode still lets
        // readers read.
        tx.execute("LOCK TABLE events IN EXCLUSIVE MODE", &[]).await?;
    }
    let last = tx.fetch_optional("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", &[]).await?;
    let (mut seq, mut prev_hash) = match last {
        Some(row) => (row.i64("seq")?, row.str("hash")?),
        None => (0, GENESIS_HASH.to_string()),
    };

    let mut recorded = Vec::with_capacity(events.len());
    for e in events {
        seq += 1;
        let event_id = EventId::new();
        let stream = e.payload.stream();
        let payload_json = e.payload.data_json()?;
        let occurred_at = truncate_to_micros(e.occurred_at);
        let corrects = match &e.payload {
            EventPayload::Correction(c) => Some(c.corrects),
            _ => None,
        };
        let (id_text, stream_key, by_text) = (event_id.to_string(), stream.to_key(), recorded_by.to_string());
        let corrects_text = corrects.map(|c| c.to_string());
        let hash = chain_hash(
            &prev_hash,
            &HashInput {
                seq,
                event_id: &id_text,
                stream: &stream_key,
                event_type: e.payload.type_name(),
                schema_version: i64::from(e.payload.schema_version()),
                payload: &payload_json,
                recorded_by: &by_text,
                recorded_at: &timestamp_text(&now),
                occurred_at: &timestamp_text(&occurred_at),
                corrects: corrects_text.as_deref(),
            },
        );
        tx.insert_later(
            "INSERT INTO events (seq, event_id, stream, event_type, schema_version, payload, recorded_by, \
             recorded_at, occurred_at, corrects, prev_hash, hash)",
            "",
            params![
                seq,
                &id_text,
                &stream_key,
                e.payload.type_name(),
                e.payload.schema_version(),
                payload_json,
                &by_text,
                now,
                occurred_at,
                corrects_text,
                &prev_hash,
                &hash
            ]
            .to_vec(),
        );
        let event = RecordedEvent {
            seq,
            event_id,
            stream,
            payload: e.payload,
            recorded_by,
            recorded_at: now,
            occurred_at,
            corrects,
            prev_hash: std::mem::replace(&mut prev_hash, hash.clone()),
            hash,
        };
        projections::apply(tx, &event).await?;
        recorded.push(event);
    }
    Ok(recorded)
}

pub(crate) const EVENT_COLUMNS: &str = "seq, event_id, stream, event_type, schema_version, payload, recorded_by, \
     recorded_at, occurred_at, corrects, prev_hash, hash";

pub(crate) fn event_from_row(row: &Row) -> Result<RecordedEvent, StoreError> {
    let stream_key = row.str("stream")?;
    let version = u32::try_from(row.i64("schema_version")?)
        .map_err(|_| StoreError::Corrupt("negative schema version".to_string()))?;
    Ok(RecordedEvent {
        seq: row.i64("seq")?,
        event_id: row.uuid("event_id")?,
        stream: StreamId::parse_key(&stream_key)
            .ok_or_else(|| StoreError::Corrupt(format!("bad stream key {stream_key}")))?,
        payload: EventPayload::decode(&row.str("event_type")?, version, &row.str("payload")?)?,
        recorded_by: row.uuid("recorded_by")?,
        recorded_at: row.timestamp("recorded_at")?,
        occurred_at: row.timestamp("occurred_at")?,
        corrects: row.opt_uuid("corrects")?,
        prev_hash: row.str("prev_hash")?,
        hash: row.str("hash")?,
    })
}

/// What `verify` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyReport {
    pub events_checked: u64,
    pub last_seq: i64,
    pub first_problem: Option<ChainProblem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainProblem {
    pub seq: i64,
    pub what: String,
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "event {}: {}", self.seq, self.what)
    }
}

/// Checks one stored row against the chain so far. Works on the stored text,
/// not on decoded payloads, so it checks exactly what is on disk.
pub(crate) fn check_row(row: &Row, expected_seq: i64, expected_prev: &str) -> Result<Result<String, ChainProblem>, StoreError> {
    let seq = row.i64("seq")?;
    if seq != expected_seq {
        return Ok(Err(ChainProblem {
            seq,
            what: format!("expected event {expected_seq} next; events are missing or out of order"),
        }));
    }
    let prev_hash = row.str("prev_hash")?;
    if prev_hash != expected_prev {
        return Ok(Err(ChainProblem { seq, what: "does not chain from the event before it".to_string() }));
    }
    let corrects = row.opt_str("corrects")?;
    let recorded_at = timestamp_text(&row.timestamp("recorded_at")?);
    let occurred_at = timestamp_text(&row.timestamp("occurred_at")?);
    let (event_id, stream, event_type, payload, recorded_by) =
        (row.str("event_id")?, row.str("stream")?, row.str("event_type")?, row.str("payload")?, row.str("recorded_by")?);
    let computed = chain_hash(
        &prev_hash,
        &HashInput {
            seq,
            event_id: &event_id,
            stream: &stream,
            event_type: &event_type,
            schema_version: row.i64("schema_version")?,
            payload: &payload,
            recorded_by: &recorded_by,
            recorded_at: &recorded_at,
            occurred_at: &occurred_at,
            corrects: corrects.as_deref(),
        },
    );
    let stored = row.str("hash")?;
    if computed != stored {
        return Ok(Err(ChainProblem { seq, what: "its content does not match its hash: it was changed after it was recorded".to_string() }));
    }
    Ok(Ok(stored))
}
