-- Children-in-need episodes, opened by a referral (CIN census CINdetails).
CREATE TABLE referrals (
    referral_id      TEXT PRIMARY KEY,
    child_id         TEXT NOT NULL REFERENCES people (person_id),
    contact_id       TEXT,
    referral_date    DATE NOT NULL,
    source           TEXT NOT NULL,
    primary_need     TEXT,
    closed_on        DATE,
    closure_reason   TEXT,
    prior_12_months  BIGINT NOT NULL,
    origin_seq       BIGINT NOT NULL
);
CREATE INDEX referrals_child ON referrals (child_id, referral_date);
CREATE INDEX referrals_date ON referrals (referral_date);
