#!/usr/bin/env bash
# The aligner beside NLTK's Gale-Church, in one run (docs/alignment.md):
#   1. cross-validated strict link F1 of galley (scripts/cross-validate.py)
#      and NLTK's F1 on the same files;
#   2. the whole `galley align --jsonl` process against NLTK's alignment on
#      one long document: every article of dev.jsonl joined into one.
# NLTK 3.10.4 is installed from PyPI into a throwaway virtual environment
# under target/. Usage: scripts/align-vs-nltk.sh [--iterations N]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/nltk-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet nltk==3.10.4
fi
cargo build --release --quiet
galley=./target/release/galley

echo "== cross-validated F1, galley and NLTK"
"$venv/bin/python" scripts/cross-validate.py --galley "$galley" "$@"

echo "== one long document: galley align --jsonl (whole process) and NLTK"
long=target/align-long.jsonl
python3 - testdata/eval/dev.jsonl "$long" <<'EOF'
import json, sys
ko, en = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        article = json.loads(line)
        ko += article["ko"]
        en += article["en"]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "dev-joined", "ko": ko, "en": en}, ensure_ascii=False) + "\n")
print(f"{len(ko)} Korean and {len(en)} English paragraphs")
EOF
best=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
  start=$(date +%s%N)
  "$galley" align --jsonl "$long" > /dev/null
  took=$(( $(date +%s%N) - start ))
  if [ -z "$best" ] || [ "$took" -lt "$best" ]; then best=$took; fi
done
nltk=$("$venv/bin/python" scripts/nltk-gale-church.py time "$long")
python3 -c "
galley = $best / 1e9
nltk = $nltk
print(f'galley {galley:.3f} s (best of 10, whole process); NLTK {nltk:.2f} s (alignment only); {nltk / galley:.0f}x')
"
