-- Every statutory return Hearth has produced: which return, for which
-- period, as at which moment, who asked, and a hash of the bytes, so that
-- making the same return again can be shown to give the same file (or
-- the corrections recorded since can be listed). Append-only, like the
-- access log: it is the audit of data leaving Hearth.
CREATE TABLE return_exports (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    generated_at  TEXT NOT NULL,
    generated_by  TEXT NOT NULL,
    kind          TEXT NOT NULL,
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    as_at         TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    children      INTEGER NOT NULL,
    errors        INTEGER NOT NULL,
    queries       INTEGER NOT NULL
);
CREATE INDEX return_exports_kind ON return_exports (kind, period_from, generated_at);
CREATE TRIGGER return_exports_refuse_update BEFORE UPDATE ON return_exports
BEGIN SELECT RAISE(ABORT, 'the record of returns is append-only'); END;
CREATE TRIGGER return_exports_refuse_delete BEFORE DELETE ON return_exports
BEGIN SELECT RAISE(ABORT, 'the record of returns is append-only'); END;
