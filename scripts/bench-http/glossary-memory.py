#!/usr/bin/env python3
"""The server's memory against the glossary's size (SQLite, one process).

Imports GLOSSARY_SIZES entries (default 20,000 and 100,000: CSV imports of
20,000 lines with 100-character notes), then, at each size, reads the
glossary's page and a search, exports it as CSV and TBX, and reads an
article (whose QA check reads the entries filed under the article's own
keys) and its review page, and prints the sizes of the answers, the
article's times and the server's peak and current memory. Every entry
begins with 예산 ("budget"), a word of every paragraph of the article: a
look-up by two characters would read them all.

    cargo build --release && python3 scripts/bench-http/glossary-memory.py
"""
import os, urllib.request

import generate, run

SIZES = [int(n) for n in os.environ.get("GLOSSARY_SIZES", "20000,100000").split(",")]
PASSWORD = "glossary-memory-password"


def memory_mib(pid):
    figures = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                figures[key] = int(value.split()[0]) / 1024
    return figures


def main():
    db = run.fresh_database("glossary-memory")
    run.add_user(db, "memory.editor", "native_editor", PASSWORD)
    editor = run.galley(db, "token", "create", "memory.editor")
    reporter = run.galley(db, "token", "create", "demo.reporter")
    port = 3953
    server = run.serve(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        article = generate.submit(base, reporter, "Budget", [generate.paragraph(i) for i in range(20)])
        browser = run.browser(base, "memory.editor", PASSWORD)
        print(f"started: {memory_mib(server.pid)}")
        loaded = 0
        for size in SIZES:
            while loaded < size:
                batch = min(20_000, size - loaded)
                csv = "korean,english,forbidden,kind,note\n" + "".join(
                    f"예산{loaded + i:06}과,Budget Office {loaded + i},,organization,{'n' * 100}\n"
                    for i in range(batch))
                request = urllib.request.Request(base + "/api/v1/glossary/import", data=csv.encode(),
                                                 method="POST", headers={
                                                     "Authorization": f"Bearer {editor}",
                                                     "Content-Type": "text/csv"})
                urllib.request.urlopen(request).read()
                loaded += batch
            print(f"  after the imports: {memory_mib(server.pid)}")
            sizes = {}
            sizes["page"] = len(browser.open(base + "/glossary").read())
            sizes["search"] = len(browser.open(base + "/glossary?q=agency%2012").read())
            for fmt in ("csv", "tbx"):
                request = urllib.request.Request(f"{base}/api/v1/glossary/export?format={fmt}",
                                                 headers={"Authorization": f"Bearer {editor}"})
                sizes[fmt] = len(urllib.request.urlopen(request).read())
                print(f"  after the {fmt} export: {memory_mib(server.pid)}")
            read_ms = run.median_ms(lambda: generate.call(base, "GET", f"/api/v1/articles/{article['id']}", None, reporter))
            page_ms = run.median_ms(lambda: browser.open(f"{base}/articles/{article['id']}").read())
            print(f"  article read {read_ms:.1f} ms, its page {page_ms:.1f} ms (medians of 20)")
            print(f"{size:,} entries: page {sizes['page'] / 1024:,.0f} KiB, search "
                  f"{sizes['search'] / 1024:,.0f} KiB, CSV {sizes['csv'] / 1e6:,.1f} MB, "
                  f"TBX {sizes['tbx'] / 1e6:,.1f} MB; memory {memory_mib(server.pid)}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
