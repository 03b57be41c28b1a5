-- Blast radius at scale (issue 17): the two indexes a large selection is read through (window, agent + tool +
-- window) carry every column the summary filters on or counts, so a selection of hundreds of thousands
-- of actions is answered by an index-only scan instead of one heap fetch per action.
-- ix_actions_agent_recorded stays narrow: every append writes an entry in each of these, and an agent's day
-- (17k actions in a 10M ledger) answers in under 0.1 s through it as it is.
DROP INDEX ix_actions_recorded;
DROP INDEX ix_actions_agent_tool_recorded;
CREATE INDEX ix_actions_recorded ON actions (recorded_at) INCLUDE (agent_id, tool, outcome, release_id, run_id, currency, amount_micros);
CREATE INDEX ix_actions_agent_tool_recorded ON actions (agent_id, tool, recorded_at) INCLUDE (outcome, release_id, run_id, currency, amount_micros);
