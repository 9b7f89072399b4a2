#!/usr/bin/env bash
# Times sacrebleu 2.6.0 (installed from PyPI into a throwaway virtual
# environment under target/) and galley on the same sentence pairs (TER +
# chrF + chrF++), after checking that every figure agrees, in every TER
# variant. Usage: scripts/bench-sacrebleu.sh [PAIRS]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-1000}
venv=target/sacrebleu-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet sacrebleu==2.6.0
fi
python3 scripts/make-score-pairs.py eval-data/score-pairs.jsonl --pairs "$pairs"
cargo build --release --quiet
galley=./target/release/galley
for flags in "" "--cased" "--normalized" "--cased --normalized"; do
  # shellcheck disable=SC2086
  "$venv/bin/python" scripts/sacrebleu-score.py compare eval-data/score-pairs.jsonl "$galley" $flags
done
"$venv/bin/python" scripts/sacrebleu-score.py bench eval-data/score-pairs.jsonl "$galley"
