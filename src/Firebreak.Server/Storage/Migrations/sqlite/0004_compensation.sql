-- Blast radius: the filters an incident query uses most (agent + tool + window, window alone, correlation, release).
CREATE INDEX ix_actions_agent_tool_recorded ON actions (agent_id, tool, recorded_at);
CREATE INDEX ix_actions_recorded ON actions (recorded_at);
CREATE INDEX ix_actions_correlation ON actions (correlation_id);
CREATE INDEX ix_actions_release_recorded ON actions (release_id, recorded_at);
