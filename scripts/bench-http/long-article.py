#!/usr/bin/env python3
"""A long article edited while others are read (SQLite, one app process).

One client saves a row of a 250-row article, then reads its metrics and its
diff (both computed afresh after every save), over and over; meanwhile wrk
reads short articles at 32 connections. Prints the short reads' rate and
latency, and how long the long article's metrics took.

    cargo build --release && python3 scripts/bench-http/long-article.py
"""
import os, sys, threading, time

import generate, run

ROWS = int(os.environ.get("LONG_ROWS", "250"))
SHORT = 60

def main():
    db = run.fresh_database("long-article")
    reporter = run.galley(db, "token", "create", "demo.reporter")
    reviewer = run.galley(db, "token", "create", "demo.reviewer")
    port = 3950
    server = run.serve(db, port)
    base = f"http://127.0.0.1:{port}"
    generate.main(base, reporter, SHORT, os.path.join(run.WORK, "rows-long-article.txt"))
    pairs = [generate.paragraph(i) for i in range(ROWS)]
    long = generate.submit(base, reporter, "A long article", pairs)
    row, path = long["segments"][0]["id"], f"/api/v1/articles/{long['id']}"

    metrics, stop = [], threading.Event()
    def editor():
        revision = 0
        while not stop.is_set():
            saved = generate.call(base, "PUT", f"{path}/segments/{row}",
                                  {"text": f"Edit {revision}.", "base_revision": revision}, reviewer)
            revision = saved["revision"]
            started = time.monotonic()
            generate.call(base, "GET", f"{path}/metrics", None, reviewer)
            metrics.append(time.monotonic() - started)
            generate.call(base, "GET", f"{path}/diff", None, reviewer)
    thread = threading.Thread(target=editor)
    thread.start()
    reads = run.wrk([port], 32, "read.lua", env={"TOKEN": reviewer, "FIRST_ID": "3", "LAST_ID": str(2 + SHORT)})
    stop.set()
    thread.join()
    server.terminate()
    server.wait()
    metrics.sort()
    print(f"short articles read while a {len(long['segments'])}-row article is edited: "
          f"{reads['rps']:,.0f}/s, p50 {reads['p50']:.2f} ms, p99 {reads['p99']:.2f} ms")
    print(f"the long article's metrics, computed {len(metrics)} times: "
          f"median {metrics[len(metrics) // 2] * 1000:.0f} ms, worst {metrics[-1] * 1000:.0f} ms")

if __name__ == "__main__":
    main()
