-- A run cancelled before approval records who cancelled it; its items are deleted so other runs can take the actions.
ALTER TABLE compensation_runs ADD COLUMN cancelled_by TEXT NULL;

-- Memory purges and knowledge quarantines a run calls through the agent's registry hooks, with the items' state machine.
CREATE TABLE compensation_hooks (
    run_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    agent_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NULL,
    since TEXT NULL,
    until TEXT NULL,
    target TEXT NOT NULL,
    hook_key TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT NULL,
    verified INTEGER NULL,
    verify_detail TEXT NULL,
    action_seq BIGINT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (run_id, ordinal)
);
