#!/usr/bin/env bash
# Runs every ```sh block of docs/api.md, in order, against a fresh server
# with the demo data, so the documented calls cannot rot. Any failing call
# (curl -f) fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
galley=./target/release/galley
[ -x "$galley" ] || cargo build --release --quiet
db=target/api-docs.db
rm -f "$db" "$db"-*
log=target/api-docs-serve.log
# The log's signing key, made afresh, so the checkpoint examples answer.
keys=target/api-docs-keys
rm -rf "$keys"
"$galley" log keygen --out "$keys" --name galley.example/log > /dev/null
"$galley" --database "sqlite://$db" serve --demo --signing-key "$keys/galley.key" --bind 127.0.0.1:3918 > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do grep -q listening "$log" && break; sleep 0.2; done
# Our own server, not one left on the port: it must have said it listens.
grep -q listening "$log" || { echo "galley serve did not start:" >&2; cat "$log" >&2; exit 1; }
export BASE=http://127.0.0.1:3918
REPORTER=$("$galley" --database "sqlite://$db" token create demo.reporter)
REVIEWER=$("$galley" --database "sqlite://$db" token create demo.reviewer)
EDITOR=$("$galley" --database "sqlite://$db" token create demo.editor)
ADMIN=$("$galley" --database "sqlite://$db" token create demo.admin)
export REPORTER REVIEWER EDITOR ADMIN
script=target/api-docs-examples.sh
python3 - docs/api.md > "$script" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
print("set -euo pipefail")
for n, block in enumerate(blocks, 1):
    print(f"echo '--- example {n}'")
    print(block)
print(f"echo 'docs/api.md: {len(blocks)} examples ran'")
PY
bash "$script" > target/api-docs-output.txt
tail -1 target/api-docs-output.txt
kill -TERM $pid
wait $pid || true
trap - EXIT
