-- Police domestic-abuse notifications and the daily review's decisions (F7).
CREATE TABLE domestic_incidents (
    notification_id  TEXT PRIMARY KEY,
    batch_id         TEXT NOT NULL,
    police_reference TEXT NOT NULL,
    incident_at      TIMESTAMPTZ NOT NULL,
    notified_at      TIMESTAMPTZ NOT NULL,
    dash_risk        TEXT NOT NULL,
    children_present TEXT NOT NULL,
    decision         TEXT,
    review_date      DATE,
    decided_at       TIMESTAMPTZ,
    contact_id       TEXT,
    origin_seq       BIGINT NOT NULL
);
-- The review list and the manager's count read the undecided, oldest first.
CREATE INDEX domestic_incidents_undecided ON domestic_incidents (decided_at, notified_at);
-- A batch sent twice is caught by its police references.
CREATE INDEX domestic_incidents_reference ON domestic_incidents (police_reference);
CREATE TABLE domestic_incident_children (
    notification_id TEXT NOT NULL REFERENCES domestic_incidents (notification_id),
    child_id        TEXT NOT NULL REFERENCES people (person_id),
    PRIMARY KEY (notification_id, child_id)
);
CREATE INDEX domestic_incident_children_child ON domestic_incident_children (child_id);
