//! chrF and chrF++ as sacrebleu 2.6 computes them: character n-grams of
//! orders 1 to 6 (whitespace removed), for chrF++ also word n-grams of
//! orders 1 and 2, an F-score with β = 2 over precision and recall averaged
//! across the orders that have n-grams on both sides.

use std::collections::HashMap;

const CHAR_ORDER: usize = 6;
const BETA: f64 = 2.0;
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// Per order: (hypothesis n-grams, reference n-grams, matched n-grams).
/// Statistics add up over a corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChrfStats {
    orders: Vec<[u64; 3]>,
}

impl ChrfStats {
    fn empty(orders: usize) -> ChrfStats {
        ChrfStats {
            orders: vec![[0; 3]; orders],
        }
    }

    /// Adds another segment's statistics (same word order).
    pub fn add(&mut self, other: &ChrfStats) {
        for (a, b) in self.orders.iter_mut().zip(&other.orders) {
            for k in 0..3 {
                a[k] += b[k];
            }
        }
    }

    /// The score in [0, 100].
    pub fn score(&self) -> f64 {
        let factor = BETA * BETA;
        let (mut precision, mut recall, mut effective) = (0.0, 0.0, 0);
        for &[hyp, reference, matched] in &self.orders {
            if hyp > 0 && reference > 0 {
                precision += matched as f64 / hyp as f64;
                recall += matched as f64 / reference as f64;
                effective += 1;
            }
        }
        if effective == 0 {
            return 0.0;
        }
        precision /= f64::from(effective);
        recall /= f64::from(effective);
        if precision + recall == 0.0 {
            return 0.0;
        }
        100.0 * (1.0 + factor) * precision * recall / (factor * precision + recall)
    }
}

/// chrF (`word_order` 0) or chrF++ (`word_order` 2) statistics of one segment.
pub fn chrf_stats(hypothesis: &str, reference: &str, word_order: usize) -> ChrfStats {
    let mut stats = ChrfStats::empty(CHAR_ORDER + word_order);
    let hyp_chars: Vec<char> = hypothesis
        .chars()
        .filter(|c| !is_python_space(*c))
        .collect();
    let ref_chars: Vec<char> = reference.chars().filter(|c| !is_python_space(*c)).collect();
    for n in 1..=CHAR_ORDER {
        stats.orders[n - 1] =
            match_counts(&char_ngrams(&hyp_chars, n), &char_ngrams(&ref_chars, n));
    }
    if word_order > 0 {
        let hyp_words = split_punctuation(hypothesis);
        let ref_words = split_punctuation(reference);
        for n in 1..=word_order {
            stats.orders[CHAR_ORDER + n - 1] =
                match_counts(&word_ngrams(&hyp_words, n), &word_ngrams(&ref_words, n));
        }
    }
    stats
}

fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn char_ngrams(chars: &[char], n: usize) -> HashMap<&[char], u64> {
    let mut counts = HashMap::new();
    if chars.len() >= n {
        for window in chars.windows(n) {
            *counts.entry(window).or_insert(0) += 1;
        }
    }
    counts
}

fn word_ngrams<'a>(words: &'a [&'a str], n: usize) -> HashMap<&'a [&'a str], u64> {
    let mut counts = HashMap::new();
    if words.len() >= n {
        for window in words.windows(n) {
            *counts.entry(window).or_insert(0) += 1;
        }
    }
    counts
}

fn match_counts<K: std::hash::Hash + Eq>(
    hyp: &HashMap<K, u64>,
    reference: &HashMap<K, u64>,
) -> [u64; 3] {
    let mut hyp_total = 0;
    let mut matched = 0;
    for (gram, &count) in hyp {
        hyp_total += count;
        if let Some(&other) = reference.get(gram) {
            matched += count.min(other);
        }
    }
    let ref_total = reference.values().sum();
    [
        if reference.is_empty() { 0 } else { hyp_total },
        ref_total,
        matched,
    ]
}

/// Words for chrF++: whitespace-separated, with one punctuation mark split
/// off the end (or else the start) of a word longer than one character.
fn split_punctuation(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    for word in text.split(is_python_space).filter(|w| !w.is_empty()) {
        let mut chars = word.char_indices();
        let first = chars.next();
        let last = word.char_indices().next_back();
        match (first, last) {
            (Some(_), Some((0, _))) => words.push(word),
            (_, Some((last_at, last))) if PUNCTUATION.contains(last) => {
                words.push(&word[..last_at]);
                words.push(&word[last_at..]);
            }
            (Some((_, first)), _) if PUNCTUATION.contains(first) => {
                let split = first.len_utf8();
                words.push(&word[..split]);
                words.push(&word[split..]);
            }
            _ => words.push(word),
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_text_scores_100() {
        assert!((chrf_stats("the cat sat.", "the cat sat.", 0).score() - 100.0).abs() < 1e-9);
        assert!((chrf_stats("the cat sat.", "the cat sat.", 2).score() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn punctuation_is_split_from_one_end_only() {
        assert_eq!(
            split_punctuation("(Hello, world!) a"),
            ["(Hello", ",", "world!", ")", "a"]
        );
    }

    #[test]
    fn empty_sides_score_zero() {
        assert_eq!(chrf_stats("", "abc", 0).score(), 0.0);
        assert_eq!(chrf_stats("abc", "", 2).score(), 0.0);
    }
}
