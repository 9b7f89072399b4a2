#!/usr/bin/env python3
"""Loads a realistic data set into a running Galley: N articles of 20-40
rows (Korean paragraphs with numbers and names, and an English draft of
each), submitted to bilingual review. Writes the rows to save to, one
"article segment" per line, for the save benchmark."""
import json, random, sys, urllib.request

rng = random.Random(2026)
SUBJECTS = [("한국은행", "The Bank of Korea"), ("서울시", "The Seoul city government"),
            ("기획재정부", "The finance ministry"), ("삼성전자", "Samsung Electronics"),
            ("국토교통부", "The transport ministry"), ("통계청", "Statistics Korea")]
VERBS = [("발표했다", "announced"), ("밝혔다", "said"), ("전망했다", "forecast")]

def paragraph(i):
    subject_ko, subject_en = rng.choice(SUBJECTS)
    verb_ko, verb_en = rng.choice(VERBS)
    n, pct, month, day = rng.randint(2, 9000), rng.randint(1, 40), rng.randint(1, 12), rng.randint(1, 28)
    ko = (f"{subject_ko}는 {month}월 {day}일 올해 {n}억 원 규모의 사업을 추진한다고 {verb_ko}. "
          f"관련 예산은 지난해보다 {pct}% 늘어난 수준이다. 담당자는 \"계획대로 진행하겠다\"고 말했다.")
    en = (f"{subject_en} {verb_en} on {['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'][month - 1]} {day} "
          f"that it would push ahead with projects worth {n * 100} million won this year. "
          f"The budget is {pct} percent larger than last year's. \"We will proceed as planned,\" an official said.")
    return ko, en

def call(base, method, path, body, who):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {who}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())

def submit(base, token, title, pairs):
    """Submits an article of (Korean, English) pairs and sends it to review."""
    article = call(base, "POST", "/api/v1/articles", {
        "title": title,
        "source_paragraphs": [ko for ko, _ in pairs],
        "draft_paragraphs": [en for _, en in pairs],
        "ai": {"tool": "ChatGPT", "model": "gpt-4o-2024-08-06"},
    }, token)
    call(base, "POST", f"/api/v1/articles/{article['id']}/transitions",
         {"action": "submit", "version": article["version"]}, token)
    return article

def main(base, token, count, rows_file):
    lines = []
    for a in range(count):
        pairs = [paragraph(i) for i in range(rng.randint(20, 40))]
        article = submit(base, token, f"Generated article {a + 1}: budgets and projects", pairs)
        for segment in article["segments"][:2]:
            lines.append(f"{article['id']} {segment['id']}")
    with open(rows_file, "w") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{count} articles loaded")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
