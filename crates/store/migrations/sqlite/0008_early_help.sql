-- Early help episodes (F11): referral (step-down or a partner's request),
-- the waiting list and its keeping-in-touch contacts, the start of work,
-- the early help assessment (Ofsted Annex A list 2), step-up and closure.
CREATE TABLE early_help_episodes (
    episode_id              TEXT PRIMARY KEY,
    child_id                TEXT NOT NULL REFERENCES people (person_id),
    route                   TEXT NOT NULL,
    contact_id              TEXT,
    referral_id             TEXT,
    requested_by            TEXT,
    referred_on             TEXT NOT NULL,
    -- Step-downs only: a referral to social care dated from referred_on to
    -- this day is a quick re-referral (three calendar months, worked out
    -- by the domain when applied, so no date arithmetic in SQL).
    rereferral_window_ends  TEXT,
    status                  TEXT NOT NULL,
    started_on              TEXT,
    lead_professional       TEXT,
    organisation            TEXT,
    team_id                 TEXT REFERENCES teams (team_id),
    assessment_started_on   TEXT,
    assessment_completed_on TEXT,
    assessment_organisation TEXT,
    last_reached_on         TEXT,
    last_kept_in_touch_on   TEXT,
    kept_in_touch_count     INTEGER NOT NULL,
    ended_on                TEXT,
    end_reason              TEXT,
    step_up_contact_id      TEXT,
    origin_seq              INTEGER NOT NULL
);
CREATE INDEX early_help_episodes_child ON early_help_episodes (child_id, referred_on);
CREATE INDEX early_help_episodes_status ON early_help_episodes (status, referred_on);
