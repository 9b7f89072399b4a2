//! Diff and metric speed. `just bench` runs these.
//!
//! * a 150-word paragraph with light edits (word diff);
//! * a 5,000-word article with heavy edits (article diff with word diffs);
//! * TER + chrF + chrF++ over 1,000 sentence pairs, the pairs that
//!   `scripts/bench-sacrebleu.sh` also gives sacrebleu (made by
//!   `scripts/make-score-pairs.py` into `eval-data/score-pairs.jsonl`).

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use galley_core::diff::{diff_article, diff_text};
use galley_core::metrics::{Scores, TerOptions};

const WORDS: [&str; 40] = [
    "the",
    "bank",
    "kept",
    "its",
    "benchmark",
    "rate",
    "at",
    "3.5",
    "percent",
    "on",
    "Thursday,",
    "citing",
    "inflation",
    "that",
    "remained",
    "above",
    "target.",
    "Governor",
    "Rhee",
    "said",
    "household",
    "debt",
    "hit",
    "a",
    "record",
    "of",
    "1,886",
    "trillion",
    "won",
    "while",
    "exports",
    "recovered",
    "led",
    "by",
    "semiconductors.",
    "Markets",
    "expect",
    "no",
    "cut",
    "this",
];

/// A deterministic stream of pseudo-random numbers (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

fn paragraph(rng: &mut Rng, words: usize) -> Vec<String> {
    (0..words)
        .map(|_| WORDS[rng.next(WORDS.len())].to_string())
        .collect()
}

/// Edits `share` of the words: replaces, deletes or inserts.
fn edit(rng: &mut Rng, words: &[String], share: f64) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        if (rng.next(1000) as f64) < share * 1000.0 {
            match rng.next(3) {
                0 => out.push(WORDS[rng.next(WORDS.len())].to_string()),
                1 => {}
                _ => {
                    out.push(word.clone());
                    out.push(WORDS[rng.next(WORDS.len())].to_string());
                }
            }
        } else {
            out.push(word.clone());
        }
    }
    out
}

fn score_pairs() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = std::env::var_os("GALLEY_SCORE_PAIRS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("eval-data/score-pairs.jsonl"));
    if !path.exists() {
        let status = std::process::Command::new("python3")
            .arg(root.join("scripts/make-score-pairs.py"))
            .arg(&path)
            .status()
            .expect("run scripts/make-score-pairs.py");
        assert!(status.success());
    }
    let text = std::fs::read_to_string(&path).expect("read score pairs");
    text.lines()
        .map(|line| {
            // {"hyp": "...", "ref": "..."} written by the script: no escapes
            // other than \" and \\ in its vocabulary.
            let field = |name: &str| -> String {
                let start = line.find(&format!("\"{name}\": \"")).expect("field") + name.len() + 5;
                let rest = &line[start..];
                let mut out = String::new();
                let mut chars = rest.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => out.push(chars.next().unwrap_or('\\')),
                        '"' => break,
                        c => out.push(c),
                    }
                }
                out
            };
            (field("hyp"), field("ref"))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);

    let old = paragraph(&mut rng, 150);
    let new = edit(&mut rng, &old, 0.05);
    let (old, new) = (old.join(" "), new.join(" "));
    c.bench_function("diff/paragraph_150_words_light_edits", |b| {
        b.iter(|| diff_text(&old, &new))
    });

    let old_article: Vec<String> = (0..50)
        .map(|_| paragraph(&mut rng, 100).join(" "))
        .collect();
    let mut new_article: Vec<String> = old_article
        .iter()
        .map(|p| {
            let words: Vec<String> = p.split(' ').map(str::to_string).collect();
            edit(&mut rng, &words, 0.3).join(" ")
        })
        .collect();
    new_article.swap(3, 40);
    new_article.remove(20);
    new_article.insert(30, paragraph(&mut rng, 100).join(" "));
    c.bench_function("diff/article_5000_words_heavy_edits", |b| {
        b.iter(|| diff_article(&old_article, &new_article))
    });

    let pairs = score_pairs();
    assert_eq!(pairs.len(), 1000);
    let mut group = c.benchmark_group("metrics");
    group.sample_size(20);
    group.bench_function("ter_chrf_chrfpp_1000_pairs", |b| {
        b.iter(|| {
            let scores: Vec<Scores> = pairs
                .iter()
                .map(|(h, r)| Scores::segment(h, r, TerOptions::default()))
                .collect();
            Scores::corpus(&scores)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
