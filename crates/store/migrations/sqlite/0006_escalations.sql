-- Threshold disagreements between teams (F5).
CREATE TABLE escalations (
    escalation_id  TEXT PRIMARY KEY,
    contact_id     TEXT NOT NULL REFERENCES contacts (contact_id),
    raised_by_team TEXT NOT NULL REFERENCES teams (team_id),
    with_team      TEXT NOT NULL REFERENCES teams (team_id),
    raised_at      TEXT NOT NULL,
    resolved_at    TEXT,
    outcome        TEXT,
    origin_seq     INTEGER NOT NULL
);
CREATE INDEX escalations_open ON escalations (resolved_at, raised_at);
