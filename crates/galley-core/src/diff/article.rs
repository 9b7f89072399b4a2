//! Paragraph-level diff of two versions of an article.
//!
//! 1. The two versions are aligned in order by a dynamic programme over
//!    paragraph similarity (shared words): pairs of paragraphs are unchanged
//!    or edited, one paragraph may become two or three (split) or two or
//!    three one (merged); a paragraph may stay unpaired. The alignment keeps
//!    the longest similar backbone, so a paragraph taken out of order is left
//!    unpaired rather than pulling its neighbours out of place.
//! 2. An unpaired paragraph that appears, identical or closely resembling,
//!    among the unpaired paragraphs of the other version has moved.
//! 3. The rest are deleted or inserted.
//!
//! Articles too large for the programme (more than 250,000 paragraph pairs)
//! are first cut at identical paragraphs found by Myers' algorithm, and
//! the programme runs between them.
//!
//! Every edited, moved, split or merged paragraph carries its word diff.

use std::collections::HashMap;
use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};
use unicode_segmentation::UnicodeSegmentation;

use super::{TextDiff, diff_text};

/// What happened to one paragraph (or a group of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParagraphChange {
    /// Same text, same place.
    Unchanged {
        /// Index in the old version.
        old: usize,
        /// Index in the new version.
        new: usize,
    },
    /// Same place, text edited.
    Edited {
        /// Index in the old version.
        old: usize,
        /// Index in the new version.
        new: usize,
        /// Word diff of the two texts.
        diff: TextDiff,
    },
    /// Moved elsewhere, possibly edited too (the diff says).
    Moved {
        /// Index in the old version.
        old: usize,
        /// Index in the new version.
        new: usize,
        /// Word diff of the two texts (all equal when only moved).
        diff: TextDiff,
    },
    /// One old paragraph became several new ones.
    Split {
        /// Index in the old version.
        old: usize,
        /// Indices in the new version.
        new: Range<usize>,
        /// Word diff of the old text and the new ones joined by a space.
        diff: TextDiff,
    },
    /// Several old paragraphs became one new one.
    Merged {
        /// Indices in the old version.
        old: Range<usize>,
        /// Index in the new version.
        new: usize,
        /// Word diff of the old texts joined by a space and the new text.
        diff: TextDiff,
    },
    /// Only in the new version.
    Inserted {
        /// Index in the new version.
        new: usize,
    },
    /// Only in the old version.
    Deleted {
        /// Index in the old version.
        old: usize,
    },
}

impl ParagraphChange {
    /// `unchanged`, `edited`, `moved`, `split`, `merged`, `inserted` or `deleted`.
    pub fn name(&self) -> &'static str {
        match self {
            ParagraphChange::Unchanged { .. } => "unchanged",
            ParagraphChange::Edited { .. } => "edited",
            ParagraphChange::Moved { .. } => "moved",
            ParagraphChange::Split { .. } => "split",
            ParagraphChange::Merged { .. } => "merged",
            ParagraphChange::Inserted { .. } => "inserted",
            ParagraphChange::Deleted { .. } => "deleted",
        }
    }

    /// Old paragraph indices covered.
    pub fn old_range(&self) -> Range<usize> {
        match self {
            ParagraphChange::Unchanged { old, .. }
            | ParagraphChange::Edited { old, .. }
            | ParagraphChange::Moved { old, .. }
            | ParagraphChange::Split { old, .. }
            | ParagraphChange::Deleted { old } => *old..*old + 1,
            ParagraphChange::Merged { old, .. } => old.clone(),
            ParagraphChange::Inserted { .. } => 0..0,
        }
    }

    /// New paragraph indices covered.
    pub fn new_range(&self) -> Range<usize> {
        match self {
            ParagraphChange::Unchanged { new, .. }
            | ParagraphChange::Edited { new, .. }
            | ParagraphChange::Moved { new, .. }
            | ParagraphChange::Merged { new, .. }
            | ParagraphChange::Inserted { new } => *new..*new + 1,
            ParagraphChange::Split { new, .. } => new.clone(),
            ParagraphChange::Deleted { .. } => 0..0,
        }
    }

    /// The word diff, for changes that have one.
    pub fn diff(&self) -> Option<&TextDiff> {
        match self {
            ParagraphChange::Edited { diff, .. }
            | ParagraphChange::Moved { diff, .. }
            | ParagraphChange::Split { diff, .. }
            | ParagraphChange::Merged { diff, .. } => Some(diff),
            _ => None,
        }
    }
}

/// Least similarity for two paragraphs in the same place to count as one
/// edited paragraph rather than a deletion and an insertion.
const EDITED: f64 = 0.4;
/// Least similarity for a deleted and an inserted paragraph in different
/// places to count as one moved paragraph.
const MOVED: f64 = 0.6;
/// Least similarity for a split or a merge.
const SPLIT: f64 = 0.6;
/// Cost of leaving a paragraph unpaired in a region.
const UNPAIRED: f64 = 0.6;
/// Regions larger than this (old × new paragraphs) are not paired by
/// similarity, to bound the work on pathological input.
const MAX_REGION: usize = 250_000;

/// Paragraph-level diff of two versions (see the module docs).
pub fn diff_article<O: AsRef<str>, N: AsRef<str>>(old: &[O], new: &[N]) -> Vec<ParagraphChange> {
    let old: Vec<&str> = old.iter().map(AsRef::as_ref).collect();
    let new: Vec<&str> = new.iter().map(AsRef::as_ref).collect();
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    let old_bags: Vec<Bag> = old.iter().map(|p| Bag::of(p, &mut vocabulary)).collect();
    let new_bags: Vec<Bag> = new.iter().map(|p| Bag::of(p, &mut vocabulary)).collect();
    let mut changes: Vec<ParagraphChange> = Vec::new();
    let mut old_done = vec![false; old.len()];
    let mut new_done = vec![false; new.len()];

    let regions: Vec<(Range<usize>, Range<usize>)> = if old.len() * new.len() <= MAX_REGION {
        vec![(0..old.len(), 0..new.len())]
    } else {
        identical_anchors(&old, &new, &mut changes, &mut old_done, &mut new_done)
    };
    for (o, n) in regions {
        let olds: Vec<usize> = o.filter(|&i| !old_done[i]).collect();
        let news: Vec<usize> = n.filter(|&j| !new_done[j]).collect();
        if olds.is_empty() || news.is_empty() || olds.len() * news.len() > MAX_REGION {
            continue;
        }
        let texts = Texts {
            old: &old,
            new: &new,
            old_bags: &old_bags,
            new_bags: &new_bags,
        };
        for change in pair_region(&texts, &olds, &news) {
            for i in change.old_range() {
                old_done[i] = true;
            }
            for j in change.new_range() {
                new_done[j] = true;
            }
            changes.push(change);
        }
    }

    // Unpaired paragraphs that resemble one another in different places:
    // moved (identical ones first, then the most similar).
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for i in (0..old.len()).filter(|&i| !old_done[i]) {
        for j in (0..new.len()).filter(|&j| !new_done[j]) {
            let s = if old[i] == new[j] {
                2.0
            } else {
                old_bags[i].similarity(&[&new_bags[j]])
            };
            if s >= MOVED {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in candidates {
        if !old_done[i] && !new_done[j] {
            changes.push(ParagraphChange::Moved {
                old: i,
                new: j,
                diff: diff_text(old[i], new[j]),
            });
            old_done[i] = true;
            new_done[j] = true;
        }
    }

    for (j, done) in new_done.iter().enumerate() {
        if !done {
            changes.push(ParagraphChange::Inserted { new: j });
        }
    }
    for (i, done) in old_done.iter().enumerate() {
        if !done {
            changes.push(ParagraphChange::Deleted { old: i });
        }
    }
    order(changes)
}

/// For very large articles: identical paragraphs in order (Myers) become
/// unchanged, and the stretches between them are returned as regions.
fn identical_anchors(
    old: &[&str],
    new: &[&str],
    changes: &mut Vec<ParagraphChange>,
    old_done: &mut [bool],
    new_done: &mut [bool],
) -> Vec<(Range<usize>, Range<usize>)> {
    let mut regions: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    // Positions come from the operations' lengths, in order (see diff_text).
    let (mut oi, mut ni) = (0, 0);
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        let (old_len, new_len) = (op.old_range().len(), op.new_range().len());
        if let DiffOp::Equal { .. } = op {
            for k in 0..old_len {
                changes.push(ParagraphChange::Unchanged {
                    old: oi + k,
                    new: ni + k,
                });
                old_done[oi + k] = true;
                new_done[ni + k] = true;
            }
        } else {
            let (o, n) = (oi..oi + old_len, ni..ni + new_len);
            match regions.last_mut() {
                Some((ro, rn)) if ro.end == o.start && rn.end == n.start => {
                    ro.end = o.end;
                    rn.end = n.end;
                }
                _ => regions.push((o, n)),
            }
        }
        oi += old_len;
        ni += new_len;
    }
    regions
}

/// The paragraphs of both versions and their word bags.
struct Texts<'a> {
    old: &'a [&'a str],
    new: &'a [&'a str],
    old_bags: &'a [Bag],
    new_bags: &'a [Bag],
}

/// The lower-cased words of a paragraph, counted: (word number, count),
/// sorted by word number.
#[derive(Debug)]
struct Bag {
    words: Vec<(u32, u32)>,
    total: u32,
}

impl Bag {
    fn of(text: &str, vocabulary: &mut HashMap<String, u32>) -> Bag {
        let mut ids: Vec<u32> = text
            .unicode_words()
            .map(|word| {
                let next = vocabulary.len() as u32;
                *vocabulary.entry(word.to_lowercase()).or_insert(next)
            })
            .collect();
        ids.sort_unstable();
        let mut words: Vec<(u32, u32)> = Vec::new();
        for id in ids {
            match words.last_mut() {
                Some((last, count)) if *last == id => *count += 1,
                _ => words.push((id, 1)),
            }
        }
        let total = words.iter().map(|(_, n)| n).sum();
        Bag { words, total }
    }

    /// Words shared with the union of `others` (counts capped at this bag's).
    fn shared(&self, others: &[&Bag]) -> u32 {
        let mut positions = vec![0_usize; others.len()];
        let mut shared = 0;
        for &(id, count) in &self.words {
            let mut there = 0;
            for (other, at) in others.iter().zip(positions.iter_mut()) {
                while *at < other.words.len() && other.words[*at].0 < id {
                    *at += 1;
                }
                if *at < other.words.len() && other.words[*at].0 == id {
                    there += other.words[*at].1;
                }
            }
            shared += count.min(there);
        }
        shared
    }

    /// Share of this bag's words found in `other`, in [0, 1].
    fn contained_in(&self, other: &Bag) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        f64::from(self.shared(&[other])) / f64::from(self.total)
    }

    /// Dice similarity of this bag with the union of `others`, in [0, 1].
    fn similarity(&self, others: &[&Bag]) -> f64 {
        let total = self.total + others.iter().map(|b| b.total).sum::<u32>();
        if total == 0 {
            return 0.0;
        }
        2.0 * f64::from(self.shared(others)) / f64::from(total)
    }
}

/// Cost of a split or merge: one paragraph (`whole`) against several
/// (`parts`). Every part must come mostly from the whole; otherwise it is an
/// insertion or a deletion next to an edit, and the group is impossible.
fn group_cost(whole: &Bag, parts: &[&Bag]) -> f64 {
    let s = whole.similarity(parts);
    if s >= SPLIT && parts.iter().all(|p| p.contained_in(whole) >= SPLIT) {
        1.0 - s + 0.05
    } else {
        f64::INFINITY
    }
}

/// Pairs the paragraphs of one region in order, cheapest first: a dynamic
/// programme over paired (1-1, cost 1 − similarity), split (1-2, 1-3) and
/// merged (2-1, 3-1) paragraphs, and unpaired ones (cost 0.6 each).
fn pair_region(texts: &Texts<'_>, olds: &[usize], news: &[usize]) -> Vec<ParagraphChange> {
    let (old, new) = (texts.old, texts.new);
    let (n, m) = (olds.len(), news.len());
    let width = m + 1;
    let mut cost = vec![f64::INFINITY; (n + 1) * width];
    let mut back = vec![(0_usize, 0_usize); (n + 1) * width];
    cost[0] = 0.0;
    let joined = |indices: &[usize], texts: &[&str]| {
        indices
            .iter()
            .map(|&k| texts[k])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let consecutive = |idx: &[usize]| idx.windows(2).all(|w| w[1] == w[0] + 1);
    for i in 0..=n {
        for j in 0..=m {
            let here = cost[i * width + j];
            if !here.is_finite() {
                continue;
            }
            let mut relax = |a: usize, b: usize, step: f64| {
                if step.is_finite() {
                    let next = (i + a) * width + j + b;
                    if here + step < cost[next] {
                        cost[next] = here + step;
                        back[next] = (a, b);
                    }
                }
            };
            if i < n {
                relax(1, 0, UNPAIRED);
            }
            if j < m {
                relax(0, 1, UNPAIRED);
            }
            if i < n && j < m {
                let s = if old[olds[i]] == new[news[j]] {
                    1.0
                } else {
                    texts.old_bags[olds[i]].similarity(&[&texts.new_bags[news[j]]])
                };
                relax(1, 1, if s >= EDITED { 1.0 - s } else { f64::INFINITY });
                for k in 2..=3 {
                    if j + k <= m && consecutive(&news[j..j + k]) {
                        let parts: Vec<&Bag> =
                            news[j..j + k].iter().map(|&x| &texts.new_bags[x]).collect();
                        relax(1, k, group_cost(&texts.old_bags[olds[i]], &parts));
                    }
                    if i + k <= n && consecutive(&olds[i..i + k]) {
                        let parts: Vec<&Bag> =
                            olds[i..i + k].iter().map(|&x| &texts.old_bags[x]).collect();
                        relax(k, 1, group_cost(&texts.new_bags[news[j]], &parts));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (a, b) = back[i * width + j];
        let (os, ns) = (&olds[i - a..i], &news[j - b..j]);
        match (a, b) {
            (1, 1) if old[os[0]] == new[ns[0]] => out.push(ParagraphChange::Unchanged {
                old: os[0],
                new: ns[0],
            }),
            (1, 1) => out.push(ParagraphChange::Edited {
                old: os[0],
                new: ns[0],
                diff: diff_text(old[os[0]], new[ns[0]]),
            }),
            (1, k) if k > 1 => out.push(ParagraphChange::Split {
                old: os[0],
                new: ns[0]..ns[k - 1] + 1,
                diff: diff_text(old[os[0]], &joined(ns, new)),
            }),
            (k, 1) if k > 1 => out.push(ParagraphChange::Merged {
                old: os[0]..os[k - 1] + 1,
                new: ns[0],
                diff: diff_text(&joined(os, old), new[ns[0]]),
            }),
            _ => {} // left unpaired: moved, deleted or inserted later
        }
        i -= a;
        j -= b;
    }
    out
}

/// Orders changes as a reader meets them: by position in the new version,
/// each deletion right after the change that holds the old paragraph before it.
fn order(changes: Vec<ParagraphChange>) -> Vec<ParagraphChange> {
    // For each old index, the new position of the (non-moved) change holding it.
    let mut anchor: HashMap<usize, usize> = HashMap::new();
    for change in &changes {
        if matches!(
            change,
            ParagraphChange::Moved { .. } | ParagraphChange::Deleted { .. }
        ) {
            continue;
        }
        for i in change.old_range() {
            anchor.insert(i, change.new_range().start);
        }
    }
    let mut keyed: Vec<((usize, u8, usize), ParagraphChange)> = changes
        .into_iter()
        .map(|change| {
            let key = match &change {
                ParagraphChange::Deleted { old } => (0..*old)
                    .rev()
                    .find_map(|i| anchor.get(&i))
                    .map_or((0, 0, *old), |&at| (at, 2, *old)),
                other => (other.new_range().start, 1, 0),
            };
            (key, change)
        })
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, change)| change).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(changes: &[ParagraphChange]) -> Vec<String> {
        changes
            .iter()
            .map(|c| format!("{} {:?}->{:?}", c.name(), c.old_range(), c.new_range()))
            .collect()
    }

    const OLD: [&str; 4] = [
        "The Bank of Korea held its key rate at 3.5 percent on Thursday.",
        "Governor Rhee Chang-yong said inflation remained above target.",
        "Household debt hit a record 1,886 trillion won.",
        "The next meeting is on Nov. 30.",
    ];

    #[test]
    fn identical_articles_are_all_unchanged() {
        let changes = diff_article(&OLD, &OLD);
        assert!(
            changes.iter().all(|c| c.name() == "unchanged"),
            "{:?}",
            names(&changes)
        );
        assert_eq!(changes.len(), 4);
    }

    #[test]
    fn an_edited_paragraph_carries_its_word_diff() {
        let mut new = OLD.to_vec();
        new[1] = "Governor Rhee Chang-yong said inflation was still above target.";
        let changes = diff_article(&OLD, &new);
        assert_eq!(names(&changes)[1], "edited 1..2->1..2");
        let diff = changes[1].diff().expect("diff");
        assert_eq!(diff.apply(OLD[1]), new[1]);
    }

    #[test]
    fn a_moved_paragraph_is_a_move_not_a_delete_and_insert() {
        let new = [OLD[0], OLD[2], OLD[3], OLD[1]];
        let changes = diff_article(&OLD, &new);
        let moved: Vec<_> = changes.iter().filter(|c| c.name() == "moved").collect();
        assert_eq!(moved.len(), 1, "{:?}", names(&changes));
        assert_eq!((moved[0].old_range(), moved[0].new_range()), (1..2, 3..4));
        assert!(
            !changes
                .iter()
                .any(|c| matches!(c.name(), "deleted" | "inserted")),
            "{:?}",
            names(&changes)
        );
    }

    #[test]
    fn a_moved_and_edited_paragraph_is_still_a_move() {
        let new = [
            OLD[0],
            OLD[2],
            OLD[3],
            "Governor Rhee Chang-yong said inflation remained above the target.",
        ];
        let changes = diff_article(&OLD, &new);
        assert!(
            names(&changes).contains(&"moved 1..2->3..4".to_string()),
            "{:?}",
            names(&changes)
        );
    }

    #[test]
    fn split_and_merged_paragraphs() {
        let split = [
            OLD[0],
            "Governor Rhee Chang-yong said inflation",
            "remained above target.",
            OLD[2],
            OLD[3],
        ];
        let changes = diff_article(&OLD, &split);
        assert!(
            names(&changes).contains(&"split 1..2->1..3".to_string()),
            "{:?}",
            names(&changes)
        );
        let changes = diff_article(&split, &OLD);
        assert!(
            names(&changes).contains(&"merged 1..3->1..2".to_string()),
            "{:?}",
            names(&changes)
        );
    }

    #[test]
    fn inserted_and_deleted_paragraphs_keep_reading_order() {
        // A deletion comes where its paragraph stood, before what replaced it.
        let new = [
            OLD[0],
            OLD[1],
            "Economists had expected the decision.",
            OLD[3],
        ];
        let changes = diff_article(&OLD, &new);
        assert_eq!(
            names(&changes),
            [
                "unchanged 0..1->0..1",
                "unchanged 1..2->1..2",
                "deleted 2..3->0..0",
                "inserted 0..0->2..3",
                "unchanged 3..4->3..4"
            ]
        );
        let first = [
            "Economists had expected the decision.",
            OLD[1],
            OLD[2],
            OLD[3],
        ];
        let changes = diff_article(&OLD, &first);
        assert_eq!(
            names(&changes)[..2],
            ["deleted 0..1->0..0", "inserted 0..0->0..1"]
        );
    }
}
