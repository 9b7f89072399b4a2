-- Each `galley trail verify --all` run: the log's size when it began, from
-- where (`--since`, NULL for every article) and what it found, so that a
-- later run `--since last` checks the articles written since the last run
-- that found nothing wrong.
CREATE TABLE verify_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    since INTEGER,
    log_size INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    broken INTEGER NOT NULL
);
