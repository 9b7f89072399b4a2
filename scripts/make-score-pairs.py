#!/usr/bin/env python3
"""Write N hypothesis/reference pairs of news-like English, post-edited the
way editors post-edit an AI draft (words replaced, inserted, deleted,
phrases moved, a capital fixed), for benchmarking `galley score` against
sacrebleu on the same input.

    scripts/make-score-pairs.py eval-data/score-pairs.jsonl [--pairs 1000] [--seed 7]
"""

import argparse
import json
import os
import random

WORDS = """the a of to in and on for with by at from as that said would will could has have had
is was were be been government minister ministry officials bank central rate rates interest
percent billion million trillion won dollars exports imports growth economy economic market
markets investors prices inflation policy policies announced expected reported according
Monday Tuesday Wednesday Thursday Friday Seoul Korea Korean U.S. China Japanese president
governor lawmakers parliament assembly party ruling opposition election vote votes bill law
company companies Samsung Hyundai LG shares stock index fell rose climbed dropped sharply slightly
year month week quarter third second first last next since after before during while amid
despite because however also still only more less than about around nearly some many
people workers households debt loans mortgage housing real estate demand supply chip chips
semiconductor semiconductors industry industrial output production data statistics survey""".split()

PUNCT = [",", ".", ";", ":", "!", "?"]


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(15, 35))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.4:
        words.insert(rng.randint(1, len(words) - 1), str(rng.choice([3.5, 15, 350, 2025, 1886, 0.6])))
    text = " ".join(words)
    return text + rng.choice([".", ".", ".", "?", "!"])


def post_edit(reference, rng):
    words = reference.split(" ")
    for _ in range(rng.randint(0, 6)):
        op = rng.random()
        if op < 0.35 and words:
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        elif op < 0.5 and len(words) > 1:
            del words[rng.randrange(len(words))]
        elif op < 0.65:
            words.insert(rng.randrange(len(words) + 1), rng.choice(WORDS + PUNCT))
        elif op < 0.9 and len(words) > 4:
            start = rng.randrange(len(words) - 1)
            length = rng.randint(1, min(4, len(words) - start))
            block = words[start:start + length]
            del words[start:start + length]
            target = rng.randrange(len(words) + 1)
            words[target:target] = block
        elif words:
            k = rng.randrange(len(words))
            words[k] = words[k].lower() if words[k][:1].isupper() else words[k].capitalize()
    return " ".join(words)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target")
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(os.path.dirname(args.target) or ".", exist_ok=True)
    with open(args.target, "w", encoding="utf-8") as out:
        for _ in range(args.pairs):
            reference = sentence(rng)
            hypothesis = post_edit(reference, rng)
            out.write(json.dumps({"hyp": hypothesis, "ref": reference}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
