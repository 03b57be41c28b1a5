-- One page per incident. Its schedule derives from opened_at and the severity's policy; sent counts the steps sent, so a
-- restart resumes where it was. Every send is claimed by moving version on, so two nodes never send the same step.
CREATE TABLE incident_pages (
    incident_id TEXT PRIMARY KEY,
    severity INTEGER NOT NULL,
    opened_at INTEGER NOT NULL,
    opened_by TEXT NOT NULL,
    sent INTEGER NOT NULL,
    level INTEGER NOT NULL,
    next_due_at INTEGER NULL,
    version INTEGER NOT NULL,
    acknowledged_by TEXT NULL,
    acknowledged_at INTEGER NULL,
    closed_at INTEGER NULL
);

CREATE INDEX ix_incident_pages_due ON incident_pages (next_due_at);

-- The missed update deadline each open incident was last reminded of, so a reminder goes out once per interval.
CREATE TABLE incident_update_reminders (
    incident_id TEXT PRIMARY KEY,
    reminded_for INTEGER NOT NULL
);

-- Where a delivery goes below its webhook's URL (Opsgenie acknowledges and closes at /{alias}/acknowledge and /{alias}/close).
ALTER TABLE webhook_deliveries ADD COLUMN target TEXT NULL;

-- Until when one node holds a pending delivery: nodes sharing a database send each delivery once.
ALTER TABLE webhook_deliveries ADD COLUMN leased_until INTEGER NULL;
