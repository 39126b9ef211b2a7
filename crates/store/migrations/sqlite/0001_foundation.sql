-- Hearth foundation schema (SQLite). Timestamps are ISO-8601 UTC text with
-- microseconds; dates are YYYY-MM-DD text; both sort correctly as text.

-- The record: an append-only, hash-chained log.
CREATE TABLE events (
    seq            INTEGER PRIMARY KEY,
    event_id       TEXT NOT NULL UNIQUE,
    stream         TEXT NOT NULL,
    event_type     TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    payload        TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    occurred_at    TEXT NOT NULL,
    corrects       TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX events_stream ON events (stream, seq);
CREATE INDEX events_corrects ON events (corrects) WHERE corrects IS NOT NULL;

CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END;
CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END;

-- Projections: current state, derived from the log, rebuilt by `hearth rebuild`.
CREATE TABLE people (
    person_id              TEXT PRIMARY KEY,
    hearth_ref             TEXT UNIQUE,
    is_child               INTEGER NOT NULL,
    given_name             TEXT NOT NULL,
    family_name            TEXT NOT NULL,
    other_names            TEXT,
    search_name            TEXT NOT NULL,
    date_of_birth          TEXT,
    expected_date_of_birth TEXT,
    date_of_death          TEXT,
    sex                    TEXT,
    ethnicity              TEXT,
    disabilities           TEXT NOT NULL DEFAULT '',
    upn                    TEXT,
    nhs_number             TEXT,
    address_line1          TEXT,
    address_line2          TEXT,
    address_town           TEXT,
    address_postcode       TEXT,
    recorded_seq           INTEGER NOT NULL,
    updated_seq            INTEGER NOT NULL
);
CREATE INDEX people_family_name ON people (family_name);
CREATE INDEX people_search_name ON people (search_name);
CREATE INDEX people_dob ON people (date_of_birth);
CREATE INDEX people_nhs ON people (nhs_number);

CREATE TABLE addresses (
    origin_seq INTEGER NOT NULL,
    person_id  TEXT NOT NULL REFERENCES people (person_id),
    from_date  TEXT NOT NULL,
    line1      TEXT NOT NULL,
    line2      TEXT,
    town       TEXT NOT NULL,
    postcode   TEXT NOT NULL,
    PRIMARY KEY (origin_seq, person_id)
);
CREATE INDEX addresses_person ON addresses (person_id, from_date);

CREATE TABLE relationships (
    origin_seq              INTEGER NOT NULL,
    person_id               TEXT NOT NULL REFERENCES people (person_id),
    related_id              TEXT NOT NULL REFERENCES people (person_id),
    kind                    TEXT NOT NULL,
    inverse                 INTEGER NOT NULL,
    lives_with              INTEGER NOT NULL,
    parental_responsibility INTEGER NOT NULL,
    PRIMARY KEY (origin_seq, person_id)
);
CREATE INDEX relationships_person ON relationships (person_id);

CREATE TABLE families (
    family_id  TEXT PRIMARY KEY,
    label      TEXT NOT NULL,
    origin_seq INTEGER NOT NULL
);
CREATE TABLE family_members (
    family_id TEXT NOT NULL REFERENCES families (family_id),
    person_id TEXT NOT NULL REFERENCES people (person_id),
    PRIMARY KEY (family_id, person_id)
);
CREATE INDEX family_members_person ON family_members (person_id);

CREATE TABLE teams (
    team_id        TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    parent_team_id TEXT,
    manager_id     TEXT,
    origin_seq     INTEGER NOT NULL
);

CREATE TABLE staff (
    user_id      TEXT PRIMARY KEY,
    username     TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL,
    team_id      TEXT REFERENCES teams (team_id),
    job_title    TEXT,
    agency       INTEGER NOT NULL,
    active       INTEGER NOT NULL,
    origin_seq   INTEGER NOT NULL
);
CREATE INDEX staff_team ON staff (team_id);

-- Who holds each child now, and everyone who has (allocation history).
CREATE TABLE allocations (
    child_id   TEXT PRIMARY KEY REFERENCES people (person_id),
    team_id    TEXT NOT NULL REFERENCES teams (team_id),
    worker_id  TEXT REFERENCES staff (user_id),
    from_date  TEXT NOT NULL,
    origin_seq INTEGER NOT NULL
);
CREATE INDEX allocations_worker ON allocations (worker_id);
CREATE INDEX allocations_team ON allocations (team_id);
CREATE TABLE involvements (
    origin_seq INTEGER NOT NULL,
    child_id   TEXT NOT NULL REFERENCES people (person_id),
    team_id    TEXT NOT NULL REFERENCES teams (team_id),
    worker_id  TEXT REFERENCES staff (user_id),
    from_date  TEXT NOT NULL,
    PRIMARY KEY (origin_seq)
);
CREATE INDEX involvements_child ON involvements (child_id, team_id);

CREATE TABLE contacts (
    contact_id  TEXT PRIMARY KEY,
    received_at TEXT NOT NULL,
    source      TEXT NOT NULL,
    origin_seq  INTEGER NOT NULL
);
CREATE INDEX contacts_received ON contacts (received_at);
CREATE TABLE contact_children (
    contact_id TEXT NOT NULL REFERENCES contacts (contact_id),
    child_id   TEXT NOT NULL REFERENCES people (person_id),
    PRIMARY KEY (contact_id, child_id)
);
CREATE INDEX contact_children_child ON contact_children (child_id);

-- Every event about a person, for the chronology.
CREATE TABLE chronology (
    person_id        TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    occurred_at      TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    category         TEXT NOT NULL,
    corrected_by_seq INTEGER,
    PRIMARY KEY (person_id, seq)
);
CREATE INDEX chronology_person_time ON chronology (person_id, occurred_at);

CREATE TABLE bank_holidays_added (
    holiday_date TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    origin_seq   INTEGER NOT NULL
);

-- Operational tables: not derived from the log, never rebuilt.
CREATE TABLE credentials (
    user_id         TEXT PRIMARY KEY,
    password_hash   TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    changed_at      TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every opening of a child's record, and every break-glass reason.
CREATE TABLE access_log (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    at                 TEXT NOT NULL,
    user_id            TEXT NOT NULL,
    person_id          TEXT NOT NULL,
    screen             TEXT NOT NULL,
    session_ref        TEXT NOT NULL,
    break_glass_reason TEXT
);
CREATE INDEX access_log_person ON access_log (person_id, at);
CREATE INDEX access_log_user ON access_log (user_id, at);
CREATE TRIGGER access_log_refuse_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_refuse_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

CREATE TABLE sign_in_attempts (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    username  TEXT NOT NULL,
    outcome   TEXT NOT NULL
);
CREATE INDEX sign_in_attempts_at ON sign_in_attempts (at);
