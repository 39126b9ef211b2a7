-- Risk flags on children's records (F12): one row per flag raised, kept
-- after removal so the record shows what was known and when.
CREATE TABLE risk_flags (
    raised_seq     BIGINT PRIMARY KEY,
    child_id       TEXT NOT NULL REFERENCES people (person_id),
    flag           TEXT NOT NULL,
    identified_on  DATE NOT NULL,
    evidence       TEXT NOT NULL,
    removed_on     DATE,
    removal_reason TEXT,
    removed_seq    BIGINT
);
-- At most one active flag of each kind per child; lists filter by flag.
CREATE UNIQUE INDEX risk_flags_one_active ON risk_flags (child_id, flag) WHERE removed_seq IS NULL;
CREATE INDEX risk_flags_by_flag ON risk_flags (flag, child_id) WHERE removed_seq IS NULL;
