#!/usr/bin/env python3
"""The glossary look-up of the article with the most keys (SQLite).

An article's QA check reads the glossary entries filed under the article's
keys (every run of 2 to 4 characters of its Korean). Four rows of 12,000
Korean syllables drawn at random have the most: 143,970. Four such
articles are submitted (the demo's starter glossary is there) and each is
read twice over the API: the first read finds its entries and checks it,
the second is the answer kept for its version.

    cargo build --release && python3 scripts/bench-http/glossary-keys.py
"""
import random, time

import generate, run


def main():
    db = run.fresh_database("glossary-keys")
    reporter = run.galley(db, "token", "create", "demo.reporter")
    port = 3955
    server = run.serve(db, port)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(7)
    try:
        korean = ["".join(chr(0xAC00 + rng.randrange(11_172)) for _ in range(12_000)) for _ in range(4)]
        english = [" ".join("word" for _ in range(2_000)) for _ in range(4)]
        for n in range(4):
            article = generate.submit(base, reporter, f"Keys {n}", list(zip(korean, english)))
            path = f"/api/v1/articles/{article['id']}"
            times = []
            for _ in range(2):
                began = time.perf_counter()
                generate.call(base, "GET", path, None, reporter)
                times.append((time.perf_counter() - began) * 1000)
            print(f"article {article['id']}: first read {times[0]:.0f} ms, then {times[1]:.0f} ms", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
