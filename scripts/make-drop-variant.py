#!/usr/bin/env python3
"""Derive the "dropped paragraph" variant of a gold alignment file.

For every article, one or two paragraphs that sat in a 1-1 link are removed
from one side (Korean or English, chosen at random per paragraph), so the
gold gains a 1-0 link (the English lost its paragraph: the AI dropped it) or
a 0-1 link (the Korean lost it: the AI added one). Indices are renumbered.
The output goes to an ignored path; it is derived data, never committed.

    scripts/make-drop-variant.py ../shared/eval/dev.jsonl eval-data/dev-drop.jsonl [--seed N]
"""

import argparse
import json
import os
import random


def drop(article, rng):
    one_to_one = [n for n, (k, e) in enumerate(article["gold"]) if len(k) == 1 and len(e) == 1]
    # Leave at least one 1-1 link so neither side can end up empty.
    count = min(rng.choice([1, 2]), len(one_to_one) - 1)
    if count <= 0:
        return article
    chosen = sorted(rng.sample(one_to_one, count))
    removed = {"ko": set(), "en": set()}
    links = []
    for n, (k, e) in enumerate(article["gold"]):
        if n in chosen:
            side = rng.choice(["ko", "en"])
            removed[side].add((k if side == "ko" else e)[0])
            k, e = ([], e) if side == "ko" else (k, [])
        links.append((k, e))

    def renumber(side, indices):
        return [i - sum(1 for r in removed[side] if r < i) for i in indices]

    return {
        "id": article["id"] + ":drop",
        "ko": [p for i, p in enumerate(article["ko"]) if i not in removed["ko"]],
        "en": [p for i, p in enumerate(article["en"]) if i not in removed["en"]],
        "gold": [[renumber("ko", k), renumber("en", e)] for k, e in links],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(os.path.dirname(args.target) or ".", exist_ok=True)
    with open(args.source, encoding="utf-8") as source, open(args.target, "w", encoding="utf-8") as target:
        for line in source:
            if line.strip():
                target.write(json.dumps(drop(json.loads(line), rng), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
