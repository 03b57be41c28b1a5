-- Releases are immutable and content-addressed: the id is the SHA-256 of the canonical JSON in content.
CREATE TABLE releases (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    content TEXT NOT NULL,
    author TEXT NOT NULL,
    notes TEXT NULL,
    parent TEXT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX ix_releases_agent_created ON releases (agent_id, created_at);

-- Each agent's routing now. The control snapshot carries the same routing to enforcement points; both are written
-- in one transaction, so they never disagree.
CREATE TABLE agent_releases (
    agent_id TEXT PRIMARY KEY,
    active_release_id TEXT NULL,
    last_known_good_release_id TEXT NULL,
    candidate_release_id TEXT NULL,
    candidate_percent INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE release_activations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_release_id TEXT NULL,
    to_release_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    at INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    incident_id TEXT NULL,
    candidate_percent INTEGER NULL,
    gate_override TEXT NULL
);

CREATE INDEX ix_release_activations_agent ON release_activations (agent_id, id);

CREATE TABLE regression_cases (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX ix_regression_cases_agent ON regression_cases (agent_id, created_at);

-- The latest replay of each case on each release; a new replay replaces the old.
CREATE TABLE regression_results (
    case_id TEXT NOT NULL,
    release_id TEXT NOT NULL,
    passed INTEGER NOT NULL,
    failures TEXT NOT NULL,
    ran_by TEXT NOT NULL,
    ran_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, release_id)
);

CREATE TABLE restores (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX ix_restores_status ON restores (status, agent_id);
