//! Banded dynamic programming over the alignment lattice.
//!
//! A cell `(i, j)` stands for "the first `i` Korean and the first `j` English
//! paragraphs are aligned". A row of kind `a-b` is a move from `(i - a, j - b)`
//! to `(i, j)`. The best alignment is the cheapest path from `(0, 0)` to
//! `(n, m)`; the confidence of a row is the posterior probability that the
//! row appears in the alignment, summed over all paths by forward-backward.
//!
//! Only cells near the expected diagonal are visited. The diagonal follows
//! cumulative character counts, not paragraph indices, so a dropped or split
//! paragraph does not pull it off course. For each Korean prefix `i` the band
//! keeps the English prefixes within `width` of the diagonal; when the best
//! path touches the edge of the band, the band is doubled and the search
//! run again, so the band never decides the answer. Time and memory are
//! O((n + 1) · width · moves).

use std::ops::Range;

use super::math::ln_add;
use super::model::{Article, Features, Model};

/// The row kinds the search may use, as (Korean, English) paragraph counts.
pub const MOVES: [(usize, usize); 8] = [
    (1, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
    (1, 0),
    (0, 1),
];

const INITIAL_WIDTH: usize = 12;

/// One row found by the search.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub ko: Range<usize>,
    pub en: Range<usize>,
    pub confidence: f64,
}

struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
    cells: usize,
}

impl Band {
    fn new(centers: &[usize], width: usize, m: usize) -> Band {
        let lo: Vec<usize> = centers.iter().map(|&c| c.saturating_sub(width)).collect();
        let hi: Vec<usize> = centers.iter().map(|&c| (c + width).min(m)).collect();
        let mut offset = Vec::with_capacity(centers.len());
        let mut cells = 0;
        for (l, h) in lo.iter().zip(&hi) {
            offset.push(cells);
            cells += h - l + 1;
        }
        Band {
            lo,
            hi,
            offset,
            cells,
        }
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = (*self.lo.get(i)?, self.hi[i]);
        (lo..=hi).contains(&j).then(|| self.offset[i] + j - lo)
    }

    fn touches_edge(&self, i: usize, j: usize, m: usize) -> bool {
        (j == self.lo[i] && j > 0) || (j == self.hi[i] && j < m)
    }
}

/// For each Korean prefix, the English prefix whose length matches best.
fn diagonal(ko: &[Features], en: &[Features]) -> Vec<usize> {
    let prefix = |side: &[Features]| {
        let mut sums = vec![0.0];
        for p in side {
            sums.push(sums.last().copied().unwrap_or(0.0) + (p.chars + p.copied_chars).max(1.0));
        }
        sums
    };
    let (ko_sums, en_sums) = (prefix(ko), prefix(en));
    let ratio = en_sums[en.len()] / ko_sums[ko.len()].max(1.0);
    let mut j = 0;
    let mut centers: Vec<usize> = ko_sums
        .iter()
        .map(|&k| {
            let target = k * ratio;
            while j < en.len() && (en_sums[j + 1] - target).abs() <= (en_sums[j] - target).abs() {
                j += 1;
            }
            j
        })
        .collect();
    if let Some(last) = centers.last_mut() {
        *last = en.len();
    }
    centers
}

/// Aligns the paragraphs; see the module docs.
pub fn search(model: &Model, ko: &[Features], en: &[Features]) -> Vec<Row> {
    let (n, m) = (ko.len(), en.len());
    let centers = diagonal(ko, en);
    let mut width = INITIAL_WIDTH;
    loop {
        let band = Band::new(&centers, width, m);
        let full = width >= n.max(m);
        if let Some(rows) = search_band(model, ko, en, &band, full) {
            return rows;
        }
        width *= 2;
    }
}

/// Runs the search inside one band. `None` when the best path leaves the
/// band (or meets its edge) and the band is not yet the whole lattice.
fn search_band(
    model: &Model,
    ko: &[Features],
    en: &[Features],
    band: &Band,
    full: bool,
) -> Option<Vec<Row>> {
    let (n, m) = (ko.len(), en.len());
    let mut article = Article::new(model, ko, en);
    // cost[cell * MOVES + k]: cost of the row that ends at `cell` with move k.
    let mut cost = vec![f64::INFINITY; band.cells * MOVES.len()];
    let mut best = vec![f64::INFINITY; band.cells];
    let mut back = vec![u8::MAX; band.cells];
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            let here = band.index(i, j).expect("cell inside its own band");
            if i == 0 && j == 0 {
                best[here] = 0.0;
                continue;
            }
            for (k, &(a, b)) in MOVES.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(from) = band.index(i - a, j - b) else {
                    continue;
                };
                if !best[from].is_finite() {
                    continue;
                }
                let c = model.row_cost(&mut article, i - a..i, j - b..j);
                cost[here * MOVES.len() + k] = c;
                if best[from] + c < best[here] {
                    best[here] = best[from] + c;
                    back[here] = k as u8;
                }
            }
        }
    }

    let end = band.index(n, m)?;
    if !best[end].is_finite() {
        return if full { Some(Vec::new()) } else { None };
    }
    // Trace the best path back, watching for the band's edge.
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if !full && band.touches_edge(i, j, m) {
            return None;
        }
        let here = band.index(i, j)?;
        let k = usize::from(back[here]);
        let (a, b) = MOVES[k];
        path.push((i - a, j - b, i, j, k));
        i -= a;
        j -= b;
    }
    path.reverse();

    // Forward-backward over the same band, with costs scaled by temperature.
    let t = model.temperature;
    let mut alpha = vec![f64::NEG_INFINITY; band.cells];
    alpha[band.index(0, 0)?] = 0.0;
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            let here = band.index(i, j)?;
            for (k, &(a, b)) in MOVES.iter().enumerate() {
                let c = cost[here * MOVES.len() + k];
                if c.is_finite() {
                    let from = band.index(i - a, j - b)?;
                    alpha[here] = ln_add(alpha[here], alpha[from] - c / t);
                }
            }
        }
    }
    let mut beta = vec![f64::NEG_INFINITY; band.cells];
    beta[end] = 0.0;
    for i in (0..=n).rev() {
        for j in (band.lo[i]..=band.hi[i]).rev() {
            let here = band.index(i, j)?;
            for (k, &(a, b)) in MOVES.iter().enumerate() {
                let Some(next) = band.index(i + a, j + b) else {
                    continue;
                };
                let c = cost[next * MOVES.len() + k];
                if c.is_finite() {
                    beta[here] = ln_add(beta[here], beta[next] - c / t);
                }
            }
        }
    }
    let total = alpha[end];
    Some(
        path.into_iter()
            .map(|(i0, j0, i1, j1, k)| {
                let from = band.index(i0, j0).expect("path inside band");
                let to = band.index(i1, j1).expect("path inside band");
                let c = cost[to * MOVES.len() + k];
                let posterior = (alpha[from] - c / t + beta[to] - total).exp();
                Row {
                    ko: i0..i1,
                    en: j0..j1,
                    confidence: posterior.clamp(0.0, 1.0),
                }
            })
            .collect(),
    )
}
