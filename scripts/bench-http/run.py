#!/usr/bin/env python3
"""`just bench-http`: Galley under load on loopback, driven by wrk.

For SQLite, PostgreSQL with one app process and PostgreSQL with two, it
starts `galley serve`, loads a generated data set (hundreds of articles of
20-40 rows) and measures, at several concurrency levels: GET /healthz (the
ceiling of this machine), reading an article, reading its diff, saving a
revision (with its trail event), and submitting a draft. It prints requests
per second, p50 and p99 latency, and each figure as a share of /healthz, and
the servers' peak memory."""
import http.cookiejar, json, os, re, statistics, subprocess, sys, time, urllib.parse, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
GALLEY = os.path.join(ROOT, "target", "release", "galley")
WORK = os.path.join(ROOT, "target", "bench-http")
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "300"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
LEVELS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "8,32").split(",")]
# A comma-separated subset of the cases, for working on one of them.
CASES = os.environ.get("BENCH_CASES")
# Each case first runs this long unmeasured, so that the figures are the
# steady state: the pool's connections open and the answers are cached
# (docs/performance.md gives the cold-start figures too). 0 for none.
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
PG_ADMIN = os.environ.get("BENCH_POSTGRES", "postgres://galley:galley@127.0.0.1:5432/postgres")
os.makedirs(WORK, exist_ok=True)

def galley(database, *args):
    return subprocess.run([GALLEY, "--database", database, *args], check=True,
                          capture_output=True, text=True).stdout.strip()

def fresh_database(name):
    """A new SQLite database under target/bench-http with the demo's
    people, migrated; its URL."""
    path = os.path.join(WORK, f"{name}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    database = f"sqlite://{path}"
    galley(database, "migrate")
    galley(database, "demo")
    return database

def add_user(database, name, role, password):
    subprocess.run([GALLEY, "--database", database, "user", "add", name, "--role", role,
                    "--password-stdin"], input=password + "\n", text=True, check=True,
                   capture_output=True)

def browser(base, name, password):
    """A client signed in to the pages as `name` (its cookie kept)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.open(urllib.request.Request(
        base + "/login", method="POST",
        data=urllib.parse.urlencode({"name": name, "password": password}).encode(),
        headers={"Origin": base})).read()
    return opener

def serve(database, port):
    log = open(os.path.join(WORK, f"serve-{port}.log"), "w")
    process = subprocess.Popen([GALLEY, "--database", database, "serve", "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=log, text=True,
                               env={**os.environ, "RUST_LOG": "warn"})
    line = process.stdout.readline()
    assert "listening" in line, line
    return process

def median_ms(read, times=20):
    """The median time of `times` calls of `read`, in milliseconds, after
    one unmeasured call."""
    read()
    taken = []
    for _ in range(times):
        began = time.perf_counter()
        read()
        taken.append((time.perf_counter() - began) * 1000)
    return statistics.median(taken)

def resident_mib(pid):
    """The process's resident memory now, in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

def peak_memory_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024

def parse(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    def quantile(q):
        match = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    total = re.search(r"(\d+) requests in", output)
    return {"rps": rps, "p50": quantile(50), "p99": quantile(99),
            "non2xx": int(errors.group(1)) if errors else 0, "requests": int(total.group(1))}

def wrk(ports, connections, script=None, path="/", env=None, seconds=SECONDS):
    """One wrk per app process, the connections split between them; the
    figures are summed (rates) or the worst (latencies)."""
    runs = []
    share = max(1, connections // len(ports))
    for index, port in enumerate(ports):
        threads = share if script and script.endswith("save.lua") else min(2, share)
        command = ["wrk", "--latency", "-t", str(threads), "-c", str(share), "-d", f"{seconds}s"]
        if script:
            command += ["-s", os.path.join(HERE, script)]
        command.append(f"http://127.0.0.1:{port}{path}")
        offset = {"ROW_OFFSET": str(index * share)}
        runs.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, **(env or {}), **offset}))
    results = [parse(run.communicate()[0]) for run in runs]
    return {"rps": sum(r["rps"] for r in results), "p50": max(r["p50"] for r in results),
            "p99": max(r["p99"] for r in results), "non2xx": sum(r["non2xx"] for r in results),
            "requests": sum(r["requests"] for r in results)}

def bench(name, database, ports):
    galley(database, "migrate")
    galley(database, "demo")
    reporter = galley(database, "token", "create", "demo.reporter")
    reviewer = galley(database, "token", "create", "demo.reviewer")
    servers = [serve(database, port) for port in ports]
    rows = os.path.join(WORK, f"rows-{name}.txt")
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), f"http://127.0.0.1:{ports[0]}",
                    reporter, str(ARTICLES), rows], check=True)
    first, last = 3, 2 + ARTICLES
    table = []
    for connections in LEVELS:
        if WARMUP:
            wrk(ports, connections, path="/healthz", seconds=WARMUP)
        ceiling = wrk(ports, connections, path="/healthz")
        read = {"TOKEN": reviewer, "FIRST_ID": str(first), "LAST_ID": str(last)}
        cases = [
            ("read an article", "read.lua", read),
            ("read its diff", "read.lua", {**read, "SUFFIX": "/diff"}),
            ("save a revision", "save.lua", {"TOKEN": reviewer, "ROWS": rows}),
            ("submit a draft", "submit.lua", {"TOKEN": reporter}),
        ]
        table.append((connections, "GET /healthz", ceiling, 1.0))
        for case, script, env in cases:
            if CASES and not any(c in case for c in CASES.split(",")):
                continue
            if WARMUP:
                wrk(ports, connections, script, env=env, seconds=WARMUP)
            result = wrk(ports, connections, script, env=env)
            table.append((connections, case, result, result["rps"] / ceiling["rps"]))
    memory = [peak_memory_mib(s.pid) for s in servers]
    for server in servers:
        server.terminate()
        server.wait()
    return table, memory

def report(name, table, memory):
    print(f"\n## {name}\n")
    print("| connections | endpoint | requests/s | share of /healthz | p50 ms | p99 ms | non-2xx |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for connections, case, r, share in table:
        print(f"| {connections} | {case} | {r['rps']:,.0f} | {share:.1%} | {r['p50']:.2f} | {r['p99']:.2f} | {r['non2xx']} |")
    print(f"\nPeak server memory (VmHWM): {', '.join(f'{m:.0f} MiB' for m in memory)}")

def postgres_database(tag):
    name = f"galley_bench_{tag}_{os.getpid()}"
    import_url = PG_ADMIN.rsplit("/", 1)[0]
    subprocess.run(["psql", PG_ADMIN, "-qc", f"CREATE DATABASE {name}"], check=True)
    return f"{import_url}/{name}"

if __name__ == "__main__":
    which = sys.argv[1:] or ["sqlite", "postgres", "postgres2"]
    print(f"galley bench-http: {ARTICLES} articles, {SECONDS} s per run, wrk, {os.cpu_count()} cores")
    if "sqlite" in which:
        db = os.path.join(WORK, "bench.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        report("SQLite, one app process", *bench("sqlite", f"sqlite://{db}", [3931]))
    if "postgres" in which:
        report("PostgreSQL, one app process", *bench("pg1", postgres_database("one"), [3932]))
    if "postgres2" in which:
        report("PostgreSQL, two app processes", *bench("pg2", postgres_database("two"), [3933, 3934]))
