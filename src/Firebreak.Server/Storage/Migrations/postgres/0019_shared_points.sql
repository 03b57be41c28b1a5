-- Enforcement points of every node (issue 17), so a control change made through any node waits for, and reports, the
-- points connected to the others. Each node writes a heartbeat; a point whose node stopped beating counts as
-- disconnected since its last_seen, which the node refreshes with every heartbeat.
CREATE TABLE firebreak_nodes (
    node_id TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);

-- One row per point id: it belongs to owner_key_id while the row lives (connected on a live node, or heard from within
-- the point retention). stream_id names the stream that registered it last, so an older stream of the same point
-- closing late on another node cannot mark the newer one disconnected.
CREATE TABLE enforcement_points (
    point_id TEXT PRIMARY KEY,
    owner_key_id TEXT NOT NULL,
    agent_id TEXT NULL,
    host TEXT NULL,
    version TEXT NULL,
    node_id TEXT NOT NULL,
    stream_id TEXT NOT NULL,
    connected BOOLEAN NOT NULL,
    connected_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    applied_epoch BIGINT NOT NULL,
    acked_at BIGINT NOT NULL
);

CREATE INDEX ix_enforcement_points_agent ON enforcement_points (agent_id);
