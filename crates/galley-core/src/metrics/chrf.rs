//! chrF and chrF++ as sacrebleu 2.6 computes them: character n-grams of
//! orders 1 to 6 (whitespace removed), for chrF++ also word n-grams of
//! orders 1 and 2, an F-score with β = 2 over precision and recall averaged
//! across the orders that have n-grams on both sides.

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

    /// The character orders alone: chrF from chrF++ statistics, without
    /// counting the character n-grams twice.
    pub fn characters_only(&self) -> ChrfStats {
        ChrfStats {
            orders: self.orders[..CHAR_ORDER.min(self.orders.len())].to_vec(),
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
///
/// N-grams are counted by sorting rather than hashing: a character n-gram
/// (at most 6 characters of 21 bits) packs into one `u128`, a word n-gram
/// into word numbers; sorted lists are then merged to count matches.
pub fn chrf_stats(hypothesis: &str, reference: &str, word_order: usize) -> ChrfStats {
    let mut stats = ChrfStats::empty(CHAR_ORDER + word_order);
    let hyp_chars: Vec<char> = hypothesis
        .chars()
        .filter(|c| !is_python_space(*c))
        .collect();
    let ref_chars: Vec<char> = reference.chars().filter(|c| !is_python_space(*c)).collect();
    let (mut hyp_keys, mut ref_keys) = (Vec::new(), Vec::new());
    // Six characters below U+0400 (Latin, Greek, Cyrillic and their
    // punctuation) fit in a u64, which sorts twice as fast as a u128.
    let narrow = hyp_chars
        .iter()
        .chain(&ref_chars)
        .all(|&c| u32::from(c) < 1 << 10);
    for n in 1..=CHAR_ORDER {
        stats.orders[n - 1] = if narrow {
            let (mut h, mut r) = (Vec::new(), Vec::new());
            narrow_char_ngrams(&hyp_chars, n, &mut h);
            narrow_char_ngrams(&ref_chars, n, &mut r);
            match_counts(&mut h, &mut r)
        } else {
            char_ngrams(&hyp_chars, n, &mut hyp_keys);
            char_ngrams(&ref_chars, n, &mut ref_keys);
            match_counts(&mut hyp_keys, &mut ref_keys)
        };
    }
    if word_order > 0 {
        let hyp_words = split_punctuation(hypothesis);
        let ref_words = split_punctuation(reference);
        // Number the distinct words of both sides.
        let mut vocabulary: Vec<&str> = hyp_words.iter().chain(&ref_words).copied().collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        let number = |words: &[&str]| -> Vec<u128> {
            words
                .iter()
                .map(|w| vocabulary.binary_search(w).unwrap_or(0) as u128)
                .collect()
        };
        let (hyp_ids, ref_ids) = (number(&hyp_words), number(&ref_words));
        for n in 1..=word_order {
            word_ngrams(&hyp_ids, n, &mut hyp_keys);
            word_ngrams(&ref_ids, n, &mut ref_keys);
            stats.orders[CHAR_ORDER + n - 1] = match_counts(&mut hyp_keys, &mut ref_keys);
        }
    }
    stats
}

fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The character n-grams of `chars`, each packed into a `u128`, into `keys`.
fn char_ngrams(chars: &[char], n: usize, keys: &mut Vec<u128>) {
    keys.clear();
    if chars.len() >= n {
        keys.extend(chars.windows(n).map(|w| {
            w.iter()
                .fold(0_u128, |key, &c| (key << 21) | u128::from(u32::from(c)))
        }));
    }
}

/// Like [`char_ngrams`] for characters below U+0400, 10 bits each.
fn narrow_char_ngrams(chars: &[char], n: usize, keys: &mut Vec<u64>) {
    keys.clear();
    if chars.len() >= n {
        keys.extend(chars.windows(n).map(|w| {
            w.iter()
                .fold(0_u64, |key, &c| (key << 10) | u64::from(u32::from(c)))
        }));
    }
}

/// The word n-grams (of word numbers below 2^32), packed, into `keys`.
fn word_ngrams(words: &[u128], n: usize, keys: &mut Vec<u128>) {
    keys.clear();
    if words.len() >= n {
        keys.extend(
            words
                .windows(n)
                .map(|w| w.iter().fold(0_u128, |key, &id| (key << 32) | id)),
        );
    }
}

/// (hypothesis n-grams, reference n-grams, matched) for two key lists; a
/// hypothesis against an empty reference counts no hypothesis n-grams, as in
/// sacrebleu.
fn match_counts<K: Ord + Copy>(hyp: &mut [K], reference: &mut [K]) -> [u64; 3] {
    hyp.sort_unstable();
    reference.sort_unstable();
    let (mut a, mut b, mut matched) = (0, 0, 0);
    while a < hyp.len() && b < reference.len() {
        match hyp[a].cmp(&reference[b]) {
            std::cmp::Ordering::Less => a += 1,
            std::cmp::Ordering::Greater => b += 1,
            std::cmp::Ordering::Equal => {
                matched += 1;
                a += 1;
                b += 1;
            }
        }
    }
    let hyp_total = if reference.is_empty() {
        0
    } else {
        hyp.len() as u64
    };
    [hyp_total, reference.len() as u64, matched]
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
