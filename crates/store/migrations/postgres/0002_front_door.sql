-- The front door: triage, checks and decisions on contacts (findings F1-F6).

ALTER TABLE contacts ADD COLUMN chain_start_id TEXT;
ALTER TABLE contacts ADD COLUMN chain_started_at TIMESTAMPTZ;
ALTER TABLE contacts ADD COLUMN rag TEXT;
ALTER TABLE contacts ADD COLUMN screen_by TIMESTAMPTZ;
ALTER TABLE contacts ADD COLUMN assigned_to TEXT;
ALTER TABLE contacts ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE contacts ADD COLUMN outcome TEXT;
ALTER TABLE contacts ADD COLUMN closed_at TIMESTAMPTZ;
CREATE INDEX contacts_status ON contacts (status, rag);
CREATE INDEX contacts_chain ON contacts (chain_start_id);

CREATE TABLE contact_checks (
    check_id     TEXT PRIMARY KEY,
    contact_id   TEXT NOT NULL REFERENCES contacts (contact_id),
    agency       TEXT NOT NULL,
    question     TEXT NOT NULL,
    owner_id     TEXT NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL,
    state        TEXT NOT NULL,
    outcome_note TEXT,
    origin_seq   BIGINT NOT NULL
);
CREATE INDEX contact_checks_contact ON contact_checks (contact_id);
CREATE INDEX contact_checks_owner ON contact_checks (owner_id, state);

CREATE TABLE contact_decisions (
    decision_id    TEXT PRIMARY KEY,
    contact_id     TEXT NOT NULL REFERENCES contacts (contact_id),
    outcome        TEXT NOT NULL,
    threshold      TEXT NOT NULL,
    consent_status TEXT NOT NULL,
    state          TEXT NOT NULL,
    proposed_at    TIMESTAMPTZ NOT NULL,
    decided_at     TIMESTAMPTZ,
    origin_seq     BIGINT NOT NULL
);
CREATE INDEX contact_decisions_contact ON contact_decisions (contact_id);

-- Contacts recorded before chains existed each start their own.
UPDATE contacts SET chain_start_id = contact_id, chain_started_at = received_at WHERE chain_start_id IS NULL;
