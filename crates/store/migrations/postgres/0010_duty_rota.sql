-- Who is on duty at the front door, by team and day. A day set again
-- replaces its rows; the log keeps every version.
CREATE TABLE duty_rota (
    team_id    TEXT NOT NULL REFERENCES teams (team_id),
    rota_date  DATE NOT NULL,
    user_id    TEXT NOT NULL REFERENCES staff (user_id),
    duty_role  TEXT NOT NULL,
    origin_seq BIGINT NOT NULL,
    PRIMARY KEY (team_id, rota_date, user_id, duty_role)
);
CREATE INDEX duty_rota_date ON duty_rota (rota_date);
