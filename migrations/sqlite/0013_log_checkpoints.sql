-- The log's signed checkpoints (issue 20), as the servers holding the
-- signing key signed them: the signed note's text, by tree size. The key
-- itself is never in the database. Version numbers match the other backend.
CREATE TABLE log_checkpoints (
    size INTEGER PRIMARY KEY,
    note TEXT NOT NULL,
    signed_at TEXT NOT NULL
);
