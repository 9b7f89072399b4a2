//! Invariants of word diffs and metrics, on generated text.

use galley_core::diff::{ChangeKind, diff_article, diff_text};
use galley_core::metrics::{Scores, TerOptions, ter};
use proptest::prelude::*;

/// Text from a small alphabet of words, Hangul, punctuation, emoji and
/// whitespace, so that generated pairs share material.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "the",
            "The",
            "rate",
            "rose",
            "3.5",
            "%",
            ",",
            ".",
            " ",
            "  ",
            "\n",
            "정부는",
            "발표했다",
            "👍",
            "👩‍👩‍👧",
            "<b>",
            "&",
            "\"",
            "é",
            "e\u{301}",
            "recieve",
            "receive",
            "\t",
        ]),
        0..40,
    )
    .prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn applying_a_diff_to_the_old_text_gives_the_new_text(old in text(), new in text()) {
        let diff = diff_text(&old, &new);
        prop_assert_eq!(diff.apply(&old), new.clone());
        prop_assert_eq!(diff.old_text(), old.clone());
        for segment in &diff.segments {
            let source = if segment.kind == ChangeKind::Insert { &new[segment.new.clone()] } else { &old[segment.old.clone()] };
            prop_assert_eq!(source, segment.text.as_str());
            for mark in &segment.emphasis {
                prop_assert!(mark.end <= segment.text.len() && segment.text.is_char_boundary(mark.start));
            }
        }
    }

    #[test]
    fn a_text_diffed_with_itself_is_all_equal(old in text()) {
        let diff = diff_text(&old, &old);
        prop_assert!(diff.segments.iter().all(|s| s.kind == ChangeKind::Equal));
        prop_assert!(diff.is_unchanged());
    }

    #[test]
    fn same_input_same_diff(old in text(), new in text()) {
        prop_assert_eq!(diff_text(&old, &new), diff_text(&old, &new));
    }

    #[test]
    fn ter_of_identical_texts_is_zero(text in text()) {
        for (case_sensitive, normalized) in [(false, false), (true, false), (false, true), (true, true)] {
            let stats = ter::ter(&text, &text, TerOptions { case_sensitive, normalized });
            prop_assert_eq!(stats.edits, 0);
            prop_assert_eq!(stats.score(), 0.0);
        }
        let scores = Scores::segment(&text, &text, TerOptions::default());
        prop_assert_eq!(scores.word_edits, 0);
    }

    #[test]
    fn article_diff_covers_every_paragraph_once(
        old in prop::collection::vec(text().prop_filter("non-empty", |t| !t.trim().is_empty()), 0..8),
        new in prop::collection::vec(text().prop_filter("non-empty", |t| !t.trim().is_empty()), 0..8),
    ) {
        let changes = diff_article(&old, &new);
        let mut old_seen = vec![0; old.len()];
        let mut new_seen = vec![0; new.len()];
        for change in &changes {
            for i in change.old_range() { old_seen[i] += 1; }
            for j in change.new_range() { new_seen[j] += 1; }
        }
        prop_assert!(old_seen.iter().all(|&n| n == 1), "{:?}", changes);
        prop_assert!(new_seen.iter().all(|&n| n == 1), "{:?}", changes);
    }
}
