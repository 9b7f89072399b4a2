//! Scoring an alignment against gold links.
//!
//! A link is a pair of index lists (Korean, English). Scoring is strict: a
//! predicted link counts as right only when both lists equal a gold link's.

use std::collections::HashSet;

/// One link as index lists, the shape gold data comes in.
pub type IndexLink = (Vec<usize>, Vec<usize>);

/// Counts accumulated over a set of articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkCounts {
    /// Articles scored.
    pub articles: usize,
    /// Articles whose predicted links equal the gold links exactly.
    pub articles_exact: usize,
    /// Predicted links.
    pub predicted: usize,
    /// Gold links.
    pub gold: usize,
    /// Predicted links that are also gold links.
    pub correct: usize,
}

impl LinkCounts {
    /// Adds one article's links.
    pub fn add(&mut self, predicted: &[IndexLink], gold: &[IndexLink]) {
        let gold_set: HashSet<&IndexLink> = gold.iter().collect();
        let correct = predicted
            .iter()
            .filter(|link| gold_set.contains(link))
            .count();
        self.articles += 1;
        self.predicted += predicted.len();
        self.gold += gold.len();
        self.correct += correct;
        if correct == gold.len() && predicted.len() == gold.len() {
            self.articles_exact += 1;
        }
    }

    /// Share of predicted links that are right.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    /// Share of gold links found.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Share of articles aligned entirely right.
    pub fn exact_share(&self) -> f64 {
        ratio(self.articles_exact, self.articles)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Calibration: predicted links bucketed by confidence, with how many were right.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Upper edges of the buckets (the last is 1.0, inclusive).
    pub edges: Vec<f64>,
    /// Links per bucket.
    pub links: Vec<usize>,
    /// Right links per bucket.
    pub correct: Vec<usize>,
    /// Sum of confidences per bucket.
    pub confidence_sum: Vec<f64>,
}

impl Calibration {
    /// Buckets with the given upper edges (ascending, the last 1.0).
    pub fn new(edges: &[f64]) -> Calibration {
        Calibration {
            edges: edges.to_vec(),
            links: vec![0; edges.len()],
            correct: vec![0; edges.len()],
            confidence_sum: vec![0.0; edges.len()],
        }
    }

    /// Records one predicted link.
    pub fn add(&mut self, confidence: f64, right: bool) {
        let bucket = self
            .edges
            .iter()
            .position(|&edge| confidence < edge)
            .unwrap_or(self.edges.len() - 1);
        self.links[bucket] += 1;
        self.correct[bucket] += usize::from(right);
        self.confidence_sum[bucket] += confidence;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_links_only_count_when_both_sides_match() {
        let gold = vec![(vec![0], vec![0]), (vec![1, 2], vec![1])];
        let predicted = vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![])];
        let mut counts = LinkCounts::default();
        counts.add(&predicted, &gold);
        assert_eq!(counts.correct, 1);
        assert!((counts.precision() - 1.0 / 3.0).abs() < 1e-12);
        assert!((counts.recall() - 0.5).abs() < 1e-12);
        assert_eq!(counts.articles_exact, 0);
        counts.add(&gold, &gold);
        assert_eq!(counts.articles_exact, 1);
        assert!((counts.exact_share() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn calibration_buckets_by_upper_edge() {
        let mut calibration = Calibration::new(&[0.5, 0.9, 1.0]);
        calibration.add(0.2, false);
        calibration.add(0.95, true);
        calibration.add(1.0, true);
        assert_eq!(calibration.links, [1, 0, 2]);
        assert_eq!(calibration.correct, [0, 0, 2]);
    }
}
