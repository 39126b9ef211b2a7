-- Out-of-hours records waiting for the MASH to take them on (F8).
CREATE TABLE ooh_records (
    record_id       TEXT PRIMARY KEY,
    occurred_at     TEXT NOT NULL,
    handover_due    TEXT NOT NULL,
    acknowledged_at TEXT,
    origin_seq      INTEGER NOT NULL
);
CREATE INDEX ooh_records_pending ON ooh_records (acknowledged_at, handover_due);
