#!/usr/bin/env bash
# Fault check: PostgreSQL restarted under traffic. While it is down, requests
# fail cleanly with 503 (never 500) and /readyz says so; once it is back the
# service resumes by itself, and every acknowledged save is there.
# Needs a running cluster (`.ci/run` starts it) and the role galley/galley.
set -euo pipefail
cd "$(dirname "$0")/.."
galley=./target/release/galley
[ -x "$galley" ] || cargo build --release --quiet
cluster=$(pg_lsclusters --no-header | awk 'NR == 1 {print $1, $2}')
db=galley_fault_$$
su postgres -c "psql -qc 'CREATE DATABASE $db OWNER galley'"
url=postgres://galley:galley@127.0.0.1:5432/$db
"$galley" --database "$url" demo > /dev/null
token=$("$galley" --database "$url" token create demo.reviewer)
log=target/fault-pg-serve.log
"$galley" --database "$url" serve --bind 127.0.0.1:3921 > "$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster start 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 50); do grep -q listening "$log" && break; sleep 0.2; done
# Our own server, not one left on the port: it must have said it listens.
grep -q listening "$log" || { echo "galley serve did not start:" >&2; cat "$log" >&2; exit 1; }

python3 - "$token" "$cluster" <<'PY'
import json, subprocess, sys, threading, time, urllib.request, urllib.error

token, cluster = sys.argv[1], sys.argv[2].split()
base = "http://127.0.0.1:3921"

def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")

status, article = call("GET", "/api/v1/articles/2")
assert status == 200, status
row = article["segments"][0]
revision = row["revision"]
statuses, acknowledged = [], []
stop = threading.Event()

def writer():
    global revision
    n = 0
    while not stop.is_set():
        n += 1
        text = f"Save {n}: Seoul subway base fare to rise by 150 won"
        status, body = call("PUT", f"/api/v1/articles/2/segments/{row['id']}", {"text": text, "base_revision": revision})
        statuses.append(status)
        if status == 200:
            revision = body["revision"]
            acknowledged.append((revision, text))
        elif status == 409:
            revision = body["current_revision"]
        else:
            time.sleep(0.2)

# A daemon: if a check below fails, the script exits rather than wait
# forever for a writer nobody stops (it once held CI until its time limit).
thread = threading.Thread(target=writer, daemon=True)
thread.start()
time.sleep(1.5)
subprocess.run(["pg_ctlcluster", *cluster, "stop", "-m", "fast"], check=True)
time.sleep(1.0)
ready = urllib.request.Request(base + "/readyz")
try:
    urllib.request.urlopen(ready, timeout=15)
    raise SystemExit("readyz answered 200 while PostgreSQL was down")
except urllib.error.HTTPError as error:
    assert error.code == 503, error.code
    assert json.loads(error.read())["database"] == "unavailable"
down_status, _ = call("GET", "/api/v1/articles/2")
assert down_status == 503, down_status
time.sleep(1.0)
subprocess.run(["pg_ctlcluster", *cluster, "start"], check=True)
deadline = time.time() + 30
while time.time() < deadline:
    try:
        with urllib.request.urlopen(ready, timeout=15) as answer:
            if answer.status == 200:
                break
    except urllib.error.HTTPError:
        pass
    time.sleep(0.5)
else:
    raise SystemExit("the service did not resume within 30 s")
before = len(acknowledged)
time.sleep(1.5)
stop.set()
thread.join()
assert len(acknowledged) > before, "saves resumed after the restart"
bad = [s for s in statuses if s >= 500 and s != 503]
assert not bad, f"statuses other than 503 among the failures: {bad}"
status, article = call("GET", "/api/v1/articles/2")
texts = {}
for r in article["segments"]:
    if r["id"] == row["id"]:
        assert r["revision"] >= acknowledged[-1][0]
status, verified = call("GET", "/api/v1/articles/2/trail/verify")
assert verified["ok"], verified
print(f"PostgreSQL restart: {len(acknowledged)} saves acknowledged, "
      f"{statuses.count(503)} answered 503 while it was down, none 500; trail verifies")
PY
kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
su postgres -c "psql -qc 'DROP DATABASE $db'"
