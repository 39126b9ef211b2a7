-- Assessment, child in need and child protection (issue 4): one table per
-- kind of record, each row keyed by its own id and carrying the sequence
-- number of the event that last wrote it, plus the clocks worked out from
-- them (due_items) and the actions every meeting and plan sets.

CREATE TABLE assessments (
    assessment_id      TEXT PRIMARY KEY,
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    referral_id        TEXT NOT NULL REFERENCES referrals (referral_id),
    referral_on        DATE NOT NULL,
    started_on         DATE NOT NULL,
    expected_birth_on  DATE,
    -- in_progress, submitted, authorised
    status             TEXT NOT NULL,
    information_gathered TEXT NOT NULL DEFAULT '',
    analysis           TEXT NOT NULL DEFAULT '',
    childs_views       TEXT NOT NULL DEFAULT '',
    childs_views_not_obtained_reason TEXT NOT NULL DEFAULT '',
    -- census factor codes, comma-separated, in the order recorded
    factors            TEXT NOT NULL DEFAULT '',
    outcome            TEXT,
    completed_on       DATE,
    submitted_by       TEXT,
    authorised_on      DATE,
    authorised_by      TEXT,
    late_reason        TEXT NOT NULL DEFAULT '',
    manager_comment    TEXT NOT NULL DEFAULT '',
    returned_reason    TEXT,
    started_seq        BIGINT NOT NULL,
    updated_seq        BIGINT NOT NULL
);
CREATE INDEX assessments_child ON assessments (child_id, started_on);
CREATE INDEX assessments_referral ON assessments (referral_id);
CREATE INDEX assessments_open ON assessments (status) WHERE status <> 'authorised';

-- Child in need and child protection plans share one table: the overlap
-- rule (one child protection plan at a time, no child in need plan during
-- one) is then one query.
CREATE TABLE plans (
    plan_id            TEXT PRIMARY KEY,
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    -- cp or cin
    kind               TEXT NOT NULL,
    referral_id        TEXT,
    conference_id      TEXT,
    started_on         DATE NOT NULL,
    -- child protection: census category codes
    initial_category   TEXT,
    latest_category    TEXT,
    contingency_plan   TEXT NOT NULL DEFAULT '',
    -- child in need: the plan text and the frequencies set for it
    plan_text          TEXT NOT NULL DEFAULT '',
    visit_every_days   BIGINT,
    review_every_months BIGINT,
    ended_on           DATE,
    end_reason         TEXT,
    end_reason_detail  TEXT NOT NULL DEFAULT '',
    started_seq        BIGINT NOT NULL,
    ended_seq          BIGINT
);
CREATE INDEX plans_child ON plans (child_id, kind, started_on);
CREATE INDEX plans_open ON plans (kind, child_id) WHERE ended_on IS NULL;

-- Dated occasions on a plan: core groups, child in need reviews and visits.
CREATE TABLE plan_meetings (
    meeting_id         TEXT PRIMARY KEY,
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    -- core_group, cin_review, visit
    kind               TEXT NOT NULL,
    -- the plan open on the day (a visit with no plan open has none)
    plan_id            TEXT,
    -- cp or cin, for visits: which plan's clock the visit counts towards
    plan_kind          TEXT,
    held_on            DATE NOT NULL,
    attendees_json     TEXT NOT NULL DEFAULT '[]',
    progress           TEXT NOT NULL DEFAULT '',
    child_seen         BOOLEAN,
    child_seen_alone   BOOLEAN,
    reason             TEXT NOT NULL DEFAULT '',
    childs_views       TEXT NOT NULL DEFAULT '',
    late_reason        TEXT NOT NULL DEFAULT '',
    origin_seq         BIGINT NOT NULL
);
CREATE INDEX plan_meetings_child ON plan_meetings (child_id, kind, held_on);
CREATE INDEX plan_meetings_plan ON plan_meetings (plan_id, kind, held_on);

CREATE TABLE strategy_discussions (
    discussion_id      TEXT PRIMARY KEY,
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    referral_id        TEXT,
    held_at            TEXT NOT NULL,
    held_on            DATE NOT NULL,
    attendees_json     TEXT NOT NULL,
    -- expected agencies no attendee came from, comma-separated codes
    absent_agencies    TEXT NOT NULL DEFAULT '',
    information_shared TEXT NOT NULL,
    decision           TEXT NOT NULL,
    rationale          TEXT NOT NULL,
    interim_safety_plan TEXT NOT NULL DEFAULT '',
    origin_seq         BIGINT NOT NULL
);
CREATE INDEX strategy_discussions_child ON strategy_discussions (child_id, held_on);

CREATE TABLE section47s (
    enquiry_id         TEXT PRIMARY KEY,
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    discussion_id      TEXT NOT NULL REFERENCES strategy_discussions (discussion_id),
    discussion_on      DATE NOT NULL,
    started_on         DATE NOT NULL,
    child_seen_on      DATE,
    child_seen_alone   BOOLEAN,
    not_seen_alone_reason TEXT NOT NULL DEFAULT '',
    not_seen_reason    TEXT NOT NULL DEFAULT '',
    outcome            TEXT,
    icpc_not_required_reason TEXT NOT NULL DEFAULT '',
    completed_on       DATE,
    started_seq        BIGINT NOT NULL,
    updated_seq        BIGINT NOT NULL
);
CREATE INDEX section47s_child ON section47s (child_id, started_on);

CREATE TABLE conferences (
    conference_id      TEXT PRIMARY KEY,
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    -- initial or review
    kind               TEXT NOT NULL,
    enquiry_id         TEXT,
    plan_id            TEXT,
    held_on            DATE NOT NULL,
    attendees_json     TEXT NOT NULL,
    childs_views       TEXT NOT NULL DEFAULT '',
    childs_views_not_obtained_reason TEXT NOT NULL DEFAULT '',
    advocacy_offered   BOOLEAN,
    advocate           TEXT NOT NULL DEFAULT '',
    -- child_protection_plan or no_plan
    decision           TEXT NOT NULL,
    category           TEXT,
    rationale          TEXT NOT NULL,
    late_reason        TEXT NOT NULL DEFAULT '',
    origin_seq         BIGINT NOT NULL
);
CREATE INDEX conferences_child ON conferences (child_id, held_on);

-- One concept of action (F14, F19): set by a strategy discussion, a
-- conference, a plan, a core group or a review; owned by a member of staff
-- or a named person in another agency; open, done with evidence, or cancelled.
CREATE TABLE actions (
    action_id          TEXT PRIMARY KEY,
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    -- strategy_discussion, conference, cp_plan, core_group, cin_plan, cin_review
    source_kind        TEXT NOT NULL,
    source_id          TEXT NOT NULL,
    description        TEXT NOT NULL,
    owner_user_id      TEXT,
    owner_name         TEXT,
    owner_agency       TEXT,
    due_on             DATE NOT NULL,
    -- open, done, cancelled
    status             TEXT NOT NULL,
    completed_on       DATE,
    evidence           TEXT,
    cancel_reason      TEXT,
    set_seq            BIGINT NOT NULL,
    updated_seq        BIGINT NOT NULL
);
CREATE INDEX actions_child ON actions (child_id, due_on);
CREATE INDEX actions_owner ON actions (owner_user_id, due_on) WHERE status = 'open';
CREATE INDEX actions_open ON actions (due_on) WHERE status = 'open';

CREATE TABLE pre_proceedings (
    pre_proceedings_id TEXT PRIMARY KEY,
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    legal_planning_meeting_on DATE NOT NULL,
    started_on         DATE NOT NULL,
    concerns           TEXT NOT NULL,
    last_review_on     DATE,
    review_count       BIGINT NOT NULL DEFAULT 0,
    review_late_reason TEXT NOT NULL DEFAULT '',
    ended_on           DATE,
    outcome            TEXT,
    detail             TEXT NOT NULL DEFAULT '',
    late_reason        TEXT NOT NULL DEFAULT '',
    started_seq        BIGINT NOT NULL,
    updated_seq        BIGINT NOT NULL
);
CREATE INDEX pre_proceedings_child ON pre_proceedings (child_id, started_on);
CREATE INDEX pre_proceedings_open ON pre_proceedings (started_on) WHERE ended_on IS NULL;

-- Each review of pre-proceedings, so a corrected review date can be put
-- right and the first and last reviews worked out again.
CREATE TABLE pre_proceedings_reviews (
    review_id          TEXT PRIMARY KEY,
    pre_proceedings_id TEXT NOT NULL REFERENCES pre_proceedings (pre_proceedings_id),
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    reviewed_on        DATE NOT NULL,
    progress           TEXT NOT NULL,
    late_reason        TEXT NOT NULL DEFAULT '',
    origin_seq         BIGINT NOT NULL
);
CREATE INDEX pre_proceedings_reviews_of ON pre_proceedings_reviews (pre_proceedings_id, reviewed_on);

CREATE TABLE proceedings (
    proceedings_id     TEXT PRIMARY KEY,
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    pre_proceedings_id TEXT,
    issued_on          DATE NOT NULL,
    application        TEXT NOT NULL,
    court              TEXT NOT NULL,
    concluded_on       DATE,
    outcome            TEXT,
    late_reason        TEXT NOT NULL DEFAULT '',
    started_seq        BIGINT NOT NULL,
    updated_seq        BIGINT NOT NULL
);
CREATE INDEX proceedings_child ON proceedings (child_id, issued_on);

-- Every clock for every child, as the domain's clock engine worked it out
-- when the child's record last changed. Open items keep only their due
-- date: whether one is on time, due soon or overdue depends on the day it
-- is read, so lists work that out as they read.
CREATE TABLE due_items (
    child_id           TEXT NOT NULL REFERENCES people (person_id),
    item_no            BIGINT NOT NULL,
    rule_id            TEXT NOT NULL,
    rule_version       TEXT NOT NULL,
    what               TEXT NOT NULL,
    anchor_fact        TEXT NOT NULL,
    anchor_what        TEXT NOT NULL,
    anchor_on          DATE NOT NULL,
    due_on             DATE NOT NULL,
    completed_on       DATE,
    completed_by       TEXT,
    -- open, met, met_late, missed, not_required
    status             TEXT NOT NULL,
    late_reason        TEXT,
    late_reason_missing BOOLEAN NOT NULL,
    PRIMARY KEY (child_id, item_no)
);
CREATE INDEX due_items_open ON due_items (due_on, child_id) WHERE status = 'open';
CREATE INDEX due_items_rule ON due_items (rule_id, status, due_on);
