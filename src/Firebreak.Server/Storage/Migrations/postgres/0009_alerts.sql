-- Alerts raised by detectors. One alert per detector finding about the same agent and dedup key within the detector's
-- window; first_seq (the ledger entry that first raised it) makes raising idempotent when several nodes tail the ledger.
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    detector TEXT NOT NULL,
    failure_class TEXT NOT NULL,
    severity INTEGER NOT NULL,
    dedup_key TEXT NOT NULL,
    summary TEXT NOT NULL,
    run_ids TEXT NOT NULL,
    action_seqs TEXT NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    fired INTEGER NOT NULL,
    status TEXT NOT NULL,
    incident_id TEXT NULL,
    status_changed_by TEXT NULL,
    status_changed_at BIGINT NULL,
    UNIQUE (agent_id, detector, dedup_key, first_seq)
);
CREATE INDEX alerts_by_key ON alerts (agent_id, detector, dedup_key, last_seen_at);
CREATE INDEX alerts_by_first_seen ON alerts (first_seen_at);

-- The last ledger entry the detection service has read, shared by every node.
CREATE TABLE detection_cursor (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL
);
