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
    referred_on             DATE NOT NULL,
    -- Step-downs only: a referral to social care dated from referred_on to
    -- this day is a quick re-referral (three calendar months, worked out
    -- by the domain when applied, so no date arithmetic in SQL).
    rereferral_window_ends  DATE,
    status                  TEXT NOT NULL,
    started_on              DATE,
    lead_professional       TEXT,
    organisation            TEXT,
    team_id                 TEXT REFERENCES teams (team_id),
    assessment_started_on   DATE,
    assessment_completed_on DATE,
    assessment_organisation TEXT,
    last_reached_on         DATE,
    last_kept_in_touch_on   DATE,
    kept_in_touch_count     BIGINT NOT NULL,
    ended_on                DATE,
    end_reason              TEXT,
    step_up_contact_id      TEXT,
    origin_seq              BIGINT NOT NULL
);
CREATE INDEX early_help_episodes_child ON early_help_episodes (child_id, referred_on);
CREATE INDEX early_help_episodes_status ON early_help_episodes (status, referred_on);
