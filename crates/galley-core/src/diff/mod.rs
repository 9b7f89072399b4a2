//! Word-level diffs of paragraphs, with character-level emphasis inside
//! replaced words, and paragraph-level diffs of whole articles.
//!
//! Text is cut into tokens at Unicode word boundaries (UAX #29): words,
//! runs of spaces, and each punctuation mark are tokens; Hangul words,
//! numbers like `3.5` and emoji sequences stay whole. Tokens are diffed with
//! Myers' algorithm from the `similar` crate, without a deadline, so the same
//! input always gives the same diff; a pair whose diff would cost more than
//! [`MAX_DIFF_STEPS`] (known beforehand, see [`matched_words`]) keeps its
//! common prefix and suffix and shows the middle replaced whole. Where a run of words is replaced by a
//! similar run (`recieve` → `receive`), the characters that changed are
//! marked inside the two versions.
//!
//! Layering follows `similar`: [`diff_text`] produces segments with offsets;
//! [`render`] turns them into HTML or terminal text.

pub mod article;
pub mod render;

use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};
use unicode_segmentation::UnicodeSegmentation;

pub use article::{ParagraphChange, diff_article};

/// What a segment of a diff does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Text present in both versions.
    Equal,
    /// Text of the old version only.
    Delete,
    /// Text of the new version only.
    Insert,
}

impl ChangeKind {
    /// `equal`, `delete` or `insert`.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Equal => "equal",
            ChangeKind::Delete => "delete",
            ChangeKind::Insert => "insert",
        }
    }
}

/// One run of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// What the run does.
    pub kind: ChangeKind,
    /// Its text (from the old version for `Equal` and `Delete`, from the new
    /// one for `Insert`).
    pub text: String,
    /// Byte range in the old text (empty, at the position, for `Insert`).
    pub old: Range<usize>,
    /// Byte range in the new text (empty, at the position, for `Delete`).
    pub new: Range<usize>,
    /// Byte ranges within `text` of the characters that changed, when a
    /// replaced run resembles its replacement; empty otherwise.
    pub emphasis: Vec<Range<usize>>,
}

/// A diff of two texts: segments in order, covering both texts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextDiff {
    /// The runs, in order.
    pub segments: Vec<Segment>,
}

impl TextDiff {
    /// Whether the two texts are equal.
    pub fn is_unchanged(&self) -> bool {
        self.segments.iter().all(|s| s.kind == ChangeKind::Equal)
    }

    /// The old text, rebuilt from the diff.
    pub fn old_text(&self) -> String {
        self.segments
            .iter()
            .filter(|s| s.kind != ChangeKind::Insert)
            .map(|s| s.text.as_str())
            .collect()
    }

    /// Applies the diff to `old`: copies what is equal, skips what is
    /// deleted, adds what is inserted.
    pub fn apply(&self, old: &str) -> String {
        let mut out = String::with_capacity(old.len());
        for segment in &self.segments {
            match segment.kind {
                ChangeKind::Equal => out.push_str(&old[segment.old.clone()]),
                ChangeKind::Delete => {}
                ChangeKind::Insert => out.push_str(&segment.text),
            }
        }
        out
    }
}

/// Cuts text into diff tokens: words, runs of whitespace, punctuation marks.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    for piece in text.split_word_bounds() {
        let end = start + piece.len();
        // Join consecutive whitespace pieces ("  " after "\n") into one token.
        let joins = piece.chars().all(char::is_whitespace)
            && out
                .last()
                .is_some_and(|last| last.chars().all(char::is_whitespace));
        if joins {
            let previous_start = start - out.last().map_or(0, |last| last.len());
            out.pop();
            out.push(&text[previous_start..end]);
        } else {
            out.push(piece);
        }
        start = end;
    }
    out
}

/// Byte offsets where each token starts, plus the total length.
fn offsets(tokens: &[&str]) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(tokens.len() + 1);
    let mut at = 0;
    offsets.push(0);
    for token in tokens {
        at += token.len();
        offsets.push(at);
    }
    offsets
}

/// A word-level diff of two texts (see the module docs).
pub fn diff_text(old: &str, new: &str) -> TextDiff {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let old_at = offsets(&old_tokens);
    let new_at = offsets(&new_tokens);
    let (old_match, new_match) = match_tokens(&old_tokens, &new_tokens);
    // (kind, old token range, new token range), contiguous runs merged.
    let mut runs: Vec<(ChangeKind, Range<usize>, Range<usize>)> = Vec::new();
    let mut push = |kind: ChangeKind, o: usize, n: usize| {
        let (old, new) = match kind {
            ChangeKind::Equal => (o..o + 1, n..n + 1),
            ChangeKind::Delete => (o..o + 1, n..n),
            ChangeKind::Insert => (o..o, n..n + 1),
        };
        match runs.last_mut() {
            Some((last, ro, rn)) if *last == kind && ro.end == old.start && rn.end == new.start => {
                ro.end = old.end;
                rn.end = new.end;
            }
            _ => runs.push((kind, old, new)),
        }
    };
    let (mut i, mut j) = (0, 0);
    while i < old_tokens.len() || j < new_tokens.len() {
        if i < old_tokens.len() && old_match[i] == Some(j) {
            push(ChangeKind::Equal, i, j);
            i += 1;
            j += 1;
        } else if i < old_tokens.len() && old_match[i].is_none() {
            push(ChangeKind::Delete, i, j);
            i += 1;
        } else {
            debug_assert!(new_match[j].is_none());
            push(ChangeKind::Insert, i, j);
            j += 1;
        }
    }
    let runs = absorb_lone_spaces(&runs, &old_tokens);
    let runs = order_deletes_first(runs);

    let mut segments: Vec<Segment> = runs
        .into_iter()
        .map(|(kind, o, n)| {
            let old_bytes = old_at[o.start]..old_at[o.end];
            let new_bytes = new_at[n.start]..new_at[n.end];
            let text = match kind {
                ChangeKind::Insert => new[new_bytes.clone()].to_string(),
                _ => old[old_bytes.clone()].to_string(),
            };
            Segment {
                kind,
                text,
                old: old_bytes,
                new: new_bytes,
                emphasis: Vec::new(),
            }
        })
        .collect();
    emphasize_replacements(&mut segments);
    TextDiff { segments }
}

fn is_space(token: &str) -> bool {
    token.chars().all(char::is_whitespace)
}

/// Which old token stands for which new one. Words and punctuation are
/// matched by Myers' algorithm over them alone (whitespace would otherwise
/// dominate the common subsequence and match the spaces between unrelated
/// words); whitespace is matched where it sits between two matched neighbours
/// and is the same on both sides.
/// Myers' algorithm costs about `(n + m) · d` steps for `n` and `m` words
/// `d` edits apart; past this many, the changed middle is shown replaced
/// whole (see [`matched_words`]).
pub const MAX_DIFF_STEPS: usize = 100_000_000;

/// Matched word ordinals, in order: Myers' minimal diff when it costs at
/// most [`MAX_DIFF_STEPS`], else the common prefix and suffix only. The cost
/// is known before the diff runs: `d = n + m − 2 · lcs`, with the longest
/// common subsequence counted bit-parallel in `n · m / 64` steps. So a row at
/// the length limit, however unlike the other, is diffed in bounded time,
/// and any two texts always get the same diff.
fn matched_words(old: &[&str], new: &[&str]) -> Vec<(usize, usize)> {
    let (old_ids, new_ids) = crate::seq::intern(old, new);
    if old_ids == new_ids {
        return (0..old.len()).map(|k| (k, k)).collect();
    }
    let common = crate::seq::lcs_len(&old_ids, &new_ids);
    let total = old.len() + new.len();
    let edits = total - 2 * common;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if total.saturating_mul(edits) <= MAX_DIFF_STEPS {
        let (mut o, mut n) = (0, 0);
        for op in capture_diff_slices(Algorithm::Myers, &old_ids, &new_ids) {
            let (old_len, new_len) = (op.old_range().len(), op.new_range().len());
            if let DiffOp::Equal { .. } = op {
                pairs.extend((0..old_len).map(|k| (o + k, n + k)));
            }
            o += old_len;
            n += new_len;
        }
        return pairs;
    }
    let prefix = old_ids
        .iter()
        .zip(&new_ids)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old_ids[prefix..]
        .iter()
        .rev()
        .zip(new_ids[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    pairs.extend((0..prefix).map(|k| (k, k)));
    pairs.extend(
        (0..suffix)
            .rev()
            .map(|k| (old.len() - 1 - k, new.len() - 1 - k)),
    );
    pairs
}

fn match_tokens(old: &[&str], new: &[&str]) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let old_words: Vec<usize> = (0..old.len()).filter(|&k| !is_space(old[k])).collect();
    let new_words: Vec<usize> = (0..new.len()).filter(|&k| !is_space(new[k])).collect();
    let old_texts: Vec<&str> = old_words.iter().map(|&k| old[k]).collect();
    let new_texts: Vec<&str> = new_words.iter().map(|&k| new[k]).collect();
    let pairs = matched_words(&old_texts, &new_texts);
    // Gaps of whitespace to match: between two neighbouring matched words,
    // and at either edge when the edge words match.
    let mut gaps: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    match (pairs.first(), old_words.is_empty() && new_words.is_empty()) {
        (_, true) => gaps.push((0..old.len(), 0..new.len())),
        (Some(&(0, 0)), _) => gaps.push((0..old_words[0], 0..new_words[0])),
        _ => {}
    }
    for pair in pairs.windows(2) {
        let ((k, l), (k2, l2)) = (pair[0], pair[1]);
        if k2 == k + 1 && l2 == l + 1 {
            gaps.push((
                old_words[k] + 1..old_words[k2],
                new_words[l] + 1..new_words[l2],
            ));
        }
    }
    if let Some(&(k, l)) = pairs.last() {
        if k + 1 == old_words.len() && l + 1 == new_words.len() {
            gaps.push((old_words[k] + 1..old.len(), new_words[l] + 1..new.len()));
        }
    }
    let mut old_match = vec![None; old.len()];
    let mut new_match = vec![None; new.len()];
    for &(k, l) in &pairs {
        old_match[old_words[k]] = Some(new_words[l]);
        new_match[new_words[l]] = Some(old_words[k]);
    }
    for (old_gap, new_gap) in gaps {
        if old[old_gap.clone()] == new[new_gap.clone()] {
            for (a, b) in old_gap.zip(new_gap) {
                old_match[a] = Some(b);
                new_match[b] = Some(a);
            }
        }
    }
    // The same space right after (or right before) a matched word stays with
    // it, so a change reads "We [-recieve-]{+receive+} it", spaces outside.
    for &(k, l) in &pairs {
        let (a, b) = (old_words[k], new_words[l]);
        for (x, y) in [(a + 1, b + 1), (a.wrapping_sub(1), b.wrapping_sub(1))] {
            let same_space = x < old.len() && y < new.len() && is_space(old[x]) && old[x] == new[y];
            if same_space && old_match[x].is_none() && new_match[y].is_none() {
                old_match[x] = Some(y);
                new_match[y] = Some(x);
            }
        }
    }
    (old_match, new_match)
}

/// A run of whitespace left equal between two changes is folded into them,
/// so `quick brown` → `slow red` reads as one replacement, not two.
fn absorb_lone_spaces(
    runs: &[(ChangeKind, Range<usize>, Range<usize>)],
    old_tokens: &[&str],
) -> Vec<(ChangeKind, Range<usize>, Range<usize>)> {
    let mut out: Vec<(ChangeKind, Range<usize>, Range<usize>)> = Vec::with_capacity(runs.len());
    for (index, run) in runs.iter().enumerate() {
        let (kind, o, n) = run.clone();
        let between_changes = kind == ChangeKind::Equal
            && index > 0
            && index + 1 < runs.len()
            && old_tokens[o.clone()]
                .iter()
                .all(|t| t.chars().all(char::is_whitespace));
        if between_changes {
            out.push((ChangeKind::Delete, o.clone(), n.start..n.start));
            out.push((ChangeKind::Insert, o.end..o.end, n));
        } else {
            out.push((kind, o, n));
        }
    }
    out
}

/// Within each stretch between equal runs, all deletions come first, then
/// all insertions, merged: one `<del>` and one `<ins>` per change.
fn order_deletes_first(
    runs: Vec<(ChangeKind, Range<usize>, Range<usize>)>,
) -> Vec<(ChangeKind, Range<usize>, Range<usize>)> {
    let mut out = Vec::with_capacity(runs.len());
    let mut pending: Option<(Range<usize>, Range<usize>)> = None; // (old tokens, new tokens)
    let flush = |pending: &mut Option<(Range<usize>, Range<usize>)>, out: &mut Vec<_>| {
        if let Some((o, n)) = pending.take() {
            if !o.is_empty() {
                out.push((ChangeKind::Delete, o.clone(), n.start..n.start));
            }
            if !n.is_empty() {
                out.push((ChangeKind::Insert, o.end..o.end, n));
            }
        }
    };
    for (kind, o, n) in runs {
        if kind == ChangeKind::Equal {
            flush(&mut pending, &mut out);
            out.push((kind, o, n));
            continue;
        }
        pending = Some(match pending {
            None => (o, n),
            Some((po, pn)) => (
                po.start.min(o.start)..po.end.max(o.end),
                pn.start.min(n.start)..pn.end.max(n.end),
            ),
        });
    }
    flush(&mut pending, &mut out);
    out
}

/// Marks the characters that changed when one word replaces another similar
/// word: the stretch between their common beginning and end
/// (`rec[ie]ve` → `rec[ei]ve`), as a proofreader marks a typo. Words with
/// less than half their characters in that beginning and end are unrelated
/// and replaced whole.
fn emphasize_replacements(segments: &mut [Segment]) {
    for i in 1..segments.len() {
        if segments[i - 1].kind != ChangeKind::Delete || segments[i].kind != ChangeKind::Insert {
            continue;
        }
        let single_words =
            tokens(&segments[i - 1].text).len() == 1 && tokens(&segments[i].text).len() == 1;
        if !single_words {
            continue;
        }
        let old: Vec<&str> = segments[i - 1].text.graphemes(true).collect();
        let new: Vec<&str> = segments[i].text.graphemes(true).collect();
        let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let suffix = old[prefix..]
            .iter()
            .rev()
            .zip(new[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        // Unrelated words (little in common) are replaced whole, unmarked.
        if (prefix + suffix) * 2 < old.len().max(new.len()) {
            continue;
        }
        let mark = |graphemes: &[&str]| {
            let at = offsets(graphemes);
            let range = at[prefix]..at[graphemes.len() - suffix];
            if range.is_empty() {
                Vec::new()
            } else {
                vec![range]
            }
        };
        let (old_marks, new_marks) = (mark(&old), mark(&new));
        segments[i - 1].emphasis = old_marks;
        segments[i].emphasis = new_marks;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(diff: &TextDiff) -> Vec<(&'static str, &str)> {
        diff.segments
            .iter()
            .map(|s| (s.kind.name(), s.text.as_str()))
            .collect()
    }

    #[test]
    fn tokens_keep_words_numbers_hangul_and_emoji_whole() {
        assert_eq!(
            tokens("Rates rose 3.5%, 정부는 발표했다 👩‍👩‍👧!"),
            [
                "Rates",
                " ",
                "rose",
                " ",
                "3.5",
                "%",
                ",",
                " ",
                "정부는",
                " ",
                "발표했다",
                " ",
                "👩‍👩‍👧",
                "!"
            ]
        );
        assert_eq!(tokens("a \n  b"), ["a", " \n  ", "b"]);
    }

    #[test]
    fn a_replaced_word_marks_only_the_changed_letters() {
        let diff = diff_text("We recieve it.", "We receive it.");
        assert_eq!(
            shape(&diff),
            [
                ("equal", "We "),
                ("delete", "recieve"),
                ("insert", "receive"),
                ("equal", " it.")
            ]
        );
        assert_eq!(diff.segments[1].emphasis, vec![3..5]);
        assert_eq!(diff.segments[2].emphasis, vec![3..5]);
    }

    #[test]
    fn unrelated_words_are_replaced_whole_and_spaces_between_changes_fold_in() {
        let diff = diff_text("the quick brown fox", "the slow red fox");
        assert_eq!(
            shape(&diff),
            [
                ("equal", "the "),
                ("delete", "quick brown"),
                ("insert", "slow red"),
                ("equal", " fox")
            ]
        );
        assert!(diff.segments[1].emphasis.is_empty());
    }

    #[test]
    fn texts_too_unlike_to_diff_word_by_word_keep_their_common_ends() {
        // 2 × 25,000 one-letter words over two letters: Myers would take
        // (n + m) · d ≈ 7 · 10⁸ steps.
        let mut state = 7_u64;
        let (mut old, mut new) = (String::from("Seoul said "), String::from("Seoul said "));
        for _ in 0..25_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            old.push_str(if state & 1 == 0 { "a " } else { "b " });
            new.push_str(if state & 2 == 0 { "a " } else { "b " });
        }
        old.push_str("on Monday.");
        new.push_str("on Monday.");
        let diff = diff_text(&old, &new);
        assert_eq!(diff.apply(&old), new);
        assert_eq!(diff.old_text(), old);
        let kinds: Vec<_> = diff.segments.iter().map(|s| s.kind).collect();
        assert_eq!(kinds.first(), Some(&ChangeKind::Equal));
        assert_eq!(kinds.last(), Some(&ChangeKind::Equal));
        assert!(diff.segments[0].text.starts_with("Seoul said"));
        assert!(diff.segments.len() <= 4, "{}", diff.segments.len());
    }

    #[test]
    fn offsets_point_into_both_texts() {
        let (old, new) = ("가 나 다", "가 라 다");
        let diff = diff_text(old, new);
        for segment in &diff.segments {
            match segment.kind {
                ChangeKind::Insert => assert_eq!(&new[segment.new.clone()], segment.text),
                _ => assert_eq!(&old[segment.old.clone()], segment.text),
            }
        }
        assert_eq!(diff.apply(old), new);
    }
}
