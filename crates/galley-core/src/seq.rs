//! Exact distances between two sequences of symbols (words), computed 64
//! cells at a time with bit vectors: the edit distance (Myers 1999, in
//! Hyyrö's blocked form) and the length of the longest common subsequence
//! (Allison and Dix 1986). Both take `⌈m / 64⌉ · n` word operations and
//! `O(m + n)` memory for sequences of `m` and `n` symbols, where the plain
//! dynamic programme takes `m · n` cells: a row at the length limit (tens of
//! thousands of words against as many others) costs milliseconds.

use std::collections::HashMap;

/// Numbers the symbols of two sequences alike (equal items get equal
/// numbers), so the algorithms below compare integers.
pub fn intern<T: std::hash::Hash + Eq + Copy>(a: &[T], b: &[T]) -> (Vec<u32>, Vec<u32>) {
    let mut ids: HashMap<T, u32> = HashMap::with_capacity(a.len() + b.len());
    let mut number = |items: &[T]| -> Vec<u32> {
        items
            .iter()
            .map(|item| {
                let next = ids.len() as u32;
                *ids.entry(*item).or_insert(next)
            })
            .collect()
    };
    let a = number(a);
    let b = number(b);
    (a, b)
}

/// For each symbol of a pattern, the 64-bit blocks where it occurs: a
/// sparse `Peq` table, `O(m)` entries however many distinct symbols.
struct Pattern {
    len: usize,
    blocks: usize,
    /// Symbol → (block, bits) in increasing block order.
    positions: HashMap<u32, Vec<(usize, u64)>>,
}

impl Pattern {
    fn new(pattern: &[u32]) -> Pattern {
        let mut positions: HashMap<u32, Vec<(usize, u64)>> = HashMap::new();
        for (i, &symbol) in pattern.iter().enumerate() {
            let (block, bit) = (i / 64, 1_u64 << (i % 64));
            let entry = positions.entry(symbol).or_default();
            match entry.last_mut() {
                Some((last, bits)) if *last == block => *bits |= bit,
                _ => entry.push((block, bit)),
            }
        }
        Pattern {
            len: pattern.len(),
            blocks: pattern.len().div_ceil(64),
            positions,
        }
    }

    /// Writes the `Peq` bits of `symbol` into `eq` (one word per block).
    fn load(&self, symbol: u32, eq: &mut [u64]) -> bool {
        eq.fill(0);
        match self.positions.get(&symbol) {
            Some(entries) => {
                for &(block, bits) in entries {
                    eq[block] = bits;
                }
                true
            }
            None => false,
        }
    }
}

/// The shorter sequence first: the pattern's length sets the number of
/// blocks, the text's the number of steps.
fn ordered<'a>(a: &'a [u32], b: &'a [u32]) -> (&'a [u32], &'a [u32]) {
    if a.len() <= b.len() { (a, b) } else { (b, a) }
}

/// The edit distance (insertions, deletions and substitutions of one symbol,
/// each costing 1) between `a` and `b`.
pub fn levenshtein(a: &[u32], b: &[u32]) -> usize {
    let (pattern, text) = ordered(a, b);
    if pattern.is_empty() {
        return text.len();
    }
    let p = Pattern::new(pattern);
    let last_bit = 1_u64 << ((p.len - 1) % 64);
    // Vertical deltas of the current column: +1 (pv) or -1 (mv) per row.
    let mut pv = vec![!0_u64; p.blocks];
    let mut mv = vec![0_u64; p.blocks];
    let mut eq = vec![0_u64; p.blocks];
    let mut score = p.len as i64;
    for &symbol in text {
        p.load(symbol, &mut eq);
        // The horizontal delta entering the top block: row 0 is 0, 1, 2…
        let mut h_in: i64 = 1;
        for block in 0..p.blocks {
            let high = if block + 1 == p.blocks {
                last_bit
            } else {
                1 << 63
            };
            let (pvb, mvb) = (pv[block], mv[block]);
            let mut e = eq[block];
            let xv = e | mvb;
            if h_in < 0 {
                e |= 1;
            }
            let xh = (((e & pvb).wrapping_add(pvb)) ^ pvb) | e;
            let mut ph = mvb | !(xh | pvb);
            let mut mh = pvb & xh;
            let h_out = if ph & high != 0 {
                1
            } else if mh & high != 0 {
                -1
            } else {
                0
            };
            ph <<= 1;
            mh <<= 1;
            if h_in < 0 {
                mh |= 1;
            } else if h_in > 0 {
                ph |= 1;
            }
            pv[block] = mh | !(xv | ph);
            mv[block] = ph & xv;
            h_in = h_out;
        }
        score += h_in;
    }
    score as usize
}

/// The length of a longest common subsequence of `a` and `b`.
pub fn lcs_len(a: &[u32], b: &[u32]) -> usize {
    let (pattern, text) = ordered(a, b);
    if pattern.is_empty() {
        return 0;
    }
    let p = Pattern::new(pattern);
    // A zero bit marks a pattern position matched so far.
    let mut v = vec![!0_u64; p.blocks];
    let mut eq = vec![0_u64; p.blocks];
    for &symbol in text {
        if !p.load(symbol, &mut eq) {
            continue;
        }
        let mut carry = 0_u64;
        for block in 0..p.blocks {
            let u = v[block] & eq[block];
            let (sum, c1) = v[block].overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(carry);
            carry = u64::from(c1 || c2);
            v[block] = sum | (v[block] & !eq[block]);
        }
    }
    let tail = p.len % 64;
    let matched: u32 = v
        .iter()
        .enumerate()
        .map(|(block, &bits)| {
            let bits = if block + 1 == p.blocks && tail != 0 {
                bits | (!0_u64 << tail)
            } else {
                bits
            };
            (!bits).count_ones()
        })
        .sum();
    matched as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_levenshtein(a: &[u32], b: &[u32]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, x) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, y) in b.iter().enumerate() {
                let next = (diagonal + usize::from(x != y))
                    .min(row[j + 1] + 1)
                    .min(row[j] + 1);
                diagonal = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    }

    fn naive_lcs(a: &[u32], b: &[u32]) -> usize {
        let mut row = vec![0_usize; b.len() + 1];
        for x in a {
            let mut diagonal = 0;
            for (j, y) in b.iter().enumerate() {
                let next = if x == y {
                    diagonal + 1
                } else {
                    row[j + 1].max(row[j])
                };
                diagonal = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    }

    /// Pseudo-random sequences over small alphabets (many matches) and
    /// lengths around the block size (63, 64, 65, 128…).
    fn cases() -> Vec<(Vec<u32>, Vec<u32>)> {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut out = vec![(vec![], vec![]), (vec![1], vec![]), (vec![], vec![2, 3])];
        for &(m, n, alphabet) in &[
            (1, 1, 2),
            (5, 9, 3),
            (63, 64, 2),
            (64, 64, 4),
            (65, 63, 3),
            (127, 129, 5),
            (128, 200, 2),
            (300, 190, 26),
            (500, 500, 1000),
        ] {
            for _ in 0..6 {
                let a = (0..m).map(|_| (next() % alphabet) as u32).collect();
                let b = (0..n).map(|_| (next() % alphabet) as u32).collect();
                out.push((a, b));
            }
        }
        out
    }

    #[test]
    fn levenshtein_agrees_with_the_dynamic_programme() {
        for (a, b) in cases() {
            assert_eq!(
                levenshtein(&a, &b),
                naive_levenshtein(&a, &b),
                "{a:?} {b:?}"
            );
            assert_eq!(levenshtein(&b, &a), naive_levenshtein(&a, &b));
        }
    }

    #[test]
    fn lcs_agrees_with_the_dynamic_programme() {
        for (a, b) in cases() {
            assert_eq!(lcs_len(&a, &b), naive_lcs(&a, &b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn interned_symbols_compare_as_their_items() {
        let (a, b) = intern(&["the", "bank", "the"], &["bank", "rate"]);
        assert_eq!(a, [0, 1, 0]);
        assert_eq!(b, [1, 2]);
    }
}
