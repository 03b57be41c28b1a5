-- Drill reports (firebreak gameday): one row per drill, the report kept whole in body. Readiness reads the latest
-- kill-switch and rollback drills of each agent.
CREATE TABLE gamedays (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    scenario TEXT NOT NULL,
    verdict TEXT NOT NULL,
    ended_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    body TEXT NOT NULL
);

CREATE INDEX ix_gamedays_agent_scenario ON gamedays (agent_id, scenario, recorded_at);
