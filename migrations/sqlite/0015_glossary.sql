-- The newsroom's glossary (issue 21): entries, each a Korean term with its
-- variants, the approved English with accepted variants, and forbidden
-- renderings (JSON arrays of text), a kind and a note; retired, never
-- deleted. Every change is also an event of the glossary's own hash chain,
-- glossary_changes (the same hashing as an article's trail), which the
-- database refuses to change. Version numbers match migrations/postgres.
CREATE TABLE glossary_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    korean TEXT NOT NULL,
    english TEXT NOT NULL,
    forbidden TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    added_by INTEGER REFERENCES users(id),
    added_at TEXT NOT NULL,
    retired_at TEXT
);

CREATE TABLE glossary_changes (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entry_id INTEGER NOT NULL REFERENCES glossary_entries(id),
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TRIGGER glossary_changes_append_only_update BEFORE UPDATE ON glossary_changes
BEGIN
    SELECT RAISE(ABORT, 'the glossary''s changes are append-only');
END;
CREATE TRIGGER glossary_changes_append_only_delete BEFORE DELETE ON glossary_changes
BEGIN
    SELECT RAISE(ABORT, 'the glossary''s changes are append-only');
END;

-- Proposals an editor turned down (a Korean term with the English the
-- desk's corrections suggested), so they are not proposed again.
CREATE TABLE glossary_rejections (
    korean TEXT NOT NULL,
    english TEXT NOT NULL,
    rejected_by INTEGER REFERENCES users(id),
    rejected_at TEXT NOT NULL,
    PRIMARY KEY (korean, english)
);
