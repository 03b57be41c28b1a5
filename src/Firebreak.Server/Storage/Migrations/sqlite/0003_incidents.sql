CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL,
    agents TEXT NOT NULL,
    primary_agent TEXT NOT NULL,
    failure_class TEXT NOT NULL,
    tool TEXT NULL,
    severity INTEGER NOT NULL,
    status TEXT NOT NULL,
    commander TEXT NOT NULL,
    scribe TEXT NULL,
    responders TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    window_end INTEGER NULL,
    detected_at INTEGER NOT NULL,
    acknowledged_at INTEGER NULL,
    mitigated_at INTEGER NULL,
    resolved_at INTEGER NULL,
    closed_at INTEGER NULL,
    last_update_at INTEGER NOT NULL,
    root_cause TEXT NULL,
    root_cause_owner TEXT NULL,
    summary TEXT NULL,
    went_well TEXT NOT NULL,
    to_improve TEXT NOT NULL,
    alert_id TEXT NULL,
    recurrence_of TEXT NULL,
    created_by TEXT NOT NULL
);

CREATE INDEX ix_incidents_signature ON incidents (primary_agent, failure_class, detected_at);
CREATE INDEX ix_incidents_detected ON incidents (detected_at);

CREATE TABLE incident_agents (
    incident_id TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    PRIMARY KEY (incident_id, agent_id)
) WITHOUT ROWID;

CREATE INDEX ix_incident_agents_agent ON incident_agents (agent_id);

CREATE TABLE incident_timeline (
    incident_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    data TEXT NULL,
    PRIMARY KEY (incident_id, seq)
) WITHOUT ROWID;

CREATE TABLE incident_action_items (
    incident_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    due TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER NULL,
    PRIMARY KEY (incident_id, number)
) WITHOUT ROWID;

CREATE TABLE incident_communications (
    incident_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    channel TEXT NOT NULL,
    subject TEXT NULL,
    body TEXT NOT NULL,
    estimated_resolution TEXT NULL,
    PRIMARY KEY (incident_id, seq)
) WITHOUT ROWID;

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    webhook TEXT NOT NULL,
    event TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_status_code INTEGER NULL,
    last_error TEXT NULL,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER NULL
);

CREATE INDEX ix_webhook_deliveries_status ON webhook_deliveries (status, id);
