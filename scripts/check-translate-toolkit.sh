#!/usr/bin/env bash
# Galley's exchange files through translate-toolkit (installed from PyPI,
# as a newsroom's own tool would be), against a fresh server with the demo
# data. Any mismatch fails.
# 1. A termbase translate-toolkit writes is imported: it carries
#    translate-toolkit's DOCTYPE, a term the starter glossary has (left out
#    and named), one repeated in the file, a deprecated English rendering
#    (read as forbidden) and new terms (added).
# 2. The glossary's TBX 2008 export (format=tbx2008) is read by
#    translate-toolkit: every live entry, its Korean and approved English.
# 3. An article's XLIFF 2.1 export is read by translate-toolkit (every row's
#    Korean and English), one target is changed with it, and the file it
#    writes is imported back: that row, and only it, gets the new text.
set -euo pipefail
cd "$(dirname "$0")/.."
galley=./target/release/galley
[ -x "$galley" ] || cargo build --release --quiet
venv=target/toolkit-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet translate-toolkit==3.20.4
fi
db=target/tbx-toolkit.db
rm -f "$db" "$db"-*
log=target/tbx-toolkit-serve.log
"$galley" --database "sqlite://$db" serve --demo --bind 127.0.0.1:3919 > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do grep -q listening "$log" && break; sleep 0.2; done
grep -q listening "$log" || { echo "galley serve did not start:" >&2; cat "$log" >&2; exit 1; }
EDITOR=$("$galley" --database "sqlite://$db" token create demo.editor)
"$venv/bin/python" - http://127.0.0.1:3919 "$EDITOR" <<'PY'
import json, sys, urllib.parse, urllib.request
from translate.storage import tbx

base, token = sys.argv[1], sys.argv[2]
store = tbx.tbxfile(sourcelanguage="ko", targetlanguage="en")
for ko, en in [("한국은행", "Bank of Korea"), ("관세협상", "tariff talks"),
               ("반도체특별법", "Chips Act"), ("관세협상", "tariff negotiations")]:
    store.addsourceunit(ko).target = en
body = bytes(store)
assert body.startswith(b'<?xml') and b"<!DOCTYPE martif" in body, body[:200]
# A deprecated rendering, as a CAT tool marks one (translate-toolkit has no
# API for the status): the first English term gets an administrative status.
text = body.decode("utf-8").replace(
    "<term>tariff talks</term></tig>",
    "<term>tariff talks</term></tig><tig><term>tariff war</term>"
    "<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></tig>", 1)
request = urllib.request.Request(
    f"{base}/api/v1/glossary/import", data=text.encode("utf-8"), method="POST",
    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/x-tbx+xml"})
answer = json.load(urllib.request.urlopen(request))
reasons = sorted(s["reason"] for s in answer["skipped"])
assert answer["added"] == 2, answer
assert reasons == ["already_in_glossary", "repeated_in_file"], answer
listed = urllib.request.Request(
    f"{base}/api/v1/glossary?q=" + urllib.parse.quote("관세협상"),
    headers={"Authorization": f"Bearer {token}"})
entries = json.load(urllib.request.urlopen(listed))["entries"]
assert len(entries) == 1 and entries[0]["english"] == ["tariff talks"], entries
assert entries[0]["forbidden"] == ["tariff war"], entries
print(f"translate-toolkit termbase: {answer['added']} added, "
      f"{len(answer['skipped'])} left out and named ({', '.join(reasons)})")
PY
REVIEWER=$("$galley" --database "sqlite://$db" token create demo.reviewer)
"$venv/bin/python" - http://127.0.0.1:3919 "$EDITOR" "$REVIEWER" <<'PY'
import json, sys, urllib.request
from translate.storage import tbx, xliff2

base, editor, reviewer = sys.argv[1:4]

def call(path, token, data=None, content_type=None, method=None):
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}"})
    if content_type:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request) as answer:
        return answer.read()

# 2. The TBX 2008 export, read by translate-toolkit.
entries, after = [], None
while True:
    page = json.loads(call("/api/v1/glossary" + (f"?after={after}" if after else ""), editor))
    entries += page["entries"]
    after = page["next"]
    if not after:
        break
store = tbx.tbxfile.parsestring(call("/api/v1/glossary/export?format=tbx2008", editor))
read = {(u.source, u.target) for u in store.getunits()}
want = {(e["korean"][0], e["english"][0]) for e in entries}
assert read == want, (read ^ want)
print(f"translate-toolkit read the TBX 2008 export: {len(read)} entries, as the API lists them")

# 3. An XLIFF export read by translate-toolkit, changed with it, imported back.
article = json.loads(call("/api/v1/articles/2", reviewer))
assert article["stage"] == "bilingual_review", article["stage"]
rows = article["segments"]
xliff = xliff2.Xliff2File.parsestring(call("/api/v1/articles/2/export?format=xliff", reviewer))
units = xliff.getunits()
assert len(units) == len(rows), (len(units), len(rows))
for unit, row in zip(units, rows):
    assert unit.getid().split("::")[0] == f"s{row['id']}", (unit.getid(), row["id"])
    assert unit.source == "\n\n".join(row["ko"]), (unit.source, row["ko"])
    assert unit.target == row["en"], (unit.target, row["en"])
changed = units[1]
changed.target = changed.target + " (Checked in translate-toolkit.)"
answer = json.loads(call("/api/v1/articles/2/import", reviewer, bytes(xliff),
                         "application/xliff+xml", "POST"))
assert [a["segment"] for a in answer["applied"]] == [rows[1]["id"]], answer
assert answer["unchanged"] == len(rows) - 1, answer
after = json.loads(call("/api/v1/articles/2", reviewer))["segments"]
assert after[1]["en"] == changed.target and after[1]["revision"] == rows[1]["revision"] + 1, after[1]
assert [r["en"] for r in after[2:]] == [r["en"] for r in rows[2:]]
print(f"translate-toolkit read the XLIFF 2.1 export ({len(units)} units) and its edit of one target imported back as revision {after[1]['revision']}")
PY
kill -TERM $pid
wait $pid || true
trap - EXIT
