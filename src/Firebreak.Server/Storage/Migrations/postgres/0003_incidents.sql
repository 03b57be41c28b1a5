CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    number BIGINT NOT NULL UNIQUE,
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
    window_start BIGINT NOT NULL,
    window_end BIGINT NULL,
    detected_at BIGINT NOT NULL,
    acknowledged_at BIGINT NULL,
    mitigated_at BIGINT NULL,
    resolved_at BIGINT NULL,
    closed_at BIGINT NULL,
    last_update_at BIGINT NOT NULL,
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
);

CREATE INDEX ix_incident_agents_agent ON incident_agents (agent_id);

CREATE TABLE incident_timeline (
    incident_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    data TEXT NULL,
    PRIMARY KEY (incident_id, seq)
);

CREATE TABLE incident_action_items (
    incident_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    due TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT NULL,
    PRIMARY KEY (incident_id, number)
);

CREATE TABLE incident_communications (
    incident_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    channel TEXT NOT NULL,
    subject TEXT NULL,
    body TEXT NOT NULL,
    estimated_resolution TEXT NULL,
    PRIMARY KEY (incident_id, seq)
);

CREATE TABLE webhook_deliveries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook TEXT NOT NULL,
    event TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_status_code INTEGER NULL,
    last_error TEXT NULL,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT NULL
);

CREATE INDEX ix_webhook_deliveries_status ON webhook_deliveries (status, id);
