-- Runs marked toxic: kept as evidence, flagged on their records and traces, refused as "good" regression examples.
CREATE TABLE toxic_runs (
    run_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    marked_by TEXT NOT NULL,
    marked_at BIGINT NOT NULL,
    incident_id TEXT NULL
);
