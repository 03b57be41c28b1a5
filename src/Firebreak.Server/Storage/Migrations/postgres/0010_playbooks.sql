-- Playbook executions: each application of a playbook and what every step did (steps as JSON). An automatic
-- application is claimed before its first step, at most once per alert and playbook, so neither a restart nor a
-- second node applies it twice.
CREATE TABLE playbook_executions (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    playbook TEXT NOT NULL,
    alert_id TEXT NULL,
    incident_id TEXT NULL,
    automatic INTEGER NOT NULL,
    triggered_by TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NULL,
    steps TEXT NOT NULL
);

CREATE UNIQUE INDEX playbook_executions_once_per_alert ON playbook_executions (alert_id, playbook) WHERE automatic = 1;

CREATE INDEX playbook_executions_agent ON playbook_executions (agent_id, started_at);
