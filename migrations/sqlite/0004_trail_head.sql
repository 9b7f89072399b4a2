-- Each article keeps the head of its trail (the last event's seq and hash),
-- so that a write learns it from the statement that locks the article
-- instead of asking for it in a statement of its own. The events stay the
-- record: the head is only where the next event starts, and an event written
-- from a wrong head breaks the chain, which `trail verify` reports.
-- Version numbers match migrations/postgres.
ALTER TABLE articles ADD COLUMN trail_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN trail_hash TEXT NOT NULL
    DEFAULT '0000000000000000000000000000000000000000000000000000000000000000';

UPDATE articles SET
    trail_seq = (SELECT seq FROM events e WHERE e.article_id = articles.id ORDER BY seq DESC LIMIT 1),
    trail_hash = (SELECT hash FROM events e WHERE e.article_id = articles.id ORDER BY seq DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM events e WHERE e.article_id = articles.id);

-- Every appended event moves its article's head, in the same transaction.
CREATE TRIGGER events_move_head AFTER INSERT ON events
BEGIN
    UPDATE articles SET trail_seq = NEW.seq, trail_hash = NEW.hash WHERE id = NEW.article_id;
END;
