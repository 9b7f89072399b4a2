#!/usr/bin/env python3
"""NLTK's Gale-Church aligner on Galley's evaluation files, scored the way
`galley eval align` scores Galley (strict links: a row counts only when its
Korean and its English paragraphs are exactly the gold row's).

    nltk-gale-church.py score FILE.jsonl        one JSON line of figures
    nltk-gale-church.py time FILE.jsonl         seconds to align every record

Paragraph lengths are characters (spaces included); the model is NLTK's with
c = 1.86 English characters per Korean character and s^2 = 14, the values the
baseline was first measured with. NLTK returns the links of each bead;
the rows are read back from them: paragraphs joined by links form one row,
and a paragraph with no link is a 1-0 or 0-1 row.
"""

import json
import sys
import time

from nltk.translate import gale_church


class KoreanEnglish(gale_church.LanguageIndependent):
    AVERAGE_CHARACTERS = 1.86
    VARIANCE_CHARACTERS = 14


def rows(ko_lengths, en_lengths):
    """The rows NLTK's alignment stands for, in order."""
    links = gale_church.align_blocks(ko_lengths, en_lengths, KoreanEnglish)
    # Union the two sides' paragraphs over the links ("k3", "e4").
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in links:
        parent[find(("k", i))] = find(("e", j))
    groups = {}
    for i in range(len(ko_lengths)):
        groups.setdefault(find(("k", i)), ([], []))[0].append(i)
    for j in range(len(en_lengths)):
        groups.setdefault(find(("e", j)), ([], []))[1].append(j)
    return sorted(
        ((tuple(k), tuple(e)) for k, e in groups.values()),
        key=lambda row: (row[0][0] if row[0] else float("inf"), row[1][0] if row[1] else float("inf")),
    )


def records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def score(path):
    gold_links = predicted_links = correct = articles = exact = one_sided = 0
    for record in records(path):
        predicted = rows([len(p) for p in record["ko"]], [len(p) for p in record["en"]])
        gold = {(tuple(k), tuple(e)) for k, e in record["gold"]}
        right = sum(1 for row in predicted if row in gold)
        gold_links += len(gold)
        predicted_links += len(predicted)
        correct += right
        one_sided += sum(1 for k, e in predicted if not k or not e)
        articles += 1
        exact += int(right == len(gold) == len(predicted))
    precision = correct / predicted_links if predicted_links else 0.0
    recall = correct / gold_links if gold_links else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": articles,
        "articles_exact": exact,
        "gold_links": gold_links,
        "predicted_links": predicted_links,
        "correct_links": correct,
        "one_sided_links": one_sided,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("score", "time"):
        sys.exit(__doc__)
    command, path = sys.argv[1], sys.argv[2]
    if command == "score":
        print(json.dumps(score(path)))
        return
    start = time.perf_counter()
    for record in records(path):
        rows([len(p) for p in record["ko"]], [len(p) for p in record["en"]])
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
