-- Out-of-hours records waiting for the MASH to take them on (F8).
CREATE TABLE ooh_records (
    record_id       TEXT PRIMARY KEY,
    occurred_at     TIMESTAMPTZ NOT NULL,
    handover_due    TIMESTAMPTZ NOT NULL,
    acknowledged_at TIMESTAMPTZ,
    origin_seq      BIGINT NOT NULL
);
CREATE INDEX ooh_records_pending ON ooh_records (acknowledged_at, handover_due);
