-- Children-in-need episodes, opened by a referral (CIN census CINdetails).
CREATE TABLE referrals (
    referral_id      TEXT PRIMARY KEY,
    child_id         TEXT NOT NULL REFERENCES people (person_id),
    contact_id       TEXT,
    referral_date    TEXT NOT NULL,
    source           TEXT NOT NULL,
    primary_need     TEXT,
    closed_on        TEXT,
    closure_reason   TEXT,
    prior_12_months  INTEGER NOT NULL,
    origin_seq       INTEGER NOT NULL
);
CREATE INDEX referrals_child ON referrals (child_id, referral_date);
CREATE INDEX referrals_date ON referrals (referral_date);
