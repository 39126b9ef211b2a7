-- Every statutory return Hearth has produced: which return, for which
-- period, as at which moment, who asked, and a hash of the bytes, so that
-- making the same return again can be shown to give the same file (or
-- the corrections recorded since can be listed). Append-only, like the
-- access log: it is the audit of data leaving Hearth.
CREATE TABLE return_exports (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    generated_at  TIMESTAMPTZ NOT NULL,
    generated_by  TEXT NOT NULL,
    kind          TEXT NOT NULL,
    period_from   DATE NOT NULL,
    period_to     DATE NOT NULL,
    as_at         TIMESTAMPTZ NOT NULL,
    sha256        TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    children      BIGINT NOT NULL,
    errors        BIGINT NOT NULL,
    queries       BIGINT NOT NULL
);
CREATE INDEX return_exports_kind ON return_exports (kind, period_from, generated_at);
CREATE TRIGGER return_exports_refuse_change BEFORE UPDATE OR DELETE ON return_exports
    FOR EACH ROW EXECUTE FUNCTION hearth_refuse_change();
CREATE TRIGGER return_exports_refuse_truncate BEFORE TRUNCATE ON return_exports
    FOR EACH STATEMENT EXECUTE FUNCTION hearth_refuse_change();
