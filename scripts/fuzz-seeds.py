#!/usr/bin/env python3
"""Writes inputs at the length limits for every fuzz target into fuzz/seeds/<target>/.

The fuzz runs start from these as well as from their corpus, so each target
meets rows at the limit (galley_core::limits::ROW_CHARS) and articles at the
article limits: the worst cases for time and memory. libFuzzer's -timeout
then fails any input that takes too long.
"""
import os
import random
import sys

ROW_CHARS = 50_000  # galley_core::limits::ROW_CHARS
ARTICLE_PARAGRAPHS = 2_000  # galley_core::limits::ARTICLE_PARAGRAPHS

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "seeds")
rng = random.Random(14)


def distinct(prefix):
    words, size, k = [], 0, 0
    while size + len(f"{prefix}{k} ") <= ROW_CHARS:
        words.append(f"{prefix}{k}")
        size += len(words[-1]) + 1
        k += 1
    return " ".join(words)


def two_letter():
    n = ROW_CHARS // 2
    return " ".join(rng.choice("ab") for _ in range(n)), " ".join(rng.choice("ab") for _ in range(n))


def korean_row():
    out = []
    while sum(map(len, out)) + 20 <= ROW_CHARS:
        out.append(f"수출이 {len(out)}억 달러 늘었다.")
    return " ".join(out)


def english_row():
    out = []
    while sum(map(len, out)) + 40 <= ROW_CHARS:
        out.append(f'Exports rose by ${len(out)}.5 billion, "Kim" said.')
    return " ".join(out)


a, b = two_letter()
pairs = {
    "distinct": (distinct("a"), distinct("b")),
    "two-letter": (a, b),
    "numbers": (korean_row(), english_row()),
}
many_ko = "\n\n".join(f"한국은행이 {k}일 금리를 동결했다." for k in range(ARTICLE_PARAGRAPHS))
many_en = "\n\n".join(f"The Bank of Korea held rates on day {k}." for k in range(ARTICLE_PARAGRAPHS))
units = "".join(
    f'<unit id="s{k}"><segment><source>가</source><target>{"x" * (ROW_CHARS if k == 0 else 10)}</target></segment></unit>'
    for k in range(3)
)
xliff = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ko" trgLang="en">'
    f'<file id="article-7">{units}</file></xliff>'
)
seeds = {
    "diff": {name: f"{x}\0{y}" for name, (x, y) in pairs.items()},
    "metrics": {name: f"{x}\0{y}" for name, (x, y) in pairs.items()},
    "qa": {name: f"{x}\0{y}" for name, (x, y) in pairs.items()},
    "align": {"many-paragraphs": f"{many_ko}\0{many_en}", "long-rows": f"{korean_row()}\0{english_row()}"},
    "paragraphs": {"many-paragraphs": many_en, "long-row": english_row()},
    "xliff_import": {"long-target": xliff},
}
for target, files in seeds.items():
    folder = os.path.join(root, target)
    os.makedirs(folder, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(folder, f"limit-{name}"), "w", encoding="utf-8") as out:
            out.write(text)
print(f"seeds at the limits in {os.path.normpath(root)}", file=sys.stderr)
