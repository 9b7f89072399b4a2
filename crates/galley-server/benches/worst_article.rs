//! The worst article at the limits, scored as the metrics API and the
//! review page score it (`views::changes`): four rows of 50,000 characters
//! (`limits::ARTICLE_CHARS` on one side), every row rewritten, in
//! one-letter words over `a` and `b` (the most words a row holds, matches
//! everywhere: TER's worst case). `just bench` runs these; the figures are
//! in docs/performance.md.
//!
//! * *cold*: nothing scored yet (a server just started);
//! * *one row saved*: the other rows' scores already in the cache, one row
//!   saved with one character changed, which is what a person does every
//!   minute.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use galley_core::metrics;
use galley_server::compute::Cancel;
use galley_server::scores::ScoreCache;

const ROWS: usize = 4;
const WORDS: usize = 24_995;

fn two_letter(seed: u64) -> String {
    let mut state = seed;
    let mut out = String::with_capacity(2 * WORDS);
    for _ in 0..WORDS {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push_str(if state & 1 == 0 { "a " } else { "b " });
    }
    out.pop();
    out
}

/// The article's figures as one step of `step_changes` computes them.
fn score(cache: &ScoreCache, rows: &[(&str, &str)]) -> Option<metrics::Scores> {
    let scores = cache
        .score_all(rows, &Cancel::default())
        .expect("not cancelled");
    metrics::article(rows, &scores, |a, b| cache.score(a, b))
}

fn bench(c: &mut Criterion) {
    let drafts: Vec<String> = (0..ROWS as u64).map(|i| two_letter(0x9E37 + i)).collect();
    let rewritten: Vec<String> = (0..ROWS as u64).map(|i| two_letter(0x51A7 + i)).collect();
    let rows: Vec<(&str, &str)> = drafts
        .iter()
        .zip(&rewritten)
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut saved = rewritten[0].clone();
    saved.replace_range(0..1, if saved.starts_with('a') { "b" } else { "a" });
    let mut after_save = rows.clone();
    after_save[0].1 = &saved;

    let mut group = c.benchmark_group("worst_article");
    group.sample_size(10);
    group.bench_function("cold", |b| {
        b.iter_batched(
            ScoreCache::default,
            |cache| score(&cache, &rows),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("one_row_saved", |b| {
        b.iter_batched(
            || {
                let cache = ScoreCache::default();
                score(&cache, &rows);
                cache
            },
            |cache| score(&cache, &after_save),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
