//! Banded dynamic programming over the alignment lattice.
//!
//! A cell `(i, j)` stands for "the first `i` Korean and the first `j` English
//! paragraphs are aligned". A row of kind `a-b` is a move from `(i - a, j - b)`
//! to `(i, j)`. The best alignment is the cheapest path from `(0, 0)` to
//! `(n, m)`; the confidence of a row is the posterior probability that the
//! row appears in the alignment, summed over all paths by forward-backward.
//!
//! Only cells near the expected path are visited. Two paths guide the band:
//! the length diagonal, which follows cumulative character counts (not
//! paragraph indices, so a dropped or split paragraph does not pull it off
//! course), and the guide, the best path by the rows' counts alone (prior,
//! lengths, sentences), found first in a band around the diagonal with no
//! logarithm and no anchor to weigh. The full search keeps, for each Korean
//! prefix `i`, the English prefixes within `width` of the guide; whenever a
//! best path touches the edge of its band, the band is doubled and that
//! search run again, so the band never decides the answer. Time and memory
//! are O((n + 1) · width · moves).

use std::ops::Range;

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

const INITIAL_WIDTH: usize = 6;

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
    /// The cells within `width` of a path, given as the English prefix it
    /// reaches each Korean prefix at.
    fn new(centers: &[usize], width: usize, m: usize) -> Band {
        let lo: Vec<usize> = centers.iter().map(|&c| c.saturating_sub(width)).collect();
        let hi: Vec<usize> = centers.iter().map(|&c| (c + width).min(m)).collect();
        let mut offset = Vec::with_capacity(lo.len());
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
    let diagonal = diagonal(ko, en);
    let guide = guide(model, ko, en, &diagonal);
    let mut width = INITIAL_WIDTH;
    loop {
        let band = Band::new(&guide, width, m);
        let full = width >= n.max(m);
        if let Some(rows) = search_band(model, ko, en, &band, full) {
            return rows;
        }
        width *= 2;
    }
}

/// Where the full search centres its band: the best path by the rows'
/// shapes alone (kinds, lengths, sentences, quotations), found in a wide
/// band around the length diagonal. That path is cheap to find and runs
/// close to the answer, so the full search, whose rows also weigh every
/// anchor, word and name, needs only a narrow band around it. A long
/// document strays further from its length diagonal (about as the square
/// root of its length), so the guide's band starts wider for it.
fn guide(model: &Model, ko: &[Features], en: &[Features], diagonal: &[usize]) -> Vec<usize> {
    let (n, m) = (ko.len(), en.len());
    let article = Article::new(model, ko, en);
    let mut width = INITIAL_WIDTH.max(n.max(m).isqrt());
    loop {
        let band = Band::new(diagonal, width, m);
        let full = width >= n.max(m);
        let (best, back) = best_paths(
            &band,
            n,
            |ko, en| model.rough_cost(&article, ko, en),
            |_, _, _| {},
        );
        // For each Korean prefix, the English prefix the path reaches it at.
        let mut centers = vec![0; n + 1];
        let (mut i, mut j) = (n, m);
        let mut inside = band.index(n, m).is_some_and(|end| best[end].is_finite());
        while inside && (i > 0 || j > 0) {
            if !full && band.touches_edge(i, j, m) {
                inside = false;
                break;
            }
            let (a, b) = MOVES[usize::from(back[band.index(i, j).expect("path in band")])];
            for step in 0..a {
                centers[i - step] = j;
            }
            i -= a;
            j -= b;
        }
        if inside || full {
            centers[n] = m;
            return if inside { centers } else { diagonal.to_vec() };
        }
        width *= 2;
    }
}

/// The cheapest way into every cell of the band from (0, 0), and the move
/// it ends with, where `row_cost` prices a row; `seen` is told the cost of
/// every move it priced (cell, move, cost).
fn best_paths(
    band: &Band,
    n: usize,
    mut row_cost: impl FnMut(Range<usize>, Range<usize>) -> f64,
    mut seen: impl FnMut(usize, usize, f64),
) -> (Vec<f64>, Vec<u8>) {
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
                let Some(from) = (a <= i && b <= j)
                    .then(|| band.index(i - a, j - b))
                    .flatten()
                    .filter(|&from| best[from].is_finite())
                else {
                    continue;
                };
                let c = row_cost(i - a..i, j - b..j);
                seen(here, k, c);
                if best[from] + c < best[here] {
                    best[here] = best[from] + c;
                    back[here] = k as u8;
                }
            }
        }
    }
    (best, back)
}

/// `ln` of a sum of at most one term per move, each given as its `ln`:
/// one logarithm for the lot, after shifting by the largest term.
#[derive(Default)]
struct LogSum {
    terms: [f64; MOVES.len()],
    count: usize,
}

impl LogSum {
    fn push(&mut self, term: f64) {
        self.terms[self.count] = term;
        self.count += 1;
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn total(&self) -> f64 {
        let terms = &self.terms[..self.count];
        let high = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if high == f64::NEG_INFINITY {
            return high;
        }
        high + terms.iter().map(|x| (x - high).exp()).sum::<f64>().ln()
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
    let (best, back) = best_paths(
        band,
        n,
        |ko, en| model.row_cost(&mut article, ko, en),
        |here, k, c| cost[here * MOVES.len() + k] = c,
    );

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
            let mut terms = LogSum::default();
            for (k, &(a, b)) in MOVES.iter().enumerate() {
                let c = cost[here * MOVES.len() + k];
                if c.is_finite() {
                    let from = band.index(i - a, j - b)?;
                    terms.push(alpha[from] - c / t);
                }
            }
            if !terms.is_empty() {
                alpha[here] = terms.total();
            }
        }
    }
    let mut beta = vec![f64::NEG_INFINITY; band.cells];
    beta[end] = 0.0;
    for i in (0..=n).rev() {
        for j in (band.lo[i]..=band.hi[i]).rev() {
            let here = band.index(i, j)?;
            let mut terms = LogSum::default();
            for (k, &(a, b)) in MOVES.iter().enumerate() {
                let Some(next) = band.index(i + a, j + b) else {
                    continue;
                };
                let c = cost[next * MOVES.len() + k];
                if c.is_finite() {
                    terms.push(beta[next] - c / t);
                }
            }
            if !terms.is_empty() {
                beta[here] = terms.total();
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
