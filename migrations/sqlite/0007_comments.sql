-- Comment threads on rows (or on the article): a thread's first comment has
-- no reply_to; replies name it. A thread that needs an answer (blocking)
-- holds approval and sign-off while open. The trail records each comment
-- and each resolve or reopen; this table is what the pages read.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    segment_id INTEGER REFERENCES segments(id),
    reply_to INTEGER REFERENCES comments(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    blocking INTEGER NOT NULL DEFAULT 0 CHECK (blocking IN (0, 1)),
    resolved_at TEXT,
    resolved_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX comments_by_article ON comments (article_id, id);
