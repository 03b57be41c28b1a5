-- Signed statements of the ledger head (issue 15). A copy for the API and the console only: verification never trusts
-- these rows, only anchors kept outside the database.
CREATE TABLE ledger_anchors (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    anchored_at BIGINT NOT NULL,
    pruned_through BIGINT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- Retention signs the checkpoint it leaves when anchoring is on, so a pruned prefix is told apart from one deleted by hand.
ALTER TABLE ledger_checkpoint ADD COLUMN signature TEXT NULL;
