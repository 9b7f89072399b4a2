//! Post-editing metrics: how far a hypothesis (say the AI draft) is from a
//! reference (the text the people settled on).
//!
//! * [`ter`]: Translation Edit Rate, sacrebleu-compatible, three variants;
//! * [`chrf`]: chrF and chrF++, sacrebleu-compatible;
//! * [`word_edits`]: plain word edit distance and the share of words changed.
//!
//! Per segment (a paragraph) and per corpus (an article): corpus figures add
//! the segments' statistics and score the sums, as sacrebleu's corpus scores
//! do; they are not averages of segment scores.

pub mod chrf;
pub mod ter;

pub use chrf::{ChrfStats, chrf_stats};
pub use ter::{TerOptions, TerStats};

/// Every metric of one segment, or the sums over a corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// TER statistics.
    pub ter: TerStats,
    /// chrF statistics (character n-grams).
    pub chrf: ChrfStats,
    /// chrF++ statistics (character and word n-grams).
    pub chrf_pp: ChrfStats,
    /// Word edits (insertions, deletions, substitutions; no shifts) between
    /// the whitespace-separated words, case kept.
    pub word_edits: u64,
    /// Words of the hypothesis.
    pub hyp_words: u64,
    /// Words of the reference.
    pub ref_words: u64,
}

impl Scores {
    /// Scores one hypothesis against one reference.
    pub fn segment(hypothesis: &str, reference: &str, ter_options: TerOptions) -> Scores {
        if hypothesis == reference {
            // Nothing changed (a row no stage touched): the same figures
            // without the searches that would find no edit.
            let words = reference.split_whitespace().count() as u64;
            let chrf_pp = chrf_stats(hypothesis, reference, 2);
            return Scores {
                ter: TerStats {
                    edits: 0,
                    shifts: 0,
                    ref_words: ter::tokenize(reference, ter_options).len() as f64,
                },
                chrf: chrf_pp.characters_only(),
                chrf_pp,
                word_edits: 0,
                hyp_words: words,
                ref_words: words,
            };
        }
        let (word_edits, hyp_words, ref_words) = word_edits(hypothesis, reference);
        let chrf_pp = chrf_stats(hypothesis, reference, 2);
        Scores {
            ter: ter::ter(hypothesis, reference, ter_options),
            chrf: chrf_pp.characters_only(),
            chrf_pp,
            word_edits,
            hyp_words,
            ref_words,
        }
    }

    /// Corpus scores of segments (`None` for no segments).
    pub fn corpus<'a>(segments: impl IntoIterator<Item = &'a Scores>) -> Option<Scores> {
        let mut iter = segments.into_iter();
        let mut total = iter.next()?.clone();
        for s in iter {
            total.ter = total.ter + s.ter;
            total.chrf.add(&s.chrf);
            total.chrf_pp.add(&s.chrf_pp);
            total.word_edits += s.word_edits;
            total.hyp_words += s.hyp_words;
            total.ref_words += s.ref_words;
        }
        Some(total)
    }

    /// Share of words changed, in [0, 1]: word edits over the longer side's
    /// word count (0 when both are empty).
    pub fn changed_share(&self) -> f64 {
        let longest = self.hyp_words.max(self.ref_words);
        if longest == 0 {
            0.0
        } else {
            self.word_edits as f64 / longest as f64
        }
    }
}

/// Galley's bound on the word diff of a whole article that finds its
/// passages: the diff is Myers', whose work is (words on both sides) × (the
/// words it must insert or delete), and it is run only when that product,
/// bounded from the rows' own word edits, is at most this many. A fully
/// rewritten article at the limits (100,000 words a side) would otherwise
/// cost about 8·10⁹ steps, 20 s; an ordinary feature (7,000 words a side,
/// half of them rewritten) is under 10⁸.
pub const MAX_PASSAGE_DIFF: u64 = 200_000_000;

/// Article scores from its rows' (earlier, later) texts in row order and
/// each row's own scores (`None` for no rows); `score` scores a passage of
/// several rows (the caller may remember scores it has already computed).
///
/// Rows count one by one, except where words moved across a row boundary
/// between the two versions (a row split or merged): such rows are scored
/// together as one passage (see [`passages`]). A clause moved to the next
/// row by a split is then no change at all, where scoring row by row would
/// count it twice, once deleted and once inserted. Where no word crossed a
/// boundary, the figures are exactly the sums of the rows' own.
pub fn article(
    rows: &[(&str, &str)],
    row_scores: &[Scores],
    mut score: impl FnMut(&str, &str) -> Scores,
) -> Option<Scores> {
    let scores: Vec<Scores> = passages(rows, row_scores)
        .into_iter()
        .map(|passage| {
            if passage.len() == 1 {
                row_scores[passage.start].clone()
            } else {
                let join = |earlier: bool| {
                    rows[passage.clone()]
                        .iter()
                        .map(|(a, b)| if earlier { *a } else { *b })
                        .collect::<Vec<_>>()
                        .join("\n\n")
                };
                score(&join(true), &join(false))
            }
        })
        .collect();
    Scores::corpus(&scores)
}

/// The rows, in order, as passages to score: a passage ends after a row
/// unless a word kept from the earlier text to the later one (an unchanged
/// word of a word-level diff of the whole article) sits on different sides
/// of that row's end in the two versions.
///
/// The diff is skipped, and every row is a passage of its own, when its
/// work could pass [`MAX_PASSAGE_DIFF`]: the words it must insert or delete
/// are at most twice the rows' word edits (`row_scores`), since aligning the
/// rows one by one is one way of aligning the article. So what a request
/// costs is bounded, and the same texts always give the same passages.
pub fn passages(rows: &[(&str, &str)], row_scores: &[Scores]) -> Vec<std::ops::Range<usize>> {
    let words: u64 = row_scores.iter().map(|s| s.hyp_words + s.ref_words).sum();
    let edits: u64 = row_scores.iter().map(|s| 2 * s.word_edits).sum();
    if words.saturating_mul(edits.min(words)) > MAX_PASSAGE_DIFF {
        return (0..rows.len()).map(|row| row..row + 1).collect();
    }
    let words = |earlier: bool| -> (Vec<&str>, Vec<usize>) {
        let mut words = Vec::new();
        let mut row_of = Vec::new();
        for (index, (a, b)) in rows.iter().enumerate() {
            for word in (if earlier { *a } else { *b }).split_whitespace() {
                words.push(word);
                row_of.push(index);
            }
        }
        (words, row_of)
    };
    let (old_words, old_row) = words(true);
    let (new_words, new_row) = words(false);
    let (old_ids, new_ids) = crate::seq::intern(&old_words, &new_words);
    // A kept word in row a before and row b after holds the ends of rows
    // min(a, b) .. max(a, b) together: +1 where that span opens, -1 where
    // it closes, summed as the rows are walked.
    let mut crossings = vec![0i64; rows.len() + 1];
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_ids, &new_ids) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for t in 0..len {
                let (a, b) = (old_row[old_index + t], new_row[new_index + t]);
                if a != b {
                    crossings[a.min(b)] += 1;
                    crossings[a.max(b)] -= 1;
                }
            }
        }
    }
    let mut passages = Vec::new();
    let (mut start, mut open) = (0, 0i64);
    for (index, crossing) in crossings.iter().take(rows.len()).enumerate() {
        open += crossing;
        if open == 0 {
            passages.push(start..index + 1);
            start = index + 1;
        }
    }
    passages
}

/// (edits, hypothesis words, reference words): Levenshtein distance over
/// whitespace-separated words (bit-parallel, see [`crate::seq`]).
pub fn word_edits(hypothesis: &str, reference: &str) -> (u64, u64, u64) {
    let hyp: Vec<&str> = hypothesis.split_whitespace().collect();
    let reference: Vec<&str> = reference.split_whitespace().collect();
    let (hyp_ids, ref_ids) = crate::seq::intern(&hyp, &reference);
    (
        crate::seq::levenshtein(&hyp_ids, &ref_ids) as u64,
        hyp.len() as u64,
        reference.len() as u64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clause_moved_by_a_split_is_no_change_but_real_edits_still_count() {
        let options = TerOptions::default();
        // The AI ran two paragraphs into one; the reviewer split them.
        let ai = "Prices rose 3 percent. The bank kept rates on hold.";
        let split = [
            (ai, "Prices rose 3 percent."),
            ("", "The bank kept rates on hold."),
            ("Exports fell.", "Exports fell."),
        ];
        let each = |rows: &[(&str, &str)]| -> Vec<Scores> {
            rows.iter()
                .map(|(a, b)| Scores::segment(a, b, options))
                .collect()
        };
        let score = |a: &str, b: &str| Scores::segment(a, b, options);
        assert_eq!(passages(&split, &each(&split)), vec![0..2, 2..3]);
        let whole = article(&split, &each(&split), score).unwrap();
        assert_eq!((whole.ter.edits, whole.word_edits), (0, 0));
        assert_eq!(whole.ref_words, 12);
        // Row by row, the same split counts every moved word twice.
        let by_row = Scores::corpus(&each(&split)).unwrap();
        assert_eq!(by_row.word_edits, 12);
        // A real fix inside the split passage still counts, once.
        let fixed = [
            (ai, "Prices rose 3.2 percent."),
            ("", "The bank kept rates on hold."),
        ];
        assert_eq!(article(&fixed, &each(&fixed), score).unwrap().word_edits, 1);
        // Rows nobody split are scored exactly as on their own.
        let plain = [("a b c", "a x c"), ("d e", "d e f")];
        assert_eq!(passages(&plain, &each(&plain)), vec![0..1, 1..2]);
        assert_eq!(
            article(&plain, &each(&plain), score),
            Scores::corpus(&each(&plain))
        );
        assert_eq!(article(&[], &[], score), None);
    }

    #[test]
    fn an_article_rewritten_past_the_diff_bound_is_scored_row_by_row() {
        let options = TerOptions::default();
        let words = |prefix: &str, n: usize| {
            (0..n)
                .map(|i| format!("{prefix}{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        // A split of a row whose every other word was also rewritten: the
        // moved half still joins the rows while the diff is cheap...
        let (kept, moved) = (words("k", 500), words("m", 500));
        let small = [
            (format!("{kept} {moved}"), kept.clone()),
            (String::new(), moved.clone()),
        ];
        let pairs: Vec<(&str, &str)> = small
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let each: Vec<Scores> = pairs
            .iter()
            .map(|(a, b)| Scores::segment(a, b, options))
            .collect();
        assert_eq!(passages(&pairs, &each), vec![0..2]);
        // ...but past the bound (15,000 words a row, all rewritten: about
        // 3.6·10⁹ steps of diff) each row is its own passage.
        let big = [
            (words("a", 15_000), words("b", 15_000)),
            (words("c", 15_000), words("d", 15_000)),
        ];
        let pairs: Vec<(&str, &str)> = big.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let each: Vec<Scores> = pairs
            .iter()
            .map(|(a, b)| Scores::segment(a, b, options))
            .collect();
        assert_eq!(passages(&pairs, &each), vec![0..1, 1..2]);
        let whole = article(&pairs, &each, |_, _| unreachable!("no passage joins rows"));
        assert_eq!(whole.map(|s| s.word_edits), Some(30_000));
    }

    #[test]
    fn an_unchanged_text_scores_as_the_full_computation_does() {
        for options in [
            TerOptions::default(),
            TerOptions {
                case_sensitive: true,
                normalized: true,
            },
        ] {
            for text in ["", "Prices rose 3.2% in May, the bank said.", "a  b\n\nc "] {
                let full = Scores {
                    ter: ter::ter(text, text, options),
                    chrf: chrf_stats(text, text, 2).characters_only(),
                    chrf_pp: chrf_stats(text, text, 2),
                    word_edits: 0,
                    hyp_words: word_edits(text, text).1,
                    ref_words: word_edits(text, text).2,
                };
                assert_eq!(Scores::segment(text, text, options), full);
            }
        }
    }

    #[test]
    fn word_edits_count_substitutions_once() {
        assert_eq!(word_edits("a b c", "a x c"), (1, 3, 3));
        assert_eq!(word_edits("a b c", "a c"), (1, 3, 2));
        assert_eq!(word_edits("", "a b"), (2, 0, 2));
        assert_eq!(word_edits("", ""), (0, 0, 0));
    }

    #[test]
    fn corpus_scores_sum_statistics_rather_than_average_scores() {
        let short = Scores::segment("a", "b", TerOptions::default());
        let long = Scores::segment(
            "a b c d e f g h i",
            "a b c d e f g h i",
            TerOptions::default(),
        );
        let corpus = Scores::corpus([&short, &long]).expect("two segments");
        // One edit over ten reference words, not the mean of 100% and 0%.
        assert!((corpus.ter.score() - 10.0).abs() < 1e-9);
        assert!((corpus.changed_share() - 0.1).abs() < 1e-9);
    }
}
