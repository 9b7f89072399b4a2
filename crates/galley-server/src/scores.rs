//! Scores kept between requests: an article's figures after a save cost
//! the one row it changed.

use std::sync::Arc;

use galley_core::metrics::{Scores, TerOptions};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::compute::{Cancel, Stopped};

/// Scores already computed, by the SHA-256 digests of the two texts scored
/// (earlier, later): a save changes one row's text, so the next figures
/// score that row again and read every other row's from here. Shared by the
/// API, the review page and the disclosure; bounded in entries (a row's
/// scores are a few hundred bytes). Two requests that want the same scores
/// at once compute them once: the second waits for the first.
#[derive(Clone)]
pub struct ScoreCache(Arc<quick_cache::sync::Cache<PairDigest, Scores>>);

/// The SHA-256 digests of the earlier and the later text.
type PairDigest = ([u8; 32], [u8; 32]);

impl ScoreCache {
    /// Entries kept: a row's three steps over some 30,000 rows.
    pub const ENTRIES: usize = 100_000;

    /// The scores of `later` against `earlier` (the hypothesis).
    pub fn score(&self, earlier: &str, later: &str) -> Scores {
        let key = (
            Sha256::digest(earlier.as_bytes()).into(),
            Sha256::digest(later.as_bytes()).into(),
        );
        let computed = self.0.get_or_insert_with(&key, || {
            Ok::<_, std::convert::Infallible>(Scores::segment(
                earlier,
                later,
                TerOptions::default(),
            ))
        });
        match computed {
            Ok(scores) => scores,
            Err(never) => match never {},
        }
    }

    /// The scores of each (earlier, later) pair, in order, computed on
    /// every core, each distinct pair once (pairs scored before are read
    /// from the cache). Stops once `cancel` is set, between pairs.
    pub fn score_all(
        &self,
        pairs: &[(&str, &str)],
        cancel: &Cancel,
    ) -> Result<Vec<Scores>, Stopped> {
        let mut distinct: Vec<(&str, &str)> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let at: Vec<usize> = pairs
            .iter()
            .map(|pair| {
                *index.entry(*pair).or_insert_with(|| {
                    distinct.push(*pair);
                    distinct.len() - 1
                })
            })
            .collect();
        let scored: Vec<Scores> = distinct
            .par_iter()
            .map(|(earlier, later)| {
                cancel.check()?;
                Ok(self.score(earlier, later))
            })
            .collect::<Result<_, Stopped>>()?;
        Ok(at.into_iter().map(|i| scored[i].clone()).collect())
    }
}

impl Default for ScoreCache {
    fn default() -> ScoreCache {
        ScoreCache(Arc::new(quick_cache::sync::Cache::new(Self::ENTRIES)))
    }
}

impl std::fmt::Debug for ScoreCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScoreCache")
            .field("entries", &self.0.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A save changes one row's text: the next figures compute that row's
    /// scores and read the others' (and identical pairs are computed once
    /// however often they are asked for), with the same figures as scoring
    /// everything afresh.
    #[test]
    fn a_save_scores_only_the_row_it_changed() {
        let cache = ScoreCache::default();
        let fresh = |rows: &[(&str, &str)]| -> Vec<Scores> {
            rows.iter()
                .map(|(a, b)| Scores::segment(a, b, TerOptions::default()))
                .collect()
        };
        let rows = [
            ("Prices rose.", "Prices rose 3 percent."),
            ("The bank held.", "The bank held rates."),
            ("Exports fell.", "Exports fell."),
            ("Prices rose.", "Prices rose 3 percent."),
        ];
        let scored = cache.score_all(&rows, &Cancel::default()).unwrap();
        assert_eq!(scored, fresh(&rows));
        assert_eq!(cache.0.len(), 3, "the repeated pair is scored once");
        let mut saved = rows;
        saved[1].1 = "The bank held its rate.";
        let scored = cache.score_all(&saved, &Cancel::default()).unwrap();
        assert_eq!(scored, fresh(&saved));
        assert_eq!(cache.0.len(), 4, "one new pair for the one row saved");
    }
}
