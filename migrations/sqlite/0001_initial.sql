-- Galley's schema on SQLite. Version numbers match migrations/postgres.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('reporter', 'bilingual_reviewer', 'native_editor', 'admin')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('draft', 'bilingual_review', 'native_edit', 'signed_off')),
    version INTEGER NOT NULL,
    ai_tool TEXT NOT NULL,
    ai_model TEXT NOT NULL,
    submitted_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE ko_paragraphs (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

-- One row of the alignment. Rows replaced by a merge or split stay, inactive,
-- with their revisions: nothing a person wrote is lost.
CREATE TABLE segments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL,
    ko_start INTEGER NOT NULL,
    ko_end INTEGER NOT NULL,
    confidence REAL NOT NULL,
    flags TEXT NOT NULL,
    current_revision INTEGER NOT NULL,
    reviewed_revision INTEGER,
    active INTEGER NOT NULL
);
CREATE INDEX segments_by_article ON segments (article_id, active, position);

-- Revision 0 is the AI draft (ai_tool, ai_model); later ones have a person.
CREATE TABLE revisions (
    segment_id INTEGER NOT NULL REFERENCES segments(id),
    revision INTEGER NOT NULL,
    text TEXT NOT NULL,
    author_user INTEGER REFERENCES users(id),
    ai_tool TEXT,
    ai_model TEXT,
    stage TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (segment_id, revision),
    CHECK ((author_user IS NULL) = (revision = 0))
);

CREATE TABLE events (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_user INTEGER,
    stage TEXT NOT NULL,
    action TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

-- The trail is append-only: the database refuses to change it.
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'trail events are append-only');
END;

CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'trail events are append-only');
END;
