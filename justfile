# Galley's everyday commands. `just --list` shows them.

eval_dir := env_var_or_default("GALLEY_EVAL_DIR", "testdata/eval")

# The service with the demo data, on http://127.0.0.1:3000.
run:
    cargo run --release -- serve --demo

# Align the example article.
align:
    cargo run --release -- align --ko examples/rate-decision.ko.txt --en examples/rate-decision.en.txt

# The test suite (the README's test command).
test:
    cargo test --workspace

# Browser tests of the review desk in headless Chromium (/usr/bin/chromium);
# they also refresh docs/screenshots.
browser:
    cargo build --release
    cd web/tests && npm ci --no-audit --no-fund && npm test

# Load benchmark on loopback with wrk (apt-get install wrk): SQLite, and
# PostgreSQL with one and two app processes (needs the galley role, as in CI).
bench-http *configs:
    cargo build --release
    python3 scripts/bench-http/run.py {{configs}}

# Short articles read while a 250-row article is edited and re-scored (SQLite).
bench-long-article:
    cargo build --release
    python3 scripts/bench-http/long-article.py

# Fuzz every target for SECONDS each (cargo fuzz, nightly).
fuzz seconds="60":
    python3 scripts/fuzz-seeds.py
    cd fuzz && for t in paragraphs align diff metrics qa xliff_import; do mkdir -p corpus/$t && cargo +nightly fuzz run -O $t corpus/$t seeds/$t -- -max_total_time={{seconds}} -max_len=200000 -timeout=120; done

# Everything CI runs.
ci:
    bash .ci/run

fmt:
    cargo fmt --all

lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Criterion benchmarks (aligner, diffs, metrics, the worst article's
# figures), sacrebleu vs galley, then the worst article over the API (fails
# past 1 s).
bench:
    cargo bench -p galley-core
    cargo bench -p galley-server --bench worst_article
    scripts/bench-sacrebleu.sh
    cargo build --release
    cd scripts/bench-http && python3 worst-article.py

# Aligner figures on the dev set and on its dropped-paragraph variant.
eval:
    cargo build --release
    ./target/release/galley eval align {{eval_dir}}/dev.jsonl
    python3 scripts/make-drop-variant.py {{eval_dir}}/dev.jsonl eval-data/dev-drop.jsonl
    ./target/release/galley eval align eval-data/dev-drop.jsonl
    ./target/release/galley eval align {{eval_dir}}/dev_noisy.jsonl

# Cross-validated aligner figures beside NLTK's Gale-Church, and the speed
# of the two on one long document (installs NLTK under target/).
align-vs-nltk *args:
    scripts/align-vs-nltk.sh {{args}}
