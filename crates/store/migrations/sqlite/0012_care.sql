-- Children in care (the SSDA903's data): one row per episode of care and
-- per looked-after review, each keyed by its own id and carrying the
-- sequence number of the event that wrote it, so screens can ask who is
-- looked after on a day and a correction can be applied in place.

CREATE TABLE care_episodes (
    episode_id          TEXT PRIMARY KEY,
    child_id            TEXT NOT NULL REFERENCES people (person_id),
    -- 903 DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER as their codes
    started_on          TEXT NOT NULL,
    reason_new_episode  TEXT NOT NULL,
    legal_status        TEXT NOT NULL,
    category_of_need    TEXT NOT NULL,
    placement_type      TEXT NOT NULL,
    placement_provider  TEXT,
    home_postcode       TEXT,
    placement_postcode  TEXT,
    urn                 TEXT,
    reason_place_change TEXT,
    -- 903 DEC and REC (X1 when care continues in the next episode)
    ended_on            TEXT,
    reason_ceased       TEXT,
    started_seq         INTEGER NOT NULL,
    ended_seq           INTEGER
);
CREATE INDEX care_episodes_child ON care_episodes (child_id, started_on);
CREATE INDEX care_episodes_open ON care_episodes (child_id) WHERE ended_on IS NULL;
CREATE INDEX care_episodes_dates ON care_episodes (started_on, ended_on);

CREATE TABLE care_reviews (
    review_id           TEXT PRIMARY KEY,
    child_id            TEXT NOT NULL REFERENCES people (person_id),
    held_on             TEXT NOT NULL,
    -- 903 REVIEW_CODE: PN0-PN7
    participation       TEXT NOT NULL,
    iro_contact_on      TEXT,
    origin_seq          INTEGER NOT NULL
);
CREATE INDEX care_reviews_child ON care_reviews (child_id, held_on);
