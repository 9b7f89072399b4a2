//! The worst row at the length limit (`limits::ROW_CHARS`), for every
//! computation a row gets: word diff, TER, chrF++, word edits and the QA
//! checks. `just bench` runs these; docs/performance.md has the figures.
//!
//! Two kinds of worst case, both at the limit on both sides:
//! * *distinct*: every word different from every other, on both sides
//!   (nothing in common: the most edits);
//! * *two-letter*: 25,000 one-letter words over `a` and `b`, random on each
//!   side (the most words a row can hold, and matches everywhere, which is
//!   what makes diffs and TER's shift search expensive).

use criterion::{Criterion, criterion_group, criterion_main};
use galley_core::diff::diff_text;
use galley_core::limits::ROW_CHARS;
use galley_core::metrics::{Scores, TerOptions, chrf_stats, ter::ter, word_edits};
use galley_core::qa::check_row;

/// Distinct words `{prefix}{n}` up to the limit.
fn distinct(prefix: &str) -> String {
    let mut out = String::with_capacity(ROW_CHARS);
    let mut n = 0;
    loop {
        let word = format!("{prefix}{n} ");
        if out.chars().count() + word.len() > ROW_CHARS {
            break;
        }
        out.push_str(&word);
        n += 1;
    }
    out.trim_end().to_string()
}

/// Two random texts of one-letter words over two letters, at the limit.
fn two_letter() -> (String, String) {
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let (mut a, mut b) = (String::new(), String::new());
    while a.len() + 2 <= ROW_CHARS {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        a.push_str(if state & 1 == 0 { "a " } else { "b " });
        b.push_str(if state & 2 == 0 { "a " } else { "b " });
    }
    (a, b)
}

/// Korean with a number in every sentence, and English with other numbers,
/// both at the limit: the QA checks' worst case.
fn numbers() -> (String, String) {
    let mut ko = String::new();
    let mut en = String::new();
    let mut n = 0;
    while ko.chars().count() + 20 <= ROW_CHARS {
        ko.push_str(&format!("수출이 {n}억 달러 늘었다. "));
        n += 1;
    }
    let mut m = 0;
    while en.len() + 40 <= ROW_CHARS {
        en.push_str(&format!("Exports rose by ${m}.5 billion \"Kim\". "));
        m += 1;
    }
    (ko.trim_end().to_string(), en.trim_end().to_string())
}

fn bench(c: &mut Criterion) {
    let cases = [
        ("distinct", (distinct("a"), distinct("b"))),
        ("two_letter", two_letter()),
    ];
    let mut group = c.benchmark_group("worst_row");
    group.sample_size(10);
    for (name, (old, new)) in &cases {
        group.bench_function(format!("diff/{name}"), |b| b.iter(|| diff_text(old, new)));
        group.bench_function(format!("ter/{name}"), |b| {
            b.iter(|| ter(old, new, TerOptions::default()))
        });
        group.bench_function(format!("chrf_pp/{name}"), |b| {
            b.iter(|| chrf_stats(old, new, 2))
        });
        group.bench_function(format!("word_edits/{name}"), |b| {
            b.iter(|| word_edits(old, new))
        });
        group.bench_function(format!("all_metrics/{name}"), |b| {
            b.iter(|| Scores::segment(old, new, TerOptions::default()))
        });
    }
    let (ko, en) = numbers();
    group.bench_function("qa/numbers", |b| b.iter(|| check_row(&ko, &en)));
    let (a, _) = &cases[0].1;
    group.bench_function("qa/distinct", |b| b.iter(|| check_row(a, a)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
