-- The agents a ci key reports regression results for, as a JSON array of agent ids; NULL for every other role
-- (an agent key keeps its single agent in agent_id).
ALTER TABLE api_keys ADD COLUMN agent_ids TEXT NULL;
