-- One Merkle log over every article's events (issue 20). Each event's hash
-- is a leaf, its index assigned in the event's own transaction with no
-- gaps: log_size's one row is the counter every append moves (on
-- PostgreSQL its row lock orders the appends of several servers; SQLite
-- writes one at a time anyway). Version numbers match migrations/postgres.
CREATE TABLE log_size (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    size BIGINT NOT NULL
);
INSERT INTO log_size (id, size) VALUES (1, 0);

-- The leaves: RFC 9162 leaf hashes (hex) of each event's hash.
CREATE TABLE log_leaves (
    leaf_index BIGINT PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (article_id, seq)
);

-- The roots of the perfect subtrees above the leaves (level 1 and up),
-- written as each one completes: any root, inclusion or consistency proof
-- is then O(log n) reads of these and the leaves.
CREATE TABLE log_nodes (
    level BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (level, idx)
);
