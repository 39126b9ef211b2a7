-- Indexes the MASH queue and the front-door dashboard need at the size of
-- the largest authority (hundreds of thousands of closed contacts).
CREATE INDEX contacts_closed_at ON contacts (closed_at);
CREATE INDEX contacts_received_at_status ON contacts (status, received_at);
CREATE INDEX contact_checks_state ON contact_checks (state, due_at);
