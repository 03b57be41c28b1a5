-- Blast radius: the filters an incident query uses most (agent + tool + window, window alone, correlation, release).
CREATE INDEX ix_actions_agent_tool_recorded ON actions (agent_id, tool, recorded_at);
CREATE INDEX ix_actions_recorded ON actions (recorded_at);
CREATE INDEX ix_actions_correlation ON actions (correlation_id);
CREATE INDEX ix_actions_release_recorded ON actions (release_id, recorded_at);

-- Compensation runs: a plan (dry run) over a blast-radius selection, approved, then executed item by item.
CREATE TABLE compensation_runs (
    id TEXT PRIMARY KEY,
    selection TEXT NOT NULL,
    incident_id TEXT NULL,
    status TEXT NOT NULL,
    max_concurrency INTEGER NOT NULL,
    rate_per_second INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    approved_by TEXT NULL,
    approved_at BIGINT NULL,
    started_at BIGINT NULL,
    finished_at BIGINT NULL
);

CREATE INDEX ix_compensation_runs_status ON compensation_runs (status);

-- One row per compensated action across all runs: the unique action_seq is what stops two runs compensating it twice.
CREATE TABLE compensation_items (
    action_seq BIGINT PRIMARY KEY,
    run_id TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    tool TEXT NOT NULL,
    entities TEXT NOT NULL,
    amount_micros BIGINT NULL,
    currency TEXT NULL,
    kind TEXT NOT NULL,
    target TEXT NULL,
    compensation_key TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT NULL,
    verified INTEGER NULL,
    verify_detail TEXT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX ix_compensation_items_run ON compensation_items (run_id, action_seq);

-- Selected actions a run left alone because another run already holds them.
CREATE TABLE compensation_exclusions (
    run_id TEXT NOT NULL,
    action_seq BIGINT NOT NULL,
    PRIMARY KEY (run_id, action_seq)
);

CREATE TABLE mitigation_tasks (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    action_seq BIGINT NOT NULL UNIQUE,
    agent_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    entities TEXT NOT NULL,
    task TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    incident_id TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE INDEX ix_mitigation_tasks_status ON mitigation_tasks (status, created_at);
