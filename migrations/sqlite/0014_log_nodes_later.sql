-- The log's inner nodes are written after the leaves, not in each event's
-- transaction (issue 20's 20% budget for a save): an append is one INSERT
-- of its leaf (the index is the largest one plus one; on PostgreSQL
-- log_size's row lock still orders several servers). Whoever next reads
-- the log (a proof, a root, a checkpoint) first writes the perfect
-- subtrees completed since, so every proof is still O(log n) reads.
-- log_nodes_done: how many leaves have their completed subtrees written.
-- Version numbers match the other backend.
CREATE TABLE log_nodes_done (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    done INTEGER NOT NULL
);
INSERT INTO log_nodes_done (id, done) SELECT 1, size FROM log_size;
