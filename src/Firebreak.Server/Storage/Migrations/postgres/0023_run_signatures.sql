-- Similar-case search (issue 18). A run's failure signature is written when the run ends. Signatures are stored once
-- per distinct hash, with their MinHash band keys, so the search looks up the bands of one signature (a few index
-- seeks over distinct signatures, not runs) and then reads the newest runs of the closest signatures by hash.
CREATE TABLE run_signatures (
    hash TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL
);

CREATE INDEX ix_run_signatures_agent ON run_signatures (agent_id, first_seen_at);

CREATE TABLE run_signature_bands (
    band_key BIGINT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (band_key, hash)
);

CREATE TABLE run_signature_runs (
    run_id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    started_at BIGINT NOT NULL
);

CREATE INDEX ix_run_signature_runs_hash ON run_signature_runs (hash, started_at, run_id);
CREATE INDEX ix_run_signature_runs_started ON run_signature_runs (started_at);
