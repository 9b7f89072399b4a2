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
