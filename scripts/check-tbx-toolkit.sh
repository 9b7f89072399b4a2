#!/usr/bin/env bash
# A termbase written by translate-toolkit (installed from PyPI, as a
# newsroom's own tool would be), imported into a fresh server with the demo
# data: it carries translate-toolkit's DOCTYPE, a term the starter glossary
# has (left out and named), one repeated in the file, a deprecated English
# rendering (read as forbidden) and new terms (added). Any mismatch fails.
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
kill -TERM $pid
wait $pid || true
trap - EXIT
