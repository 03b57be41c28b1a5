CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    source TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    agent_id TEXT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NULL
);

CREATE TABLE ledger_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);

INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE ledger_checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    pruned_at INTEGER NOT NULL
);

CREATE TABLE ledger_entries (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    run_id TEXT NULL,
    agent_id TEXT NULL,
    recorded_at INTEGER NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE INDEX ix_ledger_entries_run ON ledger_entries (run_id, seq) WHERE run_id IS NOT NULL;
CREATE INDEX ix_ledger_entries_recorded ON ledger_entries (recorded_at);

CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    traceparent TEXT NULL,
    release_id TEXT NULL,
    agent_version TEXT NULL,
    prompt_version TEXT NULL,
    model_id TEXT NULL,
    status TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER NULL
);

CREATE INDEX ix_runs_agent_started ON runs (agent_id, started_at);
CREATE INDEX ix_runs_started ON runs (started_at);
CREATE INDEX ix_runs_correlation ON runs (correlation_id);

CREATE TABLE actions (
    seq INTEGER PRIMARY KEY,
    agent_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    tool TEXT NOT NULL,
    arguments_digest TEXT NOT NULL,
    outcome TEXT NOT NULL,
    run_id TEXT NULL,
    correlation_id TEXT NULL,
    release_id TEXT NULL,
    amount_micros INTEGER NULL,
    currency TEXT NULL,
    recorded_at INTEGER NOT NULL,
    completed_seq INTEGER NULL
);

CREATE UNIQUE INDEX ux_actions_agent_key ON actions (agent_id, idempotency_key);
CREATE INDEX ix_actions_agent_recorded ON actions (agent_id, recorded_at);
CREATE INDEX ix_actions_run ON actions (run_id) WHERE run_id IS NOT NULL;

CREATE TABLE action_entities (
    action_seq INTEGER NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (action_seq, entity_type, entity_id)
) WITHOUT ROWID;

CREATE INDEX ix_action_entities_entity ON action_entities (entity_type, entity_id);
