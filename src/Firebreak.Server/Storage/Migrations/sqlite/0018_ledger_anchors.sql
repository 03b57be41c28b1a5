-- Signed statements of the ledger head (issue 15). A copy for the API and the console only: verification never trusts
-- these rows, only anchors kept outside the database.
CREATE TABLE ledger_anchors (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    anchored_at INTEGER NOT NULL,
    pruned_through INTEGER NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);

-- Retention signs the checkpoint it leaves when anchoring is on, so a pruned prefix is told apart from one deleted by hand.
ALTER TABLE ledger_checkpoint ADD COLUMN signature TEXT NULL;
