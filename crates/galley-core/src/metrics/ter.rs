//! Translation Edit Rate, computed as sacrebleu 2.6 computes it (which
//! follows Tercom): the fewest word insertions, deletions, substitutions and
//! block shifts that turn the hypothesis into the reference, over the number
//! of reference words.
//!
//! Everything that can change a figure is reproduced: the Tercom tokenizer
//! and its normalization, the greedy shift search with its limits (blocks of
//! at most 10 words, moved at most 50 positions, at most 1,000 candidate
//! shifts per segment), its order of preference between equally good shifts,
//! and the beam of 25 around the diagonal in which edit distances are taken.

use std::collections::HashMap;

/// Which TER variant to compute.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TerOptions {
    /// Keep case (sacrebleu's default lower-cases).
    pub case_sensitive: bool,
    /// Apply Tercom's normalization: split punctuation from words, decode a
    /// few XML entities, join hyphenated line breaks.
    pub normalized: bool,
}

/// The statistics of one segment, or of a corpus (sums of segments).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TerStats {
    /// Word edits, shifts included.
    pub edits: u64,
    /// Of which block shifts.
    pub shifts: u64,
    /// Reference words.
    pub ref_words: f64,
}

impl TerStats {
    /// TER in percent: 100 × edits / reference words (100 when the
    /// reference is empty and the hypothesis is not, 0 when both are).
    pub fn score(&self) -> f64 {
        if self.ref_words > 0.0 {
            100.0 * self.edits as f64 / self.ref_words
        } else if self.edits > 0 {
            100.0
        } else {
            0.0
        }
    }
}

impl std::ops::Add for TerStats {
    type Output = TerStats;
    fn add(self, other: TerStats) -> TerStats {
        TerStats {
            edits: self.edits + other.edits,
            shifts: self.shifts + other.shifts,
            ref_words: self.ref_words + other.ref_words,
        }
    }
}

impl std::iter::Sum for TerStats {
    fn sum<I: Iterator<Item = TerStats>>(iter: I) -> TerStats {
        iter.fold(TerStats::default(), |a, b| a + b)
    }
}

/// TER statistics of one hypothesis against one reference.
pub fn ter(hypothesis: &str, reference: &str, options: TerOptions) -> TerStats {
    let hyp = tokenize(hypothesis, options);
    let reference = tokenize(reference, options);
    // Words become small integers: only equality matters from here on.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let hyp_ids = intern(&hyp, &mut ids);
    let ref_ids = intern(&reference, &mut ids);
    let (edits, shifts) = edit_rate(&hyp_ids, &ref_ids);
    TerStats {
        edits,
        shifts,
        ref_words: ref_ids.len() as f64,
    }
}

fn intern<'a>(words: &'a [String], ids: &mut HashMap<&'a str, u32>) -> Vec<u32> {
    words
        .iter()
        .map(|word| {
            let next = ids.len() as u32;
            *ids.entry(word.as_str()).or_insert(next)
        })
        .collect()
}

/// Whitespace as Python's `str.split()` sees it.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The Tercom tokenizer: the words TER counts.
pub fn tokenize(text: &str, options: TerOptions) -> Vec<String> {
    let text = text.trim_end_matches(is_python_space);
    if text.is_empty() {
        return Vec::new();
    }
    let mut text = if options.case_sensitive {
        text.to_string()
    } else {
        text.to_lowercase()
    };
    if options.normalized {
        text = normalize(&text);
    }
    text.split(is_python_space)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Tercom's "general and western" normalization, step by step.
fn normalize(text: &str) -> String {
    let text = text
        .replace("\n-", "")
        .replace('\n', " ")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    let mut padded = String::with_capacity(text.len() * 2);
    padded.push(' ');
    for c in text.chars() {
        // { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /
        let split = matches!(c, '{'..='~' | '['..='`' | ' '..='&' | '('..='+' | ':'..='@' | '/');
        if split {
            padded.push(' ');
            padded.push(c);
            padded.push(' ');
        } else {
            padded.push(c);
        }
    }
    padded.push(' ');
    let chars: Vec<char> = padded.chars().collect();
    let chars = substitute(
        &chars,
        3,
        |w| w == ['\'', 's', ' '],
        |w, out| out.extend([' ', w[0], w[1], ' ']),
    );
    let mut chars = chars;
    if chars.ends_with(&['\'', 's']) {
        let at = chars.len() - 2;
        chars.insert(at, ' ');
    }
    let is_digit = |c: char| c.is_ascii_digit();
    let is_stop = |c: char| c == '.' || c == ',';
    let chars = substitute(
        &chars,
        2,
        |w| !is_digit(w[0]) && is_stop(w[1]),
        |w, out| {
            out.extend([w[0], ' ', w[1], ' ']);
        },
    );
    let chars = substitute(
        &chars,
        2,
        |w| is_stop(w[0]) && !is_digit(w[1]),
        |w, out| {
            out.extend([' ', w[0], ' ', w[1]]);
        },
    );
    let chars = substitute(
        &chars,
        2,
        |w| is_digit(w[0]) && w[1] == '-',
        |w, out| {
            out.extend([w[0], ' ', w[1], ' ']);
        },
    );
    chars.into_iter().collect()
}

/// Replaces non-overlapping windows of `width` characters, scanning left to
/// right as a regular expression substitution does.
fn substitute(
    chars: &[char],
    width: usize,
    matches: impl Fn(&[char]) -> bool,
    replace: impl Fn(&[char], &mut Vec<char>),
) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + chars.len() / 4);
    let mut i = 0;
    while i < chars.len() {
        if i + width <= chars.len() && matches(&chars[i..i + width]) {
            replace(&chars[i..i + width], &mut out);
            i += width;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

const MAX_SHIFT_SIZE: usize = 10;
const MAX_SHIFT_DIST: usize = 50;
const BEAM_WIDTH: usize = 25;
const MAX_SHIFT_CANDIDATES: usize = 1000;
/// Galley's one bound beyond sacrebleu's: the shift search stops once it has
/// computed this many cells of edit-distance rows (the final distance is
/// still exact for the shifts found). sacrebleu's own bounds (shift size and
/// distance, beam, 1,000 candidates) keep the search linear in the
/// hypothesis length, but 1,000 candidates over a 25,000-word row are 10⁹
/// cells; this caps a row's TER near 0.4 s on a 2-core machine. A search
/// can only reach it on a hypothesis of more than 600 words (1,000
/// candidates × 600 rows × a 51-cell beam), so the scores of ordinary
/// paragraphs are sacrebleu's.
pub const MAX_SEARCH_CELLS: u64 = 30_000_000;
const INFINITE: u64 = 10_000_000_000_000_000;

/// An edit operation, from the hypothesis to the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// Same word on both sides.
    Keep,
    /// A hypothesis word replaced by a reference word.
    Substitute,
    /// A hypothesis word with no counterpart (deleted).
    HypOnly,
    /// A reference word with no counterpart (inserted).
    RefOnly,
    /// A cell outside the beam.
    Undefined,
}

/// (edits, shifts) turning `hyp` into `reference`.
fn edit_rate(hyp: &[u32], reference: &[u32]) -> (u64, u64) {
    if reference.is_empty() {
        return (hyp.len() as u64, 0);
    }
    let mut distance = BeamEditDistance::new(reference);
    let mut shifts = 0;
    let mut words = hyp.to_vec();
    let mut checked = 0;
    loop {
        let (delta, shifted) = best_shift(&words, reference, &mut distance, &mut checked);
        if checked >= MAX_SHIFT_CANDIDATES || distance.cells >= MAX_SEARCH_CELLS || delta <= 0 {
            break;
        }
        shifts += 1;
        words = shifted;
    }
    let edits = distance.distance(&words);
    (edits + shifts, shifts)
}

/// The shift that lowers the edit distance most, with Tercom's preferences
/// between equals: longer blocks, then earlier blocks, then earlier targets.
fn best_shift(
    words: &[u32],
    reference: &[u32],
    distance: &mut BeamEditDistance,
    checked: &mut usize,
) -> (i64, Vec<u32>) {
    let (before, trace) = distance.compute(words);
    // Align reference positions to hypothesis positions; mark errors.
    let mut align = vec![0_i64; reference.len()];
    let mut hyp_err = Vec::with_capacity(words.len());
    let mut ref_err = Vec::with_capacity(reference.len());
    let (mut h, mut r) = (-1_i64, -1_i64);
    for op in trace {
        match op {
            Op::Keep | Op::Substitute => {
                h += 1;
                r += 1;
                align[r as usize] = h;
                let error = u8::from(op == Op::Substitute);
                hyp_err.push(error);
                ref_err.push(error);
            }
            Op::HypOnly => {
                h += 1;
                hyp_err.push(1);
            }
            Op::RefOnly => {
                r += 1;
                align[r as usize] = h;
                ref_err.push(1);
            }
            Op::Undefined => unreachable!("trace through a cell outside the beam"),
        }
    }

    let mut search = ShiftSearch {
        words,
        before,
        align,
        hyp_err,
        ref_err,
        best: None,
        buffer: Vec::with_capacity(words.len()),
    };
    let (n_h, n_r) = (words.len(), reference.len());
    'search: for start_h in 0..n_h {
        for start_r in 0..n_r {
            if start_r.abs_diff(start_h) > MAX_SHIFT_DIST {
                continue;
            }
            let mut length = 0;
            while length < MAX_SHIFT_SIZE && words[start_h + length] == reference[start_r + length]
            {
                length += 1;
                search.consider_block(distance, (start_h, start_r, length), checked);
                if *checked >= MAX_SHIFT_CANDIDATES || distance.cells >= MAX_SEARCH_CELLS {
                    break 'search;
                }
                if start_h + length == n_h || start_r + length == n_r {
                    break;
                }
            }
        }
    }
    match search.best {
        Some(((gain, ..), shifted)) => (gain, shifted),
        None => (0, words.to_vec()),
    }
}

/// Preference key of a shift, compared as a tuple: (gain, length, -start,
/// -target), so a larger gain wins, then a longer block, an earlier block,
/// an earlier target.
type ShiftKey = (i64, usize, i64, i64);

/// The state of one round of the shift search.
struct ShiftSearch<'a> {
    words: &'a [u32],
    /// Edit distance before any shift.
    before: u64,
    /// For each reference position, the hypothesis position it aligns with.
    align: Vec<i64>,
    hyp_err: Vec<u8>,
    ref_err: Vec<u8>,
    /// The best shift so far and its result.
    best: Option<(ShiftKey, Vec<u32>)>,
    buffer: Vec<u32>,
}

impl ShiftSearch<'_> {
    /// Tries moving the hypothesis block `(start_h, _, length)`, which
    /// matches the reference at `start_r`, to each place its reference words
    /// align with.
    fn consider_block(
        &mut self,
        distance: &mut BeamEditDistance,
        (start_h, start_r, length): (usize, usize, usize),
        checked: &mut usize,
    ) {
        if self.hyp_err[start_h..start_h + length]
            .iter()
            .all(|&e| e == 0)
        {
            return;
        }
        if self.ref_err[start_r..start_r + length]
            .iter()
            .all(|&e| e == 0)
        {
            return;
        }
        let aligned = self.align[start_r];
        if (start_h as i64) <= aligned && aligned < (start_h + length) as i64 {
            return;
        }
        let mut previous = -1_i64;
        for offset in -1..length as i64 {
            let position = start_r as i64 + offset;
            let target = if position == -1 {
                0
            } else if (position as usize) < self.align.len() {
                self.align[position as usize] + 1
            } else {
                break;
            };
            if target == previous {
                continue;
            }
            previous = target;
            perform_shift(
                self.words,
                start_h,
                length,
                target as usize,
                &mut self.buffer,
            );
            let after = distance.distance(&self.buffer);
            let key = (
                self.before as i64 - after as i64,
                length,
                -(start_h as i64),
                -target,
            );
            *checked += 1;
            if self
                .best
                .as_ref()
                .is_none_or(|(best_key, _)| key > *best_key)
            {
                self.best = Some((key, self.buffer.clone()));
            }
        }
    }
}

/// Moves `words[start..start + length]` to `target` (Tercom's definition,
/// slice bounds clamped as Python clamps them).
fn perform_shift(words: &[u32], start: usize, length: usize, target: usize, out: &mut Vec<u32>) {
    let n = words.len();
    let slice = |from: usize, to: usize| &words[from.min(n)..to.min(n).max(from.min(n))];
    out.clear();
    if target < start {
        out.extend_from_slice(slice(0, target));
        out.extend_from_slice(slice(start, start + length));
        out.extend_from_slice(slice(target, start));
        out.extend_from_slice(slice(start + length, n));
    } else if target > start + length {
        out.extend_from_slice(slice(0, start));
        out.extend_from_slice(slice(start + length, target));
        out.extend_from_slice(slice(start, start + length));
        out.extend_from_slice(slice(target, n));
    } else {
        out.extend_from_slice(slice(0, start));
        out.extend_from_slice(slice(start + length, length + target));
        out.extend_from_slice(slice(start, start + length));
        out.extend_from_slice(slice(length + target, n));
    }
}

/// One row of the edit-distance matrix, kept only inside its beam: cells
/// `lo..lo + cells.len()`; every other cell is infinite.
#[derive(Clone)]
struct Band {
    lo: usize,
    cells: Vec<(u64, Op)>,
}

impl Band {
    fn get(&self, j: usize) -> (u64, Op) {
        j.checked_sub(self.lo)
            .and_then(|k| self.cells.get(k).copied())
            .unwrap_or((INFINITE, Op::Undefined))
    }
}

/// Word edit distance restricted to a beam around the diagonal, reusing the
/// rows of the previous hypothesis for a shared prefix (shift candidates
/// share long prefixes). Reuse never changes a result: every hypothesis of
/// one segment has the same length, so the same beam. Only the beam of each
/// row is stored, so memory is the hypothesis length times the beam (plus
/// the first and last rows), not the product of the two lengths.
struct BeamEditDistance<'a> {
    reference: &'a [u32],
    previous: Vec<u32>,
    /// Rows of the matrix; `rows[0]` is the first row, and rows up to the
    /// shared prefix of the previous hypothesis are still valid.
    rows: Vec<Band>,
    /// Cells computed so far (the shift search's budget counts them).
    cells: u64,
}

impl<'a> BeamEditDistance<'a> {
    fn new(reference: &'a [u32]) -> Self {
        let initial = Band {
            lo: 0,
            cells: (0..=reference.len())
                .map(|j| (j as u64, Op::RefOnly))
                .collect(),
        };
        BeamEditDistance {
            reference,
            previous: Vec::new(),
            rows: vec![initial],
            cells: 0,
        }
    }

    /// The edit distance of `words` to the reference.
    fn distance(&mut self, words: &[u32]) -> u64 {
        self.fill(words);
        self.rows[words.len()].get(self.reference.len()).0
    }

    /// (distance, trace from the start).
    fn compute(&mut self, words: &[u32]) -> (u64, Vec<Op>) {
        self.fill(words);
        let (n_h, n_r) = (words.len(), self.reference.len());
        let mut trace = Vec::with_capacity(n_h + n_r);
        let (mut i, mut j) = (n_h, n_r);
        while i > 0 || j > 0 {
            let op = self.rows[i].get(j).1;
            trace.push(op);
            match op {
                Op::Keep | Op::Substitute => {
                    i -= 1;
                    j -= 1;
                }
                Op::RefOnly => j -= 1,
                Op::HypOnly => i -= 1,
                Op::Undefined => break,
            }
        }
        trace.reverse();
        (self.rows[n_h].get(n_r).0, trace)
    }

    /// Fills the matrix rows for `words`, from the end of the prefix it
    /// shares with the previous hypothesis.
    fn fill(&mut self, words: &[u32]) {
        let n_h = words.len();
        let n_r = self.reference.len();
        let shared = if self.previous.len() == n_h {
            words
                .iter()
                .zip(&self.previous)
                .take_while(|(a, b)| a == b)
                .count()
        } else {
            0
        };
        if self.rows.len() < n_h + 1 {
            self.rows.resize(
                n_h + 1,
                Band {
                    lo: 0,
                    cells: Vec::new(),
                },
            );
        }
        let ratio = if n_h > 0 {
            n_r as f64 / n_h as f64
        } else {
            1.0
        };
        let beam = if (BEAM_WIDTH as f64) < ratio / 2.0 {
            (ratio / 2.0 + BEAM_WIDTH as f64).ceil() as usize
        } else {
            BEAM_WIDTH
        };
        for i in shared + 1..=n_h {
            let (done, rest) = self.rows.split_at_mut(i);
            let above = &done[i - 1];
            let row = &mut rest[0];
            let diagonal = (i as f64 * ratio).floor() as usize;
            let min_j = diagonal.saturating_sub(beam).min(n_r + 1);
            let max_j = if i == n_h {
                n_r + 1
            } else {
                (n_r + 1).min(diagonal + beam)
            };
            row.lo = min_j;
            row.cells.clear();
            row.cells
                .resize(max_j.saturating_sub(min_j), (INFINITE, Op::Undefined));
            self.cells += row.cells.len() as u64;
            for j in min_j..max_j {
                let k = j - min_j;
                if j == 0 {
                    row.cells[k] = (above.get(0).0 + 1, Op::HypOnly);
                    continue;
                }
                let (cost, op) = if words[i - 1] == self.reference[j - 1] {
                    (0, Op::Keep)
                } else {
                    (1, Op::Substitute)
                };
                let left = if k > 0 { row.cells[k - 1].0 } else { INFINITE };
                let candidates = [
                    (above.get(j - 1).0 + cost, op),
                    (above.get(j).0 + 1, Op::HypOnly),
                    (left + 1, Op::RefOnly),
                ];
                for candidate in candidates {
                    if row.cells[k].0 > candidate.0 {
                        row.cells[k] = candidate;
                    }
                }
            }
        }
        self.previous.clear();
        self.previous.extend_from_slice(words);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn default_tokenizer_lowercases_and_splits_on_whitespace_only() {
        let options = TerOptions::default();
        assert_eq!(
            tokenize("  The   Korean\teconomy grew, \n", options),
            words("the korean economy grew,")
        );
        assert!(tokenize(" \n ", options).is_empty());
    }

    #[test]
    fn normalized_tokenizer_splits_punctuation_but_not_numbers() {
        let options = TerOptions {
            normalized: true,
            case_sensitive: true,
        };
        assert_eq!(tokenize("Monday.", options), words("Monday ."));
        assert_eq!(
            tokenize("growth of 2.5 and 3,000", options),
            words("growth of 2.5 and 3,000")
        );
        assert_eq!(
            tokenize("Korea's exports", options),
            words("Korea 's exports")
        );
        assert_eq!(tokenize("Samsung &amp; LG", options), words("Samsung & LG"));
        // Tercom joins a line that starts with a hyphen, not one ending in it.
        assert_eq!(tokenize("The econ\n-omy", options), words("The economy"));
        assert_eq!(tokenize("The econ-\nomy", options), words("The econ- omy"));
        assert_eq!(tokenize("U.S.-Korea", options), words("U . S . -Korea"));
    }

    #[test]
    fn a_block_shift_counts_as_one_edit() {
        let stats = ter(
            "on monday the government acted",
            "the government acted on monday",
            TerOptions::default(),
        );
        assert_eq!((stats.edits, stats.shifts), (1, 1));
        assert!((stats.score() - 20.0).abs() < 1e-9);
    }

    #[test]
    fn empty_sides() {
        let options = TerOptions::default();
        assert_eq!(ter("", "", options).score(), 0.0);
        assert_eq!(ter("a b", "", options).score(), 100.0);
        assert_eq!(ter("", "a b", options).edits, 2);
    }

    #[test]
    fn shifts_keep_every_word() {
        let words = [1, 2, 3, 4, 5, 6];
        for start in 0..6 {
            for length in 1..=6 - start {
                for target in 0..=6 {
                    let mut shifted = Vec::new();
                    perform_shift(&words, start, length, target, &mut shifted);
                    shifted.sort_unstable();
                    assert_eq!(shifted, words, "{start} {length} {target}");
                }
            }
        }
    }
}
