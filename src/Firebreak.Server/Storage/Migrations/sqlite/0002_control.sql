-- The current control snapshot, one row. Kept beside the history so a node loads it with one read at start, and
-- so a writer reads the state it changes inside its own transaction (the ledger head lock already orders writers).
CREATE TABLE control_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL,
    snapshot TEXT NOT NULL
);

INSERT INTO control_state (id, epoch, snapshot) VALUES (1, 0, '{"epoch":0,"settings":[],"frozenAgents":[]}');

CREATE TABLE control_changes (
    epoch INTEGER PRIMARY KEY,
    agent_id TEXT NULL,
    change TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    incident_id TEXT NULL,
    at INTEGER NOT NULL,
    ledger_seq INTEGER NOT NULL
);

CREATE INDEX ix_control_changes_agent ON control_changes (agent_id, epoch);
CREATE INDEX ix_control_changes_incident ON control_changes (incident_id) WHERE incident_id IS NOT NULL;

CREATE TABLE approvals (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    run_id TEXT NULL,
    tool TEXT NOT NULL,
    arguments TEXT NOT NULL,
    arguments_digest TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    control_epoch INTEGER NOT NULL,
    amount TEXT NULL,
    currency TEXT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    decided_at INTEGER NULL,
    decided_by TEXT NULL,
    reason TEXT NULL,
    incident_id TEXT NULL
);

CREATE UNIQUE INDEX ux_approvals_agent_key ON approvals (agent_id, idempotency_key);
CREATE INDEX ix_approvals_status_created ON approvals (status, created_at);
CREATE INDEX ix_approvals_incident ON approvals (incident_id) WHERE incident_id IS NOT NULL;

CREATE TABLE approval_rules (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    amount_argument TEXT NULL,
    max_amount TEXT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    incident_id TEXT NULL
);

CREATE INDEX ix_approval_rules_agent_tool ON approval_rules (agent_id, tool, expires_at);

CREATE TABLE held_items (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    input TEXT NOT NULL,
    correlation_id TEXT NULL,
    held_reason TEXT NOT NULL,
    status TEXT NOT NULL,
    held_at INTEGER NOT NULL,
    decided_at INTEGER NULL,
    decided_by TEXT NULL,
    decision_reason TEXT NULL,
    incident_id TEXT NULL,
    delivered_at INTEGER NULL
);

CREATE INDEX ix_held_items_status_held ON held_items (status, held_at);
CREATE INDEX ix_held_items_incident ON held_items (incident_id) WHERE incident_id IS NOT NULL;
