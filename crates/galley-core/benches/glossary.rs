//! The glossary check: 10,000 entries, a 40-row article, every
//! row searched by one automaton. Target: under 5 ms for the article. A
//! store builds the automaton for each article read from the entries filed
//! under the article's keys: the keys, the entries' selection and the
//! build from them are measured too, and the build from all 10,000.

use criterion::{Criterion, criterion_group, criterion_main};
use galley_core::glossary::{Entry, Glossary, TermKind};

/// A deterministic stream of numbers (xorshift).
struct Stream(u64);

impl Stream {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }

    /// A Korean word of `n` syllables.
    fn korean(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from_u32(0xAC00 + self.next(11_172) as u32).unwrap_or('가'))
            .collect()
    }

    fn latin(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'a' + self.next(26) as u8))
            .collect()
    }
}

fn entries(count: usize, stream: &mut Stream) -> Vec<Entry> {
    (0..count)
        .map(|i| {
            let kind = [TermKind::Person, TermKind::Organization, TermKind::Term][i % 3];
            let syllables = if kind == TermKind::Person {
                3
            } else {
                4 + stream.next(5)
            };
            let korean = stream.korean(syllables);
            Entry {
                id: i as i64,
                korean: vec![korean],
                english: vec![format!("{} {}", stream.latin(6), stream.latin(7))],
                forbidden: vec![stream.latin(9)],
                kind,
            }
        })
        .collect()
}

/// 40 rows of news-length Korean (about 300 chars) with three glossary
/// terms each and the English of two of them.
fn article(entries: &[Entry], stream: &mut Stream) -> Vec<(String, String)> {
    (0..40)
        .map(|_| {
            let mut ko = String::new();
            let mut en = String::new();
            for k in 0..3 {
                let entry = &entries[stream.next(entries.len())];
                ko.push_str(&format!("{}는 {} ", entry.korean[0], stream.korean(60)));
                if k < 2 {
                    en.push_str(&format!(
                        "{} said {}. ",
                        entry.english[0],
                        stream.latin(200)
                    ));
                }
            }
            (ko, en)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut stream = Stream(0x9E37_79B9_7F4A_7C15);
    let entries = entries(10_000, &mut stream);
    let rows = article(&entries, &mut stream);
    c.bench_function("glossary build, 10,000 entries", |b| {
        b.iter(|| Glossary::new(entries.clone()))
    });
    let refs = || rows.iter().map(|(ko, en)| (ko.as_str(), en.as_str()));
    c.bench_function("glossary lookup keys, 40 rows", |b| {
        b.iter(|| galley_core::qa::lookup_keys(refs()).len())
    });
    let keys = galley_core::qa::lookup_keys(refs());
    let filed: Vec<Entry> = entries
        .iter()
        .filter(|e| e.keys().iter().any(|k| keys.contains(k)))
        .cloned()
        .collect();
    assert!(
        filed.len() < 200,
        "an article's entries, not the glossary's: {}",
        filed.len()
    );
    c.bench_function("glossary build, the 40 rows' entries", |b| {
        b.iter(|| Glossary::new(filed.clone()))
    });
    let glossary = Glossary::new(entries);
    let found: usize = rows
        .iter()
        .map(|(ko, en)| galley_core::qa::check_glossary(&glossary, ko, en).len())
        .sum();
    assert!(found >= 40, "each row misses one term's English: {found}");
    c.bench_function("glossary check, 10,000 entries, 40 rows", |b| {
        b.iter(|| {
            rows.iter()
                .map(|(ko, en)| galley_core::qa::check_glossary(&glossary, ko, en).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
