#!/usr/bin/env python3
"""The desk and the article list against the archive's size (SQLite).

Issue 35 asks that what a person does every minute costs the same with
2,000 articles as with 200,000. Loading 200,000 articles through the API
takes hours on this machine, so this script submits articles through the
API (20 rows each) and then copies their rows in SQL (articles, rows,
assignments: what the lists read) up to ARCHIVE_SIZES (default 2,000 and
200,000), nine in ten copies signed off and the rest in bilingual review,
half of those assigned to one reviewer with a due time long past (10,000
overdue at 200,000: the desk's lists must not read them all). At each size it times, as medians of 20, the desk `/`, its signed-off
stage paged deep (`/?stage=signed_off&after=…`), `GET /api/v1/articles`
(the first page and one deep in the archive, `after=1000`), a stage's
list and the glossary's proposals (kept until an article is signed off),
and prints the server's memory. Only the lists are measured: the
copies have no trail, so their pages do not open.

    cargo build --release && python3 scripts/bench-http/article-lists.py
"""
import os, sqlite3

import generate, run

SIZES = [int(n) for n in os.environ.get("ARCHIVE_SIZES", "2000,200000").split(",")]
PASSWORD = "article-lists-password"


def copy_articles(path, upto):
    """Copies the submitted articles (and their rows) until there are `upto`."""
    db = sqlite3.connect(path)
    columns = lambda table: [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
    article_cols = columns("articles")
    segment_cols = [c for c in columns("segments") if c != "article_id"]
    have = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    template = db.execute("SELECT MIN(id) FROM articles WHERE title LIKE 'Archive %'").fetchone()[0]
    while have < upto:
        batch = min(20_000, upto - have)
        first = db.execute("SELECT MAX(id) FROM articles").fetchone()[0] + 1
        picked = ", ".join(
            "CASE WHEN n % 10 = 0 THEN 'bilingual_review' ELSE 'signed_off' END" if c == "stage"
            else f"'Archive copy ' || n" if c == "title" else c
            for c in article_cols)
        db.execute(
            f"WITH RECURSIVE k(n) AS (SELECT {first} UNION ALL SELECT n + 1 FROM k WHERE n < {first + batch - 1}) "
            f"INSERT INTO articles (id, {', '.join(article_cols)}) SELECT n, {picked} FROM k, articles WHERE articles.id = {template}")
        db.execute(
            f"INSERT INTO segments (article_id, {', '.join(segment_cols)}) "
            f"SELECT a.id, {', '.join('s.' + c for c in segment_cols)} FROM articles a JOIN segments s ON s.article_id = {template} "
            f"WHERE a.id >= {first}")
        db.execute(
            "INSERT INTO assignments (article_id, stage, assignee_id, due_at, assigned_by, assigned_at) "
            "SELECT a.id, a.stage, u.id, '2020-01-01T00:00:00Z', u.id, '2020-01-01T00:00:00.000000Z' "
            "FROM articles a, users u WHERE a.id >= ? AND a.id % 20 = 0 AND a.stage = 'bilingual_review' "
            "AND u.name = 'lists.reviewer'", (first,))
        db.execute(
            "UPDATE articles SET assignee_id = (SELECT id FROM users WHERE name = 'lists.reviewer'), "
            "due_at = '2020-01-01T00:00:00Z' WHERE id >= ? AND id % 20 = 0 AND stage = 'bilingual_review'",
            (first,))
        db.commit()
        have += batch
    db.execute("ANALYZE")
    db.commit()
    db.close()


def main():
    database = run.fresh_database("article-lists")
    path = database.removeprefix("sqlite://")
    run.add_user(database, "lists.reviewer", "bilingual_reviewer", PASSWORD)
    reporter = run.galley(database, "token", "create", "demo.reporter")
    port = 3956
    server = run.serve(database, port)
    base = f"http://127.0.0.1:{port}"
    try:
        for n in range(20):
            generate.submit(base, reporter, f"Archive {n}", [generate.paragraph(i) for i in range(20)])
        for size in SIZES:
            copy_articles(path, size)
            browser = run.browser(base, "lists.reviewer", PASSWORD)
            oldest = 1000

            took = run.median_ms
            api = lambda path: lambda: generate.call(base, "GET", path, None, reporter)
            figures = {
                "desk": took(lambda: browser.open(base + "/").read()),
                "desk, signed off, deep": took(lambda: browser.open(f"{base}/?stage=signed_off&after={oldest}").read()),
                "API list, first page": took(api("/api/v1/articles?limit=50")),
                "API list, deep page": took(api(f"/api/v1/articles?limit=50&after={oldest}")),
                "API list, a stage": took(api("/api/v1/articles?stage=bilingual_review&limit=50")),
                "glossary proposals": took(api("/api/v1/glossary/proposals")),
            }
            shown = ", ".join(f"{name} {ms:.1f} ms" for name, ms in figures.items())
            print(f"{size:,} articles: {shown}; server {run.resident_mib(server.pid):.0f} MiB", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
