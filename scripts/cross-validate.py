#!/usr/bin/env python3
"""Cross-validated figures for the aligner, beside NLTK's Gale-Church.

The articles of dev.jsonl and dev_noisy.jsonl are split into FOLDS folds
(by article, each file on its own, so every fold holds clean and noisy
articles). For each fold, the model is fitted on the other folds and scored
on this one:

  * the counted parameters (English characters per Korean character, the
    length variance, the priors of the 1-1, 1-2, 2-1, 1-3 and 3-1 rows) are
    counted on the training articles by `galley eval fit`;
  * the few weights that cannot be counted (SEARCHED below) are found by
    random local search from the middle of their ranges, maximising on the
    training folds

        F1(clean) + F1(clean, one paragraph dropped) + F1(noisy)
            - 5 * max(0, share of 1-0 and 0-1 rows on noisy - 0.015)

(the target is 2% on held-out folds; the training folds aim below it).

The held-out folds' counts are added up, so every figure printed is of
articles the model was not fitted on. NLTK has nothing fitted here; it is
scored on the same files in the same run (scripts/nltk-gale-church.py).

    scripts/cross-validate.py [--folds 5] [--iterations 150] [--seed 7]

Needs a release build of galley and NLTK (scripts/align-vs-nltk.sh installs
it into target/nltk-venv and runs this).
"""

import argparse
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load(name):
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


drop_variant = load("make-drop-variant")
nltk_gale_church = load("nltk-gale-church")

# Weights searched on the training folds, with their ranges. Everything else
# is counted (see fitted()) or left at its default.
SEARCHED = {
    "one_sided_cost": (0.0, 3.0),
    "one_sided_key_factor": (0.3, 1.5),
    "prior_1-0": (0.002, 0.05),
    "prior_0-1": (0.002, 0.05),
    "length_outlier_share": (0.0, 0.3),
    # The evidence of the keys: an unmatched strong or weak anchor, Latin
    # word, English name, quotation. Searched in every fold too, so no
    # weight chosen with the held-out articles in view reaches them.
    "strong_anchor_cost": (0.0, 6.0),
    "weak_anchor_cost": (0.0, 4.0),
    "latin_word_cost": (0.0, 7.0),
    "name_cost": (0.0, 3.0),
    "quotation_cost": (0.0, 3.0),
}


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write(path, articles):
    with open(path, "w", encoding="utf-8") as f:
        for article in articles:
            f.write(json.dumps(article, ensure_ascii=False) + "\n")


def with_drops(articles, seed):
    rng = random.Random(seed)
    return [drop_variant.drop(article, rng) for article in articles]


def start_point():
    """Where the search starts in every fold: the middle of each range. Not
    the shipped defaults: those were chosen with every article in view, and
    a search that starts there would carry them into the held-out folds."""
    return {name: round((low + high) / 2, 4) for name, (low, high) in SEARCHED.items()}


def fitted(galley, paths):
    """Parameters counted on the training articles (`galley eval fit`)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for path in paths:
            with open(path, encoding="utf-8") as src:
                f.write(src.read())
        joined = f.name
    try:
        out = subprocess.run([galley, "eval", "fit", joined], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(joined)
    counted = {}
    for line in out.splitlines():
        if m := re.match(r"chars_ratio\s+([\d.]+)", line):
            counted["chars_ratio"] = float(m.group(1))
        elif m := re.match(r"variance_per_char\s+([\d.]+)", line):
            counted["variance_per_char"] = float(m.group(1))
        elif m := re.match(r"\s+(sentence_gap_-?\d)\s+([\d.]+)", line):
            counted[m.group(1)] = float(m.group(2))
        elif m := re.match(r"\s+(1-1|1-2|2-1|1-3|3-1)\s+\d+\s+([\d.]+)", line):
            counted["prior_" + m.group(1)] = max(float(m.group(2)), 0.001)
    return counted


def counts(galley, path, weights):
    flags = [arg for name, value in weights.items() for arg in ("--set", f"{name}={value}")]
    out = subprocess.run([galley, "eval", "align", path, "--json", *flags], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def f1(c):
    p = c["correct_links"] / max(c["predicted_links"], 1)
    r = c["correct_links"] / max(c["gold_links"], 1)
    return 2 * p * r / (p + r) if p + r else 0.0


def objective(galley, files, weights, one_sided_target):
    clean, dropped, noisy = (counts(galley, files[k], weights) for k in ("clean", "drop", "noisy"))
    share = noisy["one_sided_links"] / max(noisy["predicted_links"], 1)
    return f1(clean) + f1(dropped) + f1(noisy) - 5 * max(0.0, share - one_sided_target)


def search(galley, files, start, counted, iterations, rng, one_sided_target):
    best = dict(start)
    best_score = objective(galley, files, {**counted, **best}, one_sided_target)
    for _ in range(iterations):
        candidate = dict(best)
        for name in rng.sample(sorted(SEARCHED), rng.choice([1, 2])):
            low, high = SEARCHED[name]
            value = candidate[name] + rng.gauss(0, (high - low) * 0.15)
            candidate[name] = round(min(high, max(low, value)), 4)
        score = objective(galley, files, {**counted, **candidate}, one_sided_target)
        if score > best_score:
            best, best_score = candidate, score
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--galley", default=os.path.join(ROOT, "target/release/galley"))
    parser.add_argument("--clean", default=os.path.join(ROOT, "testdata/eval/dev.jsonl"))
    parser.add_argument("--noisy", default=os.path.join(ROOT, "testdata/eval/dev_noisy.jsonl"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one-sided-target", type=float, default=0.015,
                        help="share of 1-0 and 0-1 rows on the noisy training folds above which the objective pays")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    sets = {"clean": read(args.clean), "noisy": read(args.noisy)}
    sets["drop"] = with_drops(sets["clean"], 2026)
    sets["noisy_drop"] = with_drops(sets["noisy"], 2026)
    start = start_point()
    totals = {name: {"gold_links": 0, "predicted_links": 0, "correct_links": 0, "one_sided_links": 0,
                     "articles": 0, "articles_exact": 0, "dropped_paragraphs": 0, "dropped_shown": 0,
                     "dropped_flagged": 0, "dropped_warned": 0, "dropped_unmarked": 0} for name in sets}
    chosen = []
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(args.folds):
            train, held = {}, {}
            for name, articles in sets.items():
                train[name] = os.path.join(tmp, f"train-{name}.jsonl")
                held[name] = os.path.join(tmp, f"held-{name}.jsonl")
                write(train[name], [a for n, a in enumerate(articles) if n % args.folds != fold])
                write(held[name], [a for n, a in enumerate(articles) if n % args.folds == fold])
            counted = fitted(args.galley, [train["clean"], train["noisy"]])
            weights = search(args.galley, train, start, counted, args.iterations, rng, args.one_sided_target)
            chosen.append(weights)
            for name in sets:
                c = counts(args.galley, held[name], {**counted, **weights})
                for key in totals[name]:
                    totals[name][key] += c[key]
            print(f"fold {fold + 1}/{args.folds}: " + " ".join(f"{k}={v}" for k, v in weights.items()),
                  file=sys.stderr, flush=True)

    paths = {"clean": args.clean, "noisy": args.noisy}
    report = {}
    for name, c in totals.items():
        report[name] = {
            "galley_held_out_f1": round(f1(c), 4),
            "galley_articles_exact": f"{c['articles_exact']}/{c['articles']}",
            "galley_one_sided_share": round(c["one_sided_links"] / max(c["predicted_links"], 1), 4),
        }
        if c["dropped_paragraphs"]:
            # Where each Korean paragraph the English lost ended up: a 1-0
            # row, a row the aligner flags, a row QA warns of, or hidden.
            report[name]["dropped_korean"] = {
                k: c["dropped_" + k] for k in ("paragraphs", "shown", "flagged", "warned", "unmarked")
            }
        if name in paths:
            nltk = nltk_gale_church.score(paths[name])
            report[name]["nltk_f1"] = round(nltk["f1"], 4)
            report[name]["nltk_articles_exact"] = f"{nltk['articles_exact']}/{nltk['articles']}"
            report[name]["nltk_one_sided_share"] = round(nltk["one_sided_links"] / max(nltk["predicted_links"], 1), 4)
    print(json.dumps({"folds": args.folds, "weights_per_fold": chosen, "held_out": report}, indent=1))


if __name__ == "__main__":
    main()
